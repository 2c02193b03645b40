/* angio-window-packages.c — case packages from the window: the export window over the
 * workspace's cases (win.export-packages), and packages, datasets or zipped packages imported
 * into the workspace in the background (win.import-packages, win.import-package-zip). */
#define G_LOG_DOMAIN "angio-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "angio-export-dialog.h"
#include "angio-package.h"
#include "angio-window-private.h"

/* Case packages: imported in the background (validating hashes every file). */

typedef struct {
  GPtrArray *ids;      /* char *: the cases imported */
  GPtrArray *errors;   /* char *: a path that was not, and why */
} PackagesImported;

static void
packages_imported_free (PackagesImported *imported)
{
  g_ptr_array_unref (imported->ids);
  g_ptr_array_unref (imported->errors);
  g_free (imported);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PackagesImported, packages_imported_free)

static void
import_packages_thread (GTask        *task,
                        gpointer      source,
                        gpointer      data,
                        GCancellable *cancellable)
{
  AngioWorkspace *workspace = source;
  char **paths = data;
  PackagesImported *imported = g_new0 (PackagesImported, 1);

  imported->ids = g_ptr_array_new_with_free_func (g_free);
  imported->errors = g_ptr_array_new_with_free_func (g_free);
  /* Each path on its own: a bad package does not keep the others out. */
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) ids = angio_package_import (workspace, paths[i], cancellable, &error);

      if (ids == NULL)
        {
          g_ptr_array_add (imported->errors, g_strdup (error->message));
          continue;
        }
      for (guint k = 0; k < ids->len; k++)
        g_ptr_array_add (imported->ids, g_strdup (g_ptr_array_index (ids, k)));
    }
  g_task_return_pointer (task, imported, (GDestroyNotify) packages_imported_free);
}

/* A message of several lines (a package's problems, one a line): its first line in a toast,
 * the whole a click away. */
static void
show_long_message (AngioWindow *self,
                   const char  *message)
{
  const char *newline = strchr (message, '\n');
  g_autofree char *first = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  if (newline == NULL)
    {
      angio_window_show_message (self, message);
      return;
    }
  first = g_strndup (message, newline - message);
  escaped = g_markup_escape_text (first, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_button_label (toast, _("_Details"));
  adw_toast_set_action_name (toast, "win.show-details");
  adw_toast_set_action_target_value (toast, g_variant_new_string (message));
  angio_window_add_toast (self, toast);
}

static void
action_show_details (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (widget), _("Not Imported"),
                                              g_variant_get_string (param, NULL));

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_packages_imported (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(AngioWindow) self = user_data;
  g_autoptr(PackagesImported) imported = g_task_propagate_pointer (G_TASK (result), NULL);
  guint n = imported->ids->len;

  gtk_widget_set_visible (self->loading_box, FALSE);
  for (guint i = 0; i < imported->errors->len; i++)
    show_long_message (self, g_ptr_array_index (imported->errors, i));
  if (n > 0 || imported->errors->len == 0)
    {
      /* Translators: after importing case packages */
      g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "Imported %u case",
                                                               "Imported %u cases", n), n);

      angio_window_show_message (self, message);
    }
  if (n == 0)
    return;
  angio_window_refresh_worklist (self);
  /* The cases just imported stand out in the list. */
  g_ptr_array_add (imported->ids, NULL);
  angio_worklist_select (self->worklist, (const char *const *) imported->ids->pdata);
  if (self->kase == NULL)
    gtk_stack_set_visible_child_name (self->stack, "worklist");
}

void
angio_window_import_packages (AngioWindow        *self,
                              const char *const  *paths)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ANGIO_IS_WINDOW (self));
  g_return_if_fail (self->workspace != NULL);
  g_return_if_fail (paths != NULL && paths[0] != NULL);

  task = g_task_new (self->workspace, NULL, on_packages_imported, g_object_ref (self));
  g_task_set_source_tag (task, angio_window_import_packages);
  g_task_set_task_data (task, g_strdupv ((char **) paths), (GDestroyNotify) g_strfreev);
  gtk_widget_set_visible (self->loading_box, TRUE);
  gtk_progress_bar_set_text (self->loading_bar, _("Checking and importing case packages…"));
  gtk_progress_bar_pulse (self->loading_bar);
  g_task_run_in_thread (task, import_packages_thread);
}

/* Actions */

static void
on_packages_chosen (GtkNativeDialog *dialog,
                    int              response,
                    AngioWindow     *self)
{
  g_autoptr(GPtrArray) paths = angio_window_chosen_paths (dialog, response);

  if (paths != NULL && self->workspace != NULL)
    angio_window_import_packages (self, (const char *const *) paths->pdata);
  g_object_unref (dialog);
}

/* A package or dataset folder (win.import-packages), or zipped packages
 * (win.import-package-zip): a file chooser picks files or folders, not both. */
static void
action_import_packages (GtkWidget  *widget,
                        const char *name,
                        GVariant   *param)
{
  gboolean zip = g_str_equal (name, "win.import-package-zip");
  GtkFileChooserNative *dialog =
    gtk_file_chooser_native_new (zip ? _("Import Zipped Case Packages")
                                     : _("Import a Case Package or Dataset Folder"),
                                 GTK_WINDOW (widget),
                                 zip ? GTK_FILE_CHOOSER_ACTION_OPEN
                                     : GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                 _("_Import"), _("_Cancel"));

  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
  if (zip)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _("Zipped case packages"));
      gtk_file_filter_add_suffix (filter, "zip");
      gtk_file_filter_add_mime_type (filter, "application/zip");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_packages_chosen), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* The cases to export: the open case when it is on show, else those selected in the
 * worklist, else the open case. */
static GStrv
cases_to_export (AngioWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  g_auto(GStrv) selected = angio_worklist_get_selected_ids (self->worklist);
  const char *open[2] = { self->kase ? angio_case_get_id (self->kase) : NULL, NULL };

  if (open[0] != NULL && g_strcmp0 (page, "worklist") != 0)
    return g_strdupv ((char **) open);
  if (selected[0] != NULL || open[0] == NULL)
    return g_steal_pointer (&selected);
  return g_strdupv ((char **) open);
}

static void
action_export_packages (GtkWidget  *widget,
                        const char *name,
                        GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);
  g_auto(GStrv) ids = NULL;
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL)
    return;
  angio_session_set_playing (self->session, FALSE);
  ids = cases_to_export (self);
  if (angio_export_dialog_new (GTK_WINDOW (self), self->workspace, (const char *const *) ids,
                               &error) == NULL)
    angio_window_show_message (self, error->message);
}

void
angio_window_packages_update_actions (AngioWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "win.export-packages", self->workspace != NULL);
  gtk_widget_action_set_enabled (widget, "win.import-packages", self->workspace != NULL);
  gtk_widget_action_set_enabled (widget, "win.import-package-zip", self->workspace != NULL);
}

void
angio_window_packages_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export-packages", NULL,
                                   action_export_packages);
  gtk_widget_class_install_action (widget_class, "win.import-packages", NULL,
                                   action_import_packages);
  gtk_widget_class_install_action (widget_class, "win.import-package-zip", NULL,
                                   action_import_packages);
  gtk_widget_class_install_action (widget_class, "win.show-details", "s", action_show_details);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "win.export-packages", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.import-packages",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_I,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.import-packages",
                                       NULL);
}
