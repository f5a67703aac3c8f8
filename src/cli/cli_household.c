/* SPDX-License-Identifier: MIT */
/*
 * cli_household.c - `kaohe household edit|history`: one household of a
 * stored year edited from the command line with the web form's checks,
 * version and audit (the use case kh_app_household_edit,
 * app_household.h), and its history of edits. The acting user is
 * $KAOHE_USER (else the login name), a registered user whose role and
 * region decide, as in the web application.
 *
 * The edit is given as --set KEY=VALUE pairs (the registry's field keys
 * and values as a registry file holds them: money in 元, 是/否, labels):
 * a pair applies to the household until --member N (the member at
 * position N) or --add-member (a new member) says otherwise;
 * --remove-member N removes one. Or the web's JSON body from a file
 * (--json FILE). --revision R is the version the edit is based on (what
 * `household history` shows): someone else's edit since refuses it.
 *
 * `household list` lists the households of a year within the user's scope
 * (the web's GET /api/households: kh_app_households_search), `household
 * show` prints the household and its members (一户一档, the
 * web's GET /api/households/YEAR/HH_ID) through the read use case
 * (kh_app_household_read, app_reads.h): within the user's scope, ID
 * numbers, phones and birth dates masked unless --unmask by a role that
 * may, a refusal audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "kaohe/app_household.h"
#include "kaohe/app_reads.h"
#include "kaohe/buf.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

#define MAX_SETS 256

/* Where a --set goes. */
typedef struct set {
    int target; /* 0 household, > 0 member seq, < 0 added member -J */
    const char *kv;
} set;

typedef struct hopts {
    const char *sub, *db, *stdpath, *json, *format;
    const char *year_s, *hh_id, *region, *search;
    long long revision, limit;
    int unmask;
    cli_seq seq; /* --member, --add-member, --remove-member, --set in order */
    set sets[MAX_SETS];
    size_t nsets;
    int removes[MAX_SETS];
    size_t nremoves;
    int nadds;
} hopts;

#define O(f) offsetof(hopts, f)
static const cli_option table[] = {
    CLI_OPT_DB(O(db), NULL),
    CLI_OPT_STANDARDS(O(stdpath), NULL),
    {"--revision", "R", CLI_LONG, O(revision), "edit", "0..1000000000000000",
     "修改所依据的版本号 / the version the edit is based on"},
    {"--set", "KEY=VALUE", CLI_SEQ, O(seq), "edit", NULL,
     "改一项:户的,或前面 --member/--add-member 所指成员的 / one field, of "
     "the household or of the member named before"},
    {"--member", "N", CLI_SEQ, O(seq), "edit", "1..10000",
     "其后的 --set 改第 N 个成员 / the --set after it change member N"},
    {"--add-member", NULL, CLI_SEQ, O(seq), "edit", NULL,
     "其后的 --set 为新成员 / the --set after it make a new member"},
    {"--remove-member", "N", CLI_SEQ, O(seq), "edit", "1..10000",
     "删除第 N 个成员 / remove member N"},
    {"--json", "FILE", CLI_PATH, O(json), "edit", NULL,
     "网页表单的 JSON 请求体 / the web form's JSON body"},
    {"--format", "F", CLI_ENUM, O(format), "history show list", "text|json",
     "输出格式 / output format"},
    {"--region", "CODE", CLI_STR, O(region), "list", NULL,
     "只列该区划内的户 / only the households in this region"},
    {"--search", "TEXT", CLI_STR, O(search), "list", NULL,
     "户编号、户主姓名(前缀)或完整证件号码 / 户编号 or name (prefix), or "
     "a whole ID number"},
    {"--limit", "N", CLI_LONG, O(limit), "list", "0..",
     "最多几户(0 不限)/ at most N households (0: all)"},
    {"--unmask", NULL, CLI_FLAG, O(unmask), "show list", NULL,
     "完整显示证件号码和电话(须有权限,记入审计)/ ID numbers and phones "
     "whole (a role that may; audited)"},
    CLI_END};

