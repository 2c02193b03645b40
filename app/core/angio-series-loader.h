/* angio-series-loader.h — runs angiomark-decoder on a file and follows its progress.
 *
 * Private to app/core: AngioSeries is the public face. The decoder writes the frames into a
 * memfd this process maps read-only, so the frames are shared, not copied.
 */
#pragma once

#include <gio/gio.h>

#include "angio-dicom.h"

G_BEGIN_DECLS

typedef struct _AngioLoader AngioLoader;

typedef enum {
  ANGIO_LOADER_META,   /* the metadata and the (still empty) frame buffer are available */
  ANGIO_LOADER_FRAME,  /* one more frame is complete */
  ANGIO_LOADER_DONE,   /* every frame is complete */
} AngioLoaderEventType;

typedef struct {
  AngioLoaderEventType type;
  guint frame;
} AngioLoaderEvent;

/* Path of the decoder: $ANGIOMARK_DECODER, the build tree when run from it, or libexec. */
const char      *angio_loader_decoder_path (void);

AngioLoader     *angio_loader_start        (const char        *path,
                                            GError           **error);
/**
 * angio_loader_next:
 * Blocks until the decoder reports something. Returns %FALSE with @error set when the file is
 * bad, the decoder crashed or stopped answering, or @cancellable was cancelled.
 */
gboolean         angio_loader_next         (AngioLoader       *loader,
                                            GCancellable      *cancellable,
                                            AngioLoaderEvent  *event,
                                            GError           **error);
/* After ANGIO_LOADER_META: the metadata, and the mapping of rows × cols × frames values. */
AngioDicomMeta  *angio_loader_steal_meta   (AngioLoader       *loader);
const guint16   *angio_loader_steal_frames (AngioLoader       *loader,
                                            gsize             *bytes);
/* Stops the decoder if it still runs. */
void             angio_loader_free         (AngioLoader       *loader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AngioLoader, angio_loader_free)

G_END_DECLS
