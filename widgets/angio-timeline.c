/* angio-timeline.c — frame ticks, playhead, decoded frames, key-frame markers and a curve,
 * drawn with Cairo in snapshot(). Dragging anywhere scrubs; clicking a marker jumps to it.
 * Frame numbers are shown 1-based, as DICOM viewers do; the API is 0-based. */
#define G_LOG_DOMAIN "angio-timeline"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "angio-timeline.h"

#define MARGIN 12.0
#define CURVE_HEIGHT 26.0
#define MARKER_RADIUS 5.0
#define PIN_HEIGHT 8.0
/* Predicted key frames: the colour the comparison draws the prediction in (#c061cb). */
#define PREDICTED_RGB 0xc0 / 255.0, 0x61 / 255.0, 0xcb / 255.0

struct _AngioTimeline
{
  GtkWidget parent_instance;

  guint n_frames;
  guint frame;
  guint n_ready;
  GArray *curve;       /* double */
  GArray *markers;     /* AngioTimelineMarker */
  gboolean scrubbing;
};

G_DEFINE_FINAL_TYPE (AngioTimeline, angio_timeline, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_N_FRAMES,
  PROP_FRAME,
  PROP_N_READY,
  PROP_SCRUBBING,
  N_PROPS
};

enum {
  MARKER_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

double
angio_timeline_frame_position (AngioTimeline *self,
                               guint          frame)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self)) - 2 * MARGIN;

  g_return_val_if_fail (ANGIO_IS_TIMELINE (self), 0);

  if (self->n_frames < 2)
    return MARGIN + width / 2;
  return MARGIN + width * frame / (self->n_frames - 1);
}

guint
angio_timeline_frame_at (AngioTimeline *self,
                         double         x)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self)) - 2 * MARGIN;
  double f;

  g_return_val_if_fail (ANGIO_IS_TIMELINE (self), 0);

  if (self->n_frames < 2 || width <= 0)
    return 0;
  f = round ((x - MARGIN) / width * (self->n_frames - 1));
  return (guint) CLAMP (f, 0, self->n_frames - 1);
}

static void
get_colors (AngioTimeline *self,
            GdkRGBA       *fg,
            GdkRGBA       *accent)
{
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (style, fg);
  if (!gtk_style_context_lookup_color (style, "accent_color", accent))
    *accent = (GdkRGBA) { 0.21, 0.52, 0.89, 1 };
}

/* A tick every 1, 5, 10, 25… frames, whichever keeps ticks at least 6 pixels apart. */
static guint
tick_step (AngioTimeline *self,
           double         min_spacing)
{
  static const guint steps[] = { 1, 5, 10, 25, 50, 100, 250, 500, 1000 };
  double width = gtk_widget_get_width (GTK_WIDGET (self)) - 2 * MARGIN;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (self->n_frames < 2 || width * steps[i] / (self->n_frames - 1) >= min_spacing)
      return steps[i];
  return 1000;
}

static void
draw_ticks (AngioTimeline *self,
            cairo_t       *cr,
            const GdkRGBA *fg,
            double         top,
            double         height)
{
  guint minor = tick_step (self, 6), major = tick_step (self, 48);
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 8");

  pango_layout_set_font_description (layout, font);
  gdk_cairo_set_source_rgba (cr, &(GdkRGBA) { fg->red, fg->green, fg->blue, 0.5 });
  cairo_set_line_width (cr, 1);
  for (guint f = 0; f < self->n_frames; f += minor)
    {
      double x = round (angio_timeline_frame_position (self, f)) + 0.5;
      gboolean is_major = f % major == 0;

      cairo_move_to (cr, x, top);
      cairo_line_to (cr, x, top + (is_major ? 8 : 4));
      if (is_major)
        {
          g_autofree char *label = g_strdup_printf ("%u", f + 1);
          int lw, lh;

          cairo_stroke (cr);
          pango_layout_set_text (layout, label, -1);
          pango_layout_get_pixel_size (layout, &lw, &lh);
          cairo_move_to (cr, CLAMP (x - lw / 2.0, 0, gtk_widget_get_width (GTK_WIDGET (self)) - lw),
                         top + 9);
          pango_cairo_show_layout (cr, layout);
        }
    }
  cairo_stroke (cr);
  pango_font_description_free (font);
  g_object_unref (layout);
}

