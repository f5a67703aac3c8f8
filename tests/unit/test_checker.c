/* SPDX-License-Identifier: MIT */
/*
 * test_checker.c - the registry rules (src/domain/checker.c, check.c)
 * through kh_checker_new / kh_checker_header / kh_checker_household on rows
 * built in memory: a clean two-member household gives no findings, then
 * one test per rule of docs/findings.md's Values, Rows and Households
 * tables, each proving the exact code, row, column and id_no; and
 * kh_money_parse.
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

/* ---- ID numbers, computed independently of the library ---- */

static char ref_check(const char *d17)
{
    static const int w[17] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                              3, 7, 9,  10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (d17[i] - '0') * w[i];
    return "10X98765432"[sum % 11];
}

static void make_id(char out[19], const char *birth8, const char *seq3)
{
    memcpy(out, "530102", 6);
    memcpy(out + 6, birth8, 8);
    memcpy(out + 14, seq3, 3);
    out[17] = ref_check(out);
    out[18] = '\0';
}

/* A copy of id with a wrong check character. */
static void bad_check(char out[19], const char *id)
{
    memcpy(out, id, 19);
    out[17] = id[17] == '0' ? '1' : '0';
}

static char ID_HEAD[19];   /* 1980-01-01, male */
static char ID_SPOUSE[19]; /* 1982-03-04, female */
static char ID_HELPER[19]; /* 1970-05-05 */
static char ID_CHILD[19];  /* 2005-06-07, male */

/* ---- findings ---- */

typedef struct rec {
    char code[48], column[64], hh_id[64], id_no[40], file[64];
    char zh[600], en[600];
    long row, line;
    int warning;
} rec;

static rec recs[128];
static int nrec;

static int record(void *ctx, const kh_finding *f)
{
    (void)ctx;
    if (nrec >= 128) return KH_ERR_LIMIT;
    rec *e = &recs[nrec++];
    snprintf(e->code, sizeof e->code, "%s", f->code);
    snprintf(e->column, sizeof e->column, "%s", f->column);
    snprintf(e->hh_id, sizeof e->hh_id, "%s", f->hh_id);
    snprintf(e->id_no, sizeof e->id_no, "%s", f->id_no);
    snprintf(e->file, sizeof e->file, "%s", f->file);
    snprintf(e->zh, sizeof e->zh, "%s", f->zh);
    snprintf(e->en, sizeof e->en, "%s", f->en);
    e->row = f->row;
    e->line = f->line;
    e->warning = f->warning;
    return 0;
}

static void dump(void)
{
    for (int i = 0; i < nrec; i++)
        print_message("  finding %s row %ld col '%s': %s\n", recs[i].code,
                      recs[i].row, recs[i].column, recs[i].en);
}

static const rec *find_code(const char *code)
{
    for (int i = 0; i < nrec; i++)
        if (strcmp(recs[i].code, code) == 0) return &recs[i];
    return NULL;
}

static int count_code(const char *code)
{
    int n = 0;
    for (int i = 0; i < nrec; i++)
        n += strcmp(recs[i].code, code) == 0;
    return n;
}

static void assert_none(void)
{
    if (nrec) dump();
    assert_int_equal(nrec, 0);
}

/* Exactly one finding, with this code, row, column and id_no. Rows are
 * numbered so that line = row + 1. */
static const rec *assert_only(const char *code, long row, const char *column,
                              const char *id_no)
{
    if (nrec != 1 || strcmp(recs[0].code, code) != 0) dump();
    assert_int_equal(nrec, 1);
    const rec *e = &recs[0];
    assert_string_equal(e->code, code);
    assert_int_equal(e->row, row);
    assert_int_equal(e->line, row + 1);
    assert_string_equal(e->column, column);
    assert_string_equal(e->id_no, id_no);
    assert_string_equal(e->file, "registry.csv");
    return e;
}

/* ---- rows ---- */

typedef struct mrow {
    const char *v[KH_C_COUNT];
    kh_cell cells[KH_C_COUNT];
    kh_row row;
} mrow;

/* The head of household HH001 (row 1). Household columns are the same on
 * every member row. Per-capita income: (10000 + 2000 + 0 + 3000 - 1000) / 2
 * members = 7000. */
static void head_row(mrow *m, long row)
{
    memset(m, 0, sizeof *m);
    const char **v = m->v;
    v[KH_C_HH_ID] = "HH001";
    v[KH_C_VILLAGE] = "530102001001";
    v[KH_C_HH_TYPE] = "一般贫困户";
    v[KH_C_CAUSE] = "因病";
    v[KH_C_YEAR_IN] = "2016";
    v[KH_C_STATUS] = "未脱贫";
    v[KH_C_YEAR_OUT] = "";
    v[KH_C_INC_WAGE] = "10000";
    v[KH_C_INC_BUSINESS] = "2000";
    v[KH_C_INC_PROPERTY] = "0";
    v[KH_C_INC_TRANSFER] = "3000";
    v[KH_C_INC_DIBAO] = "1000";
    v[KH_C_INC_TEKUN] = "0";
    v[KH_C_EXP_BUSINESS] = "1000";
    v[KH_C_INCOME_PC] = "7000";
    v[KH_C_MED_OOP] = "500";
    v[KH_C_HOUSING] = "A";
    v[KH_C_WATER_SAFE] = "是";
    v[KH_C_RELOCATED] = "否";
    v[KH_C_RELOC_SELF] = "";
    v[KH_C_HELPER] = "张帮扶";
    v[KH_C_HELPER_ID] = ID_HELPER;
    v[KH_C_LAST_VISIT] = "2019-11-01";
    v[KH_C_MEASURES] = "产业扶持；教育资助";
    v[KH_C_PHONE] = "13812345678";
    v[KH_C_NAME] = "李四";
    v[KH_C_ID_NO] = ID_HEAD;
    v[KH_C_SEX] = "男";
    v[KH_C_BIRTH] = "1980-01-01";
    v[KH_C_RELATION] = "户主";
    v[KH_C_ETHNICITY] = "汉族";
    v[KH_C_EDUCATION] = "初中";
    v[KH_C_SCHOOLING] = "非在校生";
    v[KH_C_HEALTH] = "健康";
    v[KH_C_LABOUR] = "普通劳动力";
    v[KH_C_WORK] = "县内务工";
    v[KH_C_INS_MED] = "是";
    v[KH_C_INS_SERIOUS] = "是";
    v[KH_C_INS_PENSION] = "是";
    v[KH_C_TREAT_FIRST] = "否";
    m->row.row = row;
    m->row.line = row + 1;
    m->row.n = KH_C_COUNT;
}

static void spouse_row(mrow *m, long row)
{
    head_row(m, row);
    m->v[KH_C_NAME] = "王五";
    m->v[KH_C_ID_NO] = ID_SPOUSE;
    m->v[KH_C_SEX] = "女";
    m->v[KH_C_BIRTH] = "1982-03-04";
    m->v[KH_C_RELATION] = "配偶";
}

