/* angio-workspace-reads.c — the SQLite store of readers, reads and their quality control
 * (angio-reads.h): schema version 4 of workspace.db. */
#define G_LOG_DOMAIN "angio-workspace"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "angio-enum-types.h"
#include "angio-json.h"
#include "angio-reads-private.h"
#include "angio-reads.h"
#include "angio-workspace-private.h"

#define prepare _angio_workspace_prepare
#define db_fail _angio_workspace_fail

/* The protocol */

static const char *const task_nicks[ANGIO_N_TASKS] = { "key-frame", "outline", "wire" };

void
angio_protocol_init (AngioProtocol *protocol)
{
  *protocol = (AngioProtocol) {
    .readers_per_case = 1,
    .double_read = ANGIO_ALL_TASKS,
    .show_proposals = TRUE,
    .key_frame_frames = 2,
    .min_dice = 0.8,
    .max_delta_percent_ds = 10,
    .max_delta_pressure_mmhg = 1,
    .adjudicator = NULL,
    .unblind_final = TRUE,
  };
}

void
angio_protocol_clear (AngioProtocol *protocol)
{
  g_clear_pointer (&protocol->adjudicator, g_free);
}

void
angio_protocol_copy (const AngioProtocol *from,
                     AngioProtocol       *to)
{
  *to = *from;
  to->adjudicator = g_strdup (from->adjudicator);
}

gboolean
angio_protocol_validate (const AngioProtocol  *p,
                         GError              **error)
{
  g_return_val_if_fail (p != NULL, FALSE);

  if (p->readers_per_case < 1 || p->readers_per_case > ANGIO_MAX_READERS_PER_CASE)
    return angio_core_invalid (error, _("readers per case must be 1 to %d, not %u"),
                    ANGIO_MAX_READERS_PER_CASE, p->readers_per_case);
  if ((p->double_read & ~ANGIO_ALL_TASKS) != 0)
    return angio_core_invalid (error, _("the double-read tasks are key-frame, outline and wire"));
  if (p->key_frame_frames > 100)
    return angio_core_invalid (error, _("the key-frame threshold must be 0 to 100 frames, not %u"),
                    p->key_frame_frames);
  if (!(p->min_dice >= 0 && p->min_dice <= 1))
    return angio_core_invalid (error, _("the Dice threshold must be 0 to 1, not %g"), p->min_dice);
  if (!(p->max_delta_percent_ds >= 0 && p->max_delta_percent_ds <= 100))
    return angio_core_invalid (error, _("the %%DS threshold must be 0 to 100 points, not %g"),
                    p->max_delta_percent_ds);
  if (!(p->max_delta_pressure_mmhg >= 0 && p->max_delta_pressure_mmhg <= 50))
    return angio_core_invalid (error, _("the pressure threshold must be 0 to 50 mmHg, not %g"),
                    p->max_delta_pressure_mmhg);
  if (p->adjudicator != NULL && !angio_reader_id_is_valid (p->adjudicator))
    return angio_core_invalid (error, _("“%s” is not a reader ID"), p->adjudicator);
  return TRUE;
}

JsonNode *
angio_protocol_to_json (const AngioProtocol *p)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (p != NULL, NULL);

  json_builder_begin_object (b);
  angio_json_member_int (b, "readers_per_case", p->readers_per_case);
  json_builder_set_member_name (b, "double_read");
  json_builder_begin_array (b);
  for (guint t = 0; t < ANGIO_N_TASKS; t++)
    if (p->double_read & (1u << t))
      json_builder_add_string_value (b, task_nicks[t]);
  json_builder_end_array (b);
  angio_json_member_bool (b, "show_proposals", p->show_proposals);
  json_builder_set_member_name (b, "thresholds");
  json_builder_begin_object (b);
  angio_json_member_int (b, "key_frame_frames", p->key_frame_frames);
  angio_json_member_number (b, "outline_dice", p->min_dice, 3);
  angio_json_member_number (b, "percent_ds_points", p->max_delta_percent_ds, 2);
  angio_json_member_number (b, "pressure_mmHg", p->max_delta_pressure_mmhg, 2);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "adjudicator");
  if (p->adjudicator != NULL)
    json_builder_add_string_value (b, p->adjudicator);
  else
    json_builder_add_null_value (b);
  angio_json_member_bool (b, "unblind_final", p->unblind_final);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* A number member of @o, into @value when present; FALSE when present and not a number. */
static gboolean
number_member (JsonObject *o,
               const char *name,
               double     *value)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) == G_TYPE_STRING ||
      json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return FALSE;
  *value = json_node_get_double (node);
  return TRUE;
}

static gboolean
bool_member (JsonObject *o,
             const char *name,
             gboolean   *value)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
