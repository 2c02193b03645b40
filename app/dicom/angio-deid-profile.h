/* angio-deid-profile.h — PS3.15 Table E.1-1 as data (generated into angio-deid-table.c from
 * ps3.15-table-e.1-1.tsv by build-aux/gen-deid-table.py) and the profile Angiomark applies
 * with it: the Basic Application Level Confidentiality Profile with the Retain Longitudinal
 * Temporal Information with Modified Dates option; no other option (no Retain Device
 * Identity, no Clean Descriptors: descriptors are removed as the Basic Profile says). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The option columns of Table E.1-1, in its order. */
typedef enum {
  ANGIO_DEID_OPTION_SAFE_PRIVATE,
  ANGIO_DEID_OPTION_UIDS,
  ANGIO_DEID_OPTION_DEVICE,
  ANGIO_DEID_OPTION_INSTITUTION,
  ANGIO_DEID_OPTION_PATIENT_CHARACTERISTICS,
  ANGIO_DEID_OPTION_FULL_DATES,
  ANGIO_DEID_OPTION_MODIFIED_DATES,
  ANGIO_DEID_OPTION_CLEAN_DESCRIPTORS,
  ANGIO_DEID_OPTION_CLEAN_STRUCTURED_CONTENT,
  ANGIO_DEID_OPTION_CLEAN_GRAPHICS,
  ANGIO_DEID_N_OPTIONS
} AngioDeidOption;

/* One row of Table E.1-1. A repeating group (50xx, 60xx) has group_mask 0xff00; a whole
 * group (50xx,xxxx) element_mask 0. */
typedef struct {
  guint16 group;
  guint16 element;
  guint16 group_mask;
  guint16 element_mask;
  const char *vr;            /* from the data dictionary (PS3.6), not the table */
  const char *keyword;
  const char *name;
  gboolean in_std_comp_iod;
  const char *basic;         /* "X", "Z", "D", "U", "X/Z", "X/D", "Z/D", "X/Z/D", "X/Z/U*" */
  const char *options[ANGIO_DEID_N_OPTIONS];   /* "" where the option changes nothing */
} AngioDeidRule;

extern const AngioDeidRule angio_deid_rules[];
extern const guint angio_deid_n_rules;

/* What is done to an attribute, one action per row of the table once the options are applied
 * and the table's choices ("X/Z"…) made. */
typedef enum {
  ANGIO_DEID_REMOVE,         /* X, and X/D: not one of XA's type 1 attributes */
  ANGIO_DEID_EMPTY,          /* Z, and X/Z, Z/D, X/Z/D: kept present with no value (a
                                sequence with no item) */
  ANGIO_DEID_DUMMY,          /* D: a dummy value (a sequence: no item) */
  ANGIO_DEID_REMAP_UID,      /* U */
  ANGIO_DEID_KEEP,           /* K */
  ANGIO_DEID_CLEAN_DATES,    /* C of Modified Dates: dates shifted, times kept, anything
                                else (the timezone offset) removed */
  ANGIO_DEID_CLEAN_ITEMS,    /* X/Z/U*: the sequence kept, its items de-identified */
} AngioDeidAction;

/* The dummy value of D for text. */
#define ANGIO_DEID_DUMMY_TEXT "ANONYMIZED"

/* The row of (@group,@element) (nullable). */
const AngioDeidRule *angio_deid_rule_lookup (guint16 group,
                                             guint16 element);
/* The action Angiomark applies to @rule's attribute. */
AngioDeidAction      angio_deid_rule_action (const AngioDeidRule *rule);

/* Attributes outside Table E.1-1 that de-identification keeps although their VR could hold
 * free text (LO, SH, LT, ST, UT, UC, UR, AE, PN, UN…) or they are sequences: codes,
 * manufacturer and model, LUT and window explanations, the functional groups and masks of
 * (Enhanced) XA. Every other such attribute is removed. */
gboolean             angio_deid_is_safe     (guint16 group,
                                             guint16 element);

G_END_DECLS
