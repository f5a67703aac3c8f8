# The packed side store (include/kaohe/hh_pack.h): written by the import,
# read by kaohe review instead of the household and member rows while its
# fingerprint is that of the data. Every output (review text, JSON, CSV,
# --findings, the stored rows, the indicators) is the same as from the
# rows; a stale or missing store is not read.
. "$TOP/tests/e2e/lib.sh"
D=$TOP/tests/e2e/review

# stored DB : the review's stored rows and tallies as text
stored() {
    sqlite3 "$1" "select household, year, applies, flagged, exit_ready, helper_nth, helper_total
          from review order by household;
        select year, household, code, member_seq, id_no, value, message_zh, message_en
          from review_finding order by household, code;
        select year, village, hex(data) from ind_tally order by rowid;
        select year, village, hex(data) from ind_income order by rowid;
        select year, digest, unplaced, ninds from ind_tally_run order by year"
}
# compare DB YEAR [ARGS] : every output of kaohe review and kaohe
# indicators from DB and from a copy without the side store's run row
# (the rows; that review packs them again, so the row is deleted before
# each) is the same; a damaged blob is an error in the first (so it read
# the blobs), never in the copy.
compare() {
    db=$1 year=$2
    shift 2
    copydb "$db" p.db
    copydb "$db" r.db
    for f in text json csv; do
        expect_exit 0 "$KAOHE" review --year "$year" --db p.db --format $f --findings "$@"
        mv out.txt p.out
        sqlite3 r.db "delete from hh_pack_run" || fail "no side store"
        expect_exit 0 "$KAOHE" review --year "$year" --db r.db --format $f --findings "$@"
        cmp -s out.txt p.out || fail "review --format $f differs ($db $year $*)"
    done
    [ "$(stored p.db)" = "$(stored r.db)" ] || fail "stored rows differ ($db $year $*)"
    expect_exit 0 "$KAOHE" indicators --year "$year" --db p.db --format json "$@"
    mv out.txt p.out
    expect_exit 0 "$KAOHE" indicators --year "$year" --db r.db --format json "$@"
    cmp -s out.txt p.out || fail "indicators differ ($db $year $*)"
    sqlite3 p.db "update hh_pack set data = substr(data, 1, length(data) - 1)
        where year = $year and rowid = (select min(rowid) from hh_pack where year = $year)" \
        || fail "damage"
    sqlite3 r.db "update hh_pack set data = x'00' where year = $year;
        delete from hh_pack_run" || fail "damage"
    expect_exit 2 "$KAOHE" review --year "$year" --db p.db "$@"
    grep -q "packed chunk .* is damaged" err.txt || fail "damaged blob: $(cat err.txt)"
    expect_exit 0 "$KAOHE" review --year "$year" --db r.db "$@"
}

# 1. Generated data with every review fault, more than two chunks.
"$KAOHE" gen --persons 20000 --seed 3 --faults 350 --out g 2> /dev/null || fail "gen"
expect_exit 0 "$KAOHE" import regions g/regions.csv --db g.db
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 --db g.db --keep-valid
[ "$(sqlite3 g.db "select fingerprint from hh_pack_run where year = 2019")" = \
  "$(sqlite3 g.db "select imported_at || '/' || households || '/' || persons
                   || '/r' || revision from snapshot where year = 2019")" ] \
    || fail "keyed by the data's fingerprint"
[ "$(sqlite3 g.db "select sum(households), count(*) > 2 from hh_pack where year = 2019")" = \
  "$(sqlite3 g.db "select count(*), 1 from household where year = 2019")" ] \
    || fail "every household in a blob"
# The helpers' households, counted at the import (the review reads those
# above the maximum instead of counting them).
[ "$(sqlite3 g.db "select count(*), sum(households), max(households) from hh_helper where year = 2019")" = \
  "$(sqlite3 g.db "select count(*), sum(n), max(n) from (select count(*) n from household
                   where year = 2019 and length(helper_id) = 18 group by helper_id)")" ] \
    || fail "helpers counted"
compare g.db 2019
# A province's standards: labels it does not know (households skipped),
# a lower helper maximum, other thresholds.
printf '[enum.relation]\n户主 = 01\n配偶 = 02\n之女 = 04\n\n[review]\nhelper_max_households = 2\nvisit_interval_days = 30\n' > prov.std
compare g.db 2019 --standards prov.std

