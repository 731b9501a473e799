// The loopback server's key: the page opened from the printed address works,
// takes the key out of the address bar and keeps working after a reload; the
// same page opened without the key says how to open it, and a page of
// another site cannot call the API.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openApp, skipUnlessReady, api } from './harness.js';

const skip = skipUnlessReady();

describe('the server key', { skip }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer({ customers: 60, seed: 5 });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens from the printed address, hides the key and survives a reload', async () => {
    assert.match(server.url, /#key=[0-9a-f]{64}$/);
    const { page, context, problems } = await openApp(browser, server.url, { lang: 'en' });
    try {
      await page.getByTestId('customer-list').getByTestId('customer-row').first().waitFor();
      assert.equal(new URL(page.url()).hash, '', 'the key is taken out of the address bar');
      await page.reload();
      await page.getByTestId('customer-list').getByTestId('customer-row').first().waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('without the key, the page says to open the printed address', async () => {
    const bare = server.url.replace(/#.*$/, '');
    for (const [lang, words] of [
      ['en', /carebook serve printed/],
      ['vi', /carebook serve đã in ra/],
    ]) {
      const context = await browser.newContext({ locale: lang === 'vi' ? 'vi-VN' : 'en-US' });
      try {
        const page = await context.newPage();
        await page.goto(bare);
        const error = page.getByTestId('start-error');
        await error.waitFor();
        assert.match(await error.textContent(), words);
        assert.equal(await page.getByTestId('customer-list').count(), 0);
      } finally {
        await context.close();
      }
    }
  });

  it('a page of another site cannot call the API, even knowing the key', async () => {
    const before = (await api(server.url, 'customer_list', {})).total;
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      // Any other origin: a data: page posting like a hostile site would.
      await page.goto('data:text/html,<title>elsewhere</title>');
      const key = /#key=([0-9a-f]+)/.exec(server.url)[1];
      const target = new URL('api/customer_create', server.url).href;
      const outcome = await page.evaluate(
        async ([target, key]) => {
          try {
            const res = await fetch(target, {
              method: 'POST',
              headers: { 'content-type': 'text/plain' },
              body: JSON.stringify({ input: { name: 'Kẻ Lạ', phones: [] }, key }),
              mode: 'no-cors',
            });
            return res.type;
          } catch (e) {
            return String(e);
          }
        },
        [target, key],
      );
      assert.ok(outcome, 'the request was attempted');
      assert.equal((await api(server.url, 'customer_list', {})).total, before, 'nothing was written');
    } finally {
      await context.close();
    }
  });
});
