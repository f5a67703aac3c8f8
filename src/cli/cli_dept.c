/* SPDX-License-Identifier: MIT */
/*
 * cli_dept.c - 部门数据比对 (docs/dept.md): `kaohe import dept KIND FILE
 * --region CODE --as-of DATE` loads a department's list, and `kaohe
 * compare --year Y` compares the year's registry with the lists loaded.
 * Both are use cases of src/app/dept.c acting as $KAOHE_USER; this file
 * parses the options and shows the findings and counts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "kaohe/app.h"
#include "kaohe/app_dept.h"
#include "kaohe/dept.h"
#include "kaohe/fmt.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

static const char help_compare[] =
    "kaohe compare --year YYYY [--db FILE] [--standards FILE]\n"
    "  [--format text|json|csv|xlsx -o FILE] [--lang zh|en]\n"
    "  把该年度建档立卡数据与已导入的部门名单逐人比对(docs/dept.md)。\n"
    "  操作人 / acting user: $KAOHE_USER\n"
    "  Exit: 0 no findings, 1 findings, 2 usage or I/O failure.\n";

static int on_finding(void *rep, const kh_finding *f)
{
    return cli_report_finding(rep, f);
}

/* The store opened, $KAOHE_USER's actor loaded and the report opened:
 * what import dept and compare begin with. */
static int open_as_user(const char *db, const kh_standard *std, int fmt,
                        const char *out, const char *lang, kh_store **s,
                        kh_actor *who, cli_report **rep, kh_error *err)
{
    int rc = cli_open_as(db, std, s, who, err);
    if (!rc) rc = cli_report_open(fmt, out, lang, rep, err);
    return rc;
}

typedef struct dept_import {
    kh_dept_import_opts o;
    kh_dept_import_result res;
} dept_import;

static int dept_run(void *ctx, kh_store *s, const kh_standard *std,
                    const kh_actor *who, cli_report *rep,
                    cli_import_counts *c, kh_error *err)
{
    dept_import *d = ctx;
    d->o.finding = cli_import_finding;
    d->o.finding_ctx = rep;
    int rc = kh_app_dept_import(s, std, who, &d->o, &d->res, err);
    c->rows = (long)d->res.rows_read;
    return rc;
}

static int dept_done(void *ctx, const cli_import_counts *c)
{
    (void)c;
    const dept_import *d = ctx;
    const kh_dept_import_result *res = &d->res;
    const char *kind = d->o.kind, *region = d->o.region, *as_of = d->o.as_of;
    fprintf(stderr,
            "kaohe: 已导入 %s 名单(%s,%s):读入 %lld 行,与建档立卡人员相符 %lld 行"
            "(已保存),不相符 %lld 行(只计数),有问题未导入 %lld 行\n"
            "kaohe: imported the %s list (%s, %s): %lld rows read, %lld matched "
            "(stored), %lld unmatched (counted only), %lld left out\n",
            kind, region, as_of, res->rows_read, res->rows_matched,
            res->rows_unmatched, res->rows_refused, kind, region, as_of,
            res->rows_read, res->rows_matched, res->rows_unmatched,
            res->rows_refused);
    return res->rows_refused ? CLI_FINDINGS : CLI_OK;
}

/* Its options are lines of `kaohe import`'s table (cli_import.c), for
 * the subcommand dept; io->kind and io->file are its two words. */
int cli_import_dept(const cli_import_opts *io)
{
    if (!io->kind || !io->file || !io->region || !io->as_of)
        return cli_usage("用法:kaohe import dept KIND FILE --region CODE --as-of YYYY-MM-DD",
                         "usage: kaohe import dept KIND FILE --region CODE --as-of YYYY-MM-DD");
    dept_import d;
    memset(&d, 0, sizeof d);
    d.o.kind = io->kind;
    d.o.file = io->file;
    d.o.region = io->region;
    d.o.as_of = io->as_of;
    cli_import_job job = {io, io->kind, dept_run, dept_done, &d};
    return cli_import_run(&job);
}

typedef struct tally_ctx {
    int n;
    FILE *fp; /* stdout for the text report, else stderr */
} tally_ctx;

