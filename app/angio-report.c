/* angio-report.c — see angio-report.h. One A4 page laid out in points. */
#define G_LOG_DOMAIN "angio-report"

#include "config.h"

#include <math.h>

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "angio-case-text.h"
#include "angio-diameter-plot.h"
#include "angio-report.h"
#include "angio-series.h"

#define MARGIN 40.0
#define CONTENT_WIDTH (ANGIO_REPORT_PAGE_WIDTH - 2 * MARGIN)
#define FONT "Sans 8"
#define SMALL_FONT "Sans 7"

struct _AngioReport
{
  GObject parent_instance;

  AngioCase *kase;
  AngioCaseSeries *run;
  AngioLesion *lesion;          /* nullable */
  char *case_label;
  char *reader;
  double window_center, window_width;
  gboolean invert;
  gboolean show_patient_name;
  GDateTime *date;
};

G_DEFINE_FINAL_TYPE (AngioReport, angio_report, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SHOW_PATIENT_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Text */

/* @text at (@x, @y) in @font, wrapped at @width (≤ 0: not), aligned; returns its height. */
static double
put_text (cairo_t        *cr,
          const char     *font,
          double          x,
          double          y,
          double          width,
          PangoAlignment  align,
          const char     *text)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *description = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_alignment (layout, align);
    }
  pango_layout_set_text (layout, text ? text : "–", -1);
  pango_layout_get_size (layout, &w, &h);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
  return (double) h / PANGO_SCALE;
}

/* A title and its value on a line: the title dim, the value beside it; returns the height. */
static double
put_pair (cairo_t    *cr,
          double      x,
          double      y,
          double      title_width,
          double      width,
          const char *title,
          const char *value)
{
  double h1, h2;

  cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
  h1 = put_text (cr, FONT, x, y, title_width - 4, PANGO_ALIGN_LEFT, title);
  cairo_set_source_rgb (cr, 0, 0, 0);
  h2 = put_text (cr, FONT, x + title_width, y, width - title_width, PANGO_ALIGN_LEFT, value);
  return MAX (h1, h2) + 2;
}

static double
put_heading (cairo_t    *cr,
             double      x,
             double      y,
             const char *text)
{
  cairo_set_source_rgb (cr, 0, 0, 0);
  return put_text (cr, "Sans Bold 9.5", x, y, -1, PANGO_ALIGN_LEFT, text) + 3;
}

/* Who and what */

/* The patient's name as DICOM has it ("DOE^JOHN" → "DOE JOHN"), or NULL. */
static char *
patient_name (AngioReport *self)
{
  AngioSeries *series = angio_case_series_get_series (self->run);
  const AngioDicomMeta *meta = series ? angio_series_get_meta (series) : NULL;

  for (guint i = 0; meta != NULL && i < meta->identifiers->len; i++)
    {
      const AngioDicomAttribute *a = g_ptr_array_index (meta->identifiers, i);

      if (g_strcmp0 (a->keyword, "PatientName") == 0 && a->value != NULL && *a->value != '\0')
        return g_strdelimit (g_strdup (a->value), "^", ' ');
    }
  return NULL;
}

/* The frame the report shows: the lesion's, else the run's key frame, else the first. */
static guint
report_frame (AngioReport *self)
{
  gint key;

  if (self->lesion != NULL)
    return angio_lesion_get_frame (self->lesion);
  key = angio_case_get_best_key_frame (self->kase);
  return key >= 0 && (guint) key < angio_case_series_get_n_frames (self->run) ? (guint) key : 0;
}

