/* SPDX-License-Identifier: MIT */
/*
 * cli_audit.c - `kaohe audit list|export`: the audit log (who, when, from
 * where, which record, before and after) read or exported as CSV/XLSX. An
 * export names who made it and when in its first row, and is itself
 * audited with the number of entries.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "kaohe/auth.h"
#include "kaohe/encoding.h"
#include "kaohe/store.h"
#include "kaohe/tabwriter.h"

static void help(void)
{
    fputs("用法 / usage:\n"
          "  kaohe audit list [--who NAME] [--action A] [--outcome O]\n"
          "                   [--since T] [--until T] [--limit N] [--db FILE]\n"
          "  kaohe audit export -o FILE.csv|FILE.xlsx [same filters]\n"
          "T: YYYY-MM-DD 或 / or YYYY-MM-DDTHH:MM:SSZ (UTC)\n",
          stdout);
}

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

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcasecmp(s + n - m, suf);
}

int cli_audit(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        help();
        return argc < 2 ? CLI_FAIL : CLI_OK;
    }
    const char *sub = argv[1], *db = "kaohe.db", *out = NULL, *lim = NULL;
    kh_audit_filter f = {0};
    for (int i = 2; i < argc; i++) {
        int m;
        if ((m = cli_opt(argc, argv, &i, "--db", &db)) ||
            (m = cli_opt(argc, argv, &i, "--who", &f.who)) ||
            (m = cli_opt(argc, argv, &i, "--action", &f.action)) ||
            (m = cli_opt(argc, argv, &i, "--outcome", &f.outcome)) ||
            (m = cli_opt(argc, argv, &i, "--since", &f.since)) ||
            (m = cli_opt(argc, argv, &i, "--until", &f.until)) ||
            (m = cli_opt(argc, argv, &i, "--limit", &lim)) ||
            (m = cli_opt(argc, argv, &i, "-o", &out))) {
            if (m < 0) return CLI_FAIL;
        } else {
            return cli_usage("未知参数", "unknown argument");
        }
    }
    if (lim && (f.limit = cli_parse_count("--limit", lim)) < 0)
        return CLI_FAIL;
    int list = !strcmp(sub, "list"), exp = !strcmp(sub, "export");
    if (!list && !exp)
        return cli_usage("未知的 audit 子命令", "unknown audit subcommand");
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
    kh_store *s = NULL;
    if (kh_store_open(db, list ? KH_STORE_READONLY : KH_STORE_OPEN, &s, &err))
        return cli_report_error(&err);
    int rc;
    if (list) {
        rc = kh_store_audit_each(s, &f, print_entry, NULL, &err);
    } else {
        export_ctx c = {NULL, 0};
        char who[128], when[32], made[300];
        cli_maker(who, when);
        snprintf(made, sizeof made, "导出人 / exported by: %s  时间 / at: %s",
                 who, when);
        const char *first[] = {made};
        static const char *const head[] = {
            "编号 id", "时间 at",      "用户 who",   "地址 addr",
            "操作 action", "对象 object", "结果 outcome", "记录数 records",
            "之前 before", "之后 after", "说明 note"};
        rc = kh_tabwriter_open(out, fmt, KH_ENC_UTF8_BOM, &c.w, &err);
        if (!rc) rc = kh_tabwriter_sheet(c.w, "审计日志", &err);
        if (!rc) rc = kh_tabwriter_row(c.w, first, "s", 1, &err);
        if (!rc) rc = kh_tabwriter_row(c.w, head, "hhhhhhhhhhh", 11, &err);
        /* The export's own entry goes in with the file: when the entry
         * cannot be written, the file is not committed either. */
        if (!rc) rc = kh_store_begin(s, &err);
        if (!rc) {
            rc = kh_store_audit_each(s, &f, export_entry, &c, &err);
            char now[32];
            cli_timestamp(now);
            kh_audit a = {0, now, cli_who(), "cli", "audit.export", out,
                          "ok", c.n, NULL, NULL, NULL};
            if (!rc) rc = kh_store_audit_add(s, &a, &err);
            if (!rc) rc = kh_tabwriter_close(c.w, &err);
            else kh_tabwriter_free(c.w);
            c.w = NULL;
            if (!rc) rc = kh_store_commit(s, &err);
            else kh_store_rollback(s);
        }
        kh_tabwriter_free(c.w);
        if (!rc)
            printf("已导出 %lld 条审计记录到 %s / %lld entries exported to "
                   "%s\n", c.n, out, c.n, out);
    }
    kh_store_close(s);
    return rc ? cli_report_error(&err) : CLI_OK;
}
