/* test-annotate.c — annotating a case of a workspace under Xvfb, through the window's actions:
 * the worklist, key frames accepted and undone, a lesion measured on two points with its QCA
 * table, the reference method, the calibration, the pressure panel refusing bad values and the
 * FFR beside the estimate; corrections dragged on the image, the diameter plot, the catheter
 * calibration and the history window; and the reliability test: edits, `kill -9`, reopen — all
 * there. */
#include "config.h"

#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <gio/gunixinputstream.h>

#include "angio-application.h"
#include "angio-history-dialog.h"
#include "angio-i18n.h"
#include "angio-key-frame.h"
#include "angio-test-gui.h"
#include "angio-test-util.h"
#include "angio-window.h"

static AngioApplication *app;

/* A workspace with one analysed phantom case of @size² pixels; the phantom's truth in
 * @phantom. */
static char *
make_workspace_sized (const char    *name,
                      guint          size,
                      AngioPhantom **phantom)
{
  g_autofree char *folder = angio_test_path (name);
  g_autofree char *file_name = g_strconcat (name, ".dcm", NULL);
  g_autofree char *run = NULL;
  g_autoptr(AngioWorkspace) ws = NULL;
  g_autoptr(AngioImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  AngioPhantomParams params;
  const char *paths[2] = { NULL, NULL };

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = size;
  params.frames = 24;
  params.seed = 7;
  run = angio_test_phantom_file (&params, file_name, phantom);
  paths[0] = run;
  ws = angio_workspace_open (folder, TRUE, &error);
  g_assert_no_error (error);
  report = angio_workspace_import (ws, paths, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_series, ==, 1);
  return g_steal_pointer (&folder);
}

static char *
make_workspace (const char    *name,
                AngioPhantom **phantom)
{
  return make_workspace_sized (name, 256, phantom);
}

static AngioWindow *
open_case (const char *folder)
{
  AngioWindow *window = angio_window_new (GTK_APPLICATION (app));
  g_autoptr(GError) error = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (angio_window_open_workspace (window, folder, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (angio_worklist_get_n_shown (angio_window_get_worklist (window)), ==, 1);
  g_assert_true (angio_window_open_case (window, "CASE-0001", &error));
  g_assert_no_error (error);
  g_assert_true (angio_test_wait_for (angio_test_window_case_shown, window, 30000));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (angio_window_get_annotation_panel (window))));
  return window;
}

static guint
n_revisions (AngioWindow *window)
{
  g_autoptr(GPtrArray) history = angio_workspace_history (angio_window_get_workspace (window),
                                                          "CASE-0001", NULL);

  return history->len;
}

static void
activate (AngioWindow *window,
          const char  *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
}

static AngioCaseSeries *
case_series (AngioWindow *window)
{
  g_autoptr(AngioCaseSeries) cs = g_list_model_get_item (
                                    angio_case_get_series (angio_window_get_case (window)), 0);

  return cs;   /* the case keeps it */
}

/* Points on the vessel beyond both ends of the phantom's lesion, on the key frame. */
static void
lesion_ends (AngioPhantom *phantom,
             AngioPoint   *from,
             AngioPoint   *to)
{
  AngioPoint p = phantom->lesion_prox_px, d = phantom->lesion_dist_px;
  double dx = d.x - p.x, dy = d.y - p.y;

  *from = (AngioPoint) { p.x - 0.6 * dx, p.y - 0.6 * dy };
  *to = (AngioPoint) { d.x + 0.6 * dx, d.y + 0.6 * dy };
}

static void
test_annotate (void)
{
  g_autoptr(AngioPhantom) phantom = NULL;
  g_autofree char *folder = make_workspace ("ws-annotate", &phantom);
  AngioWindow *window = open_case (folder);
  AngioAnnotationPanel *panel = angio_window_get_annotation_panel (window);
  AngioSession *session = angio_window_get_session (window);
  AngioCaseSeries *cs = case_series (window);
  AngioCase *kase = angio_window_get_case (window);
  AngioLesion *lesion;
  AngioPoint from, to;
  guint n = n_revisions (window), key = phantom->key_first;
  double mld_before;
  const char *message;

  /* The import analysed the run: no new analysis, the proposals are there. */
  g_assert_true (angio_case_series_get_analysed (cs));
  g_assert_cmpuint (n, ==, 1);

  /* K on a frame: accepted, saved; undo: back, saved as a revision too; redo. */
  angio_session_set_frame (session, key);
  activate (window, "case.mark-key-frame");
  g_assert_cmpint (angio_key_frame_get_status (angio_case_series_find_key_frame (cs, key)), ==,
                   ANGIO_STATUS_ACCEPTED);
  g_assert_cmpuint (n_revisions (window), ==, n + 1);
  activate (window, "case.undo");
  g_assert_true (angio_case_series_find_key_frame (cs, key) == NULL ||
                 angio_key_frame_get_status (angio_case_series_find_key_frame (cs, key)) !=
                 ANGIO_STATUS_ACCEPTED);
  activate (window, "case.redo");
  g_assert_cmpint (angio_key_frame_get_status (angio_case_series_find_key_frame (cs, key)), ==,
                   ANGIO_STATUS_ACCEPTED);
  g_assert_cmpuint (n_revisions (window), ==, n + 3);

  /* Two points on the key frame: the guided QCA, at once, into the table. */
  lesion_ends (phantom, &from, &to);
  angio_session_set_frame (session, phantom->key_first);
  activate (window, "case.measure");
  angio_window_measure (window, from, to);
  lesion = angio_annotation_panel_get_lesion (panel);
  g_assert_nonnull (lesion);
  g_assert_cmpint (angio_lesion_get_origin (lesion), ==, ANGIO_ORIGIN_ANNOTATOR);
  g_assert_cmpfloat_with_epsilon (angio_lesion_get_measurement (lesion)->qca->percent_ds,
                                  phantom->params.percent_ds, 10);
  g_assert_nonnull (strstr (angio_annotation_panel_get_value (panel, "mld"), "mm"));
  g_assert_nonnull (strstr (angio_annotation_panel_get_value (panel, "calibration"),
                            "mm/px"));
  g_assert_cmpuint (n_revisions (window), ==, n + 4);

  /* A manual scale: every mm value follows. */
  mld_before = angio_lesion_get_measurement (lesion)->qca->mld_px *
               angio_case_series_get_mm_per_px (cs);
  angio_case_series_set_calibration (cs, ANGIO_CALIBRATION_MANUAL,
                                     angio_case_series_get_mm_per_px (cs) * 2, NAN);
  angio_case_record (kase, "scale");
  {
    g_autofree char *expected = g_strdup_printf ("%.2f mm", 2 * mld_before);

    g_assert_cmpstr (angio_annotation_panel_get_value (panel, "mld"), ==, expected);
  }
  activate (window, "case.undo");
  /* An undo reads the lesions back: the same one stays selected. */
  lesion = angio_annotation_panel_get_lesion (panel);
  g_assert_nonnull (lesion);
  g_assert_cmpstr (angio_lesion_get_id (lesion), ==, "L2");

  /* Pressure: a Pd above Pa is refused with a message and never stored. */
  g_assert_null (angio_annotation_panel_enter_pressure (panel, ANGIO_PRESSURE_PA_HYPER, "90"));
  message = angio_annotation_panel_enter_pressure (panel, ANGIO_PRESSURE_PD_HYPER, "120");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "Pd under hyperaemia"));
  g_assert_true (isnan (angio_pressure_get_value (angio_case_get_pressure (kase),
                                                  ANGIO_PRESSURE_PD_HYPER)));
  g_assert_nonnull (angio_annotation_panel_enter_pressure (panel, ANGIO_PRESSURE_PD_HYPER,
                                                           "seventy"));
  g_assert_null (angio_annotation_panel_enter_pressure (panel, ANGIO_PRESSURE_PD_HYPER, "70"));
  g_assert_cmpstr (angio_annotation_panel_get_value (panel, "ffr"), ==,
                   "0.78 · ≤ 0.80: significant");
  /* The estimate beside it, with its inputs. */
  g_assert_nonnull (strstr (angio_annotation_panel_get_value (panel, "estimate"), "0."));
  g_assert_nonnull (strstr (angio_annotation_panel_get_value (panel, "estimate-inputs"),
                            "Pa 90 mmHg (measured)"));
  {
    g_autoptr(AngioCase) stored = angio_workspace_load_case (angio_window_get_workspace (window),
                                                             "CASE-0001", NULL);

    g_assert_cmpfloat (angio_pressure_get_ffr (angio_case_get_pressure (stored)), ==, 70.0 / 90);
  }

  /* Reject and delete the lesion through the actions. */
  activate (window, "case.reject-lesion");
  g_assert_cmpint (angio_lesion_get_status (lesion), ==, ANGIO_STATUS_REJECTED);
  activate (window, "case.delete-lesion");
  /* The other lesion (the proposal) is selected next, or none is left. */
  g_assert_true (angio_annotation_panel_get_lesion (panel) != lesion);
  if (angio_annotation_panel_get_lesion (panel) != NULL)
    {
      activate (window, "case.delete-lesion");
      g_assert_null (angio_annotation_panel_get_lesion (panel));
    }
  g_assert_cmpuint (g_list_model_get_n_items (angio_case_series_get_lesions (cs)), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  angio_test_run_for (50);
}

