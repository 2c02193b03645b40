/* angio-subtract.h — removes the anatomy behind a vessel: a pre-contrast background, aligned
 * to the frame around the vessel, subtracted from it (digital subtraction, locally).
 *
 * Bone edges, bowel gas and organ borders under a vessel bend its profile and bias its borders;
 * they are in the frames before the contrast arrives as much as in the key frame. The patient
 * and the table move between the two, so the background is first aligned by a translation (to
 * about a tenth of a pixel) found on what holds no contrast: the high-pass filtered images are
 * compared pixel by pixel, leaving out the pixels that got darker than the background anywhere
 * nearby (the vessels).
 */
#pragma once

#include "angio-geometry.h"
#include "angio-image.h"

G_BEGIN_DECLS

typedef struct {
  guint x0;
  guint y0;
  guint width;
  guint height;
} AngioRect;

/**
 * angio_subtract_background:
 * @frame, @background: same size, log-image values
 * @roi: the region to return (clipped to the images; not empty)
 * @max_shift_px: the largest misalignment looked for
 * @shift: (out) (optional): where the background was taken from: background (x + dx, y + dy)
 *   was subtracted from frame (x, y)
 * Returns: (transfer full): @roi of frame − aligned background + the background's median over
 * @roi (so values stay in the frame's range), a @roi.width × @roi.height image whose pixel
 * (0, 0) is frame pixel (@roi.x0, @roi.y0).
 */
AngioImageF *angio_subtract_background (const AngioImageF *frame,
                                        const AngioImageF *background,
                                        AngioRect          roi,
                                        double             max_shift_px,
                                        AngioPoint        *shift);

G_END_DECLS
