/* angio-labels.c — the labels of a case.json-shaped document, for comparing readers. */
#define G_LOG_DOMAIN "angio-labels"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "angio-json.h"
#include "angio-labels.h"
#include "angio-lesion.h"
#include "angio-raster.h"

/* As ANGIO_PREDICTION_MAX_POINTS. */
#define MAX_OUTLINE_POINTS 10000

/* Coordinates beyond this are not an image's (a hostile or broken file). */
#define MAX_COORDINATE 1e6

static void
lesion_free (AngioLabelLesion *l)
{
  g_free (l->id);
  g_clear_pointer (&l->outline, g_array_unref);
  g_clear_pointer (&l->lesion, json_node_unref);
  g_free (l);
}

static void
series_free (AngioLabelSeries *s)
{
  g_free (s->id);
  g_clear_pointer (&s->frame_time_ms, g_array_unref);
  g_clear_pointer (&s->key_frames, g_array_unref);
  g_clear_pointer (&s->lesions, g_ptr_array_unref);
  g_free (s);
}

void
angio_labels_free (AngioLabels *self)
{
  if (self == NULL)
    return;
  g_free (self->case_id);
  g_free (self->annotator);
  g_free (self->model);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_free (self);
}

/* Whether a reader with @prediction keeps an item of @status. */
static gboolean
kept (JsonObject *item,
      gboolean    prediction)
{
  const char *status = angio_json_get_string (item, "status");

  if (prediction)
    return g_strcmp0 (status, "rejected") != 0;
  return g_strcmp0 (status, "accepted") == 0;
}

/* A 0-based frame of @run (0 frames: not known, any). */
static gboolean
read_frame (JsonObject        *item,
            AngioLabelSeries  *run,
            guint             *frame,
            GError           **error)
{
  gint64 value = angio_json_get_int (item, "frame", -1);

  if (value < 0 || value > G_MAXINT32 || (run->frames > 0 && value >= run->frames))
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, value);

      return angio_core_invalid (error, _("run “%s”: frame %s is not one of its %u frames"),
                                 run->id, number, run->frames);
    }
  *frame = value;
  return TRUE;
}

static gint
compare_key_frames (gconstpointer a,
                    gconstpointer b)
{
  const AngioLabelKeyFrame *x = a, *y = b;
  double sx = isfinite (x->score) ? x->score : -1, sy = isfinite (y->score) ? y->score : -1;

  return sx > sy ? -1 : sx < sy;
}

static gboolean
read_key_frames (AngioLabelSeries  *run,
                 JsonObject        *object,
                 gboolean           prediction,
                 GError           **error)
{
  JsonArray *array = angio_json_get_array (object, "key_frames");
  GArray *accepted = g_array_new (FALSE, FALSE, sizeof (AngioLabelKeyFrame));
  GArray *others = g_array_new (FALSE, FALSE, sizeof (AngioLabelKeyFrame));
  gboolean ok = TRUE;

  for (guint i = 0; ok && array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *k = angio_json_object_at (array, i);
      AngioLabelKeyFrame key;

      if (k == NULL || !kept (k, prediction))
        continue;
      ok = read_frame (k, run, &key.frame, error);
      key.score = angio_json_get_number (k, "score");
      g_array_append_val (g_strcmp0 (angio_json_get_string (k, "status"), "accepted") == 0
                          ? accepted : others, key);
    }
  /* The best first: accepted ones as listed, then the others by score. */
  g_array_sort (others, compare_key_frames);
  g_array_append_vals (accepted, others->data, others->len);
  g_array_unref (others);
  run->key_frames = accepted;
  return ok;
}

/* An outline given as points: [[x, y]…], at least three, finite and within reach. */
static GArray *
read_outline (JsonArray  *points,
              GError    **error)
{
  g_autoptr(GArray) outline = g_array_new (FALSE, FALSE, sizeof (AngioPoint));

  /* A stenosis contour has a few hundred points; a million take minutes to score. */
  if (json_array_get_length (points) > MAX_OUTLINE_POINTS)
    {
      angio_core_invalid (error, _("an outline of %u points, more than the %d it may have"),
           json_array_get_length (points), MAX_OUTLINE_POINTS);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (points); i++)
    {
      JsonArray *xy = NULL;
      AngioPoint p;

      if (JSON_NODE_HOLDS_ARRAY (json_array_get_element (points, i)))
        xy = json_array_get_array_element (points, i);
      if (xy == NULL || json_array_get_length (xy) != 2)
        {
          angio_core_invalid (error, _("outline point %u is not [x, y]"), i + 1);
          return NULL;
        }
      p.x = angio_json_number_at (xy, 0);
      p.y = angio_json_number_at (xy, 1);
      if (!(fabs (p.x) <= MAX_COORDINATE && fabs (p.y) <= MAX_COORDINATE))
        {
          angio_core_invalid (error, _("outline point %u is not a point of the image"), i + 1);
          return NULL;
        }
      g_array_append_val (outline, p);
    }
  if (outline->len < 3)
    {
      angio_core_invalid (error, _("an outline needs at least three points"));
      return NULL;
    }
  return g_steal_pointer (&outline);
}

