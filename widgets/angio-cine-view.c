/* angio-cine-view.c — one frame of a series on screen.
 *
 * A GtkGLArea draws the frame (angio-cine-view-gl.c); this widget owns the view state (zoom,
 * pan, window/level), turns pointer gestures into it, and draws the overlay with Cairo in
 * snapshot(), in image coordinates, so that annotations stay on their pixels under any zoom
 * and pan. Without GL (no context, shaders refused) frames are windowed on the CPU and drawn
 * as textures: slower, same picture.
 */
#define G_LOG_DOMAIN "angio-cine-view"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "angio-cine-view.h"
#include "angio-cine-view-private.h"
#include "angio-geometry.h"
#include "angio-widget-enums.h"

#define MIN_ZOOM 0.02
#define MAX_ZOOM 64.0

struct _AngioCineView
{
  GtkWidget parent_instance;

  GtkWidget *gl_area;
  AngioCineGl *gl;
  gboolean use_gl;
  char *renderer;

  AngioSeries *series;
  gulong ready_handler;
  guint frame;
  double window_center;
  double window_width;
  gboolean invert;
  gboolean smooth;

  AngioZoomMode zoom_mode;
  double zoom;
  double center_x;
  double center_y;

  /* What the texture holds. */
  AngioSeries *uploaded_series;   /* compared only, never dereferenced */
  guint uploaded_frame;
  gboolean uploaded;

  gboolean pointer_inside;
  double pointer_x;               /* widget coordinates */
  double pointer_y;
  double drag_center_x;
  double drag_center_y;
  double drag_window_center;
  double drag_window_width;

  GdkTexture *software_texture;   /* the frame windowed on the CPU, when there is no GL */
  guint software_frame;

  gboolean measure;
  double render_ms;
};

G_DEFINE_FINAL_TYPE (AngioCineView, angio_cine_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SERIES,
  PROP_FRAME,
  PROP_WINDOW_CENTER,
  PROP_WINDOW_WIDTH,
  PROP_INVERT,
  PROP_SMOOTH,
  PROP_ZOOM_MODE,
  PROP_ZOOM,
  PROP_CENTER_X,
  PROP_CENTER_Y,
  PROP_POINTER_INSIDE,
  PROP_POINTER_X,
  PROP_POINTER_Y,
  PROP_RENDERER,
  PROP_MEASURE,
  PROP_RENDER_TIME_MS,
  N_PROPS
};

enum {
  DRAW_OVERLAY,
  FRAME_PRESENTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
redraw (AngioCineView *self)
{
  if (self->use_gl)
    gtk_gl_area_queue_render (GTK_GL_AREA (self->gl_area));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static guint
image_width (AngioCineView *self)
{
  return self->series ? angio_series_get_cols (self->series) : 0;
}

static guint
image_height (AngioCineView *self)
{
  return self->series ? angio_series_get_rows (self->series) : 0;
}

/* Zoom and centre that the zoom mode implies for the current size. */
static void
apply_zoom_mode (AngioCineView *self)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double iw = image_width (self), ih = image_height (self);
  double zoom = self->zoom;

  if (self->zoom_mode == ANGIO_ZOOM_FREE || iw == 0 || w <= 0 || h <= 0)
    return;
  if (self->zoom_mode == ANGIO_ZOOM_FIT)
    zoom = MIN (w / iw, h / ih);
  else if (self->zoom_mode == ANGIO_ZOOM_FILL)
    zoom = MAX (w / iw, h / ih);
  else
    zoom = 1.0;
  self->center_x = (iw - 1) / 2;
  self->center_y = (ih - 1) / 2;
  if (zoom != self->zoom)
    {
      self->zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CENTER_X]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CENTER_Y]);
}

void
angio_cine_view_image_to_widget (AngioCineView *self,
                                 double         image_x,
                                 double         image_y,
                                 double        *widget_x,
                                 double        *widget_y)
{
  g_return_if_fail (ANGIO_IS_CINE_VIEW (self));

  *widget_x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0
              + (image_x - self->center_x) * self->zoom;
  *widget_y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0
              + (image_y - self->center_y) * self->zoom;
}

