/* SPDX-License-Identifier: MIT */
/*
 * template.c - the import templates (template.h), written with
 * libxlsxwriter: sheet 填写 (the header, a column format per column type,
 * drop-down lists), sheet 填写说明 (each column's rules, from the column
 * tables and the standards file) and sheet 取值 (the category lists the
 * drop-downs refer to; a range, as Excel limits a list typed into a
 * validation to 255 characters).
 */
#include "kaohe/template.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "kaohe/buf.h"
#include "kaohe/plancol.h"
#include "kaohe/registry.h"
#include "kaohe/survey.h"

#define FILL_ROWS 10000 /* rows the formats and drop-downs cover */

int kh_template_kind_parse(const char *name)
{
    static const char *const names[] = {"registry", "regions", "roster",
                                        "survey", "plan"};
    for (int i = 0; i < 5; i++)
        if (!strcmp(name, names[i])) return i;
    return -1;
}

static void columns(int kind, const kh_coldef **cols, int *n)
{
    switch (kind) {
    case KH_TPL_REGIONS: *cols = kh_region_cols; *n = KH_R_COUNT; break;
    case KH_TPL_ROSTER: *cols = kh_roster_cols; *n = KH_RO_COUNT; break;
    case KH_TPL_SURVEY: *cols = kh_survey_cols; *n = KH_SV_COUNT; break;
    case KH_TPL_PLAN: *cols = kh_plan_cols; *n = KH_PC_COUNT; break;
    default: *cols = kh_registry_cols; *n = KH_C_COUNT; break;
    }
}

/* The labels of a column's list: the standards file's, or the region
 * levels (kh_level_parse), which are no enum of the file. */
static int labels(const kh_standard *std, const kh_coldef *c, int i)
{
    (void)i;
    int e = c->enum_name ? kh_standard_enum(std, c->enum_name) : -1;
    return e >= 0 ? kh_standard_enum_count(std, e)
                  : (c->enum_name && !strcmp(c->enum_name, "level") ? 5 : 0);
}

static const char *label(const kh_standard *std, const kh_coldef *c, int i)
{
    int e = kh_standard_enum(std, c->enum_name);
    return e >= 0 ? kh_standard_enum_label(std, e, i) : kh_level_name(i + 1);
}

static const char *type_rule(int type)
{
    switch (type) {
    case KH_T_ENUM: return "从下拉列表中选择一项";
    case KH_T_LIST: return "可填多项,用“；”分隔(下拉列表可选一项后再补充)";
    case KH_T_YEAR: return "四位年份,如 2019";
    case KH_T_MONEY: return "金额(元),不小于 0,最多两位小数";
    case KH_T_DATE: return "日期,如 2019-12-31";
    case KH_T_ID: return "18 位居民身份证号码(本列为文本格式,请勿改为数字)";
    case KH_T_PHONE: return "11 位手机号或固定电话(文本格式)";
    case KH_T_CODE12: return "12 位统计用区划代码(文本格式)";
    case KH_T_INT: return "不小于 0 的整数";
    default: return "文本";
    }
}

/* A column whose rule says more than its type's (the plan's). */
static const char *col_rule(int kind, int c, int type)
{
    if (kind == KH_TPL_PLAN) {
        switch (c) {
        case KH_PC_ID:
            return "已登记问题的编号(由系统导出);新问题留空,导入时加 "
                   "--allow-new";
        case KH_PC_DEADLINE:
            return "日期,如 2020-06-30;长期坚持的填“长期坚持”";
        case KH_PC_UNITS:
            return "可填多个单位,用“、”或“；”分隔";
        case KH_PC_STATUS:
            return "导出时写出的状态,导入时不读(状态由整改流程决定)";
        case KH_PC_YEAR:
            return "四位年份,如 2019;空则取发现日期的年份";
        default: break;
        }
    }
    return type_rule(type);
}

static int lxw_fail(kh_error *err, const char *path, lxw_error e)
{
    kh_error_set(err, KH_ERR_IO, "io", "无法写入 %s:%s", "cannot write %s: %s",
                 path, lxw_strerror(e));
    return KH_ERR_IO;
}

