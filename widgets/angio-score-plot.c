/* angio-score-plot.c — the plots of the dataset score page, drawn with Cairo. The drawing is a
 * pure function of the data and the size, so the widget, the hit test and the export agree on
 * where everything is. Figures keep a white background in a dark theme too: they are figures,
 * as they will look in a report. */
#define G_LOG_DOMAIN "angio-score-plot"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "angio-score-plot.h"
#include "angio-widget-enums.h"

#define FONT "Sans 9"
#define FONT_TITLE "Sans Bold 10"
#define PAD 10.0            /* around the figure, pixels */
#define TICK 4.0
#define POINT_RADIUS 4.0
#define HIT_RADIUS 8.0
#define MAX_LABEL_WIDTH 90  /* case ids under bars, pixels; longer ones are ellipsized */

typedef struct {
  double r, g, b;
} Rgb;

static const Rgb INK = { 0.141, 0.122, 0.192 };        /* #241f31: titles */
static const Rgb REFERENCE = { 0.239, 0.220, 0.275 };  /* #3d3846: reference, mean */
static const Rgb MUTED = { 0.369, 0.361, 0.392 };      /* #5e5c64: tick labels */
static const Rgb FRAME = { 0.604, 0.600, 0.588 };      /* #9a9996 */
static const Rgb GRID = { 0.918, 0.914, 0.906 };
static const Rgb BLUE = { 0.110, 0.443, 0.847 };       /* #1c71d8: predictions */
static const Rgb BLUE_DARK = { 0.102, 0.278, 0.549 };  /* #1a478c: the case under the pointer */
static const Rgb ORANGE = { 0.902, 0.380, 0.0 };       /* #e66100: cut-off, limits */
static const Rgb ORANGE_TEXT = { 0.776, 0.275, 0.0 };  /* #c64600: readable on white */

/* Where the plot area is and what its edges mean. */
typedef struct {
  double left, top, right, bottom;    /* the plot area, in drawing coordinates */
  double x_lo, x_hi, y_lo, y_hi;      /* the values at its edges */
  double x_step, y_step;              /* between ticks; x_step 0: bars, labelled instead */
  int x_decimals, y_decimals;
  guint n_finite;
  double y_labels_width;              /* the widest tick label of the y axis */
  double right_labels_width;          /* lines labelled right of the plot (bias, mean) */
  gboolean slanted;                   /* bar labels at 45° */
  guint label_stride;                 /* every how many bars a label is written */
  double height;                      /* of the whole drawing */
} Frame;

static void
set_rgb (cairo_t   *cr,
         const Rgb *c)
{
  cairo_set_source_rgb (cr, c->r, c->g, c->b);
}

/* Text is measured the same on every surface (screen, PNG, SVG, the hit test's scratch one):
 * unhinted metrics, so that the layout does not move by a pixel from one to the other. */
static PangoLayout *
make_layout (cairo_t    *cr,
             const char *text,
             const char *font)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), options);
  pango_layout_context_changed (layout);
  cairo_font_options_destroy (options);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
text_size (cairo_t    *cr,
           const char *text,
           const char *font,
           double     *w,
           double     *h)
{
  PangoLayout *layout = make_layout (cr, text, font);
  int pw, ph;

  pango_layout_get_pixel_size (layout, &pw, &ph);
  *w = pw;
  *h = ph;
  g_object_unref (layout);
}

/* Writes @text with its box aligned on (@x, @y): @xalign, @yalign 0 left/top, 0.5 centre,
 * 1 right/bottom. */
static void
show_text (cairo_t    *cr,
           const char *text,
           const char *font,
           double      x,
           double      y,
           double      xalign,
           double      yalign)
{
  PangoLayout *layout = make_layout (cr, text, font);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, round (x - xalign * w), round (y - yalign * h));
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

/* @value with @decimals decimals, a true minus sign (and a plus when @plus), and no "−0.00". */
static char *
format_value (double   value,
              int      decimals,
              gboolean plus)
{
  g_autofree char *digits = NULL;

  if (fabs (value) < 0.5 * pow (10, -decimals))
    value = 0;
  digits = g_strdup_printf ("%.*f", decimals, fabs (value));
  if (value < 0)
    return g_strconcat ("−", digits, NULL);
  return g_strconcat (plus && value > 0 ? "+" : "", digits, NULL);
}

