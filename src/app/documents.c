/* SPDX-License-Identifier: MIT */
/*
 * documents.c - the documents' use cases (include/kaohe/app_documents.h):
 * the issuing details of a region, and every document read from the
 * store into plain rows and written by its writer in src/io.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/app_documents.h"
#include "kaohe/assess.h"
#include "kaohe/assess_store.h"
#include "kaohe/assess_report.h"
#include "kaohe/card.h"
#include "kaohe/card_store.h"
#include "kaohe/card_pdf.h"
#include "kaohe/standard.h"
#include "kaohe/date.h"
#include "kaohe/org.h"
#include "kaohe/rect_ledger.h"
#include "kaohe/rect_report.h"
#include "kaohe/store.h"
#include "kaohe/tongbao.h"

int kh_app_org_set(kh_store *s, const kh_actor *who, const kh_org *o,
                   kh_error *err)
{
    /* the console's operator may always set them (actor.c) */
    int may = kh_actor_is_operator(who) || who->acc.all ||
              (who->acc.may_rectify && kh_access_region(&who->acc, o->region));
    char name[128], parent[16];
    int rc = KH_OK;
    if (!may)
        rc = kh_error_set(err, KH_ERR_DENIED, "denied",
                          "用户 %s 无权设置 %s 的发文信息",
                          "user %s may not set the issuing details of %s",
                          who->acc.user, o->region);
    if (!rc)
        rc = kh_store_region_name(s, o->region, name, sizeof name, parent,
                                  sizeof parent, err);
    int y, m, d;
    if (!rc && o->date[0] &&
        (strlen(o->date) != 10 || kh_date_parse(o->date, 10, &y, &m, &d)))
        rc = kh_error_set(err, KH_ERR_INVALID, "bad_date",
                          "落款日期“%s”不是有效日期(YYYY-MM-DD)",
                          "the date '%s' is not a valid date (YYYY-MM-DD)",
                          o->date);
    if (!rc && (strstr(o->docno, "{号}") == NULL) && o->docno[0])
        rc = kh_error_set(err, KH_ERR_INVALID, "bad_docno",
                          "文号格式“%s”须含 {号}(可含 {年})",
                          "the document number pattern '%s' needs {号} "
                          "(and may have {年})",
                          o->docno);
    if (rc) {
        if (rc == KH_ERR_DB) return rc;
        return kh_app_refuse(s, who, "org_set", o->region, err);
    }
    kh_org v = *o;
    snprintf(v.updated_at, sizeof v.updated_at, "%s", who->now);
    snprintf(v.updated_by, sizeof v.updated_by, "%s", who->acc.user);
    rc = kh_store_begin(s, err);
    if (!rc) rc = kh_store_org_set(s, &v, err);
    if (!rc) {
        char after[900];
        snprintf(after, sizeof after, "%s | %s | %s | %s", v.issuer, v.docno,
                 v.contact, v.date);
        rc = kh_app_audit(s, who, "org_set", o->region, "ok", 1, NULL, after,
                          NULL, err);
    }
    if (!rc) return kh_store_commit(s, err);
    kh_store_rollback(s);
    return rc;
}

int kh_app_doc_ctx(kh_store *s, const char *region, int year,
                   const char *today, const char *who, const char *when,
                   int number, kh_doc_ctx *c, kh_error *err)
{
    memset(c, 0, sizeof *c);
    snprintf(c->today, sizeof c->today, "%s", today ? today : "");
    snprintf(c->who, sizeof c->who, "%s", who ? who : "");
    snprintf(c->when, sizeof c->when, "%s", when ? when : "");
    c->number = number;
    int rc = KH_OK;
    if (region && region[0]) {
        char parent[16];
        rc = kh_store_region_name(s, region, c->region_name,
                                  sizeof c->region_name, parent,
                                  sizeof parent, err);
        if (!rc) rc = kh_store_org_get(s, region, &c->org, &c->has_org, err);
    }
    if (rc) return rc;
    int years[64], ny = kh_store_years(s, years, 64);
    int y = year;
    if (!y && ny > 0) y = years[ny - 1];
    c->year = year;
    if (y && kh_store_year_exists(s, y)) {
        rc = kh_store_region_basics(s, y, region, &c->basics, err);
        c->has_basics = !rc;
        if (!c->year) c->year = y;
    }
    return rc;
}

