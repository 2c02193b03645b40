/* angio-workspace.c — cases and their revisions in SQLite. */
#define G_LOG_DOMAIN "angio-workspace"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "angio-analysis.h"
#include "angio-enum-types.h"
#include "angio-files.h"
#include "angio-json.h"
#include "angio-package-private.h"
#include "angio-package.h"
#include "angio-series.h"
#include "angio-workspace-private.h"
#include "angio-workspace.h"

/* PRAGMA application_id: "ANGM". */
#define APPLICATION_ID 0x414e474d
#define SCHEMA_VERSION 4
#define LOCK_FILE "workspace.lock"

G_DEFINE_FINAL_TYPE (AngioWorkspace, angio_workspace, G_TYPE_OBJECT)

static const char schema[] =
  "CREATE TABLE cases ("
  "  id INTEGER PRIMARY KEY,"
  "  case_id TEXT NOT NULL UNIQUE,"
  "  study_uid TEXT UNIQUE,"
  "  created TEXT NOT NULL,"
  "  status TEXT NOT NULL DEFAULT 'new',"
  "  annotator TEXT,"
  "  best_key_frame INTEGER,"
  "  worst_percent_ds REAL,"
  "  wire_ffr REAL,"
  "  estimated_ffr REAL,"
  "  n_series INTEGER NOT NULL DEFAULT 0,"
  "  modified TEXT);"
  "CREATE TABLE revisions ("
  "  id INTEGER PRIMARY KEY,"
  "  case_ref INTEGER NOT NULL REFERENCES cases (id),"
  "  time TEXT NOT NULL,"
  "  who TEXT,"
  "  action TEXT NOT NULL,"
  "  document TEXT NOT NULL);"
  "CREATE INDEX revisions_by_case ON revisions (case_ref, id);";

/* Version 2: how cases leave the workspace (case packages). */
static const char schema_2[] =
  "CREATE TABLE settings ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL);"
  "CREATE TABLE deid ("
  "  case_ref INTEGER PRIMARY KEY REFERENCES cases (id),"
  "  pseudonym TEXT NOT NULL UNIQUE,"
  "  date_shift_days INTEGER NOT NULL,"
  "  deidentified INTEGER NOT NULL DEFAULT 0,"
  "  imported_from TEXT);";

/* Version 3: predictions (models, other annotators) beside the labels, never over them; one
 * document per case and source, replaced when the source is imported again. */
static const char schema_3[] =
  "CREATE TABLE predictions ("
  "  id INTEGER PRIMARY KEY,"
  "  case_ref INTEGER NOT NULL REFERENCES cases (id),"
  "  origin TEXT NOT NULL,"
  "  source TEXT NOT NULL,"
  "  version TEXT,"
  "  imported TEXT NOT NULL,"
  "  imported_from TEXT,"
  "  document TEXT NOT NULL,"
  "  UNIQUE (case_ref, origin, source));";

/* Version 4: several readers, one dataset (angio-reads.h): the reading protocol (every change
 * kept, the last is in force), the readers and their roles, the cases assigned to them, each
 * reader's read of a case (his own revisions, submitted or open), the case's quality control
 * (reading, adjudication, final, with its record) and the audit trail of who did what. */
static const char schema_4[] =
  "CREATE TABLE protocols ("
  "  id INTEGER PRIMARY KEY,"
  "  time TEXT NOT NULL,"
  "  who TEXT,"
  "  document TEXT NOT NULL);"
  "CREATE TABLE readers ("
  "  id INTEGER PRIMARY KEY,"
  "  reader_id TEXT NOT NULL UNIQUE,"
  "  name TEXT,"
  "  role TEXT NOT NULL,"
  "  added TEXT NOT NULL);"
  "CREATE TABLE assignments ("
  "  case_ref INTEGER NOT NULL REFERENCES cases (id),"
  "  reader_ref INTEGER NOT NULL REFERENCES readers (id),"
  "  time TEXT NOT NULL,"
  "  PRIMARY KEY (case_ref, reader_ref));"
  "CREATE TABLE reads ("
  "  id INTEGER PRIMARY KEY,"
  "  case_ref INTEGER NOT NULL REFERENCES cases (id),"
  "  reader_ref INTEGER NOT NULL REFERENCES readers (id),"
  "  submitted TEXT,"
  "  UNIQUE (case_ref, reader_ref));"
  "CREATE TABLE read_revisions ("
  "  id INTEGER PRIMARY KEY,"
  "  read_ref INTEGER NOT NULL REFERENCES reads (id),"
  "  time TEXT NOT NULL,"
  "  who TEXT,"
  "  action TEXT NOT NULL,"
  "  document TEXT NOT NULL);"
  "CREATE INDEX read_revisions_by_read ON read_revisions (read_ref, id);"
  "CREATE TABLE quality ("
  "  case_ref INTEGER PRIMARY KEY REFERENCES cases (id),"
  "  state TEXT NOT NULL,"
  "  record TEXT NOT NULL,"
  "  time TEXT NOT NULL);"
  "CREATE TABLE audit ("
  "  id INTEGER PRIMARY KEY,"
  "  time TEXT NOT NULL,"
  "  who TEXT,"
  "  action TEXT NOT NULL,"
  "  case_ref INTEGER REFERENCES cases (id),"
  "  detail TEXT);"
  "CREATE INDEX audit_by_case ON audit (case_ref, id);";

static void
angio_workspace_finalize (GObject *object)
{
  AngioWorkspace *self = ANGIO_WORKSPACE (object);

  if (self->db != NULL)
    sqlite3_close (self->db);
  if (self->lock_fd >= 0)
    close (self->lock_fd);   /* releases the lock */
  g_free (self->folder);
  g_free (self->db_path);
  g_rec_mutex_clear (&self->lock);
  G_OBJECT_CLASS (angio_workspace_parent_class)->finalize (object);
}

static void
angio_workspace_class_init (AngioWorkspaceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = angio_workspace_finalize;
}

static void
angio_workspace_init (AngioWorkspace *self)
{
  self->lock_fd = -1;
  g_rec_mutex_init (&self->lock);
}

static void sweep (AngioWorkspace *self);

/* Errors */

static gboolean
db_fail (AngioWorkspace  *self,
         GError         **error)
{
  g_autofree char *name = g_filename_display_name (self->db_path);
  int code = sqlite3_errcode (self->db);

  if (self->read_only || code == SQLITE_READONLY)
    {
      g_autofree char *folder = g_filename_display_name (self->folder);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY,
                   _("%s is read-only: nothing can be saved in it"), folder);
      return FALSE;
    }
  if (code == SQLITE_FULL)
    {
      g_autofree char *folder = g_filename_display_name (self->folder);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("no space left on %s"), folder);
      return FALSE;
    }
  g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_FAILED, "%s: %s", name,
               sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
