/* angio-dicom-reader.cpp — header parsing, size checks and per-frame decoding with GDCM.
 *
 * GDCM reads the header (up to Pixel Data, skipping its value). The pixel data themselves are
 * located by hand: native frames are byte ranges, encapsulated frames are lists of fragment
 * ranges. Each frame is then read with pread() and decoded on its own, so the first frame is
 * ready long before the last and frames decode in parallel. Deflated files, whose byte offsets
 * mean nothing, are read whole by GDCM.
 *
 * Every size is checked in 64 bits against the file before anything is allocated.
 */
#define G_LOG_DOMAIN "angio-dicom"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <zlib.h>

#include <memory>
#include <string>
#include <vector>

#include <gdcmDataElement.h>
#include <gdcmFragment.h>
#include <gdcmImage.h>
#include <gdcmPixelFormat.h>
#include <gdcmReader.h>
#include <gdcmSequenceOfFragments.h>
#include <gdcmSequenceOfItems.h>
#include <gdcmStringFilter.h>
#include <gdcmTrace.h>
#include <gdcmTransferSyntax.h>

#include "angio-dicom.h"
#include "angio-dicom-private.h"
#include "angio-fd-stream.h"

namespace {

struct Span
{
  guint64 offset;
  guint64 length;
};

const gdcm::Tag kPixelData (0x7fe0, 0x0010);

} /* namespace */

struct _AngioDicomReader
{
  AngioDicomMeta *meta;
  char *display_name;           /* UTF-8 path for messages */
  int fd;
  guint64 file_size;
  gdcm::TransferSyntax ts;
  gdcm::PixelFormat pf;
  gdcm::PhotometricInterpretation pi;
  gboolean encapsulated;
  gboolean big_endian;
  gboolean frames_absent;       /* no Number of Frames: one frame, unless the data hold more */
  /* 8-bit samples in an OW value of a big endian file: each pair of bytes is one 16-bit word
   * written high byte first, so sample 2k sits at byte 2k + 1 (PS3.5 8.1.1). */
  gboolean swap_bytes8;

  /* Native pixel data: frame i is at pixel_offset + i × frame_bytes. */
  guint64 pixel_offset;
  guint64 frame_bytes;
  /* Deflated files: the whole inflated value kept in memory. */
  std::unique_ptr<gdcm::Reader> whole;
  std::unique_ptr<AngioFdInputStream> stream;   /* what GDCM reads the header from */
  const char *inflated;
  /* Encapsulated pixel data: the fragments of each frame, and whether each ends with its
   * codestream's end marker. */
  std::vector<std::vector<Span>> frames;
  std::vector<bool> ends_with_marker;

  std::vector<guint16> lut;     /* raw stored sample → mapped 16-bit value */
  guint lut_mask;
};

std::string
angio_dicom_trim (const std::string &s)
{
  size_t begin = 0, end = s.size ();

  while (begin < end && (s[begin] == ' ' || s[begin] == '\0'))
    begin++;
  while (end > begin && (s[end - 1] == ' ' || s[end - 1] == '\0'))
    end--;
  return s.substr (begin, end - begin);
}

/* Specific Character Set → an iconv name; NULL when the bytes are ASCII or UTF-8. */
static const char *
iconv_charset (const std::string &specific)
{
  static const struct { const char *term; const char *iconv; } map[] = {
    { "ISO_IR 100", "ISO-8859-1" }, { "ISO 2022 IR 100", "ISO-8859-1" },
    { "ISO_IR 101", "ISO-8859-2" }, { "ISO 2022 IR 101", "ISO-8859-2" },
    { "ISO_IR 109", "ISO-8859-3" }, { "ISO_IR 110", "ISO-8859-4" },
    { "ISO_IR 144", "ISO-8859-5" }, { "ISO 2022 IR 144", "ISO-8859-5" },
    { "ISO_IR 127", "ISO-8859-6" }, { "ISO_IR 126", "ISO-8859-7" },
    { "ISO_IR 138", "ISO-8859-8" }, { "ISO_IR 148", "ISO-8859-9" },
    { "ISO_IR 166", "TIS-620" }, { "ISO_IR 13", "SHIFT_JIS" },
    { "ISO 2022 IR 87", "ISO-2022-JP" }, { "ISO 2022 IR 149", "ISO-2022-KR" },
    { "ISO 2022 IR 58", "ISO-2022-CN" }, { "GB18030", "GB18030" }, { "GBK", "GBK" },
  };
  std::string first = specific;
  size_t sep;

  /* Multi-valued: the first non-empty value names the default repertoire. */
  while ((sep = first.find ('\\')) != std::string::npos &&
         angio_dicom_trim (first.substr (0, sep)).empty ())
    first = first.substr (sep + 1);
  if (sep != std::string::npos && !angio_dicom_trim (first.substr (0, sep)).empty ())
    first = first.substr (0, sep);
  first = angio_dicom_trim (first);

  for (const auto &entry : map)
    if (first == entry.term)
      return entry.iconv;
  return NULL;
}

namespace {

/* Reads attributes as text, whatever their encoding in the file. */
class AttributeReader
{
public:
  AttributeReader (const gdcm::File &file)
    : ds (file.GetDataSet ())
  {
    filter.SetFile (file);
    charset = iconv_charset (raw (ds, gdcm::Tag (0x0008, 0x0005)));
  }

  std::string raw (const gdcm::DataSet &set, const gdcm::Tag &tag) const
  {
    if (!set.FindDataElement (tag))
      return std::string ();
    const gdcm::DataElement &de = set.GetDataElement (tag);
    if (de.IsEmpty () || de.GetVR () == gdcm::VR::SQ || de.GetSequenceOfFragments () != nullptr)
      return std::string ();
    /* Bulk data is never text we need. */
    if (de.GetByteValue () != nullptr && de.GetByteValue ()->GetLength () > 65536)
      return std::string ();
    return angio_dicom_trim (filter.ToString (de));
  }

  /* UTF-8 text of a tag, converted from the file's character set. */
  std::string text (const gdcm::DataSet &set, const gdcm::Tag &tag) const
  {
    std::string value = raw (set, tag);
    g_autofree char *converted = NULL;

    if (value.empty ())
      return value;
    if (charset != NULL)
      converted = g_convert_with_fallback (value.data (), (gssize) value.size (), "UTF-8",
                                           charset, "?", NULL, NULL, NULL);
    if (converted == NULL && !g_utf8_validate (value.data (), (gssize) value.size (), NULL))
      converted = g_convert_with_fallback (value.data (), (gssize) value.size (), "UTF-8",
                                           "ISO-8859-1", "?", NULL, NULL, NULL);
    if (converted == NULL)
      converted = g_utf8_make_valid (value.data (), (gssize) value.size ());
    return std::string (converted);
  }

  std::string text (const gdcm::Tag &tag) const { return text (ds, tag); }

  char *dup (const gdcm::Tag &tag) const
  {
    std::string value = text (tag);
    return value.empty () ? NULL : g_strdup (value.c_str ());
  }

  /* Numbers of a (possibly multi-valued) attribute; NAN for the ones that do not parse. */
  std::vector<double> numbers (const gdcm::DataSet &set, const gdcm::Tag &tag) const
  {
    std::vector<double> values;
    g_auto(GStrv) parts = NULL;
    std::string value = raw (set, tag);

    if (value.empty ())
      return values;
    parts = g_strsplit (value.c_str (), "\\", -1);
    for (guint i = 0; parts[i] != NULL; i++)
      {
        char *end = NULL;
        const char *start = g_strstrip (parts[i]);
        double v = g_ascii_strtod (start, &end);
        values.push_back ((end != start && *end == '\0' && isfinite (v)) ? v : NAN);
      }
    return values;
  }

