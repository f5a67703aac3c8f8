/* SPDX-License-Identifier: MIT */
/*
 * cli_funds.c - 扶贫项目库 and 扶贫资金 (docs/funds.md): `kaohe import
 * projects|allocations|payments FILE` loads a county's files, and `kaohe
 * funds check --year Y` applies the spec's rules to what is stored. Both
 * are use cases of src/app/funds.c acting as $KAOHE_USER; this file
 * parses the options and shows the findings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "kaohe/app.h"
#include "kaohe/app_funds.h"
#include "kaohe/buf.h"
#include "kaohe/fmt.h"
#include "kaohe/org.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

typedef struct funds_import {
    const char *what;
    kh_funds_import_opts o;
    kh_funds_import_result res;
} funds_import;

static int funds_run(void *ctx, kh_store *s, const kh_standard *std,
                     const kh_actor *who, cli_report *rep,
                     cli_import_counts *c, kh_error *err)
{
    funds_import *d = ctx;
    d->o.finding = cli_import_finding;
    d->o.finding_ctx = rep;
    int rc = kh_app_funds_import(s, std, who, &d->o, &d->res, err);
    c->rows = (long)d->res.rows;
    c->errors = d->res.errors;
    return rc;
}

static int funds_done(void *ctx, const cli_import_counts *c)
{
    (void)c;
    const funds_import *d = ctx;
    fprintf(stderr, "kaohe: 已导入%s:%lld 行 / imported %lld rows of %s\n",
            kh_funds_kind_zh(d->o.kind), d->res.stored, d->res.stored, d->what);
    return CLI_OK;
}

int cli_import_funds(const cli_import_opts *io)
{
    int kind = kh_funds_kind_parse(io->what);
    if (!io->file)
        return cli_usage("用法:kaohe import projects|allocations|payments FILE",
                         "usage: kaohe import projects|allocations|payments FILE");
    funds_import d;
    memset(&d, 0, sizeof d);
    d.what = io->what;
    kh_funds_import_opts o = {kind, io->file, NULL, io->region, NULL, NULL};
    d.o = o;
    cli_import_job job = {io, kh_funds_kind_zh(kind), funds_run, funds_done,
                          &d};
    return cli_import_run(&job);
}

/* ---- funds check ---- */

static const char help_funds[] =
    "kaohe funds check --year YYYY [--region CODE] [--db FILE] [--standards FILE]\n"
    "  [--format text|json] [-o FILE]\n"
    "kaohe funds notice PROJECT -o FILE.pdf|docx     项目公告公示 / a project's notice\n"
    "kaohe funds table --year YYYY [--region CODE] -o FILE.xlsx|pdf|docx\n"
    "  资金使用情况表 / the use of funds per county and fund\n"
    "kaohe funds export [--region CODE] -o FILE.xlsx|csv   项目库 / the project library\n"
    "  按资金项目规则检查已导入的项目库、资金下达与拨付支出(docs/funds.md):\n"
    "  资金滞留、结转结余、项目库以外或超计划拨付、公告公示、项目进度、精准使用。\n"
    "  Checks the stored project library, allocations and payments against\n"
    "  the rules of docs/funds.md, as of the year's 31 December.\n"
    "  操作人 / acting user: $KAOHE_USER\n"
    "  Exit: 0 no findings, 1 findings, 2 usage or I/O failure.\n";

typedef struct funds_opts {
    const char *db, *standards, *format, *out, *region;
    int year;
} funds_opts;

#define O(f) offsetof(funds_opts, f)
static const cli_option funds_table[] = {
    CLI_OPT_YEAR_LINE(O(year), "check table"),
    CLI_OPT_DB(O(db), NULL),
    CLI_OPT_STANDARDS(O(standards), NULL),
    {"--region", "CODE", CLI_STR, O(region), "check table export", NULL,
     "只查该区划及其下级 / this region and those under it only"},
    CLI_OPT_FORMAT(O(format), "check", "text|json"),
    CLI_OPT_OUT(O(out), NULL),
    CLI_END};
#undef O

static const cli_spec funds_spec = {"funds", help_funds, funds_table,
                                    "check notice table export", 2};

/* notice, table, export: a document written by a use case. */
static int funds_doc(const char *sub, const funds_opts *fo, const char *project)
{
    if (!fo->out) return cli_usage("需要 -o FILE", "-o FILE is required");
    if (!strcmp(sub, "notice") && !project)
        return cli_usage("用法:kaohe funds notice PROJECT -o FILE.pdf",
                         "usage: kaohe funds notice PROJECT -o FILE.pdf");
    if (!strcmp(sub, "table") && !fo->year)
        return cli_usage("需要 --year YYYY", "--year YYYY is required");
    kh_error err;
    kh_error_clear(&err);
    kh_standard *std = cli_standard(fo->standards);
    if (!std) return CLI_FAIL;
    kh_store *s = NULL;
    char now[32];
    cli_timestamp(now);
    kh_actor who;
    int rc = kh_store_open(fo->db, KH_STORE_OPEN, &s, &err);
    if (!rc) rc = cli_actor(s, std, &who, &err);
    if (!rc && !strcmp(sub, "notice"))
        rc = kh_app_funds_notice(s, std, &who, project, fo->out, &err);
    else if (!rc && !strcmp(sub, "table"))
        rc = kh_app_funds_table(s, std, &who, fo->year, fo->region, fo->out, &err);
    else if (!rc)
        rc = kh_app_funds_export(s, std, &who, fo->region, fo->out, &err);
    int status = rc ? cli_report_error(&err) : CLI_OK;
    if (!rc) fprintf(stderr, "kaohe: 已写出 %s / wrote %s\n", fo->out, fo->out);
    kh_store_close(s);
    kh_standard_free(std);
    return status;
}

