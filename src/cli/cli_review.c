/* SPDX-License-Identifier: MIT */
/*
 * cli_review.c - `kaohe review --year YYYY`: the exit review (退出核查) of a
 * stored year. Every household against the household exit standard and
 * the seed documents' problem list (docs/review.md); the result is stored
 * in place of the year's previous review, and a summary printed: per code
 * the households flagged of those it applies to, the 拟退出 households,
 * the 贫困村 that may 出列 and the 贫困县 that may 摘帽, with the failing
 * conditions named.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "kaohe/afile.h"
#include "kaohe/app_review.h"
#include "kaohe/buf.h"
#include "kaohe/encoding.h"
#include "kaohe/fmt.h"
#include "kaohe/label.h"
#include "kaohe/review.h"
#include "kaohe/review_run.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"
#include "kaohe/tabwriter.h"

static const char usage_text[] =
    "kaohe review --year YYYY [--db FILE] [--standards FILE] [--findings]\n"
    "             [--format text|json|csv|xlsx] [-o FILE]\n"
    "  退出核查:逐户对照贫困户退出标准和问题清单(docs/review.md),结果存入\n"
    "  数据库(替换该年度上一次核查);列出各项问题的户数、拟退出户、可出列的\n"
    "  贫困村和可摘帽的贫困县(并写明未达到的条件)。\n"
    "  The exit review of a stored year: every household against the exit\n"
    "  standard and the problem list; stored, replacing the year's previous\n"
    "  review. Prints per code the households flagged / it applies to, the\n"
    "  households that may exit, and the poor villages and counties that may\n"
    "  exit, with the failing conditions.\n"
    "  Exit: 0 done, 2 usage, database or standards failure.\n";

typedef kh_app_review_area area_out;

/* The review as the use case returned it, and where to read the 拟退出
 * households back. */
typedef struct review_ctx {
    kh_store *store;
    int year;
    long long households, persons, skipped, nready;
    long long applies[KH_RV_COUNT], flagged[KH_RV_COUNT];
    const area_out *areas;
    size_t nareas;
    const kh_standard *std; /* [finding_label]: the codes' names */
} review_ctx;

/* A review code's Chinese name (the standards' [finding_label], else the
 * review's own table). */
static const char *code_label(const kh_standard *std, const char *code)
{
    const char *l = kh_label_finding(std, code);
    return l ? l : "问题";
}


/* Reader threads: one a processor, at most 16. */
static int cli_threads(void)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    return cpus > 0 ? (int)(cpus > 16 ? 16 : cpus) : 1;
}

static int is_county(const area_out *a)
{
    return kh_region_code_level(a->code, 12) == KH_LV_COUNTY;
}

static const char *verdict_word(const area_out *a)
{
    if (a->verdict == KH_AREA_UNKNOWN) return "unknown";
    if (a->verdict == KH_AREA_NOT_YET) return "not_yet";
    return a->pending ? "pending" : "may_exit";
}

static const char *verdict_zh(const area_out *a)
{
    if (a->verdict == KH_AREA_UNKNOWN) return "无法判断";
    if (a->verdict == KH_AREA_NOT_YET) return "暂不具备";
    return a->pending ? "贫困发生率达标，其余待评估" : "可以退出";
}

/* ---- text: plain Chinese, the codes only in JSON and CSV ---- */

static int text_ready(void *ctx, const char *hh_id, const char *village,
                      long long persons, kh_error *err)
{
    (void)err;
    fprintf(ctx, "  %s  %s  %lld 人\n", hh_id, village, persons);
    return KH_OK;
}

static void int_words(long long v, char *buf, size_t n)
{
    kh_fmt_int(v, buf, n);
}

