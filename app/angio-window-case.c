/* angio-window-case.c — the workspace side of the window: the worklist, the open case and its
 * history (every edit saved at once, undo/redo), and the annotation actions on the image.
 *
 * Edits go through the model and are recorded on the case (angio_case_record): the history
 * saves them. Nothing here writes the workspace directly but imports. */
#define G_LOG_DOMAIN "angio-window"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "angio-calibration.h"
#include "angio-history-dialog.h"
#include "angio-key-frame.h"
#include "angio-window-private.h"

static void
show_error (AngioWindow  *self,
            const GError *error)
{
  angio_window_show_message (self, error->message);
}

void
angio_window_case_update_actions (AngioWindow *self)
{
  AngioSeries *series = self->case_series ? angio_case_series_get_series (self->case_series)
                                          : NULL;
  gboolean has_case = self->case_series != NULL && series != NULL;
  gboolean has_lesion = angio_annotation_panel_get_lesion (self->annotation_panel) != NULL;
  static const char *const frame_actions[] = {
    "case.mark-key-frame", "case.reject-key-frame", "case.next-key-frame",
    "case.previous-key-frame",
  };
  static const char *const lesion_actions[] = {
    "case.accept-lesion", "case.reject-lesion", "case.delete-lesion", "case.reset-borders",
  };
  GtkWidget *widget = GTK_WIDGET (self);

  for (guint i = 0; i < G_N_ELEMENTS (frame_actions); i++)
    gtk_widget_action_set_enabled (widget, frame_actions[i], has_case);
  gtk_widget_action_set_enabled (widget, "case.next-lesion", has_case &&
                                 g_list_model_get_n_items (angio_case_series_get_lesions (
                                                             self->case_series)) > 0);
  gtk_widget_action_set_enabled (widget, "case.previous-lesion", has_case &&
                                 g_list_model_get_n_items (angio_case_series_get_lesions (
                                                             self->case_series)) > 0);
  for (guint i = 0; i < G_N_ELEMENTS (lesion_actions); i++)
    gtk_widget_action_set_enabled (widget, lesion_actions[i], has_case && has_lesion);
  gtk_widget_action_set_enabled (widget, "case.measure",
                                 has_case && angio_series_is_complete (series));
  gtk_widget_action_set_enabled (widget, "case.calibrate-catheter",
                                 has_case && angio_series_is_complete (series));
  gtk_widget_action_set_enabled (widget, "case.undo",
                                 self->history && angio_case_history_can_undo (self->history));
  gtk_widget_action_set_enabled (widget, "case.redo",
                                 self->history && angio_case_history_can_redo (self->history));
  gtk_widget_action_set_enabled (widget, "win.import", self->workspace != NULL);
  angio_window_packages_update_actions (self);
  angio_window_reader_update_actions (self);
  angio_window_compare_update_actions (self);
  angio_window_review_update_actions (self);
  gtk_widget_action_set_enabled (widget, "win.show-worklist", self->workspace != NULL);
  gtk_widget_action_set_enabled (widget, "win.next-case", self->kase != NULL);
  gtk_widget_action_set_enabled (widget, "case.show-history", self->kase != NULL);
  gtk_widget_action_set_enabled (widget, "win.open-case", self->workspace != NULL);
  gtk_widget_action_set_enabled (widget, "win.previous-case", self->kase != NULL);
}

void
angio_window_refresh_worklist (AngioWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *who = angio_window_reader_who (self);

  angio_worklist_set_reader (self->worklist, who);
  if (!angio_worklist_load (self->worklist, self->workspace, &error))
    show_error (self, error);
}

/* Measuring: two clicks on the image */

static void
show_hint (AngioWindow *self,
           const char  *text)
{
  gtk_label_set_text (self->image_hint, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->image_hint), text != NULL);
}

static void
stop_measuring (AngioWindow *self)
{
  show_hint (self, NULL);
  self->measure_points = 0;
  self->calibrating = FALSE;
  angio_proposals_set_pending_point (self->proposals, NULL);
  gtk_widget_set_cursor (GTK_WIDGET (self->cine_view), NULL);
  if (self->editor != NULL)
    angio_lesion_editor_set_enabled (self->editor, TRUE);
}

/* The next two clicks on the image are the ends of a lesion, or of a stretch of catheter. */
static void
start_clicks (AngioWindow *self,
              gboolean     calibrating)
{
  angio_session_set_playing (self->session, FALSE);
  angio_window_redact_stop (self);
  self->measure_points = 1;
  self->calibrating = calibrating;
  angio_lesion_editor_set_enabled (self->editor, FALSE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->cine_view), "crosshair");
}

