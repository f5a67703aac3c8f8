/* SPDX-License-Identifier: MIT */
/*
 * funds_view.c - the 项目库 as the pages read it (app_funds_view.h): the
 * projects within the actor's scope narrowed by region, status and type,
 * each with its 建设地点 in words, one project with its money's path
 * (the county's allocations of the funds it was paid from, its 拨付, 收回
 * and 支出), and each county's 下达, 拨付 and 支出 of a year (the
 * 资金使用情况表's figures, funds.c), and the dashboard's flags of
 * 资金滞留 and 逾期项目 (the findings of `funds check`'s own rules, of the
 * codes the standards file lists). Who may is funds.c's one rule
 * (kh_funds_scope).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/funds_int.h"
#include "kaohe/app_funds_view.h"
#include "kaohe/funds_store.h"
#include "kaohe/org.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

/* The places already named, by code (a small cache: a village's many
 * projects ask for the same name). */
#define PLACES 1024
typedef struct places {
    char code[PLACES][13];
    char name[PLACES][384];
} places;

static const char *place(kh_store *s, places *c, const char *code)
{
    unsigned h = 0;
    for (const char *p = code; *p; p++) h = h * 31u + (unsigned char)*p;
    h %= PLACES;
    if (strcmp(c->code[h], code)) {
        kh_funds_place(s, code, c->name[h], sizeof c->name[h]);
        snprintf(c->code[h], sizeof c->code[h], "%s", code);
    }
    return c->name[h];
}

static int col_ix(const char *key)
{
    int n;
    const kh_funds_col *cols = kh_funds_cols(KH_FUNDS_PROJECTS, &n);
    for (int i = 0; i < n; i++)
        if (!strcmp(cols[i].key, key)) return i;
    return -1;
}

typedef struct list_ctx {
    kh_store *s;
    const kh_funds_filter *f;
    int istatus, itype, iregion;
    places *pl;
    kh_funds_view_fn fn;
    void *ctx;
} list_ctx;

static int on_project(void *vctx, const char *const *cells, kh_error *err)
{
    list_ctx *c = vctx;
    if (c->f->status && c->f->status[0] && strcmp(cells[c->istatus], c->f->status))
        return KH_OK;
    if (c->f->type && c->f->type[0] && strcmp(cells[c->itype], c->f->type))
        return KH_OK;
    return c->fn(c->ctx, cells, place(c->s, c->pl, cells[c->iregion]), err);
}

int kh_app_funds_projects(kh_store *s, const kh_actor *who,
                          const kh_funds_filter *f, kh_funds_view_fn fn,
                          void *ctx, kh_error *err)
{
    char lo[13], hi[13];
    const char *region = f->region && f->region[0] ? f->region : NULL;
    int rc = kh_funds_scope(s, who, region, "funds.list", "projects", lo, hi, err);
    if (rc) return rc;
    list_ctx c = {s, f, col_ix("status"), col_ix("type"), col_ix("region"),
                  calloc(1, sizeof(places)), fn, ctx};
    if (!c.pl) return kh_error_nomem(err);
    rc = kh_store_funds_each_project(s, lo, hi, on_project, &c, err);
    free(c.pl);
    return rc;
}

/* ---- one project ---- */

typedef struct one_ctx {
    kh_store *s;
    const char *id;
    char region[13];
    int found;
    char (*cells)[KH_FUNDS_VAL];
    kh_funds_path_fn fn;
    void *ctx;
} one_ctx;

static int keep_one(void *vctx, const char *const *cells, kh_error *err)
{
    (void)err;
    one_ctx *c = vctx;
    if (strcmp(cells[0], c->id)) return KH_OK;
    int n;
    kh_funds_cols(KH_FUNDS_PROJECTS, &n);
    for (int i = 0; i < n; i++) snprintf(c->cells[i], KH_FUNDS_VAL, "%s", cells[i]);
    c->found = 1;
    return KH_OK;
}

