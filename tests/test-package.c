/* test-package.c — case packages: an export of a run with a value planted in every attribute
 * of PS3.15 Table E.1-1 has none of them in any byte or file name, its masks are the
 * polygons' (the COCO areas too) and it validates; export → import → export de-identifies the
 * runs again (none of them either), gives the same labels, pixels and file names, UIDs
 * remapped by the importing workspace, the same bytes when exported twice (folders and zips);
 * a package whose DICOM still identifies the patient is refused, naming the attribute;
 * validation finds altered, missing, extra, unsafe and mis-sized files; a failed or cancelled
 * export leaves nothing; pseudonyms and date shifts are kept per case; the CLI's exit codes. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "angio-json.h"
#include "angio-key-frame.h"
#include "angio-package-private.h"
#include "angio-package.h"
#include "angio-png.h"
#include "angio-raster.h"
#include "angio-series.h"
#include "angio-test-util.h"

/* The source run: named after the patient, in a folder named after the patient's ID (a file
 * name is the first place an identifier leaks from). */
static char *
planted_run (void)
{
  g_autofree char *folder = angio_test_path ("PLANTEDPID7781");
  char *path = g_build_filename (folder, "PLANTEDFAMILY^PLANTEDGIVEN.dcm", NULL);
  AngioPhantomParams params;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return path;
  g_mkdir_with_parents (folder, 0755);
  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = 256;
  params.frames = 24;
  params.seed = 5;
  angio_test_planted_phantom (&params, path);
  return path;
}

/* A workspace holding the planted run, analysed, its best key frame and worst lesion accepted,
 * the wire FFR entered, marked done. */
