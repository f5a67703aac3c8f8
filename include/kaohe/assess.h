/* SPDX-License-Identifier: MIT */
/*
 * assess.h - 综合评价: scoring the regions of one level under a scheme
 * (scheme.h), with the regions below scored first under the schemes its
 * roll-ups name; every point with its source value and rule; totals,
 * ranks, grades and the vetoes that applied. The scoring is pure
 * (src/domain/assess.c): indicator values and manual inputs come through
 * callbacks. Stored assessments (versions, inputs and their provenance)
 * are in src/store/assess_store.c. Rules: docs/assess.md.
 */
#ifndef KAOHE_ASSESS_H
#define KAOHE_ASSESS_H

#include <stddef.h>

#include "kaohe/check.h"
#include "kaohe/error.h"
#include "kaohe/scheme.h"

/* One item of one region. */
typedef struct kh_assess_item {
    long long points; /* centi-points */
    int has_value;    /* value holds the source value */
    kh_q value;       /* indicator num/den, input, or roll-up value */
    char *detail;     /* roll-up: the regions below and their totals */
    int reallocated;  /* no value and `empty = reallocate`: its points went
                       * to its siblings (a group: all its items had none).
                       * Set by the run, not stored: detail says it. */
} kh_assess_item;

typedef struct kh_assess_veto {
    char *code;        /* the scheme's veto code */
    char *consequence; /* as the scheme words it */
    char *why;         /* the condition that held, with the value */
    int serious;       /* marked 情节严重 (the veto's `serious` input); the
                        * consequence then includes the serious ones.
                        * Set by the run; a stored one says it in why */
} kh_assess_veto;

typedef struct kh_assess_region {
    char code[13], parent[13];
    char *name;
    const kh_scheme *scheme; /* the scheme it was scored under */
    long long total;         /* centi-points */
    int rank;                /* 1 = first; ties as the scheme says */
    const char *grade;       /* after the vetoes */
    const char *grade_before; /* before the vetoes (same when none) */
    size_t nvetoes;
    kh_assess_veto *vetoes;
    kh_assess_item *items;   /* one per scheme item, in scheme order */
} kh_assess_region;

/* A region of a level scored that does not take part (不参加考核). */
typedef struct kh_assess_skip {
    char code[13];
    char *name;
    char *scheme; /* the name of the scheme it was not scored under */
    char *reason; /* plain Chinese: 无减贫计划…, 未列入 --regions */
} kh_assess_skip;

typedef struct kh_assessment {
    const kh_scheme *scheme; /* the scheme of the level asked for */
    kh_scheme_set *own_set;  /* freed with the assessment when set */
    int year, level, version;
    char run_at[32];
    size_t nregions;         /* every level's regions, sub-schemes first */
    kh_assess_region *regions;
    size_t nskipped;         /* the regions not assessed, with the reason */
    kh_assess_skip *skipped;
} kh_assessment;

/* Where the values come from. */
typedef struct kh_assess_src {
    void *ctx;
    /* Indicator name of region code: 0 with num/den, non-zero when the
     * indicator is unknown. den 0 means "no value". */
    int (*indicator)(void *ctx, const char *code, const char *name,
                     long long *num, long long *den);
    /* Manual input name of region code: 0 with *v, 1 when not given. */
    int (*input)(void *ctx, const char *code, const char *name, kh_q *v);
    /* Who is assessed at the scheme's own level: the regions listed here
     * (codes; `--regions`), or when nonly is 0 those with a 减贫计划
     * (计划减贫人数 > 0 in their subtree; every region when the region
     * list gives no 计划减贫人数 at all). The levels rolled up always
     * follow the 减贫计划. */
    const char *const *only;
    size_t nonly;
    /* Where input name of region code is (or would be): attaches the
     * file, row and column to err (kh_error_at). May be NULL. */
    void (*locate)(void *ctx, const char *code, const char *name,
                   kh_error *err);
    /* Why indicator name of region code has no value, in plain Chinese
     * (上年数据未入库…), into buf: the item without value says it (its
     * detail; the error when `empty = error`). May be NULL. */
    void (*why)(void *ctx, const char *code, const char *name, char *buf,
                size_t n);
} kh_assess_src;

/*
 * Score the regions of the region list at the scheme's level under s
 * that are assessed (kh_assess_src's only; the others are listed in
 * skipped with the reason)
 * (and, first, the regions its roll-ups need under their schemes, found in
 * set). Missing or out-of-range inputs, an indicator without value and a
 * county whose 贫困县 attribute is unknown (when a roll-up filters on it)
 * are errors naming the region and the item. Caller owns the result; free
 * with kh_assessment_free(). The result points into set and s.
 */
int kh_assess_compute(kh_scheme_set *set, const kh_scheme *s,
                      const kh_regionset *rs, const kh_assess_src *src,
                      kh_assessment **out /* OUT */, kh_error *err) KH_WUR;
void kh_assessment_free(kh_assessment *a);

/* Set the items' `reallocated` flag of a loaded assessment from what is
 * stored: a leaf without value under `empty = reallocate`, a group whose
 * items all are. */
void kh_assessment_mark_reallocated(kh_assessment *a);

/* Index of the region with code under scheme s (NULL: any), or -1. */
int kh_assessment_find(const kh_assessment *a, const char *code);

/* Rounding used for every point: num/den to centi-points, half away from
 * zero. */
long long kh_assess_round(__int128 num, __int128 den);

/* Where an input came from: its step and when. */
typedef struct kh_assess_prov {
    const char *code, *name, *value, *step, *date, *file;
} kh_assess_prov;
typedef int (*kh_assess_prov_fn)(void *ctx, const kh_assess_prov *p);

/* Where the provenance of a stored run's inputs comes from: visit those
 * of region code in a (a stored run: scheme, year, level, version) with
 * fn (kh_app_assess_explain_json reads them from the store). */
typedef int (*kh_assess_inputs_fn)(void *src, const struct kh_assessment *a,
                                   const char *code, kh_assess_prov_fn fn,
                                   void *ctx, kh_error *err);

#endif
