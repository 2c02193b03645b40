/* test-series.c — what AngioSeries makes of a file's metadata (time, scale, display mapping)
 * and how it loads in the background. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "angio-series.h"
#include "angio-test-util.h"

typedef void (*HeaderFunc) (GByteArray *bytes);

/* A 4 × 2 × @frames native file whose header @extra completes; pixels = @values. */
static AngioSeries *
load_native (const char    *name,
             guint          frames,
             HeaderFunc     extra,
             const guint16 *values,
             guint          bits,
             const char    *photometric)
{
  g_autoptr(GByteArray) bytes = angio_test_dicom_begin ("1.2.840.10008.1.2.1");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *n = g_strdup_printf ("%u", frames);
  gsize count = 8 * frames;
  g_autofree guint16 *pixels = g_new0 (guint16, count);
  AngioSeries *series;

  if (values != NULL)
    memcpy (pixels, values, count * sizeof (guint16));
  angio_test_dicom_text (bytes, 0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.12.1");
  if (extra != NULL)
    extra (bytes);
  angio_test_dicom_us (bytes, 0x0028, 0x0002, 1);
  angio_test_dicom_text (bytes, 0x0028, 0x0004, "CS", photometric ? photometric : "MONOCHROME2");
  angio_test_dicom_text (bytes, 0x0028, 0x0008, "IS", n);
  angio_test_dicom_us (bytes, 0x0028, 0x0010, 2);
  angio_test_dicom_us (bytes, 0x0028, 0x0011, 4);
  angio_test_dicom_us (bytes, 0x0028, 0x0100, 16);
  angio_test_dicom_us (bytes, 0x0028, 0x0101, (guint16) bits);
  angio_test_dicom_us (bytes, 0x0028, 0x0102, (guint16) (bits - 1));
  angio_test_dicom_us (bytes, 0x0028, 0x0103, 0);
  angio_test_dicom_element (bytes, 0x7fe0, 0x0010, "OW", pixels, (guint32) (count * 2));
  path = angio_test_write (name, bytes->data, bytes->len);
  series = angio_series_load (path, NULL, &error);
  g_assert_no_error (error);
  return series;
}

static void
cine_rate_only (GByteArray *b)
{
  angio_test_dicom_text (b, 0x0018, 0x0040, "IS", "25");
}

static void
recommended_only (GByteArray *b)
{
  angio_test_dicom_text (b, 0x0008, 0x2144, "IS", "12");
}

static void
bad_frame_time (GByteArray *b)
{
  angio_test_dicom_text (b, 0x0008, 0x2144, "IS", "10");
  angio_test_dicom_text (b, 0x0018, 0x1063, "DS", "0");
}

static void
vector_without_pointer (GByteArray *b)
{
  angio_test_dicom_text (b, 0x0018, 0x1063, "DS", "40");
  angio_test_dicom_text (b, 0x0018, 0x1065, "DS", "0\\30\\50");
}

static void
vector_with_pointer (GByteArray *b)
{
  guint16 at[2] = { GUINT16_TO_LE (0x0018), GUINT16_TO_LE (0x1065) };

  angio_test_dicom_text (b, 0x0018, 0x1063, "DS", "40");
  angio_test_dicom_text (b, 0x0018, 0x1065, "DS", "0\\30\\50");
  angio_test_dicom_element (b, 0x0028, 0x0009, "AT", at, 4);
}

static void
test_frame_time_sources (void)
{
  g_autoptr(AngioSeries) none = load_native ("time-none.dcm", 3, NULL, NULL, 12, NULL);
  g_autoptr(AngioSeries) cine = load_native ("time-cine.dcm", 3, cine_rate_only, NULL, 12, NULL);
  g_autoptr(AngioSeries) rec = load_native ("time-rec.dcm", 3, recommended_only, NULL, 12, NULL);
  g_autoptr(AngioSeries) bad = load_native ("time-bad.dcm", 3, bad_frame_time, NULL, 12, NULL);
  g_autoptr(AngioSeries) ft = load_native ("time-ft.dcm", 3, vector_without_pointer, NULL, 12,
                                           NULL);
  g_autoptr(AngioSeries) ftv = load_native ("time-ftv.dcm", 3, vector_with_pointer, NULL, 12,
                                            NULL);

  g_assert_cmpint (angio_series_get_frame_time_source (none), ==, ANGIO_FRAME_TIME_ASSUMED);
  g_assert_cmpfloat_with_epsilon (angio_series_get_fps (none), ANGIO_ASSUMED_FPS, 1e-9);
  g_assert_cmpint (angio_series_get_frame_time_source (cine), ==, ANGIO_FRAME_TIME_CINE_RATE);
  g_assert_cmpfloat_with_epsilon (angio_series_get_frame_time_ms (cine, 2), 80, 1e-9);
  g_assert_cmpint (angio_series_get_frame_time_source (rec), ==,
                   ANGIO_FRAME_TIME_RECOMMENDED_DISPLAY_FRAME_RATE);
  g_assert_cmpfloat_with_epsilon (angio_series_get_fps (rec), 12, 1e-9);
  /* An invalid Frame Time falls back to the next source. */
  g_assert_cmpint (angio_series_get_frame_time_source (bad), ==,
                   ANGIO_FRAME_TIME_RECOMMENDED_DISPLAY_FRAME_RATE);
  /* Without the pointer, Frame Time wins; with it, the vector does. */
  g_assert_cmpint (angio_series_get_frame_time_source (ft), ==, ANGIO_FRAME_TIME_FRAME_TIME);
  g_assert_cmpint (angio_series_get_frame_time_source (ftv), ==,
                   ANGIO_FRAME_TIME_FRAME_TIME_VECTOR);
  g_assert_cmpfloat_with_epsilon (angio_series_get_frame_time_ms (ftv, 1), 30, 1e-9);
  g_assert_cmpfloat_with_epsilon (angio_series_get_frame_time_ms (ftv, 2), 80, 1e-9);
  g_assert_cmpfloat_with_epsilon (angio_series_get_fps (ftv), 25, 1e-9);
}

static void
pixel_spacing_only (GByteArray *b)
{
  angio_test_dicom_text (b, 0x0028, 0x0030, "DS", "0.2\\0.2");
}

static void
magnification (GByteArray *b)
{
  angio_test_dicom_text (b, 0x0018, 0x1164, "DS", "0.3\\0.3");
  angio_test_dicom_text (b, 0x0018, 0x1114, "DS", "1.5");
}

static void
detector_only (GByteArray *b)
{
  angio_test_dicom_text (b, 0x0018, 0x1164, "DS", "0.3\\0.3");
}

static void
geometry (GByteArray *b)
{
  angio_test_dicom_text (b, 0x0018, 0x1110, "DS", "1200");
  angio_test_dicom_text (b, 0x0018, 0x1111, "DS", "800");
  angio_test_dicom_text (b, 0x0018, 0x1114, "DS", "1.2");
  angio_test_dicom_text (b, 0x0018, 0x1164, "DS", "0.3\\0.3");
  angio_test_dicom_text (b, 0x0028, 0x0030, "DS", "0.1\\0.1");
}

static void
test_calibration_sources (void)
{
  g_autoptr(AngioSeries) ps = load_native ("cal-ps.dcm", 1, pixel_spacing_only, NULL, 12, NULL);
  g_autoptr(AngioSeries) mag = load_native ("cal-mag.dcm", 1, magnification, NULL, 12, NULL);
  g_autoptr(AngioSeries) det = load_native ("cal-det.dcm", 1, detector_only, NULL, 12, NULL);
  g_autoptr(AngioSeries) iso = load_native ("cal-iso.dcm", 1, geometry, NULL, 12, NULL);

  g_assert_cmpint (angio_series_get_calibration_method (ps), ==, ANGIO_CALIBRATION_PIXEL_SPACING);
  g_assert_cmpfloat_with_epsilon (angio_series_get_mm_per_px (ps), 0.2, 1e-12);
  g_assert_cmpint (angio_series_get_calibration_method (mag), ==, ANGIO_CALIBRATION_MAGNIFICATION);
  g_assert_cmpfloat_with_epsilon (angio_series_get_mm_per_px (mag), 0.2, 1e-12);
  /* The detector's spacing alone is not the vessel's scale: no guess. */
  g_assert_cmpint (angio_series_get_calibration_method (det), ==, ANGIO_CALIBRATION_NONE);
  g_assert_true (isnan (angio_series_get_mm_per_px (det)));
  /* Geometry first: 0.3 × 800 / 1200. */
  g_assert_cmpint (angio_series_get_calibration_method (iso), ==, ANGIO_CALIBRATION_ISOCENTER);
  g_assert_cmpfloat_with_epsilon (angio_series_get_mm_per_px (iso), 0.2, 1e-12);
}

static void
rescale_and_window (GByteArray *b)
{
  angio_test_dicom_text (b, 0x0028, 0x1052, "DS", "-1024");
  angio_test_dicom_text (b, 0x0028, 0x1053, "DS", "1");
  angio_test_dicom_text (b, 0x0028, 0x1050, "DS", "40");
  angio_test_dicom_text (b, 0x0028, 0x1051, "DS", "400");
}

static void
window_only (GByteArray *b)
{
  angio_test_dicom_text (b, 0x0028, 0x1050, "DS", "1000");
  angio_test_dicom_text (b, 0x0028, 0x1051, "DS", "500");
}

static void
test_value_mapping (void)
{
  const guint16 values[8] = { 0, 1, 100, 1000, 2000, 3000, 4000, 4095 };
  g_autoptr(AngioSeries) plain = load_native ("map-plain.dcm", 1, NULL, values, 12, NULL);
  g_autoptr(AngioSeries) mono1 = load_native ("map-mono1.dcm", 1, window_only, values, 12,
                                              "MONOCHROME1");
  g_autoptr(AngioSeries) rescaled = load_native ("map-rescale.dcm", 1, rescale_and_window,
                                                 values, 12, NULL);
  const guint16 *p = angio_series_get_frame (plain, 0);
  const guint16 *m = angio_series_get_frame (mono1, 0);
  const guint16 *r = angio_series_get_frame (rescaled, 0);
  double offset, scale, center, width;

  g_assert_cmpmem (p, sizeof values, values, sizeof values);
  g_assert_cmpuint (angio_series_get_max_value (plain), ==, 4095);

  /* MONOCHROME1: inverted, so higher is brighter; the window follows. */
  for (guint i = 0; i < 8; i++)
    g_assert_cmpuint (m[i], ==, 4095 - values[i]);
  angio_series_get_value_mapping (mono1, &offset, &scale);
  g_assert_cmpfloat (offset + scale * m[3], ==, 1000);
  g_assert_true (angio_series_get_default_window (mono1, &center, &width));
  g_assert_cmpfloat (center, ==, 4095 - 1000);
  g_assert_cmpfloat (width, ==, 500);

  /* Rescale: modality value = stored - 1024, exactly. */
  angio_series_get_value_mapping (rescaled, &offset, &scale);
  for (guint i = 0; i < 8; i++)
    g_assert_cmpfloat (offset + scale * r[i], ==, values[i] - 1024.0);
  g_assert_true (angio_series_get_default_window (rescaled, &center, &width));
  g_assert_cmpfloat (offset + scale * center, ==, 40);
}

/* Enhanced XA keeps timing and scale in functional groups. */
static void
test_enhanced_xa (void)
{
  g_autoptr(GByteArray) b = angio_test_dicom_begin ("1.2.840.10008.1.2.1");
  static const char *const times[] = { "20260101120000.000000", "20260101120000.040000",
                                       "20260101120000.100000" };
  guint16 pixels[3 * 8] = { 0 };
  g_autoptr(AngioSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  angio_test_dicom_text (b, 0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.12.1.1");
  angio_test_dicom_us (b, 0x0028, 0x0002, 1);
  angio_test_dicom_text (b, 0x0028, 0x0004, "CS", "MONOCHROME2");
  angio_test_dicom_text (b, 0x0028, 0x0008, "IS", "3");
  angio_test_dicom_us (b, 0x0028, 0x0010, 2);
  angio_test_dicom_us (b, 0x0028, 0x0011, 4);
  angio_test_dicom_us (b, 0x0028, 0x0100, 16);
  angio_test_dicom_us (b, 0x0028, 0x0101, 12);
  angio_test_dicom_us (b, 0x0028, 0x0102, 11);
  angio_test_dicom_us (b, 0x0028, 0x0103, 0);
  angio_test_dicom_sequence_begin (b, 0x5200, 0x9229);          /* Shared FG */
  angio_test_dicom_item_begin (b);
  angio_test_dicom_sequence_begin (b, 0x0028, 0x9110);          /* Pixel Measures */
  angio_test_dicom_item_begin (b);
  angio_test_dicom_text (b, 0x0028, 0x0030, "DS", "0.25\\0.25");
  angio_test_dicom_item_end (b);
  angio_test_dicom_sequence_end (b);
  angio_test_dicom_item_end (b);
  angio_test_dicom_sequence_end (b);
  angio_test_dicom_sequence_begin (b, 0x5200, 0x9230);          /* Per-frame FG */
  for (guint i = 0; i < 3; i++)
    {
      angio_test_dicom_item_begin (b);
      angio_test_dicom_sequence_begin (b, 0x0020, 0x9111);      /* Frame Content */
      angio_test_dicom_item_begin (b);
      angio_test_dicom_text (b, 0x0018, 0x9074, "DT", times[i]);
      angio_test_dicom_item_end (b);
      angio_test_dicom_sequence_end (b);
      angio_test_dicom_item_end (b);
    }
  angio_test_dicom_sequence_end (b);
  angio_test_dicom_element (b, 0x7fe0, 0x0010, "OW", pixels, sizeof pixels);
  path = angio_test_write ("enhanced-xa.dcm", b->data, b->len);

  series = angio_series_load (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (angio_series_get_frame_time_source (series), ==,
                   ANGIO_FRAME_TIME_ACQUISITION_DATETIME);
  g_assert_cmpfloat_with_epsilon (angio_series_get_frame_time_ms (series, 1), 40, 1e-6);
  g_assert_cmpfloat_with_epsilon (angio_series_get_frame_time_ms (series, 2), 100, 1e-6);
  g_assert_cmpint (angio_series_get_calibration_method (series), ==,
                   ANGIO_CALIBRATION_PIXEL_SPACING);
  g_assert_cmpfloat_with_epsilon (angio_series_get_mm_per_px (series), 0.25, 1e-12);
}

static void
signed_with_rescale (GByteArray *b)
{
  angio_test_dicom_text (b, 0x0028, 0x1052, "DS", "100");
  angio_test_dicom_text (b, 0x0028, 0x1053, "DS", "2");
}

/* Signed 12-bit samples in 16-bit words, sign-extended, rescaled × 2 + 100. */
static void
test_signed_samples (void)
{
  const guint16 raw[8] = { 0x0000, 0x0001, 0x07ff, 0x0800, 0x0fff, 0x0ffe, 0x0100, 0x0f00 };
  const double stored[8] = { 0, 1, 2047, -2048, -1, -2, 256, -256 };
  g_autoptr(GByteArray) bytes = angio_test_dicom_begin ("1.2.840.10008.1.2.1");
  g_autoptr(AngioSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const guint16 *v;
  double offset, scale;

  angio_test_dicom_text (bytes, 0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.7");
  angio_test_dicom_us (bytes, 0x0028, 0x0002, 1);
  angio_test_dicom_text (bytes, 0x0028, 0x0004, "CS", "MONOCHROME2");
  angio_test_dicom_us (bytes, 0x0028, 0x0010, 2);
  angio_test_dicom_us (bytes, 0x0028, 0x0011, 4);
  angio_test_dicom_us (bytes, 0x0028, 0x0100, 16);
  angio_test_dicom_us (bytes, 0x0028, 0x0101, 12);
  angio_test_dicom_us (bytes, 0x0028, 0x0102, 11);
  angio_test_dicom_us (bytes, 0x0028, 0x0103, 1);
  signed_with_rescale (bytes);
  angio_test_dicom_element (bytes, 0x7fe0, 0x0010, "OW", raw, sizeof raw);
  path = angio_test_write ("signed.dcm", bytes->data, bytes->len);
  series = angio_series_load (path, NULL, &error);
  g_assert_no_error (error);

  v = angio_series_get_frame (series, 0);
  angio_series_get_value_mapping (series, &offset, &scale);
  for (guint i = 0; i < 8; i++)
    g_assert_cmpfloat (offset + scale * v[i], ==, stored[i] * 2 + 100);
  /* Higher stored values stay brighter. */
  g_assert_cmpuint (v[2], >, v[1]);
  g_assert_cmpuint (v[3], <, v[0]);
}

typedef struct {
  GMainLoop *loop;
  AngioSeries *series;
  GError *error;
  guint ready_at_open;
  gboolean finished;
  GError *finish_error;
} AsyncState;

static void
on_finished (AngioSeries  *series,
             const GError *error,
             AsyncState   *state)
{
  state->finished = TRUE;
  state->finish_error = error ? g_error_copy (error) : NULL;
  g_main_loop_quit (state->loop);
}

static void
on_opened (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  AsyncState *state = data;

  state->series = angio_series_open_finish (result, &state->error);
  if (state->series == NULL)
    {
      g_main_loop_quit (state->loop);
      return;
    }
  state->ready_at_open = angio_series_get_n_frames_ready (state->series);
  g_assert_nonnull (angio_series_get_frame (state->series, 0));
  /* Connected in the callback, the handler never misses the end of the load. */
  g_signal_connect (state->series, "load-finished", G_CALLBACK (on_finished), state);
  g_main_loop_quit (state->loop);
}

static void
test_async_open (void)
{
  AngioPhantomParams params;
  g_autofree char *path = NULL;
  AsyncState state = { g_main_loop_new (NULL, FALSE) };

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = 256;
  params.frames = 48;
  params.syntax = ANGIO_SYNTAX_J2K_LOSSLESS;
  path = angio_test_phantom_file (&params, "async.dcm", NULL);

  angio_series_open_async (path, NULL, on_opened, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_nonnull (state.series);
  while (!state.finished)
    g_main_loop_run (state.loop);
  g_assert_true (angio_series_is_complete (state.series));
  g_assert_no_error (state.finish_error);
  g_assert_null (angio_series_get_load_error (state.series));
  g_assert_cmpuint (angio_series_get_n_frames_ready (state.series), ==, 48);
  /* The first frame came before the last one. */
  g_test_message ("frames ready when the open completed: %u of 48", state.ready_at_open);
  g_assert_cmpfloat (angio_series_get_first_frame_ms (state.series), <,
                     angio_series_get_decode_ms (state.series));
  for (guint i = 0; i < 48; i++)
    g_assert_nonnull (angio_series_get_frame (state.series, i));

  g_clear_object (&state.series);
  g_main_loop_unref (state.loop);
}

static void
test_async_cancel_and_error (void)
{
  AngioPhantomParams params;
  g_autofree char *path = NULL;
  g_autofree char *bad = angio_test_write ("async-bad.dcm", "not dicom", 9);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncState state = { g_main_loop_new (NULL, FALSE) };

  angio_series_open_async (bad, NULL, on_opened, &state);
  g_main_loop_run (state.loop);
  g_assert_error (state.error, ANGIO_DICOM_ERROR, ANGIO_DICOM_ERROR_NOT_DICOM);
  g_clear_error (&state.error);

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = 384;
  params.frames = 80;
  params.syntax = ANGIO_SYNTAX_J2K_LOSSLESS;
  path = angio_test_phantom_file (&params, "async-cancel.dcm", NULL);
  angio_series_open_async (path, cancellable, on_opened, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_cancellable_cancel (cancellable);
  while (!state.finished)
    g_main_loop_run (state.loop);
  g_assert_true (state.finished);
  g_assert_error (state.finish_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (angio_series_get_n_frames_ready (state.series), <, 80);
  /* What was decoded stays usable. */
  g_assert_nonnull (angio_series_get_frame (state.series, 0));

  g_clear_error (&state.finish_error);
  g_clear_object (&state.series);
  g_main_loop_unref (state.loop);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/angio/core/series/frame-time-sources", test_frame_time_sources);
  g_test_add_func ("/angio/core/series/calibration-sources", test_calibration_sources);
  g_test_add_func ("/angio/core/series/value-mapping", test_value_mapping);
  g_test_add_func ("/angio/core/series/enhanced-xa", test_enhanced_xa);
  g_test_add_func ("/angio/core/series/signed-samples", test_signed_samples);
  g_test_add_func ("/angio/core/series/async-open", test_async_open);
  g_test_add_func ("/angio/core/series/async-cancel-and-error", test_async_cancel_and_error);
  return g_test_run ();
}
