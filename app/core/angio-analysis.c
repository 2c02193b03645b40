/* angio-analysis.c — runs key-frame ranking and stenosis detection on a series. */
#define G_LOG_DOMAIN "angio-analysis"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "angio-analysis.h"
#include "angio-contrast.h"
#include "angio-detector.h"
#include "angio-series.h"
#include "angio-vesselness.h"

/* Without a calibration, filter sizes are chosen as if the field at the isocenter were this
 * wide (a 20 cm detector at the usual magnification). Nothing measured is ever given in mm on
 * that basis. */
#define NOMINAL_FIELD_MM 150.0
/* A guided measurement is of a narrowing: its MLD below the reference by more than the
 * diameter's noise and by more than this share of the reference. */
#define MIN_NARROWING 0.01
/* The background is the mean of the last few frames before the contrast. */
#define MAX_BACKGROUND_FRAMES 3

void
angio_analysis_params_init (AngioAnalysisParams *params)
{
  g_return_if_fail (params != NULL);

  params->vessel_min_mm = 1.0;
  params->vessel_max_mm = 8.0;
  params->min_reference_mm = 2.0;
  params->min_percent_ds = 20;
  params->max_lesions = 5;
  params->motion_tolerance_mm = 3.0;
  params->contrast_tolerance_mm = 1.0;
  params->reference_method = ANGIO_REFERENCE_INTERPOLATED;
}

GVariant *
angio_analysis_params_to_variant (const AngioAnalysisParams *params)
{
  GVariantBuilder b;

  g_return_val_if_fail (params != NULL, NULL);

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "vessel_min_mm", g_variant_new_double (params->vessel_min_mm));
  g_variant_builder_add (&b, "{sv}", "vessel_max_mm", g_variant_new_double (params->vessel_max_mm));
  g_variant_builder_add (&b, "{sv}", "min_reference_mm",
                         g_variant_new_double (params->min_reference_mm));
  g_variant_builder_add (&b, "{sv}", "min_percent_ds",
                         g_variant_new_double (params->min_percent_ds));
  g_variant_builder_add (&b, "{sv}", "max_lesions", g_variant_new_uint32 (params->max_lesions));
  g_variant_builder_add (&b, "{sv}", "motion_tolerance_mm",
                         g_variant_new_double (params->motion_tolerance_mm));
  g_variant_builder_add (&b, "{sv}", "contrast_tolerance_mm",
                         g_variant_new_double (params->contrast_tolerance_mm));
  g_variant_builder_add (&b, "{sv}", "detector",
                         g_variant_new_take_string (g_strdup_printf ("%s %s", angio_detector_name (),
                                                                     angio_detector_version ())));
  g_variant_builder_add (&b, "{sv}", "reference_method",
                         g_variant_new_string (
                           angio_reference_method_name (params->reference_method)));
  return g_variant_builder_end (&b);
}

/* What filter sizes are chosen with: the calibration @mm, or the nominal field over the
 * larger side of a @width × @height frame. */
static double
scale_for (double mm,
           guint  width,
           guint  height)
{
  if (isfinite (mm) && mm > 0)
    return mm;
  return NOMINAL_FIELD_MM / MAX (1, MAX (width, height));
}

static double
scale_of (AngioSeries *series)
{
  return scale_for (angio_series_get_mm_per_px (series), angio_series_get_cols (series),
                    angio_series_get_rows (series));
}

static AngioFrames
frames_of (AngioSeries *series)
{
  AngioFrames frames = { angio_series_get_frame (series, 0), angio_series_get_n_frames (series),
                         angio_series_get_cols (series), angio_series_get_rows (series), 0, 1 };

  angio_series_get_value_mapping (series, &frames.offset, &frames.scale);
  return frames;
}

static AngioImageF *
frame_image (const AngioFrames *frames,
             guint              index)
{
  AngioImageU16 view = angio_frames_get (frames, index);

  return angio_image_f_from_u16 (&view, 0, 0, view.width, view.height, frames->offset,
                                 frames->scale);
}

/* The sizes the algorithms use, from @params at @scale mm per pixel. */
static void
context_set_params (AngioFrameContext         *context,
                    double                     scale,
                    const AngioAnalysisParams *params)
{
  context->scale_mm_per_px = scale;
  angio_stenosis_params_init (&context->stenosis, params->vessel_min_mm / scale,
                              params->vessel_max_mm / scale);
  context->stenosis.min_reference_px = params->min_reference_mm / scale;
  context->stenosis.min_percent_ds = params->min_percent_ds;
  context->stenosis.max_lesions = params->max_lesions;
  context->stenosis.motion_tolerance_px = params->motion_tolerance_mm / scale;
  context->contrast_tolerance_px = params->contrast_tolerance_mm / scale;
  context->stenosis.qca.method = params->reference_method;
}