/* The usual household: head on row 1, spouse on row 2. */
static void household(mrow m[2])
{
    head_row(&m[0], 1);
    spouse_row(&m[1], 2);
}

/* Set a household column on every row. */
static void set_hh(mrow *m, size_t n, int col, const char *v)
{
    for (size_t i = 0; i < n; i++)
        m[i].v[col] = v;
}

/* ---- the fixture ---- */

typedef struct fixture {
    kh_standard *std;
    kh_regionset *rs;
    kh_checker *ck;
    kh_cell hcells[KH_C_COUNT + 1];
    kh_row header;
    const kh_household *hh;
    long errors;
    const char *kind; /* of the checkers run() makes */
    int no_regions;   /* run() makes checkers without a region list */
} fixture;

static fixture *F;

static void add_region(kh_regionset *rs, const char *code, int lv)
{
    kh_region r;
    memset(&r, 0, sizeof r);
    snprintf(r.code, sizeof r.code, "%s", code);
    r.name = (char *)"某地";
    r.level = lv;
    r.western = r.poor_county = r.poor_village = -1;
    r.rural_pop = r.plan_exit = -1;
    assert_int_equal(kh_regionset_add(rs, &r), KH_OK);
}

static void header_cells(fixture *f, size_t n)
{
    for (int i = 0; i < KH_C_COUNT; i++) {
        f->hcells[i].s = kh_registry_cols[i].zh;
        f->hcells[i].len = strlen(kh_registry_cols[i].zh);
    }
    f->header.row = 0;
    f->header.line = 1;
    f->header.n = n;
    f->header.cells = f->hcells;
}

/* A fresh checker (snapshot year 2019, today 2020-06-30) for `kind`, with
 * the full header mapped when with_header is set. */
static void new_checker(fixture *f, const char *kind, int with_header)
{
    kh_error err;
    kh_check_opts opts = {2019, {2020, 6, 30}, 0};
    kh_checker_free(f->ck);
    f->ck = NULL;
    f->kind = kind;
    assert_int_equal(kh_checker_new(f->std, f->no_regions ? NULL : f->rs, &opts,
                                    record, NULL, &f->ck, &err),
                     KH_OK);
    header_cells(f, KH_C_COUNT);
    nrec = 0;
    if (with_header) {
        assert_int_equal(
            kh_checker_header(f->ck, "registry.csv", kind, &f->header, &err),
            KH_OK);
        assert_none();
    }
}

static int setup(void **state)
{
    make_id(ID_HEAD, "19800101", "123");
    make_id(ID_SPOUSE, "19820304", "562");
    make_id(ID_HELPER, "19700505", "011");
    make_id(ID_CHILD, "20050607", "031");
    fixture *f = calloc(1, sizeof *f);
    kh_error err;
    if (!f || kh_standard_new(&f->std, &err) || kh_regionset_new(&f->rs, &err))
        return -1;
    /* One village, and its township (to prove village_level). */
    add_region(f->rs, "530102001001", KH_LV_VILLAGE);
    add_region(f->rs, "530102001000", KH_LV_TOWNSHIP);
    F = f;
    new_checker(f, "csv", 1);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    kh_checker_free(f->ck);
    kh_regionset_free(f->rs);
    kh_standard_free(f->std);
    free(f);
    F = NULL;
    return 0;
}

/* Check rows m[0..n) as one household with the current checker (so the
 * ID numbers of earlier households count); returns its error count. */
static long run_keep(mrow *m, size_t n)
{
    const kh_row *ptrs[8];
    assert_true(n <= 8);
    for (size_t i = 0; i < n; i++) {
        for (int c = 0; c < KH_C_COUNT; c++) {
            const char *s = m[i].v[c] ? m[i].v[c] : "";
            m[i].cells[c].s = s;
            m[i].cells[c].len = strlen(s);
        }
        m[i].row.cells = m[i].cells;
        ptrs[i] = &m[i].row;
    }
    kh_error err;
    kh_error_clear(&err);
    nrec = 0;
    F->hh = NULL;
    assert_int_equal(
        kh_checker_household(F->ck, ptrs, n, &F->hh, &F->errors, &err), KH_OK);
    assert_non_null(F->hh);
    long errors = 0;
    for (int i = 0; i < nrec; i++)
        errors += !recs[i].warning;
    assert_int_equal(F->errors, errors);
    return F->errors;
}

/* Check rows m[0..n) as the first household of a fresh checker. */
static long run(mrow *m, size_t n)
{
    new_checker(F, F->kind, 1);
    return run_keep(m, n);
}

/* Check the usual household after changing one cell of one row. */
static long run_with(int rowidx, int col, const char *v)
{
    mrow m[2];
    household(m);
    m[rowidx].v[col] = v;
    return run(m, 2);
}

/* Check the usual household after changing a household column. */
static long run_hh(int col, const char *v)
{
    mrow m[2];
    household(m);
    set_hh(m, 2, col, v);
    return run(m, 2);
}

/* ---- a clean household ---- */

static void test_clean_two_member_household_has_no_findings(void **state)
{
    (void)state;
    mrow m[2];
    household(m);
    assert_int_equal(run(m, 2), 0);
    assert_none();
    const kh_household *h = F->hh;
    assert_string_equal(h->hh_id, "HH001");
    assert_string_equal(h->village, "530102001001");
    assert_int_equal(h->nmembers, 2);
    assert_int_equal(h->row, 1);
    assert_int_equal(h->line, 2);
    assert_int_equal(h->year_in, 2016);
    assert_int_equal(h->year_out, 0);
    assert_int_equal(h->money[KH_M_WAGE], 1000000);
    assert_int_equal(h->money[KH_M_INCOME_PC], 700000);
    assert_true(h->money_set & (1u << KH_M_INCOME_PC));
    assert_false(h->money_set & (1u << KH_M_RELOC_SELF));
    assert_int_equal(h->water_safe, 1);
    assert_int_equal(h->relocated, 0);
    assert_string_equal(h->helper_id, ID_HELPER);
    assert_string_equal(h->last_visit, "2019-11-01");
    assert_string_equal(h->phone, "13812345678");
    int me = kh_standard_enum(F->std, "measures");
    uint32_t want = (1u << kh_standard_enum_lookup(F->std, me, "产业扶持",
                                                   strlen("产业扶持"))) |
                    (1u << kh_standard_enum_lookup(F->std, me, "教育资助",
                                                   strlen("教育资助")));
    assert_int_equal(h->measures, want);
    assert_string_equal(h->members[0].id_no, ID_HEAD);
    assert_int_equal(h->members[0].sex, 1);
    assert_string_equal(h->members[0].birth, "1980-01-01");
    assert_int_equal(h->members[1].sex, 2);
    assert_int_equal(h->members[1].row, 2);
    assert_int_equal(h->members[0].ins_med, 1);
    assert_int_equal(h->members[0].treat_first, 0);
    assert_null(h->members[0].extra);
    kh_check_stats st;
    kh_checker_stats(F->ck, &st);
    assert_int_equal(st.rows, 2);
    assert_int_equal(st.households, 1);
    assert_int_equal(st.errors, 0);
    assert_int_equal(st.warnings, 0);
}

