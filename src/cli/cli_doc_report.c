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
#include "cli/cli_opts.h"
#include "kaohe/app_documents.h"
#include "kaohe/card_pdf.h"
#include "kaohe/date.h"
#include "kaohe/doc.h"
#include "kaohe/registry.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

static const char usage_text[] =
    "kaohe report card --year YYYY --village CODE [-o FILE.pdf] [--unmask]\n"
    "                  [--db FILE] [--standards FILE]\n"
    "  扶贫明白卡:一户一页,一个村一个 PDF 文件(默认 明白卡-CODE-YYYY.pdf)。\n"
    "  The 扶贫明白卡 of every household of a village, one page each, in one\n"
    "  PDF (default 明白卡-CODE-YYYY.pdf). docs/cli/report.md\n"
    "kaohe report rectify -o FILE.pdf|.docx|.xlsx [--region CODE] [--year Y]\n"
    "  整改报告,由整改台账生成 / the rectification report, from the record\n"
    "kaohe report tongbao --scheme S --year Y --level L [--version N]\n"
    "                     [-o FILE.pdf|.docx|.xlsx] [--number N]\n"
    "  考核通报:排名、等次、否决情形、处理意见、图表 / the assessment notice\n"
    "kaohe report assess --scheme S --year Y --level L --region CODE\n"
    "                    [--version N] -o FILE.pdf|.docx|.xlsx [--unmask]\n"
    "  考核报告:基本情况、指标分析、存在问题、综合评价、处理建议\n"
    "  / the assessment report of one region\n"
    "kaohe report plan -o FILE.pdf|.docx|.xlsx [--region CODE] [--year Y]\n"
    "                  [--number N] [--unmask] [--db FILE] [--standards FILE]\n"
    "  整改方案,由问题清单和各问题的整改措施生成 / the rectification plan\n"
    "kaohe report ledger -o FILE.xlsx [--region CODE] [--unmask]\n"
    "  整改台账(问题、责任、整改清单和整改时限)/ the four lists\n"
    "明白卡、考核通报、考核报告、整改方案、整改报告、整改台账只给 $KAOHE_USER\n"
    "区划内的(牵头部门、责任单位:本单位的),证件号码和电话脱敏,除非\n"
    "--unmask 且角色可以查看完整信息;每次下载和拒绝都记入审计日志。\n"
    "Cards, notices, reports, plans and ledgers hold only what\n"
    "$KAOHE_USER's scope covers, ID numbers and phones masked unless\n"
    "--unmask by a role that may; each download and refusal is audited.\n";

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

typedef struct card_opts {
    const char *db, *village, *out, *standards;
    int year, unmask;
} card_opts;

#define O(f) offsetof(card_opts, f)
static const cli_option card_table[] = {
    CLI_OPT_DB(O(db), NULL),
    CLI_OPT_YEAR(O(year), NULL),
    {"--village", "CODE", CLI_STR, O(village), NULL, NULL,
     "村的 12 位区划代码 / the village's 12-digit code"},
    CLI_OPT_STANDARDS(O(standards), NULL),
    {"-o", "FILE.pdf", CLI_PATH, O(out), NULL, NULL,
     "输出文件(默认 明白卡-CODE-YYYY.pdf) / output file"},
    CLI_OPT_UNMASK(O(unmask), NULL),
    CLI_END};
#undef O

static const cli_spec card_spec = {"report card", usage_text, card_table,
                                   NULL, 0};

static int report_card(int argc, char **argv)
{
    card_opts o = {.db = "kaohe.db"};
    int rc = cli_opts_parse(&card_spec, NULL, argc, argv, 1, &o, NULL);
    if (rc != CLI_GO) return rc;
    const char *db = o.db, *village = o.village, *outpath = o.out;
    const char *std_path = o.standards;
    long year = o.year;
    if (!year || !village)
        return cli_usage("需要 --year 和 --village",
                         "--year and --village are both required");
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
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = NULL;
    kh_actor who;
    char user[128], when[32];
    cli_maker(user, when);
    long long households = 0;
    int pages = 0;
    /* who may have it, masked or not, audited: the use case */
    rc = cli_open_as(db, std, &s, &who, &err);
    if (!rc)
        rc = kh_app_card_download(s, std, &who, (int)year, village, o.unmask,
                                  outpath, user, when, &households, &pages,
                                  &err);
    if (!rc && strcmp(outpath, "-"))
        printf("已生成 %s:%lld 户,%d 页\nwrote %s: %lld households, "
               "%d pages\n",
               outpath, households, pages, outpath, households, pages);
    kh_store_close(s);
    kh_standard_free(std);
    return rc ? cli_download_error(&err) : CLI_OK;
}

/* `report plan`: the 整改方案 of a region's problems. */
typedef struct plan_opts {
    const char *db, *region, *out, *standards;
    int year, number, unmask;
} plan_opts;

