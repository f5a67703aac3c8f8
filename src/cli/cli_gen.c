/* SPDX-License-Identifier: MIT */
/*
 * cli_gen.c - `kaohe gen`: write a synthetic region list (regions.csv) and
 * 建档立卡 registry (registry.csv), or both as XLSX, into a directory, with
 * faults.csv beside them listing the faults injected on request (row,
 * 户编号, 证件号码 and the finding code `kaohe check` must report there).
 * The data come from the generator in src/domain/gen.c; this file only
 * parses options and writes through kh_tabwriter.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "kaohe/date.h"
#include "kaohe/encoding.h"
#include "kaohe/dept.h"
#include "kaohe/gen.h"
#include "kaohe/gen_dept.h"
#include "kaohe/gen_roster.h"
#include "kaohe/registry.h"
#include "kaohe/survey.h"
#include "kaohe/tabwriter.h"

static const char usage_text[] =
    "kaohe gen --persons N --out DIR [--seed S] [--faults K]\n"
    "          [--format csv|xlsx] [--encoding utf-8|gb18030] [--year YYYY]\n"
    "          [--province CODE] [--profile clean|realistic] [--dept]\n"
    "          [--roster [--wrong-exit-rate R] [--missed-rate R]\n"
    "           [--approval-rate R] [--roster-share R]]\n"
    "  生成模拟的行政区划表(regions)和建档立卡表(registry),写入目录 DIR\n"
    "  (不存在则创建),并写出 faults.csv:注入的 K 处错误各在哪一行、应报\n"
    "  哪个错误代码。同样的参数总是生成同样的文件。默认:--seed 1、\n"
    "  --faults 0、--format csv、--encoding utf-8、--year 2019、\n"
    "  --province 53(云南省)、--profile clean。\n"
    "  Write a synthetic region list and registry of N persons into DIR\n"
    "  (created if missing), and faults.csv: the row, household, ID number\n"
    "  and finding code of each of the K injected faults. The same options\n"
    "  always give the same files. XLSX holds at most 1,048,575 persons.\n"
    "  --dept 另写出各类部门名单 dept_KIND 与 dept_truth.csv(应有的比对结果,\n"
    "  docs/dept.md)/ --dept also writes the department lists and their truth.\n"
    "  --profile clean(默认):退出核查的规则不标记任何户;realistic:按\n"
    "  docs/gen.md 所列比例(约六成户至少有一条警示),如整改前的县。\n"
    "  --profile clean (the default): no review rule flags a household;\n"
    "  realistic: the rules fire at the rates of docs/gen.md (about six\n"
    "  households in ten have a warning), as in a county before rectification.\n"
    "  --roster 另写出 roster(非建档立卡农户花名册)和 truth.csv(隐藏真值:\n"
    "  哪些已脱贫户实际不达标、哪些非建档立卡户实际贫困、谁认可;默认\n"
    "  3%、1%、95%,各村围绕该值变化);--roster-share 只写出部分非建档\n"
    "  立卡人口(默认 1 即全部)。\n"
    "  --roster also writes roster (the non-registered households) and\n"
    "  truth.csv (which exited households truly fail the standard, which\n"
    "  non-registered are truly poor, who approves; defaults 3%, 1%, 95%,\n"
    "  varying by village); --roster-share keeps a share of the\n"
    "  non-registered population (default 1, all of it).\n";

#define XLSX_MAX_ROWS 1048575LL /* data rows under the header */

typedef struct gen_out {
    kh_tabwriter *data;   /* regions or registry */
    kh_tabwriter *faults; /* faults.csv */
    kh_gen_dept *dept;    /* --dept: fed the registry's rows, or NULL */
} gen_out;

static int put_row(void *ctx, const char *const *cells, size_t n, kh_error *err)
{
    gen_out *o = ctx;
    int rc = kh_tabwriter_row(o->data, cells, NULL, n, err);
    if (!rc && o->dept) rc = kh_gen_dept_feed(o->dept, cells, n, err);
    return rc;
}

/* --dept: one writer per kind of list and dept_truth.csv. */
typedef struct dept_out {
    kh_tabwriter *w[16];
    kh_tabwriter *truth;
} dept_out;

