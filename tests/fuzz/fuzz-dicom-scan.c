/* fuzz-dicom-scan.c — libFuzzer target for the element walk that runs before GDCM
 * (app/dicom/angio-dicom-scan.c): any bytes, no crash, no hang, no sanitizer report.
 *
 *   meson setup _fuzz -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false \
 *         --native-file build-aux/clang.ini
 *   _fuzz/tests/fuzz/fuzz-dicom-scan -max_total_time=600 CORPUS_DIR
 */
#include "config.h"

#include <unistd.h>

#include "angio-dicom.h"
#include "angio-dicom-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  char path[] = "/tmp/angiomark-fuzz-XXXXXX";
  int fd = mkstemp (path);
  GError *error = NULL;

  if (fd < 0)
    return 0;
  unlink (path);
  if (write (fd, data, size) == (ssize_t) size)
    angio_dicom_scan_structure (fd, size, "fuzz", &error);
  g_clear_error (&error);
  close (fd);
  return 0;
}
