/* angio-case.c — a case: its runs, pressure record, FFR estimate; case.json both ways. */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "angio-case.h"
#include "angio-enum-types.h"
#include "angio-json.h"
#include "angio-key-frame.h"

struct _AngioCase {
  GObject parent_instance;
  char *id;
  char *annotator;
  AngioCaseStatus status;
  GListStore *series;
  AngioPressure *pressure;
};

G_DEFINE_FINAL_TYPE (AngioCase, angio_case, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATUS,
  PROP_ANNOTATOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  EDITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
angio_case_dispose (GObject *object)
{
  AngioCase *self = ANGIO_CASE (object);

  g_clear_object (&self->series);
  g_clear_object (&self->pressure);
  G_OBJECT_CLASS (angio_case_parent_class)->dispose (object);
}

static void
angio_case_finalize (GObject *object)
{
  AngioCase *self = ANGIO_CASE (object);

  g_free (self->id);
  g_free (self->annotator);
  G_OBJECT_CLASS (angio_case_parent_class)->finalize (object);
}

static void
angio_case_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  AngioCase *self = ANGIO_CASE (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_ANNOTATOR:
      g_value_set_string (value, self->annotator);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_case_class_init (AngioCaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = angio_case_dispose;
  object_class->finalize = angio_case_finalize;
  object_class->get_property = angio_case_get_property;

  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, ANGIO_TYPE_CASE_STATUS, ANGIO_CASE_NEW,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANNOTATOR] =
    g_param_spec_string ("annotator", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AngioCase::edited:
   * @action: what the edit was, for the history (translated)
   */
  signals[EDITED] = g_signal_new ("edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
angio_case_init (AngioCase *self)
{
  self->series = g_list_store_new (ANGIO_TYPE_CASE_SERIES);
  self->pressure = angio_pressure_new ();
}

AngioCase *
angio_case_new (const char *case_id)
{
  AngioCase *self;

  g_return_val_if_fail (case_id != NULL, NULL);

  self = g_object_new (ANGIO_TYPE_CASE, NULL);
  self->id = g_strdup (case_id);
  return self;
}

const char *
angio_case_get_id (AngioCase *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE (self), NULL);
  return self->id;
}

const char *
angio_case_get_annotator (AngioCase *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE (self), NULL);
  return self->annotator;
}

void
angio_case_set_annotator (AngioCase  *self,
                          const char *annotator)
{
  g_return_if_fail (ANGIO_IS_CASE (self));

  if (g_strcmp0 (self->annotator, annotator) == 0)
    return;
  g_free (self->annotator);
  self->annotator = g_strdup (annotator);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANNOTATOR]);
}

AngioCaseStatus
angio_case_get_status (AngioCase *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE (self), ANGIO_CASE_NEW);
  return self->status;
}

void
angio_case_set_status (AngioCase       *self,
                       AngioCaseStatus  status)
{
  g_return_if_fail (ANGIO_IS_CASE (self));

  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

GListModel *
angio_case_get_series (AngioCase *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE (self), NULL);
  return G_LIST_MODEL (self->series);
}

static gboolean
series_id_taken (AngioCase  *self,
                 const char *id)
{
  GListModel *model = G_LIST_MODEL (self->series);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AngioCaseSeries) other = g_list_model_get_item (model, i);

      if (g_strcmp0 (angio_case_series_get_id (other), id) == 0)
        return TRUE;
    }
  return FALSE;
}

void
angio_case_add_series (AngioCase       *self,
                       AngioCaseSeries *series)
{
  const char *id;

  g_return_if_fail (ANGIO_IS_CASE (self));
  g_return_if_fail (ANGIO_IS_CASE_SERIES (series));

  id = angio_case_series_get_id (series);
  if (id == NULL || series_id_taken (self, id))
    for (guint k = g_list_model_get_n_items (G_LIST_MODEL (self->series)) + 1;; k++)
      {
        g_autofree char *name = g_strdup_printf ("s%u", k);

        if (!series_id_taken (self, name))
          {
            angio_case_series_set_id (series, name);
            break;
          }
      }
  g_list_store_append (self->series, series);
}

