/* test-dicom-quirks.c — what real archives hold and GDCM and DCMTK read: each quirk in a
 * file built here byte by byte, read as the reference toolkits read it (or refused with a
 * clear reason where reading it would be unsafe). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "angio-series.h"
#include "angio-test-util.h"

#define SIZE 64
#define FRAMES 3

/* Set by a test: timing attributes (group 0018) written into the header, and the element of
 * (0018,eeee) the Frame Increment Pointer points to (0 for none). */
static void (*timing_attributes) (GByteArray *bytes);
static guint16 frame_increment_pointer;

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

static AngioPhantom *
phantom_file (AngioTransferSyntax syntax,
              char              **path)
{
  AngioPhantom *phantom = NULL;
  AngioPhantomParams params;
  g_autofree char *name = g_strdup_printf ("source-%s.dcm",
                                           angio_syntax_info (syntax)->name);

  angio_phantom_params_init (&params, ANGIO_PHANTOM_CORONARY);
  params.seed = 5;
  params.size = SIZE;
  params.frames = FRAMES;
  params.syntax = syntax;
  params.bits_stored = syntax == ANGIO_SYNTAX_JPEG_BASELINE ? 8 : 10;
  *path = angio_test_phantom_file (&params, name, &phantom);
  return phantom;
}

/* The codestream of each frame of an encapsulated phantom (one fragment per frame, as
 * Angiomark writes them). */
static GPtrArray *
codestreams (AngioTransferSyntax syntax)
{
  g_autofree char *path = NULL;
  g_autoptr(AngioPhantom) phantom = phantom_file (syntax, &path);
  g_autofree char *data = NULL;
  static const guint8 pixel_data[] = { 0xe0, 0x7f, 0x10, 0x00, 'O', 'B', 0, 0,
                                       0xff, 0xff, 0xff, 0xff };
  GPtrArray *frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gsize length, p;
  gboolean bot = TRUE;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  p = (gsize) ((const char *) memmem (data, length, pixel_data, sizeof pixel_data) - data);
  p += sizeof pixel_data;
  while (p + 8 <= length)
    {
      const guint8 *item = (const guint8 *) data + p;
      guint32 n = item[4] | item[5] << 8 | item[6] << 16 | (guint32) item[7] << 24;

      if (item[2] == 0xdd)
        break;
      if (!bot)
        g_ptr_array_add (frames, g_bytes_new (item + 8, n));
      bot = FALSE;
      p += 8 + n;
    }
  g_assert_cmpuint (frames->len, ==, FRAMES);
  return frames;
}