static guint
n_points (AngioLesion *lesion)
{
  guint n;

  angio_lesion_get_edge_constraints (lesion, &n);
  return n;
}

static const char *
last_action (AngioWindow *window)
{
  static char action[256];
  g_autoptr(GPtrArray) history = angio_workspace_history (angio_window_get_workspace (window),
                                                          "CASE-0001", NULL);
  AngioRevision *last = g_ptr_array_index (history, history->len - 1);

  g_strlcpy (action, last->action, sizeof action);
  return action;
}

static GtkWindow *
history_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (g_object_get_data (G_OBJECT (w), "angio-history-list") != NULL)
        return w;
    }
  return NULL;
}

/* Corrections on the image: a border dragged out at the MLD (the border is found again
 * through the point, the QCA follows, the point is kept), the reference and lesion markers
 * dragged along the vessel, the borders reset, the diameter plot and the image pointing at
 * the same place, the catheter calibration, the history window. */
static void
test_correct (void)
{
  g_autoptr(AngioPhantom) phantom = NULL;
  /* 512²: the catheter is 6 px across, as on clinical runs (it is 3 at 256²). */
  g_autofree char *folder = make_workspace_sized ("ws-correct", 512, &phantom);
  AngioWindow *window = open_case (folder);
  AngioAnnotationPanel *panel = angio_window_get_annotation_panel (window);
  AngioLesionEditor *editor = angio_window_get_lesion_editor (window);
  AngioDiameterPlot *plot = angio_annotation_panel_get_plot (panel);
  AngioCaseSeries *cs = case_series (window);
  const AngioStenosis *m;
  AngioLesion *lesion;
  AngioPoint from, to, a, b;
  guint k, n, marker, shift, prox, i;
  double before, mm_truth = phantom->mm_per_px;
  GtkWindow *history;

  lesion_ends (phantom, &from, &to);
  angio_session_set_frame (angio_window_get_session (window), phantom->key_frame);
  angio_window_measure (window, from, to);
  lesion = angio_annotation_panel_get_lesion (panel);
  g_assert_nonnull (lesion);
  angio_test_run_for (50);
  n = n_revisions (window);

  /* The plot and the image point at the same scanline, both ways. */
  m = angio_lesion_get_measurement (lesion);
  k = m->qca->mld_index;
  angio_lesion_editor_set_hover (editor, k);
  g_assert_cmpint (angio_diameter_plot_get_hover (plot), ==, k);
  g_assert_nonnull (strstr (angio_diameter_plot_get_readout (plot), "ref"));
  angio_diameter_plot_set_hover (plot, k + 3);
  g_assert_cmpint (angio_lesion_editor_get_hover (editor), ==, k + 3);
  angio_diameter_plot_set_hover (plot, -1);
  g_assert_nonnull (strstr (angio_diameter_plot_get_readout (plot), "MLD"));

  /* The left border at the MLD pulled 2 px out: the lumen is 2 px wider there, one revision. */
  before = m->contour->diameter_px[k];
  from = m->contour->left[k];
  to = (AngioPoint) { from.x + 2 * m->contour->normal[k].x, from.y + 2 * m->contour->normal[k].y };
  g_assert_cmpint (angio_lesion_editor_hit (editor, from), ==, ANGIO_HANDLE_LEFT_EDGE);
  g_assert_cmpint (angio_lesion_editor_drag (editor, from, to), ==, ANGIO_HANDLE_LEFT_EDGE);
  m = angio_lesion_get_measurement (lesion);
  g_assert_cmpfloat_with_epsilon (m->contour->diameter_px[k], before + 2, 0.05);
  g_assert_cmpuint (n_points (lesion), ==, 1);
  g_assert_cmpuint (n_revisions (window), ==, n + 1);
  g_assert_nonnull (strstr (last_action (window), "border corrected"));
  /* Dragged again nearby: the point moves, it is not a second one. */
  from = m->contour->left[k + 2];
  to = (AngioPoint) { from.x + m->contour->normal[k + 2].x, from.y + m->contour->normal[k + 2].y };
  g_assert_cmpint (angio_lesion_editor_drag (editor, from, to), ==, ANGIO_HANDLE_LEFT_EDGE);
  g_assert_cmpuint (n_points (lesion), ==, 1);

  /* The distal reference marker moved up the vessel, halfway to the lesion. */
  m = angio_lesion_get_measurement (lesion);
  marker = m->qca->marker_dist;
  g_assert_cmpuint (marker, >, m->qca->dist_index + 8);
  shift = (marker - m->qca->dist_index) / 2;
  a = m->contour->centerline[marker];
  b = m->contour->centerline[marker - shift];
  g_assert_cmpint (angio_lesion_editor_drag (editor, a, b), ==, ANGIO_HANDLE_MARKER_DIST);
  m = angio_lesion_get_measurement (lesion);
  g_assert_cmpuint (m->qca->marker_dist, ==, marker - shift);
  g_assert_cmpint (angio_lesion_get_qca_params (lesion)->marker_dist, ==, marker - shift);
  g_assert_nonnull (strstr (last_action (window), "reference markers"));

  /* The proximal lesion border moved 6 scanlines out. */
  prox = m->qca->prox_index;
  a = angio_qca_point_at (m->qca, m->contour->centerline, m->qca->prox_position);
  b = m->contour->centerline[prox - 6];
  g_assert_cmpint (angio_lesion_editor_drag (editor, a, b), ==, ANGIO_HANDLE_LESION_PROX);
  g_assert_cmpint (angio_lesion_get_qca_params (lesion)->lesion_prox, ==, prox - 6);
  g_assert_nonnull (strstr (last_action (window), "lesion borders"));

  /* Reset: no points of the annotator's, the border follows the image again; undo brings the
   * point back. */
  activate (window, "case.reset-borders");
  g_assert_cmpuint (n_points (lesion), ==, 0);
  g_assert_cmpfloat_with_epsilon (angio_lesion_get_measurement (lesion)->contour->diameter_px[k],
                                  before, 0.3);
  activate (window, "case.undo");
  lesion = angio_annotation_panel_get_lesion (panel);
  g_assert_cmpuint (n_points (lesion), ==, 1);

  /* Catheter calibration along the straight stretch before the phantom's catheter tip: the
   * scale within 15 % of the truth (the catheter's wall measures some 10 % thin), the panel
   * says where it comes from. */
  i = phantom->catheter_px->len - 1;
  g_assert_cmpuint (i, >, 40);
  a = g_array_index (phantom->catheter_px, AngioPoint, i - 40);
  b = g_array_index (phantom->catheter_px, AngioPoint, i - 10);
  angio_annotation_panel_set_catheter_french (panel, phantom->params.catheter_french);
  activate (window, "case.calibrate-catheter");
  angio_window_calibrate_catheter (window, a, b);
  g_assert_cmpint (angio_case_series_get_calibration (cs), ==, ANGIO_CALIBRATION_CATHETER);
  g_assert_cmpfloat_with_epsilon (angio_case_series_get_mm_per_px (cs), mm_truth,
                                  0.15 * mm_truth);
  g_assert_nonnull (strstr (angio_annotation_panel_get_value (panel, "calibration"),
                            "catheter"));
  g_assert_nonnull (strstr (last_action (window), "catheter"));

  /* The history window lists every revision. */
  activate (window, "case.show-history");
  history = history_window ();
  g_assert_nonnull (history);
  {
    GtkListBox *list = angio_history_dialog_get_list (history);
    guint rows = 0;

    while (gtk_list_box_get_row_at_index (list, rows) != NULL)
      rows++;
    g_assert_cmpuint (rows, ==, n_revisions (window));
  }
  gtk_window_destroy (history);

  gtk_window_destroy (GTK_WINDOW (window));
  angio_test_run_for (50);
}

