/* test-guided-qca.c — the guided QCA on real coronary frames (ARCADE's validation split, read
 * from ../shared/testdata at run time): two clicks just beyond the ends of each expert stenosis
 * outline measure that stenosis — the narrowest point on the outline, below its reference — or
 * are refused with a reason; never a measurement whose MLD is not measurably below its
 * reference. The
 * whole split is measured by the benchmark (tests/bench/bench-qca-real.c). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "angio-analysis.h"
#include "angio-test-real.h"

/* The first frames of the split: about sixty stenoses. */
#define N_FRAMES 30
/* The benchmark's rate over the whole split is 91 %; these frames must not fall far below. */
#define MIN_HELD 0.85

static void
test_on_the_outline (void)
{
  g_autoptr(GPtrArray) images = angio_test_arcade_load ("val");
  AngioAnalysisParams params;
  guint stenoses = 0, held = 0;

  if (images == NULL)
    return;
  angio_analysis_params_init (&params);
  for (guint i = 0; i < MIN (N_FRAMES, images->len); i++)
    {
      const AngioTestArcadeImage *image = g_ptr_array_index (images, i);
      g_autoptr(AngioFrameContext) context =
        angio_frame_context_new_for_image (angio_test_arcade_image (image), NAN, &params);

      for (guint k = 0; k < image->outlines->len; k++)
        {
          const GArray *outline = g_ptr_array_index (image->outlines, k);
          g_autoptr(AngioStenosis) stenosis = NULL;
          g_autoptr(GError) error = NULL;
          AngioPoint from, to, at;
          double width;

          if (outline->len < 3)
            continue;
          stenoses++;
          angio_test_outline_clicks (outline, &from, &to, &width);
          stenosis = angio_frame_context_measure (context, from, to, &error);
          if (stenosis == NULL)
            {
              /* Refused: with a reason a reader can act on. */
              g_assert_nonnull (error);
              g_assert_cmpuint (strlen (error->message), >, 10);
              continue;
            }
          g_assert_no_error (error);
          g_assert_cmpfloat (stenosis->qca->mld_px, <, 0.99 * stenosis->qca->ref_px);
          at = stenosis->contour->centerline[stenosis->qca->mld_index];
          if (angio_test_outline_near (outline, at.x, at.y, 3.0))
            held++;
        }
    }
  g_test_message ("%u of %u expert stenoses measured on their outline", held, stenoses);
  g_assert_cmpuint (stenoses, >=, 40);
  g_assert_cmpfloat ((double) held / stenoses, >=, MIN_HELD);
}

/* Clicks on either side of a vessel that is nowhere narrower than its reference: no
 * measurement, a reason instead. */
static void
test_refused_without_narrowing (void)
{
  g_autoptr(AngioImageF) image = angio_image_f_new (160, 96);
  g_autoptr(AngioFrameContext) context = NULL;
  g_autoptr(AngioStenosis) stenosis = NULL;
  g_autoptr(GError) error = NULL;
  AngioAnalysisParams params;

  /* A straight dark vessel 8 px across, 12 px wider in its middle (an ectasia): nowhere
   * narrower than its reference. */
  for (guint y = 0; y < image->height; y++)
    for (guint x = 0; x < image->width; x++)
      {
        double half = (x > 60 && x < 100) ? 6 : 4, d = fabs (y - 48.0);

        angio_image_f_row (image, y)[x] = d < half ? 100 : 200;
      }
  angio_analysis_params_init (&params);
  context = angio_frame_context_new_for_image (g_steal_pointer (&image), 0.2, &params);
  stenosis = angio_frame_context_measure (context, (AngioPoint) { 20, 48 },
                                          (AngioPoint) { 140, 48 }, &error);
  g_assert_null (stenosis);
  g_assert_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "reference"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/angio/core/guided-qca/on-the-outline", test_on_the_outline);
  g_test_add_func ("/angio/core/guided-qca/refused-without-narrowing",
                   test_refused_without_narrowing);
  return g_test_run ();
}
