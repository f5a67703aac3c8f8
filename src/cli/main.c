/* SPDX-License-Identifier: MIT */
/*
 * main.c - the kaohe command: one table of subcommands (name, handler,
 * summary), dispatch, and the top-level help.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

#define KAOHE_VERSION "0.1.0"

static const cli_cmd commands[] = {
    {"init", cli_init, "创建空数据库 / create an empty database"},
    {"import", cli_import,
     "导入行政区划或建档立卡数据 / import regions or a registry year"},
    {"check", cli_check,
     "检查文件或已存数据,不写入 / check files or a stored year"},
    {"gen", cli_gen, "生成模拟数据 / generate synthetic data"},
    {"summary", cli_summary, "数据库概况 / what the database holds"},
    {"review", cli_review, "退出核查 / the exit review of a stored year"},
    {"funds", cli_funds,
     "扶贫资金与项目检查 / check the funds and the project library"},
    {"compare", cli_compare,
     "部门数据比对 / compare the registry with the departments' lists"},
    {"dept", cli_dept,
     "部门数据比对结果与入户核实 / the stored comparison, visit lists"},
    {"diff", cli_diff, "两年度间动态调整 / what changed between two years"},
    {"household", cli_household,
     "查看、修改一户及其修改记录 / show or edit a household, its history of edits"},
    {"rectify", cli_rectify,
     "问题清单与整改跟踪 / problem list and rectification tracking"},
    {"user", cli_user, "用户、角色与密码 / users, roles and passwords"},
    {"serve", cli_serve, "网页服务与 JSON 接口 / the web server and JSON API"},
    {"audit", cli_audit, "审计日志 / the audit log"},
    {"indicators", cli_indicators,
     "各级区划考核指标 / indicators of every region at every level"},
    {"org", cli_org, "发文机关、文号和落款 / the issuing details of documents"},
    {"report", cli_doc_report,
     "文书:明白卡、考核通报、整改报告、整改台账 / documents (PDF, XLSX)"},
    {"sample", cli_sample,
     "第三方评估抽样、调查表与估计 / third-party sampling and estimates"},
    {"standards", cli_standards,
     "标准值及其来源 / the standards in force and where they come from"},
    {"year", cli_year, "年度列表与删除(撤销错误导入) / list years, delete a wrong import"},
    {"template", cli_template,
     "导入模板(表头、格式、下拉列表、填写说明) / an import template to fill in"},
    {"scheme", cli_scheme, "考核方案:检查、查看 / check or show an assessment scheme"},
    {"assess", cli_assess,
     "综合评价:模板、计分、排名、说明 / score, rank and explain an assessment"},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *fp)
{
    fprintf(fp,
            "kaohe %s — 扶贫开发成效考核 / poverty-alleviation assessment\n\n"
            "用法 / usage: kaohe COMMAND [options]   (kaohe COMMAND --help)\n\n",
            KAOHE_VERSION);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(fp, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(fp, "\n退出码 / exit codes: 0 成功/无错误 ok, 1 数据有错误 errors "
                "in the data, 2 用法或系统错误 usage or system failure\n"
                "文档 / docs: docs/cli/\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_FAIL;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return CLI_OK;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("kaohe %s\n", KAOHE_VERSION);
        return CLI_OK;
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(cmd, commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    char zh[160], en[160];
    snprintf(zh, sizeof zh, "未知命令“%s”(kaohe --help 列出全部命令)", cmd);
    snprintf(en, sizeof en, "unknown command '%s' (kaohe --help lists them)", cmd);
    return cli_usage(zh, en);
}
