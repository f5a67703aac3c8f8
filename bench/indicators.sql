-- indicators.sql - the indicator set of docs/indicators.md in plain SQL, the
-- peer kaohe indicators is measured against (bench/indicators.sh). For the
-- sqlite3 shell on a kaohe database; @YEAR@ and @VISIT_FROM@ (the year's
-- 31 December less [review] visit_interval_days, YYYY-MM-DD) are put in by
-- the script. Thresholds are the national defaults (standards/national.std).
-- Output: code, name, num, den (CSV), one row a region and indicator.
-- bench/duckdb/indicators.sql is the same in DuckDB's dialect.
WITH RECURSIVE
-- Every village with itself and each of its ancestors.
anc(village, code) AS (
  SELECT code, code FROM region WHERE level = 5
  UNION ALL
  SELECT a.village, r.parent FROM anc a JOIN region r ON r.code = a.code
  WHERE r.parent IS NOT NULL AND r.parent <> ''
),
mem AS (
  SELECT household,
    count(*) AS np,
    sum(CASE WHEN active AND ins_med = 1 THEN 1 ELSE 0 END) AS med,
    sum(CASE WHEN active AND ins_serious = 1 THEN 1 ELSE 0 END) AS ser,
    sum(CASE WHEN active AND treat_first = 1 THEN 1 ELSE 0 END) AS tf,
    sum(CASE WHEN active AND age >= 16 AND NOT student THEN 1 ELSE 0 END) AS pen_den,
    sum(CASE WHEN active AND age >= 16 AND NOT student AND ins_pension = 1
        THEN 1 ELSE 0 END) AS pen_num,
    sum(CASE WHEN active AND age BETWEEN 6 AND 15 THEN 1 ELSE 0 END) AS dro_den,
    sum(CASE WHEN active AND age BETWEEN 6 AND 15 AND schooling = '非在校生'
        THEN 1 ELSE 0 END) AS dro_num,
    max(CASE WHEN labour IN ('普通劳动力', '技能劳动力', '弱劳动力或半劳动力')
        THEN 1 ELSE 0 END) AS labour
  FROM (
    SELECT m.household, m.ins_med, m.ins_serious, m.ins_pension, m.treat_first,
      m.schooling, m.labour, h.status <> '清退' AS active,
      @YEAR@ - CAST(substr(m.id_no, 7, 4) AS INTEGER) AS age,
      (m.schooling IS NOT NULL AND m.schooling NOT IN ('非在校生', '学前教育'))
        AS student
    FROM member m JOIN household h ON h.id = m.household
    WHERE m.year = @YEAR@
  ) GROUP BY household
),
f AS (
  SELECT h.village, h.status, h.hh_type, h.cause, mem.np,
    h.status IN ('未脱贫', '返贫') AS poor,
    h.status IN ('已脱贫(享受政策)', '已脱贫(不享受政策)') AS exited,
    h.status <> '清退' AS active,
    h.year_out, h.income_pc, h.housing, h.last_visit, h.measures,
    mem.med, mem.ser, mem.tf, mem.pen_num, mem.pen_den, mem.dro_num,
    mem.dro_den, mem.labour,
    r.applies, r.flagged
  FROM household h JOIN mem ON mem.household = h.id
  LEFT JOIN review r ON r.household = h.id AND r.year = @YEAR@
  WHERE h.year = @YEAR@
),
-- Per village first (what every level sums).
v AS (
  SELECT village,
    count(*) AS households, sum(np) AS persons,
    sum(CASE WHEN poor THEN 1 ELSE 0 END) AS poor_hh,
    sum(CASE WHEN poor THEN np ELSE 0 END) AS poor_p,
    sum(CASE WHEN exited THEN 1 ELSE 0 END) AS ex_hh,
    sum(CASE WHEN exited THEN np ELSE 0 END) AS ex_p,
    sum(CASE WHEN exited AND year_out = @YEAR@ THEN 1 ELSE 0 END) AS exy_hh,
    sum(CASE WHEN exited AND year_out = @YEAR@ THEN np ELSE 0 END) AS exy_p,
    sum(CASE WHEN active THEN 1 ELSE 0 END) AS act_hh,
    sum(CASE WHEN active AND income_pc IS NOT NULL THEN 1 ELSE 0 END) AS inc_n,
    sum(CASE WHEN active AND income_pc IS NOT NULL THEN income_pc ELSE 0 END)
      AS inc_sum,
    sum(CASE WHEN active THEN np ELSE 0 END) AS act_p,
    sum(med) AS med, sum(ser) AS ser, sum(tf) AS tf,
    sum(pen_num) AS pen_num, sum(pen_den) AS pen_den,
    sum(dro_num) AS dro_num, sum(dro_den) AS dro_den,
    sum(CASE WHEN active AND housing IN ('C', 'D') THEN 1 ELSE 0 END) AS unsafe,
    sum(CASE WHEN active AND labour = 1 THEN 1 ELSE 0 END) AS lab_hh,
    sum(CASE WHEN active AND labour = 1
        AND ';' || measures || ';' LIKE '%;产业扶持;%' THEN 1 ELSE 0 END) AS ind_hh,
    sum(CASE WHEN active AND last_visit >= '@VISIT_FROM@' THEN 1 ELSE 0 END)
      AS visited,
    sum((coalesce(flagged, 0) >> 0) & 1) AS fn0, sum((coalesce(applies, 0) >> 0) & 1) AS fd0,
    sum((coalesce(flagged, 0) >> 1) & 1) AS fn1, sum((coalesce(applies, 0) >> 1) & 1) AS fd1,
    sum((coalesce(flagged, 0) >> 2) & 1) AS fn2, sum((coalesce(applies, 0) >> 2) & 1) AS fd2,
    sum((coalesce(flagged, 0) >> 3) & 1) AS fn3, sum((coalesce(applies, 0) >> 3) & 1) AS fd3,
    sum((coalesce(flagged, 0) >> 4) & 1) AS fn4, sum((coalesce(applies, 0) >> 4) & 1) AS fd4,
    sum((coalesce(flagged, 0) >> 5) & 1) AS fn5, sum((coalesce(applies, 0) >> 5) & 1) AS fd5,
    sum((coalesce(flagged, 0) >> 6) & 1) AS fn6, sum((coalesce(applies, 0) >> 6) & 1) AS fd6,
    sum((coalesce(flagged, 0) >> 7) & 1) AS fn7, sum((coalesce(applies, 0) >> 7) & 1) AS fd7,
    sum((coalesce(flagged, 0) >> 8) & 1) AS fn8, sum((coalesce(applies, 0) >> 8) & 1) AS fd8,
    sum((coalesce(flagged, 0) >> 9) & 1) AS fn9, sum((coalesce(applies, 0) >> 9) & 1) AS fd9,
    sum((coalesce(flagged, 0) >> 10) & 1) AS fn10, sum((coalesce(applies, 0) >> 10) & 1) AS fd10,
    sum((coalesce(flagged, 0) >> 11) & 1) AS fn11, sum((coalesce(applies, 0) >> 11) & 1) AS fd11,
    sum((coalesce(flagged, 0) >> 12) & 1) AS fn12, sum((coalesce(applies, 0) >> 12) & 1) AS fd12,
    sum((coalesce(flagged, 0) >> 13) & 1) AS fn13, sum((coalesce(applies, 0) >> 13) & 1) AS fd13,
    sum((coalesce(flagged, 0) >> 14) & 1) AS fn14, sum((coalesce(applies, 0) >> 14) & 1) AS fd14,
    sum((coalesce(flagged, 0) >> 15) & 1) AS fn15, sum((coalesce(applies, 0) >> 15) & 1) AS fd15
  FROM f GROUP BY village
),
-- Every region: the sums over its villages (regions without households
-- get zeros), plus the region list's own figures.
g AS (
  SELECT a.code,
    count(*) AS villages,
    sum(coalesce(rv.rural_pop, 0)) AS rural_pop,
    sum(coalesce(v.households, 0)) AS households, sum(coalesce(v.persons, 0)) AS persons,
    sum(coalesce(v.poor_hh, 0)) AS poor_hh, sum(coalesce(v.poor_p, 0)) AS poor_p,
    sum(coalesce(v.ex_hh, 0)) AS ex_hh, sum(coalesce(v.ex_p, 0)) AS ex_p,
    sum(coalesce(v.exy_hh, 0)) AS exy_hh, sum(coalesce(v.exy_p, 0)) AS exy_p,
    sum(coalesce(v.act_hh, 0)) AS act_hh, sum(coalesce(v.inc_n, 0)) AS inc_n,
    sum(coalesce(v.inc_sum, 0)) AS inc_sum, sum(coalesce(v.act_p, 0)) AS act_p,
    sum(coalesce(v.med, 0)) AS med, sum(coalesce(v.ser, 0)) AS ser,
    sum(coalesce(v.tf, 0)) AS tf, sum(coalesce(v.pen_num, 0)) AS pen_num,
    sum(coalesce(v.pen_den, 0)) AS pen_den, sum(coalesce(v.dro_num, 0)) AS dro_num,
    sum(coalesce(v.dro_den, 0)) AS dro_den, sum(coalesce(v.unsafe, 0)) AS unsafe,
    sum(coalesce(v.lab_hh, 0)) AS lab_hh, sum(coalesce(v.ind_hh, 0)) AS ind_hh,
    sum(coalesce(v.visited, 0)) AS visited,
    sum(coalesce(fn0, 0)) AS fn0, sum(coalesce(fd0, 0)) AS fd0,
    sum(coalesce(fn1, 0)) AS fn1, sum(coalesce(fd1, 0)) AS fd1,
    sum(coalesce(fn2, 0)) AS fn2, sum(coalesce(fd2, 0)) AS fd2,
    sum(coalesce(fn3, 0)) AS fn3, sum(coalesce(fd3, 0)) AS fd3,
    sum(coalesce(fn4, 0)) AS fn4, sum(coalesce(fd4, 0)) AS fd4,
    sum(coalesce(fn5, 0)) AS fn5, sum(coalesce(fd5, 0)) AS fd5,
    sum(coalesce(fn6, 0)) AS fn6, sum(coalesce(fd6, 0)) AS fd6,
    sum(coalesce(fn7, 0)) AS fn7, sum(coalesce(fd7, 0)) AS fd7,
    sum(coalesce(fn8, 0)) AS fn8, sum(coalesce(fd8, 0)) AS fd8,
    sum(coalesce(fn9, 0)) AS fn9, sum(coalesce(fd9, 0)) AS fd9,
    sum(coalesce(fn10, 0)) AS fn10, sum(coalesce(fd10, 0)) AS fd10,
    sum(coalesce(fn11, 0)) AS fn11, sum(coalesce(fd11, 0)) AS fd11,
    sum(coalesce(fn12, 0)) AS fn12, sum(coalesce(fd12, 0)) AS fd12,
    sum(coalesce(fn13, 0)) AS fn13, sum(coalesce(fd13, 0)) AS fd13,
    sum(coalesce(fn14, 0)) AS fn14, sum(coalesce(fd14, 0)) AS fd14,
    sum(coalesce(fn15, 0)) AS fn15, sum(coalesce(fd15, 0)) AS fd15
  FROM anc a JOIN region rv ON rv.code = a.village
  LEFT JOIN v ON v.village = a.village
  GROUP BY a.code
),
-- 减贫计划完成率: counties against their plan; above, the counties with a
-- plan summed; below, nothing.
county AS (
  SELECT r.code, g.exy_p AS num, r.plan_exit AS plan
  FROM region r JOIN g ON g.code = r.code WHERE r.level = 3
),
plan AS (
  SELECT pc.code,
    sum(CASE WHEN c.plan IS NOT NULL THEN c.num ELSE 0 END) AS num,
    sum(coalesce(c.plan, 0)) AS den
  FROM (SELECT DISTINCT a2.code, a.code AS county
        FROM anc a JOIN region r3 ON r3.code = a.code AND r3.level = 3
        JOIN anc a2 ON a2.village = a.village) pc
  JOIN county c ON c.code = pc.county
  GROUP BY pc.code
),
-- Exact medians: the one or two middle incomes of each region.
inc AS (
  SELECT a.code, f.income_pc AS x,
    row_number() OVER (PARTITION BY a.code ORDER BY f.income_pc) AS k,
    count(*) OVER (PARTITION BY a.code) AS n
  FROM f JOIN anc a ON a.village = f.village
  WHERE f.active AND f.income_pc IS NOT NULL
),
med AS (
  SELECT code, sum(x * (CASE WHEN n % 2 = 1 THEN 2 ELSE 1 END)) AS num
  FROM inc WHERE k IN ((n + 1) / 2, n / 2 + 1) GROUP BY code
),
-- Breakdowns by status, attribute and cause: every label for every region.
labels(list, label) AS (VALUES
  ('status', '未脱贫'), ('status', '已脱贫(享受政策)'), ('status', '返贫'),
  ('status', '已脱贫(不享受政策)'), ('status', '清退'),
  ('hh_type', '一般贫困户'), ('hh_type', '低保贫困户'), ('hh_type', '特困供养贫困户'),
  ('cause', '因病'), ('cause', '因残'), ('cause', '因学'), ('cause', '因灾'),
  ('cause', '缺土地'), ('cause', '缺水'), ('cause', '缺技术'), ('cause', '缺劳力'),
  ('cause', '缺资金'), ('cause', '交通条件落后'), ('cause', '自身发展动力不足')),
