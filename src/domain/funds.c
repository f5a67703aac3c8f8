/* SPDX-License-Identifier: MIT */
/*
 * funds.c - 扶贫项目库 and 扶贫资金 (funds.h, docs/funds.md): the columns of
 * the three files, the reading and checking of one row by itself, and the
 * rules of `kaohe funds check` over the rows of one county
 * (../shared/spec/funds-projects.md).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/check_int.h"
#include "kaohe/date.h"
#include "kaohe/fmt.h"
#include "kaohe/funds.h"
#include "kaohe/registry.h"
#include "kaohe/standard.h"

#define REQ KH_FUNDS_REQUIRED
#define POS KH_FUNDS_POSITIVE
#define UNQ KH_FUNDS_UNIQUE

static const kh_funds_col project_cols[] = {
    {"项目编号", "proj_id", KH_FT_TEXT, REQ | UNQ, NULL},
    {"项目名称", "name", KH_FT_TEXT, REQ, NULL},
    {"项目类型", "type", KH_FT_ENUM, REQ, "project_type"},
    {"建设地点", "region", KH_FT_REGION, REQ, NULL},
    {"实施单位", "unit", KH_FT_TEXT, REQ, NULL},
    {"入库日期", "added", KH_FT_DATE, REQ, NULL},
    {"计划投资", "planned", KH_FT_YUAN, REQ, NULL},
    {"计划开工日期", "start_plan", KH_FT_DATE, 0, NULL},
    {"计划完工日期", "end_plan", KH_FT_DATE, 0, NULL},
    {"实际开工日期", "start", KH_FT_DATE, 0, NULL},
    {"实际完工日期", "end", KH_FT_DATE, 0, NULL},
    {"验收日期", "accepted", KH_FT_DATE, 0, NULL},
    {"项目状态", "status", KH_FT_ENUM, REQ, "project_status"},
    {"受益户数", "benef_hh", KH_FT_INT, 0, NULL},
    {"受益贫困户数", "benef_poor_hh", KH_FT_INT, 0, NULL},
    {"受益贫困人口", "benef_poor_persons", KH_FT_INT, 0, NULL},
    {"带贫户编号", "benef_list", KH_FT_LIST, 0, NULL},
    {"绩效目标", "goal", KH_FT_TEXT, 0, NULL},
    {"入库公示日期", "pub_added", KH_FT_DATE, 0, NULL},
    {"计划公示日期", "pub_plan", KH_FT_DATE, 0, NULL},
    {"竣工公告日期", "pub_done", KH_FT_DATE, 0, NULL},
    {"公示天数", "pub_days", KH_FT_INT, 0, NULL},
};

static const kh_funds_col alloc_cols[] = {
    {"文号", "doc_no", KH_FT_TEXT, REQ, NULL},
    {"下达日期", "date", KH_FT_DATE, REQ, NULL},
    {"资金级次", "level", KH_FT_ENUM, REQ, "fund_level"},
    {"资金类别", "fund", KH_FT_ENUM, REQ, "fund_kind"},
    {"接收区划", "region", KH_FT_REGION, REQ, NULL},
    {"金额", "amount", KH_FT_YUAN, REQ | POS, NULL},
    {"年度", "year", KH_FT_YEAR, REQ, NULL},
};

static const kh_funds_col pay_cols[] = {
    {"凭证号", "voucher", KH_FT_TEXT, REQ | UNQ, NULL},
    {"日期", "date", KH_FT_DATE, REQ, NULL},
    {"项目编号", "proj_id", KH_FT_TEXT, REQ, NULL},
    {"资金类别", "fund", KH_FT_ENUM, REQ, "fund_kind"},
    {"环节", "stage", KH_FT_ENUM, REQ, "pay_stage"},
    {"金额", "amount", KH_FT_YUAN, REQ | POS, NULL},
};

#define COUNT(a) ((int)(sizeof a / sizeof a[0]))

const kh_funds_col *kh_funds_cols(int kind, int *n)
{
    switch (kind) {
    case KH_FUNDS_PROJECTS: *n = COUNT(project_cols); return project_cols;
    case KH_FUNDS_ALLOCATIONS: *n = COUNT(alloc_cols); return alloc_cols;
    case KH_FUNDS_PAYMENTS: *n = COUNT(pay_cols); return pay_cols;
    }
    *n = 0;
    return NULL;
}

int kh_funds_kind_parse(const char *name)
{
    if (!name) return -1;
    if (!strcmp(name, "projects")) return KH_FUNDS_PROJECTS;
    if (!strcmp(name, "allocations")) return KH_FUNDS_ALLOCATIONS;
    if (!strcmp(name, "payments")) return KH_FUNDS_PAYMENTS;
    return -1;
}

const char *kh_funds_kind_zh(int kind)
{
    switch (kind) {
    case KH_FUNDS_PROJECTS: return "项目库";
    case KH_FUNDS_ALLOCATIONS: return "资金下达";
    case KH_FUNDS_PAYMENTS: return "资金拨付与支出";
    }
    return "";
}

/* ---- one row ---- */

typedef struct row_ctx {
    const char *file;
    long row, line;
    kh_finding_fn fn;
    void *ctx;
    long *errors;
} row_ctx;

static int say(row_ctx *c, const char *col, const char *code, int warning,
               const char *zh, const char *en)
{
    if (!warning) (*c->errors)++;
    if (!c->fn) return KH_OK;
    kh_finding f;
    memset(&f, 0, sizeof f);
    f.file = c->file;
    f.row = c->row;
    f.line = c->line;
    f.column = col;
    f.hh_id = "";
    f.id_no = "";
    f.code = code;
    f.warning = warning;
    f.zh = zh;
    f.en = en;
    return c->fn(c->ctx, &f);
}

