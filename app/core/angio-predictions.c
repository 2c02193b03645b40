/* angio-predictions.c — importing prediction sets: packages, or COCO results and a CSV. */
#define G_LOG_DOMAIN "angio-predictions"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "angio-csv.h"
#include "angio-enum-types.h"
#include "angio-json.h"
#include "angio-labels.h"
#include "angio-package-private.h"
#include "angio-predictions.h"

/* Files larger than this are not a prediction set's results (a hostile or wrong file). */
#define MAX_RESULTS_BYTES (G_GUINT64_CONSTANT (256) << 20)

typedef struct {
  char *case_id;            /* the workspace's */
  JsonNode *document;
  char *version;
  char *from;
} Pending;

typedef struct {
  AngioWorkspace *workspace;
  AngioPredictionOrigin origin;
  const char *source;
  const char *from;         /* the set's path */
  GPtrArray *pending;       /* Pending */
  GPtrArray *skipped;
  GHashTable *runs;         /* workspace case id → GHashTable run id → frames (or NULL) */
  GPtrArray *columns;       /* the report's */
  GPtrArray *warnings;
} Import;

static void
pending_free (Pending *p)
{
  g_free (p->case_id);
  json_node_unref (p->document);
  g_free (p->version);
  g_free (p->from);
  g_free (p);
}

void
angio_prediction_report_free (AngioPredictionReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->cases);
  g_ptr_array_unref (report->skipped);
  g_ptr_array_unref (report->columns);
  g_ptr_array_unref (report->warnings);
  g_free (report);
}

static gboolean G_GNUC_PRINTF (3, 4)
fail (GError     **error,
      const char  *shown,
      const char  *format,
      ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  /* Translators: "%s: %s" is "file name: reason" */
  g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT, _("%s: %s"), shown,
               reason);
  return FALSE;
}

/* The runs of the workspace's @case_id, as its case.json lists them: id → number of frames.
 * (transfer none) */
static GHashTable *
case_runs (Import      *im,
           const char  *case_id,
           GError     **error)
{
  g_autoptr(JsonNode) document = NULL;
  GHashTable *runs = g_hash_table_lookup (im->runs, case_id);
  JsonArray *series;

  if (runs != NULL)
    return runs;
  document = angio_workspace_load_document (im->workspace, case_id, error);
  if (document == NULL)
    return NULL;
  runs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  series = angio_json_get_array (json_node_get_object (document), "series");
  for (guint i = 0; series != NULL && i < json_array_get_length (series); i++)
    {
      JsonObject *run = angio_json_object_at (series, i);
      const char *id = run ? angio_json_get_string (run, "id") : NULL;

      if (id != NULL)
        g_hash_table_insert (runs, g_strdup (id), GUINT_TO_POINTER (
                               CLAMP (angio_json_get_int (run, "frames", 0), 0, G_MAXINT32)));
    }
  g_hash_table_insert (im->runs, g_strdup (case_id), runs);
  return runs;
}

/* The labels of @document against the workspace's case: its runs, their frames. */
static gboolean
check_against_case (Import       *im,
                    AngioLabels  *labels,
                    const char   *case_id,
                    const char   *shown,
                    GError      **error)
{
  GHashTable *runs = case_runs (im, case_id, error);

  if (runs == NULL)
    return FALSE;
  for (guint i = 0; i < labels->series->len; i++)
    {
      AngioLabelSeries *run = labels->series->pdata[i];
      gpointer frames;

      if (!g_hash_table_lookup_extended (runs, run->id, NULL, &frames))
        return fail (error, shown, _("case %s has no run “%s”"), case_id, run->id);
      for (guint k = 0; k < run->key_frames->len; k++)
        {
          guint frame = g_array_index (run->key_frames, AngioLabelKeyFrame, k).frame;

          if (frame >= GPOINTER_TO_UINT (frames))
            return fail (error, shown, _("run “%s” of case %s has %u frames, not frame %u"),
                         run->id, case_id, GPOINTER_TO_UINT (frames), frame);
        }
      for (guint k = 0; k < run->lesions->len; k++)
        {
          AngioLabelLesion *l = run->lesions->pdata[k];

          if (l->frame >= GPOINTER_TO_UINT (frames))
            return fail (error, shown, _("run “%s” of case %s has %u frames, not frame %u"),
                         run->id, case_id, GPOINTER_TO_UINT (frames), l->frame);
        }
    }
  return TRUE;
}

