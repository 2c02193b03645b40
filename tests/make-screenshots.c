/* make-screenshots.c — renders the window on the demo case, on the frame of the proposed
 * lesions (or a frame given), to PNG files for the documentation; then the demo imported into a
 * workspace: its worklist and the case being annotated (annotate-*.png, worklist-*.png beside
 * the first file); then the export window over that workspace with three more cases, one
 * complete, one lacking its wire FFR, one with burned-in annotation (export-dialog-*.png); then
 * a labelled case beside a model's prediction (compare-*.png); then the scores of a model's
 * predictions over a dataset of sixteen cases (scores-window-*.png).
 * Run under Xvfb: `meson compile -C _build screenshots`. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "angio-application.h"
#include "angio-demo.h"
#include "angio-export-dialog.h"
#include "angio-i18n.h"
#include "angio-json.h"
#include "angio-lesion.h"
#include "angio-phantom.h"
#include "angio-predictions.h"
#include "angio-report-dialog.h"
#include "angio-scores-window-private.h"
#include "angio-test-gui.h"
#include "angio-test-util.h"
#include "angio-window.h"

static void
save_png (gpointer    window,
          const char *out)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  int w = 0, h = 0;

  angio_test_run_for (800);
  /* GTK draws nothing of a window waiting for a new layout (a toast coming, a label
   * changing): asked again until it has one. */
  for (guint attempt = 0; node == NULL && attempt < 50; attempt++)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      w = gtk_widget_get_width (GTK_WIDGET (window));
      h = gtk_widget_get_height (GTK_WIDGET (window));
      gdk_paintable_snapshot (paintable, snapshot, w, h);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        angio_test_run_for (100);
    }
  if (node == NULL)
    g_error ("%s: the window did not draw", out);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (!gdk_texture_save_to_png (texture, out))
    g_error ("cannot write %s", out);
  g_print ("%s: %d × %d\n", out, w, h);
}

