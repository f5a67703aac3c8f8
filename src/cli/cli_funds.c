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
#include "kaohe/assess.h"
#include "kaohe/registry.h"
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
    "kaohe funds explain CODE funds.INDICATOR --year YYYY [--all]\n"
    "  资金指标背后的县级资金和项目 / the county's figures and the projects behind\n"
    "  a funds indicator (docs/funds.md)\n"
    "kaohe funds score --year YYYY [--inputs FILE]... [--scheme S] [--level 县|市|省]\n"
    "  [--region CODE] [--format text|inputs] [-o FILE]\n"
    "  扶贫资金绩效评价(funds-county-2017) / the funds' performance score;\n"
    "  --format inputs 写出 fund_score、fund_cases、veto_funds 录入表,\n"
    "  供 kaohe assess run --inputs 使用 / an inputs file for assess run\n"
    "  按资金项目规则检查已导入的项目库、资金下达与拨付支出(docs/funds.md):\n"
    "  资金滞留、结转结余、项目库以外或超计划拨付、公告公示、项目进度、精准使用。\n"
    "  Checks the stored project library, allocations and payments against\n"
    "  the rules of docs/funds.md, as of the year's 31 December.\n"
    "  操作人 / acting user: $KAOHE_USER\n"
    "  Exit: 0 no findings, 1 findings, 2 usage or I/O failure.\n";

typedef struct funds_opts {
    const char *db, *standards, *format, *out, *region;
    int year, all;
    const char *scheme, *level, *sformat; /* score */
    cli_list inputs;                       /* score: every --inputs */
} funds_opts;

#define O(f) offsetof(funds_opts, f)
static const cli_option funds_table[] = {
    CLI_OPT_YEAR_LINE(O(year), "check table score explain"),
    {"--all", NULL, CLI_FLAG, O(all), "explain", NULL,
     "列出全部项目,不只是计入的 / every project, not only those counted"},
    CLI_OPT_DB(O(db), NULL),
    CLI_OPT_STANDARDS(O(standards), NULL),
    {"--region", "CODE", CLI_STR, O(region), "check table export score", NULL,
     "只查该区划及其下级 / this region and those under it only"},
    CLI_OPT_FORMAT(O(format), "check", "text|json"),
    CLI_OPT_FORMAT(O(sformat), "score", "text|inputs"),
    CLI_OPT_OUT(O(out), NULL),
    {"--inputs", "FILE", CLI_LIST, O(inputs), "score", "16",
     "考核组录入的审计检查问题、违纪违法案件等,可给多个 / the 考核组's "
     "inputs (audit findings, cases), several allowed"},
    {"--scheme", "S", CLI_STR, O(scheme), "score", NULL,
     "评分方案(默认 funds-county-2017) / the scheme (default "
     "funds-county-2017)"},
    {"--level", "L", CLI_ENUM, O(level), "score", "县|市|省",
     "只写出该级 / this level only"},
    CLI_END};
#undef O

static const cli_spec funds_spec = {"funds", help_funds, funds_table,
                                    "check notice table export score explain", 3};

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
    kh_actor who;
    int rc = cli_open_as(fo->db, std, &s, &who, &err);
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

/* ---- funds score ---- */

typedef struct score_out {
    FILE *fp;
    int inputs, level;
    long n;
} score_out;

static void on_note(void *ctx, const char *zh, const char *en)
{
    (void)ctx;
    fprintf(stderr, "kaohe: 注意:%s\nkaohe: note: %s\n", zh, en);
}

static int on_score(void *ctx, const kh_funds_score_row *r)
{
    score_out *o = ctx;
    if (o->level && r->level != o->level) return KH_OK;
    char pts[32];
    kh_points_format(r->score, pts, sizeof pts);
    if (o->inputs) {
        if (!o->n) fputs("区划代码,名称,级别,fund_score,fund_cases,veto_funds\n", o->fp);
        fprintf(o->fp, "%s,%s,%s,%s,%lld,%d\n", r->code, r->name,
                kh_level_name(r->level), pts, r->cases, r->veto);
    } else {
        if (!o->n)
            fputs("区划代码\t名称\t级别\t扶贫资金绩效评价得分\t评价县数\t问题件数\t违规\n", o->fp);
        fprintf(o->fp, "%s\t%s\t%s\t%s\t%d\t%lld\t%s\n", r->code, r->name,
                kh_level_name(r->level), pts, r->counties, r->cases,
                r->veto ? "是" : "否");
    }
    o->n++;
    return ferror(o->fp) ? KH_ERR_IO : KH_OK;
}

