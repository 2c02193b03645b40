/* test-dicom-hostile.c — malformed input is rejected with an error naming the file and the
 * reason, never a crash: the shared corpus, and files made malformed at test time. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "angio-series.h"
#include "angio-test-util.h"

static void
test_shared_corpus (void)
{
  g_autofree char *dir = angio_test_data_dir ("hostile");
  g_autoptr(GDir) listing = NULL;
  const char *name;
  guint n = 0;

  if (dir == NULL)
    return;
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      angio_test_assert_rejected (path, -1);
      n++;
    }
  g_assert_cmpuint (n, >=, 15);
}

static void
test_not_dicom (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 };
  g_autofree guint8 *noise = g_malloc (4096);
  g_autofree guint8 *only_magic = g_malloc0 (132);
  g_autofree char *empty = angio_test_write ("empty.dcm", "", 0);
  g_autofree char *text = angio_test_write ("text.dcm", "hello, world\n", 13);
  g_autofree char *image = angio_test_write ("image.dcm", png, sizeof png);
  g_autofree char *random = NULL;
  g_autofree char *magic = NULL;
  g_autofree char *missing = angio_test_path ("does-not-exist.dcm");
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);

  for (guint i = 0; i < 4096; i++)
    noise[i] = (guint8) g_rand_int (rand);
  random = angio_test_write ("random.dcm", noise, 4096);
  memcpy (only_magic + 128, "DICM", 4);
  magic = angio_test_write ("only-magic.dcm", only_magic, 132);

  angio_test_assert_rejected (empty, ANGIO_DICOM_ERROR_NOT_DICOM);
  angio_test_assert_rejected (text, ANGIO_DICOM_ERROR_NOT_DICOM);
  angio_test_assert_rejected (image, ANGIO_DICOM_ERROR_NOT_DICOM);
  angio_test_assert_rejected (random, ANGIO_DICOM_ERROR_NOT_DICOM);
  angio_test_assert_rejected (magic, -1);
  angio_test_assert_rejected (missing, ANGIO_DICOM_ERROR_NOT_DICOM);
  angio_test_assert_rejected (angio_test_tmpdir (), ANGIO_DICOM_ERROR_NOT_DICOM);
}

/* Every syntax family, cut at many offsets: header, pixel data, the last byte. */
static void
test_truncated (void)
{
  static const AngioTransferSyntax syntaxes[] = {
    ANGIO_SYNTAX_EXPLICIT_LE, ANGIO_SYNTAX_IMPLICIT_LE, ANGIO_SYNTAX_DEFLATED,
    ANGIO_SYNTAX_JPEG_LOSSLESS_SV1, ANGIO_SYNTAX_J2K_LOSSLESS, ANGIO_SYNTAX_RLE,
    ANGIO_SYNTAX_JPEG_LS_LOSSLESS,
  };

  for (guint s = 0; s < G_N_ELEMENTS (syntaxes); s++)
    {
      AngioPhantomParams params;
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      gsize length;
      static const double cuts[] = { 0.0, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99 };
      gsize absolute[] = { 1, 64, 128, 131, 132, 140, 200 };

      angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
      params.size = 64;
      params.frames = 3;
      params.syntax = syntaxes[s];
      name = g_strdup_printf ("whole-%u.dcm", s);
      path = angio_test_phantom_file (&params, name, NULL);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));

      for (guint i = 0; i < G_N_ELEMENTS (cuts) + G_N_ELEMENTS (absolute) + 1; i++)
        {
          gsize at;
          g_autofree char *cut_name = NULL;
          g_autofree char *cut_path = NULL;

          if (i < G_N_ELEMENTS (cuts))
            at = (gsize) (cuts[i] * length);
          else if (i < G_N_ELEMENTS (cuts) + G_N_ELEMENTS (absolute))
            at = absolute[i - G_N_ELEMENTS (cuts)];
          else  /* GDCM puts an 8-byte CRC and size after a deflate stream: not data */
            at = length - (syntaxes[s] == ANGIO_SYNTAX_DEFLATED ? 10 : 1);
          cut_name = g_strdup_printf ("cut-%u-%" G_GSIZE_FORMAT ".dcm", s, at);
          cut_path = angio_test_write (cut_name, contents, at);
          angio_test_assert_rejected (cut_path, -1);
        }
    }
}

