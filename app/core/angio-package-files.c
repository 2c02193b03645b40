/* angio-package-files.c — hashing, walking, zipping: the file work of case packages. */
#define G_LOG_DOMAIN "angio-package"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "angio-json.h"
#include "angio-package-private.h"
#include "angio-package.h"
#include "angio-types.h"

#define BUFFER_SIZE (1 << 20)
/* A zip holding more entries than this is not a case package. */
#define MAX_ENTRIES 100000
/* What a zipped package may expand to: what its manifest lists (and the manifest), never
 * more than MAX_RATIO times the zip (plus a little, for tiny zips) nor than MAX_EXPANDED.
 * DICOM and PNG are compressed already; deflate of anything else rarely passes 20:1. */
#define MAX_RATIO 100
#define RATIO_SLACK (G_GUINT64_CONSTANT (16) << 20)
#define MAX_EXPANDED (G_GUINT64_CONSTANT (64) << 30)

gboolean
angio_package_errno (GError     **error,
                     const char  *path,
                     int          saved)
{
  g_autofree char *name = g_filename_display_name (path);

  if (saved == ENOSPC || saved == EDQUOT)
    {
      g_autofree char *folder = g_path_get_dirname (path);

      return angio_package_no_space (error, folder);
    }
  /* Translators: "%s: %s" is "file name: reason" */
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("%s: %s"), name,
               g_strerror (saved));
  return FALSE;
}

gboolean
angio_package_no_space (GError     **error,
                        const char  *folder)
{
  g_autofree char *name = g_filename_display_name (folder);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("no space left on %s"), name);
  return FALSE;
}

gboolean
angio_package_is_no_space (const GError *error)
{
  return error != NULL && (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE) ||
                           g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC) ||
                           strstr (error->message, g_strerror (ENOSPC)) != NULL);
}

guint64
angio_package_free_bytes (const char *folder)
{
  struct statvfs st;

  if (statvfs (folder, &st) != 0)
    return G_MAXUINT64;
  return (guint64) st.f_bavail * st.f_frsize;
}

static gboolean
fail (GError     **error,
      const char  *path,
      const char  *reason)
{
  g_autofree char *name = g_filename_display_name (path);

  g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT, _("%s: %s"), name,
               reason);
  return FALSE;
}

gboolean
angio_package_hash_file (const char    *path,
                         guint64       *bytes,
                         char         **sha256,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (BUFFER_SIZE);
  guint64 total = 0;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);

  if (fd < 0)
    return angio_package_errno (error, path, errno);
  for (;;)
    {
      ssize_t n = read (fd, buffer, BUFFER_SIZE);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          return angio_package_errno (error, path, saved);
        }
      if (n == 0)
        break;
      g_checksum_update (checksum, buffer, n);
      total += n;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          close (fd);
          return FALSE;
        }
    }
  close (fd);
  *bytes = total;
  *sha256 = g_strdup (g_checksum_get_string (checksum));
  return TRUE;
}

gboolean
angio_package_copy_file (const char  *from,
                         const char  *to,
                         guint64      max_bytes,
                         GError     **error)
{
  g_autofree guint8 *buffer = NULL;
  g_autofree char *parent = g_path_get_dirname (to);
  struct stat st;
  guint64 total = 0;
  int in, out;

  if (g_mkdir_with_parents (parent, 0755) != 0)
    return angio_package_errno (error, parent, errno);
  in = g_open (from, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  if (in < 0)
    return angio_package_errno (error, from, errno);
  if (fstat (in, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (in);
      return fail (error, from, _("not a regular file"));
    }
  out = g_open (to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (out < 0)
    {
      int saved = errno;

      close (in);
      return angio_package_errno (error, to, saved);
    }
  buffer = g_malloc (BUFFER_SIZE);
  for (;;)
    {
      ssize_t n = read (in, buffer, BUFFER_SIZE);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = errno;

          close (in);
          close (out);
          return n == 0 || angio_package_errno (error, from, saved);
        }
      total += (guint64) n;
      if (total > max_bytes)
        {
          close (in);
          close (out);
          return fail (error, from, _("too large for a file of a case package"));
        }
      for (ssize_t done = 0; done < n;)
        {
          ssize_t w = write (out, buffer + done, (gsize) (n - done));

          if (w < 0 && errno == EINTR)
            continue;
          if (w <= 0)
            {
              int saved = w < 0 ? errno : ENOSPC;

              close (in);
              close (out);
              return angio_package_errno (error, to, saved);
            }
          done += w;
        }
    }
}

static gboolean
walk (const char  *root,
      const char  *relative,
      GPtrArray   *paths,
      GError     **error)
{
  g_autofree char *folder = relative ? g_build_filename (root, relative, NULL) : g_strdup (root);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, error);
  const char *entry;

  if (dir == NULL)
    return FALSE;
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = relative ? g_strconcat (relative, "/", entry, NULL)
                                        : g_strdup (entry);
      g_autofree char *path = g_build_filename (root, child, NULL);
      GStatBuf st;

      if (g_lstat (path, &st) != 0)
        return angio_package_errno (error, path, errno);
      if (S_ISDIR (st.st_mode))
        {
          if (!walk (root, child, paths, error))
            return FALSE;
        }
      else if (S_ISREG (st.st_mode))
        g_ptr_array_add (paths, g_steal_pointer (&child));
      else
        return fail (error, path, _("not a regular file"));
    }
  return TRUE;
}