/* A round step for axis ticks: 1, 2 or 5 × 10^k, about @target apart. */
static double
nice_step (double target)
{
  double p = pow (10, floor (log10 (target))), f = target / p;

  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

/* Ticks every @step from @lo to @hi, both rounded outwards to a tick. */
static void
nice_axis (double  lo,
           double  hi,
           double  pixels,
           double  spacing_px,
           double *step,
           double *axis_lo,
           double *axis_hi)
{
  if (hi - lo < 1e-6)
    {
      lo -= 0.05;
      hi += 0.05;
    }
  *step = nice_step ((hi - lo) / MAX (2, pixels / spacing_px));
  *axis_lo = floor (lo / *step + 1e-9) * *step;
  *axis_hi = ceil (hi / *step - 1e-9) * *step;
}

static int
decimals_for (double step,
              int    at_least)
{
  return MAX (at_least, (int) ceil (-log10 (step) - 1e-9));
}

static const char *
case_label (const AngioScorePlotData *data,
            guint                     i,
            char                      buffer[16])
{
  if (data->labels != NULL && data->labels[i] != NULL)
    return data->labels[i];
  g_snprintf (buffer, 16, "%u", i + 1);
  return buffer;
}

/* The values of case @i on the plot's axes; FALSE when it is not drawn as a point. */
static gboolean
case_values (AngioScorePlotKind        kind,
             const AngioScorePlotData *data,
             guint                     i,
             double                   *x,
             double                   *y)
{
  double ref = data->reference != NULL ? data->reference[i] : NAN;
  double pred = data->predicted != NULL ? data->predicted[i] : NAN;

  switch (kind)
    {
    case ANGIO_SCORE_PLOT_BLAND_ALTMAN:
      *x = (ref + pred) / 2;
      *y = pred - ref;
      return isfinite (ref) && isfinite (pred);
    case ANGIO_SCORE_PLOT_FFR_SCATTER:
      *x = ref;
      *y = pred;
      return isfinite (ref) && isfinite (pred);
    case ANGIO_SCORE_PLOT_DICE_BARS:
    default:
      *x = i;
      *y = pred;
      return isfinite (pred);
    }
}

static const char *
plot_title (AngioScorePlotKind kind)
{
  switch (kind)
    {
    case ANGIO_SCORE_PLOT_BLAND_ALTMAN:
      /* Translators: title of the plot of the agreement of predicted and wire FFR */
      return _("Bland–Altman: predicted vs wire FFR");
    case ANGIO_SCORE_PLOT_FFR_SCATTER:
      return _("Predicted vs wire FFR");
    case ANGIO_SCORE_PLOT_DICE_BARS:
    default:
      /* Translators: title of the bar plot of the Dice score of the predicted vessel masks */
      return _("Segmentation Dice per case");
    }
}

static void
axis_titles (AngioScorePlotKind  kind,
             const char        **x_title,
             const char        **y_title)
{
  switch (kind)
    {
    case ANGIO_SCORE_PLOT_BLAND_ALTMAN:
      *x_title = _("Mean of wire and predicted FFR");
      *y_title = _("Predicted − wire FFR");
      break;
    case ANGIO_SCORE_PLOT_FFR_SCATTER:
      *x_title = _("Wire FFR (reference)");
      *y_title = _("Predicted FFR");
      break;
    case ANGIO_SCORE_PLOT_DICE_BARS:
    default:
      *x_title = _("Case");
      *y_title = _("Dice");
      break;
    }
}

static double
mean_dice (const AngioScorePlotData *data)
{
  double sum = 0;
  guint n = 0;

  for (guint i = 0; i < data->n; i++)
    if (data->predicted != NULL && isfinite (data->predicted[i]))
      {
        sum += data->predicted[i];
        n++;
      }
  return n > 0 ? sum / n : NAN;
}

/* A horizontal line labelled right of the plot: Bland–Altman's bias and limits of agreement,
 * the mean Dice. */
typedef struct {
  char *text;
  double value;
  gboolean limit;      /* of agreement: orange and dashed */
} Line;

/* Fills @lines, top to bottom; returns how many (up to 3). */
static guint
line_labels (AngioScorePlotKind        kind,
             const AngioScorePlotData *data,
             Line                      lines[3])
{
  double mean = kind == ANGIO_SCORE_PLOT_DICE_BARS ? mean_dice (data) : NAN;
  g_autofree char *mean_text = format_value (mean, 2, FALSE);
  g_autofree char *high = format_value (data->loa_high, 3, FALSE);
  g_autofree char *bias = format_value (data->bias, 3, TRUE);
  g_autofree char *low = format_value (data->loa_low, 3, FALSE);
  guint n = 0;

  if (isfinite (mean))
    /* Translators: the label of the line of the mean Dice, e.g. "mean 0.83" */
    lines[n++] = (Line) { g_strdup_printf (_("mean %s"), mean_text), mean, FALSE };
  if (kind != ANGIO_SCORE_PLOT_BLAND_ALTMAN)
    return n;
  if (isfinite (data->loa_high))
    /* Translators: the upper limit of agreement of a Bland–Altman plot, e.g. "+1.96 SD 0.089" */
    lines[n++] = (Line) { g_strdup_printf (_("+1.96 SD %s"), high), data->loa_high, TRUE };
  if (isfinite (data->bias))
    /* Translators: the mean difference of a Bland–Altman plot, e.g. "bias +0.012" */
    lines[n++] = (Line) { g_strdup_printf (_("bias %s"), bias), data->bias, FALSE };
  if (isfinite (data->loa_low))
    /* Translators: the lower limit of agreement of a Bland–Altman plot, e.g. "−1.96 SD −0.065" */
    lines[n++] = (Line) { g_strdup_printf (_("−1.96 SD %s"), low), data->loa_low, TRUE };
  return n;
}

/* The data's extent on both axes; returns the number of finite points. */
static guint
data_extent (AngioScorePlotKind        kind,
             const AngioScorePlotData *data,
             double                    extent[4])
{
  guint n = 0;

  extent[0] = extent[2] = INFINITY;
  extent[1] = extent[3] = -INFINITY;
  for (guint i = 0; i < data->n; i++)
    {
      double x, y;

      if (!case_values (kind, data, i, &x, &y))
        continue;
      extent[0] = MIN (extent[0], x);
      extent[1] = MAX (extent[1], x);
      extent[2] = MIN (extent[2], y);
      extent[3] = MAX (extent[3], y);
      n++;
    }
  return n;
}

static double
widest_tick_label (cairo_t *cr,
                   double   lo,
                   double   hi,
                   double   step,
                   int      decimals)
{
  double widest = 0;

  for (double k = ceil (lo / step - 1e-9); k * step <= hi + 1e-9; k++)
    {
      g_autofree char *label = format_value (k * step, decimals, FALSE);
      double w, h;

      text_size (cr, label, FONT, &w, &h);
      widest = MAX (widest, w);
    }
  return widest;
}

/* Bar labels: the widest (ellipsized) label, whether they must slant, how many to skip. */
static double
bar_labels_height (cairo_t                  *cr,
                   const AngioScorePlotData *data,
                   double                    plot_width,
                   Frame                    *f)
{
  double widest = 0, line_h = 0, slot = plot_width / MAX (1, data->n);

  for (guint i = 0; i < data->n; i++)
    {
      char buffer[16];
      double w;

      text_size (cr, case_label (data, i, buffer), FONT, &w, &line_h);
      widest = MAX (widest, MIN (w, MAX_LABEL_WIDTH));
    }
  f->slanted = widest + 4 > slot;
  f->label_stride = 1;
  if (!f->slanted)
    return line_h;
  /* Slanted at 45°, neighbours are slot / √2 apart across their lines. */
  f->label_stride = (guint) MAX (1, ceil ((line_h + 1) / (slot * G_SQRT2 / 2)));
  return (widest + line_h) * G_SQRT2 / 2;
}

static void
axis_ranges (AngioScorePlotKind        kind,
             const AngioScorePlotData *data,
             const double              extent[4],
             double                    width,
             double                    height,
             Frame                    *f)
{
  if (kind == ANGIO_SCORE_PLOT_FFR_SCATTER)
    {
      /* 0.4–1.0 on both, widened to the data by tenths, never beyond 0–1.2. */
      double lo = CLAMP (MIN (0.4, floor (MIN (extent[0], extent[2]) * 10 + 1e-9) / 10), 0, 0.4);
      double hi = CLAMP (MAX (1.0, ceil (MAX (extent[1], extent[3]) * 10 - 1e-9) / 10), 1.0, 1.2);

      f->x_step = f->y_step = hi - lo > 0.75 ? 0.2 : 0.1;
      f->x_lo = f->y_lo = floor (lo / f->x_step + 1e-9) * f->x_step;
      f->x_hi = f->y_hi = MIN (1.2, ceil (hi / f->x_step - 1e-9) * f->x_step);
      f->x_decimals = f->y_decimals = 2;
    }
  else if (kind == ANGIO_SCORE_PLOT_BLAND_ALTMAN)
    {
      double y_lo = MIN (0, extent[2]), y_hi = MAX (0, extent[3]);
      double pad_x = MAX (0.02, 0.05 * (extent[1] - extent[0]));

      const double lines[] = { data->bias, data->loa_low, data->loa_high };

      for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
        if (isfinite (lines[i]))
          {
            y_lo = MIN (y_lo, lines[i]);
            y_hi = MAX (y_hi, lines[i]);
          }
      nice_axis (extent[0] - pad_x, extent[1] + pad_x, width - 200, 70, &f->x_step, &f->x_lo,
                 &f->x_hi);
      nice_axis (y_lo - 0.08 * (y_hi - y_lo), y_hi + 0.08 * (y_hi - y_lo), height - 100, 40,
                 &f->y_step, &f->y_lo, &f->y_hi);
      f->x_decimals = decimals_for (f->x_step, 2);
      f->y_decimals = decimals_for (f->y_step, 2);
    }
  else
    {
      f->x_step = 0;
      f->x_lo = -0.5;
      f->x_hi = MAX (1, data->n) - 0.5;
      f->y_lo = 0;
      f->y_hi = 1;
      f->y_step = height - 100 < 150 ? 0.25 : 0.2;
      f->y_decimals = f->y_step == 0.2 ? 1 : 2;
    }
}

/* The FFR scatter: a square plot, so that the identity is the diagonal, centred across. */
static void
make_square (cairo_t *cr,
             Frame   *f)
{
  double side = MIN (f->right - f->left, f->bottom - f->top);
  double label_w, label_h;

  f->left += (f->right - f->left - side) / 2;
  f->right = f->left + side;
  /* Tenths when their labels fit side by side, else fifths. */
  text_size (cr, "0.00", FONT, &label_w, &label_h);
  if (f->x_step < 0.15 && side * f->x_step / (f->x_hi - f->x_lo) < label_w + 10)
    {
      f->x_step = f->y_step = 0.2;
      f->x_lo = f->y_lo = floor (f->x_lo / 0.2 + 1e-9) * 0.2;
      f->x_hi = f->y_hi = MIN (1.2, ceil (f->x_hi / 0.2 - 1e-9) * 0.2);
    }
}

/* Lays the figure out: ranges, then margins from the sizes of the labels around the plot. */
static gboolean
compute_frame (AngioScorePlotKind        kind,
               const AngioScorePlotData *data,
               cairo_t                  *cr,
               double                    width,
               double                    height,
               Frame                    *f)
{
  double extent[4], title_h, line_h, w, below;
  Line lines[3];
  guint n_lines;

  memset (f, 0, sizeof *f);
  f->height = height;
  if (data == NULL || (f->n_finite = data_extent (kind, data, extent)) == 0)
    return FALSE;
  axis_ranges (kind, data, extent, width, height, f);

  text_size (cr, "Ag", FONT_TITLE, &w, &title_h);
  text_size (cr, "Ag", FONT, &w, &line_h);
  n_lines = line_labels (kind, data, lines);
  for (guint i = 0; i < n_lines; i++)
    {
      double h;

      text_size (cr, lines[i].text, FONT, &w, &h);
      f->right_labels_width = MAX (f->right_labels_width, w);
      g_free (lines[i].text);
    }
  f->y_labels_width = widest_tick_label (cr, f->y_lo, f->y_hi, f->y_step, f->y_decimals);
  f->left = PAD + line_h + 8 + f->y_labels_width + 4 + TICK;
  f->top = PAD + title_h + 10;
  f->right = width - PAD - (n_lines > 0 ? f->right_labels_width + 8 : 6);
  below = line_h;
  if (kind == ANGIO_SCORE_PLOT_DICE_BARS)
    below = bar_labels_height (cr, data, f->right - f->left, f);
  f->bottom = height - PAD - line_h - 6 - below - 4 - TICK;
  if (kind == ANGIO_SCORE_PLOT_FFR_SCATTER)
    make_square (cr, f);
  f->right = MAX (f->right, f->left + 1);
  f->bottom = MAX (f->bottom, f->top + 1);
  return TRUE;
}

static double
fx (const Frame *f,
    double       x)
{
  return f->left + (x - f->x_lo) / (f->x_hi - f->x_lo) * (f->right - f->left);
}

static double
fy (const Frame *f,
    double       y)
{
  return f->bottom - (y - f->y_lo) / (f->y_hi - f->y_lo) * (f->bottom - f->top);
}

/* Where case @i's point (or the top of its bar) is drawn; FALSE when it is not. */
static gboolean
case_position (AngioScorePlotKind        kind,
               const AngioScorePlotData *data,
               const Frame              *f,
               guint                     i,
               double                   *sx,
               double                   *sy)
{
  double x, y;

  if (!case_values (kind, data, i, &x, &y))
    return FALSE;
  /* FFR beyond the axes (outside 0–1.2) is drawn on their edge rather than lost. */
  *sx = fx (f, CLAMP (x, f->x_lo, f->x_hi));
  *sy = fy (f, CLAMP (y, f->y_lo, f->y_hi));
  return TRUE;
}

static void
draw_axes (AngioScorePlotKind  kind,
           cairo_t            *cr,
           const Frame        *f)
{
  const char *x_title, *y_title;
  double line_h, w, last_label_end = -INFINITY;

  axis_titles (kind, &x_title, &y_title);
  text_size (cr, "Ag", FONT, &w, &line_h);
  cairo_set_line_width (cr, 1);
  for (double k = ceil (f->y_lo / f->y_step - 1e-9); k * f->y_step <= f->y_hi + 1e-9; k++)
    {
      g_autofree char *label = format_value (k * f->y_step, f->y_decimals, FALSE);
      double y = round (fy (f, k * f->y_step)) + 0.5;

      set_rgb (cr, &GRID);
      cairo_move_to (cr, f->left, y);
      cairo_line_to (cr, f->right, y);
      cairo_stroke (cr);
      set_rgb (cr, &FRAME);
      cairo_move_to (cr, f->left - TICK, y);
      cairo_line_to (cr, f->left, y);
      cairo_stroke (cr);
      set_rgb (cr, &MUTED);
      show_text (cr, label, FONT, f->left - TICK - 4, y, 1, 0.5);
    }
  for (double k = ceil (f->x_lo / f->x_step - 1e-9); f->x_step > 0 &&
       k * f->x_step <= f->x_hi + 1e-9; k++)
    {
      g_autofree char *label = format_value (k * f->x_step, f->x_decimals, FALSE);
      double x = round (fx (f, k * f->x_step)) + 0.5, label_w, label_h;

      set_rgb (cr, &GRID);
      cairo_move_to (cr, x, f->top);
      cairo_line_to (cr, x, f->bottom);
      cairo_stroke (cr);
      set_rgb (cr, &FRAME);
      cairo_move_to (cr, x, f->bottom);
      cairo_line_to (cr, x, f->bottom + TICK);
      cairo_stroke (cr);
      /* A label that would touch the one before is left out. */
      text_size (cr, label, FONT, &label_w, &label_h);
      if (x - label_w / 2 < last_label_end + 6)
        continue;
      last_label_end = x + label_w / 2;
      set_rgb (cr, &MUTED);
      show_text (cr, label, FONT, x, f->bottom + TICK + 3, 0.5, 0);
    }
  set_rgb (cr, &FRAME);
  cairo_rectangle (cr, round (f->left) + 0.5, round (f->top) + 0.5,
                   round (f->right) - round (f->left), round (f->bottom) - round (f->top));
  cairo_stroke (cr);

  set_rgb (cr, &REFERENCE);
  show_text (cr, x_title, FONT, (f->left + f->right) / 2, f->height - PAD, 0.5, 1);
  cairo_save (cr);
  cairo_translate (cr, f->left - TICK - 4 - f->y_labels_width - 8 - line_h,
                   (f->top + f->bottom) / 2);
  cairo_rotate (cr, -G_PI / 2);
  show_text (cr, y_title, FONT, 0, 0, 0.5, 0);
  cairo_restore (cr);
}

/* @text on a white box, so that it stays readable over points and grid lines. */
static void
show_boxed (cairo_t    *cr,
            const char *text,
            double      x,
            double      y,
            double      xalign,
            double      yalign)
{
  double w, h;

  text_size (cr, text, FONT, &w, &h);
  cairo_rectangle (cr, round (x - xalign * w) - 3, round (y - yalign * h) - 1, w + 6, h + 2);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
  cairo_fill (cr);
  set_rgb (cr, &REFERENCE);
  show_text (cr, text, FONT, x, y, xalign, yalign);
}

static void
dashed (cairo_t *cr)
{
  static const double dashes[] = { 6, 4 };

  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
}

/* Bland–Altman's bias and limits of agreement, or the mean Dice: lines across the plot,
 * labelled right of it, the labels pushed apart when the lines are close. */
static void
draw_lines (AngioScorePlotKind        kind,
            const AngioScorePlotData *data,
            cairo_t                  *cr,
            const Frame              *f)
{
  Line lines[3];
  double line_h, w, label_y = -INFINITY;
  guint n = line_labels (kind, data, lines);

  text_size (cr, "Ag", FONT, &w, &line_h);
  cairo_set_line_width (cr, 1.5);
  for (guint i = 0; i < n; i++)    /* top to bottom */
    {
      double y = round (fy (f, lines[i].value)) + 0.5;
      gboolean limit = lines[i].limit;

      set_rgb (cr, limit ? &ORANGE : &REFERENCE);
      if (limit || kind == ANGIO_SCORE_PLOT_DICE_BARS)
        dashed (cr);
      cairo_move_to (cr, f->left, y);
      cairo_line_to (cr, f->right, y);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      label_y = MAX (y, label_y + line_h);
      set_rgb (cr, limit ? &ORANGE_TEXT : &REFERENCE);
      show_text (cr, lines[i].text, FONT, f->right + 6, label_y, 0, 0.5);
      g_free (lines[i].text);
    }
}

static void
draw_points (AngioScorePlotKind        kind,
             const AngioScorePlotData *data,
             cairo_t                  *cr,
             const Frame              *f,
             gint                      highlight)
{
  double x, y;

  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < data->n; i++)
    {
      if (!case_position (kind, data, f, i, &x, &y))
        continue;
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, POINT_RADIUS, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, BLUE.r, BLUE.g, BLUE.b, 0.6);
      cairo_fill_preserve (cr);
      set_rgb (cr, &BLUE);
      cairo_stroke (cr);
    }
  if (highlight < 0 || !case_position (kind, data, f, highlight, &x, &y))
    return;
  cairo_arc (cr, x, y, POINT_RADIUS + 1.5, 0, 2 * G_PI);
  set_rgb (cr, &BLUE_DARK);
  cairo_fill (cr);
  cairo_arc (cr, x, y, POINT_RADIUS + 4.5, 0, 2 * G_PI);
  cairo_set_line_width (cr, 1.5);
  set_rgb (cr, &REFERENCE);
  cairo_stroke (cr);
}

