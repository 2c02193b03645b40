/* test-raster.c — the one pixel convention of masks: exact pixel sets of rectangles (edges on
 * pixel centres included on the left/top only), a disk's area and every pixel's centre against
 * the circle, shared edges never double-counted (a tiling covers each pixel once), random and
 * self-intersecting polygons pixel for pixel against the point test, clipping and bad input. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "angio-raster.h"

#define W 64
#define H 48

static guint
count (const guint8 *mask,
       guint8        value)
{
  guint c = 0;

  for (guint i = 0; i < W * H; i++)
    c += mask[i] == value;
  return c;
}

static void
test_rectangle (void)
{
  guint8 mask[W * H] = { 0 };
  /* Corners on pixel centres: x 10 … 20, y 5 … 9 — columns 10 … 19 and rows 5 … 8. */
  AngioPoint on[] = { { 10, 5 }, { 20, 5 }, { 20, 9 }, { 10, 9 } };
  /* Corners between centres: x 2.5 … 6.5, y 30.5 … 33.5 — columns 3 … 6, rows 31 … 33. */
  AngioPoint between[] = { { 2.5, 30.5 }, { 6.5, 30.5 }, { 6.5, 33.5 }, { 2.5, 33.5 } };

  g_assert_cmpuint (angio_raster_polygon (mask, W, H, on, 4, 255), ==, 10 * 4);
  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W; x++)
      g_assert_cmpint (mask[y * W + x] == 255, ==, x >= 10 && x < 20 && y >= 5 && y < 9);
  memset (mask, 0, sizeof mask);
  /* Clockwise or not, the same pixels. */
  {
    AngioPoint reversed[] = { between[3], between[2], between[1], between[0] };

    g_assert_cmpuint (angio_raster_polygon (mask, W, H, reversed, 4, 7), ==, 4 * 3);
  }
  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W; x++)
      g_assert_cmpint (mask[y * W + x] == 7, ==, x >= 3 && x <= 6 && y >= 31 && y <= 33);
}

/* A 720-gon of radius 15.3 at a centre off the grid: the pixels set are those whose centre is
 * inside (checked against the polygon itself), and their number is the area within a
 * perimeter's worth of pixels. */
static void
test_disk (void)
{
  guint8 mask[W * H] = { 0 };
  AngioPoint disk[720];
  double r = 15.3, cx = 31.37, cy = 23.81;
  guint set;

  for (guint i = 0; i < G_N_ELEMENTS (disk); i++)
    disk[i] = (AngioPoint) { cx + r * cos (2 * G_PI * i / 720), cy + r * sin (2 * G_PI * i / 720) };
  set = angio_raster_polygon (mask, W, H, disk, G_N_ELEMENTS (disk), 1);
  g_assert_cmpuint (set, ==, count (mask, 1));
  g_assert_cmpfloat (fabs (set - G_PI * r * r), <, 0.02 * G_PI * r * r);
  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W; x++)
      {
        double d = hypot (x - cx, y - cy);

        if (d < r - 0.01)
          g_assert_cmpuint (mask[y * W + x], ==, 1);
        if (d > r + 0.01)
          g_assert_cmpuint (mask[y * W + x], ==, 0);
        g_assert_cmpint (mask[y * W + x], ==,
                         angio_raster_contains (disk, G_N_ELEMENTS (disk), x, y));
      }
}

/* Four triangles around a centre on the grid, and two quads sharing a slanted edge: every
 * pixel of the union once, none twice. */
static void
test_tiling (void)
{
  guint8 hits[W * H] = { 0 };
  AngioPoint c = { 30, 20 }, a = { 10, 4 }, b = { 50, 4 }, d = { 50, 40 }, e = { 10, 40 };
  AngioPoint tiles[][3] = { { a, b, c }, { b, d, c }, { d, e, c }, { e, a, c } };
  guint total = 0;

  for (guint t = 0; t < G_N_ELEMENTS (tiles); t++)
    {
      guint8 one[W * H] = { 0 };

      total += angio_raster_polygon (one, W, H, tiles[t], 3, 1);
      for (guint i = 0; i < W * H; i++)
        hits[i] += one[i];
    }
  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W; x++)
      g_assert_cmpuint (hits[y * W + x], ==, x >= 10 && x < 50 && y >= 4 && y < 40 ? 1 : 0);
  g_assert_cmpuint (total, ==, 40 * 36);
}

/* Random polygons, self-intersecting ones included, some reaching outside the mask: the
 * filling agrees with the point test at every pixel. */
static void
test_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  for (guint round = 0; round < 200; round++)
    {
      guint8 mask[W * H] = { 0 };
      AngioPoint poly[9];
      guint n = 3 + round % 7, set, inside = 0;

      for (guint i = 0; i < n; i++)
        poly[i] = (AngioPoint) { g_rand_double_range (rand, -10, W + 10),
                                 /* Every fourth polygon on whole and half pixels. */
                                 round % 4 == 0 ? 0.5 * g_rand_int_range (rand, -20, 2 * H + 20)
                                                : g_rand_double_range (rand, -10, H + 10) };
      set = angio_raster_polygon (mask, W, H, poly, n, 9);
      for (guint y = 0; y < H; y++)
        for (guint x = 0; x < W; x++)
          {
            gboolean in = angio_raster_contains (poly, n, x, y);

            g_assert_cmpint (mask[y * W + x] == 9, ==, in);
            inside += in;
          }
      g_assert_cmpuint (set, ==, inside);
    }
}

static void
test_degenerate (void)
{
  guint8 mask[W * H] = { 0 };
  AngioPoint line[] = { { 1, 1 }, { 30, 30 }, { 60, 60 } };
  AngioPoint outside[] = { { -50, -50 }, { -10, -50 }, { -10, -10 } };
  AngioPoint nan[] = { { 1, 1 }, { NAN, 30 }, { 60, 2 } };
  AngioPoint huge[] = { { -1e12, -1e12 }, { 1e12, -1e12 }, { 0, 1e12 } };

  g_assert_cmpuint (angio_raster_polygon (mask, W, H, line, 2, 1), ==, 0);
  g_assert_cmpuint (angio_raster_polygon (mask, W, H, line, 3, 1), ==, 0);
  g_assert_cmpuint (angio_raster_polygon (mask, W, H, outside, 3, 1), ==, 0);
  g_assert_cmpuint (angio_raster_polygon (mask, W, H, nan, 3, 1), ==, 0);
  g_assert_cmpuint (angio_raster_polygon (mask, 0, 0, line, 3, 1), ==, 0);
  g_assert_cmpuint (count (mask, 0), ==, W * H);
  /* A polygon far larger than the mask covers it all. */
  g_assert_cmpuint (angio_raster_polygon (mask, W, H, huge, 3, 1), ==, W * H);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/angio/algorithms/raster/rectangle", test_rectangle);
  g_test_add_func ("/angio/algorithms/raster/disk", test_disk);
  g_test_add_func ("/angio/algorithms/raster/tiling", test_tiling);
  g_test_add_func ("/angio/algorithms/raster/random", test_random);
  g_test_add_func ("/angio/algorithms/raster/degenerate", test_degenerate);
  return g_test_run ();
}
