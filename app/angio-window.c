/* angio-window.c — the main window.
 *
 * Opening: files and folders become a list of runs; the chosen run opens in the background and
 * shows as soon as its first frame is decoded, the header showing the rest coming (and a
 * button to stop). A bad file is a toast; the window stays as it was.
 * Playing: the session's clock, fed by the cine view's frame clock.
 */
#define G_LOG_DOMAIN "angio-window"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "angio-app-enums.h"
#include "angio-demo.h"
#include "angio-files.h"
#include "angio-window-private.h"

#define MAX_RECENT 10

G_DEFINE_FINAL_TYPE (AngioWindow, angio_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SHOW_PANEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const double speeds[] = { 0.25, 0.5, 1.0, 2.0, 4.0 };

void
angio_window_show_message (AngioWindow *self,
                           const char  *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (ANGIO_IS_WINDOW (self));

  /* Toast titles are markup: text from a file or a path must not be interpreted. */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 8);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  angio_window_add_toast (self, toast);
}

void
angio_window_add_toast (AngioWindow *self,
                        AdwToast    *toast)
{
  g_return_if_fail (ANGIO_IS_WINDOW (self));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "viewer") == 0)
    adw_toast_overlay_add_toast (self->image_toasts, toast);
  else
    adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Actions that need a run follow whether there is one. */
void
angio_window_update_actions (AngioWindow *self)
{
  static const char *const cine_actions[] = {
    "cine.play", "cine.next-frame", "cine.previous-frame", "cine.first-frame",
    "cine.last-frame", "cine.faster", "cine.slower", "cine.zoom-in", "cine.zoom-out",
    "cine.zoom-fit", "cine.zoom-fill", "cine.zoom-actual", "cine.window-default",
    "cine.window-auto", "cine.invert", "cine.reset",
  };
  gboolean has_series = angio_session_get_series (self->session) != NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cine_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), cine_actions[i], has_series);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next-run",
                                 self->current_run + 1 < self->run_paths->len);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.previous-run", self->current_run > 0);
  angio_window_case_update_actions (self);
}

/* Recent files */

static void
rebuild_recent (AngioWindow *self)
{
  g_auto(GStrv) recent = self->settings ? g_settings_get_strv (self->settings, "recent-files")
                                        : g_new0 (char *, 1);
  GtkWidget *child;

  g_menu_remove_all (self->recent_section);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autofree char *name = g_filename_display_basename (recent[i]);
      g_autofree char *dir = g_path_get_dirname (recent[i]);
      g_autofree char *dir_name = g_filename_display_name (dir);
      g_autoptr(GMenuItem) item = g_menu_item_new (name, NULL);
      GtkWidget *row = adw_action_row_new ();

      g_menu_item_set_action_and_target (item, "win.open-recent", "s", recent[i]);
      g_menu_append_item (self->recent_section, item);

      /* File names are shown as typed, never as markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), dir_name);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-recent");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", recent[i]);
      gtk_list_box_append (self->recent_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->recent_list), recent[0] != NULL);
}

static void
add_recent (AngioWindow *self,
            const char  *path)
{
  g_auto(GStrv) recent = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  if (self->settings == NULL)
    return;
  recent = g_settings_get_strv (self->settings, "recent-files");
  g_strv_builder_add (builder, path);
  for (guint i = 0; recent[i] != NULL && n < MAX_RECENT; i++)
    if (g_strcmp0 (recent[i], path) != 0)
      {
        g_strv_builder_add (builder, recent[i]);
        n++;
      }
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-files", (const char *const *) updated);
  rebuild_recent (self);
}

/* Loading */

static void
set_loading (AngioWindow *self,
             const char  *text,
             double       fraction)
{
  gtk_widget_set_visible (self->loading_box, text != NULL);
  if (text == NULL)
    return;
  gtk_progress_bar_set_text (self->loading_bar, text);
  if (fraction < 0)
    gtk_progress_bar_pulse (self->loading_bar);
  else
    gtk_progress_bar_set_fraction (self->loading_bar, fraction);
}

static void
on_frames_ready (AngioWindow *self)
{
  AngioSeries *series = angio_session_get_series (self->session);
  g_autofree char *text = NULL;
  guint ready, n;

  if (series == NULL)
    return;
  ready = angio_series_get_n_frames_ready (series);
  n = angio_series_get_n_frames (series);
  angio_timeline_set_n_ready (self->timeline, ready);
  if (angio_series_is_complete (series))
    return;
  /* Translators: shown while the frames of a run are decoded */
  text = g_strdup_printf (_("Decoding %u / %u"), ready, n);
  set_loading (self, text, (double) ready / n);
}

static gboolean
pulse (gpointer data)
{
  AngioWindow *self = data;

  gtk_progress_bar_pulse (self->loading_bar);
  return G_SOURCE_CONTINUE;
}

/* The analysis runs once a series is decoded: the bar says so, unless frames are still being
 * decoded (of another run) and it shows that. */
static void
on_analysis_running (AngioWindow *self)
{
  AngioSeries *series = angio_session_get_series (self->session);

  g_clear_handle_id (&self->pulse_id, g_source_remove);
  if (angio_proposals_get_running (self->proposals))
    {
      /* Translators: shown while the automatic analysis runs */
      set_loading (self, _("Finding key frames and stenoses…"), -1);
      self->pulse_id = g_timeout_add (120, pulse, self);
    }
  else if (series == NULL || angio_series_is_complete (series))
    set_loading (self, NULL, 0);
}

static void
on_load_finished (AngioWindow  *self,
                  const GError *error,
                  AngioSeries  *series)
{
  on_analysis_running (self);
  angio_timeline_set_n_ready (self->timeline, angio_series_get_n_frames_ready (series));
  angio_window_update_actions (self);
  if (error == NULL)
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Stopped: %u of %u frame decoded",
                                      "Stopped: %u of %u frames decoded",
                                      angio_series_get_n_frames (series)),
                         angio_series_get_n_frames_ready (series),
                         angio_series_get_n_frames (series));
      angio_window_show_message (self, message);
    }
  else
    angio_window_show_message (self, error->message);
}

