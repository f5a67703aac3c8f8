/* SPDX-License-Identifier: MIT */
/*
 * funds_view.c - the 项目库 as the pages read it (app_funds_view.h): the
 * projects within the actor's scope narrowed by region, status and type,
 * each with its 建设地点 in words, one project with its money's path
 * (the county's allocations of the funds it was paid from, its 拨付, 收回
 * and 支出), and each county's 下达, 拨付 and 支出 of a year (the
 * 资金使用情况表's figures, funds.c). Who may is funds.c's one rule
 * (kh_funds_scope).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/funds_int.h"
#include "kaohe/app_funds_view.h"
#include "kaohe/funds_store.h"
#include "kaohe/org.h"
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
