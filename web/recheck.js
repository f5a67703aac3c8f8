// SPDX-License-Identifier: MIT
// recheck.js - the stored rechecks of a problem (GET /api/problems/ID's
// recheck and rechecks, docs/http-api.md) on its page and its board card:
// every run with the value before and after and the verdict; a passing
// latest recheck offers 申请销号 with the recheck as its evidence (the
// server cites it in the request); a closed problem that fails again is
// shown as 反弹 (reopening stays the checker's decision). The words
// (before → after, the standard) are the server's, as the 整改报告 prints
// them.
import { el } from './dom.js';

const frac = (x) => (x && x.den ? `${x.num}/${x.den}` : '—');

// The stored status (the shown one may be 逾期): the last event's.
function stored(p) {
  const h = p.history || [];
  return h.length ? h[h.length - 1].to : p.status;
}

// The latest recheck in one sentence, or ''.
function said(k) {
  const w = k && k.words;
  if (!w) return '';
  return `${w.date}${w.run}：${w.what}由 ${w.after === w.before ? w.before + ' 未变' : w.before + ' 变为 ' + w.after}` +
    (w.rule ? `（标准：${w.rule}）` : '') + `，${w.verdict}。`;
}

// The card's line on the board: 可申请销号 or 反弹 (null otherwise).
export function recheckBadge(p) {
  const k = p.recheck;
  if (!k) return null;
  if (p.rebound) return el('div', { class: 'rebound', 'data-recheck': 'rebound' }, `反弹:第 ${k.run} 次复核未达标`);
  if (k.pass && p.status !== '已销号' && p.status !== '申请销号') {
    return el('div', { class: 'passes', 'data-recheck': 'pass' }, `复核已达标,可申请销号`);
  }
  return null;
}

// The list's cell: the latest recheck in short ('' when never rechecked):
// "第 2 次（2020 年数据）已达标", "…未达标", "…反弹".
export function recheckCell(p) {
  const k = p.recheck;
  if (!k) return '';
  return `第 ${k.run} 次（${k.year} 年数据）${p.rebound ? '反弹' : k.pass ? '已达标' : '未达标'}`;
}

// The problem page's parts: { offer: what the latest recheck offers (at
// the top), runs: every run (below the actions) }. request(note) asks for
// 销号 (the page's own action).
export function recheckSection(p, mayRectify, request) {
  const k = p.recheck;
  const out = [];
  const runs = [];
  if (k && p.rebound) {
    out.push(el('p', { id: 'recheck-rebound', class: 'error' },
      `反弹:${said(k)}问题已销号后复核未达标,是否重新打开由核验人员决定。`));
  } else if (k && k.pass && p.status === '申请销号') {
    out.push(el('p', { id: 'recheck-offer', class: 'ok' }, `佐证:${said(k)}`));
  } else if (k && k.pass && p.status !== '已销号') {
    const box = el('div', { id: 'recheck-offer', class: 'ok' }, el('p', {}, `复核已达标:${said(k)}`));
    if (mayRectify && stored(p) === '整改中') {
      const b = el('button', { type: 'button', id: 'request-by-recheck' }, '以本次复核为佐证申请销号');
      b.addEventListener('click', () => request(`以第 ${k.run} 次复核为佐证`));
      box.append(el('p', {}, '可以本次复核结果为佐证申请销号(不必另附材料)。'), b);
    } else if (mayRectify) {
      box.append(el('p', { class: 'muted' }, '先报进展(转为整改中),再以本次复核为佐证申请销号。'));
    }
    out.push(box);
  }
  const rows = p.rechecks || [];
  if (rows.length) {
    const t = el('table', { id: 'rechecks' }, el('thead', {}, el('tr', {},
      ...['次第', '数据年度', '复核时间', '整改前', '复核后', '结论'].map((h) => el('th', {}, h)))));
    const b = el('tbody');
    for (const r of rows) {
      b.append(el('tr', {}, el('td', { class: 'n' }, `第 ${r.run} 次`), el('td', { class: 'n' }, r.year),
        el('td', {}, r.at || ''), el('td', { class: 'n' }, frac(r.before)), el('td', { class: 'n' }, frac(r.after)),
        el('td', {}, r.rebound ? '未达标(反弹)' : r.pass ? '已达标' : '未达标')));
    }
    t.append(b);
    runs.push(el('h3', {}, '复核记录'), el('div', { class: 'scroll' }, t));
  }
  return { offer: out, runs };
}
