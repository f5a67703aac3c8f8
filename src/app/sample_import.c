/* SPDX-License-Identifier: MIT */
/*
 * sample_import.c - 第三方评估's imports as use cases (kaohe/app_sample.h):
 * `kaohe import roster FILE --year YYYY` (the 花名册 of non-registered
 * rural households) and `kaohe import survey FILE [--design ID]` (the
 * evaluators' observations, classified by kaohe with the review's exit
 * rules), both all or nothing with their audit entry in the transaction;
 * and a survey simulated from the generator's truth (`kaohe sample
 * simulate --truth`). Formats: docs/formats.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/sample_int.h"
#include "kaohe/app_sample.h"
#include "kaohe/buf.h"
#include "kaohe/header.h"
#include "kaohe/load.h"
#include "kaohe/encoding.h"
#include "kaohe/sample.h"
#include "kaohe/sample_store.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"
#include "kaohe/survey.h"
#include "kaohe/table.h"
#include "kaohe/tabwriter.h"


typedef struct imp {
    const kh_actor *who;
    const char *object;
    kh_finding_fn fn;
    void *ctx;
    long errors;
    long rows, households; /* read, and stored */
} imp;

static int report(imp *c, const kh_finding *f)
{
    return c->fn ? c->fn(c->ctx, f) : KH_OK;
}

static int on_finding(void *vctx, const kh_finding *f)
{
    imp *c = vctx;
    return report(c, f);
}

/* A reader's error (encoding, a broken workbook) as a finding. */
static int file_finding(imp *c, const char *file, const kh_error *e)
{
    kh_finding f;
    memset(&f, 0, sizeof f);
    f.file = file;
    f.row = e->row;
    f.line = e->line;
    f.column = e->column;
    f.hh_id = f.id_no = "";
    f.code = e->code;
    f.zh = e->zh;
    f.en = e->en;
    c->errors++;
    return report(c, &f);
}

/* Title rows above the header (a 花名册's "某某县……花名册"): passed over,
 * the header found as the registry's is (kh_load_locate_header), and
 * reported once (header_title). A file that cannot be read (its encoding)
 * is a finding, as in next_row, and *stop is set. */
static int skip_title(imp *c, kh_table *t, const kh_standard *std, int kind,
                      const char *file, int *stop, kh_error *err)
{
    long rows = 0;
    kh_error e, re;
    kh_error_clear(&re);
    *stop = 0;
    int rc = kh_load_locate_header(t, std, kind, file, &rows, &e, &re);
    if (rc == KH_ERR_NOMEM || rc == KH_ERR_IO) {
        *err = re;
        return rc;
    }
    if (rc) {
        *stop = 1;
        return file_finding(c, file, &re);
    }
    if (!rows) return KH_OK;
    kh_finding f;
    memset(&f, 0, sizeof f);
    f.file = file;
    f.row = 0;
    f.line = e.line;
    f.column = f.hh_id = f.id_no = "";
    f.code = e.code;
    f.zh = e.zh;
    f.en = e.en;
    f.warning = kh_standard_is_warning(std, e.code);
    if (!f.warning) c->errors++;
    return report(c, &f);
}

/* A file with no header row, or with a header and no data row (and no
 * error found): a finding. 0 when neither. */
static int empty_finding(imp *c, const char *file, int header, long long rows)
{
    kh_error e;
    if (header)
        kh_error_msg(&e, KH_ERR_FORMAT, "file_empty", "文件没有表头行",
                     "the file has no header row");
    else if (rows == 0 && !c->errors)
        kh_error_msg(&e, KH_ERR_FORMAT, "no_data", "只有表头,没有数据行",
                     "a header and no data row");
    else
        return 0;
    return file_finding(c, file, &e);
}

/* A small set of strings (the 户编号 of one survey file). */
/*
 * The next data row of t into *row. The first row is the header, matched
 * against cols (pos gets each column's place) and *row is then NULL.
 * Returns 1 to stop: at the end, when the header is refused (its
 * findings counted), or on an error — in *rc: a file that cannot be read
 * on is a finding of the import; out of memory or I/O is the error itself.
 */
