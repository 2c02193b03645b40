/* test-scores-window.c — the scores of predictions in the application, under Xvfb: three
 * labelled cases, a model that predicted only their FFR (0.70, 0.85, 0.79 against a wire's
 * 0.761) and one that predicted their own key frames and outlines back. win.prediction-scores
 * opens the window on the first source; the summary, the table and the plots show the scores
 * computed by the core for the source chosen, again when the source or the hit window
 * changes; the table exported is the core's CSV byte for byte, the plots PNG and SVG files,
 * never written over without asking; a row opens the case beside its prediction; closing the
 * window while it computes is safe; predictions imported through the window are stored, said
 * in a toast, and listed in the scores window open. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "angio-application.h"
#include "angio-i18n.h"
#include "angio-package.h"
#include "angio-predictions.h"
#include "angio-scores-window-private.h"
#include "angio-test-gui.h"
#include "angio-test-util.h"
#include "angio-window.h"

static AngioApplication *app;
static char *workspace_folder;
static char *coco_set;

/* Three labelled cases with the predictions of "ffr-only" (a CSV of FFR values) and "echo"
 * (the dataset's own COCO outlines and labels.csv); the latter's folder kept for an import
 * through the window under another name. Made once. */
static void
make_workspace (void)
{
  g_autoptr(AngioWorkspace) ws = angio_test_labelled_workspace ("ws-scores", 3);
  g_autofree char *dataset = angio_test_path ("dataset-scores");
  g_autofree char *ffr_set = angio_test_path ("predictions-ffr");
  g_autofree char *ffr_csv = g_build_filename (ffr_set, "ffr.csv", NULL);
  g_autofree char *annotations = g_build_filename (dataset, "coco", "annotations.json", NULL);
  g_autofree char *labels = g_build_filename (dataset, "labels.csv", NULL);
  const char *ids[] = { "CASE-0001", "CASE-0002", "CASE-0003", NULL };
  g_autoptr(AngioPredictionReport) report = NULL;
  g_autoptr(AngioPredictionReport) echo = NULL;
  g_autoptr(GError) error = NULL;

  workspace_folder = g_strdup (angio_workspace_get_folder (ws));
  g_assert_cmpint (g_mkdir_with_parents (ffr_set, 0755), ==, 0);
  g_assert_true (g_file_set_contents (ffr_csv, "case_id,predicted_ffr\nCASE-0001,0.70\n"
                                      "CASE-0002,0.85\nCASE-0003,0.79\n", -1, NULL));
  report = angio_predictions_import (ws, ffr_set, ANGIO_PREDICTION_MODEL, "ffr-only", NULL,
                                     &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->cases->len, ==, 3);

  g_assert_true (angio_package_export (ws, ids, dataset, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  coco_set = angio_test_path ("predictions-coco");
  g_assert_cmpint (g_mkdir_with_parents (coco_set, 0755), ==, 0);
  angio_test_copy_file (annotations, coco_set, "results.json");
  angio_test_copy_file (labels, coco_set, "predictions.csv");
  echo = angio_predictions_import (ws, coco_set, ANGIO_PREDICTION_MODEL, "echo", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (echo->cases->len, ==, 3);
}

static AngioWindow *
open_window (void)
{
  AngioWindow *window = angio_window_new (GTK_APPLICATION (app));
  g_autoptr(GError) error = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (angio_window_open_workspace (window, workspace_folder, &error));
  g_assert_no_error (error);
  return window;
}

static void
close_window (AngioWindow *window)
{
  gpointer gone = window;
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  /* Gone for good (its scores window with it, and the workspace it holds), however long what
   * runs in the background takes to stop: the next test opens the same workspace. */
  g_object_add_weak_pointer (G_OBJECT (window), &gone);
  gtk_window_destroy (GTK_WINDOW (window));
  while (gone != NULL && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_null (gone);
  angio_test_run_for (50);
}

static GtkWindow *
find_toplevel (GType      type,
               GtkWindow *transient_for)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) &&
        (ANGIO_IS_SCORES_WINDOW (l->data)
         ? angio_scores_window_get_main_window (l->data) == transient_for
         : gtk_window_get_transient_for (l->data) == transient_for))
      return l->data;
  return NULL;
}

static gboolean
scores_ready (gpointer scores)
{
  return !angio_scores_window_is_busy (scores);
}

/* The scores window of @window, opened by its action and done computing. */
static GtkWindow *
open_scores (AngioWindow *window)
{
  GtkWindow *scores;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.prediction-scores",
                                             NULL));
  scores = find_toplevel (ANGIO_TYPE_SCORES_WINDOW, GTK_WINDOW (window));
  g_assert_nonnull (scores);
  g_assert_false (gtk_window_get_modal (scores));
  g_assert_true (angio_test_wait_for (scores_ready, scores, 60000));
  return scores;
}