static void on_frame_changed (AngioWindow *self);

static void
update_title (AngioWindow *self)
{
  AngioSeries *series = angio_session_get_series (self->session);
  g_autofree char *name = NULL;
  g_autofree char *subtitle = NULL;

  if (series == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Angiomark"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      return;
    }
  name = g_filename_display_basename (angio_series_get_path (series));
  /* Translators: window subtitle, e.g. "72 frames · 15.0 frames/s · 512 × 512" */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u frame · %.1f frames/s · %u × %u",
                                           "%u frames · %.1f frames/s · %u × %u",
                                           angio_series_get_n_frames (series)),
                              angio_series_get_n_frames (series), angio_series_get_fps (series),
                              angio_series_get_cols (series), angio_series_get_rows (series));
  adw_window_title_set_title (self->window_title, name);
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
show_series (AngioWindow *self,
             AngioSeries *series)
{
  angio_session_set_series (self->session, series);
  g_signal_group_set_target (self->series_signals, series);
  angio_window_case_series_shown (self, series);
  angio_timeline_set_n_frames (self->timeline, angio_series_get_n_frames (series));
  angio_timeline_set_n_ready (self->timeline, angio_series_get_n_frames_ready (series));
  gtk_stack_set_visible_child_name (self->stack, "viewer");
  update_title (self);
  angio_window_update_actions (self);
  on_frame_changed (self);
  on_frames_ready (self);
  on_analysis_running (self);
  angio_window_focus_image (self);
}

/* Runs to open, from files or folders: they replace the runs of the window only once one of
 * them opens, so a bad file leaves the window as it was. */
typedef struct {
  AngioWindow *window;
  GPtrArray *paths;      /* pending list, or NULL when choosing among the window's runs */
  guint index;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_object_unref (data->window);
  g_clear_pointer (&data->paths, g_ptr_array_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenData, open_data_free)

static void start_open (AngioWindow *self, OpenData *data);

static const char *
open_data_path (OpenData *data)
{
  GPtrArray *paths = data->paths ? data->paths : data->window->run_paths;

  return g_ptr_array_index (paths, data->index);
}

static void
set_runs (AngioWindow *self,
          GPtrArray   *paths)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_unref (self->run_paths);
  self->run_paths = g_ptr_array_ref (paths);
  for (guint i = 0; i < paths->len; i++)
    g_ptr_array_add (names, g_filename_display_basename (g_ptr_array_index (paths, i)));
  g_ptr_array_add (names, NULL);
  self->current_run = G_MAXUINT;
  self->updating_runs = TRUE;
  gtk_string_list_splice (self->run_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->run_names)),
                          (const char *const *) names->pdata);
  self->updating_runs = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->run_dropdown), paths->len > 1);
}

