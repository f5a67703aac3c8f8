/* SPDX-License-Identifier: MIT */
/*
 * cli_serve.c - `kaohe serve`: the web application's server
 * (docs/cli/serve.md, docs/http-api.md). Option parsing only; the server
 * is src/web/. Without --web the browser UI's files are looked for next
 * to the program (a source tree: ./kaohe beside web/), then in
 * ../share/kaohe/web beside it (an installation moved elsewhere), then in
 * the directory compiled in from make's DATADIR (make install).
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "kaohe/standard.h"
#include "web/web.h"

#ifndef KH_DATADIR
#define KH_DATADIR "/usr/local/share/kaohe"
#endif

/* has_index: whether DIR holds the UI's index.html. */
static int has_index(const char *dir)
{
    char p[PATH_MAX + 16];
    struct stat st;
    if (snprintf(p, sizeof p, "%s/index.html", dir) >= (int)sizeof p) return 0;
    return !stat(p, &st) && S_ISREG(st.st_mode);
}

/* default_web: the web directory when --web is not given, into BUF. */
static const char *default_web(char *buf, size_t n)
{
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            static const char *const rel[] = {"/web", "/../share/kaohe/web"};
            for (size_t i = 0; i < 2; i++)
                if (snprintf(buf, n, "%s%s", exe, rel[i]) < (int)n &&
                    has_index(buf))
                    return buf;
        }
    }
    snprintf(buf, n, "%s/web", KH_DATADIR);
    return buf;
}

static void help(void)
{
    fputs("用法 / usage: kaohe serve [--db FILE] [--listen HOST:PORT]\n"
          "    [--threads N] [--max-connections N] [--timeout SECONDS]\n"
          "    [--request-timeout SECONDS] [--max-body BYTES]\n"
          "    [--max-upload BYTES] [--max-connections-per-ip N] [--web DIR]\n"
          "    [--standards FILE] [--tls-cert FILE --tls-key FILE]\n"
          "    [--behind-tls-proxy]\n"
          "默认 / defaults: --db kaohe.db --listen 127.0.0.1:8080 "
          "--threads 4 --max-connections 256 --timeout 30 "
          "--request-timeout 60 --max-body 65536 --max-upload 16777216 "
          "--max-connections-per-ip 64\n"
          "--web: 网页文件目录,默认在程序旁的 web/、../share/kaohe/web 或 "
          "安装目录 " KH_DATADIR "/web 中找 / the UI's files; by default "
          "web/ or ../share/kaohe/web beside the program, else "
          KH_DATADIR "/web\n"
          "--tls-cert/--tls-key: HTTPS (PEM 证书与私钥 / PEM certificate "
          "and key); --behind-tls-proxy: 在 HTTPS 反向代理之后,Cookie 加 "
          "Secure / behind an HTTPS reverse proxy: Secure cookies\n"
          "SIGTERM 或 Ctrl-C 停止 / SIGTERM or Ctrl-C stops it\n",
          stdout);
}

int cli_serve(int argc, char **argv)
{
    web_opts o = {"kaohe.db", "127.0.0.1:8080", 4, 256, 30, 60, 65536,
                  16u << 20, NULL, 64, NULL, NULL, 0};
    char webbuf[PATH_MAX + 32];
    const char *stdpath = NULL;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int m;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            help();
            return CLI_OK;
        }
        if (!strcmp(argv[i], "--behind-tls-proxy")) {
            o.behind_tls_proxy = 1;
            continue;
        }
        if ((m = cli_opt(argc, argv, &i, "--db", &o.db)) ||
            (m = cli_opt(argc, argv, &i, "--tls-cert", &o.tls_cert)) ||
            (m = cli_opt(argc, argv, &i, "--tls-key", &o.tls_key)) ||
            (m = cli_opt(argc, argv, &i, "--listen", &o.listen)) ||
            (m = cli_opt(argc, argv, &i, "--web", &o.web_dir)) ||
            (m = cli_opt(argc, argv, &i, "--standards", &stdpath))) {
            if (m < 0) return CLI_FAIL;
            continue;
        }
        static const char *const nums[] = {
            "--threads", "--max-connections", "--timeout",
            "--request-timeout", "--max-body", "--max-upload",
            "--max-connections-per-ip"};
        int k = -1;
        for (int n = 0; n < 7 && k < 0; n++)
            if ((m = cli_opt(argc, argv, &i, nums[n], &v))) {
                if (m < 0) return CLI_FAIL;
                k = n;
            }
        if (k < 0) return cli_usage("未知参数", "unknown argument");
        long long x = cli_parse_count(nums[k], v);
        if (x < 0) return CLI_FAIL;
        if (x == 0 || ((k < 4 || k == 6) && x > 100000) || x > (1LL << 32))
            return cli_usage("数值超出范围", "value out of range");
        switch (k) {
        case 0: o.threads = (unsigned)x; break;
        case 1: o.max_conn = (unsigned)x; break;
        case 2: o.timeout_s = (unsigned)x; break;
        case 3: o.request_s = (unsigned)x; break;
        case 4: o.max_body = (size_t)x; break;
        case 5: o.max_upload = (size_t)x; break;
        default: o.max_conn_ip = (unsigned)x; break;
        }
    }
    if (!o.tls_cert != !o.tls_key)
        return cli_usage("--tls-cert 与 --tls-key 须同时给出",
                         "--tls-cert and --tls-key go together");
    if (o.threads > 64)
        return cli_usage("--threads 最多 64", "--threads is at most 64");
    if (!o.web_dir) o.web_dir = default_web(webbuf, sizeof webbuf);
    if (!has_index(o.web_dir))
        fprintf(stderr,
                "kaohe: 警告:%s 中没有 index.html,网页界面不可用(用 --web "
                "指定) / warning: no index.html in %s, the browser UI is "
                "unavailable (give --web)\n",
                o.web_dir, o.web_dir);
    kh_standard *std = cli_standard(stdpath);
    if (!std) return CLI_FAIL;
    int rc = web_serve(&o, std);
    kh_standard_free(std);
    return rc;
}
