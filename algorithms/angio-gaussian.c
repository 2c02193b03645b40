/* angio-gaussian.c — separable Gaussian blur with replicated borders. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "angio-gaussian.h"

float *
angio_gaussian_kernel (double  sigma_px,
                       guint  *radius)
{
  guint r;
  float *kernel;
  double sum = 0;

  g_return_val_if_fail (sigma_px > 0 && radius != NULL, NULL);

  r = MAX (1, (guint) ceil (3.0 * sigma_px));
  kernel = g_new (float, 2 * r + 1);
  for (guint i = 0; i <= 2 * r; i++)
    {
      double x = (double) i - r;
      kernel[i] = (float) exp (-0.5 * x * x / (sigma_px * sigma_px));
      sum += kernel[i];
    }
  for (guint i = 0; i <= 2 * r; i++)
    kernel[i] = (float) (kernel[i] / sum);
  *radius = r;
  return kernel;
}

/* One line read with stride @step into contiguous @out, through a padded copy so borders
 * replicate. */
static void
blur_line (const float *in,
           gsize        step,
           guint        n,
           const float *kernel,
           guint        radius,
           float       *padded,
           float       *out)
{
  for (guint i = 0; i < n + 2 * radius; i++)
    {
      gint64 src = CLAMP ((gint64) i - radius, 0, (gint64) n - 1);
      padded[i] = in[src * step];
    }
  for (guint i = 0; i < n; i++)
    {
      float acc = 0;
      for (guint k = 0; k <= 2 * radius; k++)
        acc += kernel[k] * padded[i + k];
      out[i] = acc;
    }
}

void
angio_gaussian_blur (const AngioImageF *src,
                     AngioImageF       *dst,
                     double             sigma_px)
{
  g_autofree float *kernel = NULL;
  g_autofree float *padded = NULL;
  g_autofree float *line = NULL;
  guint radius, w, h;

  g_return_if_fail (src != NULL && dst != NULL);
  g_return_if_fail (src->width == dst->width && src->height == dst->height);

  w = src->width;
  h = src->height;
  if (src != dst)
    for (guint y = 0; y < h; y++)
      memcpy (angio_image_f_row (dst, y), angio_image_f_row (src, y), w * sizeof (float));
  if (!(sigma_px > 0))
    return;

  kernel = angio_gaussian_kernel (sigma_px, &radius);
  padded = g_new (float, MAX (w, h) + 2 * radius);
  line = g_new (float, MAX (w, h));
  for (guint y = 0; y < h; y++)
    {
      float *row = angio_image_f_row (dst, y);
      blur_line (row, 1, w, kernel, radius, padded, line);
      memcpy (row, line, w * sizeof (float));
    }
  for (guint x = 0; x < w; x++)
    {
      float *column = dst->data + x;
      blur_line (column, dst->stride, h, kernel, radius, padded, line);
      for (guint y = 0; y < h; y++)
        column[y * dst->stride] = line[y];
    }
}

void
angio_gaussian_smooth_1d (const double *in,
                          double       *out,
                          guint         n,
                          double        sigma)
{
  g_autofree float *kernel = NULL;
  g_autofree double *copy = NULL;
  guint radius;

  g_return_if_fail ((in != NULL && out != NULL) || n == 0);

  if (!(sigma > 0) || n == 0)
    {
      if (out != in)
        memmove (out, in, sizeof (double) * n);
      return;
    }
  kernel = angio_gaussian_kernel (sigma, &radius);
  copy = g_memdup2 (in, sizeof (double) * n);
  for (guint i = 0; i < n; i++)
    {
      double acc = 0;

      for (gint64 k = -(gint64) radius; k <= (gint64) radius; k++)
        acc += kernel[k + radius] * copy[CLAMP ((gint64) i + k, 0, (gint64) n - 1)];
      out[i] = acc;
    }
}
