// SPDX-License-Identifier: MIT
// ui_assess.cjs - the assessment page (综合评价) in headless Chromium
// driven by playwright-core: the ranking table and its chart, a region's
// explanation (items, source values, the inputs' files), the inputs file
// uploaded by the 考核组 and scored as a job of the server's queue,
// followed to its result (a bad one refused with the reason and nothing
// stored, then a good one stored as a new version), a city officer who
// sees only its city and no upload form, a phone-sized screen. Screenshots
// in $ARTIFACTS. Run by tests/e2e/ui_assess.sh, which starts the server.
const path = require('path');
const { URL, OUT, env, check, launch, newPage, signIn } = require('./lib.cjs');

async function login(browser, user, pass, errors) {
  const page = await newPage(browser, errors);
  await signIn(page, user, pass);
  await page.waitForSelector('#nav:not([hidden])');
  return page;
}

(async () => {
  const browser = await launch();
  const errors = [];
  try {
    const page = await login(browser, env('UI_USER'), env('UI_PASS'), errors);
    const shot = (p, name) => p.screenshot({ path: path.join(OUT, name), fullPage: true });

    // the ranking: as the CLI's JSON has it; the chart drawn
    await page.click('#nav a[href="#/assess"]');
    await page.waitForSelector('#ranking tbody tr');
    const rows = await page.$$eval('#ranking tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    check(rows.length === Number(env('UI_RANKED')), 'every ranked region listed');
    check(rows[0][1] === env('UI_FIRST_NAME') && Number(rows[0][2]) === Number(env('UI_FIRST_TOTAL')) && rows[0][3] === env('UI_FIRST_GRADE'),
      `first place as stored: ${rows[0].join(' ')}`);
    await page.waitForSelector('#chart-ranking canvas');
    const ink = await page.evaluate(() => {
      const c = document.querySelector('#chart-ranking canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i]) n++;
      return n;
    });
    check(ink > 1000, 'the ranking chart is drawn');
    await shot(page, 'assess.png');

    // the 考核通报 download: a PDF
    const dl = await page.evaluate(async () => {
      const r = await fetch(document.querySelector('#download-tongbao').getAttribute('href'));
      const b = new Uint8Array(await r.arrayBuffer());
      return { status: r.status, type: r.headers.get('content-type'), head: String.fromCharCode(...b.slice(0, 5)) };
    });
    check(dl.status === 200 && dl.type === 'application/pdf' && dl.head === '%PDF-', 'the 考核通报 link gives the PDF');

    // a region's explanation
    await page.click(`#ranking a:text-is("${env('UI_EXPLAIN_NAME')}")`);
    await page.waitForSelector('#explain-items tbody tr');
    const items = await page.$$eval('#explain-items tbody tr', (trs) => trs.length);
    check(items === Number(env('UI_EXPLAIN_ITEMS')), 'every item explained');
    const files = await page.$$eval('#explain-inputs tbody tr td:nth-child(5)', (tds) => [...new Set(tds.map((t) => t.textContent))]);
    check(files.some((f) => f.endsWith('inputs.csv')), 'the inputs file named');
    // the households behind an indicator item, each opening its 一户一档
    await page.click(`#explain-items button[data-item="${env('UI_HH_ITEM')}"]`);
    await page.waitForSelector('#item-households tbody tr');
    const hhs = await page.$$eval('#item-households tbody tr td:first-child', (tds) => tds.map((t) => t.textContent));
    check(hhs.join(',') === env('UI_HH_LIST'), `the item's households: ${hhs.join(',')}`);
    await shot(page, 'assess-explain.png');
    await page.click(`#item-households a:text-is("${hhs[0]}")`);
    await page.waitForSelector('#members');
    check(true, 'a household opened from the explanation');
    await page.goBack();
    await page.waitForSelector('#explain-items');

    // the uploads start jobs of the server's queue (run?...job=1: 202),
    // followed (GET /api/jobs/ID) to their results
    const started = [], polled = [];
    page.on('response', (res) => {
      if (res.request().method() === 'POST' && /\/run\?.*job=1/.test(res.url())) started.push(res.status());
      const m = res.url().match(/\/api\/jobs\/(\d+)$/);
      if (m && !polled.includes(Number(m[1]))) polled.push(Number(m[1]));
    });
    const jobOf = async (k) => {
      check(started[k] === 202, `the run started as a job: ${started[k]}`);
      check(polled.length === k + 1, `the job followed: ${polled.join(',')}`);
      return page.evaluate(async (n) => (await fetch(`/api/jobs/${n}`)).json(), polled[k]);
    };
    // the inputs template to fill: an XLSX (a zip) from the link
    const tpl = await page.evaluate(async () => {
      const r = await fetch(document.querySelector('#download-template').getAttribute('href'));
      const b = new Uint8Array(await r.arrayBuffer());
      return { status: r.status, head: String.fromCharCode(...b.slice(0, 2)), n: b.length };
    });
    check(tpl.status === 200 && tpl.head === 'PK' && tpl.n > 1000, `the template link gives the XLSX: ${JSON.stringify(tpl)}`);
    // a bad inputs file: the reason, nothing stored
    await page.setInputFiles('#inputs-file', env('UI_BAD_INPUTS'));
    await page.click('#inputs-form button[type=submit]');
    await page.waitForSelector('#inputs-msg.error');
    const msg = await page.textContent('#inputs-msg');
    check(msg.includes('缺少录入项'), `a bad file refused with the reason: ${msg}`);
    check(started.length === 1, 'one job started');
    const bad = await jobOf(0);
    check(bad.kind === 'assess' && bad.phase === 'done' && bad.result.status === 'refused',
      `the bad file's job refused: ${JSON.stringify(bad).slice(0, 200)}`);
    await shot(page, 'assess-error.png');
    // a good one: the next version
    await page.setInputFiles('#inputs-file', env('UI_GOOD_INPUTS'));
    await page.click('#inputs-form button[type=submit]');
    await page.waitForFunction(() => /第 2 版/.test(document.querySelector('#run-title')?.textContent || ''));
    check(true, 'the upload stored version 2');
    check(started.length === 2, 'a second job started');
    const good = await jobOf(1);
    check(good.phase === 'done' && good.percent === 100 && good.result.status === 'done' && good.result.version === 2,
      `the job reached its result, version 2: ${JSON.stringify(good).slice(0, 200)}`);
    await shot(page, 'assess-v2.png');

    // a phone
    await page.setViewportSize({ width: 390, height: 844 });
    // the layout follows the new size: waited for (at most 5 s), then checked
    await page.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth,
      null, { timeout: 5000 }).catch(() => {});
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, 'no sideways scrolling on a phone');
    await shot(page, 'assess-phone.png');

    // a city officer: its dashboard's findings by kind, from the database
    const city = await login(browser, env('UI_CITY_USER'), env('UI_CITY_PASS'), errors);
    await city.waitForSelector('#chart-findings canvas');
    const found = await city.evaluate(() => echarts.getInstanceByDom(document.getElementById('chart-findings')).getOption().series[0].data);
    check(JSON.stringify(found) === env('UI_FINDINGS'), `findings by kind: ${JSON.stringify(found)}`);
    await city.screenshot({ path: path.join(OUT, 'dashboard-findings.png'), fullPage: true });
    // its assessment page: its city only, no upload
    await city.goto(URL + '/#/assess');
    await city.waitForSelector('#ranking tbody tr');
    const cityRows = await city.$$eval('#ranking tbody tr', (trs) => trs.map((tr) => tr.cells[1].textContent));
    check(cityRows.length === 1 && cityRows[0] === env('UI_CITY_NAME'), 'a city officer sees its city only');
    check(!(await city.$('#inputs-form')), 'no upload form for a city officer');
    await shot(city, 'assess-city.png');
    // a county officer and the cities' run: no empty table, but why
    const county = await login(browser, env('UI_COUNTY_USER'), env('UI_COUNTY_PASS'), errors);
    await county.goto(URL + '/#/assess');
    await county.waitForSelector('#empty');
    const why = await county.textContent('#empty');
    check(why.includes('本级没有参加考核的地区') && why.includes('市级'), `a county officer is told why: ${why}`);
    check(!(await county.$('#ranking')) && !(await county.$('#chart-ranking')), 'no empty ranking nor blank chart');
    await shot(county, 'assess-county.png');
    check(errors.length === 0, `no script errors: ${errors.join('; ')}`);
  } finally {
    await browser.close();
  }
})().catch((e) => { console.error(e.message || e); process.exit(1); });
