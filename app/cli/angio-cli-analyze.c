/* angio-cli-analyze.c — angiomark-cli analyze FILE [--json] [--timings]
 *                       angiomark-cli qca FILE --frame I --from X,Y --to X,Y [--json] …
 *
 * analyze proposes key frames and stenoses as the GUI does when a run opens; qca measures the
 * vessel between two points as the GUI does on two clicks. The JSON they print is a contract
 * (README.md): pixel coordinates with (0, 0) at the centre of the top-left pixel, 0-based
 * frames, mm values null when the file has no calibration.
 */
#define G_LOG_DOMAIN "angio-cli"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "angio-analysis.h"
#include "angio-detector.h"
#include "angio-case-series.h"
#include "angio-cli.h"
#include "angio-enum-types.h"
#include "angio-json.h"
#include "angio-key-frame.h"
#include "angio-lesion.h"
#include "angio-series.h"

/* The user-guided measurement, as recorded with its result. */
#define QCA_ALGORITHM "angio-qca"

static gboolean opt_json;
static gboolean opt_timings;
static int opt_frame = -1;
static char *opt_from;
static char *opt_to;
static char *opt_reference;

static const GOptionEntry analyze_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print one JSON object"), NULL },
  { "timings", 0, 0, G_OPTION_ARG_NONE, &opt_timings, N_("Print how long each step took"),
    NULL },
  { NULL }
};

static const GOptionEntry qca_entries[] = {
  { "frame", 'f', 0, G_OPTION_ARG_INT, &opt_frame, N_("Frame to measure on (0-based)"), N_("I") },
  { "from", 0, 0, G_OPTION_ARG_STRING, &opt_from, N_("Proximal point on the vessel, pixels"),
    N_("X,Y") },
  { "to", 0, 0, G_OPTION_ARG_STRING, &opt_to, N_("Distal point on the vessel, pixels"),
    N_("X,Y") },
  { "reference", 0, 0, G_OPTION_ARG_STRING, &opt_reference,
    N_("Reference diameter: interpolated (default), obstruction, mean-local or distal-only"),
    N_("METHOD") },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print one JSON object"), NULL },
  { "timings", 0, 0, G_OPTION_ARG_NONE, &opt_timings, N_("Print how long each step took"),
    NULL },
  { NULL }
};

static int
bad_input (const char *message)
{
  g_printerr ("angiomark-cli: %s\n", message);
  return ANGIO_EXIT_BAD_INPUT;
}

static AngioSeries *
load (int     argc,
      char  **argv,
      int    *status)
{
  g_autoptr(GError) error = NULL;
  AngioSeries *series;

  if (argc != 2)
    {
      *status = bad_input (_("give exactly one DICOM file"));
      return NULL;
    }
  series = angio_series_load (argv[1], NULL, &error);
  if (series == NULL)
    *status = angio_cli_fail (error);
  return series;
}

static void
copy_member (JsonObject  *from,
             const char  *name,
             JsonNode    *node,
             gpointer     to)
{
  json_object_set_member (to, name, json_node_copy (node));
}

/* The series as case.json holds it (file, size, times, calibration, opacification, key frames,
 * lesions), and what the analysis adds: its warnings, timings and parameters. */
static JsonNode *
analysis_to_json (AngioCaseSeries *case_series,
                  AngioAnalysis   *analysis)
{
  JsonNode *root = angio_case_series_to_json (case_series);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) extra = NULL;
  JsonObject *object = json_node_get_object (root);

  json_builder_begin_object (b);
  angio_json_member_strings (b, "warnings", analysis->warnings);
  json_builder_set_member_name (b, "timings_ms");
  json_builder_begin_object (b);
  angio_json_member_number (b, "decode", analysis->decode_ms, 1);
  angio_json_member_number (b, "keyframes", analysis->keyframes_ms, 1);
  angio_json_member_number (b, "vesselness", analysis->vesselness_ms, 1);
  angio_json_member_number (b, "lesions", analysis->lesions_ms, 1);
  angio_json_member_number (b, "total", analysis->total_ms, 1);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "algorithm");
  json_builder_begin_object (b);
  angio_json_member_string (b, "name", ANGIO_ANALYSIS_ALGORITHM);
  angio_json_member_string (b, "version", PACKAGE_VERSION);
  json_builder_set_member_name (b, "detector");
  json_builder_begin_object (b);
  angio_json_member_string (b, "name", angio_detector_name ());
  angio_json_member_string (b, "version", angio_detector_version ());
  json_builder_end_object (b);
  json_builder_set_member_name (b, "params");
  json_builder_add_value (b, json_gvariant_serialize (angio_analysis_params_to_variant (
                                                        &analysis->params)));
  json_builder_end_object (b);
  json_builder_end_object (b);
  extra = json_builder_get_root (b);
  json_object_foreach_member (json_node_get_object (extra), copy_member, object);
  return root;
}

