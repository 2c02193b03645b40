/* angio-edges.c — straightening, edge cost, dynamic programming, re-centring and the sub-pixel
 * cylinder fit (see angio-edges.h). */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "angio-cylinder-fit.h"
#include "angio-edges.h"
#include "angio-gaussian.h"
#include "angio-parallel.h"
#include "angio-stats.h"

/* Blur assumed when the vessel is too small to measure it: a Gaussian of 0.6 px with the pixel
 * and the resampling, as one box. */
#define DEFAULT_BLUR_PX 2.2
/* The prior on the contrast of a narrow lumen: the healthy part's, give or take 10 %. */
#define K_PRIOR_SD 0.10

void
angio_edge_params_init (AngioEdgeParams *params,
                        double           max_diameter_px)
{
  g_return_if_fail (params != NULL);

  params->half_width_px = MAX (6.0, 1.5 * max_diameter_px);
  params->step_px = 0.5;
  params->recentre_passes = 2;
  params->second_weight_px = 0.5;
  params->blur_px = 0;
  params->model_fit = TRUE;
}

void
angio_vessel_contour_free (AngioVesselContour *contour)
{
  if (contour == NULL)
    return;
  g_free (contour->centerline);
  g_free (contour->normal);
  g_free (contour->left);
  g_free (contour->right);
  g_free (contour->left_px);
  g_free (contour->right_px);
  g_free (contour->diameter_px);
  g_free (contour->contrast);
  g_free (contour->fitted);
  g_free (contour);
}

AngioVesselContour *
angio_vessel_contour_new (guint  n,
                          double step_px)
{
  AngioVesselContour *contour = g_new0 (AngioVesselContour, 1);

  contour->n = n;
  contour->step_px = step_px;
  contour->centerline = g_new (AngioPoint, n);
  contour->normal = g_new (AngioPoint, n);
  contour->left = g_new (AngioPoint, n);
  contour->right = g_new (AngioPoint, n);
  contour->left_px = g_new (double, n);
  contour->right_px = g_new (double, n);
  contour->diameter_px = g_new (double, n);
  contour->contrast = g_new (double, n);
  contour->fitted = g_new0 (guint8, n);
  for (guint i = 0; i < n; i++)
    contour->contrast[i] = NAN;
  return contour;
}

/* The border points and diameters from the distances along the normals. */
static void
contour_place_borders (AngioVesselContour *contour)
{
  for (guint i = 0; i < contour->n; i++)
    {
      AngioPoint c = contour->centerline[i], nv = contour->normal[i];

      contour->diameter_px[i] = contour->left_px[i] - contour->right_px[i];
      contour->left[i] = (AngioPoint) { c.x + contour->left_px[i] * nv.x,
                                        c.y + contour->left_px[i] * nv.y };
      contour->right[i] = (AngioPoint) { c.x + contour->right_px[i] * nv.x,
                                         c.y + contour->right_px[i] * nv.y };
    }
}

AngioVesselContour *
angio_vessel_contour_from_borders (const AngioPoint *centerline,
                                   const AngioPoint *left,
                                   const AngioPoint *right,
                                   guint             n,
                                   double            step_px)
{
  AngioVesselContour *contour;

  if (n < 2)
    return NULL;
  contour = angio_vessel_contour_new (n, step_px);
  memcpy (contour->centerline, centerline, sizeof (AngioPoint) * n);
  memcpy (contour->left, left, sizeof (AngioPoint) * n);
  memcpy (contour->right, right, sizeof (AngioPoint) * n);
  for (guint i = 0; i < n; i++)
    {
      AngioPoint c = centerline[i], across = { left[i].x - right[i].x, left[i].y - right[i].y };
      double len = hypot (across.x, across.y);

      if (len < 1e-9)
        {
          /* A closed lumen: the normal of the centerline's direction. */
          AngioPoint a = centerline[i > 0 ? i - 1 : 0], b = centerline[MIN (i + 1, n - 1)];
          double t = MAX (hypot (b.x - a.x, b.y - a.y), 1e-9);

          across = (AngioPoint) { -(b.y - a.y), b.x - a.x };
          len = t;
        }
      contour->normal[i] = (AngioPoint) { across.x / len, across.y / len };
      contour->left_px[i] = (left[i].x - c.x) * contour->normal[i].x +
                            (left[i].y - c.y) * contour->normal[i].y;
      contour->right_px[i] = (right[i].x - c.x) * contour->normal[i].x +
                             (right[i].y - c.y) * contour->normal[i].y;
      contour->diameter_px[i] = contour->left_px[i] - contour->right_px[i];
    }
  return contour;
}

