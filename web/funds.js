// SPDX-License-Identifier: MIT
// funds.js - the 扶贫项目库 and 扶贫资金 pages (docs/funds.md, the API's
// /api/funds/): the project library within the user's scope, filtered by
// region, status and type and paged by the server (#/funds); a project
// with its money's path from the county's allocations to its payments
// (#/funds/project/ID); the findings of 资金项目检查 for a year
// (#/funds/check); each county's 下达 → 拨付 → 支出 of the year as a chart
// and a table; the documents (公告公示 PDF, 资金使用情况表 PDF and
// XLSX, 项目库 XLSX) made by the server as `kaohe funds` makes them; and,
// for the 系统管理员 and a county's staff, loading a project library,
// allocations or payments file (a background import, its findings with
// file, row and column). Money comes as integers of 分 and is shown as 元
// with separators.
import { el } from './dom.js';
import { getJSON, upload } from './api.js';
import { pager, filterSelect } from './pager.js';

const KINDS = [['projects', '项目库'], ['allocations', '资金下达'], ['payments', '资金拨付与支出']];
const PER = 20;

// 分 as 元: "80,000.00" (integers only: no rounding on the way).
export function yuan(fen) {
  if (fen === null || fen === undefined) return '—';
  const a = Math.abs(fen), y = Math.floor(a / 100), f = a % 100;
  return `${fen < 0 ? '-' : ''}${y.toLocaleString('zh-CN')}.${String(f).padStart(2, '0')}`;
}
// 计划投资: -1 when the file left it empty
const planned = (fen) => (fen < 0 ? '—' : yuan(fen));
const num = (s) => (s === '' || s === null || s === undefined ? '—' : Number(s).toLocaleString('zh-CN'));
const fundsYear = (year) => year || String(new Date().getFullYear());

function table(id, heads, rows) {
  return el('div', { class: 'scroll' }, el('table', { id },
    el('thead', {}, el('tr', {}, ...heads.map((h) => el('th', {}, h)))),
    el('tbody', {}, ...rows)));
}
const td = (v) => el('td', {}, v === undefined || v === null || v === '' ? '—' : v);
const tdn = (v) => el('td', { class: 'n' }, v);

// ---- the import ----

// the last import's outcome, shown again by the page drawn after it
let flash = null;

function findingsTable(res) {
  const rows = (res.findings || []).map((f) => el('tr', {},
    td(f.file), tdn(f.row ? String(f.row) : '—'), td(f.column), td(f.severity === 'error' ? '错误' : '提示'),
    td(f.label), td(f.message)));
  return rows.length ? table('funds-import-findings', ['文件', '行', '列', '类别', '问题', '说明'], rows) : null;
}

function outcome(job) {
  const r = job.result || {};
  const box = el('div', { id: 'funds-import-result' });
  if (r.status === 'done') {
    box.append(el('p', { id: 'funds-import-msg' },
      `已导入${job.kind}“${job.name}”:读入 ${r.rows} 行,保存 ${r.stored} 行` + (r.warnings ? `,提示 ${r.warnings} 条` : '') + '。'));
  } else {
    const e = r.error || {};
    box.append(el('p', { class: 'error', id: 'funds-import-msg' },
      `未导入${job.kind}“${job.name}”:` + (r.errors ? `文件有 ${r.errors} 处错误,整个文件未导入,请按下面的问题清单改正后再导入。`
        : (e.message || '导入失败'))));
  }
  const t = findingsTable(r);
  if (t) box.append(el('p', {}, `问题清单(共 ${r.findings_total} 条${r.findings_total > r.findings.length ? `,显示前 ${r.findings.length} 条` : ''}):`), t);
  return box;
}

