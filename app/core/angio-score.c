/* angio-score.c — predictions against labels, per case and over the dataset. */
#define G_LOG_DOMAIN "angio-score"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "angio-enum-types.h"
#include "angio-json.h"
#include "angio-score.h"
#include "angio-stats.h"

/* Masks larger than this are not an angiogram's frame (a broken document). */
#define MAX_MASK_PIXELS (8192u * 8192u)

void
angio_case_score_clear (AngioCaseScore *score)
{
  g_clear_pointer (&score->case_id, g_free);
  g_clear_pointer (&score->key_run, g_free);
}

static void
case_score_free (AngioCaseScore *score)
{
  angio_case_score_clear (score);
  g_free (score);
}

void
angio_scores_free (AngioScores *scores)
{
  if (scores == NULL)
    return;
  g_free (scores->source);
  g_clear_pointer (&scores->cases, g_ptr_array_unref);
  g_free (scores);
}

/* Task 1 */

/* The run whose key frames are scored: the most severe accepted lesion's, else the first run
 * with an accepted key frame (as labels.csv chooses). */
static AngioLabelSeries *
key_run (AngioLabels *reference)
{
  AngioLabelSeries *best = NULL;
  AngioLabelLesion *worst = NULL;

  for (guint i = 0; i < reference->series->len; i++)
    {
      AngioLabelSeries *run = reference->series->pdata[i];
      AngioLabelLesion *l = angio_label_series_worst_lesion (run);

      if (l != NULL && run->key_frames->len > 0 &&
          (worst == NULL || (isfinite (l->percent_ds) && !(l->percent_ds <= worst->percent_ds))))
        {
          worst = l;
          best = run;
        }
    }
  for (guint i = 0; best == NULL && i < reference->series->len; i++)
    {
      AngioLabelSeries *run = reference->series->pdata[i];

      if (run->key_frames->len > 0)
        best = run;
    }
  return best;
}

static void
score_key_frame (AngioLabels     *reference,
                 AngioLabels     *prediction,
                 guint            tolerance,
                 AngioCaseScore  *score)
{
  AngioLabelSeries *run = key_run (reference);
  AngioLabelSeries *predicted;
  guint frame, nearest = 0, distance = G_MAXUINT;

  if (run == NULL)
    return;
  score->key_run = g_strdup (run->id);
  predicted = angio_labels_find_series (prediction, run->id);
  if (predicted == NULL || predicted->key_frames->len == 0)
    return;
  frame = g_array_index (predicted->key_frames, AngioLabelKeyFrame, 0).frame;
  for (guint i = 0; i < run->key_frames->len; i++)
    {
      guint f = g_array_index (run->key_frames, AngioLabelKeyFrame, i).frame;
      guint d = f > frame ? f - frame : frame - f;

      if (d < distance)
        {
          distance = d;
          nearest = f;
        }
    }
  score->reference_frame = nearest;
  score->predicted_frame = frame;
  score->offset_frames = (double) frame - (double) nearest;
  if (frame < run->frame_time_ms->len && nearest < run->frame_time_ms->len)
    score->offset_ms = g_array_index (run->frame_time_ms, double, frame) -
                       g_array_index (run->frame_time_ms, double, nearest);
  score->hit = distance <= tolerance;
}

/* Task 2 */

