/* SPDX-License-Identifier: MIT */
/*
 * cli_assess.c - `kaohe assess`: template (the manual inputs a scheme
 * needs, one row per region), run (score a level under a scheme and store
 * the result as a new version), show (the ranking: text, JSON, CSV, XLSX
 * with a sheet per item), explain (every point of one region with its
 * source value, rule, inputs' provenance and the households behind the
 * indicators), list (the stored runs). docs/assess.md, docs/cli/assess.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "kaohe/afile.h"
#include "kaohe/app.h"
#include "kaohe/assess.h"
#include "kaohe/assess_store.h"
#include "kaohe/assess_json.h"
#include "kaohe/assess_run.h"
#include "kaohe/buf.h"
#include "kaohe/encoding.h"
#include "kaohe/fmt.h"
#include "kaohe/indicators.h"
#include "kaohe/indicators_store.h"
#include "kaohe/label.h"
#include "kaohe/registry.h"
#include "kaohe/scheme.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"
#include "kaohe/table.h"
#include "kaohe/tabwriter.h"

typedef struct opts {
    const char *db, *scheme, *level_s, *format, *out;
    const char *standards, *part;
    const char *only; /* show REGION: that region only */
    const char *regions_s; /* run --regions CODE,...: who is assessed */
    const char *user;      /* run --user NAME: act as that user */
#define MAX_REGIONS 256
    char regions_buf[MAX_REGIONS * 13];
    const char *regions_v[MAX_REGIONS];
    size_t nregions;
    int year, level, fmt, version, threads, all;
    cli_list inputs; /* every --inputs FILE, in order */
    /* every --scheme, in order (a city scheme and its county scheme);
     * scheme above is the last one */
    cli_list schemes;
    /* show, explain: the acting user (cli_actor), whose regions are
     * shown (kh_app_assess_read_may, kh_app_assess_keeps); scoped once
     * it is loaded (a run's result is shown whole: the use case let the
     * run's whole level be the user's) */
    kh_actor who;
    int scoped;
} opts;

#define STR_(x) #x
#define STR(x) STR_(x)
#define O(f) offsetof(opts, f)
static const cli_option table[] = {
    {"--scheme", "S", CLI_LIST, O(schemes), "template run show explain", "8",
     "考核方案:预置方案名或方案文件;可给多个(市级方案及其县级方案)/ a "
     "preset's name or a scheme file; several (a city's and its counties')"},
    CLI_OPT_YEAR(O(year), "template run show explain"),
    {"--level", "L", CLI_STR, O(level_s), "template run show explain", NULL,
     "层级:省、市、县或乡 / the level"},
    {"--inputs", "FILE", CLI_LIST, O(inputs), "run", STR(KH_ASSESS_MAX_INPUTS),
     "考核组录入的数据,可给多个 / the inputs typed in, several allowed"},
    {"--regions", "CODE,...", CLI_STR, O(regions_s), "run", NULL,
     "被考核的区划,逗号分隔的 12 位代码 / who is assessed: 12-digit codes "
     "separated by commas"},
    {"--user", "NAME", CLI_STR, O(user), "run", NULL,
     "以该用户的角色和区划运行(记入审计日志) / run as that user, their "
     "role and region deciding (audited)"},
    {"--threads", "N", CLI_INT, O(threads), "run", "1..16",
     "线程数(默认 2) / threads (default 2)"},
    {"--version", "N", CLI_INT, O(version), "show explain", "1..",
     "第几版(默认最新) / which stored version (default the latest)"},
    {"--part", "SCHEME", CLI_STR, O(part), "show", NULL,
     "只看用该方案计分的区划 / only the regions scored by that scheme"},
    {"--all", NULL, CLI_FLAG, O(all), "explain", NULL,
     "列出全部户 / every household"},
    CLI_OPT_FORMAT(O(format), "template run show explain", "text|json|csv|xlsx"),
    CLI_OPT_OUT(O(out), "template run show explain"),
    CLI_OPT_STANDARDS(O(standards), "run explain"),
    CLI_OPT_DB(O(db), NULL),
    CLI_END};

