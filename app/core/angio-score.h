/* angio-score.h — a model's predictions (or a second annotator's labels) scored against the
 * cases' labels, per case and over the dataset, for the challenge's three tasks:
 *
 * 1. key frame: the prediction's best key frame of the key run (the run of the most severe
 *    accepted lesion, else the first with an accepted key frame) against the nearest accepted
 *    one, in frames and ms; a hit within ±tolerance frames.
 * 2. stenosis outline: on every frame with an accepted lesion, the union of the reference's
 *    outlines there against the union of the prediction's on the same run and frame (none: Dice
 *    0, HD95 ∞) — Dice, IoU, HD95; the case's MLD and %DS (its most severe lesion's).
 * 3. FFR: the wire's against the predicted — error, Bland–Altman, classification at 0.80, AUC. */
#pragma once

#include "angio-labels.h"
#include "angio-metrics.h"
#include "angio-workspace.h"

G_BEGIN_DECLS

/* Default hit window of task 1: ±2 frames. */
#define ANGIO_SCORE_TOLERANCE 2

typedef struct {
  char *case_id;
  /* Task 1 */
  char *key_run;            /* NULL: the reference has no accepted key frame */
  gint reference_frame;     /* the accepted key frame nearest the predicted one; −1 */
  gint predicted_frame;     /* −1: no key frame predicted in the key run */
  double offset_frames;     /* predicted − reference; NAN when either is missing */
  double offset_ms;         /* NAN also when the run's frame times are not known */
  gboolean hit;
  /* Task 2 */
  guint n_masks;            /* labelled frames compared */
  double dice;              /* means over them; NAN when there are none */
  double iou;
  double hd95_px;           /* INFINITY when a frame has no predicted outline */
  double hd95_mm;           /* NAN without calibration */
  double reference_mld_mm;
  double predicted_mld_mm;
  double reference_percent_ds;
  double predicted_percent_ds;
  /* Task 3 */
  double reference_ffr;
  double predicted_ffr;
} AngioCaseScore;

typedef struct {
  AngioPredictionOrigin origin;
  char *source;
  guint tolerance;
  GPtrArray *cases;         /* AngioCaseScore, by case id: the cases the source predicted */
  /* Task 1: over cases with an accepted key frame */
  guint n_key_frames;
  double mean_abs_offset_frames;   /* over those with a predicted key frame */
  double mean_abs_offset_ms;
  double hit_rate;
  /* Task 2: over cases with an accepted lesion */
  guint n_outlines;
  double mean_dice;
  double mean_iou;
  double median_hd95_px;    /* INFINITY when half or more are missed */
  guint n_missed;           /* cases with a labelled frame and no outline predicted on it */
  AngioAgreement mld_mm;
  AngioAgreement percent_ds;
  /* Task 3 */
  AngioAgreement ffr;
  AngioClassification classification;
} AngioScores;

/* Scores @prediction against @reference into @score (cleared
 * with angio_case_score_clear()). */
void         angio_score_case         (AngioLabels         *reference,
                                       AngioLabels         *prediction,
                                       guint                tolerance,
                                       AngioCaseScore      *score);
/* The labels of a stored prediction (a model's or an annotator's, as stored). Returns:
 * (transfer full): %NULL with @error. */
AngioLabels *angio_score_load_prediction (AngioWorkspace    *workspace,
                                       const char          *case_id,
                                       AngioPredictionOrigin origin,
                                       const char          *source,
                                       GError             **error);
/* The reference labels of @case_id: its last revision. */
AngioLabels *angio_score_load_reference (AngioWorkspace     *workspace,
                                       const char          *case_id,
                                       GError             **error);

/**
 * angio_scores_compute:
 * Scores every case of @workspace that @source predicted; @source must have predicted one.
 * Returns: (transfer full): the scores, or %NULL with @error.
 */
AngioScores *angio_scores_compute     (AngioWorkspace      *workspace,
                                       AngioPredictionOrigin origin,
                                       const char          *source,
                                       guint                tolerance,
                                       GCancellable        *cancellable,
                                       GError             **error);
/* A score as people read it: @decimals, a true minus (and with @sign a plus), no sign on a
 * value rounded to zero, "∞" for an infinite HD95, "—" when unknown. Returns: (transfer full). */
char        *angio_score_format       (double               value,
                                       int                  decimals,
                                       gboolean             sign);
/* The scores as `angiomark-cli score --json` writes them (docs/predictions.md). */
JsonNode    *angio_scores_to_json     (AngioScores         *scores);
/* One row per case, a header first; numbers in the C locale. Returns: (transfer full). */
char        *angio_scores_to_csv      (AngioScores         *scores);
void         angio_case_score_clear   (AngioCaseScore      *score);
void         angio_scores_free        (AngioScores         *scores);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AngioScores, angio_scores_free)

G_END_DECLS
