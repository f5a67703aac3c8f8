/* SPDX-License-Identifier: MIT */
/*
 * org.h - the issuing details of a region's documents, kept as data in the
 * database (`kaohe org set`, src/store/org_store.c): the 发文机关 that
 * signs them, the 文号 pattern, the 联系人 line and the 落款日期. Every
 * document kaohe writes ends with its 落款 and date from here, and has a
 * 文号 where its genre has one (通报, 整改方案). Also the headline figures
 * of a region a report opens with (户数, 人数, 贫困发生率).
 */
#ifndef KAOHE_ORG_H
#define KAOHE_ORG_H

#include "kaohe/documents.h"
#include "kaohe/error.h"

typedef struct kh_store kh_store;

/*
 * The issuing details for region: its own, else the nearest region above
 * it that has them (walking the region list's parents); *found 0 and an
 * empty o (region set) when none has. A database without the table (an
 * older one opened read-only) has none.
 */
int kh_store_org_get(kh_store *s, const char *region, kh_org *o /* OUT */,
                     int *found /* OUT */, kh_error *err) KH_WUR;

/* Store o (replacing the region's row). Fields of o that are NULL-empty
 * are stored empty. Inside or outside a transaction. */
int kh_store_org_set(kh_store *s, const kh_org *o, kh_error *err) KH_WUR;

/* The basics of region (12 digits; NULL or "": the whole database) in
 * year; KH_ERR_NOTFOUND when the year is not stored. */
int kh_store_region_basics(kh_store *s, int year, const char *region,
                           kh_region_basics *out /* OUT */,
                           kh_error *err) KH_WUR;

/* The name and parent code of a region of the region list;
 * KH_ERR_NOTFOUND when it is not there. */
int kh_store_region_name(kh_store *s, const char *code, char *name,
                         size_t n, char *parent, size_t pn,
                         kh_error *err) KH_WUR;

#endif
