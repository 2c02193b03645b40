/* angio-metrics.c — scores of predictions against reference labels. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "angio-metrics.h"
#include "angio-stats.h"

/* Boundary pixels of @mask: inside, with a 4-neighbour outside or on the image's edge. */
static guint8 *
boundary (const guint8 *mask,
          guint         width,
          guint         height,
          guint        *count)
{
  guint8 *edge = g_malloc0 ((gsize) width * height);

  *count = 0;
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        gsize i = (gsize) y * width + x;

        if (mask[i] && (x == 0 || y == 0 || x + 1 == width || y + 1 == height ||
                        !mask[i - 1] || !mask[i + 1] || !mask[i - width] || !mask[i + width]))
          {
            edge[i] = 1;
            (*count)++;
          }
      }
  return edge;
}

/* Squared distances of one line (Felzenszwalb & Huttenlocher, "Distance transforms of sampled
 * functions"): @d[q] = min over p of (q − p)² + @f[p]. Pixels far from any seed hold FAR. */
#define FAR 1e20

static void
edt_line (const double *f,
          double       *d,
          guint         n,
          guint        *v,
          double       *z)
{
  guint k = 0;

  v[0] = 0;
  z[0] = -INFINITY;
  z[1] = INFINITY;
  for (guint q = 1; q < n; q++)
    {
      double s = ((f[q] + (double) q * q) - (f[v[k]] + (double) v[k] * v[k])) /
                 (2.0 * q - 2.0 * v[k]);

      while (s <= z[k])
        {
          k--;
          s = ((f[q] + (double) q * q) - (f[v[k]] + (double) v[k] * v[k])) /
              (2.0 * q - 2.0 * v[k]);
        }
      k++;
      v[k] = q;
      z[k] = s;
      z[k + 1] = INFINITY;
    }
  k = 0;
  for (guint q = 0; q < n; q++)
    {
      while (z[k + 1] < q)
        k++;
      d[q] = ((double) q - v[k]) * ((double) q - v[k]) + f[v[k]];
    }
}

/* Squared Euclidean distance from every pixel to the nearest set pixel of @seeds. */
static double *
distance_squared (const guint8 *seeds,
                  guint         width,
                  guint         height)
{
  guint n = MAX (width, height);
  double *d = g_new (double, (gsize) width * height);
  double *f = g_new (double, n);
  double *out = g_new (double, n);
  double *z = g_new (double, n + 1);
  guint *v = g_new (guint, n);

  for (guint x = 0; x < width; x++)
    {
      for (guint y = 0; y < height; y++)
        f[y] = seeds[(gsize) y * width + x] ? 0 : FAR;
      edt_line (f, out, height, v, z);
      for (guint y = 0; y < height; y++)
        d[(gsize) y * width + x] = out[y];
    }
  for (guint y = 0; y < height; y++)
    {
      memcpy (f, d + (gsize) y * width, width * sizeof (double));
      edt_line (f, d + (gsize) y * width, width, v, z);
    }
  g_free (f);
  g_free (out);
  g_free (z);
  g_free (v);
  return d;
}

void
angio_metrics_masks (const guint8    *a,
                     const guint8    *b,
                     guint            width,
                     guint            height,
                     AngioMaskScores *scores)
{
  gsize n = (gsize) width * height;
  g_autofree guint8 *edge_a = NULL;
  g_autofree guint8 *edge_b = NULL;
  g_autofree double *to_a = NULL;
  g_autofree double *to_b = NULL;
  g_autofree double *distances = NULL;
  guint count_a, count_b, k = 0;

  g_return_if_fail (a != NULL && b != NULL && scores != NULL);

  memset (scores, 0, sizeof *scores);
  for (gsize i = 0; i < n; i++)
    {
      scores->area_a += a[i] != 0;
      scores->area_b += b[i] != 0;
      scores->overlap += a[i] && b[i];
    }
  if (scores->area_a + scores->area_b == 0)
    {
      scores->dice = scores->iou = 1;
      return;
    }
  scores->dice = 2.0 * scores->overlap / (scores->area_a + scores->area_b);
  scores->iou = (double) scores->overlap /
                (scores->area_a + scores->area_b - scores->overlap);
  if (scores->area_a == 0 || scores->area_b == 0)
    {
      scores->hd95_px = INFINITY;
      return;
    }
  edge_a = boundary (a, width, height, &count_a);
  edge_b = boundary (b, width, height, &count_b);
  to_a = distance_squared (edge_a, width, height);
  to_b = distance_squared (edge_b, width, height);
  distances = g_new (double, count_a + count_b);
  for (gsize i = 0; i < n; i++)
    {
      if (edge_a[i])
        distances[k++] = sqrt (to_b[i]);
      if (edge_b[i])
        distances[k++] = sqrt (to_a[i]);
    }
  scores->hd95_px = angio_quantile_inplace (distances, k, 0.95);
}

guint
angio_metrics_frame_offset (guint        predicted,
                            const guint *reference,
                            guint        n)
{
  guint best = G_MAXUINT;

  for (guint i = 0; i < n; i++)
    best = MIN (best, predicted > reference[i] ? predicted - reference[i]
                                               : reference[i] - predicted);
  return best;
}

