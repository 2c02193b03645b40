/* angio-image.h — in-memory image views shared by every algorithm.
 *
 * Pixel (x, y) is at data[y * stride + x]; coordinates in pixels with (0, 0) at the centre of
 * the top-left pixel, x to the right, y down.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A float image that owns its pixels. */
typedef struct {
  float *data;
  guint width;
  guint height;
  gsize stride;   /* in elements */
} AngioImageF;

/* A read-only view of 16-bit pixels (a frame of a series). */
typedef struct {
  const guint16 *data;
  guint width;
  guint height;
  gsize stride;   /* in elements */
} AngioImageU16;

AngioImageF *angio_image_f_new      (guint              width,
                                     guint              height);
AngioImageF *angio_image_f_copy     (const AngioImageF *image);
void         angio_image_f_fill     (AngioImageF       *image,
                                     float              value);
void         angio_image_f_free     (AngioImageF       *image);

static inline float *
angio_image_f_row (const AngioImageF *image,
                   guint              y)
{
  return image->data + (gsize) y * image->stride;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AngioImageF, angio_image_f_free)

G_END_DECLS
