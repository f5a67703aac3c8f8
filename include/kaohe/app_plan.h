/* SPDX-License-Identifier: MIT */
/*
 * app_plan.h - the plan import (整改清单 as a sheet), shared by `kaohe
 * rectify import FILE` and POST /api/problems/import (src/app/plan_import.c).
 *
 * As strict as the registry import: headings by name or a known alias
 * (kh_plan_col_find), an unknown or missing required column refused with
 * the header row named; the whole sheet read and its numbers checked
 * before anything is written; two rows with one 问题编号 refused with both
 * named; a row whose identity (问题, 区划, 类别, 来源, 发现日期, 年度)
 * disagrees with the stored problem refused unless KH_PLAN_UPDATE_IDENTITY;
 * a row without 问题编号 refused unless KH_PLAN_ALLOW_NEW; a closed
 * problem refused. All or nothing, in one transaction. A dry run
 * (KH_PLAN_DRY_RUN) does all of it, reports what would change problem by
 * problem and field by field, and rolls back.
 *
 * Who may: a registered user of a role of [web] rectify_roles, every
 * problem a row changes within their scope (kh_access_problem; a row that
 * changes nothing is let be and not listed) and every region a row names
 * (a new problem's, a corrected one) within it (kh_access_region).
 * A refusal is audited ("problem.import", denied or refused, with the
 * error's code); an import that is applied is audited with its counts; a
 * dry run writes nothing at all.
 */
#ifndef KAOHE_APP_PLAN_H
#define KAOHE_APP_PLAN_H

#include <stddef.h>

#include "kaohe/app.h"
#include "kaohe/error.h"

enum {
    KH_PLAN_DRY_RUN = 1,         /* report the changes, write nothing */
    KH_PLAN_ALLOW_NEW = 2,       /* rows without 问题编号 are new problems */
    KH_PLAN_UPDATE_IDENTITY = 4, /* rows may correct a problem's identity */
};

/* One field a row changes: the column's name ("整改措施", "年度"), the
 * stored value and the sheet's ("" when not set). */
typedef struct kh_plan_field {
    const char *name;
    char *was, *now;
} kh_plan_field;

/* One row of the sheet that names a problem, and what it changes. */
typedef struct kh_plan_item {
    long row, line;   /* the data row (from 1) and the physical line */
    long long id;     /* the problem (a new one's number as stored) */
    int is_new;       /* a new problem (KH_PLAN_ALLOW_NEW) */
    char *text;       /* the problem */
    char *region, *source, *category; /* a new problem's */
    int year;
    kh_plan_field *f; /* the fields changed, in the sheet's column order */
    size_t nf, cap;
} kh_plan_item;

/* A warning (not a refusal) on a row: one KH_RW_* and the value. The
 * header's warnings (row 0): KH_RW_COLUMN_ALIAS with the heading as value,
 * the column it was read as in value2, its line and column number (from
 * 1); KH_RW_HEADER_TITLE with the header_title finding's Chinese in value,
 * its English in value2 and the header's line. */
typedef struct kh_plan_warning {
    long row;
    unsigned what;
    char *value;
    char *value2;
    long line;
    int col;
} kh_plan_warning;

typedef struct kh_plan_result {
    int dry_run;
    long added, updated; /* problems added, problems changed */
    kh_plan_item *v;     /* every row naming a problem, in sheet order */
    size_t n, cap;
    kh_plan_warning *w;
    size_t nw, wcap;
    char today[11];      /* the day the warnings were judged against */
} kh_plan_result;

/*
 * Import the plan sheet at path (name: how errors and the audit name it,
 * e.g. the uploaded file's name; NULL for path) as who, with flags.
 * *out gets what changed (or would, for a dry run); free it with
 * kh_plan_result_free also after a failure. Errors carry the file, row
 * and column. KH_ERR_DENIED for a role or scope refusal, KH_ERR_INVALID
 * for a sheet refused, KH_ERR_NOTFOUND for an actor who is not a
 * registered user.
 */
int kh_app_plan_import(kh_store *s, const struct kh_standard *std,
                       const kh_actor *who, const char *path,
                       const char *name, int flags,
                       kh_plan_result *out /* OUT */, kh_error *err) KH_WUR;
void kh_plan_result_free(kh_plan_result *r);

/* The result as JSON (malloc'd; NULL when memory runs out): docs/
 * http-api.md's "plan import". */
char *kh_plan_result_json(const kh_plan_result *r);

#endif