static AngioWorkspace *
labelled_workspace (const char *name)
{
  g_autofree char *folder = angio_test_path (name);
  g_autofree char *run = planted_run ();
  const char *paths[] = { run, NULL };
  g_autoptr(AngioWorkspace) ws = angio_workspace_open (folder, TRUE, NULL);
  g_autoptr(AngioImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = angio_workspace_import (ws, paths, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_series, ==, 1);
  angio_test_label_case (ws, "CASE-0001", TRUE);
  return g_steal_pointer (&ws);
}

static void
export_all (AngioWorkspace *ws,
            const char     *out,
            gboolean        zip)
{
  const char *ids[] = { "CASE-0001", NULL };
  AngioExportOptions options = { zip, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (angio_package_export (ws, ids, out, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
assert_valid (const char *path)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint64 bytes = 0;

  if (!angio_package_validate (path, problems, &bytes, NULL, &error))
    {
      g_assert_no_error (error);
      for (guint i = 0; i < problems->len; i++)
        g_printerr ("%s\n", (char *) problems->pdata[i]);
      g_error ("%s is not valid", path);
    }
  g_assert_cmpuint (bytes, >, 0);
}

/* The problems validation finds in @path, one string. */
static char *
problems_of (const char *path)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_assert_false (angio_package_validate (path, problems, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, >, 0);
  g_ptr_array_add (problems, NULL);
  return g_strjoinv ("\n", (char **) problems->pdata);
}

/* No planted identifier (angio_test_planted and every value planted by the table, but the
 * times the Modified Dates option keeps), no source path, no case id in any byte or name of
 * the dataset @out. */
static void
assert_nothing_planted (const char *out,
                        const char *run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = angio_package_walk (out, &error);
  GPtrArray *needles;

  angio_test_profile_planted (&needles);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, >=, 8);
  for (guint i = 0; i < files->len; i++)
    {
      const char *relative = g_ptr_array_index (files, i);
      g_autofree char *path = g_build_filename (out, relative, NULL);
      g_autofree char *bytes = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &bytes, &length, &error));
      for (guint k = 0; k < angio_test_n_planted; k++)
        {
          const char *v = angio_test_planted[k].value;

          if (memmem (bytes, length, v, strlen (v)) != NULL || strstr (relative, v) != NULL)
            g_error ("“%s” of (%04x,%04x) is in %s", v, angio_test_planted[k].group,
                     angio_test_planted[k].element, relative);
        }
      for (guint k = 0; k < needles->len; k++)
        {
          const AngioTestNeedle *n = g_ptr_array_index (needles, k);
          gsize size;
          const char *v = g_bytes_get_data (n->bytes, &size);

          if (!n->kept && (memmem (bytes, length, v, size) != NULL ||
                           memmem (relative, strlen (relative), v, size) != NULL))
            g_error ("the value planted in %s is in %s", n->what, relative);
        }
      g_assert_null (memmem (bytes, length, "PLANTED", 7));
      g_assert_null (memmem (bytes, length, run, strlen (run)));
      g_assert_null (memmem (bytes, length, "CASE-0001", 9));
    }
}

static void
test_export_planted (void)
{
  g_autoptr(AngioWorkspace) ws = labelled_workspace ("ws-planted");
  g_autofree char *out = angio_test_path ("planted-dataset");
  g_autofree char *run = planted_run ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AngioPackageReadiness) ready = NULL;
  g_autoptr(AngioCase) kase = angio_workspace_load_case (ws, "CASE-0001", NULL);
  g_autoptr(AngioCaseSeries) series = g_list_model_get_item (angio_case_get_series (kase), 0);
  g_autoptr(JsonNode) coco = NULL;
  g_autoptr(JsonNode) doc = NULL;
  g_autofree char *csv = NULL;
  g_autofree guint8 *mask = NULL;
  g_autofree guint8 *expected = NULL;
  g_autoptr(GArray) outline = NULL;
  g_autofree char *mask_path = NULL;
  AngioLesion *lesion = angio_case_series_get_worst_lesion (series);
  JsonArray *annotations;
  guint width, height, count;

  ready = angio_package_readiness (ws, "CASE-0001", TRUE, &error);
  g_assert_no_error (error);
  g_assert_null (ready->pseudonym);   /* chosen when first exported */
  g_assert_null (ready->problem);
  g_assert_true (ready->key_frame && ready->outline && ready->wire_ffr);
  g_assert_cmpint (ready->burned_in, ==, ANGIO_BURNED_IN_NO);   /* the phantom says NO */

  export_all (ws, out, FALSE);
  assert_valid (out);
  g_clear_pointer (&ready, angio_package_readiness_free);
  ready = angio_package_readiness (ws, "CASE-0001", FALSE, &error);
  g_assert_cmpstr (ready->pseudonym, ==, "RAS-0001");

  assert_nothing_planted (out, run);
  /* The lesion's mask is its outline through the one rasteriser; COCO has the same area. */
  outline = angio_lesion_get_outline (lesion);
  mask_path = g_strdup_printf ("%s/RAS-0001/labels/s1/f%u_lesion1.png", out,
                               angio_lesion_get_frame (lesion));
  mask = angio_png_read_gray8 (mask_path, &width, &height, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (width, ==, 256);
  g_assert_cmpuint (height, ==, 256);
  expected = g_malloc0 (256 * 256);
  count = angio_raster_polygon (expected, 256, 256, (AngioPoint *) outline->data, outline->len,
                                255);
  g_assert_cmpuint (count, >, 20);
  g_assert_cmpmem (mask, 256 * 256, expected, 256 * 256);
  {
    g_autofree char *coco_path = g_build_filename (out, "coco", "annotations.json", NULL);

    coco = angio_package_read_json (coco_path, &error);
    g_assert_no_error (error);
  }
  annotations = json_object_get_array_member (json_node_get_object (coco), "annotations");
  g_assert_cmpuint (json_array_get_length (annotations), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (annotations, 0),
                                               "area"), ==, count);

  /* case.json: the pseudonym, the package's file, the history; labels.csv: the row. */
  {
    g_autofree char *case_path = g_build_filename (out, "RAS-0001", "case.json", NULL);
    g_autofree char *csv_path = g_build_filename (out, "labels.csv", NULL);
    JsonObject *root, *first;

    doc = angio_package_read_json (case_path, &error);
    g_assert_no_error (error);
    root = json_node_get_object (doc);
    g_assert_cmpstr (json_object_get_string_member (root, "case_id"), ==, "RAS-0001");
    first = json_array_get_object_element (json_object_get_array_member (root, "series"), 0);
    g_assert_cmpstr (json_object_get_string_member (first, "file"), ==, "series/s1.dcm");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "history")),
                      ==, 2);
    g_assert_true (g_file_get_contents (csv_path, &csv, NULL, &error));
    g_assert_true (g_str_has_prefix (csv, "case_id,series_id,key_frames,"));
    g_assert_nonnull (strstr (csv, "\nRAS-0001,s1,"));
    g_assert_nonnull (strstr (csv, ",0.76,"));   /* 70 / 92 */
    g_assert_true (g_str_has_suffix (csv, ",done\n"));
  }
}

