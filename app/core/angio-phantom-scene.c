/* angio-phantom-scene.c — the anatomy, timing and motion of a phantom, drawn from its seed.
 *
 * Renal: a selective injection into a renal artery (catheter engaged at the ostium, coming up
 * the aorta beside the spine), the main artery with the lesion, its divisions, segmental and
 * interlobar branches fanning into the kidney, an adrenal branch; the kidney blushes late.
 * Coronary: a left coronary injection, the LAD with diagonals and septals, the circumflex,
 * the heart shadow, cardiac and respiratory motion.
 */
#define G_LOG_DOMAIN "angio-phantom"

#include "config.h"

#include <math.h>

#include "angio-phantom-private.h"

static double
smoothstep (double x)
{
  if (x <= 0)
    return 0;
  if (x >= 1)
    return 1;
  return x * x * (3 - 2 * x);
}

static double
jitter (GRand  *rand,
        double  amplitude)
{
  return g_rand_double_range (rand, -amplitude, amplitude);
}

/* Catmull–Rom spline through @ctrl, resampled every @step mm along its length. */
static GArray *
spline_polyline (const AngioPoint *ctrl,
                 guint             n,
                 double            step)
{
  g_autoptr(GArray) dense = g_array_new (FALSE, FALSE, sizeof (AngioPoint));
  GArray *out = g_array_new (FALSE, FALSE, sizeof (AngioPoint));
  const guint sub = 48;
  double next = 0, walked = 0;

  g_assert (n >= 2);
  for (guint i = 0; i + 1 < n; i++)
    {
      AngioPoint p0 = i > 0 ? ctrl[i - 1]
                            : (AngioPoint) { 2 * ctrl[0].x - ctrl[1].x, 2 * ctrl[0].y - ctrl[1].y };
      AngioPoint p1 = ctrl[i], p2 = ctrl[i + 1];
      AngioPoint p3 = i + 2 < n ? ctrl[i + 2]
                                : (AngioPoint) { 2 * p2.x - p1.x, 2 * p2.y - p1.y };

      for (guint k = (i == 0 ? 0 : 1); k <= sub; k++)
        {
          double t = (double) k / sub, t2 = t * t, t3 = t2 * t;
          AngioPoint q = {
            0.5 * (2 * p1.x + (-p0.x + p2.x) * t + (2 * p0.x - 5 * p1.x + 4 * p2.x - p3.x) * t2
                   + (-p0.x + 3 * p1.x - 3 * p2.x + p3.x) * t3),
            0.5 * (2 * p1.y + (-p0.y + p2.y) * t + (2 * p0.y - 5 * p1.y + 4 * p2.y - p3.y) * t2
                   + (-p0.y + 3 * p1.y - 3 * p2.y + p3.y) * t3),
          };
          g_array_append_val (dense, q);
        }
    }

  /* Even spacing by arc length. */
  for (guint i = 0; i + 1 < dense->len; i++)
    {
      AngioPoint a = g_array_index (dense, AngioPoint, i);
      AngioPoint b = g_array_index (dense, AngioPoint, i + 1);
      double d = hypot (b.x - a.x, b.y - a.y);

      while (d > 0 && next <= walked + d)
        {
          double f = (next - walked) / d;
          AngioPoint q = { a.x + f * (b.x - a.x), a.y + f * (b.y - a.y) };

          g_array_append_val (out, q);
          next += step;
        }
      walked += d;
    }
  return out;
}

static void
branch_free (PhantomBranch *branch)
{
  if (branch == NULL)
    return;
  g_array_unref (branch->pts);
  g_free (branch);
}

static PhantomBranch *
new_branch (const PhantomScene *scene,
            const AngioPoint   *ctrl,
            guint               n,
            double              r0,
            double              r1,
            double              path0,
            guint               tree)
{
  PhantomBranch *branch = g_new0 (PhantomBranch, 1);
  g_autofree AngioPoint *mirrored = g_new (AngioPoint, n);

  for (guint i = 0; i < n; i++)
    mirrored[i] = (AngioPoint) { ctrl[i].x * scene->mirror, ctrl[i].y };
  /* Half a pixel between points: the renderer draws one short tube piece per step. */
  branch->step = scene->mm_per_px / 2;
  branch->pts = spline_polyline (mirrored, n, branch->step);
  branch->length = (branch->pts->len - 1) * branch->step;
  branch->r0 = r0;
  branch->r1 = r1;
  branch->path0 = path0;
  branch->tree = tree;
  return branch;
}

