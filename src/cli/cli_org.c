/* SPDX-License-Identifier: MIT */
/*
 * cli_org.c - `kaohe org set|show REGION`: the issuing details of a
 * region's documents (发文机关, 文号 pattern, 联系人, 落款日期), kept in the
 * database; every document kaohe writes for the region (or a region
 * under it) ends with them. docs/cli/org.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "kaohe/app.h"
#include "kaohe/app_documents.h"
#include "kaohe/org.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

static const char usage_text[] =
    "kaohe org set REGION [--issuer 发文机关] [--docno-pattern 文号格式]\n"
    "                     [--contact 联系人] [--date YYYY-MM-DD] [--db FILE]\n"
    "kaohe org show REGION [--db FILE]\n"
    "  文件的发文机关、文号格式(如“某开组〔{年}〕{号}号”)、联系人和落款日期,\n"
    "  按区划保存在数据库中;下级区划未设置时用上级的。未给出的项保持原值,\n"
    "  给出空字符串则清除。\n"
    "  The issuing details of a region's documents: issuer, document number\n"
    "  pattern ({年} the year, {号} the number), contact line, date; a\n"
    "  region without its own uses the nearest above. Options not given keep\n"
    "  their value; an empty one clears it. docs/cli/org.md\n";

typedef struct org_opts {
    const char *db, *issuer, *docno, *contact, *date;
} org_opts;

#define O(f) offsetof(org_opts, f)
static const cli_option table[] = {
    CLI_OPT_DB(O(db), NULL),
    {"--issuer", "TEXT", CLI_STR, O(issuer), "set", NULL,
     "发文机关(空字符串清除) / the issuer (empty: cleared)"},
    {"--docno-pattern", "TEXT", CLI_STR, O(docno), "set", NULL,
     "文号格式,{年} 为年度、{号} 为序号 / the document number pattern"},
    {"--contact", "TEXT", CLI_STR, O(contact), "set", NULL,
     "联系人 / the contact line"},
    /* CLI_STR, not CLI_DATE: "" clears it, and a bad date is the data's
     * error (exit 1), checked by kh_app_org_set. */
    {"--date", "YYYY-MM-DD", CLI_STR, O(date), "set", NULL,
     "落款日期(默认文件生成之日) / the date (default the day written)"},
    CLI_END};
#undef O

static const cli_spec spec = {"org", usage_text, table, "set show", 1};

static void show(const kh_org *o, int found)
{
    if (!found) {
        printf("%s:未设置发文信息 / no issuing details set\n", o->region);
        return;
    }
    printf("区划 region:       %s\n", o->region);
    printf("发文机关 issuer:   %s\n", o->issuer);
    printf("文号格式 docno:    %s\n", o->docno);
    printf("联系人 contact:    %s\n", o->contact);
    printf("落款日期 date:     %s\n", o->date[0] ? o->date : "(文件生成之日)");
    printf("修改 updated:      %s %s\n", o->updated_at, o->updated_by);
}

int cli_org(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        if (argc < 2) {
            fputs(usage_text, stderr);
            return CLI_FAIL;
        }
        cli_opts_help(&spec, NULL);
        return CLI_OK;
    }
    const char *sub = argv[1];
    org_opts op = {.db = "kaohe.db"};
    int npos = 0;
    int prc = cli_opts_parse(&spec, sub, argc, argv, 2, &op, &npos);
    if (prc != CLI_GO) return prc;
    if (npos < 1)
        return cli_usage("用法:kaohe org set|show REGION(kaohe org --help)",
                         "usage: kaohe org set|show REGION (kaohe org --help)");
    const char *region = argv[2], *db = op.db, *issuer = op.issuer,
               *docno = op.docno, *contact = op.contact, *date = op.date;
    int set = !strcmp(sub, "set");
    if (strlen(region) != 12 || strspn(region, "0123456789") != 12)
        return cli_usage("REGION 须为 12 位行政区划代码",
                         "REGION must be a 12-digit region code");
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = NULL;
    int rc = kh_store_open(db, set ? KH_STORE_OPEN : KH_STORE_READONLY,
                           &s, &err);
    kh_org o;
    int found = 0;
    if (!rc) rc = kh_store_org_get(s, region, &o, &found, &err);
    if (!rc && !set) show(&o, found);
    if (!rc && set) {
        /* start from the region's own row only, not an inherited one */
        if (strcmp(o.region, region)) {
            memset(&o, 0, sizeof o);
            snprintf(o.region, sizeof o.region, "%s", region);
        }
        if (issuer) snprintf(o.issuer, sizeof o.issuer, "%s", issuer);
        if (docno) snprintf(o.docno, sizeof o.docno, "%s", docno);
        if (contact) snprintf(o.contact, sizeof o.contact, "%s", contact);
        if (date) snprintf(o.date, sizeof o.date, "%s", date);
        if (date && strlen(date) >= sizeof o.date)
            rc = kh_error_set(&err, KH_ERR_INVALID, "bad_date",
                              "落款日期“%s”不是有效日期(YYYY-MM-DD)",
                              "the date '%s' is not a valid date (YYYY-MM-DD)",
                              date);
        kh_standard *std = rc ? NULL : cli_standard(NULL);
        if (!rc && !std) {
            kh_store_close(s);
            return CLI_FAIL;
        }
        kh_actor who;
        if (!rc) rc = cli_actor(s, std, &who, &err);
        if (!rc) rc = kh_app_org_set(s, &who, &o, &err);
        kh_standard_free(std);
        if (!rc)
            printf("已保存 %s 的发文信息 / issuing details of %s saved\n",
                   region, region);
    }
    kh_store_close(s);
    return rc ? cli_report_error(&err) : CLI_OK;
}
