/* angio-case-series.c — a series with its key frames, lesions, opacification curve and
 * calibration; JSON both ways. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "angio-case-series.h"
#include "angio-enum-types.h"
#include "angio-ffr.h"
#include "angio-json.h"
#include "angio-key-frame.h"
#include "angio-lesion.h"
#include "angio-series.h"

struct _AngioCaseSeries {
  GObject parent_instance;
  AngioSeries *series;            /* nullable until the run is opened */
  char *id;
  char *path;
  char *series_uid;
  guint n_frames, rows, cols;
  GArray *frame_time_ms;          /* of double */
  double file_mm_per_px;
  AngioCalibrationMethod file_calibration;
  AngioCalibrationMethod user_calibration;  /* NONE: the file's stands */
  double user_mm_per_px;
  double catheter_french;
  double velocity_mm_s;
  GListStore *key_frames;
  GListStore *lesions;
  double *opacification;
  guint n_opacification;
  gboolean analysed;
  guint n_background;             /* frames before the contrast, for guided measurements */
  AngioFrameContext *context;     /* one frame of @series prepared for measuring */
  guint context_background;       /* the n_background it was prepared with */
  GArray *redactions;             /* of AngioDicomRect: blacked out before export */
};

G_DEFINE_FINAL_TYPE (AngioCaseSeries, angio_case_series, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_OPACIFICATION,   /* notified when the curve changes; read it with the getter */
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (AngioCaseSeries *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
angio_case_series_dispose (GObject *object)
{
  AngioCaseSeries *self = ANGIO_CASE_SERIES (object);

  g_clear_object (&self->series);
  g_clear_pointer (&self->context, angio_frame_context_free);
  g_clear_object (&self->key_frames);
  g_clear_object (&self->lesions);
  G_OBJECT_CLASS (angio_case_series_parent_class)->dispose (object);
}

static void
angio_case_series_finalize (GObject *object)
{
  AngioCaseSeries *self = ANGIO_CASE_SERIES (object);

  g_free (self->opacification);
  g_free (self->id);
  g_free (self->path);
  g_free (self->series_uid);
  g_clear_pointer (&self->frame_time_ms, g_array_unref);
  g_clear_pointer (&self->redactions, g_array_unref);
  G_OBJECT_CLASS (angio_case_series_parent_class)->finalize (object);
}

static void
angio_case_series_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AngioCaseSeries *self = ANGIO_CASE_SERIES (object);

  switch (prop_id)
    {
    case PROP_OPACIFICATION:
      g_value_set_uint (value, self->n_opacification);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_case_series_class_init (AngioCaseSeriesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = angio_case_series_dispose;
  object_class->finalize = angio_case_series_finalize;
  object_class->get_property = angio_case_series_get_property;

  /* The number of frames of the opacification curve (0 before the analysis). */
  properties[PROP_OPACIFICATION] =
    g_param_spec_uint ("opacification", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AngioCaseSeries::changed:
   * Anything of it changed: key frames or lesions added, removed or reviewed, a lesion
   * measured again, the calibration, the curve. Views redraw.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

/* Edits of the items themselves (status, QCA, vessel) are changes of the series. */
static void
on_items_changed (GListModel      *model,
                  guint            position,
                  guint            removed,
                  guint            added,
                  AngioCaseSeries *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      g_signal_connect_object (item, "notify", G_CALLBACK (emit_changed), self,
                               G_CONNECT_SWAPPED);
    }
  emit_changed (self);
}

static void
angio_case_series_init (AngioCaseSeries *self)
{
  self->redactions = g_array_new (FALSE, FALSE, sizeof (AngioDicomRect));
  self->key_frames = g_list_store_new (ANGIO_TYPE_KEY_FRAME);
  self->lesions = g_list_store_new (ANGIO_TYPE_LESION);
  self->frame_time_ms = g_array_new (FALSE, FALSE, sizeof (double));
  self->file_mm_per_px = self->user_mm_per_px = self->catheter_french = NAN;
  self->velocity_mm_s = NAN;
  g_signal_connect_object (self->key_frames, "items-changed", G_CALLBACK (on_items_changed),
                           self, 0);
  g_signal_connect_object (self->lesions, "items-changed", G_CALLBACK (on_items_changed),
                           self, 0);
}

static void
take_series_meta (AngioCaseSeries *self,
                  AngioSeries     *series)
{
  const AngioDicomMeta *meta = angio_series_get_meta (series);

  g_free (self->path);
  self->path = g_strdup (angio_series_get_path (series));
  g_free (self->series_uid);
  self->series_uid = g_strdup (meta->series_instance_uid);
  self->n_frames = angio_series_get_n_frames (series);
  self->rows = angio_series_get_rows (series);
  self->cols = angio_series_get_cols (series);
  self->file_mm_per_px = angio_series_get_mm_per_px (series);
  self->file_calibration = angio_series_get_calibration_method (series);
  g_array_set_size (self->frame_time_ms, 0);
  for (guint i = 0; i < self->n_frames; i++)
    {
      double t = angio_series_get_frame_time_ms (series, i);

      g_array_append_val (self->frame_time_ms, t);
    }
}

AngioCaseSeries *
angio_case_series_new (AngioSeries *series)
{
  AngioCaseSeries *self;

  g_return_val_if_fail (ANGIO_IS_SERIES (series), NULL);

  self = g_object_new (ANGIO_TYPE_CASE_SERIES, NULL);
  self->series = g_object_ref (series);
  self->id = g_strdup ("s1");
  take_series_meta (self, series);
  return self;
}

AngioCaseSeries *
angio_case_series_new_described (AngioSeries *series)
{
  AngioCaseSeries *self = angio_case_series_new (series);

  g_clear_object (&self->series);
  return self;
}

AngioSeries *
angio_case_series_get_series (AngioCaseSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), NULL);
  return self->series;
}

gboolean
angio_case_series_set_series (AngioCaseSeries  *self,
                              AngioSeries      *series,
                              GError          **error)
{
  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), FALSE);
  g_return_val_if_fail (ANGIO_IS_SERIES (series), FALSE);

  if (self->n_frames != 0 &&
      (angio_series_get_n_frames (series) != self->n_frames ||
       angio_series_get_rows (series) != self->rows ||
       angio_series_get_cols (series) != self->cols))
    {
      g_autofree char *name = g_filename_display_name (angio_series_get_path (series));

      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("%s: %u frames of %u × %u pixels, but the case was annotated on %u frames "
                     "of %u × %u: the file has changed"), name,
                   angio_series_get_n_frames (series), angio_series_get_cols (series),
                   angio_series_get_rows (series), self->n_frames, self->cols, self->rows);
      return FALSE;
    }
  if (self->series != series)
    g_clear_pointer (&self->context, angio_frame_context_free);
  g_set_object (&self->series, series);
  take_series_meta (self, series);
  emit_changed (self);
  return TRUE;
}

