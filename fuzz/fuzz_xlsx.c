/* SPDX-License-Identifier: MIT */
/*
 * fuzz_xlsx.c - the XLSX reader (src/io/xlsx_read.c: libzip, expat and
 * kaohe's own sheet and shared-string parsing): every row of a workbook,
 * in full and in the key-only pass. Inputs not starting as a ZIP are left
 * to the other harnesses.
 */
#include "fz.h"
#include "kaohe/table.h"

static void read_all(const char *path, int keycol)
{
    kh_table *t;
    kh_error err;
    kh_error_clear(&err);
    if (kh_table_open(path, &t, &err)) {
        fz_error(&err);
        return;
    }
    const kh_row *r;
    int rc;
    long rows = 0;
    while (!(rc = kh_table_next(t, &r, &err)) && r)
        if (++rows == 1 && keycol >= 0) kh_table_key_only(t, keycol);
    if (rc) fz_error(&err);
    kh_table_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4 || size > (4u << 20) || memcmp(data, "PK\x03\x04", 4))
        return 0;
    const char *path = fz_file(data, size);
    read_all(path, -1);
    read_all(path, 0);
    return 0;
}
