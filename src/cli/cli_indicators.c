/* SPDX-License-Identifier: MIT */
/*
 * cli_indicators.c - `kaohe indicators --year YYYY`: every indicator of
 * docs/indicators.md for every region at every level, as text, JSON, CSV
 * or XLSX; and `kaohe indicators explain CODE INDICATOR`: the households
 * behind one indicator of one region.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "kaohe/afile.h"
#include "kaohe/app_indicators.h"
#include "kaohe/buf.h"
#include "kaohe/encoding.h"
#include "kaohe/ind_json.h"
#include "kaohe/fmt.h"
#include "kaohe/indicators.h"
#include "kaohe/indicators_store.h"
#include "kaohe/label.h"
#include "kaohe/registry.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"
#include "kaohe/tabwriter.h"

typedef struct opts {
    const char *db, *region, *level_s, *format, *out, *standards;
    int year, level, fmt, all, threads;
    const char *code, *indicator; /* explain */
} opts;

/* Decimal digits of v at p; returns the end. */
/* value = num / den to 4 decimals, "null" when den is 0 (ind_json.h). */
static void fmt_value(char *buf, size_t n, long long num, long long den)
{
    (void)n;
    kh_ind_value_format(buf, num, den);
}

static int prefix_len(int level)
{
    int n = kh_region_prefix_len(level);
    return n ? n : 12;
}

static const char usage_text[] =
    "kaohe indicators --year YYYY [--db FILE] [--region CODE]"
    " [--level 村|乡|县|市|省]\n"
    "                 [--format text|json|csv|xlsx] [-o FILE]"
    " [--standards FILE] [--threads N]\n"
    "kaohe indicators explain CODE INDICATOR --year YYYY"
    " [--all] [--db FILE] [--format ...] [-o FILE]\n"
    "  各级区划的考核指标(由村逐级汇总),每个值为分子/分母;\n"
    "  explain 列出某区划某指标背后的户。\n"
    "  Indicators of every region at every level, rolled up "
    "from the villages,\n  each a numerator and a denominator;"
    " explain lists the households behind one.\n"
    "  docs/indicators.md, docs/cli/indicators.md\n";

#define O(f) offsetof(opts, f)
static const cli_option table[] = {
    CLI_OPT_YEAR(O(year), NULL),
    CLI_OPT_DB(O(db), NULL),
    {"--region", "CODE", CLI_STR, O(region), NULL, NULL,
     "只看该区划 / this region only"},
    {"--level", "L", CLI_STR, O(level_s), NULL, NULL,
     "只看该级:村、乡、县、市或省 / this level only"},
    CLI_OPT_FORMAT(O(format), NULL, "text|json|csv|xlsx"),
    CLI_OPT_OUT(O(out), NULL),
    CLI_OPT_STANDARDS(O(standards), NULL),
    {"--threads", "N", CLI_INT, O(threads), NULL, "1..16",
     "线程数(默认 CPU 数) / threads (default the CPUs)"},
    {"--all", NULL, CLI_FLAG, O(all), "explain", NULL,
     "列出全部户,不只是计入分子的 / every household, not only those "
     "counted"},
    CLI_END};

static const cli_spec spec = {"indicators", usage_text, table, NULL, 0};

/* sub: "explain" or "indicators" (the plain form). */
static int parse(int argc, char **argv, int first, const char *sub, opts *o)
{
    memset(o, 0, sizeof *o);
    o->db = "kaohe.db";
    o->format = "text";
    int rc = cli_opts_parse(&spec, sub, argc, argv, first, o, NULL);
    if (rc != CLI_GO) return rc;
    if (!o->year)
        return cli_usage("需要 --year YYYY", "--year YYYY is required");
    if (o->level_s &&
        (o->level = kh_level_parse(o->level_s, strlen(o->level_s))) == KH_LV_NONE)
        return cli_usage("--level 只能是 村、乡、县、市 或 省",
                         "--level must be 村, 乡, 县, 市 or 省");
    if ((o->fmt = cli_parse_format(o->format)) < 0) return CLI_FAIL;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    if (!o->threads) o->threads = cpus > 0 ? (int)(cpus > 16 ? 16 : cpus) : 1;
    if (o->fmt == CLI_FMT_XLSX && !o->out)
        return cli_usage("--format xlsx 需要用 -o 指定输出文件",
                         "--format xlsx needs -o FILE");
    return CLI_OK;
}