/* Takes @document (a case's prediction read from @shown) for storing once all are read. */
static gboolean
take_document (JsonNode    *document,
               const char  *shown,
               gpointer     data,
               GError     **error)
{
  Import *im = data;
  JsonObject *root = json_node_get_object (document);
  const char *origin = angio_json_get_string (root, "origin");
  const char *expected = angio_enum_nick (ANGIO_TYPE_PREDICTION_ORIGIN, im->origin);
  JsonObject *model = angio_json_get_object (root, "model");
  const char *name = model ? angio_json_get_string (model, "name") : NULL;
  const char *id = angio_json_get_string (root, "case_id");
  g_autofree char *case_id = NULL;
  g_autoptr(AngioLabels) labels = NULL;
  g_autoptr(GError) local = NULL;
  Pending *p;

  if (im->origin == ANGIO_PREDICTION_MODEL && g_strcmp0 (origin, expected) != 0)
    return fail (error, shown, _("not a model’s prediction: case.json has no "
                                 "\"origin\": \"model\""));
  if (im->origin == ANGIO_PREDICTION_ANNOTATOR && origin != NULL && strcmp (origin, expected))
    return fail (error, shown, _("the prediction of a model, not an annotator’s labels"));
  if (im->origin == ANGIO_PREDICTION_MODEL && name != NULL && strcmp (name, im->source) != 0)
    return fail (error, shown, _("the prediction of model “%s”, not of “%s”"), name,
                 im->source);
  labels = angio_labels_new_from_json (document, im->origin == ANGIO_PREDICTION_MODEL, &local);
  if (labels == NULL)
    return fail (error, shown, "%s", local->message);
  case_id = angio_workspace_find_case (im->workspace, id);
  if (case_id == NULL)
    {
      g_ptr_array_add (im->skipped, g_strdup_printf (_("%s: case %s is not in this workspace"),
                                                     shown, id));
      return TRUE;
    }
  for (guint i = 0; i < im->pending->len; i++)
    if (strcmp (((Pending *) im->pending->pdata[i])->case_id, case_id) == 0)
      return fail (error, shown, _("a second prediction of case %s"), id);
  if (!check_against_case (im, labels, case_id, shown, error))
    return FALSE;
  json_object_set_string_member (root, "case_id", case_id);
  json_object_set_string_member (root, "origin", expected);
  p = g_new0 (Pending, 1);
  p->case_id = g_steal_pointer (&case_id);
  p->document = json_node_ref (document);
  p->version = model ? g_strdup (angio_json_get_string (model, "version")) : NULL;
  p->from = g_strdup (shown);
  g_ptr_array_add (im->pending, p);
  return TRUE;
}

/* COCO results and a CSV */

/* The prediction documents being built from results, by case id as the files give it. */
typedef struct {
  Import *im;
  GHashTable *cases;        /* id → JsonObject (the document) */
  GPtrArray *order;         /* ids as first met */
} Built;

