/* test-predictions.c — prediction sets and their scores: a case scored against hand-computed
 * numbers (squares shifted by a known amount, key frames a known distance apart, a small FFR
 * table); a model's packages and COCO results + CSV made from the dataset's own labels score
 * as perfect; stored beside the labels, never over them, replaced by a new import of the same
 * model; a second annotator; bad prediction sets refused with the file and the reason and
 * nothing stored; the CLI. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "angio-json.h"
#include "angio-package-private.h"
#include "angio-package.h"
#include "angio-predictions.h"
#include "angio-score.h"
#include "angio-test-util.h"

static AngioLabels *
labels_of (const char *text,
           gboolean    prediction)
{
  g_autoptr(JsonNode) node = angio_test_parse_json (text);
  g_autoptr(GError) error = NULL;
  AngioLabels *labels = angio_labels_new_from_json (node, prediction, &error);

  g_assert_no_error (error);
  return labels;
}

/* A 10 × 10 square of pixels 10…19 (outline through the pixel edges) shifted by @dx. */
static char *
square (double dx)
{
  return g_strdup_printf ("[[%g,9.5],[%g,9.5],[%g,19.5],[%g,19.5]]", 9.5 + dx, 19.5 + dx,
                          19.5 + dx, 9.5 + dx);
}

