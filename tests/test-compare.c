/* test-compare.c — a case beside a model's prediction under Xvfb, through the window's actions:
 * win.compare-case opens the case compared (as the dataset's scores do on a click); the
 * prediction's outline (the labelled one shifted by a few pixels) and the case's are drawn in
 * their colours, the difference layer shown and hidden, the predicted key frame (two frames
 * off) on the timeline; the panel shows the scores angio_score_case() computes and both FFRs;
 * adopting the outline and the key frame adds proposals, saved and undoable, and leaves the
 * labels as they were; an outline without borders cannot be adopted; compare turns off with
 * "None", for another case, when asked for a prediction the case does not have, and when the
 * prediction compared is gone. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <sqlite3.h>

#include "angio-application.h"
#include "angio-i18n.h"
#include "angio-key-frame.h"
#include "angio-score.h"
#include "angio-test-gui.h"
#include "angio-test-util.h"
#include "angio-window.h"

/* How far the prediction's outline is from the labelled one, in image pixels. */
#define DX 3.0
#define DY 2.0

static AngioApplication *app;

typedef struct {
  char *folder;
  AngioWindow *window;
  guint key_frame;          /* the case's accepted key frame */
  guint predicted_key;      /* the model's: two frames off */
  guint lesion_frame;       /* of the case's accepted lesion */
  JsonNode *lesion;         /* the case's accepted lesion, as case.json has it */
} Fixture;

/* The first item of @run's @member whose status is accepted. */
static JsonObject *
accepted (JsonObject *run,
          const char *member)
{
  JsonArray *items = json_object_get_array_member (run, member);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (item, "status", ""),
                     "accepted") == 0)
        return item;
    }
  g_assert_not_reached ();
}

static void
put (AngioWorkspace        *ws,
     AngioPredictionOrigin  origin,
     const char            *source,
     const char            *version,
     JsonNode              *document)
{
  AngioPredictionInfo info = { "CASE-0001", origin, (char *) source, (char *) version, NULL,
                               NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (angio_workspace_put_prediction (ws, &info, document, &error));
  g_assert_no_error (error);
}

/* A labelled workspace of @n cases; CASE-0001 predicted by model unet 1.0 (its outline the
 * labelled one shifted by DX, DY with its borders, its key frame two frames off, FFR 0.83) and
 * labelled by annotator dr-b (an outline alone, FFR 0.79). */
static void
make_workspace (Fixture    *fixture,
                const char *name,
                guint       n)
{
  g_autoptr(AngioWorkspace) ws = angio_test_labelled_workspace (name, n);
  g_autoptr(GError) error = NULL;
  g_autoptr(AngioCase) kase = angio_workspace_load_case (ws, "CASE-0001", &error);
  g_autoptr(JsonNode) doc = angio_case_to_json (kase);
  JsonObject *run = json_array_get_object_element (
                      json_object_get_array_member (json_node_get_object (doc), "series"), 0);
  guint frames = json_object_get_int_member (run, "frames");
  JsonObject *lesion = accepted (run, "lesions"), *moved, *segment;
  g_autoptr(JsonNode) model = NULL;
  g_autoptr(JsonNode) annotator = NULL;
  g_autoptr(JsonNode) moved_node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *outline = NULL;
  double cx, cy;

  fixture->folder = angio_test_path (name);
  fixture->key_frame = json_object_get_int_member (accepted (run, "key_frames"), "frame");
  fixture->predicted_key = fixture->key_frame + 2 < frames ? fixture->key_frame + 2
                                                            : fixture->key_frame - 2;
  fixture->lesion_frame = json_object_get_int_member (lesion, "frame");
  fixture->lesion = json_node_alloc ();
  json_node_init_object (fixture->lesion, lesion);

  /* The model's: the labelled lesion moved, with its borders (so it can be adopted). */
  moved_node = json_node_copy (fixture->lesion);
  moved = json_node_get_object (moved_node);
  segment = json_object_get_object_member (moved, "vessel_segment");
  angio_test_shift_points (segment, "centerline", DX, DY);
  angio_test_shift_points (segment, "left_edge", DX, DY);
  angio_test_shift_points (segment, "right_edge", DX, DY);
  json_object_remove_member (moved, "status");
  text = g_strdup_printf ("{\"case_id\":\"CASE-0001\",\"origin\":\"model\","
                          "\"model\":{\"name\":\"unet\",\"version\":\"1.0\"},"
                          "\"series\":[{\"id\":\"%s\",\"key_frames\":[{\"frame\":%u,"
                          "\"score\":0.9}],\"lesions\":[]}],\"ffr_estimate\":{\"value\":0.83}}",
                          json_object_get_string_member (run, "id"), fixture->predicted_key);
  model = angio_test_parse_json (text);
  json_array_add_object_element (
    json_object_get_array_member (json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (model), "series"), 0), "lesions"),
    json_object_ref (moved));
  put (ws, ANGIO_PREDICTION_MODEL, "unet", "1.0", model);

  /* The annotator's: a square outline alone around the lesion's centre. */
  cx = json_array_get_double_element (json_object_get_array_member (lesion, "center_px"), 0);
  cy = json_array_get_double_element (json_object_get_array_member (lesion, "center_px"), 1);
  outline = g_strdup_printf ("[[%g,%g],[%g,%g],[%g,%g],[%g,%g]]", cx - 4, cy - 4, cx + 4,
                             cy - 4, cx + 4, cy + 4, cx - 4, cy + 4);
  g_free (text);
  text = g_strdup_printf ("{\"case_id\":\"CASE-0001\",\"annotator\":\"dr-b\","
                          "\"series\":[{\"id\":\"%s\",\"key_frames\":[{\"frame\":%u,"
                          "\"status\":\"accepted\"}],\"lesions\":[{\"frame\":%u,"
                          "\"outline\":%s,\"status\":\"accepted\"}]}],"
                          "\"pressure\":{\"ffr\":0.79}}",
                          json_object_get_string_member (run, "id"), fixture->key_frame,
                          fixture->lesion_frame, outline);
  annotator = angio_test_parse_json (text);
  put (ws, ANGIO_PREDICTION_ANNOTATOR, "dr-b", NULL, annotator);
}

