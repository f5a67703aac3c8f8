/* SPDX-License-Identifier: MIT */
/*
 * cli_sample.c - `kaohe sample design|lists|estimate|weights|simulate`:
 * the 第三方评估 sample's options and output. design, estimate and
 * simulate --truth are the use cases of src/app/sample.c (who may, the
 * transaction, the audit, the renderings, shared with the server); lists
 * writes the field lists; weights lists each household's weight;
 * simulate --monte-carlo prints the check of the intervals
 * (src/domain/estimate.c). docs/sample.md explains the arithmetic.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "cli/cli_sample.h"
#include "kaohe/app_sample.h"
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
    int year, unmask;
    long long design, seed, villages, households, monte_carlo;
} sopts;

#define O(f) offsetof(sopts, f)
static const cli_option table[] = {
    CLI_OPT_DB(O(db), NULL),
    CLI_OPT_STANDARDS(O(standards), "design lists estimate simulate"),
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
    {"--unmask", NULL, CLI_FLAG, O(unmask), "lists", NULL,
     "XLSX 中写完整的户主证件号码(需有解除脱敏的权限;PDF 总是脱敏) / "
     "full head ID numbers in the XLSX (a role that may unmask; the PDF "
     "is always masked)"},
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

/* The report of a use case's error: a refusal (scope, role) exits 1, as
 * the other use cases' commands do. */
static int app_fail(const kh_error *err)
{
    int rc = cli_report_error(err);
    return err->status == KH_ERR_DENIED ? CLI_FINDINGS : rc;
}

static double std_rate(const kh_standard *std, const char *key, double def)
{
    long long n, d;
    if (kh_standard_rate(std, key, &n, &d) == KH_OK && d > 0)
        return (double)n / (double)d;
    return def;
}

static const char *const group_zh[4] = {"", "已脱贫户", "未脱贫户",
                                        "非建档立卡户"};


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
    kh_buf rep = KH_BUF_INIT;
    kh_actor who;
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
    if (cli_actor(store, std, &who, &err) ||
        kh_app_sample_design(store, std, &who, &d, &rep, &err)) {
        status = app_fail(&err);
        goto done;
    }
    fputs(rep.data, stdout);
    status = CLI_OK;
done:
    kh_buf_free(&rep);
    kh_store_close(store);
    kh_standard_free(std);
    return status;
}

/* ------------------------------------------------------------------ */
/* lists */

/* The folder of the lists, made at the first file (a refusal makes
 * nothing); *made says kaohe made it (a failure then takes it away). */
static int make_dir(const char *path, int *made, kh_error *err)
{
    if (mkdir(path, 0777) == 0) {
        *made = 1;
        return KH_OK;
    }
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
    int dir_ready, made_dir;
} lists_ctx;

static int lists_dir(lists_ctx *c, kh_error *err)
{
    if (c->dir_ready) return KH_OK;
    int rc = make_dir(c->dir, &c->made_dir, err);
    if (!rc) c->dir_ready = 1;
    return rc;
}

/* After a failure: the folder kaohe made goes with what was written in
 * it (nothing half-written is left). */
static void lists_undo(lists_ctx *c)
{
    if (!c->made_dir) return;
    DIR *d = opendir(c->dir);
    if (d) {
        struct dirent *e;
        char path[4200];
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
                (size_t)snprintf(path, sizeof path, "%s/%s", c->dir,
                                 e->d_name) < sizeof path)
                (void)unlink(path);
        closedir(d);
    }
    (void)rmdir(c->dir);
}

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
    int rc = lists_dir(c, err);
    if (!rc) rc = cli_sample_list_pdf(path, &c->v, c->who, c->when, &pages, err);
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
        if ((rc = lists_dir(c, err)) ||
            (rc = kh_tabwriter_open(path, KH_TAB_XLSX, KH_ENC_UTF8, &c->w,
                                    err)))
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
    char design[24];
    snprintf(design, sizeof design, "%lld", c->v.design);
    for (int i = 1; i < KH_SV_COUNT; i++)
        cells[n++] = i == KH_SV_DESIGN ? design : "";
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
    kh_standard *std = cli_standard(o->standards);
    if (!std) return CLI_FAIL;
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
    kh_actor who;
    int status = CLI_FAIL;
    if (cli_open_as(db, std, &store, &who, &err)) {
        status = app_fail(&err);
        goto done;
    }
    if (kh_design_get(store, id, &d, &err)) {
        cli_report_error(&err);
        goto done;
    }
    c.v.design = d.id;
    c.v.year = d.year;
    /* who may have the lists, and the IDs masked or not, is decided (and
     * audited) by the library, as for the web's download */
    if (kh_app_sample_drawn(store, std, &who, d.id, o->unmask, on_list, &c,
                            NULL, NULL, &err) ||
        close_list(&c, &err) || flush_pdf(&c, &err) || lists_dir(&c, &err)) {
        status = app_fail(&err);
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
    if (status != CLI_OK) lists_undo(&c);
    village_clear(&c.v);
    free(c.v.hh);
    free(d.report);
    kh_store_close(store);
    kh_standard_free(std);
    return status;
}