static void
draw_curve (AngioTimeline *self,
            cairo_t       *cr,
            const GdkRGBA *accent,
            double         bottom)
{
  if (self->curve == NULL || self->curve->len == 0)
    return;
  cairo_save (cr);
  for (guint f = 0; f < MIN (self->curve->len, self->n_frames); f++)
    {
      double v = CLAMP (g_array_index (self->curve, double, f), 0, 1);
      double x = angio_timeline_frame_position (self, f);

      if (f == 0)
        cairo_move_to (cr, x, bottom - v * (CURVE_HEIGHT - 4));
      else
        cairo_line_to (cr, x, bottom - v * (CURVE_HEIGHT - 4));
    }
  gdk_cairo_set_source_rgba (cr, accent);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* A diamond on the track: filled when accepted, hollow when proposed. A predicted frame: a pin
 * above the track pointing at it, so that it stays visible beside the case's marker on the
 * same frame. */
static void
draw_markers (AngioTimeline *self,
              cairo_t       *cr,
              const GdkRGBA *accent,
              double         y)
{
  for (guint i = 0; self->markers != NULL && i < self->markers->len; i++)
    {
      const AngioTimelineMarker *m = &g_array_index (self->markers, AngioTimelineMarker, i);
      double x = angio_timeline_frame_position (self, m->frame);

      if (m->style == ANGIO_MARKER_PREDICTED)
        {
          double tip = y - MARKER_RADIUS - 1;

          cairo_move_to (cr, x, tip);
          cairo_line_to (cr, x + MARKER_RADIUS, tip - PIN_HEIGHT);
          cairo_line_to (cr, x - MARKER_RADIUS, tip - PIN_HEIGHT);
          cairo_close_path (cr);
          cairo_set_source_rgb (cr, PREDICTED_RGB);
          cairo_fill (cr);
          continue;
        }
      cairo_move_to (cr, x, y - MARKER_RADIUS);
      cairo_line_to (cr, x + MARKER_RADIUS, y);
      cairo_line_to (cr, x, y + MARKER_RADIUS);
      cairo_line_to (cr, x - MARKER_RADIUS, y);
      cairo_close_path (cr);
      gdk_cairo_set_source_rgba (cr, accent);
      /* Filled or not, the same outline: an accepted diamond is as large as a proposed one. */
      if (m->style == ANGIO_MARKER_ACCEPTED)
        cairo_fill_preserve (cr);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }
}

static void
angio_timeline_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  AngioTimeline *self = ANGIO_TIMELINE (widget);
  double w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  double track_y = CURVE_HEIGHT + 2, track_h = 6;
  GdkRGBA fg, accent;
  cairo_t *cr;

  if (self->n_frames == 0)
    return;
  get_colors (self, &fg, &accent);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));

  /* Track: the decoded part darker than the rest. */
  gdk_cairo_set_source_rgba (cr, &(GdkRGBA) { fg.red, fg.green, fg.blue, 0.12 });
  cairo_rectangle (cr, MARGIN, track_y, w - 2 * MARGIN, track_h);
  cairo_fill (cr);
  if (self->n_ready > 0)
    {
      double end = self->n_ready >= self->n_frames
                   ? w - MARGIN : angio_timeline_frame_position (self, self->n_ready - 1);
      gdk_cairo_set_source_rgba (cr, &(GdkRGBA) { fg.red, fg.green, fg.blue, 0.3 });
      cairo_rectangle (cr, MARGIN, track_y, end - MARGIN, track_h);
      cairo_fill (cr);
    }

  draw_curve (self, cr, &accent, CURVE_HEIGHT);
  draw_ticks (self, cr, &fg, track_y + track_h + 2, h);
  draw_markers (self, cr, &accent, track_y + track_h / 2);

  /* Playhead. */
  {
    double x = round (angio_timeline_frame_position (self, self->frame)) + 0.5;

    gdk_cairo_set_source_rgba (cr, &accent);
    cairo_set_line_width (cr, 2);
    cairo_move_to (cr, x, 2);
    cairo_line_to (cr, x, track_y + track_h + 4);
    cairo_stroke (cr);
    cairo_arc (cr, x, track_y + track_h / 2, 6, 0, 2 * G_PI);
    cairo_fill (cr);
  }
  cairo_destroy (cr);
}

