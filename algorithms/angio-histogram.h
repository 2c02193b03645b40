/* angio-histogram.h — display windows from the distribution of pixel values. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * angio_histogram_window:
 * @pixels: @n 16-bit values
 * @low_fraction, @high_fraction: the percentiles that bound the window, e.g. 0.01 and 0.99
 * @center, @width: (out): the window, in the same units as @pixels (width at least 1)
 *
 * Collimator shutters make a large block of the lowest value; when the lowest value holds more
 * than 5 % of the pixels it is left out, so the window describes the exposed field.
 * Returns: FALSE when there are no pixels.
 */
gboolean angio_histogram_window (const guint16 *pixels,
                                 gsize          n,
                                 double         low_fraction,
                                 double         high_fraction,
                                 double        *center,
                                 double        *width);

G_END_DECLS
