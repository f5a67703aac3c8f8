/* SPDX-License-Identifier: MIT */
/*
 * fuzz_inputs.c - reading an assessment inputs file (`kaohe assess run
 * --inputs`, the 考核组's sheet; read_inputs in src/app/assess_run.c,
 * compiled into this harness so that its file-local reader can be called
 * alone, without a database).
 */
#include "fz.h"

#include "../src/app/assess_run.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20) || fz_is_xls(data, size)) return 0;
    const char *path = fz_file(data, size);
    inputs in;
    kh_error err;
    kh_error_clear(&err);
    /* no note callback: the headings read through [alias.inputs] are
     * read, not said */
    kh_assess_req req;
    memset(&req, 0, sizeof req);
    /* the schemes whose input labels a header may name: the Hebei city
     * scheme and the county scheme it rolls up, loaded once */
    static kh_scheme_set *set;
    static const kh_scheme *list[32];
    static size_t nl;
    if (!set) {
        const char *names[1] = {"hebei-city-2016"};
        const kh_scheme *s = NULL;
        if (kh_assess_load_schemes(names, 1, KH_LV_CITY, &set, &s, &err))
            abort();
        nl = kh_assess_schemes(set, s, list, 0, 32);
    }
    if (read_inputs(&req, fz_std(), list, nl, path, "inputs.csv", &in, &err))
        fz_error(&err);
    else inputs_free(&in);
    return 0;
}
