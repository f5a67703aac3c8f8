/* SPDX-License-Identifier: MIT */
/*
 * cli_year.c - `kaohe year list` (the years a database holds, what each
 * holds and what refers to it) and `kaohe year delete YEAR --yes
 * [--force]` (undo a wrong import: src/app/year.c decides, deletes and
 * audits).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "kaohe/app.h"
#include "kaohe/auth.h"
#include "kaohe/auth_store.h"
#include "kaohe/buf.h"
#include "kaohe/rectify.h"
#include "kaohe/rectify_store.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"
#include "kaohe/app_year.h"

static const char usage_text[] =
    "kaohe year list [--db FILE] [--format text|json]\n"
    "kaohe year delete YEAR --yes [--force] [--db FILE] [--standards FILE]\n"
    "  list:列出数据库中的年度:建档立卡快照(户数、人数、来源、导入时间)及引用\n"
    "  该年度的问题、考核、抽样和花名册。\n"
    "  delete:删除一个年度的建档立卡快照(户、成员、导入问题、核查、指标),用于\n"
    "  撤销导入错误。需要 --yes 确认;年度仍被问题、考核、抽样或花名册引用时拒绝,\n"
    "  除非加 --force(这些记录保留)。操作记入审计日志;用户为 KAOHE_USER 或登录\n"
    "  名,须为 [web] year_roles 中的角色(没有任何用户的数据库由本机操作者管理)。\n"
    "  list: the years the database holds and what refers to each.\n"
    "  delete: delete a year's registry snapshot (undo a wrong import); needs\n"
    "  --yes; refused while problems, assessments, samples or a roster refer\n"
    "  to the year unless --force (they are kept). Audited.\n";

typedef struct list_ctx {
    int json, n;
} list_ctx;

static int show(void *vctx, const kh_year_info *y)
{
    list_ctx *c = vctx;
    if (c->json) {
        kh_buf b = KH_BUF_INIT;
        int rc = kh_buf_printf(&b, "%s\n  {\"year\": %d, \"snapshot\": %s, "
                               "\"households\": %lld, \"persons\": %lld, "
                               "\"source\": ",
                               c->n ? "," : "{\"years\": [", y->year,
                               y->has_snapshot ? "true" : "false",
                               y->households, y->persons);
        if (!rc) rc = kh_buf_json_str(&b, y->source, strlen(y->source));
        if (!rc) rc = kh_buf_adds(&b, ", \"imported_at\": ");
        if (!rc) rc = kh_buf_json_str(&b, y->imported_at, strlen(y->imported_at));
        if (!rc)
            rc = kh_buf_printf(&b, ", \"problems\": %lld, \"assess_runs\": %lld, "
                               "\"samples\": %lld, \"roster\": %lld}",
                               y->problems, y->assess_runs, y->samples,
                               y->roster);
        if (!rc) fputs(b.data, stdout);
        kh_buf_free(&b);
        c->n++;
        return rc;
    }
    if (!c->n++)
        printf("年度  户数      人数      问题  考核  抽样  花名册  来源\n");
    printf("%-5d %-9lld %-9lld %-5lld %-5lld %-5lld %-7lld %s %s\n", y->year,
           y->households, y->persons, y->problems, y->assess_runs,
           y->samples, y->roster,
           y->has_snapshot ? y->source : "(无建档立卡快照)", y->imported_at);
    return 0;
}

typedef struct year_opts {
    const char *db, *standards, *format;
    int yes, force;
} year_opts;

#define O(f) offsetof(year_opts, f)
static const cli_option table[] = {
    CLI_OPT_DB(O(db), NULL),
    CLI_OPT_FORMAT(O(format), "list", "text|json"),
    CLI_OPT_STANDARDS(O(standards), "list delete"),
    {"--yes", NULL, CLI_FLAG, O(yes), "delete", NULL,
     "确认删除 / confirm the deletion"},
    {"--force", NULL, CLI_FLAG, O(force), "delete", NULL,
     "年度仍被引用时也删除(引用它的记录保留) / delete even while records "
     "refer to the year (they are kept)"},
    CLI_END};
#undef O

/* delete's YEAR is the one positional argument after the subcommand. */
static const cli_spec spec = {"year", usage_text, table, "list delete", 2};

