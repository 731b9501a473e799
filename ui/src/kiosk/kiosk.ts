// The kiosk's address: `#kiosk/<customer id>/<vi|en>`.
import type { Lang } from '../lib/i18n';

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

/** Opens the kiosk for a customer, full screen where the browser allows it. */
export function openKiosk(customerId: number, lang: Lang): void {
  location.hash = kioskHash(customerId, lang);
  document.documentElement.requestFullscreen?.().catch(() => {
    /* not allowed here: the page still covers the window */
  });
}