AngioCaseSeries *
angio_case_find_series (AngioCase  *self,
                        const char *series_uid)
{
  GListModel *model;

  g_return_val_if_fail (ANGIO_IS_CASE (self), NULL);

  model = G_LIST_MODEL (self->series);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AngioCaseSeries) s = g_list_model_get_item (model, i);

      if (g_strcmp0 (angio_case_series_get_series_uid (s), series_uid) == 0)
        return s;
    }
  return NULL;
}

AngioPressure *
angio_case_get_pressure (AngioCase *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE (self), NULL);
  return self->pressure;
}

void
angio_case_record (AngioCase  *self,
                   const char *action)
{
  g_return_if_fail (ANGIO_IS_CASE (self));
  g_return_if_fail (action != NULL);

  g_signal_emit (self, signals[EDITED], 0, action);
}

/* The most severe lesion not rejected over the runs (on calibrated runs only, if asked). */
static AngioLesion *
worst_lesion (AngioCase        *self,
              gboolean          calibrated,
              AngioCaseSeries **where)
{
  GListModel *model = G_LIST_MODEL (self->series);
  AngioLesion *worst = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AngioCaseSeries) s = g_list_model_get_item (model, i);
      AngioLesion *l = angio_case_series_get_worst_lesion (s);

      if (l == NULL || (calibrated && !isfinite (angio_case_series_get_mm_per_px (s))))
        continue;
      if (worst == NULL || angio_lesion_get_measurement (l)->qca->percent_ds >
                           angio_lesion_get_measurement (worst)->qca->percent_ds)
        {
          worst = l;
          if (where != NULL)
            *where = s;   /* the case keeps it */
        }
    }
  return worst;
}

gboolean
angio_case_estimate_ffr (AngioCase         *self,
                         AngioFfrEstimate  *estimate,
                         AngioLesion      **out_lesion,
                         AngioCaseSeries  **out_series)
{
  AngioLesion *worst;
  AngioCaseSeries *where = NULL;
  const AngioQca *q;
  g_autofree double *diameter_mm = NULL;
  AngioFfrInput in;
  double mm, pa;

  g_return_val_if_fail (ANGIO_IS_CASE (self), FALSE);
  g_return_val_if_fail (estimate != NULL, FALSE);

  worst = worst_lesion (self, TRUE, &where);
  if (worst == NULL)
    return FALSE;

  q = angio_lesion_get_measurement (worst)->qca;
  mm = angio_case_series_get_mm_per_px (where);
  diameter_mm = g_new (double, q->n);
  for (guint i = 0; i < q->n; i++)
    diameter_mm[i] = q->diameter_px[i] * mm;
  pa = angio_pressure_get_value (self->pressure, ANGIO_PRESSURE_PA_HYPER);
  if (isnan (pa))
    pa = angio_pressure_get_value (self->pressure, ANGIO_PRESSURE_PA_REST);
  in = (AngioFfrInput) {
    diameter_mm, q->n, q->step_px * mm, q->prox_index, q->dist_index, q->mld_px * mm,
    q->ref_px * mm, angio_case_series_get_velocity (where), pa,
  };
  if (!angio_ffr_estimate (&in, estimate))
    return FALSE;
  if (out_lesion != NULL)
    *out_lesion = worst;
  if (out_series != NULL)
    *out_series = where;
  return TRUE;
}

gint
angio_case_get_best_key_frame (AngioCase *self)
{
  GListModel *model;
  gint proposed = -1;

  g_return_val_if_fail (ANGIO_IS_CASE (self), -1);

  model = G_LIST_MODEL (self->series);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AngioCaseSeries) s = g_list_model_get_item (model, i);
      GListModel *keys = angio_case_series_get_key_frames (s);

      for (guint j = 0; j < g_list_model_get_n_items (keys); j++)
        {
          g_autoptr(AngioKeyFrame) k = g_list_model_get_item (keys, j);

          if (angio_key_frame_get_status (k) == ANGIO_STATUS_ACCEPTED)
            return angio_key_frame_get_frame (k);
          if (proposed < 0 && angio_key_frame_get_status (k) == ANGIO_STATUS_PROPOSED)
            proposed = angio_key_frame_get_frame (k);
        }
    }
  return proposed;
}