static int put_dept_row(void *ctx, int kind, const char *const *cells,
                        size_t n, kh_error *err)
{
    return kh_tabwriter_row(((dept_out *)ctx)->w[kind], cells, NULL, n, err);
}

static int put_dept_truth(void *ctx, const char *code, const char *hh_id,
                          const char *id_no, kh_error *err)
{
    const char *cells[3] = {code, hh_id, id_no};
    return kh_tabwriter_row(((dept_out *)ctx)->truth, cells, NULL, 3, err);
}

static int put_fault(void *ctx, const kh_gen_fault *f, kh_error *err)
{
    gen_out *o = ctx;
    char row[24];
    snprintf(row, sizeof row, "%lld", f->row);
    const char *cells[4] = {row, f->hh_id, f->id_no, f->code};
    return kh_tabwriter_row(o->faults, cells, NULL, 4, err);
}

static int put_header(kh_tabwriter *w, const char *const *names, size_t n,
                      kh_error *err)
{
    char types[64];
    memset(types, 'h', n);
    types[n] = '\0';
    return kh_tabwriter_row(w, names, types, n, err);
}

/* mkdir -p */
static int make_dir(const char *path, kh_error *err)
{
    char buf[4096];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof buf)
        return kh_error_set(err, KH_ERR_USAGE, "usage", "目录名无效",
                            "invalid directory name");
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0') continue;
        char c = buf[i];
        buf[i] = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
            int e = errno;
            kh_error_set(err, KH_ERR_IO, "io", "无法创建目录:%s",
                         "cannot create the directory: %s", strerror(e));
            kh_error_at(err, buf, 0, 0, NULL);
            return KH_ERR_IO;
        }
        buf[i] = c;
    }
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        kh_error_set(err, KH_ERR_IO, "io", "不是目录", "not a directory");
        kh_error_at(err, path, 0, 0, NULL);
        return KH_ERR_IO;
    }
    return KH_OK;
}

static int out_path(char *buf, size_t n, const char *dir, const char *name,
                    const char *ext, kh_error *err)
{
    if ((size_t)snprintf(buf, n, "%s/%s.%s", dir, name, ext) >= n)
        return kh_error_set(err, KH_ERR_USAGE, "usage", "路径过长",
                            "path too long");
    return KH_OK;
}

