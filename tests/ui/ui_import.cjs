// SPDX-License-Identifier: MIT
// ui_import.cjs - the import page (#/import) in headless Chromium driven
// by playwright-core: a county officer chooses a registry file with
// errors, keeps the valid households, uploads it, sees the progress bar
// reach 100%, the result and the findings (row, column, code), and
// downloads the rejected rows; the same file without keep_valid is
// refused; a township officer has no import page; a phone-sized screen.
// Screenshots in $ARTIFACTS. Run by tests/e2e/ui_import.sh, which starts
// the server and checks the download against the CLI's reject file.
const path = require('path');
const { URL, OUT, env, check, launch, newPage, signIn } = require('./lib.cjs');

async function login(browser, user, pass, errors) {
  const page = await newPage(browser, errors, { acceptDownloads: true });
  await signIn(page, user, pass);
  await page.waitForSelector('#nav:not([hidden])');
  return page;
}

async function upload(page, file, keep) {
  await page.fill('#import-year', env('UI_YEAR'));
  await page.setInputFiles('#import-file', file);
  if (keep) await page.check('#import-keep');
  else await page.uncheck('#import-keep');
  await page.click('#import-form button[type=submit]');
  await page.waitForSelector('#import-result');
}

(async () => {
  const browser = await launch();
  const errors = [];
  try {
    const page = await login(browser, env('UI_USER'), env('UI_PASS'), errors);
    const shot = (p, name) => p.screenshot({ path: path.join(OUT, name), fullPage: true });

    await page.click('#nav a[href="#/import"]');
    await page.waitForSelector('#import-form');
    await shot(page, 'import.png');

    // a file with rejects, the valid households kept
    await upload(page, env('UI_FILE'), true);
    const bar = await page.$eval('#import-progress', (b) => b.value);
    check(bar === 100, `the progress bar reached 100% (${bar})`);
    const pct = await page.textContent('#import-percent');
    check(pct.startsWith('100%') && pct.includes('完成'), `progress text: ${pct}`);
    const result = await page.$$eval('#import-result tr', (trs) => Object.fromEntries(trs.map((tr) => [tr.cells[0].textContent, tr.cells[1].textContent])));
    check(result['结果'] === '已导入' && result['已导入户数'] === env('UI_STORED') && result['拒绝行数'] === env('UI_REJECTED_ROWS'),
      `the result: ${JSON.stringify(result)}`);
    const findings = await page.$$eval('#import-findings tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    const got = findings.map((f) => `${f[0]}:${f[1]}:${f[4]}`).join(',');
    check(got === env('UI_FINDINGS'), `the findings with row and column: ${got}`);
    await shot(page, 'import-done.png');
    // the rejects download
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#import-rejects')]);
    await dl.saveAs(path.join(process.cwd(), 'ui_rejects.csv'));
    check(/拒绝\.csv$/.test(dl.suggestedFilename()), `the download's name: ${dl.suggestedFilename()}`);

    // the same file without keeping the valid households: refused
    await upload(page, env('UI_FILE'), false);
    const msg = await page.textContent('#import-msg');
    check(msg.includes('未导入') && (await page.$('#import-msg.error')) !== null, `refused: ${msg}`);
    check(!(await page.$('#import-rejects')), 'no rejects link for a refused import');
    check((await page.$$('#import-findings tbody tr')).length === findings.length, 'the same findings listed');
    await shot(page, 'import-refused.png');

    // a phone
    await page.setViewportSize({ width: 390, height: 844 });
    // the layout follows the new size: waited for (at most 5 s), then checked
    await page.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth,
      null, { timeout: 5000 }).catch(() => {});
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, 'no sideways scrolling on a phone');
    await shot(page, 'import-phone.png');

    // a township officer: no import
    const town = await login(browser, env('UI_TOWN_USER'), env('UI_TOWN_PASS'), errors);
    await town.goto(URL + '/#/import');
    await town.waitForSelector('#error');
    check((await town.textContent('#error')).includes('无权访问'), 'a township officer may not import');
    await shot(town, 'import-denied.png');
    check(errors.length === 0, `no script errors: ${errors.join('; ')}`);
  } finally {
    await browser.close();
  }
})().catch((e) => { console.error(e.message || e); process.exit(1); });