static PhantomBranch *
add_branch (PhantomScene     *scene,
            const AngioPoint *ctrl,
            guint             n,
            double            r0,
            double            r1,
            double            path0,
            guint             tree)
{
  PhantomBranch *branch = new_branch (scene, ctrl, n, r0, r1, path0, tree);

  g_ptr_array_add (scene->branches, branch);
  return branch;
}

AngioPoint
phantom_branch_point (const PhantomBranch *branch,
                      double               s,
                      AngioPoint          *normal)
{
  guint n = branch->pts->len;
  double f = CLAMP (s / branch->step, 0, n - 1.001);
  guint i = MIN ((guint) f, n - 2);
  AngioPoint a = g_array_index (branch->pts, AngioPoint, i);
  AngioPoint b = g_array_index (branch->pts, AngioPoint, i + 1);
  double t = f - i, d = hypot (b.x - a.x, b.y - a.y);

  if (normal != NULL)
    *normal = d > 0 ? (AngioPoint) { (b.y - a.y) / d, -(b.x - a.x) / d } : (AngioPoint) { 0, 0 };
  return (AngioPoint) { a.x + t * (b.x - a.x), a.y + t * (b.y - a.y) };
}

/* Direction (unit vector, in unmirrored scene coordinates) at the end or at @s of a branch. */
static AngioPoint
branch_direction (const PhantomScene  *scene,
                  const PhantomBranch *branch,
                  double               s)
{
  AngioPoint a = phantom_branch_point (branch, MAX (0, s - 1), NULL);
  AngioPoint b = phantom_branch_point (branch, MIN (branch->length, s + 1), NULL);
  double d = hypot (b.x - a.x, b.y - a.y);

  return (AngioPoint) { scene->mirror * (b.x - a.x) / d, (b.y - a.y) / d };
}

static AngioPoint
unmirrored_point (const PhantomScene  *scene,
                  const PhantomBranch *branch,
                  double               s)
{
  AngioPoint p = phantom_branch_point (branch, s, NULL);

  return (AngioPoint) { p.x * scene->mirror, p.y };
}

/* A gently curved child from @start along @angle (radians) for @length mm. */
static PhantomBranch *
grow (PhantomScene *scene,
      GRand        *rand,
      AngioPoint    start,
      double        angle,
      double        length,
      double        r0,
      double        r1,
      double        path0)
{
  double bend = jitter (rand, 0.18) * length;
  AngioPoint dir = { cos (angle), sin (angle) }, perp = { -sin (angle), cos (angle) };
  AngioPoint ctrl[3] = {
    start,
    { start.x + dir.x * length * 0.5 + perp.x * bend, start.y + dir.y * length * 0.5 + perp.y * bend },
    { start.x + dir.x * length + perp.x * bend * 0.6, start.y + dir.y * length + perp.y * bend * 0.6 },
  };

  return add_branch (scene, ctrl, G_N_ELEMENTS (ctrl), r0, r1, path0, 0);
}

/* Children of @parent at its end: @n branches spread over ±@spread radians, Murray's law. */
static void
fan_out (PhantomScene        *scene,
         GRand               *rand,
         const PhantomBranch *parent,
         guint                n,
         double               spread,
         double               length,
         guint                depth)
{
  AngioPoint dir = branch_direction (scene, parent, parent->length);
  AngioPoint end = unmirrored_point (scene, parent, parent->length);
  double base = atan2 (dir.y, dir.x);
  double r = parent->r1 * pow (1.0 / n, 1.0 / 3.0);

  for (guint i = 0; i < n; i++)
    {
      double angle = base + (n > 1 ? spread * (2.0 * i / (n - 1) - 1) : 0) + jitter (rand, 0.15);
      double len = length * g_rand_double_range (rand, 0.8, 1.2);
      double r0 = MAX (0.3, r * g_rand_double_range (rand, 0.92, 1.05));
      PhantomBranch *child = grow (scene, rand, end, angle, len, r0, MAX (0.25, r0 * 0.7),
                                   parent->path0 + parent->length);

      if (depth > 0)
        fan_out (scene, rand, child, 2, 0.45, length * 0.6, depth - 1);
    }
}

/* Linear taper from r0 to r1 such that the radius at @position of the length is @r_at. */
static void
taper (double  r_at,
       double  position,
       double  end_ratio,
       double *r0,
       double *r1)
{
  *r0 = r_at / (1 + (end_ratio - 1) * position);
  *r1 = *r0 * end_ratio;
}

