/* angio-dicom-deid.cpp — de-identification of a DICOM file for a case package, and the check
 * that a file from elsewhere is de-identified (see angio-dicom.h).
 *
 * The profile is PS3.15 Table E.1-1 as data (angio-deid-profile.h): the Basic Application
 * Level Confidentiality Profile with the Retain Longitudinal Temporal Information with
 * Modified Dates option, applied to the data set and, recursively, to every sequence kept.
 * Outside the table it is a safe list, not a block list: an attribute whose VR can hold free
 * text, or a sequence, is kept only when known to be safe (angio_deid_is_safe()). Private
 * attributes go, UIDs are remapped by a keyed hash. One walk serves both: de-identifying
 * rewrites each element; checking reports each element de-identification would change.
 * The pixel data element is copied as it is (bit-identical pixels), unless the curator blacked
 * out regions (the Clean Pixel Data option): then the run is decoded, the regions set to
 * black in every frame and the pixels written again uncompressed. Runs in angiomark-decoder:
 * the file is untrusted input.
 */
#define G_LOG_DOMAIN "angio-dicom"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <gdcmDataSet.h>
#include <gdcmDicts.h>
#include <gdcmGlobal.h>
#include <gdcmImageChangeTransferSyntax.h>
#include <gdcmImageReader.h>
#include <gdcmImageWriter.h>
#include <gdcmReader.h>
#include <gdcmSequenceOfItems.h>
#include <gdcmTrace.h>
#include <gdcmWriter.h>

#include "angio-dicom.h"
#include "angio-dicom-private.h"
#include "angio-deid-profile.h"
#include "angio-fd-stream.h"

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
};

static const gdcm::Tag patient_name (0x0010, 0x0010);
static const gdcm::Tag patient_id (0x0010, 0x0020);
static const gdcm::Tag burned_in_annotation (0x0028, 0x0301);
static const gdcm::Tag sop_instance_uid (0x0008, 0x0018);
static const gdcm::Tag identity_removed (0x0012, 0x0062);
static const gdcm::Tag pixel_data (0x7fe0, 0x0010);

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

typedef enum {
  ACT_REMOVE,
  ACT_EMPTY,
  ACT_DUMMY,
  ACT_REMAP_UID,
  ACT_SHIFT_DATES,
  ACT_KEEP,
  ACT_RECURSE,
  ACT_PSEUDONYM,
} Act;

