/* test-conformance.c — Angiomark reads what the reference toolkits read, the same pixels.
 *
 * Every file of ../shared/testdata/dicom/real and real-xa, re-encodings of them made here
 * with the Debian tools (DCMTK: dcmconv, dcmcjpeg, dcmcjpls, dcmcrle; GDCM: gdcmconv) and
 * phantoms in every transfer syntax: Angiomark's frames equal the pixels of `gdcmconv --raw`
 * (extracted by gdcmraw) mapped as angio_dicom_meta_value_mapping() says, and the metadata
 * it reads (frames, size, bits, photometric, frame time, scale) agrees with dcmdump's.
 * Skipped, saying why, when the test data or a tool is missing. The whole matrix of
 * re-encodings at full size is the decode benchmark's (tests/bench/bench-decode.c).
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "angio-series.h"
#include "angio-test-util.h"

static const char *const tools[] = {
  "gdcmconv", "gdcmraw", "dcmdump", "dcmconv", "dcmdjpeg", "dcmcjpeg", "dcmcjpls", "dcmcrle",
};

/* Skips the test (and returns FALSE) when a tool is missing. */
static gboolean
have_tools (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      g_autofree char *found = g_find_program_in_path (tools[i]);

      if (found == NULL)
        {
          g_autofree char *message =
            g_strdup_printf ("%s is not installed (Debian packages libgdcm-tools and dcmtk)",
                             tools[i]);
          g_test_skip (message);
          return FALSE;
        }
    }
  return TRUE;
}

/* Runs @argv (NULL-terminated); fails the test with its output when it fails. */
static void
run (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *line = g_strjoinv (" ", (char **) argv);
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed:\n%s%s", line, out, err);
}

