/* SPDX-License-Identifier: MIT */
/*
 * cli_opts.h - private to the kaohe command: each command declares its
 * options once, in a table, and the parsing, the `--help` text and the
 * errors (an unknown option named, a malformed value with the type or range
 * it should have, a missing value, a year out of range or without a poverty
 * line) all come from that table. docs/cli/README.md states the
 * conventions for users.
 *
 * A table is an array of cli_option, one line an option, ended by CLI_END.
 * To add an option, copy a line:
 *
 *     #define O(f) offsetof(my_opts, f)
 *     static const cli_option opts[] = {
 *         CLI_OPT_DB(O(db), NULL),
 *         {"--region", "CODE", CLI_STR, O(region), "list due", NULL,
 *          "只看该区划 / this region only"},
 *         {"--days", "N", CLI_INT, O(days), "due", "0..3650",
 *          "天数 / days ahead"},
 *         {"--format", "F", CLI_ENUM, O(format), NULL, "text|json",
 *          "输出格式 / output format"},
 *         {"--overdue", NULL, CLI_FLAG, O(overdue), "list", NULL,
 *          "只列逾期的 / overdue ones only"},
 *         CLI_END};
 *
 * The seven fields, always all given:
 *   name   "--long" or "-x"; the value as `--long V` or `--long=V`.
 *   arg    the value's name in --help ("FILE", "N"); NULL for a flag.
 *   type   what the value is (enum cli_type below); it says which C type
 *          the field has.
 *   off    where the value goes: offsetof(the command's struct, field).
 *   subs   which subcommands take it, space-separated ("list due"); NULL:
 *          every subcommand (or a command without subcommands). Any other
 *          subcommand refuses it as an unknown option.
 *   range  CLI_INT/CLI_LONG: "MIN..MAX" or "MIN.."; CLI_ENUM: "a|b|c";
 *          CLI_LIST: the most times it may be given ("16"); CLI_YEAR,
 *          CLI_YEAR_LINE and CLI_YEAR_ANY: NULL (1990..2100) or
 *          "MIN..MAX"; else NULL.
 *   help   one line, "中文 / English".
 *
 * The struct's fields keep their value when the option is absent, so the
 * caller sets defaults before parsing. An option given twice keeps the
 * last value (a CLI_LIST keeps every one).
 */
#ifndef KAOHE_CLI_OPTS_H
#define KAOHE_CLI_OPTS_H

#include <stddef.h>

enum cli_type {
    CLI_FLAG,      /* no value; int field set to 1 */
    CLI_STR,       /* const char *: any text */
    CLI_PATH,      /* const char *: a file or folder name, not empty */
    CLI_DATE,      /* const char *: a real date YYYY-MM-DD */
    CLI_ENUM,      /* const char *: one of range's "a|b|c" */
    CLI_INT,       /* int: a decimal integer within range */
    CLI_LONG,      /* long long: a decimal integer within range */
    CLI_YEAR,      /* int: a year within range (default 1990..2100),
                      and the standards in force (the national file and
                      the table's --standards FILE, if given) must have
                      the year's poverty line: every --year */
    CLI_YEAR_LINE, /* int: CLI_YEAR, its help line saying so (review) */
    CLI_YEAR_ANY,  /* int: within range only, no poverty line needed:
                      the years data is loaded and checked for before
                      the line is known (import, check) and the
                      generator's (gen, its own range) */
    CLI_LIST,      /* cli_list: repeatable, every value kept in order */
    CLI_SEQ,       /* cli_seq: options whose order matters (household
                      edit's --member N --set K=V): several lines may name
                      one cli_seq field; every occurrence is kept in order
                      with its option's name. range "MIN..MAX" checks the
                      value as an integer; a flag's value is "" */
};

#define CLI_LIST_MAX 32
typedef struct cli_list {
    const char *v[CLI_LIST_MAX];
    size_t n;
} cli_list;

#define CLI_SEQ_MAX 1024
typedef struct cli_seq {
    struct {
        const char *opt, *val;
    } v[CLI_SEQ_MAX];
    size_t n;
} cli_seq;

typedef struct cli_option {
    const char *name;
    const char *arg;
    enum cli_type type;
    size_t off;
    const char *subs;
    const char *range;
    const char *help;
} cli_option;

#define CLI_END {NULL, NULL, CLI_FLAG, 0, NULL, NULL, NULL}

/* The options many commands share, declared here once. */
#define CLI_OPT_DB(off, subs)                                                \
    {"--db", "FILE", CLI_PATH, (off), (subs), NULL,                          \
     "数据库文件(默认 kaohe.db) / the database (default kaohe.db)"}
