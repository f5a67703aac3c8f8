/* SPDX-License-Identifier: MIT */
/*
 * cli_sample.c - `kaohe sample design|lists|estimate|simulate`: the
 * 第三方评估 sample. design draws and stores a stratified two-stage sample
 * (counties as strata, villages by PPS, households by SRS in three groups)
 * sized for a margin of error; lists writes the field lists; estimate
 * gives 错退率, 漏评率, 认可度 and 综合贫困发生率 with design-based
 * intervals and verdicts; simulate fills a survey from a generated truth.
 * The arithmetic is src/domain/sample.c; docs/sample.md explains it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "cli/cli_sample.h"
#include "kaohe/buf.h"
#include "kaohe/encoding.h"
#include "kaohe/estimate.h"
#include "kaohe/sample.h"
#include "kaohe/sample_store.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"
#include "kaohe/survey.h"
#include "kaohe/table.h"
#include "kaohe/tabwriter.h"

static const char usage_text[] =
    "kaohe sample design --year YYYY --region CODE --margin E\n"
    "       [--confidence C] [--villages-per-county N]\n"
    "       [--households-per-village M] [--icc R] [--seed S]\n"
    "kaohe sample lists [--design ID] [--format xlsx|pdf|both] --out DIR\n"
    "kaohe sample estimate [--design ID] [--format text|json|csv] [-o FILE]\n"
    "       [--ci korn-graubard|logit|wald]\n"
    "kaohe sample estimate [--design ID] --format inputs [--level 县|市|省]\n"
    "       [-o FILE.csv|FILE.xlsx]   (考核录入表 / assessment inputs)\n"
    "kaohe sample weights [--design ID]   (每户权数 / each household's "
    "weight)\n"
    "kaohe sample simulate --truth FILE [--design ID] [--error-rate R]\n"
    "       [--seed S] -o FILE\n"
    "kaohe sample simulate --monte-carlo N [--seed S] [--ci METHOD]\n"
    "       [--villages-per-county K] [--households-per-village M] [--icc R]\n"
    "       (区间覆盖率的蒙特卡罗检验 / the Monte-Carlo check of the "
    "intervals)\n"
    "  common: --db FILE --standards FILE\n"
    "  design: 分层(县)两阶段抽样:村按规模成比例(PPS),户在村内按已脱贫、\n"
    "  未脱贫、非建档立卡三类简单随机抽取;样本量按错退率、漏评率的误差界\n"
    "  和整群设计效应计算,打印推算过程并保存。同一种子结果相同。\n"
    "  lists: 每个样本村一个入户调查表(XLSX 供录入,PDF 供打印)。\n"
    "  estimate: 各县和全区域的\n"
    "  错退率、漏评率、认可度、综合贫困发生率及置信区间和结论。simulate:\n"
    "  按 kaohe gen --roster 的 truth.csv 生成调查结果文件。\n"
    "  design: a stratified two-stage sample (counties; villages by PPS;\n"
    "  households by SRS in three groups), sized for the margin of error on\n"
    "  错退率 and 漏评率 with the design effect; printed with the reasoning\n"
    "  and stored. lists: one field list per village (XLSX to type in, PDF\n"
    "  to print). estimate: the\n"
    "  rates per county and for the region with design-based intervals and\n"
    "  verdicts. simulate: a survey file from the generator's truth.csv.\n"
    "  docs/sample.md, docs/cli/sample.md.\n";

typedef struct sopts {
    const char *db, *standards, *region, *margin, *confidence, *icc;
    const char *format, *out, *level, *truth, *error_rate, *ci;
    int year;
    long long design, seed, villages, households, monte_carlo;
} sopts;

#define O(f) offsetof(sopts, f)
static const cli_option table[] = {
    CLI_OPT_DB(O(db), NULL),
    CLI_OPT_STANDARDS(O(standards), "design estimate simulate"),
    CLI_OPT_YEAR(O(year), "design"),
    {"--region", "CODE", CLI_STR, O(region), "design", NULL,
     "抽样的区域(12 位代码) / the region sampled (12-digit code)"},
    {"--margin", "E", CLI_STR, O(margin), "design", NULL,
     "误差界,如 2% / the margin of error, e.g. 2%"},
    {"--confidence", "C", CLI_STR, O(confidence), "design", NULL,
     "置信度(默认 95%) / the confidence (default 95%)"},
    {"--villages-per-county", "N", CLI_LONG, O(villages), "design simulate",
     "0..", "每县抽村数 / villages drawn a county"},
    {"--households-per-village", "M", CLI_LONG, O(households),
     "design simulate", "1..", "每村抽户数 / households drawn a village"},
    {"--icc", "R", CLI_STR, O(icc), "design simulate", NULL,
     "组内相关系数 / the intra-class correlation"},
    {"--seed", "S", CLI_LONG, O(seed), "design simulate", "0..",
     "随机种子(默认 1) / the seed (default 1)"},
    {"--design", "ID", CLI_LONG, O(design),
     "lists estimate weights simulate", "0..",
     "抽样设计编号(默认最近一次) / the design (default the latest)"},
    {"--format", "F", CLI_ENUM, O(format), "lists", "xlsx|pdf|both",
     "调查表格式(默认 xlsx) / the lists' format (default xlsx)"},
    {"--format", "F", CLI_ENUM, O(format), "estimate",
     "text|json|csv|inputs", "输出格式;inputs 为考核录入表 / output "
     "format; inputs: the assessment inputs"},
    {"--out", "DIR", CLI_PATH, O(out), "lists", NULL,
     "调查表写入的目录 / the folder for the lists"},
    {"-o", "FILE", CLI_PATH, O(out), "estimate simulate", NULL,
     "输出文件 / output file"},
    {"--level", "L", CLI_STR, O(level), "estimate", NULL,
     "inputs 的层级:县、市或省 / the level of the inputs"},
    {"--truth", "FILE", CLI_PATH, O(truth), "simulate", NULL,
     "kaohe gen --roster 的 truth.csv / the generator's truth.csv"},
    {"--error-rate", "R", CLI_STR, O(error_rate), "simulate", NULL,
     "调查员出错率 / the evaluators' error rate"},
    {"--monte-carlo", "N", CLI_LONG, O(monte_carlo), "simulate", "1..",
     "区间覆盖率的蒙特卡罗检验,重复抽样 N 次 / the Monte-Carlo check of "
     "the intervals, N samples"},
    {"--ci", "METHOD", CLI_STR, O(ci), "estimate simulate", NULL,
     "区间方法:korn-graubard(默认)、logit 或 wald / the interval: "
     "korn-graubard (default), logit or wald"},
    CLI_END};

static const cli_spec spec = {"sample", usage_text, table,
                              "design lists estimate weights simulate", 0};

/* The --design given (-1 in o when absent: 0, the latest), refused below 1
 * as main's parsers did. */
static int design_id(const sopts *o, long long *id /* OUT */)
{
    *id = o->design >= 0 ? o->design : 0;
    if (o->design >= 0 && o->design < 1) {
        cli_usage("--design 从 1 开始编号", "design ids start at 1");
        return -1;
    }
    return 0;
}

/* A rate option: "2%", "0.02", "1/50". -1 (printed) when invalid. */
static double parse_rate(const char *opt, const char *v)
{
    char *end;
    double x = strtod(v, &end);
    if (end != v && *end == '%' && end[1] == '\0')
        x /= 100;
    else if (end != v && *end == '/') {
        double d = strtod(end + 1, &end);
        x = d > 0 ? x / d : -1;
    }
    if (end == v || (*end && *end != '%') || !(x >= 0 && x < 1)) {
        char zh[160], en[160];
        snprintf(zh, sizeof zh, "%s 的值“%s”不是 0 与 1 之间的比率", opt, v);
        snprintf(en, sizeof en, "%s: '%s' is not a rate between 0 and 1", opt,
                 v);
        cli_usage(zh, en);
        return -1;
    }
    return x;
}

static double std_rate(const kh_standard *std, const char *key, double def)
{
    long long n, d;
    if (kh_standard_rate(std, key, &n, &d) == KH_OK && d > 0)
        return (double)n / (double)d;
    return def;
}

/* ------------------------------------------------------------------ */
/* design */

typedef struct fv {
    char code[13];
    char name[64];
    long long hh[4], persons[4];
} fv;

typedef struct frame {
    fv *v;
    size_t n, cap;
} frame;

static int on_village(void *ctx, const kh_frame_village *v, kh_error *err)
{
    frame *f = ctx;
    if (f->n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 1024;
        fv *nv = realloc(f->v, cap * sizeof *nv);
        if (!nv)
            return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                                "out of memory");
        f->v = nv;
        f->cap = cap;
    }
    fv *x = &f->v[f->n++];
    memcpy(x->code, v->code, 13);
    snprintf(x->name, sizeof x->name, "%s", v->name);
    memcpy(x->hh, v->hh, sizeof x->hh);
    memcpy(x->persons, v->persons, sizeof x->persons);
    return KH_OK;
}

typedef struct pick {
    kh_store *s;
    long long design;
    const char *village;
    int group;
    const long long *idx; /* sorted positions to take */
    long long n, at, pos;
} pick;

static int on_hh(void *ctx, const char *hh_id, long long persons, kh_error *err)
{
    pick *p = ctx;
    int rc = KH_OK;
    if (p->at < p->n && p->idx[p->at] == p->pos) {
        rc = kh_design_add_household(p->s, p->design, p->village, p->group,
                                     hh_id, persons, err);
        p->at++;
    }
    p->pos++;
    return rc;
}

static const char *const group_zh[4] = {"", "已脱贫户", "未脱贫户",
                                        "非建档立卡户"};

