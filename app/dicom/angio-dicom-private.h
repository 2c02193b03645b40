/* angio-dicom-private.h — shared between the files of libangio-dicom. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint16 group;
  guint16 element;
  const char *vr;
  const char *keyword;
} AngioIdentifyingTag;

/* Attributes that identify a patient, a person, a place or a date: read apart so the UI can
 * hide them, and the ones de-identification must deal with. */
extern const AngioIdentifyingTag angio_dicom_identifying_tags[];
extern const guint angio_dicom_n_identifying_tags;

/* Sets @error to "NAME: reason" in ANGIO_DICOM_ERROR and returns FALSE, so that checks read
 * `return angio_dicom_fail (…);`. */
gboolean angio_dicom_fail  (GError     **error,
                            int          code,
                            const char  *name,
                            const char  *format,
                            ...) G_GNUC_PRINTF (4, 5);
gboolean angio_dicom_failv (GError     **error,
                            int          code,
                            const char  *name,
                            const char  *format,
                            va_list      args) G_GNUC_PRINTF (4, 0);

/* ANGIO_DICOM_ERROR_WRITE naming the file @path being written; returns FALSE. */
gboolean angio_dicom_write_fail (GError    **error,
                                 const char *path,
                                 const char *format,
                                 ...) G_GNUC_PRINTF (3, 4);

/* Walks the data elements of an open file up to its Pixel Data: every length within the file,
 * items and sequences closed, nesting bounded. FALSE with @error naming @name and the
 * reason. Deflated files are not walked (their bytes are compressed). */
gboolean angio_dicom_scan_structure (int          fd,
                                     guint64      size,
                                     const char  *name,
                                     GError     **error);

G_END_DECLS

#ifdef __cplusplus
#include <string>

/* @s without the spaces and NULs that pad DICOM values on either side. */
std::string angio_dicom_trim (const std::string &s);
#endif
