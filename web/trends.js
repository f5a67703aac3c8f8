// SPDX-License-Identifier: MIT
// trends.js - 历年趋势 (#/trends): one indicator over every stored year,
// for the region shown (the user's own, or one chosen below it) and each
// region under it — a line a region and a table of regions by year. The
// figures are GET /api/indicators of each year (the same as the
// dashboard's); the indicator's name is its label from the server.
import { el } from './dom.js';
import { getJSON } from './api.js';
import { filterSelect } from './pager.js';

const MAX_LINES = 12; // the regions drawn as lines; the table has them all

// What an indicator is: a count (den 1), an amount in 元 (a mean or a
// median: its value), or a rate (num/den, shown as a percentage).
const kind = (name, x) => (x && x.den === 1 ? 'count' : /_(mean|median)$/.test(name) ? 'amount' : 'rate');
const value = (name, x) => {
  if (!x) return null;
  const k = kind(name, x);
  if (k === 'count') return x.num;
  if (k === 'amount') return typeof x.value === 'number' ? +x.value.toFixed(2) : null;
  return x.den ? +(100 * x.num / x.den).toFixed(2) : null;
};
const text = (name, x, v) => (v === null ? '—' : kind(name, x) === 'rate' ? `${v}%` : v.toLocaleString('zh-CN'));

// ctx: show(...nodes), charts (the page's charts, disposed by the router).
export async function trendsPage(q, ctx) {
  const { years } = await getJSON('/api/years');
  if (!years.length) {
    ctx.show(el('h2', {}, '历年趋势'), el('div', { class: 'empty', id: 'empty' }, el('p', {}, '尚未导入任何年度的数据。')));
    return;
  }
  const region = q.get('region') || '';
  const per = await Promise.all(years.map((y) => getJSON(`/api/indicators?year=${y}` + (region ? `&region=${encodeURIComponent(region)}` : ''))));
  const last = per[per.length - 1];
  const labels = last.labels || {};
  const names = Object.keys(labels).filter((k) => !k.includes('.cause.')).sort();
  const ind = q.get('ind') && labels[q.get('ind')] ? q.get('ind') : (labels.incidence ? 'incidence' : names[0]);
  // the rows: the region itself, then the regions under it (by code, as
  // the latest year lists them)
  const rows = [];
  if (last.region) rows.push({ code: last.region.code, name: `${last.region.name}(本级)` });
  for (const r of last.regions) rows.push({ code: r.code, name: r.name, level: r.level });
  const fig = (d, code) => {
    const r = d.region && d.region.code === code ? d.region : d.regions.find((x) => x.code === code);
    return r ? r.indicators[ind] : null;
  };
  const form = el('form', { class: 'search', id: 'trend-filter' },
    filterSelect('/trends', q, 'ind', '', names.map((k) => [k, labels[k]])));
  form.addEventListener('submit', (ev) => ev.preventDefault());
  const t = el('table', { id: 'trend-table' }, el('thead', {}, el('tr', {}, el('th', {}, '区划'),
    ...years.map((y) => el('th', { class: 'n' }, `${y} 年`)))));
  const tb = el('tbody');
  for (const r of rows) {
    const link = r.level && r.level !== '村' ? el('a', { href: `#/trends?region=${r.code}&ind=${encodeURIComponent(ind)}` }, r.name) : r.name;
    tb.append(el('tr', { 'data-code': r.code }, el('td', {}, link),
      ...per.map((d) => { const x = fig(d, r.code); return el('td', { class: 'n' }, text(ind, x, value(ind, x))); })));
  }
  t.append(tb);
  const chart = el('div', { class: 'chart', id: 'chart-trend' });
  const crumbs = region ? el('p', { class: 'crumbs' }, el('a', { href: `#/trends?ind=${encodeURIComponent(ind)}` }, '← 从最高一级看')) : null;
  ctx.show(el('h2', { id: 'trend-title' }, `历年趋势:${labels[ind] || ind}` + (last.region ? `(${last.region.name})` : '')),
    crumbs, form, chart, rows.length ? el('div', { class: 'scroll' }, t)
      : el('div', { class: 'empty', id: 'empty' }, el('p', {}, '本级没有下级区划的数据。')));
  const lines = rows.slice(0, MAX_LINES);
  const c = echarts.init(chart);
  c.setOption({
    title: { text: `${labels[ind] || ind}(${years[0]}–${years[years.length - 1]} 年)`, textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, type: 'scroll' },
    grid: { left: 56, right: 16, bottom: 56 },
    xAxis: { type: 'category', data: years.map(String) },
    yAxis: { type: 'value' },
    series: lines.map((r) => ({ name: r.name, type: 'line', connectNulls: true, data: per.map((d) => value(ind, fig(d, r.code))) })),
  });
  ctx.charts.push(c);
}