const char *
angio_case_series_get_id (AngioCaseSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), NULL);
  return self->id;
}

void
angio_case_series_set_id (AngioCaseSeries *self,
                          const char      *id)
{
  g_return_if_fail (ANGIO_IS_CASE_SERIES (self));
  g_free (self->id);
  self->id = g_strdup (id);
}

const char *
angio_case_series_get_path (AngioCaseSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), NULL);
  return self->path;
}

const char *
angio_case_series_get_series_uid (AngioCaseSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), NULL);
  return self->series_uid;
}

guint
angio_case_series_get_n_frames (AngioCaseSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), 0);
  return self->n_frames;
}

GListModel *
angio_case_series_get_key_frames (AngioCaseSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), NULL);
  return G_LIST_MODEL (self->key_frames);
}

GListModel *
angio_case_series_get_lesions (AngioCaseSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), NULL);
  return G_LIST_MODEL (self->lesions);
}

const double *
angio_case_series_get_opacification (AngioCaseSeries *self,
                                     guint           *n_frames)
{
  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), NULL);

  if (n_frames != NULL)
    *n_frames = self->n_opacification;
  return self->opacification;
}

gboolean
angio_case_series_get_analysed (AngioCaseSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), FALSE);
  return self->analysed;
}

double
angio_case_series_get_mm_per_px (AngioCaseSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), NAN);
  return self->user_calibration != ANGIO_CALIBRATION_NONE ? self->user_mm_per_px
                                                          : self->file_mm_per_px;
}

AngioCalibrationMethod
angio_case_series_get_calibration (AngioCaseSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), ANGIO_CALIBRATION_NONE);
  return self->user_calibration != ANGIO_CALIBRATION_NONE ? self->user_calibration
                                                          : self->file_calibration;
}

