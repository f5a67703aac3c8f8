/* SPDX-License-Identifier: MIT */
/* cli_init.c - `kaohe init`: create an empty database (schema, WAL). */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "kaohe/store.h"

int cli_init(int argc, char **argv)
{
    const char *db = "kaohe.db";
    for (int i = 1; i < argc; i++) {
        int m;
        if ((m = cli_opt(argc, argv, &i, "--db", &db))) {
            if (m < 0) return CLI_FAIL;
        } else if (!strcmp(argv[i], "--help")) {
            printf("kaohe init [--db FILE]\n"
                   "  创建空的 kaohe 数据库(默认 ./kaohe.db);已存在的 kaohe 数据库只升级结构。\n"
                   "  Create an empty database (default ./kaohe.db); an existing\n"
                   "  kaohe database is only migrated.\n");
            return CLI_OK;
        } else {
            return cli_usage("未知参数", "unknown argument");
        }
    }
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
