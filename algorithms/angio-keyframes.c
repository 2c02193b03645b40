/* angio-keyframes.c — opacification and motion curves over a run, key-frame ranking. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "angio-field.h"
#include "angio-gaussian.h"
#include "angio-keyframes.h"
#include "angio-parallel.h"
#include "angio-stats.h"
#include "angio-vesselness.h"

/* A run whose opacification varies less than this (relative to the darkness of the vessels)
 * has no bolus to follow: one frame, or a run without contrast. */
#define MIN_CONTRAST_CHANGE 0.05
/* Frames below this opacification, before the first one above it, are pre-contrast. */
#define BACKGROUND_LEVEL 0.1
/* Places whose darkness changes by less than this share of the most opacified ones' change have
 * no arrival time. */
#define ARRIVAL_SHARE 0.1

void
angio_key_frame_params_init (AngioKeyFrameParams *params,
                             double               diameter_min_px,
                             double               diameter_max_px)
{
  g_return_if_fail (params != NULL);

  params->max_key_frames = 5;
  params->plateau = 0.9;
  params->min_separation_ms = 200;
  params->working_size = 128;
  params->vessel_diameter_min_px = diameter_min_px;
  params->vessel_diameter_max_px = MAX (diameter_min_px, diameter_max_px);
}

void
angio_key_frames_free (AngioKeyFrames *key_frames)
{
  if (key_frames == NULL)
    return;
  g_free (key_frames->opacification);
  g_free (key_frames->motion);
  g_free (key_frames->score);
  angio_image_f_free (key_frames->arrival_ms);
  g_free (key_frames);
}

typedef struct {
  const AngioFrames *frames;
  guint factor;
  double background_sigma;
  const AngioProgress *progress;
  AngioImageF **small;       /* per frame, reduced and lightly smoothed */
  AngioImageF **darkness;    /* per frame, max (0, local background − value) */
  gint cancelled;
} Reduce;

static void
reduce_frame (guint    index,
              gpointer user_data)
{
  Reduce *job = user_data;
  AngioImageU16 view = angio_frames_get (job->frames, index);
  g_autoptr(AngioImageF) full = NULL;
  AngioImageF *small, *dark;

  if (g_atomic_int_get (&job->cancelled) || angio_progress_cancelled (job->progress))
    {
      g_atomic_int_set (&job->cancelled, 1);
      return;
    }
  full = angio_image_f_from_u16 (&view, 0, 0, view.width, view.height, job->frames->offset,
                                 job->frames->scale);
  small = angio_image_f_downsample (full, job->factor);
  angio_gaussian_blur (small, small, 0.7);
  dark = angio_image_f_new (small->width, small->height);
  angio_gaussian_blur (small, dark, job->background_sigma);
  for (gsize i = 0; i < (gsize) small->width * small->height; i++)
    dark->data[i] = MAX (0.0f, dark->data[i] - small->data[i]);
  job->small[index] = small;
  job->darkness[index] = dark;
}

/* Weights: vesselness of the darkest projection, times its darkness, inside the field. */
static AngioImageF *
vessel_weights (Reduce                    *job,
                const AngioKeyFrameParams *params)
{
  guint n = job->frames->n_frames, w = job->small[0]->width, h = job->small[0]->height;
  g_autoptr(AngioImageF) minip = angio_image_f_copy (job->small[0]);
  g_autoptr(AngioImageF) dark = angio_image_f_copy (job->darkness[0]);
  g_autoptr(AngioVesselness) v = NULL;
  g_autofree guint8 *field = NULL;
  AngioVesselnessParams vp;
  AngioImageF *weights;

  for (guint f = 1; f < n; f++)
    for (gsize i = 0; i < (gsize) w * h; i++)
      {
        minip->data[i] = MIN (minip->data[i], job->small[f]->data[i]);
        dark->data[i] = MAX (dark->data[i], job->darkness[f]->data[i]);
      }
  angio_vesselness_params_init (&vp, MAX (1.0, params->vessel_diameter_min_px / job->factor),
                                MAX (1.5, params->vessel_diameter_max_px / job->factor));
  vp.n_scales = 3;
  v = angio_vesselness_compute (minip, &vp, NULL);
  field = angio_field_mask (minip, 2);
  weights = angio_image_f_new (w, h);
  for (gsize i = 0; i < (gsize) w * h; i++)
    weights->data[i] = field[i] ? v->response->data[i] * dark->data[i] : 0;
  return weights;
}