/* "58.3 % DS, MLD 2.29 mm, RD 5.50 mm, length 6.9 mm" or in pixels when uncalibrated. */
static char *
describe_lesion (AngioLesion *lesion,
                 double       mm)
{
  const AngioQca *q = angio_lesion_get_measurement (lesion)->qca;
  AngioPoint c = angio_lesion_get_center (lesion);

  if (isfinite (mm))
    return g_strdup_printf (_("frame %u at (%.0f, %.0f): %.0f %% diameter stenosis, MLD %.2f mm, "
                              "reference %.2f mm, length %.1f mm"),
                            angio_lesion_get_frame (lesion), c.x, c.y, q->percent_ds,
                            q->mld_px * mm, q->ref_px * mm, q->length_px * mm);
  return g_strdup_printf (_("frame %u at (%.0f, %.0f): %.0f %% diameter stenosis, MLD %.1f px, "
                            "reference %.1f px, length %.1f px (no calibration)"),
                          angio_lesion_get_frame (lesion), c.x, c.y, q->percent_ds, q->mld_px,
                          q->ref_px, q->length_px);
}

static void
print_analysis (AngioCaseSeries *case_series,
                AngioAnalysis   *analysis)
{
  AngioSeries *series = angio_case_series_get_series (case_series);
  GListModel *key_frames = angio_case_series_get_key_frames (case_series);
  GListModel *lesions = angio_case_series_get_lesions (case_series);
  double mm = angio_case_series_get_mm_per_px (case_series);
  g_autoptr(GString) frames = g_string_new (NULL);

  angio_cli_line (_("File"), angio_series_get_path (series));
  for (guint i = 0; i < g_list_model_get_n_items (key_frames); i++)
    {
      g_autoptr(AngioKeyFrame) k = g_list_model_get_item (key_frames, i);

      /* Translators: a key frame and its score, as in "25 (0.93)" */
      g_string_append_printf (frames, _("%s%u (%.2f)"), i ? ", " : "",
                              angio_key_frame_get_frame (k), angio_key_frame_get_score (k));
    }
  angio_cli_line (_("Key frames"), frames->str);
  if (g_list_model_get_n_items (lesions) == 0)
    angio_cli_line (_("Lesions"), _("none"));
  for (guint i = 0; i < g_list_model_get_n_items (lesions); i++)
    {
      g_autoptr(AngioLesion) lesion = g_list_model_get_item (lesions, i);
      g_autofree char *text = describe_lesion (lesion, mm);
      double confidence = angio_lesion_get_measurement (lesion)->confidence;
      /* Translators: "Lesion 1", "Lesion 2"… */
      g_autofree char *label = g_strdup_printf (_("Lesion %u"), i + 1);

      if (confidence > 0)
        {
          /* Translators: a lesion's description (above) and how sure the detector that
           * proposed it was, 0 to 1 */
          char *with = g_strdup_printf (_("%s; detector confidence %.2f"), text, confidence);

          g_free (text);
          text = with;
        }
      angio_cli_line (label, text);
    }
  for (guint i = 0; i < analysis->warnings->len; i++)
    angio_cli_line (_("Warning"), g_ptr_array_index (analysis->warnings, i));
  if (opt_timings)
    angio_cli_linef (_("Timings"), _("decoding %.0f ms; key frames %.0f ms, vesselness %.0f ms, "
                                     "lesions %.0f ms, analysis %.0f ms"),
                     analysis->decode_ms, analysis->keyframes_ms, analysis->vesselness_ms,
                     analysis->lesions_ms, analysis->total_ms);
}

int
angio_cli_analyze (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE"));
  g_autoptr(AngioSeries) series = NULL;
  g_autoptr(AngioAnalysis) analysis = NULL;
  g_autoptr(AngioCaseSeries) case_series = NULL;
  g_autoptr(GError) error = NULL;
  AngioAnalysisParams params;
  int status = ANGIO_EXIT_OK;

  g_option_context_set_summary (context, _("Propose key frames and stenoses, with their QCA."));
  g_option_context_add_main_entries (context, analyze_entries, GETTEXT_PACKAGE);
  if (!angio_cli_parse (context, &argc, &argv, &status))
    return status;
  series = load (argc, argv, &status);
  if (series == NULL)
    return status;

  angio_analysis_params_init (&params);
  analysis = angio_analysis_run (series, &params, NULL, &error);
  if (analysis == NULL)
    return angio_cli_fail (error);
  case_series = angio_case_series_new (series);
  angio_case_series_apply_analysis (case_series, analysis);
  if (opt_json)
    {
      g_autoptr(JsonNode) node = analysis_to_json (case_series, analysis);
      angio_cli_print_json (node);
    }
  else
    print_analysis (case_series, analysis);
  return ANGIO_EXIT_OK;
}

