/* angio-field.c — shutters as the dark region connected to the image border, then a margin. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "angio-field.h"
#include "angio-stats.h"

/* The shutters hold the lowest values; the field starts this share of the way from them to the
 * median of the image. */
#define SHUTTER_LEVEL 0.15
/* Less than this share of the image under "shutters" is not a shutter (dark corners). */
#define MIN_SHUTTER_FRACTION 0.005

static double
median_value (const AngioImageF *image)
{
  guint w = image->width, h = image->height;
  guint step = MAX (1, (guint) sqrt ((double) w * h / 4096));
  g_autofree double *values = g_new (double, (w / step + 1) * (h / step + 1));
  guint n = 0;

  for (guint y = 0; y < h; y += step)
    for (guint x = 0; x < w; x += step)
      values[n++] = angio_image_f_row (image, y)[x];
  return angio_median_inplace (values, n);
}

/* Chamfer (3–4) distance, in pixels, from every pixel to the nearest 0 of @mask. */
static void
distance_to_outside (const guint8 *mask,
                     guint         w,
                     guint         h,
                     float        *dist)
{
  for (gsize i = 0; i < (gsize) w * h; i++)
    dist[i] = mask[i] ? 1e9f : 0;
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        float *d = dist + (gsize) y * w + x;

        if (x > 0)
          *d = MIN (*d, d[-1] + 1);
        if (y > 0)
          {
            *d = MIN (*d, d[-(gssize) w] + 1);
            if (x > 0)
              *d = MIN (*d, d[-(gssize) w - 1] + 1.4142f);
            if (x + 1 < w)
              *d = MIN (*d, d[-(gssize) w + 1] + 1.4142f);
          }
      }
  for (guint y = h; y-- > 0;)
    for (guint x = w; x-- > 0;)
      {
        float *d = dist + (gsize) y * w + x;

        if (x + 1 < w)
          *d = MIN (*d, d[1] + 1);
        if (y + 1 < h)
          {
            *d = MIN (*d, d[w] + 1);
            if (x + 1 < w)
              *d = MIN (*d, d[w + 1] + 1.4142f);
            if (x > 0)
              *d = MIN (*d, d[w - 1] + 1.4142f);
          }
      }
}

typedef struct {
  const AngioImageF *image;
  guint8 *mask;
  float level;
  guint32 *stack;
  gsize top;
  gsize count;
} Flood;

static inline void
push (Flood *flood,
      guint  x,
      guint  y)
{
  gsize k = (gsize) y * flood->image->width + x;

  if (flood->mask[k] && angio_image_f_row (flood->image, y)[x] <= flood->level)
    {
      flood->mask[k] = 0;
      flood->count++;
      flood->stack[flood->top++] = (guint32) k;
    }
}

guint8 *
angio_field_mask (const AngioImageF *image,
                  double             margin_px)
{
  guint w, h;
  gsize n, outside = 0;
  guint8 *mask;
  g_autofree guint32 *stack = NULL;
  g_autofree float *dist = NULL;
  Flood flood = { 0 };
  float low = INFINITY, level;

  g_return_val_if_fail (image != NULL, NULL);

  w = image->width;
  h = image->height;
  n = (gsize) w * h;
  mask = g_malloc (n);
  memset (mask, 1, n);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      low = MIN (low, angio_image_f_row (image, y)[x]);
  level = (float) (low + SHUTTER_LEVEL * (median_value (image) - low));

  /* Flood from the border through the dark pixels. */
  flood.image = image;
  flood.mask = mask;
  flood.level = level;
  flood.stack = stack = g_new (guint32, n);
  for (guint x = 0; x < w; x++)
    {
      push (&flood, x, 0);
      push (&flood, x, h - 1);
    }
  for (guint y = 0; y < h; y++)
    {
      push (&flood, 0, y);
      push (&flood, w - 1, y);
    }
  while (flood.top > 0)
    {
      gsize k = stack[--flood.top];
      guint x = k % w, y = k / w;

      if (x > 0)
        push (&flood, x - 1, y);
      if (x + 1 < w)
        push (&flood, x + 1, y);
      if (y > 0)
        push (&flood, x, y - 1);
      if (y + 1 < h)
        push (&flood, x, y + 1);
    }
  outside = flood.count;

  if (outside < MIN_SHUTTER_FRACTION * n)
    {
      memset (mask, 1, n);
      return mask;
    }
  if (margin_px > 0)
    {
      dist = g_new (float, n);
      distance_to_outside (mask, w, h, dist);
      for (gsize i = 0; i < n; i++)
        mask[i] = dist[i] > margin_px;
    }
  return mask;
}
