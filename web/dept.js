// SPDX-License-Identifier: MIT
// dept.js - the 数据比对 page (#/dept): the departments' lists compared with
// the registry (docs/dept.md) for a region and year — the lists loaded
// (kind, department, date, rows, matched), 数据闭合率 by kind as a chart,
// the findings by kind drilling down to the households (一户一档) — and,
// for the 系统管理员 and the county's staff, loading a list
// (POST /api/dept/lists). deptRecords gives the 一户一档 its 部门数据: each
// member's department records beside the registry's values.
import { el } from './dom.js';
import { enums, getJSON, upload } from './api.js';

// The kinds of list, as the page names them (the spec's table).
const KINDS = [['huji', '户籍(公安)'], ['death', '死亡(公安/卫健/民政)'], ['dibao', '低保(民政)'],
  ['tekun', '特困供养(民政)'], ['disability', '残疾人证(残联)'], ['school', '学籍(教育)'],
  ['edu_aid', '教育资助(教育)'], ['medical', '医保参保(医保)'], ['pension', '养老保险(人社)'],
  ['housing', '危房改造(住建)'], ['staff', '财政供养人员'], ['company', '企业登记(市场监管)'],
  ['vehicle', '车辆(公安车管)'], ['realty', '不动产(自然资源)']];
const kindName = (k) => (KINDS.find(([key]) => key === k) || [k, k])[1];
const pct = (n, d) => (d ? (100 * n / d).toFixed(2) + '%' : '—');

let chart = null;
// the last import's outcome, shown by the form drawn again after it
let flash = '';
window.addEventListener('resize', () => { if (chart) chart.resize(); });

function importForm(me, region, onDone) {
  const kind = el('select', { id: 'dept-kind' }, ...KINDS.map(([k, n]) => el('option', { value: k }, n)));
  const code = el('input', { id: 'dept-region', value: region || me.region || '', size: '14', required: '' });
  const asOf = el('input', { id: 'dept-as-of', type: 'date', required: '' });
  const file = el('input', { id: 'dept-file', type: 'file', accept: '.csv,.xlsx,.xls', required: '' });
  const msg = el('p', { class: 'muted', id: 'dept-import-msg' }, flash);
  flash = '';
  const form = el('form', { id: 'dept-import' }, el('h3', {}, '导入部门名单'),
    el('label', {}, '名单种类 ', kind), ' ', el('label', {}, '区划代码 ', code), ' ',
    el('label', {}, '数据日期 ', asOf), ' ', file, ' ', el('button', { type: 'submit' }, '导入'), msg,
    el('p', { class: 'muted' }, '只保存与建档立卡人员相符的行,其余只计数;同一种类、区划和日期再次导入即替换。'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = file.files[0];
    if (!f) return;
    const qs = new URLSearchParams({ kind: kind.value, region: code.value, as_of: asOf.value, name: f.name });
    msg.textContent = '正在导入……';
    try {
      const d = await upload('/api/dept/lists?' + qs, f);
      flash = `已导入:读入 ${d.rows_read} 行,与建档立卡人员相符 ${d.rows_matched} 行,` +
        `不相符 ${d.rows_unmatched} 行(只计数),有问题未导入 ${d.rows_refused} 行。`;
      onDone();
    } catch (e) {
      msg.textContent = `未导入:${e.message}`;
    }
  });
  return form;
}

