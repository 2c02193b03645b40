/* test-edges.c — minimum-cost borders: the dynamic programming on a synthetic step, the borders
 * of a straight tube of known width (within a quarter pixel, with and without the model fit,
 * from a centerline off the axis), borders found again through the annotator's points, the
 * minimal path between two points, degenerate input. */
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

/* The annotator pulls the left border 3 px out at one scanline: the border passes exactly
 * there, leaves the tube's edge only within the rows it needs to get there (one sample a
 * row), and the rest of both borders is untouched. Letting go of the point brings the border
 * back to the tube's edge. */
static void
test_redetect (void)
{
  g_autoptr(AngioImageF) image = tube_image ();
  AngioPoint path[] = { { 20, TUBE_Y }, { 140, TUBE_Y } };
  g_autoptr(AngioVesselContour) contour = NULL;
  g_autoptr(AngioVesselContour) pulled = NULL;
  g_autoptr(AngioVesselContour) back = NULL;
  AngioEdgeParams params;
  AngioEdgeConstraint point, wrong_side, outside;
  AngioEdgeEdit edit = { 0 };
  guint k, reach;

  angio_edge_params_init (&params, 14);
  contour = angio_edges_detect (image, path, G_N_ELEMENTS (path), &params, NULL);
  g_assert_nonnull (contour);
  k = contour->n / 2;
  point = (AngioEdgeConstraint) { k, TRUE, contour->left_px[k] + 3.0 };
  edit.contour = contour;
  edit.constraints = &point;
  edit.n_constraints = 1;
  pulled = angio_edges_redetect (image, &edit, &params);
  g_assert_nonnull (pulled);
  g_assert_cmpuint (pulled->n, ==, contour->n);
  g_assert_cmpfloat (pulled->left_px[k], ==, point.offset_px);
  g_assert_cmpfloat_with_epsilon (pulled->diameter_px[k], contour->diameter_px[k] + 3, 1e-9);
  /* 3 px at 0.5 px a row: six rows to get there, and a sample's rounding. */
  reach = (guint) ceil (3.0 / contour->step_px) + 2;
  for (guint i = 0; i < contour->n; i++)
    {
      double pull = pulled->left_px[i] - contour->left_px[i];

      g_assert_cmpfloat (pulled->right_px[i], ==, contour->right_px[i]);
      g_assert_cmpfloat (pull, >=, -0.5);
      if (i + reach < k || i > k + reach)
        g_assert_cmpfloat (pull, ==, 0);
      else
        g_assert_cmpfloat (pull, <=, MAX (3.0 - fabs ((double) i - k) * contour->step_px, 0) + 0.5);
      /* The border points follow the distances. */
      g_assert_cmpfloat_with_epsilon (pulled->left[i].y,
                                      pulled->centerline[i].y + pulled->left_px[i] *
                                      pulled->normal[i].y, 1e-9);
    }

  /* Let go: the scanlines it had moved are measured again and find the tube's edge. */
  edit.contour = pulled;
  edit.previous = &point;
  edit.n_previous = 1;
  edit.constraints = NULL;
  edit.n_constraints = 0;
  back = angio_edges_redetect (image, &edit, &params);
  g_assert_nonnull (back);
  for (guint i = 0; i < contour->n; i++)
    g_assert_cmpfloat_with_epsilon (back->left_px[i], contour->left_px[i], 0.25);

  /* A point on the wrong side of the centerline, or past the end, is refused. */
  wrong_side = (AngioEdgeConstraint) { k, FALSE, 2.0 };
  outside = (AngioEdgeConstraint) { contour->n, TRUE, 5.0 };
  edit.contour = contour;
  edit.previous = NULL;
  edit.n_previous = 0;
  edit.constraints = &wrong_side;
  edit.n_constraints = 1;
  g_assert_null (angio_edges_redetect (image, &edit, &params));
  edit.constraints = &outside;
  g_assert_null (angio_edges_redetect (image, &edit, &params));
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
  g_test_add_func ("/angio/algorithms/edges/redetect", test_redetect);
  g_test_add_func ("/angio/algorithms/edges/trace", test_trace);
  g_test_add_func ("/angio/algorithms/edges/degenerate", test_degenerate);
  return g_test_run ();
}
