// SPDX-License-Identifier: MIT
// ui_rectify.cjs - rectification in headless Chromium (run by
// tests/e2e/ui_rectify.sh): the board's card of a problem whose recheck
// passes says so; its page shows the recheck (before → after, every run)
// and asks for 销号 with the recheck as evidence in one click; the plan
// sheet imported from the problem list: the dry run's changes problem by
// problem and field by field, then confirmed; a refused sheet's reason
// with its row and column; a plan whose deadline has passed is saved with
// the warning said.
const { env, check, run } = require('./lib.cjs');

run(async (page, { shot, login }) => {
  const P = env('UI_P');
  await login('张三', 'county-pass-2020');

  // the board: the passing problem's card offers 申请销号
  await page.goto(`${process.env.URL}/#/board`);
  await page.waitForSelector(`#board .ticket[data-id="${P}"]`);
  const card = await page.textContent(`#board .ticket[data-id="${P}"]`);
  check(card.includes('复核已达标,可申请销号'), `the card says the recheck passes: ${card}`);
  const others = await page.$$eval('#board .ticket [data-recheck="pass"]', (x) => x.length);
  check(others === 1, `only the passing problem's card (${others})`);
  // the statistics per 牵头部门 and 责任单位 under the board (the server's
  // today is the real one: the 2020 deadline has passed)
  const depts = await page.$$eval('#stats-dept tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent).join(':')));
  check(depts.includes('县发改局:1:0:1:—') && depts.includes('(未定):11:0:0:—') &&
    depts.some((d) => d.startsWith('县扶贫办:1:1:0:')), `per 牵头部门: ${depts.join(' | ')}`);
  const units = await page.$$eval('#stats-unit tbody tr', (trs) => trs.length);
  check(units >= 1, `per 责任单位 (${units} rows)`);
  // the closed problem whose recheck fails again: 反弹 on its card
  const Q = env('UI_Q');
  const qcard = await page.textContent(`#board section[data-status="已销号"] .ticket[data-id="${Q}"]`);
  check(qcard.includes('反弹:第 2 次复核未达标'), `the 反弹 card: ${qcard}`);
  await shot('rectify-board.png');

  // the list: the latest recheck in its own column; 仅反弹 lists Q alone
  await page.goto(`${process.env.URL}/#/problems?per_page=20`);
  await page.waitForSelector('#problems tbody tr');
  const cell = (id) => page.$eval(`#problems tbody tr:has(a[href="#/problem/${id}"]) td:last-child`, (td) => td.textContent);
  check((await cell(P)) === '第 2 次（2020 年数据）已达标', `P's recheck in the list: ${await cell(P)}`);
  check((await cell(Q)) === '第 2 次（2020 年数据）反弹', `Q's recheck in the list: ${await cell(Q)}`);
  await page.selectOption('#problem-filter select[name="rebound"]', '1');
  await page.waitForFunction(() => document.getElementById('problems-title').textContent === '问题清单(1)');
  const only = await page.$$eval('#problems tbody tr a', (as) => as.map((a) => a.textContent));
  check(only.length === 1 && only[0] === Q, `仅反弹: ${only}`);
  await shot('rectify-rebound.png');
  await page.goto(`${process.env.URL}/#/board`);
  await page.waitForSelector(`#board .ticket[data-id="${P}"]`);

  // its page: the recheck in words, every run, the offer
  await page.click(`#board .ticket[data-id="${P}"]`);
  await page.waitForSelector('#recheck-offer');
  const offer = await page.textContent('#recheck-offer');
  check(offer.includes('第 2 次复核（2020 年数据）') && offer.includes('50.00%（1/2） 变为 0.00%（0/2）') &&
    offer.includes('不高于 0%') && offer.includes('已达标'), `the offer says before → after: ${offer}`);
  const runs = await page.$$eval('#rechecks tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  check(runs.length === 2 && runs[0][4] === '1/2' && runs[0][5] === '未达标' && runs[1][4] === '0/2' && runs[1][5] === '已达标',
    `every run listed: ${JSON.stringify(runs)}`);
  // the households behind it, as found in 2019, linked to their pages
  const hh = await page.$$eval('#problem-households tbody a', (as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
  check(hh.length === 1 && hh[0][1] === `#/household/2019/${hh[0][0]}`, `the households behind it: ${JSON.stringify(hh)}`);
  check((await page.textContent('body')).includes('问题户(2019 年数据,生成问题时记录,共 1 户)'), 'the households\' heading');
  await shot('rectify-problem.png');
  await page.click('#request-by-recheck');
  await page.waitForFunction(() => document.getElementById('status') && document.getElementById('status').textContent === '申请销号');
  const after = await page.textContent('#recheck-offer');
  check(after.startsWith('佐证:') && !(await page.$('#request-by-recheck')), `the request made, the recheck its evidence: ${after}`);

  // the plan import from the problem list
  await page.goto(`${process.env.URL}/#/problems`);
  await page.click('#plan-link');
  await page.waitForSelector('#plan-form');
  await page.setInputFiles('#plan-file', env('UI_PLAN'));
  await page.click('#plan-form button[type=submit]');
  await page.waitForSelector('#plan-changes, #plan-nothing');
  const sum = await page.textContent('#plan-summary');
  check(sum.includes('将新增 0 个问题') && sum.includes('将更新 2 个'), `the dry run's summary: ${sum}`);
  const rows = await page.$$eval('#plan-changes tbody tr', (trs) => trs.map((tr) => [tr.dataset.id, ...[...tr.cells].map((c) => c.textContent)]));
  const got = rows.map((r) => `${r[0]}:${r[4]}:${r[5]}:${r[6]}`).join(' | ');
  check(got.includes('1:整改措施:(空):逐户核对致贫原因') && got.includes('3:牵头部门:(空):县医保局') && rows.length === 2,
    `field by field: ${got}`);
  await shot('plan-preview.png');
  await page.click('#plan-confirm');
  await page.waitForSelector('#plan-done');
  const done = await page.textContent('#plan-done');
  check(done.includes('已更新 2 个'), `applied: ${done}`);

  // a refused sheet: why, where; nothing written
  await page.goto(`${process.env.URL}/#/plan-import`);
  await page.waitForSelector('#plan-form');
  await page.setInputFiles('#plan-file', env('UI_BAD'));
  await page.click('#plan-form button[type=submit]');
  await page.waitForSelector('#plan-msg.error');
  const why = await page.textContent('#plan-msg');
  check(why.includes('数据库未改动') && why.includes('序号') && why.includes('表头'), `the refusal: ${why}`);
  check(!(await page.$('#plan-confirm')), 'nothing to confirm');
  await shot('plan-refused.png');

  // a plan whose deadline has passed: saved, and the warning said
  await page.goto(`${process.env.URL}/#/problem/1`);
  await page.waitForSelector('#form-plan');
  await page.fill('#form-plan input[name="deadline"]', '2020-01-31');
  await page.click('#form-plan button[type=submit]');
  await page.waitForFunction(() => (document.getElementById('action-msg') || {}).textContent?.includes('请注意'));
  const warned = await page.textContent('#action-msg');
  check(warned.startsWith('已保存。请注意:整改时限 2020-01-31 在制定方案时已过'), `the plan's warning: ${warned}`);
});
