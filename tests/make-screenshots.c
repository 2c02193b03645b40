/* make-screenshots.c — renders the window on the demo case, on the frame of the proposed
 * lesions (or a frame given), to PNG files for the documentation; then the demo imported into a
 * workspace: its worklist and the case being annotated (annotate-*.png, worklist-*.png beside
 * the first file); then the export window over that workspace with three more cases, one
 * complete, one lacking its wire FFR, one with burned-in annotation (export-dialog-*.png).
 * Run under Xvfb: `meson compile -C _build screenshots`. */
#include "config.h"

#include <string.h>

#include "angio-application.h"
#include "angio-demo.h"
#include "angio-export-dialog.h"
#include "angio-i18n.h"
#include "angio-lesion.h"
#include "angio-phantom.h"
#include "angio-test-gui.h"
#include "angio-window.h"

static void
save_png (gpointer    window,
          const char *out)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot;
  int w, h;

  angio_test_run_for (800);
  w = gtk_widget_get_width (GTK_WIDGET (window));
  h = gtk_widget_get_height (GTK_WIDGET (window));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (!gdk_texture_save_to_png (texture, out))
    g_error ("cannot write %s", out);
  g_print ("%s: %d × %d\n", out, w, h);
}

/* The demo imported into a workspace in @folder: the worklist, then the case annotated. */
static void
shoot_workspace (AngioWindow *window,
                 const char  *demo,
                 const char  *folder,
                 const char  *worklist_png,
                 const char  *annotate_png)
{
  g_autoptr(AngioWorkspace) ws = NULL;
  g_autoptr(AngioImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { demo, NULL };
  AngioAnnotationPanel *panel;
  AngioLesion *lesion;

  ws = angio_workspace_open (folder, TRUE, &error);
  g_assert_no_error (error);
  report = angio_workspace_import (ws, paths, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&ws);
  if (!angio_window_open_workspace (window, folder, &error))
    g_error ("%s", error->message);
  save_png (window, worklist_png);
  if (!angio_window_open_case (window, "CASE-0001", &error))
    g_error ("%s", error->message);
  if (!angio_test_wait_for (angio_test_window_case_shown, window, 60000))
    g_error ("the case did not open");
  panel = angio_window_get_annotation_panel (window);
  angio_annotation_panel_enter_pressure (panel, ANGIO_PRESSURE_PA_HYPER, "92");
  angio_annotation_panel_enter_pressure (panel, ANGIO_PRESSURE_PD_HYPER, "71");
  {
    AngioCase *kase = angio_window_get_case (window);
    g_autoptr(AngioCaseSeries) cs = g_list_model_get_item (angio_case_get_series (kase), 0);
    g_autoptr(AngioLesion) first = g_list_model_get_item (angio_case_series_get_lesions (cs), 0);

    lesion = first;
    if (lesion != NULL)
      {
        const AngioStenosis *m = angio_lesion_get_measurement (lesion);
        guint k = m->qca->mld_index;
        AngioPoint at = m->contour->left[k];
        AngioPoint to = { at.x + 0.8 * m->contour->normal[k].x,
                          at.y + 0.8 * m->contour->normal[k].y };

        angio_annotation_panel_set_lesion (panel, lesion);
        /* A border point corrected, and the pointer over the plot at the MLD. */
        angio_lesion_editor_drag (angio_window_get_lesion_editor (window), at, to);
        angio_lesion_editor_set_hover (angio_window_get_lesion_editor (window), k);
      }
  }
  /* Tall enough for the whole panel, plot, pressure and FFR included. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 1300);
  save_png (window, annotate_png);
}

/* A phantom run of study @seed in @folder, with Burned In Annotation @burned_in. */
static char *
phantom_run (const char *folder,
             guint       seed,
             const char *burned_in)
{
  g_autofree char *name = g_strdup_printf ("phantom-%u.dcm", seed);
  char *path = g_build_filename (folder, name, NULL);
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

static gboolean
export_dialog_idle (gpointer dialog)
{
  return !angio_export_dialog_is_busy (dialog);
}

/* The export window over the worklist of @window's workspace, three more cases in it. */
static void
shoot_export (AngioWindow *window,
              const char  *folder,
              const char  *png)
{
  AngioWorkspace *ws = angio_window_get_workspace (window);
  g_autofree char *runs = g_build_filename (folder, "runs", NULL);
  g_autoptr(AngioImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) selected = NULL;
  const char *paths[4] = { NULL };
  GtkWindow *dialog = NULL;

  g_mkdir_with_parents (runs, 0755);
  paths[0] = phantom_run (runs, 21, "NO");
  paths[1] = phantom_run (runs, 22, "NO");
  paths[2] = phantom_run (runs, 23, "YES");
  report = angio_workspace_import (ws, paths, TRUE, NULL, &error);
  if (report == NULL)
    g_error ("%s", error->message);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    g_free ((char *) paths[i]);
  angio_test_label_case (ws, "CASE-0002", TRUE);
  angio_test_label_case (ws, "CASE-0003", FALSE);
  angio_test_label_case (ws, "CASE-0004", TRUE);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-worklist", NULL);
  selected = g_strsplit ("CASE-0001 CASE-0002 CASE-0004", " ", -1);
  angio_worklist_select (angio_window_get_worklist (window), (const char *const *) selected);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-packages", NULL);
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (ANGIO_IS_EXPORT_DIALOG (l->data))
      dialog = l->data;
  if (dialog == NULL || !angio_test_wait_for (export_dialog_idle, dialog, 60000))
    g_error ("the export window did not open or fill in");
  angio_export_dialog_set_destination (dialog, folder, "angiomark-dataset-20250314-0930");
  save_png (dialog, png);
  gtk_window_destroy (dialog);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AngioApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  AngioWindow *window;
  const char *out = argc > 1 ? argv[1] : "screenshot.png";
  guint frame = 30;

  angio_i18n_init ();
  angio_test_gui_init (&argc, &argv);
  app = angio_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  window = angio_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  angio_window_open_demo (window);
  if (!angio_test_wait_for (angio_test_window_analysed, window, 60000))
    g_error ("the demo did not load");
  if (argc > 2)
    frame = (guint) g_ascii_strtoull (argv[2], NULL, 10);
  else
    {
      GListModel *lesions =
        angio_case_series_get_lesions (angio_proposals_get_case_series (
                                         angio_window_get_proposals (window)));
      g_autoptr(AngioLesion) lesion = g_list_model_get_item (lesions, 0);

      if (lesion != NULL)
        frame = angio_lesion_get_frame (lesion);
    }
  angio_session_set_frame (angio_window_get_session (window), frame);
  save_png (window, out);
  {
    g_autofree char *dir = g_path_get_dirname (out);
    g_autofree char *base = g_path_get_basename (out);
    const char *suffix = g_str_has_prefix (base, "window-") ? base + strlen ("window-") : base;
    g_autofree char *worklist = g_strdup_printf ("%s/worklist-%s", dir, suffix);
    g_autofree char *annotate = g_strdup_printf ("%s/annotate-%s", dir, suffix);
    g_autofree char *export = g_strdup_printf ("%s/export-dialog-%s", dir, suffix);
    g_autofree char *folder = g_dir_make_tmp ("angiomark-shots-XXXXXX", NULL);
    g_autofree char *demo = angio_demo_ensure (NULL, &error);

    g_assert_no_error (error);
    shoot_workspace (window, demo, folder, worklist, annotate);
    shoot_export (window, folder, export);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
