/* angio-cli-reading.c — several readers, one dataset: `angiomark-cli protocol show|set`,
 * `readers add|list`, `assign`, `read list|submit`, `agreement`, `adjudicate`, `audit`. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "angio-cli.h"
#include "angio-enum-types.h"
#include "angio-json.h"
#include "angio-reading.h"

static gboolean opt_json;
static gboolean opt_csv;
static gboolean opt_evenly;
static int opt_readers = -1;
static int opt_key_frames = -1;
static double opt_dice = NAN;
static double opt_percent_ds = NAN;
static double opt_pressure = NAN;
static char *opt_double_read;
static char *opt_proposals;
static char *opt_unblind;
static char *opt_adjudicator;
static char *opt_as;
static char *opt_name;
static char *opt_role;
static char *opt_reader;
static char **opt_reader_list;
static char *opt_task;
static char *opt_take;
static char *opt_corrected;
static char *opt_reason;

static const GOptionEntry json_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON"), NULL },
  { NULL }
};

static const GOptionEntry protocol_entries[] = {
  { "readers", 0, 0, G_OPTION_ARG_INT, &opt_readers, N_("Readers per case (1–3)"), "N" },
  { "double-read", 0, 0, G_OPTION_ARG_STRING, &opt_double_read,
    N_("Tasks compared between reads: key-frame,outline,wire or none"), N_("TASKS") },
  { "proposals", 0, 0, G_OPTION_ARG_STRING, &opt_proposals,
    N_("Whether reads start from the algorithm’s proposals (yes or no)"), N_("YES|NO") },
  { "key-frame-frames", 0, 0, G_OPTION_ARG_INT, &opt_key_frames,
    N_("Key frames agree within ± this many frames (2)"), "N" },
  { "dice", 0, 0, G_OPTION_ARG_DOUBLE, &opt_dice, N_("Outlines agree with a Dice of at least "
                                                     "this (0.8)"), "X" },
  { "percent-ds", 0, 0, G_OPTION_ARG_DOUBLE, &opt_percent_ds,
    /* xgettext:no-c-format */
    N_("… and %DS within this many points (10)"), "X" },
  { "pressure", 0, 0, G_OPTION_ARG_DOUBLE, &opt_pressure,
    N_("Wire pressures agree within this many mmHg (1)"), "X" },
  { "adjudicator", 0, 0, G_OPTION_ARG_STRING, &opt_adjudicator,
    N_("The reader ID who adjudicates, or “any”"), N_("ID") },
  { "unblind-final", 0, 0, G_OPTION_ARG_STRING, &opt_unblind,
    N_("Whether readers see the other reads of a final case (yes or no)"), N_("YES|NO") },
  { "as", 0, 0, G_OPTION_ARG_STRING, &opt_as, N_("Who makes the change (recorded)"), N_("ID") },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON"), NULL },
  { NULL }
};

static const GOptionEntry readers_entries[] = {
  { "name", 0, 0, G_OPTION_ARG_STRING, &opt_name, N_("The reader’s name (kept in the "
                                                     "workspace, never exported)"), N_("NAME") },
  { "role", 0, 0, G_OPTION_ARG_STRING, &opt_role,
    N_("reader, adjudicator or curator (reader)"), N_("ROLE") },
  { "as", 0, 0, G_OPTION_ARG_STRING, &opt_as, N_("Who makes the change (recorded)"), N_("ID") },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON"), NULL },
  { NULL }
};

static const GOptionEntry assign_entries[] = {
  { "evenly", 0, 0, G_OPTION_ARG_NONE, &opt_evenly,
    N_("Give each case its readers, the least loaded first"), NULL },
  { "reader", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_reader_list,
    N_("Assign the cases to this reader (repeatable)"), N_("ID") },
  { "as", 0, 0, G_OPTION_ARG_STRING, &opt_as, N_("Who makes the change (recorded)"), N_("ID") },
  { NULL }
};

static const GOptionEntry read_entries[] = {
  { "reader", 0, 0, G_OPTION_ARG_STRING, &opt_reader, N_("The reader"), N_("ID") },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON"), NULL },
  { NULL }
};

