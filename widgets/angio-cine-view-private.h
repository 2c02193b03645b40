/* angio-cine-view-private.h — the GL side of the cine view (angio-cine-view-gl.c), kept apart
 * so that the widget code reads without GL calls. Every function needs the GL area's context
 * to be current. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _AngioCineGl AngioCineGl;

typedef struct {
  int viewport_width;    /* device pixels */
  int viewport_height;
  float rect[4];         /* the frame in clip space: x0, y0 (top-left), x1, y1 (bottom-right) */
  float low;             /* window bottom, stored value / 65535 */
  float scale;           /* 65535 / window width */
  gboolean invert;
  gboolean smooth;       /* linear sampling (else nearest) */
} AngioCineGlParams;

AngioCineGl *angio_cine_gl_new      (GdkGLContext             *context,
                                     GError                  **error);
void         angio_cine_gl_free     (AngioCineGl              *gl);
/* Uploads one frame (only when it changed: the caller decides). */
void         angio_cine_gl_upload   (AngioCineGl              *gl,
                                     const guint16            *pixels,
                                     guint                     width,
                                     guint                     height);
void         angio_cine_gl_draw     (AngioCineGl              *gl,
                                     const AngioCineGlParams  *params);
void         angio_cine_gl_clear    (AngioCineGl              *gl,
                                     int                       viewport_width,
                                     int                       viewport_height);
/* Waits until the GPU is done (benchmarks only). */
void         angio_cine_gl_finish   (AngioCineGl              *gl);
/* TRUE when 16-bit textures are missing and frames travel as two bytes. */
gboolean     angio_cine_gl_is_packed (AngioCineGl             *gl);
const char  *angio_cine_gl_describe (AngioCineGl              *gl);

G_END_DECLS