/* A header with 64 × 64 pixels, 16 bits, then @pixel_bytes of native pixel data. */
static char *
native_file (const char *name,
             guint       rows,
             guint       cols,
             guint       frames,
             gsize       pixel_bytes)
{
  g_autoptr(GByteArray) bytes = angio_test_dicom_begin ("1.2.840.10008.1.2.1");
  g_autofree guint8 *pixels = g_malloc0 (pixel_bytes + 1);

  angio_test_dicom_image_header (bytes, rows, cols, frames);
  angio_test_dicom_element (bytes, 0x7fe0, 0x0010, "OW", pixels, (guint32) pixel_bytes);
  return angio_test_write (name, bytes->data, bytes->len);
}

static void
test_absurd_headers (void)
{
  g_autofree char *zero_frames = native_file ("zero-frames.dcm", 64, 64, 0, 0);
  g_autofree char *zero_rows = NULL;
  g_autofree char *huge = NULL;
  g_autofree char *short_data = native_file ("short-pixels.dcm", 64, 64, 2, 100);
  g_autofree char *valid = native_file ("valid.dcm", 64, 64, 2, 64 * 64 * 2 * 2);
  g_autoptr(GByteArray) bytes = angio_test_dicom_begin ("1.2.840.10008.1.2.1");
  g_autoptr(AngioSeries) series = NULL;
  g_autoptr(GError) error = NULL;

  /* Number of Frames "0" */
  {
    g_autoptr(GByteArray) b = angio_test_dicom_begin ("1.2.840.10008.1.2.1");
    guint8 pixels[16] = { 0 };

    angio_test_dicom_text (b, 0x0028, 0x0008, "IS", "0");
    angio_test_dicom_us (b, 0x0028, 0x0010, 4);
    angio_test_dicom_us (b, 0x0028, 0x0011, 2);
    angio_test_dicom_us (b, 0x0028, 0x0100, 16);
    angio_test_dicom_element (b, 0x7fe0, 0x0010, "OW", pixels, sizeof pixels);
    g_free (zero_frames);
    zero_frames = angio_test_write ("zero-frames.dcm", b->data, b->len);
  }
  angio_test_assert_rejected (zero_frames, ANGIO_DICOM_ERROR_MALFORMED);

  zero_rows = native_file ("zero-rows.dcm", 0, 64, 1, 128);
  angio_test_assert_rejected (zero_rows, ANGIO_DICOM_ERROR_MALFORMED);

  /* 65535 × 65535 × 10000 claimed, 64 bytes given. */
  {
    g_autoptr(GByteArray) b = angio_test_dicom_begin ("1.2.840.10008.1.2.1");
    guint8 pixels[64] = { 0 };

    angio_test_dicom_image_header (b, 65535, 65535, 10000);
    angio_test_dicom_element (b, 0x7fe0, 0x0010, "OW", pixels, sizeof pixels);
    huge = angio_test_write ("huge.dcm", b->data, b->len);
  }
  angio_test_assert_rejected (huge, ANGIO_DICOM_ERROR_TOO_LARGE);
  angio_test_assert_rejected (short_data, ANGIO_DICOM_ERROR_MALFORMED);

  /* The same header with the right amount of data opens: the checks are not too strict. */
  series = angio_series_load (valid, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (angio_series_get_n_frames (series), ==, 2);

  /* An image without pixels. */
  angio_test_dicom_image_header (bytes, 64, 64, 1);
  {
    g_autofree char *no_pixels = angio_test_write ("no-pixels.dcm", bytes->data, bytes->len);
    angio_test_assert_rejected (no_pixels, ANGIO_DICOM_ERROR_UNSUPPORTED);
  }
}

static void
test_unsupported (void)
{
  g_autoptr(GByteArray) mpeg = angio_test_dicom_begin ("1.2.840.10008.1.2.4.100");
  g_autoptr(GByteArray) rgb = angio_test_dicom_begin ("1.2.840.10008.1.2.1");
  g_autoptr(GByteArray) wide = angio_test_dicom_begin ("1.2.840.10008.1.2.1");
  guint8 item[] = { 0xfe, 0xff, 0x00, 0xe0, 0, 0, 0, 0,     /* empty offset table */
                    0xfe, 0xff, 0x00, 0xe0, 4, 0, 0, 0, 0, 0, 1, 0xb3,
                    0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0 };
  guint8 pixels[4 * 4 * 3] = { 0 };
  g_autofree char *mpeg_path = NULL;
  g_autofree char *rgb_path = NULL;
  g_autofree char *wide_path = NULL;

  angio_test_dicom_image_header (mpeg, 4, 4, 1);
  angio_test_dicom_element (mpeg, 0x7fe0, 0x0010, "OB", NULL, 0xffffffff);
  g_byte_array_append (mpeg, item, sizeof item);
  mpeg_path = angio_test_write ("mpeg2.dcm", mpeg->data, mpeg->len);
  angio_test_assert_rejected (mpeg_path, ANGIO_DICOM_ERROR_UNSUPPORTED);

  angio_test_dicom_us (rgb, 0x0028, 0x0002, 3);
  angio_test_dicom_text (rgb, 0x0028, 0x0004, "CS", "RGB");
  angio_test_dicom_us (rgb, 0x0028, 0x0010, 4);
  angio_test_dicom_us (rgb, 0x0028, 0x0011, 4);
  angio_test_dicom_us (rgb, 0x0028, 0x0100, 8);
  angio_test_dicom_element (rgb, 0x7fe0, 0x0010, "OB", pixels, sizeof pixels);
  rgb_path = angio_test_write ("rgb.dcm", rgb->data, rgb->len);
  angio_test_assert_rejected (rgb_path, ANGIO_DICOM_ERROR_UNSUPPORTED);

  angio_test_dicom_us (wide, 0x0028, 0x0010, 2);
  angio_test_dicom_us (wide, 0x0028, 0x0011, 2);
  angio_test_dicom_us (wide, 0x0028, 0x0100, 32);
  angio_test_dicom_element (wide, 0x7fe0, 0x0010, "OW", pixels, 16);
  wide_path = angio_test_write ("32-bit.dcm", wide->data, wide->len);
  angio_test_assert_rejected (wide_path, ANGIO_DICOM_ERROR_UNSUPPORTED);
}

/* GDCM 3.0 overflows its stack on deep nesting: the decoder process dies, the caller lives. */
static void
test_parser_crash_is_contained (void)
{
  g_autoptr(GByteArray) bytes = angio_test_dicom_begin ("1.2.840.10008.1.2.1");
  const guint depth = 200000;
  guint8 item[] = { 0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff };
  guint8 item_end[] = { 0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0 };
  guint8 sequence_end[] = { 0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0 };
  g_autofree char *path = NULL;

  for (guint i = 0; i < depth; i++)
    {
      angio_test_dicom_element (bytes, 0x0008, 0x1140, "SQ", NULL, 0xffffffff);
      g_byte_array_append (bytes, item, sizeof item);
    }
  for (guint i = 0; i < depth; i++)
    {
      g_byte_array_append (bytes, item_end, sizeof item_end);
      g_byte_array_append (bytes, sequence_end, sizeof sequence_end);
    }
  path = angio_test_write ("deep.dcm", bytes->data, bytes->len);
  angio_test_assert_rejected (path, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/angio/dicom/hostile/shared-corpus", test_shared_corpus);
  g_test_add_func ("/angio/dicom/hostile/not-dicom", test_not_dicom);
  g_test_add_func ("/angio/dicom/hostile/truncated", test_truncated);
  g_test_add_func ("/angio/dicom/hostile/absurd-headers", test_absurd_headers);
  g_test_add_func ("/angio/dicom/hostile/unsupported", test_unsupported);
  g_test_add_func ("/angio/dicom/hostile/parser-crash", test_parser_crash_is_contained);
  return g_test_run ();
}
