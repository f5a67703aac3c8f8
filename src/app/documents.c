/* SPDX-License-Identifier: MIT */
/*
 * documents.c - the documents' use cases (include/kaohe/app_documents.h):
 * the issuing details of a region, and every document read from the
 * store into plain rows and written by its writer in src/io; and the
 * downloads (kh_app_*_download): who may have which document, whether it
 * is masked, and the audit of the download and of the refusal, decided
 * here once for the command line and the server.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/app_documents.h"
#include "kaohe/buf.h"
#include "kaohe/mask.h"
#include "kaohe/assess.h"
#include "kaohe/assess_store.h"
#include "kaohe/assess_report.h"
#include "kaohe/card.h"
#include "kaohe/card_store.h"
#include "kaohe/card_pdf.h"
#include "kaohe/standard.h"
#include "kaohe/date.h"
#include "kaohe/doc.h"
#include "kaohe/org.h"
#include "kaohe/rect_ledger.h"
#include "kaohe/rect_report.h"
#include "kaohe/registry.h"
#include "kaohe/tabwriter.h"
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

static int doc_rect_report(kh_store *s, const struct kh_standard *std,
                           const kh_problem_filter *f, int format,
                           const char *path, const char *today,
                           const char *who, const char *when, int number,
                           long *count, kh_error *err)
{
    return rect_doc(s, std, f, format, path, today, who, when, number, count,
                    kh_rect_report_write, err);
}

static int doc_rect_plan(kh_store *s, const struct kh_standard *std,
                         const kh_problem_filter *f, int format,
                         const char *path, const char *today,
                         const char *who, const char *when, int number,
                         long *count, kh_error *err)
{
    return rect_doc(s, std, f, format, path, today, who, when, number, count,
                    kh_rect_plan_write, err);
}

static int doc_ledger(kh_store *s, const kh_problem_filter *f,
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

static int doc_export(kh_store *s, const kh_problem_filter *f,
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

static int doc_tongbao(kh_store *s, const char *scheme, int year, int level,
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

static int doc_assess_report(kh_store *s, const struct kh_standard *std,
                             const char *scheme, int year, int level,
                             int version, const char *region, int masked,
                             int format, const char *path, const char *today,
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
    kh_problem_filter f = {.region = region, .year = year, .masked = masked};
    if (!rc) rc = kh_app_doc_problems(s, &f, &rows, err);
    if (!rc)
        rc = kh_assess_report_write(&c, a, region, &rows, fnum, fden, format,
                                    path, err);
    kh_problem_rows_free(&rows);
    kh_assessment_free(a);
    return rc;
}

static int doc_card(kh_store *s, int year, const char *village,
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

/* ---- the downloads: who may have which document ---- */

#define DL_ACTION "report.download"

/* The console's operator (kh_actor_is_operator: an unregistered name at
 * the command line, who holds the database file): every document whole,
 * as the command line always gave it, audited under the name. */
static int console_admin(const kh_actor *who)
{
    return kh_actor_is_operator(who);
}

/* The download audited (its own transaction) once the file is made; a
 * file that could not be audited is not handed out (removed). */
static int audit_download(kh_store *s, const kh_actor *who,
                          const char *object, long long records,
                          const char *after, const char *path, kh_error *err)
{
    int rc = kh_store_begin(s, err);
    if (!rc) {
        rc = kh_app_audit(s, who, DL_ACTION, object, "ok", records, NULL,
                          after, NULL, err);
        if (!rc) rc = kh_store_commit(s, err);
        else kh_store_rollback(s);
    }
    if (rc && path && strcmp(path, "-")) remove(path);
    return rc;
}

/*
 * Who may have the problems of a document of kind: f narrowed to who's
 * scope (a 牵头部门 / 责任单位's own; the user's region's subtree, or the
 * region asked when it lies within it; every problem for a user who sees
 * all), masked by kh_app_unmask. The console's operator keeps what the
 * command line always gave: the problems asked for, whole. object gets
 * "report/KIND/SCOPE/YEAR". A refusal is audited here.
 */
static int problems_may_as(kh_store *s, const kh_actor *who,
                           const char *action, const char *kind,
                           const char *zh, const char *en,
                           kh_problem_filter *f, int unmask, char *object,
                           size_t on, kh_error *err);

static int problems_may(kh_store *s, const kh_actor *who, const char *kind,
                        const char *zh, const char *en, kh_problem_filter *f,
                        int unmask, char *object, size_t on, kh_error *err)
{
    return problems_may_as(s, who, DL_ACTION, kind, zh, en, f, unmask, object,
                           on, err);
}

