-- funds.sql - the DuckDB peer of `kaohe import projects|allocations|payments`
-- and `kaohe funds check` (bench/funds.sh, docs/benchmarks.md "Funds"): the
-- same rows read from the same CSV files, each row's own faults counted
-- (what an import refuses, docs/funds.md), then every rule of `funds check`
-- with the default thresholds, as findings per code. bench/duckdb/funds.mjs
-- replaces ${DIR}, ${YEAR} and ${REGION} (the --region of the payments
-- import) and runs the statements in order; the last one's rows are the
-- findings per code.

-- The three files, every column read as text first (as kaohe reads them).
CREATE TEMP TABLE rp AS SELECT * FROM read_csv('${DIR}/projects.csv', header = true, all_varchar = true);
CREATE TEMP TABLE ra AS SELECT * FROM read_csv('${DIR}/allocations.csv', header = true, all_varchar = true);
CREATE TEMP TABLE ry AS SELECT * FROM read_csv('${DIR}/payments.csv', header = true, all_varchar = true);
CREATE TEMP TABLE reg AS SELECT "区划代码" AS code, "级别" AS level FROM read_csv('${DIR}/regions.csv', header = true, all_varchar = true);

-- Typed: dates, money in 分, counts (NULL when empty or not one).
CREATE TEMP TABLE p AS SELECT
  trim("项目编号") AS id, "项目名称" AS name, "项目类型" AS type, "建设地点" AS region,
  substr("建设地点", 1, 6) || '000000' AS county, "实施单位" AS unit,
  TRY_CAST("入库日期" AS DATE) AS added, "入库日期" AS added_s,
  CAST(round(TRY_CAST("计划投资" AS DECIMAL(18, 2)) * 100) AS BIGINT) AS planned, "计划投资" AS planned_s,
  TRY_CAST("计划开工日期" AS DATE) AS start_plan, TRY_CAST("计划完工日期" AS DATE) AS end_plan,
  TRY_CAST("实际开工日期" AS DATE) AS start, TRY_CAST("实际完工日期" AS DATE) AS "end",
  TRY_CAST("验收日期" AS DATE) AS accepted, "项目状态" AS status,
  TRY_CAST("受益户数" AS BIGINT) AS benef_hh, TRY_CAST("受益贫困户数" AS BIGINT) AS benef_poor_hh,
  TRY_CAST("受益贫困人口" AS BIGINT) AS benef_poor_persons, "带贫户编号" AS benef_list,
  TRY_CAST("入库公示日期" AS DATE) AS pub_added, TRY_CAST("计划公示日期" AS DATE) AS pub_plan,
  TRY_CAST("竣工公告日期" AS DATE) AS pub_done, TRY_CAST("公示天数" AS BIGINT) AS pub_days
FROM rp;
CREATE TEMP TABLE a AS SELECT
  row_number() OVER () AS seq, "文号" AS doc_no, TRY_CAST("下达日期" AS DATE) AS date, "资金级次" AS level,
  "资金类别" AS fund, "接收区划" AS region,
  CAST(round(TRY_CAST("金额" AS DECIMAL(18, 2)) * 100) AS BIGINT) AS amount, TRY_CAST("年度" AS INTEGER) AS year
FROM ra;
CREATE TEMP TABLE y AS SELECT
  trim("凭证号") AS voucher, TRY_CAST("日期" AS DATE) AS date, trim("项目编号") AS proj_id, "资金类别" AS fund,
  "环节" AS stage, CAST(round(TRY_CAST("金额" AS DECIMAL(18, 2)) * 100) AS BIGINT) AS amount
FROM ry;

-- What an import refuses: a row's own faults (counted; kaohe names each).
CREATE TEMP TABLE row_faults AS
SELECT 'projects' AS file, count(*) FILTER (WHERE
    id IS NULL OR id = '' OR name IS NULL OR unit IS NULL OR added IS NULL OR planned IS NULL OR planned < 0
    OR type NOT IN ('产业发展', '就业扶贫', '易地搬迁', '危房改造', '教育扶贫', '健康扶贫', '基础设施', '公共服务', '金融扶贫', '生态扶贫', '光伏扶贫', '其他')
    OR status NOT IN ('储备', '计划', '实施', '完工', '验收', '终止')
    OR region NOT IN (SELECT code FROM reg)
    OR start_plan > end_plan OR start > "end" OR "end" > accepted OR start > accepted
    OR benef_poor_hh > benef_hh
    OR (status IN ('储备', '计划') AND (start IS NOT NULL OR "end" IS NOT NULL OR accepted IS NOT NULL))
    OR (status = '实施' AND (start IS NULL OR "end" IS NOT NULL OR accepted IS NOT NULL))
    OR (status = '完工' AND (start IS NULL OR "end" IS NULL OR accepted IS NOT NULL))
    OR (status = '验收' AND (start IS NULL OR "end" IS NULL OR accepted IS NULL))) +
  (SELECT count(*) - count(DISTINCT id) FROM p) AS faults FROM p