/* The "files" of a package's manifest, as text. */
static char *
manifest_files (const char *package)
{
  g_autofree char *path = g_build_filename (package, "manifest.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) manifest = angio_package_read_json (path, &error);
  JsonNode *files;

  g_assert_no_error (error);
  files = json_object_get_member (json_node_get_object (manifest), "files");
  return angio_json_to_string (files, FALSE);
}

static char *
read_text (const char *folder,
           const char *name)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* @second, a package of @first imported into @ws and exported again: the same case.json but
 * the series UID (remapped by @ws's secret), the same files, the same pixels. */
static void
assert_same_but_uids (const char     *first,
                      const char     *second,
                      AngioWorkspace *ws)
{
  g_autofree char *text1 = read_text (first, "case.json");
  g_autofree char *text2 = read_text (second, "case.json");
  g_autoptr(JsonNode) case1 = angio_test_parse_json (text1);
  g_autoptr(JsonNode) case2 = angio_test_parse_json (text2);
  JsonObject *run1 = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (case1), "series"), 0);
  JsonObject *run2 = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (case2), "series"), 0);
  g_autofree char *secret = angio_workspace_get_uid_secret (ws, NULL);
  g_autofree char *remapped = angio_dicom_remap_uid (
    secret, json_object_get_string_member (run1, "series_uid"));
  g_autofree char *dcm1 = g_build_filename (first, "series", "s1.dcm", NULL);
  g_autofree char *dcm2 = g_build_filename (second, "series", "s1.dcm", NULL);
  g_autoptr(AngioSeries) pixels1 = angio_series_load (dcm1, NULL, NULL);
  g_autoptr(AngioSeries) pixels2 = angio_series_load (dcm2, NULL, NULL);
  g_autoptr(GPtrArray) files1 = angio_package_walk (first, NULL);
  g_autoptr(GPtrArray) files2 = angio_package_walk (second, NULL);
  gsize frame = 256 * 256 * sizeof (guint16);

  g_assert_cmpstr (json_object_get_string_member (run2, "series_uid"), ==, remapped);
  json_object_set_string_member (run2, "series_uid",
                                 json_object_get_string_member (run1, "series_uid"));
  g_assert_true (json_node_equal (case1, case2));
  g_assert_cmpuint (files1->len, ==, files2->len);
  for (guint i = 0; i < files1->len; i++)
    g_assert_cmpstr (files1->pdata[i], ==, files2->pdata[i]);
  g_assert_nonnull (pixels1);
  g_assert_nonnull (pixels2);
  g_assert_cmpuint (angio_series_get_n_frames (pixels1), ==, angio_series_get_n_frames (pixels2));
  for (guint f = 0; f < angio_series_get_n_frames (pixels1); f++)
    g_assert_cmpmem (angio_series_get_frame (pixels1, f), frame,
                     angio_series_get_frame (pixels2, f), frame);
}

