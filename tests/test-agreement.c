/* test-agreement.c — the agreement check of several reads: the protocol's thresholds at their
 * edges on hand-made reads; two readers reading five phantom cases with disagreements planted
 * on two tasks — exactly those cases go to adjudication, the others get their consensus by the
 * stated rule; adjudication (who may, with a reason, final) and the consensus's provenance;
 * the agreement report's numbers against values computed by hand. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "angio-json.h"
#include "angio-package.h"
#include "angio-reading.h"
#include "angio-test-util.h"

/* A read of a 64 × 64 run of 30 frames: key frame @key, a square lesion outline from
 * (@x, 20) to (@x + 20, 40) with its %DS, and the hyperaemic pressures (NAN: none). */
static JsonNode *
hand_read (guint  key,
           double x,
           double percent_ds,
           double pd_hyper)
{
  g_autofree char *text = NULL;
  g_autofree char *pressure = NULL;
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE], pds[G_ASCII_DTOSTR_BUF_SIZE];
  char pd[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (a, sizeof a, x);
  g_ascii_dtostr (b, sizeof b, x + 20);
  g_ascii_dtostr (pds, sizeof pds, percent_ds);
  g_ascii_dtostr (pd, sizeof pd, pd_hyper);
  pressure = isnan (pd_hyper) ? g_strdup ("{}")
                              : g_strdup_printf ("{\"pa_hyper\":92,\"pd_hyper\":%s}", pd);
  text = g_strdup_printf ("{\"schema\":1,\"case_id\":\"X\",\"series\":[{\"id\":\"s1\","
                          "\"frames\":30,\"rows\":64,\"cols\":64,"
                          "\"key_frames\":[{\"frame\":%u,\"status\":\"accepted\"}],"
                          "\"lesions\":[{\"frame\":10,\"status\":\"accepted\","
                          "\"outline\":[[%s,20],[%s,20],[%s,40],[%s,40]],\"percent_ds\":%s}]}],"
                          "\"pressure\":%s}", key, a, b, b, a, pds, pressure);
  return angio_test_parse_json (text);
}

static void
test_thresholds (void)
{
  g_auto(AngioProtocol) p = { 0 };
  g_autoptr(JsonNode) a = hand_read (10, 20, 60, 70);
  AngioTaskAgreement r[ANGIO_N_TASKS];
  const struct {
    guint key;
    double x, percent_ds, pd;
    gboolean key_frame, outline, wire;
  } cases[] = {
    { 10, 20, 60, 70, TRUE, TRUE, TRUE },
    { 12, 20, 60, 70, TRUE, TRUE, TRUE },       /* ±2 frames: agreed */
    { 7, 20, 60, 70, FALSE, TRUE, TRUE },       /* 3 frames */
    { 10, 22, 60, 70, TRUE, TRUE, TRUE },       /* 2 px of 20: Dice ≈ 0.9 */
    { 10, 26, 60, 70, TRUE, FALSE, TRUE },      /* 6 px: Dice ≈ 0.7 */
    { 10, 20, 70, 70, TRUE, TRUE, TRUE },       /* |Δ%DS| 10 */
    { 10, 20, 49.5, 70, TRUE, FALSE, TRUE },    /* 10.5 */
    { 10, 20, 60, 71, TRUE, TRUE, TRUE },       /* 1 mmHg */
    { 10, 20, 60, 71.5, TRUE, TRUE, FALSE },    /* 1.5 mmHg */
    { 10, 20, 60, NAN, TRUE, TRUE, FALSE },     /* one entered the wire, the other not */
  };

  angio_protocol_init (&p);
  p.readers_per_case = 2;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) b = hand_read (cases[i].key, cases[i].x, cases[i].percent_ds,
                                         cases[i].pd);

      angio_reading_compare (&p, a, b, r);
      g_test_message ("case %u: offset %u, Dice %.3f, Δ%%DS %.1f, Δp %.1f", i,
                      r[0].key_frame_offset, r[1].dice, r[1].delta_percent_ds,
                      r[2].delta_pressure_mmhg);
      g_assert_true (r[ANGIO_TASK_KEY_FRAME].compared);
      g_assert_cmpint (r[ANGIO_TASK_KEY_FRAME].agreed, ==, cases[i].key_frame);
      g_assert_cmpint (r[ANGIO_TASK_OUTLINE].agreed, ==, cases[i].outline);
      g_assert_cmpint (r[ANGIO_TASK_WIRE].agreed, ==, cases[i].wire);
      /* The same both ways. */
      angio_reading_compare (&p, b, a, r);
      g_assert_cmpint (r[ANGIO_TASK_KEY_FRAME].agreed, ==, cases[i].key_frame);
      g_assert_cmpint (r[ANGIO_TASK_OUTLINE].agreed, ==, cases[i].outline);
      g_assert_cmpint (r[ANGIO_TASK_WIRE].agreed, ==, cases[i].wire);
    }

  /* A task not double-read is not compared; thresholds are the protocol's. */
  {
    g_autoptr(JsonNode) b = hand_read (20, 30, 20, 80);

    p.double_read = 1u << ANGIO_TASK_WIRE;
    p.max_delta_pressure_mmhg = 10;
    angio_reading_compare (&p, a, b, r);
    g_assert_false (r[ANGIO_TASK_KEY_FRAME].compared);
    g_assert_true (r[ANGIO_TASK_KEY_FRAME].agreed);
    g_assert_true (r[ANGIO_TASK_OUTLINE].agreed);
    g_assert_true (r[ANGIO_TASK_WIRE].agreed);
    g_assert_cmpfloat_with_epsilon (r[ANGIO_TASK_WIRE].delta_pressure_mmhg, 10, 1e-9);
  }
}

