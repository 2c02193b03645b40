/* angio-package-check.c — validating case packages and importing them.
 *
 * A package is checked with nothing but its files: the manifest's hashes, no file missing or
 * extra, case.json read by the same code that reads the workspace's documents, the DICOM
 * frame size against case.json and every mask and preview. Packages come from elsewhere: their
 * paths are checked before anything is opened, zips are unpacked into a private folder with
 * bounded sizes, and the DICOM is read in the decoder process. */
#define G_LOG_DOMAIN "angio-package"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "angio-deid.h"
#include "angio-json.h"
#include "angio-package-private.h"
#include "angio-package.h"
#include "angio-png.h"
#include "angio-series.h"

typedef struct {
  const char *root;         /* the folder checked */
  const char *shown;        /* how the user named it */
  GPtrArray *problems;
  guint64 bytes;
  GCancellable *cancellable;
  gboolean checked;         /* validated just before: read, do not hash again */
  gboolean prediction;      /* a model's or another annotator's labels: no history, no masks
                               needed, and lesions may be outlines alone (read by the caller) */
  JsonNode *document;       /* (prediction, staging) the case.json of the package just checked */
  GPtrArray *history;       /* (staging) its history, taken from the document */
  const char *staging;      /* (import) packages are copied or unzipped in here and checked
                               there: what is imported is what was checked */
  guint n_staged;
  const char *case_id;      /* of the package being checked: its runs' Patient Name and ID */
} Check;

static void G_GNUC_PRINTF (3, 4)
problem (Check      *c,
         const char *file,
         const char *format,
         ...)
{
  g_autofree char *reason = NULL;
  g_autofree char *where = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  where = file ? g_strdup_printf ("%s/%s", c->shown, file) : g_strdup (c->shown);
  /* Translators: "%s: %s" is "file name: reason" */
  g_ptr_array_add (c->problems, g_strdup_printf (_("%s: %s"), where, reason));
}

static gboolean
is_sha256 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (guint i = 0; i < 64; i++)
    if (!g_ascii_isxdigit (text[i]) || g_ascii_isupper (text[i]))
      return FALSE;
  return TRUE;
}

/* @id as it can be shown in a message: escaped, at most 40 characters. */
static char *
display_id (const char *id)
{
  g_autofree char *escaped = g_strescape (id ? id : "", NULL);

  if (strlen (escaped) > 40)
    return g_strdup_printf ("%.40s…", escaped);
  return g_steal_pointer (&escaped);
}

/* The ids of case.json — the case's and its runs' — become folder and file names: each is
 * checked, and the runs' are unique, before any file is looked for by them. */
static gboolean
check_ids (Check      *c,
           JsonObject *doc,
           JsonArray  *series)
{
  g_autoptr(GHashTable) runs = g_hash_table_new (g_str_hash, g_str_equal);
  const char *case_id = angio_json_get_string (doc, "case_id");
  guint before = c->problems->len;

  if (!angio_id_is_safe (case_id))
    {
      g_autofree char *shown = display_id (case_id);

      problem (c, ANGIO_PACKAGE_CASE, _("the case id “%s” is not a safe name (1 to %d letters, "
                                        "digits, '-', '_' or '.', not first)"),
               shown, ANGIO_ID_MAX);
    }
  for (guint i = 0; i < json_array_get_length (series); i++)
    {
      JsonObject *run = angio_json_object_at (series, i);
      const char *id = run ? angio_json_get_string (run, "id") : NULL;
      g_autofree char *shown = display_id (id);

      if (run == NULL)
        continue;   /* reported with the runs */
      if (!angio_id_is_safe (id))
        problem (c, ANGIO_PACKAGE_CASE, _("the run id “%s” is not a safe name (1 to %d letters, "
                                          "digits, '-', '_' or '.', not first)"),
                 shown, ANGIO_ID_MAX);
      else if (!g_hash_table_add (runs, (gpointer) id))
        problem (c, ANGIO_PACKAGE_CASE, _("two runs have the id “%s”"), shown);
    }
  return c->problems->len == before;
}

