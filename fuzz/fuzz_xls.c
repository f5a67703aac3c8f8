/* SPDX-License-Identifier: MIT */
/*
 * fuzz_xls.c - the two halves of the XLS reader (src/io/xls_read.c) that
 * read bytes from outside in kaohe's own process: the checks of a .xls
 * file made before freexl sees it (xls_check_file: the compound file's
 * sector chains, the BIFF records), and the parent's reading of the
 * stream of cells the reading child sends (xls_src_from_stream). freexl
 * itself runs only in the child process, whose crash is an error for the
 * file (tests/e2e/serve_xls.sh); it is not fuzzed here. The first byte
 * picks the half.
 */
#include "fz.h"
#include "io/table_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > (4u << 20)) return 0;
    kh_error err;
    kh_error_clear(&err);
    if (data[0] & 1) {
        if (xls_check_file(data + 1, size - 1, &err)) fz_error(&err);
        return 0;
    }
    table_src *src;
    if (xls_src_from_stream((const char *)data + 1, size - 1, (long long)size,
                            &src, &err)) {
        fz_error(&err);
        return 0;
    }
    kh_row row;
    int eof = 0;
    long last = 0;
    while (!src->next(src, &row, &eof, &err) && !eof) {
        if (row.line <= last) abort(); /* rows in order, no row twice */
        last = row.line;
        for (size_t i = 0; i < row.n; i++)
            if (strlen(row.cells[i].s) != row.cells[i].len) abort();
    }
    src->close(src);
    return 0;
}
