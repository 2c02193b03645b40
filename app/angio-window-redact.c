/* angio-window-redact.c — the window's part for burned-in text: case.redact (B, or the main
 * menu) turns the image's drags into drawing the regions export blacks out (see
 * angio-redaction-tool.h); each edit is a revision of the case. */
#include "config.h"

#include <glib/gi18n.h>

#include "angio-proposals.h"
#include "angio-redaction-tool.h"
#include "angio-window-private.h"

static void
on_redaction_edited (AngioWindow *self,
                     const char  *description)
{
  if (self->kase != NULL)
    angio_case_record (self->kase, description);
}

static void
set_redacting (AngioWindow *self,
               gboolean     active)
{
  active = active && self->case_series != NULL;
  if (active && self->measure_points > 0)
    {
      /* One thing at a time on the image: measuring stops. */
      self->measure_points = 0;
      self->calibrating = FALSE;
      angio_proposals_set_pending_point (self->proposals, NULL);
    }
  angio_redaction_tool_set_active (self->redaction, active);
  /* The drags are the tool's while it is on. */
  angio_lesion_editor_set_enabled (self->editor, !active);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->cine_view), active ? "crosshair" : NULL);
}

static void
action_redact (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AngioWindow *self = ANGIO_WINDOW (widget);
  gboolean active = !angio_redaction_tool_get_active (self->redaction);

  angio_session_set_playing (self->session, FALSE);
  set_redacting (self, active);
  angio_window_show_message (self, active
    ? _("Drag over burned-in text to black it out for export; right-click a region to "
        "remove it; B when done")
    : _("Blacking out done"));
}

void
angio_window_redact_series_shown (AngioWindow *self)
{
  angio_redaction_tool_set_series (self->redaction, self->case_series);
  set_redacting (self, angio_redaction_tool_get_active (self->redaction));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.redact", self->case_series != NULL);
}

void
angio_window_redact_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "case.redact", NULL, action_redact);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, 0, "case.redact", NULL);
}

void
angio_window_redact_init (AngioWindow *self)
{
  self->redaction = angio_redaction_tool_new (self->cine_view);
  g_signal_connect_swapped (self->redaction, "edited", G_CALLBACK (on_redaction_edited), self);
  angio_window_redact_series_shown (self);
}

void
angio_window_redact_stop (AngioWindow *self)
{
  if (self->redaction != NULL && angio_redaction_tool_get_active (self->redaction))
    {
      angio_redaction_tool_set_active (self->redaction, FALSE);
      gtk_widget_set_cursor (GTK_WIDGET (self->cine_view), NULL);
    }
}

void
angio_window_redact_dispose (AngioWindow *self)
{
  if (self->redaction == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->redaction, self);
  g_object_run_dispose (G_OBJECT (self->redaction));
  g_clear_object (&self->redaction);
}