static void
draw_bland_altman (const AngioScorePlotData *data,
                   cairo_t                  *cr,
                   const Frame              *f,
                   gint                      highlight)
{
  if (f->y_lo < 0 && f->y_hi > 0)
    {
      double y = round (fy (f, 0)) + 0.5;

      cairo_set_line_width (cr, 1);
      set_rgb (cr, &FRAME);
      cairo_move_to (cr, f->left, y);
      cairo_line_to (cr, f->right, y);
      cairo_stroke (cr);
    }
  draw_lines (ANGIO_SCORE_PLOT_BLAND_ALTMAN, data, cr, f);
  draw_points (ANGIO_SCORE_PLOT_BLAND_ALTMAN, data, cr, f, highlight);
}

/* The counts of the four outcomes at the cut-off, each in the corner of its quadrant away from
 * the identity line, where points are fewest. */
static void
draw_quadrant_counts (const AngioScorePlotData *data,
                      cairo_t                  *cr,
                      const Frame              *f)
{
  guint tp = 0, fn = 0, fp = 0, tn = 0;
  double c = data->cutoff, x = fx (f, c);
  g_autofree char *tp_text = NULL, *fn_text = NULL, *fp_text = NULL, *tn_text = NULL;

  for (guint i = 0; i < data->n; i++)
    {
      double ref = data->reference[i], pred = data->predicted[i];

      if (!isfinite (ref) || !isfinite (pred))
        continue;
      if (ref <= c && pred <= c)
        tp++;
      else if (ref <= c)
        fn++;
      else if (pred <= c)
        fp++;
      else
        tn++;
    }
  /* Translators: counts of the quadrants of the FFR scatter plot at the cut-off: true
   * positives, false negatives, false positives, true negatives (positive: FFR ≤ cut-off) */
  tp_text = g_strdup_printf (_("TP %u"), tp);
  fn_text = g_strdup_printf (_("FN %u"), fn);
  fp_text = g_strdup_printf (_("FP %u"), fp);
  tn_text = g_strdup_printf (_("TN %u"), tn);
  show_boxed (cr, fn_text, f->left + 6, f->top + 5, 0, 0);
  show_boxed (cr, tn_text, x + 6, f->top + 5, 0, 0);
  show_boxed (cr, tp_text, x - 6, f->bottom - 5, 1, 1);
  show_boxed (cr, fp_text, f->right - 6, f->bottom - 5, 1, 1);
}

