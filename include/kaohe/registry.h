/* SPDX-License-Identifier: MIT */
/*
 * registry.h - the 建档立卡 registry's columns (spec registry-format.md §2)
 * and the region list's columns (§1): their Chinese headers, the English
 * keys used in code, JSON and the database, and the kind of value each
 * holds. Category lists (the allowed labels and national codes) are not
 * here: they are data, in the standards file (standard.h).
 */
#ifndef KAOHE_REGISTRY_H
#define KAOHE_REGISTRY_H

#include <stddef.h>

enum kh_coltype {
    KH_T_TEXT = 1,
    KH_T_ENUM,  /* one label of an enum list */
    KH_T_LIST,  /* labels separated by ; or ； */
    KH_T_YEAR,  /* YYYY */
    KH_T_MONEY, /* yuan with up to two decimals, stored in 分 */
    KH_T_DATE,  /* YYYY-MM-DD */
    KH_T_ID,    /* 18-character citizen ID */
    KH_T_PHONE,
    KH_T_CODE12, /* 12-digit region code */
    KH_T_INT,    /* integer >= 0 */
};

enum kh_regcol {
    /* household columns */
    KH_C_HH_ID,
    KH_C_VILLAGE,
    KH_C_HH_TYPE,
    KH_C_CAUSE,
    KH_C_YEAR_IN,
    KH_C_STATUS,
    KH_C_YEAR_OUT,
    KH_C_INC_WAGE,
    KH_C_INC_BUSINESS,
    KH_C_INC_PROPERTY,
    KH_C_INC_TRANSFER,
    KH_C_INC_DIBAO,
    KH_C_INC_TEKUN,
    KH_C_EXP_BUSINESS,
    KH_C_INCOME_PC,
    KH_C_MED_OOP,
    KH_C_HOUSING,
    KH_C_WATER_SAFE,
    KH_C_RELOCATED,
    KH_C_RELOC_SELF,
    KH_C_HELPER,
    KH_C_HELPER_ID,
    KH_C_LAST_VISIT,
    KH_C_MEASURES,
    KH_C_PHONE,
    /* member columns */
    KH_C_NAME,
    KH_C_ID_NO,
    KH_C_SEX,
    KH_C_BIRTH,
    KH_C_RELATION,
    KH_C_ETHNICITY,
    KH_C_EDUCATION,
    KH_C_SCHOOLING,
    KH_C_HEALTH,
    KH_C_LABOUR,
    KH_C_WORK,
    KH_C_INS_MED,
    KH_C_INS_SERIOUS,
    KH_C_INS_PENSION,
    KH_C_TREAT_FIRST,
    KH_C_COUNT
};

#define KH_C_FIRST_MEMBER KH_C_NAME

enum kh_regioncol {
    KH_R_CODE,
    KH_R_NAME,
    KH_R_PARENT,
    KH_R_LEVEL,
    KH_R_WESTERN,
    KH_R_POOR_COUNTY,
    KH_R_POOR_VILLAGE,
    KH_R_RURAL_POP,
    KH_R_PLAN_EXIT,
    KH_R_COUNT
};

typedef struct kh_coldef {
    const char *key;      /* English key: "hh_id" */
    const char *zh;       /* header as offices write it: "户编号" */
    int type;             /* enum kh_coltype */
    const char *enum_name; /* standards enum list for ENUM/LIST, or NULL */
    int required;         /* a value must be present */
    int header_required;  /* the column must be present */
} kh_coldef;

extern const kh_coldef kh_registry_cols[KH_C_COUNT];
extern const kh_coldef kh_region_cols[KH_R_COUNT];

/* Index of the column whose Chinese header or English key is name, or -1. */
int kh_registry_col_find(const char *name, size_t n);
int kh_region_col_find(const char *name, size_t n);

/* Region levels, from the zero padding of a 12-digit code. */
enum kh_level {
    KH_LV_NONE = 0,
    KH_LV_PROVINCE = 1,
    KH_LV_CITY,
    KH_LV_COUNTY,
    KH_LV_TOWNSHIP,
    KH_LV_VILLAGE
};

/* Level implied by a 12-digit code's zero padding; KH_LV_NONE if not 12
 * digits or if the padding is irregular (e.g. 53 00 01 ...). */
int kh_region_code_level(const char *code, size_t n);
/* The parent code implied by a code (the code truncated one level up and
 * zero padded) into out[13]; 0 on success, -1 for a province or bad code. */
int kh_region_code_parent(const char *code, char out[13]);
/* A hash of a 12-digit region code (FNV-1a, folded), for the tables that
 * look regions up by code. */
unsigned long long kh_region_code_hash(const char *code);
/* Digits of a code that name a region of this level (2, 4, 6, 9, 12):
 * the prefix the codes of the regions under it share. 0 for KH_LV_NONE
 * (every code) or a bad level. */
int kh_region_prefix_len(int level);
/* "省" "市" "县" "乡" "村" <-> enum kh_level. */
const char *kh_level_name(int level);
int kh_level_parse(const char *s, size_t n);

#endif
