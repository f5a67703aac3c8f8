/* SPDX-License-Identifier: MIT */
/*
 * assess_json.c - a stored assessment as JSON (include/kaohe/assess_json.h):
 * the ranking and one region's explanation, for `kaohe assess show|explain
 * --format json` and for GET /api/assessments/... (docs/http-api.md).
 */
#include <stdlib.h>
#include <string.h>

#include "kaohe/assess_json.h"
#include "kaohe/fmt.h"
#include "kaohe/label.h"
#include "kaohe/registry.h"
#include "kaohe/scheme.h"

static void points_s(long long c, char *b) { kh_points_format(c, b, 32); }

/* The value rounded to 4 decimals, "" when none. */
static void value_s(const kh_assess_item *it, char *b)
{
    if (!it->has_value) strcpy(b, "");
    else kh_q_format(it->value, 4, b, 48);
}

static int json_str(kh_buf *b, const char *s)
{
    return kh_buf_json_str(b, s ? s : "", s ? strlen(s) : 0);
}

/* ", \"title\": ..." the scheme's title for prose (its name when none). */
static int title_json(kh_buf *b, const kh_scheme *s)
{
    char t[400];
    kh_label_zh_punct(s->title && *s->title ? s->title : s->name, t, sizeof t);
    int rc = kh_buf_adds(b, ", \"title\": ");
    return rc ? rc : json_str(b, t);
}

size_t kh_assess_ranked(const kh_assessment *a, size_t *ord, const char *only)
{
    size_t n = 0;
    for (size_t r = 0; r < a->nregions; r++)
        if (a->regions[r].scheme == a->scheme &&
            (!only || !strcmp(only, a->regions[r].code)))
            ord[n++] = r;
    for (size_t i = 1; i < n; i++) /* stable insertion sort by rank */
        for (size_t k = i; k > 0 && a->regions[ord[k - 1]].rank >
                                        a->regions[ord[k]].rank; k--) {
            size_t t = ord[k];
            ord[k] = ord[k - 1];
            ord[k - 1] = t;
        }
    return n;
}

/* ", \"vetoes\": [...], \"items\": [": each veto's code and consequence,
 * and with why its condition. */
static int vetoes_json(kh_buf *b, const kh_assess_region *g, int why)
{
    int rc = kh_buf_adds(b, ", \"vetoes\": [");
    for (size_t v = 0; !rc && v < g->nvetoes; v++) {
        rc = kh_buf_adds(b, v ? ", {\"code\": " : "{\"code\": ");
        if (!rc) rc = json_str(b, g->vetoes[v].code);
        if (!rc) rc = kh_buf_adds(b, ", \"consequence\": ");
        if (!rc) rc = json_str(b, g->vetoes[v].consequence);
        char cz[1200], cq[1200];
        kh_label_consequence(g->vetoes[v].consequence, cq, sizeof cq);
        kh_label_zh_punct(cq, cz, sizeof cz);
        if (!rc) rc = kh_buf_adds(b, ", \"consequence_zh\": ");
        if (!rc) rc = json_str(b, cz);
        if (!rc) rc = kh_buf_adds(b, ", \"label\": ");
        if (!rc) rc = json_str(b, kh_label_veto(g->scheme, g->vetoes[v].code));
        if (!rc && why) rc = kh_buf_adds(b, ", \"condition\": ");
        if (!rc && why) rc = json_str(b, g->vetoes[v].why);
        if (!rc) rc = kh_buf_adds(b, "}");
    }
    if (!rc) rc = kh_buf_adds(b, "], \"items\": [");
    return rc;
}

/* Item i (it, scored x) up to its value: {"path", "points", "max",
 * "source" (src), "value"; the caller closes it. */
static int item_json(kh_buf *b, size_t i, const kh_scheme_item *it,
                     const kh_assess_item *x, const char *src)
{
    char p[32], m[32], v[48];
    points_s(x->points, p);
    points_s(it->max, m);
    value_s(x, v);
    int rc = kh_buf_adds(b, i ? ",\n    {\"path\": " : "\n    {\"path\": ");
    if (!rc) rc = json_str(b, it->path);
    if (!rc) rc = kh_buf_printf(b, ", \"points\": %s, \"max\": %s, "
                                "\"source\": ", p, m);
    if (!rc) rc = json_str(b, src);
    if (!rc) rc = kh_buf_printf(b, ", \"value\": %s", *v ? v : "null");
    return rc;
}