/* Write the region list, the registry and faults.csv. */
static int write_all(kh_gen *g, const char *dir, int format, int enc,
                     int year, uint64_t seed, int dept, kh_error *err)
{
    const char *ext = format == KH_TAB_XLSX ? "xlsx" : "csv";
    char path[4200], fpath[4200];
    const char *names[KH_C_COUNT];
    gen_out o = {NULL, NULL, NULL};
    dept_out dw;
    memset(&dw, 0, sizeof dw);
    int nk = 0;
    const kh_dept_kind *kinds = kh_dept_kinds(&nk);
    int rc = out_path(path, sizeof path, dir, "regions", ext, err);
    if (!rc) rc = kh_tabwriter_open(path, format, enc, &o.data, err);
    if (!rc) rc = kh_tabwriter_sheet(o.data, "regions", err);
    for (int i = 0; i < KH_R_COUNT; i++)
        names[i] = kh_region_cols[i].zh;
    if (!rc) rc = put_header(o.data, names, KH_R_COUNT, err);
    if (!rc) rc = kh_gen_regions(g, put_row, &o, err);
    if (rc) goto fail;
    rc = kh_tabwriter_close(o.data, err);
    o.data = NULL;
    if (rc) goto fail;

    static const char *const fault_cols[4] = {"row", "hh_id", "id_no", "code"};
    rc = out_path(path, sizeof path, dir, "registry", ext, err);
    if (!rc) rc = out_path(fpath, sizeof fpath, dir, "faults", "csv", err);
    if (!rc) rc = kh_tabwriter_open(path, format, enc, &o.data, err);
    if (!rc) rc = kh_tabwriter_sheet(o.data, "registry", err);
    if (!rc)
        rc = kh_tabwriter_open(fpath, KH_TAB_CSV, KH_ENC_UTF8, &o.faults, err);
    for (int i = 0; i < KH_C_COUNT; i++)
        names[i] = kh_registry_cols[i].zh;
    if (!rc) rc = put_header(o.data, names, KH_C_COUNT, err);
    if (!rc) rc = put_header(o.faults, fault_cols, 4, err);
    for (int k = 0; dept && !rc && k < nk; k++) {
        char name[64];
        snprintf(name, sizeof name, "dept_%s", kinds[k].key);
        rc = out_path(path, sizeof path, dir, name, ext, err);
        if (!rc) rc = kh_tabwriter_open(path, format, enc, &dw.w[k], err);
        if (!rc) rc = kh_tabwriter_sheet(dw.w[k], kinds[k].key, err);
    }
    if (dept && !rc) {
        static const char *const tcols[3] = {"code", "hh_id", "id_no"};
        rc = out_path(path, sizeof path, dir, "dept_truth", "csv", err);
        if (!rc) rc = kh_tabwriter_open(path, KH_TAB_CSV, KH_ENC_UTF8, &dw.truth, err);
        if (!rc) rc = put_header(dw.truth, tcols, 3, err);
        if (!rc) rc = kh_gen_dept_new(year, seed, put_dept_row, put_dept_truth, &dw, &o.dept, err);
        if (!rc) rc = kh_gen_dept_headers(o.dept, err);
    }
    if (!rc) rc = kh_gen_registry(g, put_row, put_fault, &o, err);
    if (!rc && o.dept) rc = kh_gen_dept_finish(o.dept, err);
    for (int k = 0; dept && !rc && k < nk; k++) {
        rc = kh_tabwriter_close(dw.w[k], err);
        dw.w[k] = NULL;
    }
    if (dept && !rc) {
        rc = kh_tabwriter_close(dw.truth, err);
        dw.truth = NULL;
    }
    kh_gen_dept_free(o.dept);
    o.dept = NULL;
    if (rc) goto fail;
    rc = kh_tabwriter_close(o.data, err);
    o.data = NULL;
    if (rc) goto fail;
    rc = kh_tabwriter_close(o.faults, err);
    o.faults = NULL;
    if (rc) goto fail;
    return KH_OK;
fail:
    kh_tabwriter_free(o.data);
    kh_tabwriter_free(o.faults);
    kh_gen_dept_free(o.dept);
    for (int k = 0; k < 16; k++) kh_tabwriter_free(dw.w[k]);
    kh_tabwriter_free(dw.truth);
    return rc;
}

static int put_any(void *ctx, const char *const *cells, size_t n,
                   kh_error *err)
{
    return kh_tabwriter_row(ctx, cells, NULL, n, err);
}

typedef struct roster_out {
    kh_tabwriter *roster, *truth;
} roster_out;

static int put_roster(void *ctx, const char *const *cells, size_t n,
                      kh_error *err)
{
    return put_any(((roster_out *)ctx)->roster, cells, n, err);
}

static int put_truth(void *ctx, const char *const *cells, size_t n,
                     kh_error *err)
{
    return put_any(((roster_out *)ctx)->truth, cells, n, err);
}

/* roster.csv|xlsx and truth.csv (kaohe gen --roster). */
static int write_roster(kh_gen *g, const kh_gen_truth_opts *to,
                        const char *dir, int format, int enc, kh_error *err)
{
    const char *ext = format == KH_TAB_XLSX ? "xlsx" : "csv";
    char path[4200], tpath[4200];
    roster_out o = {NULL, NULL};
    const char *names[KH_RO_COUNT];
    for (int i = 0; i < KH_RO_COUNT; i++)
        names[i] = kh_roster_cols[i].zh;
    int rc = out_path(path, sizeof path, dir, "roster", ext, err);
    if (!rc) rc = out_path(tpath, sizeof tpath, dir, "truth", "csv", err);
    if (!rc) rc = kh_tabwriter_open(path, format, enc, &o.roster, err);
    if (!rc) rc = kh_tabwriter_sheet(o.roster, "roster", err);
    if (!rc)
        rc = kh_tabwriter_open(tpath, KH_TAB_CSV, KH_ENC_UTF8, &o.truth, err);
    if (!rc) rc = put_header(o.roster, names, KH_RO_COUNT, err);
    if (!rc) rc = put_header(o.truth, kh_truth_cols, KH_TRUTH_COLS, err);
    if (!rc) rc = kh_gen_roster(g, to, put_roster, put_truth, &o, err);
    if (!rc) {
        kh_tabwriter *w = o.roster;
        o.roster = NULL;
        rc = kh_tabwriter_close(w, err);
    }
    if (!rc) {
        kh_tabwriter *w = o.truth;
        o.truth = NULL;
        rc = kh_tabwriter_close(w, err);
    }
    kh_tabwriter_free(o.roster);
    kh_tabwriter_free(o.truth);
    return rc;
}

