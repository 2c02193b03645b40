/* angio-min-path.h — minimal paths over a cost image (Dijkstra, 8-connected). */
#pragma once

#include "angio-geometry.h"
#include "angio-image.h"
#include "angio-progress.h"

G_BEGIN_DECLS

/**
 * angio_min_path:
 * The 8-connected path of least total cost from pixel @from to pixel @to (both rounded to the
 * nearest pixel and clamped into @cost), a step costing its length (1 or √2) times the mean of
 * the two pixels' costs. Costs must be positive; a cost of +∞ makes a pixel impassable.
 * Returns: (transfer full) (nullable): a GArray of AngioPoint from @from to @to, pixel centres;
 * %NULL when @to cannot be reached or @progress cancelled the search.
 */
GArray *angio_min_path (const AngioImageF   *cost,
                        AngioPoint           from,
                        AngioPoint           to,
                        const AngioProgress *progress);

/**
 * angio_geodesic_tree:
 * Minimal paths from @source to every pixel (the same steps and costs as angio_min_path()):
 * @dist receives the cost of each pixel's path (+∞ where unreachable) and @prev its predecessor
 * (index y × width + x; the source is its own predecessor, G_MAXUINT32 where unreachable). Both
 * hold width × height values. Returns: FALSE when @progress cancelled.
 */
gboolean angio_geodesic_tree (const AngioImageF   *cost,
                              AngioPoint           source,
                              float               *dist,
                              guint32             *prev,
                              const AngioProgress *progress);

/**
 * angio_geodesic_path:
 * The path from the source of @prev (see angio_geodesic_tree()) to pixel index @to.
 * Returns: (transfer full): AngioPoint pixel centres from the source to @to; empty if @to was
 * not reached.
 */
GArray  *angio_geodesic_path (const guint32       *prev,
                              guint                width,
                              guint32              to);

G_END_DECLS
