# dept.sh - 部门数据比对 (docs/dept.md): data minimisation (a dump of the
# database holds no unmatched department row), a list refused whole
# (missing column, no rows) leaves the database unchanged, importing the
# same list again replaces it, lists of two counties add up, a county
# user may not load another county's list, and duplicate rows (of a
# registered person or not) are left out and reported.
. "$TOP/tests/e2e/lib.sh"
H=$CASES/dept_hand
DB="--db k.db"
cp "$H"/*.csv .
expect_exit 0 "$KAOHE" import regions regions.csv $DB
expect_exit 0 "$KAOHE" import registry registry.csv --year 2019 $DB
expect_exit 0 "$KAOHE" user add 管 --role 系统管理员 $DB
expect_exit 0 "$KAOHE" user add 县 --role 县级 --region 533124000000 $DB
export KAOHE_USER=管
A="--region 533124000000 --as-of 2019-12-31"
expect_exit 1 "$KAOHE" import dept huji huji.csv $A $DB
# Data minimisation: the registered rows only; the others only counted.
dump k.db > dump.sql
grep -q '外人' dump.sql && fail "an unmatched person's name is stored"
grep -q '533124198006060514' dump.sql && fail "an unmatched ID number is stored"
grep -q '坏号' dump.sql && fail "a refused row is stored"
n=$(sqlite3 k.db "select count(*) from dept_row")
[ "$n" = 4 ] || fail "4 matched rows stored, got $n"
[ "$(sqlite3 k.db "select rows_read, rows_matched, rows_refused from dept_list")" = "7|4|2" ] ||
    fail "the list's counts"
# Refused whole: a required column missing, a file with no rows.
copydb k.db before.db
expect_exit 1 "$KAOHE" import dept huji nocol.csv $A $DB
grep -q '出生日期' err.txt || fail "the missing column is named"
printf '证件号码,姓名,数据日期,死亡日期\n' > empty.csv
expect_exit 1 "$KAOHE" import dept death empty.csv $A $DB
[ "$(sqlite3 k.db "select count(*) from dept_list; select count(*) from dept_row")" = "1
4" ] || fail "a refused list changed the database"
# The same list again replaces it.
expect_exit 1 "$KAOHE" import dept huji huji.csv $A $DB
[ "$(sqlite3 k.db "select count(*) from dept_list; select count(*) from dept_row")" = "1
4" ] || fail "importing the same list again did not replace it"
# Another county's list adds up (it matches nobody here).
expect_exit 0 "$KAOHE" import dept death death.csv --region 530102000000 --as-of 2019-12-31 $DB
[ "$(sqlite3 k.db "select count(*) from dept_list")" = 2 ] || fail "lists of two regions add up"
# A county user: their own county yes, another county no (audited).
KAOHE_USER=县 expect_exit 0 "$KAOHE" import dept death death.csv $A $DB
KAOHE_USER=县 expect_exit 1 "$KAOHE" import dept death death.csv --region 530102000000 --as-of 2019-12-31 $DB
[ "$(sqlite3 k.db "select count(*) from audit where action = 'import.dept' and outcome = 'denied'")" -ge 1 ] ||
    fail "the refusal is audited"
# A province's list beside the county's: the county's (narrower) is used
# for its members, so only 王小 is missing from 户籍.
head -2 huji.csv > prov.csv
expect_exit 0 "$KAOHE" import dept huji prov.csv --region 530000000000 --as-of 2019-12-31 $DB
expect_exit 1 "$KAOHE" compare --year 2019 $DB --format csv
[ "$(grep -c dept_huji_missing out.txt)" = 1 ] || fail "the county's list is used, not the province's"
# A list dated outside Y-01-01 .. Y+1-06-30 is not used.
expect_exit 0 "$KAOHE" import dept vehicle vehicle.csv $A $DB
expect_exit 1 "$KAOHE" compare --year 2019 $DB --format csv
grep -q dept_excl_vehicle out.txt || fail "the vehicle list of 2019-12-31 is used"
sqlite3 k.db "update dept_list set as_of = '2020-07-01' where kind = 'vehicle'"
expect_exit 1 "$KAOHE" compare --year 2019 $DB --format csv
grep -q dept_excl_vehicle out.txt && fail "a list dated after Y+1-06-30 is used"
# The text report is plain Chinese: the 数据闭合率 names each list by its
# department (never its kind's key), percentages with numerator and
# denominator (the lists' own file names are the user's: allowed).
expect_exit 1 "$KAOHE" compare --year 2019 $DB
cp out.txt compare.txt
grep -q "^数据闭合率" compare.txt || fail "the closure's heading"
grep -q "^  公安(户籍)名单 533124000000 读入 [0-9]* 行，相符 [0-9]* 行；应覆盖 [0-9]* 人，有记录 [0-9]* 人，不一致 [0-9]* 人；闭合 [0-9]*/[0-9]*（[0-9.]*%）$" compare.txt ||
    fail "a closure line: $(grep 户籍 compare.txt)"
