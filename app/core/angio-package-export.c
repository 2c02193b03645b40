/* angio-package-export.c — a workspace's cases as a dataset of case packages.
 *
 * Everything is written under a temporary folder beside the destination and renamed at the
 * end. Per case: the runs de-identified (in the decoder process), the masks and previews of
 * the frames the labels are on (from the polygons, through angio-raster.c), case.json with the
 * pseudonym and the history, then the manifest hashing every file. Around them: the dataset's
 * index, labels.csv and the COCO annotations of the same polygons. */
#define G_LOG_DOMAIN "angio-package"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "angio-enum-types.h"
#include "angio-histogram.h"
#include "angio-json.h"
#include "angio-key-frame.h"
#include "angio-package-private.h"
#include "angio-package.h"
#include "angio-reads-private.h"
#include "angio-png.h"
#include "angio-raster.h"
#include "angio-series.h"

/* Preview colours: the analysed vessel segment and the stenosis (the viewer's orange). */
static const guint8 vessel_rgb[3] = { 70, 150, 255 };
static const guint8 lesion_rgb[3] = { 255, 140, 0 };

typedef struct {
  AngioWorkspace *workspace;
  const char *prefix;
  gboolean zip;
  gboolean reads;           /* each reader's read of final cases in case.json */
  GCancellable *cancellable;
  AngioExportProgressFunc progress;
  gpointer progress_data;
  guint index, n;           /* the case being exported, of how many */
  char *staging;
  char *secret;
  GString *csv;
  JsonArray *cases;
  JsonArray *images;
  JsonArray *annotations;
  int owner_fd;             /* the staging folder's owner lock */
} Export;

/* Readiness */

static AngioBurnedIn
worse_burned_in (AngioBurnedIn a,
                 AngioBurnedIn b)
{
  if (a == ANGIO_BURNED_IN_YES || b == ANGIO_BURNED_IN_YES)
    return ANGIO_BURNED_IN_YES;
  if (a == ANGIO_BURNED_IN_UNKNOWN || b == ANGIO_BURNED_IN_UNKNOWN)
    return ANGIO_BURNED_IN_UNKNOWN;
  return ANGIO_BURNED_IN_NO;
}

static AngioBurnedIn
burned_in_of (const AngioDicomMeta *meta)
{
  if (g_strcmp0 (meta->burned_in_annotation, "YES") == 0)
    return ANGIO_BURNED_IN_YES;
  if (g_strcmp0 (meta->burned_in_annotation, "NO") == 0)
    return ANGIO_BURNED_IN_NO;
  return ANGIO_BURNED_IN_UNKNOWN;
}

static gboolean
accepted (AngioStatus status)
{
  return status == ANGIO_STATUS_ACCEPTED;
}

AngioPackageReadiness *
angio_package_readiness (AngioWorkspace  *workspace,
                         const char      *case_id,
                         gboolean         read_dicom,
                         GError         **error)
{
  g_autoptr(AngioPackageReadiness) r = g_new0 (AngioPackageReadiness, 1);
  g_autoptr(AngioCase) kase = NULL;
  g_auto(AngioCaseDeid) deid = { 0 };
  GListModel *runs;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  kase = angio_workspace_load_case (workspace, case_id, error);
  if (kase == NULL || !angio_workspace_get_deid (workspace, case_id, NULL, &deid, error))
    return NULL;
  r->case_id = g_strdup (case_id);
  r->pseudonym = g_steal_pointer (&deid.pseudonym);
  r->status = angio_case_get_status (kase);
  r->wire_ffr = isfinite (angio_pressure_get_ffr (angio_case_get_pressure (kase)));
  r->burned_in = ANGIO_BURNED_IN_NO;
  runs = angio_case_get_series (kase);
  for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr(AngioCaseSeries) run = g_list_model_get_item (runs, i);
      GListModel *keys = angio_case_series_get_key_frames (run);
      GListModel *lesions = angio_case_series_get_lesions (run);
      AngioBurnedIn before = r->burned_in;
      guint n_redactions;

      angio_case_series_get_redactions (run, &n_redactions);

      for (guint k = 0; k < g_list_model_get_n_items (keys); k++)
        {
          g_autoptr(AngioKeyFrame) key = g_list_model_get_item (keys, k);

          r->key_frame |= accepted (angio_key_frame_get_status (key));
        }
      for (guint k = 0; k < g_list_model_get_n_items (lesions); k++)
        {
          g_autoptr(AngioLesion) lesion = g_list_model_get_item (lesions, k);
          g_autoptr(GArray) outline = angio_lesion_get_outline (lesion);

          r->outline |= accepted (angio_lesion_get_status (lesion)) && outline->len >= 3;
        }
      if (read_dicom)
        {
          g_autoptr(AngioSeries) probe = NULL;
          g_autoptr(GError) local = NULL;

          probe = angio_series_probe (angio_case_series_get_path (run), NULL, &local);
          if (probe == NULL)
            {
              r->burned_in = worse_burned_in (r->burned_in, ANGIO_BURNED_IN_UNKNOWN);
              if (r->problem == NULL)
                r->problem = g_strdup (local->message);
              continue;
            }
          r->burned_in = worse_burned_in (r->burned_in,
                                          burned_in_of (angio_series_get_meta (probe)));
        }
      else
        r->burned_in = ANGIO_BURNED_IN_UNKNOWN;
      if (n_redactions > 0)   /* cleaned: exported with Burned In Annotation NO */
        r->burned_in = worse_burned_in (before, ANGIO_BURNED_IN_NO);
    }
  return g_steal_pointer (&r);
}

