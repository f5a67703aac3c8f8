/* SPDX-License-Identifier: MIT */
/*
 * cli_serve.c - `kaohe serve`: the web application's server
 * (docs/cli/serve.md, docs/http-api.md). Option parsing only; the server
 * is src/web/.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "kaohe/standard.h"
#include "web/web.h"

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
          "--max-connections-per-ip 64 --web web\n"
          "--tls-cert/--tls-key: HTTPS (PEM 证书与私钥 / PEM certificate "
          "and key); --behind-tls-proxy: 在 HTTPS 反向代理之后,Cookie 加 "
          "Secure / behind an HTTPS reverse proxy: Secure cookies\n"
          "SIGTERM 或 Ctrl-C 停止 / SIGTERM or Ctrl-C stops it\n",
          stdout);
}

int cli_serve(int argc, char **argv)
{
    web_opts o = {"kaohe.db", "127.0.0.1:8080", 4, 256, 30, 60, 65536,
                  16u << 20, "web", 64, NULL, NULL, 0};
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
    kh_standard *std = cli_standard(stdpath);
    if (!std) return CLI_FAIL;
    int rc = web_serve(&o, std);
    kh_standard_free(std);
    return rc;
}
