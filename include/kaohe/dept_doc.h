/* SPDX-License-Identifier: MIT */
/*
 * dept_doc.h - the 入户核实清单 (visit list) of a village for 部门数据比对
 * (src/io/dept_doc.c, docs/dept.md), in XLSX or PDF.
 */
#ifndef KAOHE_DEPT_DOC_H
#define KAOHE_DEPT_DOC_H

#include <stddef.h>

#include "kaohe/error.h"

/* One person to visit, as the list shows it. */
typedef struct kh_dept_visit_row {
    long long id;          /* the finding's number (kaohe dept visit ID) */
    char hh_id[64], id_masked[24], name[128];
    char what[64];         /* the exclusion, in words (拥有机动车, …) */
    char record[256];      /* 部门:the department's value */
    char visit[32], reason[256]; /* a result entered already, or "" */
} kh_dept_visit_row;

/* Fill r from a stored finding's fields: the ID number masked, the
 * exclusion's code (dept_excl_*) said in words. */
void kh_dept_visit_row_fill(kh_dept_visit_row *r, long long id,
                            const char *code, const char *hh_id,
                            const char *id_no, const char *name,
                            const char *dept, const char *dept_value,
                            const char *visit, const char *reason);

/* Write year's list of village to path: pdf 1 a PDF (author and made_at
 * in its footer), else XLSX; nothing is left at path on failure. */
int kh_dept_visit_doc(const char *path, int pdf, int year,
                      const char *village, const char *author,
                      const char *made_at, const kh_dept_visit_row *rows,
                      size_t n, kh_error *err) KH_WUR;

#endif
