/* SPDX-License-Identifier: MIT */
/*
 * cli_summary.c - `kaohe summary [--year YYYY]`: what the database holds,
 * year by year: households and persons by status, regions, rural
 * population, and the findings stored at import.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "kaohe/store.h"

static void print_text(const kh_year_summary *s)
{
    printf("%d 年(导入于 %s,来源 %s)\n", s->year, s->imported_at, s->source);
    printf("  建档立卡        %lld 户 %lld 人\n", s->households, s->persons);
    printf("  未脱贫+返贫     %lld 户 %lld 人\n", s->poor_households, s->poor_persons);
    printf("  已脱贫          %lld 户 %lld 人\n", s->exited_households, s->exited_persons);
    printf("  区划 %lld 个,涉及村 %lld 个,农业户籍人口 %lld\n", s->regions,
           s->villages, s->rural_pop);
    if (s->rural_pop > 0)
        printf("  贫困发生率      %lld / %lld = %.2f%%\n", s->poor_persons,
               s->rural_pop, 100.0 * (double)s->poor_persons / (double)s->rural_pop);
    printf("  导入时的问题    错误 %lld 个,警告 %lld 个\n", s->errors, s->warnings);
}

static void print_json(const kh_year_summary *s, int first)
{
    printf("%s{\"year\": %d, \"households\": %lld, \"persons\": %lld, "
           "\"poor_households\": %lld, \"poor_persons\": %lld, "
           "\"exited_households\": %lld, \"exited_persons\": %lld, "
           "\"rural_pop\": %lld, \"incidence\": {\"num\": %lld, \"den\": %lld}, "
           "\"villages\": %lld, \"regions\": %lld, \"errors\": %lld, "
           "\"warnings\": %lld}",
           first ? "" : ",\n ", s->year, s->households, s->persons,
           s->poor_households, s->poor_persons, s->exited_households,
           s->exited_persons, s->rural_pop, s->poor_persons, s->rural_pop,
           s->villages, s->regions, s->errors, s->warnings);
}

int cli_summary(int argc, char **argv)
{
    const char *db = "kaohe.db", *year_s = NULL, *format = "text";
    for (int i = 1; i < argc; i++) {
        int m;
        if ((m = cli_opt(argc, argv, &i, "--db", &db)) ||
            (m = cli_opt(argc, argv, &i, "--year", &year_s)) ||
            (m = cli_opt(argc, argv, &i, "--format", &format))) {
            if (m < 0) return CLI_FAIL;
        } else if (!strcmp(argv[i], "--help")) {
            printf("kaohe summary [--db FILE] [--year YYYY] [--format text|json]\n"
                   "  数据库概况:各年度户数、人数、贫困发生率、导入时的问题数。\n"
                   "  What the database holds, year by year.\n");
            return CLI_OK;
        } else {
            return cli_usage("未知参数(kaohe summary --help)",
                             "unknown argument (kaohe summary --help)");
        }
    }
    int fmt = cli_parse_format(format);
    if (fmt < 0) return CLI_FAIL;
    if (fmt != CLI_FMT_TEXT && fmt != CLI_FMT_JSON)
        return cli_usage("summary 只支持 text 和 json", "summary supports text and json");
    kh_error err;
    kh_error_clear(&err);
    kh_store *s;
    if (kh_store_open(db, KH_STORE_READONLY, &s, &err)) return cli_report_error(&err);
    int years[64], n;
    if (year_s) {
        long long y = cli_parse_count("--year", year_s);
        if (y < 0) {
            kh_store_close(s);
            return CLI_FAIL;
        }
        years[0] = (int)y;
        n = 1;
    } else {
        n = kh_store_years(s, years, 64);
    }
    if (fmt == CLI_FMT_JSON) printf("{\"years\": [");
    int status = CLI_OK;
    for (int i = 0; i < n; i++) {
        kh_year_summary ys;
        if (kh_store_summary(s, years[i], &ys, &err)) {
            status = cli_report_error(&err);
            break;
        }
        if (fmt == CLI_FMT_JSON) print_json(&ys, i == 0);
        else print_text(&ys);
    }
    if (fmt == CLI_FMT_JSON) printf("]}\n");
    else if (n == 0) printf("数据库中还没有建档立卡数据 / no registry stored yet\n");
    kh_store_close(s);
    return status;
}