static int next_row(kh_table *t, const kh_standard *std, int kind,
                    const char *file, int *pos, imp *c, int *header,
                    const kh_row **row, int *rc, kh_error *err)
{
    kh_error e;
    kh_error_clear(&e);
    int st = kh_table_next(t, row, &e);
    if (st == KH_ERR_NOTFOUND || (st == KH_OK && !*row)) return 1;
    if (st) {
        if (st == KH_ERR_NOMEM || st == KH_ERR_IO) {
            *err = e;
            *rc = st;
        } else {
            *rc = file_finding(c, file, &e);
        }
        return 1;
    }
    if (*header) {
        *header = 0;
        st = kh_sheet_header(std, kind, file, *row, pos, on_finding, c,
                             &c->errors);
        *row = NULL;
        if (st == KH_ERR_INVALID) return 1;
        *rc = st;
    }
    return 0;
}

typedef struct strset {
    char **v;
    size_t cap, n;
} strset;

static unsigned long long fnv(const char *s)
{
    unsigned long long h = 1469598103934665603ULL;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
    return h;
}

/* 1 added, 0 present, -1 no memory. */
static int strset_add(strset *s, const char *k)
{
    if (2 * (s->n + 1) > s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 1024;
        char **v = calloc(cap, sizeof *v);
        if (!v) return -1;
        for (size_t i = 0; i < s->cap; i++) {
            if (!s->v[i]) continue;
            size_t j = fnv(s->v[i]) & (cap - 1);
            while (v[j])
                j = (j + 1) & (cap - 1);
            v[j] = s->v[i];
        }
        free(s->v);
        s->v = v;
        s->cap = cap;
    }
    size_t j = fnv(k) & (s->cap - 1);
    while (s->v[j]) {
        if (!strcmp(s->v[j], k)) return 0;
        j = (j + 1) & (s->cap - 1);
    }
    if (!(s->v[j] = strdup(k))) return -1;
    s->n++;
    return 1;
}

static void strset_free(strset *s)
{
    for (size_t i = 0; i < s->cap; i++)
        free(s->v[i]);
    free(s->v);
}

typedef struct roster_ctx {
    imp *c;
    const char *file;
} roster_ctx;

static int on_conflict(void *vctx, const char *hh_id, long row, long line,
                       const char *head_id, const char *what, kh_error *err)
{
    roster_ctx *rc = vctx;
    (void)err;
    kh_finding f;
    memset(&f, 0, sizeof f);
    f.file = rc->file;
    f.row = row;
    f.line = line;
    f.hh_id = hh_id;
    f.id_no = head_id;
    char zh[320], en[320];
    if (!strcmp(what, "hh_id")) {
        f.column = "户编号";
        f.code = "roster_registered";
        snprintf(zh, sizeof zh, "户编号 %s 已在该年度建档立卡数据中", hh_id);
        snprintf(en, sizeof en,
                 "户编号 %s is a registered household of the year", hh_id);
    } else if (!strcmp(what, "id_no")) {
        f.column = "户主证件号码";
        f.code = "roster_registered";
        snprintf(zh, sizeof zh,
                 "户主证件号码是该年度建档立卡人口,不应列入花名册");
        snprintf(en, sizeof en,
                 "the head's ID number is a registered person of the year");
    } else {
        f.column = "户主证件号码";
        f.code = "id_duplicate";
        snprintf(zh, sizeof zh, "户主证件号码与前面的行重复");
        snprintf(en, sizeof en, "the head's ID number repeats an earlier row");
    }
    f.zh = zh;
    f.en = en;
    rc->c->errors++;
    return report(rc->c, &f);
}