angio_protocol_from_json (JsonNode       *node,
                          AngioProtocol  *p,
                          GError        **error)
{
  JsonObject *o = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonObject *t;
  JsonArray *tasks;
  JsonNode *adjudicator;
  double readers = 1, frames = 2;

  angio_protocol_init (p);
  if (o == NULL)
    return angio_core_invalid (error, _("a reading protocol is a JSON object"));
  t = angio_json_get_object (o, "thresholds");
  if (!number_member (o, "readers_per_case", &readers) || readers != floor (readers) ||
      !bool_member (o, "show_proposals", &p->show_proposals) ||
      !bool_member (o, "unblind_final", &p->unblind_final) ||
      (t != NULL && (!number_member (t, "key_frame_frames", &frames) || frames < 0 ||
                     frames != floor (frames) ||
                     !number_member (t, "outline_dice", &p->min_dice) ||
                     !number_member (t, "percent_ds_points", &p->max_delta_percent_ds) ||
                     !number_member (t, "pressure_mmHg", &p->max_delta_pressure_mmhg))))
    return angio_core_invalid (error, _("a value of the reading protocol has the wrong type"));
  p->readers_per_case = readers >= 0 && readers <= 1000 ? (guint) readers : 1000;
  p->key_frame_frames = frames <= 1000 ? (guint) frames : 1000;
  tasks = angio_json_get_array (o, "double_read");
  if (tasks != NULL)
    {
      p->double_read = 0;
      for (guint i = 0; i < json_array_get_length (tasks); i++)
        {
          JsonNode *e = json_array_get_element (tasks, i);
          int task;

          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING ||
              !angio_enum_from_nick (ANGIO_TYPE_READ_TASK, json_node_get_string (e), &task))
            return angio_core_invalid (error,
                                       _("the double-read tasks are key-frame, outline and wire"));
          p->double_read |= 1u << task;
        }
    }
  adjudicator = json_object_get_member (o, "adjudicator");
  if (adjudicator != NULL && JSON_NODE_HOLDS_VALUE (adjudicator) &&
      json_node_get_value_type (adjudicator) == G_TYPE_STRING)
    p->adjudicator = g_strdup (json_node_get_string (adjudicator));
  else if (adjudicator != NULL && !JSON_NODE_HOLDS_NULL (adjudicator))
    return angio_core_invalid (error, _("a value of the reading protocol has the wrong type"));
  return angio_protocol_validate (p, error);
}

gboolean
angio_read_tasks_parse (const char  *text,
                        guint       *tasks,
                        GError     **error)
{
  g_auto(GStrv) names = NULL;
  g_autofree char *copy = NULL;

  g_return_val_if_fail (text != NULL && tasks != NULL, FALSE);

  *tasks = 0;
  copy = g_strstrip (g_strdup (text));
  if (strcmp (copy, "none") == 0)
    return TRUE;
  names = g_strsplit (text, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      int task;

      g_strstrip (names[i]);
      if (!angio_enum_from_nick (ANGIO_TYPE_READ_TASK, names[i], &task))
        return angio_core_invalid (error, _("“%s” is not a task: key-frame, outline or wire"),
                                   names[i]);
      *tasks |= 1u << task;
    }
  return TRUE;
}

gboolean
angio_reader_id_is_valid (const char *reader_id)
{
  if (reader_id == NULL || *reader_id == '\0' || strlen (reader_id) > 64)
    return FALSE;
  for (const char *p = reader_id; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr (".-_@", *p) == NULL)
      return FALSE;
  return TRUE;
}

/* Rows */

static char *
column_string (sqlite3_stmt *stmt,
               int           i)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, i));
}

static gint64
case_ref (AngioWorkspace  *self,
          const char      *case_id,
          GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT id FROM cases WHERE case_id = ?", error);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("no case %s in this workspace"),
               case_id);
  return 0;
}

/* The row of reader @reader_id and his @role (nullable); 0 with G_IO_ERROR_NOT_FOUND. */
static gint64
reader_ref (AngioWorkspace   *self,
            const char       *reader_id,
            AngioReaderRole  *role,
            GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT id, role FROM readers WHERE reader_id = ?",
                                          error);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, reader_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int value = ANGIO_ROLE_READER;

      angio_enum_from_nick (ANGIO_TYPE_READER_ROLE, (const char *) sqlite3_column_text (stmt, 1),
                            &value);
      if (role != NULL)
        *role = value;
      return sqlite3_column_int64 (stmt, 0);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("%s is not a reader of this workspace (angiomark-cli readers add)"),
               reader_id ? reader_id : "?");
  return 0;
}

