/* angio-export-dialog.c — the export of case packages: the cases to check, each with its
 * pseudonym and what it has of the three labels; the destination and the options; the export
 * in a thread, its progress, stop, and what came of it.
 *
 * Whatever touches the workspace runs in one worker at a time, from a queue: the workspace
 * shares one SQLite connection, whose transactions must not interleave. A pseudonym typed goes
 * before the export; the checks of the cases not read yet wait for it. */
#define G_LOG_DOMAIN "angio-export"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "angio-export-dialog-private.h"

typedef enum {
  JOB_READINESS,
  JOB_PSEUDONYM,
} JobKind;

typedef struct {
  JobKind kind;
  AngioWorkspace *workspace;
  char *case_id;
  char *text;                        /* the prefix, or the pseudonym to store */
} Job;

typedef struct {
  AngioWorkspace *workspace;
  GStrv case_ids;
  char *folder;
  char *prefix;
  AngioExportOptions options;
} ExportJob;

struct _AngioExportDialog
{
  AdwWindow parent_instance;

  /* Template */
  GtkButton *cancel_button;
  GtkBox *column_header;
  AdwStatusPage *done_page;
  GtkWidget *export_button;
  AdwActionRow *folder_row;
  GtkListBox *list;
  GtkWidget *message_box;
  GtkImage *message_icon;
  GtkLabel *message_label;
  GtkRevealer *message_revealer;
  AdwEntryRow *name_row;
  AdwEntryRow *prefix_row;
  GtkProgressBar *progress_bar;
  AdwStatusPage *progress_page;
  GtkStack *stack;                   /* "form", "progress", "done" */
  GtkLabel *summary;
  GtkLabel *target_label;
  AdwWindowTitle *title;
  GtkSwitch *zip_switch;

  AngioWorkspace *workspace;
  GPtrArray *rows;                   /* AngioExportRow *, in the order listed */
  GHashTable *rows_by_id;            /* case id → AngioExportRow * (unowned) */
  GtkSizeGroup *check_column;
  char *message;

  char *folder;                      /* where the dataset's folder goes */
  gboolean target_ok;
  char *output;                      /* the dataset written */

  GQueue jobs;                       /* Job *, waiting */
  gboolean running;                  /* a job or the export runs */
  ExportJob *export_waiting;         /* asked for, waiting for the job that runs */
  GCancellable *cancellable;         /* of the export asked for, till it ends */
  gboolean close_when_done;
  gboolean disposed;

  /* Written by the export's thread, read on the main thread. */
  GMutex progress_lock;
  double progress_fraction;
  char *progress_case;
  gboolean progress_pending;
};

G_DEFINE_FINAL_TYPE (AngioExportDialog, angio_export_dialog, ADW_TYPE_WINDOW)

static void run_next (AngioExportDialog *self);

static void
job_free (Job *job)
{
  g_clear_object (&job->workspace);
  g_free (job->case_id);
  g_free (job->text);
  g_free (job);
}

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->workspace);
  g_strfreev (job->case_ids);
  g_free (job->folder);
  g_free (job->prefix);
  g_free (job);
}

static gboolean
exporting (AngioExportDialog *self)
{
  return self->cancellable != NULL;
}

/* The message above the form */

static void
set_message (AngioExportDialog *self,
             const char        *message,
             gboolean           error)
{
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_revealer_set_reveal_child (self->message_revealer, message != NULL);
  if (message == NULL)
    return;
  gtk_label_set_text (self->message_label, message);
  gtk_image_set_from_icon_name (self->message_icon, error ? "dialog-warning-symbolic"
                                                          : "dialog-information-symbolic");
  if (error)
    gtk_widget_add_css_class (self->message_box, "error");
  else
    gtk_widget_remove_css_class (self->message_box, "error");
}

/* Checks */

static const char *
pseudonym_prefix (AngioExportDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->prefix_row));

  return *text != '\0' ? text : ANGIO_PACKAGE_PREFIX;
}

