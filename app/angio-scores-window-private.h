/* angio-scores-window-private.h — shared by the files of AngioScoresWindow:
 * angio-scores-window.c (the window: sources, computing, summary, plots),
 * angio-scores-window-table.c (the table of the cases) and angio-scores-window-export.c (CSV,
 * PNG, SVG); and for the tests, what the window shows and the steps its actions take once a
 * file chooser has answered. */
#pragma once

#include "angio-score-plot.h"
#include "angio-score.h"
#include "angio-scores-window.h"

G_BEGIN_DECLS

struct _AngioScoresWindow
{
  AdwWindow parent_instance;

  /* Template */
  AngioScorePlot *bland_altman_plot;
  AngioScorePlot *dice_plot;
  AdwStatusPage *error_page;
  AngioScorePlot *ffr_scatter_plot;
  AdwPreferencesGroup *ffr_group;
  AdwPreferencesGroup *key_frames_group;
  AdwPreferencesGroup *outlines_group;
  GtkWidget *scores_page;
  GtkDropDown *source_dropdown;
  GtkSpinner *spinner;
  GtkStack *stack;               /* "empty", "loading", "error", "scores" */
  GtkColumnView *table;
  AdwWindowTitle *title;
  AdwToastOverlay *toast_overlay;
  GtkSpinButton *tolerance_spin;

  AngioWorkspace *workspace;
  GtkWindow *main_window;        /* weak: where cases open */
  GPtrArray *sources;            /* Source *, as the drop-down lists them */
  GtkStringList *source_names;
  gboolean updating_sources;     /* the drop-down is being filled: not a choice */
  GListStore *rows;              /* AngioScoreRow */
  GHashTable *values;            /* summary key → GtkLabel (unowned) */
  GHashTable *value_rows;        /* summary key → AdwActionRow (unowned) */

  GCancellable *cancellable;     /* of the computation under way, if any */
  AngioScores *scores;           /* on show, if any */
  char *error;                   /* shown instead of them, if any */
  char *message;                 /* the last toast's */
};

/* angio-scores-window.c */
void            angio_scores_window_show_toast    (AngioScoresWindow     *self,
                                                   const char            *message);
/* Opens @case_id beside its prediction in the main window (its win.compare-case), or says in
 * a toast that it cannot. */
void            angio_scores_window_compare_case  (AngioScoresWindow     *self,
                                                   const char            *case_id);

/* angio-scores-window-table.c: its columns and rows. */
void            angio_scores_window_table_init    (AngioScoresWindow     *self);
/* A row per case of the scores on show (none without). */
void            angio_scores_window_table_show    (AngioScoresWindow     *self);

/* angio-scores-window-export.c: the actions scores.export-table and scores.export-plots. */
void            angio_scores_window_export_class_init (GtkWidgetClass    *widget_class);

/* For the tests */

/* TRUE while the scores are being computed. */
gboolean        angio_scores_window_is_busy       (GtkWindow             *window);
/* The scores on show: (transfer none) (nullable). */
AngioScores    *angio_scores_window_get_scores    (GtkWindow             *window);
/* The sources in the drop-down, as it shows them: (transfer full). */
GStrv           angio_scores_window_list_sources  (GtkWindow             *window);
/* Chooses a source in the drop-down, as a click would; FALSE if it is not listed. */
gboolean        angio_scores_window_select_source (GtkWindow             *window,
                                                   AngioPredictionOrigin  origin,
                                                   const char            *source);
void            angio_scores_window_set_tolerance (GtkWindow             *window,
                                                   guint                  tolerance);
/* The text of the summary's value @key ("sensitivity", "ffr-bias", "hit-rate"…), or NULL. */
const char     *angio_scores_window_get_value     (GtkWindow             *window,
                                                   const char            *key);
/* The table; its model holds the rows as sorted. */
GtkColumnView  *angio_scores_window_get_table     (GtkWindow             *window);
/* The case of the table's row @position, as sorted, and the text of its cell in column @id
 * ("case", "offset", "hit", "dice", "iou", "hd95", "mld-ref", "mld-pred", "ds-ref",
 * "ds-pred", "ffr-ref", "ffr-pred", "ffr-error"). (transfer none) / (transfer full). */
const char     *angio_scores_window_get_row_case  (GtkWindow             *window,
                                                   guint                  position);
char           *angio_scores_window_get_cell      (GtkWindow             *window,
                                                   guint                  position,
                                                   const char            *column_id);
AngioScorePlot *angio_scores_window_get_plot      (GtkWindow             *window,
                                                   AngioScorePlotKind     kind);
/* The error shown instead of the scores, or NULL. */
const char     *angio_scores_window_get_error     (GtkWindow             *window);
/* The last toast's text, or NULL. */
const char     *angio_scores_window_get_message   (GtkWindow             *window);
/* Export Table… once @path is chosen: the CSV written, a toast. */
gboolean        angio_scores_window_save_table    (GtkWindow             *window,
                                                   const char            *path);
/* Export Plots… once @folder is chosen: the six files written, a toast — or, when files of
 * their names are there, a question first (replace them, keep both: new names, or cancel). */
void            angio_scores_window_save_plots    (GtkWindow             *window,
                                                   const char            *folder);

G_END_DECLS