/* Chooses @source and waits for its scores. */
static void
choose_source (GtkWindow  *scores,
               const char *source)
{
  g_assert_true (angio_scores_window_select_source (scores, ANGIO_PREDICTION_MODEL, source));
  g_assert_true (angio_scores_window_is_busy (scores));
  g_assert_true (angio_test_wait_for (scores_ready, scores, 60000));
  g_assert_null (angio_scores_window_get_error (scores));
  g_assert_cmpstr (angio_scores_window_get_scores (scores)->source, ==, source);
}

/* What the core computes for @source, with @tolerance. */
static AngioScores *
expected_scores (AngioWindow *window,
                 const char  *source,
                 guint        tolerance)
{
  g_autoptr(GError) error = NULL;
  AngioScores *scores = angio_scores_compute (angio_window_get_workspace (window),
                                              ANGIO_PREDICTION_MODEL, source, tolerance, NULL,
                                              &error);

  g_assert_no_error (error);
  return scores;
}

/* @value as the window writes it: three decimals, a sign, a real minus. */
static char *
signed_number (double value)
{
  g_autofree char *text = g_strdup_printf ("%+.3f", value);

  if (text[0] == '-')
    return g_strconcat ("−", text + 1, NULL);
  return g_steal_pointer (&text);
}

static void
assert_value (GtkWindow  *scores,
              const char *key,
              const char *expected)
{
  const char *value = angio_scores_window_get_value (scores, key);

  g_test_message ("%s: %s", key, value);
  g_assert_cmpstr (value, ==, expected);
}

/* The plot shows something: many pixels that are not white, and at least @min_coloured of
 * them coloured (the points). */
static void
assert_plot_drawn (GtkWindow          *scores,
                   AngioScorePlotKind  kind,
                   guint               min_coloured)
{
  AngioScorePlot *plot = angio_scores_window_get_plot (scores, kind);
  g_autoptr(AngioTestImage) image = NULL;
  guint dark = 0, coloured = 0;

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (plot)));
  image = angio_test_widget_image (GTK_WIDGET (plot));
  g_assert_cmpint (image->width, >, 200);
  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      {
        guint8 c[3];

        angio_test_image_rgb (image, x, y, c);
        dark += c[0] + c[1] + c[2] < 600;
        coloured += MAX (MAX (c[0], c[1]), c[2]) - MIN (MIN (c[0], c[1]), c[2]) > 80;
      }
  g_test_message ("plot %d: %u dark, %u coloured pixels", kind, dark, coloured);
  g_assert_cmpuint (dark, >, 500);
  g_assert_cmpuint (coloured, >=, min_coloured);
}

