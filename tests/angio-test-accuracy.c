/* angio-test-accuracy.c — the phantom benchmark set and how a run is scored.
 *
 * Every case is written as a DICOM file and decoded like a user's file. Seeds start at 101:
 * the algorithms were tuned on other seeds, so the set measures, it does not flatter.
 */
#include "config.h"

#include <math.h>

#include <glib/gstdio.h>

#include "angio-analysis.h"
#include "angio-series.h"
#include "angio-raster.h"
#include "angio-test-accuracy.h"
#include "angio-test-util.h"

/* A proposal counts as the truth's lesion within this distance. */
#define CENTRE_TOLERANCE_MM 3.0

typedef enum {
  RENAL,
  CORONARY,
} Kind;

/* What differs from the default renal or coronary phantom. */
typedef struct {
  const char *name;
  Kind kind;
  guint size;
  guint frames;
  double fps;
  double ds;
  double length_mm;
  double eccentricity;        /* < 0: default */
  double noise;               /* < 0: default */
  double motion_mm;           /* < 0: default */
  double drift_mm;            /* < 0: default */
  AngioShutter shutter;
  gboolean crossing;
  gint contrast_frame;        /* < 0: default */
  gboolean variable_timing;
  AngioTransferSyntax syntax;
} Spec;

#define D -1

static const Spec specs[] = {
  /* name                   kind      size frames fps  ds  len  ecc  noise motion drift shutter                  cross  cf  vt   syntax */
  { "renal",                RENAL,    512, 48, 15,    60,  8,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-ds20",           RENAL,    512, 48, 15,    20,  8,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-ds30",           RENAL,    512, 48, 15,    30,  6,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-ds40",           RENAL,    512, 48, 15,    40, 10,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-ds50",           RENAL,    512, 48, 15,    50,  7,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-ds70",           RENAL,    512, 48, 15,    70,  8,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-ds85",           RENAL,    512, 48, 15,    85,  9,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-len3",           RENAL,    512, 48, 15,    60,  3,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-len5",           RENAL,    512, 48, 15,    55,  5,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-len12",          RENAL,    512, 48, 15,    65, 12,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-len15",          RENAL,    512, 48, 15,    45, 15,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-concentric",     RENAL,    512, 48, 15,    60,  8,   0,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-eccentric",      RENAL,    512, 48, 15,    60,  8, 0.6,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-one-sided",      RENAL,    512, 48, 15,    50,  8, 0.9,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-7.5fps",         RENAL,    512, 24, 7.5,   60,  8,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-30fps",          RENAL,    512, 96, 30,    60,  8,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-high-dose",      RENAL,    512, 48, 15,    60,  8,   D, 0.5,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-low-dose",       RENAL,    512, 48, 15,    60,  8,   D,   2,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-still",          RENAL,    512, 48, 15,    60,  8,   D,   D,   0,   0, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-breathing",      RENAL,    512, 48, 15,    60,  8,   D,   D,   5,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-drift",          RENAL,    512, 48, 15,    60,  8,   D,   D,   D,   3, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-circle",         RENAL,    512, 48, 15,    60,  8,   D,   D,   D,   D, ANGIO_SHUTTER_CIRCLE,    FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-rectangle",      RENAL,    512, 48, 15,    50,  8,   D,   D,   D,   D, ANGIO_SHUTTER_RECTANGLE, FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-crossing",       RENAL,    512, 48, 15,    60,  8,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      TRUE,  D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-contrast-first", RENAL,    512, 48, 15,    60,  8,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, 0, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-contrast-late",  RENAL,    512, 48, 15,    60,  8,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, 12, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-uneven-timing",  RENAL,    512, 48, 15,    60,  8,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, TRUE,  ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-1024",           RENAL,   1024, 32, 15,    60,  8,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-1024-ds40-len5", RENAL,   1024, 32, 15,    40,  5,   D,   D,   D,   D, ANGIO_SHUTTER_CIRCLE,    FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "renal-1024-ds85-len12",RENAL,   1024, 32, 15,    85, 12,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      TRUE,  D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "coronary",             CORONARY, 512, 48, 15,    60, 10,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "coronary-ds40",        CORONARY, 512, 48, 15,    40,  8,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "coronary-ds85-len5",   CORONARY, 512, 48, 15,    85,  5,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "coronary-rectangle",   CORONARY, 512, 48, 15,    60,  8,   D,   D,   D,   D, ANGIO_SHUTTER_RECTANGLE, FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "coronary-1024",        CORONARY,1024, 32, 15,    60, 10,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "coronary-1024-ds50-len3", CORONARY, 1024, 32, 15, 50, 3,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "coronary-1024-ds70-len15", CORONARY, 1024, 32, 15, 70, 15, 0.7, D,   D,   D, ANGIO_SHUTTER_CIRCLE,    FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "coronary-1024-crossing", CORONARY, 1024, 32, 30,   55,  8,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      TRUE,  D, FALSE, ANGIO_SYNTAX_EXPLICIT_LE },
  { "syntax-implicit-le",   RENAL,    512, 48, 15,    60,  8,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_IMPLICIT_LE },
  { "syntax-explicit-be",   RENAL,    512, 48, 15,    55,  7,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_EXPLICIT_BE },
  { "syntax-deflated",      RENAL,    512, 48, 15,    65,  9,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_DEFLATED },
  { "syntax-jpeg-baseline", RENAL,    512, 48, 15,    60,  8,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_JPEG_BASELINE },
  { "syntax-jpeg-extended", RENAL,    512, 48, 15,    50, 10,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_JPEG_EXTENDED },
  { "syntax-jpeg-lossless-p14", RENAL, 512, 48, 15,   70,  6,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_JPEG_LOSSLESS },
  { "syntax-jpeg-lossless", RENAL,    512, 48, 15,    60,  8,   D,   D,   D,   D, ANGIO_SHUTTER_CIRCLE,    FALSE, D, FALSE, ANGIO_SYNTAX_JPEG_LOSSLESS_SV1 },
  { "syntax-jpeg-ls",       RENAL,    512, 48, 15,    45, 12,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_JPEG_LS_LOSSLESS },
  { "syntax-jpeg-ls-near",  RENAL,    512, 48, 15,    60,  8,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_JPEG_LS_NEAR_LOSSLESS },
  { "syntax-j2k-lossless",  RENAL,    512, 48, 15,    75,  8,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_J2K_LOSSLESS },
  { "syntax-j2k",           RENAL,    512, 48, 15,    60,  8,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_J2K },
  { "syntax-rle",           RENAL,    512, 48, 15,    60,  8,   D,   D,   D,   D, ANGIO_SHUTTER_NONE,      FALSE, D, FALSE, ANGIO_SYNTAX_RLE },
};

