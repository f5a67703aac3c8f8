/* SPDX-License-Identifier: MIT */
/*
 * cli_template.c - `kaohe template registry|regions|roster|survey|plan -o
 * FILE.xlsx`: the import template an office fills in (kaohe/template.h);
 * plan is the rectification plan `kaohe rectify import` reads.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "kaohe/standard.h"
#include "kaohe/template.h"

static const char usage_text[] =
    "kaohe template registry|regions|roster|survey|plan -o FILE.xlsx\n"
    "               [--standards FILE]\n"
    "  写出导入模板:表头、各列格式(证件号码、代码、电话为文本)、取自标准文件的\n"
    "  下拉列表,以及第二张表“填写说明”。按模板填写的文件导入时没有问题。\n"
    "  Write the import template of a kind of file: the header, each column's\n"
    "  format (ID numbers, codes and phones as text), drop-down lists from the\n"
    "  standards file, and the rules on a second sheet.\n";

typedef struct template_opts {
    const char *out, *standards;
} template_opts;

#define O(f) offsetof(template_opts, f)
static const cli_option table[] = {
    {"-o", "FILE.xlsx", CLI_PATH, O(out), NULL, NULL,
     "模板写入的文件 / the template's file"},
    CLI_OPT_STANDARDS(O(standards), NULL),
    CLI_END};
#undef O

/* The kind (registry, regions, roster, survey, plan) is the one positional
 * argument, checked by kh_template_kind_parse. */
static const cli_spec spec = {"template", usage_text, table, NULL, 1};

int cli_template(int argc, char **argv)
{
    template_opts o = {NULL, NULL};
    int npos = 0;
    int prc = cli_opts_parse(&spec, NULL, argc, argv, 1, &o, &npos);
    if (prc != CLI_GO) return prc;
    const char *kind_s = npos ? argv[1] : NULL, *out = o.out,
               *std_file = o.standards;
    int kind = kind_s ? kh_template_kind_parse(kind_s) : -1;
    if (kind < 0 || !out)
        return cli_usage("kaohe template registry|regions|roster|survey|"
                         "plan -o FILE.xlsx",
                         "kaohe template registry|regions|roster|survey|"
                         "plan -o FILE.xlsx");
    kh_standard *std = cli_standard(std_file);
    if (!std) return CLI_FAIL;
    kh_error err;
    kh_error_clear(&err);
    int rc = kh_template_write(std, kind, out, &err);
    kh_standard_free(std);
    if (rc) return cli_report_error(&err);
    fprintf(stderr, "kaohe: 模板已写入 %s / template written to %s\n", out,
            out);
    return CLI_OK;
}