int
angio_package_compare_paths (gconstpointer a,
                             gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

GPtrArray *
angio_package_walk (const char  *root,
                    GError     **error)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  if (!walk (root, NULL, paths, error))
    return NULL;
  g_ptr_array_sort (paths, angio_package_compare_paths);
  return g_steal_pointer (&paths);
}

gboolean
angio_package_path_safe (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (path == NULL || *path == '\0' || *path == '/' || strlen (path) > 1024 ||
      !g_utf8_validate (path, -1, NULL))
    return FALSE;
  for (const char *c = path; *c; c++)
    if (*c == '\\' || (guchar) *c < 0x20 || *c == 0x7f)
      return FALSE;
  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] == '\0' || strcmp (parts[i], ".") == 0 || strcmp (parts[i], "..") == 0)
      return FALSE;
  return TRUE;
}

gboolean
angio_id_is_safe (const char *id)
{
  gsize n;

  if (id == NULL || id[0] == '\0' || id[0] == '.')
    return FALSE;
  for (n = 0; id[n] != '\0'; n++)
    if (n >= ANGIO_ID_MAX ||
        !(g_ascii_isalnum (id[n]) || id[n] == '-' || id[n] == '_' || id[n] == '.'))
      return FALSE;
  return TRUE;
}

JsonNode *
angio_package_hash_list (const char    *root,
                         GPtrArray     *paths,
                         guint64       *total,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint64 sum = 0;

  json_builder_begin_array (b);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *relative = g_ptr_array_index (paths, i);
      g_autofree char *path = g_build_filename (root, relative, NULL);
      g_autofree char *sha256 = NULL;
      guint64 bytes;

      if (!angio_package_hash_file (path, &bytes, &sha256, cancellable, error))
        return NULL;
      sum += bytes;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, relative);
      json_builder_set_member_name (b, "bytes");
      json_builder_add_int_value (b, (gint64) bytes);
      json_builder_set_member_name (b, "sha256");
      json_builder_add_string_value (b, sha256);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  if (total != NULL)
    *total = sum;
  return json_builder_get_root (b);
}

JsonNode *
angio_package_index (const char *format,
                     JsonObject *extra,
                     JsonNode   *files)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autoptr(JsonObject) extra_ref = extra;
  JsonObject *object = json_object_new ();
  JsonObject *tool = json_object_new ();
  JsonNode *root = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "format", format);
  json_object_set_int_member (object, "version", ANGIO_PACKAGE_VERSION);
  json_object_set_string_member (object, "created", created);
  json_object_set_string_member (tool, "name", PACKAGE_NAME);
  json_object_set_string_member (tool, "version", PACKAGE_VERSION);
  json_object_set_object_member (object, "tool", tool);
  if (extra != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (extra);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (object, l->data,
                                json_node_copy (json_object_get_member (extra, l->data)));
    }
  json_object_set_member (object, "files", files);
  json_node_take_object (root, object);
  return root;
}

JsonNode *
angio_package_read_json (const char  *path,
                         GError     **error)
{
  g_autoptr(JsonNode) root = angio_json_read_file (path, ANGIO_JSON_MAX_BYTES, error);

  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return fail (error, path, _("not a JSON object")), NULL;
  return g_steal_pointer (&root);
}