static double
draw_header (AngioReport *self,
             cairo_t     *cr,
             double       y)
{
  g_autofree char *version = g_strdup_printf ("Angiomark %s", PACKAGE_VERSION);
  g_autofree char *date = g_date_time_format (self->date, "%Y-%m-%d %H:%M");
  g_autofree char *name = self->show_patient_name ? patient_name (self) : NULL;
  AngioSeries *series = angio_case_series_get_series (self->run);
  const AngioDicomMeta *meta = series ? angio_series_get_meta (series) : NULL;
  guint frame = report_frame (self), n = angio_case_series_get_n_frames (self->run);
  g_autofree char *run = NULL;
  g_autofree char *frame_text = NULL;
  double x2 = MARGIN + CONTENT_WIDTH / 2, h, h2;

  cairo_set_source_rgb (cr, 0, 0, 0);
  h = put_text (cr, "Sans Bold 15", MARGIN, y, -1, PANGO_ALIGN_LEFT,
                _("Quantitative angiography report"));
  cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
  put_text (cr, SMALL_FONT, MARGIN, y + 4, CONTENT_WIDTH, PANGO_ALIGN_RIGHT, version);
  y += h + 2;
  cairo_set_line_width (cr, 0.6);
  cairo_move_to (cr, MARGIN, y);
  cairo_line_to (cr, MARGIN + CONTENT_WIDTH, y);
  cairo_stroke (cr);
  y += 6;

  /* Translators: the run in the report: its id in the case, its angles, frames, frame rate */
  run = g_strdup_printf (_("%s · LAO/RAO %.0f°, CRA/CAU %.0f° · %u frames at %.1f frames/s"),
                         angio_case_series_get_id (self->run),
                         meta ? meta->primary_angle_deg : NAN,
                         meta ? meta->secondary_angle_deg : NAN, n,
                         series ? angio_series_get_fps (series) : NAN);
  /* Translators: the frame of the report: DICOM frame number (from 1) of the number of frames,
   * then its index in exported files (from 0) */
  frame_text = g_strdup_printf (_("%u of %u (DICOM) · f%u in files"), frame + 1, n, frame);
  h = put_pair (cr, MARGIN, y, 62, CONTENT_WIDTH / 2, _("Case"), self->case_label);
  h2 = put_pair (cr, x2, y, 62, CONTENT_WIDTH / 2, _("Reader"), self->reader);
  y += MAX (h, h2);
  h = put_pair (cr, MARGIN, y, 62, CONTENT_WIDTH / 2, _("Patient"),
                name ? name : _("not shown (the case’s pseudonym instead)"));
  h2 = put_pair (cr, x2, y, 62, CONTENT_WIDTH / 2, _("Date"), date);
  y += MAX (h, h2);
  h = put_pair (cr, MARGIN, y, 62, CONTENT_WIDTH / 2, _("Run"), run);
  h2 = put_pair (cr, x2, y, 62, CONTENT_WIDTH / 2, _("Status"),
                 angio_case_status_describe (angio_case_get_status (self->kase)));
  y += MAX (h, h2);
  y += put_pair (cr, MARGIN, y, 62, CONTENT_WIDTH, _("Frame"), frame_text);
  return y + 6;
}

/* Images */

/* The frame through the report's window, as a Cairo image (NULL if not decoded). */
static cairo_surface_t *
frame_surface (AngioReport *self,
               guint        frame)
{
  AngioSeries *series = angio_case_series_get_series (self->run);
  const guint16 *pixels = series ? angio_series_get_frame (series, frame) : NULL;
  guint cols, rows;
  cairo_surface_t *surface;
  guint8 *data;
  int stride;
  double low = self->window_center - self->window_width / 2;
  double width = MAX (self->window_width, 1);

  if (pixels == NULL)
    return NULL;
  cols = angio_series_get_cols (series);
  rows = angio_series_get_rows (series);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) cols, (int) rows);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (guint y = 0; y < rows; y++)
    {
      guint32 *line = (guint32 *) (data + (gsize) y * stride);

      for (guint x = 0; x < cols; x++)
        {
          double v = CLAMP ((pixels[(gsize) y * cols + x] - low) / width, 0, 1);
          guint32 g = (guint32) lround ((self->invert ? 1 - v : v) * 255);

          line[x] = 0xff000000u | g << 16 | g << 8 | g;
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* A scale bar of a round number of mm at the bottom left of a box @box_x, @box_y, @box_h,
 * @points_per_px points for an image pixel. */
static void
draw_scale_bar (AngioReport *self,
                cairo_t     *cr,
                double       box_x,
                double       box_y,
                double       box_h,
                double       points_per_px)
{
  static const double lengths[] = { 1, 2, 5, 10, 20, 50 };
  double mm_per_px = angio_case_series_get_mm_per_px (self->run), mm = 0, length = 0;
  g_autofree char *label = NULL;

  if (!isfinite (mm_per_px))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (lengths) && length < 30; i++)
    {
      mm = lengths[i];
      length = mm / mm_per_px * points_per_px;
    }
  /* Translators: the length of the scale bar, e.g. "10 mm" */
  label = g_strdup_printf (_("%g mm"), mm);
  cairo_rectangle (cr, box_x + 4, box_y + box_h - 24, MAX (length, 28) + 8, 20);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.65);
  cairo_fill (cr);
  cairo_move_to (cr, box_x + 8, box_y + box_h - 8);
  cairo_line_to (cr, box_x + 8 + length, box_y + box_h - 8);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  put_text (cr, SMALL_FONT, box_x + 8, box_y + box_h - 22, -1, PANGO_ALIGN_LEFT, label);
}

