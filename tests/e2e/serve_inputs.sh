# Assessment inputs in several files over HTTP (POST .../run with a
# multipart/form-data body): merged as `kaohe assess run --inputs A
# --inputs B` merges them — the same ranking as the command line's run of
# the same two files, each input's provenance naming its file —, a cell
# given differently in two files refused (422 inputs_conflict naming both
# files) with nothing stored, repeated or bad file names and a body
# without a file refused (400); temporary files removed.
. "$TOP/tests/e2e/lib.sh"
D=$CASES/assess_hebei
DB="--db k.db"
S="--scheme hebei-city-2016 --year 2019 --level 市 --db k.db"
CITY1=130100000000

expect_exit 0 "$KAOHE" init $DB
expect_exit 0 "$KAOHE" import regions "$D/regions.csv" $DB
expect_exit 0 "$KAOHE" import registry "$D/registry.csv" --year 2019 $DB
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'group-pass-2020' | expect_exit 0 "$KAOHE" user add 考核 \
    --role 考核组 --password-stdin $DB
# the inputs split in two: the code and name in both, the first five
# inputs in a.csv, the rest in b.csv
cut -d, -f1-7 "$D/inputs.csv" > a.csv
cut -d, -f1,2,8- "$D/inputs.csv" > b.csv
[ "$(head -1 a.csv | tr ',' '\n' | wc -l)" = 7 ] && [ "$(head -1 b.csv | tr ',' '\n' | wc -l)" -gt 3 ] ||
    fail "the split: $(head -1 a.csv) / $(head -1 b.csv)"
# b2.csv repeats a.csv's daily for 乙市 with another value
awk -F, 'NR == FNR { d[FNR] = $3; next } { print $0 "," d[FNR] }' a.csv b.csv > b2.csv
sed -i 's/^\(130200000000,.*\),8$/\1,7/' b2.csv
grep -q '^130200000000,.*,7$' b2.csv || fail "b2.csv: 乙市's daily 7"

mkdir srvtmp
serve_start --tmp $DB --listen 127.0.0.1:0 --threads 2
curl -s -o login.json -c j.jar -H 'Content-Type: application/json' \
    -d '{"user":"考核","password":"group-pass-2020"}' "$URL/api/login"
CSRF=$(js login 'd["csrf"]')
R="/api/assessments/hebei-city-2016/2019/%E5%B8%82"
runs() { sqlite3 k.db "select count(*) from assess_run"; }
send() { # NAME FILE... : the files as parts "inputs" of one request
    n=$1
    shift
    set -- $(for f in "$@"; do printf -- '-F inputs=@%s ' "$f"; done)
    curl -s -o "$n.json" -w '%{http_code}' -b j.jar -H "X-CSRF-Token: $CSRF" \
        "$@" "$URL$R/run" > "$n.code"
}

# one of the two alone lacks inputs: 422, nothing stored
send r_a a.csv
want r_a 422
# the conflict: both files named, nothing stored
send r_conflict a.csv b2.csv
want r_conflict 422
[ "$(js r_conflict 'd["error"]["code"]')" = inputs_conflict ] || fail "inputs_conflict: $(cat r_conflict.json)"
js r_conflict 'd["error"]["message"]' | grep -q "a.csv.*b2.csv" ||
    fail "both files named: $(cat r_conflict.json)"
[ "$(js r_conflict 'd["error"]["file"]')" = b2.csv ] || fail "the file of the conflict"
# the same file twice, a name with a path, no file at all
send r_twice a.csv a.csv
want r_twice 400
curl -s -o r_path.json -w '%{http_code}' -b j.jar -H "X-CSRF-Token: $CSRF" \
    -F 'inputs=@a.csv;filename=../x.csv' -F inputs=@b.csv "$URL$R/run" > r_path.code
want r_path 400
# a file name that is not UTF-8 (fuzz_multipart found it passed as a name)
printf -- '--KB\r\nContent-Disposition: form-data; name="inputs"; filename="b.\377\376csv"\r\n\r\n' > bad_name.body
cat a.csv >> bad_name.body
printf -- '\r\n--KB--\r\n' >> bad_name.body
curl -s -o r_badname.json -w '%{http_code}' -b j.jar -H "X-CSRF-Token: $CSRF" \
    -H 'Content-Type: multipart/form-data; boundary=KB' --data-binary @bad_name.body \
    "$URL$R/run" > r_badname.code
want r_badname 400
python3 -c 'import json,sys; json.load(open("r_badname.json"))' || fail "the refusal of a non-UTF-8 name is not JSON"
curl -s -o r_none.json -w '%{http_code}' -b j.jar -H "X-CSRF-Token: $CSRF" \
    -F note=x "$URL$R/run" > r_none.code
want r_none 400
# without the CSRF token: 403
curl -s -o r_csrf.json -w '%{http_code}' -b j.jar -F inputs=@a.csv -F inputs=@b.csv \
    "$URL$R/run" > r_csrf.code
want r_csrf 403
[ "$(runs)" = 0 ] || fail "refused runs store nothing"
[ -z "$(ls srvtmp)" ] || fail "temporary files left: $(ls srvtmp)"

# both files: stored as version 1, the ranking of the CLI's run of the two
send r_ok a.csv b.csv
want r_ok 200
[ "$(js r_ok 'd["version"]')" = 1 ] || fail "version 1"
[ "$(runs)" = 1 ] || fail "one run stored"
expect_exit 0 "$KAOHE" assess run $S --inputs a.csv --inputs b.csv
expect_exit 0 "$KAOHE" assess show $S --version 2 --format json
python3 -c "import json, sys
a = json.load(open('r_ok.json', encoding='utf-8')); del a['notes']
b = json.load(open('out.txt', encoding='utf-8')); b['version'] = 1
sys.exit(a != b)" || fail "the same ranking as assess run --inputs a.csv --inputs b.csv"
# and of the one file they were cut from
expect_exit 0 "$KAOHE" assess run $S --inputs "$D/inputs.csv"
expect_exit 0 "$KAOHE" assess show $S --version 3 --format json
python3 -c "import json, sys
a = json.load(open('r_ok.json', encoding='utf-8')); del a['notes']
b = json.load(open('out.txt', encoding='utf-8')); b['version'] = 1
sys.exit(a != b)" || fail "the same ranking as the whole file"
# each input's provenance names its file
curl -s -o expl.json -b j.jar "$URL$R/$CITY1?version=1"
[ "$(js expl 'sorted(set(i["file"] for i in d["inputs"]))')" = \
  "['a.csv', 'b.csv', 'registry 2019']" ] || fail "provenance: $(js expl 'd["inputs"]')"
[ "$(js expl '[i["file"] for i in d["inputs"] if i["name"] == "daily"]')" = "['a.csv']" ] ||
    fail "daily from a.csv: $(js expl 'd["inputs"]')"
[ "$(sqlite3 k.db "select who || '|' || object || '|' || after from audit
      where action = 'assessment.run' and outcome = 'ok'")" = \
  '考核|assessment/hebei-city-2016/2019/市/1|{"version":1,"inputs":"a.csv, b.csv","regions":8}' ] ||
    fail "the run audited with both files: $(sqlite3 k.db "select * from audit where action = 'assessment.run'")"
[ -z "$(ls srvtmp)" ] || fail "temporary files left: $(ls srvtmp)"
exit 0
