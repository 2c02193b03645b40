/* angio-scores-window.c — the scores of a set of predictions over the workspace's cases: the
 * source chosen in the header (a model, or a second annotator), the hit window of task 1; a
 * summary per task, the three plots, a table of the cases; the table exported as CSV and the
 * plots as PNG and SVG; a row or a point opens the case beside its prediction in the main
 * window (its action win.compare-case).
 *
 * The scores are computed in a thread, from the workspace (which serialises its calls); a new
 * choice cancels the computation under way, and so does closing the window. */
#define G_LOG_DOMAIN "angio-scores"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "angio-enum-types.h"
#include "angio-scores-window-private.h"

/* The window */

typedef struct {
  AngioPredictionOrigin origin;
  char *source;
  char *version;                     /* nullable: a model's version */
} Source;

typedef struct {
  AngioPredictionOrigin origin;
  char *source;
  guint tolerance;
} Job;

typedef enum {
  GROUP_KEY_FRAMES,
  GROUP_OUTLINES,
  GROUP_FFR,
} Group;

/* The summary: one row per value, in its task's group. */
static const struct {
  const char *key;
  Group group;
  const char *title;
  const char *subtitle;              /* nullable; some are set with the scores */
} summary_rows[] = {
  { "key-frame-cases", GROUP_KEY_FRAMES, N_("Cases with an accepted key frame"), NULL },
  { "offset-frames", GROUP_KEY_FRAMES, N_("Mean |offset|"),
    N_("Over the cases with a predicted key frame") },
  { "offset-ms", GROUP_KEY_FRAMES, N_("Mean |offset| in time"), NULL },
  { "hit-rate", GROUP_KEY_FRAMES, N_("Hit rate"), NULL },
  { "outline-cases", GROUP_OUTLINES, N_("Cases with an accepted lesion"), NULL },
  { "dice", GROUP_OUTLINES, N_("Mean Dice"), NULL },
  { "iou", GROUP_OUTLINES, N_("Mean IoU"), NULL },
  { "hd95", GROUP_OUTLINES, N_("Median HD95"), NULL },
  { "missed", GROUP_OUTLINES, N_("No outline where labelled"),
    N_("Scored as Dice 0 and HD95 ∞") },
  { "mld-bias", GROUP_OUTLINES, N_("MLD bias"), NULL },
  { "mld-limits", GROUP_OUTLINES, N_("MLD limits of agreement"), N_("Bias ± 1.96 SD") },
  { "ds-bias", GROUP_OUTLINES, N_("%DS bias"), NULL },
  { "ds-limits", GROUP_OUTLINES, N_("%DS limits of agreement"), N_("Bias ± 1.96 SD") },
  { "ffr-cases", GROUP_FFR, N_("Cases with both FFR values"), NULL },
  { "ffr-mae", GROUP_FFR, N_("Mean absolute error"), NULL },
  { "ffr-bias", GROUP_FFR, N_("Bias"), NULL },
  { "ffr-limits", GROUP_FFR, N_("Limits of agreement"), N_("Bias ± 1.96 SD") },
  { "sensitivity", GROUP_FFR, N_("Sensitivity"), N_("Of the cases with a wire FFR ≤ 0.80") },
  { "specificity", GROUP_FFR, N_("Specificity"), N_("Of the cases with a wire FFR > 0.80") },
  { "accuracy", GROUP_FFR, N_("Accuracy"), NULL },
  { "auc", GROUP_FFR, N_("AUC"), N_("Of the predicted FFR as a score") },
  { "classified", GROUP_FFR, N_("Classified at 0.80"),
    N_("True and false positives, false and true negatives") },
};

G_DEFINE_FINAL_TYPE (AngioScoresWindow, angio_scores_window, ADW_TYPE_WINDOW)

static void
source_free (Source *source)
{
  g_free (source->source);
  g_free (source->version);
  g_free (source);
}

static void
job_free (Job *job)
{
  g_free (job->source);
  g_free (job);
}

void
angio_scores_window_show_toast (AngioScoresWindow *self,
                                const char        *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  g_free (self->message);
  self->message = g_strdup (message);
}


