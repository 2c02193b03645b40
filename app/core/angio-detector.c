/* angio-detector.c — the stenosis network, loaded once from the binary's resources. */
#define G_LOG_DOMAIN "angio-detector"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "angio-detector.h"
#include "angio-json.h"
#include "angio-models-resources.h"
#include "angio-nn.h"

#define MODEL_PATH "/io/github/angiomark/Angiomark/models/"
/* The network sees frames reduced to about this many pixels across; its input must be a
 * multiple of this (three poolings). */
#define NET_SIZE 256
#define NET_MULTIPLE 8

typedef struct {
  AngioNet *net;
  GBytes *about;
  char *name;
  char *version;
  guint stride;
  AngioDetectorSettings settings;
  GError *error;
} Model;

/* Forward passes under way. At exit, OpenCV's own objects are torn down by the C++ runtime;
 * a pass still running in another thread (an analysis or an import the user did not wait for)
 * would run on freed state. So exit waits for the passes under way and refuses new ones. */
static GMutex passes_lock;
static GCond passes_done;
static guint passes;
static gboolean closing;
static gboolean registered;

static void
wait_for_passes (void)
{
  g_mutex_lock (&passes_lock);
  closing = TRUE;
  while (passes > 0)
    g_cond_wait (&passes_done, &passes_lock);
  g_mutex_unlock (&passes_lock);
}

static Model *
load (void)
{
  Model *m = g_new0 (Model, 1);
  g_autoptr(GBytes) onnx = NULL;
  g_autoptr(GBytes) about = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *proposals;

  /* Registered here, once, rather than by a constructor in every program that links the core. */
  angio_models_register_resource ();
  onnx = g_resources_lookup_data (MODEL_PATH "stenosis-net.onnx", 0, &m->error);
  if (onnx != NULL)
    about = g_resources_lookup_data (MODEL_PATH "stenosis-net.json", 0, &m->error);
  if (about == NULL)
    return m;
  m->about = g_bytes_ref (about);
  if (!json_parser_load_from_data (parser, g_bytes_get_data (about, NULL),
                                   g_bytes_get_size (about), &m->error))
    return m;
  root = json_node_get_object (json_parser_get_root (parser));
  proposals = angio_json_get_object (root, "proposals");
  m->name = g_strdup (angio_json_get_string (root, "name"));
  m->version = g_strdup (angio_json_get_string (root, "version"));
  m->stride = angio_json_get_int (root, "stride", 0);
  if (proposals != NULL)
    {
      m->settings.smooth = angio_json_get_int (proposals, "smooth", 0);
      m->settings.min_confidence = angio_json_get_number (proposals, "min_confidence");
      m->settings.radius = angio_json_get_int (proposals, "radius", 0);
      m->settings.max_regions = angio_json_get_int (proposals, "max_regions", 0);
    }
  if (m->name == NULL || m->version == NULL || m->stride == 0 || proposals == NULL
      || !isfinite (m->settings.min_confidence))
    {
      g_set_error (&m->error, ANGIO_NN_ERROR, ANGIO_NN_ERROR_MODEL,
                   _("The stenosis model’s description is incomplete"));
      return m;
    }
  m->net = angio_net_new (g_bytes_get_data (onnx, NULL), g_bytes_get_size (onnx), &m->error);
  return m;
}

static Model *
model (GError **error)
{
  static Model *the_model;

  if (g_once_init_enter (&the_model))
    g_once_init_leave (&the_model, load ());
  if (the_model->error != NULL)
    {
      g_set_error (error, the_model->error->domain, the_model->error->code,
                   _("The stenosis detector cannot be loaded: %s"), the_model->error->message);
      return NULL;
    }
  return the_model;
}

gboolean
angio_detector_settings (AngioDetectorSettings  *settings,
                         GError                **error)
{
  Model *m = model (error);

  if (m == NULL)
    return FALSE;
  *settings = m->settings;
  return TRUE;
}

const char *
angio_detector_name (void)
{
  Model *m = model (NULL);

  return m != NULL ? m->name : "stenosis-net";
}

const char *
angio_detector_version (void)
{
  Model *m = model (NULL);

  return m != NULL ? m->version : "";
}

GBytes *
angio_detector_description (GError **error)
{
  Model *m = model (error);

  return m != NULL ? g_bytes_ref (m->about) : NULL;
}