void
angio_edges_min_cost_path (const float *cost,
                           guint        rows,
                           guint        cols,
                           guint        col_min,
                           guint        col_max,
                           guint       *out)
{
  g_autofree float *acc = NULL;
  g_autofree gint8 *move = NULL;

  g_return_if_fail (cost != NULL && out != NULL && cols > 0);
  g_return_if_fail (col_min <= col_max && col_max < cols);

  if (rows == 0)
    return;
  acc = g_new (float, (gsize) rows * cols);
  move = g_new0 (gint8, (gsize) rows * cols);
  for (guint j = 0; j < cols; j++)
    acc[j] = (j >= col_min && j <= col_max) ? cost[j] : INFINITY;
  for (guint i = 1; i < rows; i++)
    {
      const float *prev = acc + (gsize) (i - 1) * cols;
      float *row = acc + (gsize) i * cols;

      for (guint j = 0; j < cols; j++)
        {
          float best = prev[j];
          gint8 from = 0;

          if (j < col_min || j > col_max)
            {
              row[j] = INFINITY;
              continue;
            }
          if (j > col_min && prev[j - 1] < best)
            best = prev[j - 1], from = -1;
          if (j < col_max && prev[j + 1] < best)
            best = prev[j + 1], from = 1;
          row[j] = best + cost[(gsize) i * cols + j];
          move[(gsize) i * cols + j] = from;
        }
    }
  out[rows - 1] = col_min;
  for (guint j = col_min; j <= col_max; j++)
    if (acc[(gsize) (rows - 1) * cols + j] < acc[(gsize) (rows - 1) * cols + out[rows - 1]])
      out[rows - 1] = j;
  for (guint i = rows - 1; i > 0; i--)
    out[i - 1] = (guint) ((gint) out[i] + move[(gsize) i * cols + out[i]]);
}

/* The vessel, straightened: @n scanlines of @m samples, sample j at t = (j − (m − 1)/2) step. */
typedef struct {
  guint n, m;
  double step;
  AngioPoint *centerline;
  AngioPoint *normal;
  float *values;
} Straight;

static void
straight_clear (Straight *s)
{
  g_clear_pointer (&s->centerline, g_free);
  g_clear_pointer (&s->normal, g_free);
  g_clear_pointer (&s->values, g_free);
}

static inline double
sample_t (const Straight *s,
          guint           j)
{
  return (j - (s->m - 1) / 2.0) * s->step;
}

/* Scanline @i at @t, linear between samples. */
static double
straight_value (const Straight *s,
                guint           i,
                double          t)
{
  double f = CLAMP (t / s->step + (s->m - 1) / 2.0, 0, s->m - 1.0);
  guint j = MIN ((guint) f, s->m - 2);
  const float *row = s->values + (gsize) i * s->m;

  return row[j] + (f - j) * (row[j + 1] - row[j]);
}

/* Scanlines across @centerline (@n points), along @normals or, if %NULL, the polyline's. */
static void
straighten (const AngioImageF *image,
            const AngioPoint  *centerline,
            const AngioPoint  *normals,
            guint              n,
            double             half_width,
            double             step,
            Straight          *s)
{
  s->n = n;
  s->m = 2 * (guint) ceil (half_width / step) + 1;
  s->step = step;
  s->centerline = g_memdup2 (centerline, sizeof (AngioPoint) * s->n);
  if (normals != NULL)
    s->normal = g_memdup2 (normals, sizeof (AngioPoint) * s->n);
  else
    {
      s->normal = g_new (AngioPoint, s->n);
      angio_polyline_normals (s->centerline, s->n, s->normal);
    }
  s->values = g_new (float, (gsize) s->n * s->m);
  for (guint i = 0; i < s->n; i++)
    for (guint j = 0; j < s->m; j++)
      {
        double t = sample_t (s, j);

        s->values[(gsize) i * s->m + j]
          = angio_image_f_sample (image, s->centerline[i].x + t * s->normal[i].x,
                                  s->centerline[i].y + t * s->normal[i].y);
      }
}

/* Edge costs of both borders: the outward derivative (dark lumen to bright background) plus a
 * share of the outward curvature's opposite, which moves the optimum from the steepest point of
 * the blurred profile toward where the lumen really ends. Costs are ≤ 0, normalised to −1. */
