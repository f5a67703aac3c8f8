/* SPDX-License-Identifier: MIT */
/*
 * gen.c - the deterministic synthetic-registry generator (gen.h). Every
 * household is a pure function of (seed, household index): its "shape"
 * (贫困户属性, size, years, status) comes from one counter-based random
 * stream, the rest from another, so that the region tree, the village
 * populations and the fault plan can be laid out by cheap passes over the
 * shapes without keeping the registry in memory. ID numbers are unique by
 * construction: per county, a counter for each (birth day, sex) picks the
 * 3-digit sequence. Faults: the households are cut into K even windows;
 * each window gets the next kind of one table of fault kinds (round-robin)
 * on its first household that can take it (found by looking ahead at
 * shapes), and the fault changes that household only, so that exactly one
 * finding of docs/findings.md fires.
 */
#include "kaohe/gen.h"

#include <stdlib.h>
#include <string.h>

#include "kaohe/date.h"
#include "kaohe/idcard.h"
#include "kaohe/registry.h"

/* ---- random numbers: splitmix64 for hashing, xoshiro256** streams ---- */

#define GOLDEN 0x9e3779b97f4a7c15ULL

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t hash3(uint64_t seed, uint64_t stream, uint64_t i)
{
    return mix64(mix64(mix64(seed + GOLDEN) ^ (stream + 2 * GOLDEN)) ^
                 (i + 3 * GOLDEN));
}

typedef struct rng {
    uint64_t s[4];
} rng;

