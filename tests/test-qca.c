/* test-qca.c — QCA on contours of known shape: a tapering vessel with a concentric or an
 * eccentric lesion (MLD, interpolated reference read at the MLD, %DS and %AS, borders and
 * length, symmetry, plaque area), each reference method, the arithmetic, degenerate input. */
#include "config.h"

#include <math.h>

#include "angio-qca.h"

#define N 240
#define STEP 0.5
#define LESION_AT 120       /* scanline of the narrowest point */
#define LESION_HALF 24      /* scanlines from the MLD to each lesion border */
#define DEPTH 6.0           /* pixels of diameter lost at the MLD */

/* The healthy vessel tapers from 10.6 to 8.2 pixels: 9.4 at the lesion. */
static double
healthy (guint i)
{
  return 10.6 - 0.01 * i;
}

/* Raised cosine, 1 at the MLD, 0 beyond the borders. */
static double
bump (guint i)
{
  double u = ((double) i - LESION_AT) / LESION_HALF;

  return fabs (u) < 1 ? 0.5 * (1 + cos (G_PI * u)) : 0;
}

/* A horizontal vessel: the plaque on both walls (@eccentric 0) or all on the left one (1). */
static AngioVesselContour *
lesion_contour (double eccentric)
{
  AngioVesselContour *c = angio_vessel_contour_new (N, STEP);

  c->blur_px = 1;
  c->noise = 0.01;
  for (guint i = 0; i < N; i++)
    {
      double loss = DEPTH * bump (i);

      c->centerline[i] = (AngioPoint) { 20 + STEP * i, 50 };
      c->normal[i] = (AngioPoint) { 0, -1 };
      c->left_px[i] = healthy (i) / 2 - loss * (0.5 + 0.5 * eccentric);
      c->right_px[i] = -healthy (i) / 2 + loss * (0.5 - 0.5 * eccentric);
      c->diameter_px[i] = c->left_px[i] - c->right_px[i];
      c->left[i] = (AngioPoint) { c->centerline[i].x, 50 - c->left_px[i] };
      c->right[i] = (AngioPoint) { c->centerline[i].x, 50 - c->right_px[i] };
      c->contrast[i] = 0.5;
      c->fitted[i] = 1;
    }
  return c;
}

static AngioQca *
measure (double               eccentric,
         AngioReferenceMethod method)
{
  AngioVesselContour *contour = lesion_contour (eccentric);
  AngioQcaParams params;
  AngioQca *qca;

  angio_qca_params_init (&params);
  params.method = method;
  qca = angio_qca_compute (contour, &params);
  angio_vessel_contour_free (contour);
  g_assert_nonnull (qca);
  return qca;
}

static void
test_concentric (void)
{
  g_autoptr(AngioQca) qca = measure (0, ANGIO_REFERENCE_INTERPOLATED);
  double ref = healthy (LESION_AT), mld = ref - DEPTH;

  g_assert_cmpint (abs ((int) qca->mld_index - LESION_AT), <=, 4);
  /* The diameter function is smoothed along the segment (σ = 6.5 % of its length, here 7.8 px
   * against a lesion 24 px long) before the minimum is read: it reads a little wide. */
  g_assert_cmpfloat (qca->mld_px, >=, mld - 0.05);
  g_assert_cmpfloat (qca->mld_px, <, mld + 0.35);
  g_assert_cmpfloat_with_epsilon (qca->ref_px, ref, 0.1);
  g_assert_cmpfloat_with_epsilon (qca->percent_ds,
                                  angio_percent_diameter_stenosis (qca->mld_px, qca->ref_px),
                                  1e-9);
  g_assert_cmpfloat_with_epsilon (qca->percent_as,
                                  angio_percent_area_stenosis (qca->mld_px, qca->ref_px), 1e-9);
  g_assert_cmpfloat_with_epsilon (qca->percent_ds, 100 * (1 - mld / ref), 4);
  /* The borders lie where the lesion rejoins the reference: inside the raised cosine, which
   * only fades into the vessel at ±LESION_HALF. */
  g_assert_cmpfloat (qca->prox_position, <, LESION_AT - LESION_HALF / 3);
  g_assert_cmpfloat (qca->prox_position, >, LESION_AT - LESION_HALF - 6);
  g_assert_cmpfloat (qca->dist_position, >, LESION_AT + LESION_HALF / 3);
  g_assert_cmpfloat (qca->dist_position, <, LESION_AT + LESION_HALF + 6);
  g_assert_cmpfloat_with_epsilon (qca->length_px,
                                  (qca->dist_position - qca->prox_position) * STEP, 0.5);
  g_assert_cmpfloat (qca->symmetry, >, 0.9);
  /* Plaque: the lost diameter integrated along the lesion, 6 px × the raised cosine's mean
   * over its width (½), over 2 × 24 scanlines of ½ px. */
  g_assert_cmpfloat_with_epsilon (qca->plaque_area_px2, DEPTH * 0.5 * 2 * LESION_HALF * STEP,
                                  0.15 * DEPTH * LESION_HALF * STEP);
  /* The reference follows the taper. */
  g_assert_cmpfloat (qca->reference_px[10], >, qca->reference_px[N - 10]);
}

