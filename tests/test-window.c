/* test-window.c — the application window under Xvfb, driven through its actions: open, play at
 * the acquisition's rate, step and seek, window/level on real pixels, bad files, text from a
 * file shown as text, folders of runs, the language, the automatic proposals on the timeline and
 * over the image. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "angio-application.h"
#include "angio-i18n.h"
#include "angio-lesion.h"
#include "angio-test-gui.h"
#include "angio-test-util.h"
#include "angio-window.h"

typedef struct {
  AngioWindow *window;
} Fixture;

/* One application for the program (it stays exported on the bus until the process ends). */
static AngioApplication *app;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->window = angio_window_new (GTK_APPLICATION (app));
  g_object_ref (fixture->window);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 760);
  gtk_window_present (GTK_WINDOW (fixture->window));
  angio_test_run_for (100);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  angio_test_run_for (50);
  g_assert_finalize_object (fixture->window);
}

static gboolean
series_complete (gpointer data)
{
  AngioSeries *series = angio_session_get_series (angio_window_get_session (data));

  return series != NULL && angio_series_is_complete (series);
}

static AngioPhantom *
open_phantom (Fixture                          *fixture,
              const char                       *name,
              guint                             frames,
              const AngioDicomAttribute *const *extra)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = angio_test_path (name);
  AngioPhantomParams params;
  AngioPhantom *phantom;

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = 256;
  params.frames = frames;
  params.syntax = ANGIO_SYNTAX_JPEG_LS_LOSSLESS;
  phantom = angio_phantom_generate (&params, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (angio_phantom_save (phantom, path, NULL, NULL, extra, &error));
  g_assert_no_error (error);
  file = g_file_new_for_path (path);
  angio_window_open_files (fixture->window, &file, 1);
  g_assert_true (angio_test_wait_for (series_complete, fixture->window, 20000));
  angio_test_run_for (100);
  return phantom;
}

static void
activate (Fixture    *fixture,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), action, NULL));
}

static guint
frame (Fixture *fixture)
{
  return angio_session_get_frame (angio_window_get_session (fixture->window));
}

static void
test_empty_state (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_null (angio_session_get_series (angio_window_get_session (fixture->window)));
  /* Nothing to play yet. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "cine.play", NULL);
  g_assert_false (angio_session_get_playing (angio_window_get_session (fixture->window)));
  g_assert_nonnull (angio_test_find_label (GTK_WIDGET (fixture->window), "demo"));
}

typedef struct {
  AngioSession *session;
  GArray *times;    /* frame clock time of each tick, µs */
  GArray *frames;   /* the frame shown after it */
} Ticks;

/* Added after playback starts, so it runs after the session's own tick in each frame. */
static gboolean
record_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  Ticks *ticks = data;
  gint64 t = gdk_frame_clock_get_frame_time (clock);
  guint f = angio_session_get_frame (ticks->session);

  g_array_append_val (ticks->times, t);
  g_array_append_val (ticks->frames, f);
  return G_SOURCE_CONTINUE;
}

/* Plays for @ms and checks that every tick showed the frame whose time had come, at @fps. */
static void
check_playback (Fixture *fixture,
                double   fps,
                guint    ms)
{
  AngioSession *session = angio_window_get_session (fixture->window);
  GtkWidget *view = GTK_WIDGET (angio_window_get_cine_view (fixture->window));
  Ticks ticks = { session, g_array_new (FALSE, FALSE, sizeof (gint64)),
                  g_array_new (FALSE, FALSE, sizeof (guint)) };
  guint id, last = 0;
  gint64 t0;

  activate (fixture, "cine.play");
  g_assert_true (angio_session_get_playing (session));
  id = gtk_widget_add_tick_callback (view, record_tick, &ticks, NULL);
  angio_test_run_for (ms);
  gtk_widget_remove_tick_callback (view, id);
  activate (fixture, "cine.play");
  g_assert_false (angio_session_get_playing (session));

  /* The clock starts at the first tick of playback. */
  g_assert_cmpuint (ticks.times->len, >, 5);
  t0 = g_array_index (ticks.times, gint64, 0);
  for (guint i = 0; i < ticks.times->len; i++)
    {
      double elapsed = (g_array_index (ticks.times, gint64, i) - t0) / 1e6;
      double before = i > 0 ? (g_array_index (ticks.times, gint64, i - 1) - t0) / 1e6 : 0;
      double expected = floor (elapsed * fps + 1e-6);
      double expected_before = floor (before * fps + 1e-6);
      guint shown = g_array_index (ticks.frames, guint, i);

      /* The frame of this tick, or of the one before when the session's tick callback ran
       * after this one (on a loaded machine ticks can be several frames apart). */
      g_assert_cmpfloat (shown, >=, expected_before - 1);
      g_assert_cmpfloat (shown, <=, expected + 1);
      last = shown;
    }
  g_test_message ("%.0f frames/s: %u ticks over %.2f s, frame %u at the end", fps,
                  ticks.times->len,
                  (g_array_index (ticks.times, gint64, ticks.times->len - 1) - t0) / 1e6, last);
  /* And it did advance, at about the expected rate. */
  g_assert_cmpuint (last, >=, (guint) (ms / 1000.0 * fps * 0.5));
  g_array_unref (ticks.times);
  g_array_unref (ticks.frames);
}

