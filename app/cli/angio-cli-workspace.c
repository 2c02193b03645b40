/* angio-cli-workspace.c — `angiomark-cli workspace import|list`. */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "angio-cli.h"
#include "angio-enum-types.h"
#include "angio-json.h"
#include "angio-workspace.h"

static gboolean opt_json;
static gboolean opt_no_analysis;

static const GOptionEntry import_entries[] = {
  { "no-analysis", 0, 0, G_OPTION_ARG_NONE, &opt_no_analysis,
    N_("Only record the runs; the analysis runs when a case is opened"), NULL },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print one JSON object"), NULL },
  { NULL }
};

static const GOptionEntry list_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print one JSON array"), NULL },
  { NULL }
};

static int
run_import (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("WORKSPACE PATH…"));
  g_autoptr(AngioWorkspace) workspace = NULL;
  g_autoptr(AngioImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  int status = ANGIO_EXIT_OK;

  g_option_context_set_summary (context, _("Import DICOM files, folders and DICOMDIRs as cases "
                                           "(one per study), creating the workspace if needed."));
  g_option_context_add_main_entries (context, import_entries, GETTEXT_PACKAGE);
  if (!angio_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc < 3)
    {
      g_printerr ("angiomark-cli: %s\n", _("give a workspace folder and what to import"));
      return ANGIO_EXIT_BAD_INPUT;
    }
  workspace = angio_cli_open_workspace (argv[1], TRUE, &error);
  if (workspace == NULL)
    return angio_cli_fail (error);
  report = angio_workspace_import (workspace, (const char *const *) argv + 2, !opt_no_analysis,
                                   NULL, &error);
  if (report == NULL)
    return angio_cli_fail (error);
  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      angio_json_member_strings (b, "cases", report->cases);
      angio_json_member_int (b, "series_added", report->n_series);
      angio_json_member_int (b, "series_known", report->n_known);
      angio_json_member_strings (b, "skipped", report->skipped);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      angio_cli_print_json (root);
    }
  else
    {
      angio_cli_linef (_("Runs added"), "%u", report->n_series);
      angio_cli_linef (_("Already there"), "%u", report->n_known);
      angio_cli_linef (_("Cases"), "%u", report->cases->len);
      for (guint i = 0; i < report->skipped->len; i++)
        angio_cli_line (_("Skipped"), g_ptr_array_index (report->skipped, i));
    }
  /* Nothing imported from what was given: the input was bad, and the user is told so. */
  if (report->n_series + report->n_known == 0)
    {
      g_printerr ("angiomark-cli: %s\n",
                  report->skipped->len > 0
                  ? _("nothing imported: no file given holds an angiographic run Angiomark "
                      "reads (the reasons are above)")
                  : _("nothing imported: no DICOM file was found in what was given"));
      return ANGIO_EXIT_BAD_INPUT;
    }
  return ANGIO_EXIT_OK;
}

static JsonNode *
summaries_to_json (GPtrArray *cases)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < cases->len; i++)
    {
      AngioCaseSummary *s = g_ptr_array_index (cases, i);

      json_builder_begin_object (b);
      angio_json_member_string (b, "case_id", s->case_id);
      angio_json_member_string (b, "status", angio_enum_nick (ANGIO_TYPE_CASE_STATUS, s->status));
      angio_json_member_string (b, "annotator", s->annotator);
      angio_json_member_int (b, "series", s->n_series);
      json_builder_set_member_name (b, "best_key_frame");
      if (s->best_key_frame >= 0)
        json_builder_add_int_value (b, s->best_key_frame);
      else
        json_builder_add_null_value (b);
      angio_json_member_number (b, "worst_percent_ds", s->worst_percent_ds, 1);
      angio_json_member_number (b, "wire_ffr", s->wire_ffr, 2);
      angio_json_member_number (b, "estimated_ffr", s->estimated_ffr, 2);
      angio_json_member_int (b, "revisions", s->n_revisions);
      angio_json_member_string (b, "modified", s->modified);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

static char *
number_or_dash (double value,
                int    decimals)
{
  return isfinite (value) ? g_strdup_printf ("%.*f", decimals, value) : g_strdup ("–");
}

static int
run_list (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("WORKSPACE"));
  g_autoptr(AngioWorkspace) workspace = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  int status = ANGIO_EXIT_OK;

  g_option_context_set_summary (context, _("List the cases of a workspace."));
  g_option_context_add_main_entries (context, list_entries, GETTEXT_PACKAGE);
  if (!angio_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    {
      g_printerr ("angiomark-cli: %s\n", _("give one workspace folder"));
      return ANGIO_EXIT_BAD_INPUT;
    }
  workspace = angio_cli_open_workspace (argv[1], FALSE, &error);
  if (workspace == NULL || !(cases = angio_workspace_list (workspace, &error)))
    return angio_cli_fail (error);
  if (opt_json)
    {
      g_autoptr(JsonNode) root = summaries_to_json (cases);

      angio_cli_print_json (root);
      return ANGIO_EXIT_OK;
    }
  /* Translators: column heads of the case list; keep the widths */
  g_print ("%-10s %-12s %-14s %5s %6s %5s %5s\n", _("Case"), _("Status"), _("Annotator"),
           _("Key"), _("%DS"), _("FFR"), _("Est."));
  for (guint i = 0; i < cases->len; i++)
    {
      AngioCaseSummary *s = g_ptr_array_index (cases, i);
      g_autofree char *key = s->best_key_frame >= 0 ? g_strdup_printf ("%d", s->best_key_frame)
                                                    : g_strdup ("–");
      g_autofree char *ds = number_or_dash (s->worst_percent_ds, 0);
      g_autofree char *ffr = number_or_dash (s->wire_ffr, 2);
      g_autofree char *est = number_or_dash (s->estimated_ffr, 2);

      g_print ("%-10s %-12s %-14s %5s %6s %5s %5s\n", s->case_id,
               angio_case_status_describe (s->status), s->annotator ? s->annotator : "–", key,
               ds, ffr, est);
    }
  return ANGIO_EXIT_OK;
}

int
angio_cli_workspace (int    argc,
                     char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "import"))
    return run_import (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return run_list (argc - 1, argv + 1);
  g_printerr ("angiomark-cli: %s\n", _("usage: angiomark-cli workspace import WORKSPACE PATH… | "
                                       "workspace list WORKSPACE [--json]"));
  return ANGIO_EXIT_BAD_INPUT;
}
