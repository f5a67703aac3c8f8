/* SPDX-License-Identifier: MIT */
/*
 * cli_diff.c - `kaohe diff --from Y1 --to Y2`: 动态调整 between two stored
 * years: households newly identified, exited, returned to poverty,
 * removed, re-numbered and moved, members added, gone and moved between
 * households, and the median change of 人均纯收入, counted in total and per
 * region, and listed on request. Text, JSON, CSV or XLSX
 * (docs/cli/diff.md); the matching itself is kh_diff_* in the store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "kaohe/afile.h"
#include "kaohe/app_reads.h"
#include "kaohe/buf.h"
#include "kaohe/encoding.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"
#include "kaohe/tabwriter.h"

static const char usage_text[] =
    "kaohe diff --from YYYY --to YYYY [--db FILE] [--region CODE]\n"
    "           [--level province|city|county|township|village]\n"
    "           [--list CATEGORY|all] [--format text|json|csv|xlsx] [-o FILE]\n"
    "           [--lang zh|en]\n"
    "  动态调整:两个已存年度之间新识别、脱贫、返贫、清退、户编号变更、迁移的户,\n"
    "  新增、减少、转户的成员,人均纯收入变化中位数;合计并按区划统计。\n"
    "  What changed between two stored years, in total and per region.\n"
    "  CATEGORY: new exited returned removed renumbered moved members_added\n"
    "            members_gone members_moved\n";

static const struct {
    const char *zh, *en;
} cat_label[KH_DIFF_NCAT] = {
    {"新识别", "new"},
    {"脱贫", "exited"},
    {"返贫", "returned to poverty"},
    {"清退", "removed"},
    {"户编号变更", "re-numbered"},
    {"迁移", "moved"},
    {"新增成员", "members added"},
    {"减少成员", "members gone"},
    {"成员转户", "members moved"},
};

static const char *const level_key[] = {"total", "province", "city",
                                        "county", "township", "village"};
static const char *const level_zh[] = {"合计", "省", "市", "县", "乡", "村"};

typedef struct out {
    int fmt, en, y1, y2, level;
    FILE *fp;         /* text and JSON */
    kh_tabwriter *w;  /* CSV and XLSX */
    kh_buf b;         /* scratch for JSON strings */
    int first;        /* JSON: no comma before the next element */
    long long listed; /* items of the current list */
} out;

/* Yuan from 分, "-12.05"; with sign, "+" for positive values. */
static const char *yuan(char buf[32], long long fen, int sign)
{
    unsigned long long a = fen < 0 ? 0ULL - (unsigned long long)fen
                                   : (unsigned long long)fen;
    snprintf(buf, 32, "%s%llu.%02llu",
             fen < 0 ? "-" : sign && fen > 0 ? "+" : "", a / 100, a % 100);
    return buf;
}

static const char *lbl(const out *o, const char *zh, const char *en)
{
    return o->en ? en : zh;
}

/* ---- JSON ---- */

static void jstr(out *o, const char *s)
{
    if (!s) {
        fputs("null", o->fp);
        return;
    }
    kh_buf_reset(&o->b);
    if (kh_buf_json_str(&o->b, s, strlen(s)) == KH_OK)
        fwrite(o->b.data, 1, o->b.len, o->fp);
    else /* only past the buffer's cap; keep the document valid */
        fputs("null", o->fp);
}

static void jkey(out *o, const char *key)
{
    fprintf(o->fp, ", \"%s\": ", key);
}

static void jmedian(out *o, const kh_diff_count *c)
{
    fprintf(o->fp, "{\"households\": %lld", c->income_n);
    if (c->income_n > 0)
        fprintf(o->fp,
                ", \"median_from\": %lld, \"median_to\": %lld, "
                "\"median_change\": %lld}",
                c->income_from, c->income_to, c->income_change);
    else
        fprintf(o->fp, ", \"median_from\": null, \"median_to\": null, "
                       "\"median_change\": null}");
}