static int run_design(kh_store *store, const kh_standard *std,
                      const kh_regionset *regions, kh_design *d, kh_buf *rep,
                      kh_error *err)
{
    frame f = {NULL, 0, 0};
    long long *size = NULL, *idx = NULL;
    double *pi = NULL;
    unsigned char *sel = NULL;
    int rc =
        kh_sample_frame(store, d->year, d->region, std, on_village, &f, err);
    if (rc) goto out;
    if (f.n == 0) {
        rc = kh_error_set(err, KH_ERR_NOTFOUND, "frame_empty",
                          "%s 下没有 %d 年的建档立卡户或花名册户",
                          "no registered or roster household under %s in %d",
                          d->region, d->year);
        goto out;
    }
    size = malloc(f.n * sizeof *size);
    pi = malloc(f.n * sizeof *pi);
    sel = malloc(f.n);
    if (!size || !pi || !sel) {
        rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                          "out of memory");
        goto out;
    }
    double z = kh_norm_quantile((1 + d->confidence) / 2);
    double p_wrong = std_rate(std, "county_exit.wrong_exit_max", 0.02);
    double p_missed = std_rate(std, "county_exit.missed_max", 0.02);
    if ((rc = kh_store_begin(store, err))) goto out;
    if ((rc = kh_design_add(store, d, err))) goto fail;
    kh_rng rng;
    kh_rng_seed(&rng, d->seed);
    rc = kh_buf_printf(
        rep,
        "抽样方案 / sampling design %lld: %d 年 / year %d, 区域 / region %s\n"
        "置信度 / confidence %.4g (z = %.4f), 误差界 / margin ±%.4g, "
        "村内相关 / intra-village correlation rho = %.4g, 种子 / seed %llu\n"
        "预期率 / anticipated rates: 错退率 p = %.4g, 漏评率 p = %.4g "
        "(the thresholds)\n"
        "n0 = z^2 p (1-p) / e^2; n0' = n0 / (1 + (n0-1)/N); "
        "m = ceil(n0' (1-rho) / (k - n0' rho)); deff = 1 + (m-1) rho\n"
        "误判达标 / false 达标: 真实率等于阈值时约 %.2f%% ((1 - 置信度) / 2; "
        "达标须 Korn-Graubard 区间上限不超过阈值;蒙特卡罗检验 / Monte-Carlo "
        "check: kaohe sample simulate --monte-carlo 1000)\n\n",
        d->id, d->year, d->year, d->region, d->confidence, z, d->margin, d->icc,
        d->seed, p_wrong, p_missed, 100 * (1 - d->confidence) / 2);
    long long tot_v = 0, tot_h[4] = {0};
    for (size_t a = 0; a < f.n && !rc;) {
        size_t b = a;
        while (b < f.n && !memcmp(f.v[b].code, f.v[a].code, 6))
            b++;
        kh_design_stratum st;
        memset(&st, 0, sizeof st);
        memcpy(st.county, f.v[a].code, 6);
        memcpy(st.county + 6, "000000", 7);
        st.villages = (long long)(b - a);
        for (size_t i = a; i < b; i++)
            for (int g = 1; g <= 3; g++) {
                st.hh[g] += f.v[i].hh[g];
                st.persons[g] += f.v[i].persons[g];
            }
        long long k = d->villages_per_county;
        kh_size_out so[4];
        memset(so, 0, sizeof so);
        const int sized[2] = {KH_G_EXITED, KH_G_ROSTER};
        const double ps[2] = {p_wrong, p_missed};
        if (d->households_per_village > 0) {
            for (int g = 1; g <= 3; g++)
                st.m[g] = d->households_per_village;
        } else {
            /* Villages needed: the larger of the two groups' needs. */
            for (int j = 0; j < 2 && !rc; j++) {
                kh_size_in in = {ps[j],  d->margin, z,
                                 d->icc, k,         st.hh[sized[j]]};
                rc = kh_sample_size(&in, &so[sized[j]], err);
                if (!rc && so[sized[j]].villages > k) k = so[sized[j]].villages;
            }
            for (int j = 0; j < 2 && !rc; j++) {
                kh_size_in in = {ps[j],  d->margin, z,
                                 d->icc, k,         st.hh[sized[j]]};
                if (k >= st.villages) {
                    /* Every village is taken: villages are strata, not
                     * clusters, and n0' is shared among them. */
                    rc = kh_sample_size(&in, &so[sized[j]], err);
                    so[sized[j]].per_village = (long long)ceil(
                        so[sized[j]].n0_fpc / (double)st.villages - 1e-9);
                    if (so[sized[j]].per_village < 1)
                        so[sized[j]].per_village = 1;
                } else {
                    rc = kh_sample_size(&in, &so[sized[j]], err);
                }
                st.m[sized[j]] = so[sized[j]].per_village;
            }
            /* Households to exit are sampled like the exited ones (for
             * 认可度). */
            st.m[KH_G_POOR] = st.m[KH_G_EXITED];
        }
        if (rc) break;
        if (k > st.villages) k = st.villages;
        for (size_t i = a; i < b; i++) {
            size[i - a] = f.v[i].hh[1] + f.v[i].hh[2] + f.v[i].hh[3];
        }
        rc = kh_sample_pps(size, b - a, k, &rng, pi, sel, err);
        if (rc) break;
        long long drawn_h[4] = {0};
        for (size_t i = a; i < b && !rc; i++) {
            if (!sel[i - a]) continue;
            st.drawn++;
            rc = kh_design_add_village(store, d->id, st.county, f.v[i].code,
                                       size[i - a], pi[i - a], f.v[i].hh, err);
            for (int g = 1; g <= 3 && !rc; g++) {
                long long N = f.v[i].hh[g];
                long long m = st.m[g] < N ? st.m[g] : N;
                if (m <= 0) continue;
                long long *ni = realloc(idx, (size_t)m * sizeof *idx);
                if (!ni) {
                    rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                                      "out of memory");
                    break;
                }
                idx = ni;
                long long got = kh_sample_srs(N, m, &rng, idx);
                pick p = {store, d->id, f.v[i].code, g, idx, got, 0, 0};
                rc = kh_sample_frame_households(store, d->year, f.v[i].code, g,
                                                std, on_hh, &p, err);
                if (!rc && p.at != got)
                    rc = kh_error_msg(err, KH_ERR_DB, "frame_changed",
                                      "抽样期间数据发生变化",
                                      "the data changed while drawing");
                drawn_h[g] += got;
            }
        }
        if (!rc) rc = kh_design_add_stratum(store, d->id, &st, err);
        const kh_region *cr = kh_regionset_find(regions, st.county);
        if (!rc)
            rc = kh_buf_printf(
                rep,
                "%s %s: %lld 村 / villages; 户 / households: 已脱贫 exited "
                "%lld, 未脱贫 not exited %lld, 非建档立卡 non-registered "
                "%lld\n",
                st.county, cr && cr->name ? cr->name : "", st.villages,
                st.hh[1], st.hh[2], st.hh[3]);
        if (!rc && d->households_per_village > 0)
            rc = kh_buf_printf(rep,
                               "  m = %lld 户/村 (--households-per-village), "
                               "k = %lld\n",
                               d->households_per_village, k);
        for (int j = 0; j < 2 && !rc && d->households_per_village <= 0; j++) {
            const kh_size_out *o = &so[sized[j]];
            rc = kh_buf_printf(
                rep,
                "  %s %s: n0 = %.1f, n0' = %.1f (N = %lld), k = %lld%s, "
                "m = %lld, deff = %.3f\n",
                j ? "漏评率" : "错退率", j ? "missed" : "wrong exit", o->n0,
                o->n0_fpc, st.hh[sized[j]], k,
                o->raised ? " (raised: k <= n0' rho / 村数不足,已增加)" : "",
                o->per_village, o->deff);
        }
        if (!rc)
            rc = kh_buf_printf(
                rep,
                "  抽中 / drawn: %lld 村 villages; 户 households: 已脱贫 %lld, "
                "未脱贫 %lld, 非建档立卡 %lld (m = %lld/%lld/%lld a village)\n",
                st.drawn, drawn_h[1], drawn_h[2], drawn_h[3], st.m[1], st.m[2],
                st.m[3]);
        tot_v += st.drawn;
        for (int g = 1; g <= 3; g++)
            tot_h[g] += drawn_h[g];
        a = b;
    }
    if (!rc)
        rc = kh_buf_printf(
            rep,
            "\n合计 / total: %lld 村 villages, %lld 户 households (已脱贫 "
            "%lld, 未脱贫 %lld, 非建档立卡 %lld)\n",
            tot_v, tot_h[1] + tot_h[2] + tot_h[3], tot_h[1], tot_h[2],
            tot_h[3]);
    if (rc) {
        if (rc == KH_ERR_NOMEM && !err->code[0])
            kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                         "out of memory");
        goto fail;
    }
    if ((rc = kh_design_set_report(store, d->id, rep->data, err))) goto fail;
    rc = kh_store_commit(store, err);
    goto out;
fail:
    kh_store_rollback(store);
out:
    free(f.v);
    free(size);
    free(pi);
    free(sel);
    free(idx);
    return rc;
}

static int cmd_design(const sopts *o)
{
    const char *db = o->db, *std_file = o->standards, *region = o->region,
               *margin_s = o->margin, *conf_s = o->confidence,
               *icc_s = o->icc;
    if (!o->year || !region || !margin_s)
        return cli_usage("需要 --year、--region 和 --margin(kaohe sample "
                         "--help)",
                         "--year, --region and --margin are required (kaohe "
                         "sample --help)");
    kh_standard *std = cli_standard(std_file);
    if (!std) return CLI_FAIL;
    kh_design d;
    memset(&d, 0, sizeof d);
    int status = CLI_FAIL;
    kh_store *store = NULL;
    kh_regionset *regions = NULL;
    kh_buf rep = KH_BUF_INIT;
    d.year = o->year;
    snprintf(d.region, sizeof d.region, "%s", region);
    if ((d.margin = parse_rate("--margin", margin_s)) < 0) goto done;
    if (d.margin == 0) {
        cli_usage("--margin 须大于 0", "--margin must be above 0");
        goto done;
    }
    d.confidence = std_rate(std, "sample.confidence", 0.95);
    if (conf_s && (d.confidence = parse_rate("--confidence", conf_s)) <= 0) {
        if (d.confidence == 0)
            cli_usage("--confidence 须大于 0", "--confidence must be above 0");
        goto done;
    }
    d.icc = std_rate(std, "sample.icc", 0.02);
    if (icc_s && (d.icc = parse_rate("--icc", icc_s)) < 0) goto done;
    d.villages_per_county =
        kh_standard_int(std, "sample.villages_per_county", 29);
    if (o->villages >= 0) d.villages_per_county = o->villages;
    if (d.villages_per_county < 2) {
        cli_usage("每县至少抽 2 个村(方差估计需要)",
                  "at least 2 villages a county (for the variance)");
        goto done;
    }
    if (o->households > 0) d.households_per_village = o->households;
    d.seed = o->seed >= 0 ? (unsigned long long)o->seed : 1;
    kh_error err;
    kh_error_clear(&err);
    if (kh_region_code_level(d.region, strlen(d.region)) == KH_LV_NONE) {
        cli_usage("--region 须为 12 位行政区划代码",
                  "--region must be a 12-digit region code");
        goto done;
    }
    if (kh_store_open(db, KH_STORE_OPEN, &store, &err)) {
        cli_report_error(&err);
        goto done;
    }
    if (!kh_store_year_exists(store, d.year)) {
        kh_error_set(&err, KH_ERR_NOTFOUND, "year_missing",
                     "数据库中没有 %d 年的建档立卡数据",
                     "the database has no registry of %d", d.year);
        cli_report_error(&err);
        goto done;
    }
    if (kh_regionset_new(&regions, &err) ||
        kh_store_regions_load(store, regions, &err) ||
        run_design(store, std, regions, &d, &rep, &err)) {
        cli_report_error(&err);
        goto done;
    }
    fputs(rep.data, stdout);
    status = CLI_OK;
done:
    kh_regionset_free(regions);
    kh_buf_free(&rep);
    kh_store_close(store);
    kh_standard_free(std);
    return status;
}