static void
calibrate (AngioWindow *self,
           AngioPoint   from,
           AngioPoint   to)
{
  guint frame = angio_session_get_frame (self->session);
  AngioFrameContext *context = angio_case_series_get_frame_context (self->case_series, frame);
  double french = angio_annotation_panel_get_catheter_french (self->annotation_panel);
  AngioCatheterCalibration result;
  g_autofree char *action = NULL;
  g_autofree char *message = NULL;

  if (context == NULL)
    return;
  /* On the frame itself: the catheter is in the background too, subtraction would hide it. */
  if (!angio_calibration_catheter (context->image, from, to, french, context->mm_per_px,
                                   &result))
    {
      angio_window_show_message (self, _("No catheter found between the two points: click "
                                         "on its middle, along a straight stretch"));
      return;
    }
  angio_case_series_set_calibration (self->case_series, ANGIO_CALIBRATION_CATHETER,
                                     result.mm_per_px, french);
  /* Translators: history entry: French size, mm per pixel */
  action = g_strdup_printf (_("Calibration: catheter %.0f F, %.4f mm/px"), french,
                            result.mm_per_px);
  angio_case_record (self->kase, action);
  /* Translators: the catheter calibration's result: French size, its width in pixels ± spread
   * over the scanlines, the scale */
  message = g_strdup_printf (_("Catheter %.0f F: %.2f ± %.2f px wide, %.4f mm/px"), french,
                             result.diameter_px, result.diameter_sd_px, result.mm_per_px);
  angio_window_show_message (self, message);
}

static void
measure (AngioWindow *self,
         AngioPoint   from,
         AngioPoint   to)
{
  guint frame = angio_session_get_frame (self->session);
  AngioFrameContext *context = angio_case_series_get_frame_context (self->case_series, frame);
  g_autoptr(GError) error = NULL;
  g_autoptr(AngioLesion) lesion = NULL;
  g_autofree char *action = NULL;
  AngioStenosis *stenosis;

  if (context == NULL)
    return;
  stenosis = angio_frame_context_measure (context, from, to, &error);
  if (stenosis == NULL)
    {
      show_error (self, error);
      return;
    }
  lesion = angio_lesion_new (frame, stenosis, NULL, NULL, NULL);
  angio_lesion_set_status (lesion, ANGIO_STATUS_ACCEPTED);
  angio_case_series_add_lesion (self->case_series, lesion);
  /* Translators: history entry: lesion id, DICOM frame number (from 1) */
  action = g_strdup_printf (_("%s measured on frame %u (DICOM)"), angio_lesion_get_id (lesion),
                            frame + 1);
  angio_case_record (self->kase, action);
  angio_annotation_panel_set_lesion (self->annotation_panel, lesion);
}

static void
on_image_clicked (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  AngioWindow     *self)
{
  AngioPoint p;

  if (n_press != 1)
    return;
  angio_cine_view_widget_to_image (self->cine_view, x, y, &p.x, &p.y);
  if (self->measure_points == 0)
    {
      /* A click on a lesion's outline or label selects it (6 screen pixels of slack). */
      AngioLesion *lesion = self->case_series == NULL ? NULL
                            : angio_proposals_lesion_at (self->proposals, p,
                                                         6 / angio_cine_view_get_zoom (
                                                           self->cine_view));

      if (lesion != NULL)
        angio_annotation_panel_set_lesion (self->annotation_panel, lesion);
      return;
    }
  if (self->measure_points == 1)
    {
      self->measure_from = p;
      self->measure_points = 2;
      angio_proposals_set_pending_point (self->proposals, &p);
      show_hint (self, self->calibrating ? _("And a second point on the catheter — Esc cancels")
                                         : _("And the distal end — Esc cancels"));
      return;
    }
  if (self->calibrating)
    {
      stop_measuring (self);
      calibrate (self, self->measure_from, p);
      return;
    }
  stop_measuring (self);
  measure (self, self->measure_from, p);
}

gboolean
angio_window_case_cancel_clicks (AngioWindow *self)
{
  if (self->measure_points == 0)
    return FALSE;
  stop_measuring (self);
  return TRUE;
}