static void rng_seed(rng *r, uint64_t k)
{
    for (int i = 0; i < 4; i++) {
        k += GOLDEN;
        r->s[i] = mix64(k);
    }
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t next64(rng *r)
{
    uint64_t *s = r->s;
    uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

/* Uniform in [0, n), n < 2^32. */
static uint32_t below(rng *r, uint32_t n)
{
    return (uint32_t)(((next64(r) >> 32) * (uint64_t)n) >> 32);
}

static int range(rng *r, int lo, int hi)
{
    return lo + (int)below(r, (uint32_t)(hi - lo + 1));
}

static double unif(rng *r)
{
    return (double)(next64(r) >> 11) * (1.0 / 9007199254740992.0);
}

static int chance(rng *r, double p)
{
    return unif(r) < p;
}

/* Index drawn by weights (any positive scale). */
static int wpick(rng *r, const unsigned short *w, int n)
{
    unsigned total = 0;
    for (int i = 0; i < n; i++)
        total += w[i];
    unsigned x = below(r, total);
    for (int i = 0; i < n; i++) {
        if (x < w[i]) return i;
        x -= w[i];
    }
    return n - 1;
}

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define PICK(r, a) ((a)[below((r), (uint32_t)NELEM(a))])

/* ---- text: digits, dates, money ---- */

static char *put_u(char *p, unsigned long long v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    *p = '\0';
    return p;
}

static char *put_pad(char *p, unsigned v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
    p[width] = '\0';
    return p + width;
}

static char *put_s(char *p, const char *s)
{
    size_t n = strlen(s);
    memcpy(p, s, n + 1);
    return p + n;
}

/* Yuan with two decimals when there are 分: "1234", "1234.05". */
static void fmt_money(char *p, int64_t fen)
{
    if (fen < 0) {
        *p++ = '-';
        fen = -fen;
    }
    p = put_u(p, (unsigned long long)(fen / 100));
    if (fen % 100) {
        *p++ = '.';
        put_pad(p, (unsigned)(fen % 100), 2);
    }
}

static void fmt_date(char *p, int y, int m, int d)
{
    p = put_pad(p, (unsigned)y, 4);
    *p++ = '-';
    p = put_pad(p, (unsigned)m, 2);
    *p++ = '-';
    put_pad(p, (unsigned)d, 2);
}


static int ymd_days(int ymd, long *out)
{
    int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
    if (!kh_date_valid(y, m, d)) return -1;
    *out = kh_date_days(y, m, d);
    return 0;
}

/* ---- the vocabulary ---- */

static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙",
    "马", "朱", "胡", "郭", "何", "罗", "高", "林", "郑", "梁", "谢", "宋",
    "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "潘",
    "袁", "蔡", "蒋", "余", "杜", "叶", "程", "魏", "苏", "吕", "丁", "任",
    "卢", "姚", "沈", "钟", "姜", "崔", "谭", "陆", "范", "汪", "廖", "石",
    "金", "韦", "贾", "夏", "付", "方", "邹", "熊", "白", "孟", "秦", "邱",
    "侯", "江", "尹", "薛", "段", "雷", "龙", "黎", "史", "陶", "贺", "毛",
    "郝", "顾", "龚", "邵", "万", "覃", "武", "严", "莫", "孔", "向", "常",
    "汤", "康", "易", "普", "刀", "和", "者", "施", "字", "李", "杨", "王",
};
static const char *const male_chars[] = {
    "明", "国", "建", "华", "军", "伟", "强", "勇", "平", "林", "东", "文",
    "志", "永", "海", "兵", "光", "荣", "福", "贵", "德", "成", "学", "红",
    "春", "云", "忠", "生", "金", "富", "顺", "发", "才", "刚", "庆", "祥",
    "旺", "宝", "财", "昌", "俊", "杰", "斌", "涛", "鹏", "磊", "超", "浩",
    "宇", "翔", "家", "正", "新", "兴", "保", "有", "开", "进", "元", "民",
};
static const char *const female_chars[] = {
    "秀", "英", "兰", "芳", "梅", "珍", "玉", "丽", "琼", "敏", "燕", "霞",
    "萍", "娟", "红", "艳", "凤", "桂", "花", "美", "春", "翠", "莲", "菊",
    "琴", "婷", "静", "雪", "慧", "丹", "娜", "芬", "仙", "香", "妹", "月",
    "云", "叶", "晶", "颖", "洁", "倩", "蓉", "莉", "佳", "欣", "怡", "雨",
};
static const char *const place_chars[] = {
    "安", "宁", "富", "民", "华", "平", "江", "川", "石", "林", "河", "山",
    "南", "北", "东", "西", "新", "兴", "龙", "凤", "马", "大", "屏", "元",
    "阳", "红", "文", "广", "德", "永", "胜", "祥", "云", "弥", "宾", "洱",
    "源", "剑", "鹤", "庆", "昌", "施", "甸", "腾", "冲", "梁", "盈", "陇",
    "瑞", "芒", "景", "洪", "勐", "海", "腊", "双", "柏", "定", "姚", "丰",
    "武", "易", "门", "峨", "通", "澄", "会", "泽", "宣", "威", "罗", "师",
    "宗", "良", "沾", "益", "栗", "坡", "关", "丘", "畴", "砚", "沧", "耿",
    "镇", "孟", "普", "洱", "墨", "宁", "康", "泉", "溪", "坝", "田", "箐",
};

static const struct province {
    int code;
    const char *name;
    int western;
} provinces[] = {
    {11, "北京市", 0},           {12, "天津市", 0},
    {13, "河北省", 0},           {14, "山西省", 0},
    {15, "内蒙古自治区", 1},     {21, "辽宁省", 0},
    {22, "吉林省", 0},           {23, "黑龙江省", 0},
    {31, "上海市", 0},           {32, "江苏省", 0},
    {33, "浙江省", 0},           {34, "安徽省", 0},
    {35, "福建省", 0},           {36, "江西省", 0},
    {37, "山东省", 0},           {41, "河南省", 0},
    {42, "湖北省", 0},           {43, "湖南省", 0},
    {44, "广东省", 0},           {45, "广西壮族自治区", 1},
    {46, "海南省", 0},           {50, "重庆市", 1},
    {51, "四川省", 1},           {52, "贵州省", 1},
    {53, "云南省", 1},           {54, "西藏自治区", 1},
    {61, "陕西省", 1},           {62, "甘肃省", 1},
    {63, "青海省", 1},           {64, "宁夏回族自治区", 1},
    {65, "新疆维吾尔自治区", 1},
};

/* City codes as Yunnan numbers them, then onwards. */
static const unsigned char city_codes[16] = {1,  3,  4,  5,  6,  7,  8,  9,
                                             23, 25, 26, 28, 29, 31, 33, 34};
#define MAX_CITIES (16 + (99 - 35 + 1))
#define MAX_COUNTIES_PER_CITY 79 /* codes 21..99 */
#define MAX_GROUP 799            /* townships 101..899, villages 201..999 */

static const char *const ethnicities[] = {
    "汉族",   "彝族",   "哈尼族", "白族",   "傣族", "壮族", "苗族",
    "傈僳族", "拉祜族", "佤族",   "纳西族", "瑶族", "藏族", "景颇族"};
static const unsigned short ethnic_w[] = {450, 150, 80, 50, 50, 50, 50,
                                          30,  30,  20, 10, 10, 10, 10};

enum { T_GENERAL, T_DIBAO, T_TEKUN };
static const char *const type_label[] = {"一般贫困户", "低保贫困户",
                                         "特困供养贫困户"};
static const unsigned short type_w[] = {217, 579, 204}; /* the seed town */
/* Household sizes 1.. by type: means about 2.5, 1.74 and 1.01. */
static const unsigned short size_general_w[] = {240, 320, 230, 130, 60, 20};
static const unsigned short size_dibao_w[] = {460, 380, 110, 40, 10};
static const unsigned short size_tekun_w[] = {993, 7};

enum { S_NOT, S_EXIT, S_EXIT_NOPOLICY, S_RETURN, S_REMOVED };
static const char *const status_label[] = {
    "未脱贫", "已脱贫(享受政策)", "已脱贫(不享受政策)", "返贫", "清退"};
/* 识别年度 2013..2020, and the share of households exiting in 2014..2020. */
static const unsigned short year_in_w[] = {20, 730, 80, 70, 40, 30, 20, 10};
static const unsigned short exit_w[] = {140, 150, 130, 150, 160, 210, 60};

enum {
    C_ILL,
    C_DISABLED,
    C_SCHOOL,
    C_DISASTER,
    C_LAND,
    C_WATER,
    C_SKILL,
    C_LABOUR,
    C_FUNDS,
    C_TRANSPORT,
    C_MOTIVATION
};
static const char *const cause_label[] = {
    "因病",   "因残",   "因学",   "因灾",         "缺土地",          "缺水",
    "缺技术", "缺劳力", "缺资金", "交通条件落后", "自身发展动力不足"};
static const unsigned short cause_w[] = {420, 90,  60, 20, 40, 20,
                                         90,  110, 90, 30, 30};

enum {
    R_HEAD,
    R_SPOUSE,
    R_SON,
    R_DAUGHTER,
    R_DIL,
    R_SIL,
    R_GSON,
    R_GDAU,
    R_FATHER,
    R_MOTHER,
    R_SIB,
    R_OTHER
};
static const char *const relation_label[] = {
    "户主",   "配偶",   "之子", "之女", "之儿媳",   "之女婿",
    "之孙子", "之孙女", "之父", "之母", "兄弟姐妹", "其他"};

enum { E_NONE, E_PRE, E_PRIMARY, E_JUNIOR, E_SENIOR, E_VOC, E_COLLEGE };
static const char *const edu_label[] = {
    "文盲或半文盲", "学龄前", "小学", "初中", "高中", "中专", "大专及以上"};
enum {
    SC_NO,
    SC_PRE,
    SC_PRIMARY,
    SC_JUNIOR,
    SC_SENIOR,
    SC_VOC,
    SC_HVOC,
    SC_COLLEGE
};
static const char *const school_label[] = {"非在校生", "学前教育",  "小学",
                                           "初中",     "高中",      "中职",
                                           "高职",     "大专及以上"};
enum { H_OK, H_CHRONIC, H_SERIOUS, H_DISABLED };
static const char *const health_label[] = {"健康", "长期慢性病", "患有大病",
                                           "残疾"};
enum { L_NORMAL, L_SKILLED, L_WEAK, L_LOST, L_NONE };
static const char *const labour_label[] = {
    "普通劳动力", "技能劳动力", "弱劳动力或半劳动力", "丧失劳动力", "无劳动力"};
enum { W_NO, W_COUNTY, W_PROVINCE, W_OUTSIDE };
static const char *const work_label[] = {"非务工", "县内务工", "县外省内务工",
                                         "省外务工"};
static const char *const measure_label[] = {
    "产业扶持", "就业扶持", "易地搬迁", "危房改造", "教育资助", "健康扶贫",
    "兜底保障", "金融扶贫", "生态扶贫", "公益岗位", "光伏扶贫", "其他"};
enum {
    M_INDUSTRY,
    M_JOBS,
    M_RELOC,
    M_HOUSE,
    M_EDU,
    M_HEALTH,
    M_SAFETY,
    M_CREDIT,
    M_ECO,
    M_PUBLIC,
    M_SOLAR,
    M_OTHER,
    M_COUNT
};

static const char *const yes = "是", *const no = "否";

/* 国家农村扶贫标准 at current prices, yuan (standards.md). */
static int poverty_line(int year)
{
    static const int line[] = {2736, 2800, 2855, 2952, 2952, 2995, 3218, 4000};
    if (year <= 2013) return line[0];
    if (year >= 2020) return line[7];
    return line[year - 2013];
}

/* ---- the generator's state ---- */

#define MAXM 8       /* members a household at most */
#define RING 8       /* IDs remembered for id_duplicate */
#define ID_YEARS 112 /* birth window of the ID counters */
#define ID_DAYS (ID_YEARS * 366)

typedef struct dup_src {
    char id[19];
    char birth[11];
    int male;
    int used;
} dup_src;

enum { NKINDS = 35 };

struct kh_gen {
    kh_gen_opts o;
    kh_gen_stats st;
    const struct province *prov;
    int scale;        /* widens townships and counties for huge N */
    long ref_days;    /* 31 Dec of the year */
    long visit_end;   /* clean visits on or before */
    long future_base; /* visit_future after */
    long id_base;     /* first day of the ID counters' window */
    int64_t line_fen;
    uint16_t *idcnt; /* [sex][day]: IDs issued in the county */
    /* registry pass */
    long long next_fault; /* faults planned so far */
    long long nominal;    /* where the next fault's window starts */
    long long target;     /* the household of the planned fault, or -1 */
    int target_kind;
    long long row;          /* data rows emitted */
    unsigned long long rr;  /* round-robin position over the kinds */
    long long held[NKINDS]; /* kinds postponed for want of a fit */
    long long last_fault;   /* household of the last fault, or -1 */
    long long cur_v;        /* the household being built: its village */
    int cur_vhh;            /* and its 1-based place in the village */
    dup_src ring[RING];
    int ring_n, ring_at;
    char prefix[7];        /* ID prefix of the county */
    char helper_prefix[7]; /* ID prefix for cadres: the city's 01 */
};

/* What the cheap passes need of a household. */
typedef struct shape {
    int type, size, year_in, status, year_out; /* year_out 0: none */
} shape;

static void hh_shape(const kh_gen *g, long long h, shape *s)
{
    rng r;
    rng_seed(&r, hash3(g->o.seed, 1, (uint64_t)h));
    int year = g->o.year;
    s->type = wpick(&r, type_w, 3);
    if (s->type == T_GENERAL)
        s->size = 1 + wpick(&r, size_general_w, NELEM(size_general_w));
    else if (s->type == T_DIBAO)
        s->size = 1 + wpick(&r, size_dibao_w, NELEM(size_dibao_w));
    else
        s->size = 1 + wpick(&r, size_tekun_w, NELEM(size_tekun_w));
    s->year_in = 2013 + wpick(&r, year_in_w, NELEM(year_in_w));
    if (s->year_in > year) s->year_in = year;
    int out = 2014 + wpick(&r, exit_w, NELEM(exit_w));
    if (out < s->year_in) out = s->year_in + (int)below(&r, 2);
    if (out > 2020 && s->year_in <= 2020) out = 2020;
    double u = unif(&r);
    s->year_out = 0;
    if (u < 0.003) {
        s->status = S_REMOVED;
    } else if (out > year) {
        s->status = S_NOT;
    } else {
        s->year_out = out;
        if (out < year && u > 0.994)
            s->status = S_RETURN;
        else
            s->status = u < 0.12 ? S_EXIT_NOPOLICY : S_EXIT;
    }
}

static int exited(int status)
{
    return status == S_EXIT || status == S_EXIT_NOPOLICY;
}

static int village_target(const kh_gen *g, long long v)
{
    return 100 + (int)(hash3(g->o.seed, 2, (uint64_t)v) % 301);
}

/* Villages in township k (stream 3) or townships in county k (stream 4). */
static int group_size(const kh_gen *g, int stream, long long k)
{
    int n = g->scale *
            (6 + (int)(hash3(g->o.seed, (uint64_t)stream, (uint64_t)k) % 10));
    return n > MAX_GROUP ? MAX_GROUP : n;
}

static long long count_groups(const kh_gen *g, int stream, long long items)
{
    long long k = 0, covered = 0;
    while (covered < items)
        covered += group_size(g, stream, k++);
    return k;
}

static int city_of(const kh_gen *g, long long county)
{
    return (int)(county * g->st.cities / g->st.counties);
}

static long long city_first(const kh_gen *g, int city)
{
    return ((long long)city * g->st.counties + g->st.cities - 1) / g->st.cities;
}

static int city_code(int city)
{
    return city < 16 ? city_codes[city] : 35 + (city - 16);
}

/* ---- walking the households in order, with their place in the tree ---- */

enum { OPEN_V = 1, OPEN_T = 2, OPEN_C = 4, OPEN_M = 8 };

typedef struct cursor {
    long long h, persons; /* next household, persons before it */
    long long v;          /* village (global index) */
    int v_target, v_persons, v_hh;
    long long t;       /* township */
    int t_size, t_vi;  /* its villages; index of the village in it */
    long long c;       /* county */
    int c_size, c_ti;  /* its townships; index of the township */
    int city, city_ci; /* city; index of the county in it */
    char vcode[13];
} cursor;

static void cursor_init(cursor *cu)
{
    memset(cu, 0, sizeof *cu);
    cu->v = cu->t = cu->c = -1;
    cu->city = -1;
}

static void cursor_code(cursor *cu, int province, int level)
{
    char *p = cu->vcode;
    p = put_pad(p, (unsigned)province, 2);
    p = put_pad(p, (unsigned)city_code(cu->city), 2);
    p = put_pad(p, (unsigned)(21 + cu->city_ci), 2);
    p = put_pad(p, (unsigned)(101 + cu->c_ti), 3);
    put_pad(p, (unsigned)(201 + cu->t_vi), 3);
    if (level <= KH_LV_TOWNSHIP) memcpy(cu->vcode + 9, "000", 3);
    if (level <= KH_LV_COUNTY) memcpy(cu->vcode + 6, "000", 3);
    if (level <= KH_LV_CITY) memcpy(cu->vcode + 4, "00", 2);
}

/*
 * Step to the next household: its shape (the last one cut to the persons
 * asked for) and which levels of the tree it opens. tree = 0 before the
 * tree is laid out (villages only). Returns 0 at the end.
 */
static int cursor_next(const kh_gen *g, cursor *cu, shape *s, int tree,
                       int *open)
{
    if (cu->persons >= g->o.persons) return 0;
    hh_shape(g, cu->h, s);
    long long left = g->o.persons - cu->persons;
    if (s->size > left) s->size = (int)left;
    *open = 0;
    if (cu->v < 0 || cu->v_persons >= cu->v_target) {
        cu->v++;
        cu->v_target = village_target(g, cu->v);
        cu->v_persons = cu->v_hh = 0;
        *open |= OPEN_V;
        if (tree) {
            if (cu->t < 0 || cu->t_vi + 1 >= cu->t_size) {
                cu->t++;
                cu->t_size = group_size(g, 3, cu->t);
                cu->t_vi = 0;
                *open |= OPEN_T;
                if (cu->c < 0 || cu->c_ti + 1 >= cu->c_size) {
                    cu->c++;
                    cu->c_size = group_size(g, 4, cu->c);
                    cu->c_ti = 0;
                    *open |= OPEN_C;
                    int m = city_of(g, cu->c);
                    if (m != cu->city) *open |= OPEN_M;
                    cu->city = m;
                    cu->city_ci = (int)(cu->c - city_first(g, m));
                } else {
                    cu->c_ti++;
                }
            } else {
                cu->t_vi++;
            }
            cursor_code(cu, g->o.province, KH_LV_VILLAGE);
        }
    }
    cu->v_persons += s->size;
    cu->v_hh++;
    cu->persons += s->size;
    cu->h++;
    return 1;
}

/* ---- options and layout ---- */

void kh_gen_opts_init(kh_gen_opts *o)
{
    memset(o, 0, sizeof *o);
    o->persons = 1000;
    o->seed = 1;
    o->year = 2019;
    o->province = 53;
}

static int usage(kh_error *err, const char *zh, const char *en)
{
    return kh_error_set(err, KH_ERR_USAGE, "usage", "%s%.0s", "%.0s%s", zh, en);
}

int kh_gen_new(const kh_gen_opts *opts, kh_gen **out, kh_error *err)
{
    *out = NULL;
    if (opts->persons < 1)
        return usage(err, "人数必须至少为 1", "persons must be at least 1");
    if (opts->year < 2014 || opts->year > 2099)
        return usage(err, "年度必须在 2014 到 2099 之间",
                     "the year must be between 2014 and 2099");
    if (opts->faults < 0)
        return usage(err, "错误数不能为负", "faults must not be negative");
    const struct province *prov = NULL;
    for (int i = 0; i < NELEM(provinces); i++)
        if (provinces[i].code == opts->province) prov = &provinces[i];
    if (!prov)
        return kh_error_set(err, KH_ERR_USAGE, "usage",
                            "省级区划代码 %d 不是省、自治区或直辖市",
                            "province code %d is not a province",
                            opts->province);
    long today = 0, after = 0;
    if ((opts->today && ymd_days(opts->today, &today)) ||
        (opts->future_after && ymd_days(opts->future_after, &after)))
        return usage(err, "日期无效", "invalid date");

    kh_gen *g = calloc(1, sizeof *g);
    if (!g) goto nomem;
    g->idcnt = calloc(2 * ID_DAYS, sizeof *g->idcnt);
    if (!g->idcnt) goto nomem;
    g->o = *opts;
    g->prov = prov;
    g->ref_days = kh_date_days(opts->year, 12, 31);
    g->visit_end = g->ref_days;
    if (opts->today && today < g->visit_end) g->visit_end = today;
    g->future_base = g->ref_days;
    if (today > g->future_base) g->future_base = today;
    if (after > g->future_base) g->future_base = after;
    g->id_base = kh_date_days(opts->year - ID_YEARS + 1, 1, 1);
    g->line_fen = 100LL * poverty_line(opts->year);

    /* Households and villages, from the shapes alone. */
    cursor cu;
    cursor_init(&cu);
    shape s;
    int open;
    g->scale = 1;
    while (cursor_next(g, &cu, &s, 0, &open)) {
    }
    g->st.persons = opts->persons;
    g->st.households = cu.h;
    g->st.villages = cu.v + 1;
    g->scale = 1 + (int)(g->st.villages / 60000);
    if (g->scale > MAX_GROUP / 15) g->scale = MAX_GROUP / 15;
    g->st.townships = count_groups(g, 3, g->st.villages);
    g->st.counties = count_groups(g, 4, g->st.townships);
    long long c = g->st.counties, m = (c + 8) / 9;
    if (m > 16) m = 16;
    if ((c + m - 1) / m > MAX_COUNTIES_PER_CITY)
        m = (c + MAX_COUNTIES_PER_CITY - 1) / MAX_COUNTIES_PER_CITY;
    if (m > MAX_CITIES) {
        kh_gen_free(g);
        return usage(err, "人数过多,区划代码不够用",
                     "too many persons for the region codes");
    }
    g->st.cities = m;
    g->st.regions =
        1 + g->st.cities + g->st.counties + g->st.townships + g->st.villages;
    if (opts->faults > g->st.households) {
        long long h = g->st.households;
        kh_gen_free(g);
        return kh_error_set(err, KH_ERR_USAGE, "usage",
                            "错误数 %lld 超过户数 %lld(每户至多一处错误)",
                            "%lld faults exceed the %lld households (one "
                            "fault a household at most)",
                            opts->faults, h);
    }
    g->st.faults = opts->faults;
    *out = g;
    return KH_OK;
nomem:
    kh_gen_free(g);
    return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足",
                        "out of memory");
}