static int json_count(void *ctx, const kh_diff_count *c, kh_error *err)
{
    out *o = ctx;
    (void)err;
    fputs(o->first ? "{" : ",\n  {", o->fp);
    o->first = 0;
    if (c->level) {
        fprintf(o->fp, "\"code\": \"%s\", \"name\": ", c->code);
        jstr(o, c->name);
        fputs(", ", o->fp);
    }
    fprintf(o->fp,
            "\"households_from\": %lld, \"persons_from\": %lld, "
            "\"households_to\": %lld, \"persons_to\": %lld",
            c->households_from, c->persons_from, c->households_to,
            c->persons_to);
    for (int k = 0; k < KH_DIFF_NCAT; k++)
        fprintf(o->fp, ", \"%s\": {\"households\": %lld, \"persons\": %lld}",
                kh_diff_cat_name(k), c->households[k], c->persons[k]);
    jkey(o, "income");
    jmedian(o, c);
    fputs("}", o->fp);
    return KH_OK;
}

static int json_income(void *ctx, const kh_diff_count *c, kh_error *err)
{
    out *o = ctx;
    (void)err;
    if (c->income_n == 0) return KH_OK;
    fputs(o->first ? "{" : ",\n    {", o->fp);
    o->first = 0;
    fprintf(o->fp, "\"code\": \"%s\", \"name\": ", c->code);
    jstr(o, c->name);
    fprintf(o->fp,
            ", \"households\": %lld, \"median_from\": %lld, \"median_to\": "
            "%lld, \"median_change\": %lld}",
            c->income_n, c->income_from, c->income_to, c->income_change);
    return KH_OK;
}

static int json_transition(void *ctx, const kh_diff_transition *t,
                           kh_error *err)
{
    out *o = ctx;
    (void)err;
    fputs(o->first ? "{\"from\": " : ",\n  {\"from\": ", o->fp);
    o->first = 0;
    jstr(o, t->from);
    fputs(", \"to\": ", o->fp);
    jstr(o, t->to);
    fprintf(o->fp, ", \"households\": %lld, \"persons\": %lld}",
            t->households, t->persons);
    return KH_OK;
}

static void jll(out *o, const char *key, long long v, int known)
{
    if (known) fprintf(o->fp, ", \"%s\": %lld", key, v);
    else fprintf(o->fp, ", \"%s\": null", key);
}

static int json_item(void *ctx, const kh_diff_item *it, kh_error *err)
{
    out *o = ctx;
    (void)err;
    fputs(o->listed++ ? ",\n    {" : "\n    {", o->fp);
    fputs("\"region\": ", o->fp);
    jstr(o, it->region);
    static const char *const keys[] = {
        "hh_id_from", "hh_id_to", "head", "village_from", "village_name_from",
        "village_to", "village_name_to", "status_from", "status_to"};
    const char *vals[] = {it->hh_from,      it->hh_to,
                          it->head,         it->village_from,
                          it->village_name_from, it->village_to,
                          it->village_name_to,   it->status_from,
                          it->status_to};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        jkey(o, keys[i]);
        jstr(o, vals[i]);
    }
    jll(o, "year_in", it->year_in, it->year_in != 0);
    jll(o, "year_out", it->year_out, it->year_out != 0);
    jll(o, "persons_from", it->persons_from, it->persons_from >= 0);
    jll(o, "persons_to", it->persons_to, it->persons_to >= 0);
    jll(o, "income_from", it->income_from, it->has_income_from);
    jll(o, "income_to", it->income_to, it->has_income_to);
    if (it->cat >= KH_DIFF_FIRST_MEMBER) {
        jkey(o, "name");
        jstr(o, it->name);
        jkey(o, "id_no");
        jstr(o, it->id_no);
        jkey(o, "relation_from");
        jstr(o, it->relation_from);
        jkey(o, "relation_to");
        jstr(o, it->relation_to);
    }
    fputs("}", o->fp);
    return KH_OK;
}

