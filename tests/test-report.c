/* test-report.c — the QCA report of a case, under Xvfb: Ctrl+P (a real key press) opens it on
 * the case on show; its PDF, read back with pdftotext, has the case's numbers as the panel shows
 * them (QCA, calibration, wire FFR beside the estimate), the reader, the frame, the case by its
 * pseudonym — and the patient's name only once asked for; printing draws the same page (the
 * print operation exported to a file). Also run in Chinese (report-zh). */
#include "config.h"

#include <string.h>

#include "angio-application.h"
#include "angio-i18n.h"
#include "angio-report-dialog.h"
#include "angio-test-gui.h"
#include "angio-test-util.h"
#include "angio-window.h"

#include <glib/gi18n-lib.h>

static AngioApplication *app;

/* The text of the PDF at @path, as pdftotext reads it (one line per line of the page). */
static char *
pdf_text (const char *path)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { NULL, "-layout", path, "-", NULL };
  int status;

  /* poppler-utils: build-aux/install-deps.sh installs it. */
  g_assert_nonnull (pdftotext);
  argv[0] = pdftotext;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static void
assert_has (const char *text,
            const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("the report lacks “%s”:\n%s", part, text);
}

static GtkWindow *
report_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ANGIO_IS_REPORT_DIALOG (l->data))
      return l->data;
  return NULL;
}

static gboolean
has_report_dialog (gpointer data)
{
  return report_dialog () != NULL;
}

static void
test_report (void)
{
  g_autoptr(AngioDicomAttribute) name = angio_dicom_attribute_new (0x0010, 0x0010, "PN",
                                                                   "PatientName", "DOE^JANE");
  const AngioDicomAttribute *extra[] = { name, NULL };
  g_autofree char *folder = NULL;
  AngioWindow *window = angio_test_case_window (GTK_APPLICATION (app), "ws-report", 1, extra,
                                                &folder, NULL);
  AngioAnnotationPanel *panel = angio_window_get_annotation_panel (window);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *pdf = angio_test_path ("report.pdf");
  g_autofree char *named_pdf = angio_test_path ("report-named.pdf");
  g_autofree char *printed_pdf = angio_test_path ("report-printed.pdf");
  g_autofree char *text = NULL;
  g_autofree char *frame = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkPrintOperation) print = NULL;
  AngioLesion *lesion;
  GtkWindow *dialog;

  g_settings_set_string (settings, "reader-name", "Dr Reader");
  g_settings_set_string (settings, "reader-id", "R-07");
  g_assert_true (angio_workspace_set_pseudonym (angio_window_get_workspace (window), "CASE-0001",
                                                "RAS-0042", &error));
  g_assert_no_error (error);
  g_assert_null (angio_annotation_panel_enter_pressure (panel, ANGIO_PRESSURE_PA_HYPER, "92"));
  g_assert_null (angio_annotation_panel_enter_pressure (panel, ANGIO_PRESSURE_PD_HYPER, "71"));
  lesion = angio_annotation_panel_get_lesion (panel);
  g_assert_nonnull (lesion);
  angio_test_key (GTK_WINDOW (window), GDK_KEY_Return, GDK_CONTROL_MASK);
  g_assert_cmpint (angio_lesion_get_status (lesion), ==, ANGIO_STATUS_ACCEPTED);

  /* Ctrl+P, as the reader presses it. */
  angio_test_key (GTK_WINDOW (window), GDK_KEY_p, GDK_CONTROL_MASK);
  g_assert_true (angio_test_wait_for (has_report_dialog, NULL, 5000));
  dialog = report_dialog ();
  angio_test_run_for (300);
  g_assert_true (angio_report_dialog_save (dialog, pdf, &error));
  g_assert_no_error (error);
  text = pdf_text (pdf);
  g_test_message ("%s", text);

  /* The numbers as the panel shows them, the same words. */
  assert_has (text, _("Quantitative angiography report"));
  assert_has (text, "RAS-0042");
  assert_has (text, "Dr Reader");
  assert_has (text, "R-07");
  for (const char *const *id = (const char *const[]) { "mld", "ref", "ds", "as", "length",
                                                          "symmetry", "plaque", "resting",
                                                          "gradient", NULL }; *id != NULL; id++)
    assert_has (text, angio_annotation_panel_get_value (panel, *id));
  /* The wire's FFR and the estimate: their numbers (the verdicts may wrap). */
  for (const char *const *id = (const char *const[]) { "ffr", "estimate", NULL }; *id != NULL;
       id++)
    {
      g_autofree char *number = g_strndup (angio_annotation_panel_get_value (panel, *id), 4);

      assert_has (text, number);
    }
  /* The scale and its source (the panel may wrap it: its first part). */
  assert_has (text, "0.");
  assert_has (text, _("Pressure wire and FFR"));
  frame = g_strdup_printf (_("%u of %u (DICOM) · f%u in files"),
                           angio_lesion_get_frame (lesion) + 1, 24,
                           angio_lesion_get_frame (lesion));
  assert_has (text, frame);
  /* Never the patient's name, unless asked for. */
  g_assert_null (strstr (text, "DOE"));
  g_assert_null (strstr (text, "JANE"));
  g_clear_pointer (&text, g_free);

  /* Asked for: the switch of the dialog. */
  angio_report_set_show_patient_name (angio_report_dialog_get_report (dialog), TRUE);
  g_assert_true (angio_report_dialog_save (dialog, named_pdf, &error));
  text = pdf_text (named_pdf);
  assert_has (text, "DOE JANE");
  g_clear_pointer (&text, g_free);
  angio_report_set_show_patient_name (angio_report_dialog_get_report (dialog), FALSE);

  /* Printing draws the same page: exported to a file instead of a printer. */
  print = angio_report_print_operation (angio_report_dialog_get_report (dialog));
  gtk_print_operation_set_export_filename (print, printed_pdf);
  g_assert_cmpint (gtk_print_operation_run (print, GTK_PRINT_OPERATION_ACTION_EXPORT, dialog,
                                            &error), ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);
  text = pdf_text (printed_pdf);
  assert_has (text, "RAS-0042");
  assert_has (text, angio_annotation_panel_get_value (panel, "mld"));
  g_assert_null (strstr (text, "DOE"));

  /* An unwritable place: an error naming the file, nothing left behind. */
  g_assert_false (angio_report_dialog_save (dialog, "/proc/report.pdf", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "report.pdf"));
  g_clear_error (&error);

  gtk_window_destroy (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
  angio_test_run_for (50);
  g_assert_finalize_object (window);
  g_settings_reset (settings, "reader-name");
  g_settings_reset (settings, "reader-id");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  angio_i18n_init ();
  angio_test_gui_init (&argc, &argv);
  app = angio_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_test_add_func ("/angio/ui/report/pdf-and-print", test_report);
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
