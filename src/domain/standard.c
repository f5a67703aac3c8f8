/* SPDX-License-Identifier: MIT */
/*
 * standard.c - parsing standards files (INI-like: [section], key = value,
 * # comments) into scalar settings, enum lists and finding severities.
 * The national defaults come compiled in (kh_std_default, generated from
 * standards/national.std by the build).
 */
#include "kaohe/standard.h"

#include <stdint.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/check.h"
#include "kaohe/encoding.h"

extern const char kh_std_default[];
extern const size_t kh_std_default_len;

typedef struct std_value {
    char *key;    /* "section.key" */
    char *value;
    char *source; /* "file:line" */
} std_value;

typedef struct std_label {
    char *label;
    size_t label_len;
    char **codes;
    size_t *code_len;
    int ncodes;
} std_label;

typedef struct std_enum {
    char *name;
    char *source; /* "file:line" of the section that set the list */
    std_label *labels;
    int n;
} std_enum;

struct kh_standard {
    std_value *vals;
    int nvals;
    /* vals by key: open addressing, slot i holds a vals index + 1, 0 when
     * empty; NULL (memory ran out) means a linear search. A finding's
     * severity is looked up for each finding. */
    int *idx;
    size_t nidx; /* a power of two, at least twice nvals */
    std_enum *enums;
    int nenums;
    /* The files loaded on top of the defaults, in order, so that the same
     * standard can be made again (kh_standard_overlays): per file its
     * source's length (4 bytes, little-endian), the source, the text's
     * length (8 bytes) and the text. */
    unsigned char *ov;
    size_t nov;
};

static void free_enum(std_enum *e)
{
    for (int i = 0; i < e->n; i++) {
        std_label *l = &e->labels[i];
        for (int k = 0; k < l->ncodes; k++) free(l->codes[k]);
        free(l->codes);
        free(l->code_len);
        free(l->label);
    }
    free(e->labels);
    free(e->name);
    free(e->source);
}

void kh_standard_free(kh_standard *s)
{
    if (!s) return;
    for (int i = 0; i < s->nvals; i++) {
        free(s->vals[i].key);
        free(s->vals[i].value);
        free(s->vals[i].source);
    }
    free(s->vals);
    free(s->idx);
    for (int i = 0; i < s->nenums; i++) free_enum(&s->enums[i]);
    free(s->enums);
    free(s->ov);
    free(s);
}

static char *dup_n(const char *p, size_t n)
{
    char *s = malloc(n + 1);
    if (!s) return NULL;
    memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

static void trim(const char **p, size_t *n)
{
    while (*n && (**p == ' ' || **p == '\t')) (*p)++, (*n)--;
    while (*n && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t' ||
                  (*p)[*n - 1] == '\r'))
        (*n)--;
}

static size_t key_hash(const char *key)
{
    size_t h = 14695981039346656037u;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return h;
}

/* The index of key in s->vals, or -1. */
static int find_value(const kh_standard *s, const char *key)
{
    if (!s->idx) {
        for (int i = 0; i < s->nvals; i++)
            if (strcmp(s->vals[i].key, key) == 0) return i;
        return -1;
    }
    for (size_t j = key_hash(key) & (s->nidx - 1);; j = (j + 1) & (s->nidx - 1)) {
        int i = s->idx[j] - 1;
        if (i < 0) return -1;
        if (strcmp(s->vals[i].key, key) == 0) return i;
    }
}

/* Index the value just added at s->vals[s->nvals - 1]; on a failure to
 * grow the index, drop it (lookups are then linear). */
static void index_value(kh_standard *s)
{
    if (s->idx && (size_t)s->nvals * 2 <= s->nidx) {
        int i = s->nvals - 1;
        size_t j = key_hash(s->vals[i].key) & (s->nidx - 1);
        while (s->idx[j]) j = (j + 1) & (s->nidx - 1);
        s->idx[j] = i + 1;
        return;
    }
    size_t n = 64;
    while (n < (size_t)s->nvals * 4) n *= 2;
    free(s->idx);
    s->idx = calloc(n, sizeof *s->idx);
    s->nidx = s->idx ? n : 0;
    if (!s->idx) return;
    for (int i = 0; i < s->nvals; i++) {
        size_t j = key_hash(s->vals[i].key) & (n - 1);
        while (s->idx[j]) j = (j + 1) & (n - 1);
        s->idx[j] = i + 1;
    }
}

