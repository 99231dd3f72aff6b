// unit.js - one unit's page: the capaian table in the shape of the
// LKjIP's Tabel 3.1, the approval state and its buttons, trends with the
// service's charts, tingkat kemajuan, the budget tree with serapan, the
// survey and the AKIP evaluation, the history of changes, and the
// downloads. Each section loads on its own: one that fails says so and
// the others still show.

import { call, requestId } from './api.js';
import { h, num, rupiah, reason, table, download, saveBlob, TW } from './ui.js';
import { session, link, unitName } from './app.js';
import { periodForm, chart } from './dashboard.js';

function section(id, title) {
  const body = h('div', { class: 'body' }, h('p', { role: 'status', text: 'Memuat...' }));
  const el = h('section', { id, 'aria-labelledby': id + '-h' }, h('h2', { id: id + '-h', text: title }), body);
  return { el, body };
}

async function fill(s, fn) {
  try {
    s.body.replaceChildren(...[await fn()].flat(Infinity).filter(Boolean));
  } catch (e) {
    s.body.replaceChildren(h('p', { class: 'note', text: 'Tidak tersedia: ' + e.message }));
  }
}

// "BB (71,00)" for an AKIP value, "85,00" for a number, as the CLI.
function valueText(has, v, predikat, converted) {
  if (!has) return '-';
  if (converted) return predikat + '* (' + num(v) + ')';
  return predikat ? predikat + ' (' + num(v) + ')' : num(v);
}

export function capaianTable(c, tw) {
  const head = ['No', 'Sasaran', 'Indikator', 'Satuan',
    tw ? 'Target ' + TW[tw] : c.against === 'AGAINST_RENSTRA' ? 'Target Renstra' : 'Target',
    tw ? 'Realisasi s.d. ' + TW[tw] : 'Realisasi', 'Capaian (%)', 'Predikat'];
  if (tw) head.push('Capaian thd target tahunan (%)');
  const rows = (c.indicators || []).map((r, i) => h('tr', { 'data-indicator': r.indicator },
    h('td', { class: 'num', text: String(i + 1) }),
    h('td', { text: r.sasaran }),
    h('td', { title: r.name, text: r.indicator }),
    h('td', { text: r.satuan }),
    h('td', { class: 'num', text: valueText('target' in r, r.target, r.target_predikat, r.target_converted) }),
    h('td', { class: 'num', text: valueText('realisasi' in r, r.realisasi, r.realisasi_predikat, r.realisasi_converted) + (r.realisasi_derived ? '\u2020' : '') }),
    h('td', { class: 'num', text: num(r.capaian) }),
    h('td', { text: r.predikat || reason(r.na_reason) }),
    tw ? h('td', { class: 'num', text: num(r.year_capaian) }) : null));
  return [
    table(head, rows, { id: 'tabel-capaian' }),
    h('p', { id: 'capaian-unit', text: 'Capaian kinerja ' + c.unit.name + ': ' + num(c.capaian) + ' (' + (c.predikat || '-') + ')' }),
  ];
}

// The steps the caller's role may take from this state (docs/approval.md);
// the service decides in the end.
function steps(state) {
  const role = session.who.role, judge = role === 'verifier' || role === 'admin';
  const s = [];
  if (state === 'APPROVAL_STATE_DRAFT' && (role === 'submitter' || role === 'admin'))
    s.push(['APPROVAL_ACTION_SUBMIT', 'Ajukan', false]);
  if (state === 'APPROVAL_STATE_SUBMITTED' && judge) s.push(['APPROVAL_ACTION_VERIFY', 'Verifikasi', false]);
  if (state === 'APPROVAL_STATE_VERIFIED' && judge) s.push(['APPROVAL_ACTION_APPROVE', 'Setujui', false]);
  if ((state === 'APPROVAL_STATE_SUBMITTED' || state === 'APPROVAL_STATE_VERIFIED') && judge)
    s.push(['APPROVAL_ACTION_RETURN', 'Kembalikan', true]);
  if (state === 'APPROVAL_STATE_APPROVED' && judge) s.push(['APPROVAL_ACTION_REOPEN', 'Buka', true]);
  return s;
}

function approvalBox(unit, year, a, reload) {
  const out = h('p', { role: 'status', id: 'approval-status' });
  const why = h('input', { id: 'alasan', type: 'text', maxlength: 500 });
  const list = steps(a.state);
  const buttons = list.map(([action, label, needsReason]) => h('button', {
    type: 'button', 'data-action': action, text: label,
    onclick: async () => {
      if (needsReason && !why.value.trim()) {
        out.className = 'error';
        out.textContent = label + ' memerlukan alasan.';
        return why.focus();
      }
      try {
        await call('TransitionYear', { unit, year, action, reason: why.value.trim() }, { requestId: requestId() });
        reload();
      } catch (e) {
        out.className = 'error';
        out.textContent = 'Ditolak: ' + e.message;
      }
    } }));
  return [
    h('p', {}, 'Status data ' + year + ': ', h('strong', { id: 'approval-label', text: a.label })),
    a.reason ? h('p', { class: 'note', text: 'Alasan terakhir: ' + a.reason }) : null,
    list.length ? h('div', { class: 'actions' },
      list.some((s) => s[2]) ? [h('label', { for: 'alasan', text: 'Alasan (wajib untuk kembalikan dan buka)' }), why] : [],
      buttons) : null,
    out,
  ];
}

