/* SPDX-License-Identifier: MIT */
/*
 * web_template.c - GET /api/templates/KIND: the import template of KIND
 * (registry, regions, roster, survey, plan) as `kaohe template KIND`
 * writes it (kaohe/template.h), from the server's standards file, for the
 * import pages' download links. docs/http-api.md "Templates".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kaohe/template.h"
#include "web/web_int.h"

enum MHD_Result web_template(web_req *r, char **seg, int nseg)
{
    (void)nseg;
    static const char *const names[] = {
        "建档立卡导入模板", "区划导入模板", "花名册导入模板",
        "入户调查导入模板", "整改清单导入模板"};
    int kind = kh_template_kind_parse(seg[0]);
    if (kind < 0 || kind >= (int)(sizeof names / sizeof names[0]))
        return web_error(r, 404, "not_found", "没有这种导入模板",
                         "no such import template");
    kh_error err;
    kh_error_clear(&err);
    char path[4096];
    /* an empty private file to take the template's name */
    int rc = web_tmp_file(path, sizeof path, "template", NULL, 0, &err);
    if (!rc) rc = kh_template_write(r->srv->std, kind, path, &err);
    size_t n = 0;
    char *data = rc ? NULL : web_slurp(path, &n);
    if (path[0]) unlink(path);
    if (rc) return web_fail(r, &err);
    if (!data) return web_nomem(r);
    char name[96];
    snprintf(name, sizeof name, "%s.xlsx", names[kind]);
    return web_send_file(r, data, n, name,
                         "application/vnd.openxmlformats-officedocument."
                         "spreadsheetml.sheet");
}