static const cli_spec spec = {"household", "用法 / usage:\n"
          "  kaohe household edit YEAR HH_ID --revision R\n"
          "        [--set KEY=VALUE]... [--member N --set KEY=VALUE...]...\n"
          "        [--add-member --set KEY=VALUE...]... [--remove-member N]...\n"
          "        [--json FILE] [--db FILE] [--standards FILE]\n"
          "  kaohe household history YEAR HH_ID [--format text|json] "
          "[--db FILE]\n"
          "  kaohe household show YEAR HH_ID [--unmask] [--format text|json] "
          "[--db FILE]\n"
          "  kaohe household list YEAR [--region CODE] [--search TEXT] "
          "[--limit N]\n"
          "        [--unmask] [--format text|json] [--db FILE]\n"
          "KEY 为登记表字段名(如 income_pc、phone、name)/ KEY: a registry "
          "field key (docs/registry-format.md)\n"
          "R 为修改所依据的版本号(household history 显示)/ R: the version "
          "the edit is based on (shown by household history)\n"
          "操作人 / acting user: $KAOHE_USER\n", table,
                              "edit history show list", 2};

/* The ordered options into sets, removes and added members. */
static int parse(int argc, char **argv, hopts *o)
{
    int npos = 0;
    int rc = cli_opts_parse(&spec, o->sub, argc, argv, 2, o, &npos);
    if (rc != CLI_GO) return rc;
    if (npos > 0) o->year_s = argv[2];
    if (npos > 1) o->hh_id = argv[3];
    int target = 0;
    for (size_t i = 0; i < o->seq.n; i++) {
        const char *opt = o->seq.v[i].opt, *v = o->seq.v[i].val;
        if (!strcmp(opt, "--member")) {
            target = atoi(v);
        } else if (!strcmp(opt, "--add-member")) {
            target = -++o->nadds;
        } else if (!strcmp(opt, "--remove-member")) {
            if (o->nremoves == MAX_SETS)
                return cli_usage("--remove-member 太多",
                                 "too many --remove-member");
            o->removes[o->nremoves++] = atoi(v);
        } else {
            if (!strchr(v, '=') || v[0] == '=')
                return cli_usage("--set 的格式为 KEY=VALUE",
                                 "--set takes KEY=VALUE");
            if (o->nsets == MAX_SETS)
                return cli_usage("--set 太多", "too many --set");
            o->sets[o->nsets++] = (set){target, v};
        }
    }
    return CLI_GO;
}

/* "KEY": "VALUE" of kv into b. */
static int add_pair(kh_buf *b, const char *kv)
{
    const char *eq = strchr(kv, '=');
    int rc = kh_buf_json_str(b, kv, (size_t)(eq - kv));
    if (!rc) rc = kh_buf_add(b, ":", 1);
    if (!rc) rc = kh_buf_json_str(b, eq + 1, strlen(eq + 1));
    return rc;
}

/* The sets of target into b as the members of a JSON object (after
 * first, a comma before each). */
static int add_sets(kh_buf *b, const hopts *o, int target, int first)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < o->nsets; i++) {
        if (o->sets[i].target != target) continue;
        if (!first) rc = kh_buf_add(b, ",", 1);
        first = 0;
        if (!rc) rc = add_pair(b, o->sets[i].kv);
    }
    return rc;
}

/* The web's JSON body from the options. */
static int body_of(const hopts *o, kh_buf *b)
{
    int rc = kh_buf_printf(b, "{\"household\":{");
    if (!rc) rc = add_sets(b, o, 0, 1);
    if (!rc) rc = kh_buf_printf(b, "},\"members\":[");
    /* The members named, each once, in the order first named. */
    int firstm = 1;
    for (size_t i = 0; !rc && i < o->nsets; i++) {
        int t = o->sets[i].target;
        if (t <= 0) continue;
        size_t k = 0;
        while (k < i && o->sets[k].target != t) k++;
        if (k < i) continue;
        rc = kh_buf_printf(b, "%s{\"seq\":%d", firstm ? "" : ",", t);
        firstm = 0;
        if (!rc) rc = add_sets(b, o, t, 0);
        if (!rc) rc = kh_buf_add(b, "}", 1);
    }
    if (!rc) rc = kh_buf_printf(b, "],\"add_members\":[");
    for (int j = 1; !rc && j <= o->nadds; j++) {
        rc = kh_buf_printf(b, "%s{", j > 1 ? "," : "");
        if (!rc) rc = add_sets(b, o, -j, 1);
        if (!rc) rc = kh_buf_add(b, "}", 1);
    }
    if (!rc) rc = kh_buf_printf(b, "],\"remove_members\":[");
    for (size_t i = 0; !rc && i < o->nremoves; i++)
        rc = kh_buf_printf(b, "%s%d", i ? "," : "", o->removes[i]);
    if (!rc) rc = kh_buf_printf(b, "]}");
    return rc;
}

