/* SPDX-License-Identifier: MIT */
/*
 * cli_rectify.c - `kaohe rectify`: the problem list and each problem's
 * rectification. Subcommands: add, generate, import (problems and plans
 * from a sheet), plan, progress, attach, request-close, verify, reject,
 * reopen (the status machine of rectify.h), list (also per 责任单位 or
 * 牵头部门 with --by), due, show, export (the plan in the layout offices
 * exchange), ledger (整改台账), evidence; recheck is in
 * cli_rectify_recheck.c, import in cli_rectify_io.c. docs/cli/rectify.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "cli/cli_rectify.h"
#include "kaohe/app_documents.h"
#include "kaohe/app_problem.h"
#include "kaohe/app_rectify.h"
#include "kaohe/buf.h"
#include "kaohe/documents.h"
#include "kaohe/date.h"
#include "kaohe/fmt.h"
#include "kaohe/label.h"
#include "kaohe/encoding.h"
#include "kaohe/assess.h"
#include "kaohe/assess_store.h"
#include "kaohe/indicators.h"
#include "kaohe/indicators_store.h"
#include "kaohe/rect_export.h"
#include "kaohe/rectify.h"
#include "kaohe/rectify_store.h"
#include "kaohe/registry.h"
#include "kaohe/review.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"
#include "kaohe/table.h"
#include "kaohe/tabwriter.h"


static const char *nz(const char *s) { return s ? s : ""; }

typedef struct ropts {
    const char *sub;
    const char *db, *stdpath, *region, *source, *category, *text, *date;
    const char *measures, *lead, *person, *deadline, *stages, *note;
    const char *accountability, *mechanism;
    const char *status, *dept, *out, *format, *level, *file;
    const char *assessment; /* a stored assessment's scheme */
    const char *user;
    int version;
    cli_list units, evidence;
    long long id, get;
    int year, days, overdue, peers;
    int import_flags; /* CLI_RECT_DRY_RUN, _ALLOW_NEW, _UPDATE_IDENTITY */
    int dry_run, allow_new, update_identity; /* import's flags as given */
    int rebound;      /* list: only 反弹 problems */
    int unmask;       /* list, due, export, ledger, report, show, evidence:
                         IDs, phones whole */
    const char *by;   /* list --by unit|dept */
} ropts;

#define WRITES "add generate import plan progress attach request-close " \
               "verify reject reopen"
#define LISTS "list due export"
#define O(f) offsetof(ropts, f)
static const cli_option table[] = {
    CLI_OPT_DB(O(db), NULL),
    CLI_OPT_STANDARDS(O(stdpath),
                      WRITES " " LISTS " show recheck report ledger"),
    {"--user", "NAME", CLI_STR, O(user), NULL, NULL,
     "操作人(默认 $KAOHE_USER) / the acting user (default $KAOHE_USER)"},
    {"--region", "CODE", CLI_STR, O(region),
     "add generate " LISTS " ledger report recheck", NULL,
     "区划代码 / the region"},
    {"--source", "S", CLI_STR, O(source), "add " LISTS, NULL,
     "问题来源 / the problem's source"},
    {"--category", "C", CLI_STR, O(category), "add " LISTS, NULL,
     "问题类别 / the problem's category"},
    {"--text", "T", CLI_STR, O(text), "add", NULL, "问题 / the problem"},
    {"--date", "YYYY-MM-DD", CLI_STR, O(date), "add generate", NULL,
     "发现日期(默认今天) / the date found (default today)"},
    CLI_OPT_YEAR(O(year), "add generate " LISTS " report recheck"),
    {"--level", "L", CLI_STR, O(level), "generate recheck", NULL,
     "层级 / the level"},
    {"--assessment", "SCHEME", CLI_STR, O(assessment), "generate recheck",
     NULL, "已存的考核结果所用方案 / a stored assessment's scheme"},
    {"--version", "N", CLI_INT, O(version), "generate recheck", "1..",
     "考核结果第几版(默认最新) / the assessment's version (default the "
     "latest)"},
    {"--measures", "T", CLI_STR, O(measures), "plan", NULL,
     "整改措施 / the measures"},
    {"--lead", "DEPT", CLI_STR, O(lead), "plan", NULL,
     "牵头部门 / the lead department"},
    {"--unit", "UNIT", CLI_LIST, O(units), "plan", "32",
     "责任单位,可给多个 / a responsible unit, several allowed"},
    {"--person", "P", CLI_STR, O(person), "plan", NULL,
     "责任人 / the person responsible"},
    {"--deadline", "D", CLI_STR, O(deadline), "plan", NULL,
     "整改时限 YYYY-MM-DD 或 长期坚持 / the deadline"},
    {"--stages", "D1,D2,D3", CLI_STR, O(stages), "plan", NULL,
     "阶段时限 / the stage dates"},
    {"--accountability", "T", CLI_STR, O(accountability), "plan", NULL,
     "执纪问责情况(空字符串清除)/ who was held to account (empty: cleared)"},
    {"--mechanism", "T", CLI_STR, O(mechanism), "plan", NULL,
     "建立的长效机制(空字符串清除)/ the lasting rule made (empty: cleared)"},
    {"--note", "T", CLI_STR, O(note),
     "plan progress request-close verify reject reopen", NULL,
     "说明 / a note"},
    {"--evidence", "FILE", CLI_LIST, O(evidence), "attach request-close",
     "32", "佐证材料,可给多个 / an evidence file, several allowed"},
    {"--status", "S", CLI_STR, O(status), LISTS, NULL,
     "只列该状态 / this status only"},
    {"--dept", "D", CLI_STR, O(dept), LISTS, NULL,
     "只列该部门负责的 / this department's only"},
    {"--overdue", NULL, CLI_FLAG, O(overdue), LISTS, NULL,
     "只列逾期的 / overdue ones only"},
    {"--peers", NULL, CLI_FLAG, O(peers), LISTS, NULL,
     "也列同级区划的 / the peers' problems too"},
    {"--days", "N", CLI_INT, O(days), "due", "0..36500",
     "几天内到期 / falling due within N days"},
    {"--format", "F", CLI_ENUM, O(format), LISTS, "text|json|csv|xlsx",
     "输出格式(默认按 -o 的扩展名) / output format (default by -o's "
     "extension)"},
    {"--format", "F", CLI_ENUM, O(format), "recheck", "text|json",
     "输出格式 / output format"},
    {"--by", "unit|dept", CLI_ENUM, O(by), LISTS, "unit|dept",
     "按责任单位或牵头部门统计 / counts per unit or department"},
    {"--rebound", NULL, CLI_FLAG, O(rebound), LISTS, NULL,
     "只列反弹的 / 反弹 problems only"},
    {"--dry-run", NULL, CLI_FLAG, O(dry_run), "import", NULL,
     "只检查,不写入 / check only, write nothing"},
    {"--allow-new", NULL, CLI_FLAG, O(allow_new), "import", NULL,
     "无编号的行登记为新问题 / rows without a number are new problems"},
    {"--update-identity", NULL, CLI_FLAG, O(update_identity), "import", NULL,
     "允许改问题本身的字段 / the problem's own fields may change"},
    {"-o", "FILE", CLI_PATH, O(out), LISTS " ledger report evidence", NULL,
     "输出文件 / output file"},
    CLI_OPT_UNMASK(O(unmask), "list due export ledger report show evidence"),
    {"--get", "N", CLI_LONG, O(get), "evidence", "1..",
     "取回第 N 份材料 / fetch evidence number N"},
    CLI_END};