/* The run @series_id of case @id's document, made when first asked for. */
static JsonObject *
built_run (Built      *b,
           const char *id,
           const char *series_id)
{
  JsonObject *doc = g_hash_table_lookup (b->cases, id);
  JsonArray *series;
  JsonObject *run;

  if (doc == NULL)
    {
      JsonObject *model = json_object_new ();

      doc = json_object_new ();
      json_object_set_string_member (doc, "case_id", id);
      json_object_set_string_member (doc, "origin", angio_enum_nick (
                                       ANGIO_TYPE_PREDICTION_ORIGIN, b->im->origin));
      json_object_set_string_member (model, "name", b->im->source);
      if (b->im->origin == ANGIO_PREDICTION_MODEL)
        json_object_set_object_member (doc, "model", model);
      else
        {
          json_object_unref (model);
          json_object_set_string_member (doc, "annotator", b->im->source);
        }
      json_object_set_array_member (doc, "series", json_array_new ());
      g_hash_table_insert (b->cases, g_strdup (id), doc);
      g_ptr_array_add (b->order, g_strdup (id));
    }
  series = json_object_get_array_member (doc, "series");
  for (guint i = 0; i < json_array_get_length (series); i++)
    {
      run = json_array_get_object_element (series, i);
      if (g_strcmp0 (json_object_get_string_member (run, "id"), series_id) == 0)
        return run;
    }
  run = json_object_new ();
  json_object_set_string_member (run, "id", series_id);
  json_object_set_array_member (run, "key_frames", json_array_new ());
  json_object_set_array_member (run, "lesions", json_array_new ());
  json_array_add_object_element (series, run);
  return run;
}

/* The status a built item has: a model proposes, an annotator's labels are accepted. */
static const char *
built_status (Built *b)
{
  return b->im->origin == ANGIO_PREDICTION_MODEL ? "proposed" : "accepted";
}

typedef struct {
  char *case_id;
  char *series_id;
  gint64 frame;
} ImageRef;

static void
image_ref_free (ImageRef *r)
{
  g_free (r->case_id);
  g_free (r->series_id);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImageRef, image_ref_free)

/* Where an image (or a result that says it itself) belongs: "case_id", "series_id" and
 * "frame" members, else a file name as export writes it: images/<case>_<series>_f<frame>.png. */
static ImageRef *
image_ref (JsonObject *object)
{
  const char *file = angio_json_get_string (object, "file_name");
  ImageRef *r;

  if (angio_json_get_string (object, "case_id") && angio_json_get_string (object, "series_id") &&
      angio_json_get_int (object, "frame", -1) >= 0)
    {
      r = g_new0 (ImageRef, 1);
      r->case_id = g_strdup (angio_json_get_string (object, "case_id"));
      r->series_id = g_strdup (angio_json_get_string (object, "series_id"));
      r->frame = angio_json_get_int (object, "frame", -1);
      return r;
    }
  if (file != NULL)
    {
      g_autoptr(GRegex) regex = g_regex_new ("^(?:.*/)?(.+)_([^_/]+)_f([0-9]{1,9})\\.png$", 0, 0,
                                             NULL);
      g_autoptr(GMatchInfo) match = NULL;

      if (g_regex_match (regex, file, 0, &match))
        {
          g_autofree char *frame = g_match_info_fetch (match, 3);

          r = g_new0 (ImageRef, 1);
          r->case_id = g_match_info_fetch (match, 1);
          r->series_id = g_match_info_fetch (match, 2);
          r->frame = g_ascii_strtoll (frame, NULL, 10);
          return r;
        }
    }
  return NULL;
}

/* A COCO polygon [x1, y1, x2, y2…] in corner coordinates as image coordinates. */
static JsonArray *
coco_outline (JsonArray *flat)
{
  guint n = json_array_get_length (flat);
  JsonArray *outline;

  if (n < 6 || n % 2 != 0)
    return NULL;
  outline = json_array_new ();
  for (guint i = 0; i < n; i += 2)
    {
      JsonArray *xy = json_array_new ();

      /* COCO puts the top-left pixel's centre at (0.5, 0.5), we at (0, 0). */
      json_array_add_double_element (xy, angio_json_number_at (flat, i) - 0.5);
      json_array_add_double_element (xy, angio_json_number_at (flat, i + 1) - 0.5);
      json_array_add_array_element (outline, xy);
    }
  return outline;
}

static void
copy_number (JsonObject *to,
             JsonObject *from,
             const char *name)
{
  double value = angio_json_get_number (from, name);

  if (isfinite (value))
    json_object_set_double_member (to, name, value);
}

