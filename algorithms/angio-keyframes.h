/* angio-keyframes.h — which frames of a run show the vessels best: full opacification, little
 * motion.
 *
 * Each frame is reduced to about 128 pixels across, and its dark structures are measured against
 * their local background (a wide blur of the same frame). The opacification follows the bolus:
 * every pixel counts by how much darker it gets than its own baseline over the run (what it
 * shows in nearly every frame, so the catheter, wires, bone and the heart border do not count),
 * where that darkening is tubular (a filled vessel, not an enhancing organ's edge), summed over
 * the field on each frame (the vessels count wherever the heart or the breathing moved them).
 * A run whose darkening does not rise clearly above that baseline (contrast in every frame, no
 * bolus) falls back to the darkness of the vessels of the darkest projection. The curve is
 * scaled to 0–1 over the run. Motion is the change between the frames before and after, per
 * second. Key frames are on the plateau (the curve, smoothed over about 0.5 s, at or above 90 %
 * of its peak), ranked by opacification² / (1 + motion / median motion), weighted towards a
 * quarter of the way into the plateau (filled, before the washout); end-diastolic frames first
 * when the file's ECG says which.
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
  /* 0-based frames at end-diastole (the R wave), from the file's ECG; preferred on the plateau.
   * %NULL (the default) when the file has none. Not owned. */
  const guint *end_diastolic_frames;
  guint n_end_diastolic;
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