static void
draw_ffr_scatter (const AngioScorePlotData *data,
                  cairo_t                  *cr,
                  const Frame              *f,
                  gint                      highlight)
{
  double c = data->cutoff;

  cairo_set_line_width (cr, 1);
  cairo_set_source_rgba (cr, REFERENCE.r, REFERENCE.g, REFERENCE.b, 0.7);
  cairo_move_to (cr, fx (f, f->x_lo), fy (f, f->y_lo));
  cairo_line_to (cr, fx (f, f->x_hi), fy (f, f->y_hi));
  cairo_stroke (cr);
  if (isfinite (c) && c > f->x_lo && c < f->x_hi)
    {
      double x = round (fx (f, c)) + 0.5, y = round (fy (f, c)) + 0.5;

      cairo_set_line_width (cr, 1.5);
      set_rgb (cr, &ORANGE);
      dashed (cr);
      cairo_move_to (cr, x, f->top);
      cairo_line_to (cr, x, f->bottom);
      cairo_move_to (cr, f->left, y);
      cairo_line_to (cr, f->right, y);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      draw_points (ANGIO_SCORE_PLOT_FFR_SCATTER, data, cr, f, highlight);
      draw_quadrant_counts (data, cr, f);
      return;
    }
  draw_points (ANGIO_SCORE_PLOT_FFR_SCATTER, data, cr, f, highlight);
}