AngioFrameContext *
angio_frame_context_new (AngioSeries               *series,
                         guint                      frame,
                         guint                      n_background,
                         const AngioAnalysisParams *params)
{
  AngioFrameContext *context;
  AngioFrames frames;

  g_return_val_if_fail (ANGIO_IS_SERIES (series), NULL);
  g_return_val_if_fail (angio_series_is_complete (series), NULL);
  g_return_val_if_fail (frame < angio_series_get_n_frames (series), NULL);
  g_return_val_if_fail (params != NULL, NULL);

  frames = frames_of (series);
  context = g_new0 (AngioFrameContext, 1);
  context->frame = frame;
  context->image = frame_image (&frames, frame);
  context->mm_per_px = angio_series_get_mm_per_px (series);
  context_set_params (context, scale_of (series), params);

  n_background = MIN (n_background, frame);
  if (n_background > 0)
    {
      guint first = n_background > MAX_BACKGROUND_FRAMES ? n_background - MAX_BACKGROUND_FRAMES
                                                         : 0;
      gsize n = (gsize) frames.width * frames.height;

      context->background = angio_image_f_new (frames.width, frames.height);
      for (guint f = first; f < n_background; f++)
        {
          g_autoptr(AngioImageF) one = frame_image (&frames, f);

          for (gsize i = 0; i < n; i++)
            context->background->data[i] += one->data[i] / (n_background - first);
        }
    }
  return context;
}

AngioFrameContext *
angio_frame_context_new_for_image (AngioImageF               *image,
                                   double                     mm_per_px,
                                   const AngioAnalysisParams *params)
{
  AngioFrameContext *context;

  g_return_val_if_fail (image != NULL && params != NULL, NULL);

  context = g_new0 (AngioFrameContext, 1);
  context->image = image;
  context->mm_per_px = mm_per_px;
  context_set_params (context, scale_for (mm_per_px, image->width, image->height), params);
  return context;
}

void
angio_frame_context_free (AngioFrameContext *context)
{
  if (context == NULL)
    return;
  angio_image_f_free (context->image);
  angio_image_f_free (context->background);
  g_free (context);
}

AngioStenosis *
angio_frame_context_measure (AngioFrameContext  *context,
                             AngioPoint          from,
                             AngioPoint          to,
                             GError            **error)
{
  AngioStenosis *stenosis;

  g_return_val_if_fail (context != NULL, NULL);

  stenosis = angio_stenosis_measure (context->image, context->background, from, to,
                                     &context->stenosis, NULL, NULL);
  if (stenosis == NULL)
    g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_FAILED,
                 _("No vessel joins (%.0f, %.0f) and (%.0f, %.0f) on frame %u"),
                 from.x, from.y, to.x, to.y, context->frame);
  else if (!(stenosis->qca->ref_px - stenosis->qca->mld_px
             > MAX (stenosis->qca->diameter_sd_px, MIN_NARROWING * stenosis->qca->ref_px)))
    {
      /* Not a measurement of a narrowing: the vessel found is nowhere measurably narrower than
       * its own reference (another vessel followed, or healthy vessel between the points). */
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_FAILED,
                   _("No narrowing between (%.0f, %.0f) and (%.0f, %.0f) on frame %u: the "
                     "narrowest diameter found is not below the reference"),
                   from.x, from.y, to.x, to.y, context->frame);
      g_clear_pointer (&stenosis, angio_stenosis_free);
    }
  return stenosis;
}

AngioVesselContour *
angio_frame_context_redetect (AngioFrameContext    *context,
                              const AngioEdgeEdit  *edit,
                              GError              **error)
{
  AngioVesselContour *contour;

  g_return_val_if_fail (context != NULL && edit != NULL, NULL);

  contour = angio_stenosis_redetect_borders (context->image, context->background, edit,
                                             &context->stenosis);
  if (contour == NULL)
    g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                 _("The border cannot pass there: the point is outside the vessel segment or "
                   "across its centerline"));
  return contour;
}

/* Running */