/* A header for SIZE × SIZE frames: @frames 0 leaves Number of Frames out. */
static GByteArray *
header (const char *syntax_uid,
        guint       frames,
        guint       allocated,
        guint       stored,
        gboolean    is_signed,
        const char *photometric)
{
  GByteArray *bytes = angio_test_dicom_begin (syntax_uid);

  angio_test_dicom_text (bytes, 0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.12.1");
  angio_test_dicom_text (bytes, 0x0008, 0x0018, "UI", "1.2.3.4.5.6");
  angio_test_dicom_text (bytes, 0x0008, 0x0060, "CS", "XA");
  frame_increment_pointer = 0;
  if (timing_attributes != NULL)
    timing_attributes (bytes);
  angio_test_dicom_us (bytes, 0x0028, 0x0002, 1);
  angio_test_dicom_text (bytes, 0x0028, 0x0004, "CS", photometric);
  if (frames > 0)
    {
      g_autofree char *n = g_strdup_printf ("%u", frames);
      angio_test_dicom_text (bytes, 0x0028, 0x0008, "IS", n);
    }
  if (frame_increment_pointer != 0)
    {
      guint8 at[] = { 0x28, 0, 0x09, 0, 'A', 'T', 4, 0, 0x18, 0,
                      frame_increment_pointer & 0xff, frame_increment_pointer >> 8 };

      g_byte_array_append (bytes, at, sizeof at);
    }
  angio_test_dicom_us (bytes, 0x0028, 0x0010, SIZE);
  angio_test_dicom_us (bytes, 0x0028, 0x0011, SIZE);
  angio_test_dicom_us (bytes, 0x0028, 0x0100, (guint16) allocated);
  angio_test_dicom_us (bytes, 0x0028, 0x0101, (guint16) stored);
  angio_test_dicom_us (bytes, 0x0028, 0x0102, (guint16) (stored - 1));
  angio_test_dicom_us (bytes, 0x0028, 0x0103, is_signed ? 1 : 0);
  return bytes;
}

typedef enum {
  BOT_EMPTY,
  BOT_NONE,
  BOT_FILLED,
} BotKind;

/* Encapsulated pixel data: @fragments (GBytes) are the items after the offset table; frame
 * k starts at fragment @starts[k] (for a filled table). */
static void
encapsulated (GByteArray *bytes,
              GPtrArray  *fragments,
              const guint *starts,
              BotKind     bot)
{
  angio_test_dicom_element (bytes, 0x7fe0, 0x0010, "OB", NULL, 0xffffffff);
  if (bot != BOT_NONE)
    {
      put16 (bytes, 0xfffe);
      put16 (bytes, 0xe000);
      put32 (bytes, bot == BOT_FILLED ? FRAMES * 4 : 0);
      for (guint k = 0; bot == BOT_FILLED && k < FRAMES; k++)
        {
          guint32 offset = 0;

          for (guint i = 0; i < starts[k]; i++)
            offset += 8 + (guint32) g_bytes_get_size (fragments->pdata[i]);
          put32 (bytes, offset);
        }
    }
  for (guint i = 0; i < fragments->len; i++)
    {
      gsize n;
      const guint8 *data = g_bytes_get_data (fragments->pdata[i], &n);

      put16 (bytes, 0xfffe);
      put16 (bytes, 0xe000);
      put32 (bytes, (guint32) n);
      g_byte_array_append (bytes, data, (guint) n);
    }
  put16 (bytes, 0xfffe);
  put16 (bytes, 0xe0dd);
  put32 (bytes, 0);
}

static AngioSeries *
load_bytes (GByteArray *bytes,
            const char *name)
{
  g_autofree char *path = angio_test_write (name, bytes->data, bytes->len);
  g_autoptr(GError) error = NULL;
  AngioSeries *series = angio_series_load (path, NULL, &error);

  g_assert_no_error (error);
  return series;
}

static void
assert_same_frames (AngioSeries *a,
                    AngioSeries *b)
{
  g_assert_cmpuint (angio_series_get_n_frames (a), ==, angio_series_get_n_frames (b));
  for (guint f = 0; f < angio_series_get_n_frames (a); f++)
    g_assert_cmpmem (angio_series_get_frame (a, f), SIZE * SIZE * 2,
                     angio_series_get_frame (b, f), SIZE * SIZE * 2);
}

static void
assert_phantom_frames (AngioSeries        *series,
                       const AngioPhantom *phantom)
{
  g_assert_cmpuint (angio_series_get_n_frames (series), ==, FRAMES);
  for (guint f = 0; f < FRAMES; f++)
    g_assert_cmpmem (angio_series_get_frame (series, f), SIZE * SIZE * 2,
                     phantom->pixels + f * SIZE * SIZE, SIZE * SIZE * 2);
}

/* @frames rebuilt, each passed through @edit, as a file of @syntax. */
static AngioSeries *
rebuilt (AngioTransferSyntax syntax,
         GPtrArray          *frames,
         GBytes           *(*edit) (GBytes *frame, guint index),
         const char         *name)
{
  const AngioSyntaxInfo *info = angio_syntax_info (syntax);
  g_autoptr(GPtrArray) edited = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GByteArray) bytes = header (info->uid, FRAMES,
                                        syntax == ANGIO_SYNTAX_JPEG_BASELINE ? 8 : 16,
                                        syntax == ANGIO_SYNTAX_JPEG_BASELINE ? 8 : 10,
                                        FALSE, "MONOCHROME2");

  for (guint i = 0; i < frames->len; i++)
    g_ptr_array_add (edited, edit ? edit (frames->pdata[i], i) : g_bytes_ref (frames->pdata[i]));
  encapsulated (bytes, edited, NULL, BOT_EMPTY);
  return load_bytes (bytes, name);
}

/* Frame 0 cut before its EOI, padded with zeros to an even length. libjpeg then ends the
 * stream itself; GDCM decodes this frame so. (A stream cut elsewhere may not decode at all:
 * GDCM and DCMTK refuse it, and so does Angiomark, naming the frame.) */
