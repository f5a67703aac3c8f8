// SPDX-License-Identifier: MIT
// lib.cjs - what tests/ui/ui_docs.cjs, ui_sample.cjs and ui_layout.cjs
// share: headless Chromium (Debian's) through playwright-core, checks,
// logging in, screenshots into $ARTIFACTS, script errors collected.
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

// Run body(page, tools) in a fresh browser at 1366x768; exit 1 on failure.
function run(body) {
  (async () => {
    fs.mkdirSync(OUT, { recursive: true });
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
        '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const errors = [];
    try {
      const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', acceptDownloads: true });
      const page = await ctx.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error' && !/ (401|403|422) /.test(m.text())) errors.push(m.text()); });
      const shot = (name) => page.screenshot({ path: path.join(OUT, name), fullPage: true });
      const login = async (user, pass) => {
        await page.goto(URL + '/');
        await page.waitForSelector('#login');
        await page.fill('#user', user);
        await page.fill('#password', pass);
        await page.click('#login button[type=submit]');
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

module.exports = { URL, OUT, env, check, run };