double
angio_case_series_get_catheter_french (AngioCaseSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), NAN);
  return self->user_calibration == ANGIO_CALIBRATION_CATHETER ? self->catheter_french : NAN;
}

void
angio_case_series_set_calibration (AngioCaseSeries        *self,
                                   AngioCalibrationMethod  method,
                                   double                  mm_per_px,
                                   double                  french)
{
  g_return_if_fail (ANGIO_IS_CASE_SERIES (self));
  g_return_if_fail (method == ANGIO_CALIBRATION_NONE || method == ANGIO_CALIBRATION_CATHETER ||
                    method == ANGIO_CALIBRATION_MANUAL);
  g_return_if_fail (method == ANGIO_CALIBRATION_NONE || (mm_per_px > 0 && isfinite (mm_per_px)));

  self->user_calibration = method;
  self->user_mm_per_px = method != ANGIO_CALIBRATION_NONE ? mm_per_px : NAN;
  self->catheter_french = method == ANGIO_CALIBRATION_CATHETER ? french : NAN;
  emit_changed (self);
}

guint
angio_case_series_get_n_background (AngioCaseSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), 0);
  return self->n_background;
}

AngioFrameContext *
angio_case_series_get_frame_context (AngioCaseSeries *self,
                                     guint            frame)
{
  AngioAnalysisParams params;

  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), NULL);

  if (self->series == NULL || !angio_series_is_complete (self->series) ||
      frame >= angio_series_get_n_frames (self->series))
    return NULL;
  if (self->context != NULL && self->context->frame == frame &&
      self->context_background == self->n_background)
    return self->context;
  g_clear_pointer (&self->context, angio_frame_context_free);
  angio_analysis_params_init (&params);
  self->context = angio_frame_context_new (self->series, frame, self->n_background, &params);
  self->context_background = self->n_background;
  return self->context;
}

double
angio_case_series_get_velocity (AngioCaseSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), NAN);
  return self->velocity_mm_s;
}

void
angio_case_series_set_velocity (AngioCaseSeries *self,
                                double           mm_per_s)
{
  g_return_if_fail (ANGIO_IS_CASE_SERIES (self));
  self->velocity_mm_s = mm_per_s > 0 && isfinite (mm_per_s) ? mm_per_s : NAN;
  emit_changed (self);
}

AngioKeyFrame *
angio_case_series_find_key_frame (AngioCaseSeries *self,
                                  guint            frame)
{
  GListModel *model;

  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), NULL);

  model = G_LIST_MODEL (self->key_frames);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AngioKeyFrame) k = g_list_model_get_item (model, i);

      if (angio_key_frame_get_frame (k) == frame)
        return k;   /* the store keeps it alive */
    }
  return NULL;
}

gboolean
angio_case_series_set_key_frame_status (AngioCaseSeries *self,
                                        guint            frame,
                                        AngioStatus      status)
{
  AngioKeyFrame *k;

  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), FALSE);

  k = angio_case_series_find_key_frame (self, frame);
  if (k == NULL)
    {
      g_autoptr(AngioKeyFrame) mine = NULL;

      if (status != ANGIO_STATUS_ACCEPTED || (self->n_frames > 0 && frame >= self->n_frames))
        return FALSE;
      mine = angio_key_frame_new (frame, 1.0, ANGIO_ORIGIN_ANNOTATOR);
      angio_key_frame_set_status (mine, ANGIO_STATUS_ACCEPTED);
      g_list_store_append (self->key_frames, mine);
      return TRUE;
    }
  if (angio_key_frame_get_status (k) == status)
    return FALSE;
  angio_key_frame_set_status (k, status);
  return TRUE;
}

gboolean
angio_case_series_add_key_frame (AngioCaseSeries *self,
                                 AngioKeyFrame   *key_frame)
{
  guint frame;

  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), FALSE);
  g_return_val_if_fail (ANGIO_IS_KEY_FRAME (key_frame), FALSE);

  frame = angio_key_frame_get_frame (key_frame);
  if (angio_case_series_find_key_frame (self, frame) != NULL ||
      (self->n_frames > 0 && frame >= self->n_frames))
    return FALSE;
  g_list_store_append (self->key_frames, key_frame);
  return TRUE;
}

