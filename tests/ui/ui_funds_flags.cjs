// SPDX-License-Identifier: MIT
// ui_funds_flags.cjs - the dashboard's 资金滞留 and 逾期项目 (web/funds.js
// fundsFlags, GET /api/funds/flags) in the browser, for the hand-computed
// county of tests/cases/funds_hand: its county's staff sees on the first
// page the count and the money held (4 笔, 120,000.00 元) and the late
// projects (2 个), each listed with its figures, a late project's link
// opening the project, the link to 资金项目检查 opening its findings; a
// township's staff sees its projects' only (1 笔, 28,000.00 元; 2 个).
// Each page's text goes to $UI_OUT for plain_text.py. Run by
// tests/e2e/ui_funds_flags.sh.
const fs = require('fs');
const path = require('path');
const { URL, env, check, run } = require('./lib.cjs');

const DIR = env('UI_OUT');
const text = (page, name) => page.evaluate(() => document.body.innerText)
  .then((t) => fs.writeFileSync(path.join(DIR, `${name}.txt`), t));
const cells = (page, sel) => page.$$eval(`${sel} tbody tr`, (rs) => rs.map((r) => [...r.children].map((c) => c.textContent)));

run(async (page, { shot, login, logout }) => {
  fs.mkdirSync(DIR, { recursive: true });
  await login(env('UI_USER'), env('UI_PASS'));
  await page.waitForSelector('#funds-flags');
  const card = async (id) => [await page.textContent(`#${id} .v`), await page.textContent(`#${id} .k`)];
  let c = await card('flag-retained-card');
  check(c[0] === '4 笔' && c[1].includes('120,000.00 元'), `the county's 滞留: ${c}`);
  c = await card('flag-late-card');
  check(c[0] === '2 个', `the county's late projects: ${c}`);
  const held = await cells(page, '#flags-retained');
  check(held.length === 4, `4 滞留 listed: ${JSON.stringify(held)}`);
  check(held[0][0] === '陇川县' && held[0][2] === '云财农〔2019〕1号' && held[0][3] === '40,000.00'
    && held[0][4].includes('仍有 40,000.00 元未拨付到项目'), `the first 滞留 with its figures: ${JSON.stringify(held[0])}`);
  check(held[3][1] === '陇川县章凤镇户弄村' && held[3][2] === '户弄村道路硬化(XM002)' && held[3][3] === '28,000.00',
    `滞留 at the project: ${JSON.stringify(held[3])}`);
  const late = await cells(page, '#flags-late');
  check(late.length === 2 && late[0][3] === '项目竣工后未及时验收' && late[1][3] === '项目未按期开工'
    && late[1][4].includes('计划2019年3月1日开工'), `the late projects with their figures: ${JSON.stringify(late)}`);
  await text(page, 'dashboard-flags');
  await shot('dashboard-funds-flags.png');
  // a late project opens its page
  await page.click('#flags-late a[href="#/funds/project/XM004"]');
  await page.waitForSelector('#funds-project-title');
  check((await page.textContent('#funds-project-title')) === '户弄村光伏电站', 'the late project opened');
  // the whole list: 资金项目检查 of the year
  await page.goto(`${URL}/#/`);
  await page.waitForSelector('#flags-check-link');
  await page.click('#flags-check-link');
  await page.waitForSelector('#funds-check-title');
  check((await page.textContent('#funds-check-total')).startsWith('共 15 个问题'), 'the check page opened from the dashboard');
  await logout();
  // a township's staff: its projects' flags only
  await login(env('UI_TOWN_USER'), env('UI_TOWN_PASS'));
  await page.waitForSelector('#funds-flags');
  c = await card('flag-retained-card');
  check(c[0] === '1 笔' && c[1].includes('28,000.00 元'), `the township's 滞留: ${c}`);
  c = await card('flag-late-card');
  check(c[0] === '2 个', `the township's late projects: ${c}`);
  check((await cells(page, '#flags-retained')).length === 1, 'one 滞留 listed for the township');
  await text(page, 'dashboard-flags-town');
  await shot('dashboard-funds-flags-town.png');
});
