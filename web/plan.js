// SPDX-License-Identifier: MIT
// plan.js - importing the 整改清单 sheet (#/plan-import): the user chooses
// the sheet (the problem list exported and filled in: CSV, XLSX or XLS),
// the server runs a dry run (POST /api/problems/import?dry_run=1, the same
// use case as `kaohe rectify import`) and the page shows what would change,
// problem by problem and field by field, with the warnings; only when the
// user confirms is the same file sent again to be applied. A refusal shows
// the server's reason with the row and column; nothing is written then.
// Every value from the server is put in the page as text.
// docs/http-api.md, "Plan import".
import { el } from './dom.js';
import { upload } from './api.js';

function where(e) {
  const b = e.body && e.body.error;
  if (!b || !b.file) return '';
  return `(${b.file}${b.row ? ` 第 ${b.row} 行` : ' 表头'}${b.column ? `,“${b.column}”列` : ''})`;
}

function changesTable(res) {
  const t = el('table', { id: 'plan-changes' }, el('thead', {}, el('tr', {},
    ...['问题编号', '表中行', '问题', '字段', '原值', '新值'].map((h) => el('th', {}, h)))));
  const b = el('tbody');
  for (const p of res.problems) {
    if (!p.new && !p.fields.length) continue;
    const head = p.new ? `新问题(${p.region},${p.source},${p.category},${p.year} 年)` : String(p.id);
    const fields = p.fields.length ? p.fields : [{ field: '—', was: '', now: '' }];
    fields.forEach((f, i) => {
      b.append(el('tr', { 'data-id': String(p.id), class: p.new ? 'new' : '' },
        el('td', {}, i ? '' : head), el('td', { class: 'n' }, i ? '' : p.row), el('td', {}, i ? '' : p.text),
        el('td', {}, f.field), el('td', {}, f.was || '(空)'), el('td', {}, f.now || '(空)')));
    });
  }
  t.append(b);
  return t;
}

function summary(res) {
  const same = res.problems.filter((p) => !p.new && !p.fields.length).length;
  return `${res.dry_run ? '将' : '已'}新增 ${res.added} 个问题,${res.dry_run ? '将' : '已'}更新 ${res.updated} 个,${same} 个没有变化。`;
}

// The page into root for user me (may.rectify decides whether it shows).
export function renderPlanImport(root, me) {
  const title = el('h2', {}, '导入整改清单');
  if (!me.may.rectify) {
    root.replaceChildren(title, el('p', { class: 'muted', id: 'plan-denied' }, '你的角色不能导入整改清单。'));
    return;
  }
  const file = el('input', { type: 'file', id: 'plan-file', accept: '.csv,.xlsx,.xls' });
  const allowNew = el('input', { type: 'checkbox', id: 'plan-allow-new' });
  const ident = el('input', { type: 'checkbox', id: 'plan-update-identity' });
  const form = el('form', { id: 'plan-form', class: 'kv' },
    el('label', {}, '整改清单文件'), file,
    el('label', {}, '没有问题编号的行'), el('span', {}, allowNew, ' 登记为新问题'),
    el('label', {}, '问题、区划、类别与库中不符'), el('span', {}, ident, ' 按表更正(否则拒绝)'),
    el('span'), el('button', { type: 'submit' }, '预览变化'));
  const msg = el('p', { id: 'plan-msg', class: 'muted' }, '先预览:服务器试导入并列出每个问题每个字段的变化,确认后才写入。');
  const out = el('div', { id: 'plan-out' });
  let chosen = null;

  async function send(dry) {
    const args = new URLSearchParams({ name: chosen.name, dry_run: dry ? '1' : '0' });
    if (allowNew.checked) args.set('allow_new', '1');
    if (ident.checked) args.set('update_identity', '1');
    msg.className = 'muted';
    msg.textContent = dry ? '正在试导入……' : '正在导入……';
    try {
      return await upload(`/api/problems/import?${args}`, chosen);
    } catch (e) {
      msg.className = 'error';
      msg.textContent = `${dry ? '预览' : '导入'}未通过,数据库未改动:${e.message}${where(e)}`;
      out.replaceChildren();
      return null;
    }
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    chosen = file.files[0] || null;
    if (!chosen) { msg.className = 'error'; msg.textContent = '请先选择文件。'; return; }
    const res = await send(true);
    if (!res) return;
    msg.className = 'muted';
    msg.textContent = '预览完成,尚未写入。';
    const nodes = [el('p', { id: 'plan-summary' }, summary(res))];
    if (res.warnings.length) {
      nodes.push(el('ul', { id: 'plan-warnings' }, ...res.warnings.map((w) => el('li', {}, `第 ${w.row} 行:${w.message}(${w.value})`))));
    }
    if (res.added || res.updated) {
      nodes.push(el('div', { class: 'scroll' }, changesTable(res)));
      const ok = el('button', { type: 'button', id: 'plan-confirm' }, '确认导入');
      const no = el('button', { type: 'button', id: 'plan-cancel' }, '取消');
      ok.addEventListener('click', async () => {
        ok.disabled = true;
        const done = await send(false);
        if (!done) return;
        msg.className = 'ok';
        msg.textContent = '导入完成。';
        out.replaceChildren(el('p', { id: 'plan-done' }, summary(done)),
          el('p', {}, el('a', { href: '#/problems' }, '查看问题清单')));
      });
      no.addEventListener('click', () => { out.replaceChildren(); msg.textContent = '已取消,数据库未改动。'; });
      nodes.push(el('p', {}, ok, ' ', no));
    } else {
      nodes.push(el('p', { class: 'muted', id: 'plan-nothing' }, '表中没有要改动的内容。'));
    }
    out.replaceChildren(...nodes);
  });
  root.replaceChildren(title, el('p', {}, el('a', { href: '#/problems' }, '← 问题清单')), form, msg, out);
}
