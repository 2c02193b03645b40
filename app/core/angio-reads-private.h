/* angio-reads-private.h — what the agreement check (angio-reading.c) may do that no reader
 * can: read every read of a case, blinding aside. Never for a view. */
#pragma once

#include "angio-reads.h"

G_BEGIN_DECLS

/* The read of @case_id by @reader_id (assigned to him), whoever asks. Returns: (transfer
 * full): %NULL with @error. */
JsonNode *_angio_workspace_load_read_unblinded (AngioWorkspace  *self,
                                               const char      *case_id,
                                               const char      *reader_id,
                                               GError         **error);

G_END_DECLS
