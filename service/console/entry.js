// entry.js - data entry. The forms (PK target, rencana aksi and realisasi
// per triwulan) are sent as the values sheet of `kinerja import`, through
// ImportCsv: a number typed the Indonesian way (71,38 or 1.738.126,5) is
// read by the service's own parser, never by the browser, so the form
// accepts exactly what an import accepts. Each problem comes back at
// FILE:LINE: COLUMN and is shown at the field the line came from; nothing
// is written until a dry run of the whole form passes. CSV upload works the
// same way on the user's files.

import { call, requestId } from './api.js';
import { h, num, table, TW } from './ui.js';
import { session, link, unitName } from './app.js';
import { capaianTable } from './unit.js';

const SHEET = 'formulir.csv';
const HEADER = 'unit,indicator,year,kind,value,period';

// A CSV field, quoted when it must be (a decimal comma always is).
function csvField(s) {
  return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

// "formulir.csv:3: value" -> { file, line: 3, column: "value" }.
function where(field) {
  const m = /^(.*):(\d+): (.*)$/.exec(field || '');
  return m ? { file: m[1], line: Number(m[2]), column: m[3] } : null;
}

function resultText(r) {
  return (r.created || 0) + ' baru, ' + (r.updated || 0) + ' diperbarui, ' + (r.unchanged || 0) + ' tidak berubah';
}

// The inputs of one indicator: yearly PK target and realisasi, and per
// triwulan the rencana aksi target and the realisasi to date.
function indicatorFields(row, quarters, values, disabled) {
  const fields = [];
  const field = (kind, period, label) => {
    const id = 'f-' + row.indicator + '-' + kind + '-' + period;
    const err = h('span', { class: 'field-error', id: id + '-err', 'aria-live': 'polite' });
    const v = values[kind + period] || '';
    const input = h('input', { id, type: 'text', inputmode: 'decimal', autocomplete: 'off', disabled,
      value: v, 'data-indicator': row.indicator, 'data-kind': kind, 'data-period': period,
      'data-original': v, 'aria-describedby': id + '-err' });
    fields.push(h('div', { class: 'field' }, h('label', { for: id, text: label }), input, err));
  };
  field('target', 0, 'Target PK tahunan');
  field('realisasi', 0, 'Realisasi tahunan');
  if (quarters)
    for (let t = 1; t <= 4; t++) {
      field('target', t, 'Rencana aksi ' + TW[t]);
      field('realisasi', t, 'Realisasi s.d. ' + TW[t]);
    }
  return h('fieldset', { class: 'indicator' },
    h('legend', { text: row.indicator + ' - ' + row.name + ' (' + row.satuan + ')' }),
    h('div', { class: 'grid' }, fields));
}

// What the form holds now, for the fields that changed, as sheet rows.
function changedRows(form, unit, year) {
  const rows = [];
  for (const input of form.querySelectorAll('input[data-kind]')) {
    const v = input.value.trim();
    if (v === '' || v === input.dataset.original) continue;
    const p = Number(input.dataset.period);
    rows.push({ input, cells: [unit, input.dataset.indicator, String(year), input.dataset.kind, v, p ? 'tw' + p : ''] });
  }
  return rows;
}

function clearErrors(root) {
  for (const e of root.querySelectorAll('.field-error')) e.textContent = '';
  for (const i of root.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
}

// Shows each FieldError at the input its line came from; the rest (and
// a refusal without details) in the form's own message.
function showErrors(e, rows, general) {
  const rest = [];
  for (const d of e.details || []) {
    const w = where(d.field), row = w && rows[w.line - 2];
    if (!row) { rest.push((d.field ? d.field + ': ' : '') + d.message); continue; }
    row.input.setAttribute('aria-invalid', 'true');
    const err = document.getElementById(row.input.id + '-err');
    err.textContent = (err.textContent ? err.textContent + '; ' : 'Tidak valid: ') +
      (w.column === 'value' ? '' : w.column + ': ') + d.message;
  }
  general.className = 'error';
  general.textContent = 'Belum tersimpan: ' + (rest.length ? rest.join('; ') : e.message);
  const first = rows.find((r) => r.input.getAttribute('aria-invalid'));
  if (first) first.input.focus();
}

async function loadValues(unit, year) {
  const c = await call('GetCapaian', { unit, year, triwulan: 0 });
  const values = {}, quarters = {};
  for (const r of c.indicators || []) {
    values[r.indicator] = {};
    if ('target' in r) values[r.indicator].target0 = num(r.target);
    if ('realisasi' in r) values[r.indicator].realisasi0 = num(r.realisasi);
  }
  for (let t = 1; t <= 4; t++) {
    const q = await call('GetCapaian', { unit, year, triwulan: t });
    for (const r of q.indicators || []) {
      const v = values[r.indicator] || (values[r.indicator] = {});
      quarters[r.indicator] = r.na_reason !== 'the indicator takes yearly values only';
      if ('target' in r) v['target' + t] = num(r.target);
      if ('realisasi' in r && r.realisasi_triwulan === t) v['realisasi' + t] = num(r.realisasi);
    }
  }
  return { c, values, quarters };
}

export async function entryPage(view, unit, q) {
  const year = Number(q.get('tahun')) || new Date().getFullYear() - 1;
  const { c, values, quarters } = await loadValues(unit, year);
  const locked = c.approval.state === 'APPROVAL_STATE_APPROVED';
  const readOnly = locked || session.who.role === 'viewer';
  const general = h('p', { id: 'form-status', role: 'status' });
  const result = h('div', { id: 'hasil' }, capaianTable(c, 0));
  const form = h('form', { id: 'form-isi', novalidate: true },
    (c.indicators || []).map((r) => indicatorFields(r, quarters[r.indicator], values[r.indicator] || {}, readOnly)));
  view.append(h('h1', { text: 'Isi data ' + unitName(unit) + ' ' + year }),
    h('p', { class: 'no-print' }, h('a', { href: link('unit', unit, { tahun: year }), text: 'Kembali ke halaman unit' })));
  if (locked)
    view.append(h('p', { id: 'locked', class: 'locked', role: 'note',
      text: 'Data ' + year + ' sudah ' + c.approval.label + ' dan terkunci: formulir hanya dapat dibaca. ' +
        'Untuk mengubahnya, verifikator atau admin harus membuka kembali (buka) tahun ini dengan alasan.' }));
  else if (readOnly)
    view.append(h('p', { class: 'locked', text: 'Peran viewer hanya dapat membaca.' }));
  else
    view.append(h('p', { class: 'note', text: 'Tulis angka seperti di dokumen: 71,38 atau 1.738.126.580. ' +
      'Layanan memeriksa seluruh formulir dulu; tidak ada yang disimpan sampai semua isian benar. Kolom kosong tidak diubah.' }));
  view.append(form);
  if (!readOnly) {
    const check = h('button', { type: 'button', id: 'periksa', text: 'Periksa' });
    const save = h('button', { type: 'submit', id: 'simpan', text: 'Simpan' });
    form.append(h('div', { class: 'actions' }, check, save), general);
    const send = async (write) => {
      clearErrors(form);
      const rows = changedRows(form, unit, year);
      if (!rows.length) {
        general.className = '';
        general.textContent = 'Tidak ada perubahan.';
        return;
      }
      const text = [HEADER, ...rows.map((r) => r.cells.map(csvField).join(','))].join('\n') + '\n';
      const files = [{ name: SHEET, text }];
      general.className = '';
      general.textContent = 'Memeriksa...';
      try {
        const dry = await call('ImportCsv', { files, validate_only: true });
        if (!write) {
          general.textContent = 'Semua isian valid (' + resultText(dry) + '); belum disimpan.';
          return;
        }
        const r = await call('ImportCsv', { files }, { requestId: requestId() });
        general.textContent = 'Tersimpan: ' + resultText(r) + '.';
        for (const row of rows) row.input.dataset.original = row.input.value.trim();
        const fresh = await call('GetCapaian', { unit, year, triwulan: 0 });
        result.replaceChildren(...capaianTable(fresh, 0));
      } catch (e) {
        showErrors(e, rows, general);
      }
    };
    check.addEventListener('click', () => send(false));
    form.addEventListener('submit', (ev) => { ev.preventDefault(); send(true); });
  }
  view.append(h('h2', { text: 'Capaian ' + year }), result);
}

export async function uploadPage(view) {
  const input = h('input', { id: 'berkas', type: 'file', accept: '.csv,text/csv', multiple: true });
  const dry = h('button', { type: 'button', id: 'uji', text: 'Uji (tanpa menyimpan)' });
  const save = h('button', { type: 'button', id: 'simpan-csv', text: 'Simpan', disabled: true });
  const out = h('div', { id: 'hasil-csv', 'aria-live': 'polite' });
  let files = null;
  const read = async () => Promise.all([...input.files].map(async (f) => ({ name: f.name, text: await f.text() })));
  input.addEventListener('change', () => { files = null; save.disabled = true; out.replaceChildren(); });
  const problems = (e) => {
    const rows = (e.details || []).map((d) => {
      const w = where(d.field);
      return h('tr', {}, h('td', { text: w ? w.file + ':' + w.line : d.field || '-' }),
        h('td', { text: w ? w.column : '-' }), h('td', { text: d.message }));
    });
    return [h('p', { class: 'error', role: 'alert', text: 'Tidak ada yang disimpan: ' + e.message }),
      rows.length ? table(['Berkas:baris', 'Kolom', 'Masalah'], rows, { id: 'tabel-masalah' }) : null];
  };
  dry.addEventListener('click', async () => {
    if (!input.files.length) return out.replaceChildren(h('p', { class: 'error', text: 'Pilih berkas CSV dulu.' }));
    files = await read();
    save.disabled = true;
    try {
      const r = await call('ImportCsv', { files, validate_only: true });
      out.replaceChildren(h('p', { class: 'ok', text: 'Semua baris valid: ' + resultText(r) + '. Tekan Simpan untuk menulis.' }));
      save.disabled = false;
    } catch (e) {
      out.replaceChildren(...problems(e).filter(Boolean));
    }
  });
  save.addEventListener('click', async () => {
    save.disabled = true;
    try {
      const r = await call('ImportCsv', { files }, { requestId: requestId() });
      out.replaceChildren(h('p', { class: 'ok', text: 'Tersimpan: ' + resultText(r) + '.' }));
    } catch (e) {
      out.replaceChildren(...problems(e).filter(Boolean));
    }
  });
  view.append(h('h1', { text: 'Unggah CSV' }),
    h('p', { text: 'Lembar CSV yang sama dengan `kinerja import` (unit, indikator, nilai, anggaran, AKIP, SKM). ' +
      'Berkas diuji dulu; kesalahan per baris ditampilkan dan tidak ada yang ditulis sampai semuanya benar.' }),
    h('form', { id: 'form-unggah', onsubmit: (e) => e.preventDefault() },
      h('label', { for: 'berkas', text: 'Berkas CSV' }), input, h('div', { class: 'actions' }, dry, save)), out);
}
