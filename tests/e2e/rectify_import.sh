# The plan sheet imported as strictly as the registry (issue 15): headings
# by name or a known alias, a 序号 column or any unknown heading refused
# with the header named (it used to import every row as a new problem),
# a missing required column refused, a renamed 措施 column taken (it used
# to be dropped), two rows with one 问题编号 refused with both named (the
# second used to overwrite the first), a row whose 问题/区划/类别/年度
# disagree with the stored problem refused unless --update-identity, a row
# without 问题编号 refused unless --allow-new, a closed problem left alone;
# every refusal leaves the database's dump as it was. --dry-run prints the
# changes field by field and writes nothing. A round trip with every
# column renamed to one of its aliases changes nothing.
. "$TOP/tests/e2e/lib.sh"
D=$TOP/tests/e2e/review
DB="--db k.db"

expect_exit 0 "$KAOHE" import regions "$D/regions.csv" $DB
expect_exit 0 "$KAOHE" user add 张三 --role 县级 --region 533124000000 $DB
expect_exit 0 "$KAOHE" user add 李四 --role 考核组 $DB
export KAOHE_USER=张三
for t in 驻村工作队员长期不在岗 扶贫资金滞留乡镇 危房改造验收不严; do
    expect_exit 0 "$KAOHE" rectify add --region 533124000000 --source 暗访 \
        --category 基层基础工作不扎实 --text "$t" --date 2020-05-03 $DB
done
expect_exit 0 "$KAOHE" rectify plan 1 --measures 每周点名 --lead 县委组织部 \
    --unit 县扶贫办 --unit 各乡镇 --deadline 2020-09-30 $DB
expect_exit 0 "$KAOHE" rectify plan 2 --measures 清理滞留资金 --lead 县财政局 \
    --unit 县医保局 --deadline 2020-09-30 $DB
expect_exit 0 "$KAOHE" rectify plan 3 --measures 重新验收 --lead 县住建局 \
    --deadline 2020-08-31 $DB
# Problem 3 is closed.
expect_exit 0 "$KAOHE" rectify progress 3 --note 已重新验收 $DB
echo 验收单 > 验收单.txt
expect_exit 0 "$KAOHE" rectify request-close 3 --evidence 验收单.txt $DB
KAOHE_USER=李四 expect_exit 0 "$KAOHE" rectify verify 3 $DB

expect_exit 0 "$KAOHE" rectify export -o plan.csv $DB
# dump_data DB : the dump without the audit log (a refusal is audited).
dump_data() { dump "$1" | grep -v "^INSERT INTO audit "; }
# refused NAME PATTERN [OPTIONS] : the import of NAME exits 1, its error
# says PATTERN, the database is unchanged but for the refusal's audit
# entry.
refused() {
    f=$1; pat=$2; shift 2
    before=$(dump_data k.db)
    na=$(sqlite3 k.db "select count(*) from audit where action = 'problem.import' and outcome = 'refused'")
    expect_exit 1 "$KAOHE" rectify import "$f" "$@" $DB
    grep -q "$pat" err.txt || { cat err.txt >&2; fail "$f: error says $pat"; }
    [ "$(dump_data k.db)" = "$before" ] || fail "$f: a refused sheet changed the database"
    [ "$(sqlite3 k.db "select count(*) from audit where action = 'problem.import' and outcome = 'refused'")" = $((na + 1)) ] ||
        fail "$f: the refusal audited"
}

# 1. 问题编号 headed 序号: refused, the header named; nothing added.
sheet seq.csv 'h[0] = "序号"'
refused seq.csv "表头(第 1 行)第 1 列“序号”不是整改清单的列"
grep -q "header (line 1) column 1 '序号' is not a column of the plan" err.txt ||
    fail "in English too"
[ "$(sqlite3 k.db 'select count(*) from problem')" = 3 ] || fail "still 3 problems"
# Any other unknown heading, and a missing required column.
sheet extra.csv 'h.append("备注"); [r.append("") for r in rows]'
refused extra.csv "“备注”不是整改清单的列"
# (the columns named, no file of the program's; 序号 only for 序号)
grep -q "整改清单的列为:问题编号、行政区划代码、" err.txt || fail "the columns named"
grep -q "序号\|docs/" err.txt && fail "the 备注 message: $(cat err.txt)"
sheet nocat.csv 'i = col("问题类别"); h.pop(i); [r.pop(i) for r in rows]'
refused nocat.csv "表头(第 1 行)缺少必需的列“问题类别”"
sheet twice.csv 'h[col("整改措施")] = "措施"; h[col("状态")] = "整改措施"'
refused twice.csv "都是“整改措施”"

