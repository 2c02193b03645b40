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

/* Untrusted JSON (packages, manifests, case.json, COCO and prediction files) is read only
 * through these: the text is scanned before json-glib parses it — no NUL byte, valid UTF-8,
 * arrays and objects nested at most ANGIO_JSON_MAX_DEPTH deep (json-glib recurses, and 100 000
 * nested '[' overflow the stack). Errors name the file (@name) and the reason.
 * Returns: (transfer full): the root node (any kind), or %NULL with @error. */
#define ANGIO_JSON_MAX_DEPTH 64
/* The largest manifest, case.json or dataset index a package may hold. */
#define ANGIO_JSON_MAX_BYTES (G_GUINT64_CONSTANT (64) << 20)

JsonNode   *angio_json_parse      (const char  *data,
                                   gsize        length,
                                   const char  *name,
                                   GError     **error);
JsonNode   *angio_json_read_bytes (GBytes      *bytes,
                                   const char  *name,
                                   GError     **error);
/* @path read (never through a symbolic link) when it is a regular file of at most @max_bytes,
 * then parsed as above. */
JsonNode   *angio_json_read_file  (const char  *path,
                                   guint64      max_bytes,
                                   GError     **error);
/* The bytes of the regular file @path (no symbolic link followed), refused when larger than
 * @max_bytes or growing while read. Returns: (transfer full): %NULL with @error naming it. */
GBytes     *angio_file_read_bounded (const char *path,
                                     guint64     max_bytes,
                                     GError    **error);

G_END_DECLS
