#!/usr/bin/env python3
"""test_console.py - the web console (issue #16) in headless Chromium.

Run by test_console.sh, which starts kinerjad --demo --auth and passes the
tokens in the environment (CONSOLE_ADMIN, CONSOLE_TIRAM, CONSOLE_BALAI).
Every figure the console shows is checked against the kinerja CLI on the
same server; every write is checked with the CLI afterwards. Prints TAP.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import (StaleElementReferenceException,
                                        TimeoutException)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
         '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync',
         '--window-size=1280,900']
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; "
       "img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
       "form-action 'none'; frame-ancestors 'none'")

args = None
results = []


def ok(cond, what, why=''):
    results.append(bool(cond))
    n = len(results)
    print(('ok %d - %s' if cond else 'not ok %d - %s') % (n, what))
    if not cond and why:
        for line in str(why).splitlines():
            print('#   ' + line)
    sys.stdout.flush()


def cli(token, *argv):
    env = dict(os.environ, KINERJA_TOKEN=token)
    p = subprocess.run([args.kinerja, '--url', args.url] + list(argv),
                       capture_output=True, text=True, env=env, timeout=60)
    if p.returncode != 0:
        raise RuntimeError('kinerja %s: %s' % (' '.join(argv), p.stderr))
    return p.stdout


def cli_capaian(token, unit, year):
    """The CLI's capaian table: {indicator: [cells of the row]}."""
    out = cli(token, 'capaian', '--unit', unit, '--year', str(year))
    rows, inside = {}, False
    for line in out.splitlines():
        if line.startswith('No  Sasaran'):
            inside = True
            continue
        if inside and not line.strip():
            break
        if inside:
            cells = re.split(r'\s{2,}', line.strip())
            rows[cells[2]] = cells
    return rows


def console_capaian(d):
    """The console's Tabel 3.1: {indicator: [cells of the row]}."""
    rows = {}
    for tr in d.find_elements(By.CSS_SELECTOR, '#tabel-capaian tbody tr'):
        cells = [td.text.strip() for td in tr.find_elements(By.TAG_NAME, 'td')]
        rows[cells[2]] = cells
    return rows


def wait(d, cond, timeout=60):  # generous: kinerjad may run under ASan
    # The pages redraw: an element found may be replaced before it is read.
    return WebDriverWait(d, timeout, ignored_exceptions=[
        StaleElementReferenceException]).until(cond)


def shown(css):
    def f(d):
        els = d.find_elements(By.CSS_SELECTOR, css)
        return els[0] if els and els[0].is_displayed() else False
    return f


def text_in(css, part):
    def f(d):
        els = d.find_elements(By.CSS_SELECTOR, css)
        return els[0] if els and part in els[0].text else False
    return f


def browser():
    o = webdriver.ChromeOptions()
    o.binary_location = '/usr/bin/chromium'
    o.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    for f in FLAGS + ['--user-data-dir=' + tempfile.mkdtemp(dir=args.tmp)]:
        o.add_argument(f)
    return webdriver.Chrome(service=Service('/usr/bin/chromedriver'),
                            options=o)


def sign_in(d, token):
    d.get(args.base + '/#/masuk')
    d.execute_script('sessionStorage.clear()')
    d.get(args.base + '/#/masuk')
    box = wait(d, shown('#token'))
    box.send_keys(token)
    d.find_element(By.CSS_SELECTOR, '#signin button[type=submit]').click()
    wait(d, shown('#signout'))


def go(d, route, css):
    d.get(args.base + '/' + route)
    d.refresh()  # a hash change alone does not reload the module
    return wait(d, shown(css))


def shot(d, name):
    d.save_screenshot(os.path.join(args.out, name))


def static_files():
    r = urllib.request.urlopen(args.base + '/', timeout=10)
    h = r.headers
    ok(r.status == 200 and h['Content-Type'].startswith('text/html'),
       'GET / is the console, text/html', h['Content-Type'])
    ok(h['Content-Security-Policy'] == CSP, 'the console has the CSP',
       h['Content-Security-Policy'])
    ok(h['X-Content-Type-Options'] == 'nosniff' and
       h['Referrer-Policy'] == 'no-referrer', 'nosniff and no-referrer')
    r = urllib.request.urlopen(args.base + '/console/app.js', timeout=10)
    etag = r.headers['ETag']
    ok(r.headers['Content-Type'].startswith('text/javascript') and etag,
       'app.js is text/javascript with an ETag', r.headers)
    req = urllib.request.Request(args.base + '/console/app.js',
                                 headers={'If-None-Match': etag})
    try:
        urllib.request.urlopen(req, timeout=10)
        ok(False, 'a known ETag is 304')
    except urllib.error.HTTPError as e:
        ok(e.code == 304, 'a known ETag is 304', e.code)
    try:
        urllib.request.urlopen(args.base + '/console/nope.js', timeout=10)
        ok(False, 'an unknown file is 404')
    except urllib.error.HTTPError as e:
        ok(e.code == 404, 'an unknown file is 404', e.code)


