/* angio-pressure.h — the pressure-wire record of a case (task 3 of the challenge): aortic (Pa)
 * and distal (Pd) mean pressures at rest and under hyperaemia, the hyperaemic agent and dose,
 * and what they give: FFR = Pd/Pa under hyperaemia, resting Pd/Pa, the mean gradient Pa − Pd.
 *
 * Values go in through angio_pressure_set_value(), which refuses anything out of range with a
 * message for that field: a bad number never reaches the record, and so never the workspace. */
#pragma once

#include <json-glib/json-glib.h>

#include "angio-types.h"

G_BEGIN_DECLS

typedef enum {
  ANGIO_PRESSURE_PA_REST,
  ANGIO_PRESSURE_PD_REST,
  ANGIO_PRESSURE_PA_HYPER,
  ANGIO_PRESSURE_PD_HYPER,
  ANGIO_PRESSURE_N_FIELDS
} AngioPressureField;

typedef enum {
  ANGIO_AGENT_NONE,
  ANGIO_AGENT_PAPAVERINE,
  ANGIO_AGENT_DOPAMINE,
  ANGIO_AGENT_ADENOSINE,
  ANGIO_AGENT_OTHER,
} AngioAgent;

/* Physiological bounds (mmHg) and how far Pd may exceed Pa (drift, measurement noise). */
#define ANGIO_PA_MIN_MMHG 20.0
#define ANGIO_PA_MAX_MMHG 250.0
#define ANGIO_PD_MAX_RATIO 1.05

#define ANGIO_TYPE_PRESSURE (angio_pressure_get_type ())
G_DECLARE_FINAL_TYPE (AngioPressure, angio_pressure, ANGIO, PRESSURE, GObject)

AngioPressure *angio_pressure_new           (void);

/* NAN when not entered. */
double         angio_pressure_get_value     (AngioPressure      *self,
                                             AngioPressureField  field);
/**
 * angio_pressure_set_value:
 * Sets @field to @mmhg (NAN clears it) after checking it against its range and against the
 * other values (0 < Pd ≤ Pa × 1.05). Returns: FALSE with a message for the user (translated,
 * ANGIO_CORE_ERROR_INVALID_ARGUMENT) and the record unchanged.
 */
gboolean       angio_pressure_set_value     (AngioPressure      *self,
                                             AngioPressureField  field,
                                             double              mmhg,
                                             GError            **error);
/**
 * angio_pressure_parse:
 * What a person typed in the field @field ("92", "92.5", "92,5", blank to clear) as mmHg,
 * checked as angio_pressure_set_value() would. Returns: FALSE with the message.
 */
gboolean       angio_pressure_parse         (AngioPressure      *self,
                                             AngioPressureField  field,
                                             const char         *text,
                                             double             *mmhg,
                                             GError            **error);
AngioAgent     angio_pressure_get_agent     (AngioPressure      *self);
void           angio_pressure_set_agent     (AngioPressure      *self,
                                             AngioAgent          agent);
const char    *angio_pressure_get_dose      (AngioPressure      *self);
void           angio_pressure_set_dose      (AngioPressure      *self,
                                             const char         *dose);

/* Derived values, NAN while their inputs are missing. */
double         angio_pressure_get_ffr       (AngioPressure      *self);
double         angio_pressure_get_resting   (AngioPressure      *self);
double         angio_pressure_get_gradient  (AngioPressure      *self);
gboolean       angio_pressure_is_empty      (AngioPressure      *self);

/* The field's name as people read it ("Pa at rest", translated) and in files ("pa_rest"). */
const char    *angio_pressure_field_label   (AngioPressureField  field);
const char    *angio_pressure_field_key     (AngioPressureField  field);
const char    *angio_agent_label            (AngioAgent          agent);

/* The "pressure" object of case.json; unknown values are null. */
JsonNode      *angio_pressure_to_json       (AngioPressure      *self);
/* Reads it back into @self, each value checked as if typed; FALSE at the first bad one. */
gboolean       angio_pressure_load_json     (AngioPressure      *self,
                                             JsonObject         *object,
                                             GError            **error);
void           angio_pressure_copy_from     (AngioPressure      *self,
                                             AngioPressure      *other);

G_END_DECLS
