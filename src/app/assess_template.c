/* SPDX-License-Identifier: MIT */
/*
 * assess_template.c - the inputs template of an assessment run
 * (include/kaohe/assess_run.h kh_app_assess_template): what `kaohe assess
 * template` and GET /api/assessments/S/Y/L/template write, decided and
 * made once. The headers are the scheme's words (kh_assess_input_heading,
 * kh_assess_date_heading), read back by `assess run` (assess_run.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/app.h"
#include "kaohe/assess_run.h"
#include "kaohe/encoding.h"
#include "kaohe/label.h"
#include "kaohe/registry.h"
#include "kaohe/store.h"
#include "kaohe/tabwriter.h"

/* The file itself: the rows of the regions of each scheme's level. */
static int write_template(kh_store *db, kh_scheme_set *set,
                          const kh_scheme *s, int year, int level, int fmt,
                          const char *path, long long *rows, kh_error *err)
{
    kh_regionset *rs = NULL;
    kh_tabwriter *w = NULL;
    const kh_scheme *list[32];
    size_t nl = 0;
    /* columns: 区划代码 名称 级别 方案, every input, a date per step */
    const char *cols[256];
    size_t nc = 0;
    char *heads[256] = {0};
    *rows = 0;
    int rc = kh_regionset_new(&rs, err);
    if (!rc) rc = kh_store_regions_load(db, rs, err);
    if (rc) goto done;
    nl = kh_assess_schemes(set, s, list, 0, 32);
    for (size_t k = 0; k < nl; k++)
        for (size_t i = 0; i < list[k]->ninputs && nc < 200; i++) {
            size_t c;
            for (c = 0; c < nc; c++)
                if (!strcmp(cols[c], list[k]->inputs[i].name)) break;
            if (c < nc) continue;
            const kh_scheme_input *in = &list[k]->inputs[i];
            char h[1024];
            kh_assess_input_heading(list[k], in, h, sizeof h);
            if (!(heads[nc] = strdup(h))) rc = KH_ERR_NOMEM;
            cols[nc++] = in->name;
        }
    size_t ninputs = nc;
    for (size_t k = 0; k < nl; k++)
        for (size_t i = 0; i < list[k]->ninputs && nc < 250; i++) {
            const char *step = list[k]->inputs[i].step;
            if (!step) continue;
            size_t c;
            for (c = ninputs; c < nc; c++)
                if (!strcmp(cols[c], step)) break;
            if (c < nc) continue;
            char h[512];
            kh_assess_date_heading(step, h, sizeof h);
            if (!(heads[nc] = strdup(h))) rc = KH_ERR_NOMEM;
            cols[nc++] = step;
        }
    if (rc) {
        rc = kh_error_msg(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
        goto done;
    }
    rc = kh_tabwriter_open(path,
                           fmt,
                           KH_ENC_UTF8_BOM, &w, err);
    if (!rc) rc = kh_tabwriter_sheet(w, "录入", err);
    const char *row[260];
    char types[261];
    row[0] = "区划代码", row[1] = "名称", row[2] = "级别", row[3] = "方案";
    for (size_t c = 0; c < nc; c++) row[4 + c] = heads[c];
    /* the last column: the run this file is for (checked by assess run) */
    char stamp[256];
    kh_assess_stamp(set, s, year, level, stamp, sizeof stamp);
    row[4 + nc] = KH_ASSESS_STAMP_COL;
    memset(types, 'h', nc + 5);
    if (!rc) rc = kh_tabwriter_row(w, row, types, nc + 5, err);
    if (!rc) { /* the header and the names stay in view */
        kh_tabwriter_freeze(w, 1, 2);
        kh_tabwriter_width(w, 0, 14);
        kh_tabwriter_width(w, 1, 12);
        kh_tabwriter_width(w, 3, 30);
        for (size_t c = 0; c < nc; c++) kh_tabwriter_width(w, 4 + c, 18);
        kh_tabwriter_width(w, 4 + nc, 28);
    }
    memset(types, 's', nc + 5);
    for (size_t k = 0; k < nl; k++) {
        /* the scheme by its title */
        char title[512];
        kh_label_zh_punct(list[k]->title ? list[k]->title : list[k]->name,
                          title, sizeof title);
        for (size_t r = 0; !rc && r < kh_regionset_count(rs); r++) {
            const kh_region *g = kh_regionset_at(rs, r);
            if (g->level != list[k]->level) continue;
            row[0] = g->code, row[1] = g->name;
            row[2] = kh_level_name(g->level), row[3] = title;
            for (size_t c = 0; c < nc; c++) {
                int used = 0;
                if (c < ninputs) {
                    used = kh_scheme_input_find(list[k], cols[c]) != NULL;
                } else {
                    for (size_t i = 0; i < list[k]->ninputs; i++)
                        if (list[k]->inputs[i].step &&
                            !strcmp(list[k]->inputs[i].step, cols[c]))
                            used = 1;
                }
                row[4 + c] = used ? "" : "/";
            }
            row[4 + nc] = stamp;
            rc = kh_tabwriter_row(w, row, types, nc + 5, err);
            (*rows)++;
        }
    }
    if (!rc && fmt == KH_TAB_XLSX) {
        rc = kh_tabwriter_sheet(w, "说明", err);
        static const char *const h[] = {"录入项", "录入表中的列", "方案", "级别",
                                        "考核环节", "下限", "上限"};
        if (!rc) rc = kh_tabwriter_row(w, h, "hhhhhhh", 7, err);
        static const double wd[] = {30, 40, 40, 6, 12, 8, 8};
        if (!rc) {
            kh_tabwriter_freeze(w, 1, 1);
            for (size_t c = 0; c < 7; c++) kh_tabwriter_width(w, c, wd[c]);
        }
        for (size_t k = 0; !rc && k < nl; k++) {
            char title[512];
            kh_label_zh_punct(list[k]->title ? list[k]->title : list[k]->name,
                              title, sizeof title);
            for (size_t i = 0; !rc && i < list[k]->ninputs; i++) {
                const kh_scheme_input *in = &list[k]->inputs[i];
                char lo[64], hi[64], head[1024];
                const char *ty = "sssssnn";
                if (in->type == KH_IN_RATE) { /* percentages, as text */
                    kh_label_ref_value(list[k], KH_SRC_INPUT, in->name, in->lo,
                                       lo, sizeof lo);
                    kh_label_ref_value(list[k], KH_SRC_INPUT, in->name, in->hi,
                                       hi, sizeof hi);
                    ty = "sssssss";
                } else {
                    kh_q_text(in->lo, lo, sizeof lo);
                    kh_q_text(in->hi, hi, sizeof hi);
                }
                kh_assess_input_heading(list[k], in, head, sizeof head);
                const char *r7[7] = {in->label ? in->label : in->name, head,
                                     title, kh_level_name(list[k]->level),
                                     in->step, lo, hi};
                rc = kh_tabwriter_row(w, r7, ty, 7, err);
            }
        }
    }
    if (!rc) {
        rc = kh_tabwriter_close(w, err);
        w = NULL;
    }
done:
    for (size_t c = 0; c < nc; c++) free(heads[c]);
    kh_tabwriter_free(w);
    kh_regionset_free(rs);
    return rc;
}

int kh_app_assess_template(kh_store *db, const kh_actor *who,
                           const char *const *schemes, size_t nschemes,
                           int year, int level, int fmt, const char *path,
                           kh_error *err)
{
    char object[192];
    snprintf(object, sizeof object, "assessment/%.64s/%d/%s/template",
             nschemes ? schemes[0] : "", year, kh_level_name(level));
    int rc = kh_app_assess_may(db, who, level, "assessment.template", object,
                               err);
    if (rc) return rc;
    kh_scheme_set *set = NULL;
    const kh_scheme *s = NULL;
    rc = kh_assess_load_schemes(schemes, nschemes ? nschemes : 1, level, &set,
                                &s, err);
    long long rows = 0;
    if (!rc)
        rc = write_template(db, set, s, year, level, fmt, path, &rows, err);
    kh_scheme_set_free(set);
    if (!rc && who)
        rc = kh_app_audit(db, who, "assessment.template", object, "ok", rows,
                          NULL, NULL, NULL, err);
    return rc;
}
