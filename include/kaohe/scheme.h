/* SPDX-License-Identifier: MIT */
/*
 * scheme.h - assessment schemes (考核办法) as data: a tree of items with
 * their points, where each leaf takes a value (an indicator, a manual
 * input, or the results of the regions below under another scheme) and
 * turns it into points by a rule (threshold bands, linear between two
 * values, rank among the regions assessed, a deduction per case with a
 * cap, or the value itself); adjustment items with bounds; veto
 * conditions with their consequences; grade bands; the tie rule; the
 * assessment steps. Format: docs/schemes.md. The presets (schemes/) are
 * compiled in.
 *
 * Points are kept in hundredths of a point (centi-points, long long);
 * values and thresholds as exact fractions (kh_q).
 */
#ifndef KAOHE_SCHEME_H
#define KAOHE_SCHEME_H

#include <stddef.h>

#include "kaohe/error.h"

/* An exact fraction num / den, den > 0. */
typedef struct kh_q {
    long long num, den;
} kh_q;

/* Parse "0.02", "2%", "1/50", "-5", "90" into q. -1 when not a number. */
int kh_q_parse(const char *s, size_t n, kh_q *q /* OUT */);
/* -1, 0, 1 as a < b, a == b, a > b (exact). */
int kh_q_cmp(kh_q a, kh_q b);
/* q rounded half away from zero to `decimals` places, as text (at most
 * 6 decimals; trailing zeros kept). buf holds at least 48 bytes. */
void kh_q_format(kh_q q, int decimals, char *buf, size_t n);
/* q as the shortest decimal text up to 6 places ("0.02", "85", "0.666667"). */
void kh_q_text(kh_q q, char *buf, size_t n);
/* Centi-points as text: "12.50", "-3.00". buf holds at least 32 bytes. */
void kh_points_format(long long centi, char *buf, size_t n);

enum kh_src {
    KH_SRC_NONE = 0, /* a group: its points are its children's */
    KH_SRC_INDICATOR,
    KH_SRC_INPUT,
    KH_SRC_ROLLUP
};
enum kh_rule {
    KH_RULE_NONE = 0,
    KH_RULE_BANDS,  /* first band whose threshold the value meets */
    KH_RULE_LINEAR, /* a -> 0 points, b -> full points, clamped */
    KH_RULE_RANK,   /* 1st full, last rank_min, linear between */
    KH_RULE_DEDUCT, /* full - min(value * per, cap) */
    KH_RULE_POINTS  /* the value is the points */
};
enum kh_agg { KH_AGG_AVG = 1, KH_AGG_WEIGHTED, KH_AGG_COUNT };
enum kh_filter { KH_FILTER_ALL = 0, KH_FILTER_POOR, KH_FILTER_NONPOOR };
/* What an item with no value gets (`empty`): an error, all its points, none,
 * or (reallocate, the default of roll-ups) nothing, its points going to its
 * siblings that have a value in proportion to theirs (docs/schemes.md). */
enum kh_empty { KH_EMPTY_ERROR = 0, KH_EMPTY_FULL, KH_EMPTY_ZERO,
                KH_EMPTY_REALLOCATE };

typedef struct kh_band {
    int is_else;  /* "*": every value */
    kh_q thr;
    long long points;
    long line;
} kh_band;

typedef struct kh_scheme_item {
    char *path;    /* "集中考核/减贫成效" */
    const char *name; /* last part of path */
    int parent;    /* index of the parent item, -1 for the top */
    int nchildren;
    int adjust;    /* an adjustment item (调整): outside the points sum */
    long long max; /* centi-points; adjust: upper bound */
    long long min; /* 0; adjust: lower bound (may be negative) */
    int src;       /* enum kh_src */
    char *ref;     /* indicator name, input name, or sub-scheme name */
    int ref_level; /* indicator: the level it is read at (enum kh_level) */
    int agg;       /* rollup: enum kh_agg */
    char *weight;  /* rollup weighted: the indicator weighing each region */
    char *grades;  /* rollup count: grades that count, comma-separated */
    int filter;    /* rollup: enum kh_filter (by 贫困县 in the region list) */
    int empty;     /* no value (no region below, denominator 0): enum kh_empty */
    long empty_line; /* the line of `empty =`, 0 when not written */
    int rule;      /* enum kh_rule */
    int band_ge;   /* bands: 1 ">=" (higher is better), 0 "<=" */
    size_t nbands;
    kh_band *bands;
    kh_q lin_a, lin_b;
    int rank_desc;       /* rank: 1 higher value ranks first */
    long long rank_min;  /* rank: points of the last */
    long long ded_per, ded_cap; /* deduct: centi-points */
    char *note;    /* free text: the source article */
    long line;
} kh_scheme_item;

/* The type of a manual input (`type =`): any number (default), a count
 * (a whole number), a rate (a share, 0.02 or 2%), points, yes/no (0 or 1). */
enum kh_input_type { KH_IN_NUMBER = 0, KH_IN_COUNT, KH_IN_RATE, KH_IN_POINTS,
                     KH_IN_YESNO };

typedef struct kh_scheme_input {
    char *name;  /* the column in the inputs file */
    char *label; /* Chinese label */
    char *step;  /* the assessment step it comes from */
    kh_q lo, hi; /* allowed range, inclusive */
    int type;    /* enum kh_input_type: what the value may be */
    int has_default; /* `default = V`: the value of a missing cell */
    kh_q dflt;
    long line;
} kh_scheme_input;