typedef struct closer {
    char *asked, *by, *at;
} closer;

static int on_event(void *ctx, const char *at, const char *who,
                    const char *action, int from, int to, const char *note,
                    const char *before, const char *after)
{
    closer *c = ctx;
    if (!strcmp(action, kh_rect_action_name(KH_RA_REQUEST))) {
        free(c->asked);
        c->asked = strdup(who ? who : "");
        if (!c->asked) return 1;
    } else if (!strcmp(action, kh_rect_action_name(KH_RA_VERIFY))) {
        free(c->by);
        free(c->at);
        c->by = strdup(who ? who : "");
        c->at = strdup(at ? at : "");
        if (!c->by || !c->at) return 1;
    }
    return 0;
}

typedef struct taker {
    kh_problem_rows *r;
} taker;

static int take(void *ctx, const kh_problem *p, kh_error *err)
{
    taker *t = ctx;
    return kh_problem_rows_add(t->r, p, err);
}

int kh_app_doc_problems(kh_store *s, const kh_problem_filter *f,
                        kh_problem_rows *out, kh_error *err)
{
    memset(out, 0, sizeof *out);
    taker t = {out};
    int rc = kh_store_problems_each(s, f, take, &t, err);
    for (size_t i = 0; !rc && i < out->n; i++) {
        const kh_problem *p = &out->p[i];
        if (p->status == KH_RS_TODO && !p->requested_by) continue;
        closer c = {0};
        rc = kh_store_problem_events(s, p->id, on_event, &c, err);
        if (!rc) rc = kh_problem_rows_close(out, i, c.asked, c.by, c.at, err);
        free(c.asked);
        free(c.by);
        free(c.at);
    }
    if (!rc && f->masked) rc = kh_problem_rows_mask(out, err);
    if (rc) kh_problem_rows_free(out);
    return rc;
}

typedef int (*writer_fn)(const kh_doc_ctx *c, const kh_problem_rows *rows,
                         const struct kh_standard *std, int format,
                         const char *path, kh_error *err);

static int rect_doc(kh_store *s, const struct kh_standard *std,
                    const kh_problem_filter *f, int format, const char *path,
                    const char *today, const char *who, const char *when,
                    int number, long *count, writer_fn write, kh_error *err)
{
    if (count) *count = 0;
    kh_doc_ctx c;
    kh_problem_rows rows;
    int rc = kh_app_doc_ctx(s, f->region, f->year, today, who, when, number,
                            &c, err);
    if (rc) return rc;
    rc = kh_app_doc_problems(s, f, &rows, err);
    if (rc) return rc;
    rc = write(&c, &rows, std, format, path, err);
    if (!rc && count) *count = (long)rows.n;
    kh_problem_rows_free(&rows);
    return rc;
}

int kh_app_doc_rect_report(kh_store *s, const struct kh_standard *std,
                           const kh_problem_filter *f, int format,
                           const char *path, const char *today,
                           const char *who, const char *when, int number,
                           long *count, kh_error *err)
{
    return rect_doc(s, std, f, format, path, today, who, when, number, count,
                    kh_rect_report_write, err);
}

int kh_app_doc_rect_plan(kh_store *s, const struct kh_standard *std,
                         const kh_problem_filter *f, int format,
                         const char *path, const char *today,
                         const char *who, const char *when, int number,
                         long *count, kh_error *err)
{
    return rect_doc(s, std, f, format, path, today, who, when, number, count,
                    kh_rect_plan_write, err);
}

int kh_app_doc_ledger(kh_store *s, const kh_problem_filter *f,
                      const char *path, const char *today, const char *who,
                      const char *when, long *count, kh_error *err)
{
    if (count) *count = 0;
    kh_doc_ctx c;
    kh_problem_rows rows;
    int rc = kh_app_doc_ctx(s, f->region, f->year, today, who, when, 0, &c,
                            err);
    if (rc) return rc;
    rc = kh_app_doc_problems(s, f, &rows, err);
    if (rc) return rc;
    rc = kh_rect_ledger_write(&c, &rows, path, err);
    if (!rc && count) *count = (long)rows.n;
    kh_problem_rows_free(&rows);
    return rc;
}