static void
edge_costs (const Straight *s,
            double          second_weight_px,
            float          *left,
            float          *right)
{
  g_autoptr(AngioImageF) smooth = angio_image_f_new (s->m, s->n);
  float worst = 1e-12f;

  memcpy (smooth->data, s->values, sizeof (float) * s->n * s->m);
  angio_gaussian_blur (smooth, smooth, 1.0 / s->step);
  for (guint i = 0; i < s->n; i++)
    {
      const float *row = angio_image_f_row (smooth, i);

      for (guint j = 0; j < s->m; j++)
        {
          guint jm = j > 0 ? j - 1 : 0, jp = MIN (j + 1, s->m - 1);
          double d1 = (row[jp] - row[jm]) / ((jp - jm) * s->step);
          double d2 = (row[jp] - 2 * row[j] + row[jm]) / (s->step * s->step);
          double l = d1 - second_weight_px * d2, r = -d1 - second_weight_px * d2;
          gsize k = (gsize) i * s->m + j;

          left[k] = (float) -MAX (l, 0);
          right[k] = (float) -MAX (r, 0);
          worst = MAX (worst, (float) MAX (l, r));
        }
    }
  for (gsize k = 0; k < (gsize) s->n * s->m; k++)
    {
      left[k] /= worst;
      right[k] /= worst;
    }
}

/* Both DP borders, as t of each scanline. */
static void
dp_borders (const Straight *s,
            double          second_weight_px,
            double         *t_left,
            double         *t_right)
{
  g_autofree float *left = g_new (float, (gsize) s->n * s->m);
  g_autofree float *right = g_new (float, (gsize) s->n * s->m);
  g_autofree guint *path = g_new (guint, s->n);
  guint centre = (s->m - 1) / 2;

  edge_costs (s, second_weight_px, left, right);
  /* The lumen is at least a sample wide on each side of the centerline. */
  angio_edges_min_cost_path (left, s->n, s->m, MIN (centre + 1, s->m - 1), s->m - 1, path);
  for (guint i = 0; i < s->n; i++)
    t_left[i] = sample_t (s, path[i]);
  angio_edges_min_cost_path (right, s->n, s->m, 0, centre > 0 ? centre - 1 : 0, path);
  for (guint i = 0; i < s->n; i++)
    t_right[i] = sample_t (s, path[i]);
}

/* The centerline moved to the middle of the borders, smoothed over half a diameter so that it
 * follows the lumen rather than every step of the borders, and resampled. */
static GArray *
recentre (const Straight *s,
          const double   *t_left,
          const double   *t_right)
{
  g_autofree double *widths = g_new (double, s->n);
  g_autofree AngioPoint *points = g_new (AngioPoint, s->n);
  double diameter;

  for (guint i = 0; i < s->n; i++)
    {
      double mid = 0.5 * (t_left[i] + t_right[i]);

      points[i] = (AngioPoint) { s->centerline[i].x + mid * s->normal[i].x,
                                 s->centerline[i].y + mid * s->normal[i].y };
      widths[i] = t_left[i] - t_right[i];
    }
  diameter = angio_median_inplace (widths, s->n);
  angio_polyline_smooth (points, s->n, MAX (2.0, 0.5 * diameter) / s->step);
  return angio_polyline_resample (points, s->n, s->step);
}

/* Sub-pixel borders */

typedef struct {
  const Straight *s;
  const double *t_left;    /* DP borders */
  const double *t_right;
  AngioCylinder *models;   /* in: start (blur), out: result */
  gboolean *ok;
  const AngioCylinderFitParams *params;
  const guint8 *selected;  /* NULL: all */
} FitJob;

/* The profile of scanline @i, averaged with its neighbours (¼ ½ ¼), over the part that holds
 * the lumen and enough background on both sides for the background line. */
static guint
profile (const Straight *s,
         guint           i,
         double          t_left,
         double          t_right,
         double          blur,
         double         *t,
         double         *y)
{
  double margin = 3 + 1.5 * blur;
  guint n = 0;

  for (guint j = 0; j < s->m; j++)
    {
      double tj = sample_t (s, j);
      const float *mid = s->values + (gsize) i * s->m;
      const float *before = s->values + (gsize) (i > 0 ? i - 1 : i) * s->m;
      const float *after = s->values + (gsize) (i + 1 < s->n ? i + 1 : i) * s->m;

      if (tj < t_right - margin || tj > t_left + margin)
        continue;
      t[n] = tj;
      y[n] = 0.25 * before[j] + 0.5 * mid[j] + 0.25 * after[j];
      n++;
    }
  return n;
}