/* Open the store as the acting user and the standard, check the year,
 * set up the indicators; *region gets the region the user reads for the
 * one asked (kh_app_indicators_region: a user bound to a region reads
 * that region, a region outside it refused and audited there). */
static int setup(const opts *o, const char *asked, kh_store **s,
                 kh_standard **std, kh_indicators **ix, kh_actor *who,
                 const char **region, kh_error *err)
{
    *s = NULL;
    *std = NULL;
    *ix = NULL;
    if (!(*std = cli_standard(o->standards))) return CLI_FAIL;
    if (cli_open_as(o->db, *std, s, who, err))
        return cli_report_error(err);
    if (!kh_store_year_exists(*s, o->year)) {
        kh_error_set(err, KH_ERR_NOTFOUND, "year_missing",
                     "数据库中没有 %d 年的建档立卡数据",
                     "no registry snapshot for %d in the database", o->year);
        return cli_report_error(err);
    }
    if (kh_app_indicators_region(*s, who, o->year, asked, region, err))
        return cli_download_error(err); /* a refusal: 1 */
    if (!kh_store_review_ran(*s, o->year))
        fprintf(stderr,
                "kaohe: 注意:%d 年尚未运行 kaohe review,省略 finding.* 指标\n"
                "kaohe: note: kaohe review has not run for %d; the finding.* "
                "indicators are left out\n", o->year, o->year);
    /* set up as every front end does (app_indicators.h) */
    if (kh_app_indicators_new(*s, *std, o->year, ix, NULL, err))
        return cli_report_error(err);
    return CLI_OK;
}

static void cleanup(kh_store *s, kh_standard *std, kh_indicators *ix)
{
    kh_indicators_free(ix);
    kh_store_close(s);
    kh_standard_free(std);
}

static const char *const table_cols[] = {"区划代码", "名称", "级别", "上级代码",
                                         "指标", "指标名称", "分子", "分母", "值"};
#define NTABLE_COLS (sizeof table_cols / sizeof table_cols[0])

static int write_region(const kh_indicators *ix, size_t r, int fmt, FILE *fp,
                        kh_tabwriter *w, const kh_ind_json *keys, int *first,
                        kh_error *err)
{
    const kh_region *g = kh_indicators_region(ix, r);
    const char *lv = kh_level_name(g->level);
    size_t n = kh_indicators_count(ix);
    if (fmt == CLI_FMT_JSON) {
        /* The one rendering the API uses too (ind_json.h). */
        kh_buf b = KH_BUF_INIT;
        int rc = kh_buf_adds(&b, *first ? "\n  " : ",\n  ");
        if (!rc) rc = kh_ind_json_region(keys, r, &b);
        if (!rc) fwrite(b.data, 1, b.len, fp);
        kh_buf_free(&b);
        *first = 0;
        if (rc) return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                                    "out of memory");
        return KH_OK;
    }
    if (w) {
        for (size_t i = 0; i < n; i++) {
            long long num, den;
            char v[64], ns[32], ds[32];
            kh_indicators_get(ix, r, i, &num, &den);
            fmt_value(v, sizeof v, num, den);
            snprintf(ns, sizeof ns, "%lld", num);
            snprintf(ds, sizeof ds, "%lld", den);
            const char *cells[NTABLE_COLS] = {
                g->code, g->name, lv, g->parent, kh_indicators_name(ix, i),
                kh_indicators_zh(ix, i), ns, ds, den ? v : ""};
            if (kh_tabwriter_row(w, cells, "ssssssnnn", NTABLE_COLS, err))
                return err->status;
        }
        return KH_OK;
    }
    /* The text report, in plain Chinese (issue #16): each indicator by its
     * Chinese name, rates as percentages with their numerator and
     * denominator, amounts in 元, counts with separators; the codes stay
     * in JSON and CSV. */
    fprintf(fp, "%s %s（%s%s%s）\n", g->code, g->name, lv,
            g->parent[0] ? "，上级 " : "", g->parent);
    for (size_t i = 0; i < n; i++) {
        long long num, den;
        char v[160], zh[256], a[32], b[32], y[48];
        kh_indicators_get(ix, r, i, &num, &den);
        kh_label_zh_punct(kh_indicators_zh(ix, i), zh, sizeof zh);
        int kind = kh_indicators_kind(ix, i);
        if (kind == 1) {
            kh_fmt_int(num, v, sizeof v);
        } else if (den <= 0) {
            snprintf(v, sizeof v, "无数据");
        } else if (kind == 2) {
            /* num/den 元 (分 over 100 × households) */
            kh_fmt_yuan_q(num * 100, den, y, sizeof y);
            snprintf(v, sizeof v, "%s 元", y);
        } else if (kh_indicator_money_parts(kh_indicators_name(ix, i))) {
            /* a rate of two amounts in 分: both shown in 元 */
            kh_fmt_pct(num, den, 2, y, sizeof y);
            kh_fmt_yuan(num, a, sizeof a);
            kh_fmt_yuan(den, b, sizeof b);
            snprintf(v, sizeof v, "%s（%s 元/%s 元）", y, a, b);
        } else {
            kh_fmt_pct(num, den, 2, y, sizeof y);
            kh_fmt_int(num, a, sizeof a);
            kh_fmt_int(den, b, sizeof b);
            snprintf(v, sizeof v, "%s（%s/%s）", y, a, b);
        }
        fprintf(fp, "  %s：%s\n", zh, v);
    }
    return KH_OK;
}

