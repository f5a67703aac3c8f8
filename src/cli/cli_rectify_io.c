/* SPDX-License-Identifier: MIT */
/*
 * cli_rectify_io.c - sheets in and out of `kaohe rectify`: `import` (the
 * use case kh_app_plan_import, include/kaohe/app_plan.h: plan
 * updates and, with --allow-new, new problems from the sheet offices
 * exchange: headings by name or alias, the whole sheet read and its
 * numbers checked before anything is written, each row's identity checked
 * against the stored problem, all or nothing, --dry-run field by field)
 * and `ledger` (整改台账: the four lists — 问题清单, 责任清单, 整改清单,
 * 整改时限 — one sheet each).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_rectify.h"
#include "kaohe/app_documents.h"
#include "kaohe/app_plan.h"
#include "kaohe/date.h"
#include "kaohe/rect_ledger.h"
#include "kaohe/rectify.h"
#include "kaohe/rectify_store.h"
#include "kaohe/table.h"
#include "kaohe/tabwriter.h"

static void say_change(const kh_plan_field *f)
{
    printf("  %s:“%s” → “%s”\n", f->name, f->was, f->now);
}

static void say_warning(const char *file, const kh_plan_result *r,
                        const kh_plan_warning *w)
{
    if (w->what == KH_RW_FUTURE_FOUND)
        fprintf(stderr,
                "kaohe: 警告:%s 第%ld行 发现日期 %s 在今天(%s)之后\n"
                "kaohe: warning: %s row %ld: the date found %s is after "
                "today (%s)\n",
                file, w->row, w->value, r->today, file, w->row, w->value,
                r->today);
    else if (w->what == KH_RW_COLUMN_ALIAS)
        fprintf(stderr,
                "kaohe: 警告:%s 表头(第 %ld 行)第 %d 列“%s”按“%s”列读取"
                "(column_alias)\nkaohe: warning: %s header (line %ld) "
                "column %d, headed '%s', is read as '%s' (column_alias)"
                "\n",
                file, w->line, w->col, w->value, w->value2, file, w->line,
                w->col, w->value, w->value2);
    else if (w->what == KH_RW_FULLWIDTH)
        fprintf(stderr,
                "kaohe: 警告:%s 第%ld行(物理行 %ld)第 %d 列“%s”中有全角字符,"
                "已按“%s”读取(value_fullwidth)\nkaohe: warning: %s row %ld "
                "(line %ld) column %d: '%s' has full-width characters; read "
                "as '%s' (value_fullwidth)\n",
                file, w->row, w->line, w->col, w->value, w->value2, file,
                w->row, w->line, w->col, w->value, w->value2);
    else if (w->what == KH_RW_HEADER_TITLE)
        fprintf(stderr, "kaohe: 警告:%s(物理行 %ld):%s(header_title)\n"
                "kaohe: warning: %s (line %ld): %s (header_title)\n",
                file, w->line, w->value, file, w->line, w->value2);
    else if (w->what == KH_RW_PAST_DEADLINE)
        fprintf(stderr,
                "kaohe: 警告:%s 第%ld行 整改时限 %s 在制定方案时已过(今天 "
                "%s)\nkaohe: warning: %s row %ld: the deadline %s has passed "
                "already (today %s)\n",
                file, w->row, w->value, r->today, file, w->row, w->value,
                r->today);
}

/* `rectify import FILE`: the use case (kh_app_plan_import) as the acting
 * user; a dry run prints what would change, problem by problem and field
 * by field. */
int cli_rectify_import(const char *db, const char *file, const char *stdpath,
                       int flags)
{
    if (!file) return cli_usage("缺少要导入的文件", "missing the file");
    kh_error err;
    kh_error_clear(&err);
    kh_standard *std = cli_standard(stdpath);
    if (!std) return CLI_FAIL;
    kh_store *s = NULL;
    kh_actor who;
    int pf = (flags & CLI_RECT_DRY_RUN ? KH_PLAN_DRY_RUN : 0) |
             (flags & CLI_RECT_ALLOW_NEW ? KH_PLAN_ALLOW_NEW : 0) |
             (flags & CLI_RECT_UPDATE_IDENTITY ? KH_PLAN_UPDATE_IDENTITY : 0);
    kh_plan_result res;
    memset(&res, 0, sizeof res);
    int rc = cli_open_as(db, std, &s, &who, &err);
    if (!rc) rc = kh_app_plan_import(s, std, &who, file, NULL, pf, &res, &err);
    for (size_t i = 0; i < res.nw; i++) say_warning(file, &res, &res.w[i]);
    for (size_t i = 0; !rc && res.dry_run && i < res.n; i++) {
        const kh_plan_item *it = &res.v[i];
        if (it->is_new)
            printf("新问题(第 %ld 行):%s %s %s %d 年 “%s”\n", it->row,
                   it->region, it->source, it->category, it->year, it->text);
        else
            printf("问题 %lld(第 %ld 行):\n", it->id, it->row);
        for (size_t k = 0; k < it->nf; k++) say_change(&it->f[k]);
        if (!it->is_new && !it->nf) puts("  (无变化)");
    }
    if (!rc && res.dry_run)
        printf("试导入,未写入:将新增 %ld 个问题,更新 %ld 个\n", res.added,
               res.updated);
    else if (!rc)
        printf("导入完成:新增 %ld 个问题,更新 %ld 个\n", res.added,
               res.updated);
    kh_plan_result_free(&res);
    kh_store_close(s);
    kh_standard_free(std);
    if (!rc) return CLI_OK;
    rc = cli_report_error(&err);
    /* A refusal (scope, role) exits as the status machine's does: 1. */
    return err.status == KH_ERR_DENIED ? CLI_FINDINGS : rc;
}

/* ---- 整改台账 ---- */

int cli_rectify_ledger(const char *db, const char *stdpath,
                       const char *region, const char *out, int unmask)
{
    if (!out) return cli_usage("ledger 需要 -o FILE.xlsx",
                               "ledger needs -o FILE.xlsx");
    kh_error err;
    kh_error_clear(&err);
    kh_standard *std = cli_standard(stdpath);
    if (!std) return CLI_FAIL;
    kh_store *s = NULL;
    int t[3];
    cli_today(t);
    char today[11], now[32];
    kh_date_format(today, t[0], t[1], t[2]);
    cli_timestamp(now);
    kh_problem_filter f = {.region = region};
    kh_actor who;
    /* who may have it, masked or not, audited: the use case, as GET
     * /api/reports/ledger */
    int rc = cli_open_as(db, std, &s, &who, &err);
    if (!rc)
        rc = kh_app_ledger_download(s, &who, &f, unmask, out, today,
                                    cli_who(), now, NULL, &err);
    kh_store_close(s);
    kh_standard_free(std);
    if (rc) return cli_download_error(&err);
    fprintf(stderr, "kaohe: 整改台账写入 %s / ledger written to %s\n", out,
            out);
    return CLI_OK;
}