static void
build_renal (PhantomScene *scene,
             GRand        *rand)
{
  const AngioPhantomParams *p = &scene->p;
  AngioPoint o = { 28 + jitter (rand, 3), -8 + jitter (rand, 3) };
  AngioPoint main_ctrl[5] = {
    o,
    { 15 + jitter (rand, 2), -4 + jitter (rand, 3) },
    { 0 + jitter (rand, 2), 1 + jitter (rand, 3) },
    { -14 + jitter (rand, 2), 4 + jitter (rand, 3) },
    { -24 + jitter (rand, 2), 6 + jitter (rand, 3) },
  };
  AngioPoint cath[5] = {
    o, { o.x + 8, o.y - 1 }, { o.x + 15, o.y + 8 }, { o.x + 16, o.y + 32 },
    { o.x + 16, scene->size * scene->mm_per_px / 2 + 25 },
  };
  AngioPoint start;
  PhantomBranch *main;
  double r0, r1;

  taper (p->reference_mm / 2, p->lesion_position, 0.9, &r0, &r1);
  main = add_branch (scene, main_ctrl, G_N_ELEMENTS (main_ctrl), r0, r1, 0, 0);
  main->main = TRUE;
  scene->lesion_s = p->lesion_position * main->length;

  /* Adrenal branch, cranial, from the proximal main artery. */
  start = unmirrored_point (scene, main, main->length * 0.18);
  grow (scene, rand, start, -G_PI / 2 - 0.3 + jitter (rand, 0.2), 24, 0.55, 0.35,
        main->length * 0.18);

  /* Anterior and posterior divisions, then segmental and interlobar branches. */
  {
    AngioPoint dir = branch_direction (scene, main, main->length);
    AngioPoint end = unmirrored_point (scene, main, main->length);
    double base = atan2 (dir.y, dir.x);
    double rd = r1 * 0.79;
    PhantomBranch *upper = grow (scene, rand, end, base - 0.7 + jitter (rand, 0.12), 15,
                                 rd, rd * 0.9, main->length);
    PhantomBranch *lower = grow (scene, rand, end, base + 0.75 + jitter (rand, 0.12), 14,
                                 rd, rd * 0.9, main->length);

    fan_out (scene, rand, upper, 3, 0.6, 20, 1);
    fan_out (scene, rand, lower, 2 + g_rand_int_range (rand, 0, 2), 0.55, 20, 1);
  }

  if (p->crossing_vessel)
    {
      /* An accessory renal artery crossing the main one distal to the lesion. */
      AngioPoint c = unmirrored_point (scene, main, MIN (main->length - 2,
                                                       scene->lesion_s + scene->lesion_half_mm
                                                       + 8));
      AngioPoint cross[3] = { { c.x + 10, c.y - 30 }, { c.x, c.y }, { c.x - 12, c.y + 35 } };
      PhantomBranch *accessory = add_branch (scene, cross, 3, 1.3, 1.1, 0, 1);

      accessory->delay_s = 0.25;
    }

  scene->catheter = new_branch (scene, cath, G_N_ELEMENTS (cath), 0, 0, 0, 0);

  scene->organ = (PhantomEllipse) { -50 + jitter (rand, 4), 4 + jitter (rand, 4),
                                    27 + jitter (rand, 2), 52 + jitter (rand, 3),
                                    scene->mirror * (0.2 + jitter (rand, 0.1)) };
  scene->organ.cx *= scene->mirror;
  scene->organ.notch = scene->mirror * 1.0;
  scene->organ_density = 0.12;
  scene->organ_enhancement = 0.25;
}

