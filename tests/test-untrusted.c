/* test-untrusted.c — packages and predictions from elsewhere are untrusted input: a
 * representative subset of the hostile corpus (tests/bench/bench-untrusted.c has all of it).
 * Unsafe case and run ids, two runs with one id and a run with no DICOM are refused by
 * validation and import, and nothing is written outside the workspace. JSON nested 100 000
 * deep is refused (CLI: exit 2). Prediction CSVs: NUL bytes refused, CR-only line ends and a
 * byte-order mark read, the columns read said and the others warned about (an annotator's
 * wire_ffr read, never its estimated_ffr); duplicate COCO image ids and outlines of a million
 * points refused. */
#include "config.h"

#include <string.h>

#include <fcntl.h>
#include <utime.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "angio-csv.h"
#include "angio-json.h"
#include "angio-package-private.h"
#include "angio-package.h"
#include "angio-predictions.h"
#include "angio-test-util.h"

/* A dataset exported once from a labelled workspace: the sound package RAS-0001 in it. */
static const char *
sound_dataset (void)
{
  static char *out;

  if (out == NULL)
    {
      g_autoptr(AngioWorkspace) ws = angio_test_labelled_workspace ("ws-sound", 1);
      const char *ids[] = { "CASE-0001", NULL };
      AngioExportOptions options = { FALSE, NULL };
      g_autoptr(GError) error = NULL;

      out = angio_test_path ("sound-dataset");
      g_assert_true (angio_package_export (ws, ids, out, &options, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  return out;
}

/* A fresh copy of the sound package, as @name (in a folder of its own). */
static char *
package_copy (const char *name)
{
  g_autofree char *package = g_build_filename (sound_dataset (), "RAS-0001", NULL);
  g_autofree char *folder = angio_test_path (name);
  char *copy = g_build_filename (folder, "RAS-0001", NULL);

  angio_package_remove_tree (folder);
  angio_test_copy_tree (package, copy);
  return copy;
}

/* The manifest of the package @copy written again for its files as they are now: a tampered
 * package that hashes right. */
static void
rehash (const char *copy)
{
  g_autoptr(GPtrArray) files = angio_package_walk (copy, NULL);
  g_autofree char *manifest_path = g_build_filename (copy, "manifest.json", NULL);
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) manifest = NULL;

  for (guint i = 0; i < files->len; i++)
    if (g_str_equal (files->pdata[i], "manifest.json"))
      g_ptr_array_remove_index (files, i);
  list = angio_package_hash_list (copy, files, NULL, NULL, NULL);
  manifest = angio_package_index (ANGIO_PACKAGE_FORMAT, NULL, g_steal_pointer (&list));
  g_assert_true (angio_json_to_file (manifest, manifest_path, NULL));
}

static JsonNode *
read_case (const char *copy)
{
  g_autofree char *path = g_build_filename (copy, "case.json", NULL);
  g_autoptr(GError) error = NULL;
  JsonNode *doc = angio_package_read_json (path, &error);

  g_assert_no_error (error);
  return doc;
}

static void
write_case (const char *copy,
            JsonNode   *doc)
{
  g_autofree char *path = g_build_filename (copy, "case.json", NULL);

  g_assert_true (angio_json_to_file (doc, path, NULL));
  rehash (copy);
}

static JsonObject *
first_run (JsonNode *doc)
{
  return json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (doc), "series"), 0);
}

/* Validation of @path fails; the problems, one string. */
static char *
problems_of (const char *path)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_assert_false (angio_package_validate (path, problems, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, >, 0);
  g_ptr_array_add (problems, NULL);
  return g_strjoinv ("\n", (char **) problems->pdata);
}

/* Importing @path into a new workspace fails with a message holding @expected; the workspace
 * is left with no case and no package folder. */