static const GOptionEntry agreement_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print the report as JSON"), NULL },
  { "csv", 0, 0, G_OPTION_ARG_NONE, &opt_csv, N_("Print the report as CSV"), NULL },
  { NULL }
};

static const GOptionEntry adjudicate_entries[] = {
  { "task", 0, 0, G_OPTION_ARG_STRING, &opt_task, N_("key-frame, outline or wire"),
    N_("TASK") },
  { "take", 0, 0, G_OPTION_ARG_STRING, &opt_take, N_("The reader whose read is taken"),
    N_("ID") },
  { "corrected", 0, 0, G_OPTION_ARG_FILENAME, &opt_corrected,
    N_("A case.json with the task as corrected (the taken read, edited)"), N_("FILE") },
  { "reason", 0, 0, G_OPTION_ARG_STRING, &opt_reason, N_("Why (required)"), N_("TEXT") },
  { "as", 0, 0, G_OPTION_ARG_STRING, &opt_as, N_("The adjudicator"), N_("ID") },
  { NULL }
};

/* As angio_cli_fail(), and a refusal of the protocol (blinding, roles, a final case) is bad
 * input too: the command was not one this identity may give. */
static int
fail (const GError *error)
{
  int status = angio_cli_fail (error);

  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED)
         ? ANGIO_EXIT_BAD_INPUT : status;
}

static int
bad_input (const char *message)
{
  g_printerr ("angiomark-cli: %s\n", message);
  return ANGIO_EXIT_BAD_INPUT;
}

/* Who: --as, else the user's login. */
static const char *
who (void)
{
  return opt_as ? opt_as : g_get_user_name ();
}

static gboolean
parse (GOptionContext     *context,
       const GOptionEntry *entries,
       const char         *summary,
       int                *argc,
       char             ***argv,
       int                *status)
{
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return angio_cli_parse (context, argc, argv, status);
}

static AngioWorkspace *
open_workspace (const char *folder,
                int        *status)
{
  g_autoptr(GError) error = NULL;
  AngioWorkspace *workspace = angio_cli_open_workspace (folder, FALSE, &error);

  if (workspace == NULL)
    *status = fail (error);
  return workspace;
}

/* "yes"/"no" into @value; FALSE with a message otherwise. */
static gboolean
parse_yes_no (const char *option,
              const char *text,
              gboolean   *value,
              int        *status)
{
  if (text == NULL)
    return TRUE;
  if (g_ascii_strcasecmp (text, "yes") == 0 || g_ascii_strcasecmp (text, "no") == 0)
    {
      *value = g_ascii_strcasecmp (text, "yes") == 0;
      return TRUE;
    }
  {
    /* Translators: an option, then the value given */
    g_autofree char *message = g_strdup_printf (_("%s takes yes or no, not “%s”"), option, text);

    *status = bad_input (message);
  }
  return FALSE;
}

/* protocol */

static void
print_protocol (const AngioProtocol *p)
{
  g_autoptr(GString) tasks = g_string_new (NULL);

  for (guint t = 0; t < ANGIO_N_TASKS; t++)
    if (p->double_read & (1u << t))
      g_string_append_printf (tasks, "%s%s", tasks->len ? "," : "",
                              angio_enum_nick (ANGIO_TYPE_READ_TASK, t));
  angio_cli_linef (_("Readers per case"), "%u", p->readers_per_case);
  angio_cli_line (_("Double-read tasks"), tasks->len ? tasks->str : _("none"));
  angio_cli_line (_("Proposals shown"), p->show_proposals ? _("yes") : _("no"));
  angio_cli_linef (_("Key frames agree within"), _("±%u frames"), p->key_frame_frames);
  angio_cli_linef (_("Outlines agree with"), _("Dice ≥ %.2f and |Δ%%DS| ≤ %.1f"), p->min_dice,
                   p->max_delta_percent_ds);
  angio_cli_linef (_("Wire pressures agree within"), _("%.1f mmHg"),
                   p->max_delta_pressure_mmhg);
  angio_cli_line (_("Adjudicator"), p->adjudicator ? p->adjudicator : _("any adjudicator"));
  angio_cli_line (_("Final cases unblinded"), p->unblind_final ? _("yes") : _("no"));
}

