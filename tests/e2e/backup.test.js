// Backups in the browser: back up now, restore with the check shown first and
// the safety copy named after; the warning for a book in a synced folder and
// "Move to a local folder".
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  startServer,
  launchBrowser,
  openApp,
  skipUnlessReady,
  eventually,
  api,
  carebookBin,
  uiDist,
  serveUrl,
} from './harness.js';

const skip = skipUnlessReady();

/** `carebook serve` on a demo book at `dbPath` (the harness picks its own folder). */
async function serveAt(dbPath) {
  const bin = carebookBin();
  const demo = spawnSync(bin, ['demo', '--db', dbPath, '--customers', '60', '--seed', '3'], { encoding: 'utf8' });
  if (demo.status !== 0) throw new Error(`carebook demo failed: ${demo.stderr}`);
  const child = spawn(bin, ['serve', '--db', dbPath, '--port', '0', '--ui', uiDist], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('carebook serve did not start in time')), 30_000);
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      const m = serveUrl(line);
      if (m) resolve(m);
      else reject(new Error(`unexpected first line from carebook serve: ${line}`));
      lines.on('line', () => {});
    });
  });
  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }
  return { url, stop };
}

describe('backups', { skip }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer({ customers: 200, seed: 7 });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('backs up now, then restores after showing what the backup holds', async () => {
    const { page, context, problems } = await openApp(browser, server.url, { lang: 'vi' });
    try {
      assert.equal(await page.getByTestId('storage-warning').count(), 0, 'a book in a local folder gets no warning');
      await page.getByTestId('open-backups').click();
      const dialog = page.getByTestId('backup-dialog');
      await dialog.waitFor();
      await dialog.getByTestId('backup-list-empty').waitFor();
      assert.match(await dialog.getByTestId('backup-last-auto').textContent(), /Dữ liệu mẫu không được tự động sao lưu/);

      await dialog.getByTestId('backup-now').click();
      await page.getByTestId('toast-backup-done').waitFor();
      const rows = dialog.getByTestId('backup-row');
      await eventually(async () => (await rows.count()) === 1);
      assert.match(await rows.first().textContent(), /Thủ công/);

      // Work goes on after the backup.
      await api(server.url, 'customer_create', { input: { name: 'Khách Sau Sao Lưu', phones: ['0912 345 000'] } });
      assert.equal((await api(server.url, 'app_info')).customerCount, 201);

      // A file that is not there: the check says so and nothing changes.
      await dialog.getByTestId('restore-path').fill('/nowhere/backup.sqlite');
      await dialog.getByTestId('restore-check').click();
      await dialog.getByTestId('restore-check-error').waitFor();

      await rows.first().getByTestId('backup-restore-pick').click();
      const checked = dialog.getByTestId('restore-checked');
      await checked.waitFor();
      assert.match(await checked.textContent(), /toàn vẹn: ok/);
      assert.match(await dialog.getByTestId('restore-counts').textContent(), /200 khách hàng/);
      const confirm = dialog.getByTestId('restore-confirm');
      assert.equal(await confirm.isDisabled(), true, 'a restore needs the explicit confirmation');
      await dialog.getByTestId('restore-confirm-check').check();
      await confirm.click();

      const done = dialog.getByTestId('restore-done');
      await done.waitFor();
      assert.match(await dialog.getByTestId('restore-safety-copy').textContent(), /carebook-before-restore-\d{8}-\d{6}\.sqlite/);
      assert.equal((await api(server.url, 'app_info')).customerCount, 200, 'the book is the backup again');
      await eventually(async () => (await rows.count()) === 2, { timeout: 5000 });

      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      const hits = await api(server.url, 'customer_search', { query: 'khach sau sao luu' });
      assert.equal(hits.hits.length, 0, 'the customer added after the backup is gone');
      // The refused check answered 404: expected, not a page problem.
      assert.deepEqual(problems.filter((p) => !/status of 4\d\d/.test(p)), []);
    } finally {
      await context.close();
    }
  });

  it('warns about a book in a synced folder and moves it to a local folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'carebook-e2e-sync-'));
    const synced = join(dir, 'Dropbox', 'shop');
    mkdirSync(synced, { recursive: true });
    const cloudServer = await serveAt(join(synced, 'carebook.sqlite'));
    const { page, context, problems } = await openApp(browser, cloudServer.url, { lang: 'en' });
    try {
      const banner = page.getByTestId('storage-warning');
      await banner.waitFor();
      assert.equal(await banner.getAttribute('data-kind'), 'cloud');
      assert.match(await banner.textContent(), /cloud-synced folder \(Dropbox\)/);

      await banner.getByTestId('storage-move').click();
      // Not into another synced folder.
      await banner.getByTestId('storage-move-to').fill(join(dir, 'OneDrive'));
      await banner.getByTestId('storage-move-confirm').click();
      await banner.locator('.field-error').waitFor();
      assert.match(await banner.locator('.field-error').textContent(), /synced or on a network drive/);

      const local = join(dir, 'CareBook data');
      await banner.getByTestId('storage-move-to').fill(local);
      await banner.getByTestId('storage-move-confirm').click();
      await page.getByTestId('toast-storage-moved').waitFor();
      await banner.waitFor({ state: 'detached' });
      const info = await api(cloudServer.url, 'app_info');
      assert.equal(info.dbPath, join(local, 'carebook.sqlite'));
      assert.ok(existsSync(join(synced, 'carebook.sqlite.moved')), 'the old file is kept, renamed');
      assert.ok(!existsSync(join(synced, 'carebook.sqlite')), 'nothing is left to open by the old name');
      assert.match(await page.getByTestId('toast-storage-moved').textContent(), /renamed .*carebook\.sqlite\.moved/);
      // The refused move answered 400: expected, not a page problem.
      assert.deepEqual(problems.filter((p) => !/status of 4\d\d/.test(p)), []);
    } finally {
      await context.close();
      await cloudServer.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