static void
fit_one (guint    i,
         gpointer user_data)
{
  FitJob *job = user_data;
  const Straight *s = job->s;
  AngioCylinder *model = &job->models[i];
  g_autofree double *t = NULL;
  g_autofree double *y = NULL;
  double dp_c = 0.5 * (job->t_left[i] + job->t_right[i]);
  double dp_rho = 0.5 * (job->t_left[i] - job->t_right[i]);
  guint n;

  if (job->selected != NULL && !job->selected[i])
    return;
  t = g_new (double, s->m);
  y = g_new (double, s->m);
  n = profile (s, i, job->t_left[i], job->t_right[i], model->blur, t, y);
  if (n < 8)
    {
      job->ok[i] = FALSE;
      return;
    }
  /* Start: background through the ends, depth at the centre. */
  model->b1 = (y[n - 1] - y[0]) / (t[n - 1] - t[0]);
  model->b0 = y[0] - model->b1 * t[0];
  model->c = dp_c;
  model->rho = MAX (dp_rho, 0.5);
  {
    double depth = model->b0 + model->b1 * dp_c - straight_value (s, i, dp_c);
    model->k = job->params->k_prior > 0 ? job->params->k_prior
                                         : MAX (depth, 1e-6) / (2 * model->rho);
  }
  gboolean fit_ok = angio_cylinder_fit (t, y, n, job->params, model);
  job->ok[i] = fit_ok
               /* A fit that ran away from the DP borders found something else. */
               && fabs (model->c - dp_c) < 2 + 0.25 * dp_rho
               && fabs (model->rho - dp_rho) < 2 + 0.5 * dp_rho;
}

static void
fit_all (FitJob *job)
{
  angio_parallel_for (job->s->n, 0, fit_one, job);
}

/* The blur, measured on the widest scanlines, where the lumen's width and the blur do not
 * trade against each other. */
static double
measure_blur (const Straight *s,
              const double   *t_left,
              const double   *t_right)
{
  g_autofree double *widths = g_new (double, s->n);
  g_autofree AngioCylinder *models = g_new0 (AngioCylinder, s->n);
  g_autofree gboolean *ok = g_new0 (gboolean, s->n);
  g_autofree guint8 *selected = g_new0 (guint8, s->n);
  g_autofree double *blurs = g_new (double, s->n);
  AngioCylinderFitParams params = { TRUE, 0, 0, 0, 40, 2, 0.5 };
  FitJob job = { s, t_left, t_right, models, ok, &params, selected };
  double threshold;
  guint n_selected = 0, n_blurs = 0, stride;

  for (guint i = 0; i < s->n; i++)
    widths[i] = t_left[i] - t_right[i];
  threshold = MAX (6.0, angio_quantile_inplace (widths, s->n, 0.5));
  for (guint i = 0; i < s->n; i++)
    n_selected += (t_left[i] - t_right[i]) >= threshold;
  /* About 48 scanlines are plenty for a median. */
  stride = MAX (1, n_selected / 48);
  n_selected = 0;
  for (guint i = 0; i < s->n; i++)
    if ((t_left[i] - t_right[i]) >= threshold && n_selected++ % stride == 0)
      selected[i] = 1;
  for (guint i = 0; i < s->n; i++)
    models[i].blur = DEFAULT_BLUR_PX;
  fit_all (&job);
  for (guint i = 0; i < s->n; i++)
    if (selected[i] && ok[i])
      blurs[n_blurs++] = models[i].blur;
  return n_blurs >= 5 ? angio_median_inplace (blurs, n_blurs) : DEFAULT_BLUR_PX;
}