bv AS (
  SELECT village, 'status' AS list, status AS label, count(*) AS hh, sum(np) AS p
    FROM f GROUP BY village, status
  UNION ALL
  SELECT village, 'hh_type', hh_type, count(*), sum(np) FROM f GROUP BY village, hh_type
  UNION ALL
  SELECT village, 'cause', cause, count(*), sum(np) FROM f GROUP BY village, cause
),
bg AS (
  SELECT a.code, bv.list, bv.label, sum(bv.hh) AS hh, sum(bv.p) AS p
  FROM bv JOIN anc a ON a.village = bv.village GROUP BY a.code, bv.list, bv.label
),
codes(k, name) AS (VALUES
  (0, 'exit_income'), (1, 'exit_dropout'), (2, 'exit_medical'),
  (3, 'exit_housing'), (4, 'exit_water'), (5, 'unstable_income'),
  (6, 'transfer_share_high'), (7, 'cause_inconsistent'), (8, 'pension_gap'),
  (9, 'medical_burden'), (10, 'reloc_debt'), (11, 'helper_overload'),
  (12, 'visit_overdue'), (13, 'treat_first_missing'), (14, 'labour_age'),
  (15, 'income_outlier'))
SELECT g.code, 'households', g.households, 1 FROM g
UNION ALL SELECT g.code, 'persons', g.persons, 1 FROM g
UNION ALL SELECT g.code, 'villages', g.villages, 1 FROM g
UNION ALL SELECT g.code, 'rural_pop', g.rural_pop, 1 FROM g
UNION ALL SELECT g.code, 'plan_exit',
  CASE WHEN r.level <= 3 THEN coalesce(p.den, 0) ELSE 0 END, 1
  FROM g JOIN region r ON r.code = g.code LEFT JOIN plan p ON p.code = g.code