static void
test_scores (void)
{
  AngioWindow *window = open_window ();
  g_autoptr(AngioScores) ffr = expected_scores (window, "ffr-only", ANGIO_SCORE_TOLERANCE);
  g_autoptr(AngioScores) echo = expected_scores (window, "echo", ANGIO_SCORE_TOLERANCE);
  g_auto(GStrv) sources = NULL;
  g_autofree char *bias = signed_number (ffr->ffr.bias);
  g_autofree char *dice = g_strdup_printf ("%.3f", echo->mean_dice);
  g_autofree char *cell = NULL;
  const AngioScorePlotData *data;
  GtkColumnView *table;
  GListModel *columns;
  GtkWindow *scores;

  scores = open_scores (window);
  sources = angio_scores_window_list_sources (scores);
  g_assert_true (g_strv_contains ((const char *const *) sources, "Model echo"));
  g_assert_true (g_strv_contains ((const char *const *) sources, "Model ffr-only"));

  /* The first source listed: "echo", its own labels back — perfect. */
  g_assert_cmpstr (angio_scores_window_get_scores (scores)->source, ==, "echo");
  assert_value (scores, "key-frame-cases", "3");
  assert_value (scores, "hit-rate", "100.0 %");
  assert_value (scores, "offset-frames", "0.00 frames");
  assert_value (scores, "dice", dice);
  assert_value (scores, "missed", "0 of 3");

  /* The FFR-only model: its FFR scored, its key frames and outlines missed. */
  choose_source (scores, "ffr-only");
  g_assert_cmpfloat (ffr->classification.sensitivity, ==, 2.0 / 3);
  assert_value (scores, "sensitivity", "0.667");
  assert_value (scores, "specificity", "—");
  assert_value (scores, "auc", "—");
  assert_value (scores, "accuracy", "0.667");
  assert_value (scores, "ffr-bias", bias);
  assert_value (scores, "ffr-cases", "3");
  assert_value (scores, "classified", "TP 2 · FN 1 · FP 0 · TN 0");
  assert_value (scores, "hd95", "∞");
  assert_value (scores, "missed", "3 of 3");
  assert_value (scores, "hit-rate", "0.0 %");
  assert_value (scores, "offset-frames", "—");

  /* The table: a row per case, sorted by a click on a column's title. */
  table = angio_scores_window_get_table (scores);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (table))),
                    ==, 3);
  g_assert_cmpstr (angio_scores_window_get_row_case (scores, 0), ==, "CASE-0001");
  columns = gtk_column_view_get_columns (table);
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, 13);
  {
    g_autoptr(GtkColumnViewColumn) predicted = g_list_model_get_item (columns, 11);

    g_assert_cmpstr (gtk_column_view_column_get_title (predicted), ==, "Predicted FFR");
    gtk_column_view_sort_by_column (table, predicted, GTK_SORT_DESCENDING);
  }
  g_assert_cmpstr (angio_scores_window_get_row_case (scores, 0), ==, "CASE-0002");
  g_assert_cmpstr (angio_scores_window_get_row_case (scores, 2), ==, "CASE-0001");
  cell = angio_scores_window_get_cell (scores, 0, "ffr-pred");
  g_assert_cmpstr (cell, ==, "0.850");
  g_free (cell);
  cell = angio_scores_window_get_cell (scores, 0, "ffr-error");
  g_assert_cmpstr (cell, ==, "+0.089");
  g_free (cell);
  cell = angio_scores_window_get_cell (scores, 2, "ffr-error");
  g_assert_cmpstr (cell, ==, "−0.061");
  g_free (cell);
  cell = angio_scores_window_get_cell (scores, 0, "hd95");
  g_assert_cmpstr (cell, ==, "∞");
  g_clear_pointer (&cell, g_free);

  /* The plots: three cases each, the bias and limits of the core, and drawn. */
  data = angio_score_plot_get_data (angio_scores_window_get_plot (scores,
                                                                  ANGIO_SCORE_PLOT_FFR_SCATTER));
  g_assert_nonnull (data);
  g_assert_cmpuint (data->n, ==, 3);
  g_assert_cmpfloat (data->predicted[1], ==, 0.85);
  g_assert_cmpfloat (data->reference[1], ==, 0.761);
  g_assert_cmpfloat (data->bias, ==, ffr->ffr.bias);
  g_assert_cmpfloat (data->cutoff, ==, ANGIO_FFR_CUTOFF);
  data = angio_score_plot_get_data (angio_scores_window_get_plot (scores,
                                                                  ANGIO_SCORE_PLOT_BLAND_ALTMAN));
  g_assert_cmpuint (data->n, ==, 3);
  g_assert_cmpfloat (data->loa_low, ==, ffr->ffr.loa_low);
  data = angio_score_plot_get_data (angio_scores_window_get_plot (scores,
                                                                  ANGIO_SCORE_PLOT_DICE_BARS));
  g_assert_cmpuint (data->n, ==, 3);
  g_assert_cmpfloat (data->predicted[0], ==, 0);
  g_assert_cmpstr (data->labels[2], ==, "CASE-0003");
  angio_test_run_for (300);
  assert_plot_drawn (scores, ANGIO_SCORE_PLOT_BLAND_ALTMAN, 20);
  assert_plot_drawn (scores, ANGIO_SCORE_PLOT_FFR_SCATTER, 20);
  /* Every Dice 0: no bar standing, the axes and labels drawn. */
  assert_plot_drawn (scores, ANGIO_SCORE_PLOT_DICE_BARS, 0);

  /* The hit window: scored again. */
  angio_scores_window_set_tolerance (scores, 0);
  g_assert_true (angio_scores_window_is_busy (scores));
  g_assert_true (angio_test_wait_for (scores_ready, scores, 60000));
  g_assert_cmpuint (angio_scores_window_get_scores (scores)->tolerance, ==, 0);

  /* The action again shows the same window. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.prediction-scores",
                                             NULL));
  g_assert_true (find_toplevel (ANGIO_TYPE_SCORES_WINDOW, GTK_WINDOW (window)) == scores);
  /* It goes with the main window. */
  g_object_add_weak_pointer (G_OBJECT (scores), (gpointer *) &scores);
  close_window (window);
  g_assert_null (scores);
}

