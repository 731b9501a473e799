// The profile's care section: a complaint recorded (after an inline error) and
// resolved, an overdue care task done with an outcome, feedback linked to the
// complaint and deleted after confirming; then the same data read through the API.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSession, openApp, skipUnlessReady, eventually, api, ensureArtifacts } from './harness.js';

const skip = skipUnlessReady();
const NAME = 'Trương Thị Chăm Sóc';
const PHONE = '0966 135 792';
const SUMMARY = 'Bánh kem giao trễ 2 tiếng, hộp bị móp';
const TASK_TITLE = 'Gọi lại xin lỗi và tặng phiếu giảm giá';
const OUTCOME = 'Khách nhận lời xin lỗi, hẹn tuần sau ghé';

/** "2026-11-23" minus `days` as dd/mm/yyyy and yyyy-mm-dd. */
function daysBefore(iso, days) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  const y = d.getUTCFullYear();
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, '0');
  return { typed: `${day}/${m}/${y}`, iso: `${y}-${m}-${day}` };
}

describe('customer care: requests, care tasks and feedback', { skip }, () => {
  let server;
  let browser;
  let page;
  let session;
  let problems;
  let customerId;
  let staff;
  let today;
  let requestId;

  before(async () => {
    session = await openSession({ lang: 'vi' });
    ({ server, browser, page, problems } = session);
    const saved = await api(server.url, 'customer_create', { input: { name: NAME, phones: [PHONE] } });
    customerId = saved.customer.id;
    staff = (await api(server.url, 'staff_list')).find((s) => s.active);
    assert.ok(staff, 'the demo shop has active staff');
    today = (await api(server.url, 'app_info')).today;
  });

  after(() => session?.close());

  async function openCustomer(p) {
    const box = p.getByTestId('search');
    const query = PHONE.replace(/\s/g, '');
    await box.fill(query);
    await p.locator(`[data-testid="search-results"][data-query="${query}"]`).waitFor();
    await p.getByTestId('search-results').getByTestId('customer-row').filter({ hasText: NAME }).first().locator('button.row-open').click();
    await eventually(async () => (await p.getByTestId('profile-name').textContent()) === NAME);
    await box.press('Escape');
    await p.locator('[data-testid="care"][data-loaded="true"]').waitFor();
  }

  it('shows the empty care section of a new customer', async () => {
    await openCustomer(page);
    const care = page.getByTestId('care');
    assert.match(await care.getByTestId('requests-empty').textContent(), /Chưa có yêu cầu nào/);
    assert.match(await care.getByTestId('tasks-empty').textContent(), /Chưa có việc chăm sóc nào/);
    assert.match(await care.getByTestId('feedback-empty').textContent(), /Chưa có phản hồi nào/);
  });

  it('records a complaint after an inline error for the empty summary', async () => {
    await page.getByTestId('request-add').click();
    const dialog = page.getByTestId('request-dialog');
    await dialog.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'rq-kind', 'focus starts in the first field');
    await page.getByTestId('request-kind').selectOption('complaint');
    await page.getByTestId('request-channel').selectOption('phone');

    await page.getByTestId('request-save').click();
    const error = page.getByTestId('request-error-summary');
    await error.waitFor();
    assert.match(await error.textContent(), /Vui lòng nhập thông tin này/);
    assert.equal(await page.getByTestId('request-summary').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'rq-summary', 'focus moves to the field in error');

    await page.getByTestId('request-summary').fill(SUMMARY);
    await page.getByTestId('request-handled-by').selectOption(String(staff.id));
    await page.getByTestId('request-wait').fill('5');
    assert.equal(await page.getByTestId('request-first-contact').isDisabled(), true, 'only a resolved request can be first contact');
    await page.getByTestId('request-save').click();
    await dialog.waitFor({ state: 'detached' });

    const item = page.getByTestId('request-item');
    await eventually(async () => (await item.count()) === 1);
    requestId = Number(await item.getAttribute('data-id'));
    assert.equal(await item.getAttribute('data-kind'), 'complaint');
    assert.equal(await item.getAttribute('data-status'), 'open');
    assert.equal(await item.getByTestId('request-kind-label').textContent(), 'Khiếu nại');
    assert.equal(await item.getByTestId('request-status-label').textContent(), 'Đang xử lý');
    assert.equal(await item.getByTestId('request-summary-text').textContent(), SUMMARY);
    assert.match(await item.textContent(), /Điện thoại/);
    assert.match(await item.getByTestId('request-received').textContent(), /^Nhận \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    assert.equal(await item.getByTestId('request-handled-by-name').textContent(), `Tiếp nhận: ${staff.name}`);
    assert.match(await item.textContent(), /Chờ 5 phút/);
  });

  it('marks the complaint resolved', async () => {
    const item = page.getByTestId('request-item');
    await item.getByTestId('request-resolve').click();
    await eventually(async () => (await item.getAttribute('data-status')) === 'resolved');
    assert.equal(await item.getByTestId('request-status-label').textContent(), 'Đã giải quyết');
    assert.match(await item.getByTestId('request-resolved-at').textContent(), /^Giải quyết \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    assert.equal(await item.getByTestId('request-resolve').count(), 0, 'nothing left to resolve');
  });

  it('plans a custom care task due in the past and shows it overdue', async () => {
    const due = daysBefore(today, 3);
    await page.getByTestId('task-add').click();
    const dialog = page.getByTestId('task-dialog');
    await dialog.waitFor();
    assert.equal(await page.getByTestId('task-date').inputValue(), daysBefore(today, 0).typed, 'due today by default');
    await page.getByTestId('task-kind').selectOption('custom');
    await page.getByTestId('task-save').click();
    await page.getByTestId('task-error-title').waitFor();
    assert.match(await page.getByTestId('task-error-title').textContent(), /Vui lòng nhập/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'tk-title', 'focus moves to the title');

    await page.getByTestId('task-title').fill(TASK_TITLE);
    await page.getByTestId('task-date').fill(due.typed);
    await page.getByTestId('task-time').fill('9:30');
    await page.getByTestId('task-assignee').selectOption(String(staff.id));
    await page.getByTestId('task-save').click();
    await dialog.waitFor({ state: 'detached' });

    const item = page.getByTestId('task-item');
    await eventually(async () => (await item.count()) === 1);
    assert.equal(await item.getAttribute('data-overdue'), 'true');
    assert.equal(await item.getByTestId('task-overdue').textContent(), 'Quá hạn');
    assert.equal(await item.getByTestId('task-name').textContent(), TASK_TITLE);
    assert.equal(await item.getByTestId('task-status-label').textContent(), 'Đã lên lịch');
    assert.equal((await item.getByTestId('task-due').textContent()).trim(), `Hạn ${due.typed} 09:30`);
  });

  it('marks the task done with an outcome', async () => {
    const item = page.getByTestId('task-item');
    await item.getByTestId('task-complete').click();
    const dialog = page.getByTestId('task-complete-dialog');
    await dialog.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'complete-outcome');
    await page.getByTestId('task-complete-outcome').fill(OUTCOME);
    await page.getByTestId('task-done').click();
    await dialog.waitFor({ state: 'detached' });
    await eventually(async () => (await item.getAttribute('data-status')) === 'done');
    assert.equal(await item.getAttribute('data-overdue'), 'false');
    assert.equal(await item.getByTestId('task-overdue').count(), 0, 'a done task is not overdue');
    assert.equal(await item.getByTestId('task-status-label').textContent(), 'Đã xong');
    assert.match(await item.getByTestId('task-outcome-text').textContent(), new RegExp(OUTCOME));
  });

  it('records feedback with CSAT 5 linked to the complaint', async () => {
    await page.getByTestId('feedback-add').click();
    const dialog = page.getByTestId('feedback-dialog');
    await dialog.waitFor();
    await page.getByTestId('feedback-save').click();
    await page.getByTestId('feedback-error-csat').waitFor();
    assert.match(await page.getByTestId('feedback-error-csat').textContent(), /CSAT/);

    await page.getByTestId('feedback-csat-5').check();
    await page.getByTestId('feedback-comment').fill('Xử lý nhanh, rất hài lòng');
    await page.getByTestId('feedback-link').selectOption(`r:${requestId}`);
    await page.getByTestId('feedback-save').click();
    await dialog.waitFor({ state: 'detached' });

    const item = page.getByTestId('feedback-item');
    await eventually(async () => (await item.count()) === 1);
    assert.equal(await item.getAttribute('data-csat'), '5');
    assert.equal(await item.getAttribute('data-request'), String(requestId));
    assert.equal(await item.getByTestId('feedback-csat-label').textContent(), 'CSAT 5/5');
    assert.match(await item.getByTestId('feedback-about').textContent(), /^Về: Khiếu nại — Bánh kem giao trễ/);

    const stored = await api(server.url, 'customer_care', { id: customerId });
    assert.equal(stored.feedback.length, 1);
    assert.equal(stored.feedback[0].csat, 5);
    assert.equal(stored.feedback[0].nps, null);
    assert.equal(stored.feedback[0].requestId, requestId);
    assert.equal(stored.feedback[0].comment, 'Xử lý nhanh, rất hài lòng');

    const dir = ensureArtifacts();
    await page.getByTestId('care').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(dir, 'care-vi.png') });
  });

  it('deletes the feedback only after confirming', async () => {
    const item = page.getByTestId('feedback-item');
    await item.getByTestId('feedback-delete').click();
    const dialog = page.getByTestId('care-delete-dialog');
    await dialog.waitFor();
    // Escape cancels: nothing is deleted.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await item.count(), 1);

    await item.getByTestId('feedback-delete').click();
    await dialog.waitFor();
    assert.match(await dialog.getByTestId('care-delete-what').textContent(), /Xoá phản hồi ngày/);
    await dialog.getByTestId('care-delete-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('feedback-empty').waitFor();
  });

  it('stored exactly what the page shows', async () => {
    const care = await api(server.url, 'customer_care', { id: customerId });
    assert.equal(care.feedback.length, 0, 'the feedback is gone');

    assert.equal(care.requests.length, 1);
    const r = care.requests[0];
    assert.equal(r.id, requestId);
    assert.equal(r.customerId, customerId);
    assert.equal(r.kind, 'complaint');
    assert.equal(r.channel, 'phone');
    assert.equal(r.summary, SUMMARY);
    assert.equal(r.status, 'resolved');
    assert.ok(r.resolvedAt && r.resolvedAt >= r.receivedAt, `resolved at ${r.resolvedAt}, received ${r.receivedAt}`);
    assert.equal(r.handledBy, staff.id);
    assert.equal(r.handledByName, staff.name);
    assert.equal(r.waitMinutes, 5);
    assert.equal(r.transferredTo, null);
    assert.equal(r.firstContact, false);
    assert.equal(r.reopened, false);
    assert.ok(r.receivedAt.startsWith(today), `received today: ${r.receivedAt}`);

    assert.equal(care.tasks.length, 1);
    const k = care.tasks[0];
    assert.equal(k.kind, 'custom');
    assert.equal(k.title, TASK_TITLE);
    assert.equal(k.dueDate, daysBefore(today, 3).iso);
    assert.equal(k.dueTime, '09:30:00');
    assert.equal(k.assigneeId, staff.id);
    assert.equal(k.status, 'done');
    assert.equal(k.outcome, OUTCOME);
    assert.equal(k.overdue, false);
    assert.ok(k.completedAt, 'completion time recorded');

    // The page shows the same rows.
    const shown = await page.getByTestId('request-item').evaluateAll((els) => els.map((e) => Number(e.dataset.id)));
    assert.deepEqual(shown, care.requests.map((x) => x.id));
    const tasks = await page.getByTestId('task-item').evaluateAll((els) => els.map((e) => Number(e.dataset.id)));
    assert.deepEqual(tasks, care.tasks.map((x) => x.id));
    assert.deepEqual(problems, [], 'no page errors or failed calls');
  });

  it('shows the care section in English', async () => {
    const en = await openApp(browser, server.url, { lang: 'en' });
    try {
      await openCustomer(en.page);
      const care = en.page.getByTestId('care');
      assert.match(await care.locator('#care-title').textContent(), /Care/);
      assert.equal(await care.getByTestId('request-kind-label').textContent(), 'Complaint');
      assert.equal(await care.getByTestId('request-status-label').textContent(), 'Resolved');
      assert.equal(await care.getByTestId('task-status-label').textContent(), 'Done');
      assert.match(await care.getByTestId('feedback-empty').textContent(), /No feedback yet/);
      assert.match(await care.getByTestId('task-due').textContent(), new RegExp(`Due ${daysBefore(today, 3).typed.replace(/\//g, '\\/')}`));
      await care.scrollIntoViewIfNeeded();
      await en.page.screenshot({ path: join(ensureArtifacts(), 'care-en.png') });
      assert.deepEqual(en.problems, []);
    } finally {
      await en.context.close();
    }
  });
});
