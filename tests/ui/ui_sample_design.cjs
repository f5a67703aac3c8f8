// SPDX-License-Identifier: MIT
// ui_sample_design.cjs - 抽样 in the browser (web/sample_design.js): the
// administrator opens 抽样 from the header, fills in a design's
// parameters and runs it as a job (progress bar, result with the
// design's numbers), then downloads the design's field list
// (入户调查表) as CSV and XLSX; the page at 390x844 does not overflow;
// the job's page offers the same links; the 第三方评估 downloads the
// latest design's list from its own page; a 县级 user has no 抽样 link
// and is refused the list (403) and the job (the use case's refusal).
// The files are saved in $ARTIFACTS for tests/e2e/ui_sample_design.sh to
// check against the database and the command line.
const fs = require('fs');
const path = require('path');
const { URL, OUT, env, check, run, overflow } = require('./lib.cjs');

run(async (page, { shot, login, logout }) => {
  // save what clicking sel downloads as $ARTIFACTS/name; its suggested name
  const save = async (sel, name) => {
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 180000 }), page.click(sel)]);
    await dl.saveAs(path.join(OUT, name));
    return dl.suggestedFilename();
  };
  await login('admin', 'admin-pass-2020');
  await page.click('#nav-sample-design');
  await page.waitForSelector('#sample-design');
  check((await page.textContent('#sample-design-title')).includes('抽样设计'), 'the 抽样 page');
  await page.selectOption('#sd-year', '2019');
  await page.selectOption('#sd-region', env('UI_COUNTY'));
  await page.fill('#sd-margin', '10%');
  await page.fill('#sd-villages', '3');
  await page.fill('#sd-seed', env('UI_SEED'));
  await page.click('#sd-run');
  await page.waitForSelector('#lists-xlsx', { timeout: 180000 });
  check((await page.getAttribute('#job-progress', 'value')) === '100', 'the progress bar at 100%');
  const rows = await page.$$eval('#job-result tr', (t) => t.map((r) => [r.children[0].textContent, r.children[1].textContent]));
  const get = (k) => (rows.find((r) => r[0] === k) || [])[1];
  check(get('结果') === '完成', `the job done: ${JSON.stringify(rows)}`);
  check(get('抽样方案编号') === env('UI_DESIGN'), `the new design: ${get('抽样方案编号')}`);
  check(get('抽中户数') === env('UI_DRAWN'), `the households drawn as the CLI draws them: ${get('抽中户数')}`);
  check(get('抽中村数') === env('UI_VILLAGES'), `the villages drawn: ${get('抽中村数')}`);
  check(get('抽样区域') === `${env('UI_COUNTY_NAME')}(${env('UI_COUNTY')})`, `the region by its name: ${get('抽样区域')}`);
  await shot('sample-design.png');
  // the page's text, for the plain-Chinese scan (tests/e2e/plain_text.py)
  fs.writeFileSync(path.join(OUT, 'sample-design.txt'), await page.innerText('main'));
  const csvName = await save('#lists-csv', 'lists-admin.csv');
  check(/入户调查表.*\.csv$/.test(csvName), `the CSV's name: ${csvName}`);
  const xName = await save('#lists-xlsx', 'lists-admin.xlsx');
  check(/\.xlsx$/.test(xName), `the XLSX's name: ${xName}`);
  // on a phone
  await page.setViewportSize({ width: 390, height: 844 });
  const o = await overflow(page);
  check(o.page <= 0 && o.out.length === 0, `nothing sticks out at 390x844: ${JSON.stringify(o)}`);
  await shot('sample-design-phone.png');
  await page.setViewportSize({ width: 1366, height: 768 });
  // the job's page
  await page.click('#job-link');
  await page.waitForSelector('#lists-csv');
  check((await page.getAttribute('#lists-csv', 'href')).includes(`/api/samples/${env('UI_DESIGN')}/lists`), 'the job page links its list');
  // unmasked is not the administrator's (not of [web] unmask_roles)
  const un = await page.evaluate(() => fetch(`/api/samples/0/lists?format=csv&unmask=1`).then((r) => r.status));
  check(un === 403, `unmask refused: ${un}`);
  await logout();

  // the 第三方评估: the latest design's list from its own page
  await login('评估', 'third-pass-2020');
  await page.waitForSelector('#lists-csv');
  await save('#lists-csv', 'lists-third.csv');
  await shot('sample-third-lists.png');
  await logout();

  // a county officer: no 抽样, refused the list and the job
  await login('丙', 'county-pass-2020');
  check(!(await page.$('#nav-sample-design')), 'no 抽样 link for 县级');
  const st = await page.evaluate(() => fetch('/api/samples/0/lists?format=csv').then((r) => r.status));
  check(st === 403, `the list refused: ${st}`);
  const job = await page.evaluate(async (county) => {
    const me = await fetch('/api/me').then((r) => r.json());
    const r = await fetch(`/api/jobs?kind=sample&year=2019&region=${county}&margin=10%25`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf }, body: '{}' });
    const { id } = await r.json();
    for (;;) {
      const j = await fetch(`/api/jobs/${id}`).then((x) => x.json());
      if (j.phase === 'done') return j.result;
      await new Promise((ok) => setTimeout(ok, 200));
    }
  }, env('UI_COUNTY'));
  check(job.status === 'refused' && job.error.code === 'role_denied', `the design refused: ${JSON.stringify(job)}`);
  await logout();
});
