/* angio-files.c — DICOM files in folders. */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "angio-files.h"

gboolean
angio_files_looks_like_dicom (GFile *file)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  char head[132];
  gsize n = 0;

  return stream != NULL
         && g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &n, NULL, NULL)
         && n == sizeof head && memcmp (head + 128, "DICM", 4) == 0;
}

gboolean
angio_files_is_dicomdir (const char *path)
{
  g_autofree char *name = g_path_get_basename (path);

  return g_ascii_strcasecmp (name, "DICOMDIR") == 0;
}

static void
add_if_dicom (GFile     *file,
              GPtrArray *paths)
{
  char *path;

  if (!angio_files_looks_like_dicom (file))
    return;
  path = g_file_get_path (file);
  /* The index itself holds no image. */
  if (angio_files_is_dicomdir (path))
    g_free (path);
  else
    g_ptr_array_add (paths, path);
}

static void
skip_link (GFile      *link,
           GPtrArray  *skipped,
           const char *reason)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  if (skipped == NULL)
    return;
  path = g_file_get_path (link);
  name = g_filename_display_name (path);
  /* Translators: a file not imported, and why */
  g_ptr_array_add (skipped, g_strdup_printf (_("%s: %s"), name, reason));
}

/* A symbolic link is followed to a regular file (a folder of links to an archive's files is
 * a common way to pick runs), never to a folder (links can make loops). */
static void
follow_link (GFile     *link,
             GPtrArray *paths,
             GPtrArray *skipped)
{
  g_autoptr(GFileInfo) target = g_file_query_info (link, G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                                   G_FILE_QUERY_INFO_NONE, NULL, NULL);

  /* GIO describes a dangling link as the link itself. */
  if (target == NULL || g_file_info_get_file_type (target) == G_FILE_TYPE_SYMBOLIC_LINK)
    skip_link (link, skipped, _("a symbolic link to nothing (its target is missing)"));
  else if (g_file_info_get_file_type (target) == G_FILE_TYPE_DIRECTORY)
    skip_link (link, skipped, _("a symbolic link to a folder, not followed"));
  else if (g_file_info_get_file_type (target) == G_FILE_TYPE_REGULAR)
    add_if_dicom (link, paths);
  else
    skip_link (link, skipped, _("a symbolic link to something that is not a file"));
}

static void
collect (GFile     *folder,
         GPtrArray *paths,
         GPtrArray *skipped,
         guint      depth)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;
  GFile *child;

  if (depth > ANGIO_FILES_MAX_DEPTH)
    return;
  children = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                        G_FILE_ATTRIBUTE_STANDARD_IS_HIDDEN,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL && paths->len < ANGIO_FILES_MAX
         && g_file_enumerator_iterate (children, &info, &child, NULL, NULL) && info != NULL)
    {
      if (g_file_info_get_is_hidden (info))
        continue;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        collect (child, paths, skipped, depth + 1);
      else if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
        add_if_dicom (child, paths);
      else if (g_file_info_get_file_type (info) == G_FILE_TYPE_SYMBOLIC_LINK)
        follow_link (child, paths, skipped);
    }
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  g_autofree char *ka = g_utf8_collate_key_for_filename (*(const char *const *) a, -1);
  g_autofree char *kb = g_utf8_collate_key_for_filename (*(const char *const *) b, -1);

  return strcmp (ka, kb);
}

GPtrArray *
angio_files_collect_folder (GFile *folder)
{
  return angio_files_collect_folder_full (folder, NULL);
}

GPtrArray *
angio_files_collect_folder_full (GFile     *folder,
                                 GPtrArray *skipped)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (G_IS_FILE (folder), paths);

  collect (folder, paths, skipped, 0);
  g_ptr_array_sort (paths, compare_paths);
  return paths;
}
