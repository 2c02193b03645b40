/* test-edges.c — minimum-cost borders: the dynamic programming on a synthetic step, the borders
 * of a straight tube of known width (within a quarter pixel, with and without the model fit,
 * from a centerline off the axis), the minimal path between two points, degenerate input. */
#include "config.h"

#include <math.h>

#include "angio-cylinder-fit.h"
#include "angio-edges.h"
#include "angio-trace.h"

#define ROWS 24
#define COLS 11

static void
test_dp_step (void)
{
  float cost[ROWS * COLS] = { 0 };
  guint path[ROWS];

  /* The cheapest column moves from 2 to 8 halfway down. */
  for (guint r = 0; r < ROWS; r++)
    cost[r * COLS + (r < ROWS / 2 ? 2 : 8)] = -1;
  angio_edges_min_cost_path (cost, ROWS, COLS, 0, COLS - 1, path);
  for (guint r = 0; r < ROWS; r++)
    {
      if (r + 1 < ROWS)
        g_assert_cmpint (abs ((int) path[r + 1] - (int) path[r]), <=, 1);
      /* Six columns to cross at one a row: the path leaves the first line at most six rows
       * early and reaches the second at most six rows late. */
      if (r < ROWS / 2 - 6)
        g_assert_cmpuint (path[r], ==, 2);
      if (r >= ROWS / 2 + 6)
        g_assert_cmpuint (path[r], ==, 8);
    }

  /* Limited to columns 0 … 5: the path stays inside. */
  angio_edges_min_cost_path (cost, ROWS, COLS, 0, 5, path);
  for (guint r = 0; r < ROWS; r++)
    {
      g_assert_cmpuint (path[r], <=, 5);
      if (r < ROWS / 2 - 6)
        g_assert_cmpuint (path[r], ==, 2);
    }

  /* One row, one column. */
  angio_edges_min_cost_path (cost, 1, 1, 0, 0, path);
  g_assert_cmpuint (path[0], ==, 0);
}

#define TUBE_Y 40.3
#define RADIUS 5.0

/* A horizontal tube on a noiseless log image, blurred like an X-ray image chain. */
static AngioImageF *
tube_image (void)
{
  AngioImageF *image = angio_image_f_new (160, 80);

  for (guint y = 0; y < 80; y++)
    for (guint x = 0; x < 160; x++)
      angio_image_f_row (image, y)[x] =
        (float) (100 - 0.6 * angio_cylinder_profile (y - TUBE_Y, RADIUS, 1.5));
  return image;
}

static void
check_tube_borders (gboolean model_fit,
                    double   offset)
{
  g_autoptr(AngioImageF) image = tube_image ();
  AngioPoint path[] = { { 20, TUBE_Y + offset }, { 140, TUBE_Y + offset } };
  AngioVesselContour *contour;
  AngioEdgeParams params;
  guint checked = 0;

  angio_edge_params_init (&params, 14);
  params.model_fit = model_fit;
  contour = angio_edges_detect (image, path, G_N_ELEMENTS (path), &params, NULL);
  g_assert_nonnull (contour);
  g_assert_cmpuint (contour->n, >, 100);
  /* Away from the ends of the scanned stretch. */
  for (guint i = contour->n / 8; i < contour->n - contour->n / 8; i++)
    {
      double top = MIN (contour->left[i].y, contour->right[i].y);
      double bottom = MAX (contour->left[i].y, contour->right[i].y);

      g_assert_cmpfloat_with_epsilon (top, TUBE_Y - RADIUS, 0.25);
      g_assert_cmpfloat_with_epsilon (bottom, TUBE_Y + RADIUS, 0.25);
      g_assert_cmpfloat_with_epsilon (contour->diameter_px[i], 2 * RADIUS, 0.5);
      g_assert_cmpfloat_with_epsilon (contour->centerline[i].y, TUBE_Y, 0.25);
      checked++;
    }
  g_assert_cmpuint (checked, >, 50);
  angio_vessel_contour_free (contour);
}

