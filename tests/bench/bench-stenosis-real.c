/* bench-stenosis-real.c — stenosis proposals on real coronary frames with expert outlines
 * (ARCADE, ../shared/testdata/arcade): precision, recall and F1 by the issue's rule (a proposal
 * is on a stenosis when its centre is inside the expert outline's box widened by 10 px), for
 * the detector's peaks, the proposals as the analysis makes them (measured, filtered), and the
 * classical finder that came before, side by side on the same frames.
 *
 *   meson test -C _build --benchmark --verbose stenosis-real
 *   ANGIO_BENCH_PART=train ANGIO_BENCH_LIMIT=50 …   (another part, fewer frames)
 *
 * ARCADE's validation split ("val", the default) was held out from training and from the
 * choice of every setting (training/stenosis/split.json). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "angio-analysis.h"
#include "angio-detector.h"
#include "angio-stats.h"
#include "angio-test-real.h"

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
report (const char           *what,
        const AngioTestTally *t,
        double               *ms)
{
  double p, r, f1;

  angio_test_tally_scores (t, &p, &r, &f1);
  printf ("%-34s %6u %5.2f %6u %6.3f %6.3f %6.3f %8.0f\n", what, t->proposals,
          (double) t->proposals / MAX (1, t->images), t->true_proposals, p, r, f1,
          angio_median (ms, t->images));
}

int
main (int    argc,
      char **argv)
{
  const char *part = g_getenv ("ANGIO_BENCH_PART") ? g_getenv ("ANGIO_BENCH_PART") : "val";
  guint limit = g_getenv ("ANGIO_BENCH_LIMIT") ? atoi (g_getenv ("ANGIO_BENCH_LIMIT")) : 0;
  g_autoptr(GPtrArray) images = NULL;
  AngioTestTally peaks = { 0 }, proposed = { 0 }, classical = { 0 };
  g_autofree double *ms_peaks = NULL, *ms_proposed = NULL, *ms_classical = NULL;
  AngioAnalysisParams params;
  guint n;

  g_test_init (&argc, &argv, NULL);
  images = angio_test_arcade_load (part);
  if (images == NULL)
    {
      printf ("# ARCADE is not there (ANGIO_TESTDATA): nothing measured\n");
      return 0;
    }
  n = limit > 0 ? MIN (limit, images->len) : images->len;
  ms_peaks = g_new0 (double, n);
  ms_proposed = g_new0 (double, n);
  ms_classical = g_new0 (double, n);
  angio_analysis_params_init (&params);
  printf ("# ARCADE %s: %u frames of 512 x 512, %s %s\n", part, n, angio_detector_name (),
          angio_detector_version ());

  for (guint i = 0; i < n; i++)
    {
      const AngioTestArcadeImage *image = g_ptr_array_index (images, i);
      g_autoptr(AngioImageF) frame = angio_test_arcade_image (image);
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) found = NULL;
      g_autoptr(GPtrArray) lesions = NULL;
      g_autoptr(GPtrArray) old = NULL;
      g_autoptr(GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));
      AngioFrameContext *context;
      gint64 start;

      start = g_get_monotonic_time ();
      found = angio_detector_find (frame, NULL, &error);
      ms_peaks[i] = ms_since (start);
      if (found == NULL)
        g_error ("%s", error->message);
      for (guint k = 0; k < found->len; k++)
        {
          g_array_append_val (xy, g_array_index (found, AngioDetection, k).x);
          g_array_append_val (xy, g_array_index (found, AngioDetection, k).y);
        }
      angio_test_tally_add (&peaks, image, (double *) xy->data, found->len);

      context = angio_frame_context_new_for_image (angio_image_f_copy (frame), NAN, &params);
      start = g_get_monotonic_time ();
      lesions = angio_frame_context_propose (context, NULL, &error);
      ms_proposed[i] = ms_since (start);
      if (lesions == NULL)
        g_error ("%s", error->message);
      g_array_set_size (xy, 0);
      for (guint k = 0; k < lesions->len; k++)
        {
          AngioPoint c = angio_stenosis_center (g_ptr_array_index (lesions, k));

          g_array_append_val (xy, c.x);
          g_array_append_val (xy, c.y);
        }
      angio_test_tally_add (&proposed, image, (double *) xy->data, lesions->len);

      {
        AngioStenosisScene scene = { context->image };

        start = g_get_monotonic_time ();
        old = angio_stenosis_find (&scene, &context->stenosis, NULL);
        ms_classical[i] = ms_since (start);
      }
      g_array_set_size (xy, 0);
      for (guint k = 0; k < old->len; k++)
        {
          AngioPoint c = angio_stenosis_center (g_ptr_array_index (old, k));

          g_array_append_val (xy, c.x);
          g_array_append_val (xy, c.y);
        }
      angio_test_tally_add (&classical, image, (double *) xy->data, old->len);
      angio_frame_context_free (context);
    }

  printf ("%-34s %6s %5s %6s %6s %6s %6s %8s\n", "", "props", "/img", "true", "P", "R", "F1",
          "ms/img");
  report ("detector peaks", &peaks, ms_peaks);
  report ("proposals (measured, as the app)", &proposed, ms_proposed);
  report ("classical finder (before)", &classical, ms_classical);
  printf ("# stenoses: %u; a hit: centre inside the expert box widened by 10 px\n",
          peaks.stenoses);
  return 0;
}
