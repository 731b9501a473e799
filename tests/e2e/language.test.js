// Language switch, formats in both languages, keyboard shortcuts, the virtualised list, screenshots.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  startServer,
  launchBrowser,
  openApp,
  skipUnlessReady,
  eventually,
  api,
  ensureArtifacts,
} from './harness.js';

const skip = skipUnlessReady();

const MONEY = /^\d{1,3}(\.\d{3})* ₫$/;
const DATE = /^\d{2}\/\d{2}\/\d{4}$/;

describe('language, formats and the list', { skip }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('switches between Vietnamese and English and remembers the choice', async () => {
    const { page, context } = await openApp(browser, server.url, { lang: 'vi' });
    try {
      const add = page.getByTestId('add-customer');
      assert.equal((await add.textContent()).trim(), 'Thêm khách hàng');
      assert.equal((await page.getByTestId('view-archived').textContent()).trim(), 'Đã lưu trữ');
      assert.match(await page.getByTestId('demo-banner').textContent(), /dữ liệu mẫu/);
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'vi');

      await page.getByTestId('lang-en').click();
      await eventually(async () => (await add.textContent()).trim() === 'Add customer');
      assert.equal((await page.getByTestId('view-archived').textContent()).trim(), 'Archived');
      assert.match(await page.getByTestId('demo-banner').textContent(), /sample data/);
      assert.equal(await page.getByTestId('lang-en').getAttribute('aria-pressed'), 'true');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');

      // Profile labels follow the language too.
      await page.getByTestId('customer-row').first().locator('button.row-open').click();
      await page.getByTestId('profile-name').waitFor();
      assert.equal((await page.getByTestId('edit-customer').textContent()).trim(), 'Edit');
      assert.match(await page.getByTestId('profile-kind').textContent(), /customer$/);

      // Remembered after a reload.
      await page.reload();
      await page.getByTestId('search').waitFor();
      await eventually(async () => (await add.textContent()).trim() === 'Add customer');

      await page.getByTestId('lang-vi').click();
      await eventually(async () => (await add.textContent()).trim() === 'Thêm khách hàng');
      assert.equal((await page.getByTestId('view-active').textContent()).trim(), 'Khách hàng');
    } finally {
      await context.close();
    }
  });

  it('defaults to English for a non-Vietnamese browser', async () => {
    const { page, context } = await openApp(browser, server.url, { lang: 'en' });
    try {
      await eventually(async () => (await page.getByTestId('add-customer').textContent()).trim() === 'Add customer');
      assert.equal(await page.getByTestId('lang-toggle').getAttribute('data-lang'), 'en');
    } finally {
      await context.close();
    }
  });

  it('formats money as 1.250.000 ₫ and dates as dd/mm/yyyy in both languages', async () => {
    const { page, context } = await openApp(browser, server.url, { lang: 'en' });
    try {
      for (const lang of ['en', 'vi']) {
        await page.getByTestId(`lang-${lang}`).click();
        const rows = page.getByTestId('customer-list').getByTestId('customer-row');
        await rows.first().waitFor();
        const totals = (await rows.getByTestId('row-total').allTextContents()).filter((s) => s !== '');
        assert.ok(totals.length > 0);
        for (const s of totals) assert.match(s, MONEY);
        await rows.first().locator('button.row-open').click();
        const amount = page.getByTestId('timeline-amount').first();
        await amount.waitFor();
        assert.match(await amount.textContent(), MONEY);
        const date = await page.getByTestId('timeline-item').first().locator('time').textContent();
        assert.match(date.trim(), DATE);
      }
    } finally {
      await context.close();
    }
  });

  it('focuses the search with / and Ctrl+K, and renders only the visible rows', async () => {
    const { page, context, problems } = await openApp(browser, server.url, { lang: 'vi' });
    try {
      const box = page.getByTestId('search');
      const list = page.getByTestId('customer-list');
      await list.getByTestId('customer-row').first().waitFor();

      await page.locator('body').click({ position: { x: 5, y: 300 } });
      await page.keyboard.press('/');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'search-input');
      assert.equal(await box.inputValue(), '', 'the slash is not typed into the box');
      await box.press('Escape');
      await page.locator('body').click({ position: { x: 5, y: 300 } });
      await page.keyboard.press('Control+k');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'search-input');

      // Typing in another field does not steal "/".
      await list.getByTestId('customer-row').first().locator('button.row-open').click();
      await page.getByTestId('note-body').click();
      await page.keyboard.type('1/2');
      assert.equal(await page.getByTestId('note-body').inputValue(), '1/2');

      // Virtualised: 200 customers, far fewer rows in the DOM.
      assert.equal(await list.getAttribute('data-total'), '200');
      const rendered = await list.getByTestId('customer-row').count();
      assert.ok(rendered > 5 && rendered < 60, `rendered ${rendered} rows`);

      // Scrolling to the end fetches and shows the last rows.
      const all = await api(server.url, 'customer_list', { archived: false, offset: 190, limit: 10 });
      const lastName = all.rows[all.rows.length - 1].name;
      await list.locator('.scroller').evaluate((el) => {
        el.scrollTop = el.scrollHeight;
      });
      await eventually(async () => (await list.getByTestId('row-name').allTextContents()).includes(lastName));
      assert.ok((await list.getByTestId('customer-row').count()) < 60);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('shows backend errors in the user language without blanking the window', async () => {
    const { page, context } = await openApp(browser, server.url, { lang: 'en' });
    try {
      const rows = page.getByTestId('customer-list').getByTestId('customer-row');
      await rows.first().waitFor();

      // A failing profile load shows a message with a retry button.
      await page.route('**/api/customer_get', (route) =>
        route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify({ code: 'not_found', message: 'customer 1 does not exist' }) }),
      );
      await rows.nth(1).locator('button.row-open').click();
      const err = page.getByTestId('profile-error');
      await err.waitFor();
      assert.match(await err.textContent(), /Not found/);
      await page.unroute('**/api/customer_get');
      await err.getByRole('button').click();
      await page.getByTestId('profile-name').waitFor();

      // A lost connection while saving shows a toast; the screen stays usable.
      await page.route('**/api/note_add', (route) => route.abort('connectionrefused'));
      await page.getByTestId('lang-vi').click();
      await page.getByTestId('note-body').fill('Gọi lại sau 2 ngày');
      await page.getByTestId('note-save').click();
      const toast = page.locator('[data-testid="toast"][data-kind="error"]');
      await toast.waitFor();
      assert.match(await toast.textContent(), /Không kết nối được với CareBook/);
      assert.equal(await page.getByTestId('note-body').inputValue(), 'Gọi lại sau 2 ngày');
      assert.ok(await page.getByTestId('profile-name').isVisible());
      await page.unroute('**/api/note_add');
    } finally {
      await context.close();
    }
  });

  it('saves screenshots of the main screen', async () => {
    const dir = ensureArtifacts();
    for (const lang of ['vi', 'en']) {
      const { page, context } = await openApp(browser, server.url, { lang });
      try {
        const rows = page.getByTestId('customer-list').getByTestId('customer-row');
        await rows.first().waitFor();
        await rows.nth(3).locator('button.row-open').click();
        await page.getByTestId('timeline-item').first().waitFor();
        await page.screenshot({ path: join(dir, `main-${lang}.png`) });

        await page.getByTestId('search').fill('nguyen');
        await page.getByTestId('search-results').getByTestId('customer-row').first().waitFor();
        await page.getByTestId('search').press('ArrowDown');
        await page.screenshot({ path: join(dir, `search-${lang}.png`) });
        await page.getByTestId('search').press('Escape');

        await page.getByTestId('add-customer').click();
        await page.getByTestId('field-name').fill('Lê Văn Thử');
        await page.getByTestId('field-phone-0').fill('0567 822 208');
        await page.getByTestId('field-phone-0').press('Tab');
        await page.getByTestId('duplicate-warning').waitFor();
        await page.screenshot({ path: join(dir, `form-${lang}.png`) });
        await page.keyboard.press('Escape');
      } finally {
        await context.close();
      }
    }
  });
});
