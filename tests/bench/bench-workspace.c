/* bench-workspace.c — the workspace's speed targets (issue "Annotate"):
 *  - a 200-case workspace lists in ≤ 200 ms (opening it and reading the summaries; and the
 *    worklist table filled from them);
 *  - opening a case from the worklist shows its first frame in ≤ 300 ms (the case read, its run
 *    opened, the first frame decoded and drawn);
 *  - an edit is saved (one revision, one transaction, synchronous=FULL) well within 1 s.
 * The cases are copies of one analysed 512² phantom case (same document size as a real one).
 * Runs under Xvfb: `meson test -C _build --benchmark --verbose`; exits 1 when a target is
 * missed.
 */
#include "config.h"

#include <sqlite3.h>

#include "angio-application.h"
#include "angio-i18n.h"
#include "angio-stats.h"
#include "angio-test-gui.h"
#include "angio-test-util.h"
#include "angio-window.h"

#define N_CASES 200
#define RUNS 7

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
  g_autofree char *db_path = NULL;
  g_autofree char *run = NULL;
  g_autoptr(AngioWorkspace) ws = NULL;
  g_autoptr(AngioImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  AngioPhantomParams params;
  const char *paths[2] = { NULL, NULL };
  sqlite3 *db;

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

  db_path = g_build_filename (folder, ANGIO_WORKSPACE_DB, NULL);
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  for (guint i = 2; i <= N_CASES; i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO cases (case_id, study_uid, created, status, best_key_frame, "
        "worst_percent_ds, estimated_ffr, n_series, modified) SELECT 'CASE-%04u', 'study-%u', "
        "created, status, best_key_frame, worst_percent_ds, estimated_ffr, n_series, modified "
        "FROM cases WHERE case_id = 'CASE-0001';"
        "INSERT INTO revisions (case_ref, time, who, action, document) "
        "SELECT last_insert_rowid (), time, who, action, replace (document, 'CASE-0001', 'CASE-%04u') FROM revisions "
        "WHERE case_ref = 1;", i, i, i);

      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  sqlite3_close (db);
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

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AngioApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  double list_ms[RUNS], table_ms[RUNS], open_ms[RUNS], save_ms[RUNS];
  double list, table, open, save;
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
  gtk_window_destroy (GTK_WINDOW (window));

  list = angio_median_inplace (list_ms, RUNS);
  table = angio_median_inplace (table_ms, RUNS);
  open = angio_median_inplace (open_ms, RUNS);
  save = angio_median_inplace (save_ms, RUNS);
  g_print ("%u cases: open + list %.1f ms, worklist shown %.1f ms (target ≤ 200)\n", N_CASES,
           list, table);
  g_print ("open a case to its first frame (512², 48 frames): %.1f ms (target ≤ 300)\n", open);
  g_print ("save an edit (a revision, synchronous=FULL): %.1f ms (target < 1000)\n", save);
  ok = list <= 200 && table <= 200 && open <= 300 && save < 1000;
  g_print ("%s\n", ok ? "all targets met" : "TARGET MISSED");
  return ok ? 0 : 1;
}