void
angio_case_get_unreviewed (AngioCase *self,
                           gboolean  *key_frame,
                           guint     *lesions)
{
  GListModel *model;
  gboolean accepted = FALSE, proposed = FALSE;

  g_return_if_fail (ANGIO_IS_CASE (self));

  *lesions = 0;
  model = G_LIST_MODEL (self->series);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AngioCaseSeries) s = g_list_model_get_item (model, i);
      GListModel *keys = angio_case_series_get_key_frames (s);
      GListModel *found = angio_case_series_get_lesions (s);

      for (guint j = 0; j < g_list_model_get_n_items (keys); j++)
        {
          g_autoptr(AngioKeyFrame) k = g_list_model_get_item (keys, j);

          accepted |= angio_key_frame_get_status (k) == ANGIO_STATUS_ACCEPTED;
          proposed |= angio_key_frame_get_status (k) == ANGIO_STATUS_PROPOSED;
        }
      for (guint j = 0; j < g_list_model_get_n_items (found); j++)
        {
          g_autoptr(AngioLesion) l = g_list_model_get_item (found, j);

          if (angio_lesion_get_status (l) == ANGIO_STATUS_PROPOSED)
            (*lesions)++;
        }
    }
  *key_frame = proposed && !accepted;
}

double
angio_case_get_worst_percent_ds (AngioCase *self)
{
  AngioLesion *worst;

  g_return_val_if_fail (ANGIO_IS_CASE (self), NAN);

  worst = worst_lesion (self, FALSE, NULL);
  return worst != NULL ? angio_lesion_get_measurement (worst)->qca->percent_ds : NAN;
}

/* JSON */

static void
member_ffr_estimate (JsonBuilder *b,
                     AngioCase   *self)
{
  AngioFfrEstimate e;
  AngioLesion *lesion;
  AngioCaseSeries *series;
  g_autofree char *which = NULL;

  json_builder_set_member_name (b, "ffr_estimate");
  if (!angio_case_estimate_ffr (self, &e, &lesion, &series))
    {
      json_builder_add_null_value (b);
      return;
    }
  which = g_strdup_printf ("%s/%s", angio_case_series_get_id (series),
                           angio_lesion_get_id (lesion));
  json_builder_begin_object (b);
  angio_json_member_number (b, "value", e.ffr, 3);
  angio_json_member_string (b, "model", ANGIO_FFR_MODEL);
  angio_json_member_string (b, "model_version", ANGIO_FFR_MODEL_VERSION);
  angio_json_member_string (b, "flow_source", angio_ffr_flow_source_name (e.flow_source));
  json_builder_set_member_name (b, "inputs");
  json_builder_begin_object (b);
  angio_json_member_string (b, "lesion", which);
  angio_json_member_number (b, "pa_mmhg", e.pa_mmhg, 1);
  angio_json_member_bool (b, "pa_measured", e.pa_measured);
  angio_json_member_number (b, "velocity_mm_s", e.velocity_mm_s, 1);
  angio_json_member_number (b, "flow_ml_s", e.flow_ml_s, 3);
  angio_json_member_number (b, "flow_unobstructed_ml_s", e.flow_unobstructed_ml_s, 3);
  angio_json_member_number (b, "venous_mmhg", ANGIO_FFR_VENOUS_MMHG, 1);
  angio_json_member_number (b, "dp_viscous_mmhg", e.dp_viscous_mmhg, 2);
  angio_json_member_number (b, "dp_separation_mmhg", e.dp_separation_mmhg, 2);
  angio_json_member_number (b, "pd_mmhg", e.pd_mmhg, 1);
  angio_json_member_number (b, "blood_viscosity_pa_s", ANGIO_FFR_BLOOD_VISCOSITY_PA_S, 4);
  angio_json_member_number (b, "blood_density_kg_m3", ANGIO_FFR_BLOOD_DENSITY_KG_M3, 1);
  angio_json_member_number (b, "expansion_coefficient", ANGIO_FFR_EXPANSION_COEFFICIENT, 2);
  json_builder_end_object (b);
  json_builder_end_object (b);
}