static gboolean
add_result (Built       *b,
            JsonObject  *result,
            guint        index,
            GHashTable  *images,
            const char  *shown,
            GError     **error)
{
  g_autoptr(ImageRef) own = image_ref (result);
  gint64 image_id = angio_json_get_int (result, "image_id", -1);
  ImageRef *where = own ? own
                        : image_id >= 0 && image_id <= G_MAXINT32
                          ? g_hash_table_lookup (images, GINT_TO_POINTER ((int) image_id))
                          : NULL;
  JsonNode *segmentation = json_object_get_member (result, "segmentation");
  double score = angio_json_get_number (result, "score");
  JsonArray *polygons, *lesions;
  JsonObject *run;

  if (where == NULL)
    return fail (error, shown, _("result %u: its image is not known (no case, run and frame, "
                                 "and no image of that id)"), index + 1);
  if (segmentation == NULL || !JSON_NODE_HOLDS_ARRAY (segmentation))
    return fail (error, shown, _("result %u: the segmentation is not polygons (run-length "
                                 "masks are not read)"), index + 1);
  if (isfinite (score) && score < ANGIO_PREDICTION_MIN_SCORE)
    return TRUE;
  run = built_run (b, where->case_id, where->series_id);
  lesions = json_object_get_array_member (run, "lesions");
  polygons = json_node_get_array (segmentation);
  for (guint i = 0; i < json_array_get_length (polygons); i++)
    {
      JsonNode *node = json_array_get_element (polygons, i);
      guint n_points = JSON_NODE_HOLDS_ARRAY (node)
                       ? json_array_get_length (json_node_get_array (node)) / 2 : 0;

      if (n_points > ANGIO_PREDICTION_MAX_POINTS)
        return fail (error, shown, _("result %u: polygon %u has %u points, more than the %d "
                                     "an outline may have"), index + 1, i + 1, n_points,
                     ANGIO_PREDICTION_MAX_POINTS);
    }
  for (guint i = 0; i < json_array_get_length (polygons); i++)
    {
      JsonNode *node = json_array_get_element (polygons, i);
      JsonArray *outline = JSON_NODE_HOLDS_ARRAY (node) ? coco_outline (
                             json_node_get_array (node)) : NULL;
      JsonObject *l;
      g_autofree char *id = NULL;

      if (outline == NULL)
        return fail (error, shown, _("result %u: polygon %u is not a list of at least three "
                                     "x, y pairs"), index + 1, i + 1);
      l = json_object_new ();
      id = g_strdup_printf ("P%u", json_array_get_length (lesions) + 1);
      json_object_set_string_member (l, "id", id);
      json_object_set_int_member (l, "frame", where->frame);
      json_object_set_array_member (l, "outline", outline);
      json_object_set_string_member (l, "origin", "algorithm");
      json_object_set_string_member (l, "status", built_status (b));
      copy_number (l, result, "score");
      copy_number (l, result, "mld_mm");
      copy_number (l, result, "ref_mm");
      copy_number (l, result, "percent_ds");
      json_array_add_object_element (lesions, l);
    }
  return TRUE;
}

/* A COCO file: a results list, or an object with "images" (and maybe "annotations"). */
static gboolean
read_coco (Built       *b,
           const char  *path,
           GHashTable  *images,
           JsonArray  **results,
           GError     **error)
{
  g_autofree char *shown = g_filename_display_name (path);
  g_autoptr(JsonNode) root = angio_json_read_file (path, MAX_RESULTS_BYTES, error);

  if (root == NULL)
    return FALSE;
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      if (*results != NULL)
        return fail (error, shown, _("a second list of COCO results"));
      *results = json_array_ref (json_node_get_array (root));
      return TRUE;
    }
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      angio_json_get_array (json_node_get_object (root), "images") == NULL)
    return fail (error, shown, _("neither COCO results (a list) nor COCO images"));
  {
    JsonObject *object = json_node_get_object (root);
    JsonArray *list = angio_json_get_array (object, "images");
    JsonArray *annotations = angio_json_get_array (object, "annotations");

    for (guint i = 0; i < json_array_get_length (list); i++)
      {
        JsonObject *image = angio_json_object_at (list, i);
        ImageRef *r = image ? image_ref (image) : NULL;

        gint64 id = image ? angio_json_get_int (image, "id", -1) : -1;

        if (r == NULL)
          return fail (error, shown, _("image %u: no case, run and frame"), i + 1);
        if (id < 0 || id > G_MAXINT32)
          {
            image_ref_free (r);
            return fail (error, shown, _("image %u: no valid id"), i + 1);
          }
        /* Two images with one id would put an outline on another frame. */
        if (g_hash_table_contains (images, GINT_TO_POINTER ((int) id)))
          {
            image_ref_free (r);
            return fail (error, shown, _("two images have the id %d"), (int) id);
          }
        g_hash_table_insert (images, GINT_TO_POINTER ((int) id), r);
      }
    if (annotations != NULL)
      {
        if (*results != NULL)
          return fail (error, shown, _("a second list of COCO results"));
        *results = json_array_ref (annotations);
      }
  }
  return TRUE;
}

