// SPDX-License-Identifier: MIT
// edit.js - the household page's history of changes and its edit form
// (docs/http-api.md, "Editing a household"). The form holds the values as
// a registry file writes them (money in 元, 是/否, labels) and sends only
// what was changed, with the version it was opened at; the server runs
// the import's checks and answers 422 with each finding's field, shown
// next to that field, or 409 when someone changed the household since.
// Every value is put in the page as text, never as HTML.

const HH_FIELDS = [
  ['village', '行政区划代码'], ['hh_type', '贫困户属性'], ['cause', '主要致贫原因'],
  ['year_in', '识别年度'], ['status', '户状态'], ['year_out', '脱贫年度'],
  ['inc_wage', '工资性收入(元)'], ['inc_business', '生产经营性收入(元)'],
  ['inc_property', '财产性收入(元)'], ['inc_transfer', '转移性收入(元)'],
  ['inc_dibao', '其中低保金(元)'], ['inc_tekun', '其中特困供养金(元)'],
  ['exp_business', '生产经营性支出(元)'], ['income_pc', '人均纯收入(元)'],
  ['med_oop', '自付医疗费用(元)'], ['housing', '住房安全等级'], ['water_safe', '饮水安全'],
  ['relocated', '易地扶贫搬迁'], ['reloc_self', '搬迁自筹金额(元)'], ['helper', '帮扶责任人'],
  ['helper_id', '帮扶责任人证件号码'], ['last_visit', '最近走访日期'], ['measures', '帮扶措施'],
  ['phone', '联系电话'],
];
const MEMBER_FIELDS = [
  ['name', '姓名'], ['id_no', '证件号码'], ['sex', '性别'], ['birth', '出生日期'],
  ['relation', '与户主关系'], ['ethnicity', '民族'], ['education', '文化程度'],
  ['schooling', '在校生状况'], ['health', '健康状况'], ['labour', '劳动技能'],
  ['work', '务工状况'], ['ins_med', '基本医疗保险'], ['ins_serious', '大病保险'],
  ['ins_pension', '基本养老保险'], ['treat_first', '先诊疗后付费'],
];
const MONEY = new Set(['inc_wage', 'inc_business', 'inc_property', 'inc_transfer', 'inc_dibao',
  'inc_tekun', 'exp_business', 'income_pc', 'med_oop', 'reloc_self']);
const YESNO = new Set(['water_safe', 'relocated', 'ins_med', 'ins_serious', 'ins_pension', 'treat_first']);
const MASKED = new Set(['id_no', 'helper_id', 'phone', 'birth']); // birth: its year (kaohe/mask.h)
const LABEL = Object.fromEntries([...HH_FIELDS, ...MEMBER_FIELDS]);

// A stored value (分, 0/1) as the registry writes it.
function asText(k, v) {
  if (v === undefined || v === null) return '';
  if (MONEY.has(k)) {
    const f = Number(v);
    return f % 100 === 0 ? String(f / 100) : (f / 100).toFixed(2);
  }
  if (YESNO.has(k)) return v ? '是' : '否';
  return String(v);
}

function historyTable(el, entries) {
  const t = el('table', { id: 'history' },
    el('thead', {}, el('tr', {}, el('th', {}, '时间'), el('th', {}, '修改人'), el('th', {}, '修改内容'))));
  const tb = el('tbody');
  for (const e of entries) {
    const ul = el('ul', { class: 'changes' });
    for (const c of e.changes) {
      const who = c.member ? `成员 ${c.member} ` : '';
      if (c.kind === 'add') ul.append(el('li', {}, `新增成员:${c.to.name || ''}(${c.to.id_no || ''})`));
      else if (c.kind === 'remove') ul.append(el('li', {}, `删除成员 ${c.member}:${c.from.name || ''}(${c.from.id_no || ''})`));
      else ul.append(el('li', {}, `${who}${c.column}:${c.from ?? '(空)'} → ${c.to ?? '(空)'}`));
    }
    tb.append(el('tr', {}, el('td', {}, e.at.replace('T', ' ').replace('Z', '')), el('td', {}, e.who), el('td', {}, ul)));
  }
  t.append(tb);
  return t;
}

// The items of a list value (帮扶措施), split as the registry's checker
// splits them.
function items(v) {
  return v.split(/[;,；，、]/).map((x) => x.trim()).filter((x) => x !== '');
}

