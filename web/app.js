// SPDX-License-Identifier: MIT
// app.js - kaohe's browser UI: a small hash-routed page over the JSON API
// (docs/http-api.md). Every value from the server is put in the page as
// text (never as HTML). Every request goes through api.js (the session
// cookie, the CSRF token on writes, errors, uploads with progress).
import { el, alignHeads } from './dom.js';
import { api, upload as sendFile, setCsrf, enums, columnLabels } from './api.js';
import { attachEdit } from './edit.js';
import { renderImport } from './import.js';
import { jobPage, follow } from './jobs.js';
import { cardLink, householdDocs, problemDocs } from './docs.js';
import { exitsHref, findingHref, householdArgs, householdFilter } from './drill.js';
import { samplePage, sampleNav } from './sample.js';
import { sampleDesignPage, listLinks } from './sample_design.js';
import { inputsBody } from './inputs.js';
import { pager, filterSelect, dateInput, exportLinks } from './pager.js';
import { auditPage } from './audit.js';
import { trendsPage } from './trends.js';
import { qualityPage } from './quality.js';
import { surveyList, surveyForm } from './survey.js';
import { deptPage, deptRecords } from './dept.js';
import { recheckBadge, recheckCell, recheckSection } from './recheck.js';
import { renderPlanImport } from './plan.js';
import { boardStats } from './stats.js';
import { fundsPage, fundsProject, fundsCheck, fundsFlags } from './funds.js';

const state = { me: null };
const main = () => document.getElementById('main');

function show(...nodes) {
  // (a part a page does not have is null: nothing, not the word)
  main().replaceChildren(...nodes.filter((n) => n !== null && n !== undefined));
  alignHeads(main());
}

function showError(e) {
  if (e.status === 401) { state.me = null; renderLogin(); return; }
  // a record outside the user's scope is answered as one that is not
  // there (404), so that the answer tells nothing of it
  const what = e.status === 403 ? '无权访问'
    : e.status === 404 ? '未找到或无权访问' : '出错了';
  show(el('div', { class: 'error', id: 'error' }, `${what}:${e.message}`));
}

const rate = (x) => (x && x.den ? (100 * x.num / x.den).toFixed(2) + '%' : '—');
const num = (x) => (x ? x.num.toLocaleString('zh-CN') : '—');
const yuan = (fen) => (fen === undefined || fen === null ? '—' : (fen / 100).toFixed(2));

function params(hash) {
  const q = hash.indexOf('?');
  return { path: q < 0 ? hash : hash.slice(0, q), q: new URLSearchParams(q < 0 ? '' : hash.slice(q + 1)) };
}

// ---- login ----

function renderLogin() {
  document.getElementById('nav').hidden = true;
  document.getElementById('logout').hidden = true;
  document.getElementById('who').textContent = '';
  const msg = el('p', { class: 'muted', id: 'login-msg' });
  const user = el('input', { name: 'user', id: 'user', autocomplete: 'username', required: '' });
  const pw = el('input', { name: 'password', id: 'password', type: 'password', autocomplete: 'current-password', required: '' });
  const form = el('form', { class: 'login', id: 'login' },
    el('h2', {}, '登录'),
    el('label', {}, '用户名', user),
    el('label', {}, '密码', pw),
    el('button', { type: 'submit' }, '登录'), msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      state.me = await api('POST', '/api/login', { user: user.value, password: pw.value });
      pw.value = '';
      started();
      await loadContext();
      route();
    } catch (e) {
      msg.textContent = e.message;
      msg.className = 'error';
    }
  });
  show(form);
}

function started() {
  setCsrf(state.me.csrf);
  document.getElementById('nav').hidden = false;
  document.getElementById('logout').hidden = false;
  const m = state.me;
  document.getElementById('who').textContent = `${m.user}(${m.role}${m.region ? ' · ' + m.region : ''})`;
  // the pages of the roles that see regions, and the log for those that
  // may read it
  const nav = document.getElementById('nav');
  nav.querySelectorAll('.nav-more').forEach((a) => a.remove());
  if (!m.may.sample_only && !(m.may.problems && !m.may.households)) {
    nav.append(el('a', { href: '#/trends', class: 'nav-more', id: 'nav-trends' }, '趋势'),
      el('a', { href: '#/quality', class: 'nav-more', id: 'nav-quality' }, '数据质量'));
  }
  if (m.may.audit) nav.append(el('a', { href: '#/audit', class: 'nav-more', id: 'nav-audit' }, '审计日志'));
  if (m.may.sample_design && !m.may.sample_only) nav.append(el('a', { href: '#/sample', class: 'nav-more', id: 'nav-sample-design' }, '抽样'));
  sampleNav(m);
  if (m.may.sample_only) nav.append(el('a', { href: '#/survey', class: 'nav-more', id: 'nav-survey' }, '入户调查'));
}

// The years stored (GET /api/years) into the header's picker, the chosen
// one kept (the latest at first); the user's region by its name and level
// in the header. Run after logging in, before the first page.
async function loadContext() {
  const m = state.me;
  await loadYears();
  if (m.region && !m.may.sample_only) {
    try {
      const { regions } = await api('GET', '/api/regions');
      const r = regions.find((x) => x.code === m.region);
      if (r) document.getElementById('who').textContent = `${m.user}(${m.role} · ${r.name}${r.level ? '(' + r.level + ')' : ''})`;
    } catch (e) { /* the code stays */ }
  }
}

async function loadYears() {
  const m = state.me;
  let years = [];
  try { years = (await api('GET', '/api/years')).years; } catch (e) { years = []; }
  state.years = years;
  if (!years.includes(state.year)) state.year = years.length ? years[years.length - 1] : null;
  const pick = document.getElementById('year-pick');
  pick.replaceChildren(...years.slice().reverse().map((y) => el('option', { value: String(y) }, `${y} 年`)));
  if (state.year) pick.value = String(state.year);
  document.getElementById('year-box').hidden = !years.length || m.may.sample_only;
}

// The year the pages show: the page's own (a link with year=) or the picked.
const yearOf = (q) => (q && q.get('year')) || (state.year ? String(state.year) : '');

// A page's empty state: why there is nothing, and what to do.
function emptyState(why, todo, href) {
  return el('div', { class: 'empty', id: 'empty' }, el('p', {}, why),
    todo ? el('p', {}, href ? el('a', { href }, todo) : todo) : null);
}

// ---- dashboard ----

let charts = [];
function disposeCharts() { charts.forEach((c) => c.dispose()); charts.length = 0; }

