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

/* Value of "section.key", or NULL. */
const char *kh_standard_get(const kh_standard *s, const char *key);
/* Integer value of "section.key", or def when absent or not an integer. */
long long kh_standard_int(const kh_standard *s, const char *key,
                          long long def);

/* Handle of an enum list by name ("cause"), or -1. */
int kh_standard_enum(const kh_standard *s, const char *name);
/* Number of labels in the list. */
int kh_standard_enum_count(const kh_standard *s, int e);
/* The label at index i (UTF-8). */
const char *kh_standard_enum_label(const kh_standard *s, int e, int i);
/*
 * Index of the label that v[0..n) is (the label itself or one of its
 * codes, surrounding spaces ignored), or -1.
 */
int kh_standard_enum_lookup(const kh_standard *s, int e, const char *v,
                            size_t n);

/* 1 when the finding code is a warning under this standard, else 0. */
int kh_standard_is_warning(const kh_standard *s, const char *code);

#endif
