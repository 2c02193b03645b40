/* angio-scores-window-table.c — the table of the scores window: a row per case (a copy of its
 * scores), a column per score, numbers right-aligned with digits of one width, sorted by a
 * click on a column's title; a row activated opens the case beside its prediction. */
#define G_LOG_DOMAIN "angio-scores"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "angio-scores-window-private.h"

/* A row of the table: a copy of one case's scores. */

#define ANGIO_TYPE_SCORE_ROW (angio_score_row_get_type ())
G_DECLARE_FINAL_TYPE (AngioScoreRow, angio_score_row, ANGIO, SCORE_ROW, GObject)

struct _AngioScoreRow
{
  GObject parent_instance;

  AngioCaseScore score;
  char *sort_key;                    /* of the case id: CASE-9 before CASE-10 */
};

G_DEFINE_FINAL_TYPE (AngioScoreRow, angio_score_row, G_TYPE_OBJECT)

static void
angio_score_row_finalize (GObject *object)
{
  AngioScoreRow *self = ANGIO_SCORE_ROW (object);

  angio_case_score_clear (&self->score);
  g_free (self->sort_key);
  G_OBJECT_CLASS (angio_score_row_parent_class)->finalize (object);
}

static void
angio_score_row_class_init (AngioScoreRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = angio_score_row_finalize;
}

static void
angio_score_row_init (AngioScoreRow *self)
{
}

static AngioScoreRow *
angio_score_row_new (const AngioCaseScore *score)
{
  AngioScoreRow *self = g_object_new (ANGIO_TYPE_SCORE_ROW, NULL);

  self->score = *score;
  self->score.case_id = g_strdup (score->case_id);
  self->score.key_run = g_strdup (score->key_run);
  self->sort_key = g_utf8_collate_key_for_filename (score->case_id, -1);
  return self;
}

typedef enum {
  COLUMN_CASE,
  COLUMN_OFFSET,
  COLUMN_HIT,
  COLUMN_DICE,
  COLUMN_IOU,
  COLUMN_HD95,
  COLUMN_MLD_REF,
  COLUMN_MLD_PRED,
  COLUMN_DS_REF,
  COLUMN_DS_PRED,
  COLUMN_FFR_REF,
  COLUMN_FFR_PRED,
  COLUMN_FFR_ERROR,
  N_COLUMNS
} Column;

static const struct {
  const char *id;
  const char *title;
  int decimals;
  gboolean sign;                     /* a difference: "+" shown */
} columns[N_COLUMNS] = {
  { "case", N_("Case"), 0, FALSE },
  { "offset", N_("Key Frame Offset"), 0, TRUE },
  { "hit", N_("Hit"), 0, FALSE },
  { "dice", N_("Dice"), 3, FALSE },
  { "iou", N_("IoU"), 3, FALSE },
  { "hd95", N_("HD95 (px)"), 2, FALSE },
  { "mld-ref", N_("MLD Ref. (mm)"), 2, FALSE },
  { "mld-pred", N_("MLD Pred. (mm)"), 2, FALSE },
  { "ds-ref", N_("%DS Ref."), 1, FALSE },
  { "ds-pred", N_("%DS Pred."), 1, FALSE },
  { "ffr-ref", N_("Wire FFR"), 3, FALSE },
  { "ffr-pred", N_("Predicted FFR"), 3, FALSE },
  { "ffr-error", N_("FFR Error"), 3, TRUE },
};

static double
column_value (const AngioCaseScore *score,
              Column                column)
{
  switch (column)
    {
    case COLUMN_OFFSET:
      return score->offset_frames;
    case COLUMN_HIT:
      return score->key_run != NULL ? score->hit : NAN;
    case COLUMN_DICE:
      return score->dice;
    case COLUMN_IOU:
      return score->iou;
    case COLUMN_HD95:
      return score->hd95_px;
    case COLUMN_MLD_REF:
      return score->reference_mld_mm;
    case COLUMN_MLD_PRED:
      return score->predicted_mld_mm;
    case COLUMN_DS_REF:
      return score->reference_percent_ds;
    case COLUMN_DS_PRED:
      return score->predicted_percent_ds;
    case COLUMN_FFR_REF:
      return score->reference_ffr;
    case COLUMN_FFR_PRED:
      return score->predicted_ffr;
    case COLUMN_FFR_ERROR:
      return score->predicted_ffr - score->reference_ffr;
    case COLUMN_CASE:
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static char *
cell_text (const AngioCaseScore *score,
           Column                column)
{
  if (column == COLUMN_CASE)
    return g_strdup (score->case_id);
  if (column == COLUMN_HIT)
    {
      if (score->key_run == NULL)
        return g_strdup ("—");
      return g_strdup (score->hit ? _("Yes") : _("No"));
    }
  return angio_score_format (column_value (score, column), columns[column].decimals,
                             columns[column].sign);
}

/* Unknown values sort below every number. */
static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  const AngioScoreRow *row_a = a, *row_b = b;
  Column column = GPOINTER_TO_UINT (data);
  double x, y;

  if (column == COLUMN_CASE)
    return strcmp (row_a->sort_key, row_b->sort_key);
  x = column_value (&row_a->score, column);
  y = column_value (&row_b->score, column);
  if (isnan (x) || isnan (y))
    return (int) !!isnan (y) - (int) !!isnan (x);
  return x < y ? -1 : x > y ? 1 : 0;
}

static void
on_setup_cell (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  data)
{
  Column column = GPOINTER_TO_UINT (data);
  GtkWidget *label = gtk_label_new (NULL);

  /* Numbers right-aligned, their digits of one width: the decimal points line up. */
  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_CASE ? 0.0
                                           : column == COLUMN_HIT ? 0.5 : 1.0);
  if (column != COLUMN_CASE)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
on_bind_cell (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  data)
{
  AngioScoreRow *row = gtk_list_item_get_item (item);
  g_autofree char *text = cell_text (&row->score, GPOINTER_TO_UINT (data));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
on_row_activated (AngioScoresWindow *self,
                  guint              position)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (self->table));
  g_autoptr(AngioScoreRow) row = g_list_model_get_item (model, position);

  if (row != NULL)
    angio_scores_window_compare_case (self, row->score.case_id);
}