void
angio_package_readiness_free (AngioPackageReadiness *readiness)
{
  if (readiness == NULL)
    return;
  g_free (readiness->case_id);
  g_free (readiness->pseudonym);
  g_free (readiness->problem);
  g_free (readiness);
}

/* Labels: masks, previews, COCO */

static gboolean
make_folder (const char  *path,
             GError     **error)
{
  return g_mkdir_with_parents (path, 0755) == 0 || angio_package_errno (error, path, errno);
}

/* The number of lesion "L<k>", else @index + 1. */
static guint
lesion_number (AngioLesion *lesion,
               guint        index)
{
  const char *id = angio_lesion_get_id (lesion);
  guint64 k;

  if (id != NULL && id[0] == 'L' && g_ascii_string_to_unsigned (id + 1, 10, 1, G_MAXUINT, &k,
                                                                 NULL))
    return (guint) k;
  return index + 1;
}

/* The frame in 8 bits through the file's window, else the viewer's automatic one. */
static guint8 *
window_frame (AngioSeries   *series,
              const guint16 *pixels)
{
  gsize n = (gsize) angio_series_get_rows (series) * angio_series_get_cols (series);
  guint8 *out = g_malloc (n);
  double center, width;

  if (!angio_series_get_default_window (series, &center, &width) &&
      !angio_histogram_window (pixels, n, 0.01, 0.99, &center, &width))
    {
      center = angio_series_get_max_value (series) / 2.0;
      width = MAX (angio_series_get_max_value (series), 1);
    }
  width = MAX (width, 1);
  for (gsize i = 0; i < n; i++)
    {
      double v = (pixels[i] - (center - width / 2)) / width * 255;

      out[i] = (guint8) CLAMP (lround (v), 0, 255);
    }
  return out;
}

static gboolean
on_edge (const guint8 *mask,
         guint         width,
         guint         height,
         guint         x,
         guint         y)
{
  gsize i = (gsize) y * width + x;

  return x == 0 || y == 0 || x + 1 == width || y + 1 == height || !mask[i - 1] ||
         !mask[i + 1] || !mask[i - width] || !mask[i + width];
}

static void
tint (guint8       *rgb,
      const guint8  colour[3],
      double        alpha)
{
  for (guint c = 0; c < 3; c++)
    rgb[c] = (guint8) lround (rgb[c] * (1 - alpha) + colour[c] * alpha);
}

/* The frame with the vessel segment tinted and the stenosis filled and outlined: exactly the
 * pixels of the masks. */
static guint8 *
render_preview (const guint8 *gray,
                const guint8 *vessel,
                const guint8 *lesions,
                guint         width,
                guint         height)
{
  guint8 *rgb = g_malloc ((gsize) width * height * 3);

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        gsize i = (gsize) y * width + x;
        guint8 *p = rgb + 3 * i;

        p[0] = p[1] = p[2] = gray[i];
        if (vessel[i])
          tint (p, vessel_rgb, on_edge (vessel, width, height, x, y) ? 0.8 : 0.15);
        if (lesions[i])
          tint (p, lesion_rgb, on_edge (lesions, width, height, x, y) ? 1.0 : 0.3);
      }
  return rgb;
}

static void
add_number (JsonObject *object,
            const char *name,
            JsonObject *from)
{
  JsonNode *value = json_object_get_member (from, name);

  json_object_set_member (object, name,
                          value ? json_node_copy (value) : json_node_new (JSON_NODE_NULL));
}

/* A COCO annotation of the stenosis @mask of @lesion (its JSON @json) on image @image_id.
 * COCO puts (0, 0) at the top-left corner of the top-left pixel: half a pixel from ours. */
static void
add_annotation (Export       *e,
                guint         image_id,
                GArray       *outline,
                const guint8 *mask,
                guint         width,
                guint         height,
                guint         area,
                JsonObject   *json)
{
  JsonObject *a = json_object_new ();
  JsonArray *polygon = json_array_new ();
  JsonArray *segmentation = json_array_new ();
  JsonArray *bbox = json_array_new ();
  guint x0 = width, y0 = height, x1 = 0, y1 = 0;

  for (guint i = 0; i < outline->len; i++)
    {
      AngioPoint p = g_array_index (outline, AngioPoint, i);

      json_array_add_double_element (polygon, angio_json_round (p.x + 0.5, 2));
      json_array_add_double_element (polygon, angio_json_round (p.y + 0.5, 2));
    }
  json_array_add_array_element (segmentation, polygon);
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      if (mask[(gsize) y * width + x])
        {
          x0 = MIN (x0, x);
          y0 = MIN (y0, y);
          x1 = MAX (x1, x);
          y1 = MAX (y1, y);
        }
  if (area > 0)
    {
      json_array_add_int_element (bbox, x0);
      json_array_add_int_element (bbox, y0);
      json_array_add_int_element (bbox, x1 - x0 + 1);
      json_array_add_int_element (bbox, y1 - y0 + 1);
    }
  json_object_set_int_member (a, "id", json_array_get_length (e->annotations) + 1);
  json_object_set_int_member (a, "image_id", image_id);
  json_object_set_int_member (a, "category_id", 1);
  json_object_set_array_member (a, "segmentation", segmentation);
  json_object_set_int_member (a, "area", area);
  json_object_set_array_member (a, "bbox", bbox);
  json_object_set_int_member (a, "iscrowd", 0);
  json_object_set_string_member (a, "lesion_id", json_object_get_string_member (json, "id"));
  add_number (a, "mld_mm", json);
  add_number (a, "ref_mm", json);
  add_number (a, "percent_ds", json);
  add_number (a, "length_mm", json);
  json_array_add_object_element (e->annotations, a);
}