UNION ALL SELECT code, 'poor_households', poor_hh, households FROM g
UNION ALL SELECT code, 'poor_persons', poor_p, persons FROM g
UNION ALL SELECT code, 'exited_households', ex_hh, households FROM g
UNION ALL SELECT code, 'exited_persons', ex_p, persons FROM g
UNION ALL SELECT code, 'exited_households_year', exy_hh, households FROM g
UNION ALL SELECT code, 'exited_persons_year', exy_p, persons FROM g
UNION ALL SELECT code, 'incidence', poor_p, rural_pop FROM g
UNION ALL SELECT g.code, 'plan_completion',
  CASE WHEN r.level = 3 THEN g.exy_p WHEN r.level < 3 THEN coalesce(p.num, 0)
    ELSE 0 END,
  CASE WHEN r.level <= 3 THEN coalesce(p.den, 0) ELSE 0 END
  FROM g JOIN region r ON r.code = g.code LEFT JOIN plan p ON p.code = g.code
UNION ALL SELECT code, 'income_pc_households', inc_n, act_hh FROM g
UNION ALL SELECT code, 'income_pc_mean', inc_sum, 100 * inc_n FROM g
UNION ALL SELECT g.code, 'income_pc_median', coalesce(m.num, 0),
  CASE WHEN m.num IS NULL THEN 0 ELSE 200 END
  FROM g LEFT JOIN med m ON m.code = g.code