static int set_value(kh_standard *s, const char *key, const char *val,
                     size_t vlen, const char *source)
{
    int i = find_value(s, key);
    if (i >= 0) {
        char *v = dup_n(val, vlen), *src = dup_n(source, strlen(source));
        if (!v || !src) {
            free(v);
            free(src);
            return KH_ERR_NOMEM;
        }
        free(s->vals[i].value);
        free(s->vals[i].source);
        s->vals[i].value = v;
        s->vals[i].source = src;
        return KH_OK;
    }
    std_value *nv = realloc(s->vals, (size_t)(s->nvals + 1) * sizeof *nv);
    if (!nv) return KH_ERR_NOMEM;
    s->vals = nv;
    std_value *v = &s->vals[s->nvals];
    v->key = dup_n(key, strlen(key));
    v->value = dup_n(val, vlen);
    v->source = dup_n(source, strlen(source));
    if (!v->key || !v->value || !v->source) {
        free(v->key);
        free(v->value);
        free(v->source);
        return KH_ERR_NOMEM;
    }
    s->nvals++;
    index_value(s);
    return KH_OK;
}

/* Add "label = code, code" to e. */
static int add_label(std_enum *e, const char *label, size_t llen,
                     const char *codes, size_t clen)
{
    std_label *nl = realloc(e->labels, (size_t)(e->n + 1) * sizeof *nl);
    if (!nl) return KH_ERR_NOMEM;
    e->labels = nl;
    std_label *l = &e->labels[e->n];
    memset(l, 0, sizeof *l);
    if (!(l->label = dup_n(label, llen))) return KH_ERR_NOMEM;
    l->label_len = llen;
    e->n++;
    const char *p = codes, *end = codes + clen;
    while (p < end) {
        const char *q = p;
        while (q < end && *q != ',') q++;
        const char *c = p;
        size_t cn = (size_t)(q - p);
        trim(&c, &cn);
        if (cn) {
            char **nc = realloc(l->codes, (size_t)(l->ncodes + 1) * sizeof *nc);
            if (!nc) return KH_ERR_NOMEM;
            l->codes = nc;
            size_t *ncl = realloc(l->code_len,
                                  (size_t)(l->ncodes + 1) * sizeof *ncl);
            if (!ncl) return KH_ERR_NOMEM;
            l->code_len = ncl;
            if (!(l->codes[l->ncodes] = dup_n(c, cn))) return KH_ERR_NOMEM;
            l->code_len[l->ncodes++] = cn;
        }
        p = q + 1;
    }
    return KH_OK;
}

static std_enum *enum_slot(kh_standard *s, const char *name,
                           const char *source)
{
    for (int i = 0; i < s->nenums; i++)
        if (strcmp(s->enums[i].name, name) == 0) {
            /* A file that names a list replaces it whole. */
            free_enum(&s->enums[i]);
            memset(&s->enums[i], 0, sizeof s->enums[i]);
            s->enums[i].name = dup_n(name, strlen(name));
            s->enums[i].source = dup_n(source, strlen(source));
            return s->enums[i].name && s->enums[i].source ? &s->enums[i]
                                                          : NULL;
        }
    std_enum *ne = realloc(s->enums, (size_t)(s->nenums + 1) * sizeof *ne);
    if (!ne) return NULL;
    s->enums = ne;
    std_enum *e = &s->enums[s->nenums];
    memset(e, 0, sizeof *e);
    if (!(e->name = dup_n(name, strlen(name)))) return NULL;
    s->nenums++;
    if (!(e->source = dup_n(source, strlen(source)))) return NULL;
    return e;
}

/* ---- the settings a standards file may hold ---- */

enum { V_INT, V_YEAR, V_YUAN, V_RATE, V_LIST, V_BOOL, V_SEVERITY, V_RULE, V_TEXT };