void
angio_case_series_add_lesion (AngioCaseSeries *self,
                              AngioLesion     *lesion)
{
  GListModel *model;
  guint next = 1;

  g_return_if_fail (ANGIO_IS_CASE_SERIES (self));
  g_return_if_fail (ANGIO_IS_LESION (lesion));

  model = G_LIST_MODEL (self->lesions);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AngioLesion) other = g_list_model_get_item (model, i);
      const char *id = angio_lesion_get_id (other);

      if (id != NULL && id[0] == 'L')
        next = MAX (next, (guint) g_ascii_strtoull (id + 1, NULL, 10) + 1);
    }
  if (angio_lesion_get_id (lesion) == NULL)
    {
      g_autofree char *id = g_strdup_printf ("L%u", next);

      angio_lesion_set_id (lesion, id);
    }
  g_list_store_append (self->lesions, lesion);
}

void
angio_case_series_remove_lesion (AngioCaseSeries *self,
                                 AngioLesion     *lesion)
{
  guint position;

  g_return_if_fail (ANGIO_IS_CASE_SERIES (self));

  if (g_list_store_find (self->lesions, lesion, &position))
    g_list_store_remove (self->lesions, position);
}

AngioLesion *
angio_case_series_get_worst_lesion (AngioCaseSeries *self)
{
  GListModel *model;
  AngioLesion *worst = NULL;

  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), NULL);

  model = G_LIST_MODEL (self->lesions);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AngioLesion) l = g_list_model_get_item (model, i);

      if (angio_lesion_get_status (l) == ANGIO_STATUS_REJECTED)
        continue;
      if (worst == NULL || angio_lesion_get_measurement (l)->qca->percent_ds >
                           angio_lesion_get_measurement (worst)->qca->percent_ds)
        worst = l;
    }
  return worst;
}

static gboolean
unreviewed_key_frame (gpointer item)
{
  AngioKeyFrame *k = item;

  return angio_key_frame_get_origin (k) == ANGIO_ORIGIN_ALGORITHM
         && angio_key_frame_get_status (k) == ANGIO_STATUS_PROPOSED;
}

static gboolean
unreviewed_lesion (gpointer item)
{
  AngioLesion *l = item;

  return angio_lesion_get_origin (l) == ANGIO_ORIGIN_ALGORITHM
         && angio_lesion_get_status (l) == ANGIO_STATUS_PROPOSED
         && !angio_lesion_get_edited (l);
}

/* Removes the items @unreviewed says may go. */
static void
remove_unreviewed (GListStore *store,
                   gboolean  (*unreviewed) (gpointer item))
{
  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (store)); i-- > 0;)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (unreviewed (item))
        g_list_store_remove (store, i);
    }
}

/* Speed of the contrast front along the centerline of @lesion's vessel segment, from the times
 * the contrast reached each place. */
static double
front_speed (const AngioKeyFrames *k,
             const AngioStenosis  *s,
             double                mm_per_px)
{
  const AngioVesselContour *c = s->contour;
  g_autofree double *distance = g_new (double, c->n);
  g_autofree double *arrival = g_new (double, c->n);

  if (k->arrival_ms == NULL || !isfinite (mm_per_px))
    return NAN;
  for (guint i = 0; i < c->n; i++)
    {
      AngioPoint p = c->centerline[i];

      distance[i] = i * c->step_px * mm_per_px;
      arrival[i] = angio_image_f_sample (k->arrival_ms, (p.x + 0.5) / k->factor - 0.5,
                                         (p.y + 0.5) / k->factor - 0.5);
    }
  return angio_ffr_front_speed (distance, arrival, c->n);
}

