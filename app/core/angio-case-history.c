/* angio-case-history.c — autosave and undo/redo over the workspace's revisions. */
#define G_LOG_DOMAIN "angio-workspace"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "angio-case-history.h"
#include "angio-reads.h"

typedef struct {
  JsonNode *document;   /* the case after the step */
  char *action;
} Step;

struct _AngioCaseHistory {
  GObject parent_instance;
  AngioWorkspace *workspace;
  AngioCase *kase;
  GPtrArray *steps;     /* Step: steps[0] as opened, then one per edit */
  guint position;       /* the step on show */
  gboolean restoring;
  GError *error;
  char *reader;         /* who edits: every revision's "who" */
  char *read;           /* nullable: the reader whose read this is (angio-reads.h) */
  gboolean detached;    /* nothing is saved (a case in adjudication, looked at) */
};

G_DEFINE_FINAL_TYPE (AngioCaseHistory, angio_case_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVE_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
step_free (Step *step)
{
  json_node_unref (step->document);
  g_free (step->action);
  g_free (step);
}

static void
angio_case_history_dispose (GObject *object)
{
  AngioCaseHistory *self = ANGIO_CASE_HISTORY (object);

  if (self->kase != NULL)
    g_signal_handlers_disconnect_by_data (self->kase, self);
  g_clear_object (&self->kase);
  g_clear_object (&self->workspace);
  G_OBJECT_CLASS (angio_case_history_parent_class)->dispose (object);
}

static void
angio_case_history_finalize (GObject *object)
{
  AngioCaseHistory *self = ANGIO_CASE_HISTORY (object);

  g_ptr_array_unref (self->steps);
  g_clear_error (&self->error);
  g_free (self->reader);
  g_free (self->read);
  G_OBJECT_CLASS (angio_case_history_parent_class)->finalize (object);
}

static void
angio_case_history_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AngioCaseHistory *self = ANGIO_CASE_HISTORY (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, angio_case_history_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, angio_case_history_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_case_history_class_init (AngioCaseHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = angio_case_history_dispose;
  object_class->finalize = angio_case_history_finalize;
  object_class->get_property = angio_case_history_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AngioCaseHistory::save-failed:
   * @error: why (the edit stays in memory and is saved with the next one)
   */
  signals[SAVE_FAILED] = g_signal_new ("save-failed", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                       G_TYPE_ERROR);
}

static void
angio_case_history_init (AngioCaseHistory *self)
{
  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
}

static void
notify_can (AngioCaseHistory *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

/* The document of the step on show is the case as it is now: saved as it is, by @who. */
static void
save (AngioCaseHistory *self,
      const char       *who,
      const char       *action)
{
  Step *step = self->steps->pdata[self->position];

  g_clear_error (&self->error);
  if (self->detached)
    return;
  /* A reader's read: his own revisions, never the case's (blinded double reading). */
  if (self->read != NULL
      ? angio_workspace_save_read (self->workspace, angio_case_get_id (self->kase), self->read,
                                   step->document, action, &self->error) == 0
      : !angio_workspace_save_document (self->workspace, self->kase, step->document, who, action,
                                        &self->error))
    {
      g_warning ("saving %s: %s", angio_case_get_id (self->kase), self->error->message);
      g_signal_emit (self, signals[SAVE_FAILED], 0, self->error);
    }
}

/* The case as it is now, a new step after the one on show. */
static void
add_step (AngioCaseHistory *self,
          const char       *who,
          const char       *action)
{
  Step *step;

  /* A new edit after undos: the undone steps can no longer be redone. */
  g_ptr_array_set_size (self->steps, self->position + 1);
  step = g_new0 (Step, 1);
  step->document = angio_case_to_json (self->kase);
  step->action = g_strdup (action);
  g_ptr_array_add (self->steps, step);
  self->position = self->steps->len - 1;
  save (self, who, action);
  notify_can (self);
}

/* The status the step on show was saved with. */
static const char *
step_status (AngioCaseHistory *self)
{
  Step *step = self->steps->pdata[self->position];
  JsonObject *root = json_node_get_object (step->document);

  return json_object_get_string_member_with_default (root, "status", "new");
}

/* A reader's edit: a new case is in progress from its first one (unless the edit was setting
 * it back to new), and the reader becomes its annotator if it has none. */
static void
on_edited (AngioCaseHistory *self,
           const char       *action)
{
  if (self->restoring)
    return;
  if (angio_case_get_status (self->kase) == ANGIO_CASE_NEW &&
      g_str_equal (step_status (self), "new"))
    angio_case_set_status (self->kase, ANGIO_CASE_IN_PROGRESS);
  if (self->reader != NULL && angio_case_get_annotator (self->kase) == NULL)
    angio_case_set_annotator (self->kase, self->reader);
  add_step (self, self->reader, action);
}

void
angio_case_history_record_automatic (AngioCaseHistory *self,
                                     const char       *action)
{
  g_return_if_fail (ANGIO_IS_CASE_HISTORY (self));
  g_return_if_fail (action != NULL);

  /* Translators: who made a revision when the program made it (the automatic analysis) */
  add_step (self, _("Angiomark"), action);
}

void
angio_case_history_set_reader (AngioCaseHistory *self,
                               const char       *reader)
{
  g_return_if_fail (ANGIO_IS_CASE_HISTORY (self));

  g_free (self->reader);
  self->reader = reader != NULL && *reader != '\0' ? g_strdup (reader) : NULL;
}

const char *
angio_case_history_get_reader (AngioCaseHistory *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE_HISTORY (self), NULL);
  return self->reader;
}

AngioCaseHistory *
angio_case_history_new (AngioWorkspace *workspace,
                        AngioCase      *kase)
{
  AngioCaseHistory *self;
  Step *first;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (ANGIO_IS_CASE (kase), NULL);

  self = g_object_new (ANGIO_TYPE_CASE_HISTORY, NULL);
  self->workspace = g_object_ref (workspace);
  self->kase = g_object_ref (kase);
  first = g_new0 (Step, 1);
  first->document = angio_case_to_json (kase);
  g_ptr_array_add (self->steps, first);
  g_signal_connect_swapped (kase, "edited", G_CALLBACK (on_edited), self);
  return self;
}

AngioCase *
angio_case_history_get_case (AngioCaseHistory *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE_HISTORY (self), NULL);
  return self->kase;
}

AngioWorkspace *
angio_case_history_get_workspace (AngioCaseHistory *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE_HISTORY (self), NULL);
  return self->workspace;
}

