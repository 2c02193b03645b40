/* angio-score-plot.h — the plots of the dataset score page (review of AI predictions against
 * the reference): Bland–Altman agreement of FFR, predicted against wire FFR with the cut-off
 * quadrants, and the Dice of each case as bars. One drawing function serves the widget and the
 * export (PNG, SVG); the widget adds hover (tooltip, highlight) and click (open the case). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  /* x: mean of (reference, predicted) FFR; y: predicted − reference; the bias (solid) and the
   * limits of agreement (dashed) as horizontal lines, labelled on the right. */
  ANGIO_SCORE_PLOT_BLAND_ALTMAN,
  /* x: wire (reference) FFR, y: predicted FFR, both 0.4–1.0 (widened to the data, never beyond
   * 0–1.2); the identity diagonal, the cut-off lines dashed, the counts of the four quadrants
   * (TP/FN/FP/TN, positive = FFR ≤ cut-off) in their corners. */
  ANGIO_SCORE_PLOT_FFR_SCATTER,
  /* One bar per case (labels under the bars, slanted when they do not fit), y 0–1, the mean as
   * a dashed line; a NAN value is an empty slot marked "—". */
  ANGIO_SCORE_PLOT_DICE_BARS,
} AngioScorePlotKind;

typedef struct {
  guint n;
  const char *const *labels;   /* case ids, n of them (nullable: numbered 1…n) */
  const double *reference;     /* n values (NAN: missing, the case is left out); unused by
                                * DICE_BARS */
  const double *predicted;     /* n values; for DICE_BARS the Dice of each case */
  double bias;                 /* Bland–Altman, computed by the caller (NAN: not drawn) */
  double loa_low;
  double loa_high;
  double cutoff;               /* FFR cut-off, e.g. 0.80 (NAN: no cut-off lines or counts) */
} AngioScorePlotData;

/* Draws @kind of @data (nullable) into @cr over @width × @height, from (0, 0): white
 * background, axes with ticks and labels, axis titles, a title. "No data" centred when there is
 * no finite point. Pure drawing: the widget and the export use it. */
void       angio_score_plot_draw           (AngioScorePlotKind        kind,
                                            const AngioScorePlotData *data,
                                            cairo_t                  *cr,
                                            double                    width,
                                            double                    height);

/* Where the value (@x, @y), in the units of the plot's axes, is drawn by
 * angio_score_plot_draw() over @width × @height: (*@sx, *@sy) in its coordinates. For
 * DICE_BARS @x is the case index: the centre of its bar, @y a Dice. Returns FALSE (and leaves
 * the outputs alone) when there is nothing to plot. */
gboolean   angio_score_plot_value_position (AngioScorePlotKind        kind,
                                            const AngioScorePlotData *data,
                                            double                    width,
                                            double                    height,
                                            double                    x,
                                            double                    y,
                                            double                   *sx,
                                            double                   *sy);

/* Writes the plot to @path at @width × @height pixels as PNG or SVG, by the extension of @path
 * (any case); another extension is G_IO_ERROR_INVALID_ARGUMENT. The file is written under a
 * temporary name beside it and renamed: never left half-written. Errors name the file and the
 * reason. */
gboolean   angio_score_plot_save           (AngioScorePlotKind        kind,
                                            const AngioScorePlotData *data,
                                            const char               *path,
                                            double                    width,
                                            double                    height,
                                            GError                  **error);

#define ANGIO_TYPE_SCORE_PLOT (angio_score_plot_get_type ())
G_DECLARE_FINAL_TYPE (AngioScorePlot, angio_score_plot, ANGIO, SCORE_PLOT, GtkWidget)

/* Signal "case-activated" (const char *case_id): a click on a point or a bar. */
GtkWidget                *angio_score_plot_new      (AngioScorePlotKind        kind);
AngioScorePlotKind        angio_score_plot_get_kind (AngioScorePlot           *self);
/* Copies @data (labels and arrays; nullable: clears) and redraws. */
void                      angio_score_plot_set_data (AngioScorePlot           *self,
                                                     const AngioScorePlotData *data);
/* The widget's copy, for saving: (transfer none), or NULL. */
const AngioScorePlotData *angio_score_plot_get_data (AngioScorePlot           *self);
/* The case id at widget position (@x, @y): the nearest point within 8 px, or the bar's column
 * (its label included); NULL when none. */
const char               *angio_score_plot_case_at  (AngioScorePlot           *self,
                                                     double                    x,
                                                     double                    y);

G_END_DECLS
