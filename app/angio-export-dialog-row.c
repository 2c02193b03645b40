/* angio-export-dialog-row.c — a case in the export window: its check box; its id, status and
 * the warnings (burned-in annotation, a pseudonym refused); the pseudonym it leaves under,
 * changed in a popover; what it has of the three labels of the challenge. */
#define G_LOG_DOMAIN "angio-export"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "angio-export-dialog-private.h"

/* Widths of the fixed columns, so the header lines up with the rows: only the case column
 * expands, and the others never ask for more than these. */
#define PSEUDONYM_WIDTH 180
#define TASK_WIDTH 84

static void
set_task (GtkImage   *image,
          gboolean    ok,
          const char *yes,
          const char *no)
{
  gtk_image_set_from_icon_name (image, ok ? "object-select-symbolic"
                                          : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (image), ok ? "warning" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (image), ok ? "success" : "warning");
  gtk_widget_set_tooltip_text (GTK_WIDGET (image), ok ? yes : no);
}

static void
show_burned_in (AngioExportRow *row)
{
  AngioBurnedIn burned = row->readiness ? row->readiness->burned_in : ANGIO_BURNED_IN_NO;

  gtk_widget_set_visible (row->burned_in, burned != ANGIO_BURNED_IN_NO);
  if (burned == ANGIO_BURNED_IN_YES)
    {
      gtk_label_set_text (row->burned_in_label,
                          _("Burned-in annotation: the pixels may show identifying text"));
      gtk_widget_set_tooltip_text (row->burned_in, _("The file says Burned In Annotation = "
                                                     "YES. De-identification changes the "
                                                     "header only: look at the frames before "
                                                     "the dataset leaves the hospital."));
      gtk_widget_remove_css_class (row->burned_in, "dim-label");
      gtk_widget_add_css_class (row->burned_in, "error");
    }
  else if (burned == ANGIO_BURNED_IN_UNKNOWN)
    {
      gtk_label_set_text (row->burned_in_label,
                          _("Burned-in annotation not stated in the file"));
      gtk_widget_set_tooltip_text (row->burned_in, _("Many angiography systems leave Burned In "
                                                     "Annotation out. Text printed into the "
                                                     "frames is not removed: look at them if "
                                                     "in doubt."));
      gtk_widget_remove_css_class (row->burned_in, "error");
      gtk_widget_add_css_class (row->burned_in, "dim-label");
    }
}

static void
show_row_message (AngioExportRow *row)
{
  gtk_widget_set_visible (GTK_WIDGET (row->message_label), row->message != NULL);
  gtk_label_set_text (row->message_label, row->message ? row->message : "");
}

static void
show_pseudonym (AngioExportRow *row)
{
  const char *text = row->readiness ? row->readiness->pseudonym : NULL;

  /* Not given one yet: it gets the prefix and the next free number as it leaves. */
  gtk_label_set_text (row->pseudonym, text ? text : row->readiness ? _("new") : "…");
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->pseudonym), text);
}

void
angio_export_row_update (AngioExportRow *row)
{
  const AngioPackageReadiness *r = row->readiness;

  show_pseudonym (row);
  gtk_widget_set_sensitive (row->edit_button, r != NULL);
  show_burned_in (row);
  show_row_message (row);
  if (r == NULL)
    {
      gtk_stack_set_visible_child_name (row->checks, row->message ? "failed" : "pending");
      return;
    }
  if (r->key_frame && row->key_frame >= 0)
    {
      /* Translators: the accepted key frame of a case about to be exported: its DICOM frame
       * number (from 1), then its index in the package's file names (from 0) */
      g_autofree char *frame = g_strdup_printf (_("key frame %d (DICOM), f%d in the package"),
                                                row->key_frame + 1, row->key_frame);
      /* Translators: a case's status, then what is said of its key frame */
      g_autofree char *status = g_strdup_printf (_("%s · %s"),
                                                 angio_case_status_describe (row->status),
                                                 frame);

      gtk_label_set_text (row->status_label, status);
    }
  set_task (row->icons[ANGIO_EXPORT_TASK_KEY_FRAME], r->key_frame,
            _("An accepted key frame (task 1)"),
            _("No accepted key frame: task 1 has no label for this case"));
  set_task (row->icons[ANGIO_EXPORT_TASK_OUTLINE], r->outline,
            _("An accepted lesion with its outline (task 2)"),
            _("No accepted lesion outline: task 2 has no label for this case"));
  set_task (row->icons[ANGIO_EXPORT_TASK_WIRE_FFR], r->wire_ffr,
            _("The pressure-wire FFR (task 3)"),
            _("No pressure-wire FFR: task 3 has no label for this case"));
  gtk_stack_set_visible_child_name (row->checks, "checks");
}


static void
on_pseudonym_popover_shown (AngioExportRow *row)
{
  const char *text = row->readiness ? row->readiness->pseudonym : NULL;

  gtk_editable_set_text (GTK_EDITABLE (row->pseudonym_entry), text ? text : "");
  gtk_widget_grab_focus (GTK_WIDGET (row->pseudonym_entry));
  gtk_editable_select_region (GTK_EDITABLE (row->pseudonym_entry), 0, -1);
}