gboolean
angio_case_history_can_undo (AngioCaseHistory *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE_HISTORY (self), FALSE);
  return self->position > 0;
}

gboolean
angio_case_history_can_redo (AngioCaseHistory *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE_HISTORY (self), FALSE);
  return self->position + 1 < self->steps->len;
}

const char *
angio_case_history_get_undo_action (AngioCaseHistory *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE_HISTORY (self), NULL);
  return self->position > 0 ? ((Step *) self->steps->pdata[self->position])->action : NULL;
}

const char *
angio_case_history_get_redo_action (AngioCaseHistory *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE_HISTORY (self), NULL);
  return angio_case_history_can_redo (self)
         ? ((Step *) self->steps->pdata[self->position + 1])->action : NULL;
}

static gboolean
go_to (AngioCaseHistory  *self,
       guint              position,
       const char        *action,
       GError           **error)
{
  Step *step = self->steps->pdata[position];
  gboolean ok;

  self->restoring = TRUE;
  ok = angio_case_load_json (self->kase, step->document, error);
  self->restoring = FALSE;
  if (!ok)
    return FALSE;
  self->position = position;
  save (self, self->reader, action);
  notify_can (self);
  return TRUE;
}

gboolean
angio_case_history_undo (AngioCaseHistory  *self,
                         GError           **error)
{
  g_autofree char *action = NULL;

  g_return_val_if_fail (ANGIO_IS_CASE_HISTORY (self), FALSE);

  if (self->position == 0)
    return TRUE;
  /* Translators: the history entry of an undo; %s is the edit undone */
  action = g_strdup_printf (_("Undo: %s"), angio_case_history_get_undo_action (self));
  return go_to (self, self->position - 1, action, error);
}

gboolean
angio_case_history_redo (AngioCaseHistory  *self,
                         GError           **error)
{
  g_autofree char *action = NULL;

  g_return_val_if_fail (ANGIO_IS_CASE_HISTORY (self), FALSE);

  if (!angio_case_history_can_redo (self))
    return TRUE;
  /* Translators: the history entry of a redo; %s is the edit done again */
  action = g_strdup_printf (_("Redo: %s"), angio_case_history_get_redo_action (self));
  return go_to (self, self->position + 1, action, error);
}

const GError *
angio_case_history_get_error (AngioCaseHistory *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE_HISTORY (self), NULL);
  return self->error;
}

void
angio_case_history_set_read (AngioCaseHistory *self,
                             const char       *reader_id)
{
  g_return_if_fail (ANGIO_IS_CASE_HISTORY (self));

  g_free (self->read);
  self->read = g_strdup (reader_id);
}

const char *
angio_case_history_get_read (AngioCaseHistory *self)
{
  g_return_val_if_fail (ANGIO_IS_CASE_HISTORY (self), NULL);
  return self->read;
}

void
angio_case_history_set_detached (AngioCaseHistory *self,
                                 gboolean          detached)
{
  g_return_if_fail (ANGIO_IS_CASE_HISTORY (self));
  self->detached = detached;
}