static const cli_spec spec = {
    "assess",
    "kaohe assess template --scheme S --year YYYY --level 省|市|县"
    " [-o FILE.csv|FILE.xlsx] [--db FILE]\n"
    "kaohe assess run --scheme S --year YYYY --level L [--inputs FILE]..."
    " [--regions CODE,...] [--user NAME] [--db FILE] [--standards FILE]\n"
    "kaohe assess show [REGION] --scheme S --year YYYY --level L [--version N]"
    " [--part SCHEME] [--format text|json|csv|xlsx] [-o FILE]\n"
    "kaohe assess explain REGION --scheme S --year YYYY --level L"
    " [--version N] [--format text|json] [--all]\n"
    "kaohe assess list [--db FILE]\n"
    "  综合评价:按考核方案计分、排名、评定等次,每一分都有来源;每次运行另存一版。\n"
    "  Score, rank and grade the regions of a level under a scheme, with\n"
    "  the source of every point; every run is kept as a new version.\n"
    "  S is a preset name (kaohe scheme show) or a scheme file.\n"
    "  docs/assess.md, docs/cli/assess.md\n",
    table, "template run show explain list", 0};

static int parse(int argc, char **argv, const char *sub, int first, opts *o)
{
    memset(o, 0, sizeof *o);
    o->db = "kaohe.db";
    o->format = "text";
    o->threads = 2;
    int rc = cli_opts_parse(&spec, sub, argc, argv, first, o, NULL);
    if (rc != CLI_GO) return rc;
    if (o->schemes.n) o->scheme = o->schemes.v[o->schemes.n - 1];
    if (o->regions_s) { /* CODE,CODE,...: 12-digit codes */
        const char *p = o->regions_s;
        while (*p) {
            const char *e = strchr(p, ',');
            size_t l = e ? (size_t)(e - p) : strlen(p);
            if (l != 12 || strspn(p, "0123456789") < 12)
                return cli_usage("--regions 应为逗号分隔的 12 位区划代码",
                                 "--regions takes 12-digit region codes "
                                 "separated by commas");
            if (o->nregions == MAX_REGIONS)
                return cli_usage("--regions 最多 256 个区划",
                                 "at most 256 regions in --regions");
            char *d = o->regions_buf + o->nregions * 13;
            memcpy(d, p, 12);
            d[12] = 0;
            o->regions_v[o->nregions++] = d;
            p = e ? e + 1 : p + l;
        }
        if (!o->nregions)
            return cli_usage("--regions 不能为空", "--regions is empty");
    }
    if ((o->fmt = cli_parse_format(o->format)) < 0) return CLI_FAIL;
    if (o->fmt == CLI_FMT_XLSX && !o->out)
        return cli_usage("--format xlsx 需要用 -o 指定输出文件",
                         "--format xlsx needs -o FILE");
    return CLI_GO;
}

/* --scheme, --year and --level, which every subcommand but list needs. */
static int need_syl(opts *o)
{
    if (!o->scheme || !o->year || !o->level_s)
        return cli_usage("需要 --scheme、--year 和 --level",
                         "--scheme, --year and --level are required");
    o->level = kh_level_parse(o->level_s, strlen(o->level_s));
    if (o->level == KH_LV_NONE || o->level == KH_LV_VILLAGE)
        return cli_usage("--level 只能是 省、市、县 或 乡",
                         "--level must be 省, 市, 县 or 乡");
    return CLI_OK;
}

/* Load the scheme and the schemes it rolls up; check the level. */
static int load_schemes(const opts *o, kh_scheme_set **set,
                        const kh_scheme **s, kh_error *err)
{
    return kh_assess_load_schemes(o->schemes.v, o->schemes.n ? o->schemes.n : 1,
                                  o->level, set, s, err);
}

/* ---- output ---- */

static void points_s(long long c, char *b) { kh_points_format(c, b, 32); }

/* The value rounded to 4 decimals (JSON, tables). */
static void value_s(const kh_assess_item *it, char *b)
{
    if (!it->has_value) strcpy(b, "");
    else kh_q_format(it->value, 4, b, 48);
}



/* The vetoes by their names in the scheme (names), else by their
 * codes, for the tables. */
static void vetoes_s(const kh_assess_region *g, int names, kh_buf *b)
{
    for (size_t v = 0; v < g->nvetoes; v++)
        if (kh_buf_printf(b, "%s%s", v ? (names ? "；" : "; ") : "",
                          names ? kh_label_veto(g->scheme, g->vetoes[v].code)
                                : g->vetoes[v].code))
            return;
}

/* A scheme's title for Chinese prose (full-width brackets); its name
 * when it has none. */
static void scheme_title(const kh_scheme *s, char *buf, size_t n)
{
    kh_label_zh_punct(s->title && *s->title ? s->title : s->name, buf, n);
}