def download_report(d):
    where = tempfile.mkdtemp(dir=args.tmp)
    d.execute_cdp_cmd('Page.setDownloadBehavior',
                      {'behavior': 'allow', 'downloadPath': where})
    d.find_element(By.XPATH, '//button[text()="LKjIP (HTML)"]').click()
    wait(d, text_in('#unduh [role=status]', 'diunduh'))
    name = d.find_element(By.CSS_SELECTOR, '#unduh [role=status]').text
    name = name.split(': ', 1)[1]
    path = os.path.join(where, name)
    wait(d, lambda _: os.path.exists(path))
    with open(path, encoding='utf-8') as f:
        html = f.read()
    ok(name.endswith('.html') and 'BAB III' in html and 'Sei Balai' in html,
       'the LKjIP downloads as HTML from GetReport', name)


def dashboard_and_unit(d, admin):
    sign_in(d, admin)
    ok(d.execute_script('return document.cookie') == '' and
       d.execute_script("return sessionStorage.getItem('kinerja.token')") ==
       admin, 'the token is in sessionStorage only, no cookie')
    go(d, '#/dasbor?wilayah=batubara&tahun=2025&tw=0',
       '#tabel-unit tbody tr')
    units = [tr.get_attribute('data-unit') for tr in
             d.find_elements(By.CSS_SELECTOR, '#tabel-unit tbody tr')]
    ok('tanjung-tiram' in units and 'sei-balai' in units,
       'the dashboard lists the units of batubara', units)
    first = d.find_element(By.CSS_SELECTOR, '#tabel-unit tbody tr')
    ranking = json.loads(cli(admin, '--format', 'json', 'ranking',
                             '--region', 'batubara', '--year', '2025',
                             '--overall'))
    ok(first.get_attribute('data-unit') == ranking['rows'][0]['unit'],
       'the first unit is the CLI\'s first', ranking['rows'][0])
    wait(d, shown('figure.chart svg'))
    ok(d.find_elements(By.CSS_SELECTOR, 'figure.chart svg rect'),
       'the ranking chart is the service\'s SVG')
    shot(d, 'console-dashboard.png')
    d.find_element(By.LINK_TEXT, 'Kecamatan Sei Balai').click()
    go(d, '#/unit/sei-balai?tahun=2024', '#riwayat table')
    want, got = cli_capaian(admin, 'sei-balai', 2024), console_capaian(d)
    ok(got == want and len(got) == 2,
       'the capaian table equals the CLI\'s', '%r\n%r' % (got, want))
    download_report(d)
    ok(len(d.find_elements(By.CSS_SELECTOR, '#tren figure.chart svg')) == 2,
       'the unit page has a trend chart per indicator')
    ok('disetujui' in d.find_element(By.ID, 'approval-label').text,
       'the unit page shows the approval state')
    shot(d, 'console-unit.png')


def realisasi_field(d):
    f = d.find_element(By.ID, 'f-IKM-realisasi-0')
    f.clear()
    return f


def entry(d, tiram):
    sign_in(d, tiram)
    go(d, '#/isi/tanjung-tiram?tahun=2025', '#f-IKM-realisasi-0')
    realisasi_field(d).send_keys('71,38')
    d.find_element(By.ID, 'simpan').click()
    wait(d, text_in('#form-status', 'Tersimpan'))
    want = cli_capaian(tiram, 'tanjung-tiram', 2025)['IKM']
    got = [td.text for td in d.find_elements(
        By.CSS_SELECTOR, '#hasil tr[data-indicator=IKM] td')]
    ok(want[5] == '71,38' and got == want,
       'a realisasi of 71,38 is saved and the new capaian shown',
       '%r\n%r' % (got, want))
    realisasi_field(d).send_keys('1.738')
    d.find_element(By.ID, 'simpan').click()
    err = wait(d, text_in('#f-IKM-realisasi-0-err', 'angka ambigu'))
    field = d.find_element(By.ID, 'f-IKM-realisasi-0')
    ok(field.get_attribute('aria-invalid') == 'true' and
       'Belum tersimpan' in d.find_element(By.ID, 'form-status').text,
       '1.738 is an error at its field', err.text)
    shot(d, 'console-form-error.png')
    ok(cli_capaian(tiram, 'tanjung-tiram', 2025)['IKM'][5] == '71,38',
       'the refused form wrote nothing')