function drillHref(r) {
  return r.level === '村' ? `#/households?region=${r.code}` : `#/?region=${r.code}`;
}

async function renderDashboard(q) {
  charts.forEach((c) => c.dispose());
  charts = [];
  const region = q.get('region');
  const year = yearOf(q);
  const mayImport = state.me.may && state.me.may.import;
  await loadYears(); // (an import may have added one)
  if (!state.years || !state.years.length) {
    show(el('h2', { id: 'region-title' }, '概况'),
      emptyState('尚未导入任何年度的建档立卡数据。', '去导入', mayImport ? '#/import' : null));
    return;
  }
  const qa = new URLSearchParams();
  if (year) qa.set('year', year);
  if (region) qa.set('region', region);
  const d = await api('GET', '/api/indicators?' + qa);
  // the problems' counts by status shown (counted by the server)
  let counts = null;
  try { counts = (await api('GET', '/api/problems?per_page=1&counts=1' + (region ? `&region=${encodeURIComponent(region)}` : ''))).counts; } catch (e) { /* some roles see none */ }
  const head = d.region;
  const subs = d.regions;
  if (!head && !subs.length) {
    show(el('h2', { id: 'region-title' }, `全部地区 ${year} 年`),
      emptyState(`尚未导入 ${year} 年数据。`, mayImport ? '去导入' : '请有导入权限的人员导入。', mayImport ? '#/import' : null));
    return;
  }
  // at the top (全部地区) the figures are the sums of the top regions
  const I = head ? head.indicators : sumIndicators(subs);
  const open = counts ? counts['未开始'] + counts['整改中'] + counts['申请销号'] + counts['逾期'] : 0;
  const overdue = counts ? counts['逾期'] : 0;
  const title = el('h2', { id: 'region-title' }, head ? `${head.name}(${head.level})${d.year} 年` : `全部地区 ${d.year} 年`);
  // breadcrumbs: from the top the user sees (全部地区, or its own region)
  // down to the region shown, each a link
  const crumbs = el('p', { class: 'crumbs', id: 'crumbs' });
  if (head) {
    const chain = [];
    let code = head.code === state.me.region ? null : head.parent;
    while (code) {
      const x = (await api('GET', `/api/indicators?region=${encodeURIComponent(code)}&names=households&year=${d.year}`)).region;
      chain.unshift(x);
      code = code === state.me.region ? null : x.parent;
    }
    const trail = [];
    if (state.me.may.all_regions) trail.push(el('a', { href: '#/' }, '全部地区'));
    for (const x of chain) trail.push(el('a', { href: `#/?region=${x.code}` }, x.name));
    trail.push(el('span', {}, head.name));
    trail.forEach((t, i) => { if (i) crumbs.append(' › '); crumbs.append(t); });
    crumbs.append(' · ', el('a', { href: `#/households?region=${head.code}` }, '本区划农户名单'));
  }
  const cards = el('div', { class: 'cards', id: 'cards' },
    card('建档立卡户数', num(I.households)),
    card('建档立卡人数', num(I.persons)),
    card('未脱贫人数(含返贫)', num(I.poor_persons)),
    card('贫困发生率', rate(I.incidence)),
    card('当年脱贫人数 / 计划', `${num(I.exited_persons_year)} / ${num(I.plan_exit)}`),
    card('整改问题(未销号 / 逾期)', `${open} / ${overdue}`));
  const c1 = el('div', { class: 'chart', id: 'chart-incidence' });
  const c2 = el('div', { class: 'chart', id: 'chart-causes' });
  const c3 = el('div', { class: 'chart', id: 'chart-exits' });
  const c4 = el('div', { class: 'chart', id: 'chart-findings' });
  const table = el('table', { id: 'subregions' },
    el('thead', {}, el('tr', {}, el('th', {}, '区划'), el('th', {}, '户数'), el('th', {}, '人数'), el('th', {}, '贫困发生率'))));
  const tb = el('tbody');
  for (const r of subs) {
    tb.append(el('tr', {},
      el('td', {}, el('a', { href: drillHref(r) }, r.name)),
      el('td', { class: 'n' }, num(r.indicators.households)),
      el('td', { class: 'n' }, num(r.indicators.persons)),
      el('td', { class: 'n' }, rate(r.indicators.incidence))));
  }
  table.append(tb);
  // 资金滞留 and 逾期项目 of the region (funds.js), when the year has funds data
  const flagsBox = el('div', { id: 'funds-flags-box' });
  show(title, crumbs, cards, flagsBox, el('div', { class: 'charts' }, c1, c2, c3, c4), el('div', { class: 'scroll' }, table));
  fundsFlags(d.year, region).then((n) => { if (n) flagsBox.replaceChildren(n); });

  const inc = echarts.init(c1);
  inc.setOption({
    title: { text: '各下级区划贫困发生率(%)', textStyle: { fontSize: 14 } },
    tooltip: {},
    grid: { left: 48, right: 16, bottom: 64 },
    xAxis: { type: 'category', data: subs.map((r) => r.name), axisLabel: { rotate: subs.length > 6 ? 40 : 0 } },
    yAxis: { type: 'value' },
    series: [{ type: 'bar', itemStyle: { color: '#c62828' },
      data: subs.map((r) => (r.indicators.incidence && r.indicators.incidence.den ? +(100 * r.indicators.incidence.num / r.indicators.incidence.den).toFixed(3) : 0)) }],
  });
  inc.on('click', (p) => { location.hash = drillHref(subs[p.dataIndex]); });
  const causes = Object.keys(I).filter((k) => k.startsWith('households.cause.'))
    .map((k) => ({ name: k.slice('households.cause.'.length), value: I[k].num })).filter((x) => x.value > 0);
  const pie = echarts.init(c2);
  pie.setOption({
    title: { text: '主要致贫原因(户)', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'item' },
    series: [{ type: 'pie', radius: ['30%', '65%'], data: causes }],
  });
  charts = [inc, pie];

  // 脱贫 by year against the plan: the region's figures of every stored
  // year (or, for all regions, the sum of the top regions)
  const { years } = await api('GET', '/api/years');
  const per = await Promise.all(years.map((y) => api('GET', `/api/indicators?year=${y}&names=exited_persons_year,plan_exit`
    + (region ? `&region=${encodeURIComponent(region)}` : ''))));
  const fig = (x, k) => (x.region ? (x.region.indicators[k] || { num: 0 }).num
    : x.regions.reduce((s, r) => s + (r.indicators[k] || { num: 0 }).num, 0));
  const ex = echarts.init(c3);
  ex.setOption({
    title: { text: '各年度脱贫人数与计划(人)', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 56, right: 16, bottom: 56 },
    xAxis: { type: 'category', data: years.map(String) },
    yAxis: { type: 'value' },
    series: [
      { name: '当年脱贫人数', type: 'bar', itemStyle: { color: '#2e7d32' }, data: per.map((x) => fig(x, 'exited_persons_year')) },
      { name: '计划减贫人数', type: 'bar', itemStyle: { color: '#9e9e9e' }, data: per.map((x) => fig(x, 'plan_exit')) },
    ],
  });
  // households with each review finding (kaohe review), by kind
  const fk = Object.keys(I).filter((k) => k.startsWith('finding.') && I[k].num > 0).sort((a, b) => I[b].num - I[a].num);
  const fc = echarts.init(c4);
  fc.setOption({
    title: { text: fk.length || Object.keys(I).some((k) => k.startsWith('finding.')) ? '核查发现的户(按类型)' : '核查发现的户（尚未运行退出核查）',
      textStyle: { fontSize: 14 } },
    tooltip: {},
    grid: { left: 180, right: 24, bottom: 32 },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', inverse: true, axisLabel: { width: 168, overflow: 'break' }, data: fk.map((k) => (d.labels && d.labels[k] ? d.labels[k].replace(/的户占比$/, '') : k)) },
    series: [{ type: 'bar', itemStyle: { color: '#ef6c00' }, data: fk.map((k) => I[k].num) }],
  });
  ex.on('click', (p) => { location.hash = exitsHref(years[p.dataIndex], region); });
  fc.on('click', (p) => { location.hash = findingHref(fk[p.dataIndex].slice('finding.'.length), d.year, region); });
  charts.push(ex, fc);
}