static void
test_play_follows_time (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(AngioPhantom) phantom = open_phantom (fixture, "play.dcm", 60, NULL);
  AngioSession *session = angio_window_get_session (fixture->window);
  guint paused_at;

  g_assert_cmpuint (frame (fixture), ==, 0);
  check_playback (fixture, 15, 1500);

  paused_at = frame (fixture);
  angio_test_run_for (300);
  g_assert_cmpuint (frame (fixture), ==, paused_at);

  /* Twice as fast. */
  activate (fixture, "cine.faster");
  g_assert_cmpfloat (angio_session_get_speed (session), ==, 2.0);
  angio_session_set_frame (session, 0);
  check_playback (fixture, 30, 1000);
}

static void
test_step_and_seek (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(AngioPhantom) phantom = open_phantom (fixture, "step.dcm", 20, NULL);
  AngioCineView *view = angio_window_get_cine_view (fixture->window);
  AngioInfoPanel *panel = angio_window_get_info_panel (fixture->window);

  activate (fixture, "cine.next-frame");
  activate (fixture, "cine.next-frame");
  g_assert_cmpuint (frame (fixture), ==, 2);
  activate (fixture, "cine.previous-frame");
  g_assert_cmpuint (frame (fixture), ==, 1);
  activate (fixture, "cine.last-frame");
  g_assert_cmpuint (frame (fixture), ==, 19);
  activate (fixture, "cine.next-frame");
  g_assert_cmpuint (frame (fixture), ==, 19);
  activate (fixture, "cine.first-frame");
  g_assert_cmpuint (frame (fixture), ==, 0);

  /* Seeking on the timeline moves everything else. */
  angio_timeline_set_frame (angio_window_get_timeline (fixture->window), 11);
  g_assert_cmpuint (frame (fixture), ==, 11);
  g_assert_cmpuint (angio_cine_view_get_frame (view), ==, 11);
  /* DICOM numbers frames from 1; exported files and the CLI count from 0. */
  g_assert_cmpstr (angio_info_panel_get_value (panel, "frame"), ==,
                   "12 of 20 (DICOM) · f11 in files");
  g_assert_nonnull (angio_test_find_label (GTK_WIDGET (fixture->window), "12 / 20"));
}

static void
test_window_level_pixels (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(AngioPhantom) phantom = open_phantom (fixture, "pixels.dcm", 30, NULL);
  AngioSession *session = angio_window_get_session (fixture->window);
  AngioCineView *view = angio_window_get_cine_view (fixture->window);
  g_autoptr(AngioTestImage) before = NULL;
  g_autoptr(AngioTestImage) after = NULL;
  AngioPoint axis = g_array_index (phantom->centerline_px, AngioPoint,
                                   phantom->centerline_px->len / 8);
  AngioPoint next = g_array_index (phantom->centerline_px, AngioPoint,
                                   phantom->centerline_px->len / 8 + 3);
  double nx = -(next.y - axis.y), ny = next.x - axis.x, norm = hypot (nx, ny);
  double away = 2.5 * phantom->ref_mm / phantom->mm_per_px;
  double vx, vy, bx, by;
  double vessel, background, vessel2, background2;

  angio_session_set_frame (session, phantom->key_frame);
  angio_test_run_for (200);
  before = angio_test_widget_image (GTK_WIDGET (view));
  angio_cine_view_image_to_widget (view, axis.x, axis.y, &vx, &vy);
  angio_cine_view_image_to_widget (view, axis.x + nx / norm * away, axis.y + ny / norm * away,
                                   &bx, &by);
  vessel = angio_test_image_gray (before, (int) vx, (int) vy);
  background = angio_test_image_gray (before, (int) bx, (int) by);
  g_test_message ("vessel %.0f, beside it %.0f", vessel, background);
  if (vessel >= background - 30)
    angio_test_image_save (before, "/tmp/angiomark-window-level.png");
  /* Contrast-filled vessels are dark on a bright background. */
  g_assert_cmpfloat (vessel, <, background - 30);

  /* A narrower window around the vessel's values changes what the pixels show. */
  activate (fixture, "cine.window-auto");
  angio_session_set_window (session, 0.5 * (phantom->window_center * 2 - phantom->window_width),
                            phantom->window_width / 4);
  angio_test_run_for (200);
  after = angio_test_widget_image (GTK_WIDGET (view));
  vessel2 = angio_test_image_gray (after, (int) vx, (int) vy);
  background2 = angio_test_image_gray (after, (int) bx, (int) by);
  g_test_message ("after window/level: vessel %.0f, beside it %.0f", vessel2, background2);
  g_assert_cmpfloat (fabs (vessel2 - vessel) + fabs (background2 - background), >, 40);
}

