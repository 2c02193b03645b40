/* angio-detect.c — reduction, normalisation and peak finding around a learned detector. */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "angio-detect.h"
#include "angio-stats.h"

AngioImageF *
angio_detect_reduce (const AngioImageF *image,
                     guint              factor)
{
  AngioImageF *out;
  guint w, h;

  g_return_val_if_fail (image != NULL && factor > 0, NULL);

  w = MAX (1, image->width / factor);
  h = MAX (1, image->height / factor);
  factor = MIN (factor, MIN (image->width, image->height));
  out = angio_image_f_new (w, h);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        double sum = 0;

        for (guint dy = 0; dy < factor; dy++)
          {
            const float *row = image->data + (gsize) (y * factor + dy) * image->stride
                               + (gsize) x * factor;

            for (guint dx = 0; dx < factor; dx++)
              sum += row[dx];
          }
        out->data[(gsize) y * out->stride + x] = sum / ((double) factor * factor);
      }
  return out;
}

AngioImageF *
angio_detect_enlarge (const AngioImageF *image,
                      guint              factor)
{
  AngioImageF *out;

  g_return_val_if_fail (image != NULL && factor > 0, NULL);

  out = angio_image_f_new (image->width * factor, image->height * factor);
  for (guint y = 0; y < out->height; y++)
    {
      double sy = CLAMP ((y + 0.5) / factor - 0.5, 0, image->height - 1);
      guint y0 = (guint) sy, y1 = MIN (y0 + 1, image->height - 1);
      double fy = sy - y0;

      for (guint x = 0; x < out->width; x++)
        {
          double sx = CLAMP ((x + 0.5) / factor - 0.5, 0, image->width - 1);
          guint x0 = (guint) sx, x1 = MIN (x0 + 1, image->width - 1);
          double fx = sx - x0;
          const float *r0 = image->data + (gsize) y0 * image->stride;
          const float *r1 = image->data + (gsize) y1 * image->stride;

          out->data[(gsize) y * out->stride + x] =
            (1 - fy) * ((1 - fx) * r0[x0] + fx * r0[x1]) + fy * ((1 - fx) * r1[x0] + fx * r1[x1]);
        }
    }
  return out;
}

void
angio_detect_normalise (AngioImageF *image)
{
  gsize n = (gsize) image->width * image->height, k = 0;
  g_autofree double *values = g_new (double, n);
  double lo, hi;

  for (guint y = 0; y < image->height; y++)
    for (guint x = 0; x < image->width; x++)
      values[k++] = image->data[(gsize) y * image->stride + x];
  lo = angio_quantile_inplace (values, n, 0.01);
  hi = angio_quantile_inplace (values, n, 0.99);
  for (guint y = 0; y < image->height; y++)
    for (guint x = 0; x < image->width; x++)
      {
        float *v = &image->data[(gsize) y * image->stride + x];

        *v = hi - lo < 1e-6 ? 0.5f : (float) CLAMP ((*v - lo) / (hi - lo), 0.0, 1.0);
      }
}

typedef struct {
  float value;
  guint index;
} Cell;

/* The mean of the (2k + 1)² cells around each cell (those inside the map), by summed areas. */
static float *
box_mean (const float *heat,
          guint        width,
          guint        height,
          guint        k)
{
  g_autofree double *sums = g_new0 (double, (gsize) (width + 1) * (height + 1));
  float *out = g_new (float, (gsize) width * height);
  gsize stride = width + 1;

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      sums[(y + 1) * stride + x + 1] = heat[(gsize) y * width + x] + sums[y * stride + x + 1]
                                       + sums[(y + 1) * stride + x] - sums[y * stride + x];
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        guint y0 = y > k ? y - k : 0, y1 = MIN (height, y + k + 1);
        guint x0 = x > k ? x - k : 0, x1 = MIN (width, x + k + 1);
        double s = sums[y1 * stride + x1] - sums[y0 * stride + x1] - sums[y1 * stride + x0]
                   + sums[y0 * stride + x0];

        out[(gsize) y * width + x] = s / ((double) (y1 - y0) * (x1 - x0));
      }
  return out;
}

static int
by_value_descending (const void *a,
                     const void *b)
{
  const Cell *ca = a, *cb = b;

  if (ca->value != cb->value)
    return ca->value < cb->value ? 1 : -1;
  return ca->index < cb->index ? -1 : ca->index > cb->index;
}

GArray *
angio_detect_peaks (const float             *raw,
                    guint                    width,
                    guint                    height,
                    const AngioDetectParams *params)
{
  GArray *peaks = g_array_new (FALSE, FALSE, sizeof (AngioDetection));
  g_autofree float *heat = NULL;
  g_autofree Cell *cells = NULL;
  g_autofree guint *taken = NULL;
  guint n_cells = 0, n_taken = 0;
  double r2 = (double) params->radius * params->radius;

  g_return_val_if_fail (raw != NULL && params != NULL, peaks);

  heat = box_mean (raw, width, height, params->smooth);
  /* Only the cells that can be proposals are sorted. */
  cells = g_new (Cell, (gsize) width * height);
  for (guint i = 0; i < width * height; i++)
    if (heat[i] >= params->min_confidence)
      cells[n_cells++] = (Cell) { heat[i], i };
  qsort (cells, n_cells, sizeof *cells, by_value_descending);

  taken = g_new (guint, MAX (1, params->max_regions));
  for (guint c = 0; c < n_cells && n_taken < params->max_regions; c++)
    {
      guint x = cells[c].index % width, y = cells[c].index / width;
      gboolean near = FALSE;

      for (guint t = 0; t < n_taken && !near; t++)
        {
          double dx = (double) x - taken[t] % width, dy = (double) y - taken[t] / width;

          near = dx * dx + dy * dy <= r2;
        }
      if (!near)
        taken[n_taken++] = cells[c].index;
    }

  for (guint t = 0; t < n_taken; t++)
    {
      guint x = taken[t] % width, y = taken[t] / width;
      double sum = 0, sx = 0, sy = 0, gx, gy;
      AngioDetection d;

      for (guint yy = y > 0 ? y - 1 : 0; yy <= MIN (y + 1, height - 1); yy++)
        for (guint xx = x > 0 ? x - 1 : 0; xx <= MIN (x + 1, width - 1); xx++)
          {
            double v = heat[(gsize) yy * width + xx];

            sum += v;
            sx += v * xx;
            sy += v * yy;
          }
      gx = sx / sum;
      gy = sy / sum;
      /* cell → pixel of the network's input → pixel of the frame (pixel centres) */
      d.x = params->scale * (gx * params->stride + params->stride / 2.0) - 0.5;
      d.y = params->scale * (gy * params->stride + params->stride / 2.0) - 0.5;
      d.confidence = heat[taken[t]];
      g_array_append_val (peaks, d);
    }
  return peaks;
}