static guint
add_image (Export     *e,
           const char *file_name,
           guint       width,
           guint       height,
           const char *pseudonym,
           const char *series_id,
           guint       frame,
           gboolean    key_frame)
{
  JsonObject *image = json_object_new ();
  guint id = json_array_get_length (e->images) + 1;

  json_object_set_int_member (image, "id", id);
  json_object_set_string_member (image, "file_name", file_name);
  json_object_set_int_member (image, "width", width);
  json_object_set_int_member (image, "height", height);
  json_object_set_string_member (image, "case_id", pseudonym);
  json_object_set_string_member (image, "series_id", series_id);
  json_object_set_int_member (image, "frame", frame);
  json_object_set_int_member (image, "dicom_frame_number", frame + 1);
  json_object_set_boolean_member (image, "key_frame", key_frame);
  json_array_add_object_element (e->images, image);
  return id;
}

static gint
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* The frames labelled in @run: its accepted key frames and the frames of its accepted lesions,
 * ascending, once each; @keys marks which are key frames. */
static GArray *
labelled_frames (AngioCaseSeries *run,
                 GHashTable      *keys)
{
  GListModel *key_frames = angio_case_series_get_key_frames (run);
  GListModel *lesions = angio_case_series_get_lesions (run);
  GArray *frames = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTable *seen = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (key_frames); i++)
    {
      g_autoptr(AngioKeyFrame) k = g_list_model_get_item (key_frames, i);
      guint frame = angio_key_frame_get_frame (k);

      if (!accepted (angio_key_frame_get_status (k)))
        continue;
      g_hash_table_add (keys, GUINT_TO_POINTER (frame + 1));
      if (g_hash_table_add (seen, GUINT_TO_POINTER (frame + 1)))
        g_array_append_val (frames, frame);
    }
  for (guint i = 0; i < g_list_model_get_n_items (lesions); i++)
    {
      g_autoptr(AngioLesion) l = g_list_model_get_item (lesions, i);
      guint frame = angio_lesion_get_frame (l);

      if (accepted (angio_lesion_get_status (l)) &&
          g_hash_table_add (seen, GUINT_TO_POINTER (frame + 1)))
        g_array_append_val (frames, frame);
    }
  g_hash_table_unref (seen);
  g_array_sort (frames, compare_uint);
  return frames;
}

/* The masks, preview and COCO image of @frame of @run. */
static gboolean
write_frame (Export           *e,
             const char       *package,
             const char       *pseudonym,
             AngioCaseSeries  *run,
             JsonArray        *lesions_json,
             AngioSeries      *series,
             guint             frame,
             gboolean          key_frame,
             GError          **error)
{
  const char *sid = angio_case_series_get_id (run);
  GListModel *lesions = angio_case_series_get_lesions (run);
  guint width = angio_series_get_cols (series), height = angio_series_get_rows (series);
  gsize n = (gsize) width * height;
  const guint16 *pixels = angio_series_get_frame (series, frame);
  g_autofree guint8 *gray = NULL;
  g_autofree guint8 *vessel = g_malloc0 (n);
  g_autofree guint8 *union_mask = g_malloc0 (n);
  g_autofree guint8 *mask = g_malloc (n);
  g_autofree guint8 *rgb = NULL;
  g_autofree char *image_name = NULL;
  g_autofree char *path = NULL;
  gboolean any = FALSE;
  guint image_id;

  if (pixels == NULL)
    {
      g_autofree char *name = g_filename_display_name (angio_series_get_path (series));

      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_FAILED,
                   _("%s: frame %u cannot be decoded"), name, frame + 1);
      return FALSE;
    }
  gray = window_frame (series, pixels);
  image_name = g_strdup_printf ("images/%s_%s_f%u.png", pseudonym, sid, frame);
  path = g_build_filename (e->staging, "coco", image_name, NULL);
  if (!angio_png_write_gray8 (path, gray, width, height, error))
    return FALSE;
  image_id = add_image (e, image_name, width, height, pseudonym, sid, frame, key_frame);

  for (guint i = 0; i < g_list_model_get_n_items (lesions); i++)
    {
      g_autoptr(AngioLesion) l = g_list_model_get_item (lesions, i);
      g_autoptr(GArray) outline = NULL;
      const AngioVesselContour *c;
      g_autofree AngioPoint *ring = NULL;
      g_autofree char *file = NULL;
      guint area;

      if (angio_lesion_get_frame (l) != frame || !accepted (angio_lesion_get_status (l)))
        continue;
      outline = angio_lesion_get_outline (l);
      memset (mask, 0, n);
      area = angio_raster_polygon (mask, width, height, (AngioPoint *) outline->data,
                                   outline->len, 255);
      file = g_strdup_printf ("%s/labels/%s/f%u_lesion%u.png", package, sid, frame,
                              lesion_number (l, i));
      if (!angio_png_write_gray8 (file, mask, width, height, error))
        return FALSE;
      for (gsize p = 0; p < n; p++)
        union_mask[p] |= mask[p];
      add_annotation (e, image_id, outline, mask, width, height, area,
                      json_array_get_object_element (lesions_json, i));

      c = angio_lesion_get_measurement (l)->contour;
      ring = g_new (AngioPoint, 2 * c->n);
      for (guint k = 0; k < c->n; k++)
        {
          ring[k] = c->left[k];
          ring[2 * c->n - 1 - k] = c->right[k];
        }
      angio_raster_polygon (vessel, width, height, ring, 2 * c->n, 255);
      any = TRUE;
    }
  if (any)
    {
      g_autofree char *file = g_strdup_printf ("%s/labels/%s/f%u_vessel.png", package, sid,
                                               frame);

      if (!angio_png_write_gray8 (file, vessel, width, height, error))
        return FALSE;
    }
  rgb = render_preview (gray, vessel, union_mask, width, height);
  g_free (path);
  path = g_strdup_printf ("%s/previews/%s_f%u.png", package, sid, frame);
  return angio_png_write_rgb8 (path, rgb, width, height, error);
}