void
angio_cine_view_widget_to_image (AngioCineView *self,
                                 double         widget_x,
                                 double         widget_y,
                                 double        *image_x,
                                 double        *image_y)
{
  g_return_if_fail (ANGIO_IS_CINE_VIEW (self));

  *image_x = self->center_x + (widget_x - gtk_widget_get_width (GTK_WIDGET (self)) / 2.0)
                              / self->zoom;
  *image_y = self->center_y + (widget_y - gtk_widget_get_height (GTK_WIDGET (self)) / 2.0)
                              / self->zoom;
}

/* The frame's rectangle in widget coordinates: pixel centres sit at integer image
 * coordinates, so the frame spans −½ … size − ½. */
static graphene_rect_t
frame_rect (AngioCineView *self)
{
  double x0, y0, x1, y1;

  angio_cine_view_image_to_widget (self, -0.5, -0.5, &x0, &y0);
  angio_cine_view_image_to_widget (self, image_width (self) - 0.5, image_height (self) - 0.5,
                                   &x1, &y1);
  return GRAPHENE_RECT_INIT (x0, y0, x1 - x0, y1 - y0);
}

static void
window_range (AngioCineView *self,
              float         *low,
              float         *scale)
{
  double width = MAX (self->window_width, 1.0);

  *low = (float) ((self->window_center - width / 2) / 65535.0);
  *scale = (float) (65535.0 / width);
}

/* The frame to show: the one asked for, or, while it is still being decoded, nothing new. */
static const guint16 *
current_pixels (AngioCineView *self)
{
  if (self->series == NULL)
    return NULL;
  return angio_series_get_frame (self->series, self->frame);
}

static gboolean
on_render (GtkGLArea     *area,
           GdkGLContext  *context,
           AngioCineView *self)
{
  gint64 start = g_get_monotonic_time ();
  const guint16 *pixels = current_pixels (self);
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (area));
  double w = gtk_widget_get_width (GTK_WIDGET (area)), h = gtk_widget_get_height (GTK_WIDGET (area));
  graphene_rect_t r = frame_rect (self);
  AngioCineGlParams params = { 0 };

  if (self->gl == NULL)
    return FALSE;
  if (pixels != NULL
      && (!self->uploaded || self->uploaded_series != self->series
          || self->uploaded_frame != self->frame))
    {
      angio_cine_gl_upload (self->gl, pixels, image_width (self), image_height (self));
      self->uploaded = TRUE;
      self->uploaded_series = self->series;
      self->uploaded_frame = self->frame;
    }
  if (self->series == NULL)
    self->uploaded = FALSE;

  params.viewport_width = (int) (w * scale);
  params.viewport_height = (int) (h * scale);
  params.rect[0] = (float) (2 * r.origin.x / w - 1);
  params.rect[1] = (float) (1 - 2 * r.origin.y / h);
  params.rect[2] = (float) (2 * (r.origin.x + r.size.width) / w - 1);
  params.rect[3] = (float) (1 - 2 * (r.origin.y + r.size.height) / h);
  window_range (self, &params.low, &params.scale);
  params.invert = self->invert;
  params.smooth = self->smooth;
  if (self->uploaded)
    angio_cine_gl_draw (self->gl, &params);
  else
    angio_cine_gl_clear (self->gl, params.viewport_width, params.viewport_height);
  if (self->measure)
    {
      angio_cine_gl_finish (self->gl);
      self->render_ms = (g_get_monotonic_time () - start) / 1000.0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RENDER_TIME_MS]);
    }
  if (self->uploaded)
    g_signal_emit (self, signals[FRAME_PRESENTED], 0, self->uploaded_frame);
  return TRUE;
}

