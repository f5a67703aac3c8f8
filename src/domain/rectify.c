/* SPDX-License-Identifier: MIT */
/*
 * rectify.c - the rectification status machine (未开始 → 整改中 → 申请销号
 * → 已销号, 逾期 shown when the deadline passes unfinished), the stages,
 * and the hash of evidence files. Pure.
 */
#include "kaohe/rectify.h"

#include <sodium.h>
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
        if (c->evidence <= 0)
            return refuse(err, "申请销号须附佐证材料",
                          "a close-out request needs evidence attached", c);
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