/* A number of a CSV cell; empty is NAN. */
static gboolean
csv_number (const char  *cell,
            double      *value,
            const char  *shown,
            guint        line,
            GError     **error)
{
  char *end;

  if (cell == NULL || *cell == '\0')
    {
      *value = NAN;
      return TRUE;
    }
  *value = g_ascii_strtod (cell, &end);
  if (*end != '\0' || !isfinite (*value))
    return fail (error, shown, _("line %u: “%s” is not a number"), line, cell);
  return TRUE;
}

/* The cell of @row in column @i, unquoted; NULL when the row has no such cell. */
static const char *
cell (char **row,
      int    i)
{
  if (i < 0 || i >= (int) g_strv_length (row))
    return NULL;
  return row[i];
}

/* The run a CSV row means: its series_id, else the case's only run. */
static const char *
csv_run (Built       *b,
         const char  *id,
         const char  *series_id,
         const char  *shown,
         guint        line,
         GError     **error)
{
  g_autofree char *case_id = angio_workspace_find_case (b->im->workspace, id);
  GHashTable *runs;
  GHashTableIter iter;
  gpointer key;

  if (series_id != NULL && *series_id != '\0')
    return series_id;
  if (case_id == NULL)
    return "";   /* skipped later: not in the workspace */
  runs = case_runs (b->im, case_id, error);
  if (runs == NULL)
    return NULL;
  if (g_hash_table_size (runs) != 1)
    {
      fail (error, shown, _("line %u: case %s has %u runs; say which in “series_id”"), line, id,
            g_hash_table_size (runs));
      return NULL;
    }
  g_hash_table_iter_init (&iter, runs);
  g_hash_table_iter_next (&iter, &key, NULL);
  return key;
}

/* key frames ("12;14", 0-based) or DICOM frame numbers (1-based) into @run. */
static gboolean
csv_key_frames (Built       *b,
                JsonObject  *run,
                const char  *text,
                gint64       base,
                const char  *shown,
                guint        line,
                GError     **error)
{
  g_auto(GStrv) frames = g_strsplit (text, ";", -1);
  JsonArray *keys = json_object_get_array_member (run, "key_frames");
  guint n = 0;

  for (guint i = 0; frames[i] != NULL; i++)
    {
      JsonObject *k;
      guint64 frame;

      g_strstrip (frames[i]);
      if (*frames[i] == '\0')
        continue;
      if (!g_ascii_string_to_unsigned (frames[i], 10, base, G_MAXINT32, &frame, NULL))
        return fail (error, shown, _("line %u: “%s” is not a frame"), line, frames[i]);
      k = json_object_new ();
      json_object_set_int_member (k, "frame", frame - base);
      json_object_set_string_member (k, "origin", "algorithm");
      json_object_set_string_member (k, "status", built_status (b));
      /* The first is the best. */
      json_object_set_double_member (k, "score", 1.0 / ++n);
      json_array_add_object_element (keys, k);
    }
  return TRUE;
}

/* What a column of a predictions CSV gives. */
typedef enum {
  ROLE_CASE,
  ROLE_SERIES,
  ROLE_KEY_FRAMES,
  ROLE_DICOM_FRAMES,
  ROLE_FFR,
  ROLE_MLD,
  ROLE_DS,
  N_ROLES
} Role;

