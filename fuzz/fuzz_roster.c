/* SPDX-License-Identifier: MIT */
/*
 * fuzz_roster.c - the 第三方评估 files as `kaohe import roster` and
 * `kaohe import survey` read them (src/cli/cli_import_sample.c): the
 * table, the header mapped with kh_sheet_header, each row checked with
 * kh_roster_row (first byte even) or kh_survey_row_check (odd).
 */
#include "fz.h"
#include "kaohe/header.h"
#include "kaohe/survey.h"
#include "kaohe/table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > (1u << 20)) return 0;
    int survey = data[0] & 1;
    data++, size--;
    if (fz_is_xls(data, size)) return 0;
    const char *path = fz_file(data, size);
    kh_table *t;
    kh_error err;
    kh_error_clear(&err);
    if (kh_table_open(path, &t, &err)) {
        fz_error(&err);
        return 0;
    }
    int ncols = survey ? KH_SV_COUNT : KH_RO_COUNT;
    int pos[64];
    if (ncols > 64) abort();
    const kh_row *r;
    int rc, header = 1;
    long errors = 0;
    while (!(rc = kh_table_next(t, &r, &err)) && r) {
        if (header) {
            header = 0;
            if (kh_sheet_header(fz_std(), survey ? KH_HDR_SURVEY
                                                 : KH_HDR_ROSTER,
                                "f.csv", r, pos, fz_finding,
                                NULL, &errors))
                break;
            continue;
        }
        long e = 0;
        if (survey) {
            kh_survey_row out;
            kh_survey_obs obs;
            if (kh_survey_row_check(fz_std(), "f.csv", pos, r, &out, &obs,
                                    fz_finding, NULL, &e))
                break;
        } else {
            kh_roster_hh out;
            char idbuf[19];
            if (kh_roster_row(fz_std(), NULL, "f.csv", pos, r, &out, idbuf,
                              fz_finding, NULL, &e))
                break;
        }
    }
    if (rc) fz_error(&err);
    kh_table_free(t);
    return 0;
}
