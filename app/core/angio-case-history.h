/* angio-case-history.h — an open case and its workspace: every edit the case records is saved
 * at once as a revision (one transaction), and undo/redo walk the revisions back and forth.
 *
 * Undo does not delete anything: it loads the case as it was before the last edit and saves
 * that as a new revision ("Undo: …"), so the history keeps every step and a crash after an undo
 * reopens what the user saw. */
#pragma once

#include "angio-workspace.h"

G_BEGIN_DECLS

#define ANGIO_TYPE_CASE_HISTORY (angio_case_history_get_type ())
G_DECLARE_FINAL_TYPE (AngioCaseHistory, angio_case_history, ANGIO, CASE_HISTORY, GObject)

AngioCaseHistory *angio_case_history_new      (AngioWorkspace    *workspace,
                                               AngioCase         *kase);
AngioCase        *angio_case_history_get_case (AngioCaseHistory  *self);
AngioWorkspace   *angio_case_history_get_workspace (AngioCaseHistory *self);
gboolean          angio_case_history_can_undo (AngioCaseHistory  *self);
gboolean          angio_case_history_can_redo (AngioCaseHistory  *self);
/* What undo / redo would undo or redo (nullable). */
const char       *angio_case_history_get_undo_action (AngioCaseHistory *self);
const char       *angio_case_history_get_redo_action (AngioCaseHistory *self);
gboolean          angio_case_history_undo     (AngioCaseHistory  *self,
                                               GError           **error);
gboolean          angio_case_history_redo     (AngioCaseHistory  *self,
                                               GError           **error);
/* The reader editing the case (nullable: the workspace's default, the user's name): the "who"
 * of every revision saved from now on. A reader's first edit of a new case puts it in
 * progress, and makes the reader its annotator if it has none. */
void              angio_case_history_set_reader (AngioCaseHistory *self,
                                                 const char       *reader);
const char       *angio_case_history_get_reader (AngioCaseHistory *self);
/* Saves the case as it is now as a revision made by the program (the automatic analysis'
 * proposals), not by the reader: the status and annotator stay as they are. */
void              angio_case_history_record_automatic (AngioCaseHistory *self,
                                                       const char       *action);
/* Whose read the case open is (nullable: the case itself): every edit is then saved as a
 * revision of @reader_id's read (angio_workspace_save_read()), never as the case's. */
void              angio_case_history_set_read (AngioCaseHistory *self,
                                               const char       *reader_id);
const char       *angio_case_history_get_read (AngioCaseHistory *self);
/* With @detached, edits are kept in memory (undo works) and never saved: what an adjudicator
 * looks at is no one's to change. */
void              angio_case_history_set_detached (AngioCaseHistory *self,
                                                   gboolean          detached);
/* The last save that failed (the user must be told), or %NULL. */
const GError     *angio_case_history_get_error (AngioCaseHistory *self);

G_END_DECLS
