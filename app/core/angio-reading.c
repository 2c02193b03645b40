/* angio-reading.c — assignment, submission, the agreement check, the consensus and its
 * adjudication (angio-reading.h); the agreement report is in angio-reading-report.c. */
#define G_LOG_DOMAIN "angio-reading"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "angio-enum-types.h"
#include "angio-json.h"
#include "angio-labels.h"
#include "angio-reading-private.h"
#include "angio-reading.h"
#include "angio-reads-private.h"
#include "angio-score.h"

#define WHO_SYSTEM "angiomark"

static const char *const pressure_keys[] = { "pa_rest", "pd_rest", "pa_hyper", "pd_hyper" };

const char *
_angio_read_task_nick (AngioReadTask task)
{
  return angio_enum_nick (ANGIO_TYPE_READ_TASK, task);
}

/* Comparing two reads */

static void
compare_key_frames (AngioLabels        *a,
                    AngioLabels        *b,
                    guint               tolerance,
                    AngioTaskAgreement *r)
{
  AngioCaseScore ab, ba;
  gboolean has_a, has_b;

  angio_score_case (a, b, tolerance, &ab);
  angio_score_case (b, a, tolerance, &ba);
  has_a = ab.key_run != NULL;
  has_b = ba.key_run != NULL;
  if (!has_a && !has_b)
    r->key_frame_offset = 0;
  else if (!has_a || !has_b || isnan (ab.offset_frames) || isnan (ba.offset_frames))
    r->key_frame_offset = G_MAXUINT;
  else
    r->key_frame_offset = (guint) MAX (fabs (ab.offset_frames), fabs (ba.offset_frames));
  r->agreed = r->key_frame_offset <= tolerance;
  angio_case_score_clear (&ab);
  angio_case_score_clear (&ba);
}

static void
compare_outlines (AngioLabels         *a,
                  AngioLabels         *b,
                  const AngioProtocol *p,
                  AngioTaskAgreement  *r)
{
  AngioCaseScore ab, ba;
  gboolean pds_agree;

  r->delta_percent_ds = fabs (a->percent_ds - b->percent_ds);
  if (!angio_labels_has_lesions (a) && !angio_labels_has_lesions (b))
    {
      r->dice = NAN;
      r->agreed = TRUE;
      return;
    }
  angio_score_case (a, b, p->key_frame_frames, &ab);
  angio_score_case (b, a, p->key_frame_frames, &ba);
  r->dice = MIN (ab.n_masks > 0 ? ab.dice : 0, ba.n_masks > 0 ? ba.dice : 0);
  /* %DS compared when both measured it (calibrated runs); one alone is a disagreement. */
  pds_agree = isnan (a->percent_ds) && isnan (b->percent_ds)
              ? TRUE : r->delta_percent_ds <= p->max_delta_percent_ds;
  r->agreed = r->dice >= p->min_dice && pds_agree;
  angio_case_score_clear (&ab);
  angio_case_score_clear (&ba);
}

/* The pressure @key of @document: NAN when not entered. */
static double
pressure_of (JsonNode   *document,
             const char *key)
{
  JsonObject *o = JSON_NODE_HOLDS_OBJECT (document) ? json_node_get_object (document) : NULL;
  JsonObject *p = o ? angio_json_get_object (o, "pressure") : NULL;

  return p ? angio_json_get_number (p, key) : NAN;
}

static void
compare_wire (JsonNode            *a,
              JsonNode            *b,
              const AngioProtocol *p,
              AngioTaskAgreement  *r)
{
  r->delta_pressure_mmhg = NAN;
  for (guint i = 0; i < G_N_ELEMENTS (pressure_keys); i++)
    {
      double x = pressure_of (a, pressure_keys[i]), y = pressure_of (b, pressure_keys[i]);
      double d = isnan (x) && isnan (y) ? NAN : isnan (x) || isnan (y) ? INFINITY : fabs (x - y);

      if (!isnan (d) && !(d <= r->delta_pressure_mmhg))
        r->delta_pressure_mmhg = d;
    }
  r->agreed = isnan (r->delta_pressure_mmhg) ||
              r->delta_pressure_mmhg <= p->max_delta_pressure_mmhg + 1e-9;
}

