/* SPDX-License-Identifier: MIT */
/*
 * cli_report.c - the findings report of `check` and `import`: text (one
 * line a finding, then a summary), JSON ({"findings": [...], "summary":
 * {...}}, streamed), CSV or XLSX (a sheet of findings and a summary sheet).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "kaohe/afile.h"
#include "kaohe/buf.h"
#include "kaohe/fmt.h"
#include "kaohe/check.h"
#include "kaohe/dept.h"
#include "kaohe/encoding.h"
#include "kaohe/label.h"
#include "kaohe/standard.h"
#include "kaohe/tabwriter.h"

typedef struct code_count {
    char code[48];
    long errors, warnings;
} code_count;

typedef struct file_info {
    char *file, *kind, *encoding;
    long rows, households;
} file_info;

struct cli_report {
    int format;
    int en;
    int words; /* the XLSX people read: names and Chinese only */
    kh_afile out;     /* text, JSON */
    kh_tabwriter *tw; /* CSV, XLSX */
    kh_buf buf;
    long n, errors, warnings;
    code_count *codes;
    size_t ncodes;
    file_info *files;
    size_t nfiles;
    int oom; /* a summary entry could not be kept: the report fails */
    /* the finding labels (kh_label_finding): the caller's standards, or
     * the default ones loaded when first needed */
    const kh_standard *std;
    kh_standard *own_std;
    int std_tried;
};

void cli_report_standard(cli_report *r, const kh_standard *std)
{
    r->std = std;
}

/* A finding code's Chinese name for the text report ("其他问题" when the
 * standards name none). */
static const char *label_of(cli_report *r, const char *code)
{
    if (!r->std && !r->std_tried) {
        r->std_tried = 1;
        r->std = r->own_std = cli_standard(NULL);
    }
    const char *l = kh_label_finding(r->std, code);
    return l ? l : "其他问题";
}

/* A file's kind and encoding in words: "逗号分隔文本，UTF-8 编码". */
static void kind_words(const char *kind, const char *enc, char *buf,
                       size_t n)
{
    static const struct {
        const char *k, *zh;
    } kinds[] = {{"regions", "区划表"}, {"csv", "逗号分隔文本（CSV）"},
                 {"xlsx", "XLSX 工作簿"}, {"xls", "XLS 工作簿"},
                 {"roster", "花名册"}, {"registry", "建档立卡表"}, {"survey", "调查表"}, {"?", "无法读取"}};
    const char *k = kind;
    char dk[160];
    const kh_dept_kind *d = kh_dept_kind_find(kind);
    if (d) { /* a department's list: the department */
        snprintf(dk, sizeof dk, "%s名单", d->dept);
        k = dk;
    }
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (!strcmp(kind, kinds[i].k)) k = kinds[i].zh;
    char e[32] = "";
    size_t j = 0;
    for (; enc[j] && j < sizeof e - 1; j++)
        e[j] = (char)(enc[j] >= 'a' && enc[j] <= 'z' ? enc[j] - 32 : enc[j]);
    e[j] = '\0';
    if (!strcmp(e, "UTF-8-BOM") || !strcmp(e, "UTF-8 BOM")) snprintf(e, sizeof e, "UTF-8");
    if (e[0])
        snprintf(buf, n, "%s，%s 编码", k, e);
    else
        snprintf(buf, n, "%s", k);
}

static const char *const cols[] = {"file", "row", "line", "column", "hh_id",
                                   "id_no", "code", "label", "severity",
                                   "message_zh", "message_en"};
#define NCOLS (sizeof cols / sizeof cols[0])
#define NCOLS_ZH 9