static int do_roster(kh_store *store, const kh_standard *std, imp *c,
                     const char *file, int year, kh_sample_import *res,
                     kh_error *err)
{
    kh_regionset *rs = NULL;
    kh_table *t = NULL;
    int rc = kh_regionset_new(&rs, err);
    if (!rc) rc = kh_store_regions_load(store, rs, err);
    if (!rc && kh_regionset_count(rs) == 0) {
        rc =
            kh_error_msg(err, KH_ERR_USAGE, "regions_missing",
                         "数据库中还没有行政区划,请先运行 kaohe import regions "
                         "FILE",
                         "the database has no region list yet: run `kaohe "
                         "import regions FILE` first");
    }
    int stop = 0;
    if (!rc) rc = kh_table_open(file, &t, err);
    if (!rc) rc = skip_title(c, t, std, KH_HDR_ROSTER, file, &stop, err);
    if (rc || stop) goto out;
    if ((rc = kh_store_begin_bulk(store, err))) goto out;
    rc = kh_roster_begin(store, year, file, err);
    int pos[KH_RO_COUNT];
    const kh_row *row;
    long long rows = 0;
    int header = 1;
    while (!rc) {
        int st = next_row(t, std, KH_HDR_ROSTER, file, pos, c, &header, &row, &rc,
                          err);
        if (st) break;
        if (!row) continue;
        rows++;
        c->rows++;
        kh_roster_hh h;
        char idbuf[19];
        long before = c->errors;
        rc = kh_roster_row(std, rs, file, pos, row, &h, idbuf, on_finding, c,
                           &c->errors);
        if (rc || c->errors > before) continue;
        kh_error e2;
        st = kh_roster_add(store, year, &h, &e2);
        if (st == KH_ERR_INVALID) {
            kh_finding f;
            memset(&f, 0, sizeof f);
            f.file = file;
            f.row = row->row;
            f.line = row->line;
            f.column = "户编号";
            f.hh_id = h.hh_id;
            f.id_no = "";
            f.code = "hh_duplicate";
            f.zh = e2.zh;
            f.en = e2.en;
            c->errors++;
            rc = report(c, &f);
        } else if (st) {
            *err = e2;
            rc = st;
        } else {
            c->households++;
        }
    }
    if (!rc) rc = empty_finding(c, file, header, rows);
    long long hh = 0, persons = 0;
    roster_ctx rcx = {c, file};
    if (!rc)
        rc = kh_roster_end(store, year, on_conflict, &rcx, &hh, &persons, err);
    if (rc || c->errors) {
        kh_store_rollback(store);
        goto out;
    }
    res->hh = hh;
    res->persons = persons;
    rc = kh_app_audit(store, c->who, "import.roster", c->object, "ok", hh,
                      NULL, NULL, file, err);
    if (rc) {
        kh_store_rollback(store);
        goto out;
    }
    rc = kh_store_commit(store, err);
out:
    kh_table_free(t);
    kh_regionset_free(rs);
    return rc;
}

static const char *const code_words[] = {"exit_income", "exit_dropout",
                                         "exit_medical", "exit_housing",
                                         "exit_water"};

