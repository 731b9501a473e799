// Smoke test of the real desktop window: the built Tauri app under Xvfb,
// driven by tauri-driver + WebKitWebDriver over the W3C WebDriver protocol.
//
// Needs: DISPLAY (scripts/test starts Xvfb), `tauri-driver` on PATH,
// /usr/bin/WebKitWebDriver, the app built with `--features custom-protocol`
// (CAREBOOK_DESKTOP_BIN) and the CLI (CAREBOOK_BIN) to make the demo book.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { ELEMENT, cliBin, desktopBin, startDriver, waitFor } from './driver.mjs';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, '../e2e/artifacts');

let stopDriver;
let wd;
let session;
let dir;

const find = async (css) => (await wd('POST', `/session/${session}/element`, { using: 'css selector', value: css }))[ELEMENT];
const findAll = async (css) =>
  (await wd('POST', `/session/${session}/elements`, { using: 'css selector', value: css })).map((e) => e[ELEMENT]);
// WebKitWebDriver answers "Get Element Text" with "" here; textContent is reliable.
const text = (el) => wd('GET', `/session/${session}/element/${el}/property/textContent`);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'carebook-desktop-'));
  const db = join(dir, 'desktop.sqlite');
  execFileSync(cliBin, ['demo', '--db', db, '--customers', '300', '--seed', '5'], { stdio: 'inherit' });
  ({ stop: stopDriver, wd } = await startDriver());
  const created = await wd('POST', '/session', {
    capabilities: { alwaysMatch: { 'tauri:options': { application: desktopBin, args: ['--db', db] } } },
  });
  session = created.sessionId;
});

/** Saves what the window shows (kept for a person to look at), then closes it. */
async function closeSession(id, name) {
  mkdirSync(artifacts, { recursive: true });
  const png = await wd('GET', `/session/${id}/screenshot`).catch(() => null);
  if (png) writeFileSync(join(artifacts, `${name}.png`), Buffer.from(png, 'base64'));
  const html = await wd('GET', `/session/${id}/source`).catch(() => null);
  if (html) writeFileSync(join(artifacts, `${name}.html`), html);
  await wd('DELETE', `/session/${id}`).catch(() => {});
}

after(async () => {
  if (session) await closeSession(session, 'desktop-window');
  stopDriver?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the window opens on the demo list; search, a request and an import work in it', async () => {
  const title = await wd('GET', `/session/${session}/title`);
  assert.equal(title, 'CareBook');

  const banner = await waitFor('the demo banner', () => find('[data-testid="demo-banner"]'));
  assert.ok((await text(banner)).length > 0, 'the demo banner says something');

  const before = await waitFor('customer rows', async () => {
    const rows = await findAll('[data-testid="customer-row"]');
    return rows.length >= 5 ? rows.length : 0;
  });

  const box = await find('[data-testid="search"]');
  await wd('POST', `/session/${session}/element/${box}/value`, { text: 'dang' });
  const names = await waitFor('search results', async () => {
    const rows = await findAll('[data-testid="customer-row"]');
    if (rows.length === 0 || rows.length >= before) return null;
    const names = await Promise.all((await findAll('[data-testid="row-name"]')).map(text));
    // Rows of the previous list may still be leaving: wait for settled text.
    return names.length === rows.length && names.every((n) => n.trim() !== '') ? names : null;
  });
  const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').toLowerCase();
  assert.ok(names.length < before, `search narrows the list (${names.length} < ${before})`);
  assert.match(fold(names[0]), /^dang /, `the best match "${names[0]}" is a Đặng`);

  // A request recorded on the profile goes through the window's IPC and comes back in the list.
  const click = (el) => wd('POST', `/session/${session}/element/${el}/click`, {});
  await click((await findAll('[data-testid="customer-row"]'))[0]);
  await waitFor('the care section', () => find('[data-testid="care"][data-loaded="true"]'));
  const before2 = (await findAll('[data-testid="request-item"]')).length;
  await click(await find('[data-testid="request-add"]'));
  const summary = await waitFor('the request form', () => find('[data-testid="request-summary"]'));
  await wd('POST', `/session/${session}/element/${summary}/value`, { text: 'Hỏi giá bánh kem 2 tầng' });
  await click(await find('[data-testid="request-save"]'));
  const items = await waitFor('the recorded request', async () => {
    const rows = await findAll('[data-testid="request-item"]');
    return rows.length > before2 ? rows : null;
  });
  const texts = await Promise.all(items.map(text));
  assert.ok(texts.some((t) => t.includes('Hỏi giá bánh kem 2 tầng')), 'the new request is listed');

  // A CSV file imported by its path: the import dialog offers the system's file
  // dialog (which WebDriver cannot drive), and the path it hands over goes
  // through the window's IPC exactly like this.
  const csv = join(dir, 'khach-moi.csv');
  writeFileSync(csv, '\ufeffHọ và tên,Điện thoại\r\nTrịnh Thị Nhập Mới,0977 123 987\r\nLâm Văn Nhập,0966 321 789\r\n');
  await click(await find('[data-testid="open-import"]'));
  await waitFor('the import dialog with its file button', () => find('[data-testid="import-pick"]'));
  await click(await find('[data-testid="import-dialog"] .modal-head button'));
  const imported = await wd('POST', `/session/${session}/execute/async`, {
    script: `const [path, done] = arguments;
      window.__TAURI_INTERNALS__.invoke('api', { cmd: 'import_commit', args: { path, skipProblemRows: false } })
        .then((r) => done(r), (e) => done({ error: e }));`,
    args: [csv],
  });
  assert.equal(imported.error, undefined, `the import by path: ${JSON.stringify(imported.error)}`);
  assert.equal(imported.batch.customersCreated, 2, 'the two customers were added');

  // The whole book exported to a JSON file typed as a path.
  // Today and the month view of the care calendar open in the window.
  await click(await find('[data-testid="section-today"]'));
  await waitFor('the today list', () => find('[data-testid="today"]'));
  await click(await find('[data-testid="section-calendar"]'));
  await waitFor('the month view', async () => ((await findAll('[data-testid="calendar-day"]')).length >= 28 ? true : null));
  await click(await find('[data-testid="actor-menu"]'));
  await click(await waitFor('the menu', () => find('[data-testid="open-export"]')));
  await click(await waitFor('the export dialog', () => find('[data-testid="export-format-json"]')));
  const target = join(dir, 'ca-so.json');
  const path = await find('[data-testid="export-path"]');
  await waitFor('the suggested destination', async () => /json$/.test(await wd('GET', `/session/${session}/element/${path}/property/value`)));
  await wd('POST', `/session/${session}/element/${path}/clear`, {});
  await wd('POST', `/session/${session}/element/${path}/value`, { text: target });
  await click(await find('[data-testid="export-run"]'));
  await waitFor('the export', () => find('[data-testid="export-result"]'), 30000);
  const book = JSON.parse(readFileSync(target, 'utf8'));
  assert.equal(book.customers.length, 302, 'the 300 demo customers and the 2 imported');
  assert.ok(book.requests.some((r) => r.summary === 'Hỏi giá bánh kem 2 tầng'), 'the request recorded in the window is exported');
  // tauri-driver drives one window at a time.
  await closeSession(session, 'desktop-window');
  session = null;
});

