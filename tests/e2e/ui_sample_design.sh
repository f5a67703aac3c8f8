# 抽样 as a browser job (tests/ui/ui_sample_design.cjs): a design run from
# the 抽样 page draws what `kaohe sample design` draws with the same
# parameters, and its field list downloaded from the browser (CSV and
# XLSX) holds every household drawn with the heads' ID numbers masked
# (the last four, kaohe/mask.h) and the design's id; filled in, the CSV
# is the file `kaohe import survey` reads. The downloads and the refusals
# are audited. Screenshots sample-design*.png.
. "$TOP/tests/e2e/lib.sh"
. "$TOP/tests/ui/setup.sh"
SEED=7
# what the command line draws with the same parameters (design 2 of a copy)
cp k.db cli.db
KAOHE_USER=admin expect_exit 0 "$KAOHE" sample design --year 2019 --region $COUNTY \
    --margin 10% --villages-per-county 3 --seed $SEED --db cli.db
DRAWN=$(sqlite3 cli.db "select count(*) from sample_household where design = 2")
VILLAGES=$(sqlite3 cli.db "select count(*) from sample_village where design = 2")
[ "$DRAWN" -gt 0 ] || fail "the CLI draws households"
UI_COUNTY=$COUNTY UI_COUNTY_NAME=$(q "select name from region where code = '$COUNTY'") UI_SEED=$SEED UI_DESIGN=2 UI_DRAWN=$DRAWN UI_VILLAGES=$VILLAGES \
    node "$TOP/tests/ui/ui_sample_design.cjs" || fail "browser test"
[ "$(q "select group_concat(hh_id) from (select hh_id from sample_household where design = 2 order by hh_id)")" = \
  "$(sqlite3 cli.db "select group_concat(hh_id) from (select hh_id from sample_household where design = 2 order by hh_id)")" ] ||
    fail "the browser's design draws the CLI's households"
# the lists: every household drawn, the head's ID masked, the design's id
# (the expected head: the 户主, else the household's first member)
q "select h.hh_id || '|' || (select m.id_no from member m where m.household = h.id
     order by m.relation = '户主' desc, m.id limit 1)
   from sample_household sh join household h on h.hh_id = sh.hh_id and h.year = 2019
   where sh.design = 2 order by h.hh_id" > expect.txt
cat > lists.py <<'PY'
import csv, re, sys, zipfile, xml.etree.ElementTree as ET
def rows_csv(p):
    with open(p, encoding='utf-8-sig') as f:
        return list(csv.reader(f))
def rows_xlsx(p):
    z = zipfile.ZipFile(p)
    ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
    ss = []
    if 'xl/sharedStrings.xml' in z.namelist():
        for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', ns):
            ss.append(''.join(t.text or '' for t in si.iter('{%s}t' % ns['m'])))
    out = []
    for row in ET.fromstring(z.read('xl/worksheets/sheet1.xml')).iter('{%s}row' % ns['m']):
        cells = {}
        for c in row.findall('m:c', ns):
            col = re.match(r'[A-Z]+', c.get('r')).group(0)
            i = 0
            for ch in col: i = i * 26 + ord(ch) - 64
            v = c.find('m:v', ns)
            t = c.find('.//m:t', ns)
            if c.get('t') == 's': val = ss[int(v.text)]
            elif t is not None: val = t.text or ''
            else: val = v.text if v is not None else ''
            cells[i - 1] = val
        out.append([cells.get(i, '') for i in range(max(cells) + 1)] if cells else [])
    return out
path, design = sys.argv[1], sys.argv[2]
rows = rows_xlsx(path) if path.endswith('.xlsx') else rows_csv(path)
head = rows[0]
want = ['户编号', '类别', '户主姓名', '户主证件号码', '家庭人口', '行政区划代码', '村名称']
assert head[:7] == want, head
assert head[-1] == '抽样方案编号', head
expect = dict(l.strip().split('|') for l in open('expect.txt') if l.strip())
got = {}
for r in rows[1:]:
    r = r + [''] * (len(head) - len(r))
    got[r[0]] = r
    assert r[head.index('抽样方案编号')] == design, r
    idn = expect[r[0]]
    assert re.fullmatch(r'\*+[0-9X]{4}', r[3]) and r[3][-4:] == idn[-4:] and len(r[3]) == len(idn), (r[3], idn)
    assert idn not in ','.join(r), 'an ID number whole'
    assert r[1] in ('已脱贫户', '未脱贫户', '非建档立卡户'), r[1]
assert sorted(got) == sorted(expect), (len(got), len(expect))
print(len(got))
PY
for f in lists-admin.csv lists-admin.xlsx lists-third.csv; do
    [ -s "$ARTIFACTS/$f" ] || fail "downloaded $f"
    n=$(python3 lists.py "$ARTIFACTS/$f" 2) || fail "the field list $f: $n"
    [ "$n" = "$DRAWN" ] || fail "$f holds every household drawn: $n"
done
# filled in, the CSV is a survey `kaohe import survey` takes
python3 - "$ARTIFACTS/lists-admin.csv" filled.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig')))
head = rows[0]
fill = {'人均纯收入': '6000', '不愁吃穿': '是', '适龄儿童失学辍学': '否',
        '全员参加基本医疗保险': '是', '住房安全等级': 'A', '饮水安全': '是',
        '认可识别': '是', '认可退出': '是', '认可帮扶': '是', '调查员': '张三',
        '调查日期': '2019-12-01'}
with open(sys.argv[2], 'w', encoding='utf-8', newline='') as f:
    w = csv.writer(f)
    w.writerow(head)
    for r in rows[1:]:
        r = r + [''] * (len(head) - len(r))
        w.writerow([fill.get(h, v) for h, v in zip(head, r)])
PY
KAOHE_USER=admin expect_exit 0 "$KAOHE" import survey filled.csv --design 2 $DB
[ "$(q "select count(*) from survey where design = 2")" = "$DRAWN" ] ||
    fail "the filled list imported as the survey: $(cat err.txt)"
# audited: the design, the three downloads with their households, the
# refusals
[ "$(q "select count(*) from audit where action = 'sample.design' and who = 'admin' and outcome = 'ok'")" = 1 ] ||
    fail "the design audited: $(q "select action, who, outcome from audit where action like 'sample%'")"
[ "$(q "select group_concat(who || ':' || records) from (select who, records from audit
      where action = 'sample.lists' and outcome = 'ok' order by id)")" = \
  "admin:$DRAWN,admin:$DRAWN,评估:$DRAWN" ] ||
    fail "the downloads audited: $(q "select action, who, outcome, records from audit where action like 'sample%'")"
[ "$(q "select group_concat(action || ':' || who || ':' || outcome) from (select action, who, outcome from audit
      where action like 'sample.%' and outcome <> 'ok' order by id)")" = \
  "sample.lists.unmask:admin:denied,sample.lists:丙:denied,sample.design:丙:denied" ] ||
    fail "the refusals audited: $(q "select action, who, outcome from audit where action like 'sample%'")"
python3 "$TOP/tests/e2e/plain_text.py" --allow admin "$ARTIFACTS/sample-design.txt" > scan.txt ||
    fail "the page in plain Chinese: $(cat scan.txt)"
for f in sample-design sample-design-phone sample-third-lists; do
    [ -s "$ARTIFACTS/$f.png" ] || fail "screenshot $f.png"
done
echo "抽样 from the browser: the CLI's design, its field list masked and importable"