void kh_gen_free(kh_gen *g)
{
    if (!g) return;
    free(g->idcnt);
    free(g);
}

void kh_gen_get_stats(const kh_gen *g, kh_gen_stats *out)
{
    *out = g->st;
}

/* ---- the region list ---- */

static void place_name(char *p, uint64_t h, const char *suffix)
{
    p = put_s(p, place_chars[h % NELEM(place_chars)]);
    p = put_s(p, place_chars[(h >> 20) % NELEM(place_chars)]);
    put_s(p, suffix);
}

typedef struct region_row {
    char code[13], name[40], parent[13], pop[24], plan[24];
    const char *level, *western, *poor_county, *poor_village;
} region_row;

static int emit_region(region_row *rr, kh_gen_row_fn fn, void *ctx,
                       kh_error *err)
{
    const char *cells[KH_R_COUNT];
    cells[KH_R_CODE] = rr->code;
    cells[KH_R_NAME] = rr->name;
    cells[KH_R_PARENT] = rr->parent;
    cells[KH_R_LEVEL] = rr->level;
    cells[KH_R_WESTERN] = rr->western;
    cells[KH_R_POOR_COUNTY] = rr->poor_county;
    cells[KH_R_POOR_VILLAGE] = rr->poor_village;
    cells[KH_R_RURAL_POP] = rr->pop;
    cells[KH_R_PLAN_EXIT] = rr->plan;
    return fn(ctx, cells, KH_R_COUNT, err);
}

static void region_at(const kh_gen *g, const cursor *cu, int level,
                      region_row *rr)
{
    cursor tmp = *cu;
    memset(rr, 0, sizeof *rr);
    cursor_code(&tmp, g->o.province, level);
    memcpy(rr->code, tmp.vcode, 13);
    if (level > KH_LV_PROVINCE) kh_region_code_parent(rr->code, rr->parent);
    rr->level = kh_level_name(level);
    rr->western = rr->poor_county = rr->poor_village = "";
}

/* Registered share of the rural population of village v: 5% to 30%. */
static double village_share(const kh_gen *g, long long v)
{
    uint64_t h = hash3(g->o.seed, 5, (uint64_t)v);
    double u = (double)(h >> 11) * (1.0 / 9007199254740992.0);
    return 0.05 + 0.25 * u * u;
}

static int emit_village(const kh_gen *g, const cursor *cu, kh_gen_row_fn fn,
                        void *ctx, kh_error *err)
{
    region_row rr;
    region_at(g, cu, KH_LV_VILLAGE, &rr);
    uint64_t h = hash3(g->o.seed, 6, (uint64_t)cu->v);
    place_name(rr.name, h, "村");
    double share = village_share(g, cu->v);
    long long pop = (long long)((double)cu->v_persons / share) + 1;
    pop += (long long)(h >> 40) % 50;
    put_u(rr.pop, (unsigned long long)pop);
    rr.poor_village = share >= 0.15 ? yes : no;
    return emit_region(&rr, fn, ctx, err);
}

int kh_gen_regions(kh_gen *g, kh_gen_row_fn fn, void *ctx, kh_error *err)
{
    region_row rr;
    memset(&rr, 0, sizeof rr);
    put_pad(rr.code, (unsigned)g->o.province, 2);
    memcpy(rr.code + 2, "0000000000", 11);
    put_s(rr.name, g->prov->name);
    rr.level = kh_level_name(KH_LV_PROVINCE);
    rr.western = g->prov->western ? yes : no;
    rr.poor_county = rr.poor_village = "";
    int rc = emit_region(&rr, fn, ctx, err);

    cursor cu, before;
    cursor_init(&cu);
    shape s;
    int open;
    while (!rc) {
        before = cu;
        int more = cursor_next(g, &cu, &s, 1, &open);
        if ((!more || (open & OPEN_V)) && before.v >= 0)
            rc = emit_village(g, &before, fn, ctx, err);
        if (!more || rc) break;
        if (open & OPEN_M) {
            region_at(g, &cu, KH_LV_CITY, &rr);
            uint64_t h = hash3(g->o.seed, 9, (uint64_t)cu.city);
            place_name(rr.name, h, (h >> 50) % 5 < 2 ? "州" : "市");
            rc = emit_region(&rr, fn, ctx, err);
        }
        if (!rc && (open & OPEN_C)) {
            /* 计划减贫人数: the persons of the county exiting this year. */
            long long plan = 0;
            cursor look = cu;
            shape ls = s;
            int lopen = 0;
            do {
                if (exited(ls.status) && ls.year_out == g->o.year)
                    plan += ls.size;
            } while (cursor_next(g, &look, &ls, 1, &lopen) &&
                     !(lopen & OPEN_C));
            region_at(g, &cu, KH_LV_COUNTY, &rr);
            uint64_t h = hash3(g->o.seed, 10, (uint64_t)cu.c);
            place_name(rr.name, h, "县");
            rr.western = g->prov->western ? yes : no;
            rr.poor_county = (h >> 56) % 10 < 7 ? yes : no;
            put_u(rr.plan, (unsigned long long)plan);
            rc = emit_region(&rr, fn, ctx, err);
        }
        if (!rc && (open & OPEN_T)) {
            region_at(g, &cu, KH_LV_TOWNSHIP, &rr);
            uint64_t h = hash3(g->o.seed, 11, (uint64_t)cu.t);
            place_name(rr.name, h, (h >> 50) % 5 < 3 ? "镇" : "乡");
            rc = emit_region(&rr, fn, ctx, err);
        }
    }
    return rc;
}

/* ---- households ---- */

typedef struct member {
    char name[16], id[24], birth[16];
    const char *sex, *relation, *education, *schooling, *health, *labour, *work,
        *ethnicity, *ins_med, *ins_serious, *ins_pension, *treat_first;
    int rel, age, male, by, bm, bd;
    int student, health_i, labour_i, work_i, edu_i, school_i;
} member;

enum { MONEY_N = KH_C_MED_OOP - KH_C_INC_WAGE + 1 };

typedef struct household {
    shape sh;
    int n;
    member m[MAXM];
    char hh_id[24], village[13];
    const char *type, *cause, *status;
    int cause_i;
    char year_in[8], year_out[8];
    int64_t money[MONEY_N]; /* 分, indexed by column - KH_C_INC_WAGE */
    char money_s[MONEY_N][32];
    const char *housing, *water, *relocated;
    char reloc_self[24];
    char helper[16], helper_id[24], visit[32], measures[256], phone[24];
    int vy, vm, vd;       /* the visit date */
    int ovr_row, ovr_col; /* one cell that differs on one row, or -1 */
    char ovr_val[40];
} household;

#define MONEY(col) (col - KH_C_INC_WAGE)

static void person_name(rng *r, char *p, const char *surname, int male)
{
    p = put_s(p, surname ? surname : PICK(r, surnames));
    int two = chance(r, 0.7);
    for (int i = 0; i < 1 + two; i++)
        p = put_s(p, male ? PICK(r, male_chars) : PICK(r, female_chars));
}

/* Write the 17 digits and the check character of an ID number. */
static void id_write(char *p, const char *prefix, int y, int m, int d,
                     unsigned seq)
{
    memcpy(p, prefix, 6);
    put_pad(p + 6, (unsigned)y, 4);
    put_pad(p + 10, (unsigned)m, 2);
    put_pad(p + 12, (unsigned)d, 2);
    put_pad(p + 14, seq, 3);
    p[17] = kh_idcard_check_char(p);
    p[18] = '\0';
}

/* A unique ID number for m in the current county (may move the birth by a
 * day when a day's 500 sequence numbers of that sex are used up). */
static void assign_id(kh_gen *g, member *m)
{
    long day = kh_date_days(m->by, m->bm, m->bd);
    unsigned k;
    for (;;) {
        uint16_t *cnt = &g->idcnt[(m->male ? ID_DAYS : 0) + (day - g->id_base)];
        if (*cnt < 500) {
            k = (*cnt)++;
            break;
        }
        if (--day < g->id_base) day = g->ref_days;
        kh_date_from_days(day, &m->by, &m->bm, &m->bd);
    }
    unsigned perm = (k * 37 + (unsigned)(day % 500)) % 500;
    id_write(m->id, g->prefix, m->by, m->bm, m->bd,
             perm * 2 + (m->male ? 1 : 0));
}