/* The demo imported into a workspace in @folder: the worklist, then the case annotated. */
static void
shoot_workspace (AngioWindow *window,
                 const char  *demo,
                 const char  *folder,
                 const char  *worklist_png,
                 const char  *annotate_png)
{
  g_autoptr(AngioWorkspace) ws = NULL;
  g_autoptr(AngioImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { demo, NULL };
  AngioAnnotationPanel *panel;
  AngioLesion *lesion;

  ws = angio_workspace_open (folder, TRUE, &error);
  g_assert_no_error (error);
  report = angio_workspace_import (ws, paths, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&ws);
  if (!angio_window_open_workspace (window, folder, &error))
    g_error ("%s", error->message);
  save_png (window, worklist_png);
  if (!angio_window_open_case (window, "CASE-0001", &error))
    g_error ("%s", error->message);
  if (!angio_test_wait_for (angio_test_window_case_shown, window, 60000))
    g_error ("the case did not open");
  panel = angio_window_get_annotation_panel (window);
  angio_annotation_panel_enter_pressure (panel, ANGIO_PRESSURE_PA_HYPER, "92");
  angio_annotation_panel_enter_pressure (panel, ANGIO_PRESSURE_PD_HYPER, "71");
  {
    AngioCase *kase = angio_window_get_case (window);
    g_autoptr(AngioCaseSeries) cs = g_list_model_get_item (angio_case_get_series (kase), 0);
    g_autoptr(AngioLesion) first = g_list_model_get_item (angio_case_series_get_lesions (cs), 0);

    lesion = first;
    if (lesion != NULL)
      {
        const AngioStenosis *m = angio_lesion_get_measurement (lesion);
        guint k = m->qca->mld_index;
        AngioPoint at = m->contour->left[k];
        AngioPoint to = { at.x + 0.8 * m->contour->normal[k].x,
                          at.y + 0.8 * m->contour->normal[k].y };

        angio_annotation_panel_set_lesion (panel, lesion);
        /* A border point corrected, and the pointer over the plot at the MLD. */
        angio_lesion_editor_drag (angio_window_get_lesion_editor (window), at, to);
        angio_lesion_editor_set_hover (angio_window_get_lesion_editor (window), k);
      }
  }
  /* Tall enough for the whole panel, plot, pressure and FFR included. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 1300);
  save_png (window, annotate_png);
}

static gboolean
has_report_dialog (gpointer data)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ANGIO_IS_REPORT_DIALOG (l->data))
      {
        *(GtkWindow **) data = l->data;
        return TRUE;
      }
  return FALSE;
}

/* The case of @window at 1280 × 800 as a reader has it (the pressure wire on screen beside the
 * lesion), then its report: the window over it, and the page itself at 150 dpi. */
static void
shoot_report (AngioWindow *window,
              const char  *small_png,
              const char  *dialog_png,
              const char  *page_png)
{
  GtkWindow *dialog = NULL;
  cairo_surface_t *page;
  cairo_t *cr;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  save_png (window, small_png);
  gtk_widget_activate_action (GTK_WIDGET (window), "case.report", NULL);
  if (!angio_test_wait_for (has_report_dialog, &dialog, 5000))
    g_error ("the report did not open");
  save_png (dialog, dialog_png);
  page = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1240, 1754);
  cr = cairo_create (page);
  angio_report_draw (angio_report_dialog_get_report (dialog), cr, 1240, 1754);
  cairo_destroy (cr);
  if (cairo_surface_write_to_png (page, page_png) != CAIRO_STATUS_SUCCESS)
    g_error ("cannot write %s", page_png);
  g_print ("%s: 1240 × 1754\n", page_png);
  cairo_surface_destroy (page);
  gtk_window_destroy (dialog);
}

/* A phantom run of study @seed in @folder, with Burned In Annotation @burned_in. */
static char *
phantom_run (const char *folder,
             guint       seed,
             const char *burned_in)
{
  g_autofree char *name = g_strdup_printf ("phantom-%u.dcm", seed);
  char *path = g_build_filename (folder, name, NULL);
  g_autoptr(AngioDicomAttribute) burned = NULL;
  const AngioDicomAttribute *extra[2] = { NULL, NULL };
  AngioPhantomParams params;

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = 256;
  params.frames = 24;
  params.seed = seed;
  extra[0] = burned = angio_dicom_attribute_new (0x0028, 0x0301, "CS", "BurnedInAnnotation",
                                                 burned_in);
  angio_test_write_phantom (&params, path, extra);
  return path;
}

static gboolean
export_dialog_idle (gpointer dialog)
{
  return !angio_export_dialog_is_busy (dialog);
}

/* The export window over the worklist of @window's workspace, three more cases in it. */
static void
shoot_export (AngioWindow *window,
              const char  *folder,
              const char  *png)
{
  AngioWorkspace *ws = angio_window_get_workspace (window);
  g_autofree char *runs = g_build_filename (folder, "runs", NULL);
  g_autoptr(AngioImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) selected = NULL;
  const char *paths[4] = { NULL };
  GtkWindow *dialog = NULL;

  g_mkdir_with_parents (runs, 0755);
  paths[0] = phantom_run (runs, 21, "NO");
  paths[1] = phantom_run (runs, 22, "NO");
  paths[2] = phantom_run (runs, 23, "YES");
  report = angio_workspace_import (ws, paths, TRUE, NULL, &error);
  if (report == NULL)
    g_error ("%s", error->message);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    g_free ((char *) paths[i]);
  angio_test_label_case (ws, "CASE-0002", TRUE);
  angio_test_label_case (ws, "CASE-0003", FALSE);
  angio_test_label_case (ws, "CASE-0004", TRUE);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-worklist", NULL);
  selected = g_strsplit ("CASE-0001 CASE-0002 CASE-0004", " ", -1);
  angio_worklist_select (angio_window_get_worklist (window), (const char *const *) selected);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-packages", NULL);
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (ANGIO_IS_EXPORT_DIALOG (l->data))
      dialog = l->data;
  if (dialog == NULL || !angio_test_wait_for (export_dialog_idle, dialog, 60000))
    g_error ("the export window did not open or fill in");
  angio_export_dialog_set_destination (dialog, folder, "angiomark-dataset-20250314-0930");
  save_png (dialog, png);
  gtk_window_destroy (dialog);
}

/* The dataset of the scores window: each case's wire FFR, and what the model made of it —
 * the FFR it predicted, how far its key frame is from the accepted one, how far its outline is
 * shifted (px; negative: no outline). */
static const struct {
  double wire_ffr;
  double predicted_ffr;
  int key_frame_offset;
  double outline_shift_px;
} scores_cases[] = {
  { 0.62, 0.66, 0, 0.5 }, { 0.71, 0.67, 1, 1.0 }, { 0.74, 0.81, -1, 0.0 },
  { 0.77, 0.79, 2, 1.5 }, { 0.79, 0.84, 0, 2.0 }, { 0.80, 0.77, 3, 0.5 },
  { 0.82, 0.77, -1, 1.0 }, { 0.84, 0.85, 0, 3.0 }, { 0.86, 0.84, 1, 0.5 },
  { 0.88, 0.92, -2, -1 }, { 0.91, 0.90, 0, 0.0 }, { 0.68, 0.75, 4, 2.0 },
  { 0.76, 0.81, 1, 1.5 }, { 0.83, 0.77, 0, 0.5 }, { 0.93, 0.95, -1, 1.0 },
  { 0.73, 0.70, 2, 5.0 },
};

/* Case @case_id's wire FFR set to @ffr (Pa 92 mmHg). */
static void
set_wire_ffr (AngioWorkspace *ws,
              const char     *case_id,
              double          ffr)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AngioCase) kase = angio_workspace_load_case (ws, case_id, &error);

  if (kase == NULL ||
      !angio_pressure_set_value (angio_case_get_pressure (kase), ANGIO_PRESSURE_PD_HYPER,
                                 round (ffr * 920) / 10, &error) ||
      angio_workspace_save_case (ws, kase, NULL, "Wire FFR", &error) <= 0)
    g_error ("%s", error->message);
}