static int do_survey(kh_store *store, const kh_standard *std, imp *c,
                     const char *file, long long design_id,
                     kh_sample_import *res, kh_error *err)
{
    kh_design d;
    kh_table *t = NULL;
    kh_classifier *cl = NULL;
    strset seen = {NULL, 0, 0};
    kh_buf why = KH_BUF_INIT;
    int rc = kh_design_get(store, design_id, &d, err);
    if (rc) return rc;
    rc = kh_classifier_new(std, d.year, &cl, err);
    int stop = 0;
    if (!rc) rc = kh_table_open(file, &t, err);
    if (!rc) rc = skip_title(c, t, std, KH_HDR_SURVEY, file, &stop, err);
    if (rc || stop) goto out;
    if (!rc) rc = kh_store_begin(store, err);
    if (rc) goto out;
    int pos[KH_SV_COUNT];
    const kh_row *row;
    long long rows = 0, stored = 0, fails[4] = {0}, unknown = 0;
    int header = 1;
    while (!rc) {
        int st = next_row(t, std, KH_HDR_SURVEY, file, pos, c, &header, &row, &rc,
                          err);
        if (st) break;
        if (!row) continue;
        rows++;
        c->rows++;
        kh_survey_row r;
        kh_survey_obs o;
        long before = c->errors;
        rc = kh_survey_row_check(std, file, pos, row, &r, &o, on_finding, c,
                                 &c->errors);
        if (rc || c->errors > before) continue;
        const char *code = NULL, *column = "户编号";
        char zh[320], en[320];
        /* The design the row says it is of (the field lists and the
         * template carry 抽样方案编号): another design's is refused. */
        int dp = pos[KH_SV_DESIGN];
        const char *dv = dp >= 0 && (size_t)dp < row->n ? row->cells[dp].s : "";
        char mine[24];
        snprintf(mine, sizeof mine, "%lld", d.id);
        if (dv && *dv && strcmp(dv, mine) != 0) {
            code = "survey_other_design";
            column = kh_survey_cols[KH_SV_DESIGN].zh;
            snprintf(zh, sizeof zh,
                     "该行属于抽样方案 %.40s,不是导入的抽样方案 %lld(用 "
                     "--design 指定)",
                     dv, d.id);
            snprintf(en, sizeof en,
                     "the row is of sampling design %.40s, not of design %lld "
                     "being imported (choose it with --design)",
                     dv, d.id);
        }
        int group = 0;
        if (!code &&
            (rc = kh_design_group_of(store, d.id, r.hh_id, &group, err)))
            break;
        if (!code && !group) {
            code = "survey_not_drawn";
            snprintf(zh, sizeof zh, "户编号 %s 不在抽样方案 %lld 的样本中",
                     r.hh_id, d.id);
            snprintf(en, sizeof en,
                     "户编号 %s was not drawn in sampling design %lld", r.hh_id,
                     d.id);
        } else if (!code) {
            int added = strset_add(&seen, r.hh_id);
            if (added < 0) {
                rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                                  "out of memory");
                break;
            }
            if (!added) {
                code = "hh_duplicate";
                snprintf(zh, sizeof zh, "户编号 %s 在本文件中重复", r.hh_id);
                snprintf(en, sizeof en, "户编号 %s appears twice in the file",
                         r.hh_id);
            }
        }
        if (code) {
            kh_finding f;
            memset(&f, 0, sizeof f);
            f.file = file;
            f.row = row->row;
            f.line = row->line;
            f.column = column;
            f.hh_id = r.hh_id;
            f.id_no = "";
            f.code = code;
            f.zh = zh;
            f.en = en;
            c->errors++;
            rc = report(c, &f);
            continue;
        }
        kh_survey_class k;
        if ((rc = kh_classify(cl, &o, &k, err))) break;
        kh_buf_reset(&why);
        for (int b = 0; b < 5 && !rc; b++)
            if (k.failed & (1u << b))
                rc = kh_buf_printf(&why, "%s%s", why.len ? "," : "",
                                   code_words[b]);
        if (!rc && k.food_failed)
            rc = kh_buf_printf(&why, "%sfood_clothing", why.len ? "," : "");
        if (rc) {
            rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                              "out of memory");
            break;
        }
        r.fails = k.fails;
        r.unknown = k.unknown;
        r.approves = k.approves;
        r.reasons = why.len ? why.data : "";
        if ((rc = kh_survey_put(store, d.id, &r, file, err))) break;
        stored++;
        c->households++;
        if (k.unknown)
            unknown++;
        else if (k.fails)
            fails[group]++;
    }
    if (!rc) rc = empty_finding(c, file, header, rows);
    if (rc || c->errors) {
        kh_store_rollback(store);
        goto out;
    }
    /* What the import leaves without respondents: warnings, listed
     * inside the transaction (a failure rolls it back). */
    rc = kh_sample_response_warnings(store, std, d.id, "kaohe: ",
                                     &res->warnings, NULL, err);
    if (!rc) {
        char note[300];
        snprintf(note, sizeof note, "%s", file);
        rc = kh_app_audit(store, c->who, "import.survey", c->object, "ok",
                          stored, NULL, NULL, note, err);
    }
    if (rc) {
        kh_store_rollback(store);
        goto out;
    }
    rc = kh_store_commit(store, err);
    res->design = d.id;
    res->fails_exited = fails[KH_G_EXITED];
    res->fails_roster = fails[KH_G_ROSTER];
    res->unknown = unknown;
