/* SPDX-License-Identifier: MIT */
/* store_int.h - private to src/store: the store handle's layout. */
#ifndef KAOHE_STORE_INT_H
#define KAOHE_STORE_INT_H

#include <sqlite3.h>

#include "kaohe/store.h"

struct kh_store {
    sqlite3 *db;
    char *path;
    sqlite3_stmt *ins_hh, *ins_mem, *ins_find;
    int in_tx;
    int bulk; /* in a bulk transaction: restore WAL and foreign keys */
    const void *enum_std; /* the standard enum_ids were looked up in */
    int enum_ids[16];
    /* sample_store.c's prepared statements */
    sqlite3_stmt *ins_roster, *ins_drawn, *find_drawn, *ins_survey;
};

#endif
