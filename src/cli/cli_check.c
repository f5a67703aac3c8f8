/* SPDX-License-Identifier: MIT */
/*
 * cli_check.c - `kaohe check FILE… [--regions FILE] [--year YYYY]`: check
 * region lists and registries without storing anything; with --year and
 * no file, check what the database holds for that year.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "kaohe/encoding.h"
#include "kaohe/load.h"
#include "kaohe/review.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"
#include "kaohe/table.h"

static const char usage_text[] =
    "kaohe check [FILE…] [--regions FILE] [--year YYYY] [--db FILE]\n"
    "            [--standards FILE] [--format text|json|csv|xlsx] [-o FILE]\n"
    "            [--lang zh|en] [--sheet NAME|N] [--all-sheets]\n"
    "  检查区划表和建档立卡表(CSV UTF-8/GB18030、XLSX、XLS),不写入数据库。\n"
    "  没有给出区划表时使用数据库中的区划表(若有)。只给 --year 时检查数据库\n"
    "  中该年度的数据。退出码:0 无错误,1 有错误,2 用法或读写失败。\n"
    "  Check region lists and registries without storing anything. Without a\n"
    "  region file, the database's region list is used when there is one.\n"
    "  With --year and no file, the stored year is checked.\n"
    "  XLSX: --sheet 读取指定的工作表(名称或从 1 起的序号;默认为第一个有表头\n"
    "  的工作表),--all-sheets 把它和其后表头相同的工作表作为一个文件读取。\n"
    "  XLSX: --sheet reads the named (or numbered from 1) worksheet instead of\n"
    "  the first with a header; --all-sheets reads it and every later sheet\n"
    "  with the same header as one file.\n"
    "  Exit: 0 no error, 1 errors found, 2 usage or I/O failure.\n";

typedef struct opts {
    const char *db, *regions, *standards, *format, *out, *lang, *sheet;
    int year, all_sheets;
} opts;

#define O(f) offsetof(opts, f)
static const cli_option table[] = {
    {"--regions", "FILE", CLI_PATH, O(regions), NULL, NULL,
     "区划表 / the region list"},
    CLI_OPT_YEAR_ANY(O(year), NULL),
    CLI_OPT_DB(O(db), NULL),
    CLI_OPT_STANDARDS(O(standards), NULL),
    CLI_OPT_FORMAT(O(format), NULL, "text|json|csv|xlsx"),
    CLI_OPT_OUT(O(out), NULL),
    CLI_OPT_LANG(O(lang), NULL),
    {"--sheet", "NAME|N", CLI_STR, O(sheet), NULL, NULL,
     "XLSX 的工作表(名称或从 1 起的序号) / the XLSX worksheet (name or "
     "number from 1)"},
    {"--all-sheets", NULL, CLI_FLAG, O(all_sheets), NULL, NULL,
     "读取该表和其后表头相同的工作表 / read it and every later sheet with "
     "the same header"},
    CLI_END};

static const cli_spec spec = {"check", usage_text, table, NULL, -1};

typedef struct stored_ctx {
    kh_checker *ck;
    int header_done;
    const char *file;
    kh_reviewer *rv; /* the exit review's findings too, or NULL */
    kh_review_result res;
    cli_report *rep;
} stored_ctx;

static int helper_count(void *ctx, const char *id, long long n, kh_error *err)
{
    return kh_reviewer_helper_count(ctx, id, n, err);
}

/* The review's findings of one household, as warnings on its first row. */
static int review_findings(stored_ctx *c, const kh_household *h,
                           kh_error *err)
{
    int rc = kh_review_household(c->rv, h, &c->res, err);
    for (int k = 0; k < KH_RV_COUNT && !rc; k++) {
        if (!(c->res.flagged & (1u << k))) continue;
        const kh_review_detail *d = &c->res.detail[k];
        kh_finding f = {c->file, h->row, h->line,
                        d->column >= 0 ? kh_registry_cols[d->column].zh : "",
                        h->hh_id, h->nmembers ? h->members[0].id_no : "",
                        kh_review_codes[k], 1, d->zh, d->en};
        if (cli_report_finding(c->rep, &f))
            rc = kh_error_set(err, KH_ERR_IO, "io", "写入报告失败",
                              "cannot write the report");
    }
    return rc;
}

