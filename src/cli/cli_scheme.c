/* SPDX-License-Identifier: MIT */
/*
 * cli_scheme.c - `kaohe scheme check FILE...`: a scheme file checked for
 * everything docs/schemes.md asks (points adding up, known indicators and
 * inputs, no cycle through roll-ups, possible bands and grades), the error
 * naming the line; `kaohe scheme show [NAME|FILE]`: the presets, or one
 * scheme's items, inputs, vetoes and grades.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "kaohe/indicators.h"
#include "kaohe/indicators_store.h"
#include "kaohe/registry.h"
#include "kaohe/scheme.h"
#include "kaohe/standard.h"

typedef struct opts {
    const char *standards;
} opts;

#define O(f) offsetof(opts, f)
static const cli_option table[] = {
    CLI_OPT_STANDARDS(O(standards), "check"),
    CLI_END};

static const cli_spec spec = {
    "scheme",
    "kaohe scheme check FILE... [--standards FILE]\n"
    "kaohe scheme show [NAME|FILE]\n"
    "  检查考核方案文件(分值合计、指标、循环、档次),错误注明行号;\n"
    "  show 列出预置方案,或显示一个方案的项目、录入项、否决项与等次。\n"
    "  Check a scheme file (points adding up, indicators, cycles, bands),\n"
    "  errors with their line; show lists the presets or one scheme.\n"
    "  docs/schemes.md, docs/cli/scheme.md\n",
    table, "check show", 64};

static int known(void *ctx, const char *name)
{
    return kh_indicators_find(ctx, name) >= 0;
}

/* Indicator names come from an indicator table over no region, with the
 * review's finding.* and every kind's dept.* included (-1). */
int cli_scheme_indicators(const char *standards, kh_indicators **ix)
{
    kh_error err;
    kh_error_clear(&err);
    *ix = NULL;
    kh_standard *std = cli_standard(standards);
    if (!std) return CLI_FAIL;
    kh_regionset *rs = NULL;
    int rc = kh_regionset_new(&rs, &err);
    if (!rc) rc = kh_indicators_new(std, 2020, rs, -1, ix, &err);
    kh_regionset_free(rs);
    kh_standard_free(std);
    return rc ? cli_report_error(&err) : CLI_OK;
}

int cli_scheme_check_all(kh_scheme_set *set, const kh_scheme *s,
                         kh_indicators *ix, kh_error *err)
{
    return kh_scheme_check(set, s, known, ix, err);
}

static int check(int nfiles, char **files, const opts *o)
{
    const char *standards = o->standards;
    if (!nfiles)
        return cli_usage("kaohe scheme check 方案文件...",
                         "kaohe scheme check FILE...");
    kh_indicators *ix;
    int st = cli_scheme_indicators(standards, &ix);
    if (st) return st;
    kh_error err;
    kh_error_clear(&err);
    kh_scheme_set *set;
    const kh_scheme *sc[64];
    int rc = kh_scheme_set_new(&set, &err);
    /* every file first, so that they may name each other */
    for (int i = 0; !rc && i < nfiles; i++) {
        if (!strchr(files[i], '/') && !strstr(files[i], ".scheme")) {
            char path[4096];
            snprintf(path, sizeof path, "./%s", files[i]);
            rc = kh_scheme_set_load(set, path, &sc[i], &err);
        } else {
            rc = kh_scheme_set_load(set, files[i], &sc[i], &err);
        }
    }
    for (int i = 0; !rc && i < nfiles; i++)
        rc = cli_scheme_check_all(set, sc[i], ix, &err);
    if (!rc)
        for (int i = 0; i < nfiles; i++) {
            size_t items = 0, leaves = 0;
            for (size_t k = 0; k < sc[i]->nitems; k++)
                items++, leaves += !sc[i]->items[k].nchildren;
            char t[32];
            kh_points_format(sc[i]->total, t, sizeof t);
            printf("%s: 方案 %s 检查通过:%zu 个项目(%zu 个计分项),合计 %s 分,"
                   "%zu 个录入项,%zu 个否决项,%zu 个等次\n"
                   "%s: scheme %s is valid: %zu items (%zu scored), %s points, "
                   "%zu inputs, %zu vetoes, %zu grades\n",
                   files[i], sc[i]->name, items, leaves, t, sc[i]->ninputs,
                   sc[i]->nvetoes, sc[i]->ngrades, files[i], sc[i]->name, items,
                   leaves, t, sc[i]->ninputs, sc[i]->nvetoes, sc[i]->ngrades);
        }
    kh_scheme_set_free(set);
    kh_indicators_free(ix);
    return rc ? cli_report_error(&err) : CLI_OK;
}

