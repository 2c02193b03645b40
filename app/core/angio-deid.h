/* angio-deid.h — de-identifying a DICOM file for a case package, in the isolated decoder
 * process (the source is untrusted input; see angio_dicom_deidentify()). */
#pragma once

#include "angio-dicom.h"

G_BEGIN_DECLS

/**
 * angio_deidentify_file:
 * Runs angiomark-decoder --deidentify: @out becomes the de-identified copy of @in.
 * Returns: FALSE with @error naming the file and the reason (including a decoder that
 * crashed); @burned_in receives the source's Burned In Annotation.
 */
gboolean angio_deidentify_file (const char            *in,
                                const char            *out,
                                const AngioDeidParams *params,
                                AngioBurnedIn         *burned_in,
                                GError               **error);

G_END_DECLS
