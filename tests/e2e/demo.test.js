// The demo banner → start an own shop (after confirmation) → the empty book.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openApp, skipUnlessReady, eventually, api } from './harness.js';

const skip = skipUnlessReady();

describe('starting an own shop from the demo', { skip }, () => {
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

  it('erases the demo data after confirmation and shows the empty book', async () => {
    const { page, context, problems } = await openApp(browser, server.url, { lang: 'vi' });
    try {
      const banner = page.getByTestId('demo-banner');
      await banner.waitFor();
      assert.match(await banner.textContent(), /dữ liệu mẫu/);
      await page.getByTestId('customer-list').getByTestId('customer-row').first().waitFor();

      // Cancelling changes nothing.
      await page.getByTestId('start-own-shop').click();
      const dialog = page.getByTestId('start-shop-dialog');
      await dialog.waitFor();
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      assert.equal((await api(server.url, 'app_info')).isDemo, true);

      await page.getByTestId('start-own-shop').click();
      await dialog.waitFor();
      assert.match(await dialog.getByTestId('start-shop-warning').textContent(), /200 khách hàng.*xoá vĩnh viễn/);
      const confirm = dialog.getByTestId('start-shop-confirm');
      assert.equal(await confirm.isDisabled(), true, 'needs the explicit confirmation');
      await dialog.getByTestId('start-shop-confirm-check').check();
      await confirm.click();
      // A shop name is required.
      await dialog.locator('#shop-name-err').waitFor();
      await dialog.getByTestId('shop-name').fill('Tiệm may Thu Hà');
      await confirm.click();
      await dialog.waitFor({ state: 'detached' });

      await banner.waitFor({ state: 'detached' });
      const empty = page.getByTestId('empty-book');
      await empty.waitFor();
      assert.match(await empty.textContent(), /Chưa có khách hàng nào/);
      assert.equal(await page.getByTestId('shop-name-label').textContent(), 'Tiệm may Thu Hà');
      const info = await api(server.url, 'app_info');
      assert.equal(info.isDemo, false);
      assert.equal(info.customerCount, 0);

      // The archive is empty too.
      await page.getByTestId('view-archived').click();
      await page.getByTestId('empty-archive').waitFor();
      await page.getByTestId('view-active').click();

      // The empty state's button adds the first customer.
      await page.getByTestId('add-first-customer').click();
      await page.getByTestId('field-name').fill('Phạm Minh Khôi');
      await page.getByTestId('field-phone-0').fill('0901 234 567');
      await page.getByTestId('form-save').click();
      await page.getByTestId('customer-form').waitFor({ state: 'detached' });
      await eventually(async () => (await page.getByTestId('customer-list').getByTestId('customer-row').count()) === 1);
      assert.equal(await page.getByTestId('profile-name').textContent(), 'Phạm Minh Khôi');
      await page.getByTestId('timeline-empty').waitFor();

      // The new shop has no staff yet: add one, then record a purchase served by her.
      await page.getByTestId('open-staff').click();
      const staff = page.getByTestId('staff-dialog');
      await staff.getByTestId('staff-empty').waitFor();
      await staff.getByTestId('staff-new-name').fill('Trần Thu Hà');
      await staff.getByTestId('staff-new-name').press('Enter');
      await eventually(async () => (await staff.getByTestId('staff-row').count()) === 1);
      await page.keyboard.press('Escape');
      await staff.waitFor({ state: 'detached' });

      await page.getByTestId('add-purchase').click();
      await page.getByTestId('purchase-amount').pressSequentially('85000');
      await page.getByTestId('purchase-staff').selectOption({ label: 'Trần Thu Hà' });
      await page.getByTestId('purchase-amount').press('Enter');
      const item = page.getByTestId('timeline-item').first();
      await item.waitFor();
      assert.equal(await item.getByTestId('timeline-amount').textContent(), '85.000 ₫');
      assert.match(await item.textContent(), /Phục vụ: Trần Thu Hà/);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
