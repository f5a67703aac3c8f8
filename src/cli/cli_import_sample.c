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

static int on_finding(void *ctx, const kh_finding *f)
{
    return cli_report_finding(ctx, f);
}

int cli_import_sample(const cli_import_opts *o)
{
    const char *what = o->what, *file = o->file, *db = o->db,
               *std_file = o->standards, *format = o->format, *out = o->out,
               *lang = o->lang;
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
    int fmt = cli_parse_format(format);
    if (fmt < 0) return CLI_FAIL;
    kh_error err;
    kh_error_clear(&err);
    kh_standard *std = cli_standard(std_file);
    if (!std) return CLI_FAIL;
    kh_store *store = NULL;
    cli_report *rep = NULL;
    kh_sample_import res;
    memset(&res, 0, sizeof res);
    kh_actor who;
    int status = CLI_FAIL;
    {
        kh_table *t;
        if (kh_table_open(file, &t, &err) == KH_OK) {
            kh_table_free(t);
        } else if (err.status == KH_ERR_IO) {
            cli_report_error(&err);
            goto done;
        }
        kh_error_clear(&err);
    }
    if (kh_store_open(db, KH_STORE_OPEN, &store, &err) ||
        cli_actor(store, std, &who, &err) ||
        cli_report_open(fmt, out, lang, &rep, &err)) {
        cli_report_error(&err);
        goto done;
    }
    int rc = roster ? kh_app_roster_import(store, std, &who, file, year,
                                           on_finding, rep, &res, &err)
                    : kh_app_survey_import(store, std, &who, file, design,
                                           on_finding, rep, &res, &err);
    if (!rc && !res.errors && roster)
        fprintf(stderr,
                "kaohe: %d 年花名册已导入 %lld 户 %lld 人\n"
                "kaohe: imported a roster of %lld households, %lld persons "
                "for %d\n",
                year, res.hh, res.persons, res.hh, res.persons, year);
    else if (!rc && !res.errors)
        fprintf(
            stderr,
            "kaohe: 抽样方案 %lld 已导入调查 %lld 户:错退 %lld 户,漏评 %lld "
            "户,无法判定 %lld 户\n"
            "kaohe: design %lld: %lld surveyed households imported; %lld "
            "wrongly exited, %lld missed, %lld not judged\n",
            res.design, (long long)res.households, res.fails_exited,
            res.fails_roster, res.unknown, res.design,
            (long long)res.households, res.fails_exited, res.fails_roster,
            res.unknown);
    if (!rc && res.warnings.data) fputs(res.warnings.data, stderr);
    cli_report_file(rep, file, what, "", res.rows, res.households);
    cli_report *r = rep;
    rep = NULL;
    kh_error e2;
    if (cli_report_close(r, &e2)) cli_report_error(&e2);
    if (rc) {
        status = cli_report_error(&err);
        if (err.status == KH_ERR_DENIED) status = CLI_FINDINGS;
    } else if (res.errors) {
        fprintf(stderr,
                "kaohe: 发现 %ld 个错误,未导入,数据库未改动\n"
                "kaohe: %ld errors found; nothing was imported, the database "
                "is unchanged\n",
                res.errors, res.errors);
        status = CLI_FINDINGS;
    } else {
        status = CLI_OK;
    }
done:
    cli_report_abort(rep);
    kh_buf_free(&res.warnings);
    kh_store_close(store);
    kh_standard_free(std);
    return status;
}
