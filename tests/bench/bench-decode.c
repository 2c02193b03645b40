/* bench-decode.c — time to the first frame and to the last one for JPEG lossless cine runs,
 * beside `gdcmconv --raw` on the same files in the same run.
 *
 * Targets (issue "Foundation"): first frame ≤ 100 ms at 512²; full decode at least as fast as
 * gdcmconv --raw. Also prints what the isolated decoder costs: the same frames decoded in this
 * process, and the load of a tiny file (process start-up).
 *
 * Run with `meson test -C _build --benchmark --verbose`; exits 1 when a target is missed.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "angio-series.h"
#include "angio-stats.h"
#include "angio-test-util.h"

#define RUNS 5

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static char *
make_file (guint size,
           guint frames)
{
  AngioPhantomParams params;
  g_autofree char *name = g_strdup_printf ("bench-%u-%u.dcm", size, frames);

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = size;
  params.frames = frames;
  params.syntax = ANGIO_SYNTAX_JPEG_LOSSLESS_SV1;
  return angio_test_phantom_file (&params, name, NULL);
}

static double
gdcmconv_ms (const char *path)
{
  g_autofree char *out = angio_test_path ("gdcmconv-out.dcm");
  const char *argv[] = { "gdcmconv", "--raw", path, out, NULL };
  g_autoptr(GError) error = NULL;
  double start = now_ms ();
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                     &status, &error) || !g_spawn_check_wait_status (status, NULL))
    {
      g_printerr ("gdcmconv failed: %s\n", error ? error->message : "exit status");
      return NAN;
    }
  return now_ms () - start;
}

/* The decoding work alone, in this process, on all cores (what the isolation adds to). */
static double
in_process_ms (const char *path)
{
  g_autoptr(GError) error = NULL;
  double start = now_ms ();
  g_autoptr(AngioDicomReader) reader = angio_dicom_reader_open (path, &error);
  const AngioDicomMeta *meta;
  g_autofree guint16 *frame = NULL;

  g_assert_no_error (error);
  meta = angio_dicom_reader_get_meta (reader);
  frame = g_new (guint16, (gsize) meta->rows * meta->cols);
  for (guint i = 0; i < meta->frames; i++)
    g_assert_true (angio_dicom_reader_decode_frame (reader, i, frame, NULL));
  return now_ms () - start;
}

typedef struct {
  GMainLoop *loop;
  double opened;
} OpenState;

static void
opened (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  OpenState *state = data;
  g_autoptr(AngioSeries) series = angio_series_open_finish (result, NULL);

  g_assert_nonnull (series);
  state->opened = now_ms ();
  angio_series_cancel_load (series);
  g_main_loop_quit (state->loop);
}

/* What a viewer waits for: from the call to the callback with frame 0 in hand. */
static double
open_first_frame_ms (const char *path)
{
  OpenState state = { g_main_loop_new (NULL, FALSE), 0 };
  double start = now_ms ();

  angio_series_open_async (path, NULL, opened, &state);
  g_main_loop_run (state.loop);
  g_main_loop_unref (state.loop);
  return state.opened - start;
}

static gboolean
bench (guint size,
       guint frames)
{
  g_autofree char *path = make_file (size, frames);
  double first[RUNS], total[RUNS], reference[RUNS], single[RUNS], open[RUNS];
  double mpix = (double) size * size * frames / 1e6;
  double first_ms, total_ms, reference_ms, ratio;
  GStatBuf st;
  gboolean ok = TRUE;

  g_stat (path, &st);
  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AngioSeries) series = NULL;
      double start = now_ms ();

      series = angio_series_load (path, NULL, &error);
      g_assert_no_error (error);
      total[r] = now_ms () - start;
      first[r] = angio_series_get_first_frame_ms (series);
      reference[r] = gdcmconv_ms (path);
      single[r] = in_process_ms (path);
      open[r] = open_first_frame_ms (path);
    }
  first_ms = angio_median_inplace (first, RUNS);
  total_ms = angio_median_inplace (total, RUNS);
  reference_ms = angio_median_inplace (reference, RUNS);
  ratio = reference_ms / total_ms;

  g_print ("%4u² × %u JPEG lossless (%.1f MB)\n", size, frames, st.st_size / 1e6);
  g_print ("  first frame (load)          %8.1f ms\n", first_ms);
  g_print ("  first frame (async open)    %8.1f ms\n", angio_median_inplace (open, RUNS));
  g_print ("  all frames, isolated        %8.1f ms  %6.1f Mpixel/s\n", total_ms,
           mpix / total_ms * 1000);
  g_print ("  in process, one thread      %8.1f ms  %6.1f Mpixel/s\n", angio_median_inplace (single, RUNS),
           mpix / angio_median_inplace (single, RUNS) * 1000);
  g_print ("  gdcmconv --raw              %8.1f ms  %6.1f Mpixel/s  (ours is %.2f× as fast)\n",
           reference_ms, mpix / reference_ms * 1000, ratio);
  if (size == 512 && first_ms > 100)
    {
      g_print ("  MISS: first frame %.1f ms > 100 ms\n", first_ms);
      ok = FALSE;
    }
  if (!(ratio >= 1.0))
    {
      g_print ("  MISS: slower than gdcmconv --raw\n");
      ok = FALSE;
    }
  return ok;
}

/* What the process boundary costs: loading a file of one tiny frame. */
static void
bench_start_up (void)
{
  AngioPhantomParams params;
  g_autofree char *path = NULL;
  double times[RUNS * 2];

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = 64;
  params.frames = 1;
  path = angio_test_phantom_file (&params, "tiny.dcm", NULL);
  for (guint r = 0; r < G_N_ELEMENTS (times); r++)
    {
      g_autoptr(AngioSeries) series = NULL;
      double start = now_ms ();

      series = angio_series_load (path, NULL, NULL);
      g_assert_nonnull (series);
      times[r] = now_ms () - start;
    }
  g_print ("decoder process start-up + a 64² frame: %.1f ms (median of %u)\n",
           angio_median_inplace (times, G_N_ELEMENTS (times)), (guint) G_N_ELEMENTS (times));
}

int
main (int   argc,
      char *argv[])
{
  gboolean ok = TRUE;

  g_print ("%u cores; medians of %d runs\n", g_get_num_processors (), RUNS);
  bench_start_up ();
  ok &= bench (512, 64);
  ok &= bench (1024, 64);
  return ok ? 0 : 1;
}