static AngioQcState
quality_state (AngioWorkspace *self,
               gint64          case_row)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT state FROM quality WHERE case_ref = ?",
                                          NULL);
  int state = ANGIO_QC_READING;

  if (stmt == NULL)
    return ANGIO_QC_READING;
  sqlite3_bind_int64 (stmt, 1, case_row);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    angio_enum_from_nick (ANGIO_TYPE_QC_STATE, (const char *) sqlite3_column_text (stmt, 0),
                          &state);
  return state;
}

static gboolean
insert_audit (AngioWorkspace  *self,
              const char      *who,
              const char      *action,
              gint64           case_row,
              const char      *detail,
              GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "INSERT INTO audit (time, who, action, case_ref, "
                                          "detail) VALUES (?, ?, ?, ?, ?)", error);
  g_autofree char *now = _angio_workspace_now ();

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, who, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, action, -1, SQLITE_TRANSIENT);
  if (case_row > 0)
    sqlite3_bind_int64 (stmt, 4, case_row);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_text (stmt, 5, detail, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_DONE || db_fail (self, error);
}

static gboolean
begin (AngioWorkspace  *self,
       GError         **error)
{
  return _angio_workspace_exec (self, "BEGIN IMMEDIATE", error);
}

static gboolean
commit (AngioWorkspace  *self,
        gboolean         ok,
        GError         **error)
{
  if (ok && _angio_workspace_exec (self, "COMMIT", error))
    return TRUE;
  _angio_workspace_exec (self, "ROLLBACK", NULL);
  return FALSE;
}

/* The protocol */

static gboolean
load_protocol (AngioWorkspace  *self,
               AngioProtocol   *protocol,
               GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT document FROM protocols "
                                          "ORDER BY id DESC LIMIT 1", error);
  g_autoptr(JsonNode) node = NULL;

  angio_protocol_init (protocol);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;
  node = _angio_workspace_parse (self, (const char *) sqlite3_column_text (stmt, 0), error);
  return node != NULL && angio_protocol_from_json (node, protocol, error);
}

gboolean
angio_workspace_get_protocol (AngioWorkspace  *self,
                              AngioProtocol   *protocol,
                              GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (protocol != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);
  return load_protocol (self, protocol, error);
}

static gboolean
reading_started (AngioWorkspace *self)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT count(*) FROM read_revisions", NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) > 0;
}

gboolean
angio_workspace_set_protocol (AngioWorkspace       *self,
                              const AngioProtocol  *protocol,
                              const char           *who,
                              GError              **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *now = _angio_workspace_now ();
  g_autofree char *detail = NULL;
  gboolean ok;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (protocol != NULL, FALSE);

  if (!angio_protocol_validate (protocol, error))
    return FALSE;
  node = angio_protocol_to_json (protocol);
  text = angio_json_to_string (node, FALSE);
  locker = g_rec_mutex_locker_new (&self->lock);
  /* Changed once reading started: the audit says so (reads made under the old one). */
  detail = g_strdup_printf ("%s%s", reading_started (self) ? "after reading started: " : "",
                            text);
  if (!begin (self, error))
    return FALSE;
  stmt = prepare (self, "INSERT INTO protocols (time, who, document) VALUES (?, ?, ?)", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, who, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);
      ok = sqlite3_step (stmt) == SQLITE_DONE || db_fail (self, error);
    }
  ok = ok && insert_audit (self, who, "protocol", 0, detail, error);
  return commit (self, ok, error);
}

GPtrArray *
angio_workspace_protocol_history (AngioWorkspace  *self,
                                  GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  int rc;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), NULL);

  locker = g_rec_mutex_locker_new (&self->lock);
  stmt = prepare (self, "SELECT time, who, document FROM protocols ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      JsonNode *protocol = _angio_workspace_parse (self,
                                                   (const char *) sqlite3_column_text (stmt, 2),
                                                   error);

      if (protocol == NULL)
        return NULL;
      json_builder_begin_object (b);
      angio_json_member_string (b, "time", (const char *) sqlite3_column_text (stmt, 0));
      angio_json_member_string (b, "who", (const char *) sqlite3_column_text (stmt, 1));
      json_builder_set_member_name (b, "protocol");
      json_builder_add_value (b, protocol);
      json_builder_end_object (b);
      g_ptr_array_add (list, json_builder_get_root (b));
    }
  if (rc != SQLITE_DONE)
    {
      db_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* Readers */

gboolean
angio_workspace_add_reader (AngioWorkspace   *self,
                            const char       *reader_id,
                            const char       *name,
                            AngioReaderRole   role,
                            const char       *who,
                            GError          **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = _angio_workspace_now ();
  g_autofree char *detail = NULL;
  const char *role_nick = angio_enum_nick (ANGIO_TYPE_READER_ROLE, role);
  gboolean ok;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), FALSE);

  if (!angio_reader_id_is_valid (reader_id))
    return angio_core_invalid (error, _("“%s” is not a reader ID: letters, digits, “.”, “-”, "
                                        "“_” and “@”, at most 64"),
                               reader_id ? reader_id : "");
  if (role_nick == NULL)
    return angio_core_invalid (error, _("not a reader role"));
  locker = g_rec_mutex_locker_new (&self->lock);
  if (!begin (self, error))
    return FALSE;
  stmt = prepare (self, "INSERT INTO readers (reader_id, name, role, added) VALUES (?1, ?2, ?3, ?4) "
                  "ON CONFLICT (reader_id) DO UPDATE SET name = ?2, role = ?3", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, reader_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, role_nick, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
      ok = sqlite3_step (stmt) == SQLITE_DONE || db_fail (self, error);
    }
  /* The name stays out of the audit: IDs are what may leave the workspace. */
  detail = g_strdup_printf ("%s: %s", reader_id, role_nick);
  ok = ok && insert_audit (self, who, "reader", 0, detail, error);
  return commit (self, ok, error);
}