  double number (const gdcm::DataSet &set, const gdcm::Tag &tag, guint index = 0) const
  {
    std::vector<double> values = numbers (set, tag);
    return index < values.size () ? values[index] : NAN;
  }

  /* Looks in the root, then in the first item of each Shared and Per-frame Functional Group
   * macro (Enhanced XA puts geometry and timing there). */
  double nested_number (const gdcm::Tag &tag, guint index = 0) const
  {
    double v = number (ds, tag, index);
    static const gdcm::Tag groups[] = { gdcm::Tag (0x5200, 0x9229), gdcm::Tag (0x5200, 0x9230) };

    for (const auto &group : groups)
      {
        if (isfinite (v))
          break;
        Item first = item (ds, group, 1);
        if (first.set == nullptr)
          continue;
        for (auto it = first.set->Begin (); it != first.set->End () && !isfinite (v); ++it)
          {
            Item inner = item (*first.set, it->GetTag (), 1);
            if (inner.set != nullptr)
              v = number (*inner.set, tag, index);
          }
      }
    return v;
  }

  /* An item of a sequence; keeps the sequence alive while the item is used. */
  struct Item
  {
    gdcm::SmartPointer<gdcm::SequenceOfItems> sequence;
    const gdcm::DataSet *set = nullptr;
  };

  /* Item @number (1-based) of a sequence; set is NULL when there is none. */
  static Item item (const gdcm::DataSet &set, const gdcm::Tag &tag, size_t number)
  {
    Item result;

    if (!set.FindDataElement (tag))
      return result;
    const gdcm::DataElement &de = set.GetDataElement (tag);
    if (de.IsEmpty () || de.GetSequenceOfFragments () != nullptr)
      return result;
    result.sequence = de.GetValueAsSQ ();
    if (result.sequence && number >= 1 && number <= result.sequence->GetNumberOfItems ())
      result.set = &result.sequence->GetItem (number).GetNestedDataSet ();
    return result;
  }

  const gdcm::DataSet &ds;

private:
  gdcm::StringFilter filter;
  const char *charset;
};

} /* namespace */

static double
positive_or_nan (double v)
{
  return (isfinite (v) && v > 0) ? v : NAN;
}

/* "YYYYMMDDHHMMSS.FFFFFF" → milliseconds since the start of its day plus days; NAN if bad. */
static double
datetime_ms (const std::string &dt)
{
  int y, mo, d, h = 0, mi = 0;
  double s = 0;
  g_autoptr(GDateTime) date = NULL;

  if (dt.size () < 8 || sscanf (dt.c_str (), "%4d%2d%2d", &y, &mo, &d) != 3)
    return NAN;
  if (dt.size () >= 12)
    sscanf (dt.c_str () + 8, "%2d%2d", &h, &mi);
  if (dt.size () >= 14)
    s = g_ascii_strtod (dt.c_str () + 12, NULL);
  date = g_date_time_new_utc (y, mo, d, h, mi, s);
  if (date == NULL)
    return NAN;
  return (double) g_date_time_to_unix (date) * 1000.0
         + g_date_time_get_microsecond (date) / 1000.0;
}

static void
read_timing (AngioDicomMeta        *meta,
             const AttributeReader &ar)
{
  std::vector<double> vector = ar.numbers (ar.ds, gdcm::Tag (0x0018, 0x1065));
  std::vector<double> fip = ar.numbers (ar.ds, gdcm::Tag (0x0028, 0x0009));
  std::string fip_text = ar.raw (ar.ds, gdcm::Tag (0x0028, 0x0009));
  guint group = 0, element = 0;

  meta->frame_time_ms = positive_or_nan (ar.number (ar.ds, gdcm::Tag (0x0018, 0x1063)));
  meta->cine_rate = positive_or_nan (ar.number (ar.ds, gdcm::Tag (0x0018, 0x0040)));
  meta->recommended_display_frame_rate =
    positive_or_nan (ar.number (ar.ds, gdcm::Tag (0x0008, 0x2144)));
  /* AT values read as "(0018,1063)". */
  if (sscanf (fip_text.c_str (), "(%4x,%4x)", &group, &element) == 2)
    meta->frame_increment_pointer = (group << 16) | element;

  /* The ECG's R waves (end-diastole), as frame numbers. */
  std::vector<double> r_waves = ar.numbers (ar.ds, gdcm::Tag (0x0028, 0x6040));
  if (!r_waves.empty () && r_waves.size () <= 100000)
    {
      meta->r_wave_frames = g_array_sized_new (FALSE, FALSE, sizeof (double),
                                               (guint) r_waves.size ());
      g_array_append_vals (meta->r_wave_frames, r_waves.data (), (guint) r_waves.size ());
    }

  if (!vector.empty ())
    {
      meta->frame_time_vector_ms = g_array_sized_new (FALSE, FALSE, sizeof (double),
                                                      (guint) vector.size ());
      g_array_append_vals (meta->frame_time_vector_ms, vector.data (), (guint) vector.size ());
    }

  /* Enhanced XA: Frame Acquisition DateTime of each frame's Frame Content. */
  if (meta->frames > 1 && meta->frames <= 100000
      && AttributeReader::item (ar.ds, gdcm::Tag (0x5200, 0x9230), 1).set != nullptr)
    {
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
      double first = NAN;

      for (guint i = 0; i < meta->frames; i++)
        {
          AttributeReader::Item frame = AttributeReader::item (ar.ds, gdcm::Tag (0x5200, 0x9230),
                                                               i + 1);
          AttributeReader::Item content;
          double t = NAN;

          if (frame.set != nullptr)
            content = AttributeReader::item (*frame.set, gdcm::Tag (0x0020, 0x9111), 1);
          if (content.set != nullptr)
            t = datetime_ms (ar.raw (*content.set, gdcm::Tag (0x0018, 0x9074)));
          if (!isfinite (t))
            break;
          if (i == 0)
            first = t;
          t -= first;
          g_array_append_val (times, t);
        }
      if (times->len == meta->frames)
        meta->frame_acquisition_ms = (GArray *) g_steal_pointer (&times);
    }
}

static void
read_geometry (AngioDicomMeta        *meta,
               const AttributeReader &ar)
{
  double sod;

  for (guint i = 0; i < 2; i++)
    {
      meta->imager_pixel_spacing_mm[i] =
        positive_or_nan (ar.nested_number (gdcm::Tag (0x0018, 0x1164), i));
      meta->pixel_spacing_mm[i] = positive_or_nan (ar.nested_number (gdcm::Tag (0x0028, 0x0030), i));
    }
  meta->magnification_factor = positive_or_nan (ar.nested_number (gdcm::Tag (0x0018, 0x1114)));
  meta->sid_mm = positive_or_nan (ar.nested_number (gdcm::Tag (0x0018, 0x1110)));
  sod = positive_or_nan (ar.nested_number (gdcm::Tag (0x0018, 0x1111)));
  if (!isfinite (sod))  /* Enhanced XA: Distance Source to Isocenter */
    sod = positive_or_nan (ar.nested_number (gdcm::Tag (0x0018, 0x9402)));
  meta->sod_mm = sod;
  meta->primary_angle_deg = ar.nested_number (gdcm::Tag (0x0018, 0x1510));
  meta->secondary_angle_deg = ar.nested_number (gdcm::Tag (0x0018, 0x1511));
  meta->kvp = positive_or_nan (ar.nested_number (gdcm::Tag (0x0018, 0x0060)));
  meta->tube_current_ma = positive_or_nan (ar.nested_number (gdcm::Tag (0x0018, 0x1151)));
  meta->exposure_time_ms = positive_or_nan (ar.nested_number (gdcm::Tag (0x0018, 0x1150)));
}