static void
on_pseudonym_apply (AngioExportRow *row)
{
  g_autofree char *text = NULL;

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->pseudonym_entry))));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (row->edit_button));
  if (*text != '\0')
    angio_export_dialog_store_pseudonym (row->dialog, row, text);
}


static GtkWidget *
caption (const char *text,
         int         width)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_size_request (label, width, -1);
  gtk_label_set_xalign (GTK_LABEL (label), width > 0 ? 0.5f : 0.f);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, width <= 0);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

GtkWidget *
angio_export_row_header (GtkSizeGroup *check_column)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *spacer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *id = caption (_("Case"), 0);
  GtkWidget *pseudonym = caption (_("Exported as"), PSEUDONYM_WIDTH);

  /* The list's border is one pixel more. */
  gtk_widget_set_margin_start (box, 13);
  gtk_widget_set_margin_end (box, 13);
  gtk_size_group_add_widget (check_column, spacer);
  gtk_box_append (GTK_BOX (box), spacer);
  gtk_box_append (GTK_BOX (box), id);
  gtk_label_set_xalign (GTK_LABEL (pseudonym), 0);
  gtk_box_append (GTK_BOX (box), pseudonym);
  gtk_box_append (GTK_BOX (box), caption (_("Key frame"), TASK_WIDTH));
  gtk_box_append (GTK_BOX (box), caption (_("Outline"), TASK_WIDTH));
  gtk_box_append (GTK_BOX (box), caption (_("Wire FFR"), TASK_WIDTH));
  return box;
}

static GtkWidget *
case_cell (AngioExportRow *row)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *id = gtk_label_new (row->case_id);
  GtkWidget *status = gtk_label_new (angio_case_status_describe (row->status));
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  gtk_widget_set_hexpand (box, TRUE);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (id), 0);
  gtk_label_set_ellipsize (GTK_LABEL (id), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (id, "heading");
  gtk_widget_add_css_class (status, "dim-label");
  gtk_widget_add_css_class (status, "caption");
  gtk_widget_set_valign (status, GTK_ALIGN_BASELINE);
  gtk_widget_set_valign (id, GTK_ALIGN_BASELINE);
  gtk_box_append (GTK_BOX (line), id);
  gtk_box_append (GTK_BOX (line), status);
  row->status_label = GTK_LABEL (status);
  gtk_box_append (GTK_BOX (box), line);

  row->burned_in = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  row->burned_in_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->burned_in_label, 0);
  gtk_label_set_wrap (row->burned_in_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (row->burned_in_label), "caption");
  gtk_box_append (GTK_BOX (row->burned_in), icon);
  gtk_box_append (GTK_BOX (row->burned_in), GTK_WIDGET (row->burned_in_label));
  gtk_widget_set_visible (row->burned_in, FALSE);
  gtk_box_append (GTK_BOX (box), row->burned_in);

  row->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->message_label, 0);
  gtk_label_set_wrap (row->message_label, TRUE);
  gtk_label_set_selectable (row->message_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (row->message_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (row->message_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (row->message_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->message_label));
  return box;
}

static GtkWidget *
pseudonym_popover (AngioExportRow *row)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *apply = gtk_button_new_with_mnemonic (_("_Apply"));
  /* Translators: title of the popover changing a case's pseudonym; %s is the case id */
  g_autofree char *title = g_strdup_printf (_("Pseudonym of %s"), row->case_id);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *hint = gtk_label_new (_("Letters, digits, “-” and “_”, unique in the workspace. "
                                     "The case keeps it in every export."));

  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (hint), 36);
  gtk_widget_add_css_class (hint, "caption");
  gtk_widget_add_css_class (hint, "dim-label");
  row->pseudonym_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_width_chars (GTK_EDITABLE (row->pseudonym_entry), 20);
  gtk_widget_set_hexpand (GTK_WIDGET (row->pseudonym_entry), TRUE);
  gtk_widget_add_css_class (apply, "suggested-action");
  g_signal_connect_swapped (row->pseudonym_entry, "activate", G_CALLBACK (on_pseudonym_apply),
                            row);
  g_signal_connect_swapped (apply, "clicked", G_CALLBACK (on_pseudonym_apply), row);
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (row->pseudonym_entry));
  gtk_box_append (GTK_BOX (line), apply);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), line);
  gtk_box_append (GTK_BOX (box), hint);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  g_signal_connect_swapped (popover, "show", G_CALLBACK (on_pseudonym_popover_shown), row);
  return popover;
}

