/* angio-info-panel.h — the side panel: frame, display, acquisition, and (on request) the
 * attributes that identify the patient. Everything from a file is shown as plain text. */
#pragma once

#include <gtk/gtk.h>

#include "angio-cine-view.h"
#include "angio-session.h"

G_BEGIN_DECLS

#define ANGIO_TYPE_INFO_PANEL (angio_info_panel_get_type ())
G_DECLARE_FINAL_TYPE (AngioInfoPanel, angio_info_panel, ANGIO, INFO_PANEL, GtkWidget)

GtkWidget *angio_info_panel_new         (void);
/* Follows @session (and @view for zoom, pointer and renderer). */
void       angio_info_panel_set_session (AngioInfoPanel *self,
                                         AngioSession   *session,
                                         AngioCineView  *view);
/* The text of the row titled @title, for tests. */
const char *angio_info_panel_get_value  (AngioInfoPanel *self,
                                         const char     *title);

G_END_DECLS