/* The model's prediction of case @i (its reference @labels) as a COCO result (added to
 * @results) and a line of the CSV (added to @csv). */
static void
predict_case (guint        i,
              AngioLabels *labels,
              JsonBuilder *results,
              GString     *csv)
{
  AngioLabelSeries *run = g_ptr_array_index (labels->series, 0);
  AngioLabelLesion *lesion = angio_label_series_worst_lesion (run);
  guint frame = g_array_index (run->key_frames, AngioLabelKeyFrame, 0).frame;
  int predicted = CLAMP ((int) frame + scores_cases[i].key_frame_offset, 0,
                         (int) run->frames - 1);
  double shift = scores_cases[i].outline_shift_px;
  char ffr[G_ASCII_DTOSTR_BUF_SIZE], mld[G_ASCII_DTOSTR_BUF_SIZE], ds[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (csv, "%s,%d,%s,%s,%s\n", labels->case_id, predicted,
                          g_ascii_formatd (ffr, sizeof ffr, "%.2f", scores_cases[i].predicted_ffr),
                          g_ascii_formatd (mld, sizeof mld, "%.2f",
                                           lesion->mld_mm * (1 + 0.03 * ((int) i % 5 - 2))),
                          g_ascii_formatd (ds, sizeof ds, "%.1f",
                                           lesion->percent_ds + (int) i % 7 - 3));
  if (shift < 0)
    return;
  json_builder_begin_object (results);
  json_builder_set_member_name (results, "case_id");
  json_builder_add_string_value (results, labels->case_id);
  json_builder_set_member_name (results, "series_id");
  json_builder_add_string_value (results, run->id);
  json_builder_set_member_name (results, "frame");
  json_builder_add_int_value (results, lesion->frame);
  json_builder_set_member_name (results, "score");
  json_builder_add_double_value (results, 0.9);
  json_builder_set_member_name (results, "segmentation");
  json_builder_begin_array (results);
  json_builder_begin_array (results);
  /* COCO's corner coordinates: half a pixel from the centres. */
  for (guint k = 0; k < lesion->outline->len; k++)
    {
      AngioPoint p = g_array_index (lesion->outline, AngioPoint, k);

      json_builder_add_double_value (results, p.x + 0.5 + shift);
      json_builder_add_double_value (results, p.y + 0.5 + shift / 2);
    }
  json_builder_end_array (results);
  json_builder_end_array (results);
  json_builder_end_object (results);
}

static gboolean
scores_idle (gpointer scores)
{
  return !angio_scores_window_is_busy (scores);
}

/* The scores window over a workspace of cases labelled as a clinician would and a model's
 * predictions of them, opened in @window. */
static void
shoot_scores (AngioWindow *window,
              const char  *png)
{
  guint n = G_N_ELEMENTS (scores_cases);
  g_autoptr(AngioWorkspace) ws = angio_test_labelled_workspace ("shots-scores", n);
  g_autofree char *folder = g_strdup (angio_workspace_get_folder (ws));
  g_autofree char *set = angio_test_path ("shots-predictions");
  g_autofree char *results_path = g_build_filename (set, "results.json", NULL);
  g_autofree char *csv_path = g_build_filename (set, "predictions.csv", NULL);
  g_autoptr(JsonBuilder) results = json_builder_new ();
  g_autoptr(GString) csv = g_string_new ("case_id,key_frames,predicted_ffr,mld_mm,percent_ds\n");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(AngioPredictionReport) report = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *scores = NULL;

  json_builder_begin_array (results);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("CASE-%04u", i + 1);
      g_autoptr(AngioLabels) labels = NULL;

      set_wire_ffr (ws, id, scores_cases[i].wire_ffr);
      labels = angio_score_load_reference (ws, id, &error);
      if (labels == NULL)
        g_error ("%s", error->message);
      predict_case (i, labels, results, csv);
    }
  json_builder_end_array (results);
  root = json_builder_get_root (results);
  g_mkdir_with_parents (set, 0755);
  if (!angio_json_to_file (root, results_path, &error) ||
      !g_file_set_contents (csv_path, csv->str, csv->len, &error))
    g_error ("%s", error->message);
  report = angio_predictions_import (ws, set, ANGIO_PREDICTION_MODEL, "unet-ras", NULL, &error);
  if (report == NULL)
    g_error ("%s", error->message);
  g_clear_object (&ws);
  if (!angio_window_open_workspace (window, folder, &error))
    g_error ("%s", error->message);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.prediction-scores", NULL);
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (ANGIO_IS_SCORES_WINDOW (l->data))
      scores = l->data;
  if (scores == NULL || !angio_test_wait_for (scores_idle, scores, 60000))
    g_error ("the scores window did not open or fill in");
  gtk_window_set_default_size (scores, 1440, 1380);
  save_png (scores, png);
  gtk_window_destroy (scores);
}