static void
build_coronary (PhantomScene *scene,
                GRand        *rand)
{
  const AngioPhantomParams *p = &scene->p;
  AngioPoint o = { -30 + jitter (rand, 3), -45 + jitter (rand, 3) };
  AngioPoint lad[6] = {
    o,
    { -10 + jitter (rand, 3), -30 + jitter (rand, 3) },
    { 8 + jitter (rand, 3), -8 + jitter (rand, 3) },
    { 20 + jitter (rand, 3), 18 + jitter (rand, 3) },
    { 28 + jitter (rand, 3), 45 + jitter (rand, 3) },
    { 30 + jitter (rand, 3), 62 },
  };
  AngioPoint lcx[4] = {
    o, { o.x - 15, o.y + 14 }, { o.x - 25, o.y + 40 }, { o.x - 27 + jitter (rand, 3), o.y + 66 },
  };
  AngioPoint cath[4] = {
    o, { o.x + 5, o.y - 12 }, { o.x + 22, o.y - 22 },
    { o.x + 40, -(scene->size * scene->mm_per_px / 2 + 25) },
  };
  PhantomBranch *main;
  double r0, r1;

  taper (p->reference_mm / 2, p->lesion_position, 0.55, &r0, &r1);
  main = add_branch (scene, lad, G_N_ELEMENTS (lad), r0, r1, 0, 0);
  main->main = TRUE;
  scene->lesion_s = p->lesion_position * main->length;
  add_branch (scene, lcx, G_N_ELEMENTS (lcx), r0 * 0.85, r0 * 0.45, 0, 0);

  /* Diagonals to one side, septals to the other, never across the lesion itself. */
  for (guint i = 0; i < 3; i++)
    {
      double at = main->length * (0.22 + 0.2 * i + jitter (rand, 0.03));
      AngioPoint d = branch_direction (scene, main, at);
      double angle = atan2 (d.y, d.x);
      double r_at = r0 + (r1 - r0) * at / main->length;

      if (fabs (at - scene->lesion_s) < scene->lesion_half_mm + 2)
        at += scene->lesion_half_mm + 3;
      grow (scene, rand, unmirrored_point (scene, main, at), angle - 0.75 + jitter (rand, 0.15),
            38 + jitter (rand, 6), r_at * 0.62, 0.4, at);
      grow (scene, rand, unmirrored_point (scene, main, at + 6), angle + 1.2 + jitter (rand, 0.2),
            16 + jitter (rand, 3), 0.45, 0.3, at + 6);
    }

  if (p->crossing_vessel)
    {
      AngioPoint c = unmirrored_point (scene, main, MIN (main->length - 2,
                                                       scene->lesion_s + scene->lesion_half_mm
                                                       + 8));
      AngioPoint cross[3] = { { c.x - 35, c.y + 10 }, { c.x, c.y }, { c.x + 35, c.y - 8 } };
      PhantomBranch *marginal = add_branch (scene, cross, 3, 1.1, 0.8, 0, 1);

      marginal->delay_s = 0.3;
    }

  scene->catheter = new_branch (scene, cath, G_N_ELEMENTS (cath), 0, 0, 0, 0);

  scene->organ = (PhantomEllipse) { 8 + jitter (rand, 5), 25 + jitter (rand, 5),
                                    75 + jitter (rand, 5), 62 + jitter (rand, 5),
                                    0.3 + jitter (rand, 0.1) };
  scene->organ_density = 0.35;
  scene->organ_enhancement = 0.03;
}

/* Static background: soft tissue, spine, ribs, bowel gas (renal) or lungs (coronary). */

static double
rounded_box_sdf (double x,
                 double y,
                 double half_w,
                 double half_h,
                 double radius)
{
  double qx = fabs (x) - half_w + radius, qy = fabs (y) - half_h + radius;

  return hypot (MAX (qx, 0), MAX (qy, 0)) + MIN (MAX (qx, qy), 0) - radius;
}

/* Bone: dense cortex near the edge, lighter inside; @d is a signed distance (mm, < 0 inside). */
static double
bone (double d,
      double inner,
      double cortex)
{
  double inside = smoothstep (0.5 - d / 0.6);

  return inside * (inner + cortex * exp (-(d * d) / (2 * 1.2 * 1.2)));
}

typedef struct {
  double x, y, sigma, amplitude;
} Blob;

