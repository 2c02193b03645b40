/* angio-report-dialog.h — the report of a case before it leaves: a preview of the page, whether
 * the patient's name is on it, Save as PDF… and Print…. */
#pragma once

#include <adwaita.h>

#include "angio-report.h"

G_BEGIN_DECLS

#define ANGIO_TYPE_REPORT_DIALOG (angio_report_dialog_get_type ())
G_DECLARE_FINAL_TYPE (AngioReportDialog, angio_report_dialog, ANGIO, REPORT_DIALOG, AdwWindow)

/* Shows @report over @parent. Returns: (transfer none): the window, destroyed on close. */
GtkWindow   *angio_report_dialog_new        (GtkWindow  *parent,
                                             AngioReport *report);
AngioReport *angio_report_dialog_get_report (GtkWindow  *dialog);
/* What Save as PDF… does once the file is chosen: FALSE with @error (also shown). */
gboolean     angio_report_dialog_save       (GtkWindow  *dialog,
                                             const char *path,
                                             GError    **error);

G_END_DECLS