/* The XLSX for people: one sheet, regions down and indicators across, a
 * title row, the header and the names frozen; rates as percentages and
 * money in 元, as numbers; a second sheet says what each column is.
 * (CSV and JSON keep the long form with the codes.) */
static int write_wide(const kh_indicators *ix, const opts *o, int top,
                      const kh_actor *who, kh_error *err)
{
    size_t n = kh_indicators_count(ix);
    kh_tabwriter *w = NULL;
    int rc = kh_tabwriter_open(o->out, KH_TAB_XLSX, 0, &w, err);
    char **heads = calloc(n + 3, sizeof *heads);
    char *types = calloc(n + 4, 1);
    char (*vals)[48] = calloc(n + 3, sizeof *vals);
    const char **cells = calloc(n + 3, sizeof *cells);
    if (!rc && (!heads || !types || !vals || !cells)) rc = kh_error_nomem(err);
    if (!rc) rc = kh_tabwriter_sheet(w, "指标", err);
    char title[96];
    snprintf(title, sizeof title, "%d年各地区扶贫开发指标", o->year);
    const char *t1[] = {title};
    if (!rc) rc = kh_tabwriter_row(w, t1, "h", 1, err);
    static const char *const fixed[] = {"区划代码", "名称", "级别"};
    for (size_t i = 0; !rc && i < 3; i++) {
        heads[i] = strdup(fixed[i]);
        types[i] = 'h';
        if (!heads[i]) rc = kh_error_nomem(err);
    }
    for (size_t i = 0; !rc && i < n; i++) {
        int kind = kh_indicators_kind(ix, i);
        const char *zh = kh_indicators_zh(ix, i);
        char h[256];
        snprintf(h, sizeof h, "%s%s", zh, kind == 0 ? "（%）" : "");
        heads[i + 3] = strdup(h);
        types[i + 3] = 'h';
        if (!heads[i + 3]) rc = kh_error_nomem(err);
        kh_tabwriter_width(w, i + 3, kind == 0 ? 12 : 14);
    }
    kh_tabwriter_width(w, 0, 14);
    kh_tabwriter_width(w, 1, 14);
    kh_tabwriter_width(w, 2, 6);
    if (!rc) rc = kh_tabwriter_row(w, (const char *const *)heads, types, n + 3, err);
    kh_tabwriter_freeze(w, 2, 2);
    if (types) {
        memset(types, 'n', n + 3);
        types[0] = types[1] = types[2] = 's';
    }
    for (size_t r = 0; !rc && r < kh_indicators_nregions(ix); r++) {
        if (top >= 0 && !kh_indicators_region_under(ix, r, (size_t)top)) continue;
        const kh_region *g = kh_indicators_region(ix, r);
        if (o->level && g->level != o->level) continue;
        if (!kh_app_indicators_shows(who, g->code)) continue;
        cells[0] = g->code;
        cells[1] = g->name;
        cells[2] = kh_level_name(g->level);
        for (size_t i = 0; i < n; i++) {
            long long num, den;
            kh_indicators_get(ix, r, i, &num, &den);
            int kind = kh_indicators_kind(ix, i);
            vals[i][0] = '\0';
            if (den > 0) {
                if (kind == 0)
                    snprintf(vals[i], 48, "%.4f", 100.0 * (double)num / (double)den);
                else if (kind == 2)
                    snprintf(vals[i], 48, "%.2f", (double)num / (double)den);
                else
                    snprintf(vals[i], 48, "%lld", num);
            }
            cells[i + 3] = vals[i];
        }
        rc = kh_tabwriter_row(w, cells, types, n + 3, err);
    }
    /* what each column is */
    if (!rc) rc = kh_tabwriter_sheet(w, "指标说明", err);
    kh_tabwriter_width(w, 0, 36);
    kh_tabwriter_width(w, 1, 80);
    const char *h2[] = {"指标", "说明"};
    if (!rc) rc = kh_tabwriter_row(w, h2, "hh", 2, err);
    kh_tabwriter_freeze(w, 1, 0);
    for (size_t i = 0; !rc && i < n; i++) {
        char zh[256];
        const char *desc = NULL;
        if (!kh_indicator_label(kh_indicators_name(ix, i), zh, sizeof zh, &desc, NULL))
            desc = NULL;
        const char *c2[] = {heads[i + 3], desc ? desc : kh_indicators_zh(ix, i)};
        rc = kh_tabwriter_row(w, c2, "ss", 2, err);
    }
    if (heads)
        for (size_t i = 0; i < n + 3; i++) free(heads[i]);
    free(heads);
    free(types);
    free(vals);
    free(cells);
    if (rc) {
        kh_tabwriter_free(w);
        return rc;
    }
    return kh_tabwriter_close(w, err);
}

