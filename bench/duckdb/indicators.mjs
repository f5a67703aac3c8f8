// indicators.mjs - the DuckDB peer of bench/indicators.sh.
//
//   node indicators.mjs load DIR DUCK.db
//       DIR holds region.csv, household.csv, member.csv, review.csv as the
//       sqlite3 shell exported them from a kaohe database (one year); they
//       become typed tables in DuckDB's own file.
//   node indicators.mjs query DUCK.db YEAR VISIT_FROM OUT.csv [SQL]
//       runs indicators.sql (the indicator set), or the file SQL (the same
//       with the review's rules in front, bench/indicators.sh makes it),
//       and writes code, name, num, den; prints the query's own time in
//       seconds.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [cmd, ...args] = process.argv.slice(2);

const schema = {
  region: "code VARCHAR, name VARCHAR, parent VARCHAR, level INTEGER, " +
          "rural_pop BIGINT, plan_exit BIGINT",
  household: "id BIGINT, year INTEGER, hh_id VARCHAR, village VARCHAR, " +
             "hh_type VARCHAR, cause VARCHAR, status VARCHAR, year_out INTEGER, " +
             "income_pc BIGINT, housing VARCHAR, last_visit VARCHAR, measures VARCHAR, " +
             "inc_wage BIGINT, inc_business BIGINT, inc_property BIGINT, " +
             "inc_transfer BIGINT, inc_dibao BIGINT, inc_tekun BIGINT, " +
             "exp_business BIGINT, med_oop BIGINT, reloc_self BIGINT, " +
             "water_safe INTEGER, relocated INTEGER, helper_id VARCHAR",
  member: "id BIGINT, household BIGINT, year INTEGER, id_no VARCHAR, " +
          "schooling VARCHAR, labour VARCHAR, ins_med INTEGER, " +
          "ins_serious INTEGER, ins_pension INTEGER, treat_first INTEGER, " +
          "health VARCHAR",
  review: "household BIGINT, year INTEGER, applies BIGINT, flagged BIGINT",
};

async function main() {
  if (cmd === 'load') {
    const [dir, db] = args;
    const inst = await DuckDBInstance.create(db);
    const con = await inst.connect();
    for (const [t, cols] of Object.entries(schema)) {
      const columns = '{' + cols.split(', ').map((c) => {
        const [n, ty] = c.trim().split(' ');
        return `'${n}': '${ty}'`;
      }).join(', ') + '}';
      await con.run(`DROP TABLE IF EXISTS ${t}`);
      await con.run(`CREATE TABLE ${t} AS SELECT * FROM read_csv('${join(dir, t + '.csv')}', ` +
                    `header = true, columns = ${columns})`);
    }
    await con.run('CHECKPOINT');
    return;
  }
  if (cmd === 'query') {
    const [db, year, visitFrom, out, sqlFile] = args;
    const sql = readFileSync(sqlFile || join(here, 'indicators.sql'), 'utf8')
      .replaceAll('@YEAR@', String(Number(year)))
      .replaceAll('@VISIT_FROM@', visitFrom.replace(/[^0-9-]/g, ''))
      .replace(/;\s*$/, '');
    const inst = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
    const con = await inst.connect();
    const t0 = process.hrtime.bigint();
    await con.run(`COPY (${sql}) TO '${out.replace(/'/g, "''")}' (HEADER false)`);
    const t1 = process.hrtime.bigint();
    console.log((Number(t1 - t0) / 1e9).toFixed(3));
    return;
  }
  console.error('usage: node indicators.mjs load DIR DUCK.db | query DUCK.db YEAR VISIT_FROM OUT.csv [SQL]');
  process.exit(2);
}

main().catch((e) => { console.error(e.message || e); process.exit(2); });
