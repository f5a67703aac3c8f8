/* SPDX-License-Identifier: MIT */
/*
 * survey.c - the roster (花名册) and survey files of 第三方评估: their
 * columns, and the checks of a header and of one row (docs/formats.md).
 * Values are trimmed; findings name file, row, line and column.
 */
#include "domain/check_int.h"
#include "kaohe/survey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/date.h"
#include "kaohe/encoding.h"
#include "kaohe/header.h"
#include "kaohe/idcard.h"

const kh_coldef kh_roster_cols[KH_RO_COUNT] = {
    {"hh_id", "户编号", KH_T_TEXT, NULL, 1, 1},
    {"village", "行政区划代码", KH_T_CODE12, NULL, 1, 1},
    {"head_name", "户主姓名", KH_T_TEXT, NULL, 1, 1},
    {"head_id", "户主证件号码", KH_T_ID, NULL, 1, 1},
    {"persons", "家庭人口", KH_T_INT, NULL, 1, 1},
};

const kh_coldef kh_survey_cols[KH_SV_COUNT] = {
    {"hh_id", "户编号", KH_T_TEXT, NULL, 1, 1},
    {"income_pc", "人均纯收入", KH_T_MONEY, NULL, 1, 1},
    {"food_clothing", "不愁吃穿", KH_T_ENUM, "yesno", 1, 1},
    {"dropout", "适龄儿童失学辍学", KH_T_ENUM, "yesno", 1, 1},
    {"medical", "全员参加基本医疗保险", KH_T_ENUM, "yesno", 1, 1},
    {"housing", "住房安全等级", KH_T_ENUM, "housing", 1, 1},
    {"water", "饮水安全", KH_T_ENUM, "yesno", 1, 1},
    {"ok_ident", "认可识别", KH_T_ENUM, "yesno", 0, 1},
    {"ok_exit", "认可退出", KH_T_ENUM, "yesno", 0, 1},
    {"ok_help", "认可帮扶", KH_T_ENUM, "yesno", 0, 1},
    {"visitor", "调查员", KH_T_TEXT, NULL, 1, 1},
    {"visited", "调查日期", KH_T_DATE, NULL, 1, 1},
    {"design", "抽样方案编号", KH_T_TEXT, NULL, 0, 0},
};

/* Report one finding (an error). */
static int report(kh_finding_fn fn, void *ctx, long *errors, const char *file,
                  const kh_row *r, const char *column, const char *hh_id,
                  const char *id_no, const char *code, const char *zh,
                  const char *en)
{
    kh_finding f;
    memset(&f, 0, sizeof f);
    f.file = file;
    f.row = r ? r->row : 0;
    f.line = r ? r->line : 0;
    f.column = column ? column : "";
    f.hh_id = hh_id ? hh_id : "";
    f.id_no = id_no ? id_no : "";
    f.code = code;
    /* a message quoting a long value was cut at its buffer's end: never
     * inside a character (fuzz_roster found one) */
    char z[1024], e[1024];
    snprintf(z, sizeof z, "%s", zh);
    snprintf(e, sizeof e, "%s", en);
    kh_utf8_trim(z);
    kh_utf8_trim(e);
    f.zh = z;
    f.en = e;
    (*errors)++;
    return fn(ctx, &f);
}

/* The trimmed text of cell pos of r (NUL-terminated in place), "" when
 * the column is absent. */
static const char *cell(const kh_row *r, int pos)
{
    if (pos < 0 || (size_t)pos >= r->n) return "";
    kh_cell *c = &r->cells[pos];
    const char *s = c->s;
    size_t n = c->len;
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    /* (only when trimmed: a reader may hand out text it does not let us
     * write, such as a number cell's) */
    if (s[n] != '\0') ((char *)s)[n] = '\0';
    return s;
}

