/* SPDX-License-Identifier: MIT */
/*
 * cli_user.c - `kaohe user add|passwd|list|disable`: the people who act on
 * the record and log in to the web application. A role is a label of the
 * standards file's [enum.role]. Passwords are read from standard input or
 * a terminal without echo, stored as argon2id hashes; there is no default
 * password anywhere. Every change is written to the audit log in the same
 * transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "kaohe/auth.h"
#include "kaohe/auth_store.h"
#include "kaohe/rectify.h"
#include "kaohe/rectify_store.h"
#include "kaohe/registry.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

#define PW_BUF 1100

static int print_user(void *ctx, const char *name, const char *role,
                      const char *region, int disabled,
                      const char *created_at)
{
    (void)ctx;
    printf("%s\t%s\t%s\t%s\t%s\n", name, role, region ? region : "-",
           disabled ? "停用/disabled" : "启用/enabled", created_at);
    return 0;
}

/* One line from fp without its line end; -1 at EOF or when too long. */
static int read_line(FILE *fp, char *buf, size_t n)
{
    if (!fgets(buf, (int)n, fp)) return -1;
    size_t len = strlen(buf);
    if (len && buf[len - 1] != '\n' && !feof(fp)) return -1; /* too long */
    while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
        buf[--len] = '\0';
    return 0;
}

static int read_tty(const char *prompt, char *buf, size_t n)
{
    struct termios old, quiet;
    fputs(prompt, stderr);
    fflush(stderr);
    int echo_off = tcgetattr(STDIN_FILENO, &old) == 0;
    if (echo_off) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    int rc = read_line(stdin, buf, n);
    if (echo_off) tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    fputc('\n', stderr);
    return rc;
}

/* The new password into pw: typed twice on a terminal, else one line of
 * standard input. Returns CLI_OK or prints the error. */
static int get_password(char pw[PW_BUF])
{
    if (isatty(STDIN_FILENO)) {
        char again[PW_BUF];
        if (read_tty("新密码 / new password: ", pw, PW_BUF) ||
            read_tty("再输入一次 / again: ", again, PW_BUF))
            return cli_usage("未读到密码", "no password was read");
        int same = !strcmp(pw, again);
        memset(again, 0, sizeof again);
        if (!same)
            return cli_usage("两次输入的密码不一致",
                             "the two passwords differ");
        return CLI_OK;
    }
    if (read_line(stdin, pw, PW_BUF))
        return cli_usage("标准输入中没有密码(一行,最多 1024 字节)",
                         "no password on standard input (one line, at most "
                         "1024 bytes)");
    return CLI_OK;
}

static int audit(kh_store *s, const char *action, const char *name,
                 const char *after, kh_error *err)
{
    char now[32], object[200];
    cli_timestamp(now);
    snprintf(object, sizeof object, "user/%s", name);
    kh_audit a = {0, now, cli_who(), "cli", action, object, "ok", -1,
                  NULL, after, NULL};
    return kh_store_audit_add(s, &a, err);
}

typedef struct opts {
    const char *sub, *db, *role, *region, *dept, *name, *stdpath;
    int pw_stdin;
} opts;

#define O(f) offsetof(opts, f)
static const cli_option table[] = {
    CLI_OPT_DB(O(db), NULL),
    {"--role", "ROLE", CLI_STR, O(role), "add", NULL,
     "角色,见标准文件 [enum.role] / the role (the standards' [enum.role])"},
    {"--region", "CODE", CLI_STR, O(region), "add", NULL,
     "管辖区划 / the region the user works for"},
    {"--dept", "UNIT", CLI_STR, O(dept), "add", NULL,
     "行业部门 / the department"},
    {"--password-stdin", NULL, CLI_FLAG, O(pw_stdin), "add", NULL,
     "从标准输入读一行密码 / read the password from standard input"},
    CLI_OPT_STANDARDS(O(stdpath), "add passwd"),
    CLI_END};

static const cli_spec spec = {
    "user",
    "用法 / usage:\n"
    "  kaohe user add NAME --role ROLE [--region CODE] [--dept UNIT]\n"
    "                 [--password-stdin] [--db FILE]\n"
    "  kaohe user passwd NAME [--db FILE]\n"
    "  kaohe user list [--db FILE]\n"
    "  kaohe user disable NAME [--db FILE]\n"
    "角色见标准文件 [enum.role] / roles: the standards file's "
    "[enum.role]\n"
    "密码从标准输入读取一行,或在终端上输入两次(不回显)/ the password "
    "is one line of standard input, or typed twice on a terminal "
    "(not echoed)\n",
    table, "add passwd list disable", 1};

