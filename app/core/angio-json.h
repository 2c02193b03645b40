/* angio-json.h — JSON text as people read it: shortest round-trip numbers, scalar arrays on
 * one line. json-glib builds and parses the trees; this writes them. */
#pragma once

#include <json-glib/json-glib.h>

#include "angio-geometry.h"

G_BEGIN_DECLS

char     *angio_json_to_string (JsonNode    *node,
                                gboolean     pretty);
/* Writes @node and a final newline to @path atomically (temporary file and rename). */
gboolean  angio_json_to_file   (JsonNode    *node,
                                const char  *path,
                                GError     **error);

/* The double nearest to @value written with @decimals decimals, so that it prints that way. */
double    angio_json_round            (double        value,
                                       int           decimals);

/* Members of the object being built. Numbers are rounded to @decimals; a number that is not
 * finite (NAN: unknown) is written as null. */
void      angio_json_member_number    (JsonBuilder  *b,
                                       const char   *name,
                                       double        value,
                                       int           decimals);
void      angio_json_member_int       (JsonBuilder  *b,
                                       const char   *name,
                                       gint64        value);
void      angio_json_member_bool      (JsonBuilder  *b,
                                       const char   *name,
                                       gboolean      value);
/* A %NULL @value is written as null. */
void      angio_json_member_string    (JsonBuilder  *b,
                                       const char   *name,
                                       const char   *value);
void      angio_json_member_numbers   (JsonBuilder  *b,
                                       const char   *name,
                                       const double *values,
                                       guint         n,
                                       int           decimals);
/* Points as [x, y] pairs, @decimals decimals. */
void      angio_json_add_point        (JsonBuilder  *b,
                                       AngioPoint    p,
                                       int           decimals);
void      angio_json_member_point     (JsonBuilder  *b,
                                       const char   *name,
                                       AngioPoint    p,
                                       int           decimals);
void      angio_json_member_points    (JsonBuilder  *b,
                                       const char   *name,
                                       const AngioPoint *points,
                                       guint         n,
                                       int           decimals);

G_END_DECLS
