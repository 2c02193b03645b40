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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/angio/algorithms/gaussian/kernel", test_kernel);
  g_test_add_func ("/angio/algorithms/gaussian/impulse-and-constant", test_impulse_and_constant);
  g_test_add_func ("/angio/algorithms/gaussian/zero-sigma", test_zero_sigma_copies);
  return g_test_run ();
}
