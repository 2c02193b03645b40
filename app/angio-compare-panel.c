/* angio-compare-panel.c — the case's labels beside a prediction, task by task.
 *
 * Values are a title and one value, or a title and two values side by side (the labels', then
 * the prediction's), in columns that line up across the three tasks. Unknown values are "—". */
#define G_LOG_DOMAIN "angio-compare-panel"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "angio-compare-panel.h"
#include "angio-enum-types.h"

struct _AngioComparePanel
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkDropDown *predictions;
  GtkStringList *names;
  GPtrArray *keys;               /* char *, "" first (none), as the drop-down lists them */
  char *active;
  GtkWidget *details;            /* everything but the drop-down: shown while comparing */
  GtkLabel *prediction_legend;
  GtkLabel *prediction_column;
  GtkSizeGroup *titles;
  GtkSizeGroup *first_column;
  GtkSizeGroup *second_column;
  GHashTable *values;            /* id → GtkLabel */
  GHashTable *buttons;           /* id → GtkButton */
  AngioComparison *comparison;
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (AngioComparePanel, angio_compare_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Prediction keys and names */

char *
angio_prediction_key (AngioPredictionOrigin  origin,
                      const char            *source)
{
  g_return_val_if_fail (source != NULL, NULL);

  return g_strdup_printf ("%s:%s", angio_enum_nick (ANGIO_TYPE_PREDICTION_ORIGIN, origin),
                          source);
}

gboolean
angio_prediction_key_parse (const char             *key,
                            AngioPredictionOrigin  *origin,
                            char                  **source)
{
  const char *colon = key ? strchr (key, ':') : NULL;
  g_autofree char *nick = NULL;
  int value;

  if (colon == NULL || colon[1] == '\0')
    return FALSE;
  nick = g_strndup (key, colon - key);
  if (!angio_enum_from_nick (ANGIO_TYPE_PREDICTION_ORIGIN, nick, &value))
    return FALSE;
  *origin = value;
  *source = g_strdup (colon + 1);
  return TRUE;
}

/* "unet 1.0", "dr-b" */
static char *
source_name (const AngioPredictionInfo *info)
{
  if (info->version != NULL && *info->version != '\0')
    return g_strdup_printf ("%s %s", info->source, info->version);
  return g_strdup (info->source);
}

char *
angio_prediction_describe (const AngioPredictionInfo *info)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (info != NULL, NULL);

  name = source_name (info);
  /* Translators: a prediction to compare the case with: the model's name and version,
   * e.g. "Model unet 1.0" */
  return g_strdup_printf (info->origin == ANGIO_PREDICTION_MODEL ? _("Model %s")
                          /* Translators: another annotator's labels, e.g. "Annotator dr-b" */
                                                                 : _("Annotator %s"), name);
}

/* Building */

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  AngioComparisonLayer layer = GPOINTER_TO_INT (data);
  double r, g, b, dashes[] = { 5, 3 };

  angio_comparison_layer_rgb (layer, &r, &g, &b);
  switch (layer)
    {
    case ANGIO_COMPARISON_REFERENCE:
    case ANGIO_COMPARISON_PREDICTION:
      /* The outline as drawn on the image: a line with its dark halo. */
      cairo_move_to (cr, 1, height / 2.0);
      cairo_line_to (cr, width - 1, height / 2.0);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.55);
      cairo_set_line_width (cr, 4.5);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgb (cr, r, g, b);
      cairo_set_line_width (cr, 2);
      if (layer == ANGIO_COMPARISON_PREDICTION)
        cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      cairo_stroke (cr);
      break;
    case ANGIO_COMPARISON_REFERENCE_ONLY:
    case ANGIO_COMPARISON_PREDICTION_ONLY:
    default:
      /* The translucent fill over a mid-grey image. */
      cairo_rectangle (cr, 1, 1, width - 2, height - 2);
      cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, r, g, b, 0.6);
      cairo_fill (cr);
      break;
    }
}

