/* test-cli.c — angiomark-cli as other tools use it: output, exit codes, messages. */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <json-glib/json-glib.h>

#include "angio-test-util.h"

typedef struct {
  int status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli (Run *run,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("ANGIOMARK_CLI");
  const char *arg;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  va_start (args, run);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char *const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err,
                                                &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

static void
test_phantom_and_info (void)
{
  g_autofree char *dicom = angio_test_path ("cli.dcm");
  g_autofree char *truth = angio_test_path ("cli.json");
  g_autofree char *mask = angio_test_path ("cli_lesion.png");
  g_auto(Run) phantom = { 0 };
  g_auto(Run) info = { 0 };
  g_auto(Run) text = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  run_cli (&phantom, "phantom", "--out", dicom, "--truth", truth, "--size", "128", "--frames",
           "8", "--fps", "30", "--syntax", "rle", "--ds", "70", "--seed", "9", NULL);
  g_assert_cmpint (phantom.status, ==, 0);
  g_assert_true (g_file_test (dicom, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (truth, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (mask, G_FILE_TEST_EXISTS));

  run_cli (&info, "info", dicom, "--json", "--timings", NULL);
  g_assert_cmpint (info.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, info.out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "frames"), ==, 8);
  g_assert_cmpint (json_object_get_int_member (root, "rows"), ==, 128);
  g_assert_cmpstr (json_object_get_string_member (root, "transfer_syntax"), ==, "rle");
  g_assert_cmpstr (json_object_get_string_member (root, "frame_time_source"), ==, "frame-time");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (root, "fps"), 30, 1e-3);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (root, "calibration"), "method"), ==,
                   "isocenter");
  g_assert_true (json_object_has_member (root, "timings_ms"));
  /* Identifiers only when asked. */
  g_assert_false (json_object_has_member (root, "identifiers"));
  g_assert_null (strstr (info.out, "PHANTOM^RENAL"));

  run_cli (&text, "info", dicom, "--show-identifiers", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "PHANTOM^RENAL"));
}

