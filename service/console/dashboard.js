// dashboard.js - a region's units for a year or a triwulan: capaian,
// predikat, completeness and approval state, ranked, with the service's
// ranking chart; each unit links to its page.

import { call } from './api.js';
import { h, num, reason, svgNode, table, TW } from './ui.js';
import { session, link, defaultYear, unitName } from './app.js';

// The regions the caller may look over: a verifier's own, else every
// unit that has units under it, kabupaten first.
function regions() {
  const w = session.who;
  if (w.role === 'verifier' && w.units.length) return w.units;
  const parents = new Set(session.units.map((u) => u.parent));
  return session.units.filter((u) => parents.has(u.code))
    .sort((a, b) => (a.level === 'LEVEL_KABUPATEN' ? -1 : 0) - (b.level === 'LEVEL_KABUPATEN' ? -1 : 0))
    .map((u) => u.code);
}

// The year, triwulan (and region) pickers; a change moves the route.
export function periodForm(page, arg, q, extra) {
  const year = Number(q.get('tahun')) || defaultYear();
  const tw = Number(q.get('tw')) || 0;
  const ySel = h('select', { id: 'tahun' });
  for (let y = defaultYear() + 2; y >= defaultYear() - 6; y--)
    ySel.append(h('option', { value: y, selected: y === year, text: String(y) }));
  const tSel = h('select', { id: 'tw' }, TW.map((t, i) => h('option', { value: i, selected: i === tw, text: t })));
  const form = h('form', { class: 'period', 'aria-label': 'Periode' },
    extra || [],
    h('label', { for: 'tahun', text: 'Tahun' }), ySel,
    h('label', { for: 'tw', text: 'Periode' }), tSel);
  form.addEventListener('change', () => {
    const p = { tahun: ySel.value, tw: tSel.value };
    const r = form.querySelector('#wilayah');
    if (r) p.wilayah = r.value;
    if (q.get('indikator')) p.indikator = q.get('indikator');
    location.hash = link(page, arg, p);
  });
  form.addEventListener('submit', (e) => e.preventDefault());
  return { form, year, tw };
}

async function capaianOf(units, year, tw) {
  const out = {};
  await Promise.all(units.map(async (u) => {
    out[u] = await call('GetCapaian', { unit: u, year, triwulan: tw });
  }));
  return out;
}

// The service's chart (GetChart), or a note saying why there is none.
export async function chart(request, what) {
  try {
    const c = await call('GetChart', request);
    return h('figure', { class: 'chart' }, svgNode(c.svg), h('figcaption', { text: c.title }));
  } catch (e) {
    return h('p', { class: 'note', text: 'Grafik ' + what + ' tidak tersedia: ' + e.message });
  }
}

// The ranking chart is of one indicator's capaian: a picker for it.
async function rankingChart(region, year, q) {
  const inds = (await call('ListIndicators')).indicators || [];
  const ind = q.get('indikator') || (inds[0] && inds[0].code) || '';
  const sel = h('select', { id: 'indikator' },
    inds.map((i) => h('option', { value: i.code, selected: i.code === ind, text: i.code + ' - ' + i.name })));
  sel.addEventListener('change', () => {
    const p = Object.fromEntries(q.entries());
    p.indikator = sel.value;
    location.hash = link('dasbor', '', p);
  });
  return [h('div', { class: 'period no-print' }, h('label', { for: 'indikator', text: 'Indikator' }), sel),
    await chart({ kind: 'CHART_KIND_RANKING', unit: region, indicator: ind, year }, 'peringkat')];
}

export async function dashboard(view, q) {
  const list = regions();
  const region = q.get('wilayah') || list[0];
  const rSel = h('select', { id: 'wilayah' },
    list.map((c) => h('option', { value: c, selected: c === region, text: unitName(c) })));
  const { form, year, tw } = periodForm('dasbor', '', q,
    [h('label', { for: 'wilayah', text: 'Wilayah' }), rSel]);
  view.append(h('h1', { text: 'Dasbor ' + unitName(region) }), form);
  if (!region) return view.append(h('p', { text: 'Tidak ada wilayah yang dapat ditampilkan.' }));
  const [comp, ranking] = await Promise.all([
    call('GetCompleteness', { region, year, triwulan: tw }),
    tw ? null : call('GetRanking', { region, year, measure: 'RANK_MEASURE_OVERALL' }),
  ]);
  const units = (comp.units || []).map((c) => c.unit.code);
  const cap = tw ? await capaianOf(units, year, tw) : null;
  const rank = {};
  for (const r of (ranking && ranking.rows) || []) rank[r.unit] = r;
  const rows = (comp.units || []).map((c) => {
    const code = c.unit.code, r = rank[code], k = cap && cap[code];
    const value = r ? r.value : k && k.capaian;
    const pred = r ? r.predikat || reason(r.na_reason) : k && (k.predikat || '-');
    return { code, name: c.unit.name, rank: r ? r.rank : 0, value, pred,
      percent: c.counts.percent, state: c.approval.label };
  }).sort((a, b) => (a.rank || 1e9) - (b.rank || 1e9) || a.name.localeCompare(b.name));
  const body = rows.map((r) => h('tr', { 'data-unit': r.code },
    h('td', { class: 'num', text: r.rank ? String(r.rank) : '-' }),
    h('th', { scope: 'row' }, h('a', { href: link('unit', r.code, { tahun: year, tw }), text: r.name })),
    h('td', { class: 'num', text: num(r.value) }),
    h('td', { text: r.pred || '-' }),
    h('td', { class: 'num', text: num(r.percent) }),
    h('td', { text: r.state })));
  view.append(
    h('h2', { text: 'Unit di bawah ' + unitName(region) + ', ' + year + (tw ? ' ' + TW[tw] : '') }),
    table(['Peringkat', 'Unit', 'Capaian (%)', 'Predikat', 'Kelengkapan (%)', 'Status'], body,
      { id: 'tabel-unit' }),
    h('p', { class: 'note', text: 'Kelengkapan: bagian dari target, realisasi, anggaran, survei dan evaluasi AKIP yang sudah diisi.' }));
  if (!tw) view.append(h('h2', { text: 'Peringkat capaian per indikator' }), ...await rankingChart(region, year, q));
}
