/* SPDX-License-Identifier: MIT */
/*
 * standard.h - the standards file: every threshold, category list and
 * severity kaohe applies, as data. The national defaults
 * (standards/national.std) are compiled in; a province's file, loaded on
 * top, changes only what it names. Format: docs/standards.md.
 */
#ifndef KAOHE_STANDARD_H
#define KAOHE_STANDARD_H

#include <stddef.h>

#include "kaohe/error.h"

typedef struct kh_standard kh_standard;

/*
 * A standard holding the compiled-in national defaults. Caller owns it;
 * free with kh_standard_free().
 */
int kh_standard_new(kh_standard **out, kh_error *err) KH_WUR;

/*
 * Overlay the text of a standards file (source names it in errors and in
 * `standards show`). A bad line leaves s unchanged and reports the line.
 */
int kh_standard_load(kh_standard *s, const char *text, size_t n,
                     const char *source, kh_error *err) KH_WUR;

void kh_standard_free(kh_standard *s);

/*
 * The files loaded on top of the defaults (kh_standard_load), in order,
 * as one opaque byte string (*len bytes, valid while s is): enough to
 * make the same standard again with kh_standard_from_overlays (the stored
 * exit review keeps it, so that its findings read back later are those
 * of the standards it was run with).
 */
const void *kh_standard_overlays(const kh_standard *s, size_t *len /* OUT */);
/* The defaults with the overlays of kh_standard_overlays loaded again.
 * KH_ERR_INVALID ("standard_damaged") when data is not such a string. */
int kh_standard_from_overlays(const void *data, size_t len,
                              kh_standard **out /* OUT */,
                              kh_error *err) KH_WUR;

/* Value of "section.key", or NULL. */
const char *kh_standard_get(const kh_standard *s, const char *key);
/* Integer value of "section.key", or def when absent or not an integer. */
long long kh_standard_int(const kh_standard *s, const char *key,
                          long long def);

/*
 * A rate ("2%", "2.5%", "1/50" or "0.02") as numerator and denominator.
 * Returns KH_ERR_NOTFOUND when the key is absent. Values were validated
 * when the file was loaded.
 */
int kh_standard_rate(const kh_standard *s, const char *key, long long *num,
                     long long *den) KH_WUR;
/* An amount in yuan, as 分. KH_ERR_NOTFOUND when absent. */
int kh_standard_fen(const kh_standard *s, const char *key,
                    long long *fen) KH_WUR;
/* The poverty line of a year ([poverty_line] YEAR), in 分. */
int kh_standard_poverty_line(const kh_standard *s, int year,
                             long long *fen) KH_WUR;
/* The monitoring line of a year: [monitoring_line] YEAR when set, else
 * the poverty line times [monitoring] line_share. In 分. */
int kh_standard_monitoring_line(const kh_standard *s, int year,
                                long long *fen) KH_WUR;
/* 1 when v[0..n) is one of the comma-separated items of key's value. */
int kh_standard_in_list(const kh_standard *s, const char *key, const char *v,
                        size_t n);

/* Every scalar setting, in file order, with where it came from
 * ("file:line"); for `kaohe standards show`. */
typedef int (*kh_standard_fn)(void *ctx, const char *key, const char *value,
                              const char *source);
int kh_standard_each(const kh_standard *s, kh_standard_fn fn, void *ctx);
/* Every enum label with its codes joined by ", " and the source of its
 * list. */
typedef int (*kh_standard_enum_fn)(void *ctx, const char *list,
                                   const char *label, const char *codes,
                                   const char *source);
int kh_standard_each_enum(const kh_standard *s, kh_standard_enum_fn fn,
                          void *ctx);

/* Handle of an enum list by name ("cause"), or -1. */
int kh_standard_enum(const kh_standard *s, const char *name);
/* Number of labels in the list. */
int kh_standard_enum_count(const kh_standard *s, int e);
/* The label at index i (UTF-8). */
const char *kh_standard_enum_label(const kh_standard *s, int e, int i);
/* Code k of label i (the items after `=`), or NULL past the last. */
const char *kh_standard_enum_code(const kh_standard *s, int e, int i, int k);
/*
 * Index of the label that v[0..n) is (the label itself or one of its
 * codes, surrounding spaces ignored), or -1.
 */
int kh_standard_enum_lookup(const kh_standard *s, int e, const char *v,
                            size_t n);

/*
 * A problem rule ([problem_rule] INDICATOR = > 10%, 类别): a region whose
 * indicator is beyond the threshold has a problem of that category.
 */
typedef struct kh_problem_rule {
    char indicator[96]; /* filled by kh_standard_each_rule, "" by parse */
    int above;          /* 1: a problem when value > num/den; 0: < */
    long long num, den; /* the threshold */
    char category[96];  /* a label of [enum.problem_category] */
} kh_problem_rule;

/* Parse the value of a rule ("> 10%, 扶贫措施不精准"); -1 when bad. */
int kh_standard_parse_rule(const char *v, kh_problem_rule *out);
/* Every [problem_rule], in file order. fn returning non-zero stops. */
typedef int (*kh_standard_rule_fn)(void *ctx, const kh_problem_rule *r,
                                   const char *source);
int kh_standard_each_rule(const kh_standard *s, kh_standard_rule_fn fn,
                          void *ctx);

/* 1 when the finding code is a warning under this standard, else 0. */
int kh_standard_is_warning(const kh_standard *s, const char *code);

#endif
