/* SPDX-License-Identifier: MIT */
/*
 * scheme_set.c - a scheme with the schemes its roll-ups name, the presets
 * compiled in from schemes/, and the checks that look across
 * schemes: unknown indicators and sub-schemes, levels, cycles.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/registry.h"
#include "kaohe/scheme.h"

extern const struct {
    const char *name;
    const char *text;
    size_t len;
} kh_scheme_presets[];

size_t kh_scheme_preset_count(void)
{
    size_t n = 0;
    while (kh_scheme_presets[n].name) n++;
    return n;
}

const char *kh_scheme_preset_name(size_t i) { return kh_scheme_presets[i].name; }

const char *kh_scheme_preset_text(size_t i, size_t *len)
{
    *len = kh_scheme_presets[i].len;
    return kh_scheme_presets[i].text;
}

struct kh_scheme_set {
    size_t n;
    kh_scheme **s;
};

int kh_scheme_set_new(kh_scheme_set **out, kh_error *err)
{
    if (!(*out = calloc(1, sizeof **out)))
        return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                            "out of memory");
    return KH_OK;
}

void kh_scheme_set_free(kh_scheme_set *set)
{
    if (!set) return;
    for (size_t i = 0; i < set->n; i++) kh_scheme_free(set->s[i]);
    free(set->s);
    free(set);
}

static const kh_scheme *find(const kh_scheme_set *set, const char *name)
{
    for (size_t i = 0; i < set->n; i++)
        if (!strcmp(set->s[i]->name, name) ||
            (set->s[i]->written_name && !strcmp(set->s[i]->written_name, name)))
            return set->s[i];
    return NULL;
}

int kh_scheme_set_add(kh_scheme_set *set, kh_scheme *s, kh_error *err)
{
    if (find(set, s->name)) {
        kh_error_set(err, KH_ERR_INVALID, "scheme_duplicate",
                     "方案“%s”已载入(名称重复)",
                     "a scheme named '%s' is already loaded", s->name);
        kh_error_at(err, s->file, 0, 1, NULL);
        kh_scheme_free(s);
        return KH_ERR_INVALID;
    }
    kh_scheme **p = realloc(set->s, (set->n + 1) * sizeof *p);
    if (!p) {
        kh_scheme_free(s);
        return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                            "out of memory");
    }
    set->s = p;
    set->s[set->n++] = s;
    return KH_OK;
}

static int load_preset(kh_scheme_set *set, const char *name,
                       const kh_scheme **out, kh_error *err)
{
    for (size_t i = 0; kh_scheme_presets[i].name; i++) {
        if (strcmp(kh_scheme_presets[i].name, name)) continue;
        char file[300];
        snprintf(file, sizeof file, "schemes/%s.scheme", name);
        kh_scheme *s;
        int rc = kh_scheme_parse(kh_scheme_presets[i].text,
                                 kh_scheme_presets[i].len, file, &s, err);
        if (!rc) rc = kh_scheme_set_add(set, s, err);
        if (!rc) *out = s;
        return rc;
    }
    return kh_error_set(err, KH_ERR_NOTFOUND, "scheme_unknown",
                        "没有名为“%s”的考核方案(kaohe scheme show 列出预置方案)",
                        "no scheme named '%s' (kaohe scheme show lists the "
                        "presets)", name);
}

const kh_scheme *kh_scheme_set_get(kh_scheme_set *set, const char *name)
{
    const kh_scheme *s = find(set, name);
    if (s) return s;
    if (load_preset(set, name, &s, NULL)) return NULL;
    return s;
}

/* A file with a preset's name but another text is not that preset (its
 * runs must not be stored as the preset's next versions): rename it
 * "NAME(修改 #FINGERPRINT)", FNV-1a of the text; keep the name written.
 * Frees s on error. */
static int rename_modified(kh_scheme *s, kh_error *err)
{
    for (size_t i = 0; kh_scheme_presets[i].name; i++) {
        if (strcmp(kh_scheme_presets[i].name, s->name)) continue;
        if (kh_scheme_presets[i].len == s->text_len &&
            !memcmp(kh_scheme_presets[i].text, s->text, s->text_len))
            return KH_OK; /* the preset itself */
        unsigned long h = 2166136261UL;
        for (size_t k = 0; k < s->text_len; k++) {
            h ^= (unsigned char)s->text[k];
            h = (h * 16777619UL) & 0xffffffffUL;
        }
        size_t n = strlen(s->name) + 32;
        char *nn = malloc(n);
        if (!nn) {
            kh_scheme_free(s);
            return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                                "out of memory");
        }
        snprintf(nn, n, "%s(修改 #%08lx)", s->name, h);
        s->written_name = s->name;
        s->name = nn;
        return KH_OK;
    }
    return KH_OK;
}

int kh_scheme_set_load(kh_scheme_set *set, const char *name_or_path,
                       const kh_scheme **out, kh_error *err)
{
    *out = NULL;
    if (!strchr(name_or_path, '/') && !strstr(name_or_path, ".scheme")) {
        const kh_scheme *s = find(set, name_or_path);
        if (s) {
            *out = s;
            return KH_OK;
        }
        return load_preset(set, name_or_path, out, err);
    }
    FILE *fp = fopen(name_or_path, "rb");
    if (!fp)
        return kh_error_set(err, KH_ERR_IO, "io", "无法打开方案文件 %s",
                            "cannot open scheme file %s", name_or_path);
    char *text = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            char *t = cap > (16u << 20) ? NULL : realloc(text, cap);
            if (!t) {
                free(text);
                fclose(fp);
                return kh_error_set(err, KH_ERR_LIMIT, "scheme_size",
                                    "方案文件 %s 过大", "scheme file %s is too large",
                                    name_or_path);
            }
            text = t;
        }
        size_t got = fread(text + len, 1, 4096, fp);
        len += got;
        if (got < 4096) break;
    }
    int ioerr = ferror(fp);
    fclose(fp);
    if (ioerr) {
        free(text);
        return kh_error_set(err, KH_ERR_IO, "io", "读取方案文件 %s 出错",
                            "error reading scheme file %s", name_or_path);
    }
    kh_scheme *s;
    int rc = kh_scheme_parse(text, len, name_or_path, &s, err);
    free(text);
    if (!rc) rc = rename_modified(s, err);
    if (!rc) rc = kh_scheme_set_add(set, s, err);
    if (!rc) *out = s;
    return rc;
}

