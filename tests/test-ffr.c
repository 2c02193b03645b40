/* test-ffr.c — the FFR estimate against cases worked by hand: Poiseuille flow in a straight
 * tube, one uniform stenosis (both losses), monotonic in %DS and in flow, the defaults it falls
 * back on, degenerate input; the contrast front speed. */
#include "config.h"

#include <math.h>

#include "angio-ffr.h"

#define N 201   /* samples 0.1 mm apart: 20 mm */

static void
fill (double *d,
      double  value)
{
  for (guint i = 0; i < N; i++)
    d[i] = value;
}

/* d = 3 mm, L = 10 mm, v = 350 mm/s measured: Q = v π d²/4 = 2.474 mL/s;
 * ΔP = 128 μ Q L / (π d⁴) = 128 × 0.0035 × 2.474e-6 × 0.01 / (π × 8.1e-11) = 43.55 Pa
 * = 0.3267 mmHg. No narrowing: no separation loss. */
static void
test_poiseuille (void)
{
  double d[N];
  AngioFfrInput in = { d, N, 0.1, 50, 150, 3.0, 3.0, 350, NAN };
  AngioFfrEstimate e;

  fill (d, 3.0);
  g_assert_true (angio_ffr_estimate (&in, &e));
  g_assert_cmpint (e.flow_source, ==, ANGIO_FFR_FLOW_FRAME_COUNT);
  g_assert_false (e.pa_measured);
  g_assert_cmpfloat_with_epsilon (e.pa_mmhg, 100, 1e-12);
  g_assert_cmpfloat_with_epsilon (e.flow_ml_s, 2.4740, 1e-4);
  g_assert_cmpfloat_with_epsilon (e.dp_viscous_mmhg, 0.32669, 1e-4);
  g_assert_cmpfloat_with_epsilon (e.dp_separation_mmhg, 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (e.ffr, (100 - 0.32669) / 100, 1e-6);
  g_assert_cmpfloat_with_epsilon (e.pd_mmhg, 100 - 0.32669, 1e-4);
}

/* Reference 4 mm, a 6 mm long lesion of 2 mm (50 % DS), v = 300 mm/s, Pa = 90 mmHg:
 * Q = 0.3 × π × (2e-3)² = 3.770 mL/s;
 * ΔPv = 128 × 0.0035 × 3.770e-6 × 0.006 / (π × 1.6e-11) = 201.6 Pa = 1.512 mmHg;
 * ΔPs = ½ × 1060 × 1.52 × (4 − 1)² × 0.3² = 652.5 Pa = 4.894 mmHg;
 * FFR = (90 − 6.406) / 90 = 0.9288. */
static void
test_single_stenosis (void)
{
  double d[N];
  AngioFfrInput in = { d, N, 0.1, 70, 130, 2.0, 4.0, 300, 90 };
  AngioFfrEstimate e;

  fill (d, 4.0);
  for (guint i = 70; i <= 130; i++)
    d[i] = 2.0;
  g_assert_true (angio_ffr_estimate (&in, &e));
  g_assert_cmpint (e.flow_source, ==, ANGIO_FFR_FLOW_FRAME_COUNT);
  g_assert_true (e.pa_measured);
  g_assert_cmpfloat_with_epsilon (e.flow_ml_s, 3.7699, 1e-4);
  g_assert_cmpfloat_with_epsilon (e.dp_viscous_mmhg, 1.5121, 1e-3);
  g_assert_cmpfloat_with_epsilon (e.dp_separation_mmhg, 4.8944, 1e-3);
  g_assert_cmpfloat_with_epsilon (e.ffr, 0.92882, 1e-4);
}

/* The same lesion without a frame count: the fixed 350 mm/s gives Q0 = 0.35 × π × (2e-3)²
 * = 4.398 mL/s without the lesion, so R = (90 − 5) / 4.398 = 19.326 mmHg·s/mL. The losses per
 * unit flow from the case above: f = 1.5121 / 3.7699 = 0.40110 mmHg·s/mL and
 * s = 4.8944 / 3.7699² = 0.34438 mmHg·s²/mL². 85 = (R + f) Q + s Q² gives Q = 4.0259 mL/s,
 * ΔPv = f Q = 1.6148, ΔPs = s Q² = 5.5816 mmHg, FFR = (90 − 7.1964) / 90 = 0.92004. */
static void
test_fixed_velocity_coupled (void)
{
  double d[N];
  AngioFfrInput in = { d, N, 0.1, 70, 130, 2.0, 4.0, NAN, 90 };
  AngioFfrEstimate e;

  fill (d, 4.0);
  for (guint i = 70; i <= 130; i++)
    d[i] = 2.0;
  g_assert_true (angio_ffr_estimate (&in, &e));
  g_assert_cmpint (e.flow_source, ==, ANGIO_FFR_FLOW_FIXED_VELOCITY);
  g_assert_cmpfloat_with_epsilon (e.flow_unobstructed_ml_s, 4.3982, 1e-4);
  g_assert_cmpfloat_with_epsilon (e.flow_ml_s, 4.0259, 1e-3);
  g_assert_cmpfloat_with_epsilon (e.dp_viscous_mmhg, 1.6148, 2e-3);
  g_assert_cmpfloat_with_epsilon (e.dp_separation_mmhg, 5.5816, 2e-3);
  g_assert_cmpfloat_with_epsilon (e.ffr, 0.92004, 1e-4);
}

static double
ffr_of (double mld,
        double velocity)
{
  double d[N];
  AngioFfrInput in = { d, N, 0.1, 60, 140, mld, 4.0, velocity, 100 };
  AngioFfrEstimate e;

  /* A raised-cosine narrowing down to @mld. */
  for (guint i = 0; i < N; i++)
    {
      double u = ((double) i - 100) / 40;

      d[i] = fabs (u) < 1 ? 4.0 - (4.0 - mld) * 0.5 * (1 + cos (G_PI * u)) : 4.0;
    }
  g_assert_true (angio_ffr_estimate (&in, &e));
  return e.ffr;
}

static void
test_monotonic (void)
{
  double last = 1.1;

  /* Tighter lesions lose more. */
  for (double ds = 10; ds <= 70; ds += 5)
    {
      double ffr = ffr_of (4.0 * (1 - ds / 100), 250);

      g_assert_cmpfloat (ffr, <, last);
      last = ffr;
    }
  g_assert_cmpfloat (ffr_of (4.0 * 0.25, 250), <, ANGIO_FFR_THRESHOLD);
  g_assert_cmpfloat (ffr_of (4.0 * 0.8, 250), >, 0.95);
  /* More flow loses more. */
  last = 1.1;
  for (double v = 50; v <= 600; v += 50)
    {
      double ffr = ffr_of (1.6, v);

      g_assert_cmpfloat (ffr, <, last);
      last = ffr;
    }
  /* Without a frame count too, and a severe lesion stays above 0 as the flow drops. */
  last = 1.1;
  for (double ds = 10; ds <= 90; ds += 5)
    {
      double ffr = ffr_of (4.0 * (1 - ds / 100), NAN);

      g_assert_cmpfloat (ffr, <, last);
      last = ffr;
    }
  g_assert_cmpfloat (last, >, 0);
  /* Never below 0. */
  g_assert_cmpfloat (ffr_of (0.2, 2000), >=, 0);
}

static void
test_invalid (void)
{
  double d[N];
  AngioFfrInput in = { d, N, 0.1, 50, 150, 2.0, 4.0, NAN, NAN };
  AngioFfrEstimate e;

  fill (d, 3.0);
  g_assert_true (angio_ffr_estimate (&in, &e));
  in.mld_mm = 0;
  g_assert_false (angio_ffr_estimate (&in, &e));
  in.mld_mm = 2.0;
  in.dist_index = N;
  g_assert_false (angio_ffr_estimate (&in, &e));
  in.dist_index = 150;
  in.pa_mmhg = -5;
  g_assert_false (angio_ffr_estimate (&in, &e));
  in.pa_mmhg = NAN;
  d[100] = 0;
  g_assert_false (angio_ffr_estimate (&in, &e));
  in.diameter_mm = NULL;
  g_assert_false (angio_ffr_estimate (&in, &e));
}

static void
test_front_speed (void)
{
  double s[20], t[20];

  /* 120 mm/s with one unknown point. */
  for (guint i = 0; i < 20; i++)
    {
      s[i] = i * 1.5;
      t[i] = 400 + s[i] / 0.120;
    }
  t[7] = NAN;
  g_assert_cmpfloat_with_epsilon (angio_ffr_front_speed (s, t, 20), 120, 1e-6);
  /* Too short a stretch, too few points, a front going backwards. */
  g_assert_true (isnan (angio_ffr_front_speed (s, t, 3)));
  g_assert_true (isnan (angio_ffr_front_speed (s, t, 2)));
  for (guint i = 0; i < 20; i++)
    t[i] = 900 - s[i] * 3;
  g_assert_true (isnan (angio_ffr_front_speed (s, t, 20)));
  /* Arrival all at once: no speed. */
  for (guint i = 0; i < 20; i++)
    t[i] = 500;
  g_assert_true (isnan (angio_ffr_front_speed (s, t, 20)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/angio/algorithms/ffr/poiseuille", test_poiseuille);
  g_test_add_func ("/angio/algorithms/ffr/single-stenosis", test_single_stenosis);
  g_test_add_func ("/angio/algorithms/ffr/fixed-velocity", test_fixed_velocity_coupled);
  g_test_add_func ("/angio/algorithms/ffr/monotonic", test_monotonic);
  g_test_add_func ("/angio/algorithms/ffr/invalid", test_invalid);
  g_test_add_func ("/angio/algorithms/ffr/front-speed", test_front_speed);
  return g_test_run ();
}
