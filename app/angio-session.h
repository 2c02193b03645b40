/* angio-session.h — view state of a window: which series and frame, playback, display.
 * No GTK here: the playback clock is plain arithmetic the window feeds with frame times. */
#pragma once

#include <glib-object.h>

#include "angio-series.h"

G_BEGIN_DECLS

typedef enum {
  ANGIO_LOOP_REPEAT,   /* after the last frame, the first */
  ANGIO_LOOP_BOUNCE,   /* forwards, then backwards */
} AngioLoopMode;

#define ANGIO_TYPE_SESSION (angio_session_get_type ())
G_DECLARE_FINAL_TYPE (AngioSession, angio_session, ANGIO, SESSION, GObject)

AngioSession  *angio_session_new              (void);

void           angio_session_set_series       (AngioSession  *self,
                                               AngioSeries   *series);
AngioSeries   *angio_session_get_series       (AngioSession  *self);
void           angio_session_set_frame        (AngioSession  *self,
                                               guint          frame);
guint          angio_session_get_frame        (AngioSession  *self);
/* Moves by @delta frames, clamped to the run (and to the frames decoded so far). */
void           angio_session_step             (AngioSession  *self,
                                               int            delta);
void           angio_session_first            (AngioSession  *self);
void           angio_session_last             (AngioSession  *self);

void           angio_session_set_playing      (AngioSession  *self,
                                               gboolean       playing);
gboolean       angio_session_get_playing      (AngioSession  *self);
void           angio_session_set_speed        (AngioSession  *self,
                                               double         speed);
double         angio_session_get_speed        (AngioSession  *self);
void           angio_session_set_loop_mode    (AngioSession  *self,
                                               AngioLoopMode  mode);
AngioLoopMode  angio_session_get_loop_mode    (AngioSession  *self);
/**
 * angio_session_tick:
 * @now_us: a monotonic clock (the frame clock's time)
 *
 * While playing, shows the frame whose acquisition time matches the time elapsed since play
 * started, at the run's own rate (Frame Time Vector honoured) times the speed — not one frame
 * per tick. Waits, without skipping, for frames still being decoded.
 */
void           angio_session_tick             (AngioSession  *self,
                                               gint64         now_us);

/* Window in stored values; reset_window uses the file's, or the frame's histogram. */
void           angio_session_set_window       (AngioSession  *self,
                                               double         center,
                                               double         width);
void           angio_session_reset_window     (AngioSession  *self);
void           angio_session_auto_window      (AngioSession  *self);

G_END_DECLS
