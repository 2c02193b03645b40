/* angio-proposals.c — runs the analysis of the series on show and draws what it proposes. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "angio-analysis.h"
#include "angio-key-frame.h"
#include "angio-lesion.h"
#include "angio-proposals.h"

struct _AngioProposals
{
  GObject parent_instance;

  AngioCineView *view;
  AngioTimeline *timeline;
  AngioSeries *series;          /* on show */
  AngioCaseSeries *case_series; /* its model, once the analysis ran */
  GCancellable *cancellable;    /* the analysis under way */
  gulong load_handler;          /* waiting for @series to finish decoding */
  gulong overlay_handler;       /* draw-overlay, blocked on frames without a lesion */
  gulong frame_handler;
  gboolean overlay_blocked;
  AngioLesion *selected;        /* drawn bolder; owned by the case series */
  gboolean has_pending;         /* the first point of a measurement, drawn as a cross */
  AngioPoint pending;
  GArray *labels;               /* Label: where the lesions' labels were drawn last */
};

/* A lesion's label on the image: its box in image coordinates. */
typedef struct {
  AngioLesion *lesion;          /* owned by the case series */
  double x, y, width, height;
} Label;

G_DEFINE_FINAL_TYPE (AngioProposals, angio_proposals, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  MESSAGE,
  ANALYSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Drawing */

/* Yellow while proposed, green once accepted or drawn by the annotator. */
static void
set_lesion_colour (cairo_t     *cr,
                   AngioLesion *lesion)
{
  if (angio_lesion_get_status (lesion) == ANGIO_STATUS_ACCEPTED ||
      angio_lesion_get_origin (lesion) == ANGIO_ORIGIN_ANNOTATOR)
    cairo_set_source_rgb (cr, 0.35, 0.9, 0.45);
  else
    cairo_set_source_rgb (cr, 0.97, 0.83, 0.18);
}

static int
compare_for_labels (gconstpointer a,
                    gconstpointer b,
                    gpointer      data)
{
  AngioProposals *self = data;
  AngioLesion *la = *(AngioLesion **) a, *lb = *(AngioLesion **) b;
  double da = angio_lesion_get_measurement (la)->qca->percent_ds;
  double db = angio_lesion_get_measurement (lb)->qca->percent_ds;

  if ((la == self->selected) != (lb == self->selected))
    return la == self->selected ? -1 : 1;
  return (da < db) - (da > db);
}

static void
draw_outline (AngioProposals *self,
              cairo_t        *cr,
              AngioLesion    *lesion)
{
  g_autoptr(GArray) outline = angio_lesion_get_outline (lesion);
  double px = angio_cine_view_overlay_px (cr, 1);
  double dashes[] = { 6 * px, 4 * px };

  if (outline->len < 3)
    return;
  angio_cine_view_overlay_outline (cr, outline);
  set_lesion_colour (cr, lesion);
  cairo_set_line_width (cr, (lesion == self->selected ? 2.5 : 1.5) * px);
  /* Proposed: dashed; accepted or drawn by the annotator: solid. */
  if (angio_lesion_get_status (lesion) == ANGIO_STATUS_PROPOSED &&
      angio_lesion_get_origin (lesion) == ANGIO_ORIGIN_ALGORITHM)
    cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

static gboolean
labels_overlap (const Label *a,
                const Label *b,
                double       gap)
{
  return a->x < b->x + b->width + gap && b->x < a->x + a->width + gap &&
         a->y < b->y + b->height + gap && b->y < a->y + a->height + gap;
}

/* Whether @label covers a border of the vessel segments of @shown (every few scanlines). */
static gboolean
covers_a_vessel (const Label *label,
                 GPtrArray   *shown,
                 double       gap)
{
  for (guint i = 0; i < shown->len; i++)
    {
      const AngioVesselContour *c =
        angio_lesion_get_measurement (g_ptr_array_index (shown, i))->contour;

      for (guint k = 0; k < c->n; k += 2)
        {
          const AngioPoint *p[] = { &c->left[k], &c->right[k] };

          for (guint j = 0; j < G_N_ELEMENTS (p); j++)
            if (p[j]->x > label->x - gap && p[j]->x < label->x + label->width + gap &&
                p[j]->y > label->y - gap && p[j]->y < label->y + label->height + gap)
              return TRUE;
        }
    }
  return FALSE;
}

/* The severity beside the lesion, off the lumen along the normal at the MLD: on the upper side
 * first, the text running away from the vessel; further out, or on the other side, when a
 * label already drawn or a vessel shown is there (lesions close together on small screens,
 * vessels that bend). */
static void
draw_label (AngioProposals *self,
            cairo_t        *cr,
            AngioLesion    *lesion,
            GPtrArray      *shown)
{
  const AngioStenosis *s = angio_lesion_get_measurement (lesion);
  AngioPoint centre = angio_lesion_get_center (lesion);
  double px = angio_cine_view_overlay_px (cr, 1), mm = angio_case_series_get_mm_per_px (self->case_series);
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  PangoFontDescription *font;
  PangoRectangle ink, logical;
  double w, h;
  AngioPoint normal;
  Label best = { lesion, 0, 0, 0, 0 };
  gboolean found = FALSE;

  if (isfinite (mm))
    /* Translators: beside a proposed lesion on the image: diameter stenosis and minimum lumen
     * diameter, e.g. "62 % · MLD 2.10 mm" (the units as the panel writes them) */
    text = g_strdup_printf (_("%.0f %% · MLD %.2f mm"), s->qca->percent_ds, s->qca->mld_px * mm);
  else
    /* Translators: beside a proposed lesion on an uncalibrated image, e.g. "62 %" */
    text = g_strdup_printf (_("%.0f %%"), s->qca->percent_ds);
  if (s->confidence > 0 && angio_lesion_get_status (lesion) == ANGIO_STATUS_PROPOSED)
    {
      /* Translators: a proposed lesion's label (above) and how sure the detector that proposed
       * it was, 0 to 1, e.g. "62 % · MLD 2.10 mm · confidence 0.87" */
      char *with = g_strdup_printf (_("%s · confidence %.2f"), text, s->confidence);

      g_free (text);
      text = with;
    }
  /* Pango, not Cairo's own text: it finds a font for every script (Chinese too). */
  layout = pango_cairo_create_layout (cr);
  font = pango_font_description_from_string ("Sans Bold");
  pango_font_description_set_absolute_size (font, 13 * px * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_extents (layout, &ink, &logical);
  w = (double) logical.width / PANGO_SCALE;
  h = (double) logical.height / PANGO_SCALE;
  normal = s->contour->normal[MIN (s->qca->mld_index, s->contour->n - 1)];
  if (normal.y > 0 || (normal.y == 0 && normal.x < 0))
    normal = (AngioPoint) { -normal.x, -normal.y };
  for (guint attempt = 0; attempt < 8 && !found; attempt++)
    {
      /* Upper side, other side, then each a line further out. */
      AngioPoint n = attempt % 2 == 0 ? normal : (AngioPoint) { -normal.x, -normal.y };
      double away = 0.5 * s->qca->ref_px + 10 * px + (attempt / 2) * (h + 6 * px);
      Label candidate = { lesion, centre.x + n.x * away, centre.y + n.y * away, w, h };

      /* The box away from the vessel, on the side of the normal. */
      if (n.x < -0.3)
        candidate.x -= w;
      else if (n.x < 0.3)
        candidate.x -= w / 2;
      candidate.y -= n.y < -0.5 ? h : n.y > 0.5 ? 0 : h / 2;
      found = !covers_a_vessel (&candidate, shown, 2 * px);
      for (guint i = 0; i < self->labels->len && found; i++)
        found = !labels_overlap (&candidate, &g_array_index (self->labels, Label, i), 4 * px);
      if (found || attempt == 0)
        best = candidate;
    }
  g_array_append_val (self->labels, best);
  cairo_move_to (cr, best.x, best.y);
  pango_cairo_layout_path (cr, layout);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.7);
  cairo_set_line_width (cr, 3 * px);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke_preserve (cr);
  set_lesion_colour (cr, lesion);
  cairo_fill (cr);
}

/* The lesions of @frame drawn: not the rejected ones (transfer full: element-type AngioLesion),
 * the selected one first, then the most severe first — they get the best places for labels. */
static GPtrArray *
lesions_shown (AngioProposals *self,
               guint           frame)
{
  GListModel *lesions = angio_case_series_get_lesions (self->case_series);
  GPtrArray *shown = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (lesions); i++)
    {
      AngioLesion *lesion = g_list_model_get_item (lesions, i);

      if (angio_lesion_get_frame (lesion) == frame
          && angio_lesion_get_status (lesion) != ANGIO_STATUS_REJECTED)
        g_ptr_array_add (shown, lesion);
      else
        g_object_unref (lesion);
    }
  g_ptr_array_sort_with_data (shown, compare_for_labels, self);
  return shown;
}

static void
draw_pending (AngioProposals *self,
              cairo_t        *cr)
{
  double px = angio_cine_view_overlay_px (cr, 1), r = 7 * px;
  AngioPoint p = self->pending;

  cairo_move_to (cr, p.x - r, p.y);
  cairo_line_to (cr, p.x + r, p.y);
  cairo_move_to (cr, p.x, p.y - r);
  cairo_line_to (cr, p.x, p.y + r);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
  cairo_set_line_width (cr, 3.5 * px);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 0.35, 0.8, 1.0);
  cairo_set_line_width (cr, 1.5 * px);
  cairo_stroke (cr);
}

