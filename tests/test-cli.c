/* test-cli.c — angiomark-cli as other tools use it: output, exit codes, messages. */
#include "config.h"

#include <string.h>

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/angio/cli/phantom-and-info", test_phantom_and_info);
  g_test_add_func ("/angio/cli/bad-input", test_bad_input_exits_2);
  g_test_add_func ("/angio/cli/write-failure", test_write_failure_exits_1);
  return g_test_run ();
}
