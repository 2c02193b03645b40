/* angio-i18n.h — gettext set-up shared by every Angiomark program (the decoder, the CLI, the
 * application). Uninstalled, the translations are read from the build tree. */
#pragma once

#include <locale.h>
#include <string.h>

#include <glib.h>
#include <glib/gi18n-lib.h>

static inline void
angio_i18n_init (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  const char *locale = setlocale (LC_ALL, "");

  /* Without a configured locale, still speak UTF-8 and honour $LANGUAGE (gettext ignores it
   * in the "C" locale). */
  if (locale == NULL || strcmp (locale, "C") == 0 || strcmp (locale, "POSIX") == 0)
    setlocale (LC_ALL, "C.UTF-8");
  if (self != NULL && g_str_has_prefix (self, ANGIO_BUILD_ROOT "/"))
    bindtextdomain (GETTEXT_PACKAGE, ANGIO_BUILD_ROOT "/po");
  else
    bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
