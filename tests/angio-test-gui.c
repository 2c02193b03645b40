/* angio-test-gui.c — see angio-test-gui.h. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>

#include "angio-resources.h"
#include "angio-test-gui.h"
#include "angio-test-util.h"
#include "angio-window.h"

void
angio_test_gui_init (int    *argc,
                     char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  g_resources_register (angio_get_resource ());
  /* Toasts, dialogs and popovers appear at once: a click aimed at a widget never lands while it
   * is still sliding in (on a loaded machine an animation can last long enough for that). */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

typedef struct {
  gboolean (*done) (gpointer data);
  gpointer data;
  gboolean timed_out;
} Wait;

static gboolean
on_timeout (gpointer data)
{
  ((Wait *) data)->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
angio_test_wait_for (gboolean (*done) (gpointer data),
                     gpointer   data,
                     guint      timeout_ms)
{
  Wait wait = { done, data, FALSE };
  guint id = g_timeout_add (timeout_ms, on_timeout, &wait);

  while (!(done != NULL && done (data)) && !wait.timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!wait.timed_out)
    g_source_remove (id);
  return done != NULL && done (data);
}

void
angio_test_run_for (guint ms)
{
  angio_test_wait_for (NULL, NULL, ms);
}

gboolean
angio_test_window_analysed (gpointer window)
{
  AngioCaseSeries *case_series =
    angio_proposals_get_case_series (angio_window_get_proposals (window));
  guint n;

  return case_series != NULL && angio_case_series_get_opacification (case_series, &n) != NULL;
}

gboolean
angio_test_window_case_shown (gpointer window)
{
  AngioSeries *series = angio_session_get_series (angio_window_get_session (window));
  AngioCase *kase = angio_window_get_case (window);
  g_autoptr(AngioCaseSeries) first = kase ? g_list_model_get_item (angio_case_get_series (kase), 0)
                                          : NULL;

  return first != NULL && series != NULL && angio_case_series_get_series (first) == series &&
         angio_series_is_complete (series);
}

AngioTestImage *
angio_test_widget_image (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  graphene_rect_t bounds;
  AngioTestImage *image;

  /* The widget as its parent draws it, in the parent's coordinates. */
  g_assert_nonnull (parent);
  g_assert_true (gtk_widget_compute_bounds (widget, parent, &bounds));
  gtk_widget_snapshot_child (parent, widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &bounds);
  image = g_new0 (AngioTestImage, 1);
  image->width = gdk_texture_get_width (texture);
  image->height = gdk_texture_get_height (texture);
  image->stride = (gsize) image->width * 4;
  image->data = g_malloc (image->stride * image->height);
  gdk_texture_download (texture, image->data, image->stride);
  return image;
}

void
angio_test_image_free (AngioTestImage *image)
{
  if (image == NULL)
    return;
  g_free (image->data);
  g_free (image);
}

void
angio_test_image_rgb (const AngioTestImage *image,
                      int                   x,
                      int                   y,
                      guint8                rgb[3])
{
  const guint8 *p;

  g_assert_true (x >= 0 && y >= 0 && x < image->width && y < image->height);
  p = image->data + (gsize) y * image->stride + (gsize) x * 4;
  rgb[0] = p[2];
  rgb[1] = p[1];
  rgb[2] = p[0];
}

double
angio_test_image_gray (const AngioTestImage *image,
                       int                   x,
                       int                   y)
{
  guint8 rgb[3];

  angio_test_image_rgb (image, x, y, rgb);
  return (rgb[0] + rgb[1] + rgb[2]) / 3.0;
}

void
angio_test_image_save (const AngioTestImage *image,
                       const char           *path)
{
  g_autoptr(GBytes) bytes = g_bytes_new (image->data, image->stride * image->height);
  g_autoptr(GdkTexture) texture = gdk_memory_texture_new (image->width, image->height,
                                                          GDK_MEMORY_DEFAULT, bytes,
                                                          image->stride);

  gdk_texture_save_to_png (texture, path);
}

GtkLabel *
angio_test_find_label (GtkWidget  *root,
                       const char *text)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return GTK_LABEL (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = angio_test_find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
angio_test_find_widget (GtkWidget *root,
                        GType      type,
                        guint     *skip)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && (*skip)-- == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = angio_test_find_widget (child, type, skip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
angio_test_find_named (GtkWidget  *root,
                       const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = angio_test_find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Real input through XTest */

static Display *
x_display (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);

  g_assert_true (GDK_IS_X11_DISPLAY (display));
  return gdk_x11_display_get_xdisplay (display);
}

static Window
x_window (GtkWidget *widget)
{
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));

  g_assert_nonnull (surface);
  return gdk_x11_surface_get_xid (surface);
}

/* Until the X server has sent back what it made of our requests, and GDK has handled it. */
static void
settle (GtkWidget *widget)
{
  /* Twice: what GDK did with the events may itself ask the X server for something (a focus
   * change, a popup mapped) whose answer is the end of the matter. */
  Display *dpy = x_display (widget);   /* the widget may be gone after the first pass */

  for (guint pass = 0; pass < 2; pass++)
    {
      XSync (dpy, False);
      angio_test_run_for (30);
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
    }
}

static gboolean
window_active (gpointer window)
{
  return gtk_window_is_active (window);
}

void
angio_test_focus_window (GtkWindow *window)
{
  Display *dpy = x_display (GTK_WIDGET (window));

  g_assert_true (angio_test_wait_for ((gboolean (*) (gpointer)) gtk_widget_get_mapped, window,
                                      5000));
  XRaiseWindow (dpy, x_window (GTK_WIDGET (window)));
  XSetInputFocus (dpy, x_window (GTK_WIDGET (window)), RevertToParent, CurrentTime);
  settle (GTK_WIDGET (window));
  g_assert_true (angio_test_wait_for (window_active, window, 5000));
}

static void
fake_key (Display *dpy,
          KeySym   keysym,
          gboolean press)
{
  KeyCode code = XKeysymToKeycode (dpy, keysym);

  g_assert_cmpuint (code, !=, 0);
  XTestFakeKeyEvent (dpy, code, press, CurrentTime);
}

void
angio_test_key (GtkWindow       *window,
                guint            keyval,
                GdkModifierType  mods)
{
  Display *dpy = x_display (GTK_WIDGET (window));
  static const struct { GdkModifierType mask; KeySym key; } modifiers[] = {
    { GDK_SHIFT_MASK, XK_Shift_L }, { GDK_CONTROL_MASK, XK_Control_L }, { GDK_ALT_MASK, XK_Alt_L },
  };

  if (!gtk_window_is_active (window))
    angio_test_focus_window (window);
  for (guint i = 0; i < G_N_ELEMENTS (modifiers); i++)
    if (mods & modifiers[i].mask)
      fake_key (dpy, modifiers[i].key, TRUE);
  /* GDK key values are X keysyms. */
  fake_key (dpy, keyval, TRUE);
  fake_key (dpy, keyval, FALSE);
  for (guint i = G_N_ELEMENTS (modifiers); i-- > 0;)
    if (mods & modifiers[i].mask)
      fake_key (dpy, modifiers[i].key, FALSE);
  settle (GTK_WIDGET (window));
}

void
angio_test_type (GtkWindow  *window,
                 const char *text)
{
  for (const char *c = text; *c != '\0'; c++)
    {
      guint keyval = gdk_unicode_to_keyval ((guchar) *c);

      angio_test_key (window, keyval, g_ascii_isupper (*c) ? GDK_SHIFT_MASK : 0);
    }
}

void
angio_test_click (GtkWidget *widget,
                  double     x,
                  double     y,
                  guint      button)
{
  Display *dpy = x_display (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t at;
  double sx, sy;
  int root_x, root_y;
  Window child;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (x, y), &at));
  /* The surface also holds the client-side shadow around the window. */
  gtk_native_get_surface_transform (native, &sx, &sy);
  XTranslateCoordinates (dpy, x_window (widget), DefaultRootWindow (dpy),
                         (int) round (at.x + sx), (int) round (at.y + sy), &root_x, &root_y,
                         &child);
  XTestFakeMotionEvent (dpy, -1, root_x, root_y, CurrentTime);
  settle (widget);
  XTestFakeButtonEvent (dpy, button, True, CurrentTime);
  XTestFakeButtonEvent (dpy, button, False, CurrentTime);
  settle (widget);
}

