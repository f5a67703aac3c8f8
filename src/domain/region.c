/* SPDX-License-Identifier: MIT */
/*
 * region.c - the region set (行政区划) and the region list's rules:
 * unique codes, a parent that exists one level up, a level that agrees
 * with the code's zero padding.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/check_int.h"
#include "kaohe/check.h"

struct kh_regionset {
    kh_region *v;
    size_t n, cap;
    uint32_t *slots; /* index + 1, 0 = empty */
    size_t nslots;
};

int kh_regionset_new(kh_regionset **out, kh_error *err)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足",
                            "out of memory");
    return KH_OK;
}

void kh_regionset_free(kh_regionset *rs)
{
    if (!rs) return;
    for (size_t i = 0; i < rs->n; i++) free(rs->v[i].name);
    free(rs->v);
    free(rs->slots);
    free(rs);
}


static int rehash(kh_regionset *rs, size_t nslots)
{
    uint32_t *s = calloc(nslots, sizeof *s);
    if (!s) return KH_ERR_NOMEM;
    for (size_t i = 0; i < rs->n; i++) {
        size_t k = kh_region_code_hash(rs->v[i].code) & (nslots - 1);
        while (s[k]) k = (k + 1) & (nslots - 1);
        s[k] = (uint32_t)(i + 1);
    }
    free(rs->slots);
    rs->slots = s;
    rs->nslots = nslots;
    return KH_OK;
}

const kh_region *kh_regionset_find(const kh_regionset *rs, const char *code)
{
    if (!rs || !rs->nslots) return NULL;
    size_t k = kh_region_code_hash(code) & (rs->nslots - 1);
    while (rs->slots[k]) {
        const kh_region *r = &rs->v[rs->slots[k] - 1];
        if (strncmp(r->code, code, 12) == 0) return r;
        k = (k + 1) & (rs->nslots - 1);
    }
    return NULL;
}

int kh_regionset_add(kh_regionset *rs, const kh_region *r)
{
    if (rs->n == rs->cap) {
        size_t cap = rs->cap ? rs->cap * 2 : 256;
        kh_region *v = realloc(rs->v, cap * sizeof *v);
        if (!v) return KH_ERR_NOMEM;
        rs->v = v;
        rs->cap = cap;
    }
    kh_region *d = &rs->v[rs->n];
    *d = *r;
    d->name = strdup(r->name ? r->name : "");
    if (!d->name) return KH_ERR_NOMEM;
    rs->n++;
    if (rs->n * 2 > rs->nslots) return rehash(rs, rs->nslots ? rs->nslots * 2 : 1024);
    size_t k = kh_region_code_hash(d->code) & (rs->nslots - 1);
    while (rs->slots[k]) k = (k + 1) & (rs->nslots - 1);
    rs->slots[k] = (uint32_t)rs->n;
    return KH_OK;
}

size_t kh_regionset_count(const kh_regionset *rs)
{
    return rs ? rs->n : 0;
}

const kh_region *kh_regionset_at(const kh_regionset *rs, size_t i)
{
    return i < rs->n ? &rs->v[i] : NULL;
}

/* Parse 是/否 (and the codes of the yesno list): -1 empty, -2 invalid. */
static int yesno(const kh_standard *std, int e, kh_cell c)
{
    if (cell_blank(c)) return -1;
    int i = kh_standard_enum_lookup(std, e, c.s, c.len);
    if (i < 0) return -2;
    /* The list's first label means yes. */
    return i == 0 ? 1 : 0;
}

