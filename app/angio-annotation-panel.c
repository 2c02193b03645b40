/* angio-annotation-panel.c — case status, lesion QCA, calibration, pressure wire, FFR. */
#define G_LOG_DOMAIN "angio-annotation-panel"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "angio-annotation-panel.h"
#include "angio-case-text.h"
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

  /* Template */
  GtkDropDown *agent;
  GtkEntry *annotator;
  GtkWidget *box;
  GtkGrid *calibration_grid;
  GtkLabel *case_title;
  GtkEntry *dose;
  GtkGrid *estimate_grid;
  GtkGrid *ffr_grid;
  GtkButton *file_scale_button;
  GtkDropDown *french;
  GtkDropDown *lesions;
  GtkDropDown *method;
  GtkWidget *no_lesion;
  GtkEntry *pa_hyper;
  GtkLabel *pa_hyper_error;
  GtkEntry *pa_rest;
  GtkLabel *pa_rest_error;
  GtkEntry *pd_hyper;
  GtkLabel *pd_hyper_error;
  GtkEntry *pd_rest;
  GtkLabel *pd_rest_error;
  AngioDiameterPlot *plot;
  GtkWidget *pressure_section;
  GtkGrid *qca_grid;
  GtkEntry *scale;
  GtkButton *scale_button;
  GtkDropDown *status;
  GtkDropDown *vessel;

  GtkEntry *pressure[ANGIO_PRESSURE_N_FIELDS];
  GtkLabel *pressure_error[ANGIO_PRESSURE_N_FIELDS];
  GtkStringList *lesion_names;
  GHashTable *values;           /* id → GtkLabel */

  AngioCase *kase;
  AngioCaseSeries *series;
  AngioLesion *lesion;          /* selected; owned by the series */
  char *lesion_id;              /* …and its id, to find it again after an undo */
  GPtrArray *lesion_list;       /* AngioLesion, in the order of the drop-down */
  gboolean updating;
  gboolean force_fields;        /* a new case or run: its values replace what the fields show */
};

G_DEFINE_FINAL_TYPE (AngioAnnotationPanel, angio_annotation_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LESION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Building */

static void
attach_title (GtkGrid    *g,
              int         column,
              int         row,
              const char *title,
              const char *tooltip)
{
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_tooltip_text (label, tooltip);
  gtk_grid_attach (g, label, column, row, 1, 1);
}

/* A value of the panel, by @id, at (@column, @row) of @g with its @title before it. */
static GtkLabel *
value_cell (AngioAnnotationPanel *self,
            GtkGrid              *g,
            int                   column,
            int                   row,
            const char           *id,
            const char           *title,
            const char           *tooltip)
{
  GtkWidget *label = gtk_label_new ("–");

  attach_title (g, column, row, title, tooltip);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* Selectable labels take the focus by default: Tab would stop at every number. */
  gtk_widget_set_focusable (label, FALSE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "numeric");
  gtk_grid_attach (g, label, column + 1, row, 1, 1);
  g_hash_table_insert (self->values, (gpointer) id, label);
  return GTK_LABEL (label);
}

static GtkLabel *
value_row (AngioAnnotationPanel *self,
           GtkGrid              *g,
           int                   row,
           const char           *id,
           const char           *title)
{
  return value_cell (self, g, 0, row, id, title, NULL);
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

/* The text field holds the keyboard focus: what it shows is being typed, not the model's. */
static gboolean
is_editing (GtkEntry *entry)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (entry));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == GTK_WIDGET (entry) ||
                           gtk_widget_is_ancestor (focus, GTK_WIDGET (entry)));
}