void
angio_case_series_apply_analysis (AngioCaseSeries *self,
                                  AngioAnalysis   *analysis)
{
  const AngioKeyFrames *k;
  g_autoptr(GPtrArray) key_frames = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) lesions = g_ptr_array_new_with_free_func (g_object_unref);
  GVariant *params;

  g_return_if_fail (ANGIO_IS_CASE_SERIES (self));
  g_return_if_fail (analysis != NULL);

  k = analysis->key_frames;
  g_free (self->opacification);
  self->opacification = g_memdup2 (k->opacification, sizeof (double) * k->n_frames);
  self->n_opacification = k->n_frames;
  self->analysed = TRUE;
  self->n_background = k->n_background;
  if (analysis->lesions->len > 0)
    /* As case.json keeps it, so that what is computed from it is the same after a reload. */
    self->velocity_mm_s = angio_json_round (front_speed (k, g_ptr_array_index (analysis->lesions, 0),
                                                         analysis->context->mm_per_px), 1);

  params = g_variant_ref_sink (angio_analysis_params_to_variant (&analysis->params));
  for (guint i = 0; i < k->n_key_frames; i++)
    if (angio_case_series_find_key_frame (self, k->key_frames[i].frame) == NULL ||
        unreviewed_key_frame (angio_case_series_find_key_frame (self, k->key_frames[i].frame)))
      g_ptr_array_add (key_frames, angio_key_frame_new (k->key_frames[i].frame,
                                                        k->key_frames[i].score,
                                                        ANGIO_ORIGIN_ALGORITHM));
  /* The lesions move to the model; the analysis keeps an empty list. */
  while (analysis->lesions->len > 0)
    g_ptr_array_add (lesions, angio_lesion_new (analysis->context->frame,
                                                g_ptr_array_steal_index (analysis->lesions, 0),
                                                ANGIO_ANALYSIS_ALGORITHM, PACKAGE_VERSION,
                                                params));
  g_variant_unref (params);

  remove_unreviewed (self->key_frames, unreviewed_key_frame);
  g_list_store_splice (self->key_frames, 0, 0, key_frames->pdata, key_frames->len);
  remove_unreviewed (self->lesions, unreviewed_lesion);
  for (guint i = 0; i < lesions->len; i++)
    angio_case_series_add_lesion (self, g_ptr_array_index (lesions, i));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPACIFICATION]);
  emit_changed (self);
}

/* JSON */

static void
member_calibration (JsonBuilder     *b,
                    AngioCaseSeries *self)
{
  json_builder_set_member_name (b, "calibration");
  json_builder_begin_object (b);
  angio_json_member_number (b, "mm_per_px", angio_case_series_get_mm_per_px (self), 6);
  angio_json_member_string (b, "method",
                            angio_enum_nick (ANGIO_TYPE_CALIBRATION_METHOD,
                                             angio_case_series_get_calibration (self)));
  angio_json_member_number (b, "catheter_french", angio_case_series_get_catheter_french (self), 1);
  /* What the file says, kept so that going back to it needs no file. */
  angio_json_member_number (b, "file_mm_per_px", self->file_mm_per_px, 6);
  angio_json_member_string (b, "file_method", angio_enum_nick (ANGIO_TYPE_CALIBRATION_METHOD,
                                                               self->file_calibration));
  json_builder_end_object (b);
}

