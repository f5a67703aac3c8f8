/* SPDX-License-Identifier: MIT */
/*
 * gen_dept.c - `kaohe gen --dept` (gen_dept.h): from the generated
 * registry's rows, household by household, one list per kind consistent
 * with the registry, with disagreements injected into about a quarter of
 * the households (one kind, one member each) and some rows of people who
 * are not registered (counted, never stored). The truth names every
 * finding the comparison must report: the injected ones and those the
 * registry implies by itself under the spec's rules (an eligible member
 * marked 否 for the pension, a child of 7–15 not in school, a household
 * 已脱贫 in a C/D house). Deterministic for a seed. Pure: no I/O.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/date.h"
#include "kaohe/dept.h"
#include "kaohe/gen_dept.h"
#include "kaohe/idcard.h"
#include "kaohe/registry.h"

enum { K_HUJI, K_DEATH, K_DIBAO, K_TEKUN, K_DIS, K_SCHOOL, K_AID, K_MED,
       K_PENSION, K_HOUSING, K_STAFF, K_COMPANY, K_VEHICLE, K_REALTY, K_N };

typedef struct gmem {
    char name[64], id[19], sex[8], birth[11], rel[32], school[32],
        health[32];
    int med, serious, pension, age;
} gmem;

struct kh_gen_dept {
    int year;
    uint64_t rng;
    kh_gen_dept_row_fn row;
    kh_gen_dept_truth_fn truth;
    void *ctx;
    char hh[64], village[13], hh_type[32], status[64], housing[8];
    long long dibao, tekun; /* 分 */
    gmem *m;
    int nm, cap;
    long long serial; /* for the unregistered people's IDs */
};

static uint64_t rnd(kh_gen_dept *d)
{
    d->rng ^= d->rng << 13;
    d->rng ^= d->rng >> 7;
    d->rng ^= d->rng << 17;
    return d->rng;
}

int kh_gen_dept_new(int year, uint64_t seed, kh_gen_dept_row_fn row,
                    kh_gen_dept_truth_fn truth, void *ctx, kh_gen_dept **out,
                    kh_error *err)
{
    kh_gen_dept *d = calloc(1, sizeof *d);
    if (!d) return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    d->year = year;
    d->rng = seed * 2654435761u + 88172645463325252ull;
    d->row = row;
    d->truth = truth;
    d->ctx = ctx;
    *out = d;
    return KH_OK;
}

void kh_gen_dept_free(kh_gen_dept *d)
{
    if (!d) return;
    free(d->m);
    free(d);
}

int kh_gen_dept_headers(kh_gen_dept *d, kh_error *err)
{
    int n;
    const kh_dept_kind *k = kh_dept_kinds(&n);
    for (int i = 0; i < n; i++) {
        const char *cells[3 + KH_DEPT_MAX_COLS] = {"证件号码", "姓名", "数据日期"};
        for (int j = 0; j < k[i].ncols; j++) cells[3 + j] = k[i].cols[j];
        int rc = d->row(d->ctx, i, cells, (size_t)(3 + k[i].ncols), err);
        if (rc) return rc;
    }
    return KH_OK;
}

static long long fen(const char *s)
{
    long long v = 0;
    int frac = -1;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            if (frac >= 2) continue;
            v = v * 10 + (*s - '0');
            if (frac >= 0) frac++;
        } else if (*s == '.') frac = 0;
    }
    if (frac < 0) frac = 0;
    while (frac++ < 2) v *= 10;
    return v;
}

static void cp(char *dst, size_t n, const char *s)
{
    snprintf(dst, n, "%s", s ? s : "");
}