/* A colour of the image and what it means. */
static GtkLabel *
legend_item (GtkWidget            *box,
             AngioComparisonLayer  layer,
             const char           *text)
{
  GtkWidget *item = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *swatch = gtk_drawing_area_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 24);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 12);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch,
                                  GINT_TO_POINTER (layer), NULL);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (item), swatch);
  gtk_box_append (GTK_BOX (item), label);
  gtk_widget_set_hexpand (item, TRUE);
  gtk_box_append (GTK_BOX (box), item);
  return GTK_LABEL (label);
}

static void
heading (GtkWidget  *box,
         const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 12);
  gtk_box_append (GTK_BOX (box), label);
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

static int
next_row (GtkWidget *g)
{
  int n = 0;

  while (gtk_grid_get_child_at (GTK_GRID (g), 0, n) != NULL ||
         gtk_grid_get_child_at (GTK_GRID (g), 1, n) != NULL)
    n++;
  return n;
}

static GtkWidget *
title_label (AngioComparePanel *self,
             const char        *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 11);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_size_group_add_widget (self->titles, label);
  return label;
}

static GtkLabel *
value_label (AngioComparePanel *self,
             const char        *id)
{
  GtkWidget *label = gtk_label_new ("—");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "numeric");
  g_hash_table_insert (self->values, (gpointer) id, label);
  return GTK_LABEL (label);
}

/* A title and one value across both columns. */
static void
single_row (AngioComparePanel *self,
            GtkWidget         *g,
            const char        *id,
            const char        *title)
{
  int row = next_row (g);

  gtk_grid_attach (GTK_GRID (g), title_label (self, title), 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (g), GTK_WIDGET (value_label (self, id)), 1, row, 2, 1);
}

/* A title, the labels' value and the prediction's. */
static void
pair_row (AngioComparePanel *self,
          GtkWidget         *g,
          const char        *reference_id,
          const char        *predicted_id,
          const char        *title)
{
  int row = next_row (g);
  GtkLabel *reference = value_label (self, reference_id);
  GtkLabel *predicted = value_label (self, predicted_id);

  gtk_size_group_add_widget (self->first_column, GTK_WIDGET (reference));
  gtk_size_group_add_widget (self->second_column, GTK_WIDGET (predicted));
  gtk_grid_attach (GTK_GRID (g), title_label (self, title), 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (g), GTK_WIDGET (reference), 1, row, 1, 1);
  gtk_grid_attach (GTK_GRID (g), GTK_WIDGET (predicted), 2, row, 1, 1);
}

static GtkWidget *
action_button (AngioComparePanel *self,
               const char        *id,
               const char        *label,
               const char        *action,
               const char        *tooltip)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  g_hash_table_insert (self->buttons, (gpointer) id, button);
  return button;
}