/* The de-identified run @dicom and its labelled frames. */
static gboolean
write_labels (Export           *e,
              const char       *package,
              const char       *pseudonym,
              AngioCaseSeries  *run,
              JsonArray        *lesions_json,
              const char       *dicom,
              GError          **error)
{
  g_autoptr(GHashTable) keys = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) frames = labelled_frames (run, keys);
  g_autoptr(AngioSeries) series = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *previews = NULL;

  if (frames->len == 0)
    return TRUE;
  series = angio_series_load (dicom, e->cancellable, error);
  if (series == NULL)
    return FALSE;
  if (angio_series_get_load_error (series) != NULL)
    {
      g_propagate_error (error, g_error_copy (angio_series_get_load_error (series)));
      return FALSE;
    }
  if (angio_series_get_n_frames (series) != angio_case_series_get_n_frames (run))
    {
      g_autofree char *name = g_filename_display_name (angio_case_series_get_path (run));

      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_FAILED,
                   _("%s: the file has changed since it was annotated"), name);
      return FALSE;
    }
  labels = g_strdup_printf ("%s/labels/%s", package, angio_case_series_get_id (run));
  previews = g_build_filename (package, "previews", NULL);
  if (!make_folder (labels, error) || !make_folder (previews, error))
    return FALSE;
  for (guint i = 0; i < frames->len; i++)
    {
      guint frame = g_array_index (frames, guint, i);

      if (g_cancellable_set_error_if_cancelled (e->cancellable, error) ||
          !write_frame (e, package, pseudonym, run, lesions_json, series, frame,
                        g_hash_table_contains (keys, GUINT_TO_POINTER (frame + 1)), error))
        return FALSE;
    }
  return TRUE;
}

/* case.json */

/* Replaces @needle in @text where it stands as a whole name (not inside a longer word). */
static char *
replace_name (const char *text,
              const char *needle,
              const char *replacement)
{
  GString *out = g_string_new (NULL);
  gsize n = strlen (needle);
  const char *p = text, *hit;

  if (n == 0)
    return g_string_free (g_string_append (out, text), FALSE);
  while ((hit = strstr (p, needle)) != NULL)
    {
      /* A name ends at a space, quote, bracket or punctuation (non-ASCII quotes included). */
      gboolean start = hit == text || strchr (" \"'(/:", hit[-1]) != NULL ||
                       (guchar) hit[-1] >= 0x80;
      char after = hit[n];
      gboolean end = after == '\0' || strchr (" \"'),;:", after) != NULL ||
                     (after == '.' && !g_ascii_isalnum (hit[n + 1])) || (guchar) after >= 0x80;

      g_string_append_len (out, p, hit - p);
      g_string_append (out, start && end ? replacement : needle);
      p = hit + n;
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

/* The revisions as case.json's history; file names of the runs (which may name the patient)
 * replaced by their names in the package. */
static JsonNode *
history_json (GPtrArray *revisions,
              GPtrArray *names)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < revisions->len; i++)
    {
      AngioRevision *r = g_ptr_array_index (revisions, i);
      g_autofree char *action = g_strdup (r->action);

      for (guint k = 0; k + 1 < names->len; k += 2)
        {
          char *replaced = replace_name (action, names->pdata[k], names->pdata[k + 1]);

          g_free (action);
          action = replaced;
        }
      json_builder_begin_object (b);
      angio_json_member_string (b, "time", r->time);
      angio_json_member_string (b, "who", r->who);
      angio_json_member_string (b, "action", action);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

/* labels.csv */

static void
csv_number (GString    *csv,
            JsonObject *object,
            const char *name,
            int         decimals)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  g_string_append_c (csv, ',');
  if (node != NULL && json_node_get_value_type (node) != G_TYPE_INVALID &&
      !JSON_NODE_HOLDS_NULL (node))
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];
      char format[8];

      g_snprintf (format, sizeof format, "%%.%df", decimals);
      g_string_append (csv, g_ascii_formatd (buffer, sizeof buffer, format,
                                             json_node_get_double (node)));
    }
}

/* The QC columns: the reads of a final case, and per task whether it was adjudicated (empty
 * for a case read once, outside a reading protocol, or not final). */