void
angio_window_calibrate_catheter (AngioWindow *self,
                                 AngioPoint   from,
                                 AngioPoint   to)
{
  g_return_if_fail (ANGIO_IS_WINDOW (self));
  g_return_if_fail (self->case_series != NULL);

  stop_measuring (self);
  calibrate (self, from, to);
}

void
angio_window_measure (AngioWindow *self,
                      AngioPoint   from,
                      AngioPoint   to)
{
  g_return_if_fail (ANGIO_IS_WINDOW (self));
  g_return_if_fail (self->case_series != NULL);

  stop_measuring (self);
  measure (self, from, to);
}

/* The case on show */

static void
on_lesion_selected (AngioWindow *self)
{
  AngioLesion *lesion = angio_annotation_panel_get_lesion (self->annotation_panel);

  angio_proposals_set_selected (self->proposals, lesion);
  angio_lesion_editor_set_lesion (self->editor, lesion ? self->case_series : NULL, lesion);
  if (lesion != NULL && angio_lesion_get_frame (lesion) != angio_session_get_frame (self->session))
    angio_session_set_frame (self->session, angio_lesion_get_frame (lesion));
  angio_window_case_update_actions (self);
}

/* A reader starts on the most severe lesion, on its frame (the best key frame). */
static void
select_worst_lesion (AngioWindow *self)
{
  AngioLesion *worst;

  if (self->case_series == NULL ||
      angio_annotation_panel_get_lesion (self->annotation_panel) != NULL)
    return;
  worst = angio_case_series_get_worst_lesion (self->case_series);
  if (worst != NULL)
    angio_annotation_panel_set_lesion (self->annotation_panel, worst);
}

static void
on_analysed (AngioWindow *self)
{
  if (self->kase == NULL || self->case_series == NULL)
    return;
  angio_case_history_record_automatic (self->history,
                                       _("Proposals by the automatic analysis"));
  /* Opened before its analysis: to the key frame now, unless the reader has moved. */
  if (angio_session_get_frame (self->session) == 0 &&
      !angio_session_get_playing (self->session))
    {
      gint key = angio_case_get_best_key_frame (self->kase);

      if (key > 0)
        angio_session_set_frame (self->session, key);
    }
  select_worst_lesion (self);
}

static void
on_save_failed (AngioWindow  *self,
                const GError *error)
{
  g_autofree char *message = g_strdup_printf (_("Not saved: %s"), error->message);

  angio_window_show_message (self, message);
}

static AngioCaseSeries *
find_case_series (AngioWindow *self,
                  AngioSeries *series)
{
  GListModel *model = angio_case_get_series (self->kase);
  const char *uid = angio_series_get_meta (series)->series_instance_uid;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AngioCaseSeries) cs = g_list_model_get_item (model, i);

      if (g_strcmp0 (angio_case_series_get_path (cs), angio_series_get_path (series)) == 0 ||
          (uid != NULL && g_strcmp0 (angio_case_series_get_series_uid (cs), uid) == 0))
        return cs;
    }
  return NULL;
}

void
angio_window_case_series_shown (AngioWindow *self,
                                AngioSeries *series)
{
  AngioCaseSeries *cs = self->kase ? find_case_series (self, series) : NULL;
  g_autoptr(GError) error = NULL;

  stop_measuring (self);
  if (cs != NULL && angio_case_series_get_series (cs) != series &&
      !angio_case_series_set_series (cs, series, &error))
    {
      show_error (self, error);
      cs = NULL;
    }
  self->case_series = cs;
  if (cs != NULL)
    angio_proposals_set_case_series (self->proposals, cs);
  else
    angio_proposals_set_series (self->proposals, series);
  gtk_widget_set_visible (GTK_WIDGET (self->annotation_panel), cs != NULL);
  angio_annotation_panel_set_case (self->annotation_panel, cs ? self->kase : NULL, cs);
  if (cs != NULL)
    {
      gint key = angio_case_get_best_key_frame (self->kase);

      /* A reader goes to the key frame first; it shows once decoded. */
      if (key >= 0 && (guint) key < angio_series_get_n_frames (series))
        angio_session_set_frame (self->session, key);
      select_worst_lesion (self);
    }
  angio_window_compare_series_shown (self);
  angio_window_redact_series_shown (self);
  angio_window_case_update_actions (self);
}

