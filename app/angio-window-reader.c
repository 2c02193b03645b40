/* angio-window-reader.c — the reader's side of the window: who reads (set once in
 * Preferences: every revision's "who", the annotator of the cases edited), the status that is
 * the reader's word (Ctrl+D) and what is left to review when a case is done or left, the
 * pressure wire from the keyboard (P), the report of the case (Ctrl+P). */
#define G_LOG_DOMAIN "angio-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "angio-reading.h"
#include "angio-report-dialog.h"
#include "angio-window-private.h"

/* A reader setting, without the spaces around it; "" when not set (or no settings). */
static char *
setting (AngioWindow *self,
         const char  *key)
{
  return g_strstrip (self->settings ? g_settings_get_string (self->settings, key)
                                    : g_strdup (""));
}

/* Who edits: the reader's ID when given (a reader may prefer one that is not a name), else the
 * name set in Preferences; NULL when neither is set. */
char *
angio_window_reader_who (AngioWindow *self)
{
  g_autofree char *id = setting (self, "reader-id");
  g_autofree char *name = setting (self, "reader-name");

  if (*id != '\0')
    return g_steal_pointer (&id);
  if (*name != '\0')
    return g_steal_pointer (&name);
  return NULL;
}

void
angio_window_case_update_reader (AngioWindow *self)
{
  g_autofree char *who = angio_window_reader_who (self);

  if (self->history != NULL)
    angio_case_history_set_reader (self->history, who);
}

/* @who when the case open is his to read (assigned, not final), else NULL. */
static const char *
reads_case (AngioWindow *self,
            const char  *who)
{
  g_autoptr(GPtrArray) reads = NULL;

  if (who == NULL || self->workspace == NULL || self->kase == NULL)
    return NULL;
  reads = angio_workspace_list_reads (self->workspace, angio_case_get_id (self->kase), who,
                                      NULL);
  return reads != NULL && reads->len > 0 &&
         ((AngioReadInfo *) reads->pdata[0])->state != ANGIO_READ_FINAL ? who : NULL;
}

/* Whether the case open is in adjudication and the reader of the settings may see its reads. */
static gboolean
may_adjudicate (AngioWindow *self)
{
  g_autofree char *shown = NULL;
  g_autoptr(AngioCase) kase = angio_window_reader_load_adjudication (
                                self, angio_case_get_id (self->kase), &shown, NULL);

  return kase != NULL;
}

void
angio_window_reader_changed (AngioWindow *self)
{
  g_autofree char *who = angio_window_reader_who (self);
  const char *read = self->history ? angio_case_history_get_read (self->history) : NULL;

  /* Another reader: his worklist. */
  if (self->workspace != NULL)
    angio_window_refresh_worklist (self);
  /* The case open is shown again as the new reader may see it — his own read, or the case:
   * never the read of the one before (blinding), never the case where he has a read. */
  if (self->kase != NULL && (self->adjudicating != NULL ||
                             g_strcmp0 (read, reads_case (self, who)) != 0 ||
                             (read == NULL && self->adjudicating == NULL &&
                              may_adjudicate (self))))
    {
      g_autofree char *case_id = g_strdup (angio_case_get_id (self->kase));
      g_autoptr(GError) error = NULL;

      if (!angio_window_open_case (self, case_id, &error))
        angio_window_show_message (self, error->message);
      return;
    }
  angio_window_case_update_reader (self);
}

AngioCase *
angio_window_reader_load_read (AngioWindow  *self,
                               const char   *case_id,
                               char        **read,
                               GError      **error)
{
  g_autofree char *who = angio_window_reader_who (self);
  g_autoptr(GPtrArray) reads = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GError) local = NULL;
  AngioCase *kase;

  *read = NULL;
  if (who == NULL || self->workspace == NULL)
    return NULL;
  reads = angio_workspace_list_reads (self->workspace, case_id, who, error);
  if (reads == NULL)
    return NULL;
  if (reads->len == 0 || ((AngioReadInfo *) reads->pdata[0])->state == ANGIO_READ_FINAL)
    return NULL;
  document = angio_workspace_load_read (self->workspace, case_id, who, who, error);
  if (document == NULL)
    return NULL;
  kase = angio_case_new_from_json (document, &local);
  if (kase == NULL)
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("case %s: %s"), case_id, local->message);
      return NULL;
    }
  *read = g_steal_pointer (&who);
  return kase;
}