static int on_county(void *vctx, const kh_funds_data *d, kh_error *err)
{
    one_ctx *c = vctx;
    kh_fpay *y = d->ny ? malloc(d->ny * sizeof *y) : NULL;
    kh_falloc *a = d->na ? malloc(d->na * sizeof *a) : NULL;
    if ((d->ny && !y) || (d->na && !a)) {
        free(y);
        free(a);
        return kh_error_nomem(err);
    }
    kh_funds_path p;
    memset(&p, 0, sizeof p);
    for (size_t i = 0; i < d->ny; i++) {
        if (strcmp(d->y[i].proj_id, c->id)) continue;
        y[p.ny++] = d->y[i];
        if (!strcmp(d->y[i].stage, "拨付")) p.paid += d->y[i].amount;
        else if (!strcmp(d->y[i].stage, "收回")) p.paid -= d->y[i].amount;
        else p.spent += d->y[i].amount;
    }
    for (size_t i = 0; i < d->na; i++) {
        size_t k = 0;
        while (k < p.ny && strcmp(y[k].fund, d->a[i].fund)) k++;
        if (k < p.ny) a[p.na++] = d->a[i];
    }
    int n;
    kh_funds_cols(KH_FUNDS_PROJECTS, &n);
    const char *cells[KH_FUNDS_MAX_COLS];
    for (int i = 0; i < n; i++) cells[i] = c->cells[i];
    char where[512];
    kh_funds_place(c->s, c->region, where, sizeof where);
    p.cells = cells;
    p.place = where;
    snprintf(p.county, sizeof p.county, "%s", d->county);
    kh_error e;
    if (kh_store_region_name(c->s, d->county, p.county_name, sizeof p.county_name,
                             NULL, 0, &e))
        snprintf(p.county_name, sizeof p.county_name, "%s", d->county);
    p.a = a;
    p.y = y;
    c->found = 2;
    int rc = c->fn(c->ctx, &p, err);
    free(y);
    free(a);
    return rc;
}

int kh_app_funds_project(kh_store *s, const kh_actor *who, const char *id,
                         kh_funds_path_fn fn, void *ctx, kh_error *err)
{
    one_ctx c = {s, id, "", 0, NULL, fn, ctx};
    int rc = kh_store_funds_project_region(s, id, c.region, err);
    if (rc) return rc;
    char object[96];
    snprintf(object, sizeof object, "project:%.80s", id);
    /* absent and out of scope alike: one answer */
    if (!c.region[0] || who->acc.none || !kh_access_region(&who->acc, c.region)) {
        kh_error_set(err, KH_ERR_NOTFOUND, "project_missing", "项目库中没有项目“%s”",
                     "project '%s' is not in the library", id);
        return kh_app_refuse(s, who, "funds.project", object, err);
    }
    if (!(c.cells = calloc(KH_FUNDS_MAX_COLS, sizeof *c.cells))) return kh_error_nomem(err);
    rc = kh_store_funds_each_project(s, c.region, c.region, keep_one, &c, err);
    char lo[13], hi[13];
    snprintf(lo, sizeof lo, "%.6s000000", c.region);
    snprintf(hi, sizeof hi, "%.6s999999", c.region);
    if (!rc && c.found) rc = kh_store_funds_each_county(s, lo, hi, on_county, &c, err);
    if (!rc && c.found != 2)
        rc = kh_error_set(err, KH_ERR_NOTFOUND, "project_missing", "项目库中没有项目“%s”",
                          "project '%s' is not in the library", id);
    free(c.cells);
    return rc;
}

/* ---- the money of each county ---- */

typedef struct flow_ctx {
    kh_store *s;
    kh_funds_flow_fn fn;
    void *ctx;
    char county[13], name[128];
} flow_ctx;

static int on_line(void *vctx, const char *county, const char *fund,
                   long long allocated, long long paid, long long spent,
                   kh_error *err)
{
    flow_ctx *c = vctx;
    if (strcmp(c->county, county)) {
        kh_error e;
        snprintf(c->county, sizeof c->county, "%s", county);
        if (kh_store_region_name(c->s, county, c->name, sizeof c->name, NULL, 0, &e))
            snprintf(c->name, sizeof c->name, "%s", county);
    }
    kh_funds_flow f = {county, c->name, fund, allocated, paid, spent};
    return c->fn(c->ctx, &f, err);
}

int kh_app_funds_flow(kh_store *s, const kh_actor *who, int year,
                      const char *region, kh_funds_flow_fn fn, void *ctx,
                      kh_error *err)
{
    char lo[13], hi[13], object[32];
    snprintf(object, sizeof object, "funds:%d", year);
    const char *r = region && region[0] ? region : NULL;
    int rc = kh_funds_scope(s, who, r, "funds.flow", object, lo, hi, err);
    if (rc) return rc;
    flow_ctx c = {s, fn, ctx, "", ""};
    return kh_funds_year_lines(s, lo, hi, year, on_line, &c, err);
}

/* ---- the dashboard's flags ---- */

/* The codes of a flag kind: the standards file's list, else the spec's
 * (docs/funds.md). */
