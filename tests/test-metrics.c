/* test-metrics.c — the challenge's scores against hand-computed cases: identical masks
 * (Dice 1, HD95 0), disjoint ones (Dice 0), a shifted square (Dice 0.7, IoU 7/13) and two
 * points 5 px apart (HD95 5); HD95 against its definition computed directly on random masks;
 * key-frame offsets; a small FFR table with known bias, limits of agreement, sensitivity,
 * specificity, accuracy and AUC. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "angio-metrics.h"
#include "angio-stats.h"

#define W 40
#define H 30

static void
square (guint8 *mask,
        guint   x0,
        guint   y0,
        guint   size)
{
  for (guint y = y0; y < y0 + size; y++)
    for (guint x = x0; x < x0 + size; x++)
      mask[y * W + x] = 255;
}

static gboolean
on_boundary (const guint8 *m,
             guint         x,
             guint         y)
{
  return m[y * W + x] && (x == 0 || y == 0 || x == W - 1 || y == H - 1 ||
                          !m[y * W + x - 1] || !m[y * W + x + 1] ||
                          !m[(y - 1) * W + x] || !m[(y + 1) * W + x]);
}

/* HD95 by its definition: every boundary pixel against every boundary pixel of the other. */
static double
hd95_direct (const guint8 *a,
             const guint8 *b)
{
  g_autoptr(GArray) d = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint pass = 0; pass < 2; pass++)
    {
      const guint8 *from = pass ? b : a, *to = pass ? a : b;

      for (guint y = 0; y < H; y++)
        for (guint x = 0; x < W; x++)
          {
            double best = INFINITY;

            if (!on_boundary (from, x, y))
              continue;
            for (guint v = 0; v < H; v++)
              for (guint u = 0; u < W; u++)
                if (on_boundary (to, u, v))
                  best = MIN (best, hypot ((double) u - x, (double) v - y));
            g_array_append_val (d, best);
          }
    }
  return angio_quantile_inplace ((double *) d->data, d->len, 0.95);
}

static void
test_masks (void)
{
  guint8 a[W * H] = { 0 }, b[W * H] = { 0 };
  AngioMaskScores s;

  /* Identical. */
  square (a, 5, 5, 10);
  square (b, 5, 5, 10);
  angio_metrics_masks (a, b, W, H, &s);
  g_assert_cmpfloat (s.dice, ==, 1);
  g_assert_cmpfloat (s.iou, ==, 1);
  g_assert_cmpfloat (s.hd95_px, ==, 0);
  g_assert_cmpuint (s.overlap, ==, 100);

  /* Shifted by 3 px: overlap 7 × 10 = 70; Dice 140/200, IoU 70/130. */
  memset (b, 0, sizeof b);
  square (b, 8, 5, 10);
  angio_metrics_masks (a, b, W, H, &s);
  g_assert_cmpfloat_with_epsilon (s.dice, 0.7, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.iou, 7.0 / 13, 1e-12);
  /* The shift maps each boundary onto the other: every distance is at most 3, and A's left
   * column and B's right column (20 of the 72 boundary pixels) are exactly 3 away: HD95 = 3. */
  g_assert_cmpfloat_with_epsilon (s.hd95_px, 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.hd95_px, hd95_direct (a, b), 1e-9);

  /* Disjoint. */
  memset (b, 0, sizeof b);
  square (b, 25, 15, 8);
  angio_metrics_masks (a, b, W, H, &s);
  g_assert_cmpfloat (s.dice, ==, 0);
  g_assert_cmpfloat (s.iou, ==, 0);
  g_assert_cmpfloat_with_epsilon (s.hd95_px, hd95_direct (a, b), 1e-9);

  /* Two single pixels 3 across and 4 down: 5. */
  memset (a, 0, sizeof a);
  memset (b, 0, sizeof b);
  a[2 * W + 2] = 1;
  b[6 * W + 5] = 1;
  angio_metrics_masks (a, b, W, H, &s);
  g_assert_cmpfloat_with_epsilon (s.hd95_px, 5, 1e-12);

  /* Empty: both (agree), one (no overlap, no distance). */
  memset (a, 0, sizeof a);
  memset (b, 0, sizeof b);
  angio_metrics_masks (a, b, W, H, &s);
  g_assert_cmpfloat (s.dice, ==, 1);
  g_assert_cmpfloat (s.hd95_px, ==, 0);
  square (b, 1, 1, 3);
  angio_metrics_masks (a, b, W, H, &s);
  g_assert_cmpfloat (s.dice, ==, 0);
  g_assert_true (isinf (s.hd95_px));
}