static void add_member(household *hh, int rel, int age, int male)
{
    if (age < 0) age = 0;
    if (age > 100) age = 100;
    member *m = &hh->m[hh->n++];
    memset(m, 0, sizeof *m);
    m->rel = rel;
    m->age = age;
    m->male = male;
}

/* Relations and ages: exactly one 户主, then spouse, children, in-laws,
 * grandchildren or parents as a rural household of that size has them. */
static void compose(household *hh, rng *r)
{
    int n = hh->sh.size, age, male;
    static const unsigned short band_w[] = {20, 40, 28, 12};
    static const int band_lo[] = {28, 40, 55, 70}, band_hi[] = {39, 54, 69, 85};
    if (hh->sh.type == T_TEKUN) {
        age = chance(r, 0.8) ? range(r, 60, 92) : range(r, 30, 59);
        male = chance(r, 0.7);
    } else if (n == 1) {
        age = chance(r, 0.7) ? range(r, 58, 90) : range(r, 28, 57);
        male = chance(r, 0.6);
    } else {
        int b = wpick(r, band_w, 4);
        age = range(r, band_lo[b], band_hi[b]);
        male = chance(r, 0.88);
    }
    hh->n = 0;
    add_member(hh, R_HEAD, age, male);
    int head_age = age, left = n - 1;
    if (left && hh->sh.type == T_TEKUN) {
        int a = head_age + range(r, -8, 8);
        add_member(hh, R_SIB, a < 18 ? 18 : a, chance(r, 0.5));
        return;
    }
    if (left && chance(r, head_age >= 70 ? 0.6 : 0.82)) {
        int a = male ? head_age - range(r, 0, 6) : head_age + range(r, 0, 6);
        add_member(hh, R_SPOUSE, a < 18 ? 18 : a > 98 ? 98 : a, !male);
        left--;
    }
    if (head_age >= 52) {
        while (left) {
            int son = chance(r, 0.75);
            int ca = head_age - range(r, 22, 32);
            if (ca < 16) ca = 16;
            add_member(hh, son ? R_SON : R_DAUGHTER, ca, son);
            left--;
            if (left && ca >= 20 && chance(r, 0.8)) {
                int a = ca + range(r, -3, 3);
                add_member(hh, son ? R_DIL : R_SIL, a < 18 ? 18 : a, !son);
                left--;
            }
            while (left && ca >= 20) {
                int ga = ca - range(r, 20, 30);
                if (ga < 0) ga = (int)below(r, (uint32_t)(ca - 17));
                int boy = chance(r, 0.52);
                add_member(hh, boy ? R_GSON : R_GDAU, ga, boy);
                left--;
            }
        }
    } else {
        if (left && head_age <= 48 && chance(r, 0.3)) {
            int a = head_age + range(r, 22, 32);
            int father = chance(r, 0.45);
            add_member(hh, father ? R_FATHER : R_MOTHER, a > 95 ? 95 : a,
                       father);
            left--;
        }
        while (left) {
            int ca = head_age - range(r, 20, 35);
            if (ca < 0) ca = (int)below(r, (uint32_t)(head_age - 17));
            int boy = chance(r, 0.52);
            add_member(hh, boy ? R_SON : R_DAUGHTER, ca, boy);
            left--;
        }
    }
}

static void schooling(member *m, rng *r)
{
    int a = m->age, e, s = SC_NO;
    if (a < 3) {
        e = E_PRE;
    } else if (a < 6) {
        e = E_PRE;
        s = chance(r, 0.7) ? SC_PRE : SC_NO;
    } else if (a <= 11) {
        e = E_PRIMARY;
        s = SC_PRIMARY;
    } else if (a <= 15) {
        int junior = a >= 13 || chance(r, 0.5);
        e = junior ? E_JUNIOR : E_PRIMARY;
        s = junior ? SC_JUNIOR : SC_PRIMARY;
    } else if (a <= 18) {
        e = E_JUNIOR;
        if (chance(r, 0.6)) s = chance(r, 0.55) ? SC_SENIOR : SC_VOC;
    } else if (a <= 22) {
        e = chance(r, 0.6) ? E_JUNIOR : E_SENIOR;
        if (chance(r, 0.2)) {
            e = E_SENIOR;
            s = chance(r, 0.5) ? SC_HVOC : SC_COLLEGE;
        }
    } else {
        static const unsigned short old_w[] = {45, 0, 45, 10, 0, 0, 0};
        static const unsigned short mid_w[] = {15, 0, 50, 30, 5, 0, 0};
        static const unsigned short young_w[] = {3, 0, 25, 55, 10, 4, 3};
        e = wpick(r, a >= 60 ? old_w : a >= 40 ? mid_w : young_w, 7);
    }
    m->edu_i = e;
    m->school_i = s;
    m->student = s >= SC_PRIMARY;
}

static void health(member *m, rng *r)
{
    double u = unif(r);
    double chronic = m->age < 16 ? 0.02 : m->age < 60 ? 0.08 : 0.25;
    double serious = m->age < 16 ? 0.01 : m->age < 60 ? 0.03 : 0.06;
    double disabled = m->age < 16 ? 0.02 : m->age < 60 ? 0.05 : 0.08;
    m->health_i = u < chronic                        ? H_CHRONIC
                  : u < chronic + serious            ? H_SERIOUS
                  : u < chronic + serious + disabled ? H_DISABLED
                                                     : H_OK;
}

static void labour(member *m, rng *r, double p_work)
{
    int l;
    if (m->age < 16 || m->student)
        l = L_NONE;
    else if (m->age > 65)
        l = m->health_i != H_OK ? (chance(r, 0.6) ? L_LOST : L_WEAK)
            : chance(r, 0.5)    ? L_WEAK
            : chance(r, 0.4)    ? L_LOST
                                : L_NONE;
    else if (m->health_i == H_DISABLED)
        l = chance(r, 0.6) ? L_LOST : L_WEAK;
    else if (m->health_i == H_SERIOUS)
        l = chance(r, 0.5) ? L_LOST : L_WEAK;
    else if (m->health_i == H_CHRONIC)
        l = chance(r, 0.7) ? L_WEAK : L_NORMAL;
    else if (m->age >= 60)
        l = chance(r, 0.4) ? L_NORMAL : L_WEAK;
    else
        l = chance(r, 0.75) ? L_NORMAL : chance(r, 0.4) ? L_SKILLED : L_WEAK;
    m->labour_i = l;
    m->work_i = W_NO;
    if ((l == L_NORMAL || l == L_SKILLED) && m->age <= 60 && chance(r, p_work))
        m->work_i = W_COUNTY + (int)below(r, 3);
}

static int64_t yuan_cents(rng *r, int64_t fen, double p_cents)
{
    fen -= fen % 100;
    if (fen > 0 && chance(r, p_cents)) fen += below(r, 100);
    return fen;
}

static int64_t scale(int64_t v, double f)
{
    return (int64_t)((double)v * f);
}

/*
 * The year's incomes from the members (wages of those who work away,
 * farming, pensions, 低保 or 特困 support), then nudged so that an exited
 * household is above the poverty line and one not exited mostly below it
 * (transfers alone may lift it above). 人均纯收入 is computed from the
 * amounts as written, rounded to the 分, so income_mismatch cannot fire.
 */
static void incomes(kh_gen *g, household *hh, rng *r)
{
    int n = hh->n, status = hh->sh.status, year = g->o.year;
    int64_t wage = 0, gross = 0, property = 0;
    int64_t dibao = 0, tekun = 0, pension = 0;
    int monthly = year <= 2017 ? 75 : year == 2018 ? 88 : 103;
    for (int i = 0; i < n; i++) {
        const member *m = &hh->m[i];
        switch (m->work_i) {
        case W_COUNTY:
            wage += 1000LL * range(r, 400, 1000);
            break;
        case W_PROVINCE:
            wage += 1000LL * range(r, 600, 1500);
            break;
        case W_OUTSIDE:
            wage += 1000LL * range(r, 800, 2000);
            break;
        default:
            if (m->labour_i <= L_WEAK) {
                gross += 100LL * range(r, 800, 5000);
                if (chance(r, 0.2)) wage += 1000LL * range(r, 30, 300);
            }
            break;
        }
        if (m->age >= 60 && m->ins_pension == yes) pension += 1200LL * monthly;
        if (hh->sh.type == T_DIBAO) dibao += 1200LL * range(r, 120, 280);
        if (hh->sh.type == T_TEKUN) tekun += 1200LL * range(r, 420, 560);
    }
    if (chance(r, 0.25)) property = 100LL * range(r, 100, 1500);
    int64_t other = 100LL * range(r, 50, 1500); /* never a zero income */
    int64_t transfer = dibao + tekun + pension + other;
    double cost = 0.25 + 0.35 * unif(r);
    int64_t line = g->line_fen * n;
    int64_t net = wage + scale(gross, 1 - cost) + property + transfer;
    if (exited(status)) {
        /* Above the line even without 低保 and 特困 money (a stable exit),
         * and transfers at most half of all income. */
        int64_t need = scale(line, 1.1 + 0.4 * unif(r));
        int64_t own = net - dibao - tekun;
        if (own < need) gross += scale(need - own, 1 / (1 - cost));
        int64_t earned = wage + gross + property;
        if (earned < transfer + 20000) gross += transfer + 20000 - earned;
    } else if (status == S_REMOVED) {
        int64_t need = scale(line, 2.0 + 2.0 * unif(r));
        if (net < need) wage += need - net;
    } else {
        int64_t cap = scale(line, 0.7 + 0.4 * unif(r));
        int64_t own = net - transfer;
        if (net > cap && own > 0) {
            double f =
                cap > transfer ? (double)(cap - transfer) / (double)own : 0.1;
            wage = scale(wage, f);
            gross = scale(gross, f);
            property = scale(property, f);
        }
    }
    wage -= wage % 1000; /* whole tens of yuan */
    gross = yuan_cents(r, gross, 0.5);
    int64_t exp = yuan_cents(r, scale(gross, cost), 0.5);
    if (exp > gross) exp = gross;
    property = yuan_cents(r, property, 0.5);
    int64_t *mo = hh->money;
    mo[MONEY(KH_C_INC_WAGE)] = wage;
    mo[MONEY(KH_C_INC_BUSINESS)] = gross;
    mo[MONEY(KH_C_INC_PROPERTY)] = property;
    mo[MONEY(KH_C_INC_TRANSFER)] = transfer;
    mo[MONEY(KH_C_INC_DIBAO)] = dibao;
    mo[MONEY(KH_C_INC_TEKUN)] = tekun;
    mo[MONEY(KH_C_EXP_BUSINESS)] = exp;
    net = wage + gross + property + transfer - exp;
    mo[MONEY(KH_C_INCOME_PC)] = (net + n / 2) / n;
    int64_t med = 0;
    int ill = 0;
    for (int i = 0; i < n; i++)
        ill |= hh->m[i].health_i == H_CHRONIC || hh->m[i].health_i == H_SERIOUS;
    if (ill || hh->cause_i == C_ILL) {
        double u = unif(r); /* 800 to 30,000 yuan, most near the low end */
        med = (int64_t)(100.0 * (800.0 + 29200.0 * u * u * u));
    } else if (chance(r, 0.6)) {
        med = 100LL * range(r, 20, 1500);
    }
    med = yuan_cents(r, med, 0.6);
    /* Below the heavy-burden share (10% of net income) with room to
     * spare. */
    if (med > net * 8 / 100) med = net * 8 / 100;
    mo[MONEY(KH_C_MED_OOP)] = med;
    for (int i = 0; i < MONEY_N; i++)
        fmt_money(hh->money_s[i], mo[i]);
}