static gboolean
has_prefix (const char *path,
            const char *prefix)
{
  g_autofree char *text = NULL;
  gsize length;

  return g_file_get_contents (path, &text, &length, NULL) && length > strlen (prefix) &&
         memcmp (text, prefix, strlen (prefix)) == 0;
}

static void
assert_plot_files (const char *folder,
                   const char *suffix)
{
  static const char *const names[] = { "bland-altman", "ffr-scatter", "dice" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *png = g_strdup_printf ("%s/%s%s.png", folder, names[i], suffix);
      g_autofree char *svg = g_strdup_printf ("%s/%s%s.svg", folder, names[i], suffix);
      g_autofree char *text = NULL;

      g_assert_true (has_prefix (png, "\x89PNG\r\n"));
      g_assert_true (g_file_get_contents (svg, &text, NULL, NULL));
      g_assert_nonnull (strstr (text, "<svg"));
    }
}

/* Answers the question over @window with @response. */
static void
respond (GtkWindow  *window,
         const char *response)
{
  GtkWindow *question = find_toplevel (ADW_TYPE_MESSAGE_DIALOG, window);

  g_assert_nonnull (question);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), response);
  gtk_window_destroy (question);
}

static void
test_export (void)
{
  AngioWindow *window = open_window ();
  g_autofree char *folder = angio_test_path ("scores-export");
  g_autofree char *csv_path = g_build_filename (folder, "scores.csv", NULL);
  g_autofree char *nowhere = g_build_filename (folder, "missing", "scores.csv", NULL);
  g_autofree char *plots = g_build_filename (folder, "plots", NULL);
  g_autofree char *third = g_build_filename (plots, "dice-3.png", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *written = NULL;
  GtkWindow *scores;

  g_assert_cmpint (g_mkdir_with_parents (plots, 0755), ==, 0);
  scores = open_scores (window);
  choose_source (scores, "ffr-only");

  /* The table: the core's CSV, byte for byte; a toast naming the file. */
  g_assert_true (angio_scores_window_save_table (scores, csv_path));
  expected = angio_scores_to_csv (angio_scores_window_get_scores (scores));
  g_assert_true (g_file_get_contents (csv_path, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, expected);
  g_assert_nonnull (strstr (angio_scores_window_get_message (scores), "scores.csv"));
  g_assert_true (angio_test_find_label (GTK_WIDGET (scores), "Saved the table") != NULL);
  /* Where it cannot be written: a toast naming the file. */
  g_assert_false (angio_scores_window_save_table (scores, nowhere));
  g_assert_nonnull (strstr (angio_scores_window_get_message (scores), "missing"));

  /* The plots: six files, PNG and SVG. */
  angio_scores_window_save_plots (scores, plots);
  assert_plot_files (plots, "");
  g_assert_nonnull (strstr (angio_scores_window_get_message (scores), "Saved the plots"));
  /* Again: asked first; kept, the new ones numbered. */
  angio_scores_window_save_plots (scores, plots);
  respond (scores, "keep");
  assert_plot_files (plots, "-2");
  g_assert_nonnull (strstr (angio_scores_window_get_message (scores), "numbered 2"));
  /* Cancelled: nothing written; replaced: the first names again, no third copy. */
  angio_scores_window_save_plots (scores, plots);
  respond (scores, "cancel");
  angio_scores_window_save_plots (scores, plots);
  respond (scores, "replace");
  assert_plot_files (plots, "");
  g_assert_false (g_file_test (third, G_FILE_TEST_EXISTS));
  close_window (window);
}

static gboolean
window_has_action (AngioWindow *window,
                   const char  *action)
{
  GtkWidgetClass *klass = GTK_WIDGET_GET_CLASS (window);
  const char *name;
  GType owner;
  const GVariantType *parameter;
  const char *property;

  for (guint i = 0; gtk_widget_class_query_action (klass, i, &owner, &name, &parameter,
                                                    &property); i++)
    if (g_str_equal (name, action))
      return TRUE;
  return FALSE;
}

typedef struct {
  AngioWindow *window;
  const char *case_id;
} CaseOpen;

static gboolean
case_open (gpointer data)
{
  CaseOpen *open = data;
  AngioCase *kase = angio_window_get_case (open->window);

  return kase != NULL && g_strcmp0 (angio_case_get_id (kase), open->case_id) == 0;
}

static gboolean
window_active (gpointer window)
{
  return gtk_window_is_active (window);
}

static void
test_compare (void)
{
  AngioWindow *window = open_window ();
  GtkWindow *scores = open_scores (window);
  GtkColumnView *table = angio_scores_window_get_table (scores);
  CaseOpen open = { window, NULL };

  choose_source (scores, "ffr-only");
  /* Not transient for the main window: a window manager keeps a transient window above its
   * parent, which could then never come to the front. */
  g_assert_null (gtk_window_get_transient_for (scores));
  g_assert_true (angio_scores_window_get_main_window (scores) == GTK_WINDOW (window));
  /* The scores window in front, as after a click in it. */
  angio_test_focus_window (scores);
  g_assert_false (gtk_window_is_active (GTK_WINDOW (window)));
  /* A row activated (a double click, or Enter). */
  open.case_id = angio_scores_window_get_row_case (scores, 1);
  g_assert_cmpstr (open.case_id, ==, "CASE-0002");
  g_signal_emit_by_name (table, "activate", 1);
  if (!window_has_action (window, "win.compare-case"))
    {
      g_test_message ("the window has no win.compare-case yet: the case cannot be opened");
      g_assert_nonnull (strstr (angio_scores_window_get_message (scores), "Cannot open"));
      close_window (window);
      return;
    }
  g_assert_true (angio_test_wait_for (case_open, &open, 60000));
  g_assert_null (angio_scores_window_get_message (scores));
  /* The case opened in the main window, which came to the front. */
  g_assert_true (angio_test_wait_for (window_active, window, 5000));
  /* A point of a plot clicked. */
  open.case_id = "CASE-0003";
  g_signal_emit_by_name (angio_scores_window_get_plot (scores, ANGIO_SCORE_PLOT_FFR_SCATTER),
                         "case-activated", "CASE-0003");
  g_assert_true (angio_test_wait_for (case_open, &open, 60000));
  close_window (window);
}

static void
test_close_while_busy (void)
{
  AngioWindow *window = open_window ();
  GtkWindow *scores = open_scores (window);

  g_object_add_weak_pointer (G_OBJECT (scores), (gpointer *) &scores);
  choose_source (scores, "ffr-only");
  angio_scores_window_set_tolerance (scores, 5);
  g_assert_true (angio_scores_window_is_busy (scores));
  gtk_window_destroy (scores);
  /* The computation cancelled lets the window go once it stops. */
  while (scores != NULL)
    g_main_context_iteration (NULL, TRUE);
  close_window (window);
}

typedef struct {
  GtkWidget *widget;
  const char *text;
} Toast;

static gboolean
toast_shown (gpointer data)
{
  Toast *toast = data;

  return angio_test_find_label (toast->widget, toast->text) != NULL;
}

static void
test_import (void)
{
  AngioWindow *window = open_window ();
  g_autofree char *bad = angio_test_path ("bad-set");
  g_autofree char *bad_csv = g_build_filename (bad, "ffr.csv", NULL);
  g_autoptr(GPtrArray) predictions = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) sources = NULL;
  GtkWindow *scores = open_scores (window);
  Toast toast = { GTK_WIDGET (window), NULL };
  guint n = 0;

  /* A second annotator: stored, said in a toast, listed in the scores window open. */
  angio_window_import_predictions (window, coco_set, ANGIO_PREDICTION_ANNOTATOR, "dr-b");
  toast.text = "Imported the predictions of dr-b for 3 cases";
  g_assert_true (angio_test_wait_for (toast_shown, &toast, 60000));
  predictions = angio_workspace_list_predictions (angio_window_get_workspace (window), NULL,
                                                  &error);
  g_assert_no_error (error);
  for (guint i = 0; i < predictions->len; i++)
    {
      AngioPredictionInfo *info = g_ptr_array_index (predictions, i);

      n += info->origin == ANGIO_PREDICTION_ANNOTATOR && g_str_equal (info->source, "dr-b");
    }
  g_assert_cmpuint (n, ==, 3);
  g_assert_true (angio_test_wait_for (scores_ready, scores, 60000));
  sources = angio_scores_window_list_sources (scores);
  g_assert_true (g_strv_contains ((const char *const *) sources,
                                  "Annotator dr-b (inter-observer agreement)"));
  g_assert_true (angio_scores_window_select_source (scores, ANGIO_PREDICTION_ANNOTATOR,
                                                    "dr-b"));
  g_assert_true (angio_test_wait_for (scores_ready, scores, 60000));
  g_assert_cmpint (angio_scores_window_get_scores (scores)->origin, ==,
                   ANGIO_PREDICTION_ANNOTATOR);
  g_assert_nonnull (angio_test_find_label (GTK_WIDGET (scores), "Inter-observer agreement"));

  /* A bad set: refused, a toast naming the file, nothing stored. */
  g_assert_cmpint (g_mkdir_with_parents (bad, 0755), ==, 0);
  g_assert_true (g_file_set_contents (bad_csv, "case_id,predicted_ffr\nCASE-0001,high\n", -1,
                                      NULL));
  angio_window_import_predictions (window, bad, ANGIO_PREDICTION_MODEL, "bad");
  toast.text = "bad-set";
  g_assert_true (angio_test_wait_for (toast_shown, &toast, 60000));
  g_clear_pointer (&predictions, g_ptr_array_unref);
  predictions = angio_workspace_list_predictions (angio_window_get_workspace (window), NULL,
                                                  &error);
  for (guint i = 0; i < predictions->len; i++)
    g_assert_cmpstr (((AngioPredictionInfo *) g_ptr_array_index (predictions, i))->source, !=,
                     "bad");
  close_window (window);
}

/* The dialogs of win.import-predictions: a folder, then whose predictions they are. */
static void
test_import_dialogs (void)
{
  AngioWindow *window = open_window ();
  Toast toast = { GTK_WIDGET (window), "Imported the predictions of echo-2 for 3 cases" };
  g_autoptr(GFile) folder = g_file_new_for_path (coco_set);
  g_autoptr(GError) error = NULL;
  GtkWindow *chooser, *question;
  GtkWidget *name;
  guint skip = 0;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-predictions",
                                             NULL));
  chooser = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, GTK_WINDOW (window));
  g_assert_nonnull (chooser);
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==,
                   GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder,
                                                      &error));
  g_assert_no_error (error);
  angio_test_run_for (100);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  angio_test_run_for (100);

  /* Whose: the folder's name offered; a name needed; a model by default. */
  question = find_toplevel (ADW_TYPE_MESSAGE_DIALOG, GTK_WINDOW (window));
  g_assert_nonnull (question);
  name = angio_test_find_widget (GTK_WIDGET (question), ADW_TYPE_ENTRY_ROW, &skip);
  g_assert_nonnull (name);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "predictions-coco");
  gtk_editable_set_text (GTK_EDITABLE (name), "  ");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (question),
                                                           "import"));
  gtk_editable_set_text (GTK_EDITABLE (name), "echo-2");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (question),
                                                          "import"));
  if (g_getenv ("ANGIO_TEST_SAVE") != NULL)
    {
      g_autoptr(AngioTestImage) image = NULL;

      angio_test_run_for (300);
      image = angio_test_widget_image (gtk_window_get_child (question));
      angio_test_image_save (image, "import-predictions-dialog.png");
    }
  respond (GTK_WINDOW (window), "import");
  g_assert_true (angio_test_wait_for (toast_shown, &toast, 60000));
  close_window (window);
}