static void
read_identifiers (AngioDicomMeta        *meta,
                  const AttributeReader &ar)
{
  for (guint i = 0; i < angio_dicom_n_identifying_tags; i++)
    {
      const AngioIdentifyingTag *id = &angio_dicom_identifying_tags[i];
      std::string value = ar.text (gdcm::Tag (id->group, id->element));

      if (!value.empty ())
        g_ptr_array_add (meta->identifiers,
                         angio_dicom_attribute_new (id->group, id->element, id->vr, id->keyword,
                                                    value.c_str ()));
    }
}

static void
read_meta (AngioDicomMeta        *meta,
           const AttributeReader &ar)
{
  double window;

  meta->sop_class_uid = ar.dup (gdcm::Tag (0x0008, 0x0016));
  meta->sop_instance_uid = ar.dup (gdcm::Tag (0x0008, 0x0018));
  meta->study_instance_uid = ar.dup (gdcm::Tag (0x0020, 0x000d));
  meta->series_instance_uid = ar.dup (gdcm::Tag (0x0020, 0x000e));
  meta->frame_of_reference_uid = ar.dup (gdcm::Tag (0x0020, 0x0052));
  meta->modality = ar.dup (gdcm::Tag (0x0008, 0x0060));
  meta->manufacturer = ar.dup (gdcm::Tag (0x0008, 0x0070));
  meta->model_name = ar.dup (gdcm::Tag (0x0008, 0x1090));
  meta->photometric = ar.dup (gdcm::Tag (0x0028, 0x0004));
  meta->burned_in_annotation = ar.dup (gdcm::Tag (0x0028, 0x0301));
  meta->image_type = ar.dup (gdcm::Tag (0x0008, 0x0008));

  meta->rescale_slope = ar.number (ar.ds, gdcm::Tag (0x0028, 0x1053));
  if (!isfinite (meta->rescale_slope) || meta->rescale_slope == 0)
    meta->rescale_slope = 1.0;
  meta->rescale_intercept = ar.number (ar.ds, gdcm::Tag (0x0028, 0x1052));
  if (!isfinite (meta->rescale_intercept))
    meta->rescale_intercept = 0.0;
  meta->window_center = ar.nested_number (gdcm::Tag (0x0028, 0x1050));
  window = ar.nested_number (gdcm::Tag (0x0028, 0x1051));
  meta->window_width = positive_or_nan (window);

  read_geometry (meta, ar);
  read_identifiers (meta, ar);
}

/* Unsigned integer attribute: -1 when absent, -2 when present but not a number in range. */
static gint64
read_count (const AttributeReader &ar,
            guint16                group,
            guint16                element,
            gint64                 max)
{
  std::string value = ar.raw (ar.ds, gdcm::Tag (group, element));
  char *end = NULL;
  gint64 v;

  if (value.empty ())
    return -1;
  v = g_ascii_strtoll (value.c_str (), &end, 10);
  if (end == value.c_str () || *g_strchug (end) != '\0' || v < 0 || v > max)
    return -2;
  return v;
}

static gboolean
check_pixel_module (AngioDicomReader      *self,
                    const AttributeReader &ar,
                    GError               **error)
{
  AngioDicomMeta *meta = self->meta;
  const char *name = self->display_name;
  gint64 frames = read_count (ar, 0x0028, 0x0008, G_MAXINT32);
  gint64 rows = read_count (ar, 0x0028, 0x0010, 65535);
  gint64 cols = read_count (ar, 0x0028, 0x0011, 65535);
  gint64 spp = read_count (ar, 0x0028, 0x0002, 65535);
  gint64 allocated = read_count (ar, 0x0028, 0x0100, 65535);
  gint64 stored = read_count (ar, 0x0028, 0x0101, 65535);
  gint64 high = read_count (ar, 0x0028, 0x0102, 65535);
  gint64 representation = read_count (ar, 0x0028, 0x0103, 65535);

  if (rows == -1 || cols == -1)
    return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, name,
                 _("Rows or Columns is missing; the image size is unknown"));
  if (rows <= 0 || cols <= 0)
    return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, name,
                 _("the image size is invalid (Rows or Columns is zero or not a number)"));
  if (frames == -2 || frames == 0)
    return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, name,
                 _("Number of Frames is zero or not a number"));
  if (spp > 1 || (meta->photometric != NULL && !g_str_has_prefix (meta->photometric, "MONOCHROME")))
    return angio_dicom_fail (error, ANGIO_DICOM_ERROR_UNSUPPORTED, name,
                 _("colour images are not supported (Photometric Interpretation %s)"),
                 meta->photometric ? meta->photometric : "?");
  if (allocated != 8 && allocated != 16)
    return angio_dicom_fail (error, ANGIO_DICOM_ERROR_UNSUPPORTED, name,
                 _("%d bits allocated per pixel are not supported (8 or 16 are)"),
                 (int) allocated);
  if (stored == -1)
    stored = allocated;
  if (high == -1)
    high = stored - 1;
  if (stored < 1 || stored > allocated || high < stored - 1 || high >= allocated)
    return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, name,
                 _("inconsistent bit depth (%d allocated, %d stored, high bit %d)"),
                 (int) allocated, (int) stored, (int) high);

  meta->frames = frames < 0 ? 1 : (guint) frames;
  self->frames_absent = frames < 0;
  meta->rows = (guint) rows;
  meta->cols = (guint) cols;
  meta->samples_per_pixel = 1;
  meta->bits_allocated = (guint) allocated;
  meta->bits_stored = (guint) stored;
  meta->high_bit = (guint) high;
  meta->is_signed = representation == 1;
  if (meta->photometric == NULL)
    meta->photometric = g_strdup ("MONOCHROME2");
  return TRUE;
}

/* "3 frames of 512 × 512 pixels", with the right plural. */
static char *
frames_text (const AngioDicomMeta *meta)
{
  return g_strdup_printf (dngettext (GETTEXT_PACKAGE, "%u frame of %u × %u pixels",
                                     "%u frames of %u × %u pixels", meta->frames),
                          meta->frames, meta->cols, meta->rows);
}

static gboolean
check_limits (AngioDicomReader *self,
              GError          **error)
{
  guint64 bytes = angio_dicom_meta_pixel_bytes (self->meta);

  if (bytes > ANGIO_DICOM_MAX_PIXEL_BYTES)
    {
      g_autofree char *need = g_format_size (bytes);
      g_autofree char *limit = g_format_size (ANGIO_DICOM_MAX_PIXEL_BYTES);
      g_autofree char *frames = frames_text (self->meta);

      /* Translators: e.g. "10000 frames of 65535 × 65535 pixels would need 85.9 TB of memory,
       * more than Angiomark opens (6.4 GB)" */
      return angio_dicom_fail (error, ANGIO_DICOM_ERROR_TOO_LARGE, self->display_name,
                   _("%s would need %s of memory, more than Angiomark opens (%s)"),
                   frames, need, limit);
    }
  return TRUE;
}

