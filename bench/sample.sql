-- sample.sql - the peer of bench/sample.sh: 错退率 (group 1) and 漏评率
-- (group 3) of the latest sampling design, per county and for the whole
-- region, with their ultimate-cluster standard errors (docs/sample.md),
-- computed in SQL alone from kaohe's tables (sample_village,
-- sample_household, survey). Output: level, code, measure, rate, se.
WITH d AS (SELECT max(id) AS id FROM sample_design),
cnt AS (
  SELECT x.village, x.grp, count(*) AS ok
  FROM sample_household x
  JOIN survey s ON s.design = x.design AND s.hh_id = x.hh_id AND s.unknown = 0
  WHERE x.design = (SELECT id FROM d)
  GROUP BY x.village, x.grp),
u AS (
  SELECT v.county, v.village, x.grp,
         (CASE x.grp WHEN 1 THEN v.n1 WHEN 2 THEN v.n2 ELSE v.n3 END) * 1.0
           / (v.pi * c.ok) AS w,
         x.persons AS p, s.fails AS f
  FROM sample_household x
  JOIN survey s ON s.design = x.design AND s.hh_id = x.hh_id AND s.unknown = 0
  JOIN sample_village v ON v.design = x.design AND v.village = x.village
  JOIN cnt c ON c.village = x.village AND c.grp = x.grp
  WHERE x.design = (SELECT id FROM d) AND x.grp IN (1, 3)),
-- every village drawn, for both measures (a village without a household
-- of the measure has z = 0 and still counts)
vg AS (
  SELECT v.county, v.village, g.grp
  FROM sample_village v, (SELECT 1 AS grp UNION ALL SELECT 3) g
  WHERE v.design = (SELECT id FROM d)),
-- county ratios, and the region's
rc AS (SELECT county, grp, sum(w * p * f) / sum(w * p) AS r, sum(w * p) AS x
       FROM u GROUP BY county, grp),
rr AS (SELECT grp, sum(w * p * f) / sum(w * p) AS r, sum(w * p) AS x
       FROM u GROUP BY grp),
-- village totals of w (y - R x), with the county's R and with the region's
zv AS (
  SELECT vg.county, vg.village, vg.grp,
         coalesce(sum(u.w * (u.p * u.f - rc.r * u.p)), 0) AS zc,
         coalesce(sum(u.w * (u.p * u.f - rr.r * u.p)), 0) AS zr
  FROM vg
  JOIN rc ON rc.county = vg.county AND rc.grp = vg.grp
  JOIN rr ON rr.grp = vg.grp
  LEFT JOIN u ON u.village = vg.village AND u.grp = vg.grp
  GROUP BY vg.county, vg.village, vg.grp),
-- per county: n/(n-1) * (sum z^2 - (sum z)^2 / n)
vc AS (
  SELECT county, grp, count(*) AS n,
         sum(zc * zc) - sum(zc) * sum(zc) / count(*) AS ssc,
         sum(zr * zr) - sum(zr) * sum(zr) / count(*) AS ssr
  FROM zv GROUP BY county, grp)
SELECT 'county', vc.county,
       CASE vc.grp WHEN 1 THEN 'wrong_exit' ELSE 'missed' END,
       printf('%.6f', rc.r),
       printf('%.6f', sqrt(vc.n * 1.0 / (vc.n - 1) * max(vc.ssc, 0)) / rc.x)
FROM vc JOIN rc ON rc.county = vc.county AND rc.grp = vc.grp
UNION ALL
SELECT 'region', (SELECT region FROM sample_design WHERE id = (SELECT id FROM d)),
       CASE rr.grp WHEN 1 THEN 'wrong_exit' ELSE 'missed' END,
       printf('%.6f', rr.r),
       printf('%.6f', sqrt(sum(vc.n * 1.0 / (vc.n - 1) * max(vc.ssr, 0))) / rr.x)
FROM vc JOIN rr ON rr.grp = vc.grp
GROUP BY rr.grp
ORDER BY 1, 2, 3;