static const cli_spec spec = {
    "rectify",
    "用法 / usage: kaohe rectify SUBCOMMAND [options] [--db FILE]\n"
    "  add --region CODE --source 来源 --category 类别 --text 问题\n"
    "      [--date YYYY-MM-DD] [--year Y]        登记问题 / add a problem\n"
    "  generate --year Y [--level 县] [--region CODE] [--standards F]\n"
    "      按 [problem_rule] 从指标生成问题 / problems from the indicators\n"
    "  generate --year Y --assessment SCHEME --level 市 [--version N]\n"
    "      从已存考核结果生成问题 / problems from a stored assessment\n"
    "  import FILE [--dry-run] [--allow-new] [--update-identity]\n"
    "      从表格导入整改方案(--allow-new 无编号的行为新问题)/ plans\n"
    "  plan ID [--measures T] [--lead 部门] [--unit 单位]...\n"
    "      [--deadline YYYY-MM-DD|长期坚持] [--person P]\n"
    "      [--stages D1,D2,D3] [--accountability 执纪问责]\n"
    "      [--mechanism 长效机制]                整改方案 / the plan\n"
    "  progress ID --note T                      报进展 / progress\n"
    "  attach ID --evidence FILE...              佐证材料 / evidence\n"
    "  request-close ID [--evidence FILE]... [--note T]  申请销号\n"
    "  verify ID [--note T] | reject ID --note T | reopen ID --note T\n"
    "  list [--region CODE] [--dept D] [--status S] [--overdue]\n"
    "      [--year Y] [--category C] [--source S] [--peers] [--rebound]\n"
    "      [--by unit|dept]                      统计 / per unit or dept\n"
    "      [--format text|json|csv|xlsx] [-o FILE]\n"
    "  due --days N [--region CODE]              将到期 / falling due\n"
    "  show ID                                   详情与历史 / details\n"
    "  export -o FILE.xlsx|.csv [list filters]   整改清单 / the plan\n"
    "  ledger -o FILE.xlsx [--region CODE]       整改台账 / the ledger\n"
    "  report -o FILE.xlsx [--region CODE] [--year Y]  整改报告 / report\n"
    "  recheck --year Y [--region CODE] [--format text|json]  复核指标\n"
    "  recheck --year Y --assessment SCHEME --level L  复核考核项 / items\n"
    "  evidence ID [--get N -o FILE]             取回材料 / evidence\n"
    "Acting user: --user NAME or $KAOHE_USER (see kaohe user add).\n",
    table,
    "add generate import plan progress attach request-close verify reject "
    "reopen list due show export ledger report recheck evidence",
    1};

static int parse(int argc, char **argv, ropts *o)
{
    memset(o, 0, sizeof *o);
    o->db = "kaohe.db";
    o->sub = argv[1];
    o->days = -1;
    int npos = 0;
    int rc = cli_opts_parse(&spec, o->sub, argc, argv, 2, o, &npos);
    if (rc != CLI_GO) return rc;
    if (o->user) setenv("KAOHE_USER", o->user, 1);
    o->import_flags = (o->dry_run ? CLI_RECT_DRY_RUN : 0) |
                      (o->allow_new ? CLI_RECT_ALLOW_NEW : 0) |
                      (o->update_identity ? CLI_RECT_UPDATE_IDENTITY : 0);
    if (!npos) return CLI_GO;
    if (!strcmp(o->sub, "import")) {
        o->file = argv[2];
    } else {
        char *end;
        o->id = strtoll(argv[2], &end, 10);
        if (*end || o->id <= 0)
            return cli_usage("问题编号应为正整数",
                             "the problem number must be a positive "
                             "integer");
    }
    return CLI_GO;
}

static void today_str(char out[11])
{
    int t[3];
    cli_today(t);
    kh_date_format(out, t[0], t[1], t[2]);
}

void cli_rect_warn(unsigned warnings, const char *found_on,
                   const char *deadline, const char *today)
{
    if (warnings & KH_RW_FUTURE_FOUND)
        fprintf(stderr,
                "kaohe: 警告:发现日期 %s 在今天(%s)之后\n"
                "kaohe: warning: the date found %s is after today (%s)\n",
                found_on, today, found_on, today);
    if (warnings & KH_RW_PAST_DEADLINE)
        fprintf(stderr,
                "kaohe: 警告:整改时限 %s 在制定方案时已过(今天 %s)\n"
                "kaohe: warning: the deadline %s has passed already (today "
                "%s)\n",
                deadline, today, deadline, today);
    if (warnings & KH_RW_STAGES_REVERSED)
        fprintf(stderr,
                "kaohe: 警告:阶段开始日期顺序颠倒(应为 制定方案 ≤ 集中整改 ≤ "
                "督导整改)\nkaohe: warning: the stages start in reverse "
                "order (制定方案, 集中整改, 督导整改 should follow each "
                "other)\n");
}

int cli_rect_date_ok(const char *s)
{
    int y, m, d;
    return s && strlen(s) == 10 && !kh_date_parse(s, 10, &y, &m, &d);
}

/* ---- the acting user and the transaction around a write ---- */


int cli_rect_open(const char *db, const char *stdpath, cli_rect_w *w)
{
    memset(w, 0, sizeof *w);
    kh_error_clear(&w->err);
    if (!(w->std = cli_standard(stdpath))) return CLI_FAIL;
    if (kh_store_open(db, KH_STORE_OPEN, &w->s, &w->err)) {
        kh_standard_free(w->std);
        return cli_report_error(&w->err);
    }
    w->who = cli_who();
    cli_timestamp(w->now);
    today_str(w->today);
    if (kh_store_begin(w->s, &w->err)) {
        kh_store_close(w->s);
        kh_standard_free(w->std);
        return cli_report_error(&w->err);
    }
    return CLI_OK;
}

/* Commit when rc is 0, else roll back; report; close. */
int cli_rect_close(cli_rect_w *w, int rc)
{
    if (!rc && kh_store_commit(w->s, &w->err)) rc = w->err.status;
    if (rc) kh_store_rollback(w->s);
    kh_store_close(w->s);
    kh_standard_free(w->std);
    return rc ? cli_report_error(&w->err) : CLI_OK;
}