async function trends(unit, year, c) {
  const parts = [];
  for (const r of c.indicators || []) {
    const t = await call('GetTrend', { unit, indicator: r.indicator, to_year: year });
    const fig = await chart({ kind: 'CHART_KIND_TREND', unit, indicator: r.indicator, year }, 'tren');
    const rows = (t.points || []).map((p) => h('tr', {},
      h('td', { text: String(p.year) }), h('td', { class: 'num', text: num(p.target) }),
      h('td', { class: 'num', text: num(p.realisasi) }), h('td', { class: 'num', text: num(p.capaian) }),
      h('td', { text: p.predikat || '-' })));
    parts.push(h('h3', { text: r.indicator + ' - ' + r.name }), fig,
      table(['Tahun', 'Target', 'Realisasi', 'Capaian (%)', 'Predikat'], rows),
      t.on_track_reason ? h('p', { class: 'note', text: t.on_track_reason })
        : h('p', { text: 'Proyeksi ' + t.end_year + ': ' + num(t.projection) + ' (' + (t.on_track ? 'sesuai jalur' : 'tidak sesuai jalur') + ')' }));
  }
  return parts.length ? parts : h('p', { text: 'Tidak ada indikator.' });
}

async function progress(unit, year) {
  const p = await call('GetProgress', { unit, year });
  return table(['Indikator', 'Realisasi', 'Target akhir Renstra', 'Tahun akhir', 'Tingkat kemajuan (%)'],
    (p.rows || []).map((r) => h('tr', {},
      h('td', { text: r.indicator }), h('td', { class: 'num', text: num(r.realisasi) }),
      h('td', { class: 'num', text: num(r.end_target) }), h('td', { text: r.end_year ? String(r.end_year) : '-' }),
      h('td', { class: 'num', text: 'kemajuan' in r ? num(r.kemajuan) : reason(r.na_reason) }))));
}

function amountCells(a) {
  a = a || {};
  return [h('td', { class: 'num', text: rupiah(a.pagu_sen) }), h('td', { class: 'num', text: rupiah(a.realisasi_sen) }),
    h('td', { class: 'num', text: num(a.serapan) })];
}

async function budget(unit, year) {
  const b = await call('GetBudget', { unit, year });
  const rows = (b.lines || []).map((l) => h('tr', { class: 'depth-' + Math.min(l.depth, 3) },
    h('td', { text: l.code }), h('td', { class: 'name', text: l.name }), amountCells(l.amount)));
  rows.push(h('tr', { class: 'total' }, h('td', {}), h('th', { scope: 'row', text: 'Jumlah program' }), amountCells(b.total)));
  const bel = (b.belanja || []).map((l) => h('tr', { class: 'depth-' + Math.min(l.depth, 3) },
    h('td', { class: 'name', text: l.name }), amountCells(l.amount)));
  return [await chart({ kind: 'CHART_KIND_BUDGET', unit, year }, 'anggaran'),
    table(['Kode', 'Program / kegiatan', 'Pagu', 'Realisasi', 'Serapan (%)'], rows),
    bel.length ? [h('h3', { text: 'Belanja' }), table(['Jenis belanja', 'Pagu', 'Realisasi', 'Serapan (%)'], bel)] : [],
    (b.findings || []).map((f) => h('p', { class: 'note', text: f.message || JSON.stringify(f) }))];
}

async function survey(unit, year) {
  const s = await call('GetSurvey', { unit, year });
  const who = s.respondents_unknown ? 'jumlah responden tidak diketahui' : s.respondents + ' responden';
  return [h('p', { text: 'IKM ' + num(s.ikm) + ', mutu ' + s.mutu + ' (' + s.mutu_label + '), ' + who }),
    table(['Unsur', 'Nama', 'NRR'], (s.unsur || []).map((u) => h('tr', {},
      h('td', { text: 'U' + u.unsur }), h('td', { text: u.name }), h('td', { class: 'num', text: num(u.nrr) }))))];
}

