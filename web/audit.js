// SPDX-License-Identifier: MIT
// audit.js - 审计日志 (#/audit), for the roles that may read the log (审计,
// 系统管理员: may.audit): the entries newest first, a page of 50 from the
// server (GET /api/audit), narrowed by user, action, outcome and date; the
// filtered log as CSV or XLSX. Reading the log is itself audited by the
// server, and what it quotes of persons (ID numbers, phones) comes masked.
import { el } from './dom.js';
import { getJSON } from './api.js';
import { pager, filterSelect, dateInput, exportLinks, hashWith } from './pager.js';

const PER = 50;
let recent = null;
const OUTCOMES = [['ok', '成功'], ['denied', '拒绝(无权)'], ['refused', '拒绝(不允许)']];

// The day after d (YYYY-MM-DD): the log's until is exclusive.
function dayAfter(d) {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

export async function auditPage(q) {
  const page = Math.max(1, +(q.get('page') || 1) || 1);
  const args = new URLSearchParams({ page: String(page), per_page: String(PER) });
  for (const k of ['who', 'action', 'outcome']) if (q.get(k)) args.set(k, q.get(k));
  if (q.get('from')) args.set('since', q.get('from'));
  if (q.get('to')) args.set('until', dayAfter(q.get('to')));
  const d = await getJSON('/api/audit?' + args);
  // the actions and users to choose from: those of the 500 newest entries,
  // read once (each read of the log is an entry of its own)
  if (!recent) recent = await getJSON('/api/audit?per_page=500');
  const uniq = (k) => [...new Set(recent.entries.map((e) => e[k]).filter((x) => x))].sort();
  const who = el('input', { name: 'who', value: q.get('who') || '', placeholder: '用户名', list: 'audit-users', 'aria-label': '用户' });
  who.addEventListener('change', () => { location.hash = hashWith('/audit', q, 'who', who.value.trim()); });
  const form = el('form', { class: 'search', id: 'audit-filter' }, who,
    el('datalist', { id: 'audit-users' }, ...uniq('who').map((u) => el('option', { value: u }))),
    filterSelect('/audit', q, 'action', '全部操作', uniq('action')),
    filterSelect('/audit', q, 'outcome', '全部结果', OUTCOMES),
    dateInput('/audit', q, 'from', '从'), dateInput('/audit', q, 'to', '到'));
  form.addEventListener('submit', (ev) => ev.preventDefault());
  const t = el('table', { id: 'audit' }, el('thead', {}, el('tr', {},
    ...['序号', '时间', '用户', '地址', '操作', '对象', '结果', '记录数', '说明'].map((h) => el('th', {}, h)))));
  const tb = el('tbody');
  const OUT = Object.fromEntries(OUTCOMES);
  for (const e of d.entries) {
    tb.append(el('tr', {}, el('td', { class: 'n' }, e.id), el('td', {}, e.at), el('td', {}, e.who), el('td', {}, e.addr || ''),
      el('td', {}, e.action), el('td', {}, e.object || ''), el('td', {}, OUT[e.outcome] || e.outcome),
      el('td', { class: 'n' }, e.records === undefined ? '' : e.records), el('td', {}, e.note || '')));
  }
  t.append(tb);
  const at = (p) => { const n = new URLSearchParams(q); n.set('page', String(p)); return `#/audit?${n}`; };
  const filtered = ['who', 'action', 'outcome', 'from', 'to'].some((k) => q.get(k));
  const exp = new URLSearchParams(args);
  return [el('h2', { id: 'audit-title' }, `审计日志(${d.total})`), form,
    exportLinks('audit-export', '/api/audit', exp),
    d.entries.length ? el('div', { class: 'scroll' }, t)
      : el('div', { class: 'empty', id: 'empty' }, el('p', {}, filtered ? '没有符合这些条件的记录。' : '审计日志还是空的。'),
        filtered ? el('p', {}, el('a', { href: '#/audit' }, '清除条件')) : null),
    pager('audit-pager', page, d.total, PER, at)];
}
