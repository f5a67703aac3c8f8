// SPDX-License-Identifier: MIT
// ui_survey.cjs - 入户调查 in the browser for the 第三方评估 role: the
// header's link, the drawn households, a household's form (the choices
// from /api/enums), a bad value shown beside its field, then the form
// saved and classified; at 1366x768 and 390x844 without sideways
// scrolling. Run by tests/e2e/ui_survey.sh (screenshots survey-*.png).
const { URL, env, check, run, overflow } = require('./lib.cjs');

run(async (page, { shot, login }) => {
  await login(env('UI_USER'), env('UI_PASS'));
  check(await page.isVisible('#nav-survey'), 'the evaluator has 入户调查 in the header');
  await page.click('#nav-survey');
  await page.waitForSelector('#survey-households tbody tr');
  await shot('survey-list.png');
  const hh = env('UI_HH');
  await page.goto(URL + `/#/survey/2019/${hh}`);
  await page.waitForSelector('#survey-form');
  const water = await page.$$eval('#survey-form select[name=water] option', (o) => o.map((x) => x.value).filter((x) => x));
  check(water.join(',') === '是,否', `是/否 from the standards: ${water}`);
  await page.fill('#survey-form input[name=income_pc]', '-5');
  for (const [k, v] of [['food_clothing', '是'], ['dropout', '否'], ['medical', '是'], ['housing', 'B'], ['water', '是']]) {
    await page.selectOption(`#survey-form select[name=${k}]`, v);
  }
  await page.fill('#survey-form input[name=visitor]', '王五');
  await page.fill('#survey-form input[name=visited]', '2020-06-02');
  await page.click('#survey-form button[type=submit]');
  await page.waitForSelector('#survey-msg.error');
  const note = await page.$$eval('.field-error', (n) => n.map((x) => x.textContent).filter((x) => x));
  check(note.length > 0, `the bad income shown beside its field: ${note}`);
  await page.fill('#survey-form input[name=income_pc]', '9000');
  await page.click('#survey-form button[type=submit]');
  await page.waitForSelector('#survey-msg.ok');
  check(/已保存:达标/.test(await page.textContent('#survey-msg')), 'saved and classified');
  check((await overflow(page)).page <= 0, 'the form fits 1366');
  await shot('survey-1366.png');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await page.waitForSelector('#survey-form');
  check(await page.inputValue('#survey-form input[name=visitor]') === '王五', 'what was saved comes back');
  const o = await overflow(page);
  check(o.page <= 0 && !o.out.length, `the form fits 390 (${o.out.join(' ')})`);
  await shot('survey-390.png');
});
