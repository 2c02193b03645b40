/* angio-lesion-editor.c — dragging borders and markers of a lesion on the cine view. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "angio-lesion.h"
#include "angio-lesion-editor.h"

/* A handle is grabbed this close to the pointer, in screen pixels. */
#define GRAB_PX 8.0
/* A border point dragged this close to one already placed on the same border (in scanlines)
 * moves it instead of adding another. */
#define SAME_POINT_SCANLINES 6
/* Narrowest lumen a dragged border leaves, pixels from the centerline. */
#define MIN_OFFSET_PX 0.05

struct _AngioLesionEditor
{
  GObject parent_instance;

  AngioCineView *view;
  AngioCaseSeries *case_series;
  AngioLesion *lesion;
  gboolean enabled;
  gint hover;
  gulong draw_handler;
  gboolean draw_blocked;
  GtkGesture *drag;

  /* The drag under way */
  AngioHandle handle;
  guint scanline;            /* of the border point dragged */
  AngioPoint start;          /* image point pressed */
  gboolean changed;
};

G_DEFINE_FINAL_TYPE (AngioLesionEditor, angio_lesion_editor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HOVER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  EDITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The lesion is on show and may be corrected. */
static gboolean
editable (AngioLesionEditor *self)
{
  return self->enabled && self->lesion != NULL && self->case_series != NULL &&
         angio_lesion_get_frame (self->lesion) == angio_cine_view_get_frame (self->view) &&
         angio_lesion_get_status (self->lesion) != ANGIO_STATUS_REJECTED;
}

static const AngioStenosis *
measurement (AngioLesionEditor *self)
{
  return angio_lesion_get_measurement (self->lesion);
}

/* Screen distance between image points. */
static double
screen_distance (AngioLesionEditor *self,
                 AngioPoint         a,
                 AngioPoint         b)
{
  double ax, ay, bx, by;

  angio_cine_view_image_to_widget (self->view, a.x, a.y, &ax, &ay);
  angio_cine_view_image_to_widget (self->view, b.x, b.y, &bx, &by);
  return hypot (ax - bx, ay - by);
}

/* Screen distance from @p to the segment @a–@b. */
static double
screen_distance_to_segment (AngioLesionEditor *self,
                            AngioPoint         p,
                            AngioPoint         a,
                            AngioPoint         b)
{
  AngioPoint d = { b.x - a.x, b.y - a.y };
  double len2 = d.x * d.x + d.y * d.y;
  double t = len2 > 0 ? CLAMP (((p.x - a.x) * d.x + (p.y - a.y) * d.y) / len2, 0, 1) : 0;

  return screen_distance (self, p, (AngioPoint) { a.x + t * d.x, a.y + t * d.y });
}

/* The line across the vessel at fractional scanline @position, a little beyond both borders. */
static void
across_at (const AngioStenosis *m,
           double               position,
           AngioPoint          *a,
           AngioPoint          *b)
{
  AngioPoint l = angio_qca_point_at (m->qca, m->contour->left, position);
  AngioPoint r = angio_qca_point_at (m->qca, m->contour->right, position);
  AngioPoint n = m->contour->normal[MIN ((guint) lround (position), m->contour->n - 1)];
  double reach = 0.25 * m->qca->ref_px + 2;

  *a = (AngioPoint) { l.x + reach * n.x, l.y + reach * n.y };
  *b = (AngioPoint) { r.x - reach * n.x, r.y - reach * n.y };
}

/* The scanline whose centerline point is nearest to @p. */
static guint
nearest_scanline (const AngioVesselContour *c,
                  AngioPoint                p,
                  double                   *distance)
{
  guint best = 0;
  double best_d = G_MAXDOUBLE;

  for (guint i = 0; i < c->n; i++)
    {
      double d = hypot (c->centerline[i].x - p.x, c->centerline[i].y - p.y);

      if (d < best_d)
        best_d = d, best = i;
    }
  if (distance != NULL)
    *distance = best_d;
  return best;
}

static AngioHandle
hit (AngioLesionEditor *self,
     AngioPoint         p,
     guint             *scanline)
{
  const AngioStenosis *m;
  const AngioVesselContour *c;
  struct { AngioHandle handle; double position; } lines[4];
  AngioHandle best = ANGIO_HANDLE_NONE;
  double best_d = GRAB_PX;

  if (!editable (self))
    return ANGIO_HANDLE_NONE;
  m = measurement (self);
  c = m->contour;
  lines[0].handle = ANGIO_HANDLE_LESION_PROX;
  lines[0].position = m->qca->prox_position;
  lines[1].handle = ANGIO_HANDLE_LESION_DIST;
  lines[1].position = m->qca->dist_position;
  lines[2].handle = ANGIO_HANDLE_MARKER_PROX;
  lines[2].position = m->qca->marker_prox;
  lines[3].handle = ANGIO_HANDLE_MARKER_DIST;
  lines[3].position = m->qca->marker_dist;
  /* The lines across the vessel first: they lie over the borders. */
  for (guint k = 0; k < G_N_ELEMENTS (lines); k++)
    {
      AngioPoint a, b;
      double d;

      across_at (m, lines[k].position, &a, &b);
      d = screen_distance_to_segment (self, p, a, b);
      if (d < best_d)
        best_d = d, best = lines[k].handle;
    }
  if (best != ANGIO_HANDLE_NONE)
    return best;
  for (guint i = 0; i < c->n; i++)
    {
      double dl = screen_distance (self, p, c->left[i]);
      double dr = screen_distance (self, p, c->right[i]);

      if (dl < best_d)
        best_d = dl, best = ANGIO_HANDLE_LEFT_EDGE, *scanline = i;
      if (dr < best_d)
        best_d = dr, best = ANGIO_HANDLE_RIGHT_EDGE, *scanline = i;
    }
  return best;
}

AngioHandle
angio_lesion_editor_hit (AngioLesionEditor *self,
                         AngioPoint         at)
{
  guint scanline;

  g_return_val_if_fail (ANGIO_IS_LESION_EDITOR (self), ANGIO_HANDLE_NONE);
  return hit (self, at, &scanline);
}

/* Moving */

static void
move_edge (AngioLesionEditor *self,
           AngioPoint         p)
{
  const AngioVesselContour *c = measurement (self)->contour;
  gboolean left = self->handle == ANGIO_HANDLE_LEFT_EDGE;
  AngioPoint centre = c->centerline[self->scanline], n = c->normal[self->scanline];
  double offset = (p.x - centre.x) * n.x + (p.y - centre.y) * n.y;
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (AngioEdgeConstraint));
  AngioFrameContext *context;
  AngioEdgeConstraint point;
  const AngioEdgeConstraint *old;
  guint n_old;

  context = angio_case_series_get_frame_context (self->case_series,
                                                 angio_lesion_get_frame (self->lesion));
  if (context == NULL)
    return;
  point.scanline = self->scanline;
  point.left = left;
  point.offset_px = left ? MAX (offset, MIN_OFFSET_PX) : MIN (offset, -MIN_OFFSET_PX);
  /* The point replaces one placed close to it on the same border. */
  old = angio_lesion_get_edge_constraints (self->lesion, &n_old);
  for (guint i = 0; i < n_old; i++)
    if (old[i].left != left || abs ((gint) old[i].scanline - (gint) self->scanline) >
        SAME_POINT_SCANLINES)
      g_array_append_val (points, old[i]);
  g_array_append_val (points, point);
  if (angio_lesion_set_edge_constraints (self->lesion, context,
                                         (AngioEdgeConstraint *) points->data, points->len,
                                         NULL))
    self->changed = TRUE;
}