int kh_regions_check(const kh_standard *std, const char *file,
                     const kh_row *const *rows, size_t nrows,
                     kh_regionset *rs, kh_finding_fn fn, void *ctx,
                     long *errors, kh_error *err)
{
    finding_buf fb;
    int rc;
    *errors = 0;
    fb_init(&fb, std, fn, ctx, file);
    int pos[KH_R_COUNT];
    if (nrows == 0) {
        rc = fb_add(&fb, 0, 0, "", "", "", "file_empty", "文件没有表头行",
                    "the file has no header row");
        goto done;
    }
    rc = map_header(&fb, rows[0], kh_region_cols, KH_R_COUNT, pos, NULL);
    if (rc == KH_ERR_INVALID || fb.errors) goto done;
    if (nrows == 1) {
        rc = fb_add(&fb, 0, rows[0]->line, "", "", "", "no_data",
                    "文件只有表头,没有数据行", "the file has a header and no data");
        goto done;
    }
    int yn = kh_standard_enum(std, "yesno");
    /* First pass: collect codes so that parents can be looked up
     * regardless of the order of rows. */
    kh_regionset *all;
    if ((rc = kh_regionset_new(&all, err))) return rc;
    char *ok = calloc(nrows, 1);
    if (!ok) {
        kh_regionset_free(all);
        return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    }
    for (size_t i = 1; i < nrows && !rc; i++) {
        const kh_row *r = rows[i];
        long e0 = fb.errors;
        kh_region reg;
        memset(&reg, 0, sizeof reg);
        reg.row = r->row;
        reg.line = r->line;
        kh_cell code = row_cell(r, pos[KH_R_CODE]);
        kh_cell name = row_cell(r, pos[KH_R_NAME]);
        kh_cell parent = row_cell(r, pos[KH_R_PARENT]);
        kh_cell level = row_cell(r, pos[KH_R_LEVEL]);


#define ADD(col, c, fzh, fen, ...)                                              \
    do {                                                                      \
        if ((rc = fb_addf(&fb, r->row, r->line, kh_region_cols[col].zh, "",   \
                          "", c, fzh, fen, __VA_ARGS__)))                    \
            goto row_done;                                                    \
    } while (0)
        if (cell_blank(code)) {
            ADD(KH_R_CODE, "value_required", "区划代码为空%s", "区划代码 is empty%s", "");
        } else if (kh_region_code_level(code.s, code.len) == KH_LV_NONE) {
            int digits = code.len == 12;
            for (size_t k = 0; digits && k < 12; k++)
                digits = code.s[k] >= '0' && code.s[k] <= '9';
            if (!digits)
                ADD(KH_R_CODE, "value_code", "区划代码“%.*s”不是12位数字",
                    "region code '%.*s' is not 12 digits", (int)code.len, code.s);
            else
                ADD(KH_R_CODE, "region_level",
                    "区划代码“%.*s”的补零不规则(上级段为0而下级段非0)",
                    "region code '%.*s' has irregular zero padding", (int)code.len, code.s);
        } else {
            memcpy(reg.code, code.s, 12);
            const kh_region *first = kh_regionset_find(all, reg.code);
            if (first)
                ADD(KH_R_CODE, "region_code_dup",
                    "区划代码“%s”重复,首次出现在第%ld行",
                    "region code '%s' repeats the one on row %ld", reg.code, first->row);
        }
        if (cell_blank(name))
            ADD(KH_R_NAME, "value_required", "名称为空%s", "名称 is empty%s", "");
        int lv = KH_LV_NONE;
        if (cell_blank(level))
            ADD(KH_R_LEVEL, "value_required", "级别为空%s", "级别 is empty%s", "");
        else if ((lv = kh_level_parse(level.s, level.len)) == KH_LV_NONE)
            ADD(KH_R_LEVEL, "value_enum", "级别“%.*s”不是 省/市/县/乡/村",
                "level '%.*s' is not one of 省/市/县/乡/村", (int)level.len, level.s);
        if (reg.code[0] && lv) {
            int clv = kh_region_code_level(reg.code, 12);
            if (clv != lv)
                ADD(KH_R_LEVEL, "region_level",
                    "级别为“%s”,但区划代码“%s”的补零表示“%s”",
                    "level is '%s' but code '%s' is padded as a '%s'",
                    kh_level_name(lv), reg.code, kh_level_name(clv));
        }
        reg.level = lv;
        if (!cell_blank(parent)) {
            if (parent.len != 12 || kh_region_code_level(parent.s, 12) == KH_LV_NONE)
                ADD(KH_R_PARENT, "value_code", "上级代码“%.*s”不是有效的12位区划代码",
                    "parent '%.*s' is not a valid 12-digit region code",
                    (int)parent.len, parent.s);
            else
                memcpy(reg.parent, parent.s, 12);
        }
        reg.name = dup_cell(name);
        if (!reg.name) {
            rc = KH_ERR_NOMEM;
            goto row_done;
        }
        reg.western = yesno(std, yn, row_cell(r, pos[KH_R_WESTERN]));
        reg.poor_county = yesno(std, yn, row_cell(r, pos[KH_R_POOR_COUNTY]));
        reg.poor_village = yesno(std, yn, row_cell(r, pos[KH_R_POOR_VILLAGE]));
        if (reg.western == -2)
            ADD(KH_R_WESTERN, "value_enum", "西部地区应为 是/否%s", "西部地区 must be 是/否%s", "");
        if (reg.poor_county == -2)
            ADD(KH_R_POOR_COUNTY, "value_enum", "贫困县应为 是/否%s", "贫困县 must be 是/否%s", "");
        if (reg.poor_village == -2)
            ADD(KH_R_POOR_VILLAGE, "value_enum", "贫困村应为 是/否%s", "贫困村 must be 是/否%s", "");
        int cols[2] = {KH_R_RURAL_POP, KH_R_PLAN_EXIT};
        long long *dst[2] = {&reg.rural_pop, &reg.plan_exit};
        for (int k = 0; k < 2; k++) {
            kh_cell c = row_cell(r, pos[cols[k]]);
            *dst[k] = -1;
            if (cell_blank(c)) continue;
            if (parse_count(c, dst[k]))
                ADD(cols[k], "value_number", "“%.*s”不是非负整数",
                    "'%.*s' is not an integer >= 0", (int)c.len, c.s);
        }
        if (reg.code[0] && !kh_regionset_find(all, reg.code)) {
            if ((rc = kh_regionset_add(all, &reg))) goto row_done;
        }
        ok[i] = fb.errors == e0;
    row_done:
        free(reg.name);
#undef ADD
    }
    /* Second pass: parents. */
    for (size_t i = 1; i < nrows && !rc; i++) {
        const kh_row *r = rows[i];
        kh_cell code = row_cell(r, pos[KH_R_CODE]);
        if (code.len != 12) continue;
        const kh_region *reg = kh_regionset_find(all, code.s);
        if (!reg || reg->row != r->row) continue;
        char want[13];
        int has_want = kh_region_code_parent(reg->code, want) == 0;
        const char *zh = NULL, *en = NULL;
        if (!has_want && reg->parent[0]) {
            zh = "省级区划不应有上级代码“%s”";
            en = "a province must have no parent, got '%s'";
        } else if (has_want && !reg->parent[0]) {
            zh = "缺少上级代码%s";
            en = "the parent code is missing%s";
        } else if (has_want && strcmp(want, reg->parent) != 0) {
            zh = "上级代码“%s”不是本区划的上一级";
            en = "parent '%s' is not the level directly above this code";
        } else if (has_want && !kh_regionset_find(all, reg->parent)) {
            zh = "上级代码“%s”在区划表中不存在";
            en = "parent '%s' does not exist in the region list";
        }
        if (zh) {
            rc = fb_addf(&fb, r->row, r->line, kh_region_cols[KH_R_PARENT].zh,
                         "", "", "region_parent", zh, en,
                         reg->parent[0] ? reg->parent : "");
            ok[i] = 0;
        }
    }
    for (size_t i = 1; i < nrows && !rc; i++) {
        if (!ok[i]) continue;
        const kh_region *reg = kh_regionset_find(all, row_cell(rows[i], pos[KH_R_CODE]).s);
        if (reg && !kh_regionset_find(rs, reg->code)) rc = kh_regionset_add(rs, reg);
    }
    free(ok);
    kh_regionset_free(all);
done:
    if (!rc) rc = fb_flush(&fb);
    *errors = fb.errors;
    fb_free(&fb);
    if (rc == KH_ERR_INVALID) rc = KH_OK;
    if (rc) return kh_error_set(err, rc, "nomem", "内存不足", "out of memory");
    return KH_OK;
}