/* Phantom cases */

static JsonObject *
first_run (JsonNode *doc)
{
  return json_array_get_object_element (
           json_object_get_array_member (json_node_get_object (doc), "series"), 0);
}

/* Keeps only the accepted items (a read as a reader leaves it). */
static void
only_accepted (JsonNode *doc)
{
  const char *members[] = { "key_frames", "lesions" };

  for (guint m = 0; m < G_N_ELEMENTS (members); m++)
    {
      JsonArray *items = json_object_get_array_member (first_run (doc), members[m]);

      for (guint i = json_array_get_length (items); i-- > 0;)
        if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items, i),
                                                      "status"), "accepted") != 0)
          json_array_remove_element (items, i);
      g_assert_cmpuint (json_array_get_length (items), ==, 1);
    }
}

static JsonObject *
key_frame_of (JsonNode *doc)
{
  return json_array_get_object_element (json_object_get_array_member (first_run (doc),
                                                                      "key_frames"), 0);
}

static gint64
key_of (JsonNode *doc)
{
  return json_object_get_int_member (key_frame_of (doc), "frame");
}

static void
move_key_frame (JsonNode *doc,
                int       by)
{
  gint64 key = key_of (doc);
  gint64 frames = json_object_get_int_member (first_run (doc), "frames");
  gint64 to = key + by < frames ? key + by : key - by;

  json_object_set_int_member (key_frame_of (doc), "frame", to);
  if (json_object_has_member (key_frame_of (doc), "dicom_frame_number"))
    json_object_set_int_member (key_frame_of (doc), "dicom_frame_number", to + 1);
}

static void
set_pressure (JsonNode   *doc,
              const char *key,
              double      value)
{
  JsonObject *o = json_node_get_object (doc);

  if (!json_object_has_member (o, "pressure"))
    json_object_set_object_member (o, "pressure", json_object_new ());
  json_object_set_double_member (json_object_get_object_member (o, "pressure"), key, value);
}

static double
pressure_of (JsonNode   *doc,
             const char *key)
{
  return json_object_get_double_member (
           json_object_get_object_member (json_node_get_object (doc), "pressure"), key);
}