/* The column names of each role; the FFR's depend on whose the predictions are: a model's is
 * its estimate, an annotator's the pressure wire's. */
static const char *const *
role_names (Role                   role,
            AngioPredictionOrigin  origin)
{
  static const char *const case_names[] = { "case_id", NULL };
  static const char *const series_names[] = { "series_id", NULL };
  static const char *const key_names[] = { "key_frames", "key_frame", NULL };
  static const char *const dicom_names[] = { "dicom_frame_numbers", "dicom_frame_number", NULL };
  static const char *const model_ffr[] = { "predicted_ffr", "ffr", "estimated_ffr", NULL };
  static const char *const wire_ffr[] = { "wire_ffr", "ffr", NULL };
  static const char *const mld_names[] = { "mld_mm", NULL };
  static const char *const ds_names[] = { "percent_ds", NULL };

  switch (role)
    {
    case ROLE_CASE: return case_names;
    case ROLE_SERIES: return series_names;
    case ROLE_KEY_FRAMES: return key_names;
    case ROLE_DICOM_FRAMES: return dicom_names;
    case ROLE_FFR: return origin == ANGIO_PREDICTION_MODEL ? model_ffr : wire_ffr;
    case ROLE_MLD: return mld_names;
    case ROLE_DS: return ds_names;
    case N_ROLES:
    default: g_assert_not_reached ();
    }
}

/* The columns of @header each role reads (−1: none); the names read and a warning for each
 * column not read go to the report. */
static gboolean
csv_columns (Built        *b,
             char        **header,
             int          *columns,
             const char   *shown,
             GError      **error)
{
  g_autoptr(GString) read = g_string_new (NULL);

  for (guint r = 0; r < N_ROLES; r++)
    columns[r] = -1;
  for (int i = 0; header[i] != NULL; i++)
    {
      const char *name = g_strstrip (header[i]);
      gboolean used = FALSE;

      if (*name == '\0')
        continue;
      for (guint r = 0; r < N_ROLES && !used; r++)
        if (g_strv_contains (role_names (r, b->im->origin), name))
          {
            if (columns[r] >= 0)
              return fail (error, shown, _("columns “%s” and “%s” say the same thing; keep one"),
                           header[columns[r]], name);
            columns[r] = i;
            used = TRUE;
            g_string_append_printf (read, "%s%s", read->len ? ", " : "", name);
          }
      if (used)
        continue;
      if (b->im->origin == ANGIO_PREDICTION_ANNOTATOR &&
          (strcmp (name, "estimated_ffr") == 0 || strcmp (name, "predicted_ffr") == 0))
        g_ptr_array_add (b->im->warnings, g_strdup_printf (
          _("%s: column “%s” not read: an annotator’s FFR is the pressure wire’s "
            "(“wire_ffr” or “ffr”)"), shown, name));
      else if (b->im->origin == ANGIO_PREDICTION_MODEL && strcmp (name, "wire_ffr") == 0)
        g_ptr_array_add (b->im->warnings, g_strdup_printf (
          _("%s: column “%s” not read: a model’s FFR is its estimate (“predicted_ffr”, “ffr” "
            "or “estimated_ffr”)"), shown, name));
      else
        g_ptr_array_add (b->im->warnings, g_strdup_printf (_("%s: column “%s” not read"),
                                                           shown, name));
    }
  if (columns[ROLE_CASE] < 0 ||
      (columns[ROLE_KEY_FRAMES] < 0 && columns[ROLE_DICOM_FRAMES] < 0 && columns[ROLE_FFR] < 0))
    return fail (error, shown, b->im->origin == ANGIO_PREDICTION_MODEL
                 ? _("the first line should name the columns: “case_id” and “key_frames”, "
                     "“dicom_frame_numbers” or “predicted_ffr”")
                 : _("the first line should name the columns: “case_id” and “key_frames”, "
                     "“dicom_frame_numbers” or “wire_ffr”"));
  /* Translators: a predictions CSV and the names of the columns read from it */
  g_ptr_array_add (b->im->columns, g_strdup_printf (_("%s: read the columns %s"), shown,
                                                    read->str));
  return TRUE;
}