/* Shows which run is on screen (after a change, or to undo a choice that failed). */
static void
show_current_run (AngioWindow *self)
{
  self->updating_runs = TRUE;
  if (self->current_run < self->run_paths->len
      && gtk_drop_down_get_selected (self->run_dropdown) != self->current_run)
    gtk_drop_down_set_selected (self->run_dropdown, self->current_run);
  self->updating_runs = FALSE;
  angio_window_update_actions (self);
}

static void
on_series_opened (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(OpenData) data = user_data;
  AngioWindow *self = data->window;
  g_autoptr(GError) error = NULL;
  g_autoptr(AngioSeries) series = angio_series_open_finish (result, &error);
  AngioSeries *previous = angio_session_get_series (self->session);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Done opening: the cancellable now only reaches this run's decoding, which is stopped
   * through the series itself. */
  g_clear_object (&self->open_cancellable);
  if (series == NULL)
    {
      angio_window_show_message (self, error->message);
      /* From a folder, try the next file; otherwise the window stays as it was. */
      if (data->paths != NULL && data->index + 1 < data->paths->len)
        {
          data->index++;
          start_open (self, g_steal_pointer (&data));
          return;
        }
      set_loading (self, NULL, 0);
      show_current_run (self);
      return;
    }

  /* One run decodes at a time: the one being looked at. */
  if (previous != NULL && !angio_series_is_complete (previous))
    angio_series_cancel_load (previous);
  if (data->paths != NULL)
    set_runs (self, data->paths);
  self->current_run = data->index;
  show_current_run (self);
  show_series (self, series);
  add_recent (self, open_data_path (data));
}

static void
start_open (AngioWindow *self,
            OpenData    *data)
{
  /* A newer choice replaces an open still under way. */
  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  self->open_cancellable = g_cancellable_new ();
  set_loading (self, _("Opening…"), -1);
  angio_series_open_async (open_data_path (data), self->open_cancellable, on_series_opened,
                           data);
}

static void
open_runs (AngioWindow *self,
           GPtrArray   *paths,
           guint        index)
{
  OpenData *data = g_new0 (OpenData, 1);

  data->window = g_object_ref (self);
  data->paths = paths ? g_ptr_array_ref (paths) : NULL;
  data->index = index;
  start_open (self, data);
}

void
angio_window_open_paths (AngioWindow *self,
                         GPtrArray   *paths)
{
  g_return_if_fail (paths != NULL && paths->len > 0);
  open_runs (self, paths, 0);
}

static void
select_run (AngioWindow *self,
            guint        index)
{
  if (index >= self->run_paths->len || index == self->current_run)
    return;
  open_runs (self, NULL, index);
}

static void
on_run_selected (AngioWindow *self)
{
  guint index = gtk_drop_down_get_selected (self->run_dropdown);

  if (!self->updating_runs && index != GTK_INVALID_LIST_POSITION)
    select_run (self, index);
}

void
angio_window_open_files (AngioWindow  *self,
                         GFile       **files,
                         guint         n_files)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_return_if_fail (ANGIO_IS_WINDOW (self));

  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path == NULL)
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR) && angio_workspace_is_workspace (path))
        {
          g_autoptr(GError) error = NULL;

          /* A workspace folder opens as one, on its worklist. */
          if (!angio_window_open_workspace (self, path, &error))
            angio_window_show_message (self, error->message);
          continue;
        }
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_autoptr(GPtrArray) found = angio_files_collect_folder (files[i]);

          if (found->len == 0)
            {
              g_autofree char *name = g_filename_display_name (path);
              g_autofree char *message = g_strdup_printf (_("%s: no DICOM files in this folder"),
                                                          name);
              angio_window_show_message (self, message);
            }
          g_ptr_array_extend_and_steal (paths, g_steal_pointer (&found));
        }
      else
        /* A single file is tried even without the DICM prefix: its error says what is wrong. */
        g_ptr_array_add (paths, g_steal_pointer (&path));
    }
  if (paths->len == 0)
    return;
  open_runs (self, paths, 0);
}

static void
on_demo_ready (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AngioWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = angio_demo_ensure_finish (result, &error);
  g_autoptr(GFile) file = NULL;

  if (path == NULL)
    {
      set_loading (self, NULL, 0);
      angio_window_show_message (self, error->message);
      return;
    }
  /* In a workspace of its own, so that it can be annotated at once; else just the run. */
  if (angio_window_open_demo_case (self, path, &error))
    return;
  angio_window_show_message (self, error->message);
  file = g_file_new_for_path (path);
  angio_window_open_files (self, &file, 1);
}

