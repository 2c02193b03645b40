/* angio-dicom.h — DICOM reading and writing behind a plain C interface.
 *
 * This is the only place that knows GDCM (C++). Everything above it sees plain C structs.
 * Reading untrusted files in-process is reserved for the isolated decoder helper
 * (angiomark-decoder, see angio-decoder-main.c); the application reaches it through
 * app/core/angio-series-loader.c, which survives a crash inside the parser.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ANGIO_DICOM_ERROR (angio_dicom_error_quark ())

typedef enum {
  ANGIO_DICOM_ERROR_NOT_DICOM,    /* not a DICOM file, or no readable Part 10 structure */
  ANGIO_DICOM_ERROR_MALFORMED,    /* inconsistent or truncated content */
  ANGIO_DICOM_ERROR_UNSUPPORTED,  /* a valid object Angiomark does not open (colour, no pixels…) */
  ANGIO_DICOM_ERROR_TOO_LARGE,    /* sizes beyond what the file holds or memory allows */
  ANGIO_DICOM_ERROR_DECODE,       /* a compressed frame could not be decoded */
  ANGIO_DICOM_ERROR_CRASHED,      /* the isolated decoder died or stopped answering */
  ANGIO_DICOM_ERROR_WRITE,        /* writing a file failed */
  ANGIO_DICOM_ERROR_IDENTIFYING,  /* a file that should be de-identified is not */
} AngioDicomError;

GQuark angio_dicom_error_quark (void);

/* Transfer syntaxes Angiomark reads and writes. */
typedef enum {
  ANGIO_SYNTAX_IMPLICIT_LE,
  ANGIO_SYNTAX_EXPLICIT_LE,
  ANGIO_SYNTAX_EXPLICIT_BE,
  ANGIO_SYNTAX_DEFLATED,
  ANGIO_SYNTAX_JPEG_BASELINE,
  ANGIO_SYNTAX_JPEG_EXTENDED,
  ANGIO_SYNTAX_JPEG_LOSSLESS,
  ANGIO_SYNTAX_JPEG_LOSSLESS_SV1,
  ANGIO_SYNTAX_JPEG_LS_LOSSLESS,
  ANGIO_SYNTAX_JPEG_LS_NEAR_LOSSLESS,
  ANGIO_SYNTAX_J2K_LOSSLESS,
  ANGIO_SYNTAX_J2K,
  ANGIO_SYNTAX_RLE,
  ANGIO_N_SYNTAXES
} AngioTransferSyntax;

typedef struct {
  AngioTransferSyntax syntax;
  const char *name;         /* short name used on the command line, e.g. "jpeg-lossless" */
  const char *uid;
  const char *description;  /* English, marked N_() for translation by callers */
  guint max_bits_stored;    /* 8 for JPEG baseline, 12 for JPEG extended, 16 otherwise */
  gboolean lossy;
  gboolean encapsulated;
} AngioSyntaxInfo;

const AngioSyntaxInfo *angio_syntax_info (AngioTransferSyntax syntax);
const AngioSyntaxInfo *angio_syntax_lookup (const char *name_or_uid);

/* English name of a SOP class (marked N_() for translation by callers), or NULL if unknown. */
const char *angio_dicom_sop_class_name (const char *uid);

/* One attribute as text: used for the identifying attributes read from a file and for the
 * extra attributes a writer puts into a file. Binary VRs (US, SS, UL, SL, FL, FD, AT) are
 * written as backslash-separated numbers ("512", "0018\\1063" for AT). */
typedef struct {
  guint16 group;
  guint16 element;
  char vr[3];
  char *keyword;
  char *value;  /* UTF-8 */
  GPtrArray *items;  /* (nullable) of a sequence (SQ) to write: one GPtrArray of
                        AngioDicomAttribute* per item (freed with the attribute) */
} AngioDicomAttribute;

/* What a file says, before interpretation: absent numbers are NAN, absent strings NULL.
 * Interpretation (frame rate source, calibration method, display mapping) lives in app/core. */
