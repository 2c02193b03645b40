/* angio-image.c — float images: allocation, conversion, resampling. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "angio-image.h"

/**
 * angio_image_f_new:
 * Allocates a @width × @height float image filled with zeros (both at least 1).
 */
AngioImageF *
angio_image_f_new (guint width,
                   guint height)
{
  AngioImageF *image;

  g_return_val_if_fail (width > 0 && height > 0, NULL);

  image = g_new0 (AngioImageF, 1);
  image->width = width;
  image->height = height;
  image->stride = width;
  image->data = g_new0 (float, (gsize) width * height);
  return image;
}

AngioImageF *
angio_image_f_copy (const AngioImageF *image)
{
  g_return_val_if_fail (image != NULL, NULL);

  return angio_image_f_crop (image, 0, 0, image->width, image->height);
}

AngioImageF *
angio_image_f_crop (const AngioImageF *image,
                    guint              x0,
                    guint              y0,
                    guint              width,
                    guint              height)
{
  AngioImageF *out;

  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail ((guint64) x0 + width <= image->width
                        && (guint64) y0 + height <= image->height, NULL);

  out = angio_image_f_new (width, height);
  for (guint y = 0; y < height; y++)
    memcpy (angio_image_f_row (out, y), angio_image_f_row (image, y0 + y) + x0,
            width * sizeof (float));
  return out;
}

void
angio_image_f_fill (AngioImageF *image,
                    float        value)
{
  g_return_if_fail (image != NULL);

  for (guint y = 0; y < image->height; y++)
    {
      float *row = angio_image_f_row (image, y);
      for (guint x = 0; x < image->width; x++)
        row[x] = value;
    }
}

void
angio_image_f_free (AngioImageF *image)
{
  if (image == NULL)
    return;
  g_free (image->data);
  g_free (image);
}

AngioImageF *
angio_image_f_from_u16 (const AngioImageU16 *src,
                        guint                x0,
                        guint                y0,
                        guint                width,
                        guint                height,
                        double               offset,
                        double               scale)
{
  AngioImageF *image;

  g_return_val_if_fail (src != NULL && src->data != NULL, NULL);
  g_return_val_if_fail (x0 < src->width && y0 < src->height, NULL);

  width = MIN (width, src->width - x0);
  height = MIN (height, src->height - y0);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  image = angio_image_f_new (width, height);
  for (guint y = 0; y < height; y++)
    {
      const guint16 *in = src->data + (gsize) (y0 + y) * src->stride + x0;
      float *out = angio_image_f_row (image, y);

      for (guint x = 0; x < width; x++)
        out[x] = (float) (offset + scale * in[x]);
    }
  return image;
}

AngioImageF *
angio_image_f_downsample (const AngioImageF *src,
                          guint              factor)
{
  AngioImageF *image;
  guint w, h;

  g_return_val_if_fail (src != NULL && factor > 0, NULL);

  w = (src->width + factor - 1) / factor;
  h = (src->height + factor - 1) / factor;
  image = angio_image_f_new (w, h);
  for (guint y = 0; y < h; y++)
    {
      float *out = angio_image_f_row (image, y);
      guint ya = y * factor, yb = MIN (ya + factor, src->height);

      for (guint x = 0; x < w; x++)
        {
          guint xa = x * factor, xb = MIN (xa + factor, src->width);
          double sum = 0;

          for (guint yy = ya; yy < yb; yy++)
            {
              const float *in = angio_image_f_row (src, yy);
              for (guint xx = xa; xx < xb; xx++)
                sum += in[xx];
            }
          out[x] = (float) (sum / ((yb - ya) * (xb - xa)));
        }
    }
  return image;
}

float
angio_image_f_sample (const AngioImageF *image,
                      double             x,
                      double             y)
{
  double fx, fy, wx, wy;
  guint x0, y0, x1, y1;
  const float *r0, *r1;

  fx = CLAMP (x, 0, image->width - 1.0);
  fy = CLAMP (y, 0, image->height - 1.0);
  if (!isfinite (fx) || !isfinite (fy))
    fx = fy = 0;
  x0 = (guint) fx;
  y0 = (guint) fy;
  x1 = MIN (x0 + 1, image->width - 1);
  y1 = MIN (y0 + 1, image->height - 1);
  wx = fx - x0;
  wy = fy - y0;
  r0 = angio_image_f_row (image, y0);
  r1 = angio_image_f_row (image, y1);
  return (float) ((1 - wy) * ((1 - wx) * r0[x0] + wx * r0[x1])
                  + wy * ((1 - wx) * r1[x0] + wx * r1[x1]));
}