void
angio_window_open_demo (AngioWindow *self)
{
  g_return_if_fail (ANGIO_IS_WINDOW (self));

  set_loading (self, _("Preparing the demo case…"), -1);
  angio_demo_ensure_async (NULL, on_demo_ready, g_object_ref (self));
}

/* Playback */

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  AngioWindow *self = user_data;

  angio_session_tick (self->session, gdk_frame_clock_get_frame_time (clock));
  return G_SOURCE_CONTINUE;
}

static void
on_playing_changed (AngioWindow *self)
{
  gboolean playing = angio_session_get_playing (self->session);

  gtk_button_set_icon_name (self->play_button, playing ? "media-playback-pause-symbolic"
                                                       : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button), playing ? _("Pause") : _("Play"));
  if (playing && self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->cine_view), on_tick, self,
                                                  NULL);
  else if (!playing && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self->cine_view), self->tick_id);
      self->tick_id = 0;
    }
}

static void
on_frame_changed (AngioWindow *self)
{
  AngioSeries *series = angio_session_get_series (self->session);
  g_autofree char *text = NULL;
  guint frame;
  g_autofree char *tooltip = NULL;

  if (series == NULL)
    return;
  frame = angio_session_get_frame (self->session);

  text = g_strdup_printf ("%u / %u", frame + 1, angio_series_get_n_frames (series));
  gtk_label_set_text (self->frame_label, text);
  /* Translators: the frame counter under the image: DICOM frame number (from 1), number of
   * frames, and the index exported files and the command line use (from 0) */
  tooltip = g_strdup_printf (_("Frame %u of %u (DICOM numbering, from 1); f%u in exported "
                               "file names and the command line (from 0)"),
                             frame + 1, angio_series_get_n_frames (series), frame);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->frame_label), tooltip);
}

static void
on_scrubbing (AngioWindow *self)
{
  gboolean scrubbing;

  g_object_get (self->timeline, "scrubbing", &scrubbing, NULL);
  if (scrubbing)
    angio_session_set_playing (self->session, FALSE);
}

static gboolean
speed_to_index (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      data)
{
  double speed = g_value_get_double (from);
  guint best = 2;

  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    if (fabs (speeds[i] - speed) < fabs (speeds[best] - speed))
      best = i;
  g_value_set_uint (to, best);
  return TRUE;
}

static gboolean
index_to_speed (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      data)
{
  guint index = g_value_get_uint (from);

  if (index >= G_N_ELEMENTS (speeds))
    return FALSE;
  g_value_set_double (to, speeds[index]);
  return TRUE;
}

static gboolean
enum_to_index (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      data)
{
  g_value_set_uint (to, (guint) g_value_get_enum (from));
  return TRUE;
}

static gboolean
index_to_enum (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      data)
{
  guint index = g_value_get_uint (from);

  if (index == GTK_INVALID_LIST_POSITION)
    return FALSE;
  g_value_set_enum (to, (int) index);
  return TRUE;
}

/* Actions */

static void
on_open_response (GtkNativeDialog *dialog,
                  int              response,
                  AngioWindow     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      guint n = g_list_model_get_n_items (files);
      g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (array, g_list_model_get_item (files, i));
      angio_window_open_files (self, (GFile **) array->pdata, array->len);
    }
  g_object_unref (dialog);
}