void
angio_reading_compare (const AngioProtocol *protocol,
                       JsonNode            *a,
                       JsonNode            *b,
                       AngioTaskAgreement   result[ANGIO_N_TASKS])
{
  g_autoptr(AngioLabels) la = NULL;
  g_autoptr(AngioLabels) lb = NULL;

  g_return_if_fail (protocol != NULL && a != NULL && b != NULL && result != NULL);

  for (guint t = 0; t < ANGIO_N_TASKS; t++)
    result[t] = (AngioTaskAgreement) {
      .compared = (protocol->double_read & (1u << t)) != 0, .agreed = TRUE,
      .dice = NAN, .delta_percent_ds = NAN, .delta_pressure_mmhg = NAN,
    };
  la = angio_labels_new_from_json (a, FALSE, NULL);
  lb = angio_labels_new_from_json (b, FALSE, NULL);
  if (la == NULL || lb == NULL)
    {
      /* Not a case (cannot happen with reads the store made): nothing agrees. */
      for (guint t = 0; t < ANGIO_N_TASKS; t++)
        result[t].agreed = !result[t].compared;
      return;
    }
  if (result[ANGIO_TASK_KEY_FRAME].compared)
    compare_key_frames (la, lb, protocol->key_frame_frames, &result[ANGIO_TASK_KEY_FRAME]);
  if (result[ANGIO_TASK_OUTLINE].compared)
    compare_outlines (la, lb, protocol, &result[ANGIO_TASK_OUTLINE]);
  if (result[ANGIO_TASK_WIRE].compared)
    compare_wire (a, b, protocol, &result[ANGIO_TASK_WIRE]);
}

/* Assignment */

typedef struct {
  const char *reader_id;
  guint load;
} Load;

static int
by_load (gconstpointer a,
         gconstpointer b)
{
  const Load *x = a, *y = b;

  return x->load != y->load ? (x->load < y->load ? -1 : 1) : strcmp (x->reader_id, y->reader_id);
}

static gboolean
is_on_case (GPtrArray  *reads,
            const char *case_id,
            const char *reader_id)
{
  for (guint i = 0; i < reads->len; i++)
    {
      AngioReadInfo *r = reads->pdata[i];

      if (strcmp (r->case_id, case_id) == 0 && strcmp (r->reader_id, reader_id) == 0)
        return TRUE;
    }
  return FALSE;
}

static guint
n_on_case (GPtrArray  *reads,
           const char *case_id)
{
  guint n = 0;

  for (guint i = 0; i < reads->len; i++)
    n += strcmp (((AngioReadInfo *) reads->pdata[i])->case_id, case_id) == 0;
  return n;
}

