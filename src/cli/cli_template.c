/* SPDX-License-Identifier: MIT */
/*
 * cli_template.c - `kaohe template registry|regions|roster|survey -o
 * FILE.xlsx`: the import template an office fills in (kaohe/template.h).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "kaohe/standard.h"
#include "kaohe/template.h"

static const char help[] =
    "kaohe template registry|regions|roster|survey -o FILE.xlsx\n"
    "               [--standards FILE]\n"
    "  写出导入模板:表头、各列格式(证件号码、代码、电话为文本)、取自标准文件的\n"
    "  下拉列表,以及第二张表“填写说明”。按模板填写的文件导入时没有问题。\n"
    "  Write the import template of a kind of file: the header, each column's\n"
    "  format (ID numbers, codes and phones as text), drop-down lists from the\n"
    "  standards file, and the rules on a second sheet.\n";

int cli_template(int argc, char **argv)
{
    const char *kind_s = NULL, *out = NULL, *std_file = NULL;
    for (int i = 1; i < argc; i++) {
        int m;
        if ((m = cli_opt(argc, argv, &i, "-o", &out)) ||
            (m = cli_opt(argc, argv, &i, "--standards", &std_file))) {
            if (m < 0) return CLI_FAIL;
        } else if (!strcmp(argv[i], "--help")) {
            fputs(help, stdout);
            return CLI_OK;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage("未知选项(kaohe template --help)",
                             "unknown option (kaohe template --help)");
        } else if (!kind_s) {
            kind_s = argv[i];
        } else {
            return cli_usage("参数过多", "too many arguments");
        }
    }
    int kind = kind_s ? kh_template_kind_parse(kind_s) : -1;
    if (kind < 0 || !out)
        return cli_usage("kaohe template registry|regions|roster|survey -o "
                         "FILE.xlsx",
                         "kaohe template registry|regions|roster|survey -o "
                         "FILE.xlsx");
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