static int write_json(out *o, kh_diff *d, const char *region,
                      const char *region_name, int list, kh_error *err)
{
    FILE *fp = o->fp;
    fprintf(fp, "{\"from\": %d, \"to\": %d, \"region\": ", o->y1, o->y2);
    if (region) {
        fprintf(fp, "{\"code\": \"%s\", \"name\": ", region);
        jstr(o, region_name);
        fputs("}", fp);
    } else {
        fputs("null", fp);
    }
    fprintf(fp, ", \"level\": \"%s\", \"median\": \"lower\", "
                "\"money\": \"fen\",\n \"total\": ",
            level_key[o->level]);
    o->first = 1;
    int rc = kh_diff_counts(d, 0, json_count, o, err);
    if (rc) return rc;
    fputs(",\n \"regions\": [", fp);
    o->first = 1;
    rc = kh_diff_counts(d, o->level, json_count, o, err);
    if (rc) return rc;
    fputs("],\n \"income\": {", fp);
    for (int lv = 1; lv <= 5 && !rc; lv++) {
        fprintf(fp, "%s\"%s\": [", lv > 1 ? ",\n   " : "", level_key[lv]);
        o->first = 1;
        rc = kh_diff_income(d, lv, json_income, o, err);
        fputs("]", fp);
    }
    if (rc) return rc;
    fputs("},\n \"transitions\": [", fp);
    o->first = 1;
    rc = kh_diff_transitions(d, json_transition, o, err);
    if (rc) return rc;
    fputs("]", fp);
    if (list != -2) {
        fputs(",\n \"lists\": {", fp);
        int n = 0;
        for (int k = 0; k < KH_DIFF_NCAT && !rc; k++) {
            if (list >= 0 && list != k) continue;
            fprintf(fp, "%s\n  \"%s\": [", n++ ? "," : "", kh_diff_cat_name(k));
            o->listed = 0;
            rc = kh_diff_list(d, k, json_item, o, err);
            fputs("]", fp);
        }
        fputs("}", fp);
    }
    fputs("}\n", fp);
    return rc;
}

/* ---- text ---- */

/* Columns a UTF-8 string takes on a terminal: 2 for CJK, 1 otherwise. */
static int dispw(const char *s)
{
    int w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x80) w++;
        else if (*p >= 0xE3 && *p <= 0xEF) w += 2;
        else if (*p >= 0xC0) w++;
    }
    return w;
}

static void padr(FILE *fp, const char *s, int width)
{
    fputs(s, fp);
    for (int w = dispw(s); w < width; w++) fputc(' ', fp);
}

static void padl(FILE *fp, const char *s, int width)
{
    for (int w = dispw(s); w < width; w++) fputc(' ', fp);
    fputs(s, fp);
}

static int text_total(void *ctx, const kh_diff_count *c, kh_error *err)
{
    out *o = ctx;
    (void)err;
    FILE *fp = o->fp;
    char y[64], v[32];
    padr(fp, "", 22);
    padl(fp, lbl(o, "户数", "households"), 12);
    padl(fp, lbl(o, "人数", "persons"), 10);
    fputc('\n', fp);
    long long rows[2][2] = {{c->households_from, c->persons_from},
                            {c->households_to, c->persons_to}};
    for (int i = 0; i < 2; i++) {
        snprintf(y, sizeof y, o->en ? "registry %d" : "%d 年在册",
                 i ? o->y2 : o->y1);
        padr(fp, y, 22);
        snprintf(v, sizeof v, "%lld", rows[i][0]);
        padl(fp, v, 12);
        snprintf(v, sizeof v, "%lld", rows[i][1]);
        padl(fp, v, 10);
        fputc('\n', fp);
    }
    for (int k = 0; k < KH_DIFF_NCAT; k++) {
        padr(fp, lbl(o, cat_label[k].zh, cat_label[k].en), 22);
        snprintf(v, sizeof v, "%lld", c->households[k]);
        padl(fp, v, 12);
        snprintf(v, sizeof v, "%lld", c->persons[k]);
        padl(fp, v, 10);
        fputc('\n', fp);
    }
    char a[32], b[32], ch[32];
    if (c->income_n > 0) {
        if (o->en)
            fprintf(fp,
                    "per-capita net income, %lld households in both years "
                    "(lower median): %d %s yuan, %d %s yuan, change %s "
                    "yuan\n",
                    c->income_n, o->y1, yuan(a, c->income_from, 0), o->y2,
                    yuan(b, c->income_to, 0), yuan(ch, c->income_change, 1));
        else
            fprintf(fp,
                    "人均纯收入(两年均在册且有值的 %lld 户,下中位数):"
                    "%d 年 %s 元,%d 年 %s 元,变化 %s 元\n",
                    c->income_n, o->y1, yuan(a, c->income_from, 0), o->y2,
                    yuan(b, c->income_to, 0), yuan(ch, c->income_change, 1));
    } else {
        fputs(lbl(o, "人均纯收入:没有两年均有值的户\n",
                  "per-capita net income: no household has it in both "
                  "years\n"),
              fp);
    }
    return KH_OK;
}

