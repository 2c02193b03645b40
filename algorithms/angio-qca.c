/* angio-qca.c — reference diameter, MLD, lesion borders, %DS/%AS, length, symmetry and plaque
 * area from the diameter function of a vessel contour. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "angio-gaussian.h"
#include "angio-qca.h"
#include "angio-stats.h"

/* Borders never closer to the reference than this fraction of it, whatever the noise. */
#define MIN_BORDER_FRACTION 0.03
#define MAX_BORDER_FRACTION 0.20
/* The MLD is read after smoothing over this share of the lesion length (see minimum ()). */
#define MLD_SMOOTHING 0.065

static const char *const method_names[] = {
  "interpolated", "obstruction", "mean-local", "distal-only",
};

const char *
angio_reference_method_name (AngioReferenceMethod method)
{
  g_return_val_if_fail (method < G_N_ELEMENTS (method_names), NULL);
  return method_names[method];
}

gboolean
angio_reference_method_parse (const char           *name,
                              AngioReferenceMethod *method)
{
  for (guint i = 0; i < G_N_ELEMENTS (method_names); i++)
    if (g_strcmp0 (name, method_names[i]) == 0)
      return (*method = i), TRUE;
  return FALSE;
}

double
angio_percent_diameter_stenosis (double mld,
                                 double ref)
{
  return ref > 0 ? 100 * (1 - mld / ref) : 0;
}

double
angio_percent_area_stenosis (double mld,
                             double ref)
{
  return ref > 0 ? 100 * (1 - (mld / ref) * (mld / ref)) : 0;
}

void
angio_qca_params_init (AngioQcaParams *params)
{
  g_return_if_fail (params != NULL);

  params->method = ANGIO_REFERENCE_INTERPOLATED;
  params->marker_prox = params->marker_dist = ANGIO_QCA_AUTO;
  params->lesion_prox = params->lesion_dist = ANGIO_QCA_AUTO;
  params->search_prox = params->search_dist = ANGIO_QCA_AUTO;
  params->smooth_px = 1.0;
  params->border_noise = 2.5;
}

void
angio_qca_free (AngioQca *qca)
{
  if (qca == NULL)
    return;
  g_free (qca->diameter_px);
  g_free (qca->reference_px);
  g_free (qca->ref_left_px);
  g_free (qca->ref_right_px);
  g_free (qca);
}

/* Least-squares line through (i, d[i]) where @use[i]; FALSE when fewer than two points. */
static gboolean
fit_line (const double *d,
          const guint8 *use,
          guint         n,
          double       *a,
          double       *b)
{
  double s = 0, si = 0, sd = 0, sii = 0, sid = 0, det;

  for (guint i = 0; i < n; i++)
    if (use[i])
      {
        s += 1;
        si += i;
        sd += d[i];
        sii += (double) i * i;
        sid += i * d[i];
      }
  if (s < 2)
    return FALSE;
  det = s * sii - si * si;
  if (fabs (det) < 1e-12)
    {
      *a = sd / s;
      *b = 0;
      return TRUE;
    }
  *b = (s * sid - si * sd) / det;
  *a = (sd - *b * si) / s;
  return TRUE;
}

/* A straight line through the healthy diameters that a few wild ones cannot tilt (a side
 * branch at the end of the segment, a scanline across the vessel): the Theil–Sen line (median
 * of pairwise slopes), then least squares over the diameters within 3 robust sd of it, which
 * are left marked in @use. */
static gboolean
fit_line_robust (const double *d,
                 guint8       *use,
                 guint         n,
                 double       *a,
                 double       *b)
{
  g_autofree guint *index = g_new (guint, n);
  g_autofree double *slopes = NULL;
  g_autofree double *r = g_new (double, n);
  guint m = 0, n_slopes = 0, stride;
  double slope, offset, sd;

  for (guint i = 0; i < n; i++)
    if (use[i])
      index[m++] = i;
  if (m < 4)
    return fit_line (d, use, n, a, b);
  /* Pairs of points at least a quarter of the span apart; at most about 4000 of them. */
  stride = MAX (1, m / 64);
  slopes = g_new (double, (m / stride + 1) * (m / stride + 1));
  for (guint p = 0; p < m; p += stride)
    for (guint q = p + stride; q < m; q += stride)
      if (index[q] - index[p] >= (index[m - 1] - index[0]) / 4)
        slopes[n_slopes++] = (d[index[q]] - d[index[p]]) / (double) (index[q] - index[p]);
  if (n_slopes == 0)
    return fit_line (d, use, n, a, b);
  slope = angio_median_inplace (slopes, n_slopes);
  for (guint k = 0; k < m; k++)
    r[k] = d[index[k]] - slope * index[k];
  offset = angio_median (r, m);
  for (guint k = 0; k < m; k++)
    r[k] = fabs (r[k] - offset);
  sd = MAX (1.4826 * angio_median_inplace (r, m), 0.01 * fabs (offset + slope * index[m / 2]));
  for (guint k = 0; k < m; k++)
    if (fabs (d[index[k]] - (offset + slope * index[k])) > 3 * sd)
      use[index[k]] = 0;
  return fit_line (d, use, n, a, b);
}