static void
activate (AngioWindow *window,
          const char  *action,
          GVariant    *parameter)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), action, parameter));
}

static char *
compare_state (AngioWindow *window)
{
  char *state = NULL;

  g_object_get (window, "compare", &state, NULL);
  return state;
}

/* The window on @fixture's workspace, CASE-0001 opened by win.compare-case with model unet. */
static void
open_compared (Fixture *fixture)
{
  AngioWindow *window = angio_window_new (GTK_APPLICATION (app));
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (angio_window_open_workspace (window, fixture->folder, &error));
  g_assert_no_error (error);
  activate (window, "win.compare-case", g_variant_new ("(sss)", "CASE-0001", "model", "unet"));
  g_assert_true (angio_test_wait_for (angio_test_window_case_shown, window, 30000));
  state = compare_state (window);
  g_assert_cmpstr (state, ==, "model:unet");
  fixture->window = window;
}

static void
fixture_clear (Fixture *fixture)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  angio_test_run_for (50);
  g_free (fixture->folder);
  g_clear_pointer (&fixture->lesion, json_node_unref);
}

/* Pixels */

typedef struct {
  guint green;              /* the case's accepted outline */
  guint magenta;            /* the prediction's */
  guint red;                /* inside the case's outline only */
  guint blue;               /* inside the prediction's only */
} Colours;

/* Counts the colours around the labelled lesion on screen. Returns: (transfer full) the
 * image counted. */