/* ------------------------------------------------------------------ */
/* lists */

static int make_dir(const char *path, kh_error *err)
{
    if (mkdir(path, 0777) == 0) return KH_OK;
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return KH_OK;
    kh_error_set(err, KH_ERR_IO, "io", "无法创建目录",
                 "cannot create the "
                 "directory");
    kh_error_at(err, path, 0, 0, NULL);
    return KH_ERR_IO;
}

typedef struct lists_ctx {
    const char *dir;
    char village[13];
    kh_tabwriter *w;
    long long files, rows;
    int xlsx, pdf;       /* which files to write */
    cli_list_village v;  /* the village being collected (PDF) */
    char who[128], when[32];
    long long pdfs, pages;
} lists_ctx;

static void village_clear(cli_list_village *v)
{
    for (size_t i = 0; i < v->n; i++) {
        free(v->hh[i].hh_id);
        free(v->hh[i].head_name);
        free(v->hh[i].head_id);
    }
    v->n = 0;
    free(v->name);
    free(v->county_name);
    v->name = v->county_name = NULL;
}

/* The PDF of the village collected so far, if any. */
static int flush_pdf(lists_ctx *c, kh_error *err)
{
    if (!c->pdf || !c->v.code[0]) return KH_OK;
    char path[4200];
    if ((size_t)snprintf(path, sizeof path, "%s/%s.pdf", c->dir, c->v.code) >=
        sizeof path)
        return kh_error_msg(err, KH_ERR_USAGE, "usage", "路径过长",
                            "path too long");
    int pages = 0;
    int rc = cli_sample_list_pdf(path, &c->v, c->who, c->when, &pages, err);
    if (!rc) {
        c->pdfs++;
        c->pages += pages;
    }
    village_clear(&c->v);
    c->v.code[0] = '\0';
    return rc;
}

static int collect_hh(lists_ctx *c, const kh_drawn *h, kh_error *err)
{
    cli_list_village *v = &c->v;
    if (!v->code[0]) {
        snprintf(v->code, sizeof v->code, "%s", h->village);
        v->name = strdup(h->village_name ? h->village_name : "");
        v->county_name = strdup(h->county_name ? h->county_name : "");
        if (!v->name || !v->county_name) goto nomem;
    }
    if (!h->hh_id) return KH_OK;
    if (v->n == v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 64;
        cli_list_hh *n = realloc(v->hh, cap * sizeof *n);
        if (!n) goto nomem;
        v->hh = n;
        v->cap = cap;
    }
    cli_list_hh *x = &v->hh[v->n];
    memset(x, 0, sizeof *x);
    x->group = h->group;
    x->persons = h->persons;
    x->hh_id = strdup(h->hh_id);
    x->head_name = strdup(h->head_name ? h->head_name : "");
    x->head_id = strdup(h->head_id ? h->head_id : "");
    v->n++;
    if (!x->hh_id || !x->head_name || !x->head_id) goto nomem;
    return KH_OK;
nomem:
    return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                        "out of memory");
}

static const char *const list_extra[] = {
    "类别", "户主姓名", "户主证件号码", "家庭人口", "行政区划代码", "村名称"};
#define N_EXTRA 6

static int close_list(lists_ctx *c, kh_error *err)
{
    if (!c->w) return KH_OK;
    kh_tabwriter *w = c->w;
    c->w = NULL;
    return kh_tabwriter_close(w, err);
}

static int on_list(void *ctx, const kh_drawn *h, kh_error *err)
{
    lists_ctx *c = ctx;
    int rc;
    if (c->pdf) {
        if (strcmp(c->v.code, h->village) != 0 &&
            (rc = flush_pdf(c, err)))
            return rc;
        if ((rc = collect_hh(c, h, err))) return rc;
    }
    if (!c->xlsx) {
        if (strcmp(c->village, h->village) != 0) {
            snprintf(c->village, sizeof c->village, "%s", h->village);
            c->files++;
        }
        if (h->hh_id) c->rows++;
        return KH_OK;
    }
    if (strcmp(c->village, h->village) != 0) {
        if ((rc = close_list(c, err))) return rc;
        snprintf(c->village, sizeof c->village, "%s", h->village);
        char path[4200];
        if ((size_t)snprintf(path, sizeof path, "%s/%s.xlsx", c->dir,
                             h->village) >= sizeof path)
            return kh_error_msg(err, KH_ERR_USAGE, "usage", "路径过长",
                                "path too long");
        if ((rc =
                 kh_tabwriter_open(path, KH_TAB_XLSX, KH_ENC_UTF8, &c->w, err)))
            return rc;
        if ((rc = kh_tabwriter_sheet(c->w, h->village, err))) return rc;
        const char *cells[KH_SV_COUNT + N_EXTRA];
        char types[KH_SV_COUNT + N_EXTRA + 1];
        size_t n = 0;
        cells[n++] = kh_survey_cols[KH_SV_HH_ID].zh;
        for (int i = 0; i < N_EXTRA; i++)
            cells[n++] = list_extra[i];
        for (int i = 1; i < KH_SV_COUNT; i++)
            cells[n++] = kh_survey_cols[i].zh;
        memset(types, 'h', n);
        types[n] = '\0';
        if ((rc = kh_tabwriter_row(c->w, cells, types, n, err))) return rc;
        kh_tabwriter_width(c->w, 0, 22);
        kh_tabwriter_width(c->w, 3, 22);
        c->files++;
    }
    if (!h->hh_id) return KH_OK;
    char persons[24];
    snprintf(persons, sizeof persons, "%lld", h->persons);
    const char *cells[KH_SV_COUNT + N_EXTRA];
    size_t n = 0;
    cells[n++] = h->hh_id;
    cells[n++] = group_zh[h->group];
    cells[n++] = h->head_name;
    cells[n++] = h->head_id;
    cells[n++] = persons;
    cells[n++] = h->village;
    cells[n++] = h->village_name;
    for (int i = 1; i < KH_SV_COUNT; i++)
        cells[n++] = "";
    c->rows++;
    return kh_tabwriter_row(c->w, cells, NULL, n, err);
}

static int cmd_lists(const sopts *o)
{
    const char *db = o->db, *out = o->out,
               *format = o->format ? o->format : "xlsx";
    if (!out) return cli_usage("需要 --out DIR", "--out DIR is required");
    int want_xlsx = !strcmp(format, "xlsx") || !strcmp(format, "both");
    int want_pdf = !strcmp(format, "pdf") || !strcmp(format, "both");
    if (!want_xlsx && !want_pdf)
        return cli_usage("lists 的 --format 只能是 xlsx、pdf 或 both",
                         "lists: --format must be xlsx, pdf or both");
    long long id;
    if (design_id(o, &id)) return CLI_FAIL;
    kh_error err;
    kh_error_clear(&err);
    kh_store *store = NULL;
    kh_design d;
    memset(&d, 0, sizeof d);
    lists_ctx c;
    memset(&c, 0, sizeof c);
    c.dir = out;
    c.xlsx = want_xlsx;
    c.pdf = want_pdf;
    cli_maker(c.who, c.when);
    int status = CLI_FAIL;
    if (kh_store_open(db, KH_STORE_READONLY, &store, &err) ||
        kh_design_get(store, id, &d, &err) || make_dir(out, &err)) {
        cli_report_error(&err);
        goto done;
    }
    c.v.design = d.id;
    c.v.year = d.year;
    if (kh_design_drawn(store, d.id, 1, on_list, &c, &err) ||
        close_list(&c, &err) || flush_pdf(&c, &err)) {
        cli_report_error(&err);
        goto done;
    }
    fprintf(stderr,
            "kaohe: 抽样方案 %lld:%lld 个村的入户调查表(共 %lld 户)→ %s\n"
            "kaohe: design %lld: field lists of %lld villages (%lld "
            "households) written to %s\n",
            d.id, c.files, c.rows, out, d.id, c.files, c.rows, out);
    if (c.pdf)
        fprintf(stderr,
                "kaohe: PDF 调查表 %lld 份,共 %lld 页 / %lld PDF lists, "
                "%lld pages\n",
                c.pdfs, c.pages, c.pdfs, c.pages);
    status = CLI_OK;
done:
    kh_tabwriter_free(c.w);
    village_clear(&c.v);
    free(c.v.hh);
    free(d.report);
    kh_store_close(store);
    return status;
}

/* ------------------------------------------------------------------ */
/* estimate */

enum { SET_WRONG = 0, SET_MISSED = 1, SET_APPROVAL = 2 };

typedef struct stratum_info {
    kh_design_stratum st;
    char name[64];
    int western;
} stratum_info;

typedef struct est_ctx {
    stratum_info *s;
    size_t ns, caps;
    kh_sample_unit *u;
    size_t nu, capu;
    long long psu;
    char last_village[13];
    long long surveyed, drawn, not_judged;
    kh_regionset *regions;
    kh_sample_unit *tmp; /* a row's units, strata collapsed (c->nu) */
} est_ctx;

