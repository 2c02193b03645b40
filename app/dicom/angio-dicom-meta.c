/* angio-dicom-meta.c — transfer syntax table, metadata struct and its serialisation.
 *
 * Plain C and GLib: the metadata crosses the process boundary between the isolated decoder
 * and the application as a GVariant, described once by the field table below.
 */
#define G_LOG_DOMAIN "angio-dicom"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "angio-dicom.h"
#include "angio-dicom-private.h"

G_DEFINE_QUARK (angio-dicom-error-quark, angio_dicom_error)

gboolean
angio_dicom_failv (GError     **error,
                   int          code,
                   const char  *name,
                   const char  *format,
                   va_list      args)
{
  g_autofree char *reason = g_strdup_vprintf (format, args);

  /* Translators: "%s: %s" is "file name: reason" */
  g_set_error (error, ANGIO_DICOM_ERROR, code, _("%s: %s"), name, reason);
  return FALSE;
}

gboolean
angio_dicom_fail (GError     **error,
                  int          code,
                  const char  *name,
                  const char  *format,
                  ...)
{
  va_list args;

  va_start (args, format);
  angio_dicom_failv (error, code, name, format, args);
  va_end (args);
  return FALSE;
}

static const AngioSyntaxInfo syntaxes[ANGIO_N_SYNTAXES] = {
  { ANGIO_SYNTAX_IMPLICIT_LE, "implicit-le", "1.2.840.10008.1.2",
    N_("Implicit VR Little Endian"), 16, FALSE, FALSE },
  { ANGIO_SYNTAX_EXPLICIT_LE, "explicit-le", "1.2.840.10008.1.2.1",
    N_("Explicit VR Little Endian"), 16, FALSE, FALSE },
  { ANGIO_SYNTAX_EXPLICIT_BE, "explicit-be", "1.2.840.10008.1.2.2",
    N_("Explicit VR Big Endian"), 16, FALSE, FALSE },
  { ANGIO_SYNTAX_DEFLATED, "deflated", "1.2.840.10008.1.2.1.99",
    N_("Deflated Explicit VR Little Endian"), 16, FALSE, FALSE },
  { ANGIO_SYNTAX_JPEG_BASELINE, "jpeg-baseline", "1.2.840.10008.1.2.4.50",
    N_("JPEG Baseline (8-bit lossy)"), 8, TRUE, TRUE },
  { ANGIO_SYNTAX_JPEG_EXTENDED, "jpeg-extended", "1.2.840.10008.1.2.4.51",
    N_("JPEG Extended (12-bit lossy)"), 12, TRUE, TRUE },
  { ANGIO_SYNTAX_JPEG_LOSSLESS, "jpeg-lossless-p14", "1.2.840.10008.1.2.4.57",
    N_("JPEG Lossless (process 14)"), 16, FALSE, TRUE },
  { ANGIO_SYNTAX_JPEG_LOSSLESS_SV1, "jpeg-lossless", "1.2.840.10008.1.2.4.70",
    N_("JPEG Lossless (process 14, selection value 1)"), 16, FALSE, TRUE },
  { ANGIO_SYNTAX_JPEG_LS_LOSSLESS, "jpeg-ls", "1.2.840.10008.1.2.4.80",
    N_("JPEG-LS Lossless"), 16, FALSE, TRUE },
  { ANGIO_SYNTAX_JPEG_LS_NEAR_LOSSLESS, "jpeg-ls-near", "1.2.840.10008.1.2.4.81",
    N_("JPEG-LS Near-Lossless"), 16, TRUE, TRUE },
  { ANGIO_SYNTAX_J2K_LOSSLESS, "j2k-lossless", "1.2.840.10008.1.2.4.90",
    N_("JPEG 2000 Lossless"), 16, FALSE, TRUE },
  { ANGIO_SYNTAX_J2K, "j2k", "1.2.840.10008.1.2.4.91",
    N_("JPEG 2000 (lossy)"), 16, TRUE, TRUE },
  { ANGIO_SYNTAX_RLE, "rle", "1.2.840.10008.1.2.5",
    N_("RLE Lossless"), 16, FALSE, TRUE },
};

const AngioSyntaxInfo *
angio_syntax_info (AngioTransferSyntax syntax)
{
  g_return_val_if_fail (syntax < ANGIO_N_SYNTAXES, NULL);

  return &syntaxes[syntax];
}

/* Accepts a short name ("jpeg-ls") or a UID, with the trailing NUL/space padding a UID may
 * carry in a file. */
