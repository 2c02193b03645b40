/* test-case.c — the case document: the pressure record refuses bad values with a message per
 * field and never keeps them; case.json round trip (annotations, QCA, pressure, FFR estimate);
 * undo-style reload in place; edits of key frames, lesions and calibration; bad JSON refused. */
#include "config.h"

#include <math.h>

#include "angio-case.h"
#include "angio-json.h"
#include "angio-key-frame.h"
#include "angio-series.h"
#include "angio-test-util.h"

static void
test_pressure_validation (void)
{
  g_autoptr(AngioPressure) p = angio_pressure_new ();
  g_autoptr(GError) error = NULL;
  double v = 0;

  g_assert_true (angio_pressure_set_value (p, ANGIO_PRESSURE_PA_HYPER, 92, &error));
  g_assert_no_error (error);
  /* Pd above Pa × 1.05: refused, named, the record unchanged. */
  g_assert_false (angio_pressure_set_value (p, ANGIO_PRESSURE_PD_HYPER, 99, &error));
  g_assert_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Pd under hyperaemia"));
  g_assert_true (isnan (angio_pressure_get_value (p, ANGIO_PRESSURE_PD_HYPER)));
  g_clear_error (&error);
  /* Out of range, not a number, negative. */
  g_assert_false (angio_pressure_set_value (p, ANGIO_PRESSURE_PA_REST, 300, &error));
  g_assert_nonnull (strstr (error->message, "Pa at rest"));
  g_clear_error (&error);
  g_assert_false (angio_pressure_parse (p, ANGIO_PRESSURE_PD_REST, "8O", &v, &error));
  g_assert_nonnull (strstr (error->message, "8O"));
  g_clear_error (&error);
  g_assert_false (angio_pressure_parse (p, ANGIO_PRESSURE_PD_REST, "-4", &v, &error));
  g_clear_error (&error);
  g_assert_false (angio_pressure_set_value (p, ANGIO_PRESSURE_PD_REST, INFINITY, &error));
  g_clear_error (&error);
  /* A decimal comma, blanks; an empty field clears. */
  g_assert_true (angio_pressure_parse (p, ANGIO_PRESSURE_PD_HYPER, " 71,3 ", &v, &error));
  g_assert_cmpfloat (v, ==, 71.3);
  g_assert_true (angio_pressure_set_value (p, ANGIO_PRESSURE_PD_HYPER, v, &error));
  /* Lowering Pa below Pd / 1.05 is refused as well. */
  g_assert_false (angio_pressure_set_value (p, ANGIO_PRESSURE_PA_HYPER, 60, &error));
  g_assert_cmpfloat (angio_pressure_get_value (p, ANGIO_PRESSURE_PA_HYPER), ==, 92);
  g_clear_error (&error);
  g_assert_cmpfloat_with_epsilon (angio_pressure_get_ffr (p), 71.3 / 92, 1e-12);
  g_assert_cmpfloat_with_epsilon (angio_pressure_get_gradient (p), 92 - 71.3, 1e-12);
  g_assert_true (isnan (angio_pressure_get_resting (p)));
  g_assert_true (angio_pressure_parse (p, ANGIO_PRESSURE_PD_HYPER, "", &v, &error));
  g_assert_true (isnan (v));
}

