/* bench-keyframes-real.c — the key frames on real cines, against the fully opacified frames
 * judged by eye (tests/data/keyframes-real.tsv), beside the middle frame of the same run.
 *
 * For each run of the list (read at run time from ../shared/testdata/dicom, never copied): the
 * best proposed key frame, whether it lies in the judged range, and whether the middle frame
 * does. Runs judged to have no opacified frame count apart: the curve should find no bolus.
 * Then the same on windows cut from the judged runs — starting before the contrast has filled
 * the tree, or ending early, or played backwards (contrast leaving) — where the middle frame is
 * often outside the range: derived from the same judgement, not new evidence, shown apart.
 *
 * A run the loader cannot decode is decoded by `gdcmconv --raw` into a temporary file, when
 * gdcmconv is there (said on its line). Usage: bench-keyframes-real LIST.TSV; the data root is
 * $ANGIO_TESTDATA. Run with `meson test -C _build --benchmark --verbose keyframes-real`.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "angio-analysis.h"
#include "angio-keyframes.h"
#include "angio-series.h"

typedef struct {
  guint hits, middle_hits, n;
} Tally;

static AngioSeries *
load (const char  *path,
      const char **note)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *gdcmconv = g_find_program_in_path ("gdcmconv");
  g_autofree char *tmp = NULL;
  g_autofree char *raw = NULL;
  AngioSeries *series = angio_series_load (path, NULL, &error);
  gint status = -1;

  *note = "";
  if (series != NULL)
    return series;
  g_print ("  %s\n", error->message);
  if (gdcmconv == NULL)
    return NULL;
  tmp = g_dir_make_tmp ("bench-keyframes-XXXXXX", NULL);
  raw = g_build_filename (tmp, "raw.dcm", NULL);
  {
    const char *argv[] = { gdcmconv, "--raw", path, raw, NULL };

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL
                       | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL)
        || !g_spawn_check_wait_status (status, NULL))
      return NULL;
  }
  g_clear_error (&error);
  series = angio_series_load (raw, NULL, &error);
  g_unlink (raw);
  g_rmdir (tmp);
  *note = "decoded by gdcmconv --raw";
  return series;
}

/* Key frames of frames @first … @last of @series (backwards when @reverse). */
static AngioKeyFrames *
key_frames_of_window (AngioSeries *series,
                      guint        first,
                      guint        last,
                      gboolean     reverse)
{
  guint n = last - first + 1, w = angio_series_get_cols (series);
  gsize size = (gsize) w * angio_series_get_rows (series);
  g_autofree guint16 *pixels = g_new (guint16, n * size);
  g_autofree double *times = g_new (double, n);
  AngioAnalysisParams ap;
  AngioKeyFrameParams kp;
  AngioFrames frames = { pixels, n, w, angio_series_get_rows (series), 0, 1 };

  for (guint i = 0; i < n; i++)
    {
      guint f = reverse ? last - i : first + i;

      memcpy (pixels + i * size, angio_series_get_frame (series, f), size * sizeof (guint16));
      times[i] = angio_series_get_frame_time_ms (series, first + i)
                 - angio_series_get_frame_time_ms (series, first);
    }
  angio_series_get_value_mapping (series, &frames.offset, &frames.scale);
  angio_analysis_params_init (&ap);
  angio_analysis_key_frame_params (series, &ap, &kp);
  return angio_key_frames_compute (&frames, times, &kp, NULL);
}

static void
score (Tally      *tally,
       const char *name,
       guint       n,
       guint       best,
       guint       first,
       guint       last,
       double      ms)
{
  gboolean hit = best >= first && best <= last;
  gboolean middle = n / 2 >= first && n / 2 <= last;

  tally->n++;
  tally->hits += hit;
  tally->middle_hits += middle;
  g_print ("%-58s %3u frames  range %2u–%2u  key %2u %-3s  middle %2u %-3s  %6.0f ms\n", name, n,
           first, last, best, hit ? "in" : "OUT", n / 2, middle ? "in" : "OUT", ms);
}

