/* angio-cli-package.c — `angiomark-cli export|validate|import`: case packages. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "angio-cli.h"
#include "angio-enum-types.h"
#include "angio-package.h"

static char **opt_cases;
static gboolean opt_all;
static char *opt_status;
static char *opt_out;
static gboolean opt_zip;
static char *opt_prefix;
static char *opt_workspace;
static gboolean opt_timings;
static gboolean opt_reads;

static const GOptionEntry export_entries[] = {
  { "case", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_cases,
    N_("A case to export (repeat for several)"), N_("ID") },
  { "all", 0, 0, G_OPTION_ARG_NONE, &opt_all, N_("Export every case"), NULL },
  { "status", 0, 0, G_OPTION_ARG_STRING, &opt_status,
    N_("Export the cases of this status (new, in-progress, done)"), N_("STATUS") },
  { "out", 0, 0, G_OPTION_ARG_FILENAME, &opt_out,
    N_("The dataset folder to write (new or empty)"), N_("DIR") },
  { "zip", 0, 0, G_OPTION_ARG_NONE, &opt_zip, N_("Zip each package"), NULL },
  { "reads", 0, 0, G_OPTION_ARG_NONE, &opt_reads,
    N_("Add each reader’s read (by reader ID) of the final cases beside their consensus"),
    NULL },
  { "prefix", 0, 0, G_OPTION_ARG_STRING, &opt_prefix,
    N_("Pseudonyms of cases exported for the first time: PREFIX-0001… (default RAS)"),
    N_("PREFIX") },
  { "timings", 0, 0, G_OPTION_ARG_NONE, &opt_timings, N_("Print how long each step took"),
    NULL },
  { NULL }
};

static const GOptionEntry validate_entries[] = {
  { "timings", 0, 0, G_OPTION_ARG_NONE, &opt_timings, N_("Print the hashing speed"), NULL },
  { NULL }
};

static const GOptionEntry import_entries[] = {
  { "workspace", 0, 0, G_OPTION_ARG_FILENAME, &opt_workspace,
    N_("The workspace to import into (created if needed)"), N_("DIR") },
  { NULL }
};

typedef struct {
  guint n;
  guint done;
  gint64 start;
  gint64 last;
  char *last_case;
} Progress;

static void
on_progress (double      fraction,
             const char *case_id,
             gpointer    user_data)
{
  Progress *p = user_data;
  gint64 now = g_get_monotonic_time ();

  if (case_id != NULL && g_strcmp0 (case_id, p->last_case) == 0)
    return;   /* a step within the case */
  if (opt_timings && p->last_case != NULL)
    g_printerr ("  %s: %.0f ms\n", p->last_case, (now - p->last) / 1000.0);
  g_clear_pointer (&p->last_case, g_free);
  if (case_id != NULL)
    {
      /* Translators: progress of an export: case id, its number, how many */
      g_printerr (_("Exporting %s (%u of %u)…\n"), case_id, ++p->done, p->n);
      p->last_case = g_strdup (case_id);
    }
  p->last = now;
}

/* The case ids the options select. */
static GPtrArray *
select_cases (AngioWorkspace  *workspace,
              GError         **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) cases = NULL;
  int wanted = -1;

  if (opt_cases != NULL)
    {
      for (guint i = 0; opt_cases[i] != NULL; i++)
        g_ptr_array_add (ids, g_strdup (opt_cases[i]));
      g_ptr_array_add (ids, NULL);
      return g_steal_pointer (&ids);
    }
  if (opt_status != NULL &&
      !angio_enum_from_nick (ANGIO_TYPE_CASE_STATUS, opt_status, &wanted))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("unknown status “%s” (new, in-progress, done)"), opt_status);
      return NULL;
    }
  cases = angio_workspace_list (workspace, error);
  if (cases == NULL)
    return NULL;
  for (guint i = 0; i < cases->len; i++)
    {
      AngioCaseSummary *s = g_ptr_array_index (cases, i);

      if (wanted < 0 || (int) s->status == wanted)
        g_ptr_array_add (ids, g_strdup (s->case_id));
    }
  if (ids->len == 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("no case has the status “%s”"), opt_status);
      return NULL;
    }
  g_ptr_array_add (ids, NULL);
  return g_steal_pointer (&ids);
}

