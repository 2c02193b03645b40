/* test-keyframes-real.c — on the real cines of ../shared/testdata (skipped when absent), the best
 * proposed key frame lies inside the fully opacified frames judged by eye
 * (tests/data/keyframes-real.tsv), and the file's ECG R waves are read. */
#include "config.h"

#include "angio-analysis.h"
#include "angio-series.h"
#include "angio-test-keyframes.h"

static AngioSeries *
load_run (const AngioTestKeyFrameRun *run)
{
  g_autofree char *path = angio_test_key_frame_run_path (run);
  g_autoptr(GError) error = NULL;
  AngioSeries *series;

  if (path == NULL)
    return NULL;
  series = angio_series_load (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (angio_series_get_n_frames (series), ==, run->n_frames);
  return series;
}

static void
test_real_runs (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = angio_test_key_frame_runs_load (&error);
  AngioAnalysisParams params;
  guint measured = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, >=, 2);
  angio_analysis_params_init (&params);
  for (guint i = 0; i < runs->len; i++)
    {
      const AngioTestKeyFrameRun *run = g_ptr_array_index (runs, i);
      g_autoptr(AngioSeries) series = load_run (run);
      g_autoptr(AngioKeyFrames) keys = NULL;
      g_autofree guint *r_waves = NULL;
      guint n_r_waves = 0;

      if (series == NULL)
        continue;
      r_waves = angio_series_dup_r_wave_frames (series, &n_r_waves);
      g_assert_cmpuint (n_r_waves, ==, run->ecg->len);
      for (guint k = 0; k < n_r_waves; k++)
        g_assert_cmpuint (r_waves[k], ==, g_array_index (run->ecg, guint, k));

      keys = angio_analysis_key_frames (series, &params, NULL);
      g_assert_nonnull (keys);
      g_test_message ("%s: best key frame %u, judged %d-%d", run->file,
                      keys->key_frames[0].frame, run->first, run->last);
      if (run->first >= 0)
        {
          g_assert_true (keys->has_contrast_change);
          g_assert_true (angio_test_key_frame_run_hit (run, keys->key_frames[0].frame));
          /* The ECG says which frames are end-diastolic: the best one is among them. */
          if (n_r_waves > 0)
            {
              gboolean ed = FALSE;

              for (guint k = 0; k < n_r_waves; k++)
                ed |= r_waves[k] == keys->key_frames[0].frame;
              g_assert_true (ed);
            }
        }
      measured++;
    }
  if (measured == 0)
    g_test_skip ("the real cines are not there (ANGIO_TESTDATA)");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/angio/core/keyframes-real/ranges", test_real_runs);
  return g_test_run ();
}
