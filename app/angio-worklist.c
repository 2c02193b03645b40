/* angio-worklist.c — the case table of a workspace. */
#define G_LOG_DOMAIN "angio-worklist"

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "angio-reads.h"
#include "angio-worklist.h"

/* A row: one case summary. */
#define ANGIO_TYPE_CASE_ROW (angio_case_row_get_type ())
G_DECLARE_FINAL_TYPE (AngioCaseRow, angio_case_row, ANGIO, CASE_ROW, GObject)

struct _AngioCaseRow {
  GObject parent_instance;
  AngioCaseSummary *summary;
  int reading;              /* the reader's AngioReadState of the case; −1: not his to read */
};

G_DEFINE_FINAL_TYPE (AngioCaseRow, angio_case_row, G_TYPE_OBJECT)

static void
angio_case_row_finalize (GObject *object)
{
  angio_case_summary_free (ANGIO_CASE_ROW (object)->summary);
  G_OBJECT_CLASS (angio_case_row_parent_class)->finalize (object);
}

static void
angio_case_row_class_init (AngioCaseRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = angio_case_row_finalize;
}

static void
angio_case_row_init (AngioCaseRow *self)
{
  self->reading = -1;
}

struct _AngioWorklist
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkSearchEntry *search;
  GtkColumnView *view;
  GtkLabel *count;
  GtkStack *pages;              /* "list", or "empty": what to do in an empty workspace */
  GListStore *rows;
  GtkFilterListModel *filtered;
  GtkSortListModel *sorted;
  GtkCustomFilter *filter;
  GtkSelectionModel *selection;
  GtkColumnViewColumn *reading_column;
  char *search_text;
  char *reader;                 /* the reader identity whose worklist this is (nullable) */
  gboolean reading;             /* he has cases assigned: only they are shown */
};

G_DEFINE_FINAL_TYPE (AngioWorklist, angio_worklist, GTK_TYPE_WIDGET)

