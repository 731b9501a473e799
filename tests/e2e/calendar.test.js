// The care calendar: a lunar birthday on the right day of the month view,
// Tết and the lunar dates, a task moved by drag and drop, and the week view.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { startServer, launchBrowser, openApp, skipUnlessReady, eventually, api } from './harness.js';

const skip = skipUnlessReady();
const NAME = 'Lâm Văn Âm Lịch';

function addDays(iso, n) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

describe('care calendar: month and week views', { skip }, () => {
  let server;
  let browser;
  let page;
  let context;
  let today;
  let lunarToday;
  let taskId;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ({ page, context } = await openApp(browser, server.url, { lang: 'vi' }));
    today = (await api(server.url, 'app_info')).today;
    // A lunar birthday that falls today: the day and month of today's lunar date.
    lunarToday = await api(server.url, 'lunar_date', { date: today });
    const saved = await api(server.url, 'customer_create', {
      input: { name: NAME, phones: ['0988 765 432'], birthday: { calendar: 'lunar', day: lunarToday.day, month: lunarToday.month, leap: lunarToday.leap } },
    });
    const task = await api(server.url, 'care_task_save', {
      input: { customerId: saved.customer.id, kind: 'follow_up_call', dueDate: today, status: 'planned' },
    });
    taskId = task.id;
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  const day = (iso) => page.locator(`[data-testid="calendar-day"][data-date="${iso}"]`);

  it('shows the lunar birthday on its solar day with the lunar date', async () => {
    await page.getByTestId('list-count').waitFor();
    await page.getByTestId('section-calendar').click();
    await page.getByTestId('calendar').waitFor();
    await day(today).waitFor();
    await eventually(async () => (await day(today).getByTestId('calendar-birthday').filter({ hasText: NAME }).count()) === 1);
    const text = await day(today).getByTestId('calendar-birthday').filter({ hasText: NAME }).textContent();
    assert.match(text, new RegExp(`sinh nhật âm lịch ${lunarToday.day}/${lunarToday.month}`));
    // Nowhere else this month.
    const elsewhere = await page.locator('[data-testid="calendar-day"]').filter({ hasText: NAME }).evaluateAll((els) => els.map((e) => e.dataset.date));
    assert.deepEqual(elsewhere, [today]);
    const lunar = await day(today).getByTestId('calendar-lunar').getAttribute('title');
    assert.match(lunar, new RegExp(`Âm lịch ${lunarToday.day}/${lunarToday.month}`));
  });

  it('moves a task by dragging it to another day', async () => {
    const to = addDays(today, 1);
    const task = page.locator(`[data-testid="calendar-task"][data-task-id="${taskId}"]`);
    await task.waitFor();
    // The next day may be in the next month's grid only in week view; switch when needed.
    if ((await day(to).count()) === 0) await page.getByTestId('calendar-week').click();
    await task.dragTo(day(to));
    await day(to).locator(`[data-testid="calendar-task"][data-task-id="${taskId}"]`).waitFor();
    const line = (await api(server.url, 'care_task_list', { offset: 0, limit: 500, lang: 'vi', status: 'planned' })).lines.find((l) => l.id === taskId);
    assert.deepEqual([line.dueDate, line.firstDueDate], [to, today]);
  });

  it('moves it back with the date picker, in the week view', async () => {
    await page.getByTestId('calendar-week').click();
    await eventually(async () => (await page.getByTestId('calendar-day').count()) === 7);
    const task = page.locator(`[data-testid="calendar-task"][data-task-id="${taskId}"]`);
    if ((await task.count()) === 0) await page.getByTestId('calendar-next').click();
    await task.click();
    const dialog = page.getByTestId('task-move-dialog');
    await dialog.getByTestId('task-date').fill(today);
    await dialog.getByTestId('task-action-save').click();
    await dialog.waitFor({ state: 'detached' });
    const line = (await api(server.url, 'care_task_list', { offset: 0, limit: 500, lang: 'vi', status: 'planned' })).lines.find((l) => l.id === taskId);
    assert.equal(line.dueDate, today);
  });

  it('exports the month as an .ics file an independent parser reads', async () => {
    await page.getByTestId('calendar-month').click();
    await page.getByTestId('calendar-today').click();
    const dir = mkdtempSync(join(tmpdir(), 'carebook-ics-'));
    try {
      await page.getByTestId('open-ics').click();
      const dialog = page.getByTestId('ics-dialog');
      const path = join(dir, 'lich.ics');
      await dialog.getByTestId('ics-path').fill(path);
      await dialog.getByTestId('ics-save').click();
      await dialog.waitFor({ state: 'detached' });
      const cal = new ICAL.Component(ICAL.parse(readFileSync(path, 'utf8')));
      const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
      const birthday = events.find((e) => e.summary.includes(NAME) && e.summary.startsWith('Sinh nhật âm lịch'));
      assert.ok(birthday, events.map((e) => e.summary).join('\n'));
      assert.equal(birthday.startDate.toString(), today);
      assert.equal(birthday.endDate.toString(), addDays(today, 1), 'an all-day event');
      const task = events.find((e) => e.uid === `task-${taskId}@carebook`);
      assert.ok(task, 'the task, by its stable UID');
      assert.equal(new Set(events.map((e) => e.uid)).size, events.length, 'UIDs are unique');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('marks Tết in the month of the lunar new year', async () => {
    const tet = await api(server.url, 'care_agenda', { from: `${today.slice(0, 4)}-01-01`, to: `${today.slice(0, 4)}-12-31`, assigneeId: null, lang: 'vi', perDay: 0 });
    const nextYear = Number(today.slice(0, 4)) + 1;
    const agenda = await api(server.url, 'care_agenda', { from: `${nextYear}-01-15`, to: `${nextYear}-02-25`, assigneeId: null, lang: 'vi', perDay: 0 });
    const tetDay = agenda.days.find((d) => d.tet);
    assert.ok(tetDay, 'Tết falls between 21 January and 20 February');
    assert.ok(tet.days.length >= 365);
    await page.getByTestId('calendar-month').click();
    const [y, m] = tetDay.date.split('-').map(Number);
    const [ty, tm] = today.split('-').map(Number);
    const steps = (y - ty) * 12 + (m - tm);
    for (let i = 0; i < steps; i++) await page.getByTestId('calendar-next').click();
    await eventually(async () => (await page.getByTestId('calendar-title').textContent()) === `Tháng ${m}/${y}`);
    await day(tetDay.date).getByTestId('calendar-tet').waitFor();
  });
});
