// SPDX-License-Identifier: MIT
// import.js - the import page (#/import) of kaohe's browser UI: choose a
// registry file (CSV in UTF-8 or GB18030, XLSX, XLS) and a year (no year
// is pre-filled: the user chooses it), upload it (POST /api/imports, the
// file's bytes), follow its progress by polling GET /api/imports/ID, then
// show the result, the findings and the link to the rejected rows; the
// import templates of every kind (GET /api/templates/KIND); for the roles
// of [web] year_roles, the years held and deleting one, confirmed by
// typing it (GET /api/years/info, POST /api/years/YEAR/delete). Every
// value from the server is put in the page as text. After an import, the
// work after it (jobs.js). docs/http-api.md, "Imports", "Templates",
// "Years".

import { el } from './dom.js';
import { api, getJSON, upload } from './api.js';
import { jobsPanel } from './jobs.js';

const POLL_MS = 300;

const statusText = { imported: '已导入', refused: '未导入(有错误,数据库未改动)', failed: '导入失败(数据库未改动)' };
const phaseText = { queued: '排队', reading: '读取并检查', storing: '写入数据库', done: '完成' };

function resultTable(res) {
  const rows = [
    ['结果', res.error && res.error.code === 'replace_needed' ? '未导入(未确认替换,数据库未改动)' : statusText[res.status] || res.status],
    ['读取行数', res.rows], ['读取户数', res.households_read],
    ['错误', res.errors], ['警告', res.warnings],
    ['已导入户数', res.households], ['已导入人数', res.persons],
    ['拒绝户数', res.rejected_households], ['拒绝行数', res.rejected_rows],
  ];
  if (res.out_of_scope) rows.push(['管辖区划以外的户', res.out_of_scope]);
  return el('table', { id: 'import-result', style: 'max-width: 480px' },
    el('tbody', {}, ...rows.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v)))));
}

function findingsTable(job) {
  const t = el('table', { id: 'import-findings' },
    el('thead', {}, el('tr', {}, ...['行', '列', '户编号', '类别', '问题', '说明'].map((h) => el('th', {}, h)))),
    el('tbody', {}, ...job.findings.map((f) => el('tr', { class: f.severity === 'error' ? 'bad' : '' },
      el('td', {}, f.row || '文件'), el('td', {}, f.column || ''), el('td', {}, f.hh_id || ''),
      el('td', {}, f.severity === 'error' ? '错误' : '警告'), el('td', {}, f.label || f.code), el('td', {}, f.message)))));
  const note = job.findings_total > job.findings.length
    ? el('p', { class: 'muted' }, `共 ${job.findings_total} 个问题,只列出前 ${job.findings.length} 个;全部问题随数据存入数据库。`)
    : null;
  return el('section', {}, el('h3', {}, `问题(${job.findings_total})`),
    job.findings.length ? el('div', { class: 'scroll' }, t) : el('p', { class: 'muted' }, '没有发现问题。'), note);
}

// The import templates (kaohe template KIND), served by the server.
const templates = [
  ['registry', '建档立卡数据'], ['regions', '行政区划'], ['roster', '第三方评估花名册'],
  ['survey', '入户调查表'], ['plan', '整改清单'],
];

function templateLinks() {
  return el('section', { id: 'import-templates' },
    el('h3', {}, '导入模板'),
    el('p', { class: 'muted' }, '模板已设好各列格式(证件号码、代码、电话为文本)和下拉选项,第二张表是填写说明。按模板填写的文件导入时不会出现问题。'),
    el('ul', {}, ...templates.map(([k, name]) => el('li', {},
      el('a', { id: `template-${k}`, href: `/api/templates/${k}`, download: '' }, `${name}导入模板`)))));
}

const yearCols = ['年度', '户数', '人数', '来源文件', '导入时间', '引用它的记录', ''];

// The years held and deleting one ([web] year_roles): the year typed
// again to confirm; refused while something refers to it unless 强制删除
// is ticked (the server's use case decides and audits).
function yearAdmin() {
  const msg = el('p', { id: 'years-msg', class: 'muted' });
  const body = el('tbody', {});
  const box = el('section', { id: 'years-admin' },
    el('h3', {}, '年度数据管理'),
    el('p', { class: 'muted' }, '删除一个年度的建档立卡数据(户、成员、导入问题、核查与指标),用于撤销导入错误。仍有问题、考核、抽样或花名册引用该年度时不删除,除非选择强制删除(这些记录保留)。每次删除都记入审计日志。'),
    el('div', { class: 'scroll' }, el('table', { id: 'years-table' },
      el('thead', {}, el('tr', {}, ...yearCols.map((h) => el('th', {}, h)))), body)),
    msg);

  function refs(y) {
    const parts = [];
    if (y.problems) parts.push(`问题 ${y.problems} 个`);
    if (y.assess_runs) parts.push(`考核 ${y.assess_runs} 次`);
    if (y.samples) parts.push(`抽样 ${y.samples} 个`);
    if (y.roster) parts.push(`花名册 ${y.roster} 户`);
    return parts.length ? parts.join('、') : '无';
  }

  async function remove(y) {
    const typed = window.prompt(`确定删除 ${y.year} 年的建档立卡数据(${y.households} 户、${y.persons} 人)吗？\n请输入年度 ${y.year} 以确认:`);
    if (typed === null) return;
    if (typed.trim() !== String(y.year)) {
      msg.className = 'error';
      msg.textContent = '输入的年度不符,未删除。';
      return;
    }
    const force = document.getElementById(`year-force-${y.year}`).checked;
    try {
      const d = await api('POST', `/api/years/${y.year}/delete`, { confirm: y.year, force });
      msg.className = 'ok';
      msg.textContent = `已删除 ${y.year} 年的建档立卡数据(${d.year.households} 户)。`;
    } catch (e) {
      msg.className = 'error';
      msg.textContent = e.message;
    }
    await load();
  }

  async function load() {
    let d;
    try { d = await getJSON('/api/years/info'); } catch (e) {
      msg.className = 'error';
      msg.textContent = e.message;
      return;
    }
    const rows = d.years.filter((y) => y.snapshot);
    body.replaceChildren(...rows.map((y) => el('tr', { 'data-year': String(y.year) },
      el('td', {}, y.year), el('td', {}, y.households), el('td', {}, y.persons),
      el('td', {}, y.source), el('td', {}, y.imported_at), el('td', {}, refs(y)),
      el('td', {},
        el('label', {}, el('input', { id: `year-force-${y.year}`, type: 'checkbox' }), ' 强制删除 '),
        el('button', { type: 'button', id: `year-delete-${y.year}`, onclick: () => remove(y) }, '删除')))));
    if (!rows.length) body.replaceChildren(el('tr', {}, el('td', { colspan: String(yearCols.length) }, '数据库中还没有任何年度的建档立卡数据。')));
  }
  load();
  return box;
}

