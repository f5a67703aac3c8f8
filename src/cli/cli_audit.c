/* SPDX-License-Identifier: MIT */
/*
 * cli_audit.c - `kaohe audit list|export`: the audit log (who, when, from
 * where, which record, before and after) read or exported as CSV/XLSX. An
 * export names who made it and when in its first row, and is itself
 * audited with the number of entries.
 *
 * Who may read the log, masked or whole, and the audit entry of the read
 * are the use case's (kh_app_audit_read, app_reads.h), as for the web's
 * GET /api/audit: a role without the right ([web] audit_roles) is
 * refused and the refusal audited, no file written; ID numbers and phones
 * in the entries are masked unless --unmask by a role that may. The
 * console's operator (no stored user) reads as before, whole.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "kaohe/app_reads.h"
#include "kaohe/auth.h"
#include "kaohe/auth_store.h"
#include "kaohe/encoding.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"
#include "kaohe/tabwriter.h"

typedef struct opts {
    const char *db, *out, *stdpath;
    int unmask;
    kh_audit_filter f;
} opts;

#define O(f) offsetof(opts, f)
static const cli_option table[] = {
    CLI_OPT_DB(O(db), NULL),
    CLI_OPT_STANDARDS(O(stdpath), NULL),
    {"--unmask", NULL, CLI_FLAG, O(unmask), NULL, NULL,
     "完整显示证件号码和电话(须有权限,记入审计)/ ID numbers and phones "
     "whole (a role that may; audited)"},
    {"--who", "NAME", CLI_STR, O(f.who), NULL, NULL, "操作人 / who acted"},
    {"--action", "A", CLI_STR, O(f.action), NULL, NULL,
     "操作 / the action"},
    {"--outcome", "O", CLI_STR, O(f.outcome), NULL, NULL,
     "结果 / the outcome"},
    {"--since", "T", CLI_STR, O(f.since), NULL, NULL,
     "自该时刻起 / from this time on"},
    {"--until", "T", CLI_STR, O(f.until), NULL, NULL,
     "到该时刻前 / before this time"},
    {"--limit", "N", CLI_LONG, O(f.limit), NULL, "0..",
     "最多几条(0 不限) / at most N entries (0: all)"},
    {"-o", "FILE", CLI_PATH, O(out), "export", NULL,
     "输出文件 .csv 或 .xlsx / the file, .csv or .xlsx"},
    CLI_END};

static const cli_spec spec = {
    "audit",
    "用法 / usage:\n"
    "  kaohe audit list [--who NAME] [--action A] [--outcome O]\n"
    "                   [--since T] [--until T] [--limit N] [--db FILE]\n"
    "  kaohe audit export -o FILE.csv|FILE.xlsx [same filters]\n"
    "T: YYYY-MM-DD 或 / or YYYY-MM-DDTHH:MM:SSZ (UTC)\n",
    table, "list export", 0};

static int print_entry(void *ctx, const kh_audit *a, kh_error *err)
{
    printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s", a->id, a->at, a->who,
           a->addr ? a->addr : "-", a->action, a->object ? a->object : "-",
           a->outcome);
    if (a->records >= 0) printf("\trecords=%lld", a->records);
    if (a->note) printf("\t%s", a->note);
    if (a->before) printf("\tbefore=%s", a->before);
    if (a->after) printf("\tafter=%s", a->after);
    putchar('\n');
    return KH_OK;
}

typedef struct export_ctx {
    kh_tabwriter *w;
    long long n;
} export_ctx;

static int export_entry(void *ctx, const kh_audit *a, kh_error *err)
{
    export_ctx *c = ctx;
    char id[32], records[32] = "";
    snprintf(id, sizeof id, "%lld", a->id);
    if (a->records >= 0) snprintf(records, sizeof records, "%lld", a->records);
    const char *cells[] = {id,        a->at,     a->who,    a->addr,
                           a->action, a->object, a->outcome, records,
                           a->before, a->after,  a->note};
    c->n++;
    return kh_tabwriter_row(c->w, cells, "nssssssnsss", 11, err);
}

/* The file closed with the read's audit entry still to commit. */
static int export_done(void *ctx, kh_error *err)
{
    export_ctx *c = ctx;
    int rc = kh_tabwriter_close(c->w, err);
    c->w = NULL;
    return rc;
}

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcasecmp(s + n - m, suf);
}

int cli_audit(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        cli_opts_help(&spec, NULL);
        return argc < 2 ? CLI_FAIL : CLI_OK;
    }
    const char *sub = argv[1];
    opts o = {.db = "kaohe.db"};
    int prc = cli_opts_parse(&spec, sub, argc, argv, 2, &o, NULL);
    if (prc != CLI_GO) return prc;
    const char *db = o.db, *out = o.out;
    kh_audit_filter f = o.f;
    int list = !strcmp(sub, "list"), exp = !strcmp(sub, "export");
    int fmt = 0;
    if (exp) {
        if (!out)
            return cli_usage("export 需要 -o FILE", "export needs -o FILE");
        fmt = ends_with(out, ".xlsx") ? KH_TAB_XLSX
              : ends_with(out, ".csv") ? KH_TAB_CSV
                                       : 0;
        if (!fmt)
            return cli_usage("-o 应以 .csv 或 .xlsx 结尾",
                             "-o must end in .csv or .xlsx");
    }
    kh_error err;
    kh_error_clear(&err);
    kh_standard *std = cli_standard(o.stdpath);
    if (!std) return CLI_FAIL;
    kh_store *s = NULL;
    kh_actor who;
    /* Open for writing: the read and a refusal are audited. */
    int rc = cli_open_as(db, std, &s, &who, &err);
    if (rc) {
        kh_standard_free(std);
        return cli_download_error(&err);
    }
    if (list) {
        rc = kh_app_audit_read(s, std, &who, &f, o.unmask, NULL, "audit",
                               print_entry, NULL, NULL, NULL, &err);
    } else {
        /* Refused before the file is made: a refusal leaves no file. */
        rc = kh_app_audit_may(s, std, &who, o.unmask, out, &err);
        export_ctx c = {NULL, 0};
        char who_s[128], when[32], made[300];
        cli_maker(who_s, when);
        snprintf(made, sizeof made, "导出人 / exported by: %s  时间 / at: %s",
                 who_s, when);
        const char *first[] = {made};
        static const char *const head[] = {
            "编号 id", "时间 at",      "用户 who",   "地址 addr",
            "操作 action", "对象 object", "结果 outcome", "记录数 records",
            "之前 before", "之后 after", "说明 note"};
        if (!rc) rc = kh_tabwriter_open(out, fmt, KH_ENC_UTF8_BOM, &c.w, &err);
        if (!rc) rc = kh_tabwriter_sheet(c.w, "审计日志", &err);
        if (!rc) rc = kh_tabwriter_row(c.w, first, "s", 1, &err);
        if (!rc) rc = kh_tabwriter_row(c.w, head, "hhhhhhhhhhh", 11, &err);
        /* The export's own entry goes in with the file: when the entry
         * cannot be written, the file is not committed either. */
        if (!rc)
            rc = kh_app_audit_read(s, std, &who, &f, o.unmask,
                                   "audit.export", out, export_entry, &c, export_done, NULL, &err);
        kh_tabwriter_free(c.w);
        if (!rc)
            printf("已导出 %lld 条审计记录到 %s / %lld entries exported to "
                   "%s\n", c.n, out, c.n, out);
    }
    kh_standard_free(std);
    kh_store_close(s);
    return rc ? cli_download_error(&err) : CLI_OK;
}