static void
score_outlines (AngioLabels     *reference,
                AngioLabels     *prediction,
                AngioCaseScore  *score)
{
  double dice = 0, iou = 0, hd95 = 0, hd95_mm = 0;

  for (guint i = 0; i < reference->series->len; i++)
    {
      AngioLabelSeries *run = reference->series->pdata[i];
      AngioLabelSeries *predicted = angio_labels_find_series (prediction, run->id);
      g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
      g_autofree guint8 *a = NULL;
      g_autofree guint8 *b = NULL;

      if (run->lesions->len == 0 || run->rows == 0 || run->cols == 0 ||
          (guint64) run->rows * run->cols > MAX_MASK_PIXELS)
        continue;
      a = g_malloc ((gsize) run->rows * run->cols);
      b = g_malloc ((gsize) run->rows * run->cols);
      for (guint k = 0; k < run->lesions->len; k++)
        {
          guint frame = ((AngioLabelLesion *) run->lesions->pdata[k])->frame;
          AngioMaskScores m;

          if (!g_hash_table_add (seen, GUINT_TO_POINTER (frame + 1)))
            continue;
          angio_label_series_rasterise (run, frame, a, run->cols, run->rows);
          angio_label_series_rasterise (predicted, frame, b, run->cols, run->rows);
          angio_metrics_masks (a, b, run->cols, run->rows, &m);
          dice += m.dice;
          iou += m.iou;
          hd95 += m.hd95_px;
          hd95_mm += m.hd95_px * run->mm_per_px;
          score->n_masks++;
        }
    }
  if (score->n_masks > 0)
    {
      score->dice = dice / score->n_masks;
      score->iou = iou / score->n_masks;
      score->hd95_px = hd95 / score->n_masks;
      score->hd95_mm = hd95_mm / score->n_masks;
    }
  score->reference_mld_mm = reference->mld_mm;
  score->reference_percent_ds = reference->percent_ds;
  score->predicted_mld_mm = prediction->mld_mm;
  score->predicted_percent_ds = prediction->percent_ds;
}

void
angio_score_case (AngioLabels     *reference,
                  AngioLabels     *prediction,
                  guint            tolerance,
                  AngioCaseScore  *score)
{
  g_return_if_fail (reference != NULL && prediction != NULL && score != NULL);

  *score = (AngioCaseScore) {
    .case_id = g_strdup (reference->case_id),
    .reference_frame = -1, .predicted_frame = -1,
    .offset_frames = NAN, .offset_ms = NAN,
    .dice = NAN, .iou = NAN, .hd95_px = NAN, .hd95_mm = NAN,
    .reference_ffr = reference->ffr, .predicted_ffr = prediction->ffr,
  };
  score_key_frame (reference, prediction, tolerance, score);
  score_outlines (reference, prediction, score);
}

/* Loading */

AngioLabels *
angio_score_load_reference (AngioWorkspace  *workspace,
                            const char      *case_id,
                            GError         **error)
{
  g_autoptr(JsonNode) document = angio_workspace_load_document (workspace, case_id, error);

  if (document == NULL)
    return NULL;
  return angio_labels_new_from_json (document, FALSE, error);
}

AngioLabels *
angio_score_load_prediction (AngioWorkspace         *workspace,
                             const char             *case_id,
                             AngioPredictionOrigin   origin,
                             const char             *source,
                             GError                **error)
{
  g_autoptr(JsonNode) document = angio_workspace_load_prediction (workspace, case_id, origin,
                                                                  source, error);

  if (document == NULL)
    return NULL;
  return angio_labels_new_from_json (document, origin == ANGIO_PREDICTION_MODEL, error);
}

/* The dataset */

