/* SPDX-License-Identifier: MIT */
/*
 * cli_import_sample.c - `kaohe import roster FILE --year YYYY` (the 花名册
 * of non-registered rural households) and `kaohe import survey FILE
 * [--design ID]` (the evaluators' observations, classified by kaohe with
 * the review's exit rules). Both all or nothing: any error and the
 * database is left as it was. Formats: docs/formats.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_sample.h"
#include "kaohe/buf.h"
#include "kaohe/header.h"
#include "kaohe/load.h"
#include "kaohe/sample.h"
#include "kaohe/sample_store.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"
#include "kaohe/survey.h"
#include "kaohe/table.h"

typedef struct imp {
    cli_report *rep;
    long errors;
    long rows, households; /* read, and stored */
} imp;

static int on_finding(void *vctx, const kh_finding *f)
{
    imp *c = vctx;
    return cli_report_finding(c->rep, f);
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
    return cli_report_finding(c->rep, &f);
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
    return cli_report_finding(c->rep, &f);
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
 * against the columns of kind (KH_HDR_ROSTER, KH_HDR_SURVEY; pos gets each
 * column's place, std's aliases read) and *row is then NULL.
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
    return cli_report_finding(rc->c->rep, &f);
}

static int do_roster(kh_store *store, const kh_standard *std, imp *c,
                     const char *file, int year, kh_error *err)
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
            rc = cli_report_finding(c->rep, &f);
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
    rc = kh_store_commit(store, err);
    if (!rc)
        fprintf(stderr,
                "kaohe: %d 年花名册已导入 %lld 户 %lld 人\n"
                "kaohe: imported a roster of %lld households, %lld persons "
                "for %d\n",
                year, hh, persons, hh, persons, year);
out:
    kh_table_free(t);
    kh_regionset_free(rs);
    return rc;
}

static const char *const code_words[] = {"exit_income", "exit_dropout",
                                         "exit_medical", "exit_housing",
                                         "exit_water"};

static int do_survey(kh_store *store, const kh_standard *std, imp *c,
                     const char *file, long long design_id, kh_error *err)
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
        int group = 0;
        if ((rc = kh_design_group_of(store, d.id, r.hh_id, &group, err))) break;
        const char *code = NULL;
        char zh[320], en[320];
        if (!group) {
            code = "survey_not_drawn";
            snprintf(zh, sizeof zh, "户编号 %s 不在抽样方案 %lld 的样本中",
                     r.hh_id, d.id);
            snprintf(en, sizeof en,
                     "户编号 %s was not drawn in sampling design %lld", r.hh_id,
                     d.id);
        } else {
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
            f.column = "户编号";
            f.hh_id = r.hh_id;
            f.id_no = "";
            f.code = code;
            f.zh = zh;
            f.en = en;
            c->errors++;
            rc = cli_report_finding(c->rep, &f);
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
     * inside the transaction (a failure rolls it back) and printed once
     * it is committed. */
    char *warn = NULL;
    size_t warn_len = 0;
    FILE *mf = open_memstream(&warn, &warn_len);
    if (!mf) {
        rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                          "out of memory");
    } else {
        rc = cli_sample_response(store, std, d.id, mf, "kaohe: ", NULL, err);
        if (fclose(mf) != 0 && !rc)
            rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                              "out of memory");
    }
    if (rc) {
        free(warn);
        kh_store_rollback(store);
        goto out;
    }
    rc = kh_store_commit(store, err);
    if (rc) free(warn), warn = NULL;
    if (!rc)
        fprintf(
            stderr,
            "kaohe: 抽样方案 %lld 已导入调查 %lld 户:错退 %lld 户,漏评 %lld "
            "户,无法判定 %lld 户\n"
            "kaohe: design %lld: %lld surveyed households imported; %lld "
            "wrongly exited, %lld missed, %lld not judged\n",
            d.id, stored, fails[KH_G_EXITED], fails[KH_G_ROSTER], unknown, d.id,
            stored, fails[KH_G_EXITED], fails[KH_G_ROSTER], unknown);
    if (warn) {
        fputs(warn, stderr);
        free(warn);
    }
out:
    kh_buf_free(&why);
    strset_free(&seen);
    kh_table_free(t);
    kh_classifier_free(cl);
    free(d.report);
    return rc;
}

int cli_import_sample(const cli_import_opts *o)
{
    const char *what = o->what, *file = o->file, *db = o->db,
               *std_file = o->standards, *format = o->format, *out = o->out,
               *lang = o->lang;
    int roster = !strcmp(what, "roster");
    if (!file)
        return cli_usage("缺少文件名(kaohe import --help)",
                         "a file name is needed (kaohe import --help)");
    int year = o->year;
    long long design = 0;
    if (roster) {
        if (!year)
            return cli_usage("导入花名册需要 --year YYYY",
                             "importing a roster needs --year YYYY");
    } else if (o->design >= 0) {
        design = o->design;
        if (design < 1)
            return cli_usage("--design 从 1 开始编号", "design ids start at 1");
    }
    int fmt = cli_parse_format(format);
    if (fmt < 0) return CLI_FAIL;
    kh_error err;
    kh_error_clear(&err);
    kh_standard *std = cli_standard(std_file);
    if (!std) return CLI_FAIL;
    kh_store *store = NULL;
    imp c = {NULL, 0, 0, 0};
    int status = CLI_FAIL;
    {
        kh_table *t;
        if (kh_table_open(file, &t, &err) == KH_OK) {
            kh_table_free(t);
        } else if (err.status == KH_ERR_IO) {
            cli_report_error(&err);
            goto done;
        }
        kh_error_clear(&err);
    }
    if (kh_store_open(db, KH_STORE_OPEN, &store, &err) ||
        cli_report_open(fmt, out, lang, &c.rep, &err)) {
        cli_report_error(&err);
        goto done;
    }
    int rc = roster ? do_roster(store, std, &c, file, year, &err)
                    : do_survey(store, std, &c, file, design, &err);
    cli_report_file(c.rep, file, what, "", c.rows, c.households);
    cli_report *r = c.rep;
    c.rep = NULL;
    kh_error e2;
    if (cli_report_close(r, &e2)) cli_report_error(&e2);
    if (rc) {
        status = cli_report_error(&err);
    } else if (c.errors) {
        fprintf(stderr,
                "kaohe: 发现 %ld 个错误,未导入,数据库未改动\n"
                "kaohe: %ld errors found; nothing was imported, the database "
                "is unchanged\n",
                c.errors, c.errors);
        status = CLI_FINDINGS;
    } else {
        status = CLI_OK;
    }
done:
    cli_report_abort(c.rep);
    kh_store_close(store);
    kh_standard_free(std);
    return status;
}