GPtrArray *
angio_workspace_list_readers (AngioWorkspace  *self,
                              GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) angio_reader_free);
  int rc;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), NULL);

  locker = g_rec_mutex_locker_new (&self->lock);
  stmt = prepare (self, "SELECT reader_id, name, role, added FROM readers ORDER BY reader_id",
                  error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AngioReader *r = g_new0 (AngioReader, 1);
      int role = ANGIO_ROLE_READER;

      r->reader_id = column_string (stmt, 0);
      r->name = column_string (stmt, 1);
      angio_enum_from_nick (ANGIO_TYPE_READER_ROLE, (const char *) sqlite3_column_text (stmt, 2),
                            &role);
      r->role = role;
      r->added = column_string (stmt, 3);
      g_ptr_array_add (list, r);
    }
  if (rc != SQLITE_DONE)
    {
      db_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

gboolean
angio_workspace_get_reader_role (AngioWorkspace   *self,
                                 const char       *reader_id,
                                 AngioReaderRole  *role,
                                 GError          **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);
  return reader_ref (self, reader_id, role, error) > 0;
}

/* Assignments */

static gint64
count_assigned (AngioWorkspace *self,
                gint64          case_row)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT count(*) FROM assignments "
                                          "WHERE case_ref = ?", NULL);

  if (stmt == NULL)
    return G_MAXINT64;
  sqlite3_bind_int64 (stmt, 1, case_row);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : G_MAXINT64;
}

static gboolean
is_assigned (AngioWorkspace *self,
             gint64          case_row,
             gint64          reader_row)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT 1 FROM assignments "
                                          "WHERE case_ref = ? AND reader_ref = ?", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_row);
  sqlite3_bind_int64 (stmt, 2, reader_row);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

gboolean
angio_workspace_assign (AngioWorkspace  *self,
                        const char      *case_id,
                        const char      *reader_id,
                        const char      *who,
                        GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(AngioProtocol) protocol = { 0 };
  g_autofree char *now = _angio_workspace_now ();
  gint64 c, r;
  gboolean ok;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (case_id != NULL && reader_id != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);
  if ((c = case_ref (self, case_id, error)) == 0 ||
      (r = reader_ref (self, reader_id, NULL, error)) == 0 ||
      !load_protocol (self, &protocol, error))
    return FALSE;
  if (is_assigned (self, c, r))
    return TRUE;
  if (quality_state (self, c) == ANGIO_QC_FINAL)
    return angio_core_invalid (error, _("%s is final: it takes no more readers"), case_id);
  if (count_assigned (self, c) >= protocol.readers_per_case)
    return angio_core_invalid (error, g_dngettext (GETTEXT_PACKAGE,
                                        "%s already has %u reader (the protocol’s readers per "
                                        "case)",
                                        "%s already has %u readers (the protocol’s readers per "
                                        "case)", protocol.readers_per_case),
                    case_id, protocol.readers_per_case);
  if (!begin (self, error))
    return FALSE;
  stmt = prepare (self, "INSERT INTO assignments (case_ref, reader_ref, time) VALUES (?, ?, ?)",
                  error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, c);
      sqlite3_bind_int64 (stmt, 2, r);
      sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
      ok = sqlite3_step (stmt) == SQLITE_DONE || db_fail (self, error);
    }
  ok = ok && insert_audit (self, who, "assign", c, reader_id, error);
  return commit (self, ok, error);
}

