/* SPDX-License-Identifier: MIT */
/* cli_init.c - `kaohe init`: create an empty database (schema, WAL). */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "kaohe/store.h"

typedef struct opts {
    const char *db;
} opts;

#define O(f) offsetof(opts, f)
static const cli_option table[] = {CLI_OPT_DB(O(db), NULL), CLI_END};

static const cli_spec spec = {
    "init",
    "kaohe init [--db FILE]\n"
    "  创建空的 kaohe 数据库(默认 ./kaohe.db);已存在的 kaohe 数据库只升级结构。\n"
    "  Create an empty database (default ./kaohe.db); an existing\n"
    "  kaohe database is only migrated.\n",
    table, NULL, 0};

int cli_init(int argc, char **argv)
{
    opts o = {.db = "kaohe.db"};
    int rc = cli_opts_parse(&spec, NULL, argc, argv, 1, &o, NULL);
    if (rc != CLI_GO) return rc;
    const char *db = o.db;
    struct stat st;
    int existed = stat(db, &st) == 0;
    kh_error err;
    kh_error_clear(&err);
    kh_store *s;
    if (kh_store_open(db, KH_STORE_CREATE, &s, &err)) return cli_report_error(&err);
    int v = kh_store_version(s);
    kh_store_close(s);
    fprintf(stderr, existed ? "kaohe: %s 已是 kaohe 数据库(结构版本 %d)/ already a kaohe database (schema %d)\n"
                            : "kaohe: 已创建 %s(结构版本 %d)/ created (schema %d)\n",
            db, v, v);
    return CLI_OK;
}