JsonNode *
angio_case_series_to_json (AngioCaseSeries *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  double mm = angio_case_series_get_mm_per_px (self);
  GListModel *model;

  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), NULL);

  json_builder_begin_object (b);
  angio_json_member_string (b, "id", self->id);
  angio_json_member_string (b, "file", self->path);
  angio_json_member_string (b, "series_uid", self->series_uid);
  angio_json_member_int (b, "frames", self->n_frames);
  angio_json_member_int (b, "rows", self->rows);
  angio_json_member_int (b, "cols", self->cols);
  angio_json_member_numbers (b, "frame_time_ms", (double *) self->frame_time_ms->data,
                             self->frame_time_ms->len, 2);
  member_calibration (b, self);
  if (self->analysed)
    angio_json_member_numbers (b, "opacification", self->opacification, self->n_opacification,
                               4);
  else
    angio_json_member_string (b, "opacification", NULL);
  angio_json_member_number (b, "contrast_velocity_mm_s", self->velocity_mm_s, 1);
  angio_json_member_int (b, "background_frames", self->n_background);

  json_builder_set_member_name (b, "key_frames");
  json_builder_begin_array (b);
  model = G_LIST_MODEL (self->key_frames);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AngioKeyFrame) k = g_list_model_get_item (model, i);

      json_builder_begin_object (b);
      angio_json_member_int (b, "frame", angio_key_frame_get_frame (k));
      angio_json_member_int (b, "dicom_frame_number", angio_key_frame_get_frame (k) + 1);
      angio_json_member_string (b, "origin", angio_enum_nick (ANGIO_TYPE_ORIGIN,
                                                              angio_key_frame_get_origin (k)));
      angio_json_member_string (b, "status", angio_enum_nick (ANGIO_TYPE_STATUS,
                                                              angio_key_frame_get_status (k)));
      angio_json_member_number (b, "score", angio_key_frame_get_score (k), 3);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "lesions");
  json_builder_begin_array (b);
  model = G_LIST_MODEL (self->lesions);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AngioLesion) lesion = g_list_model_get_item (model, i);

      json_builder_add_value (b, angio_lesion_to_json (lesion, mm));
    }
  json_builder_end_array (b);
  if (self->redactions->len > 0)
    {
      json_builder_set_member_name (b, "redactions");
      json_builder_begin_array (b);
      for (guint i = 0; i < self->redactions->len; i++)
        {
          const AngioDicomRect *r = &g_array_index (self->redactions, AngioDicomRect, i);

          json_builder_begin_object (b);
          angio_json_member_int (b, "x", r->x);
          angio_json_member_int (b, "y", r->y);
          angio_json_member_int (b, "width", r->width);
          angio_json_member_int (b, "height", r->height);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Whether @r lies in an image of @cols × @rows, with at least one pixel. */
static gboolean
rect_valid (const AngioDicomRect *r,
            guint                 cols,
            guint                 rows)
{
  return r->width > 0 && r->height > 0 && r->x < cols && r->y < rows &&
         r->width <= cols - r->x && r->height <= rows - r->y;
}

static gboolean bad (GError **error, const char *what);

/* The "redactions" of a series object (absent: none). */
static gboolean
read_redactions (JsonObject       *object,
                 guint             cols,
                 guint             rows,
                 GArray           *out,
                 GError          **error)
{
  JsonNode *node = json_object_get_member (object, "redactions");
  JsonArray *array = angio_json_get_array (object, "redactions");

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (array == NULL)
    return bad (error, _("“redactions” is not a list"));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = angio_json_object_at (array, i);
      gint64 v[4] = { -1, -1, -1, -1 };
      AngioDicomRect r;

      if (o != NULL)
        {
          v[0] = angio_json_get_int (o, "x", -1);
          v[1] = angio_json_get_int (o, "y", -1);
          v[2] = angio_json_get_int (o, "width", -1);
          v[3] = angio_json_get_int (o, "height", -1);
        }
      for (guint k = 0; k < 4; k++)
        if (v[k] < 0 || v[k] > G_MAXUINT16)
          return bad (error, _("a region to black out that is not a rectangle of pixels"));
      r = (AngioDicomRect) { (guint) v[0], (guint) v[1], (guint) v[2], (guint) v[3] };
      if (!rect_valid (&r, cols, rows))
        return bad (error, _("a region to black out lies outside the image"));
      g_array_append_val (out, r);
    }
  return TRUE;
}

const AngioDicomRect *
angio_case_series_get_redactions (AngioCaseSeries *self,
                                  guint           *n)
{
  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), NULL);

  *n = self->redactions->len;
  return (const AngioDicomRect *) self->redactions->data;
}

/* @rect clamped to the image: FALSE when nothing of it is left. */
static gboolean
clamp_rect (AngioCaseSeries *self,
            AngioDicomRect  *rect)
{
  if (rect->x >= self->cols || rect->y >= self->rows || rect->width == 0 || rect->height == 0)
    return FALSE;
  rect->width = MIN (rect->width, self->cols - rect->x);
  rect->height = MIN (rect->height, self->rows - rect->y);
  return TRUE;
}

gint
angio_case_series_add_redaction (AngioCaseSeries      *self,
                                 const AngioDicomRect *rect)
{
  AngioDicomRect r;

  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self) && rect != NULL, -1);

  r = *rect;
  if (!clamp_rect (self, &r))
    return -1;
  g_array_append_val (self->redactions, r);
  emit_changed (self);
  return (gint) self->redactions->len - 1;
}

gboolean
angio_case_series_set_redaction (AngioCaseSeries      *self,
                                 guint                 index,
                                 const AngioDicomRect *rect)
{
  AngioDicomRect r;

  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self) && rect != NULL, FALSE);

  r = *rect;
  if (index >= self->redactions->len || !clamp_rect (self, &r) ||
      memcmp (&r, &g_array_index (self->redactions, AngioDicomRect, index), sizeof r) == 0)
    return FALSE;
  g_array_index (self->redactions, AngioDicomRect, index) = r;
  emit_changed (self);
  return TRUE;
}

gboolean
angio_case_series_remove_redaction (AngioCaseSeries *self,
                                    guint            index)
{
  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), FALSE);

  if (index >= self->redactions->len)
    return FALSE;
  g_array_remove_index (self->redactions, index);
  emit_changed (self);
  return TRUE;
}

