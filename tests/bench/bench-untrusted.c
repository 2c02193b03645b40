/* bench-untrusted.c — issue "Nothing identifying leaves the hospital…" (#17), Targets:
 *  - a generated corpus of ≥ 200 hostile packages and prediction sets (unsafe ids, duplicate
 *    and missing runs, deep / truncated / NUL / non-UTF-8 JSON, tampered files, extra files and
 *    symbolic links, zip bombs, hostile CSVs and COCO files), each validated and imported into
 *    a fresh workspace by the CLI: every one refused with exit 2 (no crash, no acceptance), and
 *    no file written outside the destination;
 *  - N_KILLS (default 100) random `kill -9` of the CLI while it imports a package or exports
 *    the workspace: afterwards the workspace passes PRAGMA integrity_check, every case
 *    committed before is still there, and the import can be redone (or the case is there).
 * Run it under the sanitizer build for the first target:
 *   meson test -C _build-asan --benchmark untrusted --verbose
 * `BENCH_UNTRUSTED_KILLS=N` changes the number of kills, `BENCH_UNTRUSTED_KILLS_ONLY=1`
 * skips the corpus. Exits 1 when a target is missed. */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "angio-json.h"
#include "angio-package-private.h"
#include "angio-package.h"
#include "angio-test-util.h"

static char *sound;         /* the sound package RAS-0001 */
static char *sound_folder;  /* its workspace */
static guint n_variants, n_refused, n_accepted, n_crashed, n_escaped;

/* A fresh copy of the sound package, in its own folder. */
static char *
copy_sound (const char *name)
{
  g_autofree char *folder = angio_test_path (name);
  g_autoptr(GPtrArray) files = angio_package_walk (sound, NULL);
  char *copy = g_build_filename (folder, "RAS-0001", NULL);

  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *from = g_build_filename (sound, files->pdata[i], NULL);
      g_autofree char *to = g_build_filename (copy, files->pdata[i], NULL);

      g_assert_true (angio_package_copy_file (from, to, G_MAXUINT64, NULL));
    }
  return copy;
}

static void
rehash (const char *copy)
{
  g_autoptr(GPtrArray) files = angio_package_walk (copy, NULL);
  g_autofree char *manifest_path = g_build_filename (copy, "manifest.json", NULL);
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) manifest = NULL;

  if (files == NULL)
    return;   /* a symbolic link on purpose */
  for (guint i = 0; i < files->len; i++)
    if (g_str_equal (files->pdata[i], "manifest.json"))
      g_ptr_array_remove_index (files, i);
  list = angio_package_hash_list (copy, files, NULL, NULL, NULL);
  manifest = angio_package_index (ANGIO_PACKAGE_FORMAT, NULL, g_steal_pointer (&list));
  angio_json_to_file (manifest, manifest_path, NULL);
}

static int
run_cli (const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("ANGIOMARK_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                     G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL,
                     NULL, &status, NULL))
    return -1;
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

/* The hostile package or prediction set at @path: validate (packages) and import into a new
 * workspace; both must exit 2; nothing named "escaped" may appear in the temporary folder. */
static void
expect_refused (const char *path,
                gboolean    prediction,
                const char *what)
{
  g_autofree char *name = g_strdup_printf ("ws-hostile-%u", n_variants);
  g_autofree char *ws = angio_test_path (name);
  g_autofree char *escaped = angio_test_path ("escaped.dcm");
  g_autofree char *parent = g_path_get_dirname (angio_test_tmpdir ());
  g_autofree char *escaped_above = g_build_filename (parent, "escaped.dcm", NULL);
  int validate = 2, import;

  n_variants++;
  if (prediction)
    {
      const char *args[] = { "import-predictions", sound_folder, path, "--model", "m", NULL };

      import = run_cli (args);
    }
  else
    {
      const char *vargs[] = { "validate", path, NULL };
      const char *iargs[] = { "import", path, "--workspace", ws, NULL };

      validate = run_cli (vargs);
      import = run_cli (iargs);
    }
  if (g_file_test (escaped, G_FILE_TEST_EXISTS) || g_file_test (escaped_above,
                                                                G_FILE_TEST_EXISTS))
    {
      n_escaped++;
      g_printerr ("ESCAPED: %s\n", what);
    }
  if (validate == 2 && import == 2)
    n_refused++;
  else if (validate > 2 || import > 2 || validate < 0 || import < 0)
    {
      n_crashed++;
      g_printerr ("CRASH (%d, %d): %s\n", validate, import, what);
    }
  else
    {
      n_accepted++;
      g_printerr ("ACCEPTED (%d, %d): %s\n", validate, import, what);
    }
  angio_package_remove_tree (ws);
}

