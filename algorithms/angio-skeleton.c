/* angio-skeleton.c — Zhang–Suen thinning over a list of the remaining foreground pixels. */
#include "config.h"

#include "angio-skeleton.h"

guint
angio_skeleton_neighbours (const guint8 *mask,
                           guint         width,
                           guint         height,
                           guint         x,
                           guint         y)
{
  guint count = 0;

  for (gint dy = -1; dy <= 1; dy++)
    for (gint dx = -1; dx <= 1; dx++)
      {
        gint64 xx = (gint64) x + dx, yy = (gint64) y + dy;

        if ((dx || dy) && xx >= 0 && yy >= 0 && xx < width && yy < height
            && mask[(gsize) yy * width + (gsize) xx])
          count++;
      }
  return count;
}

/* The 8 neighbours P2…P9, clockwise from north; outside the image counts as background. */
static inline void
neighbourhood (const guint8 *mask,
               guint         w,
               guint         h,
               guint         x,
               guint         y,
               guint8       *p)
{
  static const int dx[8] = { 0, 1, 1, 1, 0, -1, -1, -1 };
  static const int dy[8] = { -1, -1, 0, 1, 1, 1, 0, -1 };

  for (guint k = 0; k < 8; k++)
    {
      gint64 xx = (gint64) x + dx[k], yy = (gint64) y + dy[k];

      p[k] = xx >= 0 && yy >= 0 && xx < w && yy < h && mask[(gsize) yy * w + (gsize) xx];
    }
}

/* How many separate runs of foreground the 8 neighbours make, going round. */
static guint
runs (const guint8 *mask,
      guint         w,
      guint         h,
      guint         x,
      guint         y)
{
  guint8 p[8];
  guint count = 0;

  neighbourhood (mask, w, h, x, y, p);
  for (guint j = 0; j < 8; j++)
    count += !p[j] && p[(j + 1) % 8];
  if (count == 0 && p[0])
    count = 1;   /* all eight set */
  return count;
}

gboolean
angio_skeleton_is_end (const guint8 *mask,
                       guint         width,
                       guint         height,
                       guint         x,
                       guint         y)
{
  return mask[(gsize) y * width + x] && runs (mask, width, height, x, y) == 1
         && angio_skeleton_neighbours (mask, width, height, x, y) <= 2;
}

gboolean
angio_skeleton_is_junction (const guint8 *mask,
                            guint         width,
                            guint         height,
                            guint         x,
                            guint         y)
{
  return mask[(gsize) y * width + x] && runs (mask, width, height, x, y) >= 3;
}

void
angio_skeleton_thin (guint8 *mask,
                     guint   width,
                     guint   height)
{
  gsize n = (gsize) width * height;
  GArray *pixels = g_array_new (FALSE, FALSE, sizeof (guint32));
  GArray *remove = g_array_new (FALSE, FALSE, sizeof (guint32));
  gboolean changed = TRUE;

  g_return_if_fail (mask != NULL || n == 0);
  g_return_if_fail (n < G_MAXUINT32);

  for (gsize i = 0; i < n; i++)
    if (mask[i])
      {
        guint32 k = (guint32) i;

        mask[i] = 1;
        g_array_append_val (pixels, k);
      }

  while (changed)
    {
      changed = FALSE;
      for (guint pass = 0; pass < 2; pass++)
        {
          guint kept = 0;

          g_array_set_size (remove, 0);
          for (guint i = 0; i < pixels->len; i++)
            {
              guint32 k = g_array_index (pixels, guint32, i);
              guint8 p[8];
              guint b = 0, a = 0;

              if (!mask[k])
                continue;
              g_array_index (pixels, guint32, kept++) = k;
              neighbourhood (mask, width, height, k % width, k / width, p);
              for (guint j = 0; j < 8; j++)
                {
                  b += p[j];
                  a += !p[j] && p[(j + 1) % 8];
                }
              if (b < 2 || b > 6 || a != 1)
                continue;
              /* P2·P4·P6 and P4·P6·P8 on the first pass, P2·P4·P8 and P2·P6·P8 on the second. */
              if (pass == 0 ? (p[0] && p[2] && p[4]) || (p[2] && p[4] && p[6])
                            : (p[0] && p[2] && p[6]) || (p[0] && p[4] && p[6]))
                continue;
              g_array_append_val (remove, k);
            }
          g_array_set_size (pixels, kept);
          for (guint i = 0; i < remove->len; i++)
            mask[g_array_index (remove, guint32, i)] = 0;
          changed |= remove->len > 0;
        }
    }
  g_array_unref (pixels);
  g_array_unref (remove);
}

void
angio_skeleton_prune (guint8      *mask,
                      guint        width,
                      guint        height,
                      const float *lengths,
                      double       max_length)
{
  g_autoptr(GArray) spur = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (gsize));

  g_return_if_fail (mask != NULL || (gsize) width * height == 0);

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      if (angio_skeleton_is_end (mask, width, height, x, y))
        {
          gsize k = (gsize) y * width + x;
          g_array_append_val (ends, k);
        }

  for (guint e = 0; e < ends->len; e++)
    {
      gsize at = g_array_index (ends, gsize, e), from = G_MAXSIZE;
      double limit = lengths != NULL ? lengths[at] : max_length;
      gboolean junction = FALSE;

      g_array_set_size (spur, 0);
      while (spur->len <= limit)
        {
          guint x = at % width, y = at / width;
          gsize next = G_MAXSIZE;

          if (angio_skeleton_is_junction (mask, width, height, x, y))
            {
              junction = TRUE;
              break;
            }
          g_array_append_val (spur, at);
          for (gint dy = -1; dy <= 1 && next == G_MAXSIZE; dy++)
            for (gint dx = -1; dx <= 1; dx++)
              {
                gint64 xx = (gint64) x + dx, yy = (gint64) y + dy;
                gsize q;

                if ((!dx && !dy) || xx < 0 || yy < 0 || xx >= width || yy >= height)
                  continue;
                q = (gsize) yy * width + (gsize) xx;
                if (q != from && mask[q] && (spur->len < 2
                                             || q != g_array_index (spur, gsize, spur->len - 2)))
                  {
                    next = q;
                    break;
                  }
              }
          if (next == G_MAXSIZE)
            break;   /* an isolated stroke: not a spur */
          from = at;
          at = next;
        }
      if (junction)
        for (guint i = 0; i < spur->len; i++)
          mask[g_array_index (spur, gsize, i)] = 0;
    }
}
