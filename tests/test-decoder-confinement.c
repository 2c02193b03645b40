/* test-decoder-confinement.c — angiomark-decoder, once confined, can do nothing a compromised
 * parser would want, and still decodes every file to the same pixels.
 *
 * The probe (angiomark-decoder --probe-confinement) confines itself as for decoding and tries
 * to open a file for writing or reading, stat a path, make a socket, fork, signal its parent, make a new
 * descriptor, executable memory, raise a limit: each must be refused by the seccomp filter
 * (EPERM), and exec and ptrace must kill it (SIGSYS). The real runs and phantoms in every
 * transfer syntax decode in the confined decoder to exactly the frames the same library gives
 * unconfined in this process; hostile files still get a clear error naming them; a
 * de-identified copy is written through the descriptor the application opened.
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "angio-deid.h"
#include "angio-series.h"
#include "angio-series-loader.h"
#include "angio-test-util.h"

/* Every action refused with an error (the others kill the process). */
static const char *const refused[] = {
  "open-write", "open-read", "stat-path", "socket-inet", "socket-unix", "fork", "signal-parent",
  "new-descriptor", "executable-memory", "raise-limit",
};

/* Runs the probe (@action, or all); its output in @out. Returns: its wait status. */
static int
probe (const char  *action,
       char       **out)
{
  const char *argv[] = { angio_loader_decoder_path (), "--probe-confinement", action, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_test_message ("%s", *out);
  return status;
}

static void
test_refused (void)
{
  g_autofree char *out = NULL;
  int status = probe (NULL, &out);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_cmpstr (lines[0], ==, "confined");
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *expected = g_strdup_printf ("%s: refused (EPERM:", refused[i]);
      gboolean found = FALSE;

      for (guint l = 1; lines[l] != NULL; l++)
        found |= g_str_has_prefix (lines[l], expected);
      if (!found)
        g_error ("%s not refused by the filter:\n%s", refused[i], out);
    }
  g_assert_null (strstr (out, "ALLOWED"));
}

/* exec and ptrace: the process is killed as it tries (its line is left unfinished). */
static void
test_killed (void)
{
  static const char *const fatal[] = { "exec", "ptrace" };

  for (guint i = 0; i < G_N_ELEMENTS (fatal); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *attempt = g_strdup_printf ("confined\n%s: ", fatal[i]);
      int status = probe (fatal[i], &out);

      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, SIGSYS);
      g_assert_cmpstr (out, ==, attempt);
    }
}

/* @path decoded by the confined decoder (through the loader, as the application does) and by
 * the same library in this process, unconfined: the same size and the same frames. */
static void
assert_same_pixels (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AngioSeries) series = angio_series_load (path, NULL, &error);
  g_autoptr(AngioDicomReader) reader = NULL;
  const AngioDicomMeta *confined, *here;
  g_autofree guint16 *frame = NULL;
  gsize n;

  g_assert_no_error (error);
  reader = angio_dicom_reader_open (path, &error);
  g_assert_no_error (error);
  confined = angio_series_get_meta (series);
  here = angio_dicom_reader_get_meta (reader);
  g_assert_cmpuint (confined->frames, ==, here->frames);
  g_assert_cmpuint (confined->rows, ==, here->rows);
  g_assert_cmpuint (confined->cols, ==, here->cols);
  g_assert_cmpstr (confined->transfer_syntax_uid, ==, here->transfer_syntax_uid);
  n = (gsize) here->rows * here->cols;
  frame = g_new (guint16, n);
  for (guint f = 0; f < here->frames; f++)
    {
      g_assert_true (angio_dicom_reader_decode_frame (reader, f, frame, &error));
      g_assert_no_error (error);
      if (memcmp (frame, angio_series_get_frame (series, f), n * sizeof (guint16)) != 0)
        g_error ("%s: frame %u differs between the confined decoder and the library", path, f);
    }
  g_test_message ("%s: %u frames of %u x %u, the same pixels", path, here->frames, here->cols,
                  here->rows);
}

static void
test_real (gconstpointer data)
{
  const char *const *names = data;   /* subfolder, file */
  g_autofree char *dir = angio_test_data_dir (names[0]);
  g_autofree char *path = dir ? g_build_filename (dir, names[1], NULL) : NULL;

  if (path != NULL)
    assert_same_pixels (path);
}

