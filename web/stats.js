// SPDX-License-Identifier: MIT
// stats.js - the rectification board's statistics per 牵头部门 and per
// 责任单位 (GET /api/problems?by=dept|unit with the board's filters, the
// same figures as `kaohe rectify list --by`): how many problems, how many
// 已销号, how many 逾期, and the average days from 发现日期 to 销号.
import { el } from './dom.js';
import { api } from './api.js';

function table(id, what, st) {
  const t = el('table', { id }, el('thead', {}, el('tr', {},
    ...[what, '问题数', '已销号', '逾期', '平均销号天数'].map((h) => el('th', {}, h)))));
  const b = el('tbody');
  const rows = [...st.rows].sort((x, y) => y.count - x.count || x.name.localeCompare(y.name, 'zh-CN'));
  for (const r of rows) {
    const d = r.days_to_close;
    b.append(el('tr', { 'data-name': r.name }, el('td', {}, r.name || '(未定)'), el('td', { class: 'n' }, r.count),
      el('td', { class: 'n' }, r.done), el('td', { class: 'n' }, r.overdue),
      el('td', { class: 'n' }, d && d.n ? (d.sum / d.n).toFixed(1) : '—')));
  }
  t.append(b);
  return t;
}

// The section for the board's filters args (URLSearchParams).
export async function boardStats(args) {
  const get = (by) => {
    const a = new URLSearchParams(args);
    a.set('by', by);
    a.set('per_page', '1');
    return api('GET', '/api/problems?' + a);
  };
  const [dept, unit] = await Promise.all([get('dept'), get('unit')]);
  return el('section', { id: 'board-stats' },
    el('h3', {}, '各牵头部门整改情况'), el('div', { class: 'scroll' }, table('stats-dept', '牵头部门', dept.stats)),
    el('h3', {}, '各责任单位整改情况'), el('div', { class: 'scroll' }, table('stats-unit', '责任单位', unit.stats)));
}