/* A veto's consequence in prose: "约谈、限期整改、情节严重：…". */
static void veto_consequence(const kh_assess_veto *v, char *buf, size_t n)
{
    char c[1200];
    kh_label_consequence(v->consequence, c, sizeof c);
    kh_label_zh_punct(c, buf, n);
}

/* The ranked regions (kh_assess_ranked) that o's user may see: ord
 * compacted to them, their number returned. */
static size_t ranked_kept(const kh_assessment *a, size_t *ord,
                          const opts *o)
{
    size_t n = kh_assess_ranked(a, ord, o->only), k = 0;
    if (!o->scoped || kh_app_assess_keeps_all(&o->who)) return n;
    for (size_t i = 0; i < n; i++)
        if (kh_app_assess_keeps((void *)&o->who, a->regions[ord[i]].code))
            ord[k++] = ord[i];
    return k;
}

static int write_tables(const kh_assessment *a, const opts *o, kh_error *err)
{
    kh_tabwriter *w;
    const kh_scheme *s = a->scheme;
    int rc = kh_tabwriter_open(o->out ? o->out : "-",
                               o->fmt == CLI_FMT_CSV ? KH_TAB_CSV : KH_TAB_XLSX,
                               KH_ENC_UTF8_BOM, &w, err);
    if (rc) return rc;
    size_t *ord = malloc((a->nregions + 1) * sizeof *ord);
    /* CSV keeps the veto codes, their names beside them; the XLSX
     * people read has the names only. */
    int csv = o->fmt == CLI_FMT_CSV;
    size_t nfix = csv ? 7 : 6;
    size_t ncol = nfix + s->nitems;
    const char **cells = calloc(ncol, sizeof *cells);
    char *types = calloc(ncol + 1, 1);
    char (*num)[48] = calloc(ncol, sizeof *num);
    if (!ord || !cells || !types || !num) {
        rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
        goto done;
    }
    size_t n = ranked_kept(a, ord, o);
    rc = kh_tabwriter_sheet(w, "排名", err);
    static const char *const head[] = {"排名", "区划代码", "名称", "总分", "等次",
                                       "否决", "否决情形"};
    for (size_t c = 0; c < nfix; c++) cells[c] = head[c];
    if (!csv) cells[5] = head[6];
    for (size_t i = 0; i < s->nitems; i++) cells[nfix + i] = s->items[i].path;
    memset(types, 'h', ncol);
    if (!rc) rc = kh_tabwriter_row(w, cells, types, ncol, err);
    memset(types, 'n', ncol);
    memset(types + 4, 's', nfix - 4);
    types[1] = types[2] = 's';
    for (size_t k = 0; !rc && k < n; k++) {
        const kh_assess_region *g = &a->regions[ord[k]];
        kh_buf codes = KH_BUF_INIT, names = KH_BUF_INIT;
        vetoes_s(g, 0, &codes);
        vetoes_s(g, 1, &names);
        snprintf(num[0], 48, "%d", g->rank);
        points_s(g->total, num[3]);
        cells[0] = num[0];
        cells[1] = g->code;
        cells[2] = g->name;
        cells[3] = num[3];
        cells[4] = g->grade;
        cells[5] = csv ? (codes.data ? codes.data : "") : (names.data ? names.data : "");
        if (csv) cells[6] = names.data ? names.data : "";
        for (size_t i = 0; i < s->nitems; i++) {
            points_s(g->items[i].points, num[nfix + i]);
            cells[nfix + i] = num[nfix + i];
        }
        rc = kh_tabwriter_row(w, cells, types, ncol, err);
        kh_buf_free(&codes);
        kh_buf_free(&names);
    }
    /* XLSX: a sheet per item */
    for (size_t i = 0; !rc && o->fmt == CLI_FMT_XLSX && i < s->nitems; i++) {
        const kh_scheme_item *it = &s->items[i];
        char name[128];
        /* sheet names: none of / \ [ ] : * ?, at most 31 characters */
        size_t len = 0, chars = 0;
        for (const char *p = it->path; *p && chars < 28 && len < sizeof name - 8;) {
            size_t cl = ((unsigned char)*p < 0x80) ? 1
                        : ((unsigned char)*p >> 5) == 6 ? 2
                        : ((unsigned char)*p >> 4) == 14 ? 3 : 4;
            if (strchr("/\\[]:*?", *p)) name[len++] = '-', p++;
            else while (cl-- && *p) name[len++] = *p++;
            chars++;
        }
        snprintf(name + len, sizeof name - len, "~%zu", i + 1);
        rc = kh_tabwriter_sheet(w, name, err);
        static const char *const ih[] = {"区划代码", "名称", "来源", "值", "规则",
                                         "得分", "满分", "明细"};
        if (!rc) rc = kh_tabwriter_row(w, ih, "hhhhhhhh", 8, err);
        /* The source and the rule in words, as `assess explain` says
         * them (src/domain/label.c). */
        char src[200], rule[1200];
        kh_label_source(s, it, src, sizeof src);
        if (kh_label_rule_words(s, it, rule, sizeof rule)) rule[0] = '\0';
        for (size_t k = 0; !rc && k < n; k++) {
            const kh_assess_region *g = &a->regions[ord[k]];
            char v[48], p[32], m[32], d[1200];
            value_s(&g->items[i], v);
            points_s(g->items[i].points, p);
            points_s(it->max, m);
            kh_label_zh_punct(g->items[i].detail ? g->items[i].detail : "", d,
                              sizeof d);
            const char *row[8] = {g->code, g->name, src, v, rule, p, m, d};
            rc = kh_tabwriter_row(w, row, "sssnsnns", 8, err);
        }
    }
done:
    free(ord);
    free(cells);
    free(types);
    free(num);
    if (rc) {
        kh_tabwriter_free(w);
        return rc;
    }
    return kh_tabwriter_close(w, err);
}

