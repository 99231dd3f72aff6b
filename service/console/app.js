// app.js - the console's shell: sign in, who is signed in (WhoAmI), the
// navigation and the hash routes of the pages. Every figure is read from
// the service; the pages only lay it out.

import { call, token, ApiError } from './api.js';
import { h } from './ui.js';
import { dashboard } from './dashboard.js';
import { unitPage } from './unit.js';
import { entryPage, uploadPage } from './entry.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
export const session = { who: null, units: [] };

// A route: #/page/arg?key=value; the current year before the last is
// the one a LKjIP reports on.
function parse() {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  const [page, arg] = path.split('/').map(decodeURIComponent);
  const q = new URLSearchParams(query || '');
  return { page: page || '', arg, q };
}

export function link(page, arg, params) {
  const q = new URLSearchParams(params || {}).toString();
  return '#/' + page + (arg ? '/' + encodeURIComponent(arg) : '') + (q ? '?' + q : '');
}

export function defaultYear() {
  return new Date().getFullYear() - 1;
}

export function showError(where, e) {
  const msg = e instanceof ApiError ? e.message : String(e);
  where.replaceChildren(h('p', { class: 'error', role: 'alert', text: 'Gagal: ' + msg }));
}

function signIn(message) {
  nav.replaceChildren();
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'off',
    required: true, spellcheck: 'false' });
  const status = h('p', { id: 'signin-status', role: 'status', class: message ? 'error' : '',
    text: message || '' });
  const form = h('form', { id: 'signin', class: 'card narrow' },
    h('h1', { text: 'Masuk' }),
    h('p', { text: 'Tempelkan token API yang diberikan admin kinerja. Token hanya disimpan di tab ini dan hilang saat tab ditutup.' }),
    h('label', { for: 'token', text: 'Token API' }), input,
    h('button', { type: 'submit', text: 'Masuk' }), status);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    token.set(input.value.trim());
    status.className = '';
    status.textContent = 'Memeriksa token...';
    try {
      await whoAmI();
      location.hash = home();
      route();
    } catch (e) {
      token.clear();
      status.className = 'error';
      status.textContent = 'Token ditolak: ' + e.message;
    }
  });
  main.replaceChildren(form);
  input.focus();
}

async function whoAmI() {
  session.who = await call('WhoAmI');
  const all = (await call('ListUnits')).units || [];
  session.units = all;
  return session.who;
}

export const unitName = (code) =>
  (session.units.find((u) => u.code === code) || { name: code }).name;

// Where a role starts: a submitter at its unit, everyone else at the
// dashboard of a region.
function home() {
  const w = session.who;
  if (w.role === 'submitter' && w.units.length === 1) return link('unit', w.units[0], {});
  return link('dasbor', '', {});
}

function drawNav() {
  const w = session.who;
  const items = [['Dasbor', link('dasbor', '', {})]];
  if (w.role === 'submitter')
    for (const u of w.units) items.push([unitName(u), link('unit', u, {})]);
  if (w.role !== 'viewer') items.push(['Unggah CSV', link('unggah', '', {})]);
  nav.replaceChildren(
    h('ul', {}, items.map(([t, href]) => h('li', {}, h('a', { href, text: t })))),
    h('p', { class: 'who', text: w.name + ' (' + w.role + ')' }),
    h('button', { type: 'button', id: 'signout', class: 'link', text: 'Keluar',
      onclick: () => { token.clear(); session.who = null; location.hash = '#/masuk'; route(); } }));
}

async function route() {
  if (!token.get()) return signIn();
  try {
    if (!session.who) await whoAmI();
  } catch (e) {
    token.clear();
    return signIn('Sesi berakhir: ' + e.message);
  }
  drawNav();
  const { page, arg, q } = parse();
  const view = h('div', { class: 'view' });
  main.replaceChildren(view);
  try {
    if (page === 'unit' && arg) await unitPage(view, arg, q);
    else if (page === 'isi' && arg) await entryPage(view, arg, q);
    else if (page === 'unggah') await uploadPage(view);
    else if (page === 'dasbor') await dashboard(view, q);
    else location.hash = home();
  } catch (e) {
    showError(view, e);
  }
  const h1 = view.querySelector('h1');
  if (h1) { h1.tabIndex = -1; h1.focus(); }
}

window.addEventListener('hashchange', route);
route();