out:
    kh_buf_free(&why);
    strset_free(&seen);
    kh_table_free(t);
    kh_classifier_free(cl);
    free(d.report);
    return rc;
}


int kh_app_roster_import(kh_store *s, const kh_standard *std,
                         const kh_actor *who, const char *file, int year,
                         kh_finding_fn fn, void *ctx, kh_sample_import *res,
                         kh_error *err)
{
    memset(res, 0, sizeof *res);
    char object[32];
    snprintf(object, sizeof object, "roster:%d", year);
    int rc = kh_sample_may(s, std, who, kh_sample_manage_roles,
                           "import.roster", object, "", err);
    if (rc) return rc;
    imp c = {who, object, fn, ctx, 0, 0, 0};
    rc = do_roster(s, std, &c, file, year, res, err);
    res->rows = c.rows;
    res->households = c.households;
    res->errors = c.errors;
    return rc;
}

int kh_app_survey_import(kh_store *s, const kh_standard *std,
                         const kh_actor *who, const char *file,
                         long long design, kh_finding_fn fn, void *ctx,
                         kh_sample_import *res, kh_error *err)
{
    memset(res, 0, sizeof *res);
    kh_design d;
    memset(&d, 0, sizeof d);
    int rc = kh_design_get(s, design, &d, err);
    if (rc) return rc;
    char object[32];
    snprintf(object, sizeof object, "design/%lld", d.id);
    rc = kh_sample_may(s, std, who, kh_sample_manage_roles, "import.survey",
                       object, d.region, err);
    free(d.report);
    if (rc) return rc;
    imp c = {who, object, fn, ctx, 0, 0, 0};
    rc = do_survey(s, std, &c, file, d.id, res, err);
    res->rows = c.rows;
    res->households = c.households;
    res->errors = c.errors;
    return rc;
}

/* ------------------------------------------------------------------ */
/* ------------------------------------------------------------------ */
/* simulate */

typedef struct truth_ent {
    char *hh_id;
    int bad, approves, found;
} truth_ent;

typedef struct sim_ctx {
    truth_ent *v;
    size_t cap, n;
} sim_ctx;

static truth_ent *sim_find(sim_ctx *c, const char *k)
{
    size_t j = fnv(k) & (c->cap - 1);
    while (c->v[j].hh_id) {
        if (!strcmp(c->v[j].hh_id, k)) return &c->v[j];
        j = (j + 1) & (c->cap - 1);
    }
    return NULL;
}

typedef struct collect {
    char **ids;
    size_t n, cap;
} collect;

static int on_collect(void *ctx, const kh_drawn *h, kh_error *err)
{
    collect *c = ctx;
    if (!h->hh_id) return KH_OK;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 1024;
        char **n = realloc(c->ids, cap * sizeof *n);
        if (!n)
            return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                                "out of memory");
        c->ids = n;
        c->cap = cap;
    }
    if (!(c->ids[c->n] = strdup(h->hh_id)))
        return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                            "out of memory");
    c->n++;
    return KH_OK;
}