static const struct {
    const char *key;
    int type;
} known[] = {
    {"registry.income_tolerance_yuan", V_YUAN},
    {"registry.year_min", V_YEAR},
    {"registry.birth_year_min", V_YEAR},
    {"exit.compulsory_age_min", V_INT},
    {"exit.compulsory_age_max", V_INT},
    {"exit.unsafe_housing", V_LIST},
    {"exit.require_medical", V_BOOL},
    {"exit.water_from_year", V_YEAR},
    {"review.pension_age_min", V_INT},
    {"review.visit_interval_days", V_INT},
    {"review.transfer_share_max", V_RATE},
    {"review.medical_burden_share", V_RATE},
    {"review.reloc_self_max_yuan", V_YUAN},
    {"review.helper_max_households", V_INT},
    {"review.income_outlier_max_yuan", V_YUAN},
    {"review.labour_age_min", V_INT},
    {"review.labour_age_max", V_INT},
    {"village_exit.incidence_max", V_RATE},
    {"village_exit.incidence_max_western", V_RATE},
    {"county_exit.incidence_max", V_RATE},
    {"county_exit.incidence_max_western", V_RATE},
    {"county_exit.wrong_exit_max", V_RATE},
    {"county_exit.missed_max", V_RATE},
    {"county_exit.approval_min", V_RATE},
    {"monitoring.line_share", V_RATE},
    {"rectify.verify_roles", V_LIST},
    {"problem_assess.item_fail_share", V_RATE},
    {"sample.villages_per_county", V_INT},
    {"sample.icc", V_RATE},
    {"sample.response_min", V_RATE},
    {"sample.confidence", V_RATE},
    {"web.password_min_length", V_INT},
    {"web.login_max_failures", V_INT},
    {"web.login_window_minutes", V_INT},
    {"web.lockout_minutes", V_INT},
    {"web.addr_max_failures", V_INT},
    {"web.addr_window_minutes", V_INT},
    {"web.session_hours", V_INT},
    {"web.session_idle_minutes", V_INT},
    {"web.max_sessions", V_INT},
    {"web.login_delay_seconds", V_INT},
    {"web.unmask_roles", V_LIST},
    {"web.rectify_roles", V_LIST},
    {"web.audit_roles", V_LIST},
    {"web.all_regions_roles", V_LIST},
    {"web.dept_roles", V_LIST},
    {"web.sample_roles", V_LIST},
    {"web.assess_roles", V_LIST},
    {"web.import_roles", V_LIST},
    {"web.edit_roles", V_LIST},
    {"dept.exclusion_kinds", V_LIST},
    {"dept.vehicle_types", V_LIST},
    {"dept.amount_tolerance_yuan", V_INT},
    {"dept.individual_capital_min_yuan", V_INT},
    {"dept.compulsory_age_min", V_INT},
    {"dept.compulsory_age_max", V_INT},
    {"dept.pension_age_min", V_INT},
    {"dept.visit_roles", V_LIST},
    {"dept.lead_huji", V_LIST},
    {"dept.lead_death", V_LIST},
    {"dept.lead_dibao", V_LIST},
    {"dept.lead_tekun", V_LIST},
    {"dept.lead_disability", V_LIST},
    {"dept.lead_school", V_LIST},
    {"dept.lead_edu_aid", V_LIST},
    {"dept.lead_medical", V_LIST},
    {"dept.lead_pension", V_LIST},
    {"dept.lead_housing", V_LIST},
    {"dept.lead_staff", V_LIST},
    {"dept.lead_company", V_LIST},
    {"dept.lead_vehicle", V_LIST},
    {"dept.lead_realty", V_LIST},
    /* 扶贫资金与项目 (funds.h, docs/funds.md) */
    {"funds.retain_days", V_INT},
    {"funds.project_retain_days", V_INT},
    {"funds.notice_min_days", V_INT},
    {"funds.start_late_days", V_INT},
    {"funds.accept_late_days", V_INT},
    {"funds.carryover_max", V_RATE},
    {"funds.precise_types", V_LIST},
    {"funds.flag_retained", V_LIST},
    {"funds.flag_late", V_LIST},
    /* 牵头部门 of a problem from a funds.* indicator: lead_<key>, else
     * lead (docs/funds.md) */
    {"funds.lead", V_LIST},
    {"funds.lead_pay_progress", V_LIST},
    {"funds.lead_spend_progress", V_LIST},
    {"funds.lead_carryover", V_LIST},
    {"funds.lead_retained", V_LIST},
    {"funds.lead_projects", V_LIST},
    {"funds.lead_start_rate", V_LIST},
    {"funds.lead_done_rate", V_LIST},
    {"funds.lead_accept_ontime", V_LIST},
    {"funds.lead_notice_rate", V_LIST},
    {"funds.lead_benef_hh", V_LIST},
    {"funds.lead_benef_poor_persons", V_LIST},
    {"funds.lead_per_person", V_LIST},
    {"web.year_roles", V_LIST},
    {"web.review_roles", V_LIST},
    {"web.sample_manage_roles", V_LIST},
};