/* Emit a row: ID, name, date, then the kind's columns. */
static int put(kh_gen_dept *d, int kind, const char *id, const char *name,
               const char *c0, const char *c1, const char *c2, const char *c3,
               const char *c4, const char *c5, kh_error *err)
{
    int n;
    const kh_dept_kind *k = kh_dept_kinds(&n) + kind;
    char date[11];
    snprintf(date, sizeof date, "%d-12-31", d->year);
    const char *v[6] = {c0, c1, c2, c3, c4, c5};
    const char *cells[3 + KH_DEPT_MAX_COLS] = {id, name, date};
    for (int j = 0; j < k->ncols; j++) cells[3 + j] = j < 6 && v[j] ? v[j] : "";
    return d->row(d->ctx, kind, cells, (size_t)(3 + k->ncols), err);
}

static int truth(kh_gen_dept *d, const char *code, const gmem *m, kh_error *err)
{
    return d->truth(d->ctx, code, d->hh, m->id, err);
}

static const char *const stage_of[][2] = {
    {"学前教育", "学前"}, {"小学", "小学"}, {"初中", "初中"}, {"高中", "高中"},
    {"中职", "中职"}, {"高职", "高职"}, {"大专及以上", "大专及以上"},
};

static const char *stage(const char *schooling)
{
    for (size_t i = 0; i < sizeof stage_of / sizeof stage_of[0]; i++)
        if (!strcmp(schooling, stage_of[i][0])) return stage_of[i][1];
    return NULL;
}