static int text_region(void *ctx, const kh_diff_count *c, kh_error *err)
{
    out *o = ctx;
    (void)err;
    FILE *fp = o->fp;
    char v[32];
    padr(fp, c->code, 13);
    padr(fp, c->name, 14);
    for (int k = 0; k < KH_DIFF_NCAT; k++) {
        snprintf(v, sizeof v, "%lld",
                 k < KH_DIFF_FIRST_MEMBER ? c->households[k] : c->persons[k]);
        padl(fp, v, dispw(lbl(o, cat_label[k].zh, kh_diff_cat_name(k))) + 1);
    }
    if (c->income_n > 0) padl(fp, yuan(v, c->income_change, 1), 16);
    else padl(fp, "-", 16);
    fputc('\n', fp);
    return KH_OK;
}

static void text_region_header(out *o)
{
    FILE *fp = o->fp;
    padr(fp, lbl(o, "区划代码", "code"), 13);
    padr(fp, lbl(o, "名称", "name"), 14);
    for (int k = 0; k < KH_DIFF_NCAT; k++)
        padl(fp, lbl(o, cat_label[k].zh, kh_diff_cat_name(k)),
             dispw(lbl(o, cat_label[k].zh, kh_diff_cat_name(k))) + 1);
    padl(fp, lbl(o, "收入变化中位数", "income change"), 16);
    fputc('\n', fp);
}

/* "a → b", or "a" when both are the same, "-" for absent values. */
static void arrow(FILE *fp, const char *a, const char *b)
{
    a = a ? a : "-";
    b = b ? b : "-";
    if (!strcmp(a, b)) fputs(a, fp);
    else fprintf(fp, "%s → %s", a, b);
}

static int text_item(void *ctx, const kh_diff_item *it, kh_error *err)
{
    out *o = ctx;
    (void)err;
    FILE *fp = o->fp;
    char a[32], b[32];
    o->listed++;
    fputs("  ", fp);
    if (it->cat >= KH_DIFF_FIRST_MEMBER) {
        fprintf(fp, "%s %s ", it->name ? it->name : "-",
                it->id_no ? it->id_no : "-");
        arrow(fp, it->relation_from, it->relation_to);
        fputs(lbl(o, "  户 ", "  household "), fp);
    }
    arrow(fp, it->hh_from, it->hh_to);
    fprintf(fp, lbl(o, "  户主 %s  村 ", "  head %s  village "),
            it->head ? it->head : "-");
    const char *vf = it->village_name_from ? it->village_name_from
                                           : it->village_from;
    const char *vt = it->village_name_to ? it->village_name_to
                                         : it->village_to;
    arrow(fp, vf, vt);
    fputs(lbl(o, "  状态 ", "  status "), fp);
    arrow(fp, it->status_from, it->status_to);
    if (it->cat < KH_DIFF_FIRST_MEMBER) {
        snprintf(a, sizeof a, "%lld", it->persons_from);
        snprintf(b, sizeof b, "%lld", it->persons_to);
        fputs(lbl(o, "  人数 ", "  persons "), fp);
        arrow(fp, it->persons_from >= 0 ? a : NULL,
              it->persons_to >= 0 ? b : NULL);
        char ya[32], yb[32];
        fputs(lbl(o, "  人均纯收入 ", "  income "), fp);
        arrow(fp, it->has_income_from ? yuan(ya, it->income_from, 0) : NULL,
              it->has_income_to ? yuan(yb, it->income_to, 0) : NULL);
    }
    fputc('\n', fp);
    return KH_OK;
}

