/* angio-pressure.c — the pressure-wire record, validated field by field. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "angio-json.h"
#include "angio-pressure.h"

struct _AngioPressure {
  GObject parent_instance;
  double values[ANGIO_PRESSURE_N_FIELDS];
  AngioAgent agent;
  char *dose;
};

G_DEFINE_FINAL_TYPE (AngioPressure, angio_pressure, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *const field_keys[] = { "pa_rest", "pd_rest", "pa_hyper", "pd_hyper" };
static const char *const agent_keys[] = { "none", "papaverine", "dopamine", "adenosine", "other" };

static void
angio_pressure_finalize (GObject *object)
{
  g_free (ANGIO_PRESSURE (object)->dose);
  G_OBJECT_CLASS (angio_pressure_parent_class)->finalize (object);
}

static void
angio_pressure_class_init (AngioPressureClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = angio_pressure_finalize;

  /* Any value, the agent or the dose changed. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
angio_pressure_init (AngioPressure *self)
{
  for (guint i = 0; i < ANGIO_PRESSURE_N_FIELDS; i++)
    self->values[i] = NAN;
}

AngioPressure *
angio_pressure_new (void)
{
  return g_object_new (ANGIO_TYPE_PRESSURE, NULL);
}

const char *
angio_pressure_field_label (AngioPressureField field)
{
  switch (field)
    {
    case ANGIO_PRESSURE_PA_REST: return _("Pa at rest");
    case ANGIO_PRESSURE_PD_REST: return _("Pd at rest");
    case ANGIO_PRESSURE_PA_HYPER: return _("Pa under hyperaemia");
    case ANGIO_PRESSURE_PD_HYPER: return _("Pd under hyperaemia");
    case ANGIO_PRESSURE_N_FIELDS: default: g_return_val_if_reached (NULL);
    }
}

const char *
angio_pressure_field_key (AngioPressureField field)
{
  g_return_val_if_fail (field < ANGIO_PRESSURE_N_FIELDS, NULL);
  return field_keys[field];
}

const char *
angio_agent_label (AngioAgent agent)
{
  switch (agent)
    {
    case ANGIO_AGENT_PAPAVERINE: return _("Papaverine");
    case ANGIO_AGENT_DOPAMINE: return _("Dopamine");
    case ANGIO_AGENT_ADENOSINE: return _("Adenosine");
    case ANGIO_AGENT_OTHER: return _("Other");
    case ANGIO_AGENT_NONE: default: return _("None");
    }
}

double
angio_pressure_get_value (AngioPressure      *self,
                          AngioPressureField  field)
{
  g_return_val_if_fail (ANGIO_IS_PRESSURE (self), NAN);
  g_return_val_if_fail (field < ANGIO_PRESSURE_N_FIELDS, NAN);
  return self->values[field];
}

static gboolean
is_pd (AngioPressureField field)
{
  return field == ANGIO_PRESSURE_PD_REST || field == ANGIO_PRESSURE_PD_HYPER;
}

/* Pa of the same state as Pd @field, and the other way round. */
static AngioPressureField
partner (AngioPressureField field)
{
  return field ^ 1;
}

static gboolean
check (AngioPressure      *self,
       AngioPressureField  field,
       double              v,
       GError            **error)
{
  const char *label = angio_pressure_field_label (field);
  double other = self->values[partner (field)];

  if (isnan (v))
    return TRUE;
  if (!isfinite (v))
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("%s must be a number of mmHg"), label);
      return FALSE;
    }
  if (!is_pd (field) && (v < ANGIO_PA_MIN_MMHG || v > ANGIO_PA_MAX_MMHG))
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("%s must be between %.0f and %.0f mmHg"), label, ANGIO_PA_MIN_MMHG,
                   ANGIO_PA_MAX_MMHG);
      return FALSE;
    }
  if (is_pd (field) && (v <= 0 || v > ANGIO_PA_MAX_MMHG))
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("%s must be above 0 and at most %.0f mmHg"), label, ANGIO_PA_MAX_MMHG);
      return FALSE;
    }
  if (isfinite (other) && (is_pd (field) ? v > other * ANGIO_PD_MAX_RATIO
                                         : other > v * ANGIO_PD_MAX_RATIO))
    {
      /* Translators: e.g. "Pd at rest (110 mmHg) is above Pa at rest × 1.05 (94.5 mmHg)" */
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("%s (%.1f mmHg) is above %s × %.2f (%.1f mmHg): check the wire "
                     "equalisation"),
                   angio_pressure_field_label (is_pd (field) ? field : partner (field)),
                   is_pd (field) ? v : other,
                   angio_pressure_field_label (is_pd (field) ? partner (field) : field),
                   ANGIO_PD_MAX_RATIO, (is_pd (field) ? other : v) * ANGIO_PD_MAX_RATIO);
      return FALSE;
    }
  return TRUE;
}