GPtrArray *
angio_workspace_list_reads (AngioWorkspace  *self,
                            const char      *case_id,
                            const char      *reader_id,
                            GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (
                                (GDestroyNotify) angio_read_info_free);
  int rc;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), NULL);

  locker = g_rec_mutex_locker_new (&self->lock);
  stmt = prepare (self,
                  "SELECT c.case_id, r.reader_id, q.state, d.submitted, "
                  "  (SELECT count(*) FROM read_revisions WHERE read_ref = d.id), "
                  "  (SELECT min(time) FROM read_revisions WHERE read_ref = d.id), "
                  "  (SELECT max(time) FROM read_revisions WHERE read_ref = d.id) "
                  "FROM assignments a JOIN cases c ON c.id = a.case_ref "
                  "JOIN readers r ON r.id = a.reader_ref "
                  "LEFT JOIN reads d ON d.case_ref = a.case_ref AND d.reader_ref = a.reader_ref "
                  "LEFT JOIN quality q ON q.case_ref = a.case_ref "
                  "WHERE (?1 IS NULL OR c.case_id = ?1) AND (?2 IS NULL OR r.reader_id = ?2) "
                  "ORDER BY c.case_id, r.reader_id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, reader_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AngioReadInfo *info = g_new0 (AngioReadInfo, 1);
      int qc = ANGIO_QC_READING;

      info->case_id = column_string (stmt, 0);
      info->reader_id = column_string (stmt, 1);
      angio_enum_from_nick (ANGIO_TYPE_QC_STATE, (const char *) sqlite3_column_text (stmt, 2),
                            &qc);
      info->submitted = column_string (stmt, 3);
      info->n_revisions = sqlite3_column_int (stmt, 4);
      info->started = column_string (stmt, 5);
      info->modified = column_string (stmt, 6);
      info->state = qc == ANGIO_QC_FINAL ? ANGIO_READ_FINAL
                    : info->submitted == NULL ? ANGIO_READ_TO_READ
                    : qc == ANGIO_QC_ADJUDICATION ? ANGIO_READ_ADJUDICATION
                    : ANGIO_READ_SUBMITTED;
      g_ptr_array_add (list, info);
    }
  if (rc != SQLITE_DONE)
    {
      db_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* Reads and blinding */

/* Whether @viewer may see the labels of others on case @c (a read not his, the consensus):
 * FALSE with G_IO_ERROR_PERMISSION_DENIED saying why not. */
static gboolean
may_see_others (AngioWorkspace  *self,
                gint64           c,
                const char      *case_id,
                const char      *viewer,
                GError         **error)
{
  g_auto(AngioProtocol) protocol = { 0 };
  AngioReaderRole role;
  AngioQcState state = quality_state (self, c);
  gint64 v;

  if (viewer == NULL || (v = reader_ref (self, viewer, &role, NULL)) == 0 ||
      !load_protocol (self, &protocol, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("%s may not see the reads of %s: not a reader of this workspace"),
                   viewer ? viewer : "?", case_id);
      return FALSE;
    }
  if (role == ANGIO_ROLE_CURATOR)
    return TRUE;
  if (role == ANGIO_ROLE_ADJUDICATOR && state != ANGIO_QC_READING &&
      (protocol.adjudicator == NULL || strcmp (protocol.adjudicator, viewer) == 0))
    return TRUE;
  if (protocol.unblind_final && state == ANGIO_QC_FINAL && is_assigned (self, c, v))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
               state == ANGIO_QC_FINAL
               ? _("%s may not see the other reads of %s: the protocol keeps them blinded")
               : _("%s may not see the other reads of %s before its reading is over (blinded)"),
               viewer, case_id);
  return FALSE;
}

/* The read row of @c and @r; 0 (no error) when none was made yet. */
static gint64
read_ref (AngioWorkspace *self,
          gint64          c,
          gint64          r,
          gboolean       *submitted)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT id, submitted FROM reads "
                                          "WHERE case_ref = ? AND reader_ref = ?", NULL);

  if (submitted != NULL)
    *submitted = FALSE;
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, c);
  sqlite3_bind_int64 (stmt, 2, r);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  if (submitted != NULL)
    *submitted = sqlite3_column_type (stmt, 1) != SQLITE_NULL;
  return sqlite3_column_int64 (stmt, 0);
}

/* Removes from @array (nullable) the items a reader starting afresh does not get: every item
 * but the algorithm's proposals, and those too when @proposals is FALSE. */
static void
keep_proposals (JsonArray *array,
                gboolean   proposals)
{
  for (guint i = array ? json_array_get_length (array) : 0; i-- > 0;)
    {
      JsonObject *item = angio_json_object_at (array, i);
      const char *status = item ? angio_json_get_string (item, "status") : NULL;

      if (!proposals || g_strcmp0 (status, "proposed") != 0)
        json_array_remove_element (array, i);
    }
}

