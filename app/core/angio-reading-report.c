/* angio-reading-report.c — the agreement report (angio_reading_report()): over the cases whose
 * reads are all in (only those: a report never shows a reading still blinded). */
#define G_LOG_DOMAIN "angio-reading"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "angio-json.h"
#include "angio-labels.h"
#include "angio-metrics.h"
#include "angio-reading-private.h"
#include "angio-reads-private.h"
#include "angio-score.h"

/* "Significant" as the report's κ counts it. */
#define SIGNIFICANT_PERCENT_DS 50.0

typedef struct {
  char *case_id;
  AngioQcState state;
  JsonNode *record;         /* nullable: reads still out */
  GPtrArray *reads;         /* AngioReadInfo, by reader ID */
  GPtrArray *labels;        /* AngioLabels of each read (when the record is there) */
  GPtrArray *documents;     /* JsonNode of each read */
} CaseEntry;

static void
case_entry_free (CaseEntry *e)
{
  g_free (e->case_id);
  g_clear_pointer (&e->record, json_node_unref);
  g_clear_pointer (&e->reads, g_ptr_array_unref);
  g_clear_pointer (&e->labels, g_ptr_array_unref);
  g_clear_pointer (&e->documents, g_ptr_array_unref);
  g_free (e);
}

/* The cases with readers, each with its reads, and the labels of those whose reading is over. */
static GPtrArray *
load_cases (AngioWorkspace  *workspace,
            GError         **error)
{
  g_autoptr(GPtrArray) all = angio_workspace_list_reads (workspace, NULL, NULL, error);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) case_entry_free);
  CaseEntry *e = NULL;

  if (all == NULL)
    return NULL;
  for (guint i = 0; i < all->len; i++)
    {
      AngioReadInfo *r = g_steal_pointer (&all->pdata[i]);

      if (e == NULL || strcmp (e->case_id, r->case_id) != 0)
        {
          e = g_new0 (CaseEntry, 1);
          e->case_id = g_strdup (r->case_id);
          e->reads = g_ptr_array_new_with_free_func ((GDestroyNotify) angio_read_info_free);
          g_ptr_array_add (cases, e);
        }
      g_ptr_array_add (e->reads, r);
    }
  for (guint i = 0; i < cases->len; i++)
    {
      e = cases->pdata[i];
      if (!angio_workspace_get_quality (workspace, e->case_id, &e->state, &e->record, error))
        return NULL;
      if (e->record == NULL)
        continue;
      e->labels = g_ptr_array_new_with_free_func ((GDestroyNotify) angio_labels_free);
      e->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
      for (guint k = 0; k < e->reads->len; k++)
        {
          AngioReadInfo *r = e->reads->pdata[k];
          JsonNode *d = _angio_workspace_load_read_unblinded (workspace, e->case_id,
                                                              r->reader_id, error);
          AngioLabels *l = d ? angio_labels_new_from_json (d, FALSE, error) : NULL;

          if (l == NULL)
            {
              g_clear_pointer (&d, json_node_unref);
              return NULL;
            }
          g_ptr_array_add (e->documents, d);
          g_ptr_array_add (e->labels, l);
        }
    }
  return g_steal_pointer (&cases);
}

static JsonObject *
task_of (CaseEntry     *e,
         AngioReadTask  task)
{
  JsonObject *tasks = angio_json_get_object (json_node_get_object (e->record), "tasks");

  return angio_json_get_object (tasks, _angio_read_task_nick (task));
}

static gboolean
member_true (JsonObject *o,
             const char *name)
{
  JsonNode *n = o ? json_object_get_member (o, name) : NULL;

  return n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_BOOLEAN
         && json_node_get_boolean (n);
}

static void
member_agreement (JsonBuilder          *b,
                  const char           *name,
                  const AngioAgreement *a)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  angio_json_member_int (b, "n", a->n);
  angio_json_member_number (b, "bias", a->bias, 4);
  angio_json_member_number (b, "sd", a->sd, 4);
  angio_json_member_number (b, "loa_low", a->loa_low, 4);
  angio_json_member_number (b, "loa_high", a->loa_high, 4);
  json_builder_end_object (b);
}

