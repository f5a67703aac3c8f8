/* SPDX-License-Identifier: MIT */
/*
 * test_region.c - region codes and the region list (src/domain/registry.c,
 * src/domain/region.c): levels from zero padding, parents, level names,
 * the region set, and the region list's rules (region_code_dup,
 * region_parent, region_level, header_missing) on rows built in memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/check.h"
#include "kaohe/registry.h"
#include "kaohe/standard.h"

static int level(const char *code)
{
    return kh_region_code_level(code, strlen(code));
}

static int lvparse(const char *s)
{
    return kh_level_parse(s, strlen(s));
}

/* ---- codes ---- */

static void test_code_level_of_all_five_levels(void **state)
{
    (void)state;
    assert_int_equal(level("530000000000"), KH_LV_PROVINCE);
    assert_int_equal(level("530100000000"), KH_LV_CITY);
    assert_int_equal(level("530102000000"), KH_LV_COUNTY);
    assert_int_equal(level("530102001000"), KH_LV_TOWNSHIP);
    assert_int_equal(level("530102001001"), KH_LV_VILLAGE);
    /* Zeros inside a non-zero segment are fine. */
    assert_int_equal(level("110101100200"), KH_LV_VILLAGE);
    assert_int_equal(level("530102010000"), KH_LV_TOWNSHIP);
}

static void test_code_level_irregular_padding_is_none(void **state)
{
    (void)state;
    assert_int_equal(level("530000100000"), KH_LV_NONE); /* no city, county */
    assert_int_equal(level("530001000000"), KH_LV_NONE); /* no city */
    assert_int_equal(level("530100000001"), KH_LV_NONE); /* no county, town */
    assert_int_equal(level("530102000001"), KH_LV_NONE); /* no township */
    assert_int_equal(level("000000000000"), KH_LV_NONE);
    assert_int_equal(level("000100000000"), KH_LV_NONE); /* no province */
}

static void test_code_level_rejects_non_digits_and_wrong_length(void **state)
{
    (void)state;
    assert_int_equal(level("53010200100a"), KH_LV_NONE);
    assert_int_equal(level("5301020010 1"), KH_LV_NONE);
    assert_int_equal(level("-30102001001"), KH_LV_NONE);
    assert_int_equal(level("53010200100"), KH_LV_NONE);
    assert_int_equal(level("5301020010010"), KH_LV_NONE);
    assert_int_equal(level("530102"), KH_LV_NONE);
    assert_int_equal(level(""), KH_LV_NONE);
    /* n is honoured: 12 of 13 characters are a valid code. */
    assert_int_equal(kh_region_code_level("5301020010019", 12), KH_LV_VILLAGE);
}

static void test_code_parent_truncates_one_level(void **state)
{
    (void)state;
    char out[13];
    assert_int_equal(kh_region_code_parent("530102001001", out), 0);
    assert_string_equal(out, "530102001000");
    assert_int_equal(kh_region_code_parent("530102001000", out), 0);
    assert_string_equal(out, "530102000000");
    assert_int_equal(kh_region_code_parent("530102000000", out), 0);
    assert_string_equal(out, "530100000000");
    assert_int_equal(kh_region_code_parent("530100000000", out), 0);
    assert_string_equal(out, "530000000000");
    assert_int_equal(kh_region_code_parent("110101100200", out), 0);
    assert_string_equal(out, "110101100000");
}

static void test_code_parent_of_province_or_bad_code_fails(void **state)
{
    (void)state;
    char out[13];
    assert_int_equal(kh_region_code_parent("530000000000", out), -1);
    assert_int_equal(kh_region_code_parent("530000100000", out), -1);
    assert_int_equal(kh_region_code_parent("53010200100a", out), -1);
    assert_int_equal(kh_region_code_parent("5301", out), -1);
    assert_int_equal(kh_region_code_parent("", out), -1);
}