def upload(d, token, name, text, expect):
    path = os.path.join(args.tmp, name)
    with open(path, 'w') as f:
        f.write(text)
    go(d, '#/unggah', '#berkas').send_keys(path)
    d.find_element(By.ID, 'uji').click()
    return wait(d, text_in('#hasil-csv', expect))


def csv_upload(d, tiram):
    upload(d, tiram, 'unggah.csv',
           'unit,indicator,year,kind,value,period\n'
           'tanjung-tiram,IKM,2025,realisasi,"77,77",\n'
           'tanjung-tiram,IKM,2025,realisasi,"abc",\n',
           'Tidak ada yang disimpan')
    rows = [tr.text for tr in d.find_elements(
        By.CSS_SELECTOR, '#tabel-masalah tbody tr')]
    ok(len(rows) == 1 and rows[0].startswith('unggah.csv:3 value'),
       'the dry run shows the bad row', rows)
    ok(not d.find_element(By.ID, 'simpan-csv').is_enabled(),
       'Simpan stays off after a failed dry run')
    ok(cli_capaian(tiram, 'tanjung-tiram', 2025)['IKM'][5] == '71,38',
       'the CSV with a bad row wrote nothing (CLI)')


def approval(d, tiram):
    go(d, '#/unit/tanjung-tiram?tahun=2025', '#approval-label')
    buttons = [b.text for b in d.find_elements(
        By.CSS_SELECTOR, '#persetujuan button[data-action]')]
    ok(buttons == ['Ajukan'], 'a submitter may only submit a draft', buttons)
    d.find_element(By.CSS_SELECTOR, '#persetujuan button[data-action]').click()
    label = wait(d, text_in('#approval-label', 'diajukan'))
    ok(label.text.startswith('diajukan'), 'Ajukan moves the year to diajukan',
       label.text)


def locked_year(d, balai):
    sign_in(d, balai)
    note = go(d, '#/isi/sei-balai?tahun=2024', '#locked')
    inputs = d.find_elements(By.CSS_SELECTOR, '#form-isi input')
    ok('terkunci' in note.text and inputs and
       all(not i.is_enabled() for i in inputs) and
       not d.find_elements(By.ID, 'simpan'),
       'a locked year\'s form is read-only and says why', note.text)
    el = upload(d, balai, 'balai.csv',
                'unit,indicator,year,kind,value,period\n'
                'sei-balai,IKM,2024,realisasi,"80,5",\n', 'sudah disetujui')
    ok('buka kembali dulu' in el.text,
       'the submitter is refused on the locked year', el.text)
    ok(cli_capaian(balai, 'sei-balai', 2024)['IKM'][5] == '75,35',
       'the locked year is unchanged (CLI)')


def main():
    global args
    p = argparse.ArgumentParser()
    for a in ('base', 'kinerja', 'url', 'out', 'tmp'):
        p.add_argument('--' + a, required=True)
    args = p.parse_args()
    admin, tiram, balai = (os.environ['CONSOLE_' + k]
                           for k in ('ADMIN', 'TIRAM', 'BALAI'))
    static_files()
    d = browser()
    try:
        for step, token in ((dashboard_and_unit, admin), (entry, tiram),
                            (csv_upload, tiram), (approval, tiram),
                            (locked_year, balai)):
            try:
                step(d, token)
            except (TimeoutException, RuntimeError, KeyError) as e:
                ok(False, step.__name__ + ' ran to the end',
                   '%s: %s\n%s' % (type(e).__name__, e,
                                   d.find_element(By.TAG_NAME, 'main').text))
        logs = [l for l in d.get_log('browser')
                if 'Content Security Policy' in l['message']]
        ok(not logs, 'no CSP violation in the browser', logs)
    finally:
        d.quit()
    print('1..%d' % len(results))
    return 0 if all(results) else 1


if __name__ == '__main__':
    sys.exit(main())
