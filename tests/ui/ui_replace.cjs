// SPDX-License-Identifier: MIT
// ui_replace.cjs - the import page's confirmation (issue #18): a file that
// would replace a stored year with fewer than half its households is
// refused by the server (replace_needed); the page asks in a dialog that
// gives both counts. Dismissed: the refusal is shown, nothing changed (the
// e2e script checks the database). Accepted: uploaded again with
// replace=1 and imported. Run by tests/e2e/ui_replace.sh.
const path = require('path');
const { OUT, env, check, launch, newPage, signIn } = require('./lib.cjs');

(async () => {
  const browser = await launch();
  const errors = [];
  try {
    const page = await newPage(browser, errors);
    await signIn(page, env('UI_USER'), env('UI_PASS'));
    await page.waitForSelector('#nav:not([hidden])');
    await page.click('#nav a[href="#/import"]');
    await page.waitForSelector('#import-form');
    const dialogs = [];
    let accept = false;
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      if (accept) await d.accept();
      else await d.dismiss();
    });
    const upload = async () => {
      await page.fill('#import-year', env('UI_YEAR'));
      await page.setInputFiles('#import-file', env('UI_FILE'));
      await page.uncheck('#import-keep');
      await page.click('#import-form button[type=submit]');
      await page.waitForSelector('#import-result');
    };

    // dismissed: refused, the refusal shown
    await upload();
    check(dialogs.length === 1, `one dialog: ${dialogs.length}`);
    check(dialogs[0].includes(`现有 ${env('UI_HAD')} 户`) && dialogs[0].includes(`只有 ${env('UI_FEW')} 户`),
      `the dialog gives both counts: ${dialogs[0]}`);
    const msg = await page.textContent('#import-msg');
    check(msg.includes('未导入') && msg.includes('未确认替换') && (await page.$('#import-msg.error')) !== null, `refused: ${msg}`);
    await page.screenshot({ path: path.join(OUT, 'import-replace-refused.png'), fullPage: true });

    // accepted: imported with replace=1
    accept = true;
    await upload();
    await page.waitForFunction(() => document.querySelector('#import-msg.ok'), null, { timeout: 30000 });
    check(dialogs.length === 2, `a second dialog: ${dialogs.length}`);
    const ok = await page.textContent('#import-msg');
    check(ok.includes('已导入'), `imported: ${ok}`);
    await page.screenshot({ path: path.join(OUT, 'import-replace-done.png'), fullPage: true });
    check(errors.length === 0, `no script errors: ${errors.join('; ')}`);
  } finally {
    await browser.close();
  }
})().catch((e) => { console.error(e.message || e); process.exit(1); });
