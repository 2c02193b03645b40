/* angio-test-real.c — ARCADE for the tests and benchmarks (see angio-test-real.h). */
#include "config.h"

#include <math.h>

#include <json-glib/json-glib.h>

#include "angio-json.h"
#include "angio-png.h"
#include "angio-test-real.h"

#define HIT_MARGIN 10.0

static void
image_free (gpointer data)
{
  AngioTestArcadeImage *image = data;

  g_free (image->path);
  g_array_unref (image->boxes);
  g_ptr_array_unref (image->outlines);
  g_free (image);
}

GPtrArray *
angio_test_arcade_load (const char *part)
{
  const char *root = g_getenv ("ANGIO_TESTDATA");
  g_autofree char *dir = NULL;
  g_autofree char *annotations = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) by_id = g_hash_table_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *images;
  JsonObject *coco;
  JsonArray *list;

  if (root == NULL)
    {
      g_test_skip ("ANGIO_TESTDATA is not set");
      return NULL;
    }
  dir = g_build_filename (root, "arcade", part, NULL);
  annotations = g_build_filename (dir, "annotations.json", NULL);
  if (!g_file_test (annotations, G_FILE_TEST_EXISTS))
    {
      g_autofree char *message = g_strdup_printf ("%s is missing", annotations);
      g_test_skip (message);
      return NULL;
    }
  if (!json_parser_load_from_file (parser, annotations, &error))
    g_error ("%s: %s", annotations, error->message);
  coco = json_node_get_object (json_parser_get_root (parser));

  images = g_ptr_array_new_with_free_func (image_free);
  list = angio_json_get_array (coco, "images");
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonObject *o = angio_json_object_at (list, i);
      AngioTestArcadeImage *image = g_new0 (AngioTestArcadeImage, 1);

      image->id = angio_json_get_int (o, "id", 0);
      image->path = g_build_filename (dir, "images", angio_json_get_string (o, "file_name"),
                                      NULL);
      image->boxes = g_array_new (FALSE, FALSE, sizeof (AngioTestBox));
      image->outlines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
      g_ptr_array_add (images, image);
      g_hash_table_insert (by_id, GUINT_TO_POINTER (image->id), image);
    }
  list = angio_json_get_array (coco, "annotations");
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonObject *o = angio_json_object_at (list, i);
      AngioTestArcadeImage *image =
        g_hash_table_lookup (by_id, GUINT_TO_POINTER (angio_json_get_int (o, "image_id", 0)));
      JsonArray *bbox = angio_json_get_array (o, "bbox");
      JsonArray *segmentation = angio_json_get_array (o, "segmentation");
      JsonArray *polygon = segmentation != NULL && json_array_get_length (segmentation) > 0
                             ? json_array_get_array_element (segmentation, 0) : NULL;
      GArray *outline = g_array_new (FALSE, FALSE, sizeof (AngioPoint));
      AngioTestBox box;

      g_assert_nonnull (image);
      g_assert_nonnull (bbox);
      box = (AngioTestBox) { angio_json_number_at (bbox, 0), angio_json_number_at (bbox, 1),
                             angio_json_number_at (bbox, 2), angio_json_number_at (bbox, 3) };
      g_array_append_val (image->boxes, box);
      /* COCO polygons are in pixel-corner coordinates, x then y */
      for (guint k = 0; polygon != NULL && k + 1 < json_array_get_length (polygon); k += 2)
        {
          AngioPoint p = { angio_json_number_at (polygon, k) - 0.5,
                           angio_json_number_at (polygon, k + 1) - 0.5 };

          g_array_append_val (outline, p);
        }
      g_ptr_array_add (image->outlines, outline);
    }
  return images;
}

AngioImageF *
angio_test_arcade_image (const AngioTestArcadeImage *image)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *grey = NULL;
  AngioImageF *out;
  guint w, h;

  grey = angio_png_read_gray8 (image->path, &w, &h, &error);
  if (grey == NULL)
    g_error ("%s: %s", image->path, error->message);
  out = angio_image_f_new (w, h);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      out->data[(gsize) y * out->stride + x] = grey[(gsize) y * w + x];
  return out;
}

gboolean
angio_test_arcade_hit (const AngioTestBox *box,
                       double              x,
                       double              y)
{
  /* pixel centres → pixel-corner coordinates */
  x += 0.5;
  y += 0.5;
  return x >= box->x - HIT_MARGIN && x <= box->x + box->width + HIT_MARGIN
         && y >= box->y - HIT_MARGIN && y <= box->y + box->height + HIT_MARGIN;
}

