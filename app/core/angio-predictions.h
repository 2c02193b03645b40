/* angio-predictions.h — prediction sets into a workspace (docs/predictions.md).
 *
 * A prediction set is what a model (or a second annotator) says about the cases of a dataset:
 * a folder of case packages whose case.json carries "origin": "model" and the model's name —
 * or COCO results (stenosis outlines) with a CSV of key frames and FFR values. Each case's
 * prediction is stored beside the case's labels, never over them; importing the same source
 * again replaces its earlier predictions. */
#pragma once

#include "angio-workspace.h"

G_BEGIN_DECLS

/* COCO results below this score are not kept (a model's unlikely detections). */
#define ANGIO_PREDICTION_MIN_SCORE 0.5
/* An outline with more points than this is refused (a stenosis contour has a few hundred). */
#define ANGIO_PREDICTION_MAX_POINTS 10000

typedef struct {
  GPtrArray *cases;         /* char *: the workspace's cases given a prediction */
  GPtrArray *skipped;       /* char *: a prediction not imported and why (translated) */
  GPtrArray *columns;       /* char *: per CSV read, the columns it was read from */
  GPtrArray *warnings;      /* char *: a column not read, and why (translated) */
} AngioPredictionReport;

/**
 * angio_predictions_import:
 * Imports the prediction set at @path (a folder of packages, a dataset, a package, a zip, or a
 * folder with a COCO results file and/or a CSV) as @source's (a model's name, or an
 * annotator's). Cases are matched by their id or the pseudonym they were exported with; a
 * prediction of a case the workspace does not have is skipped (reported). Everything is read
 * and checked against the cases before anything is stored.
 * Returns: (transfer full): the report, or %NULL with @error naming the file and the reason.
 */
AngioPredictionReport *angio_predictions_import (AngioWorkspace         *workspace,
                                                 const char             *path,
                                                 AngioPredictionOrigin   origin,
                                                 const char             *source,
                                                 GCancellable           *cancellable,
                                                 GError                **error);
void                   angio_prediction_report_free (AngioPredictionReport *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AngioPredictionReport, angio_prediction_report_free)

G_END_DECLS
