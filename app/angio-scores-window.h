/* angio-scores-window.h — the dataset's scores of one set of predictions (a model's, or a
 * second annotator's labels: inter-observer agreement) against the cases' labels, for the
 * challenge's three tasks: a summary per task, the plots, a table of the cases; exported as
 * CSV, PNG and SVG; a case opened side by side with the prediction in two clicks. */
#pragma once

#include <adwaita.h>

#include "angio-workspace.h"

G_BEGIN_DECLS

#define ANGIO_TYPE_SCORES_WINDOW (angio_scores_window_get_type ())
G_DECLARE_FINAL_TYPE (AngioScoresWindow, angio_scores_window, ANGIO, SCORES_WINDOW, AdwWindow)

/**
 * angio_scores_window_new:
 * A window beside @parent (the main window: a case activated opens there through its action
 * win.compare-case, and it comes to the front) scoring the predictions stored in @workspace, the first source listed
 * first. The scores are computed in the background.
 * Returns: (transfer none): the window (destroyed on close, or with @parent), or %NULL with
 * @error when the predictions cannot be listed.
 */
GtkWindow *angio_scores_window_new    (GtkWindow       *parent,
                                       AngioWorkspace  *workspace,
                                       GError         **error);
/* Lists the sources again (after an import) and scores the one chosen again, keeping it
 * chosen when it is still there. FALSE with @error when they cannot be listed. */
gboolean   angio_scores_window_reload (GtkWindow       *window,
                                       GError         **error);
/* The main window it opens cases in (transfer none, nullable). */
GtkWindow *angio_scores_window_get_main_window (GtkWindow *window);
/* The workspace scored: (transfer none). */
AngioWorkspace *angio_scores_window_get_workspace (GtkWindow *window);

G_END_DECLS