/* The label of list name that v is (a label or one of its codes). */
const char *cli_rect_label(const kh_standard *std, const char *list,
                              const char *v)
{
    int e = kh_standard_enum(std, list);
    int k = e < 0 || !v ? -1 : kh_standard_enum_lookup(std, e, v, strlen(v));
    return k < 0 ? NULL : kh_standard_enum_label(std, e, k);
}

int cli_rect_bad(kh_error *err, const char *what_zh, const char *what_en,
                     const char *v)
{
    return kh_error_set(err, KH_ERR_INVALID, "rectify_value",
                        "%s“%s”无效", "%.0s%.0s%s: invalid value '%s'",
                        what_zh, v ? v : "", what_en, v ? v : "");
}

int cli_rect_region_known(kh_store *s, const char *code, kh_error *err)
{
    kh_regionset *rs = NULL;
    int rc = kh_regionset_new(&rs, err);
    if (!rc) rc = kh_store_regions_load(s, rs, err);
    if (!rc && !kh_regionset_find(rs, code))
        rc = kh_error_set(err, KH_ERR_INVALID, "region_unknown",
                          "区划代码 %s 不在区划表中",
                          "region %s is not in the region list", code);
    kh_regionset_free(rs);
    return rc;
}

/* Split a 责任单位 cell ("县扶贫办、县教育局") into units
 * (kh_rect_units_split). */
int cli_rect_units(const char *v, char *buf, size_t bufsz,
                   const char **units)
{
    return kh_rect_units_split(v, buf, bufsz, units, MAXLIST);
}

/* Fill a plan from the options; 0 or a usage error. */
static int plan_from_opts(const ropts *o, kh_problem_plan *pl, char *stagebuf,
                          size_t stagesz, kh_error *err)
{
    memset(pl, 0, sizeof *pl);
    pl->measures = o->measures;
    pl->lead_dept = o->lead;
    pl->person = o->person;
    pl->deadline = o->deadline;
    pl->accountability = o->accountability;
    pl->mechanism = o->mechanism;
    if (o->deadline && strcmp(o->deadline, "长期坚持") &&
        !cli_rect_date_ok(o->deadline))
        return cli_rect_bad(err, "整改时限(应为 YYYY-MM-DD 或 长期坚持)",
                         "deadline (YYYY-MM-DD or 长期坚持)", o->deadline);
    if (o->units.n) {
        pl->units = o->units.v;
        pl->nunits = o->units.n;
    }
    if (o->stages) {
        snprintf(stagebuf, stagesz, "%s", o->stages);
        char *p = stagebuf;
        for (int i = 0; i < KH_NSTAGES; i++) {
            char *c = strchr(p, ',');
            if (c) *c = '\0';
            if (*p && !cli_rect_date_ok(p))
                return cli_rect_bad(err, "阶段开始日期", "stage start date", p);
            pl->stage_start[i] = p;
            if (!c) {
                if (i != KH_NSTAGES - 1)
                    return cli_rect_bad(err,
                                     "--stages(应为三个日期,以逗号分隔)",
                                     "--stages (three dates, comma-separated)",
                                     o->stages);
                break;
            }
            p = c + 1;
        }
    }
    return KH_OK;
}

/* ---- add, plan, progress, evidence, verdicts ---- */

static int need_id(const ropts *o)
{
    if (o->id > 0) return CLI_OK;
    return cli_usage("缺少问题编号", "missing the problem number");
}

static int run_add(const ropts *o)
{
    cli_rect_w w;
    if (cli_rect_open(o->db, o->stdpath, &w)) return CLI_FAIL;
    int rc = KH_OK;
    const char *cat = cli_rect_label(w.std, "problem_category", o->category);
    const char *src = cli_rect_label(w.std, "problem_source", o->source);
    if (!o->region || !o->text || !o->text[0])
        rc = kh_error_msg(&w.err, KH_ERR_INVALID, "usage",
                          "需要 --region、--source、--category 和 --text",
                          "--region, --source, --category and --text are "
                          "required");
    else if (!cat)
        rc = cli_rect_bad(&w.err, "问题类别(见 [enum.problem_category])",
                       "category (see [enum.problem_category])", o->category);
    else if (!src)
        rc = cli_rect_bad(&w.err, "问题来源(见 [enum.problem_source])",
                       "source (see [enum.problem_source])", o->source);
    else if (o->date && !cli_rect_date_ok(o->date))
        rc = cli_rect_bad(&w.err, "发现日期", "date found", o->date);
    if (!rc) rc = cli_rect_region_known(w.s, o->region, &w.err);
    long long id = 0;
    int added;
    if (!rc) {
        /* Without --year, the year of 发现日期 (as the import does). */
        const char *found = o->date ? o->date : w.today;
        cli_rect_warn(kh_rect_warnings(found, NULL, NULL, w.today), found,
                      NULL, w.today);
        kh_problem_new p = {.year = o->year ? o->year : atoi(found),
                            .region = o->region,
                            .source = src,
                            .found_on = o->date ? o->date : w.today,
                            .category = cat,
                            .text = o->text};
        rc = kh_store_problem_add(w.s, &p, w.who, w.now, &id, &added, &w.err);
    }
    if (!rc) printf("已登记问题 %lld / problem %lld added\n", id, id);
    return cli_rect_close(&w, rc);
}

/* The evidence files read into f[] (names without their path). */
static int read_files(const char *const *files, size_t n, kh_app_file *f,
                      kh_buf *bufs, kh_error *err)
{
    for (size_t i = 0; i < n; i++) {
        FILE *fp = fopen(files[i], "rb");
        if (!fp)
            return kh_error_set(err, KH_ERR_IO, "evidence_open",
                                "无法读取佐证材料 %s", "cannot read %s",
                                files[i]);
        char chunk[65536];
        size_t got;
        int rc = KH_OK;
        while (!rc && (got = fread(chunk, 1, sizeof chunk, fp)) > 0)
            rc = kh_buf_add(&bufs[i], chunk, got);
        if (!rc && ferror(fp))
            rc = kh_error_set(err, KH_ERR_IO, "evidence_open",
                              "读取 %s 出错", "error reading %s", files[i]);
        else if (rc)
            kh_error_msg(err, rc, "nomem", "内存不足", "out of memory");
        fclose(fp);
        if (rc) return rc;
        const char *base = strrchr(files[i], '/');
        f[i].name = base ? base + 1 : files[i];
        f[i].data = bufs[i].data;
        f[i].len = bufs[i].len;
        f[i].sha[0] = '\0';
    }
    return KH_OK;
}

/* An action on a problem as the acting user ($KAOHE_USER): who may is
 * the use case's decision (kh_app_problem_act), as for the web. */