static gboolean
prefix_valid (const char *prefix)
{
  gsize n = strlen (prefix);

  if (n == 0 || n > 32)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isalnum (prefix[i]) && prefix[i] != '-' && prefix[i] != '_')
      return FALSE;
  return TRUE;
}

static char *
target_path (AngioExportDialog *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));

  return g_build_filename (self->folder, name, NULL);
}

static gboolean
folder_is_empty (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  return dir != NULL && g_dir_read_name (dir) == NULL;
}

/* Why the dataset cannot be written where asked, or %NULL. The export checks again. */
static char *
target_problem (AngioExportDialog *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_autofree char *path = NULL;
  g_autofree char *shown = NULL;

  if (*name == '\0')
    return g_strdup (_("Name the folder the dataset goes to"));
  if (strchr (name, G_DIR_SEPARATOR) != NULL || g_str_equal (name, ".") ||
      g_str_equal (name, ".."))
    return g_strdup (_("The dataset’s name is a folder name: no “/”"));
  if (!g_file_test (self->folder, G_FILE_TEST_IS_DIR))
    {
      shown = g_filename_display_name (self->folder);
      return g_strdup_printf (_("%s is not a folder"), shown);
    }
  path = target_path (self);
  shown = g_filename_display_name (path);
  if (g_file_test (path, G_FILE_TEST_EXISTS) &&
      !(g_file_test (path, G_FILE_TEST_IS_DIR) && folder_is_empty (path)))
    return g_strdup_printf (_("%s already exists: choose another name"), shown);
  return NULL;
}

static void
update_target (AngioExportDialog *self)
{
  g_autofree char *problem = target_problem (self);
  g_autofree char *path = target_path (self);
  g_autofree char *shown = g_filename_display_name (path);
  g_autofree char *folder = g_filename_display_name (self->folder);
  g_autofree char *text = NULL;

  adw_action_row_set_subtitle (self->folder_row, folder);
  self->target_ok = problem == NULL;
  /* Translators: where the export will write; %s is a folder */
  text = problem ? g_steal_pointer (&problem) : g_strdup_printf (_("Written to %s"), shown);
  gtk_label_set_text (self->target_label, text);
  if (self->target_ok)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->target_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->target_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->target_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->target_label), "error");
    }
  angio_export_dialog_update_state (self);
}

static void
on_prefix_changed (AngioExportDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->prefix_row));

  if (*text == '\0' || prefix_valid (text))
    gtk_widget_remove_css_class (GTK_WIDGET (self->prefix_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->prefix_row), "error");
  angio_export_dialog_update_state (self);
}

/* Rows */

static AngioExportRow *
find_row (AngioExportDialog *self,
          const char        *case_id)
{
  return case_id ? g_hash_table_lookup (self->rows_by_id, case_id) : NULL;
}

static Job *
job_new (AngioExportDialog *self,
         JobKind            kind,
         const char        *case_id,
         const char        *text)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->workspace = g_object_ref (self->workspace);
  job->case_id = g_strdup (case_id);
  job->text = g_strdup (text);
  return job;
}

void
angio_export_dialog_store_pseudonym (AngioExportDialog *self,
                                     AngioExportRow    *row,
                                     const char        *pseudonym)
{
  if (row->readiness != NULL && g_strcmp0 (row->readiness->pseudonym, pseudonym) == 0)
    return;
  g_queue_push_tail (&self->jobs, job_new (self, JOB_PSEUDONYM, row->case_id, pseudonym));
  run_next (self);
}

static void
on_row_activated (AngioExportDialog *self,
                  GtkListBoxRow     *widget)
{
  AngioExportRow *row = g_object_get_data (G_OBJECT (widget), "angio-export-row");

  if (row != NULL && !exporting (self))
    gtk_check_button_set_active (row->check, !angio_export_row_selected (row));
}

/* Selection, summary and what can be done now */

