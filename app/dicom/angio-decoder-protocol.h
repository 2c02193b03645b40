/* angio-decoder-protocol.h — the pipe between angiomark-decoder and the application.
 *
 * The application (app/core/angio-series-loader.c) starts the decoder with a memfd as file
 * descriptor 3. The decoder sizes it to the decoded frames, writes them into it, and reports on
 * its standard output with messages: a header (type, payload length; host byte order, both
 * processes run on the same machine) and the payload. Untrusted bytes are parsed only in the
 * decoder: when GDCM crashes on a hostile file, the application reports it and lives on.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ANGIO_DECODER_FRAMES_FD 3
/* --deidentify: the file the application opened for the decoder to write the copy to. */
#define ANGIO_DECODER_OUTPUT_FD 3
#define ANGIO_DECODER_MAX_PAYLOAD (64u << 20)

typedef enum {
  ANGIO_DECODER_MSG_STAGE = 1,  /* guint32 AngioDecoderStage: named in the error if it crashes */
  ANGIO_DECODER_MSG_META,       /* a serialised GVariant a{sv}, see angio_dicom_meta_to_variant() */
  ANGIO_DECODER_MSG_FRAME,      /* guint32: index of a frame now complete in the memfd */
  ANGIO_DECODER_MSG_ERROR,      /* guint32 AngioDicomError code, then the UTF-8 message */
  ANGIO_DECODER_MSG_DONE,       /* every frame decoded */
} AngioDecoderMessage;

typedef enum {
  ANGIO_DECODER_STAGE_HEADER = 1,  /* parsing the data set */
  ANGIO_DECODER_STAGE_FRAMES,      /* decoding the frames */
} AngioDecoderStage;

typedef struct {
  guint32 type;
  guint32 length;
} AngioDecoderHeader;

G_END_DECLS
