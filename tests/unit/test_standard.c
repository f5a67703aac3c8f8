/* SPDX-License-Identifier: MIT */
/*
 * test_standard.c - the standards file (src/domain/standard.c): the
 * compiled-in national defaults, enum lookup by label, national code and
 * alias, severities, a province's overlay that replaces an enum wholesale
 * and one scalar, and bad lines that are rejected with the standard left
 * unchanged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "kaohe/standard.h"

static int setup(void **state)
{
    kh_standard *s = NULL;
    kh_error err;
    if (kh_standard_new(&s, &err) != KH_OK) return -1;
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    kh_standard_free(*state);
    return 0;
}

static int lookup(const kh_standard *s, const char *list, const char *v)
{
    int e = kh_standard_enum(s, list);
    assert_true(e >= 0);
    return kh_standard_enum_lookup(s, e, v, strlen(v));
}

static int load(kh_standard *s, const char *text, kh_error *err)
{
    kh_error_clear(err);
    return kh_standard_load(s, text, strlen(text), "yunnan.std", err);
}

/* ---- the defaults ---- */

static void test_defaults_have_eleven_causes(void **state)
{
    kh_standard *s = *state;
    int e = kh_standard_enum(s, "cause");
    assert_true(e >= 0);
    assert_int_equal(kh_standard_enum_count(s, e), 11);
    assert_string_equal(kh_standard_enum_label(s, e, 0), "因病");
    assert_string_equal(kh_standard_enum_label(s, e, 10), "自身发展动力不足");
}

static void test_every_registry_enum_is_present(void **state)
{
    kh_standard *s = *state;
    const char *names[] = {"hh_type",   "status",    "cause",  "housing",
                           "yesno",     "measures",  "sex",    "relation",
                           "education", "schooling", "health", "labour",
                           "work"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        int e = kh_standard_enum(s, names[i]);
        assert_true(e >= 0);
        assert_true(kh_standard_enum_count(s, e) > 0);
    }
    assert_int_equal(kh_standard_enum(s, "nonexistent"), -1);
}

static void test_lookup_by_label_and_by_national_code(void **state)
{
    kh_standard *s = *state;
    assert_int_equal(lookup(s, "cause", "因病"), 0);
    assert_int_equal(lookup(s, "cause", "1"), 0);
    assert_int_equal(lookup(s, "cause", "缺资金"), 8);
    assert_int_equal(lookup(s, "cause", "9"), 8);
    assert_int_equal(lookup(s, "cause", "11"), 10);
    /* Surrounding spaces are ignored. */
    assert_int_equal(lookup(s, "cause", "  因病 "), 0);
    assert_int_equal(lookup(s, "cause", "\t1"), 0);
}

static void test_lookup_unknown_value_is_minus_one(void **state)
{
    kh_standard *s = *state;
    assert_int_equal(lookup(s, "cause", "因穷"), -1);
    assert_int_equal(lookup(s, "cause", "12"), -1);
    assert_int_equal(lookup(s, "cause", "01"), -1);
    assert_int_equal(lookup(s, "cause", ""), -1);
    assert_int_equal(lookup(s, "cause", "因"), -1); /* a prefix */
    assert_int_equal(kh_standard_enum_lookup(s, -1, "因病", 6), -1);
    assert_int_equal(kh_standard_enum_lookup(s, 9999, "因病", 6), -1);
    assert_int_equal(kh_standard_enum_count(s, -1), 0);
    assert_string_equal(kh_standard_enum_label(s, 0, 9999), "");
}

static void test_status_aliases_map_to_the_stored_label(void **state)
{
    kh_standard *s = *state;
    int e = kh_standard_enum(s, "status");
    int want = lookup(s, "status", "已脱贫(不享受政策)");
    assert_true(want >= 0);
    assert_string_equal(kh_standard_enum_label(s, e, want),
                        "已脱贫(不享受政策)");
    assert_int_equal(lookup(s, "status", "已脱贫(不再享受政策)"), want);
    assert_int_equal(lookup(s, "status", "已脱贫（不享受政策）"), want);
    assert_int_equal(lookup(s, "status", "已脱贫（不再享受政策）"), want);
    assert_int_equal(lookup(s, "status", "4"), want);
    /* The other exited status is a different label. */
    int enjoy = lookup(s, "status", "已脱贫(享受政策)");
    assert_true(enjoy >= 0 && enjoy != want);
    assert_int_equal(lookup(s, "status", "已脱贫（享受政策）"), enjoy);
    /* 清退 has no code. */
    assert_true(lookup(s, "status", "清退") >= 0);
}

