/* angio-deid.c — the decoder process asked to de-identify a file, or to check that a file is
 * de-identified. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "angio-decoder-protocol.h"
#include "angio-deid.h"
#include "angio-package-private.h"
#include "angio-series-loader.h"

/* Runs angiomark-decoder with @args (NULL-terminated) and @output_fd (-1: none) as its
 * descriptor 3; its standard output in @stdout_text. FALSE with @error when it could not run,
 * crashed or was stopped by its confinement (@doing says while doing what, for the file
 * @name) or failed (its message). */
static gboolean
run_decoder (const char *const *args,
             int                 output_fd,
             const char         *name,
             const char         *doing,
             char              **stdout_text,
             GError            **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *stderr_text = NULL;
  g_autoptr(GError) local_error = NULL;

  g_ptr_array_add (argv, (gpointer) angio_loader_decoder_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (output_fd >= 0)
    g_subprocess_launcher_take_fd (launcher, dup (output_fd), ANGIO_DECODER_OUTPUT_FD);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata,
                                          &local_error);
  if (process == NULL ||
      !g_subprocess_communicate_utf8 (process, NULL, NULL, stdout_text, &stderr_text,
                                      &local_error))
    {
      g_set_error (error, ANGIO_DICOM_ERROR, ANGIO_DICOM_ERROR_CRASHED,
                   _("%s: the decoder could not be run (%s)"), name, local_error->message);
      return FALSE;
    }
  if (g_subprocess_get_if_signaled (process)
      && g_subprocess_get_term_sig (process) == SIGSYS)
    {
      /* Translators: "FILE: the decoder was stopped … while de-identifying it …" */
      g_set_error (error, ANGIO_DICOM_ERROR, ANGIO_DICOM_ERROR_CRASHED,
                   _("%s: the decoder was stopped while %s: it attempted an operation its "
                     "confinement forbids; the file is hostile or malformed"), name, doing);
      return FALSE;
    }
  if (!g_subprocess_get_if_exited (process))
    {
      /* Translators: "FILE: the decoder crashed while de-identifying it" */
      g_set_error (error, ANGIO_DICOM_ERROR, ANGIO_DICOM_ERROR_CRASHED,
                   _("%s: the decoder crashed while %s"), name, doing);
      return FALSE;
    }
  if (g_subprocess_get_exit_status (process) != 0)
    {
      g_strstrip (stderr_text);
      g_set_error_literal (error, ANGIO_DICOM_ERROR,
                           g_subprocess_get_exit_status (process) == 2
                           ? ANGIO_DICOM_ERROR_IDENTIFYING : ANGIO_DICOM_ERROR_WRITE,
                           *stderr_text ? stderr_text : _("de-identification failed"));
      return FALSE;
    }
  return TRUE;
}

/* A new file beside @out for the decoder to write to (it may open none itself): its name in
 * @tmp. Returns: the descriptor, or -1 with @error. */
static int
open_output (const char  *out,
             char       **tmp,
             GError     **error)
{
  g_autofree char *name = NULL;
  int fd;

  *tmp = g_strconcat (out, ".tmp-XXXXXX", NULL);
  fd = g_mkstemp_full (*tmp, O_RDWR | O_CLOEXEC, 0666);
  if (fd >= 0)
    return fd;
  {
    int saved = errno;

    name = g_filename_display_name (out);
    g_set_error (error, ANGIO_DICOM_ERROR, ANGIO_DICOM_ERROR_WRITE,
                 _("%s: cannot create the file: %s"), name, g_strerror (saved));
    g_clear_pointer (tmp, g_free);
    return -1;
  }
}

gboolean
angio_deidentify_file (const char            *in,
                       const char            *out,
                       const AngioDeidParams *params,
                       AngioBurnedIn         *burned_in,
                       GError               **error)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *stdout_text = NULL;
  g_autofree char *name = NULL;
  g_autofree char *tmp = NULL;
  gboolean ok;
  int fd;

  g_return_val_if_fail (in != NULL && out != NULL && params != NULL, FALSE);

  name = g_filename_display_name (in);
  g_ptr_array_add (args, g_strdup ("--deidentify"));
  g_ptr_array_add (args, g_strdup ("--pseudonym"));
  g_ptr_array_add (args, g_strdup (params->pseudonym));
  g_ptr_array_add (args, g_strdup ("--date-shift"));
  g_ptr_array_add (args, g_strdup_printf ("%d", params->date_shift_days));
  g_ptr_array_add (args, g_strdup ("--uid-secret"));
  g_ptr_array_add (args, g_strdup (params->uid_secret));
  for (guint i = 0; i < params->n_redactions; i++)
    {
      const AngioDicomRect *r = &params->redactions[i];

      g_ptr_array_add (args, g_strdup ("--redact"));
      g_ptr_array_add (args, g_strdup_printf ("%u,%u,%u,%u", r->x, r->y, r->width, r->height));
    }
  g_ptr_array_add (args, g_strdup ("--"));
  g_ptr_array_add (args, g_strdup (in));
  g_ptr_array_add (args, g_strdup (out));
  g_ptr_array_add (args, NULL);
  if ((fd = open_output (out, &tmp, error)) < 0)
    return FALSE;
  ok = run_decoder ((const char *const *) args->pdata, fd, name, _("de-identifying it"),
                    &stdout_text, error);
  close (fd);
  if (ok && g_rename (tmp, out) != 0)
    {
      int saved = errno;
      g_autofree char *out_name = g_filename_display_name (out);

      g_set_error (error, ANGIO_DICOM_ERROR, ANGIO_DICOM_ERROR_WRITE, _("%s: %s"), out_name,
                   g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    {
      g_autofree char *folder = g_path_get_dirname (out);

      g_unlink (tmp);
      /* A full disk is not the source file's fault. */
      if (angio_package_free_bytes (folder) < (G_GUINT64_CONSTANT (1) << 20))
        {
          g_clear_error (error);
          return angio_package_no_space (error, folder);
        }
      return FALSE;
    }
  if (burned_in != NULL)
    *burned_in = strstr (stdout_text, "burned-in: yes") ? ANGIO_BURNED_IN_YES
               : strstr (stdout_text, "burned-in: no") ? ANGIO_BURNED_IN_NO
               : ANGIO_BURNED_IN_UNKNOWN;
  return TRUE;
}

gboolean
angio_deid_check_file (const char  *path,
                       const char  *pseudonym,
                       GError     **error)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *stdout_text = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  name = g_filename_display_name (path);
  g_ptr_array_add (args, (gpointer) "--check-deidentified");
  if (pseudonym != NULL)
    {
      g_ptr_array_add (args, (gpointer) "--pseudonym");
      g_ptr_array_add (args, (gpointer) pseudonym);
    }
  g_ptr_array_add (args, (gpointer) "--");
  g_ptr_array_add (args, (gpointer) path);
  g_ptr_array_add (args, NULL);
  return run_decoder ((const char *const *) args->pdata, -1, name,
                      _("checking its de-identification"), &stdout_text, error);
}
