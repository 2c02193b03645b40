/* angio-comparison.c — a prediction beside the case's labels, drawn on the frame on show. */
#define G_LOG_DOMAIN "angio-comparison"

#include "config.h"

#include <math.h>
#include <string.h>

#include "angio-comparison.h"
#include "angio-raster.h"

/* The difference layer's opacity: the vessel stays visible under it. */
#define DIFFERENCE_ALPHA 0.5
/* Edits come in bursts (a border dragged): the reference is read again once they pause. */
#define REFRESH_DELAY_MS 100

struct _AngioComparison
{
  GObject parent_instance;

  AngioCineView *view;
  AngioTimeline *timeline;
  gulong below_handler;         /* draw-overlay: the difference layer, under every outline */
  gulong above_handler;         /* draw-overlay (after): the prediction's outlines, on top */
  gulong frame_handler;
  gboolean overlay_blocked;

  AngioCase *kase;
  GPtrArray *watched;           /* the case's objects whose changes change the reference */
  AngioPredictionInfo *info;
  AngioLabels *reference;
  AngioLabels *prediction;
  AngioCaseScore score;
  gboolean has_score;
  AngioCaseSeries *run;         /* on show */
  gboolean show_difference;
  guint refresh_id;

  cairo_surface_t *difference;  /* of the run on show and @difference_frame */
  gint64 difference_frame;      /* −1: none made */
};

