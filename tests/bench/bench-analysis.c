/* bench-analysis.c — accuracy and speed of the automatic proposals and of the user-guided QCA
 * over the phantom benchmark set (tests/angio-test-accuracy.c), against the targets of the
 * issue "Automatic proposals":
 *
 *   best key frame inside the truth's acceptable range in ≥ 95 % of runs;
 *   the most severe proposal centred within 3 mm of the truth in ≥ 95 % of runs with %DS ≥ 40;
 *   mean absolute error: MLD ≤ 0.15 mm, reference ≤ 0.2 mm, %DS ≤ 5 points, length ≤ 2 mm;
 *   Dice of the lesion lumen polygon ≥ 0.85;
 *   analyze of a 512² × 64 run ≤ 1.5 s after decoding; qca between two points ≤ 30 ms.
 *
 * Prints a line per case and a summary; exits 1 when a target is missed. Run with
 * `meson test -C _build --benchmark --verbose`, or alone with a case name to run one case.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "angio-analysis.h"
#include "angio-series.h"
#include "angio-stats.h"
#include "angio-test-accuracy.h"
#include "angio-test-util.h"

typedef struct {
  guint n;
  double sum;
} Mean;

static void
add (Mean  *m,
     double value)
{
  if (isfinite (value))
    {
      m->sum += value;
      m->n++;
    }
}

static double
mean (const Mean *m)
{
  return m->n ? m->sum / m->n : NAN;
}

typedef struct {
  Mean mld, ref, ds, length, dice;
} Errors;

static void
add_errors (Errors               *sum,
            const AngioQcaErrors *e)
{
  add (&sum->mld, fabs (e->mld));
  add (&sum->ref, fabs (e->ref));
  add (&sum->ds, fabs (e->ds));
  add (&sum->length, fabs (e->length));
  add (&sum->dice, e->dice);
}

static gboolean
report_errors (const char   *what,
               const Errors *e)
{
  gboolean ok = mean (&e->mld) <= 0.15 && mean (&e->ref) <= 0.2 && mean (&e->ds) <= 5
                && mean (&e->length) <= 2 && mean (&e->dice) >= 0.85;

  g_print ("%-10s MAE MLD %.3f mm, ref %.3f mm, %%DS %.2f, length %.2f mm; Dice %.3f "
           "(%u lesions)  %s\n", what, mean (&e->mld), mean (&e->ref), mean (&e->ds),
           mean (&e->length), mean (&e->dice), e->mld.n, ok ? "met" : "MISSED");
  return ok;
}

static void
print_case (const AngioAccuracyCase *c,
            const AngioAccuracy     *r)
{
  g_print ("%-26s key %2u %s [%2u–%2u]  lesions %u%s centre %5.2f mm  "
           "auto MLD %+.2f ref %+.2f DS %+5.1f len %+5.1f Dice %.2f | "
           "guided MLD %+.2f ref %+.2f DS %+5.1f len %+5.1f Dice %.2f | %4.0f ms %4.1f ms\n",
           c->name, r->key_frame, r->key_frame_ok ? "ok" : "NO", r->key_first, r->key_last,
           r->n_lesions, r->centred ? " " : "!", r->centre_error_mm, r->automatic.mld,
           r->automatic.ref, r->automatic.ds, r->automatic.length, r->automatic.dice,
           r->guided.mld, r->guided.ref, r->guided.ds, r->guided.length, r->guided.dice,
           r->analysis_ms, r->measure_ms);
  if (!r->centred && r->truth_ds >= 40)
    g_print ("%26s the lesion is at (%.0f, %.0f)\n", "", r->truth_px.x, r->truth_px.y);
  if (g_getenv ("BENCH_VERBOSE"))
    for (guint i = 0; i < r->n_lesions; i++)
      g_print ("%26s proposal at (%.0f, %.0f): %%DS %.0f, reference %.2f mm, %.1f mm away\n", "",
               r->proposals[i].x, r->proposals[i].y, r->proposal_ds[i], r->proposal_ref_mm[i],
               r->proposal_distance_mm[i]);
}

int
main (int   argc,
      char *argv[])
{
  const AngioAccuracyCase *cases = angio_accuracy_cases ();
  guint n = 0, key_ok = 0, severe = 0, centred = 0, fp = 0, fp_runs = 0;
  Errors automatic = { 0 }, guided = { 0 };
  g_autoptr(GArray) measure = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) analyze = g_array_new (FALSE, FALSE, sizeof (double));
  double analyze_512 = 0, analyze_median, measure_median;
  gboolean ok = TRUE;

  for (const AngioAccuracyCase *c = cases; c->name != NULL; c++)
    {
      AngioAccuracy r;
      g_autoptr(GError) error = NULL;

      if (argc > 1 && strcmp (argv[1], c->name) != 0)
        continue;
      if (!angio_accuracy_run (c, &r, &error))
        {
          g_printerr ("%s: %s\n", c->name, error->message);
          return 1;
        }
      print_case (c, &r);
      n++;
      key_ok += r.key_frame_ok;
      if (r.truth_ds >= 40)
        {
          severe++;
          centred += r.centred;
        }
      fp += r.false_positives;
      fp_runs += r.false_positives > 0;
      add_errors (&automatic, &r.automatic);
      add_errors (&guided, &r.guided);
      g_array_append_val (measure, r.measure_ms);
      g_array_append_val (analyze, r.analysis_ms);
      if (c->params.size == 512 && strcmp (c->name, "renal") == 0)
        analyze_512 = r.analysis_ms;
    }
  if (n == 0)
    {
      g_printerr ("no such case\n");
      return 1;
    }

  g_print ("\n%u runs\n", n);
  g_print ("key frame in the acceptable range: %u/%u (%.0f %%)  %s\n", key_ok, n,
           100.0 * key_ok / n, key_ok >= 0.95 * n ? "met" : "MISSED");
  ok &= key_ok >= 0.95 * n;
  if (severe > 0)
    {
      g_print ("most severe proposal within 3 mm (%%DS ≥ 40): %u/%u (%.0f %%)  %s\n", centred,
               severe, 100.0 * centred / severe, centred >= 0.95 * severe ? "met" : "MISSED");
      ok &= centred >= 0.95 * severe;
    }
  g_print ("proposals away from the lesion: %u in %u runs\n", fp, fp_runs);
  ok &= report_errors ("automatic", &automatic);
  ok &= report_errors ("guided", &guided);
  analyze_median = angio_median_inplace ((double *) analyze->data, analyze->len);
  measure_median = angio_median_inplace ((double *) measure->data, measure->len);
  g_print ("analysis after decoding: median %.0f ms, slowest %.0f ms; renal 512² × 48 %.0f ms\n",
           analyze_median, ((double *) analyze->data)[analyze->len - 1], analyze_512);
  g_print ("guided QCA: median %.1f ms, slowest %.1f ms (target ≤ 30 ms)\n", measure_median,
           ((double *) measure->data)[measure->len - 1]);
  ok &= measure_median <= 30;
  return ok ? 0 : 1;
}