static int run_indicators(const opts *o)
{
    kh_error err;
    kh_error_clear(&err);
    kh_store *s;
    kh_standard *std;
    kh_indicators *ix;
    kh_actor who;
    const char *region = NULL;
    int status = setup(o, o->region, &s, &std, &ix, &who, &region, &err);
    if (status != CLI_OK) {
        cleanup(s, std, ix);
        return status;
    }
    int top = -1;
    if (region && (top = kh_indicators_region_find(ix, region)) < 0) {
        kh_error_set(&err, KH_ERR_NOTFOUND, "region_missing",
                     "区划表中没有代码“%s”", "no region '%s' in the region list",
                     region);
        cleanup(s, std, ix);
        return cli_report_error(&err);
    }
    if (kh_store_indicators(s, o->year, std, ix, o->threads, &err)) {
        cleanup(s, std, ix);
        return cli_report_error(&err);
    }
    if (kh_indicators_unplaced(ix))
        fprintf(stderr,
                "kaohe: 注意:%lld 户的行政区划代码不是区划表中的村,未计入指标\n"
                "kaohe: note: %lld households are in villages not in the "
                "region list and are left out\n",
                kh_indicators_unplaced(ix), kh_indicators_unplaced(ix));

    if (o->fmt == CLI_FMT_XLSX) {
        int rc = write_wide(ix, o, top, &who, &err);
        cleanup(s, std, ix);
        return rc ? cli_report_error(&err) : CLI_OK;
    }
    kh_tabwriter *w = NULL;
    kh_afile af = {0};
    if (o->fmt == CLI_FMT_CSV) {
        if (kh_tabwriter_open(o->out ? o->out : "-",
                              o->fmt == CLI_FMT_CSV ? KH_TAB_CSV : KH_TAB_XLSX,
                              KH_ENC_UTF8_BOM, &w, &err) ||
            kh_tabwriter_sheet(w, "指标", &err) ||
            kh_tabwriter_row(w, table_cols, "hhhhhhhhh", NTABLE_COLS, &err)) {
            kh_tabwriter_free(w);
            cleanup(s, std, ix);
            return cli_report_error(&err);
        }
    } else if (kh_afile_open(&af, o->out, &err)) {
        cleanup(s, std, ix);
        return cli_report_error(&err);
    }
    if (o->fmt == CLI_FMT_JSON) fprintf(af.fp, "{\"year\": %d, \"regions\": [", o->year);
    int first = 1, rc = KH_OK;
    kh_ind_json *keys = NULL;
    if (o->fmt == CLI_FMT_JSON) rc = kh_ind_json_new(ix, NULL, &keys, &err);
    for (size_t r = 0; !rc && r < kh_indicators_nregions(ix); r++) {
        if (top >= 0 && !kh_indicators_region_under(ix, r, (size_t)top)) continue;
        if (o->level && kh_indicators_region(ix, r)->level != o->level) continue;
        if (!kh_app_indicators_shows(&who, kh_indicators_region(ix, r)->code))
            continue;
        rc = write_region(ix, r, o->fmt, af.fp, w, keys, &first, &err);
    }
    kh_ind_json_free(keys);
    if (o->fmt == CLI_FMT_JSON) fprintf(af.fp, "\n]}\n");
    cleanup(s, std, ix);
    if (w) {
        if (rc) {
            kh_tabwriter_free(w);
            return cli_report_error(&err);
        }
        if (kh_tabwriter_close(w, &err)) return cli_report_error(&err);
        return CLI_OK;
    }
    if (rc) {
        kh_afile_abort(&af);
        return cli_report_error(&err);
    }
    if (kh_afile_commit(&af, &err)) return cli_report_error(&err);
    return CLI_OK;
}