static int write_text(out *o, kh_diff *d, const char *region,
                      const char *region_name, int list, kh_error *err)
{
    FILE *fp = o->fp;
    const char *rn = region_name && *region_name ? region_name : "";
    if (o->en)
        fprintf(fp, "Changes %d → %d, %s%s%s%s\n\n", o->y1, o->y2,
                region ? "region " : "all regions", region ? region : "",
                *rn ? " " : "", rn);
    else
        fprintf(fp, "动态调整 %d → %d,范围:%s%s%s\n\n", o->y1, o->y2,
                region ? region : "全部地区", *rn ? " " : "", rn);
    int rc = kh_diff_counts(d, 0, text_total, o, err);
    if (rc) return rc;
    fprintf(fp, o->en ? "\nby %s (households; persons for members):\n"
                      : "\n按%s(户数;成员类为人数):\n",
            o->en ? level_key[o->level] : level_zh[o->level]);
    text_region_header(o);
    rc = kh_diff_counts(d, o->level, text_region, o, err);
    for (int k = 0; !rc && list != -2 && k < KH_DIFF_NCAT; k++) {
        if (list >= 0 && list != k) continue;
        fprintf(fp, o->en ? "\nlist: %s (%s)\n" : "\n清单:%s(%s)\n",
                lbl(o, cat_label[k].zh, cat_label[k].en), kh_diff_cat_name(k));
        o->listed = 0;
        rc = kh_diff_list(d, k, text_item, o, err);
        if (!rc && !o->listed) fputs(lbl(o, "  (无)\n", "  (none)\n"), fp);
    }
    return rc;
}

/* ---- CSV and XLSX ---- */

static int tab_count_header(out *o, kh_error *err)
{
    char h[4 + 2 * KH_DIFF_NCAT + 4][64];
    const char *cells[3 + 4 + 2 * KH_DIFF_NCAT + 4];
    size_t n = 0;
    cells[n++] = "区划代码";
    cells[n++] = "名称";
    cells[n++] = "级别";
    int y[2] = {o->y1, o->y2};
    size_t k = 0;
    for (int i = 0; i < 2; i++) {
        snprintf(h[k], sizeof h[k], "%d年户数", y[i]);
        cells[n++] = h[k++];
        snprintf(h[k], sizeof h[k], "%d年人数", y[i]);
        cells[n++] = h[k++];
    }
    for (int c = 0; c < KH_DIFF_NCAT; c++) {
        snprintf(h[k], sizeof h[k], "%s户数", cat_label[c].zh);
        cells[n++] = h[k++];
        snprintf(h[k], sizeof h[k], "%s人数", cat_label[c].zh);
        cells[n++] = h[k++];
    }
    cells[n++] = "收入可比户数";
    snprintf(h[k], sizeof h[k], "%d年人均纯收入中位数(元)", o->y1);
    cells[n++] = h[k++];
    snprintf(h[k], sizeof h[k], "%d年人均纯收入中位数(元)", o->y2);
    cells[n++] = h[k++];
    cells[n++] = "人均纯收入变化中位数(元)";
    char types[64];
    memset(types, 'h', n);
    types[n] = '\0';
    return kh_tabwriter_row(o->w, cells, types, n, err);
}

static int tab_count(void *ctx, const kh_diff_count *c, kh_error *err)
{
    out *o = ctx;
    char v[4 + 2 * KH_DIFF_NCAT + 4][32];
    const char *cells[3 + 4 + 2 * KH_DIFF_NCAT + 4];
    size_t n = 0, k = 0;
    cells[n++] = c->code;
    cells[n++] = c->level ? c->name : "合计";
    cells[n++] = level_zh[c->level];
    long long nums[4 + 2 * KH_DIFF_NCAT + 1];
    size_t nn = 0;
    nums[nn++] = c->households_from;
    nums[nn++] = c->persons_from;
    nums[nn++] = c->households_to;
    nums[nn++] = c->persons_to;
    for (int i = 0; i < KH_DIFF_NCAT; i++) {
        nums[nn++] = c->households[i];
        nums[nn++] = c->persons[i];
    }
    nums[nn++] = c->income_n;
    for (size_t i = 0; i < nn; i++) {
        snprintf(v[k], sizeof v[k], "%lld", nums[i]);
        cells[n++] = v[k++];
    }
    long long med[3] = {c->income_from, c->income_to, c->income_change};
    for (int i = 0; i < 3; i++) {
        cells[n++] = c->income_n > 0 ? yuan(v[k], med[i], 0) : NULL;
        k++;
    }
    char types[64];
    memset(types, 'n', n);
    types[0] = types[1] = types[2] = 's';
    types[n] = '\0';
    return kh_tabwriter_row(o->w, cells, types, n, err);
}

