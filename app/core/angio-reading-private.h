/* angio-reading-private.h — shared by the files of the reading workflow. */
#pragma once

#include "angio-reading.h"

G_BEGIN_DECLS

/* The rule the consensus is made by, as the QC record states it. */
#define ANGIO_CONSENSUS_RULE \
  "base read: the first submitted (ties by reader ID); a task agreed or not double-read: the " \
  "base read's; a task adjudicated: the adjudicator's decision (a reader's read, or corrected)"

const char *_angio_read_task_nick   (AngioReadTask  task);
/* @target's labels of @task replaced by @source's (key frames, lesions, pressure wire). */
void        _angio_reading_take_task (JsonNode      *target,
                                      JsonNode      *source,
                                      AngioReadTask  task);

G_END_DECLS