static void test_equivalent_spellings_are_consistent(void **state)
{
    (void)state;
    mrow m[2];
    household(m);
    /* The second row writes the same values differently. */
    m[1].v[KH_C_CAUSE] = "1";
    m[1].v[KH_C_INCOME_PC] = "7,000.00";
    m[1].v[KH_C_LAST_VISIT] = "2019/11/01";
    m[1].v[KH_C_WATER_SAFE] = "Y";
    m[1].v[KH_C_VILLAGE] = " 530102001001 ";
    assert_int_equal(run(m, 2), 0);
    assert_none();
}

static void test_lower_case_x_and_alternative_list_separators(void **state)
{
    (void)state;
    char id[19];
    make_id(id, "19850101", "013");
    mrow m[2];
    household(m);
    set_hh(m, 2, KH_C_MEASURES, "产业扶持,教育资助、健康扶贫;其他，兜底保障");
    /* Any ID whose check is X, written in lower case, is valid. */
    for (int seq = 0; seq < 1000; seq += 2) {
        char s[16];
        snprintf(s, sizeof s, "%03d", seq);
        make_id(id, "19820304", s);
        if (id[17] == 'X') break;
    }
    assert_int_equal(id[17], 'X');
    id[17] = 'x';
    m[1].v[KH_C_ID_NO] = id;
    assert_int_equal(run(m, 2), 0);
    assert_none();
    assert_int_equal(F->hh->members[1].id_no[17], 'X');
}

/* ---- the header ---- */

static void test_header_missing_required_column_is_invalid(void **state)
{
    fixture *f = *state;
    kh_error err;
    new_checker(f, "csv", 0);
    /* Drop 证件号码 by replacing it with an unknown header. */
    f->hcells[KH_C_ID_NO].s = "备注";
    f->hcells[KH_C_ID_NO].len = strlen("备注");
    assert_int_equal(
        kh_checker_header(f->ck, "registry.csv", "csv", &f->header, &err),
        KH_ERR_INVALID);
    const rec *e = find_code("header_missing");
    assert_non_null(e);
    assert_string_equal(e->column, "证件号码");
    assert_int_equal(e->row, 0);
    assert_int_equal(e->line, 1);
    assert_false(e->warning);
    assert_non_null(find_code("column_unknown"));
}

static void test_header_optional_column_absent_is_warning(void **state)
{
    fixture *f = *state;
    kh_error err;
    new_checker(f, "csv", 0);
    /* The last column, 先诊疗后付费, is optional: leave it out. */
    f->header.n = KH_C_COUNT - 1;
    assert_int_equal(
        kh_checker_header(f->ck, "registry.csv", "csv", &f->header, &err),
        KH_OK);
    assert_int_equal(nrec, 1);
    assert_string_equal(recs[0].code, "column_absent");
    assert_string_equal(recs[0].column, "先诊疗后付费");
    assert_true(recs[0].warning);
    assert_int_equal(kh_checker_colpos(f->ck, KH_C_TREAT_FIRST), -1);
    assert_int_equal(kh_checker_colpos(f->ck, KH_C_ID_NO), KH_C_ID_NO);
}

static void test_header_duplicate_column_is_invalid(void **state)
{
    fixture *f = *state;
    kh_error err;
    new_checker(f, "csv", 0);
    f->hcells[KH_C_COUNT].s = "姓名";
    f->hcells[KH_C_COUNT].len = strlen("姓名");
    f->header.n = KH_C_COUNT + 1;
    assert_int_equal(
        kh_checker_header(f->ck, "registry.csv", "csv", &f->header, &err),
        KH_ERR_INVALID);
    const rec *e = find_code("header_duplicate");
    assert_non_null(e);
    assert_string_equal(e->column, "姓名");
}

static void test_unknown_column_is_kept_as_extra(void **state)
{
    fixture *f = *state;
    kh_error err;
    new_checker(f, "csv", 0);
    f->hcells[KH_C_COUNT].s = "备注";
    f->hcells[KH_C_COUNT].len = strlen("备注");
    f->header.n = KH_C_COUNT + 1;
    assert_int_equal(
        kh_checker_header(f->ck, "registry.csv", "csv", &f->header, &err),
        KH_OK);
    assert_int_equal(nrec, 1);
    assert_string_equal(recs[0].code, "column_unknown");
    assert_true(recs[0].warning);
    /* Rows with one more cell. */
    mrow m[2];
    household(m);
    kh_cell c0[KH_C_COUNT + 1], c1[KH_C_COUNT + 1];
    const kh_row *ptrs[2] = {&m[0].row, &m[1].row};
    kh_cell *cs[2] = {c0, c1};
    for (int i = 0; i < 2; i++) {
        for (int c = 0; c < KH_C_COUNT; c++) {
            cs[i][c].s = m[i].v[c];
            cs[i][c].len = strlen(m[i].v[c]);
        }
        cs[i][KH_C_COUNT].s = i ? "" : "低保\"边缘\"";
        cs[i][KH_C_COUNT].len = strlen(cs[i][KH_C_COUNT].s);
        m[i].row.cells = cs[i];
        m[i].row.n = KH_C_COUNT + 1;
    }
    nrec = 0;
    assert_int_equal(
        kh_checker_household(f->ck, ptrs, 2, &f->hh, &f->errors, &err), KH_OK);
    assert_none();
    assert_string_equal(f->hh->members[0].extra,
                        "{\"备注\":\"低保\\\"边缘\\\"\"}");
    assert_null(f->hh->members[1].extra);
}

/* ---- Values ---- */

static void test_value_required_on_household_column(void **state)
{
    (void)state;
    assert_int_equal(run_hh(KH_C_CAUSE, ""), 1);
    assert_only("value_required", 1, "主要致贫原因", ID_HEAD);
    assert_string_equal(recs[0].hh_id, "HH001");
}

static void test_value_required_on_member_column(void **state)
{
    (void)state;
    assert_int_equal(run_with(1, KH_C_NAME, " "), 1);
    assert_only("value_required", 2, "姓名", ID_SPOUSE);
    assert_int_equal(run_with(1, KH_C_RELATION, ""), 1);
    assert_only("value_required", 2, "与户主关系", ID_SPOUSE);
    /* A blank head's relation: required, and then no head at all. */
    assert_int_equal(run_with(0, KH_C_RELATION, ""), 2);
    assert_int_equal(count_code("value_required"), 1);
    assert_int_equal(count_code("head_count"), 1);
}

