// SPDX-License-Identifier: MIT
// quality.js - 数据质量 (#/quality): the households kaohe review flagged,
// by finding and by region (the regions under the one shown), each figure
// opening the list of those households (GET /api/households?finding=,
// paged, sorted and exported there); and the trend over the stored years'
// imports (each year's registry is one import, reviewed after it). The
// figures are GET /api/indicators' finding.CODE counts; the findings'
// names are the server's labels.
import { el } from './dom.js';
import { getJSON } from './api.js';

const PREFIX = 'finding.';
const short = (label) => label.replace(/的户占比$/, '');

// ctx: show(...nodes), charts, year (the one picked).
export async function qualityPage(q, ctx) {
  const { years } = await getJSON('/api/years');
  const region = q.get('region') || '';
  const year = q.get('year') || ctx.year || (years.length ? String(years[years.length - 1]) : '');
  const title = el('h2', { id: 'quality-title' }, `数据质量 ${year} 年`);
  if (!years.length) {
    ctx.show(title, el('div', { class: 'empty', id: 'empty' }, el('p', {}, '尚未导入任何年度的数据。')));
    return;
  }
  const rq = region ? `&region=${encodeURIComponent(region)}` : '';
  const d = await getJSON(`/api/indicators?year=${year}${rq}`);
  const labels = d.labels || {};
  const codes = Object.keys(labels).filter((k) => k.startsWith(PREFIX));
  const head = d.region;
  const any = (r) => codes.some((k) => r.indicators[k] !== undefined);
  if (!codes.length || !(head ? any(head) : d.regions.some(any))) {
    ctx.show(title, el('div', { class: 'empty', id: 'empty' },
      el('p', {}, `${year} 年的数据尚未运行退出核查(kaohe review),还没有核查发现。`),
      el('p', {}, '导入后运行核查,这里按问题类型和地区列出被标记的户。')));
    return;
  }
  const n = (r, k) => (r.indicators[k] ? r.indicators[k].num : 0);
  const total = (k) => (head ? n(head, k) : d.regions.reduce((s, r) => s + n(r, k), 0));
  const shown = codes.filter((k) => total(k) > 0).sort((a, b) => total(b) - total(a));
  if (!shown.length) {
    ctx.show(title, el('div', { class: 'empty', id: 'empty' }, el('p', {}, `${year} 年的退出核查没有发现问题户。`)));
    return;
  }
  const href = (k, code) => `#/households?year=${year}&finding=${encodeURIComponent(k.slice(PREFIX.length))}` +
    (code ? `&region=${code}` : '');
  // by finding: households flagged, of how many (the indicator's den)
  const byCode = el('table', { id: 'quality-codes' }, el('thead', {}, el('tr', {},
    el('th', {}, '核查发现'), el('th', { class: 'n' }, '户数'))));
  const cb = el('tbody');
  for (const k of shown) {
    cb.append(el('tr', { 'data-code': k.slice(PREFIX.length) }, el('td', {}, el('a', { href: href(k, region) }, short(labels[k]))),
      el('td', { class: 'n' }, total(k).toLocaleString('zh-CN'))));
  }
  byCode.append(cb);
  // by region: one row a region under the one shown, one column a finding
  const byRegion = el('table', { id: 'quality-regions' }, el('thead', {}, el('tr', {}, el('th', {}, '区划'),
    ...shown.map((k) => el('th', { class: 'n' }, short(labels[k]))))));
  const rb = el('tbody');
  for (const r of d.regions) {
    const name = r.level === '村' ? r.name : el('a', { href: `#/quality?region=${r.code}` }, r.name);
    rb.append(el('tr', { 'data-code': r.code }, el('td', {}, name),
      ...shown.map((k) => el('td', { class: 'n' }, n(r, k) ? el('a', { href: href(k, r.code) }, n(r, k).toLocaleString('zh-CN')) : '0'))));
  }
  byRegion.append(rb);
  // the trend: each stored year (one import each), the same findings
  const per = await Promise.all(years.map((y) => getJSON(`/api/indicators?year=${y}&names=${shown.join(',')}${rq}`)));
  const yearTotal = (x, k) => (x.region ? (x.region.indicators[k] || { num: 0 }).num
    : x.regions.reduce((s, r) => s + (r.indicators[k] || { num: 0 }).num, 0));
  const c1 = el('div', { class: 'chart', id: 'chart-quality-codes' });
  const c2 = el('div', { class: 'chart', id: 'chart-quality-trend' });
  ctx.show(title, head ? el('p', { class: 'crumbs' }, el('a', { href: '#/quality' }, '← 从最高一级看'), ` ${head.name}(${head.level})`) : null,
    el('div', { class: 'charts' }, c1, c2),
    el('h3', {}, '按核查发现'), el('div', { class: 'scroll' }, byCode),
    el('h3', {}, '按地区'), el('div', { class: 'scroll' }, byRegion));
  const bars = echarts.init(c1);
  bars.setOption({
    title: { text: `核查发现的户(${year} 年)`, textStyle: { fontSize: 14 } },
    tooltip: {},
    grid: { left: 180, right: 24, bottom: 32 },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', inverse: true, axisLabel: { width: 168, overflow: 'break' }, data: shown.map((k) => short(labels[k])) },
    series: [{ type: 'bar', itemStyle: { color: '#ef6c00' }, data: shown.map(total) }],
  });
  bars.on('click', (p) => { location.hash = href(shown[p.dataIndex], region); });
  const trend = echarts.init(c2);
  trend.setOption({
    title: { text: '历次导入的核查发现(户)', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, type: 'scroll' },
    grid: { left: 56, right: 16, bottom: 56 },
    xAxis: { type: 'category', data: years.map(String) },
    yAxis: { type: 'value' },
    series: shown.slice(0, 8).map((k) => ({ name: short(labels[k]), type: 'line', data: per.map((x) => yearTotal(x, k)) })),
  });
  ctx.charts.push(bars, trend);
}