/* The distance transform against the definition on random blobs (edges of the image too). */
static void
test_masks_random (void)
{
  GRand *rand = g_rand_new_with_seed (7);

  for (guint trial = 0; trial < 40; trial++)
    {
      guint8 a[W * H] = { 0 }, b[W * H] = { 0 };
      AngioMaskScores s;

      for (guint k = 0; k < 3; k++)
        {
          square (a, g_rand_int_range (rand, 0, W - 8), g_rand_int_range (rand, 0, H - 8),
                  g_rand_int_range (rand, 1, 8));
          square (b, g_rand_int_range (rand, 0, W - 8), g_rand_int_range (rand, 0, H - 8),
                  g_rand_int_range (rand, 1, 8));
        }
      for (guint i = 0; i < W * H; i++)
        if (g_rand_int_range (rand, 0, 50) == 0)
          a[i] = 1;
      angio_metrics_masks (a, b, W, H, &s);
      g_assert_cmpfloat_with_epsilon (s.hd95_px, hd95_direct (a, b), 1e-9);
      g_assert_cmpfloat_with_epsilon (s.dice, 2.0 * s.overlap / (s.area_a + s.area_b), 1e-12);
    }
  g_rand_free (rand);
}

static void
test_frame_offset (void)
{
  const guint reference[] = { 24, 30 };

  g_assert_cmpuint (angio_metrics_frame_offset (24, reference, 2), ==, 0);
  g_assert_cmpuint (angio_metrics_frame_offset (21, reference, 2), ==, 3);
  g_assert_cmpuint (angio_metrics_frame_offset (28, reference, 2), ==, 2);
  g_assert_cmpuint (angio_metrics_frame_offset (28, reference, 0), ==, G_MAXUINT);
}

