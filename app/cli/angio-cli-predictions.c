/* angio-cli-predictions.c — `angiomark-cli import-predictions|score`: reviewing what a model
 * (or a second annotator) says about a dataset’s cases. */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "angio-cli.h"
#include "angio-json.h"
#include "angio-predictions.h"
#include "angio-score.h"

static char *opt_model;
static char *opt_annotator;
static int opt_tolerance = ANGIO_SCORE_TOLERANCE;
static gboolean opt_json;
static gboolean opt_csv;
static gboolean opt_timings;

static const GOptionEntry import_entries[] = {
  { "model", 0, 0, G_OPTION_ARG_STRING, &opt_model,
    N_("The model whose predictions these are"), N_("NAME") },
  { "annotator", 0, 0, G_OPTION_ARG_STRING, &opt_annotator,
    N_("A second annotator whose labels these are (inter-observer agreement)"), N_("NAME") },
  { "timings", 0, 0, G_OPTION_ARG_NONE, &opt_timings, N_("Print how long the import took"),
    NULL },
  { NULL }
};

static const GOptionEntry score_entries[] = {
  { "model", 0, 0, G_OPTION_ARG_STRING, &opt_model, N_("The model to score"), N_("NAME") },
  { "annotator", 0, 0, G_OPTION_ARG_STRING, &opt_annotator,
    N_("The second annotator to compare with the labels"), N_("NAME") },
  { "tolerance", 0, 0, G_OPTION_ARG_INT, &opt_tolerance,
    N_("A key frame within this many frames is a hit (default 2)"), N_("FRAMES") },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print the scores as JSON"), NULL },
  { "csv", 0, 0, G_OPTION_ARG_NONE, &opt_csv, N_("Print one CSV row per case"), NULL },
  { "timings", 0, 0, G_OPTION_ARG_NONE, &opt_timings, N_("Print how long scoring took"), NULL },
  { NULL }
};

/* The source named by --model or --annotator (exactly one). */
static gboolean
source_option (AngioPredictionOrigin *origin,
               const char           **source)
{
  if ((opt_model == NULL) == (opt_annotator == NULL))
    return FALSE;
  *origin = opt_model ? ANGIO_PREDICTION_MODEL : ANGIO_PREDICTION_ANNOTATOR;
  *source = opt_model ? opt_model : opt_annotator;
  return TRUE;
}

int
angio_cli_import_predictions (int    argc,
                              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("WORKSPACE DIR"));
  g_autoptr(AngioWorkspace) workspace = NULL;
  g_autoptr(AngioPredictionReport) report = NULL;
  g_autoptr(GError) error = NULL;
  AngioPredictionOrigin origin;
  const char *source;
  int status = ANGIO_EXIT_OK;
  gint64 start = g_get_monotonic_time ();

  g_option_context_set_summary (context, _("Import a prediction set — case packages with "
                                           "\"origin\": \"model\", or COCO results and a CSV "
                                           "of key frames and FFR values — beside the labels "
                                           "of a workspace’s cases."));
  g_option_context_add_main_entries (context, import_entries, GETTEXT_PACKAGE);
  if (!angio_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 3 || !source_option (&origin, &source))
    {
      g_printerr ("angiomark-cli: %s\n", _("usage: angiomark-cli import-predictions WORKSPACE "
                                           "DIR (--model NAME | --annotator NAME)"));
      return ANGIO_EXIT_BAD_INPUT;
    }
  workspace = angio_cli_open_workspace (argv[1], FALSE, &error);
  if (workspace == NULL)
    return angio_cli_fail (error);
  report = angio_predictions_import (workspace, argv[2], origin, source, NULL, &error);
  if (report == NULL)
    return angio_cli_fail (error);
  for (guint i = 0; i < report->columns->len; i++)
    g_print ("%s\n", (char *) report->columns->pdata[i]);
  for (guint i = 0; i < report->warnings->len; i++)
    /* Translators: a warning of the CLI, e.g. a column of a CSV not read */
    g_printerr (_("angiomark-cli: warning: %s\n"), (char *) report->warnings->pdata[i]);
  for (guint i = 0; i < report->skipped->len; i++)
    g_printerr ("angiomark-cli: %s\n", (char *) report->skipped->pdata[i]);
  /* Translators: %u cases given predictions of %s (a model or an annotator) */
  g_print (g_dngettext (GETTEXT_PACKAGE, "Imported the predictions of %2$s for %1$u case\n",
                        "Imported the predictions of %2$s for %1$u cases\n", report->cases->len),
           report->cases->len, source);
  if (opt_timings)
    g_printerr ("import-predictions: %.0f ms\n", (g_get_monotonic_time () - start) / 1000.0);
  return ANGIO_EXIT_OK;
}


