// SPDX-License-Identifier: MIT
// ui_pages.cjs - every page of the UI at 1366x768 and at 390x844 (issue
// #21's "Done when"): as the administrator the dashboard (all regions and
// a county), the household list and a household, the problem list and a
// problem, the board, 考核, 导入, 审计日志, 趋势, 数据质量, 部门数据比对,
// 导入整改清单, 抽样 and a job's page; as the 第三方评估 its sample, its
// survey list and a survey form. Each page drawn (the router's mark), no
// error shown, nothing sticking out sideways, no script or console
// error; a screenshot of each (pages-WIDTH-NAME.png). Run by
// tests/e2e/ui_pages.sh.
const { URL, env, check, launch, newPage, signIn, overflow } = require('./lib.cjs');
const path = require('path');

const SIZES = [[1366, 768], [390, 844]];

async function visit(page, hash) {
  await page.goto(URL + '/' + hash);
  await page.waitForFunction((h) => document.querySelector('#main').dataset.drawn === h, hash, { timeout: 60000 });
  await page.waitForLoadState('networkidle');
}

(async () => {
  const browser = await launch();
  const errors = [];
  let n = 0;
  try {
    for (const [user, pass, pages] of [
      ['admin', 'admin-pass-2020', [
        ['dashboard', '#/'], ['dashboard-county', `#/?region=${env('UI_COUNTY')}`],
        ['households', '#/households'], ['household', `#/household/2019/${env('UI_HH')}`],
        ['problems', '#/problems'], ['problem', '#/problem/1'], ['board', '#/board'],
        ['assess', '#/assess'], ['import', '#/import'], ['audit', '#/audit'],
        ['trends', '#/trends'], ['quality', '#/quality'], ['dept', '#/dept'],
        ['plan-import', '#/plan-import'], ['sample', '#/sample'], ['job', `#/job/${env('UI_JOB')}`]]],
      ['评估', 'third-pass-2020', [
        ['sample', '#/sample'], ['survey', '#/survey'], ['survey-form', `#/survey/2019/${env('UI_DRAWN_HH')}`]]],
    ]) {
      for (const [w, h] of SIZES) {
        const page = await newPage(browser, errors, { viewport: { width: w, height: h } });
        await signIn(page, user, pass);
        await page.waitForSelector('#logout:not([hidden])');
        await page.waitForLoadState('networkidle');
        for (const [name, hash] of pages) {
          await visit(page, hash);
          const err = await page.$('#main .error, #error');
          check(!err, `${user} ${name} at ${w}: no error shown${err ? ': ' + await err.textContent() : ''}`);
          const o = await overflow(page);
          check(o.page <= 0 && !o.out.length, `${user} ${name} fits ${w} (${o.page} ${o.out.join(' ')})`);
          await page.screenshot({ path: path.join(process.env.ARTIFACTS, `pages-${w}-${user === 'admin' ? '' : 'third-'}${name}.png`), fullPage: true });
          n++;
        }
        await page.close();
      }
    }
    check(errors.length === 0, `no script or console errors (${errors.join('; ')})`);
    console.log(`${n} page visits`);
  } finally {
    await browser.close();
  }
})().catch((e) => { console.error(e.message || e); process.exit(1); });
