/* angio-series-loader.c — the application side of the isolated decoder.
 *
 * Why a process: GDCM 3.0 segfaults or aborts on some malformed files (deep sequence nesting,
 * odd item lengths, a Frame Increment Pointer without Number of Frames). Parsing every
 * untrusted byte in a child keeps such a crash from taking the application down; the frames
 * come back through shared memory, so the isolation costs one process start, not a copy.
 */
#define G_LOG_DOMAIN "angio-loader"

#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <glib/gi18n-lib.h>

#include "angio-decoder-protocol.h"
#include "angio-series-loader.h"

/* A decoder silent this long is considered stuck (a frame takes milliseconds);
 * $ANGIOMARK_DECODER_TIMEOUT_MS changes it. */
#define WATCHDOG_MS 60000

struct _AngioLoader
{
  char *display_name;
  GSubprocess *process;
  int out_fd;
  int memfd;
  AngioDecoderStage stage;
  guint n_frames;             /* 0 until the metadata arrived */
  AngioDicomMeta *meta;
  const guint16 *frames;
  gsize bytes;
};

static int
watchdog_ms (void)
{
  static int ms;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      const char *env = g_getenv ("ANGIOMARK_DECODER_TIMEOUT_MS");
      gint64 value = env ? g_ascii_strtoll (env, NULL, 10) : 0;

      ms = value > 0 && value < G_MAXINT ? (int) value : WATCHDOG_MS;
      g_once_init_leave (&initialized, 1);
    }
  return ms;
}

const char *
angio_loader_decoder_path (void)
{
  static char *path;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      const char *env = g_getenv ("ANGIOMARK_DECODER");
      g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

      if (env != NULL && *env != '\0')
        path = g_strdup (env);
      else if (self != NULL && g_str_has_prefix (self, ANGIO_BUILD_ROOT "/"))
        path = g_strdup (ANGIO_DECODER_BUILD_PATH);
      else
        path = g_build_filename (ANGIO_PKGLIBEXECDIR, "angiomark-decoder", NULL);
      g_once_init_leave (&initialized, 1);
    }
  return path;
}

static gboolean
fail (GError    **error,
      int         code,
      const char *name,
      const char *reason)
{
  /* Translators: "%s: %s" is "file name: reason" */
  g_set_error (error, ANGIO_DICOM_ERROR, code, _("%s: %s"), name, reason);
  return FALSE;
}

AngioLoader *
angio_loader_start (const char  *path,
                    GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) local_error = NULL;
  AngioLoader *self;
  GInputStream *out;
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_new0 (AngioLoader, 1);
  self->display_name = g_filename_display_name (path);
  self->out_fd = -1;
  self->memfd = memfd_create ("angiomark-frames", MFD_CLOEXEC);
  if (self->memfd < 0)
    {
      fail (error, ANGIO_DICOM_ERROR_TOO_LARGE, self->display_name, g_strerror (errno));
      angio_loader_free (self);
      return NULL;
    }

  /* The decoder's complaints are noise to a user, but useful when debugging. */
  if (g_getenv ("G_MESSAGES_DEBUG") == NULL)
    flags |= G_SUBPROCESS_FLAGS_STDERR_SILENCE;
  launcher = g_subprocess_launcher_new (flags);
  g_subprocess_launcher_take_fd (launcher, dup (self->memfd), ANGIO_DECODER_FRAMES_FD);
  self->process = g_subprocess_launcher_spawn (launcher, &local_error,
                                               angio_loader_decoder_path (), "--", path, NULL);
  if (self->process == NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("cannot start the DICOM decoder (%s)"),
                                                 local_error->message);
      fail (error, ANGIO_DICOM_ERROR_CRASHED, self->display_name, reason);
      angio_loader_free (self);
      return NULL;
    }
  out = g_subprocess_get_stdout_pipe (self->process);
  self->out_fd = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (out));
  return self;
}

