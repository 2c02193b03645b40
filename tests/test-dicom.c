/* test-dicom.c — every transfer syntax round-trips through GDCM; the real third-party
 * angiogram reads the same in all its syntaxes. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "angio-series.h"
#include "angio-test-util.h"

typedef struct {
  double max_error;
  double mean_error;
} Difference;

static Difference
compare_frames (const guint16 *a,
                const guint16 *b,
                gsize          n)
{
  Difference d = { 0, 0 };

  for (gsize i = 0; i < n; i++)
    {
      double e = fabs ((double) a[i] - b[i]);
      d.max_error = MAX (d.max_error, e);
      d.mean_error += e;
    }
  d.mean_error /= n;
  return d;
}

static const char *
identifier (const AngioDicomMeta *meta,
            const char           *keyword)
{
  for (guint i = 0; i < meta->identifiers->len; i++)
    {
      const AngioDicomAttribute *a = g_ptr_array_index (meta->identifiers, i);
      if (strcmp (a->keyword, keyword) == 0)
        return a->value;
    }
  return NULL;
}

/* Error allowed for the lossy syntaxes at their default settings, in stored values (the
 * phantom has 10 bits, 8 for JPEG baseline). */
static void
lossy_bounds (AngioTransferSyntax syntax,
              double             *max_error,
              double             *mean_error)
{
  switch (syntax)
    {
    case ANGIO_SYNTAX_JPEG_LS_NEAR_LOSSLESS:
      *max_error = 2;     /* the near-lossless guarantee */
      *mean_error = 2;
      break;
    case ANGIO_SYNTAX_JPEG_BASELINE:
      *max_error = 40;
      *mean_error = 2;
      break;
    default:
      *max_error = 200;
      *mean_error = 6;
      break;
    }
}

