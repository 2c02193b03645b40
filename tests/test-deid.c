/* test-deid.c — de-identification for case packages: a distinct value planted in every
 * attribute of PS3.15 Table E.1-1 an XA file can carry (generated from the table itself),
 * inside sequences too, and in a private tag, is in no byte of the output nor in its name
 * (the times the Modified Dates option keeps are there); the pixels are bit-identical; the
 * pseudonym, the shifted dates, the remapped UIDs and the method codes are there, and the same
 * source UID maps to the same new UID (and another secret to another); the check refuses the
 * source naming the attributes and accepts the output; regions blacked out in every frame and
 * nothing else changed; a file that is not DICOM is refused with its name. */
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

/* Whether CID 7050 code @code (six digits) is in the file: a Code Value followed by its
 * Coding Scheme Designator (0008,0102), not digits inside a UID. */
static gboolean
has_method_code (const char *bytes,
                 gsize       length,
                 const char *code)
{
  char needle[10];

  memcpy (needle, code, 6);
  memcpy (needle + 6, "\x08\x00\x02\x01", 4);
  return memmem (bytes, length, needle, sizeof needle) != NULL;
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
  AngioDeidParams params = { "RAS-0001", -400, "workspace-secret", NULL, 0 };
  AngioDeidParams other_params = { "RAS-0001", -400, "another-secret", NULL, 0 };
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
  {
    GPtrArray *needles;
    guint kept = 0;

    angio_test_profile_planted (&needles);
    g_assert_cmpuint (needles->len, >, 400);
    for (guint i = 0; i < needles->len; i++)
      {
        const AngioTestNeedle *n = g_ptr_array_index (needles, i);
        gsize size;
        const void *v = g_bytes_get_data (n->bytes, &size);
        gboolean found = memmem (bytes, length, v, size) != NULL;

        if (found != n->kept)
          g_error ("%s is %s the output", n->what, found ? "still in" : "not in");
        kept += n->kept;
      }
    g_assert_cmpuint (kept, >, 0);
  }
  g_assert_null (memmem (bytes, length, "PLANTED", 7));
  g_assert_nonnull (memmem (bytes, length, "RAS-0001", 8));
  /* The method: Patient Identity Removed, the Basic Profile and the option as codes. */
  g_assert_true (has_method_code (bytes, length, "113100"));
  g_assert_true (has_method_code (bytes, length, "113107"));
  g_assert_false (has_method_code (bytes, length, "113101"));   /* no pixel cleaned */
  g_assert_nonnull (memmem (bytes, length, "Renal artery", 12));   /* a safe code kept */
  g_assert_true (angio_deid_check_file (out, "RAS-0001", &error));
  g_assert_no_error (error);

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

/* Identifiers inside sequences: a name and an instance UID in an item of a sequence known to
 * be safe (recursed into: the name goes, the UID is remapped, the code stays), a procedure ID
 * in one the table removes, a code meaning in a sequence outside the table and the safe list
 * (removed whole: a safe list, not a block list). */
static void
test_sequences (void)
{
  g_autoptr(GByteArray) bytes = angio_test_dicom_begin ("1.2.840.10008.1.2.1");
  g_autofree guint8 *pixels = g_malloc0 (16 * 16 * 2);
  g_autofree char *source = NULL;
  g_autofree char *out = angio_test_path ("RAS-0003.dcm");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  AngioDeidParams params = { "RAS-0003", 30, "secret", NULL, 0 };
  gsize length;
  const char *const hidden[] = { "PLANTEDNESTED^NAME", "1.2.3.999.77", "PLANTEDREQ",
                                 "PLANTED PROTOCOL MEANING" };

  angio_test_dicom_image_header (bytes, 16, 16, 1);
  angio_test_dicom_sequence_begin (bytes, 0x0008, 0x2218);
  angio_test_dicom_item_begin (bytes);
  angio_test_dicom_text (bytes, 0x0008, 0x0104, "LO", "Renal artery");
  angio_test_dicom_text (bytes, 0x0008, 0x1155, "UI", "1.2.3.999.77");
  angio_test_dicom_text (bytes, 0x0040, 0xa123, "PN", "PLANTEDNESTED^NAME");
  angio_test_dicom_item_end (bytes);
  angio_test_dicom_sequence_end (bytes);
  angio_test_dicom_sequence_begin (bytes, 0x0040, 0x0260);
  angio_test_dicom_item_begin (bytes);
  angio_test_dicom_text (bytes, 0x0008, 0x0104, "LO", "PLANTED PROTOCOL MEANING");
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
  g_assert_nonnull (memmem (text, length, "Renal artery", 12));

  /* The check names what is not de-identified, inside sequences too. */
  g_assert_false (angio_deid_check_file (source, "RAS-0003", &error));
  g_assert_error (error, ANGIO_DICOM_ERROR, ANGIO_DICOM_ERROR_IDENTIFYING);
  g_assert_nonnull (strstr (error->message, "nested.dcm"));
  g_assert_nonnull (strstr (error->message, "Person Name (0040,A123) in Anatomic Region "
                                            "Sequence (0008,2218)"));
  g_assert_nonnull (strstr (error->message, "(0040,0260)"));
  g_assert_null (strstr (error->message, "PLANTED"));   /* never the value itself */
  g_clear_error (&error);
  g_assert_true (angio_deid_check_file (out, "RAS-0003", &error));
  g_assert_no_error (error);
  /* Another case's pseudonym: not this package's run. */
  g_assert_false (angio_deid_check_file (out, "RAS-0004", &error));
  g_assert_nonnull (strstr (error->message, "Patient's Name (0010,0010)"));
}

/* The planted source refused, naming the patient's name, ID and institution. */
static void
test_check_source (void)
{
  g_autofree char *source = planted_file ("planted-check.dcm");
  g_autoptr(GError) error = NULL;

  g_assert_false (angio_deid_check_file (source, NULL, &error));
  g_assert_error (error, ANGIO_DICOM_ERROR, ANGIO_DICOM_ERROR_IDENTIFYING);
  g_assert_nonnull (strstr (error->message, "planted-check.dcm: not de-identified: "));
  g_assert_nonnull (strstr (error->message, "Institution Name (0008,0080)"));
  g_assert_nonnull (strstr (error->message, "more"));
}

/* Clean Pixel Data: two regions black in every frame, every other pixel as it was. */
static void
test_redact (void)
{
  AngioPhantomParams phantom;
  g_autofree char *source = angio_test_path ("redact.dcm");
  g_autofree char *out = angio_test_path ("RAS-0005.dcm");
  g_autofree char *bytes = NULL;
  g_autoptr(AngioSeries) before = NULL;
  g_autoptr(AngioSeries) after = NULL;
  g_autoptr(GError) error = NULL;
  const AngioDicomRect regions[] = { { 0, 0, 20, 8 }, { 50, 60, 30, 10 } };   /* one clipped */
  AngioDeidParams params = { "RAS-0005", -364, "s", regions, G_N_ELEMENTS (regions) };
  guint inside = 0, outside = 0;
  gsize length;

  angio_phantom_params_init (&phantom, ANGIO_PHANTOM_RENAL);
  phantom.size = 64;
  phantom.frames = 3;
  phantom.seed = 9;
  phantom.syntax = ANGIO_SYNTAX_JPEG_LOSSLESS_SV1;
  angio_test_planted_phantom (&phantom, source);
  g_assert_true (angio_deidentify_file (source, out, &params, NULL, &error));
  g_assert_no_error (error);

  before = angio_series_load (source, NULL, &error);
  g_assert_no_error (error);
  after = angio_series_load (out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (angio_series_get_n_frames (after), ==, 3);
  for (guint f = 0; f < 3; f++)
    {
      const guint16 *a = angio_series_get_frame (before, f);
      const guint16 *b = angio_series_get_frame (after, f);

      for (guint y = 0; y < 64; y++)
        for (guint x = 0; x < 64; x++)
          {
            gboolean in = (x < 20 && y < 8) || (x >= 50 && y >= 60);

            if (in)
              {
                g_assert_cmpuint (b[y * 64 + x], ==, 0);
                inside += a[y * 64 + x] != 0;
              }
            else
              {
                g_assert_cmpuint (b[y * 64 + x], ==, a[y * 64 + x]);
                outside++;
              }
          }
    }
  g_assert_cmpuint (inside, >, 0);   /* the source had something there */
  g_assert_cmpuint (outside, ==, 3 * (64 * 64 - 20 * 8 - 14 * 4));
  g_assert_cmpstr (angio_series_get_meta (after)->burned_in_annotation, ==, "NO");
  g_assert_true (g_file_get_contents (out, &bytes, &length, NULL));
  g_assert_true (has_method_code (bytes, length, "113101"));
  g_assert_null (memmem (bytes, length, "PLANTED", 7));
  g_assert_true (angio_deid_check_file (out, "RAS-0005", &error));
}

/* Clean Pixel Data of a lossy run (the real JPEG baseline cine): written uncompressed, it
 * still says it was compressed lossily (Lossy Image Compression 01, ISO_10918_1); the region is
 * black, every other pixel as the run decodes. */
static void
test_redact_lossy (void)
{
  const char *root = g_getenv ("ANGIO_TESTDATA");
  g_autofree char *source = NULL;
  g_autofree char *out = angio_test_path ("RAS-0006.dcm");
  g_autofree char *bytes = NULL;
  g_autoptr(AngioSeries) before = NULL;
  g_autoptr(AngioSeries) after = NULL;
  g_autoptr(GError) error = NULL;
  const AngioDicomRect regions[] = { { 0, 0, 64, 32 } };
  AngioDeidParams params = { "RAS-0006", -364, "s", regions, G_N_ELEMENTS (regions) };
  guint cols, n;
  gsize length;

  if (root == NULL)
    {
      g_test_skip ("ANGIO_TESTDATA is not set");
      return;
    }
  source = g_build_filename (root, "dicom", "real-xa", "coronary-cine-jpeg-baseline.dcm", NULL);
  if (!g_file_test (source, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the real coronary cine is not there");
      return;
    }
  g_assert_true (angio_deidentify_file (source, out, &params, NULL, &error));
  g_assert_no_error (error);
  before = angio_series_load (source, NULL, &error);
  g_assert_no_error (error);
  after = angio_series_load (out, NULL, &error);
  g_assert_no_error (error);
  n = angio_series_get_n_frames (after);
  cols = angio_series_get_cols (after);
  g_assert_cmpuint (n, ==, angio_series_get_n_frames (before));
  for (guint f = 0; f < n; f += 19)
    {
      const guint16 *a = angio_series_get_frame (before, f);
      const guint16 *b = angio_series_get_frame (after, f);

      for (guint y = 0; y < angio_series_get_rows (after); y++)
        for (guint x = 0; x < cols; x++)
          if (x < 64 && y < 32)
            g_assert_cmpuint (b[y * cols + x], ==, 0);
          else
            g_assert_cmpuint (b[y * cols + x], ==, a[y * cols + x]);
    }
  g_assert_true (g_file_get_contents (out, &bytes, &length, NULL));
  g_assert_nonnull (memmem (bytes, length, "ISO_10918_1", 11));
  g_assert_true (angio_deid_check_file (out, "RAS-0006", &error));
  g_assert_no_error (error);
}

static void
test_not_dicom (void)
{
  g_autofree char *bad = angio_test_path ("not-dicom.dcm");
  g_autofree char *out = angio_test_path ("never.dcm");
  g_autoptr(GError) error = NULL;
  AngioDeidParams params = { "RAS-0002", 10, "s", NULL, 0 };

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
  g_test_add_func ("/angio/core/deid/check-source", test_check_source);
  g_test_add_func ("/angio/core/deid/redact", test_redact);
  g_test_add_func ("/angio/core/deid/redact-lossy", test_redact_lossy);
  g_test_add_func ("/angio/core/deid/not-dicom", test_not_dicom);
  return g_test_run ();
}