static void
move_line (AngioLesionEditor *self,
           AngioPoint         p)
{
  const AngioStenosis *m = measurement (self);
  AngioQcaParams params = *angio_lesion_get_qca_params (self->lesion);
  gint i = nearest_scanline (m->contour, p, NULL), n = m->contour->n;

  switch (self->handle)
    {
    case ANGIO_HANDLE_LESION_PROX:
    case ANGIO_HANDLE_LESION_DIST:
      /* Both borders are the annotator's once one is moved. */
      if (params.lesion_prox == ANGIO_QCA_AUTO || params.lesion_dist == ANGIO_QCA_AUTO)
        {
          params.lesion_prox = m->qca->prox_index;
          params.lesion_dist = m->qca->dist_index;
        }
      if (self->handle == ANGIO_HANDLE_LESION_PROX)
        params.lesion_prox = CLAMP (i, 0, params.lesion_dist - 1);
      else
        params.lesion_dist = CLAMP (i, params.lesion_prox + 1, n - 1);
      break;
    case ANGIO_HANDLE_MARKER_PROX:
    case ANGIO_HANDLE_MARKER_DIST:
      params.marker_prox = m->qca->marker_prox;
      params.marker_dist = m->qca->marker_dist;
      if (self->handle == ANGIO_HANDLE_MARKER_PROX)
        params.marker_prox = CLAMP (i, 0, params.marker_dist - 4);
      else
        params.marker_dist = CLAMP (i, params.marker_prox + 4, n - 1);
      break;
    default:
      return;
    }
  if (memcmp (&params, angio_lesion_get_qca_params (self->lesion), sizeof params) != 0 &&
      angio_lesion_remeasure (self->lesion, &params))
    self->changed = TRUE;
}

