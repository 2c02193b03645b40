/* angio-cylinder-fit.c — Levenberg–Marquardt fit of the blurred-cylinder profile. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "angio-cylinder-fit.h"
#include "angio-stats.h"

#define N_PARAMS 6
enum { P_B0, P_B1, P_K, P_C, P_RHO, P_BLUR };

/* The chord 2 √(ρ² − u²) of the cylinder at @u, its integral ∫₀ᵘ = u √(ρ² − u²) + ρ² asin (u/ρ)
 * (constant beyond ±ρ) and that integral's derivative in ρ, 2 ρ asin (u/ρ); one square root and
 * one arc sine for all three (the fit spends its time here). */
typedef struct {
  double chord, area, area_drho;
} Chord;

static inline Chord
chord_at (double u,
          double rho)
{
  double s, a;

  if (u >= rho)
    return (Chord) { 0, 0.5 * G_PI * rho * rho, G_PI * rho };
  if (u <= -rho)
    return (Chord) { 0, -0.5 * G_PI * rho * rho, -G_PI * rho };
  s = sqrt (rho * rho - u * u);
  a = asin (u / rho);
  return (Chord) { 2 * s, u * s + rho * rho * a, 2 * rho * a };
}

double
angio_cylinder_profile (double u,
                        double rho,
                        double blur)
{
  if (rho <= 0)
    return 0;
  if (blur < 1e-6)
    return chord_at (u, rho).chord;
  return (chord_at (u + blur / 2, rho).area - chord_at (u - blur / 2, rho).area) / blur;
}

/* Model value and, when @grad is not NULL, its derivatives at @t. */
static double
evaluate (const double *p,
          double        t,
          double       *grad)
{
  double u = t - p[P_C], rho = MAX (p[P_RHO], 1e-6), b = MAX (p[P_BLUR], 1e-3);
  Chord ca = chord_at (u - b / 2, rho), cb = chord_at (u + b / 2, rho);
  double P = (cb.area - ca.area) / b;

  if (grad != NULL)
    {
      grad[P_B0] = 1;
      grad[P_B1] = t;
      grad[P_K] = -P;
      grad[P_C] = p[P_K] * (cb.chord - ca.chord) / b;
      grad[P_RHO] = -p[P_K] * (cb.area_drho - ca.area_drho) / b;
      grad[P_BLUR] = -p[P_K] * (0.5 * (cb.chord + ca.chord) / b - P / b);
    }
  return p[P_B0] + p[P_B1] * t - p[P_K] * P;
}

/* Sum of squares, with the prior on k as one more residual. */
static double
cost (const double                 *p,
      const double                 *t,
      const double                 *y,
      const double                 *w,
      guint                         n,
      const AngioCylinderFitParams *params,
      double                        prior_weight)
{
  double sum = 0;

  for (guint i = 0; i < n; i++)
    {
      double r = y[i] - evaluate (p, t[i], NULL);
      sum += w[i] * r * r;
    }
  if (prior_weight > 0)
    sum += prior_weight * (p[P_K] - params->k_prior) * (p[P_K] - params->k_prior);
  return sum;
}

/* Solves the m × m system @a x = @b in place (Gaussian elimination with partial pivoting). */
static gboolean
solve (double *a,
       double *b,
       guint   m)
{
  for (guint col = 0; col < m; col++)
    {
      guint pivot = col;

      for (guint r = col + 1; r < m; r++)
        if (fabs (a[r * m + col]) > fabs (a[pivot * m + col]))
          pivot = r;
      if (fabs (a[pivot * m + col]) < 1e-300)
        return FALSE;
      if (pivot != col)
        {
          for (guint c = 0; c < m; c++)
            {
              double tmp = a[col * m + c];
              a[col * m + c] = a[pivot * m + c];
              a[pivot * m + c] = tmp;
            }
          {
            double tmp = b[col];
            b[col] = b[pivot];
            b[pivot] = tmp;
          }
        }
      for (guint r = 0; r < m; r++)
        if (r != col)
          {
            double f = a[r * m + col] / a[col * m + col];

            if (f == 0)
              continue;
            for (guint c = col; c < m; c++)
              a[r * m + c] -= f * a[col * m + c];
            b[r] -= f * b[col];
          }
    }
  for (guint r = 0; r < m; r++)
    b[r] /= a[r * m + r];
  return TRUE;
}

