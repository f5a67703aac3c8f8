/* SPDX-License-Identifier: MIT */
/*
 * cli_dept.c - 部门数据比对 (docs/dept.md): `kaohe import dept KIND FILE
 * --region CODE --as-of DATE` loads a department's list, and `kaohe
 * compare --year Y` compares the year's registry with the lists loaded.
 * Both are use cases of src/app/dept.c acting as $KAOHE_USER; this file
 * parses the options and shows the findings and counts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "kaohe/app.h"
#include "kaohe/app_dept.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

static const char help_import[] =
    "kaohe import dept KIND FILE --region CODE --as-of YYYY-MM-DD [--db FILE]\n"
    "  [--standards FILE] [--format text|json|csv|xlsx -o FILE] [--lang zh|en]\n"
    "  KIND: huji death dibao tekun disability school edu_aid medical pension\n"
    "        housing staff company vehicle realty (docs/dept.md)\n"
    "  只保存与建档立卡人员相符的行,其余只计数。证件号码无效或重复的行是名单的问题,\n"
    "  不导入;缺少必需的列或没有数据行时整个名单不导入。同一种类、区划和日期的名单再次导入时替换。\n"
    "  操作人 / acting user: $KAOHE_USER\n"
    "  Exit: 0 imported, 1 refused or findings of the list, 2 usage or I/O failure.\n";

static const char help_compare[] =
    "kaohe compare --year YYYY [--db FILE] [--standards FILE]\n"
    "  [--format text|json|csv|xlsx -o FILE] [--lang zh|en]\n"
    "  把该年度建档立卡数据与已导入的部门名单逐人比对(docs/dept.md)。\n"
    "  操作人 / acting user: $KAOHE_USER\n"
    "  Exit: 0 no findings, 1 findings, 2 usage or I/O failure.\n";

static int on_finding(void *rep, const kh_finding *f)
{
    return cli_report_finding(rep, f);
}

int cli_import_dept(int argc, char **argv)
{
    const char *kind = NULL, *file = NULL, *db = "kaohe.db", *region = NULL,
               *as_of = NULL, *std_file = NULL, *format = "text", *out = NULL,
               *lang = "zh";
    int words = 0;
    for (int i = 1; i < argc; i++) {
        int m = 0;
        if ((m = cli_opt(argc, argv, &i, "--db", &db)) ||
            (m = cli_opt(argc, argv, &i, "--region", &region)) ||
            (m = cli_opt(argc, argv, &i, "--as-of", &as_of)) ||
            (m = cli_opt(argc, argv, &i, "--standards", &std_file)) ||
            (m = cli_opt(argc, argv, &i, "--format", &format)) ||
            (m = cli_opt(argc, argv, &i, "-o", &out)) ||
            (m = cli_opt(argc, argv, &i, "--lang", &lang))) {
            if (m < 0) return CLI_FAIL;
        } else if (!strcmp(argv[i], "--help")) {
            fputs(help_import, stdout);
            return CLI_OK;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage("未知选项(kaohe import dept --help)",
                             "unknown option (kaohe import dept --help)");
        } else if (words == 0) {
            words++; /* "dept" */
        } else if (!kind) {
            kind = argv[i];
        } else if (!file) {
            file = argv[i];
        } else {
            return cli_usage("参数过多", "too many arguments");
        }
    }
    if (!kind || !file || !region || !as_of)
        return cli_usage("用法:kaohe import dept KIND FILE --region CODE --as-of YYYY-MM-DD",
                         "usage: kaohe import dept KIND FILE --region CODE --as-of YYYY-MM-DD");
    int fmt = cli_parse_format(format);
    if (fmt < 0) return CLI_FAIL;
    kh_error err;
    kh_error_clear(&err);
    kh_standard *std = cli_standard(std_file);
    if (!std) return CLI_FAIL;
    kh_store *s = NULL;
    cli_report *rep = NULL;
    char now[32];
    cli_timestamp(now);
    kh_actor who;
    kh_dept_import_result res;
    memset(&res, 0, sizeof res);
    int status = CLI_FAIL;
    int rc = kh_store_open(db, KH_STORE_OPEN, &s, &err);
    if (!rc) rc = kh_actor_load(s, std, cli_who(), "cli", now, &who, &err);
    if (!rc) rc = cli_report_open(fmt, out, lang, &rep, &err);
    if (rc) {
        status = cli_report_error(&err);
        goto done;
    }
    kh_dept_import_opts o;
    memset(&o, 0, sizeof o);
    o.kind = kind;
    o.file = file;
    o.region = region;
    o.as_of = as_of;
    o.finding = on_finding;
    o.finding_ctx = rep;
    rc = kh_app_dept_import(s, std, &who, &o, &res, &err);
    cli_report_file(rep, file, kind, "", res.rows_read, 0);
    {
        cli_report *r = rep;
        rep = NULL;
        kh_error e2;
        if (cli_report_close(r, &e2)) cli_report_error(&e2);
    }
    if (rc) {
        status = cli_report_error(&err);
        if (err.status == KH_ERR_DENIED || err.status == KH_ERR_INVALID)
            status = CLI_FINDINGS;
        goto done;
    }
    fprintf(stderr,
            "kaohe: 已导入 %s 名单(%s,%s):读入 %lld 行,与建档立卡人员相符 %lld 行"
            "(已保存),不相符 %lld 行(只计数),有问题未导入 %lld 行\n"
            "kaohe: imported the %s list (%s, %s): %lld rows read, %lld matched "
            "(stored), %lld unmatched (counted only), %lld left out\n",
            kind, region, as_of, res.rows_read, res.rows_matched,
            res.rows_unmatched, res.rows_refused, kind, region, as_of,
            res.rows_read, res.rows_matched, res.rows_unmatched,
            res.rows_refused);
    status = res.rows_refused ? CLI_FINDINGS : CLI_OK;
