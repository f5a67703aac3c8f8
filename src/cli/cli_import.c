/* SPDX-License-Identifier: MIT */
/*
 * cli_import.c - `kaohe import regions FILE` and `kaohe import registry
 * FILE --year YYYY`: check and store, all or nothing; with --keep-valid
 * the valid households are stored and the rejected rows written, in the
 * input's own format and columns plus a reason column, to --rejects FILE.
 * A year that exists is replaced in the same transaction. The registry
 * import itself is the library's (kh_import_registry, src/app/import.c,
 * shared with POST /api/imports); this file shows its findings and
 * progress.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "kaohe/buf.h"
#include "kaohe/import.h"
#include "kaohe/load.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"
#include "kaohe/table.h"

static const char help[] =
    "kaohe import regions FILE [--db FILE] [options]\n"
    "kaohe import registry FILE --year YYYY [--db FILE] [options]\n"
    "kaohe import roster FILE --year YYYY | kaohe import survey FILE  (第三方评估;\n"
    "  kaohe import roster --help)\n"
    "  options: --keep-valid --rejects FILE   只导入无错误的户,被拒绝的行写入 FILE\n"
    "           --standards FILE              省级标准文件 / a province's standards\n"
    "           --format text|json|csv|xlsx -o FILE  问题报告 / the findings report\n"
    "           --lang zh|en\n"
    "           --sheet NAME|N --all-sheets  XLSX 的工作表(默认第一个有表头的)/\n"
    "             which worksheets of an XLSX (docs/formats.md)\n"
    "  默认全部导入或全部不导入:有任何错误时数据库不作改动。导入已有年度时整体替换。\n"
    "  All or nothing by default: with any error the database is left unchanged.\n"
    "  Importing a year that exists replaces that year's snapshot atomically.\n"
    "  Exit: 0 imported, 1 refused for errors in the data, 2 usage or I/O failure.\n";

/* The registry's findings go to the report; the progress bar. */
static int on_finding(void *rep, const kh_finding *f)
{
    return cli_report_finding(rep, f);
}

static int on_progress(void *prog, int phase, long rows, long long done,
                       long long total)
{
    (void)rows;
    if (phase == KH_IMPORT_READ) cli_progress_update(prog, done, total);
    return 0;
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
               *out = NULL, *lang = "zh", *sheet = NULL;
    int keep_valid = 0, all_sheets = 0;
    for (int i = 1; i < argc; i++) {
        int m = 0;
        if ((m = cli_opt(argc, argv, &i, "--db", &db)) ||
            (m = cli_opt(argc, argv, &i, "--year", &year_s)) ||
            (m = cli_opt(argc, argv, &i, "--rejects", &rejects)) ||
            (m = cli_opt(argc, argv, &i, "--standards", &std_file)) ||
            (m = cli_opt(argc, argv, &i, "--format", &format)) ||
            (m = cli_opt(argc, argv, &i, "-o", &out)) ||
            (m = cli_opt(argc, argv, &i, "--lang", &lang)) ||
            (m = cli_opt(argc, argv, &i, "--sheet", &sheet))) {
            if (m < 0) return CLI_FAIL;
        } else if (!strcmp(argv[i], "--all-sheets")) {
            all_sheets = 1;
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
    /* The registry: src/app/import.c. */
    kh_import_opts io;
    memset(&io, 0, sizeof io);
    io.file = file;
    io.sheet = sheet;
    io.all_sheets = all_sheets;
    io.db = db;
    io.year = year;
    cli_today(io.today);
    io.keep_valid = keep_valid;
    io.rejects = rejects;
    io.finding = on_finding;
    io.finding_ctx = rep;
    cli_progress prog;
    cli_progress_init(&prog, "导入");
    io.progress = on_progress;
    io.progress_ctx = &prog;
    kh_import_result res;
    int rc = kh_import_registry(store, std, &io, &res, &err);
    cli_progress_done(&prog);
    if (res.read)
        cli_report_file(rep, file, "registry", "", res.st.rows,
                        res.st.households);
    if (rc && rc != KH_ERR_INVALID) {
        cli_report_error(&err);
        goto done;
    }
    if (rc == KH_ERR_INVALID) {
        cli_report *r = rep;
        rep = NULL;
        kh_error e2;
        if (cli_report_close(r, &e2)) cli_report_error(&e2);
        fprintf(stderr,
                "kaohe: 发现 %ld 个错误,未导入,数据库未改动(可用 --keep-valid --rejects FILE 只导入无错误的户)\n"
                "kaohe: %ld errors found; nothing was imported, the database is unchanged "
                "(--keep-valid --rejects FILE loads the valid households)\n",
                res.st.errors, res.st.errors);
        status = CLI_FINDINGS;
        goto done;
    }
    {
        cli_report *r = rep;
        rep = NULL;
        kh_error e2;
        if (cli_report_close(r, &e2)) cli_report_error(&e2);
    }
    fprintf(stderr, "kaohe: %d 年已导入 %ld 户 %ld 人", year, res.stored_hh, res.stored_persons);
    if (keep_valid)
        fprintf(stderr, ",拒绝 %ld 户 %ld 行%s%s", res.rejected_hh, res.rejected_rows,
                rejects ? " → " : "", rejects ? rejects : "");
    fprintf(stderr, "\nkaohe: imported %ld households, %ld persons for %d",
            res.stored_hh, res.stored_persons, year);
    if (keep_valid) fprintf(stderr, "; rejected %ld households (%ld rows)", res.rejected_hh, res.rejected_rows);
    fprintf(stderr, "\n");
    status = CLI_OK;
done:
    cli_report_abort(rep);
    kh_store_close(store);
    kh_standard_free(std);
    return status;
}