static int print_finding(void *ctx, const kh_hh_finding *f)
{
    const char *what = ctx;
    char where[96] = "";
    if (f->seq)
        snprintf(where, sizeof where, "成员 %d / member %d: ", f->seq,
                 f->seq);
    else if (f->add)
        snprintf(where, sizeof where, "新增成员 %d / added member %d: ",
                 f->add, f->add);
    fprintf(stderr, "kaohe: %s%s%s%s%s / %s\n", what, where,
            f->column ? f->column : (f->field ? f->field : ""),
            f->column || f->field ? ": " : "", f->zh ? f->zh : "",
            f->en ? f->en : "");
    return 0;
}

static char *slurp(const char *path, size_t *n, kh_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        kh_error_set(err, KH_ERR_IO, "open", "无法打开 %s", "cannot open %s",
                     path);
        return NULL;
    }
    kh_buf b = KH_BUF_INIT;
    char chunk[65536];
    size_t got;
    int rc = 0;
    while (!rc && (got = fread(chunk, 1, sizeof chunk, fp)) > 0)
        rc = kh_buf_add(&b, chunk, got);
    if (!rc && ferror(fp))
        rc = kh_error_set(err, KH_ERR_IO, "read", "读取 %s 出错",
                          "error reading %s", path);
    else if (rc)
        kh_error_nomem(err);
    fclose(fp);
    if (rc) {
        kh_buf_free(&b);
        return NULL;
    }
    *n = b.len;
    return b.data ? b.data : calloc(1, 1);
}

static int run_edit(const hopts *o, int year)
{
    if (!o->json && o->revision < 0)
        return cli_usage("需要 --revision(修改所依据的版本号)",
                         "--revision (the version the edit is based on) is "
                         "required");
    if (o->json && (o->nsets || o->nremoves || o->nadds))
        return cli_usage("--json 不能与 --set、--member 等同用",
                         "--json cannot be combined with --set, --member ...");
    if (!o->json && !o->nsets && !o->nremoves && !o->nadds)
        return cli_usage("没有要修改的内容(--set KEY=VALUE)",
                         "nothing to change (--set KEY=VALUE)");
    kh_error err;
    kh_error_clear(&err);
    kh_buf body = KH_BUF_INIT;
    char *text = NULL;
    size_t len = 0;
    int rc = KH_OK;
    if (o->json) {
        if (!(text = slurp(o->json, &len, &err))) return cli_report_error(&err);
    } else if (body_of(o, &body)) {
        kh_buf_free(&body);
        kh_error_nomem(&err);
        return cli_report_error(&err);
    } else {
        text = body.data;
        len = body.len;
    }
    kh_standard *std = cli_standard(o->stdpath);
    if (!std) {
        if (o->json) free(text);
        kh_buf_free(&body);
        return CLI_FAIL;
    }
    kh_store *s = NULL;
    char now[32];
    cli_timestamp(now);
    kh_actor who;
    kh_hh_edit_result res;
    memset(&res, 0, sizeof res);
    rc = cli_open_as(o->db, std, &s, &who, &err);
    if (!rc)
        rc = kh_app_household_edit(s, std, &who, year, o->hh_id, text, len,
                                   o->revision, &res, &err);
    if (o->json) free(text);
    kh_buf_free(&body);
    kh_store_close(s);
    kh_standard_free(std);
    int out = CLI_OK;
    if (!rc && res.changed == 0) {
        printf("没有改动:%d 年 %s 户仍为第 %lld 版 / nothing changed: "
               "household %s of %d stays at version %lld\n",
               year, o->hh_id, res.version, o->hh_id, year, res.version);
    } else if (!rc) {
        printf("已修改 %d 年 %s 户:%lld 处改动,现为第 %lld 版 / household "
               "%s of %d edited: %lld changes, now version %lld\n",
               year, o->hh_id, res.changed, res.version, o->hh_id, year,
               res.changed, res.version);
        kh_hh_findings_each(res.warnings, print_finding, "提示 / warning: ");
    } else {
        out = cli_report_error(&err);
        kh_hh_findings_each(res.findings, print_finding, "");
        /* A refusal (scope, role, version, checks): 1. */
        if (err.status == KH_ERR_DENIED) out = CLI_FINDINGS;
    }
    kh_hh_edit_result_free(&res);
    return out;
}

