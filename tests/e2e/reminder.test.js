// The daily care reminder's setting in Plans, templates & loyalty: on at
// 08:30 to start with, its time and on/off saved in the book (read back
// through the API); the browser mode says the notification is the desktop
// app's and shows none.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openApp, skipUnlessReady, api } from './harness.js';

const skip = skipUnlessReady();

describe('reminder: the daily care reminder is set in the calendar', { skip }, () => {
  let server;
  let browser;
  let page;
  let context;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ({ page, context } = await openApp(browser, server.url, { lang: 'vi' }));
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('shows the default, saves another time and turns it off', async () => {
    await page.keyboard.press('Alt+3');
    await page.getByTestId('calendar').waitFor();
    await page.getByTestId('open-setup').click();
    const setup = page.getByTestId('setup-dialog');
    await setup.getByTestId('setup-tab-reminder').click();
    const form = setup.getByTestId('reminder-settings');
    await form.waitFor();
    assert.equal(await form.getByTestId('reminder-enabled').isChecked(), true);
    assert.equal(await form.getByTestId('reminder-time').inputValue(), '08:30');
    assert.match(await form.textContent(), /Nhắc việc chăm sóc mỗi ngày/);
    await form.getByTestId('reminder-desktop-only').waitFor();

    await form.getByTestId('reminder-time').fill('17:45');
    await form.getByTestId('reminder-save').click();
    await page.getByText('Đã lưu cài đặt nhắc việc.').waitFor();
    assert.deepEqual(await api(server.url, 'reminder_settings_get', {}), { enabled: true, time: '17:45' });

    await form.getByTestId('reminder-enabled').uncheck();
    assert.equal(await form.getByTestId('reminder-time').isDisabled(), true);
    await form.getByTestId('reminder-save').click();
    await page.getByText('Đã lưu cài đặt nhắc việc.').first().waitFor();
    assert.deepEqual(await api(server.url, 'reminder_settings_get', {}), { enabled: false, time: '17:45' });
    // The browser mode never takes a reminder: the page shows none.
    assert.equal(await page.evaluate(() => document.documentElement.dataset.reminder ?? null), null);
  });
});
