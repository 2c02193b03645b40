/* angio-stenosis.c — measuring a segment, and finding candidates over the vessel tree. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "angio-field.h"
#include "angio-gaussian.h"
#include "angio-min-path.h"
#include "angio-skeleton.h"
#include "angio-stats.h"
#include "angio-stenosis.h"
#include "angio-subtract.h"
#include "angio-trace.h"

/* A branch must add at least this many diameters of new vessel to be analysed. */
#define MIN_BRANCH_DIAMETERS 1.5
/* Context taken from the parent branch, in diameters. */
#define CONTEXT_DIAMETERS 4.0
/* Thinning spurs shorter than this many local radii are pruned. */
#define SPUR_RADII 1.5
/* The direction in which a path is extended: over its last this many pixels. */
#define EXTEND_DIRECTION_PX 10.0
/* Tips reached this soon after the first are as good a root (timing is per frame). */
#define ARRIVAL_SLACK_MS 70.0
/* The trunk is at least this many of its diameters long. */
#define TRUNK_DIAMETERS 3.0
/* No candidates closer to a junction than this many diameters of the vessel branched from. */
#define JUNCTION_DIAMETERS 1.0
/* A candidate needs wider vessel over this many diameters on each side… */
#define HEALTHY_DIAMETERS 3.0
/* …at least this much wider (as the %DS it implies). */
#define CANDIDATE_MIN_DS 12.0
/* Cost floor of the geodesic tree: crossing a pixel without vesselness costs a hundred times a
 * pixel of the strongest vessel (the tree only spans the thresholded mask, so no detours to
 * fear; angio-trace.c, between two clicks, uses a milder floor). */
#define COST_EPSILON 0.01
/* Between two clicks the borders are looked for within this many times the wider of the
 * vessel's widths measured across the two ends (the half-depth width of its profile; samples
 * WIDTH_STEP_PX apart, the darkest within WIDTH_NEAR_PX of the click; a fall of WIDTH_FALL of the
 * depth past the rim is the next vessel), along the path's direction over WIDTH_DIRECTION_PX. */
#define WIDTH_SLACK 1.6
#define WIDTH_STEP_PX 0.5
#define WIDTH_NEAR_PX 3.0
#define WIDTH_FALL 0.25
#define WIDTH_DIRECTION_PX 6
#define WIDTH_SMOOTH_PX 1.0
/* …and the MLD is not looked for within this many of those widths of a click (nor in more
 * than this share of the segment at each end), provided that leaves at least
 * MIN_SEARCH_SCANLINES to look in. */
#define END_MARGIN_DIAMETERS 3.0
#define END_MARGIN_SHARE 0.3
#define MIN_SEARCH_SCANLINES 4

void
angio_stenosis_params_init (AngioStenosisParams *params,
                            double               diameter_min_px,
                            double               diameter_max_px)
{
  g_return_if_fail (params != NULL);

  params->diameter_min_px = diameter_min_px;
  params->diameter_max_px = MAX (diameter_min_px, diameter_max_px);
  params->vessel_high = 0.15;
  params->vessel_low = 0.05;
  params->min_percent_ds = 20;
  params->min_reference_px = diameter_min_px;
  params->motion_tolerance_px = MAX (3.0, diameter_max_px / 2);
  params->max_lesions = 5;
  angio_qca_params_init (&params->qca);
}

void
angio_stenosis_free (AngioStenosis *stenosis)
{
  if (stenosis == NULL)
    return;
  angio_vessel_contour_free (stenosis->contour);
  angio_qca_free (stenosis->qca);
  g_free (stenosis);
}

GArray *
angio_stenosis_outline (const AngioStenosis *stenosis)
{
  g_autoptr(GArray) right = NULL;
  GArray *outline;

  g_return_val_if_fail (stenosis != NULL, NULL);

  outline = angio_qca_slice (stenosis->qca, stenosis->contour->left);
  right = angio_qca_slice (stenosis->qca, stenosis->contour->right);
  for (guint i = right->len; i-- > 0;)
    g_array_append_val (outline, g_array_index (right, AngioPoint, i));
  return outline;
}

AngioPoint
angio_stenosis_center (const AngioStenosis *stenosis)
{
  guint i;

  g_return_val_if_fail (stenosis != NULL, (AngioPoint) { 0 });

  i = stenosis->qca->mld_index;
  return (AngioPoint) { 0.5 * (stenosis->contour->left[i].x + stenosis->contour->right[i].x),
                        0.5 * (stenosis->contour->left[i].y + stenosis->contour->right[i].y) };
}

/* What borders near @path are looked for on: @image less its aligned @background over the
 * region the scanlines reach (its origin in @x0, @y0). */
static AngioImageF *
border_image (const AngioImageF         *image,
              const AngioImageF         *background,
              const AngioPoint          *path,
              guint                      n,
              const AngioStenosisParams *params,
              const AngioEdgeParams     *ep,
              guint                     *x0,
              guint                     *y0)
{
  double lo_x = G_MAXDOUBLE, lo_y = G_MAXDOUBLE, hi_x = -G_MAXDOUBLE, hi_y = -G_MAXDOUBLE, reach;
  AngioRect roi;

  for (guint i = 0; i < n; i++)
    {
      lo_x = MIN (lo_x, path[i].x);
      lo_y = MIN (lo_y, path[i].y);
      hi_x = MAX (hi_x, path[i].x);
      hi_y = MAX (hi_y, path[i].y);
    }
  reach = ep->half_width_px + 4;
  roi.x0 = (guint) CLAMP (floor (lo_x - reach), 0, image->width - 1);
  roi.y0 = (guint) CLAMP (floor (lo_y - reach), 0, image->height - 1);
  roi.width = (guint) CLAMP (ceil (hi_x + reach), roi.x0, image->width - 1) - roi.x0 + 1;
  roi.height = (guint) CLAMP (ceil (hi_y + reach), roi.y0, image->height - 1) - roi.y0 + 1;
  *x0 = roi.x0;
  *y0 = roi.y0;
  return angio_subtract_background (image, background, roi, params->motion_tolerance_px, NULL);
}

