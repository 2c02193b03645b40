/* angio-dicom-writer.cpp — writes multi-frame grayscale DICOM through GDCM in any of the
 * transfer syntaxes Angiomark reads (used by the phantom generator and, later, the exports).
 */
#define G_LOG_DOMAIN "angio-dicom"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <zlib.h>

#include <gdcmDataElement.h>
#include <gdcmImage.h>
#include <gdcmImageChangeTransferSyntax.h>
#include <gdcmImageWriter.h>
#include <gdcmJPEG2000Codec.h>
#include <gdcmJPEGCodec.h>
#include <gdcmJPEGLSCodec.h>
#include <gdcmSequenceOfItems.h>
#include <gdcmTrace.h>
#include <gdcmUIDGenerator.h>

#include "angio-dicom.h"
#include "angio-dicom-private.h"

gboolean
angio_dicom_write_fail (GError    **error,
                        const char *path,
                        const char *format,
                        ...)
{
  g_autofree char *name = g_filename_display_name (path);
  va_list args;

  va_start (args, format);
  angio_dicom_failv (error, ANGIO_DICOM_ERROR_WRITE, name, format, args);
  va_end (args);
  return FALSE;
}

template <typename T>
static void
append_numbers (std::string &bytes,
                const char  *value)
{
  g_auto(GStrv) parts = g_strsplit (value, "\\", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      T v = (T) g_ascii_strtod (parts[i], NULL);
      bytes.append ((const char *) &v, sizeof v);  /* GDCM keeps values little endian */
    }
}

/* Text → the bytes of the value for @vr, padded to an even length. */
static std::string
encode_value (const char *vr,
              const char *value)
{
  std::string bytes;

  if (strcmp (vr, "US") == 0)
    append_numbers<guint16> (bytes, value);
  else if (strcmp (vr, "SS") == 0)
    append_numbers<gint16> (bytes, value);
  else if (strcmp (vr, "UL") == 0)
    append_numbers<guint32> (bytes, value);
  else if (strcmp (vr, "SL") == 0)
    append_numbers<gint32> (bytes, value);
  else if (strcmp (vr, "FL") == 0)
    append_numbers<float> (bytes, value);
  else if (strcmp (vr, "FD") == 0)
    append_numbers<double> (bytes, value);
  else if (strcmp (vr, "AT") == 0)
    {
      g_auto(GStrv) parts = g_strsplit (value, "\\", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          guint group = 0, element = 0;

          if (sscanf (parts[i], "%4x%*[,]%4x", &group, &element) < 2)
            sscanf (parts[i], "(%4x,%4x)", &group, &element);
          guint16 words[2] = { (guint16) group, (guint16) element };
          bytes.append ((const char *) words, sizeof words);
        }
    }
  else
    {
      bytes = value;
      if (bytes.size () % 2)
        bytes.push_back (strcmp (vr, "UI") == 0 || strcmp (vr, "OB") == 0 ? '\0' : ' ');
    }
  return bytes;
}

static void
put (gdcm::DataSet &ds,
     guint16        group,
     guint16        element,
     const char    *vr,
     const char    *value)
{
  gdcm::DataElement de (gdcm::Tag (group, element));
  std::string bytes = encode_value (vr, value);

  de.SetVR (gdcm::VR::GetVRType (vr));
  de.SetByteValue (bytes.data (), (uint32_t) bytes.size ());
  ds.Replace (de);
}

/* @a into @ds: a value, or a sequence with its items. */
static void
put_attribute (gdcm::DataSet             &ds,
               const AngioDicomAttribute *a)
{
  gdcm::SmartPointer<gdcm::SequenceOfItems> sq;
  gdcm::DataElement de (gdcm::Tag (a->group, a->element));

  if (a->items == NULL)
    {
      put (ds, a->group, a->element, a->vr, a->value);
      return;
    }
  sq = new gdcm::SequenceOfItems;
  sq->SetLengthToUndefined ();
  for (guint i = 0; i < a->items->len; i++)
    {
      GPtrArray *attributes = (GPtrArray *) g_ptr_array_index (a->items, i);
      gdcm::Item item;

      item.SetVLToUndefined ();
      for (guint k = 0; k < attributes->len; k++)
        put_attribute (item.GetNestedDataSet (),
                       (const AngioDicomAttribute *) g_ptr_array_index (attributes, k));
      sq->AddItem (item);
    }
  de.SetVR (gdcm::VR::SQ);
  de.SetValue (*sq);
  de.SetVLToUndefined ();
  ds.Replace (de);
}