static int write_show(const kh_assessment *a, const opts *o, kh_error *err)
{
    if (o->fmt == CLI_FMT_CSV || o->fmt == CLI_FMT_XLSX)
        return write_tables(a, o, err);
    kh_afile af = {0};
    int rc = kh_afile_open(&af, o->out, err);
    if (rc) return rc;
    size_t *ord = malloc((a->nregions + 1) * sizeof *ord);
    if (!ord) {
        kh_afile_abort(&af);
        return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    }
    size_t n = ranked_kept(a, ord, o);
    const kh_scheme *s = a->scheme;
    kh_buf b = KH_BUF_INIT;
    if (o->fmt == CLI_FMT_JSON) {
        rc = kh_assess_show_json(
            a, o->only,
            !o->scoped || kh_app_assess_keeps_all(&o->who)
                ? NULL
                : kh_app_assess_keeps,
            (void *)&o->who, &b);
    } else {
        char title[400];
        scheme_title(s, title, sizeof title);
        rc = kh_buf_printf(&b, "# %s：%d年度%s级考核结果（第 %d 版）\n"
                           "# 排名\t区划代码\t名称\t总分\t等次",
                           title, a->year, kh_level_name(a->level), a->version);
        for (size_t i = 0; !rc && i < s->nitems; i++)
            if (s->items[i].parent < 0)
                rc = kh_buf_printf(&b, "\t%s", s->items[i].path);
        if (!rc) rc = kh_buf_adds(&b, "\t否决\n");
        for (size_t k = 0; !rc && k < n; k++) {
            const kh_assess_region *g = &a->regions[ord[k]];
            char t[32];
            points_s(g->total, t);
            rc = kh_buf_printf(&b, "%d\t%s\t%s\t%s\t%s", g->rank, g->code,
                               g->name, t, g->grade);
            for (size_t i = 0; !rc && i < s->nitems; i++)
                if (s->items[i].parent < 0) {
                    points_s(g->items[i].points, t);
                    rc = kh_buf_printf(&b, "\t%s", t);
                }
            if (!rc) rc = kh_buf_adds(&b, "\t");
            for (size_t v = 0; !rc && v < g->nvetoes; v++) {
                char c[1200];
                veto_consequence(&g->vetoes[v], c, sizeof c);
                rc = kh_buf_printf(&b, "%s%s（%s）", v ? "；" : "",
                                   kh_label_veto(g->scheme, g->vetoes[v].code), c);
            }
            if (!rc && g->grade != g->grade_before)
                rc = kh_buf_printf(&b, "（等次由%s改为%s）", g->grade_before,
                                   g->grade);
            if (!rc) rc = kh_buf_adds(&b, "\n");
        }
        for (size_t k = 0; !rc && k < a->nskipped; k++) {
            const kh_assess_skip *x = &a->skipped[k];
            if (strcmp(x->scheme, s->name) || (o->only && strcmp(o->only, x->code)))
                continue;
            char why[600];
            kh_label_zh_punct(x->reason, why, sizeof why);
            rc = kh_buf_printf(&b, "不参加考核\t%s\t%s\t%s\n", x->code, x->name,
                               why);
        }
    }
    free(ord);
    if (rc) {
        kh_buf_free(&b);
        kh_afile_abort(&af);
        return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    }
    fwrite(b.data, 1, b.len, af.fp);
    kh_buf_free(&b);
    return kh_afile_commit(&af, err);
}

