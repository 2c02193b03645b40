/* angio-series.c — a multi-frame acquisition and the interpretation of its metadata.
 *
 * The frames live in a FrameStore shared by the series and the thread that follows the
 * decoder: the series can be dropped while decoding runs (the thread then stops), and the
 * thread never touches the GObject, only posts notifications to the caller's main context.
 */
#define G_LOG_DOMAIN "angio-series"

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/mman.h>

#include <glib/gi18n-lib.h>

#include "angio-calibration.h"
#include "angio-series.h"
#include "angio-series-loader.h"

typedef struct {
  gatomicrefcount ref;
  GCancellable *cancellable;
  GMutex lock;
  AngioDicomMeta *meta;
  const guint16 *frames;
  gsize bytes;
  gint *ready;              /* atomic, one per frame */
  gint n_ready;             /* atomic */
  gint complete;            /* atomic; error and times are set before it */
  GError *error;
  gint64 start_us;
  double first_frame_ms;
  double decode_ms;
} FrameStore;

struct _AngioSeries
{
  GObject parent_instance;

  FrameStore *store;
  char *path;
  double *frame_times_ms;
  AngioFrameTimeSource time_source;
  double fps;
  double mm_per_px;
  AngioCalibrationMethod calibration;
  double value_offset;
  double value_scale;
  guint16 max_value;

  /* Progress reporting (main context) */
  GMainContext *context;
  gint sync_pending;            /* atomic */
  gboolean delivered;           /* the caller has the series */
  guint notified_ready;
  gboolean finished_emitted;
};

G_DEFINE_FINAL_TYPE (AngioSeries, angio_series, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_N_FRAMES,
  PROP_N_FRAMES_READY,
  PROP_COMPLETE,
  N_PROPS
};

