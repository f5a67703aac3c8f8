// SPDX-License-Identifier: MIT
// pager.js - what the paged lists share (the problems, the households, the
// board, the audit log): the pager under a list, a select that narrows or
// orders it (its value in the page's hash, the page back to 1), date
// range inputs, and the CSV/XLSX links of the filtered list (the same
// query with format=; the server masks, audits and sends the file).
import { el } from './dom.js';

// "第 P / N 页,共 T 条" with 上一页 / 下一页 links made by href(page) (ids
// prev and next).
export function pager(id, page, total, per, href, { unit = '条', prev = `${id}-prev`, next = `${id}-next` } = {}) {
  const pages = Math.max(1, Math.ceil(total / per));
  return el('p', { class: 'pager', id },
    page > 1 ? el('a', { href: href(page - 1), id: prev }, '上一页') : null,
    `第 ${page} / ${pages} 页,共 ${total} ${unit}`,
    page < pages ? el('a', { href: href(page + 1), id: next }, '下一页') : null);
}

// The hash of path with q changed: key set to value (or removed when
// empty), the page back to the first.
export function hashWith(path, q, key, value) {
  const n = new URLSearchParams(q);
  if (value) n.set(key, value); else n.delete(key);
  n.delete('page');
  return `#${path}` + (n.toString() ? `?${n}` : '');
}

// A select of choices ([value, text] or value) with an "all" first entry,
// showing q's key; choosing one goes to the list narrowed by it.
export function filterSelect(path, q, key, all, choices) {
  const opts = choices.map((c) => (Array.isArray(c) ? c : [String(c), String(c)]));
  const sel = el('select', { name: key, 'aria-label': all },
    all ? el('option', { value: '' }, all) : null,
    ...opts.map(([v, t]) => el('option', { value: v }, t)));
  const cur = q.get(key) || '';
  if (cur && !opts.some(([v]) => v === cur)) sel.append(el('option', { value: cur }, cur));
  sel.value = cur || (all ? '' : opts.length ? opts[0][0] : '');
  sel.addEventListener('change', () => { location.hash = hashWith(path, q, key, sel.value); });
  return sel;
}

// A date input (YYYY-MM-DD) for q's key, labelled.
export function dateInput(path, q, key, label) {
  const d = el('input', { type: 'date', name: key, value: q.get(key) || '', 'aria-label': label });
  d.addEventListener('change', () => { location.hash = hashWith(path, q, key, d.value); });
  return el('label', { class: 'date' }, label, d);
}

// The CSV and XLSX of the list api (its query args, without the page).
export function exportLinks(id, api, args) {
  const a = new URLSearchParams(args);
  a.delete('page');
  a.delete('per_page');
  const href = (f) => { const x = new URLSearchParams(a); x.set('format', f); return `${api}?${x}`; };
  return el('p', { class: 'docs', id },
    '导出筛选结果:',
    el('a', { href: href('csv'), download: '', class: 'download', id: `${id}-csv` }, 'CSV'), ' · ',
    el('a', { href: href('xlsx'), download: '', class: 'download', id: `${id}-xlsx` }, 'XLSX'),
    el('span', { class: 'muted' }, '(证件号码和电话按脱敏规则导出,导出记入审计日志)'));
}
