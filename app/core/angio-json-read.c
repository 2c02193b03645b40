/* angio-json-read.c — reading JSON someone else wrote.
 *
 * json-glib parses recursively: 100 000 nested '[' overflow the stack, and a NUL byte ends the
 * text early. So every untrusted JSON text (packages, manifests, case.json, COCO files,
 * predictions) is read here: its size bounded, then scanned once — no NUL byte, valid UTF-8,
 * nesting no deeper than ANGIO_JSON_MAX_DEPTH — before json-glib sees a byte of it.
 */
#define G_LOG_DOMAIN "angio-json"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "angio-json.h"
#include "angio-types.h"

static JsonNode * G_GNUC_PRINTF (3, 4)
fail (GError     **error,
      const char  *name,
      const char  *format,
      ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  /* Translators: "%s: %s" is "file name: reason" */
  g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT, _("%s: %s"), name,
               reason);
  return NULL;
}

/* The scan before parsing: depth of [ and { outside strings, NUL bytes, UTF-8. */
static gboolean
prescan (const char  *data,
         gsize        length,
         const char  *name,
         GError     **error)
{
  const char *end = NULL;
  guint depth = 0;
  gboolean in_string = FALSE;

  if (memchr (data, '\0', length) != NULL)
    {
      fail (error, name, _("a NUL byte at byte %lu: not JSON text"),
            (unsigned long) ((const char *) memchr (data, '\0', length) - data));
      return FALSE;
    }
  if (!g_utf8_validate_len (data, length, &end))
    {
      fail (error, name, _("not UTF-8 text (at byte %lu)"), (unsigned long) (end - data));
      return FALSE;
    }
  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > ANGIO_JSON_MAX_DEPTH)
            {
              fail (error, name, _("nested more than %d levels deep"), ANGIO_JSON_MAX_DEPTH);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

JsonNode *
angio_json_parse (const char  *data,
                  gsize        length,
                  const char  *name,
                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();   /* the caller may edit the tree */
  g_autoptr(GError) local = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (length > G_MAXSSIZE)
    return fail (error, name, _("too large"));
  if (!prescan (data ? data : "", length, name, error))
    return NULL;
  if (!json_parser_load_from_data (parser, data ? data : "", (gssize) length, &local))
    return fail (error, name, "%s", local->message);
  root = json_parser_get_root (parser);
  if (root == NULL)
    return fail (error, name, _("empty: no JSON value"));
  return json_node_ref (root);
}

JsonNode *
angio_json_read_bytes (GBytes      *bytes,
                       const char  *name,
                       GError     **error)
{
  gsize length;
  const char *data;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &length);
  return angio_json_parse (data, length, name, error);
}

GBytes *
angio_file_read_bounded (const char  *path,
                         guint64      max_bytes,
                         GError     **error)
{
  g_autofree char *name = g_filename_display_name (path);
  g_autofree char *data = NULL;
  struct stat st;
  gsize done = 0;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("%s: %s"), name,
                   saved == ELOOP ? _("a symbolic link, not a file") : g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      fail (error, name, _("not a regular file"));
      return NULL;
    }
  if ((guint64) st.st_size > max_bytes)
    {
      close (fd);
      fail (error, name, _("%.1f MB, more than the %.1f MB such a file may have"),
            st.st_size / 1e6, max_bytes / 1e6);
      return NULL;
    }
  /* One byte more than announced: a file that grows while read is refused, not cut. */
  data = g_malloc ((gsize) st.st_size + 1);
  for (;;)
    {
      ssize_t n = read (fd, data + done, (gsize) st.st_size + 1 - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("%s: %s"), name,
                       g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;
      done += (gsize) n;
      if (done > (gsize) st.st_size)
        {
          close (fd);
          fail (error, name, _("it changed while it was read"));
          return NULL;
        }
    }
  close (fd);
  return g_bytes_new_take (g_steal_pointer (&data), done);
}

JsonNode *
angio_json_read_file (const char  *path,
                      guint64      max_bytes,
                      GError     **error)
{
  g_autofree char *name = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  bytes = angio_file_read_bounded (path, max_bytes, error);
  if (bytes == NULL)
    return NULL;
  name = g_filename_display_name (path);
  return angio_json_read_bytes (bytes, name, error);
}
