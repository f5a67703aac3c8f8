# A repeated 凭证号 or 项目编号 is found whatever the file's order (the
# import's key map, src/app/funds.c: no table while the keys come in
# order, a hash table from the first key out of order): a repeat after
# the order breaks, a key equal to the one before, and 5,000 shuffled
# payments with two repeats (the table grown several times) each name
# the row repeated, and nothing is stored; the same rows without the
# repeats, in order and shuffled, are stored whole.
. "$TOP/tests/e2e/lib.sh"
H="$CASES/funds_hand"
cp "$H"/*.csv .
expect_exit 0 "$KAOHE" init --db k.db
expect_exit 0 "$KAOHE" import regions regions.csv --db k.db
expect_exit 0 "$KAOHE" user add 管 --role 系统管理员 --db k.db
export KAOHE_USER=管
expect_exit 0 "$KAOHE" import projects projects.csv --db k.db
# pay FILE KEY...: a payments file of those 凭证号
pay() {
    f=$1
    shift
    { echo "凭证号,日期,项目编号,资金类别,环节,金额"
      for v in "$@"; do echo "$v,2019-05-01,XM001,财政专项扶贫资金,拨付,1"; done; } > "$f"
}
# dup FILE WANT: the import refused, its repeats (row: the row repeated) WANT
dup() {
    "$KAOHE" import payments "$1" --region 533124000000 --db k.db > out.txt 2> err.txt &&
        fail "$1 imported"
    got=$(grep -o '第[0-9]*行（物理行[0-9]*）凭证号：错误【编号重复】凭证号“[^”]*”与第 [0-9]* 行重复' out.txt err.txt |
        sed 's/.*第\([0-9]*\)行（.*凭证号“\([^”]*\)”与第 \([0-9]*\) 行重复/\1:\2:\3/' | sort -n | tr '\n' ' ')
    [ "$got" = "$2" ] || fail "$1: repeats $got, want $2"
    [ "$(sqlite3 k.db 'select count(*) from fund_pay')" = 0 ] || fail "$1: rows stored"
}
pay a.csv P1 P2 P3 P2
dup a.csv "4:P2:2 "
pay b.csv P3 P1 P2 P1
dup b.csv "4:P1:2 "
pay c.csv P1 P1
dup c.csv "2:P1:1 "
pay d.csv P1 P2 P10 P3 P4 P3
dup d.csv "6:P3:4 "
# 5,000 shuffled, rows 4001 and 5002 repeating the keys of rows 17 and 2500
python3 - <<'PY'
import random
random.seed(23)
keys = ["V%05d" % i for i in range(5000)]
random.shuffle(keys)
rows = keys[:4000] + [keys[16]] + keys[4000:5000] + [keys[2499]]
head = "凭证号,日期,项目编号,资金类别,环节,金额\n"
line = lambda v: "%s,2019-05-01,XM001,财政专项扶贫资金,拨付,1\n" % v
open("e.csv", "w", encoding="utf-8").write(head + "".join(map(line, rows)))
open("f.csv", "w", encoding="utf-8").write(head + "".join(map(line, keys)))
open("g.csv", "w", encoding="utf-8").write(head + "".join(map(line, sorted(keys))))
PY
dup e.csv "4001:$(sed -n 18p e.csv | cut -d, -f1):17 5002:$(sed -n 2501p e.csv | cut -d, -f1):2500 "
expect_exit 0 "$KAOHE" import payments f.csv --region 533124000000 --db k.db
[ "$(sqlite3 k.db 'select count(*) from fund_pay')" = 5000 ] || fail "the shuffled file stored"
expect_exit 0 "$KAOHE" import payments g.csv --region 533124000000 --db k.db
[ "$(sqlite3 k.db 'select count(*), min(row), max(row) from fund_pay')" = "5000|1|5000" ] ||
    fail "the ordered file stored (replacing): $(sqlite3 k.db 'select count(*), min(row), max(row) from fund_pay')"
exit 0