/* Shows @text in @entry unless the reader is typing there (a new case shows its own). */
static void
show_text (AngioAnnotationPanel *self,
           GtkEntry             *entry,
           const char           *text)
{
  if (self->force_fields || !is_editing (entry))
    gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
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

  for (AngioQcaText i = 0; i < ANGIO_QCA_TEXT_N; i++)
    {
      g_autofree char *text = angio_qca_text_value (i, q, mm);

      set_value (self, angio_qca_text_id (i), text);
    }
  angio_diameter_plot_set_qca (self->plot, q, mm);
  gtk_widget_set_visible (self->no_lesion, q == NULL);
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

  if (self->series == NULL)
    {
      set_value (self, "calibration", NULL);
      return;
    }
  if (angio_case_series_get_calibration (self->series) == ANGIO_CALIBRATION_CATHETER &&
      angio_case_series_get_catheter_french (self->series) >= 4 &&
      angio_case_series_get_catheter_french (self->series) <= 8)
    angio_annotation_panel_set_catheter_french (self,
                                                angio_case_series_get_catheter_french (
                                                  self->series));
  text = angio_text_calibration (self->series);
  set_value (self, "calibration", text);
  if (self->force_fields)
    {
      show_text (self, self->scale, NULL);
      gtk_widget_remove_css_class (GTK_WIDGET (self->scale), "error");
    }
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

      /* Fields the reader is correcting keep what was typed. */
      if (self->force_fields || !gtk_widget_get_visible (GTK_WIDGET (self->pressure_error[i])))
        show_text (self, self->pressure[i], text);
    }
  if (p != NULL)
    {
      gtk_drop_down_set_selected (self->agent, angio_pressure_get_agent (p));
      show_text (self, self->dose, angio_pressure_get_dose (p));
    }
  verdict = angio_text_ffr_verdict (ffr);
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
  value = angio_text_ffr_verdict (e.ffr);
  inputs = angio_text_estimate_inputs (&e, lesion);
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
      /* Translators: the heading of the case section, e.g. "Case CASE-0001" */
      g_autofree char *title = g_strdup_printf (_("Case %s"), angio_case_get_id (self->kase));

      gtk_label_set_text (self->case_title, title);
      gtk_drop_down_set_selected (self->status, angio_case_get_status (self->kase));
      show_text (self, self->annotator, angio_case_get_annotator (self->kase));
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
commit_annotator (AngioAnnotationPanel *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (
                                                   GTK_EDITABLE (self->annotator))));
  g_autofree char *action = NULL;

  if (self->kase == NULL || *name == '\0' ||
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
                            angio_text_reference_method (methods[i]));
  record (self, action);
}

/* A manual scale as typed; an empty field changes nothing, the same scale again neither.
 * Returns: why it was refused, or %NULL. */
static const char *
commit_scale (AngioAnnotationPanel *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->scale));
  char *end = NULL;
  double mm = g_ascii_strtod (text, &end);
  g_autofree char *action = NULL;

  if (self->series == NULL || *text == '\0')
    return NULL;
  if (end == text || *end != '\0' || !(mm >= 0.01 && mm <= 2.0))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->scale), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->scale),
                                   _("A scale between 0.01 and 2 mm per pixel"));
      return gtk_widget_get_tooltip_text (GTK_WIDGET (self->scale));
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->scale), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->scale), NULL);
  if (angio_case_series_get_calibration (self->series) == ANGIO_CALIBRATION_MANUAL &&
      angio_case_series_get_mm_per_px (self->series) == mm)
    return NULL;
  angio_case_series_set_calibration (self->series, ANGIO_CALIBRATION_MANUAL, mm, NAN);
  /* Translators: history entry; %g is mm per pixel */
  action = g_strdup_printf (_("Calibration: manual %g mm/px"), mm);
  record (self, action);
  return NULL;
}

static void
on_scale_button (AngioAnnotationPanel *self)
{
  commit_scale (self);
}

static void
on_file_scale (AngioAnnotationPanel *self)
{
  if (self->series == NULL)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->scale), "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->scale), "error");
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

  if (self->kase == NULL)
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
commit_dose (AngioAnnotationPanel *self)
{
  g_autofree char *dose = g_strstrip (g_strdup (gtk_editable_get_text (
                                                   GTK_EDITABLE (self->dose))));
  AngioPressure *p;
  g_autofree char *action = NULL;

  if (self->kase == NULL)
    return;
  p = angio_case_get_pressure (self->kase);
  if (g_strcmp0 (*dose ? dose : NULL, angio_pressure_get_dose (p)) == 0)
    return;
  angio_pressure_set_dose (p, dose);
  if (*dose != '\0')
    /* Translators: history entry; %s is a dose as typed */
    action = g_strdup_printf (_("Dose: %s"), dose);
  else
    action = g_strdup (_("Dose cleared"));
  record (self, action);
}

/* What @entry holds goes into the model (and so into the workspace), if it changed.
 * Returns: why it was refused (then it stays in the field), or %NULL. */
static const char *
commit_field (AngioAnnotationPanel *self,
              GtkEntry             *entry)
{
  if (self->updating)
    return NULL;
  if (entry == self->annotator)
    commit_annotator (self);
  else if (entry == self->dose)
    commit_dose (self);
  else if (entry == self->scale)
    return commit_scale (self);
  else
    for (guint i = 0; i < ANGIO_PRESSURE_N_FIELDS; i++)
      if (entry == self->pressure[i])
        return commit_pressure (self, i);
  return NULL;
}

static void
on_field_activate (GtkEntry             *entry,
                   AngioAnnotationPanel *self)
{
  commit_field (self, entry);
}

