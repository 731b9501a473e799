// Today: a task done with an outcome, one skipped with a reason, one moved
// with the date picker; a day-7 check-in's CSAT answer recorded in one
// click (from the keyboard), which closes the task; a plan created in the setup panel makes its task
// appear after a purchase; editing its template changes the message; a plan
// on a schedule (RRULE) for the customers with a tag.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openApp, skipUnlessReady, eventually, api } from './harness.js';

const skip = skipUnlessReady();
const NAME = 'Hồ Thị Hôm Nay';
const PHONE = '0977 246 810';

function addDays(iso, n) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

describe('today: the daily care list', { skip }, () => {
  let server;
  let browser;
  let page;
  let context;
  let customerId;
  let today;
  const ids = {};

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ({ page, context } = await openApp(browser, server.url, { lang: 'vi' }));
    today = (await api(server.url, 'app_info')).today;
    const saved = await api(server.url, 'customer_create', {
      input: { name: NAME, phones: [PHONE], gender: 'female', consent: 'given' },
    });
    customerId = saved.customer.id;
    for (const [key, title, due] of [
      ['call', 'Gọi hỏi thăm sau bảo hành', addDays(today, -2)],
      ['skip', 'Nhắn lịch sự kiện', today],
      ['move', 'Hẹn đo size áo', today],
    ]) {
      const t = await api(server.url, 'care_task_save', {
        input: { customerId, kind: 'custom', title, dueDate: due, status: 'planned' },
      });
      ids[key] = t.id;
    }
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  const line = (id) => page.locator(`[data-testid="today-line"][data-task-id="${id}"]`);

  /** Opens the calendar's setup on a new plan with this name and trigger. */
  async function newPlan(name, trigger) {
    await page.keyboard.press('Alt+3');
    await page.getByTestId('calendar').waitFor();
    await page.getByTestId('open-setup').click();
    const setup = page.getByTestId('setup-dialog');
    await setup.getByTestId('plan-new').click();
    const editor = setup.getByTestId('plan-editor');
    await editor.getByTestId('plan-name').fill(name);
    await editor.getByTestId('plan-trigger').selectOption(trigger);
    return { setup, editor };
  }

  it('opens Today with Alt+2 and shows the count in the navigation', async () => {
    await page.getByTestId('list-count').waitFor();
    await page.keyboard.press('Alt+2');
    await page.getByTestId('today').waitFor();
    await line(ids.call).waitFor();
    const counts = await api(server.url, 'care_today', { offset: 0, limit: 1, lang: 'vi' });
    await eventually(async () => (await page.getByTestId('today-count').textContent()).trim() === String(counts.overdue + counts.dueToday));
    // Overdue first: the overdue line comes before today's.
    const order = await page.getByTestId('today-line').evaluateAll((els) => els.map((e) => e.dataset.overdue));
    assert.equal(order.indexOf('false') === -1 || order.lastIndexOf('true') < order.indexOf('false'), true, order.join());
    assert.equal(await line(ids.call).getAttribute('data-overdue'), 'true');
    assert.match(await line(ids.call).getByTestId('today-why').textContent(), /Gọi hỏi thăm sau bảo hành/);
    assert.equal(await line(ids.call).getByTestId('today-zalo').getAttribute('href'), 'https://zalo.me/0977246810');
    assert.equal(await line(ids.call).getByTestId('today-call').getAttribute('href'), 'tel:+84977246810');
  });

  it('marks the overdue task done with an outcome, recorded as late', async () => {
    await line(ids.call).getByTestId('today-done').click();
    const dialog = page.getByTestId('task-done-dialog');
    await dialog.getByTestId('task-note').fill('Khách hài lòng');
    await dialog.getByTestId('task-action-save').click();
    await line(ids.call).waitFor({ state: 'detached' });
    const done = (await api(server.url, 'care_task_list', { customerId, status: 'done', offset: 0, limit: 10, lang: 'vi' })).lines;
    assert.deepEqual(done.map((l) => [l.id, l.outcome, l.late]), [[ids.call, 'Khách hài lòng', true]]);
  });

  it('refuses a skip without a reason, then skips with one', async () => {
    await line(ids.skip).getByTestId('today-skip').click();
    const dialog = page.getByTestId('task-skip-dialog');
    await dialog.getByTestId('task-action-save').click();
    await dialog.getByTestId('task-action-error').waitFor();
    await dialog.getByTestId('task-note').fill('Khách đi công tác');
    await dialog.getByTestId('task-action-save').click();
    await line(ids.skip).waitFor({ state: 'detached' });
    const skipped = (await api(server.url, 'care_task_list', { customerId, status: 'skipped', offset: 0, limit: 10, lang: 'vi' })).lines;
    assert.deepEqual(skipped.map((l) => [l.id, l.outcome]), [[ids.skip, 'Khách đi công tác']]);
  });

  it('moves a task to another day with the date picker', async () => {
    const to = addDays(today, 3);
    await line(ids.move).getByTestId('today-move').click();
    const dialog = page.getByTestId('task-move-dialog');
    await dialog.getByTestId('task-date').fill(to);
    await dialog.getByTestId('task-action-save').click();
    await line(ids.move).waitFor({ state: 'detached' });
    const planned = (await api(server.url, 'care_task_list', { customerId, status: 'planned', offset: 0, limit: 10, lang: 'vi' })).lines;
    assert.deepEqual(planned.map((l) => [l.id, l.dueDate, l.firstDueDate]), [[ids.move, to, today]]);
  });

  it("records the day-7 check-in's CSAT answer in one click, which marks the task done", async () => {
    // A first purchase plans the check-in call a week later; moved to today, it is on the list.
    const buyer = (await api(server.url, 'customer_create', { input: { name: 'Lâm Thị Check In', phones: ['0966 135 792'], gender: 'female' } }))
      .customer.id;
    await api(server.url, 'purchase_add', { input: { customerId: buyer, amountVnd: 320000 } });
    const planned = (await api(server.url, 'care_task_list', { customerId: buyer, offset: 0, limit: 10, lang: 'vi' })).lines;
    const checkIn = planned.find((l) => l.kind === 'check_in');
    assert.ok(checkIn, planned.map((l) => l.kind).join());
    assert.equal(checkIn.dueDate, addDays(today, 7));
    await api(server.url, 'care_task_move', { id: checkIn.id, date: today });
    const month = { from: `${today.slice(0, 8)}01`, to: today };
    const answersBefore = (await api(server.url, 'measures', month)).comparison.current.csat_answers;

    await page.keyboard.press('Alt+1');
    await page.keyboard.press('Alt+2');
    await line(checkIn.id).waitFor();
    // Five labelled buttons on the check-in line only.
    const csat = line(checkIn.id).getByTestId('today-csat');
    assert.equal(await csat.getByRole('button').count(), 5);
    assert.equal(await line(checkIn.id).getByTestId('today-csat-4').getAttribute('aria-label'), 'Ghi CSAT 4/5 (Hài lòng) và đánh dấu xong');
    assert.equal(await page.getByTestId('today-line').filter({ hasNot: page.getByTestId('today-csat') }).filter({ hasText: 'Lâm Thị Check In' }).count(), 0);
    const others = await page.getByTestId('today-line').evaluateAll((els) => els.filter((e) => e.querySelector('[data-testid="today-csat"]')).length);
    const checkIns = (await api(server.url, 'care_today', { offset: 0, limit: 200, lang: 'vi' })).lines.filter((l) => l.kind === 'check_in').length;
    assert.equal(others, checkIns, 'a CSAT row on every check-in line and no other');

    // From the keyboard: focus the 4 and press Enter.
    await line(checkIn.id).getByTestId('today-csat-4').focus();
    await page.keyboard.press('Enter');
    await line(checkIn.id).waitFor({ state: 'detached' });

    const care = await api(server.url, 'customer_care', { id: buyer });
    assert.deepEqual(care.feedback.map((f) => [f.csat, f.nps, f.careTaskId, f.customerId]), [[4, null, checkIn.id, buyer]]);
    const task = care.tasks.find((t) => t.id === checkIn.id);
    assert.deepEqual([task.status, task.outcome], ['done', 'CSAT 4/5']);
    const after = (await api(server.url, 'measures', month)).comparison.current;
    assert.equal(after.csat_answers, answersBefore + 1, 'the dashboard counts the answer');
  });

  it('creates a plan whose task appears after a purchase, and a template edit changes its message', async () => {
    const { setup, editor } = await newPlan('Cảm ơn ngay trong ngày', 'any_purchase');
    await editor.getByTestId('step-offset').fill('0');
    await editor.getByTestId('step-template').selectOption('first_purchase_thanks');
    await editor.getByTestId('plan-save').click();
    await setup.getByTestId('plan-item').filter({ hasText: 'Cảm ơn ngay trong ngày' }).waitFor();

    // The template: an unknown placeholder is refused by name, then a good text is saved.
    await setup.getByTestId('setup-tab-templates').click();
    await setup.locator('[data-testid="template-item"][data-key="first_purchase_thanks"]').getByTestId('template-edit').click();
    const tpl = setup.getByTestId('template-editor');
    await tpl.getByTestId('template-vi').fill('Cảm ơn {xung_ho} {ten} nhé {khong_co}');
    await tpl.getByTestId('template-save').click();
    assert.match(await tpl.getByTestId('template-error').textContent(), /\{khong_co\}/);
    await tpl.getByTestId('template-vi').fill('Cảm ơn {xung_ho} {ten} đã ghé hôm nay!');
    await eventually(async () => /Cảm ơn/.test((await tpl.getByTestId('template-preview').textContent()) ?? ''));
    await tpl.getByTestId('template-save').click();
    await tpl.waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await setup.waitFor({ state: 'detached' });

    await api(server.url, 'purchase_add', { input: { customerId, amountVnd: 180000 } });
    await page.keyboard.press('Alt+2');
    await page.getByTestId('today-generate').click();
    const thanks = page.getByTestId('today-line').filter({ hasText: NAME }).filter({ has: page.getByTestId('today-message') });
    await eventually(async () => (await thanks.count()) > 0);
    assert.equal((await thanks.first().getByTestId('today-message').textContent()).trim(), 'Cảm ơn chị Nay đã ghé hôm nay!');
  });

  it('plans on a schedule for the customers with a tag: a bad rule is refused, the next days are shown, the tasks appear', async () => {
    const tagged = await api(server.url, 'customer_create', {
      input: { name: 'Đại lý Sỉ Định Kỳ', phones: ['0966 135 790'], tags: ['Đại lý định kỳ'], consent: 'given' },
    });
    const { setup, editor } = await newPlan('Gọi khách sỉ mỗi thứ Sáu', 'schedule');
    const preview = editor.getByTestId('plan-schedule-preview');
    // A rule the calendar cannot read is said at once, in Vietnamese.
    await editor.getByTestId('plan-rule').fill('FREQ=THINH-THOANG');
    await eventually(async () => /không đọc được/.test((await preview.textContent()) ?? ''));
    await editor.getByTestId('plan-rule-preset').selectOption('FREQ=WEEKLY;BYDAY=FR');
    await editor.getByTestId('plan-tag').fill('đại lý ĐỊNH KỲ');
    await eventually(async () => /Các ngày tới: \d\d\/\d\d\/\d{4}[\s\S]*· 1 khách có nhãn này/.test((await preview.textContent()) ?? '')).catch(async (e) => {
      throw new Error(`${e.message}: ${await preview.textContent()}`);
    });
    assert.equal(await editor.getByTestId('step-offset').inputValue(), '0', 'a new schedule plan acts on the day itself');
    await editor.getByTestId('step-template').selectOption('check_in_csat');
    await editor.getByTestId('plan-save').click();
    await setup.getByTestId('plan-item').filter({ hasText: 'Gọi khách sỉ mỗi thứ Sáu' }).waitFor();
    await page.keyboard.press('Escape');
    await setup.waitFor({ state: 'detached' });
    await api(server.url, 'care_generate');
    const plans = (await api(server.url, 'care_plan_list')).plans;
    const plan = plans.find((p) => p.name === 'Gọi khách sỉ mỗi thứ Sáu');
    assert.deepEqual(plan.trigger, { type: 'schedule', rule: 'FREQ=WEEKLY;BYDAY=FR', start: today, tag: 'đại lý ĐỊNH KỲ' });
    const planned = await api(server.url, 'care_task_list', { planId: plan.id, limit: 100 });
    assert.ok(planned.total > 0, 'tasks planned for the coming Fridays');
    assert.ok(planned.lines.every((l) => l.customerId === tagged.customer.id), 'only for the tagged customer');
    assert.ok(planned.lines.every((l) => new Date(`${l.dueDate}T00:00:00Z`).getUTCDay() === 5), 'on Fridays');
  });
});
