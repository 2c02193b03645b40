/* angio-timeline.h — the frames of a run along a line: ticks, the playhead (drag to scrub),
 * which frames are decoded, key-frame markers (click to jump) and a curve slot for a per-frame
 * signal such as the opacification curve. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  ANGIO_MARKER_PROPOSED,   /* drawn hollow */
  ANGIO_MARKER_ACCEPTED,   /* drawn filled */
  ANGIO_MARKER_PREDICTED,  /* another reader's (a model's) key frame: a magenta (#c061cb) pin
                              above the track; see angio_timeline_set_predicted_frames() */
} AngioMarkerStyle;

typedef struct {
  guint frame;
  AngioMarkerStyle style;
} AngioTimelineMarker;

#define ANGIO_TYPE_TIMELINE (angio_timeline_get_type ())
G_DECLARE_FINAL_TYPE (AngioTimeline, angio_timeline, ANGIO, TIMELINE, GtkWidget)

GtkWidget *angio_timeline_new              (void);

void       angio_timeline_set_n_frames     (AngioTimeline             *self,
                                            guint                      n_frames);
guint      angio_timeline_get_n_frames     (AngioTimeline             *self);
void       angio_timeline_set_frame        (AngioTimeline             *self,
                                            guint                      frame);
guint      angio_timeline_get_frame        (AngioTimeline             *self);
void       angio_timeline_set_n_ready      (AngioTimeline             *self,
                                            guint                      n_ready);
/* @values: one per frame, 0–1, or NULL to clear the curve. */
void       angio_timeline_set_curve        (AngioTimeline             *self,
                                            const double              *values,
                                            guint                      n_values);
/* Replaces the markers of the case's key frames (proposed or accepted); the predicted ones
 * stay: they have their own owner. */
void       angio_timeline_set_markers      (AngioTimeline             *self,
                                            const AngioTimelineMarker *markers,
                                            guint                      n_markers);
/* Replaces the predicted markers (ANGIO_MARKER_PREDICTED) by one at each of @frames (NULL:
 * none); the case's stay. */
void       angio_timeline_set_predicted_frames (AngioTimeline         *self,
                                                const guint           *frames,
                                                guint                  n_frames);
/* The markers shown, the case's then the predicted; @n_markers receives their count. */
const AngioTimelineMarker *angio_timeline_get_markers (AngioTimeline      *self,
                                                       guint              *n_markers);
/* The frame under widget position @x. */
guint      angio_timeline_frame_at         (AngioTimeline             *self,
                                            double                     x);
/* Where frame @frame is drawn. */
double     angio_timeline_frame_position   (AngioTimeline             *self,
                                            guint                      frame);

G_END_DECLS
