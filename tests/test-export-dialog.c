/* test-export-dialog.c — exporting and importing case packages through the window, under Xvfb:
 * win.export-packages opens the export window on the cases selected in the worklist (or the
 * case being read); its rows show what each case really has (an accepted key frame, an
 * outline, the wire FFR, burned-in annotation); a pseudonym is refused or stored; burned-in
 * annotation asks first; the export writes a dataset that validates, zipped or not; stopped at
 * once or by closing the window, it leaves nothing; win.import-packages' path brings the cases
 * into another workspace, and refuses them again or a folder that is no package, in toasts. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "angio-application.h"
#include "angio-export-dialog.h"
#include "angio-i18n.h"
#include "angio-key-frame.h"
#include "angio-package.h"
#include "angio-test-gui.h"
#include "angio-test-util.h"
#include "angio-window.h"

static AngioApplication *app;

/* A phantom run of its own study (@seed), Burned In Annotation as @burned_in, to @name. */
static char *
write_run (const char *name,
           guint       seed,
           const char *burned_in)
{
  char *path = angio_test_path (name);
  g_autoptr(AngioDicomAttribute) burned = NULL;
  const AngioDicomAttribute *extra[2] = { NULL, NULL };
  AngioPhantomParams params;

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = 256;
  params.frames = 24;
  params.seed = seed;
  extra[0] = burned = angio_dicom_attribute_new (0x0028, 0x0301, "CS", "BurnedInAnnotation",
                                                 burned_in);
  angio_test_write_phantom (&params, path, extra);
  return path;
}

/* Two cases: CASE-0001 complete, CASE-0002 without the wire FFR and with burned-in
 * annotation. Made once. */
static const char *
workspace_folder (void)
{
  static char *folder;
  g_autoptr(AngioWorkspace) ws = NULL;
  g_autoptr(AngioImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  const char *paths[3];

  if (folder != NULL)
    return folder;
  first = write_run ("first.dcm", 7, "NO");
  second = write_run ("second.dcm", 11, "YES");
  paths[0] = first;
  paths[1] = second;
  paths[2] = NULL;
  folder = angio_test_path ("ws-export");
  ws = angio_workspace_open (folder, TRUE, &error);
  g_assert_no_error (error);
  report = angio_workspace_import (ws, paths, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->cases->len, ==, 2);
  angio_test_label_case (ws, "CASE-0001", TRUE);
  angio_test_label_case (ws, "CASE-0002", FALSE);
  return folder;
}

static AngioWindow *
open_window (const char *folder)
{
  AngioWindow *window = angio_window_new (GTK_APPLICATION (app));
  g_autoptr(GError) error = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (angio_window_open_workspace (window, folder, &error));
  g_assert_no_error (error);
  return window;
}

static void
close_window (AngioWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  angio_test_run_for (50);
}

static GtkWindow *
find_export_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (ANGIO_IS_EXPORT_DIALOG (w))
        return w;
    }
  return NULL;
}

static GtkWidget *
find_actionable (GtkWidget  *root,
                 const char *action)
{
  if (GTK_IS_ACTIONABLE (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actionable (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
dialog_idle (gpointer dialog)
{
  return !angio_export_dialog_is_busy (dialog);
}

/* The export window of @window, opened by its action on the worklist's selection, its cases
 * checked. */
static GtkWindow *
open_export (AngioWindow        *window,
             const char *const  *selected)
{
  GtkWindow *dialog;

  angio_worklist_select (angio_window_get_worklist (window), selected);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-packages", NULL));
  dialog = find_export_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (dialog));
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  g_assert_true (angio_test_wait_for (dialog_idle, dialog, 60000));
  return dialog;
}

static void
assert_describes (GtkWindow  *dialog,
                  const char *case_id,
                  const char *expected)
{
  g_autofree char *text = angio_export_dialog_describe_case (dialog, case_id);

  g_test_message ("%s: %s", case_id, text);
  g_assert_cmpstr (text, ==, expected);
}

/* Types @text as the pseudonym of the case on row @index, as a person would. */
static void
type_pseudonym (GtkWindow  *dialog,
                guint       index,
                const char *text)
{
  guint skip = index, first = 0;
  GtkWidget *button = angio_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_MENU_BUTTON, &skip);
  GtkPopover *popover;
  GtkWidget *entry;

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  entry = angio_test_find_widget (gtk_popover_get_child (popover), GTK_TYPE_ENTRY, &first);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "activate");   /* Enter */
  angio_test_run_for (50);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
}

/* Answers the question @dialog asks (its message dialog) with @response. */
static void
respond (GtkWindow  *dialog,
         const char *response)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  AdwMessageDialog *question = NULL;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) &&
        gtk_window_get_transient_for (l->data) == dialog)
      question = l->data;
  g_assert_nonnull (question);
  adw_message_dialog_response (question, response);
  gtk_window_destroy (GTK_WINDOW (question));
}

