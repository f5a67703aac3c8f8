// SPDX-License-Identifier: MIT
// jobs.js - the work after an import from the browser (docs/http-api.md,
// "Jobs"): run the exit review, compute the indicators or generate the
// problems of a year as a background job (POST /api/jobs), follow it with
// a progress bar (GET /api/jobs/ID, polled) and show its result; and the
// page of one job (#/job/ID). The server runs the same use cases as
// `kaohe review`, `kaohe indicators` and `kaohe rectify generate`, as the
// user who starts them. Every value from the server is put in the page as
// text.

import { el } from './dom.js';
import { api, getJSON } from './api.js';

const POLL_MS = 300;

const kinds = [
  ['review', '运行退出核查'],
  ['indicators', '计算考核指标'],
  ['generate', '生成整改问题'],
];
const statusText = { done: '完成', refused: '未执行', failed: '失败' };
const phaseText = { queued: '排队', running: '进行中', done: '完成' };
const fieldText = {
  households: '核查户数', persons: '核查人数', skipped: '未核查户数', exit_ready: '拟退出户数',
  villages: '贫困村', villages_may_exit: '可出列的贫困村', counties: '贫困县',
  counties_on_incidence: '贫困发生率达标的贫困县',
  regions: '区划数', indicators: '指标数', review: '含核查指标', unplaced: '未计入的户',
  added: '新增问题', kept: '已在清单中',
  design: '抽样方案编号', region: '抽样区域', households: '核查户数',
};
// (a sample's households are those drawn)
const sampleText = { villages: '抽中村数', households: '抽中户数' };
// (an assessment's: the stored run)
const assessText = { version: '考核结果版本', regions: '排名的区划数' };

// The result of a job as a table (id job-result); names: region code ->
// name, when known.
export function jobResult(job, names) {
  const res = job.result || {};
  const rows = [['任务', `${job.name}(${job.year} 年)`], ['结果', statusText[res.status] || res.status || '']];
  for (const [k, v] of Object.entries(res)) {
    // (a sample's reasoning is the command line's bilingual text: not shown)
    if (k === 'status' || k === 'error' || k === 'report' || k === 'lists' || k === 'assessment' || k === 'notes') continue;
    const name = (job.kind === 'sample' && sampleText[k]) || (job.kind === 'assess' && assessText[k]) || fieldText[k] || k;
    const shown = k === 'region' && names && names[v] ? `${names[v]}(${v})` : v;
    rows.push([name, typeof shown === 'boolean' ? (shown ? '是' : '否') : shown]);
  }
  const nodes = [el('table', { id: 'job-result', style: 'max-width: 480px' },
    el('tbody', {}, ...rows.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, String(v))))))];
  if (res.error) nodes.push(el('p', { class: 'error', id: 'job-error' }, res.error.message));
  if (job.kind === 'assess' && res.status === 'done') {
    const q = new URLSearchParams({ scheme: job.scheme, year: String(job.year), level: job.level, version: String(res.version) });
    nodes.push(el('p', {}, el('a', { href: `#/assess?${q}`, id: 'job-assess' }, '查看考核结果')));
  }
  return nodes;
}

// Follow job id: bar and label show its progress; the job once done.
export async function follow(id, bar, label) {
  for (;;) {
    const job = await getJSON(`/api/jobs/${id}`);
    bar.value = job.percent;
    label.textContent = `${job.percent}% · ${phaseText[job.phase] || job.phase}`;
    if (job.phase === 'done') return job;
    await new Promise((ok) => setTimeout(ok, POLL_MS));
  }
}

// The panel of the jobs for year (after an import).
export function jobsPanel(year) {
  const bar = el('progress', { id: 'job-progress', max: '100', value: '0', style: 'width: 100%; max-width: 480px' });
  const label = el('span', { id: 'job-percent' }, '');
  const msg = el('p', { id: 'job-msg', class: 'muted' });
  const out = el('div', { id: 'job-out' });
  const buttons = kinds.map(([kind, text]) => el('button', { type: 'button', id: `job-${kind}` }, text));
  async function run(kind) {
    buttons.forEach((b) => { b.disabled = true; });
    out.replaceChildren();
    bar.value = 0;
    msg.className = 'muted';
    try {
      const d = await api('POST', `/api/jobs?${new URLSearchParams({ kind, year: String(year) })}`);
      msg.textContent = `第 ${d.id} 号任务进行中……`;
      const job = await follow(d.id, bar, label);
      msg.textContent = `${job.name}(${job.year} 年):${statusText[job.result.status] || job.result.status}`;
      msg.className = job.result.status === 'done' ? 'ok' : 'error';
      out.replaceChildren(...jobResult(job), el('p', {}, el('a', { href: `#/job/${job.id}`, id: 'job-link' }, '任务页面')));
    } catch (e) {
      msg.textContent = e.message;
      msg.className = 'error';
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  }
  kinds.forEach(([kind], i) => buttons[i].addEventListener('click', () => run(kind)));
  return el('section', { id: 'jobs' },
    el('h3', {}, `${year} 年的后续处理`),
    el('p', { class: 'muted' }, '与命令行的退出核查、指标计算和整改问题生成相同；一次只运行一项。'),
    el('p', { style: 'display: flex; flex-wrap: wrap; gap: 8px' }, ...buttons),
    el('p', {}, bar, ' ', label), msg, out);
}

// The page of one job (#/job/ID); a sample design's with its field list.
export async function jobPage(id, listLinks) {
  const job = await getJSON(`/api/jobs/${encodeURIComponent(id)}`);
  const res = job.result || {};
  return [el('h2', {}, `任务 ${job.id}:${job.name}`),
    el('p', { class: 'muted' }, `${job.user} 于 ${job.started_at} 开始${job.ended_at ? `,${job.ended_at} 结束` : ''}`),
    ...jobResult(job), job.kind === 'sample' && res.status === 'done' && listLinks ? listLinks(res.design) : null];
}
