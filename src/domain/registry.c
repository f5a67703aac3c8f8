/* SPDX-License-Identifier: MIT */
/*
 * registry.c - the registry's and the region list's column tables, and
 * region-code arithmetic (统计用区划代码: 2+2+2+3+3 digits).
 */
#include "kaohe/registry.h"

#include <string.h>

#define H(key, zh, type, en, req, hreq) {key, zh, type, en, req, hreq}

const kh_coldef kh_registry_cols[KH_C_COUNT] = {
    H("hh_id", "户编号", KH_T_TEXT, NULL, 1, 1),
    H("village", "行政区划代码", KH_T_CODE12, NULL, 1, 1),
    H("hh_type", "贫困户属性", KH_T_ENUM, "hh_type", 1, 1),
    H("cause", "主要致贫原因", KH_T_ENUM, "cause", 1, 1),
    H("year_in", "识别年度", KH_T_YEAR, NULL, 1, 1),
    H("status", "户状态", KH_T_ENUM, "status", 1, 1),
    H("year_out", "脱贫年度", KH_T_YEAR, NULL, 0, 1),
    H("inc_wage", "工资性收入", KH_T_MONEY, NULL, 0, 0),
    H("inc_business", "生产经营性收入", KH_T_MONEY, NULL, 0, 0),
    H("inc_property", "财产性收入", KH_T_MONEY, NULL, 0, 0),
    H("inc_transfer", "转移性收入", KH_T_MONEY, NULL, 0, 0),
    H("inc_dibao", "其中低保金", KH_T_MONEY, NULL, 0, 0),
    H("inc_tekun", "其中特困供养金", KH_T_MONEY, NULL, 0, 0),
    H("exp_business", "生产经营性支出", KH_T_MONEY, NULL, 0, 0),
    H("income_pc", "人均纯收入", KH_T_MONEY, NULL, 0, 0),
    H("med_oop", "自付医疗费用", KH_T_MONEY, NULL, 0, 0),
    H("housing", "住房安全等级", KH_T_ENUM, "housing", 0, 0),
    H("water_safe", "饮水安全", KH_T_ENUM, "yesno", 0, 0),
    H("relocated", "易地扶贫搬迁", KH_T_ENUM, "yesno", 0, 0),
    H("reloc_self", "搬迁自筹金额", KH_T_MONEY, NULL, 0, 0),
    H("helper", "帮扶责任人", KH_T_TEXT, NULL, 0, 0),
    H("helper_id", "帮扶责任人证件号码", KH_T_ID, NULL, 0, 0),
    H("last_visit", "最近走访日期", KH_T_DATE, NULL, 0, 0),
    H("measures", "帮扶措施", KH_T_LIST, "measures", 0, 0),
    H("phone", "联系电话", KH_T_PHONE, NULL, 0, 0),
    H("name", "姓名", KH_T_TEXT, NULL, 1, 1),
    H("id_no", "证件号码", KH_T_ID, NULL, 1, 1),
    H("sex", "性别", KH_T_ENUM, "sex", 0, 0),
    H("birth", "出生日期", KH_T_DATE, NULL, 0, 0),
    H("relation", "与户主关系", KH_T_ENUM, "relation", 1, 1),
    H("ethnicity", "民族", KH_T_TEXT, NULL, 0, 0),
    H("education", "文化程度", KH_T_ENUM, "education", 0, 0),
    H("schooling", "在校生状况", KH_T_ENUM, "schooling", 0, 0),
    H("health", "健康状况", KH_T_ENUM, "health", 0, 0),
    H("labour", "劳动技能", KH_T_ENUM, "labour", 0, 0),
    H("work", "务工状况", KH_T_ENUM, "work", 0, 0),
    H("ins_med", "基本医疗保险", KH_T_ENUM, "yesno", 0, 0),
    H("ins_serious", "大病保险", KH_T_ENUM, "yesno", 0, 0),
    H("ins_pension", "基本养老保险", KH_T_ENUM, "yesno", 0, 0),
    H("treat_first", "先诊疗后付费", KH_T_ENUM, "yesno", 0, 0),
};