static void
test_case_by_hand (void)
{
  g_autofree char *ref_square = square (0), *shifted = square (3);
  g_autofree char *reference_text = g_strdup_printf (
    "{\"case_id\":\"C1\",\"series\":[{\"id\":\"s1\",\"frames\":30,\"rows\":40,\"cols\":40,"
    "\"frame_time_ms\":[%s],\"calibration\":{\"mm_per_px\":0.2},"
    "\"key_frames\":[{\"frame\":10,\"status\":\"accepted\"},{\"frame\":14,\"status\":\"accepted\"},"
    "{\"frame\":20,\"status\":\"rejected\"}],"
    "\"lesions\":[{\"id\":\"L1\",\"frame\":10,\"outline\":%s,\"status\":\"accepted\","
    "\"mld_mm\":1.5,\"percent_ds\":60},"
    "{\"id\":\"L2\",\"frame\":11,\"outline\":%s,\"status\":\"proposed\"}]}],"
    "\"pressure\":{\"ffr\":0.76}}",
    "0,50,100,150,200,250,300,350,400,450,500,550,600,650,700,750,800,850,900,950,1000,1050,"
    "1100,1150,1200,1250,1300,1350,1400,1450", ref_square, ref_square);
  g_autofree char *prediction_text = g_strdup_printf (
    "{\"case_id\":\"C1\",\"origin\":\"model\",\"series\":[{\"id\":\"s1\","
    "\"key_frames\":[{\"frame\":3,\"score\":0.2},{\"frame\":17,\"score\":0.9},"
    "{\"frame\":12,\"score\":0.95,\"status\":\"rejected\"}],"
    "\"lesions\":[{\"frame\":10,\"outline\":%s,\"mld_mm\":1.2,\"percent_ds\":66}]}],"
    "\"ffr_estimate\":{\"value\":0.83}}", shifted);
  g_autoptr(AngioLabels) reference = labels_of (reference_text, FALSE);
  g_autoptr(AngioLabels) prediction = labels_of (prediction_text, TRUE);
  AngioCaseScore score;

  /* The clinician's: accepted only; the model's: not rejected, the best first. */
  g_assert_cmpuint (((AngioLabelSeries *) reference->series->pdata[0])->key_frames->len, ==, 2);
  g_assert_cmpuint (((AngioLabelSeries *) reference->series->pdata[0])->lesions->len, ==, 1);
  g_assert_cmpuint (g_array_index (((AngioLabelSeries *) prediction->series->pdata[0])
                                   ->key_frames, AngioLabelKeyFrame, 0).frame, ==, 17);
  g_assert_cmpfloat (reference->ffr, ==, 0.76);
  g_assert_cmpfloat (prediction->ffr, ==, 0.83);

  angio_score_case (reference, prediction, 2, &score);
  /* Frame 17: the nearest accepted is 14, three frames (150 ms) later — outside ±2. */
  g_assert_cmpstr (score.key_run, ==, "s1");
  g_assert_cmpint (score.reference_frame, ==, 14);
  g_assert_cmpint (score.predicted_frame, ==, 17);
  g_assert_cmpfloat (score.offset_frames, ==, 3);
  g_assert_cmpfloat_with_epsilon (score.offset_ms, 150, 1e-9);
  g_assert_false (score.hit);
  /* The square shifted by 3: overlap 70 of 100 + 100 (Dice 0.7, IoU 70/130), HD95 3 px. */
  g_assert_cmpuint (score.n_masks, ==, 1);
  g_assert_cmpfloat_with_epsilon (score.dice, 0.7, 1e-12);
  g_assert_cmpfloat_with_epsilon (score.iou, 7.0 / 13, 1e-12);
  g_assert_cmpfloat_with_epsilon (score.hd95_px, 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (score.hd95_mm, 0.6, 1e-12);
  g_assert_cmpfloat (score.reference_mld_mm, ==, 1.5);
  g_assert_cmpfloat (score.predicted_mld_mm, ==, 1.2);
  g_assert_cmpfloat (score.predicted_percent_ds, ==, 66);
  g_assert_cmpfloat (score.reference_ffr, ==, 0.76);
  g_assert_cmpfloat (score.predicted_ffr, ==, 0.83);
  angio_case_score_clear (&score);

  /* Within ±3 it is a hit. */
  angio_score_case (reference, prediction, 3, &score);
  g_assert_true (score.hit);
  angio_case_score_clear (&score);

  /* An outline on another frame is no outline on the labelled one. */
  {
    g_autofree char *other_text = g_strdup_printf (
      "{\"case_id\":\"C1\",\"series\":[{\"id\":\"s1\",\"lesions\":[{\"frame\":11,"
      "\"outline\":%s}]}]}", ref_square);
    g_autoptr(AngioLabels) other = labels_of (other_text, TRUE);

    angio_score_case (reference, other, 2, &score);
    g_assert_cmpint (score.predicted_frame, ==, -1);
    g_assert_true (isnan (score.offset_frames));
    g_assert_cmpfloat (score.dice, ==, 0);
    g_assert_true (isinf (score.hd95_px));
    g_assert_true (isnan (score.predicted_ffr));
    angio_case_score_clear (&score);
  }
}

static void
test_labels_refused (void)
{
  static const char *const bad[] = {
    "[]",
    "{\"case_id\":\"C1\"}",
    "{\"case_id\":\"C1\",\"series\":[{\"key_frames\":[]}]}",
    "{\"case_id\":\"C1\",\"series\":[{\"id\":\"s1\",\"frames\":5,"
    "\"key_frames\":[{\"frame\":5}]}]}",
    "{\"case_id\":\"C1\",\"series\":[{\"id\":\"s1\",\"lesions\":[{\"frame\":1,"
    "\"outline\":[[0,0],[1,1]]}]}]}",
    "{\"case_id\":\"C1\",\"series\":[{\"id\":\"s1\",\"lesions\":[{\"frame\":1,"
    "\"outline\":[[0,0],[1,1],[1e300,2]]}]}]}",
    "{\"case_id\":\"C1\",\"series\":[{\"id\":\"s1\",\"lesions\":[{\"frame\":1}]}]}",
    "{\"case_id\":\"C1\",\"series\":[{\"id\":\"s1\"},{\"id\":\"s1\"}]}",
    "{\"case_id\":\"C1\",\"series\":[],\"ffr_estimate\":{\"value\":7}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = angio_test_parse_json (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(AngioLabels) labels = angio_labels_new_from_json (node, TRUE, &error);

      g_assert_null (labels);
      g_assert_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT);
    }
}