static int
run_protocol_show (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("WORKSPACE"));
  g_autoptr(AngioWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(AngioProtocol) protocol = { 0 };
  int status = ANGIO_EXIT_OK;

  if (!parse (context, json_entries, _("Show the reading protocol of a workspace."), &argc,
              &argv, &status))
    return status;
  if (argc != 2)
    return bad_input (_("give one workspace folder"));
  if ((workspace = open_workspace (argv[1], &status)) == NULL)
    return status;
  if (!angio_workspace_get_protocol (workspace, &protocol, &error))
    return fail (error);
  if (opt_json)
    {
      g_autoptr(JsonNode) node = angio_protocol_to_json (&protocol);

      angio_cli_print_json (node);
    }
  else
    print_protocol (&protocol);
  return ANGIO_EXIT_OK;
}

static int
run_protocol_set (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("WORKSPACE"));
  g_autoptr(AngioWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(AngioProtocol) protocol = { 0 };
  int status = ANGIO_EXIT_OK;

  if (!parse (context, protocol_entries, _("Change the reading protocol of a workspace (the "
                                           "values not given are kept; every change is "
                                           "recorded)."), &argc, &argv, &status))
    return status;
  if (argc != 2)
    return bad_input (_("give one workspace folder"));
  if ((workspace = open_workspace (argv[1], &status)) == NULL)
    return status;
  if (!angio_workspace_get_protocol (workspace, &protocol, &error))
    return fail (error);
  if (opt_readers < -1 || opt_key_frames < -1)
    return bad_input (_("--readers and --key-frame-frames take a number of at least 0"));
  if (opt_readers >= 0)
    protocol.readers_per_case = opt_readers;
  if (opt_double_read != NULL &&
      !angio_read_tasks_parse (opt_double_read, &protocol.double_read, &error))
    return fail (error);
  if (!parse_yes_no ("--proposals", opt_proposals, &protocol.show_proposals, &status) ||
      !parse_yes_no ("--unblind-final", opt_unblind, &protocol.unblind_final, &status))
    return status;
  if (opt_key_frames >= 0)
    protocol.key_frame_frames = opt_key_frames;
  if (!isnan (opt_dice))
    protocol.min_dice = opt_dice;
  if (!isnan (opt_percent_ds))
    protocol.max_delta_percent_ds = opt_percent_ds;
  if (!isnan (opt_pressure))
    protocol.max_delta_pressure_mmhg = opt_pressure;
  if (opt_adjudicator != NULL)
    {
      g_clear_pointer (&protocol.adjudicator, g_free);
      if (strcmp (opt_adjudicator, "any") != 0)
        protocol.adjudicator = g_strdup (opt_adjudicator);
    }
  if (!angio_workspace_set_protocol (workspace, &protocol, who (), &error))
    return fail (error);
  if (opt_json)
    {
      g_autoptr(JsonNode) node = angio_protocol_to_json (&protocol);

      angio_cli_print_json (node);
    }
  else
    print_protocol (&protocol);
  return ANGIO_EXIT_OK;
}

int
angio_cli_protocol (int    argc,
                    char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "show"))
    return run_protocol_show (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "set"))
    return run_protocol_set (argc - 1, argv + 1);
  return bad_input (_("usage: angiomark-cli protocol show WORKSPACE [--json] | protocol set "
                      "WORKSPACE [OPTION…]"));
}

/* readers */

static int
run_readers_add (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("WORKSPACE ID"));
  g_autoptr(AngioWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  int status = ANGIO_EXIT_OK, role = ANGIO_ROLE_READER;

  if (!parse (context, readers_entries, _("Add a reader (or change his name and role)."), &argc,
              &argv, &status))
    return status;
  if (argc != 3)
    return bad_input (_("give a workspace folder and one reader ID"));
  if (opt_role != NULL && !angio_enum_from_nick (ANGIO_TYPE_READER_ROLE, opt_role, &role))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a role: reader, adjudicator "
                                                    "or curator"), opt_role);

      return bad_input (message);
    }
  if ((workspace = open_workspace (argv[1], &status)) == NULL)
    return status;
  if (!angio_workspace_add_reader (workspace, argv[2], opt_name, role, who (), &error))
    return fail (error);
  return ANGIO_EXIT_OK;
}