static void
build_legend (AngioComparePanel *self,
              GtkWidget         *box)
{
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *check;

  gtk_widget_set_margin_top (line, 6);
  /* Translators: the legend of the case's outlines drawn on the image */
  legend_item (line, ANGIO_COMPARISON_REFERENCE, _("Labels"));
  self->prediction_legend = legend_item (line, ANGIO_COMPARISON_PREDICTION, NULL);
  gtk_box_append (GTK_BOX (box), line);

  check = gtk_check_button_new_with_mnemonic (_("Show the _difference"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (check), "win.compare-difference");
  gtk_widget_set_tooltip_text (check, _("Shade the pixels that only one of the two outlines "
                                        "puts inside the lumen"));
  gtk_box_append (GTK_BOX (box), check);
  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  legend_item (line, ANGIO_COMPARISON_REFERENCE_ONLY, _("Labels only"));
  legend_item (line, ANGIO_COMPARISON_PREDICTION_ONLY, _("Prediction only"));
  gtk_box_append (GTK_BOX (box), line);
}

/* Task 1 */
static void
build_key_frame (AngioComparePanel *self,
                 GtkWidget         *box)
{
  GtkWidget *g, *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *corner = gtk_label_new (NULL);
  GtkWidget *label;

  heading (box, _("Key frame"));
  g = grid (box);
  /* The column heads: whose values these are. */
  gtk_grid_attach (GTK_GRID (g), corner, 0, 0, 1, 1);
  gtk_size_group_add_widget (self->titles, corner);
  label = gtk_label_new (_("Labels"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_size_group_add_widget (self->first_column, label);
  gtk_grid_attach (GTK_GRID (g), label, 1, 0, 1, 1);
  self->prediction_column = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->prediction_column, 0);
  gtk_label_set_ellipsize (self->prediction_column, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->prediction_column), "caption-heading");
  gtk_size_group_add_widget (self->second_column, GTK_WIDGET (self->prediction_column));
  gtk_grid_attach (GTK_GRID (g), GTK_WIDGET (self->prediction_column), 2, 0, 1, 1);

  pair_row (self, g, "reference-key-frame", "predicted-key-frame", _("Frame"));
  single_row (self, g, "offset", _("Offset"));
  single_row (self, g, "hit", _("Hit"));
  gtk_box_append (GTK_BOX (buttons),
                  action_button (self, "go-to-key-frame", _("_Go to Predicted"),
                                 "case.go-to-predicted-key-frame",
                                 _("Show the key frame the prediction chose")));
  gtk_box_append (GTK_BOX (buttons),
                  action_button (self, "adopt-key-frame", _("Adopt as _Proposal"),
                                 "case.adopt-predicted-key-frame",
                                 _("Add the predicted key frame to the case as a proposal, to "
                                   "accept or reject like the automatic ones; the case’s "
                                   "labels are not changed")));
  gtk_box_append (GTK_BOX (box), buttons);
}

/* Task 2 */
static void
build_outline (AngioComparePanel *self,
               GtkWidget         *box)
{
  GtkWidget *g, *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  heading (box, _("Stenosis outline"));
  g = grid (box);
  single_row (self, g, "dice", _("Dice"));
  single_row (self, g, "iou", _("IoU"));
  single_row (self, g, "hd95", _("HD95"));
  pair_row (self, g, "reference-mld", "predicted-mld", _("MLD"));
  pair_row (self, g, "reference-ds", "predicted-ds", _("Diameter stenosis"));
  gtk_box_append (GTK_BOX (buttons),
                  action_button (self, "adopt-outline", _("Adopt _Outline as Proposal"),
                                 "case.adopt-predicted-outline", NULL));
  gtk_box_append (GTK_BOX (box), buttons);
}

/* Task 3 */
static void
build_ffr (AngioComparePanel *self,
           GtkWidget         *box)
{
  GtkWidget *g;

  heading (box, _("FFR"));
  g = grid (box);
  /* Translators: the wire's FFR beside the predicted one */
  pair_row (self, g, "reference-ffr", "predicted-ffr", _("FFR"));
  pair_row (self, g, "reference-class", "predicted-class", _("At 0.80"));
  single_row (self, g, "ffr-difference", _("Difference"));
}

/* Showing */

static void
set_value (AngioComparePanel *self,
           const char        *id,
           const char        *text)
{
  GtkLabel *label = g_hash_table_lookup (self->values, id);

  g_assert (label != NULL);
  gtk_label_set_text (label, text != NULL ? text : "—");
}

/* @value formatted with @format (a literal), or "—" when it is not finite. */
#define set_valuef(self, id, format, value) \
  G_STMT_START { \
    double v_ = (value); \
    g_autofree char *t_ = isfinite (v_) ? g_strdup_printf (format, v_) : NULL; \
    set_value (self, id, t_); \
  } G_STMT_END

/* The labels' accepted key frames of the key run, 1-based as the timeline numbers them. */
static char *
reference_key_frames (AngioComparePanel    *self,
                      const AngioCaseScore *score)
{
  AngioLabels *reference = angio_comparison_get_reference (self->comparison);
  AngioLabelSeries *run = score->key_run ? angio_labels_find_series (reference, score->key_run)
                                         : NULL;
  GString *text;

  if (run == NULL || run->key_frames->len == 0)
    return NULL;
  text = g_string_new (NULL);
  for (guint i = 0; i < run->key_frames->len; i++)
    g_string_append_printf (text, i > 0 ? ", %u" : "%u",
                            g_array_index (run->key_frames, AngioLabelKeyFrame, i).frame + 1);
  return g_string_free (text, FALSE);
}

static void
update_key_frame (AngioComparePanel    *self,
                  const AngioCaseScore *score)
{
  g_autofree char *frames = reference_key_frames (self, score);
  g_autofree char *offset = NULL;
  g_autofree char *hit = NULL;

  set_value (self, "reference-key-frame", frames);
  set_valuef (self, "predicted-key-frame", "%.0f",
              score->predicted_frame >= 0 ? score->predicted_frame + 1.0 : NAN);
  if (isfinite (score->offset_frames))
    {
      /* Translators: the predicted key frame after (+) or before (−) the labelled one */
      offset = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%+.0f frame", "%+.0f frames",
                                             (gulong) fabs (score->offset_frames)),
                                score->offset_frames);
      if (isfinite (score->offset_ms))
        {
          char *with_ms = g_strdup_printf (_("%s · %+.0f ms"), offset, score->offset_ms);

          g_free (offset);
          offset = with_ms;
        }
      hit = g_strdup_printf (score->hit ? _("yes, within ±%u frames")
                                        : _("no, more than %u frames away"),
                             ANGIO_SCORE_TOLERANCE);
    }
  set_value (self, "offset", offset);
  set_value (self, "hit", hit);
}