static void
draw_bar_labels (const AngioScorePlotData *data,
                 cairo_t                  *cr,
                 const Frame              *f)
{
  set_rgb (cr, &MUTED);
  for (guint i = 0; i < data->n; i += f->label_stride)
    {
      char buffer[16];
      PangoLayout *layout = make_layout (cr, case_label (data, i, buffer), FONT);
      double x = fx (f, i), y = f->bottom + TICK + 3;
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      if (w > MAX_LABEL_WIDTH)
        {
          pango_layout_set_width (layout, MAX_LABEL_WIDTH * PANGO_SCALE);
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
          pango_layout_get_pixel_size (layout, &w, &h);
        }
      cairo_save (cr);
      if (f->slanted)
        {
          /* Ending under the bar, rising to the right. */
          cairo_translate (cr, round (x - h * G_SQRT2 / 4), round (y));
          cairo_rotate (cr, -G_PI / 4);
          cairo_move_to (cr, -w, 0);
        }
      else
        cairo_move_to (cr, round (x - w / 2.0), round (y));
      pango_cairo_show_layout (cr, layout);
      cairo_restore (cr);
      g_object_unref (layout);
    }
}

static void
draw_dice_bars (const AngioScorePlotData *data,
                cairo_t                  *cr,
                const Frame              *f,
                gint                      highlight)
{
  double slot = (f->right - f->left) / MAX (1, data->n);
  double half = MAX (1, MIN (slot * 0.35, 18)), base = round (fy (f, 0));

  for (guint i = 0; i < data->n; i++)
    {
      double x = fx (f, i), v = data->predicted[i];

      if (highlight == (gint) i)
        {
          cairo_rectangle (cr, x - slot / 2, f->top + 1, slot, f->bottom - f->top - 1);
          cairo_set_source_rgba (cr, BLUE.r, BLUE.g, BLUE.b, 0.1);
          cairo_fill (cr);
        }
      if (!isfinite (v))
        {
          set_rgb (cr, &MUTED);
          show_text (cr, "—", FONT_TITLE, x, base - 6, 0.5, 1);
          continue;
        }
      cairo_rectangle (cr, round (x - half), round (fy (f, CLAMP (v, 0, 1))),
                       round (x + half) - round (x - half),
                       base - round (fy (f, CLAMP (v, 0, 1))));
      set_rgb (cr, highlight == (gint) i ? &BLUE_DARK : &BLUE);
      cairo_fill (cr);
    }
  draw_lines (ANGIO_SCORE_PLOT_DICE_BARS, data, cr, f);
  draw_bar_labels (data, cr, f);
}