int cli_report_open(int format, const char *out, const char *lang,
                    cli_report **rp, kh_error *err)
{
    *rp = NULL;
    cli_report *r = calloc(1, sizeof *r);
    if (!r) return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    r->format = format;
    r->en = lang && strcmp(lang, "en") == 0;
    kh_buf_init(&r->buf, 0);
    int rc;
    if (format == CLI_FMT_CSV || format == CLI_FMT_XLSX) {
        if (format == CLI_FMT_XLSX && (!out || !strcmp(out, "-"))) {
            free(r);
            return kh_error_set(err, KH_ERR_USAGE, "usage",
                                "--format xlsx 需要用 -o 指定输出文件",
                                "--format xlsx needs -o FILE");
        }
        rc = kh_tabwriter_open(out ? out : "-", format == CLI_FMT_CSV ? KH_TAB_CSV : KH_TAB_XLSX,
                               KH_ENC_UTF8_BOM, &r->tw, err);
        if (!rc) rc = kh_tabwriter_sheet(r->tw, "问题清单", err);
        /* The sheet people read (XLSX in Chinese) has the problem's name
         * and the Chinese text only; CSV and --lang en keep the code and
         * the English text for programs. */
        r->words = format == CLI_FMT_XLSX && !r->en;
        static const char *const hdr_zh[] = {"文件", "数据行", "物理行", "列", "户编号",
                                             "证件号码", "问题", "严重程度", "说明"};
        static const double widths_zh[] = {16, 8, 8, 14, 18, 20, 24, 8, 60};
        static const double widths[] = {16, 8, 8, 14, 18, 20, 18, 24, 8, 50, 50};
        size_t nc = r->words ? NCOLS_ZH : NCOLS;
        for (size_t i = 0; i < nc; i++)
            kh_tabwriter_width(r->tw, i, r->words ? widths_zh[i] : widths[i]);
        if (!rc) rc = kh_tabwriter_row(r->tw, r->words ? hdr_zh : cols,
                                       "hhhhhhhhhhh", nc, err);
        if (!rc) kh_tabwriter_freeze(r->tw, 1, 0);
    } else {
        rc = kh_afile_open(&r->out, out, err);
        if (!rc && format == CLI_FMT_JSON) fputs("{\"findings\": [", r->out.fp);
    }
    if (rc) {
        kh_tabwriter_free(r->tw);
        kh_buf_free(&r->buf);
        free(r);
        return rc;
    }
    *rp = r;
    return KH_OK;
}

static void count_code(cli_report *r, const kh_finding *f)
{
    size_t i;
    for (i = 0; i < r->ncodes; i++)
        if (strcmp(r->codes[i].code, f->code) == 0) break;
    if (i == r->ncodes) {
        code_count *c = realloc(r->codes, (r->ncodes + 1) * sizeof *c);
        if (!c) {
            r->oom = 1;
            return;
        }
        r->codes = c;
        memset(&c[i], 0, sizeof c[i]);
        snprintf(c[i].code, sizeof c[i].code, "%s", f->code);
        r->ncodes++;
    }
    if (f->warning) r->codes[i].warnings++;
    else r->codes[i].errors++;
}

