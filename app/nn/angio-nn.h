/* angio-nn.h — running a learned model (ONNX) on an image, behind a plain C interface.
 *
 * The one place that knows the runtime (OpenCV's dnn module), as app/dicom is the one place that
 * knows GDCM. Inference is on the CPU, deterministic for a given input.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ANGIO_NN_ERROR (angio_nn_error_quark ())
GQuark angio_nn_error_quark (void);

typedef enum {
  ANGIO_NN_ERROR_MODEL,   /* the model cannot be read */
  ANGIO_NN_ERROR_RUN,     /* running it failed */
} AngioNnError;

typedef struct _AngioNet AngioNet;

/**
 * angio_net_new:
 * Reads an ONNX model of one single-channel image input and one single-channel output.
 * Returns: (transfer full) (nullable): the model, or %NULL with @error set.
 */
AngioNet *angio_net_new  (const void  *onnx,
                          gsize        size,
                          GError     **error);

/**
 * angio_net_run:
 * Runs the model on @input (@width × @height floats, row by row). Safe to call from several
 * threads (runs are serialised).
 * Returns: (transfer full) (nullable): the output, *@out_width × *@out_height floats; %NULL
 * with @error set on failure.
 */
float    *angio_net_run  (AngioNet     *net,
                          const float  *input,
                          guint         width,
                          guint         height,
                          guint        *out_width,
                          guint        *out_height,
                          GError      **error);

void      angio_net_free (AngioNet     *net);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AngioNet, angio_net_free)

G_END_DECLS
