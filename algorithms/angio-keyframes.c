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
/* Scales of the per-frame dark-ridge measure, between the smallest and largest vessel. */
#define RIDGE_SCALES 3
/* The plateau is found on the curve smoothed over this long (cardiac phase and noise make the
 * raw curve jagged); its frames are those at or above params->plateau of its peak. */
#define PLATEAU_SMOOTH_MS 130.0

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
  AngioImageF **ridge;       /* per frame, dark-ridge strength (log-image units) */
  double ridge_sigma[RIDGE_SCALES];
  guint reach_px;              /* how far static structures move, reduced pixels */
  gint cancelled;
} Reduce;

/* The strength of dark ridges at one scale, added into @out as a maximum: the curvature across
 * the ridge (σ²-normalised largest Hessian eigenvalue) less the curvature along it (blobs,
 * junctions) and less the slope (the side lobe of a step edge: heart border, diaphragm, shutter
 * — for a blurred step the two are equal, so an edge gives nothing). Linear in the contrast, so
 * frames compare: unlike Frangi's vesselness it is not normalised per image. */
static void
ridge_scale (const AngioImageF *small,
             double             sigma,
             AngioImageF       *out)
{
  guint w = small->width, h = small->height;
  g_autoptr(AngioImageF) b = angio_image_f_new (w, h);
  float s2 = (float) (sigma * sigma), s1 = (float) sigma;

  angio_gaussian_blur (small, b, sigma);
  for (guint y = 0; y < h; y++)
    {
      const float *rm = angio_image_f_row (b, y > 0 ? y - 1 : 0);
      const float *r0 = angio_image_f_row (b, y);
      const float *rp = angio_image_f_row (b, MIN (y + 1, h - 1));
      float *o = angio_image_f_row (out, y);

      for (guint x = 0; x < w; x++)
        {
          guint xm = x > 0 ? x - 1 : 0, xp = MIN (x + 1, w - 1);
          float xx = s2 * (r0[xp] - 2 * r0[x] + r0[xm]);
          float yy = s2 * (rp[x] - 2 * r0[x] + rm[x]);
          float xy = s2 * 0.25f * (rp[xp] - rp[xm] - rm[xp] + rm[xm]);
          float gx = s1 * 0.5f * (r0[xp] - r0[xm]), gy = s1 * 0.5f * (rp[x] - rm[x]);
          float half = 0.5f * (xx + yy);
          float root = sqrtf (0.25f * (xx - yy) * (xx - yy) + xy * xy);
          float across = half + root, along = half - root;
          float r = across - fabsf (along) - sqrtf (gx * gx + gy * gy);

          o[x] = MAX (o[x], r);
        }
    }
}

static AngioImageF *
dark_ridges (const AngioImageF *small,
             const double      *sigmas)
{
  AngioImageF *out = angio_image_f_new (small->width, small->height);

  for (guint s = 0; s < RIDGE_SCALES; s++)
    ridge_scale (small, sigmas[s], out);
  return out;
}

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
  job->ridge[index] = dark_ridges (small, job->ridge_sigma);
}

/* Grey dilation by a (2 r + 1)² square, separable; @tmp is scratch of the same size. */
static void
local_max (const AngioImageF *src,
           AngioImageF       *tmp,
           AngioImageF       *dst,
           guint              r)
{
  guint w = src->width, h = src->height;

  for (guint y = 0; y < h; y++)
    {
      const float *in = angio_image_f_row (src, y);
      float *out = angio_image_f_row (tmp, y);

      for (guint x = 0; x < w; x++)
        {
          float m = in[x];

          for (guint k = x > r ? x - r : 0; k <= MIN (x + r, w - 1); k++)
            m = MAX (m, in[k]);
          out[x] = m;
        }
    }
  for (guint y = 0; y < h; y++)
    {
      float *out = angio_image_f_row (dst, y);

      for (guint x = 0; x < w; x++)
        {
          float m = angio_image_f_row (tmp, y)[x];

          for (guint k = y > r ? y - r : 0; k <= MIN (y + r, h - 1); k++)
            m = MAX (m, angio_image_f_row (tmp, k)[x]);
          out[x] = m;
        }
    }
}

/* What is a dark ridge in every frame — the catheter, wires, clips, bone edges, contrast that
 * stays: at each place, the least over the run of the strongest ridge within @reach_px (so a
 * structure that moves with the heart or the breath by up to that much still counts as there),
 * after averaging each frame with its neighbours (one noisy frame does not empty it). */
