/* angio-raster.c — scanline polygon filling (see angio-raster.h). */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "angio-raster.h"
#include "angio-stats.h"

/* Where the edge @a–@b crosses the horizontal line at @y, if it does by the half-open rule:
 * an edge counts at its upper end and not at its lower one, horizontal edges never. */
static gboolean
crossing (AngioPoint  a,
          AngioPoint  b,
          double      y,
          double     *x)
{
  if ((a.y <= y) == (b.y <= y))
    return FALSE;
  *x = a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y);
  return TRUE;
}

gboolean
angio_raster_contains (const AngioPoint *points,
                       guint             n,
                       double            x,
                       double            y)
{
  guint left = 0;

  g_return_val_if_fail (points != NULL || n == 0, FALSE);

  /* Inside when an odd number of crossings lie at or left of the point: a centre on a left
   * edge is inside, on a right edge outside (as the filling below). */
  for (guint i = 0, j = n - 1; n >= 3 && i < n; j = i++)
    {
      double cx;

      if (crossing (points[j], points[i], y, &cx) && cx <= x)
        left++;
    }
  return left % 2 == 1;
}

guint
angio_raster_polygon (guint8           *mask,
                      guint             width,
                      guint             height,
                      const AngioPoint *points,
                      guint             n,
                      guint8            value)
{
  g_autofree double *xs = NULL;
  double y_min = G_MAXDOUBLE, y_max = -G_MAXDOUBLE;
  guint count = 0;
  gint64 row0, row1;

  g_return_val_if_fail (mask != NULL || width == 0 || height == 0, 0);
  g_return_val_if_fail (points != NULL || n == 0, 0);

  if (n < 3 || width == 0 || height == 0)
    return 0;
  for (guint i = 0; i < n; i++)
    {
      if (!isfinite (points[i].x) || !isfinite (points[i].y))
        return 0;
      y_min = MIN (y_min, points[i].y);
      y_max = MAX (y_max, points[i].y);
    }
  row0 = MAX ((gint64) ceil (y_min), 0);
  row1 = MIN ((gint64) floor (y_max), (gint64) height - 1);
  xs = g_new (double, n);
  for (gint64 row = row0; row <= row1; row++)
    {
      guint8 *line = mask + (gsize) row * width;
      guint k = 0;

      for (guint i = 0, j = n - 1; i < n; j = i++)
        if (crossing (points[j], points[i], row, &xs[k]))
          k++;
      qsort (xs, k, sizeof (double), angio_compare_doubles);
      /* Between pairs of crossings: centres x with left ≤ x < right. */
      for (guint p = 0; p + 1 < k; p += 2)
        {
          gint64 first = MAX ((gint64) ceil (xs[p]), 0);
          gint64 last = MIN ((gint64) ceil (xs[p + 1]) - 1, (gint64) width - 1);

          for (gint64 x = first; x <= last; x++)
            {
              line[x] = value;
              count++;
            }
        }
    }
  return count;
}
