/* make-screenshots.c — renders the window on the demo case, on the frame of the proposed
 * lesions (or a frame given), to PNG files for the documentation. Run under Xvfb: `meson compile -C _build screenshots`. */
#include "config.h"

#include "angio-application.h"
#include "angio-demo.h"
#include "angio-i18n.h"
#include "angio-lesion.h"
#include "angio-test-gui.h"
#include "angio-window.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AngioApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot;
  AngioWindow *window;
  const char *out = argc > 1 ? argv[1] : "screenshot.png";
  guint frame = 30;
  int w, h;

  angio_i18n_init ();
  angio_test_gui_init (&argc, &argv);
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
  angio_test_run_for (800);

  w = gtk_widget_get_width (GTK_WIDGET (window));
  h = gtk_widget_get_height (GTK_WIDGET (window));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (!gdk_texture_save_to_png (texture, out))
    g_error ("cannot write %s", out);
  g_print ("%s: %d × %d, frame %u\n", out, w, h, frame + 1);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
