/* SPDX-License-Identifier: MIT */
/*
 * header.c - matching the header cells of a sheet to the columns of a kind
 * of file (header.h: registry, regions, roster, survey, plan): a cell
 * matches a column when it is the column's name or key, or when its
 * comparable form (kh_header_norm) equals the comparable form of the name,
 * the key or one of the column's aliases in the standards file
 * ([alias.registry], [alias.regions], [alias.roster], [alias.survey],
 * [alias.plan]).
 */
#include "kaohe/header.h"

#include <stdlib.h>
#include <string.h>

#include "kaohe/plancol.h"
#include "kaohe/survey.h"

#define NORM_MAX 256

/* Code point of the UTF-8 sequence at s (n bytes left); *len its length.
 * Bytes that are not valid UTF-8 count as themselves. */
static unsigned utf8_at(const unsigned char *s, size_t n, size_t *len)
{
    if (s[0] < 0x80 || n < 2) {
        *len = 1;
        return s[0];
    }
    if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
        *len = 2;
        return ((unsigned)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if ((s[0] & 0xF0) == 0xE0 && n >= 3 && (s[1] & 0xC0) == 0x80 &&
        (s[2] & 0xC0) == 0x80) {
        *len = 3;
        return ((unsigned)(s[0] & 0x0F) << 12) |
               ((unsigned)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    *len = 1;
    return s[0];
}

/* Cut a trailing "(...)", "[...]" or "【...】" note; 1 when cut. */
static int cut_note(char *out, size_t *n)
{
    static const char *const pairs[][2] = {
        {"(", ")"}, {"[", "]"}, {"\xE3\x80\x90", "\xE3\x80\x91"}};
    for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
        size_t ol = strlen(pairs[p][0]), cl = strlen(pairs[p][1]);
        if (*n < cl || memcmp(out + *n - cl, pairs[p][1], cl) != 0) continue;
        /* The opening bracket that closes last. */
        for (size_t i = *n - cl; i-- > 0;) {
            if (i + ol <= *n - cl && memcmp(out + i, pairs[p][0], ol) == 0) {
                if (i == 0) return 0; /* nothing before the note */
                *n = i;
                out[i] = '\0';
                return 1;
            }
        }
    }
    return 0;
}

int kh_header_norm(const char *s, size_t n, char *out, size_t outsz)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t o = 0, i = 0;
    while (i < n) {
        size_t len;
        unsigned cp = utf8_at(p + i, n - i, &len);
        if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' ||
            cp == 0x3000 || cp == 0xA0) {
            i += len;
            continue;
        }
        if (cp >= 0xFF01 && cp <= 0xFF5E) { /* full-width ASCII forms */
            cp -= 0xFEE0;
            len = 3;
            if (o + 1 >= outsz) return -1;
            out[o++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
            i += len;
            continue;
        }
        if (o + len >= outsz) return -1;
        if (len == 1 && cp >= 'A' && cp <= 'Z')
            out[o++] = (char)(cp + 32);
        else
            memcpy(out + o, s + i, len), o += len;
        i += len;
    }
    out[o] = '\0';
    for (int changed = 1; changed;) {
        changed = 0;
        while (o > 1 && out[o - 1] == '*') out[--o] = '\0', changed = 1;
        if (o > 1 && out[0] == '*') {
            memmove(out, out + 1, o--);
            changed = 1;
        }
        if (cut_note(out, &o)) changed = 1;
    }
    return (int)o;
}

static int norm_eq(const char *norm, size_t nn, const char *s)
{
    char b[NORM_MAX];
    int bn = kh_header_norm(s, strlen(s), b, sizeof b);
    return bn >= 0 && (size_t)bn == nn && memcmp(b, norm, nn) == 0;
}

/* Each kind: its columns, the exact-name lookup, the alias section. */
static const struct kind {
    const kh_coldef *cols;
    int n;
    int (*find)(const char *, size_t); /* NULL: name or key as written */
    const char *section;
} kinds[] = {
    [KH_HDR_REGISTRY] = {kh_registry_cols, KH_C_COUNT, kh_registry_col_find,
                         "alias.registry"},
    [KH_HDR_REGIONS] = {kh_region_cols, KH_R_COUNT, kh_region_col_find,
                        "alias.regions"},
    [KH_HDR_ROSTER] = {kh_roster_cols, KH_RO_COUNT, NULL, "alias.roster"},
    [KH_HDR_SURVEY] = {kh_survey_cols, KH_SV_COUNT, NULL, "alias.survey"},
    [KH_HDR_PLAN] = {kh_plan_cols, KH_PC_COUNT, kh_plan_col_find,
                     "alias.plan"},
};

static int exact_find(const struct kind *k, const char *s, size_t n)
{
    if (k->find) return k->find(s, n);
    for (int i = 0; i < k->n; i++)
        if ((strlen(k->cols[i].zh) == n && !memcmp(k->cols[i].zh, s, n)) ||
            (strlen(k->cols[i].key) == n && !memcmp(k->cols[i].key, s, n)))
            return i;
    return -1;
}

int kh_header_columns(int kind, const kh_coldef **cols)
{
    if (kind < 0 || kind >= (int)(sizeof kinds / sizeof kinds[0])) return 0;
    *cols = kinds[kind].cols;
    return kinds[kind].n;
}

const char *kh_header_alias(const kh_standard *std, const char *section,
                            const char *s, size_t n)
{
    char norm[NORM_MAX];
    int nn = kh_header_norm(s, n, norm, sizeof norm);
    int e = std && nn > 0 ? kh_standard_enum(std, section) : -1;
    int nl = e >= 0 ? kh_standard_enum_count(std, e) : 0;
    for (int l = 0; l < nl; l++) {
        const char *label = kh_standard_enum_label(std, e, l);
        if (norm_eq(norm, (size_t)nn, label)) return label;
        for (int j = 0;; j++) {
            const char *a = kh_standard_enum_code(std, e, l, j);
            if (!a) break;
            if (norm_eq(norm, (size_t)nn, a)) return label;
        }
    }
    return NULL;
}

int kh_header_match(const kh_standard *std, int kind, const char *s,
                    size_t n, int *exact)
{
    *exact = 1;
    if (kind < 0 || kind >= (int)(sizeof kinds / sizeof kinds[0])) return -1;
    const struct kind *k = &kinds[kind];
    const kh_coldef *cols = k->cols;
    int ncols = k->n;
    int col = exact_find(k, s, n);
    if (col >= 0) return col;
    *exact = 0;
    char norm[NORM_MAX];
    int nn = kh_header_norm(s, n, norm, sizeof norm);
    if (nn <= 0) return -1;
    for (int i = 0; i < ncols; i++)
        if (norm_eq(norm, (size_t)nn, cols[i].zh) ||
            norm_eq(norm, (size_t)nn, cols[i].key))
            return i;
    int e = std ? kh_standard_enum(std, k->section) : -1;
    int nl = kh_standard_enum_count(std, e);
    for (int l = 0; l < nl; l++) {
        const char *label = kh_standard_enum_label(std, e, l);
        int target = -1;
        for (int i = 0; i < ncols && target < 0; i++)
            if (!strcmp(cols[i].zh, label) || !strcmp(cols[i].key, label))
                target = i;
        if (target < 0) continue;
        for (int j = 0;; j++) {
            const char *a = kh_standard_enum_code(std, e, l, j);
            if (!a) break;
            if (norm_eq(norm, (size_t)nn, a)) return target;
        }
    }
    return -1;
}

/*
 * The comparable forms a cell is held against after exact_find, in the
 * order kh_header_match tries them: each column's name and key, then the
 * codes of the kind's alias section that name a column. kh_header_score
 * makes them once for a row instead of once for each cell (a wide row of
 * unknown headings normalised every alias again for each cell).
 */
typedef struct forms {
    char *text;  /* the forms, each NUL-terminated */
    size_t *off; /* where each starts in text */
    int *len;    /* its length, -1 when it does not fit NORM_MAX */
    int *col;    /* the column it names */
    int n;
} forms;

/* Add s (its comparable form) for column col; counts only when f->text
 * is NULL. */
static void forms_add(forms *f, size_t *used, const char *s, int col)
{
    size_t n = strlen(s);
    if (f->text) {
        char b[NORM_MAX];
        int bn = kh_header_norm(s, n, b, sizeof b);
        f->off[f->n] = *used;
        f->len[f->n] = bn;
        f->col[f->n] = col;
        if (bn > 0) memcpy(f->text + *used, b, (size_t)bn);
        f->text[*used + (bn > 0 ? (size_t)bn : 0)] = '\0';
    }
    /* a form is never longer than its text */
    *used += n + 1;
    f->n++;
}

static void forms_walk(const kh_standard *std, const struct kind *k,
                       forms *f, size_t *used)
{
    f->n = 0;
    *used = 0;
    for (int i = 0; i < k->n; i++) {
        forms_add(f, used, k->cols[i].zh, i);
        forms_add(f, used, k->cols[i].key, i);
    }
    int e = std ? kh_standard_enum(std, k->section) : -1;
    int nl = kh_standard_enum_count(std, e);
    for (int l = 0; l < nl; l++) {
        const char *label = kh_standard_enum_label(std, e, l);
        int target = -1;
        for (int i = 0; i < k->n && target < 0; i++)
            if (!strcmp(k->cols[i].zh, label) || !strcmp(k->cols[i].key, label))
                target = i;
        if (target < 0) continue;
        for (int j = 0;; j++) {
            const char *a = kh_standard_enum_code(std, e, l, j);
            if (!a) break;
            forms_add(f, used, a, target);
        }
    }
}

static void forms_free(forms *f)
{
    free(f->text);
    free(f->off);
    free(f->len);
    free(f->col);
}

/* 0, or -1 when memory runs out (the caller then matches cell by cell). */
static int forms_make(const kh_standard *std, const struct kind *k, forms *f)
{
    size_t used;
    memset(f, 0, sizeof *f);
    forms_walk(std, k, f, &used);
    int n = f->n;
    f->text = malloc(used + 1);
    f->off = malloc(((size_t)n + 1) * sizeof *f->off);
    f->len = malloc(((size_t)n + 1) * sizeof *f->len);
    f->col = malloc(((size_t)n + 1) * sizeof *f->col);
    if (!f->text || !f->off || !f->len || !f->col) {
        forms_free(f);
        memset(f, 0, sizeof *f);
        return -1;
    }
    forms_walk(std, k, f, &used);
    return 0;
}

/* kh_header_match of one cell against forms made for its kind. */
static int forms_match(const struct kind *k, const forms *f, const char *s,
                       size_t n)
{
    int col = exact_find(k, s, n);
    if (col >= 0) return col;
    char norm[NORM_MAX];
    int nn = kh_header_norm(s, n, norm, sizeof norm);
    if (nn <= 0) return -1;
    for (int i = 0; i < f->n; i++)
        if (f->len[i] == nn && !memcmp(f->text + f->off[i], norm, (size_t)nn))
            return f->col[i];
    return -1;
}

void kh_header_match_row(const kh_standard *std, int kind, const kh_row *r,
                         int *col, int *exact)
{
    int made = 0;
    forms f;
    memset(&f, 0, sizeof f);
    int ok = kind >= 0 && kind < (int)(sizeof kinds / sizeof kinds[0]);
    for (size_t i = 0; i < r->n; i++) {
        const char *s = r->cells[i].s;
        size_t n = r->cells[i].len;
        exact[i] = 1;
        if (!ok) {
            col[i] = -1;
            continue;
        }
        if ((col[i] = exact_find(&kinds[kind], s, n)) >= 0) continue;
        exact[i] = 0;
        /* The forms are made when a cell first needs them: a row of
         * exact names or of blanks never does. */
        if (!made) {
            char b[NORM_MAX];
            if (kh_header_norm(s, n, b, sizeof b) > 0)
                made = forms_make(std, &kinds[kind], &f) == 0 ? 1 : -1;
        }
        if (made == 1)
            col[i] = forms_match(&kinds[kind], &f, s, n);
        else
            col[i] = kh_header_match(std, kind, s, n, &exact[i]);
    }
    if (made == 1) forms_free(&f);
}

int kh_header_score(const kh_standard *std, int kind, const kh_row *r,
                    int *complete)
{
    const kh_coldef *cols = NULL;
    int ncols = kh_header_columns(kind, &cols);
    unsigned char seen[KH_HEADER_MAX_COLS];
    memset(seen, 0, sizeof seen);
    int score = 0, exact, made = 0;
    forms f;
    memset(&f, 0, sizeof f);
    for (size_t i = 0; i < r->n; i++) {
        const char *s = r->cells[i].s;
        size_t n = r->cells[i].len;
        int c;
        /* The forms are made when a cell first needs them: a row of
         * exact names or of blanks never does. */
        if (ncols && !made && exact_find(&kinds[kind], s, n) < 0) {
            char b[NORM_MAX];
            if (kh_header_norm(s, n, b, sizeof b) > 0)
                made = forms_make(std, &kinds[kind], &f) == 0 ? 1 : -1;
        }
        if (made == 1)
            c = forms_match(&kinds[kind], &f, s, n);
        else
            c = kh_header_match(std, kind, s, n, &exact);
        if (c >= 0 && !seen[c]) {
            seen[c] = 1;
            score++;
        }
    }
    if (made == 1) forms_free(&f);
    *complete = 1;
    for (int i = 0; i < ncols; i++)
        if (cols[i].header_required && !seen[i]) *complete = 0;
    return score;
}
