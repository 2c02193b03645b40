/* bench-package.c — the case packages' speed targets (issue "Case packages"):
 *  - exporting one 512² × 64-frame case (de-identification in the decoder, the labelled
 *    frame decoded, masks, preview, COCO image, case.json, manifest) takes ≤ 1 s;
 *  - a 100-case dataset exports with progress (each case de-identified and labelled; the
 *    progress callback is called as each case starts and each of its runs is done);
 *  - validation hashes ≥ 200 MB/s (SHA-256 of every file of the 512² package), and the
 *    whole validation (hashes, the DICOM header read in the decoder, the masks read back) is
 *    reported beside it.
 *  - reviewing predictions of that dataset (issue "Review AI predictions"): importing its own
 *    COCO annotations and labels.csv as a model's predictions, and scoring the 100 cases
 *    (three tasks, masks rasterised and compared), each ≤ 5 s — the scores page opens on it.
 * The 100 cases are copies of one analysed 256² case (rows of the workspace under new ids),
 * each exported from the same source. `meson test -C _build --benchmark package --verbose`;
 * exits 1 when a target is missed.
 */
#include "config.h"

#include "angio-package-private.h"
#include "angio-package.h"
#include "angio-predictions.h"
#include "angio-score.h"
#include "angio-stats.h"
#include "angio-test-util.h"

#define N_CASES 100
#define RUNS 5

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* A workspace with one analysed case, its best key frame and worst lesion accepted, and
 * @copies − 1 copies of it. */