static void
assert_import_refused (const char *path,
                       const char *expected)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("ws-refuse-%u", ++n);
  g_autofree char *folder = angio_test_path (name);
  g_autofree char *packages = g_build_filename (folder, "packages", NULL);
  g_autoptr(AngioWorkspace) ws = angio_workspace_open (folder, TRUE, NULL);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;

  ids = angio_package_import (ws, path, NULL, &error);
  g_assert_null (ids);
  g_assert_nonnull (error);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” is not in: %s", expected, error->message);
  cases = angio_workspace_list (ws, &error);
  g_assert_cmpuint (cases->len, ==, 0);
  if (g_file_test (packages, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GPtrArray) left = angio_package_walk (packages, NULL);

      g_assert_cmpuint (left->len, ==, 0);
    }
}

/* Nothing named @name anywhere near the temporary folder (above it, or in it). */
static void
assert_not_written (const char *name)
{
  g_autofree char *parent = g_path_get_dirname (angio_test_tmpdir ());
  g_autofree char *above = g_build_filename (parent, name, NULL);
  g_autofree char *inside = g_build_filename (angio_test_tmpdir (), name, NULL);

  g_assert_false (g_file_test (above, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (inside, G_FILE_TEST_EXISTS));
}

static void
test_id_is_safe (void)
{
  g_autofree char *long_id = g_strnfill (1000, 'a');
  g_autofree char *max_id = g_strnfill (ANGIO_ID_MAX, 'a');
  g_autofree char *over_id = g_strnfill (ANGIO_ID_MAX + 1, 'a');
  const char *bad[] = { "../../x", "a/b", ".", "..", "", "\n", "a\nb", "a\\b", ".hidden",
                        "a b", "é", "a\x7f", "/abs", NULL };

  g_assert_true (angio_id_is_safe ("RAS-0001"));
  g_assert_true (angio_id_is_safe ("s1"));
  g_assert_true (angio_id_is_safe ("CASE_7.b"));
  g_assert_true (angio_id_is_safe (max_id));
  g_assert_false (angio_id_is_safe (over_id));
  g_assert_false (angio_id_is_safe (long_id));
  g_assert_false (angio_id_is_safe (NULL));
  for (guint i = 0; bad[i] != NULL; i++)
    if (angio_id_is_safe (bad[i]))
      g_error ("“%s” is taken for a safe id", bad[i]);
}

/* A case id of ../../x, a/b, ., empty, a newline or 1000 characters does not validate and is
 * not imported. */
static void
test_unsafe_case_id (void)
{
  g_autofree char *long_id = g_strnfill (1000, 'x');
  const char *ids[] = { "../../x", "a/b", ".", "", "\n", long_id, NULL };

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("case-id-%u", i);
      g_autofree char *copy = package_copy (name);
      g_autoptr(JsonNode) doc = read_case (copy);
      g_autofree char *found = NULL;

      json_object_set_string_member (json_node_get_object (doc), "case_id", ids[i]);
      write_case (copy, doc);
      found = problems_of (copy);
      if (strstr (found, "case.json: the case id") == NULL ||
          strstr (found, "is not a safe name") == NULL)
        g_error ("%s", found);
      assert_import_refused (copy, "is not a safe name");
    }
  assert_not_written ("x");
}

/* A run id of ../../../../x (its file series/../../../../x.dcm) does not validate: no file is
 * read from outside the package, none written outside the workspace. */
static void
test_unsafe_run_id (void)
{
  const char *ids[] = { "../../../../x", "a/b", "..", "s1\n", NULL };

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("run-id-%u", i);
      g_autofree char *copy = package_copy (name);
      g_autoptr(JsonNode) doc = read_case (copy);
      g_autofree char *file = g_strdup_printf ("series/%s.dcm", ids[i]);
      g_autofree char *found = NULL;

      json_object_set_string_member (first_run (doc), "id", ids[i]);
      json_object_set_string_member (first_run (doc), "file", file);
      write_case (copy, doc);
      found = problems_of (copy);
      if (strstr (found, "the run id") == NULL || strstr (found, "is not a safe name") == NULL)
        g_error ("%s", found);
      assert_import_refused (copy, "is not a safe name");
    }
  assert_not_written ("x.dcm");
}