static int write_text(FILE *fp, const review_ctx *c, int year,
                      const char *std_name, kh_error *err)
{
    char a[32], b[32];
    if (!strcmp(std_name, "national"))
        fprintf(fp, "%d 年退出核查（国家标准）\n", year);
    else
        fprintf(fp, "%d 年退出核查（标准文件：%s）\n", year, std_name);
    int_words(c->households, a, sizeof a);
    int_words(c->persons, b, sizeof b);
    fprintf(fp, "核查 %s 户 %s 人\n", a, b);
    if (c->skipped) {
        int_words(c->skipped, a, sizeof a);
        fprintf(fp, "有错误未核查 %s 户\n", a);
    }
    fprintf(fp, "\n各项问题（有问题户数 / 适用户数）：\n");
    for (int k = 0; k < KH_RV_COUNT; k++) {
        int_words(c->flagged[k], a, sizeof a);
        int_words(c->applies[k], b, sizeof b);
        fprintf(fp, "  %s：%s / %s\n", code_label(c->std, kh_review_codes[k]),
                a, b);
    }
    int_words(c->nready, a, sizeof a);
    fprintf(fp, "\n拟退出户（未脱贫且达到退出标准）：%s 户（户编号、村、人数）\n",
            a);
    if (kh_store_review_ready_each(c->store, c->year, text_ready, fp, err))
        return KH_ERR_DB;
    for (int county = 0; county < 2; county++) {
        size_t n = 0, ok = 0;
        for (size_t i = 0; i < c->nareas; i++)
            if (is_county(&c->areas[i]) == county) {
                n++;
                ok += c->areas[i].verdict == KH_AREA_MAY_EXIT &&
                      (!county || !c->areas[i].pending);
            }
        fprintf(fp, "\n%s：%zu 个，其中%s %zu 个\n",
                county ? "贫困县摘帽" : "贫困村出列", n,
                county ? "可以摘帽" : "可以出列", ok);
        for (size_t i = 0; i < c->nareas; i++) {
            const area_out *ar = &c->areas[i];
            if (is_county(ar) != county) continue;
            long long left = ar->poor - ar->ready;
            char rural[32], thr[32], inc[48], p1[32], p2[32], p3[32];
            kh_fmt_pct_short(ar->max_num, ar->max_den, thr, sizeof thr);
            int_words(ar->poor, p1, sizeof p1);
            int_words(ar->ready, p2, sizeof p2);
            int_words(left, p3, sizeof p3);
            fprintf(fp, "  %s %s  %s  贫困人口 %s - 拟退出 %s = %s 人，", ar->code,
                    ar->name, verdict_zh(ar), p1, p2, p3);
            if (ar->rural > 0) {
                int_words(ar->rural, rural, sizeof rural);
                kh_fmt_pct(left, ar->rural, 2, inc, sizeof inc);
                fprintf(fp, "农业户籍人口 %s 人，贫困发生率 %s", rural, inc);
            } else {
                fprintf(fp, "农业户籍人口未知");
            }
            fprintf(fp, "，%s阈值 %s\n", ar->western ? "西部地区" : "", thr);
            if (ar->zh[0]) fprintf(fp, "    %s\n", ar->zh);
        }
    }
    return KH_OK;
}

/* ---- JSON ---- */

typedef struct json_ready {
    kh_buf *b;
    FILE *fp;
    long long n;
} json_ready;

static int json_ready_item(void *ctx, const char *hh_id, const char *village,
                           long long persons, kh_error *err)
{
    json_ready *j = ctx;
    kh_buf *b = j->b;
    kh_buf_reset(b);
    int rc = kh_buf_adds(b, j->n++ ? ",\n  {\"hh_id\": " : "\n  {\"hh_id\": ");
    if (!rc) rc = kh_buf_json_str(b, hh_id, strlen(hh_id));
    if (!rc)
        rc = kh_buf_printf(b, ", \"village\": \"%s\", \"persons\": %lld}",
                           village, persons);
    if (rc || fwrite(b->data, 1, b->len, j->fp) != b->len)
        return kh_error_set(err, KH_ERR_IO, "io", "写入报告失败",
                            "cannot write the report");
    return KH_OK;
}

static int json_flush(kh_buf *b, FILE *fp)
{
    int rc = fwrite(b->data, 1, b->len, fp) != b->len ? KH_ERR_IO : KH_OK;
    kh_buf_reset(b);
    return rc;
}

