/* angio-window-compare.c — the case open beside a stored prediction (a model's, or a second
 * annotator's): win.compare chooses it, win.compare-case opens a case already compared (what
 * the dataset's scores do when a case is clicked), and the predicted key frame or outline can
 * be adopted as proposals. Adopting adds, through the model, and records the edit (saved,
 * undoable); what the case has is never changed or replaced. */
#define G_LOG_DOMAIN "angio-window"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "angio-enum-types.h"
#include "angio-key-frame.h"
#include "angio-reads.h"
#include "angio-window-private.h"

static void
show_error (AngioWindow  *self,
            const GError *error)
{
  angio_window_show_message (self, error->message);
}

static AngioCaseSeries *
find_run (AngioWindow *self,
          const char  *run_id)
{
  GListModel *runs = angio_case_get_series (self->kase);

  for (guint i = 0; run_id != NULL && i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr(AngioCaseSeries) run = g_list_model_get_item (runs, i);

      if (g_strcmp0 (angio_case_series_get_id (run), run_id) == 0)
        return run;   /* the case keeps it */
    }
  return NULL;
}

void
angio_window_compare_update_actions (AngioWindow *self)
{
  gboolean comparing = self->kase != NULL && self->comparison != NULL &&
                       angio_comparison_get_active (self->comparison);
  AngioLabelLesion *lesion = comparing ? angio_comparison_get_lesion (self->comparison, NULL)
                                       : NULL;
  gboolean key_frame = comparing && angio_comparison_get_key_frame (self->comparison, NULL,
                                                                    NULL, NULL);
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "win.compare-case", self->workspace != NULL);
  gtk_widget_action_set_enabled (widget, "case.go-to-predicted-key-frame", key_frame);
  gtk_widget_action_set_enabled (widget, "case.adopt-predicted-key-frame", key_frame);
  gtk_widget_action_set_enabled (widget, "case.adopt-predicted-outline",
                                 lesion != NULL && lesion->lesion != NULL);
}

/* The win.compare state */

static void
set_state (AngioWindow *self,
           const char  *key)
{
  if (g_strcmp0 (self->compare, key) == 0)
    return;
  g_free (self->compare);
  self->compare = g_strdup (key);
  angio_compare_panel_set_active (self->compare_panel, key);
  g_object_notify (G_OBJECT (self), "compare");
}

static void
stop_comparing (AngioWindow *self)
{
  angio_comparison_set_prediction (self->comparison, NULL, NULL, NULL);
  set_state (self, "");
  angio_window_compare_update_actions (self);
}

/* A read compared in adjudication is listed as an annotator's labels, marked so. */
#define READ_MARK "angiomark:read"

/* In adjudication: the reads of the case open other than the one shown as the case, appended
 * to @list (element-type AngioPredictionInfo), as the reader of the settings may see them. */
static void
add_reads (AngioWindow *self,
           GPtrArray   *list)
{
  g_autoptr(GPtrArray) reads = NULL;

  if (list == NULL || self->adjudicating == NULL || self->kase == NULL)
    return;
  reads = angio_workspace_list_reads (self->workspace, angio_case_get_id (self->kase), NULL,
                                      NULL);
  for (guint i = 0; reads != NULL && i < reads->len; i++)
    {
      AngioReadInfo *r = reads->pdata[i];
      AngioPredictionInfo *info;

      if (g_str_equal (r->reader_id, self->adjudicating))
        continue;
      info = g_new0 (AngioPredictionInfo, 1);
      info->case_id = g_strdup (r->case_id);
      info->origin = ANGIO_PREDICTION_ANNOTATOR;
      info->source = g_strdup (r->reader_id);
      info->imported = g_strdup (r->submitted);
      info->imported_from = g_strdup (READ_MARK);
      g_ptr_array_insert (list, 0, info);
    }
}

/* The labels of @info: a stored prediction, or in adjudication a read (the store checks that
 * the reader of the settings may see it). */
static AngioLabels *
load_labels (AngioWindow          *self,
             AngioPredictionInfo  *info,
             GError              **error)
{
  g_autofree char *who = NULL;
  g_autoptr(JsonNode) document = NULL;

  if (g_strcmp0 (info->imported_from, READ_MARK) != 0)
    return angio_score_load_prediction (self->workspace, info->case_id, info->origin,
                                        info->source, error);
  who = angio_window_reader_who (self);
  document = angio_workspace_load_read (self->workspace, info->case_id, info->source, who,
                                        error);
  return document ? angio_labels_new_from_json (document, FALSE, error) : NULL;
}

