/* SPDX-License-Identifier: MIT */
/*
 * app_funds.h - 扶贫项目库 and 扶贫资金's use cases (src/app/funds.c,
 * docs/funds.md): importing the project library, the allocations and the
 * payments, and `funds check`, for the command line and the server alike.
 */
#ifndef KAOHE_APP_FUNDS_H
#define KAOHE_APP_FUNDS_H

#include "kaohe/app.h"
#include "kaohe/check.h"
#include "kaohe/funds.h"

struct kh_standard;
typedef struct kh_store kh_store;

typedef struct kh_funds_import_opts {
    int kind;            /* enum kh_funds_kind */
    const char *file;
    const char *name;    /* the file's name in findings (NULL: file) */
    const char *region;  /* payments: the county they are counted in when
                            their project is not in the library (NULL) */
    kh_finding_fn finding; /* every finding of the file */
    void *finding_ctx;
} kh_funds_import_opts;

typedef struct kh_funds_import_result {
    long long rows;      /* data rows read */
    long long stored;    /* rows stored (all of them, or 0) */
    long errors, warnings;
} kh_funds_import_result;

/*
 * Import one file (`kaohe import projects|allocations|payments`): the
 * actor needs a role of [web] import_roles, and every region the file
 * names (and opts->region) within their scope. All or nothing: a row's
 * own fault (docs/funds.md) is an error finding with file, row and
 * column, and then nothing is stored (KH_ERR_INVALID, "funds_rows").
 * A file whose header lacks a required column is refused whole.
 */
int kh_app_funds_import(kh_store *s, const struct kh_standard *std,
                        const kh_actor *who, const kh_funds_import_opts *o,
                        kh_funds_import_result *res /* OUT */,
                        kh_error *err) KH_WUR;

/*
 * The rules of `funds check` for year (as of its 31 December) over the
 * counties within the actor's scope (region: one region's subtree, NULL
 * for all), county by county in code order.
 */
int kh_app_funds_check(kh_store *s, const struct kh_standard *std,
                       const kh_actor *who, int year, const char *region,
                       kh_funds_finding_fn fn, void *ctx,
                       kh_error *err) KH_WUR;

/*
 * The 公告公示 of one project for the village board (PDF or DOCX by the
 * path's extension): 项目名称, 建设地点, 资金来源和金额, 实施单位, 建设内容,
 * 带贫户数, 公示期 and the 监督举报电话 (12317 and the county's, from `kaohe
 * org set --contact`). The notice its status calls for: 入库 or 计划
 * for a project not yet finished, 竣工 for a finished one. The project's
 * region within the actor's scope.
 */
int kh_app_funds_notice(kh_store *s, const struct kh_standard *std,
                        const kh_actor *who, const char *proj_id,
                        const char *path, kh_error *err) KH_WUR;

/*
 * The 资金使用情况表 of year (XLSX, PDF or DOCX): per county within the
 * actor's scope (region: that subtree, NULL all) and 资金类别, 下达, 拨付
 * (less 收回), 支出, 结余 (下达 − 支出) and 进度 (支出 / 下达), with totals.
 */
int kh_app_funds_table(kh_store *s, const struct kh_standard *std,
                       const kh_actor *who, int year, const char *region,
                       const char *path, kh_error *err) KH_WUR;

/*
 * The project library as offices exchange it: the interchange columns of
 * ../shared/spec/funds-projects.md (CSV or XLSX by the path's extension),
 * the projects within the actor's scope (region: that subtree). Imported
 * again, it gives the same library and no finding.
 */
int kh_app_funds_export(kh_store *s, const struct kh_standard *std,
                        const kh_actor *who, const char *region,
                        const char *path, kh_error *err) KH_WUR;

/*
 * The funds' performance score (扶贫资金绩效评价, docs/funds.md): the
 * counties with allocations of year within the actor's scope (region:
 * that subtree) scored under scheme (NULL: the preset funds-county-2017,
 * 财农〔2017〕115号's 评分表) from the funds.* indicators and the inputs
 * files a 考核组 fills (audit findings, 违纪违法 cases; as `assess run`'s
 * --inputs); then per county and per city and province above them: the
 * score (a county's total as a share of the scheme's total, 0–100; above
 * the county the mean of its counties'), the cases (审计检查问题 and
 * 违纪违法 cases, summed) and whether a veto of the scheme applied to any
 * of them (违反扶贫资金管理使用规定). Rows to fn in code order. Nothing is
 * stored; audited as funds.score.
 */
typedef struct kh_funds_score_req {
    int year;
    const char *region;  /* NULL: the actor's scope */
    const char *scheme;  /* NULL: funds-county-2017 */
    size_t nfiles;
    const char *const *paths;
    int threads;
    const char *today;   /* YYYY-MM-DD */
    void (*note)(void *ctx, const char *zh, const char *en);
    void *note_ctx;
} kh_funds_score_req;

typedef struct kh_funds_score_row {
    char code[13];
    const char *name;
    int level;           /* KH_LV_* */
    long long score;     /* centi-points, 0..10000 */
    int counties;        /* the counties scored under it */
    long long cases;     /* 审计检查问题 + 违纪违法 cases */
    int veto;            /* 1: a veto of the scheme applied below */
} kh_funds_score_row;
typedef int (*kh_funds_score_fn)(void *ctx, const kh_funds_score_row *r);

int kh_app_funds_score(kh_store *s, const struct kh_standard *std,
                       const kh_actor *who, const kh_funds_score_req *req,
                       kh_funds_score_fn fn, void *ctx, kh_error *err) KH_WUR;

/*
 * What is behind funds indicator `indicator` (funds.<key>) of region code
 * in year: the county's own figures (allocations, 滞留 at the county) and
 * each project under code, with what it adds to the numerator and the
 * denominator (rows adding nothing only when all is set). Within the
 * actor's scope; audited as funds.explain.
 */
typedef int (*kh_funds_explain_fn)(void *ctx, const kh_funds_tally *t, int k);
int kh_app_funds_explain(kh_store *s, const struct kh_standard *std,
                         const kh_actor *who, int year, const char *code,
                         const char *indicator, int all,
                         kh_funds_explain_fn fn, void *ctx,
                         kh_error *err) KH_WUR;

#endif
