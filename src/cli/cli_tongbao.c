/* SPDX-License-Identifier: MIT */
/*
 * cli_tongbao.c - `kaohe report tongbao`: the 考核通报 of a stored
 * assessment as PDF — the ranking with totals, grades and vetoes, a bar
 * chart of the totals, the grades, each veto with the condition that held
 * and its consequence, the points of the main items, and what follows
 * (沟通反馈, 整改). Generated from the stored run; nothing typed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "kaohe/app_documents.h"
#include "kaohe/assess.h"
#include "kaohe/date.h"
#include "kaohe/doc.h"
#include "kaohe/buf.h"
#include "kaohe/registry.h"
#include "kaohe/store.h"

static const char *const usage_text =
    "kaohe report tongbao --scheme S --year YYYY --level 省|市|县 "
    "[--version N]\n"
    "                     [-o FILE.pdf|FILE.docx|FILE.xlsx] [--number N] "
    "[--db FILE]\n"
    "  考核通报:排名、得分、等次、否决情形、处理意见、图表、落款\n"
    "  (发文机关、文号、日期见 kaohe org set)。\n"
    "  The assessment notice of a stored run: ranking, points, grades,\n"
    "  vetoes, what follows, a chart, the issuer and date (kaohe org set);\n"
    "  --number fills the 文号's number. docs/cli/report.md\n";

int cli_report_tongbao(int argc, char **argv)
{
    const char *db = "kaohe.db", *scheme = NULL, *year_s = NULL,
               *level_s = NULL, *version_s = NULL, *out = NULL,
               *number_s = NULL;
    for (int i = 1; i < argc; i++) {
        int m;
        if ((m = cli_opt(argc, argv, &i, "--db", &db)) ||
            (m = cli_opt(argc, argv, &i, "--scheme", &scheme)) ||
            (m = cli_opt(argc, argv, &i, "--year", &year_s)) ||
            (m = cli_opt(argc, argv, &i, "--level", &level_s)) ||
            (m = cli_opt(argc, argv, &i, "--version", &version_s)) ||
            (m = cli_opt(argc, argv, &i, "--number", &number_s)) ||
            (m = cli_opt(argc, argv, &i, "-o", &out))) {
            if (m < 0) return CLI_FAIL;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage_text, stdout);
            return CLI_OK;
        } else {
            return cli_usage("未知参数(kaohe report tongbao --help)",
                             "unknown argument (kaohe report tongbao --help)");
        }
    }
    if (!scheme || !year_s || !level_s)
        return cli_usage("需要 --scheme、--year 和 --level",
                         "--scheme, --year and --level are required");
    long long year = cli_parse_count("--year", year_s);
    long long version = version_s ? cli_parse_count("--version", version_s) : 0;
    long long number = number_s ? cli_parse_count("--number", number_s) : 0;
    if (number < 0) return CLI_FAIL;
    int level = kh_level_parse(level_s, strlen(level_s));
    if (year <= 0 || version < 0) return CLI_FAIL;
    if (!level)
        return cli_usage("--level 只能是 省、市、县 或 乡",
                         "--level must be 省, 市, 县 or 乡");
    char def[128];
    if (!out) {
        snprintf(def, sizeof def, "考核通报-%s级-%lld.pdf",
                 kh_level_name(level), year);
        out = def;
    }
    int format = kh_doc_format_of(out);
    if (!format)
        return cli_usage("-o 须为 .pdf、.docx 或 .xlsx 文件",
                         "-o must name a .pdf, .docx or .xlsx file");
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = NULL;
    int rc = kh_store_open(db, KH_STORE_READONLY, &s, &err);
    if (!rc) {
        char user[128], when[32], today[11];
        int t[3];
        cli_today(t);
        kh_date_format(today, t[0], t[1], t[2]);
        cli_maker(user, when);
        rc = kh_app_doc_tongbao(s, scheme, (int)year, level, (int)version,
                                format, out, today, user, when, (int)number,
                                &err);
    }
    kh_store_close(s);
    if (rc) return cli_report_error(&err);
    fprintf(stderr, "kaohe: 考核通报写入 %s / assessment notice written to %s\n",
            out, out);
    return CLI_OK;
}
