/* test-score-plot.c — the plots of the dataset score page: what lands on which pixel, the
 * export to PNG and SVG, and the widget's hit test, tooltip and click. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "angio-score-plot.h"
#include "angio-test-gui.h"

#define W 480
#define H 360

static cairo_surface_t *
render (AngioScorePlotKind        kind,
        const AngioScorePlotData *data)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
  cairo_t *cr = cairo_create (surface);

  angio_score_plot_draw (kind, data, cr, W, H);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (g_getenv ("ANGIO_TEST_SAVE_PLOTS") != NULL)
    {
      g_autofree char *name = g_strdup_printf ("score-plot-%d.png", kind);

      cairo_surface_write_to_png (surface, name);
    }
  return surface;
}

static void
pixel (cairo_surface_t *surface,
       double           x,
       double           y,
       guint8           rgb[3])
{
  int px = (int) floor (x), py = (int) floor (y);
  const guint8 *p;

  g_assert_true (px >= 0 && py >= 0 && px < cairo_image_surface_get_width (surface) &&
                 py < cairo_image_surface_get_height (surface));
  p = cairo_image_surface_get_data (surface) + py * cairo_image_surface_get_stride (surface) +
      px * 4;
  rgb[0] = p[2];
  rgb[1] = p[1];
  rgb[2] = p[0];
}

/* The house colours, as they come out blended. */
static gboolean
is_blue (const guint8 c[3])
{
  return c[2] > 120 && c[2] > c[0] + 60 && c[2] > c[1] + 40;
}

static gboolean
is_orange (const guint8 c[3])
{
  return c[0] > 180 && c[1] > 60 && c[1] < 150 && c[2] < 80;
}

static gboolean
is_dark_gray (const guint8 c[3])
{
  return c[0] < 110 && c[1] < 110 && c[2] < 110 && ABS (c[0] - c[2]) < 40;
}

static gboolean
is_blue_at (cairo_surface_t *surface,
            double           x,
            double           y)
{
  guint8 c[3];

  pixel (surface, x, y, c);
  return is_blue (c);
}

/* The share of the pixels from (x0, y0) to (x1, y1) (a row or a column) that @test. */
static double
share (cairo_surface_t *surface,
       double           x0,
       double           y0,
       double           x1,
       double           y1,
       gboolean       (*test) (const guint8 c[3]))
{
  int steps = (int) MAX (fabs (x1 - x0), fabs (y1 - y0));
  int hits = 0;

  g_assert_cmpint (steps, >, 10);
  for (int i = 0; i <= steps; i++)
    {
      guint8 c[3];

      pixel (surface, x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps, c);
      hits += test (c);
    }
  return (double) hits / (steps + 1);
}

static void
position (AngioScorePlotKind        kind,
          const AngioScorePlotData *data,
          double                    x,
          double                    y,
          double                   *sx,
          double                   *sy)
{
  g_assert_true (angio_score_plot_value_position (kind, data, W, H, x, y, sx, sy));
  g_assert_true (*sx > 0 && *sx < W && *sy > 0 && *sy < H);
}

static const char *const scatter_labels[] = { "a", "b", "c", "d" };
static const double scatter_ref[] = { 0.70, 0.90, 0.55, 0.95 };
static const double scatter_pred[] = { 0.72, 0.60, 0.88, 0.93 };