G_DEFINE_FINAL_TYPE (AngioComparison, angio_comparison, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
angio_comparison_layer_rgb (AngioComparisonLayer  layer,
                            double               *r,
                            double               *g,
                            double               *b)
{
  static const double rgb[][3] = {
    [ANGIO_COMPARISON_REFERENCE] = { 0.35, 0.9, 0.45 },                  /* as AngioProposals */
    [ANGIO_COMPARISON_PREDICTION] = { 0xc0 / 255.0, 0x61 / 255.0, 0xcb / 255.0 },
    /* Red and blue fills: apart from the lesion editor's orange and light blue lines. */
    [ANGIO_COMPARISON_REFERENCE_ONLY] = { 0xed / 255.0, 0x33 / 255.0, 0x3b / 255.0 },
    [ANGIO_COMPARISON_PREDICTION_ONLY] = { 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0 },
  };

  g_return_if_fail (layer <= ANGIO_COMPARISON_PREDICTION_ONLY);

  *r = rgb[layer][0];
  *g = rgb[layer][1];
  *b = rgb[layer][2];
}

static const char *
run_id (AngioComparison *self)
{
  return self->run != NULL ? angio_case_series_get_id (self->run) : NULL;
}

/* The labels of the run on show, of @labels (nullable). */
static AngioLabelSeries *
shown_series (AngioComparison *self,
              AngioLabels     *labels)
{
  if (labels == NULL || run_id (self) == NULL)
    return NULL;
  return angio_labels_find_series (labels, run_id (self));
}

static gboolean
has_outline_on (AngioLabelSeries *run,
                guint             frame)
{
  for (guint i = 0; run != NULL && i < run->lesions->len; i++)
    if (((AngioLabelLesion *) run->lesions->pdata[i])->frame == frame)
      return TRUE;
  return FALSE;
}

/* Drawing */

static guint32
premultiplied (AngioComparisonLayer layer)
{
  double r, g, b, a = DIFFERENCE_ALPHA;

  angio_comparison_layer_rgb (layer, &r, &g, &b);
  return (guint32) lround (a * 255) << 24 | (guint32) lround (a * r * 255) << 16 |
         (guint32) lround (a * g * 255) << 8 | (guint32) lround (a * b * 255);
}

/* The pixels inside the reference's outlines only, and inside the prediction's only, on
 * @frame: one pixel of the image per pixel of the surface. NULL when there is nothing. */
static cairo_surface_t *
make_difference (AngioComparison *self,
                 guint            frame)
{
  AngioLabelSeries *ref = shown_series (self, self->reference);
  AngioLabelSeries *pred = shown_series (self, self->prediction);
  AngioSeries *series = angio_case_series_get_series (self->run);
  guint cols = series ? angio_series_get_cols (series) : ref ? ref->cols : 0;
  guint rows = series ? angio_series_get_rows (series) : ref ? ref->rows : 0;
  guint32 only_ref = premultiplied (ANGIO_COMPARISON_REFERENCE_ONLY);
  guint32 only_pred = premultiplied (ANGIO_COMPARISON_PREDICTION_ONLY);
  g_autofree guint8 *a = NULL, *b = NULL;
  cairo_surface_t *surface;
  guint8 *data;
  int stride;

  if (cols == 0 || rows == 0 || cols > 8192 || rows > 8192 ||
      !(has_outline_on (ref, frame) || has_outline_on (pred, frame)))
    return NULL;
  a = g_malloc ((gsize) cols * rows);
  b = g_malloc ((gsize) cols * rows);
  angio_label_series_rasterise (ref, frame, a, cols, rows);
  angio_label_series_rasterise (pred, frame, b, cols, rows);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, cols, rows);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (guint y = 0; y < rows; y++)
    {
      guint32 *line = (guint32 *) (data + (gsize) y * stride);

      for (guint x = 0; x < cols; x++)
        {
          gsize i = (gsize) y * cols + x;

          line[x] = a[i] && !b[i] ? only_ref : b[i] && !a[i] ? only_pred : 0;
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

static void
forget_difference (AngioComparison *self)
{
  g_clear_pointer (&self->difference, cairo_surface_destroy);
  self->difference_frame = -1;
}

static void
on_draw_below (AngioComparison *self,
               cairo_t         *cr)
{
  guint frame = angio_cine_view_get_frame (self->view);

  if (!self->show_difference || self->prediction == NULL || self->run == NULL)
    return;
  if (self->difference_frame != frame)
    {
      forget_difference (self);
      self->difference = make_difference (self, frame);
      self->difference_frame = frame;
    }
  if (self->difference == NULL)
    return;
  /* Pixel (x, y) covers x ± ½, y ± ½ in image coordinates; shown as the squares they are. */
  cairo_save (cr);
  cairo_translate (cr, -0.5, -0.5);
  cairo_set_source_surface (cr, self->difference, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);
}

static void
draw_outline (cairo_t      *cr,
              const GArray *outline)
{
  double px = angio_cine_view_overlay_px (cr, 1), r, g, b;
  double dashes[] = { 5 * px, 3 * px };

  angio_cine_view_overlay_outline (cr, outline);
  angio_comparison_layer_rgb (ANGIO_COMPARISON_PREDICTION, &r, &g, &b);
  cairo_set_source_rgb (cr, r, g, b);
  cairo_set_line_width (cr, 1.75 * px);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
on_draw_above (AngioComparison *self,
               cairo_t         *cr)
{
  AngioLabelSeries *pred = shown_series (self, self->prediction);
  guint frame = angio_cine_view_get_frame (self->view);

  for (guint i = 0; pred != NULL && i < pred->lesions->len; i++)
    {
      AngioLabelLesion *l = pred->lesions->pdata[i];

      if (l->frame == frame)
        draw_outline (cr, l->outline);
    }
}

/* The view draws a Cairo layer only while a handler is connected and not blocked (it costs
 * time at every frame of playback): only on the frames with an outline of either reader. */
static void
update_overlay (AngioComparison *self)
{
  guint frame = angio_cine_view_get_frame (self->view);
  gboolean wanted = self->prediction != NULL &&
                    (has_outline_on (shown_series (self, self->prediction), frame) ||
                     (self->show_difference &&
                      has_outline_on (shown_series (self, self->reference), frame)));

  if (wanted == !self->overlay_blocked)
    return;
  if (wanted)
    {
      g_signal_handler_unblock (self->view, self->below_handler);
      g_signal_handler_unblock (self->view, self->above_handler);
    }
  else
    {
      g_signal_handler_block (self->view, self->below_handler);
      g_signal_handler_block (self->view, self->above_handler);
    }
  self->overlay_blocked = !wanted;
  gtk_widget_queue_draw (GTK_WIDGET (self->view));
}

static void
update_timeline (AngioComparison *self)
{
  AngioLabelSeries *pred = shown_series (self, self->prediction);
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; pred != NULL && i < pred->key_frames->len; i++)
    g_array_append_val (frames, g_array_index (pred->key_frames, AngioLabelKeyFrame, i).frame);
  angio_timeline_set_predicted_frames (self->timeline, (guint *) frames->data, frames->len);
}

/* Anything compared changed: what is drawn and the scores follow. */
static void
changed (AngioComparison *self)
{
  forget_difference (self);
  update_timeline (self);
  update_overlay (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->view));
  g_signal_emit (self, signals[CHANGED], 0);
}

/* The reference */

static void
read_reference (AngioComparison *self)
{
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->reference, angio_labels_free);
  if (self->has_score)
    angio_case_score_clear (&self->score);
  self->has_score = FALSE;
  if (self->kase == NULL || self->prediction == NULL)
    return;
  document = angio_case_to_json (self->kase);
  self->reference = angio_labels_new_from_json (document, FALSE, &error);
  if (self->reference == NULL)
    {
      /* The case's own document: only a bug gets here. */
      g_warning ("the labels of %s: %s", angio_case_get_id (self->kase), error->message);
      return;
    }
  angio_score_case (self->reference, self->prediction, ANGIO_SCORE_TOLERANCE, &self->score);
  self->has_score = TRUE;
}

static gboolean
refresh (gpointer data)
{
  AngioComparison *self = data;

  self->refresh_id = 0;
  read_reference (self);
  changed (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (AngioComparison *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (REFRESH_DELAY_MS, refresh, self);
}

static void
unwatch (AngioComparison *self)
{
  for (guint i = 0; i < self->watched->len; i++)
    g_signal_handlers_disconnect_by_data (self->watched->pdata[i], self);
  g_ptr_array_set_size (self->watched, 0);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
}

static void
watch (AngioComparison *self,
       gpointer         object,
       const char      *signal)
{
  g_signal_connect_swapped (object, signal, G_CALLBACK (schedule_refresh), self);
  g_ptr_array_add (self->watched, g_object_ref (object));
}

/* Every edit is recorded (::edited); an undo or a redo changes the runs and the pressure in
 * place. */
static void
watch_case (AngioComparison *self)
{
  GListModel *runs = angio_case_get_series (self->kase);

  watch (self, self->kase, "edited");
  watch (self, angio_case_get_pressure (self->kase), "changed");
  for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr(AngioCaseSeries) run = g_list_model_get_item (runs, i);

      watch (self, run, "changed");
    }
}

static AngioPredictionInfo *
info_copy (const AngioPredictionInfo *info)
{
  AngioPredictionInfo *copy = g_new0 (AngioPredictionInfo, 1);

  copy->case_id = g_strdup (info->case_id);
  copy->origin = info->origin;
  copy->source = g_strdup (info->source);
  copy->version = g_strdup (info->version);
  copy->imported = g_strdup (info->imported);
  copy->imported_from = g_strdup (info->imported_from);
  return copy;
}

/* Public API */

void
angio_comparison_set_prediction (AngioComparison           *self,
                                 AngioCase                 *kase,
                                 const AngioPredictionInfo *info,
                                 AngioLabels               *prediction)
{
  g_return_if_fail (ANGIO_IS_COMPARISON (self));
  g_return_if_fail (kase == NULL || ANGIO_IS_CASE (kase));

  unwatch (self);
  g_clear_pointer (&self->prediction, angio_labels_free);
  g_clear_pointer (&self->info, angio_prediction_info_free);
  if (kase == NULL || prediction == NULL)
    {
      g_clear_pointer (&prediction, angio_labels_free);
      kase = NULL;
    }
  g_set_object (&self->kase, kase);
  self->prediction = prediction;
  if (info != NULL && prediction != NULL)
    self->info = info_copy (info);
  if (kase != NULL)
    watch_case (self);
  read_reference (self);
  changed (self);
}

gboolean
angio_comparison_get_active (AngioComparison *self)
{
  g_return_val_if_fail (ANGIO_IS_COMPARISON (self), FALSE);

  return self->prediction != NULL;
}

void
angio_comparison_set_run (AngioComparison *self,
                          AngioCaseSeries *run)
{
  g_return_if_fail (ANGIO_IS_COMPARISON (self));
  g_return_if_fail (run == NULL || ANGIO_IS_CASE_SERIES (run));

  if (g_set_object (&self->run, run))
    changed (self);
}

void
angio_comparison_set_show_difference (AngioComparison *self,
                                      gboolean         show)
{
  g_return_if_fail (ANGIO_IS_COMPARISON (self));

  show = !!show;
  if (self->show_difference == show)
    return;
  self->show_difference = show;
  update_overlay (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->view));
}

gboolean
angio_comparison_get_show_difference (AngioComparison *self)
{
  g_return_val_if_fail (ANGIO_IS_COMPARISON (self), FALSE);

  return self->show_difference;
}

const AngioPredictionInfo *
angio_comparison_get_info (AngioComparison *self)
{
  g_return_val_if_fail (ANGIO_IS_COMPARISON (self), NULL);

  return self->info;
}

AngioLabels *
angio_comparison_get_reference (AngioComparison *self)
{
  g_return_val_if_fail (ANGIO_IS_COMPARISON (self), NULL);

  return self->reference;
}

AngioLabels *
angio_comparison_get_prediction (AngioComparison *self)
{
  g_return_val_if_fail (ANGIO_IS_COMPARISON (self), NULL);

  return self->prediction;
}

const AngioCaseScore *
angio_comparison_get_score (AngioComparison *self)
{
  g_return_val_if_fail (ANGIO_IS_COMPARISON (self), NULL);

  return self->has_score ? &self->score : NULL;
}

/* The run with labels of @labels to take from: the run on show's, else the first for which
 * @wanted says yes. */
static AngioLabelSeries *
run_to_take (AngioComparison *self,
             gboolean       (*wanted) (AngioLabelSeries *run))
{
  AngioLabelSeries *shown = shown_series (self, self->prediction);

  if (shown != NULL && wanted (shown))
    return shown;
  for (guint i = 0; self->prediction != NULL && i < self->prediction->series->len; i++)
    if (wanted (self->prediction->series->pdata[i]))
      return self->prediction->series->pdata[i];
  return NULL;
}

static gboolean
has_key_frames (AngioLabelSeries *run)
{
  return run->key_frames->len > 0;
}

static gboolean
has_lesions (AngioLabelSeries *run)
{
  return run->lesions->len > 0;
}

gboolean
angio_comparison_get_key_frame (AngioComparison  *self,
                                const char      **run,
                                guint            *frame,
                                double           *score)
{
  AngioLabelSeries *from = NULL;
  guint k = 0;

  g_return_val_if_fail (ANGIO_IS_COMPARISON (self), FALSE);

  if (self->has_score && self->score.predicted_frame >= 0)
    {
      from = angio_labels_find_series (self->prediction, self->score.key_run);
      for (k = 0; from != NULL && k < from->key_frames->len; k++)
        if (g_array_index (from->key_frames, AngioLabelKeyFrame, k).frame ==
            (guint) self->score.predicted_frame)
          break;
      if (from != NULL && k == from->key_frames->len)
        from = NULL;
    }
  if (from == NULL)
    {
      from = run_to_take (self, has_key_frames);
      k = 0;
    }
  if (from == NULL)
    return FALSE;
  if (run != NULL)
    *run = from->id;
  if (frame != NULL)
    *frame = g_array_index (from->key_frames, AngioLabelKeyFrame, k).frame;
  if (score != NULL)
    *score = g_array_index (from->key_frames, AngioLabelKeyFrame, k).score;
  return TRUE;
}

AngioLabelLesion *
angio_comparison_get_lesion (AngioComparison  *self,
                             const char      **run)
{
  AngioLabelSeries *from;

  g_return_val_if_fail (ANGIO_IS_COMPARISON (self), NULL);

  from = run_to_take (self, has_lesions);
  if (from == NULL)
    return NULL;
  if (run != NULL)
    *run = from->id;
  return angio_label_series_worst_lesion (from);
}

AngioComparison *
angio_comparison_new (AngioCineView *view,
                      AngioTimeline *timeline)
{
  AngioComparison *self;

  g_return_val_if_fail (ANGIO_IS_CINE_VIEW (view), NULL);
  g_return_val_if_fail (ANGIO_IS_TIMELINE (timeline), NULL);

  self = g_object_new (ANGIO_TYPE_COMPARISON, NULL);
  self->view = g_object_ref (view);
  self->timeline = g_object_ref (timeline);
  self->below_handler = g_signal_connect_swapped (view, "draw-overlay",
                                                  G_CALLBACK (on_draw_below), self);
  /* After every other handler: the prediction is on top of the case's outlines. */
  self->above_handler = g_signal_connect_data (view, "draw-overlay",
                                               G_CALLBACK (on_draw_above), self, NULL,
                                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_handler_block (view, self->below_handler);
  g_signal_handler_block (view, self->above_handler);
  self->overlay_blocked = TRUE;
  self->frame_handler = g_signal_connect_swapped (view, "notify::frame",
                                                  G_CALLBACK (update_overlay), self);
  return self;
}

static void
angio_comparison_dispose (GObject *object)
{
  AngioComparison *self = ANGIO_COMPARISON (object);

  unwatch (self);
  if (self->view != NULL)
    {
      g_clear_signal_handler (&self->below_handler, self->view);
      g_clear_signal_handler (&self->above_handler, self->view);
      g_clear_signal_handler (&self->frame_handler, self->view);
    }
  g_clear_object (&self->view);
  g_clear_object (&self->timeline);
  g_clear_object (&self->kase);
  g_clear_object (&self->run);
  G_OBJECT_CLASS (angio_comparison_parent_class)->dispose (object);
}

static void
angio_comparison_finalize (GObject *object)
{
  AngioComparison *self = ANGIO_COMPARISON (object);

  if (self->has_score)
    angio_case_score_clear (&self->score);
  g_clear_pointer (&self->reference, angio_labels_free);
  g_clear_pointer (&self->prediction, angio_labels_free);
  g_clear_pointer (&self->info, angio_prediction_info_free);
  g_ptr_array_unref (self->watched);
  forget_difference (self);
  G_OBJECT_CLASS (angio_comparison_parent_class)->finalize (object);
}

static void
angio_comparison_class_init (AngioComparisonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = angio_comparison_dispose;
  object_class->finalize = angio_comparison_finalize;

  /**
   * AngioComparison::changed:
   * What is compared, or the scores, changed (the prediction, the run on show, the case's
   * labels after an edit).
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
angio_comparison_init (AngioComparison *self)
{
  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
  self->show_difference = TRUE;
  self->difference_frame = -1;
}
