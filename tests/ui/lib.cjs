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

module.exports = { URL, OUT, env, check, launch, newPage, signIn, run };
