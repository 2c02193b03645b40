/* angio-annotation-panel.c — case status, lesion QCA, calibration, pressure wire, FFR. */
#define G_LOG_DOMAIN "angio-annotation-panel"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "angio-annotation-panel.h"
#include "angio-enum-types.h"

const char *const angio_vessel_labels[] = {
  N_("right renal artery"), N_("left renal artery"), N_("accessory renal artery"),
  N_("segmental branch"), N_("left main"), N_("proximal LAD"), N_("mid LAD"), N_("distal LAD"),
  N_("first diagonal"), N_("second diagonal"), N_("proximal LCx"), N_("distal LCx"),
  N_("obtuse marginal"), N_("proximal RCA"), N_("mid RCA"), N_("distal RCA"),
  N_("posterior descending"), NULL,
};

static const AngioReferenceMethod methods[] = {
  ANGIO_REFERENCE_INTERPOLATED, ANGIO_REFERENCE_OBSTRUCTION, ANGIO_REFERENCE_MEAN_LOCAL,
  ANGIO_REFERENCE_DISTAL_ONLY,
};

/* Catheter sizes offered for calibration, from 4 F (French: 1/3 mm). */
static const char *const french_sizes[] = { "4 F", "5 F", "6 F", "7 F", "8 F", NULL };

struct _AngioAnnotationPanel
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkDropDown *status;
  GtkEntry *annotator;
  GtkDropDown *lesions;
  GtkStringList *lesion_names;
  GtkDropDown *vessel;
  GtkDropDown *method;
  AngioDiameterPlot *plot;
  GtkEntry *scale;
  GtkDropDown *french;
  GtkEntry *pressure[ANGIO_PRESSURE_N_FIELDS];
  GtkLabel *pressure_error[ANGIO_PRESSURE_N_FIELDS];
  GtkDropDown *agent;
  GtkEntry *dose;
  GHashTable *values;           /* id → GtkLabel */

  AngioCase *kase;
  AngioCaseSeries *series;
  AngioLesion *lesion;          /* selected; owned by the series */
  char *lesion_id;              /* …and its id, to find it again after an undo */
  GPtrArray *lesion_list;       /* AngioLesion, in the order of the drop-down */
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (AngioAnnotationPanel, angio_annotation_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LESION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Building */

static GtkWidget *
heading (GtkWidget  *box,
         const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 12);
  gtk_box_append (GTK_BOX (box), label);
  return label;
}

static GtkWidget *
grid (GtkWidget *box)
{
  GtkWidget *g = gtk_grid_new ();

  gtk_grid_set_column_spacing (GTK_GRID (g), 12);
  gtk_grid_set_row_spacing (GTK_GRID (g), 4);
  gtk_box_append (GTK_BOX (box), g);
  return g;
}

static void
attach_title (GtkWidget  *g,
              int         row,
              const char *title)
{
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_grid_attach (GTK_GRID (g), label, 0, row, 1, 1);
}

static GtkLabel *
value_row (AngioAnnotationPanel *self,
           GtkWidget            *g,
           int                   row,
           const char           *id,
           const char           *title)
{
  GtkWidget *label = gtk_label_new ("–");

  attach_title (g, row, title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "numeric");
  gtk_grid_attach (GTK_GRID (g), label, 1, row, 1, 1);
  g_hash_table_insert (self->values, (gpointer) id, label);
  return GTK_LABEL (label);
}

static void
set_value (AngioAnnotationPanel *self,
           const char           *id,
           const char           *text)
{
  GtkLabel *label = g_hash_table_lookup (self->values, id);

  g_assert (label != NULL);
  gtk_label_set_text (label, text ? text : "–");
}

/* @value formatted with @format (a literal, checked here), or "–" when it is not finite. */
#define set_valuef(self, id, format, value) \
  G_STMT_START { \
    double v_ = (value); \
    g_autofree char *t_ = isfinite (v_) ? g_strdup_printf (format, v_) : NULL; \
    set_value (self, id, t_); \
  } G_STMT_END

static GtkWidget *
action_button (const char *label,
               const char *action,
               const char *tooltip)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

/* Showing */