/* The case document as @reader_id starts reading it: no one's labels, the proposals as the
 * protocol says. */
static JsonNode *
starting_document (AngioWorkspace  *self,
                   const char      *case_id,
                   const char      *reader_id,
                   GError         **error)
{
  g_auto(AngioProtocol) protocol = { 0 };
  JsonNode *root;
  JsonObject *o;
  JsonArray *series;

  if (!load_protocol (self, &protocol, error))
    return NULL;
  root = angio_workspace_load_document (self, case_id, error);
  if (root == NULL)
    return NULL;
  o = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (o == NULL)
    return root;
  series = angio_json_get_array (o, "series");
  for (guint i = 0; series != NULL && i < json_array_get_length (series); i++)
    {
      JsonObject *s = angio_json_object_at (series, i);

      if (s == NULL)
        continue;
      keep_proposals (angio_json_get_array (s, "key_frames"), protocol.show_proposals);
      keep_proposals (angio_json_get_array (s, "lesions"), protocol.show_proposals);
    }
  json_object_remove_member (o, "pressure");
  json_object_remove_member (o, "history");
  json_object_set_string_member (o, "status", "new");
  json_object_set_string_member (o, "annotator", reader_id);
  return root;
}

static JsonNode *
last_read_document (AngioWorkspace  *self,
                    gint64           read_row,
                    GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT document FROM read_revisions "
                                          "WHERE read_ref = ? ORDER BY id DESC LIMIT 1", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, read_row);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return _angio_workspace_parse (self, (const char *) sqlite3_column_text (stmt, 0), error);
}

/* The read, no questions asked (for the store itself and the agreement check). */
JsonNode *
_angio_workspace_load_read_unblinded (AngioWorkspace  *self,
                                      const char      *case_id,
                                      const char      *reader_id,
                                      GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  gint64 c, r, d;

  if ((c = case_ref (self, case_id, error)) == 0 ||
      (r = reader_ref (self, reader_id, NULL, error)) == 0)
    return NULL;
  if (!is_assigned (self, c, r))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("%s is not assigned to %s"),
                   case_id, reader_id);
      return NULL;
    }
  d = read_ref (self, c, r, NULL);
  if (d == 0)
    return starting_document (self, case_id, reader_id, error);
  return last_read_document (self, d, error);
}

JsonNode *
angio_workspace_load_read (AngioWorkspace  *self,
                           const char      *case_id,
                           const char      *reader_id,
                           const char      *viewer,
                           GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  gint64 c;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (case_id != NULL && reader_id != NULL, NULL);

  locker = g_rec_mutex_locker_new (&self->lock);
  if ((c = case_ref (self, case_id, error)) == 0)
    return NULL;
  if (g_strcmp0 (viewer, reader_id) != 0 && !may_see_others (self, c, case_id, viewer, error))
    return NULL;
  return _angio_workspace_load_read_unblinded (self, case_id, reader_id, error);
}

JsonNode *
angio_workspace_load_consensus (AngioWorkspace  *self,
                                const char      *case_id,
                                const char      *viewer,
                                GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  gint64 c;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  locker = g_rec_mutex_locker_new (&self->lock);
  if ((c = case_ref (self, case_id, error)) == 0 ||
      !may_see_others (self, c, case_id, viewer, error))
    return NULL;
  if (quality_state (self, c) != ANGIO_QC_FINAL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("%s has no consensus yet"),
                   case_id);
      return NULL;
    }
  return angio_workspace_load_document (self, case_id, error);
}

/* Inside a transaction: the read row of @c and @r, made when there is none. */
static gint64
ensure_read (AngioWorkspace  *self,
             gint64           c,
             gint64           r,
             GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 d = read_ref (self, c, r, NULL);

  if (d > 0)
    return d;
  stmt = prepare (self, "INSERT INTO reads (case_ref, reader_ref) VALUES (?, ?)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, c);
  sqlite3_bind_int64 (stmt, 2, r);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      db_fail (self, error);
      return 0;
    }
  return sqlite3_last_insert_rowid (self->db);
}

static gint64
insert_read_revision (AngioWorkspace  *self,
                      gint64           read_row,
                      const char      *who,
                      const char      *action,
                      JsonNode        *document,
                      GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *text = angio_json_to_string (document, FALSE);
  g_autofree char *now = _angio_workspace_now ();

  stmt = prepare (self, "INSERT INTO read_revisions (read_ref, time, who, action, document) "
                  "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, read_row);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, who, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, action, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, text, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      db_fail (self, error);
      return 0;
    }
  return sqlite3_last_insert_rowid (self->db);
}