static int funds_score(const funds_opts *fo)
{
    if (!fo->year) return cli_usage("需要 --year YYYY", "--year YYYY is required");
    kh_error err;
    kh_error_clear(&err);
    kh_standard *std = cli_standard(fo->standards);
    if (!std) return CLI_FAIL;
    kh_store *s = NULL;
    char now[32], today[11];
    cli_timestamp(now);
    snprintf(today, sizeof today, "%.10s", now);
    kh_actor who;
    score_out so = {stdout, fo->sformat && !strcmp(fo->sformat, "inputs"),
                    fo->level ? kh_level_parse(fo->level, strlen(fo->level)) : 0, 0};
    int rc = cli_open_as(fo->db, std, &s, &who, &err);
    if (!rc && fo->out && !(so.fp = fopen(fo->out, "w")))
        rc = kh_error_set(&err, KH_ERR_IO, "io", "无法写入 %s", "cannot write %s", fo->out);
    kh_funds_score_req req = {fo->year, fo->region, fo->scheme, fo->inputs.n,
                              fo->inputs.v, 0, today, on_note, NULL};
    if (!rc) rc = kh_app_funds_score(s, std, &who, &req, on_score, &so, &err);
    int status = rc ? cli_report_error(&err) : CLI_OK;
    if (rc && (err.status == KH_ERR_DENIED || err.status == KH_ERR_INVALID))
        status = CLI_FINDINGS;
    if (so.fp && so.fp != stdout && fclose(so.fp) && !rc) {
        fprintf(stderr, "kaohe: 无法写入 %s / cannot write %s\n", fo->out, fo->out);
        status = CLI_FAIL;
    }
    if (!rc && fo->out) fprintf(stderr, "kaohe: 已写出 %s / wrote %s\n", fo->out, fo->out);
    kh_store_close(s);
    kh_standard_free(std);
    return status;
}

/* ---- funds explain ---- */

typedef struct explain_out {
    FILE *fp;
    long n;
    long long num, den;
} explain_out;

/* A term of indicator k as people read it: amounts in 元 (a rate of
 * amounts, or the 分 of a 元 indicator), counts as they are (a 元
 * indicator's denominator counts 100 a unit). */
static void term_text(int k, int den, long long v, char *buf, size_t n)
{
    const kh_funds_ind_def *d = &kh_funds_ind_defs()[k];
    if (d->money_parts || (d->kind == 2 && !den))
        kh_fmt_yuan(v, buf, n);
    else
        kh_fmt_int(d->kind == 2 ? v / 100 : v, buf, n);
}

static int on_explain(void *ctx, const kh_funds_tally *t, int k)
{
    explain_out *o = ctx;
    const kh_funds_ind_def *d = &kh_funds_ind_defs()[k];
    if (!o->n)
        fprintf(o->fp, "项目编号\t项目名称\t建设地点\t项目状态\t分子%s\t分母%s\n",
                d->money_parts || d->kind == 2 ? "（元）" : "",
                d->money_parts ? "（元）" : "");
    char num[48], den[48];
    term_text(k, 0, t->num[k], num, sizeof num);
    term_text(k, 1, t->den[k], den, sizeof den);
    if (t->project)
        fprintf(o->fp, "%s\t%s\t%s\t%s\t%s\t%s\n", t->project->id,
                t->project->name, t->region, t->project->status, num, den);
    else
        fprintf(o->fp, "（县级资金）\t\t%s\t\t%s\t%s\n", t->region, num, den);
    o->n++;
    o->num += t->num[k];
    o->den += t->den[k];
    return ferror(o->fp) ? KH_ERR_IO : KH_OK;
}

