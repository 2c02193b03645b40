/* angio-edges.h — lumen borders along a vessel centerline.
 *
 * The method of the CMS/CAAS systems: the image is resampled along normals to the centerline
 * (a straightened vessel), each border is the minimum-cost path through an edge cost made of the
 * first and second derivatives across the vessel (dynamic programming, at most one sample of
 * sideways movement per scanline), the centerline is moved to the middle of the borders and the
 * whole repeated. Sub-pixel borders then come from fitting the image of a blurred cylinder to
 * each profile: a vessel of radius ρ centred at c darkens the log image by k times its chord,
 * 2 √(ρ² − (t − c)²), seen through the imaging blur; the background is a straight line. Where the
 * lumen is too narrow for its width to show (a tight stenosis), the contrast k measured in the
 * healthy part of the same vessel keeps the fit honest (densitometry).
 */
#pragma once

#include "angio-geometry.h"
#include "angio-image.h"
#include "angio-progress.h"

G_BEGIN_DECLS

typedef struct {
  double half_width_px;    /* scanlines reach this far on either side of the centerline */
  double step_px;          /* spacing of scanlines along the centerline and of samples on them */
  guint recentre_passes;   /* border detections before the last one that move the centerline */
  double second_weight_px; /* weight of the second derivative in the edge cost */
  double blur_px;          /* width of the imaging blur (box of equal variance); ≤ 0: measure */
  gboolean model_fit;      /* sub-pixel borders by the cylinder fit (else the DP borders) */
} AngioEdgeParams;

/* Borders along the (final) centerline; one entry per scanline, @step_px apart. Distances across
 * are along the normal, positive to the left (see angio-geometry.h). */
typedef struct {
  guint n;
  double step_px;
  AngioPoint *centerline;
  AngioPoint *normal;
  AngioPoint *left;        /* border points */
  AngioPoint *right;
  double *left_px;         /* distance of the left border from the centerline (≥ right_px) */
  double *right_px;
  double *diameter_px;     /* left_px − right_px */
  double *contrast;        /* k: darkening per pixel of iodine path, log-image units */
  guint8 *fitted;          /* 1 where the cylinder fit converged, 0 where the DP border stands */
  double blur_px;          /* the blur used (measured or given) */
  double noise;            /* RMS residual of the fits, log-image units */
} AngioVesselContour;

/**
 * angio_edge_params_init:
 * Defaults for a vessel up to @max_diameter_px across: scanlines 1.5 diameters to each side,
 * half-pixel steps, two re-centring passes, measured blur, model fit on.
 */
void                angio_edge_params_init       (AngioEdgeParams       *params,
                                                  double                 max_diameter_px);

/**
 * angio_edges_detect:
 * Finds both lumen borders along the polyline @path (@n points, e.g. a minimal path; at least two
 * distinct points) on the log image @image.
 * Returns: (transfer full) (nullable): the contour, or %NULL if @path is shorter than two steps
 * or @progress cancelled.
 */
AngioVesselContour *angio_edges_detect           (const AngioImageF     *image,
                                                  const AngioPoint      *path,
                                                  guint                  n,
                                                  const AngioEdgeParams *params,
                                                  const AngioProgress   *progress);
/* A contour of @n scanlines @step_px apart, its arrays allocated (not filled), contrast unknown,
 * nothing fitted. */
AngioVesselContour *angio_vessel_contour_new     (guint                  n,
                                                  double                 step_px);
void                angio_vessel_contour_free    (AngioVesselContour    *contour);

/**
 * angio_vessel_contour_from_borders:
 * Rebuilds a contour from its @n border points and centerline (as saved in a file): the
 * normals point from the right border to the left one, the distances are measured along them.
 * Contrast and fit flags are unknown (NAN, 0). Returns: (transfer full) (nullable): %NULL if
 * @n < 2.
 */
AngioVesselContour *angio_vessel_contour_from_borders (const AngioPoint *centerline,
                                                       const AngioPoint *left,
                                                       const AngioPoint *right,
                                                       guint             n,
                                                       double            step_px);

/* A border point the annotator placed: the border passes through it. */
typedef struct {
  guint scanline;          /* index along the contour */
  gboolean left;           /* the left border (positive side of the normal), else the right */
  double offset_px;        /* distance from the centerline along the scanline's normal */
} AngioEdgeConstraint;

/* The borders of a contour found again through the annotator's points. */
typedef struct {
  const AngioVesselContour *contour;      /* what is shown: centerline, normals, borders, blur */
  const AngioEdgeConstraint *previous;    /* the points it was found through, if any */
  guint n_previous;
  const AngioEdgeConstraint *constraints; /* the points it must now pass through */
  guint n_constraints;
} AngioEdgeEdit;

/**
 * angio_edges_redetect:
 * The borders of @edit's contour found again on @image along the same centerline and normals
 * (scanlines keep their indices, so markers stay valid). A border with constraints is the
 * least-cost path through its points: where it leaves the free path to reach them it keeps
 * that path (the image would pull it back) and at each point it is exactly there. Scanlines
 * that only the previous points moved are measured afresh (cylinder fit, @contour's blur);
 * every other scanline keeps its border. @params gives the reach across the vessel.
 * Returns: (transfer full) (nullable): the new contour, %NULL when a constraint lies outside the
 * contour or on the wrong side of its centerline.
 */
AngioVesselContour *angio_edges_redetect         (const AngioImageF     *image,
                                                  const AngioEdgeEdit   *edit,
                                                  const AngioEdgeParams *params);

/* Returns: (transfer full): a copy of @contour. */
AngioVesselContour *angio_vessel_contour_copy      (const AngioVesselContour *contour);
/* Moves @contour (centerline and borders) by (@dx, @dy). */
void                angio_vessel_contour_translate (AngioVesselContour       *contour,
                                                    double                    dx,
                                                    double                    dy);

/**
 * angio_edges_min_cost_path:
 * Dynamic programming over a @rows × @cols cost array (row-major): the path with one column per
 * row, moving at most one column between rows, that stays within columns @col_min … @col_max and
 * has the least total cost. @out receives @rows column indices.
 */
void                angio_edges_min_cost_path    (const float           *cost,
                                                  guint                  rows,
                                                  guint                  cols,
                                                  guint                  col_min,
                                                  guint                  col_max,
                                                  guint                 *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AngioVesselContour, angio_vessel_contour_free)

G_END_DECLS