int
angio_cli_export (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("WORKSPACE"));
  g_autoptr(AngioWorkspace) workspace = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  AngioExportOptions options = { 0 };
  Progress progress = { 0 };
  int status = ANGIO_EXIT_OK;
  int chosen;

  g_option_context_set_summary (context, _("Export cases as a dataset of de-identified, "
                                           "labelled case packages (docs/package-format.md)."));
  g_option_context_add_main_entries (context, export_entries, GETTEXT_PACKAGE);
  if (!angio_cli_parse (context, &argc, &argv, &status))
    return status;
  chosen = (opt_cases != NULL) + opt_all + (opt_status != NULL);
  if (argc != 2 || opt_out == NULL || chosen != 1)
    {
      g_printerr ("angiomark-cli: %s\n", _("usage: angiomark-cli export WORKSPACE (--case ID… | "
                                           "--all | --status STATUS) --out DIR [--zip]"));
      return ANGIO_EXIT_BAD_INPUT;
    }
  workspace = angio_cli_open_workspace (argv[1], FALSE, &error);
  if (workspace == NULL || !(ids = select_cases (workspace, &error)))
    return angio_cli_fail (error);
  options.zip = opt_zip;
  options.prefix = opt_prefix;
  options.reads = opt_reads;
  progress.n = ids->len - 1;
  progress.start = g_get_monotonic_time ();
  if (!angio_package_export (workspace, (const char *const *) ids->pdata, opt_out, &options,
                             on_progress, &progress, NULL, &error))
    {
      g_free (progress.last_case);
      return angio_cli_fail (error);
    }
  /* Translators: %u cases, %s a folder */
  g_print (g_dngettext (GETTEXT_PACKAGE, "Exported %u case to %s\n", "Exported %u cases to %s\n",
                        progress.n), progress.n, opt_out);
  if (opt_timings)
    g_printerr ("export: %.0f ms\n", (g_get_monotonic_time () - progress.start) / 1000.0);
  return ANGIO_EXIT_OK;
}

int
angio_cli_validate (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("PACKAGE…"));
  int status = ANGIO_EXIT_OK;

  g_option_context_set_summary (context, _("Check case packages, zipped packages or datasets "
                                           "against their manifests and the format."));
  g_option_context_add_main_entries (context, validate_entries, GETTEXT_PACKAGE);
  if (!angio_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc < 2)
    {
      g_printerr ("angiomark-cli: %s\n", _("give the packages to check"));
      return ANGIO_EXIT_BAD_INPUT;
    }
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_filename_display_name (argv[i]);
      gint64 start = g_get_monotonic_time ();
      guint64 bytes = 0;

      if (angio_package_validate (argv[i], problems, &bytes, NULL, &error))
        {
          double seconds = (g_get_monotonic_time () - start) / 1e6;

          /* Translators: a package that passed validation; %s is its name */
          g_print (_("%s: valid\n"), name);
          if (opt_timings)
            g_printerr ("validate: %.1f MB in %.0f ms, %.0f MB/s\n", bytes / 1e6,
                        seconds * 1000, bytes / 1e6 / MAX (seconds, 1e-6));
          continue;
        }
      if (error != NULL)
        {
          /* Once: MAX() would evaluate (and print) it twice. */
          int failed = angio_cli_fail (error);

          status = MAX (status, failed);
          continue;
        }
      for (guint k = 0; k < problems->len; k++)
        g_print ("%s\n", (char *) g_ptr_array_index (problems, k));
      /* Translators: a package that failed validation; %s is its name, %u the problems */
      g_print (g_dngettext (GETTEXT_PACKAGE, "%s: invalid (%u problem)\n",
                            "%s: invalid (%u problems)\n", problems->len), name, problems->len);
      status = ANGIO_EXIT_BAD_INPUT;
    }
  return status;
}

int
angio_cli_import (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("PACKAGE…"));
  g_autoptr(AngioWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  int status = ANGIO_EXIT_OK;

  g_option_context_set_summary (context, _("Import case packages, zipped packages or datasets "
                                           "into a workspace, after checking them."));
  g_option_context_add_main_entries (context, import_entries, GETTEXT_PACKAGE);
  if (!angio_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc < 2 || opt_workspace == NULL)
    {
      g_printerr ("angiomark-cli: %s\n", _("usage: angiomark-cli import PACKAGE… "
                                           "--workspace DIR"));
      return ANGIO_EXIT_BAD_INPUT;
    }
  workspace = angio_cli_open_workspace (opt_workspace, TRUE, &error);
  if (workspace == NULL)
    return angio_cli_fail (error);
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GPtrArray) ids = angio_package_import (workspace, argv[i], NULL, &error);

      if (ids == NULL)
        {
          int failed = angio_cli_fail (error);   /* once: MAX() evaluates twice */

          status = MAX (status, failed);
          g_clear_error (&error);
          continue;
        }
      for (guint k = 0; k < ids->len; k++)
        /* Translators: a case imported from a package */
        g_print (_("Imported %s\n"), (char *) g_ptr_array_index (ids, k));
    }
  return status;
}