typedef struct {
  const AngioDeidParams *params;
  gboolean check;                       /* report, change nothing */
  const char *pseudonym;
  std::vector<std::string> problems;    /* (check) what is not de-identified */
  std::vector<std::string> within;      /* the sequences the walk is in, for the messages */
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

/* VRs whose values can hold free text, or bytes of any kind. */
static gboolean
is_text_vr (gdcm::VR vr)
{
  return vr == gdcm::VR::AE || vr == gdcm::VR::AS || vr == gdcm::VR::LO ||
         vr == gdcm::VR::LT || vr == gdcm::VR::PN || vr == gdcm::VR::SH ||
         vr == gdcm::VR::ST || vr == gdcm::VR::UC || vr == gdcm::VR::UR ||
         vr == gdcm::VR::UT || vr == gdcm::VR::UN || vr == gdcm::VR::OB ||
         vr == gdcm::VR::OW || vr == gdcm::VR::OD || vr == gdcm::VR::OF ||
         vr == gdcm::VR::OL || vr == gdcm::VR::OV || vr == gdcm::VR::INVALID;
}

static gboolean
is_date_vr (gdcm::VR vr)
{
  return vr == gdcm::VR::DA || vr == gdcm::VR::DT;
}

/* What de-identification does to an element of VR @vr (@top: in the data set itself, not in
 * a sequence). */
static Act
decide (const gdcm::Tag &tag,
        gdcm::VR         vr,
        gboolean         top)
{
  const AngioDeidRule *rule;

  if (tag.IsPrivate () || tag.IsGroupLength () || tag.GetGroup () < 0x0008)
    return ACT_REMOVE;
  /* Overlays: their data and comments go (X), so do the rest of their groups with them. */
  if (tag.GetGroup () >= 0x6000 && tag.GetGroup () <= 0x601e)
    return ACT_REMOVE;
  if (top && (tag == patient_name || tag == patient_id))
    return ACT_PSEUDONYM;
  rule = angio_deid_rule_lookup (tag.GetGroup (), tag.GetElement ());
  if (rule != NULL)
    switch (angio_deid_rule_action (rule))
      {
      case ANGIO_DEID_REMOVE:
        return ACT_REMOVE;
      case ANGIO_DEID_EMPTY:
        return ACT_EMPTY;
      case ANGIO_DEID_DUMMY:
        return vr == gdcm::VR::SQ ? ACT_EMPTY : vr == gdcm::VR::UI ? ACT_REMAP_UID
             : is_date_vr (vr) ? ACT_SHIFT_DATES : ACT_DUMMY;
      case ANGIO_DEID_REMAP_UID:
        return vr == gdcm::VR::UI ? ACT_REMAP_UID : ACT_REMOVE;
      case ANGIO_DEID_KEEP:
        return vr == gdcm::VR::SQ ? ACT_RECURSE : ACT_KEEP;
      case ANGIO_DEID_CLEAN_DATES:
        return is_date_vr (vr) ? ACT_SHIFT_DATES : vr == gdcm::VR::TM ? ACT_KEEP : ACT_REMOVE;
      case ANGIO_DEID_CLEAN_ITEMS:
        return vr == gdcm::VR::SQ ? ACT_RECURSE : ACT_REMOVE;
      }
  if (vr == gdcm::VR::SQ)
    return angio_deid_is_safe (tag.GetGroup (), tag.GetElement ()) ? ACT_RECURSE : ACT_REMOVE;
  if (vr == gdcm::VR::UI)
    return ACT_REMAP_UID;
  if (is_date_vr (vr))
    return ACT_SHIFT_DATES;
  if (is_text_vr (vr))
    return angio_deid_is_safe (tag.GetGroup (), tag.GetElement ()) ? ACT_KEEP : ACT_REMOVE;
  return ACT_KEEP;
}

/* "Institution Name (0008,0080)", and the sequences it is in. */
static std::string
describe (const Deid       *deid,
          const gdcm::Tag  &tag)
{
  const AngioDeidRule *rule = angio_deid_rule_lookup (tag.GetGroup (), tag.GetElement ());
  const char *name = rule ? rule->name : NULL;
  char code[16];
  std::string out;

  if (name == NULL && !tag.IsPrivate ())
    name = gdcm::Global::GetInstance ().GetDicts ().GetDictEntry (tag).GetName ();
  g_snprintf (code, sizeof code, "(%04X,%04X)", tag.GetGroup (), tag.GetElement ());
  out = name && *name ? std::string (name) + " " + code : std::string (code);
  if (!deid->within.empty ())
    {
      /* Translators: "Person Name (0040,A123) in Referenced Image Sequence (0008,1140)" */
      g_autofree char *nested = g_strdup_printf (_("%s in %s"), out.c_str (),
                                                 deid->within.back ().c_str ());
      out = nested;
    }
  return out;
}

static void G_GNUC_PRINTF (3, 4)
report (Deid             *deid,
        const gdcm::Tag  &tag,
        const char       *format,
        ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  deid->problems.push_back (describe (deid, tag) + ": " + text);
}

static void walk_data_set (Deid *deid, gdcm::DataSet &ds, gboolean top);

static gboolean
has_items (const gdcm::DataElement &de)
{
  gdcm::SmartPointer<gdcm::SequenceOfItems> sq = de.GetValueAsSQ ();

  return sq ? sq->GetNumberOfItems () > 0 : !de.IsEmpty ();
}

/* Checking: whether the element is as de-identification leaves it; reported if not. */
static void
check_element (Deid                    *deid,
               const gdcm::DataElement &de,
               Act                      act,
               gdcm::VR                 vr)
{
  const gdcm::Tag &tag = de.GetTag ();
  std::string value = vr == gdcm::VR::SQ ? std::string () : value_of (de);

  switch (act)
    {
    case ACT_REMOVE:
      if (tag.IsPrivate ())
        report (deid, tag, "%s", _("a private attribute, which de-identification removes"));
      else if (!tag.IsGroupLength () && tag.GetGroup () >= 0x0008)
        report (deid, tag, "%s", angio_deid_rule_lookup (tag.GetGroup (), tag.GetElement ())
                                 ? _("present; the profile removes it")
                                 : _("not known to be safe; the profile removes it"));
      break;
    case ACT_EMPTY:
      if (vr == gdcm::VR::SQ ? has_items (de) : !value.empty ())
        report (deid, tag, "%s", _("holds a value; the profile empties it"));
      break;
    case ACT_DUMMY:
      if (!value.empty () && value != ANGIO_DEID_DUMMY_TEXT && value != "0")
        report (deid, tag, "%s", _("holds a value; the profile replaces it"));
      break;
    case ACT_PSEUDONYM:
      if (deid->pseudonym != NULL && value != deid->pseudonym)
        {
          /* Named first: the patient's name and ID are what a reader looks for. */
          report (deid, tag, _("not the case’s pseudonym %s"), deid->pseudonym);
          std::rotate (deid->problems.begin (), deid->problems.end () - 1,
                       deid->problems.end ());
        }
      break;
    case ACT_RECURSE:
      {
        gdcm::SmartPointer<gdcm::SequenceOfItems> sq = de.GetValueAsSQ ();

        if (!sq)
          {
            if (!de.IsEmpty ())
              report (deid, tag, "%s", _("a sequence that cannot be read"));
            break;
          }
        deid->within.push_back (describe (deid, tag));
        for (gdcm::SequenceOfItems::SizeType i = 1; i <= sq->GetNumberOfItems (); i++)
          walk_data_set (deid, sq->GetItem (i).GetNestedDataSet (), FALSE);
        deid->within.pop_back ();
      }
      break;
    case ACT_REMAP_UID:
    case ACT_SHIFT_DATES:
    case ACT_KEEP:
      break;   /* a remapped UID and a shifted date look like any other */
    }
}

/* De-identifying: what becomes of the element; FALSE to remove it. */
static gboolean
change_element (Deid              *deid,
                gdcm::DataElement &de,
                Act                act,
                gdcm::VR           vr,
                gboolean           top)
{
  const gdcm::Tag &tag = de.GetTag ();

  switch (act)
    {
    case ACT_REMOVE:
      return FALSE;
    case ACT_EMPTY:
      if (vr == gdcm::VR::SQ)
        {
          de.SetValue (*gdcm::SequenceOfItems::New ());
          de.SetVR (gdcm::VR::SQ);
          de.SetVLToUndefined ();
        }
      else
        set_value (de, "");
      return TRUE;
    case ACT_DUMMY:
      set_value (de, vr == gdcm::VR::IS || vr == gdcm::VR::DS ? "0" : ANGIO_DEID_DUMMY_TEXT);
      return TRUE;
    case ACT_PSEUDONYM:
      set_value (de, deid->params->pseudonym);
      return TRUE;
    case ACT_REMAP_UID:
      {
        std::string uid = value_of (de);

        if (!uid.empty () && !is_class_uid (tag, uid))
          set_value (de, remap_uids (deid, uid));
        if (top && tag == sop_instance_uid)
          deid->new_sop_instance_uid = value_of (de);
      }
      return TRUE;
    case ACT_SHIFT_DATES:
      set_value (de, shift_dates (value_of (de), deid->params->date_shift_days));
      return TRUE;
    case ACT_RECURSE:
      {
        gdcm::SmartPointer<gdcm::SequenceOfItems> sq = de.GetValueAsSQ ();

        if (!sq)
          return de.IsEmpty ();   /* a sequence that cannot be read cannot be cleaned */
        for (gdcm::SequenceOfItems::SizeType i = 1; i <= sq->GetNumberOfItems (); i++)
          walk_data_set (deid, sq->GetItem (i).GetNestedDataSet (), FALSE);
        de.SetValue (*sq);
        de.SetVLToUndefined ();
      }
      return TRUE;
    case ACT_KEEP:
      return TRUE;
    }
  return FALSE;
}

static void
walk_data_set (Deid          *deid,
               gdcm::DataSet &ds,
               gboolean       top)
{
  std::vector<gdcm::DataElement> keep;
  std::vector<gdcm::Tag> remove;

  for (gdcm::DataSet::ConstIterator it = ds.Begin (); it != ds.End (); ++it)
    {
      gdcm::DataElement de = *it;
      gdcm::VR vr = vr_of (de);
      Act act = de.GetTag () == pixel_data ? ACT_KEEP : decide (de.GetTag (), vr, top);

      if (deid->check)
        check_element (deid, de, act, vr);
      else if (change_element (deid, de, act, vr, top))
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

/* One item of CID 7050 (De-identification Method) in (0012,0064). */
static void
add_method_code (gdcm::SequenceOfItems &sq,
                 const char            *code,
                 const char            *meaning)
{
  gdcm::Item item;
  gdcm::DataSet &ds = item.GetNestedDataSet ();

  put_string (ds, 0x0008, 0x0100, gdcm::VR::SH, code);
  put_string (ds, 0x0008, 0x0102, gdcm::VR::SH, "DCM");
  put_string (ds, 0x0008, 0x0104, gdcm::VR::LO, meaning);
  item.SetVLToUndefined ();
  sq.AddItem (item);
}

/* Patient Identity Removed, the method in words and as codes, dates modified. */
static void
record_method (gdcm::DataSet         &ds,
               const AngioDeidParams *params)
{
  gdcm::SmartPointer<gdcm::SequenceOfItems> codes = new gdcm::SequenceOfItems;
  gdcm::DataElement de (gdcm::Tag (0x0012, 0x0064));
  std::string method = "PS3.15 E.1-1 Basic Profile\\Retain Longitudinal Modified Dates\\";

  if (params->n_redactions > 0)
    method += "Clean Pixel Data\\";
  method += "Angiomark " PACKAGE_VERSION;
  put_string (ds, 0x0012, 0x0062, gdcm::VR::CS, "YES");
  put_string (ds, 0x0012, 0x0063, gdcm::VR::LO, method);
  add_method_code (*codes, "113100", "Basic Application Confidentiality Profile");
  if (params->n_redactions > 0)
    add_method_code (*codes, "113101", "Clean Pixel Data Option");
  add_method_code (*codes, "113107",
                   "Retain Longitudinal Temporal Information Modified Dates Option");
  codes->SetLengthToUndefined ();
  de.SetVR (gdcm::VR::SQ);
  de.SetValue (*codes);
  de.SetVLToUndefined ();
  ds.Replace (de);
  put_string (ds, 0x0028, 0x0303, gdcm::VR::CS, "MODIFIED");
  if (params->n_redactions > 0)
    put_string (ds, 0x0028, 0x0301, gdcm::VR::CS, "NO");
}

/* Lossy Image Compression Method (0028,2114) of what @ts compressed, NULL if not lossy. */
static const char *
lossy_method (const gdcm::TransferSyntax &ts)
{
  switch ((gdcm::TransferSyntax::TSType) ts)
    {
    case gdcm::TransferSyntax::JPEGBaselineProcess1:
    case gdcm::TransferSyntax::JPEGExtendedProcess2_4:
    case gdcm::TransferSyntax::JPEGExtendedProcess3_5:
    case gdcm::TransferSyntax::JPEGSpectralSelectionProcess6_8:
    case gdcm::TransferSyntax::JPEGFullProgressionProcess10_12:
      return "ISO_10918_1";
    case gdcm::TransferSyntax::JPEGLSNearLossless:
      return "ISO_14495_1";
    case gdcm::TransferSyntax::JPEG2000:
      return "ISO_15444_1";
    default:
      return NULL;
    }
}

/* The pixels of @image decoded, @params' regions set to black in every frame, as a new
 * uncompressed image; FALSE when GDCM cannot decode them. A run that was compressed lossily
 * says so in @ds, as it must once it has been (PS3.3 C.7.6.1.1.5): written uncompressed it is
 * no less lossy, and GDCM refuses to write it otherwise. */
static gboolean
black_out (gdcm::Image           &image,
           gdcm::DataSet         &ds,
           const AngioDeidParams *params)
{
  gdcm::ImageChangeTransferSyntax change;
  const gdcm::PixelFormat &pf = image.GetPixelFormat ();
  guint cols = image.GetDimension (0), rows = image.GetDimension (1);
  guint frames = image.GetNumberOfDimensions () > 2 ? image.GetDimension (2) : 1;
  guint bytes = pf.GetBitsAllocated () / 8, bits = pf.GetBitsStored ();
  gboolean inverted = image.GetPhotometricInterpretation () ==
                      gdcm::PhotometricInterpretation::MONOCHROME1;
  gint64 black;

  if (pf.GetSamplesPerPixel () != 1 || (bytes != 1 && bytes != 2) || bits < 1 || bits > 16)
    return FALSE;
  if (pf.GetPixelRepresentation ())
    black = inverted ? (1 << (bits - 1)) - 1 : -(1 << (bits - 1));
  else
    black = inverted ? (1 << bits) - 1 : 0;
  const char *method = lossy_method (image.GetTransferSyntax ());

  change.SetTransferSyntax (gdcm::TransferSyntax::ExplicitVRLittleEndian);
  change.SetInput (image);
  if (!change.Change ())
    return FALSE;
  image = change.GetOutput ();
  if (image.IsLossy ())
    {
      put_string (ds, 0x0028, 0x2110, gdcm::VR::CS, "01");
      if (method != NULL && !ds.FindDataElement (gdcm::Tag (0x0028, 0x2114)))
        put_string (ds, 0x0028, 0x2114, gdcm::VR::CS, method);
    }

  const gdcm::ByteValue *bv = image.GetDataElement ().GetByteValue ();
  if (bv == NULL || bv->GetLength () < (guint64) frames * rows * cols * bytes)
    return FALSE;
  std::vector<char> pixels (bv->GetPointer (), bv->GetPointer () + bv->GetLength ());
  for (guint f = 0; f < frames; f++)
    for (guint r = 0; r < params->n_redactions; r++)
      {
        const AngioDicomRect *rect = &params->redactions[r];
        guint x1 = MIN ((guint64) rect->x + rect->width, cols);
        guint y1 = MIN ((guint64) rect->y + rect->height, rows);

        for (guint y = MIN (rect->y, rows); y < y1; y++)
          for (guint x = MIN (rect->x, cols); x < x1; x++)
            {
              char *p = pixels.data () + (((gsize) f * rows + y) * cols + x) * bytes;

              p[0] = (char) (black & 0xff);
              if (bytes == 2)
                p[1] = (char) ((black >> 8) & 0xff);
            }
      }
  gdcm::DataElement de (pixel_data);
  de.SetVR (bytes == 2 ? gdcm::VR::OW : gdcm::VR::OB);
  de.SetByteValue (pixels.data (), (uint32_t) pixels.size ());
  image.SetDataElement (de);
  return TRUE;
}

/* Reads @fd (the file @in) with @reader through @stream (@header_only: up to the pixel
 * data); FALSE with @error naming it. */
static gboolean
read_file (gdcm::Reader       &reader,
           AngioFdInputStream &stream,
           const char         *in,
           gboolean            header_only,
           GError            **error)
{
  g_autofree char *name = g_filename_display_name (in);

  reader.SetStream (stream);
  if (!(header_only ? reader.ReadUpToTag (pixel_data) : reader.Read ()))
    return angio_dicom_fail (error, ANGIO_DICOM_ERROR_NOT_DICOM, name, "%s",
                             _("GDCM could not read it as DICOM"));
  return TRUE;
}

static AngioBurnedIn
burned_in_of (gdcm::DataSet &ds)
{
  std::string b = ds.FindDataElement (burned_in_annotation)
                  ? value_of (ds.GetDataElement (burned_in_annotation)) : "";

  return b == "NO" ? ANGIO_BURNED_IN_NO : b == "YES" ? ANGIO_BURNED_IN_YES
                                                     : ANGIO_BURNED_IN_UNKNOWN;
}

/* The file meta information: the new instance, nothing of the sender. */
static void
renew_meta (gdcm::File  &file,
            const Deid  &deid)
{
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
}

/* Writes @writer's file to @out_fd (the application opened it, under a temporary name it
 * renames when the decoder succeeded); @out names it in messages. */
static gboolean
write_file (gdcm::Writer &writer,
            int           out_fd,
            const char   *out,
            GError      **error)
{
  AngioFdOutputStream ostream (out_fd);

  writer.SetStream (ostream);
  /* The meta information recomputed: group length, the new SOP Instance UID. */
  writer.SetCheckFileMetaInformation (true);
  if (!writer.Write ())
    ostream.setstate (std::ios::failbit);
  ostream.flush ();
  if (ostream.fail ())
    {
      int saved = ostream.error ();

      if (saved == 0)
        return angio_dicom_write_fail (error, out, "%s",
                                       _("the file could not be written completely"));
      return angio_dicom_write_fail (error, out, _("the file could not be written completely "
                                                   "(%s)"), g_strerror (saved));
    }
  return TRUE;
}

gboolean
angio_dicom_deidentify (int                    in_fd,
                        const char            *in,
                        int                    out_fd,
                        const char            *out,
                        const AngioDeidParams *params,
                        AngioBurnedIn         *burned_in,
                        GError               **error)
{
  gdcm::ImageReader image_reader;
  gdcm::Reader plain_reader;
  gboolean redact;
  Deid deid;

  g_return_val_if_fail (in_fd >= 0 && out_fd >= 0, FALSE);
  g_return_val_if_fail (in != NULL && out != NULL && params != NULL, FALSE);
  g_return_val_if_fail (params->pseudonym != NULL && params->uid_secret != NULL, FALSE);
  g_return_val_if_fail (params->n_redactions == 0 || params->redactions != NULL, FALSE);

  gdcm::Trace::SetWarning (false);
  gdcm::Trace::SetError (false);
  deid.params = params;
  deid.check = FALSE;
  deid.pseudonym = params->pseudonym;
  redact = params->n_redactions > 0;
  /* Only a run to black out needs its pixels decoded. */
  gdcm::Reader &reader = redact ? image_reader : plain_reader;
  try
    {
      AngioFdInputStream stream (in_fd);

      if (!read_file (reader, stream, in, FALSE, error))
        return FALSE;
      gdcm::File &file = reader.GetFile ();
      gdcm::DataSet &ds = file.GetDataSet ();

      if (burned_in != NULL)
        *burned_in = burned_in_of (ds);
      walk_data_set (&deid, ds, TRUE);
      if (!ds.FindDataElement (patient_name))
        put_string (ds, 0x0010, 0x0010, gdcm::VR::PN, params->pseudonym);
      if (!ds.FindDataElement (patient_id))
        put_string (ds, 0x0010, 0x0020, gdcm::VR::LO, params->pseudonym);
      record_method (ds, params);
      renew_meta (file, deid);

      if (redact)
        {
          gdcm::ImageWriter writer;
          gdcm::Image &image = image_reader.GetImage ();

          if (!black_out (image, ds, params))
            {
              g_autofree char *name = g_filename_display_name (in);

              return angio_dicom_fail (error, ANGIO_DICOM_ERROR_DECODE, name, "%s",
                                       _("its pixels cannot be decoded to black out the "
                                         "regions"));
            }
          file.GetHeader ().SetDataSetTransferSyntax (image.GetTransferSyntax ());
          writer.SetFile (file);
          writer.SetImage (image);
          if (!write_file (writer, out_fd, out, error))
            return FALSE;
        }
      else
        {
          gdcm::Writer writer;

          writer.SetFile (file);
          if (!write_file (writer, out_fd, out, error))
            return FALSE;
        }
    }
  catch (const std::exception &e)
    {
      g_autofree char *name = g_filename_display_name (in);

      return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, name,
                               _("GDCM could not read it (%s)"), e.what ());
    }
  return TRUE;
}

gboolean
angio_dicom_check_deidentified (int          fd,
                                const char  *path,
                                const char  *pseudonym,
                                GError     **error)
{
  gdcm::Reader reader;
  g_autofree char *name = NULL;
  AngioDeidParams params = { pseudonym, 0, "", NULL, 0 };
  Deid deid;

  g_return_val_if_fail (fd >= 0 && path != NULL, FALSE);

  gdcm::Trace::SetWarning (false);
  gdcm::Trace::SetError (false);
  deid.params = &params;
  deid.check = TRUE;
  deid.pseudonym = pseudonym;
  name = g_filename_display_name (path);
  try
    {
      AngioFdInputStream stream (fd);

      /* The pixels are not looked at: only the data set before them. */
      if (!read_file (reader, stream, path, TRUE, error))
        return FALSE;
      gdcm::DataSet &ds = reader.GetFile ().GetDataSet ();

      walk_data_set (&deid, ds, TRUE);
      if (!ds.FindDataElement (identity_removed) ||
          value_of (ds.GetDataElement (identity_removed)) != "YES")
        report (&deid, identity_removed, "%s", _("not YES"));
    }
  catch (const std::exception &e)
    {
      return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, name,
                               _("GDCM could not read it (%s)"), e.what ());
    }
  if (deid.problems.empty ())
    return TRUE;
  {
    std::string list;
    guint shown = MIN (deid.problems.size (), 5);

    for (guint i = 0; i < shown; i++)
      list += (i > 0 ? "; " : "") + deid.problems[i];
    if (deid.problems.size () > shown)
      {
        guint more = (guint) (deid.problems.size () - shown);
        g_autofree char *text = g_strdup_printf (ngettext ("; and %u more",
                                                           "; and %u more", more), more);
        list += text;
      }
    return angio_dicom_fail (error, ANGIO_DICOM_ERROR_IDENTIFYING, name,
                             _("not de-identified: %s"), list.c_str ());
  }
}
