/* test-workspace.c — the SQLite workspace: import (files, folders, DICOMDIR, twice), list,
 * revisions and history, one process at a time, foreign and damaged databases refused and left
 * untouched, a workspace whose writer was killed opened with its last saves, the CLI's
 * workspace commands. */
#include "config.h"

#include <math.h>
#include <sqlite3.h>

#include <glib/gstdio.h>

#include "angio-case-history.h"
#include "angio-json.h"
#include "angio-key-frame.h"
#include "angio-test-util.h"
#include "angio-workspace.h"

static char *
phantom (const char *name,
         guint       seed)
{
  AngioPhantomParams params;

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = 128;
  params.frames = 8;
  params.seed = seed;
  return angio_test_phantom_file (&params, name, NULL);
}

static char *
checksum (const char *path)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) data, length);
}

static void
test_import_and_revisions (void)
{
  g_autofree char *folder = angio_test_path ("ws-import");
  g_autofree char *runs = angio_test_path ("runs");
  g_autofree char *a = NULL, *b = NULL, *dicomdir = NULL, *text = NULL;
  g_autoptr(AngioWorkspace) ws = NULL;
  g_autoptr(AngioImportReport) report = NULL;
  g_autoptr(AngioImportReport) again = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(AngioCase) kase = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(GError) error = NULL;
  AngioCaseSummary *s;
  gint64 rev;

  g_assert_cmpint (g_mkdir_with_parents (runs, 0755), ==, 0);
  a = phantom ("runs/a.dcm", 1);
  b = phantom ("runs/b.dcm", 2);
  dicomdir = angio_test_write ("runs/DICOMDIR", "not read", 8);
  ws = angio_workspace_open (folder, TRUE, &error);
  g_assert_no_error (error);

  {
    const char *paths[] = { runs, NULL };

    report = angio_workspace_import (ws, paths, FALSE, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (report->n_series, ==, 2);
    g_assert_cmpuint (report->cases->len, ==, 2);
  }
  {
    /* Again, through the DICOMDIR: nothing new. */
    const char *paths[] = { dicomdir, a, NULL };

    again = angio_workspace_import (ws, paths, FALSE, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (again->n_series, ==, 0);
    g_assert_cmpuint (again->n_known, ==, 3);
  }

  list = angio_workspace_list (ws, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  s = g_ptr_array_index (list, 0);
  g_assert_cmpstr (s->case_id, ==, "CASE-0001");
  g_assert_cmpint (s->status, ==, ANGIO_CASE_NEW);
  g_assert_cmpuint (s->n_series, ==, 1);
  g_assert_cmpuint (s->n_revisions, ==, 1);
  g_assert_true (isnan (s->wire_ffr));

  /* Every save is a revision; the summary follows the last one. */
  kase = angio_workspace_load_case (ws, "CASE-0001", &error);
  g_assert_no_error (error);
  angio_case_set_annotator (kase, "Dr Wu");
  angio_case_set_status (kase, ANGIO_CASE_DONE);
  angio_pressure_set_value (angio_case_get_pressure (kase), ANGIO_PRESSURE_PA_HYPER, 90, NULL);
  angio_pressure_set_value (angio_case_get_pressure (kase), ANGIO_PRESSURE_PD_HYPER, 72, NULL);
  rev = angio_workspace_save_case (ws, kase, NULL, "Entered the wire values", &error);
  g_assert_no_error (error);
  g_assert_cmpint (rev, >, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = angio_workspace_list (ws, &error);
  s = g_ptr_array_index (list, 0);
  g_assert_cmpint (s->status, ==, ANGIO_CASE_DONE);
  g_assert_cmpstr (s->annotator, ==, "Dr Wu");
  g_assert_cmpfloat_with_epsilon (s->wire_ffr, 0.8, 1e-9);
  g_assert_cmpuint (s->n_revisions, ==, 2);

  history = angio_workspace_history (ws, "CASE-0001", &error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpstr (((AngioRevision *) g_ptr_array_index (history, 1))->action, ==,
                   "Entered the wire values");
  g_assert_cmpstr (((AngioRevision *) g_ptr_array_index (history, 1))->who, ==, "Dr Wu");
  /* The first revision is still there as it was. */
  first = angio_workspace_load_revision (ws, ((AngioRevision *) g_ptr_array_index (history, 0))->id,
                                         &error);
  g_assert_no_error (error);
  g_assert_null (angio_json_get_string (json_node_get_object (first), "annotator"));

  g_assert_null (angio_workspace_load_case (ws, "CASE-0999", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_one_process (void)
{
  g_autofree char *folder = angio_test_path ("ws-lock");
  g_autoptr(AngioWorkspace) ws = angio_workspace_open (folder, TRUE, NULL);
  g_autoptr(AngioWorkspace) second = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (ws);
  second = angio_workspace_open (folder, FALSE, &error);
  g_assert_null (second);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "in use"));
  g_clear_error (&error);
  /* Closed: open again. */
  g_clear_object (&ws);
  second = angio_workspace_open (folder, FALSE, &error);
  g_assert_no_error (error);
}

static void
assert_refused (const char *folder,
                const char *reason)
{
  g_autofree char *db = g_build_filename (folder, ANGIO_WORKSPACE_DB, NULL);
  g_autofree char *before = checksum (db);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AngioWorkspace) ws = angio_workspace_open (folder, TRUE, &error);

  g_assert_null (ws);
  g_assert_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, reason));
  after = checksum (db);
  g_assert_cmpstr (before, ==, after);
}

static void
test_foreign_and_damaged (void)
{
  g_autofree char *junk = angio_test_path ("ws-junk");
  g_autofree char *foreign = angio_test_path ("ws-foreign");
  g_autofree char *damaged = angio_test_path ("ws-damaged");
  g_autofree char *db = NULL;
  g_autofree char *data = NULL;
  sqlite3 *other = NULL;
  gsize length;

  g_mkdir_with_parents (junk, 0755);
  g_free (angio_test_write ("ws-junk/workspace.db", "hello, I am a text file\n", 24));
  assert_refused (junk, "not an SQLite database");

  /* Another program's database. */
  g_mkdir_with_parents (foreign, 0755);
  db = g_build_filename (foreign, ANGIO_WORKSPACE_DB, NULL);
  g_assert_cmpint (sqlite3_open (db, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "CREATE TABLE t (x); INSERT INTO t VALUES (1)", NULL,
                                 NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);
  assert_refused (foreign, "another program");

  /* A workspace whose pages were overwritten. */
  {
    g_autoptr(AngioWorkspace) ws = angio_workspace_open (damaged, TRUE, NULL);
    g_autofree char *runs = angio_test_path ("damaged-run.dcm");
    g_autofree char *run = phantom ("damaged-run.dcm", 3);
    const char *paths[] = { run, NULL };
    g_autoptr(AngioImportReport) report = angio_workspace_import (ws, paths, FALSE, NULL, NULL);

    g_assert_nonnull (report);
  }
  g_clear_pointer (&db, g_free);
  db = g_build_filename (damaged, ANGIO_WORKSPACE_DB, NULL);
  g_assert_true (g_file_get_contents (db, &data, &length, NULL));
  g_assert_cmpuint (length, >, 4096);
  memset (data + 4096 + 8, 0x5a, MIN (length - 4096 - 8, 3000));
  g_assert_true (g_file_set_contents (db, data, length, NULL));
  assert_refused (damaged, "damaged");

  /* A workspace whose creation was killed before its first commit: an empty database file. It
   * is no workspace (said so, and why), and opening it to write makes it one. */
  {
    g_autofree char *folder = angio_test_path ("ws-interrupted");
    g_autofree char *empty = g_build_filename (folder, ANGIO_WORKSPACE_DB, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(AngioWorkspace) ws = NULL;

    g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
    g_assert_true (g_file_set_contents (empty, "", 0, NULL));
    g_assert_null (angio_workspace_open (folder, FALSE, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "its creation was interrupted"));
    g_clear_error (&error);
    ws = angio_workspace_open (folder, TRUE, &error);
    g_assert_no_error (error);
    g_assert_nonnull (ws);
  }
}

static void
test_cli (void)
{
  g_autofree char *folder = angio_test_path ("ws-cli");
  g_autofree char *run = phantom ("cli-run.dcm", 4);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("ANGIOMARK_CLI");
  int status;

  {
    const char *argv[] = { cli, "workspace", "import", folder, run, "--json", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, &err, &status,
                                 &error));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    root = json_from_string (out, &error);
    g_assert_no_error (error);
    g_assert_cmpint (angio_json_get_int (json_node_get_object (root), "series_added", 0), ==, 1);
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&root, json_node_unref);
  {
    const char *argv[] = { cli, "workspace", "list", folder, "--json", NULL };
    JsonObject *c;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, &err, &status,
                                 &error));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    root = json_from_string (out, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
    c = angio_json_object_at (json_node_get_array (root), 0);
    g_assert_cmpstr (angio_json_get_string (c, "case_id"), ==, "CASE-0001");
    /* Analysed on import: proposals are in. */
    g_assert_cmpint (angio_json_get_int (c, "best_key_frame", -1), >=, 0);
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  {
    /* While this process holds it, the CLI is refused (exit 2, a clear message). */
    g_autoptr(AngioWorkspace) ws = angio_workspace_open (folder, FALSE, &error);
    const char *argv[] = { cli, "workspace", "list", folder, NULL };

    g_assert_no_error (error);
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, &err, &status,
                                 &error));
    g_assert_true (WIFEXITED (status));
    g_assert_cmpint (WEXITSTATUS (status), ==, 2);
    g_assert_nonnull (strstr (err, "in use"));
  }
}

/* Each recorded edit is a revision at once; undo and redo load the steps and are revisions. */
/* A process killed after its saves (the last revisions only in the write-ahead log, never
 * checkpointed into workspace.db): the next one opens the workspace and finds them. The files
 * are copied while the writer has them open: what a kill leaves on disk. */
static void
test_killed_writer (void)
{
  g_autofree char *folder = angio_test_path ("ws-killed");
  g_autofree char *after = angio_test_path ("ws-killed-after");
  g_autofree char *run = phantom ("killed-run.dcm", 4);
  const char *paths[] = { run, NULL };
  const char *files[] = { ANGIO_WORKSPACE_DB, ANGIO_WORKSPACE_DB "-wal" };
  g_autoptr(AngioWorkspace) writer = angio_workspace_open (folder, TRUE, NULL);
  g_autoptr(AngioImportReport) report = angio_workspace_import (writer, paths, FALSE, NULL, NULL);
  g_autoptr(AngioWorkspace) ws = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (report->n_series, ==, 1);
  g_mkdir_with_parents (after, 0755);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *from = g_build_filename (folder, files[i], NULL);
      g_autofree char *to = g_build_filename (after, files[i], NULL);
      g_autofree char *bytes = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (from, &bytes, &length, NULL));
      g_assert_true (g_file_set_contents (to, bytes, length, NULL));
    }

  ws = angio_workspace_open (after, FALSE, &error);
  g_assert_no_error (error);
  cases = angio_workspace_list (ws, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 1);
}