static int on_stratum(void *ctx, const kh_design_stratum *st, const char *name,
                      kh_error *err)
{
    est_ctx *c = ctx;
    if (c->ns == c->caps) {
        size_t cap = c->caps ? 2 * c->caps : 64;
        stratum_info *n = realloc(c->s, cap * sizeof *n);
        if (!n)
            return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                                "out of memory");
        c->s = n;
        c->caps = cap;
    }
    stratum_info *x = &c->s[c->ns++];
    x->st = *st;
    snprintf(x->name, sizeof x->name, "%s", name);
    x->western = 0;
    return KH_OK;
}

static int add_unit(est_ctx *c, kh_sample_unit u, kh_error *err)
{
    if (c->nu == c->capu) {
        size_t cap = c->capu ? 2 * c->capu : 4096;
        kh_sample_unit *n = realloc(c->u, cap * sizeof *n);
        if (!n)
            return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                                "out of memory");
        c->u = n;
        c->capu = cap;
    }
    c->u[c->nu++] = u;
    return KH_OK;
}

static int stratum_of(const est_ctx *c, const char *county)
{
    /* Strata and drawn households both come in county order. */
    size_t lo = 0, hi = c->ns;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int cmp = strcmp(c->s[mid].st.county, county);
        if (!cmp) return (int)mid;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static int on_drawn(void *ctx, const kh_drawn *h, kh_error *err)
{
    est_ctx *c = ctx;
    int s = stratum_of(c, h->county);
    if (s < 0)
        return kh_error_set(err, KH_ERR_DB, "design_broken",
                            "抽样方案缺少县 %s", "the design lacks county %s",
                            h->county);
    int rc = KH_OK;
    if (strcmp(c->last_village, h->village) != 0) {
        snprintf(c->last_village, sizeof c->last_village, "%s", h->village);
        c->psu++;
        rc = add_unit(c, (kh_sample_unit){s, c->psu, -1, 0, 0, 0}, err);
    }
    if (rc || !h->hh_id) return rc;
    c->drawn++;
    if (!h->has_survey) return KH_OK;
    if (h->unknown) {
        c->not_judged++;
        return KH_OK;
    }
    c->surveyed++;
    /* Weight: 1 / (pi * responding / N) in the village's group. */
    double w = (double)h->N / (h->pi * (double)h->surveyed);
    double persons = (double)h->persons;
    if (h->group == KH_G_EXITED)
        rc = add_unit(c,
                      (kh_sample_unit){s, c->psu, SET_WRONG, w,
                                       h->fails ? persons : 0, persons},
                      err);
    else if (h->group == KH_G_ROSTER)
        rc = add_unit(c,
                      (kh_sample_unit){s, c->psu, SET_MISSED, w,
                                       h->fails ? persons : 0, persons},
                      err);
    if (!rc && h->approves >= 0)
        rc = add_unit(c,
                      (kh_sample_unit){s, c->psu, SET_APPROVAL, w,
                                       h->approves ? 1 : 0, 1},
                      err);
    return rc;
}

typedef struct measure {
    kh_sample_est e;
    int verdict; /* enum kh_verdict */
    int ok;      /* 1 meets the standard, 0 fails, -1 unclear/unknown */
    double threshold;
    long long needed; /* households that would decide an unclear one */
} measure;

typedef struct row_est {
    int level; /* KH_LV_COUNTY or the region's */
    const char *code, *name;
    measure m[4]; /* wrong, missed, approval, incidence */
    long long households;
    /* Strata of one village collapsed into a neighbour (indexes). */
    size_t ncollapsed;
    int from[16], into[16];
} row_est;

static const char *const measure_key[4] = {"wrong_exit", "missed", "approval",
                                           "incidence"};
static const char *const measure_zh[4] = {"错退率", "漏评率", "群众认可度",
                                          "综合贫困发生率"};

static void judge(measure *m, int at_least, double conf)
{
    m->verdict = kh_sample_decide(&m->e, m->threshold, at_least);
    m->needed = m->verdict == KH_V_UNCLEAR
                    ? kh_sample_needed(&m->e, m->threshold, at_least, conf)
                    : -1;
    if (m->verdict == KH_V_UNKNOWN || m->verdict == KH_V_UNCLEAR)
        m->ok = -1;
    else if (at_least)
        m->ok = m->verdict == KH_V_ABOVE;
    else
        m->ok = m->verdict == KH_V_BELOW;
}

static const char *ok_zh(int ok)
{
    return ok == 1 ? "达标" : ok == 0 ? "不达标" : "无法区分";
}
static const char *ok_en(int ok)
{
    return ok == 1 ? "meets" : ok == 0 ? "fails" : "unclear";
}

static int western_of(const kh_regionset *rs, const char *code)
{
    const kh_region *r = kh_regionset_find(rs, code);
    for (int depth = 0; r && depth < 6; depth++) {
        if (r->western >= 0) return r->western;
        if (!r->parent[0]) break;
        r = kh_regionset_find(rs, r->parent);
    }
    return 0;
}

/* The estimates over strata [s0, s1) (a county, the counties of a city,
 * or all): the same ratio estimator on that subset of the units. */
static void estimate_row(const est_ctx *c, const kh_standard *std, size_t s0,
                         size_t s1, double conf, int method, row_est *r)
{
    long long poor = 0, exited = 0, roster = 0;
    int western = 0;
    for (size_t i = s0; i < s1; i++) {
        poor += c->s[i].st.persons[KH_G_POOR];
        exited += c->s[i].st.persons[KH_G_EXITED];
        roster += c->s[i].st.persons[KH_G_ROSTER];
        western |= c->s[i].western;
    }
    r->m[0].threshold = std_rate(std, "county_exit.wrong_exit_max", 0.02);
    r->m[1].threshold = std_rate(std, "county_exit.missed_max", 0.02);
    r->m[2].threshold = std_rate(std, "county_exit.approval_min", 0.9);
    r->m[3].threshold =
        western ? std_rate(std, "county_exit.incidence_max_western", 0.03)
                : std_rate(std, "county_exit.incidence_max", 0.02);
    /* Units come sorted by stratum: the strata's are one run of them. */
    size_t lo = 0, hi = c->nu;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if ((size_t)c->u[mid].stratum < s0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < c->nu && (size_t)c->u[end].stratum < s1)
        end++;
    const kh_sample_unit *u = c->u + lo;
    size_t nu = end - lo;
    if (s1 - s0 > 1 && c->tmp) {
        /* Several strata: one with a single village drawn is collapsed
         * with its neighbour so that the row has a variance. */
        memcpy(c->tmp, u, nu * sizeof *u);
        r->ncollapsed = kh_sample_collapse(c->tmp, nu, r->from, r->into, 16);
        u = c->tmp;
    }
    for (int k = 0; k < 3; k++)
        kh_sample_ratio(u, nu, k, -1, conf, &r->m[k].e);
    const int sets[2] = {SET_WRONG, SET_MISSED};
    const double a[2] = {(double)exited, (double)roster};
    kh_sample_combine(u, nu, -1, sets, a, 2, (double)poor,
                      (double)(poor + exited + roster), conf, &r->m[3].e);
    /* With no event the design effect cannot be seen: the design's is
     * assumed, 1 + (mbar - 1) rho with the standards' sample.icc. */
    double icc = std_rate(std, "sample.icc", 0.02);
    for (int k = 0; k < 4; k++) {
        kh_sample_est *e = &r->m[k].e;
        double mbar = e->psus > 0 ? (double)e->units / (double)e->psus : 1;
        if (k == 3) mbar = 1;
        kh_sample_interval(e, method, conf,
                           1 + (mbar > 1 ? mbar - 1 : 0) * icc);
        judge(&r->m[k], k == 2, conf);
    }
    r->households = 0;
    for (size_t i = 0; i < nu; i++)
        if (u[i].set >= 0 && u[i].set != SET_APPROVAL) r->households++;
}

static void fmt_pct(char *out, size_t n, double x)
{
    if (isnan(x))
        snprintf(out, n, "-");
    else
        snprintf(out, n, "%.2f%%", 100 * x);
}

static const char *method_zh(int method)
{
    return method == KH_CI_LOGIT  ? "logit-t"
           : method == KH_CI_WALD ? "Wald-t"
                                  : "Korn-Graubard";
}

static int print_text(FILE *fp, const row_est *r)
{
    fprintf(fp, "%s %s (%s %lld 户 / households)\n", r->code, r->name,
            r->level == KH_LV_COUNTY ? "县 county" : "全区域 region",
            r->households);
    for (int k = 0; k < 4; k++) {
        const measure *m = &r->m[k];
        char est[32], lo[32], hi[32], thr[32];
        fmt_pct(est, sizeof est, m->e.x_hat > 0 ? m->e.r : NAN);
        fmt_pct(lo, sizeof lo, m->e.lo);
        fmt_pct(hi, sizeof hi, m->e.hi);
        fmt_pct(thr, sizeof thr, m->threshold);
        fprintf(fp, "  %-14s %8s  [%s, %s]  %s %s  %s / %s", measure_zh[k], est,
                lo, hi, k == 2 ? ">=" : "<", thr, ok_zh(m->ok), ok_en(m->ok));
        if (m->needed > 0)
            fprintf(fp, "  (若比率不变,约需调查 %lld 户可判定)", m->needed);
        fputc('\n', fp);
        if (isnan(m->e.lo)) continue;
        /* What the interval rests on: households, events, the design
         * effect (never below 1: rho truncated at 0), the effective size,
         * the degrees of freedom and the method. */
        fprintf(fp, "      ");
        if (k < 3)
            fprintf(fp, "调查 %lld 户,事件 %lld 户;", m->e.units, m->e.events);
        else
            fprintf(fp, "由错退率、漏评率和未脱贫人口合成;");
        double mbar =
            m->e.psus > 0 ? (double)m->e.units / (double)m->e.psus : 0;
        if (m->e.deff_used >= 1) {
            fprintf(fp, "设计效应 %.2f", m->e.deff_used);
            if (m->e.deff_prior_used)
                fprintf(fp, "(样本看不出设计效应:无事件、全为事件或方差为 0,按 sample.icc 假定)");
            else if (m->e.deff_truncated)
                fprintf(fp, "(估计的村内相关系数为负,截断为 0)");
            else if (mbar > 1 && (m->e.deff_used - 1) / (mbar - 1) <= 1)
                fprintf(fp, "(村内相关系数约 %.3f)",
                        (m->e.deff_used - 1) / (mbar - 1));
            fprintf(fp, ";");
        }
        fprintf(fp, "有效样本量 %.1f;自由度 %.0f;%s 区间", m->e.n_eff,
                m->e.df, method_zh(m->e.method));
        if (m->e.fallback)
            fprintf(fp, "(所选方法在此给出零宽度区间,改用 Korn-Graubard)");
        fputc('\n', fp);
    }
    return 0;
}

static int csv_num(kh_buf *b, double x, int prec)
{
    int bf = 0;
    if (isnan(x) || isinf(x))
        bf |= kh_buf_adds(b, ",");
    else
        bf |= kh_buf_printf(b, ",%.*f", prec, x);
    return bf;
}

static int csv_row(kh_buf *b, const row_est *r)
{
    int bf = 0;
    bf |= kh_buf_printf(b, "%s,%s,\"%s\",%lld",
                        r->level == KH_LV_COUNTY ? "county" : "region", r->code,
                        r->name, r->households);
    for (int k = 0; k < 4; k++) {
        const measure *m = &r->m[k];
        int have = m->e.x_hat > 0;
        bf |= csv_num(b, have ? m->e.r : NAN, 6);
        bf |= csv_num(b, m->e.y_hat, 2);
        bf |= csv_num(b, m->e.x_hat, 2);
        bf |= csv_num(b, m->e.se >= 0 ? m->e.se : NAN, 6);
        bf |= csv_num(b, m->e.lo, 6);
        bf |= csv_num(b, m->e.hi, 6);
        bf |= csv_num(b, m->threshold, 4);
        bf |= kh_buf_printf(b, ",%s", kh_verdict_name(m->verdict));
    }
    /* What each interval rests on, after the figures (columns added at
     * the end so that the older columns keep their places). */
    for (int k = 0; k < 4; k++) {
        const measure *m = &r->m[k];
        bf |= kh_buf_printf(b, ",%lld,", m->e.units);
        if (m->e.events >= 0) bf |= kh_buf_printf(b, "%lld", m->e.events);
        bf |= csv_num(b, m->e.deff_used >= 1 ? m->e.deff_used : NAN, 4);
        bf |= kh_buf_printf(b, ",%s",
                            m->e.deff_prior_used  ? "assumed"
                            : m->e.deff_truncated ? "truncated"
                                                  : "");
        bf |= csv_num(b, isnan(m->e.lo) ? NAN : m->e.n_eff, 2);
        bf |= csv_num(b, m->e.df, 0);
        bf |= kh_buf_printf(b, ",%s", kh_ci_method_name(m->e.method));
        if (m->needed > 0)
            bf |= kh_buf_printf(b, ",%lld", m->needed);
        else
            bf |= kh_buf_adds(b, ",");
    }
    bf |= kh_buf_adds(b, "\n");
    return bf;
}

static int json_row(kh_buf *b, const row_est *r, int first)
{
    int bf = 0;
    bf |=
        kh_buf_printf(b,
                      "%s\n  {\"level\": \"%s\", \"code\": \"%s\", "
                      "\"name\": ",
                      first ? "" : ",",
                      r->level == KH_LV_COUNTY ? "county" : "region", r->code);
    bf |= kh_buf_json_str(b, r->name, strlen(r->name));
    bf |= kh_buf_printf(b, ", \"households\": %lld", r->households);
    for (int k = 0; k < 4; k++) {
        const measure *m = &r->m[k];
        bf |= kh_buf_printf(b, ", \"%s\": {", measure_key[k]);
        if (m->e.x_hat > 0)
            bf |= kh_buf_printf(b, "\"rate\": %.6f, ", m->e.r);
        else
            bf |= kh_buf_adds(b, "\"rate\": null, ");
        bf |= kh_buf_printf(b, "\"num\": %.2f, \"den\": %.2f, ", m->e.y_hat,
                            m->e.x_hat);
        if (m->e.se >= 0 && !isnan(m->e.lo))
            bf |= kh_buf_printf(b, "\"se\": %.6f, \"lo\": %.6f, \"hi\": %.6f, ",
                                m->e.se, m->e.lo, m->e.hi);
        else
            bf |= kh_buf_adds(b, "\"se\": null, \"lo\": null, \"hi\": null, ");
        if (m->e.deff > 0)
            bf |= kh_buf_printf(b, "\"deff_seen\": %.4f, ", m->e.deff);
        if (m->e.deff_used >= 1)
            bf |= kh_buf_printf(b,
                                "\"deff\": %.4f, \"deff_note\": \"%s\", "
                                "\"n_eff\": %.2f, ",
                                m->e.deff_used,
                                m->e.deff_prior_used  ? "assumed"
                                : m->e.deff_truncated ? "truncated"
                                                      : "",
                                m->e.n_eff);
        bf |= kh_buf_printf(b, "\"surveyed\": %lld, ", m->e.units);
        if (m->e.events >= 0)
            bf |= kh_buf_printf(b, "\"events\": %lld, ", m->e.events);
        bf |= kh_buf_printf(b, "\"method\": \"%s\", ",
                            kh_ci_method_name(m->e.method));
        if (m->needed > 0)
            bf |= kh_buf_printf(b, "\"needed\": %lld, ", m->needed);
        bf |= kh_buf_printf(b,
                            "\"df\": %.0f, \"threshold\": %.4f, "
                            "\"verdict\": \"%s\"}",
                            m->e.df, m->threshold, kh_verdict_name(m->verdict));
    }
    bf |= kh_buf_adds(b, "}");
    return bf;
}

/* ---- the assessment's inputs file (docs/assess.md, "The inputs file") */

/* Digits of a region code that name it at its level. */
static size_t prefix_len(int level)
{
    int n = kh_region_prefix_len(level);
    return n ? (size_t)n : 12;
}

static int cmp_code(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A rate as an exact decimal the inputs parser takes; "" when none. */
static void input_cell(char *out, size_t n, const measure *m)
{
    if (!(m->e.x_hat > 0) || isnan(m->e.r))
        out[0] = '\0';
    else
        snprintf(out, n, "%.6f", m->e.r);
}

/* A design of a region estimates the regions at its level and below, not
 * the whole of the region above it. */
static int level_covered(const kh_design *d, int level, kh_error *err)
{
    int dl = kh_region_code_level(d->region, strlen(d->region));
    if (level < dl)
        return kh_error_set(err, KH_ERR_USAGE, "level_above_design",
                            "抽样方案 %lld 只覆盖 %s,不能估计整个%s级区划",
                            "design %lld covers %s only, not a whole region "
                            "of level %s",
                            d->id, d->region, kh_level_name(level));
    return KH_OK;
}

/*
 * One row per region of level under the design's region (from the region
 * list, and every region the strata fall in): 区划代码, 名称, the rates as
 * the schemes' inputs name them, the date of the step 第三方评估. A region
 * whose strata are not in the design, or without a household of a
 * measure, has the cell empty (the assessment then says it is missing).
 */
static int write_inputs(const est_ctx *c, const kh_standard *std,
                        const kh_design *d, int level, int method,
                        const char *out, kh_error *err)
{
    int dl = kh_region_code_level(d->region, strlen(d->region));
    size_t dp = prefix_len(dl), lp = prefix_len(level);
    /* the regions: those of the list, then those of the strata */
    size_t nr = kh_regionset_count(c->regions), n = 0;
    const char **codes = malloc((nr + c->ns + 1) * sizeof *codes);
    char (*own)[13] = malloc((c->ns + 1) * sizeof *own);
    kh_tabwriter *w = NULL;
    int rc = KH_OK;
    if (!codes || !own) {
        rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                          "out of memory");
        goto out;
    }
    for (size_t i = 0; i < nr; i++) {
        const kh_region *r = kh_regionset_at(c->regions, i);
        if (r->level == level && !strncmp(r->code, d->region, dp))
            codes[n++] = r->code;
    }
    for (size_t i = 0; i < c->ns; i++) {
        memcpy(own[i], c->s[i].st.county, lp);
        memset(own[i] + lp, '0', 12 - lp);
        own[i][12] = '\0';
        codes[n++] = own[i];
    }
    qsort(codes, n, sizeof *codes, cmp_code);
    /* the approval's name: central-province-2016 (the province level)
     * calls it satisfaction, the Hebei schemes recognition */
    const char *approval = level == KH_LV_PROVINCE
                               ? "satisfaction 群众满意度(第三方评估)"
                               : "recognition 群众认可度(第三方评估)";
    const char *head[6] = {"区划代码", "名称", "wrong_exit 错退率(第三方评估)",
                           "missed 漏评率(第三方评估)", approval,
                           "日期:第三方评估"};
    size_t ol = strlen(out);
    int xlsx = ol > 5 && !strcmp(out + ol - 5, ".xlsx");
    if ((rc = kh_tabwriter_open(out, xlsx ? KH_TAB_XLSX : KH_TAB_CSV,
                                KH_ENC_UTF8, &w, err)))
        goto out;
    if ((rc = kh_tabwriter_row(w, head, "hhhhhh", 6, err))) goto out;
    int t[3];
    cli_today(t);
    char today[16];
    snprintf(today, sizeof today, "%04d-%02d-%02d", t[0], t[1], t[2]);
    long long rows = 0, empty = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        if (i && !strcmp(codes[i], codes[i - 1])) continue;
        /* the strata in the region: a run of them (code order) */
        size_t s0 = 0;
        while (s0 < c->ns && strncmp(c->s[s0].st.county, codes[i], lp) < 0)
            s0++;
        size_t s1 = s0;
        while (s1 < c->ns && !strncmp(c->s[s1].st.county, codes[i], lp))
            s1++;
        const kh_region *reg = kh_regionset_find(c->regions, codes[i]);
        const char *name = reg && reg->name ? reg->name
                           : s1 == s0 + 1 && level == KH_LV_COUNTY
                               ? c->s[s0].name
                               : "";
        char v[3][32];
        v[0][0] = v[1][0] = v[2][0] = '\0';
        if (s1 > s0) {
            row_est r;
            memset(&r, 0, sizeof r);
            estimate_row(c, std, s0, s1, d->confidence, method, &r);
            for (int k = 0; k < 3; k++)
                input_cell(v[k], sizeof v[k], &r.m[k]);
        }
        if (!v[0][0] || !v[1][0] || !v[2][0]) empty++;
        int any = v[0][0] || v[1][0] || v[2][0];
        const char *cells[6] = {codes[i], name, v[0], v[1], v[2],
                                any ? today : ""};
        rc = kh_tabwriter_row(w, cells, "ssnnns", 6, err);
        rows++;
    }
    if (!rc) {
        kh_tabwriter *x = w;
        w = NULL;
        rc = kh_tabwriter_close(x, err);
    }
    if (!rc)
        fprintf(stderr,
                "kaohe: 考核录入表:%lld 个%s级区划(%lld 个缺少估计值)→ %s\n"
                "kaohe: assessment inputs: %lld regions of level %s (%lld "
                "without an estimate) written to %s\n",
                rows, kh_level_name(level), empty, out, rows,
                kh_level_name(level), empty, out);
out:
    kh_tabwriter_free(w);
    free(codes);
    free(own);
    return rc;
}

