// SPDX-License-Identifier: MIT
// ui_years.cjs - the year picker, the header and the empty states: on an
// empty database the dashboard says that no year is imported and where to
// import; then (two years imported by the shell script meanwhile) the
// picker lists both, the latest first, and the top level (全部地区) shows
// its figures (the sums of the provinces, not "—"); choosing the other
// year changes the figures, the charts redraw, the household list follows
// the year; nothing overflows at 1366x768 nor at 390x844; a county user's
// header shows the county's name and level, not its code, and the problem
// card of a township counts that township's problems only; a household's
// labels are the registry's column titles (GET /api/enums); the problem
// list comes a page of 20 at a time from the server, narrowed by selects. Run by
// tests/e2e/ui_years.sh (screenshots years-*.png).
const { execFileSync } = require('child_process');
const { URL, env, check, run, signIn, overflow, chartsDrawn: drawn } = require('./lib.cjs');

const CHARTS = ['chart-incidence', 'chart-causes', 'chart-exits', 'chart-findings'];
const chartsDrawn = (page) => drawn(page, CHARTS);

// the text of the card labelled k
const cardText = (page, k) => page.evaluate((k) => {
  const c = [...document.querySelectorAll('#cards .card')].find((x) => x.querySelector('.k').textContent === k);
  return c ? c.querySelector('.v').textContent : null;
}, k);

const fmt = (n) => Number(n).toLocaleString('zh-CN');

