/* SPDX-License-Identifier: MIT */
/*
 * label.h - the Chinese words for kaohe's codes, in one place
 * (src/domain/label.c): what an assessment item reads (an indicator, a
 * manual input, the results of the regions below), its rule said in
 * words ("错退率不高于 2% 得满分 3.5 分，不高于 5% 得 1.5 分，否则不得分"),
 * a veto's condition as a sentence true as printed, and the labels of
 * vetoes and inputs. Indicator names and their 说明 come from the
 * indicator table (kh_indicator_label), inputs' and vetoes' from the
 * scheme file (label =), review codes from kh_review_codes_zh. Every
 * document and CLI text report takes its words from here; JSON and CSV
 * keep the codes and put these beside them.
 */
#ifndef KAOHE_LABEL_H
#define KAOHE_LABEL_H

#include <stddef.h>

#include "kaohe/scheme.h"

/* An input's label for prose: the scheme's label without a trailing
 * note in brackets ("错退率(第三方评估)" -> "错退率"); the name itself
 * when the scheme has no such input. */
void kh_label_input(const kh_scheme *sc, const char *name, char *buf,
                    size_t n);

/* The label of a veto by code (the scheme's label =), or "否决情形" when
 * the scheme has none. */
const char *kh_label_veto(const kh_scheme *sc, const char *code);

/* What a value read from src/ref is called in prose: an indicator's
 * Chinese name, an input's label. */
void kh_label_ref(const kh_scheme *sc, int src, const char *ref, char *buf,
                  size_t n);

/* 1 when values of src/ref are rates (printed as percentages): a rate
 * indicator, or an input whose allowed range lies within 0 and 1. */
int kh_label_ref_is_rate(const kh_scheme *sc, int src, const char *ref);

/* A value of src/ref in words: a rate as a percentage (an indicator's
 * with its numerator and denominator, "99.96%（33,651/33,663）"), an
 * amount as 元 with separators ("3,500.00 元"), else the number;
 * "无数据" when den <= 0. */
void kh_label_ref_value(const kh_scheme *sc, int src, const char *ref,
                        kh_q v, char *buf, size_t n);
/* The value an item read, in words: kh_label_ref_value, a rollup's
 * "85.00 分", "无数据" (or for a rollup "无（没有这类下级地区）") when it
 * has none. */
void kh_label_item_value(const kh_scheme *sc, const kh_scheme_item *it,
                         int has_value, kh_q v, char *buf, size_t n);
/* What an item reads, in words ("减贫计划完成率", "所属贫困县的考核得分",
 * "各分项得分之和"). */
void kh_label_source(const kh_scheme *sc, const kh_scheme_item *it,
                     char *buf, size_t n);

/* An item's rule in words, without a final 。. Returns 0, or -1 when buf
 * was too small (the text is cut). */
int kh_label_rule_words(const kh_scheme *sc, const kh_scheme_item *it,
                        char *buf, size_t n);

/*
 * Why a veto condition held, as a sentence true as printed: "减贫计划完成率
 * 为 99.96%（33,651/33,663），低于 100%", "错退率为 3.1%，高于 2%", or for a
 * yes/no input "经第三方评估认定". value is the value compared (an
 * indicator's exact numerator/denominator, or the input).
 */
void kh_label_veto_why(const kh_scheme *sc, const kh_veto_cond *c,
                       kh_q value, char *buf, size_t n);

/* A veto's consequence as the scheme writes it ("约谈; 限期整改; 不得评为
 * 优秀") in prose: "约谈、限期整改、不得评为优秀". */
void kh_label_consequence(const char *c, char *buf, size_t n);

/* Text from a data file (a scheme's title, an article) for Chinese
 * prose: ASCII brackets, commas, semicolons and colons in full width
 * ("办法(2016)" -> "办法（2016）", "第七条(一)" -> "第七条（一）"). */
void kh_label_zh_punct(const char *in, char *buf, size_t n);

/* The Chinese name of a finding code: the standards file's
 * [finding_label] (std may be NULL), else a review code's
 * (kh_review_codes_zh); NULL when the code has none. */
struct kh_standard;
const char *kh_label_finding(const struct kh_standard *std,
                             const char *code);
/* An input's provenance (kh_store_assess_inputs: its name, value and
 * file) in words: its label (an indicator's or an input's), its value (an
 * indicator's "num/den" as kh_label_ref_value), its file (the year's
 * registry as "2019年建档立卡数据"). */
void kh_label_prov(const kh_scheme *sc, const char *pname,
                   const char *pvalue, const char *pfile, char *name,
                   size_t nn, char *value, size_t vn, char *file, size_t fn);
/* Centi-points as the shortest text: 350 -> "3.5", 400 -> "4". */
void kh_label_points(long long centi, char *buf, size_t n);

#endif
