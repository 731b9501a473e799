// The shop's logo in the shop settings: a refused file (message, nothing kept),
// a JPEG uploaded by the browser and shown, English labels, removal after a
// confirmation that Escape cancels (by keyboard).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, openApp, skipUnlessReady, eventually, api, repoRoot, ensureArtifacts } from './harness.js';

const skip = skipUnlessReady();
const jpeg = readFileSync(join(repoRoot, 'crates', 'carebook-report', 'tests', 'fixtures', 'logo.jpg'));

describe('the shop logo', { skip }, () => {
  let server;
  let browser;
  let page;
  let context;
  let problems;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ({ page, context, problems } = await openApp(browser, server.url, { lang: 'vi' }));
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('is chosen in the shop settings, shown, refused when wrong and removed after asking', async () => {
    await page.getByTestId('actor-menu').click();
    await page.getByTestId('open-shop').click();
    const dialog = page.getByTestId('shop-dialog');
    await dialog.waitFor();
    const info = await api(server.url, 'app_info');
    assert.equal((await page.getByTestId('shop-name').textContent()).trim(), info.shopName);
    await page.getByTestId('shop-logo-none').waitFor();

    // Not an image: the reason in Vietnamese, nothing kept.
    await page.getByTestId('shop-logo-file').setInputFiles({
      name: 'logo.gif',
      mimeType: 'image/gif',
      buffer: Buffer.from('GIF89a' + '\0'.repeat(64), 'binary'),
    });
    const error = page.getByTestId('shop-logo-error');
    await error.waitFor();
    assert.equal((await error.textContent()).trim(), 'Logo phải là ảnh PNG hoặc JPEG.');
    assert.equal((await api(server.url, 'shop_logo_get')).logo, null);
    assert.equal(await page.getByTestId('shop-logo-preview').count(), 0);

    // A JPEG: uploaded, checked, kept and shown with its proportions.
    await page.getByTestId('shop-logo-file').setInputFiles({ name: 'logo.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    const preview = page.getByTestId('shop-logo-preview');
    await preview.waitFor();
    assert.equal(await error.count(), 0, 'the earlier error is gone');
    await eventually(async () => (await preview.evaluate((img) => img.complete && img.naturalWidth)) === 240);
    const box = await preview.boundingBox();
    assert.ok(Math.abs(box.width / box.height - 3) < 0.05, `shown undistorted (240×80): ${box.width}×${box.height}`);
    assert.equal((await page.getByTestId('shop-logo-size').textContent()).trim(), '240×80 điểm ảnh, 2 KB');
    const stored = (await api(server.url, 'shop_logo_get')).logo;
    assert.equal(stored.widthPx, 240);
    assert.equal(await preview.getAttribute('src'), stored.dataUrl);
    assert.equal(await preview.getAttribute('alt'), `Logo của ${info.shopName}`);
    ensureArtifacts();
    await dialog.screenshot({ path: join(ensureArtifacts(), 'shop-logo.png') });

    // The audit log names the change.
    const audit = await api(server.url, 'audit_list', { limit: 5, entity: 'shop' });
    assert.deepEqual(
      audit.rows[0].changes.map((c) => [c.field, c.before ?? null, c.after]),
      [['logo', null, 'JPEG 240×80, 2 KB']],
    );

    // English labels.
    await page.getByTestId('shop-close').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('lang-en').click();
    await page.getByTestId('actor-menu').click();
    await page.getByTestId('open-shop').click();
    await page.getByTestId('shop-logo-preview').waitFor();
    assert.match(await dialog.textContent(), /Choose logo…/);
    assert.equal((await page.getByTestId('shop-logo-size').textContent()).trim(), '240×80 pixels, 2 KB');

    // Remove by keyboard: Enter asks first, Escape keeps the logo.
    const remove = page.getByTestId('shop-logo-remove');
    assert.equal((await remove.textContent()).trim(), 'Remove logo');
    await remove.focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByTestId('shop-logo-remove-dialog');
    await confirm.waitFor();
    assert.match(await confirm.textContent(), /Remove the logo\?/);
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    assert.notEqual((await api(server.url, 'shop_logo_get')).logo, null, 'Escape removed nothing');
    await dialog.waitFor();

    await remove.click();
    await page.getByTestId('shop-logo-remove-confirm').click();
    await page.getByTestId('shop-logo-none').waitFor();
    assert.equal((await api(server.url, 'shop_logo_get')).logo, null);
    assert.equal(await page.getByTestId('shop-logo-remove').count(), 0);

    assert.deepEqual(problems.filter((p) => !/status of 4\d\d/.test(p)), [], 'no page errors; only the refused file answered 4xx');
  });
});
