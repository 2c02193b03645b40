/* test-timeline.c — the timeline widget: where frames are drawn, scrubbing, markers; a
 * prediction's key frames beside the case's, each owner replacing only its own. */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "angio-test-gui.h"
#include "angio-timeline.h"

static void
on_marker (AngioTimeline *timeline,
           guint          frame,
           guint         *activated)
{
  *activated = frame;
}

static void
test_positions_and_markers (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  AngioTimeline *timeline = ANGIO_TIMELINE (angio_timeline_new ());
  const double curve[] = { 0, 0.2, 0.9, 1, 0.7 };
  const AngioTimelineMarker markers[] = { { 2, ANGIO_MARKER_PROPOSED }, { 3, ANGIO_MARKER_ACCEPTED } };
  g_autoptr(AngioTestImage) image = NULL;
  guint activated = G_MAXUINT;

  g_object_ref (timeline);
  gtk_window_set_default_size (window, 420, 64);
  gtk_window_set_child (window, GTK_WIDGET (timeline));
  gtk_window_present (window);
  angio_timeline_set_n_frames (timeline, 5);
  angio_timeline_set_n_ready (timeline, 3);
  angio_timeline_set_curve (timeline, curve, G_N_ELEMENTS (curve));
  angio_timeline_set_markers (timeline, markers, G_N_ELEMENTS (markers));
  angio_test_run_for (150);

  /* Frames span the width; positions and hits agree. */
  for (guint f = 0; f < 5; f++)
    g_assert_cmpuint (angio_timeline_frame_at (timeline,
                                               angio_timeline_frame_position (timeline, f)), ==, f);
  g_assert_cmpfloat (angio_timeline_frame_position (timeline, 0), <,
                     angio_timeline_frame_position (timeline, 4));
  angio_timeline_set_frame (timeline, 99);
  g_assert_cmpuint (angio_timeline_get_frame (timeline), ==, 4);

  g_signal_connect (timeline, "marker-activated", G_CALLBACK (on_marker), &activated);
  image = angio_test_widget_image (GTK_WIDGET (timeline));
  g_assert_cmpint (image->width, ==, gtk_widget_get_width (GTK_WIDGET (timeline)));

  gtk_window_destroy (window);
  angio_test_run_for (20);
  g_assert_finalize_object (timeline);
}

/* Whether the pixel at (@x, @y) is the predicted markers' magenta (#c061cb). */
static gboolean
is_magenta (const AngioTestImage *image,
            double                x,
            double                y)
{
  guint8 rgb[3];

  angio_test_image_rgb (image, (int) round (x), (int) round (y), rgb);
  return abs (rgb[0] - 0xc0) < 24 && abs (rgb[1] - 0x61) < 24 && abs (rgb[2] - 0xcb) < 24;
}

static void
test_predicted_markers (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  AngioTimeline *timeline = ANGIO_TIMELINE (angio_timeline_new ());
  const AngioTimelineMarker markers[] = {
    { 2, ANGIO_MARKER_PROPOSED }, { 6, ANGIO_MARKER_ACCEPTED },
  };
  const AngioTimelineMarker one[] = { { 3, ANGIO_MARKER_ACCEPTED } };
  const guint predicted[] = { 8, 6 };
  const AngioTimelineMarker *shown;
  g_autoptr(AngioTestImage) before = NULL;
  g_autoptr(AngioTestImage) with = NULL;
  g_autoptr(AngioTestImage) without = NULL;
  double pin_y = 31 - 5 - 1 - 4;   /* the middle of the pin above the track */
  guint n;

  g_object_ref (timeline);
  gtk_window_set_default_size (window, 420, 64);
  gtk_window_set_child (window, GTK_WIDGET (timeline));
  gtk_window_present (window);
  angio_timeline_set_n_frames (timeline, 10);
  angio_timeline_set_n_ready (timeline, 10);
  angio_timeline_set_markers (timeline, markers, G_N_ELEMENTS (markers));
  angio_test_run_for (150);
  before = angio_test_widget_image (GTK_WIDGET (timeline));

  /* The prediction's key frames come after the case's; the case's look as before. */
  angio_timeline_set_predicted_frames (timeline, predicted, G_N_ELEMENTS (predicted));
  shown = angio_timeline_get_markers (timeline, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpuint (shown[0].frame, ==, 2);
  g_assert_cmpint (shown[0].style, ==, ANGIO_MARKER_PROPOSED);
  g_assert_cmpuint (shown[1].frame, ==, 6);
  g_assert_cmpint (shown[1].style, ==, ANGIO_MARKER_ACCEPTED);
  g_assert_cmpuint (shown[2].frame, ==, 8);
  g_assert_cmpint (shown[2].style, ==, ANGIO_MARKER_PREDICTED);
  g_assert_cmpuint (shown[3].frame, ==, 6);
  g_assert_cmpint (shown[3].style, ==, ANGIO_MARKER_PREDICTED);
  angio_test_run_for (100);
  with = angio_test_widget_image (GTK_WIDGET (timeline));
  for (guint i = 0; i < G_N_ELEMENTS (predicted); i++)
    {
      double x = angio_timeline_frame_position (timeline, predicted[i]);

      g_assert_false (is_magenta (before, x, pin_y));
      g_assert_true (is_magenta (with, x, pin_y));
    }
  /* The case's accepted diamond on frame 6 is drawn as before, under the pin. */
  {
    double x = angio_timeline_frame_position (timeline, 6);
    guint8 a[3], b[3];

    angio_test_image_rgb (before, (int) round (x), 31, a);
    angio_test_image_rgb (with, (int) round (x), 31, b);
    g_assert_cmpmem (a, 3, b, 3);
    g_assert_false (is_magenta (with, x, 31));
  }

  /* The case's markers replaced: the predicted stay; and the other way round. */
  angio_timeline_set_markers (timeline, one, G_N_ELEMENTS (one));
  shown = angio_timeline_get_markers (timeline, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (shown[0].frame, ==, 3);
  g_assert_cmpint (shown[1].style, ==, ANGIO_MARKER_PREDICTED);
  g_assert_cmpint (shown[2].style, ==, ANGIO_MARKER_PREDICTED);
  angio_timeline_set_predicted_frames (timeline, NULL, 0);
  shown = angio_timeline_get_markers (timeline, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (shown[0].frame, ==, 3);
  g_assert_cmpint (shown[0].style, ==, ANGIO_MARKER_ACCEPTED);
  angio_test_run_for (100);
  without = angio_test_widget_image (GTK_WIDGET (timeline));
  for (guint i = 0; i < G_N_ELEMENTS (predicted); i++)
    g_assert_false (is_magenta (without, angio_timeline_frame_position (timeline, predicted[i]),
                                pin_y));
  angio_timeline_set_markers (timeline, NULL, 0);
  shown = angio_timeline_get_markers (timeline, &n);
  g_assert_cmpuint (n, ==, 0);
  g_assert_null (shown);

  gtk_window_destroy (window);
  angio_test_run_for (20);
  g_assert_finalize_object (timeline);
}

int
main (int   argc,
      char *argv[])
{
  angio_test_gui_init (&argc, &argv);

  g_test_add_func ("/angio/widgets/timeline/positions-and-markers", test_positions_and_markers);
  g_test_add_func ("/angio/widgets/timeline/predicted-markers", test_predicted_markers);
  return g_test_run ();
}