static char *
describe_class (double ffr)
{
  if (!isfinite (ffr))
    return NULL;
  /* Translators: an FFR against the threshold of significance */
  return g_strdup_printf (ffr <= ANGIO_FFR_THRESHOLD ? _("≤ %.2f significant")
                                                     : _("> %.2f not significant"),
                          ANGIO_FFR_THRESHOLD);
}

static void
update_outline_and_ffr (AngioComparePanel    *self,
                        const AngioCaseScore *score)
{
  g_autofree char *hd95 = NULL;
  g_autofree char *reference_class = describe_class (score->reference_ffr);
  g_autofree char *predicted_class = describe_class (score->predicted_ffr);

  set_valuef (self, "dice", "%.2f", score->dice);
  set_valuef (self, "iou", "%.2f", score->iou);
  if (isinf (score->hd95_px))
    /* Translators: HD95 when the prediction has no outline on a labelled frame */
    hd95 = g_strdup (_("∞ (no outline predicted on the labelled frame)"));
  else if (isfinite (score->hd95_px) && isfinite (score->hd95_mm))
    hd95 = g_strdup_printf (_("%.1f px · %.2f mm"), score->hd95_px, score->hd95_mm);
  else if (isfinite (score->hd95_px))
    hd95 = g_strdup_printf (_("%.1f px"), score->hd95_px);
  set_value (self, "hd95", hd95);
  set_valuef (self, "reference-mld", _("%.2f mm"), score->reference_mld_mm);
  set_valuef (self, "predicted-mld", _("%.2f mm"), score->predicted_mld_mm);
  set_valuef (self, "reference-ds", _("%.1f %%"), score->reference_percent_ds);
  set_valuef (self, "predicted-ds", _("%.1f %%"), score->predicted_percent_ds);
  set_valuef (self, "reference-ffr", "%.2f", score->reference_ffr);
  set_valuef (self, "predicted-ffr", "%.2f", score->predicted_ffr);
  set_value (self, "reference-class", reference_class);
  set_value (self, "predicted-class", predicted_class);
  set_valuef (self, "ffr-difference", "%+.2f", score->predicted_ffr - score->reference_ffr);
}