static gboolean
is_cancelled (gpointer user_data)
{
  return g_cancellable_is_cancelled (user_data);
}

void
angio_analysis_free (AngioAnalysis *analysis)
{
  if (analysis == NULL)
    return;
  angio_key_frames_free (analysis->key_frames);
  angio_frame_context_free (analysis->context);
  g_clear_pointer (&analysis->lesions, g_ptr_array_unref);
  g_clear_pointer (&analysis->warnings, g_ptr_array_unref);
  g_free (analysis);
}

static double
elapsed_ms (gint64 since)
{
  return (g_get_monotonic_time () - since) / 1000.0;
}

/* The vesselness stenoses are looked for on: of the contrast (the frame against its eroded
 * background) when there is a background, which leaves out bones and the catheter wall; else
 * of the frame itself. Also what was tubular before the contrast came. */
static AngioVesselness *
detection_vesselness (AngioFrameContext   *context,
                      AngioImageF        **fixed,
                      const AngioProgress *progress)
{
  AngioVesselnessParams vp;
  g_autoptr(AngioImageF) contrast = NULL;

  angio_vesselness_params_init (&vp, context->stenosis.diameter_min_px,
                                context->stenosis.diameter_max_px);
  vp.n_scales = 5;
  if (context->background == NULL)
    return angio_vesselness_compute (context->image, &vp, progress);

  *fixed = angio_contrast_fixed_structures (context->background, &vp,
                                            context->contrast_tolerance_px, progress);
  contrast = angio_contrast_map (context->image, context->background,
                                 context->contrast_tolerance_px);
  vp.bright = TRUE;
  return angio_vesselness_compute (contrast, &vp, progress);
}

static gboolean
any_vessel (const AngioVesselness *v,
            double                 level)
{
  for (gsize i = 0; i < (gsize) v->response->width * v->response->height; i++)
    if (v->response->data[i] >= level)
      return TRUE;
  return FALSE;
}

static void
warn (AngioAnalysis *analysis,
      const char    *message)
{
  g_ptr_array_add (analysis->warnings, g_strdup (message));
}

/* The point of strongest vesselness within @radius of @p (@p itself when none). */
static AngioPoint
snap_to_vessel (const AngioVesselness *v,
                AngioPoint             p,
                double                 radius)
{
  const AngioImageF *r = v->response;
  AngioPoint best = p;
  double best_v = -1;
  int x0 = (int) floor (p.x - radius), x1 = (int) ceil (p.x + radius);
  int y0 = (int) floor (p.y - radius), y1 = (int) ceil (p.y + radius);

  for (int y = MAX (0, y0); y <= MIN ((int) r->height - 1, y1); y++)
    for (int x = MAX (0, x0); x <= MIN ((int) r->width - 1, x1); x++)
      {
        double dx = x - p.x, dy = y - p.y, value = r->data[(gsize) y * r->stride + x];

        if (dx * dx + dy * dy <= radius * radius && value > best_v)
          {
            best_v = value;
            best = (AngioPoint) { x, y };
          }
      }
  return best;
}

static double
distance (AngioPoint a,
          AngioPoint b)
{
  return hypot (a.x - b.x, a.y - b.y);
}

/* The QCA of @stenosis again with its MLD looked for only within @reach pixels (along the
 * centerline) of where the detector saw the narrowing, @at: the measured segment reaches well
 * beyond it, into tapering or branching vessel. */
static void
search_near (AngioStenosis        *stenosis,
             AngioPoint            at,
             double                reach,
             const AngioQcaParams *base)
{
  const AngioVesselContour *c = stenosis->contour;
  AngioQcaParams params = *base;
  AngioQca *qca;
  guint nearest = 0;
  gint span;

  for (guint i = 1; i < c->n; i++)
    if (distance (c->centerline[i], at) < distance (c->centerline[nearest], at))
      nearest = i;
  span = (gint) ceil (reach / c->step_px);
  params.search_prox = MAX (0, (gint) nearest - span);
  params.search_dist = MIN ((gint) c->n - 1, (gint) nearest + span);
  if (params.search_dist <= params.search_prox)
    return;
  qca = angio_qca_compute (c, &params);
  if (qca == NULL)
    return;
  angio_qca_free (stenosis->qca);
  stenosis->qca = qca;
}

/* A detection measured: the vessel through it, followed @half pixels each way along its
 * direction there, its borders and QCA. */
