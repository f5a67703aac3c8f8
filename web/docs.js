// SPDX-License-Identifier: MIT
// docs.js - the document downloads of the UI (GET /api/reports/...,
// docs/http-api.md): the 明白卡 of a village from the household list and a
// household's page; the 整改报告 (PDF, XLSX) and the 问题清单 (XLSX) from the
// problem list and the board, with the board's filters. Each download is
// audited by the server and names who made it and when.
import { el } from './dom.js';

// A village's code: 12 digits, the last three not 000.
export const isVillage = (code) => /^\d{12}$/.test(code || '') && !code.endsWith('000');

function link(id, href, text) {
  return el('a', { id, href, download: '', class: 'download' }, text);
}

// The 明白卡 of a village (all its households, one page each).
export function cardLink(village, year) {
  const q = new URLSearchParams({ village });
  if (year) q.set('year', String(year));
  return link('download-card', `/api/reports/card?${q}`, `下载本村扶贫明白卡(PDF)`);
}

// On the household list: the card when the list is one village's.
export function householdDocs(region, year) {
  return isVillage(region) ? el('p', { class: 'docs', id: 'household-docs' }, cardLink(region, year)) : null;
}

// The rectification documents of what the user sees; q's year, status,
// category and source narrow the problem list as they narrow the board.
export function problemDocs(q) {
  const y = new URLSearchParams();
  if (q && q.get('year')) y.set('year', q.get('year'));
  const list = new URLSearchParams(y);
  for (const k of ['status', 'category', 'source']) if (q && q.get(k)) list.set(k, q.get(k));
  const pdf = new URLSearchParams(y);
  pdf.set('format', 'pdf');
  const xlsx = new URLSearchParams(y);
  xlsx.set('format', 'xlsx');
  return el('p', { class: 'docs', id: 'problem-docs' },
    link('download-ledger', `/api/reports/ledger${y.toString() ? `?${y}` : ''}`, '整改台账(XLSX)'), ' · ',
    link('download-rectify-pdf', `/api/reports/rectify?${pdf}`, '整改报告(PDF)'), ' · ',
    link('download-rectify-xlsx', `/api/reports/rectify?${xlsx}`, '整改报告(XLSX)'), ' · ',
    link('download-problems', `/api/reports/problems${list.toString() ? `?${list}` : ''}`, '问题清单(XLSX)'));
}