int cli_report_finding(cli_report *r, const kh_finding *f)
{
    r->n++;
    if (f->warning) r->warnings++;
    else r->errors++;
    count_code(r, f);
    kh_buf *b = &r->buf;
    kh_buf_reset(b);
    int rc = KH_OK;
    switch (r->format) {
    case CLI_FMT_TEXT:
        /* Where: a data row (第N行), the header (row 0 on a line), or
         * nothing of the file (a registered person a list lacks). */
        if (r->en) {
            char at[64] = "";
            if (f->row > 0)
                snprintf(at, sizeof at, " row %ld (line %ld)", f->row, f->line);
            else if (f->line > 0)
                snprintf(at, sizeof at, " header (line %ld)", f->line);
            rc = kh_buf_printf(b, "%s%s%s%s: %s [%s] %s\n", f->file, at,
                               f->column[0] ? " " : "", f->column,
                               f->warning ? "warning" : "error", f->code, f->en);
        } else {
            char at[64] = "";
            if (f->row <= 0 && f->line <= 0 && f->column[0] && f->file[0])
                snprintf(at, sizeof at, " ");
            else if (f->row > 0)
                snprintf(at, sizeof at, " 第%ld行（物理行%ld）", f->row, f->line);
            else if (f->line > 0)
                snprintf(at, sizeof at, " 表头（物理行%ld）", f->line);
            rc = kh_buf_printf(b, "%s%s%s：%s【%s】%s\n", f->file, at, f->column,
                               f->warning ? "警告" : "错误", label_of(r, f->code),
                               f->zh);
        }
        break;
    case CLI_FMT_JSON:
        rc = kh_buf_adds(b, r->n > 1 ? ",\n  {" : "\n  {");
        if (!rc) rc = kh_buf_adds(b, "\"file\": ");
        if (!rc) rc = kh_buf_json_str(b, f->file, strlen(f->file));
        if (!rc) rc = kh_buf_printf(b, ", \"row\": %ld, \"line\": %ld, \"column\": ", f->row, f->line);
        if (!rc) rc = kh_buf_json_str(b, f->column, strlen(f->column));
        if (!rc) rc = kh_buf_adds(b, ", \"hh_id\": ");
        if (!rc) rc = kh_buf_json_str(b, f->hh_id, strlen(f->hh_id));
        if (!rc) rc = kh_buf_adds(b, ", \"id_no\": ");
        if (!rc) rc = kh_buf_json_str(b, f->id_no, strlen(f->id_no));
        if (!rc) rc = kh_buf_printf(b, ", \"code\": \"%s\", \"severity\": \"%s\", \"message_zh\": ",
                                    f->code, f->warning ? "warning" : "error");
        if (!rc) rc = kh_buf_json_str(b, f->zh, strlen(f->zh));
        if (!rc) rc = kh_buf_adds(b, ", \"message_en\": ");
        if (!rc) rc = kh_buf_json_str(b, f->en, strlen(f->en));
        if (!rc) rc = kh_buf_adds(b, "}");
        break;
    default: {
        char row[24], line[24];
        snprintf(row, sizeof row, "%ld", f->row);
        snprintf(line, sizeof line, "%ld", f->line);
        /* the code with its name beside it; the severity in words in a
         * sheet people read (XLSX), as the code in CSV */
        kh_error e;
        if (r->words) {
            const char *cells[NCOLS_ZH] = {f->file, row, line, f->column,
                                           f->hh_id, f->id_no,
                                           label_of(r, f->code),
                                           f->warning ? "警告" : "错误", f->zh};
            return kh_tabwriter_row(r->tw, cells, "snnssssss", NCOLS_ZH, &e);
        }
        const char *cells[NCOLS] = {f->file, row, line, f->column, f->hh_id,
                                    f->id_no, f->code, label_of(r, f->code),
                                    f->warning ? "warning" : "error", f->zh, f->en};
        return kh_tabwriter_row(r->tw, cells, "snnssssssss", NCOLS, &e);
    }
    }
    if (rc) return rc;
    if (fwrite(b->data, 1, b->len, r->out.fp) != b->len) return KH_ERR_IO;
    return KH_OK;
}

void cli_report_file(cli_report *r, const char *file, const char *kind,
                     const char *encoding, long rows, long households)
{
    file_info *f = realloc(r->files, (r->nfiles + 1) * sizeof *f);
    if (!f) {
        r->oom = 1;
        return;
    }
    r->files = f;
    file_info *n = &f[r->nfiles];
    n->file = strdup(file);
    n->kind = strdup(kind);
    n->encoding = strdup(encoding);
    n->rows = rows;
    n->households = households;
    if (!n->file || !n->kind || !n->encoding) {
        free(n->file);
        free(n->kind);
        free(n->encoding);
        r->oom = 1;
        return;
    }
    r->nfiles++;
}

long cli_report_errors(const cli_report *r)
{
    return r->errors;
}

long cli_report_warnings(const cli_report *r)
{
    return r->warnings;
}

static void free_report(cli_report *r)
{
    for (size_t i = 0; i < r->nfiles; i++) {
        free(r->files[i].file);
        free(r->files[i].kind);
        free(r->files[i].encoding);
    }
    free(r->files);
    free(r->codes);
    kh_buf_free(&r->buf);
    kh_standard_free(r->own_std);
    free(r);
}

static int write_json_summary(cli_report *r)
{
    kh_buf *b = &r->buf;
    kh_buf_reset(b);
    long rows = 0, hh = 0;
    for (size_t i = 0; i < r->nfiles; i++) {
        rows += r->files[i].rows;
        hh += r->files[i].households;
    }
    int rc = kh_buf_printf(b, "%s],\n\"summary\": {\"errors\": %ld, \"warnings\": %ld, "
                           "\"rows\": %ld, \"households\": %ld, \"files\": [",
                           r->n ? "\n" : "", r->errors, r->warnings, rows, hh);
    for (size_t i = 0; i < r->nfiles && !rc; i++) {
        rc = kh_buf_adds(b, i ? ", {\"file\": " : "{\"file\": ");
        if (!rc) rc = kh_buf_json_str(b, r->files[i].file, strlen(r->files[i].file));
        if (!rc) rc = kh_buf_printf(b, ", \"kind\": \"%s\", \"encoding\": \"%s\", \"rows\": %ld, "
                                    "\"households\": %ld}", r->files[i].kind,
                                    r->files[i].encoding, r->files[i].rows,
                                    r->files[i].households);
    }
    if (!rc) rc = kh_buf_adds(b, "], \"by_code\": {");
    for (size_t i = 0; i < r->ncodes && !rc; i++)
        rc = kh_buf_printf(b, "%s\"%s\": %ld", i ? ", " : "", r->codes[i].code,
                           r->codes[i].errors + r->codes[i].warnings);
    /* the codes' Chinese names beside them */
    if (!rc) rc = kh_buf_adds(b, "}, \"labels\": {");
    for (size_t i = 0; i < r->ncodes && !rc; i++) {
        const char *l = label_of(r, r->codes[i].code);
        rc = kh_buf_printf(b, "%s\"%s\": ", i ? ", " : "", r->codes[i].code);
        if (!rc) rc = kh_buf_json_str(b, l, strlen(l));
    }
    if (!rc) rc = kh_buf_adds(b, "}}}\n");
    if (rc) return rc;
    return fwrite(b->data, 1, b->len, r->out.fp) == b->len ? KH_OK : KH_ERR_IO;
}