static int problems_may_as(kh_store *s, const kh_actor *who,
                           const char *action, const char *kind,
                           const char *zh, const char *en,
                           kh_problem_filter *f, int unmask, char *object,
                           size_t on, kh_error *err)
{
    const kh_access *a = &who->acc;
    int op = console_admin(who);
    const char *scope = op || a->all ? (f->region ? f->region : "all")
                        : a->dept_only ? a->dept
                        : a->none      ? "none"
                        : f->region    ? f->region
                                       : a->region;
    snprintf(object, on, "report/%s/%s/%d", kind, scope, f->year);
    if (op) {
        f->masked = 0;
        return KH_OK;
    }
    int rc = KH_OK;
    if (a->dept_only) {
        f->dept = a->dept;
    } else if (!kh_app_may_problems(who)) {
        rc = kh_error_msg(err, KH_ERR_DENIED, "role_denied", zh, en);
    } else if (!a->all) {
        if (f->region && !kh_access_region(a, f->region))
            rc = kh_error_set(err, KH_ERR_DENIED, "out_of_scope",
                              "区划 %s 不在你的区划范围内",
                              "the region %s is outside your region",
                              f->region);
        else if (f->peers)
            rc = kh_error_set(err, KH_ERR_DENIED, "scope_denied",
                              "举一反三(同级其他区划)超出你的区划范围",
                              "the peers (other regions of the level) are "
                              "outside your region");
        else if (!f->region)
            f->region = a->region;
    }
    if (!rc) rc = kh_app_unmask(who, unmask, &f->masked, err);
    if (rc) return kh_app_refuse(s, who, action, object, err);
    return KH_OK;
}

/* ---- the problem list (`kaohe rectify list|due`, GET /api/problems) ---- */

typedef struct list_ctx {
    kh_problem_fn fn;
    void *ctx;
    int masked;
} list_ctx;

/* One problem to the caller, its texts masked when the reader may not
 * see quoted ID numbers and phones whole. */
static int list_one(void *vctx, const kh_problem *p, kh_error *err)
{
    list_ctx *c = vctx;
    if (!c->masked) return c->fn(c->ctx, p, err);
    kh_problem q = *p;
    const char **f[KH_PROBLEM_NTEXTS];
    kh_problem_texts(&q, f);
    enum { NF = KH_PROBLEM_NTEXTS };
    char *made[NF] = {0};
    int rc = KH_OK;
    for (size_t k = 0; !rc && k < NF; k++) {
        const char *t = *f[k];
        if (!t || !kh_mask_text_has(t, strlen(t), 0)) continue;
        kh_buf b = KH_BUF_INIT;
        if (kh_mask_text(&b, t, strlen(t), 0) || !(made[k] = kh_buf_take(&b))) {
            kh_buf_free(&b);
            rc = kh_error_nomem(err);
        } else {
            *f[k] = made[k];
        }
    }
    if (!rc) rc = c->fn(c->ctx, &q, err);
    for (size_t k = 0; k < NF; k++) free(made[k]);
    return rc;
}

int kh_app_problems_list(kh_store *s, const kh_actor *who,
                         const kh_problem_filter *asked, int unmask,
                         kh_problem_fn fn, void *ctx, kh_error *err)
{
    kh_problem_filter f = *asked;
    char object[200];
    int rc = problems_may_as(s, who, "problem.list", "list",
                             "你的角色不能查看问题清单",
                             "your role may not see the problem list", &f,
                             unmask, object, sizeof object, err);
    if (rc) return rc;
    list_ctx c = {fn, ctx, f.masked};
    return kh_store_problems_each(s, &f, list_one, &c, err);
}

/*
 * The rule of kh_app_problems_list for a query of a page (the server's
 * list): a role that sees no problem is refused ("role_denied", left to
 * the front end's record of its refusals); a region asked outside who's
 * is refused ("out_of_scope", audited as problem.list on
 * "problems/CODE"); q narrowed to who's problems: a 牵头部门 / 责任单位's
 * own (whatever dept was asked), a region user's subtree (q->lo..hi),
 * every one for a user who sees all and for the console's operator.
 */
