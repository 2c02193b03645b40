/* test-keyboard.c — a reader's hands on the keyboard, under Xvfb, with real key presses and
 * clicks sent through the X server (XTest) to the focused window — not action activations:
 * Space plays and pauses, ← / → step frames after a click on the image, after a field was
 * edited and left with a click, Escape or Tab; the arrow keys never move the focus (onto the
 * lesion's Delete button or anywhere); every field typed in is saved when it is left, when the
 * case changes and when the window closes, each change a revision by the reader set in the
 * settings; the status follows; a click on a lesion's outline or label selects it. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>

#include "angio-analysis.h"
#include "angio-annotation-panel.h"
#include "angio-application.h"
#include "angio-case-series.h"
#include "angio-i18n.h"
#include "angio-key-frame.h"
#include "angio-test-gui.h"
#include "angio-test-util.h"
#include "angio-window.h"

static AngioApplication *app;

typedef struct {
  char *folder;
  AngioPhantom *phantom;
  AngioWindow *window;
} Fixture;

/* A workspace of three copies of one analysed phantom case, CASE-0001 open in a 1280 × 800
 * window that has the X input focus. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("ws-keys-%u", n++);

  fixture->window = angio_test_case_window (GTK_APPLICATION (app), name, 3, NULL,
                                            &fixture->folder, &fixture->phantom);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      angio_test_run_for (50);
      g_assert_finalize_object (fixture->window);
    }
  g_clear_pointer (&fixture->phantom, angio_phantom_free);
  g_free (fixture->folder);
}

static AngioSession *
session (Fixture *fixture)
{
  return angio_window_get_session (fixture->window);
}

static guint
frame (Fixture *fixture)
{
  return angio_session_get_frame (session (fixture));
}

static GtkWidget *
image (Fixture *fixture)
{
  return GTK_WIDGET (angio_window_get_cine_view (fixture->window));
}

static GtkWidget *
field (Fixture    *fixture,
       const char *name)
{
  GtkWidget *found = angio_test_find_named (GTK_WIDGET (fixture->window), name);

  g_assert_nonnull (found);
  return found;
}

static void
key (Fixture *fixture,
     guint    keyval)
{
  angio_test_key (GTK_WINDOW (fixture->window), keyval, 0);
}

/* A click in the middle of @widget, as a reader's mouse gives it. */
static void
click (GtkWidget *widget)
{
  angio_test_click (widget, gtk_widget_get_width (widget) / 2.0,
                    gtk_widget_get_height (widget) / 2.0, 1);
}

