// SPDX-License-Identifier: MIT
// ui_text.cjs - every page of the web UI as each role sees it, its text
// written to $UI_OUT/ROLE-PAGE.txt for tests/e2e/plain_text.py
// (tests/e2e/ui_text.sh): the body's text, every option of every list,
// titles, placeholders and labels, and the charts' titles, axis labels
// and series names (ECharts' options). Screenshots text-ROLE-PAGE.png.
const path = require('path');
const fs = require('fs');
const { launch, newPage, signIn, env, URL, OUT } = require('./lib.cjs');

const DIR = env('UI_OUT');

// What a person can read on the page now.
function pageText() {
  const out = [document.title, document.body.innerText];
  for (const o of document.querySelectorAll('option')) out.push(o.textContent);
  for (const a of ['title', 'placeholder', 'aria-label', 'alt'])
    for (const e of document.querySelectorAll(`[${a}]`)) out.push(e.getAttribute(a));
  for (const e of document.querySelectorAll('input[type=submit], input[type=button]')) out.push(e.value);
  const keys = new Set(['text', 'subtext', 'name', 'data']);
  const walk = (v, k) => {
    if (typeof v === 'string') { if (keys.has(k)) out.push(v); return; }
    if (Array.isArray(v)) { for (const x of v) walk(x, k); return; }
    if (v && typeof v === 'object') for (const [kk, x] of Object.entries(v)) walk(x, kk === 'value' ? k : kk);
  };
  if (window.echarts) {
    for (const c of document.querySelectorAll('.chart, [_echarts_instance_]')) {
      const inst = window.echarts.getInstanceByDom(c);
      if (inst) walk(inst.getOption(), '');
    }
  }
  return out.join('\n');
}

// Go to hash, wait until the router has drawn it (#main's data-drawn) and
// the charts' requests are done.
async function visit(page, hash) {
  await page.goto(URL + '/' + hash);
  await page.waitForFunction((h) => document.querySelector('#main').dataset.drawn === h, hash);
  await page.waitForLoadState('networkidle');
}

async function grab(page, user, name, seen) {
  const t = await page.evaluate(pageText);
  fs.writeFileSync(path.join(DIR, `${user}-${name}.txt`), t);
  await page.screenshot({ path: path.join(OUT, `text-${user}-${name}.png`), fullPage: true });
  seen.push(`${user}-${name}`);
}

(async () => {
  fs.mkdirSync(DIR, { recursive: true });
  const browser = await launch();
  const errors = [];
  const seen = [];
  try {
    for (const up of env('UI_USERS').split(' ')) {
      const [user, pass] = up.split(':');
      const page = await newPage(browser, errors);
      await signIn(page, user, pass);
      await page.waitForSelector('#logout:not([hidden])');
      await page.waitForLoadState('networkidle');
      const me = await page.evaluate(() => fetch('/api/me').then((r) => r.json()));
      const may = me.may || {};
      const see = async (hash, name) => { await visit(page, hash); await grab(page, user, name, seen); };
      // the first link of sel on the page (a problem, a run), or null
      const first = (sel) => page.evaluate((q) => {
        const a = document.querySelector(q);
        return a ? a.getAttribute('href') : null;
      }, sel);
      await grab(page, user, 'home', seen);
      if (may.sample_only) {
        await see('#/sample', 'sample');
        await page.close();
        continue;
      }
      await see('#/', 'dashboard');
      await see(`#/?region=${env('UI_COUNTY')}`, 'dashboard-county');
      await see('#/households', 'households');
      await see(`#/households?year=2019&finding=${env('UI_FINDING')}`, 'households-finding');
      await see(`#/household/2019/${env('UI_HH')}`, 'household');
      if (await page.$('#edit-open')) {
        await page.click('#edit-open');
        await page.waitForSelector('#edit-form');
        await grab(page, user, 'household-edit', seen);
      }
      await visit(page, '#/import');
      if (await page.$('#import-form')) {
        await page.fill('#import-year', '2020');
        await page.setInputFiles('#import-file', env('UI_BAD'));
        await page.check('#import-keep');
        await page.click('#import-form button[type=submit]');
        await page.waitForSelector('#import-result', { timeout: 180000 });
        await page.waitForLoadState('networkidle');
      }
      await grab(page, user, 'import', seen);
      await see('#/problems', 'problems');
      const pid = await first('a[href^="#/problem/"]');
      if (pid) await see(pid, 'problem');
      await see('#/board', 'board');
      await see('#/assess', 'assess');
      const run = await first('#runs a');
      if (run) {
        await see(run, 'assess-run');
        await see(`${run}&region=${env('UI_CITY')}`, 'assess-explain');
      }
      await see('#/sample', 'sample');
      await see('#/funds', 'funds');
      const proj = await first('#funds-projects a[href^="#/funds/project/"]');
      if (proj) await see(proj, 'funds-project');
      await see('#/funds/check?year=2019', 'funds-check');
      await page.close();
    }
    console.log(`${seen.length} pages: ${seen.join(' ')}`);
    if (errors.length) throw new Error(`FAILED: script errors: ${errors.join('; ')}`);
  } finally {
    await browser.close();
  }
})().catch((e) => { console.error(e.message || e); process.exit(1); });
