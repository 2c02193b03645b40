/* angio-cli-phantom.c — angiomark-cli phantom --out F.dcm --truth T.json [options]
 *
 * Writes a synthetic cine angiogram through GDCM in the chosen transfer syntax, its ground
 * truth as JSON and the lesion lumen mask as PNG.
 */
#define G_LOG_DOMAIN "angio-cli"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "angio-cli.h"
#include "angio-phantom.h"

/* Unset numbers are NAN (or -1): the kind's defaults fill them. */
static char *opt_out, *opt_truth, *opt_mask, *opt_kind, *opt_syntax, *opt_shutter;
static gint64 opt_seed = -1;
static int opt_size = -1, opt_frames = -1, opt_bits = -1, opt_contrast_frame = -1;
static double opt_fps = NAN, opt_ds = NAN, opt_length = NAN, opt_position = NAN;
static double opt_eccentricity = NAN, opt_reference = NAN, opt_french = NAN, opt_speed = NAN;
static double opt_noise = NAN, opt_blur = NAN, opt_motion = NAN, opt_drift = NAN;
static gboolean opt_no_background, opt_crossing, opt_variable_timing, opt_json, opt_timings;

static const GOptionEntry entries[] = {
  { "out", 'o', 0, G_OPTION_ARG_FILENAME, &opt_out, N_("DICOM file to write"), N_("FILE") },
  { "truth", 't', 0, G_OPTION_ARG_FILENAME, &opt_truth, N_("Ground-truth JSON to write"),
    N_("FILE") },
  { "mask", 'm', 0, G_OPTION_ARG_FILENAME, &opt_mask,
    N_("Lesion mask PNG to write (default: beside the truth, “_lesion.png”)"), N_("FILE") },
  { "kind", 0, 0, G_OPTION_ARG_STRING, &opt_kind, N_("renal (default) or coronary"), N_("KIND") },
  { "seed", 's', 0, G_OPTION_ARG_INT64, &opt_seed, N_("Random seed (default 1)"), N_("N") },
  { "size", 0, 0, G_OPTION_ARG_INT, &opt_size, N_("Rows and columns (default 512)"), N_("N") },
  { "frames", 0, 0, G_OPTION_ARG_INT, &opt_frames, N_("Number of frames (default 64)"), N_("N") },
  { "fps", 0, 0, G_OPTION_ARG_DOUBLE, &opt_fps, N_("Frames per second (default 15)"), N_("F") },
  { "variable-timing", 0, 0, G_OPTION_ARG_NONE, &opt_variable_timing,
    N_("Uneven frame intervals, written as a Frame Time Vector"), NULL },
  { "ds", 0, 0, G_OPTION_ARG_DOUBLE, &opt_ds, N_("Diameter stenosis in % (default 60)"), N_("P") },
  { "length-mm", 0, 0, G_OPTION_ARG_DOUBLE, &opt_length, N_("Lesion length in mm"), N_("L") },
  { "position", 0, 0, G_OPTION_ARG_DOUBLE, &opt_position,
    N_("Lesion position as a fraction of the main vessel, 0.15–0.85"), N_("F") },
  { "eccentricity", 0, 0, G_OPTION_ARG_DOUBLE, &opt_eccentricity,
    N_("0 concentric … 1 one-sided plaque (default 0.2)"), N_("E") },
  { "reference-mm", 0, 0, G_OPTION_ARG_DOUBLE, &opt_reference,
    N_("Vessel diameter at the lesion in mm (renal 5.5, coronary 3.0)"), N_("D") },
  { "french", 0, 0, G_OPTION_ARG_DOUBLE, &opt_french, N_("Catheter size in French"), N_("F") },
  { "bolus-speed", 0, 0, G_OPTION_ARG_DOUBLE, &opt_speed,
    N_("Speed of the contrast front in mm/s"), N_("V") },
  { "contrast-frame", 0, 0, G_OPTION_ARG_INT, &opt_contrast_frame,
    N_("First frame the contrast reaches the vessel (default 4)"), N_("N") },
  { "noise", 0, 0, G_OPTION_ARG_DOUBLE, &opt_noise,
    N_("Quantum noise relative to the default dose, 0 = none"), N_("N") },
  { "blur-mm", 0, 0, G_OPTION_ARG_DOUBLE, &opt_blur, N_("System blur (sigma) in mm"), N_("B") },
  { "motion-mm", 0, 0, G_OPTION_ARG_DOUBLE, &opt_motion,
    N_("Respiratory (renal) or cardiac (coronary) motion amplitude in mm"), N_("M") },
  { "drift-mm", 0, 0, G_OPTION_ARG_DOUBLE, &opt_drift,
    N_("Slow background drift over the run in mm"), N_("M") },
  { "no-background", 0, 0, G_OPTION_ARG_NONE, &opt_no_background,
    N_("Leave out spine, ribs, bowel gas and organ shadows"), NULL },
  { "crossing", 0, 0, G_OPTION_ARG_NONE, &opt_crossing,
    N_("Add a vessel crossing the main one distal to the lesion"), NULL },
  { "shutter", 0, 0, G_OPTION_ARG_STRING, &opt_shutter,
    N_("Collimator shutter: none, circle or rectangle"), N_("SHAPE") },
  { "syntax", 0, 0, G_OPTION_ARG_STRING, &opt_syntax,
    N_("Transfer syntax: implicit-le, explicit-le (default), explicit-be, deflated, "
       "jpeg-baseline, jpeg-extended, jpeg-lossless-p14, jpeg-lossless, jpeg-ls, jpeg-ls-near, "
       "j2k-lossless, j2k, rle"), N_("NAME") },
  { "bits", 0, 0, G_OPTION_ARG_INT, &opt_bits,
    N_("Bits stored (default 10, or 8 for jpeg-baseline)"), N_("N") },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print the ground truth as JSON"), NULL },
  { "timings", 0, 0, G_OPTION_ARG_NONE, &opt_timings, N_("Print how long each step took"), NULL },
  { NULL }
};