static double
mean_where (const double *d,
            const guint8 *use,
            guint         from,
            guint         to,
            guint        *count)
{
  double sum = 0;

  *count = 0;
  for (guint i = from; i <= to; i++)
    if (use[i])
      {
        sum += d[i];
        (*count)++;
      }
  return *count ? sum / *count : NAN;
}

/* Robust sd of the healthy diameters about the reference (1.4826 × MAD). */
static double
residual_sd (const double *d,
             const double *ref,
             const guint8 *use,
             guint         n)
{
  g_autofree double *r = g_new (double, n);
  guint m = 0;
  double med;

  for (guint i = 0; i < n; i++)
    if (use[i])
      r[m++] = d[i] - ref[i];
  if (m < 3)
    return 0;
  med = angio_median_inplace (r, m);
  for (guint i = 0; i < m; i++)
    r[i] = fabs (r[i] - med);
  return 1.4826 * angio_median_inplace (r, m);
}

/* Walks from @mld outward to the first scanline where the diameter is back within tau of the
 * reference; the crossing between scanlines is interpolated. A smooth shoulder meets the
 * reference tangentially, its gap closing like the square of the distance: where the gap is
 * tau with slope g, it closes 2 tau / g further on. The border is put there (at most a
 * reference diameter, or half the lesion's side, further). */
static double
border_position (const AngioQca *qca,
                 const double   *gap,
                 const double   *tau,
                 double          spread,
                 guint           mld,
                 guint           limit,
                 gint            direction,
                 guint          *index)
{
  guint i = mld, outer;
  double position, slope, extension;

  while (i != limit && gap[i] < 0)
    i = (guint) ((gint) i + direction);
  *index = i;
  if (i == mld || gap[i] < 0)
    return i;
  outer = i;
  i = (guint) ((gint) i - direction);   /* the last scanline still inside the lesion */
  position = i + direction * (-gap[i]) / (gap[outer] - gap[i]);
  slope = (gap[outer] - gap[i]);        /* per scanline, > 0 */
  extension = 2 * tau[outer] / MAX (slope, 1e-9);
  extension = MIN (extension, qca->reference_px[mld] / qca->step_px);
  /* A short lesion's shoulders are as blurred as they are long: nothing to extend. */
  extension = MIN (extension, 0.25 * MAX (0, fabs (position - mld) - 3 * spread));
  position += direction * extension;
  return CLAMP (position, 0, qca->n - 1.0);
}

static void
find_borders (const AngioQca *qca,
              double          spread,
              double          tau_fraction,
              double          noise,
              double          border_noise,
              guint          *prox,
              guint          *dist,
              double         *prox_pos,
              double         *dist_pos)
{
  g_autofree double *gap = g_new (double, qca->n);
  g_autofree double *tau = g_new (double, qca->n);

  for (guint k = 0; k < qca->n; k++)
    {
      double ref = qca->reference_px[k];

      tau[k] = CLAMP (border_noise * noise, tau_fraction * ref, MAX_BORDER_FRACTION * ref);
      gap[k] = qca->diameter_px[k] - (ref - tau[k]);
    }
  *prox_pos = border_position (qca, gap, tau, spread, qca->mld_index, qca->marker_prox, -1, prox);
  *dist_pos = border_position (qca, gap, tau, spread, qca->mld_index, qca->marker_dist, +1, dist);
}

static guint
argmin_relative (const double *d,
                 const double *ref,
                 guint         from,
                 guint         to)
{
  guint best = from;

  for (guint i = from; i <= to; i++)
    if (d[i] / MAX (ref[i], 1e-9) < d[best] / MAX (ref[best], 1e-9))
      best = i;
  return best;
}

