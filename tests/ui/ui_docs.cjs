// SPDX-License-Identifier: MIT
// ui_docs.cjs - the document downloads in the browser: a village's
// household list and a household's page offer the village's 明白卡 (PDF),
// a township's list does not; the problem list and the board offer the
// 整改台账, 整改报告 (PDF, XLSX) and 问题清单 (XLSX, with the board's
// filters); each link really downloads the file. Run by tests/e2e/ui_docs.sh.
const { URL, env, check, run } = require('./lib.cjs');

run(async (page, { shot, login, download }) => {
  await login(env('UI_USER'), env('UI_PASS'));
  const v = env('UI_VILLAGE');
  await page.goto(`${URL}/#/households?region=${v}`);
  await page.waitForSelector('#households');
  await page.waitForSelector('#download-card');
  const card = await download('#download-card');
  check(card.head === '%PDF-' && card.size > 1000, `the 明白卡 is a PDF (${card.size} bytes)`);
  check(card.name === `明白卡-${v}-2019.pdf`, `named ${card.name}`);
  await shot('docs-households.png');
  // a township's list: no card (a card is a village's)
  await page.goto(`${URL}/#/households?region=${env('UI_TOWN')}`);
  await page.waitForFunction((t) => (document.querySelector('#households-title')?.textContent || '').includes(t), env('UI_TOWN'));
  check(!(await page.$('#download-card')), 'no card for a township');
  // a household's page: its village's card
  await page.goto(`${URL}/#/household/2019/${env('UI_HH')}`);
  await page.waitForSelector('#members');
  const href = await page.getAttribute('#download-card', 'href');
  check(href === `/api/reports/card?village=${v}&year=2019`, `the household's village card: ${href}`);

  // the problem list: ledger, report (PDF, XLSX), list
  await page.goto(`${URL}/#/problems`);
  await page.waitForSelector('#problems');
  const pdf = await download('#download-rectify-pdf');
  check(pdf.head === '%PDF-', '整改报告 PDF');
  const xlsx = await download('#download-rectify-xlsx');
  check(xlsx.head.startsWith('PK'), '整改报告 XLSX');
  const list = await download('#download-problems');
  check(list.head.startsWith('PK') && /^问题清单-/.test(list.name), `问题清单 XLSX (${list.name})`);
  const ledger = await download('#download-ledger');
  check(ledger.head.startsWith('PK'), '整改台账 XLSX');
  await shot('docs-problems.png');
  // the board: the list narrowed as the board is
  await page.goto(`${URL}/#/board?source=${encodeURIComponent('督查')}&year=2020`);
  await page.waitForSelector('#board');
  const lh = await page.getAttribute('#download-problems', 'href');
  check(lh === `/api/reports/problems?year=2020&source=${encodeURIComponent('督查')}`, `the board's filters on the list: ${lh}`);
  const rh = await page.getAttribute('#download-rectify-pdf', 'href');
  check(rh === '/api/reports/rectify?year=2020&format=pdf', `and its year on the report: ${rh}`);
});
