/* angio-case.h — the document: one study with its runs, their annotations, the pressure-wire
 * record and the FFR estimate (the three tasks of the challenge), as case.json holds them.
 *
 * Edits go through the model's methods; then whoever made the edit calls angio_case_record()
 * with what it was, which emits ::edited — the workspace saves a revision on it. */
#pragma once

#include <json-glib/json-glib.h>

#include "angio-case-series.h"
#include "angio-ffr.h"
#include "angio-lesion.h"
#include "angio-pressure.h"
#include "angio-types.h"

G_BEGIN_DECLS

#define ANGIO_CASE_SCHEMA 1

#define ANGIO_TYPE_CASE (angio_case_get_type ())
G_DECLARE_FINAL_TYPE (AngioCase, angio_case, ANGIO, CASE, GObject)

AngioCase       *angio_case_new                (const char       *case_id);
/**
 * angio_case_new_from_json:
 * Reads case.json (schema 1). Returns: (transfer full): the case, or %NULL with @error saying
 * what is wrong.
 */
AngioCase       *angio_case_new_from_json      (JsonNode         *root,
                                                GError          **error);
/* Replaces the annotations in place with those of @root (same series, matched by id): undo and
 * redo. FALSE with @error and @self unchanged if @root does not fit. */
gboolean         angio_case_load_json          (AngioCase        *self,
                                                JsonNode         *root,
                                                GError          **error);
JsonNode        *angio_case_to_json            (AngioCase        *self);

const char      *angio_case_get_id             (AngioCase        *self);
const char      *angio_case_get_annotator      (AngioCase        *self);
void             angio_case_set_annotator      (AngioCase        *self,
                                                const char       *annotator);
AngioCaseStatus  angio_case_get_status         (AngioCase        *self);
void             angio_case_set_status         (AngioCase        *self,
                                                AngioCaseStatus   status);
/* (element-type AngioCaseSeries) */
GListModel      *angio_case_get_series         (AngioCase        *self);
/* Adds @series, naming it "s<k>" unless it has an id no other series has. */
void             angio_case_add_series         (AngioCase        *self,
                                                AngioCaseSeries  *series);
/* (transfer none) (nullable) */
AngioCaseSeries *angio_case_find_series        (AngioCase        *self,
                                                const char       *series_uid);
AngioPressure   *angio_case_get_pressure       (AngioCase        *self);

/**
 * angio_case_estimate_ffr:
 * The FFR estimate of the most severe lesion not rejected, on calibrated runs; the flow from
 * the run's contrast front or the fixed hyperaemic velocity; Pa from the wire (hyperaemic,
 * else resting) or the default. @lesion and @series (nullable, transfer none) say which.
 * Returns: FALSE when there is no measured lesion on a calibrated run.
 */
gboolean         angio_case_estimate_ffr       (AngioCase        *self,
                                                AngioFfrEstimate *estimate,
                                                AngioLesion     **lesion,
                                                AngioCaseSeries **series);

/* For the worklist: the first accepted key frame (else the best proposed one; −1 if none) and
 * the most severe %DS of the lesions not rejected (NAN if none). */
gint             angio_case_get_best_key_frame (AngioCase        *self);
double           angio_case_get_worst_percent_ds (AngioCase      *self);

/* What the reader has not reviewed yet: whether no key frame is accepted while some are
 * proposed, and how many lesions the analysis proposed are neither accepted nor rejected. */
void             angio_case_get_unreviewed     (AngioCase        *self,
                                                gboolean         *key_frame,
                                                guint            *lesions);

/* Declares an edit just made (@action, translated, says what: "Accepted key frame 25"). */
void             angio_case_record             (AngioCase        *self,
                                                const char       *action);

G_END_DECLS
