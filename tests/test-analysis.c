/* test-analysis.c — the automatic proposals end to end on a few cases of the phantom benchmark
 * (tests/bench/bench-analysis.c runs all of them), with the benchmark's targets as thresholds;
 * the analysis in the background, cancelled; a series without vessels; the model it fills. */
#include "config.h"

#include <math.h>

#include "angio-analysis.h"
#include "angio-case-series.h"
#include "angio-key-frame.h"
#include "angio-lesion.h"
#include "angio-series.h"
#include "angio-test-accuracy.h"
#include "angio-test-util.h"

static const AngioAccuracyCase *
find_case (const char *name)
{
  for (const AngioAccuracyCase *c = angio_accuracy_cases (); c->name != NULL; c++)
    if (g_str_equal (c->name, name))
      return c;
  g_assert_not_reached ();
}

static void
check_errors (const AngioQcaErrors *e)
{
  g_assert_cmpfloat (fabs (e->mld), <, 0.3);
  g_assert_cmpfloat (fabs (e->ref), <, 0.3);
  g_assert_cmpfloat (fabs (e->ds), <, 8);
  g_assert_cmpfloat (fabs (e->length), <, 3);
  g_assert_cmpfloat (e->dice, >, 0.8);
}

static void
test_accuracy (gconstpointer data)
{
  const AngioAccuracyCase *c = find_case (data);
  g_autoptr(GError) error = NULL;
  AngioAccuracy result;

  g_assert_true (angio_accuracy_run (c, &result, &error));
  g_assert_no_error (error);
  g_test_message ("%s: key frame %u [%u–%u], %u lesions, centre %.2f mm, automatic MLD %+.2f "
                  "ref %+.2f DS %+.1f len %+.1f Dice %.2f, guided MLD %+.2f Dice %.2f",
                  c->name, result.key_frame, result.key_first, result.key_last, result.n_lesions,
                  result.centre_error_mm, result.automatic.mld, result.automatic.ref,
                  result.automatic.ds, result.automatic.length, result.automatic.dice,
                  result.guided.mld, result.guided.dice);
  g_assert_true (result.key_frame_ok);
  g_assert_true (result.centred);
  check_errors (&result.automatic);
  check_errors (&result.guided);
}

static AngioSeries *
load_phantom (const char   *name,
              AngioPhantom **phantom)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  AngioPhantomParams params;
  AngioSeries *series;

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = 256;
  params.frames = 24;
  params.seed = 11;
  path = angio_test_phantom_file (&params, name, phantom);
  series = angio_series_load (path, NULL, &error);
  g_assert_no_error (error);
  return series;
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static AngioAnalysis *
run_async (AngioSeries  *series,
           GCancellable *cancellable,
           GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  AngioAnalysisParams params;

  angio_analysis_params_init (&params);
  angio_analysis_run_async (series, &params, cancellable, on_done, &result);
  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return angio_analysis_run_finish (result, error);
}

