// Time to the first window on a large book (a benchmark, not a test):
//
//   CAREBOOK_BOOK=path/to/demo-100000.sqlite xvfb-run -a node tests/desktop/first-window.mjs [runs]
//
// Works on a copy of the book. Per run: the moment tauri-driver's new session
// returns (the window and its page exist), the moment the page shows
// something (the opening screen or the list), and the moment the first
// customer rows are on screen (the book is open and its first page read).

import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { desktopBin, startDriver, waitFor } from './driver.mjs';

const book = process.env.CAREBOOK_BOOK;
if (!book) throw new Error('set CAREBOOK_BOOK to the book to open');
const runs = Number(process.argv[2] ?? 3);
const { stop: stopDriver, wd } = await startDriver();
const rows = [];
try {
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'carebook-first-window-'));
    const db = join(dir, 'book.sqlite');
    copyFileSync(book, db);
    const started = performance.now();
    const { sessionId } = await wd('POST', '/session', {
      capabilities: { alwaysMatch: { 'tauri:options': { application: desktopBin, args: ['--db', db] } } },
    });
    const window = performance.now() - started;
    const count = async (css) => (await wd('POST', `/session/${sessionId}/elements`, { using: 'css selector', value: css })).length;
    await waitFor('anything on the page', async () => (await count('#app *')) > 0, 120000, 20);
    const painted = performance.now() - started;
    await waitFor('customer rows', async () => (await count('[data-testid="customer-row"]')) >= 5, 120000, 20);
    const listed = performance.now() - started;
    rows.push({ window, painted, listed });
    await wd('DELETE', `/session/${sessionId}`).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
} finally {
  stopDriver();
}
const ms = (v) => `${Math.round(v)} ms`;
console.log('| run | window exists | page shows something | first customer rows |');
console.log('|---|---|---|---|');
rows.forEach((r, i) => console.log(`| ${i + 1} | ${ms(r.window)} | ${ms(r.painted)} | ${ms(r.listed)} |`));