const AngioSyntaxInfo *
angio_syntax_lookup (const char *name_or_uid)
{
  g_autofree char *key = NULL;

  if (name_or_uid == NULL)
    return NULL;
  key = g_strstrip (g_strdup (name_or_uid));
  for (guint i = 0; i < ANGIO_N_SYNTAXES; i++)
    if (g_strcmp0 (syntaxes[i].name, key) == 0 || g_strcmp0 (syntaxes[i].uid, key) == 0)
      return &syntaxes[i];
  return NULL;
}

static const struct {
  const char *uid;
  const char *name;
} sop_classes[] = {
  { "1.2.840.10008.5.1.4.1.1.12.1", N_("X-Ray Angiographic Image") },
  { "1.2.840.10008.5.1.4.1.1.12.1.1", N_("Enhanced X-Ray Angiographic Image") },
  { "1.2.840.10008.5.1.4.1.1.12.2", N_("X-Ray Radiofluoroscopic Image") },
  { "1.2.840.10008.5.1.4.1.1.12.2.1", N_("Enhanced X-Ray Radiofluoroscopic Image") },
  { "1.2.840.10008.5.1.4.1.1.12.3", N_("X-Ray Angiographic Bi-Plane Image (retired)") },
  { "1.2.840.10008.5.1.4.1.1.7", N_("Secondary Capture Image") },
  { "1.2.840.10008.5.1.4.1.1.7.2", N_("Multi-frame Grayscale Byte Secondary Capture Image") },
  { "1.2.840.10008.5.1.4.1.1.7.3", N_("Multi-frame Grayscale Word Secondary Capture Image") },
  { "1.2.840.10008.5.1.4.1.1.1", N_("Computed Radiography Image") },
  { "1.2.840.10008.5.1.4.1.1.1.1", N_("Digital X-Ray Image (for presentation)") },
  { "1.2.840.10008.5.1.4.1.1.1.1.1", N_("Digital X-Ray Image (for processing)") },
  { "1.2.840.10008.5.1.4.1.1.2", N_("CT Image") },
  { "1.2.840.10008.5.1.4.1.1.2.1", N_("Enhanced CT Image") },
  { "1.2.840.10008.5.1.4.1.1.4", N_("MR Image") },
  { "1.2.840.10008.5.1.4.1.1.4.1", N_("Enhanced MR Image") },
  { "1.2.840.10008.5.1.4.1.1.20", N_("Nuclear Medicine Image") },
  { "1.2.840.10008.5.1.4.1.1.6.1", N_("Ultrasound Image") },
  { "1.2.840.10008.5.1.4.1.1.3.1", N_("Ultrasound Multi-frame Image") },
};

const char *
angio_dicom_sop_class_name (const char *uid)
{
  for (guint i = 0; uid != NULL && i < G_N_ELEMENTS (sop_classes); i++)
    if (strcmp (sop_classes[i].uid, uid) == 0)
      return sop_classes[i].name;
  return NULL;
}

AngioDicomAttribute *
angio_dicom_attribute_new (guint16     group,
                           guint16     element,
                           const char *vr,
                           const char *keyword,
                           const char *value)
{
  AngioDicomAttribute *attribute = g_new0 (AngioDicomAttribute, 1);

  attribute->group = group;
  attribute->element = element;
  g_strlcpy (attribute->vr, vr ? vr : "UN", sizeof attribute->vr);
  attribute->keyword = g_strdup (keyword ? keyword : "");
  attribute->value = g_strdup (value ? value : "");
  return attribute;
}

void
angio_dicom_attribute_free (AngioDicomAttribute *attribute)
{
  if (attribute == NULL)
    return;
  g_free (attribute->keyword);
  g_free (attribute->value);
  g_clear_pointer (&attribute->items, g_ptr_array_unref);
  g_free (attribute);
}

AngioDicomMeta *
angio_dicom_meta_new (void)
{
  AngioDicomMeta *meta = g_new0 (AngioDicomMeta, 1);

  meta->frames = 1;
  meta->samples_per_pixel = 1;
  meta->rescale_slope = 1.0;
  meta->rescale_intercept = 0.0;
  meta->window_center = NAN;
  meta->window_width = NAN;
  meta->frame_time_ms = NAN;
  meta->cine_rate = NAN;
  meta->recommended_display_frame_rate = NAN;
  for (guint i = 0; i < 2; i++)
    {
      meta->imager_pixel_spacing_mm[i] = NAN;
      meta->pixel_spacing_mm[i] = NAN;
    }
  meta->magnification_factor = NAN;
  meta->sid_mm = NAN;
  meta->sod_mm = NAN;
  meta->primary_angle_deg = NAN;
  meta->secondary_angle_deg = NAN;
  meta->kvp = NAN;
  meta->tube_current_ma = NAN;
  meta->exposure_time_ms = NAN;
  meta->identifiers = g_ptr_array_new_with_free_func ((GDestroyNotify) angio_dicom_attribute_free);
  meta->warnings = g_ptr_array_new_with_free_func (g_free);
  return meta;
}