/* Checks "format" and "version" of an index file. */
static gboolean
check_header (Check      *c,
              JsonObject *object,
              const char *file,
              const char *format)
{
  const char *found = angio_json_get_string (object, "format");
  gint64 version = angio_json_get_int (object, "version", -1);

  if (g_strcmp0 (found, format) != 0)
    {
      problem (c, file, _("format is “%s”, not “%s”"), found ? found : "", format);
      return FALSE;
    }
  if (version > ANGIO_PACKAGE_VERSION)
    {
      problem (c, file, _("version %d is newer than this Angiomark reads (%d)"), (int) version,
               ANGIO_PACKAGE_VERSION);
      return FALSE;
    }
  if (version != ANGIO_PACKAGE_VERSION)
    {
      problem (c, file, _("no valid version"));
      return FALSE;
    }
  return TRUE;
}

/* Checks the "files" of an index against the disk: hashes and sizes. @listed receives the
 * paths listed. */
static void
check_files (Check      *c,
             JsonObject *index,
             const char *index_name,
             GHashTable *listed)
{
  JsonArray *files = angio_json_get_array (index, "files");

  if (files == NULL)
    {
      problem (c, index_name, _("no list of files"));
      return;
    }
  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *f = angio_json_object_at (files, i);
      const char *relative = f ? angio_json_get_string (f, "path") : NULL;
      const char *sha256 = f ? angio_json_get_string (f, "sha256") : NULL;
      gint64 bytes = f ? angio_json_get_int (f, "bytes", -1) : -1;
      g_autofree char *path = NULL;
      g_autofree char *actual = NULL;
      g_autoptr(GError) local = NULL;
      guint64 size;

      if (!angio_package_path_safe (relative) || bytes < 0 || !is_sha256 (sha256))
        {
          problem (c, index_name, _("entry %u of the list of files is not valid"), i + 1);
          continue;
        }
      if (!g_hash_table_add (listed, g_strdup (relative)))
        {
          problem (c, index_name, _("“%s” is listed twice"), relative);
          continue;
        }
      path = g_build_filename (c->root, relative, NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          problem (c, relative, _("missing (listed in %s)"), index_name);
          continue;
        }
      if (!angio_package_hash_file (path, &size, &actual, c->cancellable, &local))
        {
          g_ptr_array_add (c->problems, g_strdup (local->message));
          continue;
        }
      c->bytes += size;
      if (size != (guint64) bytes)
        {
          g_autofree char *found = g_strdup_printf ("%" G_GUINT64_FORMAT, size);
          g_autofree char *listed_bytes = g_strdup_printf ("%" G_GINT64_FORMAT, bytes);

          /* Translators: "1024 bytes, manifest.json says 1000" */
          problem (c, relative, _("%s bytes, %s says %s"), found, index_name, listed_bytes);
        }
      else if (strcmp (actual, sha256) != 0)
        problem (c, relative, _("altered: its SHA-256 is not the one in %s"), index_name);
    }
}

/* Files on disk that no index lists; @skip (nullable) holds paths or top folders not to
 * look at. */
static void
check_extra (Check      *c,
             GHashTable *listed,
             GHashTable *skip)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GPtrArray) paths = angio_package_walk (c->root, &local);

  if (paths == NULL)
    {
      g_ptr_array_add (c->problems, g_strdup (local->message));
      return;
    }
  for (guint i = 0; i < paths->len; i++)
    {
      const char *relative = g_ptr_array_index (paths, i);
      g_autofree char *top = g_strndup (relative, strcspn (relative, "/"));

      if (g_hash_table_contains (listed, relative) ||
          (skip != NULL && (g_hash_table_contains (skip, relative) ||
                            g_hash_table_contains (skip, top))))
        continue;
      problem (c, relative, _("not listed in the manifest"));
    }
}