// A list to choose one label from: the standards' labels, an empty choice
// when the field may be empty (or is), and a stored value the list does
// not hold kept as it is, said so.
function choice(el, id, key, value, en) {
  const sel = el('select', { id, name: key });
  if (!en.required || value === '') sel.append(el('option', { value: '' }, en.required ? '(请选择)' : '(空)'));
  for (const l of en.labels) sel.append(el('option', { value: l }, l));
  if (value !== '' && !en.labels.includes(value)) sel.append(el('option', { value }, `${value}(不在标准列表中)`));
  sel.value = value;
  return sel;
}

// Checkboxes for a list of labels; the value is the checked labels joined
// by ';' in the list's order (stored ones the list does not hold last).
function checks(el, id, key, value, en) {
  const box = el('span', { id, class: 'checks', role: 'group' });
  const have = items(value);
  const all = [...en.labels, ...have.filter((x) => !en.labels.includes(x))];
  const cbs = all.map((l, i) => {
    const cb = el('input', { type: 'checkbox', id: `${id}-${i}`, value: l });
    cb.checked = have.includes(l);
    box.append(el('label', { for: `${id}-${i}`, class: 'check' }, cb,
      en.labels.includes(l) ? l : `${l}(不在标准列表中)`));
    return cb;
  });
  return { box, get: () => cbs.filter((c) => c.checked).map((c) => c.value).join(';') };
}

// One labelled input (a list to choose from when en gives the field's
// labels); returns [label, cell] and records it in inputs.
function field(el, inputs, key, label, value, masked, scope, en) {
  const id = `f-${scope}-${key}`;
  let inp;
  let get;
  if (en && !masked && en.multiple) {
    const c = checks(el, id, key, value, en);
    inp = c.box;
    get = c.get;
  } else if (en && !masked) {
    inp = choice(el, id, key, value, en);
    get = () => inp.value;
  } else {
    inp = el('input', { id, name: key, 'data-scope': scope, autocomplete: 'off' });
    if (masked) inp.setAttribute('placeholder', `${value}(留空不改)`);
    else inp.value = value;
    get = () => inp.value;
  }
  const msg = el('span', { class: 'field-error', id: `${id}-error` });
  const orig = masked ? '' : get();
  inputs.push({ key, scope, inp, get, msg, orig, masked });
  if (en && !masked && en.multiple) {
    inp.setAttribute('aria-labelledby', `${id}-label`);
    return [el('span', { id: `${id}-label`, class: 'label' }, label), el('span', { class: 'field' }, inp, msg)];
  }
  return [el('label', { for: id }, label), el('span', { class: 'field' }, inp, msg)];
}

function memberBox(el, inputs, m, scope, title, masked, enums) {
  const box = el('fieldset', { class: 'member', 'data-scope': scope }, el('legend', {}, title));
  const f = el('div', { class: 'kv' });
  for (const [k, l] of MEMBER_FIELDS) {
    const isMasked = masked && MASKED.has(k) && m[k] !== undefined;
    f.append(...field(el, inputs, k, l, asText(k, m[k]), isMasked, scope, enums[k]));
  }
  box.append(f);
  return box;
}