/* Sections whose keys are years (values in yuan) or finding codes. */
static int year_section(const char *section)
{
    return !strcmp(section, "poverty_line") ||
           !strcmp(section, "monitoring_line");
}

static int known_section(const char *section)
{
    if (year_section(section) || !strcmp(section, "severity") ||
        !strcmp(section, "problem_rule") || !strcmp(section, "problem_item") ||
        !strcmp(section, "problem_veto") ||
        !strcmp(section, "finding_label"))
        return 1;
    size_t n = strlen(section);
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (!strncmp(known[i].key, section, n) && known[i].key[n] == '.')
            return 1;
    return 0;
}

static int parse_int(const char *v, long long *out)
{
    char *end;
    if (!*v) return -1;
    long long x = strtoll(v, &end, 10);
    if (*end || x < 0) return -1;
    *out = x;
    return 0;
}

static int parse_rate(const char *v, long long *num, long long *den)
{
    size_t n = strlen(v);
    long long a = 0, d = 1;
    int digits = 0, dot = 0;
    size_t i = 0;
    for (; i < n && v[i] != '%' && v[i] != '/'; i++) {
        if (v[i] >= '0' && v[i] <= '9') {
            if (++digits > 12) return -1;
            a = a * 10 + (v[i] - '0');
            if (dot) d *= 10;
        } else if (v[i] == '.' && !dot) {
            dot = 1;
        } else {
            return -1;
        }
    }
    if (!digits) return -1;
    if (i < n && v[i] == '%') {
        if (i + 1 != n) return -1;
        d *= 100;
    } else if (i < n && v[i] == '/') {
        long long b;
        if (dot || parse_int(v + i + 1, &b) || b == 0) return -1;
        d = b;
    }
    *num = a;
    *den = d;
    return 0;
}

int kh_standard_parse_rule(const char *v, kh_problem_rule *out)
{
    memset(out, 0, sizeof *out);
    while (*v == ' ') v++;
    if (*v != '>' && *v != '<') return -1;
    out->above = *v == '>';
    v++;
    while (*v == ' ') v++;
    const char *comma = strchr(v, ',');
    if (!comma) return -1;
    char rate[32];
    size_t rn = (size_t)(comma - v);
    while (rn && v[rn - 1] == ' ') rn--;
    if (!rn || rn >= sizeof rate) return -1;
    memcpy(rate, v, rn);
    rate[rn] = '\0';
    if (parse_rate(rate, &out->num, &out->den)) return -1;
    const char *c = comma + 1;
    while (*c == ' ') c++;
    size_t cn = strlen(c);
    while (cn && c[cn - 1] == ' ') cn--;
    if (!cn || cn >= sizeof out->category) return -1;
    memcpy(out->category, c, cn);
    out->category[cn] = '\0';
    return 0;
}

int kh_standard_each_rule(const kh_standard *s, kh_standard_rule_fn fn,
                          void *ctx)
{
    static const char pre[] = "problem_rule.";
    for (size_t i = 0; i < (size_t)s->nvals; i++) {
        const std_value *x = &s->vals[i];
        if (strncmp(x->key, pre, sizeof pre - 1)) continue;
        kh_problem_rule r;
        if (kh_standard_parse_rule(x->value, &r)) continue;
        snprintf(r.indicator, sizeof r.indicator, "%s",
                 x->key + sizeof pre - 1);
        int rc = fn(ctx, &r, x->source);
        if (rc) return rc;
    }
    return 0;
}

