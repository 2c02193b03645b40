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

/* The frames of a run: @n_frames images of @width × @height, one after the other, mapped to
 * log-image values as @offset + @scale × stored value (higher is brighter). */
typedef struct {
  const guint16 *data;
  guint n_frames;
  guint width;
  guint height;
  double offset;
  double scale;
} AngioFrames;

static inline AngioImageU16
angio_frames_get (const AngioFrames *frames,
                  guint              index)
{
  AngioImageU16 view = { frames->data + (gsize) index * frames->width * frames->height,
                         frames->width, frames->height, frames->width };
  return view;
}

AngioImageF *angio_image_f_new      (guint                width,
                                     guint                height);
AngioImageF *angio_image_f_copy     (const AngioImageF   *image);
/* The @width × @height pixels from (@x0, @y0), which must lie inside @image. */
AngioImageF *angio_image_f_crop     (const AngioImageF   *image,
                                     guint                x0,
                                     guint                y0,
                                     guint                width,
                                     guint                height);
void         angio_image_f_fill     (AngioImageF         *image,
                                     float                value);
void         angio_image_f_free     (AngioImageF         *image);

/**
 * angio_image_f_from_u16:
 * Converts the rectangle @x0, @y0, @width × @height of @src (clipped to it; at least one pixel
 * must remain) to floats as @offset + @scale × value, so that higher is brighter whatever the
 * file stored. Returns: (transfer full): the new image.
 */
AngioImageF *angio_image_f_from_u16 (const AngioImageU16 *src,
                                     guint                x0,
                                     guint                y0,
                                     guint                width,
                                     guint                height,
                                     double               offset,
                                     double               scale);

/**
 * angio_image_f_downsample:
 * Means of @factor × @factor blocks (partial blocks at the right and bottom edges average what
 * they hold). Pixel (x, y) of the result covers source pixels factor·x … factor·x + factor − 1,
 * so its centre is at factor·x + (factor − 1)/2 in source coordinates.
 */
AngioImageF *angio_image_f_downsample (const AngioImageF *src,
                                       guint              factor);

/**
 * angio_image_f_sample:
 * Bilinear interpolation at (@x, @y) in pixel coordinates; outside the image the nearest edge
 * pixel's value.
 */
float        angio_image_f_sample   (const AngioImageF   *image,
                                     double               x,
                                     double               y);

static inline float *
angio_image_f_row (const AngioImageF *image,
                   guint              y)
{
  return image->data + (gsize) y * image->stride;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AngioImageF, angio_image_f_free)

G_END_DECLS
