// SPDX-License-Identifier: MIT
// dom.js - what the UI's modules share: building elements (values always
// as text, never as HTML) and reading the JSON API.

export function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    // through the CSSOM, which the Content-Security-Policy allows (a style
    // attribute would need style-src 'unsafe-inline')
    else if (k === 'style') e.style.cssText = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const k of kids) {
    if (k === null || k === undefined) continue;
    e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return e;
}

// GET path as JSON; a failure throws an Error with the HTTP status and the
// server's message (what app.js's showError expects).
export async function getJSON(path) {
  const r = await fetch(path, { credentials: 'same-origin' });
  let d = null;
  try { d = await r.json(); } catch (e) { d = null; }
  if (!r.ok) {
    const e = new Error(d && d.error ? d.error.message : `HTTP ${r.status}`);
    e.status = r.status;
    e.code = d && d.error ? d.error.code : '';
    throw e;
  }
  return d;
}
