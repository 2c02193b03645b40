/* angio-lesion.c — a lesion: measurement, provenance, review state, JSON. */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

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
  char *id;
  char *vessel;
  char *segment;
  AngioQcaParams params;    /* what the QCA was computed with: markers and borders given */
  GArray *constraints;      /* AngioEdgeConstraint: border points the annotator placed */
};

G_DEFINE_FINAL_TYPE (AngioLesion, angio_lesion, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATUS,
  PROP_EDITED,
  PROP_VESSEL,
  PROP_QCA,     /* notified when the measurement changes */
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
  g_free (self->id);
  g_free (self->vessel);
  g_free (self->segment);
  g_clear_pointer (&self->algorithm_params, g_variant_unref);
  g_clear_pointer (&self->constraints, g_array_unref);
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
    case PROP_VESSEL:
      g_value_set_string (value, self->vessel);
      break;
    case PROP_QCA:
      g_value_set_pointer (value, self->measurement->qca);
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
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VESSEL] =
    g_param_spec_string ("vessel", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QCA] =
    g_param_spec_pointer ("qca", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
angio_lesion_init (AngioLesion *self)
{
  angio_qca_params_init (&self->params);
  self->constraints = g_array_new (FALSE, FALSE, sizeof (AngioEdgeConstraint));
}

/* Decimals of the contour in files: pixels to a thousandth. */
#define CONTOUR_DECIMALS 3

static AngioPoint
round_point (AngioPoint p)
{
  return (AngioPoint) { angio_json_round (p.x, CONTOUR_DECIMALS),
                        angio_json_round (p.y, CONTOUR_DECIMALS) };
}

/* Takes @contour as the lesion's, as a file keeps it (pixels to a thousandth), and the QCA
 * computed on that with the lesion's parameters: what is saved and read back then measures
 * exactly the same (lossless round trip). FALSE (and @contour freed) when it is too short. */
static gboolean
take_contour (AngioLesion        *self,
              AngioVesselContour *contour)
{
  g_autoptr(AngioVesselContour) c = contour;
  g_autoptr(AngioVesselContour) snapped = NULL;
  AngioQca *qca;

  for (guint i = 0; i < c->n; i++)
    {
      c->centerline[i] = round_point (c->centerline[i]);
      c->left[i] = round_point (c->left[i]);
      c->right[i] = round_point (c->right[i]);
    }
  snapped = angio_vessel_contour_from_borders (c->centerline, c->left, c->right, c->n,
                                               angio_json_round (c->step_px, CONTOUR_DECIMALS));
  if (snapped == NULL)
    return FALSE;
  snapped->blur_px = angio_json_round (c->blur_px, CONTOUR_DECIMALS);
  qca = angio_qca_compute (snapped, &self->params);
  if (qca == NULL)
    return FALSE;
  angio_vessel_contour_free (self->measurement->contour);
  self->measurement->contour = g_steal_pointer (&snapped);
  angio_qca_free (self->measurement->qca);
  self->measurement->qca = qca;
  return TRUE;
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
  self->params.method = measurement->qca->method;
  self->params.search_prox = measurement->qca->search_prox;
  self->params.search_dist = measurement->qca->search_dist;
  /* Unless too short once rounded, the measurement as given stands. */
  take_contour (self, angio_vessel_contour_copy (measurement->contour));
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

/* The whole analysed segment, for the vessel mask and for plots of the diameter function, and
 * the border points the annotator placed on it. */
static void
member_segment (JsonBuilder              *b,
                const AngioVesselContour *c,
                const AngioQca           *q,
                GArray                   *constraints)
{
  json_builder_set_member_name (b, "vessel_segment");
  json_builder_begin_object (b);
  angio_json_member_number (b, "step_px", c->step_px, CONTOUR_DECIMALS);
  angio_json_member_number (b, "blur_px", c->blur_px, CONTOUR_DECIMALS);
  angio_json_member_points (b, "centerline", c->centerline, c->n, CONTOUR_DECIMALS);
  angio_json_member_points (b, "left_edge", c->left, c->n, CONTOUR_DECIMALS);
  angio_json_member_points (b, "right_edge", c->right, c->n, CONTOUR_DECIMALS);
  angio_json_member_numbers (b, "diameter_px", q->diameter_px, q->n, 3);
  angio_json_member_numbers (b, "reference_px", q->reference_px, q->n, 3);
  angio_json_member_int (b, "prox_index", q->prox_index);
  angio_json_member_int (b, "dist_index", q->dist_index);
  angio_json_member_int (b, "mld_index", q->mld_index);
  json_builder_set_member_name (b, "edge_constraints");
  json_builder_begin_array (b);
  for (guint i = 0; i < constraints->len; i++)
    {
      const AngioEdgeConstraint *k = &g_array_index (constraints, AngioEdgeConstraint, i);

      json_builder_begin_object (b);
      angio_json_member_int (b, "scanline", k->scanline);
      angio_json_member_string (b, "side", k->left ? "left" : "right");
      angio_json_member_number (b, "offset_px", k->offset_px, CONTOUR_DECIMALS);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
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
  angio_json_member_string (b, "id", self->id);
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
  /* Borders the annotator placed (scanlines of vessel_segment); null: found by the QCA. */
  json_builder_set_member_name (b, "borders");
  if (self->params.lesion_prox != ANGIO_QCA_AUTO)
    {
      json_builder_begin_array (b);
      json_builder_add_int_value (b, self->params.lesion_prox);
      json_builder_add_int_value (b, self->params.lesion_dist);
      json_builder_end_array (b);
    }
  else
    json_builder_add_null_value (b);
  /* Where the MLD was looked for (scanlines of vessel_segment): around the narrowing a
   * detector proposed; null: anywhere between the markers. */
  json_builder_set_member_name (b, "search");
  if (self->params.search_prox != ANGIO_QCA_AUTO)
    {
      json_builder_begin_array (b);
      json_builder_add_int_value (b, self->params.search_prox);
      json_builder_add_int_value (b, self->params.search_dist);
      json_builder_end_array (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  angio_json_member_string (b, "vessel", self->vessel);
  angio_json_member_string (b, "segment", self->segment);
  angio_json_member_number (b, "symmetry", q->symmetry, 2);
  angio_json_member_number (b, "plaque_area_mm2", q->plaque_area_px2 * mm * mm, 2);
  angio_json_member_number (b, "plaque_area_px2", q->plaque_area_px2, 1);
  member_segment (b, c, q, self->constraints);
  angio_json_member_string (b, "origin", angio_enum_nick (ANGIO_TYPE_ORIGIN, self->origin));
  /* How sure the detector that proposed it was, 0–1; null when it was not proposed so. */
  json_builder_set_member_name (b, "confidence");
  if (self->measurement->confidence > 0)
    json_builder_add_double_value (b, angio_json_round (self->measurement->confidence, 3));
  else
    json_builder_add_null_value (b);
  angio_json_member_string (b, "status", angio_enum_nick (ANGIO_TYPE_STATUS, self->status));
  angio_json_member_bool (b, "edited", self->edited);
  member_algorithm (b, self);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

const char *
angio_lesion_get_id (AngioLesion *self)
{
  g_return_val_if_fail (ANGIO_IS_LESION (self), NULL);
  return self->id;
}

void
angio_lesion_set_id (AngioLesion *self,
                     const char  *id)
{
  g_return_if_fail (ANGIO_IS_LESION (self));
  g_free (self->id);
  self->id = g_strdup (id);
}

const char *
angio_lesion_get_vessel (AngioLesion *self)
{
  g_return_val_if_fail (ANGIO_IS_LESION (self), NULL);
  return self->vessel;
}

void
angio_lesion_set_vessel (AngioLesion *self,
                         const char  *vessel)
{
  g_return_if_fail (ANGIO_IS_LESION (self));

  if (vessel != NULL && *vessel == '\0')
    vessel = NULL;
  if (g_strcmp0 (self->vessel, vessel) == 0)
    return;
  g_free (self->vessel);
  self->vessel = g_strdup (vessel);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VESSEL]);
}

const AngioQcaParams *
angio_lesion_get_qca_params (AngioLesion *self)
{
  g_return_val_if_fail (ANGIO_IS_LESION (self), NULL);
  return &self->params;
}

/* Marked edited; notified only when that is new, so that an edit is one change to follow. */
static void
set_edited (AngioLesion *self)
{
  if (self->edited)
    return;
  self->edited = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITED]);
}

gboolean
angio_lesion_remeasure (AngioLesion          *self,
                        const AngioQcaParams *params)
{
  AngioQca *qca;

  g_return_val_if_fail (ANGIO_IS_LESION (self), FALSE);
  g_return_val_if_fail (params != NULL, FALSE);

  qca = angio_qca_compute (self->measurement->contour, params);
  if (qca == NULL)
    return FALSE;
  angio_qca_free (self->measurement->qca);
  self->measurement->qca = qca;
  self->params = *params;
  set_edited (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QCA]);
  return TRUE;
}

const AngioEdgeConstraint *
angio_lesion_get_edge_constraints (AngioLesion *self,
                                   guint       *n_constraints)
{
  g_return_val_if_fail (ANGIO_IS_LESION (self), NULL);
  g_return_val_if_fail (n_constraints != NULL, NULL);

  *n_constraints = self->constraints->len;
  return (const AngioEdgeConstraint *) self->constraints->data;
}

gboolean
angio_lesion_set_edge_constraints (AngioLesion               *self,
                                   AngioFrameContext         *context,
                                   const AngioEdgeConstraint *constraints,
                                   guint                      n_constraints,
                                   GError                   **error)
{
  AngioEdgeEdit edit;
  AngioVesselContour *contour;

  g_return_val_if_fail (ANGIO_IS_LESION (self), FALSE);
  g_return_val_if_fail (context != NULL && context->frame == self->frame, FALSE);
  g_return_val_if_fail (constraints != NULL || n_constraints == 0, FALSE);

  edit = (AngioEdgeEdit) {
    self->measurement->contour,
    (const AngioEdgeConstraint *) self->constraints->data, self->constraints->len,
    constraints, n_constraints,
  };
  contour = angio_frame_context_redetect (context, &edit, error);
  if (contour == NULL)
    return FALSE;
  if (!take_contour (self, contour))
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("the vessel segment is too short to measure"));
      return FALSE;
    }
  g_array_set_size (self->constraints, 0);
  g_array_append_vals (self->constraints, constraints, n_constraints);
  set_edited (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QCA]);
  return TRUE;
}