static AngioTestImage *
count_colours (AngioWindow *window,
               Fixture     *fixture,
               Colours     *colours)
{
  AngioCineView *view = angio_window_get_cine_view (window);
  JsonObject *segment = json_object_get_object_member (json_node_get_object (fixture->lesion),
                                                       "vessel_segment");
  JsonArray *left = json_object_get_array_member (segment, "left_edge");
  AngioTestImage *image;
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  angio_test_run_for (200);
  image = angio_test_widget_image (GTK_WIDGET (view));
  /* The box around the labelled vessel segment, on screen, with a margin. */
  for (guint i = 0; i < json_array_get_length (left); i++)
    {
      JsonArray *p = json_array_get_array_element (left, i);
      double x, y;

      angio_cine_view_image_to_widget (view, json_array_get_double_element (p, 0),
                                       json_array_get_double_element (p, 1), &x, &y);
      x0 = MIN (x0, x);
      y0 = MIN (y0, y);
      x1 = MAX (x1, x);
      y1 = MAX (y1, y);
    }
  *colours = (Colours) { 0 };
  for (int y = MAX (0, (int) y0 - 40); y < MIN (image->height, (int) y1 + 40); y++)
    for (int x = MAX (0, (int) x0 - 40); x < MIN (image->width, (int) x1 + 40); x++)
      {
        guint8 c[3];
        int r, g, b;

        angio_test_image_rgb (image, x, y, c);
        r = c[0];
        g = c[1];
        b = c[2];
        colours->green += g > 180 && r < 140 && g - r > 80 && g - b > 60;
        colours->magenta += r > 140 && b > 150 && g < 130 && abs (r - b) < 50;
        colours->red += r - g > 60 && r - b > 50 && abs (g - b) < 25;
        colours->blue += b - r > 60 && g - r > 20 && g - r < 60 && b - g > 30;
      }
  g_test_message ("green %u, magenta %u, red %u, blue %u", colours->green, colours->magenta,
                  colours->red, colours->blue);
  return image;
}

