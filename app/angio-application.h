/* angio-application.h — the Angiomark application: windows, the command line, About,
 * Preferences. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ANGIO_TYPE_APPLICATION (angio_application_get_type ())
G_DECLARE_FINAL_TYPE (AngioApplication, angio_application, ANGIO, APPLICATION, AdwApplication)

AngioApplication *angio_application_new (GApplicationFlags flags);

G_END_DECLS
