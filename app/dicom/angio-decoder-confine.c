/* angio-decoder-confine.c — resource limits and a seccomp filter for angiomark-decoder.
 *
 * Allowed once confined (docs/decoder-confinement.md says why each is needed; strace of the
 * decoder on the real runs and on phantoms in every transfer syntax found them):
 *   read, readv, pread64, preadv, preadv2, lseek, fstat, close — on what is open;
 *   newfstatat with AT_EMPTY_PATH (glibc's fstat());
 *   write, writev, pwrite64, pwritev — standard output and error and the output descriptor;
 *   ftruncate — the output descriptor only (the memfd sized to the frames);
 *   mmap, mprotect — never executable; munmap, mremap, brk, madvise;
 *   clone — threads only (CLONE_THREAD); futex, set_robust_list, rseq, sched_yield,
 *   sched_getaffinity, getpid, gettid, getrandom (libuuid, when GDCM writes a redacted run),
 *   prctl PR_SET_NAME / PR_GET_NAME (GLib names its threads), prlimit64 on itself: reading
 *   any limit, setting only RLIMIT_AS (lowered once the frames are sized);
 *   clock_gettime, clock_getres, gettimeofday, time, nanosleep, clock_nanosleep;
 *   rt_sigaction, rt_sigprocmask, rt_sigreturn, sigaltstack, restart_syscall, tgkill and kill
 *   of itself only (abort() on GDCM's assertions), exit, exit_group.
 * clone3 fails with ENOSYS, so that glibc falls back to clone, whose flags can be checked.
 * execve, execveat, ptrace, process_vm_readv and process_vm_writev kill the process: no code
 * path of decoding comes near them, so reaching one means the parser is already compromised;
 * the application reports the file as hostile. Everything else fails with EPERM: opening any
 * file, sockets, fork, signals to others, new descriptors, and whatever a library might try
 * on an unforeseen path (a message catalogue, a locale file), which then fails as it would in
 * any container instead of turning a valid file into a crash.
 */
#define G_LOG_DOMAIN "angio-decoder"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <seccomp.h>

#include <glib/gi18n-lib.h>

/* AddressSanitizer (and its LeakSanitizer), by GCC's macro or clang's feature test. */
#if defined(__SANITIZE_ADDRESS__)
#define ANGIO_HAVE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ANGIO_HAVE_ASAN 1
#endif
#endif
#ifdef ANGIO_HAVE_ASAN
#include <sanitizer/lsan_interface.h>
#endif

#include "angio-decoder-confine.h"

/* Allowed whatever their arguments. */
static const char *const allowed[] = {
  "read", "readv", "pread64", "preadv", "preadv2", "lseek", "fstat", "close",
  "munmap", "mremap", "brk", "madvise",
  "futex", "set_robust_list", "rseq", "sched_yield", "sched_getaffinity", "getpid", "gettid",
  "getrandom",
  "clock_gettime", "clock_getres", "gettimeofday", "time", "nanosleep", "clock_nanosleep",
  "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sigaltstack", "restart_syscall",
  "exit", "exit_group",
};

/* Only a compromised parser calls these: the process is killed. */
static const char *const fatal[] = {
  "execve", "execveat", "ptrace", "process_vm_readv", "process_vm_writev",
};

static const char *const writes[] = { "write", "writev", "pwrite64", "pwritev", "pwritev2" };

static pid_t parent_pid;

/* One rule; a system call this architecture does not have is skipped. */
static gboolean
add_rule (scmp_filter_ctx            ctx,
          uint32_t                   action,
          const char                *name,
          unsigned int               n_args,
          const struct scmp_arg_cmp *args)
{
  int nr = seccomp_syscall_resolve_name (name);

  if (nr == __NR_SCMP_ERROR)
    return TRUE;
  return seccomp_rule_add_array (ctx, action, nr, n_args, args) == 0;
}

static gboolean
add_plain_rules (scmp_filter_ctx ctx)
{
  /* Killing the whole process needs kernel 4.14 and libseccomp API level 3. */
  uint32_t kill = seccomp_api_get () >= 3 ? SCMP_ACT_KILL_PROCESS : SCMP_ACT_ERRNO (EPERM);
  gboolean ok = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    ok &= add_rule (ctx, SCMP_ACT_ALLOW, allowed[i], 0, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (fatal); i++)
    ok &= add_rule (ctx, kill, fatal[i], 0, NULL);
  /* glibc starts threads with clone3 and falls back to clone on ENOSYS only. */
  ok &= add_rule (ctx, SCMP_ACT_ERRNO (ENOSYS), "clone3", 0, NULL);
  return ok;
}