/* A model's prediction of @case_id: its accepted outline a little off, its key frame two
 * frames later, its FFR above the threshold. */
static void
predict (AngioWorkspace *ws,
         const char     *case_id)
{
  AngioPredictionInfo info = { (char *) case_id, ANGIO_PREDICTION_MODEL, "unet", "1.0", NULL,
                               NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(AngioCase) kase = angio_workspace_load_case (ws, case_id, &error);
  g_autoptr(JsonNode) doc = NULL;
  JsonObject *root, *run, *estimate, *model;
  JsonArray *keys, *lesions, *kept = json_array_new ();

  if (kase == NULL)
    g_error ("%s", error->message);
  doc = angio_case_to_json (kase);
  root = json_node_get_object (doc);
  run = json_array_get_object_element (json_object_get_array_member (root, "series"), 0);
  keys = json_object_get_array_member (run, "key_frames");
  for (guint i = 0; i < json_array_get_length (keys); i++)
    {
      JsonObject *k = json_array_get_object_element (keys, i);

      if (g_strcmp0 (json_object_get_string_member (k, "status"), "accepted") == 0)
        {
          json_object_set_int_member (k, "frame", json_object_get_int_member (k, "frame") + 2);
          json_array_add_object_element (kept, json_object_ref (k));
        }
    }
  json_object_set_array_member (run, "key_frames", kept);
  lesions = json_object_get_array_member (run, "lesions");
  kept = json_array_new ();
  for (guint i = 0; i < json_array_get_length (lesions); i++)
    {
      JsonObject *l = json_array_get_object_element (lesions, i);
      JsonObject *segment = json_object_get_object_member (l, "vessel_segment");

      if (g_strcmp0 (json_object_get_string_member (l, "status"), "accepted") != 0)
        continue;
      angio_test_shift_points (segment, "centerline", 2.0, -1.5);
      angio_test_shift_points (segment, "left_edge", 2.0, -1.5);
      angio_test_shift_points (segment, "right_edge", 2.0, -1.5);
      json_object_set_double_member (l, "mld_mm", json_object_get_double_member (l, "mld_mm")
                                                  * 1.15);
      json_object_set_double_member (l, "percent_ds",
                                     json_object_get_double_member (l, "percent_ds") - 6);
      json_array_add_object_element (kept, json_object_ref (l));
    }
  json_object_set_array_member (run, "lesions", kept);
  json_object_set_string_member (root, "origin", "model");
  model = json_object_new ();
  json_object_set_string_member (model, "name", "unet");
  json_object_set_string_member (model, "version", "1.0");
  json_object_set_object_member (root, "model", model);
  estimate = json_object_new ();
  json_object_set_double_member (estimate, "value", 0.83);
  json_object_set_object_member (root, "ffr_estimate", estimate);
  json_object_remove_member (root, "pressure");
  if (!angio_workspace_put_prediction (ws, &info, doc, &error))
    g_error ("%s", error->message);
}

/* The demo case of @window labelled there as a clinician would (its key frame and the lesion
 * corrected accepted), then beside a model's prediction as a click in the dataset's scores
 * opens it; zoomed on the lesion. */
static void
shoot_compare (AngioWindow *window,
               const char  *png)
{
  AngioCineView *view = angio_window_get_cine_view (window);
  AngioSession *session = angio_window_get_session (window);
  AngioCase *kase = angio_window_get_case (window);
  AngioLesion *lesion = angio_annotation_panel_get_lesion (
                          angio_window_get_annotation_panel (window));
  AngioPoint centre;
  double x, y;

  if (kase == NULL || lesion == NULL)
    g_error ("no case or no lesion to compare");
  angio_session_set_frame (session, angio_case_get_best_key_frame (kase));
  gtk_widget_activate_action (GTK_WIDGET (window), "case.mark-key-frame", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "case.accept-lesion", NULL);
  predict (angio_window_get_workspace (window), angio_case_get_id (kase));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 1020);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.compare-case", "(sss)",
                              angio_case_get_id (kase), "model", "unet");
  angio_session_set_frame (session, angio_lesion_get_frame (lesion));
  angio_test_run_for (300);
  centre = angio_lesion_get_center (lesion);
  angio_cine_view_image_to_widget (view, centre.x, centre.y, &x, &y);
  angio_cine_view_zoom_at (view, 3, x, y);
  angio_cine_view_image_to_widget (view, centre.x, centre.y, &x, &y);
  angio_cine_view_pan (view, gtk_widget_get_width (GTK_WIDGET (view)) / 2.0 - x,
                       gtk_widget_get_height (GTK_WIDGET (view)) / 2.0 - y);
  save_png (window, png);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AngioApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  AngioWindow *window;
  const char *out = argc > 1 ? argv[1] : "screenshot.png";
  guint frame = 30;

  angio_i18n_init ();
  angio_test_gui_init (&argc, &argv);
  /* A reader set in Preferences, as on a reader's own computer. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_set_string (settings, "reader-name", "A. Reader");
    g_settings_set_string (settings, "reader-id", "R-07");
  }
  app = angio_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  window = angio_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  angio_window_open_demo (window);
  if (!angio_test_wait_for (angio_test_window_analysed, window, 60000))
    g_error ("the demo did not load");
  if (argc > 2)
    frame = (guint) g_ascii_strtoull (argv[2], NULL, 10);
  else
    {
      GListModel *lesions =
        angio_case_series_get_lesions (angio_proposals_get_case_series (
                                         angio_window_get_proposals (window)));
      g_autoptr(AngioLesion) lesion = g_list_model_get_item (lesions, 0);

      if (lesion != NULL)
        frame = angio_lesion_get_frame (lesion);
    }
  angio_session_set_frame (angio_window_get_session (window), frame);
  save_png (window, out);
  {
    g_autofree char *dir = g_path_get_dirname (out);
    g_autofree char *base = g_path_get_basename (out);
    const char *suffix = g_str_has_prefix (base, "window-") ? base + strlen ("window-") : base;
    g_autofree char *worklist = g_strdup_printf ("%s/worklist-%s", dir, suffix);
    g_autofree char *annotate = g_strdup_printf ("%s/annotate-%s", dir, suffix);
    g_autofree char *export = g_strdup_printf ("%s/export-dialog-%s", dir, suffix);
    g_autofree char *compare = g_strdup_printf ("%s/compare-%s", dir, suffix);
    g_autofree char *scores = g_strdup_printf ("%s/scores-window-%s", dir, suffix);
    g_autofree char *small = g_strdup_printf ("%s/annotate-1280x800-%s", dir, suffix);
    g_autofree char *report_dialog = g_strdup_printf ("%s/report-dialog-%s", dir, suffix);
    g_autofree char *report = g_strdup_printf ("%s/report-%s", dir, suffix);
    g_autofree char *folder = g_dir_make_tmp ("angiomark-shots-XXXXXX", NULL);
    g_autofree char *demo = angio_demo_ensure (NULL, &error);

    g_assert_no_error (error);
    shoot_workspace (window, demo, folder, worklist, annotate);
    shoot_report (window, small, report_dialog, report);
    shoot_export (window, folder, export);
    shoot_compare (window, compare);
    shoot_scores (window, scores);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
