/* angio-info-panel.c — the side panel of the viewer.
 *
 * Rows are a title and a value, keyed by a fixed id (tests read them by id). Values coming
 * from a file go through gtk_label_set_text(), never markup: a Series Description such as
 * "<b>…</b>" shows as typed. The attributes that identify a patient stay hidden until the
 * user asks, and hide again for every new run.
 */
#define G_LOG_DOMAIN "angio-info-panel"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "angio-enum-types.h"
#include "angio-info-panel.h"

struct _AngioInfoPanel
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkSizeGroup *titles;            /* one column of titles across the sections */
  GHashTable *values;              /* id → GtkLabel */
  GtkWidget *acquisition;          /* grid, rebuilt per series */
  GtkWidget *identifiers;          /* grid, filled when revealed */
  GtkWidget *reveal_button;
  GtkWidget *identifiers_note;

  AngioSession *session;
  AngioCineView *view;
  AngioSeries *series;
  GSignalGroup *session_signals;
  GSignalGroup *view_signals;
  GSignalGroup *series_signals;
};

G_DEFINE_FINAL_TYPE (AngioInfoPanel, angio_info_panel, GTK_TYPE_WIDGET)

static GtkWidget *
section (AngioInfoPanel *self,
         const char     *heading)
{
  GtkWidget *title = gtk_label_new (heading);
  GtkWidget *grid = gtk_grid_new ();

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_set_margin_top (title, 12);
  gtk_box_append (GTK_BOX (self->box), title);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_box_append (GTK_BOX (self->box), grid);
  return grid;
}

/* Adds a row to @grid and remembers its value label under @id. */
static GtkLabel *
row (AngioInfoPanel *self,
     GtkWidget      *grid,
     const char     *id,
     const char     *title)
{
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *value = gtk_label_new (NULL);
  int n = 0;

  while (gtk_grid_get_child_at (GTK_GRID (grid), 0, n) != NULL)
    n++;
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_yalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 11);
  gtk_size_group_add_widget (self->titles, name);
  gtk_widget_add_css_class (name, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_wrap (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  gtk_label_set_use_markup (GTK_LABEL (value), FALSE);
  gtk_widget_set_hexpand (value, TRUE);
  gtk_grid_attach (GTK_GRID (grid), name, 0, n, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), value, 1, n, 1, 1);
  g_hash_table_replace (self->values, g_strdup (id), value);
  return GTK_LABEL (value);
}

static void
set_value (AngioInfoPanel *self,
           const char     *id,
           const char     *text)
{
  GtkLabel *label = g_hash_table_lookup (self->values, id);

  if (label != NULL)
    gtk_label_set_text (label, text ? text : "");
}

static void G_GNUC_PRINTF (3, 4)
set_valuef (AngioInfoPanel *self,
            const char     *id,
            const char     *format,
            ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  set_value (self, id, text);
}

static void
clear_grid (GtkWidget *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (grid)) != NULL)
    gtk_grid_remove (GTK_GRID (grid), child);
}

/* Frame and display */

static void
update_frame (AngioInfoPanel *self)
{
  guint frame = angio_session_get_frame (self->session);
  guint n;

  if (self->series == NULL)
    return;
  n = angio_series_get_n_frames (self->series);
  /* Translators: the frame on show: its DICOM frame number (from 1) of the number of frames,
   * then its index as exported files and the command line count (from 0), e.g.
   * "31 of 72 (DICOM) · f30 in files" */
  set_valuef (self, "frame", _("%u of %u (DICOM) · f%u in files"), frame + 1, n, frame);
  set_valuef (self, "time", _("%.3f s"), angio_series_get_frame_time_ms (self->series, frame)
                                         / 1000);
}

static void
update_decoded (AngioInfoPanel *self)
{
  guint ready, n;

  if (self->series == NULL)
    return;
  ready = angio_series_get_n_frames_ready (self->series);
  n = angio_series_get_n_frames (self->series);
  /* Translators: frames decoded of the frames of the run, under the title "Decoded" */
  set_valuef (self, "decoded", _("%u of %u"), ready, n);
}

static void
update_window (AngioInfoPanel *self)
{
  double center, width, offset, scale;

  if (self->series == NULL)
    return;
  g_object_get (self->session, "window-center", &center, "window-width", &width, NULL);
  angio_series_get_value_mapping (self->series, &offset, &scale);
  /* Shown in the file's own (modality) units, as the DICOM window is. */
  set_valuef (self, "window", _("centre %.0f, width %.0f"), offset + scale * center,
              width * fabs (scale));
}

static void
update_zoom (AngioInfoPanel *self)
{
  set_valuef (self, "zoom", _("%.0f %%"), angio_cine_view_get_zoom (self->view) * 100);
}

