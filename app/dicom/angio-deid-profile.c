/* angio-deid-profile.c — looking Table E.1-1 up, the actions Angiomark takes from it, and the
 * attributes outside it known to be safe. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "angio-deid-profile.h"

static int
compare_rule (const void *key,
              const void *member)
{
  const guint32 *tag = key;
  const AngioDeidRule *rule = member;
  guint32 other = (guint32) rule->group << 16 | rule->element;

  return *tag < other ? -1 : *tag > other;
}

const AngioDeidRule *
angio_deid_rule_lookup (guint16 group,
                        guint16 element)
{
  guint32 tag = (guint32) group << 16 | element;
  const AngioDeidRule *rule = bsearch (&tag, angio_deid_rules, angio_deid_n_rules,
                                       sizeof *angio_deid_rules, compare_rule);

  if (rule != NULL && rule->group_mask == 0xffff && rule->element_mask == 0xffff)
    return rule;
  for (guint i = 0; i < angio_deid_n_rules; i++)
    {
      const AngioDeidRule *r = &angio_deid_rules[i];

      if ((r->group_mask != 0xffff || r->element_mask != 0xffff) &&
          (group & r->group_mask) == r->group && (element & r->element_mask) == r->element)
        return r;
    }
  return NULL;
}

AngioDeidAction
angio_deid_rule_action (const AngioDeidRule *rule)
{
  const char *code = rule->options[ANGIO_DEID_OPTION_MODIFIED_DATES];

  g_return_val_if_fail (rule != NULL, ANGIO_DEID_REMOVE);

  if (*code == '\0')
    code = rule->basic;
  /* Where the table leaves a choice, the least that keeps an XA instance valid: type 2
   * attributes stay present and empty, none of XA's type 1 attributes is listed with D. */
  if (strcmp (code, "Z") == 0 || strcmp (code, "X/Z") == 0 || strcmp (code, "Z/D") == 0 ||
      strcmp (code, "X/Z/D") == 0)
    return ANGIO_DEID_EMPTY;
  if (strcmp (code, "D") == 0)
    return ANGIO_DEID_DUMMY;
  if (strcmp (code, "U") == 0)
    return ANGIO_DEID_REMAP_UID;
  if (strcmp (code, "K") == 0)
    return ANGIO_DEID_KEEP;
  if (strcmp (code, "C") == 0)
    return ANGIO_DEID_CLEAN_DATES;
  if (strcmp (code, "X/Z/U*") == 0)
    return ANGIO_DEID_CLEAN_ITEMS;
  return ANGIO_DEID_REMOVE;   /* X, X/D */
}

/* Sorted by tag. */
static const guint32 safe_tags[] = {
  0x00080070,   /* Manufacturer */
  0x00080100,   /* Code Value */
  0x00080102,   /* Coding Scheme Designator */
  0x00080103,   /* Coding Scheme Version */
  0x00080104,   /* Code Meaning */
  0x00080119,   /* Long Code Value */
  0x00080120,   /* URN Code Value */
  0x00081090,   /* Manufacturer's Model Name */
  0x00082218,   /* Anatomic Region Sequence */
  0x00082220,   /* Anatomic Region Modifier Sequence */
  0x00082228,   /* Primary Anatomic Structure Sequence */
  0x00082230,   /* Primary Anatomic Structure Modifier Sequence */
  0x00089215,   /* Derivation Code Sequence */
  0x00120063,   /* De-identification Method */
  0x00120064,   /* De-identification Method Code Sequence */
  0x00180012,   /* Contrast/Bolus Agent Sequence */
  0x00180014,   /* Contrast/Bolus Administration Route Sequence */
  0x00181020,   /* Software Versions */
  0x00181040,   /* Contrast/Bolus Route */
  0x00181160,   /* Filter Type */
  0x00189401,   /* Projection Pixel Calibration Sequence */
  0x00189405,   /* Positioner Position Sequence */
  0x00189406,   /* Table Position Sequence */
  0x00189407,   /* Collimator Shape Sequence */
  0x00189412,   /* XA/XRF Frame Characteristics Sequence */
  0x00189417,   /* Frame Acquisition Sequence */
  0x00189434,   /* Exposure Control Sensing Regions Sequence */
  0x00189451,   /* Frame Detector Parameters Sequence */
  0x00189476,   /* X-Ray Geometry Sequence */
  0x00200020,   /* Patient Orientation */
  0x00209071,   /* Frame Anatomy Sequence */
  0x00209111,   /* Frame Content Sequence */
  0x00209113,   /* Plane Position Sequence */
  0x00209116,   /* Plane Orientation Sequence */
  0x00209221,   /* Dimension Organization Sequence */
  0x00209222,   /* Dimension Index Sequence */
  0x00280301,   /* Burned In Annotation */
  0x00281054,   /* Rescale Type */
  0x00281055,   /* Window Center & Width Explanation */
  0x00281201,   /* Red Palette Color Lookup Table Data */
  0x00281202,   /* Green Palette Color Lookup Table Data */
  0x00281203,   /* Blue Palette Color Lookup Table Data */
  0x00283000,   /* Modality LUT Sequence */
  0x00283003,   /* LUT Explanation */
  0x00283006,   /* LUT Data */
  0x00283010,   /* VOI LUT Sequence */
  0x00286100,   /* Mask Subtraction Sequence */
  0x00286190,   /* Mask Operation Explanation */
  0x00289110,   /* Pixel Measures Sequence */
  0x00289132,   /* Frame VOI LUT Sequence */
  0x00289145,   /* Pixel Value Transformation Sequence */
  0x00289415,   /* Frame Pixel Shift Sequence */
  0x00289443,   /* Frame Pixel Data Properties Sequence */
  0x003a0200,   /* Channel Definition Sequence */
  0x003a0203,   /* Channel Label */
  0x003a0208,   /* Channel Source Sequence */
  0x003a0209,   /* Channel Source Modifiers Sequence */
  0x003a0211,   /* Channel Sensitivity Units Sequence */
  0x0040030e,   /* Exposure Dose Sequence */
  0x0040a170,   /* Purpose of Reference Code Sequence */
  0x52009229,   /* Shared Functional Groups Sequence */
  0x52009230,   /* Per-frame Functional Groups Sequence */
  0x54000100,   /* Waveform Sequence */
  0x54001010,   /* Waveform Data */
  0x7fe00008,   /* Float Pixel Data */
  0x7fe00009,   /* Double Float Pixel Data */
  0x7fe00010,   /* Pixel Data */
};

static int
compare_tag (const void *a,
             const void *b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

gboolean
angio_deid_is_safe (guint16 group,
                    guint16 element)
{
  guint32 tag = (guint32) group << 16 | element;

  return bsearch (&tag, safe_tags, G_N_ELEMENTS (safe_tags), sizeof *safe_tags,
                  compare_tag) != NULL;
}
