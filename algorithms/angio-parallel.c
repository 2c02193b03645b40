/* angio-parallel.c — a parallel for loop over plain threads (no pool: the pieces of work are
 * coarse, a frame or a scale, so a thread start costs nothing that matters). */
#include "config.h"

#include "angio-parallel.h"

#define MAX_THREADS 16

typedef struct {
  guint n;
  gint next;
  AngioParallelFunc func;
  gpointer user_data;
} Loop;

static gpointer
worker (gpointer data)
{
  Loop *loop = data;

  for (;;)
    {
      guint index = (guint) g_atomic_int_add (&loop->next, 1);

      if (index >= loop->n)
        return NULL;
      loop->func (index, loop->user_data);
    }
}

void
angio_parallel_for (guint             n,
                    guint             max_threads,
                    AngioParallelFunc func,
                    gpointer          user_data)
{
  Loop loop = { n, 0, func, user_data };
  GThread *threads[MAX_THREADS];
  guint n_threads;

  g_return_if_fail (func != NULL);

  n_threads = max_threads ? max_threads : g_get_num_processors ();
  n_threads = CLAMP (MIN (n_threads, n), 1, MAX_THREADS);
  for (guint i = 1; i < n_threads; i++)
    threads[i] = g_thread_new ("angio-worker", worker, &loop);
  worker (&loop);
  for (guint i = 1; i < n_threads; i++)
    g_thread_join (threads[i]);
}