static void
close_case (AngioWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  /* Out of the panel before it empties and hides: a text field made insensitive or hidden
   * while focused misses its focus-out (GTK warns about it). What it held is saved first. */
  angio_annotation_panel_commit (self->annotation_panel);
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->annotation_panel)))
    angio_window_focus_image (self);
  stop_measuring (self);
  angio_window_compare_case_closed (self);
  angio_annotation_panel_set_case (self->annotation_panel, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->annotation_panel), FALSE);
  self->case_series = NULL;
  if (self->redaction != NULL)
    angio_window_redact_series_shown (self);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_clear_object (&self->history);
  g_clear_object (&self->kase);
  g_clear_pointer (&self->adjudicating, g_free);
}

gboolean
angio_window_open_case (AngioWindow  *self,
                        const char   *case_id,
                        GError      **error)
{
  g_autoptr(AngioCase) kase = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local = NULL;
  g_autofree char *read = NULL;
  g_autofree char *adjudicating = NULL;
  GListModel *model;

  g_return_val_if_fail (ANGIO_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (self->workspace != NULL, FALSE);

  /* A case the reader is to read: his own read (blinded), else the case itself. */
  kase = angio_window_reader_load_read (self, case_id, &read, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  /* In adjudication, for an adjudicator: the reads side by side (nothing saved). */
  if (kase == NULL)
    kase = angio_window_reader_load_adjudication (self, case_id, &adjudicating, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (kase == NULL)
    kase = angio_workspace_load_case (self->workspace, case_id, error);
  if (kase == NULL)
    return FALSE;
  model = angio_case_get_series (kase);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AngioCaseSeries) cs = g_list_model_get_item (model, i);

      if (angio_case_series_get_path (cs) != NULL)
        g_ptr_array_add (paths, g_strdup (angio_case_series_get_path (cs)));
    }
  if (paths->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("Case %s has no runs"), case_id);
      return FALSE;
    }
  if (self->kase != NULL && !g_str_equal (angio_case_get_id (self->kase), case_id))
    angio_window_reader_leave_case (self);
  close_case (self);
  self->kase = g_steal_pointer (&kase);
  self->history = angio_case_history_new (self->workspace, self->kase);
  angio_case_history_set_read (self->history, read);
  angio_case_history_set_detached (self->history, adjudicating != NULL);
  g_free (self->adjudicating);
  self->adjudicating = g_steal_pointer (&adjudicating);
  angio_window_case_update_reader (self);
  /* Each case starts at the top of the panel, whatever the last one scrolled to. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->panel_scroll), 0);
  g_signal_connect_swapped (self->history, "notify",
                            G_CALLBACK (angio_window_case_update_actions), self);
  g_signal_connect_swapped (self->history, "save-failed", G_CALLBACK (on_save_failed), self);
  angio_window_compare_case_opened (self);
  angio_window_open_paths (self, paths);
  angio_window_case_update_actions (self);
  return TRUE;
}

gboolean
angio_window_open_demo_case (AngioWindow  *self,
                             const char   *path,
                             GError      **error)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *folder = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  char *dot;

  if ((dot = strrchr (base, '.')) != NULL)
    *dot = '\0';
  folder = g_strdup_printf ("%s%c%s-workspace", dir, G_DIR_SEPARATOR, base);
  if (!angio_window_open_workspace (self, folder, error) ||
      !(cases = angio_workspace_list (self->workspace, error)))
    return FALSE;
  if (cases->len == 0)
    {
      const char *paths[] = { path, NULL };
      g_autoptr(AngioImportReport) report = NULL;

      /* Only recorded: the analysis runs as the case opens, in the background. */
      report = angio_workspace_import (self->workspace, paths, FALSE, NULL, error);
      if (report == NULL)
        return FALSE;
      if (report->cases->len == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The demo run was not imported"));
          return FALSE;
        }
      id = g_strdup (g_ptr_array_index (report->cases, 0));
      angio_window_refresh_worklist (self);
    }
  else
    id = g_strdup (((AngioCaseSummary *) g_ptr_array_index (cases, 0))->case_id);
  return angio_window_open_case (self, id, error);
}

static void
on_case_activated (AngioWindow *self,
                   const char  *case_id)
{
  g_autoptr(GError) error = NULL;

  if (!angio_window_open_case (self, case_id, &error))
    show_error (self, error);
}