static void
test_bad_input_exits_2 (void)
{
  g_autofree char *bad = angio_test_write ("cli-bad.dcm", "garbage", 7);
  g_autofree char *out = angio_test_path ("never.dcm");
  g_autofree char *truth = angio_test_path ("never.json");
  g_auto(Run) file = { 0 };
  g_auto(Run) missing = { 0 };
  g_auto(Run) option = { 0 };
  g_auto(Run) value = { 0 };
  g_auto(Run) command = { 0 };
  g_auto(Run) syntax = { 0 };

  run_cli (&file, "info", bad, NULL);
  g_assert_cmpint (file.status, ==, 2);
  g_assert_nonnull (strstr (file.err, "cli-bad.dcm"));
  g_assert_cmpstr (file.out, ==, "");

  run_cli (&missing, "info", NULL);
  g_assert_cmpint (missing.status, ==, 2);

  run_cli (&option, "info", bad, "--no-such-option", NULL);
  g_assert_cmpint (option.status, ==, 2);

  run_cli (&value, "phantom", "--out", out, "--truth", truth, "--ds", "150", NULL);
  g_assert_cmpint (value.status, ==, 2);
  g_assert_nonnull (strstr (value.err, "--ds"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  run_cli (&syntax, "phantom", "--out", out, "--truth", truth, "--syntax", "mpeg4", NULL);
  g_assert_cmpint (syntax.status, ==, 2);

  run_cli (&command, "frobnicate", NULL);
  g_assert_cmpint (command.status, ==, 2);
}

static void
test_write_failure_exits_1 (void)
{
  g_auto(Run) run = { 0 };

  run_cli (&run, "phantom", "--out", "/nonexistent-dir/x.dcm", "--truth",
           "/nonexistent-dir/x.json", "--size", "64", "--frames", "2", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "x.dcm"));
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
assert_point (JsonObject *object,
              const char *member)
{
  JsonArray *p = json_object_get_array_member (object, member);

  g_assert_nonnull (p);
  g_assert_cmpuint (json_array_get_length (p), ==, 2);
}

/* The lesion object of the contract. */
static void
assert_lesion (JsonObject *lesion,
               gboolean    calibrated)
{
  const char *mm[] = { "mld_mm", "ref_mm", "length_mm" };
  const char *px[] = { "mld_px", "ref_px", "length_px", "percent_ds", "percent_as" };
  const char *lines[] = { "centerline", "left_edge", "right_edge" };
  double mld = json_object_get_double_member (lesion, "mld_px");
  double ref = json_object_get_double_member (lesion, "ref_px");

  g_assert_true (json_object_has_member (lesion, "frame"));
  assert_point (lesion, "center_px");
  assert_point (lesion, "prox_px");
  assert_point (lesion, "dist_px");
  for (guint i = 0; i < G_N_ELEMENTS (px); i++)
    g_assert_true (json_object_get_double_member (lesion, px[i]) >= 0);
  for (guint i = 0; i < G_N_ELEMENTS (mm); i++)
    {
      JsonNode *node = json_object_get_member (lesion, mm[i]);

      g_assert_nonnull (node);
      g_assert_true (calibrated ? JSON_NODE_HOLDS_VALUE (node) : JSON_NODE_HOLDS_NULL (node));
    }
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      JsonArray *line = json_object_get_array_member (lesion, lines[i]);

      g_assert_cmpuint (json_array_get_length (line), >=, 2);
      g_assert_cmpuint (json_array_get_length (json_array_get_array_element (line, 0)), ==, 2);
    }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (lesion, "left_edge")),
                    ==,
                    json_array_get_length (json_object_get_array_member (lesion, "right_edge")));
  g_assert_cmpfloat (mld, <, ref);
  /* %DS is printed to 0.05, MLD and RD to 0.005 px: what the printed values allow. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (lesion, "percent_ds"),
                                  100 * (1 - mld / ref),
                                  0.05 + 100 * 0.005 * (1 / ref + mld / (ref * ref)) + 1e-9);
}

static void
test_analyze_and_qca (void)
{
  g_autofree char *dicom = angio_test_path ("analyze.dcm");
  g_autofree char *truth = angio_test_path ("analyze.json");
  g_auto(Run) phantom = { 0 };
  g_auto(Run) analyze = { 0 };
  g_auto(Run) qca = { 0 };
  g_auto(Run) text = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) qca_parser = json_parser_new ();
  g_autofree char *frame = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  JsonObject *root, *lesion, *timings, *guided;
  JsonArray *keys, *lesions, *curve, *line;
  const char *timing_names[] = { "decode", "keyframes", "vesselness", "lesions", "total" };

  run_cli (&phantom, "phantom", "--out", dicom, "--truth", truth, "--size", "256", "--frames",
           "24", "--ds", "70", "--seed", "4", NULL);
  g_assert_cmpint (phantom.status, ==, 0);

  run_cli (&analyze, "analyze", dicom, "--json", "--timings", NULL);
  g_assert_cmpint (analyze.status, ==, 0);
  root = parse_object (parser, analyze.out);
  g_assert_cmpstr (json_object_get_string_member (root, "file"), ==, dicom);
  g_assert_cmpint (json_object_get_int_member (root, "frames"), ==, 24);
  g_assert_cmpint (json_object_get_int_member (root, "rows"), ==, 256);
  g_assert_cmpint (json_object_get_int_member (root, "cols"), ==, 256);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (root, "calibration"), "method"), ==,
                   "isocenter");
  g_assert_cmpfloat (json_object_get_double_member (
                       json_object_get_object_member (root, "calibration"), "mm_per_px"), >, 0);
  curve = json_object_get_array_member (root, "opacification");
  g_assert_cmpuint (json_array_get_length (curve), ==, 24);

  keys = json_object_get_array_member (root, "key_frames");
  g_assert_cmpuint (json_array_get_length (keys), >=, 1);
  g_assert_cmpuint (json_array_get_length (keys), <=, 5);
  for (guint i = 0; i < json_array_get_length (keys); i++)
    {
      JsonObject *key = json_array_get_object_element (keys, i);

      g_assert_cmpint (json_object_get_int_member (key, "frame"), <, 24);
      if (i > 0)
        g_assert_cmpfloat (json_object_get_double_member (key, "score"), <=,
                           json_object_get_double_member (
                             json_array_get_object_element (keys, i - 1), "score"));
    }

  lesions = json_object_get_array_member (root, "lesions");
  g_assert_cmpuint (json_array_get_length (lesions), >=, 1);
  for (guint i = 0; i < json_array_get_length (lesions); i++)
    {
      assert_lesion (json_array_get_object_element (lesions, i), TRUE);
      if (i > 0)
        g_assert_cmpfloat (
          json_object_get_double_member (json_array_get_object_element (lesions, i), "percent_ds"),
          <=, json_object_get_double_member (json_array_get_object_element (lesions, i - 1),
                                             "percent_ds"));
    }
  timings = json_object_get_object_member (root, "timings_ms");
  for (guint i = 0; i < G_N_ELEMENTS (timing_names); i++)
    g_assert_cmpfloat (json_object_get_double_member (timings, timing_names[i]), >=, 0);

  /* The guided QCA along the most severe proposal's centerline measures it again. */
  lesion = json_array_get_object_element (lesions, 0);
  line = json_object_get_array_member (lesion, "centerline");
  frame = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (lesion, "frame"));
  from = g_strdup_printf ("%.1f,%.1f",
                          json_array_get_double_element (json_array_get_array_element (line, 0), 0),
                          json_array_get_double_element (json_array_get_array_element (line, 0), 1));
  to = g_strdup_printf ("%.1f,%.1f",
                        json_array_get_double_element (
                          json_array_get_array_element (line, json_array_get_length (line) - 1), 0),
                        json_array_get_double_element (
                          json_array_get_array_element (line, json_array_get_length (line) - 1), 1));
  run_cli (&qca, "qca", dicom, "--frame", frame, "--from", from, "--to", to, "--json", NULL);
  g_assert_cmpint (qca.status, ==, 0);
  guided = parse_object (qca_parser, qca.out);
  assert_lesion (guided, TRUE);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (guided, "percent_ds"),
                                  json_object_get_double_member (lesion, "percent_ds"), 10);

  run_cli (&text, "analyze", dicom, NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "Key frames"));
}

