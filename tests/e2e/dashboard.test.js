// The dashboard in Chromium: tiles with the API's figures and their changes,
// trend charts drawn, drill-down to the records (from a tile, and from a
// figure of the breakdowns by staff and by channel), service level, the at-risk
// list with its one-click care task, a request logged changing the figures;
// and the app still mounting when the browser reports the language "C"
// (WebKitGTK under LANG=C), which uPlot would otherwise choke on.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openApp, skipUnlessReady, eventually, api } from './harness.js';

const skip = skipUnlessReady();

/** The whole calendar month of `iso` as {from, to}. */
function monthOf(iso) {
  const [y, m] = iso.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, '0');
  return { from: `${y}-${mm}-01`, to: `${y}-${mm}-${String(last).padStart(2, '0')}` };
}

function lastMonthOf(iso) {
  const [y, m] = iso.split('-').map(Number);
  const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
  return monthOf(`${py}-${String(pm).padStart(2, '0')}-01`);
}

describe('dashboard', { skip }, () => {
  let server;
  let browser;
  let today;

  before(async () => {
    server = await startServer({ customers: 600 });
    browser = await launchBrowser();
    today = (await api(server.url, 'app_info')).today;
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function openDashboard(page) {
    await page.getByTestId('section-dashboard').click();
    await page.getByTestId('tiles').waitFor();
  }

  it('shows the measures of the API, the trend, the level and drills down to the records', async () => {
    const { context, page, problems } = await openApp(browser, server.url, { lang: 'en' });
    try {
      await openDashboard(page);
      const range = lastMonthOf(today);
      await page.getByTestId('range-lastMonth').click();
      const [y, m] = range.from.split('-');
      await eventually(async () => (await page.getByTestId('range-shown').textContent()).startsWith(`01/${m}/${y}`));
      const want = await api(server.url, 'measures', range);
      const cur = want.comparison.current;
      assert.ok(cur.requests_received > 0, 'the demo shop has requests last month');
      // The resolution-rate tile shows the API's figure and its counts.
      const tile = page.getByTestId('tile-resolution_rate');
      await eventually(async () => (await tile.textContent()).includes(`${cur.requests_resolved}/${cur.requests_received}`));
      const shown = (await tile.getByTestId('tile-value').textContent()).trim();
      assert.equal(shown, cur.resolution_rate === null ? '—' : `${String(Math.round(cur.resolution_rate * 10) / 10)} %`.replace('.0 %', ' %'));
      assert.match(await tile.getByTestId('change-previous').textContent(), /vs previous period/);
      assert.match(await tile.getByTestId('change-last-year').textContent(), /vs same period last year/);
      // Eleven tiles, four charts drawn on canvases, the level and the at-risk list.
      assert.equal(await page.locator('[data-testid^="tile-"]:not([data-testid="tile-value"])').count(), 11);
      await eventually(async () => (await page.getByTestId('trend-charts').locator('canvas').count()) === 4);
      await page.getByTestId('service-level').waitFor();
      const level = await api(server.url, 'service_level', range);
      if (level.assessment.type === 'not_enough_feedback') {
        await page.getByTestId('level-not-enough').waitFor();
      } else {
        assert.match(await page.getByTestId('level-name').textContent(), new RegExp(`Level ${level.assessment.number} of 6`));
        assert.ok((await page.getByTestId('level-remedies').locator('li').count()) >= 2);
      }
      await page.getByTestId('by-staff').locator('tbody tr').first().waitFor();
      await page.getByTestId('by-channel').locator('tbody tr').first().waitFor();

      // Drill-down: the requests received, the resolved ones counted first.
      await tile.click();
      const dialog = page.getByTestId('drill-dialog');
      await dialog.getByTestId('drill-table').waitFor();
      const rows = dialog.getByTestId('drill-row');
      assert.equal(await rows.count(), Math.min(cur.requests_received, 500));
      assert.match(await rows.first().textContent(), /Counted/);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('drills down from a figure of the breakdown by staff and by channel to the records of that line', async () => {
    const { context, page, problems } = await openApp(browser, server.url, { lang: 'en' });
    try {
      await openDashboard(page);
      await page.getByTestId('range-year').click();
      const range = { from: `${today.slice(0, 4)}-01-01`, to: `${today.slice(0, 4)}-12-31` };
      await eventually(async () => (await page.getByTestId('range-shown').textContent()).startsWith(`01/01/${today.slice(0, 4)}`));
      const want = await api(server.url, 'measures', range);
      const staff = want.byStaff.find((g) => g.staffId !== null && g.measures.requests_received > 0);
      assert.ok(staff, 'a staff member handled requests this year');
      const name = want.staff.find((s) => s.id === staff.staffId).name;
      const row = page.getByTestId('by-staff').getByTestId('breakdown-row').filter({ hasText: name });
      await eventually(async () => (await row.getByTestId('figure-requests').textContent()).trim() === String(staff.measures.requests_received));
      await row.getByTestId('figure-requests').click();
      const dialog = page.getByTestId('drill-dialog');
      await dialog.getByTestId('drill-table').waitFor();
      assert.match(await dialog.locator('#drill-title').textContent(), new RegExp(name));
      const rows = dialog.getByTestId('drill-row');
      assert.equal(await rows.count(), Math.min(staff.measures.requests_received, 500));
      const counted = await dialog.locator('[data-testid="drill-row"].counted').count();
      if (staff.measures.requests_received <= 500) assert.equal(counted, staff.measures.requests_resolved);
      // The same records as the API's drill-down of that line.
      const api_ = await api(server.url, 'measures_drill', { measure: 'resolution_rate', ...range, limit: 500, group: { by: 'staff', staffId: staff.staffId } });
      assert.equal(api_.drill.denominator.length, staff.measures.requests_received);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });

      // By channel, from the keyboard: the CSAT answers of feedback about Zalo requests.
      const zalo = want.byChannel.find((g) => g.channel === 'zalo');
      assert.ok(zalo, 'Zalo requests this year');
      const zaloRow = page.getByTestId('by-channel').getByTestId('breakdown-row').filter({ hasText: 'Zalo' });
      await zaloRow.getByTestId('figure-csat').focus();
      await page.keyboard.press('Enter');
      await dialog.waitFor();
      if (zalo.measures.csat_answers === 0) await dialog.getByTestId('drill-empty').waitFor();
      else await eventually(async () => (await rows.count()) === Math.min(zalo.measures.csat_answers, 500));
      assert.match(await dialog.locator('#drill-title').textContent(), /Zalo/);
      await page.keyboard.press('Escape');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('plans a care task from an at-risk line in one click, and a logged request changes the figures', async () => {
    const { context, page, problems } = await openApp(browser, server.url, { lang: 'vi' });
    try {
      await openDashboard(page);
      const risk = await api(server.url, 'at_risk', { limit: 200 });
      assert.ok(risk.total > 0, 'the demo shop has customers at risk');
      const first = risk.rows[0];
      const before = (await api(server.url, 'customer_care', { id: first.customerId })).tasks.length;
      const line = page.getByTestId('at-risk-row').first();
      assert.match(await line.textContent(), new RegExp(first.name));
      await line.getByTestId('make-task').first().click();
      await line.getByTestId('task-made').waitFor();
      const tasks = (await api(server.url, 'customer_care', { id: first.customerId })).tasks;
      assert.equal(tasks.length, before + 1);
      const made = tasks.find((t) => t.kind === first.reasons[0].suggestedTask && t.dueDate === today && t.status === 'planned');
      assert.ok(made, 'the suggested task is planned for today');

      // A request received today: this month's count goes up by one.
      const month = monthOf(today);
      const n = (await api(server.url, 'measures', month)).comparison.current.requests_received;
      await api(server.url, 'request_save', {
        input: { customerId: first.customerId, channel: 'zalo', kind: 'question', summary: 'Hỏi giờ mở cửa', status: 'open' },
      });
      await page.getByTestId('range-lastMonth').click();
      await page.getByTestId('range-thisMonth').click();
      await page.getByTestId('tile-resolution_rate').click();
      await eventually(async () => (await page.getByTestId('drill-dialog').getByTestId('drill-row').count()) === Math.min(n + 1, 500));
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('mounts and draws the charts when the browser says its language is "C"', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 820 } });
    await context.addInitScript(() => {
      Object.defineProperty(navigator, 'language', { get: () => 'C', configurable: true });
      Object.defineProperty(navigator, 'languages', { get: () => ['C'], configurable: true });
    });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    try {
      await page.goto(server.url);
      // The bare "C" really is refused by Intl in this browser: the guard is what saves the page.
      const refused = await page.evaluate(() => {
        try {
          new Intl.NumberFormat('C');
          return false;
        } catch {
          return true;
        }
      });
      assert.ok(refused, 'Intl refuses the tag "C"');
      await page.getByTestId('search').waitFor();
      assert.equal(await page.evaluate(() => navigator.language), 'en-US');
      await openDashboard(page);
      await eventually(async () => (await page.getByTestId('trend-charts').locator('canvas').count()) === 4);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