static void
update_lesion_list (AngioAnnotationPanel *self)
{
  GListModel *model = self->series ? angio_case_series_get_lesions (self->series) : NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint selected = GTK_INVALID_LIST_POSITION;

  g_ptr_array_set_size (self->lesion_list, 0);
  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AngioLesion) l = g_list_model_get_item (model, i);
      const AngioQca *q = angio_lesion_get_measurement (l)->qca;
      const char *state = angio_lesion_get_status (l) == ANGIO_STATUS_ACCEPTED ? _("accepted")
                          : angio_lesion_get_status (l) == ANGIO_STATUS_REJECTED ? _("rejected")
                          : _("proposed");

      /* Translators: a lesion in the list: id, %DS, frame (1-based), review state */
      g_ptr_array_add (names, g_strdup_printf (_("%s · %.0f %% · frame %u · %s"),
                                               angio_lesion_get_id (l), q->percent_ds,
                                               angio_lesion_get_frame (l) + 1, state));
      if (l == self->lesion ||
          (selected == GTK_INVALID_LIST_POSITION && self->lesion_id != NULL &&
           g_strcmp0 (angio_lesion_get_id (l), self->lesion_id) == 0))
        selected = i;
      g_ptr_array_add (self->lesion_list, l);
    }
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->lesion_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->lesion_names)),
                          (const char *const *) names->pdata);
  gtk_drop_down_set_selected (self->lesions, selected);
  /* The same lesion read back by an undo is a new object. */
  if (selected == GTK_INVALID_LIST_POSITION ? self->lesion != NULL
                                            : self->lesion_list->pdata[selected] != self->lesion)
    {
      self->lesion = selected == GTK_INVALID_LIST_POSITION ? NULL
                                                           : self->lesion_list->pdata[selected];
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LESION]);
    }
}

static void
update_qca (AngioAnnotationPanel *self)
{
  const AngioQca *q = self->lesion ? angio_lesion_get_measurement (self->lesion)->qca : NULL;
  double mm = self->series ? angio_case_series_get_mm_per_px (self->series) : NAN;
  const char *vessel = self->lesion ? angio_lesion_get_vessel (self->lesion) : NULL;
  guint vessel_index = 0;

  if (q == NULL)
    {
      const char *ids[] = { "mld", "ref", "ds", "as", "length", "symmetry", "plaque" };

      for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
        set_value (self, ids[i], NULL);
    }
  else if (isfinite (mm))
    {
      set_valuef (self, "mld", _("%.2f mm"), q->mld_px * mm);
      set_valuef (self, "ref", _("%.2f mm"), q->ref_px * mm);
      set_valuef (self, "length", _("%.1f mm"), q->length_px * mm);
      set_valuef (self, "plaque", _("%.1f mm²"), q->plaque_area_px2 * mm * mm);
    }
  else
    {
      set_valuef (self, "mld", _("%.1f px (no calibration)"), q->mld_px);
      set_valuef (self, "ref", _("%.1f px"), q->ref_px);
      set_valuef (self, "length", _("%.1f px"), q->length_px);
      set_valuef (self, "plaque", _("%.0f px²"), q->plaque_area_px2);
    }
  if (q != NULL)
    {
      set_valuef (self, "ds", _("%.1f %%"), q->percent_ds);
      set_valuef (self, "as", _("%.1f %%"), q->percent_as);
      set_valuef (self, "symmetry", "%.2f", q->symmetry);
    }
  angio_diameter_plot_set_qca (self->plot, q, mm);
  gtk_widget_set_visible (GTK_WIDGET (self->plot), q != NULL);
  for (guint i = 0; vessel != NULL && angio_vessel_labels[i] != NULL; i++)
    if (g_str_equal (vessel, angio_vessel_labels[i]))
      vessel_index = i + 1;
  gtk_drop_down_set_selected (self->vessel, vessel_index);
  for (guint i = 0; q != NULL && i < G_N_ELEMENTS (methods); i++)
    if (angio_lesion_get_qca_params (self->lesion)->method == methods[i])
      gtk_drop_down_set_selected (self->method, i);
  gtk_widget_set_sensitive (GTK_WIDGET (self->vessel), q != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->method), q != NULL);
}