exec (AngioWorkspace  *self,
      const char      *sql,
      GError         **error)
{
  return sqlite3_exec (self->db, sql, NULL, NULL, NULL) == SQLITE_OK || db_fail (self, error);
}

static sqlite3_stmt *
prepare (AngioWorkspace  *self,
         const char      *sql,
         GError         **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      db_fail (self, error);
      return NULL;
    }
  return stmt;
}

/* Opening */

static gboolean
take_lock (AngioWorkspace  *self,
           GError         **error)
{
  g_autofree char *path = g_build_filename (self->folder, LOCK_FILE, NULL);
  g_autofree char *pid = NULL;

  self->lock_fd = self->read_only ? g_open (path, O_RDONLY | O_CLOEXEC, 0)
                                   : g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (self->lock_fd < 0 && self->read_only && errno == ENOENT)
    return TRUE;   /* never opened for writing: no one else can be writing */
  if (self->lock_fd < 0)
    {
      int saved = errno;
      g_autofree char *name = g_filename_display_name (self->folder);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("%s: cannot open the workspace: %s"), name, g_strerror (saved));
      return FALSE;
    }
  if (flock (self->lock_fd, (self->read_only ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0)
    {
      g_autofree char *name = g_filename_display_name (self->folder);
      char other[32] = "";
      ssize_t n = pread (self->lock_fd, other, sizeof other - 1, 0);

      other[MAX (n, 0)] = '\0';
      g_strchomp (other);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   _("%s is in use by another Angiomark (process %s): close it there first"),
                   name, *other ? other : "?");
      return FALSE;
    }
  if (self->read_only)
    return TRUE;
  pid = g_strdup_printf ("%d\n", (int) getpid ());
  if (ftruncate (self->lock_fd, 0) != 0 ||
      pwrite (self->lock_fd, pid, strlen (pid), 0) != (ssize_t) strlen (pid))
    g_debug ("could not write the pid into the lock file");
  return TRUE;
}

static gboolean
not_a_workspace (AngioWorkspace  *self,
                 const char      *reason,
                 GError         **error)
{
  g_autofree char *name = g_filename_display_name (self->db_path);

  g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
               /* Translators: %s is a file, the second %s the reason */
               _("%s is not an Angiomark workspace: %s. It was left as it is."), name, reason);
  return FALSE;
}

/* Looks at an existing workspace.db without writing to it: immutable (no journal, no lock) —
 * unless a write-ahead log is beside it (a process that saved was killed before its
 * checkpoint), whose pages are part of the database: then read-only, reading the log. */
static guint64
angio_workspace_free_bytes (const char *folder)
{
  struct statvfs st;

  if (statvfs (folder, &st) != 0)
    return G_MAXUINT64;
  return (guint64) st.f_bavail * st.f_frsize;
}

static gboolean
check_existing (AngioWorkspace  *self,
                GError         **error)
{
  g_autofree char *uri = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *escaped = g_uri_escape_string (self->db_path, "/", FALSE);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt;
  gint64 app_id = -1, version = -1;
  gboolean ok = FALSE;
  g_autofree char *reason = NULL;
  char head[16] = "";
  FILE *f = g_fopen (self->db_path, "rb");

  if (f == NULL || fread (head, 1, sizeof head, f) != sizeof head ||
      memcmp (head, "SQLite format 3", 16) != 0)
    {
      if (f != NULL)
        fclose (f);
      return not_a_workspace (self, _("not an SQLite database"), error);
    }
  fclose (f);

  wal = g_strconcat (self->db_path, "-wal", NULL);
  uri = g_strdup_printf ("file:%s?%s", escaped,
                         g_file_test (wal, G_FILE_TEST_EXISTS) ? "mode=ro" : "immutable=1");
  if (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) == SQLITE_OK)
    {
      if (sqlite3_prepare_v2 (db, "PRAGMA application_id", -1, &stmt, NULL) == SQLITE_OK)
        {
          if (sqlite3_step (stmt) == SQLITE_ROW)
            app_id = sqlite3_column_int64 (stmt, 0);
          sqlite3_finalize (stmt);
        }
      if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK)
        {
          if (sqlite3_step (stmt) == SQLITE_ROW)
            version = sqlite3_column_int64 (stmt, 0);
          sqlite3_finalize (stmt);
        }
      /* Killed before its schema was committed: nothing in it to lose, made again. */
      if (app_id == 0 && version == 0 &&
          sqlite3_prepare_v2 (db, "SELECT count(*) FROM sqlite_master", -1, &stmt, NULL)
            == SQLITE_OK)
        {
          self->unfinished = sqlite3_step (stmt) == SQLITE_ROW &&
                             sqlite3_column_int64 (stmt, 0) == 0;
          sqlite3_finalize (stmt);
        }
      if (app_id == APPLICATION_ID &&
          sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL) == SQLITE_OK)
        {
          ok = sqlite3_step (stmt) == SQLITE_ROW &&
               g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
          sqlite3_finalize (stmt);
        }
    }
  if (app_id < 0)
    reason = g_strdup (db ? sqlite3_errmsg (db) : "?");
  sqlite3_close (db);

  /* A database that cannot be read now (a full disk: no room for its shared-memory file) is
   * not said to be something else. */
  if (app_id < 0)
    {
      g_autofree char *name = g_filename_display_name (self->folder);

      if (angio_workspace_free_bytes (self->folder) < (1 << 20))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("no space left on %s"), name);
      else
        g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_FAILED,
                     _("%s: the workspace cannot be read now (%s)"), name, reason);
      return FALSE;
    }
  if (self->unfinished && !self->read_only)
    return TRUE;
  if (app_id != APPLICATION_ID)
    return not_a_workspace (self, app_id < 0 ? _("the database cannot be read")
                                              : _("it is another program’s database"), error);
  if (!ok)
    return not_a_workspace (self, _("the database is damaged"), error);
  if (version > SCHEMA_VERSION)
    return not_a_workspace (self, _("it was made by a newer Angiomark"), error);
  return TRUE;
}

/* A workspace of an older Angiomark gets the tables it lacks (one transaction). */
static gboolean
upgrade (AngioWorkspace  *self,
         GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "PRAGMA user_version", error);
  g_autofree char *sql = NULL;
  int version;

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return stmt != NULL && db_fail (self, error);
  version = sqlite3_column_int (stmt, 0);
  if (version >= SCHEMA_VERSION)
    return TRUE;
  sql = g_strdup_printf ("BEGIN; %s %s %s PRAGMA user_version=%d; COMMIT;",
                         version < 2 ? schema_2 : "", version < 3 ? schema_3 : "", schema_4,
                         SCHEMA_VERSION);
  if (!exec (self, sql, error))
    {
      exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  return TRUE;
}