static GBytes *
without_eoi (GBytes *frame,
             guint   index)
{
  gsize n;
  const guint8 *data = g_bytes_get_data (frame, &n);
  guint8 *copy;

  if (index != 0)
    return g_bytes_ref (frame);
  while (n > 0 && data[n - 1] == 0)   /* the padding to an even length */
    n--;
  g_assert_true (data[n - 2] == 0xff && data[n - 1] == 0xd9);
  copy = g_malloc0 (n + 2);
  memcpy (copy, data, n - 2);
  return g_bytes_new_take (copy, ((n - 2) | 1) + 1);
}

/* Frames 0 and 2 with four bytes after their EOI, as in the real coronary cine. */
static GBytes *
bytes_after_eoi (GBytes *frame,
                 guint   index)
{
  static const guint8 junk[] = { 0xd3, 0x0c, 0x99, 0xfa };
  gsize n;
  const guint8 *data = g_bytes_get_data (frame, &n);
  guint8 *copy;

  if (index == 1)
    return g_bytes_ref (frame);
  copy = g_malloc (n + 4);
  memcpy (copy, data, n);
  memcpy (copy + n, junk, 4);
  return g_bytes_new_take (copy, n + 4);
}

static GBytes *
padded (GBytes *frame,
        guint   index)
{
  gsize n;
  const guint8 *data = g_bytes_get_data (frame, &n);
  g_autofree guint8 *copy = g_malloc0 (n + 4);

  memcpy (copy, data, n);
  return g_bytes_new (copy, n + (index == 0 ? 4 : 1));   /* odd length for the others */
}

static void
test_jpeg_without_eoi (void)
{
  g_autoptr(GPtrArray) frames = codestreams (ANGIO_SYNTAX_JPEG_BASELINE);
  g_autoptr(AngioSeries) intact = rebuilt (ANGIO_SYNTAX_JPEG_BASELINE, frames, NULL,
                                           "intact.dcm");
  g_autoptr(AngioSeries) cut = rebuilt (ANGIO_SYNTAX_JPEG_BASELINE, frames, without_eoi,
                                        "no-eoi.dcm");
  g_autoptr(AngioSeries) after = rebuilt (ANGIO_SYNTAX_JPEG_BASELINE, frames, bytes_after_eoi,
                                          "after-eoi.dcm");
  const AngioDicomMeta *meta = angio_series_get_meta (cut);

  assert_same_frames (cut, intact);
  assert_same_frames (after, intact);
  g_assert_cmpuint (angio_series_get_meta (intact)->warnings->len, ==, 0);
  g_assert_cmpuint (meta->warnings->len, ==, 1);
  g_assert_nonnull (strstr (meta->warnings->pdata[0], "1 of 3 JPEG frames ends without"));
  meta = angio_series_get_meta (after);
  g_assert_cmpuint (meta->warnings->len, ==, 1);
  g_assert_nonnull (strstr (meta->warnings->pdata[0], "2 of 3 frames have bytes after"));
}

static void
test_jpeg_ls_without_eoi_refused (void)
{
  g_autoptr(GPtrArray) frames = codestreams (ANGIO_SYNTAX_JPEG_LS_LOSSLESS);
  g_autoptr(GByteArray) bytes = header (angio_syntax_info (ANGIO_SYNTAX_JPEG_LS_LOSSLESS)->uid,
                                        FRAMES, 16, 10, FALSE, "MONOCHROME2");
  g_autoptr(GPtrArray) cut = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree char *path = NULL;
  g_autoptr(AngioSeries) series = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < FRAMES; i++)
    g_ptr_array_add (cut, without_eoi (frames->pdata[i], i));
  encapsulated (bytes, cut, NULL, BOT_EMPTY);
  path = angio_test_write ("jls-no-eoi.dcm", bytes->data, bytes->len);
  series = angio_series_load (path, NULL, &error);
  g_assert_null (series);
  g_assert_error (error, ANGIO_DICOM_ERROR, ANGIO_DICOM_ERROR_DECODE);
  g_assert_nonnull (strstr (error->message, "no end marker"));
}

/* Padding after EOI (even), and odd-length fragments. */
static void
test_trailing_padding_and_odd_fragments (void)
{
  for (guint s = 0; s < 2; s++)
    {
      AngioTransferSyntax syntax = s == 0 ? ANGIO_SYNTAX_JPEG_LOSSLESS_SV1
                                          : ANGIO_SYNTAX_JPEG_LS_LOSSLESS;
      g_autofree char *path = NULL;
      g_autoptr(AngioPhantom) phantom = phantom_file (syntax, &path);
      g_autoptr(GPtrArray) frames = codestreams (syntax);
      g_autoptr(AngioSeries) series = rebuilt (syntax, frames, padded, "padded.dcm");

      assert_phantom_frames (series, phantom);
      g_assert_cmpuint (angio_series_get_meta (series)->warnings->len, ==, 0);
    }
}