#define OWNER_FILE ".angiomark-owner"
/* A folder being written whose owner file is gone (just before its rename) is left alone this
 * long before it counts as abandoned. */
#define STALE_SECONDS (10 * 60)

int
angio_package_claim (const char *folder)
{
  g_autofree char *path = g_build_filename (folder, OWNER_FILE, NULL);
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);

  if (fd >= 0 && flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      return -1;
    }
  return fd;
}

void
angio_package_release (const char *folder,
                       int         fd)
{
  g_autofree char *path = g_build_filename (folder, OWNER_FILE, NULL);

  g_unlink (path);
  if (fd >= 0)
    close (fd);   /* the lock goes with it */
}

/* Its owner's lock is free (the kernel drops it with a killed process), or it has no owner
 * file and is old. */
gboolean
angio_package_abandoned (const char *path)
{
  g_autofree char *owner = g_build_filename (path, OWNER_FILE, NULL);
  GStatBuf st;
  int fd = g_open (owner, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  gboolean free_lock;

  if (fd < 0)
    return g_lstat (path, &st) == 0 && S_ISDIR (st.st_mode) &&
           time (NULL) - st.st_mtime > STALE_SECONDS;
  free_lock = flock (fd, LOCK_EX | LOCK_NB) == 0;
  close (fd);
  return free_lock;
}

guint
angio_package_sweep (const char *folder,
                     const char *prefix,
                     const char *infix)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_prefix (name, prefix) || (infix != NULL && strstr (name, infix) == NULL))
        continue;
      path = g_build_filename (folder, name, NULL);
      if (!angio_package_abandoned (path))
        continue;
      g_debug ("removing %s, left by a process that was stopped", path);
      angio_package_remove_tree (path);
      n++;
    }
  return n;
}

void
angio_package_remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *entry;

      while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, entry, NULL);

          angio_package_remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* Zip */

static gboolean
archive_fail (GError        **error,
              const char     *path,
              struct archive *a)
{
  return fail (error, path, archive_error_string (a) ? archive_error_string (a)
                                                     : _("the archive cannot be written"));
}

gboolean
angio_package_zip (const char    *folder,
                   const char    *top,
                   const char    *zip_path,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GPtrArray) paths = angio_package_walk (folder, error);
  g_autofree guint8 *buffer = NULL;
  struct archive *a;
  gboolean ok = FALSE;

  if (paths == NULL)
    return FALSE;
  buffer = g_malloc (BUFFER_SIZE);
  a = archive_write_new ();
  archive_write_set_format_zip (a);
  /* DICOM pixel data is often compressed already; deflate costs little on the rest. */
  archive_write_set_options (a, "zip:compression=deflate,zip:compression-level=1");
  if (archive_write_open_filename (a, zip_path) != ARCHIVE_OK)
    {
      archive_fail (error, zip_path, a);
      goto out;
    }
  for (guint i = 0; i < paths->len; i++)
    {
      const char *relative = g_ptr_array_index (paths, i);
      g_autofree char *path = g_build_filename (folder, relative, NULL);
      g_autofree char *name = g_strconcat (top, "/", relative, NULL);
      struct archive_entry *entry;
      GStatBuf st;
      int fd;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
      if (fd < 0 || fstat (fd, &st) != 0)
        {
          angio_package_errno (error, path, errno);
          if (fd >= 0)
            close (fd);
          goto out;
        }
      entry = archive_entry_new ();
      archive_entry_set_pathname_utf8 (entry, name);
      archive_entry_set_size (entry, st.st_size);
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_perm (entry, 0644);
      archive_entry_set_mtime (entry, st.st_mtime, 0);
      if (archive_write_header (a, entry) != ARCHIVE_OK)
        {
          archive_entry_free (entry);
          close (fd);
          archive_fail (error, zip_path, a);
          goto out;
        }
      archive_entry_free (entry);
      for (;;)
        {
          ssize_t n = read (fd, buffer, BUFFER_SIZE);

          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0)
            {
              angio_package_errno (error, path, errno);
              close (fd);
              goto out;
            }
          if (n == 0)
            break;
          if (archive_write_data (a, buffer, n) != n)
            {
              close (fd);
              archive_fail (error, zip_path, a);
              goto out;
            }
        }
      close (fd);
    }
  if (archive_write_close (a) != ARCHIVE_OK)
    {
      archive_fail (error, zip_path, a);
      goto out;
    }
  ok = TRUE;