JsonNode *
angio_case_to_json (AngioCase *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  GListModel *model;

  g_return_val_if_fail (ANGIO_IS_CASE (self), NULL);

  json_builder_begin_object (b);
  angio_json_member_int (b, "schema", ANGIO_CASE_SCHEMA);
  angio_json_member_string (b, "case_id", self->id);
  angio_json_member_string (b, "annotator", self->annotator);
  angio_json_member_string (b, "status", angio_enum_nick (ANGIO_TYPE_CASE_STATUS, self->status));
  json_builder_set_member_name (b, "series");
  json_builder_begin_array (b);
  model = G_LIST_MODEL (self->series);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AngioCaseSeries) s = g_list_model_get_item (model, i);

      json_builder_add_value (b, angio_case_series_to_json (s));
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "pressure");
  json_builder_add_value (b, angio_pressure_to_json (self->pressure));
  member_ffr_estimate (b, self);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static JsonObject *
case_object (JsonNode  *root,
             GError   **error)
{
  JsonObject *object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;

  if (object == NULL || angio_json_get_int (object, "schema", -1) != ANGIO_CASE_SCHEMA ||
      angio_json_get_string (object, "case_id") == NULL ||
      angio_json_get_array (object, "series") == NULL)
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("not a case of schema %d: it needs “schema”, “case_id” and “series”"),
                   ANGIO_CASE_SCHEMA);
      return NULL;
    }
  return object;
}

static gboolean
read_header (JsonObject       *object,
             AngioCaseStatus  *status,
             AngioPressure    *pressure,
             GError          **error)
{
  const char *nick = angio_json_get_string (object, "status");
  JsonObject *p = angio_json_get_object (object, "pressure");
  int value = ANGIO_CASE_NEW;

  if (nick != NULL && !angio_enum_from_nick (ANGIO_TYPE_CASE_STATUS, nick, &value))
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a case status"), nick);
      return FALSE;
    }
  *status = value;
  return p == NULL || angio_pressure_load_json (pressure, p, error);
}

AngioCase *
angio_case_new_from_json (JsonNode  *root,
                          GError   **error)
{
  JsonObject *object = case_object (root, error);
  g_autoptr(AngioCase) self = NULL;
  JsonArray *series;

  if (object == NULL)
    return NULL;
  self = angio_case_new (angio_json_get_string (object, "case_id"));
  self->annotator = g_strdup (angio_json_get_string (object, "annotator"));
  if (!read_header (object, &self->status, self->pressure, error))
    return NULL;
  series = angio_json_get_array (object, "series");
  for (guint i = 0; i < json_array_get_length (series); i++)
    {
      JsonObject *o = angio_json_object_at (series, i);
      g_autoptr(AngioCaseSeries) s = o ? angio_case_series_new_from_json (o, error) : NULL;

      if (s == NULL)
        {
          if (o == NULL)
            g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                         _("a series is not an object"));
          return NULL;
        }
      angio_case_add_series (self, s);
    }
  return g_steal_pointer (&self);
}

gboolean
angio_case_load_json (AngioCase  *self,
                      JsonNode   *root,
                      GError    **error)
{
  JsonObject *object = case_object (root, error);
  g_autoptr(AngioPressure) pressure = angio_pressure_new ();
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *model = G_LIST_MODEL (self->series);
  JsonArray *series;
  AngioCaseStatus status;

  if (object == NULL || !read_header (object, &status, pressure, error))
    return FALSE;
  series = angio_json_get_array (object, "series");
  if (json_array_get_length (series) != g_list_model_get_n_items (model))
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("the revision has other series than the case"));
      return FALSE;
    }
  /* Read every series first, so that a bad one changes nothing. */
  for (guint i = 0; i < json_array_get_length (series); i++)
    {
      JsonObject *o = angio_json_object_at (series, i);
      g_autoptr(AngioCaseSeries) s = g_list_model_get_item (model, i);
      AngioCaseSeries *read = o ? angio_case_series_new_from_json (o, error) : NULL;

      if (read == NULL)
        {
          if (o == NULL)
            g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                         _("a series is not an object"));
          return FALSE;
        }
      g_ptr_array_add (copies, read);
      if (!angio_case_series_can_take (s, read, error))
        return FALSE;
    }
  for (guint i = 0; i < copies->len; i++)
    {
      g_autoptr(AngioCaseSeries) s = g_list_model_get_item (model, i);

      angio_case_series_take_annotations (s, copies->pdata[i]);
    }
  angio_pressure_copy_from (self->pressure, pressure);
  angio_case_set_status (self, status);
  angio_case_set_annotator (self, angio_json_get_string (object, "annotator"));
  return TRUE;
}