typedef struct out_ctx {
    kh_store *s;
    FILE *fp;
    int json;
    long n;
    char county[13];
    kh_buf b;
} out_ctx;

static int on_fund(void *vctx, const kh_funds_finding *f)
{
    out_ctx *c = vctx;
    const char *label = kh_funds_code_zh(f->code);
    char name[128] = "";
    kh_error e;
    if (kh_store_region_name(c->s, f->county, name, sizeof name, NULL, 0, &e))
        snprintf(name, sizeof name, "%s", f->county);
    if (c->json) {
        kh_buf_reset(&c->b);
        int rc = kh_buf_adds(&c->b, c->n ? ",\n  {\"code\": " : "\n  {\"code\": ");
        if (!rc) rc = kh_buf_json_str(&c->b, f->code, strlen(f->code));
        if (!rc) rc = kh_buf_adds(&c->b, ", \"label\": ");
        if (!rc) rc = kh_buf_json_str(&c->b, label, strlen(label));
        if (!rc) rc = kh_buf_adds(&c->b, ", \"county\": ");
        if (!rc) rc = kh_buf_json_str(&c->b, f->county, strlen(f->county));
        if (!rc) rc = kh_buf_adds(&c->b, ", \"county_name\": ");
        if (!rc) rc = kh_buf_json_str(&c->b, name, strlen(name));
        if (!rc) rc = kh_buf_adds(&c->b, ", \"object\": ");
        if (!rc) rc = kh_buf_json_str(&c->b, f->object, strlen(f->object));
        if (!rc) rc = kh_buf_printf(&c->b, ", \"amount_fen\": %lld, \"message_zh\": ", f->amount);
        if (!rc) rc = kh_buf_json_str(&c->b, f->zh, strlen(f->zh));
        if (!rc) rc = kh_buf_adds(&c->b, ", \"message_en\": ");
        if (!rc) rc = kh_buf_json_str(&c->b, f->en, strlen(f->en));
        if (!rc) rc = kh_buf_adds(&c->b, "}");
        if (rc) return KH_ERR_NOMEM;
        fwrite(c->b.data, 1, c->b.len, c->fp);
    } else {
        if (strcmp(c->county, f->county)) {
            snprintf(c->county, sizeof c->county, "%s", f->county);
            fprintf(c->fp, "%s%s(%s)\n", c->n ? "\n" : "", name, f->county);
        }
        fprintf(c->fp, "  【%s】%s\n", label, f->zh);
    }
    c->n++;
    return KH_OK;
}

int cli_funds(int argc, char **argv)
{
    funds_opts fo = {.db = "kaohe.db", .format = "text"};
    const char *sub = cli_opts_first_word(&funds_spec, argc, argv, 1);
    if (!sub) {
        for (int i = 1; i < argc; i++)
            if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
                cli_opts_help(&funds_spec, NULL);
                return CLI_OK;
            }
        return cli_usage("用法:kaohe funds check --year YYYY",
                         "usage: kaohe funds check --year YYYY");
    }
    int npos = 0;
    int prc = cli_opts_parse(&funds_spec, sub, argc, argv, 1, &fo, &npos);
    if (prc != CLI_GO) return prc;
    if (strcmp(sub, "check"))
        return funds_doc(sub, &fo, npos > 1 ? argv[2] : NULL);
    if (!fo.year) return cli_usage("需要 --year YYYY", "--year YYYY is required");
    kh_error err;
    kh_error_clear(&err);
    kh_standard *std = cli_standard(fo.standards);
    if (!std) return CLI_FAIL;
    kh_store *s = NULL;
    char now[32];
    cli_timestamp(now);
    kh_actor who;
    out_ctx oc = {0};
    oc.b = (kh_buf)KH_BUF_INIT;
    oc.json = !strcmp(fo.format, "json");
    int status = CLI_FAIL;
    int rc = kh_store_open(fo.db, KH_STORE_OPEN, &s, &err);
    if (!rc) rc = cli_actor(s, std, &who, &err);
    oc.s = s;
    oc.fp = stdout;
    if (!rc && fo.out && !(oc.fp = fopen(fo.out, "w")))
        rc = kh_error_set(&err, KH_ERR_IO, "io", "无法写入 %s", "cannot write %s", fo.out);
    if (!rc && oc.json) fputs("{\"findings\": [", oc.fp);
    if (!rc) rc = kh_app_funds_check(s, std, &who, fo.year, fo.region, on_fund, &oc, &err);
    if (rc) {
        status = cli_report_error(&err);
        if (err.status == KH_ERR_DENIED) status = CLI_FINDINGS;
    } else {
        if (oc.json)
            fprintf(oc.fp, "%s],\n\"summary\": {\"year\": %d, \"findings\": %ld}}\n",
                    oc.n ? "\n" : "", fo.year, oc.n);
        else if (oc.n)
            fprintf(oc.fp, "\n共 %ld 个问题。\n", oc.n);
        else
            fprintf(oc.fp, "%d 年资金项目检查未发现问题。\n", fo.year);
        status = oc.n ? CLI_FINDINGS : CLI_OK;
    }
    if (oc.fp && oc.fp != stdout && fclose(oc.fp) && !rc) {
        fprintf(stderr, "kaohe: 无法写入 %s / cannot write %s\n", fo.out, fo.out);
        status = CLI_FAIL;
    }
    kh_buf_free(&oc.b);
    kh_store_close(s);
    kh_standard_free(std);
    return status;
}