static void
member_ids (JsonBuilder *b,
            const char  *name,
            GPtrArray   *ids)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < ids->len; i++)
    json_builder_add_string_value (b, ids->pdata[i]);
  json_builder_end_array (b);
}

static double
rate (guint part,
      guint whole)
{
  return whole > 0 ? (double) part / whole : NAN;
}

/* Mean over the record's pairs of the number @name (finite ones). */
static void
add_pair_numbers (JsonObject *task,
                  const char *name,
                  GArray     *into)
{
  JsonArray *pairs = angio_json_get_array (task, "pairs");

  for (guint i = 0; pairs != NULL && i < json_array_get_length (pairs); i++)
    {
      double v = angio_json_get_number (angio_json_object_at (pairs, i), name);

      if (isfinite (v))
        g_array_append_val (into, v);
    }
}

static double
mean_abs (GArray *values)
{
  double sum = 0;

  for (guint i = 0; i < values->len; i++)
    sum += fabs (g_array_index (values, double, i));
  return values->len > 0 ? sum / values->len : NAN;
}

/* The per-read values of a quantity, for the first two readers (BA, κ) and the first @k
 * (ICC) of every case whose reading is over. */
typedef double (*ValueOf) (AngioLabels *labels);

static double value_percent_ds (AngioLabels *l) { return l->percent_ds; }
static double value_mld (AngioLabels *l) { return l->mld_mm; }
static double value_ffr (AngioLabels *l) { return l->ffr; }

static void
pairwise (GPtrArray *cases,
          ValueOf    value_of,
          guint      k,
          GArray    *first,
          GArray    *second,
          GArray    *matrix)
{
  for (guint i = 0; i < cases->len; i++)
    {
      CaseEntry *e = cases->pdata[i];

      if (e->labels == NULL || e->labels->len < 2)
        continue;
      for (guint j = 0; j < 2; j++)
        {
          double v = value_of (e->labels->pdata[j]);

          g_array_append_val (j == 0 ? first : second, v);
        }
      if (k >= 2 && e->labels->len == k)
        for (guint j = 0; j < k; j++)
          {
            double v = value_of (e->labels->pdata[j]);

            g_array_append_val (matrix, v);
          }
    }
}

/* κ of "significant" (@cut on @a and @b, at or above with @above, else at or below). */
static double
kappa_of (GArray  *a,
          GArray  *b,
          double   cut,
          gboolean above)
{
  g_autofree gboolean *x = g_new0 (gboolean, a->len + 1);
  g_autofree gboolean *y = g_new0 (gboolean, a->len + 1);
  g_autofree gboolean *valid = g_new0 (gboolean, a->len + 1);

  for (guint i = 0; i < a->len; i++)
    {
      double u = g_array_index (a, double, i), v = g_array_index (b, double, i);

      valid[i] = isfinite (u) && isfinite (v);
      x[i] = above ? u >= cut : u <= cut;
      y[i] = above ? v >= cut : v <= cut;
    }
  return angio_metrics_kappa (x, y, valid, a->len);
}

