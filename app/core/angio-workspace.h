/* angio-workspace.h — a folder of cases: workspace.db (SQLite, WAL) beside the lock file.
 *
 * Cases point at their DICOM files, which are never modified. Every save is a new revision
 * holding the whole case.json: nothing is overwritten; undo, history and audit read from them.
 * One process at a time: a second one gets a clear "in use" error (the lock is the kernel's
 * and goes with the process, even killed). A file that is not an Angiomark workspace is
 * refused without being written to.
 *
 * The store is this small interface; a team server could implement it without touching the
 * model. Its functions may be called from several threads: each call runs alone. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "angio-case.h"

G_BEGIN_DECLS

#define ANGIO_WORKSPACE_DB "workspace.db"
/* Pseudonyms chosen for cases leaving the workspace: RAS-0001, RAS-0002… */
#define ANGIO_PSEUDONYM_PREFIX "RAS"

typedef struct {
  char *case_id;
  AngioCaseStatus status;
  char *annotator;          /* nullable */
  gint best_key_frame;      /* −1: none */
  double worst_percent_ds;  /* NAN: no lesion */
  double wire_ffr;          /* NAN: not entered */
  double estimated_ffr;     /* NAN: none */
  guint n_series;
  guint n_revisions;
  char *modified;           /* ISO 8601, UTC, of the last revision */
} AngioCaseSummary;

typedef struct {
  gint64 id;
  char *time;               /* ISO 8601, UTC */
  char *who;
  char *action;
} AngioRevision;

typedef struct {
  GPtrArray *cases;         /* char *: ids of the cases created or given new series */
  guint n_series;           /* series added */
  guint n_known;            /* series already in the workspace */
  GPtrArray *skipped;       /* char *: a file and why it was not imported (translated) */
} AngioImportReport;

#define ANGIO_TYPE_WORKSPACE (angio_workspace_get_type ())
G_DECLARE_FINAL_TYPE (AngioWorkspace, angio_workspace, ANGIO, WORKSPACE, GObject)

/* TRUE when @folder holds a workspace.db (a folder to open as a workspace, not as runs). */
gboolean           angio_workspace_is_workspace  (const char         *folder);

/**
 * angio_workspace_open:
 * Opens the workspace in @folder, creating it (and the folder) when @create and there is none.
 * Returns: (transfer full): the workspace, or %NULL with @error: G_IO_ERROR_BUSY when another
 * process has it open, ANGIO_CORE_ERROR_INVALID_ARGUMENT when workspace.db is not one.
 */
AngioWorkspace    *angio_workspace_open          (const char         *folder,
                                                  gboolean            create,
                                                  GError            **error);
/* Opens the workspace in @folder read-only (what angio_workspace_open() does by itself when
 * the folder cannot be written): reading works, every save fails with G_IO_ERROR_READ_ONLY. */
AngioWorkspace    *angio_workspace_open_read_only (const char        *folder,
                                                  GError            **error);
gboolean           angio_workspace_is_read_only  (AngioWorkspace     *self);
const char        *angio_workspace_get_folder    (AngioWorkspace     *self);

/**
 * angio_workspace_import:
 * Imports DICOM files, folders (recursively) and DICOMDIRs (the files of the media they index)
 * as cases: one case per study, its angiographic runs inside. A run already in the workspace is
 * not added again. With @analyse, each new run is decoded and analysed (blocking) and its
 * proposals saved with it. Files that are not angiograms are skipped and reported.
 * Returns: (transfer full): what was done, or %NULL with @error (cancelled, the store failed).
 */
AngioImportReport *angio_workspace_import        (AngioWorkspace     *self,
                                                  const char *const  *paths,
                                                  gboolean            analyse,
                                                  GCancellable       *cancellable,
                                                  GError            **error);
/* Returns: (transfer full) (element-type AngioCaseSummary): by case id. */
GPtrArray         *angio_workspace_list          (AngioWorkspace     *self,
                                                  GError            **error);
/* The last revision of @case_id. Returns: (transfer full): the case, or %NULL with @error. */
AngioCase         *angio_workspace_load_case     (AngioWorkspace     *self,
                                                  const char         *case_id,
                                                  GError            **error);
/* Its case.json as the last revision stored it. Returns: (transfer full): %NULL with @error. */
JsonNode          *angio_workspace_load_document (AngioWorkspace     *self,
                                                  const char         *case_id,
                                                  GError            **error);
/**
 * angio_workspace_save_case:
 * Saves @kase as a new revision (one transaction) with @action, by @who (nullable: the
 * annotator, else the user's name). Returns: the revision id, or 0 with @error.
 */
gint64             angio_workspace_save_case     (AngioWorkspace     *self,
                                                  AngioCase          *kase,
                                                  const char         *who,
                                                  const char         *action,
                                                  GError            **error);
/* The same with @document, angio_case_to_json() of @kase already made by the caller. */
gint64             angio_workspace_save_document (AngioWorkspace     *self,
                                                  AngioCase          *kase,
                                                  JsonNode           *document,
                                                  const char         *who,
                                                  const char         *action,
                                                  GError            **error);