AngioCase *
angio_window_reader_load_adjudication (AngioWindow  *self,
                                       const char   *case_id,
                                       char        **shown,
                                       GError      **error)
{
  g_autofree char *who = angio_window_reader_who (self);
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GError) local = NULL;
  const char *base;
  AngioQcState state;
  AngioCase *kase;

  *shown = NULL;
  if (who == NULL || self->workspace == NULL ||
      !angio_workspace_get_quality (self->workspace, case_id, &state, &record, error) ||
      state != ANGIO_QC_ADJUDICATION || record == NULL)
    return NULL;
  base = json_object_get_string_member_with_default (json_node_get_object (record), "base",
                                                     NULL);
  if (base == NULL)
    return NULL;
  /* The store decides who may see the reads (blinding): a refusal is no error here. */
  document = angio_workspace_load_read (self->workspace, case_id, base, who, &local);
  if (document == NULL)
    {
      if (!g_error_matches (local, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  kase = angio_case_new_from_json (document, error);
  if (kase != NULL)
    *shown = g_strdup (base);
  return kase;
}

/* Ctrl+Shift+Enter: the reader submits his read of the case open; the agreement check runs
 * when it was the last one out. Changing it afterwards reopens it. */
static void
action_submit_read (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);
  const char *read = self->history ? angio_case_history_get_read (self->history) : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  AngioQcState state;

  if (self->kase == NULL || read == NULL)
    return;
  angio_annotation_panel_commit (self->annotation_panel);
  if (!angio_reading_submit (self->workspace, angio_case_get_id (self->kase), read, &state,
                             &error))
    {
      angio_window_show_message (self, error->message);
      return;
    }
  text = g_strdup_printf (state == ANGIO_QC_FINAL
                          /* Translators: a read submitted; %s is the case */
                          ? _("Read of %s submitted: the reads agreed, the case is final")
                          : state == ANGIO_QC_ADJUDICATION
                          ? _("Read of %s submitted: the reads disagree, the case goes to "
                              "adjudication")
                          : _("Read of %s submitted"), angio_case_get_id (self->kase));
  angio_window_show_message (self, text);
  angio_window_refresh_worklist (self);
}

/* "no key frame accepted; 2 proposed lesions not reviewed", or NULL when all is reviewed. */
static char *
describe_unreviewed (AngioCase *kase)
{
  gboolean key_frame;
  guint lesions;
  g_autoptr(GString) text = g_string_new (NULL);

  angio_case_get_unreviewed (kase, &key_frame, &lesions);
  if (key_frame)
    g_string_append (text, _("no key frame accepted"));
  if (lesions > 0)
    {
      if (text->len > 0)
        g_string_append (text, _("; "));
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "%u proposed lesion not reviewed",
                                                 "%u proposed lesions not reviewed", lesions),
                              lesions);
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

/* A case the reader worked on is left with proposals nobody looked at: said, with a way back. */
static void
warn_unreviewed (AngioWindow *self,
                 AngioCase   *kase,
                 gboolean     done)
{
  g_autofree char *what = describe_unreviewed (kase);
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  if (what == NULL)
    return;
  if (done)
    /* Translators: a case marked done with proposals unreviewed: its id, then what is left */
    text = g_strdup_printf (_("%s is done with %s"), angio_case_get_id (kase), what);
  else
    /* Translators: a case left with proposals unreviewed: its id, then what is left, e.g.
     * "CASE-0003 left with no key frame accepted; 1 proposed lesion not reviewed" */
    text = g_strdup_printf (_("%s left with %s"), angio_case_get_id (kase), what);
  escaped = g_markup_escape_text (text, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  /* Left: a way back to it. */
  if (!done)
    {
      adw_toast_set_button_label (toast, _("_Back to It"));
      adw_toast_set_detailed_action_name (toast, "win.open-case");
      adw_toast_set_action_target_value (toast, g_variant_new_string (angio_case_get_id (kase)));
    }
  angio_window_add_toast (self, toast);
}

void
angio_window_reader_leave_case (AngioWindow *self)
{
  const char *refused;

  if (self->kase == NULL)
    return;
  refused = angio_annotation_panel_commit (self->annotation_panel);
  if (refused != NULL)
    {
      /* Translators: a value typed in a case just left was refused: the case, the reason */
      g_autofree char *message = g_strdup_printf (_("%s: a value typed was not saved — %s"),
                                                  angio_case_get_id (self->kase), refused);

      angio_window_show_message (self, message);
    }
  if (angio_case_get_status (self->kase) != ANGIO_CASE_NEW)
    warn_unreviewed (self, self->kase, FALSE);
}

/* Ctrl+D: the reader says the case is done (a warning if proposals are left unreviewed). */
static void
action_mark_done (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);
  g_autofree char *action = NULL;

  if (self->kase == NULL)
    return;
  angio_annotation_panel_commit (self->annotation_panel);
  if (angio_case_get_status (self->kase) != ANGIO_CASE_DONE)
    {
      angio_case_set_status (self->kase, ANGIO_CASE_DONE);
      action = g_strdup_printf (_("Status: %s"), angio_case_status_describe (ANGIO_CASE_DONE));
      angio_case_record (self->kase, action);
    }
  warn_unreviewed (self, self->kase, TRUE);
}

/* Who read, for the report: "Name (ID)", either alone, else the case's annotator. */
static char *
reader_for_report (AngioWindow *self)
{
  g_autofree char *name = setting (self, "reader-name");
  g_autofree char *id = setting (self, "reader-id");

  if (*name != '\0' && *id != '\0')
    /* Translators: the reader on a report: name, then ID */
    return g_strdup_printf (_("%s (ID %s)"), name, id);
  if (*name != '\0' || *id != '\0')
    return g_strdup (*name != '\0' ? name : id);
  return g_strdup (angio_case_get_annotator (self->kase));
}

/* Ctrl+P: the report of the lesion selected (else the most severe) on the run on show. */
static void
action_report (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);
  AngioLesion *lesion = angio_annotation_panel_get_lesion (self->annotation_panel);
  AngioCaseDeid deid = { NULL };
  g_autoptr(AngioReport) report = NULL;
  g_autofree char *reader = NULL;
  double center, width;
  gboolean invert;

  if (self->case_series == NULL)
    return;
  angio_annotation_panel_commit (self->annotation_panel);
  if (lesion == NULL)
    lesion = angio_case_series_get_worst_lesion (self->case_series);
  /* The pseudonym if the case has one; never anything read from the patient. */
  if (!angio_workspace_get_deid (self->workspace, angio_case_get_id (self->kase), NULL, &deid,
                                 NULL))
    deid.pseudonym = NULL;
  reader = reader_for_report (self);
  g_object_get (self->session, "window-center", &center, "window-width", &width, "invert",
                &invert, NULL);
  report = angio_report_new (self->kase, self->case_series, lesion, deid.pseudonym, reader,
                             center, width, invert);
  angio_case_deid_clear (&deid);
  angio_session_set_playing (self->session, FALSE);
  angio_report_dialog_new (GTK_WINDOW (self), report);
}

