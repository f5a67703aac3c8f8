# The findings list (GET /api/households?finding=CODE) page by page
# against the database: every finding of a generated registry, as the
# administrator (every region), a 市级 and a 县级 user, by village and by
# 人均纯收入, each order both ways, per_page 7: the total and every
# page's 户编号 equal SQL's over the review's bits, up to one page past
# the end. The list is read three ways (web_store.c: counted in
# review_flagged alone; the walk from the nearer end; the finding's
# households by rowid when the walk would be long); the registry is large
# enough and its findings rare enough that a page deep into a rare
# finding's list is read the third way.
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"
expect_exit 0 "$KAOHE" gen --persons 40000 --seed 3 --profile realistic --out g
expect_exit 0 "$KAOHE" import regions g/regions.csv $DB
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 $DB
expect_exit 0 "$KAOHE" review --year 2019 $DB
COUNTY=$(sqlite3 k.db "select code from region where level = 3 order by code limit 1")
CITY=$(sqlite3 k.db "select code from region where level = 2 order by code limit 1")
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'city-pass-2020' | expect_exit 0 "$KAOHE" user add 市 --role 市级 \
    --region "$CITY" --password-stdin $DB
echo 'county-pass-2020' | expect_exit 0 "$KAOHE" user add 县 --role 县级 \
    --region "$COUNTY" --password-stdin $DB
serve_start $DB --listen 127.0.0.1:0 --threads 2
URL=$URL python3 - "$TOP" <<'PY' || fail "the findings pages"
import json, os, re, sqlite3, sys, urllib.request
url = os.environ['URL']
codes = re.findall(r'"([a-z_]+)"', open(sys.argv[1] + '/src/domain/review.c').read().split('kh_review_codes[KH_RV_COUNT] = {')[1].split('};')[0])
db = sqlite3.connect('k.db')
def login(user, pw):
    r = urllib.request.urlopen(urllib.request.Request(url + '/api/login', json.dumps({'user': user, 'password': pw}).encode(), {'Content-Type': 'application/json'}))
    return re.search(r'kh_session=([0-9a-f]+)', r.headers['Set-Cookie']).group(1)
def get(tok, path):
    return json.load(urllib.request.urlopen(urllib.request.Request(url + path, headers={'Cookie': 'kh_session=' + tok})))
checked = set_pages = 0
for user, pw in (('admin', 'admin-pass-2020'), ('市', 'city-pass-2020'), ('县', 'county-pass-2020')):
    tok = login(user, pw)
    me = get(tok, '/api/me')
    region = me.get('region') or ''
    lo, hi = (region.rstrip('0') or '', region.rstrip('0') + '~') if region else ('', '~')
    for k, code in enumerate(codes):
        for sort, cols in (('village', 'h.village, h.id'), ('income_pc', 'h.income_pc, h.village, h.status, h.id')):
            for desc in (0, 1):
                order = cols if not desc else ', '.join(c + ' DESC' for c in cols.split(', '))
                want = [r[0] for r in db.execute(
                    f"select h.hh_id from household h join review r on r.household = h.id"
                    f" where h.year = 2019 and (r.flagged >> ?) & 1 and h.village >= ? and h.village < ?"
                    f" order by {order}", (k, lo, hi))]
                per = 7
                last = (len(want) + per - 1) // per
                pages = sorted(set([1, 2, last // 2, last // 2 + 1, last - 1, last, last + 1]) - {0, -1})
                if len(want) < 200: pages = range(1, last + 2)
                for p in pages:
                    d = get(tok, f'/api/households?year=2019&finding={code}&sort={sort}&order={"desc" if desc else "asc"}&per_page={per}&page={p}')
                    got = [h['hh_id'] for h in d['households']]
                    exp = want[(p - 1) * per:p * per]
                    assert d['total'] == len(want), (user, code, sort, desc, d['total'], len(want))
                    assert got == exp, (user, code, sort, desc, p, got, exp)
                    checked += 1
print(f'{checked} pages checked', file=sys.stderr)
assert checked > 500
PY
echo "the findings list: every page as SQL reads it"