static void
use_software (AngioCineView *self,
              const char    *reason)
{
  self->use_gl = FALSE;
  gtk_widget_set_visible (self->gl_area, FALSE);
  g_free (self->renderer);
  /* Translators: %s says why OpenGL cannot be used */
  self->renderer = g_strdup_printf (_("software (%s)"), reason);
  g_debug ("cine view without OpenGL: %s", reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RENDERER]);
  redraw (self);
}

static void
on_gl_realize (GtkGLArea     *area,
               AngioCineView *self)
{
  g_autoptr(GError) error = NULL;

  gtk_gl_area_make_current (area);
  if (gtk_gl_area_get_error (area) != NULL)
    {
      use_software (self, gtk_gl_area_get_error (area)->message);
      return;
    }
  self->gl = angio_cine_gl_new (gtk_gl_area_get_context (area), &error);
  if (self->gl == NULL)
    {
      use_software (self, error->message);
      return;
    }
  g_free (self->renderer);
  self->renderer = g_strdup (angio_cine_gl_describe (self->gl));
  self->uploaded = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RENDERER]);
}

static void
on_gl_unrealize (GtkGLArea     *area,
                 AngioCineView *self)
{
  gtk_gl_area_make_current (area);
  if (gtk_gl_area_get_error (area) == NULL)
    g_clear_pointer (&self->gl, angio_cine_gl_free);
  self->gl = NULL;
  self->uploaded = FALSE;
}

/* Without GL: the frame windowed on the CPU into a texture, rebuilt when something changed. */
static GdkTexture *
software_texture (AngioCineView *self)
{
  const guint16 *pixels = current_pixels (self);
  guint w = image_width (self), h = image_height (self);
  g_autofree guint8 *lut = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint8 *rgba;
  float low, scale;

  if (pixels == NULL)
    return self->software_texture;
  if (self->software_texture != NULL)
    return self->software_texture;

  window_range (self, &low, &scale);
  lut = g_malloc (65536);
  for (guint v = 0; v < 65536; v++)
    {
      double g = CLAMP ((v / 65535.0 - low) * scale, 0, 1);
      lut[v] = (guint8) lround (255 * (self->invert ? 1 - g : g));
    }
  rgba = g_malloc ((gsize) w * h * 4);
  for (gsize i = 0; i < (gsize) w * h; i++)
    {
      guint8 g = lut[pixels[i]];
      rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = g;
      rgba[4 * i + 3] = 255;
    }
  bytes = g_bytes_new_take (rgba, (gsize) w * h * 4);
  self->software_texture = gdk_memory_texture_new ((int) w, (int) h,
                                                   GDK_MEMORY_R8G8B8A8_PREMULTIPLIED, bytes,
                                                   (gsize) w * 4);
  self->software_frame = self->frame;
  return self->software_texture;
}

static void
invalidate_software (AngioCineView *self)
{
  g_clear_object (&self->software_texture);
}

/* A bar of a round number of millimetres, bottom left, when the scale is known. */
static void
draw_scale_bar (AngioCineView *self,
                cairo_t       *cr)
{
  static const double lengths[] = { 1, 2, 5, 10, 20, 50, 100, 200 };
  double mm_per_px = self->series ? angio_series_get_mm_per_px (self->series) : NAN;
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double mm = 0, px = 0;
  int text_w, text_h;
  g_autofree char *label = NULL;
  g_autoptr(PangoLayout) layout = NULL;

  if (!isfinite (mm_per_px))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      mm = lengths[i];
      px = mm / mm_per_px * self->zoom;
      if (px >= 60)
        break;
    }
  if (px < 20 || px > 400)
    return;
  /* Translators: the length of the scale bar, e.g. "10 mm" */
  label = g_strdup_printf (_("%g mm"), mm);
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), label);

  pango_layout_get_pixel_size (layout, &text_w, &text_h);

  /* On a dark box, the bar and its length: readable on the brightest image. */
  cairo_save (cr);
  cairo_rectangle (cr, 8, h - 46, MAX (px, text_w) + 16, 40);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
  cairo_fill (cr);
  cairo_move_to (cr, 16, h - 16);
  cairo_line_to (cr, 16 + px, h - 16);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);
  cairo_move_to (cr, 16, h - 42);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