static void
show_open_dialog (AngioWindow          *self,
                  GtkFileChooserAction  action)
{
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) dicom = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (action == GTK_FILE_CHOOSER_ACTION_OPEN
                                        ? _("Open DICOM Files") : _("Open a Folder of Runs"),
                                        GTK_WINDOW (self), action, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  if (action == GTK_FILE_CHOOSER_ACTION_OPEN)
    {
      gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
      gtk_file_filter_set_name (dicom, _("DICOM files"));
      gtk_file_filter_add_mime_type (dicom, "application/dicom");
      gtk_file_filter_add_suffix (dicom, "dcm");
      gtk_file_filter_add_suffix (dicom, "dicom");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), dicom);
      gtk_file_filter_set_name (all, _("All files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);
    }
  g_signal_connect (dialog, "response", G_CALLBACK (on_open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
action_open (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  show_open_dialog (ANGIO_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
action_open_folder (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  show_open_dialog (ANGIO_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
}

static void
action_open_demo (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  angio_window_open_demo (ANGIO_WINDOW (widget));
}

static void
action_open_recent (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (param, NULL));

  angio_window_open_files (ANGIO_WINDOW (widget), &file, 1);
}

static void
action_cancel_load (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);
  AngioSeries *series = angio_session_get_series (self->session);

  /* Escape first stops a measurement under way. */
  if (angio_window_case_cancel_clicks (self))
    return;
  g_cancellable_cancel (self->open_cancellable);
  if (series != NULL && !angio_series_is_complete (series))
    angio_series_cancel_load (series);
  else
    set_loading (self, NULL, 0);
}

static void
action_run (GtkWidget  *widget,
            const char *name,
            GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);

  if (g_str_equal (name, "win.next-run"))
    select_run (self, self->current_run + 1);
  else if (self->current_run > 0)
    select_run (self, self->current_run - 1);
}

static void
action_play (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);

  angio_session_set_playing (self->session, !angio_session_get_playing (self->session));
}

static void
action_step (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  AngioSession *session = ANGIO_WINDOW (widget)->session;

  if (g_str_equal (name, "cine.next-frame"))
    angio_session_step (session, 1);
  else if (g_str_equal (name, "cine.previous-frame"))
    angio_session_step (session, -1);
  else if (g_str_equal (name, "cine.first-frame"))
    angio_session_first (session);
  else
    angio_session_last (session);
}

static void
action_speed (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  AngioSession *session = ANGIO_WINDOW (widget)->session;
  double speed = angio_session_get_speed (session);

  angio_session_set_speed (session, g_str_equal (name, "cine.faster") ? speed * 2 : speed / 2);
}

static void
action_zoom (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  AngioCineView *view = ANGIO_WINDOW (widget)->cine_view;
  double cx = gtk_widget_get_width (GTK_WIDGET (view)) / 2.0;
  double cy = gtk_widget_get_height (GTK_WIDGET (view)) / 2.0;

  if (g_str_equal (name, "cine.zoom-in"))
    angio_cine_view_zoom_at (view, 1.25, cx, cy);
  else if (g_str_equal (name, "cine.zoom-out"))
    angio_cine_view_zoom_at (view, 0.8, cx, cy);
  else if (g_str_equal (name, "cine.zoom-fit"))
    angio_cine_view_set_zoom_mode (view, ANGIO_ZOOM_FIT);
  else if (g_str_equal (name, "cine.zoom-fill"))
    angio_cine_view_set_zoom_mode (view, ANGIO_ZOOM_FILL);
  else
    angio_cine_view_set_zoom_mode (view, ANGIO_ZOOM_ACTUAL);
}

static void
action_window_level (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);

  if (g_str_equal (name, "cine.window-auto"))
    angio_session_auto_window (self->session);
  else if (g_str_equal (name, "cine.window-default"))
    angio_session_reset_window (self->session);
  else if (g_str_equal (name, "cine.invert"))
    {
      gboolean invert;

      g_object_get (self->session, "invert", &invert, NULL);
      g_object_set (self->session, "invert", !invert, NULL);
    }
  else   /* cine.reset */
    {
      g_object_set (self->session, "invert", FALSE, NULL);
      angio_session_reset_window (self->session);
      angio_cine_view_set_zoom_mode (self->cine_view, ANGIO_ZOOM_FIT);
    }
}

/* Drag and drop */

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         AngioWindow   *self)
{
  GSList *list;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  list = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  angio_window_open_files (self, (GFile **) files->pdata, files->len);
  g_slist_free (list);
  return TRUE;
}

/* GObject */

static void
on_close_answer (AdwMessageDialog *dialog,
                 const char       *response,
                 AngioWindow      *self)
{
  if (!g_str_equal (response, "close"))
    return;
  self->close_anyway = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/* A value typed was refused: the reader goes back to it, or closes without it. */
static void
ask_before_closing (AngioWindow *self,
                    const char  *refused)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("A Value Typed Was Not Saved"),
                                                       refused));
  adw_message_dialog_add_responses (dialog, "back", _("_Go Back to It"), "close",
                                    _("_Close Without It"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "close", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "back");
  adw_message_dialog_set_close_response (dialog, "back");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_answer), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
angio_window_close_request (GtkWindow *window)
{
  AngioWindow *self = ANGIO_WINDOW (window);
  const char *refused;

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set (self->settings, "window-size", "(ii)", width, height);
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (window));
    }
  /* What is typed in a field and not yet left is saved too; a value refused is not closed
   * over without asking. */
  refused = angio_annotation_panel_commit (self->annotation_panel);
  if (refused != NULL && !self->close_anyway)
    {
      ask_before_closing (self, refused);
      return TRUE;
    }
  g_cancellable_cancel (self->open_cancellable);
  /* The field loses the focus before it goes (a text still focused when destroyed leaves its
   * cursor blinking: GTK warns that it "did not receive a focus-out event"). */
  gtk_window_set_focus (window, NULL);
  return GTK_WINDOW_CLASS (angio_window_parent_class)->close_request (window);
}

