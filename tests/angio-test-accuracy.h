/* angio-test-accuracy.h — scores the analysis on one phantom run against its ground truth, for
 * the accuracy benchmark and the accuracy test (which keeps a few of its cases). */
#pragma once

#include "angio-phantom.h"

G_BEGIN_DECLS

typedef struct {
  const char *name;
  AngioPhantomParams params;
} AngioAccuracyCase;

/* Errors are proposal − truth, in mm (or %DS points); NAN when there was nothing to compare. */
typedef struct {
  double mld;
  double ref;
  double ds;
  double length;
  double dice;            /* of the lesion lumen polygon against the truth mask */
} AngioQcaErrors;

typedef struct {
  guint key_frame;
  guint key_first, key_last;   /* the truth's acceptable range */
  gboolean key_frame_ok;
  guint n_lesions;
  gboolean centred;            /* the most severe proposal lies within 3 mm of the truth */
  double centre_error_mm;      /* of the nearest proposal (NAN: none) */
  AngioPoint truth_px;         /* the lesion's centre on the analysed frame */
  AngioPoint proposals[8];     /* the first proposals: where, how severe, how far */
  double proposal_ds[8];
  double proposal_ref_mm[8];
  double proposal_distance_mm[8];
  guint false_positives;       /* proposals farther than 3 mm from the truth */
  AngioQcaErrors automatic;    /* of the proposal nearest the truth, if within 3 mm */
  AngioQcaErrors guided;       /* of the QCA between two points around the truth lesion */
  double truth_ds;
  double decode_ms;
  double analysis_ms;          /* after decoding */
  double measure_ms;           /* the guided QCA alone */
} AngioAccuracy;

/* The benchmark set (NULL-terminated by a case with a NULL name). */
const AngioAccuracyCase *angio_accuracy_cases (void);

/* Generates the case, writes it as DICOM, decodes it, analyses it and scores the result. */
gboolean angio_accuracy_run (const AngioAccuracyCase *c,
                             AngioAccuracy           *result,
                             GError                 **error);

G_END_DECLS
