/* angio-window-keys.c — the keys a reader keeps a hand on while looking at a run.
 *
 * GtkWindow binds the arrow keys to moving the keyboard focus, and a focused button takes
 * Space for itself: with a class binding of our own, ← / → walked the focus through the side
 * panel (onto the lesion's Delete button) and the next Space pressed whatever had the focus.
 * So in the viewer these keys are taken before any widget sees them (the capture phase), unless
 * the focus is where they mean something else: typing in a text field, a list, an open
 * popover. There Escape gives the keys back to the image (a field saves as it loses the
 * focus), as it does from anywhere in the viewer; buttons of the panel are pressed with
 * Enter. A drop-down of the panel that has the
 * focus takes ↑ / ↓ to change its choice in place, as a closed combo box does: no popover to
 * open, and so no keystroke lost while one closes and the focus comes back (X11 hands the
 * keyboard back a little after the popover is gone). */
#define G_LOG_DOMAIN "angio-window"

#include "config.h"

#include "angio-window-private.h"

/* Text being typed: the keys are the text's. */
static gboolean
is_typing (GtkWidget *focus)
{
  return focus != NULL && (GTK_IS_TEXT (focus) || GTK_IS_TEXT_VIEW (focus));
}

/* Widgets that move with the arrow keys themselves. */
static gboolean
uses_arrows (GtkWidget *focus)
{
  static GType types[6];

  if (types[0] == 0)
    {
      types[0] = GTK_TYPE_POPOVER;
      types[1] = GTK_TYPE_LIST_VIEW;
      types[2] = GTK_TYPE_LIST_BOX;
      types[3] = GTK_TYPE_COLUMN_VIEW;
      types[4] = GTK_TYPE_GRID_VIEW;
      types[5] = GTK_TYPE_SCALE;
    }
  for (guint i = 0; focus != NULL && i < G_N_ELEMENTS (types); i++)
    if (gtk_widget_get_ancestor (focus, types[i]) != NULL)
      return TRUE;
  return FALSE;
}

static const char *
viewer_action (guint keyval)
{
  switch (keyval)
    {
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      return "cine.play";
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      return "cine.previous-frame";
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      return "cine.next-frame";
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      return "case.previous-lesion";
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      return "case.next-lesion";
    default:
      return NULL;
    }
}

/* ↑ / ↓ on a closed drop-down: the choice before or after, in place. */
static gboolean
step_drop_down (GtkWidget *focus,
                guint      keyval)
{
  GtkWidget *widget = focus ? gtk_widget_get_ancestor (focus, GTK_TYPE_DROP_DOWN) : NULL;
  GtkDropDown *drop_down;
  GListModel *model;
  guint selected, n;

  if (widget == NULL || gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL)
    return FALSE;
  drop_down = GTK_DROP_DOWN (widget);
  model = gtk_drop_down_get_model (drop_down);
  n = model ? g_list_model_get_n_items (model) : 0;
  selected = gtk_drop_down_get_selected (drop_down);
  if (n == 0)
    return TRUE;
  if (selected == GTK_INVALID_LIST_POSITION)
    selected = 0;
  else if (keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up)
    selected = selected > 0 ? selected - 1 : 0;
  else
    selected = MIN (selected + 1, n - 1);
  gtk_drop_down_set_selected (drop_down, selected);
  return TRUE;
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                AngioWindow           *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  const char *action;

  state &= gtk_accelerator_get_default_mod_mask ();
  if (is_typing (focus))
    {
      /* Escape leaves the field (not a popover's search: it closes the popover). */
      if (keyval == GDK_KEY_Escape && state == 0
          && gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) == NULL
          && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "viewer") == 0)
        {
          angio_window_focus_image (self);
          return TRUE;
        }
      return FALSE;
    }
  /* Escape from anywhere else in the viewer (a button of the panel or under the image, a
   * drop-down) also gives the keys back to the image. */
  if (keyval == GDK_KEY_Escape && state == 0 && focus != NULL &&
      focus != GTK_WIDGET (self->cine_view) &&
      gtk_widget_is_ancestor (focus, gtk_stack_get_child_by_name (self->stack, "viewer")) &&
      gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) == NULL)
    {
      angio_window_focus_image (self);
      return TRUE;
    }
  if (state != 0 || (action = viewer_action (keyval)) == NULL
      || g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "viewer") != 0
      || uses_arrows (focus))
    return FALSE;
  if ((keyval == GDK_KEY_Up || keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Up ||
       keyval == GDK_KEY_KP_Down) && step_drop_down (focus, keyval))
    return TRUE;
  /* Taken even when the action cannot run now (no run yet): never a focus move. */
  gtk_widget_activate_action (GTK_WIDGET (self), action, NULL);
  return TRUE;
}

void
angio_window_focus_image (AngioWindow *self)
{
  g_return_if_fail (ANGIO_IS_WINDOW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->cine_view));
}

void
angio_window_keys_init (AngioWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}