gboolean
angio_pressure_set_value (AngioPressure      *self,
                          AngioPressureField  field,
                          double              mmhg,
                          GError            **error)
{
  g_return_val_if_fail (ANGIO_IS_PRESSURE (self), FALSE);
  g_return_val_if_fail (field < ANGIO_PRESSURE_N_FIELDS, FALSE);

  if (!check (self, field, mmhg, error))
    return FALSE;
  if (self->values[field] == mmhg || (isnan (self->values[field]) && isnan (mmhg)))
    return TRUE;
  self->values[field] = mmhg;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

gboolean
angio_pressure_parse (AngioPressure      *self,
                      AngioPressureField  field,
                      const char         *text,
                      double             *mmhg,
                      GError            **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  char *end = NULL;
  double v;

  g_return_val_if_fail (ANGIO_IS_PRESSURE (self), FALSE);
  g_return_val_if_fail (field < ANGIO_PRESSURE_N_FIELDS, FALSE);

  if (*copy == '\0')
    {
      *mmhg = NAN;
      return TRUE;
    }
  /* A decimal comma is what many keyboards give. */
  g_strdelimit (copy, ",", '.');
  v = g_ascii_strtod (copy, &end);
  if (end == copy || *end != '\0' || !isfinite (v))
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("%s: “%s” is not a number of mmHg"), angio_pressure_field_label (field),
                   text);
      return FALSE;
    }
  if (!check (self, field, v, error))
    return FALSE;
  *mmhg = v;
  return TRUE;
}

AngioAgent
angio_pressure_get_agent (AngioPressure *self)
{
  g_return_val_if_fail (ANGIO_IS_PRESSURE (self), ANGIO_AGENT_NONE);
  return self->agent;
}

void
angio_pressure_set_agent (AngioPressure *self,
                          AngioAgent     agent)
{
  g_return_if_fail (ANGIO_IS_PRESSURE (self));
  g_return_if_fail (agent <= ANGIO_AGENT_OTHER);

  if (self->agent == agent)
    return;
  self->agent = agent;
  g_signal_emit (self, signals[CHANGED], 0);
}

const char *
angio_pressure_get_dose (AngioPressure *self)
{
  g_return_val_if_fail (ANGIO_IS_PRESSURE (self), NULL);
  return self->dose;
}

void
angio_pressure_set_dose (AngioPressure *self,
                         const char    *dose)
{
  g_return_if_fail (ANGIO_IS_PRESSURE (self));

  if (dose != NULL && *dose == '\0')
    dose = NULL;
  if (g_strcmp0 (self->dose, dose) == 0)
    return;
  g_free (self->dose);
  self->dose = g_strdup (dose);
  g_signal_emit (self, signals[CHANGED], 0);
}

double
angio_pressure_get_ffr (AngioPressure *self)
{
  g_return_val_if_fail (ANGIO_IS_PRESSURE (self), NAN);
  return self->values[ANGIO_PRESSURE_PD_HYPER] / self->values[ANGIO_PRESSURE_PA_HYPER];
}

double
angio_pressure_get_resting (AngioPressure *self)
{
  g_return_val_if_fail (ANGIO_IS_PRESSURE (self), NAN);
  return self->values[ANGIO_PRESSURE_PD_REST] / self->values[ANGIO_PRESSURE_PA_REST];
}

