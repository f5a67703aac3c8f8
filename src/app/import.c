/* SPDX-License-Identifier: MIT */
/*
 * import.c - the registry import shared by `kaohe import registry` and
 * `POST /api/imports` (import.h): check and store, all or nothing; with
 * keep_valid the valid households are stored and the rejected rows
 * written, in the input's own format and columns plus a reason column, to
 * the reject file. A year that exists is replaced in the same transaction.
 * A use case (src/app): it joins the readers (src/io), the checker
 * (src/domain) and the store's loader (src/store) and owns the
 * transaction; the SQL is the store's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kaohe/app.h"
#include "kaohe/buf.h"
#include "kaohe/encoding.h"
#include "kaohe/import.h"
#include "kaohe/load.h"
#include "kaohe/registry.h"
#include "kaohe/standard.h"
#include "kaohe/table.h"
#include "kaohe/tabwriter.h"
#include "kaohe/store.h"

typedef struct import_ctx {
    const kh_import_opts *o;
    kh_store *store;
    const kh_standard *std;
    kh_loader *loader; /* started at the first use (loader_get) */
    int failed;       /* an error was found (all-or-nothing: stop storing) */
    int stopped;      /* the progress callback asked to stop */
    kh_error *err;
    kh_import_result *res;
    /* rejects */
    kh_tabwriter *rej;
    size_t header_n;
    /* findings of the household being read, for the reasons */
    kh_buf reasons;   /* "row\treason\n" lines */
    int db_failed;
    long rows;        /* rows of the households read so far */
    long long done, total; /* the reader's last progress */
    long households;
} import_ctx;

/* The loader's writer thread starts only once the file is open: an XLS
 * is read by a forked child (src/io/xls_read.c), and a fork must not
 * catch another thread inside the allocator. */
static kh_loader *loader_get(import_ctx *c, kh_error *err)
{
    if (!c->loader &&
        kh_loader_new(c->store, c->o->year, c->std, &c->loader, err))
        return NULL;
    return c->loader;
}

static void report(import_ctx *c)
{
    if (c->o->progress && !c->stopped &&
        c->o->progress(c->o->progress_ctx, KH_IMPORT_READ, c->rows,
                       c->done, c->total))
        c->stopped = 1;
}

static void on_progress(void *vctx, long long done, long long total)
{
    import_ctx *c = vctx;
    c->done = done;
    c->total = total;
    report(c);
}

static int on_finding(void *vctx, const kh_finding *f)
{
    import_ctx *c = vctx;
    int rc = c->o->finding ? c->o->finding(c->o->finding_ctx, f) : KH_OK;
    if (rc) return rc;
    if (!f->warning) c->failed = 1;
    if (f->row > 0 && c->rej && !f->warning) {
        rc = kh_buf_printf(&c->reasons, "%ld\t%s[%s] %s / %s\n", f->row,
                           f->column[0] ? f->column : "", f->code, f->zh, f->en);
        if (rc) return rc;
    }
    /* Findings are stored with the snapshot (errors too, for rejected
     * households); a refused import rolls them back with the rest. */
    if (!c->db_failed) {
        kh_error e;
        kh_loader *l = loader_get(c, &e);
        if (!l || kh_loader_finding(l, f, &e)) {
            *c->err = e;
            c->db_failed = 1;
            return KH_ERR_DB;
        }
    }
    return KH_OK;
}

/* The file's title rows head the reject file too, one cell a row. */
static int on_title(void *vctx, const char *lines, kh_error *err)
{
    import_ctx *c = vctx;
    if (!c->rej) return KH_OK;
    int rc = KH_OK;
    for (const char *p = lines; *p && !rc;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char *line = strndup(p, n);
        if (!line) return kh_error_nomem(err);
        const char *cells[1] = {line};
        rc = kh_tabwriter_row(c->rej, cells, NULL, 1, err);
        free(line);
        p += n + (nl ? 1 : 0);
    }
    return rc;
}

