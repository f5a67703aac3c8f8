/* SPDX-License-Identifier: MIT */
/*
 * gen_roster.h - the generator's additions for 第三方评估 (`kaohe gen
 * --roster`): a roster (花名册) of the non-registered rural households of
 * every village, and the hidden truth the evaluators are to find: which
 * exited households truly fail the exit standard (错退), which
 * non-registered households are truly poor (漏评), and who approves. The
 * rates are chosen; they vary between villages (so that sampling villages
 * has a design effect) around the chosen value. Pure, like gen.h: rows go
 * to callbacks, and the same options give the same rows.
 */
#ifndef KAOHE_GEN_ROSTER_H
#define KAOHE_GEN_ROSTER_H

#include "kaohe/gen.h"

typedef struct kh_gen_truth_opts {
    double wrong_exit_rate; /* share of exited households that fail */
    double missed_rate;     /* share of roster households that are poor */
    double approval_rate;   /* share of households that approve */
    double roster_share;    /* share of the non-registered population
                               written to the roster (1 = all of it) */
    uint64_t seed;          /* the generator's seed (gen options) */
} kh_gen_truth_opts;

/* Defaults: 3%, 1%, 95%, 1, seed 1. */
void kh_gen_truth_opts_init(kh_gen_truth_opts *o);

/* The truth file's columns. */
#define KH_TRUTH_COLS 5
extern const char *const kh_truth_cols[KH_TRUTH_COLS];

/*
 * Emit the roster (KH_RO_COUNT cells a row, survey.h's column order) and
 * the truth (kh_truth_cols: 户编号, 类别 exited|poor|removed|roster,
 * 家庭人口, 不合标准 1|0, 认可 1|0): first the truth of every registered
 * household (in registry order), then, village by village, each roster
 * household and its truth. A village's non-registered population is its
 * 农业户籍人口 less its registered persons.
 */
int kh_gen_roster(kh_gen *g, const kh_gen_truth_opts *o, kh_gen_row_fn roster,
                  kh_gen_row_fn truth, void *ctx, kh_error *err) KH_WUR;

#endif