static int write_json(kh_buf *b, FILE *fp, const review_ctx *c, int year,
                      const char *std_name, kh_error *err)
{
    int rc = kh_buf_printf(b, "{\"year\": %d, \"standards\": ", year);
    if (!rc) rc = kh_buf_json_str(b, std_name, strlen(std_name));
    if (!rc)
        rc = kh_buf_printf(b,
                           ", \"households\": %lld, \"persons\": %lld, "
                           "\"skipped\": %lld,\n \"codes\": [",
                           c->households, c->persons, c->skipped);
    for (int k = 0; k < KH_RV_COUNT && !rc; k++)
        rc = kh_buf_printf(b,
                           "%s\n  {\"code\": \"%s\", \"flagged\": %lld, "
                           "\"applies\": %lld}",
                           k ? "," : "", kh_review_codes[k], c->flagged[k],
                           c->applies[k]);
    if (!rc) rc = kh_buf_adds(b, "],\n \"exit_ready\": [");
    if (!rc) rc = json_flush(b, fp);
    if (!rc) {
        json_ready j = {b, fp, 0};
        if (kh_store_review_ready_each(c->store, c->year, json_ready_item, &j,
                                       err))
            return KH_ERR_DB;
        kh_buf_reset(b);
    }
    for (int county = 0; county < 2 && !rc; county++) {
        rc = kh_buf_adds(b, county ? "],\n \"counties\": ["
                                   : "],\n \"villages\": [");
        int first = 1;
        for (size_t i = 0; i < c->nareas && !rc; i++) {
            const area_out *a = &c->areas[i];
            if (is_county(a) != county) continue;
            rc = kh_buf_printf(b, "%s\n  {\"code\": \"%s\", \"name\": ",
                               first ? "" : ",", a->code);
            first = 0;
            if (!rc) rc = kh_buf_json_str(b, a->name, strlen(a->name));
            if (!rc)
                rc = kh_buf_printf(
                    b,
                    ", \"western\": %s, \"households\": %lld, \"persons\": "
                    "%lld, \"poor_persons\": %lld, \"ready_persons\": "
                    "%lld, \"rural_pop\": %lld, \"incidence\": {\"num\": "
                    "%lld, \"den\": %lld}, \"threshold\": {\"num\": %lld, "
                    "\"den\": %lld}, \"verdict\": \"%s\", \"reasons_zh\": ",
                    a->western ? "true" : "false", a->households, a->persons,
                    a->poor, a->ready, a->rural, a->poor - a->ready, a->rural,
                    a->max_num, a->max_den, verdict_word(a));
            if (!rc) rc = kh_buf_json_str(b, a->zh, strlen(a->zh));
            if (!rc) rc = kh_buf_adds(b, ", \"reasons_en\": ");
            if (!rc) rc = kh_buf_json_str(b, a->en, strlen(a->en));
            if (!rc) rc = kh_buf_adds(b, "}");
        }
    }
    if (!rc) rc = kh_buf_adds(b, "]");
    if (!rc) rc = json_flush(b, fp);
    if (rc)
        return kh_error_set(err, KH_ERR_IO, "io", "写入报告失败",
                            "cannot write the report");
    return KH_OK;
}

/* ---- CSV and XLSX: one table (CSV) or one sheet a section (XLSX) ---- */

/* CSV keeps the codes with the Chinese beside them (and the English
 * detail); the XLSX, a sheet people read, is Chinese only: its columns
 * are the first NTAB_XLSX, the section and the verdict in words. */
static const char *const tab_cols[] = {
    "部分 section", "代码 code",    "名称 name",      "数 num",
    "分母 den",     "结论 verdict", "说明 detail_zh", "说明(英文) detail_en"};
#define NTAB (sizeof tab_cols / sizeof tab_cols[0])

typedef struct tab {
    kh_tabwriter *w;
    int xlsx;
    const char *sheet;
    const kh_standard *std;
} tab;

/* The XLSX's header of each sheet (its first row): what the columns hold
 * there. */
static const char *const *xlsx_cols(const char *sheet)
{
    static const char *const sum[] = {"问题", "有问题户数", "适用户数", "说明"};
    static const char *const ready[] = {"户编号", "村", "人数", "说明"};
    static const char *const area[] = {"区划代码", "名称", "未脱贫人口（扣除拟退出）",
                                       "农业户籍人口", "结论", "说明"};
    static const char *const find[] = {"户编号", "问题", "成员序号", "行号",
                                       "取值", "说明"};
    if (!strcmp(sheet, "核查汇总")) return sum;
    if (!strcmp(sheet, "拟退出户")) return ready;
    if (!strcmp(sheet, "问题")) return find;
    return area;
}
static size_t xlsx_ncols(const char *sheet)
{
    return !strcmp(sheet, "核查汇总") || !strcmp(sheet, "拟退出户") ? 4 : 6;
}

