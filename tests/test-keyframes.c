/* test-keyframes.c — key frames from the bolus: long runs (the breath carries the vessels away
 * from where a projection over the run puts them), contrast from the first frame, static dark
 * structures, runs without a bolus. Phantoms are rendered in memory and their key frames
 * computed on the stored values, as the series would hand them over (MONOCHROME2, no rescale).
 */
#include "config.h"

#include <math.h>

#include "angio-analysis.h"
#include "angio-keyframes.h"
#include "angio-phantom.h"
#include "angio-series.h"
#include "angio-test-util.h"

/* Diameters of the vessels looked for, as the analysis sets them (1–8 mm). */
static AngioKeyFrames *
key_frames_of (const AngioPhantom *phantom)
{
  AngioFrames frames = { phantom->pixels, phantom->frames, phantom->cols, phantom->rows, 0, 1 };
  AngioKeyFrameParams params;

  angio_key_frame_params_init (&params, 1.0 / phantom->mm_per_px, 8.0 / phantom->mm_per_px);
  return angio_key_frames_compute (&frames, phantom->frame_time_ms, &params, NULL);
}

static AngioPhantom *
generate (const AngioPhantomParams *params)
{
  g_autoptr(GError) error = NULL;
  AngioPhantom *phantom = angio_phantom_generate (params, NULL, &error);

  g_assert_no_error (error);
  return phantom;
}

/* The best key frame on the truth's plateau, and the first few proposals too. */
static void
check_on_plateau (const AngioPhantom   *phantom,
                  const AngioKeyFrames *kf,
                  guint                 n_checked)
{
  g_test_message ("truth %u [%u–%u], proposed %u %u %u", phantom->key_frame, phantom->key_first,
                  phantom->key_last, kf->key_frames[0].frame,
                  kf->n_key_frames > 1 ? kf->key_frames[1].frame : 0,
                  kf->n_key_frames > 2 ? kf->key_frames[2].frame : 0);
  for (guint k = 0; k < MIN (n_checked, kf->n_key_frames); k++)
    {
      g_assert_cmpuint (kf->key_frames[k].frame, >=, phantom->key_first);
      g_assert_cmpuint (kf->key_frames[k].frame, <=, phantom->key_last);
    }
}

/* 512² × 128 frames: the key frame used to be 38 (the breath had moved the vessels off the
 * places a projection over the whole run marked), and the 60 % lesion was missed. */
static void
test_long_run_512 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AngioPhantom) phantom = NULL;
  g_autoptr(AngioKeyFrames) kf = NULL;
  g_autoptr(AngioSeries) series = NULL;
  g_autoptr(AngioAnalysis) analysis = NULL;
  g_autofree char *path = NULL;
  AngioPhantomParams params;
  AngioAnalysisParams ap;
  gboolean found = FALSE;

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.frames = 128;
  path = angio_test_phantom_file (&params, "long-512.dcm", &phantom);
  kf = key_frames_of (phantom);
  check_on_plateau (phantom, kf, 3);
  /* The truth's best frame is the one that moves least; the pick is close to it. */
  g_assert_cmpint (ABS ((gint) kf->key_frames[0].frame - (gint) phantom->key_frame), <=, 4);

  series = angio_series_load (path, NULL, &error);
  g_assert_no_error (error);
  angio_analysis_params_init (&ap);
  analysis = angio_analysis_run (series, &ap, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (analysis->context->frame, ==, kf->key_frames[0].frame);
  for (guint i = 0; i < analysis->lesions->len; i++)
    {
      AngioStenosis *s = g_ptr_array_index (analysis->lesions, i);
      AngioPoint c = angio_stenosis_center (s);
      AngioPoint motion = phantom->motion_px[analysis->context->frame];
      double dx = c.x - (phantom->lesion_center_px.x + motion.x);
      double dy = c.y - (phantom->lesion_center_px.y + motion.y);

      g_test_message ("lesion %.0f %% at (%.0f, %.0f)", s->qca->percent_ds, c.x, c.y);
      found |= hypot (dx, dy) * phantom->mm_per_px < 3 && fabs (s->qca->percent_ds - 60) < 10;
    }
  g_assert_true (found);
}