static JsonNode *
read_case (const char *copy)
{
  g_autofree char *path = g_build_filename (copy, "case.json", NULL);

  return angio_package_read_json (path, NULL);
}

static void
write_case (const char *copy,
            JsonNode   *doc)
{
  g_autofree char *path = g_build_filename (copy, "case.json", NULL);

  angio_json_to_file (doc, path, NULL);
  rehash (copy);
}

static JsonObject *
first_run (JsonNode *doc)
{
  return json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (doc), "series"), 0);
}

static void
corpus_ids (void)
{
  g_autofree char *thousand = g_strnfill (1000, 'x');
  g_autofree char *sixty_five = g_strnfill (65, 'x');
  const char *ids[] = { "../../escaped", "../escaped", "a/b", ".", "..", "", "\n", "a\nb",
                        thousand, sixty_five, ".hidden", "a\\b", "/abs", "a b", "é", "\t",
                        "a\x01", "..\\..\\x", "a/../b", "./x", NULL };

  for (guint i = 0; ids[i] != NULL; i++)
    for (guint kind = 0; kind < 2; kind++)
      {
        g_autofree char *name = g_strdup_printf ("ids-%u-%u", i, kind);
        g_autofree char *copy = copy_sound (name);
        g_autoptr(JsonNode) doc = read_case (copy);
        g_autofree char *what = g_strdup_printf ("%s id %u", kind ? "run" : "case", i);

        if (kind == 0)
          json_object_set_string_member (json_node_get_object (doc), "case_id", ids[i]);
        else
          {
            g_autofree char *file = g_strdup_printf ("series/%s.dcm", ids[i]);

            json_object_set_string_member (first_run (doc), "id", ids[i]);
            json_object_set_string_member (first_run (doc), "file", file);
          }
        write_case (copy, doc);
        expect_refused (copy, FALSE, what);
      }
}

static void
corpus_runs (void)
{
  for (guint n = 2; n <= 6; n++)
    {
      g_autofree char *name = g_strdup_printf ("dup-%u", n);
      g_autofree char *copy = copy_sound (name);
      g_autoptr(JsonNode) doc = read_case (copy);
      JsonArray *series = json_object_get_array_member (json_node_get_object (doc), "series");
      g_autofree char *text = angio_json_to_string (json_array_get_element (series, 0), FALSE);

      for (guint k = 1; k < n; k++)
        json_array_add_element (series, angio_test_parse_json (text));
      write_case (copy, doc);
      expect_refused (copy, FALSE, "duplicate runs");
    }
  for (guint n = 2; n <= 6; n++)
    {
      g_autofree char *name = g_strdup_printf ("missing-%u", n);
      g_autofree char *copy = copy_sound (name);
      g_autoptr(JsonNode) doc = read_case (copy);
      JsonArray *series = json_object_get_array_member (json_node_get_object (doc), "series");
      g_autofree char *text = angio_json_to_string (json_array_get_element (series, 0), FALSE);
      JsonNode *extra = angio_test_parse_json (text);
      g_autofree char *id = g_strdup_printf ("s%u", n);
      g_autofree char *file = g_strdup_printf ("series/%s.dcm", id);

      json_object_set_string_member (json_node_get_object (extra), "id", id);
      json_object_set_string_member (json_node_get_object (extra), "file", file);
      json_array_add_element (series, extra);
      write_case (copy, doc);
      expect_refused (copy, FALSE, "missing run");
    }
}