out:
  archive_write_free (a);
  if (!ok)
    g_unlink (zip_path);
  return ok;
}

/* The budget of an extraction: bytes written so far and the most allowed. */
typedef struct {
  guint64 written;
  guint64 limit;
  const char *dest;
} Budget;

static gboolean
too_large (GError      **error,
           const char   *zip_path,
           const Budget *budget)
{
  g_autofree char *reason = g_strdup_printf (
    _("it expands to more than %.1f MB (what its manifest lists, and at most %d times its "
      "size): not extracted further"), budget->limit / 1e6, MAX_RATIO);

  return fail (error, zip_path, reason);
}

/* Writes the data of the current entry of @a to the new file @path, within @budget. */
static gboolean
extract_entry (struct archive  *a,
               const char      *zip_path,
               const char      *path,
               Budget          *budget,
               GCancellable    *cancellable,
               GError         **error)
{
  const void *block;
  size_t size;
  la_int64_t offset;
  guint64 written = 0;
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
  int r;

  if (fd < 0)
    return angio_package_errno (error, path, errno);
  while ((r = archive_read_data_block (a, &block, &size, &offset)) == ARCHIVE_OK)
    {
      if (g_cancellable_is_cancelled (cancellable))
        break;
      /* Holes count as written: the file takes them on disk. */
      if (offset < 0 || (guint64) offset + size > ANGIO_PACKAGE_MAX_FILE ||
          budget->written + ((guint64) offset + size - MIN (written, (guint64) offset + size))
            > budget->limit)
        {
          close (fd);
          return too_large (error, zip_path, budget);
        }
      if (pwrite (fd, block, size, offset) != (ssize_t) size)
        {
          int saved = errno;

          close (fd);
          if (saved == 0 || saved == ENOSPC || saved == EDQUOT)
            return angio_package_no_space (error, budget->dest);
          return angio_package_errno (error, path, saved);
        }
      if ((guint64) offset + size > written)
        {
          budget->written += (guint64) offset + size - written;
          written = (guint64) offset + size;
        }
    }
  if (r == ARCHIVE_OK)
    {
      close (fd);
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return FALSE;
    }
  if (r != ARCHIVE_EOF || ftruncate (fd, written) != 0)
    {
      close (fd);
      return archive_fail (error, zip_path, a);
    }
  if (close (fd) != 0)
    return angio_package_errno (error, path, errno);
  return TRUE;
}

/* What the manifest of the zip at @zip_path lists (its files' bytes and its own), read in a
 * first pass over the entries; 0 when it has none that can be read (validation says why). */
static guint64
manifest_bytes (const char *zip_path)
{
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  guint64 total = 0;
  guint n = 0;

  archive_read_support_format_zip (a);
  archive_read_support_filter_none (a);
  if (archive_read_open_filename (a, zip_path, BUFFER_SIZE) != ARCHIVE_OK)
    goto out;
  while (archive_read_next_header (a, &entry) == ARCHIVE_OK && ++n <= MAX_ENTRIES)
    {
      const char *name = archive_entry_pathname_utf8 (entry);
      const char *slash = name ? strchr (name, '/') : NULL;
      g_autoptr(GByteArray) bytes = NULL;
      g_autoptr(JsonNode) root = NULL;
      JsonArray *files;
      char buffer[65536];
      la_ssize_t got;

      if (slash == NULL || strcmp (slash + 1, ANGIO_PACKAGE_MANIFEST) != 0 ||
          archive_entry_filetype (entry) != AE_IFREG)
        continue;
      bytes = g_byte_array_new ();
      while ((got = archive_read_data (a, buffer, sizeof buffer)) > 0 &&
             bytes->len + (guint64) got <= ANGIO_JSON_MAX_BYTES)
        g_byte_array_append (bytes, (guint8 *) buffer, (guint) got);
      if (got != 0)
        break;
      root = angio_json_parse ((const char *) bytes->data, bytes->len, ANGIO_PACKAGE_MANIFEST,
                               NULL);
      files = root && JSON_NODE_HOLDS_OBJECT (root)
              ? angio_json_get_array (json_node_get_object (root), "files") : NULL;
      total = bytes->len;
      for (guint i = 0; files != NULL && i < json_array_get_length (files); i++)
        {
          JsonObject *f = angio_json_object_at (files, i);
          gint64 size = f ? angio_json_get_int (f, "bytes", 0) : 0;

          total += (guint64) CLAMP (size, 0, (gint64) MAX_EXPANDED);
          total = MIN (total, MAX_EXPANDED);
        }
      if (files == NULL)
        total = 0;
      break;
    }
out:
  archive_read_free (a);
  return total;
}

