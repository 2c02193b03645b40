/* angio-raster.h — polygons to pixel masks, with one convention for every mask, preview and
 * COCO annotation the application writes.
 *
 * Pixel (x, y) is the unit square centred on (x, y) (image coordinates have (0, 0) at the centre
 * of the top-left pixel, see angio-geometry.h). A pixel belongs to a polygon when its centre lies
 * inside it by the even-odd rule; a centre exactly on an edge counts when the edge is on the
 * polygon's left or top side, not on its right or bottom side. So two polygons that share an edge
 * never share a pixel, and polygons that tile a region cover each of its pixels exactly once.
 */
#pragma once

#include "angio-geometry.h"

G_BEGIN_DECLS

/**
 * angio_raster_polygon:
 * Sets to @value the pixels of @mask (@width × @height bytes, row after row) inside the
 * polygon @points (@n vertices, closed implicitly; any orientation, may self-intersect).
 * Returns: how many pixels were set (0 when @n < 3 or the polygon lies outside the mask).
 */
guint   angio_raster_polygon      (guint8           *mask,
                                   guint             width,
                                   guint             height,
                                   const AngioPoint *points,
                                   guint             n,
                                   guint8            value);

/* Whether the point (@x, @y) is inside the polygon, by the same rule (the reference the
 * rasteriser is tested against). */
gboolean angio_raster_contains    (const AngioPoint *points,
                                   guint             n,
                                   double            x,
                                   double            y);

G_END_DECLS
