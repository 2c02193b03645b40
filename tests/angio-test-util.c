/* angio-test-util.c — see angio-test-util.h. */
#include "config.h"

#include <sqlite3.h>

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "angio-deid-profile.h"
#include "angio-package-private.h"
#include "angio-series.h"
#include "angio-test-util.h"

static char *tmpdir;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
cleanup (void)
{
  if (tmpdir != NULL && g_getenv ("ANGIO_KEEP_TMP") == NULL)
    remove_tree (tmpdir);
}

const char *
angio_test_tmpdir (void)
{
  if (tmpdir == NULL)
    {
      tmpdir = g_dir_make_tmp ("angiomark-test-XXXXXX", NULL);
      g_assert_nonnull (tmpdir);
      atexit (cleanup);
    }
  return tmpdir;
}

char *
angio_test_path (const char *name)
{
  return g_build_filename (angio_test_tmpdir (), name, NULL);
}

char *
angio_test_data_dir (const char *sub)
{
  const char *root = g_getenv ("ANGIO_TESTDATA");
  g_autofree char *path = NULL;

  if (root == NULL)
    {
      g_test_skip ("ANGIO_TESTDATA is not set");
      return NULL;
    }
  path = g_build_filename (root, "dicom", sub, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *message = g_strdup_printf ("%s is missing", path);
      g_test_skip (message);
      return NULL;
    }
  return g_steal_pointer (&path);
}

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

GPtrArray *
angio_test_list_dicom (const char *sub)
{
  const char *root = g_getenv ("ANGIO_TESTDATA");
  g_autofree char *dir = root ? g_build_filename (root, "dicom", sub, NULL) : NULL;
  g_autoptr(GDir) listing = dir ? g_dir_open (dir, 0, NULL) : NULL;
  GPtrArray *names;
  const char *name;

  if (listing == NULL)
    return NULL;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".dcm"))
      g_ptr_array_add (names, g_strdup (name));
  qsort (names->pdata, names->len, sizeof (gpointer), compare_names);
  return names;
}

void
angio_test_assert_rejected (const char *path,
                            int         expected_code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AngioSeries) series = angio_series_load (path, NULL, &error);
  g_autofree char *base = g_path_get_basename (path);

  g_assert_null (series);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (error->domain == ANGIO_DICOM_ERROR);
  g_assert_nonnull (strstr (error->message, base));
  if (expected_code >= 0)
    g_assert_cmpint (error->code, ==, expected_code);
}

