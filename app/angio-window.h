/* angio-window.h — the main window: open runs, play them, show their details. */
#pragma once

#include <adwaita.h>

#include "angio-cine-view.h"
#include "angio-info-panel.h"
#include "angio-proposals.h"
#include "angio-session.h"
#include "angio-timeline.h"

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

G_END_DECLS