/* A workspace without predictions: nothing to score, the action off until some come. */
static void
test_actions (void)
{
  g_autoptr(AngioWorkspace) ws = angio_test_labelled_workspace ("ws-no-predictions", 1);
  g_autofree char *folder = g_strdup (angio_workspace_get_folder (ws));
  AngioWindow *window = angio_window_new (GTK_APPLICATION (app));
  g_autoptr(GError) error = NULL;

  g_clear_object (&ws);
  gtk_window_present (GTK_WINDOW (window));
  /* Disabled actions are found, and do nothing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.prediction-scores", NULL);
  g_assert_null (find_toplevel (ANGIO_TYPE_SCORES_WINDOW, GTK_WINDOW (window)));
  g_assert_true (angio_window_open_workspace (window, folder, &error));
  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.prediction-scores", NULL);
  g_assert_null (find_toplevel (ANGIO_TYPE_SCORES_WINDOW, GTK_WINDOW (window)));
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  angio_i18n_init ();
  angio_test_gui_init (&argc, &argv);
  app = angio_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  make_workspace ();

  g_test_add_func ("/angio/ui/scores-window/actions", test_actions);
  g_test_add_func ("/angio/ui/scores-window/scores", test_scores);
  g_test_add_func ("/angio/ui/scores-window/export", test_export);
  g_test_add_func ("/angio/ui/scores-window/compare", test_compare);
  g_test_add_func ("/angio/ui/scores-window/close-while-busy", test_close_while_busy);
  g_test_add_func ("/angio/ui/scores-window/import", test_import);
  g_test_add_func ("/angio/ui/scores-window/import-dialogs", test_import_dialogs);
  status = g_test_run ();
  g_clear_object (&app);
  g_free (workspace_folder);
  g_free (coco_set);
  return status;
}
