/* angio-worklist.h — the cases of a workspace as a table: status, annotator, best key frame,
 * worst %DS, wire FFR, estimated FFR; sort by any column, filter by text; Enter or a double
 * click opens a case; the cases selected are those an export starts from. */
#pragma once

#include <gtk/gtk.h>

#include "angio-workspace.h"

G_BEGIN_DECLS

#define ANGIO_TYPE_WORKLIST (angio_worklist_get_type ())
G_DECLARE_FINAL_TYPE (AngioWorklist, angio_worklist, ANGIO, WORKLIST, GtkWidget)

GtkWidget  *angio_worklist_new          (void);
/* Reads the cases of @workspace (nullable: empties the table). FALSE with @error. */
gboolean    angio_worklist_load         (AngioWorklist  *self,
                                         AngioWorkspace *workspace,
                                         GError        **error);
/* Whose worklist it is (nullable: no one's): the next load shows, when he has cases assigned
 * (several readers, angio-reads.h), only them, each with where it stands for him. */
void        angio_worklist_set_reader   (AngioWorklist  *self,
                                         const char     *reader_id);
/* The AngioReadState of @case_id for the reader, or −1 when it is not his to read. */
int         angio_worklist_get_reading  (AngioWorklist  *self,
                                         const char     *case_id);
/* "To read", "Submitted", "In adjudication", "Final" (translated). */
const char *angio_read_state_describe   (AngioReadState  state);
/* Cases read (whatever the search shows). */
guint       angio_worklist_get_n_cases  (AngioWorklist  *self);
/* Cases in the order shown (sorted, filtered). */
guint       angio_worklist_get_n_shown  (AngioWorklist  *self);
const char *angio_worklist_get_shown_id (AngioWorklist  *self,
                                         guint           position);
/* The case @delta rows from @case_id in the order shown, or %NULL at either end. */
const char *angio_worklist_get_neighbour (AngioWorklist *self,
                                          const char    *case_id,
                                          int            delta);
void        angio_worklist_set_search   (AngioWorklist  *self,
                                         const char     *text);
/* The cases selected (shown ones, in the order shown). Returns: (transfer full). */
GStrv       angio_worklist_get_selected_ids (AngioWorklist *self);
/* Selects the cases shown among @case_ids (nullable: none), only them. */
void        angio_worklist_select       (AngioWorklist      *self,
                                         const char *const  *case_ids);

G_END_DECLS
