/* angio-case-series.h — one series of a case with its annotations: key frames, lesions and the
 * opacification curve. Views observe its list models. */
#pragma once

#include <gio/gio.h>

#include "angio-analysis.h"
#include "angio-types.h"

G_BEGIN_DECLS

#define ANGIO_TYPE_CASE_SERIES (angio_case_series_get_type ())
G_DECLARE_FINAL_TYPE (AngioCaseSeries, angio_case_series, ANGIO, CASE_SERIES, GObject)

AngioCaseSeries *angio_case_series_new               (AngioSeries     *series);

AngioSeries     *angio_case_series_get_series        (AngioCaseSeries *self);
/* (element-type AngioKeyFrame): best first */
GListModel      *angio_case_series_get_key_frames    (AngioCaseSeries *self);
/* (element-type AngioLesion) */
GListModel      *angio_case_series_get_lesions       (AngioCaseSeries *self);
/* Per-frame opacification (0–1), or %NULL before the analysis; @n_frames receives the count. */
const double    *angio_case_series_get_opacification (AngioCaseSeries *self,
                                                      guint           *n_frames);
/* The scale lesions are measured with (mm per pixel, NAN if none) and where it comes from. */
double           angio_case_series_get_mm_per_px     (AngioCaseSeries *self);
AngioCalibrationMethod angio_case_series_get_calibration (AngioCaseSeries *self);

/**
 * angio_case_series_apply_analysis:
 * Takes the proposals of @analysis: its key frames and lesions replace the algorithm's earlier
 * proposals that nobody has reviewed (status proposed, not edited); what the annotator made or
 * decided stays. Sets the opacification curve. Each proposal records the algorithm's name,
 * version and parameters.
 */
void             angio_case_series_apply_analysis    (AngioCaseSeries *self,
                                                      AngioAnalysis   *analysis);

G_END_DECLS
