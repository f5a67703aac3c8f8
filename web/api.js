// SPDX-License-Identifier: MIT
// api.js - the UI's one client of the JSON API (docs/http-api.md): JSON
// requests, the CSRF token on every write, the server's errors as
// ApiError (status, code, message, the whole reply), and uploads with
// their progress. The session is the HttpOnly cookie; the token comes from
// the login reply or /api/me (setCsrf).

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.error ? body.error.message : status ? `HTTP ${status}` : '网络错误,请检查连接后重试');
    this.status = status;
    this.code = body && body.error ? body.error.code : '';
    this.body = body;
  }
}

let csrf = '';

// The token sent back in X-CSRF-Token ('' after logging out).
export function setCsrf(token) { csrf = token || ''; }

// METHOD path with body as JSON (writes); the reply's JSON, or ApiError.
export async function api(method, path, body) {
  const opt = { method, headers: {}, credentials: 'same-origin' };
  if (method !== 'GET') {
    opt.headers['Content-Type'] = 'application/json';
    if (csrf) opt.headers['X-CSRF-Token'] = csrf;
    opt.body = JSON.stringify(body || {});
  }
  let r;
  try { r = await fetch(path, opt); } catch (e) { throw new ApiError(0, null); }
  let data = null;
  try { data = await r.json(); } catch (e) { data = null; }
  if (!r.ok) throw new ApiError(r.status, data);
  return data;
}

export const getJSON = (path) => api('GET', path);

// POST a file (a File or Blob, sent as application/octet-stream) or a
// FormData (multipart) to path; onProgress(percent) as it goes up. The
// reply's JSON, or ApiError.
export function upload(path, body, onProgress) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', path);
    if (csrf) x.setRequestHeader('X-CSRF-Token', csrf);
    // (FormData: the browser sets multipart/form-data with its boundary)
    if (!(body instanceof FormData)) x.setRequestHeader('Content-Type', 'application/octet-stream');
    if (onProgress) {
      x.upload.addEventListener('progress', (e) => {
        if (e.lengthComputable && e.total) onProgress(Math.round((100 * e.loaded) / e.total));
      });
    }
    x.addEventListener('load', () => {
      let d = null;
      try { d = JSON.parse(x.responseText); } catch (e) { d = null; }
      if (x.status >= 200 && x.status < 300) {
        if (onProgress) onProgress(100);
        resolve(d);
      } else reject(new ApiError(x.status, d));
    });
    x.addEventListener('error', () => reject(new ApiError(0, null)));
    x.addEventListener('abort', () => reject(new ApiError(0, null)));
    x.send(body);
  });
}

// GET /api/enums once (the standards' label lists and every registry
// column's title); a failure is not kept.
let enumsOnce = null;
export function enums() {
  if (!enumsOnce) enumsOnce = getJSON('/api/enums').catch((e) => { enumsOnce = null; throw e; });
  return enumsOnce;
}

// The pages' field labels from /api/enums' columns: key -> title, a money
// field with "(元)".
export function columnLabels(columns) {
  return Object.fromEntries((columns || []).map((c) => [c.key, c.money ? `${c.column}(元)` : c.column]));
}
