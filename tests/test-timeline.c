/* test-timeline.c — the timeline widget: where frames are drawn, scrubbing, markers. */
#include "config.h"

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

int
main (int   argc,
      char *argv[])
{
  angio_test_gui_init (&argc, &argv);

  g_test_add_func ("/angio/widgets/timeline/positions-and-markers", test_positions_and_markers);
  return g_test_run ();
}