/* A number formatted into @scratch (freed with it), for the summary's sentences. */
static const char *
number (GPtrArray *scratch,
        double     value,
        int        decimals,
        gboolean   sign)
{
  char *text = angio_score_format (value, decimals, sign);

  g_ptr_array_add (scratch, text);
  return text;
}

/* The summary */

static void
setup_summary (AngioScoresWindow *self)
{
  AdwPreferencesGroup *groups[] = { self->key_frames_group, self->outlines_group,
                                    self->ffr_group };

  for (guint i = 0; i < G_N_ELEMENTS (summary_rows); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *value = gtk_label_new ("—");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(summary_rows[i].title));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      if (summary_rows[i].subtitle != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(summary_rows[i].subtitle));
      gtk_label_set_xalign (GTK_LABEL (value), 1);
      gtk_widget_add_css_class (value, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
      adw_preferences_group_add (groups[summary_rows[i].group], row);
      g_hash_table_insert (self->values, (gpointer) summary_rows[i].key, value);
      g_hash_table_insert (self->value_rows, (gpointer) summary_rows[i].key, row);
    }
}

/* Shows @text (taken) as the value of @key, or "—" when the value is not @known. */
static void
set_value (AngioScoresWindow *self,
           const char        *key,
           gboolean           known,
           char              *text)
{
  g_autofree char *owned = text;
  GtkLabel *label = g_hash_table_lookup (self->values, key);

  g_assert (label != NULL);
  gtk_label_set_text (label, known ? text : "—");
}

static void
set_subtitle (AngioScoresWindow *self,
              const char        *key,
              char              *text)
{
  g_autofree char *owned = text;

  adw_action_row_set_subtitle (g_hash_table_lookup (self->value_rows, key), text);
}

/* "Predicted − labelled, over 12 cases" */
static char *
difference_subtitle (AngioScoresWindow *self,
                     guint              n)
{
  if (self->scores->origin == ANGIO_PREDICTION_ANNOTATOR)
    /* Translators: what a bias is: the second annotator's value less the labelled one */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Second annotator − labelled, over %u case",
                                         "Second annotator − labelled, over %u cases", n), n);
  /* Translators: what a bias is: the predicted value less the labelled one */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Predicted − labelled, over %u case",
                                       "Predicted − labelled, over %u cases", n), n);
}

static void
show_key_frames (AngioScoresWindow *self,
                 GPtrArray         *scratch)
{
  const AngioScores *s = self->scores;

  set_value (self, "key-frame-cases", TRUE, g_strdup_printf ("%u", s->n_key_frames));
  /* Translators: a mean offset of key frames, e.g. "1.25 frames" */
  set_value (self, "offset-frames", isfinite (s->mean_abs_offset_frames),
             g_strdup_printf (_("%s frames"), number (scratch, s->mean_abs_offset_frames, 2,
                                                     FALSE)));
  set_value (self, "offset-ms", isfinite (s->mean_abs_offset_ms),
             g_strdup_printf (_("%s ms"), number (scratch, s->mean_abs_offset_ms, 0, FALSE)));
  set_value (self, "hit-rate", isfinite (s->hit_rate),
             g_strdup_printf (_("%s %%"), number (scratch, 100 * s->hit_rate, 1, FALSE)));
  set_subtitle (self, "hit-rate",
                g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Within ±%u frame of an accepted key frame",
                                              "Within ±%u frames of an accepted key frame",
                                              s->tolerance), s->tolerance));
}

/* A bias and its limits of agreement, in mm or (@percent) in %. */
static void
show_agreement (AngioScoresWindow    *self,
                GPtrArray            *scratch,
                const char           *bias_key,
                const char           *limits_key,
                const AngioAgreement *a,
                int                   decimals,
                gboolean              percent)
{
  const char *bias = number (scratch, a->bias, decimals, TRUE);
  const char *low = number (scratch, a->loa_low, decimals, TRUE);
  const char *high = number (scratch, a->loa_high, decimals, TRUE);

  set_value (self, bias_key, isfinite (a->bias),
             percent ? g_strdup_printf (_("%s %%"), bias) : g_strdup_printf (_("%s mm"), bias));
  /* Translators: limits of agreement, e.g. "−0.31 to +0.41 mm" */
  set_value (self, limits_key, isfinite (a->loa_low) && isfinite (a->loa_high),
             percent ? g_strdup_printf (_("%s to %s %%"), low, high)
                     : g_strdup_printf (_("%s to %s mm"), low, high));
  set_subtitle (self, bias_key, difference_subtitle (self, a->n));
}