/* Windows cut from a judged run: [start, end] of frames, played forwards or backwards. */
static void
windows (AngioSeries *series,
         const char  *file,
         guint        first,
         guint        last,
         Tally       *tally)
{
  guint n = angio_series_get_n_frames (series);
  guint cuts[][3] = {
    { 0, first + (last - first) / 4, FALSE },
    { first / 4, first + (last - first) / 8, FALSE },
    { first / 2, n - 1, FALSE },
    { 0, first + (last - first) / 2, FALSE },
    { 0, first + (last - first) / 4, TRUE },
    { first / 2, first + (last - first) / 3, TRUE },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cuts); c++)
    {
      guint a = cuts[c][0], b = MIN (cuts[c][1], n - 1), m = b - a + 1, lo, hi;
      gboolean reverse = cuts[c][2];
      g_autoptr(AngioKeyFrames) kf = NULL;
      g_autofree char *name = NULL;
      gint64 start;

      if (m < 8 || MIN (b, last) < MAX (a, first) + 2)
        continue;
      lo = MAX (a, first) - a;
      hi = MIN (b, last) - a;
      if (reverse)
        {
          guint t = m - 1 - hi;

          hi = m - 1 - lo;
          lo = t;
        }
      start = g_get_monotonic_time ();
      kf = key_frames_of_window (series, a, b, reverse);
      name = g_strdup_printf ("  %s %u–%u%s", file, a, b, reverse ? " backwards" : "");
      score (tally, name, m, kf->key_frames[0].frame, lo, hi,
             (g_get_monotonic_time () - start) / 1000.0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  const char *root = g_getenv ("ANGIO_TESTDATA");
  Tally runs = { 0 }, derived = { 0 };
  guint no_bolus = 0, no_bolus_flagged = 0;

  if (argc != 2 || !g_file_get_contents (argv[1], &text, NULL, &error))
    {
      g_printerr ("usage: bench-keyframes-real LIST.TSV%s%s\n", error ? ": " : "",
                  error ? error->message : "");
      return 2;
    }
  if (root == NULL || !g_file_test (root, G_FILE_TEST_IS_DIR))
    {
      g_print ("ANGIO_TESTDATA is not set or missing: nothing measured\n");
      return 0;
    }
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      g_autofree char *path = NULL;
      g_autoptr(AngioSeries) series = NULL;
      g_autoptr(AngioKeyFrames) kf = NULL;
      AngioAnalysisParams ap;
      const char *note;
      gint64 start;
      double ms;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], "\t", 4);
      if (g_strv_length (f) < 3)
        continue;
      path = g_build_filename (root, "dicom", f[0], NULL);
      series = load (path, &note);
      if (series == NULL)
        {
          g_print ("%-58s cannot be read: not measured\n", f[0]);
          continue;
        }
      angio_analysis_params_init (&ap);
      start = g_get_monotonic_time ();
      kf = angio_analysis_key_frames (series, &ap, NULL);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      if (g_str_equal (f[1], "-"))
        {
          no_bolus++;
          no_bolus_flagged += !kf->has_contrast_change;
          g_print ("%-58s %3u frames  no opacified frame: %s  key %u  %6.0f ms%s%s%s\n", f[0],
                   kf->n_frames, kf->has_contrast_change ? "a bolus was found (wrong)"
                                                         : "no bolus found (right)",
                   kf->key_frames[0].frame, ms, *note ? " (" : "", note, *note ? ")" : "");
          continue;
        }
      score (&runs, f[0], kf->n_frames, kf->key_frames[0].frame,
             (guint) g_ascii_strtoull (f[1], NULL, 10), (guint) g_ascii_strtoull (f[2], NULL, 10),
             ms);
      if (*note)
        g_print ("  (%s)\n", note);
      windows (series, f[0], (guint) g_ascii_strtoull (f[1], NULL, 10),
               (guint) g_ascii_strtoull (f[2], NULL, 10), &derived);
    }

  g_print ("\nreal runs: best key frame in the judged range %u/%u, middle frame %u/%u "
           "(target ≥ 90 %%)\n", runs.hits, runs.n, runs.middle_hits, runs.n);
  g_print ("runs without a bolus: said so %u/%u\n", no_bolus_flagged, no_bolus);
  g_print ("windows cut from the judged runs (not independent): %u/%u, middle frame %u/%u\n",
           derived.hits, derived.n, derived.middle_hits, derived.n);
  return 0;
}
