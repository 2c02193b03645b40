/* test-deid.c — de-identification for case packages: identifying strings planted in every
 * identifying attribute and in a private tag of a phantom are in no byte of the output nor in
 * its name; the pixels are bit-identical; the pseudonym, the shifted dates and the remapped
 * UIDs are there, and the same source UID maps to the same new UID (and another secret to
 * another); identifiers inside sequences go too; a file that is not DICOM is refused with its
 * name. */
#include "config.h"

#include <string.h>

#include "angio-deid.h"
#include "angio-phantom.h"
#include "angio-series.h"
#include "angio-test-util.h"

/* A phantom run with every planted attribute. */
static char *
planted_file (const char *name)
{
  AngioPhantomParams params;
  char *path = angio_test_path (name);

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = 64;
  params.frames = 4;
  params.seed = 3;
  params.syntax = ANGIO_SYNTAX_JPEG_LOSSLESS_SV1;
  angio_test_planted_phantom (&params, path);
  return path;
}

static const char *
identifier (const AngioDicomMeta *meta,
            guint16               group,
            guint16               element)
{
  for (guint i = 0; i < meta->identifiers->len; i++)
    {
      const AngioDicomAttribute *a = g_ptr_array_index (meta->identifiers, i);

      if (a->group == group && a->element == element)
        return a->value;
    }
  return NULL;
}

