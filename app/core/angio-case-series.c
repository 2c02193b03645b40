/* angio-case-series.c — a series with its key frames, lesions and opacification curve. */
#include "config.h"

#include <math.h>

#include "angio-case-series.h"
#include "angio-key-frame.h"
#include "angio-lesion.h"
#include "angio-series.h"

struct _AngioCaseSeries {
  GObject parent_instance;
  AngioSeries *series;
  GListStore *key_frames;
  GListStore *lesions;
  double *opacification;
  guint n_opacification;
};

G_DEFINE_FINAL_TYPE (AngioCaseSeries, angio_case_series, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_OPACIFICATION,   /* notified when the curve changes; read it with the getter */
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
angio_case_series_dispose (GObject *object)
{
  AngioCaseSeries *self = ANGIO_CASE_SERIES (object);

  g_clear_object (&self->series);
  g_clear_object (&self->key_frames);
  g_clear_object (&self->lesions);
  G_OBJECT_CLASS (angio_case_series_parent_class)->dispose (object);
}

static void
angio_case_series_finalize (GObject *object)
{
  AngioCaseSeries *self = ANGIO_CASE_SERIES (object);

  g_free (self->opacification);
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
}

static void
angio_case_series_init (AngioCaseSeries *self)
{
  self->key_frames = g_list_store_new (ANGIO_TYPE_KEY_FRAME);
  self->lesions = g_list_store_new (ANGIO_TYPE_LESION);
}

AngioCaseSeries *
angio_case_series_new (AngioSeries *series)
{
  AngioCaseSeries *self;

  g_return_val_if_fail (ANGIO_IS_SERIES (series), NULL);

  self = g_object_new (ANGIO_TYPE_CASE_SERIES, NULL);
  self->series = g_object_ref (series);
  return self;
}

AngioSeries *
angio_case_series_get_series (AngioCaseSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), NULL);
  return self->series;
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

double
angio_case_series_get_mm_per_px (AngioCaseSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), NAN);
  return angio_series_get_mm_per_px (self->series);
}

AngioCalibrationMethod
angio_case_series_get_calibration (AngioCaseSeries *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE_SERIES (self), ANGIO_CALIBRATION_NONE);
  return angio_series_get_calibration_method (self->series);
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

/* Removes the items @unreviewed says may go, in one items-changed per run of them. */
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

  params = g_variant_ref_sink (angio_analysis_params_to_variant (&analysis->params));
  for (guint i = 0; i < k->n_key_frames; i++)
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
  g_list_store_splice (self->lesions, g_list_model_get_n_items (G_LIST_MODEL (self->lesions)), 0,
                       lesions->pdata, lesions->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPACIFICATION]);
}