static void
angio_timeline_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 600;
    }
  else
    *minimum = *natural = 64;
}

/* Input */

static gboolean
activate_marker_at (AngioTimeline *self,
                    double         x,
                    double         y)
{
  double track_y = CURVE_HEIGHT + 5;

  for (guint i = 0; self->markers != NULL && i < self->markers->len; i++)
    {
      const AngioTimelineMarker *m = &g_array_index (self->markers, AngioTimelineMarker, i);

      double centre_y = m->style == ANGIO_MARKER_PREDICTED
                        ? track_y - MARKER_RADIUS - 1 - PIN_HEIGHT / 2 : track_y;

      if (fabs (angio_timeline_frame_position (self, m->frame) - x) <= MARKER_RADIUS + 2
          && fabs (y - centre_y) <= (m->style == ANGIO_MARKER_PREDICTED ? PIN_HEIGHT / 2 + 1
                                                                        : MARKER_RADIUS + 4))
        {
          angio_timeline_set_frame (self, m->frame);
          g_signal_emit (self, signals[MARKER_ACTIVATED], 0, m->frame);
          return TRUE;
        }
    }
  return FALSE;
}

static void
set_scrubbing (AngioTimeline *self,
               gboolean       scrubbing)
{
  if (self->scrubbing == scrubbing)
    return;
  self->scrubbing = scrubbing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCRUBBING]);
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               AngioTimeline  *self)
{
  if (self->n_frames == 0)
    return;
  if (activate_marker_at (self, x, y))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      return;
    }
  set_scrubbing (self, TRUE);
  angio_timeline_set_frame (self, angio_timeline_frame_at (self, x));
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                AngioTimeline  *self)
{
  double x, y;

  if (!self->scrubbing)
    return;
  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  angio_timeline_set_frame (self, angio_timeline_frame_at (self, x + dx));
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             AngioTimeline  *self)
{
  set_scrubbing (self, FALSE);
}

/* Public API */

GtkWidget *
angio_timeline_new (void)
{
  return g_object_new (ANGIO_TYPE_TIMELINE, NULL);
}

