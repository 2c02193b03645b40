/* angio-report-dialog.c — see angio-report-dialog.h. The report object is the dialog's model:
 * the switch is bound to its "show-patient-name", the preview draws it. */
#define G_LOG_DOMAIN "angio-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "angio-report-dialog.h"

struct _AngioReportDialog
{
  AdwWindow parent_instance;

  /* Template */
  GtkSwitch *patient_name_switch;
  GtkDrawingArea *preview;
  AdwToastOverlay *toast_overlay;

  AngioReport *report;
  char *case_label;
};

G_DEFINE_FINAL_TYPE (AngioReportDialog, angio_report_dialog, ADW_TYPE_WINDOW)

static void
show_toast (AngioReportDialog *self,
            const char        *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
draw_preview (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        data)
{
  AngioReportDialog *self = data;
  double scale = MIN (width / ANGIO_REPORT_PAGE_WIDTH, height / ANGIO_REPORT_PAGE_HEIGHT);

  if (self->report == NULL)
    return;
  /* The page centred in the frame, on grey. */
  cairo_set_source_rgb (cr, 0.55, 0.55, 0.55);
  cairo_paint (cr);
  cairo_translate (cr, (width - ANGIO_REPORT_PAGE_WIDTH * scale) / 2,
                   (height - ANGIO_REPORT_PAGE_HEIGHT * scale) / 2);
  angio_report_draw (self->report, cr, ANGIO_REPORT_PAGE_WIDTH * scale,
                     ANGIO_REPORT_PAGE_HEIGHT * scale);
}

gboolean
angio_report_dialog_save (GtkWindow   *dialog,
                          const char  *path,
                          GError     **error)
{
  AngioReportDialog *self = ANGIO_REPORT_DIALOG (dialog);
  g_autoptr(GError) local = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (ANGIO_IS_REPORT_DIALOG (dialog), FALSE);

  if (!angio_report_write_pdf (self->report, path, &local))
    {
      show_toast (self, local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  name = g_filename_display_basename (path);
  /* Translators: after the report was saved; %s is the file's name */
  message = g_strdup_printf (_("Saved as %s"), name);
  show_toast (self, message);
  return TRUE;
}

static void
on_save_chosen (GtkNativeDialog   *chooser,
                int                response,
                AngioReportDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL &&
      (path = g_file_get_path (file)) != NULL)
    angio_report_dialog_save (GTK_WINDOW (self), path, NULL);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
action_save (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  AngioReportDialog *self = ANGIO_REPORT_DIALOG (widget);
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Save the Report as PDF"), GTK_WINDOW (self),
                                 GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  g_autoptr(GtkFileFilter) pdf = gtk_file_filter_new ();
  /* Translators: the report's file name; %s is the case's pseudonym or id */
  g_autofree char *file_name = g_strdup_printf (_("%s-QCA-report.pdf"), self->case_label);

  gtk_file_filter_set_name (pdf, _("PDF documents"));
  gtk_file_filter_add_suffix (pdf, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), pdf);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_print_done (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               AngioReportDialog       *self)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      if (error != NULL)
        show_toast (self, error->message);
    }
  g_object_unref (operation);
}

static void
action_print (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  AngioReportDialog *self = ANGIO_REPORT_DIALOG (widget);
  GtkPrintOperation *operation = angio_report_print_operation (self->report);
  g_autoptr(GError) error = NULL;

  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect_object (operation, "done", G_CALLBACK (on_print_done), self, 0);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (self), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_toast (self, error->message);
}

static void
angio_report_dialog_dispose (GObject *object)
{
  AngioReportDialog *self = ANGIO_REPORT_DIALOG (object);

  g_clear_object (&self->report);
  G_OBJECT_CLASS (angio_report_dialog_parent_class)->dispose (object);
}

static void
angio_report_dialog_finalize (GObject *object)
{
  AngioReportDialog *self = ANGIO_REPORT_DIALOG (object);

  g_free (self->case_label);
  G_OBJECT_CLASS (angio_report_dialog_parent_class)->finalize (object);
}

static void
angio_report_dialog_class_init (AngioReportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = angio_report_dialog_dispose;
  object_class->finalize = angio_report_dialog_finalize;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/angiomark/Angiomark/ui/"
                                               "angio-report-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AngioReportDialog, patient_name_switch);
  gtk_widget_class_bind_template_child (widget_class, AngioReportDialog, preview);
  gtk_widget_class_bind_template_child (widget_class, AngioReportDialog, toast_overlay);
  gtk_widget_class_install_action (widget_class, "report.save", NULL, action_save);
  gtk_widget_class_install_action (widget_class, "report.print", NULL, action_print);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "report.save",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "report.print",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
angio_report_dialog_init (AngioReportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->preview, draw_preview, self, NULL);
}

GtkWindow *
angio_report_dialog_new (GtkWindow   *parent,
                         AngioReport *report)
{
  AngioReportDialog *self;

  g_return_val_if_fail (ANGIO_IS_REPORT (report), NULL);

  self = g_object_new (ANGIO_TYPE_REPORT_DIALOG, "transient-for", parent, NULL);
  self->report = g_object_ref (report);
  self->case_label = g_strdup (angio_report_get_case_label (report));
  g_object_bind_property (report, "show-patient-name", self->patient_name_switch, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (report, "notify::show-patient-name",
                           G_CALLBACK (gtk_widget_queue_draw), self->preview, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self));
  return GTK_WINDOW (self);
}

AngioReport *
angio_report_dialog_get_report (GtkWindow *dialog)
{
  g_return_val_if_fail (ANGIO_IS_REPORT_DIALOG (dialog), NULL);
  return ANGIO_REPORT_DIALOG (dialog)->report;
}
