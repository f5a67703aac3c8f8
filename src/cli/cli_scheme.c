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
#include "kaohe/fmt.h"
#include "kaohe/indicators.h"
#include "kaohe/indicators_store.h"
#include "kaohe/label.h"
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

/* A veto condition in words: "减贫计划完成率低于 100%", "经第三方评估认定". */
static void cond_words(const kh_scheme *s, const kh_veto_cond *c, char *buf,
                       size_t n)
{
    char what[200], thr[64];
    kh_label_ref(s, c->src, c->ref, what, sizeof what);
    if (c->op == '!') {
        const kh_scheme_input *in =
            c->src == KH_SRC_INPUT ? kh_scheme_input_find(s, c->ref) : NULL;
        if (in && in->step)
            snprintf(buf, n, "%s经%s认定", what, in->step);
        else
            snprintf(buf, n, "%s为“是”", what);
        return;
    }
    if (kh_label_ref_is_rate(s, c->src, c->ref))
        kh_fmt_pct_short(c->thr.num, c->thr.den, thr, sizeof thr);
    else
        kh_q_text(c->thr, thr, sizeof thr);
    const char *op = c->op == '<' ? "低于" : c->op == 'l' ? "不高于"
                   : c->op == '>' ? "高于" : c->op == 'g' ? "不低于"
                                                         : "等于";
    snprintf(buf, n, "%s%s %s", what, op, thr);
}

/* One scheme in plain Chinese (issue #16): items with what they read and
 * their rule in words, inputs by their labels, vetoes with their
 * conditions in words; no code, slug or rule keyword. */
static void show_scheme(const kh_scheme *s)
{
    char t[48], lo[48], hi[48], z[600];
    kh_points_format(s->total, t, sizeof t);
    kh_label_zh_punct(s->title ? s->title : "", z, sizeof z);
    printf("%s\n", z);
    if (s->source) {
        kh_label_zh_punct(s->source, z, sizeof z);
        printf("依据：%s\n", z);
    }
    printf("考核对象：%s级　总分：%s 分　并列时比较：%s\n",
           kh_level_name(s->level), t, s->tie_item ? s->tie_item : "总分");
    if (s->nsteps) {
        printf("考核步骤：");
        for (size_t i = 0; i < s->nsteps; i++)
            printf("%s%s", i ? "、" : "", s->steps[i]);
        printf("\n");
    }
    printf("\n考核项目：\n");
    for (size_t i = 0; i < s->nitems; i++) {
        const kh_scheme_item *it = &s->items[i];
        int depth = 0;
        for (int p = it->parent; p >= 0; p = s->items[p].parent) depth++;
        if (it->adjust) {
            kh_points_format(it->min, lo, sizeof lo);
            kh_points_format(it->max, hi, sizeof hi);
            printf("  %*s%s（调整项，%s 至 %s 分）", depth * 2, "", it->name,
                   lo, hi);
        } else {
            kh_points_format(it->max, t, sizeof t);
            printf("  %*s%s（%s 分）", depth * 2, "", it->name, t);
        }
        if (!it->nchildren) {
            char rule[600];
            if (kh_label_rule_words(s, it, rule, sizeof rule) == 0)
                printf("：%s", rule);
        }
        if (it->note) {
            kh_label_zh_punct(it->note, z, sizeof z);
            printf("。%s", z);
        }
        printf("\n");
    }
    if (s->ninputs) printf("\n录入项（取值范围，录入环节）：\n");
    for (size_t i = 0; i < s->ninputs; i++) {
        const kh_scheme_input *in = &s->inputs[i];
        kh_q_text(in->lo, lo, sizeof lo);
        kh_q_text(in->hi, hi, sizeof hi);
        printf("  %s：%s 至 %s", in->label ? in->label : "录入项", lo, hi);
        if (in->step) printf("，%s", in->step);
        printf("\n");
    }
    if (s->nvetoes) printf("\n否决情形：\n");
    for (size_t i = 0; i < s->nvetoes; i++) {
        const kh_scheme_veto *v = &s->vetoes[i];
        char art[200], cons[400], cw[400];
        kh_label_zh_punct(v->article ? v->article : "", art, sizeof art);
        kh_label_consequence(v->consequence, cons, sizeof cons);
        printf("  %s%s%s：%s\n    认定条件：", art, art[0] ? " " : "",
               kh_label_veto(s, v->code), cons);
        for (size_t k = 0; k < v->nconds; k++) {
            cond_words(s, &v->conds[k], cw, sizeof cw);
            printf("%s%s", k ? "，或" : "", cw);
        }
        printf("\n");
    }
    printf("\n等次：");
    for (size_t i = 0; i < s->ngrades; i++) {
        kh_points_format(s->grades[i].min, t, sizeof t);
        printf("%s%s %s 分及以上", i ? "，" : "", s->grades[i].name, t);
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
