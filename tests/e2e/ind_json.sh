# One rendering of the indicators (ind_json.h): GET /api/indicators and
# `kaohe indicators --format json` give every region the same object —
# code, name, level, parent, and each indicator's num, den and value —
# so the two cannot drift (the API had no value before).
. "$TOP/tests/e2e/lib.sh"
DB="--db k.db"
expect_exit 0 "$KAOHE" gen --persons 1500 --out g
expect_exit 0 "$KAOHE" import regions g/regions.csv $DB
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 $DB
expect_exit 0 "$KAOHE" review --year 2019 $DB
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
expect_exit 0 "$KAOHE" indicators --year 2019 $DB --format json
cp out.txt cli.json
serve_start $DB --listen 127.0.0.1:0 --threads 2
login admin admin-pass-2020
as admin web GET "/api/indicators?year=2019&region=530121000000&level=%E6%9D%91"
want web 200
python3 - <<'PY' || fail "the API and the CLI differ"
import json
cli = {g["code"]: g for g in json.load(open("cli.json"))["regions"]}
web = json.load(open("web.json"))
regions = [web["region"]] + web["regions"]
assert len(regions) > 3, len(regions)
for g in regions:
    c = cli[g["code"]]
    assert g == c, (g["code"], g, c)
    for name, v in g["indicators"].items():
        assert set(v) == {"num", "den", "value"}, (name, v)
        if v["den"]:
            assert abs(v["value"] - v["num"] / v["den"]) < 0.00006, (name, v)
        else:
            assert v["value"] is None, (name, v)
PY
# names= narrows both the object and the labels.
as admin web2 GET "/api/indicators?year=2019&region=530121000000&names=persons,households"
want web2 200
[ "$(js web2 'sorted(d["region"]["indicators"]), sorted(d["labels"])')" = \
  "(['households', 'persons'], ['households', 'persons'])" ] || fail "names: $(cat web2.json)"