void
angio_timeline_set_n_frames (AngioTimeline *self,
                             guint          n_frames)
{
  g_return_if_fail (ANGIO_IS_TIMELINE (self));

  if (self->n_frames == n_frames)
    return;
  self->n_frames = n_frames;
  if (self->frame >= MAX (n_frames, 1))
    angio_timeline_set_frame (self, n_frames ? n_frames - 1 : 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_VALUE_MAX,
                                  (double) MAX (n_frames, 1), -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FRAMES]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
angio_timeline_get_n_frames (AngioTimeline *self)
{
  g_return_val_if_fail (ANGIO_IS_TIMELINE (self), 0);

  return self->n_frames;
}

void
angio_timeline_set_frame (AngioTimeline *self,
                          guint          frame)
{
  g_return_if_fail (ANGIO_IS_TIMELINE (self));

  if (self->n_frames > 0)
    frame = MIN (frame, self->n_frames - 1);
  if (self->frame == frame)
    return;
  self->frame = frame;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_VALUE_NOW,
                                  (double) frame + 1, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
angio_timeline_get_frame (AngioTimeline *self)
{
  g_return_val_if_fail (ANGIO_IS_TIMELINE (self), 0);

  return self->frame;
}

void
angio_timeline_set_n_ready (AngioTimeline *self,
                            guint          n_ready)
{
  g_return_if_fail (ANGIO_IS_TIMELINE (self));

  if (self->n_ready == n_ready)
    return;
  self->n_ready = n_ready;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_READY]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
angio_timeline_set_curve (AngioTimeline *self,
                          const double  *values,
                          guint          n_values)
{
  g_return_if_fail (ANGIO_IS_TIMELINE (self));

  g_clear_pointer (&self->curve, g_array_unref);
  if (values != NULL && n_values > 0)
    {
      self->curve = g_array_sized_new (FALSE, FALSE, sizeof (double), n_values);
      g_array_append_vals (self->curve, values, n_values);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const AngioTimelineMarker *
angio_timeline_get_markers (AngioTimeline *self,
                            guint         *n_markers)
{
  g_return_val_if_fail (ANGIO_IS_TIMELINE (self), NULL);
  g_return_val_if_fail (n_markers != NULL, NULL);

  *n_markers = self->markers != NULL ? self->markers->len : 0;
  return self->markers != NULL ? (AngioTimelineMarker *) self->markers->data : NULL;
}

/* Replaces the markers of one owner (the predicted ones, or the case's) by @markers; the
 * case's come first. */
static void
replace_markers (AngioTimeline             *self,
                 gboolean                   predicted,
                 const AngioTimelineMarker *markers,
                 guint                      n_markers)
{
  GArray *kept = g_array_new (FALSE, FALSE, sizeof (AngioTimelineMarker));

  for (guint i = 0; self->markers != NULL && i < self->markers->len; i++)
    {
      const AngioTimelineMarker *m = &g_array_index (self->markers, AngioTimelineMarker, i);

      if ((m->style == ANGIO_MARKER_PREDICTED) != predicted)
        g_array_append_val (kept, *m);
    }
  if (n_markers > 0)
    g_array_insert_vals (kept, predicted ? kept->len : 0, markers, n_markers);
  g_clear_pointer (&self->markers, g_array_unref);
  if (kept->len > 0)
    self->markers = kept;
  else
    g_array_unref (kept);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
angio_timeline_set_markers (AngioTimeline             *self,
                            const AngioTimelineMarker *markers,
                            guint                      n_markers)
{
  g_return_if_fail (ANGIO_IS_TIMELINE (self));
  g_return_if_fail (markers != NULL || n_markers == 0);

  replace_markers (self, FALSE, markers, n_markers);
}

void
angio_timeline_set_predicted_frames (AngioTimeline *self,
                                     const guint   *frames,
                                     guint          n_frames)
{
  g_autoptr(GArray) markers = g_array_sized_new (FALSE, FALSE, sizeof (AngioTimelineMarker),
                                                 n_frames);

  g_return_if_fail (ANGIO_IS_TIMELINE (self));
  g_return_if_fail (frames != NULL || n_frames == 0);

  for (guint i = 0; i < n_frames; i++)
    {
      AngioTimelineMarker m = { frames[i], ANGIO_MARKER_PREDICTED };

      g_array_append_val (markers, m);
    }
  replace_markers (self, TRUE, (AngioTimelineMarker *) markers->data, markers->len);
}

/* GObject */

static void
angio_timeline_finalize (GObject *object)
{
  AngioTimeline *self = ANGIO_TIMELINE (object);

  g_clear_pointer (&self->curve, g_array_unref);
  g_clear_pointer (&self->markers, g_array_unref);

  G_OBJECT_CLASS (angio_timeline_parent_class)->finalize (object);
}

static void
angio_timeline_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AngioTimeline *self = ANGIO_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_N_FRAMES:
      g_value_set_uint (value, self->n_frames);
      break;
    case PROP_FRAME:
      g_value_set_uint (value, self->frame);
      break;
    case PROP_N_READY:
      g_value_set_uint (value, self->n_ready);
      break;
    case PROP_SCRUBBING:
      g_value_set_boolean (value, self->scrubbing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_timeline_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  AngioTimeline *self = ANGIO_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_N_FRAMES:
      angio_timeline_set_n_frames (self, g_value_get_uint (value));
      break;
    case PROP_FRAME:
      angio_timeline_set_frame (self, g_value_get_uint (value));
      break;
    case PROP_N_READY:
      angio_timeline_set_n_ready (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_timeline_class_init (AngioTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = angio_timeline_finalize;
  object_class->get_property = angio_timeline_get_property;
  object_class->set_property = angio_timeline_set_property;
  widget_class->snapshot = angio_timeline_snapshot;
  widget_class->measure = angio_timeline_measure;

  properties[PROP_N_FRAMES] = g_param_spec_uint ("n-frames", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_FRAME] = g_param_spec_uint ("frame", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_N_READY] = g_param_spec_uint ("n-ready", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_SCRUBBING] = g_param_spec_boolean ("scrubbing", NULL, NULL, FALSE,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AngioTimeline::marker-activated:
   * @frame: the frame of the marker clicked
   */
  signals[MARKER_ACTIVATED] =
    g_signal_new ("marker-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);
}

static void
angio_timeline_init (AngioTimeline *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Frames"),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 1.0,
                                  -1);
}