static void test_level_parse_names_and_aliases(void **state)
{
    (void)state;
    assert_int_equal(lvparse("省"), KH_LV_PROVINCE);
    assert_int_equal(lvparse("市"), KH_LV_CITY);
    assert_int_equal(lvparse("县"), KH_LV_COUNTY);
    assert_int_equal(lvparse("乡"), KH_LV_TOWNSHIP);
    assert_int_equal(lvparse("村"), KH_LV_VILLAGE);
    assert_int_equal(lvparse("省级"), KH_LV_PROVINCE);
    assert_int_equal(lvparse("市级"), KH_LV_CITY);
    assert_int_equal(lvparse("州"), KH_LV_CITY);
    assert_int_equal(lvparse("县级"), KH_LV_COUNTY);
    assert_int_equal(lvparse("区"), KH_LV_COUNTY);
    assert_int_equal(lvparse("乡镇"), KH_LV_TOWNSHIP);
    assert_int_equal(lvparse("镇"), KH_LV_TOWNSHIP);
    assert_int_equal(lvparse("乡级"), KH_LV_TOWNSHIP);
    assert_int_equal(lvparse("街道"), KH_LV_TOWNSHIP);
    assert_int_equal(lvparse("行政村"), KH_LV_VILLAGE);
    assert_int_equal(lvparse("社区"), KH_LV_VILLAGE);
}

static void test_level_parse_rejects_others(void **state)
{
    (void)state;
    assert_int_equal(lvparse(""), KH_LV_NONE);
    assert_int_equal(lvparse("国"), KH_LV_NONE);
    assert_int_equal(lvparse("村村"), KH_LV_NONE);
    assert_int_equal(lvparse("5"), KH_LV_NONE);
    assert_int_equal(lvparse("village"), KH_LV_NONE);
    /* A prefix of a name is not the name. */
    assert_int_equal(kh_level_parse("省", 1), KH_LV_NONE);
}

static void test_level_name_round_trips(void **state)
{
    (void)state;
    for (int lv = KH_LV_PROVINCE; lv <= KH_LV_VILLAGE; lv++)
        assert_int_equal(lvparse(kh_level_name(lv)), lv);
    assert_string_equal(kh_level_name(KH_LV_NONE), "");
    assert_string_equal(kh_level_name(6), "");
    assert_string_equal(kh_level_name(-1), "");
}

/* ---- the region set ---- */

static kh_region region(const char *code, const char *name, int lv)
{
    kh_region r;
    memset(&r, 0, sizeof r);
    snprintf(r.code, sizeof r.code, "%s", code);
    r.name = (char *)name;
    r.level = lv;
    r.western = r.poor_county = r.poor_village = -1;
    r.rural_pop = r.plan_exit = -1;
    return r;
}

static void test_regionset_add_find_count(void **state)
{
    (void)state;
    kh_regionset *rs = NULL;
    kh_error err;
    assert_int_equal(kh_regionset_new(&rs, &err), KH_OK);
    assert_int_equal(kh_regionset_count(rs), 0);
    assert_null(kh_regionset_find(rs, "530102001001"));
    char name[16] = "某村";
    kh_region r = region("530102001001", name, KH_LV_VILLAGE);
    assert_int_equal(kh_regionset_add(rs, &r), KH_OK);
    /* The set keeps its own copy of the name. */
    name[0] = 'X';
    assert_int_equal(kh_regionset_count(rs), 1);
    const kh_region *f = kh_regionset_find(rs, "530102001001");
    assert_non_null(f);
    assert_string_equal(f->name, "某村");
    assert_int_equal(f->level, KH_LV_VILLAGE);
    assert_ptr_equal(kh_regionset_at(rs, 0), f);
    assert_null(kh_regionset_at(rs, 1));
    assert_null(kh_regionset_find(rs, "530102001002"));
    kh_regionset_free(rs);
}

static void test_regionset_survives_growth(void **state)
{
    (void)state;
    kh_regionset *rs = NULL;
    kh_error err;
    assert_int_equal(kh_regionset_new(&rs, &err), KH_OK);
    char code[32];
    for (int i = 0; i < 3000; i++) {
        snprintf(code, sizeof code, "5301020%02d%03d", i / 999 + 1,
                 i % 999 + 1);
        kh_region r = region(code, "村", KH_LV_VILLAGE);
        r.row = i + 1;
        assert_int_equal(kh_regionset_add(rs, &r), KH_OK);
    }
    assert_int_equal(kh_regionset_count(rs), 3000);
    for (int i = 0; i < 3000; i++) {
        snprintf(code, sizeof code, "5301020%02d%03d", i / 999 + 1,
                 i % 999 + 1);
        const kh_region *f = kh_regionset_find(rs, code);
        assert_non_null(f);
        assert_int_equal(f->row, i + 1);
    }
    assert_null(kh_regionset_find(rs, "530102099999"));
    kh_regionset_free(rs);
}

static void test_regionset_null_is_harmless(void **state)
{
    (void)state;
    assert_null(kh_regionset_find(NULL, "530000000000"));
    assert_int_equal(kh_regionset_count(NULL), 0);
    kh_regionset_free(NULL);
}