static AngioStenosis *
measure_detection (AngioFrameContext     *context,
                   const AngioVesselness *v,
                   const AngioDetection  *d,
                   const AngioProgress   *progress)
{
  const AngioStenosisParams *sp = &context->stenosis;
  double half = 1.25 * sp->diameter_max_px, angle;
  AngioPoint at, from, to;
  AngioStenosis *stenosis;

  at = snap_to_vessel (v, (AngioPoint) { d->x, d->y }, 3 + 0.25 * sp->diameter_max_px);
  angle = v->angle->data[(gsize) lround (at.y) * v->angle->stride + (gsize) lround (at.x)];
  from = snap_to_vessel (v, (AngioPoint) { at.x - half * cos (angle), at.y - half * sin (angle) },
                         0.3 * half);
  to = snap_to_vessel (v, (AngioPoint) { at.x + half * cos (angle), at.y + half * sin (angle) },
                       0.3 * half);
  if (distance (from, at) < 0.3 * half || distance (to, at) < 0.3 * half)
    return NULL;
  stenosis = angio_stenosis_measure (context->image, context->background, from, to, sp, NULL,
                                     progress);
  if (stenosis == NULL)
    return NULL;
  stenosis->confidence = d->confidence;
  search_near (stenosis, at, MAX (6.0, 0.4 * half), &sp->qca);
  return stenosis;
}

static gboolean
overlaps (const AngioStenosis *a,
          const AngioStenosis *b)
{
  double reach = MAX (a->qca->ref_px, b->qca->ref_px);

  return distance (angio_stenosis_center (a), angio_stenosis_center (b)) < 2 * reach;
}

/* The detector's proposals on the key frame, measured; those of a thinner vessel than the
 * minimum reference or milder than the minimum %DS are left out, as is a second measurement
 * of the same narrowing. Strongest first. */
static GPtrArray *
propose_lesions (AngioFrameContext     *context,
                 const AngioVesselness *v,
                 const AngioProgress   *progress,
                 GError               **error)
{
  g_autoptr(GPtrArray) lesions = NULL;
  g_autoptr(GArray) found = NULL;

  found = angio_detector_find (context->image, NULL, error);
  if (found == NULL)
    return NULL;
  lesions = g_ptr_array_new_with_free_func ((GDestroyNotify) angio_stenosis_free);
  for (guint i = 0; i < found->len && lesions->len < context->stenosis.max_lesions; i++)
    {
      g_autoptr(AngioStenosis) s = NULL;
      gboolean again = FALSE;

      if (angio_progress_cancelled (progress))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Analysis cancelled"));
          return NULL;
        }
      s = measure_detection (context, v, &g_array_index (found, AngioDetection, i), progress);
      if (s == NULL || s->qca->percent_ds < context->stenosis.min_percent_ds
          || s->qca->ref_px < context->stenosis.min_reference_px)
        continue;
      for (guint j = 0; j < lesions->len && !again; j++)
        again = overlaps (s, g_ptr_array_index (lesions, j));
      if (!again)
        g_ptr_array_add (lesions, g_steal_pointer (&s));
    }
  return g_steal_pointer (&lesions);
}

GPtrArray *
angio_frame_context_propose (AngioFrameContext  *context,
                             GCancellable       *cancellable,
                             GError            **error)
{
  AngioProgress progress = { is_cancelled, NULL, cancellable };
  g_autoptr(AngioVesselness) vesselness = NULL;
  g_autoptr(AngioImageF) fixed = NULL;

  g_return_val_if_fail (context != NULL, NULL);

  vesselness = detection_vesselness (context, &fixed, &progress);
  if (vesselness == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Analysis cancelled"));
      return NULL;
    }
  return propose_lesions (context, vesselness, &progress, error);
}