static void
task_statistics (JsonBuilder *b,
                 GPtrArray   *cases,
                 guint        k,
                 AngioReadTask task)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < cases->len; i++)
    {
      CaseEntry *e = cases->pdata[i];

      if (e->record != NULL)
        add_pair_numbers (task_of (e, task), task == ANGIO_TASK_KEY_FRAME ? "offset_frames"
                                             : task == ANGIO_TASK_OUTLINE ? "dice"
                                             : "delta_pressure_mmHg", values);
    }
  if (task == ANGIO_TASK_KEY_FRAME)
    angio_json_member_number (b, "mean_abs_offset_frames", mean_abs (values), 3);
  else if (task == ANGIO_TASK_WIRE)
    angio_json_member_number (b, "mean_abs_delta_pressure_mmHg", mean_abs (values), 3);
  else
    angio_json_member_number (b, "mean_dice", mean_abs (values), 4);

  if (task == ANGIO_TASK_OUTLINE || task == ANGIO_TASK_WIRE)
    {
      const struct { const char *name; ValueOf of; } quantities[2][2] = {
        { { "percent_ds", value_percent_ds }, { "mld_mm", value_mld } },
        { { "ffr", value_ffr }, { NULL, NULL } },
      };
      guint which = task == ANGIO_TASK_OUTLINE ? 0 : 1;

      for (guint q = 0; q < 2 && quantities[which][q].name != NULL; q++)
        {
          g_autoptr(GArray) a = g_array_new (FALSE, FALSE, sizeof (double));
          g_autoptr(GArray) c = g_array_new (FALSE, FALSE, sizeof (double));
          g_autoptr(GArray) matrix = g_array_new (FALSE, FALSE, sizeof (double));
          g_autofree char *ba = g_strconcat ("bland_altman_", quantities[which][q].name, NULL);
          g_autofree char *icc = g_strconcat ("icc_", quantities[which][q].name, NULL);
          AngioAgreement agreement;

          pairwise (cases, quantities[which][q].of, k, a, c, matrix);
          angio_metrics_agreement ((double *) a->data, (double *) c->data, a->len, &agreement);
          member_agreement (b, ba, &agreement);
          angio_json_member_number (b, icc, k >= 2 ? angio_metrics_icc ((double *) matrix->data,
                                                                         matrix->len / k, k)
                                                   : NAN, 4);
          if (q == 0)
            angio_json_member_number (b, "kappa_significant",
                                      task == ANGIO_TASK_OUTLINE
                                      ? kappa_of (a, c, SIGNIFICANT_PERCENT_DS, TRUE)
                                      : kappa_of (a, c, ANGIO_FFR_CUTOFF, FALSE), 4);
        }
    }
}

static void
report_task (JsonBuilder         *b,
             GPtrArray           *cases,
             const AngioProtocol *protocol,
             AngioReadTask        task)
{
  g_autoptr(GPtrArray) agreed = g_ptr_array_new ();
  g_autoptr(GPtrArray) disagreed = g_ptr_array_new ();
  g_autoptr(GPtrArray) adjudicated = g_ptr_array_new ();
  guint compared = 0;

  for (guint i = 0; i < cases->len; i++)
    {
      CaseEntry *e = cases->pdata[i];
      JsonObject *t = e->record ? task_of (e, task) : NULL;

      if (t == NULL || !member_true (t, "double_read"))
        continue;
      compared++;
      g_ptr_array_add (member_true (t, "agreed") ? agreed : disagreed, e->case_id);
      if (angio_json_get_object (t, "decision") != NULL)
        g_ptr_array_add (adjudicated, e->case_id);
    }
  json_builder_set_member_name (b, _angio_read_task_nick (task));
  json_builder_begin_object (b);
  angio_json_member_bool (b, "double_read", (protocol->double_read & (1u << task)) != 0);
  angio_json_member_int (b, "compared", compared);
  angio_json_member_int (b, "agreed", agreed->len);
  angio_json_member_number (b, "agreement_rate", rate (agreed->len, compared), 4);
  angio_json_member_int (b, "adjudicated", adjudicated->len);
  angio_json_member_number (b, "adjudication_rate", rate (disagreed->len, compared), 4);
  member_ids (b, "agreed_cases", agreed);
  member_ids (b, "disagreed_cases", disagreed);
  member_ids (b, "adjudicated_cases", adjudicated);
  task_statistics (b, cases, protocol->readers_per_case, task);
  json_builder_end_object (b);
}

static double
seconds_between (const char *from,
                 const char *to)
{
  g_autoptr(GDateTime) a = from ? g_date_time_new_from_iso8601 (from, NULL) : NULL;
  g_autoptr(GDateTime) b = to ? g_date_time_new_from_iso8601 (to, NULL) : NULL;

  return a && b ? g_date_time_difference (b, a) / (double) G_TIME_SPAN_SECOND : NAN;
}