/* The DICOM file of a run against case.json. */
static void
check_series (Check      *c,
              JsonObject *run,
              GHashTable *listed,
              GHashTable *sizes)
{
  const char *id = angio_json_get_string (run, "id");
  const char *file = angio_json_get_string (run, "file");
  g_autofree char *expected = g_strdup_printf ("series/%s.dcm", id ? id : "");
  g_autofree char *path = NULL;
  g_autoptr(AngioSeries) probe = NULL;
  g_autoptr(GError) local = NULL;
  gint64 frames = angio_json_get_int (run, "frames", 0);
  gint64 rows = angio_json_get_int (run, "rows", 0);
  gint64 cols = angio_json_get_int (run, "cols", 0);

  if (id == NULL || g_strcmp0 (file, expected) != 0)
    {
      problem (c, ANGIO_PACKAGE_CASE, _("run “%s”: its file should be %s"), id ? id : "",
               expected);
      return;
    }
  if (!g_hash_table_contains (listed, file))
    {
      /* A run with no DICOM (predictions need none): what is on disk but not listed is
         reported as extra. */
      if (c->prediction)
        return;
      problem (c, file, _("missing: case.json lists run “%s”, the manifest has no file for it"),
               id);
      return;
    }
  path = g_build_filename (c->root, file, NULL);
  probe = angio_series_probe (path, c->cancellable, &local);
  if (probe == NULL)
    {
      problem (c, file, "%s", local->message);
      return;
    }
  /* Packages come from elsewhere: their runs are checked against the profile export applies. */
  if (!angio_deid_check_file (path, c->case_id, &local))
    {
      g_autofree char *name = g_filename_display_name (path);

      problem (c, file, "%s", g_str_has_prefix (local->message, name)
                              ? local->message + strlen (name) + 2 : local->message);
      return;
    }
  if (angio_series_get_n_frames (probe) != frames || angio_series_get_rows (probe) != rows ||
      angio_series_get_cols (probe) != cols)
    problem (c, file, _("%u frames of %u × %u pixels; case.json says %d of %d × %d"),
             angio_series_get_n_frames (probe), angio_series_get_cols (probe),
             angio_series_get_rows (probe), (int) frames, (int) cols, (int) rows);
  g_hash_table_insert (sizes, g_strdup (id),
                       g_strdup_printf ("%" G_GINT64_FORMAT "x%" G_GINT64_FORMAT "x%"
                                        G_GINT64_FORMAT, cols, rows, frames));
}

/* Masks and previews: names that say which run and frame, the run's frame size. */
static void
check_images (Check      *c,
              GHashTable *listed,
              GHashTable *sizes)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, listed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *relative = key;
      g_autofree char *sid = NULL;
      g_autofree char *path = NULL;
      g_autofree guint8 *pixels = NULL;
      g_autoptr(GError) local = NULL;
      const char *size;
      guint frame = 0, width, height, cols, rows, frames;
      char rest[32] = "";
      gboolean label = g_str_has_prefix (relative, "labels/");

      if (!label && !g_str_has_prefix (relative, "previews/"))
        continue;
      if (!g_str_has_suffix (relative, ".png"))
        {
          problem (c, relative, _("not a PNG image"));
          continue;
        }
      if (label)
        {
          g_auto(GStrv) parts = g_strsplit (relative, "/", -1);

          if (g_strv_length (parts) == 3 &&
              sscanf (parts[2], "f%u_%31[a-z0-9].png", &frame, rest) == 2 &&
              (g_str_has_prefix (rest, "lesion") || strcmp (rest, "vessel") == 0))
            sid = g_strdup (parts[1]);
        }
      else
        {
          const char *name = relative + strlen ("previews/");
          const char *f = g_strrstr (name, "_f");

          if (f != NULL && sscanf (f, "_f%u.p%31s", &frame, rest) == 2 &&
              strcmp (rest, "ng") == 0)
            sid = g_strndup (name, f - name);
        }
      size = sid ? g_hash_table_lookup (sizes, sid) : NULL;
      if (sid == NULL || size == NULL)
        {
          problem (c, relative, _("a name that says no run and frame of this case"));
          continue;
        }
      sscanf (size, "%ux%ux%u", &cols, &rows, &frames);
      if (frame >= frames)
        {
          problem (c, relative, _("frame %u is past the run’s %u frames"), frame, frames);
          continue;
        }
      path = g_build_filename (c->root, relative, NULL);
      pixels = angio_png_read_gray8 (path, &width, &height, &local);
      if (pixels == NULL)
        problem (c, relative, "%s", local->message);
      else if (width != cols || height != rows)
        problem (c, relative, _("%u × %u pixels; the run’s frames are %u × %u"), width,
                 height, cols, rows);
    }
}