static void
on_field_focus_leave (GtkEventControllerFocus *controller,
                      AngioAnnotationPanel    *self)
{
  commit_field (self, GTK_ENTRY (gtk_event_controller_get_widget (
                                   GTK_EVENT_CONTROLLER (controller))));
}

/* Enter or leaving it (Tab, a click elsewhere, Escape) saves a field. */
static void
watch_field (AngioAnnotationPanel *self,
             GtkEntry             *entry)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect (entry, "activate", G_CALLBACK (on_field_activate), self);
  g_signal_connect (focus, "leave", G_CALLBACK (on_field_focus_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (entry), focus);
}

const char *
angio_annotation_panel_commit (AngioAnnotationPanel *self)
{
  GtkEntry *fields[] = { self->annotator, self->scale, self->pressure[0], self->pressure[1],
                         self->pressure[2], self->pressure[3], self->dose };
  const char *refused = NULL;

  g_return_val_if_fail (ANGIO_IS_ANNOTATION_PANEL (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *message = commit_field (self, fields[i]);

      if (refused == NULL)
        refused = message;
    }
  return refused;
}

void
angio_annotation_panel_focus_pressure (AngioAnnotationPanel *self)
{
  GtkEntry *first = NULL;
  GtkWidget *scrolled;
  graphene_rect_t bounds;

  g_return_if_fail (ANGIO_IS_ANNOTATION_PANEL (self));

  for (guint i = 0; i < ANGIO_PRESSURE_N_FIELDS && first == NULL; i++)
    if (*gtk_editable_get_text (GTK_EDITABLE (self->pressure[i])) == '\0')
      first = self->pressure[i];
  gtk_widget_grab_focus (GTK_WIDGET (first ? first : self->pressure[0]));
  /* The whole section on screen, not just the field: scrolled to its top when it is below. */
  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  if (scrolled != NULL &&
      gtk_widget_compute_bounds (self->pressure_section, gtk_scrolled_window_get_child (
                                   GTK_SCROLLED_WINDOW (scrolled)), &bounds))
    {
      GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
      double bottom = bounds.origin.y + bounds.size.height;

      if (bottom > gtk_adjustment_get_value (v) + gtk_adjustment_get_page_size (v) ||
          bounds.origin.y < gtk_adjustment_get_value (v))
        gtk_adjustment_set_value (v, MIN (bounds.origin.y,
                                          bottom - gtk_adjustment_get_page_size (v)));
    }
}

static GtkStringList *
string_list (const char *const *strings,
             gboolean           translate)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; strings[i] != NULL; i++)
    gtk_string_list_append (list, translate ? _(strings[i]) : strings[i]);
  return list;
}

static void
build_lists (AngioAnnotationPanel *self)
{
  const char *statuses[] = { _("New"), _("In progress"), _("Done"), NULL };
  const char *method_names[G_N_ELEMENTS (methods) + 1] = { NULL };
  g_autoptr(GPtrArray) vessels = g_ptr_array_new ();
  g_autoptr(GtkStringList) agents = gtk_string_list_new (NULL);

  gtk_drop_down_set_model (self->status, G_LIST_MODEL (string_list (statuses, FALSE)));
  self->lesion_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->lesions, G_LIST_MODEL (g_object_ref (self->lesion_names)));
  g_ptr_array_add (vessels, (gpointer) N_("not named"));
  for (guint i = 0; angio_vessel_labels[i] != NULL; i++)
    g_ptr_array_add (vessels, (gpointer) angio_vessel_labels[i]);
  g_ptr_array_add (vessels, NULL);
  gtk_drop_down_set_model (self->vessel,
                           G_LIST_MODEL (string_list ((const char *const *) vessels->pdata,
                                                      TRUE)));
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    method_names[i] = angio_text_reference_method (methods[i]);
  gtk_drop_down_set_model (self->method, G_LIST_MODEL (string_list (method_names, FALSE)));
  gtk_drop_down_set_model (self->french, G_LIST_MODEL (string_list (french_sizes, FALSE)));
  gtk_drop_down_set_selected (self->french, 2);
  for (AngioAgent a = ANGIO_AGENT_NONE; a <= ANGIO_AGENT_OTHER; a++)
    gtk_string_list_append (agents, angio_agent_label (a));
  gtk_drop_down_set_model (self->agent, G_LIST_MODEL (g_object_ref (agents)));
}