/* The stored prediction of the case open that @key names, or NULL with @error. */
static AngioPredictionInfo *
find_prediction (AngioWindow  *self,
                 const char   *key,
                 GError      **error)
{
  g_autoptr(GPtrArray) stored = NULL;
  AngioPredictionOrigin origin;
  g_autofree char *source = NULL;

  if (!angio_prediction_key_parse (key, &origin, &source))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” names no prediction"), key);
      return NULL;
    }
  if (self->kase == NULL || self->workspace == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("Open a case to compare it with a prediction"));
      return NULL;
    }
  stored = angio_workspace_list_predictions (self->workspace, angio_case_get_id (self->kase),
                                             error);
  add_reads (self, stored);
  for (guint i = 0; stored != NULL && i < stored->len; i++)
    {
      AngioPredictionInfo *info = stored->pdata[i];

      if (info->origin == origin && g_str_equal (info->source, source))
        return g_ptr_array_steal_index (stored, i);
    }
  if (stored != NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 origin == ANGIO_PREDICTION_MODEL
                 /* Translators: %s is a model's name, the second a case's id */
                 ? _("Model %s has no prediction for case %s")
                 /* Translators: %s is an annotator's name, the second a case's id */
                 : _("Annotator %s has not labelled case %s"),
                 source, angio_case_get_id (self->kase));
  return NULL;
}

/* Compares the case open with the prediction @key names ("" or NULL: with none). A toast says
 * why when it cannot. */
static void
set_compare (AngioWindow *self,
             const char  *key)
{
  g_autoptr(AngioPredictionInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  AngioLabels *prediction = NULL;

  if (key == NULL || *key == '\0')
    {
      stop_comparing (self);
      return;
    }
  info = find_prediction (self, key, &error);
  if (info != NULL)
    prediction = load_labels (self, info, &error);
  if (prediction == NULL)
    {
      show_error (self, error);
      stop_comparing (self);
      return;
    }
  angio_comparison_set_prediction (self->comparison, self->kase, info, prediction);
  angio_comparison_set_run (self->comparison, self->case_series);
  set_state (self, key);
  angio_window_compare_update_actions (self);
}

/* The predictions of the case open, read again: the drop-down offers them; the one compared,
 * if it is gone, is no longer compared, and read again if it was imported again. */
static void
refresh_predictions (AngioWindow *self)
{
  const AngioPredictionInfo *shown = angio_comparison_get_info (self->comparison);
  g_autofree char *imported = shown ? g_strdup (shown->imported) : NULL;
  g_autofree char *key = g_strdup (self->compare);
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  AngioPredictionInfo *found = NULL;

  if (self->kase != NULL && self->workspace != NULL)
    stored = angio_workspace_list_predictions (self->workspace, angio_case_get_id (self->kase),
                                               &error);
  add_reads (self, stored);
  if (error != NULL)
    show_error (self, error);
  for (guint i = 0; stored != NULL && i < stored->len; i++)
    {
      AngioPredictionInfo *info = stored->pdata[i];
      g_autofree char *info_key = angio_prediction_key (info->origin, info->source);

      if (g_str_equal (info_key, key))
        found = info;
    }
  if (*key != '\0' && found == NULL)
    {
      angio_window_show_message (self, _("The prediction compared is no longer in the "
                                         "workspace"));
      stop_comparing (self);
    }
  angio_compare_panel_set_predictions (self->compare_panel, stored);
  gtk_widget_set_visible (GTK_WIDGET (self->compare_panel),
                          self->kase != NULL && stored != NULL && stored->len > 0);
  if (found != NULL && g_strcmp0 (found->imported, imported) != 0)
    set_compare (self, key);
}

static void
on_active_changed (AngioWindow *self)
{
  /* Coming back from another window (the dataset's scores, an import): what is stored may
   * have changed. */
  if (gtk_window_is_active (GTK_WINDOW (self)) && self->kase != NULL)
    refresh_predictions (self);
}

static void
on_panel_active (AngioWindow *self)
{
  const char *key = angio_compare_panel_get_active (self->compare_panel);

  if (g_strcmp0 (key, self->compare) != 0)
    set_compare (self, key);
}

/* Hooks of the other parts of the window */

void
angio_window_compare_case_closed (AngioWindow *self)
{
  if (self->comparison == NULL)
    return;
  stop_comparing (self);
  angio_compare_panel_set_predictions (self->compare_panel, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->compare_panel), FALSE);
}