static gboolean
add_argument_rules (scmp_filter_ctx ctx,
                    int             output_fd)
{
  const struct scmp_arg_cmp no_exec[] = { SCMP_A2 (SCMP_CMP_MASKED_EQ, PROT_EXEC, 0) };
  const struct scmp_arg_cmp empty_path[] = { SCMP_A3 (SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH,
                                                      AT_EMPTY_PATH) };
  const struct scmp_arg_cmp thread[] = { SCMP_A0 (SCMP_CMP_MASKED_EQ, CLONE_THREAD,
                                                  CLONE_THREAD) };
  const struct scmp_arg_cmp own_process[] = { SCMP_A0 (SCMP_CMP_EQ, (scmp_datum_t) getpid ()) };
  const struct scmp_arg_cmp read_limit[] = { SCMP_A0 (SCMP_CMP_EQ, 0), SCMP_A2 (SCMP_CMP_EQ, 0) };
  const struct scmp_arg_cmp memory_limit[] = { SCMP_A0 (SCMP_CMP_EQ, 0),
                                               SCMP_A1 (SCMP_CMP_EQ, RLIMIT_AS) };
  const int prctl_options[] = { PR_SET_NAME, PR_GET_NAME };
  const int write_fds[] = { STDOUT_FILENO, STDERR_FILENO, output_fd };
  gboolean ok = TRUE;

  /* glibc's fstat() is newfstatat (fd, "", buf, AT_EMPTY_PATH); stat() of a path, without the
   * flag, is refused. */
  ok &= add_rule (ctx, SCMP_ACT_ALLOW, "newfstatat", 1, empty_path);
  ok &= add_rule (ctx, SCMP_ACT_ALLOW, "mmap", 1, no_exec);
  ok &= add_rule (ctx, SCMP_ACT_ALLOW, "mprotect", 1, no_exec);
  ok &= add_rule (ctx, SCMP_ACT_ALLOW, "clone", 1, thread);
  ok &= add_rule (ctx, SCMP_ACT_ALLOW, "tgkill", 1, own_process);
  ok &= add_rule (ctx, SCMP_ACT_ALLOW, "kill", 1, own_process);
  /* Its own limits: read any, change only the memory limit (lowered once the frames are
   * sized; the hard limits are set, so without privileges nothing can be raised). */
  ok &= add_rule (ctx, SCMP_ACT_ALLOW, "prlimit64", 2, read_limit);
  ok &= add_rule (ctx, SCMP_ACT_ALLOW, "prlimit64", 2, memory_limit);
  for (guint i = 0; i < G_N_ELEMENTS (prctl_options); i++)
    {
      const struct scmp_arg_cmp option[] = { SCMP_A0 (SCMP_CMP_EQ, prctl_options[i]) };
      ok &= add_rule (ctx, SCMP_ACT_ALLOW, "prctl", 1, option);
    }
  for (guint i = 0; i < G_N_ELEMENTS (write_fds); i++)
    {
      const struct scmp_arg_cmp fd[] = { SCMP_A0 (SCMP_CMP_EQ, (scmp_datum_t) write_fds[i]) };

      if (write_fds[i] < 0)
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (writes); j++)
        ok &= add_rule (ctx, SCMP_ACT_ALLOW, writes[j], 1, fd);
    }
  if (output_fd >= 0)
    {
      const struct scmp_arg_cmp fd[] = { SCMP_A0 (SCMP_CMP_EQ, (scmp_datum_t) output_fd) };
      ok &= add_rule (ctx, SCMP_ACT_ALLOW, "ftruncate", 1, fd);
    }
  return ok;
}

/* Sanitizer builds only: the sanitizers tell whether memory is readable by writing it into a
 * pipe (UBSan's vptr check does at every cache miss, IsAccessibleMemoryRange()), so they may
 * make pipes and write to any descriptor. Nothing else: their reports go to standard error,
 * unsymbolised (module and offset: the symboliser is a program they cannot run). */
static gboolean
add_sanitizer_rules (scmp_filter_ctx ctx)
{
#if ANGIO_SANITIZED
  gboolean ok = TRUE;

  ok &= add_rule (ctx, SCMP_ACT_ALLOW, "pipe", 0, NULL);
  ok &= add_rule (ctx, SCMP_ACT_ALLOW, "pipe2", 0, NULL);
  for (guint j = 0; j < G_N_ELEMENTS (writes); j++)
    ok &= add_rule (ctx, SCMP_ACT_ALLOW, writes[j], 0, NULL);
  return ok;
#else
  return TRUE;
#endif
}