static int stored_household(void *vctx, const kh_row *header,
                            const kh_row *const *rows, size_t n,
                            kh_error *err)
{
    stored_ctx *c = vctx;
    if (!c->header_done) {
        int rc = kh_checker_header(c->ck, c->file, "db", header, err);
        if (rc) return rc;
        c->header_done = 1;
    }
    const kh_household *h;
    long errors;
    int rc = kh_checker_household(c->ck, rows, n, &h, &errors, err);
    if (!rc && c->rv && !errors) rc = review_findings(c, h, err);
    return rc;
}

static int on_finding(void *ctx, const kh_finding *f)
{
    return cli_report_finding(ctx, f);
}

int cli_check(int argc, char **argv)
{
    opts o = {.format = "text", .lang = "zh"};
    int nfiles = 0;
    int prc = cli_opts_parse(&spec, NULL, argc, argv, 1, &o, &nfiles);
    if (prc != CLI_GO) return prc;
    const char *db = o.db, *regions_file = o.regions, *std_file = o.standards,
               *format = o.format, *out = o.out, *lang = o.lang;
    const char **files = (const char **)argv + 1;
    int year = o.year;
    const char *sheet = o.sheet;
    int all_sheets = o.all_sheets;
    if (!nfiles && !regions_file && !year) {
        return cli_usage("请给出要检查的文件,或用 --year 检查数据库中的数据",
                         "give files to check, or --year to check the "
                         "database");
    }
    int fmt = cli_parse_format(format);
    if (fmt < 0) return CLI_FAIL;

    kh_error err;
    kh_error_clear(&err);
    int status = CLI_FAIL;
    kh_standard *std = cli_standard(std_file);
    kh_regionset *rs = NULL;
    kh_checker *ck = NULL;
    cli_report *rep = NULL;
    kh_store *store = NULL;
    if (!std) goto done;
    if (kh_regionset_new(&rs, &err) ||
        cli_report_open(fmt, out, lang, &rep, &err)) {
        cli_report_error(&err);
        goto done;
    }
    cli_report_standard(rep, std);
    /* Region lists: given with --regions or among the files. */
    int have_regions = 0;
    for (int i = -1; i < nfiles; i++) {
        const char *f = i < 0 ? regions_file : files[i];
        if (!f) continue;
        if (i >= 0) {
            int isreg = kh_file_is_regions(f, std, &err);
            if (isreg != 0 && isreg != 1) {
                cli_report_error(&err);
                goto done;
            }
            if (!isreg) continue;
            files[i] = NULL;
        }
        long errors;
        size_t before = kh_regionset_count(rs);
        int rc = kh_regions_read(f, std, rs, on_finding, rep, &errors, &err);
        if (rc && rc != KH_ERR_INVALID) {
            cli_report_error(&err);
            goto done;
        }
        cli_report_file(rep, f, "regions", "", (long)(kh_regionset_count(rs) - before), 0);
        have_regions = 1;
    }
    /* Otherwise the database's. */
    struct stat st;
    const char *dbpath = db ? db : "kaohe.db";
    int want_db = year && nfiles == 0;
    if (!have_regions || want_db) {
        if (stat(dbpath, &st) == 0 || db || want_db) {
            if (kh_store_open(dbpath, KH_STORE_READONLY, &store, &err)) {
                cli_report_error(&err);
                goto done;
            }
            if (!have_regions) {
                if (kh_store_regions_load(store, rs, &err)) {
                    cli_report_error(&err);
                    goto done;
                }
                have_regions = kh_regionset_count(rs) > 0;
            }
        }
    }
    int registries = 0;
    for (int i = 0; i < nfiles; i++) registries += files[i] != NULL;
    if (!have_regions && (registries || want_db))
        fprintf(stderr, "kaohe: 注意:没有区划表,未核对行政区划代码(village_unknown、village_level)\n"
                        "kaohe: note: no region list, village codes were not looked up\n");
    kh_check_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.year = year;
    opts.stored = want_db && registries == 0;
    cli_today(opts.today);
    if (kh_checker_new(std, have_regions ? rs : NULL, &opts, on_finding, rep,
                       &ck, &err)) {
        cli_report_error(&err);
        goto done;
    }
    for (int i = 0; i < nfiles; i++) {
        if (!files[i]) continue;
        kh_check_stats before, after;
        kh_checker_stats(ck, &before);
        cli_progress prog;
        cli_progress_init(&prog, "检查");
        kh_load_sink sink = {&prog, NULL, NULL, cli_progress_update, NULL};
        int rc = kh_registry_read_sheets(files[i], sheet, all_sheets, ck,
                                         &sink, &err);
        cli_progress_done(&prog);
        if (rc && rc != KH_ERR_INVALID) {
            cli_report_error(&err);
            goto done;
        }
        kh_checker_stats(ck, &after);
        /* The encoding, for the summary. */
        kh_table *t;
        kh_error e2;
        const char *kind = "?", *enc = "?";
        if (kh_table_open(files[i], &t, &e2) == KH_OK) {
            const kh_row *r;
            if (kh_table_next(t, &r, &e2) == KH_OK) {
                kind = kh_table_kind(t);
                enc = kh_encoding_name(kh_table_encoding(t));
            }
            kh_table_free(t);
        }
        cli_report_file(rep, files[i], kind, enc, after.rows - before.rows,
                        after.households - before.households);
    }
    if (want_db) {
        if (!kh_store_year_exists(store, year)) {
            kh_error_set(&err, KH_ERR_NOTFOUND, "year_missing",
                         "数据库中没有 %d 年的建档立卡数据",
                         "no registry snapshot for %d in the database", year);
            kh_error_at(&err, dbpath, 0, 0, NULL);
            cli_report_error(&err);
            goto done;
        }
        char label[300];
        snprintf(label, sizeof label, "%s#%d", dbpath, year);
        stored_ctx sc;
        memset(&sc, 0, sizeof sc);
        sc.ck = ck;
        sc.file = label;
        sc.rep = rep;
        /* The exit review's warnings (docs/review.md); a standard without
         * the year's poverty line cannot review it. */
        kh_error rerr;
        if (kh_reviewer_new(std, year, opts.today, &sc.rv, &rerr)) {
            char zh[700], en[700];
            kh_error_format(&rerr, "zh", zh, sizeof zh);
            kh_error_format(&rerr, "en", en, sizeof en);
            fprintf(stderr, "kaohe: 注意:未做退出核查:%s\n"
                            "kaohe: note: no exit review: %s\n", zh, en);
        } else if (kh_store_helper_counts(store, year, helper_count, sc.rv,
                                          &err)) {
            kh_reviewer_free(sc.rv);
            cli_report_error(&err);
            goto done;
        }
        kh_check_stats before, after;
        kh_checker_stats(ck, &before);
        int rc = kh_store_registry_each(store, year, stored_household, &sc, &err);
        kh_reviewer_free(sc.rv);
        if (rc) {
            cli_report_error(&err);
            goto done;
        }
        kh_checker_stats(ck, &after);
        cli_report_file(rep, label, "db", "utf-8", after.rows - before.rows,
                        after.households - before.households);
    }
    long errors = cli_report_errors(rep);
    cli_report *r = rep;
    rep = NULL;
    if (cli_report_close(r, &err)) {
        cli_report_error(&err);
        goto done;
    }
    status = errors ? CLI_FINDINGS : CLI_OK;
done:
    cli_report_abort(rep);
    kh_checker_free(ck);
    kh_regionset_free(rs);
    kh_store_close(store);
    kh_standard_free(std);
    return status;
}