static int act_as_user(const ropts *o, int action,
                       const kh_problem_plan *pl, size_t nfiles)
{
    unsigned warnings = 0;
    kh_error err;
    kh_error_clear(&err);
    kh_standard *std = cli_standard(o->stdpath);
    if (!std) return CLI_FAIL;
    kh_store *s = NULL;
    kh_actor who;
    kh_app_file files[MAXLIST];
    kh_buf bufs[MAXLIST];
    for (size_t i = 0; i < MAXLIST; i++) bufs[i] = (kh_buf)KH_BUF_INIT;
    char now[32];
    cli_timestamp(now);
    int rc = cli_open_as(o->db, std, &s, &who, &err);
    if (!rc) rc = read_files(o->evidence.v, nfiles, files, bufs, &err);
    if (!rc)
        rc = kh_app_problem_act(s, &who, o->id, action, pl, o->note, files,
                                nfiles, NULL, &warnings, &err);
    if (!rc && warnings) {
        /* a plan's warnings, not refusals (the use case's, as of today) */
        char today[11];
        snprintf(today, sizeof today, "%.10s", who.now);
        cli_rect_warn(warnings, NULL, pl->deadline, today);
    }
    for (size_t i = 0; !rc && i < nfiles; i++)
        printf("佐证材料 / evidence: %s sha256:%s\n", files[i].name,
               files[i].sha);
    for (size_t i = 0; i < MAXLIST; i++) kh_buf_free(&bufs[i]);
    kh_store_close(s);
    kh_standard_free(std);
    if (!rc) return CLI_OK;
    rc = cli_report_error(&err);
    /* A refusal (scope, role) exits as the status machine's does: 1. */
    return err.status == KH_ERR_DENIED ? CLI_FINDINGS : rc;
}

static int run_act(const ropts *o, int action)
{
    if (need_id(o)) return CLI_FAIL;
    if ((action == KH_RA_PROGRESS || action == KH_RA_REJECT ||
         action == KH_RA_REOPEN) &&
        (!o->note || !o->note[0]))
        return cli_usage("需要 --note 说明", "--note is required");
    kh_problem_plan pl;
    char stagebuf[64];
    if (action == KH_RA_PLAN) {
        kh_error err;
        kh_error_clear(&err);
        int rc = plan_from_opts(o, &pl, stagebuf, sizeof stagebuf, &err);
        if (!rc && !o->measures && !o->lead && !o->person && !o->deadline &&
            !o->stages && !o->units.n && !o->accountability && !o->mechanism)
            rc = kh_error_msg(&err, KH_ERR_INVALID, "usage",
                              "没有要修改的方案内容",
                              "nothing to change in the plan");
        if (rc) return cli_report_error(&err);
    }
    /* Evidence goes with 申请销号 only (as before: ignored otherwise). */
    int rc = act_as_user(o, action, action == KH_RA_PLAN ? &pl : NULL,
                         action == KH_RA_REQUEST ? o->evidence.n : 0);
    if (rc == CLI_OK) {
        static const char *const done_zh[] = {"已更新整改方案", "已记录进展",
                                              "已申请销号", "已销号",
                                              "已退回", "已重新打开"};
        static const char *const done_en[] = {
            "plan updated", "progress recorded", "close-out requested",
            "closed", "sent back", "reopened"};
        printf("问题 %lld:%s / problem %lld: %s\n", o->id, done_zh[action],
               o->id, done_en[action]);
    }
    return rc;
}

static int run_attach(const ropts *o)
{
    if (need_id(o)) return CLI_FAIL;
    if (!o->evidence.n)
        return cli_usage("需要 --evidence FILE", "--evidence FILE is required");
    return act_as_user(o, KH_APP_EVIDENCE, NULL, o->evidence.n);
}

/* ---- generate: problems from the indicators or an assessment ---- */

void cli_rect_fmt_rate(char *out, size_t n, long long num, long long den)
{
    if (den <= 0)
        snprintf(out, n, "-");
    else
        kh_fmt_pct(num, den, 1, out, n); /* never 100.0% when not all */
}

static int parse_level(const ropts *o, int dflt)
{
    if (!o->level) return dflt;
    return kh_level_parse(o->level, strlen(o->level));
}

static void note(void *ctx, const char *zh, const char *en)
{
    (void)ctx;
    fprintf(stderr, "kaohe: 注意:%s\nkaohe: note: %s\n", zh, en);
}

/* A new problem: its number, region, category and text. */
static void print_added(void *ctx, long long id, const kh_problem_new *p)
{
    (void)ctx;
    printf("%lld\t%s\t%s\t%s\n", id, p->region, p->category, p->text);
}

/* The acting user ($KAOHE_USER, or --user) on the store: who may is the
 * use case's decision. */
static int open_as_user(const ropts *o, kh_store **s, kh_standard **std,
                        kh_actor *who, kh_error *err)
{
    *s = NULL;
    if (!(*std = cli_standard(o->stdpath))) return CLI_FAIL;
    int rc = cli_open_as(o->db, *std, s, who, err);
    return rc;
}

/* The exit of a use case's failure: a refusal (scope, role) 1. */
static int refused(const kh_error *err)
{
    int rc = cli_report_error(err);
    return err->status == KH_ERR_DENIED ? CLI_FINDINGS : rc;
}

static int run_generate(const ropts *o)
{
    if (!o->year) return cli_usage("需要 --year", "--year is required");
    int level = parse_level(o, 0);
    if (o->assessment && !level)
        return cli_usage("--assessment 需要 --level 省|市|县|乡",
                         "--assessment needs --level 省|市|县|乡");
    if (!o->assessment && o->level && !level)
        return cli_usage("--level 应为 省|市|县|乡|村",
                         "--level must be 省|市|县|乡|村");
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = NULL;
    kh_standard *std = NULL;
    kh_actor who;
    char today[11];
    today_str(today);
    int rc = open_as_user(o, &s, &std, &who, &err);
    if (!std) return CLI_FAIL;
    kh_app_generate req = {.year = o->year,
                           .level = level,
                           .region = o->region,
                           .found_on = o->date ? o->date : today,
                           .assessment = o->assessment,
                           .version = o->version,
                           .threads = 2,
                           .note = note,
                           .added = print_added};
    kh_app_generated out;
    if (!rc) rc = kh_app_problems_generate(s, std, &who, &req, &out, &err);
    kh_store_close(s);
    kh_standard_free(std);
    if (rc) return refused(&err);
    /* (a line of the text report: in Chinese only, as the list above) */
    if (o->assessment)
        printf("新增 %ld 个问题，%ld 个已在清单中（依据考核结果第 %d 版）\n",
               out.added, out.kept, out.version);
    else
        printf("新增 %ld 个问题，%ld 个已在清单中\n", out.added, out.kept);
    return CLI_OK;
}

