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
/* A pixel's own baseline: the darkness it has in all but this share of the frames (what is dark
 * in every frame — catheter, wires, bone, the heart border at rest — stays in it). */
#define BASELINE_QUANTILE 0.1
/* Darkening within this many noise spreads of the baseline is noise, not contrast. */
#define NOISE_SPREADS 2.0
/* A bolus: the most opacified frames (90th percentile) darken more than this over the least (10th
 * percentile), relative to the least. Motion and noise alone stay well below (a run with a
 * device and no visible contrast: 0.5). */
#define BOLUS_CHANGE 1.0
/* …and by more than every pixel of the field darkening by this share of the noise (a bolus in a
 * vessel covering half a percent of the field, twice over the noise; noise alone: 0.002; the
 * runs with a bolus: 0.02). */
#define BOLUS_FLOOR 0.005
/* Where on the plateau the best frame is sought: the vessels filled, before the washout. */
#define PLATEAU_PREFERRED 0.25
/* The curve is averaged over this far either side: about half a heart beat, so that the beat's
 * rise and fall of the vessel area does not cut the plateau. */
#define SMOOTH_MS 250
/* With the ECG: the weight of frames off end-diastole (they come after the ones at it). */
#define NOT_END_DIASTOLIC 0.1

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
  params->end_diastolic_frames = NULL;
  params->n_end_diastolic = 0;
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


typedef struct {
  Reduce *job;
  const float *base;
  const guint8 *field;
  double noise;
  AngioVesselnessParams vp;
  double *curve;
} Bolus;

/* One frame: its darkening against every pixel's own baseline, counted where that darkening is
 * tubular (a filled vessel, not the edge of an enhancing organ or a moving border). */
static void
bolus_frame (guint    index,
             gpointer user_data)
{
  Bolus *bolus = user_data;
  const AngioImageF *dark = bolus->job->darkness[index];
  gsize size = (gsize) dark->width * dark->height;
  g_autoptr(AngioImageF) excess = angio_image_f_new (dark->width, dark->height);
  g_autoptr(AngioVesselness) v = NULL;
  double acc = 0;

  for (gsize i = 0; i < size; i++)
    excess->data[i] = bolus->field[i]
                      ? MAX (0.0f, dark->data[i] - bolus->base[i] - (float) bolus->noise) : 0;
  v = angio_vesselness_compute (excess, &bolus->vp, NULL);
  for (gsize i = 0; i < size; i++)
    acc += v->response->data[i] * excess->data[i];
  bolus->curve[index] = acc;
}

/* The opacification that follows the bolus: on each frame, how much darker every pixel is than
 * its own baseline over the run, where it is tubular, summed over the field. What is dark in
 * every frame does not count; a vessel that moves with the heart or the breathing counts
 * wherever it is on that frame. Returns whether the curve follows a bolus: the frames most
 * opacified stand clearly above the least (over noise, motion and the heart border's beat). */
static gboolean
bolus_curve (Reduce                    *job,
             const AngioKeyFrameParams *params,
             double                    *curve)
{
  guint n = job->frames->n_frames, w = job->darkness[0]->width, h = job->darkness[0]->height;
  gsize size = (gsize) w * h;
  g_autofree double *values = g_new (double, n);
  g_autofree double *spread = g_new (double, size);
  g_autofree float *base = g_new (float, size);
  g_autofree double *peaks = g_new (double, size);
  g_autofree guint8 *field = angio_field_mask (job->small[0], 2);
  Bolus bolus = { job, base, field, 0, { 0 }, curve };
  double low, high;
  guint count = 0;

  for (gsize i = 0; i < size; i++)
    {
      if (!field[i])
        continue;
      for (guint f = 0; f < n; f++)
        values[f] = job->darkness[f]->data[i];
      base[i] = (float) angio_quantile_inplace (values, n, BASELINE_QUANTILE);
      peaks[count] = values[n - 1] - base[i];
      spread[count++] = values[n / 2] - base[i];
    }
  /* Most pixels hold no vessel: their spread is the noise. Half of them are brighter than their
   * surroundings, never dark (spread 0): the noise is the spread of the other half. */
  bolus.noise = count > 0 ? NOISE_SPREADS * angio_quantile_inplace (spread, count, 0.75) : 0;
  angio_vesselness_params_init (&bolus.vp, MAX (1.0, params->vessel_diameter_min_px / job->factor),
                                MAX (1.5, params->vessel_diameter_max_px / job->factor));
  /* One scale, between the thinnest and the widest vessel: cheap enough for every frame. */
  bolus.vp.n_scales = 1;
  bolus.vp.sigma_min_px = bolus.vp.sigma_max_px = sqrt (bolus.vp.sigma_min_px
                                                        * bolus.vp.sigma_max_px);
  bolus.vp.bright = TRUE;
  /* One structureness scale for the whole run (half the darkening of its most opacified places):
   * per frame, a strong new vessel would make the frame's other vessels count less. */
  bolus.vp.c = count > 0 ? MAX (1e-6, 0.5 * (angio_quantile_inplace (peaks, count, 0.995)
                                             - bolus.noise)) : 1;
  angio_parallel_for (n, 0, bolus_frame, &bolus);

  memcpy (values, curve, n * sizeof (double));
  low = angio_quantile_inplace (values, n, 0.1);
  high = angio_quantile_inplace (values, n, 0.9);
  return high > 0 && high - low > BOLUS_CHANGE * low
         && high - low > BOLUS_FLOOR * bolus.noise * count;
}