/* Two readers A and B (and adjudicator J, curator C) on @n labelled phantom cases. */
static AngioWorkspace *
double_reading (const char *name,
                guint       n)
{
  g_autoptr(AngioWorkspace) ws = angio_test_labelled_workspace (name, n);
  g_auto(AngioProtocol) protocol = { 0 };
  g_autoptr(GError) error = NULL;
  guint made;

  angio_protocol_init (&protocol);
  protocol.readers_per_case = 2;
  g_assert_true (angio_workspace_set_protocol (ws, &protocol, "C", &error));
  g_assert_true (angio_workspace_add_reader (ws, "A", NULL, ANGIO_ROLE_READER, "C", &error));
  g_assert_true (angio_workspace_add_reader (ws, "B", NULL, ANGIO_ROLE_READER, "C", &error));
  g_assert_true (angio_workspace_add_reader (ws, "J", NULL, ANGIO_ROLE_ADJUDICATOR, "C",
                                             &error));
  g_assert_true (angio_workspace_add_reader (ws, "C", NULL, ANGIO_ROLE_CURATOR, "C", &error));
  g_assert_true (angio_reading_assign_evenly (ws, NULL, "C", &made, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (made, ==, 2 * n);
  return g_steal_pointer (&ws);
}

/* @reader's read of @case_id: the case's labels with @edit applied, saved and submitted. */
static AngioQcState
read_and_submit (AngioWorkspace *ws,
                 const char     *case_id,
                 const char     *reader,
                 JsonNode       *doc)
{
  g_autoptr(GError) error = NULL;
  AngioQcState state;

  g_assert_cmpint (angio_workspace_save_read (ws, case_id, reader, doc, "Read", &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (angio_reading_submit (ws, case_id, reader, &state, &error));
  g_assert_no_error (error);
  return state;
}

static JsonNode *
labels_of (AngioWorkspace *ws,
           const char     *case_id)
{
  g_autoptr(GError) error = NULL;
  JsonNode *doc = angio_workspace_load_document (ws, case_id, &error);

  g_assert_no_error (error);
  only_accepted (doc);
  return doc;
}

static JsonObject *
task_record (JsonNode   *record,
             const char *task)
{
  return json_object_get_object_member (
           json_object_get_object_member (json_node_get_object (record), "tasks"), task);
}

/* Exported, the consensus is the label; case.json says how it was reached and, as the curator
 * chose, carries each read by reader ID — labels only, never a path of the reader's
 * workspace; labels.csv has the reads and what was adjudicated; import then export again
 * gives the same case.json. */
static void
check_export (AngioWorkspace *ws)
{
  g_autofree char *out = angio_test_path ("agreement-export");
  g_autofree char *again = angio_test_path ("agreement-export-2");
  g_autofree char *ws2_folder = angio_test_path ("ws-agreement-imported");
  g_autofree char *case_path = g_build_filename (out, "RAS-0002", "case.json", NULL);
  g_autofree char *case_again = g_build_filename (again, "RAS-0002", "case.json", NULL);
  g_autofree char *csv_path = g_build_filename (out, "labels.csv", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) doc = NULL;
  g_autoptr(JsonNode) doc2 = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(AngioWorkspace) ws2 = NULL;
  g_autoptr(GError) error = NULL;
  const char *cases[] = { "CASE-0001", "CASE-0002", "CASE-0003", "CASE-0004", "CASE-0005",
                          NULL };
  AngioExportOptions options = { FALSE, NULL, TRUE };
  JsonObject *qc, *read;
  JsonArray *reads;

  g_assert_true (angio_package_export (ws, cases, out, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (angio_package_validate (out, problems, NULL, NULL, &error));
  g_assert_cmpuint (problems->len, ==, 0);

  doc = angio_test_parse_json ((g_file_get_contents (case_path, &text, NULL, NULL), text));
  qc = json_object_get_object_member (json_node_get_object (doc), "qc");
  g_assert_cmpstr (json_object_get_string_member (qc, "state"), ==, "final");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (qc, "record"),
                                                  "adjudicated_by"), ==, "J");
  reads = json_object_get_array_member (qc, "reads");
  g_assert_cmpuint (json_array_get_length (reads), ==, 2);
  read = json_array_get_object_element (reads, 0);
  g_assert_cmpstr (json_object_get_string_member (read, "reader"), ==, "A");
  g_assert_false (json_object_has_member (json_array_get_object_element (
                    json_object_get_array_member (read, "series"), 0), "file"));
  g_assert_null (strstr (text, angio_workspace_get_folder (ws)));
  g_assert_null (strstr (text, ".dcm\",\"series_uid"));

  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_nonnull (strstr (csv, ",n_reads,key_frame_adjudicated,outline_adjudicated,"
                                 "wire_adjudicated,status\n"));
  g_assert_nonnull (strstr (csv, ",2,1,0,0,done\n"));   /* RAS-0002: the key frame */
  g_assert_nonnull (strstr (csv, ",2,0,0,1,done\n"));   /* RAS-0003: the wire */

  ws2 = angio_workspace_open (ws2_folder, TRUE, &error);
  ids = angio_package_import (ws2, out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 5);
  {
    const char *imported[] = { "RAS-0001", "RAS-0002", "RAS-0003", "RAS-0004", "RAS-0005",
                               NULL };

    g_assert_true (angio_package_export (ws2, imported, again, &options, NULL, NULL, NULL,
                                         &error));
    g_assert_no_error (error);
  }
  g_clear_pointer (&text, g_free);
  doc2 = angio_test_parse_json ((g_file_get_contents (case_again, &text, NULL, NULL), text));
  g_assert_true (json_node_equal (json_object_get_member (json_node_get_object (doc), "qc"),
                                  json_object_get_member (json_node_get_object (doc2), "qc")));
}

static void
test_workflow (void)
{
  g_autoptr(AngioWorkspace) ws = double_reading ("ws-agreement", 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) report = NULL;
  gint64 keys[6];
  AngioQcState state;

  /* A reads every case as labelled; B the same but for small differences within the
   * thresholds on CASE-0001, a key frame 3 frames off on CASE-0002, a Pd 3 mmHg off on
   * CASE-0003. */
  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *case_id = g_strdup_printf ("CASE-%04u", i);
      g_autoptr(JsonNode) a = labels_of (ws, case_id);
      g_autoptr(JsonNode) b = labels_of (ws, case_id);

      keys[i] = key_of (a);
      if (i == 1)
        {
          move_key_frame (b, 1);
          set_pressure (b, "pd_hyper", 70.5);
        }
      else if (i == 2)
        move_key_frame (b, 3);
      else if (i == 3)
        set_pressure (b, "pd_hyper", 73);
      g_assert_cmpint (read_and_submit (ws, case_id, "A", a), ==, ANGIO_QC_READING);
      state = read_and_submit (ws, case_id, "B", b);
      g_assert_cmpint (state, ==, i == 2 || i == 3 ? ANGIO_QC_ADJUDICATION : ANGIO_QC_FINAL);
    }

  /* The agreed: the consensus by the rule (the first read submitted: A's), with its record. */
  {
    g_autoptr(JsonNode) consensus = angio_workspace_load_document (ws, "CASE-0001", &error);
    g_autoptr(JsonNode) record = NULL;
    g_autoptr(GPtrArray) history = angio_workspace_history (ws, "CASE-0001", &error);

    g_assert_cmpint (key_of (consensus), ==, keys[1]);
    g_assert_cmpfloat (pressure_of (consensus, "pd_hyper"), ==, 70);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (consensus),
                                                    "annotator"), ==, "A+B");
    g_assert_cmpstr (((AngioRevision *) history->pdata[history->len - 1])->action, ==,
                     "Consensus: reads agreed");
    g_assert_true (angio_workspace_get_quality (ws, "CASE-0001", &state, &record, &error));
    g_assert_cmpint (state, ==, ANGIO_QC_FINAL);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (record), "base"), ==,
                     "A");
    g_assert_true (json_object_get_boolean_member (task_record (record, "wire"), "agreed"));
    g_assert_cmpstr (json_object_get_string_member (task_record (record, "wire"), "source"),
                     ==, "A");
  }

  /* In adjudication: still blinded to B; the adjudicator sees both reads. */
  {
    g_autoptr(JsonNode) hidden = angio_workspace_load_read (ws, "CASE-0002", "A", "B", &error);
    g_autoptr(JsonNode) shown = NULL;

    g_assert_null (hidden);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
    g_clear_error (&error);
    shown = angio_workspace_load_read (ws, "CASE-0002", "A", "J", &error);
    g_assert_no_error (error);
    g_assert_nonnull (shown);
  }

  /* Only the adjudicator, with a reason, on a task that disagreed. */
  g_assert_false (angio_reading_adjudicate (ws, "CASE-0002", ANGIO_TASK_KEY_FRAME, "B", NULL,
                                            "looks right", "A", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_false (angio_reading_adjudicate (ws, "CASE-0002", ANGIO_TASK_KEY_FRAME, "B", NULL,
                                            "", "J", NULL, &error));
  g_assert_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (angio_reading_adjudicate (ws, "CASE-0002", ANGIO_TASK_WIRE, "B", NULL,
                                            "why", "J", NULL, &error));
  g_assert_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (angio_reading_adjudicate (ws, "CASE-0001", ANGIO_TASK_WIRE, "B", NULL,
                                            "why", "J", NULL, &error));
  g_assert_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Take B's key frame on CASE-0002. */
  g_assert_true (angio_reading_adjudicate (ws, "CASE-0002", ANGIO_TASK_KEY_FRAME, "B", NULL,
                                           "contrast fuller on B's frame", "J", &state, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state, ==, ANGIO_QC_FINAL);
  {
    g_autoptr(JsonNode) consensus = angio_workspace_load_document (ws, "CASE-0002", &error);
    g_autoptr(JsonNode) record = NULL;
    JsonObject *decision;

    g_assert_cmpint (ABS (key_of (consensus) - keys[2]), ==, 3);
    g_assert_true (angio_workspace_get_quality (ws, "CASE-0002", &state, &record, &error));
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (record),
                                                    "adjudicated_by"), ==, "J");
    decision = json_object_get_object_member (task_record (record, "key-frame"), "decision");
    g_assert_cmpstr (json_object_get_string_member (decision, "by"), ==, "J");
    g_assert_cmpstr (json_object_get_string_member (decision, "take"), ==, "B");
    g_assert_cmpstr (json_object_get_string_member (decision, "reason"), ==,
                     "contrast fuller on B's frame");
    /* Final: decided once. */
    g_assert_false (angio_reading_adjudicate (ws, "CASE-0002", ANGIO_TASK_KEY_FRAME, "A", NULL,
                                              "changed my mind", "J", NULL, &error));
    g_assert_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }

  /* Correct A's wire values on CASE-0003. */
  {
    g_autoptr(JsonNode) corrected = labels_of (ws, "CASE-0003");
    g_autoptr(JsonNode) consensus = NULL;

    set_pressure (corrected, "pd_hyper", 71.5);
    g_assert_true (angio_reading_adjudicate (ws, "CASE-0003", ANGIO_TASK_WIRE, "A", corrected,
                                             "re-read the tracing", "J", &state, &error));
    g_assert_no_error (error);
    g_assert_cmpint (state, ==, ANGIO_QC_FINAL);
    consensus = angio_workspace_load_document (ws, "CASE-0003", &error);
    g_assert_cmpfloat (pressure_of (consensus, "pd_hyper"), ==, 71.5);
  }

  /* Final: B now sees A's read (the protocol unblinds). */
  {
    g_autoptr(JsonNode) shown = angio_workspace_load_read (ws, "CASE-0002", "A", "B", &error);

    g_assert_no_error (error);
    g_assert_nonnull (shown);
  }

  /* The report names the cases per task. */
  report = angio_reading_report (ws, &error);
  g_assert_no_error (error);
  {
    JsonObject *tasks = json_object_get_object_member (json_node_get_object (report), "tasks");
    JsonObject *kf = json_object_get_object_member (tasks, "key-frame");
    JsonObject *wire = json_object_get_object_member (tasks, "wire");
    JsonObject *outline = json_object_get_object_member (tasks, "outline");
    JsonObject *cases = json_object_get_object_member (json_node_get_object (report), "cases");

    g_assert_cmpint (json_object_get_int_member (kf, "compared"), ==, 5);
    g_assert_cmpfloat (json_object_get_double_member (kf, "agreement_rate"), ==, 0.8);
    g_assert_cmpstr (json_array_get_string_element (
                       json_object_get_array_member (kf, "disagreed_cases"), 0), ==,
                     "CASE-0002");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (kf,
                                                                           "disagreed_cases")),
                      ==, 1);
    g_assert_cmpfloat (json_object_get_double_member (kf, "mean_abs_offset_frames"), ==, 0.8);
    g_assert_cmpstr (json_array_get_string_element (
                       json_object_get_array_member (wire, "adjudicated_cases"), 0), ==,
                     "CASE-0003");
    g_assert_cmpfloat (json_object_get_double_member (wire, "mean_abs_delta_pressure_mmHg"), ==,
                       0.7);
    g_assert_cmpfloat (json_object_get_double_member (outline, "agreement_rate"), ==, 1);
    g_assert_cmpfloat (json_object_get_double_member (outline, "mean_dice"), ==, 1);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (cases,
                                                                           "final_agreed")),
                      ==, 3);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                                               cases, "final_adjudicated")), ==, 2);
  }
  {
    g_autoptr(GPtrArray) audit = angio_workspace_list_audit (ws, "CASE-0002", &error);
    AngioAuditEntry *last = audit->pdata[audit->len - 1];

    g_assert_cmpstr (last->action, ==, "consensus");
    g_assert_cmpstr (last->who, ==, "J");
  }
  check_export (ws);
}