// The page. container: the main element; me: /api/me (csrf, may.import,
// may.years).
export function renderImport(container, me) {
  const may = me.may || {};
  if (!may.import && !may.years) {
    container.replaceChildren(el('div', { class: 'error', id: 'error' }, '无权访问:你的角色不能导入建档立卡数据'));
    return;
  }
  if (!may.import) {
    container.replaceChildren(el('section', {}, el('h2', {}, '年度数据'), yearAdmin(), templateLinks()));
    return;
  }
  const year = el('input', { id: 'import-year', type: 'number', min: '1990', max: '2100', placeholder: '请选择年度', required: '', style: 'width: 8em' });
  const file = el('input', { id: 'import-file', type: 'file', accept: '.csv,.xlsx,.xls', required: '' });
  const keep = el('input', { id: 'import-keep', type: 'checkbox' });
  const msg = el('p', { id: 'import-msg', class: 'muted' });
  const bar = el('progress', { id: 'import-progress', max: '100', value: '0', style: 'width: 100%; max-width: 480px' });
  const label = el('span', { id: 'import-percent' }, '');
  const out = el('div', { id: 'import-out' });
  const button = el('button', { type: 'submit' }, '上传并导入');
  const form = el('form', { id: 'import-form', style: 'display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center' },
    el('label', {}, '年度 ', year),
    el('label', {}, '文件 ', file),
    el('label', {}, keep, ' 只导入无错误的户,其余写入拒绝文件'),
    button);

  async function follow(id) {
    for (;;) {
      const job = await getJSON(`/api/imports/${id}`);
      bar.value = job.percent;
      label.textContent = `${job.percent}% · ${phaseText[job.phase] || job.phase} · 已检查 ${job.rows} 行`;
      if (job.phase === 'done') return job;
      await new Promise((ok) => setTimeout(ok, POLL_MS));
    }
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = file.files[0];
    if (f) send(f, false);
  });

  // replace: the user confirmed replacing a year with fewer than half of
  // its households (the server refuses that otherwise: replace_needed).
  async function send(f, replace) {
    button.disabled = true;
    out.replaceChildren();
    bar.value = 0;
    msg.className = 'muted';
    msg.textContent = `正在上传 ${f.name}……`;
    try {
      const q = new URLSearchParams({ year: year.value, name: f.name, keep_valid: keep.checked ? '1' : '0', replace: replace ? '1' : '0' });
      let d;
      try {
        // the upload's own progress first, then the import's (polled)
        d = await upload(`/api/imports?${q}`, f, (p) => {
          bar.value = p;
          label.textContent = `${p}% · 上传`;
        });
      } catch (e) {
        msg.textContent = e.message;
        msg.className = 'error';
        return;
      }
      msg.textContent = `${f.name}:正在导入(第 ${d.id} 号)`;
      const job = await follow(d.id);
      const res = job.result;
      if (!replace && res.error && res.error.code === 'replace_needed' &&
          window.confirm(`${res.error.message}\n\n确定要用这个文件替换 ${job.year} 年的全部数据吗？`)) {
        button.disabled = false;
        return send(f, true);
      }
      const declined = res.error && res.error.code === 'replace_needed';
      msg.textContent = `${job.file}(${job.year} 年):${declined ? '未导入(未确认替换,数据库未改动)' : statusText[res.status] || res.status}`;
      msg.className = res.status === 'imported' ? 'ok' : 'error';
      const nodes = [resultTable(res)];
      if (res.error) nodes.push(el('p', { class: 'error' }, res.error.message));
      if (job.rejects)
        nodes.push(el('p', {}, el('a', { id: 'import-rejects', href: job.rejects, download: '' }, `下载被拒绝的行(${res.rejected_rows} 行)`)));
      nodes.push(findingsTable(job));
      // the work after the import: review, indicators, problems (jobs.js)
      if (res.status === 'imported') nodes.push(jobsPanel(job.year));
      out.replaceChildren(...nodes);
    } catch (e) {
      msg.textContent = e.message;
      msg.className = 'error';
    } finally {
      button.disabled = false;
    }
  }

  container.replaceChildren(el('section', {},
    el('h2', {}, '导入建档立卡数据'),
    el('p', { class: 'muted' }, '与命令行导入相同的检查：默认全部导入或全部不导入，有任何错误时数据库不作改动；导入已有年度时整体替换。'),
    form, el('p', {}, bar, ' ', label), msg, out,
    may.years ? yearAdmin() : null, templateLinks()));
}
