/* angio-test-real.h — ARCADE's real coronary frames and expert stenosis outlines
 * (../shared/testdata/arcade, read at run time) for the tests and benchmarks of the stenosis
 * proposals, and the hit rule. */
#pragma once

#include <glib.h>

#include "angio-geometry.h"
#include "angio-image.h"

G_BEGIN_DECLS

typedef struct {
  double x, y, width, height;   /* COCO bbox: pixel-corner coordinates */
} AngioTestBox;

typedef struct {
  guint id;
  char *path;                   /* the PNG */
  GArray *boxes;                /* AngioTestBox of every expert stenosis outline */
  GPtrArray *outlines;          /* GArray of AngioPoint: each outline's polygon, pixel-centre
                                   coordinates, in the order of @boxes */
} AngioTestArcadeImage;

/* The images of ARCADE's @part ("train" or "val"), by id; NULL (the test skipped) when the
 * data is absent. Returns: (transfer full) (element-type AngioTestArcadeImage). */
GPtrArray   *angio_test_arcade_load  (const char *part);
/* The PNG as a float image (grey levels). */
AngioImageF *angio_test_arcade_image (const AngioTestArcadeImage *image);

/* The rule: a proposal at pixel (@x, @y) (pixel centres) is on a stenosis when it is
 * inside the expert outline's box widened by 10 pixels. */
gboolean     angio_test_arcade_hit   (const AngioTestBox *box,
                                      double              x,
                                      double              y);

/* Whether pixel (@x, @y) (pixel centres) is inside @outline or within @margin pixels of it. */
gboolean     angio_test_outline_near (const GArray               *outline,
                                      double                      x,
                                      double                      y,
                                      double                      margin);

/* A reader's two clicks across the stenosis @outline, ANGIO_TEST_CLICK_MARGIN_PX beyond its
 * two ends (about its two vertices farthest apart, so a curved outline too); @width: its
 * area over its length, about the vessel's width there. */
#define ANGIO_TEST_CLICK_MARGIN_PX 6.0
void         angio_test_outline_clicks (const GArray           *outline,
                                        AngioPoint             *from,
                                        AngioPoint             *to,
                                        double                 *width);

/* Precision, recall and F1 summed over images. */
typedef struct {
  guint proposals, true_proposals, stenoses, found, images;
} AngioTestTally;

/* Adds the proposals at @xy (@n points, x then y) on @image to @tally. */
void         angio_test_tally_add    (AngioTestTally             *tally,
                                      const AngioTestArcadeImage *image,
                                      const double               *xy,
                                      guint                       n);
void         angio_test_tally_scores (const AngioTestTally       *tally,
                                      double                     *precision,
                                      double                     *recall,
                                      double                     *f1);

G_END_DECLS