static void
test_undo_redo (void)
{
  g_autofree char *folder = angio_test_path ("ws-undo");
  g_autofree char *run = phantom ("undo-run.dcm", 5);
  const char *paths[] = { run, NULL };
  g_autoptr(AngioWorkspace) ws = angio_workspace_open (folder, TRUE, NULL);
  g_autoptr(AngioImportReport) report = angio_workspace_import (ws, paths, TRUE, NULL, NULL);
  g_autoptr(AngioCase) kase = angio_workspace_load_case (ws, "CASE-0001", NULL);
  g_autoptr(AngioCaseHistory) history = angio_case_history_new (ws, kase);
  g_autoptr(AngioCaseSeries) series = g_list_model_get_item (angio_case_get_series (kase), 0);
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GError) error = NULL;
  AngioKeyFrame *key;
  guint frame;

  g_assert_nonnull (report);
  g_assert_false (angio_case_history_can_undo (history));
  key = g_list_model_get_item (angio_case_series_get_key_frames (series), 0);
  g_assert_nonnull (key);
  frame = angio_key_frame_get_frame (key);
  g_object_unref (key);

  angio_case_series_set_key_frame_status (series, frame, ANGIO_STATUS_ACCEPTED);
  angio_case_record (kase, "Accepted a key frame");
  angio_pressure_set_value (angio_case_get_pressure (kase), ANGIO_PRESSURE_PA_HYPER, 88, NULL);
  angio_case_record (kase, "Pa");
  revisions = angio_workspace_history (ws, "CASE-0001", NULL);
  g_assert_cmpuint (revisions->len, ==, 3);
  g_assert_true (angio_case_history_can_undo (history));
  g_assert_cmpstr (angio_case_history_get_undo_action (history), ==, "Pa");

  g_assert_true (angio_case_history_undo (history, &error));
  g_assert_true (isnan (angio_pressure_get_value (angio_case_get_pressure (kase),
                                                  ANGIO_PRESSURE_PA_HYPER)));
  g_assert_true (angio_case_history_undo (history, &error));
  g_assert_cmpint (angio_key_frame_get_status (angio_case_series_find_key_frame (series, frame)),
                   ==, ANGIO_STATUS_PROPOSED);
  g_assert_false (angio_case_history_can_undo (history));
  g_assert_true (angio_case_history_redo (history, &error));
  g_assert_cmpint (angio_key_frame_get_status (angio_case_series_find_key_frame (series, frame)),
                   ==, ANGIO_STATUS_ACCEPTED);
  g_assert_no_error (error);
  g_clear_pointer (&revisions, g_ptr_array_unref);
  revisions = angio_workspace_history (ws, "CASE-0001", NULL);
  g_assert_cmpuint (revisions->len, ==, 6);
  g_assert_cmpstr (((AngioRevision *) g_ptr_array_index (revisions, 5))->action, ==,
                   "Redo: Accepted a key frame");
  /* What is stored is what is on show. */
  {
    g_autoptr(AngioCase) stored = angio_workspace_load_case (ws, "CASE-0001", NULL);

    g_assert_cmpint (angio_case_get_best_key_frame (stored), ==, (gint) frame);
  }
  /* An edit after an undo drops the redo. */
  g_assert_true (angio_case_history_undo (history, &error));
  angio_case_set_status (kase, ANGIO_CASE_IN_PROGRESS);
  angio_case_record (kase, "Status");
  g_assert_false (angio_case_history_can_redo (history));
}

