/* angio-test-util.h — helpers shared by the test programs: temporary folders, small phantoms,
 * and DICOM files built byte by byte (to make them malformed on purpose). */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "angio-phantom.h"
#include "angio-workspace.h"

G_BEGIN_DECLS

/* A temporary folder removed (with its files) at exit. */
const char *angio_test_tmpdir       (void);
char       *angio_test_path         (const char *name);
/* ../shared/testdata/dicom/<sub>, or NULL (and the test marked skipped) when absent. */
char       *angio_test_data_dir     (const char *sub);

/* The names of the .dcm files of ../shared/testdata/dicom/<sub>, sorted, or NULL when it is
 * absent (nothing marked skipped: for tests being added, which say so themselves). */
GPtrArray  *angio_test_list_dicom   (const char *sub);
/* Loading @path (through the decoder process) must fail with a DICOM error that names the
 * file, and is @expected_code unless that is negative. */
void        angio_test_assert_rejected (const char *path,
                                        int         expected_code);

/* A small phantom (seed, size, frames, syntax) written to the temporary folder. */
char       *angio_test_phantom_file (const AngioPhantomParams *params,
                                     const char               *name,
                                     AngioPhantom            **phantom);

/* Identifying strings planted in every identifying attribute and a private tag (the
 * de-identification tests look for them in every byte written). */
#define ANGIO_TEST_STUDY_UID "1.2.826.0.1.3680043.2.1125.424242.1"
#define ANGIO_TEST_SERIES_UID "1.2.826.0.1.3680043.2.1125.424242.2"
#define ANGIO_TEST_SOP_UID "1.2.826.0.1.3680043.2.1125.424242.3"

typedef struct {
  guint16 group, element;
  const char *vr;
  const char *value;
} AngioTestPlanted;

extern const AngioTestPlanted angio_test_planted[];
extern const guint angio_test_n_planted;
/* The phantom of @params written to @path with the @extra attributes (NULL-terminated,
 * nullable), e.g. a Burned In Annotation. */
void        angio_test_write_phantom   (const AngioPhantomParams         *params,
                                        const char                       *path,
                                        const AngioDicomAttribute *const *extra);
/* The phantom of @params written to @path with every planted attribute: those above and
 * those of angio_test_profile_planted(). */
void        angio_test_planted_phantom (const AngioPhantomParams *params,
                                        const char               *path);

/* A value planted by the table: the bytes to look for in what is exported, and whether
 * de-identification keeps them (a time of day, under Retain Longitudinal Temporal
 * Information with Modified Dates) or must leave none of them. */
typedef struct {
  char *what;             /* "Institution Name (0008,0080)", "… in Referenced Image Sequence" */
  GBytes *bytes;
  gboolean kept;
} AngioTestNeedle;

/* Every attribute of PS3.15 Table E.1-1 (the generated angio_deid_rules) that an XA file can
 * carry — all but the command, file meta and DICOMDIR groups and the trailing padding — each
 * with a distinct value (a sequence: one item with a name and a text in it), and inside a
 * sequence the profile keeps (Referenced Image Sequence) and one known to be safe (Anatomic
 * Region Sequence) identifiers and sequences of the table and outside it (Procedure Code,
 * Original Attributes, Request Attributes, Institution Code, Acquisition Context).
 * Returns: (transfer none): the attributes (NULL-terminated) and, in @needles (element-type
 * AngioTestNeedle), what to look for. */
const AngioDicomAttribute *const *angio_test_profile_planted (GPtrArray **needles);

/* Labels case @case_id of @workspace as a clinician would: its best key frame and its most
 * severe lesion accepted, with @wire_ffr a hyperaemic Pa 92 and Pd 70 mmHg (FFR 0.76), marked
 * done; saved as one revision ("Labelled"). */
void        angio_test_label_case      (AngioWorkspace *workspace,
                                        const char     *case_id,
                                        gboolean        wire_ffr);

/* Fills the workspace in @folder (closed) with copies of its case CASE-0001 as CASE-0002 …
 * CASE-@n: the same rows and revisions under new ids (benchmarks of many cases). */
void        angio_test_copy_case       (const char     *folder,
                                        guint           n);

/* A workspace in the temporary folder @name holding a renal phantom run (256 × 256, 24
 * frames) analysed and labelled (angio_test_label_case(), with the wire FFR) as CASE-0001,
 * and @n − 1 copies of it (CASE-0002…). */
AngioWorkspace *angio_test_labelled_workspace (const char *name,
                                               guint       n);
/* Runs angiomark-cli ($ANGIOMARK_CLI) with @args (NULL-terminated), its stderr discarded;
 * @out receives its stdout. Returns: its exit status. */
int             angio_test_run_cli          (const char *const *args,
                                             char             **out);
/* Copies the file @from into @folder as @name. */
void            angio_test_copy_file        (const char *from,
                                             const char *folder,
                                             const char *name);
/* @text parsed (it must be JSON). Returns: (transfer full). */
JsonNode       *angio_test_parse_json       (const char *text);
/* Moves the points ([[x, y]…]) of @object's array @member by (@dx, @dy). */
void            angio_test_shift_points     (JsonObject *object,
                                             const char *member,
                                             double      dx,
                                             double      dy);
/* Explicit VR Little Endian building blocks. */
GByteArray *angio_test_dicom_begin  (const char *transfer_syntax_uid);
void        angio_test_dicom_element (GByteArray   *bytes,
                                      guint16       group,
                                      guint16       element,
                                      const char   *vr,
                                      gconstpointer value,
                                      guint32       length);
void        angio_test_dicom_text   (GByteArray *bytes,
                                     guint16     group,
                                     guint16     element,
                                     const char *vr,
                                     const char *text);
void        angio_test_dicom_us     (GByteArray *bytes,
                                     guint16     group,
                                     guint16     element,
                                     guint16     value);
/* Undefined-length sequences and items: begin the sequence, then items, then end it. */
void        angio_test_dicom_sequence_begin (GByteArray *bytes,
                                             guint16     group,
                                             guint16     element);
void        angio_test_dicom_item_begin     (GByteArray *bytes);
void        angio_test_dicom_item_end       (GByteArray *bytes);
void        angio_test_dicom_sequence_end   (GByteArray *bytes);
/* A complete single-image header (rows × cols, 16 bits, frames as given, or none if 0). */
void        angio_test_dicom_image_header (GByteArray *bytes,
                                           guint       rows,
                                           guint       cols,
                                           guint       frames);
char       *angio_test_write        (const char *name,
                                     gconstpointer data,
                                     gsize       length);

/* Copies the folder @from (a package: small files) to @to. */
void         angio_test_copy_tree        (const char *from,
                                          const char *to);

G_END_DECLS