/* Healthy scanlines: between the markers, away from the lesion by half a diameter. */
static void
mark_healthy (const AngioQca *qca,
              guint           prox,
              guint           dist,
              guint8         *healthy)
{
  guint gap = (guint) ceil (0.5 * qca->reference_px[qca->mld_index] / qca->step_px);
  guint count = 0;

  for (guint i = 0; i < qca->n; i++)
    {
      healthy[i] = i >= qca->marker_prox && i <= qca->marker_dist
                   && (i + gap < prox || i > dist + gap);
      count += healthy[i];
    }
  if (count < 4)
    for (guint i = 0; i < qca->n; i++)
      healthy[i] = i >= qca->marker_prox && i <= qca->marker_dist && (i < prox || i > dist);
}

/* The final reference by the chosen method (the interpolated one is already in place). */
static void
apply_method (AngioQca     *qca,
              const guint8 *healthy,
              guint         prox,
              guint         dist)
{
  const double *d = qca->diameter_px;
  double value = NAN;
  guint count = 0, width;

  width = MAX (4, (guint) round (qca->reference_px[qca->mld_index] / qca->step_px));
  switch (qca->method)
    {
    case ANGIO_REFERENCE_INTERPOLATED:
      return;
    case ANGIO_REFERENCE_OBSTRUCTION:
      {
        guint c1, c2;
        guint a0 = prox > width ? prox - width : 0;
        double before = mean_where (d, healthy, MAX (a0, qca->marker_prox), prox, &c1);
        double after = mean_where (d, healthy, dist, MIN (dist + width, qca->marker_dist), &c2);

        if (c1 && c2)
          value = 0.5 * (before + after);
        else if (c1 || c2)
          value = c1 ? before : after;
        count = c1 + c2;
      }
      break;
    case ANGIO_REFERENCE_MEAN_LOCAL:
      value = mean_where (d, healthy, qca->marker_prox, qca->marker_dist, &count);
      break;
    case ANGIO_REFERENCE_DISTAL_ONLY:
      value = mean_where (d, healthy, dist, qca->marker_dist, &count);
      break;
    }
  if (count == 0 || !isfinite (value))
    return;   /* nothing healthy where the method looks: the interpolated reference stands */
  for (guint i = 0; i < qca->n; i++)
    qca->reference_px[i] = value;
}

/* The reference contours: the reference diameter about the vessel's axis, which across the
 * lesion is bridged by a cubic (Hermite) curve in the image between the axis just outside the
 * borders, leaving and joining it along the vessel. An eccentric plaque pushes the lumen (and the
 * re-centred centerline) to one side, never this axis. */
static void
reference_contours (AngioQca                 *qca,
                    const AngioVesselContour *contour)
{
  guint n = qca->n, gap = (guint) round (0.5 * qca->ref_px / qca->step_px);
  guint prox = qca->prox_index > gap ? qca->prox_index - gap : 0;
  guint dist = MIN (qca->dist_index + gap, n - 1);
  g_autofree double *mid = g_new (double, n);
  const AngioPoint *c = contour->centerline, *nv = contour->normal;
  AngioPoint a0, a1, t0, t1;
  double chord;

  /* The axis is anchored half a diameter outside the borders, where the plaque has ended. */
  for (guint i = 0; i < n; i++)
    mid[i] = 0.5 * (contour->left_px[i] + contour->right_px[i]);
  angio_gaussian_smooth_1d (mid, mid, n, 1.0 / qca->step_px);
  a0 = (AngioPoint) { c[prox].x + mid[prox] * nv[prox].x, c[prox].y + mid[prox] * nv[prox].y };
  a1 = (AngioPoint) { c[dist].x + mid[dist] * nv[dist].x, c[dist].y + mid[dist] * nv[dist].y };
  chord = angio_point_distance (a0, a1);
  /* Tangents along the vessel (the normal turned back by 90°), scaled to the gap. */
  t0 = (AngioPoint) { -nv[prox].y * chord, nv[prox].x * chord };
  t1 = (AngioPoint) { -nv[dist].y * chord, nv[dist].x * chord };
  for (guint i = 0; i < n; i++)
    {
      double axis = mid[i];

      if (i > prox && i < dist)
        {
          double u = (i - prox) / (double) (dist - prox), u2 = u * u, u3 = u2 * u;
          double h00 = 2 * u3 - 3 * u2 + 1, h10 = u3 - 2 * u2 + u;
          double h01 = -2 * u3 + 3 * u2, h11 = u3 - u2;
          AngioPoint h = { h00 * a0.x + h10 * t0.x + h01 * a1.x + h11 * t1.x,
                           h00 * a0.y + h10 * t0.y + h01 * a1.y + h11 * t1.y };

          axis = (h.x - c[i].x) * nv[i].x + (h.y - c[i].y) * nv[i].y;
        }
      qca->ref_left_px[i] = axis + qca->reference_px[i] / 2;
      qca->ref_right_px[i] = axis - qca->reference_px[i] / 2;
    }
}