# 2. A column headed 措施 is 整改措施: the measures are taken.
sheet alias.csv 'h[col("整改措施")] = "措施"; rows[0][col("措施")] = "每周点名,不在岗者召回"'
expect_exit 0 "$KAOHE" rectify import alias.csv $DB
grep -q "新增 0 个问题,更新 1 个" out.txt || fail "one updated through 措施"
[ "$(sqlite3 k.db 'select measures from problem where id = 1')" = "每周点名,不在岗者召回" ] ||
    fail "measures from the 措施 column"
expect_exit 0 "$KAOHE" rectify export -o plan.csv $DB

# 3. Two rows for problem 2: refused, both rows named.
sheet dup.csv 'r = list(rows[2]); r[col("问题编号")] = "2"; r[col("整改措施")] = "x"; rows.append(r)'
refused dup.csv "问题编号 2 出现了两次:第 2 行(物理行 3)和第 4 行(物理行 5)"
grep -q "problem number 2 appears twice: row 2 (line 3) and row 4 (line 5)" err.txt ||
    fail "both rows in English"

# 4. A row whose problem text, region, category or year disagree with the
# stored problem: refused (the number may be wrong) ...
sheet ident.csv 'rows[1][col("问题")] = "扶贫资金滞留县级"; rows[1][col("整改措施")] = "改"'
refused ident.csv "问题编号 2 的“问题”与库中不符(表中“扶贫资金滞留县级”,库中“扶贫资金滞留乡镇”)"
grep -q "ident.csv 第2行(物理行3) 列“问题”" err.txt || fail "row and column named"
sheet identcat.csv 'rows[1][col("问题类别")] = "资金使用管理不规范"'
refused identcat.csv "“问题类别”与库中不符"
sheet identreg.csv 'rows[1][col("行政区划代码")] = "533124101000"'
refused identreg.csv "“行政区划代码”与库中不符"
sheet identyear.csv 'h.append("年度"); [r.append("2020") for r in rows]; rows[1][-1] = "2019"'
refused identyear.csv "“年度”与库中不符(表中“2019”,库中“2020”)"
# ... and taken with --update-identity, the correction in the history.
expect_exit 0 "$KAOHE" rectify import ident.csv --update-identity $DB
grep -q "更新 1 个" out.txt || fail "identity corrected"
[ "$(sqlite3 k.db 'select text from problem where id = 2')" = 扶贫资金滞留县级 ] ||
    fail "text corrected"
[ "$(sqlite3 k.db "select count(*) from problem_event where problem = 2 and action = 'identity' and before like '%滞留乡镇%' and after like '%滞留县级%'")" = 1 ] ||
    fail "the correction recorded with before and after"
expect_exit 0 "$KAOHE" rectify export -o plan.csv $DB

# A 问题编号 that is no problem, and a value under no heading.
sheet nosuch.csv 'rows[1][col("问题编号")] = "99"'
refused nosuch.csv "nosuch.csv 第2行(物理行3) 列“问题编号”: 没有编号为 99 的问题"
sheet outside.csv 'rows[1].append("多余")'
refused outside.csv "第 17 列有内容,但表头没有这一列"

# 5. A row without 问题编号: refused unless --allow-new.
sheet new.csv 'r = [""] * len(h); r[col("行政区划代码")] = "533124000000"; r[col("来源")] = "审计"; r[col("问题类别")] = "资金使用管理不规范"; r[col("问题")] = "项目招投标不规范"; r[col("发现日期")] = "2020-04-01"; rows.append(r)'
refused new.csv "new.csv 第4行(物理行5) 列“问题编号”: 没有问题编号:要把这一行登记为新问题,请加 --allow-new"

# 6. A closed problem: a row that would change it is refused.
sheet closed.csv 'rows[2][col("整改措施")] = "再验收一次"'
refused closed.csv "问题 3 已销号,表格不能再修改它"
sheet closedid.csv 'rows[2][col("问题")] = "危房改造验收不严格"'
refused closedid.csv "问题 3 已销号" --update-identity

