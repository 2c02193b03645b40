/* main.c — angiomark: the desktop application. Everything else is in libangio-ui. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "angio-application.h"
#include "angio-i18n.h"
#include "angio-resources.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AngioApplication) app = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  angio_i18n_init ();
  /* Uninstalled, the settings schema is the one compiled in the build tree. */
  if (self != NULL && g_str_has_prefix (self, ANGIO_BUILD_ROOT "/"))
    g_setenv ("GSETTINGS_SCHEMA_DIR", ANGIO_BUILD_ROOT "/resources", FALSE);
  g_resources_register (angio_get_resource ());
  g_set_application_name (_("Angiomark"));

  app = angio_application_new (G_APPLICATION_DEFAULT_FLAGS);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
