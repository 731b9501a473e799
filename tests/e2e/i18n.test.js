// Both dictionaries have every key, no empty text, and the same {placeholders}.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot } from './harness.js';

const tsPath = join(repoRoot, 'ui', 'node_modules', 'typescript');
const skip = existsSync(tsPath) ? false : 'ui/node_modules not installed (cd ui && npm ci)';

/** Transpiles one module of ui/src/lib to a data: URL; `imports` maps its relative imports to loaded URLs. */
function moduleUrl(ts, name, imports = {}) {
  let source = readFileSync(join(repoRoot, 'ui', 'src', 'lib', name), 'utf8');
  for (const [spec, url] of Object.entries(imports)) source = source.replaceAll(`from '${spec}'`, `from '${url}'`);
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  return 'data:text/javascript;base64,' + Buffer.from(js).toString('base64');
}

async function loadI18n() {
  const ts = createRequire(import.meta.url)(tsPath);
  const labels = moduleUrl(ts, 'labels.ts');
  const service = moduleUrl(ts, 'i18n.service.ts');
  return import(moduleUrl(ts, 'i18n.ts', { './labels': labels, './i18n.service': service }));
}

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

it('has complete Vietnamese and English dictionaries', { skip }, async () => {
  const { vi, en, LANGS, translate, detectLang } = await loadI18n();
  assert.deepEqual([...LANGS].sort(), ['en', 'vi']);
  const viKeys = Object.keys(vi).sort();
  const enKeys = Object.keys(en).sort();
  assert.deepEqual(
    viKeys.filter((k) => !(k in en)),
    [],
    'keys missing from en',
  );
  assert.deepEqual(
    enKeys.filter((k) => !(k in vi)),
    [],
    'keys missing from vi',
  );
  for (const k of viKeys) {
    assert.ok(vi[k].trim() !== '', `vi.${k} is empty`);
    assert.ok(en[k].trim() !== '', `en.${k} is empty`);
    assert.deepEqual(placeholders(vi[k]), placeholders(en[k]), `placeholders differ for ${k}`);
  }
  // Every enum value the backend sends has a label.
  const enums = {
    kind: ['external', 'internal'],
    gender: ['female', 'male', 'other'],
    consent: ['unknown', 'given', 'withdrawn'],
    channel: ['in_store', 'phone', 'zalo', 'facebook', 'email', 'web', 'other'],
    calendar: ['solar', 'lunar'],
    error: ['validation', 'not_found', 'conflict', 'bad_request', 'internal', 'newer_schema', 'not_carebook'],
    fieldError: ['required', 'too_long', 'phone_invalid', 'email_invalid', 'date_invalid', 'date_in_future', 'amount_invalid', 'number_invalid'],
  };
  for (const [prefix, values] of Object.entries(enums)) {
    for (const v of values) assert.ok(`${prefix}.${v}` in vi, `missing ${prefix}.${v}`);
  }
  assert.equal(translate('vi', 'list.count', { count: '1.000' }), '1.000 khách hàng');
  assert.equal(detectLang('vi-VN'), 'vi');
  assert.equal(detectLang('en-GB'), 'en');
  assert.equal(detectLang(undefined), 'en');
});

it('uses the shop vocabulary of the care guides in Vietnamese', { skip }, async () => {
  const { vi } = await loadI18n();
  const all = Object.values(vi).join('\n');
  for (const term of ['Khách hàng bên ngoài', 'Khách hàng nội bộ', 'Ghi chú', 'Lịch sử mua hàng', 'chăm sóc khách hàng']) {
    assert.ok(all.toLowerCase().includes(term.toLowerCase()), `missing term: ${term}`);
  }
});