static void
refine (const Straight     *s,
        const double       *t_left,
        const double       *t_right,
        double              blur,
        AngioVesselContour *contour)
{
  g_autofree AngioCylinder *models = g_new0 (AngioCylinder, s->n);
  g_autofree gboolean *ok = g_new0 (gboolean, s->n);
  g_autofree guint8 *narrow = g_new0 (guint8, s->n);
  g_autofree double *ks = g_new (double, s->n);
  g_autofree double *rms = g_new (double, s->n);
  AngioCylinderFitParams params = { FALSE, 0, 0, 0, 40, 2, 0.5 };
  FitJob job = { s, t_left, t_right, models, ok, &params, NULL };
  guint n_ks = 0, n_rms = 0, n_narrow = 0;

  for (guint i = 0; i < s->n; i++)
    models[i].blur = blur;
  fit_all (&job);

  /* The contrast of the healthy, wide part, and the noise. */
  for (guint i = 0; i < s->n; i++)
    if (ok[i])
      {
        rms[n_rms++] = models[i].rms;
        if (models[i].rho >= MAX (3.0, 1.5 * blur))
          ks[n_ks++] = models[i].k;
      }
  contour->noise = n_rms ? angio_median_inplace (rms, n_rms) : 0;
  if (n_ks >= 5)
    {
      params.k_prior = angio_quantile_inplace (ks, n_ks, 0.5);
      params.k_prior_sd = K_PRIOR_SD * params.k_prior;
      params.noise = contour->noise;
      for (guint i = 0; i < s->n; i++)
        if (!ok[i] || models[i].rho < 2.5 * blur)
          {
            narrow[i] = 1;
            n_narrow++;
            models[i].blur = blur;
          }
      job.selected = narrow;
      if (n_narrow > 0)
        fit_all (&job);
    }

  for (guint i = 0; i < s->n; i++)
    {
      contour->fitted[i] = ok[i];
      contour->contrast[i] = ok[i] ? models[i].k : NAN;
      if (ok[i])
        {
          contour->left_px[i] = models[i].c + models[i].rho;
          contour->right_px[i] = models[i].c - models[i].rho;
        }
    }
}

AngioVesselContour *
angio_edges_detect (const AngioImageF     *image,
                    const AngioPoint      *path,
                    guint                  n,
                    const AngioEdgeParams *params,
                    const AngioProgress   *progress)
{
  g_autoptr(GArray) line = NULL;
  g_autofree double *t_left = NULL;
  g_autofree double *t_right = NULL;
  Straight s = { 0 };
  AngioVesselContour *contour;
  double step;

  g_return_val_if_fail (image != NULL && params != NULL, NULL);
  g_return_val_if_fail (path != NULL || n == 0, NULL);

  step = CLAMP (params->step_px, 0.05, 4.0);
  line = angio_polyline_resample (path, n, step);
  if (line->len < 3)
    return NULL;
  /* Minimal paths move in whole pixels: smooth the staircase away first. */
  angio_polyline_smooth ((AngioPoint *) line->data, line->len, 2.0 / step);

  for (guint pass = 0;; pass++)
    {
      straighten (image, (AngioPoint *) line->data, NULL, line->len, params->half_width_px,
                  step, &s);
      g_free (t_left);
      g_free (t_right);
      t_left = g_new (double, s.n);
      t_right = g_new (double, s.n);
      dp_borders (&s, params->second_weight_px, t_left, t_right);
      if (pass >= params->recentre_passes)
        break;
      if (angio_progress_cancelled (progress))
        {
          straight_clear (&s);
          return NULL;
        }
      g_array_unref (line);
      line = recentre (&s, t_left, t_right);
      straight_clear (&s);
      if (line->len < 3)
        return NULL;
    }

  contour = angio_vessel_contour_new (s.n, step);
  memcpy (contour->centerline, s.centerline, sizeof (AngioPoint) * s.n);
  memcpy (contour->normal, s.normal, sizeof (AngioPoint) * s.n);
  memcpy (contour->left_px, t_left, sizeof (double) * s.n);
  memcpy (contour->right_px, t_right, sizeof (double) * s.n);
  contour->blur_px = params->blur_px;

  if (params->model_fit)
    {
      if (!(contour->blur_px > 0))
        contour->blur_px = measure_blur (&s, t_left, t_right);
      refine (&s, t_left, t_right, contour->blur_px, contour);
    }
  straight_clear (&s);
  contour_place_borders (contour);
  return contour;
}

/* Re-detection through the annotator's points */

/* Penalty of a column other than the constrained one on a constrained scanline: more than any
 * path's whole cost (costs are ≥ −1 a scanline), so the path goes through the point whenever
 * it can reach it, and as close as it can otherwise. */
#define OFF_CONSTRAINT_COST 1e6f

static guint
constraint_column (const Straight            *s,
                   const AngioEdgeConstraint *c)
{
  double j = c->offset_px / s->step + (s->m - 1) / 2.0;

  return (guint) CLAMP (lround (j), 0, (long) s->m - 1);
}