/* What the cases checked lack, in a line under the list. */
static void
update_summary (AngioExportDialog *self,
                guint              selected)
{
  guint incomplete = 0, burned = 0, pending = 0, unread = 0;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    {
      AngioExportRow *row = g_ptr_array_index (self->rows, i);

      if (!angio_export_row_selected (row))
        continue;
      if (row->readiness == NULL)
        row->message ? unread++ : pending++;
      else if (!angio_export_row_complete (row))
        incomplete++;
      if (row->readiness != NULL && row->readiness->burned_in == ANGIO_BURNED_IN_YES)
        burned++;
    }
  if (selected == 0)
    g_ptr_array_add (parts, g_strdup (_("Check the cases to export")));
  else if (incomplete == 0 && pending == 0 && unread == 0)
    g_ptr_array_add (parts, g_strdup (_("Every case checked has its three labels")));
  /* Translators: the parts of the summary under the list are joined by " · " */
  if (incomplete > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u case checked lacks a label",
                                                          "%u cases checked lack a label",
                                                          incomplete), incomplete));
  if (burned > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u with burned-in annotation",
                                                          "%u with burned-in annotation",
                                                          burned), burned));
  if (unread > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u could not be read",
                                                          "%u could not be read",
                                                          unread), unread));
  if (pending > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u not checked yet",
                                                          "%u not checked yet",
                                                          pending), pending));
  g_ptr_array_add (parts, NULL);
  text = g_strjoinv (" · ", (char **) parts->pdata);
  gtk_label_set_text (self->summary, text);
}

static guint
n_selected (AngioExportDialog *self)
{
  guint n = 0;

  for (guint i = 0; i < self->rows->len; i++)
    n += angio_export_row_selected (g_ptr_array_index (self->rows, i));
  return n;
}

void
angio_export_dialog_update_state (AngioExportDialog *self)
{
  guint selected, n = self->rows->len;
  const char *page;
  g_autofree char *subtitle = NULL;
  gboolean form;

  if (self->disposed)
    return;
  selected = n_selected (self);
  page = gtk_stack_get_visible_child_name (self->stack);
  form = g_strcmp0 (page, "form") == 0;
  /* Translators: window subtitle: cases checked for export, of all the workspace's */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u case checked",
                                           "%u of %u cases checked", n), selected, n);
  adw_window_title_set_subtitle (self->title, g_strcmp0 (page, "done") != 0 ? subtitle : NULL);
  update_summary (self, selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.start",
                                 form && !exporting (self) && selected > 0 && self->target_ok &&
                                 prefix_valid (pseudonym_prefix (self)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.select", form && !exporting (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.choose-folder", form);
  gtk_widget_set_visible (self->export_button, form);
  /* Exporting or done, the page has its own buttons. */
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), form);
}

/* The queue */

static void
job_thread (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;

  if (job->kind == JOB_READINESS)
    {
      AngioPackageReadiness *readiness = angio_package_readiness (job->workspace, job->case_id,
                                                                  TRUE, &error);

      if (readiness == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, readiness,
                               (GDestroyNotify) angio_package_readiness_free);
    }
  else if (angio_workspace_set_pseudonym (job->workspace, job->case_id, job->text, &error))
    g_task_return_pointer (task, g_strdup (job->text), g_free);
  else
    g_task_return_error (task, error);
}

static void
on_job_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AngioExportDialog *self = ANGIO_EXPORT_DIALOG (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gpointer value = g_task_propagate_pointer (G_TASK (result), &error);
  AngioExportRow *row;

  self->running = FALSE;
  if (self->disposed || (row = find_row (self, job->case_id)) == NULL)
    {
      if (job->kind == JOB_READINESS)
        angio_package_readiness_free (value);
      else
        g_free (value);
      return;
    }
  g_clear_pointer (&row->message, g_free);
  if (job->kind == JOB_READINESS)
    {
      g_clear_pointer (&row->readiness, angio_package_readiness_free);
      row->readiness = value;
      if (error != NULL)
        /* Translators: on a case of the export list that could not be read */
        row->message = g_strdup_printf (_("Not checked: %s"), error->message);
      else if (row->readiness->problem != NULL)
        /* Translators: on a case of the export list whose run could not be read */
        row->message = g_strdup_printf (_("Not checked: %s"), row->readiness->problem);
    }
  else if (error != NULL)
    row->message = g_strdup (error->message);
  else if (row->readiness != NULL)
    {
      g_free (row->readiness->pseudonym);
      row->readiness->pseudonym = value;
    }
  else
    g_free (value);
  angio_export_row_update (row);
  angio_export_dialog_update_state (self);
  run_next (self);
}