static void show_scheme(const kh_scheme *s)
{
    char t[48], lo[48], hi[48];
    kh_points_format(s->total, t, sizeof t);
    printf("# %s — %s\n# 来源 source: %s\n# 级别 level: %s   总分 total: %s   "
           "并列 tie: %s\n", s->name, s->title ? s->title : "",
           s->source ? s->source : "", kh_level_name(s->level), t,
           s->tie_item ? s->tie_item : "shared");
    if (s->nsteps) {
        printf("# 步骤 steps:");
        for (size_t i = 0; i < s->nsteps; i++)
            printf("%s %s", i ? "," : "", s->steps[i]);
        printf("\n");
    }
    printf("\n项目 items:\n");
    for (size_t i = 0; i < s->nitems; i++) {
        const kh_scheme_item *it = &s->items[i];
        int depth = 0;
        for (int p = it->parent; p >= 0; p = s->items[p].parent) depth++;
        if (it->adjust) {
            kh_points_format(it->min, lo, sizeof lo);
            kh_points_format(it->max, hi, sizeof hi);
            printf("  %*s%s  [%s, %s] 调整 adjustment", depth * 2, "", it->name,
                   lo, hi);
        } else {
            kh_points_format(it->max, t, sizeof t);
            printf("  %*s%s  %s", depth * 2, "", it->name, t);
        }
        if (!it->nchildren) {
            char *src = kh_scheme_source_text(it), *rule = kh_scheme_rule_text(it);
            printf("  ← %s; %s", src ? src : "", rule ? rule : "");
            free(src);
            free(rule);
        }
        if (it->note) printf("  (%s)", it->note);
        printf("\n");
    }
    if (s->ninputs) printf("\n录入项 inputs:\n");
    for (size_t i = 0; i < s->ninputs; i++) {
        const kh_scheme_input *in = &s->inputs[i];
        kh_q_text(in->lo, lo, sizeof lo);
        kh_q_text(in->hi, hi, sizeof hi);
        printf("  %-16s %s  [%s, %s]  %s\n", in->name, in->label ? in->label : "",
               lo, hi, in->step ? in->step : "");
    }
    if (s->nvetoes) printf("\n否决项 vetoes:\n");
    for (size_t i = 0; i < s->nvetoes; i++) {
        const kh_scheme_veto *v = &s->vetoes[i];
        printf("  %-16s %s %s → %s\n    when:", v->code,
               v->article ? v->article : "", v->label ? v->label : "",
               v->consequence);
        for (size_t k = 0; k < v->nconds; k++) {
            const kh_veto_cond *c = &v->conds[k];
            const char *op = c->op == '<' ? "<" : c->op == 'l' ? "<="
                           : c->op == '>' ? ">" : c->op == 'g' ? ">="
                           : c->op == '=' ? "=" : NULL;
            kh_q_text(c->thr, lo, sizeof lo);
            printf("%s %s %s", k ? " or" : "",
                   c->src == KH_SRC_INPUT ? "input" : "indicator", c->ref);
            if (op) printf(" %s %s", op, lo);
            else printf(" ≠ 0");
        }
        printf("\n");
    }
    printf("\n等次 grades:");
    for (size_t i = 0; i < s->ngrades; i++) {
        kh_points_format(s->grades[i].min, t, sizeof t);
        printf("%s %s ≥ %s", i ? "," : "", s->grades[i].name, t);
    }
    printf("\n");
}

static int show(int npos, char **pos)
{
    if (npos < 1) {
        printf("预置方案 / presets:\n");
        for (size_t i = 0; i < kh_scheme_preset_count(); i++)
            printf("  %s\n", kh_scheme_preset_name(i));
        return CLI_OK;
    }
    if (npos > 1)
        return cli_usage("kaohe scheme show [方案名|文件]",
                         "kaohe scheme show [NAME|FILE]");
    kh_error err;
    kh_error_clear(&err);
    kh_scheme_set *set;
    const kh_scheme *s;
    int rc = kh_scheme_set_new(&set, &err);
    if (!rc) rc = kh_scheme_set_load(set, pos[0], &s, &err);
    if (!rc) show_scheme(s);
    kh_scheme_set_free(set);
    return rc ? cli_report_error(&err) : CLI_OK;
}

int cli_scheme(int argc, char **argv)
{
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        cli_opts_help(&spec, NULL);
        return CLI_OK;
    }
    if (argc < 2)
        return cli_usage("kaohe scheme check|show ...(kaohe scheme --help)",
                         "kaohe scheme check|show ... (kaohe scheme --help)");
    opts o = {NULL};
    int npos = 0;
    int rc = cli_opts_parse(&spec, argv[1], argc, argv, 2, &o, &npos);
    if (rc != CLI_GO) return rc;
    if (!strcmp(argv[1], "check")) return check(npos, argv + 2, &o);
    return show(npos, argv + 2);
}
