/* angio-annotation-panel.h — what the annotator reads and corrects beside the image: the case
 * status, the lesion selected with its QCA table, vessel and reference method, the
 * calibration, the pressure-wire values and the FFR estimate beside the wire's. Every change
 * goes through the model and is recorded on the case (and so saved). */
#pragma once

#include <gtk/gtk.h>

#include "angio-case.h"
#include "angio-diameter-plot.h"

G_BEGIN_DECLS

#define ANGIO_TYPE_ANNOTATION_PANEL (angio_annotation_panel_get_type ())
G_DECLARE_FINAL_TYPE (AngioAnnotationPanel, angio_annotation_panel, ANGIO, ANNOTATION_PANEL,
                      GtkWidget)

GtkWidget   *angio_annotation_panel_new        (void);
/* The case and the series on show (both nullable). */
void         angio_annotation_panel_set_case   (AngioAnnotationPanel *self,
                                                AngioCase            *kase,
                                                AngioCaseSeries      *series);
/* The lesion selected (nullable, transfer none); notify::lesion when it changes. */
AngioLesion *angio_annotation_panel_get_lesion (AngioAnnotationPanel *self);
void         angio_annotation_panel_set_lesion (AngioAnnotationPanel *self,
                                                AngioLesion          *lesion);
/* Saves what the text fields hold (annotator, scale, pressures, dose) into the case, each
 * change a revision; a value refused stays in its field with its message. Leaving a field
 * does it for that field; changing the case or run, and closing the window, for them all.
 * Returns: the message of the first value refused (the reader must be told), or %NULL. */
const char  *angio_annotation_panel_commit     (AngioAnnotationPanel *self);
/* The keyboard to the first empty pressure of the wire (else the first), the whole pressure
 * section scrolled into view. */
void         angio_annotation_panel_focus_pressure (AngioAnnotationPanel *self);
/* Types @text into the pressure field @field and commits it, as a user would (tests). Returns
 * the message shown under the field, %NULL when it was taken. */
const char  *angio_annotation_panel_enter_pressure (AngioAnnotationPanel *self,
                                                    AngioPressureField    field,
                                                    const char           *text);
/* A value shown, by id ("mld", "ref", "ds", "as", "length", "symmetry", "plaque",
 * "calibration", "ffr", "resting", "gradient", "estimate", "estimate-inputs"), for tests. */
const char  *angio_annotation_panel_get_value  (AngioAnnotationPanel *self,
                                                const char           *id);

/* The catheter size chosen for the catheter calibration, 4–8 F. */
double       angio_annotation_panel_get_catheter_french (AngioAnnotationPanel *self);
void         angio_annotation_panel_set_catheter_french (AngioAnnotationPanel *self,
                                                         double                french);
/* The diameter plot of the lesion selected. */
AngioDiameterPlot *angio_annotation_panel_get_plot (AngioAnnotationPanel *self);
/* The vessel names offered (English, translated when shown). */
extern const char *const angio_vessel_labels[];

G_END_DECLS
