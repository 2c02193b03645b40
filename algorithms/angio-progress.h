/* angio-progress.h — how long-running algorithms report progress and learn of cancellation.
 *
 * Algorithms know no GCancellable (no GIO here); the caller passes this struct, every member
 * may be NULL.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  /* Returns TRUE when the work should stop as soon as possible. */
  gboolean (*cancelled) (gpointer user_data);
  /* Fraction done, 0 to 1; may be called from worker threads. */
  void (*progress) (double fraction, gpointer user_data);
  gpointer user_data;
} AngioProgress;

static inline gboolean
angio_progress_cancelled (const AngioProgress *progress)
{
  return progress != NULL && progress->cancelled != NULL
         && progress->cancelled (progress->user_data);
}

static inline void
angio_progress_report (const AngioProgress *progress,
                       double               fraction)
{
  if (progress != NULL && progress->progress != NULL)
    progress->progress (CLAMP (fraction, 0.0, 1.0), progress->user_data);
}

G_END_DECLS
