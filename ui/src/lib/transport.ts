// The single way the UI talks to the backend: Tauri IPC inside the desktop
// app, plain HTTP against the loopback server in a browser.
import { invoke } from '@tauri-apps/api/core';
import { toApiError, type ApiError } from './types';

export function inTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

const KEY_STORE = 'carebook-serve-key';

/**
 * The key `carebook serve` drew at start: it arrives in the fragment of the
 * address it printed (`#key=…`, never sent to a server), is kept for this tab
 * (a reload still works) and taken out of the address bar.
 */
function serverKey(): string | null {
  if (typeof window === 'undefined') return null;
  const m = /(?:^#|&)key=([0-9a-f]{16,})/.exec(window.location.hash);
  try {
    if (m) {
      sessionStorage.setItem(KEY_STORE, m[1]);
      history.replaceState(history.state, '', window.location.pathname + window.location.search);
      return m[1];
    }
    return sessionStorage.getItem(KEY_STORE);
  } catch {
    return m ? m[1] : null;
  }
}

const key = inTauri() ? null : serverKey();

/** The headers that let a request from this page through `carebook serve`'s guard. */
export function keyHeaders(): Record<string, string> {
  return key ? { 'x-carebook-key': key } : {};
}

/** The launch key as a query, for addresses the browser opens itself (a printed report). */
export function keyQuery(): string {
  return key ? '?key=' + encodeURIComponent(key) : '';
}

/** Sends one command; `lib/api.ts` gives it its types. */
export async function send(cmd: string, payload: object): Promise<unknown> {
  if (inTauri()) {
    try {
      return await invoke('api', { cmd, args: payload });
    } catch (e) {
      throw toApiError(e);
    }
  }

  let res: Response;
  try {
    res = await fetch('/api/' + cmd, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-carebook-key': key ?? '' },
      body: JSON.stringify(payload),
    });
  } catch (e) {
    const err: ApiError = { code: 'network', message: e instanceof Error ? e.message : String(e) };
    throw err;
  }

  const text = await res.text();
  let body: unknown = undefined;
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  if (res.status === 403) {
    const err: ApiError = { code: 'no_key', message: typeof body === 'string' ? body : toApiError(body).message };
    throw err;
  }
  if (!res.ok) {
    const err = toApiError(body ?? `HTTP ${res.status}`);
    throw err;
  }
  return body;
}
