/* angio-trace.c — vesselness in a region around two points, snapping, minimal path. */
#include "config.h"

#include <math.h>

#include "angio-min-path.h"
#include "angio-trace.h"

/* Cost floor: a path may cross a stretch without vesselness (a tight stenosis, an overlap) at
 * 1/(ε + 0), some thirty times the cost along the vessel clicked — cheap enough that it does not
 * take a detour through a crossing vessel around a tight stenosis. */
#define COST_EPSILON 0.03
/* Without a vesselness given, it is computed on blocks of pixels such that the thinnest vessel
 * sought is still this many blocks across: the path only has to find the vessel (the borders are
 * found at full resolution), and the time falls with the square of the block. */
#define MIN_BLOCKS_ACROSS 2.5
#define MAX_BLOCK 4

void
angio_trace_params_init (AngioTraceParams *params,
                         double            diameter_min_px,
                         double            diameter_max_px)
{
  g_return_if_fail (params != NULL);

  params->diameter_min_px = diameter_min_px;
  params->diameter_max_px = MAX (diameter_min_px, diameter_max_px);
  params->margin_px = 0;
  params->snap_px = 3;
}

typedef struct {
  gint64 x0, y0, x1, y1;   /* inclusive */
} Region;

static Region
search_region (const AngioImageF      *image,
               AngioPoint              from,
               AngioPoint              to,
               const AngioTraceParams *params)
{
  double margin = params->margin_px > 0 ? params->margin_px
                                        : MAX (20, params->diameter_max_px);
  /* A curved vessel bulges out of the box of its ends: allow a third of their distance too. */
  margin += angio_point_distance (from, to) / 3;
  Region r = {
    (gint64) floor (MIN (from.x, to.x) - margin), (gint64) floor (MIN (from.y, to.y) - margin),
    (gint64) ceil (MAX (from.x, to.x) + margin), (gint64) ceil (MAX (from.y, to.y) + margin),
  };

  r.x0 = CLAMP (r.x0, 0, (gint64) image->width - 1);
  r.y0 = CLAMP (r.y0, 0, (gint64) image->height - 1);
  r.x1 = CLAMP (r.x1, r.x0, (gint64) image->width - 1);
  r.y1 = CLAMP (r.y1, r.y0, (gint64) image->height - 1);
  return r;
}

static AngioImageF *
crop (const AngioImageF *image,
      Region             r)
{
  return angio_image_f_crop (image, r.x0, r.y0, r.x1 - r.x0 + 1, r.y1 - r.y0 + 1);
}

static AngioPoint
snap (const AngioImageF *v,
      AngioPoint         p,
      double             radius)
{
  AngioPoint best = p;
  float best_v = -1;
  gint64 r = (gint64) ceil (radius);

  for (gint64 dy = -r; dy <= r; dy++)
    for (gint64 dx = -r; dx <= r; dx++)
      {
        gint64 x = (gint64) round (p.x) + dx, y = (gint64) round (p.y) + dy;
        float value;

        if (dx * dx + dy * dy > radius * radius || x < 0 || y < 0 || x >= v->width
            || y >= v->height)
          continue;
        value = angio_image_f_row (v, y)[x];
        if (value > best_v)
          {
            best_v = value;
            best = (AngioPoint) { x, y };
          }
      }
  return best;
}

/* On a pixel of @image (a NaN is nowhere). */
static gboolean
inside (const AngioImageF *image,
        AngioPoint         p)
{
  return p.x >= -0.5 && p.y >= -0.5 && p.x < image->width - 0.5 && p.y < image->height - 0.5;
}

GArray *
angio_trace_vessel (const AngioImageF      *image,
                    AngioPoint              from,
                    AngioPoint              to,
                    const AngioTraceParams *params,
                    const AngioVesselness  *vesselness,
                    const AngioProgress    *progress)
{
  g_autoptr(AngioImageF) cost = NULL;
  g_autoptr(AngioVesselness) own = NULL;
  g_autoptr(GArray) coarse = NULL;
  const AngioImageF *v;
  Region r;
  AngioPoint a, b;
  guint block = 1;
  float vref;

  g_return_val_if_fail (image != NULL && params != NULL, NULL);

  if (!inside (image, from) || !inside (image, to))
    return NULL;
  r = search_region (image, from, to, params);
  if (vesselness != NULL)
    {
      g_return_val_if_fail (vesselness->response->width == image->width
                            && vesselness->response->height == image->height, NULL);
      own = g_new0 (AngioVesselness, 1);
      own->response = crop (vesselness->response, r);
    }
  else
    {
      g_autoptr(AngioImageF) part = crop (image, r);
      AngioVesselnessParams vp;

      block = (guint) CLAMP (floor (params->diameter_min_px / MIN_BLOCKS_ACROSS), 1, MAX_BLOCK);
      if (block > 1)
        {
          AngioImageF *reduced = angio_image_f_downsample (part, block);

          angio_image_f_free (part);
          part = reduced;
        }
      angio_vesselness_params_init (&vp, params->diameter_min_px / block,
                                    params->diameter_max_px / block);
      own = angio_vesselness_compute (part, &vp, progress);
      if (own == NULL)
        return NULL;
    }
  v = own->response;

  /* Block (x, y) covers pixels block·x … block·x + block − 1 of the region. */
  a = snap (v, (AngioPoint) { (from.x - r.x0 - 0.5 * (block - 1)) / block,
                              (from.y - r.y0 - 0.5 * (block - 1)) / block },
            MAX (params->snap_px / block, 1.0));
  b = snap (v, (AngioPoint) { (to.x - r.x0 - 0.5 * (block - 1)) / block,
                              (to.y - r.y0 - 0.5 * (block - 1)) / block },
            MAX (params->snap_px / block, 1.0));
  /* Costs relative to the vessel clicked: a brighter one nearby is no cheaper to follow. */
  vref = MAX (MAX (angio_image_f_row (v, (guint) a.y)[(guint) a.x],
                   angio_image_f_row (v, (guint) b.y)[(guint) b.x]), 1e-12f);
  cost = angio_image_f_new (v->width, v->height);
  for (gsize i = 0; i < (gsize) v->width * v->height; i++)
    cost->data[i] = (float) (1.0 / (COST_EPSILON + MIN (v->data[i] / vref, 1.0f)));
  coarse = angio_min_path (cost, a, b, progress);
  if (coarse == NULL)
    return NULL;
  for (guint i = 0; i < coarse->len; i++)
    {
      AngioPoint *p = &g_array_index (coarse, AngioPoint, i);

      p->x = r.x0 + block * p->x + 0.5 * (block - 1);
      p->y = r.y0 + block * p->y + 0.5 * (block - 1);
    }
  if (block == 1)
    return g_steal_pointer (&coarse);
  /* Back to a point per pixel. */
  return angio_polyline_resample ((AngioPoint *) coarse->data, coarse->len, 1.0);
}