/* 0 valid; 1 invalid value (why_* say why); 2 unknown key. */
static int check_value(const char *section, const char *key, const char *v,
                       const char **why_zh, const char **why_en)
{
    long long x, y;
    int64_t fen;
    kh_problem_rule r;
    int type = -1;
    if (year_section(section)) {
        const char *k = key + strlen(section) + 1;
        if (parse_int(k, &x) || x < 1980 || x > 2100) {
            *why_zh = "键应为年份";
            *why_en = "the key must be a year";
            return 1;
        }
        type = V_YUAN;
    } else if (!strcmp(section, "severity")) {
        type = V_SEVERITY;
    } else if (!strcmp(section, "problem_rule")) {
        type = V_RULE;
    } else if (!strcmp(section, "problem_item") ||
               !strcmp(section, "problem_veto") ||
               !strcmp(section, "finding_label")) {
        type = V_TEXT;
    } else {
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
            if (!strcmp(known[i].key, key)) type = known[i].type;
        if (type < 0) return 2;
    }
    int ok = 1;
    switch (type) {
    case V_INT: ok = !parse_int(v, &x); *why_zh = "应为非负整数"; *why_en = "expected an integer >= 0"; break;
    case V_YEAR: ok = !parse_int(v, &x) && x >= 1900 && x <= 2100; *why_zh = "应为年份"; *why_en = "expected a year"; break;
    case V_YUAN: ok = !kh_money_parse(v, strlen(v), &fen); *why_zh = "应为金额(元)"; *why_en = "expected an amount in yuan"; break;
    case V_RATE: ok = !parse_rate(v, &x, &y); *why_zh = "应为比率,如 2% 或 1/50"; *why_en = "expected a rate such as 2% or 1/50"; break;
    case V_BOOL: ok = !strcmp(v, "0") || !strcmp(v, "1"); *why_zh = "应为 0 或 1"; *why_en = "expected 0 or 1"; break;
    case V_RULE: ok = !kh_standard_parse_rule(v, &r); *why_zh = "应为“> 比率, 问题类别”或“< 比率, 问题类别”"; *why_en = "expected `> rate, category` or `< rate, category`"; break;
    case V_TEXT: ok = v[0] != '\0'; *why_zh = "值不能为空"; *why_en = "the value must not be empty"; break;
    case V_SEVERITY: ok = !strcmp(v, "error") || !strcmp(v, "warning"); *why_zh = "严重程度只能是 error 或 warning"; *why_en = "severity must be error or warning"; break;
    default: *why_zh = *why_en = ""; break;
    }
    return ok ? 0 : 1;
}