static void test_yesno_and_housing_codes(void **state)
{
    kh_standard *s = *state;
    assert_int_equal(lookup(s, "yesno", "是"), 0);
    assert_int_equal(lookup(s, "yesno", "Y"), 0);
    assert_int_equal(lookup(s, "yesno", "1"), 0);
    assert_int_equal(lookup(s, "yesno", "否"), 1);
    assert_int_equal(lookup(s, "yesno", "0"), 1);
    assert_int_equal(lookup(s, "housing", "C级"), 2);
    assert_int_equal(lookup(s, "hh_type", "五保贫困户"), 2);
}

static void test_default_severities(void **state)
{
    kh_standard *s = *state;
    assert_true(kh_standard_is_warning(s, "phone_format"));
    assert_true(kh_standard_is_warning(s, "visit_future"));
    assert_true(kh_standard_is_warning(s, "column_unknown"));
    assert_true(kh_standard_is_warning(s, "column_absent"));
    assert_true(kh_standard_is_warning(s, "reloc_self_unexpected"));
    assert_false(kh_standard_is_warning(s, "id_checksum"));
    assert_false(kh_standard_is_warning(s, "income_mismatch"));
    assert_false(kh_standard_is_warning(s, "no_such_code"));
}

static void test_default_scalars(void **state)
{
    kh_standard *s = *state;
    assert_int_equal(kh_standard_int(s, "registry.income_tolerance_yuan", 9),
                     1);
    assert_int_equal(kh_standard_int(s, "registry.year_min", 0), 2013);
    assert_int_equal(kh_standard_int(s, "registry.birth_year_min", 0), 1900);
    assert_string_equal(kh_standard_get(s, "registry.year_min"), "2013");
    assert_null(kh_standard_get(s, "registry.nothing"));
    assert_int_equal(kh_standard_int(s, "registry.nothing", 42), 42);
    /* A severity is not an integer: the default comes back. */
    assert_int_equal(kh_standard_int(s, "severity.phone_format", -7), -7);
}

/* ---- overlays ---- */

static void test_overlay_replaces_enum_wholesale_and_one_scalar(void **state)
{
    kh_standard *s = *state;
    kh_error err;
    const char *text = "# 云南省\n"
                       "[registry]\n"
                       "income_tolerance_yuan = 5  # 元\n"
                       "\n"
                       "[enum.cause]\n"
                       "因病 = 1, YB\n"
                       "其他 = 99\n";
    assert_int_equal(load(s, text, &err), KH_OK);
    int e = kh_standard_enum(s, "cause");
    assert_int_equal(kh_standard_enum_count(s, e), 2);
    assert_int_equal(lookup(s, "cause", "YB"), 0);
    assert_int_equal(lookup(s, "cause", "99"), 1);
    /* The old labels are gone, not merged. */
    assert_int_equal(lookup(s, "cause", "因残"), -1);
    assert_int_equal(lookup(s, "cause", "2"), -1);
    assert_int_equal(kh_standard_int(s, "registry.income_tolerance_yuan", 0),
                     5);
    /* What the overlay does not name is unchanged. */
    assert_int_equal(kh_standard_int(s, "registry.year_min", 0), 2013);
    assert_int_equal(kh_standard_enum_count(s, kh_standard_enum(s, "status")),
                     5);
    assert_true(kh_standard_is_warning(s, "phone_format"));
}

static void test_overlay_changes_severity_both_ways(void **state)
{
    kh_standard *s = *state;
    kh_error err;
    assert_int_equal(load(s,
                          "[severity]\r\n"
                          "phone_format = error\r\n"
                          "id_checksum = warning\r\n",
                          &err),
                     KH_OK);
    assert_false(kh_standard_is_warning(s, "phone_format"));
    assert_true(kh_standard_is_warning(s, "id_checksum"));
}

static void test_overlay_adds_new_enum(void **state)
{
    kh_standard *s = *state;
    kh_error err;
    assert_int_equal(load(s, "[enum.level]\n省 = 1\n", &err), KH_OK);
    assert_int_equal(lookup(s, "level", "1"), 0);
}

/* ---- bad files ---- */

