/* test-json.c — the JSON writer: shortest round-trip numbers, flat arrays on one line; the
 * reader of untrusted JSON: depth, size, NUL bytes and UTF-8 refused before parsing. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <unistd.h>

#include "angio-json.h"
#include "angio-types.h"

static char *
write_node (const char *json,
            gboolean    pretty)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  return angio_json_to_string (json_parser_get_root (parser), pretty);
}

static void
test_numbers (void)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_array (b);
  json_builder_add_double_value (b, 0.1);
  json_builder_add_double_value (b, 2.0);
  json_builder_add_double_value (b, 66.667);
  json_builder_add_double_value (b, 0.29296875);
  json_builder_add_double_value (b, 1e-7);
  json_builder_add_double_value (b, -3.5e20);
  json_builder_add_double_value (b, NAN);
  json_builder_add_int_value (b, 42);
  json_builder_add_int_value (b, -7);
  json_builder_end_array (b);
  node = json_builder_get_root (b);
  text = angio_json_to_string (node, FALSE);
  g_assert_cmpstr (text, ==, "[0.1,2.0,66.667,0.29296875,1e-07,-3.5e+20,null,42,-7]");
}

static void
test_round_trip (void)
{
  g_autofree char *once = NULL;
  g_autofree char *twice = NULL;
  const char *input = "{\"a\": 1, \"b\": [1.5, 2.25], \"c\": {\"d\": \"x\\\"y\\n\\u0001\", "
                      "\"e\": [[1, 2], [3, 4]], \"f\": [{\"g\": true}, null], \"h\": []}}";

  once = write_node (input, TRUE);
  twice = write_node (once, TRUE);
  g_assert_cmpstr (once, ==, twice);
  g_assert_cmpstr (once, ==,
                   "{\n"
                   "  \"a\": 1,\n"
                   "  \"b\": [1.5, 2.25],\n"
                   "  \"c\": {\n"
                   "    \"d\": \"x\\\"y\\n\\u0001\",\n"
                   "    \"e\": [[1, 2], [3, 4]],\n"
                   "    \"f\": [\n"
                   "      {\n"
                   "        \"g\": true\n"
                   "      },\n"
                   "      null\n"
                   "    ],\n"
                   "    \"h\": []\n"
                   "  }\n"
                   "}");
}

/* @text refused by the untrusted reader with a message naming "input.json" and @reason. */
static void
assert_refused (const char *text,
                gsize       length,
                const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = angio_json_parse (text, length, "input.json", &error);

  g_assert_null (node);
  g_assert_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT);
  g_assert_true (g_str_has_prefix (error->message, "input.json: "));
  if (strstr (error->message, reason) == NULL)
    g_error ("“%s” is not in “%s”", reason, error->message);
}

/* 100 000 nested '[' (a stack overflow inside json-glib) are refused before parsing; 64
 * levels are read, 65 are not; brackets inside strings do not count. */
static void
test_depth (void)
{
  gsize n = 100000;
  g_autofree char *deep = g_strnfill (n, '[');
  g_autofree char *deep_objects = NULL;
  GString *ok = g_string_new (NULL);
  g_autofree char *ok_text = NULL;
  g_autofree char *too_deep = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  assert_refused (deep, n, "nested more than 64 levels deep");
  {
    GString *objects = g_string_new (NULL);

    for (guint i = 0; i < 100000; i++)
      g_string_append (objects, "{\"a\":");
    deep_objects = g_string_free (objects, FALSE);
  }
  assert_refused (deep_objects, strlen (deep_objects), "nested more than 64 levels deep");

  for (guint i = 0; i < 64; i++)
    g_string_append_c (ok, '[');
  g_string_append (ok, "\"[[[[\\\"[[\"");
  for (guint i = 0; i < 64; i++)
    g_string_append_c (ok, ']');
  ok_text = g_string_free (ok, FALSE);
  node = angio_json_parse (ok_text, strlen (ok_text), "input.json", &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  too_deep = g_strconcat ("[", ok_text, "]", NULL);
  assert_refused (too_deep, strlen (too_deep), "nested more than 64 levels deep");
}

/* A NUL byte (json-glib would stop there, silently) and text that is not UTF-8 are refused. */
static void
test_bytes (void)
{
  const char nul[] = "{\"ffr\": 0.7\0 8}";
  const char latin1[] = "{\"who\": \"J\xe9r\xf4me\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  assert_refused (nul, sizeof nul - 1, "a NUL byte at byte 11");
  assert_refused (latin1, sizeof latin1 - 1, "not UTF-8 text");
  assert_refused ("", 0, "input.json");
  assert_refused ("{\"a\":", 5, "input.json");
  node = angio_json_parse ("{\"a\": \"\\u00e9\"}", 15, "input.json", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "a"), ==, "é");
}

/* Files: bounded in size, never through a symbolic link, named in the error. */
static void
test_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("angio-json-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "big.json", NULL);
  g_autofree char *link = g_build_filename (dir, "link.json", NULL);
  g_autofree char *text = g_strnfill (2000, ' ');
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  text[0] = '[';
  text[1998] = ']';
  g_assert_true (g_file_set_contents (path, text, 1999, NULL));
  node = angio_json_read_file (path, 1000, &error);
  g_assert_null (node);
  g_assert_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "big.json: "));
  g_clear_error (&error);
  node = angio_json_read_file (path, 2000, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  g_assert_cmpint (symlink (path, link), ==, 0);
  g_clear_pointer (&node, json_node_unref);
  node = angio_json_read_file (link, 2000, &error);
  g_assert_null (node);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "link.json: "));
  g_unlink (link);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/angio/core/json/numbers", test_numbers);
  g_test_add_func ("/angio/core/json/round-trip", test_round_trip);
  g_test_add_func ("/angio/core/json/depth", test_depth);
  g_test_add_func ("/angio/core/json/bytes", test_bytes);
  g_test_add_func ("/angio/core/json/files", test_files);
  return g_test_run ();
}
