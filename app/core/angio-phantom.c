/* angio-phantom.c — generates a phantom run (frames on all cores), derives its ground truth
 * and writes the DICOM file, the truth JSON and the lesion mask.
 */
#define G_LOG_DOMAIN "angio-phantom"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "angio-json.h"
#include "angio-phantom-private.h"
#include "angio-png.h"
#include "angio-types.h"

void
angio_phantom_params_init (AngioPhantomParams *params,
                           AngioPhantomKind    kind)
{
  g_return_if_fail (params != NULL);

  memset (params, 0, sizeof *params);
  params->seed = 1;
  params->kind = kind;
  params->size = 512;
  params->frames = 64;
  params->fps = 15;
  params->percent_ds = 60;
  params->eccentricity = 0.2;
  params->catheter_french = kind == ANGIO_PHANTOM_RENAL ? 5 : 6;
  params->contrast_frame = ANGIO_PHANTOM_AUTO;
  params->noise = 1.0;
  params->blur_mm = 0.18;
  params->background = TRUE;
  params->shutter = ANGIO_SHUTTER_NONE;
  params->syntax = ANGIO_SYNTAX_EXPLICIT_LE;
  params->detector_mm = 200;
  params->sid_mm = 1000;
  params->sod_mm = 750;
  if (kind == ANGIO_PHANTOM_RENAL)
    {
      params->lesion_length_mm = 8;
      params->lesion_position = 0.4;
      params->reference_mm = 5.5;
      params->bolus_speed_mm_s = 150;
      params->motion_mm = 2.0;
      params->drift_mm = 1.0;
    }
  else
    {
      params->lesion_length_mm = 10;
      params->lesion_position = 0.3;
      params->reference_mm = 3.0;
      params->bolus_speed_mm_s = 120;
      params->motion_mm = 3.0;
      params->drift_mm = 0.5;
    }
}

static guint
effective_bits (const AngioPhantomParams *params)
{
  guint max_bits = angio_syntax_info (params->syntax)->max_bits_stored;

  return params->bits_stored ? params->bits_stored : MIN (10, max_bits);
}

static gboolean
check_range (double      value,
             double      min,
             double      max,
             const char *option,
             GError    **error)
{
  if (isfinite (value) && value >= min && value <= max)
    return TRUE;
  /* Translators: e.g. "--ds must be between 0 and 95 (not 120)" */
  g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
               _("%s must be between %g and %g (not %g)"), option, min, max, value);
  return FALSE;
}

gboolean
angio_phantom_params_check (const AngioPhantomParams  *params,
                            GError                   **error)
{
  const AngioSyntaxInfo *syntax;

  g_return_val_if_fail (params != NULL, FALSE);

  if (params->syntax >= ANGIO_N_SYNTAXES)
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("unknown transfer syntax"));
      return FALSE;
    }
  syntax = angio_syntax_info (params->syntax);
  return check_range (params->size, 64, 2048, "--size", error)
         && check_range (params->frames, 1, 1000, "--frames", error)
         && check_range (params->fps, 1, 120, "--fps", error)
         && check_range (params->percent_ds, 0, 95, "--ds", error)
         && check_range (params->lesion_length_mm, 0, 40, "--length-mm", error)
         && check_range (params->lesion_position, 0.15, 0.85, "--position", error)
         && check_range (params->eccentricity, 0, 1, "--eccentricity", error)
         && check_range (params->reference_mm, 1, 10, "--reference-mm", error)
         && check_range (params->catheter_french, 3, 10, "--french", error)
         && check_range (params->bolus_speed_mm_s, 20, 2000, "--bolus-speed", error)
         && (params->contrast_frame == ANGIO_PHANTOM_AUTO
             || check_range (params->contrast_frame, 0, MAX (params->frames, 1) - 1,
                             "--contrast-frame", error))
         && check_range (params->noise, 0, 10, "--noise", error)
         && check_range (params->blur_mm, 0, 2, "--blur-mm", error)
         && check_range (params->motion_mm, 0, 30, "--motion-mm", error)
         && check_range (params->drift_mm, 0, 30, "--drift-mm", error)
         && check_range (effective_bits (params), 8, syntax->max_bits_stored, "--bits", error)
         && check_range (params->detector_mm, 50, 500, "detector_mm", error)
         && check_range (params->sod_mm, 300, params->sid_mm - 1, "sod_mm", error)
         && check_range (params->sid_mm, 500, 2000, "sid_mm", error);
}