int kh_app_sample_simulate(kh_store *store, const kh_standard *std,
                           const kh_actor *who, long long id,
                           const char *truth, double erate,
                           unsigned long long seed, const char *out,
                           kh_sample_sim *res, kh_error *err)
{
    memset(res, 0, sizeof *res);
    kh_design d;
    memset(&d, 0, sizeof d);
    collect col = {NULL, 0, 0};
    sim_ctx sc = {NULL, 0, 0};
    kh_table *t = NULL;
    kh_tabwriter *w = NULL;
    int rc = kh_design_get(store, id, &d, err);
    if (!rc) {
        char object[32];
        snprintf(object, sizeof object, "design/%lld", d.id);
        rc = kh_sample_may(store, std, who, kh_sample_manage_roles,
                           "sample.simulate", object, d.region, err);
    }
    if (!rc) rc = kh_design_drawn(store, d.id, 0, on_collect, &col, err);
    if (rc) goto done;
    long long line_fen = 0;
    if (kh_standard_poverty_line(std, d.year, &line_fen)) {
        rc = kh_error_set(err, KH_ERR_INVALID, "standard_missing",
                          "标准文件中没有 %d 年的扶贫标准",
                          "the standards have no poverty line for %d", d.year);
        goto done;
    }
    sc.cap = 16;
    while (sc.cap < 2 * col.n + 2)
        sc.cap *= 2;
    sc.v = calloc(sc.cap, sizeof *sc.v);
    if (!sc.v) {
        rc = kh_error_nomem(err);
        goto done;
    }
    for (size_t i = 0; i < col.n; i++) {
        size_t j = fnv(col.ids[i]) & (sc.cap - 1);
        while (sc.v[j].hh_id)
            j = (j + 1) & (sc.cap - 1);
        sc.v[j].hh_id = col.ids[i];
        col.ids[i] = NULL;
        sc.n++;
    }
    /* truth.csv: 户编号, 类别, 不合标准, 认可 (kaohe gen --roster). */
    if ((rc = kh_table_open(truth, &t, err))) goto done;
    const kh_row *r;
    int pos_id = -1, pos_bad = -1, pos_ok = -1;
    while ((rc = kh_table_next(t, &r, err)) == KH_OK && r) {
        if (r->row == 0) {
            for (size_t i = 0; i < r->n; i++) {
                if (!strcmp(r->cells[i].s, "户编号")) pos_id = (int)i;
                if (!strcmp(r->cells[i].s, "不合标准")) pos_bad = (int)i;
                if (!strcmp(r->cells[i].s, "认可")) pos_ok = (int)i;
            }
            if (pos_id < 0 || pos_bad < 0 || pos_ok < 0) {
                kh_error_msg(err, KH_ERR_FORMAT, "header_missing",
                             "真值文件须有 户编号、不合标准、认可 三列",
                             "the truth file needs the columns 户编号, "
                             "不合标准 and 认可");
                kh_error_at(err, truth, 0, 1, NULL);
                rc = KH_ERR_FORMAT;
                break;
            }
            continue;
        }
        if ((size_t)pos_id >= r->n || (size_t)pos_bad >= r->n ||
            (size_t)pos_ok >= r->n)
            continue;
        truth_ent *e = sim_find(&sc, r->cells[pos_id].s);
        if (!e) continue;
        e->bad = r->cells[pos_bad].s[0] == '1';
        e->approves = r->cells[pos_ok].s[0] == '1';
        e->found = 1;
    }
    if (rc) goto done;
    kh_rng rng;
    kh_rng_seed(&rng, (uint64_t)seed);
    if ((rc = kh_tabwriter_open(out, KH_TAB_CSV, KH_ENC_UTF8, &w, err)))
        goto done;
    const char *head[KH_SV_COUNT];
    for (int i = 0; i < KH_SV_COUNT; i++)
        head[i] = kh_survey_cols[i].zh;
    rc = kh_tabwriter_row(w, head, NULL, KH_SV_COUNT, err);
    long long missing = 0, written = 0, flipped = 0;
    char visited[32], design[24];
    snprintf(visited, sizeof visited, "%04d-01-15", d.year + 1);
    snprintf(design, sizeof design, "%lld", d.id);
    long long water_from = kh_standard_int(std, "exit.water_from_year", 2019);
    /* Drawn households in the design's order (col was filled in it). */
    collect order = {NULL, 0, 0};
    if (!rc) rc = kh_design_drawn(store, d.id, 0, on_collect, &order, err);
    for (size_t i = 0; i < order.n && !rc; i++) {
        truth_ent *e = sim_find(&sc, order.ids[i]);
        if (!e || !e->found) {
            missing++;
            continue;
        }
        int bad = e->bad;
        if (erate > 0 && kh_rng_unit(&rng) < erate) {
            bad = !bad;
            flipped++;
        }
        /* A household that fails: one condition, chosen at random. */
        int cond =
            bad ? (int)kh_rng_below(&rng, d.year >= water_from ? 5 : 4) : -1;
        long long inc = cond == 0 ? line_fen * 8 / 10
                                  : line_fen * 3 / 2 +
                                        (long long)kh_rng_below(&rng, 200000);
        char inc_s[32];
        snprintf(inc_s, sizeof inc_s, "%lld.%02lld", inc / 100, inc % 100);
        const char *cells[KH_SV_COUNT];
        cells[KH_SV_HH_ID] = order.ids[i];
        cells[KH_SV_INCOME] = inc_s;
        cells[KH_SV_FOOD] = "是";
        cells[KH_SV_DROPOUT] = cond == 1 ? "是" : "否";
        cells[KH_SV_MEDICAL] = cond == 2 ? "否" : "是";
        cells[KH_SV_HOUSING] = cond == 3 ? "D" : "B";
        cells[KH_SV_WATER] = cond == 4 ? "否" : "是";
        const char *ok = e->approves ? "是" : "否";
        cells[KH_SV_OK_IDENT] = ok;
        cells[KH_SV_OK_EXIT] = ok;
        cells[KH_SV_OK_HELP] = ok;
        cells[KH_SV_VISITOR] = "模拟调查员";
        cells[KH_SV_VISITED] = visited;
        cells[KH_SV_DESIGN] = design;
        rc = kh_tabwriter_row(w, cells, NULL, KH_SV_COUNT, err);
        written++;
    }
    for (size_t i = 0; i < order.n; i++)
        free(order.ids[i]);
    free(order.ids);
    if (!rc) {
        kh_tabwriter *x = w;
        w = NULL;
        rc = kh_tabwriter_close(x, err);
    }
    if (rc) goto done;
    res->written = written;
    res->flipped = flipped;
    res->missing = missing;
    goto done;
done:
    kh_tabwriter_free(w);
    kh_table_free(t);
    for (size_t i = 0; i < col.n; i++)
        free(col.ids[i]);
    free(col.ids);
    if (sc.v)
        for (size_t i = 0; i < sc.cap; i++)
            free(sc.v[i].hh_id);
    free(sc.v);
    free(d.report);
    return rc;
}