static void
build_background (PhantomScene *scene,
                  GRand        *rand)
{
  gboolean renal = scene->p.kind == ANGIO_PHANTOM_RENAL;
  guint n = scene->size;
  double half = n * scene->mm_per_px / 2;
  double spine_x = scene->mirror * (renal ? 55 + jitter (rand, 4) : -12 + jitter (rand, 4));
  double spine_y0 = jitter (rand, 12);
  Blob blobs[24];
  guint n_blobs = 0;

  for (guint i = 0; i < 14; i++)
    blobs[n_blobs++] = (Blob) { jitter (rand, half), jitter (rand, half),
                                g_rand_double_range (rand, 15, 45), jitter (rand, 0.09) };
  for (guint i = 0; renal && i < 6; i++)  /* bowel gas */
    blobs[n_blobs++] = (Blob) { jitter (rand, half), g_rand_double_range (rand, 0, half),
                                g_rand_double_range (rand, 4, 12),
                                -g_rand_double_range (rand, 0.08, 0.25) };
  for (guint i = 0; !renal && i < 2; i++)  /* lungs */
    blobs[n_blobs++] = (Blob) { (i ? 1 : -1) * half * 0.8, -half * 0.7, half * 0.6, -0.3 };

  scene->background = angio_image_f_new (n, n);
  if (!scene->p.background)
    {
      angio_image_f_fill (scene->background, renal ? 0.9f : 0.55f);
      return;
    }
  for (guint py = 0; py < n; py++)
    {
      float *row = angio_image_f_row (scene->background, py);
      double y = (py - (n - 1) / 2.0) * scene->mm_per_px;

      for (guint px = 0; px < n; px++)
        {
          double x = (px - (n - 1) / 2.0) * scene->mm_per_px;
          double mu = renal ? 0.9 : 0.55;
          double level = (y - spine_y0) / 36.0;
          double vy = (level - floor (level) - 0.5) * 36.0;   /* within one vertebra + disc */

          for (guint b = 0; b < n_blobs; b++)
            {
              double dx = x - blobs[b].x, dy = y - blobs[b].y;
              mu += blobs[b].amplitude * exp (-(dx * dx + dy * dy)
                                              / (2 * blobs[b].sigma * blobs[b].sigma));
            }
          /* Vertebral bodies, discs between them, pedicles on both sides. */
          mu += (renal ? 1.0 : 0.45) * bone (rounded_box_sdf (x - spine_x, vy, 21, 14, 4),
                                             0.25, 0.18);
          mu += (renal ? 1.0 : 0.45) * 0.1 * smoothstep (1 - fabs (x - spine_x) / 21);
          for (int side = -1; side <= 1; side += 2)
            mu += (renal ? 1.0 : 0.45)
                  * bone (hypot ((x - spine_x - side * 16) / 5.0, (vy + 4) / 7.0) * 5.0 - 5.0,
                          0.05, 0.12);
          /* Ribs: oblique bands across the top of the field. */
          for (int k = 0; k < 3; k++)
            {
              double y_c = -half * (renal ? 0.75 : 0.55) + k * 28
                           + 0.004 * (x + scene->mirror * 30) * (x + scene->mirror * 30);
              mu += bone (fabs (y - y_c) - 5.0, 0.04, 0.08);
            }
          row[px] = (float) mu;
        }
    }
}

static void
build_shutter (PhantomScene *scene)
{
  guint n = scene->size;
  double c = (n - 1) / 2.0;

  scene->shutter = angio_image_f_new (n, n);
  if (scene->p.shutter == ANGIO_SHUTTER_NONE)
    return;
  for (guint py = 0; py < n; py++)
    {
      float *row = angio_image_f_row (scene->shutter, py);

      for (guint px = 0; px < n; px++)
        {
          double d;   /* pixels outside the open field */

          if (scene->p.shutter == ANGIO_SHUTTER_CIRCLE)
            d = hypot (px - c, py - c) - 0.47 * n;
          else
            d = MAX (fabs (px - c) - 0.44 * n, fabs (py - c) - 0.40 * n);
          row[px] = (float) (6.0 * smoothstep (d / 2.0 + 0.5));
        }
    }
}

static void
build_timing (PhantomScene *scene)
{
  const AngioPhantomParams *p = &scene->p;
  double interval = 1.0 / p->fps;

  scene->times_s = g_new (double, p->frames);
  scene->times_s[0] = 0;
  for (guint i = 1; i < p->frames; i++)
    /* Uneven timing alternates short and long intervals, as some C-arms record. */
    scene->times_s[i] = scene->times_s[i - 1]
                        + interval * (p->variable_timing ? (i % 2 ? 0.8 : 1.2) : 1.0);
  scene->duration_s = scene->times_s[p->frames - 1] + interval;
  scene->t0_s = scene->times_s[MIN (p->contrast_frame, p->frames - 1)] - 0.5 * interval;
  scene->injection_s = CLAMP (0.5 * scene->duration_s, 0.6, 3.0);
  scene->rise_s = 0.12;
  scene->washout_s = 0.5;
}