gboolean
angio_window_open_workspace (AngioWindow  *self,
                             const char   *folder,
                             GError      **error)
{
  g_autoptr(AngioWorkspace) workspace = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (ANGIO_IS_WINDOW (self), FALSE);

  /* Its own lock would refuse the workspace already open here. */
  if (self->workspace != NULL &&
      g_strcmp0 (angio_workspace_get_folder (self->workspace), folder) == 0)
    workspace = g_object_ref (self->workspace);
  else
    {
      workspace = angio_workspace_open (folder, TRUE, error);
      if (workspace == NULL)
        return FALSE;
    }
  close_case (self);
  g_set_object (&self->workspace, workspace);
  angio_window_refresh_worklist (self);
  name = g_filename_display_basename (folder);
  adw_window_title_set_title (self->window_title, name);
  adw_window_title_set_subtitle (self->window_title, _("Worklist"));
  gtk_stack_set_visible_child_name (self->stack, "worklist");
  angio_window_case_update_actions (self);
  return TRUE;
}

AngioWorkspace *
angio_window_get_workspace (AngioWindow *self)
{
  g_return_val_if_fail (ANGIO_IS_WINDOW (self), NULL);
  return self->workspace;
}

AngioCase *
angio_window_get_case (AngioWindow *self)
{
  g_return_val_if_fail (ANGIO_IS_WINDOW (self), NULL);
  return self->kase;
}

AngioAnnotationPanel *
angio_window_get_annotation_panel (AngioWindow *self)
{
  g_return_val_if_fail (ANGIO_IS_WINDOW (self), NULL);
  return self->annotation_panel;
}

AngioLesionEditor *
angio_window_get_lesion_editor (AngioWindow *self)
{
  g_return_val_if_fail (ANGIO_IS_WINDOW (self), NULL);
  return self->editor;
}

AngioWorklist *
angio_window_get_worklist (AngioWindow *self)
{
  g_return_val_if_fail (ANGIO_IS_WINDOW (self), NULL);
  return self->worklist;
}

/* Importing, in the background: probing and analysing take a while. */

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  AngioWorkspace *workspace = source;
  GError *error = NULL;
  AngioImportReport *report = angio_workspace_import (workspace, data, TRUE, cancellable, &error);

  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) angio_import_report_free);
}

/* While runs are imported, each case shows in the worklist as soon as it is stored. */
static gboolean
on_import_tick (gpointer data)
{
  AngioWindow *self = data;
  g_autoptr(GPtrArray) cases = angio_workspace_list (self->workspace, NULL);

  if (cases != NULL && cases->len != angio_worklist_get_n_cases (self->worklist))
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "Importing and analysing… %u case",
                                                            "Importing and analysing… %u cases",
                                                            cases->len), cases->len);

      angio_window_refresh_worklist (self);
      gtk_progress_bar_set_text (self->loading_bar, text);
    }
  gtk_progress_bar_pulse (self->loading_bar);
  return G_SOURCE_CONTINUE;
}

static void
on_imported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(AngioWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AngioImportReport) report = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *message = NULL;

  g_clear_handle_id (&self->import_tick, g_source_remove);
  gtk_widget_set_visible (self->loading_box, FALSE);
  if (report == NULL)
    {
      show_error (self, error);
      return;
    }
  for (guint i = 0; i < report->skipped->len; i++)
    angio_window_show_message (self, g_ptr_array_index (report->skipped, i));
  /* Translators: after an import */
  message = g_strdup_printf (_("%u runs imported into %u cases; %u already there"),
                             report->n_series, report->cases->len, report->n_known);
  angio_window_show_message (self, message);
  angio_window_refresh_worklist (self);
  if (self->kase == NULL)
    gtk_stack_set_visible_child_name (self->stack, "worklist");
}

void
angio_window_import (AngioWindow        *self,
                     const char *const  *paths)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ANGIO_IS_WINDOW (self));
  g_return_if_fail (self->workspace != NULL);

  task = g_task_new (self->workspace, NULL, on_imported, g_object_ref (self));
  g_task_set_source_tag (task, angio_window_import);
  g_task_set_task_data (task, g_strdupv ((char **) paths), (GDestroyNotify) g_strfreev);
  gtk_widget_set_visible (self->loading_box, TRUE);
  gtk_progress_bar_set_text (self->loading_bar, _("Importing and analysing…"));
  gtk_progress_bar_pulse (self->loading_bar);
  g_clear_handle_id (&self->import_tick, g_source_remove);
  self->import_tick = g_timeout_add (300, on_import_tick, self);
  g_task_run_in_thread (task, import_thread);
}

/* Actions */

