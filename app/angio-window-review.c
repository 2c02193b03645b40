/* angio-window-review.c — reviewing predictions from the window: a model's predictions (or a
 * second annotator's labels) imported beside the labels of the workspace's cases in the
 * background (win.import-predictions: a folder, then whose they are), and the scores window
 * over them (win.prediction-scores). */
#define G_LOG_DOMAIN "angio-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "angio-predictions.h"
#include "angio-scores-window.h"
#include "angio-window-private.h"

/* Whether a workspace has predictions: read once and kept on it (only an import, here, adds
 * some): 1 none, 2 some. */
#define HAS_PREDICTIONS "angio-has-predictions"

static gboolean
has_predictions (AngioWorkspace *workspace)
{
  int known = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (workspace), HAS_PREDICTIONS));
  g_autoptr(GPtrArray) predictions = NULL;
  g_autoptr(GError) error = NULL;

  if (known != 0)
    return known == 2;
  predictions = angio_workspace_list_predictions (workspace, NULL, &error);
  if (predictions == NULL)
    {
      g_debug ("predictions not listed: %s", error->message);
      return FALSE;
    }
  g_object_set_data (G_OBJECT (workspace), HAS_PREDICTIONS,
                     GINT_TO_POINTER (predictions->len > 0 ? 2 : 1));
  return predictions->len > 0;
}

/* The scores window open over @self, if any. */
static GtkWindow *
find_scores_window (AngioWindow *self)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ANGIO_IS_SCORES_WINDOW (l->data) &&
        angio_scores_window_get_main_window (l->data) == GTK_WINDOW (self))
      return l->data;
  return NULL;
}

/* A toast saying @title, @details (several lines) a click away. */
static void
show_with_details (AngioWindow *self,
                   const char  *title,
                   const char  *details)
{
  g_autofree char *escaped = g_markup_escape_text (title, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 10);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_button_label (toast, _("_Details"));
  adw_toast_set_action_name (toast, "win.show-details");
  adw_toast_set_action_target_value (toast, g_variant_new_string (details));
  angio_window_add_toast (self, toast);
}

/* Importing */

typedef struct {
  char *path;
  AngioPredictionOrigin origin;
  char *source;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_free (job->path);
  g_free (job->source);
  g_free (job);
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  ImportJob *job = data;
  GError *error = NULL;
  AngioPredictionReport *report = angio_predictions_import (source, job->path, job->origin,
                                                            job->source, cancellable, &error);

  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) angio_prediction_report_free);
}

static void
show_import_error (AngioWindow *self,
                   const char  *message)
{
  const char *newline = strchr (message, '\n');
  g_autofree char *first = NULL;

  if (newline == NULL)
    {
      angio_window_show_message (self, message);
      return;
    }
  first = g_strndup (message, newline - message);
  show_with_details (self, first, message);
}

static void
on_predictions_imported (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(AngioWindow) self = user_data;
  ImportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(AngioPredictionReport) report = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *message = NULL;
  GtkWindow *scores;
  guint n;

  gtk_widget_set_visible (self->loading_box, FALSE);
  if (report == NULL)
    {
      show_import_error (self, error->message);
      return;
    }
  n = report->cases->len;
  if (report->warnings->len > 0)
    {
      g_autofree char *details = NULL;
      g_autofree char *title = NULL;
      g_autoptr(GPtrArray) lines = g_ptr_array_new ();

      for (guint i = 0; i < report->columns->len; i++)
        g_ptr_array_add (lines, report->columns->pdata[i]);
      for (guint i = 0; i < report->warnings->len; i++)
        g_ptr_array_add (lines, report->warnings->pdata[i]);
      g_ptr_array_add (lines, NULL);
      details = g_strjoinv ("\n", (char **) lines->pdata);
      /* Translators: columns of a predictions CSV that were not read */
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u column not read",
                                            "%u columns not read", report->warnings->len),
                               report->warnings->len);
      show_with_details (self, title, details);
    }
  if (report->skipped->len > 0)
    {
      g_autofree char *details = NULL;
      g_autofree char *title = NULL;

      g_ptr_array_add (report->skipped, NULL);
      details = g_strjoinv ("\n", (char **) report->skipped->pdata);
      /* Translators: predictions of cases the workspace does not have, left out */
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u prediction skipped",
                                            "%u predictions skipped",
                                            report->skipped->len - 1),
                               report->skipped->len - 1);
      show_with_details (self, title, details);
    }
  /* Translators: %u cases given predictions of %s (a model or an annotator) */
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Imported the predictions of %2$s for %1$u case",
                                          "Imported the predictions of %2$s for %1$u cases", n),
                             n, job->source);
  angio_window_show_message (self, message);
  if (n > 0)
    g_object_set_data (source, HAS_PREDICTIONS, GINT_TO_POINTER (2));
  angio_window_review_update_actions (self);
  scores = find_scores_window (self);
  if (scores != NULL && !angio_scores_window_reload (scores, &error))
    angio_window_show_message (self, error->message);
}

void
angio_window_import_predictions (AngioWindow           *self,
                                 const char            *path,
                                 AngioPredictionOrigin  origin,
                                 const char            *source)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job;

  g_return_if_fail (ANGIO_IS_WINDOW (self));
  g_return_if_fail (self->workspace != NULL);
  g_return_if_fail (path != NULL && source != NULL);

  job = g_new0 (ImportJob, 1);
  job->path = g_strdup (path);
  job->origin = origin;
  job->source = g_strdup (source);
  task = g_task_new (self->workspace, NULL, on_predictions_imported, g_object_ref (self));
  g_task_set_source_tag (task, angio_window_import_predictions);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  gtk_widget_set_visible (self->loading_box, TRUE);
  gtk_progress_bar_set_text (self->loading_bar, _("Checking and importing predictions…"));
  gtk_progress_bar_pulse (self->loading_bar);
  g_task_run_in_thread (task, import_thread);
}