void
angio_window_compare_case_opened (AngioWindow *self)
{
  if (self->comparison == NULL)
    return;
  stop_comparing (self);
  refresh_predictions (self);
  /* In adjudication: the other read beside the one shown, at once. */
  if (self->adjudicating != NULL)
    {
      g_autoptr(GPtrArray) reads = g_ptr_array_new_with_free_func (
                                     (GDestroyNotify) angio_prediction_info_free);

      add_reads (self, reads);
      if (reads->len > 0)
        {
          AngioPredictionInfo *info = reads->pdata[0];
          g_autofree char *key = angio_prediction_key (info->origin, info->source);

          set_compare (self, key);
        }
    }
}

void
angio_window_compare_series_shown (AngioWindow *self)
{
  if (self->comparison == NULL)
    return;
  angio_comparison_set_run (self->comparison, self->case_series);
}

void
angio_window_compare_get_property (AngioWindow *self,
                                   guint        prop_id,
                                   GValue      *value)
{
  /* Asked for before angio_window_compare_init() (the actions' states) and after dispose. */
  if (prop_id == ANGIO_WINDOW_PROP_COMPARE)
    g_value_set_string (value, self->compare ? self->compare : "");
  else
    g_value_set_boolean (value, self->comparison == NULL ||
                                angio_comparison_get_show_difference (self->comparison));
}

void
angio_window_compare_set_property (AngioWindow  *self,
                                   guint         prop_id,
                                   const GValue *value)
{
  if (self->comparison == NULL)
    return;
  if (prop_id == ANGIO_WINDOW_PROP_COMPARE)
    set_compare (self, g_value_get_string (value));
  else if (angio_comparison_get_show_difference (self->comparison) !=
           g_value_get_boolean (value))
    {
      angio_comparison_set_show_difference (self->comparison, g_value_get_boolean (value));
      g_object_notify (G_OBJECT (self), "compare-difference");
    }
}

/* Actions */

static void
action_compare_case (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);
  const char *case_id, *nick, *source;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  g_variant_get (param, "(&s&s&s)", &case_id, &nick, &source);
  gtk_window_present (GTK_WINDOW (self));
  /* The case already open stays as it is, its undo history with it. */
  if ((self->kase == NULL || g_strcmp0 (angio_case_get_id (self->kase), case_id) != 0) &&
      !angio_window_open_case (self, case_id, &error))
    {
      show_error (self, error);
      return;
    }
  if (self->case_series != NULL)
    gtk_stack_set_visible_child_name (self->stack, "viewer");
  refresh_predictions (self);
  /* As win.compare names it; an origin that is none is refused there, with a toast. */
  key = g_strdup_printf ("%s:%s", nick, source);
  set_compare (self, key);
}

static void
action_go_to_key_frame (GtkWidget  *widget,
                        const char *name,
                        GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);
  const char *run_id;
  guint frame;

  if (!angio_comparison_get_key_frame (self->comparison, &run_id, &frame, NULL))
    return;
  if (self->case_series == NULL || g_strcmp0 (angio_case_series_get_id (self->case_series),
                                              run_id) != 0)
    {
      g_autofree char *message = NULL;

      /* Translators: %u is a DICOM frame number (from 1), %s a run of the case ("s2") */
      message = g_strdup_printf (_("The predicted key frame, %u (DICOM), is on run %s: show "
                                   "that run first"), frame + 1, run_id);
      angio_window_show_message (self, message);
      return;
    }
  angio_session_set_playing (self->session, FALSE);
  angio_session_set_frame (self->session, frame);
}

/* The prediction's source as the history names it: "unet 1.0", "dr-b". */
static char *
source_name (AngioWindow *self)
{
  const AngioPredictionInfo *info = angio_comparison_get_info (self->comparison);

  if (info->version != NULL && *info->version != '\0')
    return g_strdup_printf ("%s %s", info->source, info->version);
  return g_strdup (info->source);
}