static void
polyline (cairo_t          *cr,
          const AngioPoint *points,
          guint             n)
{
  for (guint i = 0; i < n; i++)
    if (i == 0)
      cairo_move_to (cr, points[i].x, points[i].y);
    else
      cairo_line_to (cr, points[i].x, points[i].y);
}

/* In image coordinates, lines @points wide on the page. */
static void
set_line (cairo_t *cr,
          double   points)
{
  double dx = points, dy = 0;

  cairo_device_to_user_distance (cr, &dx, &dy);
  cairo_set_line_width (cr, hypot (dx, dy));
}

/* The lesions of the frame: every one not rejected outlined, the report's bolder; on the
 * zoomed view also its borders, reference markers and MLD. */
static void
draw_contours (AngioReport *self,
               cairo_t     *cr,
               guint        frame,
               gboolean     detail)
{
  GListModel *lesions = angio_case_series_get_lesions (self->run);

  for (guint i = 0; i < g_list_model_get_n_items (lesions); i++)
    {
      g_autoptr(AngioLesion) l = g_list_model_get_item (lesions, i);
      g_autoptr(GArray) outline = NULL;

      if (angio_lesion_get_frame (l) != frame ||
          angio_lesion_get_status (l) == ANGIO_STATUS_REJECTED)
        continue;
      outline = angio_lesion_get_outline (l);
      if (outline->len < 3)
        continue;
      polyline (cr, (AngioPoint *) outline->data, outline->len);
      cairo_close_path (cr);
      cairo_set_source_rgb (cr, 0.2, 0.85, 0.35);
      set_line (cr, l == self->lesion ? 1.4 : 0.8);
      cairo_stroke (cr);
    }
  if (detail && self->lesion != NULL)
    {
      const AngioStenosis *s = angio_lesion_get_measurement (self->lesion);
      const AngioVesselContour *c = s->contour;
      const AngioQca *q = s->qca;
      guint ends[] = { q->marker_prox, q->marker_dist };

      cairo_set_source_rgb (cr, 1.0, 0.85, 0.2);
      set_line (cr, 0.6);
      polyline (cr, c->left, c->n);
      cairo_stroke (cr);
      polyline (cr, c->right, c->n);
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0.35, 0.7, 1.0);
      set_line (cr, 1.2);
      for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
        if (ends[i] < c->n)
          {
            cairo_move_to (cr, c->left[ends[i]].x, c->left[ends[i]].y);
            cairo_line_to (cr, c->right[ends[i]].x, c->right[ends[i]].y);
            cairo_stroke (cr);
          }
      if (q->mld_index < c->n)
        {
          cairo_set_source_rgb (cr, 1.0, 0.45, 0.1);
          cairo_move_to (cr, c->left[q->mld_index].x, c->left[q->mld_index].y);
          cairo_line_to (cr, c->right[q->mld_index].x, c->right[q->mld_index].y);
          cairo_stroke (cr);
        }
    }
}

/* The frame in the box (@x, @y, @w, @h), its part (@ix, @iy, @iw × @ih) of image pixels scaled
 * to fit, with the contours and a scale bar. */
