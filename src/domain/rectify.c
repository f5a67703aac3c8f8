/* SPDX-License-Identifier: MIT */
/*
 * rectify.c - the rectification status machine (未开始 → 整改中 → 申请销号
 * → 已销号, 逾期 shown when the deadline passes unfinished), the stages,
 * the hash of evidence files, the exchanged plan's columns and their
 * aliases, the warnings on a plan, and the statistics per 责任单位 or
 * 牵头部门. Pure.
 */
#include "kaohe/rectify.h"
#include "kaohe/date.h"

#include <sodium.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static const char *const status_zh[] = {"未开始", "整改中", "申请销号",
                                        "已销号", "逾期"};
static const char *const status_en[] = {"not started", "in progress",
                                        "close requested", "closed",
                                        "overdue"};
static const char *const action_names[] = {"plan",   "progress", "request",
                                           "verify", "reject",   "reopen"};
static const char *const stage_zh[] = {"制定方案", "集中整改", "督导整改"};

const char *kh_rect_status_zh(int st)
{
    return st >= 0 && st <= KH_RS_OVERDUE ? status_zh[st] : "?";
}

const char *kh_rect_status_en(int st)
{
    return st >= 0 && st <= KH_RS_OVERDUE ? status_en[st] : "?";
}

int kh_rect_status_parse(const char *s)
{
    for (int i = 0; i <= KH_RS_OVERDUE; i++)
        if (!strcmp(s, status_zh[i]) || !strcmp(s, status_en[i])) return i;
    return -1;
}

const char *kh_rect_action_name(int a)
{
    return a >= 0 && a <= KH_RA_REOPEN ? action_names[a] : "?";
}

const char *kh_rect_stage_zh(int stage)
{
    return stage >= 0 && stage < KH_NSTAGES ? stage_zh[stage] : "";
}

static int refuse(kh_error *err, const char *zh, const char *en,
                  const kh_rect_ctx *c)
{
    return kh_error_set(err, KH_ERR_INVALID, "rectify_refused",
                        "%s(当前状态:%s)", "%.0s%.0s%s (status now: %s)", zh,
                        kh_rect_status_zh(c->status), en,
                        kh_rect_status_en(c->status));
}

/* The checks of a verdict on a 销号 request (verify, reject). */
static int checker_ok(const kh_rect_ctx *c, kh_error *err)
{
    if (c->requester && c->actor && !strcmp(c->requester, c->actor))
        return refuse(err, "销号须由申请人以外的另一人核实",
                      "a close-out must be verified by someone other than "
                      "the person who asked for it",
                      c);
    if (!c->actor_checks)
        return refuse(err, "该用户的角色无权核实销号",
                      "this user's role may not verify a close-out", c);
    return KH_OK;
}

int kh_rect_transition(const kh_rect_ctx *c, int action, int *next,
                       kh_error *err)
{
    int st = c->status;
    switch (action) {
    case KH_RA_PLAN:
        if (st == KH_RS_REQUESTED || st == KH_RS_CLOSED)
            return refuse(err,
                          "已申请销号或已销号的问题不能修改整改方案,"
                          "须先退回或重新打开",
                          "the plan of a problem whose close-out was asked "
                          "for or granted cannot change; reject or reopen it "
                          "first",
                          c);
        *next = st;
        return KH_OK;
    case KH_RA_PROGRESS:
        if (st == KH_RS_REQUESTED || st == KH_RS_CLOSED)
            return refuse(err, "已申请销号或已销号的问题不能再报进展",
                          "no progress can be reported on a problem whose "
                          "close-out was asked for or granted",
                          c);
        if (!c->planned)
            return refuse(err,
                          "请先制定整改方案(整改措施、牵头部门、整改时限)",
                          "plan the rectification first (measures, lead "
                          "department, deadline)",
                          c);
        *next = KH_RS_DOING;
        return KH_OK;
    case KH_RA_REQUEST:
        if (st != KH_RS_DOING)
            return refuse(err, "只有整改中的问题可以申请销号",
                          "only a problem in progress can ask for close-out",
                          c);
        if (c->evidence <= 0 && !c->recheck_pass)
            return refuse(err,
                          "申请销号须附佐证材料(或最近一次复核已达标)",
                          "a close-out request needs evidence attached (or "
                          "a passing latest recheck)",
                          c);
        *next = KH_RS_REQUESTED;
        return KH_OK;
    case KH_RA_VERIFY:
    case KH_RA_REJECT:
        if (st != KH_RS_REQUESTED)
            return refuse(err, "只有已申请销号的问题可以核实或退回",
                          "only a problem whose close-out was asked for can "
                          "be verified or sent back",
                          c);
        if (checker_ok(c, err)) return KH_ERR_INVALID;
        *next = action == KH_RA_VERIFY ? KH_RS_CLOSED : KH_RS_DOING;
        return KH_OK;
    case KH_RA_REOPEN:
        if (st != KH_RS_CLOSED)
            return refuse(err, "只有已销号的问题可以重新打开",
                          "only a closed problem can be reopened", c);
        if (!c->actor_checks)
            return refuse(err, "该用户的角色无权重新打开已销号的问题",
                          "this user's role may not reopen a closed problem",
                          c);
        *next = KH_RS_DOING;
        return KH_OK;
    }
    return kh_error_set(err, KH_ERR_INVALID, "rectify_action", "未知操作",
                        "unknown action");
}