run(async (page, { shot, logout }) => {
  const [y1, y2] = [env('UI_Y1'), env('UI_Y2')];
  // 1. nothing imported yet
  await signIn(page, env('UI_USER'), env('UI_PASS'));
  await page.waitForSelector('#empty');
  const empty = await page.textContent('#empty');
  check(/尚未导入/.test(empty), `the empty dashboard says why: ${empty}`);
  check(await page.getAttribute('#empty a', 'href') === '#/import', 'and links to the import');
  check(await page.isHidden('#year-box'), 'no year picker without years');
  await shot('years-empty.png');

  // 2. two years imported (the script's command), the page reloaded
  execFileSync('sh', ['-c', env('UI_IMPORT')], { stdio: 'inherit' });
  await page.reload();
  await page.waitForSelector('#cards');
  await chartsDrawn(page);
  const opts = await page.$$eval('#year-pick option', (o) => o.map((x) => x.value));
  check(opts.join(',') === `${y2},${y1}`, `the picker lists the stored years, latest first: ${opts}`);
  check((await page.textContent('#region-title')).includes(`全部地区 ${y2} 年`), 'the latest year at first');
  const p2 = await cardText(page, '建档立卡人数');
  check(p2 === fmt(env('UI_P2')), `全部地区's 建档立卡人数 of ${y2}: ${p2}, want ${fmt(env('UI_P2'))}`);
  const h2 = await cardText(page, '建档立卡户数');
  check(h2 === fmt(env('UI_H2')), `全部地区's 建档立卡户数 of ${y2}: ${h2}`);
  check(/%$/.test(await cardText(page, '贫困发生率')), '全部地区 has its 贫困发生率');
  const fTitle = await page.evaluate(() => echarts.getInstanceByDom(document.getElementById('chart-findings')).getOption().title[0].text);
  check(!/尚未运行/.test(fTitle), `the findings chart at the top after the review: ${fTitle}`);
  const pie = await page.evaluate(() => echarts.getInstanceByDom(document.getElementById('chart-causes')).getOption().series[0].data.length);
  check(pie > 0, `the causes pie at the top has slices (${pie})`);
  await shot('years-top-latest.png');

  // 3. the other year chosen: the figures change
  await page.selectOption('#year-pick', y1);
  await page.waitForFunction((y) => document.getElementById('region-title')?.textContent.includes(`${y} 年`), y1);
  await page.waitForSelector('#cards');
  await chartsDrawn(page);
  const p1 = await cardText(page, '建档立卡人数');
  check(p1 === fmt(env('UI_P1')) && p1 !== p2, `${y1} chosen: 建档立卡人数 ${p1}, want ${fmt(env('UI_P1'))}`);
  await shot('years-top-chosen.png');
  // the household list follows the picked year
  await page.goto(URL + '/#/households');
  await page.waitForSelector('#households tbody tr');
  const ht = await page.textContent('#households-title');
  check(ht.startsWith(`${y1} 年`), `the household list of the picked year: ${ht}`);
  const total = await page.textContent('#pager');
  check(total.includes(`共 ${env('UI_H1')} 户`), `its total: ${total}`);
  // numeric columns: the header aligned as the figures
  const align = await page.$$eval('#households th', (ths) => ths.map((t) => `${t.textContent}:${getComputedStyle(t).textAlign}`));
  check(align.includes('人数:right') && align.includes('户编号:left'), `headers aligned as their columns: ${align.join(' ')}`);
  // a household's labels are the registry's column titles (/api/enums)
  await page.click('#households tbody tr a');
  await page.waitForSelector('#household dt');
  const dts = await page.$$eval('#household dt', (x) => x.map((d) => d.textContent));
  check(dts.includes('其中低保金(元)') && !dts.includes('低保金(元)') && dts.includes('户状态'),
    `the household's labels from the registry's columns: ${dts.join(' ')}`);

  // 4. no overflow, both sizes, dashboard and list
  for (const [w, h] of [[1366, 768], [390, 844]]) {
    await page.setViewportSize({ width: w, height: h });
    for (const [name, hash, ready] of [['dashboard', '/#/', '#cards'], ['households', '/#/households', '#households tbody tr']]) {
      await page.goto(URL + hash);
      await page.waitForSelector(ready);
      if (name === 'dashboard') await chartsDrawn(page);
      const r = await overflow(page);
      check(r.page <= 0 && r.out.length === 0, `${name} at ${w}x${h}: nothing overflows (${r.page}px; ${r.out.join('; ')})`);
      await shot(`years-${w}-${name}.png`);
    }
  }
  await page.setViewportSize({ width: 1366, height: 768 });

  // 5. the problem list: pages of 20 from the server, selects
  await page.goto(URL + '/#/problems');
  await page.waitForSelector('#problems tbody tr');
  const ids = async () => page.$$eval('#problems tbody tr', (r) => r.map((x) => x.cells[0].textContent));
  const all = env('UI_PROBLEM_IDS').split(',');
  const first = await ids();
  check(first.join(',') === all.slice(0, 20).join(','), `page 1: the first 20 (${first.length})`);
  check((await page.textContent('#problem-pager')).includes(`共 ${all.length} 条`), 'the total');
  await page.click('#problem-next');
  await page.waitForFunction(() => document.getElementById('problem-pager')?.textContent.includes('第 2 /'));
  const second = await ids();
  check(second.join(',') === all.slice(20).join(','), `page 2: the rest (${second.join(',')})`);
  await page.selectOption('#problem-filter select[name=category]', '扶贫措施不精准');
  await page.waitForFunction((n) => document.getElementById('problems-title')?.textContent === `问题清单(${n})`, env('UI_NCAT'));
  check((await ids()).length === Number(env('UI_NCAT')), 'the category chosen from a select, back to page 1');
  check(/category=/.test(await page.getAttribute('#download-problems', 'href')), 'the download takes the filter');
  await page.selectOption('#problem-filter select[name=category]', '');
  await page.waitForFunction((n) => document.getElementById('problems-title')?.textContent === `问题清单(${n})`, String(all.length));
  await page.selectOption('#problem-filter select[name=status]', '逾期');
  await page.waitForFunction(() => document.getElementById('problems-title')?.textContent === '问题清单(1)');
  check((await ids()).join(',') === '25', 'the overdue one');
  for (const [w, h] of [[1366, 768], [390, 844]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.goto(URL + '/#/problems');
    await page.waitForSelector('#problems tbody tr');
    const r = await overflow(page);
    check(r.page <= 0 && r.out.length === 0, `problems at ${w}x${h}: nothing overflows (${r.page}px; ${r.out.join('; ')})`);
    await shot(`years-${w}-problems.png`);
  }
  await page.setViewportSize({ width: 1366, height: 768 });

  // the board: each column its first 12 from the server, the rest linked
  await page.goto(URL + '/#/board');
  await page.waitForSelector('#board .lane');
  const lane = await page.$$eval('#board .lane[data-status="未开始"]', (l) => [l[0].querySelector('h3').textContent,
    l[0].querySelectorAll('.ticket').length, l[0].querySelector('.more')?.textContent || '']);
  const todo = all.length - 1;
  check(lane[0] === `未开始(${todo})` && lane[1] === 12 && lane[2].includes(`还有 ${todo - 12} 条`),
    `the 未开始 column: ${lane.join(' | ')}`);
  check((await page.textContent('#board h2, main h2')).includes(`(${all.length})`), 'the board counts them all');
  for (const [w, h] of [[1366, 768], [390, 844]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(200);
    const r = await overflow(page);
    check(r.page <= 0 && r.out.length === 0, `board at ${w}x${h}: nothing overflows (${r.page}px; ${r.out.join('; ')})`);
    await shot(`years-${w}-board.png`);
  }
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.click('#board .lane[data-status="未开始"] .more');
  await page.waitForFunction((n) => document.getElementById('problems-title')?.textContent === `问题清单(${n})`, String(todo));
  check(await page.$eval('#problem-filter select[name=status]', (x) => x.value) === '未开始', 'the rest in the list, by its status');

  // 6. a county user: the county's name in the header; a township's
  // problem card counts the township's problems
  await page.goto(URL + '/#/');
  await page.waitForSelector('#cards');
  await logout();
  await signIn(page, env('UI_COUNTY_USER'), env('UI_COUNTY_PASS'));
  await page.waitForSelector('#cards');
  const who = await page.textContent('#who');
  check(who.includes(env('UI_COUNTY_NAME')) && who.includes('县') && !who.includes(env('UI_COUNTY')),
    `the header names the county: ${who}`);
  check((await cardText(page, '整改问题(未销号 / 逾期)')) === env('UI_PROBLEMS_COUNTY'),
    `the county's problems: ${await cardText(page, '整改问题(未销号 / 逾期)')}`);
  await page.goto(URL + `/#/?region=${env('UI_T1')}`);
  await page.waitForFunction((c) => document.getElementById('region-title')?.textContent.includes(c), env('UI_T1_NAME'));
  await page.waitForSelector('#cards');
  const crumbs = await page.$$eval('#crumbs a, #crumbs span', (x) => x.map((a) => a.textContent));
  check(crumbs.slice(0, 2).join('>') === `${env('UI_COUNTY_NAME')}>${env('UI_T1_NAME')}`, `breadcrumbs from the county: ${crumbs.join(' > ')}`);
  await page.click('#crumbs a:first-child');
  await page.waitForFunction((c) => document.getElementById('region-title')?.textContent.startsWith(c), env('UI_COUNTY_NAME'));
  await page.goBack();
  await page.waitForFunction((c) => document.getElementById('region-title')?.textContent.includes(c), env('UI_T1_NAME'));
  await page.waitForSelector('#cards');
  const t1 = await cardText(page, '整改问题(未销号 / 逾期)');
  check(t1 === env('UI_PROBLEMS_T1'), `the township's problems only: ${t1}, want ${env('UI_PROBLEMS_T1')}`);
  await shot('years-county.png');
});
