/* SPDX-License-Identifier: MIT */
/*
 * cli_doc_report.c - `kaohe report DOCUMENT ...`: the documents people
 * hand on, as PDF over kaohe/pdf.h (docs/documents.md). The first one is
 * `kaohe report card`, the 扶贫明白卡: one A4 page per household of a
 * village, the whole village in one file. (cli_report.c is something
 * else: the findings report of check and import.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "kaohe/card.h"
#include "kaohe/pdf.h"
#include "kaohe/standard.h"
#include "kaohe/store.h"

static const char *const usage_text =
    "kaohe report card --year YYYY --village CODE [-o FILE.pdf] [--db FILE]\n"
    "                  [--standards FILE]\n"
    "  扶贫明白卡:一户一页,一个村一个 PDF 文件(默认 明白卡-CODE-YYYY.pdf)。\n"
    "  The 扶贫明白卡 of every household of a village, one page each, in one\n"
    "  PDF (default 明白卡-CODE-YYYY.pdf). docs/cli/report.md\n"
    "kaohe report rectify -o FILE.pdf|FILE.xlsx [--region CODE] [--year Y]\n"
    "  整改报告,由整改台账生成 / the rectification report, from the record\n"
    "kaohe report tongbao --scheme S --year Y --level L [--version N] [-o FILE.pdf]\n"
    "  考核通报:排名、等次、否决情形及后果、图表 / the assessment notice\n"
    "kaohe report ledger -o FILE.xlsx [--region CODE]\n"
    "  整改台账(问题、责任、整改清单和整改时限)/ the four lists\n";

/* `report rectify|ledger ARGS` is `rectify report|ledger ARGS`. */
static int via_rectify(const char *sub, int argc, char **argv)
{
    char **v = calloc((size_t)argc + 1, sizeof *v);
    if (!v) return cli_usage("内存不足", "out of memory");
    v[0] = "rectify";
    v[1] = (char *)sub;
    for (int i = 2; i < argc; i++) v[i] = argv[i];
    int rc = cli_rectify(argc, v);
    free(v);
    return rc;
}

/* "12,345.60 元" from 分; "—" when not known. */
static const char *money(char buf[64], const kh_card_household *h, int k)
{
    if (!(h->money_set & (1u << k))) return "—";
    long long f = h->money[k];
    unsigned long long a = f < 0 ? 0ULL - (unsigned long long)f
                                 : (unsigned long long)f;
    char digits[32], grouped[32];
    int n = snprintf(digits, sizeof digits, "%llu", a / 100);
    size_t j = 0;
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0) grouped[j++] = ',';
        grouped[j++] = digits[i];
    }
    grouped[j] = '\0';
    snprintf(buf, 64, "%s%s.%02llu 元", f < 0 ? "-" : "", grouped, a % 100);
    return buf;
}

static const char *or_dash(const char *s)
{
    return s && *s ? s : "—";
}

static const char *yes_no(int v)
{
    return v < 0 ? "—" : v ? "是" : "否";
}

typedef struct card_ctx {
    kh_pdf *pdf;
    int year;
    const char *address;
    long long line; /* the year's poverty line, 分; -1 unknown */
    long long households;
} card_ctx;

