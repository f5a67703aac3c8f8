// SPDX-License-Identifier: MIT
// ui_sample.cjs - the 第三方评估 role in the browser: after logging in it
// lands on its own page, the households of its sample (not the dashboard,
// which it may not see), counted by village and paged; the header offers
// only that page and its survey entry (入户调查); a household of the sample opens masked; the problem
// list answers 无权访问. Run by tests/e2e/ui_sample.sh.
const { URL, env, check, run } = require('./lib.cjs');

run(async (page, { shot, login, logout }) => {
  await login(env('UI_USER'), env('UI_PASS'));
  await page.waitForSelector('#sample-households');
  const title = await page.textContent('#sample-title');
  check(title.includes('抽样农户') && title.includes('2019'), `its own page first: ${title}`);
  const nav = await page.$$eval('#nav a', (a) => a.map((x) => x.textContent));
  check(JSON.stringify(nav) === JSON.stringify(['抽样农户', '入户调查']), `the header offers only its pages: ${nav}`);
  const pager = await page.textContent('#sample-pager');
  check(pager.includes(`共 ${env('UI_DRAWN')} 户`), `every household drawn: ${pager}`);
  const villages = await page.$$eval('#sample-villages tbody tr', (rows) => rows.map((r) =>
    [r.children[1].textContent, Number(r.children[2].textContent)]));
  check(JSON.stringify(villages.map((v) => v.join(':')).sort()) === JSON.stringify(env('UI_BY_VILLAGE').split(',')),
    `counted by village: ${villages}`);
  const first = await page.$$eval('#sample-households tbody tr td:first-child', (t) => t.map((x) => x.textContent));
  check(first.length === Math.min(50, Number(env('UI_DRAWN'))), `up to 50 a page: ${first.length}`);
  const ids = await page.$$eval('#sample-households tbody tr td:nth-child(4)', (t) => t.map((x) => x.textContent));
  check(ids.every((x) => /^\*{14}[\dX]{4}$/.test(x)), 'ID numbers masked (the last four)');
  await shot('sample.png');
  // ten a page: the next page
  await page.goto(`${URL}/#/sample?per_page=10`);
  await page.waitForFunction(() => /第 1 \//.test(document.querySelector('#sample-pager')?.textContent || '')
    && document.querySelectorAll('#sample-households tbody tr').length === 10);
  const ten = await page.$$eval('#sample-households tbody tr td:first-child', (t) => t.map((x) => x.textContent));
  await page.click('#sample-next');
  await page.waitForFunction(() => /第 2 \//.test(document.querySelector('#sample-pager')?.textContent || ''));
  const second = await page.$$eval('#sample-households tbody tr td:first-child', (t) => t.map((x) => x.textContent));
  check(second.length > 0 && !second.some((h) => ten.includes(h)), 'the second page holds others');
  // a household of the sample
  await page.click('#sample-households tbody tr td:first-child a');
  await page.waitForSelector('#members');
  check((await page.textContent('#masked')).includes('已脱敏'), 'its 一户一档, masked');
  check(!(await page.$('#download-card')), 'no 明白卡 for the evaluators');
  await shot('sample-household.png');
  // what the role may not see
  await page.goto(`${URL}/#/problems`);
  await page.waitForSelector('#error');
  check((await page.textContent('#error')).includes('无权访问'), 'the problem list: 无权访问');
  await logout();
});