static void
draw_image (AngioReport     *self,
            cairo_t         *cr,
            cairo_surface_t *surface,
            guint            frame,
            double           x,
            double           y,
            double           w,
            double           h,
            double           ix,
            double           iy,
            double           iw,
            double           ih,
            gboolean         detail)
{
  double scale = MIN (w / iw, h / ih);

  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_fill_preserve (cr);
  cairo_clip (cr);
  cairo_save (cr);
  /* Image pixel (0, 0) covers [0, 1): its centre, the overlay's origin, is at 0.5. */
  cairo_translate (cr, x + (w - iw * scale) / 2, y + (h - ih * scale) / 2);
  cairo_scale (cr, scale, scale);
  cairo_translate (cr, -ix, -iy);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), detail ? CAIRO_FILTER_BILINEAR
                                                          : CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_translate (cr, 0.5, 0.5);
  draw_contours (self, cr, frame, detail);
  cairo_restore (cr);
  draw_scale_bar (self, cr, x, y, h, scale);
  cairo_restore (cr);
}

static double
draw_images (AngioReport *self,
             cairo_t     *cr,
             double       y)
{
  guint frame = report_frame (self);
  cairo_surface_t *surface = frame_surface (self, frame);
  AngioSeries *series = angio_case_series_get_series (self->run);
  double height = 200, left = 200, right = CONTENT_WIDTH - left - 10;
  double caption_h = 0;
  guint side;

  if (surface == NULL || series == NULL)
    {
      cairo_set_source_rgb (cr, 0, 0, 0);
      put_text (cr, FONT, MARGIN, y, CONTENT_WIDTH, PANGO_ALIGN_LEFT,
                _("The frame is not decoded: no image."));
      return y + 20;
    }
  side = MAX (angio_series_get_cols (series), angio_series_get_rows (series));
  draw_image (self, cr, surface, frame, MARGIN, y, left, height, 0, 0, side, side, FALSE);
  if (self->lesion != NULL)
    {
      const AngioVesselContour *c = angio_lesion_get_measurement (self->lesion)->contour;
      double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
      double iw, ih;
      g_autofree char *caption = NULL;

      for (guint i = 0; i < c->n; i++)
        {
          x0 = MIN (x0, MIN (c->left[i].x, c->right[i].x));
          x1 = MAX (x1, MAX (c->left[i].x, c->right[i].x));
          y0 = MIN (y0, MIN (c->left[i].y, c->right[i].y));
          y1 = MAX (y1, MAX (c->left[i].y, c->right[i].y));
        }
      /* The analysed segment with a margin, in the box's proportions. */
      iw = (x1 - x0) * 1.15 + 8;
      ih = (y1 - y0) * 1.15 + 8;
      if (iw / ih < right / height)
        iw = ih * right / height;
      else
        ih = iw * height / right;
      draw_image (self, cr, surface, frame, MARGIN + left + 10, y, right, height,
                  (x0 + x1) / 2 - iw / 2, (y0 + y1) / 2 - ih / 2, iw, ih, TRUE);
      /* Translators: under the zoomed view of the report: the lesion, and what is drawn */
      caption = g_strdup_printf (_("%s: borders (yellow), reference markers (blue), MLD (orange)"),
                                 angio_lesion_get_id (self->lesion));
      cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
      caption_h = put_text (cr, SMALL_FONT, MARGIN + left + 10, y + height + 2, right,
                            PANGO_ALIGN_LEFT, caption);
    }
  cairo_surface_destroy (surface);
  return y + height + caption_h + 10;
}

/* Numbers */

