/* angio-json.c — a JSON writer with shortest round-trip numbers.
 *
 * json-glib prints doubles with 17 significant digits (0.1 becomes 0.10000000000000001), which
 * makes files hard to read and to compare by eye.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "angio-json.h"

static void
append_double (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }
  /* Plain decimals where they make sense, exponents only for the very large or small. */
  if (value == 0 || (fabs (value) >= 1e-5 && fabs (value) < 1e15))
    {
      for (int decimals = 0; decimals <= 20; decimals++)
        {
          char format[8];

          g_snprintf (format, sizeof format, "%%.%df", decimals);
          g_ascii_formatd (buffer, sizeof buffer, format, value);
          if (g_ascii_strtod (buffer, NULL) == value)
            break;
        }
    }
  else
    for (int precision = 1; precision <= 17; precision++)
      {
        char format[8];

        g_snprintf (format, sizeof format, "%%.%dg", precision);
        g_ascii_formatd (buffer, sizeof buffer, format, value);
        if (g_ascii_strtod (buffer, NULL) == value)
          break;
      }
  g_string_append (out, buffer);
  /* Keep a double a double when read back (json-glib would see 2 as an integer). */
  if (strpbrk (buffer, ".eEn") == NULL)
    g_string_append (out, ".0");
}

static void
append_string (GString    *out,
               const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_value (GString  *out,
              JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_INT64)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (type == G_TYPE_DOUBLE)
    append_double (out, json_node_get_double (node));
  else if (type == G_TYPE_BOOLEAN)
    g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
  else if (type == G_TYPE_STRING)
    append_string (out, json_node_get_string (node));
  else
    g_string_append (out, "null");
}

/* An array written on one line: scalars, or arrays of scalars (points). */
static gboolean
is_flat (JsonNode *node,
         guint     depth)
{
  JsonArray *array;

  if (JSON_NODE_HOLDS_VALUE (node) || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node) || depth > 1)
    return FALSE;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!is_flat (json_array_get_element (array, i), depth + 1))
      return FALSE;
  return TRUE;
}

static void
newline (GString *out,
         gboolean pretty,
         guint    level)
{
  if (!pretty)
    return;
  g_string_append_c (out, '\n');
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

static void
append_node (GString  *out,
             JsonNode *node,
             gboolean  pretty,
             guint     level)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      g_string_append_c (out, '{');
      for (GList *l = members; l != NULL; l = l->next)
        {
          newline (out, pretty, level + 1);
          append_string (out, l->data);
          g_string_append (out, pretty ? ": " : ":");
          append_node (out, json_object_get_member (object, l->data), pretty, level + 1);
          if (l->next != NULL)
            g_string_append_c (out, ',');
        }
      if (members != NULL)
        newline (out, pretty, level);
      g_string_append_c (out, '}');
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);
      gboolean flat = is_flat (node, 0);

      g_string_append_c (out, '[');
      for (guint i = 0; i < n; i++)
        {
          if (!flat)
            newline (out, pretty, level + 1);
          append_node (out, json_array_get_element (array, i), pretty, level + 1);
          if (i + 1 < n)
            g_string_append (out, flat && pretty ? ", " : ",");
        }
      if (!flat && n > 0)
        newline (out, pretty, level);
      g_string_append_c (out, ']');
    }
  else
    append_value (out, node);
}

char *
angio_json_to_string (JsonNode *node,
                      gboolean  pretty)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (node != NULL, NULL);

  append_node (out, node, pretty, 0);
  return g_string_free (out, FALSE);
}

gboolean
angio_json_to_file (JsonNode    *node,
                    const char  *path,
                    GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *with_newline = NULL;

  g_return_val_if_fail (node != NULL && path != NULL, FALSE);

  text = angio_json_to_string (node, TRUE);
  with_newline = g_strconcat (text, "\n", NULL);
  return g_file_set_contents (path, with_newline, -1, error);
}

double
angio_json_round (double value,
                  int    decimals)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  if (!isfinite (value))
    return value;
  g_snprintf (format, sizeof format, "%%.%df", CLAMP (decimals, 0, 17));
  return g_ascii_strtod (g_ascii_formatd (buffer, sizeof buffer, format, value), NULL);
}

void
angio_json_member_number (JsonBuilder *b,
                          const char  *name,
                          double       value,
                          int          decimals)
{
  json_builder_set_member_name (b, name);
  if (isfinite (value))
    json_builder_add_double_value (b, angio_json_round (value, decimals));
  else
    json_builder_add_null_value (b);
}

void
angio_json_member_int (JsonBuilder *b,
                       const char  *name,
                       gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

void
angio_json_member_bool (JsonBuilder *b,
                        const char  *name,
                        gboolean     value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_boolean_value (b, value);
}

void
angio_json_member_string (JsonBuilder *b,
                          const char  *name,
                          const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

void
angio_json_member_strings (JsonBuilder *b,
                           const char  *name,
                           GPtrArray   *strings)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; strings != NULL && i < strings->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (strings, i));
  json_builder_end_array (b);
}

void
angio_json_member_numbers (JsonBuilder  *b,
                           const char   *name,
                           const double *values,
                           guint         n,
                           int           decimals)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    if (isfinite (values[i]))
      json_builder_add_double_value (b, angio_json_round (values[i], decimals));
    else
      json_builder_add_null_value (b);
  json_builder_end_array (b);
}

void
angio_json_add_point (JsonBuilder *b,
                      AngioPoint   p,
                      int          decimals)
{
  json_builder_begin_array (b);
  json_builder_add_double_value (b, angio_json_round (p.x, decimals));
  json_builder_add_double_value (b, angio_json_round (p.y, decimals));
  json_builder_end_array (b);
}

void
angio_json_member_point (JsonBuilder *b,
                         const char  *name,
                         AngioPoint   p,
                         int          decimals)
{
  json_builder_set_member_name (b, name);
  angio_json_add_point (b, p, decimals);
}

void
angio_json_member_points (JsonBuilder      *b,
                          const char       *name,
                          const AngioPoint *points,
                          guint             n,
                          int               decimals)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    angio_json_add_point (b, points[i], decimals);
  json_builder_end_array (b);
}

static double
node_number (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NAN;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      return json_node_get_double (node);
    default:
      return NAN;
    }
}

JsonObject *
angio_json_get_object (JsonObject *object,
                       const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
angio_json_get_array (JsonObject *object,
                      const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

const char *
angio_json_get_string (JsonObject *object,
                       const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

double
angio_json_get_number (JsonObject *object,
                       const char *name)
{
  return node_number (object ? json_object_get_member (object, name) : NULL);
}

gint64
angio_json_get_int (JsonObject *object,
                    const char *name,
                    gint64      fallback)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_INT64 ? json_node_get_int (node) : fallback;
}

double
angio_json_number_at (JsonArray *array,
                      guint      i)
{
  return array != NULL && i < json_array_get_length (array)
         ? node_number (json_array_get_element (array, i)) : NAN;
}

JsonObject *
angio_json_object_at (JsonArray *array,
                      guint      i)
{
  JsonNode *node = array != NULL && i < json_array_get_length (array)
                   ? json_array_get_element (array, i) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}