static int fill(lxw_workbook *wb, const kh_standard *std, int kind,
                kh_error *err, const char *path)
{
    const kh_coldef *cols;
    int n;
    columns(kind, &cols, &n);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "填写");
    lxw_worksheet *rules = workbook_add_worksheet(wb, "填写说明");
    lxw_worksheet *lists = workbook_add_worksheet(wb, "取值");
    lxw_format *head = workbook_add_format(wb);
    lxw_format *text = workbook_add_format(wb);
    lxw_format *date = workbook_add_format(wb);
    lxw_format *money = workbook_add_format(wb);
    lxw_format *whole = workbook_add_format(wb);
    if (!ws || !rules || !lists || !head || !text || !date || !money || !whole)
        return kh_error_nomem(err);
    format_set_bold(head);
    format_set_num_format_index(head, 49);
    format_set_num_format_index(text, 49); /* "@": text, built in */
    format_set_num_format(date, "yyyy-mm-dd");
    format_set_num_format(money, "0.00");
    format_set_num_format(whole, "0");
    lxw_error e = LXW_NO_ERROR;
    static const char *const rhead[] = {"列名", "英文键", "必填", "格式",
                                        "可选值"};
    for (int k = 0; k < 5 && !e; k++)
        e = worksheet_write_string(rules, 0, (lxw_col_t)k, rhead[k], head);
    if (!e) e = worksheet_set_column(rules, 0, 0, 22, NULL);
    if (!e) e = worksheet_set_column(rules, 3, 4, 48, NULL);
    int lcol = 0;
    kh_buf vals = KH_BUF_INIT;
    for (int c = 0; c < n && !e; c++) {
        const kh_coldef *d = &cols[c];
        lxw_format *f = NULL;
        switch (d->type) {
        case KH_T_DATE: f = date; break;
        case KH_T_MONEY: f = money; break;
        case KH_T_YEAR:
        case KH_T_INT: f = whole; break;
        default: f = text; break; /* IDs, codes, phones, text, labels */
        }
        e = worksheet_write_string(ws, 0, (lxw_col_t)c, d->zh, head);
        if (!e)
            e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
                                     d->type == KH_T_ID ? 22 : 14, f);
        int nl = labels(std, d, c);
        kh_buf_reset(&vals);
        for (int i = 0; i < nl && !e; i++) {
            const char *l = label(std, d, i);
            if ((vals.len && kh_buf_adds(&vals, "、")) || kh_buf_adds(&vals, l))
                e = LXW_ERROR_MEMORY_MALLOC_FAILED;
        }
        if (!e && nl) {
            /* The list on 取值, and the drop-down pointing at it. */
            e = worksheet_write_string(lists, 0, (lxw_col_t)lcol, d->zh, head);
            for (int i = 0; i < nl && !e; i++)
                e = worksheet_write_string(lists, (lxw_row_t)(i + 1),
                                           (lxw_col_t)lcol, label(std, d, i),
                                           NULL);
            char ref[64], colname[8];
            lxw_col_to_name(colname, (lxw_col_t)lcol, 0);
            snprintf(ref, sizeof ref, "='取值'!$%s$2:$%s$%d", colname,
                     colname, nl + 1);
            lxw_data_validation dv;
            memset(&dv, 0, sizeof dv);
            /* The labels themselves when they fit Excel's 255 characters
             * (libxlsxwriter 1.1.4 loses the copy of a list formula);
             * a longer list refers to its range on 取值. */
            const char *items[257];
            size_t chars = 0;
            for (int i = 0; i < nl && i < 256; i++) {
                items[i] = label(std, d, i);
                chars += lxw_utf8_strlen(items[i]) + 1;
            }
            items[nl < 256 ? nl : 256] = NULL;
            if (nl < 256 && chars <= 255) {
                dv.validate = LXW_VALIDATION_TYPE_LIST;
                dv.value_list = (char **)items;
            } else {
                dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
                dv.value_formula = ref;
            }
            dv.ignore_blank = LXW_VALIDATION_ON;
            /* A list column takes several labels: say so, do not refuse. */
            dv.error_type = d->type == KH_T_LIST
                                ? LXW_VALIDATION_ERROR_TYPE_INFORMATION
                                : LXW_VALIDATION_ERROR_TYPE_STOP;
            dv.error_title = "取值";
            dv.error_message = "请从下拉列表中选择(见“填写说明”)";
            if (!e)
                e = worksheet_data_validation_range(ws, 1, (lxw_col_t)c,
                                                    FILL_ROWS, (lxw_col_t)c,
                                                    &dv);
            lcol++;
        }
        lxw_row_t rr = (lxw_row_t)(c + 1);
        if (!e) e = worksheet_write_string(rules, rr, 0, d->zh, NULL);
        if (!e) e = worksheet_write_string(rules, rr, 1, d->key, NULL);
        if (!e)
            e = worksheet_write_string(rules, rr, 2,
                                       d->required          ? "必填"
                                       : d->header_required ? "列必须有,可为空"
                                                            : "可空",
                                       NULL);
        if (!e)
            e = worksheet_write_string(rules, rr, 3, col_rule(kind, c, d->type),
                                       NULL);
        if (!e && vals.len)
            e = worksheet_write_string(rules, rr, 4, vals.data, NULL);
    }
    kh_buf_free(&vals);
    if (!e) worksheet_freeze_panes(ws, 1, 0);
    if (e) return lxw_fail(err, path, e);
    return KH_OK;
}

int kh_template_write(const kh_standard *std, int kind, const char *path,
                      kh_error *err)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + 8);
    if (!tmp) return kh_error_nomem(err);
    snprintf(tmp, n + 8, "%s.part", path);
    lxw_workbook *wb = workbook_new(tmp);
    if (!wb) {
        free(tmp);
        return kh_error_nomem(err);
    }
    int rc = fill(wb, std, kind, err, path);
    lxw_error e = workbook_close(wb); /* frees wb whatever happens */
    if (!rc && e != LXW_NO_ERROR) rc = lxw_fail(err, path, e);
    if (!rc && rename(tmp, path) != 0) {
        int en = errno;
        rc = kh_error_set(err, KH_ERR_IO, "io", "无法写入 %s:%s",
                          "cannot write %s: %s", path, strerror(en));
    }
    if (rc) remove(tmp);
    free(tmp);
    return rc;
}