/* Offset table empty, absent or filled; one fragment per frame or three. */
static void
test_offset_tables_and_fragments (void)
{
  g_autofree char *path = NULL;
  g_autoptr(AngioPhantom) phantom = phantom_file (ANGIO_SYNTAX_JPEG_LOSSLESS_SV1, &path);
  g_autoptr(GPtrArray) frames = codestreams (ANGIO_SYNTAX_JPEG_LOSSLESS_SV1);
  const char *uid = angio_syntax_info (ANGIO_SYNTAX_JPEG_LOSSLESS_SV1)->uid;

  for (guint split = 1; split <= 3; split += 2)
    for (BotKind bot = BOT_EMPTY; bot <= BOT_FILLED; bot++)
      {
        g_autoptr(GPtrArray) fragments =
          g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
        g_autoptr(GByteArray) bytes = header (uid, FRAMES, 16, 10, FALSE, "MONOCHROME2");
        g_autoptr(AngioSeries) series = NULL;
        guint starts[FRAMES];

        for (guint k = 0; k < FRAMES; k++)
          {
            gsize n = g_bytes_get_size (frames->pdata[k]);
            gsize piece = (n / split) & ~(gsize) 1;

            starts[k] = fragments->len;
            for (guint i = 0; i < split; i++)
              g_ptr_array_add (fragments,
                               g_bytes_new_from_bytes (frames->pdata[k], i * piece,
                                                       i + 1 < split ? piece : n - i * piece));
          }
        encapsulated (bytes, fragments, starts, bot);
        series = load_bytes (bytes, "fragments.dcm");
        g_test_message ("%u fragments per frame, offset table %d", split, bot);
        assert_phantom_frames (series, phantom);
      }
}

/* No Number of Frames: GDCM and DCMTK read one frame; the data hold three, all read. */
static void
test_number_of_frames_missing (void)
{
  g_autofree char *path = NULL;
  g_autoptr(AngioPhantom) phantom = phantom_file (ANGIO_SYNTAX_JPEG_LOSSLESS_SV1, &path);
  g_autoptr(GPtrArray) frames = codestreams (ANGIO_SYNTAX_JPEG_LOSSLESS_SV1);
  g_autoptr(GByteArray) compressed =
    header (angio_syntax_info (ANGIO_SYNTAX_JPEG_LOSSLESS_SV1)->uid, 0, 16, 10, FALSE,
            "MONOCHROME2");
  g_autoptr(GByteArray) native =
    header (angio_syntax_info (ANGIO_SYNTAX_EXPLICIT_LE)->uid, 0, 16, 10, FALSE,
            "MONOCHROME2");
  g_autoptr(AngioSeries) a = NULL;
  g_autoptr(AngioSeries) b = NULL;

  encapsulated (compressed, frames, NULL, BOT_EMPTY);
  a = load_bytes (compressed, "no-frames-jpeg.dcm");
  assert_phantom_frames (a, phantom);
  g_assert_cmpuint (angio_series_get_meta (a)->warnings->len, ==, 1);

  angio_test_dicom_element (native, 0x7fe0, 0x0010, "OW", phantom->pixels,
                            FRAMES * SIZE * SIZE * 2);
  b = load_bytes (native, "no-frames-native.dcm");
  assert_phantom_frames (b, phantom);
  g_assert_nonnull (strstr (angio_series_get_meta (b)->warnings->pdata[0], "Number of Frames"));
}

/* Native frames with @extra attributes written before Pixel Data by @add. */
static AngioSeries *
native_series (const AngioPhantom *phantom,
               void              (*add) (GByteArray *bytes),
               guint               padding,
               const char         *name)
{
  g_autoptr(GByteArray) bytes = NULL;
  g_autofree guint8 *pixels = g_malloc0 (FRAMES * SIZE * SIZE * 2 + padding);

  timing_attributes = add;
  bytes = header (angio_syntax_info (ANGIO_SYNTAX_EXPLICIT_LE)->uid, FRAMES, 16, 10, FALSE,
                  "MONOCHROME2");
  timing_attributes = NULL;
  memcpy (pixels, phantom->pixels, FRAMES * SIZE * SIZE * 2);
  angio_test_dicom_element (bytes, 0x7fe0, 0x0010, "OW", pixels,
                            FRAMES * SIZE * SIZE * 2 + padding);
  return load_bytes (bytes, name);
}

