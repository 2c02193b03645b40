/* angio-labels.h — what one reader says about a case, for the challenge's three tasks: the
 * key frames of each run, the stenosis outlines with their QCA, the FFR. The case's own labels
 * (the reference), a model's prediction and a second annotator's labels are all read from
 * case.json-shaped documents by the same code, so that they compare like with like.
 *
 * The reference and an annotator's labels are what the clinician accepted; a model's are what
 * it did not reject. A model's lesion may be an outline alone ("outline": [[x, y]…], from COCO
 * results) instead of the borders of a measured vessel segment. */
#pragma once

#include <json-glib/json-glib.h>

#include "angio-geometry.h"
#include "angio-types.h"

G_BEGIN_DECLS

typedef struct {
  guint frame;              /* 0-based */
  double score;             /* 0–1; NAN when not given */
} AngioLabelKeyFrame;

typedef struct {
  char *id;                 /* "L1"…; nullable */
  guint frame;              /* 0-based */
  GArray *outline;          /* AngioPoint, image coordinates: the lumen between the borders */
  double mld_mm;            /* NAN: not given (no calibration) */
  double ref_mm;
  double percent_ds;
  JsonNode *lesion;         /* the lesion as its document has it, when it has borders (a lesion
                               that can be adopted and edited); else NULL */
} AngioLabelLesion;

typedef struct {
  char *id;                 /* "s1"… */
  guint frames;             /* 0 when the document does not say */
  guint rows;
  guint cols;
  double mm_per_px;         /* NAN: not calibrated */
  GArray *frame_time_ms;    /* double, start of each frame; may be empty */
  GArray *key_frames;       /* AngioLabelKeyFrame, the best first */
  GPtrArray *lesions;       /* AngioLabelLesion, as the document orders them */
} AngioLabelSeries;

typedef struct {
  char *case_id;
  char *annotator;          /* nullable */
  char *model;              /* a model's name and version ("unet 1.2"), nullable */
  GPtrArray *series;        /* AngioLabelSeries */
  double mld_mm;            /* the case's QCA: its "qca" object, else the most severe */
  double percent_ds;        /* lesion's; NAN when there is none */
  double ffr;               /* wire FFR (the reference, an annotator) or predicted FFR (a
                               model); NAN when there is none */
} AngioLabels;

/**
 * angio_labels_new_from_json:
 * Reads the labels of @document (a case.json, or a prediction document of the same shape).
 * With @prediction, a model's: items not rejected, its FFR from "ffr_estimate". Without, a
 * clinician's: accepted items, the FFR of the pressure wire.
 * Returns: (transfer full): the labels, or %NULL with @error saying what is wrong.
 */
AngioLabels      *angio_labels_new_from_json   (JsonNode      *document,
                                                gboolean       prediction,
                                                GError       **error);
/* (transfer none) (nullable) */
AngioLabelSeries *angio_labels_find_series     (AngioLabels   *self,
                                                const char    *series_id);
/* The lesion of @run with the largest %DS (NAN counts as least), or %NULL. */
AngioLabelLesion *angio_label_series_worst_lesion (AngioLabelSeries *run);
/* Sets to 1 the pixels of @mask (@cols × @rows, cleared first) inside the outlines of @run's
 * lesions on @frame (@run nullable: none), as the packages' masks are made. */
void              angio_label_series_rasterise (AngioLabelSeries *run,
                                                guint             frame,
                                                guint8           *mask,
                                                guint             cols,
                                                guint             rows);
/* Whether @self has anything for task 1, 2 or 3. */
gboolean          angio_labels_has_key_frames  (AngioLabels   *self);
gboolean          angio_labels_has_lesions     (AngioLabels   *self);
void              angio_labels_free            (AngioLabels   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AngioLabels, angio_labels_free)

G_END_DECLS