/* Returns: (transfer full) (element-type AngioRevision): oldest first. */
GPtrArray         *angio_workspace_history       (AngioWorkspace     *self,
                                                  const char         *case_id,
                                                  GError            **error);
/* Returns: (transfer full): the case.json of revision @id, or %NULL with @error. */
JsonNode          *angio_workspace_load_revision (AngioWorkspace     *self,
                                                  gint64              id,
                                                  GError            **error);

/* How a case leaves the workspace (case packages): its pseudonym, the days added to its
 * dates, and whether its runs are already de-identified (imported from a package). */
typedef struct {
  char *pseudonym;
  gint date_shift_days;
  gboolean deidentified;
} AngioCaseDeid;

/* The secret that remaps the workspace's UIDs (made once, at random). Returns: (transfer full). */
char              *angio_workspace_get_uid_secret (AngioWorkspace    *self,
                                                  GError            **error);
/**
 * angio_workspace_get_deid:
 * How @case_id is de-identified. With a @prefix, on first use a pseudonym "@prefix-0001"
 * (the next number free) and a random date shift (a whole number of weeks, 1 to 10 years
 * back) are chosen and kept; with %NULL nothing is chosen (the pseudonym stays %NULL and the
 * shift 0 until then). Overwrites @deid (clear it with angio_case_deid_clear()).
 */
gboolean           angio_workspace_get_deid      (AngioWorkspace     *self,
                                                  const char         *case_id,
                                                  const char         *prefix,
                                                  AngioCaseDeid      *deid,
                                                  GError            **error);
/* The curator's pseudonym for @case_id: letters, digits, '-' and '_', unique in the
 * workspace. FALSE with @error saying why not. */
gboolean           angio_workspace_set_pseudonym (AngioWorkspace     *self,
                                                  const char         *case_id,
                                                  const char         *pseudonym,
                                                  GError            **error);
/**
 * angio_workspace_add_case:
 * Adds the case @document (case.json without history) as it came from a package: its
 * revisions are @history (element-type AngioRevision, oldest first; the ids ignored), each
 * holding @document; its runs count as de-identified. Refused when the case id is taken.
 */
gboolean           angio_workspace_add_case      (AngioWorkspace     *self,
                                                  JsonNode           *document,
                                                  GPtrArray          *history,
                                                  const char         *imported_from,
                                                  GError            **error);

/* A case as it came from a package (angio_workspace_add_case()). */
typedef struct {
  JsonNode *document;
  GPtrArray *history;       /* (element-type AngioRevision) */
  const char *imported_from;
} AngioWorkspaceNewCase;

/* Adds every case of @cases (element-type AngioWorkspaceNewCase) in one transaction: all or
 * none. */
gboolean           angio_workspace_add_cases     (AngioWorkspace     *self,
                                                  GPtrArray          *cases,
                                                  GError            **error);

/* Predictions: a model's (or a second annotator's) labels of a case, stored beside the case's
 * own, never over them. */
typedef struct {
  char *case_id;
  AngioPredictionOrigin origin;
  char *source;             /* the model's name, or the annotator's */
  char *version;            /* nullable: the model's version */
  char *imported;           /* ISO 8601, UTC (ignored by put) */
  char *imported_from;      /* nullable: the file or folder it came from */
} AngioPredictionInfo;

/* The workspace's case known as @id: its own id, or the pseudonym it left with. Returns:
 * (transfer full) (nullable). */
char              *angio_workspace_find_case     (AngioWorkspace     *self,
                                                  const char         *id);
/* Stores @document for @info's case, replacing what the same source stored for it before. */
gboolean           angio_workspace_put_prediction (AngioWorkspace    *self,
                                                  const AngioPredictionInfo *info,
                                                  JsonNode           *document,
                                                  GError            **error);
/* Returns: (transfer full) (element-type AngioPredictionInfo): of @case_id (nullable: every
 * case), models before annotators, by source then case. */
GPtrArray         *angio_workspace_list_predictions (AngioWorkspace  *self,
                                                  const char         *case_id,
                                                  GError            **error);
/* Returns: (transfer full): the document stored, or %NULL with @error. */
JsonNode          *angio_workspace_load_prediction (AngioWorkspace   *self,
                                                  const char         *case_id,
                                                  AngioPredictionOrigin origin,
                                                  const char         *source,
                                                  GError            **error);
void               angio_prediction_info_free    (AngioPredictionInfo *info);

void               angio_case_deid_clear         (AngioCaseDeid      *deid);
void               angio_case_summary_free       (AngioCaseSummary   *summary);
void               angio_revision_free           (AngioRevision      *revision);
void               angio_import_report_free      (AngioImportReport  *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AngioImportReport, angio_import_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AngioPredictionInfo, angio_prediction_info_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AngioCaseDeid, angio_case_deid_clear)

G_END_DECLS
