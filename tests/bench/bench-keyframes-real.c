/* bench-keyframes-real.c — the key frames proposed on real cines (the fully opacified frames
 * judged by eye in tests/data/keyframes-real.tsv, the cines read from ../shared/testdata) and on
 * the long phantom runs (512² × 128 and 1024² × 120 frames), beside the middle frame of each run
 * as the baseline a proposal must beat. The target: the best proposed key frame inside
 * the fully opacified range in ≥ 90 % of real runs.
 *
 *   meson test -C _build --benchmark --verbose keyframes-real
 */
#include "config.h"

#include <stdio.h>

#include "angio-analysis.h"
#include "angio-series.h"
#include "angio-test-keyframes.h"
#include "angio-test-util.h"

typedef struct {
  guint runs, hits, middle_hits;
} Tally;

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static const char *
verdict (gboolean has_range,
         gboolean hit)
{
  return !has_range ? "n/a" : hit ? "hit" : "MISS";
}

/* One line: the proposals (best first), the range, hit or miss, and the middle frame. */
static void
report (const char           *name,
        const AngioKeyFrames *keys,
        gint                  first,
        gint                  last,
        guint                 n_r_waves,
        double                ms,
        Tally                *tally)
{
  g_autoptr(GString) proposed = g_string_new (NULL);
  guint best = keys->key_frames[0].frame, middle = keys->n_frames / 2;
  gboolean has_range = first >= 0;
  gboolean hit = has_range && (gint) best >= first && (gint) best <= last;
  gboolean middle_hit = has_range && (gint) middle >= first && (gint) middle <= last;
  g_autofree char *range = has_range ? g_strdup_printf ("%d–%d", first, last) : g_strdup ("none");

  for (guint k = 0; k < keys->n_key_frames; k++)
    g_string_append_printf (proposed, "%s%u (%.2f)", k ? ", " : "", keys->key_frames[k].frame,
                            keys->key_frames[k].score);
  printf ("%-40s %4u  %-9s %-4s | middle %3u %-4s | ecg %u | bolus %s, %u before | %5.0f ms | %s\n",
          name, keys->n_frames, range, verdict (has_range, hit), middle,
          verdict (has_range, middle_hit), n_r_waves, keys->has_contrast_change ? "yes" : "no",
          keys->n_background, ms, proposed->str);
  if (has_range)
    {
      tally->runs++;
      tally->hits += hit;
      tally->middle_hits += middle_hit;
    }
}

static void
real_runs (Tally *tally)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = angio_test_key_frame_runs_load (&error);
  AngioAnalysisParams params;

  if (runs == NULL)
    {
      printf ("# %s\n", error->message);
      return;
    }
  angio_analysis_params_init (&params);
  for (guint i = 0; i < runs->len; i++)
    {
      const AngioTestKeyFrameRun *run = g_ptr_array_index (runs, i);
      g_autofree char *path = angio_test_key_frame_run_path (run);
      g_autofree guint *r_waves = NULL;
      g_autoptr(AngioSeries) series = NULL;
      g_autoptr(AngioKeyFrames) keys = NULL;
      guint n_r_waves = 0;
      gint64 start;

      if (path == NULL)
        {
          printf ("# %s is not there (ANGIO_TESTDATA): not measured\n", run->file);
          continue;
        }
      series = angio_series_load (path, NULL, &error);
      if (series == NULL)
        {
          printf ("# %s: %s\n", run->file, error->message);
          g_clear_error (&error);
          continue;
        }
      r_waves = angio_series_dup_r_wave_frames (series, &n_r_waves);
      start = g_get_monotonic_time ();
      keys = angio_analysis_key_frames (series, &params, NULL);
      report (run->file, keys, run->first, run->last, n_r_waves, ms_since (start), tally);
    }
}

static void
phantom_run (guint  size,
             guint  frames,
             Tally *tally)
{
  g_autofree char *name = g_strdup_printf ("long-%u-%u.dcm", size, frames);
  g_autofree char *label = g_strdup_printf ("phantom renal %u² × %u", size, frames);
  g_autofree char *path = NULL;
  g_autoptr(AngioPhantom) phantom = NULL;
  g_autoptr(AngioSeries) series = NULL;
  g_autoptr(AngioKeyFrames) keys = NULL;
  g_autoptr(GError) error = NULL;
  AngioPhantomParams pp;
  AngioAnalysisParams params;
  gint64 start;

  angio_phantom_params_init (&pp, ANGIO_PHANTOM_RENAL);
  pp.size = size;
  pp.frames = frames;
  path = angio_test_phantom_file (&pp, name, &phantom);
  series = angio_series_load (path, NULL, &error);
  g_assert_no_error (error);
  angio_analysis_params_init (&params);
  start = g_get_monotonic_time ();
  keys = angio_analysis_key_frames (series, &params, NULL);
  report (label, keys, (gint) phantom->key_first, (gint) phantom->key_last, 0, ms_since (start),
          tally);
}

int
main (int    argc,
      char **argv)
{
  Tally real = { 0 }, phantoms = { 0 };

  g_test_init (&argc, &argv, NULL);
  printf ("%-40s %4s  %-9s %-4s | %-15s | ecg: R waves in the file | bolus followed, frames "
          "before it | time of the key frames | proposals (score), best first\n",
          "run", "n", "range", "best", "middle frame");
  real_runs (&real);
  phantom_run (512, 128, &phantoms);
  phantom_run (1024, 120, &phantoms);
  printf ("\nreal runs with an opacified range: best key frame inside %u/%u, middle frame %u/%u\n",
          real.hits, real.runs, real.middle_hits, real.runs);
  printf ("long phantom runs: best key frame inside %u/%u, middle frame %u/%u\n",
          phantoms.hits, phantoms.runs, phantoms.middle_hits, phantoms.runs);
  return 0;
}