static void
on_draw_overlay (AngioProposals *self,
                 cairo_t        *cr)
{
  g_autoptr(GPtrArray) shown = NULL;

  g_array_set_size (self->labels, 0);
  if (self->has_pending)
    draw_pending (self, cr);
  if (self->case_series == NULL)
    return;
  shown = lesions_shown (self, angio_cine_view_get_frame (self->view));
  for (guint i = shown->len; i-- > 0;)
    draw_outline (self, cr, g_ptr_array_index (shown, i));
  for (guint i = 0; i < shown->len; i++)
    draw_label (self, cr, g_ptr_array_index (shown, i), shown);
}

/* Distance from @p to the segment @a @b. */
static double
segment_distance (AngioPoint p,
                  AngioPoint a,
                  AngioPoint b)
{
  double dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy;
  double t = l2 > 0 ? CLAMP (((p.x - a.x) * dx + (p.y - a.y) * dy) / l2, 0, 1) : 0;

  return hypot (p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/* @p inside the closed @outline (even-odd), or within @tolerance of its edge. */
static gboolean
outline_hit (const GArray *outline,
             AngioPoint    p,
             double        tolerance)
{
  gboolean inside = FALSE;

  for (guint i = 0, j = outline->len - 1; i < outline->len; j = i++)
    {
      AngioPoint a = g_array_index (outline, AngioPoint, i);
      AngioPoint b = g_array_index (outline, AngioPoint, j);

      if (segment_distance (p, a, b) <= tolerance)
        return TRUE;
      if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
        inside = !inside;
    }
  return inside;
}

gboolean
angio_proposals_get_label_box (AngioProposals  *self,
                               AngioLesion     *lesion,
                               graphene_rect_t *box)
{
  g_return_val_if_fail (ANGIO_IS_PROPOSALS (self), FALSE);

  for (guint i = 0; i < self->labels->len; i++)
    {
      const Label *label = &g_array_index (self->labels, Label, i);

      if (label->lesion == lesion)
        {
          graphene_rect_init (box, label->x, label->y, label->width, label->height);
          return TRUE;
        }
    }
  return FALSE;
}

AngioLesion *
angio_proposals_lesion_at (AngioProposals *self,
                           AngioPoint      p,
                           double          tolerance)
{
  g_autoptr(GPtrArray) shown = NULL;

  g_return_val_if_fail (ANGIO_IS_PROPOSALS (self), NULL);

  if (self->case_series == NULL)
    return NULL;
  /* The labels as last drawn: they are what the eye picks first — one under the pointer before
   * one only near it (labels of close lesions can be nearer each other than the tolerance). */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->labels->len; i++)
      {
        const Label *label = &g_array_index (self->labels, Label, i);
        double t = pass == 0 ? 0 : tolerance;

        if (p.x >= label->x - t && p.x <= label->x + label->width + t &&
            p.y >= label->y - t && p.y <= label->y + label->height + t)
          return label->lesion;
      }
  shown = lesions_shown (self, angio_cine_view_get_frame (self->view));
  for (guint i = 0; i < shown->len; i++)
    {
      AngioLesion *lesion = g_ptr_array_index (shown, i);
      g_autoptr(GArray) outline = angio_lesion_get_outline (lesion);

      if (outline->len >= 3 && outline_hit (outline, p, tolerance))
        return lesion;
    }
  return NULL;
}

static gboolean
frame_has_lesion (AngioProposals *self,
                  guint           frame)
{
  GListModel *lesions;

  if (self->case_series == NULL)
    return FALSE;
  lesions = angio_case_series_get_lesions (self->case_series);
  for (guint i = 0; i < g_list_model_get_n_items (lesions); i++)
    {
      g_autoptr(AngioLesion) lesion = g_list_model_get_item (lesions, i);

      if (angio_lesion_get_frame (lesion) == frame)
        return TRUE;
    }
  return FALSE;
}

/* The view draws a Cairo layer over the whole image only when a handler is connected and not
 * blocked: that layer costs time at every frame of playback, so it is there only on the frames
 * that show a lesion. */
static void
update_overlay (AngioProposals *self)
{
  gboolean wanted = self->has_pending ||
                    frame_has_lesion (self, angio_cine_view_get_frame (self->view));

  if (wanted == !self->overlay_blocked)
    return;
  if (wanted)
    g_signal_handler_unblock (self->view, self->overlay_handler);
  else
    g_signal_handler_block (self->view, self->overlay_handler);
  self->overlay_blocked = !wanted;
  gtk_widget_queue_draw (GTK_WIDGET (self->view));
}

static void
update_timeline (AngioProposals *self)
{
  g_autoptr(GArray) markers = g_array_new (FALSE, FALSE, sizeof (AngioTimelineMarker));
  const double *curve = NULL;
  guint n_curve = 0;

  if (self->case_series != NULL)
    {
      GListModel *key_frames = angio_case_series_get_key_frames (self->case_series);

      curve = angio_case_series_get_opacification (self->case_series, &n_curve);
      for (guint i = 0; i < g_list_model_get_n_items (key_frames); i++)
        {
          g_autoptr(AngioKeyFrame) key = g_list_model_get_item (key_frames, i);
          AngioTimelineMarker marker = {
            angio_key_frame_get_frame (key),
            angio_key_frame_get_status (key) == ANGIO_STATUS_ACCEPTED ? ANGIO_MARKER_ACCEPTED
                                                                     : ANGIO_MARKER_PROPOSED,
          };

          if (angio_key_frame_get_status (key) != ANGIO_STATUS_REJECTED)
            g_array_append_val (markers, marker);
        }
    }
  angio_timeline_set_curve (self->timeline, curve, n_curve);
  angio_timeline_set_markers (self->timeline, (AngioTimelineMarker *) markers->data,
                              markers->len);
}

/* Running */

static void
set_running (AngioProposals *self,
             GCancellable   *cancellable)
{
  gboolean was = self->cancellable != NULL;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, cancellable);
  if (was != (cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
analysis_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AngioProposals) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AngioAnalysis) analysis = angio_analysis_run_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->case_series == NULL)
    return;
  set_running (self, NULL);
  if (analysis == NULL)
    {
      g_autofree char *name = g_filename_display_basename (angio_series_get_path (self->series));
      /* Translators: %s is a file name, the second %s the reason */
      g_autofree char *message = g_strdup_printf (_("No proposals for %s: %s"), name,
                                                  error->message);

      g_signal_emit (self, signals[MESSAGE], 0, message);
      return;
    }
  angio_case_series_apply_analysis (self->case_series, analysis);
  for (guint i = 0; i < analysis->warnings->len; i++)
    g_signal_emit (self, signals[MESSAGE], 0, g_ptr_array_index (analysis->warnings, i));
  g_signal_emit (self, signals[ANALYSED], 0);
}

