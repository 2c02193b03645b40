/* angio-geometry.h — points, polylines and polygons in image pixel coordinates.
 *
 * Coordinates are pixels with (0, 0) at the centre of the top-left pixel, x to the right, y down.
 * The normal of a polyline points to its left as seen travelling from its first point to its
 * last on the screen (y down): for a direction (ux, uy) it is (uy, −ux).
 */
#pragma once

#include <math.h>

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  double x;
  double y;
} AngioPoint;

static inline double
angio_point_distance (AngioPoint a,
                      AngioPoint b)
{
  double dx = b.x - a.x, dy = b.y - a.y;

  return sqrt (dx * dx + dy * dy);
}

/* Total length of the polyline through @n points. */
double  angio_polyline_length   (const AngioPoint *points,
                                 guint             n);

/**
 * angio_polyline_resample:
 * Points every @step along the polyline through @n points (@step > 0), starting at the first
 * point; the last point is added when the remainder is longer than half a step.
 * Returns: (transfer full): a GArray of AngioPoint (at least the first point, if @n > 0).
 */
GArray *angio_polyline_resample (const AngioPoint *points,
                                 guint             n,
                                 double            step);

/**
 * angio_polyline_smooth:
 * Smooths the @n points in place with a Gaussian of @sigma (in points) along the line; the ends
 * are reflected through the end points, so the end points themselves stay put.
 */
void    angio_polyline_smooth   (AngioPoint       *points,
                                 guint             n,
                                 double            sigma);

/**
 * angio_polyline_normals:
 * Unit normals (to the left, see above) of the @n points, from central differences; @normals
 * holds @n points. A polyline of fewer than two distinct points gets (0, −1).
 */
void    angio_polyline_normals  (const AngioPoint *points,
                                 guint             n,
                                 AngioPoint       *normals);

/* Area of the simple polygon through @n points (absolute value, px²). */
double  angio_polygon_area      (const AngioPoint *points,
                                 guint             n);


G_END_DECLS
