/* angio-diameter-plot.c — the diameter function, drawn with Cairo in snapshot(). */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "angio-diameter-plot.h"

/* Room for the axis labels, pixels. */
#define LEFT 40.0
#define RIGHT 10.0
#define TOP 22.0
#define BOTTOM 20.0

struct _AngioDiameterPlot
{
  GtkWidget parent_instance;

  guint n;
  double *diameter;        /* in the unit shown */
  double *reference;
  double step;             /* distance between scanlines, same unit */
  gboolean mm;             /* the unit: mm, else pixels */
  guint mld_index;
  double mld;              /* the MLD as the QCA gives it (sub-sample), unit shown */
  double prox_position, dist_position;
  guint marker_prox, marker_dist;
  double y_max;
  gint hover;
  char *readout;
  /* While drawing: the size drawn at (the widget's, or a report's) and its text context. */
  double width, height;
  PangoContext *text_context;
};

G_DEFINE_FINAL_TYPE (AngioDiameterPlot, angio_diameter_plot, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_HOVER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static double
plot_width (AngioDiameterPlot *self)
{
  return MAX (1.0, self->width - LEFT - RIGHT);
}

static double
plot_height (AngioDiameterPlot *self)
{
  return MAX (1.0, self->height - TOP - BOTTOM);
}

/* Widget coordinates of scanline (fractional) @i and of diameter @d. */
static double
x_of (AngioDiameterPlot *self,
      double             i)
{
  return LEFT + (self->n > 1 ? i / (self->n - 1) : 0) * plot_width (self);
}

static double
y_of (AngioDiameterPlot *self,
      double             d)
{
  return TOP + plot_height (self) * (1 - CLAMP (d / self->y_max, 0, 1));
}

gint
angio_diameter_plot_scanline_at (AngioDiameterPlot *self,
                                 double             x)
{
  double f;

  g_return_val_if_fail (ANGIO_IS_DIAMETER_PLOT (self), -1);

  self->width = gtk_widget_get_width (GTK_WIDGET (self));
  self->height = gtk_widget_get_height (GTK_WIDGET (self));
  if (self->n < 2 || x < LEFT - 2 || x > LEFT + plot_width (self) + 2)
    return -1;
  f = round ((x - LEFT) / plot_width (self) * (self->n - 1));
  return (gint) CLAMP (f, 0, self->n - 1);
}

/* A round step for axis ticks: 1, 2 or 5 × 10^k, about @target apart. */
static double
nice_step (double target)
{
  double p = pow (10, floor (log10 (target))), f = target / p;

  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

static void
show_text (cairo_t           *cr,
           AngioDiameterPlot *self,
           const char        *text,
           double             x,
           double             y,
           double             align)   /* 0 left, 0.5 centre, 1 right */
{
  PangoLayout *layout = pango_layout_new (self->text_context);
  int w, h;

  pango_layout_set_text (layout, text, -1);

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - align * w, y - h / 2.0);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static void
draw_axes (AngioDiameterPlot *self,
           cairo_t           *cr,
           const GdkRGBA     *fg)
{
  double length = (self->n - 1) * self->step;
  double xs = nice_step (length / MAX (2, plot_width (self) / 60));
  double ys = nice_step (self->y_max / MAX (2, plot_height (self) / 28));

  cairo_set_line_width (cr, 1);
  for (double d = 0; d <= self->y_max + 1e-9; d += ys)
    {
      g_autofree char *label = g_strdup_printf ("%g", d);
      double y = round (y_of (self, d)) + 0.5;

      gdk_cairo_set_source_rgba (cr, &(GdkRGBA) { fg->red, fg->green, fg->blue, 0.12 });
      cairo_move_to (cr, LEFT, y);
      cairo_line_to (cr, LEFT + plot_width (self), y);
      cairo_stroke (cr);
      gdk_cairo_set_source_rgba (cr, &(GdkRGBA) { fg->red, fg->green, fg->blue, 0.6 });
      show_text (cr, self, label, LEFT - 4, y, 1);
    }
  for (double s = 0; s <= length + 1e-9; s += xs)
    {
      g_autofree char *label = g_strdup_printf ("%g", s);

      gdk_cairo_set_source_rgba (cr, &(GdkRGBA) { fg->red, fg->green, fg->blue, 0.6 });
      show_text (cr, self, label, x_of (self, s / self->step),
                 TOP + plot_height (self) + BOTTOM / 2 + 1, 0.5);
    }
  /* Translators: the axes of the diameter plot: diameter and distance along the vessel */
  show_text (cr, self, self->mm ? _("Ø mm") : _("Ø px"), 2, TOP / 2, 0);
}

static void
draw_curve (AngioDiameterPlot *self,
            cairo_t           *cr,
            const double      *values)
{
  for (guint i = 0; i < self->n; i++)
    if (i == 0)
      cairo_move_to (cr, x_of (self, i), y_of (self, values[i]));
    else
      cairo_line_to (cr, x_of (self, i), y_of (self, values[i]));
}

static void
vertical (AngioDiameterPlot *self,
          cairo_t           *cr,
          double             position)
{
  double x = x_of (self, position);

  cairo_move_to (cr, x, TOP);
  cairo_line_to (cr, x, TOP + plot_height (self));
}

/* The plot on @cr at @width × @height: @fg the text and the lumen, @accent unused but kept
 * for the axis style of a theme. */
static void
draw (AngioDiameterPlot *self,
      cairo_t           *cr,
      const GdkRGBA     *fg)
{
  double dashes[] = { 4, 3 };

  /* The lesion between its borders, shaded. */
  cairo_rectangle (cr, x_of (self, self->prox_position), TOP,
                   x_of (self, self->dist_position) - x_of (self, self->prox_position),
                   plot_height (self));
  cairo_set_source_rgba (cr, 1.0, 0.6, 0.2, 0.18);
  cairo_fill (cr);
  draw_axes (self, cr, fg);

  /* The reference markers. */
  cairo_set_source_rgba (cr, 0.35, 0.7, 1.0, 0.8);
  cairo_set_line_width (cr, 1.5);
  vertical (self, cr, self->marker_prox);
  vertical (self, cr, self->marker_dist);
  cairo_stroke (cr);

  /* Reference dashed, lumen solid. */
  draw_curve (self, cr, self->reference);
  cairo_set_source_rgb (cr, 0.35, 0.7, 1.0);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  draw_curve (self, cr, self->diameter);
  gdk_cairo_set_source_rgba (cr, fg);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);

  /* The MLD. */
  cairo_arc (cr, x_of (self, self->mld_index), y_of (self, self->diameter[self->mld_index]), 4,
             0, 2 * G_PI);
  cairo_set_source_rgb (cr, 1.0, 0.6, 0.2);
  cairo_fill (cr);

  /* Under the pointer, or under the image's pointer. */
  if (self->hover >= 0 && (guint) self->hover < self->n)
    {
      gdk_cairo_set_source_rgba (cr, &(GdkRGBA) { fg->red, fg->green, fg->blue, 0.7 });
      cairo_set_line_width (cr, 1);
      vertical (self, cr, self->hover);
      cairo_stroke (cr);
    }
  gdk_cairo_set_source_rgba (cr, fg);
  show_text (cr, self, self->readout ? self->readout : "", self->width - RIGHT, TOP / 2, 1);
}

static void
angio_diameter_plot_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  AngioDiameterPlot *self = ANGIO_DIAMETER_PLOT (widget);
  double w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  GdkRGBA fg;
  cairo_t *cr;

  if (self->n < 2 || w < LEFT + RIGHT + 10 || h < TOP + BOTTOM + 10)
    return;
  gtk_style_context_get_color (style, &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  self->width = w;
  self->height = h;
  self->text_context = gtk_widget_get_pango_context (widget);
  draw (self, cr, &fg);
  self->text_context = NULL;
  cairo_destroy (cr);
}

void
angio_diameter_plot_draw (AngioDiameterPlot *self,
                          cairo_t           *cr,
                          double             width,
                          double             height,
                          const char        *font)
{
  PangoContext *context;
  PangoFontDescription *description;

  g_return_if_fail (ANGIO_IS_DIAMETER_PLOT (self));

  if (self->n < 2 || width < LEFT + RIGHT + 10 || height < TOP + BOTTOM + 10)
    return;
  context = pango_cairo_create_context (cr);
  description = pango_font_description_from_string (font);
  pango_context_set_font_description (context, description);
  pango_font_description_free (description);
  cairo_save (cr);
  self->width = width;
  self->height = height;
  self->text_context = context;
  draw (self, cr, &(GdkRGBA) { 0, 0, 0, 1 });
  self->text_context = NULL;
  cairo_restore (cr);
  g_object_unref (context);
}

static void
update_readout (AngioDiameterPlot *self)
{
  g_clear_pointer (&self->readout, g_free);
  if (self->n == 0)
    return;
  if (self->hover >= 0 && (guint) self->hover < self->n)
    /* Translators: the diameter plot under the pointer: distance along the vessel, lumen
     * diameter, reference diameter, all in the unit given last (mm or px) */
    self->readout = g_strdup_printf (_("%.1f: Ø %.2f (ref %.2f) %s"), self->hover * self->step,
                                     self->diameter[self->hover], self->reference[self->hover],
                                     self->mm ? _("mm") : _("px"));
  else
    /* Translators: the diameter plot: minimum lumen diameter and its unit (mm or px) */
    self->readout = g_strdup_printf (_("MLD %.2f %s"), self->mld,
                                     self->mm ? _("mm") : _("px"));
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           AngioDiameterPlot        *self)
{
  angio_diameter_plot_set_hover (self, angio_diameter_plot_scanline_at (self, x));
}

static void
on_leave (GtkEventControllerMotion *controller,
          AngioDiameterPlot        *self)
{
  angio_diameter_plot_set_hover (self, -1);
}

static void
angio_diameter_plot_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 160 : 110;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 280 : 150;
}

