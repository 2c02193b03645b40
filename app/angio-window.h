/* angio-window.h — the main window: open runs, play them, show their details. */
#pragma once

#include <adwaita.h>

#include "angio-annotation-panel.h"
#include "angio-cine-view.h"
#include "angio-compare-panel.h"
#include "angio-info-panel.h"
#include "angio-lesion-editor.h"
#include "angio-proposals.h"
#include "angio-session.h"
#include "angio-timeline.h"
#include "angio-worklist.h"

G_BEGIN_DECLS

#define ANGIO_TYPE_WINDOW (angio_window_get_type ())
G_DECLARE_FINAL_TYPE (AngioWindow, angio_window, ANGIO, WINDOW, GtkApplicationWindow)

AngioWindow    *angio_window_new             (GtkApplication *application);
/* Opens files and folders (searched for DICOM files); the first run is shown. */
void            angio_window_open_files      (AngioWindow    *self,
                                              GFile         **files,
                                              guint           n_files);
void            angio_window_open_demo       (AngioWindow    *self);
/* Shows @message (plain text) in a toast. */
void            angio_window_show_message    (AngioWindow    *self,
                                              const char     *message);

AngioSession   *angio_window_get_session     (AngioWindow    *self);
AngioCineView  *angio_window_get_cine_view   (AngioWindow    *self);
AngioTimeline  *angio_window_get_timeline    (AngioWindow    *self);
AngioInfoPanel *angio_window_get_info_panel  (AngioWindow    *self);
AngioProposals *angio_window_get_proposals   (AngioWindow    *self);

/* The workspace side (angio-window-case.c). */
/* Opens (creating when needed) the workspace in @folder and shows its worklist. */
gboolean        angio_window_open_workspace  (AngioWindow    *self,
                                              const char     *folder,
                                              GError        **error);
/* Imports @paths (NULL-terminated) into the open workspace, in the background. */
void            angio_window_import          (AngioWindow    *self,
                                              const char *const *paths);
/* Imports the case packages at @paths (NULL-terminated: package or dataset folders, zipped
 * packages) into the open workspace, in the background; a toast says what came of it. */
void            angio_window_import_packages (AngioWindow    *self,
                                              const char *const *paths);
/* Imports the prediction set at @path (docs/predictions.md) as @source's — a model's name, or a
 * second annotator's — beside the labels of the open workspace's cases, in the background; a
 * toast says what came of it (angio-window-review.c). */
void            angio_window_import_predictions (AngioWindow          *self,
                                                 const char           *path,
                                                 AngioPredictionOrigin origin,
                                                 const char           *source);
/* Opens case @case_id of the workspace: its first run, its annotations, its history. */
gboolean        angio_window_open_case       (AngioWindow    *self,
                                              const char     *case_id,
                                              GError        **error);
/* The guided QCA between two image points on the frame on show, as two clicks do. */
void            angio_window_measure         (AngioWindow    *self,
                                              AngioPoint      from,
                                              AngioPoint      to);
/* The catheter calibration between two image points on the catheter, as two clicks do after
 * case.calibrate-catheter (the French size as chosen in the panel). */
void            angio_window_calibrate_catheter (AngioWindow *self,
                                                 AngioPoint   from,
                                                 AngioPoint   to);
AngioWorkspace *angio_window_get_workspace   (AngioWindow    *self);
AngioCase      *angio_window_get_case        (AngioWindow    *self);
AngioWorklist  *angio_window_get_worklist    (AngioWindow    *self);
AngioAnnotationPanel *angio_window_get_annotation_panel (AngioWindow *self);
AngioLesionEditor *angio_window_get_lesion_editor (AngioWindow *self);
/* The Compare section of the side panel (angio-window-compare.c). */
AngioComparePanel *angio_window_get_compare_panel (AngioWindow *self);

G_END_DECLS