static void
angio_cine_view_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  AngioCineView *self = ANGIO_CINE_VIEW (widget);
  double w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, w, h);
  cairo_t *cr;

  if (self->use_gl)
    gtk_widget_snapshot_child (widget, self->gl_area, snapshot);
  else
    {
      GdkTexture *texture = self->series ? software_texture (self) : NULL;
      graphene_rect_t r = frame_rect (self);

      gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 1 }, &bounds);
      if (texture != NULL)
        {
          gtk_snapshot_push_clip (snapshot, &bounds);
          gtk_snapshot_append_texture (snapshot, texture, &r);
          gtk_snapshot_pop (snapshot);
          g_signal_emit (self, signals[FRAME_PRESENTED], 0, self->software_frame);
        }
    }
  if (self->series == NULL)
    return;

  /* A Cairo node is a texture the size of its bounds, uploaded at every frame: only when
   * someone draws an overlay does it cover the view. */
  if (g_signal_has_handler_pending (self, signals[DRAW_OVERLAY], 0, FALSE))
    {
      cr = gtk_snapshot_append_cairo (snapshot, &bounds);
      cairo_translate (cr, w / 2, h / 2);
      cairo_scale (cr, self->zoom, self->zoom);
      cairo_translate (cr, -self->center_x, -self->center_y);
      g_signal_emit (self, signals[DRAW_OVERLAY], 0, cr);
      cairo_destroy (cr);
    }
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, h - 48, 440, 48));
  draw_scale_bar (self, cr);
  cairo_destroy (cr);
}

static void
angio_cine_view_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  *minimum = 64;
  *natural = 512;
}

static void
angio_cine_view_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  AngioCineView *self = ANGIO_CINE_VIEW (widget);

  gtk_widget_allocate (self->gl_area, width, height, baseline, NULL);
  apply_zoom_mode (self);
}

/* Public API */

GtkWidget *
angio_cine_view_new (void)
{
  return g_object_new (ANGIO_TYPE_CINE_VIEW, NULL);
}

static void
on_frames_ready (AngioSeries   *series,
                 GParamSpec    *pspec,
                 AngioCineView *self)
{
  /* The frame asked for may just have arrived. */
  if (!self->uploaded || self->uploaded_frame != self->frame)
    {
      invalidate_software (self);
      redraw (self);
    }
}

void
angio_cine_view_set_series (AngioCineView *self,
                            AngioSeries   *series)
{
  g_return_if_fail (ANGIO_IS_CINE_VIEW (self));
  g_return_if_fail (series == NULL || ANGIO_IS_SERIES (series));

  if (self->series == series)
    return;
  g_clear_signal_handler (&self->ready_handler, self->series);
  g_set_object (&self->series, series);
  if (series != NULL)
    self->ready_handler = g_signal_connect_object (series, "notify::n-frames-ready",
                                                   G_CALLBACK (on_frames_ready), self, 0);
  self->uploaded = FALSE;
  self->frame = 0;
  invalidate_software (self);
  angio_cine_view_set_zoom_mode (self, ANGIO_ZOOM_FIT);
  apply_zoom_mode (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERIES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME]);
  redraw (self);
}

AngioSeries *
angio_cine_view_get_series (AngioCineView *self)
{
  g_return_val_if_fail (ANGIO_IS_CINE_VIEW (self), NULL);

  return self->series;
}

void
angio_cine_view_set_frame (AngioCineView *self,
                           guint          frame)
{
  g_return_if_fail (ANGIO_IS_CINE_VIEW (self));

  if (self->series != NULL)
    frame = MIN (frame, angio_series_get_n_frames (self->series) - 1);
  if (self->frame == frame)
    return;
  self->frame = frame;
  invalidate_software (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME]);
  redraw (self);
}