char *
angio_package_unzip (const char    *zip_path,
                     const char    *dest,
                     GCancellable  *cancellable,
                     GError       **error)
{
  struct archive *a = NULL;
  struct archive_entry *entry;
  g_autofree char *top = NULL;
  Budget budget = { 0, MAX_EXPANDED, dest };
  guint64 listed, free_bytes;
  GStatBuf st;
  guint n = 0;
  int r;

  /* Bounded before a byte is written: by the manifest, the zip's size and a sane maximum. */
  if (g_stat (zip_path, &st) == 0)
    budget.limit = MIN (budget.limit, RATIO_SLACK + (guint64) st.st_size * MAX_RATIO);
  listed = manifest_bytes (zip_path);
  if (listed > 0)
    budget.limit = MIN (budget.limit, listed);
  free_bytes = angio_package_free_bytes (dest);
  if (listed > 0 && listed > free_bytes)
    {
      g_autofree char *name = g_filename_display_name (dest);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("no space left on %s: the package needs %.1f MB, %.1f MB are free"),
                   name, listed / 1e6, free_bytes / 1e6);
      return NULL;
    }
  a = archive_read_new ();
  archive_read_support_format_zip (a);
  archive_read_support_filter_none (a);
  if (archive_read_open_filename (a, zip_path, BUFFER_SIZE) != ARCHIVE_OK)
    {
      fail (error, zip_path, _("not a zip archive"));
      goto fail;
    }
  while ((r = archive_read_next_header (a, &entry)) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname_utf8 (entry);
      g_autofree char *trimmed = NULL;
      g_autofree char *path = NULL;
      g_autofree char *first = NULL;
      const char *slash;
      mode_t type = archive_entry_filetype (entry);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto fail;
      if (++n > MAX_ENTRIES)
        {
          fail (error, zip_path, _("too many entries for a case package"));
          goto fail;
        }
      trimmed = g_strdup (name ? name : "");
      if (type == AE_IFDIR && g_str_has_suffix (trimmed, "/"))
        trimmed[strlen (trimmed) - 1] = '\0';
      if (!angio_package_path_safe (trimmed))
        {
          g_autofree char *reason = g_strdup_printf (_("unsafe entry name “%s”"),
                                                     name ? name : "");

          fail (error, zip_path, reason);
          goto fail;
        }
      slash = strchr (trimmed, '/');
      first = slash ? g_strndup (trimmed, slash - trimmed) : g_strdup (trimmed);
      if (top == NULL)
        top = g_strdup (first);
      else if (strcmp (top, first) != 0)
        {
          fail (error, zip_path, _("a case package holds one folder"));
          goto fail;
        }
      path = g_build_filename (dest, trimmed, NULL);
      if (type == AE_IFDIR)
        {
          if (g_mkdir_with_parents (path, 0755) != 0)
            {
              angio_package_errno (error, path, errno);
              goto fail;
            }
          continue;
        }
      if (type != AE_IFREG || slash == NULL)
        {
          g_autofree char *reason = g_strdup_printf (_("“%s” is not a file of a case package"),
                                                     trimmed);

          fail (error, zip_path, reason);
          goto fail;
        }
      {
        g_autofree char *parent = g_path_get_dirname (path);

        if (g_mkdir_with_parents (parent, 0755) != 0)
          {
            angio_package_errno (error, parent, errno);
            goto fail;
          }
      }
      if (archive_entry_size_is_set (entry) && archive_entry_size (entry) >= 0 &&
          budget.written + (guint64) archive_entry_size (entry) > budget.limit)
        {
          too_large (error, zip_path, &budget);
          goto fail;
        }
      if (!extract_entry (a, zip_path, path, &budget, cancellable, error))
        goto fail;
    }
  if (r != ARCHIVE_EOF)
    {
      archive_fail (error, zip_path, a);
      goto fail;
    }
  if (top == NULL)
    {
      fail (error, zip_path, _("the archive is empty"));
      goto fail;
    }
  archive_read_free (a);
  return g_steal_pointer (&top);

fail:
  archive_read_free (a);
  return NULL;
}