static void
test_planted (void)
{
  g_autofree char *source = planted_file ("planted.dcm");
  g_autofree char *out = angio_test_path ("RAS-0001.dcm");
  g_autofree char *again = angio_test_path ("RAS-0001-again.dcm");
  g_autofree char *other = angio_test_path ("RAS-0001-other.dcm");
  g_autofree char *bytes = NULL;
  g_autofree char *new_study = NULL;
  g_autoptr(AngioSeries) before = NULL;
  g_autoptr(AngioSeries) after = NULL;
  g_autoptr(GError) error = NULL;
  AngioDeidParams params = { "RAS-0001", -400, "workspace-secret" };
  AngioDeidParams other_params = { "RAS-0001", -400, "another-secret" };
  AngioBurnedIn burned_in = ANGIO_BURNED_IN_YES;
  gsize length;
  const AngioDicomMeta *meta;

  angio_deidentify_file (source, out, &params, &burned_in, &error);
  g_assert_no_error (error);
  g_assert_cmpint (burned_in, !=, ANGIO_BURNED_IN_YES);

  /* No planted string in any byte, nor in the name. */
  g_assert_true (g_file_get_contents (out, &bytes, &length, &error));
  for (guint i = 0; i < angio_test_n_planted; i++)
    {
      const char *v = angio_test_planted[i].value;

      if (memmem (bytes, length, v, strlen (v)) != NULL)
        g_error ("“%s” of (%04x,%04x) is still in the output", v, angio_test_planted[i].group,
                 angio_test_planted[i].element);
      g_assert_null (strstr (out, v));
    }
  g_assert_null (memmem (bytes, length, "PLANTED", 7));
  g_assert_nonnull (memmem (bytes, length, "RAS-0001", 8));

  /* The same pixels; the pseudonym, the shifted dates, new UIDs. */
  before = angio_series_load (source, NULL, &error);
  g_assert_no_error (error);
  after = angio_series_load (out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (angio_series_get_n_frames (after), ==, angio_series_get_n_frames (before));
  for (guint f = 0; f < angio_series_get_n_frames (before); f++)
    g_assert_cmpmem (angio_series_get_frame (before, f),
                     angio_series_get_rows (before) * angio_series_get_cols (before) * 2,
                     angio_series_get_frame (after, f),
                     angio_series_get_rows (after) * angio_series_get_cols (after) * 2);
  meta = angio_series_get_meta (after);
  g_assert_cmpstr (identifier (meta, 0x0010, 0x0010), ==, "RAS-0001");
  g_assert_cmpstr (identifier (meta, 0x0010, 0x0020), ==, "RAS-0001");
  /* 2024-03-15 less 400 days (366 of them to 2023-03-15, then 34). */
  g_assert_cmpstr (identifier (meta, 0x0008, 0x0020), ==, "20230209");
  g_assert_true (g_str_has_prefix (meta->study_instance_uid, "2.25."));
  new_study = angio_dicom_remap_uid ("workspace-secret", ANGIO_TEST_STUDY_UID);
  g_assert_cmpstr (meta->study_instance_uid, ==, new_study);
  g_assert_cmpuint (strlen (new_study), <=, 64);
  g_assert_nonnull (memmem (bytes, length, "MODIFIED", 8));

  /* Again: the same bytes (deterministic); another secret: other UIDs. */
  {
    g_autofree char *bytes2 = NULL;
    g_autofree char *bytes3 = NULL;
    gsize length2, length3;

    g_assert_true (angio_deidentify_file (source, again, &params, NULL, &error));
    g_assert_true (g_file_get_contents (again, &bytes2, &length2, NULL));
    g_assert_cmpmem (bytes, length, bytes2, length2);
    g_assert_true (angio_deidentify_file (source, other, &other_params, NULL, &error));
    g_assert_true (g_file_get_contents (other, &bytes3, &length3, NULL));
    g_assert_null (memmem (bytes3, length3, new_study, strlen (new_study)));
  }
}

/* Identifiers inside sequences: a name and an instance UID in an item of a sequence the
 * profile does not list (recursed into), a procedure ID in one it lists (emptied). */
static void
test_sequences (void)
{
  g_autoptr(GByteArray) bytes = angio_test_dicom_begin ("1.2.840.10008.1.2.1");
  g_autofree guint8 *pixels = g_malloc0 (16 * 16 * 2);
  g_autofree char *source = NULL;
  g_autofree char *out = angio_test_path ("RAS-0003.dcm");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  AngioDeidParams params = { "RAS-0003", 30, "secret" };
  gsize length;
  const char *const hidden[] = { "PLANTEDNESTED^NAME", "1.2.3.999.77", "PLANTEDREQ" };

  angio_test_dicom_image_header (bytes, 16, 16, 1);
  angio_test_dicom_sequence_begin (bytes, 0x0040, 0x0260);
  angio_test_dicom_item_begin (bytes);
  angio_test_dicom_text (bytes, 0x0008, 0x0104, "LO", "Coronary angiography");
  angio_test_dicom_text (bytes, 0x0008, 0x1155, "UI", "1.2.3.999.77");
  angio_test_dicom_text (bytes, 0x0040, 0xa123, "PN", "PLANTEDNESTED^NAME");
  angio_test_dicom_item_end (bytes);
  angio_test_dicom_sequence_end (bytes);
  angio_test_dicom_sequence_begin (bytes, 0x0040, 0x0275);
  angio_test_dicom_item_begin (bytes);
  angio_test_dicom_text (bytes, 0x0040, 0x1001, "SH", "PLANTEDREQ");
  angio_test_dicom_item_end (bytes);
  angio_test_dicom_sequence_end (bytes);
  angio_test_dicom_element (bytes, 0x7fe0, 0x0010, "OW", pixels, 16 * 16 * 2);
  source = angio_test_write ("nested.dcm", bytes->data, bytes->len);

  g_assert_true (angio_deidentify_file (source, out, &params, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (out, &text, &length, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (hidden); i++)
    g_assert_null (memmem (text, length, hidden[i], strlen (hidden[i])));
  /* What identifies nothing stays. */
  g_assert_nonnull (memmem (text, length, "Coronary angiography", 20));
}

static void
test_not_dicom (void)
{
  g_autofree char *bad = angio_test_path ("not-dicom.dcm");
  g_autofree char *out = angio_test_path ("never.dcm");
  g_autoptr(GError) error = NULL;
  AngioDeidParams params = { "RAS-0002", 10, "s" };

  g_assert_true (g_file_set_contents (bad, "just text, not a data set", -1, NULL));
  g_assert_false (angio_deidentify_file (bad, out, &params, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "not-dicom.dcm"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/angio/core/deid/planted", test_planted);
  g_test_add_func ("/angio/core/deid/sequences", test_sequences);
  g_test_add_func ("/angio/core/deid/not-dicom", test_not_dicom);
  return g_test_run ();
}