static int flush(kh_gen_dept *d, kh_error *err)
{
    int rc = KH_OK;
    if (!d->nm || !strcmp(d->status, "清退")) {
        d->nm = 0;
        return KH_OK;
    }
    char y0[11], y3[11], y9[11], yr[8];
    snprintf(y0, sizeof y0, "%d-01-01", d->year);
    snprintf(y3, sizeof y3, "%d-03-01", d->year);
    snprintf(y9, sizeof y9, "%d-09-01", d->year);
    snprintf(yr, sizeof yr, "%d", d->year);
    int head = 0;
    for (int i = 0; i < d->nm; i++)
        if (!strcmp(d->m[i].rel, "户主")) { head = i; break; }
    /* The injection: one kind and one member, or none. */
    int inj = (int)(rnd(d) % 4) == 0 ? (int)(rnd(d) % K_N) : -1;
    int im = (int)(rnd(d) % (uint64_t)d->nm);
    /* Kinds that need a certain member: fall back to no injection. */
    if (inj == K_SCHOOL || inj == K_AID) {
        im = -1;
        for (int i = 0; i < d->nm; i++)
            if (stage(d->m[i].school)) { im = i; break; }
        if (im < 0) inj = -1;
    }
    if (inj == K_PENSION) {
        im = -1;
        for (int i = 0; i < d->nm; i++)
            if (d->m[i].pension == 1) { im = i; break; }
        if (im < 0) inj = -1;
    }
    if (inj == K_HOUSING && !d->housing[0]) inj = -1;
    int is_dibao = !strcmp(d->hh_type, "低保贫困户");
    int is_tekun = !strcmp(d->hh_type, "特困供养贫困户");
    int exited = !strncmp(d->status, "已脱贫", strlen("已脱贫"));

    for (int i = 0; i < d->nm && !rc; i++) {
        gmem *m = &d->m[i];
        int me = i == im;
        /* huji: every member; injected: missing, or another name */
        int hv = inj == K_HUJI && me ? (int)(rnd(d) % 5) : -1;
        if (hv > 0) {
            /* another name, sex, birth date, or moved out in the year */
            char name[96], birth[16], moved[11];
            const char *sex = m->sex, *st = "正常", *when = "";
            cp(name, sizeof name, m->name);
            cp(birth, sizeof birth, m->birth);
            const char *code = "dept_name_mismatch";
            if (hv == 1) snprintf(name, sizeof name, "某%s", m->name);
            if (hv == 2) { sex = strcmp(m->sex, "男") ? "男" : "女"; code = "dept_huji_sex"; }
            if (hv == 3) {
                int by = atoi(m->birth);
                snprintf(birth, sizeof birth, "%04d%s", by + 1, m->birth + 4);
                code = "dept_huji_birth";
            }
            if (hv == 4) {
                snprintf(moved, sizeof moved, "%d-05-01", d->year);
                st = "迁出";
                when = moved;
                code = "dept_huji_status";
            }
            rc = put(d, K_HUJI, m->id, name, sex, birth, d->village, st, when, "", err);
            if (!rc) rc = truth(d, code, m, err);
        } else if (hv < 0) {
            char name[96];
            /* a full-width space inside the name is no disagreement */
            if (rnd(d) % 5 == 0 && strlen(m->name) > 3)
                snprintf(name, sizeof name, "%.3s\u3000%s", m->name, m->name + 3);
            else
                cp(name, sizeof name, m->name);
            rc = put(d, K_HUJI, m->id, name, m->sex, m->birth, d->village, "正常", "", "", err);
        } else {
            rc = truth(d, "dept_huji_missing", m, err);
        }
        if (!rc && inj == K_DEATH && me) {
            char dd[11];
            snprintf(dd, sizeof dd, "%d-06-01", d->year);
            rc = put(d, K_DEATH, m->id, m->name, dd, NULL, NULL, NULL, NULL, NULL, err);
            if (!rc) rc = truth(d, "dept_death", m, err);
        }
        if (!rc && m->health[0] && !strcmp(m->health, "残疾") != (inj == K_DIS && me)) {
            rc = put(d, K_DIS, m->id, m->name, "肢体", "三级", "2015-01-01", NULL, NULL, NULL, err);
        }
        if (!rc && inj == K_DIS && me)
            rc = truth(d, strcmp(m->health, "残疾") ? "dept_disability_card"
                                                   : "dept_disability_nocard", m, err);
        const char *st = stage(m->school);
        int compulsory = m->age >= 7 && m->age <= 15;
        if (!rc && st) {
            const char *s2 = st;
            if (inj == K_SCHOOL && me) s2 = strcmp(st, "高中") ? "高中" : "初中";
            rc = put(d, K_SCHOOL, m->id, m->name, "某学校", s2, "在读", NULL, NULL, NULL, err);
            if (!rc && s2 != st) rc = truth(d, "dept_school_stage", m, err);
            if (!rc && !(inj == K_AID && me))
                rc = put(d, K_AID, m->id, m->name, "助学金", "1000", y9, NULL, NULL, NULL, err);
            else if (!rc)
                rc = truth(d, "dept_edu_aid_missing", m, err);
        } else if (!rc && compulsory) {
            rc = truth(d, "dept_school_dropout", m, err); /* the registry's own */
        }
        /* medical */
        int basic = m->med == 1, serious = m->serious == 1;
        if (inj == K_MED && me) basic = !basic;
        if (!rc && basic) rc = put(d, K_MED, m->id, m->name, yr, "基本医疗", "参保", NULL, NULL, NULL, err);
        if (!rc && serious) rc = put(d, K_MED, m->id, m->name, yr, "大病保险", "参保", NULL, NULL, NULL, err);
        if (!rc && inj == K_MED && me && m->med >= 0) rc = truth(d, "dept_medical_basic", m, err);
        /* pension */
        int eligible = m->age >= 16 && (!m->school[0] || !strcmp(m->school, "非在校生"));
        if (!rc && inj == K_PENSION && me) {
            rc = put(d, K_PENSION, m->id, m->name, "未参保", y0, NULL, NULL, NULL, NULL, err);
            if (!rc) rc = truth(d, "dept_pension_mismatch", m, err);
        } else if (!rc && m->pension == 1) {
            rc = put(d, K_PENSION, m->id, m->name, m->age >= 60 ? "领取待遇" : "参保缴费", y0,
                     NULL, NULL, NULL, NULL, err);
        } else if (!rc && eligible) {
            rc = truth(d, "dept_pension_gap", m, err); /* the registry's own */
        }
        /* exclusions: decoys that are not exclusions, and the injected */
        if (!rc && rnd(d) % 10 == 0)
            rc = put(d, K_VEHICLE, m->id, m->name, "云A00000", "摩托车", "2015-01-01", "正常", NULL, NULL, err);
        if (!rc && rnd(d) % 10 == 0)
            rc = put(d, K_REALTY, m->id, m->name, "某村", "住宅", "农村", "2010-01-01", NULL, NULL, err);
        if (!rc && rnd(d) % 10 == 0)
            rc = put(d, K_COMPANY, m->id, m->name, "92000000MA00000000", "小卖部",
                     "个体工商户经营者", "30000", "存续", NULL, err);
        if (!rc && me && inj == K_STAFF) {
            rc = put(d, K_STAFF, m->id, m->name, "某单位", "2015-09-01", NULL, NULL, NULL, NULL, err);
            if (!rc) rc = truth(d, "dept_excl_staff", m, err);
        }
        if (!rc && me && inj == K_COMPANY) {
            rc = put(d, K_COMPANY, m->id, m->name, "91000000MA00000001", "某公司", "法定代表人",
                     "1000000", "存续", NULL, err);
            if (!rc) rc = truth(d, "dept_excl_company", m, err);
        }
        if (!rc && me && inj == K_VEHICLE) {
            rc = put(d, K_VEHICLE, m->id, m->name, "云A12345", "小型轿车", "2018-01-01", "正常", NULL, NULL, err);
            if (!rc) rc = truth(d, "dept_excl_vehicle", m, err);
        }
        if (!rc && me && inj == K_REALTY) {
            rc = put(d, K_REALTY, m->id, m->name, "县城某小区", "住宅", "城镇", "2018-01-01", NULL, NULL, err);
            if (!rc) rc = truth(d, "dept_excl_realty", m, err);
        }
        /* dibao / tekun: a member of another kind of household */
        if (!rc && me && inj == K_DIBAO && !is_dibao) {
            rc = put(d, K_DIBAO, m->id, m->name, "农村低保", "200", y0, "", NULL, NULL, err);
            if (!rc) rc = truth(d, "dept_dibao_unregistered", m, err);
        }
        if (!rc && me && inj == K_TEKUN && !is_tekun) {
            rc = put(d, K_TEKUN, m->id, m->name, "分散", y0, "", "300", NULL, NULL, err);
            if (!rc) rc = truth(d, "dept_tekun_unregistered", m, err);
        }
    }
    gmem *H = &d->m[head];
    /* the household's 低保 / 特困 records on the 户主 */
    if (!rc && is_dibao) {
        int amount = inj == K_DIBAO && rnd(d) % 2;
        if (inj == K_DIBAO && !amount) {
            rc = truth(d, "dept_dibao_missing", H, err);
        } else {
            char a[32];
            long long mo = (d->dibao + 6) / 12 + (amount ? 5000 : 0);
            if (amount) rc = truth(d, "dept_dibao_amount", H, err);
            snprintf(a, sizeof a, "%lld.%02lld", mo / 100, mo % 100);
            rc = put(d, K_DIBAO, H->id, H->name, "农村低保", a, y0, "", NULL, NULL, err);
        }
    }
    if (!rc && is_tekun) {
        if (inj == K_TEKUN) {
            rc = truth(d, "dept_tekun_missing", H, err);
        } else {
            char a[32];
            long long mo = (d->tekun + 6) / 12;
            snprintf(a, sizeof a, "%lld.%02lld", mo / 100, mo % 100);
            rc = put(d, K_TEKUN, H->id, H->name, "分散", y0, "", a, NULL, NULL, err);
        }
    }
    if (!rc && d->housing[0]) {
        const char *g = d->housing;
        if (inj == K_HOUSING) g = strcmp(g, "A") ? "A" : "B";
        rc = put(d, K_HOUSING, H->id, H->name, g, y3, "", "", "", "未验收", err);
        if (!rc && g != d->housing) rc = truth(d, "dept_housing_grade", H, err);
        if (!rc && exited && (!strcmp(g, "C") || !strcmp(g, "D")))
            rc = truth(d, "dept_housing_exit_unsafe", H, err);
    }
    /* people who are not registered: counted by the import, never stored
     * (an ID of another province cannot be a registered member's) */
    if (!rc && rnd(d) % 3 == 0) {
        char id[32];
        /* an area code of another province: never a registered person */
        snprintf(id, sizeof id, "%s1990%02d%02d%03lld",
                 strncmp(d->village, "11", 2) ? "110101" : "120101",
                 (int)(d->serial / 28 % 12) + 1, (int)(d->serial % 28) + 1,
                 900 + d->serial / 336 % 99);
        id[17] = kh_idcard_check_char(id);
        id[18] = '\0';
        d->serial++;
        rc = put(d, K_HUJI, id, "外人", "男", "", d->village, "正常", "", "", err);
    }
    d->nm = 0;
    return rc;
}