gboolean
angio_workspace_is_workspace (const char *folder)
{
  g_autofree char *db = NULL;

  g_return_val_if_fail (folder != NULL, FALSE);

  db = g_build_filename (folder, ANGIO_WORKSPACE_DB, NULL);
  return g_file_test (db, G_FILE_TEST_IS_REGULAR);
}

/* Whether the existing workspace in @folder cannot be written: a read-only file system, or
 * a folder or database this user may not write. */
static gboolean
cannot_write (const char *folder,
              const char *db_path)
{
  struct statvfs st;
  g_autofree char *probe = NULL;
  int fd;

  if (statvfs (folder, &st) == 0 && (st.f_flag & ST_RDONLY))
    return TRUE;
  if (access (folder, W_OK) != 0 || access (db_path, W_OK) != 0)
    return errno == EACCES || errno == EROFS || errno == EPERM;
  /* access() says yes to root everywhere but on read-only mounts; the lock file tells. */
  probe = g_build_filename (folder, LOCK_FILE, NULL);
  fd = g_open (probe, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    return errno == EACCES || errno == EROFS || errno == EPERM;
  close (fd);
  return FALSE;
}

/* The existing workspace, read only: for a folder that cannot be written (a CD, a share
 * mounted read-only, another user's). Listing, loading and scoring work; saving says why not. */
static gboolean
open_read_only (AngioWorkspace  *self,
                GError         **error)
{
  g_autofree char *escaped = g_uri_escape_string (self->db_path, "/", FALSE);
  g_autofree char *wal = g_strconcat (self->db_path, "-wal", NULL);
  g_autofree char *uri = NULL;
  gboolean has_wal = g_file_test (wal, G_FILE_TEST_EXISTS);

  self->read_only = TRUE;
  if (!take_lock (self, error) || !check_existing (self, error))
    return FALSE;
  /* Without a write-ahead log nothing can change under us: immutable, no lock files made. */
  uri = g_strdup_printf ("file:%s?%s", escaped, has_wal ? "mode=ro" : "immutable=1");
  if (sqlite3_open_v2 (uri, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
                       SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK ||
      sqlite3_exec (self->db, "SELECT count(*) FROM cases", NULL, NULL, NULL) != SQLITE_OK)
    {
      g_autofree char *name = g_filename_display_name (self->folder);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY,
                   has_wal ? _("%s is read-only and its last changes are still in %s-wal: open "
                               "it once where it can be written")
                           : _("%s is read-only and its database cannot be read (%s)"),
                   name, has_wal ? ANGIO_WORKSPACE_DB : sqlite3_errmsg (self->db));
      return FALSE;
    }
  g_debug ("%s opened read-only", self->folder);
  return TRUE;
}

gboolean
angio_workspace_is_read_only (AngioWorkspace *self)
{
  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), FALSE);
  return self->read_only;
}

AngioWorkspace *
angio_workspace_open_read_only (const char  *folder,
                                GError     **error)
{
  g_autoptr(AngioWorkspace) self = NULL;

  g_return_val_if_fail (folder != NULL, NULL);

  self = g_object_new (ANGIO_TYPE_WORKSPACE, NULL);
  self->folder = g_canonicalize_filename (folder, NULL);
  self->db_path = g_build_filename (self->folder, ANGIO_WORKSPACE_DB, NULL);
  if (!g_file_test (self->db_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *name = g_filename_display_name (self->folder);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("%s: no workspace here (no %s)"), name, ANGIO_WORKSPACE_DB);
      return NULL;
    }
  if (!open_read_only (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

AngioWorkspace *
angio_workspace_open (const char  *folder,
                      gboolean     create,
                      GError     **error)
{
  g_autoptr(AngioWorkspace) self = NULL;
  gboolean exists, interrupted = FALSE;

  g_return_val_if_fail (folder != NULL, NULL);

  self = g_object_new (ANGIO_TYPE_WORKSPACE, NULL);
  self->folder = g_canonicalize_filename (folder, NULL);
  self->db_path = g_build_filename (self->folder, ANGIO_WORKSPACE_DB, NULL);
  exists = g_file_test (self->db_path, G_FILE_TEST_EXISTS);
  if (exists)
    {
      GStatBuf st;
      g_autofree char *wal = g_strconcat (self->db_path, "-wal", NULL);

      /* Empty, with no log beside it: its creation never finished (a full disk, a crash
         before the first commit); there is nothing in it to lose. */
      if (g_stat (self->db_path, &st) == 0 && st.st_size == 0 &&
          !g_file_test (wal, G_FILE_TEST_EXISTS))
        {
          exists = FALSE;
          interrupted = TRUE;
        }
    }
  if (!exists && !create)
    {
      g_autofree char *name = g_filename_display_name (self->folder);

      if (interrupted)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("%s: no workspace here (its creation was interrupted before anything "
                       "was saved in it)"), name);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("%s: no workspace here (no %s)"), name, ANGIO_WORKSPACE_DB);
      return NULL;
    }
  if (!exists && g_mkdir_with_parents (self->folder, 0755) != 0)
    {
      int saved = errno;
      g_autofree char *name = g_filename_display_name (self->folder);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("%s: cannot create the workspace: %s"), name, g_strerror (saved));
      return NULL;
    }
  if (exists && cannot_write (self->folder, self->db_path))
    return open_read_only (self, error) ? g_steal_pointer (&self) : NULL;
  if (!take_lock (self, error))
    return NULL;
  if (exists && !check_existing (self, error))
    return NULL;

  if (sqlite3_open_v2 (self->db_path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                       SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK)
    {
      db_fail (self, error);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 2000);
  /* WAL: a crash leaves the last committed revision; FULL: a power loss too. */
  if (!exec (self, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON",
             error))
    return NULL;
  if (!exists || self->unfinished)
    {
      g_autofree char *sql = g_strdup_printf ("BEGIN; %s %s %s %s PRAGMA application_id=%d; "
                                              "PRAGMA user_version=%d; COMMIT;", schema,
                                              schema_2, schema_3, schema_4, APPLICATION_ID,
                                              SCHEMA_VERSION);

      if (!exec (self, sql, error))
        return NULL;
    }
  else if (!upgrade (self, error))
    return NULL;
  else
    sweep (self);
  return g_steal_pointer (&self);
}

static gboolean
has_case (AngioWorkspace *self,
          const char     *case_id)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT 1 FROM cases WHERE case_id = ?", NULL);

  if (stmt == NULL)
    return TRUE;   /* when in doubt, nothing is removed */
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* What a process killed while importing left (the next open is the first moment no one else
 * can be using it): a case row with no revision (from an older Angiomark, killed between the
 * two); the staging folders of package imports — their cases committed are moved into
 * place, the rest removed; run folders of packages with no case. */
static void
sweep (AngioWorkspace *self)
{
  g_autofree char *packages = g_build_filename (self->folder, ANGIO_PACKAGES_FOLDER, NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (exec (self, "BEGIN IMMEDIATE; "
            "DELETE FROM deid WHERE case_ref IN (SELECT id FROM cases WHERE id NOT IN "
            "  (SELECT case_ref FROM revisions)); "
            "DELETE FROM predictions WHERE case_ref IN (SELECT id FROM cases WHERE id NOT IN "
            "  (SELECT case_ref FROM revisions)); "
            "DELETE FROM cases WHERE id NOT IN (SELECT case_ref FROM revisions); COMMIT", NULL))
    {
      if (sqlite3_changes (self->db) > 0)
        g_debug ("removed cases with no revision");
    }
  else
    exec (self, "ROLLBACK", NULL);

  dir = g_dir_open (packages, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (packages, name, NULL);

      if (g_str_has_prefix (name, ANGIO_IMPORT_STAGING))
        {
          g_autofree char *cases = g_build_filename (path, ANGIO_IMPORT_CASES, NULL);
          g_autoptr(GDir) staged = NULL;
          const char *case_id;

          if (!angio_package_abandoned (path))
            continue;
          staged = g_dir_open (cases, 0, NULL);
          while (staged != NULL && (case_id = g_dir_read_name (staged)) != NULL)
            {
              g_autofree char *from = g_build_filename (cases, case_id, NULL);
              g_autofree char *to = g_build_filename (packages, case_id, NULL);

              if (angio_id_is_safe (case_id) && has_case (self, case_id) &&
                  !g_file_test (to, G_FILE_TEST_EXISTS) && g_rename (from, to) == 0)
                g_debug ("finished the import of %s", case_id);
            }
          angio_package_remove_tree (path);
        }
      else if (name[0] != '.' && angio_id_is_safe (name) && !has_case (self, name) &&
               g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_debug ("removing %s: no case of that id", path);
          angio_package_remove_tree (path);
        }
    }
}

const char *
angio_workspace_get_folder (AngioWorkspace *self)
{
  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), NULL);
  return self->folder;
}