static void
start_job (AngioExportDialog *self,
           Job               *job)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, on_job_done, NULL);

  /* Checking a case looks its pseudonym up: a new one is chosen, with the prefix as it is
   * then, when the case is exported. */
  if (job->kind == JOB_READINESS)
    g_clear_pointer (&job->text, g_free);
  g_task_set_source_tag (task, start_job);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  self->running = TRUE;
  g_task_run_in_thread (task, job_thread);
}

static Job *
take_job (AngioExportDialog *self,
          JobKind            kind)
{
  for (GList *l = self->jobs.head; l != NULL; l = l->next)
    if (((Job *) l->data)->kind == kind)
      {
        Job *job = l->data;

        g_queue_delete_link (&self->jobs, l);
        return job;
      }
  return NULL;
}

static void start_export (AngioExportDialog *self);

static void
run_next (AngioExportDialog *self)
{
  Job *job;

  if (self->disposed || self->running)
    return;
  /* Pseudonyms typed leave with the export; the checks can wait for it. */
  if ((job = take_job (self, JOB_PSEUDONYM)) != NULL)
    start_job (self, job);
  else if (self->export_waiting != NULL)
    start_export (self);
  else if ((job = take_job (self, JOB_READINESS)) != NULL)
    start_job (self, job);
}

/* The export */

/* In the export's thread: the latest step, shown once the main loop comes to it. */
static gboolean
show_progress (gpointer data)
{
  AngioExportDialog *self = data;
  g_autofree char *case_id = NULL;
  g_autofree char *text = NULL;
  double fraction;
  AngioExportRow *row;

  g_mutex_lock (&self->progress_lock);
  fraction = self->progress_fraction;
  case_id = g_steal_pointer (&self->progress_case);
  self->progress_pending = FALSE;
  g_mutex_unlock (&self->progress_lock);
  if (self->disposed || !exporting (self))
    return G_SOURCE_REMOVE;
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0, 1));
  row = find_row (self, case_id);
  if (row != NULL && row->readiness != NULL && row->readiness->pseudonym != NULL)
    /* Translators: progress of the export: the pseudonym of the case being written */
    text = g_strdup_printf (_("%s…"), row->readiness->pseudonym);
  else if (case_id != NULL)
    text = g_strdup_printf (_("%s…"), case_id);
  else
    text = g_strdup (_("Finishing…"));
  gtk_progress_bar_set_text (self->progress_bar, text);
  return G_SOURCE_REMOVE;
}

