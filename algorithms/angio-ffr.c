/* angio-ffr.c — FFR from the diameter function (see angio-ffr.h for the model). */
#define G_LOG_DOMAIN "angio-ffr"

#include "config.h"

#include <math.h>

#include "angio-ffr.h"

#define MIN_FRONT_SPAN_MM 5.0

double
angio_ffr_viscous_loss (const double *diameter_mm,
                        guint         n,
                        double        step_mm,
                        double        flow_ml_s)
{
  double q = flow_ml_s * 1e-6;   /* m³/s */
  double ds = step_mm * 1e-3;    /* m */
  double sum = 0;

  /* Trapezoids of 1/d⁴ between consecutive samples. */
  for (guint i = 0; i + 1 < n; i++)
    {
      double d0 = diameter_mm[i] * 1e-3, d1 = diameter_mm[i + 1] * 1e-3;

      sum += 0.5 * (1 / pow (d0, 4) + 1 / pow (d1, 4)) * ds;
    }
  return 128 * ANGIO_FFR_BLOOD_VISCOSITY_PA_S * q * sum / G_PI / ANGIO_PA_PER_MMHG;
}

double
angio_ffr_separation_loss (double mld_mm,
                           double ref_mm,
                           double flow_ml_s)
{
  double a0 = G_PI / 4 * pow (ref_mm * 1e-3, 2);
  double as = G_PI / 4 * pow (mld_mm * 1e-3, 2);
  double u0 = flow_ml_s * 1e-6 / a0;
  double ratio = a0 / as - 1;

  if (ratio <= 0)
    return 0;
  return 0.5 * ANGIO_FFR_BLOOD_DENSITY_KG_M3 * ANGIO_FFR_EXPANSION_COEFFICIENT * ratio * ratio *
         u0 * u0 / ANGIO_PA_PER_MMHG;
}

gboolean
angio_ffr_estimate (const AngioFfrInput *in,
                    AngioFfrEstimate    *out)
{
  double a0_mm2;

  g_return_val_if_fail (in != NULL && out != NULL, FALSE);

  if (in->diameter_mm == NULL || in->n < 2 || !(in->step_mm > 0) || !(in->mld_mm > 0) ||
      !(in->ref_mm > 0) || in->prox_index > in->dist_index || in->dist_index >= in->n)
    return FALSE;
  for (guint i = in->prox_index; i <= in->dist_index; i++)
    if (!(in->diameter_mm[i] > 0))
      return FALSE;

  out->pa_measured = isfinite (in->pa_mmhg);
  out->pa_mmhg = out->pa_measured ? in->pa_mmhg : ANGIO_FFR_DEFAULT_PA_MMHG;
  out->flow_source = isfinite (in->velocity_mm_s) ? ANGIO_FFR_FLOW_FRAME_COUNT
                                                  : ANGIO_FFR_FLOW_FIXED_VELOCITY;
  out->velocity_mm_s = isfinite (in->velocity_mm_s) ? in->velocity_mm_s
                                                    : ANGIO_FFR_HYPERAEMIC_VELOCITY_MM_S;
  if (!(out->pa_mmhg > 0) || !(out->velocity_mm_s > 0))
    return FALSE;

  a0_mm2 = G_PI / 4 * in->ref_mm * in->ref_mm;
  out->flow_unobstructed_ml_s = out->velocity_mm_s * a0_mm2 * 1e-3;
  out->flow_ml_s = out->flow_unobstructed_ml_s;
  if (out->flow_source == ANGIO_FFR_FLOW_FIXED_VELOCITY && out->pa_mmhg > ANGIO_FFR_VENOUS_MMHG)
    {
      /* ΔP = f Q + s Q² (both losses are linear and quadratic in Q); Pa − Pv = R Q + ΔP. */
      double drive = out->pa_mmhg - ANGIO_FFR_VENOUS_MMHG;
      double f = angio_ffr_viscous_loss (in->diameter_mm + in->prox_index,
                                         in->dist_index - in->prox_index + 1, in->step_mm, 1.0);
      double sq = angio_ffr_separation_loss (in->mld_mm, in->ref_mm, 1.0);
      double b = drive / out->flow_unobstructed_ml_s + f;

      out->flow_ml_s = sq > 0 ? (-b + sqrt (b * b + 4 * sq * drive)) / (2 * sq) : drive / b;
    }
  out->dp_viscous_mmhg = angio_ffr_viscous_loss (in->diameter_mm + in->prox_index,
                                                 in->dist_index - in->prox_index + 1,
                                                 in->step_mm, out->flow_ml_s);
  out->dp_separation_mmhg = angio_ffr_separation_loss (in->mld_mm, in->ref_mm, out->flow_ml_s);
  out->dp_mmhg = out->dp_viscous_mmhg + out->dp_separation_mmhg;
  out->pd_mmhg = MAX (out->pa_mmhg - out->dp_mmhg, 0);
  out->ffr = CLAMP (out->pd_mmhg / out->pa_mmhg, 0, 1);
  return TRUE;
}

double
angio_ffr_front_speed (const double *distance_mm,
                       const double *arrival_ms,
                       guint         n)
{
  double st = 0, ss = 0, stt = 0, sts = 0, sss = 0, smin = INFINITY, smax = -INFINITY, slope;
  double r;
  guint k = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!isfinite (arrival_ms[i]) || !isfinite (distance_mm[i]))
        continue;
      st += arrival_ms[i];
      ss += distance_mm[i];
      stt += arrival_ms[i] * arrival_ms[i];
      sts += arrival_ms[i] * distance_mm[i];
      sss += distance_mm[i] * distance_mm[i];
      smin = MIN (smin, distance_mm[i]);
      smax = MAX (smax, distance_mm[i]);
      k++;
    }
  if (k < 3 || smax - smin < MIN_FRONT_SPAN_MM)
    return NAN;
  /* The front moves along the vessel: distance as a function of time. */
  if (!(k * stt - st * st > 0))
    return NAN;
  slope = (k * sts - st * ss) / (k * stt - st * st);
  /* A front that does not move steadily along the vessel gives no speed worth using. */
  r = (k * sts - st * ss) / sqrt ((k * stt - st * st) * (k * sss - ss * ss));
  g_debug ("contrast front: %.1f mm/s, r = %.3f over %u points", slope * 1000, r, k);
  return slope > 0 && r >= ANGIO_FFR_FRONT_MIN_CORRELATION ? slope * 1000 : NAN;
}

const char *
angio_ffr_flow_source_name (AngioFfrFlowSource source)
{
  return source == ANGIO_FFR_FLOW_FRAME_COUNT ? "frame-count" : "fixed-velocity";
}
