/* angio-stenosis.h — stenoses: measured between two points, or found over the vessel tree.
 *
 * Measuring (what the user's two clicks do): the minimal-path centerline between the points,
 * the lumen borders along it (angio-edges.h) and the QCA of the segment (angio-qca.h).
 *
 * Finding: the vessels are the pixels of strong vesselness (hysteresis) inside the exposed
 * field; their skeleton's end points are the tips of the tree. The thickest tip is its root
 * (where the catheter leaves the field, in a selective injection); minimal paths from the root
 * to every other tip split the tree into branches, each analysed with some of its parent for
 * context. Along each branch the diameter function (borders without the sub-pixel fit) gives
 * candidates at its minima that have wider vessel on both sides; the most severe candidates are
 * then measured as above, and those of at least the minimum %DS proposed.
 */
#pragma once

#include "angio-edges.h"
#include "angio-qca.h"
#include "angio-vesselness.h"

G_BEGIN_DECLS

typedef struct {
  double diameter_min_px;   /* vessels worth analysing, pixels across */
  double diameter_max_px;
  double vessel_high;       /* hysteresis on the vesselness, 0–1 */
  double vessel_low;
  double min_percent_ds;    /* weaker narrowings are not proposed… */
  double min_reference_px;  /* …nor narrowings of vessels thinner than this */
  double motion_tolerance_px; /* motion between the pre-contrast background and the frame */
  guint max_lesions;
  AngioQcaParams qca;
} AngioStenosisParams;

typedef struct {
  AngioVesselContour *contour;
  AngioQca *qca;
  double confidence;        /* a detector's, 0–1; 0 when measured between given points */
} AngioStenosis;

void           angio_stenosis_params_init (AngioStenosisParams       *params,
                                           double                     diameter_min_px,
                                           double                     diameter_max_px);

/**
 * angio_stenosis_measure:
 * QCA of the vessel from @from to @to on the log image @image (both points roughly on the
 * vessel; the first is proximal). @vesselness of the whole image may be given to save time.
 * With a pre-contrast @background (nullable, same size), the borders are found on the image
 * less the background aligned around the vessel (angio-subtract.h).
 * Returns: (transfer full) (nullable): the contour and its QCA; %NULL when no vessel joins the
 * points or @progress cancelled.
 */
AngioStenosis *angio_stenosis_measure     (const AngioImageF         *image,
                                           const AngioImageF         *background,
                                           AngioPoint                 from,
                                           AngioPoint                 to,
                                           const AngioStenosisParams *params,
                                           const AngioVesselness     *vesselness,
                                           const AngioProgress       *progress);

/**
 * angio_stenosis_measure_path:
 * As angio_stenosis_measure(), along a given centerline @path of @n points.
 */
AngioStenosis *angio_stenosis_measure_path (const AngioImageF        *image,
                                            const AngioImageF        *background,
                                            const AngioPoint         *path,
                                            guint                     n,
                                            const AngioStenosisParams *params,
                                            const AngioProgress      *progress);

/**
 * angio_stenosis_redetect_borders:
 * The borders of @edit's contour found again through the annotator's points
 * (angio_edges_redetect()) on @image, or on @image less its @background as
 * angio_stenosis_measure() does.
 * Returns: (transfer full) (nullable): the contour; %NULL when a point is outside it.
 */
AngioVesselContour *angio_stenosis_redetect_borders (const AngioImageF         *image,
                                                     const AngioImageF         *background,
                                                     const AngioEdgeEdit       *edit,
                                                     const AngioStenosisParams *params);

/* What the search looks at. Only @image is required. */
typedef struct {
  const AngioImageF *image;           /* the frame, log-image values */
  const AngioImageF *background;      /* its pre-contrast background (see angio-subtract.h) */
  const AngioVesselness *vesselness;  /* of the whole image, or of its contrast against the
                                         background (angio-contrast.h); computed when NULL */
  const guint8 *field;                /* the exposed field, width × height bytes; found if NULL */
  const AngioImageF *fixed;           /* vesselness before the contrast came, spread by the
                                         motion: catheter and bone edges are not proposed */
  const AngioImageF *arrival_ms;      /* when the contrast reached each place (angio-keyframes.h):
                                         the tree grows from where it came first */
  guint arrival_factor;               /* pixel (x, y) of @arrival_ms covers image pixels
                                         factor·x … factor·x + factor − 1 */
} AngioStenosisScene;

/**
 * angio_stenosis_find:
 * Proposes stenoses in @scene.
 * Returns: (transfer full) (element-type AngioStenosis) (nullable): most severe first, possibly
 * empty; %NULL when @progress cancelled.
 */
GPtrArray     *angio_stenosis_find        (const AngioStenosisScene  *scene,
                                           const AngioStenosisParams *params,
                                           const AngioProgress       *progress);

/* The lumen outline between the lesion's borders: the left border, then the right one reversed.
 * Returns: (transfer full): AngioPoint. */
GArray        *angio_stenosis_outline     (const AngioStenosis       *stenosis);
/* Where the lesion is: the middle of the lumen at the MLD. */
AngioPoint     angio_stenosis_center      (const AngioStenosis       *stenosis);

void           angio_stenosis_free        (AngioStenosis             *stenosis);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AngioStenosis, angio_stenosis_free)

G_END_DECLS