static gboolean
pread_all (int      fd,
           void    *buffer,
           guint64  length,
           guint64  offset)
{
  char *p = (char *) buffer;

  while (length > 0)
    {
      ssize_t n = pread (fd, p, length, (off_t) offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      length -= (guint64) n;
      offset += (guint64) n;
    }
  return TRUE;
}

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[3] | ((guint32) p[2] << 8) | ((guint32) p[1] << 16) | ((guint32) p[0] << 24);
}

/* The first bytes of a fragment that starts a new compressed frame. */
static gboolean
starts_frame (const guint8 head[12])
{
  static const guint8 jp2[] = { 0, 0, 0, 0x0c, 'j', 'P', ' ', ' ' };

  return (head[0] == 0xff && head[1] == 0xd8)                  /* JPEG, JPEG-LS SOI */
         || (head[0] == 0xff && head[1] == 0x4f && head[2] == 0xff && head[3] == 0x51) /* J2K */
         || memcmp (head, jp2, sizeof jp2) == 0;
}

/* Some writers leave the Basic Offset Table item out altogether: the first item is then
 * already a codestream. */
static gboolean
no_basic_offset_table (AngioDicomReader *self,
                       guint64           offset,
                       guint32           length)
{
  guint8 head[12];

  return length >= sizeof head && pread_all (self->fd, head, sizeof head, offset)
         && starts_frame (head);
}

/* A multi-frame file without Number of Frames (GDCM and DCMTK then read one frame): the
 * frames are counted by the codestreams that open them, or one per fragment for RLE (PS3.5
 * A.4.2). */
static gboolean
count_frames (AngioDicomReader        *self,
              const std::vector<Span> &fragments,
              GError                 **error)
{
  gboolean rle = angio_syntax_lookup (self->meta->transfer_syntax_uid)->syntax
                 == ANGIO_SYNTAX_RLE;
  guint count = 0;

  for (const Span &f : fragments)
    {
      guint8 head[12] = { 0 };

      if (f.length >= sizeof head && !pread_all (self->fd, head, sizeof head, f.offset))
        break;
      if (rle || count == 0 || starts_frame (head))
        count++;
    }
  if (count <= 1)
    return TRUE;
  self->meta->frames = count;
  g_ptr_array_add (self->meta->warnings,
                   g_strdup_printf (_("Number of Frames is missing; the pixel data hold %u "
                                      "frames, all read"), count));
  return check_limits (self, error);
}

/* Groups the fragments into frames: one each, by the Basic Offset Table, or by the markers
 * that open a compressed frame. */
static gboolean
map_fragments (AngioDicomReader          *self,
               const std::vector<Span>   &fragments,
               const std::vector<guint64> &bot,
               guint64                    first_item,
               GError                   **error)
{
  guint frames = self->meta->frames;

  self->frames.clear ();
  if (fragments.size () == frames)
    {
      for (const Span &f : fragments)
        self->frames.push_back ({ f });
      return TRUE;
    }
  if (frames == 1)
    {
      self->frames.push_back (fragments);
      return TRUE;
    }
  if (bot.size () == frames)
    {
      self->frames.resize (frames);
      for (const Span &f : fragments)
        {
          guint64 relative = f.offset - 8 - first_item;
          guint k = frames;

          while (k > 0 && bot[k - 1] > relative)
            k--;
          if (k == 0)
            break;
          self->frames[k - 1].push_back (f);
        }
    }
  else
    {
      for (const Span &f : fragments)
        {
          guint8 head[12] = { 0 };

          if (f.length >= sizeof head && !pread_all (self->fd, head, sizeof head, f.offset))
            break;
          if (self->frames.empty () || starts_frame (head))
            self->frames.push_back ({});
          self->frames.back ().push_back (f);
        }
    }
  if (self->frames.size () == frames)
    {
      for (const auto &frame : self->frames)
        if (frame.empty ())
          goto bad;
      return TRUE;
    }
bad:
  return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, self->display_name,
               _("the %zu fragments of the compressed pixel data cannot be split into "
                "%u frames"),
               fragments.size (), frames);
}

typedef enum {
  STREAM_COMPLETE,        /* ends with its end marker, maybe padded with 00 or FF bytes */
  STREAM_BYTES_AFTER,     /* an end marker in its last bytes, other bytes after it */
  STREAM_NO_END_MARKER,   /* none: the stream may have been cut */
} StreamEnd;

/* JPEG, JPEG-LS and JPEG 2000 codestreams end with an end marker (FFD9). @tail holds the
 * last bytes of the frame. */
static StreamEnd
stream_end (const guint8 *head,
            gsize         head_length,
            const guint8 *tail,
            gsize         tail_length)
{
  gsize end = tail_length;

  if (head_length < 4 || !(head[0] == 0xff && (head[1] == 0xd8 || head[1] == 0x4f)))
    return STREAM_COMPLETE;  /* RLE or a JP2 file: their decoders check their own lengths */
  while (end > 0 && (tail[end - 1] == 0x00 || tail[end - 1] == 0xff))
    end--;
  if (end >= 2 && tail[end - 2] == 0xff && tail[end - 1] == 0xd9)
    return STREAM_COMPLETE;
  for (gsize i = tail_length - 1; i > 0; i--)
    if (tail[i - 1] == 0xff && tail[i] == 0xd9)
      return STREAM_BYTES_AFTER;
  return STREAM_NO_END_MARKER;
}

static gboolean
is_jpeg (const AngioDicomReader *self)
{
  switch (angio_syntax_lookup (self->meta->transfer_syntax_uid)->syntax)
    {
    case ANGIO_SYNTAX_JPEG_BASELINE:
    case ANGIO_SYNTAX_JPEG_EXTENDED:
    case ANGIO_SYNTAX_JPEG_LOSSLESS:
    case ANGIO_SYNTAX_JPEG_LOSSLESS_SV1:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Whether each frame's codestream ends with its end marker. Real cath-lab archives hold JPEG
 * frames with a few bytes after their EOI (the real coronary cine of the test data), or
 * none: GDCM and DCMTK decode them (libjpeg stops at EOI, or ends the stream itself when the
 * data run out), and so does Angiomark, with a warning; when the codec cannot finish a frame,
 * the frame is refused then. A JPEG-LS or JPEG 2000 frame without one is refused when it is
 * decoded. */
static gboolean
check_end_markers (AngioDicomReader *self,
                   GError          **error)
{
  guint missing = 0, bytes_after = 0;

  self->ends_with_marker.assign (self->frames.size (), true);
  for (gsize i = 0; i < self->frames.size (); i++)
    {
      const std::vector<Span> &spans = self->frames[i];
      guint8 head[12] = { 0 }, tail[16];
      gsize head_length = (gsize) MIN (spans.front ().length, (guint64) sizeof head);
      gsize tail_length = 0;

      /* The last bytes of the frame, across fragments when the last ones are tiny. */
      for (gsize k = spans.size (); k > 0 && tail_length < sizeof tail; k--)
        {
          const Span &span = spans[k - 1];
          gsize take = (gsize) MIN (span.length, (guint64) (sizeof tail - tail_length));

          if (!pread_all (self->fd, tail + sizeof tail - tail_length - take, take,
                          span.offset + span.length - take))
            return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, self->display_name,
                         _("frame %zu cannot be read: %s"), i + 1,
                         g_strerror (errno ? errno : EIO));
          tail_length += take;
        }
      if (!pread_all (self->fd, head, head_length, spans.front ().offset))
        return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, self->display_name,
                     _("frame %zu cannot be read: %s"), i + 1, g_strerror (errno ? errno : EIO));
      switch (stream_end (head, head_length, tail + sizeof tail - tail_length, tail_length))
        {
        case STREAM_COMPLETE:
          break;
        case STREAM_BYTES_AFTER:
          bytes_after++;
          break;
        case STREAM_NO_END_MARKER:
          self->ends_with_marker[i] = false;
          missing++;
          break;
        }
    }
  if (bytes_after > 0)
    g_ptr_array_add (self->meta->warnings,
                     g_strdup_printf (dngettext (GETTEXT_PACKAGE,
                                                 "%u of %u frames has bytes after its end "
                                                 "marker (EOI); ignored, as GDCM and DCMTK "
                                                 "ignore them",
                                                 "%u of %u frames have bytes after their end "
                                                 "marker (EOI); ignored, as GDCM and DCMTK "
                                                 "ignore them", bytes_after),
                                      bytes_after, (guint) self->frames.size ()));
  if (missing > 0 && is_jpeg (self))
    g_ptr_array_add (self->meta->warnings,
                     g_strdup_printf (dngettext (GETTEXT_PACKAGE,
                                                 "%u of %u JPEG frames ends without an end "
                                                 "marker (EOI); decoded as GDCM and DCMTK "
                                                 "decode it",
                                                 "%u of %u JPEG frames end without an end "
                                                 "marker (EOI); decoded as GDCM and DCMTK "
                                                 "decode them", missing),
                                      missing, (guint) self->frames.size ()));
  return TRUE;
}