/* ---- list, due, export ---- */

typedef struct lister {
    const ropts *o;
    int fmt;
    char today[11];
    char due_by[11]; /* due: deadline at most this */
    kh_rect_export_opts x; /* what is kept (shared with export) */
    FILE *fp;
    long n;
    int first;
    const char *home; /* the region asked for (peers are marked) */
    int home_len;     /* the length of its code's prefix */
    kh_rect_stats by; /* --by: the statistics (by.by 0: a list) */
    kh_buf peers;     /* JSON: the peers' ids, comma-separated */
} lister;



static int list_one(void *ctx, const kh_problem *p, kh_error *err)
{
    lister *l = ctx;
    int shown;
    if (!kh_rect_export_keep(&l->x, p, &shown)) return KH_OK;
    const char *deadline = p->long_term ? "长期坚持" : nz(p->deadline);
    int peer = l->home && strncmp(p->region, l->home, (size_t)l->home_len);
    l->n++;
    if (l->fmt == CLI_FMT_TEXT) {
        char rk[96] = "";
        const kh_problem_recheck *k = &p->recheck;
        if (k->run)
            snprintf(rk, sizeof rk, "\t复核 %d 年 %lld/%lld %s%s", k->year,
                     k->after_num, k->after_den, k->pass ? "已达标" : "未达标",
                     k->rebound && p->status == KH_RS_CLOSED ? " 反弹" : "");
        fprintf(l->fp, "%lld\t%s %s\t[%s]\t%s\t时限 %s%s\t%s%s\n", p->id,
                p->region, nz(p->region_name), p->category,
                kh_rect_status_zh(shown), deadline[0] ? deadline : "-", rk,
                peer ? "(举一反三)" : "", p->text);
        return KH_OK;
    }
    if (l->fmt == CLI_FMT_JSON) {
        /* The problem as GET /api/problems gives it (kh_problem_json, the
         * one rendering); a peer's id also in "peers". */
        char *t = kh_problem_json(p, l->today);
        if (!t) return kh_error_nomem(err);
        fprintf(l->fp, "%s%s", l->first ? "" : ",", t);
        free(t);
        l->first = 0;
        if (peer && kh_buf_printf(&l->peers, "%s%lld", l->peers.len ? "," : "",
                                  p->id))
            return kh_error_nomem(err);
    }
    return KH_OK;
}

static int stat_one(void *ctx, const kh_problem *p, kh_error *err)
{
    lister *l = ctx;
    int shown;
    if (!kh_rect_export_keep(&l->x, p, &shown)) return KH_OK;
    l->n++;
    return kh_rect_stats_add(&l->by, p, l->today, err);
}

