/* angio-histogram.c — percentile windows over 16-bit pixels. */
#include "config.h"

#include "angio-histogram.h"

gboolean
angio_histogram_window (const guint16 *pixels,
                        gsize          n,
                        double         low_fraction,
                        double         high_fraction,
                        double        *center,
                        double        *width)
{
  g_autofree guint32 *counts = NULL;
  guint first = 65535, lo = 0, hi = 0;
  gsize total, seen = 0, low_target, high_target;

  g_return_val_if_fail (center != NULL && width != NULL, FALSE);

  if (pixels == NULL || n == 0)
    return FALSE;
  counts = g_new0 (guint32, 65536);
  for (gsize i = 0; i < n; i++)
    {
      counts[pixels[i]]++;
      first = MIN (first, pixels[i]);
    }
  total = n;
  if (counts[first] > n / 20 && counts[first] < n)
    {
      total -= counts[first];
      counts[first] = 0;
    }
  low_target = (gsize) (CLAMP (low_fraction, 0, 1) * total);
  high_target = (gsize) (CLAMP (high_fraction, 0, 1) * total);
  for (guint v = 0; v < 65536; v++)
    {
      if (seen <= low_target && seen + counts[v] > low_target)
        lo = v;
      seen += counts[v];
      if (seen > high_target || seen == total)
        {
          hi = v;
          break;
        }
    }
  *center = (lo + hi) / 2.0;
  *width = MAX (1.0, (double) hi - lo);
  return TRUE;
}