# The review that read the rows packed them again: the same bytes as the
# import's, current again, and read by the next review.
copydb g.db rp.db
sqlite3 rp.db "delete from hh_pack_run" || fail "no run row"
expect_exit 0 "$KAOHE" review --year 2019 --db rp.db
[ "$(sqlite3 rp.db 'select year, chunk, households, hex(data) from hh_pack order by year, chunk')" = \
  "$(sqlite3 g.db 'select year, chunk, households, hex(data) from hh_pack order by year, chunk')" ] \
    || fail "packed again: the import's bytes"
[ "$(sqlite3 rp.db 'select * from hh_pack_run')" = "$(sqlite3 g.db 'select * from hh_pack_run')" ] \
    || fail "packed again: current"
[ "$(sqlite3 rp.db 'select * from hh_helper')" = "$(sqlite3 g.db 'select * from hh_helper')" ] \
    || fail "packed again: the helpers counted"
sqlite3 rp.db "update hh_pack set data = x'00' where chunk = 1" || fail "damage"
expect_exit 2 "$KAOHE" review --year 2019 --db rp.db
# Members stored apart from their household's neighbours (read through
# the index) are packed in their place too.
copydb g.db mv.db
sqlite3 mv.db "update member set id = id + 100000000 where household =
    (select id from household order by id limit 1 offset 5000);
    delete from hh_pack_run" || fail "move"
expect_exit 0 "$KAOHE" review --year 2019 --db mv.db
[ "$(sqlite3 mv.db 'select chunk, hex(data) from hh_pack order by chunk')" = \
  "$(sqlite3 g.db 'select chunk, hex(data) from hh_pack order by chunk')" ] \
    || fail "members apart: packed in their place"

# 2. A row changed in place makes the side store stale at once: the
# review reads the rows (and packs them again) and sees the change.
copydb g.db s.db
expect_exit 0 "$KAOHE" review --year 2019 --db s.db --format json
mv out.txt before.json
sqlite3 s.db "update household set income_pc = -100 where year = 2019 and id in
    (select id from household where year = 2019 and income_pc > 0 limit 3)" || fail "edit"
[ "$(sqlite3 s.db 'select count(*) from hh_pack_run')" = 0 ] || fail "stale after an edit"
expect_exit 0 "$KAOHE" review --year 2019 --db s.db --format json
cmp -s out.txt before.json && fail "the edit is seen"
cp out.txt edited.json
[ "$(sqlite3 s.db 'select count(*) from hh_pack_run')" = 1 ] || fail "packed again"
expect_exit 0 "$KAOHE" review --year 2019 --db s.db --format json
cmp -s out.txt edited.json || fail "the edit is in the side store packed again"
compare s.db 2019
copydb g.db s.db
sqlite3 s.db "update member set labour = NULL where id = (select min(id) from member)" || fail "edit"
[ "$(sqlite3 s.db 'select count(*) from hh_pack_run')" = 0 ] || fail "stale after a member edit"

# 3. Two years in one database (the chunk of rowids they share holds a
# blob of each), imported again: each year's own side store, current.
expect_exit 0 "$KAOHE" import regions "$D/regions.csv" --db y.db
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2019 --db y.db
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2021 --db y.db
[ "$(sqlite3 y.db 'select year, chunk, households from hh_pack order by year')" = "2019|0|6
2021|0|6" ] || fail "a blob a year"
compare y.db 2019
printf '[poverty_line]\n2021 = 5000\n' > line.std
compare y.db 2021 --standards line.std
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2019 --db y.db
[ "$(sqlite3 y.db 'select year, households from hh_pack order by year')" = "2019|6
2021|6" ] || fail "imported again: replaced"
[ "$(sqlite3 y.db 'select count(*) from hh_pack_run')" = 2 ] || fail "both current"
compare y.db 2019

# 4. An import that fails leaves the previous side store as it was.
copydb y.db f.db
before=$(sqlite3 f.db 'select year, fingerprint, hex(data) from hh_pack_run join hh_pack using(year)')
printf 'not,a,registry\n' > bad.csv
"$KAOHE" import registry bad.csv --year 2019 --db f.db > /dev/null 2>&1 && fail "bad import"
[ "$(sqlite3 f.db 'select year, fingerprint, hex(data) from hh_pack_run join hh_pack using(year)')" = "$before" ] \
    || fail "a failed import changes nothing"
exit 0