/* Two runs with one id, and a run listed with no DICOM in the package, do not validate. */
static void
test_runs_duplicate_missing (void)
{
  g_autofree char *dup = package_copy ("duplicate-run");
  g_autofree char *missing = package_copy ("missing-run");
  g_autofree char *found = NULL;

  {
    g_autoptr(JsonNode) doc = read_case (dup);
    JsonArray *series = json_object_get_array_member (json_node_get_object (doc), "series");

    json_array_add_element (series, json_node_copy (json_array_get_element (series, 0)));
    write_case (dup, doc);
    found = problems_of (dup);
    if (strstr (found, "two runs have the id “s1”") == NULL)
      g_error ("%s", found);
    assert_import_refused (dup, "two runs have the id");
    g_clear_pointer (&found, g_free);
  }
  {
    g_autoptr(JsonNode) doc = read_case (missing);
    JsonArray *series = json_object_get_array_member (json_node_get_object (doc), "series");
    g_autofree char *text = angio_json_to_string (json_array_get_element (series, 0), FALSE);
    JsonNode *second = angio_test_parse_json (text);   /* json_node_copy() shares objects */

    json_object_set_string_member (json_node_get_object (second), "id", "s2");
    json_object_set_string_member (json_node_get_object (second), "file", "series/s2.dcm");
    json_array_add_element (series, second);
    write_case (missing, doc);
    found = problems_of (missing);
    if (strstr (found, "series/s2.dcm: missing") == NULL)
      g_error ("%s", found);
    assert_import_refused (missing, "series/s2.dcm: missing");
  }
}

/* The workspace the sound dataset was exported from (CASE-0001, known as RAS-0001). */
static AngioWorkspace *
sound_workspace (void)
{
  g_autofree char *folder = angio_test_path ("ws-sound");
  g_autoptr(GError) error = NULL;
  AngioWorkspace *ws;

  sound_dataset ();
  ws = angio_workspace_open (folder, FALSE, &error);
  g_assert_no_error (error);
  return ws;
}

/* 100 000 nested '[' in manifest.json, case.json or a COCO file: a clean refusal (the CLI
 * exits 2), no crash. */
static void
test_deep_json (void)
{
  g_autofree char *deep = g_strnfill (100000, '[');
  const char *files[] = { "manifest.json", "case.json", NULL };

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("deep-%u", i);
      g_autofree char *copy = package_copy (name);
      g_autofree char *path = g_build_filename (copy, files[i], NULL);
      g_autofree char *found = NULL;
      const char *args[] = { "validate", copy, NULL };
      g_autofree char *out = NULL;

      g_assert_true (g_file_set_contents (path, deep, -1, NULL));
      if (i > 0)
        rehash (copy);
      found = problems_of (copy);
      if (strstr (found, "nested more than 64 levels deep") == NULL)
        g_error ("%s", found);
      g_assert_cmpint (angio_test_run_cli (args, &out), ==, 2);
      g_assert_nonnull (strstr (out, "nested more than 64 levels deep"));
    }
  {
    g_autoptr(AngioWorkspace) ws = sound_workspace ();
    g_autofree char *folder = angio_test_path ("deep-coco");
    g_autofree char *coco = g_build_filename (folder, "results.json", NULL);
    g_autoptr(AngioPredictionReport) report = NULL;
    g_autoptr(GError) error = NULL;

    g_mkdir_with_parents (folder, 0755);
    g_assert_true (g_file_set_contents (coco, deep, -1, NULL));
    report = angio_predictions_import (ws, folder, ANGIO_PREDICTION_MODEL, "m", NULL, &error);
    g_assert_null (report);
    g_assert_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "results.json: nested more than 64"));
  }
}