/* The border of one side through @constraints (those of that side), as t of each scanline in
 * @t; @moved[i] is set where it differs from @free (the free path's columns). */
static void
constrained_border (const Straight            *s,
                    const float               *cost,
                    gboolean                   left,
                    const AngioEdgeConstraint *constraints,
                    guint                      n_constraints,
                    const guint               *free,
                    double                    *t,
                    guint8                    *moved)
{
  g_autofree float *forced = g_memdup2 (cost, sizeof (float) * s->n * s->m);
  g_autofree guint *path = g_new (guint, s->n);
  guint centre = (s->m - 1) / 2;
  guint lo = left ? MIN (centre + 1, s->m - 1) : 0, hi = left ? s->m - 1 : MAX (centre, 1) - 1;
  gboolean any = FALSE;

  for (guint k = 0; k < n_constraints; k++)
    {
      const AngioEdgeConstraint *c = &constraints[k];
      guint col;

      if (c->left != left)
        continue;
      any = TRUE;
      col = CLAMP (constraint_column (s, c), lo, hi);
      for (guint j = 0; j < s->m; j++)
        if (j != col)
          forced[(gsize) c->scanline * s->m + j] += OFF_CONSTRAINT_COST;
    }
  if (any)
    angio_edges_min_cost_path (forced, s->n, s->m, lo, hi, path);
  else
    memcpy (path, free, sizeof (guint) * s->n);
  for (guint i = 0; i < s->n; i++)
    {
      t[i] = sample_t (s, path[i]);
      moved[i] = path[i] != free[i];
    }
  /* At its points the border is exactly where the annotator put it. */
  for (guint k = 0; k < n_constraints; k++)
    if (constraints[k].left == left)
      {
        t[constraints[k].scanline] = constraints[k].offset_px;
        moved[constraints[k].scanline] = 1;
      }
}

static gboolean
constraints_valid (const AngioVesselContour  *contour,
                   const AngioEdgeConstraint *constraints,
                   guint                      n)
{
  for (guint k = 0; k < n; k++)
    if (constraints[k].scanline >= contour->n || !isfinite (constraints[k].offset_px) ||
        (constraints[k].left ? constraints[k].offset_px <= 0 : constraints[k].offset_px >= 0))
      return FALSE;
  return TRUE;
}