static AngioImageF *
static_ridges (Reduce *job,
               guint   reach_px)
{
  guint n = job->frames->n_frames, w = job->ridge[0]->width, h = job->ridge[0]->height;
  gsize size = (gsize) w * h;
  AngioImageF *fixed = angio_image_f_new (w, h);
  g_autoptr(AngioImageF) mean = angio_image_f_new (w, h);
  g_autoptr(AngioImageF) tmp = angio_image_f_new (w, h);
  g_autoptr(AngioImageF) near = angio_image_f_new (w, h);

  for (gsize i = 0; i < size; i++)
    fixed->data[i] = G_MAXFLOAT;
  for (guint f = 0; f < n; f++)
    {
      guint a = f > 0 ? f - 1 : f, b = f + 1 < n ? f + 1 : f;

      for (gsize i = 0; i < size; i++)
        mean->data[i] = (job->ridge[a]->data[i] + job->ridge[f]->data[i]
                         + job->ridge[b]->data[i]) / 3;
      local_max (mean, tmp, near, reach_px);
      for (gsize i = 0; i < size; i++)
        fixed->data[i] = MIN (fixed->data[i], near->data[i]);
    }
  return fixed;
}

/* Per frame, the ridges the contrast added: the sum over the field of what each place's ridge
 * exceeds the static ridges by. Measured on every frame where the vessels are in that frame, so
 * cardiac and respiratory motion do not move the vessels off a fixed map. Also the weights of
 * the motion measure: where the contrast made ridges in any frame. */
