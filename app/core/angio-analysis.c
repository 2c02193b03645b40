/* angio-analysis.c — runs key-frame ranking and stenosis detection on a series. */
#define G_LOG_DOMAIN "angio-analysis"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "angio-analysis.h"
#include "angio-contrast.h"
#include "angio-series.h"
#include "angio-vesselness.h"

/* Without a calibration, filter sizes are chosen as if the field at the isocenter were this
 * wide (a 20 cm detector at the usual magnification). Nothing measured is ever given in mm on
 * that basis. */
#define NOMINAL_FIELD_MM 150.0
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
  g_variant_builder_add (&b, "{sv}", "reference_method",
                         g_variant_new_string (
                           angio_reference_method_name (params->reference_method)));
  return g_variant_builder_end (&b);
}

static double
scale_of (AngioSeries *series)
{
  double mm = angio_series_get_mm_per_px (series);

  if (isfinite (mm) && mm > 0)
    return mm;
  return NOMINAL_FIELD_MM / MAX (1, MAX (angio_series_get_rows (series),
                                         angio_series_get_cols (series)));
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

AngioFrameContext *
angio_frame_context_new (AngioSeries               *series,
                         guint                      frame,
                         guint                      n_background,
                         const AngioAnalysisParams *params)
{
  AngioFrameContext *context;
  AngioFrames frames;
  double scale;

  g_return_val_if_fail (ANGIO_IS_SERIES (series), NULL);
  g_return_val_if_fail (angio_series_is_complete (series), NULL);
  g_return_val_if_fail (frame < angio_series_get_n_frames (series), NULL);
  g_return_val_if_fail (params != NULL, NULL);

  frames = frames_of (series);
  scale = scale_of (series);
  context = g_new0 (AngioFrameContext, 1);
  context->frame = frame;
  context->image = frame_image (&frames, frame);
  context->mm_per_px = angio_series_get_mm_per_px (series);
  context->scale_mm_per_px = scale;

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

  angio_stenosis_params_init (&context->stenosis, params->vessel_min_mm / scale,
                              params->vessel_max_mm / scale);
  context->stenosis.min_reference_px = params->min_reference_mm / scale;
  context->stenosis.min_percent_ds = params->min_percent_ds;
  context->stenosis.max_lesions = params->max_lesions;
  context->stenosis.motion_tolerance_px = params->motion_tolerance_mm / scale;
  context->contrast_tolerance_px = params->contrast_tolerance_mm / scale;
  context->stenosis.qca.method = params->reference_method;
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

void
angio_analysis_key_frame_params (AngioSeries               *series,
                                 const AngioAnalysisParams *params,
                                 AngioKeyFrameParams       *out)
{
  double scale;

  g_return_if_fail (ANGIO_IS_SERIES (series));
  g_return_if_fail (params != NULL && out != NULL);

  scale = scale_of (series);
  angio_key_frame_params_init (out, params->vessel_min_mm / scale, params->vessel_max_mm / scale);
}

AngioKeyFrames *
angio_analysis_key_frames (AngioSeries               *series,
                           const AngioAnalysisParams *params,
                           GCancellable              *cancellable)
{
  g_autofree double *times = NULL;
  AngioProgress progress = { is_cancelled, NULL, cancellable };
  AngioKeyFrameParams kp;
  AngioFrames frames;

  g_return_val_if_fail (ANGIO_IS_SERIES (series), NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (angio_series_is_complete (series), NULL);

  frames = frames_of (series);
  times = g_new (double, frames.n_frames);
  for (guint i = 0; i < frames.n_frames; i++)
    times[i] = angio_series_get_frame_time_ms (series, i);
  angio_analysis_key_frame_params (series, params, &kp);
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
  {
    AngioStenosisScene scene = {
      analysis->context->image, analysis->context->background, vesselness, NULL, fixed,
      analysis->key_frames->arrival_ms, analysis->key_frames->factor,
    };

    analysis->lesions = angio_stenosis_find (&scene, &analysis->context->stenosis, &progress);
  }
  if (analysis->lesions == NULL)
    goto cancelled;
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