static gboolean
parse_point (const char *text,
             AngioPoint *point)
{
  g_auto(GStrv) parts = NULL;
  char *end;

  if (text == NULL)
    return FALSE;
  parts = g_strsplit (text, ",", -1);
  if (g_strv_length (parts) != 2)
    return FALSE;
  point->x = g_ascii_strtod (g_strstrip (parts[0]), &end);
  if (*end != '\0' || end == parts[0] || !isfinite (point->x))
    return FALSE;
  point->y = g_ascii_strtod (g_strstrip (parts[1]), &end);
  return *end == '\0' && end != parts[1] && isfinite (point->y);
}

static gboolean
check_qca_options (AngioSeries         *series,
                   AngioPoint          *from,
                   AngioPoint          *to,
                   AngioAnalysisParams *params,
                   int                 *status)
{
  g_autofree char *message = NULL;
  guint rows = angio_series_get_rows (series), cols = angio_series_get_cols (series);

  if (opt_frame < 0 || (guint) opt_frame >= angio_series_get_n_frames (series))
    message = g_strdup_printf (_("--frame must be between 0 and %u"),
                               angio_series_get_n_frames (series) - 1);
  else if (!parse_point (opt_from, from) || !parse_point (opt_to, to))
    message = g_strdup (_("--from and --to need two points as X,Y (pixels)"));
  else if (from->x < -0.5 || from->y < -0.5 || to->x < -0.5 || to->y < -0.5
           || from->x > cols - 0.5 || to->x > cols - 0.5 || from->y > rows - 0.5
           || to->y > rows - 0.5)
    message = g_strdup_printf (_("the points must lie inside the image (%u × %u pixels)"),
                               cols, rows);
  else if (opt_reference != NULL
           && !angio_reference_method_parse (opt_reference, &params->reference_method))
    message = g_strdup_printf (_("unknown reference method “%s”"), opt_reference);
  if (message == NULL)
    return TRUE;
  *status = bad_input (message);
  return FALSE;
}

int
angio_cli_qca (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE"));
  g_autoptr(AngioSeries) series = NULL;
  g_autoptr(AngioKeyFrames) key_frames = NULL;
  g_autoptr(AngioFrameContext) frame = NULL;
  g_autoptr(AngioLesion) lesion = NULL;
  g_autoptr(GError) error = NULL;
  AngioAnalysisParams params;
  AngioStenosis *measurement;
  AngioPoint from, to;
  int status = ANGIO_EXIT_OK;
  gint64 start;
  double prepare_ms, measure_ms;

  g_option_context_set_summary (context,
                                _("Measure the vessel between two points of a frame (QCA)."));
  g_option_context_add_main_entries (context, qca_entries, GETTEXT_PACKAGE);
  if (!angio_cli_parse (context, &argc, &argv, &status))
    return status;
  series = load (argc, argv, &status);
  if (series == NULL)
    return status;
  angio_analysis_params_init (&params);
  if (!check_qca_options (series, &from, &to, &params, &status))
    return status;

  /* The frames before the contrast make the background (see angio-subtract.h). */
  start = g_get_monotonic_time ();
  key_frames = angio_analysis_key_frames (series, &params, NULL);
  frame = angio_frame_context_new (series, (guint) opt_frame,
                                   key_frames ? key_frames->n_background : 0, &params);
  prepare_ms = (g_get_monotonic_time () - start) / 1000.0;
  start = g_get_monotonic_time ();
  measurement = angio_frame_context_measure (frame, from, to, &error);
  measure_ms = (g_get_monotonic_time () - start) / 1000.0;
  if (measurement == NULL)
    return bad_input (error->message);
  lesion = angio_lesion_new ((guint) opt_frame, measurement, QCA_ALGORITHM, PACKAGE_VERSION,
                             NULL);
  if (opt_json)
    {
      g_autoptr(JsonNode) node = angio_lesion_to_json (lesion, frame->mm_per_px);

      if (opt_timings)
        {
          JsonObject *object = json_node_get_object (node);
          JsonObject *timings = json_object_new ();

          json_object_set_double_member (timings, "prepare", angio_json_round (prepare_ms, 1));
          json_object_set_double_member (timings, "measure", angio_json_round (measure_ms, 1));
          json_object_set_object_member (object, "timings_ms", timings);
        }
      angio_cli_print_json (node);
    }
  else
    {
      g_autofree char *text = describe_lesion (lesion, frame->mm_per_px);

      angio_cli_line (_("Lesion"), text);
      if (opt_timings)
        angio_cli_linef (_("Timings"), _("decoding %.0f ms; preparing the frame %.1f ms, "
                                         "measuring %.1f ms"),
                         angio_series_get_decode_ms (series), prepare_ms, measure_ms);
    }
  return ANGIO_EXIT_OK;
}