static void test_value_required_on_id_number(void **state)
{
    (void)state;
    assert_int_equal(run_with(1, KH_C_ID_NO, ""), 1);
    assert_only("value_required", 2, "证件号码", "");
}

static void test_value_required_on_hh_id(void **state)
{
    (void)state;
    assert_int_equal(run_hh(KH_C_HH_ID, ""), 1);
    assert_only("value_required", 1, "户编号", ID_HEAD);
}

static void test_value_enum_bad_label(void **state)
{
    (void)state;
    assert_int_equal(run_hh(KH_C_HH_TYPE, "富裕户"), 1);
    const rec *e = assert_only("value_enum", 1, "贫困户属性", ID_HEAD);
    assert_non_null(strstr(e->zh, "富裕户"));
    assert_int_equal(run_with(1, KH_C_EDUCATION, "博士"), 1);
    assert_only("value_enum", 2, "文化程度", ID_SPOUSE);
}

static void test_value_enum_bad_measures_item(void **state)
{
    (void)state;
    assert_int_equal(run_hh(KH_C_MEASURES, "产业扶持；XX"), 1);
    const rec *e = assert_only("value_enum", 1, "帮扶措施", ID_HEAD);
    assert_non_null(strstr(e->zh, "“XX”"));
    /* Empty items between separators are ignored. */
    assert_int_equal(run_hh(KH_C_MEASURES, "产业扶持；；教育资助；"), 0);
    assert_none();
}

static void test_value_number_bad_amounts(void **state)
{
    (void)state;
    const char *bad[] = {"-5", "12.345", "abc", "5元", "1e3"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(run_hh(KH_C_MED_OOP, bad[i]), 1);
        assert_only("value_number", 1, "自付医疗费用", ID_HEAD);
    }
}

static void test_value_number_year_out_of_range(void **state)
{
    (void)state;
    assert_int_equal(run_hh(KH_C_YEAR_IN, "2012"), 1); /* < year_min */
    assert_only("value_number", 1, "识别年度", ID_HEAD);
    /* after today's year (2020); one after the snapshot year up to
     * today's is a warning (test_year_disagrees) */
    assert_int_equal(run_hh(KH_C_YEAR_IN, "2021"), 1);
    assert_only("value_number", 1, "识别年度", ID_HEAD);
    assert_int_equal(run_hh(KH_C_YEAR_IN, "16"), 1);
    assert_only("value_number", 1, "识别年度", ID_HEAD);
    assert_int_equal(run_hh(KH_C_YEAR_IN, "2013"), 0);
    assert_int_equal(run_hh(KH_C_YEAR_IN, "2019"), 0);
    assert_none();
}

static void test_value_date_not_a_real_date(void **state)
{
    (void)state;
    assert_int_equal(run_with(0, KH_C_BIRTH, "1980-02-30"), 1);
    assert_only("value_date", 1, "出生日期", ID_HEAD);
    assert_int_equal(run_hh(KH_C_LAST_VISIT, "2020/13/01"), 1);
    assert_only("value_date", 1, "最近走访日期", ID_HEAD);
    assert_int_equal(run_hh(KH_C_LAST_VISIT, "2020-5-1x"), 1);
    assert_only("value_date", 1, "最近走访日期", ID_HEAD);
    assert_int_equal(run_hh(KH_C_LAST_VISIT, "2020年5月32日"), 1);
    assert_only("value_date", 1, "最近走访日期", ID_HEAD);
}

/* ---- office habits (docs/formats.md) ---- */

static void test_dates_as_offices_write_them(void **state)
{
    (void)state;
    static const char *const forms[] = {"2019年5月1日", "2019/5/1",
                                        "2019.05.01", "2019-5-1",
                                        "2019-05-01 00:00:00", "20190501"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        assert_int_equal(run_hh(KH_C_LAST_VISIT, forms[i]), 0);
        assert_none();
        assert_string_equal(F->hh->last_visit, "2019-05-01");
    }
    assert_int_equal(run_with(0, KH_C_BIRTH, "1980年1月1日"), 0);
    assert_none();
    assert_string_equal(F->hh->members[0].birth, "1980-01-01");
}

/* "５３０１０２…" -> the half-width number, with a warning naming it. */
static void fullwidth(char *out, const char *ascii)
{
    size_t o = 0;
    for (const char *p = ascii; *p; p++) {
        unsigned cp = (unsigned char)*p + 0xFEE0u;
        out[o++] = (char)(0xE0 | (cp >> 12));
        out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[o++] = (char)(0x80 | (cp & 0x3F));
    }
    out[o] = '\0';
}

static void test_fullwidth_digits_read_with_a_warning(void **state)
{
    (void)state;
    char id[19 * 3 + 1], money[40];
    fullwidth(id, ID_HEAD);
    fullwidth(money, "10000.00");
    mrow m[2];
    household(m);
    m[0].v[KH_C_ID_NO] = id;
    set_hh(m, 2, KH_C_INC_WAGE, money);
    assert_int_equal(run(m, 2), 0);
    assert_int_equal(count_code("value_fullwidth"), 3);
    assert_int_equal(nrec, 3);
    const rec *e = find_code("value_fullwidth");
    assert_true(e->warning);
    assert_string_equal(F->hh->members[0].id_no, ID_HEAD);
    assert_int_equal(F->hh->money[KH_M_WAGE], 1000000);
    /* The message quotes the value as written and as read. */
    for (int i = 0; i < nrec; i++)
        if (!strcmp(recs[i].column, "证件号码")) {
            assert_non_null(strstr(recs[i].zh, id));
            assert_non_null(strstr(recs[i].zh, ID_HEAD));
        }
    /* A name keeps its full-width letters: text is left as written. */
    assert_int_equal(run_with(0, KH_C_NAME, "李Ａ"), 0);
    assert_none();
    assert_string_equal(F->hh->members[0].name, "李Ａ");
}

static void test_wide_spaces_trimmed_with_a_warning(void **state)
{
    (void)state;
    assert_int_equal(run_with(0, KH_C_NAME, "\xE3\x80\x80李四\xC2\xA0"), 0);
    const rec *e = assert_only("value_space", 1, "姓名", ID_HEAD);
    assert_true(e->warning);
    assert_string_equal(F->hh->members[0].name, "李四");
    /* ASCII spaces around a value are no habit worth a finding. */
    assert_int_equal(run_with(0, KH_C_NAME, " 李四 "), 0);
    assert_none();
}

