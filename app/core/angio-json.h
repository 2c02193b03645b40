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
/* Strings (char *; a %NULL array is written as []). */
void      angio_json_member_strings   (JsonBuilder  *b,
                                       const char   *name,
                                       GPtrArray    *strings);
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

G_BEGIN_DECLS

/* Reading files someone else may have written: members of the wrong type read as absent
 * (NULL, NAN, @fallback), never a critical warning. */
JsonObject *angio_json_get_object (JsonObject *object,
                                   const char *name);
JsonArray  *angio_json_get_array  (JsonObject *object,
                                   const char *name);
const char *angio_json_get_string (JsonObject *object,
                                   const char *name);
/* A number member (integer or not), NAN if absent, null or not a number. */
double      angio_json_get_number (JsonObject *object,
                                   const char *name);
/* An integer member, @fallback if absent or not an integer. */
gint64      angio_json_get_int    (JsonObject *object,
                                   const char *name,
                                   gint64      fallback);
/* Element @i of @array as a number / an object, as above. */
double      angio_json_number_at  (JsonArray  *array,
                                   guint       i);
JsonObject *angio_json_object_at  (JsonArray  *array,
                                   guint       i);

G_END_DECLS