static GtkWidget *
pseudonym_cell (AngioExportRow *row)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);

  gtk_widget_set_size_request (box, PSEUDONYM_WIDTH, -1);
  /* Set, so that the label's expanding does not spread to the row. */
  gtk_widget_set_hexpand (box, FALSE);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  row->pseudonym = GTK_LABEL (gtk_label_new ("…"));
  gtk_label_set_xalign (row->pseudonym, 0);
  gtk_label_set_ellipsize (row->pseudonym, PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_width_chars (row->pseudonym, 8);
  gtk_label_set_max_width_chars (row->pseudonym, 16);
  gtk_widget_set_hexpand (GTK_WIDGET (row->pseudonym), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (row->pseudonym), "numeric");
  row->edit_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (row->edit_button), "document-edit-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (row->edit_button), pseudonym_popover (row));
  gtk_widget_add_css_class (row->edit_button, "flat");
  gtk_widget_set_valign (row->edit_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (row->edit_button,
                               _("Change the pseudonym: the case’s id in its package, in place "
                                 "of the patient’s name and ID"));
  gtk_widget_set_sensitive (row->edit_button, FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->pseudonym));
  gtk_box_append (GTK_BOX (box), row->edit_button);
  return box;
}

static GtkWidget *
checks_cell (AngioExportRow *row)
{
  GtkWidget *icons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *failed = gtk_label_new ("—");

  for (guint t = 0; t < ANGIO_EXPORT_N_TASKS; t++)
    {
      row->icons[t] = GTK_IMAGE (gtk_image_new ());
      gtk_widget_set_size_request (GTK_WIDGET (row->icons[t]), TASK_WIDTH, -1);
      gtk_box_append (GTK_BOX (icons), GTK_WIDGET (row->icons[t]));
    }
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (spinner, _("Checking the case…"));
  gtk_widget_add_css_class (failed, "dim-label");
  row->checks = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_hhomogeneous (row->checks, TRUE);
  gtk_stack_add_named (row->checks, spinner, "pending");
  gtk_stack_add_named (row->checks, icons, "checks");
  gtk_stack_add_named (row->checks, failed, "failed");
  gtk_stack_set_visible_child_name (row->checks, "pending");
  return GTK_WIDGET (row->checks);
}

AngioExportRow *
angio_export_row_new (AngioExportDialog      *dialog,
                      const AngioCaseSummary *summary,
                      gboolean                selected,
                      GtkSizeGroup           *check_column)
{
  AngioExportRow *row = g_new0 (AngioExportRow, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  row->dialog = dialog;
  row->case_id = g_strdup (summary->case_id);
  row->status = summary->status;
  row->key_frame = summary->best_key_frame;
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  row->check = GTK_CHECK_BUTTON (gtk_check_button_new ());
  gtk_widget_set_valign (GTK_WIDGET (row->check), GTK_ALIGN_CENTER);
  gtk_check_button_set_active (row->check, selected);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->check), _("Export this case"));
  g_signal_connect_swapped (row->check, "toggled",
                            G_CALLBACK (angio_export_dialog_update_state), dialog);
  gtk_size_group_add_widget (check_column, GTK_WIDGET (row->check));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->check));
  gtk_box_append (GTK_BOX (box), case_cell (row));
  gtk_box_append (GTK_BOX (box), pseudonym_cell (row));
  gtk_box_append (GTK_BOX (box), checks_cell (row));
  row->widget = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row->widget), box);
  g_object_set_data (G_OBJECT (row->widget), "angio-export-row", row);
  return row;
}

void
angio_export_row_free (AngioExportRow *row)
{
  g_free (row->case_id);
  g_clear_pointer (&row->readiness, angio_package_readiness_free);
  g_free (row->message);
  g_free (row);
}

gboolean
angio_export_row_selected (AngioExportRow *row)
{
  return gtk_check_button_get_active (row->check);
}

gboolean
angio_export_row_complete (AngioExportRow *row)
{
  const AngioPackageReadiness *r = row->readiness;

  return r != NULL && r->key_frame && r->outline && r->wire_ffr;
}

static const char *
task_state (GtkImage *image)
{
  return g_strcmp0 (gtk_image_get_icon_name (image), "object-select-symbolic") == 0 ? "yes"
                                                                                     : "no";
}

char *
angio_export_row_describe (AngioExportRow *row)
{
  const char *checks = gtk_stack_get_visible_child_name (row->checks);
  gboolean ready = g_str_equal (checks, "checks");
  const char *burned = "no";

  if (gtk_widget_get_visible (row->burned_in))
    burned = gtk_widget_has_css_class (row->burned_in, "error") ? "yes" : "unknown";
  return g_strdup_printf ("key-frame=%s outline=%s wire-ffr=%s burned-in=%s pseudonym=%s "
                          "selected=%s",
                          ready ? task_state (row->icons[ANGIO_EXPORT_TASK_KEY_FRAME]) : checks,
                          ready ? task_state (row->icons[ANGIO_EXPORT_TASK_OUTLINE]) : checks,
                          ready ? task_state (row->icons[ANGIO_EXPORT_TASK_WIRE_FFR]) : checks,
                          ready ? burned : checks, gtk_label_get_text (row->pseudonym),
                          angio_export_row_selected (row) ? "yes" : "no");
}
