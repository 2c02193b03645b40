/* angio-scores-window-export.c — the scores window's exports: the table as CSV (the rows of
 * `angiomark-cli score --csv`), the plots as PNG and SVG, each file written under a temporary
 * name and renamed; plots of the same names are not written over without asking. */
#define G_LOG_DOMAIN "angio-scores"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "angio-scores-window-private.h"

/* The plots' size when exported: 4:3, large enough for a slide or a paper's figure. */
#define PLOT_WIDTH 960
#define PLOT_HEIGHT 720

/* The plots, as exported: file names without their extension. */
static const struct {
  AngioScorePlotKind kind;
  const char *name;
} plot_files[] = {
  { ANGIO_SCORE_PLOT_BLAND_ALTMAN, "bland-altman" },
  { ANGIO_SCORE_PLOT_FFR_SCATTER, "ffr-scatter" },
  { ANGIO_SCORE_PLOT_DICE_BARS, "dice" },
};

static const char *const plot_extensions[] = { "png", "svg" };

static GtkFileChooserNative *
file_chooser (AngioScoresWindow    *self,
              const char           *title,
              GtkFileChooserAction  action)
{
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action,
                                                              _("_Save"), _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  return dialog;
}

/* The local path chosen, or NULL. */
static char *
chosen_path (GtkNativeDialog *dialog,
             int              response)
{
  g_autoptr(GFile) file = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    return NULL;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  return file ? g_file_get_path (file) : NULL;
}

gboolean
angio_scores_window_save_table (GtkWindow  *window,
                                const char *path)
{
  AngioScoresWindow *self = (AngioScoresWindow *) window;
  g_autofree char *csv = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (ANGIO_IS_SCORES_WINDOW (window), FALSE);
  g_return_val_if_fail (self->scores != NULL, FALSE);

  csv = angio_scores_to_csv (self->scores);
  shown = g_filename_display_name (path);
  /* Written beside and renamed: a failure leaves no half-written table. */
  if (!g_file_set_contents (path, csv, -1, &error))
    {
      message = g_strdup_printf (_("Cannot save the table as %s: %s"), shown, error->message);
      angio_scores_window_show_toast (self, message);
      return FALSE;
    }
  message = g_strdup_printf (_("Saved the table as %s"), shown);
  angio_scores_window_show_toast (self, message);
  return TRUE;
}

static void
on_table_chosen (GtkNativeDialog   *dialog,
                 int                response,
                 AngioScoresWindow *self)
{
  g_autofree char *path = chosen_path (dialog, response);

  if (path != NULL && self->scores != NULL)
    angio_scores_window_save_table (GTK_WINDOW (self), path);
  g_object_unref (dialog);
}

/* A name for a file from a model's name: what a file system takes. */
static char *
file_name_part (const char *text)
{
  char *name = g_strdup (text);

  for (char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      *p = '_';
  return name;
}

static void
action_export_table (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  AngioScoresWindow *self = ANGIO_SCORES_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *source = NULL;
  g_autofree char *name = NULL;

  if (self->scores == NULL)
    return;
  dialog = file_chooser (self, _("Export the Table"), GTK_FILE_CHOOSER_ACTION_SAVE);
  source = file_name_part (self->scores->source);
  name = g_strdup_printf ("scores-%s.csv", source);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_table_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* @folder/<plot>[-<copy>].<extension> */
static char *
plot_path (const char *folder,
           guint       plot,
           guint       extension,
           guint       copy)
{
  g_autofree char *name = copy > 0
    ? g_strdup_printf ("%s-%u.%s", plot_files[plot].name, copy, plot_extensions[extension])
    : g_strdup_printf ("%s.%s", plot_files[plot].name, plot_extensions[extension]);

  return g_build_filename (folder, name, NULL);
}

static gboolean
plots_exist (const char *folder,
             guint       copy)
{
  for (guint p = 0; p < G_N_ELEMENTS (plot_files); p++)
    for (guint e = 0; e < G_N_ELEMENTS (plot_extensions); e++)
      {
        g_autofree char *path = plot_path (folder, p, e, copy);

        if (g_file_test (path, G_FILE_TEST_EXISTS))
          return TRUE;
      }
  return FALSE;
}

/* Each plot as PNG and SVG in @folder (names numbered @copy, if not 0); a toast says what came
 * of it. Each file is written under a temporary name and renamed. */
static void
write_plots (AngioScoresWindow *self,
             const char        *folder,
             guint              copy)
{
  g_autofree char *shown = g_filename_display_name (folder);
  g_autofree char *message = NULL;

  for (guint p = 0; p < G_N_ELEMENTS (plot_files); p++)
    for (guint e = 0; e < G_N_ELEMENTS (plot_extensions); e++)
      {
        AngioScorePlot *plot = angio_scores_window_get_plot (GTK_WINDOW (self),
                                                             plot_files[p].kind);
        g_autofree char *path = plot_path (folder, p, e, copy);
        g_autoptr(GError) error = NULL;

        if (!angio_score_plot_save (plot_files[p].kind, angio_score_plot_get_data (plot), path,
                                    PLOT_WIDTH, PLOT_HEIGHT, &error))
          {
            angio_scores_window_show_toast (self, error->message);
            return;
          }
      }
  if (copy > 0)
    /* Translators: the plots were saved beside others of the same names; %u numbers them */
    message = g_strdup_printf (_("Saved the plots in %s, numbered %u"), shown, copy);
  else
    message = g_strdup_printf (_("Saved the plots in %s"), shown);
  angio_scores_window_show_toast (self, message);
}

static void
on_replace_response (AdwMessageDialog  *dialog,
                     const char        *response,
                     AngioScoresWindow *self)
{
  const char *folder = g_object_get_data (G_OBJECT (dialog), "angio-folder");
  guint copy = 2;

  if (self->scores == NULL)
    return;
  if (g_str_equal (response, "replace"))
    write_plots (self, folder, 0);
  else if (g_str_equal (response, "keep"))
    {
      while (plots_exist (folder, copy))
        copy++;
      write_plots (self, folder, copy);
    }
}

void
angio_scores_window_save_plots (GtkWindow  *window,
                                const char *folder)
{
  AngioScoresWindow *self = (AngioScoresWindow *) window;
  g_autofree char *shown = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  g_return_if_fail (ANGIO_IS_SCORES_WINDOW (window));
  g_return_if_fail (folder != NULL);

  if (!plots_exist (folder, 0))
    {
      write_plots (self, folder, 0);
      return;
    }
  shown = g_filename_display_name (folder);
  body = g_strdup_printf (_("%s already has plots of these names. Replace them, or keep them "
                            "and save the new ones under numbered names?"), shown);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Replace the Plots?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "keep", _("_Keep Both"), "replace", _("_Replace"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "angio-folder", g_strdup (folder), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_replace_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_folder_chosen (GtkNativeDialog   *dialog,
                  int                response,
                  AngioScoresWindow *self)
{
  g_autofree char *folder = chosen_path (dialog, response);

  if (folder != NULL && self->scores != NULL)
    angio_scores_window_save_plots (GTK_WINDOW (self), folder);
  g_object_unref (dialog);
}

static void
action_export_plots (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  AngioScoresWindow *self = ANGIO_SCORES_WINDOW (widget);
  GtkFileChooserNative *dialog;

  if (self->scores == NULL)
    return;
  dialog = file_chooser (self, _("Export the Plots to a Folder"),
                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_folder_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

void
angio_scores_window_export_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "scores.export-table", NULL,
                                   action_export_table);
  gtk_widget_class_install_action (widget_class, "scores.export-plots", NULL,
                                   action_export_plots);
}