// The regions' indicators added up (every one shown at the top is a count
// or a ratio of counts of disjoint regions).
function sumIndicators(regions) {
  const out = {};
  for (const r of regions) {
    for (const [k, v] of Object.entries(r.indicators)) {
      if (!v || typeof v.num !== 'number') continue;
      const o = out[k] || (out[k] = { num: 0, den: 0 });
      o.num += v.num;
      o.den += typeof v.den === 'number' ? v.den : 0;
    }
  }
  return out;
}

function card(k, v) {
  return el('div', { class: 'card' }, el('div', { class: 'v' }, v), el('div', { class: 'k' }, k));
}

// ---- households ----

// The household list's orders (GET /api/households sort=, order=).
const HH_SORTS = [['', '按村排列'], ['income_pc', '人均纯收入从低到高'], ['income_pc:desc', '人均纯收入从高到低'], ['village:desc', '按村倒序']];

async function renderHouseholds(q) {
  const page = Math.max(1, +(q.get('page') || 1) || 1);
  const region = q.get('region') || '';
  const text = q.get('q') || '';
  const qs = new URLSearchParams({ page: String(page), per_page: '20' });
  if (yearOf(q)) qs.set('year', yearOf(q));
  if (region) qs.set('region', region);
  if (text) qs.set('q', text);
  if (q.get('status')) qs.set('status', q.get('status'));
  if (q.get('sort')) {
    const [k, o] = q.get('sort').split(':');
    qs.set('sort', k);
    if (o) qs.set('order', o);
  }
  const d = await api('GET', '/api/households?' + householdArgs(q, qs));
  let statuses = [];
  // the registry's column titles (GET /api/enums), the page's words for the rest
  let L = {};
  try {
    const e = await enums();
    statuses = e.fields.status.labels;
    L = columnLabels(e.columns);
  } catch (e) { /* no select then, the words below stand in */ }
  const input = el('input', { id: 'q', placeholder: '姓名、证件号码或户编号', value: text });
  const form = el('form', { class: 'search', id: 'search' }, input, el('button', { type: 'submit' }, '查询'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const n = new URLSearchParams();
    if (region) n.set('region', region);
    if (input.value.trim()) n.set('q', input.value.trim());
    location.hash = '#/households?' + n;
  });
  const t = el('table', { id: 'households' }, el('thead', {}, el('tr', {},
    ...[L.hh_id || '户编号', '村', '户主', L.id_no || '证件号码', '脱贫状态', '人数', L.income_pc || '人均纯收入(元)', L.phone || '联系电话']
      .map((h) => el('th', {}, h)))));
  const tb = el('tbody');
  for (const h of d.households) {
    tb.append(el('tr', {},
      el('td', {}, el('a', { href: `#/household/${d.year}/${h.hh_id}` }, h.hh_id)),
      el('td', {}, h.village_name || h.village), el('td', {}, h.head || ''),
      el('td', {}, h.head_id || ''), el('td', {}, h.status || ''),
      el('td', { class: 'n' }, h.members), el('td', { class: 'n' }, yuan(h.income_pc_fen)),
      el('td', {}, h.phone || '')));
  }
  t.append(tb);
  const go = (p) => { const n = new URLSearchParams(q); n.set('page', String(p)); return '#/households?' + n; };
  const filters = el('form', { class: 'search', id: 'household-filter' },
    statuses.length ? filterSelect('/households', q, 'status', '全部脱贫状态', statuses) : null,
    filterSelect('/households', q, 'sort', '', HH_SORTS));
  filters.addEventListener('submit', (ev) => ev.preventDefault());
  show(el('h2', { id: 'households-title' }, `${d.year} 年建档立卡户` + (region ? `(${region})` : '') + householdFilter(d)), form, filters,
    householdDocs(region, d.year), exportLinks('household-export', '/api/households', qs),
    el('p', { class: 'muted' }, '证件号码和电话已脱敏显示。'),
    d.households.length ? el('div', { class: 'scroll' }, t)
      : emptyState('没有符合这些条件的户。', '清除条件', '#/households' + (region ? `?region=${region}` : '')),
    pager('pager', page, d.total, d.per_page, go, { unit: '户', prev: 'prev', next: 'next' }));
}

// The household's fields shown, in this order; their labels are the
// registry's column titles (GET /api/enums, api.js), 村 the village's name.
const HH_KEYS = ['hh_id', 'village_name', 'village', 'hh_type', 'cause', 'status', 'year_in', 'year_out',
  'members', 'income_pc', 'inc_wage', 'inc_business', 'inc_property', 'inc_transfer', 'inc_dibao',
  'inc_tekun', 'exp_business', 'med_oop', 'housing', 'water_safe', 'relocated', 'reloc_self',
  'helper', 'helper_id', 'last_visit', 'measures', 'phone'];