static void
test_ffr_scatter (void)
{
  const AngioScorePlotData data = { 4, scatter_labels, scatter_ref, scatter_pred,
                                    NAN, NAN, NAN, 0.80 };
  cairo_surface_t *surface = render (ANGIO_SCORE_PLOT_FFR_SCATTER, &data);
  double lo_x, lo_y, hi_x, hi_y, cut_x, cut_y, x, y;

  /* Axes 0.4–1.0, as wide as high, the cut-off two thirds along. */
  position (ANGIO_SCORE_PLOT_FFR_SCATTER, &data, 0.4, 0.4, &lo_x, &lo_y);
  position (ANGIO_SCORE_PLOT_FFR_SCATTER, &data, 1.0, 1.0, &hi_x, &hi_y);
  position (ANGIO_SCORE_PLOT_FFR_SCATTER, &data, 0.8, 0.8, &cut_x, &cut_y);
  g_assert_cmpfloat_with_epsilon (hi_x - lo_x, lo_y - hi_y, 1.0);
  g_assert_cmpfloat_with_epsilon ((cut_x - lo_x) / (hi_x - lo_x), 2.0 / 3, 1e-6);
  g_assert_cmpfloat (hi_x - lo_x, >, 200);

  for (guint i = 0; i < data.n; i++)
    {
      position (ANGIO_SCORE_PLOT_FFR_SCATTER, &data, scatter_ref[i], scatter_pred[i], &x, &y);
      g_assert_true (is_blue_at (surface, x, y));
      g_assert_true (is_blue_at (surface, x + 2, y - 2));
      g_assert_false (is_blue_at (surface, x + 8, y + 8));
    }
  /* Nothing blue where there is no case. */
  position (ANGIO_SCORE_PLOT_FFR_SCATTER, &data, 0.5, 0.6, &x, &y);
  g_assert_false (is_blue_at (surface, x, y));

  /* The cut-off lines, orange and dashed: x = 0.80 down the plot, y = 0.80 across. */
  g_assert_cmpfloat (share (surface, round (cut_x), hi_y + 5, round (cut_x), lo_y - 5,
                            is_orange), >, 0.45);
  g_assert_cmpfloat (share (surface, round (cut_x), hi_y + 5, round (cut_x), lo_y - 5,
                            is_orange), <, 0.85);
  g_assert_cmpfloat (share (surface, lo_x + 5, round (cut_y), hi_x - 5, round (cut_y),
                            is_orange), >, 0.45);
  g_assert_false (is_orange ((guint8[3]) { 0 }));
  g_assert_cmpfloat (share (surface, round (cut_x) + 4, hi_y + 5, round (cut_x) + 4, lo_y - 5,
                            is_orange), <, 0.05);
  cairo_surface_destroy (surface);
}

/* Data below 0.4 widens the axes; beyond 1.2 is drawn on the edge. */
static void
test_ffr_scatter_range (void)
{
  const double ref[] = { 0.25, 1.5, 0.8 };
  const double pred[] = { 0.30, 1.6, NAN };
  const AngioScorePlotData data = { 3, NULL, ref, pred, NAN, NAN, NAN, 0.80 };
  cairo_surface_t *surface = render (ANGIO_SCORE_PLOT_FFR_SCATTER, &data);
  double x, y, edge_x, edge_y, zero_x, zero_y;

  position (ANGIO_SCORE_PLOT_FFR_SCATTER, &data, 0.25, 0.30, &x, &y);
  g_assert_true (is_blue_at (surface, x, y));
  position (ANGIO_SCORE_PLOT_FFR_SCATTER, &data, 1.2, 1.2, &edge_x, &edge_y);
  g_assert_true (is_blue_at (surface, edge_x - 1, edge_y + 1));
  /* 0.2–1.2: the lowest point is a twentieth of the way in. */
  position (ANGIO_SCORE_PLOT_FFR_SCATTER, &data, 0.2, 0.2, &zero_x, &zero_y);
  g_assert_cmpfloat_with_epsilon ((x - zero_x) / (edge_x - zero_x), 0.05, 1e-6);
  cairo_surface_destroy (surface);
}

static void
test_dice_bars (void)
{
  const char *const labels[] = { "case-01", "case-02", "case-03", "case-04", "case-05" };
  const double dice[] = { 1.0, 0.5, NAN, 0.8, 0.9 };
  const AngioScorePlotData data = { 5, labels, NULL, dice, NAN, NAN, NAN, NAN };
  cairo_surface_t *surface = render (ANGIO_SCORE_PLOT_DICE_BARS, &data);
  double heights[2], x, base, top, mean_y;

  for (guint i = 0; i < 2; i++)
    {
      int count = 0;

      position (ANGIO_SCORE_PLOT_DICE_BARS, &data, i, 0, &x, &base);
      position (ANGIO_SCORE_PLOT_DICE_BARS, &data, i, 1, &x, &top);
      for (double y = top - 10; y < base + 10; y++)
        count += is_blue_at (surface, x, y);
      heights[i] = count;
    }
  g_assert_cmpfloat (heights[0], >, 150);
  g_assert_cmpfloat_with_epsilon (heights[0] / heights[1], 2.0, 0.05);

  /* The NAN case: an empty slot. */
  position (ANGIO_SCORE_PLOT_DICE_BARS, &data, 2, 0.3, &x, &top);
  g_assert_false (is_blue_at (surface, x, top));

  /* The mean, 0.8, dashed and dark across the plot (over the bars too). */
  position (ANGIO_SCORE_PLOT_DICE_BARS, &data, 2, 0.8, &x, &mean_y);
  position (ANGIO_SCORE_PLOT_DICE_BARS, &data, 0, 0.8, &x, &mean_y);
  g_assert_cmpfloat (share (surface, x, round (mean_y), x + 200, round (mean_y), is_dark_gray),
                     >, 0.3);
  g_assert_cmpfloat (share (surface, x, round (mean_y), x + 200, round (mean_y), is_dark_gray),
                     <, 0.9);
  cairo_surface_destroy (surface);
}

