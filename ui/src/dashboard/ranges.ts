// The range picker's presets, computed from "today" (the backend's day, from app_info).

export type RangePreset = 'thisMonth' | 'lastMonth' | 'quarter' | 'year' | 'custom';
export const PRESETS: readonly RangePreset[] = ['thisMonth', 'lastMonth', 'quarter', 'year', 'custom'];

export interface DayRange {
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** "2026-11-23" → [2026, 11, 23]. */
function parts(today: string): [number, number, number] {
  const [y, m, d] = today.split('-').map(Number);
  return [y, m, d];
}

/** The whole calendar range of a preset that contains (or precedes) `today`. */
export function presetRange(preset: Exclude<RangePreset, 'custom'>, today: string): DayRange {
  const [y, m] = parts(today);
  switch (preset) {
    case 'thisMonth':
      return { from: iso(y, m, 1), to: iso(y, m, lastDay(y, m)) };
    case 'lastMonth': {
      const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
      return { from: iso(py, pm, 1), to: iso(py, pm, lastDay(py, pm)) };
    }
    case 'quarter': {
      const first = Math.floor((m - 1) / 3) * 3 + 1;
      return { from: iso(y, first, 1), to: iso(y, first + 2, lastDay(y, first + 2)) };
    }
    case 'year':
      return { from: iso(y, 1, 1), to: iso(y, 12, 31) };
  }
}

/** A custom range is valid when both ends are dates and it does not end before it starts. */
export function validRange(r: DayRange): boolean {
  const re = /^\d{4}-\d{2}-\d{2}$/;
  return re.test(r.from) && re.test(r.to) && r.from <= r.to;
}