static void
build_values (AngioAnnotationPanel *self)
{
  /* The QCA table, two measures a line (the full terms in the tooltips). */
  for (AngioQcaText i = 0; i < ANGIO_QCA_TEXT_N; i++)
    value_cell (self, self->qca_grid, 2 * (i % 2), i / 2, angio_qca_text_id (i),
                angio_qca_text_short_name (i), angio_qca_text_name (i));

  /* The wire FFR beside the estimate from the angiogram. */
  value_row (self, self->ffr_grid, 0, "ffr", _("FFR (wire)"));
  value_row (self, self->ffr_grid, 1, "estimate", _("FFR (estimate)"));
  value_row (self, self->ffr_grid, 2, "resting", _("Resting Pd/Pa"));
  value_row (self, self->ffr_grid, 3, "gradient", _("Mean gradient"));
  value_row (self, self->estimate_grid, 0, "estimate-inputs", _("FFR estimated from"));
  value_row (self, self->calibration_grid, 0, "calibration", _("Scale"));
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
  gtk_widget_dispose_template (GTK_WIDGET (self), ANGIO_TYPE_ANNOTATION_PANEL);
  G_OBJECT_CLASS (angio_annotation_panel_parent_class)->dispose (object);
}

static void
angio_annotation_panel_finalize (GObject *object)
{
  AngioAnnotationPanel *self = ANGIO_ANNOTATION_PANEL (object);

  g_hash_table_unref (self->values);
  g_clear_object (&self->lesion_names);
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

  g_type_ensure (ANGIO_TYPE_DIAMETER_PLOT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/angiomark/Angiomark/ui/"
                                               "angio-annotation-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, agent);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, annotator);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, box);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, calibration_grid);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, case_title);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, dose);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, estimate_grid);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, ffr_grid);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, file_scale_button);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, french);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, lesions);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, method);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, no_lesion);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, pa_hyper);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, pa_hyper_error);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, pa_rest);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, pa_rest_error);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, pd_hyper);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, pd_hyper_error);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, pd_rest);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, pd_rest_error);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, plot);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, pressure_section);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, qca_grid);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, scale);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, scale_button);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, status);
  gtk_widget_class_bind_template_child (widget_class, AngioAnnotationPanel, vessel);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "annotation-panel");
}

static void
angio_annotation_panel_init (AngioAnnotationPanel *self)
{
  GtkEntry *pressure[] = { NULL, NULL, NULL, NULL };
  GtkLabel *errors[] = { NULL, NULL, NULL, NULL };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->values = g_hash_table_new (g_str_hash, g_str_equal);
  self->lesion_list = g_ptr_array_new ();
  pressure[ANGIO_PRESSURE_PA_REST] = self->pa_rest;
  pressure[ANGIO_PRESSURE_PD_REST] = self->pd_rest;
  pressure[ANGIO_PRESSURE_PA_HYPER] = self->pa_hyper;
  pressure[ANGIO_PRESSURE_PD_HYPER] = self->pd_hyper;
  errors[ANGIO_PRESSURE_PA_REST] = self->pa_rest_error;
  errors[ANGIO_PRESSURE_PD_REST] = self->pd_rest_error;
  errors[ANGIO_PRESSURE_PA_HYPER] = self->pa_hyper_error;
  errors[ANGIO_PRESSURE_PD_HYPER] = self->pd_hyper_error;
  for (guint i = 0; i < ANGIO_PRESSURE_N_FIELDS; i++)
    {
      self->pressure[i] = pressure[i];
      self->pressure_error[i] = errors[i];
      gtk_widget_set_tooltip_text (GTK_WIDGET (pressure[i]), angio_pressure_field_label (i));
      watch_field (self, pressure[i]);
    }
  watch_field (self, self->annotator);
  watch_field (self, self->dose);
  watch_field (self, self->scale);
  build_lists (self);
  build_values (self);

  g_signal_connect_swapped (self->status, "notify::selected", G_CALLBACK (on_status), self);
  g_signal_connect_swapped (self->lesions, "notify::selected", G_CALLBACK (on_lesion_selected),
                            self);
  g_signal_connect_swapped (self->vessel, "notify::selected", G_CALLBACK (on_vessel), self);
  g_signal_connect_swapped (self->method, "notify::selected", G_CALLBACK (on_method), self);
  g_signal_connect_swapped (self->agent, "notify::selected", G_CALLBACK (on_agent), self);
  g_signal_connect_swapped (self->scale_button, "clicked", G_CALLBACK (on_scale_button), self);
  g_signal_connect_swapped (self->file_scale_button, "clicked", G_CALLBACK (on_file_scale),
                            self);
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

  /* What was typed for the case or run on show is saved before another replaces it. */
  if (self->kase != NULL)
    angio_annotation_panel_commit (self);
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
  self->force_fields = TRUE;
  update (self);
  self->force_fields = FALSE;
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
