/* SPDX-License-Identifier: MIT */
/*
 * doc_publish.c - what every official document written from the record
 * shares (include/kaohe/doc.h): made, its body written, saved and freed in
 * one place; ending with the region's 联系人 line and the 落款 (the
 * 发文机关 and 落款日期 of kh_doc_ctx). The 考核通报, 考核报告, 整改方案
 * and 整改报告 use it.
 */
#include <stdio.h>

#include "kaohe/doc.h"
#include "kaohe/documents.h"

int kh_doc_sign(kh_doc *d, const kh_doc_ctx *c, int paren, kh_error *err)
{
    int rc = KH_OK;
    if (c->org.contact[0]) {
        char line[400];
        snprintf(line, sizeof line, paren ? "（%s）" : "%s。", c->org.contact);
        rc = kh_doc_para(d, line, err);
    }
    char issuer[300], date[64];
    kh_doc_issuer(c, issuer, sizeof issuer);
    kh_doc_date_zh(c, date, sizeof date);
    if (!rc) rc = kh_doc_signoff(d, issuer, date, err);
    return rc;
}

int kh_doc_publish(const char *kind, const char *title, const kh_doc_ctx *c,
                    int format, const char *path, kh_doc_body_fn body,
                    void *ctx, kh_error *err)
{
    kh_doc *d = NULL;
    int rc = kh_doc_new(kind, 1, &d, err);
    if (!rc) rc = body(d, ctx, err);
    if (rc && !err->status) kh_error_nomem(err);
    kh_doc_meta m = {title, c->who, c->when};
    if (!rc) rc = kh_doc_write(d, format, path, &m, err);
    kh_doc_free(d);
    return rc;
}