static void mobile(rng *r, char *p)
{
    static const char *const heads[] = {"13", "15", "18", "17",
                                        "19", "14", "16"};
    static const unsigned short heads_w[] = {40, 25, 25, 5, 3, 1, 1};
    p = put_s(p, heads[wpick(r, heads_w, NELEM(heads_w))]);
    for (int i = 0; i < 9; i++)
        *p++ = (char)('0' + below(r, 10));
    *p = '\0';
}

#define HELPER_GROUP 5 /* a cadre helps five households, the most allowed */

/* The realistic profile's rates (docs/gen.md "Profiles"): the share of
 * households a perturbation is applied to, each drawn on a stream of its
 * own (22), so that the clean stream is the same in both profiles. */
#define RP_HELPER_VILLAGES 0.50 /* villages whose cadres help 8 households */
#define RP_HELPER_GROUP 8
#define RP_VISIT 0.45           /* last visit 91-390 days back */
#define RP_MEDICAL 0.30         /* out-of-pocket cost 11-40% of net income */
#define RP_PENSION 0.20         /* an eligible member without pension */
#define RP_TREAT 0.15           /* a member not under 先诊疗后付费 */
#define RP_CAUSE 0.10           /* 因学 without a student, 因残 without a
                                   disabled member */
#define RP_EXIT_MEDICAL 0.02    /* exited: a member without medical ins. */
#define RP_TRANSFER 0.15        /* exited: transfers above half of income */
#define RP_UNSTABLE 0.08        /* exited: above the line only with 低保 */

/* Households per cadre in village v. */
static int helper_group(const kh_gen *g, long long v)
{
    if (g->o.profile != KH_GEN_REALISTIC) return HELPER_GROUP;
    rng r;
    rng_seed(&r, hash3(g->o.seed, 23, (uint64_t)v));
    return chance(&r, RP_HELPER_VILLAGES) ? RP_HELPER_GROUP : HELPER_GROUP;
}

/* The helper of the households of village v in group (v_hh - 1) / 5. The
 * ID number is a function of (v, group), so no two cadres share one. */
static void helper(kh_gen *g, household *hh, long long v, int v_hh)
{
    rng r;
    long long group = (v_hh - 1) / helper_group(g, v);
    rng_seed(&r, hash3(g->o.seed, 7, (uint64_t)v * 1024 + (uint64_t)group));
    int male = chance(&r, 0.65);
    person_name(&r, hh->helper, NULL, male);
    uint64_t k = (uint64_t)v * 128 + (uint64_t)group;
    int y, m, d;
    kh_date_from_days(kh_date_days(1962, 1, 1) + (long)(k % 12000), &y, &m, &d);
    id_write(hh->helper_id, g->helper_prefix, y, m, d,
             (unsigned)((k / 12000) % 500) * 2 + (male ? 1 : 0));
}

static void measures(household *hh, rng *r)
{
    int on[M_COUNT] = {0}, students = 0, workers = 0, ill = 0;
    for (int i = 0; i < hh->n; i++) {
        students += hh->m[i].student;
        workers += hh->m[i].work_i != W_NO;
        ill |= hh->m[i].health_i == H_CHRONIC || hh->m[i].health_i == H_SERIOUS;
    }
    on[M_INDUSTRY] = chance(r, 0.6);
    on[M_JOBS] = workers && chance(r, 0.5);
    on[M_RELOC] = hh->relocated == yes;
    on[M_HOUSE] = !on[M_RELOC] && chance(r, 0.2);
    on[M_EDU] = students && chance(r, 0.9);
    on[M_HEALTH] = (ill || hh->cause_i == C_ILL) && chance(r, 0.9);
    on[M_SAFETY] = hh->sh.type != T_GENERAL && chance(r, 0.8);
    on[M_CREDIT] = chance(r, 0.1);
    on[M_ECO] = chance(r, 0.1);
    on[M_PUBLIC] = workers == 0 && hh->n > 0 && chance(r, 0.08);
    on[M_SOLAR] = chance(r, 0.05);
    on[M_OTHER] = chance(r, 0.03);
    char *p = hh->measures;
    *p = '\0';
    int any = 0;
    for (int i = 0; i < M_COUNT; i++) {
        if (!on[i]) continue;
        if (any) p = put_s(p, "；");
        p = put_s(p, measure_label[i]);
        any = 1;
    }
    if (!any) put_s(p, measure_label[M_INDUSTRY]);
}

/* A member of hh that pred accepts, at random, or -1. */
static int pick_member(const household *hh, rng *r,
                       int (*pred)(const member *m))
{
    int idx[MAXM], n = 0;
    for (int i = 0; i < hh->n; i++)
        if (pred(&hh->m[i])) idx[n++] = i;
    return n ? idx[below(r, (uint32_t)n)] : -1;
}

static int pension_eligible(const member *m)
{
    return m->age >= 16 && !m->student;
}

static int any_of(const member *m)
{
    (void)m;
    return 1;
}

/* The realistic profile, before the incomes: insurance, 先诊疗后付费 and
 * 致贫原因 as a county's registry has them before rectification. */
static void realistic_members(household *hh, rng *q)
{
    int i;
    if (chance(q, RP_PENSION) && (i = pick_member(hh, q, pension_eligible)) >= 0)
        hh->m[i].ins_pension = no;
    if (chance(q, RP_TREAT) && (i = pick_member(hh, q, any_of)) >= 0)
        hh->m[i].treat_first = no;
    if (exited(hh->sh.status) && chance(q, RP_EXIT_MEDICAL) &&
        (i = pick_member(hh, q, any_of)) >= 0) {
        hh->m[i].ins_med = no;
        hh->m[i].ins_serious = no;
    }
    if (chance(q, RP_CAUSE)) {
        int students = 0, disabled = 0;
        for (i = 0; i < hh->n; i++) {
            students += hh->m[i].student;
            disabled += hh->m[i].health_i == H_DISABLED;
        }
        if (!students)
            hh->cause_i = C_SCHOOL;
        else if (!disabled)
            hh->cause_i = C_DISABLED;
    }
}

/* The realistic profile, after the incomes: medical cost, transfers and
 * 低保 money of exited households; 人均纯收入 computed again from the
 * amounts so that income_mismatch cannot fire. */
static void realistic_money(kh_gen *g, household *hh, rng *q)
{
    int64_t *mo = hh->money;
    int n = hh->n, changed = 0;
    int64_t *wage = &mo[MONEY(KH_C_INC_WAGE)], *gross = &mo[MONEY(KH_C_INC_BUSINESS)],
            *prop = &mo[MONEY(KH_C_INC_PROPERTY)], *tr = &mo[MONEY(KH_C_INC_TRANSFER)],
            *dibao = &mo[MONEY(KH_C_INC_DIBAO)], *exp = &mo[MONEY(KH_C_EXP_BUSINESS)];
    if (exited(hh->sh.status) && chance(q, RP_UNSTABLE)) {
        /* Own income below the line, made up by 低保金. */
        int64_t own = *wage + *gross + *prop + *tr - *exp - *dibao -
                      mo[MONEY(KH_C_INC_TEKUN)];
        int64_t want = scale(g->line_fen * n, 0.6 + 0.3 * unif(q));
        int64_t x = own - want;
        if (x > 0) {
            int64_t w = x < *wage ? x : *wage;
            w -= w % 100;
            *wage -= w;
            int64_t rest = x - w;
            rest -= rest % 100;
            if (rest > *gross - *exp) rest = *gross - *exp;
            if (rest < 0) rest = 0;
            *gross -= rest;
            *dibao += w + rest;
            *tr += w + rest;
            changed = 1;
        }
    }
    if (exited(hh->sh.status) && chance(q, RP_TRANSFER)) {
        /* Transfers above half of all income. */
        int64_t earned = *wage + *gross + *prop;
        if (*tr <= earned) {
            int64_t add = earned - *tr + 100LL * range(q, 100, 3000);
            *tr += add;
            changed = 1;
        }
    }
    int64_t net = *wage + *gross + *prop + *tr - *exp;
    if (changed) mo[MONEY(KH_C_INCOME_PC)] = (net + n / 2) / n;
    if (chance(q, RP_MEDICAL) && net > 0) {
        mo[MONEY(KH_C_MED_OOP)] = net * range(q, 11, 40) / 100 + 100;
        mo[MONEY(KH_C_MED_OOP)] -= mo[MONEY(KH_C_MED_OOP)] % 100;
        changed = 1;
    }
    if (changed)
        for (int i = 0; i < MONEY_N; i++)
            fmt_money(hh->money_s[i], mo[i]);
}

