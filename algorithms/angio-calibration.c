/* angio-calibration.c — isocenter magnification and catheter calibration. */
#include "config.h"

#include <math.h>

#include "angio-calibration.h"
#include "angio-edges.h"
#include "angio-stats.h"
#include "angio-trace.h"

/* Catheters from 3 to 10 F are 1 to 3.3 mm; at angiographic scales that is 2 to 40 pixels. */
#define CATHETER_MIN_PX 2.0
#define CATHETER_MAX_PX 40.0
/* The true scale where the catheter is lies within this factor of a nominal one (isocenter
 * magnification: the catheter may sit well off the isocenter). */
#define NOMINAL_RANGE 1.6

double
angio_calibration_isocenter (double imager_spacing_mm,
                             double sid_mm,
                             double sod_mm)
{
  if (!(imager_spacing_mm > 0) || !(sod_mm > 0) || !(sid_mm > sod_mm) || sid_mm > 3 * sod_mm)
    return NAN;
  return imager_spacing_mm * sod_mm / sid_mm;
}

double
angio_calibration_magnification (double imager_spacing_mm,
                                 double factor)
{
  if (!(imager_spacing_mm > 0) || !(factor >= 1.0 && factor <= 3.0))
    return NAN;
  return imager_spacing_mm / factor;
}

gboolean
angio_calibration_catheter (const AngioImageF        *image,
                            AngioPoint                from,
                            AngioPoint                to,
                            double                    french,
                            double                    nominal_mm_per_px,
                            AngioCatheterCalibration *result)
{
  double min_px = CATHETER_MIN_PX, max_px = CATHETER_MAX_PX;
  g_autoptr(GArray) path = NULL;
  g_autoptr(AngioVesselContour) contour = NULL;
  g_autofree double *diameters = NULL;
  AngioTraceParams tp;
  AngioEdgeParams ep;
  double sum = 0, sum2 = 0, mean;
  guint n = 0, first, last;

  g_return_val_if_fail (image != NULL && result != NULL, FALSE);

  if (!(french >= 3 && french <= 10))
    return FALSE;
  /* A nominal scale bounds the search: wide structures beside a thin catheter (the spine, a
   * vessel full of contrast) would otherwise draw the borders. */
  if (isfinite (nominal_mm_per_px) && nominal_mm_per_px > 0)
    {
      double expected = french / 3.0 / nominal_mm_per_px;

      min_px = CLAMP (expected / NOMINAL_RANGE, CATHETER_MIN_PX, CATHETER_MAX_PX);
      max_px = CLAMP (expected * NOMINAL_RANGE, min_px, CATHETER_MAX_PX);
    }
  angio_trace_params_init (&tp, min_px, max_px);
  path = angio_trace_vessel (image, from, to, &tp, NULL, NULL);
  if (path == NULL)
    return FALSE;
  angio_edge_params_init (&ep, max_px);
  contour = angio_edges_detect (image, (AngioPoint *) path->data, path->len, &ep, NULL);
  if (contour == NULL)
    return FALSE;

  /* The middle 80 %: the ends of a clicked stretch are the least certain. */
  first = contour->n / 10;
  last = contour->n - 1 - contour->n / 10;
  diameters = g_new (double, contour->n);
  for (guint i = first; i <= last; i++)
    if (contour->fitted[i])
      diameters[n++] = contour->diameter_px[i];
  if (n < 4)
    return FALSE;
  /* Trim a branch or an overlap crossing the stretch: keep what is near the median. */
  mean = angio_median (diameters, n);
  for (guint i = 0; i < n; i++)
    if (fabs (diameters[i] - mean) < 0.25 * mean)
      {
        sum += diameters[i];
        sum2 += diameters[i] * diameters[i];
      }
    else
      diameters[i] = NAN;
  {
    guint kept = 0;

    for (guint i = 0; i < n; i++)
      kept += !isnan (diameters[i]);
    if (kept < 4)
      return FALSE;
    mean = sum / kept;
    result->diameter_px = mean;
    result->diameter_sd_px = sqrt (MAX (0, sum2 / kept - mean * mean));
    result->n_scanlines = kept;
  }
  if (result->diameter_px < 0.8 * min_px || result->diameter_px > 1.25 * max_px)
    return FALSE;
  result->mm_per_px = french / 3.0 / result->diameter_px;
  return TRUE;
}