/* The title on the left, the number of cases plotted on the right when there is room. */
static void
draw_title (AngioScorePlotKind  kind,
            cairo_t            *cr,
            const Frame        *f,
            double              width)
{
  g_autofree char *count = NULL;
  double title_w, count_w, h;

  text_size (cr, plot_title (kind), FONT_TITLE, &title_w, &h);
  set_rgb (cr, &INK);
  show_text (cr, plot_title (kind), FONT_TITLE, PAD, PAD, 0, 0);
  if (f->n_finite == 0)
    return;
  /* Translators: the number of cases in a plot */
  count = g_strdup_printf (_("n = %u"), f->n_finite);
  text_size (cr, count, FONT, &count_w, &h);
  if (PAD + title_w + 16 + count_w > width - PAD)
    return;
  set_rgb (cr, &MUTED);
  show_text (cr, count, FONT, width - PAD, PAD + 1, 1, 0);
}

static void
draw_plot (AngioScorePlotKind        kind,
           const AngioScorePlotData *data,
           cairo_t                  *cr,
           double                    width,
           double                    height,
           gint                      highlight)
{
  Frame f;
  gboolean any;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  any = compute_frame (kind, data, cr, width, height, &f);
  draw_title (kind, cr, &f, width);
  if (!any)
    {
      set_rgb (cr, &MUTED);
      show_text (cr, _("No data"), FONT, width / 2, height / 2, 0.5, 0.5);
      cairo_restore (cr);
      return;
    }
  draw_axes (kind, cr, &f);
  switch (kind)
    {
    case ANGIO_SCORE_PLOT_BLAND_ALTMAN:
      draw_bland_altman (data, cr, &f, highlight);
      break;
    case ANGIO_SCORE_PLOT_FFR_SCATTER:
      draw_ffr_scatter (data, cr, &f, highlight);
      break;
    case ANGIO_SCORE_PLOT_DICE_BARS:
    default:
      draw_dice_bars (data, cr, &f, highlight);
      break;
    }
  cairo_restore (cr);
}

void
angio_score_plot_draw (AngioScorePlotKind        kind,
                       const AngioScorePlotData *data,
                       cairo_t                  *cr,
                       double                    width,
                       double                    height)
{
  g_return_if_fail (cr != NULL);

  draw_plot (kind, data, cr, width, height, -1);
}

/* For measuring text where there is nothing to draw on: the hit test, the positions. */
static cairo_t *
scratch_context (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);

  cairo_surface_destroy (surface);
  return cr;
}