/* Every accepted lesion has its mask. */
static void
check_lesion_masks (Check      *c,
                    JsonObject *run,
                    GHashTable *listed)
{
  JsonArray *lesions = angio_json_get_array (run, "lesions");

  for (guint i = 0; lesions != NULL && i < json_array_get_length (lesions); i++)
    {
      JsonObject *l = angio_json_object_at (lesions, i);
      const char *id = l ? angio_json_get_string (l, "id") : NULL;
      g_autofree char *mask = NULL;

      if (id == NULL || g_strcmp0 (angio_json_get_string (l, "status"), "accepted") != 0)
        continue;
      mask = g_strdup_printf ("labels/%s/f%d_lesion%s.png", angio_json_get_string (run, "id"),
                              (int) angio_json_get_int (l, "frame", 0),
                              id[0] == 'L' ? id + 1 : id);
      if (!g_hash_table_contains (listed, mask))
        problem (c, mask, _("missing: lesion %s is accepted"), id);
    }
}

/* The history of case.json, removed from @doc: (element-type AngioRevision). */
static GPtrArray *
take_history (JsonObject  *doc,
              GError     **error)
{
  g_autoptr(GPtrArray) history = g_ptr_array_new_with_free_func (
                                   (GDestroyNotify) angio_revision_free);
  JsonArray *array = angio_json_get_array (doc, "history");

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *entry = angio_json_object_at (array, i);
      const char *time = entry ? angio_json_get_string (entry, "time") : NULL;
      const char *action = entry ? angio_json_get_string (entry, "action") : NULL;
      AngioRevision *r;

      if (time == NULL || action == NULL)
        {
          g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                       _("history entry %u has no time or action"), i + 1);
          return NULL;
        }
      r = g_new0 (AngioRevision, 1);
      r->time = g_strdup (time);
      r->who = g_strdup (angio_json_get_string (entry, "who"));
      r->action = g_strdup (action);
      g_ptr_array_add (history, r);
    }
  if (array == NULL || history->len == 0)
    {
      g_set_error_literal (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                           _("no history"));
      return NULL;
    }
  json_object_remove_member (doc, "history");
  return g_steal_pointer (&history);
}

/* Checks the package folder c->root. */
static gboolean
check_package (Check *c)
{
  g_autofree char *manifest_path = g_build_filename (c->root, ANGIO_PACKAGE_MANIFEST, NULL);
  g_autofree char *case_path = g_build_filename (c->root, ANGIO_PACKAGE_CASE, NULL);
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) skip = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) sizes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       g_free);
  g_autoptr(JsonNode) manifest = NULL;
  g_autoptr(JsonNode) doc = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(AngioCase) kase = NULL;
  g_autoptr(GError) local = NULL;
  guint before = c->problems->len;
  JsonArray *series;

  manifest = angio_package_read_json (manifest_path, &local);
  if (manifest == NULL)
    {
      g_ptr_array_add (c->problems, g_strdup (local->message));
      return FALSE;
    }
  if (!check_header (c, json_node_get_object (manifest), ANGIO_PACKAGE_MANIFEST,
                     ANGIO_PACKAGE_FORMAT))
    return FALSE;
  check_files (c, json_node_get_object (manifest), ANGIO_PACKAGE_MANIFEST, listed);
  g_hash_table_add (skip, (gpointer) ANGIO_PACKAGE_MANIFEST);
  check_extra (c, listed, skip);
  if (!g_hash_table_contains (listed, ANGIO_PACKAGE_CASE) ||
      !(doc = angio_package_read_json (case_path, &local)))
    {
      if (local != NULL)
        g_ptr_array_add (c->problems, g_strdup (local->message));
      else
        problem (c, ANGIO_PACKAGE_CASE, _("missing (listed in %s)"), ANGIO_PACKAGE_MANIFEST);
      return FALSE;
    }
  if (!c->prediction &&
      (!(history = take_history (json_node_get_object (doc), &local)) ||
           !(kase = angio_case_new_from_json (doc, &local))))
    {
      problem (c, ANGIO_PACKAGE_CASE, "%s", local->message);
      return FALSE;
    }
  /* Read as a case already, unless it is a prediction (whose reader checks the rest). */
  series = angio_json_get_array (json_node_get_object (doc), "series");
  if (series == NULL)
    {
      problem (c, ANGIO_PACKAGE_CASE, _("not a case: it needs “case_id” and “series”"));
      return FALSE;
    }
  if (!check_ids (c, json_node_get_object (doc), series))
    return FALSE;
  c->case_id = angio_json_get_string (json_node_get_object (doc), "case_id");
  for (guint i = 0; i < json_array_get_length (series); i++)
    {
      JsonObject *run = angio_json_object_at (series, i);

      if (run == NULL)
        {
          problem (c, ANGIO_PACKAGE_CASE, _("a series is not an object"));
          continue;
        }
      check_series (c, run, listed, sizes);
      if (!c->prediction)
        check_lesion_masks (c, run, listed);
    }
  c->case_id = NULL;
  check_images (c, listed, sizes);
  if ((c->prediction || c->staging != NULL) && c->problems->len == before)
    {
      g_clear_pointer (&c->document, json_node_unref);
      g_clear_pointer (&c->history, g_ptr_array_unref);
      c->document = json_node_ref (doc);
      c->history = g_steal_pointer (&history);
    }
  return c->problems->len == before;
}

