/* angio-history-dialog.h — the revisions of a case, newest first: when, who, what. */
#pragma once

#include <gtk/gtk.h>

#include "angio-workspace.h"

G_BEGIN_DECLS

/**
 * angio_history_dialog_new:
 * A window over @parent listing the revisions of case @case_id in @workspace.
 * Returns: (transfer none): the window (destroyed on close), or %NULL with @error when the
 * history cannot be read.
 */
GtkWindow *angio_history_dialog_new (GtkWindow       *parent,
                                     AngioWorkspace  *workspace,
                                     const char      *case_id,
                                     GError         **error);
/* The list of a dialog made by angio_history_dialog_new() (tests). */
GtkListBox *angio_history_dialog_get_list (GtkWindow *dialog);

G_END_DECLS
