/* angio-phantom-render.c — draws one frame of a phantom: attenuation of the anatomy, the
 * contrast in the vessels and the catheter, then the X-ray chain (exp, blur, quantum noise,
 * log) into stored values. Vessels are tubes: the contrast path through a circular lumen is
 * its chord, averaged analytically over the pixel's width.
 */
#define G_LOG_DOMAIN "angio-phantom"

#include "config.h"

#include <math.h>
#include <string.h>

#include "angio-gaussian.h"
#include "angio-phantom-private.h"

/* ∫ 2 √(ρ² − u²) du, the area of a disc slice from its centre line to u. */
static double
chord_integral (double u,
                double rho)
{
  u = CLAMP (u, -rho, rho);
  return u * sqrt (MAX (0, rho * rho - u * u)) + rho * rho * asin (u / rho);
}

/* Mean chord (px) of a disc of radius @rho px over the pixel [x − ½, x + ½] across it. */
static double
pixel_chord (double x,
             double rho)
{
  if (rho <= 0 || fabs (x) >= rho + 0.5)
    return 0;
  return chord_integral (x + 0.5, rho) - chord_integral (x - 0.5, rho);
}

typedef enum {
  SINK_MAX,      /* keep the largest contrast path per pixel (branches of one tree) */
  SINK_MASK,     /* 255 where the pixel centre is inside the lumen within [s_min, s_max] */
  SINK_CATHETER, /* add wall and contrast-filled lumen */
} SinkMode;

typedef struct {
  SinkMode mode;
  float *values;
  guint8 *mask;
  double s_min;
  double s_max;
  double t_s;
} TubeSink;

static void
rasterize_tube (const PhantomScene  *scene,
                const PhantomBranch *branch,
                double               dx_mm,
                double               dy_mm,
                TubeSink            *sink)
{
  double mmpp = scene->mm_per_px;
  guint n = scene->size;
  double cath_contrast = phantom_catheter_contrast (scene, sink->t_s);

  for (guint i = 0; i + 1 < branch->pts->len; i++)
    {
      AngioPoint a_mm = g_array_index (branch->pts, AngioPoint, i);
      AngioPoint b_mm = g_array_index (branch->pts, AngioPoint, i + 1);
      AngioPoint a = phantom_to_px (scene, a_mm.x + dx_mm, a_mm.y + dy_mm);
      AngioPoint b = phantom_to_px (scene, b_mm.x + dx_mm, b_mm.y + dy_mm);
      double len = hypot (b.x - a.x, b.y - a.y);
      double ux = (b.x - a.x) / len, uy = (b.y - a.y) / len;
      double nx = uy, ny = -ux;   /* left of the direction of travel (y down) */
      double s0 = i * branch->step, left, right, reach, conc = 0;
      gint64 x0, x1, y0, y1;

      if (sink->mode == SINK_MASK && (s0 < sink->s_min - branch->step || s0 > sink->s_max))
        continue;
      if (sink->mode == SINK_CATHETER)
        left = right = scene->catheter_outer_mm;
      else
        phantom_lumen (scene, branch, s0, &left, &right);
      if (sink->mode == SINK_MAX)
        conc = phantom_concentration (scene, branch->path0 + s0, sink->t_s - branch->delay_s);
      if (sink->mode == SINK_MAX && conc <= 0)
        continue;
      reach = MAX (left, right) / mmpp + 1.5;
      x0 = MAX (0, (gint64) floor (MIN (a.x, b.x) - reach));
      x1 = MIN ((gint64) n - 1, (gint64) ceil (MAX (a.x, b.x) + reach));
      y0 = MAX (0, (gint64) floor (MIN (a.y, b.y) - reach));
      y1 = MIN ((gint64) n - 1, (gint64) ceil (MAX (a.y, b.y) + reach));

      for (gint64 y = y0; y <= y1; y++)
        for (gint64 x = x0; x <= x1; x++)
          {
            double vx = x - a.x, vy = y - a.y;
            double along = vx * ux + vy * uy, t = vx * nx + vy * ny;
            double s, l, r, c, rho;
            gsize k = (gsize) y * n + (gsize) x;

            if (along < -0.3 || along > len + 0.3)
              continue;
            s = s0 + along * mmpp;
            if (sink->mode == SINK_CATHETER)
              {
                double outer = pixel_chord (t, scene->catheter_outer_mm / mmpp);
                double inner = pixel_chord (t, scene->catheter_inner_mm / mmpp);

                /* A braided polymer wall, and undiluted contrast inside (twice what the
                 * blood-mixed contrast in the vessels attenuates). */
                sink->values[k] = MAX (sink->values[k],
                                       (float) (mmpp * (0.08 * (outer - inner)
                                                        + 2 * PHANTOM_MU_CONTRAST * cath_contrast
                                                          * inner)));
                continue;
              }
            phantom_lumen (scene, branch, s, &l, &r);
            c = (l - r) / 2 / mmpp;
            rho = (l + r) / 2 / mmpp;
            if (sink->mode == SINK_MASK)
              {
                if (fabs (t - c) <= rho && s >= sink->s_min && s <= sink->s_max)
                  sink->mask[k] = 255;
              }
            else
              {
                float v = (float) (pixel_chord (t - c, rho) * mmpp * conc);
                if (v > sink->values[k])
                  sink->values[k] = v;
              }
          }
    }
}