static void
frame_time_vector_short (GByteArray *bytes)
{
  angio_test_dicom_text (bytes, 0x0018, 0x1065, "DS", "40\\80");   /* no leading 0 */
  frame_increment_pointer = 0x1065;
}

static void
pointer_to_frame_time (GByteArray *bytes)
{
  angio_test_dicom_text (bytes, 0x0018, 0x1063, "DS", "50");
  angio_test_dicom_text (bytes, 0x0018, 0x1065, "DS", "0\\40\\80");
  frame_increment_pointer = 0x1063;
}

static void
pointer_to_vector (GByteArray *bytes)
{
  angio_test_dicom_text (bytes, 0x0018, 0x1063, "DS", "50");
  angio_test_dicom_text (bytes, 0x0018, 0x1065, "DS", "0\\40\\80");
  frame_increment_pointer = 0x1065;
}

static void
cine_rate_alone (GByteArray *bytes)
{
  angio_test_dicom_text (bytes, 0x0018, 0x0040, "IS", "25");
}

static void
test_frame_timing (void)
{
  g_autofree char *path = NULL;
  g_autoptr(AngioPhantom) phantom = phantom_file (ANGIO_SYNTAX_EXPLICIT_LE, &path);
  g_autoptr(AngioSeries) shortv = native_series (phantom, frame_time_vector_short, 0,
                                                 "ftv-short.dcm");
  g_autoptr(AngioSeries) ft = native_series (phantom, pointer_to_frame_time, 0, "fip-ft.dcm");
  g_autoptr(AngioSeries) ftv = native_series (phantom, pointer_to_vector, 0, "fip-ftv.dcm");
  g_autoptr(AngioSeries) cine = native_series (phantom, cine_rate_alone, 0, "cine-rate.dcm");

  g_assert_cmpint (angio_series_get_frame_time_source (shortv), ==,
                   ANGIO_FRAME_TIME_FRAME_TIME_VECTOR);
  g_assert_cmpfloat (angio_series_get_frame_time_ms (shortv, 2), ==, 120);
  g_assert_cmpint (angio_series_get_frame_time_source (ft), ==, ANGIO_FRAME_TIME_FRAME_TIME);
  g_assert_cmpfloat (angio_series_get_frame_time_ms (ft, 2), ==, 100);
  g_assert_cmpint (angio_series_get_frame_time_source (ftv), ==,
                   ANGIO_FRAME_TIME_FRAME_TIME_VECTOR);
  g_assert_cmpfloat (angio_series_get_frame_time_ms (ftv, 2), ==, 120);
  g_assert_cmpint (angio_series_get_frame_time_source (cine), ==, ANGIO_FRAME_TIME_CINE_RATE);
  g_assert_cmpfloat (angio_series_get_frame_time_ms (cine, 2), ==, 80);
  assert_phantom_frames (cine, phantom);
}

static void
test_pixel_data_longer (void)
{
  g_autofree char *path = NULL;
  g_autoptr(AngioPhantom) phantom = phantom_file (ANGIO_SYNTAX_EXPLICIT_LE, &path);
  g_autoptr(AngioSeries) series = native_series (phantom, NULL, 1000, "longer.dcm");

  assert_phantom_frames (series, phantom);
}

/* Signed pixels whose Smallest/Largest Image Pixel Value are written as US (the VR of
 * unsigned data), and MONOCHROME1 with a Modality LUT: values as the mapping says. */