static void test_id_damaged_by_excel(void **state)
{
    (void)state;
    /* Shown in scientific notation and saved as text. */
    assert_int_equal(run_with(0, KH_C_ID_NO, "5.30102E+17"), 1);
    const rec *e = assert_only("id_excel", 1, "证件号码", "5.30102E+17");
    assert_non_null(strstr(e->zh, "Excel 已改写了末尾数字"));
    /* The last three digits zeroed, failing the checksum. */
    char z[19];
    memcpy(z, ID_HEAD, 19);
    memcpy(z + 15, "000", 3);
    assert_true(ref_check(z) != '0');
    assert_int_equal(run_with(0, KH_C_ID_NO, z), 1);
    assert_only("id_excel", 1, "证件号码", z);
    /* Another wrong check character is a typo, as before. */
    char b[19];
    bad_check(b, ID_HEAD);
    assert_int_equal(run_with(0, KH_C_ID_NO, b), 1);
    assert_only("id_checksum", 1, "证件号码", b);
    /* A number cell with a wrong number: Excel's doing. */
    mrow m[2];
    household(m);
    unsigned char num[KH_C_COUNT] = {0};
    num[KH_C_ID_NO] = 1;
    m[0].v[KH_C_ID_NO] = b;
    m[0].row.num = num;
    assert_int_equal(run(m, 2), 1);
    assert_only("id_excel", 1, "证件号码", b);
    /* A number cell whose number is right is the right number. */
    household(m);
    m[0].row.num = num;
    assert_int_equal(run(m, 2), 0);
    assert_none();
    /* The helper's ID number too. */
    assert_int_equal(run_hh(KH_C_HELPER_ID, "4.40102E+17"), 1);
    assert_only("id_excel", 1, "帮扶责任人证件号码", ID_HEAD);
}

static void test_value_code_not_12_digits(void **state)
{
    (void)state;
    /* Not 12 digits: value_code, and no village lookup. */
    assert_int_equal(run_hh(KH_C_VILLAGE, "53010200100"), 1);
    assert_only("value_code", 1, "行政区划代码", ID_HEAD);
    assert_int_equal(run_hh(KH_C_VILLAGE, "53010200100a"), 1);
    assert_only("value_code", 1, "行政区划代码", ID_HEAD);
}

/* ---- Rows ---- */

static void test_id_format(void **state)
{
    (void)state;
    char shortid[18];
    memcpy(shortid, ID_SPOUSE, 17);
    shortid[17] = '\0';
    assert_int_equal(run_with(1, KH_C_ID_NO, shortid), 1);
    assert_only("id_format", 2, "证件号码", shortid);
    assert_int_equal(run_with(1, KH_C_ID_NO, "53010219820304562A"), 1);
    assert_only("id_format", 2, "证件号码", "53010219820304562A");
}

static void test_id_birth_after_reference_date(void **state)
{
    (void)state;
    char id[19];
    /* Born 2020-01-01: after 31 December of the snapshot year 2019. */
    make_id(id, "20200101", "562");
    assert_int_equal(run_with(1, KH_C_ID_NO, id), 1);
    assert_only("id_birth", 2, "证件号码", id);
    /* 2019-12-31 itself is possible (the birth date column is blank so
     * that it is not compared). */
    mrow m[2];
    household(m);
    make_id(id, "20191231", "562");
    m[1].v[KH_C_ID_NO] = id;
    m[1].v[KH_C_BIRTH] = "";
    m[1].v[KH_C_RELATION] = "之女";
    assert_int_equal(run(m, 2), 0);
}

static void test_id_birth_impossible_date(void **state)
{
    (void)state;
    char id[19];
    make_id(id, "19990229", "562");
    mrow m[2];
    household(m);
    m[1].v[KH_C_ID_NO] = id;
    m[1].v[KH_C_BIRTH] = "1999-02-28";
    assert_int_equal(run(m, 2), 1);
    /* Not valid: sex and birth date are not compared. */
    assert_only("id_birth", 2, "证件号码", id);
    make_id(id, "18991231", "562");
    assert_int_equal(run_with(1, KH_C_ID_NO, id), 1);
    assert_only("id_birth", 2, "证件号码", id);
}

static void test_id_checksum(void **state)
{
    (void)state;
    char id[19];
    bad_check(id, ID_SPOUSE);
    assert_int_equal(run_with(1, KH_C_ID_NO, id), 1);
    const rec *e = assert_only("id_checksum", 2, "证件号码", id);
    char want[8];
    snprintf(want, sizeof want, "%c", ID_SPOUSE[17]);
    assert_non_null(strstr(e->en, want));
}

static void test_sex_and_birth_not_compared_when_id_invalid(void **state)
{
    (void)state;
    char id[19];
    bad_check(id, ID_SPOUSE);
    mrow m[2];
    household(m);
    m[1].v[KH_C_ID_NO] = id;
    m[1].v[KH_C_SEX] = "男";
    m[1].v[KH_C_BIRTH] = "1990-01-01";
    assert_int_equal(run(m, 2), 1);
    assert_only("id_checksum", 2, "证件号码", id);
    m[1].v[KH_C_ID_NO] = "530102-1982030456";
    assert_int_equal(run(m, 2), 1);
    assert_only("id_format", 2, "证件号码", "530102-1982030456");
}

static void test_sex_mismatch(void **state)
{
    (void)state;
    assert_int_equal(run_with(1, KH_C_SEX, "男"), 1);
    assert_only("sex_mismatch", 2, "性别", ID_SPOUSE);
    /* The national code works as well. */
    assert_int_equal(run_with(0, KH_C_SEX, "2"), 1);
    assert_only("sex_mismatch", 1, "性别", ID_HEAD);
    assert_int_equal(run_with(0, KH_C_SEX, "1"), 0);
}

static void test_birth_mismatch(void **state)
{
    (void)state;
    assert_int_equal(run_with(0, KH_C_BIRTH, "1980-01-02"), 1);
    const rec *e = assert_only("birth_mismatch", 1, "出生日期", ID_HEAD);
    assert_non_null(strstr(e->en, "1980-01-01"));
    /* Other spellings of the same date agree. */
    assert_int_equal(run_with(0, KH_C_BIRTH, "19800101"), 0);
    assert_int_equal(run_with(0, KH_C_BIRTH, "1980.01.01"), 0);
}

static void test_id_duplicate_within_household(void **state)
{
    (void)state;
    mrow m[2];
    household(m);
    m[1].v[KH_C_ID_NO] = ID_HEAD;
    m[1].v[KH_C_SEX] = "男";
    m[1].v[KH_C_BIRTH] = "1980-01-01";
    assert_int_equal(run(m, 2), 1);
    const rec *e = assert_only("id_duplicate", 2, "证件号码", ID_HEAD);
    assert_non_null(strstr(e->zh, "第1行"));
}