static double
weighted_mean (const AngioImageF *weights,
               const AngioImageF *values,
               double             weight_sum)
{
  double acc = 0;

  for (gsize i = 0; i < (gsize) weights->width * weights->height; i++)
    acc += weights->data[i] * values->data[i];
  return weight_sum > 0 ? acc / weight_sum : 0;
}

static double
weighted_change (const AngioImageF *weights,
                 const AngioImageF *a,
                 const AngioImageF *b,
                 double             weight_sum)
{
  double acc = 0;

  for (gsize i = 0; i < (gsize) weights->width * weights->height; i++)
    acc += weights->data[i] * fabs (a->data[i] - b->data[i]);
  return weight_sum > 0 ? acc / weight_sum : 0;
}

static double
frame_time (const double *times_ms,
            guint         index)
{
  return times_ms != NULL ? times_ms[index] : index * (1000.0 / 15);
}

/* The time each place darkens halfway to its darkest; places whose darkness hardly changes
 * (bone, soft tissue) have none. */
static AngioImageF *
arrival_times (Reduce       *job,
               const double *times_ms)
{
  guint n = job->frames->n_frames, w = job->darkness[0]->width, h = job->darkness[0]->height;
  gsize size = (gsize) w * h;
  AngioImageF *arrival = angio_image_f_new (w, h);
  g_autofree float *lo = g_new (float, size);
  g_autofree float *hi = g_new (float, size);
  g_autofree double *spans = g_new (double, size);
  double level;

  for (gsize i = 0; i < size; i++)
    {
      lo[i] = hi[i] = job->darkness[0]->data[i];
      for (guint f = 1; f < n; f++)
        {
          lo[i] = MIN (lo[i], job->darkness[f]->data[i]);
          hi[i] = MAX (hi[i], job->darkness[f]->data[i]);
        }
      spans[i] = hi[i] - lo[i];
    }
  /* A clear change: a tenth of what the most opacified places show. */
  level = ARRIVAL_SHARE * angio_quantile_inplace (spans, (guint) size, 0.995);
  for (gsize i = 0; i < size; i++)
    {
      float half = 0.5f * (lo[i] + hi[i]);

      arrival->data[i] = NAN;
      if (hi[i] - lo[i] < level)
        continue;
      for (guint f = 0; f < n; f++)
        if (job->darkness[f]->data[i] >= half)
          {
            arrival->data[i] = (float) frame_time (times_ms, f);
            break;
          }
    }
  return arrival;
}

/* Best first, at least @min_separation_ms apart, only frames with a score. */
static void
rank (AngioKeyFrames            *result,
      const double              *times_ms,
      const AngioKeyFrameParams *params)
{
  guint n = result->n_frames, max = CLAMP (params->max_key_frames, 1, 5);
  g_autofree guint8 *taken = g_new0 (guint8, n);
  double top = 0;

  result->n_key_frames = 0;
  while (result->n_key_frames < max)
    {
      gint best = -1;

      for (guint f = 0; f < n; f++)
        {
          gboolean near = FALSE;

          if (taken[f] || result->score[f] <= 0)
            continue;
          for (guint k = 0; k < result->n_key_frames; k++)
            near |= fabs (frame_time (times_ms, f)
                          - frame_time (times_ms, result->key_frames[k].frame))
                    < params->min_separation_ms;
          if (!near && (best < 0 || result->score[f] > result->score[best]))
            best = (gint) f;
        }
      if (best < 0)
        break;
      taken[best] = 1;
      top = MAX (top, result->score[best]);
      result->key_frames[result->n_key_frames++] = (AngioRankedFrame) { (guint) best,
                                                                      result->score[best] };
    }
  for (guint k = 0; k < result->n_key_frames; k++)
    result->key_frames[k].score /= top > 0 ? top : 1;
}

