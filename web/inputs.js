// SPDX-License-Identifier: MIT
// inputs.js - several assessment inputs files in one request: a
// multipart/form-data body, one part "inputs" a file under its own name
// (POST /api/assessments/S/Y/L/run, docs/http-api.md); the server merges
// them as `kaohe assess run --inputs A --inputs B` does and refuses a cell
// given differently in two files, naming both.

export function inputsRequest(url, files, csrf) {
  const body = new FormData();
  for (const f of files) body.append('inputs', f, f.name);
  // no Content-Type: the browser sets multipart/form-data with its boundary
  return new Request(url, { method: 'POST', credentials: 'same-origin', body, headers: { 'X-CSRF-Token': csrf } });
}
