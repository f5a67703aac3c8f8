/* SPDX-License-Identifier: MIT */
/*
 * cli_import_sample.c - `kaohe import roster FILE --year YYYY` (the 花名册
 * of non-registered rural households) and `kaohe import survey FILE
 * [--design ID]` (the evaluators' observations): the options and the
 * report of the use cases kh_app_roster_import and kh_app_survey_import
 * (src/app/sample_import.c). Both all or nothing: any error and the
 * database is left as it was. Formats: docs/formats.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "kaohe/app_sample.h"
#include "kaohe/buf.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"
#include "kaohe/table.h"

typedef struct sample_import {
    int roster, year;
    long long design;
    const char *file;
    kh_sample_import res;
} sample_import;

static int sample_run(void *ctx, kh_store *s, const kh_standard *std,
                      const kh_actor *who, cli_report *rep,
                      cli_import_counts *c, kh_error *err)
{
    sample_import *d = ctx;
    int rc = d->roster ? kh_app_roster_import(s, std, who, d->file, d->year,
                                              cli_import_finding, rep,
                                              &d->res, err)
                       : kh_app_survey_import(s, std, who, d->file, d->design,
                                              cli_import_finding, rep,
                                              &d->res, err);
    if (!rc && !d->res.errors && d->roster)
        fprintf(stderr,
                "kaohe: %d 年花名册已导入 %lld 户 %lld 人\n"
                "kaohe: imported a roster of %lld households, %lld persons "
                "for %d\n",
                d->year, d->res.hh, d->res.persons, d->res.hh,
                d->res.persons, d->year);
    else if (!rc && !d->res.errors)
        fprintf(
            stderr,
            "kaohe: 抽样方案 %lld 已导入调查 %lld 户:错退 %lld 户,漏评 %lld "
            "户,无法判定 %lld 户\n"
            "kaohe: design %lld: %lld surveyed households imported; %lld "
            "wrongly exited, %lld missed, %lld not judged\n",
            d->res.design, (long long)d->res.households, d->res.fails_exited,
            d->res.fails_roster, d->res.unknown, d->res.design,
            (long long)d->res.households, d->res.fails_exited,
            d->res.fails_roster, d->res.unknown);
    if (!rc && d->res.warnings.data) fputs(d->res.warnings.data, stderr);
    c->rows = (long)d->res.rows;
    c->households = (long)d->res.households;
    c->errors = d->res.errors;
    return rc;
}

static int sample_done(void *ctx, const cli_import_counts *c)
{
    (void)ctx;
    if (!c->errors) return CLI_OK;
    fprintf(stderr,
            "kaohe: 发现 %ld 个错误,未导入,数据库未改动\n"
            "kaohe: %ld errors found; nothing was imported, the database "
            "is unchanged\n",
            c->errors, c->errors);
    return CLI_FINDINGS;
}

int cli_import_sample(const cli_import_opts *o)
{
    const char *what = o->what, *file = o->file;
    int roster = !strcmp(what, "roster");
    if (!file)
        return cli_usage("缺少文件名(kaohe import --help)",
                         "a file name is needed (kaohe import --help)");
    int year = o->year;
    long long design = 0;
    if (roster) {
        if (!year)
            return cli_usage("导入花名册需要 --year YYYY",
                             "importing a roster needs --year YYYY");
    } else if (o->design >= 0) {
        design = o->design;
        if (design < 1)
            return cli_usage("--design 从 1 开始编号", "design ids start at 1");
    }
    if (cli_parse_format(o->format) < 0) return CLI_FAIL;
    {
        /* a file that cannot be opened: said before anything else */
        kh_error err;
        kh_error_clear(&err);
        kh_table *t;
        if (kh_table_open(file, &t, &err) == KH_OK) {
            kh_table_free(t);
        } else if (err.status == KH_ERR_IO) {
            return cli_report_error(&err);
        }
    }
    sample_import d;
    memset(&d, 0, sizeof d);
    d.roster = roster;
    d.year = year;
    d.design = design;
    d.file = file;
    cli_import_job job = {o, what, sample_run, sample_done, &d};
    int status = cli_import_run(&job);
    kh_buf_free(&d.res.warnings);
    return status;
}