/* Pixels of the lesion overlay (yellow, on a gray image) within @radius of widget point (x, y). */
static guint
overlay_pixels (const AngioTestImage *image,
                double                x,
                double                y,
                double                radius)
{
  guint count = 0;

  for (int py = (int) MAX (0, y - radius); py < MIN (image->height, y + radius); py++)
    for (int px = (int) MAX (0, x - radius); px < MIN (image->width, x + radius); px++)
      {
        guint8 rgb[3];

        angio_test_image_rgb (image, px, py, rgb);
        count += rgb[0] > 200 && rgb[1] > 160 && rgb[2] < 100;
      }
  return count;
}

/* Once decoded, the run is analysed in the background: the opacification curve and the key
 * frames reach the timeline, and the proposed lesion is drawn over its frame only. */
static void
test_proposals (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(AngioPhantom) phantom = open_phantom (fixture, "proposals.dcm", 30, NULL);
  AngioSession *session = angio_window_get_session (fixture->window);
  AngioCineView *view = angio_window_get_cine_view (fixture->window);
  AngioTimeline *timeline = angio_window_get_timeline (fixture->window);
  AngioProposals *proposals = angio_window_get_proposals (fixture->window);
  g_autoptr(AngioTestImage) on = NULL;
  g_autoptr(AngioTestImage) off = NULL;
  g_autoptr(AngioLesion) lesion = NULL;
  const AngioTimelineMarker *markers;
  AngioCaseSeries *case_series;
  AngioPoint centre;
  guint n_markers, frame, other;
  double x, y, radius;

  g_assert_true (angio_test_wait_for (angio_test_window_analysed, fixture->window, 30000));
  g_assert_false (angio_proposals_get_running (proposals));
  case_series = angio_proposals_get_case_series (proposals);

  markers = angio_timeline_get_markers (timeline, &n_markers);
  g_assert_cmpuint (n_markers, >=, 1);
  g_assert_cmpuint (n_markers, ==,
                    g_list_model_get_n_items (angio_case_series_get_key_frames (case_series)));
  g_assert_cmpuint (markers[0].frame, >=, phantom->key_first);
  g_assert_cmpuint (markers[0].frame, <=, phantom->key_last);

  g_assert_cmpuint (g_list_model_get_n_items (angio_case_series_get_lesions (case_series)), >=, 1);
  lesion = g_list_model_get_item (angio_case_series_get_lesions (case_series), 0);
  centre = angio_lesion_get_center (lesion);
  g_assert_cmpfloat (angio_point_distance (centre, phantom->lesion_center_px) * phantom->mm_per_px,
                     <, 3);

  frame = angio_lesion_get_frame (lesion);
  other = frame > 10 ? 0 : 29;
  angio_session_set_frame (session, frame);
  angio_test_run_for (200);
  on = angio_test_widget_image (GTK_WIDGET (view));
  angio_cine_view_image_to_widget (view, centre.x, centre.y, &x, &y);
  radius = (phantom->ref_mm / phantom->mm_per_px) * angio_cine_view_get_zoom (view) + 30;
  g_test_message ("overlay pixels around the lesion on its frame: %u",
                  overlay_pixels (on, x, y, radius));
  if (overlay_pixels (on, x, y, radius) < 20)
    angio_test_image_save (on, "/tmp/angiomark-proposals.png");
  g_assert_cmpuint (overlay_pixels (on, x, y, radius), >=, 20);

  angio_session_set_frame (session, other);
  angio_test_run_for (200);
  off = angio_test_widget_image (GTK_WIDGET (view));
  g_assert_cmpuint (overlay_pixels (off, x, y, radius), ==, 0);
}

static void
test_bad_file_keeps_window (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(AngioPhantom) phantom = open_phantom (fixture, "good.dcm", 10, NULL);
  AngioSession *session = angio_window_get_session (fixture->window);
  AngioSeries *good = angio_session_get_series (session);
  g_autofree char *bad = angio_test_write ("bad <b>name&amp;.dcm", "garbage", 7);
  g_autoptr(GFile) file = g_file_new_for_path (bad);
  GtkLabel *toast;

  angio_window_open_files (fixture->window, &file, 1);
  angio_test_run_for (1500);
  toast = angio_test_find_label (GTK_WIDGET (fixture->window), "bad <b>name&amp;.dcm");
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (gtk_label_get_text (toast), "not a DICOM file"));
  /* The run on screen is still there and still usable. */
  g_assert_true (angio_session_get_series (session) == good);
  activate (fixture, "cine.next-frame");
  g_assert_cmpuint (frame (fixture), ==, 1);
}

