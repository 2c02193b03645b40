/* angio-vesselness.c — Frangi vesselness over scales, the scales on all cores. */
#include "config.h"

#include <math.h>

#include "angio-gaussian.h"
#include "angio-parallel.h"
#include "angio-vesselness.h"

void
angio_vesselness_params_init (AngioVesselnessParams *params,
                              double                 diameter_min_px,
                              double                 diameter_max_px)
{
  g_return_if_fail (params != NULL);

  params->sigma_min_px = MAX (0.7, diameter_min_px * ANGIO_VESSELNESS_SIGMA_PER_DIAMETER);
  params->sigma_max_px = MAX (params->sigma_min_px,
                              diameter_max_px * ANGIO_VESSELNESS_SIGMA_PER_DIAMETER);
  params->n_scales = 4;
  params->beta = 0.5;
  params->c = 0;
  params->edge_suppression = 0.5;
  params->bright = FALSE;
}

static double
scale_sigma (const AngioVesselnessParams *params,
             guint                        index)
{
  if (params->n_scales <= 1)
    return params->sigma_min_px;
  return params->sigma_min_px
         * pow (params->sigma_max_px / params->sigma_min_px,
                (double) index / (params->n_scales - 1));
}

typedef struct {
  const AngioImageF *image;
  const AngioVesselnessParams *params;
  const AngioProgress *progress;
  AngioImageF **response;   /* per scale */
  AngioImageF **angle;
  gint done;
  gint cancelled;
} Job;

/* Hessian (and gradient) of @blurred at (x, y) by central differences, borders replicated,
 * scaled by sigma² (and sigma). */
typedef struct {
  float xx, xy, yy, gx, gy;
} Derivatives;

static inline Derivatives
derivatives (const AngioImageF *blurred,
             guint              x,
             guint              y,
             double             sigma)
{
  guint xm = x > 0 ? x - 1 : 0, xp = MIN (x + 1, blurred->width - 1);
  const float *rm = angio_image_f_row (blurred, y > 0 ? y - 1 : 0);
  const float *r0 = angio_image_f_row (blurred, y);
  const float *rp = angio_image_f_row (blurred, MIN (y + 1, blurred->height - 1));
  float s2 = (float) (sigma * sigma), s1 = (float) sigma;
  Derivatives d;

  d.xx = s2 * (r0[xp] - 2 * r0[x] + r0[xm]);
  d.yy = s2 * (rp[x] - 2 * r0[x] + rm[x]);
  d.xy = s2 * 0.25f * (rp[xp] - rp[xm] - rm[xp] + rm[xm]);
  d.gx = s1 * 0.5f * (r0[xp] - r0[xm]);
  d.gy = s1 * 0.5f * (rp[x] - rm[x]);
  return d;
}

