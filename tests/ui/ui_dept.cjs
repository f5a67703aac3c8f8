// SPDX-License-Identifier: MIT
// ui_dept.cjs - the 数据比对 page (web/dept.js) in the browser: no list
// at first; a 户籍 list loaded through the page's form; after the other
// lists and the comparison ($UI_COMPARE), the lists, 数据闭合率 by kind
// (the table as GET /api/dept/closure gives it, and the chart), a kind's
// findings, and a household's 一户一档 with its members' department
// records. Run by tests/e2e/ui_dept.sh.
const { execSync } = require('child_process');
const { URL, env, check, run } = require('./lib.cjs');

run(async (page, { shot, login, logout }) => {
  await login(env('UI_USER'), env('UI_PASS'));
  await page.click('#nav a[href="#/dept"]');
  await page.waitForSelector('#dept-title');
  check(await page.$('#dept-no-lists') !== null, 'no list at first');
  check(await page.$('#dept-not-compared') !== null, 'not compared yet');
  await page.selectOption('#dept-kind', 'huji');
  await page.fill('#dept-region', '533124000000');
  await page.fill('#dept-as-of', '2019-12-31');
  await page.setInputFiles('#dept-file', env('UI_FILE'));
  await page.click('#dept-import button[type=submit]');
  await page.waitForFunction(() => /已导入|^未导入/.test(document.querySelector('#dept-import-msg')?.textContent || ''));
  const msg = await page.textContent('#dept-import-msg');
  check(msg.includes('读入 7 行') && msg.includes('相符 4 行') && msg.includes('未导入 2 行'), `the import's counts: ${msg}`);
  execSync(env('UI_COMPARE'));
  await page.goto(`${URL}/#/dept?year=2019`);
  await page.reload();
  await page.waitForSelector('#dept-closure');
  const lists = await page.$$eval('#dept-lists tbody tr', (rows) => rows.map((r) => [r.children[0].textContent, r.children[5].textContent, r.children[6].textContent]));
  check(JSON.stringify(lists) === JSON.stringify([['低保(民政)', '3', '3'], ['户籍(公安)', '7', '4'], ['车辆(公安车管)', '2', '2']]),
    `the lists loaded: ${JSON.stringify(lists)}`);
  const api = await page.evaluate(async () => (await fetch('/api/dept/closure?year=2019')).json());
  const want = api.kinds.map((k) => [k.covered, k.matched, k.disagree, (100 * k.closure_num / k.closure_den).toFixed(2) + '%'].map(String));
  const rows = await page.$$eval('#dept-closure tbody tr', (rs) => rs.map((r) => [...r.children].slice(1).map((c) => c.textContent)));
  check(JSON.stringify(rows) === JSON.stringify(want) && rows.length === 3, `数据闭合率 as the API gives it: ${JSON.stringify(rows)}`);
  check(JSON.stringify(rows.map((r) => r[3])) === JSON.stringify(['50.00%', '80.00%', '80.00%']), 'dibao 2/4, huji 4/5, vehicle 4/5');
  check(await page.$('#chart-closure canvas') !== null, 'the chart is drawn');
  check(!(await page.textContent('#main')).includes('null'), 'no stray null in the page');
  await shot('dept.png');
  // a kind's findings, then a household
  await page.click('#dept-closure tbody tr:nth-child(2) a');
  await page.waitForFunction(() => /户籍/.test(document.querySelector('#dept-findings-title')?.textContent || ''));
  const codes = await page.$$eval('#dept-findings tbody tr', (rs) => rs.map((r) => [r.children[0].textContent, r.children[4].textContent]));
  check(JSON.stringify(codes) === JSON.stringify([['H2', '不在户籍名单中']]), `the 户籍 findings: ${JSON.stringify(codes)}`);
  const ids = await page.$$eval('#dept-findings tbody tr td:nth-child(3)', (t) => t.map((x) => x.textContent));
  check(ids.every((x) => /^\*{14}[\dX]{4}$/.test(x)), 'ID numbers masked');
  await page.goto(`${URL}/#/dept?year=2019&kind=vehicle`);
  await page.waitForFunction(() => /车辆/.test(document.querySelector('#dept-findings-title')?.textContent || ''));
  // the findings' names are the standards file's ([finding_label], GET
  // /api/enums), not a copy in the page
  const names = await page.$$eval('#dept-findings tbody tr td:nth-child(5)', (t) => t.map((x) => x.textContent));
  const std = await page.evaluate(() => fetch('/api/enums').then((r) => r.json()).then((e) => e.findings));
  check(names.length > 0 && names.every((x) => x === std.dept_excl_vehicle), `the vehicle findings by the standards' name: ${names} (${std.dept_excl_vehicle})`);
  await page.click('#dept-findings tbody tr td:first-child a');
  await page.waitForSelector('#dept-records-table');
  const rec = await page.$$eval('#dept-records-table tbody tr', (rs) => rs.map((r) => [r.children[1].textContent, r.children[3].textContent, r.children[4].textContent]));
  check(JSON.stringify(rec) === JSON.stringify([['低保(民政)', '3', '张三'], ['户籍(公安)', '1', '张三'], ['车辆(公安车管)', '1', '张三'],
    ['户籍(公安)', '2', '李四'], ['车辆(公安车管)', '2', '李四']]), `H1's department records: ${JSON.stringify(rec)}`);
  const car = await page.textContent('#dept-records-table tbody tr:nth-child(3) td:last-child');
  check(car.includes('车辆类型:小型轿车') && car.includes('号牌号码:云N12345'), `a record's columns: ${car}`);
  await shot('dept-household.png');
  await logout();
});