guint
angio_cine_view_get_frame (AngioCineView *self)
{
  g_return_val_if_fail (ANGIO_IS_CINE_VIEW (self), 0);

  return self->frame;
}

void
angio_cine_view_set_window (AngioCineView *self,
                            double         center,
                            double         width)
{
  g_return_if_fail (ANGIO_IS_CINE_VIEW (self));

  width = CLAMP (width, 1, 131070);
  center = CLAMP (center, -65535, 131070);
  g_object_freeze_notify (G_OBJECT (self));
  if (center != self->window_center)
    {
      self->window_center = center;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW_CENTER]);
    }
  if (width != self->window_width)
    {
      self->window_width = width;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW_WIDTH]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  invalidate_software (self);
  redraw (self);
}

void
angio_cine_view_get_window (AngioCineView *self,
                            double        *center,
                            double        *width)
{
  g_return_if_fail (ANGIO_IS_CINE_VIEW (self));

  if (center != NULL)
    *center = self->window_center;
  if (width != NULL)
    *width = self->window_width;
}

void
angio_cine_view_set_zoom_mode (AngioCineView *self,
                               AngioZoomMode  mode)
{
  g_return_if_fail (ANGIO_IS_CINE_VIEW (self));

  if (self->zoom_mode == mode)
    return;
  self->zoom_mode = mode;
  apply_zoom_mode (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM_MODE]);
  redraw (self);
}

AngioZoomMode
angio_cine_view_get_zoom_mode (AngioCineView *self)
{
  g_return_val_if_fail (ANGIO_IS_CINE_VIEW (self), ANGIO_ZOOM_FIT);

  return self->zoom_mode;
}

double
angio_cine_view_get_zoom (AngioCineView *self)
{
  g_return_val_if_fail (ANGIO_IS_CINE_VIEW (self), 1.0);

  return self->zoom;
}

static void
set_view (AngioCineView *self,
          double         zoom,
          double         center_x,
          double         center_y)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->zoom_mode != ANGIO_ZOOM_FREE)
    {
      self->zoom_mode = ANGIO_ZOOM_FREE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM_MODE]);
    }
  if (zoom != self->zoom)
    {
      self->zoom = zoom;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
  self->center_x = center_x;
  self->center_y = center_y;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CENTER_X]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CENTER_Y]);
  g_object_thaw_notify (G_OBJECT (self));
  redraw (self);
}

void
angio_cine_view_zoom_at (AngioCineView *self,
                         double         factor,
                         double         x,
                         double         y)
{
  double ix, iy, zoom;
  double w, h;

  g_return_if_fail (ANGIO_IS_CINE_VIEW (self));

  w = gtk_widget_get_width (GTK_WIDGET (self));
  h = gtk_widget_get_height (GTK_WIDGET (self));
  angio_cine_view_widget_to_image (self, x, y, &ix, &iy);
  zoom = CLAMP (self->zoom * factor, MIN_ZOOM, MAX_ZOOM);
  set_view (self, zoom, ix - (x - w / 2) / zoom, iy - (y - h / 2) / zoom);
}

void
angio_cine_view_pan (AngioCineView *self,
                     double         dx,
                     double         dy)
{
  g_return_if_fail (ANGIO_IS_CINE_VIEW (self));

  set_view (self, self->zoom, self->center_x - dx / self->zoom, self->center_y - dy / self->zoom);
}

const char *
angio_cine_view_get_renderer (AngioCineView *self)
{
  g_return_val_if_fail (ANGIO_IS_CINE_VIEW (self), NULL);

  return self->renderer;
}

/* Gestures */

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           AngioCineView            *self)
{
  if (self->series == NULL || dy == 0)
    return FALSE;
  angio_cine_view_zoom_at (self, pow (1.15, -dy), self->pointer_x, self->pointer_y);
  return TRUE;
}

static void
update_pointer (AngioCineView *self,
                double         x,
                double         y,
                gboolean       inside)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = inside;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POINTER_INSIDE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POINTER_X]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POINTER_Y]);
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           AngioCineView            *self)
{
  update_pointer (self, x, y, TRUE);
}