/* The case and reader rows of an assignment; refused when the case is final. */
static gboolean
writable_read (AngioWorkspace  *self,
               const char      *case_id,
               const char      *reader_id,
               gint64          *c,
               gint64          *r,
               GError         **error)
{
  if ((*c = case_ref (self, case_id, error)) == 0 ||
      (*r = reader_ref (self, reader_id, NULL, error)) == 0)
    return FALSE;
  if (!is_assigned (self, *c, *r))
    return angio_core_invalid (error, _("%s is not assigned to %s"), case_id, reader_id);
  if (quality_state (self, *c) == ANGIO_QC_FINAL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("%s is final: its reads can no longer change"), case_id);
      return FALSE;
    }
  return TRUE;
}

/* Inside a transaction: a submitted read reopened, the case back to reading (its check is
 * made again when the read is submitted again). */
static gboolean
reopen (AngioWorkspace  *self,
        gint64           c,
        gint64           d,
        const char      *reader_id,
        GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "UPDATE reads SET submitted = NULL WHERE id = ?",
                                          error);
  g_autoptr(sqlite3_stmt) qc = NULL;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, d);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return db_fail (self, error);
  qc = prepare (self, "DELETE FROM quality WHERE case_ref = ?", error);
  if (qc == NULL)
    return FALSE;
  sqlite3_bind_int64 (qc, 1, c);
  if (sqlite3_step (qc) != SQLITE_DONE)
    return db_fail (self, error);
  return insert_audit (self, reader_id, "reopen", c, reader_id, error);
}

gint64
angio_workspace_save_read (AngioWorkspace  *self,
                           const char      *case_id,
                           const char      *reader_id,
                           JsonNode        *document,
                           const char      *action,
                           GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  gint64 c, r, d, revision = 0;
  gboolean submitted, ok;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), 0);
  g_return_val_if_fail (case_id != NULL && reader_id != NULL && document != NULL, 0);
  g_return_val_if_fail (action != NULL, 0);

  locker = g_rec_mutex_locker_new (&self->lock);
  if (!writable_read (self, case_id, reader_id, &c, &r, error) || !begin (self, error))
    return 0;
  d = ensure_read (self, c, r, error);
  ok = d > 0;
  read_ref (self, c, r, &submitted);
  if (ok && submitted)
    ok = reopen (self, c, d, reader_id, error);
  ok = ok && (revision = insert_read_revision (self, d, reader_id, action, document, error)) > 0;
  return commit (self, ok, error) ? revision : 0;
}

gboolean
angio_workspace_submit_read (AngioWorkspace  *self,
                             const char      *case_id,
                             const char      *reader_id,
                             GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonNode) start = NULL;
  g_autofree char *now = _angio_workspace_now ();
  gint64 c, r, d;
  gboolean submitted, ok;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (case_id != NULL && reader_id != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);
  if (!writable_read (self, case_id, reader_id, &c, &r, error))
    return FALSE;
  d = read_ref (self, c, r, &submitted);
  if (submitted)
    return TRUE;
  if (d == 0 && (start = starting_document (self, case_id, reader_id, error)) == NULL)
    return FALSE;
  if (!begin (self, error))
    return FALSE;
  ok = d > 0 || ((d = ensure_read (self, c, r, error)) > 0 &&
                 insert_read_revision (self, d, reader_id, _("Read as proposed"), start,
                                       error) > 0);
  if (ok)
    {
      stmt = prepare (self, "UPDATE reads SET submitted = ? WHERE id = ?", error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, d);
      ok = sqlite3_step (stmt) == SQLITE_DONE || db_fail (self, error);
    }
  ok = ok && insert_audit (self, reader_id, "submit", c, reader_id, error);
  return commit (self, ok, error);
}

