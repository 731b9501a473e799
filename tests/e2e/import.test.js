// Import a file with problems: read the preview, fix the column mapping, import, undo.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, openApp, skipUnlessReady, eventually, api } from './harness.js';

const skip = skipUnlessReady();

describe('import customers from a file', { skip }, () => {
  let server;
  let browser;
  let page;
  let context;
  let problems;
  let existing;
  let existingBefore;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ({ page, context, problems } = await openApp(browser, server.url, { lang: 'vi' }));
    const list = await api(server.url, 'customer_list', { offset: 0, limit: 200 });
    existing = list.rows.find((r) => r.phone);
    existingBefore = await api(server.url, 'customer_get', { id: existing.id });
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  async function counts() {
    const text = async (id) => (await page.getByTestId(id).textContent()).trim();
    return {
      new: await text('import-count-new'),
      merge: await text('import-count-merge'),
      duplicate: await text('import-count-duplicate'),
      problem: await text('import-count-problem'),
    };
  }

  it('previews, remaps a column, imports and undoes', async () => {
    // The names are under a header nobody can guess; row 3 is a customer of the
    // book (same number written another way), row 4 a bad number, row 5 repeats row 2.
    const csv = [
      'Cột A;SĐT;Ghi chú',
      'Lý Thị Mới;0977 000 111;Khách mới từ hội chợ',
      `Người Trùng;${existing.phone.replace(/^0/, '+84 ')};Quen chủ tiệm`,
      'Số Sai;12345;',
      'Lý Thị Mới;+84 977 000 111;Mua lần hai',
      '',
    ].join('\r\n');

    await page.getByTestId('open-import').click();
    await page.getByTestId('import-dialog').waitFor();
    await page.getByTestId('import-file').setInputFiles({
      name: 'khach-hang.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('\ufeff' + csv, 'utf8'),
    });

    // Preview: without a name column every row lacks a name.
    await page.getByTestId('import-counts').waitFor();
    assert.equal((await counts()).problem, '4 dòng có lỗi');
    assert.equal(await page.getByTestId('import-encoding').inputValue(), 'utf8', 'UTF-8 with a BOM is detected');
    assert.equal(await page.getByTestId('import-map-1').inputValue(), 'phone', 'SĐT is guessed as the phone');
    const firstProblem = page.getByTestId('import-list-problem').getByTestId('import-row').first();
    assert.match(await firstProblem.textContent(), /Dòng 2/);
    assert.match(await firstProblem.getByTestId('import-problem').textContent(), /Họ và tên: Vui lòng nhập/);
    assert.equal(await page.getByTestId('import-commit').isDisabled(), true, 'nothing can be imported yet');

    // Fix the mapping: column A holds the names.
    await page.getByTestId('import-map-0').selectOption('name');
    await eventually(async () => (await counts()).problem === '1 dòng có lỗi');
    assert.deepEqual(await counts(), {
      new: '1 khách hàng mới',
      merge: '1 gộp vào khách hàng đã có',
      duplicate: '1 trùng dòng khác trong tệp',
      problem: '1 dòng có lỗi',
    });
    const bad = page.getByTestId('import-list-problem').getByTestId('import-row');
    assert.equal(await bad.count(), 1);
    assert.match(await bad.textContent(), /Dòng 4.*Số điện thoại không hợp lệ.*12345/s);

    await page.getByTestId('import-tab-merge').click();
    const target = await page.getByTestId('import-merge-target').textContent();
    assert.ok(target.includes(existing.name), `the merge names the existing customer: ${target}`);
    assert.ok(target.includes(existing.phone), `and the shared number: ${target}`);
    await page.getByTestId('import-tab-duplicate').click();
    assert.match(await page.getByTestId('import-list-duplicate').textContent(), /Dòng 5.*dòng 2/s);

    // Rows with problems block the import until they are left out.
    assert.equal(await page.getByTestId('import-commit').isDisabled(), true);
    await page.getByTestId('import-skip').check();
    await page.getByTestId('import-commit').click();
    await page.getByTestId('import-done').waitFor();
    assert.match(
      await page.getByTestId('import-done-summary').textContent(),
      /Đã thêm 1 khách hàng mới, gộp vào 1 khách hàng đã có/,
    );

    const found = await api(server.url, 'customer_search', { query: 'ly thi moi' });
    assert.equal(found.hits.length, 1, 'the new customer is in the book');
    const merged = await api(server.url, 'customer_get', { id: existing.id });
    assert.equal(merged.name, existingBefore.name, 'the existing name is kept');

    // Undo this import: the book is as it was.
    await page.getByTestId('import-undo').click();
    await page.getByTestId('toast-import-undone').waitFor();
    await page.getByTestId('import-dialog').waitFor({ state: 'detached' });
    assert.equal((await api(server.url, 'customer_search', { query: 'ly thi moi' })).hits.length, 0);
    assert.deepEqual(await api(server.url, 'customer_get', { id: existing.id }), existingBefore, 'restored exactly');
    const batches = await api(server.url, 'import_batches');
    assert.ok(batches.batches[0].undoneAt, 'the import is marked undone');
    assert.deepEqual(problems, [], 'no page errors');
  });
  it('uploads and previews a file past 20 MB', async () => {
    // CareBook's own export format, 22 MB: the file is streamed to the server, not read into the page.
    const header =
      '\ufeffMã khách hàng,Họ và tên,Số điện thoại,Email,Ngày sinh,Loại lịch,Giới tính,Địa chỉ,Loại khách hàng,' +
      'Nguồn khách,Nhãn,Ghi chú,Đồng ý nhận ưu đãi,Ngày đồng ý / rút lại,Kênh liên lạc ưa thích,Điểm tích luỹ,' +
      'Hạng thành viên,Số lần mua,Tổng chi tiêu,Mua gần nhất,Ngày lưu trữ,Ngày tạo,Cập nhật lần cuối\n';
    const notes = 'Khách quen, thích bánh kem ít đường, hay đặt trước qua Zalo vào cuối tuần. '.repeat(9);
    const lines = [header];
    let size = Buffer.byteLength(header);
    let n = 0;
    while (size < 22 * 1024 * 1024) {
      n += 1;
      const line =
        `${n + 100000},Phan Thị Lớn ${n},07${String(60000000 + n).padStart(8, '0')},lon${n}@example.com,` +
        `30/12,Âm lịch,Nữ,"${n} Hai Bà Trưng, Hà Nội",Khách hàng bên ngoài,Zalo,VIP,"${notes}",Đồng ý,` +
        '01/03/2025,Zalo,0,,0,0 ₫,,,01/03/2025 09:00:00,01/03/2025 09:00:00\n';
      lines.push(line);
      size += Buffer.byteLength(line);
    }
    const dir = mkdtempSync(join(tmpdir(), 'carebook-e2e-large-'));
    const path = join(dir, 'khach-hang-lon.csv');
    writeFileSync(path, lines.join(''));
    assert.ok(statSync(path).size > 20 * 1024 * 1024);
    try {
      await page.getByTestId('open-import').click();
      await page.getByTestId('import-dialog').waitFor();
      await page.getByTestId('import-file').setInputFiles(path);
      await page.getByTestId('import-counts').waitFor({ timeout: 120_000 });
      const c = await counts();
      assert.equal(c.new, `${n.toLocaleString('vi-VN')} khách hàng mới`);
      assert.equal(c.problem, '0 dòng có lỗi');
      assert.match(await page.getByTestId('import-dialog').textContent(), /khach-hang-lon\.csv/);
      assert.deepEqual(problems, [], 'no page errors');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
