/* angio-cine-view.h — shows one frame of a series: window/level, zoom and pan, and an overlay
 * drawn in image coordinates. */
#pragma once

#include <gtk/gtk.h>

#include "angio-series.h"
#include "angio-widget-types.h"

G_BEGIN_DECLS

#define ANGIO_TYPE_CINE_VIEW (angio_cine_view_get_type ())
G_DECLARE_FINAL_TYPE (AngioCineView, angio_cine_view, ANGIO, CINE_VIEW, GtkWidget)

GtkWidget     *angio_cine_view_new              (void);

void           angio_cine_view_set_series       (AngioCineView *self,
                                                 AngioSeries   *series);
AngioSeries   *angio_cine_view_get_series       (AngioCineView *self);
void           angio_cine_view_set_frame        (AngioCineView *self,
                                                 guint          frame);
guint          angio_cine_view_get_frame        (AngioCineView *self);

/* Window in stored values (see angio_series_get_value_mapping()). */
void           angio_cine_view_set_window       (AngioCineView *self,
                                                 double         center,
                                                 double         width);
void           angio_cine_view_get_window       (AngioCineView *self,
                                                 double        *center,
                                                 double        *width);

void           angio_cine_view_set_zoom_mode    (AngioCineView *self,
                                                 AngioZoomMode  mode);
AngioZoomMode  angio_cine_view_get_zoom_mode    (AngioCineView *self);
/* Screen pixels per image pixel. */
double         angio_cine_view_get_zoom         (AngioCineView *self);
/* Zooms by @factor keeping the image point under widget point (@x, @y) in place. */
void           angio_cine_view_zoom_at          (AngioCineView *self,
                                                 double         factor,
                                                 double         x,
                                                 double         y);
/* Moves the image by (@dx, @dy) widget pixels. */
void           angio_cine_view_pan              (AngioCineView *self,
                                                 double         dx,
                                                 double         dy);

/* Image coordinates have (0, 0) at the centre of the top-left pixel. */
void           angio_cine_view_image_to_widget  (AngioCineView *self,
                                                 double         image_x,
                                                 double         image_y,
                                                 double        *widget_x,
                                                 double        *widget_y);
void           angio_cine_view_widget_to_image  (AngioCineView *self,
                                                 double         widget_x,
                                                 double         widget_y,
                                                 double        *image_x,
                                                 double        *image_y);
/* For ::draw-overlay handlers, whose cairo context is in image coordinates: @pixels screen
 * pixels in image units at the view's zoom. */
double         angio_cine_view_overlay_px       (cairo_t       *cr,
                                                 double         pixels);
/* Adds the closed @outline (AngioPoint, image coordinates) to @cr's path and strokes under it
 * the dark halo every outline has, visible on bright and dark parts of the image alike; the
 * path stays, to be stroked in the outline's colour. */
void           angio_cine_view_overlay_outline  (cairo_t       *cr,
                                                 const GArray  *outline);
/* TRUE when @display's OpenGL is a software rasteriser (Mesa's llvmpipe, softpipe…), as in
 * virtual desktops without a GPU. */
gboolean       angio_cine_view_gl_is_software   (GdkDisplay    *display);
/* "OpenGL 4.5, R16", or the reason frames are drawn without GL. */
const char    *angio_cine_view_get_renderer     (AngioCineView *self);

G_END_DECLS