static void
angio_window_constructed (GObject *object)
{
  AngioWindow *self = ANGIO_WINDOW (object);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID,
                                                                                 TRUE) : NULL;

  G_OBJECT_CLASS (angio_window_parent_class)->constructed (object);

  /* Without the installed schema the window still works, it just forgets. */
  if (schema != NULL)
    self->settings = g_settings_new (APP_ID);
  if (self->settings != NULL)
    {
      int width, height;

      g_settings_get (self->settings, "window-size", "(ii)", &width, &height);
      gtk_window_set_default_size (GTK_WINDOW (self), width, height);
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      g_settings_bind (self->settings, "loop-mode", self->session, "loop-mode",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "smooth-sampling", self->session, "smooth",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "show-panel", self, "show-panel", G_SETTINGS_BIND_DEFAULT);
      g_signal_connect_object (self->settings, "changed::reader-name",
                               G_CALLBACK (angio_window_reader_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed::reader-id",
                               G_CALLBACK (angio_window_reader_changed), self,
                               G_CONNECT_SWAPPED);
    }
  rebuild_recent (self);
}

static void
angio_window_dispose (GObject *object)
{
  AngioWindow *self = ANGIO_WINDOW (object);

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_object (&self->series_signals);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  /* Destroyed without a close request (gtk_window_destroy()): the same as closing. */
  if (self->annotation_panel != NULL)
    angio_annotation_panel_commit (self->annotation_panel);
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  angio_window_case_dispose (self);
  angio_window_redact_dispose (self);
  angio_window_compare_dispose (self);
  if (self->proposals != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->proposals, self);
      g_object_run_dispose (G_OBJECT (self->proposals));
      g_clear_object (&self->proposals);
    }
  /* No gtk_widget_dispose_template(): GtkWindow unparents its titlebar and child itself, and
   * doing it first leaves GtkWindow a dangling titlebar to unparent. */

  G_OBJECT_CLASS (angio_window_parent_class)->dispose (object);
}

static void
angio_window_finalize (GObject *object)
{
  AngioWindow *self = ANGIO_WINDOW (object);

  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_object (&self->run_names);
  g_clear_pointer (&self->run_paths, g_ptr_array_unref);
  g_clear_pointer (&self->adjudicating, g_free);

  G_OBJECT_CLASS (angio_window_parent_class)->finalize (object);
}

