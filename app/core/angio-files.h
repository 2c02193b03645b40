/* angio-files.h — finding DICOM files in what a user points at. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Folders are searched this deep and no further, for this many files at most. */
#define ANGIO_FILES_MAX_DEPTH 6
#define ANGIO_FILES_MAX 2000

/* Whether @file starts like DICOM Part 10: "DICM" after the 128-byte preamble. */
gboolean   angio_files_looks_like_dicom (GFile *file);

/* The DICOM files under @folder (hidden entries skipped; symbolic links followed to regular
 * files, never to folders), sorted as a file manager sorts names.
 * Returns: (transfer full) (element-type filename). */
GPtrArray *angio_files_collect_folder   (GFile *folder);
/* The same; each link not followed is added to @skipped (nullable) as "NAME: why". */
GPtrArray *angio_files_collect_folder_full (GFile     *folder,
                                            GPtrArray *skipped);

/* A DICOMDIR is an index: the files it indexes are those under its folder. */
gboolean   angio_files_is_dicomdir      (const char *path);

G_END_DECLS