/* 1024² × 120 frames: the key frame used to be 39 and no lesion was proposed. Key frames only
 * (the phantom alone takes seconds to render; far more under the sanitizers). */
static void
test_long_run_1024 (void)
{
  g_autoptr(AngioPhantom) phantom = NULL;
  g_autoptr(AngioKeyFrames) kf = NULL;
  AngioPhantomParams params;

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = 1024;
  params.frames = 120;
  phantom = generate (&params);
  kf = key_frames_of (phantom);
  check_on_plateau (phantom, kf, 3);
  g_assert_cmpint (ABS ((gint) kf->key_frames[0].frame - (gint) phantom->key_frame), <=, 4);
}

/* Coronary runs often start with contrast in the vessels. */
static void
test_contrast_from_first_frame (void)
{
  g_autoptr(AngioPhantom) phantom = NULL;
  g_autoptr(AngioKeyFrames) kf = NULL;
  AngioPhantomParams params;

  angio_phantom_params_init (&params, ANGIO_PHANTOM_CORONARY);
  params.size = 256;
  params.frames = 48;
  params.contrast_frame = 0;
  params.seed = 5;
  phantom = generate (&params);
  kf = key_frames_of (phantom);
  check_on_plateau (phantom, kf, 3);
}

/* Sternal wires and clips (dark in every frame), contrast refluxing into the aortic root while
 * injecting, cardiac motion, contrast from the first frame: the key frames stay on the truth's
 * plateau of full opacification. */
static void
test_static_structures_and_reflux (void)
{
  for (guint seed = 3; seed <= 4; seed++)
    {
      g_autoptr(AngioPhantom) phantom = NULL;
      g_autoptr(AngioKeyFrames) kf = NULL;
      AngioPhantomParams params;

      angio_phantom_params_init (&params, ANGIO_PHANTOM_CORONARY);
      params.size = 256;
      params.frames = 64;
      params.contrast_frame = seed == 3 ? 0 : ANGIO_PHANTOM_AUTO;
      params.clutter = TRUE;
      params.seed = seed;
      phantom = generate (&params);
      kf = key_frames_of (phantom);
      g_assert_true (kf->has_contrast_change);
      check_on_plateau (phantom, kf, 3);
    }
}

/* A run whose contrast never changes: no bolus, all frames alike for the curve; the key frame
 * is still one of the run's frames. */
static void
test_no_bolus (void)
{
  guint n = 12, size = 96;
  g_autofree guint16 *pixels = g_new (guint16, (gsize) n * size * size);
  g_autoptr(AngioKeyFrames) kf = NULL;
  AngioFrames frames = { pixels, n, size, size, 0, 1 };
  AngioKeyFrameParams params;

  for (guint f = 0; f < n; f++)
    for (guint y = 0; y < size; y++)
      for (guint x = 0; x < size; x++)
        /* A dark line (a wire) over a gentle slope, the same in every frame, and faint noise. */
        pixels[((gsize) f * size + y) * size + x] =
          (guint16) (600 + 2 * x - (ABS ((gint) x - 40) < 2 ? 150 : 0) + (f * 7 + x * 13 + y) % 5);
  angio_key_frame_params_init (&params, 3, 12);
  kf = angio_key_frames_compute (&frames, NULL, &params, NULL);
  g_assert_nonnull (kf);
  g_assert_false (kf->has_contrast_change);
  g_assert_cmpuint (kf->n_key_frames, >=, 1);
  g_assert_cmpuint (kf->key_frames[0].frame, <, n);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/angio/algorithms/keyframes/long-run-512", test_long_run_512);
#ifndef __SANITIZE_ADDRESS__
  g_test_add_func ("/angio/algorithms/keyframes/long-run-1024", test_long_run_1024);
#endif
  g_test_add_func ("/angio/algorithms/keyframes/contrast-from-first-frame",
                   test_contrast_from_first_frame);
  g_test_add_func ("/angio/algorithms/keyframes/static-structures-and-reflux",
                   test_static_structures_and_reflux);
  g_test_add_func ("/angio/algorithms/keyframes/no-bolus", test_no_bolus);
  return g_test_run ();
}
