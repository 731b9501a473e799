// Starts a real `carebook` backend on a throw-away demo book and a headless Chromium.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');
export const uiDist = join(repoRoot, 'ui', 'dist');
export const artifactsDir = join(here, 'artifacts');

export function carebookBin() {
  if (process.env.CAREBOOK_BIN) return process.env.CAREBOOK_BIN;
  const target = process.env.CARGO_TARGET_DIR ?? join(homedir(), '.cache', 'carebook', 'target');
  return join(target, 'debug', 'carebook');
}

export function chromiumPath() {
  return process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
}

/** Why the suite cannot run here (missing binary, browser or built UI), or null. */
export function missingPrerequisite() {
  return findMissing();
}

/**
 * The `skip` option for a suite: by default a missing prerequisite fails the suite
 * (with the reason); set E2E_ALLOW_SKIP=1 to skip instead.
 */
export function skipUnlessReady() {
  const missing = findMissing();
  return missing && process.env.E2E_ALLOW_SKIP === '1' ? missing : false;
}

function findMissing() {
  if (!existsSync(carebookBin())) return `carebook binary not found at ${carebookBin()} (set CAREBOOK_BIN)`;
  if (!existsSync(chromiumPath())) return `Chromium not found at ${chromiumPath()}`;
  if (!existsSync(join(uiDist, 'index.html'))) return `UI not built: ${uiDist}/index.html missing (cd ui && npm run build)`;
  return null;
}

/**
 * Creates a demo book and serves it with the built UI.
 * Returns { url, dbPath, stop }; `url` carries the server's key in its fragment.
 */
export async function startServer({ customers = 200, seed = 7 } = {}) {
  const missing = findMissing();
  if (missing) throw new Error(missing);
  const dir = mkdtempSync(join(tmpdir(), 'carebook-e2e-'));
  const dbPath = join(dir, 'e2e.sqlite');
  const bin = carebookBin();

  const demo = spawnSync(bin, ['demo', '--db', dbPath, '--customers', String(customers), '--seed', String(seed)], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (demo.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`carebook demo failed (${demo.status}): ${demo.stderr || demo.stdout}`);
  }

  const child = spawn(bin, ['serve', '--db', dbPath, '--port', '0', '--ui', uiDist], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => {
    stderr += d;
  });

  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`carebook serve did not start in time: ${stderr}`)), 30_000);
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      const m = serveUrl(line);
      if (m) resolveUrl(m);
      else reject(new Error(`unexpected first line from carebook serve: ${line}`));
      // Keep draining stdout so the server never blocks on a full pipe.
      lines.on('line', () => {});
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`carebook serve exited early (${code}): ${stderr}`));
    });
  });

  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  }

  return { url, dbPath, stop };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Opens the app in a fresh browser context. Page errors and failed API calls are
 * collected in `problems` so a test can assert that none happened.
 */
export async function openApp(browser, url, { lang = 'vi', viewport = { width: 1366, height: 820 } } = {}) {
  const context = await browser.newContext({ viewport, locale: lang === 'vi' ? 'vi-VN' : 'en-US' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.setDefaultTimeout(10_000);
  await page.goto(url);
  await page.getByTestId('search').waitFor();
  return { context, page, problems };
}

/**
 * A server on a demo book, a browser and the app open in it (as `openApp`);
 * `close` ends all three, and a failed start closes what it had opened.
 */
export async function openSession({ server: serverOptions, ...appOptions } = {}) {
  const server = await startServer(serverOptions);
  let browser;
  try {
    browser = await launchBrowser();
    const app = await openApp(browser, server.url, appOptions);
    const close = async () => {
      await app.context.close();
      await browser.close();
      await server.stop();
    };
    return { server, browser, ...app, close };
  } catch (e) {
    await browser?.close();
    await server.stop();
    throw e;
  }
}

export function ensureArtifacts() {
  mkdirSync(artifactsDir, { recursive: true });
  return artifactsDir;
}

/** Polls `fn` until it returns a truthy value (or throws the last error after `timeout` ms). */
export async function eventually(fn, { timeout = 8000, interval = 50 } = {}) {
  const end = Date.now() + timeout;
  let lastErr;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      lastErr = new Error('condition not met');
    } catch (e) {
      lastErr = e;
    }
    if (Date.now() > end) throw lastErr;
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * The address in the first line `carebook serve` prints, with the launch's key
 * in its fragment (`http://127.0.0.1:PORT/#key=…`), or null.
 */
export function serveUrl(line) {
  const m = /(http:\/\/127\.0\.0\.1:\d+\/#key=[0-9a-f]+)/.exec(line);
  return m ? m[1] : null;
}

/** The key of a served address (its `#key=` fragment). */
export function serveKey(url) {
  return /#key=([0-9a-f]+)/.exec(url)?.[1] ?? '';
}

/** Calls the backend API directly (for setting up or checking data), with the server's key. */
export async function api(url, cmd, args = {}) {
  const res = await fetch(new URL('api/' + cmd, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-carebook-key': serveKey(url) },
    body: JSON.stringify(args),
  });
  const body = await res.json();
  if (!res.ok) throw Object.assign(new Error(`${cmd}: ${body.message}`), body);
  return body;
}