static double
draw_qca (AngioReport *self,
          cairo_t     *cr,
          double       x,
          double       y,
          double       width)
{
  const AngioQca *q = self->lesion ? angio_lesion_get_measurement (self->lesion)->qca : NULL;
  double mm = angio_case_series_get_mm_per_px (self->run);
  const char *vessel = self->lesion ? angio_lesion_get_vessel (self->lesion) : NULL;
  g_autofree char *title = NULL;

  if (self->lesion == NULL)
    {
      y += put_heading (cr, x, y, _("QCA"));
      return y + put_pair (cr, x, y, 0, width, "", _("No lesion measured."));
    }
  /* Translators: the heading of the report's QCA table: the lesion's id */
  title = g_strdup_printf (_("QCA of %s"), angio_lesion_get_id (self->lesion));
  y += put_heading (cr, x, y, title);
  y += put_pair (cr, x, y, 110, width, _("Vessel"), vessel ? _(vessel) : _("not named"));
  y += put_pair (cr, x, y, 110, width, _("Reference"),
                 angio_text_reference_method (angio_lesion_get_qca_params (
                                                self->lesion)->method));
  for (AngioQcaText i = 0; i < ANGIO_QCA_TEXT_N; i++)
    {
      g_autofree char *value = angio_qca_text_value (i, q, mm);

      y += put_pair (cr, x, y, 110, width, angio_qca_text_name (i), value);
    }
  return y;
}

static double
draw_pressure (AngioReport *self,
               cairo_t     *cr,
               double       x,
               double       y,
               double       width)
{
  AngioPressure *p = angio_case_get_pressure (self->kase);
  AngioFfrEstimate e;
  g_autofree char *calibration = angio_text_calibration (self->run);
  g_autofree char *wire = angio_text_ffr_verdict (angio_pressure_get_ffr (p));
  g_autofree char *estimate = NULL;
  g_autofree char *resting = NULL;
  g_autofree char *gradient = NULL;
  g_autofree char *agent = NULL;

  y += put_heading (cr, x, y, _("Calibration"));
  y += put_pair (cr, x, y, 0, width, "", calibration) + 4;
  y += put_heading (cr, x, y, _("Pressure wire and FFR"));
  for (AngioPressureField f = 0; f < ANGIO_PRESSURE_N_FIELDS; f++)
    {
      double v = angio_pressure_get_value (p, f);
      g_autofree char *text = isfinite (v) ? g_strdup_printf (_("%g mmHg"), v) : NULL;

      y += put_pair (cr, x, y, 104, width, angio_pressure_field_label (f), text);
    }
  agent = g_strdup_printf ("%s%s%s", angio_agent_label (angio_pressure_get_agent (p)),
                           angio_pressure_get_dose (p) ? ", " : "",
                           angio_pressure_get_dose (p) ? angio_pressure_get_dose (p) : "");
  y += put_pair (cr, x, y, 104, width, _("Agent"), agent);
  /* The wire's measurement beside the model's estimate. */
  y += put_pair (cr, x, y, 104, width, _("FFR (wire)"), wire);
  if (angio_case_estimate_ffr (self->kase, &e, NULL, NULL))
    estimate = angio_text_ffr_verdict (e.ffr);
  y += put_pair (cr, x, y, 104, width, _("FFR (estimate)"),
                 estimate ? estimate : _("needs a measured lesion on a calibrated run"));
  if (isfinite (angio_pressure_get_resting (p)))
    resting = g_strdup_printf ("%.2f", angio_pressure_get_resting (p));
  y += put_pair (cr, x, y, 104, width, _("Resting Pd/Pa"), resting);
  if (isfinite (angio_pressure_get_gradient (p)))
    gradient = g_strdup_printf (_("%.0f mmHg"), angio_pressure_get_gradient (p));
  return y + put_pair (cr, x, y, 104, width, _("Mean gradient"), gradient);
}

static double
draw_plot (AngioReport *self,
           cairo_t     *cr,
           double       y)
{
  g_autoptr(AngioDiameterPlot) plot = NULL;

  if (self->lesion == NULL)
    return y;
  y += put_heading (cr, MARGIN, y, _("Diameter along the vessel"));
  plot = g_object_ref_sink (ANGIO_DIAMETER_PLOT (angio_diameter_plot_new ()));
  angio_diameter_plot_set_qca (plot, angio_lesion_get_measurement (self->lesion)->qca,
                               angio_case_series_get_mm_per_px (self->run));
  cairo_save (cr);
  cairo_translate (cr, MARGIN, y);
  angio_diameter_plot_draw (plot, cr, CONTENT_WIDTH, 130, SMALL_FONT);
  cairo_restore (cr);
  return y + 136;
}

