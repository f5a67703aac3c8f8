/* SPDX-License-Identifier: MIT */
/*
 * cli_opts.c - the option tables' one parser (cli_opts.h): matching a
 * word against a command's table, converting and checking the value by its
 * type and range, the positional arguments, --help printed from the table,
 * and every option error in Chinese and English.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "kaohe/date.h"
#include "kaohe/standard.h"

#define YEAR_MIN 1990
#define YEAR_MAX 2100

/* 1 when word is one of the space-separated words of list. */
static int in_words(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; *p;) {
        while (*p == ' ') p++;
        const char *e = p;
        while (*e && *e != ' ') e++;
        if ((size_t)(e - p) == n && n && !memcmp(p, word, n)) return 1;
        p = e;
    }
    return 0;
}

static int takes(const cli_option *d, const char *sub)
{
    return !d->subs || (sub && in_words(d->subs, sub));
}

/* The range "MIN..MAX" or "MIN.." into lo and hi (left as they are when
 * absent); 1 when it has a maximum. */
static int range_of(const char *r, long long *lo, long long *hi)
{
    if (!r) return 0;
    char *end;
    *lo = strtoll(r, &end, 10);
    if (strncmp(end, "..", 2) || !end[2]) return 0;
    *hi = strtoll(end + 2, NULL, 10);
    return 1;
}

static int bad_value(const cli_option *d, const char *v, const char *zh_want,
                     const char *en_want)
{
    char zh[512], en[512];
    snprintf(zh, sizeof zh, "选项 %s 的值“%s”无效:应为%s", d->name, v,
             zh_want);
    snprintf(en, sizeof en, "option %s: invalid value '%s': expected %s",
             d->name, v, en_want);
    return cli_usage(zh, en);
}

/* A number that parsed but lies outside lo..hi (bounded 0: no maximum). */
static int out_of_range(const cli_option *d, const char *v, const char *what_zh,
                        const char *what_en, long long lo, long long hi,
                        int bounded)
{
    char zh[512], en[512];
    if (bounded) {
        snprintf(zh, sizeof zh, "选项 %s 的%s %s 超出范围:应在 %lld 到 %lld 之间",
                 d->name, what_zh, v, lo, hi);
        snprintf(en, sizeof en, "option %s: %s %s is out of range: expected "
                 "%lld to %lld", d->name, what_en, v, lo, hi);
    } else {
        snprintf(zh, sizeof zh, "选项 %s 的%s %s 超出范围:应不小于 %lld",
                 d->name, what_zh, v, lo);
        snprintf(en, sizeof en, "option %s: %s %s is out of range: expected "
                 "at least %lld", d->name, what_en, v, lo);
    }
    return cli_usage(zh, en);
}

static int parse_ll(const char *v, long long *x)
{
    char *end;
    errno = 0;
    *x = strtoll(v, &end, 10);
    return !errno && end != v && !*end && (*v == '-' || (*v >= '0' && *v <= '9'));
}

static int year_range(const cli_option *d, const char *v, long long *y)
{
    long long lo = YEAR_MIN, hi = YEAR_MAX;
    range_of(d->range, &lo, &hi);
    char zh[160], en[160];
    snprintf(zh, sizeof zh, " %lld 到 %lld 之间的年份", lo, hi);
    snprintf(en, sizeof en, "a year from %lld to %lld", lo, hi);
    if (!parse_ll(v, y)) return bad_value(d, v, zh, en);
    if (*y < lo || *y > hi)
        return out_of_range(d, v, "年份", "the year", lo, hi, 1);
    return CLI_OK;
}

/* The year's poverty line in the standards in force (the national ones
 * and the file at standards, if any): CLI_OK, or CLI_FAIL after saying
 * that it is missing (and that --standards can give it, when the command
 * takes --standards). */
static int year_line(const char *name, long long year, int takes_std,
                     const char *standards)
{
    kh_standard *s = cli_standard(standards);
    if (!s) return CLI_FAIL;
    long long fen;
    int missing = kh_standard_poverty_line(s, (int)year, &fen) != KH_OK;
    kh_standard_free(s);
    if (!missing) return CLI_OK;
    char zh[320], en[320];
    snprintf(zh, sizeof zh, "%s %lld:标准中没有该年的贫困线(poverty_line.%lld%s)",
             name, year, year, takes_std ? ";可用 --standards 给出" : "");
    snprintf(en, sizeof en,
             "%s %lld: the standards have no poverty line for that year "
             "(poverty_line.%lld%s)",
             name, year, year, takes_std ? "; --standards can give it" : "");
    return cli_usage(zh, en);
}

