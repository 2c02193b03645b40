/* test-phantom.c — the phantom generator: deterministic, and its truth matches its pixels. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "angio-json.h"
#include "angio-png.h"
#include "angio-test-util.h"

static AngioPhantom *
make (AngioPhantomKind kind,
      guint64          seed,
      guint            size,
      guint            frames)
{
  g_autoptr(GError) error = NULL;
  AngioPhantomParams params;
  AngioPhantom *phantom;

  angio_phantom_params_init (&params, kind);
  params.seed = seed;
  params.size = size;
  params.frames = frames;
  phantom = angio_phantom_generate (&params, NULL, &error);
  g_assert_no_error (error);
  return phantom;
}

static void
test_deterministic (void)
{
  g_autoptr(AngioPhantom) a = make (ANGIO_PHANTOM_RENAL, 11, 128, 12);
  g_autoptr(AngioPhantom) b = make (ANGIO_PHANTOM_RENAL, 11, 128, 12);
  g_autoptr(AngioPhantom) c = make (ANGIO_PHANTOM_RENAL, 12, 128, 12);
  gsize bytes = (gsize) 128 * 128 * 12 * sizeof (guint16);

  g_assert_cmpmem (a->pixels, bytes, b->pixels, bytes);
  g_assert_true (memcmp (a->pixels, c->pixels, bytes) != 0);
  g_assert_cmpfloat (a->lesion_center_px.x, ==, b->lesion_center_px.x);
}

/* Mean of the pixels within @radius of @p. */
static double
mean_around (const AngioPhantom *phantom,
             guint               frame,
             AngioPoint          p,
             double              radius)
{
  const guint16 *pixels = phantom->pixels + (gsize) frame * phantom->rows * phantom->cols;
  double sum = 0;
  guint n = 0;

  for (int y = (int) floor (p.y - radius); y <= (int) ceil (p.y + radius); y++)
    for (int x = (int) floor (p.x - radius); x <= (int) ceil (p.x + radius); x++)
      if (x >= 0 && y >= 0 && x < (int) phantom->cols && y < (int) phantom->rows
          && hypot (x - p.x, y - p.y) <= radius)
        {
          sum += pixels[y * phantom->cols + x];
          n++;
        }
  g_assert_cmpuint (n, >, 0);
  return sum / n;
}

static void
check_truth (AngioPhantom *phantom)
{
  const AngioPhantomParams *p = &phantom->params;
  gsize n = (gsize) phantom->rows * phantom->cols, inside = 0, outside_vessel = 0;
  double expected_area = 0, d = 1 - p->percent_ds / 100;
  AngioPoint c = phantom->lesion_center_px;
  AngioPoint reference;
  guint centre;

  /* Key frames: the best is acceptable and fully opacified; none before the contrast. */
  g_assert_cmpuint (phantom->key_first, <=, phantom->key_frame);
  g_assert_cmpuint (phantom->key_frame, <=, phantom->key_last);
  g_assert_cmpfloat (phantom->opacification[phantom->key_frame], >=, 0.95);
  g_assert_cmpfloat (phantom->opacification[0], ==, 0);
  g_assert_cmpuint (phantom->key_first, >, p->contrast_frame);
  g_assert_cmpfloat (phantom->motion_px[phantom->key_frame].x, ==, 0);

  /* Lesion numbers. */
  g_assert_cmpfloat_with_epsilon (phantom->mld_mm, p->reference_mm * d, 1e-9);
  g_assert_cmpfloat_with_epsilon (phantom->percent_ds, p->percent_ds, 1e-9);
  g_assert_cmpfloat_with_epsilon (phantom->percent_as, 100 * (1 - d * d), 1e-9);
  g_assert_cmpfloat_with_epsilon (phantom->length_mm, p->lesion_length_mm, 1e-9);
  g_assert_cmpfloat_with_epsilon (hypot (phantom->lesion_dist_px.x - phantom->lesion_prox_px.x,
                                         phantom->lesion_dist_px.y - phantom->lesion_prox_px.y)
                                  * phantom->mm_per_px,
                                  p->lesion_length_mm, 0.15 * p->lesion_length_mm);
  g_assert_cmpfloat_with_epsilon (phantom->catheter_mm, p->catheter_french / 3, 1e-9);

  /* The mask covers the lumen of the segment: its area is the integral of the diameter. */
  for (gsize i = 0; i < n; i++)
    {
      inside += phantom->lesion_mask[i] == 255;
      outside_vessel += phantom->lesion_mask[i] && !phantom->vessel_mask[i];
    }
  for (guint i = 0; i < phantom->centerline_px->len; i++)
    {
      AngioPoint q = g_array_index (phantom->centerline_px, AngioPoint, i);
      AngioPoint a = phantom->lesion_prox_px, b = phantom->lesion_dist_px;
      double t = ((q.x - a.x) * (b.x - a.x) + (q.y - a.y) * (b.y - a.y))
                 / ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y));

      if (t >= 0 && t <= 1)
        expected_area += g_array_index (phantom->diameter_mm, double, i) / phantom->mm_per_px;
    }
  g_assert_cmpuint (outside_vessel, ==, 0);
  g_assert_cmpfloat_with_epsilon (inside, expected_area, 0.15 * expected_area);
  centre = (guint) round (c.y) * phantom->cols + (guint) round (c.x);
  g_assert_cmpuint (phantom->lesion_mask[centre], ==, 255);

  /* In the pixels: the vessel is dark at the key frame and not before the contrast. Measured
   * on the axis proximal to the lesion (widest lumen). */
  reference = g_array_index (phantom->centerline_px, AngioPoint,
                             phantom->centerline_px->len / 8);
  {
    double radius = 0.25 * p->reference_mm / phantom->mm_per_px;
    double vessel = mean_around (phantom, phantom->key_frame, reference, radius);
    AngioPoint moved = { reference.x + phantom->motion_px[0].x,
                         reference.y + phantom->motion_px[0].y };
    double before = mean_around (phantom, 0, moved, radius);
    double drop = before - vessel;
    double expected = (1 << phantom->bits_stored) * 0.95 / 4.0 * 0.105 * p->reference_mm * 0.8;

    g_test_message ("vessel %.1f, same place before contrast %.1f (expected drop ≈ %.0f)",
                    vessel, before, expected);
    g_assert_cmpfloat (drop, >, 0.5 * expected);
  }
}