static int query_scope(kh_store *s, const kh_actor *who, kh_problem_query *q,
                       kh_error *err)
{
    if (console_admin(who)) return KH_OK;
    const kh_access *a = &who->acc;
    if (!kh_app_may_problems(who))
        return kh_error_msg(err, KH_ERR_DENIED, "role_denied",
                            "你的角色不能查看问题清单",
                            "your role may not see the problem list");
    const char *rg = q->f.region;
    if (rg && !a->all && !a->dept_only && !kh_access_region(a, rg)) {
        kh_error_set(err, KH_ERR_DENIED, "out_of_scope",
                     "区划 %s 不在你的区划范围内",
                     "the region %s is outside your region", rg);
        char object[64];
        snprintf(object, sizeof object, "problems/%.20s", rg);
        return kh_app_refuse(s, who, "problem.list", object, err);
    }
    if (a->dept_only) {
        q->f.dept = a->dept;
    } else if (!a->all) {
        q->lo = a->lo;
        q->hi = a->hi;
    }
    return KH_OK;
}

int kh_app_problems_may(kh_store *s, const kh_actor *who, const char *region,
                        kh_error *err)
{
    kh_problem_query q;
    memset(&q, 0, sizeof q);
    q.f.region = region && *region ? region : NULL;
    return query_scope(s, who, &q, err);
}

int kh_app_problems_page(kh_store *s, const kh_actor *who,
                         const kh_problem_query *asked, int unmask,
                         kh_problem_fn fn, void *ctx, long long *total,
                         kh_error *err)
{
    *total = 0;
    kh_problem_query q = *asked;
    int masked = 1;
    int rc = query_scope(s, who, &q, err);
    if (!rc && !console_admin(who) &&
        (rc = kh_app_unmask(who, unmask, &masked, err)))
        return kh_app_refuse(s, who, "problem.list", "problems", err);
    if (rc) return rc;
    if (console_admin(who)) masked = 0; /* whole, as the list gives it */
    list_ctx c = {fn, ctx, masked};
    return kh_store_problems_page(s, &q, list_one, &c, total, err);
}

int kh_app_problems_count(kh_store *s, const kh_actor *who,
                          const kh_problem_query *asked,
                          long long counts[5], kh_error *err)
{
    kh_problem_query q = *asked;
    int rc = query_scope(s, who, &q, err);
    return rc ? rc : kh_store_problems_count(s, &q, counts, err);
}

int kh_app_problems_facets(kh_store *s, const kh_actor *who, kh_facet_fn fn,
                           void *ctx, kh_error *err)
{
    kh_problem_query q;
    memset(&q, 0, sizeof q);
    int rc = query_scope(s, who, &q, err);
    return rc ? rc : kh_store_problem_facets(s, &q, fn, ctx, err);
}

/* One problem for kh_app_problem_read: whether who may see it, and it to
 * the caller (masked as the list masks it) when so. */
typedef struct read_ctx {
    const kh_actor *who;
    list_ctx out;
    int visible;
} read_ctx;

static int read_one(void *vctx, const kh_problem *p, kh_error *err)
{
    read_ctx *c = vctx;
    c->visible = console_admin(c->who) ||
                 kh_access_problem(&c->who->acc, p->region, p->lead_dept,
                                   p->units);
    return c->visible ? list_one(&c->out, p, err) : KH_OK;
}

/* The history of a visible problem to the caller, its texts (the note,
 * the problem before and after) masked as the problem's. */
typedef struct events_ctx {
    kh_event_fn fn;
    void *ctx;
    int masked, failed;
} events_ctx;

static int event_masked(void *vctx, const char *at, const char *who,
                        const char *action, int from, int to,
                        const char *note, const char *before,
                        const char *after)
{
    events_ctx *c = vctx;
    if (!c->masked)
        return c->fn(c->ctx, at, who, action, from, to, note, before, after);
    const char *in[3] = {note, before, after}, *out[3];
    kh_buf b[3] = {KH_BUF_INIT, KH_BUF_INIT, KH_BUF_INIT};
    int rc = 0;
    for (int k = 0; k < 3; k++) {
        out[k] = in[k];
        if (!in[k] || !kh_mask_text_has(in[k], strlen(in[k]), 0)) continue;
        if (kh_mask_text(&b[k], in[k], strlen(in[k]), 0)) {
            c->failed = rc = 1; /* never the text unmasked */
            break;
        }
        out[k] = b[k].data ? b[k].data : "";
    }
    if (!rc)
        rc = c->fn(c->ctx, at, who, action, from, to, out[0], out[1], out[2]);
    for (int k = 0; k < 3; k++) kh_buf_free(&b[k]);
    return rc;
}