static void
show_outlines (AngioScoresWindow *self,
               GPtrArray         *scratch)
{
  const AngioScores *s = self->scores;

  set_value (self, "outline-cases", TRUE, g_strdup_printf ("%u", s->n_outlines));
  set_value (self, "dice", TRUE, g_strdup (number (scratch, s->mean_dice, 3, FALSE)));
  set_value (self, "iou", TRUE, g_strdup (number (scratch, s->mean_iou, 3, FALSE)));
  if (isinf (s->median_hd95_px))
    set_value (self, "hd95", TRUE, g_strdup ("∞"));
  else
    set_value (self, "hd95", isfinite (s->median_hd95_px),
               g_strdup_printf (_("%s px"), number (scratch, s->median_hd95_px, 2, FALSE)));
  /* Translators: cases with no outline predicted, of the cases with one labelled */
  set_value (self, "missed", TRUE, g_strdup_printf (_("%u of %u"), s->n_missed,
                                                    s->n_outlines));
  show_agreement (self, scratch, "mld-bias", "mld-limits", &s->mld_mm, 2, FALSE);
  show_agreement (self, scratch, "ds-bias", "ds-limits", &s->percent_ds, 1, TRUE);
}

static void
show_ffr (AngioScoresWindow *self,
          GPtrArray         *scratch)
{
  const AngioScores *s = self->scores;
  const AngioClassification *k = &s->classification;
  const AngioAgreement *a = &s->ffr;

  set_value (self, "ffr-cases", TRUE, g_strdup_printf ("%u", a->n));
  set_value (self, "ffr-mae", TRUE, g_strdup (number (scratch, a->mae, 3, FALSE)));
  set_value (self, "ffr-bias", TRUE, g_strdup (number (scratch, a->bias, 3, TRUE)));
  set_subtitle (self, "ffr-bias", difference_subtitle (self, a->n));
  set_value (self, "ffr-limits", isfinite (a->loa_low) && isfinite (a->loa_high),
             g_strdup_printf (_("%s to %s"), number (scratch, a->loa_low, 3, TRUE),
                              number (scratch, a->loa_high, 3, TRUE)));
  set_value (self, "sensitivity", TRUE, g_strdup (number (scratch, k->sensitivity, 3, FALSE)));
  set_value (self, "specificity", TRUE, g_strdup (number (scratch, k->specificity, 3, FALSE)));
  set_value (self, "accuracy", TRUE, g_strdup (number (scratch, k->accuracy, 3, FALSE)));
  set_value (self, "auc", TRUE, g_strdup (number (scratch, k->auc, 3, FALSE)));
  /* Translators: the four counts of the classification at FFR 0.80 */
  set_value (self, "classified", k->n > 0, g_strdup_printf (_("TP %u · FN %u · FP %u · TN %u"),
                                                            k->tp, k->fn, k->fp, k->tn));
}

/* The plots and the rows */

static void
show_plots (AngioScoresWindow *self)
{
  const AngioScores *s = self->scores;
  guint n = s->cases->len;
  g_autofree const char **labels = g_new0 (const char *, n + 1);
  g_autofree double *reference = g_new (double, n);
  g_autofree double *predicted = g_new (double, n);
  g_autofree double *dice = g_new (double, n);
  AngioScorePlotData data = { 0 };

  for (guint i = 0; i < n; i++)
    {
      const AngioCaseScore *c = g_ptr_array_index (s->cases, i);

      labels[i] = c->case_id;
      reference[i] = c->reference_ffr;
      predicted[i] = c->predicted_ffr;
      dice[i] = c->n_masks > 0 ? c->dice : NAN;
    }
  data.n = n;
  data.labels = labels;
  data.reference = reference;
  data.predicted = predicted;
  data.bias = s->ffr.bias;
  data.loa_low = s->ffr.loa_low;
  data.loa_high = s->ffr.loa_high;
  data.cutoff = ANGIO_FFR_CUTOFF;
  angio_score_plot_set_data (self->bland_altman_plot, &data);
  angio_score_plot_set_data (self->ffr_scatter_plot, &data);
  data.reference = NULL;
  data.predicted = dice;
  data.bias = data.loa_low = data.loa_high = data.cutoff = NAN;
  angio_score_plot_set_data (self->dice_plot, &data);
}