static void
on_export_progress (double      fraction,
                    const char *case_id,
                    gpointer    user_data)
{
  AngioExportDialog *self = user_data;
  gboolean schedule;

  g_mutex_lock (&self->progress_lock);
  self->progress_fraction = fraction;
  g_free (self->progress_case);
  self->progress_case = g_strdup (case_id);
  schedule = !self->progress_pending;
  self->progress_pending = TRUE;
  g_mutex_unlock (&self->progress_lock);
  if (schedule)
    g_idle_add_full (G_PRIORITY_DEFAULT, show_progress, g_object_ref (self), g_object_unref);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  ExportJob *job = data;
  GError *error = NULL;

  if (angio_package_export (job->workspace, (const char *const *) job->case_ids, job->folder,
                            &job->options, on_export_progress, source, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
show_done (AngioExportDialog *self,
           ExportJob         *job)
{
  guint n = g_strv_length (job->case_ids);
  g_autofree char *title = NULL;
  g_autofree char *shown = g_filename_display_name (job->folder);
  g_autofree char *escaped = g_markup_escape_text (shown, -1);
  g_autofree char *description = NULL;

  self->output = g_strdup (job->folder);
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Case Package Exported",
                                        "%u Case Packages Exported", n), n);
  /* Translators: after the export; %s is the dataset's folder (in bold) */
  description = g_strdup_printf (_("In <b>%s</b>, with the dataset’s index (dataset.json), "
                                   "its labels (labels.csv) and the outlines in COCO format. "
                                   "Each package is hashed in its manifest.json: "
                                   "“angiomark-cli validate” checks it."), escaped);
  adw_status_page_set_title (self->done_page, title);
  adw_status_page_set_description (self->done_page, description);
  gtk_stack_set_visible_child_name (self->stack, "done");
}

static void
on_export_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AngioExportDialog *self = ANGIO_EXPORT_DIALOG (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  self->running = FALSE;
  g_clear_object (&self->cancellable);
  if (self->disposed)
    return;
  if (self->close_when_done)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (ok)
    show_done (self, job);
  else
    {
      gtk_stack_set_visible_child_name (self->stack, "form");
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_message (self, _("Export stopped: nothing was written"), FALSE);
      else
        {
          /* Translators: the export failed; %s says why (a file and the reason) */
          g_autofree char *message = g_strdup_printf (_("Not exported: %s"), error->message);

          set_message (self, message, TRUE);
        }
      update_target (self);
    }
  angio_export_dialog_update_state (self);
  run_next (self);
}

static void
start_export (AngioExportDialog *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_export_done, NULL);

  g_task_set_source_tag (task, start_export);
  /* The real outcome, even when stopped too late to stop anything. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, g_steal_pointer (&self->export_waiting),
                        (GDestroyNotify) export_job_free);
  self->running = TRUE;
  gtk_progress_bar_set_text (self->progress_bar, _("Starting…"));
  g_task_run_in_thread (task, export_thread);
}

/* The export of the cases checked, to the destination, now (or after the job that runs). */
static void
start (AngioExportDialog *self)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autofree char *title = NULL;
  ExportJob *job;
  guint n;

  update_target (self);
  if (exporting (self) || !self->target_ok || n_selected (self) == 0)
    return;
  job = g_new0 (ExportJob, 1);
  for (guint i = 0; i < self->rows->len; i++)
    {
      AngioExportRow *row = g_ptr_array_index (self->rows, i);

      if (angio_export_row_selected (row))
        g_strv_builder_add (ids, row->case_id);
    }
  job->workspace = g_object_ref (self->workspace);
  job->case_ids = g_strv_builder_end (ids);
  job->folder = target_path (self);
  job->prefix = g_strdup (pseudonym_prefix (self));
  job->options.zip = gtk_switch_get_active (self->zip_switch);
  job->options.prefix = job->prefix;
  n = g_strv_length (job->case_ids);
  self->export_waiting = job;
  self->cancellable = g_cancellable_new ();
  set_message (self, NULL, FALSE);
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exporting %u Case Package",
                                        "Exporting %u Case Packages", n), n);
  adw_status_page_set_title (self->progress_page, title);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Waiting for the case being checked…"));
  gtk_stack_set_visible_child_name (self->stack, "progress");
  angio_export_dialog_update_state (self);
  run_next (self);
}

static void
on_burned_in_confirmed (AdwMessageDialog  *confirm,
                        const char        *response,
                        AngioExportDialog *self)
{
  if (g_str_equal (response, "export") && !self->disposed)
    start (self);
}