/* The reader itself: quotes, doubled quotes, line breaks in quotes, CRLF, LF, CR, BOM. */
static void
test_csv_reader (void)
{
  const char text[] = "\xef\xbb\xbf" "a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\r"
                      "3, \"4\" ,\n\n";
  const char nul[] = "a,b\n1,0.7\0 8\n2,3\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(AngioCsv) csv = angio_csv_parse (text, sizeof text - 1, "t.csv", &error);
  char **row;

  g_assert_no_error (error);
  g_assert_cmpuint (csv->rows->len, ==, 4);
  row = csv->rows->pdata[0];
  g_assert_cmpstr (row[0], ==, "a");
  g_assert_cmpuint (g_strv_length (row), ==, 3);
  row = csv->rows->pdata[1];
  g_assert_cmpstr (row[0], ==, "x,1");
  g_assert_cmpstr (row[1], ==, "say \"hi\"");
  g_assert_cmpstr (row[2], ==, "two\nlines");
  row = csv->rows->pdata[2];
  g_assert_cmpuint (g_array_index (csv->lines, guint, 2), ==, 4);
  g_assert_cmpstr (row[0], ==, "3");
  g_assert_cmpstr (row[1], ==, "4");
  g_assert_cmpstr (row[2], ==, "");
  g_assert_null (angio_csv_parse (nul, sizeof nul - 1, "t.csv", &error));
  g_assert_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "t.csv: line 2: a NUL byte"));
  g_clear_error (&error);
  g_assert_null (angio_csv_parse ("a,\"b\n", 5, "t.csv", &error));
  g_assert_nonnull (strstr (error->message, "line 1: a quoted cell is not closed"));
  g_clear_error (&error);
  g_assert_null (angio_csv_parse ("a,b\"c\n", 6, "t.csv", &error));
  g_assert_nonnull (strstr (error->message, "line 1: a quote inside"));
  g_clear_error (&error);
  g_assert_null (angio_csv_parse ("a\n\xff\n", 4, "t.csv", &error));
  g_assert_nonnull (strstr (error->message, "line 2: not UTF-8"));
}

/* Imports @csv (as predictions.csv of a folder of its own) as @origin's @source; the report,
 * or NULL with @error. */
static AngioPredictionReport *
import_csv (AngioWorkspace         *ws,
            const char             *name,
            const char             *csv,
            gsize                   length,
            AngioPredictionOrigin   origin,
            const char             *source,
            GError                **error)
{
  g_autofree char *folder = angio_test_path (name);
  g_autofree char *path = g_build_filename (folder, "predictions.csv", NULL);

  g_mkdir_with_parents (folder, 0755);
  g_assert_true (g_file_set_contents (path, csv, length, NULL));
  return angio_predictions_import (ws, folder, origin, source, NULL, error);
}

static double
stored_ffr (AngioWorkspace        *ws,
            AngioPredictionOrigin  origin,
            const char            *source)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) doc = angio_workspace_load_prediction (ws, "CASE-0001", origin, source,
                                                              &error);
  JsonObject *where;

  g_assert_no_error (error);
  where = angio_json_get_object (json_node_get_object (doc), origin == ANGIO_PREDICTION_MODEL
                                                             ? "ffr_estimate" : "pressure");
  g_assert_nonnull (where);
  return angio_json_get_number (where, origin == ANGIO_PREDICTION_MODEL ? "value" : "ffr");
}

/* A NUL byte is refused (the FFR was cut to 0.7 and the rows after it dropped, exit 0);
 * CR-only line ends and a byte-order mark are read; the columns read are said, and an
 * annotator's estimated_ffr is warned about, its wire_ffr read. */