# 7. --dry-run: every change, problem by problem and field by field;
# nothing written.
sheet dry.csv 'rows[0][col("牵头部门")] = "县扶贫办"; rows[0][col("责任单位")] = "县扶贫办,各乡镇,县民政局"; rows[1][col("进展")] = "已清理 3 笔"'
before=$(dump k.db)
expect_exit 0 "$KAOHE" rectify import dry.csv --dry-run $DB
[ "$(dump k.db)" = "$before" ] || fail "a dry run writes nothing"
cat > want.txt <<'EOF'
问题 1(第 1 行):
  牵头部门:“县委组织部” → “县扶贫办”
  责任单位:“县扶贫办、各乡镇” → “县扶贫办、各乡镇、县民政局”
问题 2(第 2 行):
  进展:“” → “已清理 3 笔”
问题 3(第 3 行):
  (无变化)
试导入,未写入:将新增 0 个问题,更新 2 个
EOF
diff want.txt out.txt || fail "the dry run's report"
python3 "$TOP/tests/e2e/plain_text.py" out.txt || fail "the dry run in plain Chinese"
expect_exit 0 "$KAOHE" rectify import new.csv --allow-new --dry-run $DB
grep -q "新问题(第 4 行):533124000000 审计 资金使用管理不规范 2020 年 “项目招投标不规范”" out.txt ||
    fail "a new problem in the dry run"
[ "$(dump k.db)" = "$before" ] || fail "a dry run adds nothing"
# A dry run refuses what the import refuses.
refused dup.csv "出现了两次" --dry-run

# 8. The round trip: every column renamed to one of its aliases, the sheet
# imported: nothing changes (also for a problem whose text was typed with
# blanks around it, which a cell does not keep).
expect_exit 0 "$KAOHE" rectify add --region 533124000000 --source 督查 \
    --category 基层基础工作不扎实 --text " 台账不全 " --date 2020-05-03 $DB
expect_exit 0 "$KAOHE" rectify plan 4 --measures " 补齐台账 " --lead 县扶贫办 \
    --deadline 2020-09-30 $DB
expect_exit 0 "$KAOHE" rectify export -o plan.csv $DB
sheet alias_all.csv '
names = {"问题编号": "问题ID", "行政区划代码": "区划代码", "区划名称": "地区名称",
         "来源": "问题来源", "发现日期": "发现时间", "问题类别": "类别",
         "问题": "问题描述", "整改措施": "措施", "牵头部门": "牵头单位",
         "责任单位": "责任部门", "责任人": "责任人员", "整改时限": "完成时限",
         "进展": "整改进展", "状态": "整改状态", "执纪问责": "执纪问责情况",
         "长效机制": "长效机制建设"}
assert set(h) == set(names), h
h[:] = [names[x] for x in h]'
# (the import itself is audited, with 0 records)
before=$(dump_data k.db)
expect_exit 0 "$KAOHE" rectify import alias_all.csv $DB
grep -q "新增 0 个问题,更新 0 个" out.txt || fail "the renamed export changes nothing"
[ "$(dump_data k.db)" = "$before" ] || fail "database unchanged by the renamed export"
[ "$(sqlite3 k.db "select outcome, records from audit where action = 'problem.import' order by id desc limit 1")" = "ok|0" ] ||
    fail "the import audited"
# Every alias the standards file knows ([alias.plan]), each column in
# turn under its first, second, ... alias, with a 年度 column too: each
# sheet changes nothing.
python3 - "$TOP/standards/national.std" <<'PY' || fail "the alias sheets"
import csv, subprocess, sys
alias, on = {}, False
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#")[0].strip()
    if line.startswith("["):
        on = line == "[alias.plan]"
    elif on and "=" in line:
        k, v = line.split("=", 1)
        alias[k.strip()] = [a.strip() for a in v.split(",")]
rows = list(csv.reader(open("plan.csv", encoding="utf-8-sig")))
h, rows = rows[0], rows[1:]
assert set(h) <= set(alias), set(h) - set(alias)
years = dict(l.split("|") for l in subprocess.run(["sqlite3", "k.db", "select id, year from problem"],
                                                  capture_output=True, text=True).stdout.split())
