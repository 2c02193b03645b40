/* bench-decode.c — time to the first frame and to the last one for JPEG lossless cine runs,
 * and every syntax beside the reference decoders in the same run: `gdcmconv --raw` and the
 * DCMTK tool of the syntax (dcmconv, dcmdjpeg, dcmdjpls, dcmdrle; Debian's DCMTK has no JPEG
 * 2000 codec), each writing its decoded file, at 512² and 1024² × 64.
 *
 * Targets (issues "Foundation" and #18): first frame ≤ 100 ms at 512²; every syntax decoded
 * in no more time than the faster of GDCM and DCMTK. Also prints what the isolated decoder
 * costs: the same frames decoded in this process, and the load of a tiny file (start-up).
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

#define RUNS 3

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

/* A reference tool of the same syntax, timed on the same file. */
typedef struct {
  AngioTransferSyntax syntax;
  const char *dcmtk[3];    /* the DCMTK tool that decodes it and its options; NULL for none */
} Syntax;

static const Syntax syntaxes[] = {
  { ANGIO_SYNTAX_EXPLICIT_LE, { "dcmconv", "+te" } },
  { ANGIO_SYNTAX_JPEG_LOSSLESS_SV1, { "dcmdjpeg" } },
  { ANGIO_SYNTAX_JPEG_BASELINE, { "dcmdjpeg" } },
  { ANGIO_SYNTAX_JPEG_LS_LOSSLESS, { "dcmdjpls" } },
  { ANGIO_SYNTAX_RLE, { "dcmdrle" } },
  /* Debian's DCMTK (3.6.7) has no JPEG 2000 codec: GDCM is the only reference. */
  { ANGIO_SYNTAX_J2K_LOSSLESS, { NULL } },
};

static char *
make_syntax_file (guint               size,
                  guint               frames,
                  AngioTransferSyntax syntax)
{
  AngioPhantomParams params;
  g_autofree char *name = g_strdup_printf ("bench-%u-%u-%s.dcm", size, frames,
                                           angio_syntax_info (syntax)->name);

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = size;
  params.frames = frames;
  params.syntax = syntax;
  return angio_test_phantom_file (&params, name, NULL);
}

/* Wall time of @argv (input and output added), NAN when it fails. */
static double
tool_ms (const char *const *tool,
         const char        *path)
{
  g_autofree char *out = angio_test_path ("tool-out.dcm");
  const char *argv[6] = { NULL };
  g_autoptr(GError) error = NULL;
  double start;
  int status, n = 0;

  for (; tool[n] != NULL; n++)
    argv[n] = tool[n];
  argv[n++] = path;
  argv[n++] = out;
  start = now_ms ();
  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, &error)
      || !g_spawn_check_wait_status (status, NULL))
    {
      g_printerr ("%s failed: %s\n", tool[0], error ? error->message : "exit status");
      return NAN;
    }
  g_unlink (out);
  return now_ms () - start;
}

/* Every syntax: Angiomark (isolated decoder, all cores), gdcmconv --raw and the DCMTK tool,
 * each timed on the same file in turn, RUNS times; the medians and their ratios. */
static gboolean
bench_syntaxes (guint size,
                guint frames)
{
  static const char *const gdcm[] = { "gdcmconv", "--raw", NULL };
  gboolean ok = TRUE;

  g_print ("\n%u² × %u frames: median wall time of %d runs, ratio = Angiomark / reference "
           "(< 1: Angiomark faster)\n", size, frames, RUNS);
  g_print ("  %-18s %9s %9s %9s %8s %8s\n", "syntax", "Angiomark", "gdcmconv", "DCMTK",
           "/GDCM", "/DCMTK");
  for (guint s = 0; s < G_N_ELEMENTS (syntaxes); s++)
    {
      const Syntax *syntax = &syntaxes[s];
      g_autofree char *path = make_syntax_file (size, frames, syntax->syntax);
      double ours[RUNS], gdcm_t[RUNS], dcmtk_t[RUNS];
      double o, g, d, best;

      for (guint r = 0; r < RUNS; r++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(AngioSeries) series = NULL;
          double start = now_ms ();

          series = angio_series_load (path, NULL, &error);
          g_assert_no_error (error);
          ours[r] = now_ms () - start;
          g_clear_object (&series);
          gdcm_t[r] = tool_ms (gdcm, path);
          dcmtk_t[r] = syntax->dcmtk[0] ? tool_ms (syntax->dcmtk, path) : NAN;
        }
      o = angio_median_inplace (ours, RUNS);
      g = angio_median_inplace (gdcm_t, RUNS);
      d = syntax->dcmtk[0] ? angio_median_inplace (dcmtk_t, RUNS) : NAN;
      best = isnan (d) ? g : MIN (g, d);
      g_print ("  %-18s %7.0f ms %6.0f ms %6.0f ms %8.2f %8.2f%s\n",
               angio_syntax_info (syntax->syntax)->name, o, g, d, o / g, o / d,
               syntax->dcmtk[0] ? "" : "  (no DCMTK tool for J2K in Debian)");
      if (!(o <= best))
        {
          g_print ("  MISS: %s slower than the faster reference\n",
                   angio_syntax_info (syntax->syntax)->name);
          ok = FALSE;
        }
      g_unlink (path);
    }
  return ok;
}

/* The JPEG lossless run in detail: first frame, async open, in process. */
static gboolean
bench (guint size,
       guint frames)
{
  g_autofree char *path = make_file (size, frames);
  double first[RUNS], total[RUNS], single[RUNS], open[RUNS];
  double mpix = (double) size * size * frames / 1e6;
  double first_ms, total_ms;
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
      single[r] = in_process_ms (path);
      open[r] = open_first_frame_ms (path);
    }
  first_ms = angio_median_inplace (first, RUNS);
  total_ms = angio_median_inplace (total, RUNS);

  g_print ("%4u² × %u JPEG lossless (%.1f MB)\n", size, frames, st.st_size / 1e6);
  g_print ("  first frame (load)          %8.1f ms\n", first_ms);
  g_print ("  first frame (async open)    %8.1f ms\n", angio_median_inplace (open, RUNS));
  g_print ("  all frames, isolated        %8.1f ms  %6.1f Mpixel/s\n", total_ms,
           mpix / total_ms * 1000);
  g_print ("  in process, one thread      %8.1f ms  %6.1f Mpixel/s\n",
           angio_median_inplace (single, RUNS), mpix / angio_median_inplace (single, RUNS) * 1000);
  if (size == 512 && first_ms > 100)
    {
      g_print ("  MISS: first frame %.1f ms > 100 ms\n", first_ms);
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
  ok &= bench_syntaxes (512, 64);
  ok &= bench_syntaxes (1024, 64);
  return ok ? 0 : 1;
}