/* Anything of the model changed: the timeline and the overlay follow. */
static void
on_case_series_changed (AngioProposals *self)
{
  /* The lesions may be other objects now (an undo reads them back): drawn again below. */
  g_array_set_size (self->labels, 0);
  update_timeline (self);
  update_overlay (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->view));
}

static void
start (AngioProposals *self)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AngioAnalysisParams params;

  g_clear_signal_handler (&self->load_handler, self->series);
  angio_analysis_params_init (&params);
  set_running (self, cancellable);
  angio_analysis_run_async (self->series, &params, cancellable, analysis_done,
                            g_object_ref (self));
}

static void
on_load_finished (AngioProposals *self,
                  const GError   *error,
                  AngioSeries    *series)
{
  g_clear_signal_handler (&self->load_handler, self->series);
  if (error == NULL)
    start (self);
}

void
angio_proposals_set_case_series (AngioProposals  *self,
                                 AngioCaseSeries *case_series)
{
  AngioSeries *series;

  g_return_if_fail (ANGIO_IS_PROPOSALS (self));
  g_return_if_fail (case_series == NULL || ANGIO_IS_CASE_SERIES (case_series));

  if (case_series == self->case_series)
    return;
  series = case_series ? angio_case_series_get_series (case_series) : NULL;
  set_running (self, NULL);
  if (self->series != NULL)
    g_clear_signal_handler (&self->load_handler, self->series);
  if (self->case_series != NULL)
    g_signal_handlers_disconnect_by_data (self->case_series, self);
  g_set_object (&self->series, series);
  g_set_object (&self->case_series, case_series);
  self->selected = NULL;
  g_array_set_size (self->labels, 0);
  self->has_pending = FALSE;
  if (case_series != NULL)
    g_signal_connect_swapped (case_series, "changed", G_CALLBACK (on_case_series_changed), self);
  /* The analysis runs once per series; its proposals are kept with the case. */
  if (series != NULL && !angio_case_series_get_analysed (case_series))
    {
      if (angio_series_is_complete (series))
        start (self);
      else
        self->load_handler = g_signal_connect_swapped (series, "load-finished",
                                                       G_CALLBACK (on_load_finished), self);
    }
  on_case_series_changed (self);
}

