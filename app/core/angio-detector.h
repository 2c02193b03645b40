/* angio-detector.h — the stenosis detector: a small network trained on ARCADE's expert
 * outlines (training/stenosis), shipped in the binary, run through angio-nn.h.
 *
 * It answers "where on this frame would an expert outline a stenosis": points with a
 * confidence. Measuring them (borders, QCA) is angio-analysis.c's work.
 */
#pragma once

#include <gio/gio.h>

#include "angio-detect.h"

G_BEGIN_DECLS

typedef struct {
  guint smooth;
  double min_confidence;
  guint radius;
  guint max_regions;
} AngioDetectorSettings;

/**
 * angio_detector_settings:
 * The proposal settings chosen with the model (its stenosis-net.json "proposals").
 * Returns: %FALSE with @error set when the model cannot be loaded.
 */
gboolean    angio_detector_settings (AngioDetectorSettings  *settings,
                                     GError                **error);

/* The model's name and version, as recorded with the lesions it proposes. */
const char *angio_detector_name     (void);
const char *angio_detector_version  (void);

/* The model's description (stenosis-net.json: provenance, settings, check values).
 * Returns: (transfer full) (nullable): %NULL with @error set when it cannot be loaded. */
GBytes     *angio_detector_description (GError **error);

/**
 * angio_detector_run_net:
 * The network alone on an input already reduced and normalised (@width and @height multiples
 * of 8): its heat map at 1/stride of the size.
 * Returns: (transfer full) (nullable): %NULL with @error set.
 */
float      *angio_detector_run_net  (const float            *input,
                                     guint                   width,
                                     guint                   height,
                                     guint                  *out_width,
                                     guint                  *out_height,
                                     GError                **error);

/**
 * angio_detector_heat:
 * The network's heat map of @frame (any grey-level scale, vessels dark): the mean of the frame
 * and its mirror image. A cell is @stride pixels of the network's input, whose pixel is
 * @scale pixels of @frame (frames are reduced, or enlarged when small, to about 256 across).
 * Returns: (transfer full) (nullable): *@width × *@height values 0–1; %NULL with @error set.
 */
float      *angio_detector_heat     (const AngioImageF      *frame,
                                     guint                  *width,
                                     guint                  *height,
                                     guint                  *stride,
                                     double                 *scale,
                                     GError                **error);

/**
 * angio_detector_find:
 * Proposals on @frame with @settings (NULL: the model's own).
 * Returns: (transfer full) (element-type AngioDetection) (nullable): strongest first; %NULL
 * with @error set.
 */
GArray     *angio_detector_find     (const AngioImageF            *frame,
                                     const AngioDetectorSettings  *settings,
                                     GError                      **error);

G_END_DECLS