static void
plaque (AngioQca                 *qca,
        const AngioVesselContour *contour)
{
  double area = 0, l, r;

  for (guint i = qca->prox_index; i <= qca->dist_index; i++)
    {
      l = MAX (0, qca->ref_left_px[i] - contour->left_px[i]);
      r = MAX (0, contour->right_px[i] - qca->ref_right_px[i]);
      area += (l + r) * qca->step_px;
    }
  qca->plaque_area_px2 = area;
  l = MAX (0, qca->ref_left_px[qca->mld_index] - contour->left_px[qca->mld_index]);
  r = MAX (0, contour->right_px[qca->mld_index] - qca->ref_right_px[qca->mld_index]);
  qca->symmetry = MAX (l, r) > 1e-9 ? MIN (l, r) / MAX (l, r) : 1.0;
}

/* The MLD: the minimum of a noisy diameter function is biased low (it picks the deepest dip of
 * the noise), the more so the longer the throat. The diameter function is smoothed once more,
 * over a share of the lesion's length, so that a long throat is averaged over many scanlines
 * while a short lesion keeps its sharp minimum. */
static void
minimum (AngioQca                 *qca,
         const AngioVesselContour *contour,
         const AngioQcaParams     *params)
{
  double sigma = MAX (params->smooth_px, MLD_SMOOTHING * qca->length_px) / qca->step_px;
  g_autofree double *d = g_new (double, qca->n);

  guint from = qca->prox_index, to = qca->dist_index;

  angio_gaussian_smooth_1d (contour->diameter_px, d, qca->n, sigma);
  /* Within the search window too, where one was given. */
  if (qca->search_prox >= 0 && qca->search_dist >= 0
      && MAX (from, (guint) qca->search_prox) <= MIN (to, (guint) qca->search_dist))
    {
      from = MAX (from, (guint) qca->search_prox);
      to = MIN (to, (guint) qca->search_dist);
    }
  qca->mld_index = argmin_relative (d, qca->reference_px, from, to);
  qca->mld_px = d[qca->mld_index];
}