PhantomScene *
phantom_scene_new (const AngioPhantomParams *params)
{
  PhantomScene *scene = g_new0 (PhantomScene, 1);
  g_autoptr(GRand) rand = NULL;
  guint32 seed[2] = { (guint32) params->seed, (guint32) (params->seed >> 32) };

  scene->p = *params;
  scene->size = params->size;
  scene->mm_per_px = params->detector_mm / params->size * params->sod_mm / params->sid_mm;
  rand = g_rand_new_with_seed_array (seed, G_N_ELEMENTS (seed));
  scene->mirror = (params->kind == ANGIO_PHANTOM_RENAL && g_rand_boolean (rand)) ? -1 : 1;
  scene->motion_phase = g_rand_double_range (rand, 0, 2 * G_PI);
  scene->drift_angle = g_rand_double_range (rand, 0, 2 * G_PI);
  scene->lesion_ds = params->percent_ds / 100.0;
  scene->lesion_half_mm = params->lesion_length_mm / 2;
  scene->lesion_side = g_rand_boolean (rand) ? 1 : -1;
  scene->catheter_outer_mm = params->catheter_french / 3.0 / 2;
  scene->catheter_inner_mm = scene->catheter_outer_mm * 0.7;
  build_timing (scene);

  scene->branches = g_ptr_array_new_with_free_func ((GDestroyNotify) branch_free);
  if (params->kind == ANGIO_PHANTOM_RENAL)
    build_renal (scene, rand);
  else
    build_coronary (scene, rand);
  build_background (scene, rand);
  build_shutter (scene);
  return scene;
}

void
phantom_scene_free (PhantomScene *scene)
{
  if (scene == NULL)
    return;
  g_clear_pointer (&scene->branches, g_ptr_array_unref);
  branch_free (scene->catheter);
  angio_image_f_free (scene->background);
  angio_image_f_free (scene->shutter);
  g_free (scene->times_s);
  g_free (scene);
}

double
phantom_concentration (const PhantomScene *scene,
                       double              path_mm,
                       double              t_s)
{
  double front = scene->t0_s + path_mm / scene->p.bolus_speed_mm_s;
  double in = smoothstep ((t_s - front) / scene->rise_s);
  double out = smoothstep ((t_s - front - scene->injection_s) / scene->washout_s);

  return in * (1 - out);
}

/* The catheter holds diluted contrast from the start, undiluted while injecting. */
double
phantom_catheter_contrast (const PhantomScene *scene,
                           double              t_s)
{
  return 0.45 + 0.55 * phantom_concentration (scene, 0, t_s + 0.1);
}

double
phantom_enhancement (const PhantomScene *scene,
                     double              t_s)
{
  return smoothstep ((t_s - scene->t0_s - 0.9) / 2.0);
}

void
phantom_motion (const PhantomScene *scene,
                double              t_s,
                double             *dx,
                double             *dy)
{
  double a = scene->p.motion_mm;
  double breath = 2 * G_PI * t_s / 4.0 + scene->motion_phase;

  if (scene->p.kind == ANGIO_PHANTOM_RENAL)
    {
      *dx = 0.2 * a * sin (breath);
      *dy = a * sin (breath);
    }
  else
    {
      double beat = 2 * G_PI * t_s / 0.86 + scene->motion_phase;

      *dx = a * 0.6 * cos (beat) + 0.1 * a * sin (breath);
      *dy = a * (0.8 * sin (beat) + 0.25 * sin (2 * beat)) + 0.3 * a * sin (breath);
    }
}

void
phantom_drift (const PhantomScene *scene,
               double              t_s,
               double             *dx,
               double             *dy)
{
  double f = scene->p.drift_mm * t_s / scene->duration_s;

  *dx = f * cos (scene->drift_angle);
  *dy = f * sin (scene->drift_angle);
}

/* Lesion profile: a flat throat over 30 % of the length, raised-cosine shoulders. */
static double
lesion_profile (double u)
{
  u = fabs (u);
  if (u >= 0.5)
    return 0;
  if (u <= 0.15)
    return 1;
  return 0.5 * (1 + cos (G_PI * (u - 0.15) / 0.35));
}

void
phantom_lumen (const PhantomScene  *scene,
               const PhantomBranch *branch,
               double               s,
               double              *left,
               double              *right)
{
  double r = branch->r0 + (branch->r1 - branch->r0) * CLAMP (s / branch->length, 0, 1);
  double loss, e;

  *left = *right = r;
  if (!branch->main || scene->lesion_half_mm <= 0)
    return;
  loss = 2 * r * scene->lesion_ds
         * lesion_profile ((s - scene->lesion_s) / (2 * scene->lesion_half_mm));
  e = scene->p.eccentricity * scene->lesion_side;
  *left = r - loss * (1 + e) / 2;
  *right = r - loss * (1 - e) / 2;
}
