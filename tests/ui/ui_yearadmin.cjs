// SPDX-License-Identifier: MIT
// ui_yearadmin.cjs - the import page's templates and years (issue #13):
// the year field is empty until the user chooses; each kind's template
// link downloads an XLSX; the 系统管理员 sees the years held with what
// refers to them, deletes one by typing its year in the dialog (a wrong
// year deletes nothing), is refused while a problem refers to a year and
// deletes it with 强制删除 ticked; a county officer imports but sees no
// year management. Run by tests/e2e/ui_yearadmin.sh, which checks the
// database and the audit log.
const path = require('path');
const { OUT, env, check, run } = require('./lib.cjs');

run(async (page, { shot, login, logout, download }) => {
  const dialogs = [];
  let answer = null;
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    if (answer === null) await d.dismiss();
    else await d.accept(answer);
  });
  const rows = () => page.$$eval('#years-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  const waitMsg = async (text) => {
    await page.waitForFunction((t) => (document.querySelector('#years-msg') || {}).textContent.includes(t), text);
    return page.textContent('#years-msg');
  };

  // a county officer: the import form and the templates, no years
  await login(env('UI_USER'), env('UI_PASS'));
  await page.click('#nav a[href="#/import"]');
  await page.waitForSelector('#import-form');
  await page.waitForSelector('#template-plan');
  check((await page.$('#years-admin')) === null, 'no year management for a county officer');
  await page.screenshot({ path: path.join(OUT, 'years-county.png'), fullPage: true });
  await logout();

  await login(env('UI_ADMIN'), env('UI_ADMIN_PASS'));
  await page.click('#nav a[href="#/import"]');
  await page.waitForSelector('#years-table tbody tr[data-year]');
  check((await page.inputValue('#import-year')) === '', 'the year is not pre-filled');

  // the templates, one link each, served as XLSX
  for (const k of ['registry', 'regions', 'roster', 'survey', 'plan']) {
    const d = await download(`#template-${k}`);
    check(d.head.startsWith('PK') && d.name.endsWith('导入模板.xlsx') && d.size > 1000, `template ${k}: ${d.name}, ${d.size} bytes`);
  }

  let r = await rows();
  check(JSON.stringify(r.map((x) => [x[0], x[1], x[5]])) === JSON.stringify([['2018', '2', '无'], ['2019', '2', '问题 1 个']]),
    `the years held: ${JSON.stringify(r)}`);
  await shot('years-admin.png');

  // dismissed, then a wrong year typed: nothing deleted
  await page.click('#year-delete-2018');
  check(dialogs.length === 1 && dialogs[0].includes('2018') && dialogs[0].includes('2 户'), `the dialog: ${dialogs[0]}`);
  answer = '2019';
  await page.click('#year-delete-2018');
  let m = await waitMsg('不符');
  check(m.includes('未删除'), `a wrong year: ${m}`);
  check((await rows()).length === 2, 'still two years');

  // referred to by a problem: refused with the counts
  await page.click('#year-delete-2019');
  m = await waitMsg('仍被引用');
  check(m.includes('问题 1 个') && (await page.$('#years-msg.error')) !== null, `refused: ${m}`);
  await shot('years-refused.png');

  // forced
  await page.check('#year-force-2019');
  await page.click('#year-delete-2019');
  m = await waitMsg('已删除');
  check(m.includes('2019') && m.includes('2 户'), `deleted: ${m}`);
  await page.waitForFunction(() => !document.querySelector('#years-table tr[data-year="2019"]'));
  answer = '2018';
  await page.click('#year-delete-2018');
  await waitMsg('已删除 2018');
  // (the message comes first, the table is then read again)
  await page.waitForFunction(() => !document.querySelector('#years-table tr[data-year]'));
  r = await rows();
  check(r.length === 1 && r[0][0].includes('还没有'), `no year left: ${JSON.stringify(r)}`);
  await shot('years-deleted.png');
});