/* ---- nonresponse (also called by `import survey`) ---- */

typedef struct resp_ctx {
    FILE *fp;
    const char *prefix;
    double min;
    long warnings;
    char village[13], vname[96];
    int group;
    long long g_drawn, g_resp, v_drawn, v_resp;
} resp_ctx;

static const char *const resp_group_zh[4] = {"", "已脱贫", "未脱贫", "非建档立卡"};

static void resp_flush_group(resp_ctx *c)
{
    if (c->group <= 0) return;
    if (kh_sample_response(c->g_drawn, c->g_resp, c->min) == KH_RESP_LOW &&
        c->g_resp > 0) {
        fprintf(c->fp,
                "%s应答率低 / low response: 样本村 %s %s %s户 %lld 户中仅 "
                "%lld 户有可用调查(低于 %.0f%%)/ %lld of %lld households "
                "of group %d responded (below %.0f%%)\n",
                c->prefix, c->village, c->vname,
                resp_group_zh[c->group & 3], c->g_drawn, c->g_resp, 100 * c->min,
                c->g_resp, c->g_drawn, c->group, 100 * c->min);
        c->warnings++;
    }
    c->v_drawn += c->g_drawn;
    c->v_resp += c->g_resp;
    c->group = 0;
}

static void resp_flush_village(resp_ctx *c)
{
    resp_flush_group(c);
    if (c->village[0] &&
        kh_sample_response(c->v_drawn, c->v_resp, c->min) == KH_RESP_NONE) {
        fprintf(c->fp,
                "%s无应答村 / village without respondents: 样本村 %s %s 抽中 "
                "%lld 户,无一户有可用调查,该村不进入估计 / none of its %lld "
                "households drawn has a usable survey; the village is left "
                "out of the estimates\n",
                c->prefix, c->village, c->vname, c->v_drawn, c->v_drawn);
        c->warnings++;
    }
    c->v_drawn = c->v_resp = 0;
    c->village[0] = '\0';
}

