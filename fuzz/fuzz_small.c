/* SPDX-License-Identifier: MIT */
/*
 * fuzz_small.c - the small parsers every reader leans on: dates
 * (kh_date_parse), ID numbers (kh_idcard_parse), money (kh_money_parse),
 * exact fractions (kh_q_parse) and level names (kh_level_parse). Beyond
 * the sanitizers, each result is checked against its own contract: a
 * parsed date is a real date that formats and parses back to itself and
 * survives the day count's round trip; an ID that parses has 18
 * characters, a real birth date and the check character its digits
 * give; money parses to what it prints back; a fraction has a positive
 * denominator.
 */
#include "fz.h"
#include "kaohe/date.h"
#include "kaohe/idcard.h"
#include "kaohe/registry.h"
#include "kaohe/scheme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096) return 0;
    const char *s = (const char *)data;
    int y, m, d;
    if (kh_date_parse(s, size, &y, &m, &d) == 0) {
        if (!kh_date_valid(y, m, d)) abort();
        char out[11];
        kh_date_format(out, y, m, d);
        int y2, m2, d2;
        if (kh_date_parse(out, strlen(out), &y2, &m2, &d2) != 0 ||
            y2 != y || m2 != m || d2 != d)
            abort();
        kh_date_from_days(kh_date_days(y, m, d), &y2, &m2, &d2);
        if (y2 != y || m2 != m || d2 != d) abort();
    }
    kh_idcard id;
    int r = kh_idcard_parse(s, size, &id);
    if (r == KH_ID_OK) {
        if (strlen(id.norm) != 18 || !kh_date_valid(id.year, id.month, id.day) ||
            kh_idcard_check_char(id.norm) != id.norm[17])
            abort();
    }
    int64_t fen;
    if (kh_money_parse(s, size, &fen) == 0) {
        char buf[48];
        int64_t a = fen < 0 ? -fen : fen, back;
        snprintf(buf, sizeof buf, "%s%lld.%02lld", fen < 0 ? "-" : "",
                 (long long)(a / 100), (long long)(a % 100));
        if (fen != INT64_MIN &&
            (kh_money_parse(buf, strlen(buf), &back) != 0 || back != fen)) {
            fprintf(stderr, "fz: money %lld printed %s reads back %lld\n",
                    (long long)fen, buf, (long long)back);
            abort();
        }
    }
    kh_q q;
    if (kh_q_parse(s, size, &q) == 0 && q.den <= 0) abort();
    (void)kh_level_parse(s, size);
    return 0;
}
