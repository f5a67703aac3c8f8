// SPDX-License-Identifier: MIT
// lib.cjs - what the browser tests (tests/ui/*.cjs) share: headless
// Chromium (Debian's) through playwright-core, checks, logging in,
// screenshots into $ARTIFACTS, script errors collected.
const path = require('path');
const fs = require('fs');
const { chromium } = require(path.join(process.env.TOP, 'web/node_modules/playwright-core'));

const URL = process.env.URL;
const OUT = process.env.ARTIFACTS;
const env = (k) => { if (!process.env[k]) throw new Error(`${k} not set`); return process.env[k]; };

function check(cond, what) {
  if (!cond) throw new Error(`FAILED: ${what}`);
  console.log(`ok ${what}`);
}

// Headless Chromium (Debian's, or $CHROMIUM), $ARTIFACTS made.
function launch() {
  fs.mkdirSync(OUT, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
      '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A page in a new context of browser at 1366x768 (and options), its script
// errors and its console's errors but the statuses in ignore into errors.
async function newPage(browser, errors, options = {}, ignore = / (401|403|404|422) /) {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', ...options });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && !ignore.test(m.text())) errors.push(m.text()); });
  return page;
}

// The login form, filled in and sent.
async function signIn(page, user, pass) {
  await page.goto(URL + '/');
  await page.waitForSelector('#login');
  await page.fill('#user', user);
  await page.fill('#password', pass);
  await page.click('#login button[type=submit]');
}

// Run body(page, tools) in a fresh browser at 1366x768; exit 1 on failure.
function run(body) {
  (async () => {
    const browser = await launch();
    const errors = [];
    try {
      const page = await newPage(browser, errors, { acceptDownloads: true });
      const shot = (name) => page.screenshot({ path: path.join(OUT, name), fullPage: true });
      const login = async (user, pass) => {
        await signIn(page, user, pass);
        await page.waitForSelector('#logout:not([hidden])');
        // the first page drawn: a later hash change must not race the
        // landing page's requests (the router does not cancel a render)
        await page.waitForSelector('#cards, #sample-title, #error');
      };
      const logout = async () => {
        await page.click('#logout');
        await page.waitForSelector('#login');
      };
      // click a link that downloads: the file's first bytes and its name
      const download = async (sel) => {
        // (a generous ceiling: a village's PDF under AddressSanitizer)
        const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 180000 }), page.click(sel)]);
        const file = await dl.path();
        return { head: fs.readFileSync(file).subarray(0, 5).toString('latin1'), size: fs.statSync(file).size, name: dl.suggestedFilename() };
      };
      await body(page, { shot, login, logout, download, errors });
      check(errors.length === 0, `no script errors (${errors.join('; ')})`);
    } finally {
      await browser.close();
    }
  })().catch((e) => { console.error(e.message || e); process.exit(1); });
}

// What sticks out of the window sideways (outside a box that scrolls):
// { page: how much wider the page is than the window, out: up to 8 such
// elements, W: the window's width }.
async function overflow(page) {
  return page.evaluate(() => {
    const W = document.documentElement.clientWidth;
    const scrolls = (e) => {
      for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
      }
      return false;
    };
    const out = [];
    for (const e of document.body.querySelectorAll('*')) {
      const b = e.getBoundingClientRect();
      if (b.width === 0 || b.height === 0) continue;
      if ((b.right > W + 0.5 || b.left < -0.5) && !scrolls(e)) {
        out.push(`${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''} ${Math.round(b.left)}..${Math.round(b.right)}`);
      }
    }
    return { page: document.documentElement.scrollWidth - W, out: out.slice(0, 8), W };
  });
}

// Wait until the ECharts charts of these element ids have drawn.
async function chartsDrawn(page, ids) {
  await page.waitForFunction((ids) => ids.every((id) => {
    const c = echarts.getInstanceByDom(document.getElementById(id));
    return c && c.getZr().animation.isFinished();
  }), ids);
}

module.exports = { URL, OUT, env, check, launch, newPage, signIn, run, overflow, chartsDrawn };