static void
update_calibration (AngioAnnotationPanel *self)
{
  g_autofree char *text = NULL;
  double mm;

  if (self->series == NULL)
    {
      set_value (self, "calibration", NULL);
      return;
    }
  mm = angio_case_series_get_mm_per_px (self->series);
  if (angio_case_series_get_calibration (self->series) == ANGIO_CALIBRATION_CATHETER &&
      angio_case_series_get_catheter_french (self->series) >= 4 &&
      angio_case_series_get_catheter_french (self->series) <= 8)
    angio_annotation_panel_set_catheter_french (self,
                                                angio_case_series_get_catheter_french (
                                                  self->series));
  if (angio_case_series_get_calibration (self->series) == ANGIO_CALIBRATION_CATHETER)
    /* Translators: the scale and where it comes from, e.g. "0.2310 mm/px · catheter 6 F" */
    text = g_strdup_printf (_("%.4f mm/px · catheter %.0f F"), mm,
                            angio_case_series_get_catheter_french (self->series));
  else if (isfinite (mm))
    text = g_strdup_printf (_("%.4f mm/px · %s"), mm,
                            angio_calibration_describe (angio_case_series_get_calibration (
                                                          self->series)));
  else
    text = g_strdup (angio_calibration_describe (ANGIO_CALIBRATION_NONE));
  set_value (self, "calibration", text);
}

static void
update_pressure (AngioAnnotationPanel *self)
{
  AngioPressure *p = self->kase ? angio_case_get_pressure (self->kase) : NULL;
  double ffr = p ? angio_pressure_get_ffr (p) : NAN;
  g_autofree char *verdict = NULL;

  for (guint i = 0; p != NULL && i < ANGIO_PRESSURE_N_FIELDS; i++)
    {
      double v = angio_pressure_get_value (p, i);
      g_autofree char *text = isfinite (v) ? g_strdup_printf ("%g", v) : g_strdup ("");

      /* Only fields the user is not correcting follow the model. */
      if (!gtk_widget_get_visible (GTK_WIDGET (self->pressure_error[i])))
        gtk_editable_set_text (GTK_EDITABLE (self->pressure[i]), text);
    }
  if (p != NULL)
    {
      gtk_drop_down_set_selected (self->agent, angio_pressure_get_agent (p));
      gtk_editable_set_text (GTK_EDITABLE (self->dose), angio_pressure_get_dose (p) ?: "");
    }
  if (isfinite (ffr))
    /* Translators: the wire FFR against the threshold, e.g. "0.74 · ≤ 0.80: significant" */
    verdict = g_strdup_printf (ffr <= ANGIO_FFR_THRESHOLD ? _("%.2f · ≤ %.2f: significant")
                                                          : _("%.2f · > %.2f: not significant"),
                               ffr, ANGIO_FFR_THRESHOLD);
  set_value (self, "ffr", verdict);
  set_valuef (self, "resting", "%.2f", p ? angio_pressure_get_resting (p) : NAN);
  set_valuef (self, "gradient", _("%.0f mmHg"), p ? angio_pressure_get_gradient (p) : NAN);
}

static void
update_estimate (AngioAnnotationPanel *self)
{
  AngioFfrEstimate e;
  AngioLesion *lesion = NULL;
  g_autofree char *value = NULL;
  g_autofree char *inputs = NULL;

  if (self->kase == NULL || !angio_case_estimate_ffr (self->kase, &e, &lesion, NULL))
    {
      set_value (self, "estimate", _("needs a measured lesion on a calibrated run"));
      set_value (self, "estimate-inputs", NULL);
      return;
    }
  value = g_strdup_printf (e.ffr <= ANGIO_FFR_THRESHOLD ? _("%.2f · ≤ %.2f: significant")
                                                        : _("%.2f · > %.2f: not significant"),
                           e.ffr, ANGIO_FFR_THRESHOLD);
  /* Translators: what the estimate was computed from */
  inputs = g_strdup_printf (_("%s; flow %.2f mL/s (%s, %.0f mm/s); Pa %.0f mmHg (%s); "
                              "ΔP viscous %.1f + separation %.1f mmHg"),
                            angio_lesion_get_id (lesion), e.flow_ml_s,
                            e.flow_source == ANGIO_FFR_FLOW_FRAME_COUNT
                            ? _("contrast frame count") : _("fixed hyperaemic velocity"),
                            e.velocity_mm_s, e.pa_mmhg,
                            e.pa_measured ? _("measured") : _("assumed"),
                            e.dp_viscous_mmhg, e.dp_separation_mmhg);
  set_value (self, "estimate", value);
  set_value (self, "estimate-inputs", inputs);
}

