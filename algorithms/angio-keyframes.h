/* angio-keyframes.h — which frames of a run show the vessels best: full opacification, little
 * motion.
 *
 * Each frame is reduced to about 128 pixels across. The vessels are where the darkest value over
 * the run (the minimum intensity projection) is tubular: their vesselness, times how much darker
 * than their surroundings they get, weighs every pixel. A frame's opacification is the weighted
 * darkness of those pixels below their local background (a wide blur of the same frame: no
 * pre-contrast frame or registration needed, so respiratory motion does not count as contrast),
 * scaled to 0–1 over the run. Its motion is the weighted change between the frames before and
 * after it, per second. Key frames are the frames on the opacification plateau ranked by
 * opacification² / (1 + motion / median motion).
 */
#pragma once

#include "angio-image.h"
#include "angio-progress.h"

G_BEGIN_DECLS

typedef struct {
  guint max_key_frames;        /* 1–5 */
  double plateau;              /* frames at or above this share of the peak opacification */
  double min_separation_ms;    /* between two key frames */
  guint working_size;          /* frames are reduced to about this many pixels across */
  double vessel_diameter_min_px;  /* at full resolution */
  double vessel_diameter_max_px;
} AngioKeyFrameParams;

typedef struct {
  guint frame;                 /* 0-based */
  double score;                /* 0–1, 1 for the best */
} AngioRankedFrame;

typedef struct {
  guint n_frames;
  double *opacification;       /* per frame, 0–1 */
  double *motion;              /* per frame, weighted change per second (log-image units) */
  double *score;               /* per frame, 0 off the plateau */
  AngioRankedFrame key_frames[5]; /* best first */
  guint n_key_frames;          /* at least 1 */
  gboolean has_contrast_change; /* FALSE when opacification hardly varies (one frame, no bolus) */
  guint n_background;          /* leading frames before the contrast arrives (0: none) */
  /* When the contrast reached each place (ms, NAN where it never clearly did), on the reduced
   * frames: pixel (x, y) covers frame pixels factor·x … factor·x + factor − 1. %NULL for runs
   * without contrast change. */
  AngioImageF *arrival_ms;
  guint factor;
} AngioKeyFrames;

void            angio_key_frame_params_init (AngioKeyFrameParams       *params,
                                             double                     diameter_min_px,
                                             double                     diameter_max_px);

/**
 * angio_key_frames_compute:
 * @times_ms: start of each frame in ms (increasing), or %NULL for evenly spaced frames.
 * Returns: (transfer full) (nullable): the curves and the ranking; %NULL if @frames holds no
 * frame or @progress cancelled.
 */
AngioKeyFrames *angio_key_frames_compute    (const AngioFrames         *frames,
                                             const double              *times_ms,
                                             const AngioKeyFrameParams *params,
                                             const AngioProgress       *progress);
void            angio_key_frames_free       (AngioKeyFrames            *key_frames);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AngioKeyFrames, angio_key_frames_free)

G_END_DECLS