/* Rendering, one frame at a time on every core. */

typedef struct {
  const PhantomScene *scene;
  guint16 *pixels;
  GCancellable *cancellable;
  gint next;
  gint cancelled;
} RenderJob;

static gpointer
render_thread (gpointer data)
{
  RenderJob *job = data;
  guint n = job->scene->size;
  g_autoptr(AngioImageF) mu = angio_image_f_new (n, n);
  g_autoptr(AngioImageF) work = angio_image_f_new (n, n);

  for (;;)
    {
      guint index = (guint) g_atomic_int_add (&job->next, 1);

      if (index >= job->scene->p.frames)
        break;
      if (g_cancellable_is_cancelled (job->cancellable))
        {
          g_atomic_int_set (&job->cancelled, 1);
          break;
        }
      phantom_render_frame (job->scene, index, mu, work,
                            job->pixels + (gsize) index * n * n);
    }
  return NULL;
}

static void
render_all (RenderJob *job)
{
  guint n_threads = CLAMP (g_get_num_processors (), 1, 8);
  GThread *threads[8];

  for (guint i = 1; i < n_threads; i++)
    threads[i] = g_thread_new ("phantom", render_thread, job);
  render_thread (job);
  for (guint i = 1; i < n_threads; i++)
    g_thread_join (threads[i]);
}

/* Truth */

static const PhantomBranch *
main_branch (const PhantomScene *scene)
{
  for (guint i = 0; i < scene->branches->len; i++)
    {
      const PhantomBranch *branch = g_ptr_array_index (scene->branches, i);
      if (branch->main)
        return branch;
    }
  g_assert_not_reached ();
}

/* Mean contrast along the analysed segment: the ostium to 10 mm past the lesion. */
static double
segment_opacification (const PhantomScene  *scene,
                       const PhantomBranch *branch,
                       double               t_s)
{
  double end = MIN (branch->length, scene->lesion_s + scene->lesion_half_mm + 10);
  double sum = 0;
  guint n = 0;

  for (double s = 0; s <= end; s += 0.5, n++)
    sum += phantom_concentration (scene, branch->path0 + s, t_s);
  return n ? sum / n : 0;
}

static double
motion_speed (const PhantomScene *scene,
              guint               index)
{
  guint a = index > 0 ? index - 1 : 0;
  guint b = MIN (index + 1, scene->p.frames - 1);
  double ax, ay, bx, by;

  if (a == b)
    return 0;
  phantom_motion (scene, scene->times_s[a], &ax, &ay);
  phantom_motion (scene, scene->times_s[b], &bx, &by);
  return hypot (bx - ax, by - ay) / (scene->times_s[b] - scene->times_s[a]);
}

/* Acceptable key frames: the contiguous run around the best-opacified frame where the
 * segment is fully opacified; the best one moves least (ties: nearest the middle). */
static void
choose_key_frames (AngioPhantom       *phantom,
                   const PhantomScene *scene)
{
  guint n = scene->p.frames, peak = 0;
  double threshold, best_speed = G_MAXDOUBLE, middle;

  for (guint i = 0; i < n; i++)
    if (phantom->opacification[i] > phantom->opacification[peak])
      peak = i;
  threshold = MIN (0.95, 0.95 * phantom->opacification[peak]);
  phantom->key_first = phantom->key_last = peak;
  while (phantom->key_first > 0 && phantom->opacification[phantom->key_first - 1] >= threshold)
    phantom->key_first--;
  while (phantom->key_last + 1 < n && phantom->opacification[phantom->key_last + 1] >= threshold)
    phantom->key_last++;

  middle = (phantom->key_first + phantom->key_last) / 2.0;
  for (guint i = phantom->key_first; i <= phantom->key_last; i++)
    {
      double speed = motion_speed (scene, i);

      if (speed < best_speed - 1e-6
          || (fabs (speed - best_speed) <= 1e-6
              && fabs (i - middle) < fabs (phantom->key_frame - middle)))
        {
          best_speed = speed;
          phantom->key_frame = i;
        }
    }
}