/* Reading */

static char *
column_string (sqlite3_stmt *stmt,
               int           i)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, i));
}

static double
column_double (sqlite3_stmt *stmt,
               int           i)
{
  return sqlite3_column_type (stmt, i) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, i);
}

GPtrArray *
angio_workspace_list (AngioWorkspace  *self,
                      GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (
                                (GDestroyNotify) angio_case_summary_free);
  int rc;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), NULL);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = prepare (self, "SELECT case_id, status, annotator, best_key_frame, worst_percent_ds, "
                  "wire_ffr, estimated_ffr, n_series, modified, "
                  "(SELECT count(*) FROM revisions WHERE case_ref = cases.id) "
                  "FROM cases ORDER BY case_id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AngioCaseSummary *s = g_new0 (AngioCaseSummary, 1);
      int status = ANGIO_CASE_NEW;

      angio_enum_from_nick (ANGIO_TYPE_CASE_STATUS, (const char *) sqlite3_column_text (stmt, 1),
                            &status);
      s->case_id = column_string (stmt, 0);
      s->status = status;
      s->annotator = column_string (stmt, 2);
      s->best_key_frame = sqlite3_column_type (stmt, 3) == SQLITE_NULL
                          ? -1 : sqlite3_column_int (stmt, 3);
      s->worst_percent_ds = column_double (stmt, 4);
      s->wire_ffr = column_double (stmt, 5);
      s->estimated_ffr = column_double (stmt, 6);
      s->n_series = sqlite3_column_int (stmt, 7);
      s->modified = column_string (stmt, 8);
      s->n_revisions = sqlite3_column_int (stmt, 9);
      g_ptr_array_add (list, s);
    }
  if (rc != SQLITE_DONE)
    {
      db_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

static JsonNode *
parse_document (AngioWorkspace  *self,
                const char      *text,
                GError         **error)
{
  g_autofree char *name = NULL;

  if (text == NULL)
    {
      db_fail (self, error);
      return NULL;
    }
  /* Written by Angiomark, but the workspace may come from elsewhere: read as untrusted. */
  name = g_filename_display_name (self->db_path);
  return angio_json_parse (text, strlen (text), name, error);
}

/* The case.json of the last revision of @case_id, %NULL (no error) if there is no such case. */
static JsonNode *
last_document (AngioWorkspace  *self,
               const char      *case_id,
               GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT document FROM revisions WHERE case_ref = "
                                          "(SELECT id FROM cases WHERE case_id = ?) "
                                          "ORDER BY id DESC LIMIT 1", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return parse_document (self, (const char *) sqlite3_column_text (stmt, 0), error);
}

JsonNode *
angio_workspace_load_document (AngioWorkspace  *self,
                               const char      *case_id,
                               GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(GError) local = NULL;
  JsonNode *root;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  locker = g_rec_mutex_locker_new (&self->lock);

  root = last_document (self, case_id, &local);
  if (root == NULL)
    {
      if (local == NULL)
        g_set_error (&local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("no case %s in this workspace"),
                     case_id);
      g_propagate_error (error, g_steal_pointer (&local));
    }
  return root;
}

AngioCase *
angio_workspace_load_case (AngioWorkspace  *self,
                           const char      *case_id,
                           GError         **error)
{
  g_autoptr(JsonNode) root = angio_workspace_load_document (self, case_id, error);
  g_autoptr(GError) local = NULL;
  AngioCase *kase;

  if (root == NULL)
    return NULL;
  kase = angio_case_new_from_json (root, &local);
  if (kase == NULL)
    g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                 _("case %s: %s"), case_id, local->message);
  return kase;
}

JsonNode *
angio_workspace_load_revision (AngioWorkspace  *self,
                               gint64           id,
                               GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), NULL);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = prepare (self, "SELECT document FROM revisions WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("no revision %s"), number);
      return NULL;
    }
  return parse_document (self, (const char *) sqlite3_column_text (stmt, 0), error);
}

