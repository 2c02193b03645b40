/* angio-dicom-deid.cpp — de-identification of a DICOM file for a case package (see
 * angio-dicom.h): PS3.15 Basic Application Level Confidentiality Profile, with the Retain
 * Longitudinal Temporal Information with Modified Dates option, private tags removed and UIDs
 * remapped by a keyed hash. The data set is rewritten element by element; the pixel data
 * element is copied as it is, so the pixels stay bit-identical. Runs in angiomark-decoder: the
 * file is untrusted input.
 */
#define G_LOG_DOMAIN "angio-dicom"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <gdcmAnonymizer.h>
#include <gdcmDataSet.h>
#include <gdcmGlobal.h>
#include <gdcmDicts.h>
#include <gdcmReader.h>
#include <gdcmSequenceOfItems.h>
#include <gdcmTrace.h>
#include <gdcmWriter.h>

#include "angio-dicom.h"
#include "angio-dicom-private.h"

/* UIDs that name classes, not instances: kept (transfer syntaxes, SOP classes, coding
 * schemes). */
#define DICOM_UID_ROOT "1.2.840.10008."

static const gdcm::Tag class_uid_tags[] = {
  gdcm::Tag (0x0002, 0x0002),   /* Media Storage SOP Class UID */
  gdcm::Tag (0x0002, 0x0010),   /* Transfer Syntax UID */
  gdcm::Tag (0x0002, 0x0012),   /* Implementation Class UID */
  gdcm::Tag (0x0008, 0x0016),   /* SOP Class UID */
  gdcm::Tag (0x0008, 0x0062),   /* SOP Classes in Study */
  gdcm::Tag (0x0008, 0x010c),   /* Coding Scheme UID */
  gdcm::Tag (0x0008, 0x1150),   /* Referenced SOP Class UID */
  gdcm::Tag (0x0040, 0xdb0d),   /* Template Extension Creator UID */
};

static const gdcm::Tag patient_name (0x0010, 0x0010);
static const gdcm::Tag patient_id (0x0010, 0x0020);
static const gdcm::Tag burned_in_annotation (0x0028, 0x0301);
static const gdcm::Tag sop_instance_uid (0x0008, 0x0018);

char *
angio_dicom_remap_uid (const char *secret,
                       const char *uid)
{
  g_autofree char *hex = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) secret,
                                                    strlen (secret), uid, -1);
  guint8 digits[48] = { 0 };   /* the 128-bit number in decimal, least significant first */
  guint n_digits = 1;
  GString *out = g_string_new ("2.25.");

  /* The first 128 bits of the keyed hash, as the decimal integer a "2.25." UID holds
   * (PS3.5 B.2): multiply by 16 and add each hex digit. */
  for (guint i = 0; i < 32; i++)
    {
      guint carry = g_ascii_xdigit_value (hex[i]);

      for (guint d = 0; d < n_digits; d++)
        {
          guint v = digits[d] * 16 + carry;

          digits[d] = v % 10;
          carry = v / 10;
        }
      while (carry > 0)
        {
          digits[n_digits++] = carry % 10;
          carry /= 10;
        }
    }
  while (n_digits > 1 && digits[n_digits - 1] == 0)
    n_digits--;
  for (guint d = n_digits; d-- > 0;)
    g_string_append_c (out, (char) ('0' + digits[d]));
  return g_string_free (out, FALSE);
}

typedef struct {
  const AngioDeidParams *params;
  std::set<gdcm::Tag> profile;   /* the Basic Profile's attributes */
  std::string new_sop_instance_uid;
} Deid;

static std::string
value_of (const gdcm::DataElement &de)
{
  const gdcm::ByteValue *bv = de.GetByteValue ();

  return bv ? angio_dicom_trim (std::string (bv->GetPointer (), bv->GetLength ()))
            : std::string ();
}

static void
set_value (gdcm::DataElement &de,
           std::string        value)
{
  if (value.size () % 2 == 1)
    value.push_back (de.GetVR () == gdcm::VR::UI ? '\0' : ' ');
  de.SetByteValue (value.data (), (uint32_t) value.size ());
}

/* The VR, from the dictionary when the file does not say (implicit VR). */
static gdcm::VR
vr_of (const gdcm::DataElement &de)
{
  gdcm::VR vr = de.GetVR ();

  if (vr == gdcm::VR::INVALID || vr == gdcm::VR::UN)
    {
      const gdcm::Dicts &dicts = gdcm::Global::GetInstance ().GetDicts ();
      vr = dicts.GetDictEntry (de.GetTag ()).GetVR ();
    }
  return vr;
}