gboolean
angio_reading_assign_evenly (AngioWorkspace     *workspace,
                             const char *const  *case_ids,
                             const char         *who,
                             guint              *n_assigned,
                             GError            **error)
{
  g_auto(AngioProtocol) protocol = { 0 };
  g_autoptr(GPtrArray) readers = NULL;
  g_autoptr(GPtrArray) reads = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GArray) loads = g_array_new (FALSE, FALSE, sizeof (Load));
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  guint made = 0;

  if (n_assigned != NULL)
    *n_assigned = 0;
  if (!angio_workspace_get_protocol (workspace, &protocol, error) ||
      (readers = angio_workspace_list_readers (workspace, error)) == NULL ||
      (reads = angio_workspace_list_reads (workspace, NULL, NULL, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < readers->len; i++)
    {
      AngioReader *r = readers->pdata[i];
      Load l = { r->reader_id, 0 };

      if (r->role != ANGIO_ROLE_READER)
        continue;
      for (guint k = 0; k < reads->len; k++)
        l.load += strcmp (((AngioReadInfo *) reads->pdata[k])->reader_id, r->reader_id) == 0;
      g_array_append_val (loads, l);
    }
  if (loads->len < protocol.readers_per_case)
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("the protocol wants %u readers per case and the workspace has %u of role "
                     "reader"), protocol.readers_per_case, loads->len);
      return FALSE;
    }
  if (case_ids == NULL)
    {
      if ((cases = angio_workspace_list (workspace, error)) == NULL)
        return FALSE;
      for (guint i = 0; i < cases->len; i++)
        g_ptr_array_add (ids, ((AngioCaseSummary *) cases->pdata[i])->case_id);
    }
  else
    for (guint i = 0; case_ids[i] != NULL; i++)
      g_ptr_array_add (ids, (gpointer) case_ids[i]);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *case_id = ids->pdata[i];
      guint have = n_on_case (reads, case_id);

      g_array_sort (loads, by_load);
      for (guint k = 0; k < loads->len && have < protocol.readers_per_case; k++)
        {
          Load *l = &g_array_index (loads, Load, k);

          if (is_on_case (reads, case_id, l->reader_id))
            continue;
          if (!angio_workspace_assign (workspace, case_id, l->reader_id, who, error))
            return FALSE;
          l->load++;
          have++;
          made++;
        }
    }
  if (n_assigned != NULL)
    *n_assigned = made;
  return TRUE;
}

/* The consensus */

/* @target's series' @member replaced by @source's of the same series (none: empty). */
static void
take_series_member (JsonObject *target,
                    JsonObject *source,
                    const char *member)
{
  JsonArray *ts = angio_json_get_array (target, "series");
  JsonArray *ss = angio_json_get_array (source, "series");

  for (guint i = 0; ts != NULL && i < json_array_get_length (ts); i++)
    {
      JsonObject *t = angio_json_object_at (ts, i);
      JsonArray *from = NULL;

      for (guint k = 0; t != NULL && ss != NULL && k < json_array_get_length (ss); k++)
        {
          JsonObject *s = angio_json_object_at (ss, k);

          if (s != NULL && g_strcmp0 (angio_json_get_string (s, "id"),
                                      angio_json_get_string (t, "id")) == 0)
            from = angio_json_get_array (s, member);
        }
      if (t == NULL)
        continue;
      if (from != NULL)
        {
          JsonNode *copy = json_node_new (JSON_NODE_ARRAY);

          json_node_take_array (copy, json_array_ref (from));
          json_object_set_member (t, member, json_node_copy (copy));
          json_node_unref (copy);
        }
      else
        json_object_set_array_member (t, member, json_array_new ());
    }
}

void
_angio_reading_take_task (JsonNode      *target,
                          JsonNode      *source,
                          AngioReadTask  task)
{
  JsonObject *t = json_node_get_object (target);
  JsonObject *s = json_node_get_object (source);
  JsonNode *pressure;

  switch (task)
    {
    case ANGIO_TASK_KEY_FRAME:
      take_series_member (t, s, "key_frames");
      break;
    case ANGIO_TASK_OUTLINE:
      take_series_member (t, s, "lesions");
      break;
    case ANGIO_TASK_WIRE:
      pressure = json_object_get_member (s, "pressure");
      if (pressure != NULL)
        json_object_set_member (t, "pressure", json_node_copy (pressure));
      else
        json_object_remove_member (t, "pressure");
      break;
    default:
      g_assert_not_reached ();
    }
}

/* The submitted reads of @case_id, the first submitted first (ties: by reader ID); NULL
 * (no error) while one of its readers has not submitted or it has fewer than the protocol's
 * readers per case. */