/* A private folder for a zip's contents. */
static char *
make_temp_folder (GError **error)
{
  return g_dir_make_tmp ("angiomark-package-XXXXXX", error);
}

/* Copies the package folder @path (its regular files) into the new folder @into/<name>, or
 * unzips the zip @path into @into. Returns: (transfer full): the top folder's name. */
static char *
stage_package (const char    *path,
               const char    *into,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *top = NULL;
  g_autofree char *target = NULL;
  guint64 total = 0;

  if (g_mkdir_with_parents (into, 0700) != 0)
    return angio_package_errno (error, into, errno), NULL;
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return angio_package_unzip (path, into, cancellable, error);
  files = angio_package_walk (path, error);
  if (files == NULL)
    return NULL;
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *from = g_build_filename (path, files->pdata[i], NULL);
      GStatBuf st;

      if (g_lstat (from, &st) == 0)
        total += (guint64) st.st_size;
    }
  if (total > angio_package_free_bytes (into))
    return angio_package_no_space (error, into), NULL;
  top = g_path_get_basename (path);
  if (!angio_package_path_safe (top))
    top = g_strdup ("package");
  target = g_build_filename (into, top, NULL);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *from = g_build_filename (path, files->pdata[i], NULL);
      g_autofree char *to = g_build_filename (target, files->pdata[i], NULL);

      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !angio_package_copy_file (from, to, ANGIO_PACKAGE_MAX_FILE, error))
        return NULL;
    }
  return g_steal_pointer (&top);
}

typedef gboolean (*PackageFunc) (Check *c, gpointer data, GError **error);

/* Calls @func on the package at @path (a folder or a zip, unpacked for the call). */
static gboolean
with_package (Check        *c,
              const char   *path,
              PackageFunc   func,
              gpointer      data,
              GError      **error)
{
  g_autofree char *temp = NULL;
  g_autofree char *top = NULL;
  g_autofree char *root = NULL;
  const char *saved_root = c->root, *saved_shown = c->shown;
  g_autofree char *shown = g_filename_display_name (path);
  gboolean ok;

  if (c->staging != NULL)
    {
      g_autoptr(GError) local = NULL;
      g_autofree char *name = g_strdup_printf ("in-%u", ++c->n_staged);
      g_autofree char *into = g_build_filename (c->staging, name, NULL);

      /* Copied (or unzipped) into the workspace first, checked there, imported from there:
         nothing the package's owner changes afterwards reaches the workspace. */
      top = stage_package (path, into, c->cancellable, &local);
      if (top == NULL)
        {
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
              g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          g_ptr_array_add (c->problems, g_strdup (local->message));
          return TRUE;
        }
      root = g_build_filename (into, top, NULL);
    }
  else if (g_file_test (path, G_FILE_TEST_IS_DIR))
    root = g_strdup (path);
  else
    {
      g_autoptr(GError) local = NULL;

      if (!(temp = make_temp_folder (error)))
        return FALSE;
      top = angio_package_unzip (path, temp, c->cancellable, &local);
      if (top == NULL)
        {
          angio_package_remove_tree (temp);
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
              g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          g_ptr_array_add (c->problems, g_strdup (local->message));
          return TRUE;
        }
      root = g_build_filename (temp, top, NULL);
    }
  c->root = root;
  c->shown = shown;
  ok = func (c, data, error);
  c->root = saved_root;
  c->shown = saved_shown;
  if (temp != NULL)
    angio_package_remove_tree (temp);
  return ok;
}