static int parse(kh_standard *s, const char *text, size_t n,
                 const char *source, kh_error *err)
{
    char section[64] = "";
    std_enum *cur = NULL;
    long lineno = 0;
    const char *p = text, *end = text + n;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        const char *l = p;
        size_t ln = (size_t)(eol - p);
        p = eol + 1;
        lineno++;
        const char *hash = memchr(l, '#', ln);
        if (hash) ln = (size_t)(hash - l);
        trim(&l, &ln);
        if (!ln) continue;
        if (l[0] == '[') {
            if (l[ln - 1] != ']' || ln < 3 || ln - 2 >= sizeof section) {
                kh_error_set(err, KH_ERR_INVALID, "standard_syntax",
                             "节名写法错误,应为 [名称]",
                             "bad section header, expected [name]");
                kh_error_at(err, source, 0, lineno, NULL);
                return KH_ERR_INVALID;
            }
            memcpy(section, l + 1, ln - 2);
            section[ln - 2] = '\0';
            cur = NULL;
            if (strncmp(section, "enum.", 5) == 0 ||
                strncmp(section, "alias.", 6) == 0) {
                /* An [alias.KIND] section is a list like an enum's: a
                 * column's header, then the other headers that mean it;
                 * it is kept under its full name, "alias.KIND". */
                char where[300];
                snprintf(where, sizeof where, "%s:%ld", source, lineno);
                const char *name =
                    section[0] == 'e' ? section + 5 : section;
                if (!(cur = enum_slot(s, name, where))) return KH_ERR_NOMEM;
            } else if (!known_section(section)) {
                kh_error_set(err, KH_ERR_INVALID, "standard_key",
                             "未知的节 [%s]", "unknown section [%s]", section);
                kh_error_at(err, source, 0, lineno, NULL);
                return KH_ERR_INVALID;
            }
            continue;
        }
        const char *eq = memchr(l, '=', ln);
        if (!eq || !section[0]) {
            kh_error_set(err, KH_ERR_INVALID, "standard_syntax",
                         "应为“键 = 值”且位于某个 [节] 之下",
                         "expected `key = value` inside a [section]");
            kh_error_at(err, source, 0, lineno, NULL);
            return KH_ERR_INVALID;
        }
        const char *k = l, *v = eq + 1;
        size_t kn = (size_t)(eq - l), vn = ln - kn - 1;
        trim(&k, &kn);
        trim(&v, &vn);
        if (!kn) {
            kh_error_set(err, KH_ERR_INVALID, "standard_syntax", "键为空",
                         "empty key");
            kh_error_at(err, source, 0, lineno, NULL);
            return KH_ERR_INVALID;
        }
        char where[300];
        snprintf(where, sizeof where, "%s:%ld", source, lineno);
        int rc;
        if (cur) {
            rc = add_label(cur, k, kn, v, vn);
        } else {
            char key[192];
            if (strlen(section) + kn + 2 > sizeof key) {
                kh_error_set(err, KH_ERR_INVALID, "standard_syntax",
                             "键过长", "key too long");
                kh_error_at(err, source, 0, lineno, NULL);
                return KH_ERR_INVALID;
            }
            snprintf(key, sizeof key, "%s.%.*s", section, (int)kn, k);
            /* A setting's value is short: a longer one is refused, not
             * checked cut (the cut could fall inside a character). */
            char vbuf[256];
            if (vn >= sizeof vbuf) {
                kh_error_set(err, KH_ERR_INVALID, "standard_value",
                             "%s 的值过长（%zu 字节，最多 %zu 字节）",
                             "%s: the value is too long (%zu bytes, at most %zu)",
                             key, vn, sizeof vbuf - 1);
                kh_error_at(err, source, 0, lineno, NULL);
                return KH_ERR_INVALID;
            }
            snprintf(vbuf, sizeof vbuf, "%.*s", (int)vn, v);
            const char *why_zh = NULL, *why_en = NULL;
            int bad = check_value(section, key, vbuf, &why_zh, &why_en);
            if (bad) {
                if (bad == 2)
                    kh_error_set(err, KH_ERR_INVALID, "standard_key",
                                 "未知的设置 %s(拼写错误?)",
                                 "unknown setting %s (a typo?)", key);
                else
                    kh_error_set(err, KH_ERR_INVALID, "standard_value",
                                 "%s 的值“%s”无效:%s",
                                 "%s: invalid value '%s': %.0s%s", key, vbuf,
                                 why_zh, why_en);
                kh_error_at(err, source, 0, lineno, NULL);
                return KH_ERR_INVALID;
            }
            rc = set_value(s, key, v, vn, where);
        }
        if (rc) return kh_error_set(err, rc, "nomem", "内存不足", "out of memory");
    }
    return KH_OK;
}