static int on_header(void *vctx, const kh_row *h, kh_error *err)
{
    import_ctx *c = vctx;
    c->header_n = h->n;
    if (!c->rej) return KH_OK;
    const char **cells = calloc(h->n + 1, sizeof *cells);
    if (!cells) return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    for (size_t i = 0; i < h->n; i++) cells[i] = h->cells[i].s;
    cells[h->n] = "拒绝原因";
    int rc = kh_tabwriter_row(c->rej, cells, NULL, h->n + 1, err);
    free(cells);
    return rc;
}

static int write_rejects(import_ctx *c, const kh_row *const *rows, size_t n,
                         kh_error *err)
{
    size_t width = c->header_n + 1;
    const char **cells = calloc(width, sizeof *cells);
    kh_buf why = KH_BUF_INIT;
    if (!cells) return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    int rc = KH_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        const kh_row *r = rows[i];
        for (size_t k = 0; k + 1 < width; k++)
            cells[k] = k < r->n ? r->cells[k].s : "";
        /* This row's reasons. */
        kh_buf_reset(&why);
        const char *p = c->reasons.data ? c->reasons.data : "";
        while (*p && !rc) {
            const char *nl = strchr(p, '\n');
            long row = strtol(p, NULL, 10);
            const char *tab = strchr(p, '\t');
            if (row == r->row && tab && tab < nl) {
                if (why.len) rc = kh_buf_adds(&why, ";");
                if (!rc) rc = kh_buf_add(&why, tab + 1, (size_t)(nl - tab - 1));
            }
            p = nl + 1;
        }
        if (!rc && !why.len)
            rc = kh_buf_adds(&why, "同户其他行有错误 / another row of the household has errors");
        if (rc) break;
        cells[width - 1] = why.data;
        rc = kh_tabwriter_row(c->rej, cells, NULL, width, err);
        c->res->rejected_rows++;
    }
    kh_buf_free(&why);
    free(cells);
    return rc;
}

/* A household outside the scope: an error on its village code (*bad). */
static int scope_finding(import_ctx *c, const kh_household *h, int *bad,
                         kh_error *err)
{
    const kh_import_opts *o = c->o;
    *bad = 0;
    if (!o->scope_lo || !o->scope_hi || !h->village[0] ||
        (strcmp(h->village, o->scope_lo) >= 0 &&
         strcmp(h->village, o->scope_hi) <= 0))
        return KH_OK;
    char zh[256], en[256];
    snprintf(zh, sizeof zh, "村代码 %s 不在你的管辖区划(%s)内,不能导入",
             h->village, o->scope_lo);
    snprintf(en, sizeof en,
             "village %s is outside your region (%s): you may not import it",
             h->village, o->scope_lo);
    kh_finding f = {o->file, h->row, h->line,
                    kh_registry_cols[KH_C_VILLAGE].zh, h->hh_id ? h->hh_id : "",
                    "", "village_out_of_scope", 0, zh, en};
    c->res->out_of_scope++;
    *bad = 1;
    int rc = on_finding(c, &f);
    if (rc && !c->db_failed)
        kh_error_set(err, rc, "finding", "无法记录问题", "cannot record a finding");
    return rc;
}

static int on_household(void *vctx, const kh_household *h, long errors,
                        const kh_row *const *rows, size_t n, kh_error *err)
{
    import_ctx *c = vctx;
    const kh_import_opts *o = c->o;
    if (c->stopped)
        return kh_error_set(err, KH_ERR_IO, "import_stopped",
                            "导入已停止,数据库未改动",
                            "the import was stopped; nothing was changed");
    int bad;
    int rc = scope_finding(c, h, &bad, err);
    if (rc) return rc;
    errors += bad;
    c->rows += (long)n;
    /* the rows between the reader's reports (every 4096 rows) */
    if ((++c->households & 1023) == 0) report(c);
    if (errors == 0) {
        if (!c->failed || o->keep_valid) {
            kh_loader *l = loader_get(c, err);
            rc = l ? kh_loader_household(l, h, err) : err->status;
            c->res->stored_hh++;
            c->res->stored_persons += (long)n;
        }
    } else if (o->keep_valid) {
        c->res->rejected_hh++;
        if (c->rej) rc = write_rejects(c, rows, n, err);
    }
    kh_buf_reset(&c->reasons);
    return rc;
}