static void
test_eccentric (void)
{
  g_autoptr(AngioQca) qca = measure (1, ANGIO_REFERENCE_INTERPOLATED);
  g_autoptr(AngioQca) concentric = measure (0, ANGIO_REFERENCE_INTERPOLATED);

  g_assert_cmpfloat (qca->symmetry, <, 0.2);
  /* Same lumen width, same numbers. */
  g_assert_cmpfloat_with_epsilon (qca->mld_px, concentric->mld_px, 0.05);
  g_assert_cmpfloat_with_epsilon (qca->percent_ds, concentric->percent_ds, 0.5);
}

static void
test_reference_methods (void)
{
  g_autoptr(AngioQca) interpolated = measure (0, ANGIO_REFERENCE_INTERPOLATED);
  g_autoptr(AngioQca) mean_local = measure (0, ANGIO_REFERENCE_MEAN_LOCAL);
  g_autoptr(AngioQca) obstruction = measure (0, ANGIO_REFERENCE_OBSTRUCTION);
  g_autoptr(AngioQca) distal = measure (0, ANGIO_REFERENCE_DISTAL_ONLY);

  g_assert_cmpint (interpolated->method, ==, ANGIO_REFERENCE_INTERPOLATED);
  g_assert_cmpint (distal->method, ==, ANGIO_REFERENCE_DISTAL_ONLY);
  /* The healthy vessel is symmetric about the lesion: the means agree with the line. */
  g_assert_cmpfloat_with_epsilon (mean_local->ref_px, healthy (LESION_AT), 0.25);
  g_assert_cmpfloat_with_epsilon (obstruction->ref_px, healthy (LESION_AT), 0.3);
  /* Distal only: the narrower, distal vessel (an ostial lesion has no proximal one). */
  g_assert_cmpfloat (distal->ref_px, <, healthy (LESION_AT) - 0.2);
  g_assert_cmpfloat (distal->ref_px, >, healthy (N - 1) - 0.1);
  g_assert_cmpfloat (distal->percent_ds, <, interpolated->percent_ds);

  for (AngioReferenceMethod m = ANGIO_REFERENCE_INTERPOLATED; m <= ANGIO_REFERENCE_DISTAL_ONLY; m++)
    {
      AngioReferenceMethod parsed;

      g_assert_true (angio_reference_method_parse (angio_reference_method_name (m), &parsed));
      g_assert_cmpint (parsed, ==, m);
    }
  {
    AngioReferenceMethod parsed;

    g_assert_false (angio_reference_method_parse ("median", &parsed));
  }
}

static void
test_arithmetic (void)
{
  g_assert_cmpfloat_with_epsilon (angio_percent_diameter_stenosis (2, 4), 50, 1e-12);
  g_assert_cmpfloat_with_epsilon (angio_percent_area_stenosis (2, 4), 75, 1e-12);
  g_assert_cmpfloat_with_epsilon (angio_percent_diameter_stenosis (1.2, 4), 70, 1e-12);
  g_assert_cmpfloat_with_epsilon (angio_percent_area_stenosis (1.2, 4), 91, 1e-12);
  g_assert_cmpfloat (angio_percent_diameter_stenosis (4, 4), ==, 0);
  g_assert_cmpfloat (angio_percent_diameter_stenosis (1, 0), ==, 0);
  g_assert_cmpfloat (angio_percent_area_stenosis (1, -2), ==, 0);
}

static void
test_degenerate (void)
{
  AngioVesselContour *contour = lesion_contour (0);
  AngioQcaParams params;
  AngioQca *qca;

  angio_qca_params_init (&params);
  /* Too short. */
  contour->n = 4;
  g_assert_null (angio_qca_compute (contour, &params));
  /* No lesion at all: a straight healthy vessel gives no stenosis to speak of. */
  contour->n = N;
  for (guint i = 0; i < N; i++)
    {
      contour->left_px[i] = 4;
      contour->right_px[i] = -4;
      contour->diameter_px[i] = 8;
    }
  qca = angio_qca_compute (contour, &params);
  g_assert_nonnull (qca);
  g_assert_cmpfloat (qca->percent_ds, <, 2);
  g_assert_true (isfinite (qca->length_px));
  angio_qca_free (qca);
  /* A vessel of no width. */
  for (guint i = 0; i < N; i++)
    contour->left_px[i] = contour->right_px[i] = contour->diameter_px[i] = 0;
  qca = angio_qca_compute (contour, &params);
  if (qca != NULL)
    g_assert_true (isfinite (qca->percent_ds));
  g_clear_pointer (&qca, angio_qca_free);
  angio_vessel_contour_free (contour);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/angio/algorithms/qca/concentric", test_concentric);
  g_test_add_func ("/angio/algorithms/qca/eccentric", test_eccentric);
  g_test_add_func ("/angio/algorithms/qca/reference-methods", test_reference_methods);
  g_test_add_func ("/angio/algorithms/qca/arithmetic", test_arithmetic);
  g_test_add_func ("/angio/algorithms/qca/degenerate", test_degenerate);
  return g_test_run ();
}