static void
update_actions (AngioScoresWindow *self)
{
  gboolean ready = self->scores != NULL && self->cancellable == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scores.export-table", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scores.export-plots", ready);
}

static void
update_subtitle (AngioScoresWindow *self)
{
  g_autofree char *subtitle = NULL;
  guint n;

  if (self->scores == NULL)
    {
      adw_window_title_set_subtitle (self->title, NULL);
      return;
    }
  n = self->scores->cases->len;
  if (self->scores->origin == ANGIO_PREDICTION_ANNOTATOR)
    /* Translators: window subtitle, a second annotator's labels against the cases' labels */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Inter-observer agreement · %u case",
                                             "Inter-observer agreement · %u cases", n), n);
  else
    /* Translators: window subtitle, a model's predictions against the cases' labels */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Against the clinicians’ labels · %u case",
                                             "Against the clinicians’ labels · %u cases", n),
                                n);
  adw_window_title_set_subtitle (self->title, subtitle);
}

static void
show_scores (AngioScoresWindow *self,
             AngioScores       *scores)
{
  g_autoptr(GPtrArray) scratch = g_ptr_array_new_with_free_func (g_free);

  g_clear_pointer (&self->scores, angio_scores_free);
  g_clear_pointer (&self->error, g_free);
  self->scores = scores;
  show_key_frames (self, scratch);
  show_outlines (self, scratch);
  show_ffr (self, scratch);
  show_plots (self);
  angio_scores_window_table_show (self);
  update_subtitle (self);
  gtk_stack_set_visible_child_name (self->stack, "scores");
}

static void
show_error (AngioScoresWindow *self,
            const char        *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  g_clear_pointer (&self->scores, angio_scores_free);
  g_free (self->error);
  self->error = g_strdup (message);
  adw_status_page_set_description (self->error_page, escaped);
  angio_scores_window_table_show (self);
  angio_score_plot_set_data (self->bland_altman_plot, NULL);
  angio_score_plot_set_data (self->ffr_scatter_plot, NULL);
  angio_score_plot_set_data (self->dice_plot, NULL);
  update_subtitle (self);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

/* Computing */

static void
set_busy (AngioScoresWindow *self,
          gboolean           busy)
{
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  /* The scores of the source chosen before stay in sight, dimmed, until the new ones come. */
  gtk_widget_set_sensitive (self->scores_page, !busy);
  if (busy && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "scores") != 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  update_actions (self);
}

static void
compute_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;
  AngioScores *scores = angio_scores_compute (source, job->origin, job->source, job->tolerance,
                                              cancellable, &error);

  if (scores == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, scores, (GDestroyNotify) angio_scores_free);
}