static gboolean
numbers_member (JsonObject  *object,
                const char  *name,
                GArray     **out)
{
  JsonArray *array;
  JsonNode *node;

  *out = NULL;
  node = json_object_get_member (object, name);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!(array = angio_json_get_array (object, name)))
    return FALSE;
  *out = g_array_sized_new (FALSE, FALSE, sizeof (double), json_array_get_length (array));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      double v = angio_json_number_at (array, i);

      g_array_append_val (*out, v);
    }
  return TRUE;
}

static gboolean
bad (GError    **error,
     const char *what)
{
  g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
               /* Translators: %s says what is wrong in the file */
               _("invalid series: %s"), what);
  return FALSE;
}

static gboolean
read_key_frames (JsonArray  *array,
                 guint       n_frames,
                 GPtrArray  *out,
                 GError    **error)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *o = angio_json_object_at (array, i);
      gint64 frame = o ? angio_json_get_int (o, "frame", -1) : -1;
      int origin = ANGIO_ORIGIN_ALGORITHM, status = ANGIO_STATUS_PROPOSED;
      AngioKeyFrame *k;

      if (frame < 0 || (n_frames > 0 && frame >= n_frames) ||
          !angio_enum_from_nick (ANGIO_TYPE_ORIGIN, angio_json_get_string (o, "origin"), &origin) ||
          !angio_enum_from_nick (ANGIO_TYPE_STATUS, angio_json_get_string (o, "status"), &status))
        return bad (error, _("a key frame needs a frame of the run, an origin and a status"));
      k = angio_key_frame_new (frame, CLAMP (angio_json_get_number (o, "score"), 0, 1), origin);
      angio_key_frame_set_status (k, status);
      g_ptr_array_add (out, k);
    }
  return TRUE;
}

static gboolean
read_lesions (JsonArray  *array,
              guint       n_frames,
              GPtrArray  *out,
              GError    **error)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *o = angio_json_object_at (array, i);
      g_autoptr(GError) local = NULL;
      AngioLesion *lesion = o ? angio_lesion_new_from_json (o, &local) : NULL;

      if (lesion == NULL)
        return bad (error, local ? local->message : _("a lesion is not an object"));
      if (n_frames > 0 && angio_lesion_get_frame (lesion) >= n_frames)
        {
          g_object_unref (lesion);
          return bad (error, _("a lesion is on a frame the run does not have"));
        }
      g_ptr_array_add (out, lesion);
    }
  return TRUE;
}

/* Reads the annotations of @object into @self, just made. */
static gboolean
read_annotations (AngioCaseSeries  *self,
                  JsonObject       *object,
                  GError          **error)
{
  g_autoptr(GPtrArray) key_frames = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) lesions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) opacification = NULL;
  JsonObject *calibration;
  int method = ANGIO_CALIBRATION_NONE;
  double mm;

  calibration = angio_json_get_object (object, "calibration");
  if (calibration == NULL ||
      !angio_enum_from_nick (ANGIO_TYPE_CALIBRATION_METHOD,
                             angio_json_get_string (calibration, "method"), &method))
    return bad (error, _("no calibration method"));
  mm = angio_json_get_number (calibration, "mm_per_px");
  if ((method == ANGIO_CALIBRATION_CATHETER || method == ANGIO_CALIBRATION_MANUAL) &&
      !(mm > 0 && mm < 100))
    return bad (error, _("a calibration without a scale"));
  if (!numbers_member (object, "opacification", &opacification) ||
      (opacification != NULL && opacification->len != self->n_frames))
    return bad (error, _("the opacification curve does not match the run"));
  if (!read_key_frames (angio_json_get_array (object, "key_frames"), self->n_frames,
                        key_frames, error) ||
      !read_lesions (angio_json_get_array (object, "lesions"), self->n_frames, lesions,
                     error) ||
      !read_redactions (object, self->cols, self->rows, self->redactions, error))
    return FALSE;

  if (method == ANGIO_CALIBRATION_CATHETER || method == ANGIO_CALIBRATION_MANUAL)
    {
      self->user_calibration = method;
      self->user_mm_per_px = mm;
      self->catheter_french = angio_json_get_number (calibration, "catheter_french");
    }
  self->analysed = opacification != NULL;
  if (opacification != NULL)
    {
      self->n_opacification = opacification->len;
      self->opacification = (double *) g_array_free (g_steal_pointer (&opacification), FALSE);
    }
  self->velocity_mm_s = angio_json_get_number (object, "contrast_velocity_mm_s");
  self->n_background = CLAMP (angio_json_get_int (object, "background_frames", 0), 0,
                              MAX (self->n_frames, 1) - 1);
  g_list_store_splice (self->key_frames, 0, 0, key_frames->pdata, key_frames->len);
  g_list_store_splice (self->lesions, 0, 0, lesions->pdata, lesions->len);
  return TRUE;
}