static void
test_tube_model_fit (void)
{
  check_tube_borders (TRUE, 0);
  check_tube_borders (TRUE, 2.0);
}

static void
test_tube_dp_only (void)
{
  check_tube_borders (FALSE, 0);
  check_tube_borders (FALSE, -1.5);
}

static void
test_trace (void)
{
  g_autoptr(AngioImageF) image = tube_image ();
  g_autoptr(GArray) path = NULL;
  AngioTraceParams params;

  angio_trace_params_init (&params, 4, 14);
  path = angio_trace_vessel (image, (AngioPoint) { 15, TUBE_Y + 2 },
                             (AngioPoint) { 145, TUBE_Y - 2 }, &params, NULL, NULL);
  g_assert_nonnull (path);
  g_assert_cmpuint (path->len, >, 100);
  for (guint i = 0; i < path->len; i++)
    g_assert_cmpfloat (fabs (g_array_index (path, AngioPoint, i).y - TUBE_Y), <=, 2.5);
  /* Points that are not numbers join nothing. */
  g_assert_null (angio_trace_vessel (image, (AngioPoint) { NAN, 3 }, (AngioPoint) { 5, 5 },
                                     &params, NULL, NULL));
}

static void
test_degenerate (void)
{
  g_autoptr(AngioImageF) uniform = angio_image_f_new (64, 64);
  g_autoptr(AngioImageF) one = angio_image_f_new (1, 1);
  AngioPoint single[] = { { 10, 10 } };
  AngioPoint line[] = { { 5, 32 }, { 58, 32 } };
  AngioPoint outside[] = { { -500, -40 }, { 900, 1200 } };
  AngioEdgeParams params;
  AngioTraceParams trace;
  AngioVesselContour *contour;

  angio_edge_params_init (&params, 10);
  g_assert_null (angio_edges_detect (uniform, single, 1, &params, NULL));
  g_assert_null (angio_edges_detect (uniform, NULL, 0, &params, NULL));
  for (gsize i = 0; i < 64 * 64; i++)
    uniform->data[i] = 300;
  /* No vessel: whatever comes back is finite. */
  contour = angio_edges_detect (uniform, line, 2, &params, NULL);
  for (guint i = 0; contour != NULL && i < contour->n; i++)
    g_assert_true (isfinite (contour->diameter_px[i]));
  g_clear_pointer (&contour, angio_vessel_contour_free);
  contour = angio_edges_detect (one, outside, 2, &params, NULL);
  for (guint i = 0; contour != NULL && i < contour->n; i++)
    g_assert_true (isfinite (contour->diameter_px[i]));
  g_clear_pointer (&contour, angio_vessel_contour_free);

  /* Points outside the image join nothing; on a 1 × 1 image, a path of one pixel at most. */
  angio_trace_params_init (&trace, 3, 10);
  g_assert_null (angio_trace_vessel (one, outside[0], outside[1], &trace, NULL, NULL));
  {
    g_autoptr(GArray) path = angio_trace_vessel (one, (AngioPoint) { 0, 0 },
                                                 (AngioPoint) { 0.2, -0.3 }, &trace, NULL, NULL);

    for (guint i = 0; path != NULL && i < path->len; i++)
      g_assert_cmpfloat (g_array_index (path, AngioPoint, i).x, ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/angio/algorithms/edges/dp-step", test_dp_step);
  g_test_add_func ("/angio/algorithms/edges/tube-model-fit", test_tube_model_fit);
  g_test_add_func ("/angio/algorithms/edges/tube-dp-only", test_tube_dp_only);
  g_test_add_func ("/angio/algorithms/edges/trace", test_trace);
  g_test_add_func ("/angio/algorithms/edges/degenerate", test_degenerate);
  return g_test_run ();
}
