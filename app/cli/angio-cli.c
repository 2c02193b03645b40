/* angio-cli.c — angiomark-cli: headless commands over libangio-core (no GTK linked). */
#define G_LOG_DOMAIN "angio-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "angio-cli.h"
#include "angio-dicom.h"
#include "angio-i18n.h"
#include "angio-json.h"
#include "angio-types.h"

static const struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} commands[] = {
  { "info", angio_cli_info, N_("Describe a DICOM file and check that every frame decodes") },
  { "phantom", angio_cli_phantom, N_("Write a synthetic angiogram with its ground truth") },
  { "analyze", angio_cli_analyze, N_("Propose key frames and stenoses, with their QCA") },
  { "qca", angio_cli_qca, N_("Measure the vessel between two points of a frame (QCA)") },
  { "workspace", angio_cli_workspace, N_("Import runs into a workspace, list its cases") },
  { "export", angio_cli_export, N_("Export cases as de-identified, labelled case packages") },
  { "validate", angio_cli_validate, N_("Check case packages against their manifests") },
  { "import", angio_cli_import, N_("Import case packages into a workspace") },
  { "import-predictions", angio_cli_import_predictions,
    N_("Import a model’s predictions beside the labels of a workspace") },
  { "score", angio_cli_score, N_("Score predictions against the labels of a workspace") },
  { "protocol", angio_cli_protocol, N_("Show or set the reading protocol of a workspace") },
  { "readers", angio_cli_readers, N_("Add or list the readers of a workspace and their roles") },
  { "assign", angio_cli_assign, N_("Assign cases to readers, evenly or by hand") },
  { "read", angio_cli_read, N_("List the reads (a reader’s worklist), submit a read") },
  { "agreement", angio_cli_agreement, N_("The agreement report of the readers") },
  { "adjudicate", angio_cli_adjudicate, N_("Decide a task of a case in adjudication") },
  { "audit", angio_cli_audit, N_("The audit trail of the reading") },
};

int
angio_cli_fail (const GError *error)
{
  g_printerr ("angiomark-cli: %s\n", error->message);
  if (error->domain == ANGIO_DICOM_ERROR && error->code != ANGIO_DICOM_ERROR_WRITE)
    return ANGIO_EXIT_BAD_INPUT;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    return ANGIO_EXIT_BAD_INPUT;
  if (error->domain == G_OPTION_ERROR
      || (error->domain == ANGIO_CORE_ERROR && error->code == ANGIO_CORE_ERROR_INVALID_ARGUMENT))
    return ANGIO_EXIT_BAD_INPUT;
  return ANGIO_EXIT_FAILED;
}

AngioWorkspace *
angio_cli_open_workspace (const char  *folder,
                          gboolean     create,
                          GError     **error)
{
  AngioWorkspace *workspace = angio_workspace_open (folder, create, error);

  if (workspace != NULL && angio_workspace_is_read_only (workspace))
    {
      g_autofree char *name = g_filename_display_name (angio_workspace_get_folder (workspace));

      /* Translators: %s is a workspace folder */
      g_printerr (_("angiomark-cli: %s cannot be written: opened read-only\n"), name);
    }
  return workspace;
}

gboolean
angio_cli_parse (GOptionContext  *context,
                 int             *argc,
                 char          ***argv,
                 int             *status)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (g_option_context_parse (context, argc, argv, &error))
    return TRUE;
  *status = angio_cli_fail (error);
  return FALSE;
}

void
angio_cli_print_json (JsonNode *node)
{
  g_autofree char *text = angio_json_to_string (node, TRUE);

  g_print ("%s\n", text);
}

void
angio_cli_line (const char *label,
                const char *value)
{
  guint width = 0;
  /* Translators: a label and its colon, as in "File:" */
  g_autofree char *labelled = g_strdup_printf (_("%s:"), label);

  for (const char *p = labelled; *p; p = g_utf8_next_char (p))
    width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  g_print ("%s%*s %s\n", labelled, (int) (width < 25 ? 25 - width : 0), "", value);
}

void
angio_cli_linef (const char *label,
                 const char *format,
                 ...)
{
  g_autofree char *value = NULL;
  va_list args;

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);
  angio_cli_line (label, value);
}

static void
usage (FILE *stream)
{
  fprintf (stream, "%s\n\n%s\n", _("Usage: angiomark-cli COMMAND [OPTION…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-18s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Run “angiomark-cli COMMAND --help” for the options of a command."));
}

int
main (int   argc,
      char *argv[])
{
  angio_i18n_init ();
  g_set_prgname ("angiomark-cli");

  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0
      || strcmp (argv[1], "help") == 0)
    {
      usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? ANGIO_EXIT_BAD_INPUT : ANGIO_EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      g_print ("angiomark-cli %s\n", PACKAGE_VERSION);
      return ANGIO_EXIT_OK;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);

  g_printerr (_("angiomark-cli: unknown command “%s”\n\n"), argv[1]);
  usage (stderr);
  return ANGIO_EXIT_BAD_INPUT;
}
