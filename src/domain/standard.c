/* SPDX-License-Identifier: MIT */
/*
 * standard.c - parsing standards files (INI-like: [section], key = value,
 * # comments) into scalar settings, enum lists and finding severities.
 * The national defaults come compiled in (kh_std_default, generated from
 * standards/national.std by the build).
 */
#include "kaohe/standard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    std_label *labels;
    int n;
} std_enum;

struct kh_standard {
    std_value *vals;
    int nvals;
    std_enum *enums;
    int nenums;
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
    for (int i = 0; i < s->nenums; i++) free_enum(&s->enums[i]);
    free(s->enums);
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

static int set_value(kh_standard *s, const char *key, const char *val,
                     size_t vlen, const char *source)
{
    for (int i = 0; i < s->nvals; i++) {
        if (strcmp(s->vals[i].key, key) == 0) {
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

static std_enum *enum_slot(kh_standard *s, const char *name)
{
    for (int i = 0; i < s->nenums; i++)
        if (strcmp(s->enums[i].name, name) == 0) {
            /* A file that names a list replaces it whole. */
            free_enum(&s->enums[i]);
            memset(&s->enums[i], 0, sizeof s->enums[i]);
            s->enums[i].name = dup_n(name, strlen(name));
            return s->enums[i].name ? &s->enums[i] : NULL;
        }
    std_enum *ne = realloc(s->enums, (size_t)(s->nenums + 1) * sizeof *ne);
    if (!ne) return NULL;
    s->enums = ne;
    std_enum *e = &s->enums[s->nenums];
    memset(e, 0, sizeof *e);
    if (!(e->name = dup_n(name, strlen(name)))) return NULL;
    s->nenums++;
    return e;
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
            if (strncmp(section, "enum.", 5) == 0) {
                if (!(cur = enum_slot(s, section + 5))) return KH_ERR_NOMEM;
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
            if (strcmp(section, "severity") == 0 && !(vn == 5 && !memcmp(v, "error", 5)) &&
                !(vn == 7 && !memcmp(v, "warning", 7))) {
                kh_error_set(err, KH_ERR_INVALID, "standard_value",
                             "严重程度只能是 error 或 warning",
                             "severity must be error or warning");
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
    /* Parse into a scratch copy first so that a bad file changes nothing:
     * check the whole file, then apply it. */
    kh_standard *scratch = calloc(1, sizeof *scratch);
    if (!scratch) return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    int rc = parse(scratch, text, n, source, err);
    kh_standard_free(scratch);
    if (rc) return rc;
    return parse(s, text, n, source, err);
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
    for (int i = 0; i < s->nvals; i++)
        if (strcmp(s->vals[i].key, key) == 0) return s->vals[i].value;
    return NULL;
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