static void
one_scale (guint    index,
           gpointer user_data)
{
  Job *job = user_data;
  const AngioVesselnessParams *params = job->params;
  double sigma = scale_sigma (params, index), c, two_b2, two_c2, max_norm = 0;
  double sign = params->bright ? -1 : 1;
  guint w = job->image->width, h = job->image->height;
  g_autoptr(AngioImageF) blurred = angio_image_f_new (w, h);
  AngioImageF *response, *angle;

  if (g_atomic_int_get (&job->cancelled) || angio_progress_cancelled (job->progress))
    {
      g_atomic_int_set (&job->cancelled, 1);
      return;
    }
  angio_gaussian_blur (job->image, blurred, sigma);
  response = job->response[index] = angio_image_f_new (w, h);
  angle = job->angle[index] = angio_image_f_new (w, h);

  /* First pass: eigenvalues, kept in response (λ2) and angle (λ1) for the second pass. */
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        Derivatives d = derivatives (blurred, x, y, sigma);
        double half_trace = 0.5 * (d.xx + d.yy);
        double root = sqrt (0.25 * (d.xx - d.yy) * (d.xx - d.yy) + (double) d.xy * d.xy);
        double a = half_trace + root, b = half_trace - root;
        double l1 = fabs (a) < fabs (b) ? a : b, l2 = fabs (a) < fabs (b) ? b : a;

        angio_image_f_row (response, y)[x] = (float) l2;
        angio_image_f_row (angle, y)[x] = (float) l1;
        max_norm = MAX (max_norm, hypot (l1, l2));
      }

  c = params->c > 0 ? params->c : MAX (0.5 * max_norm, 1e-12);
  two_b2 = 2 * params->beta * params->beta;
  two_c2 = 2 * c * c;
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        float *out = angio_image_f_row (response, y) + x;
        float *dir = angio_image_f_row (angle, y) + x;
        double l2 = *out, l1 = *dir, v = 0;

        /* A dark vessel is a valley: strong positive curvature across it. */
        if (sign * l2 > 0)
          {
            Derivatives d = derivatives (blurred, x, y, sigma);
            double rb = l1 / l2, s2 = l1 * l1 + l2 * l2;

            v = exp (-rb * rb / two_b2) * (1 - exp (-s2 / two_c2));
            /* The side lobe of a step edge (shutter, bone border) also curves, but sits on a
             * slope; the centre of a vessel does not. */
            if (params->edge_suppression > 0)
              {
                double g = hypot (d.gx, d.gy) / (fabs (l2) * params->edge_suppression);
                v *= exp (-0.5 * g * g);
              }
            /* The vessel runs along the eigenvector of λ1: (xy, λ1 − xx) or (λ1 − yy, xy). */
            {
              double ex = d.xy, ey = l1 - d.xx;

              if (fabs (ex) + fabs (ey) < 1e-12)
                {
                  ex = l1 - d.yy;
                  ey = d.xy;
                }
              if (fabs (ex) + fabs (ey) < 1e-12)
                ex = 1, ey = 0;
              *dir = (float) atan (ey / (fabs (ex) > 1e-12 ? ex : 1e-12));
            }
          }
        else
          *dir = 0;
        *out = (float) v;
      }
  angio_progress_report (job->progress,
                         (double) g_atomic_int_add (&job->done, 1) / params->n_scales);
}

AngioVesselness *
angio_vesselness_compute (const AngioImageF           *image,
                          const AngioVesselnessParams *params,
                          const AngioProgress         *progress)
{
  guint n, w, h;
  Job job = { image, params, progress, NULL, NULL, 0, 0 };
  AngioVesselness *result;

  g_return_val_if_fail (image != NULL && params != NULL, NULL);

  n = MAX (1, params->n_scales);
  w = image->width;
  h = image->height;
  job.response = g_new0 (AngioImageF *, n);
  job.angle = g_new0 (AngioImageF *, n);
  angio_parallel_for (n, 0, one_scale, &job);

  result = NULL;
  if (!job.cancelled)
    {
      result = g_new0 (AngioVesselness, 1);
      result->response = angio_image_f_new (w, h);
      result->sigma_px = angio_image_f_new (w, h);
      result->angle = angio_image_f_new (w, h);
      for (guint s = 0; s < n; s++)
        {
          float sigma = (float) scale_sigma (params, s);

          for (gsize i = 0; i < (gsize) w * h; i++)
            if (job.response[s]->data[i] > result->response->data[i])
              {
                result->response->data[i] = job.response[s]->data[i];
                result->sigma_px->data[i] = sigma;
                result->angle->data[i] = job.angle[s]->data[i];
              }
        }
    }
  for (guint s = 0; s < n; s++)
    {
      angio_image_f_free (job.response[s]);
      angio_image_f_free (job.angle[s]);
    }
  g_free (job.response);
  g_free (job.angle);
  return result;
}

void
angio_vesselness_free (AngioVesselness *vesselness)
{
  if (vesselness == NULL)
    return;
  angio_image_f_free (vesselness->response);
  angio_image_f_free (vesselness->sigma_px);
  angio_image_f_free (vesselness->angle);
  g_free (vesselness);
}
