/* SPDX-License-Identifier: MIT */
/* card.c - how the 扶贫明白卡 shows a person: masked ID numbers, ages. */
#include <stdio.h>
#include <string.h>

#include "kaohe/card.h"
#include "kaohe/date.h"
#include "kaohe/idcard.h"
#include "kaohe/mask.h"

void kh_card_mask_id(const char *id, char *out, size_t outsz)
{
    kh_mask_id(id, out, outsz); /* the one policy (kaohe/mask.h) */
}

int kh_card_age(const char *id_no, const char *birth, int year)
{
    kh_idcard c;
    int y, m, d;
    if (id_no && strlen(id_no) == 18 &&
        kh_idcard_parse(id_no, 18, &c) != KH_ID_FORMAT &&
        kh_date_valid(c.year, c.month, c.day)) {
        y = c.year, m = c.month, d = c.day;
    } else if (!birth || kh_date_parse(birth, strlen(birth), &y, &m, &d)) {
        return -1;
    }
    int age = kh_date_age(y, m, d, year, 12, 31);
    return age < 0 ? -1 : age;
}