void
angio_proposals_set_series (AngioProposals *self,
                            AngioSeries    *series)
{
  g_autoptr(AngioCaseSeries) case_series = NULL;

  g_return_if_fail (ANGIO_IS_PROPOSALS (self));
  g_return_if_fail (series == NULL || ANGIO_IS_SERIES (series));

  if (series != NULL && series == self->series)
    return;
  if (series != NULL)
    case_series = angio_case_series_new (series);
  angio_proposals_set_case_series (self, case_series);
}

void
angio_proposals_set_selected (AngioProposals *self,
                              AngioLesion    *lesion)
{
  g_return_if_fail (ANGIO_IS_PROPOSALS (self));

  self->selected = lesion;
  gtk_widget_queue_draw (GTK_WIDGET (self->view));
}

void
angio_proposals_set_pending_point (AngioProposals   *self,
                                   const AngioPoint *point)
{
  g_return_if_fail (ANGIO_IS_PROPOSALS (self));

  self->has_pending = point != NULL;
  if (point != NULL)
    self->pending = *point;
  update_overlay (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->view));
}

AngioCaseSeries *
angio_proposals_get_case_series (AngioProposals *self)
{
  g_return_val_if_fail (ANGIO_IS_PROPOSALS (self), NULL);

  return self->case_series;
}