/* Why the outline can or cannot be adopted. */
static void
update_adopt_outline (AngioComparePanel *self)
{
  AngioLabelLesion *lesion = angio_comparison_get_lesion (self->comparison, NULL);
  GtkWidget *button = g_hash_table_lookup (self->buttons, "adopt-outline");

  if (lesion == NULL)
    gtk_widget_set_tooltip_text (button, _("The prediction has no outline for this case"));
  else if (lesion->lesion == NULL)
    gtk_widget_set_tooltip_text (button, _("The prediction gives an outline alone, without the "
                                           "vessel’s borders: it cannot be measured or edited, "
                                           "so it cannot become a proposal"));
  else
    gtk_widget_set_tooltip_text (button, _("Add the predicted outline to the case as a "
                                           "proposal, to review like the automatic ones; the "
                                           "case’s labels are not changed"));
}

static void
update (AngioComparePanel *self)
{
  const AngioCaseScore *score = self->comparison ? angio_comparison_get_score (self->comparison)
                                                 : NULL;
  const AngioPredictionInfo *info = score ? angio_comparison_get_info (self->comparison) : NULL;
  g_autofree char *name = info ? source_name (info) : NULL;

  gtk_widget_set_visible (self->details, score != NULL);
  if (score == NULL)
    return;
  gtk_label_set_text (self->prediction_legend, name);
  gtk_label_set_text (self->prediction_column, name);
  update_key_frame (self, score);
  update_outline_and_ffr (self, score);
  update_adopt_outline (self);
}

static void
on_selected (AngioComparePanel *self)
{
  guint i = gtk_drop_down_get_selected (self->predictions);
  const char *key = i < self->keys->len ? self->keys->pdata[i] : "";

  if (self->updating || g_strcmp0 (key, self->active) == 0)
    return;
  g_free (self->active);
  self->active = g_strdup (key);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

/* Shows @self->active in the drop-down (None when it is not offered). */
static void
select_active (AngioComparePanel *self)
{
  guint position = 0;

  for (guint i = 0; i < self->keys->len; i++)
    if (g_str_equal (self->keys->pdata[i], self->active))
      position = i;
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->predictions, position);
  self->updating = FALSE;
}

/* Public API */

void
angio_compare_panel_set_predictions (AngioComparePanel *self,
                                     GPtrArray         *predictions)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gboolean offered = FALSE;

  g_return_if_fail (ANGIO_IS_COMPARE_PANEL (self));

  g_ptr_array_set_size (self->keys, 0);
  g_ptr_array_add (self->keys, g_strdup (""));
  /* Translators: compare the case with no prediction */
  g_ptr_array_add (names, g_strdup (_("None")));
  for (guint i = 0; predictions != NULL && i < predictions->len; i++)
    {
      const AngioPredictionInfo *info = predictions->pdata[i];
      char *key = angio_prediction_key (info->origin, info->source);

      offered |= g_str_equal (key, self->active);
      g_ptr_array_add (self->keys, key);
      g_ptr_array_add (names, angio_prediction_describe (info));
    }
  g_ptr_array_add (names, NULL);
  self->updating = TRUE;
  gtk_string_list_splice (self->names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->names)),
                          (const char *const *) names->pdata);
  self->updating = FALSE;
  if (!offered && *self->active != '\0')
    {
      /* What was compared is gone. */
      g_free (self->active);
      self->active = g_strdup ("");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
    }
  select_active (self);
}

guint
angio_compare_panel_get_n_predictions (AngioComparePanel *self)
{
  g_return_val_if_fail (ANGIO_IS_COMPARE_PANEL (self), 0);

  return self->keys->len - 1;
}

void
angio_compare_panel_set_comparison (AngioComparePanel *self,
                                    AngioComparison   *comparison)
{
  g_return_if_fail (ANGIO_IS_COMPARE_PANEL (self));
  g_return_if_fail (comparison == NULL || ANGIO_IS_COMPARISON (comparison));

  if (self->comparison != NULL)
    g_signal_handlers_disconnect_by_data (self->comparison, self);
  g_set_object (&self->comparison, comparison);
  if (comparison != NULL)
    g_signal_connect_swapped (comparison, "changed", G_CALLBACK (update), self);
  update (self);
}

