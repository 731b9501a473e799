// The profile's loyalty points: a purchase earns at the shop's rate, a
// redemption beyond the balance is refused with a message in Vietnamese, a
// redemption with its reason lands in the ledger and lowers the balance;
// then the same ledger read through the API.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSession, skipUnlessReady, eventually, api } from './harness.js';

const skip = skipUnlessReady();
const NAME = 'Lý Thị Tích Điểm';
const PHONE = '0977 246 813';
const REASON = 'Đổi ly sứ in logo';

describe('loyalty: points earned, redeemed and listed in the profile', { skip }, () => {
  let server;
  let page;
  let session;
  let problems;
  let customerId;

  before(async () => {
    session = await openSession({ lang: 'vi' });
    ({ server, page, problems } = session);
    const saved = await api(server.url, 'customer_create', { input: { name: NAME, phones: [PHONE], loyaltyPoints: 30 } });
    customerId = saved.customer.id;
    // 1.250.000 ₫ at 1 point per 10.000 ₫: 125 points.
    await api(server.url, 'purchase_add', { input: { customerId, amountVnd: 1250000 } });
  });

  after(() => session?.close());

  it('shows the balance, the tier and the ledger of a customer', async () => {
    const box = page.getByTestId('search');
    const query = PHONE.replace(/\s/g, '');
    await box.fill(query);
    await page.locator(`[data-testid="search-results"][data-query="${query}"]`).waitFor();
    await page.getByTestId('search-results').getByTestId('customer-row').filter({ hasText: NAME }).first().locator('button.row-open').click();
    await eventually(async () => (await page.getByTestId('profile-name').textContent()) === NAME);
    await box.press('Escape');

    const section = page.getByTestId('loyalty-section');
    await eventually(async () => (await section.getByTestId('loyalty-balance').textContent()) === '155');
    assert.equal(await section.getByTestId('loyalty-tier').textContent(), 'Thành viên');
    assert.match(await section.getByTestId('loyalty-next').textContent(), /Còn 45 điểm nữa lên hạng Bạc/);
    const kinds = await section.getByTestId('loyalty-entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    assert.deepEqual(kinds, ['earn', 'opening'], 'newest first');
    assert.equal(await page.getByTestId('profile-points').textContent(), '155');
  });

  it('refuses a redemption beyond the balance, in Vietnamese', async () => {
    const section = page.getByTestId('loyalty-section');
    await section.getByTestId('loyalty-redeem').click();
    await section.getByTestId('loyalty-points').fill('500');
    await section.getByTestId('loyalty-reason').fill(REASON);
    await section.getByTestId('loyalty-save').click();
    const error = section.getByTestId('loyalty-error-points');
    await error.waitFor();
    assert.equal(await error.textContent(), 'Không đủ điểm: khách chỉ có 155 điểm.');
    assert.equal(await section.getByTestId('loyalty-balance').textContent(), '155', 'nothing was written');
  });

  it('redeems points: the ledger shows the line and the new balance', async () => {
    const section = page.getByTestId('loyalty-section');
    await section.getByTestId('loyalty-points').fill('100');
    await section.getByTestId('loyalty-save').click();
    await section.getByTestId('loyalty-form').waitFor({ state: 'detached' });
    await eventually(async () => (await section.getByTestId('loyalty-balance').textContent()) === '55');
    const line = section.getByTestId('loyalty-entry').first();
    assert.equal(await line.getAttribute('data-kind'), 'redeem');
    assert.equal(await line.getByTestId('loyalty-entry-reason').textContent(), REASON);
    assert.equal(await line.getByTestId('loyalty-entry-points').textContent(), '−100');
    assert.match(await line.textContent(), /Đổi điểm/);
    await eventually(async () => (await page.getByTestId('profile-points').textContent()) === '55');
    assert.equal(await section.getByTestId('loyalty-tier').textContent(), 'Thành viên', 'a redemption keeps the tier');

    const view = await api(server.url, 'loyalty_get', { id: customerId });
    assert.equal(view.standing.balance, 55);
    assert.deepEqual(
      view.entries.map((e) => [e.kind, e.points, e.reason ?? null]),
      [['redeem', -100, REASON], ['earn', 125, null], ['opening', 30, null]],
    );
    const audit = await api(server.url, 'audit_list', { customerId, action: 'redeem_points' });
    assert.equal(audit.total, 1, 'the redemption is audited');
    // The refused redemption answered 400: expected, not a page problem.
    assert.deepEqual(problems.filter((p) => !/status of 400/.test(p)), [], 'no other console errors');
  });
});