static void
on_computed (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(AngioScoresWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  AngioScores *scores = g_task_propagate_pointer (G_TASK (result), &error);

  /* Cancelled: a newer choice took over, or the window closed. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (scores != NULL)
    show_scores (self, scores);
  else
    show_error (self, error->message);
  set_busy (self, FALSE);
}

static Source *
selected_source (AngioScoresWindow *self)
{
  guint index = gtk_drop_down_get_selected (self->source_dropdown);

  return index < self->sources->len ? g_ptr_array_index (self->sources, index) : NULL;
}

static void
compute (AngioScoresWindow *self)
{
  Source *source = selected_source (self);
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (source == NULL)
    {
      g_clear_pointer (&self->scores, angio_scores_free);
      angio_scores_window_table_show (self);
      update_subtitle (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      set_busy (self, FALSE);
      return;
    }
  job = g_new0 (Job, 1);
  job->origin = source->origin;
  job->source = g_strdup (source->source);
  job->tolerance = (guint) gtk_spin_button_get_value_as_int (self->tolerance_spin);
  self->cancellable = g_cancellable_new ();
  /* The workspace as the source object: the window is let go on the main thread only. */
  task = g_task_new (self->workspace, self->cancellable, on_computed, g_object_ref (self));
  g_task_set_source_tag (task, compute);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  set_busy (self, TRUE);
  g_task_run_in_thread (task, compute_thread);
}

static void
on_source_selected (AngioScoresWindow *self)
{
  if (!self->updating_sources)
    compute (self);
}

/* Sources */

static char *
source_label (const Source *source)
{
  if (source->origin == ANGIO_PREDICTION_ANNOTATOR)
    /* Translators: in the list of predictions to score: a second annotator's labels */
    return g_strdup_printf (_("Annotator %s (inter-observer agreement)"), source->source);
  if (source->version != NULL && *source->version != '\0')
    /* Translators: in the list of predictions to score: a model's name and version */
    return g_strdup_printf (_("Model %s %s"), source->source, source->version);
  /* Translators: in the list of predictions to score: a model's name */
  return g_strdup_printf (_("Model %s"), source->source);
}

/* The distinct sources of @predictions (listed by origin, then source). */
static GPtrArray *
distinct_sources (GPtrArray *predictions)
{
  GPtrArray *sources = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);

  for (guint i = 0; i < predictions->len; i++)
    {
      const AngioPredictionInfo *info = g_ptr_array_index (predictions, i);
      const Source *last = sources->len ? g_ptr_array_index (sources, sources->len - 1) : NULL;
      Source *source;

      if (last != NULL && last->origin == info->origin && strcmp (last->source, info->source) == 0)
        continue;
      source = g_new0 (Source, 1);
      source->origin = info->origin;
      source->source = g_strdup (info->source);
      source->version = g_strdup (info->version);
      g_ptr_array_add (sources, source);
    }
  return sources;
}

static guint
find_source (AngioScoresWindow     *self,
             AngioPredictionOrigin  origin,
             const char            *name)
{
  for (guint i = 0; name != NULL && i < self->sources->len; i++)
    {
      const Source *source = g_ptr_array_index (self->sources, i);

      if (source->origin == origin && strcmp (source->source, name) == 0)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

gboolean
angio_scores_window_reload (GtkWindow  *window,
                            GError    **error)
{
  AngioScoresWindow *self = (AngioScoresWindow *) window;
  g_autoptr(GPtrArray) predictions = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  AngioPredictionOrigin origin = ANGIO_PREDICTION_MODEL;
  g_autofree char *name = NULL;
  Source *chosen;
  guint index;

  g_return_val_if_fail (ANGIO_IS_SCORES_WINDOW (window), FALSE);

  chosen = selected_source (self);
  if (chosen != NULL)
    {
      origin = chosen->origin;
      name = g_strdup (chosen->source);
    }
  predictions = angio_workspace_list_predictions (self->workspace, NULL, error);
  if (predictions == NULL)
    return FALSE;
  g_ptr_array_unref (self->sources);
  self->sources = distinct_sources (predictions);
  for (guint i = 0; i < self->sources->len; i++)
    g_ptr_array_add (names, source_label (g_ptr_array_index (self->sources, i)));
  g_ptr_array_add (names, NULL);
  index = find_source (self, origin, name);
  self->updating_sources = TRUE;
  gtk_string_list_splice (self->source_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->source_names)),
                          (const char *const *) names->pdata);
  gtk_drop_down_set_selected (self->source_dropdown, index != GTK_INVALID_LIST_POSITION
                                                     ? index : 0);
  self->updating_sources = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->source_dropdown), self->sources->len > 0);
  compute (self);
  return TRUE;
}

/* Opening a case beside its prediction */

void
angio_scores_window_compare_case (AngioScoresWindow *self,
                                  const char        *case_id)
{
  GtkWindow *parent = self->main_window;
  const char *origin;

  if (self->scores == NULL || case_id == NULL)
    return;
  origin = angio_enum_nick (ANGIO_TYPE_PREDICTION_ORIGIN, self->scores->origin);
  if (parent == NULL ||
      !gtk_widget_activate_action (GTK_WIDGET (parent), "win.compare-case", "(sss)", case_id,
                                   origin, self->scores->source))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot open case %s"), case_id);

      angio_scores_window_show_toast (self, message);
      return;
    }
  /* The case is in the main window: in front now (not transient for it, this window does not
   * stay above it). */
  gtk_window_present (parent);
}