static int region_json(kh_buf *b, const kh_assess_region *g, int first)
{
    const kh_scheme *s = g->scheme;
    char t[48];
    int rc = kh_buf_adds(b, first ? "\n  {\"code\": " : ",\n  {\"code\": ");
    if (!rc) rc = json_str(b, g->code);
    if (!rc) rc = kh_buf_adds(b, ", \"name\": ");
    if (!rc) rc = json_str(b, g->name);
    points_s(g->total, t);
    if (!rc) rc = kh_buf_printf(b, ", \"total\": %s, \"rank\": %d, \"grade\": ", t, g->rank);
    if (!rc) rc = json_str(b, g->grade);
    if (!rc) rc = vetoes_json(b, g, 0);
    for (size_t i = 0; !rc && i < s->nitems; i++) {
        const kh_scheme_item *it = &s->items[i];
        char *src = it->nchildren ? strdup("sum") : kh_scheme_source_text(it);
        rc = src ? item_json(b, i, it, &g->items[i], src) : KH_ERR_NOMEM;
        if (!rc) rc = kh_buf_adds(b, "}");
        free(src);
    }
    if (!rc) rc = kh_buf_adds(b, "]}");
    return rc;
}

int kh_assess_show_json(const kh_assessment *a, const char *only,
                        kh_assess_keep_fn keep, void *ctx, kh_buf *b)
{
    size_t *ord = malloc((a->nregions + 1) * sizeof *ord);
    if (!ord) return KH_ERR_NOMEM;
    size_t n = kh_assess_ranked(a, ord, only);
    int rc = kh_buf_adds(b, "{\"scheme\": ");
    if (!rc) rc = json_str(b, a->scheme->name);
    if (!rc) rc = title_json(b, a->scheme);
    if (!rc)
        rc = kh_buf_printf(b, ", \"year\": %d, \"level\": \"%s\", "
                           "\"version\": %d, \"regions\": [", a->year,
                           kh_level_name(a->level), a->version);
    int first = 1;
    for (size_t k = 0; !rc && k < n; k++) {
        const kh_assess_region *g = &a->regions[ord[k]];
        if (keep && !keep(ctx, g->code)) continue;
        rc = region_json(b, g, first);
        first = 0;
    }
    /* the regions of the level that took no part, with the reason */
    if (!rc) rc = kh_buf_adds(b, "\n], \"not_assessed\": [");
    first = 1;
    for (size_t k = 0; !rc && k < a->nskipped; k++) {
        const kh_assess_skip *x = &a->skipped[k];
        if (strcmp(x->scheme, a->scheme->name)) continue;
        if (only && strcmp(only, x->code)) continue;
        if (keep && !keep(ctx, x->code)) continue;
        rc = kh_buf_printf(b, "%s{\"code\": \"%s\", \"name\": ",
                           first ? "" : ", ", x->code);
        if (!rc) rc = json_str(b, x->name);
        if (!rc) rc = kh_buf_adds(b, ", \"reason\": ");
        if (!rc) rc = json_str(b, x->reason);
        if (!rc) rc = kh_buf_adds(b, "}");
        first = 0;
    }
    if (!rc) rc = kh_buf_adds(b, "]}\n");
    free(ord);
    return rc ? KH_ERR_NOMEM : KH_OK;
}

typedef struct prov_list {
    kh_buf *b;
    int n;
    const kh_scheme *s;
} prov_list;

static int prov_cb(void *ctx, const kh_assess_prov *p)
{
    prov_list *l = ctx;
    int rc = kh_buf_adds(l->b, l->n++ ? ",\n    {\"name\": " : "\n    {\"name\": ");
    if (!rc) rc = json_str(l->b, p->name);
    if (!rc) rc = kh_buf_adds(l->b, ", \"value\": ");
    if (!rc) rc = json_str(l->b, p->value);
    if (!rc) rc = kh_buf_adds(l->b, ", \"step\": ");
    if (!rc) rc = json_str(l->b, p->step);
    if (!rc) rc = kh_buf_adds(l->b, ", \"date\": ");
    if (!rc) rc = json_str(l->b, p->date);
    if (!rc) rc = kh_buf_adds(l->b, ", \"file\": ");
    if (!rc) rc = json_str(l->b, p->file);
    /* the same in words beside them */
    char name[200], value[200], file[300], date[64];
    kh_label_prov(l->s, p->name, p->value, p->file, name, sizeof name, value, sizeof value, file,
                  sizeof file);
    kh_fmt_date_zh(p->date, date, sizeof date);
    if (!rc) rc = kh_buf_adds(l->b, ", \"label\": ");
    if (!rc) rc = json_str(l->b, name);
    if (!rc) rc = kh_buf_adds(l->b, ", \"value_zh\": ");
    if (!rc) rc = json_str(l->b, value);
    if (!rc) rc = kh_buf_adds(l->b, ", \"date_zh\": ");
    if (!rc) rc = json_str(l->b, date);
    if (!rc) rc = kh_buf_adds(l->b, ", \"file_zh\": ");
    if (!rc) rc = json_str(l->b, file);
    if (!rc) rc = kh_buf_adds(l->b, "}");
    return rc;
}