typedef struct kh_veto_cond {
    int src;  /* KH_SRC_INDICATOR or KH_SRC_INPUT */
    char *ref;
    int op;   /* '<', 'l' (<=), '>', 'g' (>=), '=', '!' (!= 0, no value) */
    kh_q thr;
    long line;
} kh_veto_cond;

typedef struct kh_scheme_veto {
    char *code;
    char *label;
    char *article;     /* "第七条(一)" */
    char *consequence; /* as written: "不得评为 优秀; 约谈" */
    char *cap_grade;   /* "不得评为 G": the grade it cannot have, or NULL */
    char *serious;     /* `serious = input NAME`: the yes/no input that
                        * marks the case 情节严重、造成不良影响, or NULL */
    char *serious_consequence; /* what a serious case adds (free text) */
    char *serious_cap; /* `serious_cap = G`: the grade a serious case
                        * cannot have (the region's own), or NULL */
    size_t nconds;     /* any condition applies the veto */
    kh_veto_cond *conds;
    long line;
} kh_scheme_veto;

typedef struct kh_scheme_grade {
    char *name;
    long long min; /* centi-points: total >= min */
    long line;
} kh_scheme_grade;

typedef struct kh_scheme {
    char *name, *title, *source, *file;
    char *written_name;    /* a file that keeps a preset's name but not its
                            * text: the name written (name is then
                            * "NAME(修改 #FINGERPRINT)"); NULL otherwise */
    char *text;            /* the file's text, as parsed */
    size_t text_len;
    int level;             /* enum kh_level of the regions it assesses */
    long long total;       /* centi-points the non-adjust items add up to */
    char *tie_item;        /* tie: NULL shared rank, else an item path */
    size_t nsteps;
    char **steps;
    size_t nitems;
    kh_scheme_item *items; /* parents before their children */
    size_t ninputs;
    kh_scheme_input *inputs;
    size_t nvetoes;
    kh_scheme_veto *vetoes;
    size_t ngrades;
    kh_scheme_grade *grades; /* highest first */
} kh_scheme;

/*
 * Parse a scheme file's text (file names it in errors). Checks everything
 * that needs only the file itself: syntax, points adding up (every group
 * is the sum of its children, the top items the total), impossible bands,
 * ranges, grades, inputs and items referred to. Errors carry the line.
 * Caller owns the result; free with kh_scheme_free().
 */
int kh_scheme_parse(const char *text, size_t n, const char *file,
                    kh_scheme **out /* OUT */, kh_error *err) KH_WUR;
void kh_scheme_free(kh_scheme *s);

/* Index of the item at path, or -1. */
int kh_scheme_item_find(const kh_scheme *s, const char *path);
/* The input called name, or NULL. */
const kh_scheme_input *kh_scheme_input_find(const kh_scheme *s,
                                            const char *name);
/* Index of a grade by name, or -1. */
int kh_scheme_grade_find(const kh_scheme *s, const char *name);

/*
 * A set of schemes: a scheme and the schemes its roll-ups name. Names are
 * looked up first among the schemes added, then among the presets.
 */
typedef struct kh_scheme_set kh_scheme_set;
int kh_scheme_set_new(kh_scheme_set **out /* OUT */, kh_error *err) KH_WUR;
void kh_scheme_set_free(kh_scheme_set *set);
/* Add a parsed scheme; the set takes ownership (also on error). */
int kh_scheme_set_add(kh_scheme_set *set, kh_scheme *s, kh_error *err) KH_WUR;
/* Load a preset by name or a file by path ("/" or ".scheme" in it) into
 * the set; *out is the scheme (owned by the set). A file that keeps a
 * preset's name with another text is another scheme: it is named
 * "NAME(修改 #FINGERPRINT)" (stored runs, --scheme of show), and found by
 * its written name too (roll-ups). */
int kh_scheme_set_load(kh_scheme_set *set, const char *name_or_path,
                       const kh_scheme **out /* OUT */, kh_error *err) KH_WUR;
/* The scheme called name (loading a preset if needed), or NULL. */
const kh_scheme *kh_scheme_set_get(kh_scheme_set *set, const char *name);

/* Is name an indicator? (for the check) */
typedef int (*kh_indicator_known_fn)(void *ctx, const char *name);
/*
 * The checks that need more than the file: every indicator is known, every
 * sub-scheme of a roll-up exists (loaded into set), assesses a lower level
 * and has the grades a count roll-up names, and no scheme reaches itself
 * through roll-ups (a cycle). known may be NULL (indicators not checked).
 */
int kh_scheme_check(kh_scheme_set *set, const kh_scheme *s,
                    kh_indicator_known_fn known, void *ctx,
                    kh_error *err) KH_WUR;

/* The presets compiled in: count, name, text. */
size_t kh_scheme_preset_count(void);
const char *kh_scheme_preset_name(size_t i);
const char *kh_scheme_preset_text(size_t i, size_t *len /* OUT */);

/* The rule of an item in words ("linear 0.8 → 0, 1 → 4"), for explain.
 * Caller owns the result; free(). NULL on allocation failure. */
char *kh_scheme_rule_text(const kh_scheme_item *it);
/* The source of an item in words ("indicator plan_completion@市"). */
char *kh_scheme_source_text(const kh_scheme_item *it);

#endif
