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
#include "cli/cli_opts.h"
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

typedef struct opts {
    const char *db, *listen, *web, *standards, *tls_cert, *tls_key;
    int threads, max_conn, timeout, request, max_conn_ip, behind_tls_proxy;
    long long max_body, max_upload;
} opts;

#define O(f) offsetof(opts, f)
static const cli_option table[] = {
    CLI_OPT_DB(O(db), NULL),
    {"--listen", "HOST:PORT", CLI_STR, O(listen), NULL, NULL,
     "监听地址(默认 127.0.0.1:8080) / the address (default 127.0.0.1:8080)"},
    {"--threads", "N", CLI_INT, O(threads), NULL, "1..64",
     "线程数(默认 4) / threads (default 4)"},
    {"--max-connections", "N", CLI_INT, O(max_conn), NULL, "1..100000",
     "最多连接数(默认 256) / connections at most (default 256)"},
    {"--timeout", "SECONDS", CLI_INT, O(timeout), NULL, "1..100000",
     "空闲连接超时(默认 30) / idle connection timeout (default 30)"},
    {"--request-timeout", "SECONDS", CLI_INT, O(request), NULL, "1..100000",
     "单个请求时限(默认 60) / time for one request (default 60)"},
    {"--max-body", "BYTES", CLI_LONG, O(max_body), NULL, "1..4294967296",
     "请求体上限(默认 65536) / request body limit (default 65536)"},
    {"--max-upload", "BYTES", CLI_LONG, O(max_upload), NULL, "1..4294967296",
     "上传文件上限,边收边写入临时文件(默认 2147483648,即 2 GiB) / "
     "upload limit; uploads stream to a temporary file (default "
     "2147483648, 2 GiB)"},
    {"--max-connections-per-ip", "N", CLI_INT, O(max_conn_ip), NULL,
     "1..100000", "每个地址最多连接数(默认 64) / connections per address "
     "(default 64)"},
    {"--web", "DIR", CLI_PATH, O(web), NULL, NULL,
     "网页文件目录,默认在程序旁的 web/、../share/kaohe/web 或安装目录 "
     KH_DATADIR "/web 中找 / the UI's files; by default web/ or "
     "../share/kaohe/web beside the program, else " KH_DATADIR "/web"},
    CLI_OPT_STANDARDS(O(standards), NULL),
    {"--tls-cert", "FILE", CLI_PATH, O(tls_cert), NULL, NULL,
     "HTTPS 的 PEM 证书(与 --tls-key 同时给出) / the PEM certificate for "
     "HTTPS (with --tls-key)"},
    {"--tls-key", "FILE", CLI_PATH, O(tls_key), NULL, NULL,
     "HTTPS 的 PEM 私钥 / the PEM private key for HTTPS"},
    {"--behind-tls-proxy", NULL, CLI_FLAG, O(behind_tls_proxy), NULL, NULL,
     "在 HTTPS 反向代理之后,Cookie 加 Secure / behind an HTTPS reverse "
     "proxy: Secure cookies"},
    CLI_END};

static const cli_spec spec = {
    "serve",
    "用法 / usage: kaohe serve [options]\n"
    "    [--tls-cert FILE --tls-key FILE] [--behind-tls-proxy]\n"
    "  网页服务与 JSON 接口;SIGTERM 或 Ctrl-C 停止。\n"
    "  The web server and JSON API; SIGTERM or Ctrl-C stops it.\n"
    "  docs/cli/serve.md, docs/http-api.md\n",
    table, NULL, 0};

int cli_serve(int argc, char **argv)
{
    web_opts w = {"kaohe.db", "127.0.0.1:8080", 4, 256, 30, 60, 65536,
                  (size_t)2 << 30, NULL, 64, NULL, NULL, 0, NULL};
    char webbuf[PATH_MAX + 32];
    opts o = {w.db, w.listen, w.web_dir, NULL, NULL, NULL, (int)w.threads,
              (int)w.max_conn, (int)w.timeout_s, (int)w.request_s,
              (int)w.max_conn_ip, 0, (long long)w.max_body,
              (long long)w.max_upload};
    int rc = cli_opts_parse(&spec, NULL, argc, argv, 1, &o, NULL);
    if (rc != CLI_GO) return rc;
    w.db = o.db;
    w.standards_name = o.standards;
    w.listen = o.listen;
    w.web_dir = o.web;
    w.threads = (unsigned)o.threads;
    w.max_conn = (unsigned)o.max_conn;
    w.timeout_s = (unsigned)o.timeout;
    w.request_s = (unsigned)o.request;
    w.max_body = (size_t)o.max_body;
    w.max_upload = (size_t)o.max_upload;
    w.max_conn_ip = (unsigned)o.max_conn_ip;
    w.tls_cert = o.tls_cert;
    w.tls_key = o.tls_key;
    w.behind_tls_proxy = o.behind_tls_proxy;
    if (!w.tls_cert != !w.tls_key)
        return cli_usage("--tls-cert 与 --tls-key 须同时给出",
                         "--tls-cert and --tls-key go together");
    if (!w.web_dir) w.web_dir = default_web(webbuf, sizeof webbuf);
    if (!has_index(w.web_dir))
        fprintf(stderr,
                "kaohe: 警告:%s 中没有 index.html,网页界面不可用(用 --web "
                "指定) / warning: no index.html in %s, the browser UI is "
                "unavailable (give --web)\n",
                w.web_dir, w.web_dir);
    kh_standard *std = cli_standard(o.standards);
    if (!std) return CLI_FAIL;
    rc = web_serve(&w, std);
    kh_standard_free(std);
    return rc;
}