static void
drag_to (AngioLesionEditor *self,
         AngioPoint         p)
{
  if (self->handle == ANGIO_HANDLE_LEFT_EDGE || self->handle == ANGIO_HANDLE_RIGHT_EDGE)
    move_edge (self, p);
  else
    move_line (self, p);
  angio_lesion_editor_set_hover (self, self->handle == ANGIO_HANDLE_LEFT_EDGE ||
                                       self->handle == ANGIO_HANDLE_RIGHT_EDGE
                                       ? (gint) self->scanline
                                       : (gint) nearest_scanline (measurement (self)->contour,
                                                                  p, NULL));
}

static gboolean
drag_begin (AngioLesionEditor *self,
            AngioPoint         p)
{
  self->changed = FALSE;
  self->handle = hit (self, p, &self->scanline);
  self->start = p;
  return self->handle != ANGIO_HANDLE_NONE;
}

static void
drag_end (AngioLesionEditor *self)
{
  g_autofree char *what = NULL;
  const char *id;

  if (self->handle == ANGIO_HANDLE_NONE)
    return;
  id = angio_lesion_get_id (self->lesion);
  switch (self->handle)
    {
    case ANGIO_HANDLE_LEFT_EDGE:
    case ANGIO_HANDLE_RIGHT_EDGE:
      /* Translators: history entries; %s is a lesion id */
      what = g_strdup_printf (_("%s: border corrected"), id);
      break;
    case ANGIO_HANDLE_LESION_PROX:
    case ANGIO_HANDLE_LESION_DIST:
      what = g_strdup_printf (_("%s: lesion borders moved"), id);
      break;
    default:
      what = g_strdup_printf (_("%s: reference markers moved"), id);
      break;
    }
  self->handle = ANGIO_HANDLE_NONE;
  if (self->changed)
    g_signal_emit (self, signals[EDITED], 0, what);
  self->changed = FALSE;
}

AngioHandle
angio_lesion_editor_drag (AngioLesionEditor *self,
                          AngioPoint         from,
                          AngioPoint         to)
{
  AngioHandle handle;

  g_return_val_if_fail (ANGIO_IS_LESION_EDITOR (self), ANGIO_HANDLE_NONE);

  if (!drag_begin (self, from))
    return ANGIO_HANDLE_NONE;
  handle = self->handle;
  /* Through the middle, as a pointer passes. */
  drag_to (self, (AngioPoint) { 0.5 * (from.x + to.x), 0.5 * (from.y + to.y) });
  drag_to (self, to);
  drag_end (self);
  return handle;
}

/* Pointer */

static AngioPoint
to_image (AngioLesionEditor *self,
          double             x,
          double             y)
{
  AngioPoint p;

  angio_cine_view_widget_to_image (self->view, x, y, &p.x, &p.y);
  return p;
}

static void
on_drag_begin (GtkGestureDrag    *gesture,
               double             x,
               double             y,
               AngioLesionEditor *self)
{
  /* Claimed: the view does not pan; denied: it does. */
  gtk_gesture_set_state (GTK_GESTURE (gesture),
                         drag_begin (self, to_image (self, x, y)) ? GTK_EVENT_SEQUENCE_CLAIMED
                                                                  : GTK_EVENT_SEQUENCE_DENIED);
}

static void
on_drag_update (GtkGestureDrag    *gesture,
                double             dx,
                double             dy,
                AngioLesionEditor *self)
{
  double x, y;

  if (self->handle == ANGIO_HANDLE_NONE || self->lesion == NULL)
    return;
  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  drag_to (self, to_image (self, x + dx, y + dy));
}