int cli_year(int argc, char **argv)
{
    year_opts o = {.db = "kaohe.db", .format = "text"};
    const char *sub;
    int npos = 0;
    int prc = cli_opts_sub(&spec, argc, argv,
                           "kaohe year list | kaohe year delete YEAR --yes",
                           "kaohe year list | kaohe year delete YEAR --yes",
                           &sub, &o, &npos);
    if (prc != CLI_GO) return prc;
    sub = argv[1];
    const char *year_s = npos > 1 ? argv[2] : NULL, *db = o.db,
               *std_file = o.standards, *format = o.format;
    int yes = o.yes, force = o.force;
    int list = !strcmp(sub, "list");
    if ((list && year_s) || (!list && !year_s))
        return cli_usage("kaohe year list | kaohe year delete YEAR --yes",
                         "kaohe year list | kaohe year delete YEAR --yes");
    int json = !strcmp(format, "json");
    if (!json && strcmp(format, "text"))
        return cli_usage("year 只支持 text 和 json",
                         "year supports text and json");
    long long year = 0;
    if (!list) {
        char *end;
        year = strtoll(year_s, &end, 10);
        if (end == year_s || *end || year_s[0] == '-' || year_s[0] == '+')
            return cli_usage("YEAR 应为四位年份", "YEAR must be a four-digit year");
        if (cli_opts_year("YEAR", year, 0, NULL) != CLI_OK) return CLI_FAIL;
    }
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = NULL;
    if (list) {
        /* as the acting user: who may, the use case (kh_app_year_list) */
        kh_standard *lstd = cli_standard(std_file);
        if (!lstd) return CLI_FAIL;
        kh_actor who;
        int rc = cli_open_as(db, lstd, &s, &who, &err);
        list_ctx c = {json, 0};
        if (!rc) {
            /* the JSON opened by the first year (nothing on a refusal) */
            rc = kh_app_year_list(s, lstd, &who, show, &c, &err);
            if (json && (!rc || c.n))
                fputs(c.n ? "\n]}\n" : "{\"years\": [\n]}\n", stdout);
            else if (!rc && !c.n) printf("数据库中还没有任何年度的数据\n");
        }
        kh_store_close(s);
        kh_standard_free(lstd);
        return rc ? cli_download_error(&err) : CLI_OK;
    }
    kh_standard *std = cli_standard(std_file);
    if (!std) return CLI_FAIL;
    int rc = kh_store_open(db, KH_STORE_OPEN, &s, &err);
    kh_year_info y;
    if (!rc && !yes) {
        /* Say what would go, and ask for the confirmation. */
        rc = kh_store_year_info(s, (int)year, &y, &err);
        if (!rc) {
            fprintf(stderr,
                    "kaohe: 将删除 %lld 年度的建档立卡快照(%lld 户,%lld 人,"
                    "来源 %s);确认请加 --yes\n"
                    "kaohe: this deletes the %lld snapshot (%lld households, "
                    "%lld persons, from %s); add --yes to confirm\n",
                    year, y.households, y.persons,
                    y.source[0] ? y.source : "-", year, y.households,
                    y.persons, y.source[0] ? y.source : "-");
            kh_store_close(s);
            kh_standard_free(std);
            return CLI_FAIL;
        }
    }
    kh_actor who;
    if (!rc) rc = cli_actor(s, std, &who, &err);
    if (!rc) rc = kh_app_year_delete(s, std, &who, (int)year, force, &y, &err);
    kh_store_close(s);
    kh_standard_free(std);
    if (rc) return cli_report_error(&err);
    fprintf(stderr,
            "kaohe: 已删除 %lld 年度的建档立卡快照(%lld 户)\n"
            "kaohe: deleted the %lld snapshot (%lld households)\n",
            year, y.households, year, y.households);
    return CLI_OK;
}