static void
test_csv_predictions (void)
{
  g_autoptr(AngioWorkspace) ws = sound_workspace ();
  g_autoptr(GError) error = NULL;
  const char nul[] = "case_id,predicted_ffr\nRAS-0001,0.7\0 8\nRAS-0002,0.9\n";
  const char cr[] = "case_id,predicted_ffr\rRAS-0001,0.78\r";
  const char bom[] = "\xef\xbb\xbf" "case_id,predicted_ffr\r\nRAS-0001,0.79\r\n";
  const char wire[] = "case_id,estimated_ffr,wire_ffr,comment\nRAS-0001,0.43,0.76,x\n";
  const char two[] = "case_id,ffr,predicted_ffr\nRAS-0001,0.43,0.76\n";
  AngioPredictionReport *report;

  report = import_csv (ws, "csv-nul", nul, sizeof nul - 1, ANGIO_PREDICTION_MODEL, "m",
                       &error);
  g_assert_null (report);
  g_assert_nonnull (strstr (error->message, "predictions.csv: line 2: a NUL byte"));
  g_clear_error (&error);

  report = import_csv (ws, "csv-cr", cr, sizeof cr - 1, ANGIO_PREDICTION_MODEL, "m-cr",
                       &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->cases->len, ==, 1);
  g_assert_cmpfloat (stored_ffr (ws, ANGIO_PREDICTION_MODEL, "m-cr"), ==, 0.78);
  angio_prediction_report_free (report);

  report = import_csv (ws, "csv-bom", bom, sizeof bom - 1, ANGIO_PREDICTION_MODEL, "m-bom",
                       &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->cases->len, ==, 1);
  g_assert_cmpfloat (stored_ffr (ws, ANGIO_PREDICTION_MODEL, "m-bom"), ==, 0.79);
  g_assert_cmpuint (report->columns->len, ==, 1);
  g_assert_nonnull (strstr (report->columns->pdata[0], "read the columns case_id, "
                                                        "predicted_ffr"));
  g_assert_cmpuint (report->warnings->len, ==, 0);
  angio_prediction_report_free (report);

  report = import_csv (ws, "csv-wire", wire, sizeof wire - 1, ANGIO_PREDICTION_ANNOTATOR,
                       "reader-2", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (stored_ffr (ws, ANGIO_PREDICTION_ANNOTATOR, "reader-2"), ==, 0.76);
  g_assert_nonnull (strstr (report->columns->pdata[0], "case_id, wire_ffr"));
  g_assert_cmpuint (report->warnings->len, ==, 2);
  g_assert_nonnull (strstr (report->warnings->pdata[0], "column “estimated_ffr” not read"));
  g_assert_nonnull (strstr (report->warnings->pdata[1], "column “comment” not read"));
  angio_prediction_report_free (report);

  report = import_csv (ws, "csv-two", two, sizeof two - 1, ANGIO_PREDICTION_MODEL, "m-two",
                       &error);
  g_assert_null (report);
  g_assert_nonnull (strstr (error->message, "columns “ffr” and “predicted_ffr” say the same"));
}

/* COCO: two images with one id are refused (an outline went to another frame); an outline
 * of a million points is refused at once (it took 90 s). */
static void
test_coco (void)
{
  g_autoptr(AngioWorkspace) ws = sound_workspace ();
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = angio_test_path ("coco-dup");
  g_autofree char *path = g_build_filename (folder, "annotations.json", NULL);
  g_autofree char *big_folder = angio_test_path ("coco-big");
  g_autofree char *big_path = g_build_filename (big_folder, "results.json", NULL);
  const char *dup = "{\"images\":[{\"id\":1,\"case_id\":\"RAS-0001\",\"series_id\":\"s1\","
                    "\"frame\":3},{\"id\":1,\"case_id\":\"RAS-0001\",\"series_id\":\"s1\","
                    "\"frame\":9}],\"annotations\":[{\"image_id\":1,\"segmentation\":"
                    "[[10,10,20,10,20,20]],\"score\":0.9}]}";
  GString *big = g_string_new ("[{\"case_id\":\"RAS-0001\",\"series_id\":\"s1\",\"frame\":3,"
                               "\"score\":0.9,\"segmentation\":[[");
  g_autoptr(AngioPredictionReport) report = NULL;
  gint64 start;

  g_mkdir_with_parents (folder, 0755);
  g_assert_true (g_file_set_contents (path, dup, -1, NULL));
  report = angio_predictions_import (ws, folder, ANGIO_PREDICTION_MODEL, "m", NULL, &error);
  g_assert_null (report);
  g_assert_nonnull (strstr (error->message, "annotations.json: two images have the id 1"));
  g_clear_error (&error);

  for (guint i = 0; i < 1000000; i++)
    g_string_append_printf (big, "%s%u,%u", i ? "," : "", 10 + i % 100, 10 + (i / 100) % 100);
  g_string_append (big, "]]}]");
  g_mkdir_with_parents (big_folder, 0755);
  g_assert_true (g_file_set_contents (big_path, big->str, big->len, NULL));
  g_string_free (big, TRUE);
  start = g_get_monotonic_time ();
  report = angio_predictions_import (ws, big_folder, ANGIO_PREDICTION_MODEL, "m", NULL, &error);
  g_assert_null (report);
  g_assert_nonnull (strstr (error->message, "polygon 1 has 1000000 points, more than the 10000"));
  g_test_message ("a million-point outline refused in %.0f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
}

/* Runs the CLI with @args; its stderr in @err. Returns: its exit status. */
static int
run_cli_stderr (const char *const *args,
                char             **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("ANGIOMARK_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static guint
count (const char *text,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* A zip whose run expands 500-fold past what its manifest lists is refused while extracting,
 * before it fills the disk. */
static void
test_zip_bomb (void)
{
  g_autofree char *copy = package_copy ("bomb");
  g_autofree char *run = g_build_filename (copy, "series", "s1.dcm", NULL);
  g_autofree char *zip = angio_test_path ("bomb.zip");
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  int fd;

  /* 200 MB of zeros (sparse here, a few hundred kB deflated), the manifest as it was. */
  fd = g_open (run, O_WRONLY | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 200 << 20), ==, 0);
  close (fd);
  g_assert_true (angio_package_zip (copy, "RAS-0001", zip, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (zip, &st), ==, 0);
  g_test_message ("a %.1f MB zip that expands to 200 MB", st.st_size / 1e6);
  g_assert_false (angio_package_validate (zip, problems, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 1);
  if (strstr (problems->pdata[0], "bomb.zip: it expands to more than") == NULL)
    g_error ("%s", (char *) problems->pdata[0]);
}

/* The CLI prints an error once (it printed every line twice). */
static void
test_cli_error_once (void)
{
  g_autofree char *copy = package_copy ("cli-once");
  g_autofree char *manifest = g_build_filename (copy, "manifest.json", NULL);
  g_autofree char *ws = angio_test_path ("ws-cli-once");
  g_autofree char *err = NULL;
  const char *args[] = { "import", copy, "--workspace", ws, NULL };

  g_assert_true (g_file_set_contents (manifest, "[[[", -1, NULL));
  g_assert_cmpint (run_cli_stderr (args, &err), ==, 2);
  g_assert_cmpuint (count (err, "is not a valid case package"), ==, 1);
  g_assert_cmpuint (count (err, "manifest.json"), ==, 1);
}

/* A workspace that cannot be written opens read-only: listing and loading work, saving says
 * why not; with the CLI (when the tests do not run as root, whom permissions do not stop). */
static void
test_read_only_workspace (void)
{
  g_autofree char *folder = angio_test_path ("ws-sound");
  g_autoptr(AngioWorkspace) ws = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(AngioCase) kase = NULL;
  g_autoptr(GError) error = NULL;

  sound_dataset ();
  ws = angio_workspace_open_read_only (folder, &error);
  g_assert_no_error (error);
  g_assert_true (angio_workspace_is_read_only (ws));
  cases = angio_workspace_list (ws, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 1);
  kase = angio_workspace_load_case (ws, "CASE-0001", &error);
  g_assert_no_error (error);
  g_assert_cmpint (angio_workspace_save_case (ws, kase, NULL, "edit", &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "is read-only: nothing can be saved"));
  g_clear_object (&ws);
  if (getuid () != 0)
    {
      const char *args[] = { "workspace", "list", folder, NULL };
      g_autofree char *err = NULL;

      g_assert_cmpint (g_chmod (folder, 0555), ==, 0);
      g_assert_cmpint (run_cli_stderr (args, &err), ==, 0);
      g_assert_nonnull (strstr (err, "cannot be written: opened read-only"));
      g_chmod (folder, 0755);
    }
}

typedef struct {
  char *case_path;
  char *sound;
  char *tampered;
  gint stop;
} Swapper;

/* Swaps case.json of the package between its sound and a tampered text (a wire FFR of 0.43,
 * the manifest unchanged) until told to stop. */
static gpointer
swap_case (gpointer data)
{
  Swapper *w = data;
  /* Written outside the package, then renamed over case.json: g_file_set_contents() would put
   * its temporary case.json.XXXXXX inside the package, which the import rightly refuses as not
   * listed in the manifest (or finds gone when it reads it). */
  g_autofree char *package = g_path_get_dirname (w->case_path);
  g_autofree char *staged = g_strconcat (package, ".case.json", NULL);
  guint i = 0;

  while (!g_atomic_int_get (&w->stop))
    {
      g_file_set_contents (staged, i++ % 2 ? w->sound : w->tampered, -1, NULL);
      g_rename (staged, w->case_path);
      g_usleep (200);
    }
  g_file_set_contents (staged, w->sound, -1, NULL);
  g_rename (staged, w->case_path);
  return NULL;
}

/* case.json replaced while the package is imported: what is imported is what was checked
 * (FFR 0.76), or the import is refused as altered — never the replaced 0.43. */
static void
test_read_once (void)
{
  g_autofree char *copy = package_copy ("read-once");
  g_autoptr(JsonNode) doc = read_case (copy);
  Swapper w = { 0 };
  guint imported = 0, refused = 0;

  w.case_path = g_build_filename (copy, "case.json", NULL);
  g_assert_true (g_file_get_contents (w.case_path, &w.sound, NULL, NULL));
  json_object_set_double_member (angio_json_get_object (json_node_get_object (doc), "pressure"),
                                 "pd_hyper", 92 * 0.43);
  json_object_set_double_member (angio_json_get_object (json_node_get_object (doc), "pressure"),
                                 "ffr", 0.43);
  w.tampered = angio_json_to_string (doc, TRUE);
  for (guint round = 0; round < 4; round++)
    {
      g_autofree char *name = g_strdup_printf ("ws-read-once-%u", round);
      g_autofree char *folder = angio_test_path (name);
      g_autoptr(AngioWorkspace) ws = angio_workspace_open (folder, TRUE, NULL);
      g_autoptr(GPtrArray) ids = NULL;
      g_autoptr(GError) error = NULL;
      GThread *thread;

      g_atomic_int_set (&w.stop, 0);
      thread = g_thread_new ("swap", swap_case, &w);
      ids = angio_package_import (ws, copy, NULL, &error);
      g_atomic_int_set (&w.stop, 1);
      g_thread_join (thread);
      if (ids == NULL)
        {
          /* Refused for what was copied: other bytes than the manifest's. */
          if (strstr (error->message, "case.json: altered") == NULL &&
              strstr (error->message, "bytes, manifest.json says") == NULL)
            g_error ("%s", error->message);
          refused++;
          continue;
        }
      {
        g_autoptr(AngioCase) kase = angio_workspace_load_case (ws, "RAS-0001", &error);

        g_assert_no_error (error);
        g_assert_cmpfloat_with_epsilon (angio_pressure_get_ffr (angio_case_get_pressure (kase)),
                                        0.76, 0.005);
        imported++;
      }
    }
  g_test_message ("case.json swapped during import: %u imported as checked, %u refused",
                  imported, refused);
  g_free (w.case_path);
  g_free (w.sound);
  g_free (w.tampered);
}

/* A dataset whose second package is altered imports nothing (the first stayed, and a second
 * try was refused as "already in this workspace"); once mended it imports. */
static void
test_dataset_all_or_nothing (void)
{
  g_autoptr(AngioWorkspace) source = angio_test_labelled_workspace ("ws-two", 2);
  g_autofree char *out = angio_test_path ("two-dataset");
  g_autofree char *folder = angio_test_path ("ws-two-import");
  g_autofree char *packages = g_build_filename (folder, "packages", NULL);
  g_autofree char *second = g_build_filename (out, "RAS-0002", "case.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(AngioWorkspace) ws = angio_workspace_open (folder, TRUE, NULL);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GError) error = NULL;
  const char *case_ids[] = { "CASE-0001", "CASE-0002", NULL };
  AngioExportOptions options = { FALSE, NULL };

  g_assert_true (angio_package_export (source, case_ids, out, &options, NULL, NULL, NULL,
                                       &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (second, &text, NULL, NULL));
  g_assert_true (g_file_set_contents (second, "{\"schema\":1}", -1, NULL));
  ids = angio_package_import (ws, out, NULL, &error);
  g_assert_null (ids);
  g_assert_nonnull (strstr (error->message, "RAS-0002"));
  g_clear_error (&error);
  cases = angio_workspace_list (ws, &error);
  g_assert_cmpuint (cases->len, ==, 0);
  left = angio_package_walk (packages, NULL);
  g_assert_cmpuint (left->len, ==, 0);

  g_assert_true (g_file_set_contents (second, text, -1, NULL));
  ids = angio_package_import (ws, out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);
}

/* What killed imports and exports leave is swept: an import's staging folder, a packages/
 * folder with no case, an export's .partial-* folder whose owner is gone. */
static void
test_sweeps (void)
{
  g_autofree char *folder = angio_test_path ("ws-sweep");
  g_autofree char *staging = g_build_filename (folder, "packages", ".import-abc123", "cases",
                                               "RAS-0009", "series", NULL);
  g_autofree char *orphan = g_build_filename (folder, "packages", "RAS-0008", "series", NULL);
  g_autofree char *import_top = g_build_filename (folder, "packages", ".import-abc123", NULL);
  g_autofree char *orphan_top = g_build_filename (folder, "packages", "RAS-0008", NULL);
  g_autofree char *parent = angio_test_path ("exports");
  g_autofree char *partial = g_build_filename (parent, ".old.partial-XYZ123", NULL);
  g_autofree char *owner = g_build_filename (partial, ".angiomark-owner", NULL);
  g_autofree char *out = g_build_filename (parent, "new", NULL);
  struct utimbuf old = { time (NULL) - 3600, time (NULL) - 3600 };
  AngioWorkspace *ws = angio_workspace_open (folder, TRUE, NULL);
  g_autoptr(AngioWorkspace) sound = NULL;
  g_autoptr(GError) error = NULL;
  const char *ids[] = { "CASE-0001", NULL };
  AngioExportOptions options = { FALSE, NULL };

  g_object_unref (ws);
  g_mkdir_with_parents (staging, 0755);
  g_mkdir_with_parents (orphan, 0755);
  g_assert_cmpint (utime (import_top, &old), ==, 0);
  ws = angio_workspace_open (folder, FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (import_top, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (orphan_top, G_FILE_TEST_EXISTS));
  g_object_unref (ws);

  g_mkdir_with_parents (partial, 0755);
  g_assert_true (g_file_set_contents (owner, "", 0, NULL));   /* no one holds its lock */
  sound_dataset ();
  sound = sound_workspace ();
  g_assert_true (angio_package_export (sound, ids, out, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/untrusted/id-is-safe", test_id_is_safe);
  g_test_add_func ("/untrusted/unsafe-case-id", test_unsafe_case_id);
  g_test_add_func ("/untrusted/unsafe-run-id", test_unsafe_run_id);
  g_test_add_func ("/untrusted/runs-duplicate-missing", test_runs_duplicate_missing);
  g_test_add_func ("/untrusted/deep-json", test_deep_json);
  g_test_add_func ("/untrusted/csv-reader", test_csv_reader);
  g_test_add_func ("/untrusted/csv-predictions", test_csv_predictions);
  g_test_add_func ("/untrusted/coco", test_coco);
  g_test_add_func ("/untrusted/zip-bomb", test_zip_bomb);
  g_test_add_func ("/untrusted/cli-error-once", test_cli_error_once);
  g_test_add_func ("/untrusted/read-only-workspace", test_read_only_workspace);
  g_test_add_func ("/untrusted/read-once", test_read_once);
  g_test_add_func ("/untrusted/dataset-all-or-nothing", test_dataset_all_or_nothing);
  g_test_add_func ("/untrusted/sweeps", test_sweeps);
  return g_test_run ();
}
