// dept.mjs - the DuckDB peer of bench/dept.sh (部门数据比对).
//
//   node dept.mjs DIR [KINDS]
//       reads DIR/registry.csv and the lists DIR/dept_{huji,medical,
//       dibao,school}.csv (or those of KINDS, comma-separated) with read_csv (in memory: no file of DuckDB's
//       own), normalises the ID numbers as kaohe does (trim, lowercase x to
//       X), joins every list with the registry on the ID number and counts
//       per county and kind: registered persons, those with a record, those
//       without one or with another name (spaces removed) - the 数据闭合率's
//       parts - and the list's rows read and matched. The registry and
//       each list in turn are DuckDB tables in memory. Prints the result
//       rows' number and the time in seconds.
import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';

const [dir, kinds] = process.argv.slice(2);
const lists = (kinds || 'huji,medical,dibao,school').split(',');

const nameKey = (c) => `replace(replace(replace(${c}, ' ', ''), '\u3000', ''), '\u00a0', '')`;
const idKey = (c) => `upper(trim(${c}))`;

async function main() {
  const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
  const con = await inst.connect();
  const t0 = process.hrtime.bigint();
  await con.run(`CREATE TABLE reg AS SELECT ${idKey('"证件号码"')} AS id, ${nameKey('"姓名"')} AS name,` +
    ` substr("行政区划代码", 1, 6) AS county FROM read_csv('${join(dir, 'registry.csv')}',` +
    ` header = true, all_varchar = true)`);
  let n = 0;
  for (const k of lists) {
    await con.run(`CREATE TABLE l_${k} AS SELECT ${idKey('"证件号码"')} AS id, ${nameKey('"姓名"')} AS name` +
      ` FROM read_csv('${join(dir, 'dept_' + k + '.csv')}', header = true, all_varchar = true)`);
    // per registered person: has a record, a name differs; then per county
    const r = await con.runAndReadAll(
      `WITH p AS (SELECT r.county, r.id, count(l.id) AS n, bool_or(l.name <> r.name) AS other` +
      ` FROM reg r LEFT JOIN l_${k} l ON l.id = r.id GROUP BY r.county, r.id),` +
      ` m AS (SELECT r.county, count(*) AS rows_matched FROM l_${k} l JOIN reg r ON r.id = l.id GROUP BY 1)` +
      ` SELECT p.county, count(*) AS covered, count(*) FILTER (WHERE n > 0) AS matched,` +
      ` count(*) FILTER (WHERE n = 0 OR other) AS disagree,` +
      ` (SELECT count(*) FROM l_${k}) AS rows_read, any_value(m.rows_matched) AS rows_matched` +
      ` FROM p LEFT JOIN m ON m.county = p.county GROUP BY p.county ORDER BY 1`);
    n += r.getRows().length;
    await con.run(`DROP TABLE l_${k}`);
  }
  const t = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`${n} ${t.toFixed(3)}`);
}

main().catch((e) => { console.error(e); process.exit(2); });
