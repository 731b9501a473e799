// Printed documents in Chromium: the monthly report made from the Reports
// section opens as a PDF in a new tab (served only with the launch key), a
// bad month is refused with a message, a customer's profile prints from
// their page, the day's cards are previewed, printed and marked done, and
// the call list prints.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openApp, skipUnlessReady, api, serveKey } from './harness.js';

const skip = skipUnlessReady();

describe('reports', { skip }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer({ customers: 300 });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('makes the monthly report and opens it as a PDF', async () => {
    const { context, page, problems } = await openApp(browser, server.url, { lang: 'vi' });
    try {
      await page.getByTestId('section-reports').click();
      await page.getByTestId('reports').waitFor();
      const month = await page.getByTestId('report-month').inputValue();
      assert.match(month, /^\d{4}-\d{2}$/, 'last month is chosen');
      const opened = context.waitForEvent('page');
      await page.getByTestId('report-make').click();
      const tab = await opened;
      await page.getByTestId('report-made').waitFor();
      assert.match(await page.getByTestId('report-made').textContent(), /bao-cao-\d{4}-\d{2}\.pdf/);
      assert.match(tab.url(), /\/reports\/bao-cao-\d{4}-\d{2}\.pdf\?key=/);

      // The file is served with the key, as a PDF, and refused without it.
      const href = await page.getByTestId('report-made-link').getAttribute('href');
      const withKey = await fetch(new URL(href, server.url));
      assert.equal(withKey.status, 200);
      assert.equal(withKey.headers.get('content-type'), 'application/pdf');
      assert.equal(Buffer.from(await withKey.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
      const withoutKey = await fetch(new URL(href.split('?')[0], server.url));
      assert.equal(withoutKey.status, 403);
      const wrongName = await fetch(new URL(`/reports/..%2Fshop.sqlite?key=${serveKey(server.url)}`, server.url));
      assert.ok([400, 404].includes(wrongName.status), `a name outside the folder is refused (${wrongName.status})`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('refuses a month that is not one and prints a profile from the customer page', async () => {
    const { context, page, problems } = await openApp(browser, server.url, { lang: 'en' });
    try {
      await assert.rejects(api(server.url, 'report_monthly', { month: '2026-13' }), /YYYY-MM/);
      await page.getByTestId('customer-row').first().click();
      const opened = context.waitForEvent('page');
      await page.getByTestId('print-profile').click();
      const tab = await opened;
      assert.match(tab.url(), /\/reports\/ho-so-[a-z0-9-]+\.pdf\?key=/);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('previews the day’s cards, prints them, and marks them done when asked', async () => {
    const { today } = await api(server.url, 'app_info');
    const { customer } = await api(server.url, 'customer_create', {
      input: { name: 'Phạm Ngọc Ánh', gender: 'female', consent: 'given', phones: ['0987 654 321'] },
    });
    const { customer: noConsent } = await api(server.url, 'customer_create', {
      input: { name: 'Vũ Không Đồng Ý', consent: 'withdrawn' },
    });
    for (const c of [customer, noConsent]) {
      await api(server.url, 'care_task_save', {
        input: { customerId: c.id, kind: 'birthday_greeting', dueDate: today, status: 'planned' },
      });
    }
    const { context, page, problems } = await openApp(browser, server.url, { lang: 'vi' });
    try {
      await page.getByTestId('section-reports').click();
      await page.getByTestId('cards-layout').selectOption('a4-4');
      await page.getByTestId('cards-show').click();
      const list = page.getByTestId('cards-list');
      await list.waitFor();
      assert.match(await list.textContent(), /Chị Phạm Ngọc Ánh/);
      assert.match(await page.getByTestId('cards-left-out').textContent(), /Vũ Không Đồng Ý — khách chưa đồng ý nhận liên hệ/);
      // Untick everyone but her, then print.
      const picks = page.getByTestId('card-pick');
      const n = await picks.count();
      for (let i = 0; i < n; i++) {
        const row = picks.nth(i);
        const text = await row.locator('xpath=..').textContent();
        if (!text.includes('Phạm Ngọc Ánh')) await row.uncheck();
      }
      assert.match(await page.getByTestId('cards-print').textContent(), /In thiệp \(1\)/);
      const opened = context.waitForEvent('page');
      await page.getByTestId('cards-print').click();
      const tab = await opened;
      assert.match(tab.url(), /\/reports\/thiep-\d{4}-\d{2}-\d{2}-a4-4\.pdf\?key=/);
      await page.getByTestId('cards-made').waitFor();
      const download = await page.getByTestId('cards-made-download').getAttribute('download');
      assert.match(download, /^thiep-.*\.pdf$/);
      await page.getByTestId('cards-mark-done').click();
      await page.getByTestId('cards-marked').waitFor();
      const done = await api(server.url, 'care_task_list', { customerId: customer.id, status: 'done', limit: 5 });
      assert.equal(done.lines.length, 1, 'her printed card is marked done');
      assert.equal(done.lines[0].outcome, 'Đã in và gửi thiệp');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('prints the day’s call list', async () => {
    const { context, page, problems } = await openApp(browser, server.url, { lang: 'en' });
    try {
      await page.getByTestId('section-reports').click();
      const opened = context.waitForEvent('page');
      await page.getByTestId('calls-make').click();
      const tab = await opened;
      assert.match(tab.url(), /\/reports\/calls-\d{4}-\d{2}-\d{2}\.pdf\?key=/);
      await page.getByTestId('calls-made').waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