/* One reader: his reads, each against the consensus of its final case, his reading time (first
 * to last revision of each read). */
static gboolean
report_reader (JsonBuilder         *b,
               AngioWorkspace      *workspace,
               GPtrArray           *cases,
               const AngioProtocol *protocol,
               const char          *reader_id,
               GError             **error)
{
  guint assigned = 0, submitted = 0, n_final = 0, agreed[ANGIO_N_TASKS] = { 0 };
  g_autoptr(GArray) dice = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) pds = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < cases->len; i++)
    {
      CaseEntry *e = cases->pdata[i];

      for (guint k = 0; k < e->reads->len; k++)
        {
          AngioReadInfo *r = e->reads->pdata[k];
          g_autoptr(JsonNode) consensus = NULL;
          AngioTaskAgreement result[ANGIO_N_TASKS];
          AngioProtocol all = *protocol;
          double t;

          if (strcmp (r->reader_id, reader_id) != 0)
            continue;
          assigned++;
          submitted += r->submitted != NULL;
          t = seconds_between (r->started, r->modified);
          if (isfinite (t) && r->submitted != NULL)
            g_array_append_val (times, t);
          if (e->state != ANGIO_QC_FINAL || e->documents == NULL)
            continue;
          consensus = angio_workspace_load_document (workspace, e->case_id, error);
          if (consensus == NULL)
            return FALSE;
          all.double_read = ANGIO_ALL_TASKS;
          angio_reading_compare (&all, e->documents->pdata[k], consensus, result);
          n_final++;
          for (guint task = 0; task < ANGIO_N_TASKS; task++)
            agreed[task] += result[task].agreed;
          if (isfinite (result[ANGIO_TASK_OUTLINE].dice))
            g_array_append_val (dice, result[ANGIO_TASK_OUTLINE].dice);
          if (isfinite (result[ANGIO_TASK_OUTLINE].delta_percent_ds))
            g_array_append_val (pds, result[ANGIO_TASK_OUTLINE].delta_percent_ds);
        }
    }
  json_builder_begin_object (b);
  angio_json_member_string (b, "reader", reader_id);
  angio_json_member_int (b, "assigned", assigned);
  angio_json_member_int (b, "submitted", submitted);
  angio_json_member_number (b, "mean_reading_time_s", times->len ? mean_abs (times) : NAN, 1);
  json_builder_set_member_name (b, "against_consensus");
  json_builder_begin_object (b);
  angio_json_member_int (b, "cases", n_final);
  for (guint task = 0; task < ANGIO_N_TASKS; task++)
    {
      g_autofree char *name = g_strdup_printf ("%s_agreement_rate", _angio_read_task_nick (task));

      for (char *p = name; *p; p++)
        if (*p == '-')
          *p = '_';
      angio_json_member_number (b, name, rate (agreed[task], n_final), 4);
    }
  angio_json_member_number (b, "mean_dice", mean_abs (dice), 4);
  angio_json_member_number (b, "mean_abs_delta_percent_ds", mean_abs (pds), 2);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return TRUE;
}