typedef enum {
  FIELD_STRING,
  FIELD_UINT,
  FIELD_BOOL,
  FIELD_DOUBLE,
  FIELD_DOUBLE2,
  FIELD_DOUBLE_ARRAY,
} FieldType;

typedef struct {
  const char *key;
  FieldType type;
  gsize offset;
} Field;

#define F(type, member) { #member, type, G_STRUCT_OFFSET (AngioDicomMeta, member) }
static const Field fields[] = {
  F (FIELD_STRING, path),
  F (FIELD_STRING, sop_class_uid),
  F (FIELD_STRING, sop_instance_uid),
  F (FIELD_STRING, study_instance_uid),
  F (FIELD_STRING, series_instance_uid),
  F (FIELD_STRING, frame_of_reference_uid),
  F (FIELD_STRING, transfer_syntax_uid),
  F (FIELD_STRING, modality),
  F (FIELD_STRING, manufacturer),
  F (FIELD_STRING, model_name),
  F (FIELD_STRING, photometric),
  F (FIELD_STRING, burned_in_annotation),
  F (FIELD_STRING, image_type),
  F (FIELD_UINT, frames),
  F (FIELD_UINT, rows),
  F (FIELD_UINT, cols),
  F (FIELD_UINT, samples_per_pixel),
  F (FIELD_UINT, bits_allocated),
  F (FIELD_UINT, bits_stored),
  F (FIELD_UINT, high_bit),
  F (FIELD_BOOL, is_signed),
  F (FIELD_DOUBLE, rescale_slope),
  F (FIELD_DOUBLE, rescale_intercept),
  F (FIELD_DOUBLE, window_center),
  F (FIELD_DOUBLE, window_width),
  F (FIELD_UINT, frame_increment_pointer),
  F (FIELD_DOUBLE, frame_time_ms),
  F (FIELD_DOUBLE, cine_rate),
  F (FIELD_DOUBLE, recommended_display_frame_rate),
  F (FIELD_DOUBLE_ARRAY, frame_time_vector_ms),
  F (FIELD_DOUBLE_ARRAY, frame_acquisition_ms),
  F (FIELD_DOUBLE_ARRAY, r_wave_frames),
  F (FIELD_DOUBLE2, imager_pixel_spacing_mm),
  F (FIELD_DOUBLE2, pixel_spacing_mm),
  F (FIELD_DOUBLE, magnification_factor),
  F (FIELD_DOUBLE, sid_mm),
  F (FIELD_DOUBLE, sod_mm),
  F (FIELD_DOUBLE, primary_angle_deg),
  F (FIELD_DOUBLE, secondary_angle_deg),
  F (FIELD_DOUBLE, kvp),
  F (FIELD_DOUBLE, tube_current_ma),
  F (FIELD_DOUBLE, exposure_time_ms),
};
#undef F

void
angio_dicom_meta_free (AngioDicomMeta *meta)
{
  if (meta == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      gpointer member = G_STRUCT_MEMBER_P (meta, fields[i].offset);

      if (fields[i].type == FIELD_STRING)
        g_free (*(char **) member);
      else if (fields[i].type == FIELD_DOUBLE_ARRAY && *(GArray **) member != NULL)
        g_array_unref (*(GArray **) member);
    }
  g_clear_pointer (&meta->identifiers, g_ptr_array_unref);
  g_clear_pointer (&meta->warnings, g_ptr_array_unref);
  g_free (meta);
}

static GVariant *
field_to_variant (const AngioDicomMeta *meta,
                  const Field          *field)
{
  gconstpointer member = G_STRUCT_MEMBER_P (meta, field->offset);
  const GArray *array;

  switch (field->type)
    {
    case FIELD_STRING:
      return *(char *const *) member ? g_variant_new_string (*(char *const *) member) : NULL;
    case FIELD_UINT:
      return g_variant_new_uint32 (*(const guint *) member);
    case FIELD_BOOL:
      return g_variant_new_boolean (*(const gboolean *) member);
    case FIELD_DOUBLE:
      return g_variant_new_double (*(const double *) member);
    case FIELD_DOUBLE2:
      return g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, member, 2, sizeof (double));
    case FIELD_DOUBLE_ARRAY:
      array = *(GArray *const *) member;
      if (array == NULL)
        return NULL;
      return g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, array->data, array->len,
                                        sizeof (double));
    default:
      g_assert_not_reached ();
    }
}

