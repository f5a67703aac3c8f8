/* SPDX-License-Identifier: MIT */
/*
 * ind_tally.h - the indicators' per-village tallies that `kaohe review`
 * stores with its results (src/store/indicators_store.c), so that `kaohe
 * indicators` need not read the year's households and members again.
 *
 * The review's readers, which have every household and its members in
 * hand, sum them as kh_indicators_accumulate does (with the review bits
 * just computed), one row per run of consecutive households of one
 * village within a chunk of the year; the review's writer stores each row
 * as one blob (table ind_tally; a village has one row or a few, and
 * helper_overload, decided after the pass, adds a row of its own), all in
 * the review's transaction, with a digest of the standards and indicator
 * set and the fingerprint of the data they were computed from (snapshot,
 * region list, review run; table ind_tally_run). The review needs no
 * region list for this, and its memory no per-region sums. kh_store_indicators
 * adds the rows to their villages (the households of a code that is not a
 * village of the list to the unplaced ones) when digest and fingerprint
 * match, and scans the year otherwise. A new import of the year or of the
 * region list deletes them; a new review replaces them.
 *
 * The medians need every income: the readers also keep, for each run of
 * consecutive households of one village within a chunk, the incomes the
 * medians count, sorted (table ind_income: the count, the first, then the
 * differences, as zigzag varints; about 2.3 bytes an income on generated
 * data). kh_store_indicators merges the runs in ascending order through a
 * heap and feeds them to kh_indicators_median_add_at: the same exact
 * medians as SQLite's sort of the year's incomes.
 */
#ifndef KAOHE_IND_TALLY_H
#define KAOHE_IND_TALLY_H

#include "kaohe/error.h"
#include "kaohe/indicators.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

/*
 * Record that the year's ind_tally and ind_income rows, just written by
 * the review, are for std and ix's indicator set (ix set up for std and
 * year with the review's indicators), with the fingerprint of the data.
 * Call inside the write transaction that stored the review (its run row
 * is part of the fingerprint).
 */
int kh_store_ind_tally_save(kh_store *s, int year, const kh_standard *std,
                            const kh_indicators *ix, kh_error *err) KH_WUR;

#endif