/* A date YYYYMMDD moved by @days; empty when it is not one. */
static std::string
shift_date (const std::string &date,
            gint               days)
{
  guint y, m, d;
  char out[9];

  if (date.size () < 8 || sscanf (date.c_str (), "%4u%2u%2u", &y, &m, &d) != 3 ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return std::string ();
  g_autoptr(GDate) g = g_date_new_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
  if (days >= 0)
    g_date_add_days (g, (guint) days);
  else
    g_date_subtract_days (g, (guint) -days);
  g_snprintf (out, sizeof out, "%04u%02u%02u", g_date_get_year (g), g_date_get_month (g),
              g_date_get_day (g));
  return std::string (out) + date.substr (8);
}

/* Every value of a DA or DT element shifted (ranges "A-B" and multiple values too). */
static std::string
shift_dates (const std::string &value,
             gint               days)
{
  std::string out, part;

  for (size_t i = 0; i <= value.size (); i++)
    {
      char c = i < value.size () ? value[i] : '\\';

      if (c == '\\' || c == '-')
        {
          std::string shifted = part.empty () ? part : shift_date (part, days);

          if (!part.empty () && shifted.empty ())
            return std::string ();   /* not a date: nothing of it is kept */
          out += shifted;
          if (i < value.size ())
            out.push_back (c);
          part.clear ();
        }
      else
        part.push_back (c);
    }
  return out;
}

static gboolean
is_class_uid (const gdcm::Tag   &tag,
              const std::string &uid)
{
  if (g_str_has_prefix (uid.c_str (), DICOM_UID_ROOT))
    return TRUE;
  for (const gdcm::Tag &t : class_uid_tags)
    if (t == tag)
      return TRUE;
  return FALSE;
}

static std::string
remap_uids (const Deid        *deid,
            const std::string &value)
{
  g_auto(GStrv) parts = g_strsplit (value.c_str (), "\\", -1);
  std::string out;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *uid = angio_dicom_remap_uid (deid->params->uid_secret,
                                                    g_strstrip (parts[i]));

      if (i > 0)
        out.push_back ('\\');
      out += uid;
    }
  return out;
}

static void deidentify_data_set (Deid *deid, gdcm::DataSet &ds, gboolean top);

/* What becomes of one element: FALSE to remove it. */
static gboolean
deidentify_element (Deid              *deid,
                    gdcm::DataElement &de,
                    gboolean           top)
{
  const gdcm::Tag &tag = de.GetTag ();
  gdcm::VR vr = vr_of (de);
  gboolean in_profile = deid->profile.count (tag) > 0;

  if (tag.IsPrivate () || tag.IsGroupLength ())
    return FALSE;
  if (tag == gdcm::Tag (0x7fe0, 0x0010))
    return TRUE;   /* the pixels, as they are */
  if (top && (tag == patient_name || tag == patient_id))
    {
      set_value (de, deid->params->pseudonym);
      return TRUE;
    }
  if (vr == gdcm::VR::SQ)
    {
      gdcm::SmartPointer<gdcm::SequenceOfItems> sq = de.GetValueAsSQ ();

      if (in_profile || !sq)
        {
          de.SetByteValue ("", 0);   /* an empty sequence */
          de.SetVR (gdcm::VR::SQ);
          return TRUE;
        }
      for (gdcm::SequenceOfItems::SizeType i = 1; i <= sq->GetNumberOfItems (); i++)
        deidentify_data_set (deid, sq->GetItem (i).GetNestedDataSet (), FALSE);
      de.SetValue (*sq);
      de.SetVLToUndefined ();
      return TRUE;
    }
  if (vr == gdcm::VR::UI)
    {
      std::string uid = value_of (de);

      if (!uid.empty () && !is_class_uid (tag, uid))
        set_value (de, remap_uids (deid, uid));
      if (top && tag == sop_instance_uid)
        deid->new_sop_instance_uid = value_of (de);
      return TRUE;
    }
  if (vr == gdcm::VR::DA || vr == gdcm::VR::DT)
    {
      /* Birth dates go whatever the shift: an age can be told from them. */
      if (tag == gdcm::Tag (0x0010, 0x0030))
        set_value (de, "");
      else
        set_value (de, shift_dates (value_of (de), deid->params->date_shift_days));
      return TRUE;
    }
  if (in_profile || vr == gdcm::VR::PN)
    {
      /* Kept empty rather than removed: type 2 attributes stay present. */
      set_value (de, "");
      return TRUE;
    }
  return TRUE;
}

static void
deidentify_data_set (Deid          *deid,
                     gdcm::DataSet &ds,
                     gboolean       top)
{
  std::vector<gdcm::DataElement> keep;
  std::vector<gdcm::Tag> remove;

  for (gdcm::DataSet::ConstIterator it = ds.Begin (); it != ds.End (); ++it)
    {
      gdcm::DataElement de = *it;

      if (deidentify_element (deid, de, top))
        keep.push_back (de);
      else
        remove.push_back (it->GetTag ());
    }
  for (const gdcm::Tag &t : remove)
    ds.Remove (t);
  for (const gdcm::DataElement &de : keep)
    ds.Replace (de);
}

static void
put_string (gdcm::DataSet     &ds,
            guint16            group,
            guint16            element,
            gdcm::VR::VRType   vr,
            std::string        value)
{
  gdcm::DataElement de (gdcm::Tag (group, element));

  de.SetVR (vr);
  set_value (de, value);
  ds.Replace (de);
}