/* One row of the XLSX from the CSV's cells (code, name, num, den,
 * verdict, zh, en): the codes replaced by their Chinese names. */
static int xlsx_row(tab *t, const char *sheet, const char *const *cells,
                    kh_error *err)
{
    int rc = KH_OK;
    size_t n = xlsx_ncols(sheet);
    if (!t->sheet || strcmp(t->sheet, sheet) != 0) {
        rc = kh_tabwriter_sheet(t->w, sheet, err);
        if (!rc) rc = kh_tabwriter_row(t->w, xlsx_cols(sheet), "hhhhhh", n, err);
        kh_tabwriter_freeze(t->w, 1, 0); /* the header stays in view */
        static const int width[6] = {20, 28, 12, 12, 16, 60};
        for (size_t i = 0; i < n; i++)
            kh_tabwriter_width(t->w, i, i + 1 == n ? 60 : width[i]);
        t->sheet = sheet;
    }
    const char *row[6];
    const char *types = "ssnnss";
    if (!strcmp(sheet, "核查汇总")) {
        /* name (the Chinese), flagged, applies, "" */
        row[0] = cells[1], row[1] = cells[2], row[2] = cells[3], row[3] = "";
        types = "snns";
    } else if (!strcmp(sheet, "拟退出户")) {
        row[0] = cells[0], row[1] = cells[1], row[2] = cells[2], row[3] = "";
        types = "ssns";
    } else if (!strcmp(sheet, "问题")) {
        /* code -> its name; hh, seq, row, value, zh */
        row[0] = cells[1], row[1] = code_label(t->std, cells[0]);
        row[2] = cells[2], row[3] = cells[3], row[4] = cells[4];
        row[5] = cells[5];
        types = "ssnnss";
    } else {
        row[0] = cells[0], row[1] = cells[1], row[2] = cells[2];
        row[3] = cells[3], row[4] = cells[7] ? cells[7] : "", row[5] = cells[5];
        types = "ssnnss";
    }
    if (!rc) rc = kh_tabwriter_row(t->w, row, types, n, err);
    return rc;
}

static int tab_row(tab *t, const char *section, const char *sheet,
                   const char *const *cells, kh_error *err)
{
    int rc = KH_OK;
    if (t->xlsx) return xlsx_row(t, sheet, cells, err);
    if (!t->sheet) {
        rc = kh_tabwriter_sheet(t->w, sheet, err);
        if (!rc) rc = kh_tabwriter_row(t->w, tab_cols, "hhhhhhhh", NTAB, err);
        t->sheet = sheet;
    }
    const char *row[NTAB];
    row[0] = section;
    for (size_t i = 1; i < NTAB; i++)
        row[i] = cells[i - 1];
    if (!rc) rc = kh_tabwriter_row(t->w, row, "sssnnsss", NTAB, err);
    return rc;
}

static int tab_ready(void *ctx, const char *hh_id, const char *village,
                     long long persons, kh_error *err)
{
    char n1[32];
    snprintf(n1, sizeof n1, "%lld", persons);
    const char *cells[] = {hh_id, village, n1, "", "拟退出", "", ""};
    return tab_row(ctx, "exit_ready", "拟退出户", cells, err);
}

static int write_table(tab *t, const review_ctx *c, kh_error *err)
{
    int rc = KH_OK;
    char n1[32], n2[32];
    for (int k = 0; k < KH_RV_COUNT && !rc; k++) {
        snprintf(n1, sizeof n1, "%lld", c->flagged[k]);
        snprintf(n2, sizeof n2, "%lld", c->applies[k]);
        /* the code and its Chinese name beside it */
        const char *cells[] = {kh_review_codes[k], kh_review_codes_zh[k], n1, n2,
                               "", "", ""};
        rc = tab_row(t, "code", "核查汇总", cells, err);
    }
    if (!rc) rc = kh_store_review_ready_each(c->store, c->year, tab_ready, t, err);
    for (int county = 0; county < 2 && !rc; county++)
        for (size_t i = 0; i < c->nareas && !rc; i++) {
            const area_out *a = &c->areas[i];
            if (is_county(a) != county) continue;
            snprintf(n1, sizeof n1, "%lld", a->poor - a->ready);
            snprintf(n2, sizeof n2, "%lld", a->rural);
            /* the verdict in words last: the XLSX's */
            const char *cells[] = {a->code,         a->name, n1,    n2,
                                   verdict_word(a), a->zh,   a->en, verdict_zh(a)};
            rc = tab_row(t, county ? "county" : "village",
                         county ? "贫困县" : "贫困村", cells, err);
        }
    return rc;
}