GVariant *
angio_dicom_meta_to_variant (const AngioDicomMeta *meta)
{
  GVariantBuilder builder;
  GVariantBuilder ids;

  g_return_val_if_fail (meta != NULL, NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GVariant *value = field_to_variant (meta, &fields[i]);

      if (value != NULL)
        g_variant_builder_add (&builder, "{sv}", fields[i].key, value);
    }

  g_variant_builder_init (&ids, G_VARIANT_TYPE ("a(qqsss)"));
  for (guint i = 0; i < meta->identifiers->len; i++)
    {
      const AngioDicomAttribute *a = g_ptr_array_index (meta->identifiers, i);

      g_variant_builder_add (&ids, "(qqsss)", a->group, a->element, a->vr, a->keyword, a->value);
    }
  g_variant_builder_add (&builder, "{sv}", "identifiers", g_variant_builder_end (&ids));
  g_variant_builder_add (&builder, "{sv}", "warnings",
                         g_variant_new_strv ((const char *const *) meta->warnings->pdata,
                                             meta->warnings->len));
  return g_variant_builder_end (&builder);
}

static void
field_from_variant (AngioDicomMeta *meta,
                    const Field    *field,
                    GVariant       *value)
{
  gpointer member = G_STRUCT_MEMBER_P (meta, field->offset);
  const double *values;
  gsize n = 0;

  switch (field->type)
    {
    case FIELD_STRING:
      if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        *(char **) member = g_variant_dup_string (value, NULL);
      break;
    case FIELD_UINT:
      if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
        *(guint *) member = g_variant_get_uint32 (value);
      break;
    case FIELD_BOOL:
      if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
        *(gboolean *) member = g_variant_get_boolean (value);
      break;
    case FIELD_DOUBLE:
      if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
        *(double *) member = g_variant_get_double (value);
      break;
    case FIELD_DOUBLE2:
    case FIELD_DOUBLE_ARRAY:
      if (!g_variant_is_of_type (value, G_VARIANT_TYPE ("ad")))
        break;
      values = g_variant_get_fixed_array (value, &n, sizeof (double));
      if (field->type == FIELD_DOUBLE2 && n == 2)
        memcpy (member, values, 2 * sizeof (double));
      else if (field->type == FIELD_DOUBLE_ARRAY)
        {
          GArray *array = g_array_sized_new (FALSE, FALSE, sizeof (double), (guint) n);

          g_array_append_vals (array, values, (guint) n);
          *(GArray **) member = array;
        }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* The variant comes from the decoder process: every field is checked for its type and an
 * unexpected one is ignored rather than trusted. */
AngioDicomMeta *
angio_dicom_meta_from_variant (GVariant *variant)
{
  g_autoptr(AngioDicomMeta) meta = NULL;
  g_autoptr(GVariant) ids = NULL;
  g_autoptr(GVariant) warnings = NULL;
  GVariantDict dict;

  g_return_val_if_fail (variant != NULL, NULL);

  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE_VARDICT))
    return NULL;

  meta = angio_dicom_meta_new ();
  g_variant_dict_init (&dict, variant);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autoptr(GVariant) value = g_variant_dict_lookup_value (&dict, fields[i].key, NULL);

      if (value != NULL)
        field_from_variant (meta, &fields[i], value);
    }

  ids = g_variant_dict_lookup_value (&dict, "identifiers", G_VARIANT_TYPE ("a(qqsss)"));
  if (ids != NULL)
    {
      GVariantIter iter;
      guint16 group, element;
      const char *vr, *keyword, *value;

      g_variant_iter_init (&iter, ids);
      while (g_variant_iter_next (&iter, "(qq&s&s&s)", &group, &element, &vr, &keyword, &value))
        g_ptr_array_add (meta->identifiers,
                         angio_dicom_attribute_new (group, element, vr, keyword, value));
    }
  warnings = g_variant_dict_lookup_value (&dict, "warnings", G_VARIANT_TYPE_STRING_ARRAY);
  if (warnings != NULL)
    {
      GVariantIter iter;
      const char *text;

      g_variant_iter_init (&iter, warnings);
      while (g_variant_iter_next (&iter, "&s", &text))
        if (g_utf8_validate (text, -1, NULL))
          g_ptr_array_add (meta->warnings, g_strdup (text));
    }
  g_variant_dict_clear (&dict);
  return g_steal_pointer (&meta);
}

