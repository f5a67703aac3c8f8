/* SPDX-License-Identifier: MIT */
/*
 * web_export.c - a list of the API as a CSV or XLSX file (?format=csv or
 * ?format=xlsx on GET /api/problems, /api/households, /api/audit): the
 * same filters and order as the page, every row that matches (up to
 * WEB_EXPORT_MAX), the same JSON the page gets put through the one
 * masking policy (web_mask_json, kaohe/mask.h) unless the request was
 * allowed to unmask, written by kh_tabwriter (formula cells neutralised)
 * into a private temporary directory, audited (list.export, the number of
 * rows) before it is sent, and removed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kaohe/encoding.h"
#include "kaohe/tabwriter.h"
#include "web/web_int.h"

int web_export_format(web_req *r)
{
    const char *f = web_arg(r, "format");
    if (!f || !*f || !strcmp(f, "json")) return 0;
    if (!strcmp(f, "csv")) return KH_TAB_CSV;
    if (!strcmp(f, "xlsx")) return KH_TAB_XLSX;
    return -1;
}

/* v as a cell's text into out (money: 分 as 元 with two decimals). */
static const char *cell(json_t *v, char type, char *out, size_t n)
{
    if (!v || json_is_null(v)) return NULL;
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_boolean(v)) return json_is_true(v) ? "是" : "否";
    if (json_is_integer(v)) {
        long long x = json_integer_value(v);
        if (type == 'm')
            snprintf(out, n, "%s%lld.%02lld", x < 0 ? "-" : "",
                     (x < 0 ? -x : x) / 100, (x < 0 ? -x : x) % 100);
        else
            snprintf(out, n, "%lld", x);
        return out;
    }
    if (json_is_real(v)) {
        snprintf(out, n, "%g", json_real_value(v));
        return out;
    }
    return NULL;
}

static int write_rows(const char *path, int fmt, const char *sheet,
                      json_t *rows, const web_col *cols, size_t ncols,
                      kh_error *err)
{
    kh_tabwriter *w;
    if (kh_tabwriter_open(path, fmt, KH_ENC_UTF8_BOM, &w, err))
        return err->status;
    const char *cells[64];
    char types[65], buf[64][32];
    if (ncols > 64) ncols = 64;
    for (size_t i = 0; i < ncols; i++) {
        cells[i] = cols[i].title;
        types[i] = 'h';
    }
    int rc = kh_tabwriter_sheet(w, sheet, err);
    if (!rc) rc = kh_tabwriter_row(w, cells, types, ncols, err);
    kh_tabwriter_freeze(w, 1, 0);
    size_t k;
    json_t *row;
    json_array_foreach(rows, k, row) {
        if (rc) break;
        for (size_t i = 0; i < ncols; i++) {
            char t = cols[i].type;
            cells[i] = cell(json_object_get(row, cols[i].key), t, buf[i],
                            sizeof buf[i]);
            types[i] = t == 'm' ? 'n' : t;
        }
        rc = kh_tabwriter_row(w, cells, types, ncols, err);
    }
    if (rc) {
        kh_tabwriter_free(w);
        return rc;
    }
    return kh_tabwriter_close(w, err);
}

enum MHD_Result web_export_list(web_req *r, kh_store *s, const char *title,
                                json_t *rows, const web_col *cols,
                                size_t ncols, int fmt, long long total)
{
    kh_error err;
    kh_error_clear(&err);
    if (total > WEB_EXPORT_MAX) {
        json_decref(rows);
        kh_error_set(&err, KH_ERR_INVALID, "export_too_big",
                     "筛选后共 %lld 条,超过导出上限 %d 条,请缩小筛选范围",
                     "%lld rows match, more than the %d an export may hold;"
                     " narrow the filters",
                     total, WEB_EXPORT_MAX);
        return web_fail(r, &err);
    }
    /* the one masking policy, as the page's reply gets it */
    if (!r->unmasked) web_mask_json(rows);
    const char *ext = fmt == KH_TAB_XLSX ? "xlsx" : "csv";
    const char *t = getenv("TMPDIR");
    char dir[4096], path[4200];
    snprintf(dir, sizeof dir, "%s/kaohe-export.XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(dir)) {
        json_decref(rows);
        kh_error_msg(&err, KH_ERR_IO, "export_tmp",
                     "无法导出(临时目录)",
                     "cannot export (temporary directory)");
        return web_fail(r, &err);
    }
    snprintf(path, sizeof path, "%s/list.%s", dir, ext);
    long long n = (long long)json_array_size(rows);
    int rc = write_rows(path, fmt, title, rows, cols, ncols, &err);
    json_decref(rows);
    size_t len = 0;
    char *data = NULL;
    if (!rc && !(data = web_slurp(path, &len)))
        rc = kh_error_msg(&err, KH_ERR_IO, "export_read",
                          "无法读取导出的文件", "cannot read the export");
    unlink(path);
    rmdir(dir);
    char object[160], name[200];
    snprintf(object, sizeof object, "%s.%s", title, ext);
    if (!rc) rc = web_begin(r, s, &err);
    if (!rc) {
        rc = web_audit(r, s, r->unmasked ? "list.export.unmask"
                                         : "list.export",
                       object, "ok", n, NULL, NULL, &err);
        rc = web_end(r, s, rc, &err);
    }
    if (rc) {
        free(data);
        return web_fail(r, &err);
    }
    char day[11];
    web_today(r, day);
    snprintf(name, sizeof name, "%s-%s.%s", title, day, ext);
    return web_send_file(
        r, data, len, name,
        fmt == KH_TAB_XLSX ? "application/vnd.openxmlformats-officedocument"
                             ".spreadsheetml.sheet"
                           : "text/csv; charset=utf-8");
}