/* For the income sheet: only regions with comparable households. */
static int tab_income(void *ctx, const kh_diff_count *c, kh_error *err)
{
    out *o = ctx;
    if (c->level && c->income_n == 0) return KH_OK;
    char n[32], a[32], b[32], ch[32];
    snprintf(n, sizeof n, "%lld", c->income_n);
    int has = c->income_n > 0;
    const char *cells[] = {level_zh[c->level], c->code,
                           c->level ? c->name : "合计", n,
                           has ? yuan(a, c->income_from, 0) : NULL,
                           has ? yuan(b, c->income_to, 0) : NULL,
                           has ? yuan(ch, c->income_change, 0) : NULL};
    return kh_tabwriter_row(o->w, cells, "sssnnnn", 7, err);
}

static int tab_transition(void *ctx, const kh_diff_transition *t,
                          kh_error *err)
{
    out *o = ctx;
    char h[32], p[32];
    snprintf(h, sizeof h, "%lld", t->households);
    snprintf(p, sizeof p, "%lld", t->persons);
    const char *cells[] = {t->from ? t->from : "(不在册)",
                           t->to ? t->to : "(不在册)", h, p};
    return kh_tabwriter_row(o->w, cells, "ssnn", 4, err);
}

#define NLISTCOLS 21

/* The list columns; "%d" is the year (first or second), NULL fixed text. */
static const struct {
    const char *fmt;
    int second;
} list_cols[NLISTCOLS] = {
    {"类别", -1},           {"计入村代码", -1},
    {"%d年户编号", 0},      {"%d年户编号", 1},
    {"户主姓名", -1},       {"%d年村代码", 0},
    {"%d年村名", 0},        {"%d年村代码", 1},
    {"%d年村名", 1},        {"%d年户状态", 0},
    {"%d年户状态", 1},      {"识别年度", -1},
    {"脱贫年度", -1},       {"%d年家庭人数", 0},
    {"%d年家庭人数", 1},    {"%d年人均纯收入(元)", 0},
    {"%d年人均纯收入(元)", 1}, {"姓名", -1},
    {"证件号码", -1},       {"%d年与户主关系", 0},
    {"%d年与户主关系", 1},
};

static int tab_list_header(out *o, kh_error *err)
{
    char h[NLISTCOLS][64];
    const char *cells[NLISTCOLS];
    for (int i = 0; i < NLISTCOLS; i++) {
        if (list_cols[i].second < 0) {
            cells[i] = list_cols[i].fmt;
        } else {
            snprintf(h[i], sizeof h[i], list_cols[i].fmt,
                     list_cols[i].second ? o->y2 : o->y1);
            cells[i] = h[i];
        }
    }
    char types[NLISTCOLS + 1];
    memset(types, 'h', NLISTCOLS);
    types[NLISTCOLS] = '\0';
    return kh_tabwriter_row(o->w, cells, types, NLISTCOLS, err);
}

static int tab_item(void *ctx, const kh_diff_item *it, kh_error *err)
{
    out *o = ctx;
    char yi[16], yo[16], pf[32], pt[32], inf[32], itn[32];
    snprintf(yi, sizeof yi, "%d", it->year_in);
    snprintf(yo, sizeof yo, "%d", it->year_out);
    snprintf(pf, sizeof pf, "%lld", it->persons_from);
    snprintf(pt, sizeof pt, "%lld", it->persons_to);
    const char *cells[NLISTCOLS] = {
        cat_label[it->cat].zh,
        it->region,
        it->hh_from,
        it->hh_to,
        it->head,
        it->village_from,
        it->village_name_from,
        it->village_to,
        it->village_name_to,
        it->status_from,
        it->status_to,
        it->year_in ? yi : NULL,
        it->year_out ? yo : NULL,
        it->persons_from >= 0 ? pf : NULL,
        it->persons_to >= 0 ? pt : NULL,
        it->has_income_from ? yuan(inf, it->income_from, 0) : NULL,
        it->has_income_to ? yuan(itn, it->income_to, 0) : NULL,
        it->name,
        it->id_no,
        it->relation_from,
        it->relation_to};
    return kh_tabwriter_row(o->w, cells, "sssssssssssnnnnnnssss", NLISTCOLS,
                            err);
}

