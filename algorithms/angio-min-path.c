/* angio-min-path.c — Dijkstra's algorithm with a binary heap of pixel indices. */
#include "config.h"

#include <math.h>

#include "angio-min-path.h"

typedef struct {
  guint32 *heap;      /* pixel indices */
  guint32 *slot;      /* position of each pixel in the heap, G_MAXUINT32 when not in it */
  float *dist;
  guint size;
} Heap;

static inline void
heap_swap (Heap *h,
           guint a,
           guint b)
{
  guint32 pa = h->heap[a], pb = h->heap[b];

  h->heap[a] = pb;
  h->heap[b] = pa;
  h->slot[pb] = a;
  h->slot[pa] = b;
}

static void
heap_up (Heap *h,
         guint i)
{
  while (i > 0)
    {
      guint parent = (i - 1) / 2;

      if (h->dist[h->heap[parent]] <= h->dist[h->heap[i]])
        break;
      heap_swap (h, i, parent);
      i = parent;
    }
}

static void
heap_down (Heap *h,
           guint i)
{
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;

      if (l < h->size && h->dist[h->heap[l]] < h->dist[h->heap[m]])
        m = l;
      if (r < h->size && h->dist[h->heap[r]] < h->dist[h->heap[m]])
        m = r;
      if (m == i)
        return;
      heap_swap (h, i, m);
      i = m;
    }
}

static guint32
heap_pop (Heap *h)
{
  guint32 top = h->heap[0];

  heap_swap (h, 0, h->size - 1);
  h->size--;
  h->slot[top] = G_MAXUINT32;
  if (h->size > 0)
    heap_down (h, 0);
  return top;
}

static void
heap_push_or_lower (Heap    *h,
                    guint32  pixel)
{
  if (h->slot[pixel] == G_MAXUINT32)
    {
      h->heap[h->size] = pixel;
      h->slot[pixel] = h->size;
      h->size++;
    }
  heap_up (h, h->slot[pixel]);
}

static guint32
pixel_index (const AngioImageF *cost,
             AngioPoint         p)
{
  double x = isfinite (p.x) ? CLAMP (round (p.x), 0, cost->width - 1.0) : 0;
  double y = isfinite (p.y) ? CLAMP (round (p.y), 0, cost->height - 1.0) : 0;

  return (guint32) y * cost->width + (guint32) x;
}

/* Dijkstra from @start until @goal is settled (or everything reachable, when @goal is
 * G_MAXUINT32). @dist and @prev hold a value per pixel. FALSE when cancelled. */
static gboolean
dijkstra (const AngioImageF   *cost,
          guint32              start,
          guint32              goal,
          float               *dist,
          guint32             *prev,
          const AngioProgress *progress)
{
  static const int dx[8] = { 1, -1, 0, 0, 1, 1, -1, -1 };
  static const int dy[8] = { 0, 0, 1, -1, 1, -1, 1, -1 };
  guint w = cost->width, h = cost->height;
  gsize n = (gsize) w * h;
  g_autofree guint32 *heap = g_new (guint32, n);
  g_autofree guint32 *slot = g_new (guint32, n);
  g_autofree guint8 *done = g_new0 (guint8, n);
  Heap hp = { heap, slot, dist, 0 };
  guint popped = 0;

  for (gsize i = 0; i < n; i++)
    {
      slot[i] = G_MAXUINT32;
      dist[i] = INFINITY;
      prev[i] = G_MAXUINT32;
    }
  dist[start] = 0;
  prev[start] = start;
  heap_push_or_lower (&hp, start);

  while (hp.size > 0)
    {
      guint32 p = heap_pop (&hp);
      guint px = p % w, py = p / w;
      float cp = cost->data[(gsize) py * cost->stride + px];

      if (p == goal)
        break;
      done[p] = 1;
      if (++popped % 65536 == 0 && angio_progress_cancelled (progress))
        return FALSE;
      for (guint k = 0; k < 8; k++)
        {
          gint64 qx = (gint64) px + dx[k], qy = (gint64) py + dy[k];
          guint32 q;
          float cq, d;

          if (qx < 0 || qy < 0 || qx >= w || qy >= h)
            continue;
          q = (guint32) qy * w + (guint32) qx;
          if (done[q])
            continue;
          cq = cost->data[(gsize) qy * cost->stride + (gsize) qx];
          d = dist[p] + 0.5f * (cp + cq) * (k < 4 ? 1.0f : (float) G_SQRT2);
          if (d < dist[q])
            {
              dist[q] = d;
              prev[q] = p;
              heap_push_or_lower (&hp, q);
            }
        }
    }
  return TRUE;
}

GArray *
angio_min_path (const AngioImageF   *cost,
                AngioPoint           from,
                AngioPoint           to,
                const AngioProgress *progress)
{
  g_autofree float *dist = NULL;
  g_autofree guint32 *prev = NULL;
  guint32 start, goal;
  gsize n;

  g_return_val_if_fail (cost != NULL, NULL);

  n = (gsize) cost->width * cost->height;
  g_return_val_if_fail (n < G_MAXUINT32, NULL);

  start = pixel_index (cost, from);
  goal = pixel_index (cost, to);
  dist = g_new (float, n);
  prev = g_new (guint32, n);
  if (!dijkstra (cost, start, goal, dist, prev, progress) || !isfinite (dist[goal]))
    return NULL;
  return angio_geodesic_path (prev, cost->width, goal);
}

gboolean
angio_geodesic_tree (const AngioImageF   *cost,
                     AngioPoint           source,
                     float               *dist,
                     guint32             *prev,
                     const AngioProgress *progress)
{
  g_return_val_if_fail (cost != NULL && dist != NULL && prev != NULL, FALSE);
  g_return_val_if_fail ((gsize) cost->width * cost->height < G_MAXUINT32, FALSE);

  return dijkstra (cost, pixel_index (cost, source), G_MAXUINT32, dist, prev, progress);
}

GArray *
angio_geodesic_path (const guint32 *prev,
                     guint          width,
                     guint32        to)
{
  GArray *path = g_array_new (FALSE, FALSE, sizeof (AngioPoint));

  g_return_val_if_fail (prev != NULL && width > 0, path);

  if (prev[to] == G_MAXUINT32)
    return path;
  for (guint32 p = to;; p = prev[p])
    {
      AngioPoint point = { p % width, p / width };

      g_array_append_val (path, point);
      if (prev[p] == p)
        break;
    }
  for (guint i = 0, j = path->len - 1; i < j; i++, j--)
    {
      AngioPoint t = g_array_index (path, AngioPoint, i);

      g_array_index (path, AngioPoint, i) = g_array_index (path, AngioPoint, j);
      g_array_index (path, AngioPoint, j) = t;
    }
  return path;
}
