/* angio-package-private.h — the file work export, validation and import share. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ANGIO_PACKAGE_MANIFEST "manifest.json"
#define ANGIO_PACKAGE_CASE "case.json"
#define ANGIO_DATASET_INDEX "dataset.json"
/* Larger files are refused by validation and import (a hostile package). */
#define ANGIO_PACKAGE_MAX_FILE (G_GUINT64_CONSTANT (16) << 30)

/* Sets @error to "file: reason" for errno @saved. Returns FALSE. */
gboolean   angio_package_errno        (GError      **error,
                                       const char   *path,
                                       int           saved);
/* Streams @path through SHA-256. @sha256: (out) (transfer full): 64 lowercase hex digits. */
gboolean   angio_package_hash_file    (const char   *path,
                                       guint64      *bytes,
                                       char        **sha256,
                                       GCancellable *cancellable,
                                       GError      **error);
/* The regular files under @root, relative, '/'-separated, in byte order. Anything else
 * (a symbolic link, a device) is an error naming it. Returns: (transfer full). */
GPtrArray *angio_package_walk         (const char   *root,
                                       GError      **error);
/* For g_ptr_array_sort() of paths: byte order. */
gint       angio_package_compare_paths (gconstpointer a,
                                        gconstpointer b);
/* A relative path that stays inside its folder: no "..", no "." or empty part, not absolute,
 * no backslash or control character. */
gboolean   angio_package_path_safe    (const char   *path);
/* [{"path","bytes","sha256"}] of @paths under @root; @total (nullable) gets the bytes. */
JsonNode  *angio_package_hash_list    (const char   *root,
                                       GPtrArray    *paths,
                                       guint64      *total,
                                       GCancellable *cancellable,
                                       GError      **error);
/* "format", "version", "created", "tool" and "files" of a manifest or a dataset index;
 * @extra (nullable, taken) adds members before "files". */
JsonNode  *angio_package_index        (const char   *format,
                                       JsonObject   *extra,
                                       JsonNode     *files);
/* Reads a JSON object; @error names the file. Returns: (transfer full). */
JsonNode  *angio_package_read_json    (const char   *path,
                                       GError      **error);
/* Deletes @path and everything under it (no symbolic link followed). */
void       angio_package_remove_tree  (const char   *path);
/* Zips @folder as @zip_path with every entry under @top/. */
gboolean   angio_package_zip          (const char   *folder,
                                       const char   *top,
                                       const char   *zip_path,
                                       GCancellable *cancellable,
                                       GError      **error);
/* Extracts @zip_path into the empty folder @dest: regular files and folders only, safe paths,
 * sizes bounded. Returns: (transfer full): the one top folder's name, or %NULL with @error. */
char      *angio_package_unzip        (const char   *zip_path,
                                       const char   *dest,
                                       GCancellable *cancellable,
                                       GError      **error);

/* Called with the case.json (history removed) of each valid package of predictions. */
typedef gboolean (*AngioPackageDocFunc) (JsonNode    *document,
                                         const char  *shown,
                                         gpointer     data,
                                         GError     **error);
/* Checks each package at @path (a package, a zip, a dataset or a folder of packages) as a
 * prediction set — hashes, files, case.json a JSON object whose runs' files are named as the
 * format names them; no history or masks needed; its labels are @func's to read — adding to
 * @problems for the invalid ones and calling @func for the others. */
gboolean   angio_package_each_prediction (const char           *path,
                                          GPtrArray            *problems,
                                          AngioPackageDocFunc   func,
                                          gpointer              data,
                                          GCancellable         *cancellable,
                                          GError              **error);

G_END_DECLS
