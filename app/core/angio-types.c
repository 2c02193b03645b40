/* angio-types.c — error quark and enum helpers of the model. */
#include "config.h"

#include "angio-types.h"

G_DEFINE_QUARK (angio-core-error-quark, angio_core_error)

const char *
angio_enum_nick (GType type,
                 int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *entry = g_enum_get_value (klass, value);

  return entry != NULL ? entry->value_nick : NULL;
}
