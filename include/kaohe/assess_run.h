/* SPDX-License-Identifier: MIT */
/*
 * assess_run.h - one assessment run: the scheme and the schemes its
 * roll-ups reach, the registry's indicators, the manual inputs files
 * (merged by region code and column; the same cell given differently in
 * two files is an error), the scoring and the provenance of every input;
 * then stored as a new version. Shared by `kaohe assess run` and POST
 * /api/assessments/... (src/app/assess_run.c). Rules: docs/assess.md.
 */
#ifndef KAOHE_ASSESS_RUN_H
#define KAOHE_ASSESS_RUN_H

#include <stddef.h>

#include "kaohe/assess.h"
#include "kaohe/assess_store.h"
#include "kaohe/error.h"
#include "kaohe/scheme.h"

struct kh_standard;

/* Load the scheme (a preset name or a file) and the schemes it rolls up
 * into a new set; a scheme of another level than level: KH_ERR_USAGE. */
int kh_assess_load_scheme(const char *scheme, int level, kh_scheme_set **set,
                          const kh_scheme **s, kh_error *err) KH_WUR;

/* The same with several schemes (`--scheme city.scheme --scheme
 * county.scheme`): all are loaded into the set, so that a roll-up finds a
 * custom scheme of the level below; the run's scheme is the first of
 * level `level`. */
int kh_assess_load_schemes(const char *const *schemes, size_t n, int level,
                           kh_scheme_set **set, const kh_scheme **s,
                           kh_error *err) KH_WUR;

/* s and every scheme its roll-ups reach, into list[n..max); returns the
 * new count. */
size_t kh_assess_schemes(kh_scheme_set *set, const kh_scheme *s,
                         const kh_scheme **list, size_t n, size_t max);

/* The stamp of a run's inputs (`assess template` writes it in the column
 * 核对标识, `assess run` checks it): the year, the level and the
 * fingerprint of the scheme's text and of the schemes it rolls up (FNV-1a,
 * in decimal), in words: "2019 年度市级考核，核对码 2953667135". */
#define KH_ASSESS_STAMP_COL "核对标识"
void kh_assess_stamp(kh_scheme_set *set, const kh_scheme *s, int year,
                     int level, char *out, size_t n);
/* The stamp earlier versions wrote (the scheme's name, the same
 * fingerprint in hex: "hebei-city-2016 #b00d623f 2019 年 市级"), still
 * accepted from a template they made. */
void kh_assess_stamp_v1(kh_scheme_set *set, const kh_scheme *s, int year,
                        int level, char *out, size_t n);

/* The template's header of input in of scheme sc (`assess template`
 * writes it; `assess run` reads the column by its label): the label with
 * what may be entered in full-width brackets, "平时考核得分（0～10）", a
 * rate's range as percentages ("错退率（第三方评估）（0%～100%）"), a yes/no
 * input "（1 是 0 否）" unless its label says so already. */
void kh_assess_input_heading(const kh_scheme *sc, const kh_scheme_input *in,
                             char *out, size_t n);
/* The header of a step's date column: "填写日期：第三方评估（如
 * 2020-06-30）", read back as the column 日期:STEP (as is 日期:STEP
 * itself, earlier versions' header). */
void kh_assess_date_heading(const char *step, char *out, size_t n);

/* A note about the inputs (a column no scheme uses, a row of a region not
 * assessed): probably a typing mistake, not an error. */
typedef void (*kh_assess_note_fn)(void *ctx, const char *zh, const char *en);

#define KH_ASSESS_MAX_INPUTS 16

typedef struct kh_assess_req {
    const char *scheme;   /* a preset name or a scheme file */
    int year, level;
    size_t nfiles;        /* at most KH_ASSESS_MAX_INPUTS */
    const char *const *paths;  /* the inputs files (CSV, XLSX, ...) */
    const char *const *labels; /* their names in errors and provenance
                                * (NULL: the paths) */
    int threads;          /* for the indicators */
    const char *today;    /* YYYY-MM-DD: the date of inputs without one */
    kh_assess_note_fn note;
    void *note_ctx;
    size_t nregions;      /* --regions: the regions assessed (0: those
                           * with a 减贫计划, docs/assess.md) */
    const char *const *regions;
    size_t nschemes;      /* every --scheme when several (0: scheme alone) */
    const char *const *schemes;
} kh_assess_req;

/* A scored run, not stored yet. */
typedef struct kh_assess_pending kh_assess_pending;

