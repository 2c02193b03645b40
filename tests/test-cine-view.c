/* test-cine-view.c — the cine view on screen (under Xvfb): the right pixels, window/level on
 * them, zoom and pan, and an overlay that stays on its image pixels. Runs three times: OpenGL
 * with 16-bit textures, OpenGL with two 8-bit channels (ANGIOMARK_GL_TWO_BYTES, the fallback
 * for GLES without norm16), and without GL (ANGIOMARK_NO_GL). */
#include "config.h"

#include <math.h>

#include "angio-cine-view.h"
#include "angio-test-gui.h"
#include "angio-test-util.h"

#define COLS 64
#define ROWS 48

typedef struct {
  GtkWindow *window;
  AngioCineView *view;
  AngioSeries *series;
  guint presented;
} Fixture;

/* Background 1000; a 5 × 5 block of 4000 centred at (40, 20) in frame 0, (10, 30) in frame 1. */
static AngioSeries *
block_series (void)
{
  g_autoptr(GByteArray) bytes = angio_test_dicom_begin ("1.2.840.10008.1.2.1");
  g_autofree guint16 *pixels = g_new (guint16, 2 * COLS * ROWS);
  static const int centres[2][2] = { { 40, 20 }, { 10, 30 } };
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  AngioSeries *series;

  for (guint f = 0; f < 2; f++)
    for (int y = 0; y < ROWS; y++)
      for (int x = 0; x < COLS; x++)
        pixels[(f * ROWS + y) * COLS + x] =
          (abs (x - centres[f][0]) <= 2 && abs (y - centres[f][1]) <= 2) ? 4000 : 1000;
  angio_test_dicom_image_header (bytes, ROWS, COLS, 2);
  angio_test_dicom_element (bytes, 0x7fe0, 0x0010, "OW", pixels, 2 * COLS * ROWS * 2);
  path = angio_test_write ("blocks.dcm", bytes->data, bytes->len);
  series = angio_series_load (path, NULL, &error);
  g_assert_no_error (error);
  return series;
}

static void
on_presented (AngioCineView *view,
              guint          frame,
              Fixture       *fixture)
{
  fixture->presented++;
}

static gboolean
presented_again (gpointer data)
{
  Fixture *fixture = data;
  return fixture->presented > 0;
}

/* Lets the view draw what was just changed. */
static void
settle (Fixture *fixture)
{
  fixture->presented = 0;
  gtk_widget_queue_draw (GTK_WIDGET (fixture->view));
  angio_test_wait_for (presented_again, fixture, 3000);
  angio_test_run_for (50);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->window = GTK_WINDOW (gtk_window_new ());
  fixture->view = ANGIO_CINE_VIEW (angio_cine_view_new ());
  g_object_ref (fixture->view);
  gtk_window_set_default_size (fixture->window, 400, 300);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  g_signal_connect (fixture->view, "frame-presented", G_CALLBACK (on_presented), fixture);
  gtk_window_present (fixture->window);
  fixture->series = block_series ();
  angio_cine_view_set_series (fixture->view, fixture->series);
  angio_cine_view_set_window (fixture->view, 2048, 4096);
  settle (fixture);
  g_test_message ("renderer: %s", angio_cine_view_get_renderer (fixture->view));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  angio_test_run_for (20);
  g_clear_object (&fixture->series);
  g_assert_finalize_object (fixture->view);
}

static double
gray_at_image (Fixture              *fixture,
               const AngioTestImage *image,
               double                x,
               double                y)
{
  double wx, wy;

  angio_cine_view_image_to_widget (fixture->view, x, y, &wx, &wy);
  return angio_test_image_gray (image, (int) floor (wx), (int) floor (wy));
}

static void
test_renderer (Fixture       *fixture,
               gconstpointer  data)
{
  const char *renderer = angio_cine_view_get_renderer (fixture->view);

  if (g_getenv ("ANGIOMARK_NO_GL") != NULL)
    g_assert_true (g_str_has_prefix (renderer, "software"));
  else if (g_getenv ("ANGIOMARK_GL_TWO_BYTES") != NULL)
    g_assert_true (g_str_has_suffix (renderer, "RG8"));
  else
    /* Xvfb has Mesa's llvmpipe: the GL path must work there. */
    g_assert_true (g_str_has_prefix (renderer, "OpenGL"));
}

