/* angio-lesion.h — a stenosed segment on one frame: its contour and QCA (task 2 of the
 * challenge), who proposed it and what the clinician made of it. */
#pragma once

#include <json-glib/json-glib.h>

#include "angio-analysis.h"
#include "angio-stenosis.h"
#include "angio-types.h"

G_BEGIN_DECLS

#define ANGIO_TYPE_LESION (angio_lesion_get_type ())
G_DECLARE_FINAL_TYPE (AngioLesion, angio_lesion, ANGIO, LESION, GObject)

/**
 * angio_lesion_new:
 * @frame: 0-based frame the contour was drawn on
 * @measurement: (transfer full): the contour and its QCA
 * @algorithm: (nullable): name of the algorithm that proposed it (origin algorithm), or %NULL
 *   for one drawn by the annotator
 * @algorithm_params: (nullable): its parameters, an a{sv} dictionary (floating refs are sunk)
 */
AngioLesion         *angio_lesion_new                  (guint           frame,
                                                        AngioStenosis  *measurement,
                                                        const char     *algorithm,
                                                        const char     *algorithm_version,
                                                        GVariant       *algorithm_params);

guint                angio_lesion_get_frame            (AngioLesion    *self);
const AngioStenosis *angio_lesion_get_measurement      (AngioLesion    *self);
AngioOrigin          angio_lesion_get_origin           (AngioLesion    *self);
AngioStatus          angio_lesion_get_status           (AngioLesion    *self);
void                 angio_lesion_set_status           (AngioLesion    *self,
                                                        AngioStatus     status);
gboolean             angio_lesion_get_edited           (AngioLesion    *self);
const char          *angio_lesion_get_algorithm        (AngioLesion    *self);
const char          *angio_lesion_get_algorithm_version (AngioLesion   *self);
GVariant            *angio_lesion_get_algorithm_params (AngioLesion    *self);

/* The lumen outline between the lesion's borders: left border then the right one reversed,
 * with the ends interpolated at the sub-scanline borders. Returns: (transfer full): AngioPoint. */
GArray              *angio_lesion_get_outline          (AngioLesion    *self);
/* Where the lesion is: the middle of the lumen at the MLD. */
AngioPoint           angio_lesion_get_center           (AngioLesion    *self);

/**
 * angio_lesion_to_json:
 * The lesion as `angiomark-cli analyze` and `qca` print it: pixel measures always, mm measures
 * from @mm_per_px, null when it is not finite (no calibration: never a guessed scale).
 */
JsonNode            *angio_lesion_to_json              (AngioLesion    *self,
                                                        double          mm_per_px);

/* Reads back what angio_lesion_to_json() wrote: the contour of the vessel segment, and the QCA
 * computed again with the reference method, markers and borders recorded. Returns: (transfer
 * full): the lesion, or %NULL with @error saying what is wrong. */
AngioLesion         *angio_lesion_new_from_json        (JsonObject     *object,
                                                        GError        **error);

/* "L1", "L2"… within its series; set by the series that holds it. */
const char          *angio_lesion_get_id               (AngioLesion    *self);
void                 angio_lesion_set_id               (AngioLesion    *self,
                                                        const char     *id);
/* The vessel as the annotator named it ("right renal artery"…), %NULL if not named. */
const char          *angio_lesion_get_vessel           (AngioLesion    *self);
void                 angio_lesion_set_vessel           (AngioLesion    *self,
                                                        const char     *vessel);
/* The reference method, markers and borders the QCA was last computed with. */
const AngioQcaParams *angio_lesion_get_qca_params      (AngioLesion    *self);
/* Computes the QCA again with @params (moved markers, another reference method) on the same
 * contour; marks the lesion edited. FALSE if the contour is too short for them. */
gboolean             angio_lesion_remeasure            (AngioLesion    *self,
                                                        const AngioQcaParams *params);

/* The border points the annotator placed (AngioEdgeConstraint, scanlines of the vessel
 * segment), @n_constraints of them. */
const AngioEdgeConstraint *angio_lesion_get_edge_constraints (AngioLesion *self,
                                                             guint       *n_constraints);
/* The borders found again on @context's frame (the lesion's) through @constraints, which
 * replace the lesion's points (none: the borders as the image has them); the QCA follows and
 * the lesion is marked edited. FALSE with @error when a point cannot be used. */
gboolean             angio_lesion_set_edge_constraints (AngioLesion               *self,
                                                        AngioFrameContext         *context,
                                                        const AngioEdgeConstraint *constraints,
                                                        guint                      n_constraints,
                                                        GError                   **error);

G_END_DECLS
