/* SPDX-License-Identifier: MIT */
/*
 * fuzz_edit.c - the household edit's request body (POST
 * /api/households/YEAR/HH_ID, docs/http-api.md): the JSON applied to a
 * household of three members by the use case's own apply()
 * (src/app/household.c, which the server and `kaohe household edit`
 * share), compiled into
 * this harness so that it runs without a server or a database. The
 * oracle: a refusal's 422 reply can always be built (issue #18: a field
 * name cut inside a character made it impossible, and the server closed
 * the connection without an answer), and the rows after an edit hold
 * valid UTF-8 within the value limit.
 */
#include "fz.h"

#include "../src/app/household.c"

static void household(ed_rows *e)
{
    for (int i = 0; i < 3; i++) {
        ed_row *r = rows_push(e);
        if (!r) abort();
        r->seq = i + 1;
        r->row = r->line = i + 2;
        for (int c = 0; c < KH_C_COUNT; c++)
            if (!(r->v[c] = strdup(c == KH_C_HH_ID ? "H001" : "1"))) abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (64u << 10)) return 0;
    json_t *body = json_loadb((const char *)data, size, 0, NULL);
    if (!body) return 0;
    if (json_is_object(body)) {
        ed_rows e;
        memset(&e, 0, sizeof e);
        household(&e);
        bad b;
        memset(&b, 0, sizeof b);
        if (apply(&e, body, &b)) {
            /* bad_reply's object: it must be buildable */
            json_t *o = json_pack("{s:s?,s:s,s:s,s:s}", "field",
                                  b.field[0] ? b.field : NULL, "code", b.code,
                                  "message", b.zh, "message_en", b.en);
            if (!o) {
                fprintf(stderr, "fz: the 422 cannot be built: %s\n", b.zh);
                abort();
            }
            json_decref(o);
        } else {
            for (size_t i = 0; i < e.n; i++)
                for (int c = 0; c < KH_C_COUNT; c++)
                    if (e.r[i].v[c]) {
                        fz_utf8(e.r[i].v[c]);
                        if (strlen(e.r[i].v[c]) > EDIT_MAX_VALUE) abort();
                    }
        }
        rows_free(&e);
    }
    json_decref(body);
    return 0;
}
