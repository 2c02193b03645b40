/* angio-deid.c — the decoder process asked to de-identify a file, or to check that a file is
 * de-identified. */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "angio-deid.h"
#include "angio-package-private.h"
#include "angio-series-loader.h"

/* Runs angiomark-decoder with @args (NULL-terminated); its standard output in @stdout_text.
 * FALSE with @error when it could not run, crashed (@doing says while doing what, for the
 * file @name) or failed (its message). */
static gboolean
run_decoder (const char *const *args,
             const char         *name,
             const char         *doing,
             char              **stdout_text,
             GError            **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *stderr_text = NULL;
  g_autoptr(GError) local_error = NULL;

  g_ptr_array_add (argv, (gpointer) angio_loader_decoder_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char *const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &local_error);
  if (process == NULL ||
      !g_subprocess_communicate_utf8 (process, NULL, NULL, stdout_text, &stderr_text,
                                      &local_error))
    {
      g_set_error (error, ANGIO_DICOM_ERROR, ANGIO_DICOM_ERROR_CRASHED,
                   _("%s: the decoder could not be run (%s)"), name, local_error->message);
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
  if (!run_decoder ((const char *const *) args->pdata, name, _("de-identifying it"),
                    &stdout_text, error))
    {
      g_autofree char *folder = g_path_get_dirname (out);

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
  return run_decoder ((const char *const *) args->pdata, name, _("checking its de-identification"), &stdout_text, error);
}
