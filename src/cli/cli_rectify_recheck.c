/* SPDX-License-Identifier: MIT */
/*
 * cli_rectify_recheck.c - `kaohe rectify recheck`: does the indicator (or
 * the assessment item, the veto) behind each problem pass now? The use
 * case (kh_app_problems_recheck, src/app/rectify_gen.c) decides who may,
 * stores the recheck as a run with each problem's value before and after,
 * pass or fail and 反弹 (rectify.h) and audits it; this file prints it as
 * text or JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_rectify.h"
#include "kaohe/app_rectify.h"
#include "kaohe/buf.h"
#include "kaohe/documents.h"
#include "kaohe/rectify.h"
#include "kaohe/rectify_store.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

/* One row's recheck in words (kh_recheck_words_of: the words of the
 * 整改报告's 成效 and the 台账): what, before, after, standard, verdict. */
static void row_words(const kh_app_recheck_row *x, long long run, int year,
                      kh_recheck_words *w)
{
    kh_problem p;
    memset(&p, 0, sizeof p);
    p.indicator = x->indicator;
    p.rule = x->rule[0] ? x->rule : NULL;
    p.value_num = x->bnum;
    p.value_den = x->bden;
    p.recheck.run = run > 0 ? run : 1;
    p.recheck.year = year;
    p.recheck.at = "";
    p.recheck.before_num = x->bnum;
    p.recheck.before_den = x->bden;
    p.recheck.after_num = x->anum;
    p.recheck.after_den = x->aden;
    p.recheck.pass = x->pass;
    p.recheck.rebound = x->rebound;
    kh_recheck_words_of(&p, w);
    if (x->what[0]) snprintf(w->what, sizeof w->what, "%s", x->what);
    if (!w->what[0])
        snprintf(w->what, sizeof w->what, "%.*s", (int)sizeof w->what - 1,
                 x->indicator);
}

/* The recheck as an officer reads it, in Chinese: one row per problem
 * (编号, 区划, 依据指标, 整改前, 复核后, 标准, 结论, and what follows from
 * it), then the counts. */
static void recheck_text(const kh_app_rechecked *l, int year)
{
    printf("编号\t区划\t依据指标\t整改前\t复核后\t标准\t结论\t说明\n");
    for (size_t i = 0; i < l->n; i++) {
        const kh_app_recheck_row *x = &l->v[i];
        kh_recheck_words w;
        row_words(x, l->run, year, &w);
        const char *where = x->name[0] ? x->name : x->region;
        if (!x->judged) {
            printf("%lld\t%s\t%s\t%s\t—\t%s\t无法复核\t复核数据中没有这一区划"
                   "或指标\n",
                   x->id, where, w.what, w.before, w.rule[0] ? w.rule : "—");
            continue;
        }
        const char *then =
            x->rebound ? "已销号的问题复核未达标，是否重新打开由核验人员决定"
            : x->pass && x->status == KH_RS_DOING
                ? "可申请销号，以本次复核为佐证"
            : x->pass && x->status == KH_RS_TODO
                ? "先报进展，再以本次复核为佐证申请销号"
                : "";
        printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", x->id, where, w.what,
               w.before, w.after, w.rule[0] ? w.rule : "—", w.verdict, then);
    }
    printf("已达标 %ld 个，仍未达标 %ld 个，无法复核 %ld 个，反弹 %ld 个\n",
           l->pass, l->fail, l->gone, l->rebound);
}