/* Borders of @path on @image, or on @image less its aligned @background around the path,
 * looked for as far as a vessel @diameter_max_px wide needs (the background is aligned over
 * the reach of @params' widest vessel all the same). */
static AngioVesselContour *
detect_borders_within (const AngioImageF         *image,
                       const AngioImageF         *background,
                       const AngioPoint          *path,
                       guint                      n,
                       const AngioStenosisParams *params,
                       double                     diameter_max_px,
                       const AngioProgress       *progress)
{
  g_autoptr(AngioImageF) part = NULL;
  g_autofree AngioPoint *shifted = NULL;
  AngioVesselContour *contour;
  AngioEdgeParams ep, widest;
  guint x0, y0;

  angio_edge_params_init (&ep, diameter_max_px);
  if (background == NULL || n == 0)
    return angio_edges_detect (image, path, n, &ep, progress);
  angio_edge_params_init (&widest, params->diameter_max_px);
  part = border_image (image, background, path, n, params, &widest, &x0, &y0);
  shifted = g_new (AngioPoint, n);
  for (guint i = 0; i < n; i++)
    shifted[i] = (AngioPoint) { path[i].x - x0, path[i].y - y0 };
  contour = angio_edges_detect (part, shifted, n, &ep, progress);
  if (contour != NULL)
    angio_vessel_contour_translate (contour, x0, y0);
  return contour;
}

static AngioVesselContour *
detect_borders (const AngioImageF         *image,
                const AngioImageF         *background,
                const AngioPoint          *path,
                guint                      n,
                const AngioStenosisParams *params,
                const AngioProgress       *progress)
{
  return detect_borders_within (image, background, path, n, params, params->diameter_max_px,
                                progress);
}

/* Takes @contour; %NULL (and frees it) when it is too short for QCA. */
static AngioStenosis *
stenosis_new (AngioVesselContour   *contour,
              const AngioQcaParams *params)
{
  AngioStenosis *stenosis;
  AngioQca *qca = angio_qca_compute (contour, params);

  if (qca == NULL)
    {
      angio_vessel_contour_free (contour);
      return NULL;
    }
  stenosis = g_new0 (AngioStenosis, 1);
  stenosis->contour = contour;
  stenosis->qca = qca;
  return stenosis;
}

AngioStenosis *
angio_stenosis_measure_path (const AngioImageF         *image,
                             const AngioImageF         *background,
                             const AngioPoint          *path,
                             guint                      n,
                             const AngioStenosisParams *params,
                             const AngioProgress       *progress)
{
  AngioVesselContour *contour;

  g_return_val_if_fail (image != NULL && params != NULL, NULL);

  contour = detect_borders (image, background, path, n, params, progress);
  if (contour == NULL)
    return NULL;
  return stenosis_new (contour, &params->qca);
}

AngioVesselContour *
angio_stenosis_redetect_borders (const AngioImageF         *image,
                                 const AngioImageF         *background,
                                 const AngioEdgeEdit       *edit,
                                 const AngioStenosisParams *params)
{
  g_autoptr(AngioImageF) part = NULL;
  g_autoptr(AngioVesselContour) shifted = NULL;
  AngioVesselContour *contour;
  AngioEdgeEdit moved;
  AngioEdgeParams ep;
  guint x0, y0;

  g_return_val_if_fail (image != NULL && edit != NULL && params != NULL, NULL);

  angio_edge_params_init (&ep, params->diameter_max_px);
  if (background == NULL)
    return angio_edges_redetect (image, edit, &ep);
  part = border_image (image, background, edit->contour->centerline, edit->contour->n, params,
                       &ep, &x0, &y0);
  shifted = angio_vessel_contour_copy (edit->contour);
  angio_vessel_contour_translate (shifted, -(double) x0, -(double) y0);
  moved = *edit;
  moved.contour = shifted;
  contour = angio_edges_redetect (part, &moved, &ep);
  if (contour != NULL)
    angio_vessel_contour_translate (contour, x0, y0);
  return contour;
}

/* The width of the dark vessel across @at (at most @reach pixels either side), along the
 * normal to @along: where the profile climbs half-way from its minimum near @at back to the
 * lower of the two levels it reaches on either side before it falls again (a neighbouring
 * vessel). NAN when no dip is there. */
