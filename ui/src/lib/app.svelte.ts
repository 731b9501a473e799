// Application-wide state shared by the panes.
import type { AppInfo, Customer, Staff } from './bindings';
import type { View } from './types';
import { call } from './api';

const STAFF_KEY = 'carebook.counterStaff';

function savedStaffId(): number | null {
  try {
    const v = Number(localStorage.getItem(STAFF_KEY));
    return Number.isInteger(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}

export type FormState = { mode: 'create' } | { mode: 'edit'; customer: Customer };
export type DeleteTarget = { id: number; name: string };

export const app = $state({
  info: null as AppInfo | null,
  view: 'active' as View,
  selectedId: null as number | null,
  activeTotal: null as number | null,
  archivedTotal: null as number | null,
  form: null as FormState | null,
  deleteTarget: null as DeleteTarget | null,
  startShopOpen: false,
  staff: [] as Staff[],
  /** Who is at the counter: the default staff for purchases and notes. */
  counterStaffId: savedStaffId(),
});

/**
 * What writes changed, by scope, so each pane reloads only what a write
 * touched: the whole book (an import, its undo, a restore, a new shop), which
 * customers the lists hold (created, archived, restored, deleted, erased), or
 * one customer's record and history (an edit, a purchase, a note, care).
 */
export const changes = $state({
  book: 0,
  list: 0,
  customers: {} as Record<number, number>,
  /** The customer changed last, for the list to refresh that row's page. */
  last: { id: 0, n: 0 },
});

export function bookChanged(): void {
  changes.book++;
}

export function listChanged(): void {
  changes.list++;
}

export function customerChanged(id: number): void {
  changes.customers[id] = (changes.customers[id] ?? 0) + 1;
  changes.last = { id, n: changes.last.n + 1 };
}

/** Changes whenever customer `id` or the whole book changed: the profile's reload key. */
export function customerVersion(id: number): string {
  return `${changes.book}.${changes.customers[id] ?? 0}`;
}

export function setCounterStaff(id: number | null): void {
  app.counterStaffId = id;
  try {
    if (id === null) localStorage.removeItem(STAFF_KEY);
    else localStorage.setItem(STAFF_KEY, String(id));
  } catch {
    /* storage unavailable */
  }
}

export async function loadStaff(): Promise<void> {
  app.staff = await call('staff_list');
  if (app.counterStaffId !== null && !app.staff.some((s) => s.id === app.counterStaffId && s.active)) {
    setCounterStaff(null);
  }
}

export async function refreshInfo(): Promise<void> {
  app.info = await call('app_info');
}

export function openCustomer(id: number): void {
  app.selectedId = id;
}