function importForm(me, onDone) {
  const kind = el('select', { id: 'funds-kind', 'aria-label': '文件种类' }, ...KINDS.map(([k, n]) => el('option', { value: k }, n)));
  const region = el('input', { id: 'funds-region', size: '14', value: me.region || '', 'aria-label': '拨付计入的县' });
  const regionBox = el('label', { hidden: '' }, '项目不在项目库时计入的县(区划代码) ', region);
  kind.addEventListener('change', () => { regionBox.hidden = kind.value !== 'payments'; });
  const file = el('input', { id: 'funds-file', type: 'file', accept: '.csv,.xlsx,.xls', required: '', 'aria-label': '选择文件' });
  const msg = el('p', { class: 'muted', id: 'funds-import-status' });
  const form = el('form', { id: 'funds-import' }, el('h3', {}, '导入项目库或资金文件'),
    el('label', {}, '文件种类 ', kind), ' ', regionBox, ' ', file, ' ', el('button', { type: 'submit' }, '导入'), msg,
    el('p', { class: 'muted' }, '文件有错误时整个文件不导入,问题清单列出所在的行和列;同一项目编号或凭证号再次导入即替换。'));
  if (flash) { form.append(flash); flash = null; }
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = file.files[0];
    if (!f) return;
    const last = form.querySelector('#funds-import-result');
    if (last) last.remove();
    const qs = new URLSearchParams({ kind: kind.value, name: f.name });
    if (kind.value === 'payments' && region.value.trim()) qs.set('region', region.value.trim());
    msg.textContent = '正在上传……';
    try {
      const started = await upload('/api/funds/imports?' + qs, f, (p) => { msg.textContent = `正在上传……${p}%`; });
      msg.textContent = '正在导入……';
      let job;
      for (;;) {
        job = await getJSON(started.url);
        if (job.phase === 'done') break;
        await new Promise((r) => setTimeout(r, 300));
      }
      flash = outcome(job);
      onDone();
    } catch (e) {
      msg.textContent = `未导入:${e.message}`;
    }
  });
  return form;
}

// ---- the documents ----

function docLinks(year, region) {
  const rq = region ? `&region=${encodeURIComponent(region)}` : '';
  const a = (href, id, text) => el('a', { href, id, download: '', class: 'download' }, text);
  return el('p', { class: 'docs', id: 'funds-docs' }, '下载:',
    a(`/api/funds/library?${rq.slice(1)}`, 'funds-library', '项目库(XLSX)'), ' · ',
    a(`/api/funds/table?year=${year}${rq}&format=pdf`, 'funds-table-pdf', `${year} 年资金使用情况表(PDF)`), ' · ',
    a(`/api/funds/table?year=${year}${rq}&format=xlsx`, 'funds-table-xlsx', `${year} 年资金使用情况表(XLSX)`));
}

// ---- #/funds: the library ----

async function regionChoices(region) {
  const out = [];
  const add = (list) => { for (const r of list) if (!out.some(([c]) => c === r.code)) out.push([r.code, `${r.name}(${r.level})`]); };
  try { add((await getJSON('/api/regions')).regions); } catch (e) { /* the filter is still there */ }
  if (region) {
    try { add((await getJSON(`/api/regions?parent=${encodeURIComponent(region)}`)).regions); } catch (e) { /* none below */ }
  }
  return out;
}

// The money of each county in the year: 下达 → 拨付 → 支出 as bars (summed
// over the 资金类别) and as a table, from GET /api/funds/flow.
let chart = null;
window.addEventListener('resize', () => { if (chart) chart.resize(); });