enum {
  LOAD_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* FrameStore */

static FrameStore *
frame_store_new (void)
{
  FrameStore *store = g_new0 (FrameStore, 1);

  g_atomic_ref_count_init (&store->ref);
  g_mutex_init (&store->lock);
  store->cancellable = g_cancellable_new ();
  store->start_us = g_get_monotonic_time ();
  store->first_frame_ms = NAN;
  store->decode_ms = NAN;
  return store;
}

static FrameStore *
frame_store_ref (FrameStore *store)
{
  g_atomic_ref_count_inc (&store->ref);
  return store;
}

static void
frame_store_unref (FrameStore *store)
{
  if (!g_atomic_ref_count_dec (&store->ref))
    return;
  if (store->frames != NULL)
    munmap ((void *) store->frames, store->bytes);
  angio_dicom_meta_free (store->meta);
  g_free (store->ready);
  g_clear_error (&store->error);
  g_object_unref (store->cancellable);
  g_mutex_clear (&store->lock);
  g_free (store);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FrameStore, frame_store_unref)

static double
elapsed_ms (FrameStore *store)
{
  return (g_get_monotonic_time () - store->start_us) / 1000.0;
}

static void
frame_store_take (FrameStore  *store,
                  AngioLoader *loader)
{
  store->meta = angio_loader_steal_meta (loader);
  store->frames = angio_loader_steal_frames (loader, &store->bytes);
  store->ready = g_new0 (gint, store->meta->frames);
}

static void
frame_store_mark_ready (FrameStore *store,
                        guint       index)
{
  if (index == 0)
    {
      g_mutex_lock (&store->lock);
      store->first_frame_ms = elapsed_ms (store);
      g_mutex_unlock (&store->lock);
    }
  if (g_atomic_int_compare_and_exchange (&store->ready[index], 0, 1))
    g_atomic_int_inc (&store->n_ready);
}

/* Takes @error (may be NULL). */
static void
frame_store_finish (FrameStore *store,
                    GError     *error)
{
  g_mutex_lock (&store->lock);
  store->error = error;
  store->decode_ms = elapsed_ms (store);
  g_mutex_unlock (&store->lock);
  g_atomic_int_set (&store->complete, 1);
}

/* Interpretation of the metadata */

static gboolean
valid_interval (double ms)
{
  return isfinite (ms) && ms > 0 && ms <= 10000;
}

/* Frame Time Vector: increments, the first one (for frame 1) conventionally 0. Some writers
 * omit that first value; both forms are accepted. */
static gboolean
times_from_vector (const AngioDicomMeta *meta,
                   double               *times)
{
  const GArray *v = meta->frame_time_vector_ms;
  guint n = meta->frames;
  guint skip;
  double t = 0;

  if (v == NULL || (v->len != n && v->len + 1 != n))
    return FALSE;
  skip = v->len == n ? 1 : 0;
  times[0] = 0;
  for (guint i = 1; i < n; i++)
    {
      double dt = g_array_index (v, double, i - 1 + skip);

      if (!valid_interval (dt))
        return FALSE;
      t += dt;
      times[i] = t;
    }
  return n > 1;
}

static gboolean
times_from_acquisition (const AngioDicomMeta *meta,
                        double               *times)
{
  const GArray *v = meta->frame_acquisition_ms;

  if (v == NULL || v->len != meta->frames || meta->frames < 2)
    return FALSE;
  for (guint i = 0; i < meta->frames; i++)
    {
      times[i] = g_array_index (v, double, i);
      if (!isfinite (times[i]) || (i > 0 && times[i] <= times[i - 1]))
        return FALSE;
    }
  return times[meta->frames - 1] / (meta->frames - 1) <= 10000;
}

static void
times_from_interval (guint   n,
                     double  interval_ms,
                     double *times)
{
  for (guint i = 0; i < n; i++)
    times[i] = i * interval_ms;
}

static AngioFrameTimeSource
compute_frame_times (const AngioDicomMeta *meta,
                     double               *times)
{
  guint n = meta->frames;
  gboolean pointer_says_vector = meta->frame_increment_pointer == 0x00181065;

  /* The Frame Increment Pointer says which attribute is authoritative. */
  if (pointer_says_vector && times_from_vector (meta, times))
    return ANGIO_FRAME_TIME_FRAME_TIME_VECTOR;
  if (valid_interval (meta->frame_time_ms))
    {
      times_from_interval (n, meta->frame_time_ms, times);
      return ANGIO_FRAME_TIME_FRAME_TIME;
    }
  if (times_from_vector (meta, times))
    return ANGIO_FRAME_TIME_FRAME_TIME_VECTOR;
  if (times_from_acquisition (meta, times))
    return ANGIO_FRAME_TIME_ACQUISITION_DATETIME;
  if (valid_interval (1000.0 / meta->cine_rate))
    {
      times_from_interval (n, 1000.0 / meta->cine_rate, times);
      return ANGIO_FRAME_TIME_CINE_RATE;
    }
  if (valid_interval (1000.0 / meta->recommended_display_frame_rate))
    {
      times_from_interval (n, 1000.0 / meta->recommended_display_frame_rate, times);
      return ANGIO_FRAME_TIME_RECOMMENDED_DISPLAY_FRAME_RATE;
    }
  times_from_interval (n, 1000.0 / ANGIO_ASSUMED_FPS, times);
  return ANGIO_FRAME_TIME_ASSUMED;
}

static gboolean
valid_spacing (double mm)
{
  return isfinite (mm) && mm >= 0.005 && mm <= 5.0;
}

/* Mean of row and column spacing when both are given, else the one given. */
static double
spacing (const double pair[2])
{
  if (valid_spacing (pair[0]) && valid_spacing (pair[1]))
    return (pair[0] + pair[1]) / 2;
  return valid_spacing (pair[0]) ? pair[0] : NAN;
}

static AngioCalibrationMethod
compute_calibration (const AngioDicomMeta *meta,
                     double               *mm_per_px)
{
  double imager = spacing (meta->imager_pixel_spacing_mm);
  double pixel = spacing (meta->pixel_spacing_mm);
  double sid = meta->sid_mm, sod = meta->sod_mm, factor = meta->magnification_factor;

  *mm_per_px = angio_calibration_isocenter (imager, sid, sod);
  if (isfinite (*mm_per_px))
    return ANGIO_CALIBRATION_ISOCENTER;
  if (isfinite (pixel))
    {
      *mm_per_px = pixel;
      return ANGIO_CALIBRATION_PIXEL_SPACING;
    }
  *mm_per_px = angio_calibration_magnification (imager, factor);
  if (isfinite (*mm_per_px))
    return ANGIO_CALIBRATION_MAGNIFICATION;
  *mm_per_px = NAN;
  return ANGIO_CALIBRATION_NONE;
}

/* @context: where progress is reported (the caller's thread-default context). */
static AngioSeries *
angio_series_new (const char   *path,
                  FrameStore   *store,
                  GMainContext *context)
{
  AngioSeries *self = g_object_new (ANGIO_TYPE_SERIES, "path", path, NULL);
  const AngioDicomMeta *meta = store->meta;
  double range;

  self->store = frame_store_ref (store);
  self->context = g_main_context_ref (context);
  self->frame_times_ms = g_new0 (double, meta->frames);
  self->time_source = compute_frame_times (meta, self->frame_times_ms);
  if (meta->frames > 1)
    self->fps = (meta->frames - 1) * 1000.0 / self->frame_times_ms[meta->frames - 1];
  else
    self->fps = valid_interval (meta->frame_time_ms) ? 1000.0 / meta->frame_time_ms
                                                     : ANGIO_ASSUMED_FPS;
  self->calibration = compute_calibration (meta, &self->mm_per_px);
  angio_dicom_meta_value_mapping (meta, &self->value_offset, &self->value_scale);
  range = (ldexp (1.0, (int) meta->bits_stored) - 1) * fabs (meta->rescale_slope)
          / fabs (self->value_scale);
  self->max_value = (guint16) CLAMP (round (range), 1, 65535);
  return self;
}

/* GObject */

static void
angio_series_finalize (GObject *object)
{
  AngioSeries *self = ANGIO_SERIES (object);

  if (self->store != NULL)
    {
      g_cancellable_cancel (self->store->cancellable);
      frame_store_unref (self->store);
    }
  g_free (self->path);
  g_free (self->frame_times_ms);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (angio_series_parent_class)->finalize (object);
}

static void
angio_series_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AngioSeries *self = ANGIO_SERIES (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_N_FRAMES:
      g_value_set_uint (value, angio_series_get_n_frames (self));
      break;
    case PROP_N_FRAMES_READY:
      g_value_set_uint (value, angio_series_get_n_frames_ready (self));
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, angio_series_is_complete (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_series_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  AngioSeries *self = ANGIO_SERIES (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_series_class_init (AngioSeriesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = angio_series_finalize;
  object_class->get_property = angio_series_get_property;
  object_class->set_property = angio_series_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_FRAMES] =
    g_param_spec_uint ("n-frames", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_FRAMES_READY] =
    g_param_spec_uint ("n-frames-ready", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AngioSeries::load-finished:
   * @error: (nullable): why decoding stopped early, or %NULL when every frame is decoded
   */
  signals[LOAD_FINISHED] =
    g_signal_new ("load-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
angio_series_init (AngioSeries *self)
{
  self->mm_per_px = NAN;
}

/* Loading */

AngioSeries *
angio_series_load (const char    *path,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(AngioLoader) loader = NULL;
  g_autoptr(FrameStore) store = frame_store_new ();
  g_autoptr(AngioSeries) series = NULL;
  AngioLoaderEvent event;

  g_return_val_if_fail (path != NULL, NULL);

  loader = angio_loader_start (path, error);
  if (loader == NULL)
    return NULL;
  while (angio_loader_next (loader, cancellable, &event, error))
    {
      switch (event.type)
        {
        case ANGIO_LOADER_META:
          frame_store_take (store, loader);
          {
            g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
            series = angio_series_new (path, store, context);
          }
          break;
        case ANGIO_LOADER_FRAME:
          frame_store_mark_ready (store, event.frame);
          break;
        case ANGIO_LOADER_DONE:
          if (series == NULL || (guint) g_atomic_int_get (&store->n_ready) != store->meta->frames)
            {
              g_autofree char *name = g_filename_display_name (path);
              g_set_error (error, ANGIO_DICOM_ERROR, ANGIO_DICOM_ERROR_CRASHED,
                           _("%s: the DICOM decoder finished without every frame"), name);
              return NULL;
            }
          frame_store_finish (store, NULL);
          series->finished_emitted = TRUE;
          return g_steal_pointer (&series);
        }
    }
  return NULL;
}

AngioSeries *
angio_series_probe (const char    *path,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(AngioLoader) loader = NULL;
  g_autoptr(FrameStore) store = frame_store_new ();
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  AngioLoaderEvent event;

  g_return_val_if_fail (path != NULL, NULL);

  loader = angio_loader_start (path, error);
  if (loader == NULL)
    return NULL;
  while (angio_loader_next (loader, cancellable, &event, error))
    if (event.type == ANGIO_LOADER_META)
      {
        frame_store_take (store, loader);
        return angio_series_new (path, store, context);
      }
  return NULL;
}

typedef struct {
  char *path;
  GTask *task;
  GMainContext *context;
  FrameStore *store;
  GWeakRef series;
  gulong cancel_handler;
  GCancellable *user_cancellable;
} OpenJob;

static void
open_job_free (OpenJob *job)
{
  g_free (job->path);
  g_clear_object (&job->task);
  g_main_context_unref (job->context);
  frame_store_unref (job->store);
  g_weak_ref_clear (&job->series);
  g_clear_object (&job->user_cancellable);
  g_free (job);
}

/* Main context: tell observers what the decoder did since last time. Nothing is said before
 * the open callback has the series, so a handler connected there sees every change. */
static gboolean
sync_progress (gpointer data)
{
  g_autoptr(AngioSeries) self = g_weak_ref_get (data);

  if (self == NULL)
    return G_SOURCE_REMOVE;
  g_atomic_int_set (&self->sync_pending, 0);
  if (!self->delivered)
    return G_SOURCE_REMOVE;
  if (self->notified_ready != angio_series_get_n_frames_ready (self))
    {
      self->notified_ready = angio_series_get_n_frames_ready (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FRAMES_READY]);
    }
  if (angio_series_is_complete (self) && !self->finished_emitted)
    {
      self->finished_emitted = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
      g_signal_emit (self, signals[LOAD_FINISHED], 0, self->store->error);
    }
  return G_SOURCE_REMOVE;
}

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* Any thread. Always deferred to the series' context, even when no loop runs there. */
static void
schedule_sync (AngioSeries *self)
{
  g_autoptr(GSource) source = NULL;
  GWeakRef *weak;

  if (!g_atomic_int_compare_and_exchange (&self->sync_pending, 0, 1))
    return;
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_set_callback (source, sync_progress, weak, free_weak_ref);
  g_source_set_static_name (source, "[angiomark] series progress");
  g_source_attach (source, self->context);
}

static void
schedule_notify (OpenJob *job)
{
  g_autoptr(AngioSeries) series = g_weak_ref_get (&job->series);

  if (series != NULL)
    schedule_sync (series);
}

static void
cancel_store (GCancellable *cancellable,
              FrameStore   *store)
{
  g_cancellable_cancel (store->cancellable);
}

static gpointer
open_thread (gpointer data)
{
  OpenJob *job = data;
  g_autoptr(AngioLoader) loader = NULL;
  g_autoptr(AngioSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  AngioLoaderEvent event;
  gboolean returned = FALSE;

  loader = angio_loader_start (job->path, &error);
  while (loader != NULL && angio_loader_next (loader, job->store->cancellable, &event, &error))
    {
      if (event.type == ANGIO_LOADER_META)
        {
          frame_store_take (job->store, loader);
          series = angio_series_new (job->path, job->store, job->context);
          g_weak_ref_set (&job->series, series);
          continue;
        }
      if (event.type == ANGIO_LOADER_FRAME)
        frame_store_mark_ready (job->store, event.frame);
      else
        frame_store_finish (job->store, NULL);
      if (!returned && series != NULL && angio_series_is_frame_ready (series, 0))
        {
          g_task_return_pointer (job->task, g_steal_pointer (&series), g_object_unref);
          returned = TRUE;
        }
      else
        schedule_notify (job);
      if (event.type == ANGIO_LOADER_DONE)
        break;
    }

  if (error != NULL && !returned)
    g_task_return_error (job->task, g_steal_pointer (&error));
  else if (error != NULL)
    {
      frame_store_finish (job->store, g_steal_pointer (&error));
      schedule_notify (job);
    }
  if (job->user_cancellable != NULL)
    g_cancellable_disconnect (job->user_cancellable, job->cancel_handler);
  open_job_free (job);
  return NULL;
}

void
angio_series_open_async (const char          *path,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  OpenJob *job;

  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (OpenJob, 1);
  job->path = g_strdup (path);
  job->task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, angio_series_open_async);
  job->context = g_main_context_ref_thread_default ();
  job->store = frame_store_new ();
  g_weak_ref_init (&job->series, NULL);
  if (cancellable != NULL)
    {
      job->user_cancellable = g_object_ref (cancellable);
      job->cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_store),
                                                   frame_store_ref (job->store),
                                                   (GDestroyNotify) frame_store_unref);
    }
  g_thread_unref (g_thread_new ("angiomark-open", open_thread, job));
}

AngioSeries *
angio_series_open_finish (GAsyncResult  *result,
                          GError       **error)
{
  AngioSeries *self;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == angio_series_open_async,
                        NULL);

  self = g_task_propagate_pointer (G_TASK (result), error);
  if (self != NULL)
    {
      self->delivered = TRUE;
      schedule_sync (self);
    }
  return self;
}

void
angio_series_cancel_load (AngioSeries *self)
{
  g_return_if_fail (ANGIO_IS_SERIES (self));

  g_cancellable_cancel (self->store->cancellable);
}

/* Accessors */

const char *
angio_series_get_path (AngioSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_SERIES (self), NULL);

  return self->path;
}

const AngioDicomMeta *
angio_series_get_meta (AngioSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_SERIES (self), NULL);

