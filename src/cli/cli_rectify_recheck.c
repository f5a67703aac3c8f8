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
#include "kaohe/rectify.h"
#include "kaohe/rectify_store.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

static void recheck_text(const kh_app_rechecked *l, int assess)
{
    for (size_t i = 0; i < l->n; i++) {
        const kh_app_recheck_row *x = &l->v[i];
        const char *verdict = x->pass ? "已达标 / passes"
                                      : "仍未达标 / still fails";
        const char *rb =
            x->rebound ? "\t反弹 / rebound (已销号 closed)"
            : x->pass && x->status == KH_RS_DOING
                ? "\t可申请销号,以本次复核为证 / may ask for close-out "
                  "citing this recheck"
                : "";
        char was[32], now[32];
        cli_rect_fmt_rate(was, sizeof was, x->bnum, x->bden);
        if (assess && !x->judged)
            printf("%lld\t%s\t%s\t无法复核 / cannot recheck\n", x->id,
                   x->name[0] ? x->name : x->region, x->indicator);
        else if (assess)
            printf("%lld\t%s\t%s\t%s\t%s%s\n", x->id, x->name, x->indicator,
                   x->now, verdict, rb);
        else if (!x->judged)
            printf("%lld\t%s\t%s\t%s -> ?\t无法复核 / cannot recheck\n",
                   x->id, x->region, x->indicator, was);
        else {
            cli_rect_fmt_rate(now, sizeof now, x->anum, x->aden);
            printf("%lld\t%s\t%s\t%s -> %s (%lld/%lld)\t阈值 %s\t%s%s\n",
                   x->id, x->region, x->indicator, was, now, x->anum,
                   x->aden, x->rule, verdict, rb);
        }
    }
    printf("已达标 %ld,仍未达标 %ld,无法复核 %ld,反弹 %ld / %ld pass, %ld "
           "still fail, %ld cannot be rechecked, %ld rebound\n",
           l->pass, l->fail, l->gone, l->rebound, l->pass, l->fail, l->gone,
           l->rebound);
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
            printf("以 %s %d 年第 %d 版复核 / rechecked on %s %d version "
                   "%d\n",
                   o->assessment, o->year, res.version, o->assessment,
                   o->year, res.version);
        else
            printf("以 %d 年数据复核 / rechecked on %d's data\n", o->year,
                   o->year);
        if (res.run)
            printf("复核记录 第 %lld 次 / recheck run %lld\n", res.run,
                   res.run);
        recheck_text(&res, o->assessment != NULL);
    }
    kh_app_rechecked_free(&res);
    return rc;
}
