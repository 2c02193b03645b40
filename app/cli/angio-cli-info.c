/* angio-cli-info.c — angiomark-cli info FILE [--json] [--show-identifiers] [--timings]
 *
 * Decodes every frame, so it doubles as the validity probe: a file whose pixels cannot be
 * decoded exits 2 even when its header is fine.
 */
#define G_LOG_DOMAIN "angio-cli"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "angio-cli.h"
#include "angio-json.h"
#include "angio-enum-types.h"
#include "angio-series.h"

static gboolean opt_json;
static gboolean opt_identifiers;
static gboolean opt_timings;

static const GOptionEntry entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print one JSON object"), NULL },
  { "show-identifiers", 0, 0, G_OPTION_ARG_NONE, &opt_identifiers,
    N_("Also print names, IDs, dates and places (hidden by default)"), NULL },
  { "timings", 0, 0, G_OPTION_ARG_NONE, &opt_timings,
    N_("Print the time to the first frame and to the last one"), NULL },
  { NULL }
};

static const char *
or_unknown (const char *value)
{
  return value != NULL && *value ? value : _("unknown");
}

static void
print_text (AngioSeries *series)
{
  const AngioDicomMeta *meta = angio_series_get_meta (series);
  const char *sop = angio_dicom_sop_class_name (meta->sop_class_uid);
  const AngioSyntaxInfo *syntax = angio_syntax_lookup (meta->transfer_syntax_uid);
  double mm = angio_series_get_mm_per_px (series);
  g_autofree char *angles = angio_describe_angles (meta->primary_angle_deg,
                                                   meta->secondary_angle_deg);

  angio_cli_line (_("File"), angio_series_get_path (series));
  angio_cli_linef (_("SOP class"), "%s (%s)", sop ? _(sop) : _("unknown"),
                   or_unknown (meta->sop_class_uid));
  angio_cli_linef (_("Transfer syntax"), "%s (%s)", _(syntax->description), syntax->uid);
  angio_cli_line (_("Modality"), or_unknown (meta->modality));
  angio_cli_line (_("Manufacturer"), or_unknown (meta->manufacturer));
  angio_cli_linef (_("Frames"), "%u", meta->frames);
  angio_cli_linef (_("Size"), _("%u × %u pixels (columns × rows)"), meta->cols, meta->rows);
  angio_cli_linef (_("Bits"), _("%u stored of %u allocated, %s"), meta->bits_stored,
                   meta->bits_allocated, meta->is_signed ? _("signed") : _("unsigned"));
  angio_cli_line (_("Photometric"), or_unknown (meta->photometric));
  angio_cli_linef (_("Frame rate"), _("%.2f frames/s (%s)"), angio_series_get_fps (series),
                   angio_frame_time_source_describe (angio_series_get_frame_time_source (series)));
  angio_cli_linef (_("Duration"), _("%.2f s"), angio_series_get_duration_ms (series) / 1000);
  if (isfinite (mm))
    angio_cli_linef (_("Scale"), _("%.4f mm/pixel (%s)"), mm,
                     angio_calibration_describe (angio_series_get_calibration_method (series)));
  else
    angio_cli_line (_("Scale"), angio_calibration_describe (ANGIO_CALIBRATION_NONE));
  if (isfinite (meta->window_center) && isfinite (meta->window_width))
    angio_cli_linef (_("Window"), _("centre %g, width %g"), meta->window_center,
                     meta->window_width);
  else
    angio_cli_line (_("Window"), _("none in the file"));
  if (angles != NULL)
    angio_cli_line (_("Angles"), angles);
  if (isfinite (meta->kvp))
    angio_cli_linef (_("Tube voltage"), _("%g kVp"), meta->kvp);
  angio_cli_line (_("Burned-in annotation"),
                  angio_describe_burned_in (meta->burned_in_annotation));
  if (!opt_identifiers)
    angio_cli_line (_("Identifiers"),
                    meta->identifiers->len ? _("hidden (--show-identifiers shows them)")
                                           : _("none"));
  for (guint i = 0; opt_identifiers && i < meta->identifiers->len; i++)
    {
      const AngioDicomAttribute *a = g_ptr_array_index (meta->identifiers, i);
      angio_cli_line (a->keyword, a->value);
    }
  for (guint i = 0; i < meta->warnings->len; i++)
    angio_cli_line (_("Warning"), g_ptr_array_index (meta->warnings, i));
  if (opt_timings)
    angio_cli_linef (_("Decoding"), _("first frame %.1f ms, all frames %.1f ms (%.1f Mpixel/s)"),
           angio_series_get_first_frame_ms (series), angio_series_get_decode_ms (series),
           (double) meta->frames * meta->rows * meta->cols
           / (angio_series_get_decode_ms (series) * 1000));
}

