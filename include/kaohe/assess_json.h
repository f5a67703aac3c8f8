/* SPDX-License-Identifier: MIT */
/*
 * assess_json.h - a stored assessment as JSON: the ranking (what `kaohe
 * assess show --format json` prints) and one region's explanation (what
 * `kaohe assess explain --format json` prints), shared by the command line
 * and the HTTP API (src/domain/assess_json.c).
 */
#ifndef KAOHE_ASSESS_JSON_H
#define KAOHE_ASSESS_JSON_H

#include <stddef.h>

#include "kaohe/assess.h"
#include "kaohe/buf.h"
#include "kaohe/error.h"

/* The regions of the run's own level (a->scheme), in rank order (stable),
 * into ord (room for a->nregions); only: that code only (NULL: all).
 * Returns how many. */
size_t kh_assess_ranked(const kh_assessment *a, size_t *ord, const char *only);

/* Keep a region in the ranking (1) or leave it out (0). */
typedef int (*kh_assess_keep_fn)(void *ctx, const char *code);

/*
 * Append the ranking of a to b: {"scheme", "year", "level", "version",
 * "regions": [{"code", "name", "total", "rank", "grade", "vetoes",
 * "items"}]}, in rank order; only and keep (either NULL) narrow the
 * regions. KH_OK or KH_ERR_NOMEM.
 */
int kh_assess_show_json(const kh_assessment *a, const char *only,
                        kh_assess_keep_fn keep, void *ctx,
                        kh_buf *b) KH_WUR;

/*
 * Append the explanation of region r of a (an index into a->regions) to
 * b: its total, rank, grade before and after the vetoes, each veto with
 * its condition, every item with points, max, source, value (num/den for
 * indicators), rule and the regions below, and the inputs with their
 * provenance (visited by inputs: a must be a stored run;
 * kh_app_assess_explain_json reads them from the store).
 */
int kh_assess_explain_json(const kh_assessment *a, size_t r,
                           kh_assess_inputs_fn inputs, void *src, kh_buf *b,
                           kh_error *err) KH_WUR;

#endif