static gboolean
has (const gdcm::DataSet &ds,
     guint16              group,
     guint16              element)
{
  return ds.FindDataElement (gdcm::Tag (group, element))
         && !ds.GetDataElement (gdcm::Tag (group, element)).IsEmpty ();
}

static gdcm::SmartPointer<gdcm::Image>
make_image (const AngioDicomWriteParams *params)
{
  gdcm::SmartPointer<gdcm::Image> image = new gdcm::Image;
  gsize n = (gsize) params->frames * params->rows * params->cols;
  guint bits = params->bits_stored;
  gdcm::DataElement pixel_data (gdcm::Tag (0x7fe0, 0x0010));
  unsigned int dims[3] = { params->cols, params->rows, params->frames };

  image->SetNumberOfDimensions (3);
  image->SetDimensions (dims);
  image->SetPhotometricInterpretation (gdcm::PhotometricInterpretation::MONOCHROME2);
  image->SetTransferSyntax (gdcm::TransferSyntax::ExplicitVRLittleEndian);
  if (bits <= 8)
    {
      std::vector<guint8> bytes (n);

      for (gsize i = 0; i < n; i++)
        bytes[i] = (guint8) MIN (params->pixels[i], 255);
      image->SetPixelFormat (gdcm::PixelFormat (1, 8, (unsigned short) bits,
                                                (unsigned short) (bits - 1), 0));
      pixel_data.SetByteValue ((const char *) bytes.data (), (uint32_t) n);
    }
  else
    {
      image->SetPixelFormat (gdcm::PixelFormat (1, 16, (unsigned short) bits,
                                                (unsigned short) (bits - 1), 0));
      pixel_data.SetByteValue ((const char *) params->pixels, (uint32_t) (n * 2));
    }
  image->SetDataElement (pixel_data);
  return image;
}

/* Re-encodes @image in the requested syntax, with the codec settings for lossy ones. */
static bool
change_syntax (const AngioDicomWriteParams   *params,
               gdcm::SmartPointer<gdcm::Image> &image)
{
  const AngioSyntaxInfo *info = angio_syntax_info (params->syntax);
  gdcm::TransferSyntax ts (gdcm::TransferSyntax::GetTSType (info->uid));
  gdcm::ImageChangeTransferSyntax change;
  gdcm::JPEGCodec jpeg;
  gdcm::JPEGLSCodec jpegls;
  gdcm::JPEG2000Codec j2k;
  double q = params->lossy_quality;

  /* Deflating is of the whole data set, not of the pixels (see deflate_file ()). */
  if (params->syntax == ANGIO_SYNTAX_DEFLATED)
    return true;
  change.SetTransferSyntax (ts);
  change.SetInput (*image);
  switch (params->syntax)
    {
    case ANGIO_SYNTAX_JPEG_BASELINE:
    case ANGIO_SYNTAX_JPEG_EXTENDED:
      jpeg.SetLossless (false);
      jpeg.SetQuality (q > 0 ? q : 90);
      change.SetUserCodec (&jpeg);
      break;
    case ANGIO_SYNTAX_JPEG_LS_NEAR_LOSSLESS:
      jpegls.SetLossless (false);
      jpegls.SetLossyError (q > 0 ? (int) q : 2);
      change.SetUserCodec (&jpegls);
      break;
    case ANGIO_SYNTAX_J2K:
      j2k.SetRate (0, q > 0 ? q : 10);
      change.SetUserCodec (&j2k);
      break;
    default:
      break;
    }
  if (!change.Change ())
    return false;
  image = new gdcm::Image (change.GetOutput ());
  return true;
}