static AngioPoint
point_px (const PhantomScene  *scene,
          const PhantomBranch *branch,
          double               s,
          double               offset_mm,
          double               dx,
          double               dy)
{
  AngioPoint normal;
  AngioPoint p = phantom_branch_point (branch, s, &normal);

  return phantom_to_px (scene, p.x + normal.x * offset_mm + dx, p.y + normal.y * offset_mm + dy);
}

static void
compute_truth (AngioPhantom       *phantom,
               const PhantomScene *scene)
{
  const PhantomBranch *branch = main_branch (scene);
  guint n = scene->p.frames;
  double kx, ky, left, right, d;

  phantom->opacification = g_new (double, n);
  for (guint i = 0; i < n; i++)
    phantom->opacification[i] = segment_opacification (scene, branch, scene->times_s[i]);
  choose_key_frames (phantom, scene);

  phantom_motion (scene, scene->times_s[phantom->key_frame], &kx, &ky);
  phantom->motion_px = g_new (AngioPoint, n);
  for (guint i = 0; i < n; i++)
    {
      double x, y;
      phantom_motion (scene, scene->times_s[i], &x, &y);
      phantom->motion_px[i] = (AngioPoint) { (x - kx) / scene->mm_per_px,
                                             (y - ky) / scene->mm_per_px };
    }

  phantom_lumen (scene, branch, scene->lesion_s, &left, &right);
  phantom->lesion_center_px = point_px (scene, branch, scene->lesion_s, (left - right) / 2, kx, ky);
  phantom->lesion_prox_px = point_px (scene, branch, scene->lesion_s - scene->lesion_half_mm, 0,
                                      kx, ky);
  phantom->lesion_dist_px = point_px (scene, branch, scene->lesion_s + scene->lesion_half_mm, 0,
                                      kx, ky);
  phantom->mld_mm = left + right;
  phantom->ref_mm = scene->p.reference_mm;
  d = phantom->mld_mm / phantom->ref_mm;
  phantom->percent_ds = 100 * (1 - d);
  phantom->percent_as = 100 * (1 - d * d);
  phantom->length_mm = 2 * scene->lesion_half_mm;
  phantom->lesion_side = scene->lesion_side;

  phantom->centerline_px = g_array_new (FALSE, FALSE, sizeof (AngioPoint));
  phantom->diameter_mm = g_array_new (FALSE, FALSE, sizeof (double));
  for (double s = 0; s <= branch->length; s += scene->mm_per_px)
    {
      AngioPoint p = point_px (scene, branch, s, 0, kx, ky);
      double diameter;

      phantom_lumen (scene, branch, s, &left, &right);
      diameter = left + right;
      g_array_append_val (phantom->centerline_px, p);
      g_array_append_val (phantom->diameter_mm, diameter);
    }

  phantom->catheter_mm = 2 * scene->catheter_outer_mm;
  phantom->catheter_px = g_array_new (FALSE, FALSE, sizeof (AngioPoint));
  for (double s = 0; s <= MIN (30, scene->catheter->length); s += scene->mm_per_px)
    {
      AngioPoint p = point_px (scene, scene->catheter, s, 0, kx, ky);
      g_array_append_val (phantom->catheter_px, p);
    }
  phantom->contrast_arrival_ms = scene->t0_s * 1000;
}

/* Window from the 0.5th to the 99.5th percentile of the key frame inside the open field. */
static void
choose_window (AngioPhantom       *phantom,
               const PhantomScene *scene)
{
  gsize n = (gsize) phantom->rows * phantom->cols, count = 0, seen = 0;
  const guint16 *frame = phantom->pixels + phantom->key_frame * n;
  g_autofree guint *histogram = g_new0 (guint, 65536);
  double lo = 0, hi = 0;

  for (gsize i = 0; i < n; i++)
    if (scene->shutter->data[i] < 0.1f)
      {
        histogram[frame[i]]++;
        count++;
      }
  for (guint v = 0; v < 65536 && count > 0; v++)
    {
      if (seen <= count / 200 && seen + histogram[v] > count / 200)
        lo = v;
      seen += histogram[v];
      if (seen >= count - count / 200)
        {
          hi = v;
          break;
        }
    }
  phantom->window_center = round ((lo + hi) / 2);
  phantom->window_width = MAX (2, round (hi - lo));
}