const HH_EXTRA = { village_name: '村', members: '家庭人口' };
const MONEY = new Set(['income_pc', 'inc_wage', 'inc_business', 'inc_property', 'inc_transfer', 'inc_dibao', 'inc_tekun', 'exp_business', 'med_oop', 'reloc_self']);
const MEMBER_COLS = [['name', '姓名'], ['id_no', '证件号码'], ['sex', '性别'], ['relation', '与户主关系'], ['ethnicity', '民族'],
  ['education', '文化程度'], ['schooling', '在校生状况'], ['health', '健康状况'], ['labour', '劳动技能'], ['work', '务工状况']];

// The household's stored exit review (kaohe review; brought up to date by
// an edit): its findings, or why there are none.
function reviewFindings(rv) {
  const box = el('div', { id: 'review' }, el('h3', {}, '退出核查发现'));
  if (!rv) box.append(el('p', { class: 'muted' }, '该年度尚未运行退出核查。'));
  else if (!rv.findings.length) box.append(el('p', { class: 'muted' }, '无。'));
  else box.append(el('ul', {}, ...rv.findings.map((f) => el('li', {}, `${f.name}:${f.message}`))));
  return box;
}

async function renderHousehold(year, hh, unmask) {
  const d = await api('GET', `/api/households/${encodeURIComponent(year)}/${encodeURIComponent(hh)}` + (unmask ? '?unmask=1' : ''));
  const dl = el('dl', { class: 'kv', id: 'household' });
  let labels = {};
  try { labels = columnLabels((await enums()).columns); } catch (e) { /* the keys stand in */ }
  for (const k of HH_KEYS) {
    if (!(k in d.household)) continue;
    const label = HH_EXTRA[k] || labels[k] || k;
    const v = d.household[k];
    dl.append(el('dt', {}, label), el('dd', {}, MONEY.has(k) ? yuan(v) : (k === 'water_safe' || k === 'relocated') ? (v ? '是' : '否') : v));
  }
  const t = el('table', { id: 'members' }, el('thead', {}, el('tr', {}, ...MEMBER_COLS.map(([, l]) => el('th', {}, l)))));
  const tb = el('tbody');
  for (const m of d.members) tb.append(el('tr', {}, ...MEMBER_COLS.map(([k]) => el('td', {}, m[k] === undefined ? '' : m[k]))));
  t.append(tb);
  let reveal = null;
  if (d.masked && state.me.may.unmask) {
    reveal = el('button', { type: 'button', id: 'unmask' }, '显示完整证件号码和电话(记入审计日志)');
    reveal.addEventListener('click', () => renderHousehold(year, hh, true).catch(showError));
  }
  show(el('h2', {}, `一户一档:${d.household.hh_id}(${d.year} 年)`),
    el('p', { class: 'crumbs' }, el('a', { href: `#/households?region=${d.household.village}` }, '← 本村农户'),
      state.me.may.sample_only ? null : cardLink(d.household.village, d.year)),
    el('p', { class: 'muted', id: 'masked' }, d.masked ? '证件号码和电话已脱敏显示。' : '完整证件号码和电话(本次查看已记入审计日志)。', reveal),
    dl, el('h3', {}, `家庭成员(${d.members.length} 人)`), el('div', { class: 'scroll' }, t),
    reviewFindings(d.review));
  if (!state.me.may.sample_only) main().append(await deptRecords(year, hh, d.members));
  await attachEdit({ api, el, d, year, hh, enums, columnLabels, rerender: () => renderHousehold(year, hh, unmask) });
}

// ---- problems ----

// The problem list: one page of 20 from the server (GET /api/problems with
// page, per_page), narrowed by selects — status (逾期 among them), year,
// category, source, 牵头部门/责任单位 — whose choices are the values of the
// problems the user sees (facets=1); the downloads take the same filters.
const PROBLEM_FILTERS = [['status', '全部状态'], ['year', '全部年度'], ['category', '全部类别'],
  ['source', '全部来源'], ['dept', '全部部门']];
// the other arguments of the list: whether 逾期, the date ranges, the order
const PROBLEM_ARGS = ['overdue', 'rebound', 'found_from', 'found_to', 'deadline_from', 'deadline_to', 'sort'];
const PROBLEM_SORTS = [['', '按区划'], ['id:desc', '最新登记在前'], ['deadline', '整改时限从早到晚'],
  ['found_on:desc', '发现日期从近到远'], ['category', '按问题类别'], ['status', '按状态']];

// The API's query of the problem list from the page's.
function problemArgs(q, args) {
  for (const [k] of PROBLEM_FILTERS) if (q.get(k)) args.set(k, q.get(k));
  for (const k of PROBLEM_ARGS) {
    if (!q.get(k)) continue;
    if (k !== 'sort') { args.set(k, q.get(k)); continue; }
    const [key, o] = q.get(k).split(':');
    args.set('sort', key);
    if (o) args.set('order', o);
  }
  return args;
}
const PER_PAGE = 20;