int kh_sheet_header(const kh_standard *std, int kind, const char *file,
                    const kh_row *header, int *pos, kh_finding_fn fn, void *ctx,
                    long *errors)
{
    const kh_coldef *cols = NULL;
    int ncols = kh_header_columns(kind, &cols);
    int rc = KH_OK;
    for (int c = 0; c < ncols; c++)
        pos[c] = -1;
    for (size_t i = 0; i < header->n && !rc; i++) {
        const char *s = cell(header, (int)i);
        int exact;
        int c = s[0] ? kh_header_match(std, kind, s, strlen(s), &exact) : -1;
        if (c < 0) continue;
        if (pos[c] >= 0) {
            char zh[256], en[256];
            snprintf(zh, sizeof zh, "列“%s”出现两次", cols[c].zh);
            snprintf(en, sizeof en, "column '%s' appears twice", cols[c].zh);
            rc = report(fn, ctx, errors, file, header, cols[c].zh, NULL, NULL,
                        "header_duplicate", zh, en);
        } else if (!exact) {
            /* read through an alias, a unit or full-width forms: said once
             * (a warning), so that the office can fix its template */
            char zh[512], en[512];
            snprintf(zh, sizeof zh, "第%zu列的表头“%s”按“%s”列读取", i + 1, s,
                     cols[c].zh);
            snprintf(en, sizeof en, "column %zu, headed '%s', is read as '%s' "
                     "(%s)", i + 1, s, cols[c].zh, cols[c].key);
            kh_finding f;
            memset(&f, 0, sizeof f);
            f.file = file;
            f.row = header->row;
            f.line = header->line;
            f.column = cols[c].zh;
            f.hh_id = "";
            f.id_no = "";
            f.code = "column_alias";
            f.zh = zh;
            f.en = en;
            f.warning = kh_standard_is_warning(std, "column_alias");
            rc = fn(ctx, &f);
        }
        pos[c] = (int)i;
    }
    for (int c = 0; c < ncols && !rc; c++) {
        if (pos[c] >= 0 || !cols[c].header_required) continue;
        char zh[256], en[256];
        snprintf(zh, sizeof zh, "缺少必需的列“%s”", cols[c].zh);
        snprintf(en, sizeof en, "the required column '%s' is missing",
                 cols[c].zh);
        rc = report(fn, ctx, errors, file, header, cols[c].zh, NULL, NULL,
                    "header_missing", zh, en);
    }
    if (rc) return rc;
    for (int c = 0; c < ncols; c++)
        if (pos[c] < 0 && cols[c].header_required) return KH_ERR_INVALID;
    return KH_OK;
}

static int required(const kh_coldef *col, const char *v, const char *file,
                    const kh_row *r, const char *hh, kh_finding_fn fn,
                    void *ctx, long *errors, int *rc)
{
    if (v[0] || !col->required) return 0;
    char zh[256], en[256];
    snprintf(zh, sizeof zh, "必填项“%s”为空", col->zh);
    snprintf(en, sizeof en, "the required value '%s' is empty", col->zh);
    *rc = report(fn, ctx, errors, file, r, col->zh, hh, NULL, "value_required",
                 zh, en);
    return 1;
}

/* The registry's office habits in a roster's or survey's row, each said as
 * a warning as the registry's are (docs/formats.md): full-width or
 * no-break spaces around a value (value_space) and, in every column but
 * the free-text ones (names), full-width digits, letters and punctuation
 * (value_fullwidth). The cells are rewritten in place (never longer). */
