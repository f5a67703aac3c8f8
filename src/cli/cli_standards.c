/* SPDX-License-Identifier: MIT */
/*
 * cli_standards.c - `kaohe standards show [--standards FILE]` prints every
 * effective setting and category list with the file and line it came
 * from; `kaohe standards check FILE` loads a province's file on top of the
 * national one and says whether it is valid.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "kaohe/buf.h"
#include "kaohe/standard.h"

static const char usage_text[] =
    "kaohe standards show [--standards FILE] [--format text|json]\n"
    "kaohe standards check FILE\n"
    "  show:列出生效的全部标准值和类别表,以及每一项来自哪个文件哪一行。\n"
    "  check:检查省级标准文件;有错误时指出行号和原因(退出码 1)。\n"
    "  show: every effective value and category list, with the file and line\n"
    "  it came from. check: validate a province's standards file (exit 1 with\n"
    "  the line and the reason when it is not valid).\n";

typedef struct show_ctx {
    int json;
    int n;
    kh_buf b;
} show_ctx;

static int show_value(void *vctx, const char *key, const char *value,
                      const char *source)
{
    show_ctx *c = vctx;
    if (!c->json) {
        printf("%-36s = %-12s  # %s\n", key, value, source);
        return KH_OK;
    }
    kh_buf_reset(&c->b);
    int rc = kh_buf_adds(&c->b, c->n++ ? ",\n  " : "\n  ");
    if (!rc) rc = kh_buf_json_str(&c->b, key, strlen(key));
    if (!rc) rc = kh_buf_adds(&c->b, ": {\"value\": ");
    if (!rc) rc = kh_buf_json_str(&c->b, value, strlen(value));
    if (!rc) rc = kh_buf_adds(&c->b, ", \"source\": ");
    if (!rc) rc = kh_buf_json_str(&c->b, source, strlen(source));
    if (!rc) rc = kh_buf_adds(&c->b, "}");
    if (!rc) fputs(c->b.data, stdout);
    return rc;
}

static int show_enum(void *vctx, const char *list, const char *label,
                     const char *codes, const char *source)
{
    show_ctx *c = vctx;
    if (!c->json) {
        char key[128];
        snprintf(key, sizeof key, "enum.%s.%s", list, label);
        printf("%-36s = %-12s  # %s\n", key, codes, source);
        return KH_OK;
    }
    kh_buf_reset(&c->b);
    int rc = kh_buf_adds(&c->b, c->n++ ? ",\n  {\"list\": " : "\n  {\"list\": ");
    if (!rc) rc = kh_buf_json_str(&c->b, list, strlen(list));
    if (!rc) rc = kh_buf_adds(&c->b, ", \"label\": ");
    if (!rc) rc = kh_buf_json_str(&c->b, label, strlen(label));
    if (!rc) rc = kh_buf_adds(&c->b, ", \"codes\": ");
    if (!rc) rc = kh_buf_json_str(&c->b, codes, strlen(codes));
    if (!rc) rc = kh_buf_adds(&c->b, ", \"source\": ");
    if (!rc) rc = kh_buf_json_str(&c->b, source, strlen(source));
    if (!rc) rc = kh_buf_adds(&c->b, "}");
    if (!rc) fputs(c->b.data, stdout);
    return rc;
}

typedef struct opts {
    const char *standards, *format;
} opts;

#define O(f) offsetof(opts, f)
static const cli_option table[] = {
    CLI_OPT_STANDARDS(O(standards), "show"),
    CLI_OPT_FORMAT(O(format), NULL, "text|json"),
    CLI_END};

static const cli_spec spec = {"standards", usage_text, table, "show check", 2};

int cli_standards(int argc, char **argv)
{
    opts o = {.format = "text"};
    const char *what = cli_opts_first_word(&spec, argc, argv, 1);
    int npos = 0;
    int prc = cli_opts_parse(&spec, what, argc, argv, 1, &o, &npos);
    if (prc != CLI_GO) return prc;
    const char *file = npos > 1 ? argv[2] : NULL, *std_file = o.standards,
               *format = o.format;
    if (!what || (!strcmp(what, "check") && !file) ||
        (!strcmp(what, "show") && file))
        return cli_usage("kaohe standards show [--standards FILE] | kaohe standards check FILE",
                         "kaohe standards show [--standards FILE] | kaohe standards check FILE");
    int fmt = cli_parse_format(format);
    if (fmt != CLI_FMT_TEXT && fmt != CLI_FMT_JSON)
        return fmt < 0 ? CLI_FAIL
                       : cli_usage("standards 只支持 text 和 json",
                                   "standards supports text and json");
    kh_standard *s = cli_standard(!strcmp(what, "check") ? file : std_file);
    if (!s) return !strcmp(what, "check") ? CLI_FINDINGS : CLI_FAIL;
    if (!strcmp(what, "check")) {
        kh_standard_free(s);
        fprintf(stderr, "kaohe: %s 有效 / is valid\n", file);
        return CLI_OK;
    }
    show_ctx c = {fmt == CLI_FMT_JSON, 0, KH_BUF_INIT};
    int rc;
    if (c.json) fputs("{\"settings\": {", stdout);
    rc = kh_standard_each(s, show_value, &c);
    if (c.json) fputs("},\n\"lists\": [", stdout);
    c.n = 0;
    if (!rc) rc = kh_standard_each_enum(s, show_enum, &c);
    if (c.json) fputs("]}\n", stdout);
    kh_buf_free(&c.b);
    kh_standard_free(s);
    return rc ? CLI_FAIL : CLI_OK;
}
