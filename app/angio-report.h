/* angio-report.h — the one-page QCA report of a case, what QCA workstations hand a cardiologist
 * after an analysis: the key frame with the lesion's contours and a scale, the lesion zoomed,
 * the QCA table, the diameter plot, the calibration and where it comes from, the pressure wire
 * and its FFR beside the estimate from the angiogram, the reader and the date. The case is
 * named by its pseudonym (else its workspace id); the patient's name only when asked. In the
 * interface's language. Drawn with Cairo on any surface: a PDF file, a printed page, a
 * preview. */
#pragma once

#include <gtk/gtk.h>

#include "angio-case.h"

G_BEGIN_DECLS

#define ANGIO_TYPE_REPORT (angio_report_get_type ())
G_DECLARE_FINAL_TYPE (AngioReport, angio_report, ANGIO, REPORT, GObject)

/* A4, in points. */
#define ANGIO_REPORT_PAGE_WIDTH 595.28
#define ANGIO_REPORT_PAGE_HEIGHT 841.89

/**
 * angio_report_new:
 * The report of @lesion (nullable: the run's key frame without QCA) of @run, a run of @kase
 * whose frames are loaded (angio_case_series_get_series()). @case_label names the case (its
 * pseudonym, else its id); @reader says who read it (nullable). The frame is shown through
 * the window @window_center / @window_width (stored values), inverted if @invert.
 */
AngioReport *angio_report_new          (AngioCase       *kase,
                                        AngioCaseSeries *run,
                                        AngioLesion     *lesion,
                                        const char      *case_label,
                                        const char      *reader,
                                        double           window_center,
                                        double           window_width,
                                        gboolean         invert);
/* How the case is named: its pseudonym, else its id. */
const char  *angio_report_get_case_label (AngioReport *self);
/* Whether the patient's name (from the run's DICOM) is printed; off by default. */
void         angio_report_set_show_patient_name (AngioReport *self,
                                                 gboolean     show);
gboolean     angio_report_get_show_patient_name (AngioReport *self);
/* The page on @cr, @width × @height in @cr's units (an A4 page in points, or a preview): the
 * A4 layout scaled to fit. */
void         angio_report_draw         (AngioReport     *self,
                                        cairo_t         *cr,
                                        double           width,
                                        double           height);
/* The report as a one-page PDF at @path (written beside and renamed: never half a file).
 * FALSE with @error naming the file and the reason. */
gboolean     angio_report_write_pdf    (AngioReport     *self,
                                        const char      *path,
                                        GError         **error);
/* A print operation of the report, one page (transfer full): run it with the print dialog, or
 * export it. */
GtkPrintOperation *angio_report_print_operation (AngioReport *self);

G_END_DECLS