/* ---- template ---- */

static int do_template(opts *o)
{
    int st = need_syl(o);
    if (st) return st;
    if (o->fmt == CLI_FMT_TEXT || o->fmt == CLI_FMT_JSON)
        o->fmt = o->out && strstr(o->out, ".xlsx") ? CLI_FMT_XLSX : CLI_FMT_CSV;
    kh_error err;
    kh_error_clear(&err);
    kh_store *db = NULL;
    int rc = kh_store_open(o->db, KH_STORE_READONLY, &db, &err);
    if (!rc)
        rc = kh_app_assess_template(
            db, NULL, o->schemes.v, o->schemes.n ? o->schemes.n : 1, o->year,
            o->level, o->fmt == CLI_FMT_CSV ? KH_TAB_CSV : KH_TAB_XLSX,
            o->out ? o->out : "-", &err);
    kh_store_close(db);
    return rc ? cli_report_error(&err) : CLI_OK;
}

/* ---- run ---- */

static void note(void *ctx, const char *zh, const char *en)
{
    (void)ctx;
    fprintf(stderr, "kaohe: 注意:%s\nkaohe: note: %s\n", zh, en);
}

static int do_run(opts *o)
{
    int st = need_syl(o);
    if (st) return st;
    kh_error err;
    kh_error_clear(&err);
    kh_standard *std = cli_standard(o->standards);
    if (!std) return CLI_FAIL;
    kh_store *db = NULL;
    kh_assess_pending *p = NULL;
    char today[16];
    int t[3];
    cli_today(t);
    snprintf(today, sizeof today, "%04d-%02d-%02d", t[0], t[1], t[2]);
    kh_assess_req req = {o->scheme, o->year, o->level, o->inputs.n,
                         o->inputs.v, NULL, o->threads, today, note, NULL,
                         o->nregions, o->regions_v,
                         o->schemes.n > 1 ? o->schemes.n : 0, o->schemes.v};
    /* --user NAME: that user's role and scope decide, and the run is
     * audited, as the server's; else the operator at the console. */
    kh_actor who;
    char now[32];
    cli_timestamp(now);
    int rc = kh_store_open(o->db, KH_STORE_OPEN, &db, &err);
    if (!rc && o->user) {
        rc = kh_actor_load(db, std, o->user, "cli", now, &who, &err);
        if (!rc && !who.known)
            rc = kh_error_set(&err, KH_ERR_NOTFOUND, "user_missing",
                              "没有用户 %s(先用 kaohe user add 登记)",
                              "no user %s (register with `kaohe user add`)",
                              o->user);
    }
    if (!rc)
        rc = kh_app_assess_run(db, std, o->user ? &who : NULL, &req, &p,
                               &err);
    if (!rc) {
        kh_assessment *a = kh_assess_pending_result(p);
        fprintf(stderr, "kaohe: 已存为第 %d 版 / stored as version %d\n",
                a->version, a->version);
        rc = write_show(a, o, &err);
    }
    kh_assess_pending_free(p);
    kh_store_close(db);
    kh_standard_free(std);
    if (!rc) return CLI_OK;
    rc = cli_report_error(&err);
    /* a refusal (role, scope) exits as household edit's: 1 */
    return err.status == KH_ERR_DENIED ? CLI_FINDINGS : rc;
}

/* The stored run that --scheme (a name, or a file whose name is used),
 * --year, --level and --version name. */
static int load_stored(opts *o, const char *code, kh_store **db,
                       kh_assessment **a, kh_error *err)
{
    *a = NULL;
    const char *name = o->scheme;
    kh_scheme_set *set = NULL;
    int rc = KH_OK;
    if (o->schemes.n > 1 || strchr(o->scheme, '/') ||
        strstr(o->scheme, ".scheme")) {
        const kh_scheme *s;
        rc = load_schemes(o, &set, &s, err);
        if (!rc) name = s->name;
    }
    /* as the acting user: who may read the run (and code), the use
     * case's rule, a refusal of a region audited there */
    kh_standard *std = rc ? NULL : cli_standard(o->standards);
    if (!rc && !std)
        rc = kh_error_msg(err, KH_ERR_INVALID, "standards", "标准文件错误",
                          "bad standards file");
    if (!rc) rc = cli_open_as(o->db, std, db, &o->who, err);
    if (!rc) o->scoped = 1;
    kh_standard_free(std);
    char object[192];
    snprintf(object, sizeof object, "assessment/%.64s/%d/%.8s/%s", name,
             o->year, kh_level_name(o->level) ? kh_level_name(o->level) : "",
             code ? code : "");
    if (!rc) rc = kh_app_assess_read_may(*db, &o->who, code, object, err);
    if (!rc) rc = kh_store_assess_load(*db, name, o->year, o->level, o->version, a, err);
    if (!rc) (*a)->year = o->year;
    kh_scheme_set_free(set);
    return rc;
}

