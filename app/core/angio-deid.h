/* angio-deid.h — de-identifying a DICOM file for a case package, in the isolated decoder
 * process (the source is untrusted input; see angio_dicom_deidentify()). */
#pragma once

#include "angio-dicom.h"

G_BEGIN_DECLS

/**
 * angio_deidentify_file:
 * Runs angiomark-decoder --deidentify: @out becomes the de-identified copy of @in (with
 * @params' regions black in every frame, if any).
 * Returns: FALSE with @error naming the file and the reason (including a decoder that
 * crashed); @burned_in receives the source's Burned In Annotation.
 */
gboolean angio_deidentify_file (const char            *in,
                                const char            *out,
                                const AngioDeidParams *params,
                                AngioBurnedIn         *burned_in,
                                GError               **error);

/**
 * angio_deid_check_file:
 * Runs angiomark-decoder --check-deidentified: whether @path is de-identified by the profile
 * Angiomark applies (angio_dicom_check_deidentified()), its Patient Name and ID being
 * @pseudonym (nullable: not checked).
 * Returns: FALSE with @error naming the file and the attributes that are not
 * (ANGIO_DICOM_ERROR_IDENTIFYING), or why it could not be checked.
 */
gboolean angio_deid_check_file (const char  *path,
                                const char  *pseudonym,
                                GError     **error);

G_END_DECLS