static void
action_start (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  AngioExportDialog *self = ANGIO_EXPORT_DIALOG (widget);
  g_autofree char *body = NULL;
  GtkWidget *confirm;
  guint burned = 0;

  for (guint i = 0; i < self->rows->len; i++)
    {
      AngioExportRow *row = g_ptr_array_index (self->rows, i);

      burned += angio_export_row_selected (row) && row->readiness != NULL &&
                row->readiness->burned_in == ANGIO_BURNED_IN_YES;
    }
  if (burned == 0)
    {
      start (self);
      return;
    }
  /* De-identification rewrites the header, never the pixels: the curator must have looked. */
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u case checked says Burned In Annotation = YES: text "
                                       "such as the patient’s name may be printed into its "
                                       "frames, and de-identification does not remove it. "
                                       "Look at its runs before the dataset leaves the "
                                       "hospital.",
                                       "%u cases checked say Burned In Annotation = YES: text "
                                       "such as the patient’s name may be printed into their "
                                       "frames, and de-identification does not remove it. "
                                       "Look at their runs before the dataset leaves the "
                                       "hospital.", burned), burned);
  confirm = adw_message_dialog_new (GTK_WINDOW (self), _("Pixels May Show Identifying Text"),
                                    body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (confirm), "cancel", _("_Cancel"),
                                    "export", _("_Export Anyway"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (confirm), "export",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (confirm), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (confirm), "cancel");
  g_signal_connect_object (confirm, "response", G_CALLBACK (on_burned_in_confirmed), self, 0);
  gtk_window_present (GTK_WINDOW (confirm));
}

/* Stops the export, or closes the window when there is none. */
static void
action_cancel (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  AngioExportDialog *self = ANGIO_EXPORT_DIALOG (widget);

  if (!exporting (self))
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  g_cancellable_cancel (self->cancellable);
  if (self->export_waiting != NULL)
    {
      /* Not started: nothing to undo. */
      g_clear_pointer (&self->export_waiting, export_job_free);
      g_clear_object (&self->cancellable);
      gtk_stack_set_visible_child_name (self->stack, "form");
      set_message (self, _("Export stopped: nothing was written"), FALSE);
      angio_export_dialog_update_state (self);
      return;
    }
  gtk_progress_bar_set_text (self->progress_bar, _("Stopping…"));
}

static void
action_select (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  AngioExportDialog *self = ANGIO_EXPORT_DIALOG (widget);
  const char *which = g_variant_get_string (param, NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      AngioExportRow *row = g_ptr_array_index (self->rows, i);
      gboolean on = g_str_equal (which, "all") ||
                    (g_str_equal (which, "done") && row->status == ANGIO_CASE_DONE);

      gtk_check_button_set_active (row->check, on);
    }
}

static void
on_folder_chosen (GtkNativeDialog   *chooser,
                  int                response,
                  AngioExportDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL &&
      (path = g_file_get_path (file)) != NULL && !self->disposed)
    {
      g_free (self->folder);
      self->folder = g_steal_pointer (&path);
      update_target (self);
    }
  g_object_unref (chooser);
}

static void
action_choose_folder (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  AngioExportDialog *self = ANGIO_EXPORT_DIALOG (widget);
  g_autoptr(GFile) current = g_file_new_for_path (self->folder);
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Folder for the Dataset"), GTK_WINDOW (self),
                                 GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Select"),
                                 _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), current, NULL);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_folder_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
