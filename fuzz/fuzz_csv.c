/* SPDX-License-Identifier: MIT */
/*
 * fuzz_csv.c - the CSV reader (src/io/csv_read.c) in each encoding. The
 * first byte picks the form: as is, after a UTF-8 BOM, or after a GB18030
 * first line (so the rest is decoded as GB18030), and whether the input is
 * also read a second time in the import's key-only pass. The oracle,
 * beyond the sanitizers and libFuzzer's time-out: the key-only pass and
 * the full parser see the same rows with the same keys (issue #18: a
 * line blank but for a formula guard once passed one and not the other),
 * and every error's text is valid UTF-8.
 */
#include "fz.h"
#include "kaohe/table.h"

/* The rows of the file: count, lines and first cells (NUL-joined). */
typedef struct seen {
    long rows;
    char *keys;
    size_t klen, kcap;
    int rc;
} seen;

static void add_key(seen *s, const kh_row *r, int keycol)
{
    const char *k = (size_t)keycol < r->n ? r->cells[keycol].s : "";
    size_t n = (size_t)keycol < r->n ? r->cells[keycol].len : 0;
    char line[32];
    int ln = snprintf(line, sizeof line, "%ld:", r->line);
    if (s->klen + n + (size_t)ln + 1 > s->kcap) {
        s->kcap = (s->klen + n + (size_t)ln + 1) * 2;
        s->keys = realloc(s->keys, s->kcap);
        if (!s->keys) abort();
    }
    memcpy(s->keys + s->klen, line, (size_t)ln);
    memcpy(s->keys + s->klen + ln, k, n);
    s->klen += n + (size_t)ln;
    s->keys[s->klen++] = '\0';
}

static void read_all(const char *path, int keycol, int key_only, seen *s)
{
    kh_table *t;
    kh_error err;
    kh_error_clear(&err);
    memset(s, 0, sizeof *s);
    s->rc = kh_table_open(path, &t, &err);
    if (s->rc) {
        fz_error(&err);
        return;
    }
    const kh_row *r;
    while (!(s->rc = kh_table_next(t, &r, &err)) && r) {
        s->rows++;
        /* the header is read whole in both passes */
        if (r->row > 0) add_key(s, r, keycol);
        /* as the import's first pass: the header whole, then keys */
        if (s->rows == 1 && key_only) kh_table_key_only(t, keycol);
    }
    if (s->rc) fz_error(&err);
    kh_table_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > (1u << 20)) return 0;
    int mode = data[0];
    data++, size--;
    static const char gb_line[] = "\xBB\xA7\xB1\xE0\xBA\xC5,\xD0\xD5\xC3\xFB\n"; /* 户编号,姓名 */
    const char *prefix = (mode & 3) == 1 ? "\xEF\xBB\xBF" : (mode & 3) == 2 ? gb_line : "";
    size_t plen = strlen(prefix);
    uint8_t *buf = malloc(plen + size + 1);
    if (!buf) return 0;
    memcpy(buf, prefix, plen);
    memcpy(buf + plen, data, size);
    size_t n = plen + size;
    if (fz_is_xls(buf, n) || (n >= 4 && !memcmp(buf, "PK\x03\x04", 4))) {
        free(buf);
        return 0;
    }
    const char *path = fz_file(buf, n);
    int keycol = (mode >> 2) & 3;
    seen full, key;
    read_all(path, keycol, 0, &full);
    if (mode & 0x10) {
        read_all(path, keycol, 1, &key);
        /* Both passes stop at the same error or read the same rows. */
        if (!full.rc && !key.rc &&
            (full.rows != key.rows || full.klen != key.klen ||
             (full.klen && memcmp(full.keys, key.keys, full.klen)))) {
            fprintf(stderr, "fz: key pass differs: %ld rows vs %ld\n",
                    full.rows, key.rows);
            abort();
        }
        free(key.keys);
    }
    free(full.keys);
    free(buf);
    return 0;
}
