/* SPDX-License-Identifier: MIT */
/*
 * cli_sample.h - private to `kaohe sample`: what cli_sample.c (the
 * commands) and cli_sample_pdf.c (the printed field lists) share.
 */
#ifndef KAOHE_CLI_SAMPLE_H
#define KAOHE_CLI_SAMPLE_H

#include <stddef.h>
#include <stdio.h>

#include "kaohe/error.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

/* One household drawn, as the field list shows it (strings owned). */
typedef struct cli_list_hh {
    char *hh_id, *head_name, *head_id;
    int group; /* enum kh_sample_group */
    long long persons;
} cli_list_hh;

/* One village drawn and its households in group, 户编号 order. */
typedef struct cli_list_village {
    long long design;
    int year;
    char code[13];
    char *name, *county_name; /* "" when unknown */
    cli_list_hh *hh;
    size_t n, cap;
} cli_list_village;

/*
 * Write the printed field list of village v to path (PDF, landscape A4):
 * the village, a table per group with the households drawn (ID numbers
 * masked as on the 明白卡) and the survey's columns left blank, the
 * evaluator's and date lines. made_by and made_at go to the footer.
 * Nothing is left at path on failure. *pages receives the page count.
 */
int cli_sample_list_pdf(const char *path, const cli_list_village *v,
                        const char *made_by, const char *made_at, int *pages,
                        kh_error *err);

#endif