static void
on_workspace_chosen (GtkNativeDialog *dialog,
                     int              response,
                     AngioWindow     *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL &&
      (path = g_file_get_path (file)) != NULL &&
      !angio_window_open_workspace (self, path, &error))
    show_error (self, error);
  g_object_unref (dialog);
}

static void
action_open_workspace (GtkWidget  *widget,
                       const char *name,
                       GVariant   *param)
{
  GtkFileChooserNative *dialog =
    gtk_file_chooser_native_new (_("Open or Create a Workspace"), GTK_WINDOW (widget),
                                 GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Open"), _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_workspace_chosen), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

GPtrArray *
angio_window_chosen_paths (GtkNativeDialog *dialog,
                           int              response)
{
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  if (response != GTK_RESPONSE_ACCEPT)
    return NULL;
  files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      char *path = g_file_get_path (file);

      if (path != NULL)
        g_ptr_array_add (paths, path);
    }
  if (paths->len == 0)
    return NULL;
  g_ptr_array_add (paths, NULL);
  return g_steal_pointer (&paths);
}

static void
on_import_chosen (GtkNativeDialog *dialog,
                  int              response,
                  AngioWindow     *self)
{
  g_autoptr(GPtrArray) paths = angio_window_chosen_paths (dialog, response);

  if (paths != NULL)
    angio_window_import (self, (const char *const *) paths->pdata);
  g_object_unref (dialog);
}

static void
action_import (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  GtkFileChooserNative *dialog =
    gtk_file_chooser_native_new (_("Import a Folder of Runs or a DICOMDIR’s Folder"),
                                 GTK_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                 _("_Import"), _("_Cancel"));

  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_import_chosen), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
action_show_worklist (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);

  angio_session_set_playing (self->session, FALSE);
  angio_window_reader_leave_case (self);
  angio_window_refresh_worklist (self);
  gtk_stack_set_visible_child_name (self->stack, "worklist");
}

static void
action_next_case (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);
  const char *next;
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;

  angio_window_refresh_worklist (self);
  next = angio_worklist_get_neighbour (self->worklist, angio_case_get_id (self->kase),
                                       g_str_equal (name, "win.next-case") ? 1 : -1);
  if (next == NULL)
    {
      angio_window_show_message (self, g_str_equal (name, "win.next-case")
                                       ? _("This is the last case of the list")
                                       : _("This is the first case of the list"));
      return;
    }
  id = g_strdup (next);
  if (!angio_window_open_case (self, id, &error))
    show_error (self, error);
}

static void
action_history (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->history == NULL)
    return;
  stop_measuring (self);
  ok = g_str_equal (name, "case.undo") ? angio_case_history_undo (self->history, &error)
                                       : angio_case_history_redo (self->history, &error);
  if (!ok)
    show_error (self, error);
}

static void
action_show_history (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->kase == NULL)
    return;
  if (angio_history_dialog_new (GTK_WINDOW (self), self->workspace,
                                angio_case_get_id (self->kase), &error) == NULL)
    show_error (self, error);
}

static void
action_key_frame (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);
  guint frame = angio_session_get_frame (self->session);
  gboolean accept = g_str_equal (name, "case.mark-key-frame");
  g_autofree char *action = NULL;

  if (!angio_case_series_set_key_frame_status (self->case_series, frame,
                                               accept ? ANGIO_STATUS_ACCEPTED
                                                      : ANGIO_STATUS_REJECTED))
    {
      if (!accept)
        angio_window_show_message (self, _("No key frame here to reject"));
      return;
    }
  /* Translators: history entries; %u is a DICOM frame number (from 1) */
  action = g_strdup_printf (accept ? _("Key frame %u (DICOM) accepted")
                                   : _("Key frame %u (DICOM) rejected"), frame + 1);
  angio_case_record (self->kase, action);
}

static void
action_jump_key_frame (GtkWidget  *widget,
                       const char *name,
                       GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);
  GListModel *keys = angio_case_series_get_key_frames (self->case_series);
  gboolean forward = g_str_equal (name, "case.next-key-frame");
  gint64 now = angio_session_get_frame (self->session), best = -1;

  for (guint i = 0; i < g_list_model_get_n_items (keys); i++)
    {
      g_autoptr(AngioKeyFrame) k = g_list_model_get_item (keys, i);
      gint64 f = angio_key_frame_get_frame (k);

      if (angio_key_frame_get_status (k) == ANGIO_STATUS_REJECTED)
        continue;
      if (forward ? (f > now && (best < 0 || f < best)) : (f < now && (best < 0 || f > best)))
        best = f;
    }
  if (best >= 0)
    angio_session_set_frame (self->session, best);
}

