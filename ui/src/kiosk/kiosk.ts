// The kiosk's address: `#kiosk/<customer id>/<vi|en>`. The desktop opens it
// in a full-screen window of its own (closed by the shell only with the staff
// PIN); a browser shows it full screen in the same page.
import { invoke } from '@tauri-apps/api/core';
import type { Lang } from '../lib/i18n';
import { inTauri } from '../lib/transport';
import { toApiError } from '../lib/types';

export interface KioskTarget {
  customerId: number;
  lang: Lang;
}

export function parseKiosk(hash: string): KioskTarget | null {
  const m = /^#kiosk\/(\d+)(?:\/(vi|en))?$/.exec(hash);
  if (!m) return null;
  return { customerId: Number(m[1]), lang: (m[2] as Lang | undefined) ?? 'vi' };
}

export function kioskHash(customerId: number, lang: Lang): string {
  return `#kiosk/${customerId}/${lang}`;
}

/** The desktop's kiosk window (its shell marks it before the page loads). */
export function inKioskWindow(): boolean {
  return typeof window !== 'undefined' && (window as { __CAREBOOK_KIOSK__?: boolean }).__CAREBOOK_KIOSK__ === true;
}

/** Leaves the kiosk window: the shell checks the PIN and closes it; false when the PIN is wrong. */
export async function closeKioskWindow(pin: string): Promise<boolean> {
  try {
    return (await invoke('close_kiosk', { pin })) === true;
  } catch (e) {
    throw toApiError(e);
  }
}

/** Opens the kiosk for a customer: its own full-screen window on the desktop, else full screen where the browser allows it. */
export async function openKiosk(customerId: number, lang: Lang): Promise<void> {
  if (inTauri()) {
    try {
      await invoke('open_kiosk', { customerId, lang });
    } catch (e) {
      throw toApiError(e);
    }
    return;
  }
  location.hash = kioskHash(customerId, lang);
  document.documentElement.requestFullscreen?.().catch(() => {
    /* not allowed here: the page still covers the window */
  });
}