  return self->store->meta;
}

guint
angio_series_get_n_frames (AngioSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_SERIES (self), 0);

  return self->store->meta->frames;
}

guint
angio_series_get_rows (AngioSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_SERIES (self), 0);

  return self->store->meta->rows;
}

guint
angio_series_get_cols (AngioSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_SERIES (self), 0);

  return self->store->meta->cols;
}

guint
angio_series_get_n_frames_ready (AngioSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_SERIES (self), 0);

  return (guint) g_atomic_int_get (&self->store->n_ready);
}

gboolean
angio_series_is_frame_ready (AngioSeries *self,
                             guint        index)
{
  g_return_val_if_fail (ANGIO_IS_SERIES (self), FALSE);

  return index < self->store->meta->frames && g_atomic_int_get (&self->store->ready[index]);
}

gboolean
angio_series_is_complete (AngioSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_SERIES (self), FALSE);

  return g_atomic_int_get (&self->store->complete);
}

const GError *
angio_series_get_load_error (AngioSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_SERIES (self), NULL);

  return angio_series_is_complete (self) ? self->store->error : NULL;
}

double
angio_series_get_first_frame_ms (AngioSeries *self)
{
  double ms;

  g_return_val_if_fail (ANGIO_IS_SERIES (self), NAN);

  g_mutex_lock (&self->store->lock);
  ms = self->store->first_frame_ms;
  g_mutex_unlock (&self->store->lock);
  return ms;
}

