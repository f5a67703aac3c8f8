/* SPDX-License-Identifier: MIT */
/*
 * cli_summary.c - `kaohe summary [--year YYYY]`: what the database holds,
 * year by year: households and persons by status, regions, rural
 * population, and the findings stored at import.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "kaohe/afile.h"
#include "kaohe/encoding.h"
#include "kaohe/store.h"
#include "kaohe/tabwriter.h"

static void print_text(FILE *fp, const kh_year_summary *s)
{
    fprintf(fp, "%d 年(导入于 %s,来源 %s)\n", s->year, s->imported_at, s->source);
    fprintf(fp, "  建档立卡        %lld 户 %lld 人\n", s->households, s->persons);
    fprintf(fp, "  未脱贫+返贫     %lld 户 %lld 人\n", s->poor_households, s->poor_persons);
    fprintf(fp, "  已脱贫          %lld 户 %lld 人\n", s->exited_households, s->exited_persons);
    fprintf(fp, "  区划 %lld 个,涉及村 %lld 个,农业户籍人口 %lld\n", s->regions,
           s->villages, s->rural_pop);
    if (s->rural_pop > 0)
        fprintf(fp, "  贫困发生率      %lld / %lld = %.2f%%\n", s->poor_persons,
               s->rural_pop, 100.0 * (double)s->poor_persons / (double)s->rural_pop);
    fprintf(fp, "  导入时的问题    错误 %lld 个,警告 %lld 个\n", s->errors, s->warnings);
}

static void print_json(FILE *fp, const kh_year_summary *s, int first)
{
    fprintf(fp, "%s{\"year\": %d, \"households\": %lld, \"persons\": %lld, "
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

static const char *const cols[] = {
    "年度", "户数", "人数", "未脱贫+返贫户数", "未脱贫+返贫人数", "已脱贫户数",
    "已脱贫人数", "农业户籍人口", "区划数", "涉及村数", "错误", "警告", "来源",
    "导入时间"};
#define NCOLS (sizeof cols / sizeof cols[0])

static int table_row(kh_tabwriter *w, const kh_year_summary *s, kh_error *err)
{
    char v[12][24];
    long long n[12] = {s->year, s->households, s->persons, s->poor_households,
                       s->poor_persons, s->exited_households, s->exited_persons,
                       s->rural_pop, s->regions, s->villages, s->errors,
                       s->warnings};
    const char *cells[NCOLS];
    for (int i = 0; i < 12; i++) {
        snprintf(v[i], sizeof v[i], "%lld", n[i]);
        cells[i] = v[i];
    }
    cells[12] = s->source;
    cells[13] = s->imported_at;
    return kh_tabwriter_row(w, cells, "nnnnnnnnnnnnss", NCOLS, err);
}

typedef struct opts {
    const char *db, *format, *out;
    int year;
} opts;

#define O(f) offsetof(opts, f)
static const cli_option table[] = {
    CLI_OPT_DB(O(db), NULL),
    CLI_OPT_YEAR(O(year), NULL),
    CLI_OPT_FORMAT(O(format), NULL, "text|json|csv|xlsx"),
    CLI_OPT_OUT(O(out), NULL),
    CLI_END};

static const cli_spec spec = {
    "summary",
    "kaohe summary [--db FILE] [--year YYYY] [--format text|json|csv|xlsx] [-o FILE]\n"
    "  数据库概况:各年度户数、人数、贫困发生率、导入时的问题数。\n"
    "  What the database holds, year by year.\n",
    table, NULL, 0};

int cli_summary(int argc, char **argv)
{
    opts o = {.db = "kaohe.db", .format = "text"};
    int prc = cli_opts_parse(&spec, NULL, argc, argv, 1, &o, NULL);
    if (prc != CLI_GO) return prc;
    const char *db = o.db, *format = o.format, *out = o.out;
    int fmt = cli_parse_format(format);
    if (fmt < 0) return CLI_FAIL;
    if (fmt == CLI_FMT_XLSX && !out)
        return cli_usage("--format xlsx 需要用 -o 指定输出文件",
                         "--format xlsx needs -o FILE");
    kh_error err;
    kh_error_clear(&err);
    kh_store *s;
    if (kh_store_open(db, KH_STORE_READONLY, &s, &err)) return cli_report_error(&err);
    int years[64], n;
    if (o.year) {
        years[0] = o.year;
        n = 1;
    } else {
        n = kh_store_years(s, years, 64);
    }
    kh_tabwriter *w = NULL;
    if ((fmt == CLI_FMT_CSV || fmt == CLI_FMT_XLSX) &&
        (kh_tabwriter_open(out ? out : "-", fmt == CLI_FMT_CSV ? KH_TAB_CSV : KH_TAB_XLSX,
                           KH_ENC_UTF8_BOM, &w, &err) ||
         kh_tabwriter_sheet(w, "概况", &err) ||
         kh_tabwriter_row(w, cols, "hhhhhhhhhhhhhh", NCOLS, &err))) {
        kh_tabwriter_free(w);
        kh_store_close(s);
        return cli_report_error(&err);
    }
    kh_afile af = {0};
    if (!w && kh_afile_open(&af, out, &err)) {
        kh_store_close(s);
        return cli_report_error(&err);
    }
    if (fmt == CLI_FMT_JSON) fprintf(af.fp, "{\"years\": [");
    int status = CLI_OK;
    for (int i = 0; i < n; i++) {
        kh_year_summary ys;
        if (kh_store_summary(s, years[i], &ys, &err)) {
            status = cli_report_error(&err);
            break;
        }
        if (w) {
            if (table_row(w, &ys, &err)) {
                status = cli_report_error(&err);
                break;
            }
        } else if (fmt == CLI_FMT_JSON) {
            print_json(af.fp, &ys, i == 0);
        } else {
            print_text(af.fp, &ys);
        }
    }
    if (w) {
        if (status == CLI_OK && kh_tabwriter_close(w, &err)) status = cli_report_error(&err);
        else if (status != CLI_OK) kh_tabwriter_free(w);
        kh_store_close(s);
        return status;
    }
    if (fmt == CLI_FMT_JSON) fprintf(af.fp, "]}\n");
    else if (n == 0) fprintf(af.fp, "数据库中还没有建档立卡数据 / no registry stored yet\n");
    kh_store_close(s);
    if (status != CLI_OK) {
        kh_afile_abort(&af);
        return status;
    }
    if (kh_afile_commit(&af, &err)) return cli_report_error(&err);
    return status;
}
