/* angio-subtract.c — local alignment (coarse-to-fine search of the translation with the least
 * squared difference of high-pass images, parabolic sub-pixel step) and subtraction. */
#include "config.h"

#include <math.h>

#include "angio-contrast.h"
#include "angio-gaussian.h"
#include "angio-stats.h"
#include "angio-subtract.h"

/* The high-pass keeps detail finer than this (bone edges, gas), drops the slow shading that the
 * contrast's blush and the exposure change between frames. */
#define HIGH_PASS_SIGMA 4.0
/* Pixels darker than the aligned background by this many noise sd hold contrast. */
#define CONTRAST_NOISE 4.0

typedef struct {
  gint64 x0, y0, x1, y1;   /* inclusive, in image pixels */
} Box;

static AngioImageF *
crop (const AngioImageF *image,
      Box                b)
{
  return angio_image_f_crop (image, b.x0, b.y0, b.x1 - b.x0 + 1, b.y1 - b.y0 + 1);
}

static void
high_pass (AngioImageF *image)
{
  g_autoptr(AngioImageF) low = angio_image_f_new (image->width, image->height);

  angio_gaussian_blur (image, low, HIGH_PASS_SIGMA);
  for (gsize i = 0; i < (gsize) image->width * image->height; i++)
    image->data[i] -= low->data[i];
}

/* Noise sd from the differences of horizontal neighbours (robust: median). */
static double
noise_sd (const AngioImageF *image)
{
  g_autofree double *d = g_new (double, (gsize) image->width * image->height);
  guint n = 0;

  for (guint y = 0; y < image->height; y += 2)
    {
      const float *row = angio_image_f_row (image, y);
      for (guint x = 0; x + 1 < image->width; x += 2)
        d[n++] = fabs (row[x + 1] - row[x]);
    }
  return n ? 1.4826 * angio_median_inplace (d, n) / G_SQRT2 : 0;
}

typedef struct {
  const AngioImageF *hf;   /* high-passed frame and background over the search box */
  const AngioImageF *hb;
  const guint8 *use;       /* per pixel of the box: compare it */
  Box roi;                 /* in box coordinates */
} Search;

static double
ssd (const Search *s,
     gint          dx,
     gint          dy)
{
  double sum = 0;
  guint count = 0;

  for (gint64 y = s->roi.y0; y <= s->roi.y1; y++)
    {
      gint64 by = y + dy;
      const float *f, *b;

      if (by < 0 || by >= s->hb->height)
        continue;
      f = angio_image_f_row (s->hf, y);
      b = angio_image_f_row (s->hb, by);
      for (gint64 x = s->roi.x0; x <= s->roi.x1; x++)
        {
          gint64 bx = x + dx;
          double diff;

          if (bx < 0 || bx >= s->hb->width || !s->use[y * s->hf->width + x])
            continue;
          diff = f[x] - b[bx];
          sum += diff * diff;
          count++;
        }
    }
  return count ? sum / count : G_MAXDOUBLE;
}

/* The minimum of a parabola through (−1, a), (0, b), (1, c), within ±½. */
static double
parabola (double a,
          double b,
          double c)
{
  double denominator = a - 2 * b + c;

  if (!(denominator > 0) || a == G_MAXDOUBLE || c == G_MAXDOUBLE)
    return 0;
  return CLAMP (0.5 * (a - c) / denominator, -0.5, 0.5);
}

/* The least squared difference over shifts [cx − range, cx + range] × [cy − range, cy + range]
 * (every other one when the range is wide, then the neighbours of the best). */
static void
search_window (const Search *s,
               gint          cx,
               gint          cy,
               gint          range,
               gint         *best_x,
               gint         *best_y)
{
  gint step = range > 3 ? 2 : 1;
  double best = ssd (s, cx, cy);

  *best_x = cx;
  *best_y = cy;
  for (gint y = cy - range; y <= cy + range; y += step)
    for (gint x = cx - range; x <= cx + range; x += step)
      {
        double v = ssd (s, x, y);
        if (v < best)
          best = v, *best_x = x, *best_y = y;
      }
  if (step > 1)
    {
      gint bx = *best_x, by = *best_y;

      for (gint y = by - 1; y <= by + 1; y++)
        for (gint x = bx - 1; x <= bx + 1; x++)
          {
            double v = ssd (s, x, y);
            if (v < best)
              best = v, *best_x = x, *best_y = y;
          }
    }
}

/* @s with blocks of @factor² pixels: a block is compared when all its pixels are. */
static Search
reduce (const Search *s,
        guint         factor,
        AngioImageF **hf,
        AngioImageF **hb,
        guint8      **use)
{
  g_autoptr(AngioImageF) mask = angio_image_f_new (s->hf->width, s->hf->height);
  g_autoptr(AngioImageF) reduced = NULL;
  gsize n;

  for (gsize i = 0; i < (gsize) s->hf->width * s->hf->height; i++)
    mask->data[i] = s->use[i];
  reduced = angio_image_f_downsample (mask, factor);
  n = (gsize) reduced->width * reduced->height;
  *use = g_new (guint8, n);
  for (gsize i = 0; i < n; i++)
    (*use)[i] = reduced->data[i] > 0.999f;
  *hf = angio_image_f_downsample (s->hf, factor);
  *hb = angio_image_f_downsample (s->hb, factor);
  return (Search) { *hf, *hb, *use,
                    { s->roi.x0 / factor, s->roi.y0 / factor,
                      s->roi.x1 / factor, s->roi.y1 / factor } };
}