enum {
  CASE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum {
  COLUMN_CASE,
  COLUMN_READING,
  COLUMN_STATUS,
  COLUMN_ANNOTATOR,
  COLUMN_KEY_FRAME,
  COLUMN_PERCENT_DS,
  COLUMN_WIRE_FFR,
  COLUMN_ESTIMATED_FFR,
  COLUMN_MODIFIED,
  N_COLUMNS
} Column;

const char *
angio_read_state_describe (AngioReadState state)
{
  switch (state)
    {
    case ANGIO_READ_TO_READ: return _("To read");
    case ANGIO_READ_SUBMITTED: return _("Submitted");
    case ANGIO_READ_ADJUDICATION: return _("In adjudication");
    case ANGIO_READ_FINAL: return _("Final");
    default: g_return_val_if_reached (NULL);
    }
}

static char *
cell_text (const AngioCaseSummary *s,
           int                     reading,
           Column                  column)
{
  switch (column)
    {
    case COLUMN_CASE: return g_strdup (s->case_id);
    case COLUMN_READING:
      return g_strdup (reading >= 0 ? angio_read_state_describe (reading) : "–");
    case COLUMN_STATUS: return g_strdup (angio_case_status_describe (s->status));
    case COLUMN_ANNOTATOR: return g_strdup (s->annotator ? s->annotator : "–");
    case COLUMN_KEY_FRAME:
      /* Frames are shown 1-based, as DICOM viewers number them. */
      return s->best_key_frame >= 0 ? g_strdup_printf ("%d", s->best_key_frame + 1)
                                    : g_strdup ("–");
    case COLUMN_PERCENT_DS:
      return isfinite (s->worst_percent_ds) ? g_strdup_printf ("%.0f %%", s->worst_percent_ds)
                                            : g_strdup ("–");
    case COLUMN_WIRE_FFR:
      return isfinite (s->wire_ffr) ? g_strdup_printf ("%.2f", s->wire_ffr) : g_strdup ("–");
    case COLUMN_ESTIMATED_FFR:
      return isfinite (s->estimated_ffr) ? g_strdup_printf ("%.2f", s->estimated_ffr)
                                         : g_strdup ("–");
    case COLUMN_MODIFIED:
      return s->modified ? g_strndup (s->modified, 16) : g_strdup ("–");
    case N_COLUMNS: default:
      g_return_val_if_reached (NULL);
    }
}

static const char *
column_title (Column column)
{
  switch (column)
    {
    case COLUMN_CASE: return _("Case");
    case COLUMN_READING: return _("Reading");
    case COLUMN_STATUS: return _("Status");
    case COLUMN_ANNOTATOR: return _("Annotator");
    case COLUMN_KEY_FRAME: return _("Key frame");
    case COLUMN_PERCENT_DS: return _("Worst %DS");
    case COLUMN_WIRE_FFR: return _("Wire FFR");
    case COLUMN_ESTIMATED_FFR: return _("Estimated FFR");
    case COLUMN_MODIFIED: return _("Modified (UTC)");
    case N_COLUMNS: default: g_return_val_if_reached (NULL);
    }
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  column)
{
  GtkWidget *label = gtk_label_new (NULL);

  gboolean text = GPOINTER_TO_INT (column) == COLUMN_CASE ||
                  GPOINTER_TO_INT (column) == COLUMN_ANNOTATOR ||
                  GPOINTER_TO_INT (column) == COLUMN_STATUS ||
                  GPOINTER_TO_INT (column) == COLUMN_READING;

  gtk_label_set_xalign (GTK_LABEL (label), text ? 0 : 1);
  if (!text)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  column)
{
  AngioCaseRow *row = gtk_list_item_get_item (item);
  g_autofree char *text = cell_text (row->summary, row->reading, GPOINTER_TO_INT (column));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

/* Numbers sort as numbers, unknown values last. */
static int
compare_numbers (double a,
                 double b)
{
  if (isnan (a) || isnan (b))
    return isnan (a) - isnan (b);
  return (a > b) - (a < b);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      column)
{
  const AngioCaseSummary *x = ((AngioCaseRow *) a)->summary, *y = ((AngioCaseRow *) b)->summary;

  switch (GPOINTER_TO_INT (column))
    {
    case COLUMN_CASE: return g_strcmp0 (x->case_id, y->case_id);
    case COLUMN_READING: return ((AngioCaseRow *) a)->reading - ((AngioCaseRow *) b)->reading;
    case COLUMN_STATUS: return (int) x->status - (int) y->status;
    case COLUMN_ANNOTATOR: return g_strcmp0 (x->annotator, y->annotator);
    case COLUMN_KEY_FRAME: return x->best_key_frame - y->best_key_frame;
    case COLUMN_PERCENT_DS: return compare_numbers (x->worst_percent_ds, y->worst_percent_ds);
    case COLUMN_WIRE_FFR: return compare_numbers (x->wire_ffr, y->wire_ffr);
    case COLUMN_ESTIMATED_FFR: return compare_numbers (x->estimated_ffr, y->estimated_ffr);
    case COLUMN_MODIFIED: return g_strcmp0 (x->modified, y->modified);
    default: return 0;
    }
}

static gboolean
matches (gpointer item,
         gpointer data)
{
  AngioWorklist *self = data;
  const AngioCaseSummary *s = ((AngioCaseRow *) item)->summary;
  g_autofree char *haystack = NULL;
  g_autofree char *folded = NULL;

  /* A reader with cases assigned sees his. */
  if (self->reading && ((AngioCaseRow *) item)->reading < 0)
    return FALSE;
  if (self->search_text == NULL || *self->search_text == '\0')
    return TRUE;
  haystack = g_strjoin (" ", s->case_id, angio_case_status_describe (s->status),
                        s->annotator ? s->annotator : "", NULL);
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, self->search_text) != NULL;
}

void
angio_worklist_set_search (AngioWorklist *self,
                           const char    *text)
{
  g_return_if_fail (ANGIO_IS_WORKLIST (self));

  g_free (self->search_text);
  self->search_text = text ? g_utf8_casefold (text, -1) : NULL;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_search_changed (AngioWorklist *self)
{
  angio_worklist_set_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search)));
}

static void
update_count (AngioWorklist *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  guint all = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  g_autofree char *text = NULL;

  gtk_stack_set_visible_child_name (self->pages, all == 0 ? "empty" : "list");
  if (shown == all)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u case", "%u cases", all), all);
  else
    /* Translators: cases shown by the search, of all the cases */
    text = g_strdup_printf (_("%u of %u cases"), shown, all);
  gtk_label_set_text (self->count, text);
}

static void
on_activate (AngioWorklist *self,
             guint          position)
{
  g_autoptr(AngioCaseRow) row = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

  if (row != NULL)
    g_signal_emit (self, signals[CASE_ACTIVATED], 0, row->summary->case_id);
}