static int stat_cmp(const void *a, const void *b)
{
    const kh_rect_stat *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* The statistics: per unit (or department) the problems, those closed,
 * those overdue, and the average days from 发现日期 to 销号. */
static int stats_print(lister *l, kh_error *err)
{
    kh_rect_stats *st = &l->by;
    qsort(st->v, st->n, sizeof *st->v, stat_cmp);
    int unit = st->by == KH_RECT_BY_UNIT;
    if (l->fmt == CLI_FMT_TEXT) {
        fprintf(l->fp, "%s\t问题数\t已销号\t逾期\t平均销号天数\n",
                unit ? "责任单位" : "牵头部门");
        for (size_t i = 0; i < st->n; i++) {
            const kh_rect_stat *x = &st->v[i];
            char avg[32] = "-";
            if (x->timed)
                snprintf(avg, sizeof avg, "%.1f",
                         (double)x->days / (double)x->timed);
            fprintf(l->fp, "%s\t%ld\t%ld\t%ld\t%s\n",
                    x->name[0] ? x->name
                               : (unit ? "(未定责任单位)" : "(未定牵头部门)"),
                    x->count, x->done, x->overdue, avg);
        }
        fprintf(l->fp, "共 %zu 个%s,%ld 个问题\n", st->n,
                unit ? "责任单位" : "牵头部门", l->n);
        return KH_OK;
    }
    kh_buf b = KH_BUF_INIT;
    int rc = kh_buf_printf(&b, "{\"by\":\"%s\",\"rows\":[",
                           unit ? "unit" : "dept");
    for (size_t i = 0; !rc && i < st->n; i++) {
        const kh_rect_stat *x = &st->v[i];
        rc = kh_buf_adds(&b, i ? ",{\"name\":" : "{\"name\":");
        if (!rc) rc = kh_buf_json_str(&b, x->name, strlen(x->name));
        if (!rc)
            rc = kh_buf_printf(&b,
                               ",\"count\":%ld,\"done\":%ld,\"overdue\":%ld,"
                               "\"days_to_close\":{\"sum\":%lld,\"n\":%ld}}",
                               x->count, x->done, x->overdue, x->days,
                               x->timed);
    }
    if (!rc) rc = kh_buf_printf(&b, "],\"problems\":%ld}\n", l->n);
    if (!rc) fwrite(b.data, 1, b.len, l->fp);
    kh_buf_free(&b);
    return rc ? kh_error_nomem(err) : KH_OK;
}

static int fmt_from(const ropts *o, int dflt)
{
    if (o->format) return cli_parse_format(o->format);
    if (o->out) {
        size_t n = strlen(o->out);
        if (n > 5 && !strcmp(o->out + n - 5, ".xlsx")) return CLI_FMT_XLSX;
        if (n > 4 && !strcmp(o->out + n - 4, ".csv")) return CLI_FMT_CSV;
        if (n > 5 && !strcmp(o->out + n - 5, ".json")) return CLI_FMT_JSON;
    }
    return dflt;
}

static int run_list(const ropts *o, int mode /* 0 list, 1 due, 2 export */)
{
    lister l = {.o = o, .first = 1, .fp = stdout};
    l.x.today = l.today;
    l.x.status_shown = -1;
    l.x.overdue = o->overdue;
    l.x.due_by = l.due_by;
    l.fmt = fmt_from(o, mode == 2 ? CLI_FMT_XLSX : CLI_FMT_TEXT);
    if (l.fmt < 0) return CLI_FAIL;
    if (o->by) {
        l.by.by = !strcmp(o->by, "unit") ? KH_RECT_BY_UNIT
                  : !strcmp(o->by, "dept") ? KH_RECT_BY_DEPT
                                           : 0;
        if (!l.by.by || mode)
            return cli_usage("list 的 --by 应为 unit 或 dept",
                             "list --by must be unit or dept");
        if (l.fmt != CLI_FMT_TEXT && l.fmt != CLI_FMT_JSON)
            return cli_usage("--by 的输出格式应为 text 或 json",
                             "--by writes text or json");
    }
    if (mode == 2 && !o->out)
        return cli_usage("export 需要 -o FILE", "export needs -o FILE");
    if (l.fmt == CLI_FMT_XLSX && !o->out)
        return cli_usage("xlsx 格式需要 -o FILE", "xlsx needs -o FILE");
    if (mode == 1 && o->days < 0)
        return cli_usage("需要 --days N", "--days N is required");
    today_str(l.today);
    if (mode == 1) {
        int y, m, d;
        kh_date_parse(l.today, 10, &y, &m, &d);
        kh_date_from_days(kh_date_days(y, m, d) + o->days, &y, &m, &d);
        kh_date_format(l.due_by, y, m, d);
    }
    kh_problem_filter f = {.region = o->region,
                           .dept = o->dept,
                           .year = o->year,
                           .peers = o->peers,
                           .rebound = o->rebound};
    kh_error err;
    kh_error_clear(&err);
    kh_standard *std = NULL;
    if (o->category || o->source) {
        if (!(std = cli_standard(o->stdpath))) return CLI_FAIL;
        f.category = o->category
                         ? cli_rect_label(std, "problem_category", o->category)
                         : NULL;
        f.source =
            o->source ? cli_rect_label(std, "problem_source", o->source) : NULL;
        if ((o->category && !f.category) || (o->source && !f.source)) {
            kh_standard_free(std);
            return cli_usage("未知的问题类别或来源",
                             "unknown category or source");
        }
    }
    if (o->status) {
        int st = kh_rect_status_parse(o->status);
        if (st < 0) {
            kh_standard_free(std);
            return cli_usage("--status 应为 未开始|整改中|申请销号|已销号|逾期",
                             "--status must be 未开始|整改中|申请销号|已销号|"
                             "逾期");
        }
        l.x.status_shown = st;
    }
    if (o->peers) {
        if (!o->region) {
            kh_standard_free(std);
            return cli_usage("--peers 需要 --region", "--peers needs --region");
        }
        l.home = o->region;
        l.home_len = kh_region_prefix_len(
            kh_region_code_level(o->region, strlen(o->region)));
    }
    kh_store *s = NULL;
    int out_fmt = l.fmt;
    if (out_fmt == CLI_FMT_CSV || out_fmt == CLI_FMT_XLSX) {
        /* a file of problems: who may have it, masked or not, audited —
         * the use case, as GET /api/reports/problems */
        kh_actor who;
        if (!std && !(std = cli_standard(o->stdpath))) return CLI_FAIL;
        int rc = cli_open_as(o->db, std, &s, &who, &err);
        if (!rc)
            rc = kh_app_problems_download(
                s, &who, &f, o->unmask, &l.x,
                out_fmt == CLI_FMT_XLSX ? KH_TAB_XLSX : KH_TAB_CSV,
                o->out ? o->out : "-", &l.n, &err);
        kh_store_close(s);
        kh_standard_free(std);
        if (rc) return cli_download_error(&err);
        if (o->out)
            fprintf(stderr, "kaohe: %ld 个问题写入 %s / %ld problems written "
                            "to %s\n",
                    l.n, o->out, l.n, o->out);
        return CLI_OK;
    }
    /* the list itself: the problems who may see, masked or not — the use
     * case kh_app_problems_list */
    kh_actor who;
    if (!std && !(std = cli_standard(o->stdpath))) return CLI_FAIL;
    int rc = cli_open_as(o->db, std, &s, &who, &err);
    int opened = 0;
    if (!rc && o->out) {
        if (!(l.fp = fopen(o->out, "w")))
            rc = kh_error_set(&err, KH_ERR_IO, "io", "无法写入 %s",
                              "cannot write %s", o->out);
        else
            opened = 1;
    }
    if (l.by.by) {
        /* --by: the statistics per 责任单位 or 牵头部门 instead. */
        if (!rc)
            rc = kh_app_problems_list(s, &who, &f, o->unmask, stat_one, &l,
                                      &err);
        if (!rc) rc = stats_print(&l, &err);
        kh_rect_stats_free(&l.by);
    } else {
        if (!rc && out_fmt == CLI_FMT_JSON) fputs("{\"problems\":[", l.fp);
        if (!rc)
            rc = kh_app_problems_list(s, &who, &f, o->unmask, list_one, &l,
                                      &err);
        if (!rc && out_fmt == CLI_FMT_JSON)
            fprintf(l.fp, "],\"peers\":[%s]}\n", l.peers.len ? l.peers.data : "");
        kh_buf_free(&l.peers);
        if (!rc && out_fmt == CLI_FMT_TEXT)
            fprintf(l.fp, "共 %ld 个问题\n", l.n);
    }
    if (l.fp != stdout && l.fp && fclose(l.fp) && !rc)
        rc = kh_error_set(&err, KH_ERR_IO, "io", "写入 %s 失败",
                          "writing %s failed", o->out);
    kh_store_close(s);
    kh_standard_free(std);
    if (rc) {
        if (opened) remove(o->out); /* nothing half-written */
        return cli_download_error(&err);
    }
    if (o->out && out_fmt != CLI_FMT_TEXT)
        fprintf(stderr, "kaohe: %ld 个问题写入 %s / %ld problems written to "
                        "%s\n",
                l.n, o->out, l.n, o->out);
    return CLI_OK;
}

/* ---- show ---- */

/* What show needs to list the households behind a generated problem. */
typedef struct shown_ctx {
    char today[11];
    char region[13];
    char indicator[96];
    int year;
    int below; /* the rule is "< …": the households short of it count */
} shown_ctx;

static int show_problem(void *ctx, const kh_problem *p, kh_error *err)
{
    shown_ctx *sc = ctx;
    const char *today = sc->today;
    snprintf(sc->region, sizeof sc->region, "%s", p->region);
    snprintf(sc->indicator, sizeof sc->indicator, "%s", nz(p->indicator));
    sc->year = p->year;
    sc->below = p->rule && p->rule[0] == '<';
    int shown = kh_problem_shown(p, today);
    printf("问题 %lld(%d 年)\n", p->id, p->year);
    printf("  区划:     %s %s\n", p->region, nz(p->region_name));
    printf("  来源:     %s  发现日期 %s\n", p->source, p->found_on);
    printf("  类别:     %s\n", p->category);
    printf("  问题:     %s\n", p->text);
    if (p->indicator) {
        /* the indicator by its name, the value and the standard in words
         * (as the 整改报告), and the command that lists its households */
        kh_problem q = *p;
        q.recheck.run = 1;
        q.recheck.year = p->year;
        q.recheck.before_num = q.recheck.after_num = p->value_num;
        q.recheck.before_den = q.recheck.after_den = p->value_den;
        kh_recheck_words w;
        kh_recheck_words_of(&q, &w);
        printf("  依据:     %s %s%s%s(逐户明细:kaohe indicators explain %s "
               "%s --year %d)\n",
               w.what[0] ? w.what : p->indicator, w.before,
               w.rule[0] ? ",标准 " : "", w.rule, p->region, p->indicator,
               p->year);
    }
    printf("  整改措施: %s\n", nz(p->measures));
    printf("  牵头部门: %s\n", nz(p->lead_dept));
    printf("  责任单位: %s\n", nz(p->units));
    printf("  责任人:   %s\n", nz(p->person));
    printf("  整改时限: %s\n",
           p->long_term ? "长期坚持" : (p->deadline ? p->deadline : "未定"));
    int stage = kh_rect_stage_at(p->stage_start, today);
    printf("  阶段:     %s %s / %s %s / %s %s  当前:%s\n",
           kh_rect_stage_zh(0), nz(p->stage_start[0]), kh_rect_stage_zh(1),
           nz(p->stage_start[1]), kh_rect_stage_zh(2), nz(p->stage_start[2]),
           stage < 0 ? "未开始" : kh_rect_stage_zh(stage));
    printf("  进展:     %s\n", nz(p->progress));
    printf("  状态:     %s%s%s\n", kh_rect_status_zh(shown),
           p->requested_by ? "  申请人 " : "", nz(p->requested_by));
    /* what the latest recheck offers: 申请销号 with it as evidence */
    const kh_problem_recheck *k = &p->recheck;
    if (k->run && k->pass && p->status == KH_RS_DOING)
        printf("  可申请销号:第 %lld 次复核(%d 年数据)已达标,可作佐证"
               "(kaohe rectify request-close %lld)\n",
               k->run, k->year, p->id);
    else if (k->run && k->rebound && p->status == KH_RS_CLOSED)
        printf("  反弹:第 %lld 次复核(%d 年数据)未达标,是否重新打开"
               "由核验人员决定\n",
               k->run, k->year);
    (void)err;
    return KH_OK;
}

/* An action of the history in words. */
static const char *action_zh(const char *a)
{
    static const char *const map[][2] = {
        {"add", "登记"},          {"plan", "制定方案"},
        {"progress", "报进展"},   {"evidence", "上传佐证"},
        {"request", "申请销号"},  {"verify", "核实销号"},
        {"reject", "退回"},       {"reopen", "重新打开"},
        {"identity", "更正问题"}, {"import", "导入清单"}};
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (!strcmp(a, map[i][0])) return map[i][1];
    return a;
}

static int show_event(void *ctx, const char *at, const char *who,
                      const char *action, int from, int to, const char *note,
                      const char *before, const char *after)
{
    (void)ctx;
    printf("  %s  %-10s %s(%s)  %s → %s%s%s\n", at, who, action_zh(action),
           action, from < 0 ? "—" : kh_rect_status_zh(from),
           kh_rect_status_zh(to), note ? "  " : "", nz(note));
    if (before) printf("      修改前:%s\n      修改后:%s\n", before, after);
    return 0;
}

static int show_evidence(void *ctx, long long eid, const char *name,
                         const char *sha, long long size, const char *at,
                         const char *who, const void *data, size_t n)
{
    (void)ctx;
    (void)data;
    (void)n;
    printf("  [%lld] %s  %lld 字节  校验值(SHA-256) %s  %s %s\n", eid, name,
           size, sha, at, who);
    return 0;
}

static int show_recheck(void *ctx, const kh_problem_recheck *k)
{
    (void)ctx;
    char was[32], now[32];
    cli_rect_fmt_rate(was, sizeof was, k->before_num, k->before_den);
    cli_rect_fmt_rate(now, sizeof now, k->after_num, k->after_den);
    printf("  第 %lld 次  %s  %d 年数据  %s(%lld/%lld) → %s(%lld/%lld)  "
           "%s%s\n",
           k->run, nz(k->at), k->year, was, k->before_num, k->before_den,
           now, k->after_num, k->after_den, k->pass ? "已达标" : "未达标",
           k->rebound ? "  反弹" : "");
    return 0;
}

typedef struct behind {
    kh_indicators *ix;
    size_t ind;
    int below;
    long listed, shown;
} behind;

static int behind_hh(void *ctx, const kh_ind_hh *h, kh_error *err)
{
    behind *b = ctx;
    long long num, den;
    kh_indicators_terms(b->ix, h, b->ind, &num, &den);
    (void)err;
    if (b->below ? num >= den : !num) return KH_OK;
    if (b->listed++ < 20) {
        printf("  %s\t%s\t%lld/%lld\n", h->hh_id, h->village, num, den);
        b->shown++;
    }
    return KH_OK;
}

typedef struct stored_hh {
    long listed;
} stored_hh;

static int stored_hh_one(void *ctx, const char *hh_id, const char *village)
{
    stored_hh *c = ctx;
    if (c->listed++ < 20) printf("  %s\t%s\n", hh_id, village);
    return 0;
}

/* The households behind a generated problem's indicator (the first 20):
 * those stored when it was generated, else (a problem generated before
 * they were kept) the year's households now. */
static int show_households(kh_store *s, const ropts *o, const shown_ctx *sc,
                           kh_error *err)
{
    long long n = 0;
    if (kh_store_problem_households(s, o->id, NULL, NULL, &n, err))
        return err->status;
    if (n > 0) {
        stored_hh c = {0};
        printf("问题户(%d 年数据,生成问题时记录):\n", sc->year);
        if (kh_store_problem_households(s, o->id, stored_hh_one, &c, &n, err))
            return err->status;
        if (n > 20)
            printf("  … 共 %lld 户\n", n);
        return KH_OK;
    }
    if (!sc->indicator[0] || !kh_store_year_exists(s, sc->year)) return KH_OK;
    kh_standard *std = cli_standard(o->stdpath);
    if (!std) return kh_error_msg(err, KH_ERR_USAGE, "standard", "标准文件错误",
                                  "bad standards file");
    kh_regionset *rs = NULL;
    kh_indicators *ix = NULL;
    int rc = kh_regionset_new(&rs, err);
    if (!rc) rc = kh_store_regions_load(s, rs, err);
    if (!rc)
        rc = kh_indicators_new(std, sc->year, rs,
                               kh_store_ind_with(s, sc->year), &ix, err);
    kh_regionset_free(rs);
    int i = rc ? -1 : kh_indicators_find(ix, sc->indicator);
    if (!rc && i >= 0 && kh_indicators_kind(ix, (size_t)i) != 1) {
        char prefix[13];
        snprintf(prefix, sizeof prefix, "%.*s",
                 kh_region_prefix_len(kh_region_code_level(sc->region, 12)),
                 sc->region);
        behind b = {ix, (size_t)i, sc->below, 0, 0};
        printf("问题户(%d 年数据):\n", sc->year);
        rc = kh_store_ind_households(s, sc->year, std, prefix, behind_hh, &b,
                                     err);
        if (!rc && b.listed > b.shown)
            printf("  … 共 %ld 户(全部:kaohe indicators explain %s %s "
                   "--year %d)\n",
                   b.listed, sc->region, sc->indicator, sc->year);
    }
    kh_indicators_free(ix);
    kh_standard_free(std);
    return rc;
}

static int no_problem(void *ctx, const kh_problem *p, kh_error *err)
{
    (void)ctx;
    (void)p;
    (void)err;
    return KH_OK;
}

/* The store opened as the acting user (cli_open_as): who may read the
 * problem, masked how, is kh_app_problem_read's. */
static int open_reader(const ropts *o, kh_store **s, kh_actor *who,
                       kh_error *err)
{
    kh_standard *std = cli_standard(o->stdpath);
    if (!std)
        return kh_error_msg(err, KH_ERR_USAGE, "standard", "标准文件错误",
                            "bad standards file");
    int rc = cli_open_as(o->db, std, s, who, err);
    kh_standard_free(std);
    return rc;
}

static int run_show(const ropts *o)
{
    if (need_id(o)) return CLI_FAIL;
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = NULL;
    kh_actor who;
    shown_ctx sc = {0};
    today_str(sc.today);
    int rc = open_reader(o, &s, &who, &err);
    if (!rc)
        rc = kh_app_problem_read(s, &who, o->id, o->unmask, show_problem, &sc,
                                 NULL, NULL, &err);
    if (!rc) rc = show_households(s, o, &sc, &err);
    if (!rc) {
        puts("复核记录:");
        rc = kh_store_problem_rechecks(s, o->id, show_recheck, NULL, &err);
    }
    if (!rc) {
        puts("历史:");
        rc = kh_app_problem_read(s, &who, o->id, o->unmask, no_problem, NULL,
                                 show_event, NULL, &err);
    }
    if (!rc) {
        puts("佐证材料:");
        rc = kh_store_problem_evidence(s, o->id, 0, show_evidence, NULL,
                                       &err);
    }
    kh_store_close(s);
    return rc ? cli_download_error(&err) : CLI_OK;
}

/* ---- evidence: get a file back ---- */

typedef struct getter {
    long long want;
    const char *out;
    int found;
    kh_error *err;
} getter;

static int get_one(void *ctx, long long eid, const char *name,
                   const char *sha, long long size, const char *at,
                   const char *who, const void *data, size_t n)
{
    getter *g = ctx;
    if (!g->want) return show_evidence(NULL, eid, name, sha, size, at, who,
                                       NULL, 0);
    if (eid != g->want) return 0;
    g->found = 1;
    char check[65];
    kh_sha256_hex(data ? data : "", n, check);
    if (strcmp(check, sha))
        return kh_error_set(g->err, KH_ERR_DB, "evidence_hash",
                            "材料 %s 的哈希不符,数据库可能已损坏",
                            "the hash of %s does not match: the database "
                            "may be damaged",
                            name);
    FILE *fp = fopen(g->out, "wb");
    if (!fp || (n && fwrite(data, 1, n, fp) != n) || fclose(fp)) {
        if (fp) fclose(fp);
        remove(g->out);
        return kh_error_set(g->err, KH_ERR_IO, "io", "无法写入 %s",
                            "cannot write %s", g->out);
    }
    printf("%s -> %s (sha256:%s)\n", name, g->out, sha);
    return 0;
}

static int run_evidence(const ropts *o)
{
    if (need_id(o)) return CLI_FAIL;
    if (o->get && !o->out)
        return cli_usage("--get 需要 -o FILE", "--get needs -o FILE");
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = NULL;
    getter g = {o->get, o->out, 0, &err};
    kh_actor who;
    int rc = open_reader(o, &s, &who, &err);
    shown_ctx sc = {0};
    today_str(sc.today);
    if (!rc)
        rc = kh_app_problem_read(s, &who, o->id, o->unmask, show_problem, &sc,
                                 NULL, NULL, &err);
    if (!rc) rc = kh_store_problem_evidence(s, o->id, o->get > 0, get_one,
                                            &g, &err);
    if (!rc && o->get && !g.found)
        rc = kh_error_set(&err, KH_ERR_NOTFOUND, "evidence_missing",
                          "问题 %lld 没有编号为 %lld 的材料",
                          "problem %lld has no evidence number %lld", o->id,
                          o->get);
    kh_store_close(s);
    return rc ? cli_download_error(&err) : CLI_OK;
}

int cli_rectify(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        cli_opts_help(&spec, NULL);
        return argc < 2 ? CLI_FAIL : CLI_OK;
    }
    ropts o;
    int rc = parse(argc, argv, &o);
    if (rc != CLI_GO) return rc;
    const char *sub = o.sub;
    if (!strcmp(sub, "add")) return run_add(&o);
    if (!strcmp(sub, "generate")) return run_generate(&o);
    if (!strcmp(sub, "import")) return cli_rectify_import(o.db, o.file, o.stdpath,
                                  o.import_flags);
    if (!strcmp(sub, "plan")) return run_act(&o, KH_RA_PLAN);
    if (!strcmp(sub, "progress")) return run_act(&o, KH_RA_PROGRESS);
    if (!strcmp(sub, "attach")) return run_attach(&o);
    if (!strcmp(sub, "request-close")) return run_act(&o, KH_RA_REQUEST);
    if (!strcmp(sub, "verify")) return run_act(&o, KH_RA_VERIFY);
    if (!strcmp(sub, "reject")) return run_act(&o, KH_RA_REJECT);
    if (!strcmp(sub, "reopen")) return run_act(&o, KH_RA_REOPEN);
    if (!strcmp(sub, "list")) return run_list(&o, 0);
    if (!strcmp(sub, "due")) return run_list(&o, 1);
    if (!strcmp(sub, "export")) return run_list(&o, 2);
    if (!strcmp(sub, "show")) return run_show(&o);
    if (!strcmp(sub, "evidence")) return run_evidence(&o);
    if (!strcmp(sub, "recheck")) {
        cli_recheck_opts ro = {o.db,     o.stdpath,    o.region,
                               o.format, o.assessment, o.year,
                               parse_level(&o, 0),     o.version};
        return cli_rectify_recheck(&ro);
    }
    if (!strcmp(sub, "report"))
        return cli_rectify_report(o.db, o.stdpath, o.region, o.year, o.out,
                                  o.unmask);
    if (!strcmp(sub, "ledger"))
        return cli_rectify_ledger(o.db, o.stdpath, o.region, o.out,
                                  o.unmask);
    fprintf(stderr, "kaohe: 未知的 rectify 子命令 %s / unknown rectify "
                    "subcommand %s\n",
            sub, sub);
    return CLI_FAIL;
}