/* ---- the region list's rules ---- */

typedef struct rec {
    char code[48];
    char column[64];
    char zh[600];
    long row, line;
    int warning;
} rec;

typedef struct recorder {
    rec v[64];
    int n;
} recorder;

static int record(void *ctx, const kh_finding *f)
{
    recorder *r = ctx;
    if (r->n >= 64) return KH_ERR_LIMIT;
    rec *e = &r->v[r->n++];
    snprintf(e->code, sizeof e->code, "%s", f->code);
    snprintf(e->column, sizeof e->column, "%s", f->column);
    snprintf(e->zh, sizeof e->zh, "%s", f->zh);
    e->row = f->row;
    e->line = f->line;
    e->warning = f->warning;
    return 0;
}

/* Error findings only (the optional columns are absent: warnings). */
static int nerrors(const recorder *r)
{
    int n = 0;
    for (int i = 0; i < r->n; i++)
        n += !r->v[i].warning;
    return n;
}

static const rec *find_code(const recorder *r, const char *code)
{
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->v[i].code, code) == 0) return &r->v[i];
    return NULL;
}

#define MAXROWS 16

/* A region table: header 区划代码,名称,上级代码,级别 and rows of 4. */
typedef struct rtable {
    kh_cell cells[MAXROWS][4];
    kh_row rows[MAXROWS];
    const kh_row *ptrs[MAXROWS];
    size_t n;
} rtable;

static void cell(kh_cell *c, const char *s)
{
    c->s = s;
    c->len = strlen(s);
}

static void add_row(rtable *t, const char *a, const char *b, const char *c,
                    const char *d)
{
    assert_true(t->n < MAXROWS);
    size_t i = t->n++;
    cell(&t->cells[i][0], a);
    cell(&t->cells[i][1], b);
    cell(&t->cells[i][2], c);
    cell(&t->cells[i][3], d);
    t->rows[i].row = (long)i;
    t->rows[i].line = (long)i + 1;
    t->rows[i].n = 4;
    t->rows[i].cells = t->cells[i];
    t->ptrs[i] = &t->rows[i];
}

/* The header and a clean chain 省 > 市 > 县 > 乡 > 村 (rows 1-5). */
static void base_table(rtable *t)
{
    memset(t, 0, sizeof *t);
    add_row(t, "区划代码", "名称", "上级代码", "级别");
    add_row(t, "530000000000", "云南省", "", "省");
    add_row(t, "530100000000", "昆明市", "530000000000", "市");
    add_row(t, "530102000000", "五华区", "530100000000", "县");
    add_row(t, "530102001000", "华山街道", "530102000000", "乡");
    add_row(t, "530102001001", "某村", "530102001000", "村");
}

typedef struct fixture {
    kh_standard *std;
    kh_regionset *rs;
    recorder rec;
    long errors;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    kh_error err;
    if (!f || kh_standard_new(&f->std, &err) || kh_regionset_new(&f->rs, &err))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    kh_regionset_free(f->rs);
    kh_standard_free(f->std);
    free(f);
    return 0;
}

static void check(fixture *f, rtable *t)
{
    kh_error err;
    kh_error_clear(&err);
    f->rec.n = 0;
    assert_int_equal(kh_regions_check(f->std, "regions.csv", t->ptrs, t->n,
                                      f->rs, record, &f->rec, &f->errors, &err),
                     KH_OK);
    assert_int_equal(f->errors, nerrors(&f->rec));
}

static void assert_one(const fixture *f, const char *code, long row,
                       const char *column)
{
    int n = 0;
    for (int i = 0; i < f->rec.n; i++) {
        const rec *e = &f->rec.v[i];
        if (e->warning) continue;
        n++;
        if (strcmp(e->code, code) != 0)
            fail_msg("unexpected %s on row %ld (%s)", e->code, e->row, e->zh);
        assert_int_equal(e->row, row);
        assert_int_equal(e->line, row + 1);
        assert_string_equal(e->column, column);
    }
    assert_int_equal(n, 1);
}