static void
test_syntax_round_trip (gconstpointer data)
{
  const AngioSyntaxInfo *info = data;
  g_autoptr(AngioPhantom) phantom = NULL;
  g_autoptr(AngioSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("syntax-%s.dcm", info->name);
  g_autofree char *path = NULL;
  const AngioDicomMeta *meta;
  AngioPhantomParams params;
  gsize n;
  double center, width;

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.seed = 7;
  params.size = 96;
  params.frames = 5;
  params.contrast_frame = 1;
  params.syntax = info->syntax;
  path = angio_test_phantom_file (&params, name, &phantom);

  series = angio_series_load (path, NULL, &error);
  g_assert_no_error (error);
  meta = angio_series_get_meta (series);
  g_assert_cmpstr (meta->transfer_syntax_uid, ==, info->uid);
  g_assert_cmpuint (angio_series_get_n_frames (series), ==, 5);
  g_assert_cmpuint (angio_series_get_rows (series), ==, 96);
  g_assert_cmpuint (angio_series_get_cols (series), ==, 96);
  g_assert_cmpuint (meta->bits_stored, ==, phantom->bits_stored);
  g_assert_true (angio_series_is_complete (series));

  n = (gsize) 96 * 96;
  for (guint f = 0; f < 5; f++)
    {
      Difference d = compare_frames (angio_series_get_frame (series, f),
                                     phantom->pixels + f * n, n);
      if (!info->lossy)
        g_assert_cmpfloat (d.max_error, ==, 0);
      else
        {
          double max_error, mean_error;

          lossy_bounds (info->syntax, &max_error, &mean_error);
          g_assert_cmpfloat (d.max_error, <=, max_error);
          g_assert_cmpfloat (d.mean_error, <=, mean_error);
        }
    }

  /* Metadata round trip. */
  g_assert_cmpint (angio_series_get_frame_time_source (series), ==, ANGIO_FRAME_TIME_FRAME_TIME);
  g_assert_cmpfloat_with_epsilon (angio_series_get_fps (series), 15.0, 1e-3);
  g_assert_cmpint (angio_series_get_calibration_method (series), ==, ANGIO_CALIBRATION_ISOCENTER);
  g_assert_cmpfloat_with_epsilon (angio_series_get_mm_per_px (series), phantom->mm_per_px, 1e-9);
  g_assert_true (angio_series_get_default_window (series, &center, &width));
  g_assert_cmpfloat (center, ==, phantom->window_center);
  g_assert_cmpfloat (width, ==, phantom->window_width);
  g_assert_cmpstr (identifier (meta, "PatientName"), ==, "PHANTOM^RENAL");
  g_assert_cmpstr (identifier (meta, "PatientID"), ==, "PHANTOM-7");
  g_assert_cmpstr (meta->burned_in_annotation, ==, "NO");
  g_assert_cmpstr (meta->modality, ==, "XA");
  g_assert_cmpfloat (meta->kvp, ==, 75);
  g_assert_cmpfloat (meta->primary_angle_deg, ==, 0);
}

static void
test_frame_time_vector (void)
{
  g_autoptr(AngioPhantom) phantom = NULL;
  g_autoptr(AngioSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  AngioPhantomParams params;

  angio_phantom_params_init (&params, ANGIO_PHANTOM_CORONARY);
  params.size = 64;
  params.frames = 9;
  params.fps = 30;
  params.variable_timing = TRUE;
  params.syntax = ANGIO_SYNTAX_JPEG_LS_LOSSLESS;
  path = angio_test_phantom_file (&params, "ftv.dcm", &phantom);

  series = angio_series_load (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (angio_series_get_frame_time_source (series), ==,
                   ANGIO_FRAME_TIME_FRAME_TIME_VECTOR);
  for (guint i = 0; i < 9; i++)
    g_assert_cmpfloat_with_epsilon (angio_series_get_frame_time_ms (series, i),
                                    phantom->frame_time_ms[i], 1e-3);
  /* Uneven: the intervals alternate. */
  g_assert_cmpfloat (angio_series_get_frame_time_ms (series, 1), <,
                     angio_series_get_frame_time_ms (series, 2)
                     - angio_series_get_frame_time_ms (series, 1));
}

static void
test_real_syntaxes (void)
{
  g_autofree char *dir = angio_test_data_dir ("real");
  static const char *const names[] = { "JPLL", "RLE", "J2KR", "JLSL", "JPLY", "J2KI", "JLSN" };
  g_autoptr(AngioSeries) reference = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *unc = NULL;
  gsize n = 1024 * 1024;

  if (dir == NULL)
    return;
  unc = g_build_filename (dir, "wg04-xa1-UNC.dcm", NULL);
  reference = angio_series_load (unc, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (angio_series_get_rows (reference), ==, 1024);
  g_assert_cmpuint (angio_series_get_cols (reference), ==, 1024);
  g_assert_cmpuint (angio_series_get_n_frames (reference), ==, 1);
  g_assert_cmpuint (angio_series_get_meta (reference)->bits_stored, ==, 10);
  g_assert_cmpstr (angio_series_get_meta (reference)->modality, ==, "XA");
  /* No geometry in these files: no guessed scale. */
  g_assert_cmpint (angio_series_get_calibration_method (reference), ==, ANGIO_CALIBRATION_NONE);
  g_assert_true (isnan (angio_series_get_mm_per_px (reference)));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *file = g_strdup_printf ("wg04-xa1-%s.dcm", names[i]);
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autoptr(AngioSeries) series = angio_series_load (path, NULL, &error);
      const AngioSyntaxInfo *info;
      Difference d;

      g_assert_no_error (error);
      info = angio_syntax_lookup (angio_series_get_meta (series)->transfer_syntax_uid);
      d = compare_frames (angio_series_get_frame (series, 0),
                          angio_series_get_frame (reference, 0), n);
      g_test_message ("%s: %s, max error %g, mean error %g", file, info->name, d.max_error,
                      d.mean_error);
      if (!info->lossy)
        g_assert_cmpfloat (d.max_error, ==, 0);
      else
        g_assert_cmpfloat (d.mean_error, <, 3);   /* of 1023 */
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < ANGIO_N_SYNTAXES; i++)
    {
      const AngioSyntaxInfo *info = angio_syntax_info (i);
      g_autofree char *name = g_strdup_printf ("/angio/dicom/syntax/%s", info->name);
      g_test_add_data_func (name, info, test_syntax_round_trip);
    }
  g_test_add_func ("/angio/dicom/frame-time-vector", test_frame_time_vector);
  g_test_add_func ("/angio/dicom/real/all-syntaxes", test_real_syntaxes);
  return g_test_run ();
}
