/* angio-deid.c — the decoder process asked to de-identify a file. */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "angio-deid.h"
#include "angio-series-loader.h"

gboolean
angio_deidentify_file (const char            *in,
                       const char            *out,
                       const AngioDeidParams *params,
                       AngioBurnedIn         *burned_in,
                       GError               **error)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *shift = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (in != NULL && out != NULL && params != NULL, FALSE);

  name = g_filename_display_name (in);
  shift = g_strdup_printf ("%d", params->date_shift_days);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &local_error, angio_loader_decoder_path (), "--deidentify",
                              "--pseudonym", params->pseudonym, "--date-shift", shift,
                              "--uid-secret", params->uid_secret, "--", in, out, NULL);
  if (process == NULL ||
      !g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text,
                                      &local_error))
    {
      g_set_error (error, ANGIO_DICOM_ERROR, ANGIO_DICOM_ERROR_CRASHED,
                   _("%s: the decoder could not be run (%s)"), name, local_error->message);
      return FALSE;
    }
  if (!g_subprocess_get_if_exited (process))
    {
      g_set_error (error, ANGIO_DICOM_ERROR, ANGIO_DICOM_ERROR_CRASHED,
                   _("%s: the decoder crashed while de-identifying it"), name);
      return FALSE;
    }
  if (g_subprocess_get_exit_status (process) != 0)
    {
      g_strstrip (stderr_text);
      g_set_error_literal (error, ANGIO_DICOM_ERROR, ANGIO_DICOM_ERROR_WRITE,
                           *stderr_text ? stderr_text : _("de-identification failed"));
      return FALSE;
    }
  if (burned_in != NULL)
    *burned_in = strstr (stdout_text, "burned-in: yes") ? ANGIO_BURNED_IN_YES
               : strstr (stdout_text, "burned-in: no") ? ANGIO_BURNED_IN_NO
               : ANGIO_BURNED_IN_UNKNOWN;
  return TRUE;
}
