/* fake-decoder.c — stands in for angiomark-decoder to check that the application survives a
 * decoder that crashes, hangs or talks nonsense, or that its confinement stops (a parser
 * taken over that tries to run a program). What it does depends on the file's name. */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "angio-decoder-confine.h"
#include "angio-decoder-protocol.h"
#include "angio-dicom.h"

static void
send (guint32       type,
      gconstpointer payload,
      guint32       length)
{
  AngioDecoderHeader header = { type, length };

  if (write (STDOUT_FILENO, &header, sizeof header) != sizeof header
      || (length > 0 && write (STDOUT_FILENO, payload, length) != (ssize_t) length))
    _exit (3);
}

int
main (int   argc,
      char *argv[])
{
  struct rlimit no_core = { 0, 0 };
  g_autofree char *name = g_path_get_basename (argv[argc - 1]);
  guint32 stage = ANGIO_DECODER_STAGE_HEADER;

  setrlimit (RLIMIT_CORE, &no_core);
  send (ANGIO_DECODER_MSG_STAGE, &stage, sizeof stage);
  if (g_str_has_prefix (name, "crash-header"))
    raise (SIGSEGV);
  if (g_str_has_prefix (name, "hang"))
    {
      sleep (600);
      return 0;
    }
  if (g_str_has_prefix (name, "exit"))
    return 5;
  if (g_str_has_prefix (name, "forbidden"))
    {
      /* Confined as angiomark-decoder is, then what shellcode would do next. */
      AngioConfinement confinement = { 0, 0, 0, ANGIO_DECODER_FRAMES_FD };
      char *const exec_argv[] = { (char *) "/bin/sh", NULL };

      if (!angio_decoder_confine (&confinement, NULL))
        return 4;
      if (g_str_has_prefix (name, "forbidden-frames"))
        {
          stage = ANGIO_DECODER_STAGE_FRAMES;
          send (ANGIO_DECODER_MSG_STAGE, &stage, sizeof stage);
        }
      execv (exec_argv[0], exec_argv);
      return 6;
    }
  if (g_str_has_prefix (name, "garbage"))
    {
      send (99, "nonsense", 8);
      return 0;
    }
  if (g_str_has_prefix (name, "crash-frames") || g_str_has_prefix (name, "lie"))
    {
      g_autoptr(AngioDicomMeta) meta = angio_dicom_meta_new ();
      g_autoptr(GVariant) variant = NULL;
      guint32 frame = 0;

      meta->frames = 3;
      meta->rows = meta->cols = 4;
      meta->bits_allocated = 16;
      meta->bits_stored = 12;
      meta->transfer_syntax_uid = g_strdup ("1.2.840.10008.1.2.1");
      /* "lie": claims frames the memfd does not hold. */
      if (ftruncate (ANGIO_DECODER_FRAMES_FD, g_str_has_prefix (name, "lie") ? 8 : 96) != 0)
        return 1;
      variant = g_variant_ref_sink (angio_dicom_meta_to_variant (meta));
      send (ANGIO_DECODER_MSG_META, g_variant_get_data (variant),
            (guint32) g_variant_get_size (variant));
      stage = ANGIO_DECODER_STAGE_FRAMES;
      send (ANGIO_DECODER_MSG_STAGE, &stage, sizeof stage);
      send (ANGIO_DECODER_MSG_FRAME, &frame, sizeof frame);
      abort ();
    }
  return 1;
}
