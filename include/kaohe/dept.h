/* SPDX-License-Identifier: MIT */
/*
 * dept.h - 部门数据比对: the departments' lists (公安 户籍, 民政 低保, 医保
 * 参保, 财政供养人员, …) compared with the 建档立卡 registry person by
 * person on the ID number (../shared/spec/department-lists.md,
 * docs/dept.md).
 *
 * The domain part (src/domain/dept.c): the kinds of list and their
 * columns, the ID number's normalisation, and the comparison of one
 * registered member with the department's records. The store part
 * (src/store/dept_store.c): the loaded lists and the matching rows only
 * (data minimisation). The use cases (src/app/dept.c): the import of a
 * list and the comparison of a year.
 */
#ifndef KAOHE_DEPT_H
#define KAOHE_DEPT_H

#include <stddef.h>

#include "kaohe/error.h"

struct kh_standard;

#define KH_DEPT_MAX_COLS 8

/* One kind of list: its key, the department, the extra columns. */
typedef struct kh_dept_kind {
    const char *key;      /* "huji", "dibao", … */
    const char *dept;     /* 部门, as the findings name it */
    int ncols;
    const char *cols[KH_DEPT_MAX_COLS]; /* extra columns' headers */
    unsigned optional;    /* bit i: cols[i] may be absent */
} kh_dept_kind;

/* The kind named key, or NULL. */
const kh_dept_kind *kh_dept_kind_find(const char *key);
/* The kinds, in the spec's order (n set to their number). */
const kh_dept_kind *kh_dept_kinds(int *n /* OUT */);

/*
 * Normalise an ID number as the spec says (trim, full-width to
 * half-width, lowercase x to X, 15 digits widened to 18 with the check
 * digit) into out (19 bytes). KH_OK when the result is a valid number,
 * KH_ERR_INVALID otherwise (out holds what normalisation gave).
 */
int kh_dept_id_norm(const char *s, char out[19]) KH_WUR;

/* s without ASCII spaces, U+3000 and NBSP, into out (size n). */
void kh_dept_name_key(const char *s, char *out, size_t n);

/* The codes of a region's subtree, lo..hi (a county's 533124000000:
 * 533124000000..533124999999; a village's: itself). */
void kh_dept_subtree(const char *code, char lo[13], char hi[13]);

#endif