static double
width_across (const AngioImageF *image,
              AngioPoint         at,
              AngioPoint         along,
              double             reach)
{
  double len = hypot (along.x, along.y), nx, ny, level, half, sides[2];
  gint steps = (gint) ceil (reach / WIDTH_STEP_PX), centre = 0;
  g_autofree double *profile = NULL;
  g_autofree double *raw = NULL;
  double top[2];

  if (!(len > 0) || steps < 2)
    return NAN;
  nx = -along.y / len;
  ny = along.x / len;
  raw = g_new (double, 2 * steps + 1);
  profile = g_new (double, 2 * steps + 1);
  for (gint i = -steps; i <= steps; i++)
    raw[i + steps] = angio_image_f_sample (image, at.x + i * WIDTH_STEP_PX * nx,
                                           at.y + i * WIDTH_STEP_PX * ny);
  /* Noise makes dips of its own: the profile is seen smoothed over about a pixel. */
  angio_gaussian_smooth_1d (raw, profile, 2 * steps + 1, WIDTH_SMOOTH_PX / WIDTH_STEP_PX);
  /* The minimum near the centre: the click is on the vessel, perhaps not on its axis. */
  level = G_MAXDOUBLE;
  for (gint i = -(gint) (WIDTH_NEAR_PX / WIDTH_STEP_PX); i <= (gint) (WIDTH_NEAR_PX / WIDTH_STEP_PX);
       i++)
    if (i + steps >= 0 && i + steps <= 2 * steps && profile[i + steps] < level)
      {
        level = profile[i + steps];
        centre = i;
      }
  for (gint side = 0; side < 2; side++)
    {
      gint dir = side == 0 ? -1 : 1;

      top[side] = level;
      for (gint i = centre; i >= -steps && i <= steps; i += dir)
        {
          double v = profile[i + steps];

          if (v > top[side])
            top[side] = v;
          else if (top[side] - v > WIDTH_FALL * (top[side] - level) && top[side] > level)
            break;
        }
    }
  if (!(MIN (top[0], top[1]) > level))
    return NAN;
  half = level + 0.5 * (MIN (top[0], top[1]) - level);
  for (gint side = 0; side < 2; side++)
    {
      gint dir = side == 0 ? -1 : 1;

      sides[side] = NAN;
      for (gint i = centre; i + dir >= -steps && i + dir <= steps; i += dir)
        if (profile[i + dir + steps] >= half)
          {
            double a = profile[i + steps], b = profile[i + dir + steps];

            sides[side] = (i + dir * (half - a) / (b - a)) * WIDTH_STEP_PX;
            break;
          }
    }
  return fabs (sides[1] - sides[0]);
}

/* The direction of @path at its start (@from_end FALSE) or its end, over a few pixels. */
static AngioPoint
path_direction (const AngioPoint *path,
                guint             n,
                gboolean          from_end)
{
  guint k = MIN (n - 1, (guint) WIDTH_DIRECTION_PX);
  AngioPoint a = from_end ? path[n - 1 - k] : path[0], b = from_end ? path[n - 1] : path[k];

  return (AngioPoint) { b.x - a.x, b.y - a.y };
}

AngioStenosis *
angio_stenosis_measure (const AngioImageF         *image,
                        const AngioImageF         *background,
                        AngioPoint                 from,
                        AngioPoint                 to,
                        const AngioStenosisParams *params,
                        const AngioVesselness     *vesselness,
                        const AngioProgress       *progress)
{
  g_autoptr(GArray) path = NULL;
  AngioStenosisParams bounded = *params;
  AngioTraceParams tp;
  AngioVesselContour *contour;
  const AngioPoint *p;
  double ends[2], widest = 0;
  gint margin;

  g_return_val_if_fail (image != NULL && params != NULL, NULL);

  angio_trace_params_init (&tp, params->diameter_min_px, params->diameter_max_px);
  path = angio_trace_vessel (image, from, to, &tp, vesselness, progress);
  if (path == NULL)
    return NULL;
  /* The borders are looked for no farther than the vessel clicked is wide at its two ends
   * allows: a wider search finds a parallel vessel's far border, or the catheter's. */
  p = (const AngioPoint *) path->data;
  ends[0] = width_across (image, p[0], path_direction (p, path->len, FALSE),
                          params->diameter_max_px);
  ends[1] = width_across (image, p[path->len - 1], path_direction (p, path->len, TRUE),
                          params->diameter_max_px);
  if (isfinite (ends[0]) || isfinite (ends[1]))
    widest = MAX (isfinite (ends[0]) ? ends[0] : 0, isfinite (ends[1]) ? ends[1] : 0);
  /* Thinner than the thinnest vessel sought at both ends: the profile was not read (noise, a
   * crossing); no bound then. */
  if (widest < params->diameter_min_px)
    widest = 0;
  if (widest > 0)
    bounded.diameter_max_px = CLAMP (WIDTH_SLACK * widest, params->diameter_min_px,
                                     params->diameter_max_px);
  contour = detect_borders_within (image, background, p, path->len, params,
                                   bounded.diameter_max_px, progress);
  if (contour == NULL)
    return NULL;
  /* The reader clicked on either side of the lesion, on healthy vessel, often where a branch
   * leaves: the narrowest point is not looked for within a diameter of a click. */
  margin = (gint) MIN (ceil (END_MARGIN_DIAMETERS * MAX (widest, params->diameter_min_px)
                             / contour->step_px),
                       floor (END_MARGIN_SHARE * contour->n));
  if (params->qca.search_prox == ANGIO_QCA_AUTO && params->qca.search_dist == ANGIO_QCA_AUTO
      && (gint) contour->n - 2 * margin >= MIN_SEARCH_SCANLINES)
    {
      bounded.qca.search_prox = margin;
      bounded.qca.search_dist = (gint) contour->n - 1 - margin;
    }
  return stenosis_new (contour, &bounded.qca);
}

/* Finding */

typedef struct {
  guint w, h;
  const AngioImageF *image;
  const AngioVesselness *v;
  const AngioStenosisParams *params;
  guint8 *vessels;           /* the thresholded vessels, then their skeleton */
  float *dist;               /* geodesic tree from the root */
  guint32 *prev;
  guint8 *claimed;
  GArray *junctions;         /* Junction: where branches meet */
  const AngioImageF *fixed;  /* vesselness before the contrast, dilated (nullable) */
  const AngioImageF *background; /* pre-contrast background (nullable) */
  const AngioImageF *arrival;    /* contrast arrival, reduced (nullable) */
  guint arrival_factor;
} Tree;

/* Diameters change abruptly where branches meet: no candidates this close to a junction. */
typedef struct {
  AngioPoint at;
  double radius_px;
} Junction;

/* The healthy vessel either side of a lesion is one vessel: a straight taper fits it within this
 * share of its diameter (a bifurcation makes a step that does not), and the two sides differ by
 * less than this ratio. */