int cli_opts_year(const char *name, long long year, int need_line,
                  const char *standards)
{
    char zh[320], en[320];
    if (year < YEAR_MIN || year > YEAR_MAX) {
        snprintf(zh, sizeof zh, "%s 的年份 %lld 超出范围:应在 %d 到 %d 之间",
                 name, year, YEAR_MIN, YEAR_MAX);
        snprintf(en, sizeof en, "%s: the year %lld is out of range: "
                 "expected %d to %d", name, year, YEAR_MIN, YEAR_MAX);
        return cli_usage(zh, en);
    }
    return need_line ? year_line(name, year, 1, standards) : CLI_OK;
}

/* Store value v of option d into o; CLI_OK or CLI_FAIL (printed). */
static int store(const cli_option *d, const char *v, void *o)
{
    char *field = (char *)o + d->off;
    long long x, lo, hi;
    switch (d->type) {
    case CLI_FLAG:
        *(int *)field = 1;
        return CLI_OK;
    case CLI_STR:
        break;
    case CLI_PATH:
        if (!*v) return bad_value(d, v, "文件名", "a file name");
        break;
    case CLI_DATE: {
        int y, m, dd;
        if (strlen(v) != 10 || kh_date_parse(v, 10, &y, &m, &dd))
            return bad_value(d, v, "日期 YYYY-MM-DD", "a date YYYY-MM-DD");
        break;
    }
    case CLI_ENUM: {
        const char *p = d->range;
        size_t n = strlen(v);
        while (p && *p) {
            const char *e = strchr(p, '|');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            if (len == n && !memcmp(p, v, n)) break;
            p = e ? e + 1 : NULL;
        }
        if (!p || !*p) {
            char zh[256], en[256];
            snprintf(zh, sizeof zh, "以下之一:%s", d->range);
            snprintf(en, sizeof en, "one of %s", d->range);
            return bad_value(d, v, zh, en);
        }
        break;
    }
    case CLI_INT:
    case CLI_LONG: {
        lo = 0;
        hi = d->type == CLI_INT ? 2147483647LL : 9223372036854775807LL;
        int bounded = range_of(d->range, &lo, &hi);
        int ok = parse_ll(v, &x);
        if (ok && (x < lo || x > hi))
            return out_of_range(d, v, "值", "the value", lo, hi,
                                bounded || x > hi);
        if (!ok) {
            char zh[160], en[160];
            if (bounded) {
                snprintf(zh, sizeof zh, " %lld 到 %lld 之间的整数", lo, hi);
                snprintf(en, sizeof en, "an integer from %lld to %lld", lo, hi);
            } else {
                snprintf(zh, sizeof zh, "不小于 %lld 的整数", lo);
                snprintf(en, sizeof en, "an integer of at least %lld", lo);
            }
            return bad_value(d, v, zh, en);
        }
        if (d->type == CLI_INT)
            *(int *)field = (int)x;
        else
            *(long long *)field = x;
        return CLI_OK;
    }
    case CLI_YEAR:
    case CLI_YEAR_LINE:
    case CLI_YEAR_ANY:
        if (year_range(d, v, &x)) return CLI_FAIL;
        *(int *)field = (int)x;
        return CLI_OK;
    case CLI_SEQ: {
        cli_seq *q = (cli_seq *)field;
        if (d->range && d->arg) {
            lo = 0, hi = 9223372036854775807LL;
            int bounded = range_of(d->range, &lo, &hi);
            if (!parse_ll(v, &x)) {
                char zh[160], en[160];
                snprintf(zh, sizeof zh, " %lld 到 %lld 之间的整数", lo, hi);
                snprintf(en, sizeof en, "an integer from %lld to %lld", lo, hi);
                return bad_value(d, v, zh, en);
            }
            if (x < lo || x > hi)
                return out_of_range(d, v, "值", "the value", lo, hi, bounded);
        }
        if (q->n >= CLI_SEQ_MAX) {
            char zh[160], en[160];
            snprintf(zh, sizeof zh, "选项 %s 等给得太多(最多 %d 个)", d->name,
                     CLI_SEQ_MAX);
            snprintf(en, sizeof en, "too many %s and the like (at most %d)",
                     d->name, CLI_SEQ_MAX);
            return cli_usage(zh, en);
        }
        q->v[q->n].opt = d->name;
        q->v[q->n++].val = v;
        return CLI_OK;
    }
    case CLI_LIST: {
        cli_list *l = (cli_list *)field;
        size_t max = d->range ? (size_t)atoi(d->range) : CLI_LIST_MAX;
        if (max > CLI_LIST_MAX) max = CLI_LIST_MAX;
        if (l->n >= max) {
            char zh[160], en[160];
            snprintf(zh, sizeof zh, "选项 %s 最多可给 %zu 次", d->name, max);
            snprintf(en, sizeof en, "option %s may be given at most %zu "
                     "times", d->name, max);
            return cli_usage(zh, en);
        }
        l->v[l->n++] = v;
        return CLI_OK;
    }
    }
    *(const char **)field = v;
    return CLI_OK;
}