static void test_clean_region_list_has_no_errors(void **state)
{
    fixture *f = *state;
    rtable t;
    base_table(&t);
    check(f, &t);
    assert_int_equal(nerrors(&f->rec), 0);
    /* The optional columns are reported absent, as warnings. */
    const rec *w = find_code(&f->rec, "column_absent");
    assert_non_null(w);
    assert_true(w->warning);
    assert_int_equal(w->row, 0);
    assert_int_equal(kh_regionset_count(f->rs), 5);
    const kh_region *v = kh_regionset_find(f->rs, "530102001001");
    assert_non_null(v);
    assert_int_equal(v->level, KH_LV_VILLAGE);
    assert_string_equal(v->parent, "530102001000");
    assert_string_equal(v->name, "某村");
    assert_int_equal(v->row, 5);
    assert_int_equal(v->line, 6);
    assert_int_equal(v->western, -1);
    assert_int_equal(v->rural_pop, -1);
}

static void test_rows_in_any_order_find_their_parents(void **state)
{
    fixture *f = *state;
    rtable t;
    memset(&t, 0, sizeof t);
    add_row(&t, "区划代码", "名称", "上级代码", "级别");
    add_row(&t, "530102001001", "某村", "530102001000", "村");
    add_row(&t, "530102001000", "华山街道", "530102000000", "乡");
    add_row(&t, "530102000000", "五华区", "530100000000", "县");
    add_row(&t, "530100000000", "昆明市", "530000000000", "市");
    add_row(&t, "530000000000", "云南省", "", "省");
    check(f, &t);
    assert_int_equal(nerrors(&f->rec), 0);
    assert_int_equal(kh_regionset_count(f->rs), 5);
}

static void test_duplicate_code_is_reported_on_later_row(void **state)
{
    fixture *f = *state;
    rtable t;
    base_table(&t);
    add_row(&t, "530102001001", "某村二", "530102001000", "村");
    check(f, &t);
    assert_one(f, "region_code_dup", 6, "区划代码");
    /* The message names the first row. */
    assert_non_null(strstr(find_code(&f->rec, "region_code_dup")->zh, "第5行"));
    /* The first occurrence is kept, the duplicate is not. */
    assert_int_equal(kh_regionset_count(f->rs), 5);
    assert_string_equal(kh_regionset_find(f->rs, "530102001001")->name, "某村");
}

static void test_missing_parent_below_province_is_region_parent(void **state)
{
    fixture *f = *state;
    rtable t;
    base_table(&t);
    add_row(&t, "530102001002", "另一村", "", "村");
    check(f, &t);
    assert_one(f, "region_parent", 6, "上级代码");
    assert_null(kh_regionset_find(f->rs, "530102001002"));
    assert_int_equal(kh_regionset_count(f->rs), 5);
}

static void test_parent_not_direct_is_region_parent(void **state)
{
    fixture *f = *state;
    rtable t;
    base_table(&t);
    /* The county, not the township: exists, but skips a level. */
    add_row(&t, "530102001002", "另一村", "530102000000", "村");
    check(f, &t);
    assert_one(f, "region_parent", 6, "上级代码");
}

static void test_parent_absent_from_file_is_region_parent(void **state)
{
    fixture *f = *state;
    rtable t;
    base_table(&t);
    /* The right parent by arithmetic, but not in the list. */
    add_row(&t, "530102002001", "他乡之村", "530102002000", "村");
    check(f, &t);
    assert_one(f, "region_parent", 6, "上级代码");
    assert_null(kh_regionset_find(f->rs, "530102002001"));
}

static void test_parent_given_for_province_is_region_parent(void **state)
{
    fixture *f = *state;
    rtable t;
    base_table(&t);
    add_row(&t, "110000000000", "北京市", "530000000000", "省");
    check(f, &t);
    assert_one(f, "region_parent", 6, "上级代码");
}

static void test_level_disagreeing_with_padding_is_region_level(void **state)
{
    fixture *f = *state;
    rtable t;
    base_table(&t);
    add_row(&t, "530102001002", "另一村", "530102001000", "乡");
    check(f, &t);
    assert_one(f, "region_level", 6, "级别");
    assert_null(kh_regionset_find(f->rs, "530102001002"));
}

static void test_irregular_padding_is_region_level_on_code(void **state)
{
    fixture *f = *state;
    rtable t;
    base_table(&t);
    add_row(&t, "530000100000", "怪码", "530000000000", "乡");
    check(f, &t);
    assert_one(f, "region_level", 6, "区划代码");
}

static void test_non_digit_code_is_value_code(void **state)
{
    fixture *f = *state;
    rtable t;
    base_table(&t);
    add_row(&t, "53010200100X", "某村", "530102001000", "村");
    check(f, &t);
    assert_one(f, "value_code", 6, "区划代码");
}

