-- review_rules.sql - the exit review's 16 rules (docs/review.md,
-- src/domain/review.c) in SQL, from the raw household and member tables:
-- per household the bitmasks `applies` and `flagged` that `kaohe review`
-- stores in its table review. bench/indicators.sh puts these CTEs in
-- front of the indicator query (after WITH RECURSIVE) and reads rv
-- instead of the stored review, so that the peers do the review's work
-- too ("raw" variants). Written to run unchanged in SQLite and DuckDB.
--
-- Thresholds are the national defaults (standards/national.std): the
-- line @LINE@ (分, put in by the script), compulsory age 6-15, unsafe
-- housing C and D, water from 2019, transfer share 50%, pension from 16,
-- medical burden 10% of net income, relocation 10,000 yuan, 5 households
-- a helper, visits since @VISIT_FROM@ (31 December less 90 days), working
-- age 16-65, incomes above 0 and at most 100,000 yuan.
--
-- What the import already guarantees is taken as given: stored ID numbers
-- (members' and helpers') are valid, so a member's age is the year less
-- the birth year (the reference date is 31 December) and a helper ID is
-- valid when it is not empty. Households without members are not
-- reviewed (kaohe reads members with their household).
rvm AS (
  SELECT household,
    count(*) AS n,
    sum(CASE WHEN age BETWEEN 6 AND 15 THEN 1 ELSE 0 END) AS comp,
    sum(CASE WHEN age BETWEEN 6 AND 15 AND schooling = '非在校生'
        THEN 1 ELSE 0 END) AS comp_out,
    sum(CASE WHEN age BETWEEN 6 AND 15 AND schooling IS NULL
        THEN 1 ELSE 0 END) AS comp_unk,
    sum(CASE WHEN ins_med = 0 THEN 1 ELSE 0 END) AS med_no,
    sum(CASE WHEN ins_med IS NULL THEN 1 ELSE 0 END) AS med_unk,
    sum(able) AS able,
    sum(student) AS students,
    sum(CASE WHEN schooling IS NULL THEN 1 ELSE 0 END) AS sch_unk,
    sum(CASE WHEN health IN ('长期慢性病', '患有大病') THEN 1 ELSE 0 END) AS ill,
    sum(CASE WHEN health = '残疾' THEN 1 ELSE 0 END) AS disabled,
    sum(CASE WHEN health IS NULL THEN 1 ELSE 0 END) AS health_unk,
    sum(CASE WHEN age >= 16 AND student = 0 THEN 1 ELSE 0 END) AS pen_den,
    sum(CASE WHEN age >= 16 AND student = 0 AND ins_pension = 0
        THEN 1 ELSE 0 END) AS pen_no,
    sum(CASE WHEN treat_first IS NOT NULL THEN 1 ELSE 0 END) AS tf_known,
    sum(CASE WHEN treat_first = 0 THEN 1 ELSE 0 END) AS tf_no,
    sum(CASE WHEN age >= 0 AND labour IS NOT NULL THEN 1 ELSE 0 END) AS lab_known,
    sum(CASE WHEN age >= 0 AND able = 1 AND (age < 16 OR age > 65)
        THEN 1 ELSE 0 END) AS lab_bad
  FROM (
    SELECT household, schooling, health, labour, ins_med, ins_pension,
      treat_first,
      CASE WHEN CAST(substr(id_no, 7, 4) AS INTEGER) <= @YEAR@
        THEN @YEAR@ - CAST(substr(id_no, 7, 4) AS INTEGER) ELSE -1 END AS age,
      CASE WHEN schooling IS NOT NULL AND schooling NOT IN ('非在校生', '学前教育')
        THEN 1 ELSE 0 END AS student,
      CASE WHEN labour IN ('普通劳动力', '技能劳动力') THEN 1 ELSE 0 END AS able
    FROM member WHERE year = @YEAR@
  ) GROUP BY household
),
rvh AS (
  SELECT h.id AS household, h.cause, h.housing, h.water_safe, h.relocated,
    h.reloc_self, h.med_oop, h.last_visit, h.inc_transfer, m.n, m.comp,
    m.comp_out, m.comp_unk, m.med_no, m.med_unk, m.able, m.students,
    m.sch_unk, m.ill, m.disabled, m.health_unk, m.pen_den, m.pen_no,
    m.tf_known, m.tf_no, m.lab_known, m.lab_bad,
    CASE WHEN h.status IN ('已脱贫(享受政策)', '已脱贫(不享受政策)')
      THEN 1 ELSE 0 END AS exited,
    CASE WHEN coalesce(h.inc_wage, h.inc_business, h.inc_property,
        h.inc_transfer, h.exp_business) IS NOT NULL
      THEN coalesce(h.inc_wage, 0) + coalesce(h.inc_business, 0)
        + coalesce(h.inc_property, 0) + coalesce(h.inc_transfer, 0)
        - coalesce(h.exp_business, 0)
      WHEN h.income_pc IS NOT NULL THEN h.income_pc * m.n END AS net,
    coalesce(h.inc_dibao, 0) + coalesce(h.inc_tekun, 0) AS support,
    CASE WHEN coalesce(h.inc_wage, h.inc_business, h.inc_property,
        h.inc_transfer) IS NOT NULL
      THEN coalesce(h.inc_wage, 0) + coalesce(h.inc_business, 0)
        + coalesce(h.inc_property, 0) + coalesce(h.inc_transfer, 0)
      END AS income_all,
    h.income_pc,
    CASE WHEN h.helper_id IS NOT NULL AND h.helper_id <> '' THEN
      row_number() OVER (PARTITION BY upper(h.helper_id) ORDER BY h.id)
      END AS helper_nth
  FROM household h JOIN rvm m ON m.household = h.id
  WHERE h.year = @YEAR@
),
rvp AS (
  SELECT *,
    CASE WHEN income_pc IS NOT NULL OR net IS NOT NULL THEN 1 ELSE 0 END
      AS pc_known,
    CASE WHEN income_pc IS NOT NULL THEN
        CASE WHEN income_pc > @LINE@ THEN 1 ELSE 0 END
      WHEN net > @LINE@ * n THEN 1 ELSE 0 END AS above,
    CASE WHEN income_pc IS NOT NULL THEN
        CASE WHEN income_pc > 0 AND income_pc <= 10000000 THEN 1 ELSE 0 END
      WHEN net >= n AND net < 10000001 * n THEN 1 ELSE 0 END AS plausible
  FROM rvh
),
rvc AS (
  SELECT household,
    -- applies, code by code (0/1)
    exited * pc_known AS a0,
    CASE WHEN exited = 1 AND comp > 0 AND (comp_out > 0 OR comp_unk = 0)
      THEN 1 ELSE 0 END AS a1,
    CASE WHEN exited = 1 AND (med_no > 0 OR med_unk = 0) THEN 1 ELSE 0 END AS a2,
    CASE WHEN exited = 1 AND housing IS NOT NULL THEN 1 ELSE 0 END AS a3,
    CASE WHEN exited = 1 AND water_safe IS NOT NULL THEN 1 ELSE 0 END AS a4,
    CASE WHEN exited = 1 AND net IS NOT NULL AND above = 1 THEN 1 ELSE 0 END AS a5,
    CASE WHEN exited = 1 AND income_all > 0 THEN 1 ELSE 0 END AS a6,
    CASE WHEN cause = '缺劳力' THEN 1
      WHEN cause = '因学' AND (students > 0 OR sch_unk = 0) THEN 1
      WHEN cause = '因病' AND (ill > 0 OR health_unk = 0) THEN 1
      WHEN cause = '因残' AND (disabled > 0 OR health_unk = 0) THEN 1
      ELSE 0 END AS a7,
    CASE WHEN pen_den > 0 THEN 1 ELSE 0 END AS a8,
    CASE WHEN net IS NOT NULL AND med_oop IS NOT NULL THEN 1 ELSE 0 END AS a9,
    CASE WHEN relocated = 1 AND reloc_self IS NOT NULL THEN 1 ELSE 0 END AS a10,
    CASE WHEN helper_nth IS NOT NULL THEN 1 ELSE 0 END AS a11,
    1 AS a12,
    CASE WHEN tf_known > 0 THEN 1 ELSE 0 END AS a13,
    CASE WHEN lab_known > 0 THEN 1 ELSE 0 END AS a14,
    pc_known AS a15,
    -- flagged
    CASE WHEN exited = 1 AND pc_known = 1 AND above = 0 THEN 1 ELSE 0 END AS f0,
    CASE WHEN exited = 1 AND comp_out > 0 THEN 1 ELSE 0 END AS f1,
    CASE WHEN exited = 1 AND med_no > 0 THEN 1 ELSE 0 END AS f2,
    CASE WHEN exited = 1 AND housing IN ('C', 'D') THEN 1 ELSE 0 END AS f3,
    CASE WHEN exited = 1 AND water_safe = 0 THEN 1 ELSE 0 END AS f4,
    CASE WHEN exited = 1 AND net IS NOT NULL AND above = 1
        AND net - support <= @LINE@ * n THEN 1 ELSE 0 END AS f5,
    CASE WHEN exited = 1 AND income_all > 0
        AND coalesce(inc_transfer, 0) * 2 > income_all THEN 1 ELSE 0 END AS f6,
    CASE WHEN cause = '缺劳力' AND able >= 2 THEN 1
      WHEN cause = '因学' AND students = 0 AND sch_unk = 0 THEN 1
      WHEN cause = '因病' AND ill = 0 AND health_unk = 0 THEN 1
      WHEN cause = '因残' AND disabled = 0 AND health_unk = 0 THEN 1
      ELSE 0 END AS f7,
    CASE WHEN pen_no > 0 THEN 1 ELSE 0 END AS f8,
    CASE WHEN net IS NOT NULL AND med_oop * 10 > net THEN 1 ELSE 0 END AS f9,
    CASE WHEN relocated = 1 AND reloc_self > 1000000 THEN 1 ELSE 0 END AS f10,
    CASE WHEN helper_nth > 5 THEN 1 ELSE 0 END AS f11,
    CASE WHEN last_visit IS NULL OR last_visit = ''
        OR last_visit < '@VISIT_FROM@' THEN 1 ELSE 0 END AS f12,
    CASE WHEN tf_no > 0 THEN 1 ELSE 0 END AS f13,
    CASE WHEN lab_bad > 0 THEN 1 ELSE 0 END AS f14,
    CASE WHEN pc_known = 1 AND plausible = 0 THEN 1 ELSE 0 END AS f15
  FROM rvp
),
rv AS (
  SELECT household,
    a0 + 2 * a1 + 4 * a2 + 8 * a3 + 16 * a4 + 32 * a5 + 64 * a6 + 128 * a7
      + 256 * a8 + 512 * a9 + 1024 * a10 + 2048 * a11 + 4096 * a12
      + 8192 * a13 + 16384 * a14 + 32768 * a15 AS applies,
    f0 + 2 * f1 + 4 * f2 + 8 * f3 + 16 * f4 + 32 * f5 + 64 * f6 + 128 * f7
      + 256 * f8 + 512 * f9 + 1024 * f10 + 2048 * f11 + 4096 * f12
      + 8192 * f13 + 16384 * f14 + 32768 * f15 AS flagged
  FROM rvc
),