static void
update_pointer (AngioInfoPanel *self)
{
  gboolean inside;
  double x, y, offset, scale, mm;
  const guint16 *pixels;
  guint cols, rows;
  long ix, iy;

  if (self->series == NULL)
    return;
  g_object_get (self->view, "pointer-inside", &inside, "pointer-x", &x, "pointer-y", &y, NULL);
  cols = angio_series_get_cols (self->series);
  rows = angio_series_get_rows (self->series);
  ix = lround (x);
  iy = lround (y);
  pixels = angio_series_get_frame (self->series, angio_session_get_frame (self->session));
  if (!inside || pixels == NULL || ix < 0 || iy < 0 || ix >= (long) cols || iy >= (long) rows)
    {
      set_value (self, "cursor", "—");
      return;
    }
  angio_series_get_value_mapping (self->series, &offset, &scale);
  mm = angio_series_get_mm_per_px (self->series);
  if (isfinite (mm))
    /* Translators: pointer position in pixels and mm, then the pixel value */
    set_valuef (self, "cursor", _("x %ld, y %ld (%.1f, %.1f mm): %.0f"), ix, iy, ix * mm, iy * mm,
                offset + scale * pixels[iy * cols + ix]);
  else
    set_valuef (self, "cursor", _("x %ld, y %ld: %.0f"), ix, iy,
                offset + scale * pixels[iy * cols + ix]);
}

static void
update_renderer (AngioInfoPanel *self)
{
  set_value (self, "renderer", angio_cine_view_get_renderer (self->view));
}

/* Acquisition */

static char *
join_present (const char *a,
              const char *b)
{
  if (a != NULL && b != NULL)
    return g_strdup_printf ("%s %s", a, b);
  return g_strdup (a != NULL ? a : b != NULL ? b : "—");
}

/* Takes @part. */
static void
append_part (GString *text,
             char    *part)
{
  if (text->len > 0)
    g_string_append (text, ", ");
  g_string_append (text, part);
  g_free (part);
}

static void
build_acquisition (AngioInfoPanel *self)
{
  const AngioDicomMeta *meta = angio_series_get_meta (self->series);
  const AngioSyntaxInfo *syntax = angio_syntax_lookup (meta->transfer_syntax_uid);
  const char *sop = angio_dicom_sop_class_name (meta->sop_class_uid);
  double mm = angio_series_get_mm_per_px (self->series);
  g_autofree char *device = join_present (meta->manufacturer, meta->model_name);
  g_autofree char *angles = angio_describe_angles (meta->primary_angle_deg,
                                                   meta->secondary_angle_deg);
  g_autofree char *file = g_filename_display_name (angio_series_get_path (self->series));
  GtkWidget *grid = self->acquisition;
  GString *exposure = g_string_new (NULL);

  clear_grid (grid);
  row (self, grid, "fps", _("Frame rate"));
  set_valuef (self, "fps", _("%.2f frames/s (%s)"), angio_series_get_fps (self->series),
              angio_frame_time_source_describe (angio_series_get_frame_time_source (self->series)));
  row (self, grid, "scale", _("Scale"));
  if (isfinite (mm))
    set_valuef (self, "scale", _("%.4f mm/pixel (%s)"), mm,
                angio_calibration_describe (angio_series_get_calibration_method (self->series)));
  else
    set_value (self, "scale", angio_calibration_describe (ANGIO_CALIBRATION_NONE));
  row (self, grid, "angles", _("Angles"));
  set_value (self, "angles", angles ? angles : "—");
  if (isfinite (meta->kvp))
    append_part (exposure, g_strdup_printf (_("%g kVp"), meta->kvp));
  if (isfinite (meta->tube_current_ma))
    append_part (exposure, g_strdup_printf (_("%g mA"), meta->tube_current_ma));
  if (isfinite (meta->exposure_time_ms))
    append_part (exposure, g_strdup_printf (_("%g ms"), meta->exposure_time_ms));
  row (self, grid, "exposure", _("Exposure"));
  set_value (self, "exposure", exposure->len ? exposure->str : "—");
  g_string_free (exposure, TRUE);
  row (self, grid, "size", _("Size"));
  set_valuef (self, "size", _("%u × %u pixels, %u bits"), meta->cols, meta->rows,
              meta->bits_stored);
  row (self, grid, "modality", _("Modality"));
  set_value (self, "modality", meta->modality ? meta->modality : "—");
  row (self, grid, "device", _("Device"));
  set_value (self, "device", device);
  row (self, grid, "sop-class", _("SOP class"));
  set_value (self, "sop-class", sop ? _(sop) : meta->sop_class_uid);
  row (self, grid, "syntax", _("Transfer syntax"));
  set_value (self, "syntax", syntax ? _(syntax->description) : meta->transfer_syntax_uid);
  row (self, grid, "burned-in", _("Burned-in annotation"));
  set_value (self, "burned-in", angio_describe_burned_in (meta->burned_in_annotation));
  row (self, grid, "file", _("File"));
  set_value (self, "file", file);
}

