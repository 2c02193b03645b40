/* angio-qca.h — quantitative coronary/renal angiography from a vessel contour.
 *
 * Terms as in DICOM PS3.17 Annex T: the diameter function along the analysed segment, the
 * reference diameter (RD), the minimum lumen diameter (MLD), percent diameter stenosis
 * %DS = 100 (1 − MLD/RD), percent area stenosis %AS = 100 (1 − (MLD/RD)²) for a circular lumen,
 * the lesion borders where the diameter rejoins the reference, the lesion length between them,
 * the symmetry of the plaque and its area between the reference and the lumen contours.
 *
 * Everything is in pixels and scanline indices of the contour; the caller applies the scale.
 */
#pragma once

#include "angio-edges.h"

G_BEGIN_DECLS

typedef enum {
  ANGIO_REFERENCE_INTERPOLATED, /* straight line fitted to the healthy diameters between the
                                   reference markers (tapering vessels), read at the MLD */
  ANGIO_REFERENCE_OBSTRUCTION,  /* mean diameter of the vessel just outside both borders */
  ANGIO_REFERENCE_MEAN_LOCAL,   /* mean healthy diameter between the markers */
  ANGIO_REFERENCE_DISTAL_ONLY,  /* mean healthy diameter distal to the lesion (ostial lesions) */
} AngioReferenceMethod;

#define ANGIO_QCA_AUTO (-1)

typedef struct {
  AngioReferenceMethod method;
  gint marker_prox;        /* reference markers (scanline indices); AUTO: at 5 % and 95 % */
  gint marker_dist;
  gint lesion_prox;        /* lesion borders given by the user; AUTO: found */
  gint lesion_dist;
  gint search_prox;        /* the MLD is looked for between these scanlines (a detector's
                              proposal: the narrowing it saw); AUTO: between the markers */
  gint search_dist;
  double smooth_px;        /* Gaussian smoothing of the diameter function along the vessel */
  double border_noise;     /* borders where the diameter is within this many noise sd of RD */
} AngioQcaParams;

typedef struct {
  guint n;
  double step_px;
  double *diameter_px;     /* the (smoothed) diameter function */
  double *reference_px;    /* the reference diameter function */
  double *ref_left_px;     /* reference contours, same convention as the contour's borders */
  double *ref_right_px;
  AngioReferenceMethod method;
  guint marker_prox, marker_dist;
  gint search_prox, search_dist;  /* as given (AUTO: none) */
  guint mld_index, prox_index, dist_index;
  double prox_position, dist_position;  /* sub-scanline borders, in scanline units */
  double mld_px;
  double ref_px;           /* RD at the MLD */
  double length_px;        /* along the centerline between the borders */
  double percent_ds;
  double percent_as;
  double symmetry;         /* 1: concentric … 0: all the plaque on one wall */
  double plaque_area_px2;
  double diameter_sd_px;   /* noise of the diameter function in the healthy part */
  double healthy_prox_px;  /* mean healthy diameter proximal to the lesion (NAN: none) */
  double healthy_dist_px;  /* … and distal to it */
  double healthy_prox_len_px;  /* how much healthy vessel each side holds, along the line */
  double healthy_dist_len_px;
} AngioQca;

void      angio_qca_params_init (AngioQcaParams           *params);

/**
 * angio_qca_compute:
 * QCA of @contour (at least 8 scanlines).
 * Returns: (transfer full) (nullable): the results, %NULL if the contour is too short.
 */
AngioQca *angio_qca_compute     (const AngioVesselContour *contour,
                                 const AngioQcaParams     *params);
void      angio_qca_free        (AngioQca                 *qca);

/* @points (one per scanline of the contour, e.g. its centerline) at the fractional scanline
 * @position, interpolated. */
AngioPoint angio_qca_point_at (const AngioQca   *qca,
                               const AngioPoint *points,
                               double            position);
/* @points from the proximal border to the distal one, the ends interpolated at the sub-scanline
 * borders. Returns: (transfer full): AngioPoint. */
GArray    *angio_qca_slice    (const AngioQca   *qca,
                               const AngioPoint *points);

/* The name written in files ("interpolated", "obstruction", "mean-local", "distal-only"). */
const char *angio_reference_method_name  (AngioReferenceMethod  method);
gboolean    angio_reference_method_parse (const char           *name,
                                          AngioReferenceMethod *method);

/* %DS and %AS from MLD and RD (any unit); 0 when RD ≤ 0. */
double    angio_percent_diameter_stenosis (double mld,
                                           double ref);
double    angio_percent_area_stenosis     (double mld,
                                           double ref);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AngioQca, angio_qca_free)

G_END_DECLS