static int card_page(void *vctx, const kh_card_household *h, kh_error *err)
{
    card_ctx *c = vctx;
    kh_pdf *d = c->pdf;
    char t1[64], t2[64], t3[64], t4[64];
    const char *head = NULL;
    for (size_t i = 0; i < h->nmembers && !head; i++)
        if (!strcmp(h->members[i].relation, "户主")) head = h->members[i].name;
    if (!head) head = h->nmembers ? h->members[0].name : "";

    int rc = kh_pdf_page(d, KH_PDF_PORTRAIT, err);
    snprintf(t1, sizeof t1, "（%d 年度）", c->year);
    if (!rc) rc = kh_pdf_title(d, "扶贫明白卡", t1, err);

    /* 一、家庭基本情况: a form of three label/value pairs a row */
    static const kh_pdf_col form6[] = {
        {NULL, 13, KH_PDF_CENTER, 1}, {NULL, 24, KH_PDF_CENTER, 0},
        {NULL, 13, KH_PDF_CENTER, 1}, {NULL, 21, KH_PDF_CENTER, 0},
        {NULL, 13, KH_PDF_CENTER, 1}, {NULL, 16, KH_PDF_CENTER, 0}};
    kh_pdf_table *t = NULL;
    if (!rc) rc = kh_pdf_heading(d, "一、家庭基本情况", err);
    if (!rc) rc = kh_pdf_table_begin(d, form6, 6, 0, &t, err);
    snprintf(t1, sizeof t1, "%zu 人", h->nmembers);
    const char *r1[] = {"户编号", h->hh_id, "户主姓名", head, "家庭人口", t1};
    if (!rc) rc = kh_pdf_table_row(t, r1, 6, NULL, err);
    if (h->year_in) snprintf(t1, sizeof t1, "%d", h->year_in);
    else snprintf(t1, sizeof t1, "—");
    if (h->year_out) snprintf(t2, sizeof t2, "%d", h->year_out);
    else snprintf(t2, sizeof t2, "—");
    const char *r2[] = {"户状态", or_dash(h->status), "识别年度", t1,
                        "脱贫年度", t2};
    if (!rc) rc = kh_pdf_table_row(t, r2, 6, NULL, err);
    const char *r3[] = {"贫困户属性", or_dash(h->hh_type), "致贫原因",
                        or_dash(h->cause), "联系电话", or_dash(h->phone)};
    if (!rc) rc = kh_pdf_table_row(t, r3, 6, NULL, err);
    if (*h->housing) snprintf(t1, sizeof t1, "%s 级", h->housing);
    else snprintf(t1, sizeof t1, "—");
    const char *r4[] = {"住房安全", t1, "饮水安全", yes_no(h->water_safe),
                        "易地搬迁", yes_no(h->relocated)};
    if (!rc) rc = kh_pdf_table_row(t, r4, 6, NULL, err);
    const char *r5[] = {"家庭住址", or_dash(c->address)};
    if (!rc) rc = kh_pdf_table_row(t, r5, 2, NULL, err);
    kh_pdf_table_end(t);
    t = NULL;

    /* 二、家庭成员 */
    static const kh_pdf_col mcols[] = {
        {"序号", 10.5, KH_PDF_CENTER, 0},   {"姓名", 17.5, KH_PDF_CENTER, 0},
        {"性别", 10.5, KH_PDF_CENTER, 0},   {"与户主关系", 21, KH_PDF_CENTER, 0},
        {"证件号码", 39, KH_PDF_CENTER, 0}, {"年龄", 10.5, KH_PDF_CENTER, 0},
        {"健康状况", 21, KH_PDF_CENTER, 0}, {"劳动技能", 22, KH_PDF_CENTER, 0},
        {"在校生状况", 21, KH_PDF_CENTER, 0}};
    if (!rc) rc = kh_pdf_heading(d, "二、家庭成员情况", err);
    if (!rc) rc = kh_pdf_table_begin(d, mcols, 9, 1, &t, err);
    for (size_t i = 0; i < h->nmembers && !rc; i++) {
        const kh_card_member *m = &h->members[i];
        char seq[24], masked[64], age[16];
        snprintf(seq, sizeof seq, "%zu", i + 1);
        kh_card_mask_id(m->id_no, masked, sizeof masked);
        int a = kh_card_age(m->id_no, m->birth, c->year);
        if (a >= 0) snprintf(age, sizeof age, "%d", a);
        else snprintf(age, sizeof age, "—");
        const char *r[] = {seq, m->name, or_dash(m->sex), or_dash(m->relation),
                           masked, age, or_dash(m->health),
                           or_dash(m->labour), or_dash(m->schooling)};
        rc = kh_pdf_table_row(t, r, 9, NULL, err);
    }
    kh_pdf_table_end(t);
    t = NULL;

    /* 三、收入 */
    static const kh_pdf_col form4[] = {
        {NULL, 20, KH_PDF_CENTER, 1}, {NULL, 30, KH_PDF_RIGHT, 0},
        {NULL, 20, KH_PDF_CENTER, 1}, {NULL, 30, KH_PDF_RIGHT, 0}};
    snprintf(t1, sizeof t1, "三、家庭收入情况（%d 年）", c->year);
    if (!rc) rc = kh_pdf_heading(d, t1, err);
    if (!rc) rc = kh_pdf_table_begin(d, form4, 4, 0, &t, err);
    const char *i1[] = {"工资性收入", money(t3, h, KH_M_WAGE),
                        "生产经营性收入", money(t4, h, KH_M_BUSINESS)};
    if (!rc) rc = kh_pdf_table_row(t, i1, 4, NULL, err);
    const char *i2[] = {"财产性收入", money(t3, h, KH_M_PROPERTY),
                        "转移性收入", money(t4, h, KH_M_TRANSFER)};
    if (!rc) rc = kh_pdf_table_row(t, i2, 4, NULL, err);
    const char *i3[] = {"其中：低保金", money(t3, h, KH_M_DIBAO),
                        "其中：特困供养金", money(t4, h, KH_M_TEKUN)};
    if (!rc) rc = kh_pdf_table_row(t, i3, 4, NULL, err);
    const char *i4[] = {"生产经营性支出", money(t3, h, KH_M_EXP_BUSINESS),
                        "人均纯收入", money(t4, h, KH_M_INCOME_PC)};
    if (!rc) rc = kh_pdf_table_row(t, i4, 4, NULL, err);
    if (c->line >= 0) {
        kh_card_household lh;
        memset(&lh, 0, sizeof lh);
        lh.money[0] = c->line;
        lh.money_set = 1;
        snprintf(t1, sizeof t1, "%d 年扶贫标准", c->year);
        const char *i5[] = {t1, money(t3, &lh, 0)};
        if (!rc) rc = kh_pdf_table_row(t, i5, 2, NULL, err);
    }
    kh_pdf_table_end(t);
    t = NULL;

    /* 四、帮扶措施 and 五、帮扶责任人 */
    char measures[1024];
    size_t j = 0;
    for (const char *p = h->measures; *p && j + 4 < sizeof measures; p++) {
        if (*p == ';') {
            memcpy(measures + j, "、", 3); /* U+3001 */
            j += 3;
        } else {
            measures[j++] = *p;
        }
    }
    measures[j] = '\0';
    static const kh_pdf_col form2[] = {{NULL, 20, KH_PDF_CENTER, 1},
                                       {NULL, 80, KH_PDF_LEFT, 0}};
    if (!rc) rc = kh_pdf_heading(d, "四、帮扶措施", err);
    if (!rc) rc = kh_pdf_table_begin(d, form2, 2, 0, &t, err);
    const char *s1[] = {"帮扶措施", or_dash(measures)};
    if (!rc) rc = kh_pdf_table_row(t, s1, 2, NULL, err);
    kh_pdf_table_end(t);
    t = NULL;
    static const kh_pdf_col form4c[] = {
        {NULL, 20, KH_PDF_CENTER, 1}, {NULL, 30, KH_PDF_CENTER, 0},
        {NULL, 20, KH_PDF_CENTER, 1}, {NULL, 30, KH_PDF_CENTER, 0}};
    if (!rc) rc = kh_pdf_heading(d, "五、帮扶责任人", err);
    if (!rc) rc = kh_pdf_table_begin(d, form4c, 4, 0, &t, err);
    const char *s2[] = {"帮扶责任人", or_dash(h->helper), "最近走访日期",
                        or_dash(h->last_visit)};
    if (!rc) rc = kh_pdf_table_row(t, s2, 4, NULL, err);
    kh_pdf_table_end(t);

    kh_pdf_space(d, 8);
    if (!rc)
        rc = kh_pdf_text(d, KH_PDF_BODY, KH_PDF_LEFT,
                         "户主（签字）：__________    "
                         "帮扶责任人（签字）：__________    "
                         "    年  月  日", err);
    kh_pdf_space(d, 4);
    if (!rc)
        rc = kh_pdf_text(d, KH_PDF_SMALL, KH_PDF_LEFT,
                         "说明：本卡依据建档立卡数据生成，证件号码已隐去中间"
                         "十位；如有不符，请向村委会或帮扶责任人反映。", err);
    c->households++;
    return rc;
}

