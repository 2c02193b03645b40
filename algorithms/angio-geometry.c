/* angio-geometry.c — polylines (length, resampling, smoothing, normals) and polygons. */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "angio-gaussian.h"
#include "angio-geometry.h"

double
angio_polyline_length (const AngioPoint *points,
                       guint             n)
{
  double length = 0;

  for (guint i = 1; i < n; i++)
    length += angio_point_distance (points[i - 1], points[i]);
  return length;
}

GArray *
angio_polyline_resample (const AngioPoint *points,
                         guint             n,
                         double            step)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (AngioPoint));
  double next = step;   /* arc length of the next point to emit */
  double at = 0;        /* arc length at points[i - 1] */

  g_return_val_if_fail (step > 0, out);

  if (n == 0)
    return out;
  g_array_append_val (out, points[0]);
  for (guint i = 1; i < n; i++)
    {
      double segment = angio_point_distance (points[i - 1], points[i]);

      while (segment > 0 && next <= at + segment)
        {
          double f = (next - at) / segment;
          AngioPoint p = { points[i - 1].x + f * (points[i].x - points[i - 1].x),
                           points[i - 1].y + f * (points[i].y - points[i - 1].y) };

          g_array_append_val (out, p);
          next += step;
        }
      at += segment;
    }
  if (at - (next - step) > step / 2)
    g_array_append_val (out, points[n - 1]);
  return out;
}

/* Gaussian smoothing of one coordinate. Beyond the ends the values are reflected through the
 * end point (odd reflection): straight ends stay straight and the end points stay put. */
static void
smooth_axis (double *values,
             guint   n,
             double  sigma)
{
  g_autofree float *kernel = NULL;
  g_autofree double *out = g_new (double, n);
  guint radius;

  kernel = angio_gaussian_kernel (sigma, &radius);
  for (guint i = 0; i < n; i++)
    {
      double acc = 0;

      for (gint64 k = -(gint64) radius; k <= (gint64) radius; k++)
        {
          gint64 j = (gint64) i + k;
          double v;

          if (j < 0)
            v = 2 * values[0] - values[MIN (-j, (gint64) n - 1)];
          else if (j >= (gint64) n)
            v = 2 * values[n - 1] - values[MAX (2 * ((gint64) n - 1) - j, 0)];
          else
            v = values[j];
          acc += kernel[k + radius] * v;
        }
      out[i] = acc;
    }
  for (guint i = 0; i < n; i++)
    values[i] = out[i];
}

void
angio_polyline_smooth (AngioPoint *points,
                       guint       n,
                       double      sigma)
{
  g_autofree double *xs = NULL;
  g_autofree double *ys = NULL;

  if (n < 3 || !(sigma > 0))
    return;
  xs = g_new (double, n);
  ys = g_new (double, n);
  for (guint i = 0; i < n; i++)
    {
      xs[i] = points[i].x;
      ys[i] = points[i].y;
    }
  smooth_axis (xs, n, sigma);
  smooth_axis (ys, n, sigma);
  for (guint i = 0; i < n; i++)
    points[i] = (AngioPoint) { xs[i], ys[i] };
}

void
angio_polyline_normals (const AngioPoint *points,
                        guint             n,
                        AngioPoint       *normals)
{
  AngioPoint last = { 0, -1 };

  for (guint i = 0; i < n; i++)
    {
      AngioPoint a = points[i > 0 ? i - 1 : 0];
      AngioPoint b = points[i + 1 < n ? i + 1 : n - 1];
      double len = angio_point_distance (a, b);

      if (len > 1e-9)
        last = (AngioPoint) { (b.y - a.y) / len, -(b.x - a.x) / len };
      normals[i] = last;
    }
  /* Leading points that coincided take the first real normal. */
  for (guint i = n; i-- > 0;)
    {
      AngioPoint a = points[i > 0 ? i - 1 : 0];
      AngioPoint b = points[i + 1 < n ? i + 1 : n - 1];

      if (angio_point_distance (a, b) > 1e-9)
        last = normals[i];
      else
        normals[i] = last;
    }
}

double
angio_polygon_area (const AngioPoint *points,
                    guint             n)
{
  double twice = 0;

  for (guint i = 0; i < n; i++)
    {
      AngioPoint a = points[i], b = points[(i + 1) % n];
      twice += a.x * b.y - b.x * a.y;
    }
  return fabs (twice) / 2;
}
