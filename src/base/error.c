/* SPDX-License-Identifier: MIT */
/* error.c - filling and formatting kh_error records. */
#include "kaohe/error.h"
#include "kaohe/encoding.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void kh_error_clear(kh_error *err)
{
    if (err) memset(err, 0, sizeof *err);
}

/* A text cut to its buffer must not end inside a UTF-8 character (it is
 * shown in JSON and on the web, where a broken character makes the whole
 * reply invalid). */
static void trim_cut(char *s, size_t n)
{
    (void)n;
    kh_utf8_trim(s);
}

static void copy_str(char *dst, size_t n, const char *src)
{
    if (!src) src = "";
    snprintf(dst, n, "%s", src);
    trim_cut(dst, n);
}

int kh_error_set(kh_error *err, int status, const char *code,
                 const char *zh_fmt, const char *en_fmt, ...)
{
    if (!err) return status;
    va_list ap, ap2;
    va_start(ap, en_fmt);
    va_copy(ap2, ap);
    err->status = status;
    copy_str(err->code, sizeof err->code, code);
    /* zh_fmt and en_fmt consume the same arguments. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(err->zh, sizeof err->zh, zh_fmt, ap);
    vsnprintf(err->en, sizeof err->en, en_fmt, ap2);
#pragma GCC diagnostic pop
    trim_cut(err->zh, sizeof err->zh);
    trim_cut(err->en, sizeof err->en);
    va_end(ap2);
    va_end(ap);
    return status;
}

int kh_error_msg(kh_error *err, int status, const char *code, const char *zh,
                 const char *en)
{
    if (!err) return status;
    err->status = status;
    copy_str(err->code, sizeof err->code, code);
    copy_str(err->zh, sizeof err->zh, zh);
    copy_str(err->en, sizeof err->en, en);
    return status;
}

void kh_error_at(kh_error *err, const char *file, long row, long line,
                 const char *column)
{
    if (!err) return;
    if (file) copy_str(err->file, sizeof err->file, file);
    if (row) err->row = row;
    if (line) err->line = line;
    if (column) copy_str(err->column, sizeof err->column, column);
}

void kh_error_format(const kh_error *err, const char *lang, char *out,
                     size_t outsz)
{
    char loc[400] = "";
    size_t n = 0;
    int zh = lang && strcmp(lang, "zh") == 0;
    if (err->file[0]) n += (size_t)snprintf(loc + n, sizeof loc - n, "%s", err->file);
    if (err->row && n < sizeof loc)
        n += (size_t)snprintf(loc + n, sizeof loc - n,
                              zh ? " 第%ld行" : " row %ld", err->row);
    if (err->line && n < sizeof loc)
        n += (size_t)snprintf(loc + n, sizeof loc - n,
                              zh ? "(物理行%ld)" : " (line %ld)", err->line);
    if (err->column[0] && n < sizeof loc)
        n += (size_t)snprintf(loc + n, sizeof loc - n,
                              zh ? " 列“%s”" : " column '%s'", err->column);
    snprintf(out, outsz, "%s%s%s", loc, loc[0] ? ": " : "",
             zh ? err->zh : err->en);
}

int kh_error_nomem(kh_error *err)
{
    return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
}