/* The table's --standards value where sub takes it, else NULL. */
static const char *standards_of(const cli_spec *spec, const char *sub,
                                const void *o)
{
    for (const cli_option *d = spec->opts; d->name; d++)
        if (!strcmp(d->name, "--standards") && takes(d, sub))
            return *(const char *const *)((const char *)o + d->off);
    return NULL;
}

static int has_standards(const cli_spec *spec, const char *sub)
{
    for (const cli_option *d = spec->opts; d->name; d++)
        if (!strcmp(d->name, "--standards") && takes(d, sub)) return 1;
    return 0;
}

/* "kaohe CMD [SUB] --help" for the hints; a command whose plain form is
 * parsed as the subcommand of its own name (indicators) gets none. */
static void help_hint(const cli_spec *spec, const char *sub, char *out,
                      size_t n)
{
    int plain = !sub || !strcmp(sub, spec->cmd);
    snprintf(out, n, "kaohe %s%s%s --help", spec->cmd, plain ? "" : " ",
             plain ? "" : sub);
}

static int unknown(const cli_spec *spec, const char *sub, const char *word)
{
    char hint[160];
    help_hint(spec, sub, hint, sizeof hint);
    fprintf(stderr, "kaohe: 未知选项 %s / unknown option %s\n", word, word);
    fprintf(stderr, "kaohe: 可用的选项见 / the options are listed by: %s\n",
            hint);
    return CLI_FAIL;
}

int cli_opts_parse(const cli_spec *spec, const char *sub, int argc,
                   char **argv, int first, void *o, int *npos)
{
    if (spec->subs && sub && !in_words(spec->subs, sub)) {
        fprintf(stderr, "kaohe: 未知的 %s 子命令 %s / unknown %s "
                        "subcommand %s\n",
                spec->cmd, sub, spec->cmd, sub);
        return CLI_FAIL;
    }
    for (int i = first; i < argc; i++)
        if (!strcmp(argv[i], "--")) break;
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            cli_opts_help(spec, sub);
            return CLI_OK;
        }
    int np = 0, rest = 0;
    for (int i = first; i < argc; i++) {
        char *a = argv[i];
        if (rest || a[0] != '-' || !a[1]) {
            if (spec->maxpos >= 0 && np >= spec->maxpos) {
                char zh[400], en[400], hint[160];
                help_hint(spec, sub, hint, sizeof hint);
                snprintf(zh, sizeof zh, "多余的参数“%.200s”(%s)", a, hint);
                snprintf(en, sizeof en, "unexpected argument '%.200s' (%s)", a,
                         hint);
                return cli_usage(zh, en);
            }
            argv[first + np++] = a;
            continue;
        }
        if (!strcmp(a, "--")) {
            rest = 1;
            continue;
        }
        const char *eq = strchr(a, '=');
        size_t n = eq ? (size_t)(eq - a) : strlen(a);
        const cli_option *d = spec->opts;
        for (; d->name; d++)
            if (takes(d, sub) && strlen(d->name) == n &&
                !memcmp(d->name, a, n))
                break;
        if (!d->name) {
            char name[128];
            snprintf(name, sizeof name, "%.*s", (int)(n < 100 ? n : 100), a);
            return unknown(spec, sub, name);
        }
        const char *v;
        if (!d->arg) { /* a flag */
            if (eq) {
                char zh[160], en[160];
                snprintf(zh, sizeof zh, "选项 %s 不带值", d->name);
                snprintf(en, sizeof en, "option %s takes no value", d->name);
                return cli_usage(zh, en);
            }
            v = "";
        } else if (eq) {
            v = eq + 1;
        } else if (i + 1 < argc) {
            v = argv[++i];
        } else {
            char zh[160], en[160];
            snprintf(zh, sizeof zh, "选项 %s 需要一个值(%s)", d->name,
                     d->arg);
            snprintf(en, sizeof en, "option %s needs a value (%s)", d->name,
                     d->arg);
            return cli_usage(zh, en);
        }
        if (store(d, v, o)) return CLI_FAIL;
    }
    if (npos)
        *npos = np;
    /* The years that need a poverty line, once the --standards file (given
     * anywhere on the line) is known. */
    for (const cli_option *d = spec->opts; d->name; d++) {
        if ((d->type != CLI_YEAR && d->type != CLI_YEAR_LINE) ||
            !takes(d, sub))
            continue;
        int y = *(const int *)((const char *)o + d->off);
        if (y && year_line(d->name, y, has_standards(spec, sub),
                           standards_of(spec, sub, o)))
            return CLI_FAIL;
    }
    return CLI_GO;
}