/* The demo opens as the case of its own workspace, annotatable at once; opened again it is
 * the same workspace and case (not imported twice); a workspace folder given as a file to
 * open opens as the workspace. */
static void
test_demo (void)
{
  AngioWindow *window;
  g_autofree char *folder = NULL;
  g_autoptr(GFile) file = NULL;

  for (guint round = 0; round < 2; round++)
    {
      window = angio_window_new (GTK_APPLICATION (app));
      gtk_window_present (GTK_WINDOW (window));
      angio_window_open_demo (window);
      g_assert_true (angio_test_wait_for (angio_test_window_case_shown, window, 60000));
      g_assert_nonnull (angio_window_get_workspace (window));
      g_assert_cmpstr (angio_case_get_id (angio_window_get_case (window)), ==, "CASE-0001");
      g_assert_cmpuint (angio_worklist_get_n_shown (angio_window_get_worklist (window)), ==, 1);
      g_assert_true (gtk_widget_get_visible (
                       GTK_WIDGET (angio_window_get_annotation_panel (window))));
      g_clear_pointer (&folder, g_free);
      folder = g_strdup (angio_workspace_get_folder (angio_window_get_workspace (window)));
      gtk_window_destroy (GTK_WINDOW (window));
      angio_test_run_for (50);
    }

  window = angio_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  file = g_file_new_for_path (folder);
  angio_window_open_files (window, &file, 1);
  g_assert_nonnull (angio_window_get_workspace (window));
  g_assert_cmpuint (angio_worklist_get_n_shown (angio_window_get_worklist (window)), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
  angio_test_run_for (50);
}

/* The child of the reliability test: edits, says so, then waits to be killed. */
static int
run_child (const char *folder)
{
  AngioWindow *window = open_case (folder);
  AngioAnnotationPanel *panel = angio_window_get_annotation_panel (window);

  angio_session_set_frame (angio_window_get_session (window), 3);
  activate (window, "case.mark-key-frame");
  g_assert_null (angio_annotation_panel_enter_pressure (panel, ANGIO_PRESSURE_PA_HYPER, "95"));
  g_assert_null (angio_annotation_panel_enter_pressure (panel, ANGIO_PRESSURE_PD_HYPER, "71"));
  g_print ("EDITED\n");
  fflush (stdout);
  for (;;)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}

static void
test_kill_and_reopen (void)
{
  g_autofree char *folder = make_workspace ("ws-kill", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GInputStream) out = NULL;
  g_autoptr(AngioWorkspace) ws = NULL;
  g_autoptr(AngioCase) kase = NULL;
  g_autoptr(AngioCaseSeries) cs = NULL;
  g_autofree char *line = NULL;
  const char *argv[] = { NULL, "--child", folder, NULL };
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  GPid pid;
  int fd, status;

  argv[0] = self_path;
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &pid, NULL, &fd, NULL, &error));
  g_assert_no_error (error);
  out = g_unix_input_stream_new (fd, TRUE);
  lines = g_data_input_stream_new (out);
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_cmpstr (line, ==, "EDITED");
  /* Every edit older than a second must survive the crash. */
  g_usleep (1100 * 1000);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_spawn_close_pid (pid);

  /* The lock went with the process; everything is there. */
  ws = angio_workspace_open (folder, FALSE, &error);
  g_assert_no_error (error);
  kase = angio_workspace_load_case (ws, "CASE-0001", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (angio_pressure_get_value (angio_case_get_pressure (kase),
                                               ANGIO_PRESSURE_PA_HYPER), ==, 95);
  g_assert_cmpfloat (angio_pressure_get_value (angio_case_get_pressure (kase),
                                               ANGIO_PRESSURE_PD_HYPER), ==, 71);
  cs = g_list_model_get_item (angio_case_get_series (kase), 0);
  g_assert_cmpint (angio_key_frame_get_status (angio_case_series_find_key_frame (cs, 3)), ==,
                   ANGIO_STATUS_ACCEPTED);
}