#define MAX_HEALTHY_SD 0.08
#define MAX_SIDE_RATIO 1.6
/* Healthy vessel each side of a proposed lesion, in reference diameters at least. */
#define MIN_HEALTHY_DIAMETERS 0.25
/* Borders found by the fit over at least this share of the segment (else it is too faint). */
#define MIN_FITTED_SHARE 0.6

/* A segment that lies mostly on structures seen before the contrast came is the catheter or a
 * bone edge, not a vessel. */
#define MAX_STATIC_SHARE 0.5
#define STATIC_LEVEL 0.15

typedef struct {
  AngioPoint at;             /* image position of the minimum */
  double percent_ds;         /* as the candidate search estimates it */
  double diameter_px;        /* local healthy diameter */
  GArray *branch;            /* AngioPoint: the branch centerline it lies on (shared) */
  guint index;               /* scanline of the minimum on @branch */
  double step_px;
  double extent_px;          /* how far the narrowing reaches either side of the minimum */
  guint32 tip;               /* the tip of the tree the branch leads to */
} Candidate;

static void
candidate_free (gpointer data)
{
  Candidate *c = data;

  g_array_unref (c->branch);
  g_free (c);
}

/* Filters see the image edge as a wall (its pixels repeated beyond it): vesselness that close
 * to the edge is not trusted. */
static gboolean
inside (const Tree *tree,
        gsize       k)
{
  guint x = k % tree->w, y = k / tree->w;
  guint margin = (guint) ceil (0.5 * tree->params->diameter_max_px);

  return x >= margin && y >= margin && x + margin < tree->w && y + margin < tree->h;
}

/* Vessels by hysteresis on the vesselness, inside the field. */
static void
threshold_vessels (Tree         *tree,
                   const guint8 *field)
{
  gsize n = (gsize) tree->w * tree->h;
  const float *v = tree->v->response->data;
  g_autofree guint32 *stack = g_new (guint32, n);
  gsize top = 0;

  memset (tree->vessels, 0, n);
  for (gsize i = 0; i < n; i++)
    if (field[i] && inside (tree, i) && v[i] >= tree->params->vessel_high)
      {
        tree->vessels[i] = 1;
        stack[top++] = (guint32) i;
      }
  while (top > 0)
    {
      guint32 k = stack[--top];
      guint x = k % tree->w, y = k / tree->w;

      for (gint dy = -1; dy <= 1; dy++)
        for (gint dx = -1; dx <= 1; dx++)
          {
            gint64 xx = (gint64) x + dx, yy = (gint64) y + dy;
            gsize q;

            if (xx < 0 || yy < 0 || xx >= tree->w || yy >= tree->h)
              continue;
            q = (gsize) yy * tree->w + (gsize) xx;
            if (!tree->vessels[q] && field[q] && inside (tree, q)
                && v[q] >= tree->params->vessel_low)
              {
                tree->vessels[q] = 1;
                stack[top++] = (guint32) q;
              }
          }
    }
}

static double
local_diameter (const Tree *tree,
                AngioPoint  p)
{
  gint64 x = CLAMP ((gint64) round (p.x), 0, (gint64) tree->w - 1);
  gint64 y = CLAMP ((gint64) round (p.y), 0, (gint64) tree->h - 1);

  return tree->v->sigma_px->data[y * tree->w + x] / ANGIO_VESSELNESS_SIGMA_PER_DIAMETER;
}

static double
fixed_at (const Tree *tree,
          AngioPoint  p)
{
  if (tree->fixed == NULL)
    return 0;
  return angio_image_f_sample (tree->fixed, p.x, p.y);
}

/* The share of the analysed segment (between the reference markers) on fixed structures. */
static double
fixed_share (const Tree          *tree,
             const AngioStenosis *s)
{
  guint on = 0, all = 0;

  for (guint i = s->qca->marker_prox; i <= s->qca->marker_dist; i++, all++)
    on += fixed_at (tree, s->contour->centerline[i]) >= STATIC_LEVEL;
  return all ? (double) on / all : 0;
}

/* Whether a measured segment looks like a lesion on one vessel with healthy vessel both sides,
 * clearly seen. */
static gboolean
plausible (const Tree          *tree,
           const AngioStenosis *s)
{
  const AngioQca *q = s->qca;
  double ratio = q->healthy_prox_px / q->healthy_dist_px;
  guint fitted = 0;

  for (guint i = q->marker_prox; i <= q->marker_dist; i++)
    fitted += s->contour->fitted[i];
  return q->percent_ds >= tree->params->min_percent_ds
         && q->ref_px >= tree->params->min_reference_px
         && q->healthy_prox_len_px >= MIN_HEALTHY_DIAMETERS * q->ref_px
         && q->healthy_dist_len_px >= MIN_HEALTHY_DIAMETERS * q->ref_px
         && isfinite (ratio) && ratio < MAX_SIDE_RATIO && ratio > 1 / MAX_SIDE_RATIO
         && q->diameter_sd_px <= MAX_HEALTHY_SD * q->ref_px
         && fitted >= MIN_FITTED_SHARE * (q->marker_dist - q->marker_prox + 1)
         && fixed_share (tree, s) <= MAX_STATIC_SHARE;
}

static gboolean
near_junction (const Tree *tree,
               AngioPoint  p)
{
  for (guint j = 0; j < tree->junctions->len; j++)
    {
      const Junction *junction = &g_array_index (tree->junctions, Junction, j);

      if (angio_point_distance (p, junction->at) < junction->radius_px)
        return TRUE;
    }
  return FALSE;
}

/* The vessel beyond the start (or the end) of @path, @length pixels of it: from a point that far
 * straight on, the minimal path back to the path's end on the image itself. Returns: (transfer
 * full) (nullable): the points in @path's direction, its end excluded. */