/* The titles of the columns of numbers right-aligned, over their numbers. GTK 4.8 has no API
 * for it: the header is the column view's first child ("header"), a title ("button") per
 * column, holding a box with the title's label and the sort indicator. Another layout is left
 * alone. */
static void
align_titles (GtkColumnView *table)
{
  GtkWidget *header = gtk_widget_get_first_child (GTK_WIDGET (table));
  GtkWidget *title = header ? gtk_widget_get_first_child (header) : NULL;
  guint c = 0;

  if (header == NULL || g_strcmp0 (gtk_widget_get_css_name (header), "header") != 0)
    return;
  for (; title != NULL && c < N_COLUMNS; title = gtk_widget_get_next_sibling (title), c++)
    {
      GtkWidget *box = gtk_widget_get_first_child (title);
      GtkWidget *label = box ? gtk_widget_get_first_child (box) : NULL;

      if (!GTK_IS_LABEL (label))
        return;
      if (c != COLUMN_CASE)
        {
          gtk_widget_set_hexpand (label, TRUE);
          gtk_label_set_xalign (GTK_LABEL (label), c == COLUMN_HIT ? 0.5 : 1.0);
        }
    }
}

void
angio_scores_window_table_init (AngioScoresWindow *self)
{
  GtkSortListModel *sorted;
  GtkSingleSelection *selection;
  GtkColumnViewColumn *first = NULL;

  self->rows = g_list_store_new (ANGIO_TYPE_SCORE_ROW);
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      g_autoptr(GtkSorter) sorter = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cell), GUINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cell), GUINT_TO_POINTER (c));
      column = gtk_column_view_column_new (_(columns[c].title), factory);
      sorter = GTK_SORTER (gtk_custom_sorter_new (compare_rows, GUINT_TO_POINTER (c), NULL));
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      /* The table fills its frame: the space left shared between the columns. */
      gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (self->table, column);
      if (c == COLUMN_CASE)
        first = column;
      g_object_unref (column);
    }
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->rows)),
                                    g_object_ref (gtk_column_view_get_sorter (self->table)));
  selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->table, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  gtk_column_view_sort_by_column (self->table, first, GTK_SORT_ASCENDING);
  align_titles (self->table);
  g_signal_connect_swapped (self->table, "activate", G_CALLBACK (on_row_activated), self);
}

void
angio_scores_window_table_show (AngioScoresWindow *self)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; self->scores != NULL && i < self->scores->cases->len; i++)
    g_ptr_array_add (rows, angio_score_row_new (g_ptr_array_index (self->scores->cases, i)));
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       rows->pdata, rows->len);
}

/* Tests */

static AngioScoreRow *
row_at (AngioScoresWindow *self,
        guint              position)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (self->table));
  AngioScoreRow *row = g_list_model_get_item (model, position);

  /* The store keeps it. */
  if (row != NULL)
    g_object_unref (row);
  return row;
}

const char *
angio_scores_window_get_row_case (GtkWindow *window,
                                  guint      position)
{
  AngioScoresWindow *self = ANGIO_IS_SCORES_WINDOW (window) ? ANGIO_SCORES_WINDOW (window)
                                                            : NULL;
  AngioScoreRow *row = self ? row_at (self, position) : NULL;

  return row ? row->score.case_id : NULL;
}

char *
angio_scores_window_get_cell (GtkWindow  *window,
                              guint       position,
                              const char *column_id)
{
  AngioScoresWindow *self = ANGIO_IS_SCORES_WINDOW (window) ? ANGIO_SCORES_WINDOW (window)
                                                            : NULL;
  AngioScoreRow *row = self ? row_at (self, position) : NULL;

  for (guint c = 0; row != NULL && c < N_COLUMNS; c++)
    if (g_strcmp0 (columns[c].id, column_id) == 0)
      return cell_text (&row->score, c);
  return NULL;
}
