/* test-reads.c — several readers, one dataset, in the store: a workspace of schema 3 upgraded
 * with its cases kept; the reading protocol (defaults, validation, changes recorded); readers
 * and roles; assignment within the protocol's readers per case; blinded reads (a reader's
 * queries never return another's labels before the protocol allows); submit and reopen; the
 * audit trail. */
#include "config.h"

#include <sqlite3.h>

#include "angio-reads.h"
#include "angio-test-util.h"

/* The audit's actions of @case_id (nullable: all), joined by spaces. */
static char *
audit_actions (AngioWorkspace *ws,
               const char     *case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = angio_workspace_list_audit (ws, case_id, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < audit->len; i++)
    {
      AngioAuditEntry *e = audit->pdata[i];

      g_assert_nonnull (e->time);
      g_string_append_printf (text, "%s%s", i ? " " : "", e->action);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_upgrade (void)
{
  g_autofree char *folder = angio_test_path ("ws-upgrade");
  g_autofree char *db_path = g_build_filename (folder, ANGIO_WORKSPACE_DB, NULL);
  g_autoptr(AngioWorkspace) ws = angio_test_labelled_workspace ("ws-upgrade", 2);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) readers = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(AngioProtocol) protocol = { 0 };
  sqlite3 *db;
  sqlite3_stmt *stmt;

  /* What Angiomark of schema 3 left: no table of version 4. */
  g_clear_object (&ws);
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN; DROP TABLE audit; DROP TABLE quality; "
                                 "DROP TABLE read_revisions; DROP TABLE reads; "
                                 "DROP TABLE assignments; DROP TABLE readers; "
                                 "DROP TABLE protocols; PRAGMA user_version=3; COMMIT",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  ws = angio_workspace_open (folder, FALSE, &error);
  g_assert_no_error (error);
  list = angio_workspace_list (ws, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_true (angio_workspace_get_protocol (ws, &protocol, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (protocol.readers_per_case, ==, 1);
  readers = angio_workspace_list_readers (ws, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (readers->len, ==, 0);
  g_assert_true (angio_workspace_add_reader (ws, "R1", NULL, ANGIO_ROLE_READER, "curator",
                                             &error));
  g_assert_no_error (error);
  g_clear_object (&ws);

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 4);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_protocol (void)
{
  g_autoptr(AngioWorkspace) ws = angio_test_labelled_workspace ("ws-protocol", 1);
  g_auto(AngioProtocol) protocol = { 0 };
  g_auto(AngioProtocol) back = { 0 };
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *actions = NULL;
  guint tasks;

  g_assert_true (angio_workspace_get_protocol (ws, &protocol, &error));
  g_assert_cmpuint (protocol.readers_per_case, ==, 1);
  g_assert_cmpuint (protocol.double_read, ==, ANGIO_ALL_TASKS);
  g_assert_true (protocol.show_proposals);
  g_assert_cmpuint (protocol.key_frame_frames, ==, 2);
  g_assert_cmpfloat (protocol.min_dice, ==, 0.8);
  g_assert_cmpfloat (protocol.max_delta_percent_ds, ==, 10);
  g_assert_cmpfloat (protocol.max_delta_pressure_mmhg, ==, 1);
  g_assert_null (protocol.adjudicator);

  /* Out of range: refused, nothing recorded. */
  protocol.readers_per_case = 4;
  g_assert_false (angio_workspace_set_protocol (ws, &protocol, "cur", &error));
  g_assert_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  protocol.readers_per_case = 2;
  protocol.min_dice = 1.5;
  g_assert_false (angio_workspace_set_protocol (ws, &protocol, "cur", &error));
  g_clear_error (&error);
  protocol.min_dice = 0.7;
  protocol.adjudicator = g_strdup ("ADJ");
  g_assert_true (angio_read_tasks_parse ("key-frame, wire", &tasks, &error));
  g_assert_cmpuint (tasks, ==, (1u << ANGIO_TASK_KEY_FRAME) | (1u << ANGIO_TASK_WIRE));
  g_assert_false (angio_read_tasks_parse ("key-frame,qca", &tasks, &error));
  g_assert_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  protocol.double_read = (1u << ANGIO_TASK_KEY_FRAME) | (1u << ANGIO_TASK_OUTLINE);
  protocol.show_proposals = FALSE;
  g_assert_true (angio_workspace_set_protocol (ws, &protocol, "cur", &error));
  g_assert_no_error (error);

  g_assert_true (angio_workspace_get_protocol (ws, &back, &error));
  g_assert_cmpuint (back.readers_per_case, ==, 2);
  g_assert_cmpuint (back.double_read, ==, protocol.double_read);
  g_assert_false (back.show_proposals);
  g_assert_cmpfloat (back.min_dice, ==, 0.7);
  g_assert_cmpstr (back.adjudicator, ==, "ADJ");

  /* JSON round trip, and wrong types refused. */
  json = angio_protocol_to_json (&back);
  angio_protocol_clear (&back);
  g_assert_true (angio_protocol_from_json (json, &back, &error));
  g_assert_cmpuint (back.double_read, ==, protocol.double_read);
  json_object_set_string_member (json_node_get_object (json), "readers_per_case", "two");
  angio_protocol_clear (&back);
  g_assert_false (angio_protocol_from_json (json, &back, &error));
  g_assert_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Every change kept; the second, once reading started, says so in the audit. */
  g_assert_true (angio_workspace_add_reader (ws, "R1", NULL, ANGIO_ROLE_READER, "cur", &error));
  g_assert_true (angio_workspace_assign (ws, "CASE-0001", "R1", "cur", &error));
  {
    g_autoptr(JsonNode) doc = angio_workspace_load_read (ws, "CASE-0001", "R1", "R1", &error);

    g_assert_no_error (error);
    g_assert_cmpint (angio_workspace_save_read (ws, "CASE-0001", "R1", doc, "Edit", &error), >,
                     0);
  }
  protocol.show_proposals = TRUE;
  g_assert_true (angio_workspace_set_protocol (ws, &protocol, "cur", &error));
  history = angio_workspace_protocol_history (ws, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  actions = audit_actions (ws, NULL);
  g_assert_cmpstr (actions, ==, "protocol reader assign protocol");
  {
    g_autoptr(GPtrArray) audit = angio_workspace_list_audit (ws, NULL, &error);
    AngioAuditEntry *first = audit->pdata[0], *last = audit->pdata[3];

    g_assert_false (g_str_has_prefix (first->detail, "after reading started"));
    g_assert_true (g_str_has_prefix (last->detail, "after reading started"));
    g_assert_cmpstr (last->who, ==, "cur");
  }
}

/* A workspace of @n labelled cases under a protocol of two readers, A and B, and an
 * adjudicator J and a curator C; every case assigned to A and B. */
static AngioWorkspace *
two_readers (const char *name,
             guint       n)
{
  g_autoptr(AngioWorkspace) ws = angio_test_labelled_workspace (name, n);
  g_auto(AngioProtocol) protocol = { 0 };
  g_autoptr(GError) error = NULL;

  angio_protocol_init (&protocol);
  protocol.readers_per_case = 2;
  g_assert_true (angio_workspace_set_protocol (ws, &protocol, "C", &error));
  g_assert_true (angio_workspace_add_reader (ws, "A", "Reader A", ANGIO_ROLE_READER, "C",
                                             &error));
  g_assert_true (angio_workspace_add_reader (ws, "B", NULL, ANGIO_ROLE_READER, "C", &error));
  g_assert_true (angio_workspace_add_reader (ws, "J", NULL, ANGIO_ROLE_ADJUDICATOR, "C",
                                             &error));
  g_assert_true (angio_workspace_add_reader (ws, "C", NULL, ANGIO_ROLE_CURATOR, "C", &error));
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *case_id = g_strdup_printf ("CASE-%04u", i);

      g_assert_true (angio_workspace_assign (ws, case_id, "A", "C", &error));
      g_assert_true (angio_workspace_assign (ws, case_id, "B", "C", &error));
      g_assert_no_error (error);
    }
  return g_steal_pointer (&ws);
}

static void
test_readers_and_assignment (void)
{
  g_autoptr(AngioWorkspace) ws = two_readers ("ws-assign", 2);
  g_autoptr(GPtrArray) readers = NULL;
  g_autoptr(GPtrArray) reads = NULL;
  g_autoptr(GError) error = NULL;
  AngioReaderRole role;

  readers = angio_workspace_list_readers (ws, &error);
  g_assert_cmpuint (readers->len, ==, 4);
  g_assert_cmpstr (((AngioReader *) readers->pdata[0])->reader_id, ==, "A");
  g_assert_cmpstr (((AngioReader *) readers->pdata[0])->name, ==, "Reader A");
  g_assert_true (angio_workspace_get_reader_role (ws, "J", &role, &error));
  g_assert_cmpint (role, ==, ANGIO_ROLE_ADJUDICATOR);
  g_assert_false (angio_workspace_get_reader_role (ws, "Z", &role, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Bad IDs, unknown readers and cases, a third reader beyond the protocol: refused. */
  g_assert_false (angio_workspace_add_reader (ws, "Dr Who", NULL, ANGIO_ROLE_READER, "C",
                                              &error));
  g_assert_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (angio_workspace_assign (ws, "CASE-0001", "Z", "C", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (angio_workspace_assign (ws, "CASE-0099", "A", "C", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (angio_workspace_assign (ws, "CASE-0001", "J", "C", &error));
  g_assert_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* Again: nothing new. */
  g_assert_true (angio_workspace_assign (ws, "CASE-0001", "A", "C", &error));

  reads = angio_workspace_list_reads (ws, NULL, "A", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reads->len, ==, 2);
  for (guint i = 0; i < reads->len; i++)
    {
      AngioReadInfo *info = reads->pdata[i];

      g_assert_cmpstr (info->reader_id, ==, "A");
      g_assert_cmpint (info->state, ==, ANGIO_READ_TO_READ);
      g_assert_cmpuint (info->n_revisions, ==, 0);
    }
  g_clear_pointer (&reads, g_ptr_array_unref);
  reads = angio_workspace_list_reads (ws, "CASE-0002", NULL, &error);
  g_assert_cmpuint (reads->len, ==, 2);
}

/* Whether @document has accepted items or wire values (someone's labels). */
static gboolean
has_labels (JsonNode *document)
{
  JsonObject *o = json_node_get_object (document);
  JsonArray *series = json_object_get_array_member (o, "series");

  if (json_object_has_member (o, "pressure"))
    {
      JsonObject *p = json_object_get_object_member (o, "pressure");

      if (json_object_has_member (p, "pd_hyper") &&
          !json_object_get_null_member (p, "pd_hyper"))
        return TRUE;
    }
  for (guint i = 0; i < json_array_get_length (series); i++)
    {
      JsonObject *s = json_array_get_object_element (series, i);
      const char *members[] = { "key_frames", "lesions" };

      for (guint m = 0; m < G_N_ELEMENTS (members); m++)
        {
          JsonArray *items = json_object_get_array_member (s, members[m]);

          for (guint k = 0; k < json_array_get_length (items); k++)
            if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items,
                                                                                         k),
                                                          "status"), "proposed") != 0)
              return TRUE;
        }
    }
  return FALSE;
}

static void
assert_denied (JsonNode *node,
               GError   *error)
{
  g_assert_null (node);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
}

static void
test_blinding (void)
{
  g_autoptr(AngioWorkspace) ws = two_readers ("ws-blind", 1);
  g_autoptr(JsonNode) labelled = NULL;
  g_autoptr(JsonNode) start = NULL;
  g_autoptr(JsonNode) mine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  JsonNode *node;

  /* The case was labelled before the protocol: a reader starts without those labels. */
  labelled = angio_workspace_load_document (ws, "CASE-0001", &error);
  g_assert_true (has_labels (labelled));
  start = angio_workspace_load_read (ws, "CASE-0001", "A", "A", &error);
  g_assert_no_error (error);
  g_assert_false (has_labels (start));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (start), "annotator"),
                   ==, "A");

  /* A reads (his labels), B may see none of it — nor may J before adjudication, nor
   * an unknown or absent identity; the curator may. */
  g_assert_cmpint (angio_workspace_save_read (ws, "CASE-0001", "A", labelled, "Labelled",
                                              &error), >, 0);
  mine = angio_workspace_load_read (ws, "CASE-0001", "A", "A", &error);
  g_assert_true (has_labels (mine));
  node = angio_workspace_load_read (ws, "CASE-0001", "A", "B", &error);
  assert_denied (node, error);
  g_clear_error (&error);
  node = angio_workspace_load_read (ws, "CASE-0001", "A", "J", &error);
  assert_denied (node, error);
  g_clear_error (&error);
  node = angio_workspace_load_read (ws, "CASE-0001", "A", "Z", &error);
  assert_denied (node, error);
  g_clear_error (&error);
  node = angio_workspace_load_read (ws, "CASE-0001", "A", NULL, &error);
  assert_denied (node, error);
  g_clear_error (&error);
  history = angio_workspace_read_history (ws, "CASE-0001", "A", "B", &error);
  g_assert_null (history);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  node = angio_workspace_load_consensus (ws, "CASE-0001", "B", &error);
  assert_denied (node, error);
  g_clear_error (&error);
  node = angio_workspace_load_read (ws, "CASE-0001", "A", "C", &error);
  g_assert_no_error (error);
  g_assert_true (has_labels (node));
  json_node_unref (node);

  /* B's own read starts clean even after A saved his. */
  node = angio_workspace_load_read (ws, "CASE-0001", "B", "B", &error);
  g_assert_no_error (error);
  g_assert_false (has_labels (node));
  json_node_unref (node);

  /* Submitted, A's read is still hidden from B (the case is not over). */
  g_assert_true (angio_workspace_submit_read (ws, "CASE-0001", "A", &error));
  node = angio_workspace_load_read (ws, "CASE-0001", "A", "B", &error);
  assert_denied (node, error);
  g_clear_error (&error);
}

static void
test_state_machine (void)
{
  g_autoptr(AngioWorkspace) ws = two_readers ("ws-states", 1);
  g_autoptr(JsonNode) labelled = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(GPtrArray) reads = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *actions = NULL;
  AngioQcState state;
  AngioReadInfo *a, *b;

  labelled = angio_workspace_load_document (ws, "CASE-0001", &error);
  g_assert_cmpint (angio_workspace_save_read (ws, "CASE-0001", "A", labelled, "Labelled",
                                              &error), >, 0);
  g_assert_true (angio_workspace_submit_read (ws, "CASE-0001", "A", &error));
  /* Submitting twice changes nothing. */
  g_assert_true (angio_workspace_submit_read (ws, "CASE-0001", "A", &error));
  /* B submits without an edit: his read is the case as he started it. */
  g_assert_true (angio_workspace_submit_read (ws, "CASE-0001", "B", &error));
  g_assert_no_error (error);
  reads = angio_workspace_list_reads (ws, "CASE-0001", NULL, &error);
  a = reads->pdata[0];
  b = reads->pdata[1];
  g_assert_cmpint (a->state, ==, ANGIO_READ_SUBMITTED);
  g_assert_cmpint (b->state, ==, ANGIO_READ_SUBMITTED);
  g_assert_cmpuint (b->n_revisions, ==, 1);
  g_assert_nonnull (a->submitted);

  /* In adjudication, then A changes his read: reopened, back to reading. */
  record = json_from_string ("{\"tasks\":{}}", NULL);
  g_assert_true (angio_workspace_put_quality (ws, "CASE-0001", ANGIO_QC_ADJUDICATION, record,
                                              NULL, "system", "Disagreed", &error));
  g_clear_pointer (&reads, g_ptr_array_unref);
  reads = angio_workspace_list_reads (ws, "CASE-0001", "B", &error);
  g_assert_cmpint (((AngioReadInfo *) reads->pdata[0])->state, ==, ANGIO_READ_ADJUDICATION);
  g_assert_cmpint (angio_workspace_save_read (ws, "CASE-0001", "A", labelled, "Changed",
                                              &error), >, 0);
  g_assert_true (angio_workspace_get_quality (ws, "CASE-0001", &state, NULL, &error));
  g_assert_cmpint (state, ==, ANGIO_QC_READING);
  g_clear_pointer (&reads, g_ptr_array_unref);
  reads = angio_workspace_list_reads (ws, "CASE-0001", "A", &error);
  g_assert_cmpint (((AngioReadInfo *) reads->pdata[0])->state, ==, ANGIO_READ_TO_READ);
  g_assert_null (((AngioReadInfo *) reads->pdata[0])->submitted);
  history = angio_workspace_read_history (ws, "CASE-0001", "A", "A", &error);
  g_assert_cmpuint (history->len, ==, 2);

  /* Final (with a consensus): every reader sees it; no read changes any more. */
  g_assert_true (angio_workspace_submit_read (ws, "CASE-0001", "A", &error));
  g_assert_true (angio_workspace_put_quality (ws, "CASE-0001", ANGIO_QC_FINAL, record,
                                              labelled, "system", "Agreed", &error));
  g_assert_no_error (error);
  g_clear_pointer (&reads, g_ptr_array_unref);
  reads = angio_workspace_list_reads (ws, "CASE-0001", NULL, &error);
  g_assert_cmpint (((AngioReadInfo *) reads->pdata[0])->state, ==, ANGIO_READ_FINAL);
  g_assert_cmpint (((AngioReadInfo *) reads->pdata[1])->state, ==, ANGIO_READ_FINAL);
  g_assert_cmpint (angio_workspace_save_read (ws, "CASE-0001", "B", labelled, "Late", &error),
                   ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  {
    g_autoptr(JsonNode) other = angio_workspace_load_read (ws, "CASE-0001", "A", "B", &error);
    g_autoptr(JsonNode) consensus = angio_workspace_load_consensus (ws, "CASE-0001", "B",
                                                                    &error);

    g_assert_no_error (error);
    g_assert_nonnull (other);
    g_assert_nonnull (consensus);
  }
  actions = audit_actions (ws, "CASE-0001");
  g_assert_cmpstr (actions, ==, "assign assign submit submit agreement reopen submit consensus");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/angio/core/reads/upgrade", test_upgrade);
  g_test_add_func ("/angio/core/reads/protocol", test_protocol);
  g_test_add_func ("/angio/core/reads/readers-and-assignment", test_readers_and_assignment);
  g_test_add_func ("/angio/core/reads/blinding", test_blinding);
  g_test_add_func ("/angio/core/reads/state-machine", test_state_machine);
  return g_test_run ();
}
