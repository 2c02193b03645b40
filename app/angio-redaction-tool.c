/* angio-redaction-tool.c — drawing, moving, resizing and removing the regions of a run that
 * export blacks out. */
#define G_LOG_DOMAIN "angio-redaction"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "angio-redaction-tool.h"

/* Screen pixels around a region's lower right corner that grab it for resizing. */
#define CORNER_PX 10.0

typedef enum {
  GRAB_NONE,
  GRAB_NEW,
  GRAB_MOVE,
  GRAB_RESIZE,
} Grab;

struct _AngioRedactionTool {
  GObject parent_instance;
  AngioCineView *view;          /* weak */
  AngioCaseSeries *case_series;
  gboolean active;
  GtkGesture *drag;
  GtkGesture *right_click;
  gulong draw_handler;

  /* The drag under way */
  Grab grab;
  guint index;                  /* of the region moved or resized */
  AngioPoint start;             /* image coordinates */
  AngioDicomRect original;
  AngioDicomRect preview;       /* where the region is while dragged */
};

G_DEFINE_FINAL_TYPE (AngioRedactionTool, angio_redaction_tool, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  EDITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static AngioPoint
to_image (AngioRedactionTool *self,
          double              x,
          double              y)
{
  AngioPoint p;

  angio_cine_view_widget_to_image (self->view, x, y, &p.x, &p.y);
  return p;
}

/* The pixel under image point @v along one axis of @size pixels (pixel centres at integers). */
static guint
pixel_at (double v,
          guint  size)
{
  return (guint) CLAMP (floor (v + 0.5), 0, (double) size - 1);
}

/* The pixels between two image points, both included. */
static AngioDicomRect
rect_between (AngioRedactionTool *self,
              AngioPoint          a,
              AngioPoint          b)
{
  AngioSeries *series = angio_cine_view_get_series (self->view);
  guint cols = angio_series_get_cols (series), rows = angio_series_get_rows (series);
  guint x0 = pixel_at (MIN (a.x, b.x), cols), x1 = pixel_at (MAX (a.x, b.x), cols);
  guint y0 = pixel_at (MIN (a.y, b.y), rows), y1 = pixel_at (MAX (a.y, b.y), rows);

  return (AngioDicomRect) { x0, y0, x1 - x0 + 1, y1 - y0 + 1 };
}

/* The region under image point @p, topmost first, and whether @p is on its corner. */
static gboolean
hit (AngioRedactionTool *self,
     AngioPoint          p,
     guint              *index,
     gboolean           *corner)
{
  guint n;
  const AngioDicomRect *regions = angio_case_series_get_redactions (self->case_series, &n);
  double reach = CORNER_PX / MAX (angio_cine_view_get_zoom (self->view), 1e-6);

  for (guint i = n; i-- > 0;)
    {
      const AngioDicomRect *r = &regions[i];
      double right = r->x + r->width - 0.5, bottom = r->y + r->height - 0.5;

      if (fabs (p.x - right) <= reach && fabs (p.y - bottom) <= reach)
        {
          *index = i;
          *corner = TRUE;
          return TRUE;
        }
      if (p.x >= r->x - 0.5 && p.x <= right && p.y >= r->y - 0.5 && p.y <= bottom)
        {
          *index = i;
          *corner = FALSE;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
usable (AngioRedactionTool *self)
{
  return self->active && self->case_series != NULL && self->view != NULL &&
         angio_cine_view_get_series (self->view) != NULL;
}

static void
on_drag_begin (GtkGestureDrag     *gesture,
               double              x,
               double              y,
               AngioRedactionTool *self)
{
  gboolean corner;

  self->grab = GRAB_NONE;
  if (!usable (self))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->start = to_image (self, x, y);
  if (hit (self, self->start, &self->index, &corner))
    {
      guint n;

      self->grab = corner ? GRAB_RESIZE : GRAB_MOVE;
      self->original = angio_case_series_get_redactions (self->case_series, &n)[self->index];
    }
  else
    {
      self->grab = GRAB_NEW;
      self->original = rect_between (self, self->start, self->start);
    }
  self->preview = self->original;
  /* Claimed: the view does not pan while a region is drawn. */
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_queue_draw (GTK_WIDGET (self->view));
}

/* Where the region would be with the pointer at image point @p. */
static void
drag_to (AngioRedactionTool *self,
         AngioPoint          p)
{
  AngioSeries *series = angio_cine_view_get_series (self->view);
  double cols = angio_series_get_cols (series), rows = angio_series_get_rows (series);
  AngioDicomRect r = self->original;

  switch (self->grab)
    {
    case GRAB_NEW:
      r = rect_between (self, self->start, p);
      break;
    case GRAB_MOVE:
      r.x = (guint) CLAMP (r.x + lround (p.x - self->start.x), 0, cols - r.width);
      r.y = (guint) CLAMP (r.y + lround (p.y - self->start.y), 0, rows - r.height);
      break;
    case GRAB_RESIZE:
      r = rect_between (self, (AngioPoint) { r.x, r.y }, p);
      break;
    case GRAB_NONE:
      return;
    }
  self->preview = r;
  gtk_widget_queue_draw (GTK_WIDGET (self->view));
}

static void
on_drag_update (GtkGestureDrag     *gesture,
                double              dx,
                double              dy,
                AngioRedactionTool *self)
{
  double x, y;

  if (self->grab == GRAB_NONE || !usable (self))
    return;
  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  drag_to (self, to_image (self, x + dx, y + dy));
}

static void
on_drag_end (GtkGestureDrag     *gesture,
             double              dx,
             double              dy,
             AngioRedactionTool *self)
{
  Grab grab = self->grab;
  double x, y;

  self->grab = GRAB_NONE;
  if (grab == GRAB_NONE || !usable (self))
    return;
  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  self->grab = grab;
  drag_to (self, to_image (self, x + dx, y + dy));
  self->grab = GRAB_NONE;
  if (grab == GRAB_NEW)
    {
      /* A click is no region. */
      if (self->preview.width < 2 || self->preview.height < 2 ||
          angio_case_series_add_redaction (self->case_series, &self->preview) < 0)
        goto done;
      g_signal_emit (self, signals[EDITED], 0, _("Region blacked out for export"));
    }
  else if (angio_case_series_set_redaction (self->case_series, self->index, &self->preview))
    g_signal_emit (self, signals[EDITED], 0, grab == GRAB_MOVE
                                              ? _("Blacked-out region moved")
                                              : _("Blacked-out region resized"));
done:
  gtk_widget_queue_draw (GTK_WIDGET (self->view));
}

static void
on_right_click (GtkGestureClick    *gesture,
                int                 n_press,
                double              x,
                double              y,
                AngioRedactionTool *self)
{
  guint index;
  gboolean corner;

  if (!usable (self) || !hit (self, to_image (self, x, y), &index, &corner))
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (angio_case_series_remove_redaction (self->case_series, index))
    g_signal_emit (self, signals[EDITED], 0, _("Blacked-out region removed"));
  gtk_widget_queue_draw (GTK_WIDGET (self->view));
}

static void
draw_region (AngioRedactionTool   *self,
             cairo_t              *cr,
             const AngioDicomRect *r)
{
  double px = angio_cine_view_overlay_px (cr, 1);

  cairo_rectangle (cr, r->x - 0.5, r->y - 0.5, r->width, r->height);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_fill_preserve (cr);
  /* An outline, so that a black region shows on a black background too. */
  if (self->active)
    {
      double dash[] = { 6 * px, 4 * px };

      cairo_set_dash (cr, dash, 2, 0);
      cairo_set_source_rgb (cr, 1.0, 0.75, 0.0);
      cairo_set_line_width (cr, 2 * px);
    }
  else
    {
      cairo_set_source_rgba (cr, 0.6, 0.6, 0.6, 0.8);
      cairo_set_line_width (cr, px);
    }
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  if (self->active)
    {
      double s = CORNER_PX * px * 0.6;

      cairo_rectangle (cr, r->x + r->width - 0.5 - s, r->y + r->height - 0.5 - s, s, s);
      cairo_set_source_rgb (cr, 1.0, 0.75, 0.0);
      cairo_fill (cr);
    }
}

static void
on_draw_overlay (AngioRedactionTool *self,
                 cairo_t            *cr)
{
  guint n;
  const AngioDicomRect *regions;

  if (self->case_series == NULL ||
      angio_cine_view_get_series (self->view) != angio_case_series_get_series (self->case_series))
    return;
  regions = angio_case_series_get_redactions (self->case_series, &n);
  cairo_save (cr);
  for (guint i = 0; i < n; i++)
    if (self->grab == GRAB_NONE || self->grab == GRAB_NEW || i != self->index)
      draw_region (self, cr, &regions[i]);
  if (self->grab != GRAB_NONE)
    draw_region (self, cr, &self->preview);
  cairo_restore (cr);
}

static void
queue_draw (AngioRedactionTool *self)
{
  if (self->view != NULL)
    gtk_widget_queue_draw (GTK_WIDGET (self->view));
}

/* Object */

static void
angio_redaction_tool_dispose (GObject *object)
{
  AngioRedactionTool *self = ANGIO_REDACTION_TOOL (object);

  angio_redaction_tool_set_series (self, NULL);
  if (self->view != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->view, self);
      gtk_widget_remove_controller (GTK_WIDGET (self->view), GTK_EVENT_CONTROLLER (self->drag));
      gtk_widget_remove_controller (GTK_WIDGET (self->view),
                                    GTK_EVENT_CONTROLLER (self->right_click));
      g_clear_weak_pointer (&self->view);
    }
  G_OBJECT_CLASS (angio_redaction_tool_parent_class)->dispose (object);
}

static void
angio_redaction_tool_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  AngioRedactionTool *self = ANGIO_REDACTION_TOOL (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_redaction_tool_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  AngioRedactionTool *self = ANGIO_REDACTION_TOOL (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      angio_redaction_tool_set_active (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_redaction_tool_class_init (AngioRedactionToolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = angio_redaction_tool_dispose;
  object_class->get_property = angio_redaction_tool_get_property;
  object_class->set_property = angio_redaction_tool_set_property;

  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AngioRedactionTool::edited:
   * @description: what was done, for the history
   *
   * A region was drawn, moved, resized or removed.
   */
  signals[EDITED] = g_signal_new ("edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
angio_redaction_tool_init (AngioRedactionTool *self)
{
}

AngioRedactionTool *
angio_redaction_tool_new (AngioCineView *view)
{
  AngioRedactionTool *self;

  g_return_val_if_fail (ANGIO_IS_CINE_VIEW (view), NULL);

  self = g_object_new (ANGIO_TYPE_REDACTION_TOOL, NULL);
  g_set_weak_pointer (&self->view, view);
  /* Before the view's own pan and the lesion editor's drags. */
  self->drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->drag), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (self->drag),
                                              GTK_PHASE_CAPTURE);
  g_signal_connect (self->drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (self->drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (self->drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (view), GTK_EVENT_CONTROLLER (self->drag));
  self->right_click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->right_click), GDK_BUTTON_SECONDARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (self->right_click),
                                              GTK_PHASE_CAPTURE);
  g_signal_connect (self->right_click, "pressed", G_CALLBACK (on_right_click), self);
  gtk_widget_add_controller (GTK_WIDGET (view), GTK_EVENT_CONTROLLER (self->right_click));
  self->draw_handler = g_signal_connect_swapped (view, "draw-overlay",
                                                 G_CALLBACK (on_draw_overlay), self);
  return self;
}

void
angio_redaction_tool_set_series (AngioRedactionTool *self,
                                 AngioCaseSeries    *case_series)
{
  g_return_if_fail (ANGIO_IS_REDACTION_TOOL (self));

  if (self->case_series == case_series)
    return;
  if (self->case_series != NULL)
    g_signal_handlers_disconnect_by_data (self->case_series, self);
  self->grab = GRAB_NONE;
  g_set_object (&self->case_series, case_series);
  if (case_series != NULL)
    g_signal_connect_swapped (case_series, "changed", G_CALLBACK (queue_draw), self);
  queue_draw (self);
}

void
angio_redaction_tool_set_active (AngioRedactionTool *self,
                                 gboolean            active)
{
  g_return_if_fail (ANGIO_IS_REDACTION_TOOL (self));

  active = !!active;
  if (self->active == active)
    return;
  self->active = active;
  self->grab = GRAB_NONE;
  queue_draw (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

gboolean
angio_redaction_tool_get_active (AngioRedactionTool *self)
{
  g_return_val_if_fail (ANGIO_IS_REDACTION_TOOL (self), FALSE);

  return self->active;
}
