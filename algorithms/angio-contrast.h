/* angio-contrast.h — where a frame holds contrast medium: darker than the same place before
 * the contrast arrived.
 *
 * Bone edges, the catheter wall and organ borders look like vessels in a single frame; in the
 * pre-contrast background they are already there. Between that background and the frame the
 * patient breathes and the table drifts, so the background is first eroded (a minimum over a
 * square of ±@tolerance_px): a structure that has moved less than that far is as dark in the
 * eroded background as in the frame and leaves no contrast behind.
 */
#pragma once

#include "angio-image.h"
#include "angio-vesselness.h"

G_BEGIN_DECLS

/**
 * angio_contrast_map:
 * max (0, min over |dx|,|dy| ≤ @tolerance_px of @background − @frame), in log-image units.
 * Both images have the same size. Returns: (transfer full): the contrast image.
 */
AngioImageF *angio_contrast_map (const AngioImageF *frame,
                                 const AngioImageF *background,
                                 double             tolerance_px);

/**
 * angio_contrast_fixed_structures:
 * The vesselness of the pre-contrast @background (the catheter, bone edges: tubular before any
 * contrast came), spread by a maximum over ±@tolerance_px so that it still covers them after
 * the motion. Returns: (transfer full) (nullable): %NULL when @progress cancelled.
 */
AngioImageF *angio_contrast_fixed_structures (const AngioImageF           *background,
                                              const AngioVesselnessParams *params,
                                              double                       tolerance_px,
                                              const AngioProgress         *progress);

/* Grey erosion by a square of ±@radius pixels, separable; @out may be @in. */
void         angio_image_f_erode (const AngioImageF *in,
                                  AngioImageF       *out,
                                  guint              radius);

G_END_DECLS
