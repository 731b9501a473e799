// Which section of the window is open, and the counts the navigation shows.
import { call } from '../lib/api';

/** The sections of the window, in the order of their Alt+1…5 shortcuts. */
export type Section = 'customers' | 'today' | 'calendar' | 'dashboard' | 'reports';
export const SECTIONS: readonly Section[] = ['customers', 'today', 'calendar', 'dashboard', 'reports'];

export const nav = $state({
  section: 'customers' as Section,
  overdue: null as number | null,
  dueToday: null as number | null,
  /** Bumped by any care write, so the open section reloads. */
  careVersion: 0,
});

export function openSection(s: Section): void {
  nav.section = s;
}

/** Reloads Today's counts for the navigation. */
export async function refreshCounts(): Promise<void> {
  const list = await call('care_today', { limit: 1, offset: 0, lang: 'vi' });
  nav.overdue = list.overdue;
  nav.dueToday = list.dueToday;
}

/** A task was done, skipped, moved or made: counts and views reload. */
export function careChanged(): void {
  nav.careVersion++;
  void refreshCounts().catch(() => {});
}
