/* SPDX-License-Identifier: MIT */
/*
 * web_mask.c - the masking policy (kaohe/mask.h) applied to every JSON
 * reply of the server, whatever handler made it: unless the request asked
 * for personal information whole and was allowed to (unmask=1 from a role
 * in web.unmask_roles, audited by the handler), every field that holds an
 * ID number, a phone or a birth date is masked by its name, every string
 * has the ID numbers and phones it quotes masked, the texts of findings
 * about ID numbers and dates also their dates and long digit runs, and an
 * audit entry's before and after (JSON in a string) are masked the same
 * way inside. The handlers mask what they know too; this is the net under
 * them, so that a new reply cannot forget it.
 */
#include <stdlib.h>
#include <string.h>

#include "kaohe/mask.h"
#include "web/web_int.h"

static void mask_node(json_t *v, unsigned flags);

/* s masked as a value of kind (or as a text with flags when kind is
 * KH_MASK_NONE), in place. */
static void mask_string(json_t *s, int kind, unsigned flags)
{
    const char *t = json_string_value(s);
    size_t n = json_string_length(s);
    if (!t) return;
    if (kind != KH_MASK_NONE) {
        char out[256];
        if (n >= sizeof out) {
            json_string_set(s, "****");
            return;
        }
        kh_mask_value(kind, t, out, sizeof out);
        json_string_set(s, out);
        return;
    }
    if (!kh_mask_text_has(t, n, flags)) return;
    kh_buf b = KH_BUF_INIT;
    if (kh_mask_text(&b, t, n, flags))
        json_string_set(s, "****"); /* never the text unmasked */
    else
        json_string_set(s, b.data ? b.data : "");
    kh_buf_free(&b);
}

/* An audit entry's before or after: JSON in a string, masked inside. */
static void mask_embedded(json_t *s, unsigned flags)
{
    const char *t = json_string_value(s);
    json_t *j = t && (t[0] == '{' || t[0] == '[') ? json_loads(t, 0, NULL)
                                                   : NULL;
    if (!j) {
        mask_string(s, KH_MASK_NONE, flags);
        return;
    }
    mask_node(j, flags);
    char *d = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (d)
        json_string_set(s, d);
    else
        json_string_set(s, "****");
    free(d);
}

static void mask_value(json_t *v, int kind, unsigned flags)
{
    if (json_is_string(v))
        mask_string(v, kind, flags);
    else
        mask_node(v, flags);
}

static void mask_node(json_t *v, unsigned flags)
{
    if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) mask_value(x, KH_MASK_NONE, flags);
        return;
    }
    if (!json_is_object(v)) return;
    /* A finding about ID numbers or dates: its texts with dates too. */
    unsigned f = flags |
                 kh_mask_code_flags(json_string_value(json_object_get(v, "code")));
    /* A change of a field ({"field": "birth", "from", "to"}): from and to
     * are values of that field. */
    int field_kind =
        kh_mask_kind(json_string_value(json_object_get(v, "field")));
    const char *k;
    json_t *x;
    json_object_foreach(v, k, x)
    {
        int kind = kh_mask_kind(k);
        if (kind == KH_MASK_NONE && (!strcmp(k, "from") || !strcmp(k, "to")))
            kind = field_kind;
        if (json_is_string(x) &&
            (!strcmp(k, "before") || !strcmp(k, "after")))
            mask_embedded(x, f);
        else
            mask_value(x, kind, f);
    }
}

void web_mask_json(json_t *j)
{
    mask_node(j, 0);
}

int web_mask_buf(kh_buf *b)
{
    if (!b->data || !kh_mask_text_has(b->data, b->len, 0)) return 0;
    kh_buf m = KH_BUF_INIT;
    if (kh_mask_text(&m, b->data, b->len, 0)) {
        kh_buf_free(&m);
        return -1;
    }
    kh_buf_free(b);
    *b = m;
    return 0;
}