static void
update (AngioAnnotationPanel *self)
{
  self->updating = TRUE;
  gtk_widget_set_sensitive (self->box, self->kase != NULL);
  if (self->kase != NULL)
    {
      gtk_drop_down_set_selected (self->status, angio_case_get_status (self->kase));
      if (!gtk_widget_has_focus (GTK_WIDGET (self->annotator)))
        gtk_editable_set_text (GTK_EDITABLE (self->annotator),
                               angio_case_get_annotator (self->kase) ?: "");
    }
  update_lesion_list (self);
  update_qca (self);
  update_calibration (self);
  update_pressure (self);
  update_estimate (self);
  self->updating = FALSE;
}

/* Editing */

static void
record (AngioAnnotationPanel *self,
        const char           *action)
{
  angio_case_record (self->kase, action);
}

static void
on_status (AngioAnnotationPanel *self)
{
  AngioCaseStatus status = gtk_drop_down_get_selected (self->status);
  g_autofree char *action = NULL;

  if (self->updating || self->kase == NULL || status == angio_case_get_status (self->kase))
    return;
  angio_case_set_status (self->kase, status);
  /* Translators: history entry; %s is the new status */
  action = g_strdup_printf (_("Status: %s"), angio_case_status_describe (status));
  record (self, action);
}

static void
on_annotator (AngioAnnotationPanel *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->annotator));
  g_autofree char *action = NULL;

  if (self->updating || self->kase == NULL || *name == '\0' ||
      g_strcmp0 (name, angio_case_get_annotator (self->kase)) == 0)
    return;
  angio_case_set_annotator (self->kase, name);
  /* Translators: history entry; %s is a name */
  action = g_strdup_printf (_("Annotator: %s"), name);
  record (self, action);
}

static void
on_lesion_selected (AngioAnnotationPanel *self)
{
  guint i = gtk_drop_down_get_selected (self->lesions);

  if (self->updating)
    return;
  angio_annotation_panel_set_lesion (self, i < self->lesion_list->len
                                           ? self->lesion_list->pdata[i] : NULL);
}

static void
on_vessel (AngioAnnotationPanel *self)
{
  guint i = gtk_drop_down_get_selected (self->vessel);
  const char *vessel = i > 0 ? angio_vessel_labels[i - 1] : NULL;
  g_autofree char *action = NULL;

  if (self->updating || self->lesion == NULL ||
      g_strcmp0 (vessel, angio_lesion_get_vessel (self->lesion)) == 0)
    return;
  angio_lesion_set_vessel (self->lesion, vessel);
  /* Translators: history entry: lesion id, vessel */
  action = g_strdup_printf (_("%s: vessel %s"), angio_lesion_get_id (self->lesion),
                            vessel ? _(vessel) : _("not named"));
  record (self, action);
}

static void
on_method (AngioAnnotationPanel *self)
{
  guint i = gtk_drop_down_get_selected (self->method);
  AngioQcaParams params;
  g_autofree char *action = NULL;

  if (self->updating || self->lesion == NULL || i >= G_N_ELEMENTS (methods))
    return;
  params = *angio_lesion_get_qca_params (self->lesion);
  if (params.method == methods[i])
    return;
  /* The markers (the healthy stretch the reference is taken from) stay where they are. */
  params.method = methods[i];
  if (!angio_lesion_remeasure (self->lesion, &params))
    return;
  /* Translators: history entry: lesion id, reference method */
  action = g_strdup_printf (_("%s: reference %s"), angio_lesion_get_id (self->lesion),
                            angio_reference_method_name (methods[i]));
  record (self, action);
}

static void
on_scale (AngioAnnotationPanel *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->scale));
  char *end = NULL;
  double mm = g_ascii_strtod (text, &end);
  g_autofree char *action = NULL;

  if (self->series == NULL)
    return;
  if (end == text || *end != '\0' || !(mm >= 0.01 && mm <= 2.0))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->scale), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->scale),
                                   _("A scale between 0.01 and 2 mm per pixel"));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->scale), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->scale), NULL);
  angio_case_series_set_calibration (self->series, ANGIO_CALIBRATION_MANUAL, mm, NAN);
  /* Translators: history entry; %g is mm per pixel */
  action = g_strdup_printf (_("Calibration: manual %g mm/px"), mm);
  record (self, action);
}

static void
on_file_scale (AngioAnnotationPanel *self)
{
  if (self->series == NULL)
    return;
  angio_case_series_set_calibration (self->series, ANGIO_CALIBRATION_NONE, NAN, NAN);
  record (self, _("Calibration: the file’s"));
}