static double
draw_footer (AngioReport *self,
             cairo_t     *cr,
             double       y)
{
  AngioFfrEstimate e;
  AngioLesion *lesion = NULL;
  g_autofree char *inputs = NULL;

  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  if (angio_case_estimate_ffr (self->kase, &e, &lesion, NULL))
    {
      g_autofree char *text = angio_text_estimate_inputs (&e, lesion);

      /* Translators: in the report, what the FFR estimate was computed from */
      inputs = g_strdup_printf (_("FFR estimated from: %s."), text);
      y += put_text (cr, SMALL_FONT, MARGIN, y, CONTENT_WIDTH, PANGO_ALIGN_LEFT, inputs) + 2;
    }
  return y + put_text (cr, SMALL_FONT, MARGIN, y, CONTENT_WIDTH, PANGO_ALIGN_LEFT,
                       _("The estimated FFR is a model computed from the angiogram, not a "
                         "measurement. Frames are numbered as in DICOM, from 1; exported "
                         "files count from 0."));
}

/* The page's content from its top margin; returns where it ends. */
static double
draw_content (AngioReport *self,
              cairo_t     *cr)
{
  double y, y_left, y_right;

  y = draw_header (self, cr, MARGIN);
  y = draw_images (self, cr, y);
  y_left = draw_qca (self, cr, MARGIN, y, CONTENT_WIDTH / 2 - 8);
  y_right = draw_pressure (self, cr, MARGIN + CONTENT_WIDTH / 2 + 8, y, CONTENT_WIDTH / 2 - 8);
  y = draw_plot (self, cr, MAX (y_left, y_right) + 8);
  return draw_footer (self, cr, y + 4);
}

void
angio_report_draw (AngioReport *self,
                   cairo_t     *cr,
                   double       width,
                   double       height)
{
  cairo_surface_t *trial = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *measure = cairo_create (trial);
  double scale, bottom, fit;

  g_return_if_fail (ANGIO_IS_REPORT (self));

  /* Laid out once to measure it: a language with taller text (Chinese) or long values still
   * fit the page, a little smaller. */
  bottom = draw_content (self, measure);
  cairo_destroy (measure);
  cairo_surface_destroy (trial);
  fit = MIN (1.0, (ANGIO_REPORT_PAGE_HEIGHT - MARGIN) / bottom);
  scale = MIN (width / ANGIO_REPORT_PAGE_WIDTH, height / ANGIO_REPORT_PAGE_HEIGHT);
  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  cairo_rectangle (cr, 0, 0, ANGIO_REPORT_PAGE_WIDTH, ANGIO_REPORT_PAGE_HEIGHT);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);
  /* Shrunk about the page's top centre. */
  cairo_translate (cr, ANGIO_REPORT_PAGE_WIDTH * (1 - fit) / 2, 0);
  cairo_scale (cr, fit, fit);
  draw_content (self, cr);
  cairo_restore (cr);
}

/* Files and printing */

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *bytes,
              unsigned int         length)
{
  g_byte_array_append (closure, bytes, length);
  return CAIRO_STATUS_SUCCESS;
}

gboolean
angio_report_write_pdf (AngioReport  *self,
                        const char   *path,
                        GError      **error)
{
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  g_autofree char *title = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (ANGIO_IS_REPORT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  surface = cairo_pdf_surface_create_for_stream (append_bytes, pdf, ANGIO_REPORT_PAGE_WIDTH,
                                                 ANGIO_REPORT_PAGE_HEIGHT);
  /* Translators: the title of the report's PDF, with the case's pseudonym or id */
  title = g_strdup_printf (_("QCA report of %s"), self->case_label);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Angiomark");
  cr = cairo_create (surface);
  angio_report_draw (self, cr, ANGIO_REPORT_PAGE_WIDTH, ANGIO_REPORT_PAGE_HEIGHT);
  cairo_show_page (cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s: cannot be written: %s"), name,
                   cairo_status_to_string (status));
      return FALSE;
    }
  /* Beside it, synced, then renamed over it: never half a file. */
  return g_file_set_contents_full (path, (const char *) pdf->data, pdf->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT |
                                   G_FILE_SET_CONTENTS_DURABLE, 0666, error);
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              AngioReport       *self)
{
  angio_report_draw (self, gtk_print_context_get_cairo_context (context),
                     gtk_print_context_get_width (context),
                     gtk_print_context_get_height (context));
}