async function renderProblems(q) {
  const page = Math.max(1, +(q.get('page') || 1) || 1);
  const args = problemArgs(q, new URLSearchParams({ page: String(page), per_page: String(PER_PAGE) }));
  const d = await api('GET', '/api/problems?' + args);
  // the choices: every value of the user's problems (not only the filtered)
  const { facets } = await api('GET', '/api/problems?per_page=1&facets=1');
  const choices = { ...facets, status: BOARD };
  const form = el('form', { class: 'search', id: 'problem-filter' },
    ...PROBLEM_FILTERS.map(([k, all]) => filterSelect('/problems', q, k, all, choices[k] || [])),
    filterSelect('/problems', q, 'overdue', '逾期与否', [['1', '仅逾期'], ['0', '未逾期']]),
    filterSelect('/problems', q, 'rebound', '全部复核情况', [['1', '仅反弹(已销号后复核未达标)']]),
    filterSelect('/problems', q, 'sort', '', PROBLEM_SORTS),
    dateInput('/problems', q, 'found_from', '发现日期从'), dateInput('/problems', q, 'found_to', '至'),
    dateInput('/problems', q, 'deadline_from', '整改时限从'), dateInput('/problems', q, 'deadline_to', '至'));
  form.addEventListener('submit', (ev) => ev.preventDefault());
  const t = el('table', { id: 'problems' }, el('thead', {}, el('tr', {},
    ...['编号', '区划', '类别', '问题', '牵头部门', '整改时限', '状态', '最近复核'].map((h, i) => el('th', i === 0 ? { class: 'n' } : {}, h)))));
  const tb = el('tbody');
  for (const p of d.problems) {
    tb.append(el('tr', {},
      el('td', { class: 'n' }, el('a', { href: `#/problem/${p.id}` }, p.id)), el('td', {}, p.region_name || p.region), el('td', {}, p.category),
      el('td', {}, p.text), el('td', {}, p.lead_dept || ''), el('td', {}, p.long_term ? '长期坚持' : (p.deadline || '')),
      el('td', { class: p.overdue ? 'overdue' : '' }, p.status),
      el('td', { class: p.rebound ? 'overdue' : '', 'data-recheck': p.rebound ? 'rebound' : '' }, recheckCell(p))));
  }
  t.append(tb);
  const at = (p) => { const n = new URLSearchParams(q); n.set('page', String(p)); return `#/problems?${n}`; };
  const filtered = PROBLEM_FILTERS.some(([k]) => q.get(k)) || PROBLEM_ARGS.some((k) => k !== 'sort' && q.get(k));
  show(el('h2', { id: 'problems-title' }, `问题清单(${d.total})`),
    el('p', {}, el('a', { href: '#/board' }, '整改看板'),
      state.me.may.rectify ? ' · ' : null, state.me.may.rectify ? el('a', { href: '#/plan-import', id: 'plan-link' }, '导入整改清单') : null), form, problemDocs(q),
    exportLinks('problem-export', '/api/problems', args),
    d.total ? el('div', { class: 'scroll' }, t)
      : emptyState(filtered ? '没有符合这些条件的问题。' : '你的范围内还没有整改问题。',
        filtered ? '清除条件' : null, filtered ? '#/problems' : null),
    pager('problem-pager', page, d.total, PER_PAGE, at, { prev: 'problem-prev', next: 'problem-next' }));
}

// The rectification board: the problems by the status shown today, one
// column each (its first 12 from the server, the rest a link to the list
// of that status), with filters (year, category, source); overdue ones
// have their own column and are highlighted.
const BOARD = ['未开始', '整改中', '申请销号', '逾期', '已销号'];
const BOARD_FILTERS = ['year', 'category', 'source', 'dept'];
const LANE = 12; // the cards a column shows; the rest in the list

async function renderBoard(q) {
  const args = new URLSearchParams();
  for (const k of BOARD_FILTERS) if (q.get(k)) args.set(k, q.get(k));
  // each column its first LANE cards from the server, and its total
  const lanes = await Promise.all(BOARD.map((st) => {
    const a = new URLSearchParams(args);
    a.set('status', st);
    a.set('per_page', String(LANE));
    return api('GET', '/api/problems?' + a);
  }));
  // the choices: every value of the user's problems (facets=1)
  const { facets } = await api('GET', '/api/problems?per_page=1&facets=1');
  const f = el('form', { class: 'search', id: 'board-filter' },
    filterSelect('/board', q, 'year', '全部年度', facets.year),
    filterSelect('/board', q, 'category', '全部类别', facets.category),
    filterSelect('/board', q, 'source', '全部来源', facets.source),
    filterSelect('/board', q, 'dept', '全部部门', facets.dept));
  f.addEventListener('submit', (ev) => ev.preventDefault());
  const cols = el('div', { class: 'board', id: 'board' });
  let total = 0;
  BOARD.forEach((st, i) => {
    const ps = lanes[i].problems;
    total += lanes[i].total;
    const col = el('section', { class: 'lane' + (st === '逾期' ? ' late' : ''), 'data-status': st },
      el('h3', {}, `${st}(${lanes[i].total})`));
    for (const p of ps) {
      col.append(el('a', { class: 'ticket' + (p.overdue ? ' overdue' : ''), href: `#/problem/${p.id}`, 'data-id': String(p.id) },
        el('div', {}, `#${p.id} ${p.region_name || p.region}`),
        el('div', { class: 'muted' }, p.category),
        el('div', {}, p.text),
        el('div', { class: 'muted' }, p.long_term ? '长期坚持' : (p.deadline ? `时限 ${p.deadline}` : '未定时限')),
        recheckBadge(p)));
    }
    if (lanes[i].total > ps.length) {
      const more = new URLSearchParams(args);
      more.set('status', st);
      col.append(el('a', { class: 'more', href: `#/problems?${more}` }, `还有 ${lanes[i].total - ps.length} 条,在列表中查看`));
    }
    cols.append(col);
  });
  show(el('h2', {}, `整改看板(${total})`), f,
    el('p', {}, el('a', { href: '#/problems' }, '列表')), problemDocs(q), cols, await boardStats(args));
}

async function act(id, action, body, msg) {
  try {
    const res = await api('POST', `/api/problems/${id}/${action}`, body);
    // a plan's warnings (saved all the same): said after 已保存
    const w = (res && res.warnings) || [];
    await renderProblem(id, w.length ? `已保存。请注意:${w.map((x) => x.message).join(';')}` : '已保存');
  } catch (e) {
    if (e.status === 401) { showError(e); return; }
    msg.textContent = e.message;
    msg.className = 'error';
  }
}

async function upload(id, file, msg) {
  try {
    await sendFile(`/api/problems/${id}/evidence?name=${encodeURIComponent(file.name)}`, file,
      (p) => { msg.className = 'muted'; msg.textContent = `正在上传 ${p}%`; });
  } catch (e) {
    if (e.status === 401) { showError(e); return; }
    msg.textContent = e.message;
    msg.className = 'error';
    return;
  }
  await renderProblem(id, '佐证材料已上传');
}

function noteForm(id, label, action, required, msg) {
  const note = el('input', { name: 'note', placeholder: required ? '说明(必填)' : '说明' });
  const f = el('form', { class: 'search', id: `form-${action}` }, note, el('button', { type: 'submit' }, label));
  f.addEventListener('submit', (ev) => { ev.preventDefault(); act(id, action, { note: note.value }, msg); });
  return f;
}

