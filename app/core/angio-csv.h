/* angio-csv.h — reading CSV someone else wrote (RFC 4180), e.g. a model's predictions. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  GPtrArray *rows;          /* GStrv: the cells of each record, unquoted */
  GArray *lines;            /* guint: the line each record starts on (1-based) */
} AngioCsv;

/**
 * angio_csv_parse:
 * Reads @data as RFC 4180 CSV: cells separated by commas, records by CRLF, LF or a lone CR;
 * quoted cells may hold commas, line breaks and doubled quotes. A UTF-8 byte-order mark at
 * the start is skipped. A NUL byte, text that is not UTF-8, a quote inside an unquoted cell
 * or an unterminated quoted cell are refused with the line, and @name.
 * Returns: (transfer full): the records, or %NULL with @error.
 */
AngioCsv *angio_csv_parse     (const char  *data,
                               gsize        length,
                               const char  *name,
                               GError     **error);
/* @path read (bounded: at most @max_bytes) and parsed as above. */
AngioCsv *angio_csv_read_file (const char  *path,
                               guint64      max_bytes,
                               GError     **error);
void      angio_csv_free      (AngioCsv    *csv);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AngioCsv, angio_csv_free)

G_END_DECLS
