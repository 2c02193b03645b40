/* angio-package-private.h — the file work export, validation and import share. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ANGIO_PACKAGE_MANIFEST "manifest.json"
#define ANGIO_PACKAGE_CASE "case.json"
#define ANGIO_DATASET_INDEX "dataset.json"
/* In a workspace: packages/<case>/series/ holds the runs of imported cases; an import stages
 * in packages/.import-XXXXXX/ (packages copied in in-N/, cases made in cases/<case>/). */
#define ANGIO_PACKAGES_FOLDER "packages"
#define ANGIO_IMPORT_STAGING ".import-"
#define ANGIO_IMPORT_CASES "cases"
/* Larger files are refused by validation and import (a hostile package). */
#define ANGIO_PACKAGE_MAX_FILE (G_GUINT64_CONSTANT (16) << 30)

/* Sets @error to "file: reason" for errno @saved. Returns FALSE. */
gboolean   angio_package_errno        (GError      **error,
                                       const char   *path,
                                       int           saved);
/* Sets @error to "no space left on @folder" (G_IO_ERROR_NO_SPACE). Returns FALSE. */
gboolean   angio_package_no_space     (GError      **error,
                                       const char   *folder);
/* Whether @error says a disk is full (GIO, GFile or errno). */
gboolean   angio_package_is_no_space  (const GError *error);
/* The bytes free for this user on the file system of @folder (G_MAXUINT64: unknown). */
guint64    angio_package_free_bytes   (const char   *folder);
/* Copies the regular file @from (no symbolic link followed, at most @max_bytes) to the new
 * file @to, its folders made. */
gboolean   angio_package_copy_file    (const char   *from,
                                       const char   *to,
                                       guint64       max_bytes,
                                       GError      **error);
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
/* Marks @folder as being written by this process (a locked owner file in it, which the
 * kernel unlocks if the process dies). Returns: the file descriptor, or −1. */
int        angio_package_claim        (const char   *folder);
/* Removes the owner file of @folder and closes @fd: just before @folder is renamed. */
void       angio_package_release      (const char   *folder,
                                       int           fd);
/* Whether the folder @path, claimed by angio_package_claim(), was left by a process that is
 * gone (or, without its owner file, is older than a few minutes). */
gboolean   angio_package_abandoned    (const char   *path);
/* Removes the folders in @folder whose name starts with @prefix (and holds @infix, nullable)
 * that were being written by a process that is gone. Returns: how many. */
guint      angio_package_sweep        (const char   *folder,
                                       const char   *prefix,
                                       const char   *infix);
/* Deletes @path and everything under it (no symbolic link followed). */
void       angio_package_remove_tree  (const char   *path);
/* Zips @folder as @zip_path with every entry under @top/. */
gboolean   angio_package_zip          (const char   *folder,
                                       const char   *top,
                                       const char   *zip_path,
                                       GCancellable *cancellable,
                                       GError      **error);
/* Extracts @zip_path into the empty folder @dest: regular files and folders only, safe paths,
 * sizes bounded while extracting — what its manifest lists, at most 100 times the zip's size
 * and 64 GB — and refused at once when @dest's disk has no room (G_IO_ERROR_NO_SPACE). Returns: (transfer full): the one top folder's name, or %NULL with @error. */
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
