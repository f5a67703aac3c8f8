/* SPDX-License-Identifier: MIT */
/* cli_common.c - error printing, --format, the standards, the progress bar. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "kaohe/app.h"
#include "kaohe/date.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

int cli_report_error(const kh_error *err)
{
    char zh[1200], en[1200];
    kh_error_format(err, "zh", zh, sizeof zh);
    kh_error_format(err, "en", en, sizeof en);
    fprintf(stderr, "kaohe: 错误:%s\nkaohe: error: %s\n", zh, en);
    return err->status == KH_ERR_INVALID ? CLI_FINDINGS : CLI_FAIL;
}

int cli_download_error(const kh_error *err)
{
    int rc = cli_report_error(err);
    return err->status == KH_ERR_DENIED ? CLI_FINDINGS : rc;
}

int cli_usage(const char *zh, const char *en)
{
    fprintf(stderr, "kaohe: 用法错误:%s\nkaohe: usage: %s\n", zh, en);
    return CLI_FAIL;
}

int cli_parse_format(const char *v)
{
    if (!strcmp(v, "text")) return CLI_FMT_TEXT;
    if (!strcmp(v, "json")) return CLI_FMT_JSON;
    if (!strcmp(v, "csv")) return CLI_FMT_CSV;
    if (!strcmp(v, "xlsx")) return CLI_FMT_XLSX;
    cli_usage("--format 只能是 text、json、csv 或 xlsx",
              "--format must be text, json, csv or xlsx");
    return -1;
}

static char *read_file(const char *path, size_t *n, kh_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        int e = errno;
        kh_error_set(err, KH_ERR_IO, "io", "无法打开文件:%s",
                     "cannot open the file: %s", strerror(e));
        kh_error_at(err, path, 0, 0, NULL);
        return NULL;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len, fp)) > 0) {
        len += got;
        if (len == cap) {
            char *p = cap < (64u << 20) ? realloc(buf, cap *= 2) : NULL;
            if (!p) free(buf);
            buf = p;
        }
    }
    fclose(fp);
    if (!buf) {
        kh_error_set(err, KH_ERR_LIMIT, "too_large", "文件过大", "file too large");
        kh_error_at(err, path, 0, 0, NULL);
        return NULL;
    }
    *n = len;
    return buf;
}

kh_standard *cli_standard(const char *path)
{
    kh_error err;
    kh_error_clear(&err);
    kh_standard *s;
    if (kh_standard_new(&s, &err)) {
        cli_report_error(&err);
        return NULL;
    }
    if (!path) return s;
    size_t n;
    char *text = read_file(path, &n, &err);
    if (!text || kh_standard_load(s, text, n, path, &err)) {
        free(text);
        cli_report_error(&err);
        kh_standard_free(s);
        return NULL;
    }
    free(text);
    return s;
}

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_init(cli_progress *p, const char *label)
{
    p->label = label;
    p->start = cli_now();
    const char *a = getenv("KAOHE_PROGRESS_AFTER");
    p->after = a ? atof(a) : 1.0;
    p->shown = 0;
    p->last_pct = -1;
}

void cli_progress_update(void *vp, long long done, long long total)
{
    cli_progress *p = vp;
    if (!isatty(STDERR_FILENO) || total <= 0) return;
    double el = cli_now() - p->start;
    if (!p->shown && el < p->after) return;
    int pct = (int)(done * 100 / total);
    if (pct > 100) pct = 100;
    if (pct == p->last_pct) return;
    p->shown = 1;
    p->last_pct = pct;
    char bar[31];
    int fill = pct * 30 / 100;
    for (int i = 0; i < 30; i++) bar[i] = i < fill ? '#' : '.';
    bar[30] = '\0';
    double eta = pct > 0 ? el * (100 - pct) / pct : 0;
    fprintf(stderr, "\r%s [%s] %3d%%  已用 %.0fs  剩余约 %.0fs ", p->label,
            bar, pct, el, eta);
    fflush(stderr);
}

void cli_progress_done(cli_progress *p)
{
    if (p->shown) fprintf(stderr, "\r\033[K");
    p->shown = 0;
}

void cli_today(int t[3])
{
    const char *v = getenv("KAOHE_TODAY");
    if (v && kh_date_parse(v, strlen(v), &t[0], &t[1], &t[2]) == 0) return;
    kh_date_today(&t[0], &t[1], &t[2]);
}

const char *cli_who(void)
{
    const char *v = getenv("KAOHE_USER");
    if (v && *v) return v;
    v = getenv("LOGNAME");
    if (v && *v) return v;
    v = getenv("USER");
    if (v && *v) return v;
    v = getlogin();
    /* no name found: 未署名, in the audit and in every message and
     * document alike (never "unknown") */
    return v && *v ? v : "未署名";
}

void cli_timestamp(char out[32])
{
    const char *v = getenv("KAOHE_NOW");
    if (v && *v) {
        snprintf(out, 32, "%s", v);
        return;
    }
    const char *t = getenv("KAOHE_TODAY");
    int d[3];
    if (t && kh_date_parse(t, strlen(t), &d[0], &d[1], &d[2]) == 0) {
        snprintf(out, 32, "%04d-%02d-%02dT00:00:00Z", d[0], d[1], d[2]);
        return;
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void cli_maker(char user[128], char when[32])
{
    snprintf(user, 128, "%s", cli_who());
    if (getenv("KAOHE_TODAY")) {
        int t[3];
        cli_today(t);
        snprintf(when, 32, "%04d-%02d-%02d", t[0], t[1], t[2]);
        return;
    }
    time_t now = time(NULL);
    struct tm tm;
    if (!localtime_r(&now, &tm) || !strftime(when, 32, "%Y-%m-%d %H:%M", &tm))
        snprintf(when, 32, "?");
}

int cli_actor(kh_store *s, const kh_standard *std, kh_actor *who,
              kh_error *err)
{
    char now[32];
    cli_timestamp(now);
    return kh_actor_console(s, std, cli_who(), "cli", now, who, err);
}

int cli_open_as(const char *db, const kh_standard *std, kh_store **s,
                kh_actor *who, kh_error *err)
{
    int rc = kh_store_open(db, KH_STORE_OPEN, s, err);
    if (!rc) rc = cli_actor(*s, std, who, err);
    return rc;
}