/* ---- history ---- */

typedef struct hist {
    int json;
    int n;
} hist;

static void json_text(const char *s)
{
    kh_buf b = KH_BUF_INIT;
    if (!kh_buf_json_str(&b, s ? s : "", s ? strlen(s) : 0))
        fwrite(b.data, 1, b.len, stdout);
    kh_buf_free(&b);
}

static int print_entry(void *ctx, const kh_hh_entry *e, kh_error *err)
{
    hist *h = ctx;
    if (h->json) {
        printf("%s{\"id\":%lld,\"at\":", h->n ? "," : "", e->id);
        json_text(e->at);
        printf(",\"who\":");
        json_text(e->who);
        printf(",\"addr\":");
        json_text(e->addr);
        printf(",\"changes\":[");
        for (size_t i = 0; i < e->n; i++) {
            const kh_hh_change *c = &e->changes[i];
            printf("%s{\"kind\":\"%s\"", i ? "," : "", c->kind);
            if (c->member) printf(",\"member\":%d", c->member);
            if (c->field) {
                printf(",\"field\":");
                json_text(c->field);
                printf(",\"column\":");
                json_text(c->column);
            }
            if (strcmp(c->kind, "add")) printf(",\"from\":%s", c->from);
            if (strcmp(c->kind, "remove")) printf(",\"to\":%s", c->to);
            printf("}");
        }
        printf("]}");
    } else {
        printf("%s  %s  %s\n", e->at, e->who, e->addr ? e->addr : "");
        for (size_t i = 0; i < e->n; i++) {
            const kh_hh_change *c = &e->changes[i];
            if (!strcmp(c->kind, "add"))
                printf("    新增成员 / member added: %s\n", c->to);
            else if (!strcmp(c->kind, "remove"))
                printf("    删除成员 %d / member %d removed: %s\n", c->member,
                       c->member, c->from);
            else if (c->member)
                printf("    成员 %d %s: %s → %s\n", c->member, c->column,
                       c->from, c->to);
            else
                printf("    %s: %s → %s\n", c->column, c->from, c->to);
        }
    }
    h->n++;
    return KH_OK;
}

static int run_history(const hopts *o, int year)
{
    hist h = {0, 0};
    if (o->format && !(h.json = !strcmp(o->format, "json")) &&
        strcmp(o->format, "text"))
        return cli_usage("--format 应为 text 或 json",
                         "--format must be text or json");
    kh_error err;
    kh_error_clear(&err);
    kh_standard *std = cli_standard(o->stdpath);
    if (!std) return CLI_FAIL;
    kh_store *s = NULL;
    char now[32];
    cli_timestamp(now);
    kh_actor who;
    long long version = 0;
    int may_edit = 0;
    /* Open for writing: a refusal is audited. */
    int rc = cli_open_as(o->db, std, &s, &who, &err);
    if (!rc && h.json)
        printf("{\"year\":%d,\"hh_id\":", year), json_text(o->hh_id),
            printf(",\"entries\":[");
    else if (!rc)
        printf("%d 年 %s 户的修改记录 / edits of household %s of %d\n", year,
               o->hh_id, o->hh_id, year);
    if (!rc)
        rc = kh_app_household_history(s, &who, year, o->hh_id, print_entry,
                                      &h, &version, &may_edit, &err);
    if (!rc && h.json)
        printf("],\"version\":%lld,\"may_edit\":%s}\n", version,
               may_edit ? "true" : "false");
    else if (!rc)
        printf("现为第 %lld 版%s / now version %lld%s\n", version,
               may_edit ? "" : "(你不能修改)", version,
               may_edit ? "" : " (you may not edit it)");
    kh_store_close(s);
    kh_standard_free(std);
    if (!rc) return CLI_OK;
    fflush(stdout);
    int out = cli_report_error(&err);
    return err.status == KH_ERR_DENIED ? CLI_FINDINGS : out;
}

