/* angio-stats.c — medians and quantiles by sorting (the samples are small). */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "angio-stats.h"

/* Below this many values an insertion sort beats qsort's call per comparison (the robust
 * weights of every cylinder fit take a median of ~60 residuals). */
#define INSERTION_SORT_MAX 64

int
angio_compare_doubles (const void *a,
                       const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
angio_quantile_inplace (double *values,
                        guint   n,
                        double  fraction)
{
  double position;
  guint below;

  if (n == 0)
    return NAN;
  if (n <= INSERTION_SORT_MAX)
    for (guint i = 1; i < n; i++)
      {
        double v = values[i];
        guint j = i;

        for (; j > 0 && values[j - 1] > v; j--)
          values[j] = values[j - 1];
        values[j] = v;
      }
  else
    qsort (values, n, sizeof (double), angio_compare_doubles);
  position = CLAMP (fraction, 0, 1) * (n - 1);
  below = (guint) floor (position);
  if (below + 1 >= n)
    return values[n - 1];
  return values[below] + (position - below) * (values[below + 1] - values[below]);
}

double
angio_median_inplace (double *values,
                      guint   n)
{
  return angio_quantile_inplace (values, n, 0.5);
}

double
angio_median (const double *values,
              guint         n)
{
  g_autofree double *copy = NULL;

  if (n == 0)
    return NAN;
  copy = g_memdup2 (values, sizeof (double) * n);
  return angio_median_inplace (copy, n);
}