static int norm_row(const kh_coldef *cols, int ncols, const int *pos,
                    const kh_row *r, const char *file, kh_finding_fn fn,
                    void *ctx)
{
    int rc = KH_OK;
    for (int c = 0; c < ncols && !rc; c++) {
        if (pos[c] < 0 || (size_t)pos[c] >= r->n) continue;
        kh_cell *x = &r->cells[pos[c]];
        int wide = 0;
        kh_cell t = cell_trim_wide(*x, &wide);
        int text = cols[c].type == KH_T_TEXT && c != 0 && strcmp(cols[c].key, "design");
        int fw = !text && cell_has_fullwidth(t);
        if (!wide && !fw) continue;
        char raw[256], now[256];
        size_t rl = x->len < sizeof raw - 1 ? x->len : sizeof raw - 1;
        while (rl && rl < x->len && ((unsigned char)x->s[rl] & 0xC0) == 0x80) rl--;
        memcpy(raw, x->s, rl);
        raw[rl] = '\0';
        char *dst = (char *)x->s;
        size_t n;
        if (fw) {
            char *tmp = malloc(t.len + 1);
            if (!tmp) return KH_ERR_NOMEM;
            n = cell_halfwidth(t, tmp);
            memcpy(dst, tmp, n);
            free(tmp);
        } else {
            memmove(dst, t.s, t.len);
            n = t.len;
        }
        dst[n] = '\0';
        x->len = n;
        size_t nl = n < sizeof now - 1 ? n : sizeof now - 1;
        while (nl && nl < n && ((unsigned char)dst[nl] & 0xC0) == 0x80) nl--;
        memcpy(now, dst, nl);
        now[nl] = '\0';
        char zh[700], en[700];
        if (fw) {
            snprintf(zh, sizeof zh, "“%s”中有全角字符,已按“%s”读取", raw, now);
            snprintf(en, sizeof en, "'%s' has full-width characters; read as '%s'", raw, now);
        } else {
            snprintf(zh, sizeof zh, "“%s”首尾的全角空格或不换行空格已去除", raw);
            snprintf(en, sizeof en, "full-width or no-break spaces around '%s' were removed", raw);
        }
        kh_finding f;
        memset(&f, 0, sizeof f);
        f.file = file;
        f.row = r->row;
        f.line = r->line;
        f.column = cols[c].zh;
        f.hh_id = pos[0] >= 0 && (size_t)pos[0] < r->n ? r->cells[pos[0]].s : "";
        f.id_no = "";
        f.code = fw ? "value_fullwidth" : "value_space";
        f.warning = 1;
        f.zh = zh;
        f.en = en;
        rc = fn(ctx, &f);
    }
    return rc;
}