/* JSON back into a lesion */

static gboolean
read_constraints (JsonObject  *segment,
                  guint        n,
                  GArray      *out,
                  GError     **error)
{
  JsonArray *array = angio_json_get_array (segment, "edge_constraints");

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      gint64 scanline = o ? angio_json_get_int (o, "scanline", -1) : -1;
      const char *side = o ? angio_json_get_string (o, "side") : NULL;
      AngioEdgeConstraint k = { 0 };

      k.left = g_strcmp0 (side, "left") == 0;
      k.offset_px = o ? angio_json_get_number (o, "offset_px") : NAN;
      if (scanline < 0 || scanline >= n || (!k.left && g_strcmp0 (side, "right") != 0) ||
          !isfinite (k.offset_px) || (k.left ? k.offset_px <= 0 : k.offset_px >= 0))
        {
          g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                       _("border point %u is outside the vessel segment"), i + 1);
          return FALSE;
        }
      k.scanline = scanline;
      g_array_append_val (out, k);
    }
  return TRUE;
}

static gboolean
read_points (JsonObject  *object,
             const char  *name,
             GArray     **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    goto bad;
  array = json_node_get_array (node);
  *out = g_array_sized_new (FALSE, FALSE, sizeof (AngioPoint), json_array_get_length (array));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *p = json_array_get_element (array, i);
      JsonArray *xy;
      AngioPoint point;

      if (!JSON_NODE_HOLDS_ARRAY (p) || json_array_get_length (xy = json_node_get_array (p)) != 2)
        goto bad;
      point.x = angio_json_number_at (xy, 0);
      point.y = angio_json_number_at (xy, 1);
      if (!isfinite (point.x) || !isfinite (point.y) || fabs (point.x) > 1e6 ||
          fabs (point.y) > 1e6)
        goto bad;
      g_array_append_val (*out, point);
    }
  return TRUE;