static double
median_with_infinity (GArray *values)
{
  guint n = values->len;
  double *v = (double *) values->data;

  if (n == 0)
    return NAN;
  qsort (v, n, sizeof (double), angio_compare_doubles);
  if (n % 2 == 1)
    return v[n / 2];
  if (isinf (v[n / 2]))
    return INFINITY;
  return (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void
summarise (AngioScores *s)
{
  guint n = s->cases->len;
  g_autofree double *ref_mld = g_new (double, n), *pred_mld = g_new (double, n);
  g_autofree double *ref_ds = g_new (double, n), *pred_ds = g_new (double, n);
  g_autofree double *ref_ffr = g_new (double, n), *pred_ffr = g_new (double, n);
  g_autoptr(GArray) hd95 = g_array_new (FALSE, FALSE, sizeof (double));
  double offset = 0, offset_ms = 0, dice = 0, iou = 0;
  guint n_offset = 0, n_offset_ms = 0, hits = 0;

  for (guint i = 0; i < n; i++)
    {
      AngioCaseScore *c = s->cases->pdata[i];

      if (c->key_run != NULL)
        {
          s->n_key_frames++;
          hits += c->hit;
        }
      if (isfinite (c->offset_frames))
        {
          offset += fabs (c->offset_frames);
          n_offset++;
        }
      if (isfinite (c->offset_ms))
        {
          offset_ms += fabs (c->offset_ms);
          n_offset_ms++;
        }
      if (c->n_masks > 0)
        {
          s->n_outlines++;
          dice += c->dice;
          iou += c->iou;
          g_array_append_val (hd95, c->hd95_px);
          s->n_missed += isinf (c->hd95_px);
        }
      ref_mld[i] = c->reference_mld_mm;
      pred_mld[i] = c->predicted_mld_mm;
      ref_ds[i] = c->reference_percent_ds;
      pred_ds[i] = c->predicted_percent_ds;
      ref_ffr[i] = c->reference_ffr;
      pred_ffr[i] = c->predicted_ffr;
    }
  s->mean_abs_offset_frames = n_offset ? offset / n_offset : NAN;
  s->mean_abs_offset_ms = n_offset_ms ? offset_ms / n_offset_ms : NAN;
  s->hit_rate = s->n_key_frames ? (double) hits / s->n_key_frames : NAN;
  s->mean_dice = s->n_outlines ? dice / s->n_outlines : NAN;
  s->mean_iou = s->n_outlines ? iou / s->n_outlines : NAN;
  s->median_hd95_px = median_with_infinity (hd95);
  angio_metrics_agreement (ref_mld, pred_mld, n, &s->mld_mm);
  angio_metrics_agreement (ref_ds, pred_ds, n, &s->percent_ds);
  angio_metrics_agreement (ref_ffr, pred_ffr, n, &s->ffr);
  angio_metrics_classification (ref_ffr, pred_ffr, n, ANGIO_FFR_CUTOFF, &s->classification);
}

AngioScores *
angio_scores_compute (AngioWorkspace         *workspace,
                      AngioPredictionOrigin   origin,
                      const char             *source,
                      guint                   tolerance,
                      GCancellable           *cancellable,
                      GError                **error)
{
  g_autoptr(GPtrArray) predictions = NULL;
  g_autoptr(AngioScores) scores = NULL;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (source != NULL, NULL);

  predictions = angio_workspace_list_predictions (workspace, NULL, error);
  if (predictions == NULL)
    return NULL;
  scores = g_new0 (AngioScores, 1);
  scores->origin = origin;
  scores->source = g_strdup (source);
  scores->tolerance = tolerance;
  scores->cases = g_ptr_array_new_with_free_func ((GDestroyNotify) case_score_free);
  for (guint i = 0; i < predictions->len; i++)
    {
      AngioPredictionInfo *info = predictions->pdata[i];
      g_autoptr(AngioLabels) reference = NULL;
      g_autoptr(AngioLabels) prediction = NULL;
      g_autoptr(GError) local = NULL;
      AngioCaseScore *score;

      if (info->origin != origin || strcmp (info->source, source) != 0)
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (!(reference = angio_score_load_reference (workspace, info->case_id, &local)) ||
          !(prediction = angio_score_load_prediction (workspace, info->case_id, origin, source,
                                                      &local)))
        {
          g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                       _("case %s: %s"), info->case_id, local->message);
          return NULL;
        }
      score = g_new0 (AngioCaseScore, 1);
      angio_score_case (reference, prediction, tolerance, score);
      g_ptr_array_add (scores->cases, score);
    }
  if (scores->cases->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   origin == ANGIO_PREDICTION_MODEL
                   ? _("no predictions of model “%s” in this workspace")
                   : _("no labels of annotator “%s” in this workspace"), source);
      return NULL;
    }
  summarise (scores);
  return g_steal_pointer (&scores);
}

/* Output */

