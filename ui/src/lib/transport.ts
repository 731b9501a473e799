// The single way the UI talks to the backend: Tauri IPC inside the desktop
// app, plain HTTP against the loopback server in a browser.
import { invoke } from '@tauri-apps/api/core';
import { toApiError, type ApiError } from './types';

export function inTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
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
      headers: { 'content-type': 'application/json' },
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
  if (!res.ok) {
    const err = toApiError(body ?? `HTTP ${res.status}`);
    throw err;
  }
  return body;
}
