// SPDX-License-Identifier: MIT
// dom.js - building elements (values always as text, never as HTML).

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

// (reading the JSON API: api.js)

// A numeric column's header aligned as its figures (right): a header whose
// column has a cell of class n gets class n too.
export function alignHeads(root) {
  for (const t of root.querySelectorAll('table')) {
    const heads = t.tHead ? [...t.tHead.rows[0].cells] : [];
    heads.forEach((th, i) => {
      if ([...t.tBodies].some((b) => [...b.rows].some((r) => r.cells[i] && r.cells[i].classList.contains('n')))) th.classList.add('n');
    });
  }
}