/* Many cases: labels slant, the bars stay in order. */
static void
test_dice_bars_many (void)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  double dice[60];
  AngioScorePlotData data = { G_N_ELEMENTS (dice), NULL, NULL, dice, NAN, NAN, NAN, NAN };
  cairo_surface_t *surface;
  double x0, x1, y;

  for (guint i = 0; i < G_N_ELEMENTS (dice); i++)
    {
      g_ptr_array_add (labels, g_strdup_printf ("a-very-long-case-identifier-%02u", i));
      dice[i] = 0.5 + 0.4 * sin (i);
    }
  g_ptr_array_add (labels, NULL);
  data.labels = (const char *const *) labels->pdata;
  surface = render (ANGIO_SCORE_PLOT_DICE_BARS, &data);
  position (ANGIO_SCORE_PLOT_DICE_BARS, &data, 0, 0.05, &x0, &y);
  position (ANGIO_SCORE_PLOT_DICE_BARS, &data, G_N_ELEMENTS (dice) - 1, 0.05, &x1, &y);
  g_assert_cmpfloat (x0, <, x1);
  g_assert_true (is_blue_at (surface, x0, y));
  g_assert_true (is_blue_at (surface, x1, y));
  cairo_surface_destroy (surface);
}

#define N_BA 20

static void
bland_altman_data (double              ref[N_BA],
                   double              pred[N_BA],
                   AngioScorePlotData *data)
{
  double sd;

  /* Differences 0.01 ± 0.03: the bias 0.01, the limits ± 1.96 SD (sample) around it. */
  for (guint i = 0; i < N_BA; i++)
    {
      ref[i] = 0.6 + 0.02 * i;
      pred[i] = ref[i] + 0.01 + (i % 2 ? 0.03 : -0.03);
    }
  sd = 0.03 * sqrt (N_BA / (N_BA - 1.0));
  *data = (AngioScorePlotData) { N_BA, NULL, ref, pred, 0.01, 0.01 - 1.96 * sd,
                                 0.01 + 1.96 * sd, 0.80 };
}

static void
test_bland_altman (void)
{
  double ref[N_BA], pred[N_BA], x, y, left, right, bias_y, low_y, high_y;
  AngioScorePlotData data;
  cairo_surface_t *surface;

  bland_altman_data (ref, pred, &data);
  surface = render (ANGIO_SCORE_PLOT_BLAND_ALTMAN, &data);
  for (guint i = 0; i < N_BA; i++)
    {
      position (ANGIO_SCORE_PLOT_BLAND_ALTMAN, &data, (ref[i] + pred[i]) / 2, pred[i] - ref[i],
                &x, &y);
      g_assert_true (is_blue_at (surface, x, y));
    }
  position (ANGIO_SCORE_PLOT_BLAND_ALTMAN, &data, ref[0] + 0.01, data.bias, &left, &bias_y);
  position (ANGIO_SCORE_PLOT_BLAND_ALTMAN, &data, ref[N_BA - 1] + 0.01, data.loa_low, &right,
            &low_y);
  position (ANGIO_SCORE_PLOT_BLAND_ALTMAN, &data, ref[0], data.loa_high, &x, &high_y);
  g_assert_cmpfloat (high_y, <, bias_y);
  g_assert_cmpfloat (bias_y, <, low_y);
  g_assert_cmpfloat (low_y - high_y, >, 100);

  /* The bias solid and dark grey, the limits dashed and orange. */
  g_assert_cmpfloat (share (surface, left, round (bias_y), right, round (bias_y), is_dark_gray),
                     >, 0.9);
  g_assert_cmpfloat (share (surface, left, round (bias_y) + 4, right, round (bias_y) + 4,
                            is_dark_gray), <, 0.05);
  g_assert_cmpfloat (share (surface, left, round (high_y), right, round (high_y), is_orange),
                     >, 0.4);
  g_assert_cmpfloat (share (surface, left, round (high_y), right, round (high_y), is_orange),
                     <, 0.85);
  g_assert_cmpfloat (share (surface, left, round (low_y), right, round (low_y), is_orange),
                     >, 0.4);
  cairo_surface_destroy (surface);

  /* NAN lines are not drawn. */
  data.bias = data.loa_low = data.loa_high = NAN;
  surface = render (ANGIO_SCORE_PLOT_BLAND_ALTMAN, &data);
  position (ANGIO_SCORE_PLOT_BLAND_ALTMAN, &data, ref[0] + 0.01, 0.01, &left, &bias_y);
  position (ANGIO_SCORE_PLOT_BLAND_ALTMAN, &data, ref[N_BA - 1] + 0.01, 0.01, &right, &bias_y);
  g_assert_cmpfloat (share (surface, left, round (bias_y), right, round (bias_y), is_dark_gray),
                     <, 0.1);
  cairo_surface_destroy (surface);
}

