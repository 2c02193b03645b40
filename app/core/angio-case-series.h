/* angio-case-series.h — one series of a case with its annotations: key frames, lesions, the
 * opacification curve and the calibration chosen. Views observe its list models and ::changed.
 *
 * It stands without its pixels (read back from a workspace or a package: what a worklist or an
 * export needs); the decoded AngioSeries is attached when the run is opened. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "angio-analysis.h"
#include "angio-dicom.h"
#include "angio-types.h"

G_BEGIN_DECLS

#define ANGIO_TYPE_CASE_SERIES (angio_case_series_get_type ())
G_DECLARE_FINAL_TYPE (AngioCaseSeries, angio_case_series, ANGIO, CASE_SERIES, GObject)

AngioCaseSeries *angio_case_series_new               (AngioSeries     *series);
/* Takes what @series says about itself (size, times, calibration) but not the series: for
 * a run probed, not decoded. */
AngioCaseSeries *angio_case_series_new_described     (AngioSeries     *series);
/**
 * angio_case_series_new_from_json:
 * Reads a series object of case.json (what angio_case_series_to_json() writes).
 * Returns: (transfer full): the series without its pixels, or %NULL with @error.
 */
AngioCaseSeries *angio_case_series_new_from_json     (JsonObject      *object,
                                                      GError         **error);
/* Replacing the annotations of @self (key frames, lesions, curve, calibration) by those of
 * @from, read from JSON, in place (undo, redo: views stay connected): whether @from is of the
 * same run, then the move (@from is left empty). */
gboolean         angio_case_series_can_take          (AngioCaseSeries *self,
                                                      AngioCaseSeries *from,
                                                      GError         **error);
void             angio_case_series_take_annotations  (AngioCaseSeries *self,
                                                      AngioCaseSeries *from);
JsonNode        *angio_case_series_to_json           (AngioCaseSeries *self);

/* (nullable): the decoded run, once attached. */
AngioSeries     *angio_case_series_get_series        (AngioCaseSeries *self);
/* Attaches the decoded run; FALSE with @error if its size differs from what was annotated. */
gboolean         angio_case_series_set_series        (AngioCaseSeries *self,
                                                      AngioSeries     *series,
                                                      GError         **error);
/* "s1", "s2"… within the case. */
const char      *angio_case_series_get_id            (AngioCaseSeries *self);
void             angio_case_series_set_id            (AngioCaseSeries *self,
                                                      const char      *id);
const char      *angio_case_series_get_path          (AngioCaseSeries *self);
const char      *angio_case_series_get_series_uid    (AngioCaseSeries *self);
guint            angio_case_series_get_n_frames      (AngioCaseSeries *self);

/* (element-type AngioKeyFrame): best first */
GListModel      *angio_case_series_get_key_frames    (AngioCaseSeries *self);
/* (element-type AngioLesion) */
GListModel      *angio_case_series_get_lesions       (AngioCaseSeries *self);
/* Per-frame opacification (0–1), or %NULL before the analysis; @n_frames receives the count. */
const double    *angio_case_series_get_opacification (AngioCaseSeries *self,
                                                      guint           *n_frames);
/* Whether the automatic analysis has run on it (its proposals are in). */
gboolean         angio_case_series_get_analysed      (AngioCaseSeries *self);

/* The scale lesions are measured with (mm per pixel, NAN if none) and where it comes from:
 * the annotator's (catheter, manual) when set, else the file's. */
double           angio_case_series_get_mm_per_px     (AngioCaseSeries *self);
AngioCalibrationMethod angio_case_series_get_calibration (AngioCaseSeries *self);
/* French size of the catheter calibrated on, NAN unless the method is catheter. */
double           angio_case_series_get_catheter_french (AngioCaseSeries *self);
/**
 * angio_case_series_set_calibration:
 * The annotator's scale: @method catheter (with @french) or manual; ANGIO_CALIBRATION_NONE
 * goes back to the file's. Every measurement in mm follows.
 */
void             angio_case_series_set_calibration   (AngioCaseSeries *self,
                                                      AngioCalibrationMethod method,
                                                      double           mm_per_px,
                                                      double           french);
/* Frames before the contrast arrives (their mean is the background of guided measurements). */
guint            angio_case_series_get_n_background  (AngioCaseSeries *self);
/* Frame @frame of the attached run prepared for guided measurements and border corrections,
 * kept until another frame is asked for. Returns: (transfer none) (nullable): %NULL until the
 * run is attached and decoded. */
AngioFrameContext *angio_case_series_get_frame_context (AngioCaseSeries *self,
                                                        guint            frame);
/* Mean velocity of the contrast front along the analysed vessel (mm/s, NAN if unknown). */
double           angio_case_series_get_velocity      (AngioCaseSeries *self);
void             angio_case_series_set_velocity      (AngioCaseSeries *self,
                                                      double           mm_per_s);

/* The key frame at @frame, if any. Returns: (transfer none) (nullable). */
AngioKeyFrame   *angio_case_series_find_key_frame    (AngioCaseSeries *self,
                                                      guint            frame);
/* Accepts or rejects the key frame at @frame; accepting a frame nobody proposed adds it as the
 * annotator's. Returns whether anything changed. */
gboolean         angio_case_series_set_key_frame_status (AngioCaseSeries *self,
                                                      guint            frame,
                                                      AngioStatus      status);
/* Adds @key_frame (another reader's, adopted as a proposal) unless the run has a key frame at
 * its frame already or the frame is beyond the run: what the case has is never replaced.
 * Returns whether it was added. */
gboolean         angio_case_series_add_key_frame     (AngioCaseSeries *self,
                                                      AngioKeyFrame   *key_frame);
/* Adds @lesion (giving it the next free id "L<k>") or removes it. */
void             angio_case_series_add_lesion        (AngioCaseSeries *self,
                                                      AngioLesion     *lesion);
void             angio_case_series_remove_lesion     (AngioCaseSeries *self,
                                                      AngioLesion     *lesion);
/* Regions of the run's pixels that export blacks out in every frame (PS3.15 Clean Pixel Data:
 * burned-in text), in image pixels. Returns: (transfer none) (array length=n). */
const AngioDicomRect *angio_case_series_get_redactions (AngioCaseSeries      *self,
                                                        guint                *n);
/* Adds @rect, clamped to the image. Returns: its index, or −1 when nothing of it is in the
 * image. */
gint             angio_case_series_add_redaction     (AngioCaseSeries      *self,
                                                      const AngioDicomRect *rect);
/* Moves or resizes region @index (clamped to the image). Returns: whether it changed. */
gboolean         angio_case_series_set_redaction     (AngioCaseSeries      *self,
                                                      guint                 index,
                                                      const AngioDicomRect *rect);
gboolean         angio_case_series_remove_redaction  (AngioCaseSeries      *self,
                                                      guint                 index);
/* The most severe lesion not rejected (nullable, transfer none). */
AngioLesion     *angio_case_series_get_worst_lesion  (AngioCaseSeries *self);

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
