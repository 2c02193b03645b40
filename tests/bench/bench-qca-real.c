/* bench-qca-real.c — the guided QCA on real coronary frames (ARCADE, ../shared/testdata/arcade):
 * for every expert stenosis outline, a reader's two clicks just proximal and distal to it (a
 * few pixels beyond its two ends, angio_test_outline_clicks()), then the measurement the app
 * makes between them. A measurement holds when its MLD lies on the expert's outline (within 3 px) and
 * below its reference; refused measurements are counted apart from wrong ones.
 *
 *   meson test -C _build --benchmark --verbose qca-real
 *   ANGIO_BENCH_PART=train ANGIO_BENCH_LIMIT=50 …   (another part, fewer frames)
 *   ANGIO_BENCH_VERBOSE=1 …   (each measurement, then its centerline and borders every 2 px)
 *
 * Issue #16's target: on the clicked vessel and MLD < reference in ≥ 90 % of expert stenoses,
 * ≤ 30 ms per update at 512². */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "angio-analysis.h"
#include "angio-stats.h"
#include "angio-test-real.h"

/* The MLD counts as on the outline this close to it. */
#define ON_OUTLINE_PX 3.0

int
main (int    argc,
      char **argv)
{
  const char *part = g_getenv ("ANGIO_BENCH_PART") ? g_getenv ("ANGIO_BENCH_PART") : "val";
  guint limit = g_getenv ("ANGIO_BENCH_LIMIT") ? atoi (g_getenv ("ANGIO_BENCH_LIMIT")) : 0;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  guint n, stenoses = 0, held = 0, refused = 0, off_outline = 0, not_below = 0, wider = 0;
  AngioAnalysisParams params;

  g_test_init (&argc, &argv, NULL);
  images = angio_test_arcade_load (part);
  if (images == NULL)
    {
      printf ("# ARCADE is not there (ANGIO_TESTDATA): nothing measured\n");
      return 0;
    }
  n = limit > 0 ? MIN (limit, images->len) : images->len;
  angio_analysis_params_init (&params);
  printf ("# ARCADE %s: %u frames of 512 x 512; clicks %.0f px beyond each outline's ends\n",
          part, n, ANGIO_TEST_CLICK_MARGIN_PX);

  for (guint i = 0; i < n; i++)
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
          double width, elapsed;
          gint64 start;

          if (outline->len < 3)
            continue;
          stenoses++;
          angio_test_outline_clicks (outline, &from, &to, &width);
          start = g_get_monotonic_time ();
          stenosis = angio_frame_context_measure (context, from, to, &error);
          elapsed = (g_get_monotonic_time () - start) / 1000.0;
          g_array_append_val (ms, elapsed);
          if (stenosis == NULL)
            {
              refused++;
              if (g_getenv ("ANGIO_BENCH_VERBOSE"))
                printf ("refused  image %u outline %u: %s\n", image->id, k, error->message);
              continue;
            }
          at = stenosis->contour->centerline[stenosis->qca->mld_index];
          if (stenosis->qca->mld_px > width)
            wider++;
          if (!angio_test_outline_near (outline, at.x, at.y, ON_OUTLINE_PX))
            off_outline++;
          else if (!(stenosis->qca->mld_px < stenosis->qca->ref_px))
            not_below++;
          else
            held++;
          if (g_getenv ("ANGIO_BENCH_VERBOSE"))
            printf ("%-8s image %u outline %u: clicks (%.0f,%.0f)-(%.0f,%.0f) MLD %.1f px at "
                    "(%.0f,%.0f), ref %.1f px, outline %.0f px across\n",
                    angio_test_outline_near (outline, at.x, at.y, ON_OUTLINE_PX)
                      ? (stenosis->qca->mld_px < stenosis->qca->ref_px ? "held" : "above")
                      : "off",
                    image->id, k, from.x, from.y, to.x, to.y, stenosis->qca->mld_px, at.x, at.y,
                    stenosis->qca->ref_px, width);
          if (g_getenv ("ANGIO_BENCH_VERBOSE"))
            {
              const AngioVesselContour *c = stenosis->contour;

              printf ("path");
              for (guint j = 0; j < c->n; j += 4)
                printf (" %.1f,%.1f,%.1f,%.1f,%.1f,%.1f", c->centerline[j].x, c->centerline[j].y,
                        c->left[j].x, c->left[j].y, c->right[j].x, c->right[j].y);
              printf ("\n");
            }
        }
    }

  printf ("%-44s %6u\n", "expert stenoses", stenoses);
  printf ("%-44s %6u  %5.1f %%\n", "held (MLD on the outline and below reference)", held,
          100.0 * held / MAX (1, stenoses));
  printf ("%-44s %6u  %5.1f %%\n", "MLD off the outline (another vessel/place)", off_outline,
          100.0 * off_outline / MAX (1, stenoses));
  printf ("%-44s %6u  %5.1f %%\n", "MLD not below the reference", not_below,
          100.0 * not_below / MAX (1, stenoses));
  printf ("%-44s %6u  %5.1f %%\n", "refused (no measurement, a reason given)", refused,
          100.0 * refused / MAX (1, stenoses));
  printf ("%-44s %6u  %5.1f %%\n", "MLD wider than the whole outline", wider,
          100.0 * wider / MAX (1, stenoses));
  printf ("%-44s %6.1f ms median, %.1f ms p90\n", "time per measurement",
          angio_median ((double *) ms->data, ms->len),
          angio_quantile_inplace ((double *) ms->data, ms->len, 0.9));
  return 0;
}