/* ---- show ---- */

typedef struct show {
    kh_buf b;
    int json, members;
} show;

static int show_cols(void *ctx, int member, int n, const char *const *names,
                     const char *const *values, const int *is_num,
                     kh_error *err)
{
    show *c = ctx;
    kh_buf *b = &c->b;
    int rc = KH_OK;
    if (c->json) {
        if (member == 0)
            rc = kh_buf_adds(b, "\"household\":{");
        else
            rc = kh_buf_adds(b, c->members++ ? ",{" : "{");
        for (int i = 0; i < n && !rc; i++) {
            if (i) rc = kh_buf_adds(b, ",");
            if (!rc) rc = kh_buf_json_str(b, names[i], strlen(names[i]));
            if (!rc) rc = kh_buf_adds(b, ":");
            if (rc) break;
            if (!values[i])
                rc = kh_buf_adds(b, "null");
            else if (is_num[i])
                rc = kh_buf_adds(b, values[i]);
            else
                rc = kh_buf_json_str(b, values[i], strlen(values[i]));
        }
        if (!rc) rc = kh_buf_adds(b, member == 0 ? "},\"members\":[" : "}");
        return rc ? kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足",
                                 "out of memory")
                  : KH_OK;
    }
    rc = member == 0 ? kh_buf_adds(b, "户 / household\n")
                     : kh_buf_printf(b, "成员 %d / member %d\n", member,
                                     member);
    for (int i = 0; i < n && !rc; i++)
        if (values[i] && values[i][0])
            rc = kh_buf_printf(b, "  %s: %s\n", names[i], values[i]);
    return rc ? kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足",
                             "out of memory")
              : KH_OK;
}

static int run_show(const hopts *o, int year)
{
    show c = {KH_BUF_INIT, o->format && !strcmp(o->format, "json"), 0};
    kh_error err;
    kh_error_clear(&err);
    kh_standard *std = cli_standard(o->stdpath);
    if (!std) return CLI_FAIL;
    kh_store *s = NULL;
    kh_actor who;
    /* Open for writing: the refusal and an unmasking are audited. */
    int rc = cli_open_as(o->db, std, &s, &who, &err);
    if (!rc && c.json)
        rc = kh_buf_printf(&c.b, "{\"year\":%d,\"masked\":%s,", year,
                           o->unmask ? "false" : "true")
                 ? kh_error_set(&err, KH_ERR_NOMEM, "nomem", "内存不足",
                                "out of memory")
                 : KH_OK;
    if (!rc)
        rc = kh_app_household_read(s, std, &who, year, o->hh_id, o->unmask,
                                   show_cols, &c, &err);
    if (!rc && c.json && kh_buf_adds(&c.b, "]}\n"))
        rc = kh_error_set(&err, KH_ERR_NOMEM, "nomem", "内存不足",
                          "out of memory");
    if (!rc) fputs(c.b.data ? c.b.data : "", stdout);
    kh_buf_free(&c.b);
    kh_store_close(s);
    kh_standard_free(std);
    return rc ? cli_download_error(&err) : CLI_OK;
}

/* ---- list ---- */

typedef struct listing {
    int json;
    long long n;
} listing;