AngioPhantom *
angio_phantom_generate (const AngioPhantomParams  *params,
                        GCancellable              *cancellable,
                        GError                   **error)
{
  g_autoptr(AngioPhantom) phantom = NULL;
  PhantomScene *scene;
  AngioPhantomParams p;
  RenderJob job = { 0 };
  gsize n;

  g_return_val_if_fail (params != NULL, NULL);

  if (!angio_phantom_params_check (params, error))
    return NULL;
  p = *params;
  p.bits_stored = effective_bits (params);
  /* A few frames before the contrast arrives, as in a real run. */
  if (p.contrast_frame == ANGIO_PHANTOM_AUTO)
    p.contrast_frame = MIN (4, p.frames / 6);

  phantom = g_new0 (AngioPhantom, 1);
  phantom->params = p;
  phantom->frames = p.frames;
  phantom->rows = phantom->cols = p.size;
  phantom->bits_stored = p.bits_stored;
  n = (gsize) p.size * p.size;
  phantom->pixels = g_try_malloc ((gsize) p.frames * n * sizeof (guint16));
  if (phantom->pixels == NULL)
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_FAILED,
                   _("not enough memory for %u frames of %u × %u pixels"), p.frames, p.size,
                   p.size);
      return NULL;
    }

  scene = phantom_scene_new (&p);
  phantom->mm_per_px = scene->mm_per_px;
  phantom->imager_pixel_spacing_mm = p.detector_mm / p.size;
  phantom->frame_time_ms = g_new (double, p.frames);
  for (guint i = 0; i < p.frames; i++)
    phantom->frame_time_ms[i] = scene->times_s[i] * 1000;

  job.scene = scene;
  job.pixels = phantom->pixels;
  job.cancellable = cancellable;
  render_all (&job);
  if (job.cancelled)
    {
      phantom_scene_free (scene);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      return NULL;
    }

  compute_truth (phantom, scene);
  choose_window (phantom, scene);
  phantom->lesion_mask = g_malloc (n);
  phantom->vessel_mask = g_malloc (n);
  phantom_render_masks (scene, phantom->key_frame, phantom->lesion_mask, phantom->vessel_mask);
  phantom_scene_free (scene);
  return g_steal_pointer (&phantom);
}

void
angio_phantom_free (AngioPhantom *phantom)
{
  if (phantom == NULL)
    return;
  g_free (phantom->pixels);
  g_free (phantom->frame_time_ms);
  g_free (phantom->opacification);
  g_free (phantom->motion_px);
  g_clear_pointer (&phantom->centerline_px, g_array_unref);
  g_clear_pointer (&phantom->diameter_mm, g_array_unref);
  g_clear_pointer (&phantom->catheter_px, g_array_unref);
  g_free (phantom->lesion_mask);
  g_free (phantom->vessel_mask);
  g_free (phantom);
}

/* Names */

static const char *const kind_names[] = { "renal", "coronary" };
static const char *const shutter_names[] = { "none", "circle", "rectangle" };

const char *
angio_phantom_kind_name (AngioPhantomKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

gboolean
angio_phantom_kind_parse (const char       *name,
                          AngioPhantomKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (name, kind_names[i]) == 0)
      return (*kind = i), TRUE;
  return FALSE;
}

const char *
angio_shutter_name (AngioShutter shutter)
{
  g_return_val_if_fail (shutter < G_N_ELEMENTS (shutter_names), NULL);
  return shutter_names[shutter];
}

gboolean
angio_shutter_parse (const char   *name,
                     AngioShutter *shutter)
{
  for (guint i = 0; i < G_N_ELEMENTS (shutter_names); i++)
    if (g_strcmp0 (name, shutter_names[i]) == 0)
      return (*shutter = i), TRUE;
  return FALSE;
}

/* Writing */

/* A UID under the 2.25 root (a 128-bit number in decimal) from a hash of the parameters, so
 * the same phantom always gets the same UIDs. */