static gboolean
read_csv (Built       *b,
          const char  *path,
          GError     **error)
{
  g_autofree char *shown = g_filename_display_name (path);
  g_autoptr(AngioCsv) csv = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int columns[N_ROLES];
  guint n_read = 0;

  csv = angio_csv_read_file (path, MAX_RESULTS_BYTES, error);
  if (csv == NULL)
    return FALSE;
  if (csv->rows->len == 0)
    return fail (error, shown, _("empty: no line naming the columns"));
  if (!csv_columns (b, csv->rows->pdata[0], columns, shown, error))
    return FALSE;
  for (guint i = 1; i < csv->rows->len; i++)
    {
      char **row = csv->rows->pdata[i];
      guint line = g_array_index (csv->lines, guint, i);
      const char *id, *series_id, *keys;
      JsonObject *run, *doc;
      double ffr, mld, ds;
      gboolean blank = TRUE;

      for (guint k = 0; row[k] != NULL; k++)
        blank = blank && *g_strstrip (row[k]) == '\0';
      if (blank)
        continue;
      id = cell (row, columns[ROLE_CASE]);
      if (id == NULL || *id == '\0')
        return fail (error, shown, _("line %u: no case id"), line);
      if (!g_hash_table_add (seen, g_strdup (id)))
        return fail (error, shown, _("line %u: a second row for case %s"), line, id);
      if (!csv_number (cell (row, columns[ROLE_FFR]), &ffr, shown, line, error) ||
          !csv_number (cell (row, columns[ROLE_MLD]), &mld, shown, line, error) ||
          !csv_number (cell (row, columns[ROLE_DS]), &ds, shown, line, error))
        return FALSE;
      series_id = csv_run (b, id, cell (row, columns[ROLE_SERIES]), shown, line, error);
      if (series_id == NULL)
        return FALSE;
      run = built_run (b, id, series_id);
      keys = cell (row, columns[ROLE_KEY_FRAMES]);
      if (keys != NULL && *keys != '\0')
        {
          if (!csv_key_frames (b, run, keys, 0, shown, line, error))
            return FALSE;
        }
      else if ((keys = cell (row, columns[ROLE_DICOM_FRAMES])) != NULL &&
               !csv_key_frames (b, run, keys, 1, shown, line, error))
        return FALSE;
      doc = g_hash_table_lookup (b->cases, id);
      if (isfinite (ffr))
        {
          gboolean model = b->im->origin == ANGIO_PREDICTION_MODEL;
          JsonObject *value = json_object_new ();

          /* Where a case.json has it: a model's estimate, an annotator's wire reading. */
          json_object_set_double_member (value, model ? "value" : "ffr", ffr);
          json_object_set_object_member (doc, model ? "ffr_estimate" : "pressure", value);
        }
      if (isfinite (mld) || isfinite (ds))
        {
          JsonObject *qca = json_object_new ();

          json_object_set_double_member (qca, "mld_mm", mld);
          json_object_set_double_member (qca, "percent_ds", ds);
          json_object_set_object_member (doc, "qca", qca);
        }
      n_read++;
    }
  if (n_read == 0)
    return fail (error, shown, _("no rows of predictions under the line naming the columns"));
  return TRUE;
}