static void
test_round_trip (void)
{
  g_autoptr(AngioWorkspace) ws = labelled_workspace ("ws-trip");
  g_autofree char *first = angio_test_path ("trip-1");
  g_autofree char *second = angio_test_path ("trip-2");
  g_autofree char *zipped = angio_test_path ("trip-zip");
  g_autofree char *third = angio_test_path ("trip-3");
  g_autofree char *ws2_folder = angio_test_path ("ws-trip-2");
  g_autofree char *ws3_folder = angio_test_path ("ws-trip-3");
  g_autofree char *package1 = g_build_filename (first, "RAS-0001", NULL);
  g_autofree char *package2 = g_build_filename (second, "RAS-0001", NULL);
  g_autofree char *package3 = g_build_filename (third, "RAS-0001", NULL);
  g_autofree char *zip = g_build_filename (zipped, "RAS-0001.zip", NULL);
  g_autoptr(AngioWorkspace) ws2 = angio_workspace_open (ws2_folder, TRUE, NULL);
  g_autoptr(AngioWorkspace) ws3 = angio_workspace_open (ws3_folder, TRUE, NULL);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(AngioCaseDeid) deid = { 0 };

  export_all (ws, first, FALSE);
  ids = angio_package_import (ws2, package1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (ids->pdata[0], ==, "RAS-0001");
  history = angio_workspace_history (ws2, "RAS-0001", &error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_true (angio_workspace_get_deid (ws2, "RAS-0001", NULL, &deid, &error));
  g_assert_true (deid.deidentified);
  g_assert_cmpstr (deid.pseudonym, ==, "RAS-0001");

  {
    const char *again[] = { "RAS-0001", NULL };
    AngioExportOptions options = { FALSE, NULL };
    g_autofree char *run = planted_run ();

    g_assert_true (angio_package_export (ws2, again, second, &options, NULL, NULL, NULL,
                                         &error));
    g_assert_no_error (error);
    assert_same_but_uids (package1, package2, ws2);
    assert_nothing_planted (second, run);
    assert_valid (second);
  }
  /* Importing it again is refused: the case is there. */
  g_assert_null (angio_package_import (ws2, package1, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  /* Zipped: validates, imports, and exports to the same files again. */
  export_all (ws, zipped, TRUE);
  assert_valid (zip);
  assert_valid (zipped);
  g_clear_pointer (&ids, g_ptr_array_unref);
  ids = angio_package_import (ws3, zipped, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  {
    const char *again[] = { "RAS-0001", NULL };
    AngioExportOptions options = { FALSE, NULL };
    g_autofree char *files2 = manifest_files (package2);
    g_autofree char *files3 = NULL;
    g_autofree char *secret2 = angio_workspace_get_uid_secret (ws2, NULL);
    g_autofree char *secret3 = angio_workspace_get_uid_secret (ws3, NULL);

    g_assert_true (angio_package_export (ws3, again, third, &options, NULL, NULL, NULL,
                                         &error));
    assert_same_but_uids (package1, package3, ws3);
    /* Another workspace, another secret: other UIDs; the same workspace twice: the same
     * bytes. */
    files3 = manifest_files (package3);
    g_assert_cmpstr (secret2, !=, secret3);
    g_assert_cmpstr (files2, !=, files3);
  }
  {
    const char *again[] = { "RAS-0001", NULL };
    AngioExportOptions options = { FALSE, NULL };
    g_autofree char *fourth = angio_test_path ("trip-4");
    g_autofree char *package4 = g_build_filename (fourth, "RAS-0001", NULL);
    g_autofree char *files3 = manifest_files (package3);
    g_autofree char *files4 = NULL;

    g_assert_true (angio_package_export (ws3, again, fourth, &options, NULL, NULL, NULL,
                                         &error));
    files4 = manifest_files (package4);
    g_assert_cmpstr (files3, ==, files4);
  }
}

/* A fresh copy of the package of the dataset @dataset, as @name. */
static char *
package_copy (const char *dataset,
              const char *name)
{
  g_autofree char *package = g_build_filename (dataset, "RAS-0001", NULL);
  char *copy = angio_test_path (name);

  angio_test_copy_tree (package, copy);
  return copy;
}

/* Burned-in text blacked out (Clean Pixel Data): the regions in case.json and black in every
 * frame of the exported run, every other pixel as in the source, Burned In Annotation NO;
 * the masks and the QCA as without; the regions come back with an import. */
static void
test_redaction (void)
{
  g_autoptr(AngioWorkspace) ws = labelled_workspace ("ws-redact");
  g_autofree char *plain = angio_test_path ("redact-plain");
  g_autofree char *cleaned = angio_test_path ("redact-cleaned");
  g_autofree char *ws2_folder = angio_test_path ("ws-redact-2");
  g_autoptr(AngioWorkspace) ws2 = angio_workspace_open (ws2_folder, TRUE, NULL);
  g_autoptr(AngioCase) kase = angio_workspace_load_case (ws, "CASE-0001", NULL);
  g_autoptr(AngioCaseSeries) run = g_list_model_get_item (angio_case_get_series (kase), 0);
  g_autoptr(AngioSeries) source = NULL;
  g_autoptr(AngioSeries) out = NULL;
  g_autoptr(AngioPackageReadiness) ready = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  const AngioDicomRect text = { 4, 6, 60, 12 }, corner = { 230, 240, 40, 40 };
  const AngioDicomRect *regions;
  guint n;

  export_all (ws, plain, FALSE);
  g_assert_cmpint (angio_case_series_add_redaction (run, &text), ==, 0);
  g_assert_cmpint (angio_case_series_add_redaction (run, &corner), ==, 1);   /* clamped */
  regions = angio_case_series_get_redactions (run, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (regions[1].width, ==, 26);
  g_assert_cmpuint (regions[1].height, ==, 16);
  g_assert_cmpint (angio_workspace_save_case (ws, kase, NULL, "Burned-in text blacked out",
                                              &error), >, 0);
  ready = angio_package_readiness (ws, "CASE-0001", TRUE, &error);
  g_assert_cmpint (ready->burned_in, ==, ANGIO_BURNED_IN_NO);
  export_all (ws, cleaned, FALSE);
  assert_valid (cleaned);

  {
    g_autofree char *dcm = g_build_filename (cleaned, "RAS-0001", "series", "s1.dcm", NULL);
    g_autofree char *case_path = g_build_filename (cleaned, "RAS-0001", "case.json", NULL);
    g_autoptr(JsonNode) doc = angio_package_read_json (case_path, &error);
    JsonObject *first = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (doc), "series"), 0);
    JsonArray *saved = json_object_get_array_member (first, "redactions");
    guint inside = 0;

    g_assert_nonnull (saved);
    g_assert_cmpuint (json_array_get_length (saved), ==, 2);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (saved, 1),
                                                 "width"), ==, 26);
    source = angio_series_load (angio_case_series_get_path (run), NULL, &error);
    g_assert_no_error (error);
    out = angio_series_load (dcm, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (angio_series_get_meta (out)->burned_in_annotation, ==, "NO");
    for (guint f = 0; f < angio_series_get_n_frames (source); f++)
      {
        const guint16 *a = angio_series_get_frame (source, f);
        const guint16 *b = angio_series_get_frame (out, f);

        for (guint y = 0; y < 256; y++)
          for (guint x = 0; x < 256; x++)
            {
              gboolean in = (x >= 4 && x < 64 && y >= 6 && y < 18) || (x >= 230 && y >= 240);

              if (in)
                {
                  g_assert_cmpuint (b[y * 256 + x], ==, 0);
                  inside += a[y * 256 + x] != 0;
                }
              else if (a[y * 256 + x] != b[y * 256 + x])
                g_error ("frame %u pixel (%u, %u) changed outside the regions", f, x, y);
            }
      }
    g_assert_cmpuint (inside, >, 0);
  }
  /* The labels are the same files: masks, previews, the QCA. */
  {
    g_autofree char *p1 = g_build_filename (plain, "RAS-0001", NULL);
    g_autofree char *p2 = g_build_filename (cleaned, "RAS-0001", NULL);
    g_autoptr(GPtrArray) files = angio_package_walk (p1, NULL);

    for (guint i = 0; i < files->len; i++)
      {
        const char *relative = files->pdata[i];
        g_autofree char *text1 = NULL;
        g_autofree char *text2 = NULL;

        if (!g_str_has_prefix (relative, "labels/"))
          continue;
        text1 = read_text (p1, relative);
        text2 = read_text (p2, relative);
        g_assert_cmpstr (text1, ==, text2);
      }
  }
  /* Imported: the regions come with the case. */
  ids = angio_package_import (ws2, cleaned, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(AngioCase) back = angio_workspace_load_case (ws2, "RAS-0001", &error);
    g_autoptr(AngioCaseSeries) back_run = g_list_model_get_item (angio_case_get_series (back),
                                                                 0);

    regions = angio_case_series_get_redactions (back_run, &n);
    g_assert_cmpuint (n, ==, 2);
    g_assert_cmpuint (regions[0].x, ==, 4);
    g_assert_cmpuint (regions[0].height, ==, 12);
  }
}

/* The manifest of the package @copy written again for its files as they are now. */
static void
rehash (const char *copy)
{
  g_autoptr(GPtrArray) files = angio_package_walk (copy, NULL);
  g_autofree char *manifest_path = g_build_filename (copy, "manifest.json", NULL);
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) manifest = NULL;

  for (guint i = 0; i < files->len; i++)
    if (g_str_equal (files->pdata[i], "manifest.json"))
      g_ptr_array_remove_index (files, i);
  list = angio_package_hash_list (copy, files, NULL, NULL, NULL);
  manifest = angio_package_index (ANGIO_PACKAGE_FORMAT, NULL, g_steal_pointer (&list));
  g_assert_true (angio_json_to_file (manifest, manifest_path, NULL));
}

/* A package whose run still holds a patient's name, ID and institution (hashed as if it
 * were sound) is refused by validation and import, naming them. */
static void
test_identifying_refused (void)
{
  g_autoptr(AngioWorkspace) ws = labelled_workspace ("ws-identifying");
  g_autofree char *out = angio_test_path ("identifying-dataset");
  g_autofree char *copy = NULL;
  g_autofree char *dcm = NULL;
  g_autofree char *found = NULL;
  g_autofree char *other_folder = angio_test_path ("ws-identifying-2");
  g_autoptr(AngioWorkspace) other = angio_workspace_open (other_folder, TRUE, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AngioDicomAttribute) name = angio_dicom_attribute_new (0x0010, 0x0010, "PN", NULL,
                                                                    "DOE^JANE");
  g_autoptr(AngioDicomAttribute) id = angio_dicom_attribute_new (0x0010, 0x0020, "LO", NULL,
                                                                  "MRN-55501");
  g_autoptr(AngioDicomAttribute) institution = angio_dicom_attribute_new (
    0x0008, 0x0080, "LO", NULL, "Saint Elsewhere Hospital");
  g_autoptr(AngioDicomAttribute) removed = angio_dicom_attribute_new (0x0012, 0x0062, "CS",
                                                                       NULL, "YES");
  const AngioDicomAttribute *extra[] = { name, id, institution, removed, NULL };
  AngioPhantomParams params;

  export_all (ws, out, FALSE);
  copy = package_copy (out, "identifying");
  dcm = g_build_filename (copy, "series", "s1.dcm", NULL);
  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = 256;
  params.frames = 24;
  params.seed = 5;
  angio_test_write_phantom (&params, dcm, extra);
  rehash (copy);

  found = problems_of (copy);
  if (strstr (found, "series/s1.dcm: not de-identified: ") == NULL ||
      strstr (found, "Patient's Name (0010,0010): not the case’s pseudonym RAS-0001") == NULL ||
      strstr (found, "Patient ID (0010,0020)") == NULL ||
      strstr (found, "Institution Name (0008,0080)") == NULL || strstr (found, "DOE") != NULL)
    g_error ("%s", found);
  g_assert_null (angio_package_import (other, copy, NULL, &error));
  g_assert_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Institution Name (0008,0080)"));
  g_assert_null (angio_workspace_find_case (other, "RAS-0001"));
  {
    const char *args[] = { "import", copy, "--workspace", other_folder, NULL };
    g_autofree char *stdout_text = NULL;

    g_clear_object (&other);   /* the CLI opens it */
    g_assert_cmpint (angio_test_run_cli (args, &stdout_text), ==, 2);
  }
}

static void
test_validate_tampered (void)
{
  g_autoptr(AngioWorkspace) ws = labelled_workspace ("ws-tamper");
  g_autofree char *out = angio_test_path ("tamper-dataset");
  g_autoptr(GError) error = NULL;

  export_all (ws, out, FALSE);

  {   /* One byte of the DICOM changed. */
    g_autofree char *copy = package_copy (out, "tamper-byte");
    g_autofree char *dcm = g_build_filename (copy, "series", "s1.dcm", NULL);
    g_autofree char *bytes = NULL;
    g_autofree char *found = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (dcm, &bytes, &length, NULL));
    bytes[length - 10] ^= 1;
    g_assert_true (g_file_set_contents (dcm, bytes, length, NULL));
    found = problems_of (copy);
    g_assert_nonnull (strstr (found, "series/s1.dcm: altered"));
  }
  {   /* A file removed, another added. */
    g_autofree char *copy = package_copy (out, "tamper-files");
    g_autofree char *csv = g_build_filename (copy, "case.json", NULL);
    g_autofree char *extra = g_build_filename (copy, "notes.txt", NULL);
    g_autofree char *found = NULL;

    g_assert_true (g_file_set_contents (extra, "x", 1, NULL));
    g_assert_cmpint (g_unlink (csv), ==, 0);
    found = problems_of (copy);
    g_assert_nonnull (strstr (found, "case.json: missing"));
    g_assert_nonnull (strstr (found, "notes.txt: not listed"));
  }
  {   /* A mask of the wrong size, re-hashed so that only the size is wrong. */
    g_autofree char *copy = package_copy (out, "tamper-size");
    g_autoptr(GPtrArray) labels = NULL;
    g_autofree char *found = NULL;
    guint8 small[16 * 16] = { 0 };
    g_autofree char *labels_folder = g_build_filename (copy, "labels", "s1", NULL);
    g_autofree char *mask = NULL;

    labels = angio_package_walk (labels_folder, NULL);
    mask = g_build_filename (labels_folder, labels->pdata[0], NULL);
    g_assert_true (angio_png_write_gray8 (mask, small, 16, 16, NULL));
    rehash (copy);
    found = problems_of (copy);
    if (strstr (found, "16 × 16 pixels") == NULL)
      g_error ("%s", found);
  }
  {   /* A manifest path that leaves the package. */
    g_autofree char *copy = package_copy (out, "tamper-path");
    g_autofree char *manifest_path = g_build_filename (copy, "manifest.json", NULL);
    g_autofree char *text = NULL;
    g_autofree char *found = NULL;
    g_auto(GStrv) parts = NULL;
    g_autofree char *joined = NULL;

    g_assert_true (g_file_get_contents (manifest_path, &text, NULL, NULL));
    parts = g_strsplit (text, "\"case.json\"", 2);
    joined = g_strjoinv ("\"../case.json\"", parts);
    g_assert_true (g_file_set_contents (manifest_path, joined, -1, NULL));
    found = problems_of (copy);
    g_assert_nonnull (strstr (found, "is not valid"));
  }
  {   /* The dataset's labels.csv changed. */
    g_autofree char *csv = g_build_filename (out, "labels.csv", NULL);
    g_autofree char *found = NULL;

    g_assert_true (g_file_set_contents (csv, "case_id\n", -1, NULL));
    found = problems_of (out);
    g_assert_nonnull (strstr (found, "labels.csv: "));
  }
  {   /* Not a package at all; a zip that is not one. */
    g_autofree char *nothing = angio_test_path ("no-such-package");
    g_autofree char *fake = angio_test_write ("fake.zip", "PK\x03\x04garbage", 12);
    g_autofree char *found = NULL;
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

    g_assert_false (angio_package_validate (nothing, problems, NULL, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);
    found = problems_of (fake);
    g_assert_nonnull (strstr (found, "fake.zip"));
  }
}

static void
on_progress_cancel (double      fraction,
                    const char *case_id,
                    gpointer    data)
{
  if (case_id != NULL)
    g_cancellable_cancel (data);
}

/* Nothing but the parent folder left: no dataset, no temporary folder. */
static void
assert_nothing_left (const char *parent,
                     const char *expected_only)
{
  g_autoptr(GDir) dir = g_dir_open (parent, 0, NULL);
  const char *entry;

  g_assert_nonnull (dir);
  while ((entry = g_dir_read_name (dir)) != NULL)
    g_assert_cmpstr (entry, ==, expected_only);
}

static void
test_failures (void)
{
  g_autoptr(AngioWorkspace) ws = labelled_workspace ("ws-fail");
  g_autofree char *parent = angio_test_path ("fail-parent");
  g_autofree char *out = g_build_filename (parent, "dataset", NULL);
  g_autofree char *blocker = angio_test_write ("a-file", "x", 1);
  g_autofree char *under_file = g_build_filename (blocker, "dataset", NULL);
  g_autofree char *marker = g_build_filename (parent, "keep.txt", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  const char *ids[] = { "CASE-0001", NULL };
  const char *unknown[] = { "CASE-0404", NULL };
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (parent, 0755);
  g_assert_true (g_file_set_contents (marker, "", 0, NULL));

  /* Cancelled as the first case starts. */
  g_assert_false (angio_package_export (ws, ids, out, NULL, on_progress_cancel, cancellable,
                                        cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  assert_nothing_left (parent, "keep.txt");

  /* A case that is not there: named, nothing left. */
  g_assert_false (angio_package_export (ws, unknown, out, NULL, NULL, NULL, NULL, &error));
  g_assert_nonnull (strstr (error->message, "CASE-0404"));
  g_clear_error (&error);
  assert_nothing_left (parent, "keep.txt");

  /* A destination under a file: the reason, nothing written. */
  g_assert_false (angio_package_export (ws, ids, under_file, NULL, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "a-file"));
  g_clear_error (&error);

  /* A folder that is not empty is not written into. */
  g_assert_false (angio_package_export (ws, ids, parent, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  /* The run's file gone: named, nothing left. */
  {
    g_autofree char *run = planted_run ();
    g_autofree char *moved = g_strconcat (run, ".moved", NULL);

    g_assert_cmpint (g_rename (run, moved), ==, 0);
    g_assert_false (angio_package_export (ws, ids, out, NULL, NULL, NULL, NULL, &error));
    g_assert_cmpint (g_rename (moved, run), ==, 0);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "PLANTEDFAMILY"));
    g_clear_error (&error);
    assert_nothing_left (parent, "keep.txt");
  }
}

static void
test_pseudonyms (void)
{
  g_autofree char *folder = angio_test_path ("ws-pseudonyms");
  AngioPhantomParams params;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  const char *paths[3];
  g_autoptr(AngioWorkspace) ws = angio_workspace_open (folder, TRUE, NULL);
  g_autoptr(AngioImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(AngioCaseDeid) first = { 0 };
  g_auto(AngioCaseDeid) again = { 0 };
  g_auto(AngioCaseDeid) second = { 0 };
  g_autofree char *secret = NULL;
  g_autofree char *secret_again = NULL;

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = 64;
  params.frames = 3;
  params.seed = 1;
  a = angio_test_phantom_file (&params, "pseudo-a.dcm", NULL);
  params.seed = 2;
  b = angio_test_phantom_file (&params, "pseudo-b.dcm", NULL);
  paths[0] = a;
  paths[1] = b;
  paths[2] = NULL;
  report = angio_workspace_import (ws, paths, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->cases->len, ==, 2);

  g_assert_true (angio_workspace_get_deid (ws, "CASE-0001", "RENAL", &first, &error));
  g_assert_cmpstr (first.pseudonym, ==, "RENAL-0001");
  g_assert_cmpint (first.date_shift_days % 7, ==, 0);
  g_assert_cmpint (first.date_shift_days, <=, -364);
  g_assert_cmpint (first.date_shift_days, >=, -3647);
  g_assert_false (first.deidentified);
  g_assert_true (angio_workspace_get_deid (ws, "CASE-0001", "OTHER", &again, &error));
  g_assert_cmpstr (again.pseudonym, ==, "RENAL-0001");
  g_assert_cmpint (again.date_shift_days, ==, first.date_shift_days);
  g_assert_true (angio_workspace_get_deid (ws, "CASE-0002", "RENAL", &second, &error));
  g_assert_cmpstr (second.pseudonym, ==, "RENAL-0002");

  /* The curator's choice: checked, unique. */
  g_assert_false (angio_workspace_set_pseudonym (ws, "CASE-0002", "RENAL-0001", &error));
  g_assert_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (angio_workspace_set_pseudonym (ws, "CASE-0002", "CASE-0001", &error));
  g_clear_error (&error);
  g_assert_false (angio_workspace_set_pseudonym (ws, "CASE-0002", "../x", &error));
  g_clear_error (&error);
  angio_case_deid_clear (&second);
  g_assert_false (angio_workspace_get_deid (ws, "CASE-0002", "a b", &second, &error));
  g_clear_error (&error);
  g_assert_true (angio_workspace_set_pseudonym (ws, "CASE-0002", "RAS-0042", &error));
  g_assert_no_error (error);
  angio_case_deid_clear (&second);
  g_assert_true (angio_workspace_get_deid (ws, "CASE-0002", NULL, &second, &error));
  g_assert_cmpstr (second.pseudonym, ==, "RAS-0042");

  secret = angio_workspace_get_uid_secret (ws, &error);
  secret_again = angio_workspace_get_uid_secret (ws, &error);
  g_assert_cmpuint (strlen (secret), ==, 64);
  g_assert_cmpstr (secret, ==, secret_again);
}

/* A prediction can be stored and read back. */
static void
predictions_usable (AngioWorkspace *ws)
{
  AngioPredictionInfo info = { "CASE-0001", ANGIO_PREDICTION_MODEL, "m", NULL, NULL, NULL };
  g_autoptr(JsonNode) doc = json_from_string ("{\"case_id\":\"CASE-0001\",\"series\":[]}",
                                              NULL);
  g_autoptr(JsonNode) back = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (angio_workspace_put_prediction (ws, &info, doc, &error));
  g_assert_no_error (error);
  back = angio_workspace_load_prediction (ws, "CASE-0001", ANGIO_PREDICTION_MODEL, "m", &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (doc, back));
}

/* A workspace of the first schema gets the tables of case packages and predictions when
 * opened; one of the second, the predictions'. */
/* The tables of schema 4 (readers), which an older workspace does not have. */
#define V4_TABLES "DROP TABLE audit; DROP TABLE quality; DROP TABLE read_revisions; " \
                  "DROP TABLE reads; DROP TABLE assignments; DROP TABLE readers; " \
                  "DROP TABLE protocols; "

static void
test_upgrade (void)
{
  g_autofree char *folder = angio_test_path ("ws-upgrade");
  g_autofree char *db_path = g_build_filename (folder, ANGIO_WORKSPACE_DB, NULL);
  g_autofree char *run = NULL;
  const char *paths[2] = { NULL, NULL };
  g_autoptr(AngioWorkspace) ws = angio_workspace_open (folder, TRUE, NULL);
  g_autoptr(AngioImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(AngioCaseDeid) deid = { 0 };
  AngioPhantomParams params;
  sqlite3 *db;

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = 64;
  params.frames = 3;
  run = angio_test_phantom_file (&params, "upgrade.dcm", NULL);
  paths[0] = run;
  report = angio_workspace_import (ws, paths, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&ws);
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, V4_TABLES "DROP TABLE deid; DROP TABLE settings; "
                                 "DROP TABLE predictions; PRAGMA user_version=1;", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  ws = angio_workspace_open (folder, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (angio_workspace_get_deid (ws, "CASE-0001", NULL, &deid, &error));
  g_assert_null (deid.pseudonym);
  g_assert_true (angio_workspace_get_deid (ws, "CASE-0001", "RAS", &deid, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (deid.pseudonym, ==, "RAS-0001");
  predictions_usable (ws);

  g_clear_object (&ws);
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, V4_TABLES "DROP TABLE predictions; "
                                 "PRAGMA user_version=2;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  ws = angio_workspace_open (folder, FALSE, &error);
  g_assert_no_error (error);
  predictions_usable (ws);
}

static void
test_cli (void)
{
  g_autoptr(AngioWorkspace) ws = labelled_workspace ("ws-cli");
  g_autofree char *folder = g_strdup (angio_workspace_get_folder (ws));
  g_autofree char *out = angio_test_path ("cli-dataset");
  g_autofree char *other = angio_test_path ("ws-cli-other");
  g_autofree char *package = g_build_filename (out, "RAS-0001", NULL);
  g_autofree char *stdout_text = NULL;

  if (g_getenv ("ANGIOMARK_CLI") == NULL)
    {
      g_test_skip ("ANGIOMARK_CLI not set");
      return;
    }
  g_clear_object (&ws);   /* the CLI opens it */
  {
    const char *args[] = { "export", folder, "--status", "done", "--out", out, NULL };

    g_assert_cmpint (angio_test_run_cli (args, &stdout_text), ==, 0);
    g_clear_pointer (&stdout_text, g_free);
  }
  {
    const char *args[] = { "export", folder, "--status", "nonsense", "--out", out, NULL };

    g_assert_cmpint (angio_test_run_cli (args, &stdout_text), ==, 2);
    g_clear_pointer (&stdout_text, g_free);
  }
  {
    const char *args[] = { "validate", out, package, NULL };

    g_assert_cmpint (angio_test_run_cli (args, &stdout_text), ==, 0);
    g_assert_nonnull (strstr (stdout_text, "RAS-0001: valid"));
    g_clear_pointer (&stdout_text, g_free);
  }
  {
    const char *args[] = { "import", package, "--workspace", other, NULL };

    g_assert_cmpint (angio_test_run_cli (args, &stdout_text), ==, 0);
    g_assert_nonnull (strstr (stdout_text, "RAS-0001"));
    g_clear_pointer (&stdout_text, g_free);
    g_assert_cmpint (angio_test_run_cli (args, &stdout_text), ==, 2);   /* already there */
    g_clear_pointer (&stdout_text, g_free);
  }
  {
    g_autofree char *extra = g_build_filename (package, "extra.txt", NULL);
    const char *args[] = { "validate", package, NULL };
    const char *import[] = { "import", package, "--workspace", other, NULL };

    g_assert_true (g_file_set_contents (extra, "x", 1, NULL));
    g_assert_cmpint (angio_test_run_cli (args, &stdout_text), ==, 2);
    g_assert_nonnull (strstr (stdout_text, "extra.txt: not listed"));
    g_assert_nonnull (strstr (stdout_text, "invalid (1 problem)"));
    g_clear_pointer (&stdout_text, g_free);
    g_assert_cmpint (angio_test_run_cli (import, &stdout_text), ==, 2);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/package/export-planted", test_export_planted);
  g_test_add_func ("/package/round-trip", test_round_trip);
  g_test_add_func ("/package/validate-tampered", test_validate_tampered);
  g_test_add_func ("/package/identifying-refused", test_identifying_refused);
  g_test_add_func ("/package/redaction", test_redaction);
  g_test_add_func ("/package/failures", test_failures);
  g_test_add_func ("/package/pseudonyms", test_pseudonyms);
  g_test_add_func ("/package/upgrade", test_upgrade);
  g_test_add_func ("/package/cli", test_cli);
  return g_test_run ();
}
