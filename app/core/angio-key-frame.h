/* angio-key-frame.h — a frame chosen to show the stenosis (task 1 of the challenge). */
#pragma once

#include <glib-object.h>

#include "angio-types.h"

G_BEGIN_DECLS

#define ANGIO_TYPE_KEY_FRAME (angio_key_frame_get_type ())
G_DECLARE_FINAL_TYPE (AngioKeyFrame, angio_key_frame, ANGIO, KEY_FRAME, GObject)

/* @frame is 0-based; @score 0–1 (1 for the algorithm's best; an annotator's frames score 1). */
AngioKeyFrame *angio_key_frame_new        (guint          frame,
                                           double         score,
                                           AngioOrigin    origin);

guint          angio_key_frame_get_frame  (AngioKeyFrame *self);
double         angio_key_frame_get_score  (AngioKeyFrame *self);
AngioOrigin    angio_key_frame_get_origin (AngioKeyFrame *self);
AngioStatus    angio_key_frame_get_status (AngioKeyFrame *self);
void           angio_key_frame_set_status (AngioKeyFrame *self,
                                           AngioStatus    status);

G_END_DECLS
