/* angio-history-dialog.c — the revisions of a case in a list. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "angio-history-dialog.h"

/* ISO 8601 UTC as the reader's local time. */
static char *
local_time (const char *iso)
{
  g_autoptr(GDateTime) utc = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : g_strdup (iso ? iso : "");
}

static GtkWidget *
cell (const char *text,
      gboolean    dim,
      gboolean    expand)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), expand ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  gtk_widget_set_hexpand (label, expand);
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");
  if (!expand)
    gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_tooltip_text (label, text);
  return label;
}

GtkWindow *
angio_history_dialog_new (GtkWindow       *parent,
                          AngioWorkspace  *workspace,
                          const char      *case_id,
                          GError         **error)
{
  g_autoptr(GPtrArray) revisions = NULL;
  g_autofree char *title = NULL;
  GtkWidget *window, *scroller, *list;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  revisions = angio_workspace_history (workspace, case_id, error);
  if (revisions == NULL)
    return NULL;
  window = gtk_window_new ();
  /* Translators: title of the history window; %s is a case id */
  title = g_strdup_printf (_("History of %s"), case_id);
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 420);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "rich-list");
  for (guint i = revisions->len; i-- > 0;)
    {
      AngioRevision *r = g_ptr_array_index (revisions, i);
      g_autofree char *when = local_time (r->time);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, r->id);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

      gtk_box_append (GTK_BOX (row), cell (number, TRUE, FALSE));
      gtk_box_append (GTK_BOX (row), cell (when, TRUE, FALSE));
      gtk_box_append (GTK_BOX (row), cell (r->who && *r->who ? r->who : _("unknown"), FALSE,
                                           FALSE));
      gtk_box_append (GTK_BOX (row), cell (r->action ? r->action : "", FALSE, TRUE));
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  g_object_set_data (G_OBJECT (window), "angio-history-list", list);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

GtkListBox *
angio_history_dialog_get_list (GtkWindow *dialog)
{
  g_return_val_if_fail (GTK_IS_WINDOW (dialog), NULL);
  return g_object_get_data (G_OBJECT (dialog), "angio-history-list");
}
