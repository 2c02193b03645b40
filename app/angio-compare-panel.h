/* angio-compare-panel.h — the Compare section of the side panel: which stored prediction the
 * case is compared with (a model's, a second annotator's, or none), a legend of the colours on
 * the image, and the case's scores for the three tasks, the labels' values beside the
 * prediction's; buttons to go to the predicted key frame and to adopt the predicted key frame
 * or outline as proposals (the window's case.* actions). */
#pragma once

#include <gtk/gtk.h>

#include "angio-comparison.h"

G_BEGIN_DECLS

#define ANGIO_TYPE_COMPARE_PANEL (angio_compare_panel_get_type ())
G_DECLARE_FINAL_TYPE (AngioComparePanel, angio_compare_panel, ANGIO, COMPARE_PANEL, GtkWidget)

GtkWidget  *angio_compare_panel_new             (void);
/* The predictions stored for the case open (element-type AngioPredictionInfo, nullable:
 * none), offered after "None". */
void        angio_compare_panel_set_predictions (AngioComparePanel *self,
                                                 GPtrArray         *predictions);
/* The number of predictions offered. */
guint       angio_compare_panel_get_n_predictions (AngioComparePanel *self);
/* Shows @comparison (nullable) and follows it. */
void        angio_compare_panel_set_comparison  (AngioComparePanel *self,
                                                 AngioComparison   *comparison);
/* The prediction chosen: "" for none, else its key (angio_prediction_key()); notify::active
 * when the user chooses another. */
const char *angio_compare_panel_get_active      (AngioComparePanel *self);
void        angio_compare_panel_set_active      (AngioComparePanel *self,
                                                 const char        *key);
/* A value shown, by id ("reference-key-frame", "predicted-key-frame", "offset", "hit", "dice",
 * "iou", "hd95", "reference-mld", "predicted-mld", "reference-ds", "predicted-ds",
 * "reference-ffr", "predicted-ffr", "reference-class", "predicted-class", "ffr-difference"),
 * for tests. */
const char *angio_compare_panel_get_value       (AngioComparePanel *self,
                                                 const char        *id);
/* A button, by id ("go-to-key-frame", "adopt-key-frame", "adopt-outline"), for tests. */
GtkWidget  *angio_compare_panel_get_button      (AngioComparePanel *self,
                                                 const char        *id);

/* "model:unet": how win.compare names a stored prediction. Returns: (transfer full). */
char       *angio_prediction_key                (AngioPredictionOrigin origin,
                                                 const char        *source);
/* The origin and source of @key; FALSE when it names none. */
gboolean    angio_prediction_key_parse          (const char        *key,
                                                 AngioPredictionOrigin *origin,
                                                 char             **source);
/* "Model unet 1.0", "Annotator dr-b" (translated). Returns: (transfer full). */
char       *angio_prediction_describe           (const AngioPredictionInfo *info);

G_END_DECLS