static void
on_plot_case_activated (AngioScoresWindow *self,
                        const char        *case_id)
{
  angio_scores_window_compare_case (self, case_id);
}

static AngioScorePlot *
plot_of_kind (AngioScoresWindow  *self,
              AngioScorePlotKind  kind)
{
  switch (kind)
    {
    case ANGIO_SCORE_PLOT_BLAND_ALTMAN:
      return self->bland_altman_plot;
    case ANGIO_SCORE_PLOT_FFR_SCATTER:
      return self->ffr_scatter_plot;
    case ANGIO_SCORE_PLOT_DICE_BARS:
    default:
      return self->dice_plot;
    }
}

/* The class */

static void
angio_scores_window_dispose (GObject *object)
{
  AngioScoresWindow *self = ANGIO_SCORES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->main_window);
  G_OBJECT_CLASS (angio_scores_window_parent_class)->dispose (object);
}

static void
angio_scores_window_finalize (GObject *object)
{
  AngioScoresWindow *self = ANGIO_SCORES_WINDOW (object);

  g_clear_object (&self->workspace);
  g_clear_object (&self->rows);
  g_clear_object (&self->source_names);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_hash_table_unref);
  g_clear_pointer (&self->value_rows, g_hash_table_unref);
  g_clear_pointer (&self->scores, angio_scores_free);
  g_free (self->error);
  g_free (self->message);
  G_OBJECT_CLASS (angio_scores_window_parent_class)->finalize (object);
}