static void
angio_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AngioWindow *self = ANGIO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_PANEL:
      g_value_set_boolean (value, self->show_panel);
      break;
    case ANGIO_WINDOW_PROP_COMPARE:
    case ANGIO_WINDOW_PROP_COMPARE_DIFFERENCE:
      angio_window_compare_get_property (self, prop_id, value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  AngioWindow *self = ANGIO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_PANEL:
      if (self->show_panel != g_value_get_boolean (value))
        {
          self->show_panel = g_value_get_boolean (value);
          gtk_revealer_set_reveal_child (self->panel_revealer, self->show_panel);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case ANGIO_WINDOW_PROP_COMPARE:
    case ANGIO_WINDOW_PROP_COMPARE_DIFFERENCE:
      angio_window_compare_set_property (self, prop_id, value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_binding (GtkWidgetClass  *widget_class,
             guint            key,
             GdkModifierType  mods,
             const char      *action)
{
  gtk_widget_class_add_binding_action (widget_class, key, mods, action, NULL);
}

static void
angio_window_class_init (AngioWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = angio_window_constructed;
  object_class->dispose = angio_window_dispose;
  object_class->finalize = angio_window_finalize;
  object_class->get_property = angio_window_get_property;
  object_class->set_property = angio_window_set_property;
  window_class->close_request = angio_window_close_request;

  properties[PROP_SHOW_PANEL] =
    g_param_spec_boolean ("show-panel", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ANGIO_TYPE_ANNOTATION_PANEL);
  g_type_ensure (ANGIO_TYPE_CINE_VIEW);
  g_type_ensure (ANGIO_TYPE_INFO_PANEL);
  g_type_ensure (ANGIO_TYPE_TIMELINE);
  g_type_ensure (ANGIO_TYPE_WORKLIST);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/angiomark/Angiomark/ui/"
                                               "angio-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AngioWindow, annotation_panel);
  gtk_widget_class_bind_template_child (widget_class, AngioWindow, cine_view);
  gtk_widget_class_bind_template_child (widget_class, AngioWindow, frame_label);
  gtk_widget_class_bind_template_child (widget_class, AngioWindow, image_hint);
  gtk_widget_class_bind_template_child (widget_class, AngioWindow, image_toasts);
  gtk_widget_class_bind_template_child (widget_class, AngioWindow, info_panel);
  gtk_widget_class_bind_template_child (widget_class, AngioWindow, loading_bar);
  gtk_widget_class_bind_template_child (widget_class, AngioWindow, loading_box);
  gtk_widget_class_bind_template_child (widget_class, AngioWindow, loop_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AngioWindow, panel_revealer);
  gtk_widget_class_bind_template_child (widget_class, AngioWindow, panel_scroll);
  gtk_widget_class_bind_template_child (widget_class, AngioWindow, play_button);
  gtk_widget_class_bind_template_child (widget_class, AngioWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, AngioWindow, recent_section);
  gtk_widget_class_bind_template_child (widget_class, AngioWindow, run_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AngioWindow, speed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AngioWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, AngioWindow, timeline);
  gtk_widget_class_bind_template_child (widget_class, AngioWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AngioWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, AngioWindow, worklist);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, action_open);
  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL, action_open_folder);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, action_open_demo);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", action_open_recent);
  gtk_widget_class_install_action (widget_class, "win.cancel-load", NULL, action_cancel_load);
  gtk_widget_class_install_action (widget_class, "win.next-run", NULL, action_run);
  gtk_widget_class_install_action (widget_class, "win.previous-run", NULL, action_run);
  gtk_widget_class_install_property_action (widget_class, "win.show-panel", "show-panel");
  gtk_widget_class_install_action (widget_class, "cine.play", NULL, action_play);
  gtk_widget_class_install_action (widget_class, "cine.next-frame", NULL, action_step);
  gtk_widget_class_install_action (widget_class, "cine.previous-frame", NULL, action_step);
  gtk_widget_class_install_action (widget_class, "cine.first-frame", NULL, action_step);
  gtk_widget_class_install_action (widget_class, "cine.last-frame", NULL, action_step);
  gtk_widget_class_install_action (widget_class, "cine.faster", NULL, action_speed);
  gtk_widget_class_install_action (widget_class, "cine.slower", NULL, action_speed);
  gtk_widget_class_install_action (widget_class, "cine.zoom-in", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "cine.zoom-out", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "cine.zoom-fit", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "cine.zoom-fill", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "cine.zoom-actual", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "cine.window-default", NULL, action_window_level);
  gtk_widget_class_install_action (widget_class, "cine.window-auto", NULL, action_window_level);
  gtk_widget_class_install_action (widget_class, "cine.invert", NULL, action_window_level);
  gtk_widget_class_install_action (widget_class, "cine.reset", NULL, action_window_level);

  add_binding (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open");
  add_binding (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.open-folder");
  add_binding (widget_class, GDK_KEY_Escape, 0, "win.cancel-load");
  add_binding (widget_class, GDK_KEY_F9, 0, "win.show-panel");
  add_binding (widget_class, GDK_KEY_Page_Down, 0, "win.next-run");
  add_binding (widget_class, GDK_KEY_Page_Up, 0, "win.previous-run");
  /* Space, ← and → are taken before the focused widget sees them (angio-window-keys.c). */
  add_binding (widget_class, GDK_KEY_Home, 0, "cine.first-frame");
  add_binding (widget_class, GDK_KEY_End, 0, "cine.last-frame");
  add_binding (widget_class, GDK_KEY_bracketright, 0, "cine.faster");
  add_binding (widget_class, GDK_KEY_bracketleft, 0, "cine.slower");
  add_binding (widget_class, GDK_KEY_plus, 0, "cine.zoom-in");
  add_binding (widget_class, GDK_KEY_equal, 0, "cine.zoom-in");
  add_binding (widget_class, GDK_KEY_KP_Add, 0, "cine.zoom-in");
  add_binding (widget_class, GDK_KEY_minus, 0, "cine.zoom-out");
  add_binding (widget_class, GDK_KEY_KP_Subtract, 0, "cine.zoom-out");
  add_binding (widget_class, GDK_KEY_0, 0, "cine.zoom-fit");
  add_binding (widget_class, GDK_KEY_1, 0, "cine.zoom-actual");
  add_binding (widget_class, GDK_KEY_f, 0, "cine.zoom-fill");
  add_binding (widget_class, GDK_KEY_a, 0, "cine.window-auto");
  add_binding (widget_class, GDK_KEY_d, 0, "cine.window-default");
  add_binding (widget_class, GDK_KEY_i, 0, "cine.invert");
  add_binding (widget_class, GDK_KEY_r, 0, "cine.reset");
  angio_window_case_class_init (widget_class);
  angio_window_packages_class_init (widget_class);
  angio_window_reader_class_init (widget_class);
  angio_window_compare_class_init (widget_class);
  angio_window_review_class_init (widget_class);
  angio_window_redact_class_init (widget_class);
}

static void
angio_window_init (AngioWindow *self)
{
  GtkDropTarget *drop;

  self->session = angio_session_new ();
  self->run_paths = g_ptr_array_new_with_free_func (g_free);
  self->run_names = gtk_string_list_new (NULL);
  self->show_panel = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_drop_down_set_model (self->run_dropdown, G_LIST_MODEL (self->run_names));
  g_signal_connect_swapped (self->run_dropdown, "notify::selected",
                            G_CALLBACK (on_run_selected), self);
  gtk_revealer_set_reveal_child (self->panel_revealer, TRUE);

  g_object_bind_property (self->session, "series", self->cine_view, "series",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->session, "frame", self->cine_view, "frame",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->session, "frame", self->timeline, "frame",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->session, "window-center", self->cine_view, "window-center",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->session, "window-width", self->cine_view, "window-width",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->session, "invert", self->cine_view, "invert",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->session, "smooth", self->cine_view, "smooth",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->session, "zoom-mode", self->cine_view, "zoom-mode",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property_full (self->session, "speed", self->speed_dropdown, "selected",
                               G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL,
                               speed_to_index, index_to_speed, NULL, NULL);
  g_object_bind_property_full (self->session, "loop-mode", self->loop_dropdown, "selected",
                               G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL,
                               enum_to_index, index_to_enum, NULL, NULL);
  g_signal_connect_swapped (self->session, "notify::playing", G_CALLBACK (on_playing_changed),
                            self);
  g_signal_connect_swapped (self->session, "notify::frame", G_CALLBACK (on_frame_changed), self);
  g_signal_connect_swapped (self->timeline, "notify::scrubbing", G_CALLBACK (on_scrubbing), self);
  angio_info_panel_set_session (self->info_panel, self->session, self->cine_view);

  self->series_signals = g_signal_group_new (ANGIO_TYPE_SERIES);
  g_signal_group_connect_swapped (self->series_signals, "notify::n-frames-ready",
                                  G_CALLBACK (on_frames_ready), self);
  g_signal_group_connect_swapped (self->series_signals, "load-finished",
                                  G_CALLBACK (on_load_finished), self);

  /* First: the comparison's difference layer lies under the proposals' outlines. */
  angio_window_compare_init (self);
  self->proposals = angio_proposals_new (self->cine_view, self->timeline);
  g_signal_connect_swapped (self->proposals, "notify::running",
                            G_CALLBACK (on_analysis_running), self);
  g_signal_connect_swapped (self->proposals, "message",
                            G_CALLBACK (angio_window_show_message), self);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  gtk_stack_set_visible_child_name (self->stack, "empty");
  angio_window_keys_init (self);
  angio_window_case_init (self);
  angio_window_redact_init (self);
  angio_window_update_actions (self);
}

AngioWindow *
angio_window_new (GtkApplication *application)
{
  return g_object_new (ANGIO_TYPE_WINDOW, "application", application, NULL);
}

AngioSession *
angio_window_get_session (AngioWindow *self)
{
  g_return_val_if_fail (ANGIO_IS_WINDOW (self), NULL);

  return self->session;
}

AngioCineView *
angio_window_get_cine_view (AngioWindow *self)
{
  g_return_val_if_fail (ANGIO_IS_WINDOW (self), NULL);

  return self->cine_view;
}

AngioTimeline *
angio_window_get_timeline (AngioWindow *self)
{
  g_return_val_if_fail (ANGIO_IS_WINDOW (self), NULL);

  return self->timeline;
}

AngioProposals *
angio_window_get_proposals (AngioWindow *self)
{
  g_return_val_if_fail (ANGIO_IS_WINDOW (self), NULL);

  return self->proposals;
}

AngioInfoPanel *
angio_window_get_info_panel (AngioWindow *self)
{
  g_return_val_if_fail (ANGIO_IS_WINDOW (self), NULL);

  return self->info_panel;
}
