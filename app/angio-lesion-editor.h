/* angio-lesion-editor.h — corrections of the selected lesion on the image, as in QCA
 * workstations: drag a point of a border and the border is found again through it (the point
 * is kept as a constraint); drag the lesion borders or the reference markers along the vessel.
 * Also the scanline under the pointer, shared with the diameter plot. */
#pragma once

#include "angio-case-series.h"
#include "angio-cine-view.h"

G_BEGIN_DECLS

#define ANGIO_TYPE_LESION_EDITOR (angio_lesion_editor_get_type ())
G_DECLARE_FINAL_TYPE (AngioLesionEditor, angio_lesion_editor, ANGIO, LESION_EDITOR, GObject)

/* What a drag moves. */
typedef enum {
  ANGIO_HANDLE_NONE,
  ANGIO_HANDLE_LEFT_EDGE,
  ANGIO_HANDLE_RIGHT_EDGE,
  ANGIO_HANDLE_LESION_PROX,
  ANGIO_HANDLE_LESION_DIST,
  ANGIO_HANDLE_MARKER_PROX,
  ANGIO_HANDLE_MARKER_DIST,
} AngioHandle;

AngioLesionEditor *angio_lesion_editor_new        (AngioCineView     *view);
/* The lesion to correct (nullable) and the series that holds it (its run gives the image). */
void               angio_lesion_editor_set_lesion (AngioLesionEditor *self,
                                                   AngioCaseSeries   *case_series,
                                                   AngioLesion       *lesion);
/* Off while the image's clicks mean something else (measuring, calibrating). */
void               angio_lesion_editor_set_enabled (AngioLesionEditor *self,
                                                    gboolean           enabled);
/* The scanline of the lesion's vessel segment under the pointer, or −1; shown across the
 * vessel on the image. */
gint               angio_lesion_editor_get_hover  (AngioLesionEditor *self);
void               angio_lesion_editor_set_hover  (AngioLesionEditor *self,
                                                   gint               scanline);
/* What a press at image point @at would grab. */
AngioHandle        angio_lesion_editor_hit        (AngioLesionEditor *self,
                                                   AngioPoint         at);
/* A whole drag from @from to @to in image coordinates, as the pointer does it (tests).
 * Returns: what was moved. */
AngioHandle        angio_lesion_editor_drag       (AngioLesionEditor *self,
                                                   AngioPoint         from,
                                                   AngioPoint         to);

G_END_DECLS