/* The curve averaged over SMOOTH_MS either side (at most 10 frames): a frame's own dip or peak
 * (a beat, noise) does not make or break the plateau. */
static void
smooth_curve (const double *curve,
              const double *times_ms,
              guint         n,
              double       *out)
{
  for (guint f = 0; f < n; f++)
    {
      double sum = 0;
      guint count = 0;

      for (guint g = f > 10 ? f - 10 : 0; g < MIN (n, f + 11); g++)
        if (fabs (frame_time (times_ms, g) - frame_time (times_ms, f)) <= SMOOTH_MS + 1e-6)
          {
            sum += curve[g];
            count++;
          }
      out[f] = sum / count;
    }
}

/* The 10th percentile of @n values. */
static double
robust_low (const double *values,
            guint         n)
{
  g_autofree double *copy = g_memdup2 (values, n * sizeof (double));

  return angio_quantile_inplace (copy, n, 0.1);
}

static gboolean
is_end_diastolic (const AngioKeyFrameParams *params,
                  guint                      frame)
{
  for (guint k = 0; k < params->n_end_diastolic; k++)
    if (params->end_diastolic_frames[k] == frame)
      return TRUE;
  return FALSE;
}

/* Frames on the plateau (the smoothed opacification at or above @params->plateau of its peak)
 * score opacification² / (1 + motion / median motion), weighted towards a quarter of the way
 * into the plateau: the vessels have filled there and the washout (or a reflux late in the
 * injection) is still ahead. End-diastolic frames, when the file says which, come first. */
static void
score_frames (AngioKeyFrames            *result,
              const double              *times_ms,
              const AngioKeyFrameParams *params)
{
  guint n = result->n_frames, count = 0;
  g_autofree double *plateau_motion = g_new (double, n);
  g_autofree double *smooth = g_new (double, n);
  double peak = 0, typical, first = -1, last = -1;
  gboolean any_ed = FALSE;

  smooth_curve (result->opacification, times_ms, n, smooth);
  for (guint f = 0; f < n; f++)
    peak = MAX (peak, smooth[f]);
  for (guint f = 0; f < n; f++)
    if (peak > 0 && smooth[f] >= params->plateau * peak)
      {
        plateau_motion[count++] = result->motion[f];
        if (first < 0)
          first = frame_time (times_ms, f);
        last = frame_time (times_ms, f);
        any_ed |= is_end_diastolic (params, f);
      }
  typical = MAX (angio_median_inplace (plateau_motion, count), 1e-9);
  for (guint f = 0; f < n; f++)
    {
      /* On the plateau by the smoothed curve; ranked by the frame's own filling. */
      double o = result->opacification[f], x, w;

      result->score[f] = 0;
      if (peak <= 0 || smooth[f] < params->plateau * peak)
        continue;
      x = last > first ? (frame_time (times_ms, f) - first) / (last - first) : 0;
      w = x < PLATEAU_PREFERRED ? 1 - (PLATEAU_PREFERRED - x) : 1 - 0.8 * (x - PLATEAU_PREFERRED);
      result->score[f] = o * o / (1 + result->motion[f] / typical) * w
                         * (any_ed && !is_end_diastolic (params, f) ? NOT_END_DIASTOLIC : 1);
    }
}

/* The darkness of the vessels where the minimum projection is tubular: for runs whose contrast
 * does not change enough to follow (one frame, contrast in every frame). */
static double
vessel_curve (Reduce                    *job,
              const AngioImageF         *weights,
              double                     weight_sum,
              double                    *curve)
{
  double level = 0;

  for (guint f = 0; f < job->frames->n_frames; f++)
    {
      curve[f] = weighted_mean (weights, job->darkness[f], weight_sum);
      level = MAX (level, curve[f]);
    }
  return level;
}

/* The opacification curve scaled to 0–1 and whether it follows a bolus: the bolus when it can be
 * followed, else the vessels' darkness (contrast in every frame, or one frame). */
static void
opacification_curve (Reduce                    *job,
                     const AngioImageF         *weights,
                     double                     weight_sum,
                     const AngioKeyFrameParams *params,
                     AngioKeyFrames            *result)
{
  guint n = result->n_frames;
  double *curve = result->opacification;
  double low, high = 0, level;

  result->has_contrast_change = n > 1 && bolus_curve (job, params, curve);
  for (guint f = 0; f < n; f++)
    high = MAX (high, curve[f]);
  /* A frame's own dip (noise, a flash) is not the baseline of the others. */
  low = robust_low (curve, n);
  level = high;
  if (!result->has_contrast_change)
    {
      /* Nothing to follow: how dark the vessels are, frame by frame. */
      level = vessel_curve (job, weights, weight_sum, curve);
      low = G_MAXDOUBLE;
      high = 0;
      for (guint f = 0; f < n; f++)
        {
          low = MIN (low, curve[f]);
          high = MAX (high, curve[f]);
        }
      /* Contrast in every frame of the run but changing: follow its absolute darkness. */
      result->has_contrast_change = n > 1 && high - low > MIN_CONTRAST_CHANGE * level;
    }
  for (guint f = 0; f < n; f++)
    curve[f] = result->has_contrast_change ? CLAMP ((curve[f] - low) / (high - low), 0, 1)
                                           : (level > 0 ? curve[f] / level : 0);
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
  double weight_sum = 0;

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

          result->motion[f] = a == b || dt <= 0
                              ? 0 : weighted_change (weights, job.small[a], job.small[b],
                                                     weight_sum) / dt;
        }
      opacification_curve (&job, weights, weight_sum, params, result);
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
      score_frames (result, times_ms, params);
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
