/* angio-reading.h — several readers, one dataset: the workflow over the store (angio-reads.h).
 *
 * Assignment evenly; submitting a read; the agreement check when a case's reads are all in
 * (each double-read task compared with the protocol's thresholds, by the metrics of
 * algorithms/angio-metrics.c); the consensus of agreed tasks by a stated rule; adjudication of
 * the others, whose decision is final and recorded; the agreement report.
 *
 * The consensus rule: the consensus starts from the base read — the first submitted (ties:
 * by reader ID) — and takes each task from it when the task agreed or was not double-read,
 * and from the adjudicator's decision (a reader's read, or his correction) when it was
 * adjudicated. The QC record says, per task, which. */
#pragma once

#include "angio-reads.h"

G_BEGIN_DECLS

typedef struct {
  gboolean compared;        /* double-read: compared with the thresholds */
  gboolean agreed;
  /* Key frame: the largest distance in frames between the readers' best accepted key frames
   * on the key run (0 when neither accepted one; G_MAXUINT when only one did) */
  guint key_frame_offset;
  /* Outline: the smaller Dice of the two directions (NAN when neither outlined a lesion) and
   * |Δ%DS| of the most severe lesions (NAN when not both measured) */
  double dice;
  double delta_percent_ds;
  /* Wire: the largest |Δ| of the four pressures, mmHg (NAN when neither entered one;
   * INFINITY when only one entered a value) */
  double delta_pressure_mmhg;
} AngioTaskAgreement;

/* Compares two reads (case.json documents) task by task with @protocol's thresholds; a task
 * not double-read is not compared (agreed). */
void        angio_reading_compare       (const AngioProtocol *protocol,
                                         JsonNode            *a,
                                         JsonNode            *b,
                                         AngioTaskAgreement   result[ANGIO_N_TASKS]);

/* Assigns every case of @case_ids (nullable: every case) its readers per case from the readers
 * of role reader, the least loaded first (ties by ID). @n_assigned (nullable): how many
 * assignments were made. */
gboolean    angio_reading_assign_evenly (AngioWorkspace      *workspace,
                                         const char *const   *case_ids,
                                         const char          *who,
                                         guint               *n_assigned,
                                         GError             **error);

/**
 * angio_reading_submit:
 * Submits @reader_id's read of @case_id and, when it was the last one out, checks the
 * agreement (angio_reading_check()). @state (nullable): where the case stands after.
 */
gboolean    angio_reading_submit        (AngioWorkspace      *workspace,
                                         const char          *case_id,
                                         const char          *reader_id,
                                         AngioQcState        *state,
                                         GError             **error);
/* The agreement check of @case_id if its reads are all in and it has none yet: final with its
 * consensus, or in adjudication. @state (nullable): where the case stands after. */
gboolean    angio_reading_check         (AngioWorkspace      *workspace,
                                         const char          *case_id,
                                         AngioQcState        *state,
                                         GError             **error);

/**
 * angio_reading_adjudicate:
 * The decision of @adjudicator (an adjudicator of the protocol) on @task of @case_id in
 * adjudication: the task as @take_reader read it, or with @corrected (nullable) the task as in
 * that document (@take_reader's read corrected); @reason is required. Final and recorded:
 * when every disagreeing task is decided, the consensus is made and the case is final.
 */
gboolean    angio_reading_adjudicate    (AngioWorkspace      *workspace,
                                         const char          *case_id,
                                         AngioReadTask        task,
                                         const char          *take_reader,
                                         JsonNode            *corrected,
                                         const char          *reason,
                                         const char          *adjudicator,
                                         AngioQcState        *state,
                                         GError             **error);

/**
 * angio_reading_report:
 * The agreement report of the workspace (docs/package-format.md, "Agreement report"): per
 * task the cases agreed, in adjudication and adjudicated, the agreement and adjudication
 * rates, key-frame offsets, Dice, Bland–Altman and ICC of %DS and MLD, Cohen's κ of
 * "significant" (%DS ≥ 50; FFR ≤ 0.80); per reader his reads against the consensus and his
 * reading time. Returns: (transfer full): %NULL with @error.
 */
JsonNode   *angio_reading_report        (AngioWorkspace      *workspace,
                                         GError             **error);
/* The report's tasks and readers as CSV rows (C locale). Returns: (transfer full). */
char       *angio_reading_report_csv    (JsonNode            *report);

G_END_DECLS
