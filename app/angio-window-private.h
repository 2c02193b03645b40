/* angio-window-private.h — shared by the files of AngioWindow: angio-window.c (opening and
 * playing runs), angio-window-case.c (workspace, worklist, annotation) and
 * angio-window-packages.c (case packages out and in), angio-window-keys.c (the keys of the
 * viewer), angio-window-reader.c (the reader, the status, the report). */
#pragma once

#include "angio-annotation-panel.h"
#include "angio-case-history.h"
#include "angio-compare-panel.h"
#include "angio-comparison.h"
#include "angio-lesion-editor.h"
#include "angio-redaction-tool.h"
#include "angio-window.h"
#include "angio-worklist.h"

G_BEGIN_DECLS

/* A GtkApplicationWindow, not an AdwApplicationWindow: the latter rounds its corners with a
 * mask over the whole content, which costs about 20 ms a frame with software OpenGL (Mesa's
 * llvmpipe, as in virtual desktops and under Xvfb) — more than playback at 30 frames/s allows. */
struct _AngioWindow
{
  GtkApplicationWindow parent_instance;

  /* Template */
  AngioCineView *cine_view;
  GtkLabel *frame_label;
  GtkLabel *image_hint;
  AdwToastOverlay *image_toasts;
  AngioInfoPanel *info_panel;
  GtkProgressBar *loading_bar;
  GtkWidget *loading_box;
  GtkDropDown *loop_dropdown;
  GMenu *recent_section;
  GtkListBox *recent_list;
  GtkRevealer *panel_revealer;
  GtkScrolledWindow *panel_scroll;
  GtkButton *play_button;
  AngioAnnotationPanel *annotation_panel;
  AngioWorklist *worklist;
  GtkDropDown *run_dropdown;
  GtkDropDown *speed_dropdown;
  GtkStack *stack;
  AngioTimeline *timeline;
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;

  AngioSession *session;
  GSettings *settings;
  GtkStringList *run_names;
  GPtrArray *run_paths;
  guint current_run;
  gboolean updating_runs;         /* the run list is being changed: ignore the drop-down */
  GCancellable *open_cancellable; /* the open under way, if any */
  GSignalGroup *series_signals;
  AngioProposals *proposals;      /* the analysis of the series on show, and its drawing */
  guint pulse_id;                 /* pulses the progress bar while the analysis runs */
  guint tick_id;
  gboolean show_panel;
  gboolean close_anyway;          /* the reader chose to close over a value refused */

  /* The workspace and the case open in it (angio-window-case.c) */
  AngioWorkspace *workspace;
  AngioCase *kase;
  AngioCaseHistory *history;
  AngioCaseSeries *case_series;   /* of the run on show, when it belongs to the case */
  AngioLesionEditor *editor;      /* drags on the selected lesion */
  AngioRedactionTool *redaction;  /* regions of burned-in text (angio-window-redact.c) */
  GtkGesture *measure_click;
  AngioPoint measure_from;
  guint measure_points;           /* 0: not measuring; 1: waiting for the first click… */
  gboolean calibrating;           /* …the clicks are along the catheter */
  guint import_tick;              /* while importing runs: the worklist follows */
  char *adjudicating;             /* a case in adjudication: the reader whose read is shown as
                                     the case, the others beside it (nothing is saved) */

  /* The case beside a prediction (angio-window-compare.c) */
  AngioComparePanel *compare_panel;
  AngioComparison *comparison;
  char *compare;                  /* win.compare: "" or "<origin>:<source>" */
};


void angio_window_open_paths       (AngioWindow    *self,
                                    GPtrArray      *paths);
/* Shows @toast (transfer full): over the image in the viewer (the controls stay visible),
 * else over the page. */
void angio_window_add_toast        (AngioWindow    *self,
                                    AdwToast       *toast);
void angio_window_update_actions   (AngioWindow    *self);

/* angio-window-keys.c: Space, the arrows and Escape in the viewer, whatever has the focus. */
void angio_window_keys_init        (AngioWindow    *self);
/* The keyboard focus back on the image (its keys: play, frames, lesions). */
void angio_window_focus_image      (AngioWindow    *self);

/* angio-window-case.c */
/* Reads the worklist again (a toast if it cannot). */
void angio_window_refresh_worklist (AngioWindow    *self);
void angio_window_case_class_init  (GtkWidgetClass *widget_class);
void angio_window_case_init        (AngioWindow    *self);
void angio_window_case_dispose     (AngioWindow    *self);
/* The case.* actions follow the case, the run (decoded or not) and the selection. */
void angio_window_case_update_actions (AngioWindow *self);
/* The demo run at @path, opened as the case of its own workspace beside it (created and the run
 * imported the first time). FALSE with @error when that workspace cannot be used. */
gboolean angio_window_open_demo_case (AngioWindow  *self,
                                      const char   *path,
                                      GError      **error);