/* ---- the stored findings (--findings), streamed from the database ---- */

typedef struct list_ctx {
    int format;
    FILE *fp;
    kh_buf *b;
    tab *t;
    long n;
    const kh_standard *std;
} list_ctx;

static int list_finding(void *vctx, const kh_review_row *r, kh_error *err)
{
    list_ctx *l = vctx;
    char seq[16], row[24];
    snprintf(seq, sizeof seq, "%d", r->member_seq);
    snprintf(row, sizeof row, "%ld", r->row);
    int rc = KH_OK;
    if (l->format == CLI_FMT_TEXT) {
        fprintf(l->fp, "  %s 第%s行【%s】%s\n", r->hh_id, row,
                code_label(l->std, r->code), r->zh);
    } else if (l->format == CLI_FMT_JSON) {
        kh_buf *b = l->b;
        kh_buf_reset(b);
        rc = kh_buf_printf(b, "%s\n  {\"hh_id\": ", l->n ? "," : "");
        if (!rc) rc = kh_buf_json_str(b, r->hh_id, strlen(r->hh_id));
        if (!rc)
            rc = kh_buf_printf(b,
                               ", \"village\": \"%s\", \"row\": %ld, "
                               "\"code\": \"%s\", \"member_seq\": %d, "
                               "\"id_no\": \"%s\", \"value\": ",
                               r->village, r->row, r->code, r->member_seq,
                               r->id_no);
        if (!rc) rc = kh_buf_json_str(b, r->value, strlen(r->value));
        if (!rc) rc = kh_buf_adds(b, ", \"message_zh\": ");
        if (!rc) rc = kh_buf_json_str(b, r->zh, strlen(r->zh));
        if (!rc) rc = kh_buf_adds(b, ", \"message_en\": ");
        if (!rc) rc = kh_buf_json_str(b, r->en, strlen(r->en));
        if (!rc) rc = kh_buf_adds(b, "}");
        if (!rc && fwrite(b->data, 1, b->len, l->fp) != b->len) rc = KH_ERR_IO;
        if (rc)
            return kh_error_set(err, KH_ERR_IO, "io", "写入报告失败",
                                "cannot write the report");
    } else {
        const char *cells[] = {r->code,  r->hh_id, seq,  row,
                               r->value, r->zh,    r->en};
        rc = tab_row(l->t, "finding", "问题", cells, err);
    }
    l->n++;
    return rc;
}

typedef struct opts {
    const char *db, *standards, *format, *out;
    int year, findings;
} opts;

#define O(f) offsetof(opts, f)
static const cli_option table[] = {
    CLI_OPT_YEAR_LINE(O(year), NULL),
    CLI_OPT_DB(O(db), NULL),
    CLI_OPT_STANDARDS(O(standards), NULL),
    {"--findings", NULL, CLI_FLAG, O(findings), NULL, NULL,
     "列出每条问题 / list every finding"},
    CLI_OPT_FORMAT(O(format), NULL, "text|json|csv|xlsx"),
    CLI_OPT_OUT(O(out), NULL),
    CLI_END};

static const cli_spec spec = {"review", usage_text, table, NULL, 0};

