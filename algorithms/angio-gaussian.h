/* angio-gaussian.h — separable Gaussian filtering of float images. */
#pragma once

#include "angio-image.h"

G_BEGIN_DECLS

/**
 * angio_gaussian_kernel:
 * @sigma_px: standard deviation in pixels (> 0)
 * @radius: (out): half-width of the kernel, ceil (3 sigma), at least 1
 * Returns: (transfer full): 2 × radius + 1 normalised weights (sum 1), centre at [radius].
 */
float *angio_gaussian_kernel (double  sigma_px,
                              guint  *radius);

/**
 * angio_gaussian_blur:
 * Blurs @src into @dst (same size; may be the same image) with a Gaussian of @sigma_px pixels,
 * edges extended by replication. A @sigma_px of 0 or less copies.
 */
void   angio_gaussian_blur   (const AngioImageF *src,
                              AngioImageF       *dst,
                              double             sigma_px);

/**
 * angio_gaussian_smooth_1d:
 * Smooths @n values with a Gaussian of @sigma samples, ends replicated; @out may be @in.
 * A @sigma of 0 or less copies.
 */
void   angio_gaussian_smooth_1d (const double *in,
                                 double       *out,
                                 guint         n,
                                 double        sigma);

G_END_DECLS
