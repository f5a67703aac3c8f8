/* SPDX-License-Identifier: MIT */
/*
 * cli_doc_report.c - `kaohe report DOCUMENT ...`: the documents people
 * hand on, as PDF over kaohe/pdf.h (docs/documents.md). The first one is
 * `kaohe report card`, the 扶贫明白卡: one A4 page per household of a
 * village, the whole village in one file. (cli_report.c is something
 * else: the findings report of check and import.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "kaohe/app_documents.h"
#include "kaohe/card_pdf.h"
#include "kaohe/date.h"
#include "kaohe/doc.h"
#include "kaohe/registry.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

static const char *const usage_text =
    "kaohe report card --year YYYY --village CODE [-o FILE.pdf] [--db FILE]\n"
    "                  [--standards FILE]\n"
    "  扶贫明白卡:一户一页,一个村一个 PDF 文件(默认 明白卡-CODE-YYYY.pdf)。\n"
    "  The 扶贫明白卡 of every household of a village, one page each, in one\n"
    "  PDF (default 明白卡-CODE-YYYY.pdf). docs/cli/report.md\n"
    "kaohe report rectify -o FILE.pdf|.docx|.xlsx [--region CODE] [--year Y]\n"
    "  整改报告,由整改台账生成 / the rectification report, from the record\n"
    "kaohe report tongbao --scheme S --year Y --level L [--version N]\n"
    "                     [-o FILE.pdf|.docx|.xlsx] [--number N]\n"
    "  考核通报:排名、等次、否决情形、处理意见、图表 / the assessment notice\n"
    "kaohe report assess --scheme S --year Y --level L --region CODE\n"
    "                    [--version N] -o FILE.pdf|.docx|.xlsx\n"
    "  考核报告:基本情况、指标分析、存在问题、综合评价、处理建议\n"
    "  / the assessment report of one region\n"
    "kaohe report plan -o FILE.pdf|.docx|.xlsx [--region CODE] [--year Y]\n"
    "                  [--number N] [--db FILE] [--standards FILE]\n"
    "  整改方案,由问题清单和各问题的整改措施生成 / the rectification plan\n"
    "kaohe report ledger -o FILE.xlsx [--region CODE]\n"
    "  整改台账(问题、责任、整改清单和整改时限)/ the four lists\n";

/* `report rectify|ledger ARGS` is `rectify report|ledger ARGS`. */
static int via_rectify(const char *sub, int argc, char **argv)
{
    char **v = calloc((size_t)argc + 1, sizeof *v);
    if (!v) return cli_usage("内存不足", "out of memory");
    v[0] = "rectify";
    v[1] = (char *)sub;
    for (int i = 2; i < argc; i++) v[i] = argv[i];
    int rc = cli_rectify(argc, v);
    free(v);
    return rc;
}

static int report_card(int argc, char **argv)
{
    const char *db = "kaohe.db", *year_s = NULL, *village = NULL,
               *outpath = NULL, *std_path = NULL;
    for (int i = 1; i < argc; i++) {
        int m;
        if ((m = cli_opt(argc, argv, &i, "--db", &db)) ||
            (m = cli_opt(argc, argv, &i, "--year", &year_s)) ||
            (m = cli_opt(argc, argv, &i, "--village", &village)) ||
            (m = cli_opt(argc, argv, &i, "--standards", &std_path)) ||
            (m = cli_opt(argc, argv, &i, "-o", &outpath))) {
            if (m < 0) return CLI_FAIL;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage_text, stdout);
            return CLI_OK;
        } else {
            return cli_usage("未知参数(kaohe report --help)",
                             "unknown argument (kaohe report --help)");
        }
    }
    if (!year_s || !village)
        return cli_usage("需要 --year 和 --village",
                         "--year and --village are both required");
    char *end;
    long year = strtol(year_s, &end, 10);
    if (*end || end == year_s || year < 1900 || year > 9999)
        return cli_usage("--year 须为四位年份", "--year must be a year (YYYY)");
    if (strlen(village) != 12 || strspn(village, "0123456789") != 12)
        return cli_usage("--village 须为 12 位行政区划代码",
                         "--village must be a 12-digit region code");
    char defpath[96];
    if (!outpath) {
        snprintf(defpath, sizeof defpath, "明白卡-%s-%ld.pdf", village, year);
        outpath = defpath;
    }
    struct kh_standard *std = cli_standard(std_path);
    if (!std) return CLI_FAIL;
    long long line;
    if (kh_standard_poverty_line(std, (int)year, &line)) line = -1;
    kh_standard_free(std);

    kh_error err;
    kh_error_clear(&err);
    kh_store *s;
    if (kh_store_open(db, KH_STORE_READONLY, &s, &err))
        return cli_report_error(&err);
    char user[128], when[32];
    cli_maker(user, when);
    long long households;
    int pages;
    int rc = kh_app_doc_card(s, (int)year, village, line, 0, outpath, user, when,
                         &households, &pages, &err);
    if (!rc && strcmp(outpath, "-"))
        printf("已生成 %s:%lld 户,%d 页\nwrote %s: %lld households, "
               "%d pages\n",
               outpath, households, pages, outpath, households, pages);
    kh_store_close(s);
    return rc ? cli_report_error(&err) : CLI_OK;
}