/* NAN only, nothing, no data at all: "No data" written in the middle, nothing plotted. */
static void
test_no_data (void)
{
  const double nan2[] = { NAN, NAN };
  const AngioScorePlotData nans = { 2, NULL, nan2, nan2, NAN, NAN, NAN, 0.80 };
  const AngioScorePlotData empty = { 0 };
  const AngioScorePlotData *cases[] = { &nans, &empty, NULL };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    for (AngioScorePlotKind kind = ANGIO_SCORE_PLOT_BLAND_ALTMAN;
         kind <= ANGIO_SCORE_PLOT_DICE_BARS; kind++)
      {
        cairo_surface_t *surface = render (kind, cases[c]);
        int blue = 0, dark_middle = 0;

        g_assert_false (angio_score_plot_value_position (kind, cases[c], W, H, 0.5, 0.5, NULL,
                                                         NULL));
        for (int y = 0; y < H; y++)
          for (int x = 0; x < W; x++)
            {
              guint8 rgb[3];

              pixel (surface, x, y, rgb);
              blue += is_blue (rgb);
              if (abs (x - W / 2) < 40 && abs (y - H / 2) < 10)
                dark_middle += rgb[0] < 160;
            }
        g_assert_cmpint (blue, ==, 0);
        g_assert_cmpint (dark_middle, >, 10);
        cairo_surface_destroy (surface);
      }
}

/* Down to nothing: still drawn without a cairo error, nothing but the background at 0 × 0. */
static void
test_tiny (void)
{
  double ref[N_BA], pred[N_BA];
  AngioScorePlotData data;
  const double sizes[][2] = { { 40, 30 }, { 5, 5 }, { 0, 0 } };

  bland_altman_data (ref, pred, &data);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (AngioScorePlotKind kind = ANGIO_SCORE_PLOT_BLAND_ALTMAN;
         kind <= ANGIO_SCORE_PLOT_DICE_BARS; kind++)
      {
        cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 40, 30);
        cairo_t *cr = cairo_create (surface);

        angio_score_plot_draw (kind, &data, cr, sizes[s][0], sizes[s][1]);
        g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
        cairo_destroy (cr);
        cairo_surface_destroy (surface);
      }
}

