/* angio-keyframes.h — which frames of a run show the vessels best: full opacification, little
 * motion.
 *
 * Each frame is reduced to about 128 pixels across. Opacification follows the bolus, not what is
 * dark in every frame: on each frame its own dark ridges are measured (curvature across a ridge
 * at vessel scales, less the curvature along it and the slope, so blobs and edges such as the
 * heart border give nothing); what is a ridge in every frame of the run, within the reach of
 * cardiac or respiratory motion — catheter, wires, clips, bone edges — is taken off; a frame's
 * opacification is the sum of what remains, scaled to 0–1 over the run. As it is measured where
 * the vessels are on that frame, motion does not move them off a fixed map (long runs whose
 * breath or heart beat carries the tree away from its place at the peak of a projection).
 * Its motion is the change between the frames before and after it, per second, where the
 * contrast made ridges. The plateau is where the curve, smoothed over ~130 ms, is at or above
 * params->plateau of its peak (inflow, washout and frames without contrast are off it); on it
 * frames rank by (opacification² + ε) / (1 + motion / median motion on the plateau). A run whose
 * contrast hardly changes (contrast in every frame, or none) is all plateau: motion decides.
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
