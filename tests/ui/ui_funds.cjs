// SPDX-License-Identifier: MIT
// ui_funds.cjs - the 项目资金 pages (web/funds.js) in the browser, as a
// county's staff: an empty library at first; a bad project file loaded
// through the page's form is refused whole with its rows and columns
// shown; the library, the allocations and the payments loaded; the list
// (money right-aligned as 元 with separators) filtered by status; a
// project opened with its money's path; the 公告公示 PDF, the
// 资金使用情况表 XLSX and PDF and the 项目库 XLSX downloaded; the findings
// of 资金项目检查. Each page's text goes to $UI_OUT for plain_text.py.
// Run by tests/e2e/ui_funds.sh.
const fs = require('fs');
const path = require('path');
const { URL, env, check, run } = require('./lib.cjs');

const DIR = env('UI_OUT');
const text = (page, name) => page.evaluate(() => [document.body.innerText,
  ...[...document.querySelectorAll('option')].map((o) => o.textContent),
  ...[...document.querySelectorAll('[aria-label],[title]')].map((e) => e.getAttribute('aria-label') || e.getAttribute('title'))].join('\n'))
  .then((t) => fs.writeFileSync(path.join(DIR, `${name}.txt`), t));

run(async (page, { shot, login, logout, download }) => {
  fs.mkdirSync(DIR, { recursive: true });
  await login(env('UI_USER'), env('UI_PASS'));
  await page.click('#nav a[href="#/funds"]');
  await page.waitForSelector('#funds-title');
  check(await page.$('#funds-empty') !== null, 'an empty library at first');
  const load = async (kind, file) => {
    await page.selectOption('#funds-kind', kind);
    await page.setInputFiles('#funds-file', file);
    await page.click('#funds-import button[type=submit]');
    await page.waitForSelector('#funds-import-result');
    const msg = await page.textContent('#funds-import-msg');
    await page.waitForSelector('#funds-title');
    return msg;
  };
  // a bad file: nothing stored, where shown
  let msg = await load('projects', env('UI_BAD'));
  check(msg.startsWith('未导入') && msg.includes('有 2 处错误'), `the bad file refused: ${msg}`);
  const where = await page.$$eval('#funds-import-findings tbody tr', (rs) => rs.map((r) => [r.children[0].textContent, r.children[1].textContent, r.children[2].textContent, r.children[3].textContent]));
  check(JSON.stringify(where) === JSON.stringify([['项目库有误.csv', '3', '入库日期', '错误'], ['项目库有误.csv', '4', '项目类型', '错误']]),
    `the rows and columns shown: ${JSON.stringify(where)}`);
  check(await page.$('#funds-empty') !== null, 'nothing stored');
  await text(page, 'funds-import-bad');
  await shot('funds-import-bad.png');
  msg = await load('projects', path.join(env('UI_DIR'), '项目库.csv'));
  check(msg.includes('保存 5 行'), `projects: ${msg}`);
  msg = await load('allocations', path.join(env('UI_DIR'), '资金下达.csv'));
  check(msg.includes('保存 3 行'), `allocations: ${msg}`);
  await page.selectOption('#funds-kind', 'payments');
  check(await page.inputValue('#funds-region') === '533124000000', 'payments counted in the user\'s county');
  msg = await load('payments', path.join(env('UI_DIR'), '拨付支出.csv'));
  check(msg.includes('保存 8 行'), `payments: ${msg}`);
  await page.goto(`${URL}/#/funds`);
  await page.waitForSelector('#funds-projects');
  const rows = await page.$$eval('#funds-projects tbody tr', (rs) => rs.map((r) => [r.children[0].textContent, r.children[3].textContent, r.children[5].textContent]));
  check(rows.length === 5 && JSON.stringify(rows[0]) === JSON.stringify(['XM001', '陇川县章凤镇拉影村', '80,000.00']), `the library: ${JSON.stringify(rows)}`);
  const align = await page.$eval('#funds-projects tbody tr td:nth-child(6)', (t) => getComputedStyle(t).textAlign);
  const halign = await page.$eval('#funds-projects thead th:nth-child(6)', (t) => getComputedStyle(t).textAlign);
  check(align === 'right' && halign === 'right', `money right-aligned (${align}, ${halign})`);
  // each county's money of the year: the table's figures (tests/cases/funds_hand)
  const flow = await page.$$eval('#funds-flow tbody tr', (rs) => rs.map((r) => [...r.children].map((c) => c.textContent)));
  check(JSON.stringify(flow) === JSON.stringify([['陇川县', '170,000.00', '109,000.00', '80,000.00', '90,000.00', '47.1%']]),
    `the county's 下达, 拨付, 支出: ${JSON.stringify(flow)}`);
  check(await page.$('#funds-chart canvas') !== null, 'the chart is drawn');
  await text(page, 'funds');
  await shot('funds.png');
  // the filters: by status (the server's)
  await page.selectOption('#funds-filters select[name=status]', '实施');
  await page.waitForFunction(() => location.hash.includes('status=') && document.querySelectorAll('#funds-projects tbody tr').length === 1);
  check(await page.textContent('#funds-projects tbody tr td:first-child') === 'XM002', 'the status filter');
  await page.selectOption('#funds-filters select[name=status]', '');
  await page.waitForFunction(() => document.querySelectorAll('#funds-projects tbody tr').length === 5);
  // the library and the table
  let f = await download('#funds-library');
  check(f.head.startsWith('PK') && f.name.endsWith('.xlsx'), `the library downloaded (${f.name})`);
  f = await download('#funds-table-xlsx');
  check(f.head.startsWith('PK') && f.name.includes('资金使用情况表'), `the table XLSX (${f.name})`);
  f = await download('#funds-table-pdf');
  check(f.head === '%PDF-', 'the table PDF');
  // a project
  await page.click('#funds-projects a[href="#/funds/project/XM001"]');
  await page.waitForSelector('#funds-project-title');
  check(await page.textContent('#funds-project-title') === '拉影村茶叶基地', 'the project opened');
  const pays = await page.$$eval('#funds-payments tbody tr', (rs) => rs.map((r) => [r.children[0].textContent, r.children[3].textContent, r.children[4].textContent]));
  check(JSON.stringify(pays) === JSON.stringify([['P1', '拨付', '60,000.00'], ['P3', '支出', '60,000.00']]), `its payments: ${JSON.stringify(pays)}`);
  const sum = await page.textContent('#funds-path-sum');
  check(sum.includes('拨付到本项目 60,000.00 元') && sum.includes('已支出 60,000.00 元'), `its money's path: ${sum}`);
  check((await page.$$('#funds-allocations tbody tr')).length === 2, 'the county\'s allocations of its fund');
  check(await page.$('#funds-benef a[href="#/household/2019/H1"]') !== null, 'a 带贫户 links to its 一户一档');
  f = await download('#funds-notice');
  check(f.head === '%PDF-' && f.name.includes('公告公示'), `the notice (${f.name})`);
  await text(page, 'funds-project');
  await shot('funds-project.png');
  // funds check
  await page.goto(`${URL}/#/funds/check?year=2019`);
  await page.waitForSelector('#funds-check-total');
  const total = await page.textContent('#funds-check-total');
  check(total.startsWith('共 15 个问题') && total.includes('资金滞留（未拨付到项目） 2 个'), `the findings: ${total}`);
  check((await page.$$('#funds-findings tbody tr')).length === 15, 'every finding listed');
  check((await page.$$('#funds-findings a[href="#/funds/project/XM002"]')).length === 5 &&
    (await page.$$('#funds-findings a[href*="P4"]')).length === 0, 'a project\'s findings link to it, a payment\'s do not');
  await text(page, 'funds-check');
  await shot('funds-check.png');
  await logout();
});