/* Walks the items of encapsulated pixel data starting at @offset. */
static gboolean
locate_fragments (AngioDicomReader *self,
                  guint64           offset,
                  GError          **error)
{
  std::vector<Span> fragments;
  std::vector<guint64> bot;
  guint64 first_item = offset;
  gboolean seen_bot = FALSE;

  for (;;)
    {
      guint8 header[8];
      guint32 tag, length;

      if (offset + 8 > self->file_size)
        return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, self->display_name,
                     _("the compressed pixel data are truncated: the file ends before their "
                       "end marker"));
      if (!pread_all (self->fd, header, 8, offset))
        return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, self->display_name,
                     _("cannot read the pixel data: %s"), g_strerror (errno));
      tag = le32 (header);
      length = le32 (header + 4);
      if (tag == 0xe0ddfffe)
        break;
      if (tag != 0xe000fffe)
        return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, self->display_name,
                     _("unexpected data inside the compressed pixel data at byte %llu"),
                     (unsigned long long) offset);
      if (length == 0xffffffff || offset + 8 + length > self->file_size)
        return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, self->display_name,
                     _("the pixel data are truncated: a fragment of %u bytes at byte %llu goes "
                       "past the end of the file (%llu bytes)"),
                     length, (unsigned long long) offset, (unsigned long long) self->file_size);
      if (!seen_bot && !no_basic_offset_table (self, offset + 8, length))
        {
          g_autofree guint8 *table = (guint8 *) g_malloc (length + 1);

          seen_bot = TRUE;
          if (length % 4 == 0 && pread_all (self->fd, table, length, offset + 8))
            for (guint32 i = 0; i < length; i += 4)
              bot.push_back (le32 (table + i));
          first_item = offset + 8 + length;
        }
      else if (fragments.size () < G_MAXINT32)
        {
          if (!seen_bot)
            first_item = offset;
          seen_bot = TRUE;
          fragments.push_back ({ offset + 8, length });
        }
      offset += 8 + (guint64) length;
    }

  if (self->frames_absent && fragments.size () > 1 && !count_frames (self, fragments, error))
    return FALSE;

  if (fragments.size () < self->meta->frames)
    return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, self->display_name,
                 _("the pixel data hold %zu compressed fragments for %u frames; the file "
                  "is truncated or damaged"),
                 fragments.size (), self->meta->frames);
  return map_fragments (self, fragments, bot, first_item, error)
         && check_end_markers (self, error);
}

static gboolean
locate_native (AngioDicomReader *self,
               guint64           offset,
               guint64           length,
               GError          **error)
{
  const AngioDicomMeta *meta = self->meta;
  guint64 needed;

  self->frame_bytes = (guint64) meta->rows * meta->cols * (meta->bits_allocated / 8);
  if (self->frames_absent && length / self->frame_bytes > 1)
    {
      self->meta->frames = (guint) MIN (length / self->frame_bytes, (guint64) G_MAXINT32);
      g_ptr_array_add (self->meta->warnings,
                       g_strdup_printf (_("Number of Frames is missing; the pixel data hold %u "
                                          "frames, all read"), self->meta->frames));
      if (!check_limits (self, error))
        return FALSE;
    }
  needed = self->frame_bytes * meta->frames;
  if (self->swap_bytes8)
    needed += needed & 1;   /* the last sample's word is read whole */
  if (length < needed)
    {
      g_autofree char *held = g_format_size_full (length, G_FORMAT_SIZE_LONG_FORMAT);
      g_autofree char *need = g_format_size_full (needed, G_FORMAT_SIZE_LONG_FORMAT);
      g_autofree char *frames = frames_text (meta);

      /* Translators: e.g. "the pixel data hold 9.3 kB (9330 bytes) instead of the 4.3 GB
       * (4294976562 bytes) expected for 1 frame of 46341 × 46341 pixels" */
      return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, self->display_name,
                   _("the pixel data hold %s instead of the %s expected for %s"), held, need,
                   frames);
    }
  if (self->inflated == NULL && offset + needed > self->file_size)
    return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, self->display_name,
                 _("the file is truncated: it ends %llu bytes before the end of its pixel data"),
                 (unsigned long long) (offset + needed - self->file_size));
  self->pixel_offset = offset;
  return TRUE;
}

/* After GDCM stopped at Pixel Data (value skipped), @position is the start of the value and
 * the 4 bytes before it hold its length, whatever the VR encoding. */
static gboolean
locate_pixel_data (AngioDicomReader *self,
                   guint64           position,
                   GError          **error)
{
  guint8 header[12];
  guint32 length, tag_le, tag_be;

  if (position < 12 || position > self->file_size
      || !pread_all (self->fd, header, sizeof header, position - 12))
    return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, self->display_name,
                 "%s", _("the Pixel Data element cannot be read"));
  length = self->big_endian ? be32 (header + 8) : le32 (header + 8);
  /* The tag sits 12 bytes back (explicit VR, long form) or 8 bytes back (implicit VR). */
  tag_le = 0x00107fe0;
  tag_be = 0x7fe00010;
  if (le32 (header) != tag_le && le32 (header + 4) != tag_le && be32 (header) != tag_be)
    return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, self->display_name,
                 "%s", _("the Pixel Data element is malformed"));

  /* Explicit VR, long form: tag, VR, 2 reserved bytes, length. */
  self->swap_bytes8 = self->big_endian && self->meta->bits_allocated == 8
                      && header[4] == 'O' && header[5] == 'W';
  if (self->encapsulated != (length == 0xffffffff))
    return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, self->display_name,
                 self->encapsulated
                 ? _("the transfer syntax is compressed but the pixel data are not")
                 : _("the pixel data are compressed but the transfer syntax is not"));
  if (self->encapsulated)
    return locate_fragments (self, position, error);
  return locate_native (self, position, length, error);
}

