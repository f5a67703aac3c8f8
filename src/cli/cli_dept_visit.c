/* SPDX-License-Identifier: MIT */
/*
 * cli_dept_visit.c - `kaohe dept`: the stored 部门数据比对 (docs/dept.md).
 *   findings --year Y [--region CODE] [--code C]   the stored findings
 *   closure  --year Y [--region CODE]              数据闭合率 per kind
 *   visits   --year Y --village CODE -o F.xlsx|F.pdf  the 入户核实 list
 *   visit    ID --result 核实属实|不属实 [--reason TEXT]  a visit's result
 * Every one is a use case of src/app/dept_visit.c acting as $KAOHE_USER;
 * this file parses the options and writes what they return (the visit
 * list through src/io/dept_doc.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "kaohe/app.h"
#include "kaohe/app_dept.h"
#include "kaohe/buf.h"
#include "kaohe/dept_doc.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

static const char usage_text[] =
    "kaohe dept findings --year YYYY [--region CODE] [--code C] [--format text|json]\n"
    "kaohe dept closure --year YYYY [--region CODE] [--format text|json]\n"
    "kaohe dept visits --year YYYY --village CODE -o FILE.xlsx|FILE.pdf\n"
    "kaohe dept visit ID --result 核实属实|不属实 [--reason 理由]\n"
    "  部门数据比对的存储结果(kaohe compare 或 kaohe review 运行后,docs/dept.md):\n"
    "  findings 列出比对问题(编号、代码、户、成员、建档立卡值、部门值、核实结果);\n"
    "  closure 各类名单的数据闭合率(应覆盖人数、有记录、不一致);\n"
    "  visits 一个村的入户核实清单(六不评排除项,证件号码只显示后四位);\n"
    "  visit 录入入户核实结果:核实属实则该户在下一年度比对中列为拟清退,\n"
    "  不属实则问题关闭(须写明理由)。操作人 / acting user: $KAOHE_USER\n"
    "  The stored department comparison: its findings, 数据闭合率 per kind,\n"
    "  a village's visit list (the exclusions, IDs masked) and a visit's\n"
    "  result entered back. Exit: 0 ok, 1 refused or findings, 2 usage.\n";

typedef struct dopts {
    const char *db, *standards, *format, *out, *region, *village, *code,
        *result, *reason;
    int year;
} dopts;

#define O(f) offsetof(dopts, f)
static const cli_option table[] = {
    CLI_OPT_DB(O(db), NULL),
    CLI_OPT_STANDARDS(O(standards), NULL),
    CLI_OPT_YEAR(O(year), "findings closure visits"),
    {"--region", "CODE", CLI_STR, O(region), "findings closure", NULL,
     "只看该区划 / this region only"},
    {"--code", "C", CLI_STR, O(code), "findings", NULL,
     "只看该问题代码(以 _ 结尾为前缀) / this code only (a prefix when "
     "it ends in _)"},
    CLI_OPT_FORMAT(O(format), "findings closure", "text|json"),
    {"--village", "CODE", CLI_STR, O(village), "visits", NULL,
     "村级区划代码 / the village"},
    CLI_OPT_OUT(O(out), "visits"),
    {"--result", "R", CLI_ENUM, O(result), "visit", "核实属实|不属实",
     "核实结果 / the visit's result"},
    {"--reason", "TEXT", CLI_STR, O(reason), "visit", NULL,
     "理由(不属实时必填) / the reason (required for 不属实)"},
    CLI_END};
#undef O

static const cli_spec spec = {"dept", usage_text, table,
                              "findings closure visits visit", 2};

/* ---- findings ---- */

typedef struct show_ctx {
    int json, n;
    kh_buf b;
} show_ctx;

static int jstr(kh_buf *b, const char *key, const char *v, int last)
{
    int rc = kh_buf_printf(b, "\"%s\": ", key);
    if (!rc) rc = kh_buf_json_str(b, v, strlen(v));
    if (!rc && !last) rc = kh_buf_adds(b, ", ");
    return rc;
}

static int show_fact(void *vctx, const kh_dept_fact *f, kh_error *err)
{
    show_ctx *c = vctx;
    if (!c->json) {
        if (!c->n++)
            printf("编号 代码 户编号 证件号码 姓名 建档立卡 部门 核实结果\n");
        printf("%lld %s %s %s %s “%s” “%s” %s%s%s\n", f->id, f->code,
               f->hh_id, f->id_no, f->name, f->reg_value, f->dept_value,
               f->visit[0] ? f->visit : "-", f->reason[0] ? " " : "",
               f->reason);
        return KH_OK;
    }
    kh_buf *b = &c->b;
    kh_buf_reset(b);
    int rc = kh_buf_printf(b, "%s\n  {\"id\": %lld, ", c->n++ ? "," : "", f->id);
    if (!rc) rc = jstr(b, "code", f->code, 0);
    if (!rc) rc = jstr(b, "kind", f->kind, 0);
    if (!rc) rc = jstr(b, "dept", f->dept, 0);
    if (!rc) rc = jstr(b, "file", f->file, 0);
    if (!rc) rc = kh_buf_printf(b, "\"row\": %ld, ", f->row);
    if (!rc) rc = jstr(b, "village", f->village, 0);
    if (!rc) rc = jstr(b, "hh_id", f->hh_id, 0);
    if (!rc) rc = jstr(b, "id_no", f->id_no, 0);
    if (!rc) rc = jstr(b, "name", f->name, 0);
    if (!rc) rc = jstr(b, "column", f->column, 0);
    if (!rc) rc = jstr(b, "registry", f->reg_value, 0);
    if (!rc) rc = jstr(b, "department", f->dept_value, 0);
    if (!rc) rc = jstr(b, "visit", f->visit, 0);
    if (!rc) rc = jstr(b, "reason", f->reason, 1);
    if (!rc) rc = kh_buf_adds(b, "}");
    if (rc) return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    fputs(b->data, stdout);
    return KH_OK;
}