UNION ALL
SELECT 'allocations', count(*) FILTER (WHERE doc_no IS NULL OR date IS NULL OR amount IS NULL OR amount <= 0 OR year IS NULL
    OR level NOT IN ('中央', '省级', '市级', '县级')
    OR fund NOT IN ('财政专项扶贫资金', '统筹整合涉农资金', '以工代赈', '少数民族发展', '其他')
    OR region NOT IN (SELECT code FROM reg WHERE level = '县')) FROM a
UNION ALL
SELECT 'payments', count(*) FILTER (WHERE voucher IS NULL OR date IS NULL OR proj_id IS NULL OR amount IS NULL OR amount <= 0
    OR fund NOT IN ('财政专项扶贫资金', '统筹整合涉农资金', '以工代赈', '少数民族发展', '其他')
    OR stage NOT IN ('拨付', '支出', '收回')) + (SELECT count(*) - count(DISTINCT voucher) FROM y) FROM y;

-- The payments with their project and county (a project not in the
-- library: the import's --region, as kaohe counts it).
CREATE TEMP TABLE yp AS SELECT y.*, p.id IS NOT NULL AS in_lib, coalesce(p.county, substr('${REGION}', 1, 6) || '000000') AS county,
  p.added, p.status
FROM y LEFT JOIN p ON p.id = y.proj_id;

CREATE TEMP TABLE findings (code VARCHAR, county VARCHAR, object VARCHAR);

-- 滞留 at the county, per county and 资金类别, first in first out: money in
-- (allocations, 收回) in order as ranges of its running sum; a chunk's part
-- used in time is what the running sum of 拨付 by its deadline covers.
CREATE TEMP TABLE fin AS
SELECT county, fund, date, kind, ord, object, amount, date + INTERVAL 90 DAY AS deadline,
  sum(amount) OVER (PARTITION BY county, fund ORDER BY date, kind, ord ROWS UNBOUNDED PRECEDING) - amount AS lo
FROM (SELECT region AS county, fund, date, 0 AS kind, lpad(CAST(seq AS VARCHAR), 12, '0') AS ord, doc_no AS object, amount FROM a
        WHERE date <= DATE '${YEAR}-12-31'
      UNION ALL
      SELECT county, fund, date, 1, voucher, voucher, amount FROM yp WHERE stage = '收回' AND date <= DATE '${YEAR}-12-31');
CREATE TEMP TABLE fout AS
SELECT county, fund, date, sum(sum(amount)) OVER (PARTITION BY county, fund ORDER BY date) AS cum
FROM yp WHERE stage = '拨付' AND date <= DATE '${YEAR}-12-31' GROUP BY county, fund, date;
INSERT INTO findings
SELECT CASE kind WHEN 0 THEN 'fund_alloc_retained' ELSE 'fund_return_retained' END, i.county, i.object
FROM fin i ASOF LEFT JOIN fout o ON o.county = i.county AND o.fund = i.fund AND i.deadline >= o.date
WHERE i.deadline BETWEEN DATE '${YEAR}-01-01' AND DATE '${YEAR}-12-31'
  AND i.amount - greatest(0, least(i.amount, coalesce(o.cum, 0) - i.lo)) > 0;

-- The payments of the year by themselves.
INSERT INTO findings
SELECT 'fund_pay_no_project', county, voucher FROM yp
WHERE NOT in_lib AND date BETWEEN DATE '${YEAR}-01-01' AND DATE '${YEAR}-12-31'
UNION ALL
SELECT 'fund_pay_before_added', county, voucher FROM yp
WHERE in_lib AND stage <> '收回' AND date < added AND date BETWEEN DATE '${YEAR}-01-01' AND DATE '${YEAR}-12-31'
UNION ALL
SELECT 'fund_pay_project_state', county, voucher FROM yp
WHERE in_lib AND stage <> '收回' AND status IN ('储备', '终止') AND date BETWEEN DATE '${YEAR}-01-01' AND DATE '${YEAR}-12-31';

-- 拨付 less 收回 above the plan.
INSERT INTO findings
SELECT 'fund_pay_over_plan', p.county, p.id FROM p JOIN (
  SELECT proj_id, sum(CASE stage WHEN '拨付' THEN amount WHEN '收回' THEN -amount ELSE 0 END) AS paid
  FROM yp WHERE in_lib AND date <= DATE '${YEAR}-12-31' GROUP BY proj_id) s ON s.proj_id = p.id
WHERE s.paid > p.planned;

-- 滞留 at the project: 拨付 in, 支出 and 收回 out, 180 days.
CREATE TEMP TABLE pin AS
SELECT proj_id, county, date, voucher, amount, date + INTERVAL 180 DAY AS deadline,
  sum(amount) OVER (PARTITION BY proj_id ORDER BY date, voucher ROWS UNBOUNDED PRECEDING) - amount AS lo
FROM yp WHERE in_lib AND stage = '拨付' AND date <= DATE '${YEAR}-12-31';
CREATE TEMP TABLE pout AS
SELECT proj_id, date, sum(sum(amount)) OVER (PARTITION BY proj_id ORDER BY date) AS cum
FROM yp WHERE in_lib AND stage IN ('支出', '收回') AND date <= DATE '${YEAR}-12-31' GROUP BY proj_id, date;
INSERT INTO findings
SELECT 'fund_project_retained', any_value(i.county), i.proj_id
FROM pin i ASOF LEFT JOIN pout o ON o.proj_id = i.proj_id AND i.deadline >= o.date
WHERE i.deadline BETWEEN DATE '${YEAR}-01-01' AND DATE '${YEAR}-12-31'
GROUP BY i.proj_id
HAVING sum(i.amount - greatest(0, least(i.amount, coalesce(o.cum, 0) - i.lo))) > 0;

-- 公告公示, 项目进度, 精准使用 of the projects in the library by 31 December.
CREATE TEMP TABLE pp AS SELECT *, status IN ('实施', '完工', '验收') AS running, status IN ('完工', '验收') AS done
FROM p WHERE added <= DATE '${YEAR}-12-31';
INSERT INTO findings
SELECT 'fund_notice_added_missing', county, id FROM pp WHERE running AND pub_added IS NULL
UNION ALL SELECT 'fund_notice_plan_missing', county, id FROM pp WHERE running AND pub_plan IS NULL
UNION ALL SELECT 'fund_notice_done_missing', county, id FROM pp WHERE done AND pub_done IS NULL
UNION ALL SELECT 'fund_notice_short', county, id FROM pp WHERE pub_days < 10
UNION ALL SELECT 'fund_start_late', county, id FROM pp
  WHERE status = '计划' AND DATE '${YEAR}-12-31' - start_plan > 60
UNION ALL SELECT 'fund_accept_late', county, id FROM pp
  WHERE (status = '完工' AND DATE '${YEAR}-12-31' - "end" > 90)
     OR (status = '验收' AND accepted BETWEEN DATE '${YEAR}-01-01' AND DATE '${YEAR}-12-31' AND accepted - "end" > 90)
UNION ALL SELECT 'fund_no_poor_benef', county, id FROM pp
  WHERE status <> '终止' AND type IN ('产业发展', '就业扶贫') AND coalesce(benef_poor_hh, 0) <= 0;

-- 带贫户 against the year's registry (households of the project's county).
CREATE TEMP TABLE bl AS
SELECT id, county, trim(unnest(regexp_split_to_array(benef_list, '[;；]'))) AS hh
FROM pp WHERE status <> '终止' AND benef_list IS NOT NULL AND benef_list <> '';
INSERT INTO findings
SELECT CASE WHEN h.hh_id IS NULL THEN 'fund_benef_unregistered' ELSE 'fund_benef_cleared' END, bl.county, bl.id
FROM bl LEFT JOIN hh h ON h.hh_id = bl.hh AND h.county6 = substr(bl.county, 1, 6)
WHERE bl.hh <> '' AND (h.hh_id IS NULL OR h.status = '清退');

SELECT code, count(*) AS n FROM findings GROUP BY code
UNION ALL SELECT 'row_faults:' || file, faults FROM row_faults
ORDER BY 1;