/* A folder with COCO results and/or a CSV: their documents, one per case. */
static gboolean
import_results (Import        *im,
                const char    *folder,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GHashTable) images = g_hash_table_new_full (NULL, NULL, NULL,
                                                        (GDestroyNotify) image_ref_free);
  g_autoptr(GHashTable) cases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonArray) results = NULL;
  g_autoptr(GDir) dir = g_dir_open (folder, 0, error);
  g_autofree char *csv = NULL;
  Built b = { im, cases, order };
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_build_filename (folder, name, NULL));
  g_ptr_array_sort (names, angio_package_compare_paths);
  for (guint i = 0; i < names->len; i++)
    {
      const char *path = names->pdata[i];
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                     G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                                     NULL, NULL);
      g_autofree char *shown = g_filename_display_name (path);
      gboolean json = g_str_has_suffix (path, ".json"), is_csv = g_str_has_suffix (path, ".csv");

      if ((!json && !is_csv) || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      if (info != NULL && (guint64) g_file_info_get_size (info) > MAX_RESULTS_BYTES)
        return fail (error, shown, _("too large for a prediction set’s results"));
      if (is_csv && csv != NULL)
        return fail (error, shown, _("a second CSV of predictions"));
      if (is_csv)
        csv = g_strdup (path);
      else if (!read_coco (&b, path, images, &results, error))
        return FALSE;
    }
  if (results == NULL && csv == NULL)
    {
      g_autofree char *shown = g_filename_display_name (folder);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("%s: no case packages, COCO results or CSV of predictions"), shown);
      return FALSE;
    }
  for (guint i = 0; results != NULL && i < json_array_get_length (results); i++)
    {
      JsonObject *result = angio_json_object_at (results, i);
      g_autofree char *shown = g_filename_display_name (folder);

      if (result == NULL)
        return fail (error, shown, _("result %u is not an object"), i + 1);
      if (!add_result (&b, result, i, images, shown, error))
        return FALSE;
    }
  if (csv != NULL && !read_csv (&b, csv, error))
    return FALSE;
  for (guint i = 0; i < order->len; i++)
    {
      g_autoptr(JsonNode) doc = json_node_new (JSON_NODE_OBJECT);
      g_autofree char *shown = g_filename_display_name (folder);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      json_node_set_object (doc, g_hash_table_lookup (cases, order->pdata[i]));
      if (!take_document (doc, shown, im, error))
        return FALSE;
    }
  return TRUE;
}

/* Whether @path is a folder of results rather than packages. */
static gboolean
is_results_folder (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (strcmp (name, ANGIO_PACKAGE_MANIFEST) == 0 || strcmp (name, ANGIO_DATASET_INDEX) == 0)
      return FALSE;
  g_dir_rewind (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.' && (g_str_has_suffix (name, ".json") || g_str_has_suffix (name, ".csv")))
      return TRUE;
  return FALSE;
}

AngioPredictionReport *
angio_predictions_import (AngioWorkspace         *workspace,
                          const char             *path,
                          AngioPredictionOrigin   origin,
                          const char             *source,
                          GCancellable           *cancellable,
                          GError                **error)
{
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) runs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) g_hash_table_unref);
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *shown = NULL;
  Import im = { workspace, origin, source, path, pending, skipped, runs, columns, warnings };
  AngioPredictionReport *report;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  shown = g_filename_display_name (path);
  if (source == NULL || *source == '\0' || strlen (source) > 200 ||
      !g_utf8_validate (source, -1, NULL))
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("a prediction set needs the name of its model or annotator"));
      return NULL;
    }
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("%s: no such file or folder"),
                   shown);
      return NULL;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && is_results_folder (path))
    {
      if (!import_results (&im, path, cancellable, error))
        return NULL;
    }
  else if (!angio_package_each_prediction (path, problems, take_document, &im, cancellable,
                                           error))
    return NULL;
  if (problems->len > 0)
    {
      g_autofree char *lines = NULL;

      g_ptr_array_add (problems, NULL);
      lines = g_strjoinv ("\n", (char **) problems->pdata);
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("%s is not a valid prediction set:\n%s"), shown, lines);
      return NULL;
    }
  report = g_new0 (AngioPredictionReport, 1);
  report->cases = g_ptr_array_new_with_free_func (g_free);
  report->skipped = g_steal_pointer (&skipped);
  report->columns = g_steal_pointer (&columns);
  report->warnings = g_steal_pointer (&warnings);
  for (guint i = 0; i < pending->len; i++)
    {
      Pending *p = pending->pdata[i];
      AngioPredictionInfo info = { p->case_id, origin, (char *) source, p->version, NULL,
                                   p->from };

      if (!angio_workspace_put_prediction (workspace, &info, p->document, error))
        {
          angio_prediction_report_free (report);
          return NULL;
        }
      g_ptr_array_add (report->cases, g_strdup (p->case_id));
    }
  return report;
}