gboolean
angio_proposals_get_running (AngioProposals *self)
{
  g_return_val_if_fail (ANGIO_IS_PROPOSALS (self), FALSE);

  return self->cancellable != NULL;
}

AngioProposals *
angio_proposals_new (AngioCineView *view,
                     AngioTimeline *timeline)
{
  AngioProposals *self;

  g_return_val_if_fail (ANGIO_IS_CINE_VIEW (view), NULL);
  g_return_val_if_fail (ANGIO_IS_TIMELINE (timeline), NULL);

  self = g_object_new (ANGIO_TYPE_PROPOSALS, NULL);
  self->view = g_object_ref (view);
  self->timeline = g_object_ref (timeline);
  self->overlay_handler = g_signal_connect_swapped (view, "draw-overlay",
                                                    G_CALLBACK (on_draw_overlay), self);
  g_signal_handler_block (view, self->overlay_handler);
  self->overlay_blocked = TRUE;
  self->frame_handler = g_signal_connect_swapped (view, "notify::frame",
                                                  G_CALLBACK (update_overlay), self);
  return self;
}

static void
angio_proposals_dispose (GObject *object)
{
  AngioProposals *self = ANGIO_PROPOSALS (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->series != NULL)
    g_clear_signal_handler (&self->load_handler, self->series);
  if (self->view != NULL)
    {
      g_clear_signal_handler (&self->overlay_handler, self->view);
      g_clear_signal_handler (&self->frame_handler, self->view);
    }
  g_clear_object (&self->view);
  g_clear_object (&self->timeline);
  g_clear_object (&self->series);
  if (self->case_series != NULL)
    g_signal_handlers_disconnect_by_data (self->case_series, self);
  g_clear_object (&self->case_series);
  G_OBJECT_CLASS (angio_proposals_parent_class)->dispose (object);
}

static void
angio_proposals_finalize (GObject *object)
{
  AngioProposals *self = ANGIO_PROPOSALS (object);

  g_array_unref (self->labels);
  G_OBJECT_CLASS (angio_proposals_parent_class)->finalize (object);
}

static void
angio_proposals_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AngioProposals *self = ANGIO_PROPOSALS (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, angio_proposals_get_running (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_proposals_class_init (AngioProposalsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = angio_proposals_dispose;
  object_class->finalize = angio_proposals_finalize;
  object_class->get_property = angio_proposals_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AngioProposals::message:
   * @text: for the user (translated): a warning of the analysis, or why it failed
   */
  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * AngioProposals::analysed:
   * The analysis put its proposals into the case series.
   */
  signals[ANALYSED] =
    g_signal_new ("analysed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
angio_proposals_init (AngioProposals *self)
{
  self->labels = g_array_new (FALSE, FALSE, sizeof (Label));
}
