/* angio-workspace-private.h — the SQLite store's insides, shared by its files
 * (angio-workspace.c: cases, revisions, predictions; angio-workspace-reads.c: readers, reads,
 * quality control). Nothing outside the store includes it. */
#pragma once

#include <sqlite3.h>

#include "angio-workspace.h"

G_BEGIN_DECLS

struct _AngioWorkspace {
  GObject parent_instance;
  char *folder;
  char *db_path;
  sqlite3 *db;
  int lock_fd;
  gboolean read_only;       /* the folder cannot be written: nothing is saved */
  gboolean unfinished;      /* an SQLite database with no table: its creation was killed */
  GRecMutex lock;           /* one call at a time on the connection (transactions) */
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* The connection's last error as a GError (read-only, disk full, else SQLite's message):
 * always FALSE. */
gboolean      _angio_workspace_fail        (AngioWorkspace  *self,
                                            GError         **error);
gboolean      _angio_workspace_exec        (AngioWorkspace  *self,
                                            const char      *sql,
                                            GError         **error);
sqlite3_stmt *_angio_workspace_prepare     (AngioWorkspace  *self,
                                            const char      *sql,
                                            GError         **error);
/* Runs @step (self, data, error) in one transaction (BEGIN IMMEDIATE … COMMIT, else
 * ROLLBACK). */
gboolean      _angio_workspace_transaction (AngioWorkspace  *self,
                                            gboolean       (*step) (AngioWorkspace *, gpointer,
                                                                    GError **),
                                            gpointer         data,
                                            GError         **error);
/* Now, ISO 8601 UTC with microseconds. Returns: (transfer full). */
char         *_angio_workspace_now         (void);
/* A stored case.json, read as untrusted. Returns: (transfer full): %NULL with @error. */
JsonNode     *_angio_workspace_parse       (AngioWorkspace  *self,
                                            const char      *text,
                                            GError         **error);
/* Inside a transaction: a new revision of @kase holding @document, and its worklist row. */
gboolean      _angio_workspace_save_step   (AngioWorkspace  *self,
                                            AngioCase       *kase,
                                            JsonNode        *document,
                                            const char      *who,
                                            const char      *action,
                                            gint64          *revision,
                                            GError         **error);

G_END_DECLS