bad:
  g_clear_pointer (out, g_array_unref);
  g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a list of [x, y] points"), name);
  return FALSE;
}

static gboolean
read_index_pair (JsonObject *object,
                 const char *name,
                 guint       n,
                 gint       *a,
                 gint       *b)
{
  JsonArray *pair = angio_json_get_array (object, name);
  gint64 i, j;

  *a = *b = ANGIO_QCA_AUTO;
  if (pair == NULL || json_array_get_length (pair) != 2)
    return FALSE;
  i = (gint64) angio_json_number_at (pair, 0);
  j = (gint64) angio_json_number_at (pair, 1);
  if (!isfinite (angio_json_number_at (pair, 0)) || !isfinite (angio_json_number_at (pair, 1)) ||
      i < 0 || j <= i || j >= n)
    return FALSE;
  *a = i;
  *b = j;
  return TRUE;
}

static AngioVesselContour *
read_contour (JsonObject  *segment,
              GError     **error)
{
  g_autoptr(GArray) centerline = NULL, left = NULL, right = NULL;
  double step = angio_json_get_number (segment, "step_px");
  AngioVesselContour *contour;
  double blur;

  if (!read_points (segment, "centerline", &centerline, error) ||
      !read_points (segment, "left_edge", &left, error) ||
      !read_points (segment, "right_edge", &right, error))
    return NULL;
  if (centerline->len < 8 || left->len != centerline->len || right->len != centerline->len ||
      !(step > 0 && step < 100))
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("the vessel segment needs at least 8 scanlines, as many on each border"));
      return NULL;
    }
  contour = angio_vessel_contour_from_borders ((AngioPoint *) centerline->data,
                                               (AngioPoint *) left->data,
                                               (AngioPoint *) right->data, centerline->len, step);
  blur = angio_json_get_number (segment, "blur_px");
  contour->blur_px = isfinite (blur) && blur >= 0 && blur < 100 ? blur : 0;
  return contour;
}

