/* angio-png.h — 8-bit grayscale PNG files (masks) and RGB ones (previews). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes @width × @height bytes (row by row) to @path through a temporary file and a rename. */
gboolean angio_png_write_gray8 (const char    *path,
                                const guint8  *pixels,
                                guint          width,
                                guint          height,
                                GError       **error);
/* The same with 3 bytes (R, G, B) a pixel. */
gboolean angio_png_write_rgb8  (const char    *path,
                                const guint8  *pixels,
                                guint          width,
                                guint          height,
                                GError       **error);
/* Reads any PNG as 8-bit gray. Returns: (transfer full): width × height bytes, or NULL. */
guint8  *angio_png_read_gray8  (const char    *path,
                                guint         *width,
                                guint         *height,
                                GError       **error);

G_END_DECLS
