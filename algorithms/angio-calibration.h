/* angio-calibration.h — the image scale in the plane of the vessels (mm per pixel).
 *
 * From the acquisition geometry: a structure at the isocenter is magnified by SID/SOD (source
 * to detector over source to object), so a detector pixel of ImagerPixelSpacing covers
 * spacing × SOD/SID there. From a catheter of known size: its outer diameter is its French size
 * over 3 (1 F = 1/3 mm); measured in pixels along a stretch the user points at, it gives the
 * scale where the catheter is (close to the vessels it feeds).
 */
#pragma once

#include "angio-geometry.h"
#include "angio-image.h"

G_BEGIN_DECLS

/* mm per pixel at the isocenter, NAN unless 0 < SOD < SID, SID ≤ 3 SOD and the spacing > 0. */
double   angio_calibration_isocenter     (double imager_spacing_mm,
                                          double sid_mm,
                                          double sod_mm);

/* mm per pixel from an Estimated Radiographic Magnification Factor (1–3), else NAN. */
double   angio_calibration_magnification (double imager_spacing_mm,
                                          double factor);

typedef struct {
  double mm_per_px;
  double diameter_px;      /* mean outer diameter of the catheter along the stretch */
  double diameter_sd_px;   /* its spread over the scanlines: how trustworthy the scale is */
  guint n_scanlines;
} AngioCatheterCalibration;

/**
 * angio_calibration_catheter:
 * Measures the catheter between @from and @to (both on it, a few mm apart at least) on the log
 * image @image and derives the scale from its size in French (3–10 F). A @nominal_mm_per_px
 * (the file's, NAN if none) limits the widths looked for to within a factor 1.6 of what it
 * predicts.
 * Returns: FALSE when no tube of a plausible width was found between the points.
 */
gboolean angio_calibration_catheter      (const AngioImageF         *image,
                                          AngioPoint                 from,
                                          AngioPoint                 to,
                                          double                     french,
                                          double                     nominal_mm_per_px,
                                          AngioCatheterCalibration  *result);

G_END_DECLS