static void
test_phantom (gconstpointer data)
{
  const AngioSyntaxInfo *info = data;
  g_autofree char *name = g_strdup_printf ("confined-%s.dcm", info->name);
  g_autofree char *path = NULL;
  AngioPhantomParams params;

  angio_phantom_params_init (&params, ANGIO_PHANTOM_CORONARY);
  params.seed = 5;
  params.size = 96;
  params.frames = 5;
  params.syntax = info->syntax;
  path = angio_test_phantom_file (&params, name, NULL);
  assert_same_pixels (path);
}

/* The shared hostile corpus, read by the confined decoder: each file still refused with an
 * error naming it. */
static void
test_hostile (void)
{
  g_autoptr(GPtrArray) names = angio_test_list_dicom ("hostile");
  g_autofree char *dir = angio_test_data_dir ("hostile");

  if (names == NULL || dir == NULL)
    return;
  g_assert_cmpuint (names->len, >=, 15);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);

      angio_test_assert_rejected (path, -1);
    }
}

static guint
count_entries (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* De-identification in the confined decoder: the copy is written through the descriptor the
 * application opened, renamed into place; a failure leaves nothing behind. */
static void
test_deidentify (void)
{
  g_autofree char *folder = angio_test_path ("confined-deid");
  g_autofree char *source = NULL;
  g_autofree char *out = g_build_filename (folder, "run.dcm", NULL);
  g_autofree char *bad_out = g_build_filename (folder, "bad.dcm", NULL);
  g_autofree char *bad = angio_test_write ("confined-bad.dcm", "not DICOM at all", 16);
  const AngioDicomRect region = { 2, 2, 20, 10 };
  AngioDeidParams params = { "RAS-0042", -364, "secret", &region, 1 };
  g_autoptr(GError) error = NULL;
  AngioPhantomParams phantom;

  angio_phantom_params_init (&phantom, ANGIO_PHANTOM_CORONARY);
  phantom.size = 64;
  phantom.frames = 3;
  source = angio_test_phantom_file (&phantom, "confined-deid-source.dcm", NULL);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);

  g_assert_true (angio_deidentify_file (source, out, &params, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (angio_deid_check_file (out, "RAS-0042", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (folder), ==, 1);

  g_assert_false (angio_deidentify_file (bad, bad_out, &params, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "confined-bad.dcm"));
  g_assert_cmpuint (count_entries (folder), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  static const char *const subs[] = { "real", "real-xa" };
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func (
    (GDestroyNotify) g_ptr_array_unref);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/angio/dicom/confinement/refused", test_refused);
  g_test_add_func ("/angio/dicom/confinement/killed", test_killed);
  for (guint s = 0; s < G_N_ELEMENTS (subs); s++)
    {
      GPtrArray *names = angio_test_list_dicom (subs[s]);

      if (names == NULL)
        {
          /* Reported as skipped by the test (the folder is missing). */
          const char **pair = g_new0 (const char *, 2);
          g_autofree char *test = g_strdup_printf ("/angio/dicom/confinement/%s/missing",
                                                   subs[s]);

          pair[0] = subs[s];
          pair[1] = "missing.dcm";
          g_ptr_array_add (cases, pair);
          g_test_add_data_func (test, pair, test_real);
          continue;
        }
      g_ptr_array_add (lists, names);
      for (guint i = 0; i < names->len; i++)
        {
          const char **pair = g_new0 (const char *, 2);
          g_autofree char *test = g_strdup_printf ("/angio/dicom/confinement/%s/%s", subs[s],
                                                   (char *) names->pdata[i]);

          pair[0] = subs[s];
          pair[1] = names->pdata[i];
          g_ptr_array_add (cases, pair);
          g_test_add_data_func (test, pair, test_real);
        }
    }
  for (guint i = 0; i < ANGIO_N_SYNTAXES; i++)
    {
      const AngioSyntaxInfo *info = angio_syntax_info (i);
      g_autofree char *name = g_strdup_printf ("/angio/dicom/confinement/phantom/%s", info->name);

      g_test_add_data_func (name, info, test_phantom);
    }
  g_test_add_func ("/angio/dicom/confinement/hostile", test_hostile);
  g_test_add_func ("/angio/dicom/confinement/deidentify", test_deidentify);
  return g_test_run ();
}