static void
action_measure (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);

  start_clicks (self, FALSE);
  show_hint (self, _("Click the proximal end of the lesion, then the distal end — Esc cancels"));
}

static void
action_calibrate_catheter (GtkWidget  *widget,
                           const char *name,
                           GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);
  g_autofree char *message = NULL;

  start_clicks (self, TRUE);
  /* Translators: %.0f is the catheter's French size */
  message = g_strdup_printf (_("Click two points on the middle of the catheter (%.0f F), a "
                               "few millimetres apart along a straight stretch — Esc cancels"),
                             angio_annotation_panel_get_catheter_french (self->annotation_panel));
  show_hint (self, message);
}

static void
action_reset_borders (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);
  AngioLesion *lesion = angio_annotation_panel_get_lesion (self->annotation_panel);
  AngioFrameContext *context;
  g_autoptr(GError) error = NULL;
  g_autofree char *action = NULL;
  guint n_points;

  if (lesion == NULL)
    return;
  angio_lesion_get_edge_constraints (lesion, &n_points);
  if (n_points == 0)
    {
      angio_window_show_message (self, _("The borders have no points of yours to remove"));
      return;
    }
  context = angio_case_series_get_frame_context (self->case_series,
                                                 angio_lesion_get_frame (lesion));
  if (context == NULL)
    return;
  if (!angio_lesion_set_edge_constraints (lesion, context, NULL, 0, &error))
    {
      show_error (self, error);
      return;
    }
  /* Translators: history entry; %s is a lesion id */
  action = g_strdup_printf (_("%s: borders reset to the image"), angio_lesion_get_id (lesion));
  angio_case_record (self->kase, action);
}

static void
action_open_case (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_variant_dup_string (param, NULL);

  if (self->workspace != NULL && !angio_window_open_case (self, id, &error))
    show_error (self, error);
}

/* ↑ / ↓ on the image: the previous or next lesion of the run, round the list. */
static void
action_select_lesion (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);
  GListModel *lesions = angio_case_series_get_lesions (self->case_series);
  AngioLesion *selected = angio_annotation_panel_get_lesion (self->annotation_panel);
  guint n = g_list_model_get_n_items (lesions), at = n;
  g_autoptr(AngioLesion) next = NULL;

  if (n == 0)
    return;
  for (guint i = 0; i < n && at == n; i++)
    {
      g_autoptr(AngioLesion) l = g_list_model_get_item (lesions, i);

      if (l == selected)
        at = i;
    }
  if (at == n)
    at = g_str_equal (name, "case.next-lesion") ? n - 1 : 0;
  next = g_list_model_get_item (lesions, g_str_equal (name, "case.next-lesion") ? (at + 1) % n
                                                                              : (at + n - 1) % n);
  angio_annotation_panel_set_lesion (self->annotation_panel, next);
}

static void
on_lesion_edited (AngioWindow *self,
                  const char  *description)
{
  if (self->kase != NULL)
    angio_case_record (self->kase, description);
}

static void
action_lesion (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);
  AngioLesion *lesion = angio_annotation_panel_get_lesion (self->annotation_panel);
  g_autofree char *action = NULL;
  g_autofree char *id = NULL;

  if (lesion == NULL)
    return;
  id = g_strdup (angio_lesion_get_id (lesion));
  if (g_str_equal (name, "case.delete-lesion"))
    {
      GListModel *lesions = angio_case_series_get_lesions (self->case_series);
      guint at = 0, n;

      while (at < g_list_model_get_n_items (lesions))
        {
          g_autoptr(AngioLesion) l = g_list_model_get_item (lesions, at);

          if (l == lesion)
            break;
          at++;
        }
      angio_case_series_remove_lesion (self->case_series, lesion);
      /* Translators: history entries; %s is a lesion id */
      action = g_strdup_printf (_("%s deleted"), id);
      /* The next lesion selected, for the keyboard to go on with. */
      n = g_list_model_get_n_items (lesions);
      if (n > 0)
        {
          g_autoptr(AngioLesion) next = g_list_model_get_item (lesions, MIN (at, n - 1));

          angio_annotation_panel_set_lesion (self->annotation_panel, next);
        }
    }
  else
    {
      gboolean accept = g_str_equal (name, "case.accept-lesion");
      AngioStatus status = accept ? ANGIO_STATUS_ACCEPTED : ANGIO_STATUS_REJECTED;

      if (angio_lesion_get_status (lesion) == status)
        return;
      angio_lesion_set_status (lesion, status);
      action = g_strdup_printf (accept ? _("%s accepted") : _("%s rejected"), id);
    }
  angio_case_record (self->kase, action);
}