/*
 * Score the run req asks for: nothing is written. Errors name the file,
 * row and column, or the region and the item (missing or out-of-range
 * inputs, conflicts between files, a scheme that needs the review).
 */
int kh_assess_prepare(kh_store *db, const struct kh_standard *std,
                      const kh_assess_req *req, kh_assess_pending **out,
                      kh_error *err) KH_WUR;

/* Store it as a new version (in the caller's transaction when one is
 * open, else in its own); the assessment, with its version set. */
int kh_assess_pending_save(kh_store *db, kh_assess_pending *p,
                           kh_error *err) KH_WUR;
kh_assessment *kh_assess_pending_result(kh_assess_pending *p);
void kh_assess_pending_free(kh_assess_pending *p);

/*
 * The use case of an assessment run (POST /api/assessments/.../run and
 * `kaohe assess run --user NAME`): who may is decided here, once. The
 * actor's role must be one of [web] assess_roles (may_assess), and a user
 * bound to a region scores only a level whose every region is within it —
 * checked before any input is read (so that no check of the inputs names
 * a region outside the scope) and again on the regions scored; a refusal
 * is KH_ERR_DENIED ("role_denied", "scope_denied"), audited as
 * assessment.run, denied. A passing run is scored (kh_assess_prepare),
 * stored as a new version and audited (object
 * assessment/SCHEME/YEAR/LEVEL/VERSION, the regions scored as records,
 * {"version","inputs","regions"} as after) in one transaction. who NULL
 * is the operator at the console (the command line without --user, as
 * `kaohe import registry`): nothing to decide, nothing audited. *out gets
 * the stored run (free with kh_assess_pending_free).
 */
struct kh_actor;
int kh_app_assess_run(kh_store *db, const struct kh_standard *std,
                      const struct kh_actor *who, const kh_assess_req *req,
                      kh_assess_pending **out /* OUT */,
                      kh_error *err) KH_WUR;

/*
 * Who may enter the inputs of an assessment of level (the rule of
 * kh_app_assess_run, said once): who NULL (the console operator) may; else
 * the role must be one of [web] assess_roles, and a user bound to a
 * region only a level whose every region is within it. A refusal is
 * KH_ERR_DENIED ("role_denied", "scope_denied"), audited as action on
 * object, denied.
 */
int kh_app_assess_may(kh_store *db, const struct kh_actor *who, int level,
                      const char *action, const char *object,
                      kh_error *err) KH_WUR;

/*
 * The inputs template of a run (`kaohe assess template`, GET
 * /api/assessments/S/Y/L/template): a row per region of each scheme's
 * level (the city scheme and the county schemes it rolls up), a column per
 * input headed in words (kh_assess_input_heading), a date column per step,
 * the check column KH_ASSESS_STAMP_COL; an XLSX (fmt KH_TAB_XLSX) adds a
 * 说明 sheet. schemes as kh_assess_load_schemes takes them. Who may:
 * kh_app_assess_may (action assessment.template); a download by a user is
 * audited. Written whole to path ("-": standard output) or not at all.
 */
int kh_app_assess_template(kh_store *db, const struct kh_actor *who,
                           const char *const *schemes, size_t nschemes,
                           int year, int level, int fmt, const char *path,
                           kh_error *err) KH_WUR;

/*
 * Who may read the stored assessments (GET /api/assessments/…, `kaohe
 * assess show|explain`): a role bound to a region or seeing all; the
 * console's operator (kh_actor_is_operator) every run, as the command
 * line always has. A role without regions: KH_ERR_DENIED "role_denied",
 * not audited (the front end records the refusal of its request). With
 * code (one region asked; NULL none): a region outside who's is refused
 * ("out_of_scope"), audited as assessment.read on object.
 */
int kh_app_assess_read_may(kh_store *db, const struct kh_actor *who,
                           const char *code, const char *object,
                           kh_error *err) KH_WUR;
/* The regions of a run who sees (kh_assess_show_json's keep, ctx the
 * kh_actor); kh_app_assess_keeps_all: 1 when who sees every one. */
int kh_app_assess_keeps(void *who, const char *code);
int kh_app_assess_keeps_all(const struct kh_actor *who);

/*
 * kh_assess_explain_json (assess_json.h) of region r of the stored run
 * a, its inputs' provenance read from s: `kaohe assess explain --format
 * json` and GET /api/assessments/…/explain.
 */
struct kh_buf;
int kh_app_assess_explain_json(kh_store *s, const kh_assessment *a, size_t r,
                               struct kh_buf *b, kh_error *err) KH_WUR;

#endif
