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
#include "cli/cli_opts.h"
#include "kaohe/app_documents.h"
#include "kaohe/assess.h"
#include "kaohe/assess_store.h"
#include "kaohe/date.h"
#include "kaohe/doc.h"
#include "kaohe/buf.h"
#include "kaohe/registry.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

static const char usage_text[] =
    "kaohe report tongbao --scheme S --year YYYY --level 省|市|县 "
    "[--version N]\n"
    "                     [-o FILE.pdf|FILE.docx|FILE.xlsx] [--number N] "
    "[--db FILE]\n"
    "  考核通报:排名、得分、等次、否决情形、处理意见、图表、落款\n"
    "  (发文机关、文号、日期见 kaohe org set)。\n"
    "  The assessment notice of a stored run: ranking, points, grades,\n"
    "  vetoes, what follows, a chart, the issuer and date (kaohe org set);\n"
    "  --number fills the 文号's number. Only a user whose region covers\n"
    "  every region of the run (audited). docs/cli/report.md\n";

typedef struct opts {
    const char *db, *scheme, *level_s, *out, *standards;
    int year, version, number;
} opts;

#define O(f) offsetof(opts, f)
static const cli_option table[] = {
    CLI_OPT_DB(O(db), NULL),
    {"--scheme", "S", CLI_STR, O(scheme), NULL, NULL,
     "考核方案 / the assessment scheme"},
    CLI_OPT_YEAR(O(year), NULL),
    {"--level", "L", CLI_STR, O(level_s), NULL, NULL,
     "层级:省、市、县或乡 / the level"},
    {"--version", "N", CLI_INT, O(version), NULL, "0..",
     "第几版(默认最新) / which stored version (default the latest)"},
    {"--number", "N", CLI_INT, O(number), NULL, "0..",
     "文号的序号 / the number in the document's 文号"},
    {"-o", "FILE", CLI_PATH, O(out), NULL, NULL,
     "输出文件 .pdf、.docx 或 .xlsx(默认 考核通报-L级-YYYY.pdf) / output "
     "file .pdf, .docx or .xlsx"},
    CLI_OPT_STANDARDS(O(standards), NULL),
    CLI_END};

static const cli_spec spec = {"report tongbao", usage_text, table, NULL, 0};

int cli_report_tongbao(int argc, char **argv)
{
    opts o = {.db = "kaohe.db"};
    int rc = cli_opts_parse(&spec, NULL, argc, argv, 1, &o, NULL);
    if (rc != CLI_GO) return rc;
    const char *db = o.db, *scheme = o.scheme, *level_s = o.level_s,
               *out = o.out;
    if (!scheme || !o.year || !level_s)
        return cli_usage("需要 --scheme、--year 和 --level",
                         "--scheme, --year and --level are required");
    long long year = o.year, version = o.version;
    long long number = o.number;
    int level = kh_level_parse(level_s, strlen(level_s));
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
    kh_standard *std = cli_standard(o.standards);
    if (!std) return CLI_FAIL;
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = NULL;
    kh_actor who;
    /* who may have it (every region of the run within the scope), audited:
     * the use case, as GET /api/reports/tongbao */
    rc = cli_open_as(db, std, &s, &who, &err);
    if (!rc) {
        char user[128], when[32], today[11];
        int t[3];
        cli_today(t);
        kh_date_format(today, t[0], t[1], t[2]);
        cli_maker(user, when);
        rc = kh_app_tongbao_download(s, &who, scheme, (int)year, level,
                                     (int)version, format, out, today, user,
                                     when, (int)number, &err);
    }
    kh_store_close(s);
    kh_standard_free(std);
    if (rc) return cli_download_error(&err);
    fprintf(stderr, "kaohe: 考核通报写入 %s / assessment notice written to %s\n",
            out, out);
    return CLI_OK;
}