/* How much of s[0..n) to quote: at most 200 bytes, cut between
 * characters. */
static int clip(const char *s, size_t n)
{
    if (n <= 200) return (int)n;
    n = 200;
    while (n && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    return (int)n;
}

static int all_digits(const char *s, size_t n)
{
    if (!n) return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

/* The list of 户编号: split on ; or ；, each trimmed, joined by ';'. */
static void norm_list(const char *s, char *out, size_t outsz)
{
    size_t o = 0;
    out[0] = '\0';
    while (*s) {
        size_t n = strcspn(s, ";");
        const char *fw = strstr(s, "；");
        if (fw && (size_t)(fw - s) < n) n = (size_t)(fw - s);
        kh_cell c = {s, n};
        int wide;
        c = cell_trim_wide(c, &wide);
        if (c.len && o + c.len + 2 < outsz) {
            if (o) out[o++] = ';';
            memcpy(out + o, c.s, c.len);
            o += c.len;
            out[o] = '\0';
        }
        s += n;
        if (!strncmp(s, "；", strlen("；"))) s += strlen("；");
        else if (*s == ';') s++;
    }
}

/* v in decimal into out (a million rows a file: no printf). */
static void put_int(char *out, long long v)
{
    char t[24];
    int n = 0;
    unsigned long long u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
    do t[n++] = (char)('0' + u % 10); while (u /= 10);
    if (v < 0) *out++ = '-';
    while (n) *out++ = t[--n];
    *out = '\0';
}

/* One cell into its stored form; a fault is reported and leaves "". */
static int read_cell(const kh_standard *std, const kh_funds_col *col,
                     const kh_cell *cell, char *out, int e, row_ctx *c)
{
    char zh[1024], en[1024];
    out[0] = '\0';
    kh_cell raw = cell ? *cell : (kh_cell){"", 0};
    int wide = 0;
    kh_cell t = cell_trim_wide(raw, &wide);
    char half[KH_FUNDS_VAL];
    if (t.len >= sizeof half) {
        snprintf(zh, sizeof zh, "“%s”的值过长(%zu 字节)", col->zh, t.len);
        snprintf(en, sizeof en, "the value of '%s' is too long (%zu bytes)", col->key, t.len);
        return say(c, col->zh, "funds_value", 0, zh, en);
    }
    int rc = KH_OK;
    if (wide) {
        snprintf(zh, sizeof zh, "“%.*s”首尾的全角空格或不换行空格已去除", clip(t.s, t.len), t.s);
        snprintf(en, sizeof en, "full-width or no-break spaces around '%.*s' were removed",
                 clip(t.s, t.len), t.s);
        if ((rc = say(c, col->zh, "value_space", 1, zh, en))) return rc;
    }
    if (col->type != KH_FT_TEXT && col->type != KH_FT_LIST && cell_has_fullwidth(t)) {
        size_t n = cell_halfwidth(t, half);
        snprintf(zh, sizeof zh, "“%.*s”中有全角字符,已按“%.*s”读取", clip(t.s, t.len),
                 t.s, clip(half, n), half);
        snprintf(en, sizeof en, "'%.*s' has full-width characters; read as '%.*s'",
                 clip(t.s, t.len), t.s, clip(half, n), half);
        if ((rc = say(c, col->zh, "value_fullwidth", 1, zh, en))) return rc;
        t.s = half;
        t.len = n;
    }
    if (!t.len) {
        if (!(col->flags & REQ)) return KH_OK;
        snprintf(zh, sizeof zh, "缺少必填项“%s”", col->zh);
        snprintf(en, sizeof en, "the required value '%s' is missing", col->key);
        return say(c, col->zh, "funds_missing", 0, zh, en);
    }
    const char *want_zh = NULL, *want_en = NULL;
    switch (col->type) {
    case KH_FT_TEXT:
        memcpy(out, t.s, t.len);
        out[t.len] = '\0';
        return KH_OK;
    case KH_FT_LIST: {
        char tmp[KH_FUNDS_VAL];
        memcpy(tmp, t.s, t.len);
        tmp[t.len] = '\0';
        norm_list(tmp, out, KH_FUNDS_VAL);
        return KH_OK;
    }
    case KH_FT_DATE:
        if (kh_date_cell(t.s, t.len, out) == 0) return KH_OK;
        want_zh = "日期(如 2020-05-10 或 2020年5月10日)";
        want_en = "a date (2020-05-10)";
        break;
    case KH_FT_YUAN: {
        int64_t fen;
        if (kh_money_parse(t.s, t.len, &fen) == 0 && fen >= 0 &&
            (!(col->flags & POS) || fen > 0)) {
            put_int(out, (long long)fen);
            return KH_OK;
        }
        want_zh = col->flags & POS ? "大于 0 的金额(元,至多两位小数)"
                                   : "不小于 0 的金额(元,至多两位小数)";
        want_en = col->flags & POS ? "an amount in yuan above 0 (two decimals at most)"
                                   : "an amount in yuan, 0 or more (two decimals at most)";
        break;
    }
    case KH_FT_INT:
        if (all_digits(t.s, t.len) && t.len <= 12) {
            put_int(out, atoll(t.s));
            return KH_OK;
        }
        want_zh = "不小于 0 的整数";
        want_en = "a whole number, 0 or more";
        break;
    case KH_FT_YEAR:
        if (all_digits(t.s, t.len) && t.len == 4 && atoi(t.s) >= 1990 &&
            atoi(t.s) <= 2100) {
            memcpy(out, t.s, 4);
            out[4] = '\0';
            return KH_OK;
        }
        want_zh = "年度(1990 至 2100 的四位数)";
        want_en = "a year (four digits, 1990 to 2100)";
        break;
    case KH_FT_REGION:
        if (t.len == 12 && all_digits(t.s, t.len) &&
            kh_region_code_level(t.s, t.len) > 0) {
            memcpy(out, t.s, 12);
            out[12] = '\0';
            return KH_OK;
        }
        want_zh = "12 位区划代码";
        want_en = "a 12-digit region code";
        break;
    case KH_FT_ENUM: {
        int i = e >= 0 ? kh_standard_enum_lookup(std, e, t.s, t.len) : -1;
        if (i >= 0) {
            const char *l = kh_standard_enum_label(std, e, i);
            size_t n = strlen(l);
            if (n >= KH_FUNDS_VAL) n = KH_FUNDS_VAL - 1; /* labels are short */
            memcpy(out, l, n);
            out[n] = '\0';
            return KH_OK;
        }
        char labels[512] = "";
        size_t o = 0;
        for (int k = 0; e >= 0 && k < kh_standard_enum_count(std, e); k++)
            o += (size_t)snprintf(labels + o, o < sizeof labels ? sizeof labels - o : 0,
                                  "%s%s", k ? "、" : "", kh_standard_enum_label(std, e, k));
        snprintf(zh, sizeof zh, "“%s”的值“%.*s”不是可选值之一(%s)", col->zh,
                 clip(t.s, t.len), t.s, labels);
        snprintf(en, sizeof en, "'%.*s' is not a value of '%s' (%s)", clip(t.s, t.len), t.s,
                 col->key, labels);
        return say(c, col->zh, "funds_enum", 0, zh, en);
    }
    }
    snprintf(zh, sizeof zh, "“%s”的值“%.*s”应为%s", col->zh, clip(t.s, t.len), t.s, want_zh);
    snprintf(en, sizeof en, "'%.*s' in '%s' should be %s", clip(t.s, t.len), t.s, col->key,
             want_en);
    return say(c, col->zh, "funds_value", 0, zh, en);
}

static int col_ix(int kind, const char *key)
{
    int n;
    const kh_funds_col *cols = kh_funds_cols(kind, &n);
    for (int i = 0; i < n; i++)
        if (!strcmp(cols[i].key, key)) return i;
    return -1;
}

static const char *val(const kh_funds_row *r, const char *key)
{
    int i = col_ix(r->kind, key);
    return i >= 0 ? r->v[i] : "";
}

/* Two dates in order (both given): a ≤ b, else a funds_dates error. */
static int in_order(const kh_funds_row *r, row_ctx *c, const char *ka,
                    const char *kb)
{
    const char *a = val(r, ka), *b = val(r, kb);
    if (!a[0] || !b[0] || strcmp(a, b) <= 0) return KH_OK;
    int n;
    const kh_funds_col *cols = kh_funds_cols(r->kind, &n);
    const char *za = cols[col_ix(r->kind, ka)].zh, *zb = cols[col_ix(r->kind, kb)].zh;
    char zh[512], en[512];
    snprintf(zh, sizeof zh, "%s(%s)晚于%s(%s)", za, a, zb, b);
    snprintf(en, sizeof en, "%s (%s) is after %s (%s)", ka, a, kb, b);
    return say(c, zb, "funds_dates", 0, zh, en);
}

/* The dates a 项目状态 needs and those it excludes (docs/funds.md). */
static int status_agrees(const kh_funds_row *r, row_ctx *c)
{
    static const struct {
        const char *status;
        int need; /* bits: 1 start, 2 end, 4 accepted */
        int none;
    } rules[] = {
        {"储备", 0, 7}, {"计划", 0, 7}, {"实施", 1, 6},
        {"完工", 3, 4}, {"验收", 7, 0}, {"终止", 0, 0},
    };
    static const char *const keys[] = {"start", "end", "accepted"};
    static const char *const zhs[] = {"实际开工日期", "实际完工日期", "验收日期"};
    const char *st = val(r, "status");
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        if (strcmp(rules[i].status, st)) continue;
        for (int b = 0; b < 3; b++) {
            int has = val(r, keys[b])[0] != '\0';
            char zh[512], en[512];
            if ((rules[i].need >> b & 1) && !has) {
                snprintf(zh, sizeof zh, "项目状态为“%s”,但没有%s", st, zhs[b]);
                snprintf(en, sizeof en, "the status is %s but %s is empty", st, keys[b]);
            } else if ((rules[i].none >> b & 1) && has) {
                snprintf(zh, sizeof zh, "项目状态为“%s”,却填了%s(%s)", st, zhs[b],
                         val(r, keys[b]));
                snprintf(en, sizeof en, "the status is %s but %s is given (%s)", st,
                         keys[b], val(r, keys[b]));
            } else {
                continue;
            }
            int rc = say(c, "项目状态", "funds_status", 0, zh, en);
            if (rc) return rc;
        }
    }
    return KH_OK;
}

int kh_funds_row_read(const kh_standard *std, int kind,
                      const kh_cell *const cells[], const char *file,
                      long row, long line, kh_funds_row *out,
                      kh_finding_fn fn, void *ctx, long *errors)
{
    int n;
    const kh_funds_col *cols = kh_funds_cols(kind, &n);
    row_ctx c = {file, row, line, fn, ctx, errors};
    long before = *errors;
    if (out->enum_std != std || out->enum_kind != kind) {
        for (int i = 0; i < n; i++)
            out->enum_ix[i] = cols[i].type == KH_FT_ENUM ? kh_standard_enum(std, cols[i].list)
                                                         : -1;
        out->enum_std = std;
        out->enum_kind = kind;
    }
    out->kind = kind;
    out->row = row;
    out->line = line;
    int rc = KH_OK;
    for (int i = 0; i < n && !rc; i++)
        rc = read_cell(std, &cols[i], cells[i], out->v[i], out->enum_ix[i], &c);
    if (rc || *errors > before) return rc; /* the values are not all there */
    char zh[512], en[512];
    switch (kind) {
    case KH_FUNDS_PROJECTS:
        if (!rc) rc = in_order(out, &c, "start_plan", "end_plan");
        if (!rc) rc = in_order(out, &c, "start", "end");
        if (!rc) rc = in_order(out, &c, "end", "accepted");
        if (!rc) rc = in_order(out, &c, "start", "accepted");
        if (!rc) rc = status_agrees(out, &c);
        if (!rc && val(out, "benef_hh")[0] && val(out, "benef_poor_hh")[0] &&
            atoll(val(out, "benef_poor_hh")) > atoll(val(out, "benef_hh"))) {
            snprintf(zh, sizeof zh, "受益贫困户数(%s)多于受益户数(%s)",
                     val(out, "benef_poor_hh"), val(out, "benef_hh"));
            snprintf(en, sizeof en, "benef_poor_hh (%s) is above benef_hh (%s)",
                     val(out, "benef_poor_hh"), val(out, "benef_hh"));
            rc = say(&c, "受益贫困户数", "funds_benef", 0, zh, en);
        }
        break;
    case KH_FUNDS_ALLOCATIONS: {
        const char *reg = val(out, "region");
        if (kh_region_code_level(reg, 12) != KH_LV_COUNTY) {
            snprintf(zh, sizeof zh, "接收区划“%s”不是县级区划代码", reg);
            snprintf(en, sizeof en, "the receiving region %s is not a county", reg);
            rc = say(&c, "接收区划", "funds_level", 0, zh, en);
        }
        break;
    }
    }
    return rc;
}

/* ---- the rules of `funds check` ---- */

void kh_funds_limits_of(const kh_standard *std, kh_funds_limits *out)
{
    memset(out, 0, sizeof *out);
    out->retain_days = (long)kh_standard_int(std, "funds.retain_days", 90);
    out->project_retain_days =
        (long)kh_standard_int(std, "funds.project_retain_days", 180);
    out->notice_days = (long)kh_standard_int(std, "funds.notice_min_days", 10);
    out->start_late_days = (long)kh_standard_int(std, "funds.start_late_days", 60);
    out->accept_late_days = (long)kh_standard_int(std, "funds.accept_late_days", 90);
    if (kh_standard_rate(std, "funds.carryover_max", &out->carry_num,
                         &out->carry_den) != KH_OK)
        out->carry_num = out->carry_den = 0;
    const char *t = kh_standard_get(std, "funds.precise_types");
    out->precise_types = t ? t : "产业发展, 就业扶贫";
}

static long days(const char *iso)
{
    return kh_date_days_of(iso);
}

static void date_of(long dd, char out[11])
{
    int y, m, d;
    kh_date_from_days(dd, &y, &m, &d);
    kh_date_format(out, y, m, d);
}

/* Is v one of the comma-separated items of list? */
static int in_list(const char *list, const char *v)
{
    size_t n = strlen(v);
    const char *p = list;
    while (*p) {
        while (*p == ' ' || *p == ',') p++;
        size_t k = strcspn(p, ",");
        size_t e = k;
        while (e && p[e - 1] == ' ') e--;
        if (e == n && !strncmp(p, v, n)) return 1;
        p += k;
    }
    return 0;
}

/* A payment's 环节. */
enum { ST_PAY, ST_SPEND, ST_BACK, ST_OTHER };

typedef struct chk {
    const kh_funds_limits *lim;
    const char *county;
    long ref, y0; /* the reference date and 1 January of its year */
    kh_funds_finding_fn fn;
    void *ctx;
    /* computed once: the days of each allocation and payment, each
     * payment's project (-1: not in the library), and the payments of
     * project k, in date order: by_proj[first[k] .. first[k + 1]) */
    long *ad, *yd;
    long *pix;
    unsigned char *stage;   /* per payment: ST_* */
    int *afund, *yfund;     /* per allocation and payment: its fund's index */
    size_t *first, *by_proj;
} chk;

static int emitf(chk *c, const char *code, const char *object, long long amount,
                 const char *zh, const char *en)
{
    kh_funds_finding f = {code, c->county, object, amount, zh, en};
    return c->fn(c->ctx, &f);
}

/* A sum of money taken first in, first out. */
typedef struct chunk {
    long date, deadline;
    long long amount, left, used_in_time;
    int src; /* index of the allocation, or -1 - payment index for a 收回 */
} chunk;

typedef struct fifo {
    chunk *c;
    size_t n, cap, head;
    long long credit; /* money taken before any was there */
    long credit_date;
} fifo;

static int fifo_push(fifo *q, long date, long deadline, long long amount, int src)
{
    if (q->n == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 16;
        chunk *c = realloc(q->c, cap * sizeof *c);
        if (!c) return KH_ERR_NOMEM;
        q->c = c;
        q->cap = cap;
    }
    chunk *k = &q->c[q->n++];
    k->date = date;
    k->deadline = deadline;
    k->amount = k->left = amount;
    k->used_in_time = 0;
    k->src = src;
    /* money taken earlier than it came is taken from it now */
    long long t = q->credit < k->left ? q->credit : k->left;
    if (t > 0) {
        k->left -= t;
        q->credit -= t;
        if (date <= deadline) k->used_in_time += t;
    }
    return KH_OK;
}

static void fifo_take(fifo *q, long date, long long amount)
{
    while (amount > 0 && q->head < q->n) {
        chunk *k = &q->c[q->head];
        long long t = k->left < amount ? k->left : amount;
        k->left -= t;
        amount -= t;
        if (date <= k->deadline) k->used_in_time += t;
        if (!k->left) q->head++;
    }
    q->credit += amount;
}

/* Events of one FIFO in date order; at the same date money comes first. */
typedef struct event {
    long date;
    int in;  /* 1 money in, 0 taken */
    long long amount;
    int src; /* as chunk.src */
    size_t seq;
} event;

static int ev_cmp(const void *a, const void *b)
{
    const event *x = a, *y = b;
    if (x->date != y->date) return x->date < y->date ? -1 : 1;
    if (x->in != y->in) return y->in - x->in;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int run_fifo(event *ev, size_t n, long hold, fifo *q)
{
    qsort(ev, n, sizeof *ev, ev_cmp);
    for (size_t i = 0; i < n; i++) {
        if (ev[i].in) {
            if (fifo_push(q, ev[i].date, ev[i].date + hold, ev[i].amount, ev[i].src))
                return KH_ERR_NOMEM;
        } else {
            fifo_take(q, ev[i].date, ev[i].amount);
        }
    }
    return KH_OK;
}

static size_t id_hash(const char *s)
{
    uint64_t h = 14695981039346656037ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return (size_t)(h ^ (h >> 29));
}

/* 滞留 of the county's allocations, per 资金类别 (docs/funds.md). */
static int check_allocations(chk *c, const kh_falloc *a, size_t na,
                             const kh_fpay *y, size_t ny, int year)
{
    int rc = KH_OK;
    event *ev = malloc((na + ny + 1) * sizeof *ev);
    if (!ev) return KH_ERR_NOMEM;
    char (*funds)[64] = malloc((na + ny + 1) * sizeof *funds);
    if (!funds) {
        free(ev);
        return KH_ERR_NOMEM;
    }
    size_t nf = 0, last = 0;
    for (size_t i = 0; i < na + ny; i++) {
        const char *f = i < na ? a[i].fund : y[i - na].fund;
        /* rows come in runs of one fund: the last one first */
        size_t k = 0;
        if (last < nf && !strcmp(funds[last], f)) k = last;
        else
            while (k < nf && strcmp(funds[k], f)) k++;
        if (k == nf) snprintf(funds[nf++], 64, "%s", f);
        last = k;
        if (i < na) c->afund[i] = (int)k;
        else c->yfund[i - na] = (int)k;
    }
    for (size_t f = 0; f < nf && !rc; f++) {
        size_t n = 0;
        long long allocated = 0, spent = 0;
        for (size_t i = 0; i < na; i++) {
            long d = c->ad[i];
            if (c->afund[i] != (int)f || d > c->ref) continue;
            ev[n] = (event){d, 1, a[i].amount, (int)i, n};
            n++;
            if (a[i].year == year) allocated += a[i].amount;
        }
        for (size_t i = 0; i < ny; i++) {
            long d = c->yd[i];
            if (c->yfund[i] != (int)f || d > c->ref) continue;
            if (c->stage[i] == ST_SPEND && d >= c->y0 && c->pix[i] >= 0)
                spent += y[i].amount;
            /* 拨付 takes money, 收回 brings it back (docs/funds.md) */
            int in = c->stage[i] == ST_BACK;
            if (!in && c->stage[i] != ST_PAY) continue;
            ev[n] = (event){d, in, y[i].amount, -1 - (int)i, n};
            n++;
        }
        fifo q = {0};
        rc = run_fifo(ev, n, c->lim->retain_days, &q);
        for (size_t k = 0; k < q.n && !rc; k++) {
            chunk *ch = &q.c[k];
            long long unused = ch->amount - ch->used_in_time;
            if (unused <= 0 || ch->deadline > c->ref || ch->deadline < c->y0) continue;
            char amt[64], tot[64], due[11], zdue[32], zd[32], zh[1024], en[1024];
            kh_fmt_yuan(unused, amt, sizeof amt);
            kh_fmt_yuan(ch->amount, tot, sizeof tot);
            date_of(ch->deadline, due);
            kh_fmt_date_zh(due, zdue, sizeof zdue);
            if (ch->src >= 0) {
                const kh_falloc *al = &a[ch->src];
                kh_fmt_date_zh(al->date, zd, sizeof zd);
                snprintf(zh, sizeof zh,
                         "%s（%s下达，%s %s 元）到%s仍有 %s 元未拨付到项目，"
                         "超过 %ld 天，属资金滞留",
                         al->doc_no, zd, al->fund, tot, zdue, amt,
                         c->lim->retain_days);
                snprintf(en, sizeof en,
                         "%s (allocated %s, %s yuan of %s): %s yuan not paid out to "
                         "projects by %s, %ld days after",
                         al->doc_no, al->date, tot, al->fund, amt, due,
                         c->lim->retain_days);
                rc = emitf(c, "fund_alloc_retained", al->doc_no, unused, zh, en);
            } else {
                const kh_fpay *py = &y[-1 - ch->src];
                kh_fmt_date_zh(py->date, zd, sizeof zd);
                snprintf(zh, sizeof zh,
                         "项目 %s 收回的资金（凭证 %s，%s，%s 元）到%s仍有 %s 元"
                         "未再拨付，超过 %ld 天，属资金滞留",
                         py->proj_id, py->voucher, zd, tot, zdue, amt,
                         c->lim->retain_days);
                snprintf(en, sizeof en,
                         "money returned by project %s (voucher %s, %s, %s yuan): "
                         "%s yuan not paid out again by %s",
                         py->proj_id, py->voucher, py->date, tot, amt, due);
                rc = emitf(c, "fund_return_retained", py->voucher, unused, zh, en);
            }
        }
        free(q.c);
        if (!rc && c->lim->carry_den > 0 && allocated > 0 &&
            (__int128)(allocated - spent) * c->lim->carry_den >
                (__int128)c->lim->carry_num * allocated) {
            char al[64], sp[64], cmp[128], zh[1024], en[1024];
            kh_fmt_yuan(allocated, al, sizeof al);
            kh_fmt_yuan(spent, sp, sizeof sp);
            kh_fmt_rate_cmp(allocated - spent, allocated, c->lim->carry_num,
                            c->lim->carry_den, 0, cmp, sizeof cmp);
            snprintf(zh, sizeof zh,
                     "%s：%d 年下达 %s 元，年内支出 %s 元，结转结余率 %s",
                     funds[f], year, al, sp, cmp);
            snprintf(en, sizeof en,
                     "%s: %s yuan allocated in %d, %s spent in the year; the "
                     "carry-over rate is above the maximum",
                     funds[f], al, year, sp);
            rc = emitf(c, "fund_carryover_high", funds[f], allocated - spent, zh, en);
        }
    }
    free(ev);
    free(funds);
    return rc;
}

/* The payments of the year by themselves and against their project. */
static int check_payments(chk *c, const kh_fproject *p, size_t np,
                          const kh_fpay *y, size_t ny)
{
    int rc = KH_OK;
    for (size_t i = 0; i < ny && !rc; i++) {
        long d = c->yd[i];
        if (d < c->y0 || d > c->ref) continue;
        const kh_fproject *pr = c->pix[i] >= 0 ? &p[c->pix[i]] : NULL;
        int back = c->stage[i] == ST_BACK;
        /* most payments have no finding: the figures are written only
         * for those that do */
        if (pr && (back || ((!pr->added[0] || strcmp(y[i].date, pr->added) >= 0) &&
                            strcmp(pr->status, "储备") && strcmp(pr->status, "终止"))))
            continue;
        char amt[64], zd[32], za[32], zh[1024], en[1024];
        kh_fmt_yuan(y[i].amount, amt, sizeof amt);
        kh_fmt_date_zh(y[i].date, zd, sizeof zd);
        if (!pr) {
            snprintf(zh, sizeof zh, "凭证 %s（%s，%s %s 元）的项目 %s 不在项目库中",
                     y[i].voucher, zd, y[i].stage, amt, y[i].proj_id);
            snprintf(en, sizeof en, "voucher %s (%s, %s yuan): project %s is not in the library",
                     y[i].voucher, y[i].date, amt, y[i].proj_id);
            rc = emitf(c, "fund_pay_no_project", y[i].voucher, y[i].amount, zh, en);
            continue;
        }
        if (!back && pr->added[0] && strcmp(y[i].date, pr->added) < 0) {
            kh_fmt_date_zh(pr->added, za, sizeof za);
            snprintf(zh, sizeof zh, "凭证 %s（%s，%s %s 元）早于项目 %s 的入库日期（%s）",
                     y[i].voucher, zd, y[i].stage, amt, pr->id, za);
            snprintf(en, sizeof en, "voucher %s (%s) is before project %s entered the library (%s)",
                     y[i].voucher, y[i].date, pr->id, pr->added);
            rc = emitf(c, "fund_pay_before_added", y[i].voucher, y[i].amount, zh, en);
        }
        if (!rc && !back &&
            (!strcmp(pr->status, "储备") || !strcmp(pr->status, "终止"))) {
            snprintf(zh, sizeof zh, "凭证 %s（%s，%s %s 元）付给了状态为“%s”的项目 %s",
                     y[i].voucher, zd, y[i].stage, amt, pr->status, pr->id);
            snprintf(en, sizeof en, "voucher %s (%s) pays project %s, whose status is %s",
                     y[i].voucher, y[i].date, pr->id, pr->status);
            rc = emitf(c, "fund_pay_project_state", y[i].voucher, y[i].amount, zh, en);
        }
    }
    /* 拨付 less 收回 above the plan, and 滞留 at the project */
    event *ev = malloc((ny + 1) * sizeof *ev);
    if (!ev) return KH_ERR_NOMEM;
    for (size_t k = 0; k < np && !rc; k++) {
        const kh_fproject *pr = &p[k];
        long long paid = 0;
        size_t n = 0;
        for (size_t b = c->first[k]; b < c->first[k + 1]; b++) {
            size_t i = c->by_proj[b];
            long d = c->yd[i];
            if (d > c->ref) continue;
            int out = c->stage[i] == ST_PAY;
            paid += out ? y[i].amount : c->stage[i] == ST_BACK ? -y[i].amount : 0;
            ev[n] = (event){d, out, y[i].amount, (int)i, n};
            n++;
        }
        if (paid > pr->planned) {
            char a1[64], a2[64], a3[64], zh[1024], en[1024];
            kh_fmt_yuan(paid, a1, sizeof a1);
            kh_fmt_yuan(pr->planned, a2, sizeof a2);
            kh_fmt_yuan(paid - pr->planned, a3, sizeof a3);
            snprintf(zh, sizeof zh, "项目 %s（%s）拨付 %s 元，比计划投资 %s 元多 %s 元",
                     pr->id, pr->name, a1, a2, a3);
            snprintf(en, sizeof en, "project %s: %s yuan paid out, %s above its plan of %s",
                     pr->id, a1, a3, a2);
            rc = emitf(c, "fund_pay_over_plan", pr->id, paid - pr->planned, zh, en);
        }
        fifo q = {0};
        if (!rc) rc = run_fifo(ev, n, c->lim->project_retain_days, &q);
        long long held = 0;
        long first = -1;
        for (size_t i = 0; i < q.n; i++) {
            chunk *ch = &q.c[i];
            long long unused = ch->amount - ch->used_in_time;
            if (unused <= 0 || ch->deadline > c->ref || ch->deadline < c->y0) continue;
            held += unused;
            if (first < 0) first = ch->date;
        }
        free(q.c);
        if (!rc && held > 0) {
            char a1[64], d1[11], zd[32], zh[1024], en[1024];
            kh_fmt_yuan(held, a1, sizeof a1);
            date_of(first, d1);
            kh_fmt_date_zh(d1, zd, sizeof zd);
            snprintf(zh, sizeof zh,
                     "项目 %s（%s）自%s起拨付的资金中有 %s 元超过 %ld 天未支出，"
                     "属资金滞留",
                     pr->id, pr->name, zd, a1, c->lim->project_retain_days);
            snprintf(en, sizeof en,
                     "project %s: %s yuan paid out from %s on not spent within %ld days",
                     pr->id, a1, d1, c->lim->project_retain_days);
            rc = emitf(c, "fund_project_retained", pr->id, held, zh, en);
        }
    }
    free(ev);
    return rc;
}

static int proj_say(chk *c, const kh_fproject *pr, const char *code,
                    const char *what_zh, const char *what_en)
{
    char zh[1024], en[1024];
    snprintf(zh, sizeof zh, "项目 %s（%s，%s）：%s", pr->id, pr->name, pr->status, what_zh);
    snprintf(en, sizeof en, "project %s (%s): %s", pr->id, pr->status, what_en);
    return emitf(c, code, pr->id, 0, zh, en);
}

/* 公告公示, 项目进度 and 精准使用 of the projects in the library. */
static int check_projects(chk *c, const kh_fproject *p, size_t np,
                          kh_funds_benef_fn benef, void *bctx)
{
    int rc = KH_OK;
    const kh_funds_limits *lim = c->lim;
    for (size_t k = 0; k < np && !rc; k++) {
        const kh_fproject *pr = &p[k];
        if (days(pr->added) > c->ref) continue;
        const char *st = pr->status;
        int running = !strcmp(st, "实施") || !strcmp(st, "完工") || !strcmp(st, "验收");
        int done = !strcmp(st, "完工") || !strcmp(st, "验收");
        char zh[512], en[512], d1[32];
        if (running && !pr->pub_added[0])
            rc = proj_say(c, pr, "fund_notice_added_missing", "没有入库公示",
                          "no notice of its entry into the library");
        if (!rc && running && !pr->pub_plan[0])
            rc = proj_say(c, pr, "fund_notice_plan_missing", "没有计划公示",
                          "no notice of its plan");
        if (!rc && done && !pr->pub_done[0])
            rc = proj_say(c, pr, "fund_notice_done_missing", "没有竣工公告",
                          "no notice of its completion");
        if (!rc && pr->pub_days >= 0 && pr->pub_days < lim->notice_days) {
            snprintf(zh, sizeof zh, "公示天数 %lld 天，少于 %ld 天", pr->pub_days,
                     lim->notice_days);
            snprintf(en, sizeof en, "a notice of %lld days, under %ld", pr->pub_days,
                     lim->notice_days);
            rc = proj_say(c, pr, "fund_notice_short", zh, en);
        }
        long sp = days(pr->start_plan), e = days(pr->end), acc = days(pr->accepted);
        if (!rc && !strcmp(st, "计划") && sp >= 0 && c->ref - sp > lim->start_late_days) {
            kh_fmt_date_zh(pr->start_plan, d1, sizeof d1);
            snprintf(zh, sizeof zh, "计划%s开工，到年底超过 %ld 天仍未开工", d1,
                     lim->start_late_days);
            snprintf(en, sizeof en, "planned to start on %s, not started %ld days later",
                     pr->start_plan, lim->start_late_days);
            rc = proj_say(c, pr, "fund_start_late", zh, en);
        }
        if (!rc && !strcmp(st, "完工") && e >= 0 && c->ref - e > lim->accept_late_days) {
            kh_fmt_date_zh(pr->end, d1, sizeof d1);
            snprintf(zh, sizeof zh, "%s完工，超过 %ld 天仍未验收", d1, lim->accept_late_days);
            snprintf(en, sizeof en, "completed on %s, not accepted within %ld days",
                     pr->end, lim->accept_late_days);
            rc = proj_say(c, pr, "fund_accept_late", zh, en);
        }
        if (!rc && !strcmp(st, "验收") && e >= 0 && acc >= c->y0 && acc <= c->ref &&
            acc - e > lim->accept_late_days) {
            char d2[32];
            kh_fmt_date_zh(pr->end, d1, sizeof d1);
            kh_fmt_date_zh(pr->accepted, d2, sizeof d2);
            snprintf(zh, sizeof zh, "%s完工，%s才验收，超过 %ld 天", d1, d2,
                     lim->accept_late_days);
            snprintf(en, sizeof en, "completed on %s, accepted only on %s (over %ld days)",
                     pr->end, pr->accepted, lim->accept_late_days);
            rc = proj_say(c, pr, "fund_accept_late", zh, en);
        }
        if (!strcmp(st, "终止")) continue;
        if (!rc && in_list(lim->precise_types, pr->type) && pr->benef_poor_hh <= 0)
            rc = proj_say(c, pr, "fund_no_poor_benef", "产业、就业类项目没有受益贫困户",
                          "a project of this type has no poor beneficiary household");
        const char *l = pr->benef_list ? pr->benef_list : "";
        while (!rc && *l) {
            size_t n = strcspn(l, ";");
            char hh[64];
            snprintf(hh, sizeof hh, "%.*s", (int)(n < 63 ? n : 63), l);
            int b = benef ? benef(bctx, c->county, hh) : KH_FB_REGISTERED;
            if (b == KH_FB_NONE) {
                snprintf(zh, sizeof zh, "带贫户 %s 不是本县建档立卡户", hh);
                snprintf(en, sizeof en, "beneficiary %s is not a registered household of the county", hh);
                rc = proj_say(c, pr, "fund_benef_unregistered", zh, en);
            } else if (b == KH_FB_CLEARED) {
                snprintf(zh, sizeof zh, "带贫户 %s 已清退", hh);
                snprintf(en, sizeof en, "beneficiary %s has been removed from the registry", hh);
                rc = proj_say(c, pr, "fund_benef_cleared", zh, en);
            }
            l += n;
            if (*l == ';') l++;
        }
    }
    return rc;
}

int kh_funds_check_county(const kh_funds_limits *lim, const char *county,
                          const char *ref, const kh_fproject *p, size_t np,
                          const kh_falloc *a, size_t na, const kh_fpay *y,
                          size_t ny, kh_funds_benef_fn benef, void *bctx,
                          kh_funds_finding_fn fn, void *ctx)
{
    int yy, mm, dd;
    if (kh_date_parse(ref, strlen(ref), &yy, &mm, &dd)) return KH_ERR_USAGE;
    chk c;
    memset(&c, 0, sizeof c);
    c.lim = lim;
    c.county = county;
    c.ref = kh_date_days(yy, mm, dd);
    c.y0 = kh_date_days(yy, 1, 1);
    c.fn = fn;
    c.ctx = ctx;
    c.stage = malloc(ny + 1);
    c.afund = malloc((na + 1) * sizeof *c.afund);
    c.yfund = malloc((ny + 1) * sizeof *c.yfund);
    c.ad = malloc((na + 1) * sizeof *c.ad);
    c.yd = malloc((ny + 1) * sizeof *c.yd);
    c.pix = malloc((ny + 1) * sizeof *c.pix);
    c.first = calloc(np + 2, sizeof *c.first);
    c.by_proj = malloc((ny + 1) * sizeof *c.by_proj);
    int rc = c.ad && c.yd && c.pix && c.first && c.by_proj && c.stage && c.afund &&
                     c.yfund
                 ? KH_OK
                 : KH_ERR_NOMEM;
    for (size_t i = 0; !rc && i < ny; i++) {
        const char *st = y[i].stage;
        c.stage[i] = !strcmp(st, "拨付")   ? ST_PAY
                     : !strcmp(st, "支出") ? ST_SPEND
                     : !strcmp(st, "收回") ? ST_BACK
                                           : ST_OTHER;
    }
    for (size_t i = 0; !rc && i < na; i++) c.ad[i] = days(a[i].date);
    /* each payment's project: a hash of the county's 项目编号 (a county
     * has thousands of payments to its hundreds of projects) */
    size_t hcap = 16;
    while (hcap < 2 * np) hcap *= 2;
    size_t *slot = rc ? NULL : calloc(hcap, sizeof *slot);
    if (!rc && !slot) rc = KH_ERR_NOMEM;
    for (size_t k = 0; !rc && k < np; k++) {
        size_t j = id_hash(p[k].id) & (hcap - 1);
        while (slot[j]) j = (j + 1) & (hcap - 1);
        slot[j] = k + 1;
    }
    for (size_t i = 0; !rc && i < ny; i++) {
        c.yd[i] = days(y[i].date);
        size_t j = id_hash(y[i].proj_id) & (hcap - 1);
        while (slot[j] && strcmp(p[slot[j] - 1].id, y[i].proj_id)) j = (j + 1) & (hcap - 1);
        c.pix[i] = slot[j] ? (long)slot[j] - 1 : -1;
        if (slot[j]) c.first[slot[j]]++;
    }
    free(slot);
    /* counting sort: the payments of each project, in their order */
    for (size_t k = 0; !rc && k < np; k++) c.first[k + 1] += c.first[k];
    for (size_t i = 0; !rc && i < ny; i++)
        if (c.pix[i] >= 0) c.by_proj[c.first[c.pix[i]]++] = i;
    for (size_t k = np; !rc && k > 0; k--) c.first[k] = c.first[k - 1];
    if (!rc) c.first[0] = 0;
    if (!rc) rc = check_allocations(&c, a, na, y, ny, yy);
    if (!rc) rc = check_payments(&c, p, np, y, ny);
    if (!rc) rc = check_projects(&c, p, np, benef, bctx);
    free(c.stage);
    free(c.afund);
    free(c.yfund);
    free(c.ad);
    free(c.yd);
    free(c.pix);
    free(c.first);
    free(c.by_proj);
    return rc;
}

static const char *const codes[][2] = {
    {"fund_alloc_retained", "资金滞留（未拨付到项目）"},
    {"fund_return_retained", "收回资金滞留"},
    {"fund_carryover_high", "结转结余率过高"},
    {"fund_pay_no_project", "资金拨付到项目库以外"},
    {"fund_pay_before_added", "项目入库前拨付资金"},
    {"fund_pay_project_state", "资金拨付到储备或终止项目"},
    {"fund_pay_over_plan", "拨付超过计划投资"},
    {"fund_project_retained", "资金滞留在项目（未支出）"},
    {"fund_notice_added_missing", "未进行入库公示"},
    {"fund_notice_plan_missing", "未进行计划公示"},
    {"fund_notice_done_missing", "未进行竣工公告"},
    {"fund_notice_short", "公示时间不足"},
    {"fund_start_late", "项目未按期开工"},
    {"fund_accept_late", "项目竣工后未及时验收"},
    {"fund_no_poor_benef", "产业就业项目没有带贫"},
    {"fund_benef_unregistered", "带贫户不是建档立卡户"},
    {"fund_benef_cleared", "带贫户已清退"},
};

const char *kh_funds_code_zh(const char *code)
{
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (!strcmp(codes[i][0], code)) return codes[i][1];
    return NULL;
}

const char *const *kh_funds_codes(int *n)
{
    static const char *list[sizeof codes / sizeof codes[0]];
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) list[i] = codes[i][0];
    *n = (int)(sizeof codes / sizeof codes[0]);
    return list;
}
