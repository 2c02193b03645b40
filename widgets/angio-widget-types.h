/* angio-widget-types.h — enums shared by the widgets. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* How the cine view scales the frame: to fit the view, to fill it, one image pixel per
 * screen pixel, or as the user zoomed. */
typedef enum {
  ANGIO_ZOOM_FIT,
  ANGIO_ZOOM_FILL,
  ANGIO_ZOOM_ACTUAL,
  ANGIO_ZOOM_FREE,
} AngioZoomMode;

G_END_DECLS
