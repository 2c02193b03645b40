/* angio-types.c — error quark and enum helpers of the model. */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "angio-types.h"

G_DEFINE_QUARK (angio-core-error-quark, angio_core_error)

gboolean
angio_core_invalid (GError    **error,
                    const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT, message);
  return FALSE;
}

const char *
angio_enum_nick (GType type,
                 int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *entry = g_enum_get_value (klass, value);

  return entry != NULL ? entry->value_nick : NULL;
}

gboolean
angio_enum_from_nick (GType       type,
                      const char *nick,
                      int        *value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *entry = nick != NULL ? g_enum_get_value_by_nick (klass, nick) : NULL;

  if (entry != NULL)
    *value = entry->value;
  return entry != NULL;
}

const char *
angio_frame_time_source_describe (AngioFrameTimeSource source)
{
  switch (source)
    {
    case ANGIO_FRAME_TIME_FRAME_TIME_VECTOR: return _("Frame Time Vector");
    case ANGIO_FRAME_TIME_FRAME_TIME: return _("Frame Time");
    case ANGIO_FRAME_TIME_ACQUISITION_DATETIME: return _("Frame Acquisition DateTime");
    case ANGIO_FRAME_TIME_CINE_RATE: return _("Cine Rate");
    case ANGIO_FRAME_TIME_RECOMMENDED_DISPLAY_FRAME_RATE: return _("Recommended Display Frame Rate");
    case ANGIO_FRAME_TIME_ASSUMED: default: return _("assumed: the file gives no timing");
    }
}

const char *
angio_calibration_describe (AngioCalibrationMethod method)
{
  switch (method)
    {
    case ANGIO_CALIBRATION_ISOCENTER: return _("isocenter: Imager Pixel Spacing × SOD / SID");
    case ANGIO_CALIBRATION_PIXEL_SPACING: return _("Pixel Spacing");
    case ANGIO_CALIBRATION_MAGNIFICATION:
      return _("Imager Pixel Spacing / Estimated Radiographic Magnification Factor");
    case ANGIO_CALIBRATION_CATHETER: return _("catheter");
    case ANGIO_CALIBRATION_MANUAL: return _("manual");
    case ANGIO_CALIBRATION_NONE: default: return _("none: the file gives no usable scale");
    }
}

char *
angio_describe_angles (double primary_deg,
                       double secondary_deg)
{
  if (!isfinite (primary_deg) && !isfinite (secondary_deg))
    return NULL;
  /* Translators: positioner angles; LAO/RAO and CRA/CAU are the usual abbreviations */
  return g_strdup_printf (_("%s %.1f°, %s %.1f°"),
                          primary_deg >= 0 ? _("LAO") : _("RAO"),
                          isfinite (primary_deg) ? fabs (primary_deg) : 0.0,
                          secondary_deg >= 0 ? _("CRA") : _("CAU"),
                          isfinite (secondary_deg) ? fabs (secondary_deg) : 0.0);
}

const char *
angio_describe_burned_in (const char *value)
{
  if (value == NULL || *value == '\0')
    return _("not stated");
  if (g_ascii_strcasecmp (value, "YES") == 0)
    return _("yes: text may be burned into the pixels");
  if (g_ascii_strcasecmp (value, "NO") == 0)
    return _("no");
  return value;
}

const char *
angio_case_status_describe (AngioCaseStatus status)
{
  switch (status)
    {
    case ANGIO_CASE_IN_PROGRESS: return _("In progress");
    case ANGIO_CASE_DONE: return _("Done");
    case ANGIO_CASE_NEW: default: return _("New");
    }
}