const char *cli_opts_first_word(const cli_spec *spec, int argc, char **argv,
                                int first)
{
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) return i + 1 < argc ? argv[i + 1] : NULL;
        if (a[0] != '-' || !a[1]) return a;
        if (strchr(a, '=')) continue;
        for (const cli_option *d = spec->opts; d->name; d++)
            if (d->arg && !strcmp(d->name, a)) {
                i++;
                break;
            }
    }
    return NULL;
}

int cli_opts_sub(const cli_spec *spec, int argc, char **argv,
                 const char *usage_zh, const char *usage_en,
                 const char **sub, void *o, int *npos)
{
    *sub = cli_opts_first_word(spec, argc, argv, 1);
    if (!*sub) {
        for (int i = 1; i < argc; i++)
            if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
                cli_opts_help(spec, NULL);
                return CLI_OK;
            }
        return cli_usage(usage_zh, usage_en);
    }
    return cli_opts_parse(spec, *sub, argc, argv, 1, o, npos);
}

static const char *type_note(const cli_option *d, char *buf, size_t n)
{
    switch (d->type) {
    case CLI_ENUM:
        snprintf(buf, n, " [%s]", d->range);
        return buf;
    case CLI_INT:
    case CLI_LONG:
        if (d->range) {
            snprintf(buf, n, " [%s]", d->range);
            return buf;
        }
        return " [≥0]";
    case CLI_YEAR:
    case CLI_YEAR_LINE:
    case CLI_YEAR_ANY:
        snprintf(buf, n, " [%s]", d->range ? d->range : "1990..2100");
        return buf;
    case CLI_DATE:
        return " [YYYY-MM-DD]";
    case CLI_LIST:
        return " (可重复 / repeatable)";
    case CLI_SEQ:
        if (d->range && d->arg) {
            snprintf(buf, n, " [%s] (可重复 / repeatable)", d->range);
            return buf;
        }
        return " (可重复 / repeatable)";
    default:
        return "";
    }
}

void cli_opts_help(const cli_spec *spec, const char *sub)
{
    if (spec->usage) fputs(spec->usage, stdout);
    if (sub && spec->subs && !in_words(spec->subs, sub)) sub = NULL;
    if (!sub && spec->subs)
        printf("\n子命令 / subcommands: %s\n", spec->subs);
    printf("\n选项 / options%s%s%s:\n", sub ? " (" : "", sub ? sub : "",
           sub ? ")" : "");
    for (const cli_option *d = spec->opts; d->name; d++) {
        if (sub && !takes(d, sub)) continue;
        char left[64], note[96];
        snprintf(left, sizeof left, "%s%s%s", d->name, d->arg ? " " : "",
                 d->arg ? d->arg : "");
        printf("  %-20s %s%s\n", left, d->help,
               type_note(d, note, sizeof note));
        if (!sub && d->subs)
            printf("  %-20s   (%s)\n", "", d->subs);
    }
    printf("  %-20s %s\n", "--help, -h", "本说明 / this help");
}
