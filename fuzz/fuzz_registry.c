/* SPDX-License-Identifier: MIT */
/*
 * fuzz_registry.c - the registry's check path, as `kaohe check` and the
 * import's first passes take it (kh_registry_read: the reader, the
 * grouping of rows into households, every rule of the checker), with the
 * built-in standards and no region list. Every finding's text must be
 * valid UTF-8. XLS inputs are left to fuzz_xls (they would start the
 * reading child process at every execution).
 */
#include "fz.h"
#include "kaohe/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20) || fz_is_xls(data, size)) return 0;
    const char *path = fz_file(data, size);
    kh_check_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.year = 2019;
    opts.today[0] = 2020, opts.today[1] = 6, opts.today[2] = 30;
    kh_checker *ck;
    kh_error err;
    kh_error_clear(&err);
    if (kh_checker_new(fz_std(), NULL, &opts, fz_finding, NULL, &ck, &err))
        abort();
    kh_load_sink sink = {NULL, NULL, NULL, NULL, NULL};
    if (kh_registry_read(path, ck, &sink, &err)) fz_error(&err);
    kh_checker_free(ck);
    return 0;
}
