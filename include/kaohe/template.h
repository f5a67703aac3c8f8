/* SPDX-License-Identifier: MIT */
/*
 * template.h - the import templates offices fill in (`kaohe template`): an
 * XLSX whose first sheet has the header row of a kind of file kaohe
 * imports, its cells formatted as they must be (ID numbers, codes and
 * phones as text, so that Excel cannot round them; dates as dates), drop-
 * down lists from the standards file's category lists, and the rules of
 * each column on a second sheet. A template filled in by a person imports
 * without a finding (tests/e2e/template.sh).
 */
#ifndef KAOHE_TEMPLATE_H
#define KAOHE_TEMPLATE_H

#include "kaohe/error.h"
#include "kaohe/standard.h"

enum kh_template_kind {
    KH_TPL_REGISTRY,
    KH_TPL_REGIONS,
    KH_TPL_ROSTER,
    KH_TPL_SURVEY,
    KH_TPL_PLAN /* the rectification plan (整改清单), kaohe/plancol.h */
};

/* "registry", "regions", "roster", "survey", "plan" -> enum
 * kh_template_kind; -1. */
int kh_template_kind_parse(const char *name);

/*
 * Write the template of kind to path (an XLSX), all or nothing: it is
 * written beside path and renamed into place. Errors name the path.
 */
int kh_template_write(const kh_standard *std, int kind, const char *path,
                      kh_error *err) KH_WUR;

#endif
