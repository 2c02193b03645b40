/* angio-test-keyframes.h — the real cines' fully opacified frames judged by eye
 * (tests/data/keyframes-real.tsv; the cines themselves are read from ../shared/testdata at run
 * time) and the key frames the analysis proposes on them. */
#pragma once

#include <glib.h>

#include "angio-analysis.h"

G_BEGIN_DECLS

typedef struct {
  char *file;            /* relative to $ANGIO_TESTDATA */
  guint n_frames;
  gint first, last;      /* fully opacified frames (0-based); -1 when none */
  GArray *ecg;           /* of guint: the file's R-wave frames (0-based), empty when none */
  char *how;             /* how it was judged */
} AngioTestKeyFrameRun;

/* The runs of the TSV; NULL (with @error) when it cannot be read.
 * Returns: (transfer full) (element-type AngioTestKeyFrameRun). */
GPtrArray       *angio_test_key_frame_runs_load (GError                    **error);

/* The run's file under $ANGIO_TESTDATA, or NULL when absent. */
char            *angio_test_key_frame_run_path  (const AngioTestKeyFrameRun *run);

/* TRUE when @frame is inside the run's fully opacified range. */
gboolean         angio_test_key_frame_run_hit   (const AngioTestKeyFrameRun *run,
                                                 guint                       frame);

G_END_DECLS
