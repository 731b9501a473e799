// Personal data: "Acting as", consent history, the audit log, exports, and
// erasing a customer after typing their name.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, openApp, skipUnlessReady, eventually, api } from './harness.js';

const skip = skipUnlessReady();
const NAME = 'Hồ Thị Riêng Tư';

describe('personal data', { skip }, () => {
  let server;
  let browser;
  let page;
  let context;
  let problems;
  let out;
  let customerId;
  let actor;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ({ page, context, problems } = await openApp(browser, server.url, { lang: 'vi' }));
    out = mkdtempSync(join(tmpdir(), 'carebook-e2e-export-'));
    const saved = await api(server.url, 'customer_create', { input: { name: NAME, phones: ['0977 246 813'] } });
    customerId = saved.customer.id;
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  async function openCustomer(query, name) {
    const box = page.getByTestId('search');
    await box.fill(query);
    await page.locator(`[data-testid="search-results"][data-query="${query}"]`).waitFor();
    await page.getByTestId('search-results').getByTestId('customer-row').filter({ hasText: name }).first().locator('button.row-open').click();
    await eventually(async () => (await page.getByTestId('profile-name').textContent()) === name);
    await box.press('Escape');
  }

  /** Opens the header's "Acting as" menu and picks an item (or just opens it). */
  async function menu(item) {
    if (!(await page.getByTestId('actor-panel').isVisible())) await page.getByTestId('actor-menu').click();
    if (item) await page.getByTestId(item).click();
  }

  async function setConsent(consent, date) {
    await page.getByTestId('edit-customer').click();
    await page.getByTestId('customer-form').waitFor();
    await page.getByTestId('field-consent').selectOption(consent);
    await page.getByTestId('field-consent-date').fill(date);
    await page.getByTestId('form-save').click();
    await page.getByTestId('customer-form').waitFor({ state: 'detached' });
  }

  it('names the chosen staff member as the actor', async () => {
    await menu();
    const select = page.getByTestId('acting-as');
    await select.waitFor();
    const options = await select.locator('option').allTextContents();
    assert.ok(options.length >= 2, `staff to choose from: ${options.join(', ')}`);
    actor = options[1];
    await select.selectOption({ label: actor });
    await eventually(async () => (await select.getAttribute('data-actor')) === actor);
    const session = await api(server.url, 'session_get');
    assert.equal(session.actor, actor, 'the backend names the chosen person');
    assert.equal(await page.getByTestId('actor-name').textContent(), actor, 'the header shows who is acting');
    await page.keyboard.press('Escape');
    await page.getByTestId('actor-panel').waitFor({ state: 'detached' });
  });

  it('records every consent change and shows the history on the profile', async () => {
    await openCustomer('0977246813', NAME);
    const history = page.getByTestId('consent-history');
    await history.getByTestId('consent-history-empty').waitFor();

    await setConsent('given', '01/01/2025');
    await eventually(async () => (await history.getByTestId('consent-event').count()) === 1);
    await setConsent('withdrawn', '02/02/2025');
    await eventually(async () => (await history.getByTestId('consent-event').count()) === 2);

    const events = history.getByTestId('consent-event');
    assert.equal(await events.nth(0).getAttribute('data-consent'), 'withdrawn', 'newest first');
    assert.match(await events.nth(0).textContent(), /Đã rút lại ngày 02\/02\/2025/);
    assert.match(await events.nth(0).textContent(), new RegExp(`bởi ${actor}`), 'who recorded it');
    assert.match(await events.nth(1).textContent(), /Đã đồng ý ngày 01\/01\/2025/);
  });

  it('shows the changes in the audit log, filtered by person', async () => {
    await menu('open-audit');
    const dialog = page.getByTestId('audit-dialog');
    await dialog.waitFor();
    const rows = dialog.getByTestId('audit-row');
    await rows.first().waitFor();
    assert.equal(await rows.first().getAttribute('data-action'), 'update');
    assert.equal(await rows.first().getByTestId('audit-actor').textContent(), actor);
    assert.match(await rows.first().textContent(), new RegExp(NAME));
    assert.match(await rows.first().textContent(), /Đã đồng ý → Đã rút lại/, 'what changed, in words');

    await dialog.getByTestId('audit-filter-actor').selectOption(actor);
    await eventually(async () => {
      const actors = await dialog.getByTestId('audit-actor').allTextContents();
      return actors.length === 2 && actors.every((a) => a === actor);
    });
    await dialog.getByTestId('audit-filter-action').selectOption('create');
    await dialog.getByTestId('audit-empty').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it("exports the customer's data as a printable page", async () => {
    await page.getByTestId('customer-export').click();
    const dialog = page.getByTestId('customer-export-dialog');
    await dialog.waitFor();
    await eventually(async () => (await page.getByTestId('customer-export-path').inputValue()) !== '');
    const file = join(out, 'khach-hang.html');
    await page.getByTestId('customer-export-path').fill(file);
    await page.getByTestId('customer-export-run').click();
    await dialog.getByTestId('customer-export-done').waitFor();
    const html = readFileSync(file, 'utf8');
    assert.ok(html.includes(NAME) && html.includes('Đã rút lại') && html.includes('0977 246 813'));
    await page.keyboard.press('Escape');
  });

  it('exports the whole book to CSV files and reports refused paths', async () => {
    await menu('open-export');
    const dialog = page.getByTestId('export-dialog');
    await dialog.waitFor();
    await page.getByTestId('export-format-csv').check();
    // The suggested destination for CSV arrives first (typing over it while it lands would append).
    await eventually(async () => /csv$/.test(await page.getByTestId('export-path').inputValue()));
    await page.getByTestId('export-path').fill('tương đối/khong-day-du');
    await page.getByTestId('export-run').click();
    await dialog.getByTestId('export-path-error').waitFor();
    assert.match(await dialog.getByTestId('export-path-error').textContent(), /đường dẫn đầy đủ/);

    const folder = join(out, 'sổ khách hàng');
    await page.getByTestId('export-path').fill(folder);
    await page.getByTestId('export-run').click();
    await dialog.getByTestId('export-result').waitFor();
    const customers = await dialog.locator('[data-testid="export-count"][data-dataset="customers"]').textContent();
    assert.match(customers, /Khách hàng: 201 dòng/);
    const bytes = readFileSync(join(folder, 'customers.csv'));
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM');
    assert.ok(bytes.toString('utf8').includes(NAME), 'Vietnamese text intact');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('erases the customer after the name is typed', async () => {
    await page.getByTestId('customer-erase').click();
    const dialog = page.getByTestId('erase-dialog');
    await dialog.waitFor();
    await dialog.locator('[data-testid="erase-table"][data-table="consent_events"]').waitFor();
    assert.match(await dialog.getByTestId('erase-what').textContent(), /2 thay đổi về đồng ý nhận ưu đãi/);
    const confirm = page.getByTestId('erase-confirm');
    assert.equal(await confirm.isDisabled(), true, 'nothing to confirm yet');
    await page.getByTestId('erase-name').fill('Ho Thi Rieng Tu');
    assert.equal(await confirm.isDisabled(), true, 'the name must match, accents included');
    await page.getByTestId('erase-name').fill(NAME.toLowerCase());
    await eventually(async () => !(await confirm.isDisabled()));
    await confirm.click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('toast-erased').waitFor();
    await page.getByTestId('profile-placeholder').waitFor();

    await page.getByTestId('search').fill('0977246813');
    await page.getByTestId('no-results').waitFor();
    await page.getByTestId('search').press('Escape');

    // The audit log keeps the erase, and no entry names the customer any more.
    const log = await api(server.url, 'audit_list', { limit: 500 });
    assert.equal(log.rows[0].action, 'erase');
    assert.equal(log.rows[0].summary, `#${customerId}`);
    assert.equal(log.rows[0].actor, actor);
    assert.ok(!JSON.stringify(log.rows).includes(NAME), 'no audit entry holds the name');
    assert.ok(existsSync(join(out, 'khach-hang.html')), 'files exported before stay with the person who has them');

    await menu('open-audit');
    const audit = page.getByTestId('audit-dialog');
    const first = audit.getByTestId('audit-row').first();
    await first.waitFor();
    assert.equal(await first.getAttribute('data-action'), 'erase');
    assert.match(await first.getByTestId('audit-subject').textContent(), new RegExp(`#${customerId}`));
    await page.keyboard.press('Escape');
    assert.deepEqual(problems.filter((p) => !/status of 4\d\d/.test(p)), [], 'no page errors; only the refused path answered 4xx');
  });
});