const AngioAccuracyCase *
angio_accuracy_cases (void)
{
  static AngioAccuracyCase cases[G_N_ELEMENTS (specs) + 1];
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
        {
          const Spec *s = &specs[i];
          AngioPhantomParams *p = &cases[i].params;

          cases[i].name = s->name;
          angio_phantom_params_init (p, s->kind == RENAL ? ANGIO_PHANTOM_RENAL
                                                         : ANGIO_PHANTOM_CORONARY);
          p->seed = 101 + i;
          p->size = s->size;
          p->frames = s->frames;
          p->fps = s->fps;
          p->percent_ds = s->ds;
          p->lesion_length_mm = s->length_mm;
          if (s->eccentricity >= 0)
            p->eccentricity = s->eccentricity;
          if (s->noise >= 0)
            p->noise = s->noise;
          if (s->motion_mm >= 0)
            p->motion_mm = s->motion_mm;
          if (s->drift_mm >= 0)
            p->drift_mm = s->drift_mm;
          p->shutter = s->shutter;
          p->crossing_vessel = s->crossing;
          if (s->contrast_frame >= 0)
            p->contrast_frame = (guint) s->contrast_frame;
          p->variable_timing = s->variable_timing;
          p->syntax = s->syntax;
        }
      cases[G_N_ELEMENTS (specs)].name = NULL;
      g_once_init_leave (&once, 1);
    }
  return cases;
}

static double
dice (const AngioStenosis *s,
      const AngioPhantom  *phantom,
      AngioPoint           shift)
{
  g_autoptr(GArray) outline = angio_stenosis_outline (s);
  gsize n = (gsize) phantom->rows * phantom->cols, both = 0, a = 0, b = 0;
  g_autofree guint8 *mask = g_malloc0 (n);

  for (guint i = 0; i < outline->len; i++)
    {
      g_array_index (outline, AngioPoint, i).x += shift.x;
      g_array_index (outline, AngioPoint, i).y += shift.y;
    }
  angio_raster_polygon (mask, phantom->cols, phantom->rows, (AngioPoint *) outline->data,
                        outline->len, 1);
  for (gsize i = 0; i < n; i++)
    {
      both += mask[i] && phantom->lesion_mask[i];
      a += mask[i];
      b += phantom->lesion_mask[i] != 0;
    }
  return a + b ? 2.0 * both / (a + b) : NAN;
}

/* @shift takes the proposal's frame to the truth's key frame (the vessels moved in between). */
static void
score (const AngioStenosis *s,
       const AngioPhantom  *phantom,
       AngioPoint           shift,
       AngioQcaErrors      *e)
{
  double mm = phantom->mm_per_px;

  e->mld = s->qca->mld_px * mm - phantom->mld_mm;
  e->ref = s->qca->ref_px * mm - phantom->ref_mm;
  e->ds = s->qca->percent_ds - phantom->percent_ds;
  e->length = s->qca->length_px * mm - phantom->length_mm;
  e->dice = dice (s, phantom, shift);
}

static const AngioQcaErrors no_errors = { NAN, NAN, NAN, NAN, NAN };

/* The user-guided QCA: from the truth centerline before the lesion to after it, on the truth's
 * key frame, as a user would click. */