python3 "$TOP/tests/e2e/plain_text.py" --allow huji,death,dibao,medical,vehicle,prov compare.txt ||
    fail "compare in plain Chinese"
# Headers as offices write them (kaohe/header.h): an alias of 证件号码,
# a note in brackets, a trailing *.
printf '身份证号码,姓名（户籍）,数据日期*,死亡日期\n' > hdr.csv
sed -n 2p death.csv >> hdr.csv
expect_exit 0 "$KAOHE" import dept death hdr.csv --region 533124000000 --as-of 2020-01-15 $DB
[ "$(sqlite3 k.db "select count(*) from dept_row r join dept_list l on l.id = r.list where l.as_of = '2020-01-15'")" = 1 ] ||
    fail "a list with office headers is read"
# Duplicates: a registered person's row repeated further down (found
# when the rows are stored, in ID order) and an unregistered person's
# (found as the file is read) are both left out and reported (the
# registered persons' after the rest, in row order); the same person's
# other row (a second car) is not a duplicate.
cat > dup.csv <<'EOS'
证件号码,姓名,数据日期,号牌号码,车辆类型,初次登记日期,状态
533124197001010118,张三,2019-12-31,云N12345,小型轿车,2018-01-01,正常
533124198006060514,外人,2019-12-31,云N11111,小型轿车,2018-01-01,正常
533124197001010118,张三,2019-12-31,云N22222,货车,2019-01-01,正常
533124198006060514,外人,2019-12-31,云N11111,小型轿车,2018-01-01,正常
533124197001010118,张三,2019-12-31,云N12345,小型轿车,2018-01-01,正常
EOS
expect_exit 1 "$KAOHE" import dept vehicle dup.csv --region 533124000000 --as-of 2020-01-16 $DB --format csv
[ "$(grep -c dept_row_duplicate out.txt)" = 2 ] || fail "two duplicates reported"
[ "$(grep dept_row_duplicate out.txt | cut -d, -f2 | tr '\n' ' ')" = "4 5 " ] ||
    fail "the duplicates in row order: $(grep dept_row_duplicate out.txt | cut -d, -f2 | tr '\n' ' ')"
[ "$(sqlite3 k.db "select rows_read, rows_matched, rows_refused from dept_list where as_of = '2020-01-16'")" = "5|2|2" ] ||
    fail "the duplicates' counts"
[ "$(sqlite3 k.db "select group_concat(r.row) from (select r.row from dept_row r join dept_list l on l.id = r.list where l.as_of = '2020-01-16' order by r.row) r")" = "1,3" ] ||
    fail "the first row and the second car stored, the repeat not"
# An unknown user may not compare.
KAOHE_USER=无名 expect_exit 1 "$KAOHE" compare --year 2019 $DB
exit 0