static void
test_pressure_json (void)
{
  g_autoptr(AngioPressure) p = angio_pressure_new ();
  g_autoptr(AngioPressure) q = angio_pressure_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) bad = NULL;
  g_autoptr(GError) error = NULL;

  angio_pressure_set_value (p, ANGIO_PRESSURE_PA_REST, 95, NULL);
  angio_pressure_set_value (p, ANGIO_PRESSURE_PD_REST, 86, NULL);
  angio_pressure_set_value (p, ANGIO_PRESSURE_PA_HYPER, 90, NULL);
  angio_pressure_set_value (p, ANGIO_PRESSURE_PD_HYPER, 68, NULL);
  angio_pressure_set_agent (p, ANGIO_AGENT_PAPAVERINE);
  angio_pressure_set_dose (p, "30 mg");
  node = angio_pressure_to_json (p);
  g_assert_cmpfloat (angio_json_get_number (json_node_get_object (node), "ffr"), ==, 0.756);
  g_assert_true (angio_pressure_load_json (q, json_node_get_object (node), &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (angio_pressure_get_ffr (q), ==, angio_pressure_get_ffr (p));
  g_assert_cmpint (angio_pressure_get_agent (q), ==, ANGIO_AGENT_PAPAVERINE);
  g_assert_cmpstr (angio_pressure_get_dose (q), ==, "30 mg");

  /* A file with a bad value changes nothing. */
  bad = json_from_string ("{\"pa_hyper\":80,\"pd_hyper\":\"70\"}", NULL);
  g_assert_false (angio_pressure_load_json (q, json_node_get_object (bad), &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_clear_pointer (&bad, json_node_unref);
  bad = json_from_string ("{\"pa_hyper\":80,\"pd_hyper\":95}", NULL);
  g_assert_false (angio_pressure_load_json (q, json_node_get_object (bad), &error));
  g_assert_cmpfloat (angio_pressure_get_value (q, ANGIO_PRESSURE_PD_HYPER), ==, 68);
}

/* A case with an analysed phantom run. */
static AngioCase *
analysed_case (void)
{
  AngioPhantomParams params;
  g_autofree char *path = NULL;
  g_autoptr(AngioSeries) series = NULL;
  g_autoptr(AngioAnalysis) analysis = NULL;
  g_autoptr(AngioCaseSeries) run = NULL;
  g_autoptr(GError) error = NULL;
  AngioAnalysisParams analysis_params;
  AngioCase *kase = angio_case_new ("CASE-0042");

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = 256;
  params.frames = 24;
  params.seed = 5;
  path = angio_test_phantom_file (&params, "case.dcm", NULL);
  series = angio_series_load (path, NULL, &error);
  g_assert_no_error (error);
  angio_analysis_params_init (&analysis_params);
  analysis = angio_analysis_run (series, &analysis_params, NULL, &error);
  g_assert_no_error (error);
  run = angio_case_series_new (series);
  angio_case_series_apply_analysis (run, analysis);
  angio_case_add_series (kase, run);
  return kase;
}

static char *
json_text (AngioCase *kase)
{
  g_autoptr(JsonNode) node = angio_case_to_json (kase);

  return angio_json_to_string (node, FALSE);
}

static void
test_round_trip (void)
{
  g_autoptr(AngioCase) kase = analysed_case ();
  g_autoptr(AngioCase) back = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AngioCaseSeries) run = g_list_model_get_item (angio_case_get_series (kase), 0);
  g_autoptr(AngioCaseSeries) run_back = NULL;
  g_autoptr(AngioLesion) lesion = NULL;
  g_autoptr(AngioLesion) lesion_back = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_back = NULL;
  AngioFfrEstimate estimate;
  AngioQcaParams qp;
  AngioKeyFrame *key;

  /* Edits of every kind. */
  g_assert_cmpuint (g_list_model_get_n_items (angio_case_series_get_lesions (run)), >=, 1);
  lesion = g_list_model_get_item (angio_case_series_get_lesions (run), 0);
  g_assert_cmpstr (angio_lesion_get_id (lesion), ==, "L1");
  angio_lesion_set_status (lesion, ANGIO_STATUS_ACCEPTED);
  angio_lesion_set_vessel (lesion, "right renal artery");
  qp = *angio_lesion_get_qca_params (lesion);
  qp.method = ANGIO_REFERENCE_MEAN_LOCAL;
  g_assert_true (angio_lesion_remeasure (lesion, &qp));
  g_assert_true (angio_lesion_get_edited (lesion));
  /* The left border pulled out at the MLD by 1.5 px: the lumen there is that much wider; a
   * point across the centerline is refused and changes nothing. */
  {
    g_autoptr(AngioFrameContext) context = NULL;
    const AngioStenosis *m = angio_lesion_get_measurement (lesion);
    guint k = m->qca->mld_index, n_points;
    double before = m->contour->diameter_px[k];
    AngioEdgeConstraint point = { k, TRUE, m->contour->left_px[k] + 1.5 };
    AngioEdgeConstraint across = { k, FALSE, 1.0 };
    AngioAnalysisParams ap;

    angio_analysis_params_init (&ap);
    context = angio_frame_context_new (angio_case_series_get_series (run),
                                       angio_lesion_get_frame (lesion),
                                       angio_case_series_get_n_background (run), &ap);
    g_assert_true (angio_lesion_set_edge_constraints (lesion, context, &point, 1, &error));
    g_assert_no_error (error);
    m = angio_lesion_get_measurement (lesion);
    g_assert_cmpfloat_with_epsilon (m->contour->diameter_px[k], before + 1.5, 2e-3);
    g_assert_false (angio_lesion_set_edge_constraints (lesion, context, &across, 1, &error));
    g_assert_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_cmpfloat_with_epsilon (angio_lesion_get_measurement (lesion)->contour->
                                    diameter_px[k], before + 1.5, 2e-3);
    g_assert_cmpuint (angio_lesion_get_edge_constraints (lesion, &n_points)->scanline, ==, k);
    g_assert_cmpuint (n_points, ==, 1);
  }
  key = g_list_model_get_item (angio_case_series_get_key_frames (run), 0);
  g_assert_true (angio_case_series_set_key_frame_status (run, angio_key_frame_get_frame (key),
                                                         ANGIO_STATUS_ACCEPTED));
  g_object_unref (key);
  g_assert_true (angio_case_series_set_key_frame_status (run, 2, ANGIO_STATUS_ACCEPTED));
  g_assert_false (angio_case_series_set_key_frame_status (run, 999, ANGIO_STATUS_ACCEPTED));
  /* Another reader's key frame, adopted: a proposal beside the case's, never over them. */
  {
    g_autoptr(AngioKeyFrame) theirs = angio_key_frame_new (2, 0.5, ANGIO_ORIGIN_ALGORITHM);
    g_autoptr(AngioKeyFrame) beyond = angio_key_frame_new (999, 0.5, ANGIO_ORIGIN_ALGORITHM);
    GListModel *keys = angio_case_series_get_key_frames (run);
    guint n_keys = g_list_model_get_n_items (keys), free_frame = 0;

    g_assert_false (angio_case_series_add_key_frame (run, theirs));
    g_assert_false (angio_case_series_add_key_frame (run, beyond));
    g_assert_cmpuint (g_list_model_get_n_items (keys), ==, n_keys);
    g_assert_cmpint (angio_key_frame_get_status (angio_case_series_find_key_frame (run, 2)), ==,
                     ANGIO_STATUS_ACCEPTED);
    while (angio_case_series_find_key_frame (run, free_frame) != NULL)
      free_frame++;
    g_clear_object (&theirs);
    theirs = angio_key_frame_new (free_frame, 0.5, ANGIO_ORIGIN_ALGORITHM);
    g_assert_true (angio_case_series_add_key_frame (run, theirs));
    g_assert_cmpuint (g_list_model_get_n_items (keys), ==, n_keys + 1);
    g_assert_true (angio_case_series_find_key_frame (run, free_frame) == theirs);
    g_assert_cmpint (angio_key_frame_get_status (theirs), ==, ANGIO_STATUS_PROPOSED);
  }
  angio_case_series_set_calibration (run, ANGIO_CALIBRATION_CATHETER, 0.25, 6);
  angio_pressure_set_value (angio_case_get_pressure (kase), ANGIO_PRESSURE_PA_HYPER, 90, NULL);
  angio_pressure_set_value (angio_case_get_pressure (kase), ANGIO_PRESSURE_PD_HYPER, 70, NULL);
  angio_case_set_annotator (kase, "Dr Test");
  angio_case_set_status (kase, ANGIO_CASE_IN_PROGRESS);
  g_assert_true (angio_case_estimate_ffr (kase, &estimate, NULL, NULL));
  g_assert_true (estimate.pa_measured);
  g_assert_cmpfloat (estimate.pa_mmhg, ==, 90);

  /* Out and back: the same document, the same QCA. */
  text = json_text (kase);
  node = angio_case_to_json (kase);
  back = angio_case_new_from_json (node, &error);
  g_assert_no_error (error);
  text_back = json_text (back);
  g_assert_cmpstr (text, ==, text_back);
  run_back = g_list_model_get_item (angio_case_get_series (back), 0);
  g_assert_null (angio_case_series_get_series (run_back));
  g_assert_cmpfloat (angio_case_series_get_mm_per_px (run_back), ==, 0.25);
  g_assert_cmpfloat (angio_case_series_get_catheter_french (run_back), ==, 6);
  lesion_back = g_list_model_get_item (angio_case_series_get_lesions (run_back), 0);
  g_assert_cmpfloat_with_epsilon (angio_lesion_get_measurement (lesion_back)->qca->mld_px,
                                  angio_lesion_get_measurement (lesion)->qca->mld_px, 2e-3);
  g_assert_cmpint (angio_lesion_get_qca_params (lesion_back)->method, ==,
                   ANGIO_REFERENCE_MEAN_LOCAL);
  g_assert_cmpstr (angio_lesion_get_vessel (lesion_back), ==, "right renal artery");
  {
    guint n_points;
    const AngioEdgeConstraint *points = angio_lesion_get_edge_constraints (lesion_back,
                                                                          &n_points);

    g_assert_cmpuint (n_points, ==, 1);
    g_assert_true (points[0].left);
    g_assert_cmpuint (points[0].scanline, ==,
                      angio_lesion_get_edge_constraints (lesion, &n_points)->scanline);
  }
  g_assert_cmpint (angio_case_get_best_key_frame (back), ==, angio_case_get_best_key_frame (kase));
}

static void
test_reload_in_place (void)
{
  g_autoptr(AngioCase) kase = analysed_case ();
  g_autoptr(AngioCaseSeries) run = g_list_model_get_item (angio_case_get_series (kase), 0);
  g_autoptr(JsonNode) before = angio_case_to_json (kase);
  g_autofree char *text_before = json_text (kase);
  g_autofree char *text_after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) bad = NULL;
  guint changed = 0;
  guint n = g_list_model_get_n_items (angio_case_series_get_lesions (run));

  g_signal_connect_swapped (run, "changed", G_CALLBACK (g_atomic_int_inc), &changed);
  /* An edit, then back to the revision before it: the same objects, the old content. */
  {
    g_autoptr(AngioLesion) lesion = g_list_model_get_item (angio_case_series_get_lesions (run), 0);

    angio_case_series_remove_lesion (run, lesion);
  }
  g_assert_cmpuint (g_list_model_get_n_items (angio_case_series_get_lesions (run)), ==, n - 1);
  g_assert_cmpuint (changed, >=, 1);
  g_assert_true (angio_case_load_json (kase, before, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (angio_case_series_get_lesions (run)), ==, n);
  g_assert_nonnull (angio_case_series_get_series (run));
  text_after = json_text (kase);
  g_assert_cmpstr (text_before, ==, text_after);

  /* A document that does not fit changes nothing. */
  bad = json_from_string ("{\"schema\":1,\"case_id\":\"X\",\"series\":[{\"frames\":24,\"rows\":256,"
                          "\"cols\":256,\"calibration\":{\"method\":\"manual\",\"mm_per_px\":-1},"
                          "\"key_frames\":[],\"lesions\":[]}]}", NULL);
  g_assert_false (angio_case_load_json (kase, bad, &error));
  g_assert_nonnull (error);
  g_clear_pointer (&text_after, g_free);
  text_after = json_text (kase);
  g_assert_cmpstr (text_before, ==, text_after);
}

static void
test_bad_json (void)
{
  static const char *const documents[] = {
    "[]",
    "{\"schema\":2,\"case_id\":\"A\",\"series\":[]}",
    "{\"schema\":1,\"series\":[]}",
    "{\"schema\":1,\"case_id\":\"A\",\"series\":[7]}",
    "{\"schema\":1,\"case_id\":\"A\",\"series\":[{\"frames\":-3,\"rows\":2,\"cols\":2}]}",
    "{\"schema\":1,\"case_id\":\"A\",\"series\":[{\"frames\":3,\"rows\":2,\"cols\":2,"
      "\"calibration\":{\"method\":\"none\"},\"key_frames\":[{\"frame\":9,\"origin\":\"annotator\","
      "\"status\":\"accepted\"}]}]}",
    "{\"schema\":1,\"case_id\":\"A\",\"series\":[{\"frames\":3,\"rows\":2,\"cols\":2,"
      "\"calibration\":{\"method\":\"none\"},\"lesions\":[{\"frame\":1,\"vessel_segment\":"
      "{\"step_px\":0.5,\"centerline\":[[1,\"x\"]]},\"reference\":{}}]}]}",
    "{\"schema\":1,\"case_id\":\"A\",\"status\":\"finished\",\"series\":[]}",
    "{\"schema\":1,\"case_id\":\"A\",\"series\":[],\"pressure\":{\"pa_rest\":10}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (documents[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(AngioCase) kase = angio_case_new_from_json (node, &error);

      g_assert_null (kase);
      g_assert_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/angio/core/case/pressure-validation", test_pressure_validation);
  g_test_add_func ("/angio/core/case/pressure-json", test_pressure_json);
  g_test_add_func ("/angio/core/case/round-trip", test_round_trip);
  g_test_add_func ("/angio/core/case/reload-in-place", test_reload_in_place);
  g_test_add_func ("/angio/core/case/bad-json", test_bad_json);
  return g_test_run ();
}