typedef struct {
  char *path;
  char *sop_class_uid;
  char *sop_instance_uid;
  char *study_instance_uid;
  char *series_instance_uid;
  char *frame_of_reference_uid;
  char *transfer_syntax_uid;
  char *modality;
  char *manufacturer;
  char *model_name;
  char *photometric;
  char *burned_in_annotation;   /* "YES", "NO" or NULL */
  char *image_type;

  guint frames;
  guint rows;
  guint cols;
  guint samples_per_pixel;
  guint bits_allocated;
  guint bits_stored;
  guint high_bit;
  gboolean is_signed;

  double rescale_slope;         /* 1 when absent */
  double rescale_intercept;     /* 0 when absent */
  double window_center;
  double window_width;

  guint frame_increment_pointer;   /* (group << 16 | element), 0 when absent */
  double frame_time_ms;
  double cine_rate;
  double recommended_display_frame_rate;
  GArray *frame_time_vector_ms;     /* of double; NULL when absent */
  GArray *frame_acquisition_ms;     /* of double, per frame from Enhanced XA functional groups */
  GArray *r_wave_frames;            /* of double: R Wave Pointer (0028,6040), the frames (1-based,
                                       as in the file) of the ECG's R waves; NULL when absent */

  double imager_pixel_spacing_mm[2];  /* row spacing, column spacing */
  double pixel_spacing_mm[2];
  double magnification_factor;
  double sid_mm;                      /* distance source to detector */
  double sod_mm;                      /* distance source to patient (isocenter) */

  double primary_angle_deg;
  double secondary_angle_deg;
  double kvp;
  double tube_current_ma;
  double exposure_time_ms;

  GPtrArray *identifiers;           /* of AngioDicomAttribute*: names, IDs, dates, places */
  GPtrArray *warnings;              /* of char* (UTF-8, translated): what was odd in the file
                                       but read anyway, as GDCM and DCMTK read it */
} AngioDicomMeta;

AngioDicomMeta *angio_dicom_meta_new            (void);
void            angio_dicom_meta_free           (AngioDicomMeta *meta);
GVariant       *angio_dicom_meta_to_variant     (const AngioDicomMeta *meta);
AngioDicomMeta *angio_dicom_meta_from_variant   (GVariant *variant);

/* Maps decoded pixels to the 16-bit buffer: modality value = offset + scale × stored16.
 * The mapping sign-extends, applies the Modality LUT (rescale) and inverts MONOCHROME1 so
 * that higher stored values are always brighter. */
void            angio_dicom_meta_value_mapping  (const AngioDicomMeta *meta,
                                                 double               *offset,
                                                 double               *scale);
/* Bytes of the decoded 16-bit frames, computed in 64 bits. */
guint64         angio_dicom_meta_pixel_bytes    (const AngioDicomMeta *meta);

void            angio_dicom_attribute_free      (AngioDicomAttribute *attribute);
AngioDicomAttribute *angio_dicom_attribute_new  (guint16     group,
                                                 guint16     element,
                                                 const char *vr,
                                                 const char *keyword,
                                                 const char *value);

/* Reading (in-process; only for the isolated decoder and trusted files). */
typedef struct _AngioDicomReader AngioDicomReader;

/**
 * angio_dicom_reader_open:
 * Reads the header of @path, checks every size in 64 bits against the file and the limits,
 * and locates each frame's bytes. Pixel data are read later, frame by frame.
 * Returns: (transfer full): a reader, or %NULL with @error set (naming @path and the reason).
 */
AngioDicomReader     *angio_dicom_reader_open         (const char  *path,
                                                       GError     **error);
/**
 * angio_dicom_reader_open_fd:
 * As angio_dicom_reader_open(), from @fd (open for reading; the reader owns it, and closes it
 * even when it fails), @path naming the file in messages. Opens nothing itself: what the
 * confined decoder calls.
 */
AngioDicomReader     *angio_dicom_reader_open_fd      (int          fd,
                                                       const char  *path,
                                                       GError     **error);
/**
 * angio_dicom_open_input:
 * Opens @path for reading as the readers want it (close-on-exec, not blocking on a FIFO).
 * Returns: the descriptor, or -1 with @error naming the file and the reason.
 */
int                   angio_dicom_open_input          (const char  *path,
                                                       GError     **error);
const AngioDicomMeta *angio_dicom_reader_get_meta     (AngioDicomReader *reader);
/**
 * angio_dicom_reader_decode_frame:
 * Decodes frame @index (0-based) into @out (rows × cols values, mapped as described at
 * angio_dicom_meta_value_mapping()). Safe to call from several threads for distinct frames.
 */
gboolean              angio_dicom_reader_decode_frame (AngioDicomReader *reader,
                                                       guint             index,
                                                       guint16          *out,
                                                       GError          **error);
void                  angio_dicom_reader_free         (AngioDicomReader *reader);

/* Upper bound for decoded pixel data, whatever the file claims. */
#define ANGIO_DICOM_MAX_PIXEL_BYTES (G_GUINT64_CONSTANT (6) << 30)