static void
add_column (AngioWorklist *self,
            Column         column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *c;
  GtkSorter *sorter;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (column));
  c = gtk_column_view_column_new (column_title (column), factory);
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_rows, GINT_TO_POINTER (column), NULL));
  gtk_column_view_column_set_sorter (c, sorter);
  gtk_column_view_column_set_expand (c, column == COLUMN_ANNOTATOR);
  gtk_column_view_column_set_resizable (c, TRUE);
  gtk_column_view_append_column (self->view, c);
  if (column == COLUMN_READING)
    {
      self->reading_column = c;
      gtk_column_view_column_set_visible (c, FALSE);
    }
  if (column == COLUMN_CASE)
    gtk_column_view_sort_by_column (self->view, c, GTK_SORT_ASCENDING);
  g_object_unref (sorter);
  g_object_unref (c);
}

static void
angio_worklist_dispose (GObject *object)
{
  AngioWorklist *self = ANGIO_WORKLIST (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  G_OBJECT_CLASS (angio_worklist_parent_class)->dispose (object);
}

static void
angio_worklist_finalize (GObject *object)
{
  g_free (ANGIO_WORKLIST (object)->search_text);
  g_free (ANGIO_WORKLIST (object)->reader);
  G_OBJECT_CLASS (angio_worklist_parent_class)->finalize (object);
}

static void
angio_worklist_class_init (AngioWorklistClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = angio_worklist_dispose;
  object_class->finalize = angio_worklist_finalize;

  /**
   * AngioWorklist::case-activated:
   * @case_id: the case to open
   */
  signals[CASE_ACTIVATED] = g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          G_TYPE_STRING);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "worklist");
}

static GtkWidget *
pill (const char *label,
      const char *action,
      gboolean    suggested)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_add_css_class (button, "pill");
  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");
  return button;
}

/* An empty workspace says what comes next: importing. */
static GtkWidget *
empty_page (void)
{
  GtkWidget *page = adw_status_page_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "folder-open-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _("No Cases Yet"));
  adw_status_page_set_description (ADW_STATUS_PAGE (page),
                                   _("Import a folder of runs, or the folder of a DICOMDIR: a "
                                     "case per study, its runs analysed as they come in "
                                     "(Ctrl+I). Or import case packages (Ctrl+Shift+I)."));
  gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (buttons), pill (_("_Import Runs…"), "win.import", TRUE));
  gtk_box_append (GTK_BOX (buttons), pill (_("Import Case _Packages…"), "win.import-packages",
                                           FALSE));
  adw_status_page_set_child (ADW_STATUS_PAGE (page), buttons);
  return page;
}

static void
angio_worklist_init (AngioWorklist *self)
{
  GtkWidget *bar, *scroller, *export;

  self->rows = g_list_store_new (ANGIO_TYPE_CASE_ROW);
  self->filter = gtk_custom_filter_new (matches, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->rows)),
                                              GTK_FILTER (self->filter));
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->filtered),
                                          g_object_ref (gtk_column_view_get_sorter (self->view)));
  /* Several cases can be selected, to export them together. */
  self->selection = GTK_SELECTION_MODEL (gtk_multi_selection_new (G_LIST_MODEL (self->sorted)));
  gtk_column_view_set_model (self->view, self->selection);
  for (Column c = 0; c < N_COLUMNS; c++)
    add_column (self, c);
  gtk_column_view_set_single_click_activate (self->view, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "data-table");
  g_signal_connect_swapped (self->view, "activate", G_CALLBACK (on_activate), self);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_margin_top (bar, 6);
  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->search), TRUE);
  g_object_set (self->search, "placeholder-text", _("Search cases, status, annotator"), NULL);
  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (on_search_changed), self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->search));
  self->count = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->count), "dim-label");
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->count));
  export = gtk_button_new_with_mnemonic (_("_Export…"));
  gtk_widget_set_tooltip_text (export, _("Export the selected cases as case packages"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (export), "win.export-packages");
  gtk_box_append (GTK_BOX (bar), export);
  gtk_box_append (GTK_BOX (self->box), bar);
  scroller = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->view));
  self->pages = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->pages, scroller, "list");
  gtk_stack_add_named (self->pages, empty_page (), "empty");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->pages));
  g_signal_connect_swapped (self->sorted, "items-changed", G_CALLBACK (update_count), self);
  update_count (self);
}

GtkWidget *
angio_worklist_new (void)
{
  return g_object_new (ANGIO_TYPE_WORKLIST, NULL);
}

