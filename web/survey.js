// SPDX-License-Identifier: MIT
// survey.js - 入户调查 for the 第三方评估 role: #/survey lists the
// households its sample drew (GET /api/households, paged), each opening
// #/survey/YEAR/HH, a form of the survey file's columns (GET
// /api/survey/YEAR/HH: their titles, what was saved before and kaohe's
// classification of it). Saving (POST) checks the answers as `kaohe import
// survey` checks a row — a finding shown beside its field — and stores
// them at once, household by household. The choices of 是/否 and 住房安全
// 等级 are the standards' labels (GET /api/enums).
import { el } from './dom.js';
import { api, getJSON, enums } from './api.js';
import { pager } from './pager.js';

const PER = 20;

export async function surveyList(q, year) {
  const page = Math.max(1, +(q.get('page') || 1) || 1);
  const qs = new URLSearchParams({ page: String(page), per_page: String(PER) });
  if (year) qs.set('year', year);
  const d = await getJSON('/api/households?' + qs);
  const t = el('table', { id: 'survey-households' }, el('thead', {}, el('tr', {},
    ...['户编号', '村', '户主', '人数'].map((h) => el('th', {}, h)))));
  const tb = el('tbody');
  for (const h of d.households) {
    tb.append(el('tr', {}, el('td', {}, el('a', { href: `#/survey/${d.year}/${encodeURIComponent(h.hh_id)}` }, h.hh_id)),
      el('td', {}, h.village_name || h.village), el('td', {}, h.head || ''), el('td', { class: 'n' }, h.members)));
  }
  t.append(tb);
  const at = (p) => `#/survey?page=${p}`;
  return [el('h2', { id: 'survey-title' }, `入户调查 ${d.year} 年`),
    el('p', { class: 'muted' }, '逐户录入,每户保存即入库;检查与导入调查结果表相同。'),
    d.households.length ? el('div', { class: 'scroll' }, t)
      : el('div', { class: 'empty', id: 'empty' }, el('p', {}, `${d.year} 年没有抽中的户。`)),
    pager('survey-pager', page, d.total, PER, at, { unit: '户' })];
}

// The labels of the standards' list name (a registry field that uses it).
function labelsOf(e, list) {
  const f = Object.values(e.fields || {}).find((x) => x.list === list);
  return f ? f.labels : [];
}

function resultText(r) {
  if (!r) return '';
  if (r.unknown) return '有条件无法判断(不计入)';
  return (r.fails ? `不达标(${r.reasons})` : '达标') + (r.approves === 0 ? ',有不认可的回答' : '');
}

export async function surveyForm(year, hh) {
  const d = await getJSON(`/api/survey/${encodeURIComponent(year)}/${encodeURIComponent(hh)}`);
  const e = await enums();
  const saved = d.saved || {};
  const form = el('form', { class: 'kv', id: 'survey-form' });
  const inputs = {};
  const notes = {};
  for (const c of d.columns) {
    if (c.key === 'hh_id') continue;
    let input;
    if (c.list) {
      input = el('select', { name: c.key }, el('option', { value: '' }, c.required ? '请选择' : '(未问)'),
        ...labelsOf(e, c.list).map((l) => el('option', { value: l }, l)));
      input.value = saved[c.key] || '';
    } else {
      input = el('input', { name: c.key, value: saved[c.key] || '', type: c.key === 'visited' ? 'date' : 'text',
        inputmode: c.money ? 'decimal' : 'text' });
    }
    inputs[c.key] = input;
    notes[c.column] = el('span', { class: 'field-error' });
    form.append(el('label', {}, c.column + (c.money ? '(元)' : '') + (c.required ? ' *' : '')),
      el('span', {}, input, notes[c.column]));
  }
  const msg = el('p', { id: 'survey-msg', class: 'muted' }, d.saved ? `已保存:${resultText(d.result)}` : '尚未录入。');
  form.append(el('span'), el('button', { type: 'submit' }, '保存本户'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    Object.values(notes).forEach((n) => { n.textContent = ''; });
    const body = Object.fromEntries(Object.entries(inputs).map(([k, i]) => [k, i.value.trim()]));
    try {
      const r = await api('POST', `/api/survey/${encodeURIComponent(year)}/${encodeURIComponent(hh)}`, body);
      msg.className = 'ok';
      msg.textContent = `已保存:${resultText(r.result)}`;
    } catch (x) {
      const f = x.body && x.body.error && x.body.error.findings;
      if (f) for (const g of f) if (notes[g.column]) notes[g.column].textContent = g.message;
      msg.className = 'error';
      msg.textContent = x.message;
    }
  });
  return [el('h2', { id: 'survey-title' }, `入户调查:${hh}(${year} 年)`),
    el('p', { class: 'crumbs' }, el('a', { href: '#/survey' }, '← 抽中的户')), msg, form];
}