/* The decoder closed its output without saying why: it crashed or was killed. */
static gboolean
fail_with_exit_status (AngioLoader *self,
                       GError     **error)
{
  g_autofree char *reason = NULL;
  gboolean frames = self->stage == ANGIO_DECODER_STAGE_FRAMES;

  g_subprocess_wait (self->process, NULL, NULL);
  if (g_subprocess_get_if_signaled (self->process)
      && g_subprocess_get_term_sig (self->process) == SIGSYS)
    /* Its seccomp filter killed it (angio-decoder-confine.c): only a compromised parser
     * makes the calls that do that. */
    reason = g_strdup (frames ? _("the DICOM decoder was stopped while decoding the frames: "
                                  "it attempted an operation its confinement forbids; the "
                                  "file is hostile or malformed")
                              : _("the DICOM decoder was stopped while reading the header: "
                                  "it attempted an operation its confinement forbids; the "
                                  "file is hostile or malformed"));
  else if (g_subprocess_get_if_signaled (self->process))
    {
      const char *signal = g_strsignal (g_subprocess_get_term_sig (self->process));

      /* Translators: %s is the signal, e.g. "Segmentation fault" */
      reason = g_strdup_printf (frames ? _("the DICOM decoder crashed (%s) while decoding the "
                                           "frames; the file is malformed")
                                       : _("the DICOM decoder crashed (%s) while reading the "
                                           "header; the file is malformed"), signal);
    }
  else
    reason = g_strdup_printf (frames ? _("the DICOM decoder stopped with status %d while "
                                         "decoding the frames; the file is malformed")
                                     : _("the DICOM decoder stopped with status %d while "
                                         "reading the header; the file is malformed"),
                              g_subprocess_get_exit_status (self->process));
  return fail (error, ANGIO_DICOM_ERROR_CRASHED, self->display_name, reason);
}

/* Reads exactly @length bytes; FALSE at end of file, on error, timeout or cancellation. */
static gboolean
read_exact (AngioLoader  *self,
            void         *buffer,
            gsize         length,
            GCancellable *cancellable,
            GError      **error)
{
  char *p = buffer;
  GPollFD cancel_fd = { -1, 0, 0 };
  gboolean has_cancel_fd = g_cancellable_make_pollfd (cancellable, &cancel_fd);

  while (length > 0)
    {
      struct pollfd fds[2] = { { self->out_fd, POLLIN, 0 }, { cancel_fd.fd, POLLIN, 0 } };
      int n = poll (fds, has_cancel_fd ? 2 : 1, watchdog_ms ());
      ssize_t got;

      if (n < 0 && errno == EINTR)
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (n == 0)
        {
          fail (error, ANGIO_DICOM_ERROR_CRASHED, self->display_name,
                _("the DICOM decoder stopped answering; the file is malformed"));
          goto out;
        }
      got = read (self->out_fd, p, length);
      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        {
          fail_with_exit_status (self, error);
          goto out;
        }
      p += got;
      length -= (gsize) got;
    }
out:
  if (has_cancel_fd)
    g_cancellable_release_fd (cancellable);
  return length == 0;
}

/* The metadata come from the decoder process: checked again before they size a mapping. */
static gboolean
take_meta (AngioLoader *self,
           GBytes      *payload,
           GError     **error)
{
  g_autoptr(GVariant) variant = NULL;
  struct stat st;
  guint64 bytes;
  void *map;

  variant = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE_VARDICT, payload,
                                                          FALSE));
  self->meta = angio_dicom_meta_from_variant (variant);
  if (self->meta == NULL || self->meta->frames == 0 || self->meta->rows == 0
      || self->meta->cols == 0)
    return fail (error, ANGIO_DICOM_ERROR_CRASHED, self->display_name,
                 _("the DICOM decoder sent invalid metadata"));
  bytes = angio_dicom_meta_pixel_bytes (self->meta);
  if (bytes > ANGIO_DICOM_MAX_PIXEL_BYTES || fstat (self->memfd, &st) != 0
      || (guint64) st.st_size != bytes)
    return fail (error, ANGIO_DICOM_ERROR_CRASHED, self->display_name,
                 _("the DICOM decoder sent inconsistent frame sizes"));
  map = mmap (NULL, bytes, PROT_READ, MAP_SHARED, self->memfd, 0);
  if (map == MAP_FAILED)
    return fail (error, ANGIO_DICOM_ERROR_TOO_LARGE, self->display_name, g_strerror (errno));
  self->frames = map;
  self->bytes = bytes;
  return TRUE;
}

