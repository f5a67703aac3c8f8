/* SPDX-License-Identifier: MIT */
/*
 * test_dept.c - 部门数据比对's normalisation (dept.h): the ID number as the
 * spec normalises it before matching (trim, full-width, lowercase x, 15
 * digits widened), invalid numbers refused, and names compared without
 * any kind of space; a list's stored rows read back the same whether a
 * county's rows are held in memory (kh_store_dept_rows_near) or looked
 * up one ID at a time, and a repeated row left out when they are stored.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kaohe/dept.h"
#include "kaohe/dept_store.h"
#include "kaohe/store.h"

static void test_id_norm(void **state)
{
    (void)state;
    char out[19];
    assert_int_equal(kh_dept_id_norm("533124197001010118", out), 0);
    assert_string_equal(out, "533124197001010118");
    /* trimmed, full-width digits and an ideographic space */
    assert_int_equal(kh_dept_id_norm("\xE3\x80\x80 ５33124197001010118 ", out), 0);
    assert_string_equal(out, "533124197001010118");
    /* lowercase x */
    assert_int_equal(kh_dept_id_norm("53312419750303059x", out), 0);
    assert_string_equal(out, "53312419750303059X");
    /* full-width Ｘ */
    assert_int_equal(kh_dept_id_norm("53312419750303059\xEF\xBC\xB8", out), 0);
    assert_string_equal(out, "53312419750303059X");
    /* 15 digits: 19 inserted, the check digit computed */
    assert_int_equal(kh_dept_id_norm("533124720202022", out), 0);
    assert_string_equal(out, "533124197202020224");
    /* still invalid: wrong check digit, 17 digits, letters, a bad date */
    assert_int_not_equal(kh_dept_id_norm("533124197001010119", out), 0);
    assert_int_not_equal(kh_dept_id_norm("53312419800606999", out), 0);
    assert_int_not_equal(kh_dept_id_norm("5331241970010101AB", out), 0);
    assert_int_not_equal(kh_dept_id_norm("533124721302022", out), 0);
    assert_int_not_equal(kh_dept_id_norm("", out), 0);
}

static void test_name_key(void **state)
{
    (void)state;
    char a[64], b[64];
    kh_dept_name_key("王　五", a, sizeof a);
    kh_dept_name_key(" 王五\xC2\xA0", b, sizeof b);
    assert_string_equal(a, "王五");
    assert_string_equal(b, "王五");
}

static void test_kinds(void **state)
{
    (void)state;
    int n;
    const kh_dept_kind *k = kh_dept_kinds(&n);
    assert_int_equal(n, 14);
    assert_ptr_equal(kh_dept_kind_find("huji"), &k[0]);
    assert_null(kh_dept_kind_find("nosuch"));
    assert_int_equal(kh_dept_kind_find("tekun")->optional, 1u << 3);
}

typedef struct got {
    char s[512];
} got;

static int collect(void *ctx, const kh_dept_row *r, kh_error *err)
{
    (void)err;
    got *g = ctx;
    size_t n = strlen(g->s);
    snprintf(g->s + n, sizeof g->s - n, "%lld/%ld/%ld/%s/%s/%s;", r->list, r->row,
             r->line, r->id_no, r->name, r->data);
    return KH_OK;
}

typedef struct dups {
    int n;
    long row;
} dups;

static int on_dup(void *ctx, long row, long line, const char *id_no, kh_error *err)
{
    (void)line;
    (void)id_no;
    (void)err;
    dups *d = ctx;
    d->n++;
    d->row = row;
    return KH_OK;
}

static void test_rows_near(void **state)
{
    (void)state;
    char path[64];
    snprintf(path, sizeof path, "/tmp/kaohe-test-dept-%d.db", (int)getpid());
    unlink(path);
    kh_store *s;
    kh_error err;
    assert_int_equal(kh_store_open(path, KH_STORE_CREATE, &s, &err), KH_OK);
    assert_int_equal(kh_store_begin(s, &err), KH_OK);
    kh_dept_rows *r;
    assert_int_equal(kh_store_dept_rows_open(s, &r, &err), KH_OK);
    long long list[2];
    static const char *const as_of[2] = {"2019-12-31", "2020-01-15"};
    for (int i = 0; i < 2; i++) {
        kh_dept_list l;
        memset(&l, 0, sizeof l);
        snprintf(l.kind, sizeof l.kind, "huji");
        snprintf(l.region, sizeof l.region, "530000000000");
        snprintf(l.as_of, sizeof l.as_of, "%s", as_of[i]);
        snprintf(l.file, sizeof l.file, "l%d.csv", i);
        assert_int_equal(kh_store_dept_list_new(s, &l, "2020-06-30", "t", &list[i], &err), KH_OK);
    }
    /* list 0: well-formed IDs, one person twice (rows 5 and 2), one of
     * another county, one repeated (row 6 = row 2, the same hash);
     * list 1: also an ID not of the normalised form (a lowercase x) */
    struct { int l; long row; const char *id, *name, *data; long long h; } rows[] = {
        {0, 5, "533124197001010118", "张三", "a", 1},
        {0, 2, "533124197001010118", "张三", "b", 2},
        {0, 3, "530101198001010011", "外县", "c", 3},
        {0, 4, "53312419750303059X", "王五", "d", 4},
        {0, 6, "533124197001010118", "张三", "b", 2},
        {1, 1, "533124197001010118", "张三", "e", 5},
        {1, 2, "53312419750303059x", "王五", "f", 6},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        assert_int_equal(kh_store_dept_row_add(r, list[rows[i].l], rows[i].row, rows[i].row + 1,
                                               rows[i].id, rows[i].name, rows[i].data,
                                               rows[i].h, &err), KH_OK);
    dups d = {0, 0};
    assert_int_equal(kh_store_dept_rows_flush(r, on_dup, &d, &err), KH_OK);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.row, 6);
    static const char *const ids[] = {
        "533124197001010118", "530101198001010011", "53312419750303059X",
        "53312419750303059x", "533124199901010000", "5331241970010101",
    };
    for (int l = 0; l < 2; l++)
        for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
            got a = {""}, b = {""}, c = {""};
            kh_store_dept_rows_near(r, "");
            assert_int_equal(kh_store_dept_rows(r, list[l], ids[i], collect, &a, &err), KH_OK);
            kh_store_dept_rows_near(r, "533124");
            assert_int_equal(kh_store_dept_rows(r, list[l], ids[i], collect, &b, &err), KH_OK);
            kh_store_dept_rows_near(r, "530101");
            assert_int_equal(kh_store_dept_rows(r, list[l], ids[i], collect, &c, &err), KH_OK);
            assert_string_equal(a.s, b.s);
            assert_string_equal(a.s, c.s);
        }
    got a = {""};
    kh_store_dept_rows_near(r, "533124");
    assert_int_equal(kh_store_dept_rows(r, list[0], "533124197001010118", collect, &a, &err), KH_OK);
    char want[128];
    snprintf(want, sizeof want, "%lld/2/3/533124197001010118/张三/b;%lld/5/6/533124197001010118/张三/a;",
             list[0], list[0]);
    assert_string_equal(a.s, want);
    kh_store_dept_rows_close(r);
    assert_int_equal(kh_store_commit(s, &err), KH_OK);
    kh_store_close(s);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_id_norm),
        cmocka_unit_test(test_name_key),
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_rows_near),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