int kh_roster_row(const kh_standard *std, const kh_regionset *regions,
                  const char *file, const int *pos, const kh_row *r,
                  kh_roster_hh *out, char idbuf[19], kh_finding_fn fn,
                  void *ctx, long *errors)
{
    const kh_coldef *cols = kh_roster_cols;
    (void)std;
    long before = *errors;
    int rc = KH_OK;
    if ((rc = norm_row(cols, KH_RO_COUNT, pos, r, file, fn, ctx))) return rc;
    const char *v[KH_RO_COUNT];
    for (int c = 0; c < KH_RO_COUNT; c++)
        v[c] = cell(r, pos[c]);
    const char *hh = v[KH_RO_HH_ID];
    for (int c = 0; c < KH_RO_COUNT && !rc; c++)
        required(&cols[c], v[c], file, r, hh, fn, ctx, errors, &rc);
    char zh[320], en[320];
    const char *code = v[KH_RO_VILLAGE];
    if (!rc && code[0]) {
        int level = kh_region_code_level(code, strlen(code));
        const kh_region *reg = regions && level != KH_LV_NONE
                                   ? kh_regionset_find(regions, code)
                                   : NULL;
        if (level == KH_LV_NONE) {
            snprintf(zh, sizeof zh, "行政区划代码“%s”不是12位数字", code);
            snprintf(en, sizeof en, "region code '%s' is not 12 digits", code);
            rc = report(fn, ctx, errors, file, r, cols[KH_RO_VILLAGE].zh, hh,
                        NULL, "value_code", zh, en);
        } else if (regions && !reg) {
            snprintf(zh, sizeof zh, "行政区划代码 %s 不在区划表中", code);
            snprintf(en, sizeof en, "region code %s is not in the region list",
                     code);
            rc = report(fn, ctx, errors, file, r, cols[KH_RO_VILLAGE].zh, hh,
                        NULL, "village_unknown", zh, en);
        } else if (level != KH_LV_VILLAGE) {
            snprintf(zh, sizeof zh, "行政区划代码 %s 不是村级代码", code);
            snprintf(en, sizeof en, "region code %s is not a village", code);
            rc = report(fn, ctx, errors, file, r, cols[KH_RO_VILLAGE].zh, hh,
                        NULL, "village_level", zh, en);
        }
    }
    const char *id = v[KH_RO_HEAD_ID];
    if (!rc && id[0]) {
        kh_idcard c;
        int st = kh_idcard_parse(id, strlen(id), &c);
        const char *what = st == KH_ID_FORMAT     ? "id_format"
                           : st == KH_ID_BIRTH    ? "id_birth"
                           : st == KH_ID_CHECKSUM ? "id_checksum"
                                                  : NULL;
        if (st == KH_ID_FORMAT) {
            snprintf(zh, sizeof zh,
                     "户主证件号码“%s”不是18位(17位数字加校验位)", id);
            snprintf(en, sizeof en,
                     "head's ID number '%s' is not 17 digits and a check "
                     "character",
                     id);
        } else if (st == KH_ID_BIRTH) {
            snprintf(zh, sizeof zh, "户主证件号码“%s”中的出生日期不是真实日期",
                     id);
            snprintf(en, sizeof en,
                     "the birth date in the head's ID number '%s' is not a "
                     "possible date",
                     id);
        } else if (st == KH_ID_CHECKSUM) {
            snprintf(zh, sizeof zh, "户主证件号码“%s”校验位错误,应为 %c", id,
                     kh_idcard_check_char(c.norm));
            snprintf(en, sizeof en,
                     "head's ID number '%s' has a wrong check character "
                     "(expected %c)",
                     id, kh_idcard_check_char(c.norm));
        }
        if (what) {
            rc = report(fn, ctx, errors, file, r, cols[KH_RO_HEAD_ID].zh, hh,
                        id, what, zh, en);
        } else {
            memcpy(idbuf, c.norm, 19);
        }
    }
    long long persons = -1;
    const char *p = v[KH_RO_PERSONS];
    if (!rc && p[0]) {
        char *end;
        persons = strtoll(p, &end, 10);
        if (*end || persons < 1 || persons > 99) {
            snprintf(zh, sizeof zh, "家庭人口“%s”不是 1–99 的整数", p);
            snprintf(en, sizeof en,
                     "家庭人口 '%s' is not an integer from 1 to 99", p);
            rc = report(fn, ctx, errors, file, r, cols[KH_RO_PERSONS].zh, hh,
                        NULL, "value_number", zh, en);
        }
    }
    if (rc || *errors > before) return rc;
    out->hh_id = hh;
    out->village = code;
    out->head_name = v[KH_RO_HEAD_NAME];
    out->head_id = idbuf;
    out->persons = persons;
    out->row = r->row;
    out->line = r->line;
    return KH_OK;
}

/* 是/否 (or codes 1/0, Y/N) by the standards' yesno list: 1, 0; -1 when
 * empty; -2 when not a label. */
static int yesno(const kh_standard *std, const char *v)
{
    if (!v[0]) return -1;
    int e = kh_standard_enum(std, "yesno");
    int k = e >= 0 ? kh_standard_enum_lookup(std, e, v, strlen(v)) : -1;
    if (k < 0) return -2;
    /* The label whose code is 1 means yes. */
    int yes = kh_standard_enum_lookup(std, e, "1", 1);
    return k == yes;
}

