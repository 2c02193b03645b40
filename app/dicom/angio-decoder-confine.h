/* angio-decoder-confine.h — what angiomark-decoder may still do once it has opened its input.
 *
 * The decoder parses untrusted bytes with GDCM and its codecs, whose bugs we cannot rule out
 * (a JPEG 2000 codestream overflowed a heap buffer in GDCM's codec). Before it reads the first
 * byte of a file it confines itself: resource limits, no new privileges, not dumpable, and a
 * seccomp filter (libseccomp) that allows reading and writing the descriptors it already
 * holds, memory, threads, time and exiting, and nothing else. A compromised parser can then
 * corrupt only its own output, which the application checks. See docs/decoder-confinement.md.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  /* RLIMIT_AS: soft limit while the header is read, and the hard limit (the largest the
   * memory may become once the frames are sized, angio_decoder_confine_memory()). 0: left
   * as they are (sanitizer builds reserve terabytes of address space). */
  guint64 memory_bytes;
  guint64 memory_max_bytes;
  /* RLIMIT_FSIZE: the largest file (or memfd) the decoder may make; at least 1 MiB, for its
   * messages when its standard output or error is a file. */
  guint64 output_bytes;
  /* The one descriptor, besides standard output and error, the decoder may write to and
   * truncate (the frames' memfd or the de-identified file the application opened); -1: none. */
  int output_fd;
} AngioConfinement;

/**
 * angio_decoder_confine:
 * Confines the calling process (all its threads) for good: see the file's comment and
 * docs/decoder-confinement.md for what stays allowed. Call it after every descriptor the work
 * needs is open and before any untrusted byte is parsed.
 * Returns: FALSE with @error when the confinement could not be set up in full (the decoder
 * then refuses to read the file: it does not run unconfined).
 */
gboolean angio_decoder_confine        (const AngioConfinement *confinement,
                                       GError                **error);

/* Lowers the memory limit (soft and hard) to @bytes, once the size of the frames is known. */
void     angio_decoder_confine_memory (guint64 bytes);

/**
 * angio_decoder_probe_confinement:
 * `angiomark-decoder --probe-confinement [ACTION]`: confines itself as for decoding, then
 * tries what a compromised parser would (ACTION alone, or every action that is refused with an
 * error rather than by killing the process) and prints one line per attempt, "ACTION: refused
 * (reason)" or "ACTION: ALLOWED". The actions that kill the process (exec, ptrace) are tried
 * only when named: the process then dies of SIGSYS before it can print.
 * Returns: the exit status: 0 when every attempt was refused, 1 when one was allowed, 2 on a
 * usage error or when the confinement could not be set up.
 */
int      angio_decoder_probe_confinement (const char *action);

G_END_DECLS