AngioKeyFrames *
angio_analysis_key_frames (AngioSeries               *series,
                           const AngioAnalysisParams *params,
                           GCancellable              *cancellable)
{
  g_autofree double *times = NULL;
  g_autofree guint *r_waves = NULL;
  AngioProgress progress = { is_cancelled, NULL, cancellable };
  AngioKeyFrameParams kp;
  AngioFrames frames;
  double scale;

  g_return_val_if_fail (ANGIO_IS_SERIES (series), NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (angio_series_is_complete (series), NULL);

  frames = frames_of (series);
  scale = scale_of (series);
  times = g_new (double, frames.n_frames);
  for (guint i = 0; i < frames.n_frames; i++)
    times[i] = angio_series_get_frame_time_ms (series, i);
  angio_key_frame_params_init (&kp, params->vessel_min_mm / scale, params->vessel_max_mm / scale);
  r_waves = angio_series_dup_r_wave_frames (series, &kp.n_end_diastolic);
  kp.end_diastolic_frames = r_waves;
  return angio_key_frames_compute (&frames, times, &kp, &progress);
}

AngioAnalysis *
angio_analysis_run (AngioSeries                *series,
                    const AngioAnalysisParams  *params,
                    GCancellable               *cancellable,
                    GError                    **error)
{
  g_autoptr(AngioAnalysis) analysis = NULL;
  g_autoptr(AngioVesselness) vesselness = NULL;
  g_autoptr(AngioImageF) fixed = NULL;
  g_autoptr(GError) detector_error = NULL;
  AngioProgress progress = { is_cancelled, NULL, cancellable };
  guint n_frames;
  gint64 start = g_get_monotonic_time (), step;

  g_return_val_if_fail (ANGIO_IS_SERIES (series), NULL);
  g_return_val_if_fail (params != NULL, NULL);

  if (!angio_series_is_complete (series))
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_FAILED,
                   _("“%s” is not fully decoded"), angio_series_get_path (series));
      return NULL;
    }
  analysis = g_new0 (AngioAnalysis, 1);
  analysis->params = *params;
  analysis->calibration = angio_series_get_calibration_method (series);
  analysis->warnings = g_ptr_array_new_with_free_func (g_free);
  analysis->decode_ms = angio_series_get_decode_ms (series);
  n_frames = angio_series_get_n_frames (series);

  step = g_get_monotonic_time ();
  analysis->key_frames = angio_analysis_key_frames (series, params, cancellable);
  if (analysis->key_frames == NULL)
    goto cancelled;
  analysis->keyframes_ms = elapsed_ms (step);

  step = g_get_monotonic_time ();
  analysis->context = angio_frame_context_new (series, analysis->key_frames->key_frames[0].frame,
                                               analysis->key_frames->n_background, params);
  vesselness = detection_vesselness (analysis->context, &fixed, &progress);
  if (vesselness == NULL)
    goto cancelled;
  analysis->vesselness_ms = elapsed_ms (step);

  step = g_get_monotonic_time ();
  analysis->lesions = propose_lesions (analysis->context, vesselness, &progress,
                                       &detector_error);
  if (analysis->lesions == NULL)
    {
      if (g_error_matches (detector_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        goto cancelled;
      warn (analysis, detector_error->message);
      analysis->lesions = g_ptr_array_new_with_free_func ((GDestroyNotify) angio_stenosis_free);
    }
  analysis->lesions_ms = elapsed_ms (step);
  analysis->total_ms = elapsed_ms (start);

  if (n_frames > 1 && !analysis->key_frames->has_contrast_change)
    warn (analysis, _("The contrast hardly changes over the run: key frames are ranked by "
                      "motion alone"));
  else if (n_frames > 1 && analysis->key_frames->n_background == 0)
    warn (analysis, _("No frame before the contrast arrives: bone edges and the catheter "
                      "cannot be told from vessels"));
  if (!any_vessel (vesselness, analysis->context->stenosis.vessel_high))
    warn (analysis, _("No vessel found"));
  else if (analysis->lesions->len == 0)
    {
      g_autofree char *text = g_strdup_printf (_("No stenosis of %.0f %% or more found"),
                                               params->min_percent_ds);
      warn (analysis, text);
    }
  return g_steal_pointer (&analysis);

cancelled:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Analysis cancelled"));
  return NULL;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;
  AngioAnalysis *analysis = angio_analysis_run (source_object, task_data, cancellable, &error);

  if (analysis == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, analysis, (GDestroyNotify) angio_analysis_free);
}

void
angio_analysis_run_async (AngioSeries               *series,
                          const AngioAnalysisParams *params,
                          GCancellable              *cancellable,
                          GAsyncReadyCallback        callback,
                          gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ANGIO_IS_SERIES (series));
  g_return_if_fail (params != NULL);

  task = g_task_new (series, cancellable, callback, user_data);
  g_task_set_source_tag (task, angio_analysis_run_async);
  g_task_set_task_data (task, g_memdup2 (params, sizeof *params), g_free);
  g_task_run_in_thread (task, run_thread);
}

AngioAnalysis *
angio_analysis_run_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == angio_analysis_run_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