static void write_text_summary(cli_report *r)
{
    FILE *fp = r->out.fp;
    for (size_t i = 0; i < r->nfiles; i++) {
        const file_info *f = &r->files[i];
        if (r->en) {
            fprintf(fp, "%s: %s, %s, %ld rows, %ld households\n", f->file,
                    f->kind, f->encoding, f->rows, f->households);
        } else {
            char k[256], rows[32], hh[32];
            kind_words(f->kind, f->encoding, k, sizeof k);
            kh_fmt_int(f->rows, rows, sizeof rows);
            kh_fmt_int(f->households, hh, sizeof hh);
            fprintf(fp, "%s：%s，%s 行，%s 户\n", f->file, k, rows, hh);
        }
    }
    for (size_t i = 0; i < r->ncodes; i++) {
        const code_count *c = &r->codes[i];
        if (r->en)
            fprintf(fp, "  %-24s %ld\n", c->code, c->errors + c->warnings);
        else
            fprintf(fp, "  %s\t%ld 处\n", label_of(r, c->code),
                    c->errors + c->warnings);
    }
    if (r->en)
        fprintf(fp, "%ld errors, %ld warnings\n", r->errors, r->warnings);
    else
        fprintf(fp, "错误 %ld 个，警告 %ld 个\n", r->errors, r->warnings);
}

int cli_report_close(cli_report *r, kh_error *err)
{
    int rc = KH_OK;
    if (r->oom) {
        cli_report_abort(r);
        return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足,报告未写出",
                            "out of memory; the report was not written");
    }
    if (r->tw) {
        if (r->format == CLI_FMT_XLSX) {
            rc = kh_tabwriter_sheet(r->tw, "汇总", err);
            /* in Chinese: the problem's name, no code */
            size_t skip = r->words ? 1 : 0;
            static const char *const h_en[] = {"code", "label", "errors",
                                               "warnings"};
            static const char *const h_zh[] = {"", "问题", "错误", "警告"};
            if (!rc)
                rc = kh_tabwriter_row(r->tw, (r->en ? h_en : h_zh) + skip,
                                      "hhhh", 4 - skip, err);
            for (size_t i = 0; i < r->ncodes && !rc; i++) {
                char e[24], w[24];
                snprintf(e, sizeof e, "%ld", r->codes[i].errors);
                snprintf(w, sizeof w, "%ld", r->codes[i].warnings);
                const char *row[] = {r->codes[i].code,
                                     label_of(r, r->codes[i].code), e, w};
                rc = kh_tabwriter_row(r->tw, row + skip, "ssnn" + skip,
                                      4 - skip, err);
            }
        }
        if (rc) kh_tabwriter_free(r->tw);
        else rc = kh_tabwriter_close(r->tw, err);
    } else {
        if (r->format == CLI_FMT_JSON) rc = write_json_summary(r);
        else write_text_summary(r);
        if (rc) {
            kh_afile_abort(&r->out);
            kh_error_set(err, KH_ERR_IO, "io", "写入报告失败", "cannot write the report");
        } else {
            rc = kh_afile_commit(&r->out, err);
        }
    }
    free_report(r);
    return rc;
}

void cli_report_abort(cli_report *r)
{
    if (!r) return;
    if (r->tw) kh_tabwriter_free(r->tw);
    else kh_afile_abort(&r->out);
    free_report(r);
}
