/* angio-field.h — the exposed field of an X-ray image, inside the collimator shutters. */
#pragma once

#include "angio-image.h"

G_BEGIN_DECLS

/**
 * angio_field_mask:
 * Shutters leave dark, flat borders (circular or rectangular) that touch the image edge. The
 * mask is 1 inside the exposed field, 0 under the shutters and within @margin_px of them (their
 * blurred edge would look like a vessel wall); all 1 when there are no shutters.
 * Returns: (transfer full): width × height bytes, row by row.
 */
guint8 *angio_field_mask (const AngioImageF *image,
                          double             margin_px);

G_END_DECLS
