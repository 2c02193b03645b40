/* test-decoder-isolation.c — the application survives its decoder: a crash, a hang, an early
 * exit, nonsense or lies on the pipe all become errors naming the file. Runs against
 * fake-decoder (see tests/meson.build). */
#include "config.h"

#include <string.h>

#include "angio-series.h"
#include "angio-test-util.h"

static GError *
load_error (const char *name)
{
  g_autofree char *path = angio_test_write (name, "x", 1);
  g_autoptr(AngioSeries) series = NULL;
  GError *error = NULL;

  series = angio_series_load (path, NULL, &error);
  g_assert_null (series);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, name));
  g_assert_error (error, ANGIO_DICOM_ERROR, ANGIO_DICOM_ERROR_CRASHED);
  return error;
}

static void
test_crash_while_reading_header (void)
{
  g_autoptr(GError) error = load_error ("crash-header.dcm");

  g_assert_nonnull (strstr (error->message, "header"));
}

static void
test_crash_while_decoding (void)
{
  g_autoptr(GError) error = load_error ("crash-frames.dcm");

  g_assert_nonnull (strstr (error->message, "frames"));
}

static void
test_hang (void)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = load_error ("hang.dcm");

  /* ANGIOMARK_DECODER_TIMEOUT_MS is 500 here. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

static void
test_nonsense (void)
{
  g_autoptr(GError) exit_error = load_error ("exit.dcm");
  g_autoptr(GError) garbage_error = load_error ("garbage.dcm");
  g_autoptr(GError) lie_error = load_error ("lie.dcm");
}

/* A decoder its confinement kills (SIGSYS): a clear error naming the file, as for a crash. */
static void
test_forbidden (void)
{
  g_autoptr(GError) header_error = load_error ("forbidden-header.dcm");
  g_autoptr(GError) frames_error = load_error ("forbidden-frames.dcm");

  g_assert_nonnull (strstr (header_error->message, "confinement forbids"));
  g_assert_nonnull (strstr (header_error->message, "header"));
  g_assert_nonnull (strstr (frames_error->message, "confinement forbids"));
  g_assert_nonnull (strstr (frames_error->message, "frames"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/angio/core/decoder-isolation/crash-in-header", test_crash_while_reading_header);
  g_test_add_func ("/angio/core/decoder-isolation/crash-in-frames", test_crash_while_decoding);
  g_test_add_func ("/angio/core/decoder-isolation/hang", test_hang);
  g_test_add_func ("/angio/core/decoder-isolation/nonsense", test_nonsense);
  g_test_add_func ("/angio/core/decoder-isolation/forbidden", test_forbidden);
  return g_test_run ();
}