/* The report's statistics on reads made by hand: %DS A 40 55 70 30, B 45 48 60 35 (key frames
 * 5 apart: every case in adjudication); FFR A 0.70 0.85 0.78 0.90, B 0.72 0.83 0.82 0.79. By
 * hand: Bland–Altman of %DS bias −1.75, SD 7.8899, limits −17.214 and 13.714; ICC(2,1) of %DS
 * 0.87555, of FFR 0.60705; κ of %DS ≥ 50: po 0.75, pe 0.5 → 0.5; κ of FFR ≤ 0.80: 0. */
static void
test_report_numbers (void)
{
  g_autoptr(AngioWorkspace) ws = double_reading ("ws-report", 4);
  const double pds[2][4] = { { 40, 55, 70, 30 }, { 45, 48, 60, 35 } };
  const double ffr[2][4] = { { 0.70, 0.85, 0.78, 0.90 }, { 0.72, 0.83, 0.82, 0.79 } };
  const char *readers[] = { "A", "B" };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autofree char *csv = NULL;
  JsonObject *outline, *wire, *ba;

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *case_id = g_strdup_printf ("CASE-%04u", i + 1);

      for (guint r = 0; r < 2; r++)
        {
          g_autoptr(JsonNode) doc = labels_of (ws, case_id);
          JsonObject *qca = json_object_new ();

          json_object_set_double_member (qca, "percent_ds", pds[r][i]);
          json_object_set_double_member (qca, "mld_mm", 1 + i + 0.1 * r);
          json_object_set_object_member (json_node_get_object (doc), "qca", qca);
          set_pressure (doc, "ffr", ffr[r][i]);
          if (r == 1)
            move_key_frame (doc, 5);
          read_and_submit (ws, case_id, readers[r], doc);
        }
    }
  report = angio_reading_report (ws, &error);
  g_assert_no_error (error);
  outline = json_object_get_object_member (
              json_object_get_object_member (json_node_get_object (report), "tasks"), "outline");
  wire = json_object_get_object_member (
           json_object_get_object_member (json_node_get_object (report), "tasks"), "wire");
  ba = json_object_get_object_member (outline, "bland_altman_percent_ds");
  g_assert_cmpint (json_object_get_int_member (ba, "n"), ==, 4);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (ba, "bias"), -1.75, 1e-4);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (ba, "sd"), 7.8899, 1e-4);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (ba, "loa_low"), -17.2141, 1e-4);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (ba, "loa_high"), 13.7141, 1e-4);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (outline, "icc_percent_ds"),
                                  0.8755, 1e-4);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (outline, "kappa_significant"),
                                  0.5, 1e-4);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (wire, "icc_ffr"), 0.6070,
                                  1e-4);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (wire, "kappa_significant"), 0,
                                  1e-4);
  g_assert_cmpint (json_object_get_int_member (
                     json_object_get_object_member (json_object_get_object_member (
                       json_node_get_object (report), "tasks"), "key-frame"), "agreed"), ==, 0);
  csv = angio_reading_report_csv (report);
  g_assert_true (g_str_has_prefix (csv, "scope,name,metric,value\n"));
  g_assert_nonnull (strstr (csv, "task,outline,bland_altman_percent_ds.bias,-1.75\n"));
  g_assert_nonnull (strstr (csv, "task,key-frame,agreement_rate,0\n"));
}