static void
csv_quality (GString    *csv,
             JsonObject *qc)
{
  JsonObject *record = qc && g_strcmp0 (angio_json_get_string (qc, "state"), "final") == 0
                       ? angio_json_get_object (qc, "record") : NULL;
  JsonObject *tasks = record ? angio_json_get_object (record, "tasks") : NULL;
  JsonArray *reads = record ? angio_json_get_array (record, "reads") : NULL;
  const char *names[] = { "key-frame", "outline", "wire" };

  if (record == NULL || tasks == NULL || reads == NULL)
    {
      g_string_append (csv, ",,,,");
      return;
    }
  g_string_append_printf (csv, ",%u", json_array_get_length (reads));
  for (guint t = 0; t < G_N_ELEMENTS (names); t++)
    {
      JsonObject *task = angio_json_get_object (tasks, names[t]);

      g_string_append (csv, task && angio_json_get_object (task, "decision") ? ",1" : ",0");
    }
}

/* One row: the case's key frames and most severe accepted lesion (of the run holding it, else
 * of the first run with accepted key frames) and its pressure record. */
static void
csv_row (Export     *e,
         JsonObject *doc)
{
  JsonArray *series = json_object_get_array_member (doc, "series");
  JsonObject *best_run = NULL, *best = NULL, *pressure, *estimate;
  GString *keys = g_string_new (NULL), *dicom = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (series); i++)
    {
      JsonObject *run = json_array_get_object_element (series, i);
      JsonArray *lesions = angio_json_get_array (run, "lesions");

      for (guint k = 0; lesions && k < json_array_get_length (lesions); k++)
        {
          JsonObject *l = json_array_get_object_element (lesions, k);

          if (g_strcmp0 (angio_json_get_string (l, "status"), "accepted") == 0 &&
              (best == NULL || angio_json_get_number (l, "percent_ds") >
                               angio_json_get_number (best, "percent_ds")))
            {
              best = l;
              best_run = run;
            }
        }
    }
  for (guint i = 0; best_run == NULL && i < json_array_get_length (series); i++)
    {
      JsonObject *run = json_array_get_object_element (series, i);
      JsonArray *kf = angio_json_get_array (run, "key_frames");

      for (guint k = 0; kf && k < json_array_get_length (kf); k++)
        if (g_strcmp0 (angio_json_get_string (json_array_get_object_element (kf, k), "status"),
                       "accepted") == 0)
          best_run = run;
    }
  if (best_run != NULL)
    {
      JsonArray *kf = angio_json_get_array (best_run, "key_frames");

      for (guint k = 0; kf && k < json_array_get_length (kf); k++)
        {
          JsonObject *key = json_array_get_object_element (kf, k);

          if (g_strcmp0 (angio_json_get_string (key, "status"), "accepted") != 0)
            continue;
          g_string_append_printf (keys, "%s%" G_GINT64_FORMAT, keys->len ? ";" : "",
                                  angio_json_get_int (key, "frame", 0));
          g_string_append_printf (dicom, "%s%" G_GINT64_FORMAT, dicom->len ? ";" : "",
                                  angio_json_get_int (key, "frame", 0) + 1);
        }
    }
  pressure = angio_json_get_object (doc, "pressure");
  estimate = angio_json_get_object (doc, "ffr_estimate");
  g_string_append_printf (e->csv, "%s,%s,%s,%s,%s", json_object_get_string_member (doc, "case_id"),
                          best_run ? angio_json_get_string (best_run, "id") : "", keys->str,
                          dicom->str, best ? angio_json_get_string (best, "id") : "");
  g_string_append_c (e->csv, ',');
  if (best != NULL)
    g_string_append_printf (e->csv, "%" G_GINT64_FORMAT, angio_json_get_int (best, "frame", 0));
  csv_number (e->csv, best, "mld_mm", 3);
  csv_number (e->csv, best, "ref_mm", 3);
  csv_number (e->csv, best, "percent_ds", 1);
  csv_number (e->csv, best, "length_mm", 2);
  csv_number (e->csv, pressure, "ffr", 2);
  csv_number (e->csv, pressure, "resting_pd_pa", 2);
  csv_number (e->csv, estimate, "value", 2);
  csv_quality (e->csv, angio_json_get_object (doc, "qc"));
  g_string_append_printf (e->csv, ",%s\n", json_object_get_string_member (doc, "status"));
  g_string_free (keys, TRUE);
  g_string_free (dicom, TRUE);
}

#define CSV_HEADER "case_id,series_id,key_frames,dicom_frame_numbers,lesion_id,lesion_frame," \
                   "mld_mm,ref_mm,percent_ds,length_mm,wire_ffr,resting_pd_pa,estimated_ffr," \
                   "n_reads,key_frame_adjudicated,outline_adjudicated,wire_adjudicated," \
                   "status\n"

/* Quality control */

/* The labels of a read (or of a document corrected by an adjudicator) and nothing else: per
 * run its id, key frames and lesions; the pressure wire. A read is a whole case.json as its
 * reader's workspace held it — with the paths and UIDs of the runs, which never leave. */
static JsonNode *
labels_only (JsonNode *document)
{
  JsonObject *from = json_node_get_object (document);
  JsonArray *runs = angio_json_get_array (from, "series");
  JsonObject *to = json_object_new ();
  JsonArray *series = json_array_new ();
  JsonNode *pressure = json_object_get_member (from, "pressure");
  JsonNode *node;

  for (guint i = 0; runs != NULL && i < json_array_get_length (runs); i++)
    {
      JsonObject *run = angio_json_object_at (runs, i);
      JsonObject *out = json_object_new ();
      const char *members[] = { "key_frames", "lesions" };

      if (run == NULL)
        {
          json_object_unref (out);
          continue;
        }
      json_object_set_string_member (out, "id", angio_json_get_string (run, "id"));
      for (guint m = 0; m < G_N_ELEMENTS (members); m++)
        {
          JsonNode *items = json_object_get_member (run, members[m]);

          if (items != NULL)
            json_object_set_member (out, members[m], json_node_copy (items));
          else
            json_object_set_array_member (out, members[m], json_array_new ());
        }
      json_array_add_object_element (series, out);
    }
  json_object_set_array_member (to, "series", series);
  if (pressure != NULL)
    json_object_set_member (to, "pressure", json_node_copy (pressure));
  node = json_node_alloc ();
  json_node_init_object (node, to);
  json_object_unref (to);
  return node;
}