gboolean
angio_case_series_can_take (AngioCaseSeries  *self,
                            AngioCaseSeries  *from,
                            GError          **error)
{
  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self) && ANGIO_IS_CASE_SERIES (from), FALSE);

  if (from->n_frames != self->n_frames || from->rows != self->rows || from->cols != self->cols)
    return bad (error, _("the revision has other series than the case"));
  return TRUE;
}

/* The items of @store, for a splice. */
static GPtrArray *
store_items (GListStore *store)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (store), i));
  return items;
}

void
angio_case_series_take_annotations (AngioCaseSeries *self,
                                    AngioCaseSeries *from)
{
  g_autoptr(GPtrArray) key_frames = NULL;
  g_autoptr(GPtrArray) lesions = NULL;

  g_return_if_fail (ANGIO_IS_CASE_SERIES (self) && ANGIO_IS_CASE_SERIES (from));

  self->user_calibration = from->user_calibration;
  self->user_mm_per_px = from->user_mm_per_px;
  self->catheter_french = from->catheter_french;
  g_free (self->opacification);
  self->opacification = g_steal_pointer (&from->opacification);
  self->n_opacification = from->n_opacification;
  from->n_opacification = 0;
  self->analysed = from->analysed;
  self->velocity_mm_s = from->velocity_mm_s;
  self->n_background = from->n_background;
  g_array_set_size (self->redactions, 0);
  g_array_append_vals (self->redactions, from->redactions->data, from->redactions->len);
  key_frames = store_items (from->key_frames);
  lesions = store_items (from->lesions);
  g_list_store_remove_all (from->key_frames);
  g_list_store_remove_all (from->lesions);
  g_list_store_splice (self->key_frames, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->key_frames)),
                       key_frames->pdata, key_frames->len);
  g_list_store_splice (self->lesions, 0, g_list_model_get_n_items (G_LIST_MODEL (self->lesions)),
                       lesions->pdata, lesions->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPACIFICATION]);
  emit_changed (self);
}

AngioCaseSeries *
angio_case_series_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  g_autoptr(AngioCaseSeries) self = g_object_new (ANGIO_TYPE_CASE_SERIES, NULL);
  g_autoptr(GArray) times = NULL;
  JsonObject *calibration;
  gint64 frames, rows, cols;
  int method = ANGIO_CALIBRATION_NONE;

  g_return_val_if_fail (object != NULL, NULL);

  frames = angio_json_get_int (object, "frames", 0);
  rows = angio_json_get_int (object, "rows", 0);
  cols = angio_json_get_int (object, "cols", 0);
  if (frames <= 0 || frames > 100000 || rows <= 0 || rows > 65535 || cols <= 0 || cols > 65535)
    {
      bad (error, _("frames, rows and columns must be positive"));
      return NULL;
    }
  self->n_frames = frames;
  self->rows = rows;
  self->cols = cols;
  self->id = g_strdup (angio_json_get_string (object, "id") ?: "s1");
  self->path = g_strdup (angio_json_get_string (object, "file"));
  self->series_uid = g_strdup (angio_json_get_string (object, "series_uid"));
  if (numbers_member (object, "frame_time_ms", &times) && times != NULL && times->len == frames)
    g_array_append_vals (self->frame_time_ms, times->data, times->len);
  calibration = angio_json_get_object (object, "calibration");
  if (calibration != NULL)
    {
      self->file_mm_per_px = angio_json_get_number (calibration, "file_mm_per_px");
      if (angio_enum_from_nick (ANGIO_TYPE_CALIBRATION_METHOD,
                                angio_json_get_string (calibration, "file_method"), &method))
        self->file_calibration = method;
    }
  if (!read_annotations (self, object, error))
    return NULL;
  return g_steal_pointer (&self);
}