char *
angio_score_format (double   value,
                    int      decimals,
                    gboolean sign)
{
  g_autofree char *digits = NULL;

  if (isinf (value))
    return g_strdup (value > 0 ? "∞" : "−∞");
  if (isnan (value))
    return g_strdup ("—");
  digits = g_strdup_printf ("%.*f", decimals, fabs (value));
  /* Rounded to zero, it has no sign. */
  if (strspn (digits, "0.,") == strlen (digits))
    return g_steal_pointer (&digits);
  if (value < 0)
    return g_strconcat ("−", digits, NULL);
  return sign ? g_strconcat ("+", digits, NULL) : g_steal_pointer (&digits);
}


static void
member_agreement (JsonBuilder          *b,
                  const char           *name,
                  const AngioAgreement *a,
                  int                   decimals)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  angio_json_member_int (b, "n", a->n);
  angio_json_member_number (b, "mae", a->mae, decimals);
  angio_json_member_number (b, "bias", a->bias, decimals);
  angio_json_member_number (b, "sd", a->sd, decimals);
  angio_json_member_number (b, "loa_low", a->loa_low, decimals);
  angio_json_member_number (b, "loa_high", a->loa_high, decimals);
  json_builder_end_object (b);
}

/* HD95 is infinite when nothing was predicted where a label is: JSON says null and why. */
static void
member_hd95 (JsonBuilder *b,
             const char  *name,
             double       value)
{
  angio_json_member_number (b, name, value, 2);
  if (isinf (value))
    {
      g_autofree char *missed = g_strconcat (name, "_missed", NULL);

      angio_json_member_bool (b, missed, TRUE);
    }
}

static void
case_json (JsonBuilder    *b,
           AngioCaseScore *c)
{
  json_builder_begin_object (b);
  angio_json_member_string (b, "case_id", c->case_id);
  angio_json_member_string (b, "key_run", c->key_run);
  if (c->reference_frame >= 0)
    angio_json_member_int (b, "reference_frame", c->reference_frame);
  if (c->predicted_frame >= 0)
    angio_json_member_int (b, "predicted_frame", c->predicted_frame);
  angio_json_member_number (b, "offset_frames", c->offset_frames, 0);
  angio_json_member_number (b, "offset_ms", c->offset_ms, 1);
  if (c->key_run != NULL)
    angio_json_member_bool (b, "hit", c->hit);
  angio_json_member_int (b, "masks", c->n_masks);
  angio_json_member_number (b, "dice", c->dice, 4);
  angio_json_member_number (b, "iou", c->iou, 4);
  member_hd95 (b, "hd95_px", c->hd95_px);
  member_hd95 (b, "hd95_mm", c->hd95_mm);
  angio_json_member_number (b, "reference_mld_mm", c->reference_mld_mm, 3);
  angio_json_member_number (b, "predicted_mld_mm", c->predicted_mld_mm, 3);
  angio_json_member_number (b, "reference_percent_ds", c->reference_percent_ds, 1);
  angio_json_member_number (b, "predicted_percent_ds", c->predicted_percent_ds, 1);
  angio_json_member_number (b, "wire_ffr", c->reference_ffr, 3);
  angio_json_member_number (b, "predicted_ffr", c->predicted_ffr, 3);
  json_builder_end_object (b);
}

