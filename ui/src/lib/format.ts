// Formatting shared by both languages: money as `1.250.000 ₫`, dates as dd/mm/yyyy.
import type { Birthday } from './bindings';

/** Groups the digits of a non-negative integer string with dots: "1250000" → "1.250.000". */
export function groupDigits(digits: string): string {
  const clean = digits.replace(/^0+(?=\d)/, '');
  return clean.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** Integer VND: 1250000 → "1.250.000 ₫". */
export function formatVnd(amount: number): string {
  if (!Number.isFinite(amount)) return '';
  const n = Math.round(amount);
  const sign = n < 0 ? '-' : '';
  return `${sign}${groupDigits(String(Math.abs(n)))} ₫`;
}

/** Plain grouped number without currency: 12500 → "12.500". */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  const v = Math.round(n);
  return (v < 0 ? '-' : '') + groupDigits(String(Math.abs(v)));
}

/** Keeps only the digits of a typed amount. */
export function digitsOnly(text: string): string {
  return text.replace(/\D+/g, '');
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/** "2024-03-05" or "2024-03-05T10:00:00" → "05/03/2024". Empty string for null/unknown. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = ISO_DATE.exec(iso);
  if (!m) return iso;
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/** "2024-03-05T10:07:00" → "05/03/2024 10:07". */
export function formatTimestamp(ts: string | null | undefined): string {
  if (!ts) return '';
  const date = formatDate(ts);
  const t = /[T ](\d{2}):(\d{2})/.exec(ts);
  return t ? `${date} ${t[1]}:${t[2]}` : date;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses a date typed as dd/mm/yyyy (also d/m/yyyy, with "-" or "." as separators)
 * into "yyyy-mm-dd". Returns null when the text is not a real calendar date.
 */
export function parseDate(text: string): string | null {
  const m = /^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$/.exec(text);
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || year < 1000) return null;
  if (day > daysInMonth(year, month)) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Birthday as "dd/mm" or "dd/mm/yyyy", with the lunar label appended for lunar dates. */
export function formatBirthday(b: Birthday | null | undefined, lunarLabel: string, leapLabel = ''): string {
  if (!b) return '';
  const dm = `${String(b.day).padStart(2, '0')}/${String(b.month).padStart(2, '0')}`;
  const text = b.year ? `${dm}/${b.year}` : dm;
  if (b.calendar !== 'lunar') return text;
  return b.leap && leapLabel ? `${text} (${lunarLabel}, ${leapLabel})` : `${text} (${lunarLabel})`;
}

/** "vip, Khách quen , vip" → ["vip", "Khách quen"] (trimmed, no blanks, no repeats). */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(/[,;]/)) {
    const tag = part.trim().replace(/\s+/g, ' ');
    if (!tag) continue;
    const key = tag.toLocaleLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}

/** Initials for an avatar: "Nguyễn Văn An" → "NA". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = words[0]!.charAt(0);
  const last = words.length > 1 ? words[words.length - 1]!.charAt(0) : '';
  return (first + last).toLocaleUpperCase();
}

/**
 * Parses a time of day typed as hh:mm (also h:mm, "9h30", "09.30") into "hh:mm:00".
 * Returns null when the text is not a time of day.
 */
export function parseTime(text: string): string | null {
  const m = /^\s*(\d{1,2})\s*[:.hH]\s*(\d{2})\s*$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}:00`;
}

/** "10:07:00" or "2024-03-05T10:07:00" → "10:07". Empty string for null. */
export function formatTime(value: string | null | undefined): string {
  if (!value) return '';
  const m = /(?:^|[T ])(\d{2}):(\d{2})/.exec(value);
  return m ? `${m[1]}:${m[2]}` : value;
}