static int rate_opt(const char *opt, const char *v, double *out)
{
    char *end;
    double x = strtod(v, &end);
    if (end != v && *end == '%' && !end[1]) {
        x /= 100;
        end++;
    }
    if (end == v || *end || !(x >= 0 && x <= 1)) {
        char zh[160], en[160];
        snprintf(zh, sizeof zh, "%s 的值“%s”不是 0 与 1 之间的比率", opt, v);
        snprintf(en, sizeof en, "%s: '%s' is not a rate between 0 and 1", opt,
                 v);
        return cli_usage(zh, en);
    }
    *out = x;
    return 0;
}

static int ymd(const int t[3])
{
    return t[0] * 10000 + t[1] * 100 + t[2];
}

typedef struct opts {
    const char *out, *encoding, *format, *wrong, *missed, *approval, *share;
    const char *profile;
    long long persons, seed, faults;
    int year, province, roster, dept;
} opts;

#define O(f) offsetof(opts, f)
static const cli_option table[] = {
    {"--persons", "N", CLI_LONG, O(persons), NULL, "1..",
     "建档立卡人数 / registered persons"},
    {"--out", "DIR", CLI_PATH, O(out), NULL, NULL,
     "输出目录 / the output folder"},
    {"--seed", "S", CLI_LONG, O(seed), NULL, "0..",
     "随机种子(默认 1) / the seed (default 1)"},
    {"--faults", "K", CLI_LONG, O(faults), NULL, "0..",
     "注入的错误数(默认 0) / faults to inject (default 0)"},
    {"--format", "F", CLI_ENUM, O(format), NULL, "csv|xlsx",
     "文件格式(默认 csv) / file format (default csv)"},
    {"--encoding", "E", CLI_STR, O(encoding), NULL, NULL,
     "CSV 编码 utf-8 或 gb18030 / CSV encoding, utf-8 or gb18030"},
    {"--year", "YYYY", CLI_YEAR_ANY, O(year), NULL, "2014..2099",
     "年度(默认 2019) / the year (default 2019)"},
    {"--province", "CODE", CLI_INT, O(province), NULL, "11..99",
     "两位省级代码(默认 53) / 2-digit province code (default 53)"},
    {"--profile", "P", CLI_ENUM, O(profile), NULL, "clean|realistic",
     "clean(默认):核查规则不标记任何户;realistic:按 docs/gen.md 的比例 / "
     "clean (default): no review rule fires; realistic: at docs/gen.md's "
     "rates"},
    {"--roster", NULL, CLI_FLAG, O(roster), NULL, NULL,
     "另写出非建档立卡花名册和真值 / also the roster and the truth"},
    {"--dept", NULL, CLI_FLAG, O(dept), NULL, NULL,
     "另写出各类部门名单和 dept_truth.csv / also the department lists and "
     "their truth"},
    {"--wrong-exit-rate", "R", CLI_STR, O(wrong), NULL, NULL,
     "错退率(默认 3%) / share of wrong exits (default 3%)"},
    {"--missed-rate", "R", CLI_STR, O(missed), NULL, NULL,
     "漏评率(默认 1%) / share of missed poor (default 1%)"},
    {"--approval-rate", "R", CLI_STR, O(approval), NULL, NULL,
     "认可度(默认 95%) / approval (default 95%)"},
    {"--roster-share", "R", CLI_STR, O(share), NULL, NULL,
     "写出的非建档立卡人口比例(默认 1) / share of the roster written"},
    CLI_END};

static const cli_spec spec = {"gen", usage_text, table, NULL, 0};