static GArray *
extend (const Tree   *tree,
        const GArray *path,
        gboolean      before,
        double        length)
{
  guint n = path->len, back = MIN (n - 1, (guint) ceil (EXTEND_DIRECTION_PX));
  AngioPoint end = g_array_index (path, AngioPoint, before ? 0 : n - 1);
  AngioPoint inner = g_array_index (path, AngioPoint, before ? back : n - 1 - back);
  double d = angio_point_distance (end, inner);
  AngioPoint far;
  AngioTraceParams tp;
  GArray *extension;

  if (d < 1 || length < 1)
    return NULL;
  far = (AngioPoint) { end.x + (end.x - inner.x) / d * length,
                       end.y + (end.y - inner.y) / d * length };
  far.x = CLAMP (far.x, 0, tree->w - 1.0);
  far.y = CLAMP (far.y, 0, tree->h - 1.0);
  angio_trace_params_init (&tp, tree->params->diameter_min_px, tree->params->diameter_max_px);
  tp.snap_px = 0;
  extension = before ? angio_trace_vessel (tree->image, far, end, &tp, NULL, NULL)
                     : angio_trace_vessel (tree->image, end, far, &tp, NULL, NULL);
  if (extension == NULL || extension->len < 2)
    {
      g_clear_pointer (&extension, g_array_unref);
      return NULL;
    }
  g_array_remove_index (extension, before ? extension->len - 1 : 0);
  return extension;
}

/* Scanlines from @i to where the diameter is back to @level, the longer side. */
static guint
narrowing_extent (const double *d,
                  guint         n,
                  guint         i,
                  double        level)
{
  guint a = i, b = i;

  while (a > 0 && d[a] < level)
    a--;
  while (b + 1 < n && d[b] < level)
    b++;
  return MAX (i - a, b - i);
}

/* Candidates along one branch: minima of the diameter function with wider vessel on both
 * sides, from index @first on (the part before is context). */
static void
branch_candidates (Tree      *tree,
                   GArray    *path,
                   guint      first_new,
                   guint32    tip,
                   GPtrArray *candidates)
{
  AngioEdgeParams ep;
  g_autoptr(AngioVesselContour) contour = NULL;
  g_autofree double *d = NULL;
  g_autoptr(GArray) line = NULL;
  double diameter = 0, step, scale;
  guint n, first, reach;

  for (guint i = 0; i < path->len; i++)
    diameter = MAX (diameter, local_diameter (tree, g_array_index (path, AngioPoint, i)));
  angio_edge_params_init (&ep, MIN (diameter, tree->params->diameter_max_px));
  ep.model_fit = FALSE;
  ep.recentre_passes = 1;
  contour = angio_edges_detect (tree->image, (AngioPoint *) path->data, path->len, &ep, NULL);
  if (contour == NULL)
    return;
  n = contour->n;
  step = contour->step_px;
  first = (guint) (first_new * (angio_polyline_length ((AngioPoint *) path->data, path->len)
                                / MAX (path->len - 1, 1)) / step);
  d = g_new (double, n);
  angio_gaussian_smooth_1d (contour->diameter_px, d, n, 1.0 / step);
  line = g_array_sized_new (FALSE, FALSE, sizeof (AngioPoint), n);
  g_array_append_vals (line, contour->centerline, n);

  /* The branch's own diameter (most of a branch is healthy) sets the scale of the search. */
  scale = MAX (angio_median (d, n), tree->params->diameter_min_px);
  reach = (guint) ceil (HEALTHY_DIAMETERS * scale / step);
  for (guint i = MAX (first, 1); i + 1 < n; i++)
    {
      double local = MAX (d[i], 1.0), prox, dist, ds;
      guint half, lo, hi;
      g_autofree double *a = NULL;
      g_autofree double *b = NULL;
      guint na = 0, nb = 0;
      gboolean minimum = TRUE;

      half = (guint) ceil (0.5 * MAX (local, 2.0) / step);
      lo = i > half ? i - half : 0;
      hi = MIN (i + half, n - 1);
      for (guint j = lo; j <= hi && minimum; j++)
        minimum = d[j] >= d[i];
      if (!minimum || i < half || i + half >= n)
        continue;
      a = g_new (double, reach + 1);
      b = g_new (double, reach + 1);
      for (guint j = half; j <= reach; j++)
        {
          if (i >= j)
            a[na++] = d[i - j];
          if (i + j < n)
            b[nb++] = d[i + j];
        }
      /* Both sides must hold at least a diameter of vessel. */
      if (na * step < scale || nb * step < scale)
        continue;
      prox = angio_quantile_inplace (a, na, 0.75);
      dist = angio_quantile_inplace (b, nb, 0.75);
      ds = angio_percent_diameter_stenosis (d[i], MIN (prox, dist));
      if (ds < CANDIDATE_MIN_DS || 0.5 * (prox + dist) < tree->params->min_reference_px
          || near_junction (tree, contour->centerline[i]))
        continue;
      {
        Candidate *c = g_new0 (Candidate, 1);

        c->at = contour->centerline[i];
        c->percent_ds = angio_percent_diameter_stenosis (d[i], 0.5 * (prox + dist));
        c->diameter_px = 0.5 * (prox + dist);
        c->branch = g_array_ref (line);
        c->index = i;
        c->step_px = step;
        c->tip = tip;
        c->extent_px = narrowing_extent (d, n, i, 0.9 * MIN (prox, dist)) * step;
        g_ptr_array_add (candidates, c);
      }
    }
}

/* The root of the tree: its thickest, clearest point (the trunk that the catheter feeds). */
static guint32
find_root (const Tree *tree)
{
  guint32 root = G_MAXUINT32;
  double best = 0;

  for (gsize k = 0; k < (gsize) tree->w * tree->h; k++)
    if (tree->vessels[k])
      {
        double strength = tree->v->sigma_px->data[k] * tree->v->response->data[k];

        if (strength > best)
          {
            best = strength;
            root = (guint32) k;
          }
      }
  return root;
}