static void test_line_without_equals_is_rejected_unchanged(void **state)
{
    kh_standard *s = *state;
    kh_error err;
    const char *text = "[registry]\n"
                       "year_min = 2015\n"
                       "[enum.cause]\n"
                       "只有一个 = 1\n"
                       "this line has no equals sign\n";
    assert_int_equal(load(s, text, &err), KH_ERR_INVALID);
    assert_string_equal(err.code, "standard_syntax");
    assert_int_equal(err.line, 5);
    assert_string_equal(err.file, "yunnan.std");
    /* Nothing of the file was applied, not even its good lines. */
    assert_int_equal(kh_standard_int(s, "registry.year_min", 0), 2013);
    assert_int_equal(kh_standard_enum_count(s, kh_standard_enum(s, "cause")),
                     11);
}

static void test_severity_fatal_is_rejected_unchanged(void **state)
{
    kh_standard *s = *state;
    kh_error err;
    const char *text = "[severity]\n"
                       "visit_future = error\n"
                       "\n"
                       "phone_format = fatal\n";
    assert_int_equal(load(s, text, &err), KH_ERR_INVALID);
    assert_string_equal(err.code, "standard_value");
    assert_int_equal(err.line, 4);
    assert_true(kh_standard_is_warning(s, "visit_future"));
    assert_true(kh_standard_is_warning(s, "phone_format"));
}

static void test_key_outside_section_is_rejected(void **state)
{
    kh_standard *s = *state;
    kh_error err;
    assert_int_equal(load(s, "year_min = 2000\n", &err), KH_ERR_INVALID);
    assert_int_equal(err.line, 1);
    assert_int_equal(kh_standard_int(s, "registry.year_min", 0), 2013);
}

static void test_bad_section_header_is_rejected(void **state)
{
    kh_standard *s = *state;
    kh_error err;
    assert_int_equal(load(s, "# x\n[registry\nyear_min = 1\n", &err),
                     KH_ERR_INVALID);
    assert_int_equal(err.line, 2);
    assert_int_equal(load(s, "[]\n", &err), KH_ERR_INVALID);
    assert_int_equal(err.line, 1);
    assert_int_equal(kh_standard_int(s, "registry.year_min", 0), 2013);
}

static void test_empty_key_is_rejected(void **state)
{
    kh_standard *s = *state;
    kh_error err;
    assert_int_equal(load(s, "[registry]\n = 5\n", &err), KH_ERR_INVALID);
    assert_int_equal(err.line, 2);
}

static void test_empty_overlay_changes_nothing(void **state)
{
    kh_standard *s = *state;
    kh_error err;
    assert_int_equal(load(s, "", &err), KH_OK);
    assert_int_equal(load(s, "# only a comment\n\n", &err), KH_OK);
    assert_int_equal(kh_standard_enum_count(s, kh_standard_enum(s, "cause")),
                     11);
}

static void test_free_null_is_noop(void **state)
{
    (void)state;
    kh_standard_free(NULL);
}

/* ---- typed settings ---- */

static void test_rates_lines_and_lists(void **state)
{
    kh_standard *s = *state;
    long long num, den, fen;
    assert_int_equal(kh_standard_rate(s, "village_exit.incidence_max", &num, &den), KH_OK);
    assert_true(num == 2 && den == 100);
    assert_int_equal(kh_standard_poverty_line(s, 2019, &fen), KH_OK);
    assert_true(fen == 321800);
    assert_int_equal(kh_standard_poverty_line(s, 2009, &fen), KH_ERR_NOTFOUND);
    /* The monitoring line defaults to 150% of the poverty line. */
    assert_int_equal(kh_standard_monitoring_line(s, 2020, &fen), KH_OK);
    assert_true(fen == 600000);
    assert_int_equal(kh_standard_fen(s, "review.reloc_self_max_yuan", &fen), KH_OK);
    assert_true(fen == 1000000);
    assert_true(kh_standard_in_list(s, "exit.unsafe_housing", "C", 1));
    assert_true(kh_standard_in_list(s, "exit.unsafe_housing", "D", 1));
    assert_false(kh_standard_in_list(s, "exit.unsafe_housing", "B", 1));
    assert_int_equal(kh_standard_rate(s, "no.such", &num, &den), KH_ERR_NOTFOUND);
}