static void
test_renal_truth (void)
{
  g_autoptr(AngioPhantom) phantom = make (ANGIO_PHANTOM_RENAL, 5, 256, 40);

  check_truth (phantom);
}

static void
test_coronary_truth (void)
{
  g_autoptr(AngioPhantom) phantom = make (ANGIO_PHANTOM_CORONARY, 5, 256, 40);

  check_truth (phantom);
}

static void
test_params_check (void)
{
  AngioPhantomParams params;
  g_autoptr(GError) error = NULL;

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  g_assert_true (angio_phantom_params_check (&params, &error));
  params.percent_ds = 120;
  g_assert_false (angio_phantom_params_check (&params, &error));
  g_assert_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "--ds"));
  g_clear_error (&error);

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.syntax = ANGIO_SYNTAX_JPEG_BASELINE;
  params.bits_stored = 12;
  g_assert_false (angio_phantom_params_check (&params, &error));
  g_assert_nonnull (strstr (error->message, "--bits"));
  g_clear_error (&error);

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = 100000;
  g_assert_null (angio_phantom_generate (&params, NULL, &error));
  g_assert_error (error, ANGIO_CORE_ERROR, ANGIO_CORE_ERROR_INVALID_ARGUMENT);
}

static void
test_files (void)
{
  g_autoptr(AngioPhantom) phantom = make (ANGIO_PHANTOM_RENAL, 3, 96, 6);
  g_autofree char *dicom = angio_test_path ("files.dcm");
  g_autofree char *truth = angio_test_path ("files.json");
  g_autofree char *mask = angio_test_path ("files_lesion.png");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree guint8 *read_mask = NULL;
  JsonObject *root, *lesion;
  guint width, height;

  g_assert_true (angio_phantom_save (phantom, dicom, truth, mask, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (json_parser_load_from_file (parser, truth, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "dicom"), ==, "files.dcm");
  g_assert_cmpint (json_object_get_int_member (root, "frames"), ==, 6);
  lesion = json_object_get_object_member (root, "lesion");
  g_assert_cmpstr (json_object_get_string_member (lesion, "mask"), ==, "files_lesion.png");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (lesion, "mld_mm"),
                                  phantom->mld_mm, 1e-4);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (root, "opacification")),
                   ==, 6);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "key_frame"),
                                               "best"), ==, phantom->key_frame);

  read_mask = angio_png_read_gray8 (mask, &width, &height, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (width, ==, 96);
  g_assert_cmpuint (height, ==, 96);
  g_assert_cmpmem (read_mask, 96 * 96, phantom->lesion_mask, 96 * 96);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/angio/core/phantom/deterministic", test_deterministic);
  g_test_add_func ("/angio/core/phantom/renal-truth", test_renal_truth);
  g_test_add_func ("/angio/core/phantom/coronary-truth", test_coronary_truth);
  g_test_add_func ("/angio/core/phantom/params-check", test_params_check);
  g_test_add_func ("/angio/core/phantom/files", test_files);
  return g_test_run ();
}