static gboolean
take_error (AngioLoader *self,
            GBytes      *payload,
            GError     **error)
{
  gsize size;
  const char *data = g_bytes_get_data (payload, &size);
  guint32 code;
  g_autofree char *message = NULL;

  if (size < sizeof code)
    return fail (error, ANGIO_DICOM_ERROR_CRASHED, self->display_name,
                 _("the DICOM decoder sent an invalid message"));
  memcpy (&code, data, sizeof code);
  message = g_utf8_make_valid (data + sizeof code, (gssize) (size - sizeof code));
  if (code > ANGIO_DICOM_ERROR_WRITE)
    code = ANGIO_DICOM_ERROR_MALFORMED;
  g_set_error_literal (error, ANGIO_DICOM_ERROR, (int) code, message);
  g_subprocess_wait (self->process, NULL, NULL);
  return FALSE;
}

gboolean
angio_loader_next (AngioLoader      *self,
                   GCancellable     *cancellable,
                   AngioLoaderEvent *event,
                   GError          **error)
{
  g_return_val_if_fail (self != NULL && event != NULL, FALSE);

  for (;;)
    {
      AngioDecoderHeader header;
      g_autoptr(GBytes) payload = NULL;
      g_autofree char *data = NULL;
      guint32 value = 0;

      if (!read_exact (self, &header, sizeof header, cancellable, error))
        return FALSE;
      if (header.length > ANGIO_DECODER_MAX_PAYLOAD)
        return fail (error, ANGIO_DICOM_ERROR_CRASHED, self->display_name,
                     _("the DICOM decoder sent an invalid message"));
      data = g_malloc (header.length + 1);
      if (!read_exact (self, data, header.length, cancellable, error))
        return FALSE;
      if (header.length >= sizeof value)
        memcpy (&value, data, sizeof value);
      payload = g_bytes_new_take (g_steal_pointer (&data), header.length);

      switch (header.type)
        {
        case ANGIO_DECODER_MSG_STAGE:
          self->stage = value;
          continue;
        case ANGIO_DECODER_MSG_META:
          if (self->n_frames != 0)
            return fail (error, ANGIO_DICOM_ERROR_CRASHED, self->display_name,
                         _("the DICOM decoder sent an invalid message"));
          if (!take_meta (self, payload, error))
            return FALSE;
          self->n_frames = self->meta->frames;
          event->type = ANGIO_LOADER_META;
          return TRUE;
        case ANGIO_DECODER_MSG_FRAME:
          if (header.length != sizeof value || value >= self->n_frames)
            return fail (error, ANGIO_DICOM_ERROR_CRASHED, self->display_name,
                         _("the DICOM decoder sent an invalid message"));
          event->type = ANGIO_LOADER_FRAME;
          event->frame = value;
          return TRUE;
        case ANGIO_DECODER_MSG_ERROR:
          return take_error (self, payload, error);
        case ANGIO_DECODER_MSG_DONE:
          g_subprocess_wait (self->process, cancellable, NULL);
          event->type = ANGIO_LOADER_DONE;
          return TRUE;
        default:
          return fail (error, ANGIO_DICOM_ERROR_CRASHED, self->display_name,
                       _("the DICOM decoder sent an invalid message"));
        }
    }
}

AngioDicomMeta *
angio_loader_steal_meta (AngioLoader *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_steal_pointer (&self->meta);
}

const guint16 *
angio_loader_steal_frames (AngioLoader *self,
                           gsize       *bytes)
{
  g_return_val_if_fail (self != NULL && bytes != NULL, NULL);

  *bytes = self->bytes;
  self->bytes = 0;
  return g_steal_pointer (&self->frames);
}

void
angio_loader_free (AngioLoader *self)
{
  if (self == NULL)
    return;
  if (self->process != NULL)
    {
      if (g_subprocess_get_identifier (self->process) != NULL)
        g_subprocess_force_exit (self->process);
      g_subprocess_wait (self->process, NULL, NULL);
      g_object_unref (self->process);
    }
  if (self->frames != NULL)
    munmap ((void *) self->frames, self->bytes);
  if (self->memfd >= 0)
    close (self->memfd);
  angio_dicom_meta_free (self->meta);
  g_free (self->display_name);
  g_free (self);
}