static gboolean
load_filter (int      output_fd,
             GError **error)
{
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_ERRNO (EPERM));
  int status;

  if (ctx == NULL)
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "seccomp_init failed");
      return FALSE;
    }
  if (!add_plain_rules (ctx) || !add_argument_rules (ctx, output_fd)
      || !add_sanitizer_rules (ctx))
    {
      seccomp_release (ctx);
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                           "a seccomp rule was refused");
      return FALSE;
    }
  /* Every thread, should a library have started one already. */
  if (seccomp_api_get () >= 2)
    seccomp_attr_set (ctx, SCMP_FLTATR_CTL_TSYNC, 1);
  status = seccomp_load (ctx);
  seccomp_release (ctx);
  if (status != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (-status), "seccomp_load: %s",
                   g_strerror (-status));
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_limit (int      resource,
           guint64  soft,
           guint64  hard,
           GError **error)
{
  struct rlimit limit = { (rlim_t) soft, (rlim_t) hard };

  if (setrlimit (resource, &limit) == 0)
    return TRUE;
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "setrlimit %d: %s", resource,
               g_strerror (errno));
  return FALSE;
}

/* Room for messages when standard output or error is a file rather than a pipe. */
#define MESSAGES_BYTES (G_GUINT64_CONSTANT (1) << 20)

static gboolean
set_limits (const AngioConfinement *confinement,
            GError                **error)
{
  guint64 output_bytes = MAX (confinement->output_bytes, MESSAGES_BYTES);

  /* A write past the size limit fails with EFBIG (an error naming the file), not SIGXFSZ. */
  signal (SIGXFSZ, SIG_IGN);
  if (!set_limit (RLIMIT_CORE, 0, 0, error)
      || !set_limit (RLIMIT_FSIZE, output_bytes, output_bytes, error)
      /* No new descriptor at all (those it holds keep working); the sanitizers' pipes need
       * a few. */
      || !set_limit (RLIMIT_NOFILE, ANGIO_SANITIZED ? 64 : 0, ANGIO_SANITIZED ? 64 : 0, error))
    return FALSE;
#if !ANGIO_SANITIZED
  if (confinement->memory_bytes > 0
      && !set_limit (RLIMIT_AS, confinement->memory_bytes,
                     MAX (confinement->memory_bytes, confinement->memory_max_bytes), error))
    return FALSE;
#endif
  return TRUE;
}

/* What would be loaded from a file on first use is loaded now, while files can be opened:
 * the character set of messages and file names, the message catalogues (ours and the C
 * library's, for strerror()). */
static void
preload (void)
{
  const gchar **charsets;

  (void) g_get_charset (NULL);
  (void) g_get_filename_charsets (&charsets);
  (void) g_dgettext (GETTEXT_PACKAGE, "");
  (void) g_strerror (EPERM);
  (void) g_strerror (EFBIG);
  (void) g_get_num_processors ();
}

gboolean
angio_decoder_confine (const AngioConfinement *confinement,
                       GError                **error)
{
  g_return_val_if_fail (confinement != NULL, FALSE);

  preload ();
#ifdef ANGIO_HAVE_ASAN
  /* LeakSanitizer's check at exit stops the world with ptrace and a cloned process, which
   * the confinement forbids: it runs now instead (and not again at exit). */
  __lsan_do_leak_check ();
#endif
  if (!set_limits (confinement, error))
    return FALSE;
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 || prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "prctl: %s",
                   g_strerror (errno));
      return FALSE;
    }
  return load_filter (confinement->output_fd, error);
}

void
angio_decoder_confine_memory (guint64 bytes)
{
#if !ANGIO_SANITIZED
  struct rlimit limit;

  if (getrlimit (RLIMIT_AS, &limit) == 0 && limit.rlim_max != RLIM_INFINITY
      && (rlim_t) bytes < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max = (rlim_t) bytes;
      setrlimit (RLIMIT_AS, &limit);
    }
#endif
}

/* The probe: one attempt each, what a compromised parser would try. Each returns 0 when it
 * was allowed, else -1 with errno. */