static int
run_readers_list (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("WORKSPACE"));
  g_autoptr(AngioWorkspace) workspace = NULL;
  g_autoptr(GPtrArray) readers = NULL;
  g_autoptr(GError) error = NULL;
  int status = ANGIO_EXIT_OK;

  if (!parse (context, json_entries, _("List the readers of a workspace."), &argc, &argv,
              &status))
    return status;
  if (argc != 2)
    return bad_input (_("give one workspace folder"));
  if ((workspace = open_workspace (argv[1], &status)) == NULL)
    return status;
  if ((readers = angio_workspace_list_readers (workspace, &error)) == NULL)
    return fail (error);
  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < readers->len; i++)
        {
          AngioReader *r = readers->pdata[i];

          json_builder_begin_object (b);
          angio_json_member_string (b, "reader", r->reader_id);
          angio_json_member_string (b, "name", r->name);
          angio_json_member_string (b, "role", angio_enum_nick (ANGIO_TYPE_READER_ROLE, r->role));
          angio_json_member_string (b, "added", r->added);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      angio_cli_print_json (root);
      return ANGIO_EXIT_OK;
    }
  for (guint i = 0; i < readers->len; i++)
    {
      AngioReader *r = readers->pdata[i];

      g_print ("%-16s %-12s %s\n", r->reader_id, angio_enum_nick (ANGIO_TYPE_READER_ROLE,
                                                                  r->role),
               r->name ? r->name : "");
    }
  return ANGIO_EXIT_OK;
}

int
angio_cli_readers (int    argc,
                   char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "add"))
    return run_readers_add (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return run_readers_list (argc - 1, argv + 1);
  return bad_input (_("usage: angiomark-cli readers add WORKSPACE ID [--role ROLE] [--name "
                      "NAME] | readers list WORKSPACE [--json]"));
}

/* assign */

int
angio_cli_assign (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("WORKSPACE [CASE…]"));
  g_autoptr(AngioWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  int status = ANGIO_EXIT_OK;
  guint made = 0;

  if (!parse (context, assign_entries, _("Assign cases to readers: evenly (every case, or "
                                         "those given), or the cases given to the readers "
                                         "given."), &argc, &argv, &status))
    return status;
  if (argc < 2)
    return bad_input (_("give a workspace folder"));
  if (opt_evenly == (opt_reader_list != NULL))
    return bad_input (_("give either --evenly or --reader ID"));
  if (opt_reader_list != NULL && argc < 3)
    return bad_input (_("give the cases to assign"));
  if ((workspace = open_workspace (argv[1], &status)) == NULL)
    return status;
  if (opt_evenly)
    {
      if (!angio_reading_assign_evenly (workspace, argc > 2 ? (const char *const *) argv + 2
                                                            : NULL, who (), &made, &error))
        return fail (error);
    }
  else
    for (int i = 2; i < argc; i++)
      for (guint k = 0; opt_reader_list[k] != NULL; k++)
        {
          if (!angio_workspace_assign (workspace, argv[i], opt_reader_list[k], who (), &error))
            return fail (error);
          made++;
        }
  angio_cli_linef (_("Assignments"), "%u", made);
  return ANGIO_EXIT_OK;
}

/* read */

static const char *
read_state_describe (AngioReadState state)
{
  switch (state)
    {
    case ANGIO_READ_TO_READ:
      return _("to read");
    case ANGIO_READ_SUBMITTED:
      return _("submitted");
    case ANGIO_READ_ADJUDICATION:
      return _("in adjudication");
    case ANGIO_READ_FINAL:
      return _("final");
    default:
      g_assert_not_reached ();
    }
}