static int on_resp(void *ctx, const kh_drawn *h, kh_error *err)
{
    (void)err;
    resp_ctx *c = ctx;
    if (strcmp(c->village, h->village) != 0) {
        resp_flush_village(c);
        snprintf(c->village, sizeof c->village, "%s", h->village);
        snprintf(c->vname, sizeof c->vname, "%s",
                 h->village_name ? h->village_name : "");
    }
    if (!h->hh_id) return KH_OK;
    if (h->group != c->group) {
        resp_flush_group(c);
        c->group = h->group;
        c->g_drawn = h->drawn;
        c->g_resp = h->surveyed;
    }
    return KH_OK;
}

int cli_sample_response(kh_store *store, const kh_standard *std,
                        long long design, FILE *fp, const char *prefix,
                        long *warnings, kh_error *err)
{
    resp_ctx c;
    memset(&c, 0, sizeof c);
    c.fp = fp;
    c.prefix = prefix ? prefix : "";
    c.min = std_rate(std, "sample.response_min", 0.8);
    int rc = kh_design_drawn(store, design, 0, on_resp, &c, err);
    if (rc) return rc;
    resp_flush_village(&c);
    if (warnings) *warnings = c.warnings;
    return KH_OK;
}

static int cmd_estimate(const sopts *o)
{
    const char *db = o->db, *std_file = o->standards,
               *format = o->format ? o->format : "text", *out = o->out,
               *level_s = o->level;
    int method = KH_CI_KORN_GRAUBARD;
    if (o->ci && (method = kh_ci_method_parse(o->ci)) < 0)
        return cli_usage("--ci 只能是 korn-graubard、logit 或 wald",
                         "--ci must be korn-graubard, logit or wald");
    int inputs = !strcmp(format, "inputs"), fmt = CLI_FMT_CSV;
    if (!inputs && (fmt = cli_parse_format(format)) < 0) return CLI_FAIL;
    if (fmt == CLI_FMT_XLSX)
        return cli_usage("estimate 支持 text、json、csv、inputs",
                         "estimate writes text, json, csv or inputs");
    int level = KH_LV_COUNTY;
    if (level_s && !inputs)
        return cli_usage("--level 只用于 --format inputs",
                         "--level goes with --format inputs");
    if (level_s) {
        level = kh_level_parse(level_s, strlen(level_s));
        if (level != KH_LV_PROVINCE && level != KH_LV_CITY &&
            level != KH_LV_COUNTY)
            return cli_usage("--level 只能是 省、市 或 县",
                             "--level must be 省, 市 or 县");
    }
    long long id;
    if (design_id(o, &id)) return CLI_FAIL;
    kh_standard *std = cli_standard(std_file);
    if (!std) return CLI_FAIL;
    kh_error err;
    kh_error_clear(&err);
    kh_store *store = NULL;
    kh_design d;
    memset(&d, 0, sizeof d);
    est_ctx c;
    memset(&c, 0, sizeof c);
    kh_buf b = KH_BUF_INIT;
    row_est *rows = NULL;
    int status = CLI_FAIL, bf = 0;
    if (kh_store_open(db, KH_STORE_READONLY, &store, &err) ||
        kh_design_get(store, id, &d, &err) ||
        kh_design_strata(store, d.id, on_stratum, &c, &err) ||
        kh_regionset_new(&c.regions, &err) ||
        kh_store_regions_load(store, c.regions, &err) ||
        kh_design_drawn(store, d.id, 0, on_drawn, &c, &err) ||
        (inputs && level_covered(&d, level, &err))) {
        cli_report_error(&err);
        goto done;
    }
    if (c.surveyed == 0) {
        kh_error_set(&err, KH_ERR_NOTFOUND, "survey_missing",
                     "抽样方案 %lld 还没有可用的调查结果,请先运行 kaohe "
                     "import survey FILE",
                     "design %lld has no usable survey yet: run `kaohe "
                     "import survey FILE` first",
                     d.id);
        cli_report_error(&err);
        goto done;
    }
    for (size_t i = 0; i < c.ns; i++)
        c.s[i].western = western_of(c.regions, c.s[i].st.county);
    c.tmp = malloc((c.nu ? c.nu : 1) * sizeof *c.tmp);
    if (!c.tmp) {
        kh_error_msg(&err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
        cli_report_error(&err);
        goto done;
    }
    /* Nonresponse and collapsed strata: warnings (stderr, and the text
     * report's end). */
    if (cli_sample_response(store, std, d.id, stderr, "kaohe: ", NULL, &err)) {
        cli_report_error(&err);
        goto done;
    }
    if (inputs) {
        if (write_inputs(&c, std, &d, level, method, out ? out : "-", &err)) {
            cli_report_error(&err);
            goto done;
        }
        status = CLI_OK;
        goto done;
    }
    rows = calloc(c.ns + 1, sizeof *rows);
    if (!rows) goto done;
    const kh_region *reg = kh_regionset_find(c.regions, d.region);
    for (size_t i = 0; i <= c.ns; i++) {
        row_est *r = &rows[i];
        int s = i < c.ns ? (int)i : -1;
        r->level = s >= 0 ? KH_LV_COUNTY
                          : kh_region_code_level(d.region, strlen(d.region));
        r->code = s >= 0 ? c.s[i].st.county : d.region;
        r->name = s >= 0 ? c.s[i].name : reg && reg->name ? reg->name : "";
        estimate_row(&c, std, s >= 0 ? i : 0, s >= 0 ? i + 1 : c.ns,
                     d.confidence, method, r);
    }
    if (fmt == CLI_FMT_TEXT) {
        bf |= kh_buf_printf(
            &b,
            "抽样方案 / design %lld (%d, %s): 抽中 %lld 户,有效调查 %lld "
            "户,无法判定 %lld 户 / %lld drawn, %lld surveyed, %lld not "
            "judged\n置信度 / confidence %.4g;方差按最终抽样单元(村)估计;"
            "达标须区间上限不超过阈值(认可度:下限不低于阈值),不达标须下限"
            "超过阈值,否则无法区分\n\n",
            d.id, d.year, d.region, c.drawn, c.surveyed, c.not_judged, c.drawn,
            c.surveyed, c.not_judged, d.confidence);
    } else if (fmt == CLI_FMT_CSV) {
        bf |= kh_buf_adds(&b, "level,code,name,households");
        for (int k = 0; k < 4; k++)
            bf |= kh_buf_printf(&b,
                                ",%s_rate,%s_num,%s_den,%s_se,%s_lo,%s_hi,"
                                "%s_threshold,%s_verdict",
                                measure_key[k], measure_key[k], measure_key[k],
                                measure_key[k], measure_key[k], measure_key[k],
                                measure_key[k], measure_key[k]);
        for (int k = 0; k < 4; k++)
            for (int j = 0; j < 8; j++) {
                static const char *const tail[8] = {
                    "surveyed", "events", "deff", "deff_note",
                    "n_eff",    "df",     "method", "needed"};
                bf |= kh_buf_printf(&b, ",%s_%s", measure_key[k], tail[j]);
            }
        bf |= kh_buf_adds(&b, "\n");
    } else {
        bf |= kh_buf_printf(&b,
                            "{\"design\": %lld, \"year\": %d, \"region\": "
                            "\"%s\", \"confidence\": %.4f, \"drawn\": %lld, "
                            "\"surveyed\": %lld, \"not_judged\": %lld, "
                            "\"rows\": [",
                            d.id, d.year, d.region, d.confidence, c.drawn,
                            c.surveyed, c.not_judged);
    }
    for (size_t i = 0; i <= c.ns; i++) {
        /* The region last (after its counties). */
        const row_est *r = &rows[i];
        if (fmt == CLI_FMT_CSV)
            bf |= csv_row(&b, r);
        else if (fmt == CLI_FMT_JSON)
            bf |= json_row(&b, r, i == 0);
    }
    if (fmt == CLI_FMT_JSON) bf |= kh_buf_adds(&b, "\n]}\n");
    if (bf) {
        kh_error_msg(&err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
        cli_report_error(&err);
        goto done;
    }
    FILE *fp = stdout;
    if (out && !(fp = fopen(out, "w"))) {
        kh_error_set(&err, KH_ERR_IO, "io", "无法写入文件",
                     "cannot write the "
                     "file");
        kh_error_at(&err, out, 0, 0, NULL);
        cli_report_error(&err);
        goto done;
    }
    if (b.data) fputs(b.data, fp);
    if (fmt == CLI_FMT_TEXT)
        for (size_t i = 0; i <= c.ns; i++)
            print_text(fp, &rows[i]);
    for (size_t i = 0; i <= c.ns; i++)
        for (size_t j = 0; j < rows[i].ncollapsed && j < 16; j++) {
            const stratum_info *a = &c.s[rows[i].from[j]];
            const stratum_info *t = &c.s[rows[i].into[j]];
            FILE *w = fmt == CLI_FMT_TEXT ? fp : stderr;
            fprintf(w,
                    "%s单村层合并 / collapsed stratum: %s %s 只抽中 1 个村,"
                    "%s %s 的方差按与 %s %s 合并的层计算 / %s has a single "
                    "village drawn; for %s's variance it is pooled with %s\n",
                    w == stderr ? "kaohe: " : "", a->st.county, a->name,
                    rows[i].code, rows[i].name, t->st.county, t->name,
                    a->st.county, rows[i].code, t->st.county);
        }
    if (fmt == CLI_FMT_TEXT &&
        cli_sample_response(store, std, d.id, fp, "", NULL, &err)) {
        cli_report_error(&err);
        goto done;
    }
    if (fp != stdout && fclose(fp) != 0) {
        kh_error_set(&err, KH_ERR_IO, "io", "写入失败", "write failed");
        kh_error_at(&err, out, 0, 0, NULL);
        cli_report_error(&err);
        goto done;
    }
    status = CLI_OK;
done:
    free(rows);
    kh_buf_free(&b);
    free(c.s);
    free(c.u);
    free(c.tmp);
    kh_regionset_free(c.regions);
    free(d.report);
    kh_store_close(store);
    kh_standard_free(std);
    return status;
}

/* ------------------------------------------------------------------ */
/* weights: every surveyed household with its weight (the drill-down) */

static int on_weight(void *ctx, const kh_drawn *h, kh_error *err)
{
    kh_buf *b = ctx;
    if (!h->hh_id) return KH_OK;
    int rc = kh_buf_printf(b, "%s,%s,%s,%d,%.6f,%lld,%lld,%lld,", h->county,
                           h->village, h->hh_id, h->group, h->pi, h->N,
                           h->drawn, h->surveyed);
    if (!rc && h->has_survey && !h->unknown)
        rc = kh_buf_printf(b, "%.6f,%lld,%d,%s,\"%s\"\n",
                           (double)h->N / (h->pi * (double)h->surveyed),
                           h->persons, h->fails,
                           h->approves < 0 ? ""
                           : h->approves   ? "1"
                                           : "0",
                           h->reasons);
    else if (!rc)
        rc = kh_buf_printf(b, ",%lld,,,\n", h->persons);
    if (rc)
        return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                            "out of memory");
    return KH_OK;
}

static int cmd_weights(const sopts *o)
{
    const char *db = o->db;
    long long id;
    if (design_id(o, &id)) return CLI_FAIL;
    kh_error err;
    kh_error_clear(&err);
    kh_store *store = NULL;
    kh_design d;
    memset(&d, 0, sizeof d);
    kh_buf b = KH_BUF_INIT;
    int status = CLI_FAIL;
    if (kh_buf_adds(&b, "county,village,hh_id,group,pi,N,drawn,responded,"
                        "weight,persons,fails,approves,reasons\n") ||
        kh_store_open(db, KH_STORE_READONLY, &store, &err) ||
        kh_design_get(store, id, &d, &err) ||
        kh_design_drawn(store, d.id, 0, on_weight, &b, &err)) {
        if (!err.code[0])
            kh_error_msg(&err, KH_ERR_NOMEM, "nomem", "内存不足",
                         "out of memory");
        cli_report_error(&err);
        goto done;
    }
    fputs(b.data, stdout);
    status = CLI_OK;
done:
    kh_buf_free(&b);
    free(d.report);
    kh_store_close(store);
    return status;
}

/* ------------------------------------------------------------------ */
/* simulate */

typedef struct truth_ent {
    char *hh_id;
    int bad, approves, found;
} truth_ent;

typedef struct sim_ctx {
    truth_ent *v;
    size_t cap, n;
} sim_ctx;

static unsigned long long fnv(const char *s)
{
    unsigned long long h = 1469598103934665603ULL;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
    return h;
}

static truth_ent *sim_find(sim_ctx *c, const char *k)
{
    size_t j = fnv(k) & (c->cap - 1);
    while (c->v[j].hh_id) {
        if (!strcmp(c->v[j].hh_id, k)) return &c->v[j];
        j = (j + 1) & (c->cap - 1);
    }
    return NULL;
}

typedef struct collect {
    char **ids;
    size_t n, cap;
} collect;

static int on_collect(void *ctx, const kh_drawn *h, kh_error *err)
{
    collect *c = ctx;
    if (!h->hh_id) return KH_OK;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 1024;
        char **n = realloc(c->ids, cap * sizeof *n);
        if (!n)
            return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                                "out of memory");
        c->ids = n;
        c->cap = cap;
    }
    if (!(c->ids[c->n] = strdup(h->hh_id)))
        return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                            "out of memory");
    c->n++;
    return KH_OK;
}