GtkWidget *
angio_test_focus (GtkWindow *window)
{
  return gtk_root_get_focus (GTK_ROOT (window));
}

gpointer
angio_test_case_window (GtkApplication                   *app,
                        const char                       *name,
                        guint                             n,
                        const AngioDicomAttribute *const *extra,
                        char                            **folder,
                        AngioPhantom                    **phantom)
{
  g_autofree char *path = angio_test_path (name);
  g_autofree char *file = g_strconcat (name, ".dcm", NULL);
  g_autofree char *run = angio_test_path (file);
  g_autoptr(AngioPhantom) truth = NULL;
  g_autoptr(GError) error = NULL;
  AngioPhantomParams params;
  AngioWindow *window;

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = 256;
  params.frames = 24;
  params.seed = 7;
  truth = angio_phantom_generate (&params, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (angio_phantom_save (truth, run, NULL, NULL, extra, &error));
  g_assert_no_error (error);
  {
    const char *paths[] = { run, NULL };
    g_autoptr(AngioWorkspace) ws = angio_workspace_open (path, TRUE, &error);
    g_autoptr(AngioImportReport) report = NULL;

    g_assert_no_error (error);
    report = angio_workspace_import (ws, paths, TRUE, NULL, &error);
    g_assert_no_error (error);
  }
  if (n > 1)
    angio_test_copy_case (path, n);

  /* A reference of the caller's: the window can be destroyed, then checked finalized. */
  window = g_object_ref (angio_window_new (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (angio_window_open_workspace (window, path, &error));
  g_assert_no_error (error);
  g_assert_true (angio_window_open_case (window, "CASE-0001", &error));
  g_assert_no_error (error);
  g_assert_true (angio_test_wait_for (angio_test_window_case_shown, window, 30000));
  angio_test_run_for (200);
  angio_test_focus_window (GTK_WINDOW (window));
  if (folder != NULL)
    *folder = g_steal_pointer (&path);
  if (phantom != NULL)
    *phantom = g_steal_pointer (&truth);
  return window;
}