int kh_app_problem_read(kh_store *s, const kh_actor *who, long long id,
                        int unmask, kh_problem_fn fn, void *ctx,
                        kh_event_fn efn, void *ectx, kh_error *err)
{
    char object[64];
    snprintf(object, sizeof object, "problem/%lld", id);
    int masked = 0; /* the console's operator: whole, as the list */
    if (!console_admin(who) && kh_app_unmask(who, unmask, &masked, err))
        return kh_app_refuse(s, who, "problem.read", object, err);
    read_ctx c = {who, {fn, ctx, masked}, 0};
    int rc = kh_store_problem_get(s, id, read_one, &c, err);
    if (rc) return rc;
    if (!c.visible) {
        kh_error_msg(err, KH_ERR_DENIED, "out_of_scope", "无权查看该问题",
                     "this problem is outside what you may see");
        return kh_app_refuse(s, who, "problem.read", object, err);
    }
    if (!efn) return KH_OK;
    events_ctx e = {efn, ectx, masked, 0};
    rc = kh_store_problem_events(s, id, event_masked, &e, err);
    if (rc && e.failed) return kh_error_nomem(err);
    return rc;
}

static const char *doc_format_name(int format)
{
    return format == KH_DOC_PDF ? "pdf" : format == KH_DOC_DOCX ? "docx"
                                                                : "xlsx";
}

int kh_app_card_download(kh_store *s, const struct kh_standard *std,
                         const kh_actor *who, int year, const char *village,
                         int unmask, const char *path, const char *author,
                         const char *when, long long *households, int *pages,
                         kh_error *err)
{
    if (households) *households = 0;
    if (pages) *pages = 0;
    char object[96];
    snprintf(object, sizeof object, "report/card/%s/%d", village, year);
    int mask = 0, rc = KH_OK;
    /* the console's operator: every village, phones whole, as always */
    if (!console_admin(who)) {
        if (who->acc.none || !kh_access_region(&who->acc, village))
            rc = kh_error_set(err, KH_ERR_DENIED, "out_of_scope",
                              "该村不在你的区划范围内",
                              "the village is outside your region");
        if (!rc) rc = kh_app_unmask(who, unmask, &mask, err);
        if (rc) return kh_app_refuse(s, who, DL_ACTION, object, err);
    }
    long long line;
    if (kh_standard_poverty_line(std, year, &line)) line = -1;
    long long n = 0;
    rc = doc_card(s, year, village, line, mask, path, author, when, &n, pages,
                  err);
    if (rc) return rc;
    char after[128];
    snprintf(after, sizeof after,
             "{\"report\":\"card\",\"format\":\"pdf\",\"year\":%d,"
             "\"phones_masked\":%s}",
             year, mask ? "true" : "false");
    rc = audit_download(s, who, object, n, after, path, err);
    if (!rc && households) *households = n;
    return rc;
}

int kh_app_ledger_download(kh_store *s, const kh_actor *who,
                           const kh_problem_filter *asked, int unmask,
                           const char *path, const char *today,
                           const char *author, const char *when, long *count,
                           kh_error *err)
{
    if (count) *count = 0;
    kh_problem_filter f = *asked;
    char object[200];
    int rc = problems_may(s, who, "ledger", "你的角色不能下载整改台账",
                          "your role may not download the ledger", &f,
                          unmask, object, sizeof object, err);
    long n = 0;
    if (!rc) rc = doc_ledger(s, &f, path, today, author, when, &n, err);
    if (rc) return rc;
    char after[128];
    snprintf(after, sizeof after,
             "{\"report\":\"ledger\",\"format\":\"xlsx\",\"year\":%d,"
             "\"masked\":%s}",
             f.year, f.masked ? "true" : "false");
    rc = audit_download(s, who, object, n, after, path, err);
    if (!rc && count) *count = n;
    return rc;
}

int kh_app_rect_download(kh_store *s, const struct kh_standard *std,
                         const kh_actor *who, int plan,
                         const kh_problem_filter *asked, int unmask,
                         int format, const char *path, const char *today,
                         const char *author, const char *when, int number,
                         long *count, kh_error *err)
{
    if (count) *count = 0;
    kh_problem_filter f = *asked;
    char object[200];
    const char *kind = plan ? "plan" : "rectify";
    int rc = problems_may(
        s, who, kind, plan ? "你的角色不能下载整改方案" : "你的角色不能下载整改报告",
        plan ? "your role may not download the rectification plan"
             : "your role may not download the rectification report",
        &f, unmask, object, sizeof object, err);
    long n = 0;
    if (!rc)
        rc = (plan ? doc_rect_plan : doc_rect_report)(
            s, std, &f, format, path, today, author, when, number, &n, err);
    if (rc) return rc;
    char after[128];
    snprintf(after, sizeof after,
             "{\"report\":\"%s\",\"format\":\"%s\",\"year\":%d,"
             "\"masked\":%s}",
             kind, doc_format_name(format), f.year,
             f.masked ? "true" : "false");
    rc = audit_download(s, who, object, n, after, path, err);
    if (!rc && count) *count = n;
    return rc;
}