static gboolean
is_tip (const Tree *tree,
        guint32     k)
{
  return isfinite (tree->dist[k])
         && angio_skeleton_is_end (tree->vessels, tree->w, tree->h, k % tree->w, k / tree->w);
}

/* The tip whose path from @root runs through the thickest vessel on average (at least a few
 * diameters long): the proximal end of the trunk, where the contrast comes from. */
static guint32
find_trunk_end (const Tree *tree,
                guint32     root)
{
  double root_diameter = local_diameter (tree, (AngioPoint) { root % tree->w, root / tree->w });
  guint32 best = root;
  double best_mean = 0;

  for (gsize k = 0; k < (gsize) tree->w * tree->h; k++)
    {
      g_autoptr(GArray) path = NULL;
      double sum = 0;

      if (!is_tip (tree, (guint32) k))
        continue;
      path = angio_geodesic_path (tree->prev, tree->w, (guint32) k);
      if (path->len < TRUNK_DIAMETERS * root_diameter)
        continue;
      for (guint i = 0; i < path->len; i++)
        sum += local_diameter (tree, g_array_index (path, AngioPoint, i));
      if (sum / path->len > best_mean)
        {
          best_mean = sum / path->len;
          best = (guint32) k;
        }
    }
  return best;
}

/* The earliest arrival around pixel @k (the reduced pixels at a vessel's end also hold
 * background, which has none). */
static double
arrival_at (const Tree *tree,
            guint32     k)
{
  const AngioImageF *a = tree->arrival;
  gint64 x = (k % tree->w) / tree->arrival_factor, y = (k / tree->w) / tree->arrival_factor;
  double earliest = NAN;

  for (gint64 yy = MAX (0, y - 1); yy <= MIN ((gint64) a->height - 1, y + 1); yy++)
    for (gint64 xx = MAX (0, x - 1); xx <= MIN ((gint64) a->width - 1, x + 1); xx++)
      {
        float t = angio_image_f_row (a, yy)[xx];

        if (isfinite (t) && !(t >= earliest))
          earliest = t;
      }
  return earliest;
}

/* The tip the contrast reached first; among tips reached within a frame or so of it, the
 * thickest. G_MAXUINT32 when no tip has an arrival time. */
static guint32
first_filled (const Tree *tree)
{
  guint32 best = G_MAXUINT32;
  double earliest = G_MAXDOUBLE, best_width = 0;

  for (gsize k = 0; k < (gsize) tree->w * tree->h; k++)
    if (is_tip (tree, (guint32) k))
      {
        double t = arrival_at (tree, (guint32) k);

        if (isfinite (t))
          earliest = MIN (earliest, t);
      }
  if (earliest == G_MAXDOUBLE)
    return G_MAXUINT32;
  for (gsize k = 0; k < (gsize) tree->w * tree->h; k++)
    if (is_tip (tree, (guint32) k))
      {
        double t = arrival_at (tree, (guint32) k);
        double width = tree->v->sigma_px->data[k];

        if (isfinite (t) && t <= earliest + ARRIVAL_SLACK_MS && width > best_width)
          {
            best_width = width;
            best = (guint32) k;
          }
      }
  return best;
}

static int
compare_tips (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const float *dist = user_data;
  float da = dist[*(const guint32 *) a], db = dist[*(const guint32 *) b];

  return (da < db) - (da > db);
}

/* Branches of the geodesic tree, longest paths first, each with context from its parent. */
static void
collect_candidates (Tree      *tree,
                    guint32    root,
                    GPtrArray *candidates)
{
  g_autoptr(GArray) tips = g_array_new (FALSE, FALSE, sizeof (guint32));

  for (guint y = 0; y < tree->h; y++)
    for (guint x = 0; x < tree->w; x++)
      {
        guint32 k = y * tree->w + x;

        if (k != root && is_tip (tree, k))
          g_array_append_val (tips, k);
      }
  g_array_sort_with_data (tips, compare_tips, tree->dist);

  for (guint t = 0; t < tips->len; t++)
    {
      g_autoptr(GArray) path = angio_geodesic_path (tree->prev, tree->w,
                                                    g_array_index (tips, guint32, t));
      gint64 joint = -1;
      double diameter, context, *widths;
      guint start = 0, new_len;

      /* Where this path joins the part of the tree already analysed. */
      for (guint i = path->len; i-- > 0;)
        {
          AngioPoint p = g_array_index (path, AngioPoint, i);
          guint32 k = (guint32) p.y * tree->w + (guint32) p.x;

          if (tree->claimed[k])
            {
              joint = i;
              break;
            }
        }
      new_len = path->len - (guint) (joint + 1);
      if (new_len == 0)
        continue;
      widths = g_new (double, new_len);
      for (guint i = (guint) (joint + 1); i < path->len; i++)
        {
          AngioPoint p = g_array_index (path, AngioPoint, i);

          tree->claimed[(guint32) p.y * tree->w + (guint32) p.x] = 1;
          widths[i - (joint + 1)] = local_diameter (tree, p);
        }
      /* The median: junctions make blobs of large scale along the way. */
      diameter = MAX (angio_median_inplace (widths, new_len), tree->params->diameter_min_px);
      g_free (widths);
      if (new_len < MIN_BRANCH_DIAMETERS * diameter)
        continue;
      /* Paths leaving the root on its two sides do not branch there. */
      if (joint > 0)
        {
          AngioPoint at = g_array_index (path, AngioPoint, joint);
          Junction junction = { at, JUNCTION_DIAMETERS * local_diameter (tree, at) };

          g_array_append_val (tree->junctions, junction);
        }

      context = CONTEXT_DIAMETERS * diameter;
      if (joint > context)
        start = (guint) (joint - context);
      g_array_remove_range (path, 0, start);

      branch_candidates (tree, path, (guint) MAX (0, joint - (gint64) start),
                         g_array_index (tips, guint32, t), candidates);
    }
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *ca = *(Candidate *const *) a, *cb = *(Candidate *const *) b;

  return (ca->percent_ds < cb->percent_ds) - (ca->percent_ds > cb->percent_ds);
}