static void
bolus_curve (Reduce        *job,
             const guint8  *field,
             double        *curve,
             double        *total,
             AngioImageF  **weights)
{
  guint n = job->frames->n_frames, w = job->ridge[0]->width, h = job->ridge[0]->height;
  guint reach = job->reach_px;
  g_autoptr(AngioImageF) fixed = static_ridges (job, reach);
  AngioImageF *weight = angio_image_f_new (w, h);

  *total = 0;
  for (guint f = 0; f < n; f++)
    {
      double acc = 0, all = 0;

      for (gsize i = 0; i < (gsize) w * h; i++)
        {
          float r = job->ridge[f]->data[i], added = MAX (0.0f, r - fixed->data[i]);

          if (!field[i])
            continue;
          acc += added;
          all += r;
          weight->data[i] = MAX (weight->data[i], added);
        }
      curve[f] = acc;
      *total = MAX (*total, all);
    }
  *weights = weight;
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

/* The plateau: frames whose smoothed opacification is at or above params->plateau of its
 * peak, so that the dips of the raw curve over a heart beat do not cut it, nor one bright frame
 * of inflow or washout join it. On it, frames score by their own opacification (more of the tree
 * in view: diastole) and little motion. */
static void
score_frames (AngioKeyFrames            *result,
              const double              *times_ms,
              const AngioKeyFrameParams *params)
{
  guint n = result->n_frames, count = 0;
  g_autofree double *plateau_motion = g_new (double, n);
  g_autofree double *smooth = g_new (double, n);
  g_autofree guint8 *on = g_new0 (guint8, n);
  double peak = 0, typical, step_ms;

  step_ms = n > 1 ? (frame_time (times_ms, n - 1) - frame_time (times_ms, 0)) / (n - 1) : 1;
  angio_gaussian_smooth_1d (result->opacification, smooth, n,
                            step_ms > 0 ? PLATEAU_SMOOTH_MS / step_ms : 0);
  for (guint f = 0; f < n; f++)
    peak = MAX (peak, smooth[f]);
  for (guint f = 0; f < n; f++)
    if (peak > 0 && smooth[f] >= params->plateau * peak)
      {
        on[f] = 1;
        plateau_motion[count++] = result->motion[f];
      }
  typical = MAX (angio_median_inplace (plateau_motion, count), 1e-9);
  for (guint f = 0; f < n; f++)
    {
      double o = result->opacification[f];

      result->score[f] = on[f] ? (1e-3 + o * o) / (1 + result->motion[f] / typical) : 0;
    }
}

/* The curves, once the frames are reduced. */
static AngioKeyFrames *
curves (Reduce                    *job,
        const double              *times_ms,
        const AngioKeyFrameParams *params)
{
  guint n = job->frames->n_frames;
  AngioKeyFrames *result = g_new0 (AngioKeyFrames, 1);
  g_autoptr(AngioImageF) weights = NULL;
  g_autoptr(AngioImageF) minip = angio_image_f_copy (job->small[0]);
  g_autofree guint8 *field = NULL;
  double weight_sum = 0, low = G_MAXDOUBLE, high = 0, total = 0;

  result->n_frames = n;
  result->opacification = g_new0 (double, n);
  result->motion = g_new0 (double, n);
  result->score = g_new0 (double, n);
  for (guint f = 1; f < n; f++)
    for (gsize i = 0; i < (gsize) minip->width * minip->height; i++)
      minip->data[i] = MIN (minip->data[i], job->small[f]->data[i]);
  field = angio_field_mask (minip, 2);
  bolus_curve (job, field, result->opacification, &total, &weights);
  for (gsize i = 0; i < (gsize) weights->width * weights->height; i++)
    weight_sum += weights->data[i];

  for (guint f = 0; f < n; f++)
    {
      guint a = f > 0 ? f - 1 : f, b = f + 1 < n ? f + 1 : f;
      double dt = (frame_time (times_ms, b) - frame_time (times_ms, a)) / 1000;

      result->motion[f] = a == b || dt <= 0
                          ? 0 : weighted_change (weights, job->small[a], job->small[b],
                                                 weight_sum) / dt;
      low = MIN (low, result->opacification[f]);
      high = MAX (high, result->opacification[f]);
    }
  /* The ridges the contrast adds against all the ridges of the frame. */
  result->has_contrast_change = n > 1 && high - low > MIN_CONTRAST_CHANGE * total;
  for (guint f = 0; f < n; f++)
    result->opacification[f] = result->has_contrast_change
                               ? (result->opacification[f] - low) / (high - low)
                               : (high > 0 ? result->opacification[f] / high : 0);
  /* The frames before the bolus: a background for the frames after it. */
  while (result->has_contrast_change && result->n_background < n
         && result->opacification[result->n_background] < BACKGROUND_LEVEL)
    result->n_background++;
  if (result->n_background == n)
    result->n_background = 0;
  if (result->has_contrast_change)
    {
      result->arrival_ms = arrival_times (job, times_ms);
      result->factor = job->factor;
    }
  score_frames (result, times_ms, params);
  rank (result, times_ms, params);
  if (result->n_key_frames == 0)
    result->key_frames[result->n_key_frames++] = (AngioRankedFrame) { n / 2, 1.0 };
  return result;
}

AngioKeyFrames *
angio_key_frames_compute (const AngioFrames         *frames,
                          const double              *times_ms,
                          const AngioKeyFrameParams *params,
                          const AngioProgress       *progress)
{
  AngioKeyFrames *result = NULL;
  Reduce job = { 0 };
  guint n;
  double d_min, d_max;

  g_return_val_if_fail (frames != NULL && params != NULL, NULL);

  n = frames->n_frames;
  if (n == 0 || frames->data == NULL || frames->width == 0 || frames->height == 0)
    return NULL;
  job.frames = frames;
  job.factor = MAX (1, (MAX (frames->width, frames->height) + params->working_size / 2)
                       / MAX (params->working_size, 1));
  job.background_sigma = MAX (2.0, 1.5 * params->vessel_diameter_max_px / job.factor);
  d_min = MAX (1.0, params->vessel_diameter_min_px / job.factor);
  d_max = MAX (d_min, params->vessel_diameter_max_px / job.factor);
  for (guint s = 0; s < RIDGE_SCALES; s++)
    job.ridge_sigma[s] = MAX (0.7, ANGIO_VESSELNESS_SIGMA_PER_DIAMETER * d_min
                                   * pow (d_max / d_min, (double) s / (RIDGE_SCALES - 1)));
  job.reach_px = MAX (2, (guint) lround (d_max));
  job.progress = progress;
  job.small = g_new0 (AngioImageF *, n);
  job.darkness = g_new0 (AngioImageF *, n);
  job.ridge = g_new0 (AngioImageF *, n);
  angio_parallel_for (n, 0, reduce_frame, &job);

  if (!job.cancelled)
    result = curves (&job, times_ms, params);

  for (guint f = 0; f < n; f++)
    {
      angio_image_f_free (job.small[f]);
      angio_image_f_free (job.darkness[f]);
      angio_image_f_free (job.ridge[f]);
    }
  g_free (job.small);
  g_free (job.darkness);
  g_free (job.ridge);
  return result;
}