/* ---- one household's survey entered by 第三方评估 (the server's form) ---- */

static int no_cols(void *ctx, int member, int n, const char *const *names,
                   const char *const *values, const int *is_num,
                   kh_error *err)
{
    (void)ctx, (void)member, (void)n, (void)names, (void)values;
    (void)is_num, (void)err;
    return KH_OK;
}

int kh_app_survey_household_may(kh_store *s, const kh_actor *who, int year,
                                const char *hh_id, long long *design,
                                kh_error *err)
{
    *design = 0;
    if (!who->acc.sample_only)
        return kh_error_msg(err, KH_ERR_DENIED, "role_denied",
                            "只有第三方评估人员录入入户调查",
                            "only the third-party evaluators enter surveys");
    if (!hh_id) return KH_OK;
    int rc = kh_store_hh_get(s, &who->acc, year, hh_id, no_cols, NULL, err);
    if (!rc) rc = kh_store_hh_design(s, year, hh_id, design, err);
    if (rc == KH_ERR_DENIED) {
        char object[128];
        snprintf(object, sizeof object, "survey/%d/%.64s", year, hh_id);
        return kh_app_refuse(s, who, "survey.read", object, err);
    }
    if (rc) return rc;
    if (!*design) /* (kh_store_hh_get lets a sample user see drawn ones) */
        return kh_error_msg(err, KH_ERR_NOTFOUND, "not_drawn",
                            "该户不在抽样样本中",
                            "this household was not drawn");
    return KH_OK;
}