static char *dataset_path;

static void
test_export (void)
{
  AngioWindow *window = open_window (workspace_folder ());
  const char *selected[] = { "CASE-0001", NULL };
  g_autofree char *parent = angio_test_path ("datasets");
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) checked = NULL;
  g_auto(AngioCaseDeid) deid = { 0 };
  g_autofree char *index = NULL;
  g_autofree char *package = NULL;
  GtkWindow *dialog;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  dialog = open_export (window, selected);
  checked = angio_export_dialog_get_selected (dialog);
  g_assert_cmpuint (g_strv_length (checked), ==, 1);
  g_assert_cmpstr (checked[0], ==, "CASE-0001");

  /* What the rows say is what the cases have. */
  /* Pseudonyms are chosen when a case is first exported: none yet. */
  assert_describes (dialog, "CASE-0001", "key-frame=yes outline=yes wire-ffr=yes burned-in=no "
                                         "pseudonym=new selected=yes");
  assert_describes (dialog, "CASE-0002", "key-frame=yes outline=yes wire-ffr=no burned-in=yes "
                                         "pseudonym=new selected=no");
  g_assert_null (angio_export_dialog_get_message (dialog, "CASE-0001"));

  /* Pseudonyms: one taken and one not a name are refused on the row; then one stored. */
  angio_export_dialog_set_pseudonym (dialog, "CASE-0002", "CASE-0001");
  g_assert_true (angio_test_wait_for (dialog_idle, dialog, 10000));
  g_assert_nonnull (angio_export_dialog_get_message (dialog, "CASE-0002"));
  g_assert_nonnull (strstr (angio_export_dialog_get_message (dialog, "CASE-0002"), "CASE-0001"));
  assert_describes (dialog, "CASE-0002", "key-frame=yes outline=yes wire-ffr=no burned-in=yes "
                                         "pseudonym=new selected=no");
  angio_export_dialog_set_pseudonym (dialog, "CASE-0002", "bad name!");
  g_assert_true (angio_test_wait_for (dialog_idle, dialog, 10000));
  g_assert_nonnull (angio_export_dialog_get_message (dialog, "CASE-0002"));
  /* The last as typed: the row's button, its popover's entry, Enter. */
  type_pseudonym (dialog, 1, "RAS-0042");
  g_assert_true (angio_test_wait_for (dialog_idle, dialog, 10000));
  g_assert_null (angio_export_dialog_get_message (dialog, "CASE-0002"));
  g_assert_true (angio_workspace_get_deid (angio_window_get_workspace (window), "CASE-0002",
                                           NULL, &deid, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (deid.pseudonym, ==, "RAS-0042");

  /* Nothing checked: nothing to export (the button says so). */
  angio_export_dialog_set_selected (dialog, "CASE-0001", FALSE);
  g_assert_false (gtk_widget_get_sensitive (find_actionable (GTK_WIDGET (dialog),
                                                             "export.start")));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "export.start", NULL);
  g_assert_false (angio_export_dialog_is_busy (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export.select", "s", "all"));
  g_clear_pointer (&checked, g_strfreev);
  checked = angio_export_dialog_get_selected (dialog);
  g_assert_cmpuint (g_strv_length (checked), ==, 2);

  /* An existing folder that is not empty is refused before anything starts. */
  angio_export_dialog_set_destination (dialog, angio_test_tmpdir (), "ws-export");
  g_assert_false (gtk_widget_get_sensitive (find_actionable (GTK_WIDGET (dialog),
                                                             "export.start")));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "export.start", NULL);
  g_assert_false (angio_export_dialog_is_busy (dialog));

  /* CASE-0002 has burned-in annotation: the export asks first; cancelled, nothing starts. */
  angio_export_dialog_set_destination (dialog, parent, "dataset");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export.start", NULL));
  respond (dialog, "cancel");
  g_assert_false (angio_export_dialog_is_busy (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export.start", NULL));
  respond (dialog, "export");
  g_assert_true (angio_export_dialog_is_busy (dialog));
  g_assert_true (angio_test_wait_for (dialog_idle, dialog, 120000));
  g_assert_null (angio_export_dialog_get_message (dialog, NULL));
  dataset_path = g_build_filename (parent, "dataset", NULL);
  g_assert_cmpstr (angio_export_dialog_get_output (dialog), ==, dataset_path);
  index = g_build_filename (dataset_path, "dataset.json", NULL);
  g_assert_true (g_file_test (index, G_FILE_TEST_IS_REGULAR));
  package = g_build_filename (dataset_path, "RAS-0042", NULL);
  g_assert_true (g_file_test (package, G_FILE_TEST_IS_DIR));
  g_assert_true (angio_package_validate (dataset_path, problems, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  /* Done: the window closes on its button's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  angio_test_run_for (50);
  g_assert_null (find_export_dialog ());
  close_window (window);
}

/* Zipped packages: one pseudonym.zip per case, the dataset valid. */
static void
test_zip (void)
{
  AngioWindow *window = open_window (workspace_folder ());
  const char *selected[] = { "CASE-0001", NULL };
  g_autofree char *parent = angio_test_path ("zipped");
  g_autofree char *target = NULL;
  g_autofree char *zip = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  dialog = open_export (window, selected);
  angio_export_dialog_set_destination (dialog, parent, "dataset");
  angio_export_dialog_set_zip (dialog, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export.start", NULL));
  g_assert_true (angio_test_wait_for (dialog_idle, dialog, 120000));
  target = g_build_filename (parent, "dataset", NULL);
  g_assert_cmpstr (angio_export_dialog_get_output (dialog), ==, target);
  zip = g_build_filename (target, "RAS-0001.zip", NULL);
  g_assert_true (g_file_test (zip, G_FILE_TEST_IS_REGULAR));
  g_assert_true (angio_package_validate (target, problems, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (angio_package_validate (zip, problems, NULL, NULL, &error));
  g_assert_no_error (error);
  gtk_window_destroy (dialog);
  close_window (window);
}

/* On a case being read, the export starts from that case, whatever the worklist selects. */
static void
test_open_case (void)
{
  AngioWindow *window = open_window (workspace_folder ());
  const char *selected[] = { "CASE-0001", NULL };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) checked = NULL;
  GtkWindow *dialog;

  g_assert_true (angio_window_open_case (window, "CASE-0002", &error));
  g_assert_no_error (error);
  g_assert_true (angio_test_wait_for (angio_test_window_case_shown, window, 30000));
  dialog = open_export (window, selected);
  checked = angio_export_dialog_get_selected (dialog);
  g_assert_cmpuint (g_strv_length (checked), ==, 1);
  g_assert_cmpstr (checked[0], ==, "CASE-0002");
  gtk_window_destroy (dialog);
  close_window (window);
}

static gboolean
window_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Entries in @folder. */
static guint
n_entries (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_cancel (void)
{
  AngioWindow *window = open_window (workspace_folder ());
  const char *all[] = { "CASE-0001", "CASE-0002", NULL };
  g_autofree char *parent = angio_test_path ("cancelled");
  g_autofree char *target = NULL;
  GtkWindow *dialog;
  gpointer weak;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  target = g_build_filename (parent, "dataset", NULL);

  /* Stopped right after the start: no dataset, nothing beside it, the form back. */
  dialog = open_export (window, all);
  angio_export_dialog_set_destination (dialog, parent, "dataset");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export.start", NULL));
  respond (dialog, "export");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export.cancel", NULL));
  g_assert_true (angio_test_wait_for (dialog_idle, dialog, 60000));
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (n_entries (parent), ==, 0);
  g_assert_null (angio_export_dialog_get_output (dialog));
  g_assert_nonnull (angio_export_dialog_get_message (dialog, NULL));
  g_assert_nonnull (strstr (angio_export_dialog_get_message (dialog, NULL), "nothing"));

  /* Closed while exporting: the export stops, then the window goes; nothing is left. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export.start", NULL));
  respond (dialog, "export");
  g_assert_true (angio_export_dialog_is_busy (dialog));
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  gtk_window_close (dialog);
  g_assert_true (angio_test_wait_for (window_gone, &weak, 60000));
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (n_entries (parent), ==, 0);
  close_window (window);
}

static gboolean
has_cases (gpointer window)
{
  return angio_worklist_get_n_shown (angio_window_get_worklist (window)) >= 2;
}

typedef struct {
  AngioWindow *window;
  const char *text;
} Toast;

static gboolean
toast_shown (gpointer data)
{
  Toast *toast = data;

  return angio_test_find_label (GTK_WIDGET (toast->window), toast->text) != NULL;
}

static void
test_import (void)
{
  g_autofree char *folder = angio_test_path ("ws-import");
  g_autofree char *junk = angio_test_path ("not-a-package");
  g_autofree char *junk_file = g_build_filename (junk, "notes.txt", NULL);
  AngioWindow *window;
  const char *paths[2] = { NULL, NULL };
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) selected = NULL;
  Toast toast;

  if (dataset_path == NULL)
    {
      g_test_skip ("no dataset: the export test failed");
      return;
    }
  window = open_window (folder);
  toast.window = window;

  paths[0] = dataset_path;
  angio_window_import_packages (window, paths);
  g_assert_true (angio_test_wait_for (has_cases, window, 60000));
  cases = angio_workspace_list (angio_window_get_workspace (window), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 2);
  g_assert_cmpstr (((AngioCaseSummary *) g_ptr_array_index (cases, 0))->case_id, ==,
                   "RAS-0001");
  g_assert_cmpstr (((AngioCaseSummary *) g_ptr_array_index (cases, 1))->case_id, ==,
                   "RAS-0042");
  toast.text = "Imported 2 cases";
  g_assert_true (angio_test_wait_for (toast_shown, &toast, 1000));
  /* The cases imported are the ones selected. */
  selected = angio_worklist_get_selected_ids (angio_window_get_worklist (window));
  g_assert_cmpuint (g_strv_length (selected), ==, 2);

  /* Again: refused, a toast saying why; the workspace as it was. */
  angio_window_import_packages (window, paths);
  toast.text = "already in this workspace";
  g_assert_true (angio_test_wait_for (toast_shown, &toast, 60000));

  /* Not a package: its error in a toast, naming the folder. */
  g_assert_cmpint (g_mkdir_with_parents (junk, 0755), ==, 0);
  g_assert_true (g_file_set_contents (junk_file, "hello", -1, NULL));
  paths[0] = junk;
  angio_window_import_packages (window, paths);
  toast.text = "not-a-package";
  g_assert_true (angio_test_wait_for (toast_shown, &toast, 60000));
  /* The whole of a long message is a click away (the toast's button). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-details", "s",
                                             "first line\nsecond line"));
  {
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
    GtkWindow *details = NULL;

    for (GList *l = toplevels; l != NULL; l = l->next)
      if (ADW_IS_MESSAGE_DIALOG (l->data) &&
          gtk_window_get_transient_for (l->data) == GTK_WINDOW (window))
        details = l->data;
    g_assert_nonnull (details);
    g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (details)), ==,
                     "first line\nsecond line");
    gtk_window_destroy (details);
  }
  g_clear_pointer (&cases, g_ptr_array_unref);
  cases = angio_workspace_list (angio_window_get_workspace (window), &error);
  g_assert_cmpuint (cases->len, ==, 2);
  close_window (window);
}

/* Without a workspace, neither action does anything: no window opens. */
static void
test_actions_need_workspace (void)
{
  AngioWindow *window = angio_window_new (GTK_APPLICATION (app));
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWidget *button = find_actionable (GTK_WIDGET (window), "win.export-packages");
  guint n;

  gtk_window_present (GTK_WINDOW (window));
  angio_test_run_for (50);
  n = g_list_model_get_n_items (toplevels);
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_sensitive (button));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-packages", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.import-packages", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.import-package-zip", NULL);
  angio_test_run_for (50);
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, n);
  close_window (window);
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

  g_test_add_func ("/angio/ui/export-dialog/actions-need-workspace",
                   test_actions_need_workspace);
  g_test_add_func ("/angio/ui/export-dialog/export", test_export);
  g_test_add_func ("/angio/ui/export-dialog/zip", test_zip);
  g_test_add_func ("/angio/ui/export-dialog/open-case", test_open_case);
  g_test_add_func ("/angio/ui/export-dialog/cancel", test_cancel);
  g_test_add_func ("/angio/ui/export-dialog/import", test_import);
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
