/* angio-reads.h — several readers, one dataset: the store's side (the workspace interface of
 * angio-workspace.h, stored in its database).
 *
 * A workspace has a reading protocol (every change kept; the last is in force), readers with
 * a role, cases assigned to readers, and per case and reader a read: the reader's own
 * revisions of the case document, submitted explicitly (changing it afterwards reopens it).
 * When a case's reads are all in, its quality control (angio-reading.h) records whether each
 * task agreed or went to adjudication, and its consensus becomes the case's own revision —
 * the label exports carry. Every step leaves a row in the audit trail: who, what, when.
 *
 * Blinding is the store's: a read is returned only to its reader, to a curator, to an
 * adjudicator once the case is in adjudication, and to the case's other readers once it is
 * final when the protocol says so. */
#pragma once

#include <json-glib/json-glib.h>

#include "angio-types.h"
#include "angio-workspace.h"

G_BEGIN_DECLS

#define ANGIO_MAX_READERS_PER_CASE 3

typedef struct {
  guint readers_per_case;          /* 1–3; 1: a single reader, his read is the consensus */
  guint double_read;               /* tasks compared between reads: 1 << AngioReadTask */
  gboolean show_proposals;         /* reads start from the algorithm's proposals */
  guint key_frame_frames;          /* key frames agree within ± this (2) */
  double min_dice;                 /* outlines agree with Dice ≥ this (0.8) … */
  double max_delta_percent_ds;     /* … and |Δ%DS| ≤ this, in points (10) */
  double max_delta_pressure_mmhg;  /* wire pressures agree within this (1 mmHg) */
  char *adjudicator;               /* nullable: the reader ID who adjudicates; NULL: any
                                      reader with the adjudicator role */
  gboolean unblind_final;          /* a final case's reads and consensus are shown to its
                                      readers */
} AngioProtocol;

/* The defaults: one reader; when more, every task double-read with the thresholds above,
 * proposals shown, any adjudicator, unblinded once final. */
void          angio_protocol_init           (AngioProtocol      *protocol);
void          angio_protocol_clear          (AngioProtocol      *protocol);
void          angio_protocol_copy           (const AngioProtocol *from,
                                             AngioProtocol      *to);
/* FALSE with @error (ANGIO_CORE_ERROR_INVALID_ARGUMENT) naming the value out of range. */
gboolean      angio_protocol_validate       (const AngioProtocol *protocol,
                                             GError            **error);
JsonNode     *angio_protocol_to_json        (const AngioProtocol *protocol);
/* Reads @node (as angio_protocol_to_json() writes it; members left out keep their default)
 * into @protocol (initialised here). FALSE with @error when it is not a valid protocol. */
gboolean      angio_protocol_from_json      (JsonNode           *node,
                                             AngioProtocol      *protocol,
                                             GError            **error);
/* The mask of @text, tasks separated by commas ("key-frame,outline,wire", "none"). */
gboolean      angio_read_tasks_parse        (const char         *text,
                                             guint              *tasks,
                                             GError            **error);

/* Whether @reader_id can be a reader ID: 1–64 letters, digits, ".", "-", "_", "@". */
gboolean      angio_reader_id_is_valid      (const char         *reader_id);

typedef struct {
  char *reader_id;          /* the reader identity (Preferences' reader ID, else his name) */
  char *name;               /* nullable */
  AngioReaderRole role;
  char *added;              /* ISO 8601, UTC */
} AngioReader;

typedef struct {
  char *case_id;
  char *reader_id;
  AngioReadState state;     /* for this reader: to read, submitted, adjudication, final */
  guint n_revisions;        /* of his read */
  char *started;            /* nullable: ISO 8601 of his first revision */
  char *modified;           /* nullable: of his last revision */
  char *submitted;          /* nullable: when submitted (NULL: open) */
} AngioReadInfo;

typedef struct {
  gint64 id;
  char *time;               /* ISO 8601, UTC */
  char *who;                /* nullable */
  char *action;             /* "protocol", "reader", "assign", "submit", "reopen",
                               "agreement" (the check sent the case to adjudication, or an
                               adjudicator decided a task of several), "consensus" (made: the
                               reads agreed, or the last task was decided) */
  char *case_id;            /* nullable */
  char *detail;             /* nullable: what, as text or JSON */
} AngioAuditEntry;

/* The protocol in force (the defaults when none was ever set). */
gboolean      angio_workspace_get_protocol  (AngioWorkspace     *self,
                                             AngioProtocol      *protocol,
                                             GError            **error);
/* Sets the protocol (validated), by @who; audited, saying when reading had already started. */
gboolean      angio_workspace_set_protocol  (AngioWorkspace     *self,
                                             const AngioProtocol *protocol,
                                             const char         *who,
                                             GError            **error);
/* Every protocol set, oldest first: (element-type JsonNode) each {"time","who","protocol"}. */
GPtrArray    *angio_workspace_protocol_history (AngioWorkspace  *self,
                                             GError            **error);

/* Adds the reader @reader_id (letters, digits and .-_@, no space) with @role, or changes the
 * name and role of one already known; audited. */
gboolean      angio_workspace_add_reader    (AngioWorkspace     *self,
                                             const char         *reader_id,
                                             const char         *name,
                                             AngioReaderRole     role,
                                             const char         *who,
                                             GError            **error);