async function akip(unit, year) {
  const a = await call('GetAkipEvaluation', { unit, year });
  return [h('p', { text: 'Nilai AKIP ' + num(a.total) + ', predikat ' + a.predikat + ' (' + a.predikat_label + ')' }),
    table(['Komponen', 'Bobot', 'Nilai', 'Target', 'Capaian (%)'], (a.components || []).map((k) => h('tr', {},
      h('td', { text: k.name }), h('td', { class: 'num', text: num(k.weight) }), h('td', { class: 'num', text: num(k.score) }),
      h('td', { class: 'num', text: num(k.target) }), h('td', { class: 'num', text: num(k.capaian) }))))];
}

async function history(unit, year) {
  const r = await call('GetHistory', { unit, year, limit: 50 });
  const rows = (r.revisions || []).slice().reverse().map((v) => h('tr', {},
    h('td', { text: new Date(Number(v.at_ms)).toISOString().replace('T', ' ').slice(0, 16) }),
    h('td', { text: v.actor }), h('td', { text: v.what + (v.indicator ? ' ' + v.indicator : '') }),
    h('td', { text: (v.old_value === undefined ? '(baru)' : v.old_value) + ' \u2192 ' + (v.new_value || '(dihapus)') }),
    h('td', { text: v.reason })));
  return rows.length ? table(['Waktu (UTC)', 'Oleh', 'Data', 'Perubahan', 'Alasan'], rows)
    : h('p', { text: 'Belum ada perubahan tercatat.' });
}

function downloads(unit, year) {
  const out = h('p', { role: 'status' });
  const report = (kind, format, label) => h('button', { type: 'button', text: label, onclick: async () => {
    out.textContent = 'Menyiapkan ' + label + '...';
    try {
      const r = await call('GetReport', { unit, year, kind, format });
      download(r.document, r.content_type, r.filename);
      out.textContent = label + ' diunduh: ' + r.filename;
    } catch (e) {
      out.textContent = label + ' gagal: ' + e.message;
    }
  } });
  const exp = h('button', { type: 'button', text: 'Ekspor data (JSON)', onclick: async () => {
    try {
      const r = await call('Export', { unit, year });
      saveBlob(new Blob([JSON.stringify(r, null, 1)], { type: 'application/json' }), 'kinerja-' + unit + '-' + year + '.json');
      out.textContent = 'Ekspor diunduh.';
    } catch (e) {
      out.textContent = 'Ekspor gagal: ' + e.message;
    }
  } });
  return [h('div', { class: 'actions' },
    report('REPORT_KIND_LKJIP', 'REPORT_FORMAT_HTML', 'LKjIP (HTML)'),
    report('REPORT_KIND_LKJIP', 'REPORT_FORMAT_DOCX', 'LKjIP (Word)'),
    report('REPORT_KIND_PK', 'REPORT_FORMAT_HTML', 'Perjanjian Kinerja (HTML)'), exp), out];
}

export async function unitPage(view, unit, q) {
  const { form, year, tw } = periodForm('unit', unit, q);
  const reload = () => { view.replaceChildren(); unitPage(view, unit, q); };
  const c = await call('GetCapaian', { unit, year, triwulan: tw });
  const canWrite = session.who.role !== 'viewer';
  view.append(h('h1', { text: unitName(unit) }), form,
    h('p', { class: 'no-print' }, h('a', { href: link('dasbor', '', { tahun: year }), text: 'Kembali ke dasbor' }),
      canWrite ? [' \u00b7 ', h('a', { href: link('isi', unit, { tahun: year }), id: 'link-isi', text: 'Isi data ' + year })] : []));
  const sec = {
    approval: section('persetujuan', 'Persetujuan'),
    capaian: section('capaian', 'Tabel 3.1 Capaian kinerja ' + year + (tw ? ' ' + TW[tw] : '')),
    unduh: section('unduh', 'Unduh'),
    tren: section('tren', 'Tren'),
    kemajuan: section('kemajuan', 'Tingkat kemajuan'),
    anggaran: section('anggaran', 'Anggaran dan serapan'),
    survei: section('survei', 'Survei kepuasan masyarakat (IKM)'),
    akip: section('akip', 'Evaluasi AKIP'),
    riwayat: section('riwayat', 'Riwayat perubahan'),
  };
  view.append(...Object.values(sec).map((s) => s.el));
  sec.approval.body.replaceChildren(...approvalBox(unit, year, c.approval, reload).filter(Boolean));
  sec.capaian.body.replaceChildren(...capaianTable(c, tw));
  sec.unduh.body.replaceChildren(...downloads(unit, year));
  await Promise.all([
    fill(sec.tren, () => trends(unit, year, c)),
    fill(sec.kemajuan, () => progress(unit, year)),
    fill(sec.anggaran, () => budget(unit, year)),
    fill(sec.survei, () => survey(unit, year)),
    fill(sec.akip, () => akip(unit, year)),
    fill(sec.riwayat, () => history(unit, year)),
  ]);
  view.setAttribute('data-loaded', 'unit');
}