gboolean
angio_score_plot_value_position (AngioScorePlotKind        kind,
                                 const AngioScorePlotData *data,
                                 double                    width,
                                 double                    height,
                                 double                    x,
                                 double                    y,
                                 double                   *sx,
                                 double                   *sy)
{
  cairo_t *cr = scratch_context ();
  Frame f;
  gboolean any = compute_frame (kind, data, cr, width, height, &f);

  cairo_destroy (cr);
  if (!any)
    return FALSE;
  if (sx != NULL)
    *sx = fx (&f, x);
  if (sy != NULL)
    *sy = fy (&f, y);
  return TRUE;
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *bytes,
              unsigned int         length)
{
  g_byte_array_append (closure, bytes, length);
  return CAIRO_STATUS_SUCCESS;
}

/* @bytes to @path under a temporary name beside it, then renamed over it. */
static gboolean
write_file (const char    *path,
            const char    *name,
            GByteArray    *bytes,
            GError       **error)
{
  g_autofree char *tmp = g_strconcat (path, ".XXXXXX", NULL);
  int fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666);
  gsize done = 0;
  int saved;

  if (fd < 0)
    goto failed;
  while (done < bytes->len)
    {
      gssize n = write (fd, bytes->data + done, bytes->len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto failed;
      done += n;
    }
  if (g_fsync (fd) != 0)
    goto failed;
  if (!g_close (fd, NULL))
    {
      fd = -1;
      goto failed;
    }
  fd = -1;
  if (g_rename (tmp, path) != 0)
    goto failed;
  return TRUE;

failed:
  saved = errno;
  if (fd >= 0)
    {
      close (fd);
      fd = -1;
    }
  g_unlink (tmp);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("%s: cannot write (%s)"),
               name, g_strerror (saved));
  return FALSE;
}

gboolean
angio_score_plot_save (AngioScorePlotKind        kind,
                       const AngioScorePlotData *data,
                       const char               *path,
                       double                    width,
                       double                    height,
                       GError                  **error)
{
  g_autofree char *lower = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GByteArray) bytes = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  gboolean svg;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (width >= 1 && height >= 1 && width <= 32767 && height <= 32767, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  name = g_filename_display_name (path);
  svg = g_str_has_suffix (lower, ".svg");
  if (!svg && !g_str_has_suffix (lower, ".png"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("%s: cannot write (the name must end in .png or .svg)"), name);
      return FALSE;
    }
  bytes = g_byte_array_new ();
  if (svg)
    {
      surface = cairo_svg_surface_create_for_stream (append_bytes, bytes, width, height);
      /* Sized in pixels like the PNG (cairo's default unit is the point). */
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
    }
  else
    surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, ceil (width), ceil (height));
  cr = cairo_create (surface);
  draw_plot (kind, data, cr, width, height, -1);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && !svg)
    status = cairo_surface_write_to_png_stream (surface, append_bytes, bytes);
  cairo_surface_finish (surface);    /* an SVG surface writes out here */
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s: cannot write (%s)"), name,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return write_file (path, name, bytes, error);
}

/* The widget. */

struct _AngioScorePlot
{
  GtkWidget parent_instance;

  AngioScorePlotKind kind;
  gboolean has_data;
  AngioScorePlotData data;     /* its arrays are the copies below */
  char **labels;               /* NULL-terminated, one per case */
  double *reference;
  double *predicted;
  gint hover;                  /* the case under the pointer; −1: none */
  gint pressed;                /* the case a click began on */
};

G_DEFINE_FINAL_TYPE (AngioScorePlot, angio_score_plot, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_KIND,
  N_PROPS
};

enum {
  CASE_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gint
case_index_at (AngioScorePlot *self,
               double          x,
               double          y)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double best_distance = HIT_RADIUS, px, py;
  gint best = -1;
  cairo_t *cr;
  Frame f;

  if (!self->has_data)
    return -1;
  cr = scratch_context ();
  if (!compute_frame (self->kind, &self->data, cr, w, h, &f))
    f.n_finite = 0;
  else if (self->kind == ANGIO_SCORE_PLOT_DICE_BARS)
    {
      /* The bar's whole column, and its label below. */
      double i = floor (f.x_lo + (x - f.left) / (f.right - f.left) * (f.x_hi - f.x_lo) + 0.5);

      if (x >= f.left && x <= f.right && y >= f.top && y < h && i >= 0 && i < self->data.n)
        best = (gint) i;
    }
  else
    for (guint i = 0; i < self->data.n; i++)
      if (case_position (self->kind, &self->data, &f, i, &px, &py)
          && hypot (px - x, py - y) <= best_distance)
        {
          best_distance = hypot (px - x, py - y);
          best = (gint) i;
        }
  cairo_destroy (cr);
  return best;
}

const char *
angio_score_plot_case_at (AngioScorePlot *self,
                          double          x,
                          double          y)
{
  gint i;

  g_return_val_if_fail (ANGIO_IS_SCORE_PLOT (self), NULL);

  i = case_index_at (self, x, y);
  return i >= 0 ? self->labels[i] : NULL;
}

