// SPDX-License-Identifier: MIT
// ui_layout.cjs - the layout at 1366x768 and on a phone (390x844): the
// dashboard, the household list, a household and the board each rendered
// at both sizes with nothing wider than the window — the page does not
// scroll sideways and no element sticks out of it except inside a box that
// scrolls (the wide tables) — and a full-page screenshot of each
// (layout-WIDTH-PAGE.png). Run by tests/e2e/ui_layout.sh.
const { URL, env, check, run, overflow, chartsDrawn } = require('./lib.cjs');

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
        await chartsDrawn(page, ['chart-incidence', 'chart-causes', 'chart-exits', 'chart-findings']);
      }
      const r = await overflow(page);
      check(r.page <= 0, `${name} at ${w}x${h}: no sideways scrolling (${r.page}px too wide)`);
      check(r.out.length === 0, `${name} at ${w}x${h}: nothing sticks out of the ${r.W}px window (${r.out.join('; ')})`);
      await shot(`layout-${w}-${name}.png`);
    }
  }
});