/* The packages of the dataset folder c->root, after checking its own files. */
static GPtrArray *
dataset_packages (Check *c)
{
  g_autofree char *index_path = g_build_filename (c->root, ANGIO_DATASET_INDEX, NULL);
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) skip = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) packages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) index = NULL;
  g_autoptr(GError) local = NULL;
  JsonArray *cases;

  index = angio_package_read_json (index_path, &local);
  if (index == NULL)
    {
      g_ptr_array_add (c->problems, g_strdup (local->message));
      return NULL;
    }
  if (!check_header (c, json_node_get_object (index), ANGIO_DATASET_INDEX,
                     ANGIO_DATASET_FORMAT))
    return NULL;
  if (!c->checked)
    check_files (c, json_node_get_object (index), ANGIO_DATASET_INDEX, listed);
  g_hash_table_add (skip, (gpointer) ANGIO_DATASET_INDEX);
  cases = angio_json_get_array (json_node_get_object (index), "cases");
  for (guint i = 0; cases != NULL && i < json_array_get_length (cases); i++)
    {
      JsonObject *entry = angio_json_object_at (cases, i);
      const char *package = entry ? angio_json_get_string (entry, "package") : NULL;
      const char *sha = entry ? angio_json_get_string (entry, "sha256") : NULL;
      const char *manifest_sha = entry ? angio_json_get_string (entry, "manifest_sha256")
                                       : NULL;
      g_autofree char *path = NULL;
      g_autofree char *hashed = NULL;
      g_autofree char *actual = NULL;
      guint64 size;

      if (!angio_package_path_safe (package) || strchr (package, '/') ||
          (!is_sha256 (sha) && !is_sha256 (manifest_sha)))
        {
          problem (c, ANGIO_DATASET_INDEX, _("case %u is not a valid entry"), i + 1);
          continue;
        }
      g_hash_table_add (skip, (gpointer) package);
      path = g_build_filename (c->root, package, NULL);
      if (c->checked)
        {
          g_ptr_array_add (packages, g_steal_pointer (&path));
          continue;
        }
      hashed = is_sha256 (sha) ? g_strdup (path)
                               : g_build_filename (path, ANGIO_PACKAGE_MANIFEST, NULL);
      if (!angio_package_hash_file (hashed, &size, &actual, c->cancellable, &local))
        {
          g_ptr_array_add (c->problems, g_strdup (local->message));
          g_clear_error (&local);
          continue;
        }
      c->bytes += is_sha256 (sha) ? 0 : size;
      if (strcmp (actual, is_sha256 (sha) ? sha : manifest_sha) != 0)
        problem (c, package, _("altered: its SHA-256 is not the one in %s"),
                 ANGIO_DATASET_INDEX);
      g_ptr_array_add (packages, g_steal_pointer (&path));
    }
  if (cases == NULL || json_array_get_length (cases) == 0)
    problem (c, ANGIO_DATASET_INDEX, _("no cases"));
  if (!c->checked)
    check_extra (c, listed, skip);
  return g_steal_pointer (&packages);
}

static gboolean
validate_one (Check     *c,
              gpointer   data,
              GError   **error)
{
  check_package (c);
  return !g_cancellable_set_error_if_cancelled (c->cancellable, error);
}

/* The package folders and zips in @folder, by name. */
static GPtrArray *
folder_packages (const char  *folder,
                 GError     **error)
{
  g_autoptr(GPtrArray) packages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, error);
  const char *name;

  if (dir == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *manifest = g_build_filename (path, ANGIO_PACKAGE_MANIFEST, NULL);

      if (name[0] != '.' && (g_file_test (manifest, G_FILE_TEST_IS_REGULAR) ||
                             (g_str_has_suffix (name, ".zip") &&
                              g_file_test (path, G_FILE_TEST_IS_REGULAR))))
        g_ptr_array_add (packages, g_steal_pointer (&path));
    }
  g_ptr_array_sort (packages, angio_package_compare_paths);
  return g_steal_pointer (&packages);
}

/* Calls @func on each package at @path: a dataset's, the one package, or (predictions) those
 * of a folder. */