static void
on_drag_end (GtkGestureDrag    *gesture,
             double             dx,
             double             dy,
             AngioLesionEditor *self)
{
  if (self->lesion != NULL)
    drag_end (self);
  self->handle = ANGIO_HANDLE_NONE;
}

static const char *
cursor_for (AngioHandle handle)
{
  switch (handle)
    {
    case ANGIO_HANDLE_LEFT_EDGE:
    case ANGIO_HANDLE_RIGHT_EDGE:
      return "grab";
    case ANGIO_HANDLE_NONE:
      return NULL;
    default:
      return "col-resize";
    }
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           AngioLesionEditor        *self)
{
  AngioPoint p = to_image (self, x, y);
  guint scanline = 0;
  double distance;
  AngioHandle handle;

  if (self->handle != ANGIO_HANDLE_NONE || !self->enabled)
    return;
  handle = hit (self, p, &scanline);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->view), cursor_for (handle));
  if (!editable (self))
    return;
  /* Over the vessel: the plot shows where. */
  scanline = nearest_scanline (measurement (self)->contour, p, &distance);
  angio_lesion_editor_set_hover (self, distance <= measurement (self)->qca->ref_px
                                       ? (gint) scanline : -1);
}

static void
on_leave (GtkEventControllerMotion *controller,
          AngioLesionEditor        *self)
{
  if (self->handle == ANGIO_HANDLE_NONE)
    angio_lesion_editor_set_hover (self, -1);
}

/* Drawing */

static void
stroke_line (cairo_t   *cr,
             AngioPoint a,
             AngioPoint b,
             double     px,
             double     r,
             double     g,
             double     bl)
{
  cairo_move_to (cr, a.x, a.y);
  cairo_line_to (cr, b.x, b.y);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
  cairo_set_line_width (cr, 4 * px);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, r, g, bl);
  cairo_set_line_width (cr, 2 * px);
  cairo_stroke (cr);
}