/* Deep, truncated, NUL and non-UTF-8 JSON in each of the package's JSON files. */
static void
corpus_json (void)
{
  const char *files[] = { "manifest.json", "case.json", NULL };
  const gsize depths[] = { 65, 100, 1000, 100000 };

  for (guint f = 0; files[f] != NULL; f++)
    {
      g_autofree char *original = NULL;
      gsize length;

      {
        g_autofree char *path = g_build_filename (sound, files[f], NULL);

        g_assert_true (g_file_get_contents (path, &original, &length, NULL));
      }
      for (guint d = 0; d < G_N_ELEMENTS (depths); d++)
        for (guint brace = 0; brace < 2; brace++)
          {
            g_autofree char *name = g_strdup_printf ("deep-%u-%u-%u", f, d, brace);
            g_autofree char *copy = copy_sound (name);
            g_autofree char *path = g_build_filename (copy, files[f], NULL);
            GString *text = g_string_new (NULL);

            for (gsize k = 0; k < depths[d]; k++)
              g_string_append (text, brace ? "{\"a\":" : "[");
            g_file_set_contents (path, text->str, text->len, NULL);
            g_string_free (text, TRUE);
            if (f > 0)
              rehash (copy);
            expect_refused (copy, FALSE, "deep JSON");
          }
      for (guint t = 1; t <= 12; t++)
        {
          g_autofree char *name = g_strdup_printf ("truncated-%u-%u", f, t);
          g_autofree char *copy = copy_sound (name);
          g_autofree char *path = g_build_filename (copy, files[f], NULL);

          g_file_set_contents (path, original, length * t / 13, NULL);
          if (f > 0)
            rehash (copy);
          expect_refused (copy, FALSE, "truncated JSON");
        }
      for (guint t = 1; t <= 8; t++)
        {
          g_autofree char *name = g_strdup_printf ("nul-%u-%u", f, t);
          g_autofree char *copy = copy_sound (name);
          g_autofree char *path = g_build_filename (copy, files[f], NULL);
          g_autofree char *bytes = g_memdup2 (original, length);

          bytes[length * t / 9] = t % 2 ? '\0' : (char) 0xff;
          g_file_set_contents (path, bytes, length, NULL);
          if (f > 0)
            rehash (copy);
          expect_refused (copy, FALSE, t % 2 ? "NUL in JSON" : "not UTF-8 JSON");
        }
    }
}

/* Files altered, added, removed, linked, without the manifest made to match. */
static void
corpus_files (void)
{
  g_autoptr(GPtrArray) files = angio_package_walk (sound, NULL);

  for (guint i = 0; i < files->len; i++)
    for (guint kind = 0; kind < 3; kind++)
      {
        const char *relative = files->pdata[i];
        g_autofree char *name = g_strdup_printf ("files-%u-%u", i, kind);
        g_autofree char *copy = copy_sound (name);
        g_autofree char *path = g_build_filename (copy, relative, NULL);

        if (g_str_equal (relative, "manifest.json"))
          continue;
        if (kind == 0)
          {
            FILE *f = fopen (path, "ab");

            fputc ('x', f);
            fclose (f);
          }
        else if (kind == 1)
          g_unlink (path);
        else
          {
            g_unlink (path);
            g_assert_cmpint (symlink ("/etc/passwd", path), ==, 0);
          }
        expect_refused (copy, FALSE, kind == 0 ? "file altered" : kind == 1 ? "file removed"
                                                                         : "symbolic link");
      }
  for (guint k = 0; k < 4; k++)
    {
      const char *extra[] = { "notes.txt", "series/s9.dcm", "labels/s1/f0_lesion9.png",
                              "labels/s9/f0_vessel.png" };
      g_autofree char *name = g_strdup_printf ("extra-%u", k);
      g_autofree char *copy = copy_sound (name);
      g_autofree char *path = g_build_filename (copy, extra[k], NULL);
      g_autofree char *parent = g_path_get_dirname (path);

      g_mkdir_with_parents (parent, 0755);
      g_file_set_contents (path, "x", 1, NULL);
      expect_refused (copy, FALSE, "extra file");
    }
}

/* case.json changed after hashing (the wire FFR 0.76 made another), and manifests whose
 * entries are not valid. */