int kh_survey_row_check(const kh_standard *std, const char *file,
                        const int *pos, const kh_row *r, kh_survey_row *out,
                        kh_survey_obs *obs, kh_finding_fn fn, void *ctx,
                        long *errors)
{
    const kh_coldef *cols = kh_survey_cols;
    long before = *errors;
    int rc = KH_OK;
    if ((rc = norm_row(cols, KH_SV_COUNT, pos, r, file, fn, ctx))) return rc;
    const char *v[KH_SV_COUNT];
    for (int c = 0; c < KH_SV_COUNT; c++)
        v[c] = cell(r, pos[c]);
    const char *hh = v[KH_SV_HH_ID];
    memset(out, 0, sizeof *out);
    memset(obs, 0, sizeof *obs);
    for (int c = 0; c < KH_SV_COUNT && !rc; c++)
        required(&cols[c], v[c], file, r, hh, fn, ctx, errors, &rc);
    char zh[320], en[320];
    int64_t fen = -1;
    if (!rc && v[KH_SV_INCOME][0] &&
        kh_money_parse(v[KH_SV_INCOME], strlen(v[KH_SV_INCOME]), &fen) != 0) {
        snprintf(zh, sizeof zh,
                 "人均纯收入“%s”不是不小于 0、至多两位小数的金额",
                 v[KH_SV_INCOME]);
        snprintf(en, sizeof en,
                 "人均纯收入 '%s' is not an amount >= 0 with at most two "
                 "decimals",
                 v[KH_SV_INCOME]);
        rc = report(fn, ctx, errors, file, r, cols[KH_SV_INCOME].zh, hh, NULL,
                    "value_number", zh, en);
        fen = -1;
    }
    int flags[KH_SV_COUNT];
    int eh = kh_standard_enum(std, "housing");
    int housing = -1;
    for (int c = 0; c < KH_SV_COUNT && !rc; c++) {
        flags[c] = -1;
        if (cols[c].type != KH_T_ENUM || !v[c][0]) continue;
        int ok;
        if (c == KH_SV_HOUSING) {
            housing = eh >= 0
                          ? kh_standard_enum_lookup(std, eh, v[c], strlen(v[c]))
                          : -1;
            ok = housing >= 0;
        } else {
            flags[c] = yesno(std, v[c]);
            ok = flags[c] != -2;
        }
        if (ok) continue;
        snprintf(zh, sizeof zh, "“%s”的值“%s”不在允许的取值中", cols[c].zh,
                 v[c]);
        snprintf(en, sizeof en, "'%s' is not an allowed value of %s", v[c],
                 cols[c].zh);
        rc = report(fn, ctx, errors, file, r, cols[c].zh, hh, NULL,
                    "value_enum", zh, en);
    }
    const char *d = v[KH_SV_VISITED];
    int y, m, dd;
    if (!rc && d[0] && kh_date_parse(d, strlen(d), &y, &m, &dd) != 0) {
        snprintf(zh, sizeof zh, "调查日期“%s”不是有效日期(YYYY-MM-DD)", d);
        snprintf(en, sizeof en, "调查日期 '%s' is not a date (YYYY-MM-DD)", d);
        rc = report(fn, ctx, errors, file, r, cols[KH_SV_VISITED].zh, hh, NULL,
                    "value_date", zh, en);
    }
    if (rc || *errors > before) return rc;
    out->hh_id = hh;
    out->income_pc = fen;
    out->food = flags[KH_SV_FOOD];
    out->dropout = flags[KH_SV_DROPOUT];
    out->medical = flags[KH_SV_MEDICAL];
    out->water = flags[KH_SV_WATER];
    out->housing = v[KH_SV_HOUSING];
    out->ok_ident = flags[KH_SV_OK_IDENT];
    out->ok_exit = flags[KH_SV_OK_EXIT];
    out->ok_help = flags[KH_SV_OK_HELP];
    out->visitor = v[KH_SV_VISITOR];
    /* Written as offices write dates (kh_date_parse), kept as
     * YYYY-MM-DD. */
    out->visited = d;
    if (d[0] && kh_date_cell(d, strlen(d), out->visited_iso) == 0)
        out->visited = out->visited_iso;
    out->row = r->row;
    obs->income_pc = fen;
    obs->food_clothing = out->food;
    obs->dropout = out->dropout;
    obs->medical = out->medical;
    obs->housing = housing;
    obs->water = out->water;
    obs->ok_ident = out->ok_ident;
    obs->ok_exit = out->ok_exit;
    obs->ok_help = out->ok_help;
    return KH_OK;
}
