/* SPDX-License-Identifier: MIT */
/*
 * documents.h - what the documents are written from, as plain data
 * (src/domain/docdata.c): the problems as owned rows, the issuing details
 * of the region (发文机关, 文号, 联系人, 落款日期) and its headline
 * figures. The use-case layer (src/app/documents.c) fills them from the
 * store; the writers in src/io take them and never read the store.
 */
#ifndef KAOHE_DOCUMENTS_H
#define KAOHE_DOCUMENTS_H

#include <stddef.h>

#include "kaohe/error.h"
#include "kaohe/rectify.h"

/* The issuing details of one region. Empty strings: not set. */
typedef struct kh_org {
    char region[13];
    char issuer[256];   /* 发文机关: "某某县扶贫开发领导小组" */
    char docno[128];    /* 文号 pattern: "某开组〔{年}〕{号}号" */
    char contact[256];  /* "联系人：张三，电话：0311-1234567" */
    char date[11];      /* 落款日期 YYYY-MM-DD; "" for the day of writing */
    char updated_at[32], updated_by[128];
} kh_org;

/* The headline figures of a region for a year, from the registry and the
 * region list. */
typedef struct kh_region_basics {
    char code[13], name[128];
    int level;
    long long villages;                  /* villages with households */
    long long households, persons;       /* 建档立卡 */
    long long poor_households, poor_persons; /* 未脱贫 + 返贫 */
    long long exited_households, exited_persons;
    long long rural_pop;                 /* 农业户籍人口 of its villages */
} kh_region_basics;

/*
 * The 文号 of pattern for a document dated date (YYYY-MM-DD): {年} is the
 * year, {号} the number when number > 0, else left as two full-width
 * spaces for the office to fill in. "" when the pattern is empty.
 */
void kh_org_docno(const char *pattern, const char *date, int number,
                  char *buf, size_t n);

/* The problems a document lists, each an owned copy of a kh_problem
 * (its strings belong to the list). */
typedef struct kh_problem_close {
    char *requested_by; /* who asked for 销号 last (kept once closed) */
    char *verified_by;  /* 销号人 of the last 销号 */
    char *verified_at;  /* 销号日期 (YYYY-MM-DD...) */
} kh_problem_close;

typedef struct kh_problem_rows {
    kh_problem *p;
    kh_problem_close *close; /* parallel to p; NULL until kh_problem_rows_close */
    size_t n, cap;
} kh_problem_rows;

/* Set who asked for and who did the 销号 of row i (copies; NULL leaves a
 * field unset). KH_ERR_NOMEM on failure. */
int kh_problem_rows_close(kh_problem_rows *r, size_t i,
                          const char *requested_by, const char *verified_by,
                          const char *verified_at, kh_error *err) KH_WUR;

/* Append a deep copy of p. KH_ERR_NOMEM on failure (r unchanged). */
int kh_problem_rows_add(kh_problem_rows *r, const kh_problem *p,
                        kh_error *err) KH_WUR;
/* The texts of a problem that may quote an ID number or a phone (its
 * text, measures, progress, plan fields, names): pointers to q's fields,
 * for the masking of the documents and of the problem list. */
#define KH_PROBLEM_NTEXTS 15
void kh_problem_texts(kh_problem *q, const char **f[KH_PROBLEM_NTEXTS]);
/* Every text of the rows (the problem's text, measures, progress, plan
 * fields, names) with the ID numbers and phones it quotes masked by the
 * one policy (kaohe/mask.h), for a reader who may not see them whole.
 * KH_ERR_NOMEM on failure (the rows then partly masked: free them). */
int kh_problem_rows_mask(kh_problem_rows *r, kh_error *err) KH_WUR;
/* Free the copies; r is left empty. */
void kh_problem_rows_free(kh_problem_rows *r);

/* The latest recheck of a problem in words, as the 整改报告's 成效 and the
 * 台账 print it: what was rechecked, its value when the problem was
 * found and at the recheck (a rate with its numerator and denominator and
 * as many decimals as it takes for the comparison with the standard to
 * be true as printed; an item's points; whether a veto still applies),
 * the standard, the verdict, the run and its date. */
typedef struct kh_recheck_words {
    char what[200];   /* "易地扶贫搬迁户自筹超标比例", "综合评价得分", "否决情形" */
    char before[160]; /* "50.00%（1/2）", "3.5 分（满分 5 分）", "存在" */
    char after[160];
    char rule[64];    /* "不高于 0%", "不低于 60%"; "" for a veto */
    char verdict[64]; /* "已达标", "仍未达标", "反弹（已销号后复核未达标）" */
    char run[96];     /* "第 2 次复核（2020 年数据）" */
    char date[48];    /* "2020年7月1日" */
} kh_recheck_words;
/* p's latest recheck in words; 0 (w cleared) when never rechecked. */
int kh_recheck_words_of(const kh_problem *p, kh_recheck_words *w);

/* Everything about the issuing of one document. */
typedef struct kh_doc_ctx {
    kh_org org;              /* issuing details (may be empty) */
    int has_org;             /* org was found for the region */
    kh_region_basics basics; /* headline figures (when has_basics) */
    int has_basics;
    char region_name[128];   /* the region the document is for, or "" */
    int year;                /* the year it is about (0: not one year) */
    char today[11];          /* YYYY-MM-DD: statuses as of that day */
    char who[128], when[32]; /* who made the file and when (footer) */
    int number;              /* the 文号's number, 0: left for the office */
} kh_doc_ctx;

/* The 发文机关 a document is signed by: org's, else the region's
 * 扶贫开发领导小组 ("扶贫开发领导小组" without a region). */
void kh_doc_issuer(const kh_doc_ctx *c, char *buf, size_t n);
/* The 落款日期 in prose (2020年6月30日): org's date, else today. */
void kh_doc_date_zh(const kh_doc_ctx *c, char *buf, size_t n);
/* The 文号 ("" when the region has no pattern). */
void kh_doc_number(const kh_doc_ctx *c, char *buf, size_t n);

#endif
