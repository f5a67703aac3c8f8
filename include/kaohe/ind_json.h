/* SPDX-License-Identifier: MIT */
/*
 * ind_json.h - the indicators of one region as JSON: the one rendering
 * used by `kaohe indicators --format json` and GET /api/indicators
 * (src/app/ind_json.c; docs/indicators.md, docs/http-api.md).
 *
 *   {"code": "530121000000", "name": "永马县", "level": "县",
 *    "parent": "530100000000" | null, "indicators": {
 *     "NAME": {"num": N, "den": D, "value": V | null}, ...}}
 *
 * value is num/den rounded half away from zero to 4 decimals, computed
 * exactly from the integers (null when den is 0); num and den stay the
 * data. The CLI wrote value, the API did not: both now have it.
 */
#ifndef KAOHE_IND_JSON_H
#define KAOHE_IND_JSON_H

#include <stddef.h>

#include "kaohe/buf.h"
#include "kaohe/error.h"

struct kh_indicators;

/* The keys prepared once for ix (a province has millions to write). */
typedef struct kh_ind_json kh_ind_json;

/* For ix, the indicators named in names (comma-separated; NULL: all). */
int kh_ind_json_new(const struct kh_indicators *ix, const char *names,
                    kh_ind_json **out /* OUT */, kh_error *err) KH_WUR;
void kh_ind_json_free(kh_ind_json *j);

/* Append region r's object to b (no separator before it). */
int kh_ind_json_region(const kh_ind_json *j, size_t r, kh_buf *b) KH_WUR;

/* num/den as the value above into buf (at least 48 bytes): "null" when
 * den is 0. */
void kh_ind_value_format(char *buf, long long num, long long den);

#endif