char *
angio_test_phantom_file (const AngioPhantomParams *params,
                         const char               *name,
                         AngioPhantom            **out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AngioPhantom) phantom = angio_phantom_generate (params, NULL, &error);
  char *path = angio_test_path (name);

  g_assert_no_error (error);
  g_assert_true (angio_phantom_save (phantom, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  if (out != NULL)
    *out = g_steal_pointer (&phantom);
  return path;
}

static void
put16 (GByteArray *bytes,
       guint16     value)
{
  guint8 le[2] = { value & 0xff, value >> 8 };
  g_byte_array_append (bytes, le, 2);
}

static void
put32 (GByteArray *bytes,
       guint32     value)
{
  guint8 le[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24 };
  g_byte_array_append (bytes, le, 4);
}

void
angio_test_dicom_element (GByteArray   *bytes,
                          guint16       group,
                          guint16       element,
                          const char   *vr,
                          gconstpointer value,
                          guint32       length)
{
  static const char *const long_vrs[] = { "OB", "OW", "OF", "SQ", "UT", "UN", NULL };

  put16 (bytes, group);
  put16 (bytes, element);
  g_byte_array_append (bytes, (const guint8 *) vr, 2);
  if (g_strv_contains (long_vrs, vr))
    {
      put16 (bytes, 0);
      put32 (bytes, length);
    }
  else
    put16 (bytes, (guint16) length);
  if (value != NULL && length != 0xffffffff)
    g_byte_array_append (bytes, value, length);
}

void
angio_test_dicom_text (GByteArray *bytes,
                       guint16     group,
                       guint16     element,
                       const char *vr,
                       const char *text)
{
  g_autofree char *padded = NULL;
  gsize n = strlen (text);

  padded = g_strndup (text, n + 1);
  if (n % 2)
    padded[n++] = strcmp (vr, "UI") == 0 ? '\0' : ' ';
  angio_test_dicom_element (bytes, group, element, vr, padded, (guint32) n);
}

void
angio_test_dicom_us (GByteArray *bytes,
                     guint16     group,
                     guint16     element,
                     guint16     value)
{
  guint8 le[2] = { value & 0xff, value >> 8 };
  angio_test_dicom_element (bytes, group, element, "US", le, 2);
}

void
angio_test_dicom_sequence_begin (GByteArray *bytes,
                                 guint16     group,
                                 guint16     element)
{
  angio_test_dicom_element (bytes, group, element, "SQ", NULL, 0xffffffff);
}

static void
put_delimiter (GByteArray *bytes,
               guint16     element,
               guint32     length)
{
  put16 (bytes, 0xfffe);
  put16 (bytes, element);
  put32 (bytes, length);
}

void
angio_test_dicom_item_begin (GByteArray *bytes)
{
  put_delimiter (bytes, 0xe000, 0xffffffff);
}

void
angio_test_dicom_item_end (GByteArray *bytes)
{
  put_delimiter (bytes, 0xe00d, 0);
}

void
angio_test_dicom_sequence_end (GByteArray *bytes)
{
  put_delimiter (bytes, 0xe0dd, 0);
}

GByteArray *
angio_test_dicom_begin (const char *transfer_syntax_uid)
{
  GByteArray *bytes = g_byte_array_new ();
  g_autoptr(GByteArray) meta = g_byte_array_new ();
  guint8 preamble[128] = { 0 };
  guint8 version[2] = { 0, 1 };
  guint32 length;

  g_byte_array_append (bytes, preamble, sizeof preamble);
  g_byte_array_append (bytes, (const guint8 *) "DICM", 4);
  angio_test_dicom_element (meta, 0x0002, 0x0001, "OB", version, 2);
  angio_test_dicom_text (meta, 0x0002, 0x0002, "UI", "1.2.840.10008.5.1.4.1.1.12.1");
  angio_test_dicom_text (meta, 0x0002, 0x0003, "UI", "1.2.3.4.5.6");
  angio_test_dicom_text (meta, 0x0002, 0x0010, "UI", transfer_syntax_uid);
  angio_test_dicom_text (meta, 0x0002, 0x0012, "UI", "1.2.3.4");
  length = GUINT32_TO_LE (meta->len);
  angio_test_dicom_element (bytes, 0x0002, 0x0000, "UL", &length, 4);
  g_byte_array_append (bytes, meta->data, meta->len);
  return bytes;
}

void
angio_test_dicom_image_header (GByteArray *bytes,
                               guint       rows,
                               guint       cols,
                               guint       frames)
{
  angio_test_dicom_text (bytes, 0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.12.1");
  angio_test_dicom_text (bytes, 0x0008, 0x0018, "UI", "1.2.3.4.5.6");
  angio_test_dicom_text (bytes, 0x0008, 0x0060, "CS", "XA");
  angio_test_dicom_us (bytes, 0x0028, 0x0002, 1);
  angio_test_dicom_text (bytes, 0x0028, 0x0004, "CS", "MONOCHROME2");
  if (frames > 0)
    {
      g_autofree char *n = g_strdup_printf ("%u", frames);
      angio_test_dicom_text (bytes, 0x0028, 0x0008, "IS", n);
    }
  angio_test_dicom_us (bytes, 0x0028, 0x0010, (guint16) rows);
  angio_test_dicom_us (bytes, 0x0028, 0x0011, (guint16) cols);
  angio_test_dicom_us (bytes, 0x0028, 0x0100, 16);
  angio_test_dicom_us (bytes, 0x0028, 0x0101, 12);
  angio_test_dicom_us (bytes, 0x0028, 0x0102, 11);
  angio_test_dicom_us (bytes, 0x0028, 0x0103, 0);
}

char *
angio_test_write (const char   *name,
                  gconstpointer data,
                  gsize         length)
{
  g_autoptr(GError) error = NULL;
  char *path = angio_test_path (name);

  g_assert_true (g_file_set_contents (path, data, (gssize) length, &error));
  g_assert_no_error (error);
  return path;
}

const AngioTestPlanted angio_test_planted[] = {
  { 0x0010, 0x0010, "PN", "PLANTEDFAMILY^PLANTEDGIVEN" },
  { 0x0010, 0x0020, "LO", "PLANTEDPID7781" },
  { 0x0010, 0x0021, "LO", "PLANTEDISSUER" },
  { 0x0010, 0x0030, "DA", "19450607" },
  { 0x0010, 0x1000, "LO", "PLANTEDOTHERID" },
  { 0x0010, 0x1001, "PN", "PLANTEDOTHER^NAME" },
  { 0x0010, 0x1040, "LO", "PLANTED STREET 12" },
  { 0x0010, 0x2154, "SH", "PLANTED5550199" },
  { 0x0010, 0x4000, "LT", "PLANTED PATIENT COMMENT" },
  { 0x0008, 0x0050, "SH", "PLANTEDACC9" },
  { 0x0008, 0x0080, "LO", "PLANTED INSTITUTION" },
  { 0x0008, 0x0081, "ST", "PLANTED INSTITUTION ADDRESS" },
  { 0x0008, 0x1040, "LO", "PLANTED DEPARTMENT" },
  { 0x0008, 0x0090, "PN", "PLANTEDREFERRING^DOC" },
  { 0x0008, 0x1050, "PN", "PLANTEDPERFORMING^DOC" },
  { 0x0008, 0x1060, "PN", "PLANTEDREADING^DOC" },
  { 0x0008, 0x1070, "PN", "PLANTEDOPERATOR" },
  { 0x0008, 0x1010, "SH", "PLANTEDSTATION" },
  { 0x0018, 0x1000, "LO", "PLANTEDSERIAL" },
  { 0x0020, 0x0010, "SH", "PLANTEDSTUDYID" },
  { 0x0008, 0x1030, "LO", "PLANTED STUDY DESCRIPTION" },
  { 0x0008, 0x103e, "LO", "PLANTED SERIES DESCRIPTION" },
  { 0x0018, 0x1030, "LO", "PLANTED PROTOCOL" },
  { 0x0020, 0x4000, "LT", "PLANTED IMAGE COMMENT" },
  { 0x0008, 0x0020, "DA", "20240315" },
  { 0x0008, 0x0021, "DA", "20240316" },
  { 0x0008, 0x0023, "DA", "20240317" },
  { 0x0020, 0x000d, "UI", ANGIO_TEST_STUDY_UID },
  { 0x0020, 0x000e, "UI", ANGIO_TEST_SERIES_UID },
  { 0x0008, 0x0018, "UI", ANGIO_TEST_SOP_UID },
  { 0x0009, 0x0010, "LO", "PLANTEDCREATOR" },
  { 0x0009, 0x1001, "LO", "PLANTED PRIVATE VALUE" },
};
const guint angio_test_n_planted = G_N_ELEMENTS (angio_test_planted);

void
angio_test_write_phantom (const AngioPhantomParams         *params,
                          const char                       *path,
                          const AngioDicomAttribute *const *extra)
{
  g_autoptr(AngioPhantom) phantom = NULL;
  g_autoptr(GError) error = NULL;

  phantom = angio_phantom_generate (params, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (angio_phantom_save (phantom, path, NULL, NULL, extra, &error));
  g_assert_no_error (error);
}

static GPtrArray *profile_attributes;
static GPtrArray *profile_needles;

static void
needle_free (AngioTestNeedle *needle)
{
  g_free (needle->what);
  g_bytes_unref (needle->bytes);
  g_free (needle);
}

static void
add_needle (const char *what,
            const void *bytes,
            gsize       length,
            gboolean    kept)
{
  AngioTestNeedle *needle = g_new0 (AngioTestNeedle, 1);

  needle->what = g_strdup (what);
  needle->bytes = g_bytes_new (bytes, length);
  needle->kept = kept;
  g_ptr_array_add (profile_needles, needle);
}

/* The distinct value of planted attribute @n, for @vr. Dates lie within 300 days of each
 * other: shifted by a whole number of weeks from 1 to 10 years back (the export's shift),
 * none can become another. */
static char *
planted_value (const char *vr,
               guint       n)
{
  if (g_str_equal (vr, "DA") || g_str_equal (vr, "DT"))
    {
      g_autoptr(GDate) date = g_date_new_dmy (1, G_DATE_FEBRUARY, 1931);

      g_date_add_days (date, n % 300);
      return g_strdup_printf ("%04u%02u%02u%s", g_date_get_year (date), g_date_get_month (date),
                              g_date_get_day (date), g_str_equal (vr, "DT") ? "101112" : "");
    }
  if (g_str_equal (vr, "TM"))
    return g_strdup_printf ("101112.%06u", 100000 + n);
  if (g_str_equal (vr, "UI"))
    return g_strdup_printf ("1.2.826.0.1.3680043.10.77.%u", 1000 + n);
  if (g_str_equal (vr, "AS"))
    return g_strdup ("097Y");
  if (g_str_equal (vr, "DS"))
    return g_strdup_printf ("9876.5%04u", n);
  if (g_str_equal (vr, "IS"))
    return g_strdup_printf ("987%05u", n);
  if (g_str_equal (vr, "US"))
    return g_strdup_printf ("%u", 40000 + n);
  return g_strdup_printf ("PLANTED%04uX", n);
}

/* What a value looks like in an Explicit VR Little Endian file: the text, or for a binary
 * number the whole element (tag, VR, length and value). */
static void
add_value_needle (const char *what,
                  guint16     group,
                  guint16     element,
                  const char *vr,
                  const char *value,
                  gboolean    kept)
{
  if (g_str_equal (vr, "US"))
    {
      guint16 v = (guint16) atoi (value);
      guint8 e[10] = { group & 0xff, group >> 8, element & 0xff, element >> 8, 'U', 'S', 2, 0,
                       v & 0xff, v >> 8 };

      add_needle (what, e, sizeof e, kept);
    }
  else
    add_needle (what, value, strlen (value), kept);
}

static AngioDicomAttribute *
planted_attribute (guint16     group,
                   guint16     element,
                   const char *vr,
                   const char *what,
                   gboolean    kept,
                   guint      *n)
{
  g_autofree char *value = planted_value (vr, (*n)++);

  add_value_needle (what, group, element, vr, value, kept);
  return angio_dicom_attribute_new (group, element, vr, NULL, value);
}

static GPtrArray *
new_item (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) angio_dicom_attribute_free);
}

/* A sequence @group,@element with one @item. */
static AngioDicomAttribute *
sequence_of (guint16    group,
             guint16    element,
             GPtrArray *item)
{
  AngioDicomAttribute *sq = angio_dicom_attribute_new (group, element, "SQ", NULL, "");

  sq->items = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_ptr_array_add (sq->items, item);
  return sq;
}

/* One item with a person's name (Table E.1-1: D) and a text outside the table. */
static GPtrArray *
named_item (const char *within,
            guint      *n)
{
  GPtrArray *item = new_item ();
  g_autofree char *name = g_strdup_printf ("Person Name (0040,A123) in %s", within);
  g_autofree char *text = g_strdup_printf ("Text Value (0040,A160) in %s", within);

  g_ptr_array_add (item, planted_attribute (0x0040, 0xa123, "PN", name, FALSE, n));
  g_ptr_array_add (item, planted_attribute (0x0040, 0xa160, "UT", text, FALSE, n));
  return item;
}

/* Identifiers of the table and outside it, to put inside a sequence that is kept. */
static void
add_nested (GPtrArray  *item,
            const char *within,
            guint      *n)
{
  static const struct { guint16 group, element; const char *vr, *name; } plain[] = {
    { 0x0010, 0x0010, "PN", "Patient's Name" },
    { 0x0010, 0x0020, "LO", "Patient ID" },
    { 0x0008, 0x0080, "LO", "Institution Name" },
    { 0x0008, 0x0050, "SH", "Accession Number" },
    { 0x0008, 0x0021, "DA", "Series Date" },
    { 0x0020, 0x000d, "UI", "Study Instance UID" },
    { 0x0008, 0x103e, "LO", "Series Description" },
  };
  static const struct { guint16 group, element; const char *name; } sequences[] = {
    { 0x0008, 0x1032, "Procedure Code Sequence" },
    { 0x0400, 0x0561, "Original Attributes Sequence" },
    { 0x0040, 0x0275, "Request Attributes Sequence" },
    { 0x0008, 0x0082, "Institution Code Sequence" },
    { 0x0040, 0x0555, "Acquisition Context Sequence" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    {
      g_autofree char *what = g_strdup_printf ("%s (%04X,%04X) in %s", plain[i].name,
                                               plain[i].group, plain[i].element, within);

      g_ptr_array_add (item, planted_attribute (plain[i].group, plain[i].element, plain[i].vr,
                                                what, FALSE, n));
    }
  for (guint i = 0; i < G_N_ELEMENTS (sequences); i++)
    {
      g_autofree char *where = g_strdup_printf ("%s in %s", sequences[i].name, within);
      GPtrArray *inner = named_item (where, n);
      g_autofree char *meaning = g_strdup_printf ("Code Meaning (0008,0104) in %s", where);

      g_ptr_array_add (inner, angio_dicom_attribute_new (0x0008, 0x0100, "SH", NULL, "99X"));
      g_ptr_array_add (inner, angio_dicom_attribute_new (0x0008, 0x0102, "SH", NULL, "99LOCAL"));
      g_ptr_array_add (inner, planted_attribute (0x0008, 0x0104, "LO", meaning, FALSE, n));
      g_ptr_array_add (item, sequence_of (sequences[i].group, sequences[i].element, inner));
    }
}

/* Whether an XA file can carry the attribute of @rule (see angio_test_profile_planted()). */
static gboolean
plantable (const AngioDeidRule *rule)
{
  return rule->group > 0x0004 && rule->group != 0xfffc && rule->group_mask == 0xffff &&
         rule->vr[0] != '\0' && !g_str_equal (rule->vr, "-");
}

const AngioDicomAttribute *const *
angio_test_profile_planted (GPtrArray **needles)
{
  guint n = 0;

  if (profile_attributes != NULL)
    {
      *needles = profile_needles;
      return (const AngioDicomAttribute *const *) profile_attributes->pdata;
    }
  profile_attributes = g_ptr_array_new_with_free_func (
                         (GDestroyNotify) angio_dicom_attribute_free);
  profile_needles = g_ptr_array_new_with_free_func ((GDestroyNotify) needle_free);
  for (guint i = 0; i < angio_deid_n_rules; i++)
    {
      const AngioDeidRule *rule = &angio_deid_rules[i];
      g_autofree char *what = NULL;
      gboolean kept;

      if (!plantable (rule) || (rule->group == 0x0008 && rule->element == 0x1140))
        continue;
      what = g_strdup_printf ("%s (%04X,%04X)", rule->name, rule->group, rule->element);
      if (g_str_equal (rule->vr, "SQ"))
        {
          g_ptr_array_add (profile_attributes,
                           sequence_of (rule->group, rule->element, named_item (what, &n)));
          continue;
        }
      /* Times are kept with Modified Dates: the dates beside them are what moves. */
      kept = g_str_equal (rule->vr, "TM") &&
             angio_deid_rule_action (rule) == ANGIO_DEID_CLEAN_DATES;
      g_ptr_array_add (profile_attributes,
                       planted_attribute (rule->group, rule->element, rule->vr, what, kept, &n));
    }
  /* Overlay comments stand for the 60xx group (overlay data needs a real overlay). */
  g_ptr_array_add (profile_attributes,
                   planted_attribute (0x6000, 0x4000, "LT", "Overlay Comments (6000,4000)", FALSE,
                                      &n));
  {
    /* A sequence the profile keeps (X/Z/U*) and one known to be safe, with identifiers in. */
    GPtrArray *referenced = new_item ();
    GPtrArray *anatomy = new_item ();

    g_ptr_array_add (referenced, angio_dicom_attribute_new (0x0008, 0x1150, "UI", NULL,
                                                            "1.2.840.10008.5.1.4.1.1.12.1"));
    g_ptr_array_add (referenced, planted_attribute (0x0008, 0x1155, "UI",
                                                    "Referenced SOP Instance UID (0008,1155) in "
                                                    "Referenced Image Sequence", FALSE, &n));
    add_nested (referenced, "Referenced Image Sequence (0008,1140)", &n);
    g_ptr_array_add (profile_attributes, sequence_of (0x0008, 0x1140, referenced));
    g_ptr_array_add (anatomy, angio_dicom_attribute_new (0x0008, 0x0100, "SH", NULL, "T-46600"));
    g_ptr_array_add (anatomy, angio_dicom_attribute_new (0x0008, 0x0102, "SH", NULL, "SRT"));
    g_ptr_array_add (anatomy, angio_dicom_attribute_new (0x0008, 0x0104, "LO", NULL,
                                                         "Renal artery"));
    add_nested (anatomy, "Anatomic Region Sequence (0008,2218)", &n);
    g_ptr_array_add (profile_attributes, sequence_of (0x0008, 0x2218, anatomy));
  }
  g_ptr_array_add (profile_attributes, NULL);
  *needles = profile_needles;
  return (const AngioDicomAttribute *const *) profile_attributes->pdata;
}

void
angio_test_planted_phantom (const AngioPhantomParams *params,
                            const char               *path)
{
  GPtrArray *needles;
  const AngioDicomAttribute *const *profile = angio_test_profile_planted (&needles);
  g_autoptr(GHashTable) taken = g_hash_table_new (NULL, NULL);

  g_autoptr(GPtrArray) attributes = g_ptr_array_new_with_free_func (
                                      (GDestroyNotify) angio_dicom_attribute_free);

  for (guint i = 0; i < angio_test_n_planted; i++)
    {
      AngioDicomAttribute *a = g_new0 (AngioDicomAttribute, 1);

      a->group = angio_test_planted[i].group;
      a->element = angio_test_planted[i].element;
      g_strlcpy (a->vr, angio_test_planted[i].vr, sizeof a->vr);
      a->value = g_strdup (angio_test_planted[i].value);
      g_ptr_array_add (attributes, a);
      g_hash_table_add (taken, GUINT_TO_POINTER ((guint) a->group << 16 | a->element));
    }
  for (guint i = 0; profile[i] != NULL; i++)
    if (!g_hash_table_contains (taken, GUINT_TO_POINTER ((guint) profile[i]->group << 16 |
                                                         profile[i]->element)))
      {
        AngioDicomAttribute *a = angio_dicom_attribute_new (profile[i]->group,
                                                            profile[i]->element, profile[i]->vr,
                                                            NULL, profile[i]->value);

        a->items = profile[i]->items ? g_ptr_array_ref (profile[i]->items) : NULL;
        g_ptr_array_add (attributes, a);
      }
  g_ptr_array_add (attributes, NULL);
  angio_test_write_phantom (params, path, (const AngioDicomAttribute *const *) attributes->pdata);
}

void
angio_test_label_case (AngioWorkspace *workspace,
                       const char     *case_id,
                       gboolean        wire_ffr)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AngioCase) kase = angio_workspace_load_case (workspace, case_id, &error);
  g_autoptr(AngioCaseSeries) run = NULL;
  AngioLesion *lesion;
  gint key;

  g_assert_no_error (error);
  run = g_list_model_get_item (angio_case_get_series (kase), 0);
  key = angio_case_get_best_key_frame (kase);
  g_assert_cmpint (key, >=, 0);
  g_assert_true (angio_case_series_set_key_frame_status (run, key, ANGIO_STATUS_ACCEPTED));
  lesion = angio_case_series_get_worst_lesion (run);
  g_assert_nonnull (lesion);
  angio_lesion_set_status (lesion, ANGIO_STATUS_ACCEPTED);
  if (wire_ffr)
    {
      AngioPressure *pressure = angio_case_get_pressure (kase);

      g_assert_true (angio_pressure_set_value (pressure, ANGIO_PRESSURE_PA_HYPER, 92, &error));
      g_assert_true (angio_pressure_set_value (pressure, ANGIO_PRESSURE_PD_HYPER, 70, &error));
    }
  angio_case_set_status (kase, ANGIO_CASE_DONE);
  g_assert_cmpint (angio_workspace_save_case (workspace, kase, NULL, "Labelled", &error), >, 0);
  g_assert_no_error (error);
}

void
angio_test_copy_case (const char *folder,
                      guint       n)
{
  g_autofree char *db_path = g_build_filename (folder, ANGIO_WORKSPACE_DB, NULL);
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 2; i <= n; i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO cases (case_id, study_uid, created, status, best_key_frame, "
        "worst_percent_ds, wire_ffr, estimated_ffr, n_series, modified) "
        "SELECT 'CASE-%04u', 'study-%u', created, status, best_key_frame, worst_percent_ds, "
        "wire_ffr, estimated_ffr, n_series, modified FROM cases WHERE case_id = 'CASE-0001';"
        "INSERT INTO revisions (case_ref, time, who, action, document) "
        "SELECT last_insert_rowid (), time, who, action, "
        "replace (document, 'CASE-0001', 'CASE-%04u') FROM revisions "
        "WHERE case_ref = (SELECT id FROM cases WHERE case_id = 'CASE-0001');", i, i, i);

      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

AngioWorkspace *
angio_test_labelled_workspace (const char *name,
                               guint       n)
{
  g_autofree char *folder = angio_test_path (name);
  g_autofree char *file = g_strconcat (name, ".dcm", NULL);
  g_autofree char *run = NULL;
  const char *paths[] = { NULL, NULL };
  g_autoptr(AngioWorkspace) ws = angio_workspace_open (folder, TRUE, NULL);
  g_autoptr(AngioImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  AngioPhantomParams params;

  angio_phantom_params_init (&params, ANGIO_PHANTOM_RENAL);
  params.size = 256;
  params.frames = 24;
  params.seed = 5;
  run = angio_test_phantom_file (&params, file, NULL);
  paths[0] = run;
  report = angio_workspace_import (ws, paths, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_series, ==, 1);
  angio_test_label_case (ws, "CASE-0001", TRUE);
  if (n <= 1)
    return g_steal_pointer (&ws);
  g_clear_object (&ws);
  angio_test_copy_case (folder, n);
  ws = angio_workspace_open (folder, FALSE, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&ws);
}

int
angio_test_run_cli (const char *const *args,
                    char              **out)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("ANGIOMARK_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, out, NULL, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

void
angio_test_copy_file (const char *from,
                      const char *folder,
                      const char *name)
{
  g_autofree char *to = g_build_filename (folder, name, NULL);
  g_autofree char *text = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (from, &text, &length, NULL));
  g_assert_true (g_file_set_contents (to, text, length, NULL));
}

JsonNode *
angio_test_parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

void
angio_test_shift_points (JsonObject *object,
                         const char *member,
                         double      dx,
                         double      dy)
{
  JsonArray *points = json_object_get_array_member (object, member);
  JsonArray *moved = json_array_new ();

  for (guint i = 0; i < json_array_get_length (points); i++)
    {
      JsonArray *p = json_array_get_array_element (points, i);
      JsonArray *q = json_array_new ();

      json_array_add_double_element (q, json_array_get_double_element (p, 0) + dx);
      json_array_add_double_element (q, json_array_get_double_element (p, 1) + dy);
      json_array_add_array_element (moved, q);
    }
  json_object_set_array_member (object, member, moved);
}

void
angio_test_copy_tree (const char *from,
                      const char *to)
{
  g_autoptr(GPtrArray) files = angio_package_walk (from, NULL);

  g_assert_nonnull (files);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *source = g_build_filename (from, files->pdata[i], NULL);
      g_autofree char *target = g_build_filename (to, files->pdata[i], NULL);
      g_autofree char *parent = g_path_get_dirname (target);
      g_autofree char *bytes = NULL;
      gsize length;

      g_mkdir_with_parents (parent, 0755);
      g_assert_true (g_file_get_contents (source, &bytes, &length, NULL));
      g_assert_true (g_file_set_contents (target, bytes, length, NULL));
    }
}