/* The reader of an open case: every revision's "who"; the first edit puts a new case in
 * progress and makes the reader its annotator; a status set back to new stays; the program's
 * own revision (the analysis' proposals) changes neither. What is left to review. */
static void
test_reader (void)
{
  g_autofree char *folder = angio_test_path ("ws-reader");
  g_autofree char *run = phantom ("reader-run.dcm", 5);
  const char *paths[] = { run, NULL };
  g_autoptr(AngioWorkspace) ws = angio_workspace_open (folder, TRUE, NULL);
  g_autoptr(AngioImportReport) report = angio_workspace_import (ws, paths, TRUE, NULL, NULL);
  g_autoptr(AngioCase) kase = angio_workspace_load_case (ws, "CASE-0001", NULL);
  g_autoptr(AngioCaseHistory) history = angio_case_history_new (ws, kase);
  g_autoptr(AngioCaseSeries) series = g_list_model_get_item (angio_case_get_series (kase), 0);
  g_autoptr(GPtrArray) revisions = NULL;
  AngioRevision *last;
  gboolean key_frame;
  guint lesions, n_lesions = g_list_model_get_n_items (angio_case_series_get_lesions (series));
  guint frame;

  g_assert_nonnull (report);
  g_assert_cmpuint (n_lesions, >, 0);
  g_assert_cmpint (angio_case_get_status (kase), ==, ANGIO_CASE_NEW);
  angio_case_get_unreviewed (kase, &key_frame, &lesions);
  g_assert_true (key_frame);
  g_assert_cmpuint (lesions, ==, n_lesions);

  /* The program's revision: who it is, the case stays new. */
  angio_case_history_set_reader (history, "R-07");
  angio_case_history_record_automatic (history, "Proposals");
  g_assert_cmpint (angio_case_get_status (kase), ==, ANGIO_CASE_NEW);
  g_assert_null (angio_case_get_annotator (kase));

  /* The reader's first edit. */
  frame = angio_case_get_best_key_frame (kase);
  angio_case_series_set_key_frame_status (series, frame, ANGIO_STATUS_ACCEPTED);
  angio_case_record (kase, "Key frame accepted");
  g_assert_cmpint (angio_case_get_status (kase), ==, ANGIO_CASE_IN_PROGRESS);
  g_assert_cmpstr (angio_case_get_annotator (kase), ==, "R-07");
  revisions = angio_workspace_history (ws, "CASE-0001", NULL);
  last = g_ptr_array_index (revisions, revisions->len - 1);
  g_assert_cmpstr (last->who, ==, "R-07");
  g_assert_cmpstr (last->action, ==, "Key frame accepted");
  angio_case_get_unreviewed (kase, &key_frame, &lesions);
  g_assert_false (key_frame);
  g_assert_cmpuint (lesions, ==, n_lesions);

  /* Set back to new by the reader: it stays so at the next edit, as it was the reader's word. */
  angio_case_set_status (kase, ANGIO_CASE_NEW);
  angio_case_record (kase, "Status: New");
  g_assert_cmpint (angio_case_get_status (kase), ==, ANGIO_CASE_NEW);
  /* An annotator the reader typed is kept. */
  angio_case_set_annotator (kase, "Someone else");
  angio_case_record (kase, "Annotator");
  g_assert_cmpstr (angio_case_get_annotator (kase), ==, "Someone else");

  /* Every proposed lesion reviewed: nothing left. */
  for (guint i = 0; i < n_lesions; i++)
    {
      g_autoptr(AngioLesion) l = g_list_model_get_item (angio_case_series_get_lesions (series), i);

      angio_lesion_set_status (l, i == 0 ? ANGIO_STATUS_ACCEPTED : ANGIO_STATUS_REJECTED);
    }
  angio_case_get_unreviewed (kase, &key_frame, &lesions);
  g_assert_false (key_frame);
  g_assert_cmpuint (lesions, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/angio/core/workspace/import-and-revisions", test_import_and_revisions);
  g_test_add_func ("/angio/core/workspace/one-process", test_one_process);
  g_test_add_func ("/angio/core/workspace/foreign-and-damaged", test_foreign_and_damaged);
  g_test_add_func ("/angio/core/workspace/killed-writer", test_killed_writer);
  g_test_add_func ("/angio/core/workspace/undo-redo", test_undo_redo);
  g_test_add_func ("/angio/core/workspace/reader", test_reader);
  g_test_add_func ("/angio/core/workspace/cli", test_cli);
  return g_test_run ();
}
