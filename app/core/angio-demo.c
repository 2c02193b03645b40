/* angio-demo.c — the demo case: a selective renal angiogram from the phantom generator,
 * generated the first time it is asked for (about a second) and kept in the cache folder. */
#define G_LOG_DOMAIN "angio-demo"

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "angio-demo.h"
#include "angio-phantom.h"

/* Bump when the demo's parameters or the generator change what it looks like. */
#define DEMO_VERSION 2

char *
angio_demo_path (void)
{
  g_autofree char *name = g_strdup_printf ("demo-renal-v%d.dcm", DEMO_VERSION);

  return g_build_filename (g_get_user_cache_dir (), PACKAGE_NAME, name, NULL);
}

static void
demo_params (AngioPhantomParams *params)
{
  angio_phantom_params_init (params, ANGIO_PHANTOM_RENAL);
  params->seed = 2026;
  params->size = 512;
  params->frames = 72;
  params->fps = 15;
  params->percent_ds = 70;
  params->lesion_length_mm = 9;
  params->eccentricity = 0.4;
  params->shutter = ANGIO_SHUTTER_CIRCLE;
  params->syntax = ANGIO_SYNTAX_JPEG_LOSSLESS_SV1;
}

char *
angio_demo_ensure (GCancellable  *cancellable,
                   GError       **error)
{
  g_autofree char *path = angio_demo_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *truth = NULL;
  g_autoptr(AngioPhantom) phantom = NULL;
  AngioPhantomParams params;

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved));
      return NULL;
    }
  demo_params (&params);
  phantom = angio_phantom_generate (&params, cancellable, error);
  if (phantom == NULL)
    return NULL;
  truth = g_strconcat (path, ".truth.json", NULL);
  /* The DICOM file is written under a temporary name and renamed: a half-written demo never
   * exists under the final name. */
  if (!angio_phantom_save (phantom, path, truth, NULL, NULL, error))
    return NULL;
  return g_steal_pointer (&path);
}

static void
ensure_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  char *path = angio_demo_ensure (cancellable, &error);

  if (path != NULL)
    g_task_return_pointer (task, path, g_free);
  else
    g_task_return_error (task, error);
}

void
angio_demo_ensure_async (GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, angio_demo_ensure_async);
  g_task_run_in_thread (task, ensure_thread);
}

char *
angio_demo_ensure_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