double
angio_pressure_get_gradient (AngioPressure *self)
{
  g_return_val_if_fail (ANGIO_IS_PRESSURE (self), NAN);
  return self->values[ANGIO_PRESSURE_PA_HYPER] - self->values[ANGIO_PRESSURE_PD_HYPER];
}

gboolean
angio_pressure_is_empty (AngioPressure *self)
{
  g_return_val_if_fail (ANGIO_IS_PRESSURE (self), TRUE);
  for (guint i = 0; i < ANGIO_PRESSURE_N_FIELDS; i++)
    if (!isnan (self->values[i]))
      return FALSE;
  return self->agent == ANGIO_AGENT_NONE && self->dose == NULL;
}

JsonNode *
angio_pressure_to_json (AngioPressure *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (ANGIO_IS_PRESSURE (self), NULL);

  json_builder_begin_object (b);
  for (guint i = 0; i < ANGIO_PRESSURE_N_FIELDS; i++)
    angio_json_member_number (b, field_keys[i], self->values[i], 1);
  angio_json_member_number (b, "ffr", angio_pressure_get_ffr (self), 3);
  angio_json_member_number (b, "resting_pd_pa", angio_pressure_get_resting (self), 3);
  angio_json_member_string (b, "agent", self->agent != ANGIO_AGENT_NONE
                                        ? agent_keys[self->agent] : NULL);
  angio_json_member_string (b, "dose", self->dose);
  angio_json_member_number (b, "gradient_mean_mmHg", angio_pressure_get_gradient (self), 1);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
load_value (JsonObject          *object,
            AngioPressureField   field,
            double              *value,
            GError             **error)
{
  JsonNode *node = json_object_get_member (object, field_keys[field]);

  *value = NAN;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) == G_TYPE_STRING ||
      json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("%s must be a number of mmHg"), angio_pressure_field_label (field));
      return FALSE;
    }
  *value = json_node_get_double (node);
  return TRUE;
}

gboolean
angio_pressure_load_json (AngioPressure  *self,
                          JsonObject     *object,
                          GError        **error)
{
  g_autoptr(AngioPressure) read = angio_pressure_new ();
  const char *agent;

  g_return_val_if_fail (ANGIO_IS_PRESSURE (self), FALSE);

  /* Pa first, so that each Pd is checked against its Pa. */
  for (guint k = 0; k < ANGIO_PRESSURE_N_FIELDS; k++)
    {
      AngioPressureField field = (k < 2) ? k * 2 : (k - 2) * 2 + 1;
      double v;

      if (!load_value (object, field, &v, error) ||
          !angio_pressure_set_value (read, field, v, error))
        return FALSE;
    }
  agent = angio_json_get_string (object, "agent");
  for (guint i = 0; agent != NULL && i < G_N_ELEMENTS (agent_keys); i++)
    if (g_str_equal (agent, agent_keys[i]))
      read->agent = i;
  if (agent != NULL && read->agent == ANGIO_AGENT_NONE && !g_str_equal (agent, "none"))
    read->agent = ANGIO_AGENT_OTHER;
  read->dose = g_strdup (angio_json_get_string (object, "dose"));
  angio_pressure_copy_from (self, read);
  return TRUE;
}

void
angio_pressure_copy_from (AngioPressure *self,
                          AngioPressure *other)
{
  gboolean same;

  g_return_if_fail (ANGIO_IS_PRESSURE (self) && ANGIO_IS_PRESSURE (other));

  same = self->agent == other->agent && g_strcmp0 (self->dose, other->dose) == 0;
  for (guint i = 0; i < ANGIO_PRESSURE_N_FIELDS; i++)
    same = same && (self->values[i] == other->values[i] ||
                    (isnan (self->values[i]) && isnan (other->values[i])));
  if (same)
    return;
  memcpy (self->values, other->values, sizeof self->values);
  self->agent = other->agent;
  g_free (self->dose);
  self->dose = g_strdup (other->dose);
  g_signal_emit (self, signals[CHANGED], 0);
}