static int
run_read_list (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("WORKSPACE"));
  g_autoptr(AngioWorkspace) workspace = NULL;
  g_autoptr(GPtrArray) reads = NULL;
  g_autoptr(GError) error = NULL;
  int status = ANGIO_EXIT_OK;

  if (!parse (context, read_entries, _("List the reads: a reader’s worklist with --reader."),
              &argc, &argv, &status))
    return status;
  if (argc != 2)
    return bad_input (_("give one workspace folder"));
  if ((workspace = open_workspace (argv[1], &status)) == NULL)
    return status;
  if ((reads = angio_workspace_list_reads (workspace, NULL, opt_reader, &error)) == NULL)
    return fail (error);
  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < reads->len; i++)
        {
          AngioReadInfo *r = reads->pdata[i];

          json_builder_begin_object (b);
          angio_json_member_string (b, "case_id", r->case_id);
          angio_json_member_string (b, "reader", r->reader_id);
          angio_json_member_string (b, "state", angio_enum_nick (ANGIO_TYPE_READ_STATE,
                                                                 r->state));
          angio_json_member_int (b, "revisions", r->n_revisions);
          angio_json_member_string (b, "submitted", r->submitted);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      angio_cli_print_json (root);
      return ANGIO_EXIT_OK;
    }
  for (guint i = 0; i < reads->len; i++)
    {
      AngioReadInfo *r = reads->pdata[i];

      g_print ("%-12s %-16s %s\n", r->case_id, r->reader_id, read_state_describe (r->state));
    }
  return ANGIO_EXIT_OK;
}

static const char *
qc_state_describe (AngioQcState state)
{
  switch (state)
    {
    case ANGIO_QC_READING:
      return _("reads still out");
    case ANGIO_QC_ADJUDICATION:
      return _("in adjudication");
    case ANGIO_QC_FINAL:
      return _("final: consensus made");
    default:
      g_assert_not_reached ();
    }
}

static int
run_read_submit (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("WORKSPACE CASE"));
  g_autoptr(AngioWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  int status = ANGIO_EXIT_OK;
  AngioQcState state;

  if (!parse (context, read_entries, _("Submit a reader’s read of a case (the agreement check "
                                       "runs when it was the last one out)."), &argc, &argv,
              &status))
    return status;
  if (argc != 3)
    return bad_input (_("give a workspace folder and one case"));
  if (opt_reader == NULL)
    return bad_input (_("say whose read with --reader ID"));
  if ((workspace = open_workspace (argv[1], &status)) == NULL)
    return status;
  if (!angio_reading_submit (workspace, argv[2], opt_reader, &state, &error))
    return fail (error);
  angio_cli_line (argv[2], qc_state_describe (state));
  return ANGIO_EXIT_OK;
}

int
angio_cli_read (int    argc,
                char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return run_read_list (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "submit"))
    return run_read_submit (argc - 1, argv + 1);
  return bad_input (_("usage: angiomark-cli read list WORKSPACE [--reader ID] [--json] | "
                      "read submit WORKSPACE CASE --reader ID"));
}

/* agreement */

static void
print_task (JsonObject *task,
            const char *name)
{
  double rate;

  g_print ("%s\n", name);
  angio_cli_linef (_("  Compared"), "%" G_GINT64_FORMAT, angio_json_get_int (task, "compared",
                                                                             0));
  angio_cli_linef (_("  Agreed"), "%" G_GINT64_FORMAT, angio_json_get_int (task, "agreed", 0));
  angio_cli_linef (_("  Adjudicated"), "%" G_GINT64_FORMAT,
                   angio_json_get_int (task, "adjudicated", 0));
  rate = angio_json_get_number (task, "agreement_rate");
  if (isfinite (rate))
    angio_cli_linef (_("  Agreement rate"), "%.2f", rate);
  else
    angio_cli_line (_("  Agreement rate"), "–");
}

