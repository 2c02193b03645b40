/* angio-skeleton.h — one-pixel-wide skeletons of binary masks. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * angio_skeleton_thin:
 * Thins the foreground (non-zero) of the @width × @height @mask in place to an 8-connected
 * skeleton one pixel wide (Zhang & Suen 1984); foreground pixels become 1.
 */
void  angio_skeleton_thin       (guint8       *mask,
                                 guint         width,
                                 guint         height);

/**
 * angio_skeleton_prune:
 * Removes the spurs of a thinned @mask: branches from an end point to a junction (a pixel with
 * three or more neighbours) no longer than @max_length pixels, or than @lengths at the end point
 * when @lengths (one value per pixel) is given. Thinning leaves such spurs at the blunt ends and
 * corners of thick shapes. One pass: what a removed spur uncovers stays.
 */
void  angio_skeleton_prune      (guint8       *mask,
                                 guint         width,
                                 guint         height,
                                 const float  *lengths,
                                 double        max_length);

/* An end of a stroke: its foreground neighbours are one run of one or two adjacent pixels. */
gboolean angio_skeleton_is_end      (const guint8 *mask,
                                     guint         width,
                                     guint         height,
                                     guint         x,
                                     guint         y);
/* Where strokes meet: three or more separate runs of neighbours. */
gboolean angio_skeleton_is_junction (const guint8 *mask,
                                     guint         width,
                                     guint         height,
                                     guint         x,
                                     guint         y);

/* How many of the 8 neighbours of (@x, @y) are foreground. */
guint angio_skeleton_neighbours (const guint8 *mask,
                                 guint         width,
                                 guint         height,
                                 guint         x,
                                 guint         y);

G_END_DECLS