static void
on_leave (GtkEventControllerMotion *controller,
          AngioCineView            *self)
{
  update_pointer (self, self->pointer_x, self->pointer_y, FALSE);
}

static void
on_pan_begin (GtkGestureDrag *gesture,
              double          x,
              double          y,
              AngioCineView  *self)
{
  self->drag_center_x = self->center_x;
  self->drag_center_y = self->center_y;
}

static void
on_pan_update (GtkGestureDrag *gesture,
               double          dx,
               double          dy,
               AngioCineView  *self)
{
  if (self->series == NULL)
    return;
  set_view (self, self->zoom, self->drag_center_x - dx / self->zoom,
            self->drag_center_y - dy / self->zoom);
}

static void
on_window_begin (GtkGestureDrag *gesture,
                 double          x,
                 double          y,
                 AngioCineView  *self)
{
  self->drag_window_center = self->window_center;
  self->drag_window_width = self->window_width;
}

/* Right-drag: horizontal changes the width, vertical the level (drag down = brighter), with a
 * sensitivity proportional to the range of the data. */
static void
on_window_update (GtkGestureDrag *gesture,
                  double          dx,
                  double          dy,
                  AngioCineView  *self)
{
  double step;

  if (self->series == NULL)
    return;
  step = angio_series_get_max_value (self->series) / 600.0;
  angio_cine_view_set_window (self, self->drag_window_center - dy * step,
                              MAX (1, self->drag_window_width + dx * step));
}

