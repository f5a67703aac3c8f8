// SPDX-License-Identifier: MIT
// ui_jobs.cjs - the work after an import from the browser (web/jobs.js)
// in headless Chromium driven by playwright-core: a county officer
// imports a year, then runs the exit review, the indicators and the
// problem generation from the import page, each followed by its progress
// bar to 100% and its result; the job's own page (#/job/ID) shows the
// same result. Run by tests/e2e/ui_jobs.sh, which starts the server and
// compares the results with the command line's.
const path = require('path');
const { env, check, launch, newPage, signIn } = require('./lib.cjs');

(async () => {
  const browser = await launch();
  const errors = [];
  try {
    const page = await newPage(browser, errors);
    await signIn(page, env('UI_USER'), env('UI_PASS'));
    await page.waitForSelector('#nav:not([hidden])');
    const shot = (name) => page.screenshot({ path: path.join(process.env.ARTIFACTS, name), fullPage: true });
    await page.click('#nav a[href="#/import"]');
    await page.waitForSelector('#import-form');
    await page.fill('#import-year', env('UI_YEAR'));
    await page.setInputFiles('#import-file', env('UI_FILE'));
    await page.click('#import-form button[type=submit]');
    await page.waitForSelector('#import-result');
    await page.waitForSelector('#jobs');

    const result = async () => Object.fromEntries(await page.$$eval('#job-result tr',
      (trs) => trs.map((tr) => [tr.cells[0].textContent, tr.cells[1].textContent])));
    const run = async (kind) => {
      await page.click(`#job-${kind}`);
      await page.waitForSelector('#job-result');
      const bar = await page.$eval('#job-progress', (b) => b.value);
      check(bar === 100, `${kind}: the progress bar reached 100% (${bar})`);
      const pct = await page.textContent('#job-percent');
      check(pct.startsWith('100%') && pct.includes('完成'), `${kind}: progress text ${pct}`);
      return result();
    };
    const rv = await run('review');
    check(rv['结果'] === '完成' && rv['核查户数'] === env('UI_HOUSEHOLDS') && rv['拟退出户数'] === env('UI_READY'),
      `the review's result is the CLI's: ${JSON.stringify(rv)}`);
    await shot('jobs-review.png');
    const ind = await run('indicators');
    check(ind['结果'] === '完成' && ind['含核查指标'] === '是', `the indicators: ${JSON.stringify(ind)}`);
    const gen = await run('generate');
    check(gen['结果'] === '完成' && gen['新增问题'] === env('UI_PROBLEMS'), `the problems generated: ${JSON.stringify(gen)}`);
    await shot('jobs-generate.png');
    // again: nothing new
    const again = await run('generate');
    check(again['新增问题'] === '0' && again['已在清单中'] === env('UI_PROBLEMS'), `generated again: ${JSON.stringify(again)}`);
    // the job's page
    await page.click('#job-link');
    // (the import page's own h2 is there until the job's page is drawn)
    await page.waitForFunction(() => /^任务 \d+/.test(document.querySelector('h2')?.textContent || ''));
    const title = await page.textContent('h2');
    check(title.includes('生成问题'), `the job's page: ${title}`);
    const onPage = await result();
    check(onPage['已在清单中'] === env('UI_PROBLEMS'), `the job's page shows its result: ${JSON.stringify(onPage)}`);
    await shot('jobs-page.png');
    check(errors.length === 0, `no script errors: ${errors.join('; ')}`);
  } finally {
    await browser.close();
  }
})().catch((e) => { console.error(e.message || e); process.exit(1); });
