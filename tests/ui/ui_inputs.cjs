// SPDX-License-Identifier: MIT
// ui_inputs.cjs - several assessment inputs files at once on the
// assessment page: two that disagree are refused with both names shown;
// two that fit together store the next version. Run by
// tests/e2e/ui_inputs.sh.
const { URL, env, check, run } = require('./lib.cjs');

run(async (page, { shot, login }) => {
  await login(env('UI_USER'), env('UI_PASS'));
  await page.goto(`${URL}/#/assess`);
  await page.waitForSelector('#inputs-file');
  check(await page.$eval('#inputs-file', (e) => e.multiple), 'the file input takes several files');
  await page.setInputFiles('#inputs-file', env('UI_CONFLICT').split(','));
  await page.click('#inputs-form button[type=submit]');
  await page.waitForSelector('#inputs-msg.error');
  const msg = await page.textContent('#inputs-msg');
  check(/a\.csv.*b2\.csv/.test(msg) && msg.includes('不一致'), `the conflict refused, both files named: ${msg}`);
  await shot('inputs-conflict.png');
  await page.setInputFiles('#inputs-file', env('UI_GOOD').split(','));
  await page.click('#inputs-form button[type=submit]');
  await page.waitForFunction(() => /第 2 版/.test(document.querySelector('#run-title')?.textContent || ''));
  check(true, 'the two files stored version 2');
  await shot('inputs-v2.png');
});