/* Whose the predictions are: a name, a model or a second annotator. */

typedef struct {
  AngioWindow *window;
  char *path;
  GtkEditable *name;         /* owned by the dialog */
  GtkCheckButton *model;
} SourceQuestion;

static void
source_question_free (SourceQuestion *question)
{
  g_object_unref (question->window);
  g_free (question->path);
  g_free (question);
}

static char *
question_name (SourceQuestion *question)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (question->name)));
}

static void
on_name_changed (AdwMessageDialog *dialog)
{
  SourceQuestion *question = g_object_get_data (G_OBJECT (dialog), "angio-question");
  g_autofree char *name = question_name (question);

  adw_message_dialog_set_response_enabled (dialog, "import", *name != '\0');
}

static void
on_name_activated (AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "import"))
    {
      adw_message_dialog_response (dialog, "import");
      gtk_window_close (GTK_WINDOW (dialog));
    }
}

static void
on_source_answered (AdwMessageDialog *dialog,
                    const char       *response,
                    SourceQuestion   *question)
{
  g_autofree char *name = question_name (question);
  AngioPredictionOrigin origin = gtk_check_button_get_active (question->model)
                                 ? ANGIO_PREDICTION_MODEL : ANGIO_PREDICTION_ANNOTATOR;

  if (g_str_equal (response, "import") && *name != '\0' && question->window->workspace != NULL)
    angio_window_import_predictions (question->window, question->path, origin, name);
}

static GtkWidget *
origin_row (const char     *title,
            const char     *subtitle,
            GtkCheckButton *check)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (GTK_WIDGET (check), GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), GTK_WIDGET (check));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (check));
  return row;
}

static void
ask_source (AngioWindow *self,
            const char  *path)
{
  SourceQuestion *question = g_new0 (SourceQuestion, 1);
  g_autofree char *shown = g_filename_display_basename (path);
  g_autofree char *body = NULL;
  GtkWidget *dialog, *list, *name_row, *annotator;

  /* Translators: %s is the folder chosen */
  body = g_strdup_printf (_("Whose are the predictions in “%s”? They are kept beside the "
                            "cases’ labels, never over them, and replace those imported "
                            "before under the same name."), shown);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Import Predictions"), body);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  name_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name_row), _("Name"));
  gtk_editable_set_text (GTK_EDITABLE (name_row), shown);
  gtk_list_box_append (GTK_LIST_BOX (list), name_row);
  question->model = GTK_CHECK_BUTTON (gtk_check_button_new ());
  annotator = gtk_check_button_new ();
  gtk_check_button_set_group (GTK_CHECK_BUTTON (annotator), question->model);
  gtk_check_button_set_active (question->model, TRUE);
  gtk_list_box_append (GTK_LIST_BOX (list),
                       origin_row (_("A Model"), _("Its predictions, to score"),
                                   question->model));
  gtk_list_box_append (GTK_LIST_BOX (list),
                       origin_row (_("A Second Annotator"), _("Inter-observer agreement"),
                                   GTK_CHECK_BUTTON (annotator)));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "import", _("_Import"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "import");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  question->window = g_object_ref (self);
  question->path = g_strdup (path);
  question->name = GTK_EDITABLE (name_row);
  g_object_set_data_full (G_OBJECT (dialog), "angio-question", question,
                          (GDestroyNotify) source_question_free);
  g_signal_connect_swapped (name_row, "changed", G_CALLBACK (on_name_changed), dialog);
  g_signal_connect_swapped (name_row, "entry-activated", G_CALLBACK (on_name_activated),
                            dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_source_answered), question);
  on_name_changed (ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Actions */

static void
on_predictions_chosen (GtkNativeDialog *dialog,
                       int              response,
                       AngioWindow     *self)
{
  g_autoptr(GPtrArray) paths = angio_window_chosen_paths (dialog, response);

  if (paths != NULL && self->workspace != NULL)
    ask_source (self, g_ptr_array_index (paths, 0));
  g_object_unref (dialog);
}

static void
action_import_predictions (GtkWidget  *widget,
                           const char *name,
                           GVariant   *param)
{
  GtkFileChooserNative *dialog =
    gtk_file_chooser_native_new (_("Import a Folder of Predictions"), GTK_WINDOW (widget),
                                 GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Choose"),
                                 _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_predictions_chosen), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
action_prediction_scores (GtkWidget  *widget,
                          const char *name,
                          GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);
  GtkWindow *scores = find_scores_window (self);
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL || !has_predictions (self->workspace))
    return;
  if (scores != NULL)
    gtk_window_present (scores);
  else if (angio_scores_window_new (GTK_WINDOW (self), self->workspace, &error) == NULL)
    angio_window_show_message (self, error->message);
}

void
angio_window_review_update_actions (AngioWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkWindow *scores = find_scores_window (self);

  gtk_widget_action_set_enabled (widget, "win.import-predictions", self->workspace != NULL);
  gtk_widget_action_set_enabled (widget, "win.prediction-scores",
                                 self->workspace != NULL && has_predictions (self->workspace));
  /* Scores of a workspace no longer open here go with it. */
  if (scores != NULL && angio_scores_window_get_workspace (scores) != self->workspace)
    gtk_window_destroy (scores);
}

void
angio_window_review_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.import-predictions", NULL,
                                   action_import_predictions);
  gtk_widget_class_install_action (widget_class, "win.prediction-scores", NULL,
                                   action_prediction_scores);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.prediction-scores", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_S,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.prediction-scores", NULL);
}
