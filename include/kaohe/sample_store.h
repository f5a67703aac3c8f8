/* SPDX-License-Identifier: MIT */
/*
 * sample_store.h - 第三方评估 in the database (src/store/sample_store.c):
 * the roster of non-registered rural households (花名册), the sampling
 * frame, stored designs (strata, villages drawn, households drawn) and the
 * survey results with kaohe's classification of each household.
 * Tables: docs/sample.md.
 */
#ifndef KAOHE_SAMPLE_STORE_H
#define KAOHE_SAMPLE_STORE_H

#include "kaohe/error.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"
#include "kaohe/survey.h"

/* The three groups sampled separately in every village. */
enum kh_sample_group {
    KH_G_EXITED = 1, /* 已脱贫 (享受 or 不再享受政策) */
    KH_G_POOR = 2,   /* 未脱贫 and 返贫: to exit or not yet exited */
    KH_G_ROSTER = 3, /* not registered (花名册) */
};

/* ---- roster ---- */

/* Replace the roster of year: begin deletes it (inside a transaction),
 * add inserts one household. */
int kh_roster_begin(kh_store *s, int year, const char *source,
                    kh_error *err) KH_WUR;
int kh_roster_add(kh_store *s, int year, const kh_roster_hh *h,
                  kh_error *err) KH_WUR;
/* After the rows: the roster households that are in the registry of year
 * (same 户编号, or the head's ID number is a registered member) and
 * those whose head's ID number an earlier row has, each given to fn with
 * what = "hh_id", "id_no" or "id_duplicate"; then the totals. */
typedef int (*kh_roster_conflict_fn)(void *ctx, const char *hh_id, long row,
                                     long line, const char *head_id,
                                     const char *what, kh_error *err);
int kh_roster_end(kh_store *s, int year, kh_roster_conflict_fn fn, void *ctx,
                  long long *households, long long *persons,
                  kh_error *err) KH_WUR;

/* ---- the frame ---- */

typedef struct kh_frame_village {
    char code[13];
    const char *name;            /* "" when unknown; valid in the callback */
    long long hh[4], persons[4]; /* indexed by enum kh_sample_group */
} kh_frame_village;
typedef int (*kh_frame_fn)(void *ctx, const kh_frame_village *v, kh_error *err);
/*
 * Every village under region (any level) with registered households of
 * year (清退 left out) or roster households, in code order, with the
 * households and persons of each group. Status labels are grouped by
 * their national codes in std (1, 4 exited; 0, 3 poor).
 */
int kh_sample_frame(kh_store *s, int year, const char *region,
                    const kh_standard *std, kh_frame_fn fn, void *ctx,
                    kh_error *err) KH_WUR;

/* The households of one group in one village, ordered by 户编号. */
typedef int (*kh_frame_hh_fn)(void *ctx, const char *hh_id, long long persons,
                              kh_error *err);
int kh_sample_frame_households(kh_store *s, int year, const char *village,
                               int group, const kh_standard *std,
                               kh_frame_hh_fn fn, void *ctx,
                               kh_error *err) KH_WUR;

/* ---- designs ---- */

typedef struct kh_design {
    long long id;
    int year;
    char region[13];
    double margin, confidence, icc;
    long long villages_per_county, households_per_village; /* 0: computed */
    unsigned long long seed;
    char created_at[32];
    char *report; /* owned by the caller after kh_design_get; free() */
} kh_design;

/* Store a new design's header (d->id is set). Inside a transaction. */
int kh_design_add(kh_store *s, kh_design *d, kh_error *err) KH_WUR;
int kh_design_set_report(kh_store *s, long long id, const char *report,
                         kh_error *err) KH_WUR;
/* One stratum (county) with its frame totals and allocation. */
typedef struct kh_design_stratum {
    char county[13];
    long long villages, drawn;
    long long m[4];              /* households a village, per group */
    long long hh[4], persons[4]; /* frame totals, per group */
} kh_design_stratum;
int kh_design_add_stratum(kh_store *s, long long id,
                          const kh_design_stratum *st, kh_error *err) KH_WUR;
int kh_design_add_village(kh_store *s, long long id, const char *county,
                          const char *village, long long size, double pi,
                          const long long *hh /* [4] */, kh_error *err) KH_WUR;
int kh_design_add_household(kh_store *s, long long id, const char *village,
                            int group, const char *hh_id, long long persons,
                            kh_error *err) KH_WUR;

/* The design id (0: the latest one). KH_ERR_NOTFOUND ("design_missing")
 * when there is none. Caller frees d->report. */
int kh_design_get(kh_store *s, long long id, kh_design *d,
                  kh_error *err) KH_WUR;

/* The designs of year that have at least one survey row, newest first:
 * at most max ids into ids, *n how many. */
int kh_design_surveyed(kh_store *s, int year, long long *ids /* OUT */,
                       size_t max, size_t *n /* OUT */, kh_error *err) KH_WUR;

/* The strata of a design in code order, with the county's name. */
typedef int (*kh_design_stratum_fn)(void *ctx, const kh_design_stratum *st,
                                    const char *name, kh_error *err);
int kh_design_strata(kh_store *s, long long id, kh_design_stratum_fn fn,
                     void *ctx, kh_error *err) KH_WUR;

/* One household drawn, with its village's probability and its survey
 * classification (surveyed 0 when no survey row, or it is unknown). */
typedef struct kh_drawn {
    const char *county, *village, *village_name, *county_name;
    const char *hh_id, *head_name, *head_id;
    int group;
    long long persons;
    double pi;          /* the village's inclusion probability */
    long long N;        /* households of the group in the village */
    long long drawn;    /* households of the group drawn in the village */
    long long surveyed; /* of them, with a usable survey row */
    int has_survey, fails, unknown, approves; /* approves -1 no answer */
    const char *reasons; /* the conditions failed ("exit_income,...") */
} kh_drawn;
typedef int (*kh_drawn_fn)(void *ctx, const kh_drawn *h, kh_error *err);
/* Every drawn household, ordered by county, village, group, 户编号; each
 * village with no household drawn still comes once with hh_id NULL.
 * with_names adds the head's name and ID (for the field lists). */
int kh_design_drawn(kh_store *s, long long id, int with_names, kh_drawn_fn fn,
                    void *ctx, kh_error *err) KH_WUR;

/* The group of a drawn household, 0 when not drawn in the design. */
int kh_design_group_of(kh_store *s, long long id, const char *hh_id, int *group,
                       kh_error *err) KH_WUR;

/* ---- survey ---- */

/* Insert or replace one household's survey of the design. */
int kh_survey_put(kh_store *s, long long design, const kh_survey_row *r,
                  const char *source, kh_error *err) KH_WUR;

#endif
