/* angio-ffr.h — fractional flow reserve estimated from the angiogram.
 *
 * The pressure lost across a lesion at a given flow Q is the sum of
 *  - a viscous loss, Poiseuille's law integrated along the diameter function d(s) of the
 *    lesion: ΔPv = ∫ 128 μ Q / (π d(s)⁴) ds, and
 *  - a separation (expansion) loss where the jet leaving the narrowest lumen widens again
 *    (Gould; Young and Tsai): ΔPs = ½ ρ k (A0/As − 1)² U0², A0 the reference area, As the area
 *    at the MLD, U0 = Q/A0 the mean velocity in the healthy vessel.
 * FFR = Pd/Pa = (Pa − ΔP)/Pa.
 *
 * The flow: with a contrast frame count, the speed of the contrast front along the vessel is
 * the flow's mean velocity as it is, through the lesion: Q = v × A0. Without one, a fixed
 * hyperaemic velocity gives the flow the vessel would carry without the lesion, Q0; the lesion
 * then lowers it, the microvascular resistance R = (Pa − Pv)/Q0 staying as it is under
 * hyperaemia: Pa − Pv = R Q + ΔP(Q), a quadratic in Q (Gould's pressure-flow relation).
 *
 * Units: mm, mm/s and mmHg at the interface; SI inside.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ANGIO_FFR_MODEL "angio-ffr"
#define ANGIO_FFR_MODEL_VERSION "1"

/* Blood: dynamic viscosity (Pa·s) and density (kg/m³) at 37 °C, haematocrit about 45 %. */
#define ANGIO_FFR_BLOOD_VISCOSITY_PA_S 0.0035
#define ANGIO_FFR_BLOOD_DENSITY_KG_M3 1060.0
/* Expansion loss coefficient k (Young and Tsai, J Biomech 1973). */
#define ANGIO_FFR_EXPANSION_COEFFICIENT 1.52
/* Mean velocity under hyperaemia when the run gives none (fixed-flow QFR uses 0.35 m/s). */
#define ANGIO_FFR_HYPERAEMIC_VELOCITY_MM_S 350.0
/* Venous (outflow) pressure of the microvascular bed under hyperaemia. */
#define ANGIO_FFR_VENOUS_MMHG 5.0
/* Aortic pressure assumed when none was measured. */
#define ANGIO_FFR_DEFAULT_PA_MMHG 100.0
/* The clinical threshold: FFR ≤ 0.80 is haemodynamically significant. */
#define ANGIO_FFR_THRESHOLD 0.80
#define ANGIO_PA_PER_MMHG 133.322387415
/* How straight the arrival times must line up along the vessel to give a front speed. */
#define ANGIO_FFR_FRONT_MIN_CORRELATION 0.9

typedef enum {
  ANGIO_FFR_FLOW_FRAME_COUNT,      /* contrast front speed measured along the vessel */
  ANGIO_FFR_FLOW_FIXED_VELOCITY,   /* ANGIO_FFR_HYPERAEMIC_VELOCITY_MM_S */
} AngioFfrFlowSource;

typedef struct {
  const double *diameter_mm;   /* the diameter function of the analysed segment */
  guint n;
  double step_mm;              /* spacing of its samples along the centerline */
  guint prox_index;            /* the lesion borders: the viscous loss is taken between them */
  guint dist_index;
  double mld_mm;
  double ref_mm;               /* reference diameter at the MLD */
  double velocity_mm_s;        /* mean velocity from the frame count; NAN: the fixed one */
  double pa_mmhg;              /* measured aortic pressure; NAN: ANGIO_FFR_DEFAULT_PA_MMHG */
} AngioFfrInput;

typedef struct {
  double ffr;
  double pa_mmhg;              /* used: measured or the default */
  double pd_mmhg;
  double dp_mmhg;              /* total loss */
  double dp_viscous_mmhg;
  double dp_separation_mmhg;
  double velocity_mm_s;        /* used: measured, or the fixed one without the lesion */
  double flow_ml_s;            /* through the lesion */
  double flow_unobstructed_ml_s; /* fixed velocity: Q0, before the lesion lowers it */
  AngioFfrFlowSource flow_source;
  gboolean pa_measured;
} AngioFfrEstimate;

/**
 * angio_ffr_estimate:
 * Estimates the FFR of the lesion described by @input. The FFR is clamped to [0, 1].
 * Returns: FALSE when the input cannot give one (no diameters, MLD or reference not positive,
 * borders outside the function, non-positive Pa or velocity).
 */
gboolean angio_ffr_estimate          (const AngioFfrInput *input,
                                      AngioFfrEstimate    *estimate);

/* The two losses alone (mmHg) at @flow_ml_s, for the tests and for plots of ΔP against Q. */
double   angio_ffr_viscous_loss      (const double        *diameter_mm,
                                      guint                n,
                                      double               step_mm,
                                      double               flow_ml_s);
double   angio_ffr_separation_loss   (double               mld_mm,
                                      double               ref_mm,
                                      double               flow_ml_s);

/**
 * angio_ffr_front_speed:
 * Speed (mm/s) of the contrast front from where it arrived along a vessel: @distance_mm of
 * @n points along the centerline and @arrival_ms at each (NAN where unknown). A least-squares
 * line of distance against time; NAN when fewer than 3 points are known, they span less than
 * 5 mm, the front does not move forwards or not steadily (correlation below
 * ANGIO_FFR_FRONT_MIN_CORRELATION).
 */
double   angio_ffr_front_speed       (const double        *distance_mm,
                                      const double        *arrival_ms,
                                      guint                n);

const char *angio_ffr_flow_source_name (AngioFfrFlowSource source);

G_END_DECLS