static void test_id_duplicate_across_households_names_first_row(void **state)
{
    (void)state;
    mrow m[2];
    household(m);
    assert_int_equal(run(m, 2), 0);
    /* HH002, rows 3-4: its second member repeats HH001's spouse (row 2),
     * written with a different case of nothing but the same digits. */
    mrow n[2];
    head_row(&n[0], 3);
    spouse_row(&n[1], 4);
    set_hh(n, 2, KH_C_HH_ID, "HH002");
    n[0].v[KH_C_ID_NO] = ID_CHILD; /* a fresh ID for the head */
    n[0].v[KH_C_BIRTH] = "2005-06-07";
    assert_int_equal(run_keep(n, 2), 1);
    const rec *e = assert_only("id_duplicate", 4, "证件号码", ID_SPOUSE);
    assert_string_equal(e->hh_id, "HH002");
    assert_non_null(strstr(e->zh, "第2行"));
    assert_non_null(strstr(e->en, "row 2"));
    /* A third occurrence still names the first row. */
    mrow o[1];
    spouse_row(&o[0], 5);
    o[0].v[KH_C_HH_ID] = "HH003";
    o[0].v[KH_C_RELATION] = "户主";
    o[0].v[KH_C_INCOME_PC] = "14000";
    assert_int_equal(run_keep(o, 1), 1);
    e = assert_only("id_duplicate", 5, "证件号码", ID_SPOUSE);
    assert_non_null(strstr(e->en, "row 2"));
}

static void test_hh_inconsistent_on_later_row_naming_column(void **state)
{
    (void)state;
    assert_int_equal(run_with(1, KH_C_CAUSE, "因残"), 1);
    const rec *e = assert_only("hh_inconsistent", 2, "主要致贫原因", ID_SPOUSE);
    assert_non_null(strstr(e->zh, "因残"));
    assert_non_null(strstr(e->zh, "因病"));
    assert_string_equal(e->hh_id, "HH001");
}

static void test_hh_inconsistent_once_per_differing_column(void **state)
{
    (void)state;
    mrow m[3];
    household(m);
    spouse_row(&m[2], 3);
    m[2].v[KH_C_NAME] = "李小";
    m[2].v[KH_C_ID_NO] = ID_CHILD;
    m[2].v[KH_C_SEX] = "男";
    m[2].v[KH_C_BIRTH] = "2005-06-07";
    m[2].v[KH_C_RELATION] = "之子";
    m[2].v[KH_C_PHONE] = "13900000000";
    m[2].v[KH_C_HOUSING] = "B";
    /* Three members: per-capita income is 14000 / 3. */
    set_hh(m, 3, KH_C_INCOME_PC, "4666.67");
    assert_int_equal(run(m, 3), 2);
    assert_int_equal(nrec, 2);
    assert_string_equal(recs[0].code, "hh_inconsistent");
    assert_string_equal(recs[0].column, "住房安全等级");
    assert_int_equal(recs[0].row, 3);
    assert_string_equal(recs[0].id_no, ID_CHILD);
    assert_string_equal(recs[1].code, "hh_inconsistent");
    assert_string_equal(recs[1].column, "联系电话");
    assert_int_equal(recs[1].row, 3);
    /* Household values are checked on the first row only: a bad value on
     * a later row is an inconsistency, not a value finding. */
    household(m);
    m[1].v[KH_C_HH_TYPE] = "富裕户";
    assert_int_equal(run(m, 2), 1);
    assert_only("hh_inconsistent", 2, "贫困户属性", ID_SPOUSE);
}

static void test_helper_id_checksum(void **state)
{
    (void)state;
    char id[19];
    bad_check(id, ID_HELPER);
    assert_int_equal(run_hh(KH_C_HELPER_ID, id), 1);
    assert_only("helper_id_checksum", 1, "帮扶责任人证件号码", ID_HEAD);
    assert_int_equal(run_hh(KH_C_HELPER_ID, "12345"), 1);
    assert_only("helper_id_checksum", 1, "帮扶责任人证件号码", ID_HEAD);
    make_id(id, "19700231", "011");
    assert_int_equal(run_hh(KH_C_HELPER_ID, id), 1);
    assert_only("helper_id_checksum", 1, "帮扶责任人证件号码", ID_HEAD);
}

static void test_visit_future_after_today(void **state)
{
    (void)state;
    assert_int_equal(run_hh(KH_C_LAST_VISIT, "2020-07-01"), 0);
    const rec *e = assert_only("visit_future", 1, "最近走访日期", ID_HEAD);
    assert_true(e->warning);
    assert_int_equal(F->errors, 0);
    /* Today itself is not in the future (but after the chosen year). */
    assert_int_equal(run_hh(KH_C_LAST_VISIT, "2020-06-30"), 0);
    e = assert_only("date_after_year", 1, "最近走访日期", ID_HEAD);
    assert_true(e->warning);
}

/* The file disagrees with the chosen year (2019; today 2020-06-30): a
 * year after it up to today's, a date after its 31 December up to today,
 * are kept with a warning; a year after today's is an error; 31 December
 * itself is the chosen year's. */
static void test_year_disagrees(void **state)
{
    (void)state;
    assert_int_equal(run_hh(KH_C_YEAR_OUT, "2020"), 0);
    const rec *e = assert_only("year_after", 1, "脱贫年度", ID_HEAD);
    assert_true(e->warning);
    assert_int_equal(F->hh->year_out, 2020);
    assert_int_equal(run_hh(KH_C_YEAR_IN, "2020"), 0);
    assert_true(assert_only("year_after", 1, "识别年度", ID_HEAD)->warning);
    assert_int_equal(run_hh(KH_C_YEAR_OUT, "2021"), 1);
    assert_only("value_number", 1, "脱贫年度", ID_HEAD);
    assert_int_equal(run_hh(KH_C_LAST_VISIT, "2020-01-01"), 0);
    assert_true(
        assert_only("date_after_year", 1, "最近走访日期", ID_HEAD)->warning);
    assert_int_equal(run_hh(KH_C_LAST_VISIT, "2019-12-31"), 0);
    assert_none();
}

static void test_phone_format_accepts_mobile_and_landlines(void **state)
{
    (void)state;
    const char *ok[] = {"13812345678",  "19912345678", "0871-1234567",
                        "010-12345678", "08711234567", "0871-1234567-123"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_int_equal(run_hh(KH_C_PHONE, ok[i]), 0);
        if (nrec) print_message("rejected %s\n", ok[i]);
        assert_none();
    }
}

static void test_phone_format_rejects_others(void **state)
{
    (void)state;
    const char *bad[] = {"1381234567",    "12812345678", "138123456789",
                         "1381234567a",   "0871-123456", "871-1234567",
                         "0871-1234567-", "phone"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(run_hh(KH_C_PHONE, bad[i]), 0);
        if (nrec != 1) print_message("accepted %s\n", bad[i]);
        const rec *e = assert_only("phone_format", 1, "联系电话", ID_HEAD);
        assert_true(e->warning);
    }
}

/* ---- Households ---- */

static void test_head_count_zero(void **state)
{
    (void)state;
    assert_int_equal(run_with(0, KH_C_RELATION, "之父"), 1);
    const rec *e = assert_only("head_count", 1, "与户主关系", ID_HEAD);
    assert_non_null(strstr(e->en, "0 members"));
}