static char *
phantom_uid (const AngioPhantomParams *p,
             const char               *role)
{
  g_autofree char *key = g_strdup_printf ("angiomark-phantom/%" G_GUINT64_FORMAT "/%d/%u/%u/%g/"
                                          "%g/%g/%d/%s", p->seed, p->kind, p->size, p->frames,
                                          p->fps, p->percent_ds, p->lesion_length_mm, p->syntax,
                                          role);
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  char digits[48];
  guint n = 0;
  gboolean nonzero = TRUE;

  g_checksum_update (checksum, (const guchar *) key, -1);
  g_checksum_get_digest (checksum, digest, &digest_len);
  digest[0] &= 0x7f;  /* keep it below 2^127, safely 39 digits */
  while (nonzero)
    {
      guint remainder = 0;

      nonzero = FALSE;
      for (guint i = 0; i < 16; i++)
        {
          guint value = (remainder << 8) | digest[i];
          digest[i] = (guint8) (value / 10);
          remainder = value % 10;
          nonzero |= digest[i] != 0;
        }
      digits[n++] = (char) ('0' + remainder);
    }
  digits[n] = '\0';
  g_strreverse (digits);
  return g_strconcat ("2.25.", digits, NULL);
}

static void
add (GPtrArray  *attributes,
     guint16     group,
     guint16     element,
     const char *vr,
     const char *keyword,
     const char *value)
{
  g_ptr_array_add (attributes, angio_dicom_attribute_new (group, element, vr, keyword, value));
}

static void
add_take (GPtrArray  *attributes,
          guint16     group,
          guint16     element,
          const char *vr,
          const char *keyword,
          char       *value)
{
  add (attributes, group, element, vr, keyword, value);
  g_free (value);
}

