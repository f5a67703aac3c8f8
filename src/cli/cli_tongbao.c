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
#include "kaohe/assess.h"
#include "kaohe/buf.h"
#include "kaohe/tongbao.h"
#include "kaohe/registry.h"
#include "kaohe/store.h"

static const char usage_text[] =
    "kaohe report tongbao --scheme S --year YYYY --level 省|市|县 "
    "[--version N]\n"
    "                     [-o FILE.pdf] [--db FILE]\n"
    "  考核通报:排名、得分、等次、否决情形及后果、图表(PDF)。\n"
    "  The assessment notice of a stored run: ranking, points, grades,\n"
    "  vetoes and their consequences, a chart. docs/cli/report.md\n";

typedef struct opts {
    const char *db, *scheme, *level_s, *out;
    int year, version;
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
    {"-o", "FILE.pdf", CLI_PATH, O(out), NULL, NULL,
     "输出文件(默认 考核通报-S-YYYY.pdf) / output file"},
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
    int level = kh_level_parse(level_s, strlen(level_s));
    if (!level)
        return cli_usage("--level 只能是 省、市、县 或 乡",
                         "--level must be 省, 市, 县 or 乡");
    char def[128];
    if (!out) {
        snprintf(def, sizeof def, "考核通报-%s-%lld.pdf", scheme, year);
        out = def;
    }
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = NULL;
    kh_assessment *a = NULL;
    rc = kh_store_open(db, KH_STORE_READONLY, &s, &err);
    if (!rc)
        rc = kh_store_assess_load(s, scheme, (int)year, level, (int)version,
                                  &a, &err);
    if (!rc) {
        char user[128], when[32];
        cli_maker(user, when);
        rc = kh_tongbao_pdf(out, a, user, when, &err);
    }
    kh_assessment_free(a);
    kh_store_close(s);
    if (rc) return cli_report_error(&err);
    fprintf(stderr, "kaohe: 考核通报写入 %s / assessment notice written to %s\n",
            out, out);
    return CLI_OK;
}
