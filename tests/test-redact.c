/* test-redact.c — blacking out burned-in text in the application, under Xvfb with real input:
 * B pressed and a region dragged on the image with the mouse (xdotool, through the X server as
 * a person's hand would), drawn black on the view, one revision each; dragged again to move
 * it, right-clicked to remove it; measuring (M) takes the clicks back; the export of the case
 * has the region black in every frame.
 * A picture of the window with a region is saved in the test's folder (ANGIO_KEEP_TMP=1 keeps
 * it). */
#include "config.h"

#include <math.h>
#include <string.h>

#include <gdk/x11/gdkx.h>

#include "angio-application.h"
#include "angio-i18n.h"
#include "angio-package.h"
#include "angio-test-gui.h"
#include "angio-test-util.h"
#include "angio-window.h"

static AngioApplication *app;

/* Runs xdotool with @args, then lets the window take the events. */
static void
xdotool (const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, (gpointer) "xdotool");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL,
                               NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  angio_test_run_for (150);
}

typedef struct {
  AngioWindow *window;
  char xid[32];
} Pointer;

/* Where image point @p of the cine view is in the window's X11 window. */
static void
surface_point (Pointer   *screen,
               AngioPoint p,
               char       x[16],
               char       y[16])
{
  AngioCineView *view = angio_window_get_cine_view (screen->window);
  graphene_point_t in, out;
  double wx, wy, sx, sy;

  angio_cine_view_image_to_widget (view, p.x, p.y, &wx, &wy);
  in = GRAPHENE_POINT_INIT (wx, wy);
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (view), GTK_WIDGET (screen->window), &in,
                                           &out));
  gtk_native_get_surface_transform (GTK_NATIVE (screen->window), &sx, &sy);
  g_snprintf (x, 16, "%d", (int) lround (out.x + sx));
  g_snprintf (y, 16, "%d", (int) lround (out.y + sy));
}

static void
move_to (Pointer   *screen,
         AngioPoint p)
{
  char x[16], y[16];
  const char *args[] = { "mousemove", "--window", screen->xid, x, y, NULL };

  surface_point (screen, p, x, y);
  xdotool (args);
}

/* A drag with the left button from @from to @to, in steps. */
static void
drag (Pointer   *screen,
      AngioPoint from,
      AngioPoint to)
{
  const char *down[] = { "mousedown", "1", NULL };
  const char *up[] = { "mouseup", "1", NULL };

  move_to (screen, from);
  xdotool (down);
  for (guint i = 1; i <= 4; i++)
    move_to (screen, (AngioPoint) { from.x + (to.x - from.x) * i / 4,
                                    from.y + (to.y - from.y) * i / 4 });
  xdotool (up);
}

static guint
n_revisions (AngioWindow *window)
{
  g_autoptr(GPtrArray) history = angio_workspace_history (angio_window_get_workspace (window),
                                                          "CASE-0001", NULL);

  return history->len;
}

static const char *
last_action (AngioWindow *window)
{
  static char action[256];
  g_autoptr(GPtrArray) history = angio_workspace_history (angio_window_get_workspace (window),
                                                          "CASE-0001", NULL);
  AngioRevision *last = g_ptr_array_index (history, history->len - 1);

  g_strlcpy (action, last->action, sizeof action);
  return action;
}

/* Gray level of the view's pixel over image point @p. */
static double
gray_at (AngioWindow *window,
         AngioPoint   p)
{
  AngioCineView *view = angio_window_get_cine_view (window);
  g_autoptr(AngioTestImage) image = NULL;
  double x, y;

  gtk_widget_queue_draw (GTK_WIDGET (view));
  angio_test_run_for (100);
  image = angio_test_widget_image (GTK_WIDGET (view));
  angio_cine_view_image_to_widget (view, p.x, p.y, &x, &y);
  return angio_test_image_gray (image, (int) x, (int) y);
}

