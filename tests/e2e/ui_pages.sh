# Every page of the UI at 1366x768 and 390x844 (tests/ui/ui_pages.cjs):
# drawn, no error shown, no sideways overflow, no script or console
# error; screenshots pages-*.png. The data: tests/ui/setup.sh's county,
# the review's indicators stored and a job run (the job's page).
. "$TOP/tests/e2e/lib.sh"
. "$TOP/tests/ui/setup.sh"
HH=$(q "select hh_id from household where year = 2019 order by members desc, hh_id limit 1")
DRAWN_HH=$(q "select hh_id from sample_household order by hh_id limit 1")
# a job (the indicators) as the administrator, for its page
tok=$(curl -s -D - -o login.json -H 'Content-Type: application/json' \
    -d '{"user":"admin","password":"admin-pass-2020"}' "$URL/api/login" |
    sed -n 's/.*kh_session=\([0-9a-f]*\);.*/\1/p')
csrf=$(python3 -c "import json; print(json.load(open('login.json'))['csrf'])")
JOB=$(curl -s -b "kh_session=$tok" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    -d '{}' -X POST "$URL/api/jobs?kind=indicators&year=2019" |
    python3 -c "import json, sys; print(json.load(sys.stdin)['id'])") || fail "a job"
i=0
until curl -s -b "kh_session=$tok" "$URL/api/jobs/$JOB" | grep -q '"phase": *"done"'; do
    i=$((i + 1)); [ $i -gt 600 ] && fail "the job did not end"; sleep 0.2
done
UI_COUNTY=$COUNTY UI_HH=$HH UI_DRAWN_HH=$DRAWN_HH UI_JOB=$JOB \
    node "$TOP/tests/ui/ui_pages.cjs" || fail "browser test"
for w in 1366 390; do
    for p in dashboard households problems board audit sample job third-survey-form; do
        [ -s "$ARTIFACTS/pages-$w-$p.png" ] || fail "screenshot pages-$w-$p.png"
    done
done
echo "every page at 1366 and 390: drawn, no error, nothing overflowing"