static int recheck_json(const kh_app_rechecked *l, long long run, int year,
                        const char *source, kh_error *err)
{
    kh_buf b = KH_BUF_INIT;
    int rc = kh_buf_printf(&b, "{\"run\":%lld,\"year\":%d,\"source\":", run,
                           year);
    if (!rc) rc = kh_buf_json_str(&b, source, strlen(source));
    if (!rc) rc = kh_buf_adds(&b, ",\"problems\":[");
    for (size_t i = 0; !rc && i < l->n; i++) {
        const kh_app_recheck_row *x = &l->v[i];
        rc = kh_buf_printf(&b, "%s{\"id\":%lld,\"region\":", i ? "," : "",
                           x->id);
        if (!rc) rc = kh_buf_json_str(&b, x->region, strlen(x->region));
        if (!rc) rc = kh_buf_adds(&b, ",\"indicator\":");
        if (!rc) rc = kh_buf_json_str(&b, x->indicator, strlen(x->indicator));
        if (!rc) rc = kh_buf_adds(&b, ",\"rule\":");
        if (!rc) rc = kh_buf_json_str(&b, x->rule, strlen(x->rule));
        if (!rc)
            rc = kh_buf_printf(&b,
                               ",\"status\":\"%s\",\"before\":{\"num\":%lld,"
                               "\"den\":%lld}",
                               kh_rect_status_zh(x->status), x->bnum, x->bden);
        if (!rc && x->judged)
            rc = kh_buf_printf(&b,
                               ",\"after\":{\"num\":%lld,\"den\":%lld},"
                               "\"judged\":true,\"pass\":%s,\"rebound\":%s}",
                               x->anum, x->aden, x->pass ? "true" : "false",
                               x->rebound ? "true" : "false");
        else if (!rc)
            rc = kh_buf_adds(&b, ",\"after\":null,\"judged\":false,"
                                 "\"pass\":null,\"rebound\":false}");
    }
    if (!rc)
        rc = kh_buf_printf(&b,
                           "],\"pass\":%ld,\"fail\":%ld,\"gone\":%ld,"
                           "\"rebound\":%ld}\n",
                           l->pass, l->fail, l->gone, l->rebound);
    if (!rc) fwrite(b.data, 1, b.len, stdout);
    kh_buf_free(&b);
    return rc ? kh_error_nomem(err) : KH_OK;
}

static int recheck_format_ok(const cli_recheck_opts *o)
{
    if (!o->format || !strcmp(o->format, "text") || !strcmp(o->format, "json"))
        return CLI_OK;
    return cli_usage("recheck 的 --format 应为 text 或 json",
                     "recheck --format must be text or json");
}

int cli_rectify_recheck(const cli_recheck_opts *o)
{
    if (!o->year) return cli_usage("需要 --year", "--year is required");
    if (recheck_format_ok(o)) return CLI_FAIL;
    if (o->assessment && !o->level)
        return cli_usage("--assessment 需要 --level 省|市|县|乡",
                         "--assessment needs --level 省|市|县|乡");
    int json = o->format && !strcmp(o->format, "json");
    kh_error err;
    kh_error_clear(&err);
    kh_standard *std = cli_standard(o->stdpath);
    if (!std) return CLI_FAIL;
    kh_store *s = NULL;
    kh_actor who;
    kh_app_recheck req = {o->year,  o->region,  o->assessment,
                          o->level, o->version, 2};
    kh_app_rechecked res;
    memset(&res, 0, sizeof res);
    int rc = cli_open_as(o->db, std, &s, &who, &err);
    if (!rc) rc = kh_app_problems_recheck(s, std, &who, &req, &res, &err);
    kh_store_close(s);
    kh_standard_free(std);
    if (rc) {
        kh_app_rechecked_free(&res);
        rc = cli_report_error(&err);
        return err.status == KH_ERR_DENIED ? CLI_FINDINGS : rc;
    }
    if (json) {
        rc = recheck_json(&res, res.run, o->year, res.source, &err)
                 ? cli_report_error(&err)
                 : CLI_OK;
    } else {
        if (o->assessment)
            printf("以%s %d 年综合评价第 %d 版复核", res.title, o->year,
                   res.version);
        else
            printf("以 %d 年数据复核", o->year);
        if (res.run)
            printf("，第 %lld 次复核\n", res.run);
        else
            printf("，没有可复核的问题，未记录\n");
        recheck_text(&res, o->year);
    }
    kh_app_rechecked_free(&res);
    return rc;
}