static int
try_open_write (void)
{
  g_autofree char *path = g_strdup_printf ("%s/angiomark-confinement-probe-%d",
                                           g_get_tmp_dir (), (int) getpid ());
  int fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

  if (fd < 0)
    return -1;
  close (fd);
  unlink (path);
  return 0;
}

static int
try_open_read (void)
{
  int fd = open ("/etc/passwd", O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return -1;
  close (fd);
  return 0;
}

static int
try_stat_path (void)
{
  struct stat st;

  return stat ("/etc/passwd", &st);
}

static int
try_socket (int domain)
{
  int fd = socket (domain, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (fd < 0)
    return -1;
  close (fd);
  return 0;
}

static int
try_socket_inet (void)
{
  return try_socket (AF_INET);
}

static int
try_socket_unix (void)
{
  return try_socket (AF_UNIX);
}

static int
try_fork (void)
{
  pid_t pid = fork ();

  if (pid == 0)
    _exit (0);
  if (pid < 0)
    return -1;
  waitpid (pid, NULL, 0);
  return 0;
}

static int
try_signal_parent (void)
{
  return kill (parent_pid, 0);
}

static int
try_new_descriptor (void)
{
  int fd = dup (STDERR_FILENO);

  if (fd < 0)
    return -1;
  close (fd);
  return 0;
}

static int
try_executable_memory (void)
{
  void *page = mmap (NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  int status;

  if (page == MAP_FAILED)
    return -1;
  status = mprotect (page, 4096, PROT_READ | PROT_EXEC);
  munmap (page, 4096);
  return status;
}

static int
try_raise_limit (void)
{
  struct rlimit limit = { 1024, 1024 };

  return setrlimit (RLIMIT_NOFILE, &limit);
}

static int
try_exec (void)
{
  char *const argv[] = { (char *) "/bin/true", NULL };
  char *const envp[] = { NULL };

  return execve (argv[0], argv, envp);
}

static int
try_ptrace (void)
{
  return (int) ptrace (PTRACE_TRACEME, 0, NULL, NULL);
}

typedef struct {
  const char *name;
  int (*attempt) (void);
  gboolean fatal;         /* refused by killing the process: tried only when named */
} Probe;

static const Probe probes[] = {
  { "open-write", try_open_write, FALSE },
  { "open-read", try_open_read, FALSE },
  { "stat-path", try_stat_path, FALSE },
  { "socket-inet", try_socket_inet, FALSE },
  { "socket-unix", try_socket_unix, FALSE },
  { "fork", try_fork, FALSE },
  { "signal-parent", try_signal_parent, FALSE },
  { "new-descriptor", try_new_descriptor, FALSE },
  { "executable-memory", try_executable_memory, FALSE },
  { "raise-limit", try_raise_limit, FALSE },
  { "exec", try_exec, TRUE },
  { "ptrace", try_ptrace, TRUE },
};

static gboolean
run_probe (const Probe *probe)
{
  int status, saved;

  /* Said before trying: a probe that kills the process leaves this line behind. */
  printf ("%s: ", probe->name);
  fflush (stdout);
  errno = 0;
  status = probe->attempt ();
  saved = errno;
  if (status == 0)
    printf ("ALLOWED\n");
  else
    printf ("refused (%s: %s)\n", saved == EPERM ? "EPERM" : "other", g_strerror (saved));
  fflush (stdout);
  return status != 0;
}

int
angio_decoder_probe_confinement (const char *action)
{
  g_autoptr(GError) error = NULL;
  AngioConfinement confinement = { 0, 0, 0, -1 };
  gboolean all_refused = TRUE;
  const Probe *only = NULL;

  for (guint i = 0; action != NULL && i < G_N_ELEMENTS (probes); i++)
    if (strcmp (probes[i].name, action) == 0)
      only = &probes[i];
  if (action != NULL && only == NULL)
    {
      g_printerr ("angiomark-decoder: unknown probe %s\n", action);
      return 2;
    }
  /* The memfd of the frames, when the caller gave one, as when decoding. */
  if (fcntl (3, F_GETFD) >= 0)
    confinement.output_fd = 3;
  parent_pid = getppid ();
  if (!angio_decoder_confine (&confinement, &error))
    {
      g_printerr ("angiomark-decoder: cannot confine itself: %s\n", error->message);
      return 2;
    }
  printf ("confined\n");
  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    if (only == &probes[i] || (only == NULL && !probes[i].fatal))
      all_refused &= run_probe (&probes[i]);
  return all_refused ? 0 : 1;
}