static void
corpus_tampered (void)
{
  const char *entries[] = {
    "{\"path\":\"../escaped.dcm\",\"bytes\":1,\"sha256\":\"%s\"}",
    "{\"path\":\"/etc/passwd\",\"bytes\":1,\"sha256\":\"%s\"}",
    "{\"path\":\"case.json\",\"bytes\":-1,\"sha256\":\"%s\"}",
    "{\"path\":\"case.json\",\"bytes\":1,\"sha256\":\"ABC\"}",
    "{\"path\":\"series//s1.dcm\",\"bytes\":1,\"sha256\":\"%s\"}",
    "{\"path\":\"./case.json\",\"bytes\":1,\"sha256\":\"%s\"}",
    "{\"path\":\"series\\\\s1.dcm\",\"bytes\":1,\"sha256\":\"%s\"}",
    "{\"path\":\"a\\nb\",\"bytes\":1,\"sha256\":\"%s\"}",
    "{\"path\":7,\"bytes\":1,\"sha256\":\"%s\"}",
    "\"case.json\"",
    NULL };
  g_autofree char *zeros = g_strnfill (64, '0');

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *name = g_strdup_printf ("tampered-%u", i);
      g_autofree char *copy = copy_sound (name);
      g_autoptr(JsonNode) doc = read_case (copy);
      g_autofree char *path = g_build_filename (copy, "case.json", NULL);
      JsonObject *pressure = angio_json_get_object (json_node_get_object (doc), "pressure");

      json_object_set_double_member (pressure, "pd_hyper", 30 + i);
      json_object_set_double_member (pressure, "ffr", (30 + i) / 92.0);
      angio_json_to_file (doc, path, NULL);   /* the manifest left as it was */
      expect_refused (copy, FALSE, "case.json tampered");
    }
  for (guint i = 0; entries[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("manifest-%u", i);
      g_autofree char *copy = copy_sound (name);
      g_autofree char *path = g_build_filename (copy, "manifest.json", NULL);
      g_autofree char *entry = g_strdup_printf (entries[i], zeros);
      g_autofree char *text = NULL;
      g_autofree char *changed = NULL;
      char *files;

      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      files = strstr (text, "\"files\"");
      g_assert_nonnull (files);
      files = strchr (files, '[');
      *files = '\0';
      changed = g_strdup_printf ("%s[%s,%s", text, entry, files + 1);
      g_file_set_contents (path, changed, -1, NULL);
      expect_refused (copy, FALSE, "manifest entry");
    }
}

/* Zips expanding far past what they list. */
static void
corpus_zips (void)
{
  const int sizes[] = { 100, 200, 400, 800 };

  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    for (guint relist = 0; relist < 2; relist++)
      {
        g_autofree char *name = g_strdup_printf ("bomb-%u-%u", k, relist);
        g_autofree char *copy = copy_sound (name);
        g_autofree char *run = g_build_filename (copy, "series", "s1.dcm", NULL);
        g_autofree char *zip_name = g_strdup_printf ("bomb-%u-%u.zip", k, relist);
        g_autofree char *zip = angio_test_path (zip_name);
        FILE *f = fopen (run, "r+b");

        g_assert_nonnull (f);
        g_assert_cmpint (ftruncate (fileno (f), (off_t) sizes[k] << 20), ==, 0);
        fclose (f);
        if (relist)
          rehash (copy);   /* the manifest says it honestly: the ratio bound still holds */
        g_assert_true (angio_package_zip (copy, "RAS-0001", zip, NULL, NULL));
        angio_package_remove_tree (copy);
        {
          GStatBuf st;
          g_autofree char *what = NULL;

          g_assert_cmpint (g_stat (zip, &st), ==, 0);
          what = g_strdup_printf ("zip bomb: %.2f MB expanding to %d MB", st.st_size / 1e6,
                                  sizes[k]);
          /* Within the documented bound (16 MB + 100 × the zip) with an honest manifest, it
             is no bomb but a large package: not counted. */
          if (relist && ((guint64) sizes[k] << 20) <= (16u << 20) + 100 * (guint64) st.st_size)
            {
              g_print ("not a bomb by the bound: %s\n", what);
              continue;
            }
          expect_refused (zip, FALSE, what);
        }
      }
}

