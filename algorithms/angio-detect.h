/* angio-detect.h — the steps around a learned detector that are plain image processing:
 * the frame reduced and normalised as the network was trained to see it, and the peaks of its
 * heat map as proposals. training/stenosis/common.py does the same in Python; keep both in
 * step.
 */
#pragma once

#include "angio-image.h"

G_BEGIN_DECLS

/**
 * angio_detect_reduce:
 * @image reduced by the integer @factor (mean of each @factor × @factor block; the last partial
 * row and column of blocks dropped).
 * Returns: (transfer full): the reduced image.
 */
AngioImageF *angio_detect_reduce    (const AngioImageF *image,
                                     guint              factor);

/**
 * angio_detect_enlarge:
 * @image enlarged by the integer @factor, bilinear (pixel centres aligned).
 * Returns: (transfer full): the enlarged image.
 */
AngioImageF *angio_detect_enlarge   (const AngioImageF *image,
                                     guint              factor);

/**
 * angio_detect_normalise:
 * Maps @image in place to 0…1 between its 1st and 99th percentiles (clamped); a flat image
 * becomes 0.5 everywhere.
 */
void         angio_detect_normalise (AngioImageF       *image);

typedef struct {
  double x, y;        /* in pixels of the frame the heat map came from */
  double confidence;  /* the heat map's value there, 0–1 */
} AngioDetection;

typedef struct {
  guint smooth;           /* the heat map is first averaged over (2 smooth + 1)² cells */
  double min_confidence;  /* peaks below are not proposals */
  guint radius;           /* cells: a weaker peak this close to a stronger one is the same */
  guint max_regions;      /* at most this many, strongest first */
  guint stride;           /* a heat map cell is this many pixels of the network's input… */
  double scale;           /* …whose pixel is this many pixels of the frame (its reduction
                             factor; below 1 when the frame was enlarged) */
} AngioDetectParams;

/**
 * angio_detect_peaks:
 * Greedy non-maximum suppression of the @width × @height @heat map smoothed by a box mean of
 * (2 @params->smooth + 1)² cells (fewer at the borders): the strongest cells of at least
 * @params->min_confidence, no two within @params->radius cells, each placed at the weighted
 * centroid of its 3 × 3 cells and mapped to the frame's pixels; the confidence is the smoothed
 * value.
 * Returns: (transfer full) (element-type AngioDetection): strongest first.
 */
GArray      *angio_detect_peaks     (const float             *heat,
                                     guint                    width,
                                     guint                    height,
                                     const AngioDetectParams *params);

G_END_DECLS