static GPtrArray *
reads_in (AngioWorkspace       *workspace,
          const char           *case_id,
          const AngioProtocol  *protocol,
          GError              **error)
{
  g_autoptr(GPtrArray) reads = angio_workspace_list_reads (workspace, case_id, NULL, error);

  if (reads == NULL)
    return NULL;
  if (reads->len < protocol->readers_per_case)
    return NULL;
  for (guint i = 0; i < reads->len; i++)
    if (((AngioReadInfo *) reads->pdata[i])->submitted == NULL)
      return NULL;
  for (guint i = 1; i < reads->len; i++)
    for (guint k = i; k > 0; k--)
      {
        AngioReadInfo *x = reads->pdata[k - 1], *y = reads->pdata[k];

        if (strcmp (x->submitted, y->submitted) <= 0)
          break;
        reads->pdata[k - 1] = y;
        reads->pdata[k] = x;
      }
  return g_steal_pointer (&reads);
}

/* The numbers of one comparison, as the record keeps them. */
static void
add_pair (JsonBuilder              *b,
          const char               *x,
          const char               *y,
          AngioReadTask             task,
          const AngioTaskAgreement *r)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "readers");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, x);
  json_builder_add_string_value (b, y);
  json_builder_end_array (b);
  angio_json_member_bool (b, "agreed", r->agreed);
  switch (task)
    {
    case ANGIO_TASK_KEY_FRAME:
      json_builder_set_member_name (b, "offset_frames");
      if (r->key_frame_offset == G_MAXUINT)
        json_builder_add_null_value (b);
      else
        json_builder_add_int_value (b, r->key_frame_offset);
      break;
    case ANGIO_TASK_OUTLINE:
      angio_json_member_number (b, "dice", r->dice, 4);
      angio_json_member_number (b, "delta_percent_ds", r->delta_percent_ds, 2);
      break;
    case ANGIO_TASK_WIRE:
      angio_json_member_number (b, "delta_pressure_mmHg", isinf (r->delta_pressure_mmhg)
                                                          ? NAN : r->delta_pressure_mmhg, 2);
      angio_json_member_bool (b, "one_missing", isinf (r->delta_pressure_mmhg));
      break;
    default:
      g_assert_not_reached ();
    }
  json_builder_end_object (b);
}

