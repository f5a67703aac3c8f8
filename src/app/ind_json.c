/* SPDX-License-Identifier: MIT */
/*
 * ind_json.c - the indicators of a region as JSON (ind_json.h), written
 * by hand: printf is a good part of the time at a province's size.
 */
#include <stdlib.h>
#include <string.h>

#include "kaohe/ind_json.h"
#include "kaohe/indicators.h"
#include "kaohe/indicators_store.h"
#include "kaohe/registry.h"

struct kh_ind_json {
    const kh_indicators *ix;
    size_t n;     /* indicators of ix */
    char **keys;  /* the text before each numerator; NULL: not wanted */
};

static char *put_ll(char *p, long long v)
{
    char t[24];
    int n = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
                                 : (unsigned long long)v;
    do {
        t[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) *p++ = '-';
    while (n) *p++ = t[--n];
    return p;
}

void kh_ind_value_format(char *buf, long long num, long long den)
{
    if (den == 0) {
        memcpy(buf, "null", 5);
        return;
    }
    __int128 a = (__int128)num * 10000, d = den;
    int neg = (a < 0) != (d < 0);
    if (a < 0) a = -a;
    if (d < 0) d = -d;
    __int128 q = (2 * a + d) / (2 * d);
    char *p = buf;
    if (neg && q) *p++ = '-';
    p = put_ll(p, (long long)(q / 10000));
    long long f = (long long)(q % 10000);
    *p++ = '.';
    *p++ = (char)('0' + f / 1000);
    *p++ = (char)('0' + f / 100 % 10);
    *p++ = (char)('0' + f / 10 % 10);
    *p++ = (char)('0' + f % 10);
    *p = '\0';
}

/* 1 when name is one of the comma-separated names (NULL: all). */
static int wanted(const char *names, const char *name)
{
    if (!names) return 1;
    size_t n = strlen(name);
    for (const char *p = names;;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && !memcmp(p, name, n)) return 1;
        if (!e) return 0;
        p = e + 1;
    }
}

void kh_ind_json_free(kh_ind_json *j)
{
    if (!j) return;
    for (size_t i = 0; i < j->n; i++) free(j->keys[i]);
    free(j->keys);
    free(j);
}

int kh_ind_json_new(const kh_indicators *ix, const char *names,
                    kh_ind_json **out, kh_error *err)
{
    *out = NULL;
    kh_ind_json *j = calloc(1, sizeof *j);
    size_t n = kh_indicators_count(ix);
    if (!j || !(j->keys = calloc(n + 1, sizeof *j->keys))) {
        free(j);
        return kh_error_nomem(err);
    }
    j->ix = ix;
    j->n = n;
    int first = 1;
    for (size_t i = 0; i < n; i++) {
        const char *name = kh_indicators_name(ix, i);
        if (!wanted(names, name)) continue;
        kh_buf b = KH_BUF_INIT;
        if (kh_buf_adds(&b, first ? "\n    " : ",\n    ") ||
            kh_buf_json_str(&b, name, strlen(name)) ||
            kh_buf_adds(&b, ": {\"num\": ") ||
            !(j->keys[i] = kh_buf_take(&b))) {
            kh_buf_free(&b);
            kh_ind_json_free(j);
            return kh_error_nomem(err);
        }
        first = 0;
    }
    *out = j;
    return KH_OK;
}

int kh_ind_json_region(const kh_ind_json *j, size_t r, kh_buf *b)
{
    const kh_region *g = kh_indicators_region(j->ix, r);
    const char *lv = kh_level_name(g->level);
    int rc = kh_buf_adds(b, "{\"code\": ");
    if (!rc) rc = kh_buf_json_str(b, g->code, strlen(g->code));
    if (!rc) rc = kh_buf_adds(b, ", \"name\": ");
    if (!rc) rc = kh_buf_json_str(b, g->name ? g->name : "",
                                  g->name ? strlen(g->name) : 0);
    if (!rc) rc = kh_buf_adds(b, ", \"level\": ");
    if (!rc) rc = kh_buf_json_str(b, lv ? lv : "", lv ? strlen(lv) : 0);
    if (!rc) rc = kh_buf_adds(b, ", \"parent\": ");
    if (!rc)
        rc = g->parent[0] ? kh_buf_json_str(b, g->parent, strlen(g->parent))
                          : kh_buf_adds(b, "null");
    if (!rc) rc = kh_buf_adds(b, ", \"indicators\": {");
    for (size_t i = 0; !rc && i < j->n; i++) {
        if (!j->keys[i]) continue;
        long long num, den;
        char v[160], *p = v;
        kh_indicators_get(j->ix, r, i, &num, &den);
        rc = kh_buf_adds(b, j->keys[i]);
        p = put_ll(p, num);
        memcpy(p, ", \"den\": ", 9);
        p = put_ll(p + 9, den);
        memcpy(p, ", \"value\": ", 11);
        p += 11;
        kh_ind_value_format(p, num, den);
        p += strlen(p);
        *p++ = '}';
        if (!rc) rc = kh_buf_add(b, v, (size_t)(p - v));
    }
    if (!rc) rc = kh_buf_adds(b, "}}");
    return rc;
}