static const char *
commit_pressure (AngioAnnotationPanel *self,
                 AngioPressureField    field)
{
  AngioPressure *p;
  g_autoptr(GError) error = NULL;
  double v, old;
  GtkLabel *message = self->pressure_error[field];
  g_autofree char *action = NULL;

  if (self->updating || self->kase == NULL)
    return NULL;
  p = angio_case_get_pressure (self->kase);
  old = angio_pressure_get_value (p, field);
  if (!angio_pressure_parse (p, field, gtk_editable_get_text (GTK_EDITABLE (self->pressure[field])),
                             &v, &error) ||
      !angio_pressure_set_value (p, field, v, &error))
    {
      /* Shown under the field; the record keeps its value. */
      gtk_label_set_text (message, error->message);
      gtk_widget_set_visible (GTK_WIDGET (message), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->pressure[field]), "error");
      return gtk_label_get_text (message);
    }
  gtk_widget_set_visible (GTK_WIDGET (message), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->pressure[field]), "error");
  if (old == v || (isnan (old) && isnan (v)))
    return NULL;
  if (isfinite (v))
    /* Translators: history entry: a pressure field and its value */
    action = g_strdup_printf (_("%s: %g mmHg"), angio_pressure_field_label (field), v);
  else
    /* Translators: history entry: a pressure field cleared */
    action = g_strdup_printf (_("%s cleared"), angio_pressure_field_label (field));
  record (self, action);
  return NULL;
}

static void
on_pressure_activate (GtkEntry             *entry,
                      AngioAnnotationPanel *self)
{
  for (guint i = 0; i < ANGIO_PRESSURE_N_FIELDS; i++)
    if (self->pressure[i] == entry)
      commit_pressure (self, i);
}

static void
on_pressure_focus_leave (GtkEventControllerFocus *controller,
                         AngioAnnotationPanel    *self)
{
  on_pressure_activate (GTK_ENTRY (gtk_event_controller_get_widget (
                                     GTK_EVENT_CONTROLLER (controller))), self);
}

static void
on_agent (AngioAnnotationPanel *self)
{
  AngioAgent agent = gtk_drop_down_get_selected (self->agent);
  g_autofree char *action = NULL;

  if (self->updating || self->kase == NULL ||
      agent == angio_pressure_get_agent (angio_case_get_pressure (self->kase)))
    return;
  angio_pressure_set_agent (angio_case_get_pressure (self->kase), agent);
  /* Translators: history entry; %s is a drug */
  action = g_strdup_printf (_("Hyperaemic agent: %s"), angio_agent_label (agent));
  record (self, action);
}

static void
on_dose (AngioAnnotationPanel *self)
{
  const char *dose = gtk_editable_get_text (GTK_EDITABLE (self->dose));
  AngioPressure *p;
  g_autofree char *action = NULL;

  if (self->updating || self->kase == NULL)
    return;
  p = angio_case_get_pressure (self->kase);
  if (g_strcmp0 (*dose ? dose : NULL, angio_pressure_get_dose (p)) == 0)
    return;
  angio_pressure_set_dose (p, dose);
  /* Translators: history entry; %s is a dose as typed */
  action = g_strdup_printf (_("Dose: %s"), dose);
  record (self, action);
}