int kh_app_doc_export(kh_store *s, const kh_problem_filter *f,
                      const kh_rect_export_opts *o, int format,
                      const char *path, long *count, kh_error *err)
{
    if (count) *count = 0;
    kh_problem_rows rows;
    int rc = kh_app_doc_problems(s, f, &rows, err);
    if (rc) return rc;
    rc = kh_rect_export_write(&rows, o, format, path, count, err);
    kh_problem_rows_free(&rows);
    return rc;
}

int kh_app_doc_tongbao(kh_store *s, const char *scheme, int year, int level,
                       int version, int format, const char *path,
                       const char *today, const char *who, const char *when,
                       int number, kh_error *err)
{
    kh_assessment *a = NULL;
    int rc = kh_store_assess_load(s, scheme, year, level, version, &a, err);
    if (rc) return rc;
    /* signed by the region above the regions assessed */
    char above[16] = "";
    for (size_t i = 0; i < a->nregions; i++)
        if (a->regions[i].scheme == a->scheme) {
            char name[128];
            kh_error e;
            kh_error_clear(&e);
            if (kh_store_region_name(s, a->regions[i].code, name, sizeof name,
                                     above, sizeof above, &e))
                above[0] = '\0';
            break;
        }
    kh_doc_ctx c;
    rc = kh_app_doc_ctx(s, above[0] ? above : NULL, year, today, who, when,
                        number, &c, err);
    if (!rc) rc = kh_tongbao_write(&c, a, format, path, err);
    kh_assessment_free(a);
    return rc;
}

int kh_app_doc_assess_report(kh_store *s, const struct kh_standard *std,
                             const char *scheme, int year, int level,
                             int version, const char *region, int format,
                             const char *path, const char *today,
                             const char *who, const char *when,
                             kh_error *err)
{
    long long fnum = 0, fden = 1;
    if (kh_standard_rate(std, "problem_assess.item_fail_share", &fnum, &fden))
        return kh_error_msg(err, KH_ERR_INVALID, "problem_assess",
                            "标准文件缺少 [problem_assess] item_fail_share",
                            "the standards file lacks [problem_assess] "
                            "item_fail_share");
    kh_assessment *a = NULL;
    int rc = kh_store_assess_load(s, scheme, year, level, version, &a, err);
    if (rc) return rc;
    kh_doc_ctx c;
    kh_problem_rows rows = {0};
    char name[128], parent[16] = "";
    rc = kh_store_region_name(s, region, name, sizeof name, parent,
                              sizeof parent, err);
    if (!rc) rc = kh_app_doc_ctx(s, region, year, today, who, when, 0, &c, err);
    /* signed by the assessor: the issuing details of the region above */
    if (!rc && parent[0])
        rc = kh_store_org_get(s, parent, &c.org, &c.has_org, err);
    if (!rc && parent[0] && !c.org.issuer[0]) {
        char pn[128], pp[16];
        if (!kh_store_region_name(s, parent, pn, sizeof pn, pp, sizeof pp, err))
            snprintf(c.org.issuer, sizeof c.org.issuer, "%s扶贫开发领导小组", pn);
        kh_error_clear(err);
    }
    kh_problem_filter f = {.region = region, .year = year};
    if (!rc) rc = kh_app_doc_problems(s, &f, &rows, err);
    if (!rc)
        rc = kh_assess_report_write(&c, a, region, &rows, fnum, fden, format,
                                    path, err);
    kh_problem_rows_free(&rows);
    kh_assessment_free(a);
    return rc;
}

int kh_app_doc_card(kh_store *s, int year, const char *village,
                    long long line, int mask_phone, const char *path,
                    const char *author, const char *when,
                    long long *households, int *pages, kh_error *err)
{
    if (households) *households = 0;
    if (pages) *pages = 0;
    char address[640];
    kh_store_region_path(s, village, " ", address, sizeof address);
    kh_card_writer *w = NULL;
    int rc = kh_card_pdf_begin(path, year, village, address, line, mask_phone,
                               author, when, &w, err);
    if (rc) return rc;
    long long n;
    rc = kh_store_card_each(s, year, village, kh_card_pdf_page, w, &n, err);
    if (rc) {
        kh_card_pdf_abort(w);
        return rc;
    }
    return kh_card_pdf_finish(w, households, pages, err);
}