static gboolean
focus_is (Fixture   *fixture,
          GtkWidget *widget)
{
  GtkWidget *focus = angio_test_focus (GTK_WINDOW (fixture->window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Frames a step from the key frame the case opened on, both ways possible. */
static void
away_from_the_ends (Fixture *fixture)
{
  angio_session_set_frame (session (fixture), 10);
  g_assert_cmpuint (frame (fixture), ==, 10);
}

static void
test_cine_keys (Fixture       *fixture,
                gconstpointer  data)
{
  AngioPressure *pressure = angio_case_get_pressure (angio_window_get_case (fixture->window));
  guint f;

  away_from_the_ends (fixture);
  /* A click on the image takes the keyboard focus; → and ← step one frame. */
  click (image (fixture));
  g_assert_true (focus_is (fixture, image (fixture)));
  key (fixture, GDK_KEY_Right);
  g_assert_cmpuint (frame (fixture), ==, 11);
  key (fixture, GDK_KEY_Left);
  key (fixture, GDK_KEY_Left);
  g_assert_cmpuint (frame (fixture), ==, 9);

  /* Space plays, Space pauses. */
  key (fixture, GDK_KEY_space);
  g_assert_true (angio_session_get_playing (session (fixture)));
  angio_test_run_for (400);
  key (fixture, GDK_KEY_space);
  g_assert_false (angio_session_get_playing (session (fixture)));
  g_assert_cmpuint (frame (fixture), !=, 9);

  /* A field edited, then a click on the image: → steps again, what was typed is saved. */
  away_from_the_ends (fixture);
  click (field (fixture, "dose"));
  g_assert_true (focus_is (fixture, field (fixture, "dose")));
  angio_test_type (GTK_WINDOW (fixture->window), "2 mg");
  /* Space and arrows belong to the text while typing. */
  g_assert_false (angio_session_get_playing (session (fixture)));
  g_assert_cmpuint (frame (fixture), ==, 10);
  click (image (fixture));
  key (fixture, GDK_KEY_Right);
  g_assert_cmpuint (frame (fixture), ==, 11);
  g_assert_cmpstr (angio_pressure_get_dose (pressure), ==, "2 mg");

  /* A value typed, then Escape: back on the image, the value saved. */
  click (field (fixture, "pa-hyper"));
  angio_test_type (GTK_WINDOW (fixture->window), "92");
  key (fixture, GDK_KEY_Escape);
  g_assert_true (focus_is (fixture, image (fixture)));
  g_assert_cmpfloat (angio_pressure_get_value (pressure, ANGIO_PRESSURE_PA_HYPER), ==, 92);
  key (fixture, GDK_KEY_Right);
  g_assert_cmpuint (frame (fixture), ==, 12);

  /* Tab into the panel: → still steps, and the focus stays where Tab put it. */
  key (fixture, GDK_KEY_Tab);
  key (fixture, GDK_KEY_Tab);
  {
    GtkWidget *focus = angio_test_focus (GTK_WINDOW (fixture->window));

    g_assert_false (focus_is (fixture, image (fixture)));
    f = frame (fixture);
    key (fixture, GDK_KEY_Right);
    g_assert_cmpuint (frame (fixture), ==, f + 1);
    g_assert_true (angio_test_focus (GTK_WINDOW (fixture->window)) == focus);
  }
  /* Escape from there: the keys back to the image. */
  key (fixture, GDK_KEY_Escape);
  g_assert_true (focus_is (fixture, image (fixture)));
}

static void
collect_focusable (GtkWidget *root,
                   GPtrArray *found)
{
  if (gtk_widget_get_focusable (root) && gtk_widget_is_sensitive (root) &&
      gtk_widget_is_visible (root) && !GTK_IS_TEXT (root))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_focusable (child, found);
}

static gboolean
is_destructive (GtkWidget *widget)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (gtk_widget_has_css_class (widget, "destructive-action"))
      return TRUE;
  return FALSE;
}

/* From every widget of the side panel the keyboard can reach, the arrow keys step frames or
 * lesions and never move the focus — onto the lesion's Delete button least of all; Space there
 * plays, it presses nothing. */
static void
test_arrows_never_reach_delete (Fixture       *fixture,
                                gconstpointer  data)
{
  AngioAnnotationPanel *panel = angio_window_get_annotation_panel (fixture->window);
  GListModel *lesions = angio_case_series_get_lesions (
                          angio_proposals_get_case_series (
                            angio_window_get_proposals (fixture->window)));
  guint n_lesions = g_list_model_get_n_items (lesions);
  g_autoptr(GPtrArray) focusable = g_ptr_array_new ();
  const guint keys[] = { GDK_KEY_Left, GDK_KEY_Right, GDK_KEY_Down, GDK_KEY_Up, GDK_KEY_Down };
  GtkWidget *delete_button = field (fixture, "delete-lesion");
  guint n_tried = 0;

  g_assert_cmpuint (n_lesions, >, 0);
  g_assert_true (is_destructive (delete_button));
  collect_focusable (GTK_WIDGET (panel), focusable);
  g_assert_cmpuint (focusable->len, >, 5);
  for (guint i = 0; i < focusable->len; i++)
    {
      GtkWidget *start = g_ptr_array_index (focusable, i);

      if (is_destructive (start))
        continue;
      away_from_the_ends (fixture);
      /* What Tab can reach: mapped, in no closed popover. */
      if (!gtk_widget_get_mapped (start) || !gtk_widget_grab_focus (start))
        continue;
      n_tried++;
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          GtkWidget *focus;

          key (fixture, keys[k]);
          focus = angio_test_focus (GTK_WINDOW (fixture->window));
          g_assert_false (is_destructive (focus));
          g_assert_true (focus == start || gtk_widget_is_ancestor (focus, start));
        }
      /* ← → stepped (back and forth), then ↓ ↑ ↓ went to a lesion's frame. */
      g_test_message ("from %s: frame %u", G_OBJECT_TYPE_NAME (start), frame (fixture));
    }
  g_assert_cmpuint (n_tried, >, 10);
  /* Even on the Delete button itself (Tab can reach it), Space plays: it deletes nothing. */
  g_assert_true (gtk_widget_grab_focus (delete_button));
  key (fixture, GDK_KEY_space);
  g_assert_true (angio_session_get_playing (session (fixture)));
  key (fixture, GDK_KEY_space);
  g_assert_false (angio_session_get_playing (session (fixture)));
  g_assert_cmpuint (g_list_model_get_n_items (lesions), ==, n_lesions);
}

static gboolean
is_case (gpointer data)
{
  Fixture *fixture = data;
  AngioCase *kase = angio_window_get_case (fixture->window);

  return kase != NULL && g_str_equal (angio_case_get_id (kase), "CASE-0002") &&
         angio_test_window_case_shown (fixture->window);
}

/* Case @case_id as the workspace holds it: through the window's own workspace while it is
 * open (it holds the lock), else opened again. */
static AngioCase *
stored (Fixture    *fixture,
        const char *case_id)
{
  g_autoptr(AngioWorkspace) ws = NULL;
  g_autoptr(GError) error = NULL;
  AngioCase *kase;

  if (fixture->window != NULL)
    ws = g_object_ref (angio_window_get_workspace (fixture->window));
  else
    ws = angio_workspace_open (fixture->folder, FALSE, &error);
  g_assert_no_error (error);
  kase = angio_workspace_load_case (ws, case_id, &error);
  g_assert_no_error (error);
  return kase;
}

static GPtrArray *
stored_history (Fixture    *fixture,
                const char *case_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *history = angio_workspace_history (angio_window_get_workspace (fixture->window),
                                                case_id, &error);

  g_assert_no_error (error);
  return history;
}

static AngioRevision *
find_revision (GPtrArray  *history,
               const char *action)
{
  for (guint i = 0; i < history->len; i++)
    {
      AngioRevision *r = g_ptr_array_index (history, i);

      if (g_strcmp0 (r->action, action) == 0)
        return r;
    }
  return NULL;
}

/* Nothing typed is lost: a dose typed and left with Tab, then the next case (Ctrl+Page Down):
 * in the workspace, a revision by the reader of the settings, the case in progress with the
 * reader as its annotator. Pressures typed and the window closed without leaving the field:
 * in the workspace too. */
static void
test_nothing_typed_is_lost (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(AngioCase) first = NULL;
  g_autoptr(AngioCase) second = NULL;
  g_autoptr(GPtrArray) history = NULL;
  AngioRevision *dose;

  g_settings_set_string (settings, "reader-name", "Dr Reader");
  g_settings_set_string (settings, "reader-id", "R-07");
  g_assert_cmpint (angio_case_get_status (angio_window_get_case (fixture->window)), ==,
                   ANGIO_CASE_NEW);

  click (field (fixture, "dose"));
  angio_test_type (GTK_WINDOW (fixture->window), "30 mg");
  key (fixture, GDK_KEY_Tab);
  angio_test_key (GTK_WINDOW (fixture->window), GDK_KEY_Page_Down, GDK_CONTROL_MASK);
  g_assert_true (angio_test_wait_for (is_case, fixture, 30000));

  first = stored (fixture, "CASE-0001");
  g_assert_cmpstr (angio_pressure_get_dose (angio_case_get_pressure (first)), ==, "30 mg");
  g_assert_cmpint (angio_case_get_status (first), ==, ANGIO_CASE_IN_PROGRESS);
  g_assert_cmpstr (angio_case_get_annotator (first), ==, "R-07");
  history = stored_history (fixture, "CASE-0001");
  dose = find_revision (history, "Dose: 30 mg");
  g_assert_nonnull (dose);
  g_assert_cmpstr (dose->who, ==, "R-07");

  /* The second case: Pa, Tab, Pd, and Ctrl+Q at once, the text still focused (the test
   * runs with fatal warnings: nothing is said at quit, GTK's focus-out warning included). */
  click (field (fixture, "pa-hyper"));
  angio_test_type (GTK_WINDOW (fixture->window), "92");
  key (fixture, GDK_KEY_Tab);
  g_assert_true (focus_is (fixture, field (fixture, "pd-hyper")));
  angio_test_type (GTK_WINDOW (fixture->window), "71");
  angio_test_key (GTK_WINDOW (fixture->window), GDK_KEY_q, GDK_CONTROL_MASK);
  angio_test_run_for (500);
  g_assert_finalize_object (fixture->window);
  fixture->window = NULL;

  second = stored (fixture, "CASE-0002");
  g_assert_cmpfloat (angio_pressure_get_value (angio_case_get_pressure (second),
                                               ANGIO_PRESSURE_PA_HYPER), ==, 92);
  g_assert_cmpfloat (angio_pressure_get_value (angio_case_get_pressure (second),
                                               ANGIO_PRESSURE_PD_HYPER), ==, 71);
  g_settings_reset (settings, "reader-name");
  g_settings_reset (settings, "reader-id");
}

/* The pressure wire from the keyboard alone, as fast as keys come: P to its first field, the
 * four pressures with Tab between them, the agent changed in place with ↓ (no popover, whose
 * closing would swallow the next keys), the dose, Escape: all of it stored, the focus back on
 * the image, and the arrows again for the frames. */
static void
test_pressure_from_the_keyboard (Fixture       *fixture,
                                 gconstpointer  data)
{
  AngioPressure *pressure = angio_case_get_pressure (angio_window_get_case (fixture->window));
  const char *typed[] = { "95", "90", "92", "71" };

  away_from_the_ends (fixture);
  key (fixture, GDK_KEY_p);
  g_assert_true (focus_is (fixture, field (fixture, "pa-rest")));
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      angio_test_type (GTK_WINDOW (fixture->window), typed[i]);
      key (fixture, GDK_KEY_Tab);
    }
  g_assert_true (focus_is (fixture, field (fixture, "agent")));
  key (fixture, GDK_KEY_Down);
  key (fixture, GDK_KEY_Tab);
  g_assert_true (focus_is (fixture, field (fixture, "dose")));
  angio_test_type (GTK_WINDOW (fixture->window), "30 mg");
  key (fixture, GDK_KEY_Escape);
  g_assert_true (focus_is (fixture, image (fixture)));

  g_assert_cmpfloat (angio_pressure_get_value (pressure, ANGIO_PRESSURE_PA_REST), ==, 95);
  g_assert_cmpfloat (angio_pressure_get_value (pressure, ANGIO_PRESSURE_PD_REST), ==, 90);
  g_assert_cmpfloat (angio_pressure_get_value (pressure, ANGIO_PRESSURE_PA_HYPER), ==, 92);
  g_assert_cmpfloat (angio_pressure_get_value (pressure, ANGIO_PRESSURE_PD_HYPER), ==, 71);
  g_assert_cmpint (angio_pressure_get_agent (pressure), ==, ANGIO_AGENT_PAPAVERINE);
  g_assert_cmpstr (angio_pressure_get_dose (pressure), ==, "30 mg");
  /* Nothing typed went to the image as shortcuts: still on frame 10, no measurement. */
  g_assert_cmpuint (frame (fixture), ==, 10);
  g_assert_null (angio_test_find_label (GTK_WIDGET (fixture->window), "Esc cancels"));
  key (fixture, GDK_KEY_Right);
  g_assert_cmpuint (frame (fixture), ==, 11);
}