/* case.json's "qc" of @case_id, or NULL for a case outside a reading protocol (never
 * assigned): its state and, once final, its record — the reads compared, per task agreed or
 * adjudicated, by whom and why — with each reader's read when @e asks for them. A case not
 * final shows no read and no comparison: its reading is still blinded. */
static gboolean
quality_json (Export      *e,
              const char  *case_id,
              JsonNode   **qc,
              GError     **error)
{
  g_autoptr(GPtrArray) reads = angio_workspace_list_reads (e->workspace, case_id, NULL, error);
  g_autoptr(JsonNode) record = NULL;
  AngioQcState state;
  JsonObject *o;

  *qc = NULL;
  if (reads == NULL ||
      !angio_workspace_get_quality (e->workspace, case_id, &state, &record, error))
    return FALSE;
  if (reads->len == 0)
    return TRUE;
  o = json_object_new ();
  json_object_set_string_member (o, "state", angio_enum_nick (ANGIO_TYPE_QC_STATE, state));
  if (state == ANGIO_QC_FINAL && record != NULL)
    {
      JsonObject *tasks = angio_json_get_object (json_node_get_object (record), "tasks");
      g_autoptr(GList) names = tasks ? json_object_get_members (tasks) : NULL;

      /* A correction is kept as its labels only. */
      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonObject *decision = angio_json_get_object (json_object_get_object_member (tasks,
                                                                                       l->data),
                                                        "decision");
          JsonNode *corrected = decision ? json_object_get_member (decision, "corrected") : NULL;

          if (corrected != NULL && JSON_NODE_HOLDS_OBJECT (corrected))
            json_object_set_member (decision, "corrected", labels_only (corrected));
        }
      json_object_set_member (o, "record", json_node_copy (record));
      if (e->reads)
        {
          JsonArray *array = json_array_new ();

          json_object_set_array_member (o, "reads", array);
          for (guint i = 0; i < reads->len; i++)
            {
              AngioReadInfo *r = reads->pdata[i];
              g_autoptr(JsonNode) doc = _angio_workspace_load_read_unblinded (e->workspace,
                                                                             case_id,
                                                                             r->reader_id, error);
              JsonNode *labels;

              if (doc == NULL)
                {
                  json_object_unref (o);
                  return FALSE;
                }
              labels = labels_only (doc);
              json_object_set_string_member (json_node_get_object (labels), "reader",
                                             r->reader_id);
              json_object_set_string_member (json_node_get_object (labels), "submitted",
                                             r->submitted);
              json_array_add_element (array, labels);
            }
        }
    }
  *qc = json_node_alloc ();
  json_node_init_object (*qc, o);
  json_object_unref (o);
  return TRUE;
}

/* One case */

