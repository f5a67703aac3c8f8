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
    if (read_inputs(&req, fz_std(), path, "inputs.csv", &in, &err))
        fz_error(&err);
    else inputs_free(&in);
    return 0;
}
