/* SPDX-License-Identifier: MIT */
/*
 * actor.c - the acting user of a use case and the audit entries every use
 * case writes (include/kaohe/app.h).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kaohe/app.h"
#include "kaohe/rectify.h"
#include "kaohe/rectify_store.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

static void set_now(char out[32], const char *now)
{
    if (now && *now)
        snprintf(out, 32, "%s", now);
    else
        kh_iso_time((long long)time(NULL), out);
}

void kh_actor_from_user(kh_actor *out, const struct kh_standard *std,
                        const kh_user *u, const char *addr, const char *now)
{
    memset(out, 0, sizeof *out);
    kh_access_init(&out->acc, std, u);
    snprintf(out->addr, sizeof out->addr, "%s", addr ? addr : "");
    set_now(out->now, now);
    out->known = 1;
}

int kh_actor_load(kh_store *s, const struct kh_standard *std,
                  const char *name, const char *addr, const char *now,
                  kh_actor *out, kh_error *err)
{
    kh_user u;
    kh_error e;
    kh_error_clear(&e);
    int rc = kh_store_user_get(s, name, &u, &e);
    if (rc == KH_ERR_NOTFOUND) {
        /* Not a user: no role, no region, no rights. */
        memset(&u, 0, sizeof u);
        snprintf(u.name, sizeof u.name, "%s", name);
        kh_actor_from_user(out, std, &u, addr, now);
        out->acc.none = 1;
        out->acc.all = 0;
        out->known = 0;
        return KH_OK;
    }
    if (rc) {
        if (err) *err = e;
        return rc;
    }
    if (u.disabled)
        return kh_error_set(err, KH_ERR_DENIED, "user_disabled",
                            "用户 %s 已停用", "user %s is disabled", name);
    kh_actor_from_user(out, std, &u, addr, now);
    return KH_OK;
}

int kh_app_audit(kh_store *s, const kh_actor *who, const char *action,
                 const char *object, const char *outcome, long long records,
                 const char *before, const char *after, const char *note,
                 kh_error *err)
{
    kh_audit a = {0,       who->now, who->acc.user, who->addr, action,
                  object,  outcome,  records,       before,    after,
                  note};
    return kh_store_audit_add(s, &a, err);
}

int kh_app_refuse(kh_store *s, const kh_actor *who, const char *action,
                  const char *object, kh_error *err)
{
    kh_error e;
    kh_error_clear(&e);
    const char *outcome = err && err->status == KH_ERR_DENIED ? "denied"
                                                               : "refused";
    const char *note = err ? err->code : NULL;
    int rc = kh_store_begin(s, &e);
    if (!rc)
        rc = kh_app_audit(s, who, action, object, outcome, -1, NULL, NULL,
                          note, &e);
    if (!rc) rc = kh_store_commit(s, &e);
    if (rc) {
        kh_store_rollback(s);
        if (err) *err = e;
        return rc;
    }
    return err ? err->status : KH_ERR_DENIED;
}

int kh_app_unmask(const kh_actor *who, int unmask, int *masked,
                  kh_error *err)
{
    *masked = !unmask;
    if (!unmask || who->acc.may_unmask) return KH_OK;
    *masked = 1;
    return kh_error_set(err, KH_ERR_DENIED, "unmask_denied",
                        "你的角色(%s)不能下载未脱敏的证件号码和电话",
                        "your role (%s) may not have whole ID numbers and "
                        "phones",
                        who->acc.role[0] ? who->acc.role : "-");
}

static int count_user(void *ctx, const char *name, const char *role,
                      const char *region, int disabled, const char *created_at)
{
    (void)name, (void)role, (void)region, (void)disabled, (void)created_at;
    (*(long *)ctx)++;
    return 0;
}

int kh_actor_console(kh_store *s, const struct kh_standard *std,
                     const char *name, const char *addr, const char *now,
                     kh_actor *out, kh_error *err)
{
    int rc = kh_actor_load(s, std, name, addr, now, out, err);
    if (rc || out->known) return rc;
    long users = 0;
    rc = kh_store_users_each(s, count_user, &users, err);
    if (rc || users) return rc;
    kh_user u;
    memset(&u, 0, sizeof u);
    snprintf(u.name, sizeof u.name, "%s", name);
    snprintf(u.role, sizeof u.role, "系统管理员");
    kh_actor_from_user(out, std, &u, addr, now);
    return KH_OK;
}

int kh_actor_is_operator(const kh_actor *who)
{
    return !who->known && !strcmp(who->addr, "cli");
}

const kh_actor *kh_actor_operator(kh_actor *tmp, const struct kh_standard *std,
                                  const kh_actor *who)
{
    kh_user u;
    memset(&u, 0, sizeof u);
    snprintf(u.name, sizeof u.name, "%s", who->acc.user);
    snprintf(u.role, sizeof u.role, "系统管理员");
    kh_actor_from_user(tmp, std, &u, who->addr, who->now);
    tmp->known = 0;
    return tmp;
}

int kh_app_jobs_of_others(const struct kh_standard *std, const kh_actor *who,
                          int kind)
{
    if (!who->acc.all) return 0;
    const char *role = who->acc.role;
    switch (kind) {
    case KH_APP_JOB_IMPORT:
        return kh_standard_in_list(std, "web.import_roles", role,
                                   strlen(role));
    case KH_APP_JOB_RUN:
        return kh_standard_in_list(std, "web.review_roles", role,
                                   strlen(role));
    default: /* KH_APP_JOB_FUNDS */
        return 1;
    }
}

static int role_in(const struct kh_standard *std, const kh_actor *who,
                   const char *list)
{
    return kh_standard_in_list(std, list, who->acc.role,
                               strlen(who->acc.role));
}

int kh_app_may_problems(const kh_actor *who)
{
    return !who->acc.none || who->acc.dept_only;
}

int kh_app_may_households(const kh_actor *who)
{
    return !who->acc.none || who->acc.sample_only;
}

int kh_app_may_import(const struct kh_standard *std, const kh_actor *who)
{
    return !who->acc.none && role_in(std, who, "web.import_roles");
}

int kh_app_may_years(const struct kh_standard *std, const kh_actor *who)
{
    return role_in(std, who, "web.year_roles");
}

void kh_app_rights_of(const struct kh_standard *std, const kh_actor *who,
                      kh_app_rights *out)
{
    const kh_access *a = &who->acc;
    memset(out, 0, sizeof *out);
    out->all_regions = a->all;
    out->households = kh_app_may_households(who);
    out->unmask = a->may_unmask;
    out->rectify = a->may_rectify;
    out->verify = a->may_verify;
    out->audit = a->may_audit;
    out->assess = a->may_assess;
    out->edit = a->may_edit;
    out->import = kh_app_may_import(std, who);
    out->sample_only = a->sample_only;
    out->problems = kh_app_may_problems(who);
    out->years = kh_app_may_years(std, who);
    /* a hint: kh_app_sample_design decides with the region too */
    out->sample_design = role_in(std, who, "web.sample_manage_roles");
}