static int fail_at(kh_error *err, const kh_scheme *s, long line)
{
    kh_error_at(err, s->file, 0, line, NULL);
    return KH_ERR_INVALID;
}

/* Depth-first over roll-up references; path holds the schemes on the way
 * down. */
static int check_rec(kh_scheme_set *set, const kh_scheme *s,
                     kh_indicator_known_fn known, void *ctx,
                     const kh_scheme **path, int depth, kh_error *err)
{
    if (depth >= 16)
        return kh_error_msg(err, KH_ERR_INVALID, "scheme_cycle",
                            "方案汇总层级过深", "roll-ups nested too deep");
    path[depth] = s;
    for (size_t i = 0; i < s->nitems; i++) {
        const kh_scheme_item *it = &s->items[i];
        if (it->src == KH_SRC_INDICATOR && known && !known(ctx, it->ref)) {
            kh_error_set(err, KH_ERR_INVALID, "scheme_indicator_unknown",
                         "项目“%s”引用的指标“%s”不存在(见 docs/indicators.md)",
                         "item '%s' uses indicator '%s', which does not exist "
                         "(see docs/indicators.md)", it->path, it->ref);
            return fail_at(err, s, it->line);
        }
        if (it->src != KH_SRC_ROLLUP) continue;
        if (it->weight && known && !known(ctx, it->weight)) {
            kh_error_set(err, KH_ERR_INVALID, "scheme_indicator_unknown",
                         "项目“%s”的权重指标“%s”不存在",
                         "item '%s' weighs by indicator '%s', which does not "
                         "exist", it->path, it->weight);
            return fail_at(err, s, it->line);
        }
        const kh_scheme *sub = find(set, it->ref);
        if (!sub) {
            int rc = load_preset(set, it->ref, &sub, err);
            if (rc && rc != KH_ERR_NOTFOUND) return rc; /* not "unknown" */
        }
        if (!sub) {
            kh_error_set(err, KH_ERR_INVALID, "scheme_unknown",
                         "项目“%s”汇总的方案“%s”不存在",
                         "item '%s' rolls up scheme '%s', which does not "
                         "exist", it->path, it->ref);
            return fail_at(err, s, it->line);
        }
        for (int d = 0; d <= depth; d++)
            if (path[d] == sub) {
                kh_error_set(err, KH_ERR_INVALID, "scheme_cycle",
                             "项目“%s”汇总方案“%s”,而该方案又引用了本方案(循环)",
                             "item '%s' rolls up scheme '%s', which leads back "
                             "here (a cycle)", it->path, it->ref);
                return fail_at(err, s, it->line);
            }
        if (sub->level <= s->level) {
            kh_error_set(err, KH_ERR_INVALID, "scheme_level",
                         "项目“%s”汇总的方案“%s”考核 %s 级,不在 %s 级之下",
                         "item '%s' rolls up scheme '%s' of level %s, which "
                         "is not below %s", it->path, it->ref,
                         kh_level_name(sub->level), kh_level_name(s->level));
            return fail_at(err, s, it->line);
        }
        if (it->grades) {
            char *g = strdup(it->grades), *save = NULL;
            if (!g)
                return kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足",
                                    "out of memory");
            for (char *t = strtok_r(g, ",", &save); t;
                 t = strtok_r(NULL, ",", &save)) {
                if (kh_scheme_grade_find(sub, t) < 0) {
                    kh_error_set(err, KH_ERR_INVALID, "scheme_grade",
                                 "项目“%s”计数的等次“%s”不在方案“%s”中",
                                 "item '%s' counts grade '%s', which scheme "
                                 "'%s' does not have", it->path, t, sub->name);
                    free(g);
                    return fail_at(err, s, it->line);
                }
            }
            free(g);
        }
        int rc = check_rec(set, sub, known, ctx, path, depth + 1, err);
        if (rc) {
            if (err && !err->line) fail_at(err, s, it->line);
            return rc;
        }
    }
    for (size_t i = 0; i < s->nvetoes; i++)
        for (size_t k = 0; k < s->vetoes[i].nconds; k++) {
            const kh_veto_cond *c = &s->vetoes[i].conds[k];
            if (c->src == KH_SRC_INDICATOR && known && !known(ctx, c->ref)) {
                kh_error_set(err, KH_ERR_INVALID, "scheme_indicator_unknown",
                             "否决条件引用的指标“%s”不存在",
                             "the condition uses indicator '%s', which does "
                             "not exist", c->ref);
                return fail_at(err, s, c->line);
            }
        }
    return KH_OK;
}

int kh_scheme_check(kh_scheme_set *set, const kh_scheme *s,
                    kh_indicator_known_fn known, void *ctx, kh_error *err)
{
    const kh_scheme *path[17];
    return check_rec(set, s, known, ctx, path, 0, err);
}