/* Escape while the clicks on the image are a measurement's: stopped (TRUE), else FALSE. */
gboolean angio_window_case_cancel_clicks (AngioWindow *self);
/* The run @series is on show: attach it to its series of the open case, if any. */
void angio_window_case_series_shown (AngioWindow   *self,
                                     AngioSeries   *series);
/* What a file chooser answered @response with: (transfer full) (nullable) the chosen paths,
 * NULL-terminated; NULL when cancelled or none is a local file. */
GPtrArray *angio_window_chosen_paths (GtkNativeDialog *dialog,
                                      int              response);

/* angio-window-compare.c: the case beside a stored prediction. Its properties "compare" and
 * "compare-difference" (the states of win.compare and win.compare-difference) have these ids;
 * angio-window.c's get_property and set_property hand them over. */
#define ANGIO_WINDOW_PROP_COMPARE 100
#define ANGIO_WINDOW_PROP_COMPARE_DIFFERENCE 101
void angio_window_compare_class_init      (GtkWidgetClass *widget_class);
/* Before the proposals are made: the difference layer is drawn under every outline. */
void angio_window_compare_init            (AngioWindow    *self);
void angio_window_compare_dispose         (AngioWindow    *self);
void angio_window_compare_update_actions  (AngioWindow    *self);
void angio_window_compare_get_property    (AngioWindow    *self,
                                           guint           prop_id,
                                           GValue         *value);
void angio_window_compare_set_property    (AngioWindow    *self,
                                           guint           prop_id,
                                           const GValue   *value);
/* A case was opened (its predictions are listed) or closed; the run on show changed. */
void angio_window_compare_case_opened     (AngioWindow    *self);
void angio_window_compare_case_closed     (AngioWindow    *self);
void angio_window_compare_series_shown    (AngioWindow    *self);

/* angio-window-reader.c: who reads, the status, the pressure wire from the keyboard, the
 * report. */
void angio_window_reader_class_init     (GtkWidgetClass *widget_class);
void angio_window_reader_update_actions (AngioWindow    *self);
/* @case_id in adjudication as an adjudicator of the settings sees it: the base read shown as
 * the case (its reader in *@shown), the others to compare beside it; NULL (no error) when the
 * case is not in adjudication or the reader may not see its reads. Returns: (transfer full). */
AngioCase *angio_window_reader_load_adjudication (AngioWindow *self,
                                                  const char  *case_id,
                                                  char       **shown,
                                                  GError     **error);
/* The reader set in Preferences changed: the open case's next revisions are theirs. */
void angio_window_case_update_reader    (AngioWindow    *self);
/* @case_id in adjudication as an adjudicator of the settings sees it: the base read shown as
 * the case (its reader in *@shown), the others to compare beside it; NULL (no error) when the
 * case is not in adjudication or the reader may not see its reads. Returns: (transfer full). */
AngioCase *angio_window_reader_load_adjudication (AngioWindow *self,
                                                  const char  *case_id,
                                                  char       **shown,
                                                  GError     **error);
/* The reader set in Preferences changed: as above, and his worklist shown. */
void angio_window_reader_changed        (AngioWindow    *self);
/* The reader identity of the settings (the reader ID, else the name; NULL when neither is
 * set). Returns: (transfer full) (nullable). */
char *angio_window_reader_who           (AngioWindow    *self);
/* @case_id as the reader of the settings reads it (several readers, angio-reads.h): his own
 * read — blinded, never another's labels — when the case is assigned to him and not final,
 * with his ID in *@read; NULL (no error) when it is not his to read. Returns: (transfer full). */
AngioCase *angio_window_reader_load_read (AngioWindow   *self,
                                          const char    *case_id,
                                          char         **read,
                                          GError       **error);
/* The case on show is about to be left: what its fields hold saved, a value refused or
 * proposals left unreviewed said (with a way back). */
void angio_window_reader_leave_case     (AngioWindow    *self);

/* angio-window-packages.c: exporting and importing case packages. */
void angio_window_packages_class_init     (GtkWidgetClass *widget_class);
void angio_window_packages_update_actions (AngioWindow    *self);

/* angio-window-review.c: importing predictions, and their scores. */
void angio_window_review_class_init       (GtkWidgetClass *widget_class);
void angio_window_review_update_actions   (AngioWindow    *self);

/* angio-window-redact.c: blacking out burned-in text. */
void angio_window_redact_class_init      (GtkWidgetClass *widget_class);
void angio_window_redact_init            (AngioWindow    *self);
void angio_window_redact_dispose         (AngioWindow    *self);
/* The run on show (self->case_series) changed. */
void angio_window_redact_series_shown    (AngioWindow    *self);
/* Measuring starts: the image's clicks are not the tool's any more. */
void angio_window_redact_stop            (AngioWindow    *self);

G_END_DECLS
