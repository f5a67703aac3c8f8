/* SPDX-License-Identifier: MIT */
/*
 * web_reports.c - report downloads through the API (GET /api/reports/KIND):
 * generated on request by the same library functions as `kaohe report`,
 * into a private temporary directory, sent as an attachment and removed.
 * Who may have which report, whether it is masked, and the audit of the
 * download and of a refusal are the use cases' (kh_app_*_download,
 * include/kaohe/app_documents.h), shared with the command line; this file
 * parses the request and sends the file. docs/http-api.md. The
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
#include "kaohe/rect_export.h"
#include "kaohe/registry.h"
#include "kaohe/standard.h"
#include "kaohe/tabwriter.h"
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

/* Send the report made at path (or, when rc, the error that stopped it:
 * a refusal the use case audited), then remove the file and its
 * directory if made. */
static enum MHD_Result send_made(web_req *r, int rc, kh_error *err, int made,
                                 const char *dir, const char *path,
                                 const char *name, const char *type)
{
    char *data = NULL;
    size_t n = 0;
    if (!rc) rc = slurp(path, &data, &n, err);
    enum MHD_Result ret = rc ? web_fail(r, err)
                             : web_send_file(r, data, n, name, type);
    if (made) {
        unlink(path);
        rmdir(dir);
    }
    return ret;
}

/* The acting user of the request. */
static void actor_of(web_req *r, kh_actor *who)
{
    kh_actor_from_user(who, r->srv->std, &r->user, r->addr, r->now);
}

/* Whether the request asks for personal information whole (unmask=1);
 * the use case decides whether it may. */
static int unmask_arg(web_req *r)
{
    const char *um = web_arg(r, "unmask");
    return um && !strcmp(um, "1");
}

/* The writes of a use case go one at a time (its refusal or its audit
 * entry): write_lock around the call. */
static void lock(web_req *r) { pthread_mutex_lock(&r->srv->write_lock); }
static void unlock(web_req *r) { pthread_mutex_unlock(&r->srv->write_lock); }

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* "YYYY-MM-DD HH:MM" (UTC) of the request: when, on the PDF's footer. */
static void when_of(web_req *r, char when[20])
{
    snprintf(when, 20, "%.10s %.5s", r->now, r->now + 11);
}

/* 考核通报: ?scheme=&year=&level=&version= (PDF). Who may have it: the use
 * case (every region of the run within the user's scope). */
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
    kh_actor who;
    actor_of(r, &who);
    char dir[4096], path[4200], name[200], when[20], today[11];
    when_of(r, when);
    web_today(r, today);
    path[0] = '\0';
    int rc = tmp_dir(dir, sizeof dir, &err), made = !rc;
    if (!rc) {
        snprintf(path, sizeof path, "%s/tongbao.pdf", dir);
        lock(r);
        rc = kh_app_tongbao_download(s, &who, scheme, (int)year, level,
                                     (int)version, KH_DOC_PDF, path, today,
                                     r->user.name, when, 0, &err);
        unlock(r);
    }
    /* the file's name: the scheme's and the version's (read once made) */
    kh_assessment *a = NULL;
    if (!rc) rc = kh_store_assess_load(s, scheme, (int)year, level,
                                       (int)version, &a, &err);
    if (!rc)
        snprintf(name, sizeof name, "考核通报-%.64s-%lld-v%d.pdf",
                 a->scheme->name, year, a->version);
    kh_assessment_free(a);
    return send_made(r, rc, &err, made, dir, path, name, "application/pdf");
}

/* The scope's word in a file name: 本单位, 全部 or the region's code. */
static const char *scope_name(web_req *r)
{
    return r->acc.dept_only ? "本单位" : r->acc.all ? "全部" : r->acc.region;
}

/* 整改台账: ?year= (optional), XLSX: the problems the user may see (the
 * use case: the region's subtree, or a 牵头部门 / 责任单位's own). */
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
    kh_actor who;
    actor_of(r, &who);
    char dir[4096], path[4200], today[11];
    web_today(r, today);
    path[0] = '\0';
    int rc = tmp_dir(dir, sizeof dir, &err), made = !rc;
    if (!rc) {
        snprintf(path, sizeof path, "%s/ledger.xlsx", dir);
        lock(r);
        rc = kh_app_ledger_download(s, &who, &f, unmask_arg(r), path, today,
                                    r->user.name, r->now, NULL, &err);
        unlock(r);
    }
    char name[160];
    snprintf(name, sizeof name, "整改台账-%s.xlsx", scope_name(r));
    return send_made(r, rc, &err, made, dir, path, name, XLSX_TYPE);
}

/* 明白卡: ?village=CODE&year= (default the latest stored), PDF of every
 * household of the village. Who may, and masked or not: the use case. */
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
    kh_actor who;
    actor_of(r, &who);
    char dir[4096], path[4200], when[20];
    path[0] = '\0';
    when_of(r, when);
    int rc = tmp_dir(dir, sizeof dir, &err), made = !rc;
    if (!rc) {
        snprintf(path, sizeof path, "%s/card.pdf", dir);
        lock(r);
        rc = kh_app_card_download(s, r->srv->std, &who, (int)year, village,
                                  unmask_arg(r), path, r->user.name, when,
                                  NULL, NULL, &err);
        unlock(r);
    }
    char name[96];
    snprintf(name, sizeof name, "明白卡-%s-%lld.pdf", village, year);
    return send_made(r, rc, &err, made, dir, path, name, "application/pdf");
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
    kh_actor who;
    actor_of(r, &who);
    char dir[4096], path[4200], today[11], when[20];
    web_today(r, today);
    when_of(r, when);
    path[0] = '\0';
    int rc = tmp_dir(dir, sizeof dir, &err), made = !rc;
    if (!rc) {
        snprintf(path, sizeof path, "%s/%s.%s", dir, kind, fmt);
        lock(r);
        rc = kh_app_rect_download(s, r->srv->std, &who, plan, &f,
                                  unmask_arg(r), format, path, today,
                                  r->user.name, pdf ? when : r->now, 0, NULL,
                                  &err);
        unlock(r);
    }
    char name[200];
    snprintf(name, sizeof name, "%s-%s.%s", plan ? "整改方案" : "整改报告",
             scope_name(r), fmt);
    return send_made(r, rc, &err, made, dir, path, name,
                     pdf ? "application/pdf" : docx ? DOCX_TYPE : XLSX_TYPE);
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
    kh_actor who;
    actor_of(r, &who);
    char dir[4096], path[4200], today[11];
    web_today(r, today);
    path[0] = '\0';
    kh_rect_export_opts o = {.today = today, .status_shown = status,
                             .who = r->user.name, .when = r->now};
    int rc = tmp_dir(dir, sizeof dir, &err), made = !rc;
    if (!rc) {
        snprintf(path, sizeof path, "%s/problems.xlsx", dir);
        lock(r);
        rc = kh_app_problems_download(s, &who, &f, unmask_arg(r), &o,
                                      KH_TAB_XLSX, path, NULL, &err);
        unlock(r);
    }
    char name[200];
    snprintf(name, sizeof name, "问题清单-%s.xlsx", scope_name(r));
    return send_made(r, rc, &err, made, dir, path, name, XLSX_TYPE);
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