int kh_rect_shown(int status, const char *deadline, const char *today)
{
    if ((status == KH_RS_TODO || status == KH_RS_DOING) && deadline &&
        deadline[0] && today && strcmp(deadline, today) < 0)
        return KH_RS_OVERDUE;
    return status;
}

int kh_problem_shown(const kh_problem *p, const char *today)
{
    return kh_rect_shown(p->status, p->long_term ? NULL : p->deadline, today);
}

int kh_rect_stage_at(const char *const starts[KH_NSTAGES], const char *today)
{
    int at = -1;
    for (int i = 0; i < KH_NSTAGES; i++)
        if (starts[i] && starts[i][0] && strcmp(starts[i], today) <= 0)
            at = i;
    return at;
}

void kh_sha256_hex(const void *data, size_t n, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, n);
    for (size_t i = 0; i < sizeof h; i++)
        snprintf(out + 2 * i, 3, "%02x", h[i]);
}

/* ---- the exchanged plan's columns ---- */

/* Each column: its name (export writes it), its English key, its type.
 * The other headings offices give them are the standards file's
 * [alias.plan]; 序号 is deliberately none of them: it numbers a sheet's
 * rows, not the problems. A new problem needs 行政区划代码, 来源, 问题类别
 * and 问题 (required); a sheet needs the header_required columns. */
const kh_coldef kh_plan_cols[KH_PC_COUNT] = {
    {"id", "问题编号", KH_T_INT, NULL, 0, 1},
    {"region", "行政区划代码", KH_T_CODE12, NULL, 1, 1},
    {"region_name", "区划名称", KH_T_TEXT, NULL, 0, 0},
    {"source", "来源", KH_T_ENUM, "problem_source", 1, 0},
    {"found_on", "发现日期", KH_T_DATE, NULL, 0, 0},
    {"category", "问题类别", KH_T_ENUM, "problem_category", 1, 1},
    {"text", "问题", KH_T_TEXT, NULL, 1, 1},
    {"measures", "整改措施", KH_T_TEXT, NULL, 0, 0},
    {"lead_dept", "牵头部门", KH_T_TEXT, NULL, 0, 0},
    {"units", "责任单位", KH_T_TEXT, NULL, 0, 0},
    {"person", "责任人", KH_T_TEXT, NULL, 0, 0},
    {"deadline", "整改时限", KH_T_DATE, NULL, 0, 0},
    {"progress", "进展", KH_T_TEXT, NULL, 0, 0},
    {"status", "状态", KH_T_TEXT, NULL, 0, 0},
    {"year", "年度", KH_T_YEAR, NULL, 0, 0},
    {"accountability", "执纪问责", KH_T_TEXT, NULL, 0, 0},
    {"mechanism", "长效机制", KH_T_TEXT, NULL, 0, 0},
};

const char *kh_plan_col_name(int c)
{
    return c >= 0 && c < KH_PC_COUNT ? kh_plan_cols[c].zh : "";
}

int kh_plan_col_required(int c)
{
    return c >= 0 && c < KH_PC_COUNT && kh_plan_cols[c].header_required;
}

static int same(const char *a, const char *s, size_t n)
{
    return a && strlen(a) == n && !memcmp(a, s, n);
}

int kh_plan_col_find(const char *s, size_t n)
{
    /* Blanks around a heading (ASCII or the ideographic space) do not
     * change it. */
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n >= 3 && !memcmp(s, "\xe3\x80\x80", 3)) s += 3, n -= 3;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    while (n >= 3 && !memcmp(s + n - 3, "\xe3\x80\x80", 3)) n -= 3;
    for (int c = 0; c < KH_PC_COUNT; c++)
        if (same(kh_plan_cols[c].zh, s, n) || same(kh_plan_cols[c].key, s, n))
            return c;
    return -1;
}