double
angio_series_get_decode_ms (AngioSeries *self)
{
  double ms;

  g_return_val_if_fail (ANGIO_IS_SERIES (self), NAN);

  g_mutex_lock (&self->store->lock);
  ms = self->store->decode_ms;
  g_mutex_unlock (&self->store->lock);
  return ms;
}

const guint16 *
angio_series_get_frame (AngioSeries *self,
                        guint        index)
{
  g_return_val_if_fail (ANGIO_IS_SERIES (self), NULL);

  if (!angio_series_is_frame_ready (self, index))
    return NULL;
  return self->store->frames + (gsize) index * self->store->meta->rows * self->store->meta->cols;
}

double
angio_series_get_frame_time_ms (AngioSeries *self,
                                guint        index)
{
  g_return_val_if_fail (ANGIO_IS_SERIES (self), NAN);
  g_return_val_if_fail (index < self->store->meta->frames, NAN);

  return self->frame_times_ms[index];
}

guint *
angio_series_dup_r_wave_frames (AngioSeries *self,
                                guint       *n_frames)
{
  const GArray *r = NULL;
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_val_if_fail (ANGIO_IS_SERIES (self), NULL);
  g_return_val_if_fail (n_frames != NULL, NULL);

  r = self->store->meta->r_wave_frames;
  for (guint i = 0; r != NULL && i < r->len; i++)
    {
      double number = g_array_index (r, double, i);
      guint frame = isfinite (number) && number >= 1 ? (guint) number - 1 : G_MAXUINT;

      /* Frame numbers start at 1; anything else is not a frame of this run. */
      if (isfinite (number) && number >= 1 && number <= self->store->meta->frames
          && number == floor (number)
          && (frames->len == 0
              || g_array_index (frames, guint, frames->len - 1) < (guint) number - 1))
        g_array_append_val (frames, frame);
    }
  *n_frames = frames->len;
  return frames->len > 0 ? (guint *) g_array_free (g_steal_pointer (&frames), FALSE) : NULL;
}