static void
build_lut (AngioDicomReader *self)
{
  const AngioDicomMeta *meta = self->meta;
  guint bits = meta->bits_stored;
  guint size = 1u << bits;
  double offset, scale;

  angio_dicom_meta_value_mapping (meta, &offset, &scale);
  self->lut.resize (size);
  self->lut_mask = size - 1;
  for (guint r = 0; r < size; r++)
    {
      double s = (meta->is_signed && (r & (1u << (bits - 1)))) ? (double) r - size : (double) r;
      double m = s * meta->rescale_slope + meta->rescale_intercept;
      double u = round ((m - offset) / scale);

      self->lut[r] = (guint16) CLAMP (u, 0.0, 65535.0);
    }
}

/* A deflated data set is one raw deflate stream after the file meta group. GDCM reads a cut
 * stream without complaint, so check that it reaches its end. */
static gboolean
deflate_stream_complete (AngioDicomReader *self)
{
  guint8 group_length[12];
  guint64 offset;
  z_stream z = {};
  std::vector<guint8> in (1 << 16), out (1 << 16);
  int status = Z_OK;

  /* (0002,0000) UL comes first after the preamble and "DICM". */
  if (!pread_all (self->fd, group_length, sizeof group_length, 132)
      || le32 (group_length) != 0x00000002)
    return FALSE;
  offset = 132 + 12 + le32 (group_length + 8);
  if (inflateInit2 (&z, -MAX_WBITS) != Z_OK)
    return FALSE;
  while (status == Z_OK && offset < self->file_size)
    {
      guint64 n = MIN ((guint64) in.size (), self->file_size - offset);

      if (!pread_all (self->fd, in.data (), n, offset))
        break;
      offset += n;
      z.next_in = in.data ();
      z.avail_in = (uInt) n;
      do
        {
          z.next_out = out.data ();
          z.avail_out = (uInt) out.size ();
          status = inflate (&z, Z_NO_FLUSH);
        }
      while (status == Z_OK && z.avail_out == 0);
      if (status == Z_BUF_ERROR)
        status = Z_OK;
    }
  inflateEnd (&z);
  return status == Z_STREAM_END;
}

/* GDCM reads the descriptor the reader holds (the decoder may open no file once confined). */
static gdcm::Reader *
new_gdcm_reader (AngioDicomReader *self)
{
  gdcm::Reader *reader = new gdcm::Reader;

  self->stream.reset (new AngioFdInputStream (self->fd));
  reader->SetStream (*self->stream);
  return reader;
}

static gboolean
open_header (AngioDicomReader *self,
             GError          **error)
{
  std::set<gdcm::Tag> skip = { kPixelData };
  std::unique_ptr<gdcm::Reader> reader (new_gdcm_reader (self));
  guint64 position;

  if (!reader->ReadUpToTag (kPixelData, skip)
      || reader->GetFile ().GetHeader ().GetDataSetTransferSyntax ()
         == gdcm::TransferSyntax::DeflatedExplicitVRLittleEndian)
    {
      /* Deflated data sets cannot be read partially (byte offsets mean nothing in them):
       * read all of it. */
      reader.reset ();
      reader.reset (new_gdcm_reader (self));
      if (!reader->Read ()
          || reader->GetFile ().GetHeader ().GetDataSetTransferSyntax ()
             != gdcm::TransferSyntax::DeflatedExplicitVRLittleEndian)
        return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, self->display_name,
                     "%s", _("the DICOM data set is damaged or truncated"));
    }

  self->ts = reader->GetFile ().GetHeader ().GetDataSetTransferSyntax ();
  {
    AttributeReader ar (reader->GetFile ());

    read_meta (self->meta, ar);
    self->meta->transfer_syntax_uid =
      g_strdup (angio_dicom_trim (self->ts.GetString () ? self->ts.GetString () : "").c_str ());
    if (!self->ts.IsValid () || angio_syntax_lookup (self->meta->transfer_syntax_uid) == NULL)
      return angio_dicom_fail (error, ANGIO_DICOM_ERROR_UNSUPPORTED, self->display_name,
                   _("the transfer syntax %s is not supported"),
                   self->meta->transfer_syntax_uid[0] ? self->meta->transfer_syntax_uid
                   : _("(none)"));
    if (!ar.ds.FindDataElement (kPixelData) && reader->GetStreamCurrentPosition () == (size_t) -1)
      return angio_dicom_fail (error, ANGIO_DICOM_ERROR_UNSUPPORTED, self->display_name,
                   "%s", _("the file holds no image (no Pixel Data)"));
    if (!check_pixel_module (self, ar, error) || !check_limits (self, error))
      return FALSE;
    read_timing (self->meta, ar);   /* per-frame timing needs the number of frames */
  }

  self->encapsulated = self->ts.IsEncapsulated ();
  self->big_endian = self->ts.GetSwapCode () == gdcm::SwapCode::BigEndian;
  self->pf = gdcm::PixelFormat (1, (unsigned short) self->meta->bits_allocated,
                                (unsigned short) self->meta->bits_stored,
                                (unsigned short) self->meta->high_bit,
                                self->meta->is_signed ? 1 : 0);
  self->pi = gdcm::PhotometricInterpretation::GetPIType (self->meta->photometric);
  if (self->pi == gdcm::PhotometricInterpretation::UNKNOWN)
    self->pi = gdcm::PhotometricInterpretation::MONOCHROME2;

  if (self->ts == gdcm::TransferSyntax::DeflatedExplicitVRLittleEndian)
    {
      const gdcm::DataSet &ds = reader->GetFile ().GetDataSet ();
      const gdcm::ByteValue *bv = ds.FindDataElement (kPixelData)
                                  ? ds.GetDataElement (kPixelData).GetByteValue () : nullptr;

      if (bv == nullptr)
        return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, self->display_name,
                     "%s", _("the deflated pixel data cannot be read"));
      if (!deflate_stream_complete (self))
        return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, self->display_name,
                     "%s", _("the deflated data set is truncated"));
      self->inflated = bv->GetPointer ();
      self->whole = std::move (reader);
      return locate_native (self, 0, bv->GetLength (), error);
    }
  position = reader->GetStreamCurrentPosition ();
  return locate_pixel_data (self, position, error);
}

AngioDicomReader *
angio_dicom_reader_open (const char  *path,
                         GError     **error)
{
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = angio_dicom_open_input (path, error);
  return fd < 0 ? NULL : angio_dicom_reader_open_fd (fd, path, error);
}

int
angio_dicom_open_input (const char  *path,
                        GError     **error)
{
  /* Not blocking: a FIFO given as a file must not hang the decoder (it is refused later as
   * not a regular file); a regular file ignores the flag. */
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);

  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *name = g_filename_display_name (path);

      angio_dicom_fail (error, ANGIO_DICOM_ERROR_NOT_DICOM, name, _("cannot open the file: %s"),
                        g_strerror (saved));
    }
  return fd;
}