/* In the background, into the model: proposals with their algorithm; cancelled: nothing. */
static void
test_async_and_model (void)
{
  g_autoptr(AngioPhantom) phantom = NULL;
  g_autoptr(AngioSeries) series = load_phantom ("async.dcm", &phantom);
  g_autoptr(AngioCaseSeries) case_series = angio_case_series_new (series);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(AngioAnalysis) analysis = NULL;
  g_autoptr(AngioAnalysis) cancelled = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AngioLesion) lesion = NULL;
  g_autoptr(AngioKeyFrame) key = NULL;
  const double *curve;
  guint n;

  cancelled = run_async (series, cancellable, &error);
  g_assert_null (cancelled);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  analysis = run_async (series, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (analysis);
  g_assert_cmpuint (analysis->lesions->len, >=, 1);

  g_assert_null (angio_case_series_get_opacification (case_series, &n));
  angio_case_series_apply_analysis (case_series, analysis);
  curve = angio_case_series_get_opacification (case_series, &n);
  g_assert_nonnull (curve);
  g_assert_cmpuint (n, ==, 24);
  for (guint i = 0; i < n; i++)
    g_assert_true (curve[i] >= 0 && curve[i] <= 1);

  key = g_list_model_get_item (angio_case_series_get_key_frames (case_series), 0);
  g_assert_nonnull (key);
  g_assert_cmpint (angio_key_frame_get_status (key), ==, ANGIO_STATUS_PROPOSED);
  g_assert_cmpint (angio_key_frame_get_origin (key), ==, ANGIO_ORIGIN_ALGORITHM);
  g_assert_cmpuint (angio_key_frame_get_frame (key), >=, phantom->key_first);
  g_assert_cmpuint (angio_key_frame_get_frame (key), <=, phantom->key_last);

  lesion = g_list_model_get_item (angio_case_series_get_lesions (case_series), 0);
  g_assert_nonnull (lesion);
  g_assert_cmpint (angio_lesion_get_status (lesion), ==, ANGIO_STATUS_PROPOSED);
  g_assert_cmpint (angio_lesion_get_origin (lesion), ==, ANGIO_ORIGIN_ALGORITHM);
  g_assert_cmpstr (angio_lesion_get_algorithm (lesion), ==, ANGIO_ANALYSIS_ALGORITHM);
  g_assert_nonnull (angio_lesion_get_algorithm_version (lesion));
  g_assert_nonnull (angio_lesion_get_algorithm_params (lesion));
  g_assert_cmpfloat (angio_point_distance (angio_lesion_get_center (lesion),
                                           phantom->lesion_center_px) * phantom->mm_per_px,
                     <, 3);

  /* Running it again replaces the proposals nobody reviewed, and keeps the decisions. */
  angio_lesion_set_status (lesion, ANGIO_STATUS_ACCEPTED);
  angio_case_series_apply_analysis (case_series, analysis);
  {
    GListModel *lesions = angio_case_series_get_lesions (case_series);
    guint accepted = 0;

    for (guint i = 0; i < g_list_model_get_n_items (lesions); i++)
      {
        g_autoptr(AngioLesion) l = g_list_model_get_item (lesions, i);

        accepted += l == lesion && angio_lesion_get_status (l) == ANGIO_STATUS_ACCEPTED;
      }
    g_assert_cmpuint (accepted, ==, 1);
  }
}

/* A uniform run: a curve, a key frame or none, no lesions, a warning — and no error. */
static void
test_no_vessel (void)
{
  g_autoptr(AngioSeries) series = NULL;
  g_autoptr(AngioAnalysis) analysis = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) bytes = angio_test_dicom_begin ("1.2.840.10008.1.2.1");
  g_autofree guint16 *pixels = g_new (guint16, 48 * 40 * 4);
  g_autofree char *path = NULL;
  AngioAnalysisParams params;

  for (guint i = 0; i < 48 * 40 * 4; i++)
    pixels[i] = i % 7 == 0 ? 0 : 900;
  angio_test_dicom_image_header (bytes, 40, 48, 4);
  angio_test_dicom_element (bytes, 0x7fe0, 0x0010, "OW", pixels, 48 * 40 * 4 * 2);
  path = angio_test_write ("flat.dcm", bytes->data, bytes->len);
  series = angio_series_load (path, NULL, &error);
  g_assert_no_error (error);
  angio_analysis_params_init (&params);
  analysis = angio_analysis_run (series, &params, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (analysis->lesions->len, ==, 0);
  g_assert_cmpuint (analysis->warnings->len, >=, 1);
  g_assert_cmpuint (analysis->key_frames->n_frames, ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  static const char *cases[] = { "renal", "coronary", "renal-eccentric", "renal-circle" };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/angio/core/analysis/accuracy/", cases[i], NULL);

      g_test_add_data_func (path, cases[i], test_accuracy);
    }
  g_test_add_func ("/angio/core/analysis/async-and-model", test_async_and_model);
  g_test_add_func ("/angio/core/analysis/no-vessel", test_no_vessel);
  return g_test_run ();
}