/* Identifying attributes */

static const char *
identifier_title (const char *keyword)
{
  static const struct { const char *keyword; const char *title; } titles[] = {
    { "PatientName", N_("Patient’s name") },
    { "PatientID", N_("Patient ID") },
    { "IssuerOfPatientID", N_("Issuer of patient ID") },
    { "PatientBirthDate", N_("Birth date") },
    { "PatientSex", N_("Sex") },
    { "PatientAge", N_("Age") },
    { "OtherPatientIDs", N_("Other patient IDs") },
    { "OtherPatientNames", N_("Other names") },
    { "PatientAddress", N_("Address") },
    { "PatientTelephoneNumbers", N_("Telephone") },
    { "PatientComments", N_("Patient comments") },
    { "AccessionNumber", N_("Accession number") },
    { "InstitutionName", N_("Institution") },
    { "InstitutionAddress", N_("Institution address") },
    { "InstitutionalDepartmentName", N_("Department") },
    { "ReferringPhysicianName", N_("Referring physician") },
    { "PerformingPhysicianName", N_("Performing physician") },
    { "NameOfPhysiciansReadingStudy", N_("Reading physician") },
    { "OperatorsName", N_("Operator") },
    { "StationName", N_("Station") },
    { "DeviceSerialNumber", N_("Device serial number") },
    { "StudyID", N_("Study ID") },
    { "StudyDescription", N_("Study description") },
    { "SeriesDescription", N_("Series description") },
    { "RequestedProcedureDescription", N_("Requested procedure") },
    { "PerformedProcedureStepDescription", N_("Performed procedure") },
    { "ImageComments", N_("Image comments") },
    { "StudyDate", N_("Study date") },
    { "StudyTime", N_("Study time") },
    { "SeriesDate", N_("Series date") },
    { "SeriesTime", N_("Series time") },
    { "AcquisitionDate", N_("Acquisition date") },
    { "AcquisitionTime", N_("Acquisition time") },
    { "AcquisitionDateTime", N_("Acquisition date and time") },
    { "ContentDate", N_("Content date") },
    { "ContentTime", N_("Content time") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_strcmp0 (titles[i].keyword, keyword) == 0)
      return _(titles[i].title);
  return keyword;
}

static void
update_identifiers (AngioInfoPanel *self)
{
  gboolean shown = FALSE;
  const AngioDicomMeta *meta;

  if (self->series == NULL)
    return;
  meta = angio_series_get_meta (self->series);
  g_object_get (self->session, "show-identifiers", &shown, NULL);
  clear_grid (self->identifiers);
  gtk_widget_set_visible (self->identifiers, shown);
  gtk_button_set_label (GTK_BUTTON (self->reveal_button), shown ? _("Hide") : _("Show"));
  gtk_widget_set_sensitive (self->reveal_button, meta->identifiers->len > 0);
  gtk_label_set_text (GTK_LABEL (self->identifiers_note),
                      meta->identifiers->len == 0
                      ? _("The file holds no names, IDs, dates or places.")
                      : shown ? _("Identifying information is shown.")
                              : _("Names, IDs, dates and places are hidden."));
  for (guint i = 0; shown && i < meta->identifiers->len; i++)
    {
      const AngioDicomAttribute *a = g_ptr_array_index (meta->identifiers, i);
      g_autofree char *id = g_strconcat ("identifier:", a->keyword, NULL);

      gtk_label_set_text (row (self, self->identifiers, id, identifier_title (a->keyword)),
                          a->value);
    }
}

static void
on_reveal_clicked (GtkButton      *button,
                   AngioInfoPanel *self)
{
  gboolean shown = FALSE;

  if (self->session == NULL)
    return;
  g_object_get (self->session, "show-identifiers", &shown, NULL);
  g_object_set (self->session, "show-identifiers", !shown, NULL);
}

/* Following the session */

static void
on_series_changed (AngioInfoPanel *self)
{
  AngioSeries *series = self->session ? angio_session_get_series (self->session) : NULL;

  g_set_object (&self->series, series);
  g_signal_group_set_target (self->series_signals, series);
  if (series == NULL)
    return;
  build_acquisition (self);
  update_frame (self);
  update_decoded (self);
  update_window (self);
  update_identifiers (self);
}

void
angio_info_panel_set_session (AngioInfoPanel *self,
                              AngioSession   *session,
                              AngioCineView  *view)
{
  g_return_if_fail (ANGIO_IS_INFO_PANEL (self));

  g_set_object (&self->session, session);
  g_set_object (&self->view, view);
  g_signal_group_set_target (self->session_signals, session);
  g_signal_group_set_target (self->view_signals, view);
  on_series_changed (self);
  if (view != NULL)
    {
      update_zoom (self);
      update_renderer (self);
    }
}

const char *
angio_info_panel_get_value (AngioInfoPanel *self,
                            const char     *id)
{
  GtkLabel *label;

  g_return_val_if_fail (ANGIO_IS_INFO_PANEL (self), NULL);

  label = g_hash_table_lookup (self->values, id);
  return label ? gtk_label_get_text (label) : NULL;
}

GtkWidget *
angio_info_panel_new (void)
{
  return g_object_new (ANGIO_TYPE_INFO_PANEL, NULL);
}

static void
angio_info_panel_dispose (GObject *object)
{
  AngioInfoPanel *self = ANGIO_INFO_PANEL (object);

  g_clear_object (&self->session_signals);
  g_clear_object (&self->view_signals);
  g_clear_object (&self->series_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->view);
  g_clear_object (&self->series);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->values, g_hash_table_unref);
  g_clear_object (&self->titles);

  G_OBJECT_CLASS (angio_info_panel_parent_class)->dispose (object);
}

