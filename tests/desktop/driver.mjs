// What the desktop-window scripts share: starting tauri-driver in front of
// WebKitWebDriver, and the few W3C WebDriver calls they make.

import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const target = process.env.CARGO_TARGET_DIR ?? join(process.env.HOME, '.cache/carebook/target');
export const desktopBin = process.env.CAREBOOK_DESKTOP_BIN ?? join(target, 'debug/carebook-desktop');
export const cliBin = process.env.CAREBOOK_BIN ?? join(target, 'debug/carebook');
export const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns something truthy; fails after `timeoutMs`. */
export async function waitFor(what, fn, timeoutMs = 30000, everyMs = 250) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

/**
 * Starts tauri-driver on a free-ish port; returns its `wd(method, path, body)`
 * and `stop()`. tauri-driver runs in a process group of its own with
 * WebKitWebDriver and the app under it: `stop` signals the whole group, so
 * no app a session left behind keeps holding the test's output open.
 */
export async function startDriver() {
  const port = 4444 + Math.floor(Math.random() * 1000);
  const url = `http://127.0.0.1:${port}`;
  const process_ = spawn('tauri-driver', ['--port', String(port), '--native-port', String(port + 1000), '--native-driver', '/usr/bin/WebKitWebDriver'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  const stop = () => {
    try {
      process.kill(-process_.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  async function wd(method, path, body) {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      // A window that never comes up (the app exited) must fail, not hang.
      signal: AbortSignal.timeout(60_000),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value ?? json)}`);
    return json.value;
  }
  await waitFor('tauri-driver', async () => (await fetch(`${url}/status`)).ok, 20000);
  return { process: process_, wd, stop };
}
