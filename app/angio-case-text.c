/* angio-case-text.c — see angio-case-text.h. */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "angio-calibration.h"
#include "angio-case-text.h"

static const char *const ids[] = { "mld", "ref", "ds", "as", "length", "symmetry", "plaque" };

const char *
angio_qca_text_id (AngioQcaText which)
{
  g_return_val_if_fail (which < ANGIO_QCA_TEXT_N, NULL);
  return ids[which];
}

/* The terms of DICOM PS3.17 Annex T. */
const char *
angio_qca_text_name (AngioQcaText which)
{
  switch (which)
    {
    case ANGIO_QCA_TEXT_MLD: return _("Minimum lumen diameter");
    case ANGIO_QCA_TEXT_REF: return _("Reference diameter");
    case ANGIO_QCA_TEXT_DS: return _("Diameter stenosis");
    case ANGIO_QCA_TEXT_AS: return _("Area stenosis");
    case ANGIO_QCA_TEXT_LENGTH: return _("Lesion length");
    case ANGIO_QCA_TEXT_SYMMETRY: return _("Symmetry");
    case ANGIO_QCA_TEXT_PLAQUE: return _("Plaque area");
    case ANGIO_QCA_TEXT_N: default: g_return_val_if_reached (NULL);
    }
}

const char *
angio_qca_text_short_name (AngioQcaText which)
{
  switch (which)
    {
    case ANGIO_QCA_TEXT_MLD: return _("MLD");
    case ANGIO_QCA_TEXT_REF: return _("Ref.");
    /* xgettext:no-c-format */
    case ANGIO_QCA_TEXT_DS: return _("% DS");
    /* xgettext:no-c-format */
    case ANGIO_QCA_TEXT_AS: return _("% AS");
    case ANGIO_QCA_TEXT_LENGTH: return _("Length");
    case ANGIO_QCA_TEXT_SYMMETRY: return _("Symm.");
    case ANGIO_QCA_TEXT_PLAQUE: return _("Plaque");
    case ANGIO_QCA_TEXT_N: default: g_return_val_if_reached (NULL);
    }
}

char *
angio_qca_text_value (AngioQcaText    which,
                      const AngioQca *q,
                      double          mm)
{
  gboolean calibrated = isfinite (mm);

  g_return_val_if_fail (which < ANGIO_QCA_TEXT_N, NULL);

  if (q == NULL)
    return NULL;
  switch (which)
    {
    case ANGIO_QCA_TEXT_MLD:
      return calibrated ? g_strdup_printf (_("%.2f mm"), q->mld_px * mm)
                        : g_strdup_printf (_("%.1f px (no calibration)"), q->mld_px);
    case ANGIO_QCA_TEXT_REF:
      return calibrated ? g_strdup_printf (_("%.2f mm"), q->ref_px * mm)
                        : g_strdup_printf (_("%.1f px"), q->ref_px);
    case ANGIO_QCA_TEXT_DS:
      return g_strdup_printf (_("%.1f %%"), q->percent_ds);
    case ANGIO_QCA_TEXT_AS:
      return g_strdup_printf (_("%.1f %%"), q->percent_as);
    case ANGIO_QCA_TEXT_LENGTH:
      return calibrated ? g_strdup_printf (_("%.1f mm"), q->length_px * mm)
                        : g_strdup_printf (_("%.1f px"), q->length_px);
    case ANGIO_QCA_TEXT_SYMMETRY:
      return g_strdup_printf ("%.2f", q->symmetry);
    case ANGIO_QCA_TEXT_PLAQUE:
      return calibrated ? g_strdup_printf (_("%.1f mm²"), q->plaque_area_px2 * mm * mm)
                        : g_strdup_printf (_("%.0f px²"), q->plaque_area_px2);
    case ANGIO_QCA_TEXT_N:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
angio_text_reference_method (AngioReferenceMethod method)
{
  switch (method)
    {
    case ANGIO_REFERENCE_OBSTRUCTION: return _("Obstruction");
    case ANGIO_REFERENCE_MEAN_LOCAL: return _("Mean local");
    case ANGIO_REFERENCE_DISTAL_ONLY: return _("Distal only (ostial)");
    case ANGIO_REFERENCE_INTERPOLATED: default: return _("Interpolated");
    }
}

char *
angio_text_calibration (AngioCaseSeries *run)
{
  AngioCalibrationMethod method;
  double mm;

  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (run), NULL);

  method = angio_case_series_get_calibration (run);
  mm = angio_case_series_get_mm_per_px (run);
  if (method == ANGIO_CALIBRATION_CATHETER)
    /* Translators: the scale and where it comes from, e.g. "0.2310 mm/px · catheter 6 F" */
    return g_strdup_printf (_("%.4f mm/px · catheter %.0f F"), mm,
                            angio_case_series_get_catheter_french (run));
  if (isfinite (mm))
    return g_strdup_printf (_("%.4f mm/px · %s"), mm, angio_calibration_describe (method));
  return g_strdup (angio_calibration_describe (ANGIO_CALIBRATION_NONE));
}

char *
angio_text_ffr_verdict (double ffr)
{
  if (!isfinite (ffr))
    return NULL;
  /* Translators: an FFR against the threshold, e.g. "0.74 · ≤ 0.80: significant" */
  return g_strdup_printf (ffr <= ANGIO_FFR_THRESHOLD ? _("%.2f · ≤ %.2f: significant")
                                                     : _("%.2f · > %.2f: not significant"),
                          ffr, ANGIO_FFR_THRESHOLD);
}

char *
angio_text_estimate_inputs (const AngioFfrEstimate *e,
                            AngioLesion            *lesion)
{
  g_return_val_if_fail (e != NULL, NULL);
  g_return_val_if_fail (ANGIO_IS_LESION (lesion), NULL);

  /* Translators: what the estimate was computed from */
  return g_strdup_printf (_("%s; flow %.2f mL/s (%s, %.0f mm/s); Pa %.0f mmHg (%s); "
                            "ΔP viscous %.1f + separation %.1f mmHg"),
                          angio_lesion_get_id (lesion), e->flow_ml_s,
                          e->flow_source == ANGIO_FFR_FLOW_FRAME_COUNT
                          ? _("contrast frame count") : _("fixed hyperaemic velocity"),
                          e->velocity_mm_s, e->pa_mmhg,
                          e->pa_measured ? _("measured") : _("assumed"),
                          e->dp_viscous_mmhg, e->dp_separation_mmhg);
}