h = h + ["年度"]
rows = [r + [years[r[0]]] for r in rows]
n = max(len(v) for v in alias.values())
for k in range(n):
    hk = [alias[c][k % len(alias[c])] for c in h]
    csv.writer(open("alias_%d.csv" % k, "w", encoding="utf-8", newline="")).writerows([hk] + rows)
print(n)
PY
for f in alias_*.csv; do
    expect_exit 0 "$KAOHE" rectify import "$f" $DB
    grep -q "新增 0 个问题,更新 0 个" out.txt || fail "$f changes nothing: $(cat out.txt)"
    [ "$(dump_data k.db)" = "$before" ] || fail "database unchanged by $f"
done
[ -e alias_3.csv ] || fail "every alias: the sheets"
# The same as XLSX.
expect_exit 0 "$KAOHE" rectify export -o plan.xlsx $DB
expect_exit 0 "$KAOHE" rectify import plan.xlsx $DB
[ "$(dump_data k.db)" = "$before" ] || fail "database unchanged by the XLSX export"

# 9. The new problem with --allow-new; its 发现日期 in the future is
# warned about, not refused; its year is that of 发现日期.
sheet new2.csv 'r = [""] * len(h); r[col("行政区划代码")] = "533124000000"; r[col("来源")] = "审计"; r[col("问题类别")] = "资金使用管理不规范"; r[col("问题")] = "项目招投标不规范"; r[col("发现日期")] = "2021-01-05"; r[col("整改时限")] = "2020-06-01"; r[col("整改措施")] = "重新招标"; r[col("牵头部门")] = "县财政局"; rows.append(r)'
expect_exit 0 "$KAOHE" rectify import new2.csv --allow-new $DB
grep -q "新增 1 个问题" out.txt || fail "one new problem"
grep -q "警告:new2.csv 第5行 发现日期 2021-01-05 在今天(2020-06-30)之后" err.txt ||
    fail "a future date found is warned about"
grep -q "警告:new2.csv 第5行 整改时限 2020-06-01 在制定方案时已过" err.txt ||
    fail "a past deadline is warned about"
[ "$(sqlite3 k.db 'select year from problem where id = 5')" = 2021 ] ||
    fail "the year of 发现日期"

# 10. Who may (the use case's rule, as for the web): a role that may not
# rectify, a user whose region does not hold the problems, a new problem
# outside the user's region: refused, audited as denied, nothing changed.
expect_exit 0 "$KAOHE" user add 镇干部 --role 乡级 --region 533124100000 $DB
expect_exit 0 "$KAOHE" rectify export -o all.csv $DB
sheet_from() { cp "$1" plan.csv; sheet "$2" "$3"; }
sheet_from all.csv scope.csv 'rows[0][col("整改措施")] = "换一个措施"'
for u in 李四 镇干部; do
    before=$(dump_data k.db)
    KAOHE_USER=$u expect_exit 1 "$KAOHE" rectify import scope.csv $DB
    grep -q "无权导入整改清单\|不在你的管辖范围内" err.txt || { cat err.txt >&2; fail "$u refused"; }
    [ "$(dump_data k.db)" = "$before" ] || fail "$u: a refused sheet changed the database"
done
[ "$(sqlite3 k.db "select group_concat(who || ':' || outcome || ':' || note, ' ') from audit
      where action = 'problem.import' and outcome = 'denied'")" = \
  "李四:denied:role_denied 镇干部:denied:out_of_scope" ] || fail "the refusals audited"
head -1 all.csv > town.csv
python3 - <<'PY' || fail "town.csv"
import csv
h = next(csv.reader(open("all.csv", encoding="utf-8-sig")))
r = [""] * len(h)
for k, v in {"行政区划代码": "533124000000", "来源": "暗访", "问题类别": "基层基础工作不扎实",
             "问题": "县里的问题"}.items():
    r[h.index(k)] = v
csv.writer(open("town.csv", "a", encoding="utf-8", newline="")).writerow(r)
PY
KAOHE_USER=镇干部 expect_exit 1 "$KAOHE" rectify import town.csv --allow-new $DB
grep -q "区划 533124000000 不在你的管辖范围内" err.txt || fail "a new problem outside the region"
