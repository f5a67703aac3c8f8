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
#include "cli/cli_opts.h"
#include "kaohe/buf.h"
#include "kaohe/import.h"
#include "kaohe/funds.h"
#include "kaohe/load.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"
#include "kaohe/table.h"

static const char usage_text[] =
    "kaohe import regions FILE [--db FILE] [options]\n"
    "kaohe import registry FILE --year YYYY [--db FILE] [options]\n"
    "kaohe import roster FILE --year YYYY [--db FILE] [options]\n"
    "kaohe import survey FILE [--design ID] [--db FILE] [options]\n"
    "kaohe import dept KIND FILE --region CODE --as-of YYYY-MM-DD [options]\n"
    "kaohe import projects|allocations|payments FILE [--region CODE] [options]\n"
    "  扶贫项目库、资金下达、资金拨付与支出(docs/funds.md),全部导入或全部\n"
    "  不导入;payments 的 --region:项目不在项目库时记入的县。\n"
    "  the project library, allocations, payments (docs/funds.md).\n"
    "  部门名单 / a department's list (docs/dept.md); KIND: huji death dibao\n"
    "  tekun disability school edu_aid medical pension housing staff company\n"
    "  vehicle realty。只保存与建档立卡人员相符的行,其余只计数;同一种类、区划\n"
    "  和日期的名单再次导入时替换。操作人 / acting user: $KAOHE_USER\n"
    "  --sheet NAME|N --all-sheets: XLSX 的工作表(默认第一个有表头的)/\n"
    "    which worksheets of an XLSX (docs/formats.md)\n"
    "  --replace: 年度现有户数一半以上将被替换掉时仍导入 / replace a year\n"
    "    even with fewer than half its households\n"
    "  默认全部导入或全部不导入:有任何错误时数据库不作改动。导入已有年度时整体替换。\n"
    "  All or nothing by default: with any error the database is left unchanged.\n"
    "  Importing a year that exists replaces that year's snapshot atomically.\n"
    "  roster: 非建档立卡农户花名册(户编号, 行政区划代码, 户主姓名, 户主证件号码,\n"
    "  家庭人口),替换该年度原有花名册。survey: 入户调查结果,按退出标准判定\n"
    "  错退、漏评和认可;同一户再次导入时替换。\n"
    "  roster: the non-registered households of a year (replaces the year's\n"
    "  roster). survey: the evaluators' observations of drawn households,\n"
    "  classified by the exit standard; a household imported again is\n"
    "  replaced. Formats: docs/formats.md.\n"
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

#define O(f) offsetof(cli_import_opts, f)
static const cli_option table[] = {
    CLI_OPT_YEAR_ANY(O(year), "registry roster"),
    CLI_OPT_DB(O(db), NULL),
    CLI_OPT_STANDARDS(O(standards), NULL),
    {"--keep-valid", NULL, CLI_FLAG, O(keep_valid), "regions registry", NULL,
     "只导入无错误的户 / import only the valid households"},
    {"--rejects", "FILE", CLI_PATH, O(rejects), "registry", NULL,
     "被拒绝的行写入 FILE(与 --keep-valid 一起) / the rejected rows"},
    {"--replace", NULL, CLI_FLAG, O(replace), "registry", NULL,
     "年度现有户数一半以上将被替换掉时仍导入 / replace a year even with "
     "fewer than half its households"},
    {"--sheet", "NAME|N", CLI_STR, O(sheet), "registry", NULL,
     "XLSX 的工作表(名称或从 1 起的序号;默认第一个有表头的) / the XLSX "
     "worksheet (name or number from 1)"},
    {"--all-sheets", NULL, CLI_FLAG, O(all_sheets), "registry", NULL,
     "读取该表和其后表头相同的工作表 / read it and every later sheet with "
     "the same header"},
    {"--region", "CODE", CLI_STR, O(region), "dept payments", NULL,
     "名单所属的区划;拨付支出记入的县 / the region the list covers; the "
     "county payments are counted in"},
    {"--as-of", "YYYY-MM-DD", CLI_STR, O(as_of), "dept", NULL,
     "名单的截止日期 / the list's date"},
    {"--design", "ID", CLI_LONG, O(design), "survey", "0..",
     "调查所属的抽样设计 / the sample design of the survey"},
    CLI_OPT_FORMAT(O(format), NULL, "text|json|csv|xlsx"),
    CLI_OPT_OUT(O(out), NULL),
    CLI_OPT_LANG(O(lang), NULL),
    CLI_END};

/* Three positional words at most (dept KIND FILE); the others take two,
 * checked below. */
static const cli_spec spec = {"import", usage_text, table,
                              "regions registry roster survey dept projects allocations payments", 3};

int cli_import(int argc, char **argv)
{
    cli_import_opts o = {.db = "kaohe.db", .format = "text", .lang = "zh",
                         .design = -1};
    const char *sub;
    int npos = 0;
    int prc = cli_opts_sub(&spec, argc, argv,
                           "kaohe import regions FILE | kaohe import registry FILE --year YYYY",
                           "kaohe import regions FILE | kaohe import registry FILE --year YYYY",
                           &sub, &o, &npos);
    if (prc != CLI_GO) return prc;
    o.what = argv[1];
    /* dept KIND FILE: cli_dept.c */
    if (!strcmp(o.what, "dept")) {
        o.kind = npos > 1 ? argv[2] : NULL;
        o.file = npos > 2 ? argv[3] : NULL;
        return cli_import_dept(&o);
    }
    if (kh_funds_kind_parse(o.what) >= 0) {
        o.file = npos > 1 ? argv[2] : NULL;
        if (npos > 2) o.file = NULL;
        return cli_import_funds(&o);
    }
    if (npos > 2) {
        char zh[300], en[300];
        snprintf(zh, sizeof zh, "多余的参数“%.200s”(kaohe import %s --help)",
                 argv[3], o.what);
        snprintf(en, sizeof en,
                 "unexpected argument '%.200s' (kaohe import %s --help)",
                 argv[3], o.what);
        return cli_usage(zh, en);
    }
    o.file = npos > 1 ? argv[2] : NULL;
    /* roster and survey: cli_import_sample.c */
    if (!strcmp(o.what, "roster") || !strcmp(o.what, "survey"))
        return cli_import_sample(&o);
    const char *file = o.file, *db = o.db, *rejects = o.rejects,
               *std_file = o.standards, *format = o.format, *out = o.out,
               *lang = o.lang;
    int keep_valid = o.keep_valid, replace = o.replace,
        all_sheets = o.all_sheets;
    const char *sheet = o.sheet;
    if (!file)
        return cli_usage("kaohe import regions FILE | kaohe import registry FILE --year YYYY",
                         "kaohe import regions FILE | kaohe import registry FILE --year YYYY");
    int is_registry = !strcmp(o.what, "registry");
    int year = o.year;
    if (is_registry && !year)
        return cli_usage("导入建档立卡数据需要 --year YYYY",
                         "importing a registry needs --year YYYY");
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
    cli_report_standard(rep, std);
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
    io.replace = replace;
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
        if (!strcmp(err.code, "replace_needed"))
            fprintf(stderr, "kaohe: 确认要替换时请加 --replace\n"
                            "kaohe: add --replace to replace the year all the same\n");
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