GtkPrintOperation *
angio_report_print_operation (AngioReport *self)
{
  GtkPrintOperation *operation;
  g_autofree char *title = NULL;

  g_return_val_if_fail (ANGIO_IS_REPORT (self), NULL);

  operation = gtk_print_operation_new ();
  title = g_strdup_printf (_("QCA report of %s"), self->case_label);
  gtk_print_operation_set_job_name (operation, title);
  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (on_draw_page), self, 0);
  return operation;
}

/* GObject */

AngioReport *
angio_report_new (AngioCase       *kase,
                  AngioCaseSeries *run,
                  AngioLesion     *lesion,
                  const char      *case_label,
                  const char      *reader,
                  double           window_center,
                  double           window_width,
                  gboolean         invert)
{
  AngioReport *self;

  g_return_val_if_fail (ANGIO_IS_CASE (kase), NULL);
  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (run), NULL);
  g_return_val_if_fail (lesion == NULL || ANGIO_IS_LESION (lesion), NULL);

  self = g_object_new (ANGIO_TYPE_REPORT, NULL);
  self->kase = g_object_ref (kase);
  self->run = g_object_ref (run);
  self->lesion = lesion ? g_object_ref (lesion) : NULL;
  self->case_label = g_strdup (case_label ? case_label : angio_case_get_id (kase));
  self->reader = g_strdup (reader);
  self->window_center = window_center;
  self->window_width = window_width;
  self->invert = invert;
  self->date = g_date_time_new_now_local ();
  return self;
}

const char *
angio_report_get_case_label (AngioReport *self)
{
  g_return_val_if_fail (ANGIO_IS_REPORT (self), NULL);
  return self->case_label;
}

void
angio_report_set_show_patient_name (AngioReport *self,
                                    gboolean     show)
{
  g_return_if_fail (ANGIO_IS_REPORT (self));

  show = !!show;
  if (self->show_patient_name == show)
    return;
  self->show_patient_name = show;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_PATIENT_NAME]);
}

gboolean
angio_report_get_show_patient_name (AngioReport *self)
{
  g_return_val_if_fail (ANGIO_IS_REPORT (self), FALSE);
  return self->show_patient_name;
}

static void
angio_report_dispose (GObject *object)
{
  AngioReport *self = ANGIO_REPORT (object);

  g_clear_object (&self->kase);
  g_clear_object (&self->run);
  g_clear_object (&self->lesion);
  G_OBJECT_CLASS (angio_report_parent_class)->dispose (object);
}

static void
angio_report_finalize (GObject *object)
{
  AngioReport *self = ANGIO_REPORT (object);

  g_free (self->case_label);
  g_free (self->reader);
  g_clear_pointer (&self->date, g_date_time_unref);
  G_OBJECT_CLASS (angio_report_parent_class)->finalize (object);
}

static void
angio_report_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AngioReport *self = ANGIO_REPORT (object);

  switch (prop_id)
    {
    case PROP_SHOW_PATIENT_NAME:
      g_value_set_boolean (value, self->show_patient_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_report_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  AngioReport *self = ANGIO_REPORT (object);

  switch (prop_id)
    {
    case PROP_SHOW_PATIENT_NAME:
      angio_report_set_show_patient_name (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_report_class_init (AngioReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = angio_report_dispose;
  object_class->finalize = angio_report_finalize;
  object_class->get_property = angio_report_get_property;
  object_class->set_property = angio_report_set_property;

  properties[PROP_SHOW_PATIENT_NAME] =
    g_param_spec_boolean ("show-patient-name", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
angio_report_init (AngioReport *self)
{
}
