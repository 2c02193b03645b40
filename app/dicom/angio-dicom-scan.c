/* angio-dicom-scan.c — checks the element structure of a DICOM file before GDCM parses it.
 *
 * GDCM 3.0 asserts or overflows its stack on some structures (truncated headers, odd item
 * lengths, sequences nested thousands deep). Walking the elements first — every length
 * against the bytes that remain, items and sequences closed, nesting bounded — turns those
 * into clear messages. The decoder process still contains whatever this walk misses.
 *
 * Plain C on a file descriptor; stops at the top-level Pixel Data, whose fragments the reader
 * walks itself.
 */
#define G_LOG_DOMAIN "angio-dicom"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "angio-dicom.h"
#include "angio-dicom-private.h"

#define MAX_DEPTH 32
#define UNDEFINED 0xffffffffu

typedef struct {
  int fd;
  guint64 size;
  const char *name;
  gboolean explicit_vr;
  gboolean big_endian;
  GError **error;
} Scan;

static gboolean G_GNUC_PRINTF (3, 4)
scan_fail (Scan       *scan,
           int         code,
           const char *format,
           ...)
{
  va_list args;

  va_start (args, format);
  angio_dicom_failv (scan->error, code, scan->name, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
read_at (Scan    *scan,
         guint64  offset,
         void    *buffer,
         gsize    length)
{
  char *p = buffer;

  if (offset + length > scan->size)
    return FALSE;
  while (length > 0)
    {
      ssize_t n = pread (scan->fd, p, length, (off_t) offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      offset += (guint64) n;
      length -= (gsize) n;
    }
  return TRUE;
}

static guint16
u16 (const Scan   *scan,
     const guint8 *p)
{
  return scan->big_endian ? (guint16) (p[0] << 8 | p[1]) : (guint16) (p[1] << 8 | p[0]);
}

static guint32
u32 (const Scan   *scan,
     const guint8 *p)
{
  if (scan->big_endian)
    return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
  return (guint32) p[3] << 24 | (guint32) p[2] << 16 | (guint32) p[1] << 8 | p[0];
}

/* VRs with a 2-byte reserved field and a 4-byte length in explicit VR. */
static gboolean
long_vr (const guint8 vr[2])
{
  static const char *const vrs[] = { "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN",
                                     "UR", "UT", "UV" };

  for (guint i = 0; i < G_N_ELEMENTS (vrs); i++)
    if (vr[0] == vrs[i][0] && vr[1] == vrs[i][1])
      return TRUE;
  return FALSE;
}

typedef struct {
  guint16 group;
  guint16 element;
  guint8 vr[2];
  guint32 length;
  guint header;
} Element;

static gboolean
read_element (Scan    *scan,
              guint64  offset,
              Element *e)
{
  guint8 h[12];

  if (!read_at (scan, offset, h, 8))
    return scan_fail (scan, ANGIO_DICOM_ERROR_MALFORMED,
                      _("the file is truncated: it ends at byte %llu, inside a data element"),
                      (unsigned long long) scan->size);
  e->group = u16 (scan, h);
  e->element = u16 (scan, h + 2);
  e->vr[0] = e->vr[1] = 0;
  /* Items and delimiters have no VR, whatever the syntax. */
  if (e->group == 0xfffe || !scan->explicit_vr)
    {
      e->length = u32 (scan, h + 4);
      e->header = 8;
      return TRUE;
    }
  e->vr[0] = h[4];
  e->vr[1] = h[5];
  if (!g_ascii_isupper (h[4]) || !g_ascii_isupper (h[5]))
    return scan_fail (scan, ANGIO_DICOM_ERROR_MALFORMED,
                      _("invalid data element (%04x,%04x) at byte %llu"), e->group, e->element,
                      (unsigned long long) offset);
  if (long_vr (e->vr))
    {
      if (!read_at (scan, offset + 8, h + 8, 4))
        return scan_fail (scan, ANGIO_DICOM_ERROR_MALFORMED,
                          _("the file is truncated: it ends at byte %llu, inside a data "
                            "element"), (unsigned long long) scan->size);
      e->length = u32 (scan, h + 8);
      e->header = 12;
    }
  else
    {
      e->length = u16 (scan, h + 6);
      e->header = 8;
    }
  return TRUE;
}

static gboolean walk_elements (Scan *scan, guint64 *offset, guint64 limit, guint depth,
                               gboolean in_undefined_item, gboolean top);

/* The items of a sequence starting at @offset; @length may be UNDEFINED. */
static gboolean
walk_items (Scan     *scan,
            guint64  *offset,
            guint32   length,
            guint     depth)
{
  guint64 limit = length == UNDEFINED ? scan->size : *offset + length;

  if (depth > MAX_DEPTH)
    return scan_fail (scan, ANGIO_DICOM_ERROR_MALFORMED,
                      _("sequences are nested more than %d deep at byte %llu"), MAX_DEPTH,
                      (unsigned long long) *offset);
  while (*offset < limit)
    {
      Element item;
      guint64 start = *offset;

      if (!read_element (scan, *offset, &item))
        return FALSE;
      *offset += 8;
      if (item.group == 0xfffe && item.element == 0xe0dd)   /* end of the sequence */
        return length == UNDEFINED ? TRUE
                                   : scan_fail (scan, ANGIO_DICOM_ERROR_MALFORMED,
                                                _("unexpected end of sequence at byte %llu"),
                                                (unsigned long long) start);
      if (item.group != 0xfffe || item.element != 0xe000)
        return scan_fail (scan, ANGIO_DICOM_ERROR_MALFORMED,
                          _("a sequence holds something other than items at byte %llu"),
                          (unsigned long long) start);
      if (item.length == UNDEFINED)
        {
          if (!walk_elements (scan, offset, scan->size, depth + 1, TRUE, FALSE))
            return FALSE;
          continue;
        }
      if (item.length % 2 || *offset + item.length > limit)
        return scan_fail (scan, ANGIO_DICOM_ERROR_MALFORMED,
                          item.length % 2 ? _("an item at byte %llu has an odd length")
                                          : _("an item at byte %llu goes past the end of its "
                                              "sequence or of the file"),
                          (unsigned long long) start);
      if (!walk_elements (scan, offset, *offset + item.length, depth + 1, FALSE, FALSE))
        return FALSE;
    }
  if (length == UNDEFINED)
    return scan_fail (scan, ANGIO_DICOM_ERROR_MALFORMED, "%s",
                      _("the file is truncated: a sequence is not closed"));
  return TRUE;
}

/* The elements between @offset and @limit (or up to the end of an undefined-length item). */
static gboolean
walk_elements (Scan     *scan,
               guint64  *offset,
               guint64   limit,
               guint     depth,
               gboolean  in_undefined_item,
               gboolean  top)
{
  while (*offset < limit)
    {
      Element e;
      guint64 start = *offset;
      gboolean sequence;

      if (!read_element (scan, *offset, &e))
        return FALSE;
      if (e.group == 0xfffe && e.element == 0xe00d)   /* end of an undefined-length item */
        {
          *offset += 8;
          if (in_undefined_item)
            return TRUE;
          return scan_fail (scan, ANGIO_DICOM_ERROR_MALFORMED,
                            _("unexpected end of item at byte %llu"),
                            (unsigned long long) start);
        }
      if (top && e.group == 0x7fe0 && e.element == 0x0010)
        return TRUE;   /* the pixel data: walked by the reader */
      if (e.group == 0xfffe)
        return scan_fail (scan, ANGIO_DICOM_ERROR_MALFORMED,
                          _("a stray item at byte %llu"), (unsigned long long) start);

      *offset += e.header;
      sequence = (scan->explicit_vr && e.vr[0] == 'S' && e.vr[1] == 'Q')
                 || e.length == UNDEFINED;
      if (sequence)
        {
          /* UN of undefined length holds a sequence in implicit VR. */
          gboolean implicit = scan->explicit_vr && e.vr[0] == 'U' && e.vr[1] == 'N';
          gboolean ok;

          if (e.length != UNDEFINED && *offset + e.length > limit)
            return scan_fail (scan, ANGIO_DICOM_ERROR_MALFORMED,
                              _("the file is truncated: sequence (%04x,%04x) at byte %llu "
                                "goes past its end"),
                              e.group, e.element, (unsigned long long) start);
          if (implicit)
            scan->explicit_vr = FALSE;
          ok = walk_items (scan, offset, e.length, depth + 1);
          if (implicit)
            scan->explicit_vr = TRUE;
          if (!ok)
            return FALSE;
          continue;
        }
      if (*offset + e.length > limit)
        return scan_fail (scan, ANGIO_DICOM_ERROR_MALFORMED,
                          _("the file is truncated: element (%04x,%04x) at byte %llu needs %u "
                            "bytes, %llu remain"),
                          e.group, e.element, (unsigned long long) start, e.length,
                          (unsigned long long) (limit - MIN (limit, *offset)));
      *offset += e.length;
    }
  if (in_undefined_item)
    return scan_fail (scan, ANGIO_DICOM_ERROR_MALFORMED, "%s",
                      _("the file is truncated: an item is not closed"));
  return TRUE;
}

gboolean
angio_dicom_scan_structure (int          fd,
                            guint64      size,
                            const char  *name,
                            GError     **error)
{
  Scan scan = { fd, size, name, TRUE, FALSE, error };
  guint64 offset = 132;
  char uid[65] = "";
  const AngioSyntaxInfo *syntax;

  /* File meta information: group 0002, always explicit VR little endian. */
  for (;;)
    {
      Element e;
      guint8 tag[2];

      if (!read_at (&scan, offset, tag, 2) || (tag[0] | tag[1] << 8) != 0x0002)
        break;
      if (!read_element (&scan, offset, &e))
        return FALSE;
      if (e.length == UNDEFINED || offset + e.header + e.length > size)
        return scan_fail (&scan, ANGIO_DICOM_ERROR_MALFORMED, "%s",
                          _("the file meta information is truncated or damaged"));
      if (e.element == 0x0010 && e.length < sizeof uid)
        {
          if (!read_at (&scan, offset + e.header, uid, e.length))
            return FALSE;
          uid[e.length] = '\0';
        }
      offset += e.header + e.length;
    }
  if (offset == 132 || uid[0] == '\0')
    return scan_fail (&scan, ANGIO_DICOM_ERROR_MALFORMED, "%s",
                      _("the file meta information or its Transfer Syntax UID is missing"));

  syntax = angio_syntax_lookup (uid);
  if (syntax == NULL || syntax->syntax == ANGIO_SYNTAX_DEFLATED)
    return TRUE;   /* unsupported: said later, with its UID; deflated: no byte structure */
  scan.explicit_vr = syntax->syntax != ANGIO_SYNTAX_IMPLICIT_LE;
  scan.big_endian = syntax->syntax == ANGIO_SYNTAX_EXPLICIT_BE;
  return walk_elements (&scan, &offset, size, 0, FALSE, TRUE);
}
