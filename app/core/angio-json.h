/* angio-json.h — JSON text as people read it: shortest round-trip numbers, scalar arrays on
 * one line. json-glib builds and parses the trees; this writes them. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

char     *angio_json_to_string (JsonNode    *node,
                                gboolean     pretty);
/* Writes @node and a final newline to @path atomically (temporary file and rename). */
gboolean  angio_json_to_file   (JsonNode    *node,
                                const char  *path,
                                GError     **error);

G_END_DECLS
