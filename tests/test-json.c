/* test-json.c — the JSON writer: shortest round-trip numbers, flat arrays on one line. */
#include "config.h"

#include <math.h>

#include "angio-json.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/angio/core/json/numbers", test_numbers);
  g_test_add_func ("/angio/core/json/round-trip", test_round_trip);
  return g_test_run ();
}
