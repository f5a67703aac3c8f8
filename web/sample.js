// SPDX-License-Identifier: MIT
// sample.js - the 第三方评估 role's own page (#/sample): the households of
// its sample (kaohe sample design) for the year chosen, within its bound
// region when it has one — what GET /api/households gives that role —,
// counted by village, paged, each opening its 一户一档 (masked). The role
// sees no region, indicator or problem, so the header keeps only this page.
import { el } from './dom.js';
import { getJSON } from './api.js';
import { listLinks } from './sample_design.js';

// The header's links for the role: only 抽样农户.
export function sampleNav(me) {
  if (!me || !me.may || !me.may.sample_only) return;
  const nav = document.getElementById('nav');
  nav.replaceChildren(el('a', { href: '#/sample', id: 'nav-sample' }, '抽样农户'));
}

export async function samplePage(q) {
  const { years } = await getJSON('/api/years');
  const year = q.get('year') || (years.length ? String(years[years.length - 1]) : '');
  const page = Math.max(1, +(q.get('page') || 1));
  const per = Math.min(200, Math.max(1, +(q.get('per_page') || 50)));
  const qs = new URLSearchParams({ page: String(page), per_page: String(per) });
  if (year) qs.set('year', year);
  const d = await getJSON('/api/households?' + qs);
  // the count by village: every page of the list (200 a request)
  const byVillage = new Map();
  for (let p = 1, seen = 0; seen < d.total; p++) {
    const part = await getJSON(`/api/households?year=${d.year}&per_page=200&page=${p}`);
    if (!part.households.length) break;
    for (const h of part.households) {
      const k = h.village;
      const v = byVillage.get(k) || { name: h.village_name || k, n: 0 };
      v.n++;
      byVillage.set(k, v);
    }
    seen += part.households.length;
  }
  const pick = el('select', { id: 'sample-year' }, ...years.map((y) => {
    const o = el('option', { value: String(y) }, `${y} 年`);
    if (String(y) === String(d.year)) o.selected = true;
    return o;
  }));
  pick.addEventListener('change', () => { location.hash = `#/sample?year=${pick.value}`; });
  const vt = el('table', { id: 'sample-villages' }, el('thead', {}, el('tr', {},
    el('th', {}, '村'), el('th', {}, '行政区划代码'), el('th', {}, '抽中户数'))));
  const vb = el('tbody');
  for (const [code, v] of byVillage) {
    vb.append(el('tr', {}, el('td', {}, v.name), el('td', {}, code), el('td', { class: 'n' }, v.n)));
  }
  vt.append(vb);
  const t = el('table', { id: 'sample-households' }, el('thead', {}, el('tr', {},
    ...['户编号', '村', '户主', '证件号码', '脱贫状态', '人数', '联系电话'].map((h) => el('th', {}, h)))));
  const tb = el('tbody');
  for (const h of d.households) {
    tb.append(el('tr', {},
      el('td', {}, el('a', { href: `#/household/${d.year}/${encodeURIComponent(h.hh_id)}` }, h.hh_id)),
      el('td', {}, h.village_name || h.village), el('td', {}, h.head || ''), el('td', {}, h.head_id || ''),
      el('td', {}, h.status || ''), el('td', { class: 'n' }, h.members), el('td', {}, h.phone || '')));
  }
  t.append(tb);
  const pages = Math.max(1, Math.ceil(d.total / d.per_page));
  const go = (p) => `#/sample?year=${d.year}&per_page=${per}&page=${p}`;
  const pager = el('p', { class: 'pager', id: 'sample-pager' },
    page > 1 ? el('a', { href: go(page - 1) }, '上一页') : null,
    `第 ${page} / ${pages} 页,共 ${d.total} 户`,
    page < pages ? el('a', { href: go(page + 1), id: 'sample-next' }, '下一页') : null);
  return [el('h2', { id: 'sample-title' }, `抽样农户(第三方评估)${d.year} 年`),
    el('p', {}, '年度:', pick),
    el('p', { class: 'muted' }, `本评估机构可查看的是 ${d.year} 年抽样抽中的 ${d.total} 户，证件号码和电话已脱敏显示。`),
    d.total ? el('h3', {}, '最近一次抽样方案的入户调查表') : null, d.total ? listLinks(0) : null,
    el('h3', {}, `按村(${byVillage.size} 个村)`), el('div', { class: 'scroll' }, vt),
    el('h3', {}, '农户名单'), el('div', { class: 'scroll' }, t), pager];
}