/* The dataset of @ws's cases, exported into @name. */
static char *
export_dataset (AngioWorkspace *ws,
                const char     *name)
{
  g_autoptr(GPtrArray) list = angio_workspace_list (ws, NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *out = angio_test_path (name);

  for (guint i = 0; i < list->len; i++)
    g_ptr_array_add (ids, ((AngioCaseSummary *) list->pdata[i])->case_id);
  g_ptr_array_add (ids, NULL);
  g_assert_true (angio_package_export (ws, (const char *const *) ids->pdata, out, NULL, NULL,
                                       NULL, NULL, &error));
  g_assert_no_error (error);
  return out;
}

/* A prediction package: @doc as case.json and its manifest, in @folder. */
static void
write_prediction_package (const char *folder,
                          JsonNode   *doc)
{
  g_autofree char *case_path = g_build_filename (folder, ANGIO_PACKAGE_CASE, NULL);
  g_autofree char *manifest_path = g_build_filename (folder, ANGIO_PACKAGE_MANIFEST, NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autoptr(JsonNode) files = NULL;
  g_autoptr(JsonNode) manifest = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  g_assert_true (angio_json_to_file (doc, case_path, &error));
  g_ptr_array_add (paths, (gpointer) ANGIO_PACKAGE_CASE);
  files = angio_package_hash_list (folder, paths, NULL, NULL, &error);
  g_assert_no_error (error);
  manifest = angio_package_index (ANGIO_PACKAGE_FORMAT, NULL, g_steal_pointer (&files));
  g_assert_true (angio_json_to_file (manifest, manifest_path, &error));
}

/* The exported case.json of @pseudonym in @dataset, made a model's prediction. */
static JsonNode *
model_document (const char *dataset,
                const char *pseudonym,
                const char *model,
                double      ffr)
{
  g_autofree char *path = g_build_filename (dataset, pseudonym, ANGIO_PACKAGE_CASE, NULL);
  g_autoptr(GError) error = NULL;
  JsonNode *doc = angio_package_read_json (path, &error);
  JsonObject *root, *m = json_object_new (), *estimate = json_object_new ();

  g_assert_no_error (error);
  root = json_node_get_object (doc);
  json_object_set_string_member (root, "origin", "model");
  json_object_set_string_member (m, "name", model);
  json_object_set_string_member (m, "version", "1.0");
  json_object_set_object_member (root, "model", m);
  json_object_set_double_member (estimate, "value", ffr);
  json_object_set_object_member (root, "ffr_estimate", estimate);
  json_object_remove_member (root, "pressure");
  return doc;
}

static guint
n_revisions (AngioWorkspace *ws,
             const char     *case_id)
{
  g_autoptr(GPtrArray) history = angio_workspace_history (ws, case_id, NULL);

  return history->len;
}

static void
test_packages (void)
{
  g_autoptr(AngioWorkspace) ws = angio_test_labelled_workspace ("ws-packages", 1);
  g_autofree char *dataset = export_dataset (ws, "dataset-packages");
  g_autofree char *set = angio_test_path ("predictions-packages");
  g_autofree char *package = g_build_filename (set, "RAS-0001", NULL);
  g_autoptr(JsonNode) doc = model_document (dataset, "RAS-0001", "unet", 0.83);
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(AngioPredictionReport) report = NULL;
  g_autoptr(AngioScores) scores = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  guint revisions = n_revisions (ws, "CASE-0001");
  AngioCaseScore *c;

  {
    g_autoptr(AngioCase) kase = angio_workspace_load_case (ws, "CASE-0001", &error);

    before = angio_case_to_json (kase);
  }
  write_prediction_package (package, doc);
  report = angio_predictions_import (ws, set, ANGIO_PREDICTION_MODEL, "unet", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->cases->len, ==, 1);
  g_assert_cmpstr (report->cases->pdata[0], ==, "CASE-0001");
  g_assert_cmpuint (report->skipped->len, ==, 0);

  /* Beside the labels, never over them. */
  g_assert_cmpuint (n_revisions (ws, "CASE-0001"), ==, revisions);
  {
    g_autoptr(AngioCase) kase = angio_workspace_load_case (ws, "CASE-0001", &error);

    after = angio_case_to_json (kase);
  }
  g_assert_true (json_node_equal (before, after));
  stored = angio_workspace_list_predictions (ws, "CASE-0001", &error);
  g_assert_cmpuint (stored->len, ==, 1);
  g_assert_cmpstr (((AngioPredictionInfo *) stored->pdata[0])->source, ==, "unet");
  g_assert_cmpstr (((AngioPredictionInfo *) stored->pdata[0])->version, ==, "1.0");

  /* The labels themselves, predicted: perfect but for the FFR. */
  scores = angio_scores_compute (ws, ANGIO_PREDICTION_MODEL, "unet", 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scores->cases->len, ==, 1);
  c = scores->cases->pdata[0];
  g_assert_cmpfloat (c->offset_frames, ==, 0);
  g_assert_true (c->hit);
  g_assert_cmpuint (c->n_masks, ==, 1);
  g_assert_cmpfloat (c->dice, ==, 1);
  g_assert_cmpfloat (c->hd95_px, ==, 0);
  g_assert_cmpfloat_with_epsilon (c->predicted_mld_mm, c->reference_mld_mm, 1e-3);
  g_assert_cmpfloat_with_epsilon (c->reference_ffr, 70.0 / 92, 1e-3);
  g_assert_cmpfloat (c->predicted_ffr, ==, 0.83);
  g_assert_cmpfloat (scores->hit_rate, ==, 1);
  g_assert_cmpfloat (scores->mean_dice, ==, 1);
  g_assert_cmpfloat_with_epsilon (scores->ffr.bias, 0.83 - 70.0 / 92, 1e-3);
  g_assert_cmpuint (scores->classification.fn, ==, 1);

  /* Imported again with another FFR: replaced, not added. */
  g_clear_pointer (&report, angio_prediction_report_free);
  g_clear_pointer (&scores, angio_scores_free);
  g_clear_pointer (&stored, g_ptr_array_unref);
  g_clear_pointer (&doc, json_node_unref);
  angio_package_remove_tree (package);
  doc = model_document (dataset, "RAS-0001", "unet", 0.71);
  write_prediction_package (package, doc);
  report = angio_predictions_import (ws, set, ANGIO_PREDICTION_MODEL, "unet", NULL, &error);
  g_assert_no_error (error);
  stored = angio_workspace_list_predictions (ws, NULL, &error);
  g_assert_cmpuint (stored->len, ==, 1);
  scores = angio_scores_compute (ws, ANGIO_PREDICTION_MODEL, "unet", 2, NULL, &error);
  g_assert_cmpfloat (((AngioCaseScore *) scores->cases->pdata[0])->predicted_ffr, ==, 0.71);
  g_assert_cmpuint (scores->classification.tp, ==, 1);

  /* The exported package itself is a second annotator's labels (inter-observer). */
  g_clear_pointer (&report, angio_prediction_report_free);
  g_clear_pointer (&scores, angio_scores_free);
  report = angio_predictions_import (ws, dataset, ANGIO_PREDICTION_ANNOTATOR, "dr-b", NULL,
                                     &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->cases->len, ==, 1);
  scores = angio_scores_compute (ws, ANGIO_PREDICTION_ANNOTATOR, "dr-b", 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (scores->mean_dice, ==, 1);
  g_assert_cmpfloat (scores->ffr.mae, ==, 0);
  g_clear_pointer (&scores, angio_scores_free);
  scores = angio_scores_compute (ws, ANGIO_PREDICTION_MODEL, "nobody", 2, NULL, &error);
  g_assert_null (scores);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* COCO results and a CSV of three cases: the dataset's own annotations and labels.csv. */
static void
test_coco_csv (void)
{
  g_autoptr(AngioWorkspace) ws = angio_test_labelled_workspace ("ws-coco", 3);
  g_autofree char *dataset = export_dataset (ws, "dataset-coco");
  g_autofree char *set = angio_test_path ("predictions-coco");
  g_autofree char *annotations = g_build_filename (dataset, "coco", "annotations.json", NULL);
  g_autofree char *labels = g_build_filename (dataset, "labels.csv", NULL);
  g_autofree char *ffr_set = angio_test_path ("predictions-ffr");
  g_autofree char *ffr_csv = g_build_filename (ffr_set, "ffr.csv", NULL);
  g_autoptr(AngioPredictionReport) report = NULL;
  g_autoptr(AngioScores) scores = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (set, 0755), ==, 0);
  angio_test_copy_file (annotations, set, "results.json");
  angio_test_copy_file (labels, set, "predictions.csv");
  report = angio_predictions_import (ws, set, ANGIO_PREDICTION_MODEL, "echo", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->cases->len, ==, 3);
  scores = angio_scores_compute (ws, ANGIO_PREDICTION_MODEL, "echo", 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scores->cases->len, ==, 3);
  g_assert_cmpfloat (scores->hit_rate, ==, 1);
  g_assert_cmpfloat (scores->mean_abs_offset_frames, ==, 0);
  /* COCO's corner coordinates, rounded as exported: the same pixels. */
  g_assert_cmpfloat (scores->mean_dice, >, 0.99);
  g_assert_cmpuint (scores->n_missed, ==, 0);
  g_assert_cmpfloat (scores->mld_mm.mae, <, 1e-3);

  /* A CSV alone (ids as the workspace has them, the only run implied): FFR only. */
  g_clear_pointer (&report, angio_prediction_report_free);
  g_clear_pointer (&scores, angio_scores_free);
  g_assert_cmpint (g_mkdir_with_parents (ffr_set, 0755), ==, 0);
  g_assert_true (g_file_set_contents (ffr_csv, "case_id,predicted_ffr\r\nCASE-0001,0.70\r\n"
                                      "CASE-0002,0.85\r\n\"CASE-0003\",0.79\r\nCASE-0099,0.5\r\n",
                                      -1, NULL));
  report = angio_predictions_import (ws, ffr_set, ANGIO_PREDICTION_MODEL, "ffr-only", NULL,
                                     &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->cases->len, ==, 3);
  g_assert_cmpuint (report->skipped->len, ==, 1);
  g_assert_nonnull (strstr (report->skipped->pdata[0], "CASE-0099"));
  scores = angio_scores_compute (ws, ANGIO_PREDICTION_MODEL, "ffr-only", 2, NULL, &error);
  g_assert_no_error (error);
  /* Wire 70/92 = 0.761 (case.json's three decimals) for all three: errors −0.061, +0.089,
   * +0.029. */
  g_assert_cmpuint (scores->ffr.n, ==, 3);
  g_assert_cmpfloat_with_epsilon (scores->ffr.bias, (0.70 + 0.85 + 0.79) / 3 - 0.761, 1e-9);
  g_assert_cmpfloat_with_epsilon (scores->ffr.mae, (0.061 + 0.089 + 0.029) / 3, 1e-9);
  g_assert_cmpuint (scores->classification.tp, ==, 2);
  g_assert_cmpuint (scores->classification.fn, ==, 1);
  g_assert_cmpfloat_with_epsilon (scores->classification.sensitivity, 2.0 / 3, 1e-12);
  g_assert_true (isnan (scores->classification.specificity));
  g_assert_true (isnan (scores->classification.auc));
  /* No key frame predicted: scored as a miss, not left out. */
  g_assert_cmpuint (scores->n_key_frames, ==, 3);
  g_assert_cmpfloat (scores->hit_rate, ==, 0);
  g_assert_cmpuint (scores->n_missed, ==, 3);
  {
    g_autoptr(JsonNode) json = angio_scores_to_json (scores);
    g_autofree char *text = angio_json_to_string (json, FALSE);
    g_autofree char *csv = angio_scores_to_csv (scores);

    g_assert_nonnull (strstr (text, "\"sensitivity\":0.6667"));
    g_assert_nonnull (strstr (text, "\"hd95_px_missed\":true"));
    g_assert_true (g_str_has_prefix (csv, "case_id,key_run,"));
    g_assert_nonnull (strstr (csv, "\nCASE-0002,s1,"));
    g_assert_nonnull (strstr (csv, ",inf,"));
  }
}

/* @text written as @name in a new folder @set; the import's error. */
static GError *
import_error (AngioWorkspace *ws,
              const char     *set,
              const char     *name,
              const char     *text)
{
  g_autofree char *folder = angio_test_path (set);
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autoptr(AngioPredictionReport) report = NULL;
  GError *error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  report = angio_predictions_import (ws, folder, ANGIO_PREDICTION_MODEL, "bad", NULL, &error);
  g_assert_null (report);
  g_assert_nonnull (error);
  return error;
}

static void
test_refused (void)
{
  g_autoptr(AngioWorkspace) ws = angio_test_labelled_workspace ("ws-refused", 1);
  g_autofree char *dataset = export_dataset (ws, "dataset-refused");
  static const struct {
    const char *name;
    const char *text;
    const char *says;
  } cases[] = {
    { "r.json", "[{\"image_id\":7,\"segmentation\":[[1,1,5,1,5,5]]}]", "result 1" },
    { "r.json", "[{\"case_id\":\"CASE-0001\",\"series_id\":\"s1\",\"frame\":2,"
                "\"segmentation\":{\"counts\":\"abc\",\"size\":[256,256]}}]", "run-length" },
    { "r.json", "[{\"case_id\":\"CASE-0001\",\"series_id\":\"s1\",\"frame\":2,"
                "\"segmentation\":[[1,1,5]]}]", "polygon 1" },
    { "r.json", "[{\"case_id\":\"CASE-0001\",\"series_id\":\"s1\",\"frame\":24,"
                "\"segmentation\":[[1,1,5,1,5,5]]}]", "not frame 24" },
    { "r.json", "[{\"case_id\":\"CASE-0001\",\"series_id\":\"s9\",\"frame\":2,"
                "\"segmentation\":[[1,1,5,1,5,5]]}]", "no run “s9”" },
    { "r.json", "{\"not\":\"coco\"}", "COCO" },
    { "r.json", "[1,", "r.json" },
    { "p.csv", "case_id,predicted_ffr\nCASE-0001,high\n", "line 2" },
    { "p.csv", "case_id,predicted_ffr\nCASE-0001,0.7\nCASE-0001,0.8\n", "line 3" },
    { "p.csv", "case_id,key_frames\nCASE-0001,-3\n", "line 2" },
    { "p.csv", "frame,ffr\n1,0.7\n", "case_id" },
    { "p.csv", "case_id,predicted_ffr\nCASE-0001,9\n", "pressure ratio" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *set = g_strdup_printf ("refused-%u", i);
      g_autoptr(GError) error = NULL;

      g_test_message ("refused %u: %s", i, cases[i].text);
      error = import_error (ws, set, cases[i].name, cases[i].text);

      if (cases[i].says != NULL && strstr (error->message, cases[i].says) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, error->message, cases[i].says);
    }

  /* Packages: not a model's, another model's, no such folder. */
  {
    g_autofree char *set = angio_test_path ("refused-packages");
    g_autofree char *package = g_build_filename (set, "RAS-0001", NULL);
    g_autoptr(JsonNode) doc = model_document (dataset, "RAS-0001", "other", 0.8);
    g_autoptr(AngioPredictionReport) report = NULL;
    g_autoptr(GError) error = NULL;

    write_prediction_package (package, doc);
    report = angio_predictions_import (ws, set, ANGIO_PREDICTION_MODEL, "unet", NULL, &error);
    g_assert_null (report);
    g_assert_nonnull (strstr (error->message, "“other”"));
    g_clear_error (&error);
    report = angio_predictions_import (ws, dataset, ANGIO_PREDICTION_MODEL, "unet", NULL,
                                       &error);
    g_assert_null (report);
    g_assert_nonnull (strstr (error->message, "origin"));
    g_clear_error (&error);
    report = angio_predictions_import (ws, "/nonexistent/set", ANGIO_PREDICTION_MODEL, "unet",
                                       NULL, &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  }
  /* Nothing was stored by any of them. */
  {
    g_autoptr(GPtrArray) stored = angio_workspace_list_predictions (ws, NULL, NULL);

    g_assert_cmpuint (stored->len, ==, 0);
  }
}

static void
test_cli (void)
{
  g_autoptr(AngioWorkspace) ws = angio_test_labelled_workspace ("ws-cli", 1);
  g_autofree char *folder = g_strdup (angio_workspace_get_folder (ws));
  g_autofree char *dataset = export_dataset (ws, "dataset-cli");
  g_autofree char *set = angio_test_path ("predictions-cli");
  g_autofree char *package = g_build_filename (set, "RAS-0001", NULL);
  g_autoptr(JsonNode) doc = model_document (dataset, "RAS-0001", "unet", 0.83);
  g_autofree char *out = NULL;

  if (g_getenv ("ANGIOMARK_CLI") == NULL)
    {
      g_test_skip ("ANGIOMARK_CLI not set");
      return;
    }
  write_prediction_package (package, doc);
  g_clear_object (&ws);
  {
    const char *args[] = { "import-predictions", folder, set, "--model", "unet", NULL };

    g_assert_cmpint (angio_test_run_cli (args, &out), ==, 0);
    g_assert_nonnull (strstr (out, "for 1 case"));
    g_clear_pointer (&out, g_free);
  }
  {
    const char *args[] = { "import-predictions", folder, set, NULL };

    g_assert_cmpint (angio_test_run_cli (args, &out), ==, 2);
    g_clear_pointer (&out, g_free);
  }
  {
    const char *args[] = { "import-predictions", folder, dataset, "--model", "unet", NULL };

    g_assert_cmpint (angio_test_run_cli (args, &out), ==, 2);
    g_clear_pointer (&out, g_free);
  }
  {
    const char *args[] = { "score", folder, "--model", "unet", NULL };

    g_assert_cmpint (angio_test_run_cli (args, &out), ==, 0);
    g_assert_nonnull (strstr (out, "Dice 1.000"));
    g_clear_pointer (&out, g_free);
  }
  {
    const char *args[] = { "score", folder, "--model", "unet", "--json", NULL };
    g_autoptr(JsonNode) json = NULL;

    g_assert_cmpint (angio_test_run_cli (args, &out), ==, 0);
    json = angio_test_parse_json (out);
    g_assert_cmpfloat (angio_json_get_number (angio_json_get_object (
                         json_node_get_object (json), "outlines"), "mean_dice"), ==, 1);
    g_clear_pointer (&out, g_free);
  }
  {
    const char *args[] = { "score", folder, "--model", "unet", "--csv", NULL };

    g_assert_cmpint (angio_test_run_cli (args, &out), ==, 0);
    g_assert_nonnull (strstr (out, "\nCASE-0001,s1,"));
    g_clear_pointer (&out, g_free);
  }
  {
    const char *args[] = { "score", folder, "--model", "nobody", NULL };

    g_assert_cmpint (angio_test_run_cli (args, &out), ==, 2);
    g_clear_pointer (&out, g_free);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/predictions/case-by-hand", test_case_by_hand);
  g_test_add_func ("/predictions/labels-refused", test_labels_refused);
  g_test_add_func ("/predictions/packages", test_packages);
  g_test_add_func ("/predictions/coco-csv", test_coco_csv);
  g_test_add_func ("/predictions/refused", test_refused);
  g_test_add_func ("/predictions/cli", test_cli);
  return g_test_run ();
}
