/* angio-test-keyframes.c — the real cines' fully opacified frames, read from the TSV. */
#include "config.h"

#include <stdlib.h>

#include "angio-test-keyframes.h"

static void
run_free (gpointer data)
{
  AngioTestKeyFrameRun *run = data;

  g_free (run->file);
  g_clear_pointer (&run->ecg, g_array_unref);
  g_free (run->how);
  g_free (run);
}

static gint
frame_or_none (const char *text)
{
  return g_str_equal (text, "-") ? -1 : atoi (text);
}

static AngioTestKeyFrameRun *
parse_line (char **columns)
{
  AngioTestKeyFrameRun *run = g_new0 (AngioTestKeyFrameRun, 1);
  g_auto(GStrv) ecg = g_strsplit (columns[4], ",", -1);

  run->file = g_strdup (columns[0]);
  run->n_frames = (guint) atoi (columns[1]);
  run->first = frame_or_none (columns[2]);
  run->last = frame_or_none (columns[3]);
  run->ecg = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; ecg[i] != NULL; i++)
    if (!g_str_equal (ecg[i], "-") && *ecg[i] != '\0')
      {
        guint frame = (guint) atoi (ecg[i]);

        g_array_append_val (run->ecg, frame);
      }
  run->how = g_strdup (columns[5]);
  return run;
}

GPtrArray *
angio_test_key_frame_runs_load (GError **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (run_free);
  gboolean header = TRUE;

  if (!g_file_get_contents (ANGIO_TEST_KEYFRAMES_TSV, &text, NULL, error))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) columns = NULL;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      columns = g_strsplit (lines[i], "\t", -1);
      if (g_strv_length (columns) < 6)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: line %u has %u columns",
                       ANGIO_TEST_KEYFRAMES_TSV, i + 1, g_strv_length (columns));
          return NULL;
        }
      if (header)
        header = FALSE;
      else
        g_ptr_array_add (runs, parse_line (columns));
    }
  return g_steal_pointer (&runs);
}

char *
angio_test_key_frame_run_path (const AngioTestKeyFrameRun *run)
{
  const char *root = g_getenv ("ANGIO_TESTDATA");
  g_autofree char *path = NULL;

  if (root == NULL)
    return NULL;
  path = g_build_filename (root, run->file, NULL);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR) ? g_steal_pointer (&path) : NULL;
}

gboolean
angio_test_key_frame_run_hit (const AngioTestKeyFrameRun *run,
                              guint                       frame)
{
  return run->first >= 0 && (gint) frame >= run->first && (gint) frame <= run->last;
}