static int add_user(kh_store *s, const opts *o, const char *pwhash,
                    kh_error *err)
{
    kh_standard *std = cli_standard(o->stdpath);
    if (!std) return kh_error_set(err, KH_ERR_USAGE, "standards",
                                  "标准文件有误", "bad standards file");
    int e = kh_standard_enum(std, "role");
    int k = o->role ? kh_standard_enum_lookup(std, e, o->role,
                                              strlen(o->role))
                    : -1;
    int rc = KH_OK;
    if (k < 0)
        rc = kh_error_set(err, KH_ERR_INVALID, "user_role",
                          "角色“%s”不在标准文件 [enum.role] 中",
                          "role '%s' is not in the standards file's "
                          "[enum.role]",
                          o->role ? o->role : "");
    if (!rc && o->region &&
        !kh_region_code_level(o->region, strlen(o->region)))
        rc = kh_error_set(err, KH_ERR_INVALID, "region_code",
                          "区划代码 %s 不是 12 位代码",
                          "region code %s is not a 12-digit code", o->region);
    /* The user's scope is a region of the list: a code that is not in it
     * would scope the user to nothing anyone can check. */
    kh_regionset *rs = NULL;
    if (!rc && o->region && !(rc = kh_regionset_new(&rs, err)) &&
        !(rc = kh_store_regions_load(s, rs, err)) &&
        !kh_regionset_find(rs, o->region))
        rc = kh_error_set(err, KH_ERR_INVALID, "region_unknown",
                          "区划代码 %s 不在区划表中(先导入行政区划)",
                          "region %s is not in the region list (import the "
                          "regions first)",
                          o->region);
    kh_regionset_free(rs);
    char now[32];
    cli_timestamp(now);
    const char *role = k >= 0 ? kh_standard_enum_label(std, e, k) : "";
    if (!rc) rc = kh_store_begin(s, err);
    if (!rc) {
        rc = kh_store_user_add(s, o->name, role, o->region, cli_who(), now,
                               err);
        if (!rc && o->dept) rc = kh_store_user_set_dept(s, o->name, o->dept,
                                                        err);
        if (!rc && pwhash)
            rc = kh_store_user_set_password(s, o->name, pwhash, err);
        char after[512];
        snprintf(after, sizeof after,
                 "{\"role\":\"%s\",\"region\":\"%s\",\"password\":%s}", role,
                 o->region ? o->region : "", pwhash ? "true" : "false");
        if (!rc) rc = audit(s, "user.add", o->name, after, err);
        if (!rc) rc = kh_store_commit(s, err);
        else kh_store_rollback(s);
    }
    if (!rc)
        printf("已登记用户 %s(%s)/ user %s added (%s)\n", o->name, role,
               o->name, role);
    kh_standard_free(std);
    return rc;
}

int cli_user(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        cli_opts_help(&spec, NULL);
        return argc < 2 ? CLI_FAIL : CLI_OK;
    }
    opts o = {argv[1], "kaohe.db", NULL, NULL, NULL, NULL, NULL, 0};
    int npos = 0;
    int prc = cli_opts_parse(&spec, o.sub, argc, argv, 2, &o, &npos);
    if (prc != CLI_GO) return prc;
    if (npos) o.name = argv[2];
    const char *sub = o.sub;
    int list = !strcmp(sub, "list"), passwd = !strcmp(sub, "passwd");
    if (!list && (!o.name || !o.name[0]))
        return cli_usage("缺少用户名", "missing the user name");
    kh_error err;
    kh_error_clear(&err);
    kh_store *s = NULL;
    if (kh_store_open(o.db, list ? KH_STORE_READONLY : KH_STORE_OPEN, &s,
                      &err))
        return cli_report_error(&err);
    int rc = KH_OK;
    char hash[KH_PWHASH_MAX] = "";
    if (passwd || o.pw_stdin) {
        kh_user u;
        if (passwd && kh_store_user_get(s, o.name, &u, &err)) {
            kh_store_close(s);
            return cli_report_error(&err);
        }
        char pw[PW_BUF];
        if (get_password(pw)) {
            kh_store_close(s);
            return CLI_FAIL;
        }
        kh_standard *std = cli_standard(o.stdpath);
        if (!std) {
            kh_store_close(s);
            return CLI_FAIL;
        }
        rc = kh_password_hash(std, pw, hash, &err);
        memset(pw, 0, sizeof pw);
        kh_standard_free(std);
    }
    if (rc) {
        /* nothing to do */
    } else if (list) {
        rc = kh_store_users_each(s, print_user, NULL, &err);
    } else if (!strcmp(sub, "disable")) {
        rc = kh_store_begin(s, &err);
        if (!rc) {
            rc = kh_store_user_disable(s, o.name, cli_who(), &err);
            if (!rc) rc = audit(s, "user.disable", o.name,
                                "{\"disabled\":true}", &err);
            if (!rc) rc = kh_store_commit(s, &err);
            else kh_store_rollback(s);
        }
    } else if (passwd) {
        rc = kh_store_begin(s, &err);
        if (!rc) {
            rc = kh_store_user_set_password(s, o.name, hash, &err);
            if (!rc) rc = audit(s, "user.passwd", o.name,
                                "{\"password\":\"changed\"}", &err);
            if (!rc) rc = kh_store_commit(s, &err);
            else kh_store_rollback(s);
        }
        if (!rc)
            printf("已设置 %s 的密码 / password of %s set\n", o.name, o.name);
    } else {
        rc = add_user(s, &o, o.pw_stdin ? hash : NULL, &err);
    }
    memset(hash, 0, sizeof hash);
    kh_store_close(s);
    return rc ? cli_report_error(&err) : CLI_OK;
}
