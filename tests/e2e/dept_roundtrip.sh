# dept_roundtrip.sh - `kaohe gen --dept` and `kaohe compare`: every
# finding of the truth file is reported and nothing else (recall and
# precision 100%) for every kind of list, in UTF-8 CSV, GB18030 CSV and
# XLSX; every kind has at least one finding in the truth.
. "$TOP/tests/e2e/lib.sh"
for v in "csv utf-8" "csv gb18030" "xlsx utf-8"; do
    set -- $v
    fmt=$1 enc=$2 d=g_$1_$2 db=$1_$2.db
    expect_exit 0 "$KAOHE" gen --persons 1500 --seed 5 --dept --format $fmt --encoding $enc --out $d
    expect_exit 0 "$KAOHE" import regions $d/regions.$fmt --db $db
    expect_exit 0 "$KAOHE" import registry $d/registry.$fmt --year 2019 --db $db
    expect_exit 0 "$KAOHE" user add 管 --role 系统管理员 --db $db
    for f in $d/dept_*.$fmt; do
        k=$(basename $f .$fmt); k=${k#dept_}; [ $k = truth ] && continue
        KAOHE_USER=管 expect_exit 0 "$KAOHE" import dept $k $f --region 530000000000 --as-of 2019-12-31 --db $db
    done
    KAOHE_USER=管 "$KAOHE" compare --year 2019 --db $db --format csv > found.csv 2> err.txt
    [ $? -le 1 ] || { cat err.txt; fail "compare ($v)"; }
    tail -n +2 found.csv | awk -F, '{print $7 "," $5 "," $6}' | sort > got.txt
    tail -n +2 $d/dept_truth.csv | tr -d '\r' | sort > want.txt
    [ -s want.txt ] || fail "empty truth ($v)"
    cmp -s got.txt want.txt || { diff want.txt got.txt | head -20; fail "findings differ from the truth ($v)"; }
    for code in huji_missing huji_sex huji_birth huji_status name_mismatch dibao_amount death dibao_unregistered dibao_missing tekun_missing disability_card \
                school_stage edu_aid_missing medical_basic pension_mismatch housing_grade \
                excl_staff excl_company excl_vehicle excl_realty; do
        grep -q "^dept_$code," want.txt || fail "no dept_$code injected ($v)"
    done
    # data minimisation: the unregistered people are counted, not stored
    [ "$(sqlite3 $db "select count(*) from dept_row where name = '外人'")" = 0 ] ||
        fail "an unregistered person is stored ($v)"
    [ "$(sqlite3 $db "select rows_read > rows_matched from dept_list where kind = 'huji'")" = 1 ] ||
        fail "the unregistered rows are counted ($v)"
done
exit 0