static void
score_frames (AngioKeyFrames            *result,
              const AngioKeyFrameParams *params)
{
  guint n = result->n_frames, count = 0;
  g_autofree double *plateau_motion = g_new (double, n);
  double peak = 0, typical;

  for (guint f = 0; f < n; f++)
    peak = MAX (peak, result->opacification[f]);
  for (guint f = 0; f < n; f++)
    if (result->opacification[f] >= params->plateau * peak)
      plateau_motion[count++] = result->motion[f];
  typical = MAX (angio_median_inplace (plateau_motion, count), 1e-9);
  for (guint f = 0; f < n; f++)
    {
      double o = result->opacification[f];

      result->score[f] = o >= params->plateau * peak && peak > 0
                         ? o * o / (1 + result->motion[f] / typical) : 0;
    }
}

AngioKeyFrames *
angio_key_frames_compute (const AngioFrames         *frames,
                          const double              *times_ms,
                          const AngioKeyFrameParams *params,
                          const AngioProgress       *progress)
{
  g_autoptr(AngioKeyFrames) result = NULL;
  g_autoptr(AngioImageF) weights = NULL;
  Reduce job = { 0 };
  guint n;
  double weight_sum = 0, low = G_MAXDOUBLE, high = 0, level = 0;

  g_return_val_if_fail (frames != NULL && params != NULL, NULL);

  n = frames->n_frames;
  if (n == 0 || frames->data == NULL || frames->width == 0 || frames->height == 0)
    return NULL;
  job.frames = frames;
  job.factor = MAX (1, (MAX (frames->width, frames->height) + params->working_size / 2)
                       / MAX (params->working_size, 1));
  job.background_sigma = MAX (2.0, 1.5 * params->vessel_diameter_max_px / job.factor);
  job.progress = progress;
  job.small = g_new0 (AngioImageF *, n);
  job.darkness = g_new0 (AngioImageF *, n);
  angio_parallel_for (n, 0, reduce_frame, &job);

  if (!job.cancelled)
    {
      result = g_new0 (AngioKeyFrames, 1);
      result->n_frames = n;
      result->opacification = g_new0 (double, n);
      result->motion = g_new0 (double, n);
      result->score = g_new0 (double, n);
      weights = vessel_weights (&job, params);
      for (gsize i = 0; i < (gsize) weights->width * weights->height; i++)
        weight_sum += weights->data[i];

      for (guint f = 0; f < n; f++)
        {
          guint a = f > 0 ? f - 1 : f, b = f + 1 < n ? f + 1 : f;
          double dt = (frame_time (times_ms, b) - frame_time (times_ms, a)) / 1000;

          result->opacification[f] = weighted_mean (weights, job.darkness[f], weight_sum);
          result->motion[f] = a == b || dt <= 0
                              ? 0 : weighted_change (weights, job.small[a], job.small[b],
                                                     weight_sum) / dt;
          low = MIN (low, result->opacification[f]);
          high = MAX (high, result->opacification[f]);
          level = MAX (level, result->opacification[f]);
        }
      result->has_contrast_change = n > 1 && high - low > MIN_CONTRAST_CHANGE * level;
      for (guint f = 0; f < n; f++)
        result->opacification[f] = result->has_contrast_change
                                   ? (result->opacification[f] - low) / (high - low)
                                   : (level > 0 ? result->opacification[f] / level : 0);
      /* The frames before the bolus: a background for the frames after it. */
      while (result->has_contrast_change && result->n_background < n
             && result->opacification[result->n_background] < BACKGROUND_LEVEL)
        result->n_background++;
      if (result->n_background == n)
        result->n_background = 0;
      if (result->has_contrast_change)
        {
          result->arrival_ms = arrival_times (&job, times_ms);
          result->factor = job.factor;
        }
      score_frames (result, params);
      rank (result, times_ms, params);
      if (result->n_key_frames == 0)
        result->key_frames[result->n_key_frames++] = (AngioRankedFrame) { n / 2, 1.0 };
    }

  for (guint f = 0; f < n; f++)
    {
      angio_image_f_free (job.small[f]);
      angio_image_f_free (job.darkness[f]);
    }
  g_free (job.small);
  g_free (job.darkness);
  return g_steal_pointer (&result);
}