/* A Decimal String: the shortest text that reads back as @value, within DS's 16 characters. */
static char *
ds (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char best[G_ASCII_DTOSTR_BUF_SIZE] = "0";

  for (int precision = 1; precision <= 16; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (strlen (buffer) > 16)
        break;
      g_strlcpy (best, buffer, sizeof best);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  return g_strdup (best);
}

static GPtrArray *
dicom_attributes (const AngioPhantom               *phantom,
                  const AngioDicomAttribute *const *extra)
{
  const AngioPhantomParams *p = &phantom->params;
  GPtrArray *a = g_ptr_array_new_with_free_func ((GDestroyNotify) angio_dicom_attribute_free);
  gboolean renal = p->kind == ANGIO_PHANTOM_RENAL;

  add (a, 0x0008, 0x0008, "CS", "ImageType", "ORIGINAL\\PRIMARY\\SINGLE PLANE");
  add (a, 0x0008, 0x0016, "UI", "SOPClassUID", "1.2.840.10008.5.1.4.1.1.12.1");
  add_take (a, 0x0008, 0x0018, "UI", "SOPInstanceUID", phantom_uid (p, "instance"));
  add (a, 0x0008, 0x0020, "DA", "StudyDate", "20260101");
  add (a, 0x0008, 0x0030, "TM", "StudyTime", "120000");
  add (a, 0x0008, 0x0060, "CS", "Modality", "XA");
  add (a, 0x0008, 0x0070, "LO", "Manufacturer", "Angiomark");
  add (a, 0x0008, 0x1090, "LO", "ManufacturerModelName", "Phantom");
  add (a, 0x0008, 0x1030, "LO", "StudyDescription",
       renal ? "Synthetic selective renal angiogram" : "Synthetic left coronary angiogram");
  add_take (a, 0x0008, 0x103e, "LO", "SeriesDescription",
            g_strdup_printf ("Phantom seed %" G_GUINT64_FORMAT, p->seed));
  add (a, 0x0010, 0x0010, "PN", "PatientName", renal ? "PHANTOM^RENAL" : "PHANTOM^CORONARY");
  add_take (a, 0x0010, 0x0020, "LO", "PatientID",
            g_strdup_printf ("PHANTOM-%" G_GUINT64_FORMAT, p->seed));
  add (a, 0x0010, 0x0040, "CS", "PatientSex", "O");
  add (a, 0x0018, 0x0015, "CS", "BodyPartExamined", renal ? "KIDNEY" : "HEART");
  add (a, 0x0018, 0x0060, "DS", "KVP", "75");
  add (a, 0x0018, 0x1150, "IS", "ExposureTime", "8");
  add (a, 0x0018, 0x1151, "IS", "XRayTubeCurrent", "600");
  add_take (a, 0x0018, 0x0040, "IS", "CineRate", g_strdup_printf ("%.0f", p->fps));
  add_take (a, 0x0008, 0x2144, "IS", "RecommendedDisplayFrameRate",
            g_strdup_printf ("%.0f", p->fps));
  if (p->variable_timing)
    {
      GString *vector = g_string_new ("0");

      for (guint i = 1; i < phantom->frames; i++)
        {
          g_autofree char *v = ds (phantom->frame_time_ms[i] - phantom->frame_time_ms[i - 1]);
          g_string_append_printf (vector, "\\%s", v);
        }
      add_take (a, 0x0018, 0x1065, "DS", "FrameTimeVector", g_string_free (vector, FALSE));
      add (a, 0x0028, 0x0009, "AT", "FrameIncrementPointer", "0018,1065");
    }
  else
    {
      add_take (a, 0x0018, 0x1063, "DS", "FrameTime", ds (1000.0 / p->fps));
      add (a, 0x0028, 0x0009, "AT", "FrameIncrementPointer", "0018,1063");
    }
  add_take (a, 0x0018, 0x1110, "DS", "DistanceSourceToDetector", ds (p->sid_mm));
  add_take (a, 0x0018, 0x1111, "DS", "DistanceSourceToPatient", ds (p->sod_mm));
  add_take (a, 0x0018, 0x1114, "DS", "EstimatedRadiographicMagnificationFactor",
            ds (p->sid_mm / p->sod_mm));
  {
    g_autofree char *spacing = ds (phantom->imager_pixel_spacing_mm);
    add_take (a, 0x0018, 0x1164, "DS", "ImagerPixelSpacing",
              g_strdup_printf ("%s\\%s", spacing, spacing));
  }
  add (a, 0x0018, 0x1510, "DS", "PositionerPrimaryAngle", renal ? "0" : "-30");
  add (a, 0x0018, 0x1511, "DS", "PositionerSecondaryAngle", renal ? "0" : "20");
  add_take (a, 0x0020, 0x000d, "UI", "StudyInstanceUID", phantom_uid (p, "study"));
  add_take (a, 0x0020, 0x000e, "UI", "SeriesInstanceUID", phantom_uid (p, "series"));
  add (a, 0x0020, 0x0011, "IS", "SeriesNumber", "1");
  add (a, 0x0020, 0x0013, "IS", "InstanceNumber", "1");
  add_take (a, 0x0028, 0x1050, "DS", "WindowCenter", ds (phantom->window_center));
  add_take (a, 0x0028, 0x1051, "DS", "WindowWidth", ds (phantom->window_width));
  add (a, 0x0028, 0x0301, "CS", "BurnedInAnnotation", "NO");
  if (angio_syntax_info (p->syntax)->lossy)
    add (a, 0x0028, 0x2110, "CS", "LossyImageCompression", "01");
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    {
      add (a, extra[i]->group, extra[i]->element, extra[i]->vr, extra[i]->keyword,
           extra[i]->value);
      if (extra[i]->items != NULL)   /* a sequence: its items shared */
        ((AngioDicomAttribute *) a->pdata[a->len - 1])->items = g_ptr_array_ref (extra[i]->items);
    }
  g_ptr_array_add (a, NULL);
  return a;
}

/* A file's name as the truth refers to it: relative when beside the truth file. */
static char *
relative_name (const char *path,
               const char *truth_path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *truth_dir = truth_path ? g_path_get_dirname (truth_path) : NULL;

  if (truth_dir == NULL || g_strcmp0 (dir, truth_dir) == 0)
    return g_path_get_basename (path);
  return g_canonicalize_filename (path, NULL);
}

gboolean
angio_phantom_save (AngioPhantom                     *phantom,
                    const char                       *dicom_path,
                    const char                       *truth_path,
                    const char                       *mask_path,
                    const AngioDicomAttribute *const *extra_attributes,
                    GError                          **error)
{
  g_autoptr(GPtrArray) attributes = NULL;
  AngioDicomWriteParams write = { 0 };

  g_return_val_if_fail (phantom != NULL && dicom_path != NULL, FALSE);

  attributes = dicom_attributes (phantom, extra_attributes);
  write.syntax = phantom->params.syntax;
  write.frames = phantom->frames;
  write.rows = phantom->rows;
  write.cols = phantom->cols;
  write.bits_stored = phantom->bits_stored;
  write.pixels = phantom->pixels;
  write.attributes = (const AngioDicomAttribute *const *) attributes->pdata;
  if (!angio_dicom_write (dicom_path, &write, error))
    return FALSE;

  if (mask_path != NULL
      && !angio_png_write_gray8 (mask_path, phantom->lesion_mask, phantom->cols, phantom->rows,
                                 error))
    return FALSE;

  if (truth_path != NULL)
    {
      g_autofree char *dicom_name = relative_name (dicom_path, truth_path);
      g_autofree char *mask_name = mask_path ? relative_name (mask_path, truth_path) : NULL;
      g_autoptr(JsonNode) truth = angio_phantom_truth_to_json (phantom, dicom_name, mask_name);

      if (!angio_json_to_file (truth, truth_path, error))
        return FALSE;
    }
  return TRUE;
}

/* JSON */

static void
truth_params (JsonBuilder        *b,
              const AngioPhantom *phantom)
{
  const AngioPhantomParams *p = &phantom->params;

  json_builder_set_member_name (b, "params");
  json_builder_begin_object (b);
  angio_json_member_string (b, "kind", angio_phantom_kind_name (p->kind));
  angio_json_member_int (b, "size", p->size);
  angio_json_member_int (b, "frames", p->frames);
  angio_json_member_number (b, "fps", p->fps, 4);
  json_builder_set_member_name (b, "variable_timing");
  json_builder_add_boolean_value (b, p->variable_timing);
  angio_json_member_number (b, "percent_ds", p->percent_ds, 4);
  angio_json_member_number (b, "lesion_length_mm", p->lesion_length_mm, 4);
  angio_json_member_number (b, "lesion_position", p->lesion_position, 4);
  angio_json_member_number (b, "eccentricity", p->eccentricity, 4);
  angio_json_member_number (b, "reference_mm", p->reference_mm, 4);
  angio_json_member_number (b, "catheter_french", p->catheter_french, 4);
  angio_json_member_number (b, "bolus_speed_mm_s", p->bolus_speed_mm_s, 4);
  angio_json_member_int (b, "contrast_frame", p->contrast_frame);
  angio_json_member_number (b, "noise", p->noise, 4);
  angio_json_member_number (b, "blur_mm", p->blur_mm, 4);
  angio_json_member_number (b, "motion_mm", p->motion_mm, 4);
  angio_json_member_number (b, "drift_mm", p->drift_mm, 4);
  json_builder_set_member_name (b, "background");
  json_builder_add_boolean_value (b, p->background);
  json_builder_set_member_name (b, "crossing_vessel");
  json_builder_add_boolean_value (b, p->crossing_vessel);
  angio_json_member_string (b, "shutter", angio_shutter_name (p->shutter));
  angio_json_member_string (b, "syntax", angio_syntax_info (p->syntax)->name);
  angio_json_member_int (b, "bits_stored", phantom->bits_stored);
  json_builder_end_object (b);
}

JsonNode *
angio_phantom_truth_to_json (AngioPhantom *phantom,
                             const char   *dicom_name,
                             const char   *mask_name)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const AngioPhantomParams *p;

  g_return_val_if_fail (phantom != NULL, NULL);

  p = &phantom->params;
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "generator");
  json_builder_begin_object (b);
  angio_json_member_string (b, "name", "angiomark-phantom");
  angio_json_member_string (b, "version", PACKAGE_VERSION);
  json_builder_end_object (b);
  angio_json_member_int (b, "seed", (gint64) p->seed);
  truth_params (b, phantom);
  angio_json_member_string (b, "dicom", dicom_name);
  angio_json_member_int (b, "frames", phantom->frames);
  angio_json_member_int (b, "rows", phantom->rows);
  angio_json_member_int (b, "cols", phantom->cols);
  angio_json_member_numbers (b, "frame_time_ms", phantom->frame_time_ms, phantom->frames, 3);

  json_builder_set_member_name (b, "calibration");
  json_builder_begin_object (b);
  /* Exact: every length in mm derives from it. */
  json_builder_set_member_name (b, "mm_per_px");
  json_builder_add_double_value (b, phantom->mm_per_px);
  angio_json_member_string (b, "method", "isocenter");
  json_builder_set_member_name (b, "imager_pixel_spacing_mm");
  json_builder_add_double_value (b, phantom->imager_pixel_spacing_mm);
  angio_json_member_number (b, "sid_mm", p->sid_mm, 4);
  angio_json_member_number (b, "sod_mm", p->sod_mm, 4);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "key_frame");
  json_builder_begin_object (b);
  angio_json_member_int (b, "best", phantom->key_frame);
  json_builder_set_member_name (b, "acceptable");
  json_builder_begin_array (b);
  json_builder_add_int_value (b, phantom->key_first);
  json_builder_add_int_value (b, phantom->key_last);
  json_builder_end_array (b);
  json_builder_end_object (b);
  angio_json_member_numbers (b, "opacification", phantom->opacification, phantom->frames, 4);
  json_builder_set_member_name (b, "motion_px");
  json_builder_begin_array (b);
  for (guint i = 0; i < phantom->frames; i++)
    angio_json_add_point (b, phantom->motion_px[i], 3);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "lesion");
  json_builder_begin_object (b);
  angio_json_member_int (b, "frame", phantom->key_frame);
  angio_json_member_string (b, "vessel", p->kind == ANGIO_PHANTOM_RENAL ? "main renal artery"
                                                             : "left anterior descending");
  angio_json_member_point (b, "center_px", phantom->lesion_center_px, 3);
  angio_json_member_point (b, "prox_px", phantom->lesion_prox_px, 3);
  angio_json_member_point (b, "dist_px", phantom->lesion_dist_px, 3);
  angio_json_member_number (b, "mld_mm", phantom->mld_mm, 4);
  angio_json_member_number (b, "ref_mm", phantom->ref_mm, 4);
  angio_json_member_number (b, "percent_ds", phantom->percent_ds, 4);
  angio_json_member_number (b, "percent_as", phantom->percent_as, 4);
  angio_json_member_number (b, "length_mm", phantom->length_mm, 4);
  angio_json_member_number (b, "mld_px", phantom->mld_mm / phantom->mm_per_px, 4);
  angio_json_member_number (b, "ref_px", phantom->ref_mm / phantom->mm_per_px, 4);
  angio_json_member_number (b, "length_px", phantom->length_mm / phantom->mm_per_px, 4);
  angio_json_member_number (b, "eccentricity", p->eccentricity, 4);
  angio_json_member_string (b, "mask", mask_name);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "vessel");
  json_builder_begin_object (b);
  angio_json_member_points (b, "centerline_px", (const AngioPoint *) (phantom->centerline_px)->data, (phantom->centerline_px)->len, 3);
  angio_json_member_numbers (b, "diameter_mm", (const double *) phantom->diameter_mm->data,
                  phantom->diameter_mm->len, 3);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "catheter");
  json_builder_begin_object (b);
  angio_json_member_number (b, "french", p->catheter_french, 4);
  angio_json_member_number (b, "diameter_mm", phantom->catheter_mm, 4);
  angio_json_member_number (b, "diameter_px", phantom->catheter_mm / phantom->mm_per_px, 4);
  angio_json_member_points (b, "centerline_px", (const AngioPoint *) (phantom->catheter_px)->data, (phantom->catheter_px)->len, 3);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "bolus");
  json_builder_begin_object (b);
  angio_json_member_number (b, "speed_mm_s", p->bolus_speed_mm_s, 4);
  angio_json_member_number (b, "arrival_ms", phantom->contrast_arrival_ms, 4);
  angio_json_member_int (b, "arrival_frame", p->contrast_frame);
  json_builder_end_object (b);

  json_builder_end_object (b);
  return json_builder_get_root (b);
}