UNION ALL SELECT code, 'ins_med', med, act_p FROM g
UNION ALL SELECT code, 'ins_serious', ser, act_p FROM g
UNION ALL SELECT code, 'ins_pension', pen_num, pen_den FROM g
UNION ALL SELECT code, 'treat_first', tf, act_p FROM g
UNION ALL SELECT code, 'dropouts', dro_num, dro_den FROM g
UNION ALL SELECT code, 'unsafe_housing', unsafe, act_hh FROM g
UNION ALL SELECT code, 'industry_support', ind_hh, lab_hh FROM g
UNION ALL SELECT code, 'visited', visited, act_hh FROM g
UNION ALL SELECT g.code, 'households.' || l.list || '.' || l.label,
  coalesce(b.hh, 0), g.households
  FROM g CROSS JOIN labels l
  LEFT JOIN bg b ON b.code = g.code AND b.list = l.list AND b.label = l.label
UNION ALL SELECT g.code, 'persons.' || l.list || '.' || l.label,
  coalesce(b.p, 0), g.persons
  FROM g CROSS JOIN labels l
  LEFT JOIN bg b ON b.code = g.code AND b.list = l.list AND b.label = l.label
UNION ALL SELECT g.code, 'finding.' || c.name,
  CASE c.k WHEN 0 THEN fn0 WHEN 1 THEN fn1 WHEN 2 THEN fn2 WHEN 3 THEN fn3
    WHEN 4 THEN fn4 WHEN 5 THEN fn5 WHEN 6 THEN fn6 WHEN 7 THEN fn7
    WHEN 8 THEN fn8 WHEN 9 THEN fn9 WHEN 10 THEN fn10 WHEN 11 THEN fn11
    WHEN 12 THEN fn12 WHEN 13 THEN fn13 WHEN 14 THEN fn14 ELSE fn15 END,
  CASE c.k WHEN 0 THEN fd0 WHEN 1 THEN fd1 WHEN 2 THEN fd2 WHEN 3 THEN fd3
    WHEN 4 THEN fd4 WHEN 5 THEN fd5 WHEN 6 THEN fd6 WHEN 7 THEN fd7
    WHEN 8 THEN fd8 WHEN 9 THEN fd9 WHEN 10 THEN fd10 WHEN 11 THEN fd11
    WHEN 12 THEN fd12 WHEN 13 THEN fd13 WHEN 14 THEN fd14 ELSE fd15 END
  FROM g CROSS JOIN codes c;
