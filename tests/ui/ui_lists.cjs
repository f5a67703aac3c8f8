// SPDX-License-Identifier: MIT
// ui_lists.cjs - the lists and the new pages in the browser (issue #21):
// the problem list ordered by a select (its pages the database's order),
// narrowed by 逾期 and a date range, its CSV downloaded; the household
// list narrowed by 脱贫状态 from /api/enums' labels; the board's selects;
// 审计日志 for 审计 (filtered by a select, its CSV), refused to nobody's
// nav but shown only to the roles that may; 数据质量 (the year picker
// changes its figures, a region opens its own); 历年趋势 (a column a
// stored year, the indicator from a select). No script error, nothing
// sideways at 1366x768 and 390x844. Run by tests/e2e/ui_lists.sh
// (screenshots lists-*.png).
const { URL, env, check, run, overflow, chartsDrawn } = require('./lib.cjs');

const title = (page, id) => page.textContent(`#${id}`);

// Do act (which re-renders the page) and wait for the new #id: the old one
// is marked first, so that the wait does not take it for the new.
async function rerender(page, id, act) {
  await page.evaluate((id) => { document.getElementById(id).dataset.old = '1'; }, id);
  await act();
  await page.waitForSelector(`#${id}:not([data-old])`);
}

run(async (page, { shot, login, logout, download }) => {
  const [y1, y2] = [env('UI_Y1'), env('UI_Y2')];
  await login(env('UI_USER'), env('UI_PASS'));
  check(await page.isVisible('#nav-audit'), 'the administrator has 审计日志 in the header');

  // the problem list: ordered by 整改时限, page 1 then 2 then 3
  await page.goto(URL + '/#/problems');
  await page.waitForSelector('#problems tbody tr');
  await rerender(page, 'problems', () => page.selectOption('#problem-filter select[name=sort]', 'deadline'));
  const ids = async () => page.$$eval('#problems tbody tr', (r) => r.map((x) => x.cells[0].textContent));
  const want = env('UI_IDS_DEADLINE').split(',');
  let got = await ids();
  for (let p = 2; p <= 3; p++) {
    await page.click('#problem-next');
    await page.waitForFunction((p) => document.getElementById('problem-pager')?.textContent.includes(`第 ${p} /`), p);
    got = got.concat(await ids());
  }
  check(got.join(',') === want.join(','), `three pages by 整改时限 are the database's order (${got.length} of ${want.length})`);
  await rerender(page, 'problems-title', () => page.selectOption('#problem-filter select[name=overdue]', '1'));
  await page.waitForFunction(() => document.getElementById('problems-title')?.textContent === '问题清单(15)');
  check(true, 'only the 15 past their deadline (逾期)');
  check(await page.$$eval('#problems tbody tr td:nth-child(7)', (t) => t.every((x) => x.textContent === '逾期')), 'each shown 逾期');
  await rerender(page, 'problems-title', async () => {
    await page.fill('#problem-filter input[name=found_from]', '2020-01-10');
    await page.dispatchEvent('#problem-filter input[name=found_from]', 'change');
  });
  check(/found_from=2020-01-10/.test(await page.evaluate(() => location.hash)), 'a date range from a date input');
  check(await page.textContent('#problems-title') === '问题清单(15)', 'the 逾期 ones were all found after 2020-01-10');
  const href = await page.getAttribute('#problem-export-csv', 'href');
  check(/format=csv/.test(href) && /overdue=1/.test(href) && /found_from=2020-01-10/.test(href) && !/page=/.test(href),
    `the CSV link takes the filters: ${href}`);
  const csv = await download('#problem-export-csv');
  check(csv.head.startsWith('\u00ef\u00bb\u00bf') && /\.csv$/.test(csv.name), `the CSV downloaded: ${csv.name}`);
  check((await overflow(page)).page <= 0, 'the problem list fits 1366');
  await shot('lists-problems-1366.png');

  // the household list: 脱贫状态 from the labels of /api/enums
  await page.goto(URL + `/#/households?year=${y2}`);
  await page.waitForSelector('#household-filter select[name=status]');
  const labels = await page.$$eval('#household-filter select[name=status] option', (o) => o.map((x) => x.value).filter((x) => x));
  check(labels.includes(env('UI_ST')), `the status select holds the standards' labels: ${labels}`);
  await page.selectOption('#household-filter select[name=status]', env('UI_ST'));
  await page.waitForFunction((n) => (document.getElementById('pager')?.textContent || '').includes(`共 ${n} 户`), env('UI_NST'));
  check(true, `the households of ${env('UI_ST')}: ${env('UI_NST')}`);
  await rerender(page, 'households', () => page.selectOption('#household-filter select[name=sort]', 'income_pc'));
  const inc = await page.$$eval('#households tbody tr', (r) => r.map((x) => Number(x.cells[6].textContent)));
  check(inc.every((v, i) => !i || inc[i - 1] <= v), `by income, lowest first: ${inc.slice(0, 5)}`);

  // the audit log's page, for the administrator: filter by outcome
  await page.goto(URL + '/#/audit');
  await page.waitForSelector('#audit tbody tr');
  await rerender(page, 'audit-title', () => page.selectOption('#audit-filter select[name=outcome]', 'denied'));
  const outs = await page.$$eval('#audit tbody tr', (r) => r.map((x) => x.cells[6].textContent));
  check(outs.every((o) => o === '拒绝(无权)'), `only refusals: ${outs.length}`);
  check(/outcome=denied/.test(await page.getAttribute('#audit-export-xlsx', 'href')), 'the XLSX link takes the filter');
  const x = await download('#audit-export-xlsx');
  check(x.head.startsWith('PK'), `the log's XLSX: ${x.name}`);
  check((await overflow(page)).page <= 0, 'the log fits 1366');
  await shot('lists-audit-1366.png');

  // 数据质量: the picked year's figures, then the other year's
  await page.goto(URL + '/#/quality');
  await page.waitForSelector('#quality-codes');
  await chartsDrawn(page, ['chart-quality-codes', 'chart-quality-trend']);
  const q2 = await page.$$eval('#quality-codes tbody tr', (r) => r.map((x) => x.textContent).join('|'));
  check((await title(page, 'quality-title')).includes(y2), 'the latest year at first');
  await rerender(page, 'quality-codes', () => page.selectOption('#year-pick', y1));
  check((await title(page, 'quality-title')).includes(y1), 'the picked year');
  const q1 = await page.$$eval('#quality-codes tbody tr', (r) => r.map((x) => x.textContent).join('|'));
  check(q1 !== q2, 'the year picker changes the figures');
  const trendYears = await page.evaluate(() => echarts.getInstanceByDom(document.getElementById('chart-quality-trend')).getOption().xAxis[0].data);
  check(trendYears.join(',') === `${y1},${y2}`, `the trend over the imports: ${trendYears}`);
  const sub = await page.$eval('#quality-regions tbody tr a', (a) => a.getAttribute('href'));
  await page.click('#quality-regions tbody tr a');
  await page.waitForFunction((h) => location.hash === h && document.querySelector('#quality-title'), sub);
  await page.waitForSelector('#quality-codes, #empty');
  check((await page.textContent('.crumbs')).length > 0, 'a region opens its own figures');
  const link = await page.$eval('#quality-codes tbody tr a', (a) => a.getAttribute('href'));
  check(/#\/households\?year=\d+&finding=/.test(link), `a finding opens its households: ${link}`);
  await shot('lists-quality-1366.png');

  // 历年趋势: a column a stored year; the indicator from a select
  await page.goto(URL + '/#/trends');
  await page.waitForSelector('#trend-table');
  await chartsDrawn(page, ['chart-trend']);
  const heads = await page.$$eval('#trend-table thead th', (t) => t.map((x) => x.textContent));
  check(heads.join(',') === `区划,${y1} 年,${y2} 年`, `the stored years: ${heads}`);
  const before = await title(page, 'trend-title');
  const opts = await page.$$eval('#trend-filter select option', (o) => o.map((x) => x.value));
  await page.selectOption('#trend-filter select', opts.find((v) => v === 'persons') || opts[1]);
  await page.waitForFunction((t) => document.getElementById('trend-title')?.textContent !== t, before);
  await chartsDrawn(page, ['chart-trend']);
  const cells = await page.$$eval('#trend-table tbody tr:first-child td', (t) => t.slice(1).map((x) => x.textContent));
  check(cells.length === 2 && cells.every((c) => /^[\d,]+$/.test(c)) && cells[0] !== cells[1], `two years' figures (a count): ${cells}`);
  await shot('lists-trends-1366.png');

  // a phone: every page without sideways scrolling
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [hash, sel, name] of [['#/problems', '#problems', 'problems'], [`#/households?year=${y2}`, '#households', 'households'],
    ['#/board', '#board', 'board'], ['#/audit', '#audit', 'audit'], ['#/quality', '#quality-codes', 'quality'], ['#/trends', '#trend-table', 'trends']]) {
    await page.goto(URL + '/' + hash);
    await page.waitForSelector(sel);
    await page.waitForTimeout(300);
    const o = await overflow(page);
    check(o.page <= 0 && !o.out.length, `${name} fits 390 (${o.page} ${o.out.join(' ')})`);
    await shot(`lists-${name}-390.png`);
  }
  await page.setViewportSize({ width: 1366, height: 768 });
  await logout();

  // 审计: the log in the header and on its page; no trends of regions
  await login(env('UI_AUDIT_USER'), env('UI_AUDIT_PASS'));
  check(await page.isVisible('#nav-audit'), '审计 has 审计日志 in the header');
  await page.goto(URL + '/#/audit');
  await page.waitForSelector('#audit tbody tr');
  const text = await page.textContent('#audit');
  check(!/\d{17}[\dX]/.test(text), 'no whole ID number on the log page');
  await logout();
});