/* explain: the households of one region that make up one indicator. */
typedef struct explain {
    kh_indicators *ix;
    size_t ind;
    int all, fmt;
    FILE *fp;
    kh_tabwriter *w;
    long long num, den, listed;
} explain;

static int explain_hh(void *ctx, const kh_ind_hh *h, kh_error *err)
{
    explain *e = ctx;
    long long num, den;
    kh_indicators_terms(e->ix, h, e->ind, &num, &den);
    e->num += num;
    e->den += den;
    if (!num && !(e->all && den)) return KH_OK;
    e->listed++;
    if (e->w) {
        char ns[32], ds[32];
        snprintf(ns, sizeof ns, "%lld", num);
        snprintf(ds, sizeof ds, "%lld", den);
        const char *cells[4] = {h->hh_id, h->village, ns, ds};
        return kh_tabwriter_row(e->w, cells, "ssnn", 4, err);
    }
    if (e->fmt == CLI_FMT_JSON) {
        kh_buf b = KH_BUF_INIT;
        int rc = kh_buf_adds(&b, e->listed > 1 ? ",\n  {\"hh_id\": " : "\n  {\"hh_id\": ");
        if (!rc) rc = kh_buf_json_str(&b, h->hh_id, strlen(h->hh_id));
        if (!rc)
            rc = kh_buf_printf(&b, ", \"village\": \"%s\", \"num\": %lld, "
                               "\"den\": %lld}", h->village, num, den);
        if (!rc) fwrite(b.data, 1, b.len, e->fp);
        kh_buf_free(&b);
        if (rc) return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                                    "out of memory");
        return KH_OK;
    }
    fprintf(e->fp, "%s\t%s\t%lld\t%lld\n", h->hh_id, h->village, num, den);
    return KH_OK;
}

