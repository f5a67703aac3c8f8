/* SPDX-License-Identifier: MIT */
/*
 * web_reports.c - report downloads through the API (GET /api/reports/KIND):
 * generated on request by the same library functions as `kaohe report`,
 * into a private temporary directory, sent as an attachment and removed.
 * Each download is audited (who, which report, how many records) before it
 * is sent; the file names who made it and when. docs/http-api.md. The
 * kinds: tongbao (考核通报 PDF), ledger (整改台账 XLSX), card (明白卡 PDF of
 * a village), rectify (整改报告 PDF or XLSX), problems (问题清单 XLSX, the
 * sheet `kaohe rectify import` reads back).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kaohe/app_documents.h"
#include "kaohe/doc.h"
#include "kaohe/card_pdf.h"
#include "kaohe/rect_export.h"
#include "kaohe/rect_ledger.h"
#include "kaohe/rect_report.h"
#include "kaohe/registry.h"
#include "kaohe/standard.h"
#include "kaohe/tabwriter.h"
#include "kaohe/tongbao.h"
#include "web/web_int.h"
#include "kaohe/assess_store.h"

/* A private directory for one report: dir gets its name. */
static int tmp_dir(char *dir, size_t n, kh_error *err)
{
    const char *t = getenv("TMPDIR");
    snprintf(dir, n, "%s/kaohe-report.XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(dir))
        return kh_error_msg(err, KH_ERR_IO, "report_tmp",
                            "无法生成报表(临时目录)",
                            "cannot make the report (temporary directory)");
    return KH_OK;
}

/* The file's bytes into *data (malloc'd), *n. */
static int slurp(const char *path, char **data, size_t *n, kh_error *err)
{
    *n = 0;
    if ((*data = web_slurp(path, n))) return KH_OK;
    return kh_error_msg(err, KH_ERR_IO, "report_read", "无法读取生成的报表",
                        "cannot read the report made");
}

/* Audit the download (its own transaction), then send it. */
static enum MHD_Result deliver(web_req *r, kh_store *s, const char *path,
                               const char *name, const char *type,
                               const char *object, const char *after,
                               long long records)
{
    kh_error err;
    kh_error_clear(&err);
    char *data;
    size_t n;
    int rc = slurp(path, &data, &n, &err);
    if (!rc) rc = web_begin(r, s, &err);
    if (!rc) {
        rc = web_audit(r, s, "report.download", object, "ok", records, NULL,
                       after, &err);
        rc = web_end(r, s, rc, &err);
        if (rc) free(data);
    }
    if (rc) return web_fail(r, &err);
    return web_send_file(r, data, n, name, type);
}

/* Send the report made at path (or, when rc, the error that stopped it),
 * then remove the file and its directory if made. */
static enum MHD_Result send_made(web_req *r, kh_store *s, int rc,
                                 kh_error *err, int made, const char *dir,
                                 const char *path, const char *name,
                                 const char *type, const char *object,
                                 const char *after, long long records)
{
    enum MHD_Result ret = rc ? web_fail(r, err)
                             : deliver(r, s, path, name, type, object, after,
                                       records);
    if (made) {
        unlink(path);
        rmdir(dir);
    }
    return ret;
}

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* "YYYY-MM-DD HH:MM" (UTC) of the request: when, on the PDF's footer. */
static void when_of(web_req *r, char when[20])
{
    snprintf(when, 20, "%.10s %.5s", r->now, r->now + 11);
}

/* 考核通报: ?scheme=&year=&level=&version= (PDF). Every region of the run
 * must be within the user's scope. */
static enum MHD_Result tongbao(web_req *r, kh_store *s)
{
    kh_error err;
    kh_error_clear(&err);
    const char *scheme = web_arg(r, "scheme"), *lv = web_arg(r, "level");
    long long year = web_arg_int(r, "year", -1, 1900, 2100);
    long long version = web_arg_int(r, "version", 0, 1, 1000000);
    int level = lv ? kh_level_parse(lv, strlen(lv)) : KH_LV_NONE;
    if (!scheme || year < 0 || version < 0 || level == KH_LV_NONE ||
        level == KH_LV_VILLAGE)
        return web_error(r, 400, "bad_arg",
                         "需要参数 scheme、year、level(省/市/县/乡),可选 version",
                         "scheme, year and level (省/市/县/乡) are required, "
                         "version optional");
    char object[224];
    snprintf(object, sizeof object, "report/tongbao/%.64s/%lld/%s", scheme,
             year, kh_level_name(level));
    if (r->acc.none) {
        kh_error_set(&err, KH_ERR_DENIED, "role_denied",
                     "你的角色不能下载考核通报",
                     "your role may not download the assessment notice");
        return web_refuse(r, s, "report.download", object, &err);
    }
    kh_assessment *a = NULL;
    if (kh_store_assess_load(s, scheme, (int)year, level, (int)version, &a,
                             &err))
        return web_fail(r, &err);
    long long n = 0;
    for (size_t g = 0; g < a->nregions; g++) {
        if (a->regions[g].scheme == a->scheme) n++;
        if (!kh_access_region(&r->acc, a->regions[g].code)) {
            kh_assessment_free(a);
            kh_error_set(&err, KH_ERR_DENIED, "scope_denied",
                         "考核通报包括你的区划以外的区划",
                         "the notice takes in regions outside yours");
            return web_refuse(r, s, "report.download", object, &err);
        }
    }
    char dir[4096], path[4200], name[200], after[160];
    snprintf(name, sizeof name, "考核通报-%.64s-%lld-v%d.pdf", a->scheme->name,
             year, a->version);
    snprintf(after, sizeof after,
             "{\"report\":\"tongbao\",\"format\":\"pdf\",\"version\":%d}",
             a->version);
    size_t ol = strlen(object);
    snprintf(object + ol, sizeof object - ol, "/%d", a->version);
    int rc = tmp_dir(dir, sizeof dir, &err), made = !rc;
    path[0] = '\0';
    if (!rc) {
        snprintf(path, sizeof path, "%s/tongbao.pdf", dir);
        char when[20], today[11];
        when_of(r, when);
        web_today(r, today);
        rc = kh_app_doc_tongbao(s, scheme, (int)year, level, a->version,
                                KH_DOC_PDF, path, today, r->user.name, when,
                                0, &err);
    }
    kh_assessment_free(a);
    return send_made(r, s, rc, &err, made, dir, path, name, "application/pdf",
                     object, after, n);
}

/* The problems the user may see as a filter (the region's subtree, all,
 * or a 牵头部门 / 责任单位's own), and the scope's word for object and
 * file names; 0 when the role sees no problem. */
static int problem_scope(web_req *r, kh_problem_filter *f,
                         const char **scope)
{
    *scope = r->acc.dept_only ? r->acc.dept
             : r->acc.all     ? "all"
             : r->acc.none    ? "none"
                              : r->acc.region;
    if (r->acc.dept_only)
        f->dept = r->acc.dept;
    else if (!r->acc.all)
        f->region = r->acc.region;
    return !(r->acc.none && !r->acc.dept_only);
}

/* The scope's word in a file name: 本单位, 全部 or the region's code. */
static const char *scope_name(web_req *r)
{
    return r->acc.dept_only ? "本单位" : r->acc.all ? "全部" : r->acc.region;
}

/* Whether a download shows personal information masked (docs/http-api.md,
 * "Security"): always, unless it asked for it whole (unmask=1) and the
 * role may unmask — which its audit entry records. 0 with *mask set, or
 * -1 when a role that may not unmask asked (the refusal is in err). */
static int download_mask(web_req *r, int *mask, kh_error *err)
{
    const char *um = web_arg(r, "unmask");
    *mask = !(um && !strcmp(um, "1"));
    if (!*mask && !r->acc.may_unmask) {
        kh_error_set(err, KH_ERR_DENIED, "unmask_denied",
                     "你的角色(%s)不能查看完整的证件号码和电话",
                     "your role (%s) may not see whole ID numbers and phones",
                     r->user.role);
        return -1;
    }
    return 0;
}

/* 整改台账: ?year= (optional), XLSX: the problems the user may see (the
 * region's subtree, or a 牵头部门 / 责任单位's own). */
static enum MHD_Result ledger(web_req *r, kh_store *s)
{
    kh_error err;
    kh_error_clear(&err);
    long long year = web_arg_int(r, "year", 0, 1900, 2100);
    if (year < 0)
        return web_error(r, 400, "bad_arg", "参数 year 的值无效",
                         "bad value of the parameter year");
    kh_problem_filter f = {0};
    f.year = (int)year;
    const char *scope;
    int may = problem_scope(r, &f, &scope);
    char object[200];
    snprintf(object, sizeof object, "report/ledger/%s/%lld", scope, year);
    if (!may) {
        kh_error_set(&err, KH_ERR_DENIED, "role_denied",
                     "你的角色不能下载整改台账",
                     "your role may not download the ledger");
        return web_refuse(r, s, "report.download", object, &err);
    }
    if (download_mask(r, &f.masked, &err))
        return web_refuse(r, s, "report.download", object, &err);
    char dir[4096], path[4200], today[11];
    web_today(r, today);
    path[0] = '\0';
    long n = 0;
    int rc = tmp_dir(dir, sizeof dir, &err), made = !rc;
    if (!rc) {
        snprintf(path, sizeof path, "%s/ledger.xlsx", dir);
        rc = kh_app_doc_ledger(s, &f, path, today, r->user.name, r->now, &n,
                               &err);
    }
    char name[160], after[128];
    snprintf(name, sizeof name, "整改台账-%s.xlsx",
             scope_name(r));
    snprintf(after, sizeof after,
             "{\"report\":\"ledger\",\"format\":\"xlsx\",\"year\":%lld,"
             "\"masked\":%s}",
             year, f.masked ? "true" : "false");
    return send_made(r, s, rc, &err, made, dir, path, name, XLSX_TYPE, object,
                     after, n);
}

/* 明白卡: ?village=CODE&year= (default the latest stored), PDF of every
 * household of the village. The village must be in the user's scope;
 * phones masked unless unmask=1 from a role that may unmask. */
static enum MHD_Result card(web_req *r, kh_store *s)
{
    kh_error err;
    kh_error_clear(&err);
    const char *village = web_arg(r, "village");
    long long year = web_arg_int(r, "year", 0, 1900, 2100);
    if (!village || strlen(village) != 12 ||
        strspn(village, "0123456789") != 12 || year < 0)
        return web_error(r, 400, "bad_arg",
                         "需要参数 village(12 位村级区划代码),可选 year",
                         "village (a 12-digit village code) is required, "
                         "year optional");
    if (year == 0) {
        int years[64];
        int ny = kh_store_years(s, years, 64);
        if (ny <= 0)
            return web_error(r, 404, "year_missing", "没有已导入的年度",
                             "no year is stored");
        year = years[ny - 1];
    }
    char object[96];
    snprintf(object, sizeof object, "report/card/%s/%lld", village, year);
    if (r->acc.none || !kh_access_region(&r->acc, village)) {
        kh_error_set(&err, KH_ERR_DENIED, "out_of_scope",
                     "该村不在你的区划范围内",
                     "the village is outside your region");
        return web_refuse(r, s, "report.download", object, &err);
    }
    long long line;
    if (kh_standard_poverty_line(r->srv->std, (int)year, &line)) line = -1;
    char dir[4096], path[4200], when[20];
    path[0] = '\0';
    when_of(r, when);
    long long n = 0;
    /* Phones whole only when asked (unmask=1) by a role that may: the
     * download's audit entry says so (phones_masked false). */
    int mask;
    if (download_mask(r, &mask, &err))
        return web_refuse(r, s, "report.download", object, &err);
    int rc = tmp_dir(dir, sizeof dir, &err), made = !rc;
    if (!rc) {
        snprintf(path, sizeof path, "%s/card.pdf", dir);
        rc = kh_app_doc_card(s, (int)year, village, line, mask, path,
                             r->user.name, when, &n, NULL, &err);
    }
    char name[96], after[128];
    snprintf(name, sizeof name, "明白卡-%s-%lld.pdf", village, year);
    snprintf(after, sizeof after,
             "{\"report\":\"card\",\"format\":\"pdf\",\"year\":%lld,"
             "\"phones_masked\":%s}",
             year, mask ? "true" : "false");
    return send_made(r, s, rc, &err, made, dir, path, name, "application/pdf",
                     object, after, n);
}

#define DOCX_TYPE \
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

/* 整改报告 (plan 0) or 整改方案 (plan 1): ?format=pdf|docx|xlsx (pdf)&year=
 * of the problems the user may see. */
static enum MHD_Result rect_doc(web_req *r, kh_store *s, int plan)
{
    kh_error err;
    kh_error_clear(&err);
    long long year = web_arg_int(r, "year", 0, 1900, 2100);
    const char *fmt = web_arg(r, "format");
    if (!fmt) fmt = "pdf";
    int pdf = !strcmp(fmt, "pdf"), docx = !strcmp(fmt, "docx");
    int format = pdf ? KH_DOC_PDF : docx ? KH_DOC_DOCX : KH_DOC_XLSX;
    if (year < 0 || (!pdf && !docx && strcmp(fmt, "xlsx")))
        return web_error(r, 400, "bad_arg",
                         "参数 year 或 format(pdf、docx 或 xlsx)的值无效",
                         "bad value of year or format (pdf, docx or xlsx)");
    const char *kind = plan ? "plan" : "rectify";
    kh_problem_filter f = {0};
    f.year = (int)year;
    const char *scope;
    int may = problem_scope(r, &f, &scope);
    char object[200];
    snprintf(object, sizeof object, "report/%s/%s/%lld", kind, scope, year);
    if (!may) {
        kh_error_set(&err, KH_ERR_DENIED, "role_denied",
                     plan ? "你的角色不能下载整改方案" : "你的角色不能下载整改报告",
                     plan ? "your role may not download the rectification plan"
                          : "your role may not download the rectification report");
        return web_refuse(r, s, "report.download", object, &err);
    }
    if (download_mask(r, &f.masked, &err))
        return web_refuse(r, s, "report.download", object, &err);
    char dir[4096], path[4200], today[11], when[20];
    web_today(r, today);
    when_of(r, when);
    path[0] = '\0';
    long n = 0;
    int rc = tmp_dir(dir, sizeof dir, &err), made = !rc;
    if (!rc) {
        snprintf(path, sizeof path, "%s/%s.%s", dir, kind, fmt);
        if (plan)
            rc = kh_app_doc_rect_plan(s, r->srv->std, &f, format, path, today,
                                      r->user.name, pdf ? when : r->now, 0,
                                      &n, &err);
        else
            rc = kh_app_doc_rect_report(s, r->srv->std, &f, format, path,
                                        today, r->user.name,
                                        pdf ? when : r->now, 0, &n, &err);
    }
    char name[200], after[128];
    snprintf(name, sizeof name, "%s-%s.%s", plan ? "整改方案" : "整改报告",
             scope_name(r), fmt);
    snprintf(after, sizeof after,
             "{\"report\":\"%s\",\"format\":\"%s\",\"year\":%lld,"
             "\"masked\":%s}",
             kind, fmt, year, f.masked ? "true" : "false");
    return send_made(r, s, rc, &err, made, dir, path, name,
                     pdf ? "application/pdf" : docx ? DOCX_TYPE : XLSX_TYPE,
                     object, after, n);
}

/* 问题清单: ?year=&status=&category=&source= as GET /api/problems, XLSX
 * with the columns `kaohe rectify import` reads; who and when on a second
 * sheet (制表). */
static enum MHD_Result problems(web_req *r, kh_store *s)
{
    kh_error err;
    kh_error_clear(&err);
    long long year = web_arg_int(r, "year", 0, 1900, 2100);
    const char *st = web_arg(r, "status");
    int status = st ? kh_rect_status_parse(st) : -1;
    if (year < 0 || (st && status < 0))
        return web_error(r, 400, "bad_arg", "参数 year 或 status 的值无效",
                         "bad value of year or status");
    kh_problem_filter f = {0};
    f.year = (int)year;
    f.category = web_arg(r, "category");
    f.source = web_arg(r, "source");
    const char *scope;
    int may = problem_scope(r, &f, &scope);
    char object[200];
    snprintf(object, sizeof object, "report/problems/%s/%lld", scope, year);
    if (!may) {
        kh_error_set(&err, KH_ERR_DENIED, "role_denied",
                     "你的角色不能下载问题清单",
                     "your role may not download the problem list");
        return web_refuse(r, s, "report.download", object, &err);
    }
    if (download_mask(r, &f.masked, &err))
        return web_refuse(r, s, "report.download", object, &err);
    char dir[4096], path[4200], today[11];
    web_today(r, today);
    path[0] = '\0';
    kh_rect_export_opts o = {.today = today, .status_shown = status,
                             .who = r->user.name, .when = r->now};
    long n = 0;
    int rc = tmp_dir(dir, sizeof dir, &err), made = !rc;
    if (!rc) {
        snprintf(path, sizeof path, "%s/problems.xlsx", dir);
        rc = kh_app_doc_export(s, &f, &o, KH_TAB_XLSX, path, &n, &err);
    }
    char name[200], after[160];
    snprintf(name, sizeof name, "问题清单-%s.xlsx",
             scope_name(r));
    snprintf(after, sizeof after,
             "{\"report\":\"problems\",\"format\":\"xlsx\",\"year\":%lld,"
             "\"status\":\"%s\",\"masked\":%s}",
             year, status >= 0 ? kh_rect_status_zh(status) : "",
             f.masked ? "true" : "false");
    return send_made(r, s, rc, &err, made, dir, path, name, XLSX_TYPE, object,
                     after, n);
}

enum MHD_Result web_report(web_req *r, char **seg, int nseg)
{
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = web_store(r, &err);
    if (!s) return web_fail(r, &err);
    if (!strcmp(seg[0], "tongbao")) return tongbao(r, s);
    if (!strcmp(seg[0], "ledger")) return ledger(r, s);
    if (!strcmp(seg[0], "card")) return card(r, s);
    if (!strcmp(seg[0], "rectify")) return rect_doc(r, s, 0);
    if (!strcmp(seg[0], "plan")) return rect_doc(r, s, 1);
    if (!strcmp(seg[0], "problems")) return problems(r, s);
    return web_error(r, 404, "not_found", "没有这种报表", "no such report");
}