done:
    cli_report_abort(rep);
    kh_store_close(s);
    kh_standard_free(std);
    return status;
}

typedef struct tally_ctx {
    int n;
    FILE *fp; /* stdout for the text report, else stderr */
} tally_ctx;

static int on_tally(void *vctx, const kh_dept_tally *t, kh_error *err)
{
    (void)err;
    tally_ctx *c = vctx;
    if (c->n++ == 0)
        fprintf(c->fp, "数据闭合率 / closure: 种类 区划 读入 相符 应覆盖 有记录 不一致 闭合\n");
    long long ok = t->covered - t->disagree;
    fprintf(c->fp, "  %s %s %lld %lld %lld %lld %lld %lld/%lld", t->kind,
            t->region, t->rows_read, t->rows_matched, t->covered, t->matched,
            t->disagree, ok, t->covered);
    if (t->covered)
        fprintf(c->fp, " (%.2f%%)", 100.0 * (double)ok / (double)t->covered);
    fputc('\n', c->fp);
    return KH_OK;
}

int cli_compare(int argc, char **argv)
{
    const char *db = "kaohe.db", *year_s = NULL, *std_file = NULL,
               *format = "text", *out = NULL, *lang = "zh";
    for (int i = 1; i < argc; i++) {
        int m = 0;
        if ((m = cli_opt(argc, argv, &i, "--db", &db)) ||
            (m = cli_opt(argc, argv, &i, "--year", &year_s)) ||
            (m = cli_opt(argc, argv, &i, "--standards", &std_file)) ||
            (m = cli_opt(argc, argv, &i, "--format", &format)) ||
            (m = cli_opt(argc, argv, &i, "-o", &out)) ||
            (m = cli_opt(argc, argv, &i, "--lang", &lang))) {
            if (m < 0) return CLI_FAIL;
        } else if (!strcmp(argv[i], "--help")) {
            fputs(help_compare, stdout);
            return CLI_OK;
        } else {
            return cli_usage("未知参数(kaohe compare --help)",
                             "unknown argument (kaohe compare --help)");
        }
    }
    if (!year_s) return cli_usage("需要 --year YYYY", "--year YYYY is required");
    long long y = cli_parse_count("--year", year_s);
    if (y < 1990 || y > 2100)
        return y < 0 ? CLI_FAIL : cli_usage("--year 应为四位年份", "--year must be a four-digit year");
    int fmt = cli_parse_format(format);
    if (fmt < 0) return CLI_FAIL;
    kh_error err;
    kh_error_clear(&err);
    kh_standard *std = cli_standard(std_file);
    if (!std) return CLI_FAIL;
    kh_store *s = NULL;
    cli_report *rep = NULL;
    char now[32];
    cli_timestamp(now);
    kh_actor who;
    int status = CLI_FAIL;
    int rc = kh_store_open(db, KH_STORE_OPEN, &s, &err);
    if (!rc) rc = kh_actor_load(s, std, cli_who(), "cli", now, &who, &err);
    if (!rc) rc = cli_report_open(fmt, out, lang, &rep, &err);
    tally_ctx tc = {0, fmt == CLI_FMT_TEXT && !out ? stdout : stderr};
    if (!rc)
        rc = kh_app_dept_compare(s, std, &who, (int)y, on_finding, rep,
                                 on_tally, &tc, &err);
    if (rc) {
        status = cli_report_error(&err);
        if (err.status == KH_ERR_DENIED) status = CLI_FINDINGS;
        goto done;
    }
    {
        long n = cli_report_errors(rep) + cli_report_warnings(rep);
        cli_report *r = rep;
        rep = NULL;
        if (cli_report_close(r, &err)) {
            status = cli_report_error(&err);
            goto done;
        }
        status = n ? CLI_FINDINGS : CLI_OK;
    }
done:
    cli_report_abort(rep);
    kh_store_close(s);
    kh_standard_free(std);
    return status;
}