/* Background, shifted by the drift with bilinear interpolation. */
static void
draw_background (const PhantomScene *scene,
                 double              t_s,
                 AngioImageF        *mu)
{
  guint n = scene->size;
  double dx, dy, sx, sy;

  phantom_drift (scene, t_s, &dx, &dy);
  sx = dx / scene->mm_per_px;
  sy = dy / scene->mm_per_px;
  for (guint y = 0; y < n; y++)
    {
      float *row = angio_image_f_row (mu, y);
      double fy = CLAMP (y - sy, 0, n - 1.0);
      guint y0 = MIN ((guint) fy, n - 2);
      double wy = fy - y0;
      const float *r0 = angio_image_f_row (scene->background, y0);
      const float *r1 = angio_image_f_row (scene->background, y0 + 1);

      for (guint x = 0; x < n; x++)
        {
          double fx = CLAMP (x - sx, 0, n - 1.0);
          guint x0 = MIN ((guint) fx, n - 2);
          double wx = fx - x0;

          row[x] = (float) ((1 - wy) * ((1 - wx) * r0[x0] + wx * r0[x0 + 1])
                            + wy * ((1 - wx) * r1[x0] + wx * r1[x0 + 1]));
        }
    }
}

/* The kidney or the heart: an ellipsoid (@density at its thickest), moving with the vessels. */
static void
draw_organ (const PhantomScene *scene,
            double              t_s,
            double              dx_mm,
            double              dy_mm,
            AngioImageF        *mu)
{
  const PhantomEllipse *e = &scene->organ;
  double density = scene->organ_density
                   + scene->organ_enhancement * phantom_enhancement (scene, t_s);
  double ca = cos (e->angle), sa = sin (e->angle);
  guint n = scene->size;

  for (guint y = 0; y < n; y++)
    {
      float *row = angio_image_f_row (mu, y);
      double ym = (y - (n - 1) / 2.0) * scene->mm_per_px - e->cy - dy_mm;

      for (guint x = 0; x < n; x++)
        {
          double xm = (x - (n - 1) / 2.0) * scene->mm_per_px - e->cx - dx_mm;
          double u = (xm * ca + ym * sa) / e->a, v = (-xm * sa + ym * ca) / e->b;
          double q = 1 - (u * u + v * v);

          /* The hilum: a notch in the medial side of the kidney. */
          if (e->notch != 0)
            {
              double hu = u - e->notch, hv = v / 0.35;
              q = MIN (q, hu * hu + hv * hv - 0.3 * 0.3);
            }
          if (q > 0)
            row[x] += (float) (density * sqrt (MIN (q, 1.0)));
        }
    }
}

static void
add_scaled (AngioImageF       *mu,
            const AngioImageF *values,
            double             scale)
{
  gsize n = (gsize) mu->width * mu->height;

  for (gsize i = 0; i < n; i++)
    mu->data[i] += (float) (scale * values->data[i]);
}