static void
test_save (void)
{
  double ref[N_BA], pred[N_BA];
  AngioScorePlotData data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("score-plot-XXXXXX", &error);
  g_autofree char *png = g_build_filename (dir, "agreement.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "agreement.SVG", NULL);
  g_autofree char *jpeg = g_build_filename (dir, "agreement.jpg", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", "agreement.png", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GDir) listing = NULL;
  cairo_surface_t *surface;
  guint n_files = 0;
  guint8 rgb[3];

  g_assert_no_error (error);
  bland_altman_data (ref, pred, &data);

  g_assert_true (angio_score_plot_save (ANGIO_SCORE_PLOT_BLAND_ALTMAN, &data, png, 640, 400,
                                        &error));
  g_assert_no_error (error);
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 400);
  pixel (surface, 1, 1, rgb);
  g_assert_cmpint (rgb[0] + rgb[1] + rgb[2], ==, 3 * 255);
  cairo_surface_destroy (surface);

  g_assert_true (angio_score_plot_save (ANGIO_SCORE_PLOT_DICE_BARS, &data, svg, 480, 360,
                                        &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &contents, NULL, &error));
  g_assert_true (g_str_has_prefix (contents, "<?xml") || strstr (contents, "<svg") != NULL);
  g_assert_nonnull (strstr (contents, "</svg>"));

  g_assert_false (angio_score_plot_save (ANGIO_SCORE_PLOT_DICE_BARS, &data, jpeg, 480, 360,
                                         &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "agreement.jpg"));
  g_clear_error (&error);

  g_assert_false (angio_score_plot_save (ANGIO_SCORE_PLOT_FFR_SCATTER, &data, missing, 480, 360,
                                         &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  /* The two files written, and no temporary file left beside them. */
  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while (g_dir_read_name (listing) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 2);
  g_unlink (png);
  g_unlink (svg);
  g_rmdir (dir);
}

static void
on_case_activated (AngioScorePlot  *plot,
                   const char      *case_id,
                   char           **activated)
{
  g_free (*activated);
  *activated = g_strdup (case_id);
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;    /* the widget keeps it */
    }
  g_assert_not_reached ();
  return NULL;
}

static void
test_widget (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  AngioScorePlot *plot = ANGIO_SCORE_PLOT (angio_score_plot_new (ANGIO_SCORE_PLOT_FFR_SCATTER));
  double ref[] = { 0.70, 0.90, 0.55, 0.95 }, pred[] = { 0.72, 0.60, 0.88, 0.93 };
  const AngioScorePlotData data = { 4, scatter_labels, ref, pred, NAN, NAN, NAN, 0.80 };
  const AngioScorePlotData *copy;
  GtkEventController *motion, *click;
  g_autoptr(AngioTestImage) image = NULL;
  g_autoptr(AngioTestImage) hovered = NULL;
  g_autofree char *activated = NULL;
  double x, y, w, h;
  guint8 rgb[3];

  g_object_ref_sink (plot);
  g_assert_cmpint (angio_score_plot_get_kind (plot), ==, ANGIO_SCORE_PLOT_FFR_SCATTER);
  g_assert_null (angio_score_plot_get_data (plot));
  gtk_window_set_default_size (window, W, H);
  gtk_window_set_child (window, GTK_WIDGET (plot));
  gtk_window_present (window);
  angio_score_plot_set_data (plot, &data);
  ref[0] = pred[0] = 0.1;     /* the widget has its copy */
  copy = angio_score_plot_get_data (plot);
  g_assert_nonnull (copy);
  g_assert_cmpfloat (copy->reference[0], ==, 0.70);
  g_assert_cmpstr (copy->labels[3], ==, "d");
  angio_test_run_for (150);

  w = gtk_widget_get_width (GTK_WIDGET (plot));
  h = gtk_widget_get_height (GTK_WIDGET (plot));
  g_assert_cmpfloat (w, >=, 320);
  g_assert_cmpfloat (h, >=, 240);
  image = angio_test_widget_image (GTK_WIDGET (plot));
  g_assert_true (angio_score_plot_value_position (ANGIO_SCORE_PLOT_FFR_SCATTER, copy, w, h,
                                                  0.90, 0.60, &x, &y));
  angio_test_image_rgb (image, x, y, rgb);
  g_assert_true (is_blue (rgb));
  angio_test_image_rgb (image, 2, 2, rgb);
  g_assert_cmpint (rgb[0] + rgb[1] + rgb[2], ==, 3 * 255);

  /* Hits: near a point, not far from it. */
  g_assert_cmpstr (angio_score_plot_case_at (plot, x + 3, y - 3), ==, "b");
  g_assert_null (angio_score_plot_case_at (plot, x + 12, y));
  g_assert_null (angio_score_plot_case_at (plot, 1, 1));

  /* Hover: tooltip and highlight. */
  motion = find_controller (GTK_WIDGET (plot), GTK_TYPE_EVENT_CONTROLLER_MOTION);
  g_signal_emit_by_name (motion, "motion", x + 2, y + 2);
  g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (plot)));
  g_assert_true (g_str_has_prefix (gtk_widget_get_tooltip_text (GTK_WIDGET (plot)), "b\n"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (plot)), "0.90"));
  hovered = angio_test_widget_image (GTK_WIDGET (plot));
  angio_test_image_rgb (hovered, x, y, rgb);
  g_assert_true (is_blue (rgb) && rgb[1] < 100);    /* darker */
  g_signal_emit_by_name (motion, "leave");
  g_assert_null (gtk_widget_get_tooltip_text (GTK_WIDGET (plot)));

  /* A click on a point activates its case; one that ends elsewhere does not. */
  g_signal_connect (plot, "case-activated", G_CALLBACK (on_case_activated), &activated);
  click = find_controller (GTK_WIDGET (plot), GTK_TYPE_GESTURE_CLICK);
  g_signal_emit_by_name (click, "pressed", 1, x, y);
  g_signal_emit_by_name (click, "released", 1, x + 1, y);
  g_assert_cmpstr (activated, ==, "b");
  g_clear_pointer (&activated, g_free);
  g_signal_emit_by_name (click, "pressed", 1, x, y);
  g_signal_emit_by_name (click, "released", 1, 1.0, 1.0);
  g_assert_null (activated);

  angio_score_plot_set_data (plot, NULL);
  g_assert_null (angio_score_plot_get_data (plot));
  g_assert_null (angio_score_plot_case_at (plot, x, y));

  gtk_window_destroy (window);
  angio_test_run_for (20);
  g_assert_finalize_object (plot);
}