static void test_rate_spellings(void **state)
{
    kh_standard *s = *state;
    kh_error err;
    long long num, den;
    assert_int_equal(load(s, "[review]\ntransfer_share_max = 2.5%\n"
                             "medical_burden_share = 1/8\n"
                             "[county_exit]\napproval_min = 0.9\n", &err), KH_OK);
    assert_int_equal(kh_standard_rate(s, "review.transfer_share_max", &num, &den), KH_OK);
    assert_true(num == 25 && den == 1000);
    assert_int_equal(kh_standard_rate(s, "review.medical_burden_share", &num, &den), KH_OK);
    assert_true(num == 1 && den == 8);
    assert_int_equal(kh_standard_rate(s, "county_exit.approval_min", &num, &den), KH_OK);
    assert_true(num == 9 && den == 10);
    /* A province's own monitoring line wins over the share. */
    long long fen;
    assert_int_equal(load(s, "[monitoring_line]\n2024 = 8800\n[poverty_line]\n2024 = 5000\n", &err), KH_OK);
    assert_int_equal(kh_standard_monitoring_line(s, 2024, &fen), KH_OK);
    assert_true(fen == 880000);
}

static void test_bad_typed_values_are_rejected_unchanged(void **state)
{
    kh_standard *s = *state;
    kh_error err;
    static const char *const bad[] = {
        "[review]\nvisit_interval_days = -3\n",
        "[review]\ntransfer_share_max = 50%%\n",
        "[review]\nmedical_burden_share = 1/0\n",
        "[exit]\nrequire_medical = yes\n",
        "[poverty_line]\n20x9 = 3000\n",
        "[review]\nunknown_key = 1\n",
        "[unknown]\nx = 1\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(load(s, bad[i], &err), KH_ERR_INVALID);
        assert_int_equal(err.line, i == 6 ? 1 : 2);
    }
    assert_int_equal(kh_standard_int(s, "review.visit_interval_days", 0), 90);
}

/* The overlays kept (kh_standard_overlays) make the same standard again,
 * a failed load is not kept, and a damaged string is refused. */
static void test_overlays_make_the_same_standard(void **state)
{
    kh_standard *s = *state, *t = NULL;
    kh_error err;
    size_t n;
    kh_standard_overlays(s, &n);
    assert_int_equal(n, 0);
    assert_int_equal(load(s, "[review]\nvisit_interval_days = 120\n", &err), KH_OK);
    assert_int_not_equal(load(s, "[review]\nno equals sign\n", &err), KH_OK);
    assert_int_equal(load(s, "[enum.cause]\n因病 = 1\n", &err), KH_OK);
    const void *ov = kh_standard_overlays(s, &n);
    assert_true(n > 0);
    assert_int_equal(kh_standard_from_overlays(ov, n, &t, &err), KH_OK);
    assert_int_equal(kh_standard_int(t, "review.visit_interval_days", 0), 120);
    assert_int_equal(kh_standard_enum_count(t, kh_standard_enum(t, "cause")), 1);
    assert_int_equal(kh_standard_int(t, "registry.year_min", 0), 2013);
    size_t n2;
    const void *ov2 = kh_standard_overlays(t, &n2);
    assert_int_equal(n2, n);
    assert_memory_equal(ov2, ov, n);
    kh_standard_free(t);
    t = NULL;
    assert_int_equal(kh_standard_from_overlays(ov, n - 1, &t, &err),
                     KH_ERR_INVALID);
    assert_null(t);
    assert_string_equal(err.code, "standard_damaged");
    assert_int_equal(kh_standard_from_overlays("", 0, &t, &err), KH_OK);
    assert_int_equal(kh_standard_int(t, "review.visit_interval_days", 0), 90);
    kh_standard_free(t);
}

#define F(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        F(test_defaults_have_eleven_causes),
        F(test_every_registry_enum_is_present),
        F(test_lookup_by_label_and_by_national_code),
        F(test_lookup_unknown_value_is_minus_one),
        F(test_status_aliases_map_to_the_stored_label),
        F(test_yesno_and_housing_codes),
        F(test_default_severities),
        F(test_default_scalars),
        F(test_overlay_replaces_enum_wholesale_and_one_scalar),
        F(test_overlay_changes_severity_both_ways),
        F(test_overlay_adds_new_enum),
        F(test_line_without_equals_is_rejected_unchanged),
        F(test_severity_fatal_is_rejected_unchanged),
        F(test_key_outside_section_is_rejected),
        F(test_bad_section_header_is_rejected),
        F(test_empty_key_is_rejected),
        F(test_empty_overlay_changes_nothing),
        F(test_overlays_make_the_same_standard),
        cmocka_unit_test(test_free_null_is_noop),
        F(test_rates_lines_and_lists),
        F(test_rate_spellings),
        F(test_bad_typed_values_are_rejected_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
