/* test-gaussian.c — separable Gaussian blur against analytic responses. */
#include "config.h"

#include <math.h>

#include "angio-gaussian.h"

static void
test_kernel (void)
{
  guint radius;
  g_autofree float *kernel = angio_gaussian_kernel (1.5, &radius);
  double sum = 0, variance = 0;

  g_assert_cmpuint (radius, ==, 5);
  for (guint i = 0; i <= 2 * radius; i++)
    {
      double x = (double) i - radius;
      sum += kernel[i];
      variance += kernel[i] * x * x;
      g_assert_cmpfloat_with_epsilon (kernel[i], kernel[2 * radius - i], 1e-7);
    }
  g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-6);
  /* Truncated at 3 sigma, the variance is a little under sigma². */
  g_assert_cmpfloat_with_epsilon (variance, 1.5 * 1.5, 0.05);
}

static void
test_impulse_and_constant (void)
{
  g_autoptr(AngioImageF) image = angio_image_f_new (41, 31);
  g_autoptr(AngioImageF) flat = angio_image_f_new (17, 9);
  double sum = 0, sx = 0;

  image->data[15 * 41 + 20] = 1;
  angio_gaussian_blur (image, image, 2.0);
  for (guint y = 0; y < 31; y++)
    for (guint x = 0; x < 41; x++)
      {
        float v = angio_image_f_row (image, y)[x];
        sum += v;
        sx += v * ((double) x - 20) * ((double) x - 20);
      }
  g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-5);
  g_assert_cmpfloat_with_epsilon (sx, 4.0, 0.15);
  /* Separable and isotropic: the response is the product of two 1-D Gaussians. */
  g_assert_cmpfloat_with_epsilon (angio_image_f_row (image, 15)[20] / angio_image_f_row (image, 15)[22],
                                  exp (4.0 / 8.0), 1e-3);

  angio_image_f_fill (flat, 3.5f);
  angio_gaussian_blur (flat, flat, 4.0);   /* kernel wider than the image: borders replicate */
  for (guint i = 0; i < 17 * 9; i++)
    g_assert_cmpfloat_with_epsilon (flat->data[i], 3.5, 1e-5);
}

static void
test_zero_sigma_copies (void)
{
  g_autoptr(AngioImageF) a = angio_image_f_new (3, 2);
  g_autoptr(AngioImageF) b = angio_image_f_new (3, 2);

  for (guint i = 0; i < 6; i++)
    a->data[i] = (float) i;
  angio_gaussian_blur (a, b, 0);
  g_assert_cmpmem (a->data, 6 * sizeof (float), b->data, 6 * sizeof (float));
}

/* Derivative responses: the blur of a unit step is the Gaussian's integral, so its slope at the
 * step is the Gaussian's peak 1/(σ √2π); the blur of x² is x² + σ², whose second difference
 * stays 2. */
static void
test_derivative_responses (void)
{
  const double sigma = 2.5;
  g_autoptr(AngioImageF) step = angio_image_f_new (81, 5);
  g_autoptr(AngioImageF) square = angio_image_f_new (81, 5);

  for (guint y = 0; y < 5; y++)
    for (guint x = 0; x < 81; x++)
      {
        angio_image_f_row (step, y)[x] = x >= 40 ? 1 : 0;
        angio_image_f_row (square, y)[x] = (float) ((x - 40.0) * (x - 40.0) / 100);
      }
  angio_gaussian_blur (step, step, sigma);
  angio_gaussian_blur (square, square, sigma);
  {
    const float *row = angio_image_f_row (step, 2);
    /* Between samples 39 and 40 the step sits at 39.5. */
    double slope = row[40] - row[39];
    double expected = 1 / (sigma * sqrt (2 * G_PI));

    g_assert_cmpfloat_with_epsilon (slope, expected, 0.01 * expected + 1e-4);
    g_assert_cmpfloat_with_epsilon (row[39] + row[40], 1.0, 1e-4);
  }
  {
    const float *row = angio_image_f_row (square, 2);

    for (guint x = 20; x <= 60; x += 5)
      {
        double second = (row[x + 1] - 2 * row[x] + row[x - 1]) * 100;

        g_assert_cmpfloat_with_epsilon (second, 2.0, 0.02);
        /* Truncated at 3 σ: the variance added is a little under σ². */
        g_assert_cmpfloat_with_epsilon (row[x] * 100 - (x - 40.0) * (x - 40.0), sigma * sigma,
                                        0.1 * sigma * sigma);
      }
  }
}

static void
test_smooth_1d (void)
{
  double in[21] = { 0 }, out[21];
  double sum = 0;

  in[10] = 1;
  angio_gaussian_smooth_1d (in, out, 21, 2.0);
  for (guint i = 0; i < 21; i++)
    sum += out[i];
  g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (out[10], 1 / (2.0 * sqrt (2 * G_PI)), 0.01);
  g_assert_cmpfloat_with_epsilon (out[9], out[11], 1e-12);
  /* In place, and nothing to do for no values. */
  angio_gaussian_smooth_1d (in, in, 21, 2.0);
  g_assert_cmpfloat_with_epsilon (in[10], out[10], 1e-12);
  angio_gaussian_smooth_1d (in, out, 0, 2.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/angio/algorithms/gaussian/kernel", test_kernel);
  g_test_add_func ("/angio/algorithms/gaussian/impulse-and-constant", test_impulse_and_constant);
  g_test_add_func ("/angio/algorithms/gaussian/zero-sigma", test_zero_sigma_copies);
  g_test_add_func ("/angio/algorithms/gaussian/derivative-responses", test_derivative_responses);
  g_test_add_func ("/angio/algorithms/gaussian/smooth-1d", test_smooth_1d);
  return g_test_run ();
}