static void
test_window_level (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(AngioTestImage) wide = NULL;
  g_autoptr(AngioTestImage) narrow = NULL;
  g_autoptr(AngioTestImage) inverted = NULL;

  wide = angio_test_widget_image (GTK_WIDGET (fixture->view));
  /* 1000 and 4000 of a 0…4096 window: about 62 and 249. */
  g_assert_cmpfloat_with_epsilon (gray_at_image (fixture, wide, 5, 5), 62, 6);
  g_assert_cmpfloat (gray_at_image (fixture, wide, 40, 20), >, 235);

  angio_cine_view_set_window (fixture->view, 1000, 200);
  settle (fixture);
  narrow = angio_test_widget_image (GTK_WIDGET (fixture->view));
  g_assert_cmpfloat_with_epsilon (gray_at_image (fixture, narrow, 5, 5), 128, 6);
  g_assert_cmpfloat (gray_at_image (fixture, narrow, 40, 20), >, 250);

  g_object_set (fixture->view, "invert", TRUE, NULL);
  settle (fixture);
  inverted = angio_test_widget_image (GTK_WIDGET (fixture->view));
  g_assert_cmpfloat (gray_at_image (fixture, inverted, 40, 20), <, 5);

  /* Zoomed out, around the frame: black, not part of the image. */
  angio_cine_view_zoom_at (fixture->view, 0.5, 200, 150);
  settle (fixture);
  g_clear_pointer (&inverted, angio_test_image_free);
  inverted = angio_test_widget_image (GTK_WIDGET (fixture->view));
  g_assert_cmpfloat (angio_test_image_gray (inverted, 1, 1), <, 5);
}

static void
test_frames (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(AngioTestImage) image = NULL;

  angio_cine_view_set_frame (fixture->view, 1);
  settle (fixture);
  image = angio_test_widget_image (GTK_WIDGET (fixture->view));
  g_assert_cmpfloat (gray_at_image (fixture, image, 10, 30), >, 235);
  g_assert_cmpfloat (gray_at_image (fixture, image, 40, 20), <, 80);
}

static void
test_zoom_modes (Fixture       *fixture,
                 gconstpointer  data)
{
  double w = gtk_widget_get_width (GTK_WIDGET (fixture->view));
  double h = gtk_widget_get_height (GTK_WIDGET (fixture->view));
  double ix, iy, x2, y2;

  g_assert_cmpint (angio_cine_view_get_zoom_mode (fixture->view), ==, ANGIO_ZOOM_FIT);
  g_assert_cmpfloat_with_epsilon (angio_cine_view_get_zoom (fixture->view),
                                  MIN (w / COLS, h / ROWS), 1e-9);
  angio_cine_view_set_zoom_mode (fixture->view, ANGIO_ZOOM_FILL);
  g_assert_cmpfloat_with_epsilon (angio_cine_view_get_zoom (fixture->view),
                                  MAX (w / COLS, h / ROWS), 1e-9);
  angio_cine_view_set_zoom_mode (fixture->view, ANGIO_ZOOM_ACTUAL);
  g_assert_cmpfloat (angio_cine_view_get_zoom (fixture->view), ==, 1.0);

  /* Zooming keeps the image point under the pointer where it is. */
  angio_cine_view_widget_to_image (fixture->view, 120, 80, &ix, &iy);
  angio_cine_view_zoom_at (fixture->view, 2.5, 120, 80);
  g_assert_cmpint (angio_cine_view_get_zoom_mode (fixture->view), ==, ANGIO_ZOOM_FREE);
  angio_cine_view_widget_to_image (fixture->view, 120, 80, &x2, &y2);
  g_assert_cmpfloat_with_epsilon (ix, x2, 1e-9);
  g_assert_cmpfloat_with_epsilon (iy, y2, 1e-9);
}

