/* angio-redaction-tool.h — blacking out burned-in text on a run (PS3.15 Clean Pixel Data): the
 * run's regions drawn black over the image as export will make them, and while the tool is
 * active, a drag draws a new region, a drag inside one moves it, a drag on its lower right
 * corner resizes it, a right click removes it. Edits go to the case series; ::edited says
 * what was done, for the history. */
#pragma once

#include "angio-case-series.h"
#include "angio-cine-view.h"

G_BEGIN_DECLS

#define ANGIO_TYPE_REDACTION_TOOL (angio_redaction_tool_get_type ())
G_DECLARE_FINAL_TYPE (AngioRedactionTool, angio_redaction_tool, ANGIO, REDACTION_TOOL, GObject)

AngioRedactionTool *angio_redaction_tool_new        (AngioCineView      *view);
/* The run whose regions are shown and edited (nullable). */
void                angio_redaction_tool_set_series (AngioRedactionTool *self,
                                                     AngioCaseSeries    *case_series);
/* Whether the image's drags and right clicks edit the regions (the "active" property). */
void                angio_redaction_tool_set_active (AngioRedactionTool *self,
                                                     gboolean            active);
gboolean            angio_redaction_tool_get_active (AngioRedactionTool *self);

G_END_DECLS