async function renderProblem(id, done) {
  const { problem: p } = await api('GET', `/api/problems/${id}`);
  const may = state.me.may;
  const msg = el('p', { id: 'action-msg', class: 'muted' }, done || '');
  const dl = el('dl', { class: 'kv', id: 'problem' });
  const rows = [['区划', p.region_name || p.region], ['来源', p.source], ['类别', p.category], ['问题', p.text],
    ['整改措施', p.measures], ['牵头部门', p.lead_dept], ['责任单位', p.units], ['责任人', p.person],
    ['整改时限', p.long_term ? '长期坚持' : p.deadline], ['最新进展', p.progress], ['佐证材料', `${p.evidence} 份`],
    ['申请销号人', p.requested_by]];
  for (const [k, v] of rows) dl.append(el('dt', {}, k), el('dd', {}, v || '—'));
  const status = el('p', {}, '状态:', el('strong', { id: 'status', class: p.overdue ? 'overdue' : '' }, p.status));
  const forms = el('div', { id: 'actions' });
  if (p.status === '已销号') {
    if (may.verify) forms.append(el('h3', {}, '重新打开'), noteForm(id, '重新打开', 'reopen', true, msg));
  } else if (p.status === '申请销号') {
    if (may.verify) {
      forms.append(el('h3', {}, '销号核验(须由申请人以外的人)'), noteForm(id, '核验销号', 'verify', false, msg),
        noteForm(id, '退回', 'reject', true, msg));
    }
  } else if (may.rectify) {
    const f = {};
    const plan = el('form', { id: 'form-plan', class: 'kv' });
    for (const [k, l] of [['measures', '整改措施'], ['lead_dept', '牵头部门'], ['units', '责任单位(用“、”分隔)'],
      ['deadline', '整改时限（年-月-日，如 2020-06-30，或“长期坚持”）'], ['person', '责任人']]) {
      f[k] = el('input', { name: k });
      plan.append(el('label', {}, l), f[k]);
    }
    plan.append(el('span'), el('button', { type: 'submit' }, '保存整改方案'));
    plan.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const body = {};
      for (const k of ['measures', 'lead_dept', 'deadline', 'person']) if (f[k].value.trim()) body[k] = f[k].value.trim();
      if (f.units.value.trim()) body.units = f.units.value.split('、').map((x) => x.trim()).filter((x) => x);
      act(id, 'plan', body, msg);
    });
    const file = el('input', { type: 'file', id: 'evidence-file' });
    const up = el('form', { class: 'search', id: 'form-evidence' }, file, el('button', { type: 'submit' }, '上传佐证材料'));
    up.addEventListener('submit', (ev) => { ev.preventDefault(); if (file.files[0]) upload(id, file.files[0], msg); });
    forms.append(el('h3', {}, '整改方案'), plan, el('h3', {}, '报进展'), noteForm(id, '报进展', 'progress', true, msg),
      el('h3', {}, '佐证材料'), up, el('h3', {}, '申请销号'), noteForm(id, '申请销号', 'request', false, msg));
  }
  const hist = el('table', { id: 'history' }, el('thead', {}, el('tr', {}, ...['时间', '人员', '操作', '状态', '说明'].map((h) => el('th', {}, h)))));
  const hb = el('tbody');
  const ACTION = { add: '登记', plan: '整改方案', progress: '报进展', evidence: '佐证材料', request: '申请销号',
    verify: '销号', reject: '退回', reopen: '重新打开' };
  for (const e of p.history) {
    hb.append(el('tr', {}, el('td', {}, e.at), el('td', {}, e.who), el('td', {}, ACTION[e.action] || e.action),
      el('td', {}, e.from ? `${e.from} → ${e.to}` : e.to), el('td', {}, e.note || '')));
  }
  hist.append(hb);
  const ev = el('ul', { id: 'evidence' });
  for (const f of p.evidence_files) {
    ev.append(el('li', {}, el('a', { href: `/api/problems/${p.id}/evidence/${f.id}`, download: f.name }, f.name),
      `(${f.size} 字节,SHA-256 ${f.sha256.slice(0, 16)}…,${f.who})`));
  }
  const rechecks = recheckSection(p, may.rectify, (note) => act(id, 'request', { note }, msg));
  // the households behind a generated problem, as found in its year
  const hhs = [];
  if (p.households_total) {
    const ht = el('table', { id: 'problem-households' }, el('thead', {}, el('tr', {}, el('th', {}, '户编号'), el('th', {}, '村'))));
    const hb2 = el('tbody');
    for (const h of p.households) {
      hb2.append(el('tr', {}, el('td', {}, state.me.may.households
        ? el('a', { href: `#/household/${p.year}/${encodeURIComponent(h.hh_id)}` }, h.hh_id) : h.hh_id), el('td', {}, h.village)));
    }
    ht.append(hb2);
    hhs.push(el('h3', {}, `问题户(${p.year} 年数据,生成问题时记录,共 ${p.households_total} 户` +
      (p.households_total > p.households.length ? `,列出前 ${p.households.length} 户` : '') + ')'),
    el('div', { class: 'scroll' }, ht));
  }
  show(el('h2', {}, `问题 ${p.id}`), el('p', { class: 'crumbs' }, el('a', { href: '#/problems' }, '← 问题清单')),
    status, msg, ...rechecks.offer, dl, forms, ...rechecks.runs, ...hhs, el('h3', {}, '佐证材料'), ev,
    el('h3', {}, '历史'), el('div', { class: 'scroll' }, hist));
}

// ---- assessments (综合评价) ----

const runPath = (r) => `/api/assessments/${encodeURIComponent(r.scheme)}/${r.year}/${encodeURIComponent(r.level)}`;
const runHash = (r, v) => `#/assess?scheme=${encodeURIComponent(r.scheme)}&year=${r.year}&level=${encodeURIComponent(r.level)}` + (v ? `&version=${v}` : '');

