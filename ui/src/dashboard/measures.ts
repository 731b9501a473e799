// How the dashboard shows each measure: which field, which unit, which
// direction is better, and which drill-down explains it.
import type { BreakdownGroup, MeasureKey, MeasureSet } from '../lib/bindings';

/** One line of a breakdown table: its name, which records it stands for, its measures. */
export interface BreakdownRow {
  name: string;
  group: BreakdownGroup;
  m: MeasureSet;
}

export type Unit = 'percent' | 'minutes' | 'points' | 'count';

export interface TileDef {
  key: MeasureKey;
  value: (m: MeasureSet) => number | null;
  /** A second figure under the value (p90, CSAT mean). */
  extra?: (m: MeasureSet) => number | null;
  extraKind?: 'p90' | 'csatMean';
  /** The counts behind a ratio. */
  counts?: (m: MeasureSet) => [number, number] | null;
  unit: Unit;
  /** Higher is better (false for times and overdue tasks). */
  higherBetter: boolean;
}

export const TILES: readonly TileDef[] = [
  { key: 'resolution_rate', value: (m) => m.resolution_rate, counts: (m) => [m.requests_resolved, m.requests_received], unit: 'percent', higherBetter: true },
  { key: 'fcr', value: (m) => m.fcr, counts: (m) => [m.requests_resolved_first_contact, m.requests_resolved], unit: 'percent', higherBetter: true },
  { key: 'response_time', value: (m) => m.response_time_median_min, extra: (m) => m.response_time_p90_min, extraKind: 'p90', unit: 'minutes', higherBetter: false },
  { key: 'resolution_time', value: (m) => m.resolution_time_median_min, extra: (m) => m.resolution_time_p90_min, extraKind: 'p90', unit: 'minutes', higherBetter: false },
  { key: 'wait_time', value: (m) => m.wait_time_mean_min, extra: (m) => m.wait_time_p90_min, extraKind: 'p90', unit: 'minutes', higherBetter: false },
  { key: 'csat', value: (m) => m.csat_share, extra: (m) => m.csat_mean, extraKind: 'csatMean', counts: (m) => [m.csat_satisfied, m.csat_answers], unit: 'percent', higherBetter: true },
  { key: 'nps', value: (m) => m.nps, counts: (m) => [m.nps_promoters - m.nps_detractors, m.nps_answers], unit: 'points', higherBetter: true },
  { key: 'loyal_rate', value: (m) => m.loyal_rate, counts: (m) => [m.loyal_customers, m.loyal_window_customers], unit: 'percent', higherBetter: true },
  { key: 'retention', value: (m) => m.retention, counts: (m) => [m.retention_retained_customers, m.retention_previous_customers], unit: 'percent', higherBetter: true },
  { key: 'care_on_time_rate', value: (m) => m.care_on_time_rate, counts: (m) => [m.care_tasks_on_time, m.care_tasks_due], unit: 'percent', higherBetter: true },
  { key: 'overdue_tasks', value: (m) => m.overdue_tasks, unit: 'count', higherBetter: false },
];

/** One decimal, with the Vietnamese decimal comma in Vietnamese. */
export function fmt(v: number | null | undefined, lang: 'vi' | 'en', digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const s = (Math.round(v * 10 ** digits) / 10 ** digits).toFixed(digits).replace(/\.0+$/, '');
  return lang === 'vi' ? s.replace('.', ',') : s;
}

export function withUnit(v: number | null | undefined, unit: Unit, lang: 'vi' | 'en', minutesLabel: string): string {
  if (v === null || v === undefined) return '—';
  switch (unit) {
    case 'percent':
      return `${fmt(v, lang)} %`;
    case 'minutes':
      return `${fmt(v, lang)} ${minutesLabel}`;
    case 'points':
      return `${v > 0 ? '+' : ''}${fmt(v, lang)}`;
    case 'count':
      return fmt(v, lang, 0);
  }
}

/** The change from `before` to `now`: percentage points for shares, plain difference otherwise. */
export function delta(now: number | null, before: number | null): number | null {
  if (now === null || before === null) return null;
  return now - before;
}