GPtrArray *
angio_workspace_history (AngioWorkspace  *self,
                         const char      *case_id,
                         GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (
                                (GDestroyNotify) angio_revision_free);
  int rc;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), NULL);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = prepare (self, "SELECT id, time, who, action FROM revisions WHERE case_ref = "
                  "(SELECT id FROM cases WHERE case_id = ?) ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AngioRevision *r = g_new0 (AngioRevision, 1);

      r->id = sqlite3_column_int64 (stmt, 0);
      r->time = column_string (stmt, 1);
      r->who = column_string (stmt, 2);
      r->action = column_string (stmt, 3);
      g_ptr_array_add (list, r);
    }
  if (rc != SQLITE_DONE)
    {
      db_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* Writing */

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static void
bind_number (sqlite3_stmt *stmt,
             int           i,
             double        value)
{
  if (isfinite (value))
    sqlite3_bind_double (stmt, i, value);
  else
    sqlite3_bind_null (stmt, i);
}

/* The worklist's columns of @kase, as of @now. */
static gboolean
update_summary (AngioWorkspace  *self,
                AngioCase       *kase,
                const char      *now,
                GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  AngioFfrEstimate estimate;
  gint key = angio_case_get_best_key_frame (kase);

  stmt = prepare (self, "UPDATE cases SET status = ?2, annotator = ?3, best_key_frame = ?4, "
                  "worst_percent_ds = ?5, wire_ffr = ?6, estimated_ffr = ?7, n_series = ?8, "
                  "modified = ?9 WHERE case_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, angio_case_get_id (kase), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, angio_enum_nick (ANGIO_TYPE_CASE_STATUS,
                                               angio_case_get_status (kase)), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, angio_case_get_annotator (kase), -1, SQLITE_TRANSIENT);
  if (key >= 0)
    sqlite3_bind_int (stmt, 4, key);
  else
    sqlite3_bind_null (stmt, 4);
  bind_number (stmt, 5, angio_case_get_worst_percent_ds (kase));
  bind_number (stmt, 6, angio_pressure_get_ffr (angio_case_get_pressure (kase)));
  bind_number (stmt, 7, angio_case_estimate_ffr (kase, &estimate, NULL, NULL) ? estimate.ffr
                                                                              : NAN);
  sqlite3_bind_int (stmt, 8, g_list_model_get_n_items (angio_case_get_series (kase)));
  sqlite3_bind_text (stmt, 9, now, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_DONE || db_fail (self, error);
}

/* A revision of @case_id holding @text. */
static gboolean
insert_revision (AngioWorkspace  *self,
                 const char      *case_id,
                 const char      *text,
                 const char      *time,
                 const char      *who,
                 const char      *action,
                 gint64          *revision,
                 GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (self, "INSERT INTO revisions (case_ref, time, who, action, document) "
                  "SELECT id, ?2, ?3, ?4, ?5 FROM cases WHERE case_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, time, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, who, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, action, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, text, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return db_fail (self, error);
  if (sqlite3_changes (self->db) != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("no case %s in this workspace"),
                   case_id);
      return FALSE;
    }
  if (revision != NULL)
    *revision = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

/* Runs @step(self, data, error) in one transaction. */
static gboolean
transaction (AngioWorkspace  *self,
             gboolean       (*step) (AngioWorkspace *, gpointer, GError **),
             gpointer         data,
             GError         **error)
{
  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!step (self, data, error) || !exec (self, "COMMIT", error))
    {
      exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  return TRUE;
}

gint64
angio_workspace_save_case (AngioWorkspace  *self,
                           AngioCase       *kase,
                           const char      *who,
                           const char      *action,
                           GError         **error)
{
  g_autoptr(JsonNode) document = NULL;

  g_return_val_if_fail (ANGIO_IS_CASE (kase), 0);

  document = angio_case_to_json (kase);
  return angio_workspace_save_document (self, kase, document, who, action, error);
}

typedef struct {
  AngioCase *kase;
  JsonNode *document;
  const char *who;
  const char *action;
  gint64 revision;
} SaveStep;

static gboolean
save_step (AngioWorkspace  *self,
           gpointer         data,
           GError         **error)
{
  SaveStep *save = data;
  g_autofree char *text = angio_json_to_string (save->document, FALSE);
  g_autofree char *now = now_iso8601 ();

  return insert_revision (self, angio_case_get_id (save->kase), text, now, save->who,
                          save->action, &save->revision, error) &&
         update_summary (self, save->kase, now, error);
}

gint64
angio_workspace_save_document (AngioWorkspace  *self,
                               AngioCase       *kase,
                               JsonNode        *document,
                               const char      *who,
                               const char      *action,
                               GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  SaveStep save = { kase, document, who, action, 0 };

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), 0);
  g_return_val_if_fail (ANGIO_IS_CASE (kase), 0);
  g_return_val_if_fail (document != NULL, 0);
  g_return_val_if_fail (action != NULL, 0);

  locker = g_rec_mutex_locker_new (&self->lock);

  if (save.who == NULL)
    save.who = angio_case_get_annotator (kase);
  if (save.who == NULL)
    save.who = g_get_user_name ();
  return transaction (self, save_step, &save, error) ? save.revision : 0;
}

/* Importing */

static char *
next_case_id (AngioWorkspace  *self,
              GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT count(*) FROM cases", error);
  gint64 n;

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  n = sqlite3_column_int64 (stmt, 0);
  for (;; n++)
    {
      g_autoptr(sqlite3_stmt) check = prepare (self, "SELECT 1 FROM cases WHERE case_id = ?",
                                               error);
      g_autofree char *id = g_strdup_printf ("CASE-%04" G_GINT64_FORMAT, n + 1);

      if (check == NULL)
        return NULL;
      sqlite3_bind_text (check, 1, id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (check) != SQLITE_ROW)
        return g_steal_pointer (&id);
    }
}

/* The case of @study_uid, created when new. */
static char *
case_for_study (AngioWorkspace  *self,
                const char      *study_uid,
                GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT case_id FROM cases WHERE study_uid = ?",
                                          error);
  g_autofree char *id = NULL;
  g_autofree char *now = now_iso8601 ();

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, study_uid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return column_string (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (!(id = next_case_id (self, error)))
    return NULL;
  stmt = prepare (self, "INSERT INTO cases (case_id, study_uid, created) VALUES (?, ?, ?)",
                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, study_uid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      db_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&id);
}

static gboolean
is_angiogram (const AngioDicomMeta *meta)
{
  return g_strcmp0 (meta->modality, "XA") == 0 || g_strcmp0 (meta->modality, "RF") == 0 ||
         meta->frames > 1;
}