static void
test_second_window_refused (void)
{
  g_autofree char *folder = make_workspace ("ws-twice", NULL);
  g_autoptr(AngioWorkspace) held = angio_workspace_open (folder, FALSE, NULL);
  AngioWindow *window = angio_window_new (GTK_APPLICATION (app));
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (held);
  g_assert_false (angio_window_open_workspace (window, folder, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct {
  AngioWorklist *worklist;
  GArray *seen;      /* guint: the case counts the worklist showed, in order */
} Seen;

static gboolean
record_count (gpointer data)
{
  Seen *seen = data;
  guint n = angio_worklist_get_n_cases (seen->worklist);

  if (seen->seen->len == 0 || g_array_index (seen->seen, guint, seen->seen->len - 1) != n)
    g_array_append_val (seen->seen, n);
  return n == 3;
}

/* An empty workspace says what to do (import); importing three runs (three studies) shows
 * each case as it is imported, not all at the end. */
static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_import_shows_cases (void)
{
  g_autofree char *folder = angio_test_path ("ws-import");
  g_autofree char *runs = angio_test_path ("import-runs");
  AngioWindow *window = angio_window_new (GTK_APPLICATION (app));
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (guint));
  Seen seen = { angio_window_get_worklist (window), counts };
  gpointer alive = window;
  const char *paths[] = { runs, NULL };
  GtkLabel *hint;

  g_mkdir_with_parents (runs, 0755);
  for (guint seed = 31; seed < 34; seed++)
    {
      g_autofree char *name = g_strdup_printf ("import-runs/run-%u.dcm", seed);
      g_autofree char *path = angio_test_path (name);
      AngioPhantomParams params;

      angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
      params.size = 256;
      params.frames = 24;
      params.seed = seed;
      angio_test_write_phantom (&params, path, NULL);
    }
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (angio_window_open_workspace (window, folder, &error));
  g_assert_no_error (error);
  angio_test_run_for (100);
  hint = angio_test_find_label (GTK_WIDGET (window), "No Cases Yet");
  g_assert_nonnull (hint);
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (hint)));

  angio_window_import (window, paths);
  g_assert_true (angio_test_wait_for (record_count, &seen, 120000));
  /* 0, then 1 or 2 cases before the 3: the list followed the import. */
  g_test_message ("cases seen: %u values, first %u", counts->len, g_array_index (counts, guint, 0));
  g_assert_cmpuint (counts->len, >=, 3);
  g_assert_false (gtk_widget_is_drawable (GTK_WIDGET (hint)));
  angio_test_run_for (500);
  g_object_add_weak_pointer (G_OBJECT (window), &alive);
  gtk_window_destroy (GTK_WINDOW (window));
  /* The import goes on analysing in its thread after the last case shows, and holds the window
   * until it ends: the test must not leave (and the process tear OpenCV down) under it. */
  g_assert_true (angio_test_wait_for (is_gone, &alive, 120000));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  angio_i18n_init ();
  if (argc == 3 && g_str_equal (argv[1], "--child"))
    {
      gtk_init ();
      app = angio_application_new (G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (app), NULL, NULL);
      return run_child (argv[2]);
    }
  /* The demo and its workspace go to a cache of the test's own. */
  {
    g_autofree char *cache = angio_test_path ("cache");

    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  }
  angio_test_gui_init (&argc, &argv);
  app = angio_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/angio/ui/annotate/annotate", test_annotate);
  g_test_add_func ("/angio/ui/annotate/correct", test_correct);
  g_test_add_func ("/angio/ui/annotate/demo", test_demo);
  g_test_add_func ("/angio/ui/annotate/kill-and-reopen", test_kill_and_reopen);
  g_test_add_func ("/angio/ui/annotate/second-window-refused", test_second_window_refused);
  g_test_add_func ("/angio/ui/annotate/import-shows-cases", test_import_shows_cases);
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
