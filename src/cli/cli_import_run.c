/* SPDX-License-Identifier: MIT */
/*
 * cli_import_run.c - the one runner of the imports that go through a use
 * case with a findings report (`kaohe import dept`, projects, allocations,
 * payments, roster, survey): the store opened, the acting user
 * (cli_actor), the report opened; the use case run with its findings
 * written to the report; a file that could not be read at all counted as
 * one error of the report, so that its totals are true; the report's
 * summary; the exit code (0 imported, 1 findings or a refusal, 2 usage
 * or I/O).
 */
#include <string.h>

#include "cli/cli.h"
#include "kaohe/app.h"
#include "kaohe/check.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

int cli_import_finding(void *rep, const kh_finding *f)
{
    return cli_report_finding(rep, f);
}

/* A failure of the file itself (unreadable, corrupt, not text, a
 * heading missing, too large), as opposed to a refusal of the user or a
 * failure of the database. */
static int file_failure(const kh_error *err)
{
    return err->code[0] &&
           (err->status == KH_ERR_IO || err->status == KH_ERR_FORMAT ||
            err->status == KH_ERR_INVALID || err->status == KH_ERR_LIMIT);
}

int cli_import_run(const cli_import_job *job)
{
    const cli_import_opts *o = job->o;
    int fmt = cli_parse_format(o->format);
    if (fmt < 0) return CLI_FAIL;
    kh_error err;
    kh_error_clear(&err);
    kh_standard *std = cli_standard(o->standards);
    if (!std) return CLI_FAIL;
    kh_store *s = NULL;
    cli_report *rep = NULL;
    kh_actor who;
    cli_import_counts c;
    memset(&c, 0, sizeof c);
    int status = CLI_FAIL;
    int rc = cli_open_as(o->db, std, &s, &who, &err);
    if (!rc) rc = cli_report_open(fmt, o->out, o->lang, &rep, &err);
    if (rc) {
        status = cli_report_error(&err);
        goto done;
    }
    rc = job->run(job->ctx, s, std, &who, rep, &c, &err);
    if (rc && !c.errors && file_failure(&err)) {
        /* the file could not be read at all: one error of the report */
        kh_finding f;
        memset(&f, 0, sizeof f);
        f.file = o->file;
        f.row = err.row;
        f.line = err.line;
        f.column = err.column;
        f.hh_id = f.id_no = "";
        f.code = err.code;
        f.zh = err.zh;
        f.en = err.en;
        if (cli_report_finding(rep, &f)) rc = KH_ERR_NOMEM;
    }
    cli_report_file(rep, o->file, job->kind, "", c.rows, c.households);
    {
        cli_report *r = rep;
        rep = NULL;
        kh_error e2;
        if (cli_report_close(r, &e2)) cli_report_error(&e2);
    }
    if (rc) {
        status = cli_report_error(&err);
        if (err.status == KH_ERR_DENIED) status = CLI_FINDINGS;
        goto done;
    }
    status = job->done ? job->done(job->ctx, &c) : CLI_OK;
done:
    cli_report_abort(rep);
    kh_store_close(s);
    kh_standard_free(std);
    return status;
}