int kh_standard_load(kh_standard *s, const char *text, size_t n,
                     const char *source, kh_error *err)
{
    /* UTF-8 only: the messages quote the file's lines. */
    size_t partial = 0, ok = kh_utf8_valid_prefix(text, n, &partial);
    if (ok != n) {
        long line = 1;
        for (size_t i = 0; i < ok; i++) line += text[i] == '\n';
        kh_error_set(err, KH_ERR_INVALID, "std_encoding",
                     "标准文件不是 UTF-8 编码(第 %ld 行)",
                     "the standards file is not UTF-8 (line %ld)", line);
        kh_error_at(err, source, 0, line, NULL);
        return KH_ERR_INVALID;
    }
    /* Parse into a scratch copy first so that a bad file changes nothing:
     * check the whole file, then apply it. */
    kh_standard *scratch = calloc(1, sizeof *scratch);
    if (!scratch) return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    int rc = parse(scratch, text, n, source, err);
    kh_standard_free(scratch);
    if (rc) return rc;
    /* Remembered first, so that a failure leaves s as it was. */
    size_t sl = source ? strlen(source) : 0;
    unsigned char *ov = realloc(s->ov, s->nov + 12 + sl + n);
    if (!ov) return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    s->ov = ov;
    unsigned char *p = ov + s->nov;
    for (int i = 0; i < 4; i++) *p++ = (unsigned char)(sl >> (8 * i));
    if (sl) memcpy(p, source, sl);
    p += sl;
    for (int i = 0; i < 8; i++) *p++ = (unsigned char)((uint64_t)n >> (8 * i));
    if (n) memcpy(p, text, n);
    rc = parse(s, text, n, source, err);
    if (!rc) s->nov += 12 + sl + n;
    return rc;
}

const void *kh_standard_overlays(const kh_standard *s, size_t *len)
{
    *len = s->nov;
    return s->ov ? (const void *)s->ov : (const void *)"";
}

int kh_standard_from_overlays(const void *data, size_t len,
                              kh_standard **out, kh_error *err)
{
    *out = NULL;
    kh_standard *s;
    int rc = kh_standard_new(&s, err);
    const unsigned char *p = data, *end = p ? p + len : p;
    while (!rc && p < end) {
        uint64_t sl = 0, n = 0;
        if (end - p < 4) break;
        for (int i = 0; i < 4; i++) sl |= (uint64_t)p[i] << (8 * i);
        p += 4;
        if ((uint64_t)(end - p) < sl + 8) {
            p = NULL;
            break;
        }
        char *src = dup_n((const char *)p, (size_t)sl);
        p += sl;
        for (int i = 0; i < 8; i++) n |= (uint64_t)p[i] << (8 * i);
        p += 8;
        if (!src) {
            rc = kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
        } else if ((uint64_t)(end - p) < n) {
            p = NULL;
        } else {
            rc = kh_standard_load(s, (const char *)p, (size_t)n, src, err);
            p += n;
        }
        free(src);
        if (!p) break;
    }
    if (!rc && p != end)
        rc = kh_error_set(err, KH_ERR_INVALID, "standard_damaged",
                          "保存的标准数据已损坏", "the stored standards are damaged");
    if (rc) {
        kh_standard_free(s);
        return rc;
    }
    *out = s;
    return KH_OK;
}

int kh_standard_new(kh_standard **out, kh_error *err)
{
    *out = NULL;
    kh_standard *s = calloc(1, sizeof *s);
    if (!s) return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    int rc = parse(s, kh_std_default, kh_std_default_len,
                   "standards/national.std", err);
    if (rc) {
        kh_standard_free(s);
        return rc;
    }
    *out = s;
    return KH_OK;
}

const char *kh_standard_get(const kh_standard *s, const char *key)
{
    int i = find_value(s, key);
    return i >= 0 ? s->vals[i].value : NULL;
}

long long kh_standard_int(const kh_standard *s, const char *key,
                          long long def)
{
    const char *v = kh_standard_get(s, key);
    if (!v || !*v) return def;
    char *end;
    long long x = strtoll(v, &end, 10);
    return *end ? def : x;
}

int kh_standard_enum(const kh_standard *s, const char *name)
{
    for (int i = 0; i < s->nenums; i++)
        if (strcmp(s->enums[i].name, name) == 0) return i;
    return -1;
}

int kh_standard_enum_count(const kh_standard *s, int e)
{
    return e >= 0 && e < s->nenums ? s->enums[e].n : 0;
}

const char *kh_standard_enum_label(const kh_standard *s, int e, int i)
{
    if (e < 0 || e >= s->nenums || i < 0 || i >= s->enums[e].n) return "";
    return s->enums[e].labels[i].label;
}

