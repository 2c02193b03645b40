/* angio-case-text.h — the words a case's numbers are said in, the same in the annotation panel
 * and the report: QCA values with their units, the calibration and its source, an FFR against
 * the 0.80 threshold, what the estimate was computed from. All translated, all newly
 * allocated. */
#pragma once

#include "angio-case.h"

G_BEGIN_DECLS

/* The QCA measures, in the order the panel and the report list them. */
typedef enum {
  ANGIO_QCA_TEXT_MLD,
  ANGIO_QCA_TEXT_REF,
  ANGIO_QCA_TEXT_DS,
  ANGIO_QCA_TEXT_AS,
  ANGIO_QCA_TEXT_LENGTH,
  ANGIO_QCA_TEXT_SYMMETRY,
  ANGIO_QCA_TEXT_PLAQUE,
  ANGIO_QCA_TEXT_N
} AngioQcaText;

/* The short id of measure @which ("mld", "ref", "ds", "as", "length", "symmetry", "plaque"),
 * its full name ("Minimum lumen diameter") and its short one ("MLD"). */
const char *angio_qca_text_id         (AngioQcaText    which);
const char *angio_qca_text_name       (AngioQcaText    which);
const char *angio_qca_text_short_name (AngioQcaText    which);
/* Measure @which of @qca in mm when @mm_per_px is finite, else in pixels; %NULL without
 * @qca. */
char       *angio_qca_text_value      (AngioQcaText    which,
                                       const AngioQca *qca,
                                       double          mm_per_px);

/* The name of a reference diameter method, as the panel offers it ("Interpolated"…). */
const char *angio_text_reference_method (AngioReferenceMethod method);
/* "0.2930 mm/px · isocenter: …", "… · catheter 6 F", or that there is no scale. */
char       *angio_text_calibration    (AngioCaseSeries *run);
/* "0.74 · ≤ 0.80: significant", or %NULL when @ffr is not a number. */
char       *angio_text_ffr_verdict    (double           ffr);
/* What @estimate of @lesion was computed from: flow, its source, Pa, the pressure losses. */
char       *angio_text_estimate_inputs (const AngioFfrEstimate *estimate,
                                        AngioLesion            *lesion);

G_END_DECLS