function flowPart(y, lines) {
  const by = new Map();
  for (const l of lines) {
    const c = by.get(l.county) || { name: l.county_name, a: 0, p: 0, s: 0 };
    c.a += l.allocated_fen; c.p += l.paid_fen; c.s += l.spent_fen;
    by.set(l.county, c);
  }
  const counties = [...by.values()];
  if (!counties.length) {
    return { nodes: [el('p', { class: 'muted', id: 'funds-flow-empty' }, `${y} 年没有资金下达或拨付记录。`)], after: () => {} };
  }
  const pct = (n, d) => (d ? `${(100 * n / d).toFixed(1)}%` : '—');
  const rows = counties.map((c) => el('tr', {}, td(c.name), tdn(yuan(c.a)), tdn(yuan(c.p)), tdn(yuan(c.s)),
    tdn(yuan(c.a - c.s)), tdn(pct(c.s, c.a))));
  const box = el('div', { class: 'chart', id: 'funds-chart' });
  const after = () => {
    if (!window.echarts) return;
    chart = window.echarts.init(box);
    chart.setOption({
      title: { text: `${y} 年资金下达、拨付与支出(万元)`, textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' },
      legend: { top: 24 },
      grid: { left: 64, right: 16, top: 64, bottom: 48 },
      xAxis: { type: 'category', data: counties.map((c) => c.name) },
      yAxis: { type: 'value' },
      series: [['下达', 'a', '#90a4ae'], ['拨付', 'p', '#ef6c00'], ['支出', 's', '#c62828']].map(([name, k, color]) => ({
        name, type: 'bar', itemStyle: { color }, data: counties.map((c) => +(c[k] / 1000000).toFixed(2)),
      })),
    });
  };
  return {
    nodes: [el('h3', {}, `${y} 年各县资金流向`), box,
      table('funds-flow', ['县', '下达(元)', '拨付(元)', '支出(元)', '结余(元)', '支出进度'], rows)],
    after,
  };
}

export async function fundsPage(q, me, year, redraw) {
  if (chart) { chart.dispose(); chart = null; }
  const y = fundsYear(q.get('year') || year);
  const page = Math.max(1, +(q.get('page') || 1));
  const args = new URLSearchParams({ page: String(page), per_page: String(PER) });
  for (const k of ['region', 'status', 'type']) if (q.get(k)) args.set(k, q.get(k));
  const rq = q.get('region') ? `&region=${encodeURIComponent(q.get('region'))}` : '';
  const [d, regions, fl] = await Promise.all([getJSON(`/api/funds/projects?${args}`), regionChoices(q.get('region')),
    getJSON(`/api/funds/flow?year=${encodeURIComponent(y)}${rq}`)]);
  const flow = flowPart(y, fl.lines);
  const nodes = [el('h2', { id: 'funds-title' }, '扶贫项目库'),
    el('p', { class: 'filters', id: 'funds-filters' },
      filterSelect('/funds', q, 'region', '全部地区', regions), ' ',
      filterSelect('/funds', q, 'status', '全部状态', d.statuses), ' ',
      filterSelect('/funds', q, 'type', '全部类型', d.types), ' ',
      el('a', { href: `#/funds/check?year=${y}` + (q.get('region') ? `&region=${q.get('region')}` : ''), id: 'funds-check-link' }, `${y} 年资金项目检查`)),
    docLinks(y, q.get('region'))];
  if (me.may && me.may.import) nodes.push(importForm(me, redraw));
  const rows = d.projects.map((p) => el('tr', {},
    el('td', {}, el('a', { href: `#/funds/project/${encodeURIComponent(p.proj_id)}` }, p.proj_id)),
    td(p.name), td(p.type), td(p.place), td(p.status), tdn(planned(p.planned_fen)),
    tdn(num(p.benef_poor_hh)), td(p.unit)));
  nodes.push(el('h3', {}, `项目(${d.total} 个)`));
  if (!d.total) {
    nodes.push(el('p', { class: 'muted', id: 'funds-empty' },
      q.get('status') || q.get('type') || q.get('region') ? '没有符合条件的项目。' : '项目库中还没有项目,请先导入项目库文件。'));
  } else {
    const href = (n) => { const x = new URLSearchParams(q); x.set('page', String(n)); return `#/funds?${x}`; };
    nodes.push(table('funds-projects', ['项目编号', '项目名称', '项目类型', '建设地点', '项目状态', '计划投资(元)', '受益贫困户数', '实施单位'], rows),
      pager('funds-pager', page, d.total, PER, href, { unit: '个项目' }));
  }
  nodes.push(...flow.nodes);
  return { nodes, after: flow.after };
}

// ---- #/funds/project/ID ----

export async function fundsProject(id, year) {
  const p = await getJSON(`/api/funds/projects/${encodeURIComponent(id)}`);
  const field = (k, v) => el('tr', {}, el('th', {}, k), el('td', {}, v === '' || v === undefined ? '—' : v));
  const pubs = [['入库公示', p.pub_added], ['计划公示', p.pub_plan], ['竣工公告', p.pub_done]]
    .filter(([, d]) => d).map(([n, d]) => `${n} ${d}`).join(';') || '没有公示记录';
  const info = el('table', { id: 'funds-project', class: 'kv' }, el('tbody', {},
    field('项目编号', p.proj_id), field('项目类型', p.type), field('建设地点', p.place), field('实施单位', p.unit),
    field('项目状态', p.status), field('计划投资(元)', planned(p.planned_fen)), field('入库日期', p.added),
    field('计划开工、完工', `${p.start_plan || '—'} 至 ${p.end_plan || '—'}`),
    field('实际开工、完工、验收', `${p.start || '—'}、${p.end || '—'}、${p.accepted || '—'}`),
    field('受益户数', num(p.benef_hh)), field('受益贫困户数', num(p.benef_poor_hh)), field('受益贫困人口', num(p.benef_poor_persons)),
    field('绩效目标', p.goal), field('公告公示', pubs + (p.pub_days ? `(公示 ${p.pub_days} 天)` : ''))));
  const hh = (p.benef_list || '').split(/[;；]/).filter((x) => x);
  const benef = hh.length
    ? el('p', { id: 'funds-benef' }, '带贫户:', ...hh.flatMap((h, i) => [i ? '、' : '', el('a', { href: `#/household/${year || (p.added || '').slice(0, 4)}/${encodeURIComponent(h)}` }, h)]))
    : el('p', { class: 'muted', id: 'funds-benef' }, '没有登记带贫户。');
  const alloc = p.allocations.map((a) => el('tr', {}, td(a.doc_no), td(a.date), td(a.level), td(a.fund), tdn(yuan(a.amount_fen)), tdn(String(a.year))));
  const pays = p.payments.map((y) => el('tr', {}, td(y.voucher), td(y.date), td(y.fund), td(y.stage), tdn(yuan(y.amount_fen))));
  return [
    el('h2', { id: 'funds-project-title' }, `${p.name}`),
    el('p', {}, el('a', { href: '#/funds' }, '← 项目库'), ' · ',
      el('a', { href: `/api/funds/notice/${encodeURIComponent(p.proj_id)}`, download: '', class: 'download', id: 'funds-notice' }, '下载公告公示(PDF)')),
    info, benef,
    el('h3', {}, '资金流向'),
    el('p', { id: 'funds-path-sum' }, `${p.county_name}下达资金 → 拨付到本项目 ${yuan(p.paid_fen)} 元(扣除收回) → 已支出 ${yuan(p.spent_fen)} 元`),
    el('h3', {}, `${p.county_name}的资金下达(本项目所用资金类别)`),
    alloc.length ? table('funds-allocations', ['文号', '下达日期', '资金级次', '资金类别', '金额(元)', '年度'], alloc)
      : el('p', { class: 'muted' }, '没有这些资金类别的下达记录。'),
    el('h3', {}, '本项目的拨付与支出'),
    pays.length ? table('funds-payments', ['凭证号', '日期', '资金类别', '环节', '金额(元)'], pays)
      : el('p', { class: 'muted', id: 'funds-no-payments' }, '还没有拨付或支出记录。'),
  ];
}

// ---- #/funds/check ----

// The findings whose object is a project of the library (the others name
// an allocation's 文号 or a payment's 凭证号).
const ON_PROJECT = /^fund_(notice_|start_|accept_|no_poor_|benef_|pay_over_plan|project_retained)/;

export async function fundsCheck(q, year) {
  const y = fundsYear(q.get('year') || year);
  const region = q.get('region') || '';
  const d = await getJSON(`/api/funds/check?year=${encodeURIComponent(y)}` + (region ? `&region=${encodeURIComponent(region)}` : ''));
  const yearBox = el('input', { id: 'funds-check-year', type: 'number', min: '1990', max: '2100', value: y, 'aria-label': '年度' });
  yearBox.addEventListener('change', () => {
    const x = new URLSearchParams(q);
    x.set('year', yearBox.value);
    location.hash = `#/funds/check?${x}`;
  });
  const counts = {};
  for (const f of d.findings) counts[f.label] = (counts[f.label] || 0) + 1;
  const rows = d.findings.map((f) => el('tr', {}, td(f.county_name), td(f.label),
    el('td', {}, ON_PROJECT.test(f.code) ? el('a', { href: `#/funds/project/${encodeURIComponent(f.object)}` }, f.object) : f.object),
    tdn(f.amount_fen ? yuan(f.amount_fen) : '—'), td(f.message)));
  return [
    el('h2', { id: 'funds-check-title' }, `资金项目检查 ${y} 年`),
    el('p', {}, el('a', { href: '#/funds' }, '← 项目库'), ' · ', el('label', {}, '年度 ', yearBox)),
    el('p', { id: 'funds-check-total' }, d.total ? `共 ${d.total} 个问题` + (d.total > d.findings.length ? `,显示前 ${d.findings.length} 个` : '') + ':'
      + Object.entries(counts).map(([k, n]) => `${k} ${n} 个`).join(',') + '。' : '没有发现问题。'),
    rows.length ? table('funds-findings', ['县', '问题', '项目、文号或凭证', '金额(元)', '说明'], rows) : null,
  ];
}

// ---- the dashboard's flags: 资金滞留 and 逾期项目 ----

// The part of the dashboard (#/) that flags, for the region shown, the
// money held beyond the standards file's days (资金滞留) and the projects
// late to start or to be 验收 (逾期项目): their counts, the money held, and
// the first of each with its figures, each project linked to its page and
// the whole list to 资金项目检查. The findings are the server's (GET
// /api/funds/flags: `funds check`'s rules); null when the year has no
// funds data or the user may not see them.
export async function fundsFlags(year, region) {
  const rq = region ? `&region=${encodeURIComponent(region)}` : '';
  let d;
  try {
    d = await getJSON(`/api/funds/flags?year=${encodeURIComponent(year)}${rq}`);
  } catch (e) {
    return null;
  }
  if (!d.has_data) return null;
  const SHOWN = 10;
  const objectCell = (f) => el('td', {}, f.project_name
    ? el('a', { href: `#/funds/project/${encodeURIComponent(f.object)}` }, `${f.project_name}(${f.object})`)
    : f.object);
  const part = (kind, id, title, heads, cells) => {
    const list = d.flags.filter((f) => f.kind === kind);
    if (!list.length) return el('p', { class: 'muted', id: `${id}-none` }, `没有${title}。`);
    const rows = list.slice(0, SHOWN).map((f) => el('tr', {}, ...cells(f)));
    return el('div', {}, el('h4', {}, title),
      table(id, heads, rows),
      list.length > SHOWN ? el('p', { class: 'muted' }, `显示前 ${SHOWN} 条,全部见资金项目检查。`) : null);
  };
  const held = part('retained', 'flags-retained', '资金滞留', ['县', '地点', '项目、文号或凭证', '滞留金额(元)', '说明'],
    (f) => [td(f.county_name), td(f.place), objectCell(f), tdn(yuan(f.amount_fen)), td(f.message)]);
  const late = part('late', 'flags-late', '逾期项目', ['县', '建设地点', '项目', '问题', '说明'],
    (f) => [td(f.county_name), td(f.place), objectCell(f), td(f.label), td(f.message)]);
  const check = `#/funds/check?year=${encodeURIComponent(year)}${rq}`;
  return el('section', { id: 'funds-flags' },
    el('h3', {}, `${year} 年扶贫资金和项目预警`),
    el('div', { class: 'cards' },
      el('div', { class: 'card', id: 'flag-retained-card' },
        el('div', { class: 'v' }, `${d.retained.count.toLocaleString('zh-CN')} 笔`),
        el('div', { class: 'k' }, `资金滞留,共 ${yuan(d.retained.amount_fen)} 元`)),
      el('div', { class: 'card', id: 'flag-late-card' },
        el('div', { class: 'v' }, `${d.late.count.toLocaleString('zh-CN')} 个`),
        el('div', { class: 'k' }, '逾期项目(未按期开工或竣工后未及时验收)'))),
    el('p', {}, el('a', { href: check, id: 'flags-check-link' }, '查看全部资金项目检查结果'),
      d.total > d.flags.length ? `(列出前 ${d.flags.length} 条)` : ''),
    held, late);
}