static void
on_draw_overlay (AngioLesionEditor *self,
                 cairo_t           *cr)
{
  const AngioStenosis *m;
  const AngioEdgeConstraint *points;
  double px = 1, zero = 0;
  guint n_points;
  AngioPoint a, b;

  if (!editable (self))
    return;
  m = measurement (self);
  cairo_device_to_user_distance (cr, &px, &zero);
  px = fabs (px);
  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  /* Reference markers: blue; lesion borders: orange. */
  across_at (m, m->qca->marker_prox, &a, &b);
  stroke_line (cr, a, b, px, 0.35, 0.7, 1.0);
  across_at (m, m->qca->marker_dist, &a, &b);
  stroke_line (cr, a, b, px, 0.35, 0.7, 1.0);
  across_at (m, m->qca->prox_position, &a, &b);
  stroke_line (cr, a, b, px, 1.0, 0.6, 0.2);
  across_at (m, m->qca->dist_position, &a, &b);
  stroke_line (cr, a, b, px, 1.0, 0.6, 0.2);
  if (self->hover >= 0 && (guint) self->hover < m->contour->n)
    {
      across_at (m, self->hover, &a, &b);
      stroke_line (cr, a, b, px * 0.6, 1, 1, 1);
    }
  /* The annotator's border points. */
  points = angio_lesion_get_edge_constraints (self->lesion, &n_points);
  for (guint i = 0; i < n_points; i++)
    {
      const AngioPoint *border = points[i].left ? m->contour->left : m->contour->right;
      AngioPoint p = border[points[i].scanline];

      cairo_new_sub_path (cr);
      cairo_arc (cr, p.x, p.y, 3.5 * px, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.7);
      cairo_set_line_width (cr, 1.2 * px);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/* The view draws an overlay only while some handler is unblocked (see angio-proposals.c). */
static void
update_drawing (AngioLesionEditor *self)
{
  gboolean wanted = editable (self);

  if (wanted == !self->draw_blocked)
    {
      gtk_widget_queue_draw (GTK_WIDGET (self->view));
      return;
    }
  if (wanted)
    g_signal_handler_unblock (self->view, self->draw_handler);
  else
    g_signal_handler_block (self->view, self->draw_handler);
  self->draw_blocked = !wanted;
  gtk_widget_queue_draw (GTK_WIDGET (self->view));
}

/* Object */

static void
angio_lesion_editor_dispose (GObject *object)
{
  AngioLesionEditor *self = ANGIO_LESION_EDITOR (object);

  angio_lesion_editor_set_lesion (self, NULL, NULL);
  if (self->view != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->view, self);
      gtk_widget_remove_controller (GTK_WIDGET (self->view), GTK_EVENT_CONTROLLER (self->drag));
      g_clear_weak_pointer (&self->view);
    }
  G_OBJECT_CLASS (angio_lesion_editor_parent_class)->dispose (object);
}

static void
angio_lesion_editor_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AngioLesionEditor *self = ANGIO_LESION_EDITOR (object);

  switch (prop_id)
    {
    case PROP_HOVER:
      g_value_set_int (value, self->hover);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_lesion_editor_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AngioLesionEditor *self = ANGIO_LESION_EDITOR (object);

  switch (prop_id)
    {
    case PROP_HOVER:
      angio_lesion_editor_set_hover (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_lesion_editor_class_init (AngioLesionEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = angio_lesion_editor_dispose;
  object_class->get_property = angio_lesion_editor_get_property;
  object_class->set_property = angio_lesion_editor_set_property;

  properties[PROP_HOVER] =
    g_param_spec_int ("hover", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AngioLesionEditor::edited:
   * @description: what was done, for the history
   *
   * A drag has changed the lesion.
   */
  signals[EDITED] = g_signal_new ("edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
angio_lesion_editor_init (AngioLesionEditor *self)
{
  self->hover = -1;
  self->enabled = TRUE;
}

AngioLesionEditor *
angio_lesion_editor_new (AngioCineView *view)
{
  AngioLesionEditor *self;
  GtkEventController *motion;

  g_return_val_if_fail (ANGIO_IS_CINE_VIEW (view), NULL);

  self = g_object_new (ANGIO_TYPE_LESION_EDITOR, NULL);
  g_set_weak_pointer (&self->view, view);
  /* Before the view's own pan, which a grabbed handle denies. */
  self->drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->drag), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (self->drag),
                                              GTK_PHASE_CAPTURE);
  g_signal_connect (self->drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (self->drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (self->drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (view), GTK_EVENT_CONTROLLER (self->drag));
  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (view), motion);
  self->draw_handler = g_signal_connect_swapped (view, "draw-overlay",
                                                 G_CALLBACK (on_draw_overlay), self);
  g_signal_handler_block (view, self->draw_handler);
  self->draw_blocked = TRUE;
  g_signal_connect_swapped (view, "notify::frame", G_CALLBACK (update_drawing), self);
  return self;
}

void
angio_lesion_editor_set_lesion (AngioLesionEditor *self,
                                AngioCaseSeries   *case_series,
                                AngioLesion       *lesion)
{
  g_return_if_fail (ANGIO_IS_LESION_EDITOR (self));

  if (self->lesion != NULL)
    g_signal_handlers_disconnect_by_data (self->lesion, self);
  self->handle = ANGIO_HANDLE_NONE;
  g_set_object (&self->case_series, case_series);
  g_set_object (&self->lesion, lesion);
  if (lesion != NULL)
    {
      g_signal_connect_swapped (lesion, "notify::qca", G_CALLBACK (update_drawing), self);
      g_signal_connect_swapped (lesion, "notify::status", G_CALLBACK (update_drawing), self);
    }
  angio_lesion_editor_set_hover (self, -1);
  if (self->view != NULL)
    update_drawing (self);
}

void
angio_lesion_editor_set_enabled (AngioLesionEditor *self,
                                 gboolean           enabled)
{
  g_return_if_fail (ANGIO_IS_LESION_EDITOR (self));

  self->enabled = enabled;
  update_drawing (self);
}

gint
angio_lesion_editor_get_hover (AngioLesionEditor *self)
{
  g_return_val_if_fail (ANGIO_IS_LESION_EDITOR (self), -1);
  return self->hover;
}

void
angio_lesion_editor_set_hover (AngioLesionEditor *self,
                               gint               scanline)
{
  g_return_if_fail (ANGIO_IS_LESION_EDITOR (self));

  if (scanline < -1 || self->lesion == NULL)
    scanline = -1;
  if (self->hover == scanline)
    return;
  self->hover = scanline;
  if (self->view != NULL && !self->draw_blocked)
    gtk_widget_queue_draw (GTK_WIDGET (self->view));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVER]);
}