static JsonNode *
to_json (AngioSeries *series)
{
  const AngioDicomMeta *meta = angio_series_get_meta (series);
  const AngioSyntaxInfo *syntax = angio_syntax_lookup (meta->transfer_syntax_uid);
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  angio_json_member_string (b, "file", angio_series_get_path (series));
  angio_json_member_string (b, "sop_class_uid", meta->sop_class_uid);
  angio_json_member_string (b, "sop_class", angio_dicom_sop_class_name (meta->sop_class_uid));
  angio_json_member_string (b, "transfer_syntax_uid", syntax->uid);
  angio_json_member_string (b, "transfer_syntax", syntax->name);
  angio_json_member_string (b, "modality", meta->modality);
  angio_json_member_string (b, "manufacturer", meta->manufacturer);
  angio_json_member_string (b, "model", meta->model_name);
  angio_json_member_int (b, "frames", meta->frames);
  angio_json_member_int (b, "rows", meta->rows);
  angio_json_member_int (b, "cols", meta->cols);
  angio_json_member_int (b, "bits_allocated", meta->bits_allocated);
  angio_json_member_int (b, "bits_stored", meta->bits_stored);
  json_builder_set_member_name (b, "signed");
  json_builder_add_boolean_value (b, meta->is_signed);
  angio_json_member_string (b, "photometric", meta->photometric);
  angio_json_member_number (b, "fps", angio_series_get_fps (series), 6);
  angio_json_member_string (b, "frame_time_source",
                 angio_enum_nick (ANGIO_TYPE_FRAME_TIME_SOURCE,
                                  angio_series_get_frame_time_source (series)));
  json_builder_set_member_name (b, "frame_time_ms");
  json_builder_begin_array (b);
  for (guint i = 0; i < meta->frames; i++)
    json_builder_add_double_value (b, round (angio_series_get_frame_time_ms (series, i) * 1000)
                                      / 1000);
  json_builder_end_array (b);
  angio_json_member_number (b, "duration_ms", angio_series_get_duration_ms (series), 6);

  json_builder_set_member_name (b, "calibration");
  json_builder_begin_object (b);
  angio_json_member_number (b, "mm_per_px", angio_series_get_mm_per_px (series), 6);
  angio_json_member_string (b, "method", angio_enum_nick (ANGIO_TYPE_CALIBRATION_METHOD,
                                               angio_series_get_calibration_method (series)));
  json_builder_end_object (b);

  json_builder_set_member_name (b, "window");
  if (isfinite (meta->window_center) && isfinite (meta->window_width))
    {
      json_builder_begin_object (b);
      angio_json_member_number (b, "center", meta->window_center, 6);
      angio_json_member_number (b, "width", meta->window_width, 6);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "angles");
  json_builder_begin_object (b);
  angio_json_member_number (b, "primary_deg", meta->primary_angle_deg, 6);
  angio_json_member_number (b, "secondary_deg", meta->secondary_angle_deg, 6);
  json_builder_end_object (b);
  angio_json_member_number (b, "kvp", meta->kvp, 6);
  angio_json_member_string (b, "burned_in_annotation", meta->burned_in_annotation);

  json_builder_set_member_name (b, "uids");
  json_builder_begin_object (b);
  angio_json_member_string (b, "study", meta->study_instance_uid);
  angio_json_member_string (b, "series", meta->series_instance_uid);
  angio_json_member_string (b, "sop_instance", meta->sop_instance_uid);
  json_builder_end_object (b);

  if (opt_identifiers)
    {
      json_builder_set_member_name (b, "identifiers");
      json_builder_begin_object (b);
      for (guint i = 0; i < meta->identifiers->len; i++)
        {
          const AngioDicomAttribute *a = g_ptr_array_index (meta->identifiers, i);
          angio_json_member_string (b, a->keyword, a->value);
        }
      json_builder_end_object (b);
    }
  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  for (guint i = 0; i < meta->warnings->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (meta->warnings, i));
  json_builder_end_array (b);
  if (opt_timings)
    {
      json_builder_set_member_name (b, "timings_ms");
      json_builder_begin_object (b);
      angio_json_member_number (b, "first_frame", angio_series_get_first_frame_ms (series), 6);
      angio_json_member_number (b, "decode", angio_series_get_decode_ms (series), 6);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

int
angio_cli_info (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE"));
  g_autoptr(AngioSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  int status = ANGIO_EXIT_OK;

  g_option_context_set_summary (context, _("Describe a DICOM file and decode every frame."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!angio_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    {
      g_printerr ("%s\n", _("angiomark-cli info: give exactly one FILE"));
      return ANGIO_EXIT_BAD_INPUT;
    }

  series = angio_series_load (argv[1], NULL, &error);
  if (series == NULL)
    return angio_cli_fail (error);
  if (opt_json)
    {
      g_autoptr(JsonNode) node = to_json (series);
      angio_cli_print_json (node);
    }
  else
    print_text (series);
  return ANGIO_EXIT_OK;
}