static void
check_mapped (const char *photometric,
              gboolean    is_signed,
              const char *slope,
              const char *intercept)
{
  const char *uid = angio_syntax_info (ANGIO_SYNTAX_EXPLICIT_LE)->uid;
  g_autoptr(GByteArray) bytes = header (uid, 1, 16, 12, is_signed, photometric);
  g_autofree gint16 *pixels = g_new (gint16, SIZE * SIZE);
  g_autoptr(AngioSeries) series = NULL;
  const AngioDicomMeta *meta;
  const guint16 *frame;
  double offset, scale;

  /* Smallest and Largest Image Pixel Value, US whatever Pixel Representation says. */
  angio_test_dicom_us (bytes, 0x0028, 0x0106, 0);
  angio_test_dicom_us (bytes, 0x0028, 0x0107, 2047);
  if (slope != NULL)
    {
      angio_test_dicom_text (bytes, 0x0028, 0x1052, "DS", intercept);
      angio_test_dicom_text (bytes, 0x0028, 0x1053, "DS", slope);
    }
  for (guint i = 0; i < SIZE * SIZE; i++)
    pixels[i] = (gint16) (is_signed ? (gint) (i % 4096) - 2048 : (gint) (i % 4096));
  angio_test_dicom_element (bytes, 0x7fe0, 0x0010, "OW", pixels, SIZE * SIZE * 2);
  series = load_bytes (bytes, "mapped.dcm");
  meta = angio_series_get_meta (series);
  frame = angio_series_get_frame (series, 0);
  angio_dicom_meta_value_mapping (meta, &offset, &scale);
  for (guint i = 0; i < SIZE * SIZE; i++)
    {
      double m = pixels[i] * meta->rescale_slope + meta->rescale_intercept;

      g_assert_cmpuint (frame[i], ==, (guint) round ((m - offset) / scale));
    }
  /* Higher modality values are brighter, whatever the photometric interpretation. */
  if (strcmp (photometric, "MONOCHROME1") == 0)
    g_assert_cmpuint (frame[0], >, frame[1]);
  else
    g_assert_cmpuint (frame[0], <, frame[1]);
}

static void
test_signed_with_us_values (void)
{
  check_mapped ("MONOCHROME2", TRUE, NULL, NULL);
}

static void
test_monochrome1_modality_lut (void)
{
  check_mapped ("MONOCHROME1", FALSE, "2", "-100");
  check_mapped ("MONOCHROME1", TRUE, "0.5", "1024");
}

/* A codestream whose own size is not the header's is refused before it is decoded. */
static void
test_codestream_size_mismatch (void)
{
  static const AngioTransferSyntax syntaxes[] = {
    ANGIO_SYNTAX_JPEG_LOSSLESS_SV1, ANGIO_SYNTAX_JPEG_LS_LOSSLESS, ANGIO_SYNTAX_J2K_LOSSLESS,
  };

  for (guint s = 0; s < G_N_ELEMENTS (syntaxes); s++)
    {
      g_autoptr(GPtrArray) frames = codestreams (syntaxes[s]);
      g_autoptr(GByteArray) bytes = angio_test_dicom_begin (angio_syntax_info (syntaxes[s])->uid);
      g_autofree char *path = NULL;
      g_autoptr(AngioSeries) series = NULL;
      g_autoptr(GError) error = NULL;

      angio_test_dicom_image_header (bytes, SIZE, SIZE / 2, FRAMES);   /* 32 columns */
      encapsulated (bytes, frames, NULL, BOT_EMPTY);
      path = angio_test_write ("mismatch.dcm", bytes->data, bytes->len);
      series = angio_series_load (path, NULL, &error);
      g_assert_null (series);
      g_assert_error (error, ANGIO_DICOM_ERROR, ANGIO_DICOM_ERROR_MALFORMED);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "codestream is 64 × 64 pixels"));
      g_assert_nonnull (strstr (error->message, "mismatch.dcm"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/angio/dicom/quirks/jpeg-without-eoi", test_jpeg_without_eoi);
  g_test_add_func ("/angio/dicom/quirks/jpeg-ls-without-eoi-refused",
                   test_jpeg_ls_without_eoi_refused);
  g_test_add_func ("/angio/dicom/quirks/trailing-padding-odd-fragments",
                   test_trailing_padding_and_odd_fragments);
  g_test_add_func ("/angio/dicom/quirks/offset-tables-fragments",
                   test_offset_tables_and_fragments);
  g_test_add_func ("/angio/dicom/quirks/number-of-frames-missing",
                   test_number_of_frames_missing);
  g_test_add_func ("/angio/dicom/quirks/frame-timing", test_frame_timing);
  g_test_add_func ("/angio/dicom/quirks/pixel-data-longer", test_pixel_data_longer);
  g_test_add_func ("/angio/dicom/quirks/signed-with-us-values", test_signed_with_us_values);
  g_test_add_func ("/angio/dicom/quirks/monochrome1-modality-lut",
                   test_monochrome1_modality_lut);
  g_test_add_func ("/angio/dicom/quirks/codestream-size-mismatch",
                   test_codestream_size_mismatch);
  return g_test_run ();
}