static GtkWindow *
question (Fixture *fixture)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) &&
        gtk_window_get_transient_for (l->data) == GTK_WINDOW (fixture->window))
      return l->data;
  return NULL;
}

/* A value refused (out of range) is not lost without a word: leaving the case says so, and
 * closing the window asks first — back to it, or close without it. */
static void
test_refused_value_is_told (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkWindow *asked;

  /* Typed, then the next case: a message names the case and the reason. */
  click (field (fixture, "pa-hyper"));
  angio_test_type (GTK_WINDOW (fixture->window), "9577");
  angio_test_key (GTK_WINDOW (fixture->window), GDK_KEY_Page_Down, GDK_CONTROL_MASK);
  g_assert_true (angio_test_wait_for (is_case, fixture, 30000));
  g_assert_nonnull (angio_test_find_label (GTK_WIDGET (fixture->window),
                                           "CASE-0001: a value typed was not saved"));

  /* Typed, then the window closed: it asks. */
  click (field (fixture, "pd-hyper"));
  angio_test_type (GTK_WINDOW (fixture->window), "-3");
  gtk_window_close (GTK_WINDOW (fixture->window));
  angio_test_run_for (100);
  asked = question (fixture);
  g_assert_nonnull (asked);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (asked), "back");
  angio_test_run_for (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (fixture, "pd-hyper"))), ==,
                   "-3");
  gtk_window_close (GTK_WINDOW (fixture->window));
  angio_test_run_for (100);
  asked = question (fixture);
  g_assert_nonnull (asked);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (asked), "close");
  angio_test_run_for (100);
  g_assert_finalize_object (fixture->window);
  fixture->window = NULL;
}

