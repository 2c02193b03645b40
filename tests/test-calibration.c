/* test-calibration.c — the image scale from known geometry (isocenter, magnification factor) and
 * from a catheter of known French size on a synthetic image. */
#include "config.h"

#include <math.h>

#include "angio-calibration.h"
#include "angio-cylinder-fit.h"

static void
test_geometry (void)
{
  /* 0.2 mm detector pixels, source 1000 mm from the detector and 750 from the isocenter. */
  g_assert_cmpfloat_with_epsilon (angio_calibration_isocenter (0.2, 1000, 750), 0.15, 1e-12);
  g_assert_cmpfloat_with_epsilon (angio_calibration_isocenter (0.154, 1200, 800),
                                  0.154 * 800 / 1200, 1e-12);
  g_assert_true (isnan (angio_calibration_isocenter (0.2, 750, 1000)));   /* SOD > SID */
  g_assert_true (isnan (angio_calibration_isocenter (0.2, 1000, 1000)));
  g_assert_true (isnan (angio_calibration_isocenter (0.2, 1000, 200)));   /* ×5: absurd */
  g_assert_true (isnan (angio_calibration_isocenter (0, 1000, 750)));
  g_assert_true (isnan (angio_calibration_isocenter (NAN, 1000, 750)));

  g_assert_cmpfloat_with_epsilon (angio_calibration_magnification (0.2, 1.25), 0.16, 1e-12);
  g_assert_true (isnan (angio_calibration_magnification (0.2, 0.5)));
  g_assert_true (isnan (angio_calibration_magnification (0.2, 7)));
  g_assert_true (isnan (angio_calibration_magnification (-1, 1.2)));
}

/* A 6 F catheter (2 mm) at 0.1 mm per pixel: 20 pixels across, running diagonally. */
static void
test_catheter (void)
{
  g_autoptr(AngioImageF) image = angio_image_f_new (200, 200);
  g_autoptr(AngioImageF) uniform = angio_image_f_new (200, 200);
  AngioCatheterCalibration result;
  const double radius = 10;

  for (guint y = 0; y < 200; y++)
    for (guint x = 0; x < 200; x++)
      {
        /* Distance from the line x − y = 0 through the middle, tilted by 45°. */
        double u = ((double) x - y) / G_SQRT2;

        angio_image_f_row (image, y)[x] =
          (float) (200 - 0.8 * angio_cylinder_profile (u, radius, 1.5));
        angio_image_f_row (uniform, y)[x] = 200;
      }
  g_assert_true (angio_calibration_catheter (image, (AngioPoint) { 60, 60 },
                                             (AngioPoint) { 140, 140 }, 6, NAN, &result));
  g_assert_cmpfloat_with_epsilon (result.diameter_px, 2 * radius, 0.4);
  g_assert_cmpfloat_with_epsilon (result.mm_per_px, 0.1, 0.002);
  g_assert_cmpuint (result.n_scanlines, >, 10);
  g_assert_cmpfloat (result.diameter_sd_px, <, 0.5);
  /* A nominal scale 30 % off still finds it; one that predicts a catheter 3 × thinner does
   * not take this tube for one. */
  g_assert_true (angio_calibration_catheter (image, (AngioPoint) { 60, 60 },
                                             (AngioPoint) { 140, 140 }, 6, 0.13, &result));
  g_assert_cmpfloat_with_epsilon (result.mm_per_px, 0.1, 0.002);
  g_assert_false (angio_calibration_catheter (image, (AngioPoint) { 60, 60 },
                                              (AngioPoint) { 140, 140 }, 6, 0.3, &result));

  /* No tube, a size outside 3–10 F, two points on top of each other: no scale. */
  g_assert_false (angio_calibration_catheter (uniform, (AngioPoint) { 60, 60 },
                                              (AngioPoint) { 140, 140 }, 6, NAN, &result));
  g_assert_false (angio_calibration_catheter (image, (AngioPoint) { 60, 60 },
                                              (AngioPoint) { 140, 140 }, 40, NAN, &result));
  g_assert_false (angio_calibration_catheter (image, (AngioPoint) { 60, 60 },
                                              (AngioPoint) { 60, 60 }, 6, NAN, &result));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/angio/algorithms/calibration/geometry", test_geometry);
  g_test_add_func ("/angio/algorithms/calibration/catheter", test_catheter);
  return g_test_run ();
}
