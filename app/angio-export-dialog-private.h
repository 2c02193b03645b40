/* angio-export-dialog-private.h — shared by the files of AngioExportDialog:
 * angio-export-dialog.c (the window, its queue of work and the export) and
 * angio-export-dialog-row.c (a case's row: what it has, its pseudonym). */
#pragma once

#include "angio-export-dialog.h"
#include "angio-package.h"

G_BEGIN_DECLS

typedef enum {
  ANGIO_EXPORT_TASK_KEY_FRAME,
  ANGIO_EXPORT_TASK_OUTLINE,
  ANGIO_EXPORT_TASK_WIRE_FFR,
  ANGIO_EXPORT_N_TASKS
} AngioExportTask;

typedef struct {
  AngioExportDialog *dialog;         /* owns the row */
  char *case_id;
  AngioCaseStatus status;
  gint key_frame;                    /* its first accepted key frame (0-based), or −1 */
  GtkLabel *status_label;
  AngioPackageReadiness *readiness;  /* NULL until read */
  char *message;                     /* why it was not read, or a pseudonym refused */
  GtkWidget *widget;                 /* the GtkListBoxRow */
  GtkCheckButton *check;
  GtkLabel *pseudonym;
  GtkWidget *edit_button;            /* its popover changes the pseudonym */
  GtkEntry *pseudonym_entry;
  GtkStack *checks;                  /* "pending", "checks", "failed" */
  GtkImage *icons[ANGIO_EXPORT_N_TASKS];
  GtkWidget *burned_in;
  GtkLabel *burned_in_label;
  GtkLabel *message_label;
} AngioExportRow;

/* The row of @summary's case, checked if @selected; its check box joins @check_column. */
AngioExportRow *angio_export_row_new      (AngioExportDialog      *dialog,
                                           const AngioCaseSummary *summary,
                                           gboolean                selected,
                                           GtkSizeGroup           *check_column);
void            angio_export_row_free     (AngioExportRow         *row);
/* Shows the readiness and the message as they are now. */
void            angio_export_row_update   (AngioExportRow         *row);
gboolean        angio_export_row_selected (AngioExportRow         *row);
/* Read, and has the three labels. */
gboolean        angio_export_row_complete (AngioExportRow         *row);
/* See angio_export_dialog_describe_case(). */
char           *angio_export_row_describe (AngioExportRow         *row);
/* The column titles, lined up with the rows. */
GtkWidget      *angio_export_row_header   (GtkSizeGroup           *check_column);

/* angio-export-dialog.c: the row's check box was toggled. */
void            angio_export_dialog_update_state     (AngioExportDialog *self);
/* …a pseudonym was typed: stored in the background. */
void            angio_export_dialog_store_pseudonym  (AngioExportDialog *self,
                                                      AngioExportRow    *row,
                                                      const char        *pseudonym);

G_END_DECLS