/* From the start of the first frame to the end of the last one. */
double
angio_series_get_duration_ms (AngioSeries *self)
{
  guint n;

  g_return_val_if_fail (ANGIO_IS_SERIES (self), NAN);

  n = self->store->meta->frames;
  return self->frame_times_ms[n - 1] + 1000.0 / self->fps;
}

double
angio_series_get_fps (AngioSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_SERIES (self), NAN);

  return self->fps;
}

AngioFrameTimeSource
angio_series_get_frame_time_source (AngioSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_SERIES (self), ANGIO_FRAME_TIME_ASSUMED);

  return self->time_source;
}

double
angio_series_get_mm_per_px (AngioSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_SERIES (self), NAN);

  return self->mm_per_px;
}

AngioCalibrationMethod
angio_series_get_calibration_method (AngioSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_SERIES (self), ANGIO_CALIBRATION_NONE);

  return self->calibration;
}

void
angio_series_get_value_mapping (AngioSeries *self,
                                double      *offset,
                                double      *scale)
{
  g_return_if_fail (ANGIO_IS_SERIES (self));

  if (offset != NULL)
    *offset = self->value_offset;
  if (scale != NULL)
    *scale = self->value_scale;
}

guint16
angio_series_get_max_value (AngioSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_SERIES (self), 0);

  return self->max_value;
}

gboolean
angio_series_get_default_window (AngioSeries *self,
                                 double      *center,
                                 double      *width)
{
  const AngioDicomMeta *meta;

  g_return_val_if_fail (ANGIO_IS_SERIES (self), FALSE);

  meta = self->store->meta;
  if (!isfinite (meta->window_center) || !isfinite (meta->window_width))
    return FALSE;
  if (center != NULL)
    *center = (meta->window_center - self->value_offset) / self->value_scale;
  if (width != NULL)
    *width = meta->window_width / fabs (self->value_scale);
  return TRUE;
}