static int list_row(void *ctx, const kh_hh_brief *h, kh_error *err)
{
    listing *c = ctx;
    if (c->json) {
        printf("%s{\"hh_id\":", c->n ? "," : "");
        json_text(h->hh_id);
        printf(",\"village\":");
        json_text(h->village);
        const char *k[] = {"village_name", "head", "head_id", "status",
                           "phone"};
        const char *v[] = {h->village_name, h->head, h->head_id, h->status,
                           h->phone};
        for (int i = 0; i < 5; i++) {
            printf(",\"%s\":", k[i]);
            if (v[i]) json_text(v[i]);
            else printf("null");
        }
        printf(",\"members\":%lld", h->members);
        if (h->has_income) printf(",\"income_pc_fen\":%lld", h->income_pc);
        putchar('}');
    } else {
        printf("%s\t%s\t%s\t%s\t%s\t%s\t%lld\t%s\n", h->hh_id, h->village,
               h->village_name ? h->village_name : "-",
               h->head ? h->head : "-", h->head_id ? h->head_id : "-",
               h->status ? h->status : "-", h->members,
               h->phone ? h->phone : "-");
    }
    c->n++;
    return KH_OK;
}

static int run_list(const hopts *o, int year)
{
    listing c = {o->format && !strcmp(o->format, "json"), 0};
    kh_error err;
    kh_error_clear(&err);
    kh_standard *std = cli_standard(o->stdpath);
    if (!std) return CLI_FAIL;
    kh_store *s = NULL;
    kh_actor who;
    kh_hh_query q = {year, o->region, o->search, 0, 0, 0, 0, NULL, 0, 0};
    long long total = 0;
    /* Open for writing: a refusal and an unmasking are audited. Counted
     * first (nothing printed, nothing audited), then listed. */
    int rc = cli_open_as(o->db, std, &s, &who, &err);
    if (!rc)
        rc = kh_app_households_search(s, std, &who, &q, o->unmask, 0,
                                      list_row, &c, &total, &err);
    if (!rc) {
        q.limit = o->limit > 0 && o->limit < total ? o->limit : total;
        if (c.json) printf("{\"year\":%d,\"masked\":%s,\"households\":[",
                           year, o->unmask ? "false" : "true");
        else
            printf("户编号\t村代码\t村\t户主\t证件号码\t脱贫状态\t人数\t"
                   "联系电话\n");
        rc = kh_app_households_search(s, std, &who, &q, o->unmask, 1,
                                      list_row, &c, &total, &err);
        if (c.json) printf("],\"total\":%lld}\n", total);
        else
            printf("共 %lld 户,列出 %lld 户 / %lld households, %lld listed\n",
                   total, c.n, total, c.n);
    }
    kh_store_close(s);
    kh_standard_free(std);
    return rc ? cli_download_error(&err) : CLI_OK;
}

int cli_household(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        cli_opts_help(&spec, NULL);
        return argc < 2 ? CLI_FAIL : CLI_OK;
    }
    hopts *o = calloc(1, sizeof *o);
    if (!o) return cli_usage("内存不足", "out of memory");
    o->sub = argv[1];
    o->db = "kaohe.db";
    o->revision = -1;
    int edit = !strcmp(o->sub, "edit");
    int rc = parse(argc, argv, o);
    if (rc == CLI_GO) {
        char *end = NULL;
        long long year = o->year_s ? strtoll(o->year_s, &end, 10) : 0;
        if (!o->year_s)
            rc = cli_usage("需要 YEAR HH_ID", "YEAR HH_ID are required");
        else if (!*o->year_s || *end) {
            char zh[160], en[160];
            snprintf(zh, sizeof zh, "YEAR 的值“%.80s”无效:应为年份",
                     o->year_s);
            snprintf(en, sizeof en, "invalid YEAR '%.80s': expected a year",
                     o->year_s);
            rc = cli_usage(zh, en);
        } else if (cli_opts_year("YEAR", year, 0, NULL))
            rc = CLI_FAIL;
        else if (!strcmp(o->sub, "list"))
            rc = run_list(o, (int)year);
        else if (!o->hh_id || !o->hh_id[0] || strlen(o->hh_id) > 64)
            rc = cli_usage("需要户编号 HH_ID", "the 户编号 HH_ID is required");
        else
            rc = edit ? run_edit(o, (int)year)
                 : !strcmp(o->sub, "show") ? run_show(o, (int)year)
                                           : run_history(o, (int)year);
    }
    free(o);
    return rc;
}