/* Coarse to fine: a wide search on blocks, then pixels around the block found. */
static void
align (const Search *s,
       gint          range,
       double       *dx,
       double       *dy)
{
  guint factor = 1;
  gint best_x = 0, best_y = 0;
  double best;

  while (range / (gint) (2 * factor) >= 6 && factor < 8)
    factor *= 2;
  if (factor > 1)
    {
      g_autoptr(AngioImageF) hf = NULL;
      g_autoptr(AngioImageF) hb = NULL;
      g_autofree guint8 *use = NULL;
      Search coarse = reduce (s, factor, &hf, &hb, &use);
      gint x, y;

      search_window (&coarse, 0, 0, (range + factor - 1) / factor, &x, &y);
      search_window (s, x * (gint) factor, y * (gint) factor, (gint) factor, &best_x, &best_y);
    }
  else
    search_window (s, 0, 0, range, &best_x, &best_y);
  best = ssd (s, best_x, best_y);
  *dx = best_x + parabola (ssd (s, best_x - 1, best_y), best, ssd (s, best_x + 1, best_y));
  *dy = best_y + parabola (ssd (s, best_x, best_y - 1), best, ssd (s, best_x, best_y + 1));
}

AngioImageF *
angio_subtract_background (const AngioImageF *frame,
                           const AngioImageF *background,
                           AngioRect          roi,
                           double             max_shift_px,
                           AngioPoint        *shift)
{
  g_autoptr(AngioImageF) f = NULL;
  g_autoptr(AngioImageF) b = NULL;
  g_autoptr(AngioImageF) eroded = NULL;
  g_autofree guint8 *use = NULL;
  g_autofree double *values = NULL;
  gint range = (gint) ceil (CLAMP (max_shift_px, 0, 64));
  gint64 margin = range + (gint64) ceil (3 * HIGH_PASS_SIGMA);
  Box r, box;
  Search search;
  AngioImageF *out;
  double dx = 0, dy = 0, level, tau;
  guint n_values = 0;

  g_return_val_if_fail (frame != NULL && background != NULL, NULL);
  g_return_val_if_fail (frame->width == background->width
                        && frame->height == background->height, NULL);

  r.x0 = MIN (roi.x0, frame->width - 1);
  r.y0 = MIN (roi.y0, frame->height - 1);
  r.x1 = MIN ((gint64) roi.x0 + MAX (roi.width, 1) - 1, (gint64) frame->width - 1);
  r.y1 = MIN ((gint64) roi.y0 + MAX (roi.height, 1) - 1, (gint64) frame->height - 1);
  box.x0 = MAX (0, r.x0 - margin);
  box.y0 = MAX (0, r.y0 - margin);
  box.x1 = MIN ((gint64) frame->width - 1, r.x1 + margin);
  box.y1 = MIN ((gint64) frame->height - 1, r.y1 + margin);

  f = crop (frame, box);
  b = crop (background, box);
  /* Contrast: darker than the (eroded, so motion-proof) background, by clearly more than the
   * noise; a little wider, for the blurred borders. */
  tau = CONTRAST_NOISE * noise_sd (f);
  eroded = angio_image_f_new (b->width, b->height);
  angio_image_f_erode (b, eroded, (guint) range + 1);
  use = g_new (guint8, (gsize) f->width * f->height);
  for (gsize i = 0; i < (gsize) f->width * f->height; i++)
    use[i] = eroded->data[i] - f->data[i] <= tau;
  {
    g_autoptr(AngioImageF) grow = angio_image_f_new (f->width, f->height);

    for (gsize i = 0; i < (gsize) f->width * f->height; i++)
      grow->data[i] = use[i];
    angio_image_f_erode (grow, grow, 2);
    for (gsize i = 0; i < (gsize) f->width * f->height; i++)
      use[i] = grow->data[i] > 0.5f;
  }
  high_pass (f);
  high_pass (b);
  search = (Search) { f, b, use, { r.x0 - box.x0, r.y0 - box.y0, r.x1 - box.x0, r.y1 - box.y0 } };
  align (&search, range, &dx, &dy);
  if (shift != NULL)
    *shift = (AngioPoint) { dx, dy };

  out = angio_image_f_new (r.x1 - r.x0 + 1, r.y1 - r.y0 + 1);
  values = g_new (double, (gsize) out->width * out->height);
  for (gint64 y = r.y0; y <= r.y1; y++)
    for (gint64 x = r.x0; x <= r.x1; x++)
      values[n_values++] = angio_image_f_row (background, y)[x];
  level = angio_median_inplace (values, n_values);
  for (gint64 y = r.y0; y <= r.y1; y++)
    {
      float *o = angio_image_f_row (out, y - r.y0);
      const float *in = angio_image_f_row (frame, y);

      for (gint64 x = r.x0; x <= r.x1; x++)
        o[x - r.x0] = (float) (in[x] - angio_image_f_sample (background, x + dx, y + dy) + level);
    }
  return out;
}
