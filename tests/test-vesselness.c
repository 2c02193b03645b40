/* test-vesselness.c — Frangi vesselness on a straight tube of known width (where it peaks, at
 * which scale, in which direction) and on degenerate images. */
#include "config.h"

#include <math.h>

#include "angio-cylinder-fit.h"
#include "angio-vesselness.h"

#define TUBE_Y 48.3
#define TUBE_DIAMETER 10.0

/* A horizontal tube on a log image: background 100, darkened by the blurred chord. */
static AngioImageF *
tube_image (guint  width,
            guint  height,
            double y0)
{
  AngioImageF *image = angio_image_f_new (width, height);

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      angio_image_f_row (image, y)[x] =
        (float) (100 - 0.5 * angio_cylinder_profile (y - y0, TUBE_DIAMETER / 2, 1.0));
  return image;
}

static void
test_tube (void)
{
  g_autoptr(AngioImageF) image = tube_image (128, 96, TUBE_Y);
  g_autoptr(AngioVesselness) v = NULL;
  AngioVesselnessParams params;
  double expected = ANGIO_VESSELNESS_SIGMA_PER_DIAMETER * TUBE_DIAMETER;
  guint best_y = 0;
  float best = -1;

  angio_vesselness_params_init (&params, 4, 20);
  params.n_scales = 9;
  v = angio_vesselness_compute (image, &params, NULL);
  g_assert_nonnull (v);
  for (guint y = 0; y < 96; y++)
    {
      float r = angio_image_f_row (v->response, y)[64];

      g_assert_true (r >= 0 && r <= 1);
      if (r > best)
        best = r, best_y = y;
    }
  /* On the axis, at the scale of the tube, along it. */
  g_assert_cmpfloat (fabs (best_y - TUBE_Y), <=, 1.0);
  g_assert_cmpfloat (best, >, 0.5);
  g_assert_cmpfloat (fabs (angio_image_f_row (v->angle, best_y)[64]), <, 0.05);

  /* The σ²-normalised curvature peaks at σ ≈ 0.42 d. With the structureness scale set per
   * scale (the default) every scale saturates on the only vessel of the image; with one c for
   * all, in the linear range, the scales compare. */
  angio_vesselness_free (v);
  params.c = 50;
  v = angio_vesselness_compute (image, &params, NULL);
  g_assert_cmpfloat (angio_image_f_row (v->sigma_px, best_y)[64], >, expected / 1.3);
  g_assert_cmpfloat (angio_image_f_row (v->sigma_px, best_y)[64], <, expected * 1.3);
  /* Far from it: nothing. */
  g_assert_cmpfloat (angio_image_f_row (v->response, 5)[64], <, 0.05 * best);
}

/* Bright vessels are ignored unless asked for. */
static void
test_polarity (void)
{
  g_autoptr(AngioImageF) image = tube_image (64, 64, 32);
  g_autoptr(AngioVesselness) dark = NULL;
  g_autoptr(AngioVesselness) bright = NULL;
  AngioVesselnessParams params;

  for (gsize i = 0; i < 64 * 64; i++)
    image->data[i] = 200 - image->data[i];
  angio_vesselness_params_init (&params, 4, 20);
  dark = angio_vesselness_compute (image, &params, NULL);
  params.bright = TRUE;
  bright = angio_vesselness_compute (image, &params, NULL);
  g_assert_cmpfloat (angio_image_f_row (dark->response, 32)[32], <, 0.05);
  g_assert_cmpfloat (angio_image_f_row (bright->response, 32)[32], >, 0.5);
}

static void
check_sane (const AngioImageF *image)
{
  g_autoptr(AngioVesselness) v = NULL;
  AngioVesselnessParams params;

  angio_vesselness_params_init (&params, 3, 12);
  v = angio_vesselness_compute (image, &params, NULL);
  g_assert_nonnull (v);
  for (gsize i = 0; i < (gsize) image->width * image->height; i++)
    {
      g_assert_true (isfinite (v->response->data[i]));
      g_assert_cmpfloat (v->response->data[i], >=, 0);
      g_assert_cmpfloat (v->response->data[i], <=, 1);
      g_assert_true (isfinite (v->sigma_px->data[i]));
      g_assert_true (isfinite (v->angle->data[i]));
    }
}

static void
test_degenerate (void)
{
  g_autoptr(AngioImageF) uniform = angio_image_f_new (64, 48);
  g_autoptr(AngioImageF) black = angio_image_f_new (64, 48);
  g_autoptr(AngioImageF) one = angio_image_f_new (1, 1);
  g_autoptr(AngioImageF) noise = angio_image_f_new (64, 48);
  g_autoptr(AngioImageF) border = tube_image (64, 48, 0);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (gsize i = 0; i < 64 * 48; i++)
    {
      uniform->data[i] = 500;
      noise->data[i] = (float) g_rand_double_range (rand, 0, 1000);
    }
  one->data[0] = 3;
  check_sane (uniform);
  check_sane (black);
  check_sane (one);
  check_sane (noise);
  check_sane (border);
  {
    g_autoptr(AngioVesselness) v = NULL;
    AngioVesselnessParams params;

    /* A uniform image has no vessels. */
    angio_vesselness_params_init (&params, 3, 12);
    v = angio_vesselness_compute (uniform, &params, NULL);
    for (gsize i = 0; i < 64 * 48; i++)
      g_assert_cmpfloat (v->response->data[i], <, 1e-3);
  }
}

static gboolean
cancel_now (gpointer data)
{
  return TRUE;
}

static void
test_cancelled (void)
{
  g_autoptr(AngioImageF) image = tube_image (64, 64, 32);
  AngioProgress progress = { .cancelled = cancel_now };
  AngioVesselnessParams params;

  angio_vesselness_params_init (&params, 4, 20);
  g_assert_null (angio_vesselness_compute (image, &params, &progress));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/angio/algorithms/vesselness/tube", test_tube);
  g_test_add_func ("/angio/algorithms/vesselness/polarity", test_polarity);
  g_test_add_func ("/angio/algorithms/vesselness/degenerate", test_degenerate);
  g_test_add_func ("/angio/algorithms/vesselness/cancelled", test_cancelled);
  return g_test_run ();
}