gboolean
angio_dicom_deidentify (const char            *in,
                        const char            *out,
                        const AngioDeidParams *params,
                        AngioBurnedIn         *burned_in,
                        GError               **error)
{
  gdcm::Reader reader;
  g_autofree char *tmp = NULL;
  g_autofree char *name = NULL;
  Deid deid;

  g_return_val_if_fail (in != NULL && out != NULL && params != NULL, FALSE);
  g_return_val_if_fail (params->pseudonym != NULL && params->uid_secret != NULL, FALSE);

  gdcm::Trace::SetWarning (false);
  gdcm::Trace::SetError (false);
  deid.params = params;
  /* GDCM's list of the Basic Profile's attributes, and the ones the viewer hides. */
  for (const gdcm::Tag &t :
       gdcm::Anonymizer::GetBasicApplicationLevelConfidentialityProfileAttributes ())
    deid.profile.insert (t);
  for (guint i = 0; i < angio_dicom_n_identifying_tags; i++)
    deid.profile.insert (gdcm::Tag (angio_dicom_identifying_tags[i].group,
                                    angio_dicom_identifying_tags[i].element));
  try
    {
      std::ifstream stream (in, std::ios::in | std::ios::binary);

      if (!stream.is_open ())
        {
          int saved = errno;

          name = g_filename_display_name (in);
          return angio_dicom_fail (error, ANGIO_DICOM_ERROR_NOT_DICOM, name, "%s",
                                   g_strerror (saved));
        }
      reader.SetStream (stream);
      if (!reader.Read ())
        {
          name = g_filename_display_name (in);
          return angio_dicom_fail (error, ANGIO_DICOM_ERROR_NOT_DICOM, name, "%s",
                                   _("GDCM could not read it as DICOM"));
        }
      gdcm::File &file = reader.GetFile ();
      gdcm::DataSet &ds = file.GetDataSet ();

      if (burned_in != NULL)
        {
          std::string b = ds.FindDataElement (burned_in_annotation)
                          ? value_of (ds.GetDataElement (burned_in_annotation)) : "";

          *burned_in = b == "NO" ? ANGIO_BURNED_IN_NO
                     : b == "YES" ? ANGIO_BURNED_IN_YES : ANGIO_BURNED_IN_UNKNOWN;
        }
      deidentify_data_set (&deid, ds, TRUE);
      if (!ds.FindDataElement (patient_name))
        put_string (ds, 0x0010, 0x0010, gdcm::VR::PN, params->pseudonym);
      if (!ds.FindDataElement (patient_id))
        put_string (ds, 0x0010, 0x0020, gdcm::VR::LO, params->pseudonym);
      put_string (ds, 0x0012, 0x0062, gdcm::VR::CS, "YES");
      put_string (ds, 0x0012, 0x0063, gdcm::VR::LO,
                  "PS3.15 E.1 Basic Profile\\Retain Longitudinal Modified Dates\\"
                  "Private Tags Removed\\UIDs Remapped\\Angiomark " PACKAGE_VERSION);
      put_string (ds, 0x0028, 0x0303, gdcm::VR::CS, "MODIFIED");

      /* The file meta information: the new instance, nothing of the sender. */
      gdcm::FileMetaInformation &meta = file.GetHeader ();
      meta.Remove (gdcm::Tag (0x0002, 0x0016));
      meta.Remove (gdcm::Tag (0x0002, 0x0100));
      meta.Remove (gdcm::Tag (0x0002, 0x0102));
      if (!deid.new_sop_instance_uid.empty ())
        {
          gdcm::DataElement de (gdcm::Tag (0x0002, 0x0003));

          de.SetVR (gdcm::VR::UI);
          set_value (de, deid.new_sop_instance_uid);
          meta.Replace (de);
        }

      gdcm::Writer writer;
      tmp = g_strdup_printf ("%s.tmp-%u", out, g_random_int ());
      std::ofstream ostream (tmp, std::ios::out | std::ios::binary | std::ios::trunc);
      if (!ostream.is_open ())
        {
          int saved = errno;
          return angio_dicom_write_fail (error, out, _("cannot create the file: %s"),
                                         g_strerror (saved));
        }
      writer.SetFile (file);
      writer.SetStream (ostream);
      /* The meta information recomputed: group length, the new SOP Instance UID. */
      writer.SetCheckFileMetaInformation (true);
      if (!writer.Write ())
        ostream.setstate (std::ios::failbit);
      ostream.flush ();
      ostream.close ();
      if (ostream.fail ())
        {
          g_unlink (tmp);
          return angio_dicom_write_fail (error, out, "%s",
                                         _("the file could not be written completely"));
        }
    }
  catch (const std::exception &e)
    {
      if (tmp != NULL)
        g_unlink (tmp);
      name = g_filename_display_name (in);
      return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, name,
                               _("GDCM could not read it (%s)"), e.what ());
    }
  if (g_rename (tmp, out) != 0)
    {
      int saved = errno;
      g_unlink (tmp);
      return angio_dicom_write_fail (error, out, "%s", g_strerror (saved));
    }
  return TRUE;
}
