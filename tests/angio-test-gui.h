/* angio-test-gui.h — helpers for the tests that draw (run under Xvfb). */
#pragma once

#include <gtk/gtk.h>

#include "angio-phantom.h"

G_BEGIN_DECLS

/* gtk_test_init, libadwaita and the application's resources. */
void        angio_test_gui_init        (int       *argc,
                                        char    ***argv);
/* Runs the main loop until @done returns TRUE or @timeout_ms pass; returns @done's answer. */
gboolean    angio_test_wait_for        (gboolean (*done) (gpointer data),
                                        gpointer   data,
                                        guint      timeout_ms);
/* Runs the main loop for @ms. */
void        angio_test_run_for         (guint      ms);
/* For angio_test_wait_for(): the AngioWindow @window has analysed the run it shows. */
gboolean    angio_test_window_analysed (gpointer   window);

/* …the first run of the case it opened is on show, attached to the case, and decoded. */
gboolean    angio_test_window_case_shown (gpointer window);

/* The fixture of the tests that annotate: a workspace in the temporary folder @name (its path
 * in *@folder) holding @n copies of one analysed renal phantom run (256², 24 frames, seed 7,
 * with the @extra DICOM attributes, nullable), CASE-0001 to CASE-@n; a 1280 × 800 window of
 * @app opened on CASE-0001, its run decoded and shown, with the X input focus. @phantom
 * (nullable) receives the phantom's truth. Returns: (transfer full): the window. */
gpointer    angio_test_case_window     (GtkApplication                   *app,
                                        const char                       *name,
                                        guint                             n,
                                        const AngioDicomAttribute *const *extra,
                                        char                            **folder,
                                        AngioPhantom                    **phantom);

/* A label anywhere under @root whose text contains @text, or NULL. */
GtkLabel   *angio_test_find_label      (GtkWidget  *root,
                                        const char *text);
/* The widget of @type under @root (itself included), depth first, after skipping *@skip of
 * them (decremented as they are passed). */
GtkWidget  *angio_test_find_widget     (GtkWidget  *root,
                                        GType       type,
                                        guint      *skip);

/* Real input, as a reader's keyboard and mouse give it: through the X server's XTest extension
 * (the tests run under Xvfb, GDK_BACKEND=x11), into the window that has the X input focus —
 * the events take GDK's whole path, focus and all, not an action activation. */
/* Gives @window the X input focus and waits until it is the active window. */
void        angio_test_focus_window    (GtkWindow  *window);
/* Presses and releases @keyval with @mods (Shift, Control, Alt) held; then lets the main loop
 * handle the events. */
void        angio_test_key             (GtkWindow      *window,
                                        guint           keyval,
                                        GdkModifierType mods);
/* Types @text (ASCII) key by key. */
void        angio_test_type            (GtkWindow  *window,
                                        const char *text);
/* Moves the pointer to (@x, @y) of @widget and clicks @button (1 left, 3 right) there. */
void        angio_test_click           (GtkWidget  *widget,
                                        double      x,
                                        double      y,
                                        guint       button);
/* The widget that has the keyboard focus in @window (nullable). */
GtkWidget  *angio_test_focus           (GtkWindow  *window);

/* The widget named @name (gtk_widget_get_name(), the "name" of a .ui) under @root, or NULL. */
GtkWidget  *angio_test_find_named      (GtkWidget  *root,
                                        const char *name);

/* What @widget shows now, rendered by its window's renderer. */
typedef struct {
  int width;
  int height;
  gsize stride;
  guint8 *data;    /* B, G, R, A per pixel (premultiplied), as Cairo's ARGB32 */
} AngioTestImage;

AngioTestImage *angio_test_widget_image (GtkWidget      *widget);
void            angio_test_image_free   (AngioTestImage *image);
/* Gray level (mean of R, G, B) at widget pixel (x, y). */
double          angio_test_image_gray   (const AngioTestImage *image,
                                         int             x,
                                         int             y);
void            angio_test_image_rgb    (const AngioTestImage *image,
                                         int             x,
                                         int             y,
                                         guint8          rgb[3]);
/* Saves as PNG (for a look when a test fails). */
void            angio_test_image_save   (const AngioTestImage *image,
                                         const char     *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AngioTestImage, angio_test_image_free)

G_END_DECLS