gboolean
angio_worklist_load (AngioWorklist   *self,
                     AngioWorkspace  *workspace,
                     GError         **error)
{
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) reads = NULL;
  g_autoptr(GHashTable) states = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (ANGIO_IS_WORKLIST (self), FALSE);

  if (workspace != NULL && !(cases = angio_workspace_list (workspace, error)))
    return FALSE;
  /* The reader's cases, with where each stands for him (states only: never a label). */
  if (workspace != NULL && self->reader != NULL &&
      !(reads = angio_workspace_list_reads (workspace, NULL, self->reader, error)))
    return FALSE;
  for (guint i = 0; reads != NULL && i < reads->len; i++)
    {
      AngioReadInfo *r = reads->pdata[i];

      g_hash_table_insert (states, r->case_id, GINT_TO_POINTER (r->state + 1));
    }
  self->reading = g_hash_table_size (states) > 0;
  gtk_column_view_column_set_visible (self->reading_column, self->reading);
  for (guint i = 0; cases != NULL && i < cases->len; i++)
    {
      AngioCaseRow *row = g_object_new (ANGIO_TYPE_CASE_ROW, NULL);

      row->summary = g_steal_pointer (&cases->pdata[i]);
      row->reading = GPOINTER_TO_INT (g_hash_table_lookup (states, row->summary->case_id)) - 1;
      g_ptr_array_add (rows, row);
    }
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       rows->pdata, rows->len);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  return TRUE;
}

void
angio_worklist_set_reader (AngioWorklist *self,
                           const char    *reader_id)
{
  g_return_if_fail (ANGIO_IS_WORKLIST (self));

  g_free (self->reader);
  self->reader = reader_id && *reader_id ? g_strdup (reader_id) : NULL;
}

int
angio_worklist_get_reading (AngioWorklist *self,
                            const char    *case_id)
{
  g_return_val_if_fail (ANGIO_IS_WORKLIST (self), -1);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->rows)); i++)
    {
      g_autoptr(AngioCaseRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);

      if (g_strcmp0 (row->summary->case_id, case_id) == 0)
        return row->reading;
    }
  return -1;
}

guint
angio_worklist_get_n_cases (AngioWorklist *self)
{
  g_return_val_if_fail (ANGIO_IS_WORKLIST (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->rows));
}

guint
angio_worklist_get_n_shown (AngioWorklist *self)
{
  g_return_val_if_fail (ANGIO_IS_WORKLIST (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
}

const char *
angio_worklist_get_shown_id (AngioWorklist *self,
                             guint          position)
{
  g_autoptr(AngioCaseRow) row = NULL;

  g_return_val_if_fail (ANGIO_IS_WORKLIST (self), NULL);

  row = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);
  /* The store keeps the row alive. */
  return row != NULL ? row->summary->case_id : NULL;
}

const char *
angio_worklist_get_neighbour (AngioWorklist *self,
                              const char    *case_id,
                              int            delta)
{
  guint n;

  g_return_val_if_fail (ANGIO_IS_WORKLIST (self), NULL);

  n = angio_worklist_get_n_shown (self);
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (angio_worklist_get_shown_id (self, i), case_id) == 0)
      {
        gint64 j = (gint64) i + delta;

        return j >= 0 && j < n ? angio_worklist_get_shown_id (self, j) : NULL;
      }
  return n > 0 && delta > 0 ? angio_worklist_get_shown_id (self, 0) : NULL;
}

GStrv
angio_worklist_get_selected_ids (AngioWorklist *self)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  guint n;

  g_return_val_if_fail (ANGIO_IS_WORKLIST (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  for (guint i = 0; i < n; i++)
    if (gtk_selection_model_is_selected (self->selection, i))
      g_strv_builder_add (ids, angio_worklist_get_shown_id (self, i));
  return g_strv_builder_end (ids);
}

void
angio_worklist_select (AngioWorklist      *self,
                       const char *const  *case_ids)
{
  guint n;

  g_return_if_fail (ANGIO_IS_WORKLIST (self));

  n = angio_worklist_get_n_shown (self);
  for (guint i = 0; i < n; i++)
    {
      gboolean on = case_ids != NULL &&
                    g_strv_contains (case_ids, angio_worklist_get_shown_id (self, i));

      if (on)
        gtk_selection_model_select_item (self->selection, i, FALSE);
      else
        gtk_selection_model_unselect_item (self->selection, i);
    }
}