static gboolean
each_package (Check        *c,
              const char   *path,
              PackageFunc   func,
              gpointer      data,
              GError      **error)
{
  g_autofree char *index = g_build_filename (path, ANGIO_DATASET_INDEX, NULL);
  g_autofree char *manifest = g_build_filename (path, ANGIO_PACKAGE_MANIFEST, NULL);
  g_autofree char *shown = g_filename_display_name (path);
  g_autoptr(GPtrArray) packages = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("%s: no such file or folder"),
                   shown);
      return FALSE;
    }
  if (!g_file_test (index, G_FILE_TEST_IS_REGULAR))
    {
      if (!c->prediction || !g_file_test (path, G_FILE_TEST_IS_DIR) ||
          g_file_test (manifest, G_FILE_TEST_IS_REGULAR))
        return with_package (c, path, func, data, error);
      /* A folder of packages, as a model writes its predictions. */
      packages = folder_packages (path, error);
      if (packages == NULL)
        return FALSE;
      if (packages->len == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("%s: no case packages in this folder"), shown);
          return FALSE;
        }
    }
  else
    {
      c->root = path;
      c->shown = shown;
      packages = dataset_packages (c);
    }
  for (guint i = 0; packages != NULL && i < packages->len; i++)
    if (!with_package (c, packages->pdata[i], func, data, error))
      return FALSE;
  return TRUE;
}

gboolean
angio_package_validate (const char    *path,
                        GPtrArray     *problems,
                        guint64       *bytes,
                        GCancellable  *cancellable,
                        GError       **error)
{
  Check c = { NULL, NULL, problems, 0, cancellable };
  guint before;

  g_return_val_if_fail (path != NULL && problems != NULL, FALSE);

  before = problems->len;
  if (!each_package (&c, path, validate_one, NULL, error))
    return FALSE;
  if (bytes != NULL)
    *bytes = c.bytes;
  return problems->len == before;
}

/* Import */

typedef struct {
  char *case_id;
  char *shown;
  JsonNode *document;
  GPtrArray *history;
  char *root;               /* the staged package */
} Staged;

static void
staged_free (Staged *s)
{
  g_free (s->case_id);
  g_free (s->shown);
  json_node_unref (s->document);
  g_ptr_array_unref (s->history);
  g_free (s->root);
  g_free (s);
}

static gboolean
stage_one (Check     *c,
           gpointer   data,
           GError   **error)
{
  GPtrArray *staged = data;
  Staged *s;

  if (!check_package (c))
    return !g_cancellable_set_error_if_cancelled (c->cancellable, error);
  s = g_new0 (Staged, 1);
  s->document = g_steal_pointer (&c->document);
  s->history = g_steal_pointer (&c->history);
  s->case_id = g_strdup (angio_json_get_string (json_node_get_object (s->document), "case_id"));
  s->shown = g_strdup (c->shown);
  s->root = g_strdup (c->root);
  g_ptr_array_add (staged, s);
  return TRUE;
}

/* Moves the staged runs of @s into @folder/series/ (the same disk: renames) and points its
 * document at where they will be once @folder is renamed to @final. */
static gboolean
place_runs (Staged      *s,
            const char  *folder,
            const char  *final,
            GError     **error)
{
  JsonArray *series = json_object_get_array_member (json_node_get_object (s->document), "series");
  g_autofree char *runs = g_build_filename (folder, "series", NULL);

  if (g_mkdir_with_parents (runs, 0755) != 0)
    return angio_package_errno (error, runs, errno);
  for (guint i = 0; i < json_array_get_length (series); i++)
    {
      JsonObject *run = json_array_get_object_element (series, i);
      const char *file = json_object_get_string_member (run, "file");
      g_autofree char *from = g_build_filename (s->root, file, NULL);
      g_autofree char *to = g_build_filename (folder, file, NULL);
      g_autofree char *there = g_build_filename (final, file, NULL);

      if (g_rename (from, to) != 0)
        return angio_package_errno (error, to, errno);
      json_object_set_string_member (run, "file", there);
    }
  return TRUE;
}