async function renderAssess(q) {
  charts.forEach((c) => c.dispose());
  charts = [];
  const { runs } = await api('GET', '/api/assessments');
  const list = el('table', { id: 'runs' }, el('thead', {}, el('tr', {},
    ...['方案', '年度', '级别', '版本', '时间', '区划数', '录入表'].map((h) => el('th', {}, h)))));
  const lb = el('tbody');
  for (const r of runs) {
    lb.append(el('tr', {}, el('td', {}, el('a', { href: runHash(r, r.version) }, r.title || r.scheme)), el('td', {}, r.year),
      el('td', {}, r.level), el('td', { class: 'n' }, r.version), el('td', {}, r.run_at),
      el('td', { class: 'n' }, r.regions), el('td', {}, r.inputs || '')));
  }
  list.append(lb);
  const nodes = [el('h2', {}, '综合评价')];
  const scheme = q.get('scheme') || (runs[0] && runs[0].scheme);
  if (!scheme) {
    nodes.push(el('p', { class: 'muted' }, '还没有考核结果。'));
    show(...nodes);
    return;
  }
  const cur = q.get('scheme') ? { scheme, year: q.get('year'), level: q.get('level') } : runs[0];
  const ver = q.get('version') || (q.get('scheme') ? '' : String(runs[0].version));
  const d = await api('GET', runPath(cur) + (ver ? `?version=${encodeURIComponent(ver)}` : ''));
  nodes.push(el('h3', { id: 'run-title' }, `${d.title || d.scheme}：${d.year}年度${d.level}级考核结果（第 ${d.version} 版）`));
  if (state.me.may.all_regions) {
    const tb = `/api/reports/tongbao?scheme=${encodeURIComponent(d.scheme)}&year=${d.year}&level=${encodeURIComponent(d.level)}&version=${d.version}`;
    nodes.push(el('p', {}, el('a', { href: tb, id: 'download-tongbao', download: '' }, '下载考核通报(PDF)')));
  }
  const top = d.regions.length ? d.regions[0].items.map((it, i) => [it, i]).filter(([it]) => !it.path.includes('/')) : [];
  const rank = el('table', { id: 'ranking' }, el('thead', {}, el('tr', {},
    ...['排名', '区划', '总分', '等次', ...top.map(([it]) => it.path), '否决'].map((h) => el('th', {}, h)))));
  const rb = el('tbody');
  for (const g of d.regions) {
    rb.append(el('tr', {}, el('td', { class: 'n' }, g.rank),
      el('td', {}, el('a', { href: runHash(cur, d.version) + `&region=${g.code}` }, g.name)),
      el('td', { class: 'n' }, g.total), el('td', {}, g.grade),
      ...top.map(([, i]) => el('td', { class: 'n' }, g.items[i].points)),
      el('td', {}, g.vetoes.map((v) => `${v.label}（${v.consequence_zh}）`).join('；'))));
  }
  rank.append(rb);
  const chart = el('div', { class: 'chart', id: 'chart-ranking' });
  // a run of a level none of whose regions the user sees (a county user
  // and a run of the cities): say so instead of an empty table
  if (d.regions.length) nodes.push(el('div', { class: 'scroll' }, rank), chart);
  else nodes.push(emptyState('本级没有参加考核的地区。',
    `这次考核评的是${d.level}级区划,你的范围内没有${d.level}级区划参加;请选择下方历次考核中你所在级别的一次。`));
  const region = q.get('region');
  if (region) nodes.push(await explainView(cur, d.version, region));
  if (state.me.may.assess) nodes.push(inputsForm(cur));
  nodes.push(el('h3', {}, '历次考核'), el('div', { class: 'scroll' }, list));
  show(...nodes);
  if (!d.regions.length) return;
  const bar = echarts.init(chart);
  bar.setOption({
    title: { text: '总分', textStyle: { fontSize: 14 } },
    tooltip: {},
    grid: { left: 48, right: 16, bottom: 48 },
    xAxis: { type: 'category', data: d.regions.map((g) => g.name) },
    yAxis: { type: 'value' },
    series: [{ type: 'bar', itemStyle: { color: '#c62828' }, data: d.regions.map((g) => g.total) }],
  });
  bar.on('click', (p) => { location.hash = runHash(cur, d.version) + `&region=${d.regions[p.dataIndex].code}`; });
  charts = [bar];
}

async function explainView(run, version, code) {
  const x = await api('GET', `${runPath(run)}/${encodeURIComponent(code)}?version=${version}`);
  const box = el('section', { id: 'explain' }, el('h3', {}, `${x.name}(${x.code}):总分 ${x.total},排名 ${x.rank},等次 ${x.grade}`
    + (x.grade !== x.grade_before_vetoes ? `(否决前 ${x.grade_before_vetoes})` : '')));
  for (const v of x.vetoes) box.append(el('p', { class: 'overdue' }, `否决：${v.label}。${v.condition}。处理：${v.consequence_zh}`));
  const t = el('table', { id: 'explain-items' }, el('thead', {}, el('tr', {},
    ...['项目', '得分', '满分', '取值', '规则', '下级'].map((h) => el('th', {}, h)))));
  const tb = el('tbody');
  const hhBox = el('div', { id: 'explain-households' });
  for (const it of x.items) {
    // what the item reads and its value in words (a sum of sub-items: that)
    const val = it.source === 'sum' ? it.source_zh : `${it.source_zh}：${it.value_zh}`;
    const valCell = el('td', {}, val);
    if (it.num !== undefined) {
      const b = el('button', { type: 'button', class: 'hh-button', 'data-item': it.path }, '户');
      b.addEventListener('click', () => showHouseholds(run, version, x, it.path, hhBox));
      valCell.append(' ', b);
    }
    tb.append(el('tr', {}, el('td', {}, it.path), el('td', { class: 'n' }, it.points), el('td', { class: 'n' }, it.max),
      valCell, el('td', {}, it.rule_zh), el('td', {}, it.detail || '')));
  }
  t.append(tb);
  const inp = el('table', { id: 'explain-inputs' }, el('thead', {}, el('tr', {},
    ...['录入项', '值', '环节', '日期', '来源'].map((h) => el('th', {}, h)))));
  const ib = el('tbody');
  for (const i of x.inputs) ib.append(el('tr', {}, el('td', {}, i.label), el('td', {}, i.value_zh), el('td', {}, i.step), el('td', {}, i.date_zh), el('td', {}, i.file_zh)));
  inp.append(ib);
  box.append(el('div', { class: 'scroll' }, t), hhBox, el('h3', {}, '数据来源'), el('div', { class: 'scroll' }, inp));
  return box;
}

// The households adding to an indicator item's numerator, each opening its
// 一户一档.
async function showHouseholds(run, version, x, item, box) {
  try {
    const d = await api('GET', `${runPath(run)}/${x.code}/households?item=${encodeURIComponent(item)}&version=${version}&limit=200`);
    const t = el('table', { id: 'item-households' }, el('thead', {}, el('tr', {},
      ...['户编号', '村', '分子', '分母'].map((h) => el('th', {}, h)))));
    const tb = el('tbody');
    for (const h of d.households) {
      tb.append(el('tr', {}, el('td', {}, el('a', { href: `#/household/${x.year}/${encodeURIComponent(h.hh_id)}` }, h.hh_id)),
        el('td', {}, h.village), el('td', { class: 'n' }, h.num), el('td', { class: 'n' }, h.den)));
    }
    t.append(tb);
    box.replaceChildren(el('h3', {}, `${item}:计入分子的户(${d.total}${d.total > d.households.length ? `,显示前 ${d.households.length}` : ''})`),
      el('div', { class: 'scroll' }, t));
  } catch (e) {
    if (e.status === 401) { showError(e); return; }
    box.replaceChildren(el('div', { class: 'error' }, e.message));
  }
}