static void
test_ffr (void)
{
  /* Positives (≤ 0.80): 0.70, 0.75, 0.78; predicted 0.72 (hit), 0.82 (miss), 0.79 (hit);
   * negatives 0.85, 0.90, 0.88 predicted 0.83, 0.91, 0.79 (one false positive). The last pair
   * has no prediction and is left out. */
  const double reference[] = { 0.70, 0.75, 0.85, 0.90, 0.78, 0.88, 0.74 };
  const double predicted[] = { 0.72, 0.82, 0.83, 0.91, 0.79, 0.79, NAN };
  AngioAgreement a;
  AngioClassification c;

  angio_metrics_agreement (reference, predicted, G_N_ELEMENTS (reference), &a);
  g_assert_cmpuint (a.n, ==, 6);
  /* Differences 0.02, 0.07, −0.02, 0.01, 0.01, −0.09: sum 0, |sum| 0.22, squares 0.014. */
  g_assert_cmpfloat_with_epsilon (a.bias, 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (a.mae, 0.22 / 6, 1e-12);
  g_assert_cmpfloat_with_epsilon (a.sd, sqrt (0.014 / 5), 1e-12);
  g_assert_cmpfloat_with_epsilon (a.loa_high, 1.96 * sqrt (0.014 / 5), 1e-12);
  g_assert_cmpfloat_with_epsilon (a.loa_low, -1.96 * sqrt (0.014 / 5), 1e-12);

  angio_metrics_classification (reference, predicted, G_N_ELEMENTS (reference),
                                ANGIO_FFR_CUTOFF, &c);
  g_assert_cmpuint (c.n, ==, 6);
  g_assert_cmpuint (c.tp, ==, 2);
  g_assert_cmpuint (c.fn, ==, 1);
  g_assert_cmpuint (c.tn, ==, 2);
  g_assert_cmpuint (c.fp, ==, 1);
  g_assert_cmpfloat_with_epsilon (c.sensitivity, 2.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (c.specificity, 2.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (c.accuracy, 4.0 / 6, 1e-12);
  /* Positive–negative pairs won: 0.72 beats all 3; 0.82 beats 0.83, 0.91; 0.79 beats 0.83,
   * 0.91 and ties 0.79: 7.5 of 9. */
  g_assert_cmpfloat_with_epsilon (c.auc, 7.5 / 9, 1e-12);

  /* One class only: no AUC, no specificity. */
  angio_metrics_classification (reference, predicted, 2, ANGIO_FFR_CUTOFF, &c);
  g_assert_true (isnan (c.auc));
  g_assert_true (isnan (c.specificity));
  g_assert_cmpfloat_with_epsilon (c.sensitivity, 0.5, 1e-12);
}

/* Cohen's κ against the textbook table (yes/yes 20, yes/no 5, no/yes 10, no/no 15: po 0.7,
 * pe 0.5, κ 0.4); undefined when both raters always say the same thing. */
static void
test_kappa (void)
{
  gboolean a[50], b[50], valid[51];
  guint i = 0;

  for (; i < 20; i++)
    a[i] = b[i] = TRUE;
  for (; i < 25; i++)
    a[i] = TRUE, b[i] = FALSE;
  for (; i < 35; i++)
    a[i] = FALSE, b[i] = TRUE;
  for (; i < 50; i++)
    a[i] = b[i] = FALSE;
  g_assert_cmpfloat_with_epsilon (angio_metrics_kappa (a, b, NULL, 50), 0.4, 1e-12);
  /* Left-out items do not count: the first 25 alone are yes/yes 20, yes/no 5 → pe = po. */
  for (i = 0; i < 50; i++)
    valid[i] = i < 25;
  g_assert_cmpfloat_with_epsilon (angio_metrics_kappa (a, b, valid, 50), 0.0, 1e-12);
  for (i = 0; i < 50; i++)
    valid[i] = i < 20;
  g_assert_true (isnan (angio_metrics_kappa (a, b, valid, 50)));
  g_assert_true (isnan (angio_metrics_kappa (a, b, NULL, 0)));
  /* Perfect agreement on both classes: 1. */
  g_assert_cmpfloat_with_epsilon (angio_metrics_kappa (a, a, NULL, 50), 1.0, 1e-12);
}

/* ICC(2,1) against Shrout and Fleiss (1979), table 2: six targets, four judges → 0.2898
 * (by hand: MSR 11.24, MSC 32.49, MSE 1.02). */
static void
test_icc (void)
{
  const double judges[] = {
     9, 2, 5, 8,
     6, 1, 3, 2,
     8, 4, 6, 8,
     7, 1, 2, 6,
    10, 5, 6, 9,
     6, 2, 4, 7,
    NAN, 1, 1, 1,   /* incomplete: left out */
  };
  const double same[] = { 1, 1, 2, 2, 3, 3 };
  const double flat[] = { 1, 1, 1, 1 };

  g_assert_cmpfloat_with_epsilon (angio_metrics_icc (judges, 7, 4), 0.289763779527559, 1e-9);
  g_assert_cmpfloat_with_epsilon (angio_metrics_icc (same, 3, 2), 1.0, 1e-12);
  g_assert_true (isnan (angio_metrics_icc (flat, 2, 2)));
  g_assert_true (isnan (angio_metrics_icc (judges, 1, 4)));
  g_assert_true (isnan (angio_metrics_icc (judges, 6, 1)));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/metrics/masks", test_masks);
  g_test_add_func ("/metrics/masks-random", test_masks_random);
  g_test_add_func ("/metrics/frame-offset", test_frame_offset);
  g_test_add_func ("/metrics/ffr", test_ffr);
  g_test_add_func ("/metrics/kappa", test_kappa);
  g_test_add_func ("/metrics/icc", test_icc);
  return g_test_run ();
}