/* dcmdump of @path, long values not loaded. */
static char *
dump (const char *path)
{
  const char *argv[] = { "dcmdump", "-q", "-M", path, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The value of top-level attribute @tag ("0028,0010") in dcmdump's @text: what is inside
 * [brackets], or the bare value; NULL when absent or empty. */
static char *
dumped (const char *text,
        const char *tag)
{
  g_autofree char *needle = g_strdup_printf ("\n(%s) ", tag);
  const char *p = strstr (text, needle);
  const char *end;

  if (p == NULL)
    return NULL;
  p += strlen (needle) + 3;   /* the VR and a space */
  if (*p == '[')
    {
      end = strchr (p, ']');
      return end ? g_strndup (p + 1, (gsize) (end - p - 1)) : NULL;
    }
  if (g_str_has_prefix (p, "(no value"))
    return NULL;
  end = strchr (p, '#');
  return g_strstrip (g_strndup (p, end ? (gsize) (end - p) : strlen (p)));
}

static double
dumped_number (const char *text,
               const char *tag,
               guint       index)
{
  g_autofree char *value = dumped (text, tag);
  g_auto(GStrv) parts = NULL;

  if (value == NULL)
    return NAN;
  parts = g_strsplit (value, "\\", -1);
  return index < g_strv_length (parts) ? g_ascii_strtod (parts[index], NULL) : NAN;
}

/* Metadata as dcmdump reads it from @path, against what Angiomark read. */
static void
check_metadata (const char           *path,
                const AngioDicomMeta *meta)
{
  g_autofree char *text = dump (path);
  g_autofree char *photometric = dumped (text, "0028,0004");
  double frames = dumped_number (text, "0028,0008", 0);
  double frame_time = dumped_number (text, "0018,1063", 0);

  g_assert_cmpuint (meta->frames, ==, isfinite (frames) ? (guint) frames : 1);
  g_assert_cmpuint (meta->rows, ==, (guint) dumped_number (text, "0028,0010", 0));
  g_assert_cmpuint (meta->cols, ==, (guint) dumped_number (text, "0028,0011", 0));
  g_assert_cmpuint (meta->bits_allocated, ==, (guint) dumped_number (text, "0028,0100", 0));
  g_assert_cmpuint (meta->bits_stored, ==, (guint) dumped_number (text, "0028,0101", 0));
  g_assert_cmpuint (meta->is_signed, ==, dumped_number (text, "0028,0103", 0) == 1);
  g_assert_cmpstr (meta->photometric, ==, photometric);
  if (isfinite (frame_time))
    g_assert_cmpfloat (meta->frame_time_ms, ==, frame_time);
  else
    g_assert_true (isnan (meta->frame_time_ms));
  for (guint i = 0; i < 2; i++)
    {
      double spacing = dumped_number (text, "0028,0030", i);
      double imager = dumped_number (text, "0018,1164", i);

      g_assert_true (isfinite (spacing) ? meta->pixel_spacing_mm[i] == spacing
                                        : isnan (meta->pixel_spacing_mm[i]));
      g_assert_true (isfinite (imager) ? meta->imager_pixel_spacing_mm[i] == imager
                                       : isnan (meta->imager_pixel_spacing_mm[i]));
    }
}

/* The stored value @raw (bits as the reference file stores them) as Angiomark maps it. */
static guint16
expected_value (const AngioDicomMeta *meta,
                guint                 raw,
                guint                 bits_stored,
                guint                 high_bit,
                gboolean              is_signed,
                double                offset,
                double                scale)
{
  guint mask = (1u << bits_stored) - 1;
  guint v = (raw >> (high_bit + 1 - bits_stored)) & mask;
  double s = (is_signed && (v & (1u << (bits_stored - 1)))) ? (double) v - (mask + 1.0) : v;
  double m = s * meta->rescale_slope + meta->rescale_intercept;

  return (guint16) CLAMP (round ((m - offset) / scale), 0.0, 65535.0);
}

/* Angiomark's frames of @path against gdcmconv --raw's pixels, and its metadata against
 * dcmdump's. */
static void
check_file (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *ref_name = g_strconcat ("ref-", base, NULL);
  g_autofree char *ref = angio_test_path (ref_name);
  g_autofree char *raw = g_strconcat (ref, ".raw", NULL);
  const char *decompress[] = { "gdcmconv", "--raw", path, ref, NULL };
  const char *extract[] = { "gdcmraw", "-i", ref, "-o", raw, NULL };
  g_autoptr(AngioSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ref_dump = NULL;
  g_autofree char *bytes = NULL;
  const AngioDicomMeta *meta;
  guint allocated, stored, high, mismatches = 0;
  gboolean is_signed;
  gsize length, n;
  double offset, scale;

  series = angio_series_load (path, NULL, &error);
  g_assert_no_error (error);
  meta = angio_series_get_meta (series);
  g_test_message ("%s: %s, %u x %u x %u, %u bits%s%s", base, meta->transfer_syntax_uid,
                  meta->frames, meta->cols, meta->rows, meta->bits_stored,
                  meta->warnings->len ? "; warning: " : "",
                  meta->warnings->len ? (char *) meta->warnings->pdata[0] : "");
  check_metadata (path, meta);

  run (decompress);
  run (extract);
  ref_dump = dump (ref);
  allocated = (guint) dumped_number (ref_dump, "0028,0100", 0);
  stored = (guint) dumped_number (ref_dump, "0028,0101", 0);
  high = (guint) dumped_number (ref_dump, "0028,0102", 0);
  is_signed = dumped_number (ref_dump, "0028,0103", 0) == 1;
  g_assert_true (g_file_get_contents (raw, &bytes, &length, &error));
  g_assert_no_error (error);
  n = (gsize) meta->rows * meta->cols;
  g_assert_cmpuint (length, >=, n * meta->frames * (allocated / 8));

  angio_dicom_meta_value_mapping (meta, &offset, &scale);
  for (guint f = 0; f < meta->frames; f++)
    {
      const guint16 *frame = angio_series_get_frame (series, f);

      for (gsize i = 0; i < n; i++)
        {
          gsize k = (gsize) f * n + i;
          guint r = allocated == 8 ? ((const guint8 *) bytes)[k]
                                   : GUINT16_FROM_LE (((const guint16 *) bytes)[k]);

          if (frame[i] != expected_value (meta, r, stored, high, is_signed, offset, scale)
              && mismatches++ < 5)
            g_test_message ("frame %u pixel %zu: %u, reference %u", f, i, frame[i],
                            expected_value (meta, r, stored, high, is_signed, offset, scale));
        }
    }
  g_assert_cmpuint (mismatches, ==, 0);
  g_unlink (ref);
  g_unlink (raw);
}

static char *
real_file (const char *name)
{
  const char *sub = g_str_has_prefix (name, "wg04") ? "real" : "real-xa";
  g_autofree char *dir = angio_test_data_dir (sub);

  return dir ? g_build_filename (dir, name, NULL) : NULL;
}

static void
test_real (gconstpointer data)
{
  g_autofree char *path = real_file (data);

  if (path != NULL && have_tools ())
    check_file (path);
}

/* A re-encoding: the tool, its options, and the source file it starts from. */
typedef struct {
  const char *name;
  const char *source;
  gboolean decompress_first;   /* DCMTK tools other than the JPEG ones need native input */
  const char *argv[6];         /* the tool and its options; input and output are added */
} Encoding;

static const Encoding encodings[] = {
  /* The real coronary cine (JPEG baseline, 8-bit, 96 frames) in DCMTK's native syntaxes. */
  { "cine-implicit", "coronary-cine-jpeg-baseline.dcm", TRUE, { "dcmconv", "+ti" } },
  { "cine-explicit", "coronary-cine-jpeg-baseline.dcm", TRUE, { NULL } },   /* dcmdjpeg's */
  { "cine-big-endian", "coronary-cine-jpeg-baseline.dcm", TRUE, { "dcmconv", "+tb" } },
  { "cine-dcmcrle", "coronary-cine-jpeg-baseline.dcm", TRUE, { "dcmcrle" } },
  { "cine-dcmcjpls", "coronary-cine-jpeg-baseline.dcm", TRUE, { "dcmcjpls" } },
  { "cine-dcmcjpeg-lossless", "coronary-cine-jpeg-baseline.dcm", TRUE, { "dcmcjpeg", "+e1" } },
  /* The atherectomy run (JPEG lossless, 12 frames) through GDCM's encoders. */
  { "atherectomy-gdcm-j2k", "atherectomy-jpeg-lossless.dcm", FALSE, { "gdcmconv", "--j2k" } },
  { "atherectomy-gdcm-jpegls", "atherectomy-jpeg-lossless.dcm", FALSE,
    { "gdcmconv", "--jpegls" } },
  { "atherectomy-gdcm-rle", "atherectomy-jpeg-lossless.dcm", FALSE, { "gdcmconv", "--rle" } },
  { "atherectomy-big-endian", "atherectomy-jpeg-lossless.dcm", TRUE, { "dcmconv", "+tb" } },
  /* The 10-bit neuro angiogram (1024², 16 bits allocated) in DCMTK's encoders. */
  { "xa1-big-endian", "wg04-xa1-UNC.dcm", FALSE, { "dcmconv", "+tb" } },
  { "xa1-implicit", "wg04-xa1-UNC.dcm", FALSE, { "dcmconv", "+ti" } },
  { "xa1-dcmcjpeg-lossless", "wg04-xa1-UNC.dcm", FALSE, { "dcmcjpeg", "+el" } },
  { "xa1-dcmcjpls", "wg04-xa1-UNC.dcm", FALSE, { "dcmcjpls" } },
  { "xa1-dcmcrle", "wg04-xa1-UNC.dcm", FALSE, { "dcmcrle" } },
  { "xa1-gdcm-j2k", "wg04-xa1-UNC.dcm", FALSE, { "gdcmconv", "--j2k" } },
};

static void
test_reencoded (gconstpointer data)
{
  const Encoding *encoding = data;
  g_autofree char *source = real_file (encoding->source);
  g_autofree char *native_name = g_strconcat ("native-", encoding->source, NULL);
  g_autofree char *native = angio_test_path (native_name);
  g_autofree char *out_name = g_strconcat (encoding->name, ".dcm", NULL);
  g_autofree char *out = angio_test_path (out_name);
  const char *argv[10] = { NULL };
  guint n = 0;

  if (source == NULL || !have_tools ())
    return;
  /* dcmdjpeg's Explicit VR Little Endian copy, made once for all the encodings of a source. */
  if (encoding->decompress_first && !g_file_test (native, G_FILE_TEST_EXISTS))
    {
      const char *dj[] = { "dcmdjpeg", source, native, NULL };
      run (dj);
    }
  if (encoding->argv[0] == NULL)
    {
      check_file (native);
      return;
    }
  for (; encoding->argv[n] != NULL; n++)
    argv[n] = encoding->argv[n];
  argv[n++] = encoding->decompress_first ? native : source;
  argv[n++] = out;
  run (argv);
  check_file (out);
  g_unlink (out);
}

/* A coronary phantom in @data's syntax, as Angiomark writes it. */
static void
test_phantom (gconstpointer data)
{
  const AngioSyntaxInfo *info = data;
  g_autofree char *name = g_strdup_printf ("phantom-%s.dcm", info->name);
  g_autofree char *path = NULL;
  AngioPhantomParams params;

  if (!have_tools ())
    return;
  angio_phantom_params_init (&params, ANGIO_PHANTOM_CORONARY);
  params.seed = 3;
  params.size = 80;
  params.frames = 4;
  params.syntax = info->syntax;
  path = angio_test_phantom_file (&params, name, NULL);
  check_file (path);
}

/* The names of the real files, the tests' data: freed after the tests have run. */
static GPtrArray *real_names[2];

static void
add_real_tests (void)
{
  static const char *const subs[] = { "real", "real-xa" };

  for (guint s = 0; s < G_N_ELEMENTS (subs); s++)
    {
      real_names[s] = angio_test_list_dicom (subs[s]);
      if (real_names[s] == NULL)
        {
          /* Reported as skipped by the test, with the reason. */
          g_test_add_data_func (s == 0 ? "/angio/conformance/real/missing"
                                       : "/angio/conformance/real-xa/missing",
                                s == 0 ? "wg04-xa1-UNC.dcm" : "coronary-cine-jpeg-baseline.dcm",
                                test_real);
          continue;
        }
      for (guint i = 0; i < real_names[s]->len; i++)
        {
          g_autofree char *test = g_strdup_printf ("/angio/conformance/%s/%s", subs[s],
                                                   (char *) real_names[s]->pdata[i]);
          g_test_add_data_func (test, real_names[s]->pdata[i], test_real);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  add_real_tests ();
  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    {
      g_autofree char *name = g_strdup_printf ("/angio/conformance/reencoded/%s",
                                               encodings[i].name);
      g_test_add_data_func (name, &encodings[i], test_reencoded);
    }
  for (guint i = 0; i < ANGIO_N_SYNTAXES; i++)
    {
      const AngioSyntaxInfo *info = angio_syntax_info (i);
      g_autofree char *name = g_strdup_printf ("/angio/conformance/phantom/%s", info->name);
      g_test_add_data_func (name, info, test_phantom);
    }
  status = g_test_run ();
  g_clear_pointer (&real_names[0], g_ptr_array_unref);
  g_clear_pointer (&real_names[1], g_ptr_array_unref);
  return status;
}