const kh_coldef kh_region_cols[KH_R_COUNT] = {
    H("code", "区划代码", KH_T_CODE12, NULL, 1, 1),
    H("name", "名称", KH_T_TEXT, NULL, 1, 1),
    H("parent", "上级代码", KH_T_CODE12, NULL, 0, 1),
    H("level", "级别", KH_T_ENUM, "level", 1, 1),
    H("western", "西部地区", KH_T_ENUM, "yesno", 0, 0),
    H("poor_county", "贫困县", KH_T_ENUM, "yesno", 0, 0),
    H("poor_village", "贫困村", KH_T_ENUM, "yesno", 0, 0),
    H("rural_pop", "农业户籍人口", KH_T_INT, NULL, 0, 0),
    H("plan_exit", "计划减贫人数", KH_T_INT, NULL, 0, 0),
};

static int find(const kh_coldef *cols, int count, const char *name, size_t n)
{
    for (int i = 0; i < count; i++) {
        if ((strlen(cols[i].zh) == n && memcmp(cols[i].zh, name, n) == 0) ||
            (strlen(cols[i].key) == n && memcmp(cols[i].key, name, n) == 0))
            return i;
    }
    return -1;
}

int kh_registry_col_find(const char *name, size_t n)
{
    return find(kh_registry_cols, KH_C_COUNT, name, n);
}

int kh_region_col_find(const char *name, size_t n)
{
    return find(kh_region_cols, KH_R_COUNT, name, n);
}

/* Digits that make up each level: 2, 4, 6, 9, 12. */
static const int level_end[6] = {0, 2, 4, 6, 9, 12};

int kh_region_prefix_len(int level)
{
    return level > KH_LV_NONE && level <= KH_LV_VILLAGE ? level_end[level] : 0;
}

static int all_zero(const char *s, int from, int to)
{
    for (int i = from; i < to; i++)
        if (s[i] != '0') return 0;
    return 1;
}

int kh_region_code_level(const char *code, size_t n)
{
    if (n != 12) return KH_LV_NONE;
    for (size_t i = 0; i < 12; i++)
        if (code[i] < '0' || code[i] > '9') return KH_LV_NONE;
    if (all_zero(code, 0, 2)) return KH_LV_NONE;
    /* The level is the last non-zero segment; every segment before it
     * must be non-zero and every one after it zero. */
    int level = KH_LV_NONE;
    for (int lv = KH_LV_VILLAGE; lv >= KH_LV_PROVINCE; lv--) {
        if (!all_zero(code, level_end[lv - 1], level_end[lv])) {
            level = lv;
            break;
        }
    }
    for (int lv = 1; lv < level; lv++)
        if (all_zero(code, level_end[lv - 1], level_end[lv]))
            return KH_LV_NONE;
    return level;
}

int kh_region_code_parent(const char *code, char out[13])
{
    int lv = kh_region_code_level(code, strlen(code));
    if (lv <= KH_LV_PROVINCE) return -1;
    memcpy(out, code, 12);
    for (int i = level_end[lv - 1]; i < 12; i++) out[i] = '0';
    out[12] = '\0';
    return 0;
}

unsigned long long kh_region_code_hash(const char *code)
{
    unsigned long long h = 1469598103934665603ULL;
    for (int i = 0; i < 12 && code[i]; i++) {
        h ^= (unsigned char)code[i];
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

static const char *level_names[6] = {"", "省", "市", "县", "乡", "村"};

const char *kh_level_name(int level)
{
    return level >= 1 && level <= 5 ? level_names[level] : "";
}

int kh_level_parse(const char *s, size_t n)
{
    for (int i = 1; i <= 5; i++)
        if (strlen(level_names[i]) == n && memcmp(level_names[i], s, n) == 0)
            return i;
    /* Common long forms. */
    static const struct { const char *s; int lv; } alias[] = {
        {"省级", 1}, {"市级", 2}, {"州", 2}, {"县级", 3}, {"区", 3},
        {"乡镇", 4}, {"镇", 4}, {"乡级", 4}, {"街道", 4}, {"行政村", 5},
        {"社区", 5}};
    for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++)
        if (strlen(alias[i].s) == n && memcmp(alias[i].s, s, n) == 0)
            return alias[i].lv;
    return KH_LV_NONE;
}