GPtrArray *
angio_package_import (AngioWorkspace  *workspace,
                      const char      *path,
                      GCancellable    *cancellable,
                      GError         **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) imported = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) staged = g_ptr_array_new_with_free_func ((GDestroyNotify) staged_free);
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *packages = NULL;
  g_autofree char *staging = NULL;
  g_autofree char *shown = g_filename_display_name (path);
  Check c = { NULL, NULL, problems, 0, cancellable };
  gboolean ok = FALSE;
  int owner = -1;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (angio_workspace_is_read_only (workspace))
    {
      g_autofree char *name = g_filename_display_name (angio_workspace_get_folder (workspace));

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY,
                   _("%s is read-only: nothing can be saved in it"), name);
      return NULL;
    }
  /* Staged inside the workspace (same disk: the runs are renamed into place), owned by this
     process; what a killed import leaves is swept when the workspace is next opened. */
  packages = g_build_filename (angio_workspace_get_folder (workspace), ANGIO_PACKAGES_FOLDER,
                               NULL);
  staging = g_build_filename (packages, ANGIO_IMPORT_STAGING "XXXXXX", NULL);
  if (g_mkdir_with_parents (packages, 0755) != 0 || g_mkdtemp_full (staging, 0700) == NULL)
    {
      angio_package_errno (error, packages, errno);
      return NULL;
    }
  owner = angio_package_claim (staging);
  c.staging = staging;

  /* Every package copied, checked and hashed once; nothing is imported unless all are valid. */
  if (!each_package (&c, path, stage_one, staged, error))
    goto out;
  if (problems->len > 0)
    {
      g_autofree char *lines = NULL;

      g_ptr_array_add (problems, NULL);
      lines = g_strjoinv ("\n", (char **) problems->pdata);
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("%s is not a valid case package:\n%s"), shown, lines);
      goto out;
    }
  entries = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < staged->len; i++)
    {
      Staged *s = staged->pdata[i];
      g_autofree char *final = g_build_filename (packages, s->case_id, NULL);
      g_autofree char *folder = g_build_filename (staging, ANGIO_IMPORT_CASES, s->case_id,
                                                  NULL);
      g_autofree char *known = angio_workspace_find_case (workspace, s->case_id);
      AngioWorkspaceNewCase *entry;

      for (guint k = 0; k < i; k++)
        if (strcmp (((Staged *) staged->pdata[k])->case_id, s->case_id) == 0)
          {
            g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                         _("%s: case %s is there twice"), shown, s->case_id);
            goto out;
          }
      if (known != NULL || g_file_test (final, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("case %s is already in this workspace"), s->case_id);
          goto out;
        }
      if (!place_runs (s, folder, final, error))
        goto out;
      entry = g_new0 (AngioWorkspaceNewCase, 1);
      entry->document = s->document;
      entry->history = s->history;
      entry->imported_from = s->shown;
      g_ptr_array_add (entries, entry);
    }
  /* The rows of every case in one transaction; then the files renamed into place (a process
     killed in between: the next open finishes the renames of the cases committed). */
  if (!angio_workspace_add_cases (workspace, entries, error))
    goto out;
  for (guint i = 0; i < staged->len; i++)
    {
      Staged *s = staged->pdata[i];
      g_autofree char *final = g_build_filename (packages, s->case_id, NULL);
      g_autofree char *folder = g_build_filename (staging, ANGIO_IMPORT_CASES, s->case_id,
                                                  NULL);

      if (g_rename (folder, final) != 0)
        g_warning ("%s could not be moved into place (%s); the workspace's next opening "
                   "will", folder, g_strerror (errno));
      g_ptr_array_add (imported, g_strdup (s->case_id));
    }
  ok = TRUE;

out:
  /* Renamed (or failed): the rest goes. A failed import leaves nothing. */
  angio_package_remove_tree (staging);
  if (owner >= 0)
    close (owner);
  if (!ok && error != NULL && angio_package_is_no_space (*error) &&
      !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    {
      g_clear_error (error);
      angio_package_no_space (error, packages);
    }
  return ok ? g_steal_pointer (&imported) : NULL;
}

/* Predictions */

typedef struct {
  AngioPackageDocFunc func;
  gpointer data;
} EachDoc;

static gboolean
read_prediction (Check     *c,
                 gpointer   data,
                 GError   **error)
{
  EachDoc *each = data;
  g_autoptr(JsonNode) doc = NULL;

  if (!check_package (c))
    return !g_cancellable_set_error_if_cancelled (c->cancellable, error);
  doc = g_steal_pointer (&c->document);
  json_object_remove_member (json_node_get_object (doc), "history");
  return each->func (doc, c->shown, each->data, error);
}

gboolean
angio_package_each_prediction (const char           *path,
                               GPtrArray            *problems,
                               AngioPackageDocFunc   func,
                               gpointer              data,
                               GCancellable         *cancellable,
                               GError              **error)
{
  Check c = { NULL, NULL, problems, 0, cancellable, FALSE, TRUE, NULL };
  EachDoc each = { func, data };

  return each_package (&c, path, read_prediction, &each, error);
}