GPtrArray *
angio_workspace_read_history (AngioWorkspace  *self,
                              const char      *case_id,
                              const char      *reader_id,
                              const char      *viewer,
                              GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (
                                (GDestroyNotify) angio_revision_free);
  gint64 c, r;
  int rc;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), NULL);

  locker = g_rec_mutex_locker_new (&self->lock);
  if ((c = case_ref (self, case_id, error)) == 0 ||
      (r = reader_ref (self, reader_id, NULL, error)) == 0)
    return NULL;
  if (g_strcmp0 (viewer, reader_id) != 0 && !may_see_others (self, c, case_id, viewer, error))
    return NULL;
  stmt = prepare (self, "SELECT v.id, v.time, v.who, v.action FROM read_revisions v "
                  "JOIN reads d ON d.id = v.read_ref WHERE d.case_ref = ? AND d.reader_ref = ? "
                  "ORDER BY v.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, c);
  sqlite3_bind_int64 (stmt, 2, r);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AngioRevision *v = g_new0 (AngioRevision, 1);

      v->id = sqlite3_column_int64 (stmt, 0);
      v->time = column_string (stmt, 1);
      v->who = column_string (stmt, 2);
      v->action = column_string (stmt, 3);
      g_ptr_array_add (list, v);
    }
  if (rc != SQLITE_DONE)
    {
      db_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* Quality control */

gboolean
angio_workspace_get_quality (AngioWorkspace  *self,
                             const char      *case_id,
                             AngioQcState    *state,
                             JsonNode       **record,
                             GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 c;
  int value = ANGIO_QC_READING;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);
  if (record != NULL)
    *record = NULL;
  if ((c = case_ref (self, case_id, error)) == 0)
    return FALSE;
  stmt = prepare (self, "SELECT state, record FROM quality WHERE case_ref = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      angio_enum_from_nick (ANGIO_TYPE_QC_STATE, (const char *) sqlite3_column_text (stmt, 0),
                            &value);
      if (record != NULL &&
          (*record = _angio_workspace_parse (self, (const char *) sqlite3_column_text (stmt, 1),
                                             error)) == NULL)
        return FALSE;
    }
  if (state != NULL)
    *state = value;
  return TRUE;
}

gboolean
angio_workspace_put_quality (AngioWorkspace  *self,
                             const char      *case_id,
                             AngioQcState     state,
                             JsonNode        *record,
                             JsonNode        *consensus,
                             const char      *who,
                             const char      *action,
                             GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(AngioCase) kase = NULL;
  g_autofree char *text = NULL;
  g_autofree char *now = _angio_workspace_now ();
  const char *nick = angio_enum_nick (ANGIO_TYPE_QC_STATE, state);
  gint64 c;
  gboolean ok;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (case_id != NULL && record != NULL && action != NULL, FALSE);

  if (consensus != NULL && (kase = angio_case_new_from_json (consensus, error)) == NULL)
    return FALSE;
  text = angio_json_to_string (record, FALSE);
  locker = g_rec_mutex_locker_new (&self->lock);
  if ((c = case_ref (self, case_id, error)) == 0 || !begin (self, error))
    return FALSE;
  stmt = prepare (self, "INSERT OR REPLACE INTO quality (case_ref, state, record, time) "
                  "VALUES (?, ?, ?, ?)", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, c);
      sqlite3_bind_text (stmt, 2, nick, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
      ok = sqlite3_step (stmt) == SQLITE_DONE || db_fail (self, error);
    }
  ok = ok && (kase == NULL ||
              _angio_workspace_save_step (self, kase, consensus, who, action, NULL, error));
  ok = ok && insert_audit (self, who, consensus ? "consensus" : "agreement", c, action, error);
  return commit (self, ok, error);
}

gboolean
angio_workspace_audit (AngioWorkspace  *self,
                       const char      *who,
                       const char      *action,
                       const char      *case_id,
                       const char      *detail,
                       GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  gint64 c = 0;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);
  if (case_id != NULL && (c = case_ref (self, case_id, error)) == 0)
    return FALSE;
  return insert_audit (self, who, action, c, detail, error);
}

GPtrArray *
angio_workspace_list_audit (AngioWorkspace  *self,
                            const char      *case_id,
                            GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (
                                (GDestroyNotify) angio_audit_entry_free);
  int rc;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (self), NULL);

  locker = g_rec_mutex_locker_new (&self->lock);
  stmt = prepare (self, "SELECT a.id, a.time, a.who, a.action, c.case_id, a.detail FROM audit a "
                  "LEFT JOIN cases c ON c.id = a.case_ref "
                  "WHERE ?1 IS NULL OR c.case_id = ?1 ORDER BY a.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AngioAuditEntry *e = g_new0 (AngioAuditEntry, 1);

      e->id = sqlite3_column_int64 (stmt, 0);
      e->time = column_string (stmt, 1);
      e->who = column_string (stmt, 2);
      e->action = column_string (stmt, 3);
      e->case_id = column_string (stmt, 4);
      e->detail = column_string (stmt, 5);
      g_ptr_array_add (list, e);
    }
  if (rc != SQLITE_DONE)
    {
      db_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

void
angio_reader_free (AngioReader *reader)
{
  if (reader == NULL)
    return;
  g_free (reader->reader_id);
  g_free (reader->name);
  g_free (reader->added);
  g_free (reader);
}

void
angio_read_info_free (AngioReadInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->case_id);
  g_free (info->reader_id);
  g_free (info->started);
  g_free (info->modified);
  g_free (info->submitted);
  g_free (info);
}

void
angio_audit_entry_free (AngioAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->time);
  g_free (entry->who);
  g_free (entry->action);
  g_free (entry->case_id);
  g_free (entry->detail);
  g_free (entry);
}