static void
build_pressure (AngioAnnotationPanel *self,
                GtkWidget            *box)
{
  GtkWidget *g = grid (box);
  g_autoptr(GtkStringList) agents = gtk_string_list_new (NULL);
  int row = 0;

  for (guint i = 0; i < ANGIO_PRESSURE_N_FIELDS; i++)
    {
      GtkEventController *focus = gtk_event_controller_focus_new ();

      attach_title (g, row, angio_pressure_field_label (i));
      self->pressure[i] = GTK_ENTRY (gtk_entry_new ());
      gtk_entry_set_input_purpose (self->pressure[i], GTK_INPUT_PURPOSE_NUMBER);
      gtk_entry_set_placeholder_text (self->pressure[i], _("mmHg"));
      gtk_widget_set_hexpand (GTK_WIDGET (self->pressure[i]), TRUE);
      g_signal_connect (self->pressure[i], "activate", G_CALLBACK (on_pressure_activate), self);
      g_signal_connect (focus, "leave", G_CALLBACK (on_pressure_focus_leave), self);
      gtk_widget_add_controller (GTK_WIDGET (self->pressure[i]), focus);
      gtk_grid_attach (GTK_GRID (g), GTK_WIDGET (self->pressure[i]), 1, row++, 1, 1);
      self->pressure_error[i] = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_wrap (self->pressure_error[i], TRUE);
      gtk_label_set_xalign (self->pressure_error[i], 0);
      gtk_widget_add_css_class (GTK_WIDGET (self->pressure_error[i]), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->pressure_error[i]), FALSE);
      gtk_grid_attach (GTK_GRID (g), GTK_WIDGET (self->pressure_error[i]), 0, row++, 2, 1);
    }
  for (AngioAgent a = ANGIO_AGENT_NONE; a <= ANGIO_AGENT_OTHER; a++)
    gtk_string_list_append (agents, angio_agent_label (a));
  attach_title (g, row, _("Agent"));
  self->agent = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (agents)), NULL));
  g_signal_connect_swapped (self->agent, "notify::selected", G_CALLBACK (on_agent), self);
  gtk_grid_attach (GTK_GRID (g), GTK_WIDGET (self->agent), 1, row++, 1, 1);
  attach_title (g, row, _("Dose"));
  self->dose = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->dose, _("e.g. 30 mg"));
  g_signal_connect_swapped (self->dose, "activate", G_CALLBACK (on_dose), self);
  gtk_grid_attach (GTK_GRID (g), GTK_WIDGET (self->dose), 1, row++, 1, 1);
  value_row (self, g, row++, "ffr", _("FFR (Pd/Pa, hyperaemia)"));
  value_row (self, g, row++, "resting", _("Resting Pd/Pa"));
  value_row (self, g, row++, "gradient", _("Mean gradient"));
}

static GtkDropDown *
string_drop_down (const char *const *strings,
                  gboolean           translate)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; strings[i] != NULL; i++)
    gtk_string_list_append (list, translate ? _(strings[i]) : strings[i]);
  return GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (list)), NULL));
}

static void
build_lesion (AngioAnnotationPanel *self,
              GtkWidget            *box)
{
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *g;
  const char *method_names[] = { _("Interpolated"), _("Obstruction"), _("Mean local"),
                                 _("Distal only (ostial)"), NULL };
  g_autoptr(GPtrArray) vessels = g_ptr_array_new ();
  int row = 0;

  self->lesion_names = gtk_string_list_new (NULL);
  self->lesions = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (self->lesion_names), NULL));
  g_signal_connect_swapped (self->lesions, "notify::selected", G_CALLBACK (on_lesion_selected),
                            self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->lesions));
  gtk_box_append (GTK_BOX (buttons), action_button (_("_Measure"), "case.measure",
                                                    _("Click proximal, then distal (M)")));
  gtk_box_append (GTK_BOX (buttons), action_button (_("_Accept"), "case.accept-lesion",
                                                    _("Accept the lesion (Ctrl+Return)")));
  gtk_box_append (GTK_BOX (buttons), action_button (_("_Reject"), "case.reject-lesion",
                                                    _("Reject the lesion (X)")));
  gtk_box_append (GTK_BOX (buttons), action_button (_("_Delete"), "case.delete-lesion",
                                                    _("Delete the lesion (Delete)")));
  gtk_box_append (GTK_BOX (box), buttons);

  g = grid (box);
  attach_title (g, row, _("Vessel"));
  g_ptr_array_add (vessels, (gpointer) N_("not named"));
  for (guint i = 0; angio_vessel_labels[i] != NULL; i++)
    g_ptr_array_add (vessels, (gpointer) angio_vessel_labels[i]);
  g_ptr_array_add (vessels, NULL);
  self->vessel = string_drop_down ((const char *const *) vessels->pdata, TRUE);
  g_signal_connect_swapped (self->vessel, "notify::selected", G_CALLBACK (on_vessel), self);
  gtk_grid_attach (GTK_GRID (g), GTK_WIDGET (self->vessel), 1, row++, 1, 1);
  attach_title (g, row, _("Reference"));
  self->method = string_drop_down (method_names, FALSE);
  g_signal_connect_swapped (self->method, "notify::selected", G_CALLBACK (on_method), self);
  gtk_grid_attach (GTK_GRID (g), GTK_WIDGET (self->method), 1, row++, 1, 1);
  value_row (self, g, row++, "mld", _("MLD"));
  value_row (self, g, row++, "ref", _("Reference diameter"));
  value_row (self, g, row++, "ds", _("Diameter stenosis"));
  value_row (self, g, row++, "as", _("Area stenosis"));
  value_row (self, g, row++, "length", _("Lesion length"));
  value_row (self, g, row++, "symmetry", _("Symmetry"));
  value_row (self, g, row++, "plaque", _("Plaque area"));
  self->plot = ANGIO_DIAMETER_PLOT (angio_diameter_plot_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->plot));
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (buttons),
                  action_button (_("Reset _borders"), "case.reset-borders",
                                 _("Remove the border points you placed: the borders follow "
                                   "the image again")));
  gtk_box_append (GTK_BOX (box), buttons);
}