static void
test_text_from_file_is_plain (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(AngioDicomAttribute) maker = angio_dicom_attribute_new (
    0x0008, 0x0070, "LO", "Manufacturer", "<b>Acme</b> & <i>Co</i>");
  g_autoptr(AngioDicomAttribute) name = angio_dicom_attribute_new (
    0x0010, 0x0010, "PN", "PatientName", "<span size='99999'>Doe</span>^Jane");
  const AngioDicomAttribute *extra[] = { maker, name, NULL };
  g_autoptr(AngioPhantom) phantom = open_phantom (fixture, "markup.dcm", 4, extra);
  AngioInfoPanel *panel = angio_window_get_info_panel (fixture->window);
  AngioSession *session = angio_window_get_session (fixture->window);

  g_assert_cmpstr (angio_info_panel_get_value (panel, "device"), ==,
                   "<b>Acme</b> & <i>Co</i> Phantom");
  /* Identifiers stay hidden until asked for, and then show as typed. */
  g_assert_null (angio_info_panel_get_value (panel, "identifier:PatientName"));
  g_assert_null (angio_test_find_label (GTK_WIDGET (fixture->window), "Jane"));
  g_object_set (session, "show-identifiers", TRUE, NULL);
  g_assert_cmpstr (angio_info_panel_get_value (panel, "identifier:PatientName"), ==,
                   "<span size='99999'>Doe</span>^Jane");
}

static gboolean
four_frames_complete (gpointer data)
{
  AngioSeries *series = angio_session_get_series (angio_window_get_session (data));

  return series != NULL && angio_series_get_n_frames (series) == 4 &&
         angio_series_is_complete (series);
}

static void
test_folder_of_runs (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *dir = angio_test_path ("study");
  g_autofree char *first = g_build_filename (dir, "run1.dcm", NULL);
  g_autofree char *second = g_build_filename (dir, "sub", "run2.dcm", NULL);
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  g_autofree char *notes = g_build_filename (dir, "notes.txt", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  AngioPhantomParams params;
  AngioSession *session = angio_window_get_session (fixture->window);

  g_mkdir_with_parents (sub, 0700);
  g_assert_true (g_file_set_contents (notes, "not an image", -1, NULL));
  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = 64;
  params.frames = 3;
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(AngioPhantom) phantom = NULL;

      params.frames = 3 + i;
      phantom = angio_phantom_generate (&params, NULL, &error);
      g_assert_true (angio_phantom_save (phantom, i ? second : first, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  angio_window_open_files (fixture->window, &folder, 1);
  g_assert_true (angio_test_wait_for (series_complete, fixture->window, 10000));
  g_assert_cmpuint (angio_series_get_n_frames (angio_session_get_series (session)), ==, 3);
  activate (fixture, "win.next-run");
  /* The next run opens in the background: until it shows, the first one is still there (a
   * loaded machine takes longer than any fixed wait). */
  g_assert_true (angio_test_wait_for (four_frames_complete, fixture->window, 10000));
  g_assert_cmpuint (angio_series_get_n_frames (angio_session_get_series (session)), ==, 4);
  /* The last run: there is no next one. */
  activate (fixture, "win.next-run");
  angio_test_run_for (100);
  g_assert_cmpuint (angio_series_get_n_frames (angio_session_get_series (session)), ==, 4);
}

static void
test_language (Fixture       *fixture,
               gconstpointer  data)
{
  const char *language = g_getenv ("LANGUAGE");

  if (language != NULL && g_str_has_prefix (language, "zh"))
    g_assert_nonnull (angio_test_find_label (GTK_WIDGET (fixture->window), "打开血管造影"));
  else
    g_assert_nonnull (angio_test_find_label (GTK_WIDGET (fixture->window), "Open an Angiogram"));
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

#define ADD(path, func) \
  g_test_add ("/angio/ui/window/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("language", test_language);
  if (g_getenv ("LANGUAGE") == NULL)
    {
      ADD ("empty-state", test_empty_state);
      ADD ("play-follows-time", test_play_follows_time);
      ADD ("step-and-seek", test_step_and_seek);
      ADD ("window-level-pixels", test_window_level_pixels);
      ADD ("proposals", test_proposals);
      ADD ("bad-file-keeps-window", test_bad_file_keeps_window);
      ADD ("text-from-file-is-plain", test_text_from_file_is_plain);
      ADD ("folder-of-runs", test_folder_of_runs);
    }
#undef ADD
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