static void test_unknown_level_is_value_enum(void **state)
{
    fixture *f = *state;
    rtable t;
    base_table(&t);
    add_row(&t, "530102001002", "另一村", "530102001000", "组");
    check(f, &t);
    assert_one(f, "value_enum", 6, "级别");
}

static void test_empty_name_is_value_required(void **state)
{
    fixture *f = *state;
    rtable t;
    base_table(&t);
    add_row(&t, "530102001002", "  ", "530102001000", "村");
    check(f, &t);
    assert_one(f, "value_required", 6, "名称");
}

static void test_level_aliases_are_accepted_in_rows(void **state)
{
    fixture *f = *state;
    rtable t;
    base_table(&t);
    add_row(&t, "530102001002", "另一社区", "530102001000", "社区");
    check(f, &t);
    assert_int_equal(nerrors(&f->rec), 0);
    assert_int_equal(kh_regionset_count(f->rs), 6);
}

static void test_missing_required_header_is_header_missing(void **state)
{
    fixture *f = *state;
    rtable t;
    memset(&t, 0, sizeof t);
    /* No 级别 column: the fourth header cell is something else. */
    add_row(&t, "区划代码", "名称", "上级代码", "备注");
    add_row(&t, "530000000000", "云南省", "", "");
    check(f, &t);
    const rec *e = find_code(&f->rec, "header_missing");
    assert_non_null(e);
    assert_false(e->warning);
    assert_string_equal(e->column, "级别");
    assert_int_equal(e->row, 0);
    assert_int_equal(e->line, 1);
    /* The unknown column is a warning; the file is not read further. */
    assert_non_null(find_code(&f->rec, "column_unknown"));
    assert_int_equal(nerrors(&f->rec), 1);
    assert_int_equal(kh_regionset_count(f->rs), 0);
}

static void test_duplicate_header_is_header_duplicate(void **state)
{
    fixture *f = *state;
    rtable t;
    memset(&t, 0, sizeof t);
    add_row(&t, "区划代码", "名称", "级别", "级别");
    add_row(&t, "530000000000", "云南省", "省", "省");
    check(f, &t);
    const rec *e = find_code(&f->rec, "header_duplicate");
    assert_non_null(e);
    assert_string_equal(e->column, "级别");
    assert_int_equal(kh_regionset_count(f->rs), 0);
}

static void test_no_rows_is_file_empty_and_header_only_is_no_data(void **state)
{
    fixture *f = *state;
    rtable t;
    memset(&t, 0, sizeof t);
    check(f, &t);
    assert_non_null(find_code(&f->rec, "file_empty"));
    assert_int_equal(f->errors, 1);
    add_row(&t, "区划代码", "名称", "上级代码", "级别");
    check(f, &t);
    assert_non_null(find_code(&f->rec, "no_data"));
    assert_int_equal(f->errors, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code_level_of_all_five_levels),
        cmocka_unit_test(test_code_level_irregular_padding_is_none),
        cmocka_unit_test(test_code_level_rejects_non_digits_and_wrong_length),
        cmocka_unit_test(test_code_parent_truncates_one_level),
        cmocka_unit_test(test_code_parent_of_province_or_bad_code_fails),
        cmocka_unit_test(test_level_parse_names_and_aliases),
        cmocka_unit_test(test_level_parse_rejects_others),
        cmocka_unit_test(test_level_name_round_trips),
        cmocka_unit_test(test_regionset_add_find_count),
        cmocka_unit_test(test_regionset_survives_growth),
        cmocka_unit_test(test_regionset_null_is_harmless),
#define F(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
        F(test_clean_region_list_has_no_errors),
        F(test_rows_in_any_order_find_their_parents),
        F(test_duplicate_code_is_reported_on_later_row),
        F(test_missing_parent_below_province_is_region_parent),
        F(test_parent_not_direct_is_region_parent),
        F(test_parent_absent_from_file_is_region_parent),
        F(test_parent_given_for_province_is_region_parent),
        F(test_level_disagreeing_with_padding_is_region_level),
        F(test_irregular_padding_is_region_level_on_code),
        F(test_non_digit_code_is_value_code),
        F(test_unknown_level_is_value_enum),
        F(test_empty_name_is_value_required),
        F(test_level_aliases_are_accepted_in_rows),
        F(test_missing_required_header_is_header_missing),
        F(test_duplicate_header_is_header_duplicate),
        F(test_no_rows_is_file_empty_and_header_only_is_no_data),
#undef F
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