static void
action_adopt_key_frame (GtkWidget  *widget,
                        const char *name,
                        GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);
  const AngioPredictionInfo *info = angio_comparison_get_info (self->comparison);
  g_autoptr(AngioKeyFrame) key = NULL;
  g_autofree char *source = NULL;
  g_autofree char *action = NULL;
  AngioCaseSeries *run;
  const char *run_id;
  double score;
  guint frame;

  if (info == NULL || !angio_comparison_get_key_frame (self->comparison, &run_id, &frame, &score)
      || (run = find_run (self, run_id)) == NULL)
    return;
  if (angio_case_series_find_key_frame (run, frame) != NULL)
    {
      /* Translators: %u is a DICOM frame number (from 1) */
      g_autofree char *message = g_strdup_printf (_("Frame %u (DICOM) is already one of the "
                                                    "case’s key frames: nothing was adopted"),
                                                  frame + 1);

      angio_window_show_message (self, message);
      return;
    }
  key = angio_key_frame_new (frame, isfinite (score) ? score : 0, ANGIO_ORIGIN_ALGORITHM);
  if (!angio_case_series_add_key_frame (run, key))
    return;
  source = source_name (self);
  /* Translators: history entries: %u is a DICOM frame number (from 1), %s the model's name and
   * version, or the annotator's name */
  action = g_strdup_printf (info->origin == ANGIO_PREDICTION_MODEL
                            ? _("Adopted key frame %u (DICOM) of model %s as a proposal")
                            : _("Adopted key frame %u (DICOM) of annotator %s as a proposal"),
                            frame + 1, source);
  angio_case_record (self->kase, action);
  angio_window_show_message (self, action);
}

/* Whether @run has an outline like @lesion's on its frame (the same points). */
static gboolean
has_outline (AngioCaseSeries *run,
             AngioLesion     *lesion)
{
  GListModel *lesions = angio_case_series_get_lesions (run);
  g_autoptr(GArray) outline = angio_lesion_get_outline (lesion);

  for (guint i = 0; i < g_list_model_get_n_items (lesions); i++)
    {
      g_autoptr(AngioLesion) other = g_list_model_get_item (lesions, i);
      g_autoptr(GArray) points = NULL;
      guint k = 0;

      if (angio_lesion_get_frame (other) != angio_lesion_get_frame (lesion))
        continue;
      points = angio_lesion_get_outline (other);
      if (points->len != outline->len)
        continue;
      while (k < points->len &&
             angio_point_distance (g_array_index (points, AngioPoint, k),
                                   g_array_index (outline, AngioPoint, k)) < 1e-3)
        k++;
      if (k == points->len)
        return TRUE;
    }
  return FALSE;
}

/* The predicted lesion @l as a proposal of the prediction's source. */
static AngioLesion *
proposal_from (AngioWindow       *self,
               AngioLabelLesion  *l,
               GError           **error)
{
  const AngioPredictionInfo *info = angio_comparison_get_info (self->comparison);
  g_autoptr(JsonNode) node = json_node_copy (l->lesion);
  JsonObject *object = json_node_get_object (node);
  JsonObject *algorithm = json_object_new ();

  /* The case names it (L<k>); the prediction's review state is not the case's. */
  if (json_object_has_member (object, "id"))
    json_object_remove_member (object, "id");
  json_object_set_string_member (object, "origin",
                                 angio_enum_nick (ANGIO_TYPE_ORIGIN, ANGIO_ORIGIN_ALGORITHM));
  json_object_set_string_member (object, "status",
                                 angio_enum_nick (ANGIO_TYPE_STATUS, ANGIO_STATUS_PROPOSED));
  json_object_set_boolean_member (object, "edited", FALSE);
  json_object_set_string_member (algorithm, "name", info->source);
  if (info->version != NULL)
    json_object_set_string_member (algorithm, "version", info->version);
  json_object_set_object_member (object, "algorithm", algorithm);
  return angio_lesion_new_from_json (object, error);
}