/* Writing: a multi-frame grayscale image with the attributes given. */
typedef struct {
  AngioTransferSyntax syntax;
  guint frames;
  guint rows;
  guint cols;
  guint bits_stored;              /* 8 → 8 bits allocated, otherwise 16 */
  const guint16 *pixels;          /* frames × rows × cols, values < 2^bits_stored */
  const AngioDicomAttribute *const *attributes;  /* NULL-terminated, may be NULL */
  double lossy_quality;           /* 0 = default; JPEG quality 1–100, J2K ratio, JPEG-LS error */
} AngioDicomWriteParams;

/**
 * angio_dicom_write:
 * Writes @params as a DICOM Part 10 file at @path (written to a temporary name and renamed).
 * Pixel attributes (Rows, Columns, bits, photometric MONOCHROME2, Number of Frames) come
 * from @params; everything else, including SOP Class UID, from @params->attributes.
 */
gboolean angio_dicom_write (const char                  *path,
                            const AngioDicomWriteParams *params,
                            GError                     **error);

/* De-identification (angio-dicom-deid.cpp) */

/* A rectangle of pixels: columns @x to @x + @width − 1, rows @y to @y + @height − 1. */
typedef struct {
  guint x;
  guint y;
  guint width;
  guint height;
} AngioDicomRect;

typedef struct {
  const char *pseudonym;     /* the case's id in the package: Patient Name and Patient ID */
  gint date_shift_days;      /* added to every date, the same for all series of a case */
  const char *uid_secret;    /* key of the UID hash: one secret maps a UID the same way */
  const AngioDicomRect *redactions;  /* (Clean Pixel Data) regions made black in every frame */
  guint n_redactions;
} AngioDeidParams;

typedef enum {
  ANGIO_BURNED_IN_UNKNOWN,   /* Burned In Annotation absent (common on XA) */
  ANGIO_BURNED_IN_NO,
  ANGIO_BURNED_IN_YES,
} AngioBurnedIn;

/**
 * angio_dicom_deidentify:
 * Writes @in (read from @in_fd) de-identified to @out_fd (@out names it in messages; the
 * caller opened it, and renames or removes it) by the profile of
 * angio-deid-profile.h, in the data set and every sequence kept: each attribute of PS3.15
 * Table E.1-1 as its action says (Basic Profile, Retain Longitudinal Temporal Information with
 * Modified Dates: dates shifted by @params->date_shift_days, times kept), any other attribute
 * that could hold free text, and any other sequence, removed unless known to be safe, private
 * and group length elements removed, UIDs other than class UIDs remapped
 * (angio_dicom_remap_uid()), Patient Name and ID set to the pseudonym; Patient Identity
 * Removed YES, the method in words and in De-identification Method Code Sequence,
 * Longitudinal Temporal Information Modified. The pixel data element is copied untouched,
 * unless @params has regions to black out (Clean Pixel Data): then the pixels are decoded,
 * the regions made black in every frame, written uncompressed, and Burned In Annotation is
 * NO. @burned_in receives the source's Burned In Annotation. Parses untrusted bytes: call it
 * in angiomark-decoder (angio-decoder-main.c), not in the application.
 */
gboolean angio_dicom_deidentify (int                    in_fd,
                                 const char            *in,
                                 int                    out_fd,
                                 const char            *out,
                                 const AngioDeidParams *params,
                                 AngioBurnedIn         *burned_in,
                                 GError               **error);
/**
 * angio_dicom_check_deidentified:
 * Whether @path (read from @fd) is as angio_dicom_deidentify() leaves a file (a UID or a date
 * cannot be told from a remapped or shifted one and passes): no attribute the profile removes,
 * empties or replaces holds a value, none outside the safe list, no private attribute, Patient
 * Name and ID are @pseudonym (when not %NULL), Patient Identity Removed is YES.
 * Returns: FALSE with @error (ANGIO_DICOM_ERROR_IDENTIFYING) naming the file and the
 * attributes. Parses untrusted bytes: call it in angiomark-decoder.
 */
gboolean angio_dicom_check_deidentified (int         fd,
                                         const char *path,
                                         const char *pseudonym,
                                         GError    **error);
/* "2.25." and the first 128 bits of HMAC-SHA256(@secret, @uid) as a decimal integer
 * (PS3.5 B.2). Returns: (transfer full). */
char    *angio_dicom_remap_uid  (const char            *secret,
                                 const char            *uid);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AngioDicomMeta, angio_dicom_meta_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AngioDicomReader, angio_dicom_reader_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AngioDicomAttribute, angio_dicom_attribute_free)

G_END_DECLS
