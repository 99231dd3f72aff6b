// ui.js - building the page from data without ever parsing it as HTML:
// every text goes in as a text node; the service's SVG charts go through
// DOMParser as XML, not innerHTML.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// As the CLI writes a value: 2 to 4 decimals, a decimal comma, no
// grouping ("85,00", "71,375"); "-" when there is none.
export function num(v) {
  if (v === undefined || v === null) return '-';
  const e4 = Math.round(Math.abs(v) * 1e4);
  let frac = String(e4 % 1e4).padStart(4, '0');
  while (frac.length > 2 && frac.endsWith('0')) frac = frac.slice(0, -1);
  return (v < 0 && e4 ? '-' : '') + Math.floor(e4 / 1e4) + ',' + frac;
}

// Rupiah from sen (an int64 string in JSON): "Rp1.738.126.580".
export function rupiah(sen) {
  if (sen === undefined || sen === null) return '-';
  const s = BigInt(sen), neg = s < 0n, a = neg ? -s : s;
  const rp = (a / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const c = a % 100n;
  return (neg ? '-' : '') + 'Rp' + rp + (c ? ',' + c.toString().padStart(2, '0') : '');
}

// The service's reasons, as the CLI shows them (client/cli/output.c).
const REASONS = {
  'no target for the year': 'tidak ada target tahun ini',
  'no realisasi for the year': 'tidak ada realisasi tahun ini',
  'target is 0 for a maximize indicator': 'target 0 pada indikator yang dimaksimalkan',
  'target is negative': 'target negatif',
  'no indicator with a capaian': 'tidak ada indikator dengan capaian',
  'no sasaran with indicators': 'tidak ada sasaran dengan indikator',
  'not an indicator of the unit': 'bukan indikator unit ini',
  'no budget for the year': 'tidak ada anggaran tahun ini',
  'no serapan: pagu or realisasi missing': 'pagu atau realisasi anggaran tidak lengkap',
  'no budget with pagu and realisasi': 'tidak ada anggaran dengan pagu dan realisasi',
  'no capaian for the sasaran': 'tidak ada capaian untuk sasaran ini',
  'no capaian for the year': 'tidak ada capaian tahun ini',
  'no survey (SKM) for the year': 'tidak ada survei (SKM) tahun ini',
  'no AKIP evaluation for the year': 'tidak ada evaluasi AKIP tahun ini',
  'no Renstra end target': 'tidak ada target akhir Renstra',
  'no target for the triwulan': 'tidak ada target triwulan ini',
  'no realisasi for the triwulan': 'tidak ada realisasi triwulan ini',
  'the indicator takes yearly values only': 'indikator hanya bernilai tahunan',
};
export const reason = (why) => REASONS[why] || why || '';

// A chart from GetChart: the SVG parsed as XML, scripts and handlers
// dropped (the CSP would refuse them anyway), imported into the page.
export function svgNode(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.nodeName !== 'svg' || doc.getElementsByTagName('parsererror').length)
    return h('p', { class: 'note', text: 'Grafik tidak dapat dibaca.' });
  for (const bad of root.querySelectorAll('script, foreignObject')) bad.remove();
  for (const el of [root, ...root.querySelectorAll('*')])
    for (const a of [...el.attributes])
      if (/^on/i.test(a.name) || /javascript:/i.test(a.value)) el.removeAttribute(a.name);
  root.setAttribute('role', 'img');
  return document.importNode(root, true);
}

// Saves bytes (base64, as JSON carries bytes) as a file.
export function download(base64, type, filename) {
  const bin = atob(base64 || '');
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  saveBlob(new Blob([bytes], { type }), filename);
}

export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function table(head, rows, attrs) {
  return h('div', { class: 'scroll' },
    h('table', attrs || {},
      h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col', text: c })))),
      h('tbody', {}, rows)));
}

export const TW = ['Tahun', 'TW I', 'TW II', 'TW III', 'TW IV'];