static void
guided (AngioSeries        *series,
        guint               n_background,
        const AngioPhantom *phantom,
        AngioAccuracy      *result)
{
  const GArray *axis = phantom->centerline_px;
  AngioPoint mid = { 0.5 * (phantom->lesion_prox_px.x + phantom->lesion_dist_px.x),
                     0.5 * (phantom->lesion_prox_px.y + phantom->lesion_dist_px.y) };
  guint centre = 0;
  double best = G_MAXDOUBLE, reach;
  AngioAnalysisParams params;
  g_autoptr(AngioFrameContext) context = NULL;
  g_autoptr(AngioStenosis) s = NULL;
  gint64 start;

  for (guint i = 0; i < axis->len; i++)
    {
      double d = angio_point_distance (g_array_index (axis, AngioPoint, i), mid);
      if (d < best)
        best = d, centre = i;
    }
  /* The axis points are a pixel apart. */
  reach = (phantom->length_mm / 2 + 1.5 * phantom->ref_mm + 3) / phantom->mm_per_px;
  angio_analysis_params_init (&params);
  context = angio_frame_context_new (series, phantom->key_frame, n_background, &params);
  start = g_get_monotonic_time ();
  s = angio_frame_context_measure (context,
                                   g_array_index (axis, AngioPoint,
                                                  (guint) MAX (0, centre - reach)),
                                   g_array_index (axis, AngioPoint,
                                                  (guint) MIN (axis->len - 1, centre + reach)),
                                   NULL);
  result->measure_ms = (g_get_monotonic_time () - start) / 1000.0;
  result->guided = no_errors;
  if (s != NULL)
    score (s, phantom, (AngioPoint) { 0, 0 }, &result->guided);
}

gboolean
angio_accuracy_run (const AngioAccuracyCase *c,
                    AngioAccuracy           *result,
                    GError                 **error)
{
  g_autoptr(AngioPhantom) phantom = NULL;
  g_autoptr(AngioSeries) series = NULL;
  g_autoptr(AngioAnalysis) analysis = NULL;
  g_autofree char *name = g_strconcat (c->name, ".dcm", NULL);
  g_autofree char *path = angio_test_path (name);
  AngioAnalysisParams params;
  AngioPoint truth, motion;
  double mm, nearest = G_MAXDOUBLE;
  gint matched = -1;

  phantom = angio_phantom_generate (&c->params, NULL, error);
  if (phantom == NULL || !angio_phantom_save (phantom, path, NULL, NULL, NULL, error))
    return FALSE;
  series = angio_series_load (path, NULL, error);
  if (series == NULL)
    return FALSE;
  angio_analysis_params_init (&params);
  analysis = angio_analysis_run (series, &params, NULL, error);
  if (analysis == NULL)
    return FALSE;

  mm = phantom->mm_per_px;
  result->decode_ms = analysis->decode_ms;
  result->analysis_ms = analysis->total_ms;
  result->truth_ds = phantom->percent_ds;
  result->key_frame = analysis->context->frame;
  result->key_first = phantom->key_first;
  result->key_last = phantom->key_last;
  result->key_frame_ok = result->key_frame >= phantom->key_first
                         && result->key_frame <= phantom->key_last;

  /* The truth is given at its key frame; the vessels move rigidly with the breathing. */
  motion = phantom->motion_px[result->key_frame];
  truth = (AngioPoint) { phantom->lesion_center_px.x + motion.x,
                         phantom->lesion_center_px.y + motion.y };
  result->truth_px = truth;
  result->n_lesions = MIN (analysis->lesions->len, G_N_ELEMENTS (result->proposals));
  result->false_positives = 0;
  for (guint i = 0; i < analysis->lesions->len; i++)
    {
      double d = angio_point_distance (angio_stenosis_center (g_ptr_array_index (analysis->lesions,
                                                                                 i)),
                                       truth) * mm;
      if (i < G_N_ELEMENTS (result->proposals))
        {
          const AngioStenosis *s = g_ptr_array_index (analysis->lesions, i);

          result->proposals[i] = angio_stenosis_center (s);
          result->proposal_ds[i] = s->qca->percent_ds;
          result->proposal_ref_mm[i] = s->qca->ref_px * mm;
          result->proposal_distance_mm[i] = d;
        }
      if (d < nearest)
        nearest = d, matched = (gint) i;
      result->false_positives += d > CENTRE_TOLERANCE_MM;
    }
  result->centre_error_mm = matched >= 0 ? nearest : NAN;
  result->centred = result->n_lesions > 0
                    && angio_point_distance (angio_stenosis_center (g_ptr_array_index (
                                                                      analysis->lesions, 0)),
                                             truth) * mm <= CENTRE_TOLERANCE_MM;
  result->automatic = no_errors;
  if (matched >= 0 && nearest <= CENTRE_TOLERANCE_MM)
    score (g_ptr_array_index (analysis->lesions, matched), phantom,
           (AngioPoint) { -motion.x, -motion.y }, &result->automatic);

  guided (series, analysis->key_frames->n_background, phantom, result);
  g_unlink (path);
  return TRUE;
}