static void
expand (const char *const *paths,
        GPtrArray         *files,
        GPtrArray         *skipped)
{
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GFile) file = NULL;
      g_autofree char *folder = NULL;

      if (g_file_test (paths[i], G_FILE_TEST_IS_DIR))
        file = g_file_new_for_path (paths[i]);
      else if (angio_files_is_dicomdir (paths[i]))
        file = g_file_new_for_path (folder = g_path_get_dirname (paths[i]));
      if (file != NULL)
        g_ptr_array_extend_and_steal (files, angio_files_collect_folder_full (file, skipped));
      else
        g_ptr_array_add (files, g_canonicalize_filename (paths[i], NULL));
    }
}

static void
skip (AngioImportReport *report,
      const char        *path,
      const char        *reason)
{
  g_autofree char *name = g_filename_display_name (path);

  /* Translators: a file not imported, and why */
  g_ptr_array_add (report->skipped, g_strdup_printf (_("%s: %s"), name, reason));
}

/* The run at @path as a series of the case, analysed when asked. */
static AngioCaseSeries *
describe_run (AngioSeries   *probe,
              gboolean       analyse,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(AngioSeries) series = NULL;
  g_autoptr(AngioAnalysis) analysis = NULL;
  g_autoptr(AngioCaseSeries) run = NULL;
  AngioAnalysisParams params;

  if (!analyse)
    return angio_case_series_new_described (probe);
  series = angio_series_load (angio_series_get_path (probe), cancellable, error);
  if (series == NULL)
    return NULL;
  angio_analysis_params_init (&params);
  analysis = angio_analysis_run (series, &params, cancellable, error);
  if (analysis == NULL)
    return NULL;
  run = angio_case_series_new_described (series);
  angio_case_series_apply_analysis (run, analysis);
  return g_steal_pointer (&run);
}

static gboolean
import_run (AngioWorkspace     *self,
            AngioSeries        *probe,
            gboolean            analyse,
            AngioImportReport  *report,
            GCancellable       *cancellable,
            GError            **error)
{
  const AngioDicomMeta *meta = angio_series_get_meta (probe);
  const char *path = angio_series_get_path (probe);
  const char *study = meta->study_instance_uid ? meta->study_instance_uid : path;
  const char *uid = meta->series_instance_uid ? meta->series_instance_uid : path;
  g_autofree char *case_id = NULL;
  g_autoptr(AngioCase) kase = NULL;
  g_autoptr(AngioCaseSeries) run = NULL;
  g_autoptr(JsonNode) last = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *action = NULL;
  g_autofree char *name = g_path_get_basename (path);

  /* The store alone while the case is found (the analysis below runs without it). */
  g_rec_mutex_lock (&self->lock);
  case_id = case_for_study (self, study, error);
  if (case_id != NULL)
    last = last_document (self, case_id, &local);
  g_rec_mutex_unlock (&self->lock);
  if (case_id == NULL)
    return FALSE;
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  kase = last ? angio_case_new_from_json (last, error) : angio_case_new (case_id);
  if (kase == NULL)
    return FALSE;
  if (angio_case_find_series (kase, uid) != NULL)
    {
      report->n_known++;
      return TRUE;
    }
  run = describe_run (probe, analyse, cancellable, &local);
  if (run == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      skip (report, path, local->message);
      return TRUE;
    }
  angio_case_add_series (kase, run);
  /* Translators: the history entry of an import; %s is a file name */
  action = g_strdup_printf (analyse ? _("Imported %s, proposals by the analysis")
                                    : _("Imported %s"), name);
  if (!angio_workspace_save_case (self, kase, NULL, action, error))
    return FALSE;
  report->n_series++;
  if (!g_ptr_array_find_with_equal_func (report->cases, case_id, g_str_equal, NULL))
    g_ptr_array_add (report->cases, g_steal_pointer (&case_id));
  return TRUE;
}

AngioImportReport *
angio_workspace_import (AngioWorkspace     *self,
                        const char *const  *paths,
                        gboolean            analyse,
                        GCancellable       *cancellable,
                        GError            **error)
{
  g_autoptr(AngioImportReport) report = g_new0 (AngioImportReport, 1);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (paths != NULL, NULL);

  report->cases = g_ptr_array_new_with_free_func (g_free);
  report->skipped = g_ptr_array_new_with_free_func (g_free);
  expand (paths, files, report->skipped);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(GError) local = NULL;
      g_autoptr(AngioSeries) probe = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      probe = angio_series_probe (path, cancellable, &local);
      if (probe == NULL)
        {
          /* The message names the file already. */
          g_ptr_array_add (report->skipped, g_strdup (local->message));
          continue;
        }
      if (!is_angiogram (angio_series_get_meta (probe)))
        {
          skip (report, path, _("not an angiographic run"));
          continue;
        }
      if (!import_run (self, probe, analyse, report, cancellable, error))
        return NULL;
    }
  return g_steal_pointer (&report);
}

/* Case packages */

/* @n random bytes from the kernel. */
static gboolean
random_bytes (guint8  *bytes,
              gsize    n,
              GError **error)
{
  gsize done = 0;

  while (done < n)
    {
      ssize_t got = getrandom (bytes + done, n - done, 0);

      if (got < 0 && errno != EINTR)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("no random numbers from the system: %s"), g_strerror (saved));
          return FALSE;
        }
      done += MAX (got, 0);
    }
  return TRUE;
}

char *
angio_workspace_get_uid_secret (AngioWorkspace  *self,
                                GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint8 bytes[32];
  GString *hex;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), NULL);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = prepare (self, "SELECT value FROM settings WHERE key = 'uid_secret'", error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return column_string (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (!random_bytes (bytes, sizeof bytes, error))
    return NULL;
  hex = g_string_new (NULL);
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);
  stmt = prepare (self, "INSERT INTO settings (key, value) VALUES ('uid_secret', ?)", error);
  if (stmt == NULL)
    return g_string_free (hex, TRUE), NULL;
  sqlite3_bind_text (stmt, 1, hex->str, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      g_string_free (hex, TRUE);
      db_fail (self, error);
      return NULL;
    }
  return g_string_free (hex, FALSE);
}

static gboolean
read_deid (AngioWorkspace  *self,
           const char      *case_id,
           AngioCaseDeid   *deid,
           gboolean        *found,
           GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT pseudonym, date_shift_days, deidentified "
                                          "FROM deid WHERE case_ref = "
                                          "(SELECT id FROM cases WHERE case_id = ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  *found = sqlite3_step (stmt) == SQLITE_ROW;
  if (*found)
    {
      deid->pseudonym = column_string (stmt, 0);
      deid->date_shift_days = sqlite3_column_int (stmt, 1);
      deid->deidentified = sqlite3_column_int (stmt, 2) != 0;
    }
  return TRUE;
}