static int run_explain(const opts *o)
{
    kh_error err;
    kh_error_clear(&err);
    kh_store *s;
    kh_standard *std;
    kh_indicators *ix;
    kh_actor who;
    const char *region = NULL;
    int status = setup(o, o->code, &s, &std, &ix, &who, &region, &err);
    if (status != CLI_OK) {
        cleanup(s, std, ix);
        return status;
    }
    int r = kh_indicators_region_find(ix, o->code);
    int i = kh_indicators_find(ix, o->indicator);
    if (r < 0 || i < 0) {
        if (r < 0)
            kh_error_set(&err, KH_ERR_NOTFOUND, "region_missing",
                         "区划表中没有代码“%s”",
                         "no region '%s' in the region list", o->code);
        else
            kh_error_set(&err, KH_ERR_NOTFOUND, "indicator_unknown",
                         "没有指标“%s”(见 docs/indicators.md)",
                         "no indicator '%s' (see docs/indicators.md)",
                         o->indicator);
        cleanup(s, std, ix);
        return cli_report_error(&err);
    }
    if (kh_indicators_kind(ix, (size_t)i) == 1 &&
        strcmp(o->indicator, "households") && strcmp(o->indicator, "persons")) {
        kh_error_set(&err, KH_ERR_USAGE, "indicator_regional",
                     "指标“%s”来自区划表,不来自户",
                     "indicator '%s' comes from the region list, not from "
                     "households", o->indicator);
        cleanup(s, std, ix);
        return cli_report_error(&err);
    }
    const kh_region *g = kh_indicators_region(ix, (size_t)r);
    char prefix[13];
    snprintf(prefix, sizeof prefix, "%.*s", prefix_len(g->level), g->code);
    explain e = {ix, (size_t)i, o->all, o->fmt, NULL, NULL, 0, 0, 0};
    kh_afile af = {0};
    if (o->fmt == CLI_FMT_CSV || o->fmt == CLI_FMT_XLSX) {
        static const char *const hdr[] = {"户编号", "行政区划代码", "分子", "分母"};
        if (kh_tabwriter_open(o->out ? o->out : "-",
                              o->fmt == CLI_FMT_CSV ? KH_TAB_CSV : KH_TAB_XLSX,
                              KH_ENC_UTF8_BOM, &e.w, &err) ||
            kh_tabwriter_sheet(e.w, "明细", &err) ||
            kh_tabwriter_row(e.w, hdr, "hhhh", 4, &err)) {
            kh_tabwriter_free(e.w);
            cleanup(s, std, ix);
            return cli_report_error(&err);
        }
    } else if (kh_afile_open(&af, o->out, &err)) {
        cleanup(s, std, ix);
        return cli_report_error(&err);
    }
    e.fp = af.fp;
    if (o->fmt == CLI_FMT_JSON) {
        fprintf(af.fp, "{\"year\": %d, \"region\": \"%s\", \"indicator\": ",
                o->year, g->code);
        kh_buf b = KH_BUF_INIT;
        if (!kh_buf_json_str(&b, o->indicator, strlen(o->indicator)))
            fwrite(b.data, 1, b.len, af.fp);
        kh_buf_free(&b);
        fprintf(af.fp, ", \"households\": [");
    } else if (o->fmt == CLI_FMT_TEXT) {
        fprintf(af.fp, "# %s %s %s(%s)%d 年\n# 户编号\t行政区划代码\t分子\t分母\n",
                g->code, g->name, o->indicator, kh_indicators_zh(ix, (size_t)i),
                o->year);
    }
    int rc = kh_store_ind_households(s, o->year, std, prefix, explain_hh, &e, &err);
    if (o->fmt == CLI_FMT_JSON)
        fprintf(af.fp, "\n], \"num\": %lld, \"den\": %lld}\n", e.num, e.den);
    else if (o->fmt == CLI_FMT_TEXT)
        fprintf(af.fp, "# 合计 / total: %lld 户 households, %lld / %lld\n",
                e.listed, e.num, e.den);
    cleanup(s, std, ix);
    if (e.w) {
        if (rc) {
            kh_tabwriter_free(e.w);
            return cli_report_error(&err);
        }
        if (kh_tabwriter_close(e.w, &err)) return cli_report_error(&err);
        return CLI_OK;
    }
    if (rc) {
        kh_afile_abort(&af);
        return cli_report_error(&err);
    }
    if (kh_afile_commit(&af, &err)) return cli_report_error(&err);
    return CLI_OK;
}

int cli_indicators(int argc, char **argv)
{
    opts o;
    int explain_cmd = argc > 1 && !strcmp(argv[1], "explain");
    const char *sub = explain_cmd ? "explain" : "indicators";
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            cli_opts_help(&spec, explain_cmd ? sub : NULL);
            return CLI_OK;
        }
    if (explain_cmd && (argc < 4 || argv[2][0] == '-' || argv[3][0] == '-'))
        return cli_usage("kaohe indicators explain 区划代码 指标 --year YYYY",
                         "kaohe indicators explain CODE INDICATOR --year YYYY");
    int rc = parse(argc, argv, explain_cmd ? 4 : 1, sub, &o);
    if (rc != CLI_OK) return rc;
    if (!explain_cmd) return run_indicators(&o);
    o.code = argv[2];
    o.indicator = argv[3];
    return run_explain(&o);
}
