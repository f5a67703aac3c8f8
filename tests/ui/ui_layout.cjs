// SPDX-License-Identifier: MIT
// ui_layout.cjs - the layout at 1366x768 and on a phone (390x844): the
// dashboard, the household list, a household and the board each rendered
// at both sizes with nothing wider than the window — the page does not
// scroll sideways and no element sticks out of it except inside a box that
// scrolls (the wide tables) — and a full-page screenshot of each
// (layout-WIDTH-PAGE.png). Run by tests/e2e/ui_layout.sh.
const { URL, env, check, run } = require('./lib.cjs');

const SIZES = [[1366, 768], [390, 844]];
const PAGES = [
  ['dashboard', '/#/', '#chart-findings canvas'],
  ['households', '/#/households', '#households tbody tr'],
  ['household', `/#/household/2019/${process.env.UI_HH}`, '#members tbody tr'],
  ['board', '/#/board', '#board .lane'],
];

run(async (page, { shot, login }) => {
  env('UI_HH');
  await login(env('UI_USER'), env('UI_PASS'));
  for (const [w, h] of SIZES) {
    await page.setViewportSize({ width: w, height: h });
    for (const [name, hash, ready] of PAGES) {
      await page.goto(URL + hash);
      await page.waitForSelector(ready);
      if (name === 'dashboard') {
        // the charts drawn at this width
        await page.waitForFunction(() => ['chart-incidence', 'chart-causes', 'chart-exits', 'chart-findings'].every((id) => {
          const c = echarts.getInstanceByDom(document.getElementById(id));
          return c && c.getZr().animation.isFinished();
        }));
      }
      const r = await page.evaluate(() => {
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
      check(r.page <= 0, `${name} at ${w}x${h}: no sideways scrolling (${r.page}px too wide)`);
      check(r.out.length === 0, `${name} at ${w}x${h}: nothing sticks out of the ${r.W}px window (${r.out.join('; ')})`);
      await shot(`layout-${w}-${name}.png`);
    }
  }
});