static int write_table(out *o, kh_diff *d, int list, kh_error *err)
{
    int rc = KH_OK;
    int xlsx = o->fmt == CLI_FMT_XLSX;
    if (xlsx || list == -2) {
        rc = kh_tabwriter_sheet(o->w, "汇总", err);
        if (!rc) rc = tab_count_header(o, err);
        if (!rc) rc = kh_diff_counts(d, 0, tab_count, o, err);
        if (!rc) rc = kh_diff_counts(d, o->level, tab_count, o, err);
    }
    if (xlsx && !rc) {
        rc = kh_tabwriter_sheet(o->w, "收入变化", err);
        char h1[64], h2[64];
        snprintf(h1, sizeof h1, "%d年人均纯收入中位数(元)", o->y1);
        snprintf(h2, sizeof h2, "%d年人均纯收入中位数(元)", o->y2);
        const char *cells[] = {"级别", "区划代码", "名称", "收入可比户数", h1,
                               h2, "人均纯收入变化中位数(元)"};
        if (!rc) rc = kh_tabwriter_row(o->w, cells, "hhhhhhh", 7, err);
        for (int lv = 0; lv <= 5 && !rc; lv++)
            rc = kh_diff_income(d, lv, tab_income, o, err);
    }
    if (xlsx && !rc) {
        rc = kh_tabwriter_sheet(o->w, "状态变化", err);
        char h1[64], h2[64];
        snprintf(h1, sizeof h1, "%d年户状态", o->y1);
        snprintf(h2, sizeof h2, "%d年户状态", o->y2);
        const char *cells[] = {h1, h2, "户数", "人数"};
        if (!rc) rc = kh_tabwriter_row(o->w, cells, "hhhh", 4, err);
        if (!rc) rc = kh_diff_transitions(d, tab_transition, o, err);
    }
    if (!xlsx && list != -2) {
        rc = kh_tabwriter_sheet(o->w, "清单", err);
        if (!rc) rc = tab_list_header(o, err);
    }
    for (int k = 0; !rc && k < KH_DIFF_NCAT; k++) {
        if (list >= 0 && list != k) continue;
        if (!xlsx && list == -2) break;
        if (xlsx) {
            rc = kh_tabwriter_sheet(o->w, cat_label[k].zh, err);
            if (!rc) rc = tab_list_header(o, err);
        }
        if (!rc) rc = kh_diff_list(d, k, tab_item, o, err);
    }
    return rc;
}

/* ---- the command ---- */

static int parse_level(const char *v)
{
    for (int i = 1; i <= 5; i++)
        if (!strcmp(v, level_key[i]) || !strcmp(v, level_zh[i])) return i;
    cli_usage("--level 只能是 province|city|county|township|village"
              "(或 省|市|县|乡|村)",
              "--level must be province, city, county, township or village");
    return -1;
}

/* The region's name from the stored region list, into name[n]. */
static void region_name(kh_store *s, const char *code, char *name, size_t n)
{
    name[0] = '\0';
    kh_regionset *rs = NULL;
    kh_error err;
    if (kh_regionset_new(&rs, &err)) return;
    if (!kh_store_regions_load(s, rs, &err)) {
        const kh_region *r = kh_regionset_find(rs, code);
        if (r && r->name) snprintf(name, n, "%s", r->name);
    }
    kh_regionset_free(rs);
}

typedef struct opts {
    const char *db, *region, *level, *list, *format, *out, *lang;
    int from, to;
} opts;

#define O(f) offsetof(opts, f)
static const cli_option table[] = {
    {"--from", "YYYY", CLI_YEAR, O(from), NULL, NULL,
     "前一年度 / the earlier year"},
    {"--to", "YYYY", CLI_YEAR, O(to), NULL, NULL,
     "后一年度 / the later year"},
    {"--region", "CODE", CLI_STR, O(region), NULL, NULL,
     "只看该区划 / this region only"},
    {"--level", "L", CLI_STR, O(level), NULL, NULL,
     "按哪一级汇总(默认 county) / the level of the table (default county)"},
    {"--list", "CAT", CLI_STR, O(list), NULL, NULL,
     "列出某类(或 all)的户 / list the households of a category (or all)"},
    CLI_OPT_FORMAT(O(format), NULL, "text|json|csv|xlsx"),
    CLI_OPT_LANG(O(lang), NULL),
    CLI_OPT_OUT(O(out), NULL),
    CLI_OPT_DB(O(db), NULL),
    CLI_END};

