/* angio-application.c — AdwApplication: `angiomark FILE…` opens files, `angiomark --demo` the
 * demo case; About and Preferences live here. */
#define G_LOG_DOMAIN "angio-application"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "angio-application.h"
#include "angio-cine-view.h"
#include "angio-window.h"

struct _AngioApplication
{
  AdwApplication parent_instance;

  gboolean demo;
};

G_DEFINE_FINAL_TYPE (AngioApplication, angio_application, ADW_TYPE_APPLICATION)

static AngioWindow *
get_window (AngioApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (angio_window_new (GTK_APPLICATION (self)));
  return ANGIO_WINDOW (window);
}

static void
angio_application_activate (GApplication *application)
{
  AngioApplication *self = ANGIO_APPLICATION (application);
  AngioWindow *window = get_window (self);

  gtk_window_present (GTK_WINDOW (window));
  if (self->demo)
    {
      self->demo = FALSE;
      angio_window_open_demo (window);
    }
}

static void
angio_application_open (GApplication  *application,
                        GFile        **files,
                        int            n_files,
                        const char    *hint)
{
  AngioWindow *window = get_window (ANGIO_APPLICATION (application));

  gtk_window_present (GTK_WINDOW (window));
  angio_window_open_files (window, files, (guint) n_files);
}

static int
angio_application_handle_local_options (GApplication *application,
                                        GVariantDict *options)
{
  AngioApplication *self = ANGIO_APPLICATION (application);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("angiomark %s\n", PACKAGE_VERSION);
      return 0;
    }
  self->demo = g_variant_dict_contains (options, "demo");
  return -1;
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "Angiomark developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-icon", APP_ID,
                        "application-name", _("Angiomark"),
                        "developer-name", _("Angiomark developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Annotate X-ray angiography: play cine runs, correct QCA, "
                                      "record pressure-wire values and export de-identified, "
                                      "labelled cases for the renal-artery FFR challenge."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your name here */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static GtkWidget *
switch_row (GSettings  *settings,
            const char *key,
            const char *title,
            const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  g_settings_bind (settings, key, toggle, "active", G_SETTINGS_BIND_DEFAULT);
  return row;
}

static GtkWidget *
entry_row (GSettings  *settings,
           const char *key,
           const char *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_settings_bind (settings, key, row, "text", G_SETTINGS_BIND_DEFAULT);
  return row;
}

/* Who reads: set once, it fills every case's annotator and every revision's "who". */
static GtkWidget *
reader_group (GSettings *settings)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Reader"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Recorded as the annotator of the cases you edit and "
                                           "in every revision of their history: the ID when "
                                           "you give one (a name stays on this computer, on "
                                           "your reports), else the name."));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             entry_row (settings, "reader-name", _("Name")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             entry_row (settings, "reader-id",
                                        _("ID, recorded instead of the name")));
  return group;
}

static gboolean
loop_to_index (GValue   *value,
               GVariant *variant,
               gpointer  data)
{
  g_value_set_uint (value, g_strcmp0 (g_variant_get_string (variant, NULL), "bounce") == 0);
  return TRUE;
}

static GVariant *
index_to_loop (const GValue       *value,
               const GVariantType *type,
               gpointer            data)
{
  return g_variant_new_string (g_value_get_uint (value) == 1 ? "bounce" : "repeat");
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID,
                                                                                 TRUE) : NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GtkStringList) modes = NULL;
  GtkWidget *window, *page, *group, *loop;

  if (schema == NULL)
    return;
  settings = g_settings_new (APP_ID);
  window = adw_preferences_window_new ();
  gtk_window_set_transient_for (GTK_WINDOW (window), gtk_application_get_active_window (app));
  page = adw_preferences_page_new ();
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (reader_group (
                                                                                settings)));
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Playback"));

  modes = gtk_string_list_new ((const char *[]) { _("Loop"), _("Bounce"), NULL });
  loop = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (loop), _("At the End of the Run"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (loop),
                               _("Start again from the first frame, or play backwards"));
  adw_combo_row_set_model (ADW_COMBO_ROW (loop), G_LIST_MODEL (modes));
  g_settings_bind_with_mapping (settings, "loop-mode", loop, "selected", G_SETTINGS_BIND_DEFAULT,
                                loop_to_index, index_to_loop, NULL, NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), loop);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Display"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             switch_row (settings, "smooth-sampling", _("Smooth Magnification"),
                                         _("Interpolate between pixels when zoomed in; off shows "
                                           "each pixel as a square")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             switch_row (settings, "show-panel", _("Details Panel"),
                                         _("Show frame, display and acquisition details beside "
                                           "the image")));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  gtk_window_present (GTK_WINDOW (window));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (user_data));

  /* Closing each window saves its size; then the application ends. */
  while (windows != NULL)
    {
      GList *next = windows->next;
      gtk_window_close (GTK_WINDOW (windows->data));
      windows = next;
    }
}

static void
angio_application_startup (GApplication *application)
{
  static const GActionEntry entries[] = {
    { .name = "about", .activate = about_action },
    { .name = "preferences", .activate = preferences_action },
    { .name = "quit", .activate = quit_action },
  };

  G_APPLICATION_CLASS (angio_application_parent_class)->startup (application);
  /* With a software OpenGL (virtual desktops, Xvfb), GTK's GL renderer spends about 20 ms a
   * frame per megapixel on a client-side decorated window, more than 30 frames/s allows; its
   * Cairo renderer composites the same window in a few ms. The cine view keeps OpenGL for the
   * frames either way. Asked before the first window is realized. */
  if (g_getenv ("GSK_RENDERER") == NULL
      && angio_cine_view_gl_is_software (gdk_display_get_default ()))
    g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_action_map_add_action_entries (G_ACTION_MAP (application), entries, G_N_ELEMENTS (entries),
                                   application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
}

static void
angio_application_class_init (AngioApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = angio_application_activate;
  app_class->open = angio_application_open;
  app_class->startup = angio_application_startup;
  app_class->handle_local_options = angio_application_handle_local_options;
}

static void
angio_application_init (AngioApplication *self)
{
  static const GOptionEntry options[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Open the demo case (a synthetic renal angiogram)"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
}

AngioApplication *
angio_application_new (GApplicationFlags flags)
{
  return g_object_new (ANGIO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", "/io/github/angiomark/Angiomark",
                       "flags", flags | G_APPLICATION_HANDLES_OPEN,
                       NULL);
}
