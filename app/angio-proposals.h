/* angio-proposals.h — the automatic proposals of the series on show: runs the analysis once the
 * series is decoded (off the main thread), keeps them in the case model, and shows them: the
 * opacification curve and key-frame markers on the timeline, the lesion contours dashed over the
 * frame they were measured on. */
#pragma once

#include "angio-case-series.h"
#include "angio-cine-view.h"
#include "angio-timeline.h"

G_BEGIN_DECLS

#define ANGIO_TYPE_PROPOSALS (angio_proposals_get_type ())
G_DECLARE_FINAL_TYPE (AngioProposals, angio_proposals, ANGIO, PROPOSALS, GObject)

AngioProposals  *angio_proposals_new             (AngioCineView  *view,
                                                  AngioTimeline  *timeline);
/* Shows the proposals of @series (nullable): starts the analysis when it is decoded, cancels
 * the one of the series before. */
void             angio_proposals_set_series      (AngioProposals *self,
                                                  AngioSeries    *series);
/* Shows the proposals of @case_series (nullable), whose run is attached: the analysis runs if
 * it has not yet (then ::analysed). */
void             angio_proposals_set_case_series (AngioProposals  *self,
                                                  AngioCaseSeries *case_series);
/* The lesion drawn bolder (nullable), and the first point of a measurement under way. */
void             angio_proposals_set_selected    (AngioProposals  *self,
                                                  AngioLesion     *lesion);
void             angio_proposals_set_pending_point (AngioProposals *self,
                                                  const AngioPoint *point);
/* The lesion of the frame on show whose outline (inside, or within @tolerance of its edge) or
 * label is at image point @p (transfer none, nullable); @tolerance in image pixels. */
AngioLesion     *angio_proposals_lesion_at       (AngioProposals *self,
                                                  AngioPoint      p,
                                                  double          tolerance);
/* Where the label of @lesion was last drawn, in image coordinates; FALSE if it is not on show. */
gboolean         angio_proposals_get_label_box   (AngioProposals  *self,
                                                  AngioLesion     *lesion,
                                                  graphene_rect_t *box);
/* (nullable): the case model of the series on show. */
AngioCaseSeries *angio_proposals_get_case_series (AngioProposals *self);
gboolean         angio_proposals_get_running     (AngioProposals *self);

G_END_DECLS