static const cli_spec spec = {"diff", usage_text, table, NULL, 0};

int cli_diff(int argc, char **argv)
{
    opts op = {.db = "kaohe.db", .level = "county", .format = "text",
               .lang = "zh"};
    int prc = cli_opts_parse(&spec, NULL, argc, argv, 1, &op, NULL);
    if (prc != CLI_GO) return prc;
    const char *db = op.db, *region = op.region, *level_s = op.level,
               *list_s = op.list, *format = op.format, *outpath = op.out,
               *lang = op.lang;
    if (!op.from || !op.to)
        return cli_usage("需要 --from 和 --to 两个年度",
                         "--from and --to are both required");
    out o;
    memset(&o, 0, sizeof o);
    o.y1 = op.from;
    o.y2 = op.to;
    if (o.y1 == o.y2)
        return cli_usage("--from 与 --to 是同一年度,无可比较",
                         "--from and --to are the same year: nothing to "
                         "compare");
    if (o.y1 > o.y2)
        return cli_usage("--from 的年度须早于 --to",
                         "--from must be a year before --to");
    if ((o.level = parse_level(level_s)) < 0) return CLI_FAIL;
    int list = -2; /* -2 no list, -1 all, else one category */
    if (list_s) {
        if (!strcmp(list_s, "all")) {
            list = -1;
        } else if ((list = kh_diff_cat_parse(list_s)) < 0) {
            return cli_usage("--list 的类别无效(kaohe diff --help 列出类别)",
                             "unknown --list category (kaohe diff --help "
                             "lists them)");
        }
    }
    if (strcmp(lang, "zh") && strcmp(lang, "en"))
        return cli_usage("--lang 只能是 zh 或 en", "--lang must be zh or en");
    o.en = !strcmp(lang, "en");
    if ((o.fmt = cli_parse_format(format)) < 0) return CLI_FAIL;
    if (o.fmt == CLI_FMT_XLSX && !outpath)
        return cli_usage("--format xlsx 需要用 -o 指定输出文件",
                         "--format xlsx needs -o FILE");
    if (region && !*region) region = NULL;

    kh_error err;
    kh_error_clear(&err);
    /* as the acting user: a user bound to a region compares that region
     * (the use case, kh_app_diff_open, decides and audits) */
    kh_standard *std = cli_standard(NULL);
    if (!std) return CLI_FAIL;
    kh_store *s = NULL;
    kh_actor who;
    int orc = cli_open_as(db, std, &s, &who, &err);
    kh_standard_free(std);
    if (orc) {
        kh_store_close(s);
        return cli_report_error(&err);
    }
    kh_diff *d;
    if (kh_app_diff_open(s, &who, o.y1, o.y2, region, &d, &region, &err)) {
        kh_store_close(s);
        return err.status == KH_ERR_USAGE
                   ? cli_usage(err.zh, err.en)
                   : cli_download_error(&err); /* a refusal: 1 */
    }
    char rname[256] = "";
    if (region) region_name(s, region, rname, sizeof rname);

    int rc;
    kh_afile af = {0};
    kh_buf_init(&o.b, 0);
    if (o.fmt == CLI_FMT_CSV || o.fmt == CLI_FMT_XLSX) {
        rc = kh_tabwriter_open(outpath ? outpath : "-",
                               o.fmt == CLI_FMT_CSV ? KH_TAB_CSV : KH_TAB_XLSX,
                               KH_ENC_UTF8_BOM, &o.w, &err);
        if (!rc) rc = write_table(&o, d, list, &err);
        if (!rc) rc = kh_tabwriter_close(o.w, &err);
        else kh_tabwriter_free(o.w);
    } else {
        rc = kh_afile_open(&af, outpath, &err);
        if (!rc) {
            o.fp = af.fp;
            rc = o.fmt == CLI_FMT_JSON
                     ? write_json(&o, d, region, rname, list, &err)
                     : write_text(&o, d, region, rname, list, &err);
            if (!rc) rc = kh_afile_commit(&af, &err);
            else kh_afile_abort(&af);
        }
    }
    kh_buf_free(&o.b);
    kh_diff_free(d);
    kh_store_close(s);
    return rc ? cli_report_error(&err) : CLI_OK;
}
