/* angio-key-frame.c — a key frame: frame, score, origin, status. */
#include "config.h"

#include "angio-enum-types.h"
#include "angio-key-frame.h"

struct _AngioKeyFrame {
  GObject parent_instance;
  guint frame;
  double score;
  AngioOrigin origin;
  AngioStatus status;
};

G_DEFINE_FINAL_TYPE (AngioKeyFrame, angio_key_frame, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FRAME,
  PROP_SCORE,
  PROP_ORIGIN,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
angio_key_frame_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AngioKeyFrame *self = ANGIO_KEY_FRAME (object);

  switch (prop_id)
    {
    case PROP_FRAME:
      g_value_set_uint (value, self->frame);
      break;
    case PROP_SCORE:
      g_value_set_double (value, self->score);
      break;
    case PROP_ORIGIN:
      g_value_set_enum (value, self->origin);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_key_frame_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  AngioKeyFrame *self = ANGIO_KEY_FRAME (object);

  switch (prop_id)
    {
    case PROP_FRAME:
      self->frame = g_value_get_uint (value);
      break;
    case PROP_SCORE:
      self->score = g_value_get_double (value);
      break;
    case PROP_ORIGIN:
      self->origin = g_value_get_enum (value);
      break;
    case PROP_STATUS:
      angio_key_frame_set_status (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_key_frame_class_init (AngioKeyFrameClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = angio_key_frame_get_property;
  object_class->set_property = angio_key_frame_set_property;

  properties[PROP_FRAME] =
    g_param_spec_uint ("frame", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCORE] =
    g_param_spec_double ("score", NULL, NULL, 0, 1, 1,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORIGIN] =
    g_param_spec_enum ("origin", NULL, NULL, ANGIO_TYPE_ORIGIN, ANGIO_ORIGIN_ALGORITHM,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, ANGIO_TYPE_STATUS, ANGIO_STATUS_PROPOSED,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
angio_key_frame_init (AngioKeyFrame *self)
{
  self->score = 1;
}

AngioKeyFrame *
angio_key_frame_new (guint       frame,
                     double      score,
                     AngioOrigin origin)
{
  return g_object_new (ANGIO_TYPE_KEY_FRAME, "frame", frame, "score", CLAMP (score, 0, 1),
                       "origin", origin, NULL);
}

guint
angio_key_frame_get_frame (AngioKeyFrame *self)
{
  g_return_val_if_fail (ANGIO_IS_KEY_FRAME (self), 0);
  return self->frame;
}

double
angio_key_frame_get_score (AngioKeyFrame *self)
{
  g_return_val_if_fail (ANGIO_IS_KEY_FRAME (self), 0);
  return self->score;
}

AngioOrigin
angio_key_frame_get_origin (AngioKeyFrame *self)
{
  g_return_val_if_fail (ANGIO_IS_KEY_FRAME (self), ANGIO_ORIGIN_ALGORITHM);
  return self->origin;
}

AngioStatus
angio_key_frame_get_status (AngioKeyFrame *self)
{
  g_return_val_if_fail (ANGIO_IS_KEY_FRAME (self), ANGIO_STATUS_PROPOSED);
  return self->status;
}

void
angio_key_frame_set_status (AngioKeyFrame *self,
                            AngioStatus    status)
{
  g_return_if_fail (ANGIO_IS_KEY_FRAME (self));

  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}
