/* SPDX-License-Identifier: MIT */
/*
 * fuzz_scheme.c - the text formats kaohe parses itself: a scheme file
 * (kh_scheme_parse, docs/schemes.md) when the first byte is even, a
 * standards file (kh_standard_load over the built-in standards,
 * docs/standards.md) when it is odd. Errors must be valid UTF-8; nothing
 * may leak (issue #18: a second source, an adjustment under a scored
 * item). The defaults a standards file is loaded on are made again only
 * after a file was accepted (that is what made this harness slow).
 */
#include "fz.h"
#include "kaohe/scheme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > (256u << 10)) return 0;
    kh_error err;
    kh_error_clear(&err);
    const char *text = (const char *)data + 1;
    size_t n = size - 1;
    if (data[0] & 1) {
        /* The built-in standards are parsed again only after a file was
         * loaded on them: a file refused changes nothing (kh_standard_load
         * checks the whole file before it applies any of it), so the
         * same defaults serve the next input. That promise is checked
         * too: a refused file leaves no overlay. */
        static kh_standard *std;
        if (!std && kh_standard_new(&std, &err)) abort();
        size_t before, after;
        kh_standard_overlays(std, &before);
        if (kh_standard_load(std, text, n, "fuzz.std", &err)) {
            fz_error(&err);
            kh_standard_overlays(std, &after);
            if (after != before) {
                fprintf(stderr, "fz: a refused standards file changed them\n");
                abort();
            }
        } else {
            kh_standard_free(std);
            std = NULL;
        }
    } else {
        kh_scheme *s = NULL;
        if (kh_scheme_parse(text, n, "fuzz.scheme", &s, &err)) fz_error(&err);
        kh_scheme_free(s);
    }
    return 0;
}
