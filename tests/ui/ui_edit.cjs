// SPDX-License-Identifier: MIT
// ui_edit.cjs - editing a household in the browser (web/edit.js) in
// headless Chromium driven by playwright-core: a township officer opens a
// household, sees no history yet, opens the edit form (the label fields
// are lists from the server's standards, 帮扶措施 checkboxes), saves a
// bad typed value and a bad choice and sees the registry's messages next
// to the fields (nothing saved), corrects them and saves changes typed
// and chosen, sees them on the page and in the history; someone else changes the household meanwhile and the form is
// told (409) and reopened; an auditor sees the history and no form; a
// phone-sized screen. Screenshots to $ARTIFACTS. Run by
// tests/e2e/ui_edit.sh, which starts the server and checks the database.
const path = require('path');
const { URL, OUT, env, check, launch, newPage, signIn } = require('./lib.cjs');

async function login(page, user, pass) {
  await signIn(page, user, pass);
  await page.waitForSelector('#cards');
}

(async () => {
  const browser = await launch();
  const errors = [];
  try {
    const page = await newPage(browser, errors, {}, / (401|403|404|409|422) /);
    const shot = (name) => page.screenshot({ path: path.join(OUT, name), fullPage: true });
    const hh = env('UI_HH');

    await login(page, env('UI_USER'), env('UI_PASS'));
    await page.goto(URL + `/#/household/2019/${hh}`);
    await page.waitForSelector('#household');
    await page.waitForSelector('#history-none');
    check(true, 'a household with no history yet');
    check((await page.textContent('#review')).includes('尚未运行退出核查'), 'no stored review: said so');
    await page.click('#edit-open');
    await page.waitForSelector('#edit-form');
    const yearIn = await page.inputValue('#f-hh-year_in');
    check(yearIn === env('UI_YEAR_IN'), `the form holds the stored values (${yearIn})`);
    check((await page.getAttribute('#f-m1-id_no', 'placeholder')).includes('*'), 'ID numbers masked in the form');

    // the label fields are lists to choose from, the server's standards'
    const enums = (await page.evaluate(async () => (await (await fetch('/api/enums')).json()))).fields;
    const opts = (id) => page.$$eval(`${id} option`, (o) => o.map((x) => x.value));
    check(await page.$eval('#f-hh-status', (e) => e.tagName) === 'SELECT', '户状态 is a list');
    const st = await opts('#f-hh-status');
    check(JSON.stringify(st) === JSON.stringify(enums.status.labels) &&
      await page.inputValue('#f-hh-status') === env('UI_STATUS'),
    `户状态's list is the standards' with the stored value chosen (${st})`);
    const wk = await opts('#f-m1-work');
    check(JSON.stringify(wk) === JSON.stringify(['', ...enums.work.labels]) &&
      await page.inputValue('#f-m1-work') === env('UI_WORK_WAS'),
    `务工状况 may be empty, the stored value chosen (${wk})`);
    check(await page.$eval('#f-hh-year_in', (e) => e.tagName) === 'INPUT', '识别年度 is typed');
    const ms = await page.$$eval('#f-hh-measures input[type=checkbox]', (c) => c.map((x) => [x.value, x.checked]));
    check(JSON.stringify(ms.map((x) => x[0])) === JSON.stringify(enums.measures.labels) &&
      ms.filter((x) => x[1]).map((x) => x[0]).join(';') === env('UI_MEASURES'),
    `帮扶措施 as checkboxes, the stored ones checked (${env('UI_MEASURES')})`);

    // bad values: the registry's message next to each field, a typed one
    // and one chosen from a list (the other sex than the ID number says)
    const sexWas = await page.inputValue('#f-m1-sex');
    const sexBad = (await opts('#f-m1-sex')).find((x) => x !== '' && x !== sexWas);
    check(sexWas !== '' && sexBad !== undefined, `a sex to choose wrongly (${sexWas} → ${sexBad})`);
    await page.fill('#f-hh-year_in', '20x9');
    await page.selectOption('#f-m1-sex', sexBad);
    await page.click('#edit-save');
    await page.waitForFunction(() => document.querySelector('#f-hh-year_in-error').textContent.length > 0);
    const why = await page.textContent('#f-hh-year_in-error');
    check(why.includes('20x9') && why.includes('年份'), `the reason by the field: ${why}`);
    check(await page.$eval('#f-hh-year_in', (e) => e.classList.contains('invalid')), 'the field marked');
    const whySex = await page.textContent('#f-m1-sex-error');
    check(whySex.includes(sexBad) && whySex.includes('证件号码'), `the reason by the list: ${whySex}`);
    check(await page.$eval('#f-m1-sex', (e) => e.classList.contains('invalid')), 'the list marked');
    check((await page.textContent('#edit-msg')).includes('未作改动'), 'nothing saved, it says');
    await shot('edit-invalid.png');

    // corrected, with changes typed and chosen
    const measure = ms.find((x) => !x[1]);
    check(measure !== undefined, 'a measure not yet checked');
    await page.fill('#f-hh-year_in', yearIn);
    await page.selectOption('#f-m1-sex', sexWas);
    await page.fill('#f-hh-helper', '界面帮扶人');
    await page.fill('#f-m1-name', '界面改名');
    await page.selectOption('#f-m1-work', env('UI_WORK'));
    await page.check(`#f-hh-measures input[value="${measure[0]}"]`);
    await page.click('#edit-save');
    await page.waitForSelector('#edit-saved');
    check((await page.textContent('#household')).includes('界面帮扶人'), 'the new helper on the page');
    check((await page.textContent('#members')).includes('界面改名'), 'the new name on the page');
    check((await page.textContent('#members')).includes(env('UI_WORK')), 'the chosen 务工状况 on the page');
    const rows = await page.$$eval('#history tbody tr', (r) => r.map((x) => x.textContent));
    check(rows.length === 1 && rows[0].includes(env('UI_USER')) && rows[0].includes('帮扶责任人') &&
      rows[0].includes('→ 界面帮扶人') && rows[0].includes('成员 1 姓名') &&
      rows[0].includes(`成员 1 务工状况:${env('UI_WORK_WAS')} → ${env('UI_WORK')}`) &&
      rows[0].includes('帮扶措施') && rows[0].includes(measure[0]) && !rows[0].includes('性别'),
    `the history: ${rows}`);
    await shot('edit-saved.png');

    // someone else edits meanwhile: the form is told, and reopened
    await page.click('#edit-open');
    await page.waitForSelector('#edit-form');
    const other = await page.evaluate(async (h) => {
      const me = await (await fetch('/api/me')).json();
      const v = (await (await fetch(`/api/households/2019/${h}/history`)).json()).version;
      const r = await fetch(`/api/households/2019/${h}`, {
        method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf },
        body: JSON.stringify({ version: v, household: { helper: '别人改的' } }),
      });
      return r.status;
    }, hh);
    check(other === 200, 'another edit saved meanwhile');
    await page.fill('#f-hh-helper', '我的修改');
    await page.click('#edit-save');
    await page.waitForSelector('#edit-reload');
    check((await page.textContent('#edit-msg')).includes('已被他人修改'), 'a stale form is told (409)');
    await shot('edit-conflict.png');
    await page.click('#edit-reload');
    await page.waitForFunction(() => document.querySelectorAll('#history tbody tr').length === 2);
    check((await page.textContent('#household')).includes('别人改的'), 'reopened with the other edit');

    // an auditor: the history, no form
    const ctx2 = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const p2 = await ctx2.newPage();
    p2.on('pageerror', (e) => errors.push(String(e)));
    await login(p2, env('UI_AUDITOR'), env('UI_AUDITOR_PASS'));
    await p2.goto(URL + `/#/household/2019/${hh}`);
    await p2.waitForSelector('#history');
    check((await p2.$('#edit-open')) === null, 'no edit form for a role that may not edit');
    const overflow = await p2.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, 'no sideways scrolling on a phone');
    await p2.screenshot({ path: path.join(OUT, 'edit-history-phone.png'), fullPage: true });
    check(errors.length === 0, `no script errors (${errors.join('; ')})`);
  } finally {
    await browser.close();
  }
})().catch((e) => { console.error(e.message || e); process.exit(1); });