AngioLesion *
angio_lesion_new_from_json (JsonObject  *object,
                            GError     **error)
{
  g_autoptr(AngioVesselContour) contour = NULL;
  g_autoptr(AngioLesion) self = NULL;
  g_autoptr(GArray) constraints = NULL;
  AngioStenosis *measurement;
  JsonObject *segment, *reference, *algorithm;
  AngioQcaParams params;
  AngioQca *qca;
  const char *method;
  gint64 frame = angio_json_get_int (object, "frame", -1);
  int value;

  g_return_val_if_fail (object != NULL, NULL);

  segment = angio_json_get_object (object, "vessel_segment");
  reference = angio_json_get_object (object, "reference");
  if (frame < 0 || frame > G_MAXINT || segment == NULL || reference == NULL)
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("a lesion needs a frame, a vessel segment and a reference"));
      return NULL;
    }
  if (!(contour = read_contour (segment, error)))
    return NULL;

  angio_qca_params_init (&params);
  method = angio_json_get_string (reference, "method") ?: "";
  if (!angio_reference_method_parse (method, &params.method))
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a reference method"), method);
      return NULL;
    }
  read_index_pair (reference, "markers", contour->n, &params.marker_prox, &params.marker_dist);
  if (json_object_has_member (reference, "borders") &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (reference, "borders")) &&
      !read_index_pair (reference, "borders", contour->n, &params.lesion_prox,
                        &params.lesion_dist))
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("the lesion borders are outside the vessel segment"));
      return NULL;
    }
  if (json_object_has_member (reference, "search") &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (reference, "search")) &&
      !read_index_pair (reference, "search", contour->n, &params.search_prox,
                        &params.search_dist))
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("the MLD search range is outside the vessel segment"));
      return NULL;
    }
  constraints = g_array_new (FALSE, FALSE, sizeof (AngioEdgeConstraint));
  if (!read_constraints (segment, contour->n, constraints, error))
    return NULL;
  if (!(qca = angio_qca_compute (contour, &params)))
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("the vessel segment is too short to measure"));
      return NULL;
    }
  measurement = g_new0 (AngioStenosis, 1);
  measurement->contour = g_steal_pointer (&contour);
  measurement->qca = qca;
  {
    double confidence = angio_json_get_number (object, "confidence");

    if (isfinite (confidence) && confidence > 0 && confidence <= 1)
      measurement->confidence = confidence;
  }

  algorithm = angio_json_get_object (object, "algorithm");
  self = angio_lesion_new (frame, measurement,
                           algorithm ? angio_json_get_string (algorithm, "name") : NULL,
                           algorithm ? angio_json_get_string (algorithm, "version") : NULL,
                           NULL);
  if (angio_json_get_object (algorithm, "params") != NULL)
    {
      GVariant *v = json_gvariant_deserialize (json_object_get_member (algorithm, "params"),
                                               "a{sv}", NULL);

      if (v != NULL)
        self->algorithm_params = g_variant_ref_sink (v);
    }
  if (angio_enum_from_nick (ANGIO_TYPE_ORIGIN, angio_json_get_string (object, "origin"), &value))
    self->origin = value;
  if (angio_enum_from_nick (ANGIO_TYPE_STATUS, angio_json_get_string (object, "status"), &value))
    self->status = value;
  self->edited = json_object_has_member (object, "edited") &&
                 JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "edited")) &&
                 json_node_get_value_type (json_object_get_member (object, "edited")) ==
                 G_TYPE_BOOLEAN && json_object_get_boolean_member (object, "edited");
  self->params = params;
  g_array_append_vals (self->constraints, constraints->data, constraints->len);
  self->id = g_strdup (angio_json_get_string (object, "id"));
  self->vessel = g_strdup (angio_json_get_string (object, "vessel"));
  self->segment = g_strdup (angio_json_get_string (object, "segment"));
  return g_steal_pointer (&self);
}
