/* angio-analysis.h — the automatic proposals for a series: key frames from the whole run, then
 * stenoses on the best key frame (algorithms/ does the work; this chooses the sizes from the
 * calibration, runs it off the main thread and keeps what a user-guided measurement needs).
 */
#pragma once

#include <gio/gio.h>

#include "angio-image.h"
#include "angio-keyframes.h"
#include "angio-stenosis.h"
#include "angio-types.h"

G_BEGIN_DECLS

/* The algorithm as it is recorded with every proposal. */
#define ANGIO_ANALYSIS_ALGORITHM "angio-analysis"

typedef struct {
  double vessel_min_mm;        /* vessels analysed, diameters */
  double vessel_max_mm;
  double min_reference_mm;     /* no proposals on thinner vessels… */
  double min_percent_ds;       /* …nor for milder narrowings */
  guint max_lesions;
  double motion_tolerance_mm;  /* between the pre-contrast frames and the key frame */
  double contrast_tolerance_mm; /* what may move unseen when looking for contrast: small, or
                                   the vessel by the catheter tip vanishes with the catheter */
  AngioReferenceMethod reference_method;
} AngioAnalysisParams;

/* One frame prepared for measuring: its log image and the pre-contrast background. */
typedef struct {
  guint frame;
  AngioImageF *image;
  AngioImageF *background;     /* NULL when the run has no frame before the contrast */
  double mm_per_px;            /* the calibration, NAN if none */
  double scale_mm_per_px;      /* what filter sizes were chosen with: the calibration, or nominal */
  double contrast_tolerance_px;
  AngioStenosisParams stenosis;
} AngioFrameContext;

typedef struct {
  AngioAnalysisParams params;
  AngioCalibrationMethod calibration;
  AngioKeyFrames *key_frames;  /* opacification curve and ranking */
  AngioFrameContext *context;  /* the best key frame, where the lesions were looked for */
  GPtrArray *lesions;          /* AngioStenosis, on context->frame, most severe first */
  GPtrArray *warnings;         /* char *, translated, for the user */
  double decode_ms;
  double keyframes_ms;
  double vesselness_ms;
  double lesions_ms;
  double total_ms;             /* of the analysis, decoding excluded */
} AngioAnalysis;

void               angio_analysis_params_init     (AngioAnalysisParams  *params);

/**
 * angio_frame_context_new_for_image:
 * A context for a single @image (taken; no background) at @mm_per_px (NAN: unknown, sizes
 * chosen for a nominal field), e.g. a frame read from a PNG.
 */
AngioFrameContext *angio_frame_context_new_for_image (AngioImageF              *image,
                                                      double                    mm_per_px,
                                                      const AngioAnalysisParams *params);

/**
 * angio_frame_context_propose:
 * The stenoses the detector proposes on @context's frame, measured (what angio_analysis_run()
 * does on the best key frame).
 * Returns: (transfer full) (element-type AngioStenosis) (nullable): strongest first; %NULL
 * with @error set (the detector cannot run, or cancelled).
 */
GPtrArray         *angio_frame_context_propose    (AngioFrameContext         *context,
                                                   GCancellable              *cancellable,
                                                   GError                   **error);
/* The parameters as they are recorded with proposals, an a{sv} dictionary (floating). */
GVariant          *angio_analysis_params_to_variant (const AngioAnalysisParams *params);

/**
 * angio_analysis_run:
 * Analyses a fully decoded @series (blocking; uses every core).
 * Returns: (transfer full): the analysis, or %NULL with @error (cancelled, or a series that is
 * not fully decoded).
 */
AngioAnalysis     *angio_analysis_run             (AngioSeries                *series,
                                                   const AngioAnalysisParams  *params,
                                                   GCancellable               *cancellable,
                                                   GError                    **error);
/* Only the key frames and the opacification curve (what the background needs). Returns:
 * (transfer full) (nullable): %NULL when cancelled. */
AngioKeyFrames    *angio_analysis_key_frames      (AngioSeries                *series,
                                                   const AngioAnalysisParams  *params,
                                                   GCancellable               *cancellable);
void               angio_analysis_run_async       (AngioSeries                *series,
                                                   const AngioAnalysisParams  *params,
                                                   GCancellable               *cancellable,
                                                   GAsyncReadyCallback         callback,
                                                   gpointer                    user_data);
AngioAnalysis     *angio_analysis_run_finish      (GAsyncResult               *result,
                                                   GError                    **error);
void               angio_analysis_free            (AngioAnalysis              *analysis);

/**
 * angio_frame_context_new:
 * Prepares frame @frame of @series for measuring; @n_background leading frames (0: none) are
 * averaged into the pre-contrast background. Returns: (transfer full): the context.
 */
AngioFrameContext *angio_frame_context_new        (AngioSeries                *series,
                                                   guint                       frame,
                                                   guint                       n_background,
                                                   const AngioAnalysisParams  *params);
void               angio_frame_context_free       (AngioFrameContext          *context);

/**
 * angio_frame_context_measure:
 * The user-guided QCA between @from and @to (pixel coordinates; @from proximal).
 * Returns: (transfer full): the measurement, or %NULL with @error when no vessel joins them.
 */
AngioStenosis     *angio_frame_context_measure    (AngioFrameContext          *context,
                                                   AngioPoint                  from,
                                                   AngioPoint                  to,
                                                   GError                    **error);

/**
 * angio_frame_context_redetect:
 * The borders of @edit's contour (on this frame) found again through the annotator's points.
 * Returns: (transfer full): the contour, or %NULL with @error when a point lies outside it or
 * on the wrong side of its centerline.
 */
AngioVesselContour *angio_frame_context_redetect  (AngioFrameContext          *context,
                                                   const AngioEdgeEdit        *edit,
                                                   GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AngioAnalysis, angio_analysis_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AngioFrameContext, angio_frame_context_free)

G_END_DECLS