/* The QC record of @reads compared pairwise: {"rule", "protocol", "reads", "base", "tasks"}. */
static JsonNode *
make_record (const AngioProtocol *protocol,
             GPtrArray           *reads,
             GPtrArray           *documents,
             gboolean            *all_agreed)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  *all_agreed = TRUE;
  json_builder_begin_object (b);
  angio_json_member_string (b, "rule", ANGIO_CONSENSUS_RULE);
  json_builder_set_member_name (b, "protocol");
  json_builder_add_value (b, angio_protocol_to_json (protocol));
  json_builder_set_member_name (b, "reads");
  json_builder_begin_array (b);
  for (guint i = 0; i < reads->len; i++)
    {
      AngioReadInfo *r = reads->pdata[i];

      json_builder_begin_object (b);
      angio_json_member_string (b, "reader", r->reader_id);
      angio_json_member_string (b, "submitted", r->submitted);
      angio_json_member_int (b, "revisions", r->n_revisions);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  angio_json_member_string (b, "base", ((AngioReadInfo *) reads->pdata[0])->reader_id);
  json_builder_set_member_name (b, "tasks");
  json_builder_begin_object (b);
  for (guint t = 0; t < ANGIO_N_TASKS; t++)
    {
      gboolean double_read = (protocol->double_read & (1u << t)) != 0 && reads->len > 1;
      gboolean agreed = TRUE;

      json_builder_set_member_name (b, _angio_read_task_nick (t));
      json_builder_begin_object (b);
      angio_json_member_bool (b, "double_read", double_read);
      json_builder_set_member_name (b, "pairs");
      json_builder_begin_array (b);
      for (guint i = 0; double_read && i < reads->len; i++)
        for (guint k = i + 1; k < reads->len; k++)
          {
            AngioTaskAgreement result[ANGIO_N_TASKS];

            angio_reading_compare (protocol, documents->pdata[i], documents->pdata[k], result);
            add_pair (b, ((AngioReadInfo *) reads->pdata[i])->reader_id,
                      ((AngioReadInfo *) reads->pdata[k])->reader_id, t, &result[t]);
            agreed = agreed && result[t].agreed;
          }
      json_builder_end_array (b);
      angio_json_member_bool (b, "agreed", agreed);
      /* Where the consensus takes it from: the base read, or the adjudicator's decision. */
      if (agreed)
        angio_json_member_string (b, "source", ((AngioReadInfo *) reads->pdata[0])->reader_id);
      else
        {
          json_builder_set_member_name (b, "source");
          json_builder_add_null_value (b);
        }
      json_builder_set_member_name (b, "decision");
      json_builder_add_null_value (b);
      json_builder_end_object (b);
      *all_agreed = *all_agreed && agreed;
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* The read of @reader_id among @reads/@documents. */
static JsonNode *
document_of (GPtrArray  *reads,
             GPtrArray  *documents,
             const char *reader_id)
{
  for (guint i = 0; i < reads->len; i++)
    if (strcmp (((AngioReadInfo *) reads->pdata[i])->reader_id, reader_id) == 0)
      return documents->pdata[i];
  return NULL;
}

/* The consensus of @record (every task with its source): the base read with each task taken
 * from where the record says; normalised through the model. */
static JsonNode *
make_consensus (GPtrArray  *reads,
                GPtrArray  *documents,
                JsonNode   *record,
                GError    **error)
{
  JsonObject *r = json_node_get_object (record);
  JsonObject *tasks = angio_json_get_object (r, "tasks");
  g_autoptr(JsonNode) consensus = json_node_copy (documents->pdata[0]);
  g_autoptr(GString) annotator = g_string_new (NULL);
  g_autoptr(AngioCase) kase = NULL;

  for (guint t = 0; t < ANGIO_N_TASKS; t++)
    {
      JsonObject *task = angio_json_get_object (tasks, _angio_read_task_nick (t));
      JsonObject *decision = task ? angio_json_get_object (task, "decision") : NULL;
      const char *source = task ? angio_json_get_string (task, "source") : NULL;
      JsonNode *corrected = decision ? json_object_get_member (decision, "corrected") : NULL;
      JsonNode *from;

      if (corrected != NULL && JSON_NODE_HOLDS_OBJECT (corrected))
        from = corrected;
      else
        from = source ? document_of (reads, documents, source) : NULL;
      g_assert (from != NULL);
      _angio_reading_take_task (consensus, from, t);
    }
  /* The readers by ID, never a name. */
  for (guint i = 0; i < reads->len; i++)
    g_string_append_printf (annotator, "%s%s", i ? "+" : "",
                            ((AngioReadInfo *) reads->pdata[i])->reader_id);
  json_object_set_string_member (json_node_get_object (consensus), "annotator", annotator->str);
  json_object_set_string_member (json_node_get_object (consensus), "status", "done");
  kase = angio_case_new_from_json (consensus, error);
  return kase ? angio_case_to_json (kase) : NULL;
}

/* The documents of @reads, in their order. */
static GPtrArray *
load_documents (AngioWorkspace  *workspace,
                const char      *case_id,
                GPtrArray       *reads,
                GError         **error)
{
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func (
                                     (GDestroyNotify) json_node_unref);

  for (guint i = 0; i < reads->len; i++)
    {
      JsonNode *d = _angio_workspace_load_read_unblinded (
                      workspace, case_id, ((AngioReadInfo *) reads->pdata[i])->reader_id, error);

      if (d == NULL)
        return NULL;
      g_ptr_array_add (documents, d);
    }
  return g_steal_pointer (&documents);
}

gboolean
angio_reading_check (AngioWorkspace  *workspace,
                     const char      *case_id,
                     AngioQcState    *state,
                     GError         **error)
{
  g_auto(AngioProtocol) protocol = { 0 };
  g_autoptr(GPtrArray) reads = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(JsonNode) consensus = NULL;
  g_autoptr(GError) local = NULL;
  AngioQcState now = ANGIO_QC_READING;
  gboolean agreed;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  if (state != NULL)
    *state = ANGIO_QC_READING;
  if (!angio_workspace_get_quality (workspace, case_id, &now, NULL, error) ||
      !angio_workspace_get_protocol (workspace, &protocol, error))
    return FALSE;
  if (state != NULL)
    *state = now;
  if (now != ANGIO_QC_READING)
    return TRUE;
  reads = reads_in (workspace, case_id, &protocol, &local);
  if (reads == NULL && local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (reads == NULL)
    return TRUE;   /* reads still out */
  if ((documents = load_documents (workspace, case_id, reads, error)) == NULL)
    return FALSE;
  record = make_record (&protocol, reads, documents, &agreed);
  if (!agreed)
    {
      if (state != NULL)
        *state = ANGIO_QC_ADJUDICATION;
      return angio_workspace_put_quality (workspace, case_id, ANGIO_QC_ADJUDICATION, record, NULL,
                                          WHO_SYSTEM, "In adjudication", error);
    }
  if ((consensus = make_consensus (reads, documents, record, error)) == NULL)
    return FALSE;
  if (state != NULL)
    *state = ANGIO_QC_FINAL;
  return angio_workspace_put_quality (workspace, case_id, ANGIO_QC_FINAL, record, consensus,
                                      WHO_SYSTEM, reads->len > 1 ? "Consensus: reads agreed"
                                                                 : "Consensus: single read",
                                      error);
}

gboolean
angio_reading_submit (AngioWorkspace  *workspace,
                      const char      *case_id,
                      const char      *reader_id,
                      AngioQcState    *state,
                      GError         **error)
{
  g_return_val_if_fail (ANGIO_IS_WORKSPACE (workspace), FALSE);

  return angio_workspace_submit_read (workspace, case_id, reader_id, error) &&
         angio_reading_check (workspace, case_id, state, error);
}

/* Adjudication */

static gboolean
refuse (GError    **error,
        int         code,
        const char *format,
        ...) G_GNUC_PRINTF (3, 4);

static gboolean
refuse (GError    **error,
        int         code,
        const char *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (code < 0)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, message);
  else
    g_set_error_literal (error, ANGIO_CORE_ERROR, code, message);
  return FALSE;
}

/* Whether @adjudicator may adjudicate under @protocol. */
static gboolean
may_adjudicate (AngioWorkspace       *workspace,
                const AngioProtocol  *protocol,
                const char           *adjudicator,
                GError              **error)
{
  AngioReaderRole role;

  if (adjudicator == NULL || !angio_workspace_get_reader_role (workspace, adjudicator, &role,
                                                                NULL) ||
      role != ANGIO_ROLE_ADJUDICATOR)
    return refuse (error, -1, _("%s is not an adjudicator of this workspace"),
                   adjudicator ? adjudicator : "?");
  if (protocol->adjudicator != NULL && strcmp (protocol->adjudicator, adjudicator) != 0)
    return refuse (error, -1, _("the protocol names %s as the adjudicator, not %s"),
                   protocol->adjudicator, adjudicator);
  return TRUE;
}

/* Whether every task of @record has its source. */
static gboolean
all_decided (JsonNode *record)
{
  JsonObject *tasks = angio_json_get_object (json_node_get_object (record), "tasks");

  for (guint t = 0; t < ANGIO_N_TASKS; t++)
    {
      JsonObject *task = angio_json_get_object (tasks, _angio_read_task_nick (t));

      if (task == NULL || (angio_json_get_string (task, "source") == NULL &&
                           angio_json_get_object (task, "decision") == NULL))
        return FALSE;
    }
  return TRUE;
}

static JsonNode *
decision_json (const char *adjudicator,
               const char *take_reader,
               JsonNode   *corrected,
               const char *reason)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format_iso8601 (now);

  json_builder_begin_object (b);
  angio_json_member_string (b, "by", adjudicator);
  angio_json_member_string (b, "take", take_reader);
  angio_json_member_bool (b, "corrected_by_adjudicator", corrected != NULL);
  angio_json_member_string (b, "reason", reason);
  angio_json_member_string (b, "time", time);
  if (corrected != NULL)
    {
      json_builder_set_member_name (b, "corrected");
      json_builder_add_value (b, json_node_copy (corrected));
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

gboolean
angio_reading_adjudicate (AngioWorkspace  *workspace,
                          const char      *case_id,
                          AngioReadTask    task,
                          const char      *take_reader,
                          JsonNode        *corrected,
                          const char      *reason,
                          const char      *adjudicator,
                          AngioQcState    *state,
                          GError         **error)
{
  g_auto(AngioProtocol) protocol = { 0 };
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(GPtrArray) reads = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(JsonNode) consensus = NULL;
  g_autofree char *action = NULL;
  AngioQcState now;
  JsonObject *entry;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  if ((guint) task >= ANGIO_N_TASKS)
    return refuse (error, ANGIO_CORE_ERROR_INVALID_ARGUMENT, _("not a task"));
  if (reason == NULL || *reason == '\0')
    return refuse (error, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("an adjudication needs its reason"));
  if (!angio_workspace_get_protocol (workspace, &protocol, error) ||
      !may_adjudicate (workspace, &protocol, adjudicator, error) ||
      !angio_workspace_get_quality (workspace, case_id, &now, &record, error))
    return FALSE;
  if (now != ANGIO_QC_ADJUDICATION)
    return refuse (error, ANGIO_CORE_ERROR_INVALID_ARGUMENT, _("%s is not in adjudication"),
                   case_id);
  entry = angio_json_get_object (angio_json_get_object (json_node_get_object (record), "tasks"),
                                 _angio_read_task_nick (task));
  if (entry == NULL || angio_json_get_string (entry, "source") != NULL)
    return refuse (error, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("the readers of %s agreed on the %s task: it needs no adjudication"),
                   case_id, _angio_read_task_nick (task));
  if (angio_json_get_object (entry, "decision") != NULL)
    return refuse (error, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("the %s task of %s is already decided: an adjudication is final"),
                   _angio_read_task_nick (task), case_id);
  if ((reads = angio_workspace_list_reads (workspace, case_id, NULL, error)) == NULL)
    return FALSE;
  if (take_reader == NULL || !is_on_case (reads, case_id, take_reader))
    return refuse (error, ANGIO_CORE_ERROR_INVALID_ARGUMENT, _("%s is not a reader of %s"),
                   take_reader ? take_reader : "?", case_id);
  if (corrected != NULL)
    {
      g_autoptr(AngioCase) check = angio_case_new_from_json (corrected, error);

      if (check == NULL)
        return FALSE;
    }
  json_object_set_member (entry, "decision",
                          decision_json (adjudicator, take_reader, corrected, reason));
  if (corrected == NULL)
    json_object_set_string_member (entry, "source", take_reader);
  else
    json_object_set_string_member (entry, "source", "adjudicator");
  action = g_strdup_printf ("Adjudicated %s: %s%s (%s)", _angio_read_task_nick (task),
                            take_reader, corrected ? ", corrected" : "", reason);
  if (!all_decided (record))
    {
      if (state != NULL)
        *state = ANGIO_QC_ADJUDICATION;
      return angio_workspace_put_quality (workspace, case_id, ANGIO_QC_ADJUDICATION, record,
                                          NULL, adjudicator, action, error);
    }
  /* The base first, as the record has them. */
  g_clear_pointer (&reads, g_ptr_array_unref);
  if ((reads = reads_in (workspace, case_id, &protocol, error)) == NULL)
    return refuse (error, ANGIO_CORE_ERROR_FAILED, _("%s: a read was reopened"), case_id);
  if ((documents = load_documents (workspace, case_id, reads, error)) == NULL ||
      (consensus = make_consensus (reads, documents, record, error)) == NULL)
    return FALSE;
  if (state != NULL)
    *state = ANGIO_QC_FINAL;
  json_object_set_string_member (json_node_get_object (record), "adjudicated_by", adjudicator);
  return angio_workspace_put_quality (workspace, case_id, ANGIO_QC_FINAL, record, consensus,
                                      adjudicator, action, error);
}