/* ---- closure ---- */

static int show_count(void *vctx, const kh_dept_count *k, kh_error *err)
{
    (void)err;
    show_ctx *c = vctx;
    long long ok = k->covered - k->disagree;
    if (c->json) {
        printf("%s\n  {\"kind\": \"%s\", \"covered\": %lld, \"matched\": %lld,"
               " \"disagree\": %lld, \"closure_num\": %lld, \"closure_den\": %lld}",
               c->n++ ? "," : "", k->kind, k->covered, k->matched, k->disagree,
               ok, k->covered);
        return KH_OK;
    }
    if (!c->n++) printf("种类 应覆盖 有记录 不一致 数据闭合率\n");
    printf("%s %lld %lld %lld ", k->kind, k->covered, k->matched, k->disagree);
    if (k->covered)
        printf("%lld/%lld(%.2f%%)\n", ok, k->covered,
               100.0 * (double)ok / (double)k->covered);
    else
        printf("-\n");
    return KH_OK;
}

/* ---- the visit list ---- */

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && !strcmp(s + a - b, suf);
}

int cli_dept(int argc, char **argv)
{
    dopts o = {.db = "kaohe.db", .format = "text"};
    const char *sub;
    int npos = 0;
    int prc = cli_opts_sub(&spec, argc, argv,
                           "kaohe dept findings|closure|visits|visit ...",
                           "kaohe dept findings|closure|visits|visit ...",
                           &sub, &o, &npos);
    if (prc != CLI_GO) return prc;
    sub = argv[1];
    int visit = !strcmp(sub, "visit");
    if (visit ? npos != 2 : npos != 1)
        return cli_usage("用法见 kaohe dept --help", "usage: kaohe dept --help");
    if (!visit && !o.year)
        return cli_usage("需要 --year YYYY", "--year YYYY is required");
    int visits = !strcmp(sub, "visits");
    if (visits && (!o.out || (!ends_with(o.out, ".xlsx") && !ends_with(o.out, ".pdf"))))
        return cli_usage("visits 需要 -o FILE.xlsx 或 -o FILE.pdf",
                         "visits needs -o FILE.xlsx or -o FILE.pdf");
    long long id = 0;
    if (visit) {
        char *end;
        id = strtoll(argv[2], &end, 10);
        if (end == argv[2] || *end || id <= 0)
            return cli_usage("ID 应为问题编号(kaohe dept findings 列出)",
                             "ID is a finding's number (kaohe dept findings)");
        if (!o.result)
            return cli_usage("需要 --result 核实属实|不属实",
                             "--result 核实属实|不属实 is required");
    }
    kh_error err;
    kh_error_clear(&err);
    kh_standard *std = cli_standard(o.standards);
    if (!std) return CLI_FAIL;
    kh_store *s = NULL;
    char now[32];
    cli_timestamp(now);
    kh_actor who;
    show_ctx sc = {!strcmp(o.format, "json"), 0, KH_BUF_INIT};
    kh_dept_visit_row *rows = NULL;
    size_t nrows = 0;
    int rc = cli_open_as(o.db, std, &s, &who, &err);
    if (!rc && !strcmp(sub, "findings")) {
        if (sc.json) printf("{\"year\": %d, \"findings\": [", o.year);
        rc = kh_app_dept_findings(s, &who, o.year, o.region, o.code, show_fact,
                                  &sc, &err);
        if (!rc && sc.json) printf("]}\n");
        if (!rc && !sc.json && !sc.n) printf("没有部门数据比对问题\n");
    } else if (!rc && !strcmp(sub, "closure")) {
        int ran = 0;
        if (sc.json) printf("{\"year\": %d, \"kinds\": [", o.year);
        rc = kh_app_dept_closure(s, &who, o.year, o.region, show_count, &sc,
                                 &ran, &err);
        if (!rc && sc.json) printf("]}\n");
        if (!rc && !ran)
            fprintf(stderr, "kaohe: %d 年尚未运行部门数据比对(kaohe compare)\n"
                            "kaohe: no department comparison stored for %d\n",
                    o.year, o.year);
    } else if (!rc && visits) {
        rc = kh_app_dept_visit_list(s, &who, o.year, o.village, &rows, &nrows, &err);
        if (!rc)
            rc = kh_dept_visit_doc(o.out, ends_with(o.out, ".pdf"), o.year, o.village,
                                   who.acc.user, now, rows, nrows, &err);
        if (!rc) fprintf(stderr, "kaohe: 已写出 %s:%zu 人待入户核实\n"
                                 "kaohe: wrote %s: %zu persons to visit\n",
                         o.out, nrows, o.out, nrows);
    } else if (!rc && visit) {
        rc = kh_app_dept_visit_record(s, std, &who, id, o.result, o.reason, &err);
        if (!rc) printf("已录入问题 %lld 的核实结果:%s\n", id, o.result);
    }
    int status = CLI_OK;
    if (rc) {
        status = cli_report_error(&err);
        if (err.status == KH_ERR_DENIED || err.status == KH_ERR_INVALID ||
            err.status == KH_ERR_NOTFOUND)
            status = CLI_FINDINGS;
    }
    kh_buf_free(&sc.b);
    free(rows);
    kh_store_close(s);
    kh_standard_free(std);
    return status;
}
