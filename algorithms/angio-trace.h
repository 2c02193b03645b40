/* angio-trace.h — the centerline of a vessel between two points: vesselness around them, then
 * the minimal path on the cost 1/(ε + V). */
#pragma once

#include "angio-geometry.h"
#include "angio-image.h"
#include "angio-progress.h"
#include "angio-vesselness.h"

G_BEGIN_DECLS

typedef struct {
  double diameter_min_px;   /* vessels worth following, pixels across */
  double diameter_max_px;
  double margin_px;         /* the search region reaches this far around both points; 0: auto */
  double snap_px;           /* the points move to the strongest vesselness this close */
} AngioTraceParams;

void    angio_trace_params_init (AngioTraceParams       *params,
                                 double                  diameter_min_px,
                                 double                  diameter_max_px);

/**
 * angio_trace_vessel:
 * The centerline from @from to @to on the log image @image. The vesselness is computed over the
 * search region only, unless @vesselness (of the whole image, may be %NULL) is given.
 * Returns: (transfer full) (nullable): AngioPoint pixel centres from @from to @to (snapped), or
 * %NULL when a point lies outside the image, no path exists or @progress cancelled.
 */
GArray *angio_trace_vessel      (const AngioImageF      *image,
                                 AngioPoint              from,
                                 AngioPoint              to,
                                 const AngioTraceParams *params,
                                 const AngioVesselness  *vesselness,
                                 const AngioProgress    *progress);

G_END_DECLS