int cli_review(int argc, char **argv)
{
    opts o = {.db = "kaohe.db", .format = "text"};
    int prc = cli_opts_parse(&spec, NULL, argc, argv, 1, &o, NULL);
    if (prc != CLI_GO) return prc;
    const char *db = o.db, *std_file = o.standards, *format = o.format,
               *out = o.out;
    int findings = o.findings;
    if (!o.year)
        return cli_usage("需要 --year YYYY", "--year YYYY is required");
    int year = o.year;
    int fmt = cli_parse_format(format);
    if (fmt < 0) return CLI_FAIL;
    if (fmt == CLI_FMT_XLSX && (!out || !strcmp(out, "-")))
        return cli_usage("--format xlsx 需要用 -o 指定输出文件",
                         "--format xlsx needs -o FILE");

    kh_error err;
    kh_error_clear(&err);
    int status = CLI_FAIL;
    review_ctx c;
    memset(&c, 0, sizeof c);
    kh_app_review res;
    memset(&res, 0, sizeof res);
    kh_store *store = NULL;
    kh_buf json = KH_BUF_INIT;
    kh_standard *std = cli_standard(std_file);
    const char *std_name = std_file ? std_file : "national";
    if (!std) goto done;
    if (kh_store_open(db, KH_STORE_OPEN, &store, &err)) {
        cli_report_error(&err);
        goto done;
    }
    int today[3];
    cli_today(today);
    /* Who may, the review and its audit entry: the use case. */
    kh_actor who;
    int rc = cli_actor(store, std, &who, &err);
    if (!rc)
        rc = kh_app_review_run(store, std, std_name, &who, year, today,
                               cli_threads(), &res, &err);
    if (rc) {
        if (err.code[0] && !strcmp(err.code, "year_missing"))
            kh_error_at(&err, db, 0, 0, NULL);
        cli_report_error(&err);
        if (err.status == KH_ERR_DENIED) status = CLI_FINDINGS;
        goto done;
    }
    c.store = store;
    c.year = year;
    c.households = res.tot.households;
    c.persons = res.tot.persons;
    c.skipped = res.tot.skipped;
    c.nready = res.tot.exit_ready;
    memcpy(c.applies, res.tot.applies, sizeof c.applies);
    memcpy(c.flagged, res.tot.flagged, sizeof c.flagged);
    c.areas = res.areas;
    c.nareas = res.nareas;
    c.std = std;
    /* 部门数据比对 with the review when lists are loaded (docs/dept.md) */
    long long ndept = -1;
    rc = cli_dept_review(store, std, year, &ndept, &err);
    if (rc) {
        cli_report_error(&err);
        goto done;
    }
    if (fmt == CLI_FMT_CSV || fmt == CLI_FMT_XLSX) {
        tab t = {NULL, fmt == CLI_FMT_XLSX, NULL, std};
        if (kh_tabwriter_open(out ? out : "-",
                              fmt == CLI_FMT_CSV ? KH_TAB_CSV : KH_TAB_XLSX,
                              KH_ENC_UTF8_BOM, &t.w, &err) ||
            write_table(&t, &c, &err) ||
            (findings &&
             kh_store_review_each(store, year, list_finding,
                                  &(list_ctx){fmt, NULL, NULL, &t, 0, std},
                                  &err))) {
            kh_tabwriter_free(t.w);
            cli_report_error(&err);
            goto done;
        }
        if (kh_tabwriter_close(t.w, &err)) {
            cli_report_error(&err);
            goto done;
        }
    } else {
        kh_afile af;
        memset(&af, 0, sizeof af);
        if (kh_afile_open(&af, out, &err)) {
            cli_report_error(&err);
            goto done;
        }
        list_ctx l = {fmt, af.fp, &json, NULL, 0, std};
        if (fmt == CLI_FMT_JSON) {
            if (write_json(&json, af.fp, &c, year, std_name, &err)) {
                kh_afile_abort(&af);
                cli_report_error(&err);
                goto done;
            }
            if (findings) fputs(",\n \"findings\": [", af.fp);
        } else {
            if (write_text(af.fp, &c, year, std_name, &err)) {
                kh_afile_abort(&af);
                cli_report_error(&err);
                goto done;
            }
            if (findings) fputs("\n各户问题：\n", af.fp);
        }
        if (findings &&
            kh_store_review_each(store, year, list_finding, &l, &err)) {
            kh_afile_abort(&af);
            cli_report_error(&err);
            goto done;
        }
        if (fmt == CLI_FMT_JSON) fputs(findings ? "]}\n" : "}\n", af.fp);
        if (kh_afile_commit(&af, &err)) {
            cli_report_error(&err);
            goto done;
        }
    }
    if (ndept >= 0)
        fprintf(stderr,
                "kaohe: 部门数据比对已一并运行:%lld 条问题(kaohe dept findings --year %d)\n"
                "kaohe: the department comparison ran too: %lld findings\n",
                ndept, year, ndept);
    status = CLI_OK;
done:
    kh_buf_free(&json);
    kh_app_review_free(&res);
    kh_store_close(store);
    kh_standard_free(std);
    return status;
}