static void
put_defaults (gdcm::DataSet &ds)
{
  gdcm::UIDGenerator uid;

  if (!has (ds, 0x0008, 0x0016))
    put (ds, 0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.12.1");
  if (!has (ds, 0x0008, 0x0018))
    put (ds, 0x0008, 0x0018, "UI", uid.Generate ());
  if (!has (ds, 0x0020, 0x000d))
    put (ds, 0x0020, 0x000d, "UI", uid.Generate ());
  if (!has (ds, 0x0020, 0x000e))
    put (ds, 0x0020, 0x000e, "UI", uid.Generate ());
  if (!has (ds, 0x0008, 0x0060))
    put (ds, 0x0008, 0x0060, "CS", "XA");
}

/* GDCM writes the image's own spacing (1 by default) into Imager Pixel Spacing or Pixel
 * Spacing; give it the spacing the caller put in the attributes. */
static void
keep_spacing (const gdcm::DataSet &ds,
              gdcm::Image         &image)
{
  static const gdcm::Tag tags[] = { gdcm::Tag (0x0018, 0x1164), gdcm::Tag (0x0028, 0x0030) };

  for (const gdcm::Tag &tag : tags)
    {
      const gdcm::ByteValue *bv = ds.FindDataElement (tag)
                                  ? ds.GetDataElement (tag).GetByteValue () : nullptr;
      double row = 0, column = 0;

      if (bv == nullptr)
        continue;
      std::string text (bv->GetPointer (), bv->GetLength ());
      if (sscanf (text.c_str (), "%lf\\%lf", &row, &column) == 2 && row > 0 && column > 0)
        {
          image.SetSpacing (0, column);
          image.SetSpacing (1, row);
          return;
        }
    }
}

/* Deflated Explicit VR Little Endian, done here: GDCM 3.0 aborts (an assertion in
 * ExplicitDataElement::Write) when it deflates a data set of 16 MB or more. @bytes is the
 * whole file written as Explicit VR Little Endian; its file meta group gets the deflated
 * transfer syntax and the data set after it is compressed (raw deflate, PS3.5 A.5). */
static gboolean
deflate_file (const std::string &bytes,
              std::string       &out)
{
  static const char uid[] = "1.2.840.10008.1.2.1.99";   /* 22 characters: no padding */
  gsize at = 132, meta_end, length_at = 0, syntax_at = 0, syntax_len = 0;
  guint32 group_length = 0;
  z_stream z = {};
  std::string meta;

  if (bytes.size () < 144 || bytes.compare (128, 4, "DICM") != 0)
    return FALSE;
  /* Walk the file meta group: explicit VR, little endian, 2-byte lengths but for OB/UN/… */
  while (at + 8 <= bytes.size ())
    {
      const guint8 *p = (const guint8 *) bytes.data () + at;
      guint16 group = p[0] | p[1] << 8, element = p[2] | p[3] << 8;
      char vr[3] = { (char) p[4], (char) p[5], 0 };
      gboolean long_form = strstr ("OB OD OF OL OV OW SQ SV UC UN UR UT UV", vr) != NULL;
      gsize header = long_form ? 12 : 8, value;

      if (group != 0x0002)
        break;
      if (at + header > bytes.size ())
        return FALSE;
      value = long_form ? (gsize) (p[8] | p[9] << 8 | p[10] << 16 | (guint32) p[11] << 24)
                        : (gsize) (p[6] | p[7] << 8);
      if (element == 0x0000)
        length_at = at + header;
      else if (element == 0x0010)
        syntax_at = at, syntax_len = header + value;
      at += header + value;
    }
  meta_end = at;
  if (length_at == 0 || syntax_at == 0 || meta_end > bytes.size ())
    return FALSE;

  meta = bytes.substr (0, syntax_at);
  meta.append ("\x02\x00\x10\x00UI", 6);
  meta.push_back ((char) (sizeof uid - 1));
  meta.push_back ('\0');
  meta.append (uid, sizeof uid - 1);
  meta.append (bytes, syntax_at + syntax_len, meta_end - syntax_at - syntax_len);
  memcpy (&group_length, bytes.data () + length_at, 4);
  group_length = GUINT32_FROM_LE (group_length) + (8 + sizeof uid - 1) - syntax_len;
  group_length = GUINT32_TO_LE (group_length);
  memcpy (&meta[length_at], &group_length, 4);

  if (deflateInit2 (&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return FALSE;
  out = meta;
  z.next_in = (Bytef *) bytes.data () + meta_end;
  z.avail_in = (uInt) (bytes.size () - meta_end);
  for (int status = Z_OK; status != Z_STREAM_END;)
    {
      char buffer[65536];

      z.next_out = (Bytef *) buffer;
      z.avail_out = sizeof buffer;
      status = deflate (&z, Z_FINISH);
      if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR)
        {
          deflateEnd (&z);
          return FALSE;
        }
      out.append (buffer, sizeof buffer - z.avail_out);
    }
  deflateEnd (&z);
  return TRUE;
}

gboolean
angio_dicom_write (const char                  *path,
                   const AngioDicomWriteParams *params,
                   GError                     **error)
{
  const AngioSyntaxInfo *info;
  g_autofree char *tmp = NULL;
  gdcm::SmartPointer<gdcm::Image> image;
  gdcm::ImageWriter writer;
  gboolean deflated;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (params != NULL && params->pixels != NULL, FALSE);
  g_return_val_if_fail (params->syntax < ANGIO_N_SYNTAXES, FALSE);

  info = angio_syntax_info (params->syntax);
  if (params->frames == 0 || params->rows == 0 || params->cols == 0
      || params->rows > 65535 || params->cols > 65535)
    return angio_dicom_write_fail (error, path, _("invalid image size %u × %u × %u"),
                                   params->cols, params->rows, params->frames);
  if (params->bits_stored < 1 || params->bits_stored > info->max_bits_stored)
    return angio_dicom_write_fail (error, path, _("%s holds at most %u bits per pixel, not %u"),
                                   _(info->description), info->max_bits_stored,
                                   params->bits_stored);

  gdcm::Trace::SetWarning (false);
  gdcm::Trace::SetError (false);
  try
    {
      image = make_image (params);
      if (!change_syntax (params, image))
        return angio_dicom_write_fail (error, path, _("the pixels cannot be encoded as %s"),
                                       _(info->description));

      gdcm::DataSet &ds = writer.GetFile ().GetDataSet ();
      for (guint i = 0; params->attributes != NULL && params->attributes[i] != NULL; i++)
        {
          put_attribute (ds, params->attributes[i]);
        }
      put_defaults (ds);
      keep_spacing (ds, *image);
      deflated = params->syntax == ANGIO_SYNTAX_DEFLATED;
      writer.GetFile ().GetHeader ().SetDataSetTransferSyntax (
        deflated ? gdcm::TransferSyntax (gdcm::TransferSyntax::ExplicitVRLittleEndian)
                 : gdcm::TransferSyntax (gdcm::TransferSyntax::GetTSType (info->uid)));
      writer.SetImage (*image);

      /* GDCM asserts when it cannot open a file itself: open it here. */
      tmp = g_strdup_printf ("%s.tmp-%u", path, g_random_int ());
      std::ofstream stream (tmp, std::ios::out | std::ios::binary | std::ios::trunc);
      if (!stream.is_open ())
        {
          int saved = errno;
          return angio_dicom_write_fail (error, path, _("cannot create the file: %s"),
                                         g_strerror (saved));
        }
      if (deflated)
        {
          std::ostringstream plain;
          std::string compressed;

          writer.SetStream (plain);
          if (!writer.Write () || !deflate_file (plain.str (), compressed))
            {
              stream.close ();
              g_unlink (tmp);
              return angio_dicom_write_fail (error, path, "%s",
                                             _("the data set could not be compressed"));
            }
          stream.write (compressed.data (), (std::streamsize) compressed.size ());
        }
      else
        {
          writer.SetStream (stream);
          if (!writer.Write ())
            stream.setstate (std::ios::failbit);
        }
      if (stream.fail () || !stream.flush ())
        {
          stream.close ();
          g_unlink (tmp);
          return angio_dicom_write_fail (error, path, "%s", _("GDCM could not write the file"));
        }
      stream.close ();
      if (stream.fail ())
        {
          g_unlink (tmp);
          return angio_dicom_write_fail (error, path, "%s",
                                         _("the file could not be written completely"));
        }
    }
  catch (const std::exception &e)
    {
      if (tmp != NULL)
        g_unlink (tmp);
      return angio_dicom_write_fail (error, path, _("GDCM could not write the file (%s)"),
                                     e.what ());
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_unlink (tmp);
      return angio_dicom_write_fail (error, path, "%s", g_strerror (saved));
    }
  return TRUE;
}
