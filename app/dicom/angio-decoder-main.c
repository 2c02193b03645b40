/* angio-decoder-main.c — angiomark-decoder, the isolated DICOM decoder.
 *
 * Usage: angiomark-decoder [--threads N] FILE, with a memfd open as file descriptor 3; or
 * angiomark-decoder --deidentify IN OUT … with OUT open for writing as descriptor 3 (see
 * deidentify() below); or angiomark-decoder --check-deidentified FILE … (see
 * check_deidentified() below); or angiomark-decoder --probe-confinement [ACTION]
 * (angio_decoder_probe_confinement()).
 * Reads FILE with GDCM, reports its metadata, decodes every frame into the memfd on several
 * threads and reports each finished frame (see angio-decoder-protocol.h). It runs in its own
 * process because GDCM 3.0 segfaults or aborts on some malformed files, and it confines
 * itself (angio-decoder-confine.h) once its input is open, before it parses a byte of it: it
 * opens nothing else, and writes only to its standard output and error and descriptor 3.
 */
#define G_LOG_DOMAIN "angio-decoder"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "angio-dicom.h"
#include "angio-i18n.h"
#include "angio-decoder-confine.h"
#include "angio-decoder-protocol.h"

typedef struct {
  AngioDicomReader *reader;
  guint16 *frames;
  gsize frame_pixels;
  guint n_frames;
  gint next;          /* atomic: next frame to decode */
  gint failed;        /* atomic: stop after the first error */
} Decoder;

static GMutex output_lock;