/* The total line: the sums, and the rate they make. */
static void explain_total(const explain_out *o, int k)
{
    const kh_funds_ind_def *d = &kh_funds_ind_defs()[k];
    char num[48], den[48], v[64] = "";
    term_text(k, 0, o->num, num, sizeof num);
    term_text(k, 1, o->den, den, sizeof den);
    const char *unit = d->money_parts ? " 元" : "";
    if (d->kind == 0 && o->den > 0) {
        char p[48];
        kh_fmt_pct(o->num, o->den, 2, p, sizeof p);
        snprintf(v, sizeof v, "，比率 %s", p);
    } else if (d->kind == 2 && o->den > 0) {
        char y[48];
        kh_fmt_yuan_q(o->num, o->den / 100, y, sizeof y);
        snprintf(v, sizeof v, "，每人 %s 元", y);
    }
    if (d->kind != 0 && o->den == 0) /* a count or an amount: its sum */
        fprintf(o->fp, "合计 %ld 行：共 %s%s\n", o->n, num,
                d->kind == 2 ? " 元" : "");
    else
        fprintf(o->fp, "合计 %ld 行：分子 %s%s，分母 %s%s%s\n", o->n, num,
                d->kind == 2 ? " 元" : unit, den, unit, v);
}

static int funds_explain(const funds_opts *fo, const char *code, const char *ind)
{
    if (!code || !ind)
        return cli_usage("用法:kaohe funds explain 区划代码 funds.指标 --year YYYY",
                         "usage: kaohe funds explain CODE funds.INDICATOR --year YYYY");
    if (!fo->year) return cli_usage("需要 --year YYYY", "--year YYYY is required");
    kh_error err;
    kh_error_clear(&err);
    kh_standard *std = cli_standard(fo->standards);
    if (!std) return CLI_FAIL;
    kh_store *s = NULL;
    kh_actor who;
    explain_out eo = {stdout, 0, 0, 0};
    int rc = cli_open_as(fo->db, std, &s, &who, &err);
    if (!rc && fo->out && !(eo.fp = fopen(fo->out, "w")))
        rc = kh_error_set(&err, KH_ERR_IO, "io", "无法写入 %s", "cannot write %s", fo->out);
    if (!rc)
        rc = kh_app_funds_explain(s, std, &who, fo->year, code, ind, fo->all, on_explain,
                                  &eo, &err);
    int status = rc ? cli_report_error(&err) : CLI_OK;
    if (rc && err.status == KH_ERR_DENIED) status = CLI_FINDINGS;
    int k = rc ? -1 : kh_funds_ind_find(ind);
    if (k >= 0) explain_total(&eo, k);
    if (eo.fp && eo.fp != stdout && fclose(eo.fp) && !rc) {
        fprintf(stderr, "kaohe: 无法写入 %s / cannot write %s\n", fo->out, fo->out);
        status = CLI_FAIL;
    }
    kh_store_close(s);
    kh_standard_free(std);
    return status;
}

int cli_funds(int argc, char **argv)
{
    funds_opts fo = {.db = "kaohe.db", .format = "text"};
    const char *sub;
    int npos = 0;
    int prc = cli_opts_sub(&funds_spec, argc, argv,
                           "用法:kaohe funds check --year YYYY",
                           "usage: kaohe funds check --year YYYY", &sub, &fo,
                           &npos);
    if (prc != CLI_GO) return prc;
    if (!strcmp(sub, "score")) return funds_score(&fo);
    if (!strcmp(sub, "explain"))
        return funds_explain(&fo, npos > 1 ? argv[2] : NULL, npos > 2 ? argv[3] : NULL);
    if (npos > 2)
        return cli_usage("多余的参数", "too many arguments");
    if (strcmp(sub, "check"))
        return funds_doc(sub, &fo, npos > 1 ? argv[2] : NULL);
    if (!fo.year) return cli_usage("需要 --year YYYY", "--year YYYY is required");
    kh_error err;
    kh_error_clear(&err);
    kh_standard *std = cli_standard(fo.standards);
    if (!std) return CLI_FAIL;
    kh_store *s = NULL;
    kh_actor who;
    out_ctx oc = {0};
    oc.b = (kh_buf)KH_BUF_INIT;
    oc.json = !strcmp(fo.format, "json");
    int status = CLI_FAIL;
    int rc = cli_open_as(fo.db, std, &s, &who, &err);
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
