/* angio-export-dialog.h — exporting cases of a workspace as a dataset of case packages: which
 * cases, the pseudonym each leaves under, what each lacks of the three labels, whether its
 * pixels may carry identifying text; where the dataset goes; the export itself, with its
 * progress, stopped at any time without leaving anything behind. */
#pragma once

#include <adwaita.h>

#include "angio-workspace.h"

G_BEGIN_DECLS

#define ANGIO_TYPE_EXPORT_DIALOG (angio_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (AngioExportDialog, angio_export_dialog, ANGIO, EXPORT_DIALOG, AdwWindow)

/**
 * angio_export_dialog_new:
 * A modal window over @parent listing the cases of @workspace, those in
 * @preselected_case_ids (nullable) checked. What each case has is read in the background, the
 * rows filling in as it comes.
 * Returns: (transfer none): the window (destroyed on close), or %NULL with @error when the
 * cases cannot be listed.
 */
GtkWindow  *angio_export_dialog_new             (GtkWindow          *parent,
                                                 AngioWorkspace     *workspace,
                                                 const char *const  *preselected_case_ids,
                                                 GError            **error);

/* For the tests, on a window made by angio_export_dialog_new(). The export starts with the
 * action "export.start" and stops with "export.cancel". */

/* TRUE while something runs in the background: a case being checked, a pseudonym being
 * stored, the export. */
gboolean    angio_export_dialog_is_busy         (GtkWindow          *dialog);
/* What the row of @case_id shows, as "key-frame=yes outline=yes wire-ffr=no burned-in=unknown
 * pseudonym=RAS-0001 selected=yes" (or "…=pending" before it is checked). Returns: (transfer
 * full) (nullable): %NULL if the case is not listed. */
char       *angio_export_dialog_describe_case   (GtkWindow          *dialog,
                                                 const char         *case_id);
void        angio_export_dialog_set_selected    (GtkWindow          *dialog,
                                                 const char         *case_id,
                                                 gboolean            selected);
/* Returns: (transfer full): the ids of the cases checked, in the order listed. */
GStrv       angio_export_dialog_get_selected    (GtkWindow          *dialog);
/* As if typed in the row of @case_id: stored in the background. */
void        angio_export_dialog_set_pseudonym   (GtkWindow          *dialog,
                                                 const char         *case_id,
                                                 const char         *pseudonym);
/* The dataset goes to a new folder @name inside @folder. */
void        angio_export_dialog_set_destination (GtkWindow          *dialog,
                                                 const char         *folder,
                                                 const char         *name);
void        angio_export_dialog_set_zip         (GtkWindow          *dialog,
                                                 gboolean            zip);
/* The dataset folder once written, else %NULL. */
const char *angio_export_dialog_get_output      (GtkWindow          *dialog);
/* The error or notice shown above the form (@case_id %NULL) or on the row of @case_id, else
 * %NULL. */
const char *angio_export_dialog_get_message     (GtkWindow          *dialog,
                                                 const char         *case_id);

G_END_DECLS
