// SPDX-License-Identifier: MIT
// ui.cjs - the browser UI in headless Chromium (Debian's /usr/bin/chromium)
// driven by playwright-core: log in, the dashboard's figures and charts,
// a chart clicked down to a village's households, search and open a
// household (ID numbers masked), another township's household refused,
// a problem taken through 整改 by one user and 销号 by a second,
// the problem list, a phone-sized screen, logout. A screenshot of each
// page goes to $ARTIFACTS. Run by tests/e2e/ui.sh, which starts the server.
const path = require('path');
const { URL, OUT, env, check, launch, newPage } = require('./lib.cjs');

(async () => {
  const browser = await launch();
  const errors = [];
  try {
    const page = await newPage(browser, errors);
    const shot = (name) => page.screenshot({ path: path.join(OUT, name), fullPage: true });

    // log in
    await page.goto(URL + '/');
    await page.waitForSelector('#login');
    await shot('login.png');
    await page.fill('#user', env('UI_USER'));
    await page.fill('#password', 'wrong-password-x');
    await page.click('#login button[type=submit]');
    await page.waitForSelector('#login-msg.error');
    check((await page.textContent('#login-msg')).includes('用户名或密码错误'), 'a wrong password is told');
    await page.fill('#password', env('UI_PASS'));
    await page.click('#login button[type=submit]');
    await page.waitForSelector('#cards');

    // the dashboard: figures from the database, two charts drawn
    const cards = await page.textContent('#cards');
    check(cards.includes(Number(env('UI_HOUSEHOLDS')).toLocaleString('zh-CN')), 'households figure');
    check(cards.includes(Number(env('UI_PERSONS')).toLocaleString('zh-CN')), 'persons figure');
    check(cards.includes(env('UI_INCIDENCE')), 'incidence figure');
    await page.waitForSelector('#chart-incidence canvas');
    await page.waitForSelector('#chart-causes canvas');
    const drawn = await page.evaluate(() => ['chart-incidence', 'chart-causes'].map((id) => {
      const c = document.querySelector(`#${id} canvas`);
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let ink = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 250 || d[i + 1] < 250)) ink++;
      return ink;
    }));
    check(drawn[0] > 500 && drawn[1] > 500, `both charts drawn (${drawn})`);
    const nsub = await page.$$eval('#subregions tbody tr', (r) => r.length);
    check(nsub === Number(env('UI_VILLAGES')), `one row per village (${nsub})`);
    // exits by year against the plan, findings by kind: the API's figures
    await page.waitForSelector('#chart-exits canvas');
    await page.waitForSelector('#chart-findings canvas');
    const series = await page.evaluate(() => ['chart-exits', 'chart-findings'].map((id) =>
      echarts.getInstanceByDom(document.getElementById(id)).getOption().series.map((s) => s.data)));
    check(JSON.stringify(series[0]) === env('UI_EXITS'), `exits by year: ${JSON.stringify(series[0])}`);
    check(JSON.stringify(series[1][0]) === env('UI_FINDINGS'), `findings by kind: ${JSON.stringify(series[1][0])}`);
    await shot('dashboard.png');

    // click the first bar: down to that village's households
    const target = await page.evaluate(() => {
      const dom = document.getElementById('chart-incidence');
      const chart = echarts.getInstanceByDom(dom);
      const opt = chart.getOption();
      const v = opt.series[0].data[0];
      const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, [0, v / 2]);
      const box = dom.getBoundingClientRect();
      return { x: box.left + x, y: box.top + y, name: opt.xAxis[0].data[0] };
    });
    await page.mouse.click(target.x, target.y);
    await page.waitForSelector('#households');
    check(page.url().includes('#/households?region='), `bar of ${target.name} opens its households`);
    const villages = await page.$$eval('#households tbody tr td:nth-child(2)', (t) => t.map((x) => x.textContent));
    check(villages.length > 0 && villages.every((v) => v === target.name), 'only that village');
    await shot('households.png');

    // search a household by 户编号 and open it
    await page.goto(URL + '/#/households');
    // the new page drawn (the village's list before it has a #households
    // too: a search typed there would be lost when this page replaces it)
    await page.waitForFunction(() => document.getElementById('main').dataset.drawn === '#/households');
    await page.fill('#q', env('UI_HH'));
    await page.click('#search button');
    await page.waitForFunction(() => document.querySelectorAll('#households tbody tr').length === 1);
    await page.click(`#households a:text("${env('UI_HH')}")`);
    await page.waitForSelector('#members');
    const nm = await page.$$eval('#members tbody tr', (r) => r.length);
    check(nm === Number(env('UI_HH_MEMBERS')), `all ${nm} members`);
    const ids = await page.$$eval('#members tbody tr td:nth-child(2)', (t) => t.map((x) => x.textContent));
    check(ids.every((i) => /^\*{14}[\dX]{4}$/.test(i)), 'ID numbers masked (the last four)');
    const html = await page.content();
    check(!env('UI_HH_IDS').split(',').some((i) => html.includes(i)), 'no whole ID number in the page');
    await shot('household.png');
    await page.click('#unmask');
    await page.waitForFunction(() => !/\*/.test(document.querySelector('#members tbody td:nth-child(2)').textContent));
    const whole = await page.$$eval('#members tbody tr td:nth-child(2)', (t) => t.map((x) => x.textContent));
    check(whole.join(',') === env('UI_HH_IDS'), 'unmasked on request: the stored ID numbers');

    // another township's household by URL: refused
    await page.goto(URL + `/#/household/2019/${env('UI_OTHER_HH')}`);
    await page.waitForSelector('#error');
    check((await page.textContent('#error')).includes('无权访问'), 'another township refused');
    await shot('denied.png');

    // the problem list
    await page.goto(URL + '/#/problems');
    await page.waitForSelector('#problems');
    const np = await page.$$eval('#problems tbody tr', (r) => r.length);
    check(np === Number(env('UI_PROBLEMS')), `problems listed (${np})`);
    await shot('problems.png');

    // a problem through 整改 to 销号: 甲 plans, reports progress, uploads
    // evidence and asks; 丙 (the county, a checking role) verifies
    const history = () => page.$$eval('#history tbody tr', (r) => r.length);
    const step = async (form, fill) => {
      const n = await history();
      if (fill) await fill();
      await page.click(`${form} button[type=submit]`);
      await page.waitForFunction((k) => document.querySelectorAll('#history tbody tr').length > k, n);
    };
    await page.click(`#problems a:text-is("${env('UI_PROBLEM_ID')}")`);
    await page.waitForSelector('#form-plan');
    await page.click('#form-progress button');
    await page.waitForSelector('#action-msg.error');
    check((await page.textContent('#action-msg')).includes('需要说明'), 'progress without a note refused');
    await step('#form-plan', async () => {
      await page.fill('#form-plan input[name=measures]', '逐户核对帮扶手册');
      await page.fill('#form-plan input[name=lead_dept]', '县扶贫办');
      await page.fill('#form-plan input[name=units]', '县教育局、陇洪镇');
      await page.fill('#form-plan input[name=deadline]', '2099-06-30');
    });
    check((await page.textContent('#problem')).includes('县教育局、陇洪镇'), 'plan saved');
    await step('#form-progress', () => page.fill('#form-progress input[name=note]', '已核对 120 户'));
    check((await page.textContent('#status')) === '整改中', '整改中');
    await step('#form-evidence', () => page.setInputFiles('#evidence-file',
      { name: '核对表.txt', mimeType: 'text/plain', buffer: Buffer.from('核对表\n' + 'x'.repeat(2000)) }));
    check((await page.textContent('#evidence')).includes('核对表.txt'), 'evidence uploaded');
    await step('#form-request', () => page.fill('#form-request input[name=note]', '请核验'));
    check((await page.textContent('#status')) === '申请销号', '申请销号');
    check((await page.$('#form-verify')) === null, 'the requester is offered no verification');
    await shot('problem-requested.png');
    await page.click('#logout');
    await page.waitForSelector('#login');
    await page.fill('#user', env('UI_CHECKER'));
    await page.fill('#password', env('UI_CHECKER_PASS'));
    await page.click('#login button[type=submit]');
    await page.waitForSelector('#cards');
    await page.goto(URL + `/#/problem/${env('UI_PROBLEM_ID')}`);
    await page.waitForSelector('#form-verify');
    await step('#form-verify', () => page.fill('#form-verify input[name=note]', '抽查属实'));
    check((await page.textContent('#status')) === '已销号', '已销号 by a second user');
    await shot('problem-closed.png');

    // the board (the county's): one column a status, the closed one under
    // 已销号, the overdue one under 逾期, the rest 未开始; filters
    const lanes = async () => page.$$eval('#board .lane', (ls) => Object.fromEntries(ls.map((l) =>
      [l.dataset.status, [...l.querySelectorAll('.ticket')].map((t) => Number(t.dataset.id)).sort((a, b) => a - b)])));
    await page.goto(URL + '/#/board');
    await page.waitForSelector('#board');
    const b = await lanes();
    check(JSON.stringify(b) === env('UI_BOARD'), `the board's columns: ${JSON.stringify(b)}`);
    check(await page.$eval('#board .lane.late .ticket', (t) => t.classList.contains('overdue')), 'overdue highlighted');
    await shot('board.png');
    // the filters are selects of the values the user's problems have
    const srcs = await page.$$eval('#board-filter select[name=source] option', (o) => o.map((x) => x.value));
    check(srcs.includes('督查') && !srcs.includes('暗访'), `the board's sources to choose from: ${srcs}`);
    await page.goto(URL + '/#/board?source=' + encodeURIComponent('暗访'));
    await page.waitForFunction(() => /整改看板\(0\)/.test(document.querySelector('h2').textContent));
    check(true, 'a filter with no match empties the board');
    await page.goto(URL + '/#/board?category=' + encodeURIComponent('基层基础工作不扎实') + '&source=' + encodeURIComponent('督查'));
    await page.waitForFunction(() => /整改看板\(4\)/.test(document.querySelector('h2').textContent));
    check(true, 'filters by category and source');

    // a phone
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(URL + '/#/');
    await page.waitForSelector('#chart-incidence canvas');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, 'no sideways scrolling on a phone');
    await shot('phone.png');

    // logout
    await page.click('#logout');
    await page.waitForSelector('#login');
    const me = await page.evaluate(async () => (await fetch('/api/me')).status);
    check(me === 401, 'logged out');
    check(errors.length === 0, `no script errors (${errors.join('; ')})`);
  } finally {
    await browser.close();
  }
})().catch((e) => { console.error(e.message || e); process.exit(1); });