static void
angio_info_panel_class_init (AngioInfoPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = angio_info_panel_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "infopanel");
}

static void
angio_info_panel_init (AngioInfoPanel *self)
{
  GtkWidget *display, *frame, *header, *title;

  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->titles = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);
  gtk_widget_set_margin_bottom (self->box, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  frame = section (self, _("Frame"));
  row (self, frame, "frame", _("Frame"));
  row (self, frame, "time", _("Time"));
  row (self, frame, "decoded", _("Decoded"));

  display = section (self, _("Display"));
  row (self, display, "window", _("Window"));
  row (self, display, "zoom", _("Zoom"));
  row (self, display, "cursor", _("Cursor"));
  row (self, display, "renderer", _("Renderer"));

  self->acquisition = section (self, _("Acquisition"));

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (header, 12);
  title = gtk_label_new (_("Patient and Study"));
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  self->reveal_button = gtk_button_new_with_label (_("Show"));
  gtk_widget_add_css_class (self->reveal_button, "flat");
  g_signal_connect (self->reveal_button, "clicked", G_CALLBACK (on_reveal_clicked), self);
  gtk_box_append (GTK_BOX (header), title);
  gtk_box_append (GTK_BOX (header), self->reveal_button);
  gtk_box_append (GTK_BOX (self->box), header);
  self->identifiers_note = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->identifiers_note), 0);
  gtk_label_set_wrap (GTK_LABEL (self->identifiers_note), TRUE);
  gtk_widget_add_css_class (self->identifiers_note, "dim-label");
  gtk_box_append (GTK_BOX (self->box), self->identifiers_note);
  self->identifiers = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->identifiers), 12);
  gtk_grid_set_row_spacing (GTK_GRID (self->identifiers), 4);
  gtk_box_append (GTK_BOX (self->box), self->identifiers);

  self->session_signals = g_signal_group_new (ANGIO_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::series",
                                  G_CALLBACK (on_series_changed), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::frame",
                                  G_CALLBACK (update_frame), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::frame",
                                  G_CALLBACK (update_pointer), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::window-center",
                                  G_CALLBACK (update_window), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::window-width",
                                  G_CALLBACK (update_window), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::show-identifiers",
                                  G_CALLBACK (update_identifiers), self);
  self->view_signals = g_signal_group_new (ANGIO_TYPE_CINE_VIEW);
  g_signal_group_connect_swapped (self->view_signals, "notify::zoom",
                                  G_CALLBACK (update_zoom), self);
  g_signal_group_connect_swapped (self->view_signals, "notify::pointer-x",
                                  G_CALLBACK (update_pointer), self);
  g_signal_group_connect_swapped (self->view_signals, "notify::pointer-inside",
                                  G_CALLBACK (update_pointer), self);
  g_signal_group_connect_swapped (self->view_signals, "notify::renderer",
                                  G_CALLBACK (update_renderer), self);
  self->series_signals = g_signal_group_new (ANGIO_TYPE_SERIES);
  g_signal_group_connect_swapped (self->series_signals, "notify::n-frames-ready",
                                  G_CALLBACK (update_decoded), self);
}