int kh_assess_explain_json(const kh_assessment *a, size_t r,
                           kh_assess_inputs_fn inputs, void *src, kh_buf *b,
                           kh_error *err)
{
    const kh_assess_region *g = &a->regions[r];
    const kh_scheme *s = g->scheme;
    char t[48];
    points_s(g->total, t);
    int rc = kh_buf_adds(b, "{\"scheme\": ");
    if (!rc) rc = json_str(b, s->name);
    if (!rc) rc = title_json(b, s);
    if (!rc) rc = kh_buf_printf(b, ", \"year\": %d, \"level\": \"%s\", "
                                "\"version\": %d, \"code\": \"%s\", \"name\": ",
                                a->year, kh_level_name(s->level), a->version,
                                g->code);
    if (!rc) rc = json_str(b, g->name);
    if (!rc) rc = kh_buf_printf(b, ", \"total\": %s, \"rank\": %d, \"grade\": ",
                                t, g->rank);
    if (!rc) rc = json_str(b, g->grade);
    if (!rc) rc = kh_buf_adds(b, ", \"grade_before_vetoes\": ");
    if (!rc) rc = json_str(b, g->grade_before);
    if (!rc) rc = vetoes_json(b, g, 1);
    for (size_t i = 0; !rc && i < s->nitems; i++) {
        const kh_scheme_item *it = &s->items[i];
        const kh_assess_item *x = &g->items[i];
        char *src = it->nchildren ? strdup("sum") : kh_scheme_source_text(it);
        char *rule = kh_scheme_rule_text(it);
        if (!src || !rule) {
            free(src);
            free(rule);
            rc = KH_ERR_NOMEM;
            break;
        }
        rc = item_json(b, i, it, x, src);
        if (!rc && x->has_value && it->src == KH_SRC_INDICATOR)
            rc = kh_buf_printf(b, ", \"num\": %lld, \"den\": %lld",
                               x->value.num, x->value.den);
        if (!rc) rc = kh_buf_adds(b, ", \"rule\": ");
        if (!rc) rc = json_str(b, rule);
        /* the same in plain Chinese beside the codes (kaohe/label.h) */
        char zh[800];
        kh_label_source(s, it, zh, sizeof zh);
        if (!rc) rc = kh_buf_adds(b, ", \"source_zh\": ");
        if (!rc) rc = json_str(b, zh);
        if (kh_label_rule_words(s, it, zh, sizeof zh)) zh[0] = '\0';
        if (!rc) rc = kh_buf_adds(b, ", \"rule_zh\": ");
        if (!rc) rc = json_str(b, zh);
        kh_label_item_value(s, it, x->has_value, x->value, zh, sizeof zh);
        if (!rc) rc = kh_buf_adds(b, ", \"value_zh\": ");
        if (!rc) rc = json_str(b, zh);
        if (!rc) rc = kh_buf_adds(b, ", \"detail\": ");
        if (!rc) rc = x->detail ? json_str(b, x->detail) : kh_buf_adds(b, "null");
        if (!rc) rc = kh_buf_adds(b, "}");
        free(src);
        free(rule);
    }
    if (rc)
        return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    prov_list pl = {b, 0, s};
    rc = kh_buf_adds(b, "], \"inputs\": [");
    if (!rc)
        rc = inputs(src, a, g->code, prov_cb, &pl, err);
    else
        return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    if (rc) {
        if (!err->status)
            kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
        return rc;
    }
    if (kh_buf_adds(b, "]}\n"))
        return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    return KH_OK;
}