/* A run with nothing in it: no lesions and a warning, exit 0. */
static void
test_analyze_no_vessel (void)
{
  g_autoptr(GByteArray) bytes = angio_test_dicom_begin ("1.2.840.10008.1.2.1");
  g_autofree guint16 *pixels = g_new (guint16, 64 * 64 * 3);
  g_autofree char *path = NULL;
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  for (guint i = 0; i < 64 * 64 * 3; i++)
    pixels[i] = 700;
  angio_test_dicom_image_header (bytes, 64, 64, 3);
  angio_test_dicom_element (bytes, 0x7fe0, 0x0010, "OW", pixels, 64 * 64 * 3 * 2);
  path = angio_test_write ("uniform.dcm", bytes->data, bytes->len);

  run_cli (&run, "analyze", path, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_object (parser, run.out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "lesions")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "warnings")), >=,
                    1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "opacification")),
                    ==, 3);
}

static void
test_analyze_bad_input (void)
{
  g_autofree char *dicom = angio_test_path ("analyze.dcm");
  g_autofree char *bad = angio_test_write ("not-dicom.dcm", "hello", 5);
  struct {
    const char *args[10];
  } cases[] = {
    { { "analyze", bad, "--json", NULL } },
    { { "analyze", "/nonexistent/run.dcm", NULL } },
    { { "qca", bad, "--frame", "0", "--from", "1,1", "--to", "9,9", NULL } },
    { { "qca", dicom, "--frame", "999", "--from", "10,10", "--to", "90,90", NULL } },
    { { "qca", dicom, "--frame", "3", "--from", "ten,10", "--to", "90,90", NULL } },
    { { "qca", dicom, "--frame", "3", "--from", "1e9,10", "--to", "90,90", NULL } },
    { { "qca", dicom, "--frame", "3", "--from", "10,10", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli (&run, cases[i].args[0], cases[i].args[1], cases[i].args[2], cases[i].args[3],
               cases[i].args[4], cases[i].args[5], cases[i].args[6], cases[i].args[7],
               cases[i].args[8], NULL);
      g_test_message ("%s %s: %d, %s", cases[i].args[0], cases[i].args[2], run.status, run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.err, !=, "");
    }
}

/* A folder of symbolic links to DICOM files (a selection from an archive) is imported; a link
 * to a folder or to nothing is skipped with the reason; nothing to import says so, exit 2. */
static void
test_workspace_import_links (void)
{
  g_autofree char *links = angio_test_path ("links");
  g_autofree char *empty = angio_test_path ("no-dicom-here");
  g_autofree char *workspace = angio_test_path ("links-ws");
  g_autofree char *target = NULL;
  g_autofree char *link = g_build_filename (links, "run.dcm", NULL);
  g_autofree char *to_folder = g_build_filename (links, "a-folder", NULL);
  g_autofree char *broken = g_build_filename (links, "gone.dcm", NULL);
  g_auto(Run) imported = { 0 };
  g_auto(Run) nothing = { 0 };
  AngioPhantomParams params;

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = 64;
  params.frames = 4;
  target = angio_test_phantom_file (&params, "link-target.dcm", NULL);
  g_assert_cmpint (g_mkdir (links, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (empty, 0755), ==, 0);
  g_assert_cmpint (symlink (target, link), ==, 0);
  g_assert_cmpint (symlink (empty, to_folder), ==, 0);
  g_assert_cmpint (symlink ("/nonexistent/run.dcm", broken), ==, 0);

  run_cli (&imported, "workspace", "import", workspace, links, "--no-analysis", NULL);
  g_test_message ("%s%s", imported.out, imported.err);
  g_assert_cmpint (imported.status, ==, 0);
  g_assert_nonnull (strstr (imported.out, "Runs added:"));
  g_assert_nonnull (strstr (imported.out, "1\n"));
  g_assert_nonnull (strstr (imported.out, "a-folder: a symbolic link to a folder, not followed"));
  g_assert_nonnull (strstr (imported.out, "gone.dcm: a symbolic link to nothing"));

  run_cli (&nothing, "workspace", "import", workspace, empty, "--no-analysis", NULL);
  g_assert_cmpint (nothing.status, ==, 2);
  g_assert_nonnull (strstr (nothing.err, "nothing imported"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/angio/cli/phantom-and-info", test_phantom_and_info);
  g_test_add_func ("/angio/cli/workspace-import-links", test_workspace_import_links);
  g_test_add_func ("/angio/cli/bad-input", test_bad_input_exits_2);
  g_test_add_func ("/angio/cli/write-failure", test_write_failure_exits_1);
  g_test_add_func ("/angio/cli/analyze-and-qca", test_analyze_and_qca);
  g_test_add_func ("/angio/cli/analyze-no-vessel", test_analyze_no_vessel);
  g_test_add_func ("/angio/cli/analyze-bad-input", test_analyze_bad_input);
  return g_test_run ();
}