/* Bars are hit by their column, the label under it included, and so is an empty slot. */
static void
test_widget_bars (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *plot = g_object_new (ANGIO_TYPE_SCORE_PLOT, "kind", ANGIO_SCORE_PLOT_DICE_BARS,
                                  NULL);
  const double dice[] = { 0.9, NAN, 0.4 };
  const char *const labels[] = { "p1", "p2", "p3" };
  const AngioScorePlotData data = { 3, labels, NULL, dice, NAN, NAN, NAN, NAN };
  double x, y, base, w, h;

  g_object_ref_sink (plot);
  gtk_window_set_default_size (window, W, H);
  gtk_window_set_child (window, plot);
  gtk_window_present (window);
  angio_score_plot_set_data (ANGIO_SCORE_PLOT (plot), &data);
  angio_test_run_for (150);
  w = gtk_widget_get_width (plot);
  h = gtk_widget_get_height (plot);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (angio_score_plot_value_position (ANGIO_SCORE_PLOT_DICE_BARS, &data, w, h, i,
                                                      0.95, &x, &y));
      g_assert_true (angio_score_plot_value_position (ANGIO_SCORE_PLOT_DICE_BARS, &data, w, h, i,
                                                      0, &x, &base));
      g_assert_cmpstr (angio_score_plot_case_at (ANGIO_SCORE_PLOT (plot), x, y), ==, labels[i]);
      g_assert_cmpstr (angio_score_plot_case_at (ANGIO_SCORE_PLOT (plot), x, base + 12), ==,
                       labels[i]);
    }
  gtk_window_destroy (window);
  angio_test_run_for (20);
  g_assert_finalize_object (plot);
}

int
main (int   argc,
      char *argv[])
{
  angio_test_gui_init (&argc, &argv);

  g_test_add_func ("/angio/widgets/score-plot/ffr-scatter", test_ffr_scatter);
  g_test_add_func ("/angio/widgets/score-plot/ffr-scatter-range", test_ffr_scatter_range);
  g_test_add_func ("/angio/widgets/score-plot/dice-bars", test_dice_bars);
  g_test_add_func ("/angio/widgets/score-plot/dice-bars-many", test_dice_bars_many);
  g_test_add_func ("/angio/widgets/score-plot/bland-altman", test_bland_altman);
  g_test_add_func ("/angio/widgets/score-plot/no-data", test_no_data);
  g_test_add_func ("/angio/widgets/score-plot/tiny", test_tiny);
  g_test_add_func ("/angio/widgets/score-plot/save", test_save);
  g_test_add_func ("/angio/widgets/score-plot/widget", test_widget);
  g_test_add_func ("/angio/widgets/score-plot/widget-bars", test_widget_bars);
  return g_test_run ();
}
