/* angio-stats.h — order statistics of small samples. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* qsort() comparator of doubles, ascending. */
int     angio_compare_doubles   (const void *a,
                                 const void *b);

/* The median of @n values (sorts @values in place); NAN when @n is 0. */
double angio_median_inplace (double *values,
                             guint   n);

/* The median of @n values, leaving them as they are. */
double angio_median         (const double *values,
                             guint         n);

/* The @fraction (0–1) quantile, linear between order statistics; sorts in place. NAN if empty. */
double angio_quantile_inplace (double *values,
                               guint   n,
                               double  fraction);

G_END_DECLS
