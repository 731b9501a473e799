// Application-wide state shared by the panes.
import type { AppInfo, Customer, Staff } from './bindings';
import type { View } from './types';
import { api } from './api';

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
  /** Bumped whenever customer data changed; lists and the profile reload. */
  dataVersion: 0,
  activeTotal: null as number | null,
  archivedTotal: null as number | null,
  form: null as FormState | null,
  deleteTarget: null as DeleteTarget | null,
  startShopOpen: false,
  staff: [] as Staff[],
  /** Who is at the counter: the default staff for purchases and notes. */
  counterStaffId: savedStaffId(),
});

export function dataChanged(): void {
  app.dataVersion++;
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
  app.staff = await api.staffList();
  if (app.counterStaffId !== null && !app.staff.some((s) => s.id === app.counterStaffId && s.active)) {
    setCounterStaff(null);
  }
}

export async function refreshInfo(): Promise<void> {
  app.info = await api.appInfo();
}

export function openCustomer(id: number): void {
  app.selectedId = id;
}