int cli_gen(int argc, char **argv)
{
    opts op = {.encoding = "utf-8", .format = "csv", .persons = -1,
               .seed = -1, .faults = -1};
    int prc = cli_opts_parse(&spec, NULL, argc, argv, 1, &op, NULL);
    if (prc != CLI_GO) return prc;
    const char *out = op.out, *enc_s = op.encoding, *format_s = op.format,
               *wrong_s = op.wrong, *missed_s = op.missed,
               *approval_s = op.approval, *share_s = op.share;
    int roster = op.roster, dept = op.dept;
    if (op.persons < 0 || !out)
        return cli_usage("需要 --persons N 和 --out DIR(kaohe gen --help)",
                         "--persons N and --out DIR are required (kaohe gen "
                         "--help)");
    kh_gen_opts o;
    kh_gen_opts_init(&o);
    o.persons = op.persons;
    if (op.seed >= 0) o.seed = (uint64_t)op.seed;
    if (op.faults >= 0) o.faults = op.faults;
    if (op.year) o.year = op.year;
    if (op.province) o.province = op.province;
    if (op.profile && !strcmp(op.profile, "realistic"))
        o.profile = KH_GEN_REALISTIC;
    kh_gen_truth_opts to;
    kh_gen_truth_opts_init(&to);
    to.seed = o.seed;
    if ((wrong_s || missed_s || approval_s || share_s) && !roster)
        return cli_usage("--wrong-exit-rate 等选项需与 --roster 一起使用",
                         "--wrong-exit-rate and the like go with --roster");
    if ((wrong_s && rate_opt("--wrong-exit-rate", wrong_s,
                             &to.wrong_exit_rate)) ||
        (missed_s && rate_opt("--missed-rate", missed_s, &to.missed_rate)) ||
        (approval_s &&
         rate_opt("--approval-rate", approval_s, &to.approval_rate)) ||
        (share_s && rate_opt("--roster-share", share_s, &to.roster_share)))
        return CLI_FAIL;
    int format;
    if (!strcmp(format_s, "csv"))
        format = KH_TAB_CSV;
    else if (!strcmp(format_s, "xlsx"))
        format = KH_TAB_XLSX;
    else
        return cli_usage("--format 只能是 csv 或 xlsx",
                         "--format must be csv or xlsx");
    int enc = kh_encoding_parse(enc_s);
    if (enc == KH_ENC_UNKNOWN)
        return cli_usage("--encoding 只能是 utf-8 或 gb18030",
                         "--encoding must be utf-8 or gb18030");
    if (format == KH_TAB_XLSX && o.persons > XLSX_MAX_ROWS)
        return cli_usage("XLSX 工作表最多 1048575 行数据,请用 --format csv",
                         "an XLSX sheet holds at most 1,048,575 data rows; "
                         "use --format csv");
    /* Clean visit dates are never after today, whichever today the check
     * will use (KAOHE_TODAY or the clock); visit_future faults are after
     * both. */
    int env_today[3], real[3];
    cli_today(env_today);
    kh_date_today(&real[0], &real[1], &real[2]);
    int a = ymd(env_today), b = ymd(real);
    o.today = a < b ? a : b;
    o.future_after = a > b ? a : b;

    kh_error err;
    kh_error_clear(&err);
    kh_gen *g = NULL;
    int rc = kh_gen_new(&o, &g, &err);
    if (!rc) rc = make_dir(out, &err);
    if (!rc) rc = write_all(g, out, format, enc, o.year, o.seed, dept, &err);
    if (!rc && roster) rc = write_roster(g, &to, out, format, enc, &err);
    if (rc) {
        kh_gen_free(g);
        return cli_report_error(&err);
    }
    kh_gen_stats st;
    kh_gen_get_stats(g, &st);
    kh_gen_free(g);
    fprintf(stderr,
            "kaohe gen: %lld 人 %lld 户 %lld 个村,注入错误 %lld 处 → %s / "
            "%lld persons, %lld households, %lld villages, %lld faults "
            "written to %s\n",
            st.persons, st.households, st.villages, st.faults, out, st.persons,
            st.households, st.villages, st.faults, out);
    return CLI_OK;
}