#define O(f) offsetof(plan_opts, f)
static const cli_option plan_table[] = {
    CLI_OPT_DB(O(db), NULL),
    CLI_OPT_YEAR(O(year), NULL),
    {"--region", "CODE", CLI_STR, O(region), NULL, NULL,
     "只看该区划的问题 / this region's problems only"},
    CLI_OPT_STANDARDS(O(standards), NULL),
    {"--number", "N", CLI_INT, O(number), NULL, "0..",
     "文号的序号 / the number in the document's 文号"},
    {"-o", "FILE", CLI_PATH, O(out), NULL, NULL,
     "输出文件 .pdf、.docx 或 .xlsx / output file .pdf, .docx or .xlsx"},
    CLI_OPT_UNMASK(O(unmask), NULL),
    CLI_END};
#undef O

static const cli_spec plan_spec = {"report plan", usage_text, plan_table,
                                   NULL, 0};

static int report_plan(int argc, char **argv)
{
    plan_opts o = {.db = "kaohe.db"};
    int prc = cli_opts_parse(&plan_spec, NULL, argc, argv, 1, &o, NULL);
    if (prc != CLI_GO) return prc;
    const char *db = o.db, *region = o.region, *outpath = o.out,
               *std_path = o.standards;
    int format = kh_doc_format_of(outpath);
    if (!outpath || !format)
        return cli_usage("plan 需要 -o FILE.pdf、FILE.docx 或 FILE.xlsx",
                         "plan needs -o FILE.pdf, FILE.docx or FILE.xlsx");
    long long year = o.year, number = o.number;
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
    kh_actor who;
    int rc = cli_open_as(db, std, &s, &who, &err);
    if (!rc)
        rc = kh_app_rect_download(s, std, &who, 1, &f, o.unmask, format,
                                  outpath, today, user, when, (int)number, &n,
                                  &err);
    kh_store_close(s);
    kh_standard_free(std);
    if (rc) return cli_download_error(&err);
    fprintf(stderr, "kaohe: 整改方案写入 %s(%ld 个问题)/ plan written to %s "
                    "(%ld problems)\n",
            outpath, n, outpath, n);
    return CLI_OK;
}

/* `report assess`: the 考核报告 of one region of a stored run. */
typedef struct assess_opts {
    const char *db, *scheme, *level, *region, *out, *standards;
    int year, version, unmask;
} assess_opts;

#define O(f) offsetof(assess_opts, f)
static const cli_option assess_table[] = {
    CLI_OPT_DB(O(db), NULL),
    {"--scheme", "S", CLI_STR, O(scheme), NULL, NULL,
     "考核方案 / the assessment scheme"},
    CLI_OPT_YEAR(O(year), NULL),
    {"--level", "L", CLI_STR, O(level), NULL, NULL,
     "层级:省、市、县或乡 / the level"},
    {"--version", "N", CLI_INT, O(version), NULL, "0..",
     "第几版(默认最新) / which stored version (default the latest)"},
    {"--region", "CODE", CLI_STR, O(region), NULL, NULL,
     "被考核的区划 / the region assessed"},
    CLI_OPT_STANDARDS(O(standards), NULL),
    {"-o", "FILE", CLI_PATH, O(out), NULL, NULL,
     "输出文件 .pdf、.docx 或 .xlsx / output file .pdf, .docx or .xlsx"},
    CLI_OPT_UNMASK(O(unmask), NULL),
    CLI_END};
#undef O

static const cli_spec assess_spec = {"report assess", usage_text,
                                     assess_table, NULL, 0};

static int report_assess(int argc, char **argv)
{
    assess_opts o = {.db = "kaohe.db"};
    int prc = cli_opts_parse(&assess_spec, NULL, argc, argv, 1, &o, NULL);
    if (prc != CLI_GO) return prc;
    const char *db = o.db, *scheme = o.scheme, *level_s = o.level,
               *region = o.region, *outpath = o.out, *std_path = o.standards;
    if (!scheme || !o.year || !level_s || !region)
        return cli_usage("需要 --scheme、--year、--level 和 --region",
                         "--scheme, --year, --level and --region are required");
    int format = kh_doc_format_of(outpath);
    if (!outpath || !format)
        return cli_usage("assess 需要 -o FILE.pdf、FILE.docx 或 FILE.xlsx",
                         "assess needs -o FILE.pdf, FILE.docx or FILE.xlsx");
    long long year = o.year, version = o.version;
    int level = kh_level_parse(level_s, strlen(level_s));
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
    kh_actor who;
    /* who may have it (the region within the scope), masked or not,
     * audited: the use case */
    int rc = cli_open_as(db, std, &s, &who, &err);
    if (!rc)
        rc = kh_app_assess_report_download(s, std, &who, scheme, (int)year,
                                           level, (int)version, region,
                                           o.unmask, format, outpath, today,
                                           user, when, &err);
    kh_store_close(s);
    kh_standard_free(std);
    if (rc) return cli_download_error(&err);
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
