// SPDX-License-Identifier: MIT
// ui_drill.cjs - the dashboard's charts of exits by year and of findings
// by kind, clicked: a year's bar lists the households that exited that
// year, a finding's bar the households with that finding, each list's
// total the figure the chart drew. Run by tests/e2e/ui_drill.sh.
const { URL, env, check, run } = require('./lib.cjs');

// A point of bar i of series s of the chart in element id, near the bar's
// base, once the chart has stopped animating (zrender's clips all done).
async function bar(page, id, s, i) {
  await page.evaluate((id) => document.getElementById(id).scrollIntoView({ block: 'center' }), id);
  await page.waitForFunction((id) => echarts.getInstanceByDom(document.getElementById(id)).getZr().animation.isFinished(), id);
  return page.evaluate(([id, s, i]) => {
    const dom = document.getElementById(id);
    const chart = echarts.getInstanceByDom(dom);
    const l = chart.getModel().getSeriesByIndex(s).getData().getItemLayout(i);
    const box = dom.getBoundingClientRect();
    const horizontal = Math.abs(l.width) > Math.abs(l.height);
    return horizontal ? { x: box.left + l.x + Math.sign(l.width) * 3, y: box.top + l.y + l.height / 2 }
      : { x: box.left + l.x + l.width / 2, y: box.top + l.y + Math.sign(l.height) * 3 };
  }, [id, s, i]);
}

run(async (page, { shot, login }) => {
  await login(env('UI_USER'), env('UI_PASS'));
  await page.waitForSelector('#chart-exits canvas');
  await page.waitForSelector('#chart-findings canvas');
  // exits: the bar of the (only) year
  const exits = await page.evaluate(() => echarts.getInstanceByDom(document.getElementById('chart-exits')).getOption());
  check(exits.xAxis[0].data[0] === '2019', `the exits chart's year: ${exits.xAxis[0].data}`);
  let p = await bar(page, 'chart-exits', 0, 0);
  await page.mouse.click(p.x, p.y);
  await page.waitForFunction(() => /年脱贫的户/.test(document.querySelector('#households-title')?.textContent || ''));
  check(page.url().includes('#/households?year=2019&exited=2019'), `the bar opens 2019's exits: ${page.url()}`);
  let pager = await page.textContent('#pager');
  check(pager.includes(`共 ${env('UI_EXITED')} 户`), `the households that exited in 2019: ${pager}`);
  const statuses = await page.$$eval('#households tbody tr td:nth-child(5)', (t) => t.map((x) => x.textContent));
  check(statuses.length > 0 && statuses.every((s) => s.startsWith('已脱贫')), 'each of them 已脱贫');
  await shot('drill-exits.png');
  // findings: the first bar is the most frequent finding
  await page.goto(`${URL}/#/`);
  await page.waitForSelector('#chart-findings canvas');
  const f = await page.evaluate(() => echarts.getInstanceByDom(document.getElementById('chart-findings')).getOption());
  check(JSON.stringify(f.series[0].data) === env('UI_FINDINGS'), `findings drawn: ${JSON.stringify(f.series[0].data)}`);
  p = await bar(page, 'chart-findings', 0, 0);
  await page.mouse.click(p.x, p.y);
  await page.waitForFunction(() => /核查发现/.test(document.querySelector('#households-title')?.textContent || ''));
  check(page.url().includes('finding=exit_income'), `the bar opens its finding: ${page.url()}`);
  const title = await page.textContent('#households-title');
  check(title.includes('已脱贫户人均纯收入未超过贫困线'), `named: ${title}`);
  pager = await page.textContent('#pager');
  check(pager.includes(`共 ${f.series[0].data[0]} 户`), `as many households as the bar: ${pager}`);
  const ids = await page.$$eval('#households tbody tr td:first-child', (t) => t.map((x) => x.textContent).sort());
  check(JSON.stringify(ids) === JSON.stringify(env('UI_INCOME_HH').split(',')), `the households flagged: ${ids}`);
  await shot('drill-findings.png');
});