static gboolean
pseudonym_taken (AngioWorkspace *self,
                 const char     *pseudonym,
                 const char     *case_id)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT 1 FROM deid JOIN cases "
                                          "ON cases.id = deid.case_ref WHERE "
                                          "deid.pseudonym = ?1 AND cases.case_id != ?2 UNION "
                                          "SELECT 1 FROM cases WHERE case_id = ?1 "
                                          "AND case_id != ?2", NULL);

  if (stmt == NULL)
    return TRUE;
  sqlite3_bind_text (stmt, 1, pseudonym, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, case_id, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static gboolean
pseudonym_valid (const char *pseudonym)
{
  gsize n = strlen (pseudonym);

  if (n == 0 || n > 64)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isalnum (pseudonym[i]) && pseudonym[i] != '-' && pseudonym[i] != '_')
      return FALSE;
  return TRUE;
}

typedef struct {
  const char *case_id;
  const char *prefix;
  AngioCaseDeid *deid;
} DeidStep;

static gboolean
assign_deid (AngioWorkspace  *self,
             gpointer         data,
             GError         **error)
{
  DeidStep *step = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean found;
  guint32 random;

  if (!read_deid (self, step->case_id, step->deid, &found, error))
    return FALSE;
  if (found)
    return TRUE;
  for (guint n = 1;; n++)
    {
      g_autofree char *candidate = g_strdup_printf ("%s-%04u", step->prefix, n);

      if (!pseudonym_taken (self, candidate, step->case_id))
        {
          step->deid->pseudonym = g_steal_pointer (&candidate);
          break;
        }
    }
  if (!random_bytes ((guint8 *) &random, sizeof random, error))
    return FALSE;
  /* Whole weeks keep the weekday; 1 to 10 years back. */
  step->deid->date_shift_days = -7 * (52 + (gint) (random % (521 - 52 + 1)));
  step->deid->deidentified = FALSE;
  stmt = prepare (self, "INSERT INTO deid (case_ref, pseudonym, date_shift_days) "
                  "SELECT id, ?2, ?3 FROM cases WHERE case_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, step->case_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, step->deid->pseudonym, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, step->deid->date_shift_days);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return db_fail (self, error);
  if (sqlite3_changes (self->db) != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("no case %s in this workspace"),
                   step->case_id);
      return FALSE;
    }
  return TRUE;
}

gboolean
angio_workspace_get_deid (AngioWorkspace  *self,
                          const char      *case_id,
                          const char      *prefix,
                          AngioCaseDeid   *deid,
                          GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  DeidStep step = { case_id, prefix, deid };
  gboolean found;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (case_id != NULL && deid != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);
  memset (deid, 0, sizeof *deid);
  if (prefix == NULL)
    return read_deid (self, case_id, deid, &found, error);
  if (!pseudonym_valid (prefix))
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("“%s” cannot start a pseudonym: use letters, digits, “-” and “_”"),
                   prefix);
      return FALSE;
    }
  if (!transaction (self, assign_deid, &step, error))
    {
      angio_case_deid_clear (deid);
      return FALSE;
    }
  return TRUE;
}

gboolean
angio_workspace_set_pseudonym (AngioWorkspace  *self,
                               const char      *case_id,
                               const char      *pseudonym,
                               GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_auto(AngioCaseDeid) deid = { 0 };
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (case_id != NULL && pseudonym != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  if (!pseudonym_valid (pseudonym))
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("“%s” cannot be a pseudonym: use 1 to 64 letters, digits, “-” and “_”"),
                   pseudonym);
      return FALSE;
    }
  if (pseudonym_taken (self, pseudonym, case_id))
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("“%s” is already the pseudonym or the id of another case"), pseudonym);
      return FALSE;
    }
  if (!angio_workspace_get_deid (self, case_id, ANGIO_PSEUDONYM_PREFIX, &deid, error))
    return FALSE;
  if (deid.deidentified && g_strcmp0 (deid.pseudonym, pseudonym) != 0)
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("case %s came from a package: it keeps its pseudonym %s"), case_id,
                   deid.pseudonym);
      return FALSE;
    }
  stmt = prepare (self, "UPDATE deid SET pseudonym = ?2 WHERE case_ref = "
                  "(SELECT id FROM cases WHERE case_id = ?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, pseudonym, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_DONE || db_fail (self, error);
}

typedef struct {
  AngioCase *kase;
  const char *text;
  GPtrArray *history;
  const char *imported_from;
} AddStep;

