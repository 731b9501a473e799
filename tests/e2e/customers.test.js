// Create, find, record a purchase, duplicate warning, archive/undo, delete permanently.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openApp, skipUnlessReady, eventually, api } from './harness.js';

const skip = skipUnlessReady();

describe('customer care flows', { skip }, () => {
  let server;
  let browser;
  let page;
  let context;
  let problems;
  let info;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ({ page, context, problems } = await openApp(browser, server.url, { lang: 'vi' }));
    info = await api(server.url, 'app_info');
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  async function search(query) {
    const box = page.getByTestId('search');
    await box.fill(query);
    await page.locator(`[data-testid="search-results"][data-query="${query}"]`).waitFor();
  }

  async function openBySearch(query, name) {
    await search(query);
    await page.getByTestId('search-results').getByTestId('customer-row').filter({ hasText: name }).first().locator('button.row-open').click();
    await eventually(async () => (await page.getByTestId('profile-name').textContent()) === name);
  }

  it('creates a customer and finds it by an unaccented query', async () => {
    await page.getByTestId('add-customer').click();
    const form = page.getByTestId('customer-form');
    await form.waitFor();
    // Focus starts in the first field.
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-name');

    // Saving without a name shows the inline required message and keeps the dialog open.
    await page.getByTestId('form-save').click();
    await page.getByTestId('field-error-name').waitFor();
    assert.match(await page.getByTestId('field-error-name').textContent(), /Vui lòng nhập/);

    await page.getByTestId('field-name').fill('Đặng Thị Thuỳ Dương');
    await page.getByTestId('field-phone-0').fill('0912 345 678');
    await page.getByTestId('field-tags').fill('khách quen, VIP');
    await page.getByTestId('field-birthday-calendar').selectOption('lunar');
    await page.getByTestId('field-birthday-day').fill('15');
    await page.getByTestId('field-birthday-month').fill('8');
    await page.getByTestId('field-consent').selectOption('given');
    await page.getByTestId('field-consent-date').fill('02/01/2025');
    await page.getByTestId('field-channel').selectOption('zalo');
    // Enter in a text field submits the form.
    await page.getByTestId('field-name').press('Enter');
    await form.waitFor({ state: 'detached' });

    await eventually(async () => (await page.getByTestId('profile-name').textContent()) === 'Đặng Thị Thuỳ Dương');
    assert.match(await page.getByTestId('profile-phones').textContent(), /0912 345 678/);
    assert.equal(await page.getByTestId('profile-birthday').textContent(), '15/08 (âm lịch)');
    assert.equal(await page.getByTestId('profile-consent').textContent(), 'Đã đồng ý ngày 02/01/2025');
    assert.equal(await page.getByTestId('profile-kind').textContent(), 'Khách hàng bên ngoài');
    assert.deepEqual(await page.getByTestId('profile-tags').locator('.chip').allTextContents(), ['khách quen', 'VIP']);
    await page.getByTestId('timeline-empty').waitFor();

    await search('dang thi thuy');
    const rows = page.getByTestId('search-results').getByTestId('customer-row');
    const names = await rows.getByTestId('row-name').allTextContents();
    assert.ok(names.includes('Đặng Thị Thuỳ Dương'), `search results: ${names.join(', ')}`);

    // Keyboard: the highlighted row opens with Enter, Escape clears the search.
    const box = page.getByTestId('search');
    const idx = names.indexOf('Đặng Thị Thuỳ Dương');
    await page.getByTestId('profile-placeholder').count(); // no-op: profile is already open
    for (let i = 0; i < idx; i++) await box.press('ArrowDown');
    await box.press('Enter');
    await eventually(async () => (await page.getByTestId('profile-name').textContent()) === 'Đặng Thị Thuỳ Dương');
    await box.press('Escape');
    assert.equal(await box.inputValue(), '');
    await page.getByTestId('customer-list').waitFor();

    // A query nobody matches shows the empty state.
    await search('zzzz khong co ai');
    await page.getByTestId('no-results').waitFor();
    await box.press('Escape');
  });

  it('records a purchase and shows it on the timeline formatted in VND', async () => {
    await openBySearch('0912345678', 'Đặng Thị Thuỳ Dương');
    await page.getByTestId('add-purchase').click();
    const form = page.getByTestId('purchase-form');
    await form.waitFor();

    const [y, m, d] = info.today.split('-');
    assert.equal(await page.getByTestId('purchase-date').inputValue(), `${d}/${m}/${y}`);

    const amount = page.getByTestId('purchase-amount');
    await amount.pressSequentially('1250000');
    assert.equal(await amount.inputValue(), '1.250.000');
    await page.getByTestId('purchase-items').fill('Bánh kem sinh nhật 20cm');
    await page.getByTestId('purchase-staff').selectOption({ label: 'Nguyễn Thị Mai' }).catch(() => {});
    await page.getByTestId('purchase-save').click();
    await form.waitFor({ state: 'detached' });

    const first = page.getByTestId('timeline-item').first();
    await first.waitFor();
    assert.equal(await first.getAttribute('data-type'), 'purchase');
    assert.equal(await first.getByTestId('timeline-amount').textContent(), '1.250.000 ₫');
    assert.match(await first.textContent(), /Bánh kem sinh nhật 20cm/);
    assert.match(await first.textContent(), new RegExp(`${d}/${m}/${y}`));
    assert.equal(await page.getByTestId('profile-total').textContent(), '1.250.000 ₫');

    // The list row shows the new total too.
    await search('dang thi thuy duong');
    const row = page.getByTestId('search-results').getByTestId('customer-row').filter({ hasText: 'Đặng Thị Thuỳ Dương' });
    await eventually(async () => (await row.getByTestId('row-total').textContent()) === '1.250.000 ₫');
    await page.getByTestId('search').press('Escape');

    // Notes land on the timeline too.
    await page.getByTestId('note-body').fill('Khách thích bánh ít đường, gọi qua Zalo trước khi giao.');
    await page.getByTestId('note-save').click();
    const note = page.locator('[data-testid="timeline-item"][data-type="note"]');
    await note.waitFor();
    assert.match(await note.textContent(), /ít đường/);
    assert.equal(await page.getByTestId('note-body').inputValue(), '');
    assert.equal(await page.getByTestId('timeline-item').count(), 2);
  });

  it('edits a profile: the form starts from the saved values', async () => {
    // Typing a phone number and pressing Enter at once opens the match.
    const box = page.getByTestId('search');
    await box.fill('');
    await box.pressSequentially('0912345678', { delay: 0 });
    await box.press('Enter');
    await eventually(async () => (await page.getByTestId('profile-name').textContent()) === 'Đặng Thị Thuỳ Dương');
    await box.press('Escape');

    await page.getByTestId('edit-customer').click();
    await page.getByTestId('customer-form').waitFor();
    assert.equal(await page.getByTestId('field-name').inputValue(), 'Đặng Thị Thuỳ Dương');
    assert.equal(await page.getByTestId('field-phone-0').inputValue(), '0912 345 678');
    assert.equal(await page.getByTestId('field-birthday-calendar').inputValue(), 'lunar');
    assert.equal(await page.getByTestId('field-birthday-day').inputValue(), '15');
    assert.equal(await page.getByTestId('field-consent-date').inputValue(), '02/01/2025');
    assert.equal(await page.getByTestId('field-tags').inputValue(), 'khách quen, VIP');

    await page.getByTestId('add-phone').click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-phone-1');
    await page.getByTestId('field-phone-1').fill('+84 28 3822 1234');
    await page.getByTestId('field-kind').selectOption('internal');
    await page.getByTestId('field-birthday-year').fill('1990');
    // Points change in the profile's loyalty section, with a reason; the form only shows them.
    assert.equal(await page.getByTestId('field-points').isDisabled(), true);
    assert.equal(await page.getByTestId('field-points').inputValue(), '125');
    await page.getByTestId('field-tier').fill('Vàng');
    await page.getByTestId('form-save').click();
    await page.getByTestId('customer-form').waitFor({ state: 'detached' });

    await eventually(async () => (await page.getByTestId('profile-kind').textContent()) === 'Khách hàng nội bộ');
    const phones = await page.getByTestId('profile-phones').locator('.phone').allTextContents();
    assert.equal(phones.length, 2);
    assert.equal(phones[0], '0912 345 678');
    assert.equal(await page.getByTestId('profile-birthday').textContent(), '15/08/1990 (âm lịch)');
    assert.equal(await page.getByTestId('profile-points').textContent(), '125', 'earned by the 1.250.000 ₫ purchase');
    assert.equal(await page.getByTestId('profile-tier').textContent(), 'Vàng');
  });

  it('warns about a duplicate phone before saving, naming the first customer', async () => {
    await page.getByTestId('add-customer').click();
    await page.getByTestId('customer-form').waitFor();
    await page.getByTestId('field-name').fill('Trần Văn Khách');
    await page.getByTestId('field-phone-0').fill('+84 912 345 678');
    await page.getByTestId('field-phone-0').press('Tab'); // blur → duplicate check

    const warning = page.getByTestId('duplicate-warning');
    await warning.waitFor();
    const text = await warning.textContent();
    assert.match(text, /Số điện thoại .*0912 345 678.* đã thuộc về khách hàng/);
    assert.match(text, /Đặng Thị Thuỳ Dương/);

    // The name is a link that opens the existing customer.
    await warning.getByTestId('duplicate-open').click();
    await page.getByTestId('customer-form').waitFor({ state: 'detached' });
    await eventually(async () => (await page.getByTestId('profile-name').textContent()) === 'Đặng Thị Thuỳ Dương');

    // Saving is still allowed.
    await page.getByTestId('add-customer').click();
    await page.getByTestId('field-name').fill('Trần Văn Khách');
    await page.getByTestId('field-phone-0').fill('+84 912 345 678');
    await page.getByTestId('field-phone-0').press('Tab');
    await page.getByTestId('duplicate-warning').waitFor();
    await page.getByTestId('form-save').click();
    await page.getByTestId('customer-form').waitFor({ state: 'detached' });
    await eventually(async () => (await page.getByTestId('profile-name').textContent()) === 'Trần Văn Khách');
  });

  it('maps server validation errors to the fields', async () => {
    await page.getByTestId('add-customer').click();
    await page.getByTestId('field-name').fill('Lỗi Thử');
    await page.getByTestId('field-phone-0').fill('12');
    await page.getByTestId('field-email').fill('khong-phai-email@');
    await page.getByTestId('form-save').click();
    await page.getByTestId('field-error-phones.0').waitFor();
    assert.equal(await page.getByTestId('field-error-phones.0').textContent(), 'Số điện thoại không hợp lệ.');
    assert.equal(await page.getByTestId('field-error-email').textContent(), 'Email không hợp lệ.');
    // Focus goes to the first field in error.
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-phone-0');
    // Escape cancels.
    await page.keyboard.press('Escape');
    await page.getByTestId('customer-form').waitFor({ state: 'detached' });
  });

  it('archives a customer and undoes it from the toast', async () => {
    await openBySearch('dang thi thuy duong', 'Đặng Thị Thuỳ Dương');
    await page.getByTestId('archive-customer').click();
    const toast = page.getByTestId('toast-archived');
    await toast.waitFor();
    assert.match(await toast.textContent(), /Đã lưu trữ khách hàng Đặng Thị Thuỳ Dương/);
    await page.getByTestId('profile-placeholder').waitFor();
    // Archived customers leave the active book (and its search).
    const archived = await api(server.url, 'customer_search', { query: 'dang thi thuy duong' });
    assert.equal(archived.hits.some((h) => h.row.name === 'Đặng Thị Thuỳ Dương'), false);

    await toast.getByTestId('toast-action').click();
    await eventually(async () => (await page.getByTestId('profile-name').textContent()) === 'Đặng Thị Thuỳ Dương');
    assert.equal(await page.getByTestId('profile-archived').count(), 0);
    const restored = await api(server.url, 'customer_search', { query: 'dang thi thuy duong' });
    assert.equal(restored.hits.find((h) => h.row.name === 'Đặng Thị Thuỳ Dương')?.row.archived, false);
    await search('dang thi thuy duong');
    await page.getByTestId('search-results').getByTestId('customer-row').filter({ hasText: 'Đặng Thị Thuỳ Dương' }).waitFor();
    await page.getByTestId('search').press('Escape');
  });

  it('lists archived customers, restores one and deletes one permanently after confirmation', async () => {
    // Archive two customers.
    await openBySearch('tran van khach', 'Trần Văn Khách');
    await page.getByTestId('archive-customer').click();
    await page.getByTestId('toast-archived').filter({ hasText: 'Trần Văn Khách' }).waitFor();
    await openBySearch('dang thi thuy duong', 'Đặng Thị Thuỳ Dương');
    await page.getByTestId('archive-customer').click();
    await page.getByTestId('profile-placeholder').waitFor();

    await page.getByTestId('view-archived').click();
    const list = page.getByTestId('archived-list');
    await list.waitFor();
    await eventually(async () => (await list.getByTestId('customer-row').count()) === 2);

    // Restore the first one from its row.
    const khach = list.getByTestId('customer-row').filter({ hasText: 'Trần Văn Khách' });
    await khach.getByTestId('row-restore').click();
    await eventually(async () => (await list.getByTestId('customer-row').count()) === 1);

    // Delete the other permanently: the dialog says what goes with it.
    const duong = list.getByTestId('customer-row').filter({ hasText: 'Đặng Thị Thuỳ Dương' });
    const id = Number(await duong.getAttribute('data-id'));
    const fp = await api(server.url, 'customer_footprint', { id });
    await duong.getByTestId('row-delete').click();
    const dialog = page.getByTestId('delete-dialog');
    await dialog.getByTestId('delete-footprint').waitFor();
    assert.equal(await dialog.getByTestId('delete-purchases').textContent(), `${fp.purchases} lần mua hàng`);
    assert.equal(await dialog.getByTestId('delete-notes').textContent(), `${fp.notes} ghi chú`);
    assert.equal(await dialog.getByTestId('delete-confirm').isDisabled(), true);
    await dialog.getByTestId('delete-confirm-check').check();
    await dialog.getByTestId('delete-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('empty-archive').waitFor();
    await assert.rejects(api(server.url, 'customer_get', { id }), (e) => e.code === 'not_found');

    await page.getByTestId('view-active').click();
    await page.getByTestId('customer-list').waitFor();
  });

  it('had no page errors', () => {
    assert.deepEqual(problems.filter((p) => !/status of 4\d\d/.test(p)), []);
  });
});