static int on_tally(void *vctx, const kh_dept_tally *t, kh_error *err)
{
    (void)err;
    tally_ctx *c = vctx;
    if (c->n++ == 0)
        fprintf(c->fp, "数据闭合率（名单、区划、读入行数、相符行数、应覆盖人数、"
                       "有记录人数、不一致人数、闭合）：\n");
    long long ok = t->covered - t->disagree;
    /* the department's name, never the kind's key */
    const kh_dept_kind *k = kh_dept_kind_find(t->kind);
    fprintf(c->fp, "  %s名单 %s 读入 %lld 行，相符 %lld 行；应覆盖 %lld 人，"
                   "有记录 %lld 人，不一致 %lld 人；闭合 %lld/%lld",
            k ? k->dept : "部门", t->region, t->rows_read, t->rows_matched,
            t->covered, t->matched, t->disagree, ok, t->covered);
    if (t->covered) {
        char pct[48];
        kh_fmt_pct(ok, t->covered, 2, pct, sizeof pct);
        fprintf(c->fp, "（%s）", pct);
    }
    fputc('\n', c->fp);
    return KH_OK;
}

typedef struct compare_opts {
    const char *db, *standards, *format, *out, *lang;
    int year;
} compare_opts;

#define O(f) offsetof(compare_opts, f)
static const cli_option compare_table[] = {
    CLI_OPT_YEAR(O(year), NULL),
    CLI_OPT_DB(O(db), NULL),
    CLI_OPT_STANDARDS(O(standards), NULL),
    CLI_OPT_FORMAT(O(format), NULL, "text|json|csv|xlsx"),
    CLI_OPT_OUT(O(out), NULL),
    CLI_OPT_LANG(O(lang), NULL),
    CLI_END};
#undef O

static const cli_spec compare_spec = {"compare", help_compare, compare_table,
                                      NULL, 0};

int cli_compare(int argc, char **argv)
{
    compare_opts co = {.db = "kaohe.db", .format = "text", .lang = "zh"};
    int prc = cli_opts_parse(&compare_spec, NULL, argc, argv, 1, &co, NULL);
    if (prc != CLI_GO) return prc;
    const char *db = co.db, *std_file = co.standards, *format = co.format,
               *out = co.out, *lang = co.lang;
    if (!co.year)
        return cli_usage("需要 --year YYYY", "--year YYYY is required");
    long long y = co.year;
    int fmt = cli_parse_format(format);
    if (fmt < 0) return CLI_FAIL;
    kh_error err;
    kh_error_clear(&err);
    kh_standard *std = cli_standard(std_file);
    if (!std) return CLI_FAIL;
    kh_store *s = NULL;
    cli_report *rep = NULL;
    kh_actor who;
    int status = CLI_FAIL;
    int rc = open_as_user(db, std, fmt, out, lang, &s, &who, &rep, &err);
    tally_ctx tc = {0, fmt == CLI_FMT_TEXT && !out ? stdout : stderr};
    if (!rc)
        rc = kh_app_dept_compare(s, std, &who, (int)y, on_finding, rep,
                                 on_tally, &tc, &err);
    if (rc) {
        status = cli_report_error(&err);
        if (err.status == KH_ERR_DENIED) status = CLI_FINDINGS;
        goto done;
    }
    {
        long n = cli_report_errors(rep) + cli_report_warnings(rep);
        cli_report *r = rep;
        rep = NULL;
        if (cli_report_close(r, &err)) {
            status = cli_report_error(&err);
            goto done;
        }
        status = n ? CLI_FINDINGS : CLI_OK;
    }
done:
    cli_report_abort(rep);
    kh_store_close(s);
    kh_standard_free(std);
    return status;
}

static int count_finding(void *ctx, const kh_finding *f)
{
    (void)f;
    (*(long long *)ctx)++;
    return KH_OK;
}

/* `kaohe review`'s part (docs/dept.md): with department lists loaded
 * for the year, the comparison is run and stored too, acting as
 * $KAOHE_USER; a name that is not a stored user runs it over the whole
 * year, as the command line's review itself does. *n the findings, -1
 * when no list is loaded for the year. */
int cli_dept_review(kh_store *s, const kh_standard *std, int year,
                    long long *n, kh_error *err)
{
    *n = -1;
    int lists = 0;
    int rc = kh_app_dept_lists_for(s, year, &lists, err);
    if (rc || !lists) return rc;
    kh_actor who, op;
    rc = cli_actor(s, std, &who, err);
    if (rc) return rc;
    /* the console's operator runs it over the whole year, with a
     * 系统管理员's rights (kh_actor_operator, the app's rule) */
    const kh_actor *as = kh_actor_is_operator(&who)
                             ? kh_actor_operator(&op, std, &who)
                             : &who;
    *n = 0;
    return kh_app_dept_compare(s, std, as, year, count_finding, n, NULL,
                               NULL, err);
}