/* `report plan`: the 整改方案 of a region's problems. */
static int report_plan(int argc, char **argv)
{
    const char *db = "kaohe.db", *year_s = NULL, *region = NULL,
               *outpath = NULL, *std_path = NULL, *number_s = NULL;
    for (int i = 1; i < argc; i++) {
        int m;
        if ((m = cli_opt(argc, argv, &i, "--db", &db)) ||
            (m = cli_opt(argc, argv, &i, "--year", &year_s)) ||
            (m = cli_opt(argc, argv, &i, "--region", &region)) ||
            (m = cli_opt(argc, argv, &i, "--standards", &std_path)) ||
            (m = cli_opt(argc, argv, &i, "--number", &number_s)) ||
            (m = cli_opt(argc, argv, &i, "-o", &outpath))) {
            if (m < 0) return CLI_FAIL;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage_text, stdout);
            return CLI_OK;
        } else {
            return cli_usage("未知参数(kaohe report --help)",
                             "unknown argument (kaohe report --help)");
        }
    }
    int format = kh_doc_format_of(outpath);
    if (!outpath || !format)
        return cli_usage("plan 需要 -o FILE.pdf、FILE.docx 或 FILE.xlsx",
                         "plan needs -o FILE.pdf, FILE.docx or FILE.xlsx");
    long long year = year_s ? cli_parse_count("--year", year_s) : 0;
    long long number = number_s ? cli_parse_count("--number", number_s) : 0;
    if (year < 0 || number < 0) return CLI_FAIL;
    kh_standard *std = cli_standard(std_path);
    if (!std) return CLI_FAIL;
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = NULL;
    int t[3];
    char today[11], user[128], when[32];
    cli_today(t);
    kh_date_format(today, t[0], t[1], t[2]);
    cli_maker(user, when);
    kh_problem_filter f = {.region = region, .year = (int)year};
    long n = 0;
    int rc = kh_store_open(db, KH_STORE_READONLY, &s, &err);
    if (!rc)
        rc = kh_app_doc_rect_plan(s, std, &f, format, outpath, today, user,
                                  when, (int)number, &n, &err);
    kh_store_close(s);
    kh_standard_free(std);
    if (rc) return cli_report_error(&err);
    fprintf(stderr, "kaohe: 整改方案写入 %s(%ld 个问题)/ plan written to %s "
                    "(%ld problems)\n",
            outpath, n, outpath, n);
    return CLI_OK;
}

/* `report assess`: the 考核报告 of one region of a stored run. */
static int report_assess(int argc, char **argv)
{
    const char *db = "kaohe.db", *scheme = NULL, *year_s = NULL,
               *level_s = NULL, *version_s = NULL, *region = NULL,
               *outpath = NULL, *std_path = NULL;
    for (int i = 1; i < argc; i++) {
        int m;
        if ((m = cli_opt(argc, argv, &i, "--db", &db)) ||
            (m = cli_opt(argc, argv, &i, "--scheme", &scheme)) ||
            (m = cli_opt(argc, argv, &i, "--year", &year_s)) ||
            (m = cli_opt(argc, argv, &i, "--level", &level_s)) ||
            (m = cli_opt(argc, argv, &i, "--version", &version_s)) ||
            (m = cli_opt(argc, argv, &i, "--region", &region)) ||
            (m = cli_opt(argc, argv, &i, "--standards", &std_path)) ||
            (m = cli_opt(argc, argv, &i, "-o", &outpath))) {
            if (m < 0) return CLI_FAIL;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage_text, stdout);
            return CLI_OK;
        } else {
            return cli_usage("未知参数(kaohe report --help)",
                             "unknown argument (kaohe report --help)");
        }
    }
    if (!scheme || !year_s || !level_s || !region)
        return cli_usage("需要 --scheme、--year、--level 和 --region",
                         "--scheme, --year, --level and --region are required");
    int format = kh_doc_format_of(outpath);
    if (!outpath || !format)
        return cli_usage("assess 需要 -o FILE.pdf、FILE.docx 或 FILE.xlsx",
                         "assess needs -o FILE.pdf, FILE.docx or FILE.xlsx");
    long long year = cli_parse_count("--year", year_s);
    long long version = version_s ? cli_parse_count("--version", version_s) : 0;
    int level = kh_level_parse(level_s, strlen(level_s));
    if (year <= 0 || version < 0) return CLI_FAIL;
    if (!level)
        return cli_usage("--level 只能是 省、市、县 或 乡",
                         "--level must be 省, 市, 县 or 乡");
    kh_standard *std = cli_standard(std_path);
    if (!std) return CLI_FAIL;
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = NULL;
    int t[3];
    char today[11], user[128], when[32];
    cli_today(t);
    kh_date_format(today, t[0], t[1], t[2]);
    cli_maker(user, when);
    int rc = kh_store_open(db, KH_STORE_READONLY, &s, &err);
    if (!rc)
        rc = kh_app_doc_assess_report(s, std, scheme, (int)year, level,
                                      (int)version, region, format, outpath,
                                      today, user, when, &err);
    kh_store_close(s);
    kh_standard_free(std);
    if (rc) return cli_report_error(&err);
    fprintf(stderr, "kaohe: 考核报告写入 %s / assessment report written to %s\n",
            outpath, outpath);
    return CLI_OK;
}

int cli_doc_report(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_FAIL : CLI_OK;
    }
    if (!strcmp(argv[1], "card")) return report_card(argc - 1, argv + 1);
    if (!strcmp(argv[1], "tongbao")) return cli_report_tongbao(argc - 1, argv + 1);
    if (!strcmp(argv[1], "rectify")) return via_rectify("report", argc, argv);
    if (!strcmp(argv[1], "plan")) return report_plan(argc - 1, argv + 1);
    if (!strcmp(argv[1], "assess")) return report_assess(argc - 1, argv + 1);
    if (!strcmp(argv[1], "ledger")) return via_rectify("ledger", argc, argv);
    char zh[160], en[160];
    snprintf(zh, sizeof zh, "未知文档“%s”(kaohe report --help)", argv[1]);
    snprintf(en, sizeof en, "unknown document '%s' (kaohe report --help)",
             argv[1]);
    return cli_usage(zh, en);
}