static int do_show(opts *o)
{
    int st = need_syl(o);
    if (st) return st;
    kh_error err;
    kh_error_clear(&err);
    kh_store *db = NULL;
    kh_assessment *a = NULL;
    int rc = load_stored(o, o->only, &db, &a, &err);
    if (!rc && o->part) {
        /* the regions below, under a scheme the run rolled up */
        const kh_scheme *part = NULL;
        for (size_t r = 0; r < a->nregions; r++)
            if (!strcmp(a->regions[r].scheme->name, o->part))
                part = a->regions[r].scheme;
        if (!part)
            rc = kh_error_set(&err, KH_ERR_NOTFOUND, "assess_part",
                              "此次考核没有按方案“%s”计分的区划",
                              "this assessment scored no region under '%s'",
                              o->part);
        else
            a->scheme = part, a->level = part->level;
    }
    if (!rc && o->only) {
        int r = kh_assessment_find(a, o->only);
        if (r < 0 || a->regions[r].scheme != a->scheme)
            rc = kh_error_set(&err, KH_ERR_NOTFOUND, "region_missing",
                              "此次考核(%s)中没有区划 %s",
                              "this assessment (%s) has no region %s",
                              a->scheme->name, o->only);
    }
    if (!rc) rc = write_show(a, o, &err);
    kh_assessment_free(a);
    kh_store_close(db);
    return rc ? cli_download_error(&err) : CLI_OK; /* a refusal: 1 */
}

/* ---- explain ---- */

typedef struct hh_list {
    kh_indicators *ix;
    size_t ind;
    int all;
    long long listed, total;
    int kind; /* kh_indicators_kind: 2 an amount (分) */
    kh_buf *b;
    const char *head; /* said before the first household, if any (an
                       * indicator of no households, funds.*, has none) */
    int indent;
} hh_list;

static int hh_cb(void *ctx, const kh_ind_hh *h, kh_error *err)
{
    hh_list *l = ctx;
    long long num, den;
    kh_indicators_terms(l->ix, h, l->ind, &num, &den);
    if (!num) return KH_OK;
    l->total++;
    if (!l->all && l->listed >= 10) return KH_OK;
    l->listed++;
    int rc = l->head ? kh_buf_printf(l->b, "%*s    %s\n", l->indent, "",
                                     l->head)
                     : KH_OK;
    l->head = NULL;
    char y[48];
    if (!rc && l->kind == 2) {
        kh_fmt_yuan(num, y, sizeof y);
        rc = kh_buf_printf(l->b, "        %s\t%s\t%s 元\n", h->hh_id,
                           h->village, y);
    } else if (!rc) {
        rc = kh_buf_printf(l->b, "        %s\t%s\t+%lld / +%lld\n", h->hh_id,
                           h->village, num, den);
    }
    if (rc)
        return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    return KH_OK;
}

typedef struct prov_list {
    kh_buf *b;
    const kh_scheme *s;
} prov_list;

static int prov_cb(void *ctx, const kh_assess_prov *p)
{
    prov_list *l = ctx;
    char name[200], value[200], date[64], file[300];
    kh_label_prov(l->s, p->name, p->value, p->file, name, sizeof name, value, sizeof value, file,
                  sizeof file);
    kh_fmt_date_zh(p->date, date, sizeof date);
    return kh_buf_printf(l->b, "  %s\t%s\t%s\t%s\t%s\n", name, value,
                         p->step ? p->step : "", date, file);
}