static void
agreement_line (const char           *label,
                const AngioAgreement *a,
                int                   decimals,
                const char           *unit)
{
  g_autofree char *bias = angio_score_format (a->bias, decimals, FALSE);
  g_autofree char *low = angio_score_format (a->loa_low, decimals, FALSE);
  g_autofree char *high = angio_score_format (a->loa_high, decimals, FALSE);
  g_autofree char *mae = angio_score_format (a->mae, decimals, FALSE);

  /* Translators: Bland–Altman: "bias 0.05 mm, limits −0.31 to 0.41 mm, mean |error| 0.2 mm (n 10)" */
  angio_cli_linef (label, _("bias %s%s, limits %s to %s%s, mean |error| %s%s (n %u)"), bias, unit,
                   low, high, unit, mae, unit, a->n);
}

static void
print_scores (AngioScores *s)
{
  const AngioClassification *k = &s->classification;
  g_autofree char *offset = angio_score_format (s->mean_abs_offset_frames, 2, FALSE);
  g_autofree char *offset_ms = angio_score_format (s->mean_abs_offset_ms, 0, FALSE);
  g_autofree char *hit = angio_score_format (100 * s->hit_rate, 1, FALSE);
  g_autofree char *dice = angio_score_format (s->mean_dice, 3, FALSE);
  g_autofree char *iou = angio_score_format (s->mean_iou, 3, FALSE);
  g_autofree char *hd95 = angio_score_format (s->median_hd95_px, 2, FALSE);
  g_autofree char *sens = angio_score_format (k->sensitivity, 3, FALSE);
  g_autofree char *spec = angio_score_format (k->specificity, 3, FALSE);
  g_autofree char *acc = angio_score_format (k->accuracy, 3, FALSE);
  g_autofree char *auc = angio_score_format (k->auc, 3, FALSE);

  angio_cli_line (s->origin == ANGIO_PREDICTION_MODEL ? _("Model") : _("Annotator"), s->source);
  angio_cli_linef (_("Cases scored"), "%u", s->cases->len);
  angio_cli_linef (_("Key frames"), _("mean |offset| %s frames (%s ms); within ±%u frames: "
                                      "%s %% of %u"), offset, offset_ms, s->tolerance, hit,
                   s->n_key_frames);
  angio_cli_linef (_("Outlines"), _("Dice %s, IoU %s, median HD95 %s px; none where labelled: "
                                    "%u of %u"), dice, iou, hd95, s->n_missed, s->n_outlines);
  agreement_line (_("MLD"), &s->mld_mm, 2, _(" mm"));
  agreement_line (_("%DS"), &s->percent_ds, 1, " %");
  agreement_line (_("FFR"), &s->ffr, 3, "");
  angio_cli_linef (_("FFR ≤ 0.80"), _("sensitivity %s, specificity %s, accuracy %s, AUC %s "
                                      "(TP %u, FN %u, FP %u, TN %u)"), sens, spec, acc, auc,
                   k->tp, k->fn, k->fp, k->tn);
}

int
angio_cli_score (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("WORKSPACE"));
  g_autoptr(AngioWorkspace) workspace = NULL;
  g_autoptr(AngioScores) scores = NULL;
  g_autoptr(GError) error = NULL;
  AngioPredictionOrigin origin;
  const char *source;
  int status = ANGIO_EXIT_OK;
  gint64 start = g_get_monotonic_time ();

  g_option_context_set_summary (context, _("Score a model’s predictions (or a second "
                                           "annotator’s labels) against the labels of the "
                                           "workspace’s cases: key frames, stenosis outlines, "
                                           "FFR."));
  g_option_context_add_main_entries (context, score_entries, GETTEXT_PACKAGE);
  if (!angio_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || !source_option (&origin, &source) || (opt_json && opt_csv) ||
      opt_tolerance < 0)
    {
      g_printerr ("angiomark-cli: %s\n", _("usage: angiomark-cli score WORKSPACE (--model NAME "
                                           "| --annotator NAME) [--tolerance FRAMES] "
                                           "[--json | --csv]"));
      return ANGIO_EXIT_BAD_INPUT;
    }
  workspace = angio_cli_open_workspace (argv[1], FALSE, &error);
  if (workspace == NULL)
    return angio_cli_fail (error);
  scores = angio_scores_compute (workspace, origin, source, opt_tolerance, NULL, &error);
  if (scores == NULL)
    return angio_cli_fail (error);
  if (opt_json)
    {
      g_autoptr(JsonNode) json = angio_scores_to_json (scores);

      angio_cli_print_json (json);
    }
  else if (opt_csv)
    {
      g_autofree char *csv = angio_scores_to_csv (scores);

      g_print ("%s", csv);
    }
  else
    print_scores (scores);
  if (opt_timings)
    g_printerr ("score: %u cases in %.0f ms\n", scores->cases->len,
                (g_get_monotonic_time () - start) / 1000.0);
  return ANGIO_EXIT_OK;
}