static int report_card(int argc, char **argv)
{
    const char *db = "kaohe.db", *year_s = NULL, *village = NULL,
               *outpath = NULL, *std_path = NULL;
    for (int i = 1; i < argc; i++) {
        int m;
        if ((m = cli_opt(argc, argv, &i, "--db", &db)) ||
            (m = cli_opt(argc, argv, &i, "--year", &year_s)) ||
            (m = cli_opt(argc, argv, &i, "--village", &village)) ||
            (m = cli_opt(argc, argv, &i, "--standards", &std_path)) ||
            (m = cli_opt(argc, argv, &i, "-o", &outpath))) {
            if (m < 0) return CLI_FAIL;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage_text, stdout);
            return CLI_OK;
        } else {
            return cli_usage("未知参数(kaohe report --help)",
                             "unknown argument (kaohe report --help)");
        }
    }
    if (!year_s || !village)
        return cli_usage("需要 --year 和 --village",
                         "--year and --village are both required");
    char *end;
    long year = strtol(year_s, &end, 10);
    if (*end || end == year_s || year < 1900 || year > 9999)
        return cli_usage("--year 须为四位年份", "--year must be a year (YYYY)");
    if (strlen(village) != 12 || strspn(village, "0123456789") != 12)
        return cli_usage("--village 须为 12 位行政区划代码",
                         "--village must be a 12-digit region code");
    char defpath[96];
    if (!outpath) {
        snprintf(defpath, sizeof defpath, "明白卡-%s-%ld.pdf", village, year);
        outpath = defpath;
    }
    struct kh_standard *std = cli_standard(std_path);
    if (!std) return CLI_FAIL;
    card_ctx c;
    memset(&c, 0, sizeof c);
    c.year = (int)year;
    if (kh_standard_poverty_line(std, c.year, &c.line)) c.line = -1;
    kh_standard_free(std);

    kh_error err;
    kh_error_clear(&err);
    kh_store *s;
    if (kh_store_open(db, KH_STORE_READONLY, &s, &err))
        return cli_report_error(&err);
    char address[640], title[800], footer[800];
    kh_store_region_path(s, village, " ", address, sizeof address);
    /* the village's own name: the last of the path */
    const char *vn = strrchr(address, ' ');
    vn = vn ? vn + 1 : address;
    snprintf(title, sizeof title, "扶贫明白卡 %s %ld 年度", *vn ? vn : village,
             year);
    snprintf(footer, sizeof footer, "扶贫明白卡 · %s（%s） · %ld 年度",
             *vn ? vn : "", village, year);
    c.address = address;
    char user[128], when[32];
    cli_maker(user, when);
    kh_pdf_opts po = {title, user, when, footer, {12, 18, 16, 18}};
    int rc = kh_pdf_new(outpath, &po, &c.pdf, &err);
    if (!rc) {
        kh_pdf_set_style(c.pdf, KH_PDF_TITLE, NULL, 24, 1);
        kh_pdf_set_style(c.pdf, KH_PDF_HEADING, NULL, 11.5, 1);
        kh_pdf_set_padding(c.pdf, 1.5, 1.1);
        kh_pdf_set_style(c.pdf, KH_PDF_CELL, NULL, 10, 0);
        kh_pdf_set_style(c.pdf, KH_PDF_CELL_HEAD, NULL, 10, 1);
        long long n;
        rc = kh_store_card_each(s, c.year, village, card_page, &c, &n, &err);
        int pages = kh_pdf_page_count(c.pdf);
        if (rc) kh_pdf_abort(c.pdf);
        else rc = kh_pdf_finish(c.pdf, &err);
        if (!rc && strcmp(outpath, "-"))
            printf("已生成 %s:%lld 户,%d 页\nwrote %s: %lld households, "
                   "%d pages\n",
                   outpath, c.households, pages, outpath, c.households, pages);
    }
    kh_store_close(s);
    return rc ? cli_report_error(&err) : CLI_OK;
}

int cli_doc_report(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_FAIL : CLI_OK;
    }
    if (!strcmp(argv[1], "card")) return report_card(argc - 1, argv + 1);
    if (!strcmp(argv[1], "tongbao")) return cli_report_tongbao(argc - 1, argv + 1);
    if (!strcmp(argv[1], "rectify")) return via_rectify("report", argc, argv);
    if (!strcmp(argv[1], "ledger")) return via_rectify("ledger", argc, argv);
    char zh[160], en[160];
    snprintf(zh, sizeof zh, "未知文档“%s”(kaohe report --help)", argv[1]);
    snprintf(en, sizeof en, "unknown document '%s' (kaohe report --help)",
             argv[1]);
    return cli_usage(zh, en);
}