static char *
case_tooltip (AngioScorePlot *self,
              guint           i)
{
  double ref = self->reference != NULL ? self->reference[i] : NAN;
  double pred = self->predicted != NULL ? self->predicted[i] : NAN;
  g_autofree char *ref_text = format_value (ref, 2, FALSE);
  g_autofree char *pred_text = format_value (pred, 2, FALSE);
  g_autofree char *diff_text = format_value (pred - ref, 2, TRUE);

  if (self->kind != ANGIO_SCORE_PLOT_DICE_BARS)
    /* Translators: tooltip of a case in the FFR plots: case id, wire FFR, predicted FFR and
     * predicted − wire */
    return g_strdup_printf (_("%s\nWire FFR %s, predicted %s (%s)"), self->labels[i], ref_text,
                            pred_text, diff_text);
  if (!isfinite (pred))
    /* Translators: tooltip of a case without a Dice score (no mask to compare) */
    return g_strdup_printf (_("%s\nNo Dice score"), self->labels[i]);
  /* Translators: tooltip of a case in the Dice plot: case id, Dice */
  return g_strdup_printf (_("%s\nDice %s"), self->labels[i], pred_text);
}

static void
set_hover (AngioScorePlot *self,
           gint            index)
{
  g_autofree char *tooltip = NULL;

  if (self->hover == index)
    return;
  self->hover = index;
  if (index >= 0)
    tooltip = case_tooltip (self, index);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), index >= 0 ? "pointer" : NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           AngioScorePlot           *self)
{
  set_hover (self, case_index_at (self, x, y));
}

static void
on_leave (GtkEventControllerMotion *controller,
          AngioScorePlot           *self)
{
  set_hover (self, -1);
}

static void
on_pressed (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            AngioScorePlot  *self)
{
  self->pressed = case_index_at (self, x, y);
}

/* A click is a press and a release on the same case. */
static void
on_released (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             AngioScorePlot  *self)
{
  gint index = case_index_at (self, x, y);

  if (index >= 0 && index == self->pressed)
    g_signal_emit (self, signals[CASE_ACTIVATED], 0, self->labels[index]);
  self->pressed = -1;
}

static void
angio_score_plot_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  AngioScorePlot *self = ANGIO_SCORE_PLOT (widget);
  double w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (w < 1 || h < 1)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  draw_plot (self->kind, self->has_data ? &self->data : NULL, cr, w, h, self->hover);
  cairo_destroy (cr);
}

static void
angio_score_plot_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 320 : 240;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 360;
}

static void
clear_data (AngioScorePlot *self)
{
  g_clear_pointer (&self->labels, g_strfreev);
  g_clear_pointer (&self->reference, g_free);
  g_clear_pointer (&self->predicted, g_free);
  memset (&self->data, 0, sizeof self->data);
  self->has_data = FALSE;
}

static void
angio_score_plot_finalize (GObject *object)
{
  clear_data (ANGIO_SCORE_PLOT (object));
  G_OBJECT_CLASS (angio_score_plot_parent_class)->finalize (object);
}

static void
angio_score_plot_constructed (GObject *object)
{
  G_OBJECT_CLASS (angio_score_plot_parent_class)->constructed (object);
  gtk_accessible_update_property (GTK_ACCESSIBLE (object), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  plot_title (ANGIO_SCORE_PLOT (object)->kind), -1);
}

static void
angio_score_plot_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  AngioScorePlot *self = ANGIO_SCORE_PLOT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_score_plot_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  AngioScorePlot *self = ANGIO_SCORE_PLOT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_score_plot_class_init (AngioScorePlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = angio_score_plot_finalize;
  object_class->constructed = angio_score_plot_constructed;
  object_class->get_property = angio_score_plot_get_property;
  object_class->set_property = angio_score_plot_set_property;
  widget_class->snapshot = angio_score_plot_snapshot;
  widget_class->measure = angio_score_plot_measure;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, ANGIO_TYPE_SCORE_PLOT_KIND,
                       ANGIO_SCORE_PLOT_BLAND_ALTMAN,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AngioScorePlot::case-activated:
   * @case_id: the id of the case clicked
   */
  signals[CASE_ACTIVATED] =
    g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_css_name (widget_class, "score-plot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
angio_score_plot_init (AngioScorePlot *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  self->hover = -1;
  self->pressed = -1;
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  g_signal_connect (click, "released", G_CALLBACK (on_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

GtkWidget *
angio_score_plot_new (AngioScorePlotKind kind)
{
  return g_object_new (ANGIO_TYPE_SCORE_PLOT, "kind", kind, NULL);
}

AngioScorePlotKind
angio_score_plot_get_kind (AngioScorePlot *self)
{
  g_return_val_if_fail (ANGIO_IS_SCORE_PLOT (self), ANGIO_SCORE_PLOT_BLAND_ALTMAN);
  return self->kind;
}

void
angio_score_plot_set_data (AngioScorePlot           *self,
                           const AngioScorePlotData *data)
{
  g_return_if_fail (ANGIO_IS_SCORE_PLOT (self));

  set_hover (self, -1);
  self->pressed = -1;
  clear_data (self);
  if (data != NULL)
    {
      self->data = *data;
      self->labels = g_new0 (char *, data->n + 1);
      for (guint i = 0; i < data->n; i++)
        {
          char buffer[16];

          self->labels[i] = g_strdup (case_label (data, i, buffer));
        }
      if (data->reference != NULL)
        self->reference = g_memdup2 (data->reference, data->n * sizeof (double));
      if (data->predicted != NULL)
        self->predicted = g_memdup2 (data->predicted, data->n * sizeof (double));
      self->data.labels = (const char *const *) self->labels;
      self->data.reference = self->reference;
      self->data.predicted = self->predicted;
      self->has_data = TRUE;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const AngioScorePlotData *
angio_score_plot_get_data (AngioScorePlot *self)
{
  g_return_val_if_fail (ANGIO_IS_SCORE_PLOT (self), NULL);
  return self->has_data ? &self->data : NULL;
}