static void
build_calibration (AngioAnnotationPanel *self,
                   GtkWidget            *box)
{
  GtkWidget *g = grid (box), *button, *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  value_row (self, g, 0, "calibration", _("Scale"));
  self->scale = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->scale, _("mm per pixel"));
  gtk_widget_set_hexpand (GTK_WIDGET (self->scale), TRUE);
  g_signal_connect_swapped (self->scale, "activate", G_CALLBACK (on_scale), self);
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->scale));
  button = gtk_button_new_with_label (_("Set"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_scale), self);
  gtk_box_append (GTK_BOX (line), button);
  button = gtk_button_new_with_label (_("File’s"));
  gtk_widget_set_tooltip_text (button, _("Go back to the scale the file gives"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_file_scale), self);
  gtk_box_append (GTK_BOX (line), button);
  gtk_box_append (GTK_BOX (box), line);

  /* The catheter: its size, then two clicks along it. */
  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->french = string_drop_down (french_sizes, FALSE);
  gtk_drop_down_set_selected (self->french, 2);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->french), _("Outer size of the catheter"));
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->french));
  button = action_button (_("_Catheter…"), "case.calibrate-catheter",
                          _("Click two points along a straight stretch of the catheter: its "
                            "width gives the scale"));
  gtk_widget_set_hexpand (button, TRUE);
  gtk_box_append (GTK_BOX (line), button);
  gtk_box_append (GTK_BOX (box), line);
}

/* GObject */

double
angio_annotation_panel_get_catheter_french (AngioAnnotationPanel *self)
{
  g_return_val_if_fail (ANGIO_IS_ANNOTATION_PANEL (self), NAN);
  return 4 + gtk_drop_down_get_selected (self->french);
}

void
angio_annotation_panel_set_catheter_french (AngioAnnotationPanel *self,
                                            double                french)
{
  g_return_if_fail (ANGIO_IS_ANNOTATION_PANEL (self));
  g_return_if_fail (french >= 4 && french <= 8);

  gtk_drop_down_set_selected (self->french, (guint) lround (french) - 4);
}

AngioDiameterPlot *
angio_annotation_panel_get_plot (AngioAnnotationPanel *self)
{
  g_return_val_if_fail (ANGIO_IS_ANNOTATION_PANEL (self), NULL);
  return self->plot;
}

static void
angio_annotation_panel_dispose (GObject *object)
{
  AngioAnnotationPanel *self = ANGIO_ANNOTATION_PANEL (object);

  angio_annotation_panel_set_case (self, NULL, NULL);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (angio_annotation_panel_parent_class)->dispose (object);
}

static void
angio_annotation_panel_finalize (GObject *object)
{
  AngioAnnotationPanel *self = ANGIO_ANNOTATION_PANEL (object);

  g_hash_table_unref (self->values);
  g_free (self->lesion_id);
  g_ptr_array_unref (self->lesion_list);
  G_OBJECT_CLASS (angio_annotation_panel_parent_class)->finalize (object);
}