static AngioWorkspace *
make_workspace (const char *name,
                guint       size,
                guint       frames,
                guint       copies)
{
  g_autofree char *folder = angio_test_path (name);
  g_autofree char *file = g_strconcat (name, ".dcm", NULL);
  g_autofree char *run = NULL;
  g_autoptr(AngioWorkspace) ws = NULL;
  g_autoptr(AngioImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  AngioPhantomParams params;
  const char *paths[2] = { NULL, NULL };

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = size;
  params.frames = frames;
  run = angio_test_phantom_file (&params, file, NULL);
  paths[0] = run;
  ws = angio_workspace_open (folder, TRUE, &error);
  g_assert_no_error (error);
  report = angio_workspace_import (ws, paths, TRUE, NULL, &error);
  g_assert_no_error (error);
  angio_test_label_case (ws, "CASE-0001", TRUE);
  g_clear_object (&ws);

  angio_test_copy_case (folder, copies);
  ws = angio_workspace_open (folder, FALSE, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&ws);
}

typedef struct {
  guint calls;
  double last_fraction;
} Progress;

static void
on_progress (double      fraction,
             const char *case_id,
             gpointer    data)
{
  Progress *p = data;

  g_assert_cmpfloat (fraction, >=, p->last_fraction);
  p->last_fraction = fraction;
  p->calls++;
}

int
main (int   argc,
      char **argv)
{
  g_autoptr(AngioWorkspace) big = NULL;
  g_autoptr(AngioWorkspace) many = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *one[] = { "CASE-0001", NULL };
  double export_ms[RUNS], validate_ms[RUNS], mbps[RUNS], hash_mbps[RUNS];
  double export_one, validate_one, rate, hash_rate, dataset_ms, import_ms, score_ms;
  Progress progress = { 0 };
  guint64 bytes = 0;
  g_autofree char *dataset = NULL;
  gboolean ok;

  g_test_init (&argc, &argv, NULL);
  big = make_workspace ("bench-package-512", 512, 64, 1);
  for (guint r = 0; r < RUNS; r++)
    {
      g_autofree char *name = g_strdup_printf ("bench-export-%u", r);
      g_autofree char *out = angio_test_path (name);
      g_autofree char *package = g_build_filename (out, "RAS-0001", NULL);
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
      double t0 = now_ms ();

      g_assert_true (angio_package_export (big, one, out, NULL, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      export_ms[r] = now_ms () - t0;
      t0 = now_ms ();
      g_assert_true (angio_package_validate (package, problems, &bytes, NULL, &error));
      validate_ms[r] = now_ms () - t0;
      mbps[r] = bytes / 1e6 / (validate_ms[r] / 1000);
      {
        g_autoptr(GPtrArray) files = angio_package_walk (package, NULL);
        guint64 hashed = 0;

        t0 = now_ms ();
        for (guint i = 0; i < files->len; i++)
          {
            g_autofree char *path = g_build_filename (package, files->pdata[i], NULL);
            g_autofree char *sha = NULL;
            guint64 n;

            g_assert_true (angio_package_hash_file (path, &n, &sha, NULL, NULL));
            hashed += n;
          }
        hash_mbps[r] = hashed / 1e6 / ((now_ms () - t0) / 1000);
      }
      angio_package_remove_tree (out);
    }
  export_one = angio_median_inplace (export_ms, RUNS);
  validate_one = angio_median_inplace (validate_ms, RUNS);
  rate = angio_median_inplace (mbps, RUNS);
  hash_rate = angio_median_inplace (hash_mbps, RUNS);

  many = make_workspace ("bench-package-many", 256, 24, N_CASES);
  for (guint i = 1; i <= N_CASES; i++)
    g_ptr_array_add (ids, g_strdup_printf ("CASE-%04u", i));
  g_ptr_array_add (ids, NULL);
  dataset = angio_test_path ("bench-dataset");
  {
    double t0 = now_ms ();

    g_assert_true (angio_package_export (many, (const char *const *) ids->pdata, dataset, NULL,
                                         on_progress, &progress, NULL, &error));
    g_assert_no_error (error);
    dataset_ms = now_ms () - t0;
  }
  g_assert_cmpuint (progress.calls, ==, 2 * N_CASES + 1);   /* a case starts, its run done */

  {
    g_autofree char *set = angio_test_path ("bench-predictions");
    g_autofree char *coco = g_build_filename (dataset, "coco", "annotations.json", NULL);
    g_autofree char *labels = g_build_filename (dataset, "labels.csv", NULL);
    g_autofree char *coco_copy = g_build_filename (set, "results.json", NULL);
    g_autofree char *labels_copy = g_build_filename (set, "predictions.csv", NULL);
    g_autofree char *text = NULL;
    g_autoptr(AngioPredictionReport) report = NULL;
    g_autoptr(AngioScores) scores = NULL;
    gsize length;
    double t0;

    g_assert_cmpint (g_mkdir_with_parents (set, 0755), ==, 0);
    g_assert_true (g_file_get_contents (coco, &text, &length, NULL));
    g_assert_true (g_file_set_contents (coco_copy, text, length, NULL));
    g_clear_pointer (&text, g_free);
    g_assert_true (g_file_get_contents (labels, &text, &length, NULL));
    g_assert_true (g_file_set_contents (labels_copy, text, length, NULL));
    t0 = now_ms ();
    report = angio_predictions_import (many, set, ANGIO_PREDICTION_MODEL, "bench", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (report->cases->len, ==, N_CASES);
    import_ms = now_ms () - t0;
    t0 = now_ms ();
    scores = angio_scores_compute (many, ANGIO_PREDICTION_MODEL, "bench", ANGIO_SCORE_TOLERANCE,
                                   NULL, &error);
    g_assert_no_error (error);
    score_ms = now_ms () - t0;
    g_assert_cmpuint (scores->cases->len, ==, N_CASES);
    g_assert_cmpfloat (scores->mean_dice, >, 0.99);
  }

  ok = export_one <= 1000 && hash_rate >= 200 && import_ms <= 5000 && score_ms <= 5000;
  g_print ("export one case (512² × 64 frames, uncompressed, one labelled frame): median "
           "%.0f ms (target ≤ 1000)\n", export_one);
  g_print ("validate it: hashing %.0f MB/s (target ≥ 200); the whole validation %.1f MB in "
           "%.0f ms, %.0f MB/s\n", hash_rate, bytes / 1e6, validate_one, rate);
  g_print ("export a %u-case dataset (256² × 24 frames each): %.1f s, %.0f ms a case, "
           "%u progress reports\n", N_CASES, dataset_ms / 1000, dataset_ms / N_CASES,
           progress.calls);
  g_print ("import its COCO annotations and labels.csv as a model's predictions: %.0f ms "
           "(target ≤ 5000); score the %u cases: %.0f ms, %.1f ms a case (target ≤ 5000)\n",
           import_ms, N_CASES, score_ms, score_ms / N_CASES);
  g_print ("%s\n", ok ? "all targets met" : "TARGET MISSED");
  return ok ? 0 : 1;
}