static gboolean
add_step (AngioWorkspace  *self,
          gpointer         data,
          GError         **error)
{
  AddStep *add = data;
  const char *case_id = angio_case_get_id (add->kase);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = now_iso8601 ();
  const char *last = now;

  stmt = prepare (self, "SELECT 1 FROM cases WHERE case_id = ?1 UNION "
                  "SELECT 1 FROM deid WHERE pseudonym = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("case %s is already in this workspace"), case_id);
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = prepare (self, "INSERT INTO cases (case_id, created) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return db_fail (self, error);
  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = prepare (self, "INSERT INTO deid (case_ref, pseudonym, date_shift_days, deidentified, "
                  "imported_from) SELECT id, case_id, 0, 1, ? FROM cases WHERE case_id = ?",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, add->imported_from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, case_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return db_fail (self, error);
  for (guint i = 0; i < add->history->len; i++)
    {
      AngioRevision *r = g_ptr_array_index (add->history, i);

      if (!insert_revision (self, case_id, add->text, r->time, r->who, r->action, NULL, error))
        return FALSE;
      last = r->time;
    }
  return update_summary (self, add->kase, last, error);
}

gboolean
angio_workspace_add_case (AngioWorkspace  *self,
                          JsonNode        *document,
                          GPtrArray       *history,
                          const char      *imported_from,
                          GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(AngioCase) kase = NULL;
  g_autofree char *text = NULL;
  AddStep add;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (document != NULL && history != NULL && history->len > 0, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  kase = angio_case_new_from_json (document, error);
  if (kase == NULL)
    return FALSE;
  text = angio_json_to_string (document, FALSE);
  add = (AddStep) { kase, text, history, imported_from };
  return transaction (self, add_step, &add, error);
}

typedef struct {
  GPtrArray *kases;
  GPtrArray *texts;
  GPtrArray *cases;
} AddAllStep;

static gboolean
add_all_step (AngioWorkspace  *self,
              gpointer         data,
              GError         **error)
{
  AddAllStep *all = data;

  for (guint i = 0; i < all->cases->len; i++)
    {
      AngioWorkspaceNewCase *c = all->cases->pdata[i];
      AddStep add = { all->kases->pdata[i], all->texts->pdata[i], c->history,
                      c->imported_from };

      if (!add_step (self, &add, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
angio_workspace_add_cases (AngioWorkspace  *self,
                           GPtrArray       *cases,
                           GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) kases = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  AddAllStep all = { kases, texts, cases };

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (cases != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  for (guint i = 0; i < cases->len; i++)
    {
      AngioWorkspaceNewCase *c = cases->pdata[i];
      AngioCase *kase = angio_case_new_from_json (c->document, error);

      g_return_val_if_fail (c->history != NULL && c->history->len > 0, FALSE);
      if (kase == NULL)
        return FALSE;
      g_ptr_array_add (kases, kase);
      g_ptr_array_add (texts, angio_json_to_string (c->document, FALSE));
    }
  return transaction (self, add_all_step, &all, error);
}

/* Predictions */

char *
angio_workspace_find_case (AngioWorkspace *self,
                           const char     *id)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = prepare (self, "SELECT case_id FROM cases WHERE case_id = ?1 UNION ALL "
                  "SELECT cases.case_id FROM deid JOIN cases ON cases.id = deid.case_ref "
                  "WHERE deid.pseudonym = ?1 LIMIT 1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW ? column_string (stmt, 0) : NULL;
}

gboolean
angio_workspace_put_prediction (AngioWorkspace             *self,
                                const AngioPredictionInfo  *info,
                                JsonNode                   *document,
                                GError                    **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *text = NULL;
  g_autofree char *now = now_iso8601 ();

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (info != NULL && info->case_id != NULL && info->source != NULL, FALSE);
  g_return_val_if_fail (document != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = prepare (self, "INSERT OR REPLACE INTO predictions (case_ref, origin, source, version, "
                  "imported, imported_from, document) SELECT id, ?2, ?3, ?4, ?5, ?6, ?7 "
                  "FROM cases WHERE case_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  text = angio_json_to_string (document, FALSE);
  sqlite3_bind_text (stmt, 1, info->case_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, angio_enum_nick (ANGIO_TYPE_PREDICTION_ORIGIN, info->origin), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, info->source, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, info->version, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, info->imported_from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, text, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return db_fail (self, error);
  if (sqlite3_changes (self->db) != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("no case %s in this workspace"),
                   info->case_id);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
angio_workspace_list_predictions (AngioWorkspace  *self,
                                  const char      *case_id,
                                  GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (
                                (GDestroyNotify) angio_prediction_info_free);
  int rc;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), NULL);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = prepare (self, "SELECT cases.case_id, origin, source, version, imported, imported_from "
                  "FROM predictions JOIN cases ON cases.id = predictions.case_ref "
                  "WHERE ?1 IS NULL OR cases.case_id = ?1 "
                  "ORDER BY origin DESC, source, cases.case_id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AngioPredictionInfo *info = g_new0 (AngioPredictionInfo, 1);
      int origin = ANGIO_PREDICTION_MODEL;

      angio_enum_from_nick (ANGIO_TYPE_PREDICTION_ORIGIN,
                            (const char *) sqlite3_column_text (stmt, 1), &origin);
      info->case_id = column_string (stmt, 0);
      info->origin = origin;
      info->source = column_string (stmt, 2);
      info->version = column_string (stmt, 3);
      info->imported = column_string (stmt, 4);
      info->imported_from = column_string (stmt, 5);
      g_ptr_array_add (list, info);
    }
  if (rc != SQLITE_DONE)
    {
      db_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

JsonNode *
angio_workspace_load_prediction (AngioWorkspace         *self,
                                 const char             *case_id,
                                 AngioPredictionOrigin   origin,
                                 const char             *source,
                                 GError                **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (case_id != NULL && source != NULL, NULL);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = prepare (self, "SELECT document FROM predictions JOIN cases "
                  "ON cases.id = predictions.case_ref "
                  "WHERE cases.case_id = ?1 AND origin = ?2 AND source = ?3", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, angio_enum_nick (ANGIO_TYPE_PREDICTION_ORIGIN, origin), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, source, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("case %s has no prediction of %s"),
                   case_id, source);
      return NULL;
    }
  return parse_document (self, (const char *) sqlite3_column_text (stmt, 0), error);
}

void
angio_prediction_info_free (AngioPredictionInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->case_id);
  g_free (info->source);
  g_free (info->version);
  g_free (info->imported);
  g_free (info->imported_from);
  g_free (info);
}

void
angio_case_deid_clear (AngioCaseDeid *deid)
{
  if (deid != NULL)
    g_clear_pointer (&deid->pseudonym, g_free);
}

void
angio_case_summary_free (AngioCaseSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->case_id);
  g_free (summary->annotator);
  g_free (summary->modified);
  g_free (summary);
}

void
angio_revision_free (AngioRevision *revision)
{
  if (revision == NULL)
    return;
  g_free (revision->time);
  g_free (revision->who);
  g_free (revision->action);
  g_free (revision);
}

void
angio_import_report_free (AngioImportReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->cases, g_ptr_array_unref);
  g_clear_pointer (&report->skipped, g_ptr_array_unref);
  g_free (report);
}

/* The store's insides, for its other files (angio-workspace-private.h) */

gboolean
_angio_workspace_fail (AngioWorkspace  *self,
                       GError         **error)
{
  return db_fail (self, error);
}

gboolean
_angio_workspace_exec (AngioWorkspace  *self,
                       const char      *sql,
                       GError         **error)
{
  return exec (self, sql, error);
}

sqlite3_stmt *
_angio_workspace_prepare (AngioWorkspace  *self,
                          const char      *sql,
                          GError         **error)
{
  return prepare (self, sql, error);
}

gboolean
_angio_workspace_transaction (AngioWorkspace  *self,
                              gboolean       (*step) (AngioWorkspace *, gpointer, GError **),
                              gpointer         data,
                              GError         **error)
{
  return transaction (self, step, data, error);
}

char *
_angio_workspace_now (void)
{
  return now_iso8601 ();
}

JsonNode *
_angio_workspace_parse (AngioWorkspace  *self,
                        const char      *text,
                        GError         **error)
{
  return parse_document (self, text, error);
}

gboolean
_angio_workspace_save_step (AngioWorkspace  *self,
                            AngioCase       *kase,
                            JsonNode        *document,
                            const char      *who,
                            const char      *action,
                            gint64          *revision,
                            GError         **error)
{
  SaveStep save = { kase, document, who, action, 0 };

  if (!save_step (self, &save, error))
    return FALSE;
  if (revision != NULL)
    *revision = save.revision;
  return TRUE;
}