function editForm(ctx, hist, enums) {
  const { el, api, d, year, hh } = ctx;
  const inputs = [];
  const masked = d.masked;
  const form = el('form', { id: 'edit-form', class: 'edit' });
  const hbox = el('div', { class: 'kv' });
  for (const [k, l] of HH_FIELDS) {
    const isMasked = masked && MASKED.has(k) && d.household[k] !== undefined;
    hbox.append(...field(el, inputs, k, l, asText(k, d.household[k]), isMasked, 'hh', enums[k]));
  }
  form.append(el('h4', {}, '农户信息'), hbox);
  const removed = new Set();
  d.members.forEach((m, i) => {
    const seq = i + 1;
    const box = memberBox(el, inputs, m, `m${seq}`, `成员 ${seq}`, masked, enums);
    const rm = el('input', { type: 'checkbox', id: `remove-${seq}` });
    rm.addEventListener('change', () => { if (rm.checked) removed.add(seq); else removed.delete(seq); });
    box.append(el('label', { for: `remove-${seq}`, class: 'remove' }, rm, ' 删除该成员'));
    form.append(box);
  });
  let added = 0;
  const addBtn = el('button', { type: 'button', id: 'add-member' }, '添加成员');
  addBtn.addEventListener('click', () => {
    added += 1;
    form.insertBefore(memberBox(el, inputs, {}, `a${added}`, `新成员 ${added}`, false, enums), addBtn);
  });
  const msg = el('p', { id: 'edit-msg', role: 'status' });
  const save = el('button', { type: 'submit', id: 'edit-save' }, '保存修改');
  form.append(addBtn, el('p', {}, save), msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    for (const x of inputs) { x.msg.textContent = ''; x.inp.classList.remove('invalid'); }
    msg.textContent = '';
    msg.className = '';
    const body = { version: hist.version };
    const household = {};
    const members = {};
    const adds = {};
    for (const x of inputs) {
      const v = x.get().trim();
      if (x.scope.startsWith('a')) {
        if (v !== '') (adds[x.scope] = adds[x.scope] || {})[x.key] = v;
        continue;
      }
      if (x.masked ? v === '' : v === x.orig) continue;
      if (x.scope === 'hh') household[x.key] = v;
      else (members[x.scope] = members[x.scope] || {})[x.key] = v;
    }
    if (Object.keys(household).length) body.household = household;
    const ms = Object.entries(members).map(([s, o]) => ({ seq: Number(s.slice(1)), ...o }));
    if (ms.length) body.members = ms;
    const as = Object.keys(adds).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))).map((s) => adds[s]);
    if (as.length) body.add_members = as;
    if (removed.size) body.remove_members = [...removed];
    save.disabled = true;
    try {
      const r = await api('POST', `/api/households/${encodeURIComponent(year)}/${encodeURIComponent(hh)}`, body);
      if (r.changed === 0) {
        msg.textContent = '没有改动。';
        save.disabled = false;
        return;
      }
      saved = r.changed;
      await ctx.rerender();
    } catch (e) {
      save.disabled = false;
      msg.className = 'error';
      if (e.status === 409) {
        msg.textContent = `${e.message}`;
        const again = el('button', { type: 'button', id: 'edit-reload' }, '重新打开');
        again.addEventListener('click', () => ctx.rerender());
        msg.append(' ', again);
      } else if (e.status === 422 && e.body && e.body.error.findings) {
        msg.textContent = `${e.message}(见标红的字段)`;
        for (const f of e.body.error.findings) {
          const scope = f.add ? `a${f.add}` : f.seq ? `m${f.seq}` : f.member ? `m${f.member}` : 'hh';
          const x = inputs.find((i) => i.scope === scope && i.key === f.field) ||
            inputs.find((i) => i.scope === 'hh' && i.key === f.field);
          const text = f.message + (x ? '' : `(${LABEL[f.field] || f.field || ''})`);
          if (x) {
            x.inp.classList.add('invalid');
            x.msg.textContent = (x.msg.textContent ? x.msg.textContent + ';' : '') + f.message;
          } else {
            msg.append(el('br'), text);
          }
        }
      } else {
        msg.textContent = e.message;
      }
    }
  });
  return form;
}

let saved = 0; // changes saved, said once on the page drawn after

// Append the history (and, for who may edit, the form) to the household
// page. ctx: { api, el, d (the household's JSON), year, hh, rerender() }.
export async function attachEdit(ctx) {
  const { api, el, year, hh } = ctx;
  const main = document.getElementById('main');
  let hist;
  try {
    hist = await api('GET', `/api/households/${encodeURIComponent(year)}/${encodeURIComponent(hh)}/history`);
  } catch (e) {
    main.append(el('p', { class: 'error' }, `修改记录:${e.message}`));
    return;
  }
  const sec = el('section', { id: 'edit' }, el('h3', {}, `修改记录(第 ${hist.version} 版)`));
  if (saved) sec.append(el('p', { class: 'ok', id: 'edit-saved' }, `已保存 ${saved} 处修改,并记入审计日志。`));
  saved = 0;
  sec.append(hist.entries.length ? historyTable(el, hist.entries) : el('p', { class: 'muted', id: 'history-none' }, '还没有修改记录。'));
  if (hist.may_edit) {
    const open = el('button', { type: 'button', id: 'edit-open' }, '修改本户信息');
    open.addEventListener('click', async () => {
      // The lists to choose the labels from, from the server's standards;
      // without them the fields are typed.
      let enums = {};
      let note = '按登记表填写(金额以元计,类别从列表中选);与导入相同的检查,出错不保存。';
      open.disabled = true;
      try {
        enums = (await api('GET', '/api/enums')).fields;
      } catch (e) {
        note = `类别列表未能取得(${e.message}),请按标准名称填写;与导入相同的检查,出错不保存。`;
      }
      open.replaceWith(el('p', { class: 'muted' }, note), editForm(ctx, hist, enums));
    });
    sec.append(open);
  }
  main.append(sec);
}