#define CLI_OPT_STANDARDS(off, subs)                                         \
    {"--standards", "FILE", CLI_PATH, (off), (subs), NULL,                   \
     "叠加在国家标准上的省级标准文件 / a province's standards on top of "   \
     "the national ones"}
/* --unmask of a download (a document, a list): ID numbers and phones
 * whole, for a role that may ([web] unmask_roles; the use case decides). */
#define CLI_OPT_UNMASK(off, subs)                                            \
    {"--unmask", NULL, CLI_FLAG, (off), (subs), NULL,                        \
     "完整的证件号码和电话(角色须可查看) / whole ID numbers and phones (a "   \
     "role that may)"}
#define CLI_OPT_YEAR(off, subs)                                              \
    {"--year", "YYYY", CLI_YEAR, (off), (subs), NULL, "年度 / the year"}
/* --year of a year whose poverty line may not be known yet (import,
 * check: they go on without the review). */
#define CLI_OPT_YEAR_ANY(off, subs)                                          \
    {"--year", "YYYY", CLI_YEAR_ANY, (off), (subs), NULL, "年度 / the year"}
/* --year for what needs the year's poverty line (review, indicators...). */
#define CLI_OPT_YEAR_LINE(off, subs)                                         \
    {"--year", "YYYY", CLI_YEAR_LINE, (off), (subs), NULL,                   \
     "年度(标准中须有该年贫困线) / the year (its poverty line must be in "   \
     "the standards)"}
#define CLI_OPT_FORMAT(off, subs, choices)                                   \
    {"--format", "F", CLI_ENUM, (off), (subs), (choices),                    \
     "输出格式 / output format"}
#define CLI_OPT_OUT(off, subs)                                               \
    {"-o", "FILE", CLI_PATH, (off), (subs), NULL,                            \
     "输出文件(默认标准输出) / output file (default standard output)"}
#define CLI_OPT_LANG(off, subs)                                              \
    {"--lang", "zh|en", CLI_ENUM, (off), (subs), "zh|en",                    \
     "文本报告的语言 / the language of text reports"}

/* A command: its name for messages ("rectify"), the text --help prints
 * before the options (synopsis and purpose), the option table, the
 * subcommands it has (space-separated; NULL: none) and how many
 * positional arguments it takes (-1: any number). */
typedef struct cli_spec {
    const char *cmd;
    const char *usage;
    const cli_option *opts;
    const char *subs;
    int maxpos;
} cli_spec;

/* cli_opts_parse's "go on": neither an error nor --help. */
#define CLI_GO (-1)

/*
 * Parse argv[first..argc) of subcommand sub (NULL: the command has none)
 * into the struct at o by spec's table. Positional arguments (a word not
 * starting with '-', or "-" alone, or anything after "--") are moved to
 * argv[first..first + *npos) in their order (npos may be NULL when the
 * command takes none). `--help` or `-h` anywhere prints the help of sub
 * and returns CLI_OK. Returns CLI_GO when the command should go on, else
 * the exit code after printing the error in both languages: an unknown
 * subcommand or option, a value missing or malformed, too many positional
 * arguments, a year out of range or without a poverty line.
 */
int cli_opts_parse(const cli_spec *spec, const char *sub, int argc,
                   char **argv, int first, void *o, int *npos);

/* The first positional argument of argv[first..argc) by spec's table
 * (skipping every option and the value of one that takes a value), or
 * NULL: for a subcommand that need not come first (`kaohe import --db F
 * registry FILE`). */
const char *cli_opts_first_word(const cli_spec *spec, int argc, char **argv,
                                int first);

/* A command with subcommands: the subcommand is the first word wherever
 * the options are (cli_opts_first_word); without one, `--help` prints
 * the command's help (CLI_OK) and anything else the usage (usage_zh,
 * usage_en); with one, the options are parsed (cli_opts_parse). *sub
 * is the subcommand; returns CLI_GO when the command should go on. */
int cli_opts_sub(const cli_spec *spec, int argc, char **argv,
                 const char *usage_zh, const char *usage_en,
                 const char **sub /* OUT */, void *o, int *npos /* OUT */);

/* Print spec's usage and the options sub takes (sub NULL: all, each with
 * the subcommands that take it) on stdout. */
void cli_opts_help(const cli_spec *spec, const char *sub);

/* Check a year as every --year is checked: within 1990..2100, and, when
 * need_line, the standards (the national ones and the file at
 * standards, if any) have its poverty line. name is the option named in
 * the message. Returns CLI_OK, or CLI_FAIL after printing why. */
int cli_opts_year(const char *name, long long year, int need_line,
                  const char *standards);

#endif