test('the dashboard opens with its tiles and trend charts (also under LANG=C)', async () => {
  const db = join(dir, 'desktop.sqlite');
  const created = await wd('POST', '/session', {
    capabilities: { alwaysMatch: { 'tauri:options': { application: desktopBin, args: ['--db', db] } } },
  });
  session = created.sessionId;
  const click = (el) => wd('POST', `/session/${session}/element/${el}/click`, {});
  const button = await waitFor('the dashboard button', () => find('[data-testid="section-dashboard"]'));
  await click(button);
  await waitFor('the tiles', () => find('[data-testid="tile-resolution_rate"]'));
  await waitFor('four trend charts', async () => (await findAll('[data-testid="trend-charts"] canvas')).length === 4);
  await waitFor('the at-risk list', () => find('[data-testid="at-risk"]'));
  await closeSession(session, 'desktop-dashboard');
  session = null;
});

test('the Reports section previews the day’s cards in the window', async () => {
  const db = join(dir, 'desktop.sqlite');
  const created = await wd('POST', '/session', {
    capabilities: { alwaysMatch: { 'tauri:options': { application: desktopBin, args: ['--db', db] } } },
  });
  session = created.sessionId;
  const click = (el) => wd('POST', `/session/${session}/element/${el}/click`, {});
  await click(await waitFor('the reports button', () => find('[data-testid="section-reports"]')));
  await click(await waitFor('the cards form', () => find('[data-testid="cards-show"]')));
  const shown = await waitFor('the cards or their empty state', async () => {
    const list = await findAll('[data-testid="cards-list"], [data-testid="cards-empty"]');
    return list.length > 0 ? list[0] : null;
  });
  assert.ok((await text(shown)).trim().length > 0, 'the preview says what will print');
  await closeSession(session, 'desktop-reports');
  session = null;
});