AngioDicomReader *
angio_dicom_reader_open_fd (int          fd,
                            const char  *path,
                            GError     **error)
{
  std::unique_ptr<AngioDicomReader, decltype (&angio_dicom_reader_free)> self (
    new AngioDicomReader (), angio_dicom_reader_free);
  GStatBuf st;
  char magic[4] = { 0 };

  g_return_val_if_fail (fd >= 0, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  gdcm::Trace::SetWarning (false);
  gdcm::Trace::SetError (false);
  gdcm::Trace::SetDebug (false);

  self->fd = fd;
  self->display_name = g_filename_display_name (path);
  self->meta = angio_dicom_meta_new ();
  self->meta->path = g_strdup (path);
  if (fstat (self->fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      angio_dicom_fail (error, ANGIO_DICOM_ERROR_NOT_DICOM, self->display_name,
            "%s", _("not a regular file"));
      return NULL;
    }
  self->file_size = (guint64) st.st_size;
  if (self->file_size == 0)
    {
      angio_dicom_fail (error, ANGIO_DICOM_ERROR_NOT_DICOM, self->display_name, "%s",
            _("the file is empty"));
      return NULL;
    }
  if (self->file_size < 132 || !pread_all (self->fd, magic, 4, 128) || memcmp (magic, "DICM", 4))
    {
      angio_dicom_fail (error, ANGIO_DICOM_ERROR_NOT_DICOM, self->display_name, "%s",
            _("not a DICOM file (no DICM prefix after the 128-byte preamble)"));
      return NULL;
    }

  if (!angio_dicom_scan_structure (self->fd, self->file_size, self->display_name, error))
    return NULL;
  try
    {
      if (!open_header (self.get (), error))
        return NULL;
    }
  catch (const std::exception &e)
    {
      angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, self->display_name,
            _("the DICOM data set is damaged (%s)"), e.what ());
      return NULL;
    }
  build_lut (self.get ());
  return self.release ();
}

const AngioDicomMeta *
angio_dicom_reader_get_meta (AngioDicomReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->meta;
}

/* Raw samples (8- or 16-bit, host order) → mapped 16-bit values, in place when 16-bit.
 * Native data may carry other bits above High Bit (old overlays): they are masked off.
 * Decoded data hold plain numbers: a codec that found more bits than the header states gives
 * values beyond the range, which are clamped, not wrapped. */
static void
apply_lut (const AngioDicomReader *self,
           const void             *samples,
           guint                   bytes_per_sample,
           gboolean                swap,
           gboolean                clamp,
           guint16                *out,
           gsize                   n)
{
  const guint16 *lut = self->lut.data ();
  guint shift = clamp ? 0 : self->meta->high_bit + 1 - self->meta->bits_stored;
  guint mask = self->lut_mask;
  gboolean is_signed = self->meta->is_signed;
  gint64 lo = is_signed ? -(gint64) (mask + 1) / 2 : 0;
  gint64 hi = is_signed ? (gint64) mask / 2 : mask;

  for (gsize i = 0; i < n; i++)
    {
      guint v = bytes_per_sample == 1 ? ((const guint8 *) samples)[i]
                                      : ((const guint16 *) samples)[i];

      if (swap)
        v = GUINT16_SWAP_LE_BE ((guint16) v);
      if (clamp)
        {
          /* Sign of the sample as the codec wrote it, at its own width. */
          gint64 s = (is_signed && bytes_per_sample == 2) ? (gint16) v
                     : (is_signed ? (gint8) v : (gint64) v);
          v = (guint) CLAMP (s, lo, hi);
        }
      out[i] = lut[(v >> shift) & mask];
    }
}

static gboolean
decode_native (AngioDicomReader *self,
               guint             index,
               guint16          *out,
               GError          **error)
{
  gsize n = (gsize) self->meta->rows * self->meta->cols;
  guint bps = self->meta->bits_allocated / 8;
  guint64 offset = self->pixel_offset + index * self->frame_bytes;

  if (self->inflated != NULL)
    {
      apply_lut (self, self->inflated + offset, bps, FALSE, FALSE, out, n);
      return TRUE;
    }
  if (bps == 2)
    {
      /* Read straight into the output, then map in place. */
      if (!pread_all (self->fd, out, self->frame_bytes, offset))
        return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, self->display_name,
                     _("frame %u cannot be read: %s"), index + 1,
                     g_strerror (errno ? errno : EIO));
      apply_lut (self, out, 2, self->big_endian, FALSE, out, n);
    }
  else if (self->swap_bytes8)
    {
      /* Whole words around the frame (a frame of odd size starts or ends mid-word), then
       * each sample from the other half of its word. */
      guint64 relative = (guint64) index * self->frame_bytes;
      guint64 first = relative & ~(guint64) 1;
      guint64 end = (relative + self->frame_bytes + 1) & ~(guint64) 1;
      std::vector<guint8> words (end - first), buffer (self->frame_bytes);

      if (!pread_all (self->fd, words.data (), end - first, self->pixel_offset + first))
        return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, self->display_name,
                     _("frame %u cannot be read: %s"), index + 1,
                     g_strerror (errno ? errno : EIO));
      for (guint64 j = 0; j < self->frame_bytes; j++)
        buffer[j] = words[((relative + j) ^ 1) - first];
      apply_lut (self, buffer.data (), 1, FALSE, FALSE, out, n);
    }
  else
    {
      std::vector<guint8> buffer (self->frame_bytes);

      if (!pread_all (self->fd, buffer.data (), self->frame_bytes, offset))
        return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, self->display_name,
                     _("frame %u cannot be read: %s"), index + 1,
                     g_strerror (errno ? errno : EIO));
      apply_lut (self, buffer.data (), 1, FALSE, FALSE, out, n);
    }
  return TRUE;
}

static guint
be16 (const guint8 *p)
{
  return ((guint) p[0] << 8) | p[1];
}

/* The image size and components a JPEG, JPEG-LS or JPEG 2000 codestream declares, from its
 * frame header (SOFn, SOF55) or SIZ marker segment in @head (the start of the frame).
 * FALSE when no such header is found in @head (RLE, JP2 files, a header further on). */
static gboolean
codestream_size (const guint8 *head,
                 gsize         length,
                 guint        *width,
                 guint        *height,
                 guint        *components)
{
  gsize p = 2;

  if (length >= 4 && head[0] == 0xff && head[1] == 0x4f && head[2] == 0xff && head[3] == 0x51)
    {
      /* SIZ: Lsiz, Rsiz, Xsiz, Ysiz, XOsiz, YOsiz, XTsiz, YTsiz, XTOsiz, YTOsiz, Csiz. */
      if (length < 4 + 38)
        return FALSE;
      *width = be32 (head + 8) - be32 (head + 16);
      *height = be32 (head + 12) - be32 (head + 20);
      *components = be16 (head + 40);
      return TRUE;
    }
  if (length < 4 || head[0] != 0xff || head[1] != 0xd8)
    return FALSE;
  while (p + 4 <= length)
    {
      guint marker;

      if (head[p] != 0xff)
        return FALSE;
      marker = head[p + 1];
      if (marker == 0xff)        /* fill byte */
        {
          p++;
          continue;
        }
      if ((marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8
           && marker != 0xcc) || marker == 0xf7)
        {
          if (p + 10 > length)
            return FALSE;
          *height = be16 (head + p + 5);
          *width = be16 (head + p + 7);
          *components = head[p + 9];
          return TRUE;
        }
      if (marker == 0xda || marker == 0xd9)   /* SOS or EOI before any frame header */
        return FALSE;
      p += 2 + be16 (head + p + 2);
    }
  return FALSE;
}

/* A codestream whose own header disagrees with Rows and Columns would make the codec write
 * another size than the frame's buffer holds: refused before decoding. A JPEG height of 0
 * (given later by a DNL marker) is let through to the codec. */