JsonNode *
angio_reading_report (AngioWorkspace  *workspace,
                      GError         **error)
{
  g_auto(AngioProtocol) protocol = { 0 };
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) readers = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) reading = g_ptr_array_new ();
  g_autoptr(GPtrArray) in_adjudication = g_ptr_array_new ();
  g_autoptr(GPtrArray) agreed = g_ptr_array_new ();
  g_autoptr(GPtrArray) adjudicated = g_ptr_array_new ();

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (workspace), NULL);

  if (!angio_workspace_get_protocol (workspace, &protocol, error) ||
      (cases = load_cases (workspace, error)) == NULL ||
      (readers = angio_workspace_list_readers (workspace, error)) == NULL)
    return NULL;
  for (guint i = 0; i < cases->len; i++)
    {
      CaseEntry *e = cases->pdata[i];

      if (e->state == ANGIO_QC_READING)
        g_ptr_array_add (reading, e->case_id);
      else if (e->state == ANGIO_QC_ADJUDICATION)
        g_ptr_array_add (in_adjudication, e->case_id);
      else if (e->state == ANGIO_QC_FINAL)
        g_ptr_array_add (angio_json_get_string (json_node_get_object (e->record),
                                                "adjudicated_by") ? adjudicated : agreed,
                         e->case_id);
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "protocol");
  json_builder_add_value (b, angio_protocol_to_json (&protocol));
  json_builder_set_member_name (b, "cases");
  json_builder_begin_object (b);
  angio_json_member_int (b, "assigned", cases->len);
  member_ids (b, "reading", reading);
  member_ids (b, "in_adjudication", in_adjudication);
  member_ids (b, "final_agreed", agreed);
  member_ids (b, "final_adjudicated", adjudicated);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "tasks");
  json_builder_begin_object (b);
  for (guint t = 0; t < ANGIO_N_TASKS; t++)
    report_task (b, cases, &protocol, t);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "readers");
  json_builder_begin_array (b);
  for (guint i = 0; i < readers->len; i++)
    {
      AngioReader *r = readers->pdata[i];

      if (r->role == ANGIO_ROLE_READER &&
          !report_reader (b, workspace, cases, &protocol, r->reader_id, error))
        return NULL;
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* CSV */

static void
csv_value (GString  *csv,
           JsonNode *value)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return;
  if (json_node_get_value_type (value) == G_TYPE_BOOLEAN)
    g_string_append (csv, json_node_get_boolean (value) ? "true" : "false");
  else if (json_node_get_value_type (value) == G_TYPE_STRING)
    g_string_append (csv, json_node_get_string (value));
  else
    g_string_append (csv, g_ascii_formatd (number, sizeof number, "%.6g",
                                           json_node_get_double (value)));
}

/* Rows "scope,name,metric,value" of the numbers of @o (nested objects as metric.sub; lists of
 * cases left out: the JSON has them). */
static void
csv_object (GString    *csv,
            const char *scope,
            const char *name,
            const char *prefix,
            JsonObject *o)
{
  g_autoptr(GList) members = json_object_get_members (o);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *v = json_object_get_member (o, l->data);
      g_autofree char *metric = prefix ? g_strconcat (prefix, ".", l->data, NULL)
                                       : g_strdup (l->data);

      if (strcmp (l->data, "reader") == 0)
        continue;
      if (JSON_NODE_HOLDS_OBJECT (v))
        csv_object (csv, scope, name, metric, json_node_get_object (v));
      else if (JSON_NODE_HOLDS_VALUE (v) || JSON_NODE_HOLDS_NULL (v))
        {
          g_string_append_printf (csv, "%s,%s,%s,", scope, name, metric);
          csv_value (csv, v);
          g_string_append_c (csv, '\n');
        }
    }
}

char *
angio_reading_report_csv (JsonNode *report)
{
  JsonObject *o;
  JsonObject *tasks;
  JsonArray *readers;
  GString *csv = g_string_new ("scope,name,metric,value\n");

  g_return_val_if_fail (report != NULL && JSON_NODE_HOLDS_OBJECT (report), NULL);

  o = json_node_get_object (report);
  tasks = angio_json_get_object (o, "tasks");
  for (guint t = 0; tasks != NULL && t < ANGIO_N_TASKS; t++)
    {
      JsonObject *task = angio_json_get_object (tasks, _angio_read_task_nick (t));

      if (task != NULL)
        csv_object (csv, "task", _angio_read_task_nick (t), NULL, task);
    }
  readers = angio_json_get_array (o, "readers");
  for (guint i = 0; readers != NULL && i < json_array_get_length (readers); i++)
    {
      JsonObject *r = angio_json_object_at (readers, i);

      csv_object (csv, "reader", angio_json_get_string (r, "reader"), NULL, r);
    }
  return g_string_free (csv, FALSE);
}