static int
compare_stenoses (gconstpointer a,
                  gconstpointer b)
{
  const AngioStenosis *sa = *(AngioStenosis *const *) a, *sb = *(AngioStenosis *const *) b;

  return (sa->qca->percent_ds < sb->qca->percent_ds) - (sa->qca->percent_ds > sb->qca->percent_ds);
}

static AngioPoint
mld_point (const AngioStenosis *s)
{
  return s->contour->centerline[s->qca->mld_index];
}

/* Where a side's diameter stays within this share of what it measures next to the lesion, it is
 * the vessel itself (and not the catheter tip in the ostium or a branch at the segment's end). */
#define SIDE_TOLERANCE 0.12

/* The first scanline from @from, stepping by @direction, where a stretch of @run scanlines all
 * lie within SIDE_TOLERANCE of @typical. */
static guint
steady_from (const double *d,
             guint         n,
             guint         from,
             gint          direction,
             guint         run,
             double        typical)
{
  guint steady = 0;

  for (guint i = from; i < n; i = (guint) ((gint) i + direction))
    {
      steady = fabs (d[i] - typical) <= SIDE_TOLERANCE * typical ? steady + 1 : 0;
      if (steady >= run)
        return (guint) ((gint) i - direction * (gint) (run - 1));
      if (i == 0 && direction < 0)
        break;
    }
  return from;
}

/* Reference markers that leave out the ends of the segment where the diameter strays from
 * what each side of the candidate mostly measures. */
static void
choose_markers (const AngioVesselContour *contour,
                const Candidate          *c,
                AngioQcaParams           *qca)
{
  guint n = contour->n, at = 0, reach, run, window;
  double best = G_MAXDOUBLE, prox, dist;

  for (guint i = 0; i < n; i++)
    {
      double d = angio_point_distance (contour->centerline[i], c->at);
      if (d < best)
        best = d, at = i;
    }
  reach = (guint) ceil ((c->extent_px + 0.5 * c->diameter_px) / contour->step_px);
  run = MAX (4, (guint) ceil (0.5 * c->diameter_px / contour->step_px));
  window = (guint) ceil (1.5 * c->diameter_px / contour->step_px);
  if (at < reach + run || at + reach + run >= n)
    return;
  /* What each side measures next to the lesion. */
  prox = angio_median (contour->diameter_px + (at - reach > window ? at - reach - window : 0),
                       MIN (window, at - reach));
  dist = angio_median (contour->diameter_px + at + reach, MIN (window, n - at - reach));
  qca->marker_prox = (gint) MAX (steady_from (contour->diameter_px, n, 0, 1, run, prox),
                                 (guint) round (0.05 * (n - 1)));
  qca->marker_dist = (gint) MIN (steady_from (contour->diameter_px, n, n - 1, -1, run, dist),
                                 (guint) round (0.95 * (n - 1)));
  if (qca->marker_prox + 8 > qca->marker_dist)
    qca->marker_prox = qca->marker_dist = ANGIO_QCA_AUTO;
}

/* Measures a candidate along the tree: the minimal path from the root through the candidate to
 * the end of its branch, over a lesion's worth plus healthy vessel each side. Going back along
 * the path toward the root (not only along the branch) gives the lesion its proximal reference
 * even when it lies close to where its branch leaves its parent. */
static AngioStenosis *
measure_candidate (const Tree      *tree,
                   const Candidate *c)
{
  g_autoptr(GArray) path = angio_geodesic_path (tree->prev, tree->w, c->tip);
  double reach = c->extent_px + 3.0 * c->diameter_px + 4.0, best = G_MAXDOUBLE, arc;
  g_autoptr(GArray) segment = NULL;
  GArray *extension;
  AngioVesselContour *contour;
  AngioQcaParams qca;
  double arc_lo, broken;
  guint at = 0, lo, hi;

  if (path->len < 4)
    return NULL;
  for (guint i = 0; i < path->len; i++)
    {
      double d = angio_point_distance (g_array_index (path, AngioPoint, i), c->at);
      if (d < best)
        best = d, at = i;
    }
  for (lo = at, arc = 0; lo > 0 && arc < reach; lo--)
    arc += angio_point_distance (g_array_index (path, AngioPoint, lo),
                                 g_array_index (path, AngioPoint, lo - 1));
  arc_lo = arc;
  for (hi = at, arc = 0; hi + 1 < path->len && arc < reach; hi++)
    arc += angio_point_distance (g_array_index (path, AngioPoint, hi),
                                 g_array_index (path, AngioPoint, hi + 1));
  /* Where the tree ends within the narrowing (a tight stenosis broke the vessel mask), the
   * vessel is followed on beyond its end, straight on at first, then on the image. A tree that
   * ends further away ends where the vessel does (at the ostium, where the catheter takes
   * over): that is not extended. */
  broken = c->extent_px + 0.5 * c->diameter_px;
  segment = g_array_new (FALSE, FALSE, sizeof (AngioPoint));
  if (lo == 0 && arc_lo < broken
      && (extension = extend (tree, path, TRUE, reach - arc_lo)) != NULL)
    {
      g_array_append_vals (segment, extension->data, extension->len);
      g_array_unref (extension);
    }
  g_array_append_vals (segment, &g_array_index (path, AngioPoint, lo), hi - lo + 1);
  if (hi + 1 == path->len && arc < broken
      && (extension = extend (tree, path, FALSE, reach - arc)) != NULL)
    {
      g_array_append_vals (segment, extension->data, extension->len);
      g_array_unref (extension);
    }
  if (segment->len < 6)
    return NULL;
  contour = detect_borders (tree->image, tree->background, (AngioPoint *) segment->data,
                            segment->len, tree->params, NULL);
  if (contour == NULL)
    return NULL;
  qca = tree->params->qca;
  choose_markers (contour, c, &qca);
  return stenosis_new (contour, &qca);
}

