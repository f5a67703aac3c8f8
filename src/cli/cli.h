/* SPDX-License-Identifier: MIT */
/*
 * cli.h - private to the kaohe command: the subcommand table, exit codes and
 * the few helpers every cli_*.c shares (option parsing, error printing).
 */
#ifndef KAOHE_CLI_H
#define KAOHE_CLI_H

#include "kaohe/error.h"

/* Exit codes, documented in docs/cli/README.md. */
enum cli_exit {
    CLI_OK = 0,       /* done; for check: no error found */
    CLI_FINDINGS = 1, /* check/import found errors in the data */
    CLI_FAIL = 2,     /* usage, I/O, database or internal failure */
};

typedef struct cli_cmd {
    const char *name;
    int (*run)(int argc, char **argv); /* argv[0] is the subcommand */
    const char *summary;
} cli_cmd;

int cli_init(int argc, char **argv);
int cli_import(int argc, char **argv);
int cli_check(int argc, char **argv);
int cli_gen(int argc, char **argv);
int cli_summary(int argc, char **argv);
int cli_standards(int argc, char **argv);
int cli_review(int argc, char **argv);
int cli_indicators(int argc, char **argv);
int cli_diff(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_rectify(int argc, char **argv);
/* `kaohe report tongbao` (cli_tongbao.c); argv[0] is "tongbao". */
int cli_report_tongbao(int argc, char **argv);
int cli_doc_report(int argc, char **argv);
int cli_org(int argc, char **argv);
int cli_scheme(int argc, char **argv);
int cli_assess(int argc, char **argv);
int cli_sample(int argc, char **argv);
/* `kaohe import`'s options (cli_import.c's table), for roster and survey
 * (cli_import_sample.c). */
typedef struct cli_import_opts {
    const char *what, *file; /* the subcommand and the file */
    const char *kind, *region, *as_of; /* dept KIND FILE --region --as-of */
    const char *db, *rejects, *standards, *format, *out, *lang, *sheet;
    int year, keep_valid, replace, all_sheets;
    long long design; /* -1: not given */
} cli_import_opts;
int cli_import_sample(const cli_import_opts *o);

/* One import through a use case with a findings report
 * (cli_import_run.c): run is the use case, writing its findings to rep
 * through cli_import_finding and its counts to c; done (may be NULL)
 * prints what was imported and returns the exit code of a success. */
typedef struct cli_import_counts {
    long rows, households; /* for the report's summary of the file */
    long errors;           /* findings that refused the file */
} cli_import_counts;
struct kh_actor;
struct kh_finding;
struct kh_store;
struct kh_standard;
struct cli_report;
typedef struct cli_import_job {
    const cli_import_opts *o; /* file, db, standards, format, out, lang */
    const char *kind;         /* the file's kind in the report */
    int (*run)(void *ctx, struct kh_store *s, const struct kh_standard *std,
               const struct kh_actor *who, struct cli_report *rep,
               cli_import_counts *c, kh_error *err);
    int (*done)(void *ctx, const cli_import_counts *c);
    void *ctx;
} cli_import_job;
/* The store, the acting user (cli_actor) and the report opened, run
 * called; when it fails with nothing counted because the file itself
 * could not be read (I/O, format, a rule of the whole file, a limit),
 * that error is one error of the report, so its totals are true; the
 * report closed; the exit code: 0 (or done's), 1 findings or a refusal
 * (KH_ERR_DENIED, KH_ERR_INVALID), 2 usage, I/O or database. */
int cli_import_run(const cli_import_job *job);
/* A kh_finding_fn writing to the cli_report rep. */
int cli_import_finding(void *rep, const struct kh_finding *f);
int cli_serve(int argc, char **argv);
int cli_audit(int argc, char **argv);
/* `kaohe household edit|history` (cli_household.c). */
int cli_household(int argc, char **argv);
/* `kaohe import dept` and `kaohe compare` (cli_dept.c). */
int cli_import_dept(const cli_import_opts *o);
int cli_compare(int argc, char **argv);
int cli_dept(int argc, char **argv);
/* review's comparison when lists are loaded (cli_dept.c): *n findings,
 * -1 none loaded. */
struct kh_standard;
struct kh_store;
int cli_dept_review(struct kh_store *s, const struct kh_standard *std, int year,
                    long long *n, kh_error *err);
/* `kaohe import projects|allocations|payments` and `kaohe funds check`
 * (cli_funds.c). */
int cli_import_funds(const cli_import_opts *o);
int cli_funds(int argc, char **argv);
int cli_template(int argc, char **argv);
int cli_year(int argc, char **argv);

/* Print err to stderr in Chinese and English; returns CLI_FAIL or
 * CLI_FINDINGS (for KH_ERR_INVALID). */
int cli_report_error(const kh_error *err);
/* cli_report_error for a download (a use case's kh_app_*_download): a
 * refusal (scope, role, unmask) exits 1, as every refusal does. */
int cli_download_error(const kh_error *err);
/* Print a usage error (both languages) and return CLI_FAIL. */
int cli_usage(const char *zh, const char *en);

/* Options are declared in a table and parsed by cli_opts_parse
 * (cli_opts.h). */

/* Load the national standard, then the file at path on top (NULL: none).
 * Returns NULL after printing the error. */
struct kh_standard;
struct kh_standard *cli_standard(const char *path);

/* A progress bar on stderr, shown only on a terminal and only once the
 * work has taken more than a second. */
typedef struct cli_progress {
    const char *label;
    double start;
    double after; /* seconds before the bar shows (KAOHE_PROGRESS_AFTER) */
    int shown;
    int last_pct;
} cli_progress;
void cli_progress_init(cli_progress *p, const char *label);
void cli_progress_update(void *p, long long done, long long total);
void cli_progress_done(cli_progress *p);

/* Seconds since an arbitrary point (monotonic). */
double cli_now(void);

/* Today's date for the rules: KAOHE_TODAY=YYYY-MM-DD from the
 * environment (tests), else the system date. */
void cli_today(int today[3]);

/* Who is acting: $KAOHE_USER, else the login name. */
const char *cli_who(void);
/* The acting user of every command (kh_actor_console, the one console
 * rule of src/app/actor.c): the stored user cli_who() names; a name that
 * is no stored user (the operator) administers a database without users,
 * and in one that has users may run only the operator's own actions (the
 * review, org set: kh_actor_is_operator). */
struct kh_actor;
typedef struct kh_store kh_store;
int cli_actor(kh_store *s, const struct kh_standard *std,
              struct kh_actor *who /* OUT */, kh_error *err);
/* The store at db opened and the acting user loaded (cli_actor): what
 * every command acting on the database as someone begins with. */
int cli_open_as(const char *db, const struct kh_standard *std,
                kh_store **s /* OUT */, struct kh_actor *who /* OUT */,
                kh_error *err);
/* Now as YYYY-MM-DDTHH:MM:SSZ (UTC): $KAOHE_NOW when set (tests), else
 * midnight of $KAOHE_TODAY when set, else the clock. */
void cli_timestamp(char out[32]);
/* Who makes an export and when (every exported file says so): the user
 * from $KAOHE_USER, else the login name ($LOGNAME, $USER), else
 * "未署名" (never "unknown"); the local time "YYYY-MM-DD HH:MM", or only the date of
 * KAOHE_TODAY when that is set (tests). */
void cli_maker(char user[128], char when[32]);
/* Schemes (cli_scheme.c): the indicator names for the checks, and the
 * full check of a scheme with them. */
struct kh_indicators;
struct kh_scheme_set;
struct kh_scheme;
int cli_scheme_indicators(const char *standards, struct kh_indicators **ix);
int cli_scheme_check_all(struct kh_scheme_set *set, const struct kh_scheme *s,
                         struct kh_indicators *ix, kh_error *err);

/* --format values. */
enum cli_format { CLI_FMT_TEXT, CLI_FMT_JSON, CLI_FMT_CSV, CLI_FMT_XLSX };
/* Parse --format; -1 (printed) when unknown. */
int cli_parse_format(const char *v);

/* The findings report: text, JSON, CSV or XLSX, to stdout or -o FILE. */
typedef struct cli_report cli_report;
struct kh_finding;
int cli_report_open(int format, const char *out, const char *lang,
                    cli_report **r, kh_error *err);
int cli_report_finding(cli_report *r, const struct kh_finding *f);
/* The standards whose [finding_label] name the codes in the text report
 * (not set: the default standards). */
void cli_report_standard(cli_report *r, const struct kh_standard *std);
/* Per-file facts for the summary. */
void cli_report_file(cli_report *r, const char *file, const char *kind,
                     const char *encoding, long rows, long households);
/* Write the summary and commit the output. Frees r. */
int cli_report_close(cli_report *r, kh_error *err);
/* Abandon the output (a failure). Frees r. */
void cli_report_abort(cli_report *r);
long cli_report_errors(const cli_report *r);
long cli_report_warnings(const cli_report *r);

#endif
