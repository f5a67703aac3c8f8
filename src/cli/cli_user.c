/* SPDX-License-Identifier: MIT */
/*
 * cli_user.c - `kaohe user add|list|disable`: the people who act on the
 * record (rectification today; the web application's logins later). A role
 * is a label of the standards file's [enum.role].
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "kaohe/rectify.h"
#include "kaohe/registry.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

static void help(void)
{
    fputs("用法 / usage:\n"
          "  kaohe user add NAME --role ROLE [--region CODE] [--db FILE]\n"
          "  kaohe user list [--db FILE]\n"
          "  kaohe user disable NAME [--db FILE]\n"
          "角色见标准文件 [enum.role] / roles: the standards file's "
          "[enum.role]\n",
          stdout);
}

static int print_user(void *ctx, const char *name, const char *role,
                      const char *region, int disabled,
                      const char *created_at)
{
    (void)ctx;
    printf("%s\t%s\t%s\t%s\t%s\n", name, role, region ? region : "-",
           disabled ? "停用/disabled" : "启用/enabled", created_at);
    return 0;
}

int cli_user(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        help();
        return argc < 2 ? CLI_FAIL : CLI_OK;
    }
    const char *sub = argv[1], *db = "kaohe.db", *role = NULL,
               *region = NULL, *name = NULL, *stdpath = NULL;
    for (int i = 2; i < argc; i++) {
        int m;
        if ((m = cli_opt(argc, argv, &i, "--db", &db)) ||
            (m = cli_opt(argc, argv, &i, "--role", &role)) ||
            (m = cli_opt(argc, argv, &i, "--region", &region)) ||
            (m = cli_opt(argc, argv, &i, "--standards", &stdpath))) {
            if (m < 0) return CLI_FAIL;
        } else if (argv[i][0] != '-' && !name) {
            name = argv[i];
        } else {
            return cli_usage("未知参数", "unknown argument");
        }
    }
    int list = !strcmp(sub, "list");
    if (!list && strcmp(sub, "add") && strcmp(sub, "disable"))
        return cli_usage("未知的 user 子命令", "unknown user subcommand");
    if (!list && (!name || !name[0]))
        return cli_usage("缺少用户名", "missing the user name");
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = NULL;
    if (kh_store_open(db, list ? KH_STORE_READONLY : KH_STORE_OPEN, &s, &err))
        return cli_report_error(&err);
    int rc = KH_OK;
    if (list) {
        rc = kh_store_users_each(s, print_user, NULL, &err);
    } else if (!strcmp(sub, "disable")) {
        rc = kh_store_user_disable(s, name, cli_who(), &err);
    } else {
        kh_standard *std = cli_standard(stdpath);
        if (!std) {
            kh_store_close(s);
            return CLI_FAIL;
        }
        int e = kh_standard_enum(std, "role");
        int k = role ? kh_standard_enum_lookup(std, e, role, strlen(role))
                     : -1;
        if (k < 0) {
            kh_error_set(&err, KH_ERR_INVALID, "user_role",
                         "角色“%s”不在标准文件 [enum.role] 中",
                         "role '%s' is not in the standards file's "
                         "[enum.role]",
                         role ? role : "");
            rc = KH_ERR_INVALID;
        }
        if (!rc && region &&
            !kh_region_code_level(region, strlen(region))) {
            kh_error_set(&err, KH_ERR_INVALID, "region_code",
                         "区划代码 %s 不是 12 位代码",
                         "region code %s is not a 12-digit code", region);
            rc = KH_ERR_INVALID;
        }
        char now[32];
        cli_timestamp(now);
        if (!rc)
            rc = kh_store_user_add(s, name,
                                   kh_standard_enum_label(std, e, k), region,
                                   cli_who(), now, &err);
        kh_standard_free(std);
        if (!rc)
            printf("已登记用户 %s(%s)/ user %s added (%s)\n", name, role,
                   name, role);
    }
    kh_store_close(s);
    return rc ? cli_report_error(&err) : CLI_OK;
}