static void
test_compare_case (void)
{
  Fixture fixture = { 0 };
  AngioWindow *window;
  AngioComparePanel *panel;
  AngioTimeline *timeline;
  const AngioTimelineMarker *markers;
  g_autoptr(AngioLabels) reference = NULL;
  g_autoptr(AngioLabels) prediction = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dice = NULL;
  g_autofree char *iou = NULL;
  g_autofree char *predicted_frame = NULL;
  g_autoptr(AngioTestImage) image = NULL;
  AngioCaseScore score;
  Colours colours;
  gboolean predicted_marker = FALSE;
  guint n_markers;

  make_workspace (&fixture, "ws-compare", 1);
  open_compared (&fixture);
  window = fixture.window;
  panel = angio_window_get_compare_panel (window);
  timeline = angio_window_get_timeline (window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_assert_cmpuint (angio_compare_panel_get_n_predictions (panel), ==, 2);
  g_assert_cmpstr (angio_compare_panel_get_active (panel), ==, "model:unet");

  /* The panel's scores are angio_score_case()'s. */
  reference = angio_score_load_reference (angio_window_get_workspace (window), "CASE-0001",
                                          &error);
  g_assert_no_error (error);
  prediction = angio_score_load_prediction (angio_window_get_workspace (window), "CASE-0001",
                                            ANGIO_PREDICTION_MODEL, "unet", &error);
  g_assert_no_error (error);
  angio_score_case (reference, prediction, ANGIO_SCORE_TOLERANCE, &score);
  g_assert_cmpfloat (score.dice, >, 0.2);
  g_assert_cmpfloat (score.dice, <, 0.98);
  dice = g_strdup_printf ("%.2f", score.dice);
  iou = g_strdup_printf ("%.2f", score.iou);
  g_assert_cmpstr (angio_compare_panel_get_value (panel, "dice"), ==, dice);
  g_assert_cmpstr (angio_compare_panel_get_value (panel, "iou"), ==, iou);
  g_assert_nonnull (strstr (angio_compare_panel_get_value (panel, "hd95"), " px"));
  g_assert_cmpstr (angio_compare_panel_get_value (panel, "reference-ffr"), ==, "0.76");
  g_assert_cmpstr (angio_compare_panel_get_value (panel, "predicted-ffr"), ==, "0.83");
  g_assert_cmpstr (angio_compare_panel_get_value (panel, "reference-class"), ==,
                   "≤ 0.80 significant");
  g_assert_cmpstr (angio_compare_panel_get_value (panel, "predicted-class"), ==,
                   "> 0.80 not significant");
  g_assert_cmpstr (angio_compare_panel_get_value (panel, "ffr-difference"), ==, "+0.07");
  /* Task 1: frames numbered from 1, as the timeline numbers them. */
  predicted_frame = g_strdup_printf ("%u", fixture.predicted_key + 1);
  g_assert_cmpstr (angio_compare_panel_get_value (panel, "predicted-key-frame"), ==,
                   predicted_frame);
  g_assert_cmpint (score.predicted_frame, ==, fixture.predicted_key);
  g_assert_nonnull (strstr (angio_compare_panel_get_value (panel, "offset"),
                            fixture.predicted_key > fixture.key_frame ? "+2 frames"
                                                                      : "-2 frames"));
  g_assert_true (g_str_has_prefix (angio_compare_panel_get_value (panel, "hit"), "yes"));
  angio_case_score_clear (&score);

  /* The predicted key frame on the timeline, beside the case's. */
  markers = angio_timeline_get_markers (timeline, &n_markers);
  for (guint i = 0; i < n_markers; i++)
    predicted_marker |= markers[i].style == ANGIO_MARKER_PREDICTED &&
                        markers[i].frame == fixture.predicted_key;
  g_assert_true (predicted_marker);
  activate (window, "case.go-to-predicted-key-frame", NULL);
  g_assert_cmpuint (angio_session_get_frame (angio_window_get_session (window)), ==,
                    fixture.predicted_key);

  /* On the lesion's frame: both outlines and the difference layer's two colours. No lesion
   * selected: the editor's handles are not drawn over them. */
  angio_annotation_panel_set_lesion (angio_window_get_annotation_panel (window), NULL);
  angio_session_set_frame (angio_window_get_session (window), fixture.lesion_frame);
  image = count_colours (window, &fixture, &colours);
  if (colours.green <= 10 || colours.magenta <= 10 || colours.red <= 20 || colours.blue <= 20)
    angio_test_image_save (image, "/tmp/angiomark-compare.png");
  g_assert_cmpuint (colours.green, >, 10);
  g_assert_cmpuint (colours.magenta, >, 10);
  g_assert_cmpuint (colours.red, >, 20);
  g_assert_cmpuint (colours.blue, >, 20);

  /* The difference hidden: its colours are gone, the outlines stay. */
  activate (window, "win.compare-difference", NULL);
  g_clear_pointer (&image, angio_test_image_free);
  image = count_colours (window, &fixture, &colours);
  g_assert_cmpuint (colours.green, >, 10);
  g_assert_cmpuint (colours.magenta, >, 10);
  g_assert_cmpuint (colours.red, <, 3);
  g_assert_cmpuint (colours.blue, <, 3);
  activate (window, "win.compare-difference", NULL);
  g_clear_pointer (&image, angio_test_image_free);
  image = count_colours (window, &fixture, &colours);
  g_assert_cmpuint (colours.red, >, 20);

  /* None: nothing of the prediction is drawn or marked. */
  activate (window, "win.compare", g_variant_new_string (""));
  g_assert_cmpstr (angio_compare_panel_get_active (panel), ==, "");
  g_clear_pointer (&image, angio_test_image_free);
  image = count_colours (window, &fixture, &colours);
  g_assert_cmpuint (colours.green, >, 10);
  g_assert_cmpuint (colours.magenta, <, 3);
  g_assert_cmpuint (colours.red, <, 3);
  g_assert_cmpuint (colours.blue, <, 3);
  markers = angio_timeline_get_markers (timeline, &n_markers);
  for (guint i = 0; i < n_markers; i++)
    g_assert_cmpint (markers[i].style, !=, ANGIO_MARKER_PREDICTED);

  fixture_clear (&fixture);
}

static guint
n_revisions (AngioWindow *window)
{
  g_autoptr(GPtrArray) history = angio_workspace_history (angio_window_get_workspace (window),
                                                          "CASE-0001", NULL);

  return history->len;
}

static AngioLesion *
accepted_lesion (AngioCaseSeries *run)
{
  GListModel *lesions = angio_case_series_get_lesions (run);

  for (guint i = 0; i < g_list_model_get_n_items (lesions); i++)
    {
      g_autoptr(AngioLesion) lesion = g_list_model_get_item (lesions, i);

      if (angio_lesion_get_status (lesion) == ANGIO_STATUS_ACCEPTED)
        return lesion;   /* the run keeps it */
    }
  g_assert_not_reached ();
}

static void
test_adopt (void)
{
  Fixture fixture = { 0 };
  AngioWindow *window;
  AngioCaseSeries *run;
  GListModel *lesions, *keys;
  g_autoptr(AngioLesion) adopted = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  AngioKeyFrame *key;
  AngioPoint centre, labelled;
  guint n_lesions, n_keys, revisions;
  double mm;

  make_workspace (&fixture, "ws-adopt", 1);
  open_compared (&fixture);
  window = fixture.window;
  run = angio_proposals_get_case_series (angio_window_get_proposals (window));
  lesions = angio_case_series_get_lesions (run);
  keys = angio_case_series_get_key_frames (run);
  mm = angio_case_series_get_mm_per_px (run);
  n_lesions = g_list_model_get_n_items (lesions);
  n_keys = g_list_model_get_n_items (keys);
  revisions = n_revisions (window);
  before = angio_lesion_to_json (accepted_lesion (run), mm);
  labelled = angio_lesion_get_center (accepted_lesion (run));

  /* The outline: one more lesion, proposed, where the model put it; the label as it was;
   * one more revision. */
  activate (window, "case.adopt-predicted-outline", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (lesions), ==, n_lesions + 1);
  adopted = g_list_model_get_item (lesions, n_lesions);
  g_assert_cmpint (angio_lesion_get_status (adopted), ==, ANGIO_STATUS_PROPOSED);
  g_assert_cmpint (angio_lesion_get_origin (adopted), ==, ANGIO_ORIGIN_ALGORITHM);
  g_assert_cmpstr (angio_lesion_get_algorithm (adopted), ==, "unet");
  g_assert_cmpuint (angio_lesion_get_frame (adopted), ==, fixture.lesion_frame);
  g_assert_cmpstr (angio_lesion_get_id (adopted), !=,
                   angio_lesion_get_id (accepted_lesion (run)));
  centre = angio_lesion_get_center (adopted);
  g_assert_cmpfloat (fabs (centre.x - labelled.x - DX), <, 1);
  g_assert_cmpfloat (fabs (centre.y - labelled.y - DY), <, 1);
  after = angio_lesion_to_json (accepted_lesion (run), mm);
  g_assert_true (json_node_equal (before, after));
  g_assert_cmpuint (n_revisions (window), ==, revisions + 1);
  /* The case's labels are the same: so are the scores. */
  g_assert_cmpint (angio_lesion_get_status (accepted_lesion (run)), ==, ANGIO_STATUS_ACCEPTED);

  /* Twice: nothing more. */
  activate (window, "case.adopt-predicted-outline", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (lesions), ==, n_lesions + 1);
  g_assert_cmpuint (n_revisions (window), ==, revisions + 1);

  /* Undoable, as every edit. */
  activate (window, "case.undo", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (lesions), ==, n_lesions);
  g_clear_pointer (&after, json_node_unref);
  after = angio_lesion_to_json (accepted_lesion (run), mm);
  g_assert_true (json_node_equal (before, after));
  activate (window, "case.redo", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (lesions), ==, n_lesions + 1);
  revisions = n_revisions (window);

  /* The key frame: one more, proposed, by the algorithm; the accepted one as it was. */
  g_assert_null (angio_case_series_find_key_frame (run, fixture.predicted_key));
  activate (window, "case.adopt-predicted-key-frame", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (keys), ==, n_keys + 1);
  key = angio_case_series_find_key_frame (run, fixture.predicted_key);
  g_assert_nonnull (key);
  g_assert_cmpint (angio_key_frame_get_status (key), ==, ANGIO_STATUS_PROPOSED);
  g_assert_cmpint (angio_key_frame_get_origin (key), ==, ANGIO_ORIGIN_ALGORITHM);
  g_assert_cmpint (angio_key_frame_get_status (angio_case_series_find_key_frame (
                     run, fixture.key_frame)), ==, ANGIO_STATUS_ACCEPTED);
  g_assert_cmpuint (n_revisions (window), ==, revisions + 1);
  /* A key frame the case has already: nothing changes. */
  activate (window, "case.adopt-predicted-key-frame", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (keys), ==, n_keys + 1);
  g_assert_cmpuint (n_revisions (window), ==, revisions + 1);

  fixture_clear (&fixture);
}

static void
test_outline_alone_and_off (void)
{
  Fixture fixture = { 0 };
  AngioWindow *window;
  AngioComparePanel *panel;
  GtkWidget *button;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  guint revisions;

  make_workspace (&fixture, "ws-compare-off", 2);
  open_compared (&fixture);
  window = fixture.window;
  panel = angio_window_get_compare_panel (window);

  /* The second annotator's outline has no borders: nothing to adopt, and the button says
   * why. */
  activate (window, "win.compare", g_variant_new_string ("annotator:dr-b"));
  state = compare_state (window);
  g_assert_cmpstr (state, ==, "annotator:dr-b");
  g_assert_cmpstr (angio_compare_panel_get_value (panel, "reference-ffr"), ==, "0.76");
  g_assert_cmpstr (angio_compare_panel_get_value (panel, "predicted-ffr"), ==, "0.79");
  g_assert_true (g_str_has_prefix (angio_compare_panel_get_value (panel, "offset"),
                                   "+0 frames"));
  button = angio_compare_panel_get_button (panel, "adopt-outline");
  angio_test_run_for (50);
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "without the vessel’s"));
  revisions = n_revisions (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "case.adopt-predicted-outline", NULL);
  g_assert_cmpuint (n_revisions (window), ==, revisions);

  /* A prediction the case does not have: not compared. */
  activate (window, "win.compare", g_variant_new_string ("model:nope"));
  g_clear_pointer (&state, g_free);
  state = compare_state (window);
  g_assert_cmpstr (state, ==, "");

  /* The prediction compared removed from the workspace (by another program): seen when the
   * case is asked for again, compare off. */
  activate (window, "win.compare", g_variant_new_string ("annotator:dr-b"));
  {
    g_autofree char *db_path = g_build_filename (fixture.folder, ANGIO_WORKSPACE_DB, NULL);
    sqlite3 *db;

    g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "DELETE FROM predictions WHERE source = 'dr-b'", NULL,
                                   NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  activate (window, "win.compare-case",
            g_variant_new ("(sss)", "CASE-0001", "annotator", "dr-b"));
  g_clear_pointer (&state, g_free);
  state = compare_state (window);
  g_assert_cmpstr (state, ==, "");
  g_assert_cmpuint (angio_compare_panel_get_n_predictions (panel), ==, 1);

  /* Another case: compare is off, and the case has no prediction to offer. */
  activate (window, "win.compare", g_variant_new_string ("model:unet"));
  g_assert_true (angio_window_open_case (window, "CASE-0002", &error));
  g_assert_no_error (error);
  g_clear_pointer (&state, g_free);
  state = compare_state (window);
  g_assert_cmpstr (state, ==, "");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_assert_true (angio_test_wait_for (angio_test_window_case_shown, window, 30000));

  fixture_clear (&fixture);
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

  g_test_add_func ("/angio/ui/compare/compare-case", test_compare_case);
  g_test_add_func ("/angio/ui/compare/adopt", test_adopt);
  g_test_add_func ("/angio/ui/compare/outline-alone-and-off", test_outline_alone_and_off);
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
