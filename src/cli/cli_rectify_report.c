/* SPDX-License-Identifier: MIT */
/*
 * cli_rectify_report.c - `kaohe rectify report`: the 整改报告 generated
 * from the record, written by the library (src/io/rect_report.c, shared
 * with GET /api/reports/rectify) through the same use case.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_rectify.h"
#include "kaohe/app_documents.h"
#include "kaohe/date.h"
#include "kaohe/doc.h"
#include "kaohe/rect_report.h"
#include "kaohe/standard.h"

int cli_rectify_report(const char *db, const char *stdpath,
                       const char *region, int year, const char *outpath,
                       int unmask)
{
    int format = kh_doc_format_of(outpath);
    if (!outpath || !format)
        return cli_usage("report 需要 -o FILE.pdf、FILE.docx 或 FILE.xlsx",
                         "report needs -o FILE.pdf, FILE.docx or FILE.xlsx");
    kh_error err;
    kh_error_clear(&err);
    kh_standard *std = cli_standard(stdpath);
    if (!std) return CLI_FAIL;
    int t[3];
    char today[11];
    cli_today(t);
    kh_date_format(today, t[0], t[1], t[2]);
    int pdf = format != KH_DOC_XLSX;
    /* who and when: the PDF's footer says the local time, the XLSX's last
     * sheet the UTC timestamp */
    char user[128], when[32];
    cli_maker(user, when);
    if (!pdf) cli_timestamp(when);
    kh_store *s = NULL;
    kh_problem_filter f = {.region = region, .year = year};
    kh_actor who;
    /* who may have it, masked or not, audited: the use case */
    int rc = cli_open_as(db, std, &s, &who, &err);
    if (!rc)
        rc = kh_app_rect_download(s, std, &who, 0, &f, unmask, format,
                                  outpath, today, user, when, 0, NULL, &err);
    kh_store_close(s);
    kh_standard_free(std);
    if (rc) return cli_download_error(&err);
    fprintf(stderr, "kaohe: 整改报告写入 %s / report written to %s\n", outpath,
            outpath);
    return CLI_OK;
}
