/* angio-test-util.c — see angio-test-util.h. */
#include "config.h"

#include <sqlite3.h>

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "angio-test-util.h"

static char *tmpdir;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
cleanup (void)
{
  if (tmpdir != NULL && g_getenv ("ANGIO_KEEP_TMP") == NULL)
    remove_tree (tmpdir);
}

const char *
angio_test_tmpdir (void)
{
  if (tmpdir == NULL)
    {
      tmpdir = g_dir_make_tmp ("angiomark-test-XXXXXX", NULL);
      g_assert_nonnull (tmpdir);
      atexit (cleanup);
    }
  return tmpdir;
}

char *
angio_test_path (const char *name)
{
  return g_build_filename (angio_test_tmpdir (), name, NULL);
}

char *
angio_test_data_dir (const char *sub)
{
  const char *root = g_getenv ("ANGIO_TESTDATA");
  g_autofree char *path = NULL;

  if (root == NULL)
    {
      g_test_skip ("ANGIO_TESTDATA is not set");
      return NULL;
    }
  path = g_build_filename (root, "dicom", sub, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *message = g_strdup_printf ("%s is missing", path);
      g_test_skip (message);
      return NULL;
    }
  return g_steal_pointer (&path);
}

char *
angio_test_phantom_file (const AngioPhantomParams *params,
                         const char               *name,
                         AngioPhantom            **out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AngioPhantom) phantom = angio_phantom_generate (params, NULL, &error);
  char *path = angio_test_path (name);

  g_assert_no_error (error);
  g_assert_true (angio_phantom_save (phantom, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  if (out != NULL)
    *out = g_steal_pointer (&phantom);
  return path;
}

static void
put16 (GByteArray *bytes,
       guint16     value)
{
  guint8 le[2] = { value & 0xff, value >> 8 };
  g_byte_array_append (bytes, le, 2);
}

static void
put32 (GByteArray *bytes,
       guint32     value)
{
  guint8 le[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24 };
  g_byte_array_append (bytes, le, 4);
}

void
angio_test_dicom_element (GByteArray   *bytes,
                          guint16       group,
                          guint16       element,
                          const char   *vr,
                          gconstpointer value,
                          guint32       length)
{
  static const char *const long_vrs[] = { "OB", "OW", "OF", "SQ", "UT", "UN", NULL };

  put16 (bytes, group);
  put16 (bytes, element);
  g_byte_array_append (bytes, (const guint8 *) vr, 2);
  if (g_strv_contains (long_vrs, vr))
    {
      put16 (bytes, 0);
      put32 (bytes, length);
    }
  else
    put16 (bytes, (guint16) length);
  if (value != NULL && length != 0xffffffff)
    g_byte_array_append (bytes, value, length);
}

void
angio_test_dicom_text (GByteArray *bytes,
                       guint16     group,
                       guint16     element,
                       const char *vr,
                       const char *text)
{
  g_autofree char *padded = NULL;
  gsize n = strlen (text);

  padded = g_strndup (text, n + 1);
  if (n % 2)
    padded[n++] = strcmp (vr, "UI") == 0 ? '\0' : ' ';
  angio_test_dicom_element (bytes, group, element, vr, padded, (guint32) n);
}

void
angio_test_dicom_us (GByteArray *bytes,
                     guint16     group,
                     guint16     element,
                     guint16     value)
{
  guint8 le[2] = { value & 0xff, value >> 8 };
  angio_test_dicom_element (bytes, group, element, "US", le, 2);
}

void
angio_test_dicom_sequence_begin (GByteArray *bytes,
                                 guint16     group,
                                 guint16     element)
{
  angio_test_dicom_element (bytes, group, element, "SQ", NULL, 0xffffffff);
}

static void
put_delimiter (GByteArray *bytes,
               guint16     element,
               guint32     length)
{
  put16 (bytes, 0xfffe);
  put16 (bytes, element);
  put32 (bytes, length);
}

void
angio_test_dicom_item_begin (GByteArray *bytes)
{
  put_delimiter (bytes, 0xe000, 0xffffffff);
}

void
angio_test_dicom_item_end (GByteArray *bytes)
{
  put_delimiter (bytes, 0xe00d, 0);
}

void
angio_test_dicom_sequence_end (GByteArray *bytes)
{
  put_delimiter (bytes, 0xe0dd, 0);
}

GByteArray *
angio_test_dicom_begin (const char *transfer_syntax_uid)
{
  GByteArray *bytes = g_byte_array_new ();
  g_autoptr(GByteArray) meta = g_byte_array_new ();
  guint8 preamble[128] = { 0 };
  guint8 version[2] = { 0, 1 };
  guint32 length;

  g_byte_array_append (bytes, preamble, sizeof preamble);
  g_byte_array_append (bytes, (const guint8 *) "DICM", 4);
  angio_test_dicom_element (meta, 0x0002, 0x0001, "OB", version, 2);
  angio_test_dicom_text (meta, 0x0002, 0x0002, "UI", "1.2.840.10008.5.1.4.1.1.12.1");
  angio_test_dicom_text (meta, 0x0002, 0x0003, "UI", "1.2.3.4.5.6");
  angio_test_dicom_text (meta, 0x0002, 0x0010, "UI", transfer_syntax_uid);
  angio_test_dicom_text (meta, 0x0002, 0x0012, "UI", "1.2.3.4");
  length = GUINT32_TO_LE (meta->len);
  angio_test_dicom_element (bytes, 0x0002, 0x0000, "UL", &length, 4);
  g_byte_array_append (bytes, meta->data, meta->len);
  return bytes;
}

void
angio_test_dicom_image_header (GByteArray *bytes,
                               guint       rows,
                               guint       cols,
                               guint       frames)
{
  angio_test_dicom_text (bytes, 0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.12.1");
  angio_test_dicom_text (bytes, 0x0008, 0x0018, "UI", "1.2.3.4.5.6");
  angio_test_dicom_text (bytes, 0x0008, 0x0060, "CS", "XA");
  angio_test_dicom_us (bytes, 0x0028, 0x0002, 1);
  angio_test_dicom_text (bytes, 0x0028, 0x0004, "CS", "MONOCHROME2");
  if (frames > 0)
    {
      g_autofree char *n = g_strdup_printf ("%u", frames);
      angio_test_dicom_text (bytes, 0x0028, 0x0008, "IS", n);
    }
  angio_test_dicom_us (bytes, 0x0028, 0x0010, (guint16) rows);
  angio_test_dicom_us (bytes, 0x0028, 0x0011, (guint16) cols);
  angio_test_dicom_us (bytes, 0x0028, 0x0100, 16);
  angio_test_dicom_us (bytes, 0x0028, 0x0101, 12);
  angio_test_dicom_us (bytes, 0x0028, 0x0102, 11);
  angio_test_dicom_us (bytes, 0x0028, 0x0103, 0);
}

char *
angio_test_write (const char   *name,
                  gconstpointer data,
                  gsize         length)
{
  g_autoptr(GError) error = NULL;
  char *path = angio_test_path (name);

  g_assert_true (g_file_set_contents (path, data, (gssize) length, &error));
  g_assert_no_error (error);
  return path;
}

const AngioTestPlanted angio_test_planted[] = {
  { 0x0010, 0x0010, "PN", "PLANTEDFAMILY^PLANTEDGIVEN" },
  { 0x0010, 0x0020, "LO", "PLANTEDPID7781" },
  { 0x0010, 0x0021, "LO", "PLANTEDISSUER" },
  { 0x0010, 0x0030, "DA", "19450607" },
  { 0x0010, 0x1000, "LO", "PLANTEDOTHERID" },
  { 0x0010, 0x1001, "PN", "PLANTEDOTHER^NAME" },
  { 0x0010, 0x1040, "LO", "PLANTED STREET 12" },
  { 0x0010, 0x2154, "SH", "PLANTED5550199" },
  { 0x0010, 0x4000, "LT", "PLANTED PATIENT COMMENT" },
  { 0x0008, 0x0050, "SH", "PLANTEDACC9" },
  { 0x0008, 0x0080, "LO", "PLANTED INSTITUTION" },
  { 0x0008, 0x0081, "ST", "PLANTED INSTITUTION ADDRESS" },
  { 0x0008, 0x1040, "LO", "PLANTED DEPARTMENT" },
  { 0x0008, 0x0090, "PN", "PLANTEDREFERRING^DOC" },
  { 0x0008, 0x1050, "PN", "PLANTEDPERFORMING^DOC" },
  { 0x0008, 0x1060, "PN", "PLANTEDREADING^DOC" },
  { 0x0008, 0x1070, "PN", "PLANTEDOPERATOR" },
  { 0x0008, 0x1010, "SH", "PLANTEDSTATION" },
  { 0x0018, 0x1000, "LO", "PLANTEDSERIAL" },
  { 0x0020, 0x0010, "SH", "PLANTEDSTUDYID" },
  { 0x0008, 0x1030, "LO", "PLANTED STUDY DESCRIPTION" },
  { 0x0008, 0x103e, "LO", "PLANTED SERIES DESCRIPTION" },
  { 0x0018, 0x1030, "LO", "PLANTED PROTOCOL" },
  { 0x0020, 0x4000, "LT", "PLANTED IMAGE COMMENT" },
  { 0x0008, 0x0020, "DA", "20240315" },
  { 0x0008, 0x0021, "DA", "20240316" },
  { 0x0008, 0x0023, "DA", "20240317" },
  { 0x0020, 0x000d, "UI", ANGIO_TEST_STUDY_UID },
  { 0x0020, 0x000e, "UI", ANGIO_TEST_SERIES_UID },
  { 0x0008, 0x0018, "UI", ANGIO_TEST_SOP_UID },
  { 0x0009, 0x0010, "LO", "PLANTEDCREATOR" },
  { 0x0009, 0x1001, "LO", "PLANTED PRIVATE VALUE" },
};
const guint angio_test_n_planted = G_N_ELEMENTS (angio_test_planted);

void
angio_test_write_phantom (const AngioPhantomParams         *params,
                          const char                       *path,
                          const AngioDicomAttribute *const *extra)
{
  g_autoptr(AngioPhantom) phantom = NULL;
  g_autoptr(GError) error = NULL;

  phantom = angio_phantom_generate (params, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (angio_phantom_save (phantom, path, NULL, NULL, extra, &error));
  g_assert_no_error (error);
}

void
angio_test_planted_phantom (const AngioPhantomParams *params,
                            const char               *path)
{
  g_autoptr(GPtrArray) attributes = g_ptr_array_new_with_free_func (
                                      (GDestroyNotify) angio_dicom_attribute_free);

  for (guint i = 0; i < angio_test_n_planted; i++)
    {
      AngioDicomAttribute *a = g_new0 (AngioDicomAttribute, 1);

      a->group = angio_test_planted[i].group;
      a->element = angio_test_planted[i].element;
      g_strlcpy (a->vr, angio_test_planted[i].vr, sizeof a->vr);
      a->value = g_strdup (angio_test_planted[i].value);
      g_ptr_array_add (attributes, a);
    }
  g_ptr_array_add (attributes, NULL);
  angio_test_write_phantom (params, path, (const AngioDicomAttribute *const *) attributes->pdata);
}

void
angio_test_label_case (AngioWorkspace *workspace,
                       const char     *case_id,
                       gboolean        wire_ffr)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AngioCase) kase = angio_workspace_load_case (workspace, case_id, &error);
  g_autoptr(AngioCaseSeries) run = NULL;
  AngioLesion *lesion;
  gint key;

  g_assert_no_error (error);
  run = g_list_model_get_item (angio_case_get_series (kase), 0);
  key = angio_case_get_best_key_frame (kase);
  g_assert_cmpint (key, >=, 0);
  g_assert_true (angio_case_series_set_key_frame_status (run, key, ANGIO_STATUS_ACCEPTED));
  lesion = angio_case_series_get_worst_lesion (run);
  g_assert_nonnull (lesion);
  angio_lesion_set_status (lesion, ANGIO_STATUS_ACCEPTED);
  if (wire_ffr)
    {
      AngioPressure *pressure = angio_case_get_pressure (kase);

      g_assert_true (angio_pressure_set_value (pressure, ANGIO_PRESSURE_PA_HYPER, 92, &error));
      g_assert_true (angio_pressure_set_value (pressure, ANGIO_PRESSURE_PD_HYPER, 70, &error));
    }
  angio_case_set_status (kase, ANGIO_CASE_DONE);
  g_assert_cmpint (angio_workspace_save_case (workspace, kase, NULL, "Labelled", &error), >, 0);
  g_assert_no_error (error);
}

void
angio_test_copy_case (const char *folder,
                      guint       n)
{
  g_autofree char *db_path = g_build_filename (folder, ANGIO_WORKSPACE_DB, NULL);
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 2; i <= n; i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO cases (case_id, study_uid, created, status, best_key_frame, "
        "worst_percent_ds, wire_ffr, estimated_ffr, n_series, modified) "
        "SELECT 'CASE-%04u', 'study-%u', created, status, best_key_frame, worst_percent_ds, "
        "wire_ffr, estimated_ffr, n_series, modified FROM cases WHERE case_id = 'CASE-0001';"
        "INSERT INTO revisions (case_ref, time, who, action, document) "
        "SELECT last_insert_rowid (), time, who, action, "
        "replace (document, 'CASE-0001', 'CASE-%04u') FROM revisions "
        "WHERE case_ref = (SELECT id FROM cases WHERE case_id = 'CASE-0001');", i, i, i);

      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

AngioWorkspace *
angio_test_labelled_workspace (const char *name,
                               guint       n)
{
  g_autofree char *folder = angio_test_path (name);
  g_autofree char *file = g_strconcat (name, ".dcm", NULL);
  g_autofree char *run = NULL;
  const char *paths[] = { NULL, NULL };
  g_autoptr(AngioWorkspace) ws = angio_workspace_open (folder, TRUE, NULL);
  g_autoptr(AngioImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  AngioPhantomParams params;

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = 256;
  params.frames = 24;
  params.seed = 5;
  run = angio_test_phantom_file (&params, file, NULL);
  paths[0] = run;
  report = angio_workspace_import (ws, paths, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_series, ==, 1);
  angio_test_label_case (ws, "CASE-0001", TRUE);
  if (n <= 1)
    return g_steal_pointer (&ws);
  g_clear_object (&ws);
  angio_test_copy_case (folder, n);
  ws = angio_workspace_open (folder, FALSE, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&ws);
}

int
angio_test_run_cli (const char *const *args,
                    char              **out)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("ANGIOMARK_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, out, NULL, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

void
angio_test_copy_file (const char *from,
                      const char *folder,
                      const char *name)
{
  g_autofree char *to = g_build_filename (folder, name, NULL);
  g_autofree char *text = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (from, &text, &length, NULL));
  g_assert_true (g_file_set_contents (to, text, length, NULL));
}

JsonNode *
angio_test_parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

void
angio_test_shift_points (JsonObject *object,
                         const char *member,
                         double      dx,
                         double      dy)
{
  JsonArray *points = json_object_get_array_member (object, member);
  JsonArray *moved = json_array_new ();

  for (guint i = 0; i < json_array_get_length (points); i++)
    {
      JsonArray *p = json_array_get_array_element (points, i);
      JsonArray *q = json_array_new ();

      json_array_add_double_element (q, json_array_get_double_element (p, 0) + dx);
      json_array_add_double_element (q, json_array_get_double_element (p, 1) + dy);
      json_array_add_array_element (moved, q);
    }
  json_object_set_array_member (object, member, moved);
}
