/* SPDX-License-Identifier: MIT */
/*
 * cli_rectify.h - private to `kaohe rectify`: what cli_rectify.c (the
 * commands) and cli_rectify_io.c (sheets in and out) share.
 */
#ifndef KAOHE_CLI_RECTIFY_H
#define KAOHE_CLI_RECTIFY_H

#include <stddef.h>

#include "kaohe/error.h"
#include "kaohe/indicators.h"
#include "kaohe/indicators_store.h"
#include "kaohe/rectify.h"
#include "kaohe/rectify_store.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

#define MAXLIST 32

/* A write: the store, the standard, the acting user's name (who may do
 * what is the use cases'), the time, one open transaction. */
typedef struct cli_rect_w {
    kh_store *s;
    kh_standard *std;
    const char *who;
    char now[32];
    char today[11];
    kh_error err;
} cli_rect_w;

/* Open: prints the error and returns CLI_FAIL on failure. */
int cli_rect_open(const char *db, const char *stdpath, cli_rect_w *w);
/* Commit when rc is 0, else roll back; report the error; close. */
int cli_rect_close(cli_rect_w *w, int rc);

/* The label of [enum.list] that v is, or NULL. */
const char *cli_rect_label(const kh_standard *std, const char *list,
                           const char *v);
/* Print the warnings of kh_rect_warnings (KH_RW_*) on stderr. */
void cli_rect_warn(unsigned warnings, const char *found_on,
                   const char *deadline, const char *today);
/* 1 when s is a valid YYYY-MM-DD date. */
int cli_rect_date_ok(const char *s);
/* Split a 责任单位 cell ("县扶贫办、县教育局") into at most MAXLIST units
 * (copied into buf); the count, or -1 when too many. */
int cli_rect_units(const char *v, char *buf, size_t bufsz,
                   const char **units);
/* KH_OK when code is in the region list, else the error. */
int cli_rect_region_known(kh_store *s, const char *code, kh_error *err);
/* An invalid value error ("WHAT 'v' is invalid"). */
int cli_rect_bad(kh_error *err, const char *what_zh, const char *what_en,
                 const char *v);

/* The value num/den as a percentage with one decimal ("-" when den is 0). */
void cli_rect_fmt_rate(char *out, size_t n, long long num, long long den);

/* `rectify recheck`: the options it reads. */
typedef struct cli_recheck_opts {
    const char *db, *stdpath, *region, *format, *assessment;
    int year;
    int level;   /* --level parsed (assessment), 0 when absent or bad */
    int version; /* --version, 0 for the latest */
} cli_recheck_opts;
int cli_rectify_recheck(const cli_recheck_opts *o);

/* `rectify import FILE` flags. */
enum {
    CLI_RECT_DRY_RUN = 1,         /* print the changes, write nothing */
    CLI_RECT_ALLOW_NEW = 2,       /* rows without 问题编号 are new problems */
    CLI_RECT_UPDATE_IDENTITY = 4, /* rows may correct 问题/区划/类别/年度 */
};
/* `rectify import FILE`, `rectify ledger -o FILE.xlsx` (the use case
 * kh_app_ledger_download: who may, masked unless unmask, audited). */
int cli_rectify_import(const char *db, const char *file, const char *stdpath,
                       int flags);
int cli_rectify_ledger(const char *db, const char *stdpath,
                       const char *region, const char *out, int unmask);
/* `rectify report -o FILE.xlsx`: the 整改报告 generated from the record. */
int cli_rectify_report(const char *db, const char *stdpath,
                       const char *region, int year, const char *out,
                       int unmask);

#endif