/* P: to the pressure wire's first empty field. */
static void
action_focus_pressure (GtkWidget  *widget,
                       const char *name,
                       GVariant   *param)
{
  AngioWindow *self = ANGIO_WINDOW (widget);

  g_object_set (self, "show-panel", TRUE, NULL);
  angio_annotation_panel_focus_pressure (self->annotation_panel);
}

void
angio_window_reader_update_actions (AngioWindow *self)
{
  AngioSeries *series = self->case_series ? angio_case_series_get_series (self->case_series)
                                          : NULL;
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "case.mark-done", self->kase != NULL);
  gtk_widget_action_set_enabled (widget, "case.submit-read",
                                 self->kase != NULL && self->history != NULL &&
                                 angio_case_history_get_read (self->history) != NULL);
  gtk_widget_action_set_enabled (widget, "case.focus-pressure", self->kase != NULL);
  gtk_widget_action_set_enabled (widget, "case.report",
                                 series != NULL && angio_series_is_complete (series));
}

void
angio_window_reader_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "case.mark-done", NULL, action_mark_done);
  gtk_widget_class_install_action (widget_class, "case.submit-read", NULL, action_submit_read);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "case.submit-read",
                                       NULL);
  gtk_widget_class_install_action (widget_class, "case.report", NULL, action_report);
  gtk_widget_class_install_action (widget_class, "case.focus-pressure", NULL,
                                   action_focus_pressure);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK,
                                       "case.mark-done", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, 0, "case.focus-pressure", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "case.report",
                                       NULL);
}