void
angio_dicom_meta_value_mapping (const AngioDicomMeta *meta,
                                double               *offset,
                                double               *scale)
{
  guint bits;
  double smin, smax, slope, lo, hi, step;

  g_return_if_fail (meta != NULL);

  bits = CLAMP (meta->bits_stored, 1, 16);
  smin = meta->is_signed ? -ldexp (1.0, (int) bits - 1) : 0.0;
  smax = meta->is_signed ? ldexp (1.0, (int) bits - 1) - 1.0 : ldexp (1.0, (int) bits) - 1.0;
  slope = (isfinite (meta->rescale_slope) && meta->rescale_slope != 0.0)
          ? meta->rescale_slope : 1.0;
  lo = MIN (smin * slope, smax * slope) + (isfinite (meta->rescale_intercept)
                                           ? meta->rescale_intercept : 0.0);
  hi = lo + fabs (slope) * (smax - smin);
  /* One stored step per modality step when it fits, so lossless stays exact. */
  step = fabs (slope);
  if ((hi - lo) / step > 65535.0)
    step = (hi - lo) / 65535.0;

  if (g_strcmp0 (meta->photometric, "MONOCHROME1") == 0)
    {
      *offset = lo + step * round ((hi - lo) / step);
      *scale = -step;
    }
  else
    {
      *offset = lo;
      *scale = step;
    }
}

guint64
angio_dicom_meta_pixel_bytes (const AngioDicomMeta *meta)
{
  g_return_val_if_fail (meta != NULL, 0);

  return (guint64) meta->frames * meta->rows * meta->cols * sizeof (guint16);
}

const AngioIdentifyingTag angio_dicom_identifying_tags[] = {
  { 0x0010, 0x0010, "PN", "PatientName" },
  { 0x0010, 0x0020, "LO", "PatientID" },
  { 0x0010, 0x0021, "LO", "IssuerOfPatientID" },
  { 0x0010, 0x0030, "DA", "PatientBirthDate" },
  { 0x0010, 0x0040, "CS", "PatientSex" },
  { 0x0010, 0x1010, "AS", "PatientAge" },
  { 0x0010, 0x1000, "LO", "OtherPatientIDs" },
  { 0x0010, 0x1001, "PN", "OtherPatientNames" },
  { 0x0010, 0x1040, "LO", "PatientAddress" },
  { 0x0010, 0x2154, "SH", "PatientTelephoneNumbers" },
  { 0x0010, 0x4000, "LT", "PatientComments" },
  { 0x0008, 0x0050, "SH", "AccessionNumber" },
  { 0x0008, 0x0080, "LO", "InstitutionName" },
  { 0x0008, 0x0081, "ST", "InstitutionAddress" },
  { 0x0008, 0x1040, "LO", "InstitutionalDepartmentName" },
  { 0x0008, 0x0090, "PN", "ReferringPhysicianName" },
  { 0x0008, 0x1050, "PN", "PerformingPhysicianName" },
  { 0x0008, 0x1060, "PN", "NameOfPhysiciansReadingStudy" },
  { 0x0008, 0x1070, "PN", "OperatorsName" },
  { 0x0008, 0x1010, "SH", "StationName" },
  { 0x0018, 0x1000, "LO", "DeviceSerialNumber" },
  { 0x0020, 0x0010, "SH", "StudyID" },
  { 0x0008, 0x1030, "LO", "StudyDescription" },
  { 0x0008, 0x103e, "LO", "SeriesDescription" },
  { 0x0032, 0x1060, "LO", "RequestedProcedureDescription" },
  { 0x0040, 0x0254, "LO", "PerformedProcedureStepDescription" },
  { 0x0020, 0x4000, "LT", "ImageComments" },
  { 0x0008, 0x0020, "DA", "StudyDate" },
  { 0x0008, 0x0030, "TM", "StudyTime" },
  { 0x0008, 0x0021, "DA", "SeriesDate" },
  { 0x0008, 0x0031, "TM", "SeriesTime" },
  { 0x0008, 0x0022, "DA", "AcquisitionDate" },
  { 0x0008, 0x0032, "TM", "AcquisitionTime" },
  { 0x0008, 0x002a, "DT", "AcquisitionDateTime" },
  { 0x0008, 0x0023, "DA", "ContentDate" },
  { 0x0008, 0x0033, "TM", "ContentTime" },
};
const guint angio_dicom_n_identifying_tags = G_N_ELEMENTS (angio_dicom_identifying_tags);