/* simulate --monte-carlo: the intervals checked on a population of the
 * simulation's own (src/domain/estimate.c, kh_sample_simulate). */
static const char *const mc_names[KH_SIM_RATES] = {
    "错退率(真值即阈值)", "漏评率(稀有)", "错退率(稀有)", "漏评率(较高)",
    "群众认可度"};

static void mc_row(const char *name, const char *where, const kh_sim_tally *t,
                   double truth, double cmin, double cmax, int at_threshold)
{
    double n = t->n > 0 ? (double)t->n : 1;
    double cov = (double)t->covered / n;
    double se = sqrt(cov * (1 - cov) / n);
    char tr[32];
    if (truth >= 0)
        snprintf(tr, sizeof tr, "%.3f%%", 100 * truth);
    else
        snprintf(tr, sizeof tr, "各县的");
    printf("%-22s %-4s %8s %6ld  %6.1f%% ±%.1f%%  %5.1f%% %5.1f%%  %7.3f%%",
           name, where, tr, t->n, 100 * cov, 100 * se,
           100 * (double)t->above / n, 100 * (double)t->below / n,
           100 * t->sum_width / n);
    if (cmax > 0)
        printf("  %.1f%%–%.1f%%", 100 * cmin, 100 * cmax);
    if (at_threshold) {
        double f = (double)t->meets / n;
        printf("  误判达标 %.2f%% ±%.2f%%", 100 * f, 100 * sqrt(f * (1 - f) / n));
    }
    if (t->zero_width) printf("  零宽度 %ld", t->zero_width);
    putchar('\n');
}

static int run_monte_carlo(const sopts *o)
{
    const char *ci_s = o->ci, *icc_s = o->icc, *std_file = o->standards;
    long long n = o->monte_carlo;
    kh_sim_spec sp;
    memset(&sp, 0, sizeof sp);
    sp.counties = 12;
    sp.villages = 60;
    sp.hh_min = 40;
    sp.hh_max = 300;
    sp.k = 10;
    sp.m = 25;
    sp.icc = 0.06;
    sp.samples = (long)n;
    sp.seed = 1;
    sp.method = KH_CI_KORN_GRAUBARD;
    if (o->seed >= 0) sp.seed = (uint64_t)o->seed;
    if (ci_s && (sp.method = kh_ci_method_parse(ci_s)) < 0)
        return cli_usage("--ci 只能是 korn-graubard、logit 或 wald",
                         "--ci must be korn-graubard, logit or wald");
    if (o->villages >= 0)
        sp.k = (int)(o->villages > 1000 ? 1000 : o->villages);
    if (o->households > 0)
        sp.m = (int)(o->households > 1000 ? 1000 : o->households);
    if (icc_s && (sp.icc = parse_rate("--icc", icc_s)) < 0) return CLI_FAIL;
    kh_standard *std = cli_standard(std_file);
    if (!std) return CLI_FAIL;
    sp.confidence = std_rate(std, "sample.confidence", 0.95);
    double wrong = std_rate(std, "county_exit.wrong_exit_max", 0.02);
    double missed = std_rate(std, "county_exit.missed_max", 0.02);
    double approval = std_rate(std, "county_exit.approval_min", 0.9);
    double icc_prior = std_rate(std, "sample.icc", 0.02);
    kh_standard_free(std);
    sp.deff_prior = 1 + (sp.m - 1) * icc_prior;
    sp.nrates = 5;
    /* A rate at the threshold (its threshold is the population's true
     * rate: threshold 0), rare rates of 0.5% and 1%, a higher one, and
     * an approval near 1. */
    const double rate[5] = {wrong, 0.005, 0.01, 0.05, 0.96};
    const double thr[5] = {0, missed, wrong, missed, approval};
    for (int k = 0; k < 5; k++) {
        sp.rate[k] = rate[k];
        sp.threshold[k] = thr[k];
        sp.at_least[k] = k == 4;
    }
    kh_sim_result res;
    kh_error err;
    kh_error_clear(&err);
    if (kh_sample_simulate(&sp, &res, &err)) {
        cli_report_error(&err);
        return CLI_FAIL;
    }
    printf("蒙特卡罗检验:%d 个县 × %d 个村(每村 %d–%d 户),每县按规模成比例抽 "
           "%d 村、每村简单随机抽 %d 户,重复抽样 %ld 次;种子 %llu;%s 区间,"
           "置信度 %.0f%%\n",
           sp.counties, sp.villages, sp.hh_min, sp.hh_max, sp.k, sp.m,
           sp.samples, (unsigned long long)sp.seed,
           method_zh(sp.method), 100 * sp.confidence);
    printf("总体村内相关系数(设定 %.3f,方差分析估计):", sp.icc);
    for (int k = 0; k < sp.nrates; k++)
        printf("%s%.3f", k ? "、" : "", res.icc_seen[k]);
    printf("\n\n%-22s %-4s %8s %6s  %-14s %6s %6s  %8s  %s\n", "估计量", "范围",
           "真值", "区间数", "覆盖率 ±MC标准误", "真值高于上限", "低于下限",
           "平均宽度", "各县覆盖率");
    for (int k = 0; k < sp.nrates; k++) {
        mc_row(mc_names[k], "全区", &res.region[k], res.truth[k], 0, 0,
               k == 0);
        mc_row(mc_names[k], "各县", &res.county[k], -1,
               res.county_cov_min[k], res.county_cov_max[k], 0);
    }
    return CLI_OK;
}