const char *
angio_compare_panel_get_active (AngioComparePanel *self)
{
  g_return_val_if_fail (ANGIO_IS_COMPARE_PANEL (self), NULL);

  return self->active;
}

void
angio_compare_panel_set_active (AngioComparePanel *self,
                                const char        *key)
{
  g_return_if_fail (ANGIO_IS_COMPARE_PANEL (self));

  if (key == NULL)
    key = "";
  if (g_strcmp0 (key, self->active) == 0)
    return;
  g_free (self->active);
  self->active = g_strdup (key);
  select_active (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

const char *
angio_compare_panel_get_value (AngioComparePanel *self,
                               const char        *id)
{
  GtkLabel *label;

  g_return_val_if_fail (ANGIO_IS_COMPARE_PANEL (self), NULL);

  label = g_hash_table_lookup (self->values, id);
  return label ? gtk_label_get_text (label) : NULL;
}

GtkWidget *
angio_compare_panel_get_button (AngioComparePanel *self,
                                const char        *id)
{
  g_return_val_if_fail (ANGIO_IS_COMPARE_PANEL (self), NULL);

  return g_hash_table_lookup (self->buttons, id);
}

GtkWidget *
angio_compare_panel_new (void)
{
  return g_object_new (ANGIO_TYPE_COMPARE_PANEL, NULL);
}

/* GObject */

static void
angio_compare_panel_dispose (GObject *object)
{
  AngioComparePanel *self = ANGIO_COMPARE_PANEL (object);

  if (self->comparison != NULL)
    g_signal_handlers_disconnect_by_data (self->comparison, self);
  g_clear_object (&self->comparison);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->titles);
  g_clear_object (&self->first_column);
  g_clear_object (&self->second_column);
  G_OBJECT_CLASS (angio_compare_panel_parent_class)->dispose (object);
}

static void
angio_compare_panel_finalize (GObject *object)
{
  AngioComparePanel *self = ANGIO_COMPARE_PANEL (object);

  g_hash_table_unref (self->values);
  g_hash_table_unref (self->buttons);
  g_ptr_array_unref (self->keys);
  g_free (self->active);
  G_OBJECT_CLASS (angio_compare_panel_parent_class)->finalize (object);
}

static void
angio_compare_panel_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AngioComparePanel *self = ANGIO_COMPARE_PANEL (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_string (value, self->active);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_compare_panel_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AngioComparePanel *self = ANGIO_COMPARE_PANEL (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      angio_compare_panel_set_active (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_compare_panel_class_init (AngioComparePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = angio_compare_panel_dispose;
  object_class->finalize = angio_compare_panel_finalize;
  object_class->get_property = angio_compare_panel_get_property;
  object_class->set_property = angio_compare_panel_set_property;

  properties[PROP_ACTIVE] =
    g_param_spec_string ("active", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "compare-panel");
}

static void
angio_compare_panel_init (AngioComparePanel *self)
{
  GtkWidget *box;

  self->values = g_hash_table_new (g_str_hash, g_str_equal);
  self->buttons = g_hash_table_new (g_str_hash, g_str_equal);
  self->keys = g_ptr_array_new_with_free_func (g_free);
  self->active = g_strdup ("");
  self->titles = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->first_column = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->second_column = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->box = box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_parent (box, GTK_WIDGET (self));

  heading (box, _("Compare"));
  self->names = gtk_string_list_new (NULL);
  self->predictions = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (self->names), NULL));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->predictions),
                               _("Show the case’s labels beside a model’s predictions or "
                                 "another annotator’s labels"));
  g_signal_connect_swapped (self->predictions, "notify::selected", G_CALLBACK (on_selected),
                            self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->predictions));

  self->details = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  build_legend (self, self->details);
  build_key_frame (self, self->details);
  build_outline (self, self->details);
  build_ffr (self, self->details);
  gtk_box_append (GTK_BOX (box), self->details);
  angio_compare_panel_set_predictions (self, NULL);
  update (self);
}