static AngioLabelLesion *
read_lesion (AngioLabelSeries  *run,
             JsonObject        *object,
             GError           **error)
{
  g_autoptr(GError) local = NULL;
  AngioLabelLesion *l = g_new0 (AngioLabelLesion, 1);
  JsonArray *outline = angio_json_get_array (object, "outline");

  l->id = g_strdup (angio_json_get_string (object, "id"));
  l->mld_mm = angio_json_get_number (object, "mld_mm");
  l->ref_mm = angio_json_get_number (object, "ref_mm");
  l->percent_ds = angio_json_get_number (object, "percent_ds");
  if (!read_frame (object, run, &l->frame, &local))
    ;
  else if (outline != NULL)
    l->outline = read_outline (outline, &local);
  else
    {
      g_autoptr(AngioLesion) lesion = angio_lesion_new_from_json (object, &local);

      if (lesion != NULL)
        {
          l->outline = angio_lesion_get_outline (lesion);
          l->lesion = json_node_alloc ();
          json_node_init_object (l->lesion, object);
          if (isnan (l->percent_ds))
            l->percent_ds = angio_lesion_get_measurement (lesion)->qca->percent_ds;
        }
    }
  if (l->outline == NULL)
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("run “%s”, lesion %s: %s"), run->id, l->id ? l->id : "?", local->message);
      lesion_free (l);
      return NULL;
    }
  return l;
}

static AngioLabelSeries *
read_series (JsonObject  *object,
             gboolean     prediction,
             GError     **error)
{
  AngioLabelSeries *run = g_new0 (AngioLabelSeries, 1);
  JsonArray *times = angio_json_get_array (object, "frame_time_ms");
  JsonArray *lesions = angio_json_get_array (object, "lesions");
  JsonObject *calibration;
  gint64 frames = angio_json_get_int (object, "frames", 0);

  run->id = g_strdup (angio_json_get_string (object, "id"));
  run->frames = CLAMP (frames, 0, G_MAXINT32);
  run->rows = CLAMP (angio_json_get_int (object, "rows", 0), 0, G_MAXINT32);
  run->cols = CLAMP (angio_json_get_int (object, "cols", 0), 0, G_MAXINT32);
  calibration = angio_json_get_object (object, "calibration");
  run->mm_per_px = calibration ? angio_json_get_number (calibration, "mm_per_px") : NAN;
  if (!(run->mm_per_px > 0))
    run->mm_per_px = NAN;
  run->frame_time_ms = g_array_new (FALSE, FALSE, sizeof (double));
  run->lesions = g_ptr_array_new_with_free_func ((GDestroyNotify) lesion_free);
  if (times != NULL && json_array_get_length (times) == run->frames)
    for (guint i = 0; i < run->frames; i++)
      {
        double t = angio_json_number_at (times, i);

        g_array_append_val (run->frame_time_ms, t);
      }
  if (run->id == NULL)
    {
      angio_core_invalid (error, _("a run has no “id”"));
      series_free (run);
      return NULL;
    }
  if (!read_key_frames (run, object, prediction, error))
    {
      series_free (run);
      return NULL;
    }
  for (guint i = 0; lesions != NULL && i < json_array_get_length (lesions); i++)
    {
      JsonObject *l = angio_json_object_at (lesions, i);
      AngioLabelLesion *lesion;

      if (l == NULL || !kept (l, prediction))
        continue;
      lesion = read_lesion (run, l, error);
      if (lesion == NULL)
        {
          series_free (run);
          return NULL;
        }
      g_ptr_array_add (run->lesions, lesion);
    }
  return run;
}

/* The case's QCA: as @qca gives it (a table of results), else the most severe lesion's. */
static void
case_qca (AngioLabels *self,
          JsonObject  *qca)
{
  AngioLabelLesion *worst = NULL;

  for (guint i = 0; i < self->series->len; i++)
    {
      AngioLabelLesion *l = angio_label_series_worst_lesion (self->series->pdata[i]);

      if (l != NULL && (worst == NULL || (isfinite (l->percent_ds) &&
                                          !(l->percent_ds <= worst->percent_ds))))
        worst = l;
    }
  self->mld_mm = qca ? angio_json_get_number (qca, "mld_mm") : worst ? worst->mld_mm : NAN;
  self->percent_ds = qca ? angio_json_get_number (qca, "percent_ds")
                         : worst ? worst->percent_ds : NAN;
}

