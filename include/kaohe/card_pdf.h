/* SPDX-License-Identifier: MIT */
/*
 * card_pdf.h - the 扶贫明白卡 of a village as PDF, for `kaohe report card`
 * and GET /api/reports/card (src/io/card_pdf.c). The writer takes the
 * households one at a time (kh_card_pdf_page has the shape of kh_card_fn,
 * so the store's kh_store_card_each feeds it directly); the use case in
 * src/app/documents.c joins the two.
 */
#ifndef KAOHE_CARD_PDF_H
#define KAOHE_CARD_PDF_H

#include "kaohe/card.h"
#include "kaohe/error.h"

typedef struct kh_card_writer kh_card_writer;

/*
 * Start the cards of village (12-digit code) of year, to be written to
 * path (atomically). address: the village's full address, its parts
 * separated by " " (the last is the village's name). line: the year's
 * poverty line in 分 (-1 unknown, the row is left out). mask_phone: print
 * phones masked (138****5678). Every page's footer names author and
 * when. Caller owns *out: finish or abort it.
 */
int kh_card_pdf_begin(const char *path, int year, const char *village,
                      const char *address, long long line, int mask_phone,
                      const char *author, const char *when,
                      kh_card_writer **out /* OUT */, kh_error *err) KH_WUR;
/* One household's page; writer is a kh_card_writer (a kh_card_fn). */
int kh_card_pdf_page(void *writer, const kh_card_household *h,
                     kh_error *err) KH_WUR;
/* Write the file; *households and *pages (may be NULL) get what was
 * written. Frees w in every case. */
int kh_card_pdf_finish(kh_card_writer *w, long long *households, int *pages,
                       kh_error *err) KH_WUR;
/* Drop it: nothing is written. NULL is a no-op. */
void kh_card_pdf_abort(kh_card_writer *w);

#endif