static void
set_double (double *target,
            double  option)
{
  if (!isnan (option))
    *target = option;
}

static gboolean
fill_params (AngioPhantomParams *params,
             GError            **error)
{
  AngioPhantomKind kind = ANGIO_PHANTOM_RENAL;

  if (opt_kind != NULL && !angio_phantom_kind_parse (opt_kind, &kind))
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                        _("unknown kind “%s” (renal or coronary)"), opt_kind), FALSE;
  angio_phantom_params_init (params, kind);
  if (opt_syntax != NULL)
    {
      const AngioSyntaxInfo *info = angio_syntax_lookup (opt_syntax);
      if (info == NULL)
        return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                            _("unknown transfer syntax “%s”"), opt_syntax), FALSE;
      params->syntax = info->syntax;
    }
  if (opt_shutter != NULL && !angio_shutter_parse (opt_shutter, &params->shutter))
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                        _("unknown shutter “%s” (none, circle or rectangle)"), opt_shutter),
           FALSE;
  if (opt_seed < -1)
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                        _("--seed must not be negative")), FALSE;
  if (opt_seed >= 0)
    params->seed = (guint64) opt_seed;
  /* Negative counts are left to the range checks, which name the option. */
  if (opt_size != -1)
    params->size = (guint) MAX (opt_size, 0);
  if (opt_frames != -1)
    params->frames = (guint) MAX (opt_frames, 0);
  if (opt_contrast_frame != -1)
    params->contrast_frame = (guint) MAX (opt_contrast_frame, 0);
  if (opt_bits != -1)
    params->bits_stored = (guint) MAX (opt_bits, 1);
  set_double (&params->fps, opt_fps);
  set_double (&params->percent_ds, opt_ds);
  set_double (&params->lesion_length_mm, opt_length);
  set_double (&params->lesion_position, opt_position);
  set_double (&params->eccentricity, opt_eccentricity);
  set_double (&params->reference_mm, opt_reference);
  set_double (&params->catheter_french, opt_french);
  set_double (&params->bolus_speed_mm_s, opt_speed);
  set_double (&params->noise, opt_noise);
  set_double (&params->blur_mm, opt_blur);
  set_double (&params->motion_mm, opt_motion);
  set_double (&params->drift_mm, opt_drift);
  params->variable_timing = opt_variable_timing;
  params->crossing_vessel = opt_crossing;
  params->background = !opt_no_background;
  return angio_phantom_params_check (params, error);
}

static char *
default_mask_path (const char *truth)
{
  g_autofree char *stem = g_str_has_suffix (truth, ".json")
                          ? g_strndup (truth, strlen (truth) - 5) : g_strdup (truth);

  return g_strconcat (stem, "_lesion.png", NULL);
}

int
angio_cli_phantom (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(AngioPhantom) phantom = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mask = NULL;
  AngioPhantomParams params;
  int status = ANGIO_EXIT_OK;
  gint64 start, generated;

  g_option_context_set_summary (context,
                                _("Write a synthetic cine angiogram with its ground truth."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!angio_cli_parse (context, &argc, &argv, &status))
    return status;
  if (opt_out == NULL || opt_truth == NULL || argc > 1)
    {
      g_printerr ("%s\n", _("angiomark-cli phantom: --out and --truth are required"));
      return ANGIO_EXIT_BAD_INPUT;
    }
  if (!fill_params (&params, &error))
    return angio_cli_fail (error);

  start = g_get_monotonic_time ();
  phantom = angio_phantom_generate (&params, NULL, &error);
  if (phantom == NULL)
    return angio_cli_fail (error);
  generated = g_get_monotonic_time ();
  mask = opt_mask ? g_strdup (opt_mask) : default_mask_path (opt_truth);
  if (!angio_phantom_save (phantom, opt_out, opt_truth, mask, NULL, &error))
    return angio_cli_fail (error);

  if (opt_json)
    {
      g_autofree char *dicom_name = g_path_get_basename (opt_out);
      g_autofree char *mask_name = g_path_get_basename (mask);
      g_autoptr(JsonNode) truth = angio_phantom_truth_to_json (phantom, dicom_name, mask_name);
      angio_cli_print_json (truth);
    }
  else
    g_print (_("Wrote %s (%u frames of %u × %u, %s), %s and %s\n"), opt_out, phantom->frames,
             phantom->cols, phantom->rows, angio_syntax_info (params.syntax)->name, opt_truth,
             mask);
  if (opt_timings)
    g_printerr (_("Generated in %.0f ms, written in %.0f ms\n"), (generated - start) / 1000.0,
                (g_get_monotonic_time () - generated) / 1000.0);
  return ANGIO_EXIT_OK;
}