GPtrArray *
angio_stenosis_find (const AngioStenosisScene  *scene,
                     const AngioStenosisParams *params,
                     const AngioProgress       *progress)
{
  const AngioImageF *image;
  const AngioVesselness *vesselness;
  const guint8 *field;
  g_autoptr(AngioVesselness) own = NULL;
  g_autofree guint8 *own_field = NULL;
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (candidate_free);
  g_autoptr(AngioImageF) cost = NULL;
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) angio_stenosis_free);
  Tree tree = { 0 };
  gsize n;
  guint32 root;
  float vmax = 1e-12f;

  g_return_val_if_fail (scene != NULL && scene->image != NULL && params != NULL, NULL);

  image = scene->image;
  vesselness = scene->vesselness;
  field = scene->field;
  if (vesselness == NULL)
    {
      AngioVesselnessParams vp;

      angio_vesselness_params_init (&vp, params->diameter_min_px, params->diameter_max_px);
      vesselness = own = angio_vesselness_compute (image, &vp, progress);
      if (own == NULL)
        goto cancelled;
    }
  if (field == NULL)
    field = own_field = angio_field_mask (image, params->diameter_max_px);

  tree.w = image->width;
  tree.h = image->height;
  tree.image = image;
  tree.v = vesselness;
  tree.params = params;
  tree.fixed = scene->fixed;
  tree.background = scene->background;
  tree.arrival = scene->arrival_ms;
  tree.arrival_factor = MAX (scene->arrival_factor, 1);
  n = (gsize) tree.w * tree.h;
  tree.vessels = g_malloc (n);
  threshold_vessels (&tree, field);
  angio_skeleton_thin (tree.vessels, tree.w, tree.h);
  {
    /* Spurs of the thinning at the vessels' blunt ends reach about a radius in. */
    g_autofree float *spur = g_new (float, n);

    for (gsize i = 0; i < n; i++)
      spur[i] = (float) (SPUR_RADII * 0.5 * vesselness->sigma_px->data[i]
                         / ANGIO_VESSELNESS_SIGMA_PER_DIAMETER);
    angio_skeleton_prune (tree.vessels, tree.w, tree.h, spur, 0);
  }
  root = find_root (&tree);
  if (root == G_MAXUINT32)
    goto done;
  if (angio_progress_cancelled (progress))
    goto cancelled;

  cost = angio_image_f_new (tree.w, tree.h);
  for (gsize i = 0; i < n; i++)
    vmax = MAX (vmax, vesselness->response->data[i]);
  for (gsize i = 0; i < n; i++)
    cost->data[i] = field[i] ? (float) (1.0 / (COST_EPSILON + vesselness->response->data[i] / vmax))
                             : INFINITY;
  tree.dist = g_new (float, n);
  tree.prev = g_new (guint32, n);
  tree.claimed = g_new0 (guint8, n);
  tree.junctions = g_array_new (FALSE, FALSE, sizeof (Junction));
  if (!angio_geodesic_tree (cost, (AngioPoint) { root % tree.w, root / tree.w }, tree.dist,
                            tree.prev, progress))
    goto cancelled;
  /* The thickest point may be a bifurcation; the tree grows from the end of its trunk, or
   * better, from where the contrast came in. */
  {
    guint32 trunk_end = tree.arrival != NULL ? first_filled (&tree) : G_MAXUINT32;

    if (trunk_end == G_MAXUINT32)
      trunk_end = find_trunk_end (&tree, root);

    if (trunk_end != root
        && !angio_geodesic_tree (cost, (AngioPoint) { trunk_end % tree.w, trunk_end / tree.w },
                                 tree.dist, tree.prev, progress))
      goto cancelled;
    root = trunk_end;
  }
  collect_candidates (&tree, root, candidates);
  g_debug ("stenosis search: root (%u,%u), %u candidates", root % tree.w, root / tree.w,
           candidates->len);
  g_ptr_array_sort (candidates, compare_candidates);

  /* Measure the strongest candidates, skipping those a measured lesion already covers. */
  for (guint i = 0; i < candidates->len && found->len < 2 * MAX (params->max_lesions, 1); i++)
    {
      const Candidate *c = g_ptr_array_index (candidates, i);
      AngioStenosis *s;
      gboolean covered = FALSE;

      if (angio_progress_cancelled (progress))
        goto cancelled;
      for (guint j = 0; j < found->len && !covered; j++)
        covered = angio_point_distance (mld_point (g_ptr_array_index (found, j)), c->at)
                  < 1.5 * c->diameter_px;
      if (covered)
        continue;
      s = measure_candidate (&tree, c);
      if (s == NULL)
        continue;
      for (guint j = 0; j < found->len && !covered; j++)
        covered = angio_point_distance (mld_point (g_ptr_array_index (found, j)), mld_point (s))
                  < 1.5 * c->diameter_px;
      if (covered || !plausible (&tree, s))
        {
          angio_stenosis_free (s);
          continue;
        }
      g_ptr_array_add (found, s);
    }
  g_ptr_array_sort (found, compare_stenoses);
  if (found->len > params->max_lesions)
    g_ptr_array_set_size (found, params->max_lesions);

done:
  g_free (tree.vessels);
  g_free (tree.dist);
  g_free (tree.prev);
  g_free (tree.claimed);
  g_clear_pointer (&tree.junctions, g_array_unref);
  return found;

cancelled:
  g_ptr_array_unref (found);
  found = NULL;
  goto done;
}