AngioLabels *
angio_labels_new_from_json (JsonNode  *document,
                            gboolean   prediction,
                            GError   **error)
{
  g_autoptr(AngioLabels) self = g_new0 (AngioLabels, 1);
  JsonObject *root = document && JSON_NODE_HOLDS_OBJECT (document)
                     ? json_node_get_object (document) : NULL;
  JsonArray *series = root ? angio_json_get_array (root, "series") : NULL;
  JsonObject *model, *ffr;

  if (root == NULL || angio_json_get_string (root, "case_id") == NULL || series == NULL)
    {
      angio_core_invalid (error, _("not a case: it needs “case_id” and “series”"));
      return NULL;
    }
  self->case_id = g_strdup (angio_json_get_string (root, "case_id"));
  self->annotator = g_strdup (angio_json_get_string (root, "annotator"));
  model = angio_json_get_object (root, "model");
  if (model != NULL && angio_json_get_string (model, "name") != NULL)
    self->model = angio_json_get_string (model, "version")
                  ? g_strdup_printf ("%s %s", angio_json_get_string (model, "name"),
                                     angio_json_get_string (model, "version"))
                  : g_strdup (angio_json_get_string (model, "name"));
  self->series = g_ptr_array_new_with_free_func ((GDestroyNotify) series_free);
  for (guint i = 0; i < json_array_get_length (series); i++)
    {
      JsonObject *object = angio_json_object_at (series, i);
      AngioLabelSeries *run;

      if (object == NULL)
        {
          angio_core_invalid (error, _("a series is not an object"));
          return NULL;
        }
      run = read_series (object, prediction, error);
      if (run == NULL)
        return NULL;
      if (angio_labels_find_series (self, run->id) != NULL)
        {
          angio_core_invalid (error, _("run “%s” is listed twice"), run->id);
          series_free (run);
          return NULL;
        }
      g_ptr_array_add (self->series, run);
    }
  case_qca (self, angio_json_get_object (root, "qca"));
  ffr = angio_json_get_object (root, prediction ? "ffr_estimate" : "pressure");
  self->ffr = ffr ? angio_json_get_number (ffr, prediction ? "value" : "ffr") : NAN;
  if (isfinite (self->ffr) && !(self->ffr > 0 && self->ffr <= 1.5))
    {
      angio_core_invalid (error, _("an FFR of %g is not a pressure ratio"), self->ffr);
      return NULL;
    }
  return g_steal_pointer (&self);
}

AngioLabelSeries *
angio_labels_find_series (AngioLabels *self,
                          const char  *series_id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; series_id != NULL && i < self->series->len; i++)
    {
      AngioLabelSeries *run = self->series->pdata[i];

      if (strcmp (run->id, series_id) == 0)
        return run;
    }
  return NULL;
}

AngioLabelLesion *
angio_label_series_worst_lesion (AngioLabelSeries *run)
{
  AngioLabelLesion *worst = NULL;

  for (guint i = 0; i < run->lesions->len; i++)
    {
      AngioLabelLesion *l = run->lesions->pdata[i];

      if (worst == NULL || (isfinite (l->percent_ds) &&
                            !(l->percent_ds <= worst->percent_ds)))
        worst = l;
    }
  return worst;
}

void
angio_label_series_rasterise (AngioLabelSeries *run,
                              guint             frame,
                              guint8           *mask,
                              guint             cols,
                              guint             rows)
{
  memset (mask, 0, (gsize) cols * rows);
  for (guint i = 0; run != NULL && i < run->lesions->len; i++)
    {
      AngioLabelLesion *l = run->lesions->pdata[i];

      if (l->frame == frame)
        angio_raster_polygon (mask, cols, rows, (const AngioPoint *) l->outline->data,
                              l->outline->len, 1);
    }
}

gboolean
angio_labels_has_key_frames (AngioLabels *self)
{
  for (guint i = 0; i < self->series->len; i++)
    if (((AngioLabelSeries *) self->series->pdata[i])->key_frames->len > 0)
      return TRUE;
  return FALSE;
}

gboolean
angio_labels_has_lesions (AngioLabels *self)
{
  for (guint i = 0; i < self->series->len; i++)
    if (((AngioLabelSeries *) self->series->pdata[i])->lesions->len > 0)
      return TRUE;
  return FALSE;
}