static gboolean
export_case (Export      *e,
             const char  *case_id,
             GError     **error)
{
  g_autoptr(AngioCase) kase = NULL;
  g_auto(AngioCaseDeid) deid = { 0 };
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) doc = NULL;
  g_autoptr(JsonNode) manifest = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  g_autofree char *package = NULL;
  g_autofree char *series_folder = NULL;
  g_autofree char *case_path = NULL;
  g_autofree char *manifest_path = NULL;
  g_autofree char *manifest_sha = NULL;
  JsonObject *root, *entry;
  JsonArray *series_json;
  GListModel *runs;
  guint64 bytes;

  kase = angio_workspace_load_case (e->workspace, case_id, error);
  if (kase == NULL ||
      !angio_workspace_get_deid (e->workspace, case_id, e->prefix ? e->prefix
                                                                  : ANGIO_PACKAGE_PREFIX,
                                 &deid, error) ||
      !(revisions = angio_workspace_history (e->workspace, case_id, error)))
    return FALSE;
  /* Names of files to be: never a path out of the dataset, whatever the workspace holds. */
  if (!angio_id_is_safe (deid.pseudonym))
    {
      g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                   _("case %s: its pseudonym is not a safe file name"), case_id);
      return FALSE;
    }
  runs = angio_case_get_series (kase);
  for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr(AngioCaseSeries) run = g_list_model_get_item (runs, i);

      if (!angio_id_is_safe (angio_case_series_get_id (run)))
        {
          g_set_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                       _("case %s: a run id is not a safe file name"), case_id);
          return FALSE;
        }
    }
  package = g_build_filename (e->staging, deid.pseudonym, NULL);
  series_folder = g_build_filename (package, "series", NULL);
  if (!make_folder (series_folder, error))
    return FALSE;

  doc = angio_case_to_json (kase);
  root = json_node_get_object (doc);
  json_object_set_string_member (root, "case_id", deid.pseudonym);
  series_json = json_object_get_array_member (root, "series");
  runs = angio_case_get_series (kase);
  for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr(AngioCaseSeries) run = g_list_model_get_item (runs, i);
      JsonObject *object = json_array_get_object_element (series_json, i);
      const char *source = angio_case_series_get_path (run);
      const char *uid = angio_case_series_get_series_uid (run);
      g_autofree char *relative = g_strdup_printf ("series/%s.dcm",
                                                   angio_case_series_get_id (run));
      g_autofree char *target = g_build_filename (package, relative, NULL);

      if (g_cancellable_set_error_if_cancelled (e->cancellable, error))
        return FALSE;
      /* Runs from a package are de-identified again: nothing is taken on trust. */
      {
        AngioDeidParams params = { deid.pseudonym, deid.date_shift_days, e->secret, NULL, 0 };

        params.redactions = angio_case_series_get_redactions (run, &params.n_redactions);

        if (!angio_deidentify_file (source, target, &params, NULL, error))
          return FALSE;
        if (uid != NULL)
          {
            g_autofree char *remapped = angio_dicom_remap_uid (e->secret, uid);

            json_object_set_string_member (object, "series_uid", remapped);
          }
      }
      if (!deid.deidentified)
        {
          g_ptr_array_add (names, g_strdup (source));
          g_ptr_array_add (names, g_strdup (relative));
          g_ptr_array_add (names, g_path_get_basename (source));
          g_ptr_array_add (names, g_strdup (relative));
        }
      json_object_set_string_member (object, "file", relative);
      if (!write_labels (e, package, deid.pseudonym, run,
                         angio_json_get_array (object, "lesions"), target, error))
        return FALSE;
      if (e->progress != NULL)
        e->progress ((e->index + (i + 1.0) / (g_list_model_get_n_items (runs) + 1)) / e->n,
                     case_id, e->progress_data);
    }
  /* Imported cases carry the history of their package as it was. */
  if (deid.deidentified)
    g_ptr_array_set_size (names, 0);
  json_object_set_member (root, "history", history_json (revisions, names));
  {
    JsonNode *qc = NULL;

    if (!quality_json (e, case_id, &qc, error))
      return FALSE;
    /* A case imported from a package keeps its package's record, as it came. */
    if (qc == NULL)
      {
        g_autoptr(JsonNode) stored = angio_workspace_load_document (e->workspace, case_id,
                                                                    error);
        JsonNode *member;

        if (stored == NULL)
          return FALSE;
        member = json_object_get_member (json_node_get_object (stored), "qc");
        if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
          qc = json_node_copy (member);
      }
    if (qc != NULL)
      json_object_set_member (root, "qc", qc);
  }
  case_path = g_build_filename (package, ANGIO_PACKAGE_CASE, NULL);
  if (!angio_json_to_file (doc, case_path, error))
    return FALSE;

  paths = angio_package_walk (package, error);
  manifest = paths ? angio_package_hash_list (package, paths, NULL, e->cancellable, error)
                   : NULL;
  if (manifest == NULL)
    return FALSE;
  manifest = angio_package_index (ANGIO_PACKAGE_FORMAT, NULL, g_steal_pointer (&manifest));
  manifest_path = g_build_filename (package, ANGIO_PACKAGE_MANIFEST, NULL);
  if (!angio_json_to_file (manifest, manifest_path, error) ||
      !angio_package_hash_file (manifest_path, &bytes, &manifest_sha, NULL, error))
    return FALSE;

  entry = json_object_new ();
  json_object_set_string_member (entry, "case_id", deid.pseudonym);
  if (e->zip)
    {
      g_autofree char *zip_name = g_strconcat (deid.pseudonym, ".zip", NULL);
      g_autofree char *zip_path = g_build_filename (e->staging, zip_name, NULL);
      g_autofree char *zip_sha = NULL;

      if (!angio_package_zip (package, deid.pseudonym, zip_path, e->cancellable, error) ||
          !angio_package_hash_file (zip_path, &bytes, &zip_sha, NULL, error))
        {
          json_object_unref (entry);
          return FALSE;
        }
      angio_package_remove_tree (package);
      json_object_set_string_member (entry, "package", zip_name);
      json_object_set_string_member (entry, "sha256", zip_sha);
    }
  else
    {
      json_object_set_string_member (entry, "package", deid.pseudonym);
      json_object_set_string_member (entry, "manifest_sha256", manifest_sha);
    }
  json_array_add_object_element (e->cases, entry);
  csv_row (e, root);
  return TRUE;
}

/* The dataset */

static JsonNode *
coco_json (Export *e)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  JsonObject *coco = json_object_new ();
  JsonObject *info = json_object_new ();
  JsonObject *category = json_object_new ();
  JsonArray *categories = json_array_new ();
  JsonNode *root = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (info, "description", "Angiomark dataset: stenosis outlines");
  json_object_set_string_member (info, "version", "1");
  json_object_set_string_member (info, "date_created", created);
  json_object_set_string_member (info, "coordinates",
                                 "pixel corners: (0,0) is the top-left corner of the image");
  json_object_set_int_member (category, "id", 1);
  json_object_set_string_member (category, "name", "stenosis");
  json_object_set_string_member (category, "supercategory", "lesion");
  json_array_add_object_element (categories, category);
  json_object_set_object_member (coco, "info", info);
  json_object_set_array_member (coco, "licenses", json_array_new ());
  json_object_set_array_member (coco, "categories", categories);
  json_object_set_array_member (coco, "images", json_array_ref (e->images));
  json_object_set_array_member (coco, "annotations", json_array_ref (e->annotations));
  json_node_take_object (root, coco);
  return root;
}

