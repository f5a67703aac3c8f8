// SPDX-License-Identifier: MIT
// inputs.js - several assessment inputs files in one request: a
// multipart/form-data body, one part "inputs" a file under its own name
// (POST /api/assessments/S/Y/L/run, docs/http-api.md); the server merges
// them as `kaohe assess run --inputs A --inputs B` does and refuses a cell
// given differently in two files, naming both.

// The body, sent by api.js's upload (which adds the CSRF token; the
// browser sets multipart/form-data with its boundary).
export function inputsBody(files) {
  const body = new FormData();
  for (const f of files) body.append('inputs', f, f.name);
  return body;
}