/* Build household h (its shape s, its place cu) with all its cells. */
static void build_household(kh_gen *g, household *hh, long long h,
                            const shape *s, const cursor *cu)
{
    rng r;
    rng_seed(&r, hash3(g->o.seed, 20, (uint64_t)h));
    hh->sh = *s;
    hh->year_out[0] = hh->reloc_self[0] = hh->phone[0] = '\0';
    hh->ovr_row = hh->ovr_col = -1;
    compose(hh, &r);
    int n = hh->n;

    /* Who the members are. */
    uint64_t vh = hash3(g->o.seed, 8, (uint64_t)cu->v);
    rng vr;
    rng_seed(&vr, vh);
    const char *local = ethnicities[wpick(&vr, ethnic_w, NELEM(ethnicities))];
    const char *ethnic = chance(&r, 0.85) ? local : ethnicities[0];
    const char *family = PICK(&r, surnames);
    int students = 0;
    for (int i = 0; i < n; i++) {
        member *m = &hh->m[i];
        int kin = m->rel == R_HEAD || m->rel == R_SON || m->rel == R_DAUGHTER ||
                  m->rel == R_GSON || m->rel == R_GDAU || m->rel == R_FATHER ||
                  m->rel == R_SIB;
        if (m->rel == R_HEAD && !m->male && hh->n > 1) kin = 0;
        person_name(&r, m->name, kin ? family : NULL, m->male);
        m->ethnicity =
            (m->rel == R_SPOUSE || m->rel == R_DIL || m->rel == R_SIL) &&
                    chance(&r, 0.1)
                ? ethnicities[0]
                : ethnic;
        m->by = g->o.year - m->age;
        int leap = (m->by % 4 == 0 && m->by % 100 != 0) || m->by % 400 == 0;
        kh_date_from_days(kh_date_days(m->by, 1, 1) + (long)below(&r, 365u + leap), &m->by,
              &m->bm, &m->bd);
        assign_id(g, m);
        if (chance(&r, 0.93)) fmt_date(m->birth, m->by, m->bm, m->bd);
        m->sex = m->male ? "男" : "女";
        m->relation = relation_label[m->rel];
        schooling(m, &r);
        students += m->student;
        health(m, &r);
    }

    /* Why it is poor, and the members that bear it out. */
    hh->cause_i = wpick(&r, cause_w, NELEM(cause_w));
    if (hh->cause_i == C_SCHOOL && !students) hh->cause_i = C_FUNDS;
    if (hh->cause_i == C_ILL || hh->cause_i == C_DISABLED) {
        int want = hh->cause_i == C_ILL ? H_CHRONIC : H_DISABLED, has = 0;
        for (int i = 0; i < n; i++)
            has |= hh->m[i].health_i == want ||
                   (want == H_CHRONIC && hh->m[i].health_i == H_SERIOUS);
        if (!has) {
            int i = chance(&r, 0.6) ? 0 : (int)below(&r, (uint32_t)n);
            hh->m[i].health_i =
                want == H_CHRONIC && chance(&r, 0.35) ? H_SERIOUS : want;
        }
    }
    int ex = exited(s->status) || s->status == S_REMOVED;
    for (int i = 0; i < n; i++) {
        member *m = &hh->m[i];
        labour(m, &r, ex ? 0.6 : 0.3);
        m->education = edu_label[m->edu_i];
        m->schooling = school_label[m->school_i];
        m->health = health_label[m->health_i];
        m->labour = labour_label[m->labour_i];
        m->work = work_label[m->work_i];
        m->ins_med = ex || chance(&r, 0.995) ? yes : no;
        m->ins_serious = m->ins_med == yes && chance(&r, 0.98) ? yes : no;
        /* Everyone the review expects to be insured is. */
        m->ins_pension = m->age >= 16 && !m->student ? yes : no;
        m->treat_first = yes;
    }
    /* 缺劳力 only where fewer than two members can work. */
    if (hh->cause_i == C_LABOUR) {
        int able = 0;
        for (int i = 0; i < n; i++)
            able += hh->m[i].labour_i == L_NORMAL ||
                    hh->m[i].labour_i == L_SKILLED;
        if (able >= 2) hh->cause_i = C_FUNDS;
    }

    rng q; /* the realistic profile's own stream */
    rng_seed(&q, hash3(g->o.seed, 22, (uint64_t)h));
    if (g->o.profile == KH_GEN_REALISTIC) realistic_members(hh, &q);

    /* The household columns. */
    memcpy(hh->village, cu->vcode, 13);
    char *p = put_s(hh->hh_id, cu->vcode);
    put_pad(p, (unsigned)cu->v_hh, 4);
    hh->type = type_label[s->type];
    hh->cause = cause_label[hh->cause_i];
    hh->status = status_label[s->status];
    put_u(hh->year_in, (unsigned)s->year_in);
    if (s->year_out) put_u(hh->year_out, (unsigned)s->year_out);
    hh->relocated = chance(&r, 0.08) ? yes : no;
    if (hh->relocated == yes)
        fmt_money(hh->reloc_self,
                  chance(&r, 0.4) ? 0 : 100LL * range(&r, 300, 3000));
    static const unsigned short ok_w[] = {45, 55, 0, 0};
    static const unsigned short poor_w[] = {15, 45, 28, 12};
    static const char *const grade[] = {"A", "B", "C", "D"};
    hh->housing = hh->relocated == yes
                      ? grade[0]
                      : grade[wpick(&r, ex ? ok_w : poor_w, 4)];
    hh->water = ex || chance(&r, 0.85) ? yes : no;
    incomes(g, hh, &r);
    if (g->o.profile == KH_GEN_REALISTIC) realistic_money(g, hh, &q);
    helper(g, hh, cu->v, cu->v_hh);
    /* Visited within the review's 90 days (realistic: not always). */
    long vd = g->visit_end - (long)below(&r, 90);
    if (g->o.profile == KH_GEN_REALISTIC && chance(&q, RP_VISIT))
        vd = g->visit_end - 91 - (long)below(&q, 300);
    kh_date_from_days(vd, &hh->vy, &hh->vm, &hh->vd);
    fmt_date(hh->visit, hh->vy, hh->vm, hh->vd);
    measures(hh, &r);
    if (chance(&r, s->type == T_TEKUN ? 0.6 : 0.85)) mobile(&r, hh->phone);
}

static int emit_household(kh_gen *g, const household *hh, kh_gen_row_fn fn,
                          void *ctx, kh_error *err)
{
    const char *c[KH_C_COUNT];
    c[KH_C_HH_ID] = hh->hh_id;
    c[KH_C_VILLAGE] = hh->village;
    c[KH_C_HH_TYPE] = hh->type;
    c[KH_C_CAUSE] = hh->cause;
    c[KH_C_YEAR_IN] = hh->year_in;
    c[KH_C_STATUS] = hh->status;
    c[KH_C_YEAR_OUT] = hh->year_out;
    for (int i = 0; i < MONEY_N; i++)
        c[KH_C_INC_WAGE + i] = hh->money_s[i];
    c[KH_C_HOUSING] = hh->housing;
    c[KH_C_WATER_SAFE] = hh->water;
    c[KH_C_RELOCATED] = hh->relocated;
    c[KH_C_RELOC_SELF] = hh->reloc_self;
    c[KH_C_HELPER] = hh->helper;
    c[KH_C_HELPER_ID] = hh->helper_id;
    c[KH_C_LAST_VISIT] = hh->visit;
    c[KH_C_MEASURES] = hh->measures;
    c[KH_C_PHONE] = hh->phone;
    int rc = KH_OK;
    for (int i = 0; i < hh->n && !rc; i++) {
        const member *m = &hh->m[i];
        c[KH_C_NAME] = m->name;
        c[KH_C_ID_NO] = m->id;
        c[KH_C_SEX] = m->sex;
        c[KH_C_BIRTH] = m->birth;
        c[KH_C_RELATION] = m->relation;
        c[KH_C_ETHNICITY] = m->ethnicity;
        c[KH_C_EDUCATION] = m->education;
        c[KH_C_SCHOOLING] = m->schooling;
        c[KH_C_HEALTH] = m->health;
        c[KH_C_LABOUR] = m->labour;
        c[KH_C_WORK] = m->work;
        c[KH_C_INS_MED] = m->ins_med;
        c[KH_C_INS_SERIOUS] = m->ins_serious;
        c[KH_C_INS_PENSION] = m->ins_pension;
        c[KH_C_TREAT_FIRST] = m->treat_first;
        const char *keep = NULL;
        if (i == hh->ovr_row) {
            keep = c[hh->ovr_col];
            c[hh->ovr_col] = hh->ovr_val;
        }
        rc = fn(ctx, c, KH_C_COUNT, err);
        if (keep) c[hh->ovr_col] = keep;
        g->row++;
    }
    return rc;
}

/* ---- faults: each kind changes one household so that exactly one
 * finding fires, and says on which of its rows ---- */

typedef struct fault_kind {
    const char *code;
    /* Can the household take it? From its shape alone, so that the plan
     * can look ahead; ring_ok: an earlier clean household's ID is free. */
    int (*fits)(const kh_gen *g, const shape *s, long long h,
                const cursor *cu, int ring_ok);
    int (*apply)(kh_gen *g, household *hh, rng *r); /* returns the row */
} fault_kind;

static int fits_any(const kh_gen *g, const shape *s, long long h,
                    const cursor *cu, int ring_ok)
{
    (void)h;
    (void)cu;
    (void)g;
    (void)s;
    (void)ring_ok;
    return 1;
}

static int fits_dup(const kh_gen *g, const shape *s, long long h,
                    const cursor *cu, int ring_ok)
{
    (void)h;
    (void)cu;
    (void)g;
    (void)s;
    return ring_ok;
}

static int fits_multi(const kh_gen *g, const shape *s, long long h,
                      const cursor *cu, int ring_ok)
{
    (void)h;
    (void)cu;
    (void)g;
    (void)ring_ok;
    return s->size >= 2;
}

static int fits_exited(const kh_gen *g, const shape *s, long long h,
                       const cursor *cu, int ring_ok)
{
    (void)h;
    (void)cu;
    (void)g;
    (void)ring_ok;
    return exited(s->status);
}

static int fits_year_order(const kh_gen *g, const shape *s, long long h,
                           const cursor *cu, int ring_ok)
{
    (void)h;
    (void)cu;
    (void)ring_ok;
    return s->year_out && (s->year_out < g->o.year || s->year_in >= 2014);
}

static int any_member(const household *hh, rng *r)
{
    return (int)below(r, (uint32_t)hh->n);
}

static int f_id_format(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    int i = any_member(hh, r);
    char *id = hh->m[i].id;
    switch (below(r, 3)) {
    case 0:
        id[17] = '\0';
        break; /* check character dropped */
    case 1:
        id[17] = 'Y';
        break; /* not a digit nor X */
    default:
        id[6 + below(r, 11)] = 'O';
        break; /* letter O for a digit */
    }
    return i;
}

static int f_id_birth(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    int i = any_member(hh, r);
    member *m = &hh->m[i];
    /* Month 13..24: never a date, and distinct IDs stay distinct. */
    m->id[10] = (char)('0' + (m->bm + 12) / 10);
    m->id[11] = (char)('0' + (m->bm + 12) % 10);
    m->id[17] = kh_idcard_check_char(m->id);
    m->birth[0] = '\0';
    return i;
}

static int f_id_checksum(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    static const char checks[] = "0123456789X";
    int i = any_member(hh, r);
    char *id = hh->m[i].id;
    const char *at = strchr(checks, id[17]);
    id[17] = checks[((at - checks) + 1 + below(r, 10)) % 11];
    return i;
}

static int f_id_duplicate(kh_gen *g, household *hh, rng *r)
{
    int avail[RING], na = 0;
    for (int k = 0; k < g->ring_n; k++)
        if (!g->ring[k].used) avail[na++] = k;
    dup_src *d = &g->ring[avail[below(r, (uint32_t)na)]];
    d->used = 1;
    int i = any_member(hh, r);
    member *m = &hh->m[i];
    memcpy(m->id, d->id, sizeof d->id);
    memcpy(m->birth, d->birth, sizeof d->birth);
    m->male = d->male;
    m->sex = d->male ? "男" : "女";
    return i;
}

static int f_sex(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    int i = any_member(hh, r);
    hh->m[i].sex = hh->m[i].male ? "女" : "男";
    return i;
}

