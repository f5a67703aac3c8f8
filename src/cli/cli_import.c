/* SPDX-License-Identifier: MIT */
/*
 * cli_import.c - `kaohe import regions FILE` and `kaohe import registry
 * FILE --year YYYY`: check and store, all or nothing; with --keep-valid
 * the valid households are stored and the rejected rows written, in the
 * input's own format and columns plus a reason column, to --rejects FILE.
 * A year that exists is replaced in the same transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "kaohe/buf.h"
#include "kaohe/encoding.h"
#include "kaohe/load.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"
#include "kaohe/table.h"
#include "kaohe/tabwriter.h"

static const char help[] =
    "kaohe import regions FILE [--db FILE] [options]\n"
    "kaohe import registry FILE --year YYYY [--db FILE] [options]\n"
    "kaohe import roster FILE --year YYYY | kaohe import survey FILE  (第三方评估;\n"
    "  kaohe import roster --help)\n"
    "  options: --keep-valid --rejects FILE   只导入无错误的户,被拒绝的行写入 FILE\n"
    "           --standards FILE              省级标准文件 / a province's standards\n"
    "           --format text|json|csv|xlsx -o FILE  问题报告 / the findings report\n"
    "           --lang zh|en\n"
    "  默认全部导入或全部不导入:有任何错误时数据库不作改动。导入已有年度时整体替换。\n"
    "  All or nothing by default: with any error the database is left unchanged.\n"
    "  Importing a year that exists replaces that year's snapshot atomically.\n"
    "  Exit: 0 imported, 1 refused for errors in the data, 2 usage or I/O failure.\n";

typedef struct pending {
    long row;
    char *text; /* reasons for this row, joined */
} pending;

typedef struct import_ctx {
    kh_store *store;
    kh_loader *loader;
    const kh_standard *std;
    cli_report *rep;
    int year;
    int keep_valid;
    int failed;       /* an error was found (all-or-nothing: stop storing) */
    kh_error *err;
    /* rejects */
    kh_tabwriter *rej;
    const char *rej_path;
    int rej_format, rej_encoding;
    size_t header_n;
    /* findings of the household being read, for the reasons */
    kh_buf reasons;   /* "row\treason\n" lines */
    long stored_hh, stored_persons, rejected_hh, rejected_rows;
    int db_failed;
    cli_progress prog;
} import_ctx;

static void on_progress(void *vctx, long long done, long long total)
{
    cli_progress_update(&((import_ctx *)vctx)->prog, done, total);
}

static int on_finding(void *vctx, const kh_finding *f)
{
    import_ctx *c = vctx;
    int rc = cli_report_finding(c->rep, f);
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
        if (kh_loader_finding(c->loader, f, &e)) {
            *c->err = e;
            c->db_failed = 1;
            return KH_ERR_DB;
        }
    }
    return KH_OK;
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
        c->rejected_rows++;
    }
    kh_buf_free(&why);
    free(cells);
    return rc;
}

static int on_household(void *vctx, const kh_household *h, long errors,
                        const kh_row *const *rows, size_t n, kh_error *err)
{
    import_ctx *c = vctx;
    int rc = KH_OK;
    if (errors == 0) {
        if (!c->failed || c->keep_valid) {
            rc = kh_loader_household(c->loader, h, err);
            c->stored_hh++;
            c->stored_persons += (long)n;
        }
    } else if (c->keep_valid) {
        c->rejected_hh++;
        if (c->rej) rc = write_rejects(c, rows, n, err);
    }
    kh_buf_reset(&c->reasons);
    return rc;
}

static int import_regions(const char *file, kh_store *store,
                          const kh_standard *std, cli_report *rep,
                          int keep_valid, kh_error *err, long *nerrors,
                          size_t *stored)
{
    kh_regionset *rs;
    int rc = kh_regionset_new(&rs, err);
    if (rc) return rc;
    rc = kh_regions_read(file, std, rs, (kh_finding_fn)cli_report_finding, rep,
                         nerrors, err);
    if (rc == KH_ERR_INVALID) {
        kh_regionset_free(rs);
        return rc;
    }
    if (!rc && *nerrors && !keep_valid) rc = KH_ERR_INVALID;
    if (!rc) rc = kh_store_begin(store, err);
    if (!rc) {
        rc = kh_store_regions_replace(store, rs, err);
        if (!rc) rc = kh_store_commit(store, err);
        else kh_store_rollback(store);
    }
    *stored = kh_regionset_count(rs);
    kh_regionset_free(rs);
    return rc;
}

/* The first argument that is not an option or an option's value. */
static const char *first_word(int argc, char **argv)
{
    static const char *const valued[] = {"--db", "--year", "--rejects",
                                         "--standards", "--format", "-o",
                                         "--lang", "--design"};
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-') {
            for (size_t k = 0; k < sizeof valued / sizeof valued[0]; k++)
                if (!strcmp(argv[i], valued[k])) i++;
            continue;
        }
        return argv[i];
    }
    return NULL;
}

