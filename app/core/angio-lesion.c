/* angio-lesion.c — a lesion: measurement, provenance, review state, JSON. */
#include "config.h"

#include <math.h>

#include "angio-enum-types.h"
#include "angio-json.h"
#include "angio-lesion.h"

struct _AngioLesion {
  GObject parent_instance;
  guint frame;
  AngioStenosis *measurement;
  AngioOrigin origin;
  AngioStatus status;
  gboolean edited;
  char *algorithm;
  char *algorithm_version;
  GVariant *algorithm_params;
};

G_DEFINE_FINAL_TYPE (AngioLesion, angio_lesion, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATUS,
  PROP_EDITED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
angio_lesion_finalize (GObject *object)
{
  AngioLesion *self = ANGIO_LESION (object);

  g_clear_pointer (&self->measurement, angio_stenosis_free);
  g_free (self->algorithm);
  g_free (self->algorithm_version);
  g_clear_pointer (&self->algorithm_params, g_variant_unref);
  G_OBJECT_CLASS (angio_lesion_parent_class)->finalize (object);
}

static void
angio_lesion_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AngioLesion *self = ANGIO_LESION (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_EDITED:
      g_value_set_boolean (value, self->edited);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_lesion_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  AngioLesion *self = ANGIO_LESION (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      angio_lesion_set_status (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_lesion_class_init (AngioLesionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = angio_lesion_finalize;
  object_class->get_property = angio_lesion_get_property;
  object_class->set_property = angio_lesion_set_property;

  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, ANGIO_TYPE_STATUS, ANGIO_STATUS_PROPOSED,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EDITED] =
    g_param_spec_boolean ("edited", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
angio_lesion_init (AngioLesion *self)
{
}

AngioLesion *
angio_lesion_new (guint          frame,
                  AngioStenosis *measurement,
                  const char    *algorithm,
                  const char    *algorithm_version,
                  GVariant      *algorithm_params)
{
  AngioLesion *self;

  g_return_val_if_fail (measurement != NULL, NULL);
  g_return_val_if_fail (algorithm_params == NULL
                        || g_variant_is_of_type (algorithm_params, G_VARIANT_TYPE_VARDICT),
                        NULL);

  self = g_object_new (ANGIO_TYPE_LESION, NULL);
  self->frame = frame;
  self->measurement = measurement;
  self->origin = algorithm != NULL ? ANGIO_ORIGIN_ALGORITHM : ANGIO_ORIGIN_ANNOTATOR;
  self->algorithm = g_strdup (algorithm);
  self->algorithm_version = g_strdup (algorithm_version);
  self->algorithm_params = algorithm_params ? g_variant_ref_sink (algorithm_params) : NULL;
  return self;
}

guint
angio_lesion_get_frame (AngioLesion *self)
{
  g_return_val_if_fail (ANGIO_IS_LESION (self), 0);
  return self->frame;
}

const AngioStenosis *
angio_lesion_get_measurement (AngioLesion *self)
{
  g_return_val_if_fail (ANGIO_IS_LESION (self), NULL);
  return self->measurement;
}

AngioOrigin
angio_lesion_get_origin (AngioLesion *self)
{
  g_return_val_if_fail (ANGIO_IS_LESION (self), ANGIO_ORIGIN_ANNOTATOR);
  return self->origin;
}

AngioStatus
angio_lesion_get_status (AngioLesion *self)
{
  g_return_val_if_fail (ANGIO_IS_LESION (self), ANGIO_STATUS_PROPOSED);
  return self->status;
}

void
angio_lesion_set_status (AngioLesion *self,
                         AngioStatus  status)
{
  g_return_if_fail (ANGIO_IS_LESION (self));

  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

gboolean
angio_lesion_get_edited (AngioLesion *self)
{
  g_return_val_if_fail (ANGIO_IS_LESION (self), FALSE);
  return self->edited;
}

const char *
angio_lesion_get_algorithm (AngioLesion *self)
{
  g_return_val_if_fail (ANGIO_IS_LESION (self), NULL);
  return self->algorithm;
}

const char *
angio_lesion_get_algorithm_version (AngioLesion *self)
{
  g_return_val_if_fail (ANGIO_IS_LESION (self), NULL);
  return self->algorithm_version;
}

GVariant *
angio_lesion_get_algorithm_params (AngioLesion *self)
{
  g_return_val_if_fail (ANGIO_IS_LESION (self), NULL);
  return self->algorithm_params;
}

GArray *
angio_lesion_get_outline (AngioLesion *self)
{
  g_return_val_if_fail (ANGIO_IS_LESION (self), NULL);
  return angio_stenosis_outline (self->measurement);
}

AngioPoint
angio_lesion_get_center (AngioLesion *self)
{
  AngioPoint none = { 0, 0 };

  g_return_val_if_fail (ANGIO_IS_LESION (self), none);
  return angio_stenosis_center (self->measurement);
}

static void
member_slice (JsonBuilder      *b,
              const char       *name,
              const AngioPoint *points,
              const AngioQca   *q)
{
  g_autoptr(GArray) part = angio_qca_slice (q, points);

  angio_json_member_points (b, name, (const AngioPoint *) part->data, part->len, 2);
}

/* The whole analysed segment, for the vessel mask and for plots of the diameter function. */
static void
member_segment (JsonBuilder              *b,
                const AngioVesselContour *c,
                const AngioQca           *q)
{
  json_builder_set_member_name (b, "segment");
  json_builder_begin_object (b);
  angio_json_member_number (b, "step_px", c->step_px, 3);
  angio_json_member_points (b, "centerline", c->centerline, c->n, 2);
  angio_json_member_points (b, "left_edge", c->left, c->n, 2);
  angio_json_member_points (b, "right_edge", c->right, c->n, 2);
  angio_json_member_numbers (b, "diameter_px", q->diameter_px, q->n, 3);
  angio_json_member_numbers (b, "reference_px", q->reference_px, q->n, 3);
  angio_json_member_int (b, "prox_index", q->prox_index);
  angio_json_member_int (b, "dist_index", q->dist_index);
  angio_json_member_int (b, "mld_index", q->mld_index);
  json_builder_end_object (b);
}

static void
member_algorithm (JsonBuilder *b,
                  AngioLesion *self)
{
  json_builder_set_member_name (b, "algorithm");
  if (self->algorithm == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_object (b);
  angio_json_member_string (b, "name", self->algorithm);
  angio_json_member_string (b, "version", self->algorithm_version);
  json_builder_set_member_name (b, "params");
  if (self->algorithm_params != NULL)
    json_builder_add_value (b, json_gvariant_serialize (self->algorithm_params));
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
}

JsonNode *
angio_lesion_to_json (AngioLesion *self,
                      double       mm_per_px)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const AngioVesselContour *c;
  const AngioQca *q;
  double mm = isfinite (mm_per_px) && mm_per_px > 0 ? mm_per_px : NAN;

  g_return_val_if_fail (ANGIO_IS_LESION (self), NULL);

  c = self->measurement->contour;
  q = self->measurement->qca;
  json_builder_begin_object (b);
  angio_json_member_int (b, "frame", self->frame);
  angio_json_member_int (b, "dicom_frame_number", self->frame + 1);
  angio_json_member_point (b, "center_px", angio_lesion_get_center (self), 2);
  angio_json_member_point (b, "prox_px", angio_qca_point_at (q, c->centerline, q->prox_position),
                           2);
  angio_json_member_point (b, "dist_px", angio_qca_point_at (q, c->centerline, q->dist_position),
                           2);
  angio_json_member_number (b, "mld_mm", q->mld_px * mm, 3);
  angio_json_member_number (b, "ref_mm", q->ref_px * mm, 3);
  angio_json_member_number (b, "percent_ds", q->percent_ds, 1);
  angio_json_member_number (b, "percent_as", q->percent_as, 1);
  angio_json_member_number (b, "length_mm", q->length_px * mm, 2);
  angio_json_member_number (b, "mld_px", q->mld_px, 2);
  angio_json_member_number (b, "ref_px", q->ref_px, 2);
  angio_json_member_number (b, "length_px", q->length_px, 2);
  member_slice (b, "centerline", c->centerline, q);
  member_slice (b, "left_edge", c->left, q);
  member_slice (b, "right_edge", c->right, q);
  json_builder_set_member_name (b, "reference");
  json_builder_begin_object (b);
  angio_json_member_string (b, "method", angio_reference_method_name (q->method));
  json_builder_set_member_name (b, "markers");
  json_builder_begin_array (b);
  json_builder_add_int_value (b, q->marker_prox);
  json_builder_add_int_value (b, q->marker_dist);
  json_builder_end_array (b);
  json_builder_end_object (b);
  angio_json_member_number (b, "symmetry", q->symmetry, 2);
  angio_json_member_number (b, "plaque_area_mm2", q->plaque_area_px2 * mm * mm, 2);
  angio_json_member_number (b, "plaque_area_px2", q->plaque_area_px2, 1);
  member_segment (b, c, q);
  angio_json_member_string (b, "origin", angio_enum_nick (ANGIO_TYPE_ORIGIN, self->origin));
  angio_json_member_string (b, "status", angio_enum_nick (ANGIO_TYPE_STATUS, self->status));
  angio_json_member_bool (b, "edited", self->edited);
  member_algorithm (b, self);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