static void
test_redact (void)
{
  g_autoptr(AngioWorkspace) ws = angio_test_labelled_workspace ("ws-redact", 1);
  g_autofree char *folder = g_strdup (angio_workspace_get_folder (ws));
  AngioWindow *window;
  AngioCaseSeries *cs;
  Pointer screen;
  const AngioDicomRect *regions;
  g_autoptr(GError) error = NULL;
  const char *key_b[] = { "key", "b", NULL };
  const char *key_m[] = { "key", "m", NULL };
  const char *right[] = { "click", "3", NULL };
  AngioPoint inside = { 40, 20 };
  double before;
  guint n, revisions;

  g_clear_object (&ws);   /* the window opens it */
  window = angio_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (angio_window_open_workspace (window, folder, &error));
  g_assert_no_error (error);
  g_assert_true (angio_window_open_case (window, "CASE-0001", &error));
  g_assert_true (angio_test_wait_for (angio_test_window_case_shown, window, 30000));
  angio_test_run_for (300);
  {
    g_autoptr(AngioCaseSeries) first = g_list_model_get_item (
                                         angio_case_get_series (angio_window_get_case (window)),
                                         0);
    cs = first;   /* the case keeps it */
  }
  screen.window = window;
  g_snprintf (screen.xid, sizeof screen.xid, "%lu",
              (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))));
  before = gray_at (window, inside);
  g_assert_cmpfloat (before, >, 20);   /* something to black out */

  /* B with the pointer over the image, then a drag: a region, black on the view. */
  revisions = n_revisions (window);
  move_to (&screen, inside);
  xdotool (key_b);
  drag (&screen, (AngioPoint) { 10, 10 }, (AngioPoint) { 70, 30 });
  regions = angio_case_series_get_redactions (cs, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (regions[0].x, >=, 9);
  g_assert_cmpuint (regions[0].x, <=, 11);
  g_assert_cmpuint (regions[0].y, >=, 9);
  g_assert_cmpuint (regions[0].y, <=, 11);
  g_assert_cmpuint (regions[0].x + regions[0].width, >=, 69);
  g_assert_cmpuint (regions[0].x + regions[0].width, <=, 72);
  g_assert_cmpuint (regions[0].y + regions[0].height, >=, 29);
  g_assert_cmpuint (regions[0].y + regions[0].height, <=, 32);
  g_assert_cmpuint (n_revisions (window), ==, revisions + 1);
  g_assert_cmpstr (last_action (window), ==, "Region blacked out for export");
  g_assert_cmpfloat (gray_at (window, inside), <, 3);
  {
    g_autoptr(AngioTestImage) image = angio_test_widget_image (
      gtk_window_get_child (GTK_WINDOW (window)));
    g_autofree char *png = angio_test_path ("redact-window.png");

    angio_test_image_save (image, png);
  }

  /* Dragged from inside: moved by (20, 10), the same size. */
  drag (&screen, inside, (AngioPoint) { inside.x + 20, inside.y + 10 });
  regions = angio_case_series_get_redactions (cs, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (abs ((int) regions[0].x - 30), <=, 1);
  g_assert_cmpint (abs ((int) regions[0].y - 20), <=, 1);
  g_assert_cmpuint (n_revisions (window), ==, revisions + 2);
  g_assert_cmpstr (last_action (window), ==, "Blacked-out region moved");
  g_assert_cmpfloat (gray_at (window, (AngioPoint) { 15, 12 }), >, 3);   /* uncovered */

  /* Right-clicked: gone, the image as before. */
  move_to (&screen, (AngioPoint) { 50, 30 });
  xdotool (right);
  angio_case_series_get_redactions (cs, &n);
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpuint (n_revisions (window), ==, revisions + 3);
  g_assert_cmpstr (last_action (window), ==, "Blacked-out region removed");
  g_assert_cmpfloat (fabs (gray_at (window, inside) - before), <, 2);

  /* Drawn again, B to finish: a drag pans the view again, the region stays. */
  drag (&screen, (AngioPoint) { 10, 10 }, (AngioPoint) { 70, 30 });
  xdotool (key_b);
  drag (&screen, (AngioPoint) { 120, 120 }, (AngioPoint) { 130, 125 });
  angio_case_series_get_redactions (cs, &n);
  g_assert_cmpuint (n, ==, 1);
  /* B, then M to measure: the image's clicks are the measurement's, no region is drawn. */
  xdotool (key_b);
  xdotool (key_m);
  drag (&screen, (AngioPoint) { 120, 120 }, (AngioPoint) { 160, 140 });
  angio_case_series_get_redactions (cs, &n);
  g_assert_cmpuint (n, ==, 1);

  /* Exported: black in every frame of the run. */
  {
    const char *ids[] = { "CASE-0001", NULL };
    AngioExportOptions options = { FALSE, NULL };
    g_autofree char *out = angio_test_path ("redact-dataset");
    g_autofree char *dcm = g_build_filename (out, "RAS-0001", "series", "s1.dcm", NULL);
    g_autoptr(AngioSeries) series = NULL;

    g_assert_true (angio_package_export (angio_window_get_workspace (window), ids, out, &options,
                                         NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    series = angio_series_load (dcm, NULL, &error);
    g_assert_no_error (error);
    for (guint f = 0; f < angio_series_get_n_frames (series); f++)
      g_assert_cmpuint (angio_series_get_frame (series, f)[20 * 256 + 40], ==, 0);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  angio_test_run_for (50);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  angio_i18n_init ();
  angio_test_gui_init (&argc, &argv);
  if (!g_find_program_in_path ("xdotool"))
    {
      g_printerr ("xdotool is needed (build-aux/install-deps.sh installs it)\n");
      return 1;
    }
  app = angio_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_test_add_func ("/angio/ui/redact/draw-move-remove-export", test_redact);
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
