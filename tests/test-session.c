/* test-session.c — the playback clock: frames follow elapsed time at the run's own rate,
 * whatever the tick rate; loop and bounce; speed; seeking. No display needed. */
#include "config.h"

#include "angio-session.h"
#include "angio-test-util.h"

static AngioSeries *
load_phantom (guint    frames,
              double   fps,
              gboolean variable)
{
  AngioPhantomParams params;
  g_autofree char *name = g_strdup_printf ("session-%u-%g-%d.dcm", frames, fps, variable);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  AngioSeries *series;

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = 64;
  params.frames = frames;
  params.fps = fps;
  params.variable_timing = variable;
  path = angio_test_phantom_file (&params, name, NULL);
  series = angio_series_load (path, NULL, &error);
  g_assert_no_error (error);
  return series;
}

#define MS(x) ((gint64) ((x) * 1000))

static void
test_follows_elapsed_time (void)
{
  g_autoptr(AngioSeries) series = load_phantom (30, 15, FALSE);
  g_autoptr(AngioSession) session = angio_session_new ();

  angio_session_set_series (session, series);
  angio_session_set_playing (session, TRUE);
  angio_session_tick (session, MS (1000));          /* anchors the clock */
  angio_session_tick (session, MS (1000 + 500));
  g_assert_cmpuint (angio_session_get_frame (session), ==, 7);   /* 500 ms at 15 fps */
  /* A late tick does not slow the run down: frames are skipped to stay on time. */
  angio_session_tick (session, MS (1000 + 1500));
  g_assert_cmpuint (angio_session_get_frame (session), ==, 22);
  /* Ticks faster than the frame rate show a frame more than once. */
  angio_session_tick (session, MS (1000 + 1510));
  g_assert_cmpuint (angio_session_get_frame (session), ==, 22);
  /* Past the end (2 s): loops. */
  angio_session_tick (session, MS (1000 + 2100));
  g_assert_cmpuint (angio_session_get_frame (session), ==, 1);
}

static void
test_speed_and_seek (void)
{
  g_autoptr(AngioSeries) series = load_phantom (30, 15, FALSE);
  g_autoptr(AngioSession) session = angio_session_new ();

  angio_session_set_series (session, series);
  angio_session_set_speed (session, 2.0);
  angio_session_set_playing (session, TRUE);
  angio_session_tick (session, 0);
  angio_session_tick (session, MS (500));
  g_assert_cmpuint (angio_session_get_frame (session), ==, 15);
  /* A seek restarts the clock from there. */
  angio_session_set_frame (session, 3);
  angio_session_tick (session, MS (600));
  g_assert_cmpuint (angio_session_get_frame (session), ==, 3);
  angio_session_tick (session, MS (600 + 200));
  g_assert_cmpuint (angio_session_get_frame (session), ==, 9);
  /* Speed is bounded. */
  angio_session_set_speed (session, 100);
  g_assert_cmpfloat (angio_session_get_speed (session), ==, 4.0);
  angio_session_set_speed (session, 0.01);
  g_assert_cmpfloat (angio_session_get_speed (session), ==, 0.25);
}

static void
test_bounce (void)
{
  g_autoptr(AngioSeries) series = load_phantom (11, 10, FALSE);   /* last frame at 1000 ms */
  g_autoptr(AngioSession) session = angio_session_new ();

  angio_session_set_series (session, series);
  angio_session_set_loop_mode (session, ANGIO_LOOP_BOUNCE);
  angio_session_set_playing (session, TRUE);
  angio_session_tick (session, 0);
  angio_session_tick (session, MS (950));
  g_assert_cmpuint (angio_session_get_frame (session), ==, 9);
  angio_session_tick (session, MS (1300));      /* on the way back: 700 ms */
  g_assert_cmpuint (angio_session_get_frame (session), ==, 7);
  angio_session_tick (session, MS (2250));      /* forwards again: 250 ms */
  g_assert_cmpuint (angio_session_get_frame (session), ==, 2);
}

static void
test_frame_time_vector (void)
{
  g_autoptr(AngioSeries) series = load_phantom (9, 10, TRUE);
  g_autoptr(AngioSession) session = angio_session_new ();
  double t4 = angio_series_get_frame_time_ms (series, 4);

  /* Uneven intervals: the frame is the one whose own time has come. */
  angio_session_set_series (session, series);
  angio_session_set_playing (session, TRUE);
  angio_session_tick (session, 0);
  angio_session_tick (session, MS (t4 + 1));
  g_assert_cmpuint (angio_session_get_frame (session), ==, 4);
  angio_session_tick (session, MS (t4 - 1));
  g_assert_cmpuint (angio_session_get_frame (session), ==, 3);
}

static void
test_steps (void)
{
  g_autoptr(AngioSeries) series = load_phantom (5, 15, FALSE);
  g_autoptr(AngioSession) session = angio_session_new ();

  angio_session_set_series (session, series);
  angio_session_step (session, -1);
  g_assert_cmpuint (angio_session_get_frame (session), ==, 0);
  angio_session_step (session, 1);
  g_assert_cmpuint (angio_session_get_frame (session), ==, 1);
  angio_session_last (session);
  g_assert_cmpuint (angio_session_get_frame (session), ==, 4);
  angio_session_step (session, 1);
  g_assert_cmpuint (angio_session_get_frame (session), ==, 4);
  angio_session_first (session);
  g_assert_cmpuint (angio_session_get_frame (session), ==, 0);
  /* Stepping stops playback. */
  angio_session_set_playing (session, TRUE);
  angio_session_step (session, 1);
  g_assert_false (angio_session_get_playing (session));
}

static void
test_window_and_identifiers (void)
{
  g_autoptr(AngioSeries) series = load_phantom (5, 15, FALSE);
  g_autoptr(AngioSession) session = angio_session_new ();
  double center, width, file_center, file_width;

  angio_session_set_series (session, series);
  g_assert_true (angio_series_get_default_window (series, &file_center, &file_width));
  g_object_get (session, "window-center", &center, "window-width", &width, NULL);
  g_assert_cmpfloat (center, ==, file_center);
  g_assert_cmpfloat (width, ==, file_width);
  angio_session_set_window (session, 10, 0);
  g_object_get (session, "window-width", &width, NULL);
  g_assert_cmpfloat (width, ==, 1);

  /* Revealed identifiers hide again for the next run. */
  g_object_set (session, "show-identifiers", TRUE, NULL);
  angio_session_set_series (session, NULL);
  {
    gboolean shown = TRUE;
    g_object_get (session, "show-identifiers", &shown, NULL);
    g_assert_false (shown);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/angio/ui/session/follows-elapsed-time", test_follows_elapsed_time);
  g_test_add_func ("/angio/ui/session/speed-and-seek", test_speed_and_seek);
  g_test_add_func ("/angio/ui/session/bounce", test_bounce);
  g_test_add_func ("/angio/ui/session/frame-time-vector", test_frame_time_vector);
  g_test_add_func ("/angio/ui/session/steps", test_steps);
  g_test_add_func ("/angio/ui/session/window-and-identifiers", test_window_and_identifiers);
  return g_test_run ();
}