function inputsForm(run) {
  const file = el('input', { type: 'file', name: 'inputs', id: 'inputs-file', accept: '.csv,.xlsx,.xls', multiple: '' });
  const msg = el('div', { id: 'inputs-msg' });
  const bar = el('progress', { id: 'inputs-progress', max: '100', value: '0', style: 'width: 100%; max-width: 480px' });
  const label = el('span', { id: 'inputs-percent' }, '');
  const f = el('form', { class: 'search', id: 'inputs-form' }, file, el('button', { type: 'submit' }, '上传录入表并计分'));
  // a refusal's reason, and where in which file
  const refused = (e, text) => {
    const where = e && e.file ? `(${e.file}${e.row ? ` 第 ${e.row} 行` : ''}${e.column ? ` “${e.column}”列` : ''})` : '';
    msg.textContent = text + where;
    msg.className = 'error';
  };
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!file.files.length) { msg.textContent = '请选择录入表文件'; msg.className = 'error'; return; }
    const fl = file.files[0];
    // several files: one multipart request, merged by the server as the
    // command line merges its --inputs; scored as a job of the server's
    // queue (job=1), followed to its result
    let job;
    try {
      const d = await sendFile(file.files.length > 1 ? `${runPath(run)}/run?job=1` : `${runPath(run)}/run?name=${encodeURIComponent(fl.name)}&job=1`,
        file.files.length > 1 ? inputsBody(file.files) : fl,
        (p) => { msg.className = 'muted'; msg.textContent = `正在上传 ${p}%`; });
      msg.className = 'muted';
      msg.textContent = `第 ${d.id} 号任务正在计分……`;
      job = await follow(d.id, bar, label);
    } catch (x) {
      refused(x.body && x.body.error, x.message);
      return;
    }
    const res = job.result || {};
    if (res.status !== 'done') { refused(res.error, res.error ? res.error.message : '计分失败'); return; }
    location.hash = runHash(run, res.version);
  });
  return el('section', {}, el('h3', {}, '录入考核数据(考核组)'),
    el('p', {}, '先下载本次考核的录入表模板：',
      el('a', { id: 'download-template', href: `${runPath(run)}/template?format=xlsx`, download: '' }, '考核录入表模板(XLSX)'), ' · ',
      el('a', { id: 'download-template-csv', href: `${runPath(run)}/template?format=csv`, download: '' }, 'CSV')),
    el('p', { class: 'muted' }, '填好后上传；可同时选择多个文件（按区划代码合并，同一项在两个文件中不一致则拒绝）；与命令行的检查相同，出错不保存。'), f,
    el('p', {}, bar, ' ', label), msg);
}

// ---- routing ----

// Pages are rendered one after the other: a page whose data comes slowly
// finishes before the next is drawn (it cannot overwrite a later page),
// and pages asked for meanwhile and already left are skipped.
let routeQueue = Promise.resolve();
let routeSeq = 0;
function route() {
  const seq = ++routeSeq;
  routeQueue = routeQueue
    .then(() => (seq === routeSeq ? renderRoute() : null))
    .catch(showError)
    // which page is drawn (the browser tests wait for it)
    .then(() => { if (seq === routeSeq) main().dataset.drawn = location.hash || '#/'; });
  return routeQueue;
}

async function renderRoute() {
  if (!state.me) { renderLogin(); return; }
  const { path, q } = params(location.hash.replace(/^#/, '') || '/');
  try {
    const m = path.match(/^\/household\/(\d{4})\/([^/]+)$/);
    if (m) await renderHousehold(m[1], decodeURIComponent(m[2]));
    else if (path === '/households') await renderHouseholds(q);
    else if (path === '/problems') await renderProblems(q);
    else if (/^\/problem\/\d+$/.test(path)) await renderProblem(path.split('/')[2]);
    else if (path === '/assess') await renderAssess(q);
    else if (path === '/board') await renderBoard(q);
    else if (path === '/audit') show(...await auditPage(q));
    else if (path === '/trends') { disposeCharts(); await trendsPage(q, { show, charts }); }
    else if (path === '/quality') { disposeCharts(); await qualityPage(q, { show, charts, year: yearOf(q) }); }
    else if (path === '/import') renderImport(main(), state.me);
    else if (/^\/job\/\d+$/.test(path)) show(...await jobPage(path.split('/')[2], listLinks));
    else if (path === '/survey') show(...await surveyList(q, yearOf(q)));
    else if (/^\/survey\/\d{4}\/[^/]+$/.test(path)) show(...await surveyForm(path.split('/')[2], decodeURIComponent(path.split('/')[3])));
    else if (path === '/dept') { const p = await deptPage(q, state.me, yearOf(q)); show(...p.nodes); p.after(); }
    else if (path === '/plan-import') renderPlanImport(main(), state.me);
    else if (path === '/sample' && state.me.may.sample_design && !state.me.may.sample_only) show(...await sampleDesignPage(q, yearOf(q)));
    else if (path === '/funds') { const p = await fundsPage(q, state.me, yearOf(q), () => route()); show(...p.nodes); p.after(); }
    else if (/^\/funds\/project\/[^/]+$/.test(path)) show(...await fundsProject(decodeURIComponent(path.split('/')[3]), yearOf(q)));
    else if (path === '/funds/check') show(...await fundsCheck(q, yearOf(q)));
    else if (path === '/sample' || state.me.may.sample_only) show(...await samplePage(q));
    else await renderDashboard(q);
  } catch (e) {
    showError(e);
  }
}

document.getElementById('logout').addEventListener('click', async () => {
  try { await api('POST', '/api/logout'); } catch (e) { /* the session is gone either way */ }
  state.me = null;
  setCsrf('');
  location.hash = '#/';
  renderLogin();
});
window.addEventListener('hashchange', () => { route(); });
document.getElementById('year-pick').addEventListener('change', (ev) => {
  state.year = +ev.target.value;
  // a page's own year= gives way to the picked one
  const { path, q } = params(location.hash.replace(/^#/, '') || '/');
  if (q.has('year')) { q.delete('year'); q.delete('page'); location.hash = '#' + path + (q.toString() ? `?${q}` : ''); } else route();
});
window.addEventListener('resize', () => charts.forEach((c) => c.resize()));

(async () => {
  try { state.me = await api('GET', '/api/me'); started(); await loadContext(); } catch (e) { state.me = null; }
  route();
})();
