/* angio-contrast.c — contrast against an eroded pre-contrast background. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "angio-contrast.h"

/* Running minimum over ±@radius of @n values read with stride @step, into @out. */
static void
min_line (const float *in,
          gsize        step,
          guint        n,
          guint        radius,
          float       *out)
{
  for (guint i = 0; i < n; i++)
    {
      guint lo = i > radius ? i - radius : 0, hi = MIN (i + radius, n - 1);
      float m = in[lo * step];

      for (guint j = lo + 1; j <= hi; j++)
        m = MIN (m, in[j * step]);
      out[i] = m;
    }
}

void
angio_image_f_erode (const AngioImageF *in,
                     AngioImageF       *out,
                     guint              radius)
{
  guint w, h;
  g_autofree float *line = NULL;

  g_return_if_fail (in != NULL && out != NULL);
  g_return_if_fail (in->width == out->width && in->height == out->height);

  w = in->width;
  h = in->height;
  line = g_new (float, MAX (w, h));
  for (guint y = 0; y < h; y++)
    {
      min_line (angio_image_f_row (in, y), 1, w, radius, line);
      memcpy (angio_image_f_row (out, y), line, sizeof (float) * w);
    }
  for (guint x = 0; x < w; x++)
    {
      min_line (out->data + x, out->stride, h, radius, line);
      for (guint y = 0; y < h; y++)
        out->data[(gsize) y * out->stride + x] = line[y];
    }
}

AngioImageF *
angio_contrast_map (const AngioImageF *frame,
                    const AngioImageF *background,
                    double             tolerance_px)
{
  AngioImageF *out;

  g_return_val_if_fail (frame != NULL && background != NULL, NULL);
  g_return_val_if_fail (frame->width == background->width
                        && frame->height == background->height, NULL);

  out = angio_image_f_new (frame->width, frame->height);
  angio_image_f_erode (background, out, (guint) MAX (0, round (tolerance_px)));
  for (guint y = 0; y < frame->height; y++)
    {
      float *o = angio_image_f_row (out, y);
      const float *f = angio_image_f_row (frame, y);

      for (guint x = 0; x < frame->width; x++)
        o[x] = MAX (0.0f, o[x] - f[x]);
    }
  return out;
}

AngioImageF *
angio_contrast_fixed_structures (const AngioImageF           *background,
                                 const AngioVesselnessParams *params,
                                 double                       tolerance_px,
                                 const AngioProgress         *progress)
{
  g_autoptr(AngioVesselness) v = NULL;
  AngioImageF *out;
  gsize n;

  g_return_val_if_fail (background != NULL && params != NULL, NULL);

  v = angio_vesselness_compute (background, params, progress);
  if (v == NULL)
    return NULL;
  out = g_steal_pointer (&v->response);
  /* A maximum filter is the erosion of the negative. */
  n = (gsize) out->width * out->height;
  for (gsize i = 0; i < n; i++)
    out->data[i] = -out->data[i];
  angio_image_f_erode (out, out, (guint) MAX (0, round (tolerance_px)));
  for (gsize i = 0; i < n; i++)
    out->data[i] = -out->data[i];
  return out;
}