static gboolean
is_first_case (gpointer data)
{
  Fixture *fixture = data;
  AngioCase *kase = angio_window_get_case (fixture->window);

  return kase != NULL && g_str_equal (angio_case_get_id (kase), "CASE-0001") &&
         angio_test_window_case_shown (fixture->window);
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Done is the reader's word (Ctrl+D), said back with what is left to review; leaving a case
 * worked on with proposals unreviewed says so too, with a button back to it. */
static void
test_done_and_what_is_left (Fixture       *fixture,
                            gconstpointer  data)
{
  AngioCase *kase = angio_window_get_case (fixture->window);
  GtkWidget *back;

  angio_test_key (GTK_WINDOW (fixture->window), GDK_KEY_d, GDK_CONTROL_MASK);
  g_assert_cmpint (angio_case_get_status (kase), ==, ANGIO_CASE_DONE);
  g_assert_nonnull (angio_test_find_label (GTK_WIDGET (fixture->window),
                                           "CASE-0001 is done with no key frame accepted"));
  angio_test_key (GTK_WINDOW (fixture->window), GDK_KEY_Page_Down, GDK_CONTROL_MASK);
  g_assert_true (angio_test_wait_for (is_case, fixture, 30000));
  g_assert_nonnull (angio_test_find_label (GTK_WIDGET (fixture->window), "CASE-0001 left with"));
  back = find_button (GTK_WIDGET (fixture->window), "_Back to It");
  g_assert_nonnull (back);
  click (back);
  g_assert_true (angio_test_wait_for (is_first_case, fixture, 30000));
  g_assert_cmpint (angio_case_get_status (angio_window_get_case (fixture->window)), ==,
                   ANGIO_CASE_DONE);
}

/* Clicks at image point @p, as a reader's mouse does. */
static void
click_image_at (Fixture    *fixture,
                AngioPoint  p)
{
  double x, y;

  angio_cine_view_image_to_widget (angio_window_get_cine_view (fixture->window), p.x, p.y,
                                   &x, &y);
  angio_test_click (image (fixture), x, y, 1);
}

static AngioLesion *
selected (Fixture *fixture)
{
  return angio_annotation_panel_get_lesion (angio_window_get_annotation_panel (fixture->window));
}

/* Two lesions on the key frame (the proposal, and a segment traced on a healthy stretch
 * nearer the aorta — as an imported label may be; the guided QCA refuses a stretch with no
 * narrowing): a click on one's outline, or on its label, selects it; the labels do not
 * overlap; a click on no lesion changes nothing. */
static void
test_click_selects_lesion (Fixture       *fixture,
                           gconstpointer  data)
{
  AngioProposals *proposals = angio_window_get_proposals (fixture->window);
  GArray *axis = fixture->phantom->centerline_px;
  AngioLesion *proposed = selected (fixture), *measured;
  graphene_rect_t box_proposed, box_measured;
  const AngioStenosis *m;
  AngioPoint at;

  g_assert_nonnull (proposed);
  angio_session_set_frame (session (fixture), angio_lesion_get_frame (proposed));
  {
    AngioCaseSeries *case_series = angio_proposals_get_case_series (proposals);
    guint frame = angio_lesion_get_frame (proposed);
    AngioFrameContext *context = angio_case_series_get_frame_context (case_series, frame);
    AngioStenosis *healthy;
    g_autoptr(AngioLesion) lesion = NULL;

    g_assert_nonnull (context);
    healthy = angio_stenosis_measure (context->image, context->background,
                                      g_array_index (axis, AngioPoint, axis->len / 10),
                                      g_array_index (axis, AngioPoint, axis->len * 3 / 10),
                                      &context->stenosis, NULL, NULL);
    g_assert_nonnull (healthy);
    lesion = angio_lesion_new (frame, healthy, NULL, NULL, NULL);
    angio_case_series_add_lesion (case_series, lesion);
    angio_annotation_panel_set_lesion (angio_window_get_annotation_panel (fixture->window),
                                       lesion);
  }
  measured = selected (fixture);
  g_assert_true (measured != proposed);
  g_assert_cmpuint (angio_lesion_get_frame (measured), ==, angio_lesion_get_frame (proposed));
  angio_test_run_for (300);
  g_assert_true (angio_proposals_get_label_box (proposals, proposed, &box_proposed));
  g_assert_true (angio_proposals_get_label_box (proposals, measured, &box_measured));
  g_assert_false (graphene_rect_intersection (&box_proposed, &box_measured, NULL));

  /* The proposal's border at its MLD. */
  m = angio_lesion_get_measurement (proposed);
  click_image_at (fixture, m->contour->left[m->qca->mld_index]);
  g_assert_true (selected (fixture) == proposed);
  /* The measured lesion's label, where it is drawn now (selecting a lesion redraws the labels,
   * and with several proposals on the frame they may be placed anew). */
  angio_test_run_for (300);
  g_assert_true (angio_proposals_get_label_box (proposals, measured, &box_measured));
  at = (AngioPoint) { box_measured.origin.x + box_measured.size.width / 2,
                      box_measured.origin.y + box_measured.size.height / 2 };
  click_image_at (fixture, at);
  g_assert_true (selected (fixture) == measured);
  /* Far from both: the selection stays. */
  click_image_at (fixture, (AngioPoint) { 3, 3 });
  g_assert_true (selected (fixture) == measured);
}

/* The axis point @offset_px along the phantom's vessel from its lesion's centre, where it is on
 * @frame_index (the phantom moves). */
static AngioPoint
along_axis (Fixture *fixture,
            double   offset_px,
            guint    frame_index)
{
  const AngioPhantom *ph = fixture->phantom;
  GArray *axis = ph->centerline_px;
  guint centre = 0;
  gint64 at;
  AngioPoint p;

  for (guint i = 1; i < axis->len; i++)
    if (angio_point_distance (g_array_index (axis, AngioPoint, i), ph->lesion_center_px)
        < angio_point_distance (g_array_index (axis, AngioPoint, centre), ph->lesion_center_px))
      centre = i;
  /* The axis points are about a pixel apart. */
  at = CLAMP ((gint64) centre + (gint64) lround (offset_px), 0, (gint64) axis->len - 1);
  p = g_array_index (axis, AngioPoint, at);
  p.x += ph->motion_px[frame_index].x;
  p.y += ph->motion_px[frame_index].y;
  return p;
}

/* The guided QCA as a reader runs it: m, then two clicks on the image. Across a healthy
 * stretch nothing is measured and a message says why; across the stenosis a lesion is added,
 * selected, and it is the phantom's narrowing. */
static void
test_measure_with_clicks (Fixture       *fixture,
                          gconstpointer  data)
{
  const AngioPhantom *ph = fixture->phantom;
  AngioLesion *proposed = selected (fixture), *measured;
  GListModel *lesions = angio_case_series_get_lesions (
                          angio_proposals_get_case_series (
                            angio_window_get_proposals (fixture->window)));
  guint n_lesions = g_list_model_get_n_items (lesions), f;
  double reach = (ph->length_mm / 2 + 1.5 * ph->ref_mm + 3) / ph->mm_per_px;

  g_assert_nonnull (proposed);
  f = angio_lesion_get_frame (proposed);
  angio_session_set_frame (session (fixture), f);
  angio_test_focus_window (GTK_WINDOW (fixture->window));

  /* Healthy vessel well proximal to the lesion. */
  angio_test_key (GTK_WINDOW (fixture->window), GDK_KEY_m, 0);
  click_image_at (fixture, along_axis (fixture, -reach - 4 * ph->ref_mm / ph->mm_per_px, f));
  click_image_at (fixture, along_axis (fixture, -reach, f));
  angio_test_run_for (300);
  g_assert_nonnull (angio_test_find_label (GTK_WIDGET (fixture->window), "No narrowing"));
  g_assert_cmpuint (g_list_model_get_n_items (lesions), ==, n_lesions);
  g_assert_true (selected (fixture) == proposed);

  /* Across the stenosis. */
  angio_test_key (GTK_WINDOW (fixture->window), GDK_KEY_m, 0);
  click_image_at (fixture, along_axis (fixture, -reach, f));
  click_image_at (fixture, along_axis (fixture, reach, f));
  angio_test_run_for (300);
  g_assert_cmpuint (g_list_model_get_n_items (lesions), ==, n_lesions + 1);
  measured = selected (fixture);
  g_assert_true (measured != NULL && measured != proposed);
  g_assert_cmpfloat (fabs (angio_lesion_get_measurement (measured)->qca->percent_ds
                           - ph->percent_ds), <, 10);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  angio_i18n_init ();
  angio_test_gui_init (&argc, &argv);
  app = angio_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

#define ADD(path, func) \
  g_test_add ("/angio/ui/keyboard/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("cine-keys", test_cine_keys);
  ADD ("arrows-never-reach-delete", test_arrows_never_reach_delete);
  ADD ("nothing-typed-is-lost", test_nothing_typed_is_lost);
  ADD ("click-selects-lesion", test_click_selects_lesion);
  ADD ("measure-with-clicks", test_measure_with_clicks);
  ADD ("pressure-from-the-keyboard", test_pressure_from_the_keyboard);
  ADD ("refused-value-is-told", test_refused_value_is_told);
  ADD ("done-and-what-is-left", test_done_and_what_is_left);
#undef ADD

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