static void
write_all (const void *data,
           gsize       length)
{
  const char *p = data;

  while (length > 0)
    {
      ssize_t n = write (STDOUT_FILENO, p, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        _exit (3);  /* the application went away */
      p += n;
      length -= (gsize) n;
    }
}

static void
send (AngioDecoderMessage type,
      const void         *payload,
      gsize               length,
      const void         *payload2,
      gsize               length2)
{
  AngioDecoderHeader header = { type, (guint32) (length + length2) };

  g_mutex_lock (&output_lock);
  write_all (&header, sizeof header);
  if (length > 0)
    write_all (payload, length);
  if (length2 > 0)
    write_all (payload2, length2);
  g_mutex_unlock (&output_lock);
}

static void
send_stage (AngioDecoderStage stage)
{
  guint32 value = stage;

  send (ANGIO_DECODER_MSG_STAGE, &value, sizeof value, NULL, 0);
}

static int
send_error (const GError *error)
{
  guint32 code = error->domain == ANGIO_DICOM_ERROR ? (guint32) error->code
                                                    : ANGIO_DICOM_ERROR_MALFORMED;

  send (ANGIO_DECODER_MSG_ERROR, &code, sizeof code, error->message, strlen (error->message));
  return 2;
}

/* Memory while the header is read: what GDCM and the codecs need besides the frames. A
 * runaway allocation inside a codec must not take the machine down with it. */
static guint64
header_memory (guint64 file_size)
{
  return (G_GUINT64_CONSTANT (2) << 30) + 4 * file_size;
}

/* Opens @path; its size in @file_size. Returns: the descriptor, or -1 with @error. */
static int
open_input (const char *path,
            guint64    *file_size,
            GError    **error)
{
  struct stat st;
  int fd = angio_dicom_open_input (path, error);

  *file_size = fd >= 0 && fstat (fd, &st) == 0 && st.st_size > 0 ? (guint64) st.st_size : 0;
  return fd;
}

/* Confines the process for reading @path (angio_decoder_confine()); FALSE with @error
 * naming the file when it cannot. */
static gboolean
confine (const char             *path,
         const AngioConfinement *confinement,
         GError                **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;

  if (angio_decoder_confine (confinement, &local_error))
    return TRUE;
  name = g_filename_display_name (path);
  g_set_error (error, ANGIO_DICOM_ERROR, ANGIO_DICOM_ERROR_CRASHED,
               _("%s: the DICOM decoder cannot confine itself (%s), and does not read files "
                 "unconfined"), name, local_error->message);
  return FALSE;
}

static gpointer
decode_thread (gpointer data)
{
  Decoder *decoder = data;

  while (!g_atomic_int_get (&decoder->failed))
    {
      g_autoptr(GError) error = NULL;
      guint index = (guint) g_atomic_int_add (&decoder->next, 1);

      if (index >= decoder->n_frames)
        break;
      if (!angio_dicom_reader_decode_frame (decoder->reader, index,
                                            decoder->frames + index * decoder->frame_pixels,
                                            &error))
        {
          if (g_atomic_int_compare_and_exchange (&decoder->failed, 0, 1))
            send_error (error);
          break;
        }
      send (ANGIO_DECODER_MSG_FRAME, &index, sizeof index, NULL, 0);
    }
  return NULL;
}

static int
run (const char *path,
     guint       n_threads)
{
  g_autoptr(AngioDicomReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) variant = NULL;
  /* The frames' memfd: written, and sized to at most the largest frames Angiomark reads. */
  AngioConfinement confinement = { 0, ANGIO_DICOM_MAX_PIXEL_BYTES,
                                   ANGIO_DICOM_MAX_PIXEL_BYTES, ANGIO_DECODER_FRAMES_FD };
  const AngioDicomMeta *meta;
  Decoder decoder = { 0 };
  GThread *threads[16];
  struct stat st;
  guint64 bytes, file_size;
  void *map;
  int fd;

  if (fstat (ANGIO_DECODER_FRAMES_FD, &st) != 0)
    {
      g_printerr ("angiomark-decoder: %s\n", _("file descriptor 3 must be a memfd for the frames"));
      return 1;
    }
  fd = open_input (path, &file_size, &error);
  if (fd < 0)
    return send_error (error);
  confinement.memory_bytes = header_memory (file_size);
  confinement.memory_max_bytes += confinement.memory_bytes;
  if (!confine (path, &confinement, &error))
    return send_error (error);

  send_stage (ANGIO_DECODER_STAGE_HEADER);
  reader = angio_dicom_reader_open_fd (fd, path, &error);
  if (reader == NULL)
    return send_error (error);
  meta = angio_dicom_reader_get_meta (reader);
  bytes = angio_dicom_meta_pixel_bytes (meta);
  angio_decoder_confine_memory (header_memory (file_size) + bytes);

  if (ftruncate (ANGIO_DECODER_FRAMES_FD, (off_t) bytes) != 0
      || (map = mmap (NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED,
                      ANGIO_DECODER_FRAMES_FD, 0)) == MAP_FAILED)
    {
      g_autofree char *name = g_filename_display_name (path);
      int saved = errno;

      g_set_error (&error, ANGIO_DICOM_ERROR, ANGIO_DICOM_ERROR_TOO_LARGE,
                   _("%s: no memory for %.1f MB of frames (%s)"), name, bytes / 1e6,
                   g_strerror (saved));
      return send_error (error);
    }

  variant = g_variant_ref_sink (angio_dicom_meta_to_variant (meta));
  send (ANGIO_DECODER_MSG_META, g_variant_get_data (variant), g_variant_get_size (variant),
        NULL, 0);

  send_stage (ANGIO_DECODER_STAGE_FRAMES);
  decoder.reader = reader;
  decoder.frames = map;
  decoder.frame_pixels = (gsize) meta->rows * meta->cols;
  decoder.n_frames = meta->frames;
  n_threads = CLAMP (MIN (n_threads, meta->frames), 1, G_N_ELEMENTS (threads));
  for (guint i = 1; i < n_threads; i++)
    threads[i] = g_thread_new ("decode", decode_thread, &decoder);
  decode_thread (&decoder);
  for (guint i = 1; i < n_threads; i++)
    g_thread_join (threads[i]);

  munmap (map, bytes);
  if (g_atomic_int_get (&decoder.failed))
    return 2;
  send (ANGIO_DECODER_MSG_DONE, NULL, 0, NULL, 0);
  return 0;
}

/* angiomark-decoder --deidentify IN OUT --pseudonym P --date-shift DAYS --uid-secret S
 * [--redact X,Y,W,H]…: writes the de-identified IN (angio_dicom_deidentify()) to descriptor
 * 3, which the application opened (OUT only names it in messages: the decoder opens nothing
 * for writing), prints "burned-in: yes|no|unknown" on success. */
static int
deidentify (int   argc,
            char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) redactions = g_array_new (FALSE, TRUE, sizeof (AngioDicomRect));
  AngioDeidParams params = { NULL, 0, NULL, NULL, 0 };
  AngioBurnedIn burned_in = ANGIO_BURNED_IN_UNKNOWN;
  static const char *const names[] = { "unknown", "no", "yes" };
  AngioConfinement confinement = { 0, 0, 0, -1 };
  const char *in = NULL, *out = NULL;
  guint64 file_size;
  struct stat st;
  int in_fd;

  gboolean options = TRUE;

  for (int i = 2; i < argc; i++)
    {
      if (options && strcmp (argv[i], "--") == 0)
        options = FALSE;
      else if (!options || argv[i][0] != '-')
        {
          if (in == NULL)
            in = argv[i];
          else
            out = argv[i];
        }
      else if (strcmp (argv[i], "--pseudonym") == 0 && i + 1 < argc)
        params.pseudonym = argv[++i];
      else if (strcmp (argv[i], "--date-shift") == 0 && i + 1 < argc)
        params.date_shift_days = (gint) g_ascii_strtoll (argv[++i], NULL, 10);
      else if (strcmp (argv[i], "--uid-secret") == 0 && i + 1 < argc)
        params.uid_secret = argv[++i];
      else if (strcmp (argv[i], "--redact") == 0 && i + 1 < argc)
        {
          AngioDicomRect r;

          if (sscanf (argv[++i], "%u,%u,%u,%u", &r.x, &r.y, &r.width, &r.height) != 4)
            return 1;
          g_array_append_val (redactions, r);
        }
    }
  params.redactions = (const AngioDicomRect *) redactions->data;
  params.n_redactions = redactions->len;
  if (in == NULL || out == NULL || params.pseudonym == NULL || params.uid_secret == NULL)
    {
      g_printerr ("%s\n", _("Usage: angiomark-decoder --deidentify IN OUT --pseudonym P "
                            "--date-shift DAYS --uid-secret S"));
      return 1;
    }
  if (fstat (ANGIO_DECODER_OUTPUT_FD, &st) != 0)
    {
      g_printerr ("angiomark-decoder: %s\n",
                  _("file descriptor 3 must be the output file, open for writing"));
      return 1;
    }
  if ((in_fd = open_input (in, &file_size, &error)) < 0)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  /* Blacking regions out decodes the whole run and writes it again uncompressed: memory for
   * a few copies of the largest frames Angiomark reads. The output is the data set again
   * (a dummy may be longer than the value it replaces) and those pixels. */
  confinement.memory_bytes = header_memory (file_size);
  if (redactions->len > 0)
    confinement.memory_bytes += 4 * ANGIO_DICOM_MAX_PIXEL_BYTES;
  confinement.output_bytes = 3 * file_size + (16 << 20)
                             + (redactions->len > 0 ? ANGIO_DICOM_MAX_PIXEL_BYTES : 0);
  confinement.output_fd = ANGIO_DECODER_OUTPUT_FD;
  if (!confine (in, &confinement, &error))
    {
      close (in_fd);
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (!angio_dicom_deidentify (in_fd, in, ANGIO_DECODER_OUTPUT_FD, out, &params, &burned_in,
                               &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  g_print ("burned-in: %s\n", names[burned_in]);
  return 0;
}

/* angiomark-decoder --check-deidentified FILE [--pseudonym P]: exit 0 when FILE is
 * de-identified (angio_dicom_check_deidentified()), else 2 with the reason. */
static int
check_deidentified (int   argc,
                    char *argv[])
{
  g_autoptr(GError) error = NULL;
  AngioConfinement confinement = { 0, 0, 0, -1 };
  const char *path = NULL, *pseudonym = NULL;
  guint64 file_size;
  int fd;

  for (int i = 2; i < argc; i++)
    {
      if (strcmp (argv[i], "--pseudonym") == 0 && i + 1 < argc)
        pseudonym = argv[++i];
      else if (strcmp (argv[i], "--") == 0 && i + 1 < argc)
        path = argv[++i];
      else
        path = argv[i];
    }
  if (path == NULL)
    {
      g_printerr ("%s\n", _("Usage: angiomark-decoder --check-deidentified FILE "
                            "[--pseudonym P]"));
      return 1;
    }
  fd = open_input (path, &file_size, &error);
  confinement.memory_bytes = header_memory (file_size);
  if (fd < 0 || !confine (path, &confinement, &error)
      || !angio_dicom_check_deidentified (fd, path, pseudonym, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  struct rlimit no_core = { 0, 0 };
  guint n_threads = g_get_num_processors ();
  const char *path = NULL;

  angio_i18n_init ();
  /* A crash on a hostile file is expected here; it must not leave core files behind. */
  setrlimit (RLIMIT_CORE, &no_core);

  if (argc > 1 && strcmp (argv[1], "--probe-confinement") == 0)
    return angio_decoder_probe_confinement (argc > 2 ? argv[2] : NULL);
  if (argc > 1 && strcmp (argv[1], "--deidentify") == 0)
    return deidentify (argc, argv);
  if (argc > 1 && strcmp (argv[1], "--check-deidentified") == 0)
    return check_deidentified (argc, argv);
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--threads") == 0 && i + 1 < argc)
        n_threads = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else if (strcmp (argv[i], "--") == 0 && i + 1 < argc)
        path = argv[++i];
      else
        path = argv[i];
    }
  if (path == NULL)
    {
      g_printerr ("%s\n", _("Usage: angiomark-decoder [--threads N] FILE (memfd on fd 3)"));
      return 1;
    }
  return run (path, n_threads);
}