static int flag_kind(const kh_standard *std, const char *code)
{
    static const char *const key[2] = {"funds.flag_retained", "funds.flag_late"};
    static const char *const dflt[2] = {
        "fund_alloc_retained, fund_return_retained, fund_project_retained",
        "fund_start_late, fund_accept_late"};
    for (int k = 0; k < 2; k++) {
        const char *list = kh_standard_get(std, key[k]);
        size_t n = strlen(code);
        const char *p = list ? list : dflt[k];
        while (*p) {
            while (*p == ' ' || *p == ',') p++;
            size_t len = strcspn(p, ",");
            size_t e = len;
            while (e && p[e - 1] == ' ') e--;
            if (e == n && !strncmp(p, code, n)) return k;
            p += len;
        }
    }
    return -1;
}

typedef struct flags_ctx {
    kh_store *s;
    const kh_standard *std;
    const kh_funds_limits *lim;
    const char *ref, *lo, *hi;
    const kh_funds_data *d; /* the county being checked */
    char county_name[128];
    places *pl;
    kh_funds_flag_fn fn;
    void *ctx;
    kh_funds_flags_sum *sum;
    int rc;
    kh_error *err;
} flags_ctx;

static int proj_cmp(const void *a, const void *b)
{
    return strcmp(((const kh_fproject *)a)->id, ((const kh_fproject *)b)->id);
}

static int on_flag_finding(void *vctx, const kh_funds_finding *f)
{
    flags_ctx *c = vctx;
    if (c->rc) return c->rc;
    int kind = flag_kind(c->std, f->code);
    if (kind < 0) return KH_OK;
    /* where it is: the project's 建设地点, else the county */
    kh_fproject key;
    snprintf(key.id, sizeof key.id, "%s", f->object);
    const kh_fproject *pr = bsearch(&key, c->d->p, c->d->np, sizeof *c->d->p, proj_cmp);
    const char *at = pr ? pr->region : c->d->county;
    if (strcmp(at, c->lo) < 0 || strcmp(at, c->hi) > 0) return KH_OK;
    kh_funds_flag g = {kind, f, c->county_name, pr ? pr->name : "",
                       pr ? place(c->s, c->pl, pr->region) : c->county_name};
    if (kind == KH_FLAG_RETAINED) {
        c->sum->retained++;
        c->sum->retained_fen += f->amount;
    } else {
        c->sum->late++;
    }
    c->rc = c->fn(c->ctx, &g, c->err);
    return c->rc;
}

static int flags_county(void *vctx, const kh_funds_data *d, kh_error *err)
{
    flags_ctx *c = vctx;
    c->d = d;
    kh_error e;
    if (kh_store_region_name(c->s, d->county, c->county_name, sizeof c->county_name, NULL,
                             0, &e))
        snprintf(c->county_name, sizeof c->county_name, "%s", d->county);
    /* the 带贫户 rules' findings are not flags: no registry asked */
    int rc = kh_funds_check_county(c->lim, d->county, c->ref, d->p, d->np, d->a, d->na,
                                   d->y, d->ny, NULL, NULL, on_flag_finding, c);
    if (c->rc) return c->rc;
    if (rc == KH_ERR_NOMEM) return kh_error_nomem(err);
    if (rc) return kh_error_set(err, rc, "funds_flags", "资金检查失败", "the funds check failed");
    return KH_OK;
}

int kh_app_funds_flags(kh_store *s, const kh_standard *std, const kh_actor *who,
                       int year, const char *region, kh_funds_flag_fn fn, void *ctx,
                       kh_funds_flags_sum *sum, kh_error *err)
{
    memset(sum, 0, sizeof *sum);
    char lo[13], hi[13], object[32];
    snprintf(object, sizeof object, "funds:%d", year);
    const char *r = region && region[0] ? region : NULL;
    int rc = kh_funds_scope(s, who, r, "funds.flags", object, lo, hi, err);
    if (rc) return rc;
    sum->has_data = kh_store_funds_has(s, year);
    if (sum->has_data) {
        kh_funds_limits lim;
        kh_funds_limits_of(std, &lim);
        char ref[11], clo[13], chi[13];
        snprintf(ref, sizeof ref, "%04d-12-31", year);
        /* the whole counties the range touches */
        snprintf(clo, sizeof clo, "%.6s000000", lo);
        snprintf(chi, sizeof chi, "%.6s999999", hi);
        flags_ctx c = {s, std, &lim, ref, lo, hi, NULL, "", calloc(1, sizeof(places)),
                       fn, ctx, sum, KH_OK, err};
        if (!c.pl) return kh_error_nomem(err);
        rc = kh_store_funds_each_county(s, clo, chi, flags_county, &c, err);
        free(c.pl);
    }
    /* a reading of the year's funds is audited; a year without any, where
     * the dashboard shows nothing of funds, is not (every page view would) */
    if (!rc && sum->has_data)
        rc = kh_app_audit(s, who, "funds.flags", object, "ok", sum->retained + sum->late,
                          NULL, NULL, NULL, err);
    return rc;
}