int kh_app_problems_download(kh_store *s, const kh_actor *who,
                             const kh_problem_filter *asked, int unmask,
                             const kh_rect_export_opts *o, int format,
                             const char *path, long *count, kh_error *err)
{
    if (count) *count = 0;
    kh_problem_filter f = *asked;
    char object[200];
    int rc = problems_may(s, who, "problems", "你的角色不能下载问题清单",
                          "your role may not download the problem list", &f,
                          unmask, object, sizeof object, err);
    long n = 0;
    if (!rc) rc = doc_export(s, &f, o, format, path, &n, err);
    if (rc) return rc;
    char after[160];
    snprintf(after, sizeof after,
             "{\"report\":\"problems\",\"format\":\"%s\",\"year\":%d,"
             "\"status\":\"%s\",\"masked\":%s}",
             format == KH_TAB_CSV ? "csv" : "xlsx", f.year,
             o->status_shown >= 0 ? kh_rect_status_zh(o->status_shown) : "",
             f.masked ? "true" : "false");
    rc = audit_download(s, who, object, n, after, path, err);
    if (!rc && count) *count = n;
    return rc;
}

int kh_app_tongbao_download(kh_store *s, const kh_actor *who,
                            const char *scheme, int year, int level,
                            int version, int format, const char *path,
                            const char *today, const char *author,
                            const char *when, int number, kh_error *err)
{
    char object[224];
    snprintf(object, sizeof object, "report/tongbao/%.64s/%d/%s", scheme,
             year, kh_level_name(level));
    int op = console_admin(who);
    if (!op && who->acc.none) {
        kh_error_set(err, KH_ERR_DENIED, "role_denied",
                     "你的角色不能下载考核通报",
                     "your role may not download the assessment notice");
        return kh_app_refuse(s, who, DL_ACTION, object, err);
    }
    kh_assessment *a = NULL;
    int rc = kh_store_assess_load(s, scheme, year, level, version, &a, err);
    if (rc) return rc;
    long long n = 0;
    for (size_t g = 0; g < a->nregions; g++) {
        if (a->regions[g].scheme == a->scheme) n++;
        if (!op && !kh_access_region(&who->acc, a->regions[g].code)) {
            kh_assessment_free(a);
            kh_error_set(err, KH_ERR_DENIED, "scope_denied",
                         "考核通报包括你的区划以外的区划",
                         "the notice takes in regions outside yours");
            return kh_app_refuse(s, who, DL_ACTION, object, err);
        }
    }
    int v = a->version;
    kh_assessment_free(a);
    rc = doc_tongbao(s, scheme, year, level, v, format, path, today, author,
                     when, number, err);
    if (rc) return rc;
    size_t ol = strlen(object);
    snprintf(object + ol, sizeof object - ol, "/%d", v);
    char after[160];
    snprintf(after, sizeof after,
             "{\"report\":\"tongbao\",\"format\":\"%s\",\"version\":%d}",
             doc_format_name(format), v);
    return audit_download(s, who, object, n, after, path, err);
}

int kh_app_assess_report_download(kh_store *s, const struct kh_standard *std,
                                  const kh_actor *who, const char *scheme,
                                  int year, int level, int version,
                                  const char *region, int unmask, int format,
                                  const char *path, const char *today,
                                  const char *author, const char *when,
                                  kh_error *err)
{
    char object[240];
    snprintf(object, sizeof object, "report/assess/%.64s/%d/%s/%.16s", scheme,
             year, kh_level_name(level), region);
    int masked = 0, rc = KH_OK;
    if (!console_admin(who)) {
        if (who->acc.none || !kh_access_region(&who->acc, region))
            rc = kh_error_set(err, KH_ERR_DENIED, "out_of_scope",
                              "区划 %s 不在你的区划范围内",
                              "the region %s is outside your region", region);
        if (!rc) rc = kh_app_unmask(who, unmask, &masked, err);
        if (rc) return kh_app_refuse(s, who, DL_ACTION, object, err);
    }
    rc = doc_assess_report(s, std, scheme, year, level, version, region,
                           masked, format, path, today, author, when, err);
    if (rc) return rc;
    char after[160];
    snprintf(after, sizeof after,
             "{\"report\":\"assess\",\"format\":\"%s\",\"masked\":%s}",
             doc_format_name(format), masked ? "true" : "false");
    return audit_download(s, who, object, -1, after, path, err);
}