static void
action_adopt_outline (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);
  const AngioPredictionInfo *info = angio_comparison_get_info (self->comparison);
  AngioLabelLesion *l;
  g_autoptr(AngioLesion) lesion = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *source = NULL;
  g_autofree char *action = NULL;
  AngioCaseSeries *run;
  const char *run_id;

  l = info ? angio_comparison_get_lesion (self->comparison, &run_id) : NULL;
  if (l == NULL || l->lesion == NULL || (run = find_run (self, run_id)) == NULL)
    return;
  if (!(lesion = proposal_from (self, l, &error)))
    {
      show_error (self, error);
      return;
    }
  if (angio_case_series_get_n_frames (run) > 0 &&
      angio_lesion_get_frame (lesion) >= angio_case_series_get_n_frames (run))
    return;
  if (has_outline (run, lesion))
    {
      angio_window_show_message (self, _("The case already has this outline: nothing was "
                                         "adopted"));
      return;
    }
  angio_case_series_add_lesion (run, lesion);
  source = source_name (self);
  /* Translators: history entries: %s is the model's name and version, or the annotator's
   * name; then the id the lesion is given in the case ("L3") and its DICOM frame number (from 1) */
  action = g_strdup_printf (info->origin == ANGIO_PREDICTION_MODEL
                            ? _("Adopted the outline of model %s as a proposal: %s on frame %u "
                                "(DICOM)")
                            : _("Adopted the outline of annotator %s as a proposal: %s on "
                                "frame %u (DICOM)"), source, angio_lesion_get_id (lesion),
                            angio_lesion_get_frame (lesion) + 1);
  angio_case_record (self->kase, action);
  angio_window_show_message (self, action);
  if (run == self->case_series)
    angio_annotation_panel_set_lesion (self->annotation_panel, lesion);
}

void
angio_window_compare_class_init (GtkWidgetClass *widget_class)
{
  GObjectClass *object_class = G_OBJECT_CLASS (widget_class);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  g_type_ensure (ANGIO_TYPE_COMPARE_PANEL);
  gtk_widget_class_bind_template_child (widget_class, AngioWindow, compare_panel);

  /* win.compare: "" (none) or "<origin>:<source>" ("model:unet", "annotator:dr-b"). */
  g_object_class_install_property (object_class, ANGIO_WINDOW_PROP_COMPARE,
                                   g_param_spec_string ("compare", NULL, NULL, "", flags));
  g_object_class_install_property (object_class, ANGIO_WINDOW_PROP_COMPARE_DIFFERENCE,
                                   g_param_spec_boolean ("compare-difference", NULL, NULL, TRUE,
                                                         flags));
  gtk_widget_class_install_property_action (widget_class, "win.compare", "compare");
  gtk_widget_class_install_property_action (widget_class, "win.compare-difference",
                                            "compare-difference");
  /* (case id, origin, source): opens the case compared with that prediction. */
  gtk_widget_class_install_action (widget_class, "win.compare-case", "(sss)",
                                   action_compare_case);
  gtk_widget_class_install_action (widget_class, "case.go-to-predicted-key-frame", NULL,
                                   action_go_to_key_frame);
  gtk_widget_class_install_action (widget_class, "case.adopt-predicted-key-frame", NULL,
                                   action_adopt_key_frame);
  gtk_widget_class_install_action (widget_class, "case.adopt-predicted-outline", NULL,
                                   action_adopt_outline);
}

void
angio_window_compare_init (AngioWindow *self)
{
  self->compare = g_strdup ("");
  self->comparison = angio_comparison_new (self->cine_view, self->timeline);
  g_signal_connect_object (self->comparison, "changed",
                           G_CALLBACK (angio_window_compare_update_actions), self,
                           G_CONNECT_SWAPPED);
  angio_compare_panel_set_comparison (self->compare_panel, self->comparison);
  g_signal_connect_swapped (self->compare_panel, "notify::active",
                            G_CALLBACK (on_panel_active), self);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (on_active_changed), NULL);
  angio_window_compare_update_actions (self);
}

void
angio_window_compare_dispose (AngioWindow *self)
{
  if (self->comparison != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->comparison, self);
      g_object_run_dispose (G_OBJECT (self->comparison));
      g_clear_object (&self->comparison);
    }
  g_clear_pointer (&self->compare, g_free);
}

AngioComparePanel *
angio_window_get_compare_panel (AngioWindow *self)
{
  g_return_val_if_fail (ANGIO_IS_WINDOW (self), NULL);

  return self->compare_panel;
}