action_open_output (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  AngioExportDialog *self = ANGIO_EXPORT_DIALOG (widget);
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;

  if (self->output == NULL)
    return;
  file = g_file_new_for_path (self->output);
  uri = g_file_get_uri (file);
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

/* GObject */

static gboolean
angio_export_dialog_close_request (GtkWindow *window)
{
  AngioExportDialog *self = ANGIO_EXPORT_DIALOG (window);

  if (exporting (self))
    {
      action_cancel (GTK_WIDGET (self), "export.cancel", NULL);
      /* Stopping takes a moment (the partial folder is removed): the window goes then. */
      if (exporting (self))
        {
          self->close_when_done = TRUE;
          return TRUE;
        }
    }
  return GTK_WINDOW_CLASS (angio_export_dialog_parent_class)->close_request (window);
}

static void
angio_export_dialog_dispose (GObject *object)
{
  AngioExportDialog *self = ANGIO_EXPORT_DIALOG (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_queue_clear_full (&self->jobs, (GDestroyNotify) job_free);
  g_clear_pointer (&self->export_waiting, export_job_free);
  g_clear_object (&self->check_column);
  G_OBJECT_CLASS (angio_export_dialog_parent_class)->dispose (object);
}

static void
angio_export_dialog_finalize (GObject *object)
{
  AngioExportDialog *self = ANGIO_EXPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);
  g_hash_table_unref (self->rows_by_id);
  g_ptr_array_unref (self->rows);
  g_free (self->message);
  g_free (self->folder);
  g_free (self->output);
  g_free (self->progress_case);
  g_mutex_clear (&self->progress_lock);
  G_OBJECT_CLASS (angio_export_dialog_parent_class)->finalize (object);
}

static void
angio_export_dialog_class_init (AngioExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = angio_export_dialog_dispose;
  object_class->finalize = angio_export_dialog_finalize;
  window_class->close_request = angio_export_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/angiomark/Angiomark/ui/"
                                               "angio-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AngioExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, AngioExportDialog, column_header);
  gtk_widget_class_bind_template_child (widget_class, AngioExportDialog, done_page);
  gtk_widget_class_bind_template_child (widget_class, AngioExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, AngioExportDialog, folder_row);
  gtk_widget_class_bind_template_child (widget_class, AngioExportDialog, list);
  gtk_widget_class_bind_template_child (widget_class, AngioExportDialog, message_box);
  gtk_widget_class_bind_template_child (widget_class, AngioExportDialog, message_icon);
  gtk_widget_class_bind_template_child (widget_class, AngioExportDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, AngioExportDialog, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, AngioExportDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, AngioExportDialog, prefix_row);
  gtk_widget_class_bind_template_child (widget_class, AngioExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, AngioExportDialog, progress_page);
  gtk_widget_class_bind_template_child (widget_class, AngioExportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, AngioExportDialog, summary);
  gtk_widget_class_bind_template_child (widget_class, AngioExportDialog, target_label);
  gtk_widget_class_bind_template_child (widget_class, AngioExportDialog, title);
  gtk_widget_class_bind_template_child (widget_class, AngioExportDialog, zip_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "export.start", NULL, action_start);
  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, action_cancel);
  gtk_widget_class_install_action (widget_class, "export.select", "s", action_select);
  gtk_widget_class_install_action (widget_class, "export.choose-folder", NULL,
                                   action_choose_folder);
  gtk_widget_class_install_action (widget_class, "export.open-output", NULL,
                                   action_open_output);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "export.cancel", NULL);
}

static void
angio_export_dialog_init (AngioExportDialog *self)
{
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, "angiomark-dataset-%Y%m%d-%H%M");

  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) angio_export_row_free);
  self->rows_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->check_column = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  g_queue_init (&self->jobs);
  g_mutex_init (&self->progress_lock);
  self->folder = g_strdup (documents && g_file_test (documents, G_FILE_TEST_IS_DIR)
                           ? documents : g_get_home_dir ());
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_box_append (self->column_header, angio_export_row_header (self->check_column));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  gtk_editable_set_text (GTK_EDITABLE (self->prefix_row), ANGIO_PACKAGE_PREFIX);
  /* Connected once the template is filled in: they read its widgets. */
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (update_target), self);
  g_signal_connect_swapped (self->prefix_row, "changed", G_CALLBACK (on_prefix_changed), self);
  g_signal_connect_swapped (self->stack, "notify::visible-child",
                            G_CALLBACK (angio_export_dialog_update_state), self);
}

GtkWindow *
angio_export_dialog_new (GtkWindow          *parent,
                         AngioWorkspace     *workspace,
                         const char *const  *preselected_case_ids,
                         GError            **error)
{
  g_autoptr(GPtrArray) cases = NULL;
  AngioExportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (ANGIO_IS_WORKSPACE (workspace), NULL);

  cases = angio_workspace_list (workspace, error);
  if (cases == NULL)
    return NULL;
  self = g_object_new (ANGIO_TYPE_EXPORT_DIALOG, NULL);
  self->workspace = g_object_ref (workspace);
  gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  for (guint i = 0; i < cases->len; i++)
    {
      const AngioCaseSummary *summary = g_ptr_array_index (cases, i);
      gboolean selected = preselected_case_ids != NULL &&
                          g_strv_contains (preselected_case_ids, summary->case_id);
      AngioExportRow *row = angio_export_row_new (self, summary, selected, self->check_column);

      gtk_list_box_append (self->list, row->widget);
      g_ptr_array_add (self->rows, row);
      g_hash_table_insert (self->rows_by_id, row->case_id, row);
      g_queue_push_tail (&self->jobs, job_new (self, JOB_READINESS, row->case_id, NULL));
    }
  update_target (self);
  on_prefix_changed (self);
  gtk_window_present (GTK_WINDOW (self));
  run_next (self);
  return GTK_WINDOW (self);
}