/* ------------------------------------------------------------------ */
/* estimate */

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
    kh_sample_result *res = NULL;
    kh_actor who;
    kh_buf b = KH_BUF_INIT, w = KH_BUF_INIT;
    int status = CLI_FAIL;
    if (cli_open_as(db, std, &store, &who, &err) ||
        kh_app_sample_estimate(store, std, &who, id, method,
                               inputs ? level : 0, &res, &err)) {
        status = app_fail(&err);
        goto done;
    }
    /* Nonresponse: warnings (stderr, and the text report's end). */
    if (kh_sample_result_warnings(res, KH_SW_RESPONSE, "kaohe: ", &w, &err)) {
        cli_report_error(&err);
        goto done;
    }
    if (w.data) fputs(w.data, stderr);
    kh_buf_reset(&w);
    if (inputs) {
        int t[3];
        cli_today(t);
        char today[16];
        snprintf(today, sizeof today, "%04d-%02d-%02d", t[0], t[1], t[2]);
        long long rows = 0, empty = 0;
        if (kh_sample_result_inputs(res, level, out ? out : "-", today, &rows,
                                    &empty, &err)) {
            cli_report_error(&err);
            goto done;
        }
        const char *to = out ? out : "-";
        fprintf(stderr,
                "kaohe: 考核录入表:%lld 个%s级区划(%lld 个缺少估计值)→ %s\n"
                "kaohe: assessment inputs: %lld regions of level %s (%lld "
                "without an estimate) written to %s\n",
                rows, kh_level_name(level), empty, to, rows,
                kh_level_name(level), empty, to);
        status = CLI_OK;
        goto done;
    }
    int rc = fmt == CLI_FMT_TEXT ? kh_sample_result_text(res, &b, &err)
             : fmt == CLI_FMT_CSV ? kh_sample_result_csv(res, &b, &err)
                                  : kh_sample_result_json(res, &b, &err);
    /* The strata collapsed: in the text report, else on stderr. */
    if (!rc && fmt != CLI_FMT_TEXT)
        rc = kh_sample_result_warnings(res, KH_SW_COLLAPSED, "kaohe: ", &w,
                                       &err);
    if (rc) {
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
    if (w.data) fputs(w.data, stderr);
    if (fp != stdout && fclose(fp) != 0) {
        kh_error_set(&err, KH_ERR_IO, "io", "写入失败", "write failed");
        kh_error_at(&err, out, 0, 0, NULL);
        cli_report_error(&err);
        goto done;
    }
    status = CLI_OK;
done:
    kh_buf_free(&b);
    kh_buf_free(&w);
    kh_sample_result_free(res);
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
           kh_ci_method_label(sp.method), 100 * sp.confidence);
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
    kh_actor who;
    kh_sample_sim res;
    int status = CLI_FAIL;
    if (cli_open_as(db, std, &store, &who, &err) ||
        kh_app_sample_simulate(store, std, &who, id, truth, erate,
                               (unsigned long long)seed, out, &res, &err)) {
        status = app_fail(&err);
        goto done;
    }
    fprintf(stderr,
            "kaohe: 模拟调查 %lld 户(观察误差翻转 %lld 户,真值缺失 %lld 户)"
            "→ %s\n"
            "kaohe: simulated %lld surveyed households (%lld flipped by the "
            "observation error, %lld without truth) written to %s\n",
            res.written, res.flipped, res.missing, out, res.written,
            res.flipped, res.missing, out);
    status = CLI_OK;
done:
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