static int cmd_simulate(const sopts *o)
{
    const char *db = o->db, *truth = o->truth, *err_s = o->error_rate,
               *out = o->out, *std_file = o->standards;
    if (o->monte_carlo > 0) {
        if (truth || out || o->design >= 0 || err_s)
            return cli_usage("--monte-carlo 不与 --truth、-o、--design、"
                             "--error-rate 同用",
                             "--monte-carlo goes without --truth, -o, "
                             "--design and --error-rate");
        return run_monte_carlo(o);
    }
    if (o->ci || o->villages >= 0 || o->households > 0 || o->icc)
        return cli_usage("--ci、--villages-per-county、--households-per-village"
                         "、--icc 只用于 --monte-carlo",
                         "--ci, --villages-per-county, --households-per-village "
                         "and --icc go with --monte-carlo");
    if (!truth || !out)
        return cli_usage("需要 --truth FILE 和 -o FILE",
                         "--truth FILE and -o FILE are required");
    double erate = 0;
    if (err_s && (erate = parse_rate("--error-rate", err_s)) < 0)
        return CLI_FAIL;
    long long id, seed = o->seed >= 0 ? o->seed : 1;
    if (design_id(o, &id)) return CLI_FAIL;
    kh_standard *std = cli_standard(std_file);
    if (!std) return CLI_FAIL;
    kh_error err;
    kh_error_clear(&err);
    kh_store *store = NULL;
    kh_design d;
    memset(&d, 0, sizeof d);
    collect col = {NULL, 0, 0};
    sim_ctx sc = {NULL, 0, 0};
    kh_table *t = NULL;
    kh_tabwriter *w = NULL;
    int status = CLI_FAIL;
    if (kh_store_open(db, KH_STORE_READONLY, &store, &err) ||
        kh_design_get(store, id, &d, &err) ||
        kh_design_drawn(store, d.id, 0, on_collect, &col, &err)) {
        cli_report_error(&err);
        goto done;
    }
    long long line_fen = 0;
    if (kh_standard_poverty_line(std, d.year, &line_fen)) {
        kh_error_set(&err, KH_ERR_INVALID, "standard_missing",
                     "标准文件中没有 %d 年的扶贫标准",
                     "the standards have no poverty line for %d", d.year);
        cli_report_error(&err);
        goto done;
    }
    sc.cap = 16;
    while (sc.cap < 2 * col.n + 2)
        sc.cap *= 2;
    sc.v = calloc(sc.cap, sizeof *sc.v);
    if (!sc.v) goto done;
    for (size_t i = 0; i < col.n; i++) {
        size_t j = fnv(col.ids[i]) & (sc.cap - 1);
        while (sc.v[j].hh_id)
            j = (j + 1) & (sc.cap - 1);
        sc.v[j].hh_id = col.ids[i];
        col.ids[i] = NULL;
        sc.n++;
    }
    /* truth.csv: 户编号, 类别, 不合标准, 认可 (kaohe gen --roster). */
    if (kh_table_open(truth, &t, &err)) {
        cli_report_error(&err);
        goto done;
    }
    const kh_row *r;
    int pos_id = -1, pos_bad = -1, pos_ok = -1, rc;
    while ((rc = kh_table_next(t, &r, &err)) == KH_OK && r) {
        if (r->row == 0) {
            for (size_t i = 0; i < r->n; i++) {
                if (!strcmp(r->cells[i].s, "户编号")) pos_id = (int)i;
                if (!strcmp(r->cells[i].s, "不合标准")) pos_bad = (int)i;
                if (!strcmp(r->cells[i].s, "认可")) pos_ok = (int)i;
            }
            if (pos_id < 0 || pos_bad < 0 || pos_ok < 0) {
                kh_error_msg(&err, KH_ERR_FORMAT, "header_missing",
                             "真值文件须有 户编号、不合标准、认可 三列",
                             "the truth file needs the columns 户编号, "
                             "不合标准 and 认可");
                kh_error_at(&err, truth, 0, 1, NULL);
                rc = KH_ERR_FORMAT;
                break;
            }
            continue;
        }
        if ((size_t)pos_id >= r->n || (size_t)pos_bad >= r->n ||
            (size_t)pos_ok >= r->n)
            continue;
        truth_ent *e = sim_find(&sc, r->cells[pos_id].s);
        if (!e) continue;
        e->bad = r->cells[pos_bad].s[0] == '1';
        e->approves = r->cells[pos_ok].s[0] == '1';
        e->found = 1;
    }
    if (rc) {
        cli_report_error(&err);
        goto done;
    }
    kh_rng rng;
    kh_rng_seed(&rng, (uint64_t)seed);
    if (kh_tabwriter_open(out, KH_TAB_CSV, KH_ENC_UTF8, &w, &err)) {
        cli_report_error(&err);
        goto done;
    }
    const char *head[KH_SV_COUNT];
    for (int i = 0; i < KH_SV_COUNT; i++)
        head[i] = kh_survey_cols[i].zh;
    rc = kh_tabwriter_row(w, head, NULL, KH_SV_COUNT, &err);
    long long missing = 0, written = 0, flipped = 0;
    char visited[32];
    snprintf(visited, sizeof visited, "%04d-01-15", d.year + 1);
    long long water_from = kh_standard_int(std, "exit.water_from_year", 2019);
    /* Drawn households in the design's order (col was filled in it). */
    collect order = {NULL, 0, 0};
    if (!rc) rc = kh_design_drawn(store, d.id, 0, on_collect, &order, &err);
    for (size_t i = 0; i < order.n && !rc; i++) {
        truth_ent *e = sim_find(&sc, order.ids[i]);
        if (!e || !e->found) {
            missing++;
            continue;
        }
        int bad = e->bad;
        if (erate > 0 && kh_rng_unit(&rng) < erate) {
            bad = !bad;
            flipped++;
        }
        /* A household that fails: one condition, chosen at random. */
        int cond =
            bad ? (int)kh_rng_below(&rng, d.year >= water_from ? 5 : 4) : -1;
        long long inc = cond == 0 ? line_fen * 8 / 10
                                  : line_fen * 3 / 2 +
                                        (long long)kh_rng_below(&rng, 200000);
        char inc_s[32];
        snprintf(inc_s, sizeof inc_s, "%lld.%02lld", inc / 100, inc % 100);
        const char *cells[KH_SV_COUNT];
        cells[KH_SV_HH_ID] = order.ids[i];
        cells[KH_SV_INCOME] = inc_s;
        cells[KH_SV_FOOD] = "是";
        cells[KH_SV_DROPOUT] = cond == 1 ? "是" : "否";
        cells[KH_SV_MEDICAL] = cond == 2 ? "否" : "是";
        cells[KH_SV_HOUSING] = cond == 3 ? "D" : "B";
        cells[KH_SV_WATER] = cond == 4 ? "否" : "是";
        const char *ok = e->approves ? "是" : "否";
        cells[KH_SV_OK_IDENT] = ok;
        cells[KH_SV_OK_EXIT] = ok;
        cells[KH_SV_OK_HELP] = ok;
        cells[KH_SV_VISITOR] = "模拟调查员";
        cells[KH_SV_VISITED] = visited;
        rc = kh_tabwriter_row(w, cells, NULL, KH_SV_COUNT, &err);
        written++;
    }
    for (size_t i = 0; i < order.n; i++)
        free(order.ids[i]);
    free(order.ids);
    if (!rc) {
        kh_tabwriter *x = w;
        w = NULL;
        rc = kh_tabwriter_close(x, &err);
    }
    if (rc) {
        cli_report_error(&err);
        goto done;
    }
    fprintf(stderr,
            "kaohe: 模拟调查 %lld 户(观察误差翻转 %lld 户,真值缺失 %lld 户)"
            "→ %s\n"
            "kaohe: simulated %lld surveyed households (%lld flipped by the "
            "observation error, %lld without truth) written to %s\n",
            written, flipped, missing, out, written, flipped, missing, out);
    status = CLI_OK;
done:
    kh_tabwriter_free(w);
    kh_table_free(t);
    for (size_t i = 0; i < col.n; i++)
        free(col.ids[i]);
    free(col.ids);
    if (sc.v)
        for (size_t i = 0; i < sc.cap; i++)
            free(sc.v[i].hh_id);
    free(sc.v);
    free(d.report);
    kh_store_close(store);
    kh_standard_free(std);
    return status;
}

int cli_sample(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        if (argc < 2) {
            fputs(usage_text, stderr);
            return CLI_FAIL;
        }
        cli_opts_help(&spec, NULL);
        return CLI_OK;
    }
    const char *sub = argv[1];
    sopts o = {.db = "kaohe.db", .seed = -1, .villages = -1, .design = -1};
    int rc = cli_opts_parse(&spec, sub, argc, argv, 2, &o, NULL);
    if (rc != CLI_GO) return rc;
    if (!strcmp(sub, "design")) return cmd_design(&o);
    if (!strcmp(sub, "lists")) return cmd_lists(&o);
    if (!strcmp(sub, "estimate")) return cmd_estimate(&o);
    if (!strcmp(sub, "simulate")) return cmd_simulate(&o);
    return cmd_weights(&o);
}