static void test_head_count_two(void **state)
{
    (void)state;
    assert_int_equal(run_with(1, KH_C_RELATION, "户主"), 1);
    /* Reported once, on the first row, with the first row's ID. */
    const rec *e = assert_only("head_count", 1, "与户主关系", ID_HEAD);
    assert_non_null(strstr(e->en, "2 members"));
    /* The national code for 户主 counts too. */
    assert_int_equal(run_with(1, KH_C_RELATION, "01"), 1);
    assert_only("head_count", 1, "与户主关系", ID_HEAD);
}

static void test_village_unknown(void **state)
{
    (void)state;
    assert_int_equal(run_hh(KH_C_VILLAGE, "530102001002"), 1);
    assert_only("village_unknown", 1, "行政区划代码", ID_HEAD);
}

static void test_village_level(void **state)
{
    (void)state;
    assert_int_equal(run_hh(KH_C_VILLAGE, "530102001000"), 1);
    assert_only("village_level", 1, "行政区划代码", ID_HEAD);
}

static void test_village_not_looked_up_without_regions(void **state)
{
    fixture *f = *state;
    f->no_regions = 1;
    assert_int_equal(run_hh(KH_C_VILLAGE, "530102001002"), 0);
    assert_none();
}

static void test_income_mismatch_beyond_one_yuan(void **state)
{
    (void)state;
    /* 7000 is right; 1.00 yuan off either way is within tolerance. */
    assert_int_equal(run_hh(KH_C_INCOME_PC, "7001.00"), 0);
    assert_none();
    assert_int_equal(run_hh(KH_C_INCOME_PC, "6999"), 0);
    assert_none();
    assert_int_equal(run_hh(KH_C_INCOME_PC, "7001.01"), 1);
    assert_only("income_mismatch", 1, "人均纯收入", ID_HEAD);
    assert_int_equal(run_hh(KH_C_INCOME_PC, "6998.99"), 1);
    const rec *e = assert_only("income_mismatch", 1, "人均纯收入", ID_HEAD);
    assert_non_null(strstr(e->en, "7000.00"));
}

static void test_income_counts_members_and_empty_amounts(void **state)
{
    (void)state;
    mrow m[2];
    household(m);
    /* Empty amounts count as 0: (10000 + 0 + 0 + 3000 - 1000) / 2. */
    set_hh(m, 2, KH_C_INC_BUSINESS, "");
    set_hh(m, 2, KH_C_INC_PROPERTY, "");
    set_hh(m, 2, KH_C_INCOME_PC, "6000");
    assert_int_equal(run(m, 2), 0);
    assert_none();
    /* One member: the same totals make 14000 per person. */
    head_row(&m[0], 1);
    assert_int_equal(run(m, 1), 1);
    assert_only("income_mismatch", 1, "人均纯收入", ID_HEAD);
    m[0].v[KH_C_INCOME_PC] = "14000";
    assert_int_equal(run(m, 1), 0);
    /* No per-capita income given: nothing to compare. */
    m[0].v[KH_C_INCOME_PC] = "";
    m[0].v[KH_C_INC_WAGE] = "99999";
    assert_int_equal(run(m, 1), 0);
}

static void test_dibao_exceeds_transfer(void **state)
{
    (void)state;
    assert_int_equal(run_hh(KH_C_INC_DIBAO, "3000.01"), 1);
    assert_only("dibao_exceeds_transfer", 1, "其中低保金", ID_HEAD);
    assert_int_equal(run_hh(KH_C_INC_DIBAO, "3000"), 0);
    assert_none();
}

static void test_tekun_exceeds_transfer_less_dibao(void **state)
{
    (void)state;
    /* Transfer 3000, dibao 1000: at most 2000 of 特困供养金. */
    assert_int_equal(run_hh(KH_C_INC_TEKUN, "2000"), 0);
    assert_none();
    assert_int_equal(run_hh(KH_C_INC_TEKUN, "2000.01"), 1);
    assert_only("dibao_exceeds_transfer", 1, "其中特困供养金", ID_HEAD);
}

static void test_year_order(void **state)
{
    (void)state;
    mrow m[2];
    household(m);
    set_hh(m, 2, KH_C_STATUS, "已脱贫(享受政策)");
    set_hh(m, 2, KH_C_YEAR_OUT, "2015");
    assert_int_equal(run(m, 2), 1);
    assert_only("year_order", 1, "脱贫年度", ID_HEAD);
    set_hh(m, 2, KH_C_YEAR_OUT, "2016");
    assert_int_equal(run(m, 2), 0);
}

static void test_exit_year_missing(void **state)
{
    (void)state;
    assert_int_equal(run_hh(KH_C_STATUS, "已脱贫(享受政策)"), 1);
    assert_only("exit_year_missing", 1, "脱贫年度", ID_HEAD);
    /* An alias of the other exited status. */
    assert_int_equal(run_hh(KH_C_STATUS, "已脱贫(不再享受政策)"), 1);
    assert_only("exit_year_missing", 1, "脱贫年度", ID_HEAD);
    assert_int_equal(run_hh(KH_C_STATUS, "返贫"), 0);
    assert_none();
}

static void test_reloc_self_unexpected(void **state)
{
    (void)state;
    assert_int_equal(run_hh(KH_C_RELOC_SELF, "1000"), 0);
    const rec *e =
        assert_only("reloc_self_unexpected", 1, "搬迁自筹金额", ID_HEAD);
    assert_true(e->warning);
    mrow m[2];
    household(m);
    set_hh(m, 2, KH_C_RELOC_SELF, "1000");
    set_hh(m, 2, KH_C_RELOCATED, "是");
    assert_int_equal(run(m, 2), 0);
    assert_none();
    set_hh(m, 2, KH_C_RELOCATED, "否");
    set_hh(m, 2, KH_C_RELOC_SELF, "0");
    assert_int_equal(run(m, 2), 0);
    assert_none();
}

static void test_row_width_for_short_csv_row(void **state)
{
    (void)state;
    mrow m[2];
    household(m);
    m[1].row.n = KH_C_COUNT - 1; /* the last, optional, cell is missing */
    assert_int_equal(run(m, 2), 1);
    assert_only("row_width", 2, "", ID_SPOUSE);
    /* Extra empty cells are harmless; extra values are not. */
    kh_cell wide[KH_C_COUNT + 1];
    household(m);
    assert_int_equal(run(m, 2), 0);
    memcpy(wide, m[1].cells, sizeof m[1].cells);
    wide[KH_C_COUNT].s = "";
    wide[KH_C_COUNT].len = 0;
    const kh_row *ptrs[2] = {&m[0].row, &m[1].row};
    m[1].row.cells = wide;
    m[1].row.n = KH_C_COUNT + 1;
    kh_error err;
    new_checker(F, "csv", 1);
    assert_int_equal(
        kh_checker_household(F->ck, ptrs, 2, &F->hh, &F->errors, &err), KH_OK);
    assert_none();
    wide[KH_C_COUNT].s = "x";
    wide[KH_C_COUNT].len = 1;
    new_checker(F, "csv", 1);
    assert_int_equal(
        kh_checker_household(F->ck, ptrs, 2, &F->hh, &F->errors, &err), KH_OK);
    assert_int_equal(F->errors, 1);
    assert_only("row_width", 2, "", ID_SPOUSE);
}

