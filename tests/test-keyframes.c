/* test-keyframes.c — key frames on synthetic runs: a contrast-filled catheter dark in every frame,
 * vessels that move with the beat and fill with a bolus (or hold contrast from frame 0), ECG
 * end-diastolic frames. */
#include "config.h"

#include <math.h>

#include "angio-keyframes.h"

#define SIZE 128
#define N_FRAMES 40

typedef enum {
  BOLUS,            /* no contrast in frames 0–7, filling 8–10, full 11–27, washout 28–31 */
  FROM_FRAME_0,     /* full from frame 0 to 27, the same washout */
  NO_BOLUS,         /* the catheter alone */
} Kind;

static double
contrast (Kind  kind,
          guint frame)
{
  if (kind == NO_BOLUS)
    return 0;
  if (frame >= 32)
    return 0;
  if (frame >= 28)
    return 1 - (frame - 27) / 5.0;
  if (kind == FROM_FRAME_0 || frame >= 11)
    return 1;
  return frame >= 8 ? (frame - 7) / 4.0 : 0;
}

/* Log-image values (higher is brighter): a smooth background with noise, the catheter, and two
 * vessels 4 px wide that move 3 px up and down with the beat (period 9 frames). */
static guint16 *
make_run (Kind kind)
{
  guint16 *data = g_new (guint16, (gsize) N_FRAMES * SIZE * SIZE);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint f = 0; f < N_FRAMES; f++)
    {
      double shift = 3 * sin (2 * G_PI * f / 9.0), c = contrast (kind, f);

      for (guint y = 0; y < SIZE; y++)
        for (guint x = 0; x < SIZE; x++)
          {
            double v = 2000 + 2 * x + g_rand_double_range (rand, -8, 8);
            double vy = y - shift;

            if (fabs (x - 20.0) < 2.5 && y < 64)
              v -= 300;                                       /* the catheter */
            if (fabs (vy - (30 + 0.5 * x)) < 2 && x > 20)
              v -= 250 * c;                                   /* a vessel */
            if (fabs (x - (60 + 0.3 * vy)) < 2 && vy > 40)
              v -= 200 * c;                                   /* a branch */
            data[((gsize) f * SIZE + y) * SIZE + x] = (guint16) v;
          }
    }
  return data;
}

static AngioKeyFrames *
compute (Kind         kind,
         const guint *end_diastolic,
         guint        n_end_diastolic)
{
  g_autofree guint16 *data = make_run (kind);
  AngioFrames frames = { data, N_FRAMES, SIZE, SIZE, 0, 1.0 / 1000 };
  AngioKeyFrameParams params;

  angio_key_frame_params_init (&params, 3, 8);
  params.end_diastolic_frames = end_diastolic;
  params.n_end_diastolic = n_end_diastolic;
  return angio_key_frames_compute (&frames, NULL, &params, NULL);
}

static void
test_bolus (void)
{
  g_autoptr(AngioKeyFrames) keys = compute (BOLUS, NULL, 0);

  g_assert_nonnull (keys);
  g_assert_true (keys->has_contrast_change);
  /* The catheter, dark in every frame, does not count: the frames before the bolus do not. */
  g_assert_cmpuint (keys->n_background, >=, 6);
  g_assert_cmpuint (keys->n_background, <=, 9);
  /* Filled, and early on the plateau: not the washout. */
  g_assert_cmpuint (keys->key_frames[0].frame, >=, 11);
  g_assert_cmpuint (keys->key_frames[0].frame, <=, 20);
  for (guint f = 0; f < 8; f++)
    g_assert_cmpfloat (keys->opacification[f], <, 0.1);
  for (guint f = 12; f < 27; f++)
    g_assert_cmpfloat (keys->opacification[f], >, 0.8);
}

static void
test_end_diastolic (void)
{
  static const guint ed[] = { 5, 14, 23, 32 };
  g_autoptr(AngioKeyFrames) keys = compute (BOLUS, ed, G_N_ELEMENTS (ed));

  g_assert_nonnull (keys);
  g_assert_true (keys->key_frames[0].frame == 14 || keys->key_frames[0].frame == 23);
}

static void
test_contrast_from_frame_0 (void)
{
  g_autoptr(AngioKeyFrames) keys = compute (FROM_FRAME_0, NULL, 0);

  g_assert_nonnull (keys);
  g_assert_true (keys->has_contrast_change);
  g_assert_cmpuint (keys->n_background, ==, 0);
  g_assert_cmpuint (keys->key_frames[0].frame, <=, 20);
  g_assert_cmpfloat (keys->opacification[0], >, 0.8);
}

static void
test_no_bolus (void)
{
  g_autoptr(AngioKeyFrames) keys = compute (NO_BOLUS, NULL, 0);

  g_assert_nonnull (keys);
  /* Nothing to follow: ranked on the vessels' darkness, the catheter's here. */
  g_assert_cmpuint (keys->n_key_frames, >=, 1);
  for (guint f = 0; f < N_FRAMES; f++)
    g_assert_true (keys->opacification[f] >= 0 && keys->opacification[f] <= 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/angio/algorithms/keyframes/bolus", test_bolus);
  g_test_add_func ("/angio/algorithms/keyframes/end-diastolic", test_end_diastolic);
  g_test_add_func ("/angio/algorithms/keyframes/contrast-from-frame-0", test_contrast_from_frame_0);
  g_test_add_func ("/angio/algorithms/keyframes/no-bolus", test_no_bolus);
  return g_test_run ();
}
