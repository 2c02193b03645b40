/* angio-files.c — DICOM files in folders. */
#include "config.h"

#include <string.h>

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
collect (GFile     *folder,
         GPtrArray *paths,
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
        collect (child, paths, depth + 1);
      else if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR &&
               angio_files_looks_like_dicom (child))
        {
          char *path = g_file_get_path (child);

          /* The index itself holds no image. */
          if (angio_files_is_dicomdir (path))
            g_free (path);
          else
            g_ptr_array_add (paths, path);
        }
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
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (G_IS_FILE (folder), paths);

  collect (folder, paths, 0);
  g_ptr_array_sort (paths, compare_paths);
  return paths;
}
