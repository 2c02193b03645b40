/* angio-parallel.h — runs independent pieces of work on every core. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*AngioParallelFunc) (guint    index,
                                   gpointer user_data);

/**
 * angio_parallel_for:
 * Calls @func for every index 0 … @n − 1, on up to @max_threads threads (0: one per core), the
 * calling thread included, and returns when all calls have returned. Indices are handed out in
 * order as threads become free; @func must not depend on which thread runs it.
 */
void angio_parallel_for (guint             n,
                         guint             max_threads,
                         AngioParallelFunc func,
                         gpointer          user_data);

G_END_DECLS