static void
angio_annotation_panel_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  AngioAnnotationPanel *self = ANGIO_ANNOTATION_PANEL (object);

  switch (prop_id)
    {
    case PROP_LESION:
      g_value_set_object (value, self->lesion);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_annotation_panel_class_init (AngioAnnotationPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = angio_annotation_panel_dispose;
  object_class->finalize = angio_annotation_panel_finalize;
  object_class->get_property = angio_annotation_panel_get_property;

  properties[PROP_LESION] =
    g_param_spec_object ("lesion", NULL, NULL, ANGIO_TYPE_LESION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "annotation-panel");
}

static void
angio_annotation_panel_init (AngioAnnotationPanel *self)
{
  GtkWidget *box, *g;
  const char *statuses[] = { _("New"), _("In progress"), _("Done"), NULL };

  self->values = g_hash_table_new (g_str_hash, g_str_equal);
  self->lesion_list = g_ptr_array_new ();
  self->box = box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_parent (box, GTK_WIDGET (self));

  heading (box, _("Case"));
  g = grid (box);
  attach_title (g, 0, _("Status"));
  self->status = string_drop_down (statuses, FALSE);
  g_signal_connect_swapped (self->status, "notify::selected", G_CALLBACK (on_status), self);
  gtk_grid_attach (GTK_GRID (g), GTK_WIDGET (self->status), 1, 0, 1, 1);
  attach_title (g, 1, _("Annotator"));
  self->annotator = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->annotator), TRUE);
  g_signal_connect_swapped (self->annotator, "activate", G_CALLBACK (on_annotator), self);
  gtk_grid_attach (GTK_GRID (g), GTK_WIDGET (self->annotator), 1, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (g), action_button (_("_History…"), "case.show-history",
                                                _("Every revision of the case: when, who, what "
                                                  "(Ctrl+H)")), 1, 2, 1, 1);

  heading (box, _("Lesion"));
  build_lesion (self, box);
  heading (box, _("Calibration"));
  build_calibration (self, box);
  heading (box, _("Pressure wire"));
  build_pressure (self, box);
  heading (box, _("FFR estimate from the angiogram"));
  g = grid (box);
  value_row (self, g, 0, "estimate", _("Estimate"));
  value_row (self, g, 1, "estimate-inputs", _("From"));
  update (self);
}

GtkWidget *
angio_annotation_panel_new (void)
{
  return g_object_new (ANGIO_TYPE_ANNOTATION_PANEL, NULL);
}

void
angio_annotation_panel_set_case (AngioAnnotationPanel *self,
                                 AngioCase            *kase,
                                 AngioCaseSeries      *series)
{
  g_return_if_fail (ANGIO_IS_ANNOTATION_PANEL (self));

  if (self->kase != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->kase, self);
      g_signal_handlers_disconnect_by_data (angio_case_get_pressure (self->kase), self);
    }
  if (self->series != NULL)
    g_signal_handlers_disconnect_by_data (self->series, self);
  g_set_object (&self->kase, kase);
  g_set_object (&self->series, series);
  self->lesion = NULL;
  g_clear_pointer (&self->lesion_id, g_free);
  if (kase != NULL)
    {
      g_signal_connect_swapped (kase, "notify", G_CALLBACK (update), self);
      g_signal_connect_swapped (angio_case_get_pressure (kase), "changed", G_CALLBACK (update),
                                self);
    }
  if (series != NULL)
    g_signal_connect_swapped (series, "changed", G_CALLBACK (update), self);
  for (guint i = 0; i < ANGIO_PRESSURE_N_FIELDS; i++)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->pressure_error[i]), FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (self->pressure[i]), "error");
    }
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LESION]);
}

AngioLesion *
angio_annotation_panel_get_lesion (AngioAnnotationPanel *self)
{
  g_return_val_if_fail (ANGIO_IS_ANNOTATION_PANEL (self), NULL);
  return self->lesion;
}

void
angio_annotation_panel_set_lesion (AngioAnnotationPanel *self,
                                   AngioLesion          *lesion)
{
  g_return_if_fail (ANGIO_IS_ANNOTATION_PANEL (self));

  if (lesion == self->lesion)
    return;
  self->lesion = lesion;
  g_free (self->lesion_id);
  self->lesion_id = lesion ? g_strdup (angio_lesion_get_id (lesion)) : NULL;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LESION]);
}

const char *
angio_annotation_panel_enter_pressure (AngioAnnotationPanel *self,
                                       AngioPressureField    field,
                                       const char           *text)
{
  g_return_val_if_fail (ANGIO_IS_ANNOTATION_PANEL (self), NULL);
  g_return_val_if_fail (field < ANGIO_PRESSURE_N_FIELDS, NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->pressure[field]), text);
  return commit_pressure (self, field);
}

const char *
angio_annotation_panel_get_value (AngioAnnotationPanel *self,
                                  const char           *id)
{
  GtkLabel *label;

  g_return_val_if_fail (ANGIO_IS_ANNOTATION_PANEL (self), NULL);

  label = g_hash_table_lookup (self->values, id);
  return label ? gtk_label_get_text (label) : NULL;
}
