// A customer erased after a backup was made stays erased when that backup is
// restored, and the restore dialog says so before and after.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openApp, skipUnlessReady, api } from './harness.js';

const skip = skipUnlessReady();

describe('restoring after an erasure', { skip }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer({ customers: 60, seed: 11 });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('keeps the erased customer erased and says so', async () => {
    const backup = await api(server.url, 'backup_now', {});
    const first = (await api(server.url, 'customer_list', { archived: false, offset: 0, limit: 1 })).rows[0];
    await api(server.url, 'customer_erase', { id: first.id, confirmName: first.name });
    const { page, context, problems } = await openApp(browser, server.url, { lang: 'en' });
    try {
      await page.getByTestId('open-backups').click();
      const dialog = page.getByTestId('backup-dialog');
      await dialog.waitFor();
      await dialog.getByTestId('restore-path').fill(backup.path);
      await dialog.getByTestId('restore-check').click();
      await dialog.getByTestId('restore-checked').waitFor();
      assert.match(await dialog.getByTestId('restore-erased-stay').textContent(), /stay erased/);
      await dialog.getByTestId('restore-confirm-check').check();
      await dialog.getByTestId('restore-confirm').click();
      await dialog.getByTestId('restore-done').waitFor();
      assert.match(await dialog.getByTestId('restore-erased-again').textContent(), /^1 customers? erased after this backup/);
      assert.equal((await api(server.url, 'app_info')).customerCount, 59, 'the erased customer did not come back');
      const hits = await api(server.url, 'customer_search', { query: first.name });
      assert.ok(hits.hits.every((h) => h.row.id !== first.id));
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