export async function deptPage(q, me, year) {
  if (chart) { chart.dispose(); chart = null; }
  const region = q.get('region') || '';
  const kind = q.get('kind') || '';
  const rq = region ? `&region=${encodeURIComponent(region)}` : '';
  // the findings' names: the standards' [finding_label] (GET /api/enums)
  const [lists, closure, found, { findings: labels }] = await Promise.all([
    getJSON('/api/dept/lists'),
    getJSON(`/api/dept/closure?year=${year}${rq}`),
    getJSON(`/api/dept/findings?year=${year}${rq}` + (kind ? `&kind=${encodeURIComponent(kind)}` : '')),
    enums(),
  ]);
  const nodes = [el('h2', { id: 'dept-title' }, `部门数据比对 ${year} 年` + (region ? `(${region})` : ''))];
  const lt = el('table', { id: 'dept-lists' }, el('thead', {}, el('tr', {},
    ...['名单种类', '部门', '区划', '数据日期', '文件', '读入行数', '相符行数', '未导入行数'].map((h) => el('th', {}, h)))));
  const lb = el('tbody');
  for (const l of lists.lists) {
    lb.append(el('tr', {}, el('td', {}, kindName(l.kind)), el('td', {}, l.dept), el('td', {}, l.region),
      el('td', {}, l.as_of), el('td', {}, l.file), el('td', { class: 'n' }, l.rows_read),
      el('td', { class: 'n' }, l.rows_matched), el('td', { class: 'n' }, l.rows_refused)));
  }
  lt.append(lb);
  nodes.push(el('h3', {}, `已导入的名单(${lists.lists.length} 份)`),
    lists.lists.length ? el('div', { class: 'scroll' }, lt)
      : el('p', { class: 'muted', id: 'dept-no-lists' }, '还没有导入部门名单。'));
  if (me.may && me.may.import) nodes.push(importForm(me, region, () => { window.dispatchEvent(new HashChangeEvent('hashchange')); }));
  const box = el('div', { class: 'chart', id: 'chart-closure' });
  if (!closure.compared) {
    nodes.push(el('p', { class: 'muted', id: 'dept-not-compared' },
      `${year} 年尚未运行部门数据比对(kaohe compare 或 kaohe review)。`));
    return { nodes, after: () => {} };
  }
  const ct = el('table', { id: 'dept-closure' }, el('thead', {}, el('tr', {},
    ...['名单种类', '应覆盖', '有记录', '不一致', '数据闭合率'].map((h) => el('th', {}, h)))));
  const cb = el('tbody');
  for (const k of closure.kinds) {
    cb.append(el('tr', {}, el('td', {}, el('a', { href: `#/dept?year=${year}${rq}&kind=${k.kind}` }, kindName(k.kind))),
      el('td', { class: 'n' }, k.covered), el('td', { class: 'n' }, k.matched), el('td', { class: 'n' }, k.disagree),
      el('td', { class: 'n' }, pct(k.closure_num, k.closure_den))));
  }
  ct.append(cb);
  nodes.push(el('h3', {}, '数据闭合率'), box, el('div', { class: 'scroll' }, ct));
  const ft = el('table', { id: 'dept-findings' }, el('thead', {}, el('tr', {},
    ...['户编号', '成员', '证件号码', '部门', '问题', '建档立卡', '部门数据', '名单行', '入户核实'].map((h) => el('th', {}, h)))));
  const fb = el('tbody');
  for (const f of found.findings) {
    fb.append(el('tr', {},
      el('td', {}, el('a', { href: `#/household/${year}/${encodeURIComponent(f.hh_id)}` }, f.hh_id)),
      el('td', {}, f.name), el('td', {}, f.id_no), el('td', {}, f.dept), el('td', {}, labels[f.code] || f.code),
      el('td', {}, f.registry), el('td', {}, f.department), el('td', { class: 'n' }, f.row || '无记录'),
      el('td', {}, f.visit ? `${f.visit}${f.reason ? ':' + f.reason : ''}` : (f.code.startsWith('dept_excl_') ? '待核实' : ''))));
  }
  ft.append(fb);
  nodes.push(el('h3', { id: 'dept-findings-title' },
    `比对问题${kind ? `:${kindName(kind)}` : ''}(${found.total} 条${found.total > found.findings.length ? `,显示前 ${found.findings.length} 条` : ''})`),
  el('p', {}, kind ? el('a', { href: `#/dept?year=${year}${rq}` }, '← 全部种类') : '点击种类或柱形只看该种类的问题;户编号打开一户一档。'),
  el('div', { class: 'scroll' }, ft));
  const after = () => {
    chart = echarts.init(box);
    chart.setOption({
      title: { text: '数据闭合率(%)', textStyle: { fontSize: 14 } },
      tooltip: {},
      grid: { left: 48, right: 16, bottom: 64 },
      xAxis: { type: 'category', data: closure.kinds.map((k) => kindName(k.kind)), axisLabel: { rotate: 30 } },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: [{ type: 'bar', itemStyle: { color: '#c62828' },
        data: closure.kinds.map((k) => (k.closure_den ? +(100 * k.closure_num / k.closure_den).toFixed(2) : 0)) }],
    });
    chart.on('click', (p) => { location.hash = `#/dept?year=${year}${rq}&kind=${closure.kinds[p.dataIndex].kind}`; });
  };
  return { nodes, after };
}

// The 一户一档's 部门数据: per member, the registry's name and ID number
// beside each department record (its list, date, row and columns).
export async function deptRecords(year, hh, members) {
  const box = el('div', { id: 'dept-records' }, el('h3', {}, '部门数据'));
  let d;
  try {
    d = await getJSON(`/api/dept/households/${encodeURIComponent(year)}/${encodeURIComponent(hh)}`);
  } catch (e) {
    box.append(el('p', { class: 'muted' }, `部门数据无法读取:${e.message}`));
    return box;
  }
  if (!d.members.length) {
    box.append(el('p', { class: 'muted' }, '已导入的部门名单中没有本户成员的记录。'));
    return box;
  }
  const t = el('table', { id: 'dept-records-table' }, el('thead', {}, el('tr', {},
    ...['成员(建档立卡)', '部门名单', '数据日期', '行', '部门记录的姓名', '部门记录'].map((h) => el('th', {}, h)))));
  const tb = el('tbody');
  for (const m of d.members) {
    const reg = (members || []).find((x) => x.name === m.name);
    for (const r of m.records) {
      tb.append(el('tr', {},
        el('td', {}, `${m.name} ${m.id_no}` + (reg && reg.relation ? `(${reg.relation})` : '')),
        el('td', {}, `${kindName(r.kind)}`), el('td', {}, r.as_of), el('td', { class: 'n' }, r.row),
        el('td', {}, r.name), el('td', {}, Object.entries(r.fields).filter(([, v]) => v).map(([k, v]) => `${k}:${v}`).join(';'))));
    }
  }
  t.append(tb);
  box.append(el('div', { class: 'scroll' }, t));
  return box;
}