static void
angio_scores_window_class_init (AngioScoresWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = angio_scores_window_dispose;
  object_class->finalize = angio_scores_window_finalize;

  g_type_ensure (ANGIO_TYPE_SCORE_PLOT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/angiomark/Angiomark/ui/"
                                               "angio-scores-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AngioScoresWindow, bland_altman_plot);
  gtk_widget_class_bind_template_child (widget_class, AngioScoresWindow, dice_plot);
  gtk_widget_class_bind_template_child (widget_class, AngioScoresWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, AngioScoresWindow, ffr_group);
  gtk_widget_class_bind_template_child (widget_class, AngioScoresWindow, ffr_scatter_plot);
  gtk_widget_class_bind_template_child (widget_class, AngioScoresWindow, key_frames_group);
  gtk_widget_class_bind_template_child (widget_class, AngioScoresWindow, outlines_group);
  gtk_widget_class_bind_template_child (widget_class, AngioScoresWindow, scores_page);
  gtk_widget_class_bind_template_child (widget_class, AngioScoresWindow, source_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AngioScoresWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, AngioScoresWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, AngioScoresWindow, table);
  gtk_widget_class_bind_template_child (widget_class, AngioScoresWindow, title);
  gtk_widget_class_bind_template_child (widget_class, AngioScoresWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AngioScoresWindow, tolerance_spin);

  angio_scores_window_export_class_init (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
angio_scores_window_init (AngioScoresWindow *self)
{
  self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);
  self->source_names = gtk_string_list_new (NULL);
  self->values = g_hash_table_new (g_str_hash, g_str_equal);
  self->value_rows = g_hash_table_new (g_str_hash, g_str_equal);
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_drop_down_set_model (self->source_dropdown, G_LIST_MODEL (self->source_names));
  gtk_spin_button_set_value (self->tolerance_spin, ANGIO_SCORE_TOLERANCE);
  setup_summary (self);
  angio_scores_window_table_init (self);
  g_signal_connect_swapped (self->source_dropdown, "notify::selected",
                            G_CALLBACK (on_source_selected), self);
  g_signal_connect_swapped (self->tolerance_spin, "value-changed", G_CALLBACK (compute), self);
  g_signal_connect_swapped (self->bland_altman_plot, "case-activated",
                            G_CALLBACK (on_plot_case_activated), self);
  g_signal_connect_swapped (self->ffr_scatter_plot, "case-activated",
                            G_CALLBACK (on_plot_case_activated), self);
  g_signal_connect_swapped (self->dice_plot, "case-activated",
                            G_CALLBACK (on_plot_case_activated), self);
  set_busy (self, FALSE);
}

GtkWindow *
angio_scores_window_new (GtkWindow       *parent,
                         AngioWorkspace  *workspace,
                         GError         **error)
{
  AngioScoresWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (ANGIO_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (ANGIO_TYPE_SCORES_WINDOW, NULL);
  self->workspace = g_object_ref (workspace);
  /* A window of its own beside the main one (either can be in front), going with it. */
  if (parent != NULL)
    {
      g_set_weak_pointer (&self->main_window, parent);
      gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
      g_signal_connect_object (parent, "destroy", G_CALLBACK (gtk_window_destroy), self,
                               G_CONNECT_SWAPPED);
    }
  if (!angio_scores_window_reload (GTK_WINDOW (self), error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  gtk_window_present (GTK_WINDOW (self));
  return GTK_WINDOW (self);
}

GtkWindow *
angio_scores_window_get_main_window (GtkWindow *window)
{
  g_return_val_if_fail (ANGIO_IS_SCORES_WINDOW (window), NULL);
  return ANGIO_SCORES_WINDOW (window)->main_window;
}

AngioWorkspace *
angio_scores_window_get_workspace (GtkWindow *window)
{
  g_return_val_if_fail (ANGIO_IS_SCORES_WINDOW (window), NULL);

  return ANGIO_SCORES_WINDOW (window)->workspace;
}

/* Tests */

static AngioScoresWindow *
window_cast (GtkWindow *window)
{
  g_return_val_if_fail (ANGIO_IS_SCORES_WINDOW (window), NULL);
  return ANGIO_SCORES_WINDOW (window);
}

gboolean
angio_scores_window_is_busy (GtkWindow *window)
{
  AngioScoresWindow *self = window_cast (window);

  return self != NULL && self->cancellable != NULL;
}

AngioScores *
angio_scores_window_get_scores (GtkWindow *window)
{
  AngioScoresWindow *self = window_cast (window);

  return self ? self->scores : NULL;
}

GStrv
angio_scores_window_list_sources (GtkWindow *window)
{
  AngioScoresWindow *self = window_cast (window);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  GListModel *model = self ? G_LIST_MODEL (self->source_names) : NULL;

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    g_strv_builder_add (names, gtk_string_list_get_string (self->source_names, i));
  return g_strv_builder_end (names);
}

gboolean
angio_scores_window_select_source (GtkWindow             *window,
                                   AngioPredictionOrigin  origin,
                                   const char            *source)
{
  AngioScoresWindow *self = window_cast (window);
  guint index = self ? find_source (self, origin, source) : GTK_INVALID_LIST_POSITION;

  if (index == GTK_INVALID_LIST_POSITION)
    return FALSE;
  gtk_drop_down_set_selected (self->source_dropdown, index);
  return TRUE;
}

void
angio_scores_window_set_tolerance (GtkWindow *window,
                                   guint      tolerance)
{
  AngioScoresWindow *self = window_cast (window);

  g_return_if_fail (self != NULL);
  gtk_spin_button_set_value (self->tolerance_spin, tolerance);
}

const char *
angio_scores_window_get_value (GtkWindow  *window,
                               const char *key)
{
  AngioScoresWindow *self = window_cast (window);
  GtkLabel *label = self ? g_hash_table_lookup (self->values, key) : NULL;

  return label ? gtk_label_get_text (label) : NULL;
}

GtkColumnView *
angio_scores_window_get_table (GtkWindow *window)
{
  AngioScoresWindow *self = window_cast (window);

  return self ? self->table : NULL;
}

AngioScorePlot *
angio_scores_window_get_plot (GtkWindow          *window,
                              AngioScorePlotKind  kind)
{
  AngioScoresWindow *self = window_cast (window);

  return self ? plot_of_kind (self, kind) : NULL;
}

const char *
angio_scores_window_get_error (GtkWindow *window)
{
  AngioScoresWindow *self = window_cast (window);

  return self ? self->error : NULL;
}

const char *
angio_scores_window_get_message (GtkWindow *window)
{
  AngioScoresWindow *self = window_cast (window);

  return self ? self->message : NULL;
}
