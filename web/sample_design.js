// SPDX-License-Identifier: MIT
// sample_design.js - 抽样 (#/sample) for the roles that design the
// 第三方评估's sample (系统管理员, 考核组: [web] sample_manage_roles): a
// form with `kaohe sample design`'s parameters, run as a background job
// (POST /api/jobs?kind=sample, the same use case as the command line,
// which decides who may), followed with a progress bar; its result shows
// the design's numbers and offers the design's field list (入户调查表,
// GET /api/samples/ID/lists) as XLSX or CSV, the heads' ID numbers masked
// as the role's masking says. Every value from the server is put in the
// page as text.
import { el } from './dom.js';
import { api, getJSON } from './api.js';
import { follow, jobResult } from './jobs.js';

const LEVELS = ['省', '市', '县'];

// The field list's download links of design id (0: the latest).
export function listLinks(id, prefix = 'lists') {
  return el('p', { id: `${prefix}-links` }, '入户调查表:',
    el('a', { href: `/api/samples/${id}/lists?format=xlsx`, id: `${prefix}-xlsx`, download: '' }, '下载 XLSX'),
    ' · ',
    el('a', { href: `/api/samples/${id}/lists?format=csv`, id: `${prefix}-csv`, download: '' }, '下载 CSV'),
    el('span', { class: 'muted' }, '(户主证件号码按脱敏规则只显示后四位;填好后即可作为入户调查结果导入)'));
}

const field = (label, input) => el('label', { style: 'display: block; margin: 4px 0' }, label, ' ', input);

export async function sampleDesignPage(q, year) {
  const { years } = await getJSON('/api/years');
  const title = el('h2', { id: 'sample-design-title' }, '抽样设计(第三方评估)');
  if (!years.length) {
    return [title, el('div', { class: 'empty', id: 'empty' }, el('p', {}, '尚未导入任何年度的建档立卡数据,无法抽样。'))];
  }
  // the regions a design may cover: the top of the scope down to the
  // counties (GET /api/regions?parent=, one level at a time)
  const areas = [];
  let level = (await getJSON('/api/regions')).regions;
  while (level.length) {
    const here = level.filter((r) => LEVELS.includes(r.level));
    areas.push(...here);
    const parents = here.filter((r) => r.level !== '县');
    level = (await Promise.all(parents.map((r) => getJSON(`/api/regions?parent=${r.code}`)))).flatMap((x) => x.regions);
  }
  areas.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const pickYear = el('select', { id: 'sd-year' }, ...years.map((y) => {
    const o = el('option', { value: String(y) }, `${y} 年`);
    if (String(y) === String(year || years[years.length - 1])) o.selected = true;
    return o;
  }));
  const pickRegion = el('select', { id: 'sd-region' }, ...areas.map((r) =>
    el('option', { value: r.code }, `${r.name}(${r.level})`)));
  const margin = el('input', { id: 'sd-margin', value: '5%', size: '6' });
  const confidence = el('input', { id: 'sd-confidence', placeholder: '默认 95%', size: '8' });
  const villages = el('input', { id: 'sd-villages', type: 'number', min: '2', placeholder: '按标准', size: '6' });
  const households = el('input', { id: 'sd-households', type: 'number', min: '1', placeholder: '按计算', size: '6' });
  const seed = el('input', { id: 'sd-seed', type: 'number', min: '0', value: '1', size: '6' });
  const button = el('button', { type: 'submit', id: 'sd-run' }, '运行抽样设计');
  const bar = el('progress', { id: 'job-progress', max: '100', value: '0', style: 'width: 100%; max-width: 480px' });
  const label = el('span', { id: 'job-percent' }, '');
  const msg = el('p', { id: 'job-msg', class: 'muted' });
  const out = el('div', { id: 'job-out' });
  const form = el('form', { id: 'sample-design' },
    field('年度', pickYear), field('抽样区域', pickRegion), field('误差界', margin),
    field('置信度', confidence), field('每县抽村数', villages), field('每村抽户数', households),
    field('随机种子', seed), el('p', {}, button));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    button.disabled = true;
    out.replaceChildren();
    bar.value = 0;
    msg.className = 'muted';
    const args = { kind: 'sample', year: pickYear.value, region: pickRegion.value, margin: margin.value.trim() };
    if (confidence.value.trim()) args.confidence = confidence.value.trim();
    if (villages.value) args.villages_per_county = villages.value;
    if (households.value) args.households_per_village = households.value;
    if (seed.value) args.seed = seed.value;
    try {
      const d = await api('POST', `/api/jobs?${new URLSearchParams(args)}`);
      msg.textContent = `第 ${d.id} 号任务进行中……`;
      const job = await follow(d.id, bar, label);
      const res = job.result || {};
      msg.textContent = `${job.name}(${job.year} 年):${res.status === 'done' ? '完成' : '未执行'}`;
      msg.className = res.status === 'done' ? 'ok' : 'error';
      out.replaceChildren(...jobResult(job, Object.fromEntries(areas.map((r) => [r.code, r.name]))));
      if (res.status === 'done') out.append(listLinks(res.design));
      out.append(el('p', {}, el('a', { href: `#/job/${job.id}`, id: 'job-link' }, '任务页面')));
    } catch (err) {
      msg.textContent = err.message;
      msg.className = 'error';
    } finally {
      button.disabled = false;
    }
  });
  return [title,
    el('p', { class: 'muted' }, '分层(县)两阶段抽样:村按规模成比例抽取,户在村内按已脱贫、未脱贫、非建档立卡三类随机抽取;'
      + '样本量按错退率、漏评率的误差界和整群设计效应计算。与命令行的抽样设计相同,同一种子结果相同;一次只运行一项任务。'),
    form, el('p', {}, bar, ' ', label), msg, out];
}