gboolean
angio_test_outline_near (const GArray *outline,
                         double        x,
                         double        y,
                         double        margin)
{
  const AngioPoint *p = (const AngioPoint *) outline->data;
  gboolean in = FALSE;

  for (guint i = 0, j = outline->len - 1; i < outline->len; j = i++)
    {
      double dx = p[j].x - p[i].x, dy = p[j].y - p[i].y;
      double len2 = dx * dx + dy * dy;
      double t = len2 > 0 ? CLAMP (((x - p[i].x) * dx + (y - p[i].y) * dy) / len2, 0, 1) : 0;
      double ex = p[i].x + t * dx - x, ey = p[i].y + t * dy - y;

      if ((p[i].y > y) != (p[j].y > y)
          && x < p[i].x + (y - p[i].y) * (p[j].x - p[i].x) / (p[j].y - p[i].y))
        in = !in;
      if (ex * ex + ey * ey <= margin * margin)
        return TRUE;
    }
  return in;
}

void
angio_test_outline_clicks (const GArray *outline,
                           AngioPoint   *from,
                           AngioPoint   *to,
                           double       *width)
{
  const AngioPoint *p = (const AngioPoint *) outline->data;
  guint a = 0, b = 0;
  double far = -1, area = 0, length, near;
  AngioPoint ends[2];

  for (guint i = 0; i < outline->len; i++)
    for (guint j = i + 1; j < outline->len; j++)
      if (angio_point_distance (p[i], p[j]) > far)
        {
          far = angio_point_distance (p[i], p[j]);
          a = i;
          b = j;
        }
  for (guint i = 0, j = outline->len - 1; i < outline->len; j = i++)
    area += 0.5 * (p[j].x * p[i].y - p[i].x * p[j].y);
  length = MAX (far, 1);
  *width = fabs (area) / length;
  near = MAX (3.0, 0.75 * *width);
  for (guint e = 0; e < 2; e++)
    {
      AngioPoint end = p[e == 0 ? a : b], sum = { 0, 0 };
      guint count = 0;

      for (guint i = 0; i < outline->len; i++)
        if (angio_point_distance (p[i], end) <= near)
          {
            sum.x += p[i].x;
            sum.y += p[i].y;
            count++;
          }
      ends[e] = (AngioPoint) { sum.x / count, sum.y / count };
    }
  for (guint e = 0; e < 2; e++)
    {
      AngioPoint other = ends[1 - e];
      double d = MAX (angio_point_distance (ends[e], other), 1e-6);
      AngioPoint click = { ends[e].x + ANGIO_TEST_CLICK_MARGIN_PX * (ends[e].x - other.x) / d,
                           ends[e].y + ANGIO_TEST_CLICK_MARGIN_PX * (ends[e].y - other.y) / d };

      *(e == 0 ? from : to) = click;
    }
}

void
angio_test_tally_add (AngioTestTally             *tally,
                      const AngioTestArcadeImage *image,
                      const double               *xy,
                      guint                       n)
{
  tally->images++;
  tally->proposals += n;
  tally->stenoses += image->boxes->len;
  for (guint i = 0; i < n; i++)
    for (guint b = 0; b < image->boxes->len; b++)
      if (angio_test_arcade_hit (&g_array_index (image->boxes, AngioTestBox, b), xy[2 * i],
                                 xy[2 * i + 1]))
        {
          tally->true_proposals++;
          break;
        }
  for (guint b = 0; b < image->boxes->len; b++)
    for (guint i = 0; i < n; i++)
      if (angio_test_arcade_hit (&g_array_index (image->boxes, AngioTestBox, b), xy[2 * i],
                                 xy[2 * i + 1]))
        {
          tally->found++;
          break;
        }
}

void
angio_test_tally_scores (const AngioTestTally *tally,
                         double               *precision,
                         double               *recall,
                         double               *f1)
{
  *precision = tally->proposals ? (double) tally->true_proposals / tally->proposals : 0;
  *recall = tally->stenoses ? (double) tally->found / tally->stenoses : 0;
  *f1 = *precision + *recall > 0 ? 2 * *precision * *recall / (*precision + *recall) : 0;
}