/* A click on the image gives it the keyboard focus back, whatever else the click does. */
static void
on_any_press (GtkGestureClick *gesture,
              int              n_press,
              double           x,
              double           y,
              AngioCineView   *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
on_double_click (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 AngioCineView   *self)
{
  if (n_press == 2)
    angio_cine_view_set_zoom_mode (self, ANGIO_ZOOM_FIT);
}

/* GObject */

static void
angio_cine_view_dispose (GObject *object)
{
  AngioCineView *self = ANGIO_CINE_VIEW (object);

  g_clear_signal_handler (&self->ready_handler, self->series);
  g_clear_object (&self->series);
  g_clear_object (&self->software_texture);
  g_clear_pointer (&self->gl_area, gtk_widget_unparent);

  G_OBJECT_CLASS (angio_cine_view_parent_class)->dispose (object);
}

static void
angio_cine_view_finalize (GObject *object)
{
  AngioCineView *self = ANGIO_CINE_VIEW (object);

  g_free (self->renderer);

  G_OBJECT_CLASS (angio_cine_view_parent_class)->finalize (object);
}

static void
angio_cine_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AngioCineView *self = ANGIO_CINE_VIEW (object);
  double ix, iy;

  switch (prop_id)
    {
    case PROP_SERIES:
      g_value_set_object (value, self->series);
      break;
    case PROP_FRAME:
      g_value_set_uint (value, self->frame);
      break;
    case PROP_WINDOW_CENTER:
      g_value_set_double (value, self->window_center);
      break;
    case PROP_WINDOW_WIDTH:
      g_value_set_double (value, self->window_width);
      break;
    case PROP_INVERT:
      g_value_set_boolean (value, self->invert);
      break;
    case PROP_SMOOTH:
      g_value_set_boolean (value, self->smooth);
      break;
    case PROP_ZOOM_MODE:
      g_value_set_enum (value, self->zoom_mode);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_CENTER_X:
      g_value_set_double (value, self->center_x);
      break;
    case PROP_CENTER_Y:
      g_value_set_double (value, self->center_y);
      break;
    case PROP_POINTER_INSIDE:
      g_value_set_boolean (value, self->pointer_inside);
      break;
    case PROP_POINTER_X:
    case PROP_POINTER_Y:
      angio_cine_view_widget_to_image (self, self->pointer_x, self->pointer_y, &ix, &iy);
      g_value_set_double (value, prop_id == PROP_POINTER_X ? ix : iy);
      break;
    case PROP_RENDERER:
      g_value_set_string (value, self->renderer);
      break;
    case PROP_MEASURE:
      g_value_set_boolean (value, self->measure);
      break;
    case PROP_RENDER_TIME_MS:
      g_value_set_double (value, self->render_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_boolean (AngioCineView *self,
             gboolean      *field,
             gboolean       value,
             guint          prop)
{
  if (*field == value)
    return;
  *field = value;
  invalidate_software (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  redraw (self);
}

static void
angio_cine_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  AngioCineView *self = ANGIO_CINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SERIES:
      angio_cine_view_set_series (self, g_value_get_object (value));
      break;
    case PROP_FRAME:
      angio_cine_view_set_frame (self, g_value_get_uint (value));
      break;
    case PROP_WINDOW_CENTER:
      angio_cine_view_set_window (self, g_value_get_double (value), self->window_width);
      break;
    case PROP_WINDOW_WIDTH:
      angio_cine_view_set_window (self, self->window_center, g_value_get_double (value));
      break;
    case PROP_INVERT:
      set_boolean (self, &self->invert, g_value_get_boolean (value), PROP_INVERT);
      break;
    case PROP_SMOOTH:
      set_boolean (self, &self->smooth, g_value_get_boolean (value), PROP_SMOOTH);
      break;
    case PROP_ZOOM_MODE:
      angio_cine_view_set_zoom_mode (self, g_value_get_enum (value));
      break;
    case PROP_MEASURE:
      self->measure = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_cine_view_class_init (AngioCineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = angio_cine_view_dispose;
  object_class->finalize = angio_cine_view_finalize;
  object_class->get_property = angio_cine_view_get_property;
  object_class->set_property = angio_cine_view_set_property;
  widget_class->snapshot = angio_cine_view_snapshot;
  widget_class->measure = angio_cine_view_measure;
  widget_class->size_allocate = angio_cine_view_size_allocate;

  properties[PROP_SERIES] = g_param_spec_object ("series", NULL, NULL, ANGIO_TYPE_SERIES, rw);
  properties[PROP_FRAME] = g_param_spec_uint ("frame", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_WINDOW_CENTER] =
    g_param_spec_double ("window-center", NULL, NULL, -65535, 131070, 32768, rw);
  properties[PROP_WINDOW_WIDTH] =
    g_param_spec_double ("window-width", NULL, NULL, 1, 131070, 65535, rw);
  properties[PROP_INVERT] = g_param_spec_boolean ("invert", NULL, NULL, FALSE, rw);
  properties[PROP_SMOOTH] = g_param_spec_boolean ("smooth", NULL, NULL, TRUE, rw);
  properties[PROP_ZOOM_MODE] = g_param_spec_enum ("zoom-mode", NULL, NULL, ANGIO_TYPE_ZOOM_MODE,
                                                  ANGIO_ZOOM_FIT, rw);
  properties[PROP_ZOOM] = g_param_spec_double ("zoom", NULL, NULL, MIN_ZOOM, MAX_ZOOM, 1, ro);
  properties[PROP_CENTER_X] = g_param_spec_double ("center-x", NULL, NULL, -G_MAXDOUBLE,
                                                   G_MAXDOUBLE, 0, ro);
  properties[PROP_CENTER_Y] = g_param_spec_double ("center-y", NULL, NULL, -G_MAXDOUBLE,
                                                   G_MAXDOUBLE, 0, ro);
  properties[PROP_POINTER_INSIDE] = g_param_spec_boolean ("pointer-inside", NULL, NULL, FALSE,
                                                          ro);
  properties[PROP_POINTER_X] = g_param_spec_double ("pointer-x", NULL, NULL, -G_MAXDOUBLE,
                                                    G_MAXDOUBLE, 0, ro);
  properties[PROP_POINTER_Y] = g_param_spec_double ("pointer-y", NULL, NULL, -G_MAXDOUBLE,
                                                    G_MAXDOUBLE, 0, ro);
  properties[PROP_RENDERER] = g_param_spec_string ("renderer", NULL, NULL, NULL, ro);
  /* Benchmarks: wait for the GPU after each frame and report how long upload + draw took. */
  properties[PROP_MEASURE] = g_param_spec_boolean ("measure", NULL, NULL, FALSE, rw);
  properties[PROP_RENDER_TIME_MS] = g_param_spec_double ("render-time-ms", NULL, NULL, 0,
                                                         G_MAXDOUBLE, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AngioCineView::draw-overlay:
   * @cr: a Cairo context in image coordinates: (0, 0) is the centre of the top-left pixel,
   *   one unit is one image pixel
   */
  signals[DRAW_OVERLAY] =
    g_signal_new ("draw-overlay", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  /**
   * AngioCineView::frame-presented:
   * @frame: the frame just drawn
   */
  signals[FRAME_PRESENTED] =
    g_signal_new ("frame-presented", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "cineview");
}

static void
angio_cine_view_init (AngioCineView *self)
{
  GtkEventController *scroll, *motion;
  GtkGesture *pan, *window, *click, *focus;

  self->use_gl = g_getenv ("ANGIOMARK_NO_GL") == NULL;
  self->renderer = g_strdup (_("not started"));
  self->smooth = TRUE;
  self->window_center = 32768;
  self->window_width = 65535;
  self->zoom = 1.0;
  self->zoom_mode = ANGIO_ZOOM_FIT;

  self->gl_area = gtk_gl_area_new ();
  gtk_gl_area_set_auto_render (GTK_GL_AREA (self->gl_area), FALSE);
  gtk_gl_area_set_required_version (GTK_GL_AREA (self->gl_area), 3, 2);
  gtk_widget_set_can_target (self->gl_area, FALSE);
  gtk_widget_set_parent (self->gl_area, GTK_WIDGET (self));
  g_signal_connect_after (self->gl_area, "realize", G_CALLBACK (on_gl_realize), self);
  g_signal_connect (self->gl_area, "unrealize", G_CALLBACK (on_gl_unrealize), self);
  g_signal_connect (self->gl_area, "render", G_CALLBACK (on_render), self);
  if (!self->use_gl)
    use_software (self, "ANGIOMARK_NO_GL");

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");

  /* First, and in the capture phase: before any gesture can claim the press. */
  focus = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (focus), 0);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (focus), GTK_PHASE_CAPTURE);
  g_signal_connect (focus, "pressed", G_CALLBACK (on_any_press), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (focus));

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  pan = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (pan), GDK_BUTTON_PRIMARY);
  g_signal_connect (pan, "drag-begin", G_CALLBACK (on_pan_begin), self);
  g_signal_connect (pan, "drag-update", G_CALLBACK (on_pan_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pan));

  window = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (window), GDK_BUTTON_SECONDARY);
  g_signal_connect (window, "drag-begin", G_CALLBACK (on_window_begin), self);
  g_signal_connect (window, "drag-update", G_CALLBACK (on_window_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (window));

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_double_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

double
angio_cine_view_overlay_px (cairo_t *cr,
                            double   pixels)
{
  double dx = pixels, dy = 0;

  cairo_device_to_user_distance (cr, &dx, &dy);
  return hypot (dx, dy);
}

void
angio_cine_view_overlay_outline (cairo_t      *cr,
                                 const GArray *outline)
{
  for (guint i = 0; i < outline->len; i++)
    {
      AngioPoint p = g_array_index (outline, AngioPoint, i);

      if (i == 0)
        cairo_move_to (cr, p.x, p.y);
      else
        cairo_line_to (cr, p.x, p.y);
    }
  cairo_close_path (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.55);
  cairo_set_line_width (cr, 3.5 * angio_cine_view_overlay_px (cr, 1));
  cairo_stroke_preserve (cr);
}