int kh_gen_dept_feed(kh_gen_dept *d, const char *const *c, size_t n,
                     kh_error *err)
{
    if (n < KH_C_COUNT) return KH_OK;
    int rc = KH_OK;
    if (strcmp(d->hh, c[KH_C_HH_ID])) {
        if ((rc = flush(d, err))) return rc;
        cp(d->hh, sizeof d->hh, c[KH_C_HH_ID]);
        cp(d->village, sizeof d->village, c[KH_C_VILLAGE]);
        cp(d->hh_type, sizeof d->hh_type, c[KH_C_HH_TYPE]);
        cp(d->status, sizeof d->status, c[KH_C_STATUS]);
        cp(d->housing, sizeof d->housing, c[KH_C_HOUSING]);
        d->dibao = fen(c[KH_C_INC_DIBAO]);
        d->tekun = fen(c[KH_C_INC_TEKUN]);
    }
    if (d->nm == d->cap) {
        int cap = d->cap ? d->cap * 2 : 8;
        gmem *m = realloc(d->m, (size_t)cap * sizeof *m);
        if (!m) return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
        d->m = m;
        d->cap = cap;
    }
    gmem *m = &d->m[d->nm++];
    memset(m, 0, sizeof *m);
    cp(m->name, sizeof m->name, c[KH_C_NAME]);
    cp(m->id, sizeof m->id, c[KH_C_ID_NO]);
    cp(m->sex, sizeof m->sex, c[KH_C_SEX]);
    cp(m->birth, sizeof m->birth, c[KH_C_BIRTH]);
    if (!m->birth[0] && strlen(m->id) == 18)
        snprintf(m->birth, sizeof m->birth, "%.4s-%.2s-%.2s", m->id + 6, m->id + 10, m->id + 12);
    cp(m->rel, sizeof m->rel, c[KH_C_RELATION]);
    cp(m->school, sizeof m->school, c[KH_C_SCHOOLING]);
    cp(m->health, sizeof m->health, c[KH_C_HEALTH]);
    m->med = !strcmp(c[KH_C_INS_MED], "是") ? 1 : !strcmp(c[KH_C_INS_MED], "否") ? 0 : -1;
    m->serious = !strcmp(c[KH_C_INS_SERIOUS], "是") ? 1 : !strcmp(c[KH_C_INS_SERIOUS], "否") ? 0 : -1;
    m->pension = !strcmp(c[KH_C_INS_PENSION], "是") ? 1 : !strcmp(c[KH_C_INS_PENSION], "否") ? 0 : -1;
    int y, mo, dd;
    m->age = -1;
    if (strlen(m->birth) == 10 && !kh_date_parse(m->birth, 10, &y, &mo, &dd))
        m->age = kh_date_age(y, mo, dd, d->year, 12, 31);
    return KH_OK;
}

int kh_gen_dept_finish(kh_gen_dept *d, kh_error *err)
{
    return flush(d, err);
}