test('the feedback kiosk opens in a full-screen window of its own that only the staff PIN closes', async () => {
  if (session) await closeSession(session, 'desktop-window');
  const db = join(dir, 'desktop.sqlite');
  const created = await wd('POST', '/session', {
    capabilities: { alwaysMatch: { 'tauri:options': { application: desktopBin, args: ['--db', db] } } },
  });
  session = created.sessionId;
  const click = (el) => wd('POST', `/session/${session}/element/${el}/click`, {});
  const type = (el, value) => wd('POST', `/session/${session}/element/${el}/value`, { text: value });
  const handles = () => wd('GET', `/session/${session}/window/handles`);
  try {
    const main = await wd('GET', `/session/${session}/window`);
    await click(await waitFor('a customer', () => find('[data-testid="customer-row"]')));
    await click(await waitFor('the kiosk button', () => find('[data-testid="kiosk-start"]')));
    // First time: the staff PIN is chosen.
    await type(await waitFor('the PIN dialog', () => find('[data-testid="kiosk-pin-new"]')), '2468');
    await click(await find('[data-testid="kiosk-pin-save"]'));
    const kioskHandle = await waitFor('a second window', async () => (await handles()).find((h) => h !== main));
    await wd('POST', `/session/${session}/window`, { handle: kioskHandle });
    await waitFor('the kiosk in it', () => find('[data-testid="kiosk"]'));
    const rect = await wd('GET', `/session/${session}/window/rect`);
    assert.ok(rect.width >= 1400 && rect.height >= 850, `the kiosk covers the screen: ${JSON.stringify(rect)}`);
    // A wrong PIN leaves it open.
    await click(await find('[data-testid="kiosk-staff"]'));
    await type(await waitFor('the PIN field', () => find('[data-testid="kiosk-pin-input"]')), '1111');
    await click(await find('[data-testid="kiosk-exit"]'));
    await waitFor('the wrong-PIN message', () => find('[data-testid="kiosk-wrong-pin"]'));
    assert.equal((await handles()).length, 2, 'the kiosk stays after a wrong PIN');
    // The right one closes it; the main window is still there.
    await type(await find('[data-testid="kiosk-pin-input"]'), '2468');
    // The window may be gone before the click is answered: that is the point.
    await click(await find('[data-testid="kiosk-exit"]')).catch((e) => {
      if (!/no such window/.test(String(e?.message))) throw e;
    });
    await waitFor('the kiosk window to close', async () => (await handles()).length === 1);
    await wd('POST', `/session/${session}/window`, { handle: main });
  } finally {
    await closeSession(session, 'desktop-kiosk');
    session = null;
  }
});

test('the daily care reminder reaches the window once, with Today’s counts', async () => {
  // A book of its own: the reminder is handed out once a day per book.
  const db = join(dir, 'reminder.sqlite');
  execFileSync(cliBin, ['demo', '--db', db, '--customers', '100', '--seed', '9'], { stdio: 'inherit' });
  const created = await wd('POST', '/session', {
    capabilities: { alwaysMatch: { 'tauri:options': { application: desktopBin, args: ['--db', db] } } },
  });
  session = created.sessionId;
  const invoke = async (cmd, args) => {
    const r = await wd('POST', `/session/${session}/execute/async`, {
      script: `const [cmd, args, done] = arguments;
        window.__TAURI_INTERNALS__.invoke(cmd, args).then((r) => done({ ok: r ?? null }), (e) => done({ error: e }));`,
      args: [cmd, args],
    });
    assert.equal(r.error, undefined, `${cmd}: ${JSON.stringify(r.error)}`);
    return r.ok;
  };
  try {
    await waitFor('the customer list', () => find('[data-testid="customer-row"]'));
    // From midnight on: due now whatever the hour (at once if it was shown
    // at start already; the changed setting wakes the scheduler otherwise).
    await invoke('api', { cmd: 'reminder_settings_set', args: { enabled: true, time: '00:00' } });
    const handed = await waitFor('the reminder in the window', async () => {
      const v = await wd('POST', `/session/${session}/execute/sync`, {
        script: 'return document.documentElement.dataset.reminder ?? null;',
        args: [],
      });
      return v || null;
    });
    const [date, overdue, dueToday] = handed.split(' ');
    const today = await invoke('api', { cmd: 'care_today', args: { limit: 1, offset: 0, lang: 'vi' } });
    assert.equal(date, today.date, 'the reminder is for today');
    assert.deepEqual([Number(overdue), Number(dueToday)], [today.overdue, today.dueToday], 'the counts beside Today');
    assert.ok(today.overdue + today.dueToday > 0, 'the demo shop has care tasks to remind of');
    // Taken once: nothing is left for the window to show again.
    assert.equal(await invoke('take_reminder', {}), null);
  } finally {
    await closeSession(session, 'desktop-reminder');
    session = null;
  }
});

test('a file that is not a customer book opens the window on a clear message and is left untouched', async () => {
  const bad = join(dir, 'not-a-book.sqlite');
  const content = 'Danh sách khách hàng — this is a text file, not a database.\n'.repeat(20);
  writeFileSync(bad, content);
  const created = await wd('POST', '/session', {
    capabilities: { alwaysMatch: { 'tauri:options': { application: desktopBin, args: ['--db', bad] } } },
  });
  const other = created.sessionId;
  try {
    const el = await waitFor('the start error', async () => {
      const found = await wd('POST', `/session/${other}/element`, { using: 'css selector', value: '[data-testid="start-error"]' });
      return found[ELEMENT];
    });
    const message = await wd('GET', `/session/${other}/element/${el}/property/textContent`);
    assert.ok(message.trim().length > 20, `the window explains the problem: "${message.trim()}"`);
  } finally {
    await closeSession(other, 'desktop-start-error');
  }
  assert.equal(readFileSync(bad, 'utf8'), content, 'the file is not modified');
});
