/* angio-cylinder-fit.h — fits the image of a blurred cylinder to a profile across a vessel.
 *
 * Model, in log-image units along a scanline coordinate t (pixels):
 *   y(t) = b0 + b1 t − k P(t − c; ρ, b)
 * where P is the chord of a disc of radius ρ, 2 √(ρ² − u²), averaged over a box of width b (the
 * imaging blur, pixel and resampling included, as one box of the same variance). Everything has
 * a closed form, derivatives included, so a Levenberg–Marquardt fit of one profile takes a few
 * microseconds.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  double b0, b1;    /* background line */
  double k;         /* darkening per pixel of path through the lumen */
  double c;         /* centre of the lumen on the scanline, px */
  double rho;       /* lumen radius, px */
  double blur;      /* box width, px */
  double rms;       /* residual after the fit */
} AngioCylinder;

typedef struct {
  gboolean fit_blur;  /* else @blur of the start value stays */
  double k_prior;     /* expected k, with a Gaussian prior of sd k_prior_sd (≤ 0: none) */
  double k_prior_sd;
  double noise;       /* expected residual sd, weighs the prior against the data */
  guint max_iterations;
  guint robust_rounds;  /* reweighted refits that discount outlying samples (Tukey) */
  double noise_floor;   /* the robust scale never goes below this */
} AngioCylinderFitParams;

/* P(u; ρ, b) of the model above. */
double   angio_cylinder_profile (double                        u,
                                 double                        rho,
                                 double                        blur);

/**
 * angio_cylinder_fit:
 * Fits the model to @n samples (@t, @y), starting from @model and writing the result into it.
 * Returns: TRUE when the fit converged to a lumen (ρ > 0, k > 0) inside the sampled range.
 */
gboolean angio_cylinder_fit     (const double                 *t,
                                 const double                 *y,
                                 guint                         n,
                                 const AngioCylinderFitParams *params,
                                 AngioCylinder                *model);

G_END_DECLS