static void
draw_ring (AngioCineView *view,
           cairo_t       *cr,
           gpointer       data)
{
  /* In image coordinates: a ring around the block of frame 0, a line 1 pixel wide. */
  cairo_set_source_rgb (cr, 1, 0, 0);
  cairo_set_line_width (cr, 1.0);
  cairo_arc (cr, 40, 20, 6, 0, 2 * G_PI);
  cairo_stroke (cr);
}

/* Centroid of the pixels @select accepts. */
static gboolean
centroid (const AngioTestImage *image,
          gboolean            (*select) (const guint8 rgb[3]),
          double               *cx,
          double               *cy)
{
  double sx = 0, sy = 0;
  guint n = 0;

  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      {
        guint8 rgb[3];

        angio_test_image_rgb (image, x, y, rgb);
        if (select (rgb))
          {
            sx += x + 0.5;
            sy += y + 0.5;
            n++;
          }
      }
  if (n == 0)
    return FALSE;
  *cx = sx / n;
  *cy = sy / n;
  return TRUE;
}

static gboolean
is_red (const guint8 rgb[3])
{
  return rgb[0] > 150 && rgb[1] < 90 && rgb[2] < 90;
}

static gboolean
is_white (const guint8 rgb[3])
{
  return rgb[0] > 220 && rgb[1] > 220 && rgb[2] > 220;
}

static void
test_overlay_alignment (Fixture       *fixture,
                        gconstpointer  data)
{
  /* From "fit", each keeping the ring inside the view. */
  static const struct { double factor, x, y, dx, dy; } views[] = {
    { 1.0, 0, 0, 0, 0 },
    { 2.0, 253, 128, 37, -21 },
    { 1.5, 260, 120, -30, 25 },
    { 0.6, 100, 100, 20, 10 },
    { 1.3, 250, 130, 0.4, -0.3 },   /* a sub-pixel pan */
  };

  angio_cine_view_set_window (fixture->view, 2500, 1000);   /* background black, block white */
  g_signal_connect (fixture->view, "draw-overlay", G_CALLBACK (draw_ring), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_autoptr(AngioTestImage) image = NULL;
      double rx = 0, ry = 0, bx = 0, by = 0, ex, ey;

      angio_cine_view_set_zoom_mode (fixture->view, ANGIO_ZOOM_FIT);
      angio_cine_view_zoom_at (fixture->view, views[i].factor, views[i].x, views[i].y);
      angio_cine_view_pan (fixture->view, views[i].dx, views[i].dy);
      settle (fixture);
      image = angio_test_widget_image (GTK_WIDGET (fixture->view));
      angio_cine_view_image_to_widget (fixture->view, 40, 20, &ex, &ey);
      g_assert_true (centroid (image, is_red, &rx, &ry));
      g_assert_true (centroid (image, is_white, &bx, &by));
      g_test_message ("view %u: zoom %.2f, expected (%.1f, %.1f), ring (%.1f, %.1f), "
                      "block (%.1f, %.1f)", i, angio_cine_view_get_zoom (fixture->view),
                      ex, ey, rx, ry, bx, by);
      /* Within a pixel of each other and of where the transform puts them. */
      g_assert_cmpfloat (hypot (rx - ex, ry - ey), <, 1.0);
      g_assert_cmpfloat (hypot (bx - ex, by - ey), <, 1.0);
    }
}

int
main (int   argc,
      char *argv[])
{
  angio_test_gui_init (&argc, &argv);

  g_test_add ("/angio/widgets/cine-view/renderer", Fixture, NULL, fixture_set_up, test_renderer,
              fixture_tear_down);
  g_test_add ("/angio/widgets/cine-view/window-level", Fixture, NULL, fixture_set_up,
              test_window_level, fixture_tear_down);
  g_test_add ("/angio/widgets/cine-view/frames", Fixture, NULL, fixture_set_up, test_frames,
              fixture_tear_down);
  g_test_add ("/angio/widgets/cine-view/zoom-modes", Fixture, NULL, fixture_set_up,
              test_zoom_modes, fixture_tear_down);
  g_test_add ("/angio/widgets/cine-view/overlay-alignment", Fixture, NULL, fixture_set_up,
              test_overlay_alignment, fixture_tear_down);
  return g_test_run ();
}