void
angio_metrics_agreement (const double   *reference,
                         const double   *predicted,
                         guint           n,
                         AngioAgreement *agreement)
{
  double sum = 0, sum_abs = 0, sum_sq = 0;

  g_return_if_fail (agreement != NULL);

  memset (agreement, 0, sizeof *agreement);
  for (guint i = 0; i < n; i++)
    if (isfinite (reference[i]) && isfinite (predicted[i]))
      {
        double d = predicted[i] - reference[i];

        agreement->n++;
        sum += d;
        sum_abs += fabs (d);
      }
  agreement->mae = agreement->n ? sum_abs / agreement->n : NAN;
  agreement->bias = agreement->n ? sum / agreement->n : NAN;
  for (guint i = 0; i < n; i++)
    if (isfinite (reference[i]) && isfinite (predicted[i]))
      {
        double d = predicted[i] - reference[i] - agreement->bias;

        sum_sq += d * d;
      }
  agreement->sd = agreement->n >= 2 ? sqrt (sum_sq / (agreement->n - 1)) : NAN;
  agreement->loa_low = agreement->bias - 1.96 * agreement->sd;
  agreement->loa_high = agreement->bias + 1.96 * agreement->sd;
}

void
angio_metrics_classification (const double        *reference,
                              const double        *predicted,
                              guint                n,
                              double               cutoff,
                              AngioClassification *c)
{
  double wins = 0;

  g_return_if_fail (c != NULL);

  memset (c, 0, sizeof *c);
  for (guint i = 0; i < n; i++)
    {
      gboolean truth, call;

      if (!isfinite (reference[i]) || !isfinite (predicted[i]))
        continue;
      truth = reference[i] <= cutoff;
      call = predicted[i] <= cutoff;
      c->n++;
      c->tp += truth && call;
      c->fn += truth && !call;
      c->tn += !truth && !call;
      c->fp += !truth && call;
      if (!truth)
        continue;
      /* Each positive against each negative: the positive should have the lower FFR. */
      for (guint j = 0; j < n; j++)
        if (isfinite (reference[j]) && isfinite (predicted[j]) && reference[j] > cutoff)
          wins += predicted[i] < predicted[j] ? 1 : predicted[i] == predicted[j] ? 0.5 : 0;
    }
  c->sensitivity = c->tp + c->fn ? (double) c->tp / (c->tp + c->fn) : NAN;
  c->specificity = c->tn + c->fp ? (double) c->tn / (c->tn + c->fp) : NAN;
  c->accuracy = c->n ? (double) (c->tp + c->tn) / c->n : NAN;
  c->auc = (c->tp + c->fn) && (c->tn + c->fp)
           ? wins / ((double) (c->tp + c->fn) * (c->tn + c->fp)) : NAN;
}

double
angio_metrics_kappa (const gboolean *a,
                     const gboolean *b,
                     const gboolean *valid,
                     guint           n)
{
  double yy = 0, yn = 0, ny = 0, nn = 0, total, po, pe;

  g_return_val_if_fail (n == 0 || (a != NULL && b != NULL), NAN);

  for (guint i = 0; i < n; i++)
    {
      if (valid != NULL && !valid[i])
        continue;
      if (a[i] && b[i])
        yy++;
      else if (a[i])
        yn++;
      else if (b[i])
        ny++;
      else
        nn++;
    }
  total = yy + yn + ny + nn;
  if (total < 1)
    return NAN;
  po = (yy + nn) / total;
  pe = ((yy + yn) * (yy + ny) + (ny + nn) * (yn + nn)) / (total * total);
  if (pe >= 1)
    return NAN;
  return (po - pe) / (1 - pe);
}

double
angio_metrics_icc (const double *values,
                   guint         n,
                   guint         k)
{
  g_autofree double *rows = NULL;
  g_autofree double *cols = NULL;
  double grand = 0, ssr = 0, ssc = 0, sst = 0, sse, msr, msc, mse, denominator;
  guint m = 0;

  g_return_val_if_fail (n == 0 || k == 0 || values != NULL, NAN);

  if (k < 2)
    return NAN;
  rows = g_new0 (double, n);
  cols = g_new0 (double, k);
  /* The subjects rated by all: their means, the raters' means over them. */
  for (guint i = 0; i < n; i++)
    {
      gboolean complete = TRUE;

      for (guint j = 0; j < k; j++)
        complete = complete && isfinite (values[(gsize) i * k + j]);
      if (!complete)
        continue;
      for (guint j = 0; j < k; j++)
        {
          rows[m] += values[(gsize) i * k + j] / k;
          cols[j] += values[(gsize) i * k + j];
          grand += values[(gsize) i * k + j];
        }
      m++;
    }
  if (m < 2)
    return NAN;
  grand /= (double) m * k;
  for (guint j = 0; j < k; j++)
    {
      cols[j] /= m;
      ssc += m * (cols[j] - grand) * (cols[j] - grand);
    }
  for (guint i = 0, r = 0; i < n; i++)
    {
      gboolean complete = TRUE;

      for (guint j = 0; j < k; j++)
        complete = complete && isfinite (values[(gsize) i * k + j]);
      if (!complete)
        continue;
      ssr += k * (rows[r] - grand) * (rows[r] - grand);
      for (guint j = 0; j < k; j++)
        sst += (values[(gsize) i * k + j] - grand) * (values[(gsize) i * k + j] - grand);
      r++;
    }
  sse = sst - ssr - ssc;
  msr = ssr / (m - 1);
  msc = ssc / (k - 1);
  mse = sse / ((double) (m - 1) * (k - 1));
  denominator = msr + (k - 1) * mse + k * (msc - mse) / m;
  if (!(denominator > 0))
    return NAN;
  return (msr - mse) / denominator;
}