float *
angio_detector_run_net (const float  *input,
                        guint         width,
                        guint         height,
                        guint        *out_width,
                        guint        *out_height,
                        GError      **error)
{
  Model *m = model (error);
  float *out;

  if (m == NULL)
    return NULL;
  g_mutex_lock (&passes_lock);
  if (closing)
    {
      g_mutex_unlock (&passes_lock);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The application is quitting"));
      return NULL;
    }
  passes++;
  g_mutex_unlock (&passes_lock);
  out = angio_net_run (m->net, input, width, height, out_width, out_height, error);
  g_mutex_lock (&passes_lock);
  /* Registered after a first pass, so after every object OpenCV makes on its first use: exit
   * runs its handlers in the reverse order, this one before their destruction. */
  if (!registered)
    {
      atexit (wait_for_passes);
      registered = TRUE;
    }
  passes--;
  g_cond_broadcast (&passes_done);
  g_mutex_unlock (&passes_lock);
  return out;
}

/* @image padded on the right and bottom to multiples of NET_MULTIPLE, repeating its last
 * column and row, optionally mirrored left to right. */
static float *
padded (const AngioImageF *image,
        guint              width,
        guint              height,
        gboolean           mirror)
{
  float *out = g_new (float, (gsize) width * height);

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        guint sx = MIN (x, image->width - 1), sy = MIN (y, image->height - 1);

        out[(gsize) y * width + (mirror ? width - 1 - x : x)] =
          image->data[(gsize) sy * image->stride + sx];
      }
  return out;
}

float *
angio_detector_heat (const AngioImageF  *frame,
                     guint              *width,
                     guint              *height,
                     guint              *stride,
                     double             *scale,
                     GError            **error)
{
  Model *m = model (error);
  g_autoptr(AngioImageF) reduced = NULL;
  g_autofree float *heat = NULL;
  guint w, h, pw, ph, ow = 0, oh = 0, r;

  g_return_val_if_fail (frame != NULL, NULL);
  if (m == NULL)
    return NULL;

  r = MAX (1, (guint) lround (MAX (frame->width, frame->height) / (double) NET_SIZE));
  if (MAX (frame->width, frame->height) * 4 < NET_SIZE * 3)
    {
      /* A coarse frame (a small matrix over the whole field): enlarged, so that vessels are
       * about as many pixels across as the network learnt them. */
      guint e = (guint) lround (NET_SIZE / (double) MAX (frame->width, frame->height));

      reduced = angio_detect_enlarge (frame, e);
      *scale = 1.0 / e;
    }
  else
    {
      reduced = angio_detect_reduce (frame, r);
      *scale = r;
    }
  angio_detect_normalise (reduced);
  w = reduced->width;
  h = reduced->height;
  pw = (w + NET_MULTIPLE - 1) / NET_MULTIPLE * NET_MULTIPLE;
  ph = (h + NET_MULTIPLE - 1) / NET_MULTIPLE * NET_MULTIPLE;

  for (int mirror = 0; mirror < 2; mirror++)
    {
      g_autofree float *input = padded (reduced, pw, ph, mirror);
      g_autofree float *out = angio_net_run (m->net, input, pw, ph, &ow, &oh, error);

      if (out == NULL)
        return NULL;
      if (ow * m->stride != pw || oh * m->stride != ph)
        {
          g_set_error (error, ANGIO_NN_ERROR, ANGIO_NN_ERROR_RUN,
                       _("The stenosis model gave a heat map of %u × %u for an input of "
                         "%u × %u"), ow, oh, pw, ph);
          return NULL;
        }
      if (heat == NULL)
        heat = g_new0 (float, (gsize) ow * oh);
      for (guint y = 0; y < oh; y++)
        for (guint x = 0; x < ow; x++)
          heat[(gsize) y * ow + x] += 0.5f * out[(gsize) y * ow + (mirror ? ow - 1 - x : x)];
    }

  /* Only the cells of the frame itself, not of the padding. */
  *width = MAX (1, w / m->stride);
  *height = MAX (1, h / m->stride);
  for (guint y = 0; y < *height; y++)
    memmove (heat + (gsize) y * *width, heat + (gsize) y * ow, *width * sizeof (float));
  *stride = m->stride;
  return g_steal_pointer (&heat);
}

GArray *
angio_detector_find (const AngioImageF            *frame,
                     const AngioDetectorSettings  *settings,
                     GError                      **error)
{
  AngioDetectorSettings own;
  AngioDetectParams params;
  g_autofree float *heat = NULL;
  guint w, h;

  if (settings == NULL)
    {
      if (!angio_detector_settings (&own, error))
        return NULL;
      settings = &own;
    }
  heat = angio_detector_heat (frame, &w, &h, &params.stride, &params.scale, error);
  if (heat == NULL)
    return NULL;
  params.smooth = settings->smooth;
  params.min_confidence = settings->min_confidence;
  params.radius = settings->radius;
  params.max_regions = settings->max_regions;
  return angio_detect_peaks (heat, w, h, &params);
}