static void
angio_diameter_plot_finalize (GObject *object)
{
  AngioDiameterPlot *self = ANGIO_DIAMETER_PLOT (object);

  g_free (self->diameter);
  g_free (self->reference);
  g_free (self->readout);
  G_OBJECT_CLASS (angio_diameter_plot_parent_class)->finalize (object);
}

static void
angio_diameter_plot_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AngioDiameterPlot *self = ANGIO_DIAMETER_PLOT (object);

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
angio_diameter_plot_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AngioDiameterPlot *self = ANGIO_DIAMETER_PLOT (object);

  switch (prop_id)
    {
    case PROP_HOVER:
      angio_diameter_plot_set_hover (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_diameter_plot_class_init (AngioDiameterPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = angio_diameter_plot_finalize;
  object_class->get_property = angio_diameter_plot_get_property;
  object_class->set_property = angio_diameter_plot_set_property;
  widget_class->snapshot = angio_diameter_plot_snapshot;
  widget_class->measure = angio_diameter_plot_measure;

  properties[PROP_HOVER] =
    g_param_spec_int ("hover", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_css_name (widget_class, "diameter-plot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
angio_diameter_plot_init (AngioDiameterPlot *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->hover = -1;
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                               _("Lumen diameter along the vessel (solid), reference (dashed), "
                                 "lesion (shaded), reference markers (blue)"));
}

GtkWidget *
angio_diameter_plot_new (void)
{
  return g_object_new (ANGIO_TYPE_DIAMETER_PLOT, NULL);
}

void
angio_diameter_plot_set_qca (AngioDiameterPlot *self,
                             const AngioQca    *qca,
                             double             mm_per_px)
{
  double scale;

  g_return_if_fail (ANGIO_IS_DIAMETER_PLOT (self));

  g_clear_pointer (&self->diameter, g_free);
  g_clear_pointer (&self->reference, g_free);
  self->n = 0;
  if (qca != NULL && qca->n >= 2)
    {
      self->mm = isfinite (mm_per_px) && mm_per_px > 0;
      scale = self->mm ? mm_per_px : 1;
      self->n = qca->n;
      self->diameter = g_new (double, qca->n);
      self->reference = g_new (double, qca->n);
      self->y_max = 0;
      for (guint i = 0; i < qca->n; i++)
        {
          self->diameter[i] = qca->diameter_px[i] * scale;
          self->reference[i] = qca->reference_px[i] * scale;
          self->y_max = MAX (self->y_max, MAX (self->diameter[i], self->reference[i]));
        }
      self->y_max = self->y_max > 0 ? 1.15 * self->y_max : 1;
      self->step = qca->step_px * scale;
      self->mld_index = MIN (qca->mld_index, qca->n - 1);
      self->mld = qca->mld_px * scale;
      self->prox_position = qca->prox_position;
      self->dist_position = qca->dist_position;
      self->marker_prox = qca->marker_prox;
      self->marker_dist = qca->marker_dist;
    }
  if (self->hover >= (gint) self->n)
    angio_diameter_plot_set_hover (self, -1);
  update_readout (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint
angio_diameter_plot_get_hover (AngioDiameterPlot *self)
{
  g_return_val_if_fail (ANGIO_IS_DIAMETER_PLOT (self), -1);
  return self->hover;
}

void
angio_diameter_plot_set_hover (AngioDiameterPlot *self,
                               gint               scanline)
{
  g_return_if_fail (ANGIO_IS_DIAMETER_PLOT (self));

  scanline = scanline >= 0 && (guint) scanline < self->n ? scanline : -1;
  if (self->hover == scanline)
    return;
  self->hover = scanline;
  update_readout (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVER]);
}

const char *
angio_diameter_plot_get_readout (AngioDiameterPlot *self)
{
  g_return_val_if_fail (ANGIO_IS_DIAMETER_PLOT (self), NULL);
  return self->readout;
}