static int f_birth(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    int i = any_member(hh, r);
    member *m = &hh->m[i];
    int y, mo, d;
    if (m->bd <= 12 && m->bd != m->bm && chance(r, 0.5)) {
        y = m->by, mo = m->bd, d = m->bm; /* month and day swapped */
    } else {
        long day = kh_date_days(m->by, m->bm, m->bd) - 1 - (long)below(r, 400);
        kh_date_from_days(day, &y, &mo, &d);
    }
    fmt_date(m->birth, y, mo, d);
    return i;
}

static int f_hh_inconsistent(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    hh->ovr_row = 1 + (int)below(r, (uint32_t)(hh->n - 1));
    switch (below(r, 4)) {
    case 0:
        hh->ovr_col = KH_C_HELPER;
        do
            person_name(r, hh->ovr_val, NULL, chance(r, 0.6));
        while (strcmp(hh->ovr_val, hh->helper) == 0);
        break;
    case 1: {
        static const char *const grade[] = {"A", "B", "C", "D"};
        hh->ovr_col = KH_C_HOUSING;
        const char *gr;
        do
            gr = PICK(r, grade);
        while (strcmp(gr, hh->housing) == 0);
        put_s(hh->ovr_val, gr);
        break;
    }
    case 2: {
        hh->ovr_col = KH_C_LAST_VISIT;
        int y, m, d;
        kh_date_from_days(kh_date_days(hh->vy, hh->vm, hh->vd) - 1 - (long)below(r, 60), &y,
              &m, &d);
        fmt_date(hh->ovr_val, y, m, d);
        break;
    }
    default:
        hh->ovr_col = KH_C_WATER_SAFE;
        put_s(hh->ovr_val, hh->water == yes ? no : yes);
        break;
    }
    return hh->ovr_row;
}

static int f_helper_id(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    char *id = hh->helper_id;
    if (chance(r, 0.7)) {
        static const char checks[] = "0123456789X";
        const char *at = strchr(checks, id[17]);
        id[17] = checks[((at - checks) + 1 + below(r, 10)) % 11];
    } else {
        id[17] = '\0'; /* one character short */
    }
    return 0;
}

static int f_visit_future(kh_gen *g, household *hh, rng *r)
{
    /* A slip of the year's digit (2019 typed 2119); or later than that. */
    int m = hh->vm, d = hh->vd == 29 && hh->vm == 2 ? 28 : hh->vd;
    long day = kh_date_days(hh->vy + 100, m, d);
    if (day <= g->future_base) day = g->future_base + 30 + (long)below(r, 300);
    int y;
    kh_date_from_days(day, &y, &m, &d);
    fmt_date(hh->visit, y, m, d);
    return 0;
}

static int f_phone(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    char *p = hh->phone;
    mobile(r, p);
    switch (below(r, 3)) {
    case 0:
        p[10] = '\0';
        break; /* a digit short */
    case 1:
        p[11] = (char)('0' + below(r, 10)), p[12] = '\0';
        break;
    default:
        p[1] = '2';
        break; /* no such network */
    }
    return 0;
}

static int f_head_count(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    if (hh->n == 1)
        hh->m[0].relation = relation_label[R_OTHER]; /* nobody is 户主 */
    else
        hh->m[1 + below(r, (uint32_t)(hh->n - 1))].relation =
            relation_label[R_HEAD]; /* two are */
    return 0;
}

static int f_income(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    int64_t *pc = &hh->money[MONEY(KH_C_INCOME_PC)];
    int64_t net = *pc * hh->n;
    if (hh->n >= 2 && net > 1000 && chance(r, 0.4))
        *pc = net; /* the household total, not divided */
    else
        *pc += 100LL * range(r, 5, 800) + below(r, 100);
    fmt_money(hh->money_s[MONEY(KH_C_INCOME_PC)], *pc);
    return 0;
}

static int f_dibao(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    int64_t *mo = hh->money;
    mo[MONEY(KH_C_INC_DIBAO)] =
        mo[MONEY(KH_C_INC_TRANSFER)] + 100LL * range(r, 50, 2000);
    mo[MONEY(KH_C_INC_TEKUN)] = 0;
    fmt_money(hh->money_s[MONEY(KH_C_INC_DIBAO)], mo[MONEY(KH_C_INC_DIBAO)]);
    fmt_money(hh->money_s[MONEY(KH_C_INC_TEKUN)], 0);
    return 0;
}

static int f_year_order(kh_gen *g, household *hh, rng *r)
{
    shape *s = &hh->sh;
    if (s->year_out < g->o.year && (s->year_in < 2014 || chance(r, 0.5)))
        s->year_in = s->year_out + 1 +
                     (int)below(r, (uint32_t)(g->o.year - s->year_out));
    else
        s->year_out =
            s->year_in - 1 - (int)below(r, (uint32_t)(s->year_in - 2013));
    put_u(hh->year_in, (unsigned)s->year_in);
    put_u(hh->year_out, (unsigned)s->year_out);
    return 0;
}

static int f_exit_year(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    (void)r;
    hh->year_out[0] = '\0';
    return 0;
}

static int f_value_enum(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    int i = any_member(hh, r);
    member *m = &hh->m[i];
    switch (below(r, 7)) {
    case 0:
        m->health = "良好";
        return i;
    case 1:
        m->education = "本科";
        return i;
    case 2:
        m->labour = "强劳动力";
        return i;
    case 3:
        m->work = "外出务工";
        return i;
    case 4:
        m->ins_med = "有";
        return i;
    case 5:
        if (hh->measures[0]) strcat(hh->measures, "；");
        strcat(hh->measures, "修路");
        return 0;
    default:
        hh->housing = "E";
        return 0;
    }
}

static int f_value_required(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    int i = any_member(hh, r);
    hh->m[i].name[0] = '\0';
    return i;
}

static int f_value_number(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    static const char *const bad[] = {"-300.5", "350.125", "约800", "八百"};
    put_s(hh->money_s[MONEY(KH_C_MED_OOP)], PICK(r, bad));
    return 0;
}

static int f_value_date(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    char *p = hh->visit;
    switch (below(r, 3)) {
    case 0:
        fmt_date(p, hh->vy, 2, 30);
        break;
    case 1:
        fmt_date(p, hh->vy, 13, hh->vd);
        break;
    default:
        /* The year left out (2019年5月3日 is a date kaohe reads). */
        p = put_u(p, (unsigned)hh->vm);
        p = put_s(p, "月");
        p = put_u(p, (unsigned)hh->vd);
        put_s(p, "日");
        break;
    }
    return 0;
}

/* ---- faults of the exit review (docs/review.md): each changes one
 * household so that exactly one review finding fires, reported on the
 * household's first row ---- */

/* The members' ages of household h, as build_household will make them
 * (compose() is the first use of the household's stream). */
static int ages_of(const kh_gen *g, const shape *s, long long h, int *ages)
{
    household tmp;
    rng r;
    rng_seed(&r, hash3(g->o.seed, 20, (uint64_t)h));
    tmp.sh = *s;
    compose(&tmp, &r);
    for (int i = 0; i < tmp.n; i++)
        ages[i] = tmp.m[i].age;
    return tmp.n;
}

static int fits_exited_water(const kh_gen *g, const shape *s, long long h,
                             const cursor *cu, int ring_ok)
{
    /* Safe water is an exit condition from 2019 (exit.water_from_year). */
    return g->o.year >= 2019 && fits_exited(g, s, h, cu, ring_ok);
}

static int fits_exited_child(const kh_gen *g, const shape *s, long long h,
                             const cursor *cu, int ring_ok)
{
    (void)cu;
    (void)ring_ok;
    int ages[MAXM], n;
    if (!exited(s->status)) return 0;
    n = ages_of(g, s, h, ages);
    for (int i = 0; i < n; i++)
        if (ages[i] >= 6 && ages[i] <= 15) return 1;
    return 0;
}

static int fits_age_outside(const kh_gen *g, const shape *s, long long h,
                            const cursor *cu, int ring_ok)
{
    (void)cu;
    (void)ring_ok;
    int ages[MAXM], n = ages_of(g, s, h, ages);
    for (int i = 0; i < n; i++)
        if (ages[i] < 16 || ages[i] > 65) return 1;
    return 0;
}

/* helper_overload: the household joins the previous group of five of its
 * village, none of which carries a fault (so all five are stored even
 * when faulty households are rejected at import). */
static int fits_helper(const kh_gen *g, const shape *s, long long h,
                       const cursor *cu, int ring_ok)
{
    (void)s;
    (void)ring_ok;
    int group = (cu->v_hh - 1) / HELPER_GROUP;
    if (group < 1) return 0;
    long long donor = h - (cu->v_hh - 1) + (long long)(group - 1) * HELPER_GROUP;
    return donor > g->last_fault;
}

/* Rewrite the money of a household: wages w, 低保 d and other transfers
 * o, medical cost med; nothing else; 人均纯收入 to match. */
static void set_money(household *hh, int64_t w, int64_t d, int64_t o,
                      int64_t med)
{
    int64_t *mo = hh->money;
    for (int i = 0; i < MONEY_N; i++)
        mo[i] = 0;
    mo[MONEY(KH_C_INC_WAGE)] = w;
    mo[MONEY(KH_C_INC_TRANSFER)] = d + o;
    mo[MONEY(KH_C_INC_DIBAO)] = d;
    mo[MONEY(KH_C_INCOME_PC)] = (w + d + o + hh->n / 2) / hh->n;
    mo[MONEY(KH_C_MED_OOP)] = med;
    for (int i = 0; i < MONEY_N; i++)
        fmt_money(hh->money_s[i], mo[i]);
}

/* Whole yuan at or below a share of the line for the household, and
 * just above one. */
static int64_t line_below(const kh_gen *g, const household *hh, int tenths)
{
    int64_t v = g->line_fen * hh->n * tenths / 10;
    return v - v % 1000;
}

static int64_t line_above(const kh_gen *g, const household *hh, int tenths)
{
    int64_t v = g->line_fen * hh->n * tenths / 10;
    return v - v % 100 + 100;
}

static int f_exit_income(kh_gen *g, household *hh, rng *r)
{
    (void)r;
    set_money(hh, line_below(g, hh, 8), 0, 0, 0);
    return 0;
}

static int f_exit_dropout(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    (void)r;
    int k = -1, students = 0;
    for (int i = 0; i < hh->n; i++) {
        if (k < 0 && hh->m[i].age >= 6 && hh->m[i].age <= 15) k = i;
        students += hh->m[i].student;
    }
    member *m = &hh->m[k];
    m->schooling = school_label[SC_NO];
    if (hh->cause_i == C_SCHOOL && students == 1)
        hh->cause = cause_label[C_FUNDS]; /* or 因学 would contradict too */
    return 0;
}

static int f_exit_medical(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    member *m = &hh->m[any_member(hh, r)];
    m->ins_med = no;
    m->ins_serious = no;
    return 0;
}

