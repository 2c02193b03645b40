/* angio-comparison.h — a case's labels beside another reader's (a model's prediction, a second
 * annotator's), on the frame on show: the prediction's outlines over the image in a colour of
 * their own, a difference layer (the pixels only one of the two puts inside a stenosis), the
 * predicted key frames on the timeline, and the case's scores for the three tasks. The case's
 * own outlines are drawn by AngioProposals, as always.
 *
 * The reference is what the clinician accepted: it is read again from the case after every
 * edit, undo and redo, and the scores follow (::changed). */
#pragma once

#include "angio-case.h"
#include "angio-cine-view.h"
#include "angio-score.h"
#include "angio-timeline.h"

G_BEGIN_DECLS

/* What the comparison draws, for its legend. */
typedef enum {
  ANGIO_COMPARISON_REFERENCE,        /* the case's accepted outlines: green, solid */
  ANGIO_COMPARISON_PREDICTION,       /* the prediction's: magenta, dashed */
  ANGIO_COMPARISON_REFERENCE_ONLY,   /* inside the case's outline only (missed): red */
  ANGIO_COMPARISON_PREDICTION_ONLY,  /* inside the prediction's only (too much): blue */
} AngioComparisonLayer;

#define ANGIO_TYPE_COMPARISON (angio_comparison_get_type ())
G_DECLARE_FINAL_TYPE (AngioComparison, angio_comparison, ANGIO, COMPARISON, GObject)

/* Draws on @view and marks @timeline; create it before the other overlays of @view, so that
 * the difference layer lies under every outline. */
AngioComparison  *angio_comparison_new              (AngioCineView        *view,
                                                     AngioTimeline        *timeline);
/**
 * angio_comparison_set_prediction:
 * @kase: (nullable): the case open; %NULL: nothing compared
 * @info: (nullable): whose prediction @prediction is (copied)
 * @prediction: (nullable) (transfer full): its labels, as angio_score_load_prediction() reads
 *   them
 *
 * Compares @kase's labels with @prediction (both needed; otherwise the comparison is off).
 */
void              angio_comparison_set_prediction   (AngioComparison      *self,
                                                     AngioCase            *kase,
                                                     const AngioPredictionInfo *info,
                                                     AngioLabels          *prediction);
gboolean          angio_comparison_get_active       (AngioComparison      *self);
/* The run on show (nullable), one of the case's: what is drawn is its. */
void              angio_comparison_set_run          (AngioComparison      *self,
                                                     AngioCaseSeries      *run);
/* Whether the difference layer is drawn (it is by default). */
void              angio_comparison_set_show_difference (AngioComparison   *self,
                                                     gboolean              show);
gboolean          angio_comparison_get_show_difference (AngioComparison   *self);

/* Whose prediction it is (nullable when off). */
const AngioPredictionInfo *angio_comparison_get_info (AngioComparison     *self);
/* (nullable when off) */
AngioLabels      *angio_comparison_get_reference    (AngioComparison      *self);
AngioLabels      *angio_comparison_get_prediction   (AngioComparison      *self);
/* The case's scores against the prediction (nullable when off). */
const AngioCaseScore *angio_comparison_get_score    (AngioComparison      *self);
/* The predicted key frame to go to or to adopt: the one scored, on the key run; else the
 * best of the run on show, or of the first run with one. FALSE when there is none. */
gboolean          angio_comparison_get_key_frame    (AngioComparison      *self,
                                                     const char          **run_id,
                                                     guint                *frame,
                                                     double               *score);
/* The predicted lesion to adopt: the most severe of the run on show, else of the first run
 * with one (nullable; its `lesion` is NULL when it is an outline alone). */
AngioLabelLesion *angio_comparison_get_lesion       (AngioComparison      *self,
                                                     const char          **run_id);

/* The colour of @layer (opaque; the difference layer is drawn translucent). */
void              angio_comparison_layer_rgb        (AngioComparisonLayer  layer,
                                                     double               *r,
                                                     double               *g,
                                                     double               *b);

G_END_DECLS