static int do_explain(opts *o, const char *code)
{
    int st = need_syl(o);
    if (st) return st;
    kh_error err;
    kh_error_clear(&err);
    kh_store *db = NULL;
    kh_assessment *a = NULL;
    kh_standard *std = NULL;
    kh_indicators *ix = NULL;
    kh_regionset *rs = NULL;
    kh_afile af = {0};
    kh_buf b = KH_BUF_INIT;
    int rc = load_stored(o, code, &db, &a, &err), r = -1;
    if (!rc && (r = kh_assessment_find(a, code)) < 0)
        rc = kh_error_set(&err, KH_ERR_NOTFOUND, "region_missing",
                          "此次考核中没有区划 %s", "region %s is not in this "
                          "assessment", code);
    if (rc) goto done;
    const kh_assess_region *g = &a->regions[r];
    const kh_scheme *s = g->scheme;
    char t[48];
    points_s(g->total, t);
    if (o->fmt == CLI_FMT_JSON) {
        rc = kh_app_assess_explain_json(db, a, (size_t)r, &b, &err);
        goto write;
    }
    char title[400];
    scheme_title(s, title, sizeof title);
    rc = kh_buf_printf(&b, "# %s（%s）%d年度考核结果说明\n"
                       "考核办法：%s（第 %d 版）\n"
                       "总分 %s 分，排名第 %d，等次：%s",
                       g->name, g->code, a->year, title, a->version, t,
                       g->rank, g->grade);
    if (!rc && g->grade != g->grade_before)
        rc = kh_buf_printf(&b, "（否决前为%s）", g->grade_before);
    if (!rc) rc = kh_buf_adds(&b, "\n");
    for (size_t v = 0; !rc && v < g->nvetoes; v++) {
        char why[1200], c[1200];
        kh_label_zh_punct(g->vetoes[v].why, why, sizeof why);
        veto_consequence(&g->vetoes[v], c, sizeof c);
        rc = kh_buf_printf(&b, "否决：%s。%s。处理：%s\n",
                           kh_label_veto(s, g->vetoes[v].code), why, c);
    }
    if (!rc) rc = kh_buf_adds(&b, "\n");
    /* households behind registry-based items: the current snapshot */
    int need_ix = 0;
    for (size_t i = 0; i < s->nitems; i++)
        need_ix |= s->items[i].src == KH_SRC_INDICATOR;
    if (!rc && need_ix) {
        if (!(std = cli_standard(o->standards))) {
            rc = kh_error_msg(&err, KH_ERR_INVALID, "standards", "标准文件错误",
                              "bad standards file");
            goto done;
        }
        rc = kh_regionset_new(&rs, &err);
        if (!rc) rc = kh_store_regions_load(db, rs, &err);
        if (!rc)
            rc = kh_indicators_new(std, a->year, rs, kh_store_ind_with(db, a->year),
                                   &ix, &err);
    }
    for (size_t i = 0; !rc && i < s->nitems; i++) {
        const kh_scheme_item *it = &s->items[i];
        const kh_assess_item *x = &g->items[i];
        char p[32], m[32], v[200], what[200], rule[1200], note[600];
        kh_label_points(x->points, p, sizeof p);
        kh_label_points(it->max, m, sizeof m);
        int depth = 0;
        for (int q = it->parent; q >= 0; q = s->items[q].parent) depth++;
        rc = kh_buf_printf(&b, "%*s%s：得 %s 分（满分 %s 分）", depth * 2, "",
                           it->path, p, m);
        if (!rc && it->note) {
            kh_label_zh_punct(it->note, note, sizeof note);
            rc = kh_buf_printf(&b, "。说明：%s", note);
        }
        if (!rc) rc = kh_buf_adds(&b, "\n");
        if (!rc && kh_label_rule_words(s, it, rule, sizeof rule))
            rc = KH_ERR_NOMEM;
        if (!rc && it->nchildren) {
            rc = kh_buf_printf(&b, "%*s    规则：%s\n", depth * 2, "", rule);
        } else if (!rc) {
            kh_label_source(s, it, what, sizeof what);
            kh_label_item_value(s, it, x->has_value, x->value, v, sizeof v);
            rc = kh_buf_printf(&b, "%*s    取值：%s为 %s\n"
                               "%*s    规则：%s\n",
                               depth * 2, "", what, v, depth * 2, "", rule);
        }
        if (!rc && x->detail && *x->detail) {
            char d[2000];
            kh_label_zh_punct(x->detail, d, sizeof d);
            rc = kh_buf_printf(&b, "%*s    %s：%s\n", depth * 2, "",
                               it->src == KH_SRC_ROLLUP ? "下级" : "说明", d);
        }
        if (!rc && ix && it->src == KH_SRC_INDICATOR) {
            int ind = kh_indicators_find(ix, it->ref);
            int kind = ind >= 0 ? kh_indicators_kind(ix, (size_t)ind) : 1;
            if (ind >= 0 && kind != 1) {
                char prefix[13];
                snprintf(prefix, sizeof prefix, "%.*s",
                         kh_region_prefix_len(s->level), g->code);
                hh_list l = {ix, (size_t)ind, o->all, 0, 0, kind, &b,
                             kind == 2 ? "计入的户（户编号、村、金额）："
                                       : "计入分子的户（户编号、村、分子、分母）：",
                             depth * 2};
                rc = kh_store_ind_households(db, a->year, std, prefix, hh_cb,
                                             &l, &err);
                if (!rc && l.total > l.listed) {
                    char more[32];
                    kh_fmt_int(l.total - l.listed, more, sizeof more);
                    rc = kh_buf_printf(&b, "        …另有 %s 户（加 --all 列出全部）\n",
                                       more);
                }
            }
        }
    }
    if (!rc) {
        prov_list pl = {&b, s};
        rc = kh_buf_adds(&b, "\n录入项来源（名称、值、环节、日期、来源）：\n");
        if (!rc)
            rc = kh_store_assess_inputs(db, a->scheme->name, a->year, a->level,
                                        a->version, g->code, prov_cb, &pl, &err);
    }
    if (rc) {
        if (!err.status)
            kh_error_msg(&err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
        goto done;
    }
write:
    if (rc) goto done;
    rc = kh_afile_open(&af, o->out, &err);
    if (!rc) {
        fwrite(b.data, 1, b.len, af.fp);
        rc = kh_afile_commit(&af, &err);
    }
done:
    kh_buf_free(&b);
    kh_indicators_free(ix);
    kh_regionset_free(rs);
    kh_standard_free(std);
    kh_assessment_free(a);
    kh_store_close(db);
    return rc ? cli_download_error(&err) : CLI_OK; /* a refusal: 1 */
}

static int list_cb(void *ctx, const char *scheme, int year, int level,
                   int version, const char *run_at, long long regions,
                   const char *inputs)
{
    (void)ctx;
    printf("%s\t%d\t%s\t%d\t%s\t%lld\t%s\n", scheme, year, kh_level_name(level),
           version, run_at, regions, inputs ? inputs : "");
    return 0;
}

static int do_list(opts *o)
{
    kh_error err;
    kh_error_clear(&err);
    kh_store *db = NULL;
    /* as the acting user: a role without regions sees no run (the use
     * case's rule, as GET /api/assessments) */
    kh_standard *std = cli_standard(o->standards);
    if (!std) return CLI_FAIL;
    int rc = cli_open_as(o->db, std, &db, &o->who, &err);
    kh_standard_free(std);
    if (!rc) rc = kh_app_assess_read_may(db, &o->who, NULL, NULL, &err);
    if (!rc) {
        printf("# 方案 scheme\t年度 year\t级别 level\t版本 version\t时间 run at\t"
               "区划数 regions\t录入文件 inputs\n");
        rc = kh_store_assess_runs(db, list_cb, NULL, &err);
    }
    kh_store_close(db);
    return rc ? cli_download_error(&err) : CLI_OK;
}

int cli_assess(int argc, char **argv)
{
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        cli_opts_help(&spec, NULL);
        return CLI_OK;
    }
    if (argc < 2)
        return cli_usage("kaohe assess template|run|show|explain|list ...",
                         "kaohe assess template|run|show|explain|list ...");
    const char *sub = argv[1];
    opts o;
    int rc;
    if (!strcmp(sub, "explain")) {
        if (argc < 3 || argv[2][0] == '-') {
            if ((rc = parse(argc, argv, sub, 2, &o)) != CLI_GO) return rc;
            return cli_usage("kaohe assess explain 区划代码 --scheme S --year YYYY "
                             "--level L", "kaohe assess explain REGION --scheme S "
                             "--year YYYY --level L");
        }
        if ((rc = parse(argc, argv, sub, 3, &o)) != CLI_GO) return rc;
        return do_explain(&o, argv[2]);
    }
    const char *only = NULL;
    int first = 2;
    if (!strcmp(sub, "show") && argc > 2 && argv[2][0] != '-') only = argv[2], first = 3;
    if ((rc = parse(argc, argv, sub, first, &o)) != CLI_GO) return rc;
    o.only = only;
    if (!strcmp(sub, "template")) return do_template(&o);
    if (!strcmp(sub, "run")) return do_run(&o);
    if (!strcmp(sub, "show")) return do_show(&o);
    return do_list(&o);
}