static int has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && !strcasecmp(path + n - e, ext);
}

/* The reject file's format: its extension's (.xlsx, .csv), else the
 * input's own; a CSV keeps the input CSV's encoding (UTF-8 with a BOM
 * after an XLSX or XLS, which Excel opens as UTF-8). */
static void rejects_format(const char *file, const char *rejects, int *fmt,
                           int *enc)
{
    kh_table *t;
    kh_error err;
    *fmt = KH_TAB_CSV;
    *enc = KH_ENC_UTF8_BOM;
    if (kh_table_open(file, &t, &err) == KH_OK) {
        const kh_row *r;
        if (kh_table_next(t, &r, &err) == KH_OK) {
            if (strcmp(kh_table_kind(t), "csv") != 0) *fmt = KH_TAB_XLSX;
            else *enc = kh_table_encoding(t);
        }
        kh_table_free(t);
    }
    if (has_ext(rejects, ".xlsx")) *fmt = KH_TAB_XLSX;
    else if (has_ext(rejects, ".csv") || has_ext(rejects, ".txt"))
        *fmt = KH_TAB_CSV;
}

int kh_import_registry(kh_store *store, const kh_standard *std,
                       const kh_import_opts *o, kh_import_result *res,
                       kh_error *err)
{
    memset(res, 0, sizeof *res);
    kh_regionset *rs = NULL;
    kh_checker *ck = NULL;
    import_ctx c;
    memset(&c, 0, sizeof c);
    c.o = o;
    c.err = err;
    c.res = res;
    kh_buf_init(&c.reasons, 0);
    int rc = kh_regionset_new(&rs, err);
    if (!rc) rc = kh_store_regions_load(store, rs, err);
    if (!rc && kh_regionset_count(rs) == 0) {
        rc = kh_error_set(err, KH_ERR_USAGE, "regions_missing",
                          "数据库中还没有行政区划,请先运行 kaohe import regions FILE",
                          "the database has no region list yet: run `kaohe import "
                          "regions FILE` first");
        kh_error_at(err, o->db ? o->db : "", 0, 0, NULL);
    }
    kh_check_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.year = o->year;
    memcpy(opts.today, o->today, sizeof opts.today);
    if (!rc) rc = kh_checker_new(std, rs, &opts, on_finding, &c, &ck, err);
    if (!rc && o->keep_valid && o->rejects) {
        int fmt, enc;
        rejects_format(o->file, o->rejects, &fmt, &enc);
        kh_error_clear(err);
        rc = kh_tabwriter_open(o->rejects, fmt, enc, &c.rej, err);
    }
    /* A year cannot be emptied by accident: the households it holds now,
     * to compare with what the file brings (below). */
    long long had = 0;
    if (!rc) rc = kh_store_year_households(store, o->year, &had, err);
    if (rc) goto done;
    if ((rc = kh_store_begin_bulk(store, err))) goto done;
    c.store = store;
    c.std = std;
    if ((rc = kh_store_snapshot_begin(store, o->year,
                                      o->source ? o->source : o->file, err))) {
        kh_store_rollback(store);
        goto done;
    }
    kh_load_sink sink = {&c, on_header, on_household, on_progress, on_title};
    rc = kh_registry_read_sheets(o->file, o->sheet, o->all_sheets, ck, &sink,
                                 err);
    if (c.db_failed && !rc) rc = KH_ERR_DB;
    kh_checker_stats(ck, &res->st);
    res->st.errors += res->out_of_scope;
    res->read = 1;
    if (!rc && o->progress && !(c.failed && !o->keep_valid) &&
        o->progress(o->progress_ctx, KH_IMPORT_STORE, res->st.rows, 1, 1))
        c.stopped = 1;
    if (!rc && c.stopped)
        rc = kh_error_set(err, KH_ERR_IO, "import_stopped",
                          "导入已停止,数据库未改动",
                          "the import was stopped; nothing was changed");
    {
        /* Let the writer finish before the store is used again. */
        kh_loader *l = rc ? c.loader : loader_get(&c, err);
        c.loader = NULL;
        if (!rc && !l) rc = err->status;
        else if (!rc && !(c.failed && !o->keep_valid)) rc = kh_loader_finish(l, err);
        else kh_loader_abort(l);
    }
    /* The checker's ID set is the largest thing in memory; the index
     * builds that follow do not need it. */
    kh_checker_free(ck);
    ck = NULL;
    if (rc && rc != KH_ERR_INVALID) {
        kh_store_rollback(store);
        goto done;
    }
    if (rc == KH_ERR_INVALID || (c.failed && !o->keep_valid)) {
        kh_store_rollback(store);
        rc = KH_ERR_INVALID;
        goto done;
    }
    if (!o->replace && had > 0 && (long long)res->stored_hh * 2 < had) {
        kh_store_rollback(store);
        rc = kh_error_set(err, KH_ERR_USAGE, "replace_needed",
                          "%d 年现有 %lld 户，本次导入只有 %ld 户（不足一半）："
                          "未导入，数据库未改动",
                          "year %d holds %lld households and this import "
                          "has only %ld (fewer than half): nothing was "
                          "imported, the database is unchanged",
                          o->year, had, res->stored_hh);
        goto done;
    }
    rc = kh_store_snapshot_end(store, o->year, err);
    if (!rc && o->before_commit)
        rc = o->before_commit(o->before_commit_ctx, store, err);
    if (!rc && c.rej) {
        kh_tabwriter *w = c.rej;
        c.rej = NULL;
        rc = kh_tabwriter_close(w, err);
    }
    if (rc) {
        kh_store_rollback(store);
        goto done;
    }
    if ((rc = kh_store_commit(store, err))) {
        if (o->keep_valid && o->rejects) remove(o->rejects);
        goto done;
    }
done:
    if (rc) {
        /* nothing was stored, no reject file written */
        res->stored_hh = res->stored_persons = 0;
        res->rejected_hh = res->rejected_rows = 0;
    }
    kh_loader_abort(c.loader);
    kh_tabwriter_free(c.rej);
    kh_buf_free(&c.reasons);
    kh_checker_free(ck);
    kh_regionset_free(rs);
    return rc;
}