/* Returns: (transfer full) (element-type AngioReader): by reader ID. */
GPtrArray    *angio_workspace_list_readers  (AngioWorkspace     *self,
                                             GError            **error);
/* The role of @reader_id; FALSE with G_IO_ERROR_NOT_FOUND when he is not a reader here. */
gboolean      angio_workspace_get_reader_role (AngioWorkspace   *self,
                                             const char         *reader_id,
                                             AngioReaderRole    *role,
                                             GError            **error);

/* Assigns @case_id to @reader_id; refused when the case already has its readers (the
 * protocol's readers per case), is final, or either is unknown. Assigning again is a no-op. */
gboolean      angio_workspace_assign        (AngioWorkspace     *self,
                                             const char         *case_id,
                                             const char         *reader_id,
                                             const char         *who,
                                             GError            **error);
/**
 * angio_workspace_list_reads:
 * The assignments, with their reads: of @case_id (nullable: every case) and @reader_id
 * (nullable: every reader) — a reader's worklist is his. States only, never labels.
 * Returns: (transfer full) (element-type AngioReadInfo): by case, then reader.
 */
GPtrArray    *angio_workspace_list_reads    (AngioWorkspace     *self,
                                             const char         *case_id,
                                             const char         *reader_id,
                                             GError            **error);

/**
 * angio_workspace_load_read:
 * The read of @case_id by @reader_id, as @viewer (the reader identity asking) may see it:
 * refused with G_IO_ERROR_PERMISSION_DENIED when the protocol does not let @viewer see it
 * (blinding). A read not started yet is the case document as the reader starts from it (the
 * algorithm's proposals kept or removed, as the protocol says; no labels of anyone).
 * Returns: (transfer full): the case.json of his last revision, or %NULL with @error.
 */
JsonNode     *angio_workspace_load_read     (AngioWorkspace     *self,
                                             const char         *case_id,
                                             const char         *reader_id,
                                             const char         *viewer,
                                             GError            **error);
/* The consensus (the case's own document) as @viewer may see it: a curator always, an
 * adjudicator once the case is in adjudication, a reader of the case once it is final if the
 * protocol unblinds; G_IO_ERROR_PERMISSION_DENIED else (and G_IO_ERROR_NOT_FOUND before
 * there is a consensus). Returns: (transfer full). */
JsonNode     *angio_workspace_load_consensus (AngioWorkspace    *self,
                                             const char         *case_id,
                                             const char         *viewer,
                                             GError            **error);
/**
 * angio_workspace_save_read:
 * Saves @document as a new revision of @reader_id's read of @case_id (assigned to him; by
 * him). A submitted read is reopened (audited) and a case in adjudication goes back to
 * reading; a final case is refused. Returns: the revision id, or 0 with @error.
 */
gint64        angio_workspace_save_read     (AngioWorkspace     *self,
                                             const char         *case_id,
                                             const char         *reader_id,
                                             JsonNode           *document,
                                             const char         *action,
                                             GError            **error);
/* Marks @reader_id's read of @case_id submitted (a read never saved is saved first, as he
 * started it); audited. The agreement check is angio_reading_submit()'s. */
gboolean      angio_workspace_submit_read   (AngioWorkspace     *self,
                                             const char         *case_id,
                                             const char         *reader_id,
                                             GError            **error);
/* Returns: (transfer full) (element-type AngioRevision): of the read, oldest first; the same
 * blinding as angio_workspace_load_read(). */
GPtrArray    *angio_workspace_read_history  (AngioWorkspace     *self,
                                             const char         *case_id,
                                             const char         *reader_id,
                                             const char         *viewer,
                                             GError            **error);

/* The quality control of @case_id: its state and record (transfer full, nullable: none yet;
 * the state is then ANGIO_QC_READING). */
gboolean      angio_workspace_get_quality   (AngioWorkspace     *self,
                                             const char         *case_id,
                                             AngioQcState       *state,
                                             JsonNode          **record,
                                             GError            **error);
/**
 * angio_workspace_put_quality:
 * Records @state and @record for @case_id and, with a @consensus (a case.json), saves it as
 * the case's own revision with @action, by @who — all in one transaction, audited.
 */
gboolean      angio_workspace_put_quality   (AngioWorkspace     *self,
                                             const char         *case_id,
                                             AngioQcState        state,
                                             JsonNode           *record,
                                             JsonNode           *consensus,
                                             const char         *who,
                                             const char         *action,
                                             GError            **error);
/* Adds a row to the audit trail. */
gboolean      angio_workspace_audit         (AngioWorkspace     *self,
                                             const char         *who,
                                             const char         *action,
                                             const char         *case_id,
                                             const char         *detail,
                                             GError            **error);
/* Returns: (transfer full) (element-type AngioAuditEntry): of @case_id (nullable: all),
 * oldest first. */
GPtrArray    *angio_workspace_list_audit    (AngioWorkspace     *self,
                                             const char         *case_id,
                                             GError            **error);

void          angio_reader_free             (AngioReader        *reader);
void          angio_read_info_free          (AngioReadInfo      *info);
void          angio_audit_entry_free        (AngioAuditEntry    *entry);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AngioProtocol, angio_protocol_clear)

G_END_DECLS