static int f_exit_housing(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    hh->housing = chance(r, 0.6) ? "C" : "D";
    return 0;
}

static int f_exit_water(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    (void)r;
    hh->water = no;
    return 0;
}

static int f_unstable(kh_gen *g, household *hh, rng *r)
{
    (void)r;
    /* 0.9 of the line earned, 0.3 from 低保: above the line only with it;
     * 低保 a quarter of all income. */
    set_money(hh, line_below(g, hh, 9), line_above(g, hh, 3), 0, 0);
    return 0;
}

static int f_transfer_share(kh_gen *g, household *hh, rng *r)
{
    (void)r;
    /* 0.5 of the line earned, 0.8 from other transfers (pensions,
     * subsidies): above the line, and transfers 60% of all income. */
    set_money(hh, line_below(g, hh, 5), 0, line_above(g, hh, 8), 0);
    return 0;
}

static int f_cause(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    (void)r;
    int disabled = 0;
    for (int i = 0; i < hh->n; i++)
        disabled |= hh->m[i].health_i == H_DISABLED;
    if (!disabled) {
        hh->cause = cause_label[C_DISABLED];
        return 0;
    }
    hh->cause = cause_label[C_ILL];
    for (int i = 0; i < hh->n; i++)
        if (hh->m[i].health_i == H_CHRONIC || hh->m[i].health_i == H_SERIOUS)
            hh->m[i].health = health_label[H_OK];
    return 0;
}

static int f_pension(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    (void)r;
    hh->m[0].ins_pension = no; /* the 户主, 28 or older, not in school */
    return 0;
}

static int f_medical_burden(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    int64_t *mo = hh->money;
    int64_t net = mo[MONEY(KH_C_INC_WAGE)] + mo[MONEY(KH_C_INC_BUSINESS)] +
                  mo[MONEY(KH_C_INC_PROPERTY)] + mo[MONEY(KH_C_INC_TRANSFER)] -
                  mo[MONEY(KH_C_EXP_BUSINESS)];
    int64_t med = net / 10 + 100LL * range(r, 50, 3000);
    mo[MONEY(KH_C_MED_OOP)] = med;
    fmt_money(hh->money_s[MONEY(KH_C_MED_OOP)], med);
    return 0;
}

static int f_reloc_debt(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    hh->relocated = yes;
    fmt_money(hh->reloc_self, 100LL * range(r, 10001, 30000));
    return 0;
}

static int f_helper_overload(kh_gen *g, household *hh, rng *r)
{
    (void)r;
    int group = (g->cur_vhh - 1) / HELPER_GROUP;
    helper(g, hh, g->cur_v, (group - 1) * HELPER_GROUP + 1);
    return 0;
}

static int f_visit_overdue(kh_gen *g, household *hh, rng *r)
{
    long day = g->visit_end - 91 - (long)below(r, 200);
    kh_date_from_days(day, &hh->vy, &hh->vm, &hh->vd);
    fmt_date(hh->visit, hh->vy, hh->vm, hh->vd);
    return 0;
}

static int f_treat_first(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    hh->m[any_member(hh, r)].treat_first = no;
    return 0;
}

static int f_labour_age(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    int k = -1, able = 0;
    for (int i = 0; i < hh->n; i++)
        if (k < 0 && (hh->m[i].age < 16 || hh->m[i].age > 65)) k = i;
    hh->m[k].labour_i = chance(r, 0.8) ? L_NORMAL : L_SKILLED;
    hh->m[k].labour = labour_label[hh->m[k].labour_i];
    for (int i = 0; i < hh->n; i++)
        able += hh->m[i].labour_i == L_NORMAL || hh->m[i].labour_i == L_SKILLED;
    if (hh->cause_i == C_LABOUR && able >= 2)
        hh->cause = cause_label[C_FUNDS]; /* or 缺劳力 would contradict */
    return 0;
}

static int f_income_outlier(kh_gen *g, household *hh, rng *r)
{
    (void)g;
    set_money(hh, 100LL * (100000 + range(r, 1000, 50000)) * hh->n, 0, 0, 0);
    return 0;
}

static const fault_kind kinds[NKINDS] = {
    {"id_format", fits_any, f_id_format},
    {"id_birth", fits_any, f_id_birth},
    {"id_checksum", fits_any, f_id_checksum},
    {"id_duplicate", fits_dup, f_id_duplicate},
    {"sex_mismatch", fits_any, f_sex},
    {"birth_mismatch", fits_any, f_birth},
    {"hh_inconsistent", fits_multi, f_hh_inconsistent},
    {"helper_id_checksum", fits_any, f_helper_id},
    {"visit_future", fits_any, f_visit_future},
    {"phone_format", fits_any, f_phone},
    {"head_count", fits_any, f_head_count},
    {"income_mismatch", fits_any, f_income},
    {"dibao_exceeds_transfer", fits_any, f_dibao},
    {"year_order", fits_year_order, f_year_order},
    {"exit_year_missing", fits_exited, f_exit_year},
    {"value_enum", fits_any, f_value_enum},
    {"value_required", fits_any, f_value_required},
    {"value_number", fits_any, f_value_number},
    {"value_date", fits_any, f_value_date},
    {"exit_income", fits_exited, f_exit_income},
    {"exit_dropout", fits_exited_child, f_exit_dropout},
    {"exit_medical", fits_exited, f_exit_medical},
    {"exit_housing", fits_exited, f_exit_housing},
    {"exit_water", fits_exited_water, f_exit_water},
    {"unstable_income", fits_exited, f_unstable},
    {"transfer_share_high", fits_exited, f_transfer_share},
    {"cause_inconsistent", fits_any, f_cause},
    {"pension_gap", fits_any, f_pension},
    {"medical_burden", fits_any, f_medical_burden},
    {"reloc_debt", fits_any, f_reloc_debt},
    {"helper_overload", fits_helper, f_helper_overload},
    {"visit_overdue", fits_any, f_visit_overdue},
    {"treat_first_missing", fits_any, f_treat_first},
    {"labour_age", fits_age_outside, f_labour_age},
    {"income_outlier", fits_any, f_income_outlier},
};

size_t kh_gen_fault_codes(const char *const **codes)
{
    static const char *list[NKINDS];
    for (int i = 0; i < NKINDS; i++)
        list[i] = kinds[i].code;
    *codes = list;
    return NKINDS;
}

/* Fault i's window of households: [fault_pos(i), fault_pos(i + 1)),
 * evenly spaced, the first not at 0. */
static long long fault_pos(const kh_gen *g, long long i)
{
    if (i >= g->o.faults) return g->st.households;
    return (2 * i + 1) * g->st.households / (2 * g->o.faults);
}

static int ring_free(const kh_gen *g)
{
    for (int i = 0; i < g->ring_n; i++)
        if (!g->ring[i].used) return 1;
    return 0;
}

/*
 * The first household in [h, end) that can take kind k, or -1. h is the
 * household the cursor cu has just stepped onto (shape s); later ones are
 * looked at with a copy of the cursor. The households passed over are
 * clean, so from h + 1 on an ID to copy is always at hand.
 */
static long long scan(const kh_gen *g, const cursor *cu, const shape *s,
                      long long h, long long end, int k)
{
    if (kinds[k].fits(g, s, h, cu, ring_free(g))) return h;
    cursor look = *cu;
    shape ls;
    int open;
    for (long long t = h + 1; t < end; t++) {
        if (!cursor_next(g, &look, &ls, 1, &open)) break;
        if (kinds[k].fits(g, &ls, t, &look, 1)) return t;
    }
    return -1;
}

/*
 * Plan the fault whose window starts at h: its kind and household. Kinds
 * come round-robin; one that no household of the window can take is
 * postponed (held) and goes first in later windows. id_checksum fits any
 * household, so a plan is always found.
 */
static void plan_fault(kh_gen *g, const cursor *cu, const shape *s, long long h)
{
    long long end = fault_pos(g, ++g->next_fault);
    g->nominal = end;
    for (int k = 0; k < NKINDS; k++) {
        long long t;
        if (g->held[k] && (t = scan(g, cu, s, h, end, k)) >= 0) {
            g->held[k]--;
            g->target = t;
            g->target_kind = k;
            return;
        }
    }
    for (;;) {
        int k = (int)(g->rr++ % NKINDS);
        long long t = scan(g, cu, s, h, end, k);
        if (t >= 0) {
            g->target = t;
            g->target_kind = k;
            return;
        }
        g->held[k]++;
    }
}

static void remember(kh_gen *g, const household *hh, rng *r)
{
    const member *m = &hh->m[below(r, (uint32_t)hh->n)];
    dup_src *d = &g->ring[g->ring_at];
    memcpy(d->id, m->id, sizeof d->id);
    memcpy(d->birth, m->birth, sizeof d->birth);
    d->male = m->male;
    d->used = 0;
    g->ring_at = (g->ring_at + 1) % RING;
    if (g->ring_n < RING) g->ring_n++;
}

int kh_gen_registry(kh_gen *g, kh_gen_row_fn row, kh_gen_fault_fn fault,
                    void *ctx, kh_error *err)
{
    g->row = 0;
    g->rr = 0;
    memset(g->held, 0, sizeof g->held);
    g->ring_n = g->ring_at = 0;
    g->next_fault = 0;
    g->nominal = g->o.faults ? fault_pos(g, 0) : -1;
    g->target = -1;
    g->last_fault = -1;
    household *hh = malloc(sizeof *hh);
    if (!hh)
        return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足",
                            "out of memory");
    cursor cu;
    cursor_init(&cu);
    shape s;
    int open, rc = KH_OK;
    while (!rc && cursor_next(g, &cu, &s, 1, &open)) {
        long long h = cu.h - 1;
        if (open & OPEN_C) {
            memset(g->idcnt, 0, 2 * ID_DAYS * sizeof *g->idcnt);
            memcpy(g->prefix, cu.vcode, 6);
            memcpy(g->helper_prefix, cu.vcode, 4);
            memcpy(g->helper_prefix + 4, "01", 3);
        }
        if (h == g->nominal) plan_fault(g, &cu, &s, h);
        g->cur_v = cu.v;
        g->cur_vhh = cu.v_hh;
        build_household(g, hh, h, &s, &cu);
        rng r;
        rng_seed(&r, hash3(g->o.seed, 30, (uint64_t)h));
        int k = -1, frow = 0;
        if (h == g->target) {
            k = g->target_kind;
            frow = kinds[k].apply(g, hh, &r);
            g->target = -1;
            g->last_fault = h;
        } else {
            remember(g, hh, &r);
        }
        long long first = g->row + 1;
        rc = emit_household(g, hh, row, ctx, err);
        if (!rc && k >= 0 && fault) {
            kh_gen_fault f;
            f.row = first + frow;
            f.hh_id = hh->hh_id;
            f.id_no = hh->m[frow].id;
            f.code = kinds[k].code;
            rc = fault(ctx, &f, err);
        }
    }
    free(hh);
    return rc;
}
