/* angio-package.h — case packages v1 (docs/package-format.md): what the challenge receives.
 *
 * Export writes de-identified, hashed packages of a workspace's cases — and around them the
 * dataset's index, labels table and COCO annotations — into a temporary folder renamed at the
 * end: a cancelled or failed export leaves nothing behind. Validate checks a package (or a
 * dataset, or a zipped package) with nothing but its files; import is the exact inverse of
 * export. */
#pragma once

#include "angio-deid.h"
#include "angio-workspace.h"

G_BEGIN_DECLS

#define ANGIO_PACKAGE_FORMAT "angiomark-case"
#define ANGIO_DATASET_FORMAT "angiomark-dataset"
#define ANGIO_PACKAGE_VERSION 1
/* Default pseudonym prefix: RAS-0001, RAS-0002… */
#define ANGIO_PACKAGE_PREFIX ANGIO_PSEUDONYM_PREFIX

/* Whether @id may name a case, a run or a file made from it (a package comes from elsewhere:
 * its ids become folder and file names): 1 to 64 of the characters A–Z a–z 0–9 '-' '_' '.',
 * not starting with '.' (so never "." or ".."), no separator or control character. */
#define ANGIO_ID_MAX 64
gboolean angio_id_is_safe (const char *id);

/* Whether a case is ready to be a labelled package (the three tasks of the challenge). */
typedef struct {
  char *case_id;
  char *pseudonym;          /* the case's id in its package */
  AngioCaseStatus status;
  gboolean key_frame;       /* an accepted key frame (task 1) */
  gboolean outline;         /* an accepted lesion with its outline (task 2) */
  gboolean wire_ffr;        /* the pressure-wire FFR (task 3) */
  AngioBurnedIn burned_in;  /* the worst of its runs: YES, else UNKNOWN, else NO */
  char *problem;            /* a run that could not be read (then UNKNOWN), or NULL */
} AngioPackageReadiness;

/**
 * angio_package_readiness:
 * What @case_id has and lacks, and its pseudonym (%NULL when it has none yet: export chooses
 * one). With @read_dicom the runs' headers are read (in the decoder process) for Burned In
 * Annotation, else it is UNKNOWN; a run that cannot be read is UNKNOWN with its @problem.
 * Returns: (transfer full): the readiness, or %NULL with @error.
 */
AngioPackageReadiness *angio_package_readiness (AngioWorkspace          *workspace,
                                                const char              *case_id,
                                                gboolean                 read_dicom,
                                                GError                 **error);
void                   angio_package_readiness_free (AngioPackageReadiness *readiness);

typedef struct {
  gboolean zip;             /* each package as <pseudonym>.zip instead of a folder */
  const char *prefix;       /* of new pseudonyms; NULL: ANGIO_PACKAGE_PREFIX */
  gboolean reads;           /* case.json carries each reader's read (by reader ID) of a final
                               case beside its consensus (the curator's choice) */
} AngioExportOptions;

/* Called as the export goes with the fraction done and the case it works on (NULL at the
 * end), from the thread that runs the export: at the start of each case and after each run
 * of it is de-identified and labelled. */
typedef void (*AngioExportProgressFunc) (double      fraction,
                                         const char *case_id,
                                         gpointer    user_data);

/**
 * angio_package_export:
 * Exports @case_ids of @workspace as a dataset into @folder, which must not exist or be
 * empty: one package per case, dataset.json, labels.csv and coco/. Written to a temporary
 * folder beside @folder, renamed at the end.
 * Returns: FALSE with @error (cancelled, a file that cannot be read or written — named, with
 * the reason); nothing is left then.
 */
gboolean angio_package_export   (AngioWorkspace            *workspace,
                                 const char *const         *case_ids,
                                 const char                *folder,
                                 const AngioExportOptions  *options,
                                 AngioExportProgressFunc    progress,
                                 gpointer                   user_data,
                                 GCancellable              *cancellable,
                                 GError                   **error);

/**
 * angio_package_validate:
 * Checks @path — a package folder, a zipped package or a dataset folder — with nothing but its
 * files: every file hashed against the manifest, none missing or extra, case.json against the
 * schema, the DICOM frame size against case.json and the masks. @problems receives a
 * translated line per problem, naming the file.
 * Returns: TRUE when valid; FALSE with @problems filled, or with @error when @path cannot be
 * read at all. @bytes (nullable) receives the bytes hashed.
 */
gboolean angio_package_validate (const char                *path,
                                 GPtrArray                 *problems,
                                 guint64                   *bytes,
                                 GCancellable              *cancellable,
                                 GError                   **error);

/**
 * angio_package_import:
 * Imports the packages at @path (a package folder, a zipped package or a dataset folder) into
 * @workspace after validating them: the case under its package id, its runs copied into the
 * workspace (never to be de-identified again), its history as the package has it. A case
 * whose id is already in the workspace is refused.
 * Returns: (transfer full): the ids of the cases imported, or %NULL with @error (the
 * problems of an invalid package, one per line).
 */
GPtrArray *angio_package_import (AngioWorkspace            *workspace,
                                 const char                *path,
                                 GCancellable              *cancellable,
                                 GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AngioPackageReadiness, angio_package_readiness_free)

G_END_DECLS
