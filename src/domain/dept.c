/* SPDX-License-Identifier: MIT */
/*
 * dept.c - the departments' lists (dept.h): the kinds and their columns
 * as ../shared/spec/department-lists.md gives them, the normalisation of
 * an ID number and of a name before matching. Pure: no I/O.
 */
#include <string.h>

#include "kaohe/dept.h"
#include "kaohe/idcard.h"

/* Bit i of optional: cols[i] may be absent from the file. */
static const kh_dept_kind kinds[] = {
    {"huji", "公安(户籍)", 5,
     {"性别", "出生日期", "区划代码", "户籍状态", "变动日期"}, 1u << 2 | 1u << 4},
    {"death", "公安/卫健/民政(死亡)", 1, {"死亡日期"}, 0},
    {"dibao", "民政(低保)", 4, {"保障类别", "月保障金额", "起始日期", "终止日期"}, 0},
    {"tekun", "民政(特困供养)", 4, {"供养方式", "起始日期", "终止日期", "月供养金额"}, 1u << 3},
    {"disability", "残联(残疾人证)", 3, {"残疾类别", "残疾等级", "发证日期"}, 0},
    {"school", "教育(学籍)", 3, {"学校名称", "学段", "在校状态"}, 0},
    {"edu_aid", "教育(资助)", 3, {"资助项目", "资助金额", "发放日期"}, 0},
    {"medical", "医保(参保)", 3, {"参保年度", "险种", "参保状态"}, 0},
    {"pension", "人社(城乡居民养老保险)", 2, {"参保状态", "状态日期"}, 0},
    {"housing", "住建(危房改造)", 6,
     {"鉴定等级", "鉴定日期", "改造年度", "改造方式", "补助金额", "验收状态"}, 0},
    {"staff", "财政供养人员(组织/人社/编办)", 2, {"工作单位", "入职日期"}, 0},
    {"company", "市场监管", 5,
     {"统一社会信用代码", "企业名称", "身份", "注册资本", "登记状态"}, 0},
    {"vehicle", "公安(车管)", 4, {"号牌号码", "车辆类型", "初次登记日期", "状态"}, 0},
    {"realty", "自然资源(不动产)", 4, {"坐落", "用途", "所在", "登记日期"}, 0},
};

const kh_dept_kind *kh_dept_kinds(int *n)
{
    *n = (int)(sizeof kinds / sizeof kinds[0]);
    return kinds;
}

const kh_dept_kind *kh_dept_kind_find(const char *key)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (!strcmp(kinds[i].key, key)) return &kinds[i];
    return NULL;
}

/* The length of a space at p (ASCII blank, U+3000, NBSP), or 0. */
static size_t space_at(const unsigned char *p)
{
    if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') return 1;
    if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) return 3;
    if (p[0] == 0xC2 && p[1] == 0xA0) return 2;
    return 0;
}

int kh_dept_id_norm(const char *s, char out[19])
{
    const unsigned char *p = (const unsigned char *)s;
    char buf[32];
    size_t n = 0;
    out[0] = '\0';
    while (*p) {
        size_t sp = space_at(p);
        if (sp) { p += sp; continue; } /* trim (and stray inner blanks) */
        int c;
        if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
            c = '0' + (p[2] - 0x90); /* full-width digit */
            p += 3;
        } else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0xB8) {
            c = 'X';
            p += 3;
        } else if (p[0] == 0xEF && p[1] == 0xBD && p[2] == 0x98) {
            c = 'X';
            p += 3;
        } else {
            c = *p++;
            if (c == 'x') c = 'X';
        }
        if (n + 1 >= sizeof buf) return KH_ERR_INVALID;
        buf[n++] = (char)c;
    }
    buf[n] = '\0';
    if (n == 15) {
        for (size_t i = 0; i < 15; i++)
            if (buf[i] < '0' || buf[i] > '9') return KH_ERR_INVALID;
        char w[19];
        memcpy(w, buf, 6);
        memcpy(w + 6, "19", 2);
        memcpy(w + 8, buf + 6, 9);
        w[17] = '\0';
        w[17] = kh_idcard_check_char(w);
        w[18] = '\0';
        memcpy(buf, w, 19);
        n = 18;
    }
    if (n != 18) {
        memcpy(out, buf, n < 18 ? n + 1 : 18);
        out[18] = '\0';
        return KH_ERR_INVALID;
    }
    memcpy(out, buf, 19);
    kh_idcard id;
    return kh_idcard_parse(out, 18, &id) == KH_ID_OK ? KH_OK : KH_ERR_INVALID;
}

void kh_dept_name_key(const char *s, char *out, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t k = 0;
    while (*p && k + 1 < n) {
        size_t sp = space_at(p);
        if (sp) { p += sp; continue; }
        out[k++] = (char)*p++;
    }
    out[k] = '\0';
}

/* The subtree of a region code: lo..hi. */
void kh_dept_subtree(const char *code, char lo[13], char hi[13])
{
    size_t keep = 12;
    static const size_t levels[] = {2, 4, 6, 9};
    for (size_t i = 0; i < 4; i++) {
        size_t k = levels[i], z = k;
        while (z < 12 && code[z] == '0') z++;
        if (z == 12) { keep = k; break; }
    }
    memcpy(lo, code, 12);
    memcpy(hi, code, 12);
    for (size_t i = keep; i < 12; i++) {
        lo[i] = '0';
        hi[i] = '9';
    }
    lo[12] = hi[12] = '\0';
}