const char *kh_standard_enum_code(const kh_standard *s, int e, int i, int k)
{
    if (e < 0 || e >= s->nenums || i < 0 || i >= s->enums[e].n) return NULL;
    const std_label *l = &s->enums[e].labels[i];
    return k >= 0 && k < l->ncodes ? l->codes[k] : NULL;
}

int kh_standard_enum_lookup(const kh_standard *s, int e, const char *v,
                            size_t n)
{
    if (e < 0 || e >= s->nenums) return -1;
    trim(&v, &n);
    const std_enum *en = &s->enums[e];
    for (int i = 0; i < en->n; i++) {
        const std_label *l = &en->labels[i];
        if (l->label_len == n && memcmp(l->label, v, n) == 0) return i;
    }
    for (int i = 0; i < en->n; i++) {
        const std_label *l = &en->labels[i];
        for (int k = 0; k < l->ncodes; k++)
            if (l->code_len[k] == n && memcmp(l->codes[k], v, n) == 0)
                return i;
    }
    return -1;
}

int kh_standard_is_warning(const kh_standard *s, const char *code)
{
    char key[96];
    snprintf(key, sizeof key, "severity.%s", code);
    const char *v = kh_standard_get(s, key);
    return v && strcmp(v, "warning") == 0;
}

int kh_standard_rate(const kh_standard *s, const char *key, long long *num,
                     long long *den)
{
    const char *v = kh_standard_get(s, key);
    if (!v || parse_rate(v, num, den)) return KH_ERR_NOTFOUND;
    return KH_OK;
}

int kh_standard_fen(const kh_standard *s, const char *key, long long *fen)
{
    const char *v = kh_standard_get(s, key);
    int64_t f;
    if (!v || kh_money_parse(v, strlen(v), &f)) return KH_ERR_NOTFOUND;
    *fen = f;
    return KH_OK;
}

int kh_standard_poverty_line(const kh_standard *s, int year, long long *fen)
{
    char key[48];
    snprintf(key, sizeof key, "poverty_line.%d", year);
    return kh_standard_fen(s, key, fen);
}

int kh_standard_monitoring_line(const kh_standard *s, int year,
                                long long *fen)
{
    char key[48];
    snprintf(key, sizeof key, "monitoring_line.%d", year);
    if (kh_standard_fen(s, key, fen) == KH_OK) return KH_OK;
    long long line, num, den;
    if (kh_standard_poverty_line(s, year, &line) ||
        kh_standard_rate(s, "monitoring.line_share", &num, &den))
        return KH_ERR_NOTFOUND;
    *fen = line * num / den;
    return KH_OK;
}

int kh_standard_in_list(const kh_standard *s, const char *key, const char *v,
                        size_t n)
{
    const char *p = kh_standard_get(s, key);
    while (p && *p) {
        const char *q = strchr(p, ',');
        const char *e = q ? q : p + strlen(p);
        const char *a = p;
        size_t len = (size_t)(e - p);
        trim(&a, &len);
        if (len == n && !memcmp(a, v, n)) return 1;
        p = q ? q + 1 : NULL;
    }
    return 0;
}

int kh_standard_each(const kh_standard *s, kh_standard_fn fn, void *ctx)
{
    for (int i = 0; i < s->nvals; i++) {
        int rc = fn(ctx, s->vals[i].key, s->vals[i].value, s->vals[i].source);
        if (rc) return rc;
    }
    return KH_OK;
}

int kh_standard_each_enum(const kh_standard *s, kh_standard_enum_fn fn,
                          void *ctx)
{
    for (int i = 0; i < s->nenums; i++) {
        const std_enum *e = &s->enums[i];
        for (int k = 0; k < e->n; k++) {
            char codes[256] = "";
            size_t n = 0;
            for (int c = 0; c < e->labels[k].ncodes && n < sizeof codes; c++)
                n += (size_t)snprintf(codes + n, sizeof codes - n, "%s%s",
                                      c ? ", " : "", e->labels[k].codes[c]);
            int rc = fn(ctx, e->name, e->labels[k].label, codes, e->source);
            if (rc) return rc;
        }
    }
    return KH_OK;
}