int kh_app_import_may(kh_store *s, const kh_standard *std,
                      const kh_actor *who, int year, const char *object,
                      kh_error *err)
{
    const char *role = who->acc.role;
    if (!kh_app_may_import(std, who)) {
        kh_error_set(err, KH_ERR_DENIED, "role_denied",
                     "你的角色(%s)不能导入建档立卡数据",
                     "your role (%s) may not import the registry", role);
        return kh_app_refuse(s, who, "import.registry", object, err);
    }
    if (year < 0 || who->acc.all) return KH_OK;
    /* A county's import replaces the year: only when the year holds
     * nothing outside the county. */
    long long out = 0;
    int rc = kh_store_year_outside(s, year, who->acc.lo, who->acc.hi, &out,
                                   err);
    if (rc || out == 0) return rc;
    kh_error_set(err, KH_ERR_DENIED, "year_outside_scope",
                 "%d 年的数据中有你的区划以外的 %lld 户;导入会整体"
                 "替换该年度,请由系统管理员导入",
                 "%d's snapshot holds %lld households outside your "
                 "region; an import replaces the whole year: ask "
                 "the administrator",
                 year, out);
    return kh_app_refuse(s, who, "import.registry", object, err);
}

void kh_app_import_scope(const kh_actor *who, char lo[13], char hi[13])
{
    lo[0] = hi[0] = '\0';
    if (who->acc.all) return;
    memcpy(lo, who->acc.lo, 13);
    memcpy(hi, who->acc.hi, 13);
}