/* ---- warnings on a plan or a problem ---- */

unsigned kh_rect_warnings(const char *found_on, const char *deadline,
                          const char *const stages[KH_NSTAGES],
                          const char *today)
{
    unsigned w = 0;
    if (found_on && found_on[0] && today && strcmp(found_on, today) > 0)
        w |= KH_RW_FUTURE_FOUND;
    if (deadline && deadline[0] && strcmp(deadline, "长期坚持") && today &&
        strcmp(deadline, today) < 0)
        w |= KH_RW_PAST_DEADLINE;
    const char *prev = NULL;
    for (int i = 0; stages && i < KH_NSTAGES; i++) {
        if (!stages[i] || !stages[i][0]) continue;
        if (prev && strcmp(stages[i], prev) < 0) w |= KH_RW_STAGES_REVERSED;
        prev = stages[i];
    }
    return w;
}

/* ---- statistics per 责任单位 or 牵头部门 ---- */

long kh_rect_days_to_close(const kh_problem *p)
{
    long a = kh_date_days_of(p->found_on), b = kh_date_days_of(p->closed_at);
    return a < 0 || b < 0 || b < a ? -1 : b - a;
}

static int stat_add(kh_rect_stats *st, const char *name, size_t n,
                    const kh_problem *p, int shown, kh_error *err)
{
    kh_rect_stat *x = NULL;
    for (size_t i = 0; i < st->n && !x; i++)
        if (strlen(st->v[i].name) == n && !memcmp(st->v[i].name, name, n))
            x = &st->v[i];
    if (!x) {
        if (st->n == st->cap) {
            size_t cap = st->cap ? 2 * st->cap : 16;
            kh_rect_stat *v = realloc(st->v, cap * sizeof *v);
            if (!v) return kh_error_nomem(err);
            st->v = v;
            st->cap = cap;
        }
        x = &st->v[st->n];
        memset(x, 0, sizeof *x);
        if (!(x->name = malloc(n + 1))) return kh_error_nomem(err);
        memcpy(x->name, name, n);
        x->name[n] = '\0';
        st->n++;
    }
    x->count++;
    if (p->status == KH_RS_CLOSED) {
        x->done++;
        long d = kh_rect_days_to_close(p);
        if (d >= 0) {
            x->days += d;
            x->timed++;
        }
    }
    if (shown == KH_RS_OVERDUE) x->overdue++;
    return KH_OK;
}

int kh_rect_stats_add(kh_rect_stats *st, const kh_problem *p,
                      const char *today, kh_error *err)
{
    int shown = kh_problem_shown(p, today);
    if (st->by == KH_RECT_BY_DEPT) {
        const char *d = p->lead_dept ? p->lead_dept : "";
        return stat_add(st, d, strlen(d), p, shown, err);
    }
    /* The units as stored, joined by "、". */
    const char *u = p->units ? p->units : "";
    if (!*u) return stat_add(st, "", 0, p, shown, err);
    static const char sep[] = "、";
    for (;;) {
        const char *e = strstr(u, sep);
        size_t n = e ? (size_t)(e - u) : strlen(u);
        int rc = stat_add(st, u, n, p, shown, err);
        if (rc) return rc;
        if (!e) break;
        u = e + strlen(sep);
    }
    return KH_OK;
}

void kh_rect_stats_free(kh_rect_stats *st)
{
    if (!st) return;
    for (size_t i = 0; i < st->n; i++) free(st->v[i].name);
    free(st->v);
    st->v = NULL;
    st->n = st->cap = 0;
}

int kh_rect_units_split(const char *v, char *buf, size_t bufsz,
                        const char **units, int max)
{
    snprintf(buf, bufsz, "%s", v);
    int n = 0;
    char *p = buf;
    while (*p) {
        /* The separators are ASCII or 3-byte UTF-8: find the first. */
        char *best = NULL;
        size_t blen = 0;
        static const char *const seps[] = {",", ";", "，", "；", "、", "\n"};
        for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
            char *q = strstr(p, seps[i]);
            if (q && (!best || q < best)) {
                best = q;
                blen = strlen(seps[i]);
            }
        }
        char *end = best ? best : p + strlen(p);
        char save = *end;
        *end = '\0';
        char *a = p;
        while (*a == ' ') a++;
        char *z = a + strlen(a);
        while (z > a && z[-1] == ' ') *--z = '\0';
        if (*a) {
            if (n >= max) return -1;
            units[n++] = a;
        }
        if (!save) break;
        p = end + blen;
    }
    return n;
}