JsonNode *
angio_scores_to_json (AngioScores *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const AngioClassification *k = &s->classification;

  g_return_val_if_fail (s != NULL, NULL);

  json_builder_begin_object (b);
  angio_json_member_string (b, "origin", angio_enum_nick (ANGIO_TYPE_PREDICTION_ORIGIN,
                                                          s->origin));
  angio_json_member_string (b, "source", s->source);
  angio_json_member_int (b, "cases_scored", s->cases->len);

  json_builder_set_member_name (b, "key_frames");
  json_builder_begin_object (b);
  angio_json_member_int (b, "cases", s->n_key_frames);
  angio_json_member_int (b, "tolerance_frames", s->tolerance);
  angio_json_member_number (b, "mean_abs_offset_frames", s->mean_abs_offset_frames, 3);
  angio_json_member_number (b, "mean_abs_offset_ms", s->mean_abs_offset_ms, 1);
  angio_json_member_number (b, "hit_rate", s->hit_rate, 4);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "outlines");
  json_builder_begin_object (b);
  angio_json_member_int (b, "cases", s->n_outlines);
  angio_json_member_number (b, "mean_dice", s->mean_dice, 4);
  angio_json_member_number (b, "mean_iou", s->mean_iou, 4);
  member_hd95 (b, "median_hd95_px", s->median_hd95_px);
  angio_json_member_int (b, "missed", s->n_missed);
  member_agreement (b, "mld_mm", &s->mld_mm, 3);
  member_agreement (b, "percent_ds", &s->percent_ds, 2);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "ffr");
  json_builder_begin_object (b);
  member_agreement (b, "agreement", &s->ffr, 4);
  angio_json_member_number (b, "cutoff", ANGIO_FFR_CUTOFF, 2);
  angio_json_member_int (b, "n", k->n);
  angio_json_member_int (b, "tp", k->tp);
  angio_json_member_int (b, "tn", k->tn);
  angio_json_member_int (b, "fp", k->fp);
  angio_json_member_int (b, "fn", k->fn);
  angio_json_member_number (b, "sensitivity", k->sensitivity, 4);
  angio_json_member_number (b, "specificity", k->specificity, 4);
  angio_json_member_number (b, "accuracy", k->accuracy, 4);
  angio_json_member_number (b, "auc", k->auc, 4);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "cases");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->cases->len; i++)
    case_json (b, s->cases->pdata[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
csv_number (GString *csv,
            double   value,
            int      decimals)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  g_string_append_c (csv, ',');
  if (isinf (value))
    g_string_append (csv, value > 0 ? "inf" : "-inf");
  else if (isfinite (value))
    {
      g_snprintf (format, sizeof format, "%%.%df", decimals);
      g_string_append (csv, g_ascii_formatd (buffer, sizeof buffer, format, value));
    }
}

#define SCORE_CSV_HEADER "case_id,key_run,reference_frame,predicted_frame,offset_frames," \
                         "offset_ms,hit,masks,dice,iou,hd95_px,hd95_mm,reference_mld_mm," \
                         "predicted_mld_mm,reference_percent_ds,predicted_percent_ds," \
                         "wire_ffr,predicted_ffr,ffr_error\n"

char *
angio_scores_to_csv (AngioScores *s)
{
  GString *csv = g_string_new (SCORE_CSV_HEADER);

  g_return_val_if_fail (s != NULL, NULL);

  for (guint i = 0; i < s->cases->len; i++)
    {
      AngioCaseScore *c = s->cases->pdata[i];

      g_string_append_printf (csv, "%s,%s", c->case_id, c->key_run ? c->key_run : "");
      csv_number (csv, c->reference_frame >= 0 ? c->reference_frame : NAN, 0);
      csv_number (csv, c->predicted_frame >= 0 ? c->predicted_frame : NAN, 0);
      csv_number (csv, c->offset_frames, 0);
      csv_number (csv, c->offset_ms, 1);
      g_string_append_printf (csv, ",%s", c->key_run ? (c->hit ? "1" : "0") : "");
      g_string_append_printf (csv, ",%u", c->n_masks);
      csv_number (csv, c->dice, 4);
      csv_number (csv, c->iou, 4);
      csv_number (csv, c->hd95_px, 2);
      csv_number (csv, c->hd95_mm, 2);
      csv_number (csv, c->reference_mld_mm, 3);
      csv_number (csv, c->predicted_mld_mm, 3);
      csv_number (csv, c->reference_percent_ds, 1);
      csv_number (csv, c->predicted_percent_ds, 1);
      csv_number (csv, c->reference_ffr, 3);
      csv_number (csv, c->predicted_ffr, 3);
      csv_number (csv, c->predicted_ffr - c->reference_ffr, 3);
      g_string_append_c (csv, '\n');
    }
  return g_string_free (csv, FALSE);
}