int cli_import(int argc, char **argv)
{
    /* roster and survey: cli_import_sample.c */
    const char *w = first_word(argc, argv);
    if (w && (!strcmp(w, "roster") || !strcmp(w, "survey")))
        return cli_import_sample(argc, argv);
    const char *what = NULL, *file = NULL, *db = "kaohe.db", *year_s = NULL,
               *rejects = NULL, *std_file = NULL, *format = "text",
               *out = NULL, *lang = "zh";
    int keep_valid = 0;
    for (int i = 1; i < argc; i++) {
        int m = 0;
        if ((m = cli_opt(argc, argv, &i, "--db", &db)) ||
            (m = cli_opt(argc, argv, &i, "--year", &year_s)) ||
            (m = cli_opt(argc, argv, &i, "--rejects", &rejects)) ||
            (m = cli_opt(argc, argv, &i, "--standards", &std_file)) ||
            (m = cli_opt(argc, argv, &i, "--format", &format)) ||
            (m = cli_opt(argc, argv, &i, "-o", &out)) ||
            (m = cli_opt(argc, argv, &i, "--lang", &lang))) {
            if (m < 0) return CLI_FAIL;
        } else if (!strcmp(argv[i], "--keep-valid")) {
            keep_valid = 1;
        } else if (!strcmp(argv[i], "--help")) {
            fputs(help, stdout);
            return CLI_OK;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage("未知选项(kaohe import --help)",
                             "unknown option (kaohe import --help)");
        } else if (!what) {
            what = argv[i];
        } else if (!file) {
            file = argv[i];
        } else {
            return cli_usage("参数过多", "too many arguments");
        }
    }
    if (!what || !file || (strcmp(what, "regions") && strcmp(what, "registry")))
        return cli_usage("kaohe import regions FILE | kaohe import registry FILE --year YYYY",
                         "kaohe import regions FILE | kaohe import registry FILE --year YYYY");
    int is_registry = !strcmp(what, "registry");
    int year = 0;
    if (is_registry) {
        long long y = year_s ? cli_parse_count("--year", year_s) : -1;
        if (!year_s) return cli_usage("导入建档立卡数据需要 --year YYYY",
                                      "importing a registry needs --year YYYY");
        if (y < 1990 || y > 2100)
            return y < 0 ? CLI_FAIL : cli_usage("--year 应为四位年份", "--year must be a four-digit year");
        year = (int)y;
    }
    if (rejects && !keep_valid)
        return cli_usage("--rejects 需要与 --keep-valid 一起使用",
                         "--rejects goes with --keep-valid");
    int fmt = cli_parse_format(format);
    if (fmt < 0) return CLI_FAIL;

    kh_error err;
    kh_error_clear(&err);
    int status = CLI_FAIL;
    kh_standard *std = cli_standard(std_file);
    kh_store *store = NULL;
    cli_report *rep = NULL;
    kh_regionset *rs = NULL;
    kh_checker *ck = NULL;
    import_ctx c;
    memset(&c, 0, sizeof c);
    kh_buf_init(&c.reasons, 0);
    if (!std) goto done;
    /* Open the input before touching the database: a missing file must not
     * leave a new empty database behind. */
    {
        kh_table *t;
        if (kh_table_open(file, &t, &err) == KH_OK) kh_table_free(t);
        else if (err.status == KH_ERR_IO) {
            cli_report_error(&err);
            goto done;
        }
        kh_error_clear(&err);
    }
    if (kh_store_open(db, KH_STORE_CREATE, &store, &err) ||
        cli_report_open(fmt, out, lang, &rep, &err)) {
        cli_report_error(&err);
        goto done;
    }
    if (!is_registry) {
        long nerrors = 0;
        size_t stored = 0;
        int rc = import_regions(file, store, std, rep, keep_valid, &err,
                                &nerrors, &stored);
        cli_report_file(rep, file, "regions", "", 0, 0);
        cli_report *r = rep;
        rep = NULL;
        kh_error e2;
        if (cli_report_close(r, &e2)) cli_report_error(&e2);
        if (rc == KH_ERR_INVALID) {
            fprintf(stderr, "kaohe: 区划表有 %ld 个错误,未导入,数据库未改动\n"
                            "kaohe: the region list has %ld errors; nothing was imported\n",
                    nerrors, nerrors);
            status = CLI_FINDINGS;
        } else if (rc) {
            cli_report_error(&err);
        } else {
            fprintf(stderr, "kaohe: 已导入区划 %zu 个 / imported %zu regions\n",
                    stored, stored);
            status = CLI_OK;
        }
        goto done;
    }
    /* The registry. */
    if (kh_regionset_new(&rs, &err) || kh_store_regions_load(store, rs, &err)) {
        cli_report_error(&err);
        goto done;
    }
    if (kh_regionset_count(rs) == 0) {
        kh_error_set(&err, KH_ERR_USAGE, "regions_missing",
                     "数据库中还没有行政区划,请先运行 kaohe import regions FILE",
                     "the database has no region list yet: run `kaohe import "
                     "regions FILE` first");
        kh_error_at(&err, db, 0, 0, NULL);
        cli_report_error(&err);
        goto done;
    }
    kh_check_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.year = year;
    cli_today(opts.today);
    c.store = store;
    c.std = std;
    c.rep = rep;
    c.year = year;
    c.keep_valid = keep_valid;
    c.err = &err;
    if (kh_checker_new(std, rs, &opts, on_finding, &c, &ck, &err)) {
        cli_report_error(&err);
        goto done;
    }
    if (rejects) {
        kh_table *t;
        int tfmt = KH_TAB_CSV, enc = KH_ENC_UTF8_BOM;
        if (kh_table_open(file, &t, &err) == KH_OK) {
            const kh_row *r;
            if (kh_table_next(t, &r, &err) == KH_OK) {
                if (strcmp(kh_table_kind(t), "csv") != 0) tfmt = KH_TAB_XLSX;
                else enc = kh_table_encoding(t);
            }
            kh_table_free(t);
        }
        kh_error_clear(&err);
        if (kh_tabwriter_open(rejects, tfmt, enc, &c.rej, &err)) {
            cli_report_error(&err);
            goto done;
        }
    }
    if (kh_store_begin_bulk(store, &err) ||
        kh_store_snapshot_begin(store, year, file, &err)) {
        cli_report_error(&err);
        goto done;
    }
    if (kh_loader_new(store, year, std, &c.loader, &err)) {
        kh_store_rollback(store);
        cli_report_error(&err);
        goto done;
    }
    cli_progress_init(&c.prog, "导入");
    kh_load_sink sink = {&c, on_header, on_household, on_progress};
    int rc = kh_registry_read(file, ck, &sink, &err);
    cli_progress_done(&c.prog);
    if (c.db_failed && !rc) rc = KH_ERR_DB;
    {
        /* Let the writer finish before the store is used again. */
        kh_loader *l = c.loader;
        c.loader = NULL;
        if (!rc && !(c.failed && !keep_valid)) rc = kh_loader_finish(l, &err);
        else kh_loader_abort(l);
    }
    kh_check_stats st;
    kh_checker_stats(ck, &st);
    /* The checker's ID set is the largest thing in memory; the index
     * builds that follow do not need it. */
    kh_checker_free(ck);
    ck = NULL;
    cli_report_file(rep, file, "registry", "", st.rows, st.households);
    if (rc && rc != KH_ERR_INVALID) {
        kh_store_rollback(store);
        cli_report_error(&err);
        goto done;
    }
    if (rc == KH_ERR_INVALID || (c.failed && !keep_valid)) {
        kh_store_rollback(store);
        cli_report *r = rep;
        rep = NULL;
        kh_error e2;
        if (cli_report_close(r, &e2)) cli_report_error(&e2);
        fprintf(stderr,
                "kaohe: 发现 %ld 个错误,未导入,数据库未改动(可用 --keep-valid --rejects FILE 只导入无错误的户)\n"
                "kaohe: %ld errors found; nothing was imported, the database is unchanged "
                "(--keep-valid --rejects FILE loads the valid households)\n",
                st.errors, st.errors);
        status = CLI_FINDINGS;
        goto done;
    }
    if (kh_store_snapshot_end(store, year, &err)) {
        kh_store_rollback(store);
        cli_report_error(&err);
        goto done;
    }
    if (c.rej) {
        kh_tabwriter *w = c.rej;
        c.rej = NULL;
        if (kh_tabwriter_close(w, &err)) {
            kh_store_rollback(store);
            cli_report_error(&err);
            goto done;
        }
    }
    if (kh_store_commit(store, &err)) {
        if (rejects) remove(rejects);
        cli_report_error(&err);
        goto done;
    }
    {
        cli_report *r = rep;
        rep = NULL;
        kh_error e2;
        if (cli_report_close(r, &e2)) cli_report_error(&e2);
    }
    fprintf(stderr, "kaohe: %d 年已导入 %ld 户 %ld 人", year, c.stored_hh, c.stored_persons);
    if (keep_valid)
        fprintf(stderr, ",拒绝 %ld 户 %ld 行%s%s", c.rejected_hh, c.rejected_rows,
                rejects ? " → " : "", rejects ? rejects : "");
    fprintf(stderr, "\nkaohe: imported %ld households, %ld persons for %d",
            c.stored_hh, c.stored_persons, year);
    if (keep_valid) fprintf(stderr, "; rejected %ld households (%ld rows)", c.rejected_hh, c.rejected_rows);
    fprintf(stderr, "\n");
    status = CLI_OK;
done:
    kh_loader_abort(c.loader);
    kh_tabwriter_free(c.rej);
    kh_buf_free(&c.reasons);
    cli_report_abort(rep);
    kh_checker_free(ck);
    kh_regionset_free(rs);
    kh_store_close(store);
    kh_standard_free(std);
    return status;
}