/* Weighted Levenberg–Marquardt from @p; returns whether it settled. */
static gboolean
levenberg_marquardt (const double                 *t,
                     const double                 *y,
                     const double                 *w,
                     guint                         n,
                     const AngioCylinderFitParams *params,
                     guint                         m,
                     double                        prior_weight,
                     double                       *p)
{
  double lambda = 1e-3, current = cost (p, t, y, w, n, params, prior_weight);

  for (guint iteration = 0; iteration < MAX (params->max_iterations, 1); iteration++)
    {
      double jtj[N_PARAMS * N_PARAMS] = { 0 }, jtr[N_PARAMS] = { 0 }, grad[N_PARAMS];
      double a[N_PARAMS * N_PARAMS], step[N_PARAMS], trial[N_PARAMS], next = current;
      gboolean improved = FALSE;

      for (guint i = 0; i < n; i++)
        {
          double r = y[i] - evaluate (p, t[i], grad);

          for (guint j = 0; j < m; j++)
            {
              jtr[j] += w[i] * grad[j] * r;
              for (guint l = 0; l <= j; l++)
                jtj[j * m + l] += w[i] * grad[j] * grad[l];
            }
        }
      for (guint j = 0; j < m; j++)
        for (guint l = j + 1; l < m; l++)
          jtj[j * m + l] = jtj[l * m + j];
      if (prior_weight > 0)
        {
          jtj[P_K * m + P_K] += prior_weight;
          jtr[P_K] -= prior_weight * (p[P_K] - params->k_prior);
        }

      /* Raise the damping until a step lowers the cost. */
      for (guint attempt = 0; attempt < 8 && !improved; attempt++)
        {
          memcpy (a, jtj, sizeof a);
          memcpy (step, jtr, sizeof step);
          for (guint j = 0; j < m; j++)
            a[j * m + j] += lambda * (jtj[j * m + j] + 1e-12);
          if (!solve (a, step, m))
            return FALSE;
          memcpy (trial, p, sizeof trial);
          for (guint j = 0; j < m; j++)
            trial[j] += step[j];
          trial[P_RHO] = MAX (trial[P_RHO], 0.02);
          trial[P_BLUR] = CLAMP (trial[P_BLUR], 0.2, 20);
          next = cost (trial, t, y, w, n, params, prior_weight);
          if (next < current)
            {
              improved = TRUE;
              memcpy (p, trial, sizeof trial);
              lambda = MAX (lambda / 4, 1e-7);
            }
          else
            lambda *= 8;
        }
      if (!improved || current - next < 1e-9 * current + 1e-12)
        return TRUE;
      current = next;
    }
  return FALSE;
}

/* Tukey's biweight: samples that the model cannot explain (a neighbouring vessel, the edge of a
 * bone in the background) stop pulling the fit. */
static void
robust_weights (const double *p,
                const double *t,
                const double *y,
                guint         n,
                double        noise_floor,
                double       *w)
{
  g_autofree double *r = g_new (double, n);
  g_autofree double *size = g_new (double, n);
  double scale;

  for (guint i = 0; i < n; i++)
    {
      r[i] = y[i] - evaluate (p, t[i], NULL);
      size[i] = fabs (r[i]);
    }
  scale = MAX (1.4826 * angio_median_inplace (size, n), noise_floor) * 4.685;
  for (guint i = 0; i < n; i++)
    {
      double u = r[i] / MAX (scale, 1e-12);
      w[i] = fabs (u) < 1 ? (1 - u * u) * (1 - u * u) : 0;
    }
}

gboolean
angio_cylinder_fit (const double                 *t,
                    const double                 *y,
                    guint                         n,
                    const AngioCylinderFitParams *params,
                    AngioCylinder                *model)
{
  guint m = params->fit_blur ? N_PARAMS : N_PARAMS - 1;
  double p[N_PARAMS] = { model->b0, model->b1, model->k, model->c, model->rho, model->blur };
  g_autofree double *w = NULL;
  double prior_weight = 0, sum_w = 0;
  gboolean settled = FALSE;

  g_return_val_if_fail (t != NULL && y != NULL && params != NULL && model != NULL, FALSE);

  if (n < m + 2)
    return FALSE;
  if (params->k_prior_sd > 0 && params->noise > 0)
    prior_weight = (params->noise * params->noise) / (params->k_prior_sd * params->k_prior_sd);
  w = g_new (double, n);
  for (guint i = 0; i < n; i++)
    w[i] = 1;
  for (guint round = 0; round <= params->robust_rounds; round++)
    {
      if (round > 0)
        robust_weights (p, t, y, n, params->noise_floor, w);
      settled = levenberg_marquardt (t, y, w, n, params, m, prior_weight, p);
    }

  model->b0 = p[P_B0];
  model->b1 = p[P_B1];
  model->k = p[P_K];
  model->c = p[P_C];
  model->rho = p[P_RHO];
  model->blur = p[P_BLUR];
  for (guint i = 0; i < n; i++)
    sum_w += w[i];
  model->rms = sqrt (cost (p, t, y, w, n, params, 0) / MAX (sum_w, 1));
  return settled && isfinite (model->rho) && isfinite (model->c) && model->k > 0
         && model->rho > 0 && model->c - model->rho > t[0] && model->c + model->rho < t[n - 1];
}
