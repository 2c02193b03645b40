/* bench-workspace.c — the workspace's speed targets (issue "Annotate"):
 *  - a 200-case workspace lists in ≤ 200 ms (opening it and reading the summaries; and the
 *    worklist table filled from them);
 *  - opening a case from the worklist shows its first frame in ≤ 300 ms (the case read, its run
 *    opened, the first frame decoded and drawn);
 *  - an edit is saved (one revision, one transaction, synchronous=FULL) well within 1 s;
 *  - the QCA follows a drag in ≤ 30 ms a pointer motion: a border point moved (the borders
 *    found again through it) or a reference marker moved, with the panel and plot updated.
 * The cases are copies of one analysed 512² phantom case (same document size as a real one).
 * Runs under Xvfb: `meson test -C _build --benchmark --verbose`; exits 1 when a target is
 * missed.
 */
#include "config.h"

#include "angio-application.h"
#include "angio-i18n.h"
#include "angio-stats.h"
#include "angio-test-gui.h"
#include "angio-test-util.h"
#include "angio-window.h"

#define N_CASES 200
#define RUNS 7
#define N_MOVES 20

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* One analysed case, then 199 copies of its row and revision under new ids. */
static char *
make_workspace (void)
{
  g_autofree char *folder = angio_test_path ("bench-ws");
  g_autofree char *run = NULL;
  g_autoptr(AngioWorkspace) ws = NULL;
  g_autoptr(AngioImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  AngioPhantomParams params;
  const char *paths[2] = { NULL, NULL };

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = 512;
  params.frames = 48;
  params.syntax = ANGIO_SYNTAX_JPEG_LOSSLESS_SV1;
  run = angio_test_phantom_file (&params, "bench-ws.dcm", NULL);
  paths[0] = run;
  ws = angio_workspace_open (folder, TRUE, &error);
  g_assert_no_error (error);
  report = angio_workspace_import (ws, paths, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&ws);

  angio_test_copy_case (folder, N_CASES);
  return g_steal_pointer (&folder);
}

static gboolean presented;

static void
on_presented (void)
{
  presented = TRUE;
}

static gboolean
was_presented (gpointer data)
{
  return presented;
}

static gboolean
series_complete (gpointer data)
{
  AngioSeries *series = angio_cine_view_get_series (angio_window_get_cine_view (data));

  return series != NULL && angio_series_is_complete (series);
}

/* The work of one pointer motion on the first lesion of the case on show: a border point
 * moved across the vessel, then a reference marker moved along it. */
static void
drag_benchmarks (AngioWindow *window,
                 double      *edge_ms,
                 double      *marker_ms)
{
  double t0;
  AngioCase *kase = angio_window_get_case (window);
  g_autoptr(AngioCaseSeries) cs = g_list_model_get_item (angio_case_get_series (kase), 0);
  g_autoptr(AngioLesion) lesion = g_list_model_get_item (angio_case_series_get_lesions (cs), 0);
  const AngioStenosis *m = angio_lesion_get_measurement (lesion);
  guint k = m->qca->mld_index;
  double left = m->contour->left_px[k];
  AngioFrameContext *context;
  g_autoptr(GError) error = NULL;

  g_assert_true (angio_test_wait_for (series_complete, window, 30000));
  angio_annotation_panel_set_lesion (angio_window_get_annotation_panel (window), lesion);
  t0 = now_ms ();
  context = angio_case_series_get_frame_context (cs, angio_lesion_get_frame (lesion));
  g_assert_nonnull (context);
  g_print ("first drag on a frame: the frame prepared in %.1f ms\n", now_ms () - t0);
  angio_test_run_for (100);
  for (guint i = 0; i < N_MOVES; i++)
    {
      AngioEdgeConstraint point = { k, TRUE, left + 0.2 * (i + 1) };

      t0 = now_ms ();
      g_assert_true (angio_lesion_set_edge_constraints (lesion, context, &point, 1, &error));
      edge_ms[i] = now_ms () - t0;
    }
  for (guint i = 0; i < N_MOVES; i++)
    {
      AngioQcaParams params = *angio_lesion_get_qca_params (lesion);
      const AngioQca *q = angio_lesion_get_measurement (lesion)->qca;

      params.marker_prox = q->marker_prox;
      params.marker_dist = q->n - 1 - i % 5;
      t0 = now_ms ();
      g_assert_true (angio_lesion_remeasure (lesion, &params));
      marker_ms[i] = now_ms () - t0;
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AngioApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  double list_ms[RUNS], table_ms[RUNS], open_ms[RUNS], save_ms[RUNS];
  double edge_ms[N_MOVES], marker_ms[N_MOVES];
  double list, table, open, save, edge, edge_max, marker;
  AngioWindow *window;
  gboolean ok;

  angio_i18n_init ();
  angio_test_gui_init (&argc, &argv);
  app = angio_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  folder = make_workspace ();

  for (guint r = 0; r < RUNS; r++)
    {
      double t0 = now_ms ();
      g_autoptr(AngioWorkspace) ws = angio_workspace_open (folder, FALSE, &error);
      g_autoptr(GPtrArray) cases = NULL;

      g_assert_no_error (error);
      cases = angio_workspace_list (ws, &error);
      list_ms[r] = now_ms () - t0;
      g_assert_cmpuint (cases->len, ==, N_CASES);
    }

  window = angio_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  angio_test_run_for (200);
  g_signal_connect (angio_window_get_cine_view (window), "frame-presented",
                    G_CALLBACK (on_presented), NULL);
  for (guint r = 0; r < RUNS; r++)
    {
      double t0 = now_ms ();
      g_autofree char *id = g_strdup_printf ("CASE-%04u", 2 + r * 17);

      g_assert_true (angio_window_open_workspace (window, folder, &error));
      table_ms[r] = now_ms () - t0;
      g_assert_cmpuint (angio_worklist_get_n_shown (angio_window_get_worklist (window)), ==,
                        N_CASES);
      presented = FALSE;
      t0 = now_ms ();
      g_assert_true (angio_window_open_case (window, id, &error));
      g_assert_true (angio_test_wait_for (was_presented, NULL, 10000));
      open_ms[r] = now_ms () - t0;
      /* An edit: recorded, saved. */
      angio_test_run_for (300);
      t0 = now_ms ();
      angio_case_set_status (angio_window_get_case (window), ANGIO_CASE_IN_PROGRESS + r % 2);
      angio_case_record (angio_window_get_case (window), "bench");
      save_ms[r] = now_ms () - t0;
    }
  drag_benchmarks (window, edge_ms, marker_ms);
  gtk_window_destroy (GTK_WINDOW (window));

  edge_max = 0;
  for (guint i = 0; i < N_MOVES; i++)
    edge_max = MAX (edge_max, edge_ms[i]);
  edge = angio_median_inplace (edge_ms, N_MOVES);
  marker = angio_median_inplace (marker_ms, N_MOVES);
  list = angio_median_inplace (list_ms, RUNS);
  table = angio_median_inplace (table_ms, RUNS);
  open = angio_median_inplace (open_ms, RUNS);
  save = angio_median_inplace (save_ms, RUNS);
  g_print ("%u cases: open + list %.1f ms, worklist shown %.1f ms (target ≤ 200)\n", N_CASES,
           list, table);
  g_print ("open a case to its first frame (512², 48 frames): %.1f ms (target ≤ 300)\n", open);
  g_print ("save an edit (a revision, synchronous=FULL): %.1f ms (target < 1000)\n", save);
  g_print ("QCA update while dragging a border point: median %.1f ms, slowest %.1f ms "
           "(target ≤ 30)\n", edge, edge_max);
  g_print ("QCA update while dragging a reference marker: median %.1f ms (target ≤ 30)\n",
           marker);
  ok = list <= 200 && table <= 200 && open <= 300 && save < 1000 && edge <= 30 && marker <= 30;
  g_print ("%s\n", ok ? "all targets met" : "TARGET MISSED");
  return ok ? 0 : 1;
}
