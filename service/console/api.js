// api.js - the console's one way to the service: POST /v1/<Method> with
// the token from sessionStorage as a Bearer header. Never a cookie (so no
// request can be forged from another site), never in a URL, never logged.

const KEY = 'kinerja.token';

export const token = {
  get: () => sessionStorage.getItem(KEY),
  set: (t) => sessionStorage.setItem(KEY, t),
  clear: () => sessionStorage.removeItem(KEY),
};

// A refusal of the service: its gRPC code, message and per-item details.
export class ApiError extends Error {
  constructor(status, body) {
    super(body.message || 'HTTP ' + status);
    this.status = status;
    this.code = body.code;
    this.details = body.details || [];
  }
}

export async function call(method, body = {}, opts = {}) {
  const headers = { 'Content-Type': 'application/json' };
  const t = token.get();
  if (t) headers.Authorization = 'Bearer ' + t;
  if (opts.requestId) headers['X-Request-Id'] = opts.requestId;
  let r;
  try {
    r = await fetch('/v1/' + method, {
      method: 'POST', headers, body: JSON.stringify(body),
      credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer',
    });
  } catch (e) {
    throw new ApiError(0, { code: 14, message: 'layanan tidak terjangkau' });
  }
  let data;
  try {
    data = await r.json();
  } catch (e) {
    data = { code: 13, message: 'jawaban layanan bukan JSON (HTTP ' + r.status + ')' };
  }
  if (!r.ok) throw new ApiError(r.status, data);
  return data;
}

// A fresh request id, so that a write resent after a lost answer is not
// applied twice (docs/api.md, "Replay by request id").
export function requestId() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return 'console-' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
