/* test-reading.c — two readers read one case blind in the window, with real key presses under
 * Xvfb (XTest): the worklist shows each reader his cases and where they stand; the next case
 * (Ctrl+Page Down) opens his own read; a key frame accepted (k) goes into his read, never into
 * the case or the other's; Ctrl+Shift+Enter submits it; the second reader, the identity
 * switched in the settings, sees none of the first one's labels, and his read disagreeing
 * sends the case to adjudication — both worklists say so. */
#include "config.h"

#include <adwaita.h>

#include "angio-application.h"
#include "angio-i18n.h"
#include "angio-reads.h"
#include "angio-test-gui.h"
#include "angio-test-util.h"
#include "angio-window.h"

static AngioApplication *app;

static void
key (AngioWindow     *window,
     guint            keyval,
     GdkModifierType  mods)
{
  angio_test_key (GTK_WINDOW (window), keyval, mods);
}

static void
click_image (AngioWindow *window)
{
  GtkWidget *image = GTK_WIDGET (angio_window_get_cine_view (window));

  angio_test_click (image, gtk_widget_get_width (image) / 2.0,
                    gtk_widget_get_height (image) / 2.0, 1);
}

typedef struct {
  AngioWindow *window;
  const char *case_id;
} Opened;

static gboolean
is_open (gpointer data)
{
  Opened *o = data;
  AngioCase *kase = angio_window_get_case (o->window);

  return kase != NULL && g_str_equal (angio_case_get_id (kase), o->case_id) &&
         angio_test_window_case_shown (o->window);
}

static void
wait_open (AngioWindow *window,
           const char  *case_id)
{
  Opened o = { window, case_id };

  g_assert_true (angio_test_wait_for (is_open, &o, 30000));
}

/* The status of the key frame @frame of the first run of @document; −1: none there. */
static int
key_frame_status (JsonNode *document,
                  gint64    frame)
{
  JsonArray *keys = json_object_get_array_member (
                      json_array_get_object_element (json_object_get_array_member (
                        json_node_get_object (document), "series"), 0), "key_frames");

  for (guint i = 0; i < json_array_get_length (keys); i++)
    {
      JsonObject *k = json_array_get_object_element (keys, i);

      if (json_object_get_int_member (k, "frame") == frame)
        return g_str_equal (json_object_get_string_member (k, "status"), "accepted");
    }
  return -1;
}

static gboolean
accepted_in_window (AngioWindow *window,
                    guint        frame)
{
  g_autoptr(JsonNode) doc = angio_case_to_json (angio_window_get_case (window));

  return key_frame_status (doc, frame) == 1;
}

static AngioReadState
state_of (AngioWorkspace *ws,
          const char     *reader)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reads = angio_workspace_list_reads (ws, "CASE-0002", reader, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (reads->len, ==, 1);
  return ((AngioReadInfo *) reads->pdata[0])->state;
}

