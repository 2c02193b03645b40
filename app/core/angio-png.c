/* angio-png.c — 8-bit grayscale and RGB PNG through libpng's simplified API. */
#define G_LOG_DOMAIN "angio-png"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <png.h>

#include "angio-png.h"
#include "angio-types.h"

static gboolean
write_png (const char    *path,
           const guint8  *pixels,
           guint          width,
           guint          height,
           guint32        format,
           GError       **error)
{
  png_image image;
  g_autofree char *tmp = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL && pixels != NULL, FALSE);

  memset (&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = width;
  image.height = height;
  image.format = format;
  tmp = g_strdup_printf ("%s.tmp-%u", path, g_random_int ());
  if (png_image_write_to_file (&image, tmp, 0, pixels,
                               (png_int_32) (width * PNG_IMAGE_PIXEL_CHANNELS (format)), NULL)
      && g_rename (tmp, path) == 0)
    return TRUE;

  name = g_filename_display_name (path);
  g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_FAILED, _("%s: cannot write (%s)"),
               name, image.warning_or_error ? image.message : g_strerror (errno));
  g_unlink (tmp);
  png_image_free (&image);
  return FALSE;
}

gboolean
angio_png_write_gray8 (const char    *path,
                       const guint8  *pixels,
                       guint          width,
                       guint          height,
                       GError       **error)
{
  return write_png (path, pixels, width, height, PNG_FORMAT_GRAY, error);
}

gboolean
angio_png_write_rgb8 (const char    *path,
                      const guint8  *pixels,
                      guint          width,
                      guint          height,
                      GError       **error)
{
  return write_png (path, pixels, width, height, PNG_FORMAT_RGB, error);
}

guint8 *
angio_png_read_gray8 (const char  *path,
                      guint       *width,
                      guint       *height,
                      GError     **error)
{
  png_image image;
  g_autofree guint8 *pixels = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL && width != NULL && height != NULL, NULL);

  memset (&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  if (png_image_begin_read_from_file (&image, path))
    {
      image.format = PNG_FORMAT_GRAY;
      if ((guint64) image.width * image.height <= (G_GUINT64_CONSTANT (1) << 30))
        {
          pixels = g_malloc ((gsize) image.width * image.height);
          if (png_image_finish_read (&image, NULL, pixels, (png_int_32) image.width, NULL))
            {
              *width = image.width;
              *height = image.height;
              return g_steal_pointer (&pixels);
            }
        }
    }
  name = g_filename_display_name (path);
  g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_FAILED, _("%s: not a readable PNG (%s)"),
               name, image.message[0] ? image.message : _("too large"));
  png_image_free (&image);
  return NULL;
}
