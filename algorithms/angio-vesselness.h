/* angio-vesselness.h — multi-scale Hessian vesselness (Frangi et al. 1998) for dark vessels.
 *
 * The image is a log-intensity image (higher is brighter; X-ray angiograms are stored after the
 * imaging chain's logarithm), so the contrast of a vessel is proportional to the iodine path
 * through it and a tube gives the same response over a dark bone as over soft tissue.
 */
#pragma once

#include "angio-image.h"
#include "angio-progress.h"

G_BEGIN_DECLS

typedef struct {
  double sigma_min_px;      /* smallest scale (Gaussian sigma), pixels */
  double sigma_max_px;      /* largest scale, pixels */
  guint n_scales;           /* geometrically spaced, at least 1 */
  double beta;              /* tolerance to blobs (Frangi's beta), 0.5 */
  double c;                 /* structureness scale; 0: half of the largest Hessian norm */
  double edge_suppression;  /* 0: off; else the gradient-to-curvature ratio tolerated */
  gboolean bright;          /* TRUE for bright vessels on a dark background */
} AngioVesselnessParams;

/* With the sigma² normalisation the response to a tube (a chord profile) of diameter d peaks
 * at sigma ≈ 0.42 d. */
#define ANGIO_VESSELNESS_SIGMA_PER_DIAMETER 0.42

typedef struct {
  AngioImageF *response;    /* 0 … 1 */
  AngioImageF *sigma_px;    /* scale of the strongest response (0 where none) */
  AngioImageF *angle;       /* direction along the vessel, radians in (−π/2, π/2] */
} AngioVesselness;

/**
 * angio_vesselness_params_init:
 * Defaults for vessels from @diameter_min_px to @diameter_max_px across (4 scales, beta 0.5,
 * automatic c, edge suppression on, dark vessels).
 */
void             angio_vesselness_params_init (AngioVesselnessParams       *params,
                                               double                       diameter_min_px,
                                               double                       diameter_max_px);

/**
 * angio_vesselness_compute:
 * The vesselness of @image at every pixel: the largest response over the scales, with the
 * scale and the vessel direction where it was found. Scales run on all cores.
 * Returns: (transfer full) (nullable): the result, or %NULL when @progress cancelled it.
 */
AngioVesselness *angio_vesselness_compute     (const AngioImageF           *image,
                                               const AngioVesselnessParams *params,
                                               const AngioProgress         *progress);
void             angio_vesselness_free        (AngioVesselness             *vesselness);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AngioVesselness, angio_vesselness_free)

G_END_DECLS