/* Tests */

static AngioExportDialog *
dialog_cast (GtkWindow *dialog)
{
  g_return_val_if_fail (ANGIO_IS_EXPORT_DIALOG (dialog), NULL);
  return ANGIO_EXPORT_DIALOG (dialog);
}

gboolean
angio_export_dialog_is_busy (GtkWindow *dialog)
{
  AngioExportDialog *self = dialog_cast (dialog);

  return self != NULL && (self->running || exporting (self) || self->jobs.length > 0);
}

char *
angio_export_dialog_describe_case (GtkWindow  *dialog,
                                   const char *case_id)
{
  AngioExportDialog *self = dialog_cast (dialog);
  AngioExportRow *row = self ? find_row (self, case_id) : NULL;

  return row ? angio_export_row_describe (row) : NULL;
}

void
angio_export_dialog_set_selected (GtkWindow  *dialog,
                                  const char *case_id,
                                  gboolean    selected)
{
  AngioExportDialog *self = dialog_cast (dialog);
  AngioExportRow *row = self ? find_row (self, case_id) : NULL;

  g_return_if_fail (row != NULL);
  gtk_check_button_set_active (row->check, selected);
}

GStrv
angio_export_dialog_get_selected (GtkWindow *dialog)
{
  AngioExportDialog *self = dialog_cast (dialog);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  for (guint i = 0; self != NULL && i < self->rows->len; i++)
    {
      AngioExportRow *row = g_ptr_array_index (self->rows, i);

      if (angio_export_row_selected (row))
        g_strv_builder_add (ids, row->case_id);
    }
  return g_strv_builder_end (ids);
}

void
angio_export_dialog_set_pseudonym (GtkWindow  *dialog,
                                   const char *case_id,
                                   const char *pseudonym)
{
  AngioExportDialog *self = dialog_cast (dialog);
  AngioExportRow *row = self ? find_row (self, case_id) : NULL;

  g_return_if_fail (row != NULL && pseudonym != NULL);
  gtk_label_set_text (row->pseudonym, pseudonym);
  angio_export_dialog_store_pseudonym (self, row, pseudonym);
}

void
angio_export_dialog_set_destination (GtkWindow  *dialog,
                                     const char *folder,
                                     const char *name)
{
  AngioExportDialog *self = dialog_cast (dialog);

  g_return_if_fail (self != NULL && folder != NULL && name != NULL);
  g_free (self->folder);
  self->folder = g_strdup (folder);
  /* Sets the target through the row's "changed". */
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  update_target (self);
}

void
angio_export_dialog_set_zip (GtkWindow *dialog,
                             gboolean   zip)
{
  AngioExportDialog *self = dialog_cast (dialog);

  g_return_if_fail (self != NULL);
  gtk_switch_set_active (self->zip_switch, zip);
}

const char *
angio_export_dialog_get_output (GtkWindow *dialog)
{
  AngioExportDialog *self = dialog_cast (dialog);

  return self ? self->output : NULL;
}

const char *
angio_export_dialog_get_message (GtkWindow  *dialog,
                                 const char *case_id)
{
  AngioExportDialog *self = dialog_cast (dialog);
  AngioExportRow *row;

  if (self == NULL)
    return NULL;
  if (case_id == NULL)
    return self->message;
  row = find_row (self, case_id);
  return row ? row->message : NULL;
}