static void test_row_width_not_checked_for_xlsx(void **state)
{
    fixture *f = *state;
    new_checker(f, "xlsx", 1);
    mrow m[2];
    household(m);
    m[1].row.n = KH_C_COUNT - 1;
    assert_int_equal(run(m, 2), 0);
    assert_none();
}

static void test_findings_come_in_row_order(void **state)
{
    (void)state;
    mrow m[2];
    household(m);
    m[1].v[KH_C_SEX] = "男";           /* row 2 */
    set_hh(m, 2, KH_C_INCOME_PC, "1"); /* household: row 1 */
    assert_int_equal(run(m, 2), 2);
    assert_int_equal(nrec, 2);
    assert_string_equal(recs[0].code, "income_mismatch");
    assert_int_equal(recs[0].row, 1);
    assert_string_equal(recs[1].code, "sex_mismatch");
    assert_int_equal(recs[1].row, 2);
    kh_check_stats st;
    kh_checker_stats(F->ck, &st);
    assert_int_equal(st.errors, 2);
}

static void test_severity_follows_the_standard(void **state)
{
    fixture *f = *state;
    kh_error err;
    const char *text = "[severity]\nphone_format = error\n";
    assert_int_equal(
        kh_standard_load(f->std, text, strlen(text), "p.std", &err), KH_OK);
    new_checker(f, "csv", 1);
    assert_int_equal(run_hh(KH_C_PHONE, "123"), 1);
    const rec *e = assert_only("phone_format", 1, "联系电话", ID_HEAD);
    assert_false(e->warning);
}

/* ---- kh_money_parse ---- */

static int money(const char *s, int64_t *fen)
{
    *fen = -12345;
    return kh_money_parse(s, strlen(s), fen);
}

static void test_money_parse_accepts_yuan_with_two_decimals(void **state)
{
    (void)state;
    int64_t fen;
    assert_int_equal(money("12", &fen), 0);
    assert_int_equal(fen, 1200);
    assert_int_equal(money("12.5", &fen), 0);
    assert_int_equal(fen, 1250);
    assert_int_equal(money("12.05", &fen), 0);
    assert_int_equal(fen, 1205);
    assert_int_equal(money("0", &fen), 0);
    assert_int_equal(fen, 0);
    assert_int_equal(money("1,234.50", &fen), 0);
    assert_int_equal(fen, 123450);
    assert_int_equal(money("1,234,567", &fen), 0);
    assert_int_equal(fen, 123456700);
    /* Trailing zeros past the 分 are harmless. */
    assert_int_equal(money("12.500", &fen), 0);
    assert_int_equal(fen, 1250);
    assert_int_equal(money("9999999999999.99", &fen), 0);
    assert_int_equal(fen, 999999999999999);
}

static void test_money_parse_rejects_bad_amounts(void **state)
{
    (void)state;
    int64_t fen;
    assert_int_equal(money("12.345", &fen), -1);
    assert_int_equal(money("-1", &fen), -1);
    assert_int_equal(money("", &fen), -1);
    assert_int_equal(money(".", &fen), -1);
    assert_int_equal(money("1.2.3", &fen), -1);
    assert_int_equal(money(",123", &fen), -1);
    assert_int_equal(money("1,234.5,0", &fen), -1);
    assert_int_equal(money("12a", &fen), -1);
    assert_int_equal(money("１２", &fen), -1);
    assert_int_equal(money("1e3", &fen), -1);
    assert_int_equal(money("10000000000000", &fen), -1); /* 14 digits */
    /* A comma is a thousands separator only before exactly three digits:
     * a decimal comma must not turn 1.5 yuan into 15. */
    assert_int_equal(money("1,5", &fen), -1);
    assert_int_equal(money("12,34", &fen), -1);
    assert_int_equal(money("1,2,3", &fen), -1);
    assert_int_equal(money("1234,567", &fen), -1);
    assert_int_equal(money("1,2345", &fen), -1);
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_clean_two_member_household_has_no_findings),
        T(test_equivalent_spellings_are_consistent),
        T(test_lower_case_x_and_alternative_list_separators),
        T(test_header_missing_required_column_is_invalid),
        T(test_header_optional_column_absent_is_warning),
        T(test_header_duplicate_column_is_invalid),
        T(test_unknown_column_is_kept_as_extra),
        T(test_value_required_on_household_column),
        T(test_value_required_on_member_column),
        T(test_value_required_on_id_number),
        T(test_value_required_on_hh_id),
        T(test_value_enum_bad_label),
        T(test_value_enum_bad_measures_item),
        T(test_value_number_bad_amounts),
        T(test_value_number_year_out_of_range),
        T(test_value_date_not_a_real_date),
        T(test_dates_as_offices_write_them),
        T(test_fullwidth_digits_read_with_a_warning),
        T(test_wide_spaces_trimmed_with_a_warning),
        T(test_id_damaged_by_excel),
        T(test_value_code_not_12_digits),
        T(test_id_format),
        T(test_id_birth_after_reference_date),
        T(test_id_birth_impossible_date),
        T(test_id_checksum),
        T(test_sex_and_birth_not_compared_when_id_invalid),
        T(test_sex_mismatch),
        T(test_birth_mismatch),
        T(test_id_duplicate_within_household),
        T(test_id_duplicate_across_households_names_first_row),
        T(test_hh_inconsistent_on_later_row_naming_column),
        T(test_hh_inconsistent_once_per_differing_column),
        T(test_helper_id_checksum),
        T(test_visit_future_after_today),
        T(test_year_disagrees),
        T(test_phone_format_accepts_mobile_and_landlines),
        T(test_phone_format_rejects_others),
        T(test_head_count_zero),
        T(test_head_count_two),
        T(test_village_unknown),
        T(test_village_level),
        T(test_village_not_looked_up_without_regions),
        T(test_income_mismatch_beyond_one_yuan),
        T(test_income_counts_members_and_empty_amounts),
        T(test_dibao_exceeds_transfer),
        T(test_tekun_exceeds_transfer_less_dibao),
        T(test_year_order),
        T(test_exit_year_missing),
        T(test_reloc_self_unexpected),
        T(test_row_width_for_short_csv_row),
        T(test_row_width_not_checked_for_xlsx),
        T(test_findings_come_in_row_order),
        T(test_severity_follows_the_standard),
        cmocka_unit_test(test_money_parse_accepts_yuan_with_two_decimals),
        cmocka_unit_test(test_money_parse_rejects_bad_amounts),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