AngioVesselContour *
angio_edges_redetect (const AngioImageF     *image,
                      const AngioEdgeEdit   *edit,
                      const AngioEdgeParams *params)
{
  const AngioVesselContour *old;
  g_autofree float *cost_left = NULL, *cost_right = NULL;
  g_autofree guint *free_left = NULL, *free_right = NULL;
  g_autofree double *t_left = NULL, *t_right = NULL, *was_left = NULL, *was_right = NULL;
  g_autofree guint8 *moved_left = NULL, *moved_right = NULL;
  g_autofree guint8 *before_left = NULL, *before_right = NULL;
  g_autoptr(AngioVesselContour) fresh = NULL;
  AngioVesselContour *contour;
  Straight s = { 0 };
  guint centre, n_released = 0;

  g_return_val_if_fail (image != NULL && edit != NULL && edit->contour != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);

  old = edit->contour;
  if (old->n < 3 || !(old->step_px > 0) ||
      !constraints_valid (old, edit->constraints, edit->n_constraints) ||
      !constraints_valid (old, edit->previous, edit->n_previous))
    return NULL;
  straighten (image, old->centerline, old->normal, old->n, params->half_width_px, old->step_px,
              &s);
  centre = (s.m - 1) / 2;
  cost_left = g_new (float, (gsize) s.n * s.m);
  cost_right = g_new (float, (gsize) s.n * s.m);
  edge_costs (&s, params->second_weight_px, cost_left, cost_right);
  free_left = g_new (guint, s.n);
  free_right = g_new (guint, s.n);
  angio_edges_min_cost_path (cost_left, s.n, s.m, MIN (centre + 1, s.m - 1), s.m - 1, free_left);
  angio_edges_min_cost_path (cost_right, s.n, s.m, 0, MAX (centre, 1) - 1, free_right);

  t_left = g_new (double, s.n);
  t_right = g_new (double, s.n);
  moved_left = g_new (guint8, s.n);
  moved_right = g_new (guint8, s.n);
  constrained_border (&s, cost_left, TRUE, edit->constraints, edit->n_constraints, free_left,
                      t_left, moved_left);
  constrained_border (&s, cost_right, FALSE, edit->constraints, edit->n_constraints, free_right,
                      t_right, moved_right);
  /* Where the previous points had moved the borders. */
  was_left = g_new (double, s.n);
  was_right = g_new (double, s.n);
  before_left = g_new (guint8, s.n);
  before_right = g_new (guint8, s.n);
  constrained_border (&s, cost_left, TRUE, edit->previous, edit->n_previous, free_left,
                      was_left, before_left);
  constrained_border (&s, cost_right, FALSE, edit->previous, edit->n_previous, free_right,
                      was_right, before_right);
  for (guint i = 0; i < s.n; i++)
    n_released += (before_left[i] && !moved_left[i]) || (before_right[i] && !moved_right[i]);

  if (n_released > 0)
    {
      /* Those scanlines are measured as a free detection would: the DP borders, fitted. */
      fresh = angio_vessel_contour_new (s.n, old->step_px);
      for (guint i = 0; i < s.n; i++)
        {
          fresh->left_px[i] = sample_t (&s, free_left[i]);
          fresh->right_px[i] = sample_t (&s, free_right[i]);
        }
      fresh->blur_px = old->blur_px > 0 ? old->blur_px : DEFAULT_BLUR_PX;
      {
        g_autofree double *dp_left = g_memdup2 (fresh->left_px, sizeof (double) * s.n);
        g_autofree double *dp_right = g_memdup2 (fresh->right_px, sizeof (double) * s.n);

        refine (&s, dp_left, dp_right, fresh->blur_px, fresh);
      }
    }
  straight_clear (&s);

  contour = angio_vessel_contour_copy (old);
  for (guint i = 0; i < contour->n; i++)
    {
      if (moved_left[i])
        contour->left_px[i] = t_left[i];
      else if (before_left[i])
        contour->left_px[i] = fresh->left_px[i];
      if (moved_right[i])
        contour->right_px[i] = t_right[i];
      else if (before_right[i])
        contour->right_px[i] = fresh->right_px[i];
      if (moved_left[i] || moved_right[i])
        {
          contour->fitted[i] = 0;
          contour->contrast[i] = NAN;
        }
      else if (before_left[i] || before_right[i])
        {
          contour->fitted[i] = fresh->fitted[i];
          contour->contrast[i] = fresh->contrast[i];
        }
      /* Borders never cross: a point dragged past the other border closes the lumen there. */
      if (contour->left_px[i] < contour->right_px[i])
        contour->left_px[i] = contour->right_px[i] = 0.5 * (contour->left_px[i] +
                                                            contour->right_px[i]);
    }
  contour_place_borders (contour);
  return contour;
}

AngioVesselContour *
angio_vessel_contour_copy (const AngioVesselContour *contour)
{
  AngioVesselContour *copy;

  g_return_val_if_fail (contour != NULL, NULL);

  copy = angio_vessel_contour_new (contour->n, contour->step_px);
  memcpy (copy->centerline, contour->centerline, sizeof (AngioPoint) * contour->n);
  memcpy (copy->left, contour->left, sizeof (AngioPoint) * contour->n);
  memcpy (copy->right, contour->right, sizeof (AngioPoint) * contour->n);
  memcpy (copy->normal, contour->normal, sizeof (AngioPoint) * contour->n);
  memcpy (copy->left_px, contour->left_px, sizeof (double) * contour->n);
  memcpy (copy->right_px, contour->right_px, sizeof (double) * contour->n);
  memcpy (copy->diameter_px, contour->diameter_px, sizeof (double) * contour->n);
  memcpy (copy->contrast, contour->contrast, sizeof (double) * contour->n);
  memcpy (copy->fitted, contour->fitted, contour->n);
  copy->blur_px = contour->blur_px;
  copy->noise = contour->noise;
  return copy;
}

void
angio_vessel_contour_translate (AngioVesselContour *contour,
                                double              dx,
                                double              dy)
{
  g_return_if_fail (contour != NULL);

  for (guint i = 0; i < contour->n; i++)
    {
      contour->centerline[i].x += dx;
      contour->centerline[i].y += dy;
      contour->left[i].x += dx;
      contour->left[i].y += dy;
      contour->right[i].x += dx;
      contour->right[i].y += dy;
    }
}
