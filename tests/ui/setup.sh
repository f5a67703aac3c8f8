# setup.sh - sourced by tests/e2e/ui_docs.sh, ui_sample.sh and ui_layout.sh
# after lib.sh: a generated county of two townships (2019), a review with
# findings (five exited households of township 1 below the poverty line,
# three not visited since 2017), a sample, users 甲 (乡级, township 1),
# 丙 (县级), 评估 (第三方评估) and admin, three problems (one overdue), and
# the server on a free port with web/ ($URL, stopped on exit).
DB="--db k.db"
need_browser
T1=530121101000 T2=530121102000 COUNTY=530121000000
q() { sqlite3 k.db "$1"; }
expect_exit 0 "$KAOHE" gen --persons 2000 --out g
expect_exit 0 "$KAOHE" import regions g/regions.csv $DB
expect_exit 0 "$KAOHE" import registry g/registry.csv --year 2019 $DB
q "update household set income_pc = 100000 where id in (select id from household
   where year_out = 2019 and village like '530121101%' order by id limit 5);
   update household set last_visit = '2017-01-01' where id in (select id from
   household where village like '530121101%' order by id desc limit 3)"
expect_exit 0 "$KAOHE" review --year 2019 $DB
expect_exit 0 "$KAOHE" sample design --year 2019 --region $COUNTY \
    --margin 0.1 --villages-per-county 3 --seed 5 $DB
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin $DB
echo 'town1-pass-2020' | expect_exit 0 "$KAOHE" user add 甲 --role 乡级 \
    --region $T1 --password-stdin $DB
echo 'county-pass-2020' | expect_exit 0 "$KAOHE" user add 丙 --role 县级 \
    --region $COUNTY --password-stdin $DB
echo 'third-pass-2020' | expect_exit 0 "$KAOHE" user add 评估 \
    --role 第三方评估 --password-stdin $DB
for r in 530121101201 530121101202 530121102201; do
    KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify add --region $r \
        --source 督查 --category 基层基础工作不扎实 --text "帮扶手册不全 $r" $DB
done
KAOHE_USER=admin expect_exit 0 "$KAOHE" rectify plan 1 --deadline 2020-03-31 \
    --measures 补齐 $DB

asan=${ASAN_OPTIONS:-}
[ -n "$asan" ] && export ASAN_OPTIONS="$asan:fast_unwind_on_malloc=0"
mkdir srvtmp
serve_start --tmp $DB --listen 127.0.0.1:0 --threads 2 --web "$TOP/web"
export URL TOP ARTIFACTS=${ARTIFACTS:-$TOP/tests/out/ui}