void
angio_window_case_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open-workspace", NULL,
                                   action_open_workspace);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, action_import);
  gtk_widget_class_install_action (widget_class, "win.show-worklist", NULL,
                                   action_show_worklist);
  gtk_widget_class_install_action (widget_class, "win.next-case", NULL, action_next_case);
  gtk_widget_class_install_action (widget_class, "win.previous-case", NULL, action_next_case);
  gtk_widget_class_install_action (widget_class, "case.undo", NULL, action_history);
  gtk_widget_class_install_action (widget_class, "case.show-history", NULL, action_show_history);
  gtk_widget_class_install_action (widget_class, "case.redo", NULL, action_history);
  gtk_widget_class_install_action (widget_class, "case.mark-key-frame", NULL, action_key_frame);
  gtk_widget_class_install_action (widget_class, "case.reject-key-frame", NULL,
                                   action_key_frame);
  gtk_widget_class_install_action (widget_class, "case.next-key-frame", NULL,
                                   action_jump_key_frame);
  gtk_widget_class_install_action (widget_class, "case.previous-key-frame", NULL,
                                   action_jump_key_frame);
  gtk_widget_class_install_action (widget_class, "case.measure", NULL, action_measure);
  gtk_widget_class_install_action (widget_class, "case.calibrate-catheter", NULL,
                                   action_calibrate_catheter);
  gtk_widget_class_install_action (widget_class, "case.reset-borders", NULL,
                                   action_reset_borders);
  gtk_widget_class_install_action (widget_class, "win.open-case", "s", action_open_case);
  gtk_widget_class_install_action (widget_class, "case.next-lesion", NULL,
                                   action_select_lesion);
  gtk_widget_class_install_action (widget_class, "case.previous-lesion", NULL,
                                   action_select_lesion);
  gtk_widget_class_install_action (widget_class, "case.accept-lesion", NULL, action_lesion);
  gtk_widget_class_install_action (widget_class, "case.reject-lesion", NULL, action_lesion);
  gtk_widget_class_install_action (widget_class, "case.delete-lesion", NULL, action_lesion);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.import",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK,
                                       "win.show-worklist", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK,
                                       "win.next-case", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK,
                                       "win.previous-case", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "case.undo",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "case.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "case.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK,
                                       "case.show-history", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "case.mark-key-frame", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_K, GDK_SHIFT_MASK,
                                       "case.reject-key-frame", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, 0, "case.next-key-frame",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, 0,
                                       "case.previous-key-frame", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, 0, "case.measure", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "case.accept-lesion", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_x, 0, "case.reject-lesion", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "case.delete-lesion",
                                       NULL);
}

void
angio_window_case_init (AngioWindow *self)
{
  self->measure_click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->measure_click), GDK_BUTTON_PRIMARY);
  g_signal_connect (self->measure_click, "released", G_CALLBACK (on_image_clicked), self);
  gtk_widget_add_controller (GTK_WIDGET (self->cine_view),
                             GTK_EVENT_CONTROLLER (self->measure_click));
  self->editor = angio_lesion_editor_new (self->cine_view);
  g_signal_connect_swapped (self->editor, "edited", G_CALLBACK (on_lesion_edited), self);
  g_object_bind_property (self->editor, "hover",
                          angio_annotation_panel_get_plot (self->annotation_panel), "hover",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->worklist, "case-activated", G_CALLBACK (on_case_activated),
                            self);
  g_signal_connect_swapped (self->annotation_panel, "notify::lesion",
                            G_CALLBACK (on_lesion_selected), self);
  g_signal_connect_swapped (self->proposals, "analysed", G_CALLBACK (on_analysed), self);
  angio_window_case_update_actions (self);
}

void
angio_window_case_dispose (AngioWindow *self)
{
  g_clear_handle_id (&self->import_tick, g_source_remove);
  close_case (self);
  g_clear_object (&self->workspace);
  if (self->editor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->editor, self);
      g_object_run_dispose (G_OBJECT (self->editor));
      g_clear_object (&self->editor);
    }
}