AngioQca *
angio_qca_compute (const AngioVesselContour *contour,
                   const AngioQcaParams     *params)
{
  g_autoptr(AngioQca) qca = NULL;
  g_autofree guint8 *healthy = NULL;
  guint n, prox = 0, dist = 0;
  double noise = 0, spread;

  g_return_val_if_fail (contour != NULL && params != NULL, NULL);

  n = contour->n;
  /* How far along the vessel the blur and the smoothing spread a change of diameter, in
   * scanlines. */
  spread = sqrt (params->smooth_px * params->smooth_px
                 + contour->blur_px * contour->blur_px / 12) / contour->step_px;
  if (n < 8)
    return NULL;
  qca = g_new0 (AngioQca, 1);
  qca->n = n;
  qca->step_px = contour->step_px;
  qca->method = params->method;
  qca->search_prox = params->search_prox;
  qca->search_dist = params->search_dist;
  qca->diameter_px = g_new (double, n);
  qca->reference_px = g_new (double, n);
  qca->ref_left_px = g_new (double, n);
  qca->ref_right_px = g_new (double, n);
  healthy = g_new (guint8, n);
  angio_gaussian_smooth_1d (contour->diameter_px, qca->diameter_px, n, params->smooth_px / contour->step_px);

  qca->marker_prox = params->marker_prox >= 0 ? (guint) params->marker_prox
                                              : (guint) round (0.05 * (n - 1));
  qca->marker_dist = params->marker_dist >= 0 ? (guint) params->marker_dist
                                              : (guint) round (0.95 * (n - 1));
  qca->marker_dist = MIN (qca->marker_dist, n - 1);
  if (qca->marker_prox + 4 > qca->marker_dist)
    {
      qca->marker_prox = 0;
      qca->marker_dist = n - 1;
    }

  /* Reference and lesion depend on each other: start from all of the span, then leave the
   * lesion out and look again. */
  for (guint i = 0; i < n; i++)
    healthy[i] = i >= qca->marker_prox && i <= qca->marker_dist;
  for (guint pass = 0; pass < 4; pass++)
    {
      double a = 0, b = 0;

      if (fit_line_robust (qca->diameter_px, healthy, n, &a, &b))
        for (guint i = 0; i < n; i++)
          qca->reference_px[i] = MAX (a + b * i, 1e-6);
      else
        for (guint i = 0; i < n; i++)
          qca->reference_px[i] = qca->diameter_px[i];
      if (pass == 3)
        break;
      noise = residual_sd (qca->diameter_px, qca->reference_px, healthy, n);
      if (params->lesion_prox >= 0 && params->lesion_dist >= 0)
        {
          prox = MIN ((guint) params->lesion_prox, n - 1);
          dist = CLAMP ((guint) params->lesion_dist, prox, n - 1);
          qca->mld_index = argmin_relative (qca->diameter_px, qca->reference_px, prox, dist);
        }
      else
        {
          guint from = qca->marker_prox, to = qca->marker_dist;

          /* A search window narrows the span between the markers, never widens it: the
           * borders are walked to from the MLD towards the markers. */
          if (qca->search_prox >= 0 && qca->search_dist >= 0
              && MAX ((guint) qca->search_prox, qca->marker_prox)
                   <= MIN ((guint) qca->search_dist, qca->marker_dist))
            {
              from = MAX ((guint) qca->search_prox, qca->marker_prox);
              to = MIN ((guint) qca->search_dist, qca->marker_dist);
            }
          qca->mld_index = argmin_relative (qca->diameter_px, qca->reference_px, from, to);
          find_borders (qca, spread, MIN_BORDER_FRACTION, noise, params->border_noise, &prox, &dist,
                        &qca->prox_position, &qca->dist_position);
        }
      mark_healthy (qca, prox, dist, healthy);
    }
  qca->diameter_sd_px = noise;
  {
    guint c1, c2;

    qca->healthy_prox_px = mean_where (qca->diameter_px, healthy, qca->marker_prox, prox, &c1);
    qca->healthy_dist_px = mean_where (qca->diameter_px, healthy, dist, qca->marker_dist, &c2);
    qca->healthy_prox_len_px = c1 * qca->step_px;
    qca->healthy_dist_len_px = c2 * qca->step_px;
  }

  apply_method (qca, healthy, prox, dist);
  if (params->lesion_prox >= 0 && params->lesion_dist >= 0)
    {
      qca->prox_position = prox;
      qca->dist_position = dist;
    }
  else
    find_borders (qca, spread, MIN_BORDER_FRACTION, noise, params->border_noise, &prox, &dist,
                  &qca->prox_position, &qca->dist_position);
  /* The borders may lie beyond the walk (see border_position ()). */
  qca->prox_index = (guint) round (qca->prox_position);
  qca->dist_index = (guint) round (qca->dist_position);
  qca->length_px = (qca->dist_position - qca->prox_position) * qca->step_px;
  minimum (qca, contour, params);
  qca->ref_px = qca->reference_px[qca->mld_index];
  qca->percent_ds = angio_percent_diameter_stenosis (qca->mld_px, qca->ref_px);
  qca->percent_as = angio_percent_area_stenosis (qca->mld_px, qca->ref_px);
  reference_contours (qca, contour);
  plaque (qca, contour);
  return g_steal_pointer (&qca);
}

AngioPoint
angio_qca_point_at (const AngioQca   *qca,
                    const AngioPoint *points,
                    double            position)
{
  double f = CLAMP (position, 0, qca->n - 1.0);
  guint i = MIN ((guint) f, qca->n - 2);
  double t = f - i;

  return (AngioPoint) { points[i].x + t * (points[i + 1].x - points[i].x),
                        points[i].y + t * (points[i + 1].y - points[i].y) };
}

GArray *
angio_qca_slice (const AngioQca   *qca,
                 const AngioPoint *points)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (AngioPoint));
  AngioPoint p = angio_qca_point_at (qca, points, qca->prox_position);

  g_array_append_val (out, p);
  for (guint i = (guint) floor (qca->prox_position) + 1; i < qca->dist_position && i < qca->n; i++)
    g_array_append_val (out, points[i]);
  if (qca->dist_position > qca->prox_position)
    {
      p = angio_qca_point_at (qca, points, qca->dist_position);
      g_array_append_val (out, p);
    }
  return out;
}