static void
test_blind_double_reading (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *folder = NULL;
  AngioWindow *window = angio_test_case_window (GTK_APPLICATION (app), "ws-reading", 3, NULL,
                                                &folder, NULL);
  AngioWorkspace *ws = angio_window_get_workspace (window);
  AngioWorklist *worklist = angio_window_get_worklist (window);
  g_auto(AngioProtocol) protocol = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) case_before = NULL;
  AngioSession *session = angio_window_get_session (window);

  /* The curator's set-up (the CLI's, through the store): two readers, CASE-0002 and
   * CASE-0003 for both. */
  angio_protocol_init (&protocol);
  protocol.readers_per_case = 2;
  g_assert_true (angio_workspace_set_protocol (ws, &protocol, "C", &error));
  g_assert_true (angio_workspace_add_reader (ws, "A", NULL, ANGIO_ROLE_READER, "C", &error));
  g_assert_true (angio_workspace_add_reader (ws, "B", NULL, ANGIO_ROLE_READER, "C", &error));
  g_assert_true (angio_workspace_add_reader (ws, "J", NULL, ANGIO_ROLE_ADJUDICATOR, "C",
                                             &error));
  for (guint i = 2; i <= 3; i++)
    {
      g_autofree char *case_id = g_strdup_printf ("CASE-%04u", i);

      g_assert_true (angio_workspace_assign (ws, case_id, "A", "C", &error));
      g_assert_true (angio_workspace_assign (ws, case_id, "B", "C", &error));
    }
  g_assert_no_error (error);
  case_before = angio_workspace_load_document (ws, "CASE-0002", &error);

  /* Reader A: his worklist holds his two cases, to read. */
  g_settings_set_string (settings, "reader-id", "A");
  angio_test_run_for (50);
  g_assert_cmpuint (angio_worklist_get_n_shown (worklist), ==, 2);
  g_assert_cmpstr (angio_worklist_get_shown_id (worklist, 0), ==, "CASE-0002");
  g_assert_cmpint (angio_worklist_get_reading (worklist, "CASE-0002"), ==, ANGIO_READ_TO_READ);
  g_assert_cmpint (angio_worklist_get_reading (worklist, "CASE-0001"), ==, -1);

  /* The next case: his first, his read. A key frame accepted on frame 8 (k). */
  key (window, GDK_KEY_Page_Down, GDK_CONTROL_MASK);
  wait_open (window, "CASE-0002");
  click_image (window);
  angio_session_set_frame (session, 8);
  key (window, GDK_KEY_k, 0);
  g_assert_true (accepted_in_window (window, 8));
  {
    g_autoptr(JsonNode) mine = angio_workspace_load_read (ws, "CASE-0002", "A", "A", &error);
    g_autoptr(JsonNode) the_case = angio_workspace_load_document (ws, "CASE-0002", &error);
    g_autoptr(JsonNode) hidden = angio_workspace_load_read (ws, "CASE-0002", "A", "B", NULL);

    g_assert_cmpint (key_frame_status (mine, 8), ==, 1);
    /* The case itself is as it was: the label is A's read's alone. */
    g_assert_true (json_node_equal (the_case, case_before));
    g_assert_null (hidden);
  }

  /* Ctrl+Shift+Enter: submitted; the worklist says so. */
  key (window, GDK_KEY_Return, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  g_assert_cmpint (state_of (ws, "A"), ==, ANGIO_READ_SUBMITTED);
  g_assert_cmpint (angio_worklist_get_reading (worklist, "CASE-0002"), ==, ANGIO_READ_SUBMITTED);

  /* Reader B at the same workstation: the case open shows his read now — not A's key
   * frame. He accepts frame 16: 8 frames off, the case goes to adjudication. */
  g_settings_set_string (settings, "reader-id", "B");
  wait_open (window, "CASE-0002");
  angio_test_run_for (50);
  g_assert_false (accepted_in_window (window, 8));
  g_assert_cmpint (angio_worklist_get_reading (worklist, "CASE-0002"), ==, ANGIO_READ_TO_READ);
  angio_test_focus_window (GTK_WINDOW (window));
  click_image (window);
  angio_session_set_frame (session, 16);
  key (window, GDK_KEY_k, 0);
  g_assert_true (accepted_in_window (window, 16));
  key (window, GDK_KEY_Return, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  g_assert_cmpint (state_of (ws, "B"), ==, ANGIO_READ_ADJUDICATION);
  g_assert_cmpint (angio_worklist_get_reading (worklist, "CASE-0002"), ==,
                   ANGIO_READ_ADJUDICATION);
  /* Still blinded in adjudication: B's queries return nothing of A's. */
  g_assert_null (angio_workspace_load_read (ws, "CASE-0002", "A", "B", NULL));

  /* The adjudicator J: the first read (A's) shown as the case, B's beside it in the compare
   * overlays; what he does there is saved nowhere. */
  g_settings_set_string (settings, "reader-id", "J");
  wait_open (window, "CASE-0002");
  angio_test_run_for (100);
  g_assert_true (accepted_in_window (window, 8));
  {
    g_autofree char *compared = NULL;
    g_autoptr(JsonNode) a_before = angio_workspace_load_read (ws, "CASE-0002", "A", "A", NULL);
    g_autoptr(JsonNode) a_after = NULL;
    g_autoptr(JsonNode) the_case = NULL;

    g_object_get (window, "compare", &compared, NULL);
    g_assert_cmpstr (compared, ==, "annotator:B");
    angio_test_focus_window (GTK_WINDOW (window));
    click_image (window);
    angio_session_set_frame (session, 12);
    key (window, GDK_KEY_k, 0);
    g_assert_true (accepted_in_window (window, 12));
    a_after = angio_workspace_load_read (ws, "CASE-0002", "A", "A", NULL);
    the_case = angio_workspace_load_document (ws, "CASE-0002", NULL);
    g_assert_true (json_node_equal (a_before, a_after));
    g_assert_true (json_node_equal (the_case, case_before));
  }

  /* A edits his submitted read again: reopened, the case back to reading. */
  g_settings_set_string (settings, "reader-id", "A");
  wait_open (window, "CASE-0002");
  angio_test_run_for (50);
  g_assert_true (accepted_in_window (window, 8));
  angio_test_focus_window (GTK_WINDOW (window));
  click_image (window);
  angio_session_set_frame (session, 15);
  key (window, GDK_KEY_k, 0);
  g_assert_cmpint (state_of (ws, "A"), ==, ANGIO_READ_TO_READ);
  g_assert_cmpint (state_of (ws, "B"), ==, ANGIO_READ_SUBMITTED);

  g_settings_reset (settings, "reader-id");
  gtk_window_destroy (GTK_WINDOW (window));
  angio_test_run_for (50);
  g_assert_finalize_object (window);
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
  g_test_add_func ("/angio/ui/reading/blind-double-reading", test_blind_double_reading);
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
