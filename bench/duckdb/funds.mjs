// funds.mjs - the DuckDB peer of bench/funds.sh (扶贫项目库与资金).
//
//   node funds.mjs load DIR DUCK.db
//       the year's registry households (户编号, county, 户状态) from
//       DIR/registry.csv into DuckDB's own file: what kaohe has in its
//       database before the import (not timed, as kaohe's registry import).
//   node funds.mjs run DUCK.db DIR YEAR REGION
//       funds.sql: reads DIR/projects.csv, allocations.csv, payments.csv
//       and regions.csv with read_csv, counts each row's own faults (what
//       kaohe's import refuses) and runs every rule of `kaohe funds check`
//       (docs/funds.md, default thresholds) with the registry households of
//       DUCK.db; prints the findings per code, then the time in seconds.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [cmd, ...args] = process.argv.slice(2);

async function main() {
  if (cmd === 'load') {
    const [dir, db] = args;
    const inst = await DuckDBInstance.create(db, { threads: '2' });
    const con = await inst.connect();
    await con.run('DROP TABLE IF EXISTS hh');
    await con.run(`CREATE TABLE hh AS SELECT DISTINCT "户编号" AS hh_id, substr("行政区划代码", 1, 6) AS county6,` +
      ` "户状态" AS status FROM read_csv('${join(resolve(dir), 'registry.csv')}', header = true, all_varchar = true)`);
    await con.run('CHECKPOINT');
    return;
  }
  if (cmd !== 'run') throw new Error('usage: funds.mjs load DIR DUCK.db | run DUCK.db DIR YEAR REGION');
  const [db, dir, year, region] = args;
  const sql = readFileSync(join(here, 'funds.sql'), 'utf8')
    .replaceAll('${DIR}', resolve(dir)).replaceAll('${YEAR}', year).replaceAll('${REGION}', region);
  const stmts = sql.split(/;\s*\n/).map((s) => s.replace(/^\s*--.*$/gm, '').trim()).filter((s) => s);
  const inst = await DuckDBInstance.create(db, { threads: '2', access_mode: 'READ_ONLY' });
  const con = await inst.connect();
  const t0 = process.hrtime.bigint();
  let rows = [];
  for (const s of stmts) {
    const r = await con.runAndReadAll(s);
    rows = r.getRows();
  }
  const t = Number(process.hrtime.bigint() - t0) / 1e9;
  for (const [code, n] of rows) console.log(`${code} ${n}`);
  console.log(`time ${t.toFixed(3)}`);
}

main().catch((e) => { console.error(e); process.exit(2); });
