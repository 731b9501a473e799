// Sizes of backup files as a person reads them.
import type { Lang } from '../../lib/i18n';

/** 12345678 → "12,3 MB" (vi) / "12.3 MB" (en). */
export function formatSize(bytes: number, lang: Lang): string {
  const fmt = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 1 });
  if (bytes < 1_000_000) return `${fmt.format(Math.max(1, Math.round(bytes / 1000)))} KB`;
  return `${fmt.format(bytes / 1_000_000)} MB`;
}
