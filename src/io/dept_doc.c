/* SPDX-License-Identifier: MIT */
/*
 * dept_doc.c - the 入户核实清单 of a village (docs/dept.md): the 六不评
 * exclusion findings of 部门数据比对 to be verified by a visit, one row a
 * person with a blank for the result and the signature, as an XLSX sheet
 * or a PDF table (landscape). ID numbers are masked as on the 明白卡
 * (kaohe/mask.h: the last four kept); the text is plain Chinese.
 */
#include <stdio.h>
#include <string.h>

#include "kaohe/dept_doc.h"
#include "kaohe/encoding.h"
#include "kaohe/mask.h"
#include "kaohe/pdf.h"
#include "kaohe/tabwriter.h"

static const char *excl_zh(const char *code)
{
    static const char *const map[][2] = {
        {"dept_excl_staff", "财政供养人员"},
        {"dept_excl_company", "经营或持股企业"},
        {"dept_excl_vehicle", "拥有机动车"},
        {"dept_excl_realty", "城镇住房或商业用房"},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (!strcmp(code, map[i][0])) return map[i][1];
    return code;
}

void kh_dept_visit_row_fill(kh_dept_visit_row *r, long long id,
                            const char *code, const char *hh_id,
                            const char *id_no, const char *name,
                            const char *dept, const char *dept_value,
                            const char *visit, const char *reason)
{
    memset(r, 0, sizeof *r);
    r->id = id;
    snprintf(r->what, sizeof r->what, "%s", excl_zh(code));
    snprintf(r->hh_id, sizeof r->hh_id, "%s", hh_id);
    kh_mask_id(id_no, r->id_masked, sizeof r->id_masked);
    snprintf(r->name, sizeof r->name, "%s", name);
    snprintf(r->record, sizeof r->record, "%s:%s", dept, dept_value);
    snprintf(r->visit, sizeof r->visit, "%s", visit);
    snprintf(r->reason, sizeof r->reason, "%s", reason);
}

static const char *const visit_cols[] = {
    "编号", "户编号", "成员", "证件号码", "需核实事项", "部门记录",
    "核实结果(属实/不属实)", "理由", "核实人签字"};
#define NVCOLS (sizeof visit_cols / sizeof *visit_cols)

static void visit_cells(const kh_dept_visit_row *r, char id[24], const char *cells[NVCOLS])
{
    snprintf(id, 24, "%lld", r->id);
    cells[0] = id;
    cells[1] = r->hh_id;
    cells[2] = r->name;
    cells[3] = r->id_masked;
    cells[4] = r->what;
    cells[5] = r->record;
    cells[6] = r->visit;
    cells[7] = r->reason;
    cells[8] = "";
}

static int write_xlsx(const char *path, const char *title,
                      const kh_dept_visit_row *rows, size_t n, kh_error *err)
{
    kh_tabwriter *w;
    int rc = kh_tabwriter_open(path, KH_TAB_XLSX, KH_ENC_UTF8, &w, err);
    if (rc) return rc;
    const char *t[1] = {title};
    rc = kh_tabwriter_sheet(w, "入户核实清单", err);
    if (!rc) rc = kh_tabwriter_row(w, t, "h", 1, err);
    if (!rc) rc = kh_tabwriter_row(w, visit_cols, "hhhhhhhhh", NVCOLS, err);
    for (size_t i = 0; i < n && !rc; i++) {
        char id[24];
        const char *cells[NVCOLS];
        visit_cells(&rows[i], id, cells);
        rc = kh_tabwriter_row(w, cells, "nssssssss", NVCOLS, err);
    }
    kh_tabwriter_width(w, 5, 30);
    kh_tabwriter_width(w, 6, 18);
    if (rc) {
        kh_tabwriter_free(w);
        return rc;
    }
    return kh_tabwriter_close(w, err);
}

static int write_pdf(const char *path, const char *title, const char *sub,
                     const char *who, const char *now,
                     const kh_dept_visit_row *rows, size_t n, kh_error *err)
{
    kh_pdf_opts po;
    memset(&po, 0, sizeof po);
    po.title = title;
    po.author = who;
    po.made_at = now;
    po.footer = "入户核实清单";
    kh_pdf *d;
    int rc = kh_pdf_new(path, &po, &d, err);
    if (rc) return rc;
    rc = kh_pdf_page(d, KH_PDF_LANDSCAPE, err);
    if (!rc) rc = kh_pdf_title(d, title, sub, err);
    if (!rc)
        rc = kh_pdf_text(d, KH_PDF_BODY, KH_PDF_INDENT,
                         "以下人员在有关部门的数据中有“六不评”情形的记录,"
                         "请入户核实后填写核实结果:属实的,该户在下一年度"
                         "列为拟清退;不属实的,写明理由后关闭该问题。"
                         "本清单不作为清退的依据。",
                         err);
    kh_pdf_col cols[NVCOLS];
    static const double wd[NVCOLS] = {6, 14, 8, 16, 12, 26, 12, 14, 10};
    for (size_t i = 0; i < NVCOLS; i++) {
        cols[i].header = visit_cols[i];
        cols[i].width = wd[i];
        cols[i].align = KH_PDF_LEFT;
        cols[i].label = 0;
    }
    kh_pdf_table *t = NULL;
    if (!rc) rc = kh_pdf_table_begin(d, cols, NVCOLS, 1, &t, err);
    for (size_t i = 0; i < n && !rc; i++) {
        char id[24];
        const char *cells[NVCOLS];
        visit_cells(&rows[i], id, cells);
        rc = kh_pdf_table_row(t, cells, NVCOLS, NULL, err);
    }
    kh_pdf_table_end(t);
    if (!rc && !n)
        rc = kh_pdf_text(d, KH_PDF_BODY, 0, "本村没有需要入户核实的人员。", err);
    if (rc) {
        kh_pdf_abort(d);
        return rc;
    }
    return kh_pdf_finish(d, err);
}

int kh_dept_visit_doc(const char *path, int pdf, int year,
                      const char *village, const char *author,
                      const char *made_at, const kh_dept_visit_row *rows,
                      size_t n, kh_error *err)
{
    char title[64], subtitle[96];
    snprintf(title, sizeof title, "%d 年度入户核实清单", year);
    snprintf(subtitle, sizeof subtitle, "村:%s    共 %zu 人", village, n);
    return pdf ? write_pdf(path, title, subtitle, author, made_at, rows, n, err)
               : write_xlsx(path, title, rows, n, err);
}
