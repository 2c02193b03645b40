/* angio-phantom-private.h — the scene behind a phantom, shared by its three files:
 * angio-phantom-scene.c builds it (anatomy, timing, motion), angio-phantom-render.c draws
 * frames and masks from it, angio-phantom.c runs the whole and writes the results.
 *
 * Geometry is in mm in the isocenter plane, origin at the image centre, x right, y down.
 */
#pragma once

#include "angio-image.h"
#include "angio-phantom.h"

G_BEGIN_DECLS

/* Linear attenuation of iodinated contrast in blood, per mm of path (relative units). */
#define PHANTOM_MU_CONTRAST 0.105
/* Attenuation range mapped onto the pixel values (log domain). */
#define PHANTOM_MU_RANGE 4.0
/* Photons per pixel at the default dose, before attenuation. */
#define PHANTOM_PHOTONS 3000.0

typedef struct {
  GArray *pts;        /* AngioPoint, mm, evenly spaced along the axis */
  double step;        /* mm between points */
  double length;      /* mm */
  double r0;          /* radius at the start, mm */
  double r1;          /* radius at the end, mm */
  double path0;       /* mm of vessel between the injection point and this branch's start */
  double delay_s;     /* extra delay of the contrast (the crossing vessel fills later) */
  guint tree;         /* branches of one tree merge (max); trees add up */
  gboolean main;      /* the analysed vessel, which carries the lesion */
} PhantomBranch;

typedef struct {
  double cx, cy;      /* mm */
  double a, b;        /* semi-axes, mm */
  double angle;       /* radians */
  double notch;       /* kidney hilum: where the notch sits along the short axis, 0 = none */
} PhantomEllipse;

typedef struct {
  AngioPhantomParams p;
  guint size;
  double mm_per_px;
  double mirror;              /* +1 or -1: which side the organ lies on */
  double *times_s;            /* per frame */
  double duration_s;

  GPtrArray *branches;        /* PhantomBranch* */
  PhantomBranch *catheter;
  double catheter_outer_mm;   /* radius */
  double catheter_inner_mm;

  double lesion_s;            /* centre of the lesion along the main branch, mm */
  double lesion_half_mm;
  double lesion_ds;           /* 0–1 */
  double lesion_side;         /* +1: plaque on the left wall (for eccentric lesions) */

  double t0_s;                /* contrast reaches the vessel */
  double injection_s;
  double rise_s;
  double washout_s;

  double motion_phase;
  double drift_angle;

  PhantomEllipse organ;       /* kidney (renal) or heart (coronary) */
  double organ_density;
  double organ_enhancement;   /* parenchymal blush at its peak */

  AngioImageF *background;    /* static attenuation, pixels, before drift */
  AngioImageF *shutter;       /* attenuation of the collimator */
} PhantomScene;

PhantomScene *phantom_scene_new         (const AngioPhantomParams *params);
void          phantom_scene_free        (PhantomScene             *scene);

/* Contrast concentration (0–1) at @path_mm of vessel from the injection point at @t_s. */
double        phantom_concentration     (const PhantomScene       *scene,
                                         double                    path_mm,
                                         double                    t_s);
double        phantom_catheter_contrast (const PhantomScene       *scene,
                                         double                    t_s);
double        phantom_enhancement       (const PhantomScene       *scene,
                                         double                    t_s);
/* Displacement of the vessels (and organ) at @t_s, mm. */
void          phantom_motion            (const PhantomScene       *scene,
                                         double                    t_s,
                                         double                   *dx,
                                         double                   *dy);
void          phantom_drift             (const PhantomScene       *scene,
                                         double                    t_s,
                                         double                   *dx,
                                         double                   *dy);
/* Distances from the axis to the left and right walls of @branch at @s mm along it. */
void          phantom_lumen             (const PhantomScene       *scene,
                                         const PhantomBranch      *branch,
                                         double                    s,
                                         double                   *left,
                                         double                   *right);
AngioPoint    phantom_branch_point      (const PhantomBranch      *branch,
                                         double                    s,
                                         AngioPoint               *normal);

/* mm (scene) → pixel coordinates. */
static inline AngioPoint
phantom_to_px (const PhantomScene *scene,
               double              x_mm,
               double              y_mm)
{
  AngioPoint p = { (scene->size - 1) / 2.0 + x_mm / scene->mm_per_px,
                   (scene->size - 1) / 2.0 + y_mm / scene->mm_per_px };
  return p;
}

/* Renders frame @index into @out (size × size values < 2^bits). @work holds 2 size² images. */
void          phantom_render_frame      (const PhantomScene       *scene,
                                         guint                     index,
                                         AngioImageF              *mu,
                                         AngioImageF              *work,
                                         guint16                  *out);
/* 255 inside the stenosis-segment lumen / the main vessel at frame @index. */
void          phantom_render_masks      (const PhantomScene       *scene,
                                         guint                     index,
                                         guint8                   *lesion_mask,
                                         guint8                   *vessel_mask);

G_END_DECLS