/* The commands, as a curator, two readers and an adjudicator give them; bad input exits 2. */
static void
test_cli (void)
{
  g_autofree char *folder = angio_test_path ("ws-cli-reading");
  g_autoptr(AngioWorkspace) ws = angio_test_labelled_workspace ("ws-cli-reading", 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *out = NULL;
  g_autofree char *corrected = NULL;
  const char *w = folder;

  /* B's read of CASE-0002 puts the wire into adjudication (made in the store, as the GUI
   * saves a read; the CLI submits it). */
  g_clear_object (&ws);
#define RUN(status, ...) \
  G_STMT_START { \
    const char *args[] = { __VA_ARGS__, NULL }; \
    g_clear_pointer (&out, g_free); \
    g_assert_cmpint (angio_test_run_cli (args, &out), ==, status); \
  } G_STMT_END
  RUN (0, "protocol", "set", w, "--readers", "2", "--as", "C");
  RUN (2, "protocol", "set", w, "--readers", "4");
  RUN (2, "protocol", "set", w, "--double-read", "key-frame,qca");
  RUN (2, "protocol", "set", w, "--dice", "1.5");
  RUN (2, "protocol", "set", w, "--proposals", "perhaps");
  RUN (2, "protocol", "set", w, "--readers", "many");
  RUN (2, "protocol", "show");
  RUN (2, "protocol", "show", "/nonexistent/workspace");
  RUN (0, "protocol", "show", w, "--json");
  node = angio_test_parse_json (out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "readers_per_case"),
                   ==, 2);
  RUN (0, "readers", "add", w, "A");
  RUN (0, "readers", "add", w, "B", "--name", "Dr B");
  RUN (0, "readers", "add", w, "J", "--role", "adjudicator");
  RUN (2, "readers", "add", w, "K", "--role", "boss");
  RUN (2, "readers", "add", w, "not an id");
  RUN (0, "readers", "list", w, "--json");
  g_clear_pointer (&node, json_node_unref);
  node = angio_test_parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 3);
  RUN (2, "assign", w);
  RUN (2, "assign", w, "CASE-0001", "--reader", "Z");
  RUN (0, "assign", w, "--evenly");
  RUN (2, "assign", w, "CASE-0001", "--reader", "J");
  RUN (0, "read", "list", w, "--reader", "A", "--json");
  g_clear_pointer (&node, json_node_unref);
  node = angio_test_parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_node_get_array (node), 0), "state"), ==, "to-read");

  ws = angio_workspace_open (folder, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 1; i <= 2; i++)
    {
      g_autofree char *case_id = g_strdup_printf ("CASE-%04u", i);
      g_autoptr(JsonNode) a = labels_of (ws, case_id);
      g_autoptr(JsonNode) b = labels_of (ws, case_id);

      if (i == 2)
        set_pressure (b, "pd_hyper", 75);
      g_assert_cmpint (angio_workspace_save_read (ws, case_id, "A", a, "Read", &error), >, 0);
      g_assert_cmpint (angio_workspace_save_read (ws, case_id, "B", b, "Read", &error), >, 0);
      if (i == 2)
        {
          corrected = g_build_filename (angio_test_tmpdir (), "corrected.json", NULL);
          set_pressure (a, "pd_hyper", 72);
          g_assert_true (angio_json_to_file (a, corrected, NULL));
        }
    }
  g_clear_object (&ws);

  RUN (2, "read", "submit", w, "CASE-0001");
  RUN (2, "read", "submit", w, "CASE-0001", "--reader", "J");
  RUN (0, "read", "submit", w, "CASE-0001", "--reader", "A");
  RUN (0, "read", "submit", w, "CASE-0001", "--reader", "B");
  RUN (0, "read", "submit", w, "CASE-0002", "--reader", "A");
  RUN (0, "read", "submit", w, "CASE-0002", "--reader", "B");
  RUN (0, "read", "list", w, "--json");
  g_clear_pointer (&node, json_node_unref);
  node = angio_test_parse_json (out);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_node_get_array (node), 0), "state"), ==, "final");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_node_get_array (node), 3), "state"), ==, "adjudication");

  RUN (0, "agreement", w, "--json");
  g_clear_pointer (&node, json_node_unref);
  node = angio_test_parse_json (out);
  {
    JsonObject *cases = json_object_get_object_member (json_node_get_object (node), "cases");

    g_assert_cmpstr (json_array_get_string_element (
                       json_object_get_array_member (cases, "in_adjudication"), 0), ==,
                     "CASE-0002");
  }
  RUN (0, "agreement", w, "--csv");
  g_assert_true (g_str_has_prefix (out, "scope,name,metric,value\n"));
  RUN (2, "agreement", w, "--csv", "--json");

  RUN (2, "adjudicate", w, "CASE-0002", "--task", "wire", "--take", "A", "--as", "J");
  RUN (2, "adjudicate", w, "CASE-0002", "--task", "qca", "--take", "A", "--reason", "r",
       "--as", "J");
  RUN (2, "adjudicate", w, "CASE-0002", "--task", "wire", "--take", "A", "--reason", "r",
       "--as", "B");
  RUN (2, "adjudicate", w, "CASE-0002", "--task", "wire", "--take", "A", "--reason", "r",
       "--as", "J", "--corrected", "/nonexistent.json");
  RUN (0, "adjudicate", w, "CASE-0002", "--task", "wire", "--take", "A", "--reason",
       "re-read", "--as", "J", "--corrected", corrected);
  RUN (2, "adjudicate", w, "CASE-0002", "--task", "wire", "--take", "B", "--reason", "again",
       "--as", "J");
  RUN (0, "audit", w, "CASE-0002", "--json");
  g_clear_pointer (&node, json_node_unref);
  node = angio_test_parse_json (out);
  {
    JsonArray *audit = json_node_get_array (node);
    JsonObject *last = json_array_get_object_element (audit, json_array_get_length (audit) - 1);

    g_assert_cmpstr (json_object_get_string_member (last, "action"), ==, "consensus");
    g_assert_cmpstr (json_object_get_string_member (last, "who"), ==, "J");
  }
#undef RUN
  ws = angio_workspace_open (folder, FALSE, &error);
  g_clear_pointer (&node, json_node_unref);
  node = angio_workspace_load_document (ws, "CASE-0002", &error);
  g_assert_cmpfloat (pressure_of (node, "pd_hyper"), ==, 72);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/angio/core/agreement/thresholds", test_thresholds);
  g_test_add_func ("/angio/core/agreement/workflow", test_workflow);
  g_test_add_func ("/angio/core/agreement/report-numbers", test_report_numbers);
  g_test_add_func ("/angio/core/agreement/cli", test_cli);
  return g_test_run ();
}
