/* angio-test-gui.h — helpers for the tests that draw (run under Xvfb). */
#pragma once

#include <gtk/gtk.h>

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

/* A label anywhere under @root whose text contains @text, or NULL. */
GtkLabel   *angio_test_find_label      (GtkWidget  *root,
                                        const char *text);
/* The widget of @type under @root (itself included), depth first, after skipping *@skip of
 * them (decremented as they are passed). */
GtkWidget  *angio_test_find_widget     (GtkWidget  *root,
                                        GType       type,
                                        guint      *skip);

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