/* Prediction sets: hostile CSVs and COCO files. */
static void
corpus_predictions (void)
{
  const char *csvs[] = {
    "case_id,predicted_ffr\nRAS-0001,0.7\0 8\n",
    "case_id,predicted_ffr\nRAS-0001,\"0.78\n",
    "case_id,predicted_ffr\nRAS-0001,0\"7\n",
    "case_id,ffr,predicted_ffr\nRAS-0001,0.4,0.7\n",
    "case_id,predicted_ffr\nRAS-0001,abc\n",
    "case_id,predicted_ffr\nRAS-0001,0.7\nRAS-0001,0.8\n",
    "case_id,predicted_ffr\n,0.7\n",
    "predicted_ffr\n0.7\n",
    "case_id,predicted_ffr\n",
    "",
    "case_id,key_frames\nRAS-0001,-1\n",
    "case_id,key_frames\nRAS-0001,99999\n",
    "case_id,predicted_ffr\nRAS-0001,\xff\n",
    "case_id,predicted_ffr\nRAS-0001,inf\n",
    "case_id,series_id,key_frames\nRAS-0001,../../x,1\n",
    NULL };
  g_autofree char *deep = g_strnfill (100000, '[');
  GString *big = g_string_new ("[{\"case_id\":\"RAS-0001\",\"series_id\":\"s1\",\"frame\":3,"
                               "\"score\":0.9,\"segmentation\":[[");
  const char *cocos[] = {
    "{\"images\":[{\"id\":1,\"case_id\":\"RAS-0001\",\"series_id\":\"s1\",\"frame\":3},"
    "{\"id\":1,\"case_id\":\"RAS-0001\",\"series_id\":\"s1\",\"frame\":9}],\"annotations\":[]}",
    "{\"images\":[{\"id\":4294967297,\"case_id\":\"RAS-0001\",\"series_id\":\"s1\","
    "\"frame\":3}],\"annotations\":[]}",
    "[{\"image_id\":7,\"segmentation\":[[1,1,2,2,3,1]],\"score\":0.9}]",
    "[{\"case_id\":\"RAS-0001\",\"series_id\":\"s1\",\"frame\":3,\"score\":0.9,"
    "\"segmentation\":[[1,1,2]]}]",
    "[{\"case_id\":\"RAS-0001\",\"series_id\":\"s1\",\"frame\":999,\"score\":0.9,"
    "\"segmentation\":[[1,1,2,2,3,1]]}]",
    "{\"a\":1}",
    deep,
    NULL, NULL };

  for (guint i = 0; i < 200000; i++)
    g_string_append_printf (big, "%s%u,%u", i ? "," : "", 10 + i % 100, 10 + (i / 100) % 100);
  g_string_append (big, "]]}]");
  cocos[G_N_ELEMENTS (cocos) - 2] = big->str;
  for (guint i = 0; csvs[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("csv-%u", i);
      g_autofree char *folder = angio_test_path (name);
      g_autofree char *path = g_build_filename (folder, "predictions.csv", NULL);
      gsize length = strlen (csvs[i]);

      if (i == 0)
        length = sizeof "case_id,predicted_ffr\nRAS-0001,0.7\0 8\n" - 1;
      g_mkdir_with_parents (folder, 0755);
      g_file_set_contents (path, csvs[i], length, NULL);
      expect_refused (folder, TRUE, "hostile CSV");
    }
  for (guint i = 0; cocos[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("coco-%u", i);
      g_autofree char *folder = angio_test_path (name);
      g_autofree char *path = g_build_filename (folder, "results.json", NULL);

      g_mkdir_with_parents (folder, 0755);
      g_file_set_contents (path, cocos[i], -1, NULL);
      expect_refused (folder, TRUE, "hostile COCO");
    }
  g_string_free (big, TRUE);
}

/* kill -9 */

static gboolean
integrity_ok (const char *folder,
              guint      *n_cases)
{
  g_autofree char *db_path = g_build_filename (folder, "workspace.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (ok && sqlite3_prepare_v2 (db, "SELECT count(*) FROM cases", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    *n_cases = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ok;
}

/* Starts the CLI with @args, kills it with SIGKILL after @delay_us (if still running). */
static void
run_and_kill (const char *const *args,
              gulong             delay_us)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  GPid pid;
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("ANGIOMARK_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_async (NULL, (char **) argv->pdata, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                                G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, NULL));
  g_usleep (delay_us);
  kill (pid, SIGKILL);
  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);
}

static guint
kills (guint n)
{
  g_autofree char *ws = angio_test_path ("ws-kills");
  g_autofree char *out_parent = angio_test_path ("kill-exports");
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);
  guint failures = 0, committed = 0;
  gint64 longest = 0;

  /* How long an unhindered import takes: the kills land anywhere in it. */
  {
    const char *args[] = { "import", sound, "--workspace", ws, NULL };
    gint64 start = g_get_monotonic_time ();

    g_assert_cmpint (run_cli (args), ==, 0);
    longest = g_get_monotonic_time () - start;
    angio_package_remove_tree (ws);
  }
  for (guint i = 0; i < n; i++)
    {
      gboolean export = i % 4 == 3 && committed > 0;
      gulong delay = (gulong) g_rand_double_range (rand, 0, 1.2 * longest);
      g_autofree char *out = g_strdup_printf ("%s/out-%u", out_parent, i);
      guint n_cases = 0;
      const char *iargs[] = { "import", sound, "--workspace", ws, NULL };
      const char *eargs[] = { "export", ws, "--all", "--out", out, NULL };

      g_mkdir_with_parents (out_parent, 0755);
      run_and_kill (export ? eargs : iargs, delay);
      /* Opened again: swept; whole; what was committed is there; the import redoable. */
      {
        const char *list[] = { "workspace", "list", ws, NULL };
        int status = run_cli (list);

        g_autofree char *db = g_build_filename (ws, "workspace.db", NULL);
        g_autofree char *wal = g_build_filename (ws, "workspace.db-wal", NULL);
        GStatBuf st;

        if (g_stat (db, &st) != 0 || (st.st_size == 0 && !g_file_test (wal, G_FILE_TEST_EXISTS)))
          ;   /* killed before the workspace was made, or before its creation's first commit
                 ("no workspace here" is right: nothing was in it) */
        else if (status != 0 || !integrity_ok (ws, &n_cases) || n_cases < committed)
          {
            g_printerr ("kill %u (%s after %lu µs): list %d, %u cases, %u committed\n", i,
                        export ? "export" : "import", delay, status, n_cases, committed);
            failures++;
          }
      }
      if (!export)
        {
          int status = run_cli (iargs);

          /* Redone, or refused because the killed one had committed it. */
          if (status != 0 && !(status == 2 && n_cases == 1))
            {
              g_printerr ("kill %u: re-import exit %d\n", i, status);
              failures++;
            }
          committed = 1;
          /* Back to nothing for the next kill of an import, half of the time. */
          if (i % 2 == 0)
            {
              angio_package_remove_tree (ws);
              committed = 0;
            }
        }
      angio_package_remove_tree (out);
    }
  {
    g_autoptr(GDir) dir = g_dir_open (out_parent, 0, NULL);
    const char *name;

    /* The last kill's partial export may be left until the next export beside it. */
    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      if (strstr (name, ".partial-") != NULL)
        g_printerr ("left: %s\n", name);
  }
  return failures;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AngioWorkspace) ws = NULL;
  g_autofree char *out = NULL;
  const char *ids[] = { "CASE-0001", NULL };
  AngioExportOptions options = { FALSE, NULL };
  const char *env = g_getenv ("BENCH_UNTRUSTED_KILLS");
  guint n_kills = env ? (guint) g_ascii_strtoull (env, NULL, 10) : 100;
  guint kill_failures;
  gint64 start;
  gboolean ok;

  g_test_init (&argc, &argv, NULL);
  ws = angio_test_labelled_workspace ("ws-sound", 1);
  out = angio_test_path ("sound-dataset");
  g_assert_true (angio_package_export (ws, ids, out, &options, NULL, NULL, NULL, NULL));
  g_clear_object (&ws);
  sound = g_build_filename (out, "RAS-0001", NULL);
  sound_folder = angio_test_path ("ws-sound");

  start = g_get_monotonic_time ();
  if (g_getenv ("BENCH_UNTRUSTED_KILLS_ONLY") != NULL)
    goto kill_only;
  corpus_ids ();
  corpus_runs ();
  corpus_json ();
  corpus_files ();
  corpus_tampered ();
  corpus_zips ();
  corpus_predictions ();
  g_print ("hostile corpus: %u variants, %u refused, %u accepted, %u crashed, %u wrote "
           "outside, in %.1f s\n", n_variants, n_refused, n_accepted, n_crashed, n_escaped,
           (g_get_monotonic_time () - start) / 1e6);

kill_only:
  start = g_get_monotonic_time ();
  kill_failures = kills (n_kills);
  g_print ("kill -9: %u kills during imports and exports, %u failed (integrity, lost case or "
           "import not redoable), in %.1f s\n", n_kills, kill_failures,
           (g_get_monotonic_time () - start) / 1e6);

  ok = (g_getenv ("BENCH_UNTRUSTED_KILLS_ONLY") != NULL || n_variants >= 200) &&
       n_refused == n_variants && n_escaped == 0 && kill_failures == 0;
  g_print ("%s\n", ok ? "all targets met" : "TARGET MISSED");
  return ok ? 0 : 1;
}