static gboolean
write_dataset_files (Export  *e,
                     GError **error)
{
  g_autofree char *csv_path = g_build_filename (e->staging, "labels.csv", NULL);
  g_autofree char *coco_path = g_build_filename (e->staging, "coco", "annotations.json", NULL);
  g_autofree char *index_path = g_build_filename (e->staging, ANGIO_DATASET_INDEX, NULL);
  g_autoptr(JsonNode) coco = coco_json (e);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) images = NULL;
  g_autofree char *images_folder = g_build_filename (e->staging, "coco", NULL);
  g_autoptr(JsonNode) files = NULL;
  g_autoptr(JsonNode) index = NULL;
  JsonObject *extra;

  if (!g_file_set_contents (csv_path, e->csv->str, e->csv->len, error) ||
      !angio_json_to_file (coco, coco_path, error))
    return FALSE;
  g_ptr_array_add (paths, g_strdup ("labels.csv"));
  images = angio_package_walk (images_folder, error);
  if (images == NULL)
    return FALSE;
  for (guint i = 0; i < images->len; i++)
    g_ptr_array_add (paths, g_strconcat ("coco/", (char *) images->pdata[i], NULL));
  files = angio_package_hash_list (e->staging, paths, NULL, e->cancellable, error);
  if (files == NULL)
    return FALSE;
  extra = json_object_new ();
  json_object_set_array_member (extra, "cases", json_array_ref (e->cases));
  index = angio_package_index (ANGIO_DATASET_FORMAT, extra, g_steal_pointer (&files));
  return angio_json_to_file (index, index_path, error);
}

/* @folder, which must not exist or be empty, its parent made if needed; the staging folder
 * beside it. */
static char *
make_staging (const char  *folder,
              GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (folder);
  g_autofree char *base = g_path_get_basename (folder);
  g_autofree char *template = NULL;
  g_autoptr(GDir) dir = NULL;

  if (g_file_test (folder, G_FILE_TEST_EXISTS))
    {
      g_autofree char *name = g_filename_display_name (folder);

      dir = g_dir_open (folder, 0, NULL);
      if (dir == NULL || g_dir_read_name (dir) != NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("%s: not an empty folder; export into a new one"), name);
          return NULL;
        }
    }
  if (g_mkdir_with_parents (parent, 0755) != 0)
    return angio_package_errno (error, parent, errno), NULL;
  /* What killed exports left here. */
  angio_package_sweep (parent, ".", ".partial-");
  template = g_strdup_printf ("%s/.%s.partial-XXXXXX", parent, base);
  if (g_mkdtemp_full (template, 0755) == NULL)
    return angio_package_errno (error, parent, errno), NULL;
  return g_steal_pointer (&template);
}

gboolean
angio_package_export (AngioWorkspace            *workspace,
                      const char *const         *case_ids,
                      const char                *folder,
                      const AngioExportOptions  *options,
                      AngioExportProgressFunc    progress,
                      gpointer                   user_data,
                      GCancellable              *cancellable,
                      GError                   **error)
{
  Export e = { .owner_fd = -1 };
  g_autofree char *coco_images = NULL;
  g_autofree char *parent = NULL;
  guint n = case_ids ? g_strv_length ((char **) case_ids) : 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (ANGIO_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (folder != NULL, FALSE);

  if (n == 0)
    {
      g_set_error_literal (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT,
                           _("no case to export"));
      return FALSE;
    }
  e.workspace = workspace;
  e.prefix = options && options->prefix && *options->prefix ? options->prefix : NULL;
  e.progress = progress;
  e.progress_data = user_data;
  e.n = n;
  e.zip = options && options->zip;
  e.reads = options && options->reads;
  e.cancellable = cancellable;
  if (!(e.secret = angio_workspace_get_uid_secret (workspace, error)) ||
      !(e.staging = make_staging (folder, error)))
    goto out;
  e.owner_fd = angio_package_claim (e.staging);
  e.csv = g_string_new (CSV_HEADER);
  e.cases = json_array_new ();
  e.images = json_array_new ();
  e.annotations = json_array_new ();
  coco_images = g_build_filename (e.staging, "coco", "images", NULL);
  if (!make_folder (coco_images, error))
    goto out;
  for (guint i = 0; i < n; i++)
    {
      e.index = i;
      if (progress != NULL)
        progress ((double) i / n, case_ids[i], user_data);
      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !export_case (&e, case_ids[i], error))
        goto out;
    }
  if (!write_dataset_files (&e, error))
    goto out;
  if (g_file_test (folder, G_FILE_TEST_IS_DIR))
    g_rmdir (folder);
  angio_package_release (e.staging, e.owner_fd);
  e.owner_fd = -1;
  if (g_rename (e.staging, folder) != 0)
    {
      angio_package_errno (error, folder, errno);
      goto out;
    }
  if (progress != NULL)
    progress (1.0, NULL, user_data);
  ok = TRUE;

out:
  if (!ok && e.staging != NULL)
    angio_package_remove_tree (e.staging);
  if (e.owner_fd >= 0)
    close (e.owner_fd);
  /* A full disk is said as such, naming where (not a file of the clinician's). */
  if (!ok && error != NULL && angio_package_is_no_space (*error))
    {
      parent = g_path_get_dirname (folder);
      g_clear_error (error);
      angio_package_no_space (error, parent);
    }
  g_free (e.staging);
  g_free (e.secret);
  if (e.csv != NULL)
    g_string_free (e.csv, TRUE);
  g_clear_pointer (&e.cases, json_array_unref);
  g_clear_pointer (&e.images, json_array_unref);
  g_clear_pointer (&e.annotations, json_array_unref);
  return ok;
}