static void
draw_vessels (const PhantomScene *scene,
              double              t_s,
              double              dx_mm,
              double              dy_mm,
              AngioImageF        *mu,
              AngioImageF        *work)
{
  TubeSink sink = { SINK_MAX, work->data, NULL, 0, 0, t_s };
  guint n_trees = 1;

  for (guint i = 0; i < scene->branches->len; i++)
    n_trees = MAX (n_trees, ((PhantomBranch *) g_ptr_array_index (scene->branches, i))->tree + 1);
  for (guint tree = 0; tree < n_trees; tree++)
    {
      angio_image_f_fill (work, 0);
      for (guint i = 0; i < scene->branches->len; i++)
        {
          const PhantomBranch *branch = g_ptr_array_index (scene->branches, i);
          if (branch->tree == tree)
            rasterize_tube (scene, branch, dx_mm, dy_mm, &sink);
        }
      add_scaled (mu, work, PHANTOM_MU_CONTRAST);
    }

  angio_image_f_fill (work, 0);
  sink.mode = SINK_CATHETER;
  rasterize_tube (scene, scene->catheter, dx_mm, dy_mm, &sink);
  add_scaled (mu, work, 1.0);
}

static void
expose (const PhantomScene *scene,
        guint               index,
        AngioImageF        *intensity,
        guint16            *out)
{
  guint32 seed[4] = { (guint32) scene->p.seed, (guint32) (scene->p.seed >> 32), index,
                      0x9e3779b9 };
  g_autoptr(GRand) rand = g_rand_new_with_seed_array (seed, G_N_ELEMENTS (seed));
  double photons = scene->p.noise > 0 ? PHANTOM_PHOTONS / (scene->p.noise * scene->p.noise) : 0;
  double max_value = ldexp (1.0, (int) scene->p.bits_stored) - 1;
  gsize n = (gsize) scene->size * scene->size;
  double spare = 0;
  gboolean has_spare = FALSE;

  for (gsize i = 0; i < n; i++)
    {
      double I = intensity->data[i], mu, p;

      if (photons > 0)
        {
          double g;

          if (has_spare)
            g = spare;
          else
            {
              /* Box–Muller: two normal deviates per pair of uniforms. */
              double u1 = g_rand_double (rand), u2 = g_rand_double (rand);
              double radius = sqrt (-2 * log (MAX (u1, 1e-300)));

              g = radius * cos (2 * G_PI * u2);
              spare = radius * sin (2 * G_PI * u2);
            }
          has_spare = !has_spare;
          I = MAX (I + sqrt (MAX (I, 0) / photons) * g, 0.5 / photons);
        }
      mu = -log (MAX (I, 1e-9));
      p = max_value * 0.95 * (1 - mu / PHANTOM_MU_RANGE);
      out[i] = (guint16) CLAMP (round (p), 0, max_value);
    }
}

void
phantom_render_frame (const PhantomScene *scene,
                      guint               index,
                      AngioImageF        *mu,
                      AngioImageF        *work,
                      guint16            *out)
{
  double t_s = scene->times_s[index], dx, dy;
  gsize n = (gsize) scene->size * scene->size;

  phantom_motion (scene, t_s, &dx, &dy);
  draw_background (scene, t_s, mu);
  draw_organ (scene, t_s, dx, dy, mu);
  draw_vessels (scene, t_s, dx, dy, mu, work);
  add_scaled (mu, scene->shutter, 1.0);

  for (gsize i = 0; i < n; i++)
    work->data[i] = (float) exp (-mu->data[i]);
  angio_gaussian_blur (work, work, scene->p.blur_mm / scene->mm_per_px);
  expose (scene, index, work, out);
}

void
phantom_render_masks (const PhantomScene *scene,
                      guint               index,
                      guint8             *lesion_mask,
                      guint8             *vessel_mask)
{
  gsize n = (gsize) scene->size * scene->size;
  double t_s = scene->times_s[index], dx, dy;
  TubeSink sink = { SINK_MASK, NULL, NULL, 0, 0, t_s };

  phantom_motion (scene, t_s, &dx, &dy);
  memset (lesion_mask, 0, n);
  memset (vessel_mask, 0, n);
  for (guint i = 0; i < scene->branches->len; i++)
    {
      const PhantomBranch *branch = g_ptr_array_index (scene->branches, i);

      if (!branch->main)
        continue;
      sink.mask = lesion_mask;
      sink.s_min = scene->lesion_s - scene->lesion_half_mm;
      sink.s_max = scene->lesion_s + scene->lesion_half_mm;
      rasterize_tube (scene, branch, dx, dy, &sink);
      sink.mask = vessel_mask;
      sink.s_min = 0;
      sink.s_max = branch->length;
      rasterize_tube (scene, branch, dx, dy, &sink);
    }
}