static gboolean
check_codestream (AngioDicomReader *self,
                  guint             index,
                  const guint8     *head,
                  gsize             length,
                  GError          **error)
{
  guint width = 0, height = 0, components = 0;

  if (!codestream_size (head, length, &width, &height, &components))
    return TRUE;
  if (width != self->meta->cols || (height != self->meta->rows && height != 0)
      || components != 1)
    /* Translators: e.g. "frame 3: its jpeg-ls codestream is 640 × 480 pixels with 3
     * components; the header says 512 × 512 pixels, one component" */
    return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, self->display_name,
                 _("frame %u: its %s codestream is %u × %u pixels with %u components; the "
                   "header says %u × %u pixels, one component"), index + 1,
                 angio_syntax_lookup (self->meta->transfer_syntax_uid)->name, width, height,
                 components, self->meta->cols, self->meta->rows);
  return TRUE;
}

/* One PackBits segment of an RLE frame (PS3.5 G.3.1) into @out, @n bytes: a header byte n
 * of 0…127 copies the next n + 1 bytes, −1…−127 repeats the next byte 1 − n times, −128 is
 * nothing. A segment that decodes to more than @n bytes is cut there (as DCMTK reads it);
 * one that decodes to fewer is refused. */
static gboolean
unpack_bits (const guint8 *in,
             gsize         length,
             guint8       *out,
             gsize         n)
{
  const guint8 *end = in + length;
  gsize written = 0;

  while (written < n && in < end)
    {
      int header = (gint8) *in++;

      if (header >= 0)
        {
          gsize count = MIN ((gsize) header + 1, n - written);

          if ((gsize) (end - in) < count)
            return FALSE;
          memcpy (out + written, in, count);
          in += MIN ((gsize) header + 1, (gsize) (end - in));
          written += count;
        }
      else if (header != -128)
        {
          gsize count = MIN ((gsize) (1 - header), n - written);

          if (in >= end)
            return FALSE;
          memset (out + written, *in++, count);
          written += count;
        }
    }
  return written == n;
}

/* RLE frames (PS3.5 Annex G), decoded here rather than by GDCM's codec: a 64-byte header
 * (number of segments, their offsets), then one segment per byte of the sample, most
 * significant first. */
static gboolean
decode_rle (AngioDicomReader *self,
            guint             index,
            guint16          *out,
            GError          **error)
{
  gsize n = (gsize) self->meta->rows * self->meta->cols;
  guint bps = self->meta->bits_allocated / 8;
  guint64 length = 0;
  std::vector<guint8> bytes, planes (n * bps);
  guint32 segments, offsets[16];

  for (const Span &span : self->frames[index])
    length += span.length;
  bytes.resize (length);
  length = 0;
  for (const Span &span : self->frames[index])
    {
      if (!pread_all (self->fd, bytes.data () + length, span.length, span.offset))
        return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, self->display_name,
                     _("frame %u cannot be read: %s"), index + 1,
                     g_strerror (errno ? errno : EIO));
      length += span.length;
    }
  if (length < 64 || (segments = le32 (bytes.data ())) != bps)
    return angio_dicom_fail (error, ANGIO_DICOM_ERROR_DECODE, self->display_name,
                 _("frame %u cannot be decoded: its RLE header does not describe %u "
                   "segments"), index + 1, bps);
  for (guint k = 0; k < segments; k++)
    offsets[k] = le32 (bytes.data () + 4 + 4 * k);
  offsets[segments] = (guint32) MIN (length, (guint64) G_MAXUINT32);
  for (guint k = 0; k < segments; k++)
    if (offsets[k] < 64 || offsets[k] > offsets[k + 1]
        || !unpack_bits (bytes.data () + offsets[k], offsets[k + 1] - offsets[k],
                         planes.data () + k * n, n))
      return angio_dicom_fail (error, ANGIO_DICOM_ERROR_DECODE, self->display_name,
                   _("frame %u cannot be decoded (rle stream damaged or truncated)"),
                   index + 1);
  if (bps == 1)
    apply_lut (self, planes.data (), 1, FALSE, FALSE, out, n);
  else
    {
      const guint8 *high = planes.data (), *low = planes.data () + n;

      for (gsize i = 0; i < n; i++)
        out[i] = (guint16) ((high[i] << 8) | low[i]);
      apply_lut (self, out, 2, FALSE, FALSE, out, n);
    }
  return TRUE;
}

static gboolean
decode_encapsulated (AngioDicomReader *self,
                     guint             index,
                     guint16          *out,
                     GError          **error)
{
  gdcm::SmartPointer<gdcm::SequenceOfFragments> sequence = new gdcm::SequenceOfFragments;
  gdcm::DataElement pixel_data (kPixelData);
  gdcm::Image image;
  gsize n = (gsize) self->meta->rows * self->meta->cols;
  std::vector<char> decoded;
  guint bps;

  if (!self->ends_with_marker[index] && !is_jpeg (self))
    return angio_dicom_fail (error, ANGIO_DICOM_ERROR_DECODE, self->display_name,
                 _("frame %u is truncated: its compressed stream has no end marker"), index + 1);

  for (const Span &span : self->frames[index])
    {
      std::vector<char> bytes (span.length);
      gdcm::Fragment fragment;

      if (!pread_all (self->fd, bytes.data (), span.length, span.offset))
        return angio_dicom_fail (error, ANGIO_DICOM_ERROR_MALFORMED, self->display_name,
                     _("frame %u cannot be read: %s"), index + 1,
                     g_strerror (errno ? errno : EIO));
      if (&span == &self->frames[index].front ()
          && !check_codestream (self, index, (const guint8 *) bytes.data (), bytes.size (),
                                error))
        return FALSE;
      fragment.SetByteValue (bytes.data (), (uint32_t) bytes.size ());
      sequence->AddFragment (fragment);
    }
  pixel_data.SetValue (*sequence);
  pixel_data.SetVLToUndefined ();

  image.SetNumberOfDimensions (2);
  image.SetDimension (0, self->meta->cols);
  image.SetDimension (1, self->meta->rows);
  image.SetPixelFormat (self->pf);
  image.SetPhotometricInterpretation (self->pi);
  image.SetTransferSyntax (self->ts);
  image.SetDataElement (pixel_data);

  decoded.resize (MAX ((gsize) image.GetBufferLength (), n * 2));
  if (!image.GetBuffer (decoded.data ()))
    return angio_dicom_fail (error, ANGIO_DICOM_ERROR_DECODE, self->display_name,
                 _("frame %u cannot be decoded (%s stream damaged or truncated)"),
                 index + 1, angio_syntax_lookup (self->meta->transfer_syntax_uid)->name);
  /* The codec may report its own precision (an 8-bit JPEG in a 16-bit header). */
  bps = image.GetPixelFormat ().GetBitsAllocated () <= 8 ? 1 : 2;
  apply_lut (self, decoded.data (), bps, FALSE, TRUE, out, n);
  return TRUE;
}

gboolean
angio_dicom_reader_decode_frame (AngioDicomReader *self,
                                 guint             index,
                                 guint16          *out,
                                 GError          **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (index < self->meta->frames, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  try
    {
      if (self->encapsulated && self->ts == gdcm::TransferSyntax::RLELossless)
        return decode_rle (self, index, out, error);
      if (self->encapsulated)
        return decode_encapsulated (self, index, out, error);
      return decode_native (self, index, out, error);
    }
  catch (const std::exception &e)
    {
      angio_dicom_fail (error, ANGIO_DICOM_ERROR_DECODE, self->display_name,
            _("frame %u cannot be decoded (%s)"), index + 1, e.what ());
      return FALSE;
    }
}

void
angio_dicom_reader_free (AngioDicomReader *self)
{
  if (self == NULL)
    return;
  if (self->fd >= 0)
    close (self->fd);
  angio_dicom_meta_free (self->meta);
  g_free (self->display_name);
  delete self;
}
