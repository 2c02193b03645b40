/* angio-csv.c — an RFC 4180 CSV reader for files from elsewhere.
 *
 * The prediction CSVs come from models and spreadsheets: a NUL byte once cut a value short
 * and dropped the rows after it, CR-only line ends (old spreadsheets) made one line of the
 * whole file, a byte-order mark (Excel's "CSV UTF-8") hid the first column's name. Each is read
 * correctly or refused with the line and the reason.
 */
#define G_LOG_DOMAIN "angio-csv"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "angio-csv.h"
#include "angio-json.h"
#include "angio-types.h"

void
angio_csv_free (AngioCsv *csv)
{
  if (csv == NULL)
    return;
  g_ptr_array_unref (csv->rows);
  g_array_unref (csv->lines);
  g_free (csv);
}

static AngioCsv * G_GNUC_PRINTF (4, 5)
fail (GError     **error,
      const char  *name,
      guint        line,
      const char  *format,
      ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  /* Translators: "file name: line 3: reason" */
  g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT, _("%s: line %u: %s"),
               name, line, reason);
  return NULL;
}

static void
end_record (AngioCsv  *csv,
            GPtrArray *cells,
            guint      line)
{
  g_ptr_array_add (cells, NULL);
  g_ptr_array_add (csv->rows, g_ptr_array_free (cells, FALSE));
  g_array_append_val (csv->lines, line);
}

AngioCsv *
angio_csv_parse (const char  *data,
                 gsize        length,
                 const char  *name,
                 GError     **error)
{
  g_autoptr(AngioCsv) csv = g_new0 (AngioCsv, 1);
  g_autoptr(GString) cell = g_string_new (NULL);
  GPtrArray *cells = NULL;
  const char *bad = NULL;
  const char *nul;
  gsize i = 0;
  guint line = 1, record_line = 1;
  gboolean quoted = FALSE, was_quoted = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  csv->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  csv->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  if (length == 0)
    return g_steal_pointer (&csv);
  if ((nul = memchr (data, '\0', length)) != NULL)
    {
      guint at = 1;

      for (const char *p = data; p < nul; p++)
        at += *p == '\n' || (*p == '\r' && (p + 1 == nul || p[1] != '\n'));
      return fail (error, name, at, _("a NUL byte: not text (a value would be cut short)"));
    }
  if (!g_utf8_validate_len (data, length, &bad))
    {
      guint at = 1;

      for (const char *p = data; p < bad; p++)
        at += *p == '\n' || (*p == '\r' && p[1] != '\n');
      return fail (error, name, at, _("not UTF-8 text"));
    }
  /* Excel's "CSV UTF-8" starts with a byte-order mark. */
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    i = 3;

  cells = g_ptr_array_new_with_free_func (g_free);
  for (; i < length; i++)
    {
      char c = data[i];

      if (quoted)
        {
          if (c == '"' && i + 1 < length && data[i + 1] == '"')
            {
              g_string_append_c (cell, '"');
              i++;
            }
          else if (c == '"')
            quoted = FALSE;
          else
            {
              if (c == '\n' || (c == '\r' && !(i + 1 < length && data[i + 1] == '\n')))
                line++;
              g_string_append_c (cell, c);
            }
          continue;
        }
      if (c == '"')
        {
          if ((cell->len > 0 && strspn (cell->str, " \t") != cell->len) || was_quoted)
            {
              g_ptr_array_unref (cells);
              return fail (error, name, line, _("a quote inside a cell that does not start "
                                                "with one"));
            }
          g_string_truncate (cell, 0);   /* blanks before the quote */
          quoted = was_quoted = TRUE;
        }
      else if (c == ',')
        {
          g_ptr_array_add (cells, g_strdup (cell->str));
          g_string_truncate (cell, 0);
          was_quoted = FALSE;
        }
      else if (c == '\r' || c == '\n')
        {
          if (c == '\r' && i + 1 < length && data[i + 1] == '\n')
            i++;
          g_ptr_array_add (cells, g_strdup (cell->str));
          g_string_truncate (cell, 0);
          was_quoted = FALSE;
          end_record (csv, cells, record_line);
          cells = g_ptr_array_new_with_free_func (g_free);
          record_line = ++line;
        }
      else if (was_quoted)
        {
          if (c != ' ' && c != '\t')
            {
              g_ptr_array_unref (cells);
              return fail (error, name, line, _("text after the closing quote of a cell"));
            }
        }
      else
        g_string_append_c (cell, c);
    }
  if (quoted)
    {
      g_ptr_array_unref (cells);
      return fail (error, name, record_line, _("a quoted cell is not closed"));
    }
  if (cells->len > 0 || cell->len > 0 || was_quoted)
    {
      g_ptr_array_add (cells, g_strdup (cell->str));
      end_record (csv, cells, record_line);
    }
  else
    g_ptr_array_unref (cells);
  return g_steal_pointer (&csv);
}

AngioCsv *
angio_csv_read_file (const char  *path,
                     guint64      max_bytes,
                     GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (path != NULL, NULL);

  bytes = angio_file_read_bounded (path, max_bytes, error);
  if (bytes == NULL)
    return NULL;
  name = g_filename_display_name (path);
  data = g_bytes_get_data (bytes, &length);
  return angio_csv_parse (data, length, name, error);
}