int
angio_cli_agreement (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("WORKSPACE"));
  g_autoptr(AngioWorkspace) workspace = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(GError) error = NULL;
  int status = ANGIO_EXIT_OK;
  JsonObject *tasks;

  if (!parse (context, agreement_entries,
              /* xgettext:no-c-format */
              _("The agreement report of a workspace's readers: per "
                                            "task the cases agreed and adjudicated, key-frame "
                                            "offsets, Dice, Bland–Altman and ICC of %DS and MLD, "
                                            "Cohen's κ; per reader against the consensus."),
              &argc, &argv, &status))
    return status;
  if (argc != 2)
    return bad_input (_("give one workspace folder"));
  if (opt_json && opt_csv)
    return bad_input (_("give --json or --csv, not both"));
  if ((workspace = open_workspace (argv[1], &status)) == NULL)
    return status;
  if ((report = angio_reading_report (workspace, &error)) == NULL)
    return fail (error);
  if (opt_json)
    {
      angio_cli_print_json (report);
      return ANGIO_EXIT_OK;
    }
  if (opt_csv)
    {
      g_autofree char *csv = angio_reading_report_csv (report);

      g_print ("%s", csv);
      return ANGIO_EXIT_OK;
    }
  tasks = angio_json_get_object (json_node_get_object (report), "tasks");
  for (guint t = 0; t < ANGIO_N_TASKS; t++)
    {
      const char *nick = angio_enum_nick (ANGIO_TYPE_READ_TASK, t);

      print_task (angio_json_get_object (tasks, nick), nick);
    }
  return ANGIO_EXIT_OK;
}

/* adjudicate */

int
angio_cli_adjudicate (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("WORKSPACE CASE"));
  g_autoptr(AngioWorkspace) workspace = NULL;
  g_autoptr(JsonNode) corrected = NULL;
  g_autoptr(GError) error = NULL;
  int status = ANGIO_EXIT_OK, task;
  AngioQcState state;

  if (!parse (context, adjudicate_entries, _("Decide a task of a case in adjudication: take a "
                                             "reader’s read, or his read corrected. The "
                                             "decision is final and recorded."), &argc, &argv,
              &status))
    return status;
  if (argc != 3)
    return bad_input (_("give a workspace folder and one case"));
  if (opt_task == NULL || !angio_enum_from_nick (ANGIO_TYPE_READ_TASK, opt_task, &task))
    return bad_input (_("say which task with --task key-frame, outline or wire"));
  if (opt_take == NULL)
    return bad_input (_("say whose read is taken with --take ID"));
  if (opt_reason == NULL || *g_strstrip (opt_reason) == '\0')
    return bad_input (_("say why with --reason TEXT"));
  if (opt_as == NULL)
    return bad_input (_("say who adjudicates with --as ID"));
  if (opt_corrected != NULL &&
      (corrected = angio_json_read_file (opt_corrected, ANGIO_JSON_MAX_BYTES, &error)) == NULL)
    return fail (error);
  if ((workspace = open_workspace (argv[1], &status)) == NULL)
    return status;
  if (!angio_reading_adjudicate (workspace, argv[2], task, opt_take, corrected, opt_reason,
                                 opt_as, &state, &error))
    return fail (error);
  angio_cli_line (argv[2], qc_state_describe (state));
  return ANGIO_EXIT_OK;
}

/* audit */

int
angio_cli_audit (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("WORKSPACE [CASE]"));
  g_autoptr(AngioWorkspace) workspace = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  int status = ANGIO_EXIT_OK;

  if (!parse (context, json_entries, _("The audit trail of the reading: who did what, when."),
              &argc, &argv, &status))
    return status;
  if (argc != 2 && argc != 3)
    return bad_input (_("give a workspace folder and at most one case"));
  if ((workspace = open_workspace (argv[1], &status)) == NULL)
    return status;
  if ((audit = angio_workspace_list_audit (workspace, argc == 3 ? argv[2] : NULL, &error))
      == NULL)
    return fail (error);
  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < audit->len; i++)
        {
          AngioAuditEntry *e = audit->pdata[i];

          json_builder_begin_object (b);
          angio_json_member_string (b, "time", e->time);
          angio_json_member_string (b, "who", e->who);
          angio_json_member_string (b, "action", e->action);
          angio_json_member_string (b, "case_id", e->case_id);
          angio_json_member_string (b, "detail", e->detail);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      angio_cli_print_json (root);
      return ANGIO_EXIT_OK;
    }
  for (guint i = 0; i < audit->len; i++)
    {
      AngioAuditEntry *e = audit->pdata[i];

      g_print ("%s  %-12s %-10s %-10s %s\n", e->time, e->who ? e->who : "–", e->action,
               e->case_id ? e->case_id : "–", e->detail ? e->detail : "");
    }
  return ANGIO_EXIT_OK;
}